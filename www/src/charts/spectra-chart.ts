// The spectral radius of each W_hh block through training (uPlot), one line per block, with the
// line at 1: above it a block can grow a state step after step, below it the state shrinks. The
// blocks depend on the cell and the layers, so the chart is rebuilt when training starts over, not
// while it runs.

import uPlot from 'uplot';
import { chartOptions, chartSize, COLORS, finite } from './charts';
import { SPECTRUM_BLOCKS } from '../wasm/core-types';
import { tickLabels } from './divergence';
import type { Spectrum } from '../wasm/protocol';
import type { InspectResult, LiveChart } from './live-chart';
import { Redraw } from './redraw';
import { thin } from './series';
import type { State } from '../state/state';
import { tr } from '../i18n/i18n';

const CAPACITY = 1000; // points per line; when full, every other one is dropped
const BLOCK_COLORS = ['#2463eb', '#d9480f', '#2b8a3e', '#ae3ec9', '#f59f00', '#0c8599', '#c92a2a', '#5c940d'];

interface Point {
  step: number;
  radii: (number | null)[]; // one per block, in `names` order
}

export class SpectraChart implements LiveChart {
  private plot: uPlot | null = null;
  private names: string[] = [];
  private readonly points: Point[] = [];
  private readonly redraw = new Redraw(() => this.draw());

  constructor(private readonly element: HTMLElement) {
    new ResizeObserver(() => this.plot?.setSize(chartSize(element))).observe(element);
  }

  /** Starts over with fresh axes (an emptied uPlot keeps its last range), one line per block of this model. */
  reset({ cell, layers }: Pick<State, 'cell' | 'layers'>): void {
    this.clear();
    this.build(Array.from({ length: layers }, (_, layer) => SPECTRUM_BLOCKS[cell].map((block) => blockName(layer, block, layers))).flat());
  }

  inspected(result: InspectResult): void {
    this.push(result.step, result.spectra);
  }

  push(step: number, spectra: readonly Spectrum[]): void {
    const layers = new Set(spectra.map((s) => s.layer)).size;
    const names = spectra.map((s) => blockName(s.layer, s.block, layers));
    if (names.join() !== this.names.join()) {
      this.points.length = 0;
      this.build(names);
    }
    this.points.push({ step, radii: spectra.map((s) => finite(s.spectral_radius)) });
    thin(this.points, CAPACITY);
    this.element.dataset['points'] = String(this.points.length);
    this.redraw.request();
  }

  private clear(): void {
    this.points.length = 0;
    delete this.element.dataset['points'];
    this.redraw.request();
  }

  private build(names: string[]): void {
    this.plot?.destroy();
    this.names = names;
    this.plot = new uPlot(
      {
        ...chartOptions(this.element),
        scales: { x: { time: false }, y: { range: (_u, min, max) => [0, Math.max(1.2, max * 1.05, min)] } },
        // a diverged run's radius reaches 1e5 and more: short labels
        axes: [{ label: tr('step') }, { label: tr('spectral radius'), size: 64, values: tickLabels }],
        series: [
          { label: 'step' },
          ...names.map((name, i) => ({ label: name, stroke: BLOCK_COLORS[i % BLOCK_COLORS.length] ?? COLORS.training })),
          { label: '1', stroke: COLORS.threshold, dash: [6, 4], points: { show: false } },
        ],
      },
      [[], ...names.map(() => []), []],
      this.element,
    );
  }

  private draw(): void {
    const plot = this.plot;
    if (plot === null) return;
    const steps = this.points.map((p) => p.step);
    const lines = this.names.map((_, i) => this.points.map((p) => p.radii[i] ?? null));
    plot.setData([steps, ...lines, steps.map(() => 1)]);
  }
}

function blockName(layer: number, block: string, layers: number): string {
  return layers > 1 ? `layer ${layer + 1} ${block}` : block;
}
