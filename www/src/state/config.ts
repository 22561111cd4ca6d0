// From the page's state to the core's Config JSON (the shape of examples/lstm-agreement.json).
// The core validates it; this module only translates names.

import preset from '../../../examples/lstm-agreement.json';
import type { Config } from '../wasm/core-config';
import { MEMORY_CORPUS, SENTIMENT_CORPUS } from '../wasm/core-types';
import { FIELDS, type FieldName, isTagging, type State } from './state';

// the built-in corpora: the default preset's grammar, and the memory task as the core has it (core-types.ts)
const AGREEMENT = {
  kind: 'agreement',
  sentences: preset.corpus.sentences,
  max_attractors: preset.corpus.max_attractors,
  relative_share: preset.corpus.relative_share,
} as const;
const MOMENTUM = 0.9;
const VALID_FRACTION = preset.train.valid_fraction;

/** `text` is the user's own corpus or the fetched built-in text; links don't carry it, so it is null until given or loaded. */
export function toConfig(state: State, text: string | null): Config | { missing: 'text' } {
  let corpus: Config['corpus'];
  if (state.corpus === 'agreement') corpus = AGREEMENT;
  else if (state.corpus === 'memory') corpus = MEMORY_CORPUS;
  else if (state.corpus === 'sentiment') corpus = SENTIMENT_CORPUS;
  else if (text === null) return { missing: 'text' };
  else if (state.corpus === 'english' || state.corpus === 'korean') corpus = { kind: state.corpus, text };
  else corpus = state.jamo ? { kind: 'text', text, jamo: true } : { kind: 'text', text };

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
      residual: false, // the older spelling of connections "residual"
      ...(state.connections === 'none' ? {} : { connections: state.connections }),
      ...(state.bidirectional ? { bidirectional: true } : {}),
      ...(isTagging(state) ? { task: 'tagging' } : {}),
      recurrent_scale: state.scale,
    },
    train: {
      batch: state.batch,
      bptt: state.bptt,
      optimizer,
      clip: state.clip === 'none' ? { kind: 'none' } : { kind: state.clip, threshold: state.threshold },
      seed: state.seed,
      valid_fraction: VALID_FRACTION,
      // at most one shard a stream: a smaller batch takes fewer (the link keeps what was asked)
      ...(Math.min(state.shards, state.batch) === 1 ? {} : { shards: Math.min(state.shards, state.batch) }),
    },
    corpus,
  };
}

// ---- from a model file's config back to the page's settings --------------------------------------

/**
 * The settings of a model file's config (its metadata, as the core wrote it: from this page, or from
 * `rnn train`): each value read through its link field, so bounds and notices are the links' own.
 * `text` is the corpus text when the file carries it (files saved by this page do; the CLI's name a path).
 */
export function fromConfig(config: unknown): { patch: Partial<State>; text: string | null; problems: string[] } {
  const problems: string[] = [];
  const patch: Record<string, unknown> = {};
  const at = (value: unknown, ...path: string[]): unknown =>
    path.reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined), value);
  const take = (name: FieldName, raw: unknown) => {
    if (raw === undefined) return; // the core's default, which is the page's too
    const { value, problem } = FIELDS[name].read(raw === null ? 'none' : String(raw));
    patch[name] = value;
    if (problem !== undefined) problems.push(`The model's setting "${name}": ${problem}.`);
  };
  take('corpus', at(config, 'corpus', 'kind'));
  // the core leaves jamo out when false: a text model without it reads syllables, whatever the page had
  if (at(config, 'corpus', 'kind') === 'text') take('jamo', at(config, 'corpus', 'jamo') ?? false);
  take('cell', at(config, 'model', 'cell'));
  take('hidden', at(config, 'model', 'hidden'));
  take('layers', at(config, 'model', 'layers'));
  // `residual: true` is the older spelling of connections "residual"
  // and the core leaves connections and bidirectional out at their defaults: missing means none and false
  const model = at(config, 'model');
  if (typeof model === 'object' && model !== null) {
    take('connections', at(model, 'connections') ?? (at(model, 'residual') === true ? 'residual' : 'none'));
    take('bidirectional', at(model, 'bidirectional') ?? false);
  }
  take('embedding', at(config, 'model', 'embedding'));
  take('scale', at(config, 'model', 'recurrent_scale'));
  take('optimizer', at(config, 'train', 'optimizer', 'kind'));
  take('lr', at(config, 'train', 'optimizer', 'lr'));
  take('batch', at(config, 'train', 'batch'));
  take('bptt', at(config, 'train', 'bptt'));
  take('clip', at(config, 'train', 'clip', 'kind'));
  take('threshold', at(config, 'train', 'clip', 'threshold'));
  take('seed', at(config, 'train', 'seed'));
  // the core leaves one shard out; the page's default is more
  if (at(config, 'train') !== undefined) take('shards', at(config, 'train', 'shards') ?? 1);
  const text = at(config, 'corpus', 'text');
  return { patch: patch as Partial<State>, text: typeof text === 'string' ? text : null, problems };
}

// ---- the text the gradient-flow heatmap is measured on ---------------------------------------------

/** Steps back in time the heatmap shows (the core allows up to 64; the work grows with its square). */
export const FLOW_WINDOW = 32;
// the window reads the second sentence: the lecture's example, its verb 23 characters after "writer"
const AGREEMENT_FLOW_TEXT = 'The pilots behind the cabinet are here. The writer of the books is old. ';
// a line of the memory task at its default distance of 50: key, filler, colon, key again
const MEMORY_FLOW_TEXT = `c${'.,-~-.~,'.repeat(6)}.,:c\n`;

/**
 * A fixed text for each corpus, so the heatmap's columns differ only by the weights: a grammar
 * sentence, a memory line, or the end of the user's own text (its held-out validation tail).
 */
export function flowText(state: State, text: string | null): string {
  if (state.corpus === 'agreement') return AGREEMENT_FLOW_TEXT;
  if (state.corpus === 'memory') return MEMORY_FLOW_TEXT;
  return Array.from(text ?? '').slice(-(FLOW_WINDOW + 1)).join('');
}
