// How long a training step will take at some settings, from its arithmetic, before the trainer
// exists: so a slow setting or a long replay is announced instead of leaving the page silent.

import type { State } from './state';
import { formatNumber } from '../format';

/**
 * Flops per second of the page's wasm trainer (a multiply-add is 2), as measured in Chromium on a
 * loaded 2-core machine: 2e10 for LSTM 256 (batch 64, BPTT 128), but 6e9 for GRU 512 × 2 layers and
 * 4e9 for LSTM 512, whose weights outgrow the cache. The slow settings are the ones that must not be
 * underestimated; tests/links.spec.ts logs the estimate beside a measured step.
 */
export const FLOPS_PER_SECOND = 5e9;
/** What a step costs besides its arithmetic (messages, reports): RNN 8, batch 1, BPTT 8 took 6e-5 s. */
const SECONDS_PER_STEP_OVERHEAD = 5e-5;
/** A replay expected to take longer than this asks first. */
export const ASK_BEFORE_REPLAY_SECONDS = 30;
/** A step expected to take longer than this is announced when the settings are chosen. */
export const SLOW_STEP_SECONDS = 2;

const GATES = { rnn: 1, gru: 3, lstm: 4 } as const;
// the grammars have about 40 characters, the built-in texts their own counts (docs/corpora.md); a user's text is guessed at 100
const VOCABULARY = { agreement: 40, memory: 40, sentiment: 30, text: 100, english: 66, korean: 97 } as const;
const TAGS = 2; // a tagger's head: negative, positive
const OPTIMIZER_FLOPS_PER_PARAMETER = 10; // adam's update, the dearest of the optimizers

/** Floating-point operations of one training step: forward, backward (twice the forward) and the update. */
export function flopsPerStep(state: State): number {
  const gates = GATES[state.cell];
  const vocabulary = VOCABULARY[state.corpus];
  const directions = state.bidirectional ? 2 : 1;
  const width = directions * state.hidden; // one layer's output
  const classes = state.corpus === 'sentiment' ? TAGS : vocabulary;
  let perChar = 0; // forward multiply-adds per character
  let parameters = 0;
  for (let layer = 0; layer < state.layers; layer += 1) {
    // one-hot input is a row gather, not a product, but its weights are still updated
    const below = state.connections === 'dense' ? state.embedding + layer * width : width; // dense: the input and every lower layer
    const input = layer > 0 ? below : state.embedding;
    const inputWeights = layer > 0 || state.embedding > 0 ? input : vocabulary;
    perChar += directions * gates * state.hidden * (input + state.hidden);
    parameters += directions * gates * state.hidden * (inputWeights + state.hidden + 2);
  }
  perChar += classes * width; // the head
  parameters += classes * (width + 1) + vocabulary * state.embedding;
  return 3 * 2 * perChar * state.batch * state.bptt + OPTIMIZER_FLOPS_PER_PARAMETER * parameters;
}

/** Expected seconds for one training step at these settings. */
export function secondsPerStep(state: State): number {
  return SECONDS_PER_STEP_OVERHEAD + flopsPerStep(state) / FLOPS_PER_SECOND;
}

/** What a link's replay says before it starts when it will be long; null when it may start at once. */
export function replayQuestion(state: State): string | null {
  const seconds = state.steps * secondsPerStep(state);
  if (seconds <= ASK_BEFORE_REPLAY_SECONDS) return null;
  return (
    `Retraining this link to step ${formatNumber(state.steps)} is expected to take ${duration(seconds)} ` +
    'at its settings, so it has not started: the settings are open at step 0.'
  );
}

/** What the page says when settings are chosen whose steps will be slow; null for quick ones. */
export function slowStepWarning(state: State): string | null {
  const seconds = secondsPerStep(state);
  if (seconds <= SLOW_STEP_SECONDS) return null;
  return (
    `At these settings one training step is expected to take ${duration(seconds)}: ` +
    'a smaller hidden size, batch, BPTT length or fewer layers train faster.'
  );
}

/** "under a second", "about 25 s", "about 4 min", "about 3.5 h", "about 2 days". */
export function duration(seconds: number): string {
  if (seconds < 1) return 'under a second';
  if (seconds < 90) return `about ${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `about ${Math.round(seconds / 60)} min`;
  if (seconds < 36 * 3600) return `about ${round2(seconds / 3600)} h`;
  return `about ${round2(seconds / 86_400)} days`;
}

function round2(value: number): string {
  return value < 10 ? value.toFixed(1).replace(/\.0$/, '') : String(Math.round(value));
}
