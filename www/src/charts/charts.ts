// charts/: the live charts (this file; flow, layer and spectra charts), the series they thin, their redraw and the divergence mark.
// The three live charts (uPlot): loss and validation bits/char; gradient norm with the clipping
// threshold, clip events and refused steps; agreement accuracy by number of attractors. Redraws at
// most every 100 ms (see redraw.ts).

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { divergenceMarker, tickLabel, tickLabels } from './divergence';
import type { StepReport, Validation } from '../wasm/protocol';
import { Redraw } from './redraw';
import { TrainingSeries } from './series';
import { tr } from '../i18n/i18n';

const CAPACITY = 2000; // points per curve; older steps merge (see series.ts)
const HEIGHT = 190;
export const COLORS = { training: '#2463eb', validation: '#d9480f', threshold: '#777', clipped: '#c92a2a', bars: '#2b8a3e' };
// ticks at whole steps only: a chart of a step or two would otherwise read 0.2, 0.4, ...
const STEP_INCREMENTS = Array.from({ length: 8 }, (_, power) => [1, 2, 5].map((m) => m * 10 ** power)).flat();
const GRADIENT_LABEL = 'Chart of the gradient norm by step';

export interface ChartElements {
  loss: HTMLElement;
  gradient: HTMLElement;
  agreement: HTMLElement;
}

export class Charts {
  private readonly training = new TrainingSeries(CAPACITY);
  private readonly validation: Validation[] = [];
  /** Gradient norms of updates the core refused, by the step they would have been: not the model's, but what the lesson points at. */
  private readonly refused = new Map<number, number>();
  private threshold: number | null = null; // only norm clipping compares with the norm drawn here
  private agreement: (number | null)[] = [null, null, null, null, null];
  private readonly loss: FreshPlot;
  private readonly gradient: FreshPlot;
  private readonly attractors: uPlot;
  private readonly redraw = new Redraw(() => this.draw());
  private agreementChanged = true; // the bars are redrawn only when a new measurement came
  private divergedAt: number | null = null; // the step the loss and gradient charts mark

  constructor(private readonly elements: ChartElements) {
    const x = { label: tr('step'), scale: 'x', incrs: STEP_INCREMENTS };
    this.loss = new FreshPlot(elements.loss, [[], [], []], () => ({
      scales: { x: { time: false } },
      axes: [x, { label: tr('bits/char') }],
      plugins: [divergenceMarker(() => this.divergedAt)],
      series: [
        { label: 'step' },
        { label: 'training', stroke: COLORS.training, spanGaps: true },
        { label: 'validation', stroke: COLORS.validation, spanGaps: true, points: { show: true } },
      ],
    }));
    this.gradient = new FreshPlot(elements.gradient, [[], [], [], [], []], () => ({
      scales: { x: { time: false }, y: { distr: 3 } },
      // a diverging run's norms reach 1e30 and more: short labels on a wider axis
      axes: [x, { label: tr('gradient norm'), size: 64, values: tickLabels }],
      plugins: [divergenceMarker(() => this.divergedAt), refusedLabels(() => this.refused), scaleRecorder(elements.gradient)],
      series: [
        { label: 'step' },
        { label: 'norm', stroke: COLORS.training },
        { label: 'threshold', stroke: COLORS.threshold, dash: [6, 4], points: { show: false } },
        { label: 'clipped', stroke: COLORS.clipped, paths: () => null, points: { show: true, size: 5 } },
        // an update the core refused: a large open marker where the "diverged" line stands
        { label: 'refused', stroke: COLORS.clipped, width: 2, paths: () => null, points: { show: true, size: 12, fill: '#fff' } },
      ],
    }));
    // the full uPlot build always has bar paths; its types mark every path builder optional
    const bars = uPlot.paths.bars;
    if (bars === undefined) throw new Error('this uPlot build has no bar paths');
    this.attractors = new uPlot(
      {
        ...chartOptions(elements.agreement),
        scales: { x: { time: false, range: [-0.5, 4.5] }, y: { range: [0, 100] } },
        axes: [
          { label: tr('attractors'), splits: () => [0, 1, 2, 3, 4] },
          { label: tr('accuracy %') },
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
    new ResizeObserver(() => this.attractors.setSize(chartSize(elements.agreement))).observe(elements.agreement);
  }

  /** Applied steps' reports, a validation if one came, and the report of an update the core refused (null: none). */
  push(reports: StepReport[], validation: Validation | null, refused: StepReport | null = null): void {
    for (const report of reports) this.training.push(report);
    if (validation !== null) this.validation.push(validation);
    if (refused?.divergence != null) this.refuse(refused.divergence.step, refused.grad_norm);
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

  /** Starts over: no data, and axes as on a fresh page (uPlot keeps an emptied chart's last range). */
  clear(): void {
    this.training.clear();
    this.validation.length = 0;
    this.refused.clear();
    this.showRefused();
    this.agreement = [null, null, null, null, null];
    delete this.elements.agreement.dataset['step'];
    this.agreementChanged = true;
    this.loss.reset();
    this.gradient.reset();
    this.redraw.request();
  }

  private refuse(step: number, norm: number): void {
    this.refused.set(step, norm);
    this.showRefused();
  }

  /** The refused steps in words (the chart's accessible name) and, for the tests, the last one's step and norm. */
  private showRefused(): void {
    const element = this.elements.gradient;
    const last = Array.from(this.refused).at(-1);
    if (last === undefined) {
      delete element.dataset['refused'];
      element.setAttribute('aria-label', GRADIENT_LABEL);
      return;
    }
    const [step, norm] = last;
    element.dataset['refused'] = `${step} ${norm}`;
    const drawn = positive(norm) === null ? 'too large to draw' : 'the open red circle';
    element.setAttribute('aria-label', `${GRADIENT_LABEL}; the update at step ${step} was refused with gradient norm ${normLabel(norm)} (${drawn})`);
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
    const refused = Array.from(this.refused).sort(([a], [b]) => a - b);
    const [gradientSteps = [], ...lines] = uPlot.join([
      [steps, norms, buckets.map((b, i) => (b.clipped ? (norms[i] ?? null) : null))],
      [refused.map(([step]) => step), refused.map(([, norm]) => positive(norm))],
    ]);
    const [applied = [], clipped = [], refusedNorms = []] = lines;
    this.gradient.setData([gradientSteps, applied, Array.from(gradientSteps, () => this.threshold), clipped, refusedNorms]);
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

/** A uPlot that can start over with fresh axes: uPlot keeps an emptied chart's last range, so a reset builds it anew. */
export class FreshPlot {
  private plot: uPlot;

  constructor(
    private readonly element: HTMLElement,
    private readonly empty: uPlot.AlignedData,
    private readonly options: () => Omit<uPlot.Options, 'width' | 'height'>,
  ) {
    this.plot = this.build();
    new ResizeObserver(() => this.plot.setSize(chartSize(element))).observe(element);
  }

  setData(data: uPlot.AlignedData): void {
    this.plot.setData(data);
  }

  setSeries(index: number, options: uPlot.Series): void {
    this.plot.setSeries(index, options);
  }

  reset(): void {
    this.plot.destroy();
    this.plot = this.build();
  }

  private build(): uPlot {
    return new uPlot({ ...chartOptions(this.element), ...this.options() }, this.empty, this.element);
  }
}

/** Writes each refused update's norm beside its circle, as the lesson and the status name it. */
function refusedLabels(refused: () => ReadonlyMap<number, number>): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (plot: uPlot) => {
          const pixel = window.devicePixelRatio || 1;
          const context = plot.ctx;
          context.save();
          context.fillStyle = COLORS.clipped;
          context.font = `${12 * pixel}px sans-serif`;
          context.textBaseline = 'middle';
          for (const [step, norm] of refused()) {
            if (positive(norm) === null) continue;
            const x = plot.valToPos(step, 'x', true);
            const y = plot.valToPos(norm, 'y', true);
            // beside the circle, on whichever side has room
            const right = x < plot.bbox.left + plot.bbox.width / 2;
            context.textAlign = right ? 'left' : 'right';
            context.fillText(`refused, norm ${normLabel(norm)}`, x + (right ? 10 : -10) * pixel, y);
          }
          context.restore();
        },
      ],
    },
  };
}

/** Writes the y range drawn into the element (data-y-range="min max"), so a test can tell a value is on the chart. */
function scaleRecorder(element: HTMLElement): uPlot.Plugin {
  return {
    hooks: {
      setScale: [
        (plot: uPlot, key: string) => {
          const { min, max } = plot.scales[key] ?? {};
          if (key !== 'y') return;
          if (min == null || max == null) delete element.dataset['yRange'];
          else element.dataset['yRange'] = `${min} ${max}`;
        },
      ],
    },
  };
}

/** A norm to two figures, as the lesson's status gives it: 3.8e10. */
function normLabel(norm: number): string {
  return Number.isFinite(norm) && Math.abs(norm) >= 1e4 ? norm.toExponential(1).replace('e+', 'e') : tickLabel(norm);
}
