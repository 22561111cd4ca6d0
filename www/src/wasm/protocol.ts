// wasm/: what crosses to the workers and the wasm core (this file), the core's config shape and the constants shared with it.
// Messages between the page and its workers. The training worker owns one wasm Trainer and sends
// the page a copy of its weights every few hundred milliseconds; snapshot workers each keep the
// latest copy as a wasm Snapshot and answer questions about it at once, however long a training
// step takes. Requests that return a result carry an id, so the page can drop answers that a newer
// request has overtaken.
// Byte arrays are typed as backed by an ArrayBuffer (what wasm and files give), so they transfer as they are.

import type { Config, DescribedDivergence as Divergence, Folding, History, Plan, Spectrum, StepReport, Alternative, NextChar, UnknownChar, TagReadout, Saliency, Gates, Outcome } from './core-types';

/** Two words whose probabilities the bars compare after a prompt (a link's `pairs`). */
export type Pair = readonly [string, string];

// ---- what the wasm Trainer and Snapshot return: types generated from the Rust side (core-types.ts) --

export type {
  AgreementAccuracy,
  Alternative,
  Folding,
  Gates,
  GateStrip,
  History,
  NextChar,
  Outcome,
  Plan,
  Probe,
  Saliency,
  Spectrum,
  StepReport,
  TagReadout,
  UnknownChar,
} from './core-types';
/** Why a run counts as diverged (Trainer.divergence()); `message` names the cause and the usual fixes. */
export type { DescribedDivergence as Divergence } from './core-types';

/** How the user's own text is read: its folding, and the vocabulary the other reading of Hangul has. */
export interface TextReading {
  folding: Folding;
  jamo: boolean;
  otherVocab: number | null; // with jamo switched over; null when the text has no Hangul syllables
}

// ---- page to training worker -----------------------------------------------------------------------

export type ToTrainer =
  /** (Re)creates the trainer at step 0; also what Reset sends. */
  | { type: 'init'; config: Config; workers: number }
  /** Trains until paused, or until `untilStep` when a link is being retrained. */
  | { type: 'train'; untilStep: number | null }
  | { type: 'pause' }
  | { type: 'step' }
  | { type: 'export' }
  /** Reads a model file (checked by the core) and sends back its config and step: see 'opened'. */
  | { type: 'open'; bytes: Uint8Array<ArrayBuffer>; name: string }
  /** Takes a model file's weights and step in place of the trainer's own (same shape and vocabulary). */
  | { type: 'import'; bytes: Uint8Array<ArrayBuffer> };

// ---- training worker to page -----------------------------------------------------------------------

export interface Validation {
  step: number;
  bitsPerChar: number;
}

export type FromTrainer =
  /** `snapshot`: the new model's weights, for the snapshot workers. */
  /** `parameters`: weights and biases in the model. */
  /** `reading`: how the user's own text fits the vocabulary (null for the built-in corpora). */
  | {
      type: 'ready';
      charsPerStep: number;
      parameters: number;
      fingerprint: string;
      snapshot: Uint8Array<ArrayBuffer>;
      reading: TextReading | null;
      /** The core's plan for these settings: a step's expected seconds, which readouts apply. */
      plan: Plan;
      /** Workers that share a step: this one and its shard workers (at most the config's shards). */
      workers: number;
    }
  | {
      type: 'progress';
      step: number;
      running: boolean;
      reports: StepReport[]; // every step applied since the last progress message
      refused: StepReport | null; // an update the core refused since then (its divergence set): its norm is charted
      /** Set while the run counts as diverged; the worker pauses when it first says so. */
      divergence: Divergence | null;
      charsPerSec: number; // since training last started, pauses between chunks included
      /** Workers that shared the last steps (fewer than at 'ready' if a shard worker failed). */
      workers: number;
      validation: Validation | null;
      fingerprint: string; // hex FNV-1a of all weight bits
      history: History;
      /** The weights at `step`: every few hundred milliseconds while training, and always when it stops. */
      snapshot: Uint8Array<ArrayBuffer> | null;
    }
  | { type: 'exported'; bytes: Uint8Array<ArrayBuffer> }
  /** `config`: the file's config in the core's JSON shape; `bytes` come back for the 'import'. */
  | { type: 'opened'; name: string; config: Config; step: number; bytes: Uint8Array<ArrayBuffer> }
  | { type: 'imported'; step: number; fingerprint: string; snapshot: Uint8Array<ArrayBuffer> }
  /** `fatal`: the wasm module trapped and this worker can't be used again. */
  | { type: 'error'; request: ToTrainer['type']; message: string; fatal: boolean };

// ---- training worker to its shard workers ----------------------------------------------------------

export type ToShard =
  /** The experiment's config and vocabulary size: the model's shape. */
  | { type: 'init'; config: Config; vocab: number }
  /** A step's weights and the jobs (Trainer.job) this worker computes. */
  | { type: 'compute'; params: Float32Array<ArrayBuffer>; jobs: Uint8Array<ArrayBuffer>[] };

export type FromShard = { type: 'computed'; results: Uint8Array<ArrayBuffer>[] } | { type: 'failed'; message: string };

// ---- page to snapshot worker -----------------------------------------------------------------------

export type ToSnapshot =
  /** Replaces the worker's model with these weights (a Trainer's export_model()). */
  | { type: 'load'; bytes: Uint8Array<ArrayBuffer> }
  /** The bars and the next characters after a prompt. */
  | { type: 'probe'; id: number; prompt: string; pairs: readonly Pair[] }
  /** A tagging model's tags for each character of the prompt. */
  | { type: 'tags'; id: number; prompt: string }
  /** The strips under a prompt: saliency for `pair` (none without one) and the gates. */
  | { type: 'strips'; id: number; prompt: string; pair: Pair | null }
  | { type: 'sample'; id: number; prompt: string; length: number; temperature: number; seed: number }
  /**
   * The slower looks inside: agreement accuracy (when `agreementItems` is set: items per construction
   * and attractor count), gradient flow over the last `flowWindow` steps of `flowText`, and spectra.
   */
  | {
      type: 'inspect';
      id: number;
      agreementItems: number | null;
      flowText: string | null; // null: no gradient flow for this model (a tagging or densely connected one)
      flowWindow: number;
      /** A lesson's check (rnn_core::lessons::Check as JSON), evaluated after training went as `history` says. */
      check: unknown;
      history: History;
    };

// ---- snapshot worker to page -----------------------------------------------------------------------

export type FromSnapshot =
  /** `pairs[i]` answers `pairs[i]` of the request; `step` is the step of the weights that answered. */
  | {
      type: 'probeResult';
      id: number;
      step: number;
      prompt: string;
      pairs: Alternative[][];
      next: NextChar[];
      unknown: UnknownChar[];
    }
  | { type: 'tagsResult'; id: number; step: number; prompt: string; tags: TagReadout }
  | { type: 'stripsResult'; id: number; step: number; prompt: string; saliency: Saliency | null; gates: Gates }
  /** `text` continues `prompt`, which it does not repeat. */
  | { type: 'sampleResult'; id: number; step: number; prompt: string; text: string }
  | {
      type: 'inspectResult';
      id: number;
      step: number;
      /** `byAttractors[k]` is the accuracy (0..1) on items with k attractors. */
      byAttractors: number[] | null;
      /** Per layer, the mean over t of ‖∂L_t/∂h_{t−d}‖ for d = 0 … window − 1. */
      flowByDistance: number[][];
      spectra: Spectrum[];
      /** What each measurement took in this worker, in milliseconds (the tests log them). */
      /** The lesson's check on these weights, or null when no lesson watches. */
      outcome: Outcome | null;
      milliseconds: { agreement: number; flow: number; spectra: number; check: number };
    }
  /** `fatal`: the wasm module trapped and this worker can't be used again. */
  | { type: 'error'; request: ToSnapshot['type']; message: string; fatal: boolean };

/** How a worker's message begins when the wasm module can't load at all (see load-wasm.ts). */
export const CANNOT_RUN = "This browser can't run the playground";
