// A diverged run: its loss or gradient overflowed (the core refused the update and kept the last
// good weights), or its validation has been worse than a uniform guess for a while. The notice names
// the cause and the usual fixes, the loss and gradient charts mark the step, and the readouts that
// would claim what the model doesn't know are greyed, with the reason above them.

import type uPlot from 'uplot';
import type { Notices } from '../panels/notices';
import type { Divergence } from '../wasm/protocol';

const NOTICE_KEY = 'divergence';
const MARK_COLOR = '#c92a2a';

/** What the view marks: the charts that draw the step (see divergenceMarker). */
export interface DivergenceCharts {
  markDivergence(step: number | null): void;
}

export class DivergenceView {
  private shown = ''; // cause@step of the divergence on screen, so a steady one is not redrawn

  constructor(
    private readonly notices: Notices,
    private readonly charts: DivergenceCharts,
    private readonly readouts: readonly HTMLElement[],
  ) {}

  /** The trainer's divergence with each progress report: null once it is over (or never was). */
  show(divergence: Divergence | null): void {
    const key = divergence === null ? '' : `${divergence.cause}@${divergence.step}`;
    if (key === this.shown) return;
    this.shown = key;
    if (divergence === null) {
      this.clear();
      return;
    }
    this.notices.show(`${capitalised(divergence.message)}. Training paused: change a setting to start over, or press Reset.`, NOTICE_KEY);
    this.charts.markDivergence(divergence.step);
    const reason = `Not shown as answers: training diverged at step ${divergence.step} (${CAUSES[divergence.cause]}), so the model's readouts mean nothing.`;
    for (const element of this.readouts) greyOut(element, reason);
  }

  clear(): void {
    this.shown = '';
    this.notices.clear(NOTICE_KEY);
    this.charts.markDivergence(null);
    for (const element of this.readouts) greyOut(element, null);
  }
}

const CAUSES: Readonly<Record<Divergence['cause'], string>> = {
  non_finite_loss: 'the loss overflowed',
  non_finite_gradient: 'the gradient overflowed',
  non_finite_weights: 'an update would have made weights infinite',
  above_uniform: 'validation worse than a uniform guess',
};

/**
 * Greys `element` and puts `reason` in a note just before it, or (null) undoes both. The note is
 * the element's description for assistive technology too.
 */
export function greyOut(element: HTMLElement, reason: string | null): void {
  const id = `${element.id || element.dataset['cell'] || 'readout'}-diverged`;
  let note = element.previousElementSibling;
  if (!(note instanceof HTMLElement) || !note.classList.contains('diverged-note')) {
    if (reason === null) return;
    note = document.createElement('p');
    note.className = 'diverged-note';
    note.id = id;
    element.before(note);
  }
  const marked = note as HTMLElement;
  if (marked.hidden === (reason === null) && marked.textContent === (reason ?? '')) return; // as shown
  marked.hidden = reason === null;
  marked.textContent = reason ?? '';
  element.classList.toggle('diverged', reason !== null);
  if (reason === null) element.removeAttribute('aria-describedby');
  else element.setAttribute('aria-describedby', marked.id);
}

/** A uPlot plugin drawing a dashed vertical line, labelled "diverged", at the step `at()` gives. */
export function divergenceMarker(at: () => number | null): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (plot: uPlot) => {
          const step = at();
          if (step === null) return;
          const { left, top, width, height } = plot.bbox;
          const x = Math.min(Math.max(plot.valToPos(step, 'x', true), left), left + width);
          const context = plot.ctx;
          const pixel = window.devicePixelRatio || 1;
          context.save();
          context.strokeStyle = MARK_COLOR;
          context.fillStyle = MARK_COLOR;
          context.lineWidth = 2 * pixel;
          context.setLineDash([4 * pixel, 3 * pixel]);
          context.beginPath();
          context.moveTo(x, top);
          context.lineTo(x, top + height);
          context.stroke();
          context.font = `${11 * pixel}px sans-serif`;
          context.textAlign = 'right';
          context.fillText('diverged', x - 3 * pixel, top + 12 * pixel);
          context.restore();
        },
      ],
    },
  };
}

/** uPlot's `values` for an axis whose values can run away (log scales leave some splits null). */
export function tickLabels(_plot: uPlot, splits: number[]): string[] {
  return splits.map((value) => (value == null ? '' : tickLabel(value)));
}

/** Tick labels that fit the axis at any magnitude: 1e30, not thirty-one digits. */
export function tickLabel(value: number): string {
  const size = Math.abs(value);
  if (size !== 0 && (size >= 1e4 || size < 1e-3)) return value.toExponential(0).replace('e+', 'e');
  return String(Number(value.toPrecision(3)));
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
