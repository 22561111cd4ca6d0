// state/: a link's settings (this table, fields.ts), their config for the core (config.ts), the kept own text, a setting's cost.
// The experiment as it lives in the URL hash: one declarative table of fields (name, type, default,
// bounds) and pure parse/print functions over it. Bounds are enforced when parsing, so a link can't
// ask for what the UI can't; every value that had to change comes back as a notice saying why.

import preset from '../../../examples/lstm-agreement.json';
import { formatNumber } from '../format';
import { LANGUAGE_MODEL_REASON, LINK_VERSION, SENTIMENT_CORPUS } from '../wasm/core-types';
import { choice, digest, type FieldBase, flag, integer, optionalReal, presetChoice, quote, real, text, wordPairs } from './fields';
import { lessons } from '../lessons/data';

/** The core's: a change that alters any golden run bumps it (see the README's link-version policy). */
export const VERSION = LINK_VERSION;
/**
 * The oldest link version this page replays bit for bit. Version 4 holds the agreement items and the
 * lessons' prompts out of the training text, which changed every agreement run; version 3 added
 * `shards` (the batch cut into parts for several workers), so a v=2 link has none and means one shard.
 * Links before v=4 open with their settings and a notice.
 */
export const REPLAYS_SINCE = 4;
/** Shards of a link made before the field existed. */
const SHARDS_BEFORE_V3 = 1;

// ---- the table -------------------------------------------------------------------------------------

/**
 * Every setting a link carries, in the order links print them. The defaults are the core's default
 * preset, read from examples/lstm-agreement.json when the page is built, so the two can't drift apart.
 */
export const FIELDS = {
  // sentiment: the tagging task (model.task "tagging"); the others train language models
  // english, korean: the built-in texts (state/builtin-texts.ts), fetched when chosen
  corpus: choice(
    ['agreement', 'memory', 'sentiment', 'text', 'english', 'korean'],
    presetChoice(['agreement', 'memory', 'sentiment', 'text', 'english', 'korean'], preset.corpus.kind),
  ),
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
  lesson: choice(['', ...lessons.map((lesson) => lesson.id)], ''), // the lesson open beside the experiment
  lesson_step: integer(1, 6, 1), // its step shown, from 1
  lang: choice(['', 'en', 'ko'], ''), // the page's language (i18n/i18n.ts reads it at load); none: the browser's
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
  const more = items.length > SHOWN ? ` and ${formatNumber(items.length - SHOWN)} more` : '';
  return `${formatNumber(items.length)} ${many} (${named}${more})`;
}

/** Prints every field, so a link means the same experiment even if a later page changes a default. */
export function print(state: State): string {
  const parts = [`v=${VERSION}`];
  for (const name of FIELD_NAMES) {
    const text = (FIELDS[name] as FieldBase<unknown>).print(state[name]);
    if (FIELDS[name].kind === 'digest' && text === '') continue; // no text of the user's: nothing to name
    // a lesson names what is shown beside the experiment, not the experiment: ordinary links leave it out
    if ((name === 'lesson' || name === 'lesson_step') && state[name] === FIELDS[name].default) continue;
    if (name === 'lang' && state.lang === '') continue; // the browser's language: a link says one only when chosen
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
