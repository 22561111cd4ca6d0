import { describe, expect, it } from 'vitest';
import { foldingNotice } from './folding';
import type { Folding } from '../wasm/protocol';

// the example: Korean lecture notes, 2,810 characters, 304 distinct, under a cap of 384
const NOTES: Folding = { chars: 2810, distinct: 304, vocab: 305, folded_distinct: 0, folded_chars: 0, folded_share: 0, most_folded: [] };
const CAPPED: Folding = { chars: 5000, distinct: 450, vocab: 384, folded_distinct: 67, folded_chars: 123, folded_share: 0.0246, most_folded: ['갇', '갉', '갊', '갋'] };

describe('foldingNotice', () => {
  it('says nothing when every character has its own symbol', () => {
    expect(foldingNotice({ folding: NOTES, jamo: false, otherVocab: 60 })).toBeNull();
  });

  it('names how many characters are folded and their share of the text', () => {
    const notice = foldingNotice({ folding: CAPPED, jamo: false, otherVocab: null });
    expect(notice).toBe(
      'Your text has 450 distinct characters and the vocabulary 384 symbols: 67 of them (123 characters, 2.5% of the text, ' +
        'such as “갇”, “갉”, “갊”) are read as one unknown symbol, and the model learns nothing of them.',
    );
  });

  it('offers jamo for Hangul, with the vocabulary either way', () => {
    expect(foldingNotice({ folding: CAPPED, jamo: false, otherVocab: 71 })).toMatch(
      /With Hangul read as letters \(jamo\), the vocabulary has 71 symbols: tick “Hangul as letters \(jamo\)”\.$/,
    );
    expect(foldingNotice({ folding: CAPPED, jamo: true, otherVocab: 451 })).toMatch(/With Hangul read as syllables, it would have 451\.$/);
  });
});
