// Compare mode: the variants the main experiment is not train side by side with its settings, each its
// own Experiment (a training worker and a prompt worker), driven by the same buttons. For a language
// model the variants are the three cells, for a tagger forward-only and bidirectional. One chart shows
// their loss curves, by characters trained or by seconds (the variants train at their own step rates);
// one row per variant shows its answer (P of the first pair's first word, or the prompt's words
// tagged), its agreement by attractors, a lesson's check on it, its parameter count and its speed.

import uPlot from 'uplot';
import { showProbability } from './bars';
import { agreementText, answerRow, NAMES, tagsRow } from './compare-rows';
import { chartOptions, chartSize, finite } from '../charts/charts';
import type { Config } from '../wasm/core-config';
import { greyOut } from '../charts/divergence';
import { workersEach } from '../workers/cores';
import { Experiment } from '../workers/experiment';
import { type Companions, conditions, type Role, type Variant, type Verdict } from '../lessons/lesson-progress';
import type { Alternative, Divergence, FromSnapshot, Pair, StepReport, TagReadout } from '../wasm/protocol';
import { Redraw } from '../charts/redraw';
import { thin, TrainingSeries } from '../charts/series';
import type { Inspection } from '../workers/snapshots';
import { showTags } from './tags';
import { formatCompact, formatNumber } from '../format';
import { tr } from '../i18n/i18n';

type Mode = 'cells' | 'directions';
const VARIANTS: Readonly<Record<Mode, readonly Variant[]>> = { cells: ['rnn', 'gru', 'lstm'], directions: ['forward', 'bidirectional'] };
const ALL: readonly Variant[] = [...VARIANTS.cells, ...VARIANTS.directions];
const COLORS: Readonly<Record<Variant, string>> = { rnn: '#d9480f', gru: '#ae3ec9', lstm: '#2463eb', forward: '#d9480f', bidirectional: '#2463eb' };
const CAPTIONS: Readonly<Record<Mode, string>> = {
  cells: "RNN, GRU and LSTM side by side, with the same settings: watch which loss falls lowest, and which cell's P(is) for the prompt leaves the attractor behind first.",
  directions:
    'Forward-only and bidirectional side by side, with the same settings: both learn the adjectives and the sentence, but only the bidirectional one tags "terribly" and "not" right, since only the words after them decide.',
};
const CAPACITY = 1000; // points per curve; older steps merge
/** The loss chart's x axis: characters trained, or seconds of training (pauses left out). */
export type Axis = 'chars' | 'seconds';
const AXIS_LABELS: Readonly<Record<Axis, string>> = { chars: 'characters trained', seconds: 'seconds of training' };
type InspectResult = Extract<FromSnapshot, { type: 'inspectResult' }>;

/** How long a variant has trained: seconds at the steps its reports arrived, pauses left out. */
interface Clock {
  seconds: number;
  lastAt: number | null; // when the last report came while it trained; null while paused
  points: [step: number, seconds: number][];
}

export interface CompareElements {
  panel: HTMLElement; // hidden unless comparing
  chart: HTMLElement;
  answers: HTMLElement;
  caption: HTMLElement;
  axis: HTMLFieldSetElement; // radio buttons named "compare-axis", values Axis
}

/** What compare mode tells the page besides its rows: a lesson's check measured on a variant's run. */
export type OnVerdict = (variant: Variant, step: number, verdict: Verdict) => void;

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
  private readonly clocks = new Map<Variant, Clock>(ALL.map((variant) => [variant, { seconds: 0, lastAt: null, points: [] }]));
  private axis: Axis = 'chars';
  private charsPerStep = 1;
  private inspection: Inspection | null = null; // what each extra model's inspection worker measures
  private roles: Companions = { also: [], contrast: [] };
  private main: Variant = 'lstm'; // the page's own model, one of the rows

  constructor(
    private readonly elements: CompareElements,
    private readonly onProblem: (message: string) => void,
    private readonly onVerdict: OnVerdict,
  ) {
    this.plot = this.build();
    new ResizeObserver(() => this.plot.setSize(chartSize(elements.chart))).observe(elements.chart);
    elements.axis.addEventListener('change', (event) => {
      const value = (event.target as HTMLInputElement).value;
      if (value !== 'chars' && value !== 'seconds') return;
      this.axis = value;
      this.plot.destroy();
      this.plot = this.build();
      this.redraw.request();
    });
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
        // millions of characters in full digits ran into each other on a laptop's chart
        axes: [{ label: tr(AXIS_LABELS[this.axis]), values: (_plot: uPlot, splits: number[]) => splits.map(formatCompact) }, { label: tr(this.mode === 'cells' ? 'bits/char' : 'bits/tag') }],
        series: [{ label: AXIS_LABELS[this.axis] }, ...variants.map((variant) => ({ label: NAMES[variant], stroke: COLORS[variant], spanGaps: true }))],
      },
      [[], ...variants.map(() => [])],
      chart,
    );
    chart.setAttribute('aria-label', `Chart of the loss of ${variants.map((v) => NAMES[v]).join(', ')} by ${AXIS_LABELS[this.axis]}`);
    if (answers.dataset['mode'] === this.mode && answers.childElementCount > 0) return plot; // a new axis keeps the rows
    answers.dataset['mode'] = this.mode;
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
    this.main = main;
    const mode: Mode = VARIANTS.cells.includes(main) ? 'cells' : 'directions';
    if (mode !== this.mode) {
      this.mode = mode;
      this.plot.destroy();
      this.plot = this.build();
    }
    for (const series of this.series.values()) series.clear();
    for (const clock of this.clocks.values()) Object.assign(clock, { seconds: 0, lastAt: null, points: [] });
    const own = configOf(main);
    this.charsPerStep = own === null ? 1 : own.train.batch * own.train.bptt;
    for (const cell of this.variants) {
      this.showAnswer(cell, null, null);
      this.describe(cell, null, null);
      this.setDiverged(cell, null);
      this.showInspection(cell, null, null);
    }
    this.redraw.request();
    if (!this.active) return;
    for (const cell of this.variants) {
      const config = configOf(cell);
      if (cell === main || config === null) continue;
      const companion = this.spawn(cell);
      if (this.inspection !== null) companion.experiment.snapshots.setInspection(this.inspection);
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

  /**
   * What every extra model's inspection measures (the main one's, without gradient flow), from the
   * next `restart`; `check` and `roles` follow a lesson at once (see setCheck).
   */
  setInspection(inspection: Inspection | null): void {
    this.inspection = inspection === null ? null : { ...inspection, flowText: null };
    // the companions started before the core's plan came: they measure what it says from now on
    for (const companion of this.companions) companion.experiment.snapshots.setInspection(this.inspection);
  }

  /** A lesson's check, evaluated on every extra model; `roles` say which must hold it and which must not. */
  setCheck(check: unknown, roles: Companions): void {
    this.roles = roles;
    if (this.inspection !== null) this.inspection = { ...this.inspection, check };
    for (const companion of this.companions) companion.experiment.snapshots.setCheck(check);
  }

  /** A variant's inspection (the main one's from the page): its agreement and the lesson's check in its row. */
  inspected(cell: Variant, result: InspectResult): void {
    if (!this.active) return;
    this.showInspection(cell, result.byAttractors, result.outcome);
  }

  // Train, Pause and Step go to every extra model too
  train(): void {
    const now = performance.now();
    for (const clock of this.clocks.values()) clock.lastAt ??= now;
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

  /** A variant's steps, for its curve; `running`: it trains on after them (the clock runs). */
  record(cell: Variant, reports: readonly StepReport[], running: boolean): void {
    if (!this.active) return;
    const series = this.series.get(cell);
    for (const report of reports) series?.push(report);
    const clock = this.clocks.get(cell);
    const now = performance.now();
    const last = reports.at(-1);
    if (clock !== undefined) {
      if (clock.lastAt !== null) clock.seconds += (now - clock.lastAt) / 1000;
      clock.lastAt = running ? now : null;
      if (last !== undefined) clock.points.push([last.step, clock.seconds]);
      thin(clock.points, 4 * CAPACITY);
    }
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
          onInspect: (result) => {
            if (!this.companions.includes(companion)) return;
            this.showInspection(cell, result.byAttractors, result.outcome);
            if (result.outcome !== null) this.onVerdict(cell, result.step, result.outcome);
          },
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
            this.record(cell, message.reports, message.running);
            this.describe(cell, companion.experiment.parameters, companion.experiment.charsPerSec);
            this.setDiverged(cell, message.divergence);
            if (message.snapshot !== null) this.probe(companion);
          },
          onTrainerError: (request, message) => problem(`${request} failed: ${message}`),
        },
        true,
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

  /** A row's agreement by attractors and the lesson's check on its model (null: not measured yet). */
  private showInspection(cell: Variant, byAttractors: readonly number[] | null, verdict: Verdict | null): void {
    const row = this.elements.answers.querySelector<HTMLElement>(`[data-cell="${cell}"]`);
    const agreement = row?.querySelector<HTMLElement>('.cell-agreement');
    const check = row?.querySelector<HTMLElement>('.cell-check');
    if (agreement == null || check == null) return;
    if (byAttractors !== null) agreement.textContent = agreementText(byAttractors);
    else if (verdict === null) agreement.textContent = '';
    const role: Role = this.roles.contrast.includes(cell) ? 'contrast' : cell === this.main || this.roles.also.includes(cell) ? 'holds' : 'aside';
    const lines = verdict === null || this.inspection?.check == null ? [] : conditions(this.inspection.check, verdict, null, role);
    check.textContent = lines.map((line) => line.text).join('; ');
    check.dataset['role'] = role;
    if (verdict === null) {
      delete check.dataset['holds'];
      delete check.dataset['met'];
      return;
    }
    check.dataset['holds'] = String(verdict.holds);
    // the mark says whether the row does what the lesson's claim asks of it (a contrast: miss the check)
    if (role === 'aside') delete check.dataset['met'];
    else check.dataset['met'] = String(role === 'contrast' ? !verdict.holds : verdict.holds);
  }

  private draw(): void {
    const curves = this.variants.map((cell) => {
      const buckets = this.series.get(cell)?.buckets ?? [];
      const x = this.axis === 'chars' ? buckets.map((b) => b.step * this.charsPerStep) : buckets.map((b) => secondsAt(this.clocks.get(cell), b.step));
      return [x, buckets.map((b) => finite(b.loss / Math.LN2))] as uPlot.AlignedData;
    });
    this.plot.setData(uPlot.join(curves));
  }
}

/** The seconds a variant had trained when it reached `step` (the first report at or after it). */
function secondsAt(clock: Clock | undefined, step: number): number {
  const points = clock?.points ?? [];
  let [low, high] = [0, points.length - 1];
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((points[middle]?.[0] ?? 0) < step) low = middle + 1;
    else high = middle;
  }
  return points[low]?.[1] ?? 0;
}
