// What the page says before training when the user's own text has more distinct characters than
// the vocabulary holds: the rest are read as one unknown symbol, which the model learns nothing of.

import { formatNumber } from '../format';
import type { TextReading } from '../wasm/protocol';

/** The notice for `reading`, or null when every character of the text has its own symbol. */
export function foldingNotice({ folding, jamo, otherVocab }: TextReading): string | null {
  if (folding.folded_distinct === 0) return null;
  const count = formatNumber;
  const share = `${(folding.folded_share * 100).toFixed(1)}%`;
  const examples = folding.most_folded.slice(0, 3).map((char) => `“${char}”`).join(', ');
  const text =
    `Your text has ${count(folding.distinct)} distinct characters and the vocabulary ${count(folding.vocab)} symbols: ` +
    `${count(folding.folded_distinct)} of them (${count(folding.folded_chars)} characters, ${share} of the text, such as ${examples}) ` +
    'are read as one unknown symbol, and the model learns nothing of them.';
  if (otherVocab === null) return text;
  return jamo
    ? `${text} With Hangul read as syllables, it would have ${count(otherVocab)}.`
    : `${text} With Hangul read as letters (jamo), the vocabulary has ${count(otherVocab)} symbols: tick “Hangul as letters (jamo)”.`;
}
