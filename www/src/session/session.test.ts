import { describe, expect, it } from 'vitest';
import { toConfig } from '../state/config';
import { corpusReadouts } from '../state/corpus-readouts';
import type { KeptText } from '../state/kept-text';
import { defaultState, print, type State, textDigest } from '../state/state';
import {
  askForText,
  builtinLoaded,
  builtinWanted,
  inspectionOf,
  askQuestion,
  changeSettings,
  due,
  type Effect,
  giveText,
  newSession,
  nextProbe,
  nextSample,
  openLink,
  openModelFile,
  planned,
  promptFor,
  type Session,
  settle,
  textOf,
} from './session';
import { planWith } from './plan.fixture';

const NOTHING_KEPT = () => null;
const kinds = (effects: readonly Effect[]) => effects.map((effect) => effect.kind);
const restarts = (effects: readonly Effect[]) => effects.flatMap((effect) => (effect.kind === 'restart' ? [effect.target] : []));
const notices = (effects: readonly Effect[]) => effects.flatMap((effect) => (effect.kind === 'notice' ? [effect.key ?? ''] : []));
const opened = (state: State = defaultState()): Session => openLink(newSession(), print(state), NOTHING_KEPT).session;
const TEXT = 'the lighthouse keeper kept the light. '.repeat(20);
const plan = planWith;
/** The steps a transition retrains to once the trainer is ready with a quick plan. */
const replayed = ({ session, effects }: { session: Session; effects: readonly Effect[] }) => [...restarts(effects), ...restarts(planned(session, plan(1e-4)).effects)];

describe('opening a link', () => {
  it('shows its settings, asks its prompt and retrains to its step', () => {
    const step = openLink(newSession(), print({ ...defaultState(), steps: 40 }), NOTHING_KEPT);
    expect(step.session.opened).toBe(true);
    expect(step.session.state.steps).toBe(40);
    expect(kinds(step.effects)).toEqual(['notices', 'show', 'clear', 'question', 'restart']);
    // at step 0 first; the core's plan says the replay is short, so it goes on
    expect(replayed(step)).toEqual([0, 40]);
  });

  it('opens a long replay at step 0 and offers the replay', () => {
    const { session, effects } = openLink(newSession(), print({ ...defaultState(), hidden: 512, steps: 1_000_000 }), NOTHING_KEPT);
    expect(restarts(effects)).toEqual([0]);
    const ready = planned(session, plan(0.01)).effects;
    expect(ready.at(-1)).toMatchObject({ kind: 'offer', key: 'replay', label: 'Retrain to step 1,000,000', target: 1_000_000 });
  });

  it("says what the link's problems were, in place of the last link's", () => {
    const { effects } = openLink(newSession(), '#hidden=banana', NOTHING_KEPT);
    expect(effects[0]).toMatchObject({ kind: 'notices', key: 'opened-link' });
    expect(effects[0]?.kind === 'notices' && effects[0].texts.length).toBe(1);
  });

  it("of a lesson alone opens the lesson's settings; its next step keeps the run going", () => {
    const first = openLink(newSession(), '#lesson=exploding', NOTHING_KEPT);
    expect(first.session.state).toMatchObject({ lesson: 'exploding', lesson_step: 1, steps: 5 });
    const next = openLink(first.session, print({ ...first.session.state, lesson_step: 2 }), NOTHING_KEPT);
    expect(next.session.state.lesson_step).toBe(2);
    expect(restarts(next.effects)).toEqual([]);
    const other = openLink(first.session, print({ ...first.session.state, hidden: 64 }), NOTHING_KEPT);
    expect(replayed(other)).toEqual([0, 5]);
  });

  it('of an own text finds the text kept in this browser, or waits for it without training another', () => {
    const digest = textDigest(TEXT);
    const link = print({ ...defaultState(), corpus: 'text', text: digest, steps: 20 });
    const kept = (): KeptText => ({ digest, text: TEXT });
    const found = openLink(newSession(), link, kept);
    expect(found.session).toMatchObject({ ownText: TEXT, ownDigest: digest, wantedText: null });
    expect(found.effects).toContainEqual({ kind: 'text', text: TEXT });
    expect(replayed(found)).toEqual([0, 20]);
    const waiting = openLink(newSession(), link, NOTHING_KEPT);
    expect(waiting.session).toMatchObject({ ownText: null, wantedText: digest });
    expect('missing' in toConfig(waiting.session.state, waiting.session.ownText)).toBe(true);
    expect(askForText(waiting.session)).toMatch(/trained on its sender's own text/);
  });
});

describe('changing a setting', () => {
  it('starts over at step 0, with a note of what was corrected', () => {
    const { session, effects } = changeSettings(opened({ ...defaultState(), steps: 300 }), { hidden: 64 }, 'hidden: used 64', NOTHING_KEPT);
    expect(session.state).toMatchObject({ hidden: 64, steps: 0 });
    expect(notices(effects)).toEqual(['']);
    expect(kinds(effects).slice(-2)).toEqual(['show', 'restart']);
  });

  it("to another corpus asks that corpus's prompt, unless the user wrote their own; only a tagger reads both ways", () => {
    const tagger = changeSettings(opened(), { corpus: 'sentiment' }, undefined, NOTHING_KEPT).session.state;
    expect(tagger.prompt).toBe(promptFor(tagger));
    const bidirectional = { ...tagger, bidirectional: true };
    const back = changeSettings(opened(bidirectional), { corpus: 'agreement' }, undefined, NOTHING_KEPT);
    expect(back.session.state).toMatchObject({ prompt: 'The writer of the books', bidirectional: false });
    expect(back.effects).toContainEqual({ kind: 'question', prompt: 'The writer of the books', pairs: corpusReadouts(back.session.state).pairs });
    const own = changeSettings(opened({ ...defaultState(), prompt: 'The keys to the cabinet' }), { corpus: 'memory' }, undefined, NOTHING_KEPT);
    expect(own.session.state.prompt).toBe('The keys to the cabinet');
  });

  it('to "your own text" brings back the text of an earlier visit', () => {
    const kept = (): KeptText => ({ digest: textDigest(TEXT), text: TEXT });
    const { session, effects } = changeSettings(opened(), { corpus: 'text' }, undefined, kept);
    expect(session).toMatchObject({ ownText: TEXT, state: { corpus: 'text', text: textDigest(TEXT) } });
    expect(kinds(effects)).toEqual(['question', 'text', 'show', 'restart']);
  });
});

describe('giving a text', () => {
  const waiting = openLink(newSession(), print({ ...defaultState(), corpus: 'text', text: textDigest(TEXT), steps: 20 }), NOTHING_KEPT).session;

  it("that is the link's trains the link's experiment to its step, and keeps the text", () => {
    const given = giveText(waiting, TEXT, undefined);
    expect(given.session).toMatchObject({ wantedText: null, ownText: TEXT, state: { text: textDigest(TEXT) } });
    expect(kinds(given.effects)).toEqual(['text', 'keep', 'clear', 'show', 'restart']);
    expect(replayed(given)).toEqual([0, 20]);
  });

  it("that is not the link's says so and still waits for it", () => {
    const { session, effects } = giveText(waiting, 'another text entirely. '.repeat(20), undefined);
    expect(session.wantedText).toBe(textDigest(TEXT));
    expect(notices(effects)).toEqual(['text-match']);
  });

  it('that could not be read only says why', () => {
    const { session, effects } = giveText(waiting, null, 'notes.pdf is not a text file');
    expect(session).toBe(waiting);
    expect(effects).toEqual([{ kind: 'notice', text: 'notes.pdf is not a text file', key: 'text' }]);
  });
});

describe('asking', () => {
  it("keeps the link's pairs while the box shows the corpus's, and takes the box's once the user changes them", () => {
    const start = opened();
    const same = askQuestion(start, 'The keys to the cabinet', corpusReadouts(start.state).pairs, undefined);
    expect(same.session.state).toMatchObject({ prompt: 'The keys to the cabinet', pairs: start.state.pairs });
    const changed = askQuestion(start, 'The dog', [['runs', 'run']], undefined);
    expect(changed.session.state.pairs).toEqual([['runs', 'run']]);
    expect(changed.effects).toEqual([{ kind: 'show' }, { kind: 'pairs', pairs: [['runs', 'run']] }]);
  });

  it('probes the pairs of the corpus, and a tagger its tags', () => {
    const asked = nextProbe(planned(opened(), plan(1e-4)).session, true, 500);
    expect(asked.session).toMatchObject({ probedPairs: corpusReadouts(defaultState()).pairs, lastStripsAt: 500 });
    expect(asked.ask).toMatchObject({ prompt: 'The writer of the books', strips: true, saliency: true });
    expect(nextProbe(opened({ ...defaultState(), corpus: 'sentiment' }), true, 500).ask).toEqual({ tags: 'The writer of the books' });
  });

  it('draws each sample with the next seed, and nothing from a tagger', () => {
    const first = nextSample(opened({ ...defaultState(), seed: 7 }), 100);
    const second = first === null ? null : nextSample(first.session, 200);
    expect([first?.seed, second?.seed]).toEqual([8, 9]);
    expect(nextSample(opened({ ...defaultState(), corpus: 'sentiment' }), 100)).toBeNull();
  });

  it('asks strips every second and samples every three while training, both when training stops', () => {
    const session = { ...opened(), lastStripsAt: 1000, lastSampleAt: 1000 };
    expect(due(session, false, 1500)).toEqual({ strips: false, sample: false });
    expect(due(session, false, 2500)).toEqual({ strips: true, sample: false });
    expect(due(session, false, 4500)).toEqual({ strips: true, sample: true });
    expect(due(session, true, 1001)).toEqual({ strips: true, sample: true });
  });
});

describe('a model file', () => {
  const bytes = new Uint8Array([1, 2, 3]);
  const config = toConfig({ ...defaultState(), hidden: 32 }, null);

  it("replaces the settings with the file's, restarts, then takes its weights", () => {
    const { session, effects } = openModelFile(opened(), { name: 'lstm-step300.safetensors', config, step: 300, bytes });
    expect(session).toMatchObject({ opening: 'lstm-step300.safetensors', state: { hidden: 32, steps: 300 } });
    expect(kinds(effects)).toEqual(['clear', 'show', 'restart', 'import']);
    expect(restarts(effects)).toEqual([0]);
  });

  it("trained on a text it does not carry keeps the page's experiment and says what to give", () => {
    const textless = { ...toConfig({ ...defaultState(), corpus: 'text' }, 'x'.repeat(100)), corpus: { kind: 'text' } };
    const start = opened();
    const { session, effects } = openModelFile(start, { name: 'notes.safetensors', config: textless, step: 10, bytes });
    expect(session.state).toEqual(start.state);
    expect(notices(effects).at(-1)).toBe('open');
    expect(restarts(effects)).toEqual([]);
  });
});

describe('a button or a lesson', () => {
  it('settles on new settings and retrains to their step', () => {
    const next = { ...defaultState(), compare: true };
    expect(settle(opened(), next, 60)).toEqual({ session: { ...opened(), state: next }, effects: [{ kind: 'show' }, { kind: 'restart', target: 60 }] });
  });
});

describe('a built-in text', () => {
  it('is wanted until it loads, then trains its link to its step with the text the core checks', () => {
    const session = opened({ ...defaultState(), corpus: 'english', steps: 30 });
    expect(builtinWanted(session)).toBe('english');
    expect(toConfig(session.state, textOf(session))).toEqual({ missing: 'text' });
    expect(inspectionOf({ ...session, plan: plan(1e-4) }, null)?.flowText).toBeNull(); // no window asked of a text not there yet
    const { session: loaded, effects } = builtinLoaded(session, 'english', TEXT);
    expect(builtinWanted(loaded)).toBeNull();
    expect(replayed({ session: loaded, effects })).toEqual([0, 30]); // at step 0, then to the link's once planned
    const config = toConfig(loaded.state, textOf(loaded));
    expect('missing' in config ? null : config.corpus).toEqual({ kind: 'english', text: TEXT });
  });

  it('that arrives after another corpus was chosen is kept, and trains nothing', () => {
    const session = changeSettings(opened({ ...defaultState(), corpus: 'korean' }), { corpus: 'agreement' }, undefined, NOTHING_KEPT).session;
    const { session: loaded, effects } = builtinLoaded(session, 'korean', TEXT);
    expect(effects).toEqual([]);
    expect(loaded.builtin.korean).toBe(TEXT);
  });

  it('asks its own kind of prompt, not the grammar sentence', () => {
    expect(promptFor({ ...defaultState(), corpus: 'english' })).toBe('ROMEO:');
    expect(promptFor({ ...defaultState(), corpus: 'korean' })).toBe('그날 밤');
    // a hand-written link that names no prompt gets its corpus's; one that names a prompt keeps it
    expect(openLink(newSession(), '#corpus=english', NOTHING_KEPT).session.state.prompt).toBe('ROMEO:');
    expect(openLink(newSession(), '#corpus=english&prompt=To%20be', NOTHING_KEPT).session.state.prompt).toBe('To be');
    expect(openLink(newSession(), '#corpus=agreement', NOTHING_KEPT).session.state.prompt).toBe('The writer of the books');
  });
});
