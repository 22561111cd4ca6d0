import { describe, expect, it } from 'vitest';
import { ASK_BEFORE_REPLAY_SECONDS, duration, flopsPerStep, replayQuestion, secondsPerStep, slowStepWarning } from './estimate';
import { defaultState, type State } from './state';

const tiny: State = { ...defaultState(), corpus: 'agreement', cell: 'rnn', hidden: 8, layers: 1, embedding: 0, batch: 1, bptt: 8 };
const largest: State = { ...defaultState(), cell: 'lstm', hidden: 512, layers: 4, embedding: 128, batch: 128, bptt: 256 };

describe('flopsPerStep', () => {
  it('counts forward, backward and the update by hand', () => {
    // per char: recurrent 1·8·(0 + 8) = 64, head 40·8 = 320, so 384 multiply-adds; ×2 flops ×3 (forward
    // and backward) ×8 chars = 18,432; parameters 1·8·(40 + 8 + 2) = 400 plus 40·(8 + 1 + 0) = 360, ×10 = 7,600
    expect(flopsPerStep(tiny)).toBe(18_432 + 7_600);
  });

  it('grows with every size the step depends on', () => {
    const base = flopsPerStep(tiny);
    for (const patch of [{ hidden: 16 }, { layers: 2 }, { batch: 2 }, { bptt: 16 }, { embedding: 8 }, { cell: 'lstm' as const }]) {
      expect(flopsPerStep({ ...tiny, ...patch })).toBeGreaterThan(base);
    }
  });
});

describe('the page says what will be slow before it starts', () => {
  it('asks before a long replay, and lets a short one start', () => {
    expect(replayQuestion({ ...tiny, steps: 1000 })).toBeNull();
    expect(replayQuestion({ ...tiny, steps: 1_000_000 })).toBe(
      `Retraining this link to step 1,000,000 is expected to take ${duration(1_000_000 * secondsPerStep(tiny))} ` +
        'at its settings, so it has not started: the settings are open at step 0.',
    );
    const steps = Math.ceil(ASK_BEFORE_REPLAY_SECONDS / secondsPerStep(largest));
    expect(replayQuestion({ ...largest, steps: steps - 1 })).toBeNull();
    expect(replayQuestion({ ...largest, steps })).not.toBeNull();
  });

  it('warns of slow steps at the largest settings only', () => {
    expect(slowStepWarning(defaultState())).toBeNull();
    expect(slowStepWarning(largest)).toMatch(/^At these settings one training step is expected to take about \d+ (s|min)/);
  });
});

describe('duration', () => {
  it('rounds to what a person reads', () => {
    expect([0.2, 1.4, 89, 91, 3000, 5400, 12_600, 200_000].map(duration)).toEqual([
      'under a second',
      'about 1 s',
      'about 89 s',
      'about 2 min',
      'about 50 min',
      'about 1.5 h',
      'about 3.5 h',
      'about 2.3 days',
    ]);
  });
});
