// The kinds of field a link carries (a choice, a bounded number, a flag, one line of text, a text's
// fingerprint, word pairs): each reads its raw text within its bounds, saying what it had to change.

import type { Pair } from '../wasm/protocol';

/** What reading one raw value gave: the value to use, and what was wrong with the raw text, if anything. */
export interface Read<T> {
  value: T;
  problem?: string;
}

export interface FieldBase<T> {
  readonly default: T;
  read(raw: string): Read<T>;
  print(value: T): string;
}
export interface ChoiceField<C extends string> extends FieldBase<C> {
  readonly kind: 'choice';
  readonly choices: readonly C[];
}
export interface NumberField extends FieldBase<number> {
  readonly kind: 'integer' | 'real';
  readonly min: number;
  readonly max: number;
}
export interface OptionalNumberField extends FieldBase<number | null> {
  readonly kind: 'optional-real';
  readonly min: number;
  readonly max: number;
}
export interface FlagField extends FieldBase<boolean> {
  readonly kind: 'flag';
}
/** One line of text, as an `<input type="text">` holds it: no line breaks. */
export interface TextField extends FieldBase<string> {
  readonly kind: 'text';
  readonly maxChars: number;
}
export interface DigestField extends FieldBase<string> {
  readonly kind: 'digest';
}
export interface PairsField extends FieldBase<readonly Pair[]> {
  readonly kind: 'pairs';
  readonly maxPairs: number;
  readonly maxWordChars: number;
}

/** A preset's value for a choice; one the page does not offer is a broken build, not a user's error. */
export function presetChoice<const C extends string>(choices: readonly C[], value: string): C {
  const found = choices.find((c) => c === value);
  if (found === undefined) throw new Error(`the default preset's "${value}" is not one of ${choices.join(', ')}`);
  return found;
}

export function choice<const C extends string>(choices: readonly C[], fallback: C): ChoiceField<C> {
  return {
    kind: 'choice',
    choices,
    default: fallback,
    read(raw) {
      const found = choices.find((c) => c === raw);
      if (found !== undefined) return { value: found };
      return { value: fallback, problem: `${quote(raw)} is not one of ${choices.join(', ')}; used ${fallback}` };
    },
    print: (value) => value,
  };
}

export function integer(min: number, max: number, fallback: number): NumberField {
  return numberField('integer', min, max, fallback);
}

export function real(min: number, max: number, fallback: number): NumberField {
  return numberField('real', min, max, fallback);
}

function numberField(kind: NumberField['kind'], min: number, max: number, fallback: number): NumberField {
  withinBounds(fallback, min, max);
  return {
    kind,
    min,
    max,
    default: fallback,
    read(raw) {
      const number = readNumber(raw);
      if (number === undefined) return { value: fallback, problem: `${quote(raw)} is not a number; used ${fallback}` };
      if (kind === 'real') return clamp(raw, number, min, max);
      const whole = Math.round(number);
      return clamp(raw, whole, min, max, whole === number ? undefined : 'is not a whole number');
    },
    print: String,
  };
}

export function optionalReal(min: number, max: number, fallback: number | null): OptionalNumberField {
  if (fallback !== null) withinBounds(fallback, min, max);
  return {
    kind: 'optional-real',
    min,
    max,
    default: fallback,
    read(raw) {
      if (raw === 'none' || raw === '') return { value: null };
      const number = readNumber(raw);
      const used = fallback === null ? 'none' : String(fallback);
      if (number === undefined) return { value: fallback, problem: `${quote(raw)} is neither "none" nor a number; used ${used}` };
      return clamp(raw, number, min, max);
    },
    print: (value) => (value === null ? 'none' : String(value)),
  };
}

export function flag(fallback: boolean): FlagField {
  return {
    kind: 'flag',
    default: fallback,
    read(raw) {
      if (raw === 'true' || raw === 'false') return { value: raw === 'true' };
      return { value: fallback, problem: `${quote(raw)} is neither true nor false; used ${fallback}` };
    },
    print: String,
  };
}

export function text(maxChars: number, fallback: string): TextField {
  return {
    kind: 'text',
    maxChars,
    default: fallback,
    read(raw) {
      const problems: string[] = [];
      // a text box drops line breaks without a word, so the link says so instead
      let value = raw.replace(LINE_BREAKS, '');
      if (value !== raw) {
        const what = value === '' ? 'is only line breaks' : 'has line breaks';
        problems.push(`${what}, which one line of text cannot hold; ${value === '' ? 'left it empty' : 'removed them'}`);
      }
      const chars = Array.from(value); // code points, so a cut never splits a surrogate pair
      if (chars.length > maxChars) {
        value = chars.slice(0, maxChars).join('');
        problems.push(`is ${chars.length} characters long, more than ${maxChars}; used the first ${maxChars}`);
      }
      return problems.length === 0 ? { value } : { value, problem: problems.join('; it also ') };
    },
    print: (value) => value,
  };
}

/** A text's fingerprint (16 hex digits, see textDigest), or '' for none. */
export function digest(): DigestField {
  return {
    kind: 'digest',
    default: '',
    read(raw) {
      if (raw === '' || /^[0-9a-f]{16}$/.test(raw)) return { value: raw };
      return { value: '', problem: `${quote(raw)} is not a text's fingerprint (16 hex digits); ignored` };
    },
    print: (value) => value,
  };
}

/** Alternatives to compare after the prompt, written "is/are,was/were". */
export function wordPairs(maxPairs: number, maxWordChars: number, fallback: readonly Pair[]): PairsField {
  const print = (pairs: readonly Pair[]) => pairs.map((pair) => pair.join('/')).join(',');
  return {
    kind: 'pairs',
    maxPairs,
    maxWordChars,
    default: fallback,
    read(raw) {
      const pairs: Pair[] = [];
      for (const item of raw.split(',')) {
        const words = item.split('/').map((word) => word.trim());
        const [first, second] = words;
        const fits = (word: string) => word !== '' && Array.from(word).length <= maxWordChars;
        if (words.length !== 2 || first === undefined || second === undefined || !fits(first) || !fits(second)) {
          const problem =
            `${quote(raw)} is not a list of word pairs like is/are,was/were ` +
            `(words of 1 to ${maxWordChars} characters); used ${print(fallback)}`;
          return { value: fallback, problem };
        }
        pairs.push([first, second]);
      }
      if (pairs.length <= maxPairs) return { value: pairs };
      const value = pairs.slice(0, maxPairs);
      return { value, problem: `has ${pairs.length} pairs, more than ${maxPairs}; used the first ${maxPairs}` };
    },
    print,
  };
}

// ---- helpers ---------------------------------------------------------------------------------------

/** A default out of its own bounds (say, a preset the form can't show) is a broken build. */
function withinBounds(value: number, min: number, max: number): void {
  if (!(value >= min && value <= max)) throw new Error(`the default ${value} is outside its bounds ${min} to ${max}`);
}

/** What an `<input type="text">` strips from its value (the HTML standard's "strip newlines"). */
const LINE_BREAKS = /[\r\n]/g;

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A plain decimal number; Number() alone would also take "", " ", "0x10" and "Infinity". */
function readNumber(raw: string): number | undefined {
  return DECIMAL.test(raw) ? Number(raw) : undefined;
}

function clamp(raw: string, number: number, min: number, max: number, otherProblem?: string): Read<number> {
  if (number < min) return { value: min, problem: `${quote(raw)} is below the minimum ${min}; used ${min}` };
  if (number > max) return { value: max, problem: `${quote(raw)} is above the maximum ${max}; used ${max}` };
  if (otherProblem !== undefined) return { value: number, problem: `${quote(raw)} ${otherProblem}; used ${number}` };
  return { value: number };
}

/** Quotes user text for a notice, cut short so a hostile link can't flood the page. */
export function quote(text: string): string {
  const chars = Array.from(text);
  return JSON.stringify(chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : text);
}
