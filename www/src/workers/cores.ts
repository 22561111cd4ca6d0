// How many workers an experiment may use to share its steps (train-worker.ts spreads a step's shards
// over them): the browser's logical cores, shared among the experiments training at once (compare
// mode runs three). `?workers=N` in the page's address (1 to 16, not part of a link: it never changes
// a run's bits, only its speed) sets the cores to use instead, for tests and for a teacher's projector.

const MAX_WORKERS = 16;

/** The cores to use: `?workers=N` if given and valid, else navigator.hardwareConcurrency (1 if unknown). */
export function cores(search = globalThis.location?.search ?? ''): number {
  const asked = new URLSearchParams(search).get('workers');
  if (asked !== null && /^\d+$/.test(asked)) return Math.min(Math.max(Number(asked), 1), MAX_WORKERS);
  const reported = globalThis.navigator?.hardwareConcurrency;
  return Number.isInteger(reported) && reported > 0 ? Math.min(reported, MAX_WORKERS) : 1;
}

/** Workers for each of `runs` experiments training at once: an even share of the cores, at least one. */
export function workersEach(runs: number, available = cores()): number {
  return Math.max(1, Math.floor(available / Math.max(runs, 1)));
}
