// The gradient-flow heatmap: one column per measurement through training (x: training step), one
// row per distance d back in time (y, d = 0 at the bottom), coloured by log10 of the mean
// ‖∂L_t/∂h_{t−d}‖ over the window divided by its value at d = 0: how much of a loss's gradient still
// reaches the state d steps earlier. Drawn on a canvas, at most every 100 ms.

import type { InspectResult, LiveChart } from './live-chart';
import { Redraw } from './redraw';
import { thin } from './series';
import { tr } from '../i18n/i18n';

const HEIGHT = 190;
const CAPACITY = 400; // columns; when full, every other one is dropped
const MARGIN = { left: 44, right: 76, top: 8, bottom: 34 };
/** The colour scale's ends, in log10 of the ratio: 10⁻⁴ and below is darkest, 10 and above reddest. */
export const LOW = -4;
export const HIGH = 1;
// viridis at five stops for ratios 10⁻⁴ … 1, then on to red for ratios above 1 (growing gradients)
const FADING: readonly Rgb[] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];
const GROWING: readonly Rgb[] = [
  [253, 231, 37],
  [214, 39, 40],
];
const INK = '#1d2330';
const MUTED = '#5b6475';

export type Rgb = readonly [number, number, number];

export interface FlowColumn {
  step: number;
  /** log10(byDistance[d] / byDistance[0]) for d = 0 … window − 1; NaN where it is undefined. */
  logRatios: number[];
}

/** One column of the heatmap from the mean gradient norm at each distance. */
export function column(step: number, byDistance: readonly number[]): FlowColumn {
  const base = byDistance[0] ?? 0;
  const logRatios = byDistance.map((norm) => (base > 0 && norm > 0 ? Math.log10(norm / base) : Number.NaN));
  return { step, logRatios };
}

/** The colour of one cell; NaN (no gradient at all) is drawn as the darkest. */
export function colour(logRatio: number): Rgb {
  const value = Number.isNaN(logRatio) ? LOW : Math.min(HIGH, Math.max(LOW, logRatio));
  return value <= 0 ? ramp(FADING, (value - LOW) / -LOW) : ramp(GROWING, value / HIGH);
}

function ramp(stops: readonly Rgb[], t: number): Rgb {
  const position = t * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(position));
  const [a, b] = [stops[i], stops[i + 1]];
  if (a === undefined || b === undefined) throw new Error('a colour ramp needs two stops');
  const mix = (from: number, to: number) => Math.round(from + (to - from) * (position - i));
  return [mix(a[0], b[0]), mix(a[1], b[1]), mix(a[2], b[2])];
}

/**
 * Column i spans the steps since column i − 1, as x pixel bounds; the first gets `minWidth` pixels,
 * unless every column is at step 0 (before training), when each fills the width.
 */
export function columnBounds(steps: readonly number[], width: number, minWidth = 3): [number, number][] {
  const last = steps.at(-1) ?? 0;
  if (last === 0) return steps.map(() => [0, width]);
  const x = (step: number) => (step / last) * width;
  return steps.map((step, i) => {
    const right = x(step);
    const left = i === 0 ? Math.min(right, width - minWidth) : x(steps[i - 1] ?? 0);
    return [left, Math.max(right, left + minWidth)];
  });
}

export class FlowChart implements LiveChart {
  private readonly columns: FlowColumn[] = [];
  private readonly canvas: HTMLCanvasElement;
  private readonly redraw = new Redraw(() => this.draw());

  constructor(private readonly container: HTMLElement) {
    this.canvas = document.createElement('canvas');
    container.append(this.canvas);
    new ResizeObserver(() => this.redraw.request()).observe(container);
  }

  /** The first layer's gradient flow at the inspected step: the heatmap's next column. */
  inspected(result: InspectResult): void {
    const firstLayer = result.flowByDistance[0];
    if (firstLayer !== undefined) this.push(result.step, firstLayer);
  }

  push(step: number, byDistance: readonly number[]): void {
    this.columns.push(column(step, byDistance));
    thin(this.columns, CAPACITY);
    this.container.dataset['columns'] = String(this.columns.length);
    this.container.dataset['step'] = String(step);
    this.redraw.request();
  }

  reset(): void {
    this.columns.length = 0;
    delete this.container.dataset['columns'];
    delete this.container.dataset['step'];
    this.redraw.request();
  }

  private draw(): void {
    const width = Math.max(this.container.clientWidth, 200);
    const ratio = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(width * ratio);
    this.canvas.height = Math.round(HEIGHT * ratio);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${HEIGHT}px`;
    const context = this.canvas.getContext('2d');
    if (context === null) return;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, HEIGHT);
    context.font = '12px system-ui, sans-serif';

    const plot = { x: MARGIN.left, y: MARGIN.top, width: width - MARGIN.left - MARGIN.right, height: HEIGHT - MARGIN.top - MARGIN.bottom };
    const rows = Math.max(1, ...this.columns.map((c) => c.logRatios.length));
    const rowHeight = plot.height / rows;
    const steps = this.columns.map((c) => c.step);
    columnBounds(steps, plot.width).forEach(([left, right], i) => {
      this.columns[i]?.logRatios.forEach((logRatio, d) => {
        context.fillStyle = css(colour(logRatio));
        const top = plot.y + plot.height - (d + 1) * rowHeight;
        context.fillRect(plot.x + left, top, right - left, rowHeight + 0.5); // + 0.5 closes hairline gaps
      });
    });
    context.strokeStyle = MUTED;
    context.strokeRect(plot.x, plot.y, plot.width, plot.height);

    // axes: distance d on the left, training step below
    context.fillStyle = INK;
    context.textAlign = 'right';
    context.textBaseline = 'middle';
    for (const d of distanceTicks(rows)) {
      context.fillText(String(d), plot.x - 6, plot.y + plot.height - (d + 0.5) * rowHeight);
    }
    context.save();
    context.translate(12, plot.y + plot.height / 2);
    context.rotate(-Math.PI / 2);
    context.textAlign = 'center';
    context.fillText(tr('steps back d'), 0, 0);
    context.restore();
    context.textAlign = 'center';
    context.textBaseline = 'top';
    const last = steps.at(-1);
    if (last !== undefined) {
      context.textAlign = 'left';
      context.fillText('0', plot.x, plot.y + plot.height + 4);
      context.textAlign = 'right';
      context.fillText(String(last), plot.x + plot.width, plot.y + plot.height + 4);
    }
    context.textAlign = 'center';
    context.fillText(tr(last === undefined ? 'training step (measured every few seconds)' : 'training step'), plot.x + plot.width / 2, plot.y + plot.height + 18);

    // the colour scale, 10 at the top, 10⁻⁴ at the bottom
    const bar = { x: plot.x + plot.width + 12, width: 12 };
    const tick = (value: number) => plot.y + ((HIGH - value) / (HIGH - LOW)) * plot.height;
    for (let y = 0; y < plot.height; y++) {
      context.fillStyle = css(colour(HIGH - ((y + 0.5) / plot.height) * (HIGH - LOW)));
      context.fillRect(bar.x, plot.y + y, bar.width, 1);
    }
    context.fillStyle = INK;
    context.textAlign = 'left';
    context.textBaseline = 'middle';
    for (const [value, label] of [
      [HIGH, '×10'],
      [0, '×1'],
      [-2, '×10⁻²'],
      [LOW, '×10⁻⁴'],
    ] as const) {
      context.fillText(label, bar.x + bar.width + 4, tick(value));
    }
  }
}

function distanceTicks(rows: number): number[] {
  const every = Math.max(1, Math.round(rows / 4));
  const ticks = [];
  for (let d = 0; d < rows; d += every) ticks.push(d);
  return ticks;
}

function css([r, g, b]: Rgb): string {
  return `rgb(${r},${g},${b})`;
}
