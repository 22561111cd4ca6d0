import { describe, expect, it } from 'vitest';
import type { TagReadout } from '../wasm/protocol';
import { describe as describeWord, SURE, wordTags } from './tags';

/** A readout of `text` with P(positive) `p[i]` where the rules tag character i (`rule[i]`), 0.5 elsewhere. */
function readout(text: string, tagged: Record<number, [number, string]>): TagReadout {
  const chars = Array.from(text);
  return {
    chars,
    positive: chars.map((_, i) => tagged[i]?.[0] ?? 0.5),
    rule: chars.map((_, i) => tagged[i]?.[1] ?? null),
  };
}

describe('wordTags', () => {
  const text = 'the movie was terribly exciting.';
  // "terribly" ends at 21, "exciting" at 30, the full stop is 31
  it('reads each word at its tagged character, and the full stop as the sentence', () => {
    const words = wordTags(readout(text, { 21: [0.97, 'positive'], 30: [0.99, 'positive'], 31: [0.02, 'positive'] }));
    expect(words.map((w) => [w.word, w.tag])).toEqual([
      ['the', 'untagged'],
      ['movie', 'untagged'],
      ['was', 'untagged'],
      ['terribly', 'positive'],
      ['exciting', 'positive'],
      ['.', 'negative'],
    ]);
    expect(words[3]?.rule).toBe('positive');
    expect(describeWord(words[3]!)).toBe('positive (P(positive) 97%)');
  });

  it('claims no tag where the model is unsure, as an untrained one is, or where it read nothing finite', () => {
    const near = SURE - 0.01;
    const words = wordTags(readout(text, { 21: [near, 'positive'], 30: [1 - near, 'positive'], 31: [Number.NaN, 'positive'] }));
    expect(words.slice(3).map((w) => w.tag)).toEqual(['unsure', 'unsure', 'unsure']);
    expect(describeWord(words[3]!)).toMatch(/^unsure/);
  });

  it('leaves words the rules do not tag untagged, whatever the model says there', () => {
    const words = wordTags(readout('the movie was long', {}));
    expect(words.every((w) => w.tag === 'untagged' && w.positive === null)).toBe(true);
  });
});
