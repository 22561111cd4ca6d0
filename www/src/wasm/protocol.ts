// wasm/: what crosses to the workers and the wasm core (this file), the core's config shape and the constants shared with it.
// Messages between the page and its workers. The training worker owns one wasm Trainer and sends
// the page a copy of its weights every few hundred milliseconds; snapshot workers each keep the
// latest copy as a wasm Snapshot and answer questions about it at once, however long a training
// step takes. Requests that return a result carry an id, so the page can drop answers that a newer
// request has overtaken.

import type { Config } from './core-config';

/** Two words whose probabilities the bars compare after a prompt (a link's `pairs`). */
export type Pair = readonly [string, string];

// ---- what the wasm Trainer and Snapshot return (the bindings' shapes) ------------------------------
// core-types.ts checks each against the Rust types' fields (core-types.json, written by a core test).

export interface StepReport {
  step: number;
  loss: number; // mean cross-entropy in nats per character
  grad_norm: number; // global L2 norm before clipping
  layer_grad_norms: number[]; // per layer, bottom first: its recurrent weights' gradient norm before clipping
  clipped: boolean;
  divergence: Divergence | null; // set when this step's update was refused; the step count stayed
}
/** Why a run counts as diverged (Trainer.divergence); `message` names the cause and the usual fixes. */
export interface Divergence {
  cause: 'non_finite_loss' | 'non_finite_gradient' | 'non_finite_weights' | 'above_uniform';
  step: number;
  valid_bits_per_char: number | null;
  uniform_bits_per_char: number;
  message: string;
}
export interface Alternative {
  text: string;
  logprob: number; // ln P(" " + text), the whole word
  decisive_logprob: number; // ln of its share where the words first differ
  prob: number; // from decisive_logprob, normalised over the alternatives compared
}
/** A prompt character outside the model's vocabulary; `position` counts characters (code points). */
export interface UnknownChar {
  position: number;
  char: string;
}
export interface NextChar {
  char: string;
  prob: number;
}
/** What Snapshot.probe returns. */
export interface Probe {
  alternatives: Alternative[];
  next: NextChar[];
  unknown: UnknownChar[]; // prompt characters the model never saw
}
/** What Snapshot.agreement returns: accuracies 0..1 keyed by attractor count and by construction. */
export interface AgreementAccuracy {
  by_attractors: Record<string, number>;
  by_construction: Record<string, number>;
  items: number;
}
/** How training has gone (Trainer.history()), for the lessons' checks. */
export interface History {
  diverged: boolean;
  max_grad_norm: number;
  loss: number | null; // nats per character of the latest step
  layer_ratio: number | null; // the latest step's lowest-layer gradient norm over the top layer's; null for one layer
}
/** What Snapshot.tags returns for a tagging model: per character of the text, read both ways if it can. */
export interface TagReadout {
  chars: string[];
  positive: number[]; // P(positive) at each character (the other tag is negative)
  rule: (string | null)[]; // the corpus rules' tag where they tag one (a word's last character, the full stop)
}
/** A lesson check's verdict (Snapshot.check), with what it measured. */
export interface Outcome {
  holds: boolean;
  measured: { check: string; value: number | null }[]; // null (or NaN): no value yet
}
/** How much each prompt character moves the bars' log-odds ln(P(a) / P(b)), read where the words first differ; positive pushes toward `between[0]`. */
export interface Saliency {
  between: [string, string];
  difference: number;
  chars: string[];
  values: number[];
}
export interface GateStrip {
  layer: number;
  gate: string; // input, forget, output (LSTM); reset, update (GRU)
  means: number[]; // per prompt character, the gate's mean over the layer's units, 0..1
}
/** `strips` is empty for a vanilla RNN, which has no gates. */
export interface Gates {
  chars: string[];
  strips: GateStrip[];
}
export interface Spectrum {
  layer: number;
  block: string; // the W_hh block: hidden (RNN); input, forget, cell, output (LSTM); reset, update, new (GRU)
  spectral_radius: number;
  top_singular_value: number;
}

/** How a text's characters fit the vocabulary (rnn_core::folding::Folding, in the bindings' `plan`). */
export interface Folding {
  chars: number;
  distinct: number; // distinct characters in the text
  vocab: number; // symbols of the vocabulary, the unknown symbol included
  folded_distinct: number; // distinct characters read as the unknown symbol
  folded_chars: number; // their occurrences in the text
  folded_share: number; // folded_chars / chars
  most_folded: string[]; // the most frequent of them, at most ten
}
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
  | { type: 'open'; bytes: Uint8Array; name: string }
  /** Takes a model file's weights and step in place of the trainer's own (same shape and vocabulary). */
  | { type: 'import'; bytes: Uint8Array };

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
      snapshot: Uint8Array;
      reading: TextReading | null;
      /** What the core chose for a text too short for the config's batch and BPTT (rnn_core's Fit.message); null when nothing changed. */
      fit: string | null;
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
      snapshot: Uint8Array | null;
    }
  | { type: 'exported'; bytes: Uint8Array }
  /** `config`: the file's config in the core's JSON shape; `bytes` come back for the 'import'. */
  | { type: 'opened'; name: string; config: unknown; step: number; bytes: Uint8Array }
  | { type: 'imported'; step: number; fingerprint: string; snapshot: Uint8Array }
  /** `fatal`: the wasm module trapped and this worker can't be used again. */
  | { type: 'error'; request: ToTrainer['type']; message: string; fatal: boolean };

// ---- training worker to its shard workers ----------------------------------------------------------

export type ToShard =
  /** The experiment's config and vocabulary size: the model's shape. */
  | { type: 'init'; config: Config; vocab: number }
  /** A step's weights and the jobs (Trainer.job) this worker computes. */
  | { type: 'compute'; params: Float32Array; jobs: Uint8Array[] };

export type FromShard = { type: 'computed'; results: Uint8Array[] } | { type: 'failed'; message: string };

// ---- page to snapshot worker -----------------------------------------------------------------------

export type ToSnapshot =
  /** Replaces the worker's model with these weights (a Trainer's export_model()). */
  | { type: 'load'; bytes: Uint8Array }
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
