// What a chart beside the curves answers to: a new run, each training report and each look inside the
// weights. A new chart implements it and is listed once in main.ts; the page feeds every listed chart.

import type { State } from '../state/state';
import type { FromSnapshot } from '../wasm/protocol';
import type { Progress } from '../workers/experiment';

export type InspectResult = Extract<FromSnapshot, { type: 'inspectResult' }>;

export interface LiveChart {
  /** A new run of these settings: empty, with fresh axes. */
  reset(state: State): void;
  /** Steps done (the training worker's report). */
  progressed?(message: Progress): void;
  /** The inspection worker's measurements of the weights at a step. */
  inspected?(result: InspectResult): void;
}
