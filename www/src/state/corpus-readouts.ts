// Which readouts mean something on which corpus. The word-pair bars, saliency and the agreement chart
// ask about subject-verb agreement: on the agreement grammar they ask the grammar's own pairs; on a
// text they ask only the pairs the user gave (none at first); on the memory task, which has no words,
// nothing. A readout that is not shown leaves a note saying why and what to look at instead.

import type { Pair } from '../wasm/protocol';
import { FIELDS, type State } from './state';

export interface CorpusReadouts {
  /** The pairs the bars ask about (none: no bars). */
  pairs: readonly Pair[];
  /** The pairs box is shown: the user can ask about pairs of their own. */
  pairsInput: boolean;
  /** Saliency toward the first pair is shown (only toward a pair that means something here). */
  saliency: boolean;
  agreementChart: boolean;
  /** Said where the bars would be, when there are none. */
  pairsNote: string | null;
  /** Said where the agreement chart would be, when it is hidden. */
  agreementNote: string | null;
}

export const MEMORY_PAIRS_NOTE =
  "No word pairs or saliency here: the memory task's lines are a key letter, 50 filler characters, a colon and the key " +
  'again, so there are no words to choose between. Look at the next-character list for a prompt that ends at the colon: ' +
  'a model that remembers puts the line’s first letter on top.';
export const OWN_PAIRS_NOTE =
  'Add word pairs from your text (like night/day) to see which word the model expects after the prompt, and which characters push it there.';
const NO_AGREEMENT = (what: string) =>
  `The agreement chart is not shown: it scores subject-verb agreement on the agreement grammar's test sentences, and ${what} has none.`;

/** What the probe panel and the charts show for `state`'s corpus (a tagger's readouts are showModelKind's). */
export function corpusReadouts(state: Pick<State, 'corpus' | 'pairs'>): CorpusReadouts {
  switch (state.corpus) {
    case 'agreement':
      return { pairs: state.pairs, pairsInput: true, saliency: true, agreementChart: true, pairsNote: null, agreementNote: null };
    case 'sentiment':
      return { pairs: [], pairsInput: false, saliency: false, agreementChart: false, pairsNote: null, agreementNote: null };
    case 'memory':
      return { pairs: [], pairsInput: false, saliency: false, agreementChart: false, pairsNote: MEMORY_PAIRS_NOTE, agreementNote: NO_AGREEMENT('the memory task') };
    default: {
      // the grammar's pairs are the page's default: on a text they are not the user's, so none were given
      const pairs = samePairs(state.pairs, FIELDS.pairs.default) ? [] : state.pairs;
      const some = pairs.length > 0;
      return { pairs, pairsInput: true, saliency: some, agreementChart: false, pairsNote: some ? null : OWN_PAIRS_NOTE, agreementNote: NO_AGREEMENT('a text') };
    }
  }
}

/** The pairs the state keeps when the user leaves the box with `given`: none given is the default (none, on a text). */
export function pairsFromBox(given: readonly Pair[]): readonly Pair[] {
  return given.length === 0 ? FIELDS.pairs.default : given;
}

export function samePairs(a: readonly Pair[], b: readonly Pair[]): boolean {
  return a.length === b.length && a.every((pair, i) => pair[0] === b[i]?.[0] && pair[1] === b[i]?.[1]);
}
