// Compare mode: the variants the main experiment is not train side by side with its settings, each its
// own Experiment (a training worker and a prompt worker), driven by the same buttons. For a language
// model the variants are the three cells, for a tagger forward-only and bidirectional. One chart shows
// their loss curves; one row per variant shows its answer (P of the first pair's first word, or the
// prompt's words tagged), its parameter count and its training speed.

import uPlot from 'uplot';
import { probabilityBar, showProbability } from './bars';
import { chartOptions, chartSize, finite } from './charts';
import type { Config } from './config';
import { greyOut } from './divergence';
import { workersEach } from './cores';
import { Experiment } from './experiment';
import type { Alternative, Divergence, StepReport, TagReadout } from './protocol';
import { Redraw } from './redraw';
import { TrainingSeries } from './series';
import type { Pair, State } from './state';
import { showTags } from './tags';
import { formatNumber } from './format';

type Cell = State['cell'];
/** A model compare mode trains: a cell (language models), or a tagger's directions. */
export type Variant = Cell | 'forward' | 'bidirectional';
type Mode = 'cells' | 'directions';
const VARIANTS: Readonly<Record<Mode, readonly Variant[]>> = { cells: ['rnn', 'gru', 'lstm'], directions: ['forward', 'bidirectional'] };
const ALL: readonly Variant[] = [...VARIANTS.cells, ...VARIANTS.directions];
const NAMES: Readonly<Record<Variant, string>> = { rnn: 'RNN', gru: 'GRU', lstm: 'LSTM', forward: 'Forward-only', bidirectional: 'Bidirectional' };
const COLORS: Readonly<Record<Variant, string>> = { rnn: '#d9480f', gru: '#ae3ec9', lstm: '#2463eb', forward: '#d9480f', bidirectional: '#2463eb' };
const CAPTIONS: Readonly<Record<Mode, string>> = {
  cells: "RNN, GRU and LSTM side by side, with the same settings: watch which loss falls lowest, and which cell's P(is) for the prompt leaves the attractor behind first.",
  directions:
    'Forward-only and bidirectional side by side, with the same settings: both learn the adjectives and the sentence, but only the bidirectional one tags "terribly" and "not" right, since only the words after them decide.',
};
const CAPACITY = 1000; // points per curve; older steps merge

export interface CompareElements {
  panel: HTMLElement; // hidden unless comparing
  chart: HTMLElement;
  answers: HTMLElement;
  caption: HTMLElement;
}

/** One extra model. */
interface Companion {
  cell: Variant;
  experiment: Experiment;
}

export class Comparison {
  private companions: Companion[] = [];
  private readonly series = new Map<Variant, TrainingSeries>(ALL.map((variant) => [variant, new TrainingSeries(CAPACITY)]));
  private mode: Mode = 'cells';
  private plot: uPlot;
  private question: { prompt: string; pair: Pair | null } = { prompt: '', pair: null };
  private readonly redraw = new Redraw(() => this.draw());

  constructor(
    private readonly elements: CompareElements,
    private readonly onProblem: (message: string) => void,
  ) {
    this.plot = this.build();
    new ResizeObserver(() => this.plot.setSize(chartSize(elements.chart))).observe(elements.chart);
  }

  private get variants(): readonly Variant[] {
    return VARIANTS[this.mode];
  }

  /** The chart, the answer rows and the caption for the current mode. */
  private build(): uPlot {
    const { chart, answers, caption } = this.elements;
    const variants = this.variants;
    chart.replaceChildren();
    const plot = new uPlot(
      {
        ...chartOptions(chart),
        scales: { x: { time: false } },
        axes: [{ label: 'step' }, { label: this.mode === 'cells' ? 'bits/char' : 'bits/tag' }],
        series: [{ label: 'step' }, ...variants.map((variant) => ({ label: NAMES[variant], stroke: COLORS[variant], spanGaps: true }))],
      },
      [[], ...variants.map(() => [])],
      chart,
    );
    chart.setAttribute('aria-label', `Chart of the loss of ${variants.map((v) => NAMES[v]).join(', ')} by step`);
    answers.replaceChildren(...variants.map((variant) => (this.mode === 'cells' ? answerRow(variant) : tagsRow(variant))));
    const [title, ...rest] = CAPTIONS[this.mode].split(', with');
    const strong = document.createElement('strong');
    strong.textContent = title ?? '';
    caption.replaceChildren(strong, `, with${rest.join(', with')}`);
    return plot;
  }

  get active(): boolean {
    return !this.elements.panel.hidden;
  }

  /**
   * Starts over with fresh models for the cells other than `main`, from `configOf(cell)`, trained to
   * `target` steps (a link's) and then paused; does nothing while compare mode is off.
   */
  restart(main: Variant, configOf: (variant: Variant) => Config | null, target: number): void {
    this.stopCompanions();
    const mode: Mode = VARIANTS.cells.includes(main) ? 'cells' : 'directions';
    if (mode !== this.mode) {
      this.mode = mode;
      this.plot.destroy();
      this.plot = this.build();
    }
    for (const series of this.series.values()) series.clear();
    for (const cell of this.variants) {
      this.showAnswer(cell, null, null);
      this.describe(cell, null, null);
      this.setDiverged(cell, null);
    }
    this.redraw.request();
    if (!this.active) return;
    for (const cell of this.variants) {
      const config = configOf(cell);
      if (cell === main || config === null) continue;
      const companion = this.spawn(cell);
      companion.experiment.start(config, target, workersEach(this.variants.length));
      this.companions.push(companion);
    }
  }

  /** Compare mode on or off; the extra models start with the next `restart`. */
  toggle(on: boolean): void {
    if (on === this.active) return;
    this.elements.panel.hidden = !on;
    if (on) this.plot.setSize(chartSize(this.elements.chart));
  }

  // Train, Pause and Step go to every extra model too
  train(): void {
    for (const companion of this.companions) companion.experiment.train();
  }

  pause(): void {
    for (const companion of this.companions) companion.experiment.pause();
  }

  stepOnce(): void {
    for (const companion of this.companions) companion.experiment.stepOnce();
  }

  /** A cell's size and speed beside its answer (null: not known yet). */
  describe(cell: Variant, parameters: number | null, charsPerSec: number | null): void {
    const about = this.elements.answers.querySelector<HTMLElement>(`[data-cell="${cell}"] .cell-size`);
    if (about == null) return;
    const size = parameters === null ? '' : `${formatNumber(parameters)} parameters`;
    const speed = charsPerSec === null ? '' : `, ${formatNumber(Math.round(charsPerSec))} chars/s`;
    const text = size + speed;
    if (about.textContent !== text) about.textContent = text;
  }

  /** The main experiment's steps, for its curve. */
  record(cell: Variant, reports: readonly StepReport[]): void {
    if (!this.active) return;
    const series = this.series.get(cell);
    for (const report of reports) series?.push(report);
    this.redraw.request();
  }

  /** The main experiment's answer for the first pair. */
  answer(cell: Variant, step: number, alternatives: readonly Alternative[] | undefined, pair: Pair | undefined): void {
    if (!this.active || alternatives === undefined || pair === undefined) return;
    this.showAnswer(cell, step, { pair, probability: alternatives[0]?.prob ?? Number.NaN });
  }

  /** A tagger's words for the prompt, in its row. */
  tags(variant: Variant, step: number, readout: TagReadout): void {
    const row = this.elements.answers.querySelector<HTMLElement>(`[data-cell="${variant}"]`);
    const words = row?.querySelector<HTMLElement>('.tags');
    const at = row?.querySelector<HTMLElement>('.at-step');
    if (!this.active || words == null || at == null) return;
    showTags(words, readout, step);
    at.textContent = `step ${step}`;
  }

  /** Greys a cell's answer while its run counts as diverged (null: it does not). */
  setDiverged(cell: Variant, divergence: Divergence | null): void {
    const row = this.elements.answers.querySelector<HTMLElement>(`[data-cell="${cell}"]`);
    const reason = divergence === null ? null : `${NAMES[cell]} diverged at step ${divergence.step}: its answer means nothing.`;
    if (row !== null) greyOut(row, reason);
  }

  /** The prompt and pair every extra model answers from now on. */
  ask(prompt: string, pair: Pair | undefined): void {
    this.question = { prompt, pair: pair ?? null };
    for (const companion of this.companions) this.probe(companion);
  }

  private spawn(cell: Variant): Companion {
    const problem = (message: string) => this.onProblem(`Compare mode's ${NAMES[cell]}: ${message}.`);
    const companion: Companion = {
      cell,
      experiment: new Experiment(
        `compare ${cell}`,
        {
          onProbe: (result) => {
            if (this.question.pair !== null) this.answer(cell, result.step, result.pairs[0], this.question.pair);
          },
          onTags: (result) => this.tags(cell, result.step, result.tags),
          onStrips: () => undefined,
          onSample: () => undefined,
          onInspect: () => undefined,
          onError: (_request, message) => this.onProblem(`Compare mode's ${NAMES[cell]} can't read the prompt: ${message}.`),
          onSnapshotCrash: problem,
          onTrainerCrash: (message) => this.onProblem(`Compare mode: ${message}. Press Reset to start again.`),
          onReady: (message) => {
            if (!this.companions.includes(companion)) return; // a stopped model's last words
            this.describe(cell, message.parameters, null);
            this.probe(companion);
          },
          onProgress: (message) => {
            if (!this.companions.includes(companion)) return;
            const series = this.series.get(cell);
            for (const report of message.reports) series?.push(report);
            this.redraw.request();
            this.describe(cell, companion.experiment.parameters, companion.experiment.charsPerSec);
            this.setDiverged(cell, message.divergence);
            if (message.snapshot !== null) this.probe(companion);
          },
          onExported: () => undefined,
          onOpened: () => undefined,
          onImported: () => undefined,
          onTrainerError: (request, message) => problem(`${request} failed: ${message}`),
        },
        false,
      ),
    };
    return companion;
  }

  private probe(companion: Companion): void {
    const { prompt, pair } = this.question;
    if (!companion.experiment.snapshots.ready || prompt === '') return; // asked nothing yet
    if (this.mode === 'directions') companion.experiment.snapshots.tags(prompt);
    else if (pair !== null) companion.experiment.snapshots.probe(prompt, [pair], false);
  }

  private stopCompanions(): void {
    for (const companion of this.companions) companion.experiment.terminate();
    this.companions = [];
  }

  private showAnswer(cell: Variant, step: number | null, answer: { pair: Pair; probability: number } | null): void {
    const row = this.elements.answers.querySelector<HTMLElement>(`[data-cell="${cell}"]`);
    const label = row?.querySelector('label');
    const at = row?.querySelector<HTMLElement>('.at-step');
    if (row == null || at == null) return;
    if (label == null) {
      // a tagger's row: its words, cleared for a new model
      const words = row.querySelector<HTMLElement>('.tags');
      if (words !== null && answer === null) showTags(words, null, null);
      if (step === null) at.textContent = '';
      return;
    }
    label.textContent = `${NAMES[cell]} P(${answer?.pair[0] ?? 'is'})`;
    showProbability(row, answer?.probability ?? null);
    at.textContent = step === null ? '' : `step ${step}`;
  }

  private draw(): void {
    const curves = this.variants.map((cell) => {
      const buckets = this.series.get(cell)?.buckets ?? [];
      return [buckets.map((b) => b.step), buckets.map((b) => finite(b.loss / Math.LN2))] as uPlot.AlignedData;
    });
    this.plot.setData(uPlot.join(curves));
  }
}

function answerRow(cell: Variant): HTMLElement {
  const row = document.createElement('div');
  row.className = 'alternative compare-answer';
  row.dataset['cell'] = cell;
  const at = document.createElement('small');
  at.className = 'at-step';
  const size = document.createElement('small');
  size.className = 'cell-size';
  row.append(...probabilityBar(`compare-${cell}`, `${NAMES[cell]} P(is)`), at, size);
  return row;
}

/** A tagger's row: its name, the prompt's words as it tags them, the step, its size and speed. */
function tagsRow(variant: Variant): HTMLElement {
  const row = document.createElement('div');
  row.className = 'compare-answer compare-tags';
  row.dataset['cell'] = variant;
  const name = document.createElement('strong');
  name.textContent = NAMES[variant];
  const words = document.createElement('div');
  words.className = 'tags';
  words.setAttribute('role', 'list');
  words.setAttribute('aria-label', `The prompt's words as the ${NAMES[variant].toLowerCase()} model tags them`);
  const at = document.createElement('small');
  at.className = 'at-step';
  const size = document.createElement('small');
  size.className = 'cell-size';
  row.append(name, words, at, size);
  return row;
}
