// Samples that show learning: the newest sample's step and the validation bits/char beside it, and a
// few earlier samples kept at doubling steps (0, 100, 200, 400…) so the change from noise to text shows.

import { formatNumber } from '../format';
import type { Validation } from '../wasm/protocol';

// the page's visible strings of this module, gathered for the catalogs
const SAY = {
  notYet: 'not measured yet',
  bits: (bits: number, step: number) => `${bits.toFixed(2)} bits/char (validation, step ${formatNumber(step)})`,
  strip: (step: number, bits: string) => `Step ${formatNumber(step)}: ${bits}`,
  entry: (step: number, bits: string) => `step ${formatNumber(step)}, ${bits}`,
};
/** Earlier samples kept: the first one, and one at a validation each time the step has at least doubled. */
const KEEP = 6;

export interface SampleHistoryElements {
  /** Beside the sample: its step and the validation bits/char then. */
  figure: HTMLOutputElement;
  /** The kept samples, oldest first. */
  list: HTMLOListElement;
}

interface Kept {
  step: number;
  bits: string;
  prompt: string;
  text: string;
}

export class SampleHistory {
  private validation: Validation | null = null;
  private kept: Kept[] = [];

  constructor(private readonly elements: SampleHistoryElements) {}

  /** A new model: no samples and no validation yet. */
  clear(): void {
    this.validation = null;
    this.kept = [];
    this.elements.figure.value = '';
    this.elements.list.replaceChildren();
  }

  validated(validation: Validation | null): void {
    if (validation !== null) this.validation = validation;
  }

  /** A sample drawn from the weights at `step`: shown with the newest validation no later than it, and kept if due. */
  sampled(step: number, prompt: string, text: string): void {
    const v = this.validation !== null && this.validation.step <= step ? this.validation : null;
    // a diverged run validates to NaN or infinity: no figure rather than a number it doesn't have
    const bits = v === null || !Number.isFinite(v.bitsPerChar) ? SAY.notYet : SAY.bits(v.bitsPerChar, v.step);
    this.elements.figure.value = SAY.strip(step, bits);
    this.elements.figure.dataset['step'] = String(step);
    this.elements.figure.dataset['bits'] = v === null ? '' : String(v.bitsPerChar);
    const last = this.kept.at(-1);
    // after the first, only samples drawn at a validation are kept (steps 100, 200, 400…, each with
    // its own bits/char), not the timed ones between them, so what is kept does not depend on the clock
    if (last !== undefined && (v === null || v.step !== step || step < Math.max(1, 2 * last.step))) return;
    if (this.kept.length === KEEP) this.kept.splice(1, 1); // the first sample stays: the untrained model's
    this.kept.push({ step, bits, prompt, text });
    this.elements.list.replaceChildren(...this.kept.map(entry));
  }
}

function entry(kept: Kept): HTMLLIElement {
  const item = document.createElement('li');
  item.dataset['step'] = String(kept.step);
  const figure = document.createElement('span');
  figure.className = 'sample-history-step';
  figure.textContent = SAY.entry(kept.step, kept.bits);
  const text = document.createElement('p');
  text.className = 'sample-text';
  text.dataset['untranslated'] = ''; // the model's words and the prompt, in any page language
  const given = document.createElement('span');
  given.className = 'given';
  given.textContent = kept.prompt;
  text.append(given, kept.text);
  item.append(figure, text);
  return item;
}
