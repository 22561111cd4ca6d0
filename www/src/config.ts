// From the page's state to the core's Config JSON (the shape of examples/lstm-agreement.json).
// The core validates it; this module only translates names.

import type { State } from './state';

export interface Config {
  model: {
    cell: State['cell'];
    hidden: number;
    layers: number;
    embedding: number;
    residual: boolean;
    recurrent_scale: number | null;
  };
  train: {
    batch: number;
    bptt: number;
    optimizer: { kind: State['optimizer']; lr: number; momentum?: number };
    clip: { kind: 'none' } | { kind: 'norm' | 'value'; threshold: number };
    seed: number;
    valid_fraction: number;
  };
  corpus:
    | { kind: 'agreement'; sentences: number; max_attractors: number; relative_share: number }
    | { kind: 'memory'; distance: number; sequences: number }
    | { kind: 'text'; text: string };
}

// the built-in corpora as the core's default preset defines them
const AGREEMENT = { kind: 'agreement', sentences: 20000, max_attractors: 4, relative_share: 0.3 } as const;
const MEMORY = { kind: 'memory', distance: 50, sequences: 5000 } as const;
const MOMENTUM = 0.9;
const VALID_FRACTION = 0.05;

/** `text` is the user's own corpus; links don't carry it, so it is null until they paste or pick one. */
export function toConfig(state: State, text: string | null): Config | { missing: 'text' } {
  let corpus: Config['corpus'];
  if (state.corpus === 'agreement') corpus = AGREEMENT;
  else if (state.corpus === 'memory') corpus = MEMORY;
  else if (text !== null) corpus = { kind: 'text', text };
  else return { missing: 'text' };

  const optimizer: Config['train']['optimizer'] =
    state.optimizer === 'momentum'
      ? { kind: 'momentum', lr: state.lr, momentum: MOMENTUM }
      : { kind: state.optimizer, lr: state.lr };
  return {
    model: {
      cell: state.cell,
      hidden: state.hidden,
      layers: state.layers,
      embedding: state.embedding,
      residual: state.residual,
      recurrent_scale: state.scale,
    },
    train: {
      batch: state.batch,
      bptt: state.bptt,
      optimizer,
      clip: state.clip === 'none' ? { kind: 'none' } : { kind: state.clip, threshold: state.threshold },
      seed: state.seed,
      valid_fraction: VALID_FRACTION,
    },
    corpus,
  };
}
