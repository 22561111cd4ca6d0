// The settings form. Each control is named after its field in state.ts and reads its value through
// that field, so the form and links share one set of bounds; the bounds also become the inputs'
// min/max attributes.

import { builtinCredit, isBuiltinText } from '../state/builtin-texts';
import { FIELD_NAMES, FIELDS, type FieldName, isTagging, type State } from '../state/state';
import { LANGUAGE_MODEL_REASON } from '../wasm/core-types';

/**
 * The fields whose control lives elsewhere (the own-text box, the buttons, the probe panel) or that
 * only links carry; every other field has a control in the settings form, named like it.
 */
const ELSEWHERE: ReadonlySet<FieldName> = new Set(['text', 'compare', 'steps', 'prompt', 'pairs', 'lesson', 'lesson_step', 'lang']);

const BIDIRECTIONAL_HINT = 'A second direction per layer reads each sentence from its end, so every word is tagged knowing the words after it.';
const CONNECTIONS_HINT = 'Residual adds each layer\'s input to its output; dense feeds each layer the input and every layer below.';

const MAX_FILE_BYTES = 5 * 1024 * 1024; // reading more would stall the tab; the core has its own cap

export interface ControlsCallbacks {
  /** A setting changed; `problem` says what had to be corrected in what was typed. */
  onChange(patch: Partial<State>, problem?: string): void;
  /** The user's own corpus text changed; `problem` is set when a file could not be used. */
  onText(text: string | null, problem?: string): void;
}

type Control = HTMLInputElement | HTMLSelectElement;

/** The user's own text: its block (shown on that corpus), the text box, the file input and the file's name. */
export interface OwnTextElements {
  block: HTMLElement;
  text: HTMLTextAreaElement;
  file: HTMLInputElement;
  fileName: HTMLOutputElement;
}

export class Controls {
  private readonly controls = new Map<FieldName, Control>();

  constructor(
    private readonly form: HTMLFormElement,
    private readonly ownText: OwnTextElements,
    callbacks: ControlsCallbacks,
  ) {
    for (const name of FIELD_NAMES.filter((field) => !ELSEWHERE.has(field))) {
      const control = form.elements.namedItem(name);
      if (!(control instanceof HTMLInputElement || control instanceof HTMLSelectElement)) {
        throw new Error(`the settings form has no control named "${name}" (a field without one belongs in ELSEWHERE)`);
      }
      const field = FIELDS[name];
      if (control instanceof HTMLInputElement && (field.kind === 'integer' || field.kind === 'real')) {
        control.min = String(field.min);
        control.max = String(field.max);
        control.step = field.kind === 'integer' ? '1' : 'any';
      }
      control.addEventListener('change', () => {
        const raw = control instanceof HTMLInputElement && control.type === 'checkbox' ? String(control.checked) : control.value;
        const { value, problem } = field.read(raw);
        const label = control.labels?.[0]?.textContent?.trim() ?? name;
        callbacks.onChange({ [name]: value }, problem === undefined ? undefined : `${label}: ${problem}.`);
      });
      this.controls.set(name, control);
    }
    form.addEventListener('submit', (event) => event.preventDefault());

    ownText.text.addEventListener('change', () => callbacks.onText(ownText.text.value));
    ownText.file.addEventListener('change', () => {
      const file = ownText.file.files?.[0];
      if (file === undefined) return;
      ownText.fileName.dataset['untranslated'] = ''; // the user's file name, in any page language
      ownText.fileName.value = file.name;
      if (file.size > MAX_FILE_BYTES) {
        callbacks.onText(null, `Text file: ${file.name} is ${megabytes(file.size)}, more than ${megabytes(MAX_FILE_BYTES)}.`);
        return;
      }
      file.text().then(
        (text) => {
          ownText.text.value = text;
          callbacks.onText(text);
        },
        (error: unknown) => callbacks.onText(null, `Text file: ${file.name} could not be read (${String(error)}).`),
      );
    });
  }

  /** Shows the user's own text (kept from an earlier visit, or none). */
  showText(text: string): void {
    this.ownText.text.value = text;
  }

  /**
   * Hides every setting but `names` (with its label and hint), as a lesson does for what it is not
   * about; null shows them all again.
   */
  showOnly(names: readonly FieldName[] | null): void {
    for (const [name, control] of this.controls) {
      const hidden = names !== null && !names.includes(name);
      const hint = control.getAttribute('aria-describedby');
      const parts = [control, ...Array.from(control.labels ?? []), ...(hint === null ? [] : [document.getElementById(hint)])];
      for (const part of parts) if (part !== null && part.hidden !== hidden) part.hidden = hidden;
    }
    // a group none of whose settings is shown goes too: an empty "Training" box says nothing
    for (const group of this.form.querySelectorAll('fieldset')) {
      const controls = [...this.controls.values()].filter((control) => group.contains(control));
      if (controls.length === 0) continue;
      const empty = controls.every((control) => control.hidden);
      if (group.hidden !== empty) group.hidden = empty;
    }
  }

  /** Writes every setting into its control, as printed in links. */
  show(state: State): void {
    for (const [name, control] of this.controls) {
      const printed = (FIELDS[name] as { print(value: unknown): string }).print(state[name]);
      if (control instanceof HTMLInputElement && control.type === 'checkbox') control.checked = printed === 'true';
      else control.value = printed;
    }
    this.ownText.block.hidden = state.corpus !== 'text';
    // a built-in text names its source and licence where it is chosen
    const credit = this.form.querySelector<HTMLElement>('#corpus-credit');
    if (credit !== null) {
      credit.hidden = !isBuiltinText(state.corpus);
      credit.textContent = isBuiltinText(state.corpus) ? builtinCredit(state.corpus) : '';
    }
    const threshold = this.controls.get('threshold');
    if (threshold !== undefined) threshold.disabled = state.clip === 'none';
    // a control that can't be used says why in its hint (its description), not only by being grey
    this.explain('bidirectional', isTagging(state) ? null : `Off for this corpus: ${LANGUAGE_MODEL_REASON}. Choose Sentiment tagging to use it.`, BIDIRECTIONAL_HINT);
    this.explain('connections', state.layers > 1 ? null : 'Off for one layer: connections join layers 2 and up to the ones below. Use 2 to 4 layers.', CONNECTIONS_HINT);
  }

  /** The sentence saying what batch and BPTT a short text trains with (null: the settings' own). */
  showFit(message: string | null): void {
    const fit = this.form.querySelector<HTMLElement>('#own-text-fit');
    if (fit === null) return;
    fit.hidden = message === null;
    fit.textContent = message === null ? '' : `${message.charAt(0).toUpperCase()}${message.slice(1)}${message.endsWith('.') ? '' : '.'}`;
  }

  /** Disables the control `name` with `reason` as its hint, or (null) enables it with its usual hint. */
  private explain(name: FieldName, reason: string | null, hint: string): void {
    const control = this.controls.get(name);
    const described = control?.getAttribute('aria-describedby');
    const element = described == null ? null : document.getElementById(described);
    if (control === undefined || element === null) return;
    control.disabled = reason !== null;
    element.textContent = reason ?? hint;
    element.classList.toggle('disabled-reason', reason !== null);
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
