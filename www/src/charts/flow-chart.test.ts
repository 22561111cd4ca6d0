import { describe, expect, it } from 'vitest';
import { colour, column, columnBounds, HIGH, LOW } from './flow-chart';

describe('column', () => {
  it("gives log10 of each distance's norm relative to distance 0", () => {
    expect(column(7, [2, 0.2, 0.002, 20])).toEqual({ step: 7, logRatios: [0, -1, -3, 1].map((x) => expect.closeTo(x, 12)) });
  });

  it('marks ratios that do not exist as NaN', () => {
    expect(column(0, [0, 1]).logRatios).toEqual([NaN, NaN]);
    expect(column(0, [1, 0]).logRatios).toEqual([0, NaN]);
  });
});

describe('colour', () => {
  it('runs from dark (vanished) through yellow (kept) to red (grown), clamped at the ends', () => {
    expect(colour(LOW)).toEqual([68, 1, 84]);
    expect(colour(LOW - 5)).toEqual(colour(LOW));
    expect(colour(NaN)).toEqual(colour(LOW));
    expect(colour(0)).toEqual([253, 231, 37]);
    expect(colour(HIGH)).toEqual([214, 39, 40]);
    expect(colour(HIGH + 5)).toEqual(colour(HIGH));
  });

  it('gets brighter as more gradient survives', () => {
    const brightness = (logRatio: number) => colour(logRatio).reduce((sum, c) => sum + c, 0);
    for (let x = LOW; x < 0; x += 0.25) expect(brightness(x + 0.25)).toBeGreaterThan(brightness(x));
  });
});

describe('columnBounds', () => {
  it('spans each column from the step before it, the first with a minimal width', () => {
    expect(columnBounds([0, 50, 100], 200, 3)).toEqual([
      [0, 3],
      [0, 100],
      [100, 200],
    ]);
  });

  it('fills the width with the measurement before training', () => {
    expect(columnBounds([0], 200, 3)).toEqual([[0, 200]]);
  });
});
