// session/: the session and its transitions (this file), the page that carries out their effects, the link in the address bar.
// The page's session: what it knows between two events (the settings, the user's own text and the
// text a link waits for, the pairs last asked, the samples drawn), and pure transitions from one
// session to the next with the effects the page carries out in order (page.ts). Tests drive these alone.

import { formatNumber } from '../format';
import type { Variant } from '../lessons/lesson-progress';
import { FLOW_WINDOW, flowText, fromConfig, toConfig } from '../state/config';
import { corpusReadouts, pairsFromBox, samePairs } from '../state/corpus-readouts';
import { replayQuestion } from '../state/estimate';
import { type BuiltinCorpus, isBuiltinText } from '../state/builtin-texts';
import type { KeptText } from '../state/kept-text';
import { defaultState, isTagging, parse, print, type State, textDigest } from '../state/state';
import { lessonSettings } from '../lessons/lessons';
import type { Config } from '../wasm/core-config';
import type { Pair, Plan } from '../wasm/protocol';
import type { Inspection } from '../workers/snapshots';

const STRIPS_EVERY_MS = 1000; // while training; the bars follow every copy of the weights
const SAMPLE_EVERY_MS = 3000;
// what a prompt is for each corpus: a question about the next word, a memory line, or a sentence to tag
const LANGUAGE_MODEL_PROMPT = 'The writer of the books';
const TEXT_PROMPTS = { english: 'ROMEO:', korean: '그날 밤' } as const; // a speaker's name; "that night", a story's opening
const TAGGING_PROMPT = 'the movie was terribly exciting.';
const MEMORY_PROMPT = flowText({ ...defaultState(), corpus: 'memory' }, null).slice(0, -2); // a line up to its colon: what comes next is the key

export interface Session {
  readonly state: State;
  readonly opened: boolean; // a location has been opened, so `state` is set
  readonly ownText: string | null; // the user's corpus; links name it by textDigest, never carry it
  readonly ownDigest: string;
  /** The built-in texts fetched so far (they load only when chosen). */
  readonly builtin: Readonly<Partial<Record<BuiltinCorpus, string>>>;
  /** The fingerprint of the text a link was trained on, while the page still waits for that text. */
  readonly wantedText: string | null;
  readonly probedPairs: readonly Pair[]; // the pairs the bars last asked about
  readonly samples: number; // each sample draws with the next seed, so a session's samples are reproducible
  readonly lastSampleAt: number;
  readonly lastStripsAt: number;
  readonly opening: string; // the name of the model file being opened
  /** The core's plan for the settings (the trainer's 'ready' brings it); null until then. */
  readonly plan: Plan | null;
  /** A link's step to retrain to once the plan says how long that takes; 0 for none. */
  readonly replayTo: number;
}

/** What the page does after a transition, in this order. */
export type Effect =
  | { kind: 'notice'; text: string; key?: string }
  | { kind: 'notices'; texts: readonly string[]; key: string } // in place of those under `key`
  | { kind: 'clear'; key: string }
  /** A notice with a button that retrains to `target` steps. */
  | { kind: 'offer'; text: string; key: string; label: string; target: number }
  | { kind: 'show' } // the settings as they are now: the form, the lesson, the compare button, the link
  | { kind: 'text'; text: string | null } // the own-text box
  | { kind: 'keep'; text: string } // kept in this browser for a reload
  | { kind: 'question'; prompt: string; pairs: readonly Pair[] } // the prompt box and the pairs box
  | { kind: 'pairs'; pairs: readonly Pair[] } // the pairs box alone
  | { kind: 'restart'; target: number } // a fresh model from the settings, trained to `target` steps
  | { kind: 'import'; bytes: Uint8Array<ArrayBuffer> }; // the opened model file's weights in place of the fresh model's

export interface Step {
  session: Session;
  effects: Effect[];
}

export function newSession(): Session {
  return { state: defaultState(), opened: false, ownText: null, ownDigest: '', builtin: {}, wantedText: null, probedPairs: [], samples: 0, lastSampleAt: 0, lastStripsAt: 0, opening: '', plan: null, replayTo: 0 };
}

// ---- rules of the settings --------------------------------------------------------------------------

/** The prompt a corpus starts with: a question about the next word, a memory line, or a sentence to tag. */
export function promptFor(of: State): string {
  if (isTagging(of)) return TAGGING_PROMPT;
  if (isBuiltinText(of.corpus)) return TEXT_PROMPTS[of.corpus];
  return of.corpus === 'memory' ? MEMORY_PROMPT : LANGUAGE_MODEL_PROMPT;
}

/** What compare mode calls the main model: its cell, or for a tagger its directions. */
export function mainVariant(of: State): Variant {
  if (!isTagging(of)) return of.cell;
  return of.bidirectional ? 'bidirectional' : 'forward';
}

/** The text the settings train on: the user's own, or the built-in one once loaded; null for a grammar or while missing. */
export function textOf(session: Session, state: State = session.state): string | null {
  return isBuiltinText(state.corpus) ? (session.builtin[state.corpus] ?? null) : session.ownText;
}

/** The built-in text the settings wait for, while it is not loaded yet. */
export function builtinWanted(session: Session): BuiltinCorpus | null {
  const { corpus } = session.state;
  return isBuiltinText(corpus) && session.builtin[corpus] === undefined ? corpus : null;
}

/** A built-in text arrived: kept for the session, and the settings, if they still want it, train on it to their link's step. */
/** `opened`: a model file's weights wait for the text, so they replace the fresh model's instead of a replay. */
export function builtinLoaded(session: Session, corpus: BuiltinCorpus, text: string, opened: Uint8Array<ArrayBuffer> | null = null): Step {
  const next = { ...session, builtin: { ...session.builtin, [corpus]: text } };
  if (session.state.corpus !== corpus) return { session: next, effects: [] };
  if (opened !== null) return { session: next, effects: [{ kind: 'clear', key: 'init' }, { kind: 'restart', target: 0 }, { kind: 'import', bytes: opened }] };
  return replay(next, next.state.steps, [{ kind: 'clear', key: 'init' }]);
}

/** The settings as another variant (another cell, or the other directions); null while the text is missing. */
export function configOf(session: Session, variant: Variant): Config | null {
  const patch = variant === 'forward' || variant === 'bidirectional' ? { bidirectional: variant === 'bidirectional' } : { cell: variant };
  const config = toConfig({ ...session.state, ...patch }, textOf(session));
  return 'missing' in config ? null : config;
}

/** What the inspection worker measures for these settings as the core planned them, with a lesson's `check`; null before the plan. */
export function inspectionOf(session: Session, check: unknown): Inspection | null {
  const { state, plan } = session;
  if (plan === null) return null;
  const text = textOf(session);
  return {
    agreementItems: plan.agreement_items,
    // no text yet: the old model's snapshot would be asked about an empty window
    flowText: plan.reads_gradients && (state.corpus === 'agreement' || state.corpus === 'memory' || text !== null) ? flowText(state, text) : null,
    flowWindow: FLOW_WINDOW,
    check,
  };
}

/** What a restart says while the settings' text is missing: a link's, or one to give. */
export function askForText(session: Session): string {
  return session.wantedText !== null || session.state.steps > 0
    ? "This link was trained on its sender's own text, which links don't carry: paste or choose that text " +
        '(its fingerprint is checked) to train it again.'
    : 'Paste a text or choose a text file to train on.';
}

// ---- transitions -------------------------------------------------------------------------------------

/** Opens the experiment in `hash` (on load, or a link pasted into this tab); `kept` reads the text kept in this browser. */
export function openLink(session: Session, hash: string, kept: () => KeptText | null): Step {
  const parsed = parse(hash);
  const effects: Effect[] = [{ kind: 'notices', texts: parsed.notices, key: 'opened-link' }]; // in place of the last link's
  // "#lesson=exploding&lesson_step=3" alone: the lesson's own settings
  const asked = parsed.state.lesson !== '' && !/(^|[#&])cell=/.test(hash) ? lessonSettings(parsed.state) : parsed.state;
  // a link that names no prompt asks its corpus's own ("#corpus=english" continues "ROMEO:", not the grammar's sentence)
  const linked = /(^|[#&])prompt=/.test(hash) || asked.prompt !== defaultState().prompt ? asked : { ...asked, prompt: promptFor(asked) };
  const withoutLesson = (of: State) => print({ ...of, lesson: '', lesson_step: 1 });
  const { state } = session;
  // only a move within or out of a lesson keeps the run: any other link opens its experiment afresh
  const sameExperiment =
    session.opened && (linked.lesson !== state.lesson || linked.lesson_step !== state.lesson_step) && withoutLesson(linked) === withoutLesson(state);
  let next: Session = { ...session, opened: true, state: linked };
  effects.push({ kind: 'show' });
  if (sameExperiment) return { session: next, effects }; // another step of the lesson, or the lesson closed: the run goes on
  next = { ...next, wantedText: null };
  effects.push({ kind: 'clear', key: 'text-match' });
  if (linked.corpus === 'text' && linked.text !== '' && linked.text !== next.ownDigest) {
    const found = kept();
    if (found !== null && found.digest === linked.text) {
      next = { ...next, ownText: found.text, ownDigest: found.digest };
      effects.push({ kind: 'text', text: found.text });
    } else {
      // another text would train another experiment under this link's name: wait for the right one
      next = { ...next, ownText: null, ownDigest: '', builtin: {}, wantedText: linked.text };
      effects.push({ kind: 'text', text: null });
    }
  }
  effects.push({ kind: 'question', prompt: linked.prompt, pairs: corpusReadouts(linked).pairs });
  return replay(next, linked.steps, effects);
}

/**
 * Retrains the settings to a link's step: the settings open at step 0, and once the core's plan says
 * how long a step takes (`planned`) a short replay goes on and a long one asks first. A link still
 * waiting for its own text asks once the text is given (see giveText).
 */
export function replay(session: Session, steps: number, effects: Effect[] = []): Step {
  return { session: { ...session, replayTo: steps }, effects: [...effects, { kind: 'restart', target: 0 }] };
}

/** A fresh trainer from the settings: no plan until it is ready. */
export function restarted(session: Session): Session {
  return { ...session, plan: null };
}

/** The trainer took the settings and the core planned them: a waiting replay goes on, or asks first when long. */
export function planned(session: Session, plan: Plan): Step {
  const steps = session.replayTo;
  const next = { ...session, plan, replayTo: 0 };
  if (steps === 0) return { session: next, effects: [] };
  const question = replayQuestion(steps, plan.seconds_per_step);
  if (question === null) return { session: next, effects: [{ kind: 'restart', target: steps }] };
  const label = `Retrain to step ${formatNumber(steps)}`;
  return { session: next, effects: [{ kind: 'offer', text: question, key: 'replay', label, target: steps }] };
}

/** A setting changed in the form (`problem`: what had to be corrected in what was typed). */
export function changeSettings(session: Session, patch: Partial<State>, problem: string | undefined, kept: () => KeptText | null): Step {
  const effects: Effect[] = problem === undefined ? [] : [{ kind: 'notice', text: problem }];
  const { state } = session;
  let next: State = { ...state, ...patch, steps: 0 };
  if (patch.corpus !== undefined) {
    // each corpus asks its own kind of prompt (a sentence to go on, a memory line, a sentence to tag); only a tagger reads both ways
    if (state.prompt === promptFor(state)) next = { ...next, prompt: promptFor(next) };
    next = { ...next, bidirectional: isTagging(next) && next.bidirectional };
    effects.push({ kind: 'question', prompt: next.prompt, pairs: corpusReadouts(next).pairs });
  }
  let own: Session = session;
  const found = patch.corpus === 'text' && session.ownText === null ? kept() : null;
  if (found !== null) {
    // the text given on an earlier visit comes back with the choice of "your own text"
    own = { ...session, ownText: found.text, ownDigest: found.digest };
    effects.push({ kind: 'text', text: found.text });
    next = { ...next, text: found.digest };
  }
  return { session: { ...own, state: next }, effects: [...effects, { kind: 'show' }, { kind: 'restart', target: 0 }] };
}

/** The user gave a text (typed, or a file; `problem`: a file that could not be used). */
export function giveText(session: Session, text: string | null, problem: string | undefined): Step {
  const effects: Effect[] = problem === undefined ? [] : [{ kind: 'notice', text: problem, key: 'text' }];
  if (text === null) return { session, effects };
  let next = takeText(session, text, effects);
  if (next.wantedText !== null && next.ownDigest !== next.wantedText) {
    effects.push({ kind: 'notice', text: "This text is not the one the link was trained on (their fingerprints differ), so the run won't match the link's.", key: 'text-match' });
  } else {
    effects.push({ kind: 'clear', key: 'text-match' });
    next = { ...next, wantedText: null }; // found: the link's experiment, exactly
  }
  next = { ...next, state: { ...next.state, text: next.ownDigest } };
  effects.push({ kind: 'show' });
  // a link's steps, if it was opened on its own text
  return next.state.corpus === 'text' ? replay(next, next.state.steps, effects) : { session: next, effects };
}

/** A text the user gave (typed, a file, or carried by a model file): in use, and kept for a reload. */
function takeText(session: Session, text: string, effects: Effect[]): Session {
  effects.push({ kind: 'text', text }, { kind: 'keep', text });
  return { ...session, ownText: text, ownDigest: textDigest(text) };
}

/** The prompt or the pairs box changed; `boxPairs` are the box's (`problem`: what had to be corrected). */
export function askQuestion(session: Session, prompt: string, boxPairs: readonly Pair[], problem: string | undefined): Step {
  const effects: Effect[] = problem === undefined ? [] : [{ kind: 'notice', text: problem, key: 'pairs' }];
  const { state } = session;
  // the box shows the pairs asked on this corpus: unless the user changed them, the state's stay
  const pairs = samePairs(boxPairs, corpusReadouts(state).pairs) ? state.pairs : pairsFromBox(boxPairs);
  const next = { ...state, prompt, pairs };
  // an emptied box on the grammar shows its pairs again
  return { session: { ...session, state: next }, effects: [...effects, { kind: 'show' }, { kind: 'pairs', pairs: corpusReadouts(next).pairs }] };
}

/** A model file's settings replace the page's (its text too, if it carries one); its weights follow the restart. */
export function openModelFile(session: Session, file: { name: string; config: unknown; step: number; bytes: Uint8Array<ArrayBuffer> }): Step {
  const { patch, text, problems } = fromConfig(file.config);
  const effects = problems.map((problem): Effect => ({ kind: 'notice', text: problem }));
  const own = text === null ? session : takeText(session, text, effects); // as if given by hand: a reload finds it
  const next: State = { ...own.state, ...patch, steps: file.step };
  if ('missing' in toConfig(next, textOf(own, next)) && !isBuiltinText(next.corpus)) {
    // the page keeps its own experiment until it has the text
    effects.push({ kind: 'notice', text: `${file.name} was trained on a text the file does not carry: give that text, then open the file again.`, key: 'open' });
    return { session: own, effects };
  }
  const state = next.corpus === 'text' && own.ownText !== null ? { ...next, text: own.ownDigest } : next;
  effects.push({ kind: 'clear', key: 'open' }, { kind: 'show' }, { kind: 'restart', target: 0 }, { kind: 'import', bytes: file.bytes });
  return { session: { ...own, state, opening: file.name }, effects };
}

/** New settings from a button or a lesson, retrained from step 0 to `target`. */
export function settle(session: Session, state: State, target = 0): Step {
  return { session: { ...session, state }, effects: [{ kind: 'show' }, { kind: 'restart', target }] };
}

/** What the bars ask next for the prompt (`strips`: the strips under it too), at time `now`. */
export function nextProbe(session: Session, strips: boolean, now: number): { session: Session; ask: { tags: string } | { prompt: string; pairs: readonly Pair[]; strips: boolean; saliency: boolean } } {
  const { state } = session;
  if (isTagging(state)) return { session, ask: { tags: state.prompt } };
  const fits = corpusReadouts(state);
  const next = { ...session, probedPairs: fits.pairs, lastStripsAt: strips ? now : session.lastStripsAt };
  // saliency walks plain and residual stacks only: a dense one gets its gates without it
  return { session: next, ask: { prompt: state.prompt, pairs: fits.pairs, strips, saliency: session.plan !== null && session.plan.reads_gradients && fits.saliency } };
}

/** The next sample's seed at time `now`, or null for a tagger, which has no next character to sample. */
export function nextSample(session: Session, now: number): { session: Session; seed: number } | null {
  if (isTagging(session.state)) return null;
  const samples = session.samples + 1;
  return { session: { ...session, samples, lastSampleAt: now }, seed: (session.state.seed + samples) % 2 ** 32 };
}

/** While training: the strips are due every STRIPS_EVERY_MS, a sample every SAMPLE_EVERY_MS; both whenever training stops. */
export function due(session: Session, settled: boolean, now: number): { strips: boolean; sample: boolean } {
  return { strips: settled || now - session.lastStripsAt > STRIPS_EVERY_MS, sample: settled || now - session.lastSampleAt > SAMPLE_EVERY_MS };
}
