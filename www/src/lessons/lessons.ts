// lessons/: the lessons as data (data/, one file each), their panel (this file) and the progress of a lesson's claim (lesson-progress.ts).
// Guided lessons (data/, read also by the core's tests/lessons.rs). A lesson is an ordinary link:
// its settings, `lesson` and `lesson_step`. Its panel sits beside the chart its step is about and
// highlights it, the settings form shows only the controls the lesson needs, and the inspection worker
// evaluates the lesson's check on every look inside the model (compare mode's runs too): the panel lists
// each condition with its value and target, and says "Seen" once the whole claim held on SEEN_AFTER
// evaluations in a row. Before the run, it asks the student to predict; at "Seen", it says if that held.

import { fromConfig } from '../state/config';
import { lessons } from './data';
import { type Companions, claimHolds, conditions, type Condition, SEEN_AFTER, UNSEEN, type Variant, type Verdict, type Watch, watchNext } from './lesson-progress';
import { defaultState, type FieldName, FIELD_NAMES, isTagging, print, type State } from '../state/state';

export type Lesson = (typeof lessons)[number];
export const LESSONS: readonly Lesson[] = lessons;

export interface LessonElements {
  list: HTMLOListElement; // inside the nav labelled "Lessons"
  panel: HTMLElement; // labelled "Lesson"; moved beside the chart its step is about
  title: HTMLElement;
  text: HTMLElement;
  steps: HTMLOListElement;
  status: HTMLOutputElement;
  progress: HTMLUListElement; // each condition of the check, its value and its target
  predict: HTMLFieldSetElement; // the question asked before the run
  verdict: HTMLElement; // whether the prediction held, once seen
  show: HTMLButtonElement; // scrolls to the chart that shows the phenomenon
  rerun: HTMLButtonElement;
  close: HTMLAnchorElement;
}

export interface LessonCallbacks {
  /** The lesson wants these settings (its rerun); the page applies them and trains again. */
  onSettings(state: State): void;
  /** Only these settings are shown (null: all). */
  onControls(names: readonly FieldName[] | null): void;
  /** The check to evaluate from now on (null: none), and the runs beside the main one it names. */
  onCheck(check: unknown, companions: Companions): void;
}

const CHART_NAMES: Readonly<Record<string, string>> = {
  'agreement-chart': 'agreement chart',
  'flow-chart': 'gradient-flow heatmap',
  'spectra-chart': 'spectral radius chart',
  'gradient-chart': 'gradient norm chart',
  'loss-chart': 'loss chart',
  'compare-panel': 'compare chart',
  alternatives: 'answer bars',
  tags: 'tagged words',
  'layer-gradient-chart': 'gradient norm per layer chart',
};

/** The settings a lesson opens with, at its step `step` (from 1). */
export function lessonState(lesson: Lesson, step = 1, config: unknown = lesson.config): State {
  const { patch } = fromConfig(config);
  const trainTo = 'train_to' in lesson ? lesson.train_to : 0;
  const prompt = 'prompt' in lesson ? { prompt: lesson.prompt } : {}; // a tagger's lesson gives a sentence to tag
  return { ...defaultState(), ...patch, ...prompt, compare: lesson.compare, steps: trainTo, lesson: lesson.id, lesson_step: step };
}

/** A link named a lesson but no settings of its own: the lesson's, at its step. */
export function lessonSettings(state: State): State {
  const lesson = LESSONS.find((l) => l.id === state.lesson);
  if (lesson === undefined) return state;
  const own = lessonState(lesson, state.lesson_step);
  // the link's prompt, unless it left it at the page's default and the lesson has one of its own
  const prompt = state.prompt === defaultState().prompt ? own.prompt : state.prompt;
  return { ...own, prompt, pairs: state.pairs };
}

/** The link to a lesson's step: a teacher can paste it ("open step 3 of the exploding lesson"). */
export function lessonLink(lesson: Lesson, step = 1): string {
  return print(lessonState(lesson, step));
}

/** The runs a lesson's claim names beside its own (a lesson file's `also` and `contrast`'s variants). */
export function companionsOf(lesson: Lesson): Companions {
  const also = ('also' in lesson ? lesson.also : []) as Variant[];
  const contrast = ('contrast' in lesson ? (lesson.contrast as { variant?: string }[]) : []).flatMap((entry) => (entry.variant === undefined ? [] : [entry.variant as Variant]));
  return { also, contrast };
}

const NAMES: Readonly<Record<Variant, string>> = { rnn: 'RNN', gru: 'GRU', lstm: 'LSTM', forward: 'Forward-only', bidirectional: 'Bidirectional' };

/** The model the settings train (compare mode's name for it). */
function variantOf(state: State): Variant {
  if (isTagging(state)) return state.bidirectional ? 'bidirectional' : 'forward';
  return state.cell;
}

/** What the panel lists for a lesson's claim: the main run's conditions, then each companion's. */
export function claimConditions(
  check: unknown,
  companions: Companions,
  main: { variant: Variant; verdict: Verdict | null; comparing: boolean },
  verdictOf: (variant: Variant) => Verdict | null,
): Condition[] {
  const lines = conditions(check, main.verdict, main.comparing ? NAMES[main.variant] : null);
  const others = [...companions.also, ...companions.contrast].filter((variant) => variant !== main.variant);
  if (!main.comparing) {
    // a comparative claim is not seen on one run alone
    if (others.length > 0) lines.push({ text: `the ${others.map((v) => NAMES[v]).join(' and the ')} beside it: press Compare`, met: null, role: 'holds' });
    return lines;
  }
  for (const variant of companions.also) if (variant !== main.variant) lines.push(...conditions(check, verdictOf(variant), NAMES[variant]));
  for (const variant of companions.contrast) {
    if (variant === main.variant) continue;
    const own = conditions(check, verdictOf(variant), NAMES[variant], 'contrast');
    if (own.length > 1) lines.push({ text: `${NAMES[variant]} must miss at least one of these:`, met: null, role: 'contrast' });
    lines.push(...own);
  }
  return lines;
}

/** What the panel says about the student's prediction once the lesson is seen. */
export function predictionVerdict(predict: { answers: readonly string[]; right: number; why: string }, chosen: number | null): string {
  const answer = predict.answers[predict.right] ?? '';
  if (chosen === null) return `The answer: ${answer}. ${predict.why}`;
  if (chosen === predict.right) return `Your prediction held: ${answer}. ${predict.why}`;
  return `Your prediction, "${predict.answers[chosen] ?? ''}", did not hold: ${answer}. ${predict.why}`;
}

export class LessonPanel {
  private lesson: Lesson | null = null;
  private rerun = false; // watching the rerun's check (the state has the rerun's settings)
  private watch: Watch = UNSEEN;
  private announced = 'null'; // the check last handed to the inspection, as JSON
  private variant: Variant = 'lstm'; // the main run's
  private comparing = false;
  private main: Verdict | null = null;
  private readonly others = new Map<Variant, Verdict>(); // compare mode's runs, by variant
  private chosen: number | null = null; // the student's prediction
  private shownStep: string | null = null; // the lesson and step last shown, so only a new one scrolls the page
  private evaluations = 0; // of the main run's claim since it started (read by the tests)
  private highlighted: Element | null = null;

  constructor(
    private readonly elements: LessonElements,
    private readonly callbacks: LessonCallbacks,
  ) {
    elements.list.replaceChildren(
      ...LESSONS.map((lesson, i) => {
        const item = document.createElement('li');
        const link = document.createElement('a');
        link.href = lessonLink(lesson);
        link.textContent = lesson.title;
        link.dataset['lesson'] = lesson.id;
        item.append(`${i + 1}. `, link);
        return item;
      }),
    );
    elements.show.addEventListener('click', () => this.pointAt(this.lesson?.chart ?? null, true));
    elements.rerun.addEventListener('click', () => {
      const lesson = this.lesson;
      if (lesson === null || !('rerun' in lesson)) return;
      callbacks.onSettings({ ...lessonState(lesson, lesson.steps.length, lesson.rerun.config), steps: lesson.rerun.train_to });
    });
  }

  /** The check the inspection worker evaluates for the open lesson, or null without one. */
  get check(): unknown {
    if (this.lesson === null) return null;
    return this.rerun && 'rerun' in this.lesson ? this.lesson.rerun.check : this.lesson.check;
  }

  /** The runs beside the main one the open lesson's claim names (a rerun names none). */
  get companions(): Companions {
    return this.lesson === null || this.rerun ? { also: [], contrast: [] } : companionsOf(this.lesson);
  }

  /** Shows the lesson and step `state` names (or none); call before the experiment restarts. */
  show(state: State): void {
    const lesson = LESSONS.find((l) => l.id === state.lesson) ?? null;
    const { panel } = this.elements;
    if (lesson === null && this.lesson === null && panel.hidden) return; // every change of setting comes here
    if (lesson !== this.lesson) this.chosen = null;
    this.lesson = lesson;
    this.variant = variantOf(state);
    this.comparing = state.compare;
    for (const link of this.elements.list.querySelectorAll<HTMLAnchorElement>('a[data-lesson]')) {
      if (link.dataset['lesson'] === lesson?.id) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    if (lesson === null) {
      panel.hidden = true;
      this.shownStep = null;
      this.pointAt(null, false);
      this.callbacks.onControls(null);
      this.announce();
      return;
    }
    this.rerun = 'rerun' in lesson && sameSettings(state, lessonState(lesson, 1, lesson.rerun.config));
    // however the lesson was reached (a link, the list, a step, a rerun), the inspection follows its check
    this.announce();
    const index = Math.min(state.lesson_step, lesson.steps.length) - 1;
    const step = lesson.steps[index];
    this.elements.title.textContent = lesson.title;
    this.elements.text.textContent = step?.text ?? '';
    this.elements.steps.replaceChildren(
      ...lesson.steps.map((_, i) => {
        const item = document.createElement('li');
        const link = document.createElement('a');
        link.href = print({ ...state, lesson_step: i + 1 });
        link.textContent = `Step ${i + 1}`;
        if (i === index) link.setAttribute('aria-current', 'step');
        item.append(link);
        return item;
      }),
    );
    this.elements.rerun.hidden = !('rerun' in lesson) || this.rerun || index !== lesson.steps.length - 1;
    if ('rerun' in lesson) this.elements.rerun.textContent = lesson.rerun.label;
    this.elements.close.href = print({ ...state, lesson: '', lesson_step: 1 });
    panel.hidden = false;
    this.callbacks.onControls(lesson.controls as FieldName[]);
    this.pointAt(step?.chart ?? null, false);
    this.showPrediction(lesson);
    this.render();
    const shown = `${lesson.id} ${index}`;
    if (shown !== this.shownStep) {
      this.shownStep = shown;
      bringIntoView(panel);
    }
  }

  /** The experiment starts over: whatever was seen was seen in the old one. */
  restart(): void {
    this.forget();
    this.render();
  }

  /** The check's verdict on the main run's weights at `step` (`final`: its training stopped there): one evaluation of the whole claim. */
  observe(step: number, verdict: Verdict, final: boolean): void {
    if (this.lesson === null) return;
    this.main = verdict;
    const holds = claimHolds(verdict, this.companions, (variant) => this.verdictOf(variant));
    this.watch = watchNext(this.watch, step, holds, final);
    this.evaluations += 1;
    this.render();
  }

  /** The check's verdict on compare mode's run of `variant`; counts at the main run's next evaluation. */
  observeCompanion(variant: Variant, verdict: Verdict): void {
    if (this.lesson === null) return;
    this.others.set(variant, verdict);
    this.render();
  }

  private verdictOf(variant: Variant): Verdict | null {
    if (variant === this.variant) return this.main;
    return this.comparing ? (this.others.get(variant) ?? null) : null;
  }

  private forget(): void {
    this.watch = UNSEEN;
    this.evaluations = 0;
    this.main = null;
    this.others.clear();
  }

  /** Hands the check to the page when it changed; what was seen under another check no longer counts. */
  private announce(): void {
    const check = this.check;
    const json = JSON.stringify({ check, companions: this.companions });
    if (json === this.announced) return;
    this.announced = json;
    this.forget();
    this.callbacks.onCheck(check, this.companions);
  }

  private showPrediction(lesson: Lesson): void {
    const { predict } = this.elements;
    if (predict.dataset['lesson'] === lesson.id) return; // built once a lesson: a rebuild would take the focus
    predict.dataset['lesson'] = lesson.id;
    if (!('predict' in lesson)) {
      predict.replaceChildren();
      return;
    }
    const legend = document.createElement('legend');
    legend.textContent = `Predict first: ${lesson.predict.question}`;
    const answers = lesson.predict.answers.map((answer, i) => {
      const label = document.createElement('label');
      const input = document.createElement('input');
      input.type = 'radio';
      input.name = 'lesson-predict';
      input.value = String(i);
      input.checked = this.chosen === i;
      input.addEventListener('change', () => {
        this.chosen = i;
        this.render();
      });
      label.append(input, ` ${answer}`);
      return label;
    });
    predict.replaceChildren(legend, ...answers);
  }

  private render(): void {
    const { status, show, panel, progress, predict, verdict } = this.elements;
    const lesson = this.lesson;
    if (lesson === null) return;
    const chart = CHART_NAMES[lesson.chart] ?? 'chart';
    const seenAt = this.watch.seenAt;
    const watching = this.rerun ? 'the rerun' : 'what this lesson is about';
    const streak = this.watch.streak > 0 ? `: held on ${this.watch.streak} of the ${SEEN_AFTER} evaluations in a row it needs` : '';
    const text = seenAt === null ? `Watching for ${watching}${streak}.` : `Seen at step ${seenAt}: look at the ${chart}.`;
    if (status.value !== text) status.value = text;
    const lines = claimConditions(this.check, this.companions, { variant: this.variant, verdict: this.main, comparing: this.comparing }, (v) => this.verdictOf(v));
    progress.replaceChildren(
      ...lines.map((line) => {
        const item = document.createElement('li');
        item.textContent = line.text;
        if (line.met !== null) item.dataset['met'] = String(line.met);
        item.dataset['role'] = line.role;
        return item;
      }),
    );
    progress.dataset['streak'] = String(this.watch.streak);
    progress.dataset['evaluations'] = String(this.evaluations);
    if (seenAt === null) delete panel.dataset['seenStep'];
    else panel.dataset['seenStep'] = String(seenAt);
    show.hidden = seenAt === null;
    show.textContent = `Show the ${chart}`;
    predict.hidden = !('predict' in lesson) || this.rerun;
    const said = 'predict' in lesson && seenAt !== null && !this.rerun ? predictionVerdict(lesson.predict, this.chosen) : '';
    verdict.hidden = said === '';
    if (verdict.textContent !== said) verdict.textContent = said;
  }

  /** Moves the panel beside the chart `id` and highlights it; with `scroll`, brings it into view. */
  private pointAt(id: string | null, scroll: boolean): void {
    this.highlighted?.classList.remove('lesson-highlight');
    this.highlighted = null;
    const target = id === null ? null : document.getElementById(id);
    if (target === null) return;
    const place = target.closest('figure') ?? target;
    place.classList.add('lesson-highlight');
    this.highlighted = place;
    if (!scroll) place.before(this.elements.panel);
    else place.scrollIntoView({ block: 'center' });
  }
}

/**
 * A lesson or step just opened (from the list, a step link or a link) sits beside its chart, which on a
 * laptop can be below the first screen: the page scrolls to it unless its top half is already in view.
 */
function bringIntoView(panel: HTMLElement): void {
  const { top } = panel.getBoundingClientRect();
  const toolbar = document.getElementById('toolbar')?.getBoundingClientRect().bottom ?? 0; // sticky: it covers what is under it
  if (top < toolbar || top > window.innerHeight / 2) panel.scrollIntoView({ block: 'start' });
}

/** The experiment's settings agree (not the prompt, the lesson or the step shown). */
function sameSettings(a: State, b: State): boolean {
  const ignored: readonly FieldName[] = ['prompt', 'pairs', 'lesson', 'lesson_step', 'steps', 'text'];
  return FIELD_NAMES.every((name) => ignored.includes(name) || JSON.stringify(a[name]) === JSON.stringify(b[name]));
}

