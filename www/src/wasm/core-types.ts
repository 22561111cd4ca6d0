// The constants the page shares with the core, and a compile-time check that the interfaces in
// protocol.ts have exactly the fields of the Rust types they mirror. core-types.json is written by
// crates/rnn-core/tests/page_types.rs, which fails while the file lags the Rust types; once it is
// regenerated, a field renamed in Rust fails `npm run build` here until protocol.ts follows.

import core from './core-types.json';
import type { AgreementAccuracy, Alternative, Divergence, Folding, GateStrip, Gates, History, NextChar, Outcome, Probe, Saliency, Spectrum, StepReport, TagReadout } from './protocol';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Element<T> = T extends readonly (infer E)[] ? E : never;
const { shapes } = core;

/** Each entry is `true` only if the two key sets are equal; a `false` type fails to compile. */
export const SHAPES_MATCH: readonly true[] = [
  true satisfies Same<keyof typeof shapes.step_report, keyof StepReport>,
  true satisfies Same<keyof typeof shapes.divergence, Exclude<keyof Divergence, 'message'>>, // Trainer.divergence() adds the message
  true satisfies Same<keyof typeof shapes.probe, keyof Probe>,
  true satisfies Same<keyof Element<typeof shapes.probe.alternatives>, keyof Alternative>,
  true satisfies Same<keyof Element<typeof shapes.probe.next>, keyof NextChar>,
  true satisfies Same<keyof Element<typeof shapes.probe.unknown>, keyof Element<Probe['unknown']>>,
  true satisfies Same<keyof typeof shapes.saliency, keyof Saliency>,
  true satisfies Same<keyof typeof shapes.gates, keyof Gates>,
  true satisfies Same<keyof Element<typeof shapes.gates.strips>, keyof GateStrip>,
  true satisfies Same<keyof typeof shapes.spectrum, keyof Spectrum>,
  true satisfies Same<keyof typeof shapes.agreement, keyof AgreementAccuracy>,
  true satisfies Same<keyof typeof shapes.history, keyof History>,
  true satisfies Same<keyof typeof shapes.folding, keyof Folding>,
  true satisfies Same<keyof typeof shapes.outcome, keyof Outcome>,
  true satisfies Same<keyof Element<typeof shapes.outcome.measured>, keyof Element<Outcome['measured']>>,
  true satisfies Same<keyof typeof shapes.tags, keyof TagReadout>,
];

/** The memory task as the core's default has it (the page's "Long-range memory" corpus). */
/** The version of runs this build replays: a link's `v` (the README's link-version policy). */
export const LINK_VERSION: number = core.constants.link_version;
export const MEMORY_CORPUS = { kind: 'memory', distance: core.constants.memory_corpus.distance, sequences: core.constants.memory_corpus.sequences } as const;
/** The sentiment tagging corpus as the core's default has it (the page's "Sentiment tagging" corpus). */
export const SENTIMENT_CORPUS = { kind: 'sentiment', sentences: core.constants.sentiment_corpus.sentences } as const;
/** The sentiment tags by id (rnn_core::corpus::sentiment::TAGS): negative, positive. */
export const SENTIMENT_TAGS: readonly string[] = core.constants.sentiment_tags;

/** The W_hh blocks of each cell, in the order Snapshot.spectra() lists them. */
export const SPECTRUM_BLOCKS: Readonly<Record<'rnn' | 'gru' | 'lstm', readonly string[]>> = core.constants.spectrum_blocks;
