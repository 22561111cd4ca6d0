// Guided lessons (lessons.json, read also by the core's tests/lessons.rs). A lesson is an ordinary link:
// its settings, `lesson` and `lesson_step`. Its panel sits beside the chart its step is about and
// highlights it, the settings form shows only the controls the lesson needs, and the inspection worker
// evaluates the lesson's check on every look inside the model: once it holds, the panel says at which step.

import { fromConfig } from './config';
import data from './lessons.json';
import type { Outcome } from './protocol';
import { defaultState, type FieldName, FIELD_NAMES, print, type State } from './state';

export type Lesson = (typeof data.lessons)[number];
export const LESSONS: readonly Lesson[] = data.lessons;

export interface LessonElements {
  list: HTMLOListElement; // inside the nav labelled "Lessons"
  panel: HTMLElement; // labelled "Lesson"; moved beside the chart its step is about
  title: HTMLElement;
  text: HTMLElement;
  steps: HTMLOListElement;
  status: HTMLOutputElement;
  show: HTMLButtonElement; // scrolls to the chart that shows the phenomenon
  rerun: HTMLButtonElement;
  close: HTMLAnchorElement;
}

export interface LessonCallbacks {
  /** The lesson wants these settings (its rerun); the page applies them and trains again. */
  onSettings(state: State): void;
  /** Only these settings are shown (null: all). */
  onControls(names: readonly FieldName[] | null): void;
}

/** What the check measured, said briefly: "gradient_ratio_below" → "gradient ratio 3.6e-7". */
const MEASURE_NAMES: Readonly<Record<string, string>> = {
  prefers: 'preference',
  gradient_ratio_below: 'gradient kept',
  spectral_radius_below: 'spectral radius',
  spectral_radius_above: 'spectral radius',
  diverged: 'diverged',
  gradient_norm_above: 'largest gradient norm',
  trains: 'loss (bits/char)',
  agreement_above: 'agreement accuracy',
  recall_above: 'recall',
  tag_above: 'P(tag)',
  ambiguous_accuracy_above: 'accuracy decided by the right context',
  layer_ratio_below: 'lowest layer / top layer gradient',
  layer_ratio_above: 'lowest layer / top layer gradient',
};
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

/** The link to a lesson's step: a teacher can paste it ("open step 3 of the exploding lesson"). */
export function lessonLink(lesson: Lesson, step = 1): string {
  return print(lessonState(lesson, step));
}

export class LessonPanel {
  private lesson: Lesson | null = null;
  private rerun = false; // watching the rerun's check (the state has the rerun's settings)
  private seenAt: number | null = null;
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

  /** A link named a lesson but no settings of its own: the lesson's, at its step. */
  settingsOf(state: State): State {
    const lesson = LESSONS.find((l) => l.id === state.lesson);
    if (lesson === undefined) return state;
    const own = lessonState(lesson, state.lesson_step);
    // the link's prompt, unless it left it at the page's default and the lesson has one of its own
    const prompt = state.prompt === defaultState().prompt ? own.prompt : state.prompt;
    return { ...own, prompt, pairs: state.pairs };
  }

  /** Shows the lesson and step `state` names (or none); call before the experiment restarts. */
  show(state: State): void {
    const lesson = LESSONS.find((l) => l.id === state.lesson) ?? null;
    const { panel } = this.elements;
    if (lesson === null && this.lesson === null && panel.hidden) return; // every change of setting comes here
    if (lesson !== this.lesson) this.seenAt = null;
    this.lesson = lesson;
    for (const link of this.elements.list.querySelectorAll<HTMLAnchorElement>('a[data-lesson]')) {
      if (link.dataset['lesson'] === lesson?.id) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    if (lesson === null) {
      panel.hidden = true;
      this.pointAt(null, false);
      this.callbacks.onControls(null);
      return;
    }
    this.rerun = 'rerun' in lesson && sameSettings(state, lessonState(lesson, 1, lesson.rerun.config));
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
    this.render(null);
  }

  /** The experiment starts over: whatever was seen was seen in the old one. */
  restart(): void {
    this.seenAt = null;
    this.render(null);
  }

  /** The check's verdict on the weights at `step`. */
  observe(step: number, outcome: Outcome): void {
    if (this.lesson === null) return;
    if (outcome.holds && this.seenAt === null) this.seenAt = step;
    this.render(outcome);
  }

  private render(outcome: Outcome | null): void {
    const { status, show, panel } = this.elements;
    const lesson = this.lesson;
    if (lesson === null) return;
    const chart = CHART_NAMES[lesson.chart] ?? 'chart';
    const measured = outcome === null ? '' : ` (${outcome.measured.map((m) => `${MEASURE_NAMES[m.check] ?? m.check} ${format(m.value)}`).join(', ')})`;
    const watching = this.rerun ? 'the rerun' : 'what this lesson is about';
    status.value = this.seenAt === null ? `Watching for ${watching}${measured}.` : `Seen at step ${this.seenAt}: look at the ${chart}${measured}.`;
    if (this.seenAt === null) delete panel.dataset['seenStep'];
    else panel.dataset['seenStep'] = String(this.seenAt);
    show.hidden = this.seenAt === null;
    show.textContent = `Show the ${chart}`;
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

/** The experiment's settings agree (not the prompt, the lesson or the step shown). */
function sameSettings(a: State, b: State): boolean {
  const ignored: readonly FieldName[] = ['prompt', 'pairs', 'lesson', 'lesson_step', 'steps', 'text'];
  return FIELD_NAMES.every((name) => ignored.includes(name) || JSON.stringify(a[name]) === JSON.stringify(b[name]));
}

function format(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && (Math.abs(value) < 1e-2 || Math.abs(value) >= 1e4)) return value.toExponential(1);
  return value.toFixed(2);
}
