// A tagging model's readout: each word of the prompt coloured by the tag the model gives it, with the
// tag written under it, so colour is never the only signal. The model is read at the word's last
// character (where the corpus tags it, see rnn_core::corpus::sentiment); words the task never tags
// (nouns, "the", "was") and answers the model is not sure of are shown without a tag.

import { SENTIMENT_TAGS } from '../wasm/core-types';
import type { TagReadout } from '../wasm/protocol';

/** Below this probability of its likelier tag a word is "unsure": an untrained model says 0.5 everywhere. */
export const SURE = 0.8;

/** One word's reading: what the model says, how sure it is, and what the corpus's rules say. */
export interface WordTag {
  word: string;
  /** `unsure` below SURE; `untagged` where the task tags nothing (the model was never asked there). */
  tag: 'negative' | 'positive' | 'unsure' | 'untagged';
  positive: number | null; // P(positive) at the word's tagged character; null where untagged
  rule: string | null; // the corpus rules' tag, when they tag the word
}

const [NEGATIVE = 'negative', POSITIVE = 'positive'] = SENTIMENT_TAGS;

/**
 * The words of a readout: split at spaces, a full stop a word of its own (it carries the sentence's
 * label). A word is tagged where the rules tag one of its characters: intensifiers, "not" and
 * adjectives at their last letter, the full stop at itself.
 */
export function wordTags(readout: TagReadout): WordTag[] {
  const words: WordTag[] = [];
  let word = '';
  let at: number | null = null; // the tagged character within the current word
  const finish = () => {
    if (word !== '') words.push(reading(word, at, readout));
    word = '';
    at = null;
  };
  readout.chars.forEach((char, i) => {
    if (char === ' ' || char === '\n') return finish();
    if (char === '.') {
      finish();
      word = '.';
      at = readout.rule[i] == null ? null : i;
      return finish();
    }
    word += char;
    if (readout.rule[i] != null) at = i;
  });
  finish();
  return words;
}

function reading(word: string, at: number | null, readout: TagReadout): WordTag {
  if (at === null) return { word, tag: 'untagged', positive: null, rule: null };
  const positive = readout.positive[at] ?? Number.NaN;
  const rule = readout.rule[at] ?? null;
  const sure = Math.max(positive, 1 - positive) >= SURE; // NaN is never sure
  const tag = !sure ? 'unsure' : positive >= 0.5 ? 'positive' : 'negative';
  return { word, tag, positive, rule };
}

/** What a word's label says, for the eye and for assistive technology alike. */
export function describe(word: WordTag): string {
  if (word.tag === 'untagged') return 'not tagged';
  const p = word.positive ?? Number.NaN;
  const chance = `P(${POSITIVE}) ${Math.round(p * 100)}%`;
  if (word.tag === 'unsure') return `unsure (${chance})`;
  return `${word.tag === 'positive' ? POSITIVE : NEGATIVE} (${chance})`;
}

/** Draws the words of `readout` into `element` (one span per word, its tag written beneath). */
export function showTags(element: HTMLElement, readout: TagReadout | null, step: number | null): void {
  if (readout === null) {
    element.replaceChildren();
    delete element.dataset['step'];
    return;
  }
  element.replaceChildren(
    ...wordTags(readout).map((word) => {
      const item = document.createElement('span');
      item.className = `tagged-word tag-${word.tag}`;
      item.setAttribute('role', 'listitem'); // the container is the list: word, then its tag in words
      item.dataset['word'] = word.word;
      item.dataset['tag'] = word.tag;
      if (word.positive !== null) item.dataset['positive'] = String(word.positive);
      const text = document.createElement('span');
      text.className = 'word';
      text.textContent = word.word === '.' ? '.' : word.word;
      const label = document.createElement('small');
      label.className = 'tag-label';
      label.textContent = word.tag === 'untagged' ? '' : word.tag;
      const rule = word.rule === null ? '' : `; the corpus rules say ${word.rule}`;
      item.title = `${word.word === '.' ? 'the full stop (the sentence)' : `"${word.word}"`}: ${describe(word)}${rule}`;
      item.append(text, label);
      return item;
    }),
  );
  if (step === null) delete element.dataset['step'];
  else element.dataset['step'] = String(step);
}
