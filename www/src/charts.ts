// The three live charts (uPlot): loss and validation bits/char; gradient norm with the clipping
// threshold and clip events; agreement accuracy by number of attractors. Redraws at most every
// 100 ms (see redraw.ts).

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { divergenceMarker, tickLabels } from './divergence';
import type { StepReport, Validation } from './protocol';
import { Redraw } from './redraw';
import { TrainingSeries } from './series';

const CAPACITY = 2000; // points per curve; older steps merge (see series.ts)
const HEIGHT = 190;
export const COLORS = { training: '#2463eb', validation: '#d9480f', threshold: '#777', clipped: '#c92a2a', bars: '#2b8a3e' };

export interface ChartElements {
  loss: HTMLElement;
  gradient: HTMLElement;
  agreement: HTMLElement;
}

export class Charts {
  private readonly training = new TrainingSeries(CAPACITY);
  private readonly validation: Validation[] = [];
  private threshold: number | null = null; // only norm clipping compares with the norm drawn here
  private agreement: (number | null)[] = [null, null, null, null, null];
  private readonly loss: uPlot;
  private readonly gradient: uPlot;
  private readonly attractors: uPlot;
  private readonly redraw = new Redraw(() => this.draw());
  private agreementChanged = true; // the bars are redrawn only when a new measurement came
  private divergedAt: number | null = null; // the step the loss and gradient charts mark

  constructor(private readonly elements: ChartElements) {
    const x = { label: 'step', scale: 'x' };
    this.loss = new uPlot(
      {
        ...chartOptions(elements.loss),
        scales: { x: { time: false } },
        axes: [x, { label: 'bits/char' }],
        plugins: [divergenceMarker(() => this.divergedAt)],
        series: [
          { label: 'step' },
          { label: 'training', stroke: COLORS.training, spanGaps: true },
          { label: 'validation', stroke: COLORS.validation, spanGaps: true, points: { show: true } },
        ],
      },
      [[], [], []],
      elements.loss,
    );
    this.gradient = new uPlot(
      {
        ...chartOptions(elements.gradient),
        scales: { x: { time: false }, y: { distr: 3 } },
        // a diverging run's norms reach 1e30 and more: short labels on a wider axis
        axes: [x, { label: 'gradient norm', size: 64, values: tickLabels }],
        plugins: [divergenceMarker(() => this.divergedAt)],
        series: [
          { label: 'step' },
          { label: 'norm', stroke: COLORS.training },
          { label: 'threshold', stroke: COLORS.threshold, dash: [6, 4], points: { show: false } },
          { label: 'clipped', stroke: COLORS.clipped, paths: () => null, points: { show: true, size: 5 } },
        ],
      },
      [[], [], [], []],
      elements.gradient,
    );
    // the full uPlot build always has bar paths; its types mark every path builder optional
    const bars = uPlot.paths.bars;
    if (bars === undefined) throw new Error('this uPlot build has no bar paths');
    this.attractors = new uPlot(
      {
        ...chartOptions(elements.agreement),
        scales: { x: { time: false, range: [-0.5, 4.5] }, y: { range: [0, 100] } },
        axes: [
          { label: 'attractors', splits: () => [0, 1, 2, 3, 4] },
          { label: 'accuracy %' },
        ],
        series: [
          { label: 'attractors' },
          { label: 'accuracy', fill: COLORS.bars, stroke: COLORS.bars, paths: bars({ size: [0.6, 60] }) },
          { label: 'chance', stroke: COLORS.threshold, dash: [6, 4], points: { show: false } },
        ],
      },
      [[0, 1, 2, 3, 4], this.agreement, [50, 50, 50, 50, 50]],
      elements.agreement,
    );
    for (const [plot, element] of [
      [this.loss, elements.loss],
      [this.gradient, elements.gradient],
      [this.attractors, elements.agreement],
    ] as const) {
      new ResizeObserver(() => plot.setSize(chartSize(element))).observe(element);
    }
  }

  push(reports: StepReport[], validation: Validation | null): void {
    for (const report of reports) this.training.push(report);
    if (validation !== null) this.validation.push(validation);
    this.redraw.request();
  }

  /** The norm-clipping threshold, or null when clipping is off or clamps values instead. */
  setThreshold(threshold: number | null): void {
    this.threshold = threshold;
    this.redraw.request();
  }

  /** Accuracy by attractors as measured on the weights of `step`. */
  setAgreement(step: number, byAttractors: number[]): void {
    this.agreement = byAttractors.map((accuracy) => finite(accuracy * 100));
    this.elements.agreement.dataset['step'] = String(step);
    this.agreementChanged = true;
    this.redraw.request();
  }

  /** Marks `step` as where training diverged on the loss and gradient charts (null: no mark). */
  markDivergence(step: number | null): void {
    if (step === this.divergedAt) return;
    this.divergedAt = step;
    for (const element of [this.elements.loss, this.elements.gradient]) {
      if (step === null) delete element.dataset['divergedAt'];
      else element.dataset['divergedAt'] = String(step);
    }
    this.redraw.request(); // the next draw sets the data, and the marker draws with it
  }

  clear(): void {
    this.training.clear();
    this.validation.length = 0;
    this.agreement = [null, null, null, null, null];
    delete this.elements.agreement.dataset['step'];
    this.agreementChanged = true;
    this.redraw.request();
  }

  private draw(): void {
    const buckets = this.training.buckets;
    const steps = buckets.map((b) => b.step);
    const lossBits = buckets.map((b) => finite(b.loss / Math.LN2));
    const validation = this.validation;
    this.loss.setData(
      uPlot.join([
        [steps, lossBits],
        [validation.map((v) => v.step), validation.map((v) => finite(v.bitsPerChar))],
      ]),
    );
    const norms = buckets.map((b) => positive(b.gradNorm));
    this.gradient.setData([
      steps,
      norms,
      steps.map(() => this.threshold),
      buckets.map((b, i) => (b.clipped ? (norms[i] ?? null) : null)),
    ]);
    if (this.agreementChanged) this.attractors.setData([[0, 1, 2, 3, 4], this.agreement, [50, 50, 50, 50, 50]]);
    this.agreementChanged = false;
  }
}

/** What every chart shares: its size, and a legend that names the series without following the pointer. */
export function chartOptions(element: HTMLElement): { width: number; height: number; legend: { live: false } } {
  return { ...chartSize(element), legend: { live: false } };
}

export function chartSize(element: HTMLElement): { width: number; height: number } {
  return { width: Math.max(element.clientWidth, 200), height: HEIGHT };
}

export function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** A log scale can't place zero, negatives or NaN. */
function positive(value: number): number | null {
  return Number.isFinite(value) && value > 0 ? value : null;
}
