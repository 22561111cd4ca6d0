// The experiment as it lives in the URL hash: one declarative table of fields (name, type, default,
// bounds) and pure parse/print functions over it. Bounds are enforced when parsing, so a link can't
// ask for what the UI can't; every value that had to change comes back as a notice saying why.

import preset from '../../../examples/lstm-agreement.json';
import { LANGUAGE_MODEL_REASON, LINK_VERSION, SENTIMENT_CORPUS } from '../wasm/core-types';
import type { Pair } from '../wasm/protocol';
import lessons from '../lessons/lessons.json';

/** The core's: a change that alters any golden run bumps it (see the README's link-version policy). */
export const VERSION = LINK_VERSION;
/**
 * The oldest link version this page replays bit for bit. Version 3 added `shards` (the batch cut into
 * parts for several workers); a v=2 link has none and means one shard, which this page still trains
 * exactly as v=2 did (the core's golden runs keep that run). Links before v=2 open with a notice.
 */
export const REPLAYS_SINCE = 2;
/** Shards of a link made before the field existed. */
const SHARDS_BEFORE_V3 = 1;

/** What reading one raw value gave: the value to use, and what was wrong with the raw text, if anything. */
export interface Read<T> {
  value: T;
  problem?: string;
}

interface FieldBase<T> {
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

// ---- the table -------------------------------------------------------------------------------------

/**
 * Every setting a link carries, in the order links print them. The defaults are the core's default
 * preset, read from examples/lstm-agreement.json when the page is built, so the two can't drift apart.
 */
export const FIELDS = {
  // sentiment: the tagging task (model.task "tagging"); the others train language models
  corpus: choice(['agreement', 'memory', 'sentiment', 'text'], presetChoice(['agreement', 'memory', 'sentiment', 'text'], preset.corpus.kind)),
  text: digest(), // the user's own text, named by textDigest: links don't carry the text itself
  jamo: flag(false), // the own text's Hangul syllables read as jamo (letters), composed back for display
  cell: choice(['rnn', 'gru', 'lstm'], presetChoice(['rnn', 'gru', 'lstm'], preset.model.cell)),
  hidden: integer(8, 512, preset.model.hidden),
  layers: integer(1, 4, preset.model.layers),
  // how layers 2 and up read the layers below; older links say residual=true (see LEGACY)
  connections: choice(['none', 'residual', 'dense'], preset.model.residual ? 'residual' : 'none'),
  bidirectional: flag(false), // a reverse direction per layer: tagging only (a language model can't read ahead)
  embedding: integer(0, 128, preset.model.embedding), // 0: one-hot input, no embedding table
  optimizer: choice(
    ['sgd', 'momentum', 'adagrad', 'rmsprop', 'adam'],
    presetChoice(['sgd', 'momentum', 'adagrad', 'rmsprop', 'adam'], preset.train.optimizer.kind),
  ),
  lr: real(1e-5, 10, preset.train.optimizer.lr),
  batch: integer(1, 128, preset.train.batch),
  bptt: integer(1, 256, preset.train.bptt),
  // the batch's parts, each with its own gradient, summed in order: up to this many workers share a step
  shards: integer(1, 64, preset.train.shards),
  clip: choice(['none', 'norm', 'value'], presetChoice(['none', 'norm', 'value'], preset.train.clip.kind)),
  threshold: real(1e-3, 1e3, preset.train.clip.threshold),
  scale: optionalReal(0.1, 3, preset.model.recurrent_scale), // spectral radius of W_hh at init; none: PyTorch's default init
  seed: integer(0, 2 ** 32 - 1, preset.train.seed),
  compare: flag(false), // also train the other two cells side by side, with these settings
  steps: integer(0, 1_000_000, 0), // the step a link retrains to
  prompt: text(200, 'The writer of the books'),
  pairs: wordPairs(8, 20, [
    ['is', 'are'],
    ['was', 'were'],
    ['has', 'have'],
  ]),
  lesson: choice(['', ...lessons.lessons.map((lesson) => lesson.id)], ''), // the lesson open beside the experiment
  lesson_step: integer(1, 6, 1), // its step shown, from 1
} as const;

/**
 * Settings older links spell another way, each read as the fields it means now: `residual=true` is
 * `connections=residual` (unless the link also names its connections, which then win).
 */
const LEGACY = {
  residual: {
    field: flag(false),
    apply: (value: boolean, state: Record<string, unknown>, named: ReadonlySet<string>) => {
      if (value && !named.has('connections')) state['connections'] = 'residual';
    },
  },
} as const;

type Fields = typeof FIELDS;
export type FieldName = keyof Fields;
export type State = { readonly [K in FieldName]: Fields[K] extends FieldBase<infer T> ? T : never };
export const FIELD_NAMES = Object.keys(FIELDS) as FieldName[];

export function defaultState(): State {
  const entries = FIELD_NAMES.map((name) => [name, FIELDS[name].default]);
  return Object.fromEntries(entries) as State;
}

// ---- parse and print -------------------------------------------------------------------------------

/**
 * Reads a location hash ("#v=1&cell=gru..."). Never throws: whatever it can't use becomes a notice,
 * and the notices stay few however long the link (one summary per kind of part it ignored).
 * `pageVersion` is this page's link version; tests pass a higher one to open links of an older version.
 */
export function parse(hash: string, pageVersion = VERSION): { state: State; notices: string[] } {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  const unreadable: string[] = [];
  const unknown = new Set<string>();
  const repeated = new Set<string>();
  const raw = new Map<string, string>();
  for (const part of body.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? undefined : decode(part.slice(0, eq));
    const value = eq < 0 ? undefined : decode(part.slice(eq + 1));
    if (key === undefined || value === undefined) {
      unreadable.push(part);
    } else if (key !== 'v' && !isFieldName(key) && !isLegacyName(key)) {
      unknown.add(key);
    } else {
      if (raw.has(key)) repeated.add(key);
      raw.set(key, value);
    }
  }
  const notices = [
    ...ignored(unreadable, 'an unreadable part', 'unreadable parts'),
    ...ignored([...unknown], 'an unknown setting', 'unknown settings'),
  ];
  const [onlyRepeated] = repeated;
  if (repeated.size === 1 && onlyRepeated !== undefined) {
    notices.push(`The link gives ${quote(onlyRepeated)} more than once; its last value was used.`);
  } else if (repeated.size > 1) {
    notices.push(`The link gives ${list([...repeated], 'settings')} more than once; the last value of each was used.`);
  }

  const older: string[] = [];
  const version = raw.get('v');
  raw.delete('v');
  if (version !== undefined && version !== String(pageVersion)) {
    const known = /^[1-9]\d*$/.test(version);
    if (!known || Number(version) > pageVersion) {
      const why = known
        ? `comes from a newer version of this page (v=${version}; this page reads v=${pageVersion})`
        : `has an unknown version ${quote(version)} (this page reads v=${pageVersion})`;
      return { state: defaultState(), notices: [...notices, `The link ${why}; opened with the default settings.`] };
    }
    if (Number(version) < 3 && !raw.has('shards')) raw.set('shards', String(SHARDS_BEFORE_V3));
  }
  if (version !== undefined && Number(version) < REPLAYS_SINCE) {
    // a change that alters any golden run bumps the version: the settings still mean what they meant
    older.push(
      `The link was made by an earlier version of this page (v=${version}; this page is v=${pageVersion}): ` +
        'its settings are open, but retraining it will not replay the same run exactly.',
    );
  }

  const state: Record<string, unknown> = { ...defaultState() };
  for (const [key, text] of raw) {
    if (!isFieldName(key)) continue; // "v" left the map above; the rest are fields and legacy names
    const { value, problem } = (FIELDS[key] as FieldBase<unknown>).read(text);
    state[key] = value;
    if (problem !== undefined) notices.push(`Link setting "${key}": ${problem}.`);
  }
  const named = new Set(raw.keys());
  for (const [key, text] of raw) {
    if (!isLegacyName(key)) continue;
    const { field, apply } = LEGACY[key];
    const { value, problem } = field.read(text);
    apply(value, state, named);
    if (problem !== undefined) notices.push(`Link setting "${key}": ${problem}.`);
  }
  // a language model can't read ahead (the core refuses it): a link can't ask for one either
  if (state['bidirectional'] === true && state['corpus'] !== 'sentiment') {
    state['bidirectional'] = false;
    notices.push(`Link setting "bidirectional": only the sentiment corpus can be read both ways (${LANGUAGE_MODEL_REASON}); used false.`);
  }
  if (raw.size === 0 && notices.length > 0) notices.push('Nothing in the link could be used; opened with the default settings.');
  return { state: state as State, notices: [...older, ...notices] };
}

/** One notice for all the parts of a kind that were ignored, naming the first few. */
function ignored(parts: readonly string[], one: string, many: string): string[] {
  if (parts.length === 0) return [];
  const [only] = parts;
  if (parts.length === 1 && only !== undefined) return [`The link has ${one} ${quote(only)}; it was ignored.`];
  return [`The link has ${list(parts, many)}; they were ignored.`];
}

/** "3 unknown settings ("a", "b", "c")" or "10,000 unknown settings ("a", "b", "c" and 9,997 more)". */
function list(items: readonly string[], many: string): string {
  const SHOWN = 3;
  const named = items.slice(0, SHOWN).map(quote).join(', ');
  const more = items.length > SHOWN ? ` and ${(items.length - SHOWN).toLocaleString('en')} more` : '';
  return `${items.length.toLocaleString('en')} ${many} (${named}${more})`;
}

/** Prints every field, so a link means the same experiment even if a later page changes a default. */
export function print(state: State): string {
  const parts = [`v=${VERSION}`];
  for (const name of FIELD_NAMES) {
    const text = (FIELDS[name] as FieldBase<unknown>).print(state[name]);
    if (FIELDS[name].kind === 'digest' && text === '') continue; // no text of the user's: nothing to name
    // a lesson names what is shown beside the experiment, not the experiment: ordinary links leave it out
    if ((name === 'lesson' || name === 'lesson_step') && state[name] === FIELDS[name].default) continue;
    if (name === 'jamo' && !state.jamo) continue; // as the core's config leaves it out: links of before it mean the same
    parts.push(`${name}=${encode(text)}`);
  }
  return `#${parts.join('&')}`;
}

function isFieldName(key: string): key is FieldName {
  return Object.hasOwn(FIELDS, key);
}

function isLegacyName(key: string): key is keyof typeof LEGACY {
  return Object.hasOwn(LEGACY, key);
}

/** The corpus trains a tagging model (model.task "tagging") rather than a language model: the core's sentiment corpus. */
export function isTagging(state: Pick<State, 'corpus'>): boolean {
  return state.corpus === SENTIMENT_CORPUS.kind;
}

// ---- field types -----------------------------------------------------------------------------------

/** A preset's value for a choice; one the page does not offer is a broken build, not a user's error. */
function presetChoice<const C extends string>(choices: readonly C[], value: string): C {
  const found = choices.find((c) => c === value);
  if (found === undefined) throw new Error(`the default preset's "${value}" is not one of ${choices.join(', ')}`);
  return found;
}

function choice<const C extends string>(choices: readonly C[], fallback: C): ChoiceField<C> {
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

function integer(min: number, max: number, fallback: number): NumberField {
  return numberField('integer', min, max, fallback);
}

function real(min: number, max: number, fallback: number): NumberField {
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

function optionalReal(min: number, max: number, fallback: number | null): OptionalNumberField {
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

function flag(fallback: boolean): FlagField {
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

function text(maxChars: number, fallback: string): TextField {
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
function digest(): DigestField {
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

/**
 * FNV-1a (64-bit) of the text's UTF-8 bytes as 16 hex digits: enough to tell one text from another in
 * a link without carrying it (not a defence against someone crafting a collision). Computed in two
 * 32-bit halves: the prime is 2^40 + 0x1b3, so hash·prime = hash·0x1b3 + (low half << 40).
 */
export function textDigest(text: string): string {
  let high = 0xcbf29ce4;
  let low = 0x84222325;
  for (const byte of new TextEncoder().encode(text)) {
    low ^= byte;
    const product = (low >>> 0) * 0x1b3; // below 2^41: exact in a double
    const carry = Math.floor(product / 0x1_0000_0000);
    high = (Math.imul(high, 0x1b3) + carry + (low << 8)) >>> 0;
    low = product >>> 0;
  }
  return high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0');
}

/** Alternatives to compare after the prompt, written "is/are,was/were". */
function wordPairs(maxPairs: number, maxWordChars: number, fallback: readonly Pair[]): PairsField {
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

/** Lone surrogates become U+FFFD, so whatever parse returns can be printed again. */
function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text).toWellFormed();
  } catch {
    return undefined; // malformed percent-encoding
  }
}

/** Percent-encodes what would break the hash; leaves "/" and "," readable in pairs. */
function encode(text: string): string {
  return encodeURIComponent(text.toWellFormed()).replace(/%2F/g, '/').replace(/%2C/g, ',');
}

/** Quotes user text for a notice, cut short so a hostile link can't flood the page. */
function quote(text: string): string {
  const chars = Array.from(text);
  return JSON.stringify(chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : text);
}
