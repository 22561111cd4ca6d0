// What a lesson's check says in words, and when the page may say "Seen". A check (rnn_core::lessons::
// Check as JSON) is a tree of `all` and `not` over leaves; the core measures one value per leaf, in the
// tree's order, and this module names each leaf with its value and its target. Pure: the panel
// (lessons.ts) and compare mode's rows (compare.ts) draw what it returns.

/** A model compare mode trains: a cell (language models), or a tagger's directions. */
export type Variant = 'rnn' | 'gru' | 'lstm' | 'forward' | 'bidirectional';

/** One measured value of a check; null (or a non-finite number) when there is none yet. */
export interface Measure {
  check: string;
  value: number | null;
}

/** A check's verdict as the snapshot worker reports it (protocol.ts's Outcome, with room for null values). */
export interface Verdict {
  holds: boolean;
  measured: readonly Measure[];
}

/** A leaf of a check's tree: its JSON, and whether a `not` above it inverts it. */
export interface Leaf {
  spec: Readonly<Record<string, unknown>>;
  negated: boolean;
}

/** The leaves of `check` in the order the core measures them (depth first, as written). */
export function leaves(check: unknown, negated = false): Leaf[] {
  if (typeof check !== 'object' || check === null) return [];
  const spec = check as Record<string, unknown>;
  if (spec['kind'] === 'all' && Array.isArray(spec['of'])) return spec['of'].flatMap((of: unknown) => leaves(of, negated));
  if (spec['kind'] === 'not') return leaves(spec['check'], !negated);
  return [{ spec, negated }];
}

/** The check measures agreement (so the inspection measures the chart's agreement as often). */
export function needsAgreement(check: unknown): boolean {
  return leaves(check).some((leaf) => leaf.spec['kind'] === 'agreement_above');
}

// ---- words -----------------------------------------------------------------------------------------

type Unit = 'percent' | 'bits' | 'ratio' | 'flag' | 'norm';
interface Phrase {
  /** What the leaf measures, in the field's words, from its JSON (so two leaves of one kind differ). */
  name(spec: Readonly<Record<string, unknown>>): string;
  unit: Unit;
  /** What a value that is not finite means here: no value yet, or a run gone to infinity. */
  infinite: string;
}

const NO_VALUE_YET = 'measured after the first steps';
const DIVERGED = 'not finite: the run diverged';

const str = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '?');
const plural = (count: unknown, one: string) => `${str(count)} ${one}${count === 1 ? '' : 's'}`;

/** One phrase per kind of check; a kind missing here is named from its kind. */
const PHRASES: Readonly<Record<string, Phrase>> = {
  prefers: { name: (s) => `P(${str(s['word'])}) against ${str(s['other'])} after "${str(s['prompt'])}"`, unit: 'percent', infinite: DIVERGED },
  gradient_ratio_below: { name: (s) => `gradient left ${str(s['distance'])} steps back`, unit: 'ratio', infinite: DIVERGED },
  spectral_radius_below: { name: () => "W_hh's spectral radius", unit: 'ratio', infinite: DIVERGED },
  spectral_radius_above: { name: () => "W_hh's spectral radius", unit: 'ratio', infinite: DIVERGED },
  diverged: { name: () => 'diverged', unit: 'flag', infinite: DIVERGED },
  gradient_norm_above: { name: () => 'largest gradient norm', unit: 'norm', infinite: 'not finite: it exploded' },
  trains: { name: () => 'loss', unit: 'bits', infinite: NO_VALUE_YET },
  agreement_above: {
    name: (s) => (s['up_to'] === undefined || s['up_to'] === s['attractors'] ? `agreement with ${plural(s['attractors'], 'attractor')}` : `agreement with ${str(s['attractors'])}-${str(s['up_to'])} attractors`),
    unit: 'percent',
    infinite: DIVERGED,
  },
  recall_above: { name: (s) => `recall at distance ${str(s['distance'])}`, unit: 'percent', infinite: DIVERGED },
  tag_above: { name: (s) => `P(${str(s['tag'])}) for "${str(s['word'])}"`, unit: 'percent', infinite: DIVERGED },
  ambiguous_accuracy_above: { name: () => 'accuracy where only the words after decide', unit: 'percent', infinite: DIVERGED },
  layer_ratio_below: { name: () => "lowest layer's gradient / top layer's", unit: 'ratio', infinite: NO_VALUE_YET },
  layer_ratio_above: { name: () => "lowest layer's gradient / top layer's", unit: 'ratio', infinite: NO_VALUE_YET },
};

/** "some_new_kind_above" → "some new kind". */
function readable(kind: string): string {
  return kind.replace(/_(above|below)$/, '').replaceAll('_', ' ');
}

/** A value in its unit; never "NaN" or "Infinity". */
export function formatValue(value: number, unit: Unit): string {
  if (unit === 'flag') return value > 0 ? 'yes' : 'not yet';
  if (unit === 'percent') return `${Math.round(value * 100)}%`;
  if (unit === 'bits') return `${value.toFixed(2)} bits/char`;
  if (value !== 0 && (Math.abs(value) < 1e-2 || Math.abs(value) >= 1e4)) return value.toExponential(1).replace('e+', 'e');
  return value.toFixed(2);
}

/** A leaf's target: "above 80%", "below 0.001", or for a negated leaf its complement. */
function target(spec: Readonly<Record<string, unknown>>, unit: Unit, negated: boolean): string {
  const kind = str(spec['kind']);
  if (unit === 'flag') return negated ? 'needs no' : 'needs yes';
  for (const [key, word, inverse] of [
    ['above', 'above', 'at most'],
    ['below', 'below', 'at least'],
    ['bits', 'below', 'at least'],
  ] as const) {
    const bound = spec[key];
    if (typeof bound === 'number') return `needs ${negated ? inverse : word} ${formatValue(bound, unit)}`;
  }
  return negated ? `needs not ${readable(kind)}` : `needs ${readable(kind)}`;
}

/** One condition of the lesson, as the panel lists it. */
export interface Condition {
  /** "LSTM agreement with 1 attractor: 43%, needs above 80%". */
  text: string;
  /** The condition is met now (null: no value yet). */
  met: boolean | null;
  /** The run must hold the check, or (a contrast) must not. */
  role: Role;
}

/** The run must hold the check, must not (a contrast), or is not part of the claim (shown aside). */
export type Role = 'holds' | 'contrast' | 'aside';

/**
 * Each leaf of `check` with its measured value and target, for the run `who` names (null: the
 * single model); a contrast run must miss the check, so with one leaf its target is the complement.
 */
export function conditions(check: unknown, verdict: Verdict | null, who: string | null, role: Role = 'holds'): Condition[] {
  const all = leaves(check);
  const single = all.length === 1;
  return all.map((leaf, i) => {
    const kind = str(leaf.spec['kind']);
    const phrase = PHRASES[kind] ?? { name: () => readable(kind), unit: 'ratio' as const, infinite: DIVERGED };
    const negated = role === 'contrast' && single ? !leaf.negated : leaf.negated;
    const raw = verdict?.measured[i]?.value ?? null;
    const value = raw === null || Number.isNaN(raw) ? NO_VALUE_YET : Number.isFinite(raw) ? formatValue(raw, phrase.unit) : phrase.infinite;
    const name = who === null ? phrase.name(leaf.spec) : `${who} ${phrase.name(leaf.spec)}`;
    const needs = target(leaf.spec, phrase.unit, negated);
    const goal = role === 'aside' ? needs.replace(/^needs/, 'the mark:') : role === 'contrast' && single ? needs.replace(/^needs/, 'must stay') : needs;
    const met = raw === null || Number.isNaN(raw) ? null : leafMet(leaf.spec, raw, negated);
    return { text: `${name}: ${value}, ${goal}`, met, role };
  });
}

/** Whether a leaf's value meets its target (as the core decides it, for the marks beside each line). */
function leafMet(spec: Readonly<Record<string, unknown>>, value: number, negated: boolean): boolean | null {
  const { above, below, bits } = spec as { above?: unknown; below?: unknown; bits?: unknown };
  let met: boolean;
  if (spec['kind'] === 'diverged') met = value > 0;
  else if (typeof above === 'number') met = value > above;
  else if (typeof below === 'number') met = value < below;
  else if (typeof bits === 'number') met = value < bits;
  else return null;
  return negated ? !met : met;
}

// ---- when to say "Seen" ----------------------------------------------------------------------------

/** Consecutive evaluations the lesson's whole claim must hold on before the panel says "Seen". */
export const SEEN_AFTER = 3;

/** The watch over a run: how many evaluations in a row held, and the step it was seen at. */
export interface Watch {
  streak: number;
  seenAt: number | null;
}

export const UNSEEN: Watch = { streak: 0, seenAt: null };

/**
 * After an evaluation at `step`: seen once SEEN_AFTER in a row held, or at once on the weights of a
 * run that stopped (`final`: they no longer change, so neither can the verdict); seen stays seen.
 */
export function watchNext(watch: Watch, step: number, holds: boolean, final = false): Watch {
  if (watch.seenAt !== null) return watch;
  const streak = holds ? watch.streak + 1 : 0;
  return { streak, seenAt: streak >= SEEN_AFTER || (holds && final) ? step : null };
}

/** The runs a lesson names beside its own: `also` must hold the check too, `contrast` must not. */
export interface Companions {
  also: readonly Variant[];
  contrast: readonly Variant[];
}

/**
 * The lesson's whole claim: the main run holds the check, each `also` run holds it and each `contrast`
 * run has been measured and does not. A companion not measured yet (or not running) holds nothing.
 */
export function claimHolds(main: Verdict | null, companions: Companions, verdictOf: (variant: Variant) => Verdict | null): boolean {
  if (main === null || !main.holds) return false;
  if (!companions.also.every((variant) => verdictOf(variant)?.holds === true)) return false;
  return companions.contrast.every((variant) => verdictOf(variant)?.holds === false);
}
