// Compare mode: the two cells the main experiment does not use train side by side with its settings,
// each its own Experiment (a training worker and a prompt worker), driven by the same buttons. One
// chart shows the three loss curves; one row per cell shows its answer for the prompt's first pair,
// its parameter count and its training speed.

import uPlot from 'uplot';
import { probabilityBar, showProbability } from './bars';
import { chartOptions, chartSize, finite } from './charts';
import type { Config } from './config';
import { greyOut } from './divergence';
import { workersEach } from './cores';
import { Experiment } from './experiment';
import type { Alternative, Divergence, StepReport } from './protocol';
import { Redraw } from './redraw';
import { TrainingSeries } from './series';
import type { Pair, State } from './state';

type Cell = State['cell'];
const CELLS: readonly Cell[] = ['rnn', 'gru', 'lstm'];
const NAMES: Readonly<Record<Cell, string>> = { rnn: 'RNN', gru: 'GRU', lstm: 'LSTM' };
const COLORS: Readonly<Record<Cell, string>> = { rnn: '#d9480f', gru: '#ae3ec9', lstm: '#2463eb' };
const CAPACITY = 1000; // points per curve; older steps merge

export interface CompareElements {
  panel: HTMLElement; // hidden unless comparing
  chart: HTMLElement;
  answers: HTMLElement;
}

/** One extra model. */
interface Companion {
  cell: Cell;
  experiment: Experiment;
}

export class Comparison {
  private companions: Companion[] = [];
  private readonly series = new Map<Cell, TrainingSeries>(CELLS.map((cell) => [cell, new TrainingSeries(CAPACITY)]));
  private readonly plot: uPlot;
  private question: { prompt: string; pair: Pair | null } = { prompt: '', pair: null };
  private readonly redraw = new Redraw(() => this.draw());

  constructor(
    private readonly elements: CompareElements,
    private readonly onProblem: (message: string) => void,
  ) {
    this.plot = new uPlot(
      {
        ...chartOptions(elements.chart),
        scales: { x: { time: false } },
        axes: [{ label: 'step' }, { label: 'bits/char' }],
        series: [{ label: 'step' }, ...CELLS.map((cell) => ({ label: NAMES[cell], stroke: COLORS[cell], spanGaps: true }))],
      },
      [[], [], [], []],
      elements.chart,
    );
    new ResizeObserver(() => this.plot.setSize(chartSize(elements.chart))).observe(elements.chart);
    elements.answers.replaceChildren(...CELLS.map(answerRow));
  }

  get active(): boolean {
    return !this.elements.panel.hidden;
  }

  /**
   * Starts over with fresh models for the cells other than `main`, from `configOf(cell)`, trained to
   * `target` steps (a link's) and then paused; does nothing while compare mode is off.
   */
  restart(main: Cell, configOf: (cell: Cell) => Config | null, target: number): void {
    this.stopCompanions();
    for (const series of this.series.values()) series.clear();
    for (const cell of CELLS) {
      this.showAnswer(cell, null, null);
      this.describe(cell, null, null);
      this.setDiverged(cell, null);
    }
    this.redraw.request();
    if (!this.active) return;
    for (const cell of CELLS) {
      const config = configOf(cell);
      if (cell === main || config === null) continue;
      const companion = this.spawn(cell);
      companion.experiment.start(config, target, workersEach(CELLS.length));
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
  describe(cell: Cell, parameters: number | null, charsPerSec: number | null): void {
    const about = this.elements.answers.querySelector<HTMLElement>(`[data-cell="${cell}"] .cell-size`);
    if (about == null) return;
    const size = parameters === null ? '' : `${parameters.toLocaleString('en')} parameters`;
    const speed = charsPerSec === null ? '' : `, ${Math.round(charsPerSec).toLocaleString('en')} chars/s`;
    const text = size + speed;
    if (about.textContent !== text) about.textContent = text;
  }

  /** The main experiment's steps, for its curve. */
  record(cell: Cell, reports: readonly StepReport[]): void {
    if (!this.active) return;
    const series = this.series.get(cell);
    for (const report of reports) series?.push(report);
    this.redraw.request();
  }

  /** The main experiment's answer for the first pair. */
  answer(cell: Cell, step: number, alternatives: readonly Alternative[] | undefined, pair: Pair | undefined): void {
    if (!this.active || alternatives === undefined || pair === undefined) return;
    this.showAnswer(cell, step, { pair, probability: alternatives[0]?.prob ?? Number.NaN });
  }

  /** Greys a cell's answer while its run counts as diverged (null: it does not). */
  setDiverged(cell: Cell, divergence: Divergence | null): void {
    const row = this.elements.answers.querySelector<HTMLElement>(`[data-cell="${cell}"]`);
    const reason = divergence === null ? null : `${NAMES[cell]} diverged at step ${divergence.step}: its answer means nothing.`;
    if (row !== null) greyOut(row, reason);
  }

  /** The prompt and pair every extra model answers from now on. */
  ask(prompt: string, pair: Pair | undefined): void {
    this.question = { prompt, pair: pair ?? null };
    for (const companion of this.companions) this.probe(companion);
  }

  private spawn(cell: Cell): Companion {
    const problem = (message: string) => this.onProblem(`Compare mode's ${NAMES[cell]}: ${message}.`);
    const companion: Companion = {
      cell,
      experiment: new Experiment(
        `compare ${cell}`,
        {
          onProbe: (result) => {
            if (this.question.pair !== null) this.answer(cell, result.step, result.pairs[0], this.question.pair);
          },
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
    if (pair !== null && companion.experiment.snapshots.ready) companion.experiment.snapshots.probe(prompt, [pair], false);
  }

  private stopCompanions(): void {
    for (const companion of this.companions) companion.experiment.terminate();
    this.companions = [];
  }

  private showAnswer(cell: Cell, step: number | null, answer: { pair: Pair; probability: number } | null): void {
    const row = this.elements.answers.querySelector<HTMLElement>(`[data-cell="${cell}"]`);
    const label = row?.querySelector('label');
    const at = row?.querySelector<HTMLElement>('.at-step');
    if (row == null || label == null || at == null) return;
    label.textContent = `${NAMES[cell]} P(${answer?.pair[0] ?? 'is'})`;
    showProbability(row, answer?.probability ?? null);
    at.textContent = step === null ? '' : `step ${step}`;
  }

  private draw(): void {
    const curves = CELLS.map((cell) => {
      const buckets = this.series.get(cell)?.buckets ?? [];
      return [buckets.map((b) => b.step), buckets.map((b) => finite(b.loss / Math.LN2))] as uPlot.AlignedData;
    });
    this.plot.setData(uPlot.join(curves));
  }
}

function answerRow(cell: Cell): HTMLElement {
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
