// Messages between the page and the worker that owns one wasm Trainer. Requests that return a
// result carry an id, so the page can drop answers that a newer request has overtaken.

import type { Config } from './config';
import type { Pair } from './state';

// ---- what the wasm Trainer returns (the contract's shapes) -----------------------------------------

export interface StepReport {
  step: number;
  loss: number; // mean cross-entropy in nats per character
  grad_norm: number; // global L2 norm before clipping
  clipped: boolean;
}
export interface Alternative {
  text: string;
  logprob: number;
  prob: number; // normalised over the alternatives compared
}
export interface NextChar {
  char: string;
  prob: number;
}

// ---- page to worker --------------------------------------------------------------------------------

export type ToWorker =
  /** (Re)creates the trainer at step 0; also what Reset sends. */
  | { type: 'init'; config: Config }
  /** Trains until paused, or until `untilStep` when a link is being retrained. */
  | { type: 'train'; untilStep: number | null }
  | { type: 'pause' }
  | { type: 'step' }
  | { type: 'probe'; id: number; prompt: string; pairs: readonly Pair[] }
  | { type: 'sample'; id: number; prompt: string; length: number; temperature: number; seed: number }
  | { type: 'agreement'; id: number; itemsPerBucket: number }
  | { type: 'export' };

// ---- worker to page --------------------------------------------------------------------------------

export interface Validation {
  step: number;
  bitsPerChar: number;
}

export type FromWorker =
  | { type: 'ready'; charsPerStep: number; fingerprint: string }
  | {
      type: 'progress';
      step: number;
      running: boolean;
      reports: StepReport[]; // every step since the last progress message
      charsPerSec: number; // since training last started, pauses between chunks included
      validation: Validation | null;
      fingerprint: string; // hex FNV-1a of all weight bits
    }
  /** `pairs[i]` answers `pairs[i]` of the request; `next` is the top next characters after the prompt. */
  | { type: 'probeResult'; id: number; step: number; prompt: string; pairs: Alternative[][]; next: NextChar[] }
  /** `text` continues `prompt`, which it does not repeat. */
  | { type: 'sampleResult'; id: number; prompt: string; text: string }
  /** `byAttractors[k]` is the accuracy (0..1) on items with k attractors. */
  | { type: 'agreementResult'; id: number; step: number; byAttractors: number[] }
  | { type: 'exported'; bytes: Uint8Array }
  /** `fatal`: the wasm module trapped and this worker can't be used again. */
  | { type: 'error'; request: ToWorker['type']; message: string; fatal: boolean };
