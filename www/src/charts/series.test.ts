import { describe, expect, it } from 'vitest';
import { thin, TrainingSeries } from './series';

const report = (step: number, clipped = false) => ({ step, loss: step, grad_norm: step, layer_grad_norms: [step], clipped, divergence: null });

describe('TrainingSeries', () => {
  it('keeps every step while there is room', () => {
    const series = new TrainingSeries(4);
    [1, 2, 3].forEach((step) => series.push(report(step)));
    expect(series.buckets.map((b) => b.step)).toEqual([1, 2, 3]);
  });

  it('merges neighbours when full: mean loss, largest norm, any clip', () => {
    const series = new TrainingSeries(4);
    for (let step = 1; step <= 5; step++) series.push(report(step, step === 3));
    // [1,2] [3,4] [5]: the fifth step halved the four buckets into two of width 2
    expect(series.buckets).toEqual([
      { step: 2, loss: 1.5, gradNorm: 2, clipped: false, count: 2 },
      { step: 4, loss: 3.5, gradNorm: 4, clipped: true, count: 2 },
      { step: 5, loss: 5, gradNorm: 5, clipped: false, count: 1 },
    ]);
  });

  it('stays within capacity and keeps the overall mean over many steps', () => {
    const series = new TrainingSeries(10);
    const steps = 1234;
    for (let step = 1; step <= steps; step++) series.push(report(step));
    const buckets = series.buckets;
    expect(buckets.length).toBeLessThanOrEqual(10);
    expect(buckets.reduce((sum, b) => sum + b.count, 0)).toBe(steps);
    const total = buckets.reduce((sum, b) => sum + b.loss * b.count, 0);
    expect(total / steps).toBeCloseTo((steps + 1) / 2, 9);
    expect(buckets.at(-1)?.step).toBe(steps);
  });

  it('starts over when cleared', () => {
    const series = new TrainingSeries(2);
    for (let step = 1; step <= 9; step++) series.push(report(step));
    series.clear();
    series.push(report(1));
    series.push(report(2));
    expect(series.buckets.map((b) => b.count)).toEqual([1, 1]);
  });
});

describe('thin', () => {
  it('leaves a record within capacity alone', () => {
    const items = [1, 2, 3];
    thin(items, 3);
    expect(items).toEqual([1, 2, 3]);
  });

  it('drops every other item when over capacity, keeping the newest', () => {
    const items = [1, 2, 3, 4, 5];
    thin(items, 4);
    expect(items).toEqual([1, 3, 5]);
    const even = [1, 2, 3, 4, 5, 6];
    thin(even, 5);
    expect(even).toEqual([2, 4, 6]);
  });
});
