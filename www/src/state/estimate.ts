// What the page says before a slow run starts, from the core's plan (`plan` in the bindings: a step's
// expected seconds in the page's runtime): so a slow setting or a long replay is announced instead of
// leaving the page silent. The page keeps no cost model of its own.

import { formatNumber } from '../format';

/** A replay expected to take longer than this asks first. */
export const ASK_BEFORE_REPLAY_SECONDS = 30;
/** A step expected to take longer than this is announced when the settings are chosen. */
export const SLOW_STEP_SECONDS = 2;

/** What a link's replay to `steps` says before it starts when it will be long; null when it may start at once. */
export function replayQuestion(steps: number, secondsPerStep: number): string | null {
  const seconds = steps * secondsPerStep;
  if (seconds <= ASK_BEFORE_REPLAY_SECONDS) return null;
  return (
    `Retraining this link to step ${formatNumber(steps)} is expected to take ${duration(seconds)} ` +
    'at its settings, so it has not started: the settings are open at step 0.'
  );
}

/** What the page says when settings are chosen whose steps will be slow; null for quick ones. */
export function slowStepWarning(secondsPerStep: number): string | null {
  if (secondsPerStep <= SLOW_STEP_SECONDS) return null;
  return (
    `At these settings one training step is expected to take ${duration(secondsPerStep)}: ` +
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
