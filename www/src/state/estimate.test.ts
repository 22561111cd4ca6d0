import { describe, expect, it } from 'vitest';
import { ASK_BEFORE_REPLAY_SECONDS, duration, replayQuestion, SLOW_STEP_SECONDS, slowStepWarning } from './estimate';

// seconds a step as the core's plan gives them (rnn_core::budget::Plan::seconds_per_step)
const QUICK = 7e-5; // RNN 8, batch 1, BPTT 8
const SLOW = 45; // LSTM 512 × 4 layers, batch 128, BPTT 256

describe('the page says what will be slow before it starts, from the core\'s plan', () => {
  it('asks before a long replay, and lets a short one start', () => {
    expect(replayQuestion(1000, QUICK)).toBeNull();
    expect(replayQuestion(1_000_000, QUICK)).toBe(
      `Retraining this link to step 1,000,000 is expected to take ${duration(1_000_000 * QUICK)} ` +
        'at its settings, so it has not started: the settings are open at step 0.',
    );
    expect(duration(1_000_000 * QUICK)).toBe('about 70 s');
    expect(replayQuestion(Math.floor(ASK_BEFORE_REPLAY_SECONDS / SLOW), SLOW)).toBeNull();
    expect(replayQuestion(Math.floor(ASK_BEFORE_REPLAY_SECONDS / SLOW) + 1, SLOW)).not.toBeNull();
  });

  it('warns of slow steps only', () => {
    expect(slowStepWarning(QUICK)).toBeNull();
    expect(slowStepWarning(SLOW_STEP_SECONDS)).toBeNull();
    expect(slowStepWarning(SLOW)).toBe(
      'At these settings one training step is expected to take about 45 s: a smaller hidden size, batch, BPTT length or fewer layers train faster.',
    );
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
