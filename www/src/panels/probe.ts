// panels/: what the page shows beside the charts: the probe (this file), strips, tags, notices, controls, readouts, compare rows.
// The probe panel: a prompt box, P(a) vs P(b) bars for each alternative pair, the top next
// characters and a sampled continuation. User text only ever reaches the page as textContent.

import { percent, probabilityBar, showProbability } from './bars';
import type { Alternative, NextChar, Pair } from '../wasm/protocol';
import { FIELDS } from '../state/state';

export interface ProbeElements {
  prompt: HTMLInputElement;
  pairs: HTMLInputElement;
  alternatives: HTMLElement;
  answersStep: HTMLOutputElement; // the training step of the weights that answered
  nextChars: HTMLOListElement;
  temperature: HTMLInputElement;
  temperatureValue: HTMLOutputElement;
  sample: HTMLButtonElement;
  sampleText: HTMLElement;
}

export interface ProbeCallbacks {
  /** The prompt or the pairs changed; `problem` says what had to be corrected in what was typed. */
  onQuestion(problem?: string): void;
  onSample(): void;
}

export class ProbePanel {
  private shownPairs = '';
  private current: readonly Pair[] = FIELDS.pairs.default;

  constructor(
    private readonly elements: ProbeElements,
    callbacks: ProbeCallbacks,
  ) {
    elements.prompt.maxLength = FIELDS.prompt.maxChars;
    elements.prompt.addEventListener('input', () => callbacks.onQuestion());
    elements.pairs.addEventListener('change', () => {
      // an emptied box asks about no pairs: the page decides what that means on its corpus
      const { value, problem } = elements.pairs.value.trim() === '' ? { value: [], problem: undefined } : FIELDS.pairs.read(elements.pairs.value);
      this.current = value;
      elements.pairs.value = FIELDS.pairs.print(value);
      callbacks.onQuestion(problem === undefined ? undefined : `Alternative pairs: ${problem}.`);
    });
    elements.temperature.addEventListener('input', () => {
      elements.temperatureValue.value = elements.temperature.value;
    });
    elements.temperature.addEventListener('change', () => callbacks.onSample());
    elements.sample.addEventListener('click', () => callbacks.onSample());
  }

  get prompt(): string {
    return this.elements.prompt.value;
  }

  get pairs(): readonly Pair[] {
    return this.current;
  }

  get temperature(): number {
    return Number(this.elements.temperature.value);
  }

  /** The prompt, and the pairs asked on this corpus (none: an empty box). */
  show(prompt: string, pairs: readonly Pair[]): void {
    this.elements.prompt.value = prompt;
    this.showPairs(pairs);
  }

  showPairs(pairs: readonly Pair[]): void {
    this.current = pairs;
    const printed = FIELDS.pairs.print(pairs);
    if (this.elements.pairs.value !== printed) this.elements.pairs.value = printed;
  }

  /** `answers[i]` holds the two alternatives of `pairs[i]` as asked for `prompt` at `step`. */
  showProbe(prompt: string, step: number, pairs: readonly Pair[], answers: Alternative[][], next: NextChar[]): void {
    const container = this.elements.alternatives;
    const printed = FIELDS.pairs.print(pairs);
    if (printed !== this.shownPairs) {
      container.replaceChildren(...pairs.map((pair, i) => pairRow(pair, i)));
      this.shownPairs = printed;
    }
    answers.forEach((alternatives, i) => {
      const best = Math.max(...alternatives.map((a) => a.prob));
      alternatives.forEach((alternative, j) => {
        const side = container.querySelector<HTMLElement>(`[data-pair="${i}"] [data-side="${j}"]`);
        if (side === null) return;
        showProbability(side, alternative.prob);
        side.classList.toggle('answer', alternative.prob === best);
      });
    });
    container.dataset['prompt'] = prompt;
    container.dataset['step'] = String(step);
    this.elements.answersStep.value = String(step);

    this.elements.nextChars.replaceChildren(
      ...next.map(({ char, prob }) => {
        const item = document.createElement('li');
        const glyph = document.createElement('span');
        glyph.className = 'glyph';
        const letter = jamoLetter(char);
        glyph.textContent = letter ?? visible(char);
        item.append(glyph, ` ${percent(prob)}`);
        if (letter !== null) {
          // a jamo model predicts one letter of a syllable at a time: the sample composes them, a lone one is labelled
          glyph.classList.add('jamo');
          item.title = JAMO_LABEL(letter);
          glyph.setAttribute('aria-label', JAMO_LABEL(letter));
        }
        return item;
      }),
    );
  }

  /** Empties every answer (bars, step, next characters, sample): a new model has given none yet. */
  clearAnswers(): void {
    for (const side of this.elements.alternatives.querySelectorAll('[data-side]')) {
      showProbability(side, null);
      side.classList.remove('answer');
    }
    delete this.elements.alternatives.dataset['step'];
    this.elements.answersStep.value = '–';
    this.elements.nextChars.replaceChildren();
    this.elements.sampleText.replaceChildren();
  }

  showSample(prompt: string, continuation: string): void {
    const given = document.createElement('span');
    given.className = 'given';
    given.textContent = prompt;
    this.elements.sampleText.replaceChildren(given, continuation);
  }
}

function pairRow(pair: Pair, index: number): HTMLElement {
  const row = document.createElement('div');
  row.className = 'pair';
  row.dataset['pair'] = String(index);
  pair.forEach((word, side) => {
    const id = `alternative-${index}-${side}`;
    const cell = document.createElement('div');
    cell.className = 'alternative';
    cell.dataset['side'] = String(side);
    cell.append(...probabilityBar(id, `P(${word})`));
    row.append(cell);
  });
  return row;
}

// conjoining jamo (what a jamo model reads and predicts) as the compatibility letters a reader knows
const LEADING = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ'; // U+1100..U+1112
const VOWELS = 'ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ'; // U+1161..U+1175
const TRAILING = 'ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ'; // U+11A8..U+11C2
const JAMO_LABEL = (letter: string) => `the letter ${letter} (jamo): the next syllable is built from it`;

/** The letter a conjoining jamo is, or null for any other character. */
export function jamoLetter(char: string): string | null {
  const code = char.codePointAt(0) ?? 0;
  const from = (table: string, first: number) => (code >= first && code < first + table.length ? (table[code - first] ?? null) : null);
  return from(LEADING, 0x1100) ?? from(VOWELS, 0x1161) ?? from(TRAILING, 0x11a8);
}

const WHITESPACE: Readonly<Record<string, string>> = { ' ': '␣', '\n': '↵', '\t': '⇥' };

/** Shows whitespace characters as symbols a reader can see. */
function visible(char: string): string {
  return WHITESPACE[char] ?? char;
}
