// The gradient norm of each layer's recurrent weights by step (StepReport.layer_grad_norms), one line
// per layer on a log scale: in a deep stack without skip connections the lowest layer's line sinks
// far below the top one's, and residual or dense connections bring it back up.

import { FreshPlot } from './charts';
import { tickLabels } from './divergence';
import type { StepReport } from '../wasm/protocol';
import type { LiveChart } from './live-chart';
import { Redraw } from './redraw';
import type { State } from '../state/state';
import type { Progress } from '../workers/experiment';
import { tr } from '../i18n/i18n';

const CAPACITY = 1000; // points per line; older steps merge pairwise (their mean)
const MAX_LAYERS = 4;
const COLORS = ['#d9480f', '#ae3ec9', '#2b8a3e', '#2463eb']; // layer 1 (lowest) to layer 4

interface Point {
  step: number;
  norms: number[]; // per layer, the mean over the steps merged into this point
  count: number;
}

export class LayerChart implements LiveChart {
  private readonly plot: FreshPlot;
  private points: Point[] = [];
  private width = 1; // steps a full point spans
  private layers = 1; // of the model now shown: one layer has no chart to draw
  private readonly redraw = new Redraw(() => this.draw());

  constructor(private readonly element: HTMLElement) {
    this.plot = new FreshPlot(element, [[], [], [], [], []], () => ({
      scales: { x: { time: false }, y: { distr: 3 } },
      axes: [{ label: tr('step') }, { label: tr('gradient norm'), size: 64, values: tickLabels }],
      series: [
        { label: 'step' },
        ...COLORS.map((stroke, i) => ({ label: i === 0 ? 'layer 1 (lowest)' : `layer ${i + 1}`, stroke, spanGaps: true })),
      ],
    }));
  }

  /** Starts over with fresh axes and the layers of the model now shown: the lines past them are hidden from the legend too. */
  reset({ layers }: Pick<State, 'layers'>): void {
    this.layers = layers;
    this.points = [];
    this.width = 1;
    this.plot.reset();
    for (let i = 0; i < MAX_LAYERS; i += 1) this.plot.setSeries(i + 1, { show: i < layers });
    delete this.element.dataset['ratio'];
    this.redraw.request();
  }

  progressed(message: Progress): void {
    if (this.layers > 1) this.push(message.reports);
  }

  push(reports: readonly StepReport[]): void {
    for (const report of reports) {
      if (report.divergence !== null) continue; // a refused step's norms are not the model's
      const last = this.points.at(-1);
      if (last !== undefined && last.count < this.width) {
        last.norms = last.norms.map((norm, i) => (norm * last.count + (report.layer_grad_norms[i] ?? Number.NaN)) / (last.count + 1));
        last.count += 1;
        last.step = report.step;
      } else {
        if (this.points.length === CAPACITY) this.halve();
        this.points.push({ step: report.step, norms: [...report.layer_grad_norms], count: 1 });
      }
      const [lowest, ...rest] = report.layer_grad_norms;
      const top = rest.at(-1);
      // the latest step's lowest-over-top ratio, as the Deep stacks lesson reads it (for the tests)
      if (lowest !== undefined && top !== undefined) this.element.dataset['ratio'] = String(lowest / top);
    }
    this.redraw.request();
  }

  private halve(): void {
    const merged: Point[] = [];
    for (let i = 0; i + 1 < this.points.length; i += 2) {
      const [a, b] = [this.points[i], this.points[i + 1]];
      if (a === undefined || b === undefined) continue;
      const count = a.count + b.count;
      merged.push({ step: b.step, norms: a.norms.map((norm, k) => (norm * a.count + (b.norms[k] ?? Number.NaN) * b.count) / count), count });
    }
    this.points = merged;
    this.width *= 2;
  }

  private draw(): void {
    const steps = this.points.map((p) => p.step);
    const lines = Array.from({ length: MAX_LAYERS }, (_, i) => this.points.map((p) => positive(p.norms[i])));
    this.plot.setData([steps, ...lines]);
  }
}

/** A log scale can't place zero, negatives or NaN. */
function positive(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : null;
}
