import { describe, expect, it } from 'vitest';
import { corpusReadouts, MEMORY_PAIRS_NOTE, OWN_PAIRS_NOTE, pairsFromBox } from './corpus-readouts';
import type { Pair } from '../wasm/protocol';
import { FIELDS } from './state';

const grammarPairs = FIELDS.pairs.default;
const own: Pair[] = [['night', 'day']];

describe('corpusReadouts', () => {
  it('asks the agreement grammar its own pairs, with saliency and the agreement chart', () => {
    expect(corpusReadouts({ corpus: 'agreement', pairs: grammarPairs })).toEqual({
      pairs: grammarPairs,
      pairsInput: true,
      saliency: true,
      agreementChart: true,
      pairsNote: null,
      agreementNote: null,
    });
  });

  it('asks the memory task no pairs, and says to read the next characters instead', () => {
    const readouts = corpusReadouts({ corpus: 'memory', pairs: grammarPairs });
    expect(readouts).toMatchObject({ pairs: [], pairsInput: false, saliency: false, agreementChart: false, pairsNote: MEMORY_PAIRS_NOTE });
    expect(readouts.agreementNote).toContain('memory task has none');
  });

  it("asks a text only the user's pairs: none while the grammar's default stands", () => {
    expect(corpusReadouts({ corpus: 'text', pairs: grammarPairs })).toMatchObject({ pairs: [], pairsInput: true, saliency: false, pairsNote: OWN_PAIRS_NOTE });
    expect(corpusReadouts({ corpus: 'text', pairs: own })).toMatchObject({ pairs: own, saliency: true, pairsNote: null });
    for (const pairs of [grammarPairs, own]) {
      const readouts = corpusReadouts({ corpus: 'text', pairs });
      expect(readouts.agreementChart).toBe(false);
      expect(readouts.agreementNote).toContain('a text has none');
    }
  });

  it("leaves a tagger's readouts to the tagging note", () => {
    expect(corpusReadouts({ corpus: 'sentiment', pairs: grammarPairs })).toMatchObject({ pairs: [], pairsNote: null, agreementNote: null });
  });
});

describe('pairsFromBox', () => {
  it("keeps the user's pairs, and an empty box as the default (which a text reads as none)", () => {
    expect(pairsFromBox(own)).toEqual(own);
    expect(pairsFromBox([])).toEqual(grammarPairs);
  });
});
