// The figures `cargo xtask measure` prints: a measurement test (tagged @measure, which the suite skips)
// reports each figure here, as a line in its log and a JSON line in $MEASURE_OUT for xtask/src/measure.rs.

import { appendFileSync } from 'node:fs';
import type { TestInfo } from '@playwright/test';

/** The tag that keeps a test out of `cargo xtask test` and in `cargo xtask measure`. */
export const MEASURE = { tag: '@measure' };

/** How many times a measurement repeats (its figure is the median): `cargo xtask measure --runs N`. */
export const RUNS = Math.max(1, Number(process.env['MEASURE_RUNS'] ?? 3) || 3);

/** One figure: what was measured, of what, in which runtime, each run's value and their median. */
export interface Figure {
  measure: string;
  subject: string;
  runtime: string;
  unit: string;
  runs: number[];
  /** what the runs reached besides the figure (a step, a count), for the reader */
  detail?: string;
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export function report(testInfo: TestInfo, figure: Figure): void {
  const line = { ...figure, value: median(figure.runs) };
  const out = process.env['MEASURE_OUT'];
  if (out !== undefined && out !== '') appendFileSync(out, `${JSON.stringify(line)}\n`);
  const human = `${figure.measure} ${figure.subject} (${figure.runtime}): ${line.value} ${figure.unit}, runs ${figure.runs.join(', ')}${figure.detail ? `; ${figure.detail}` : ''}`;
  console.log(human);
  testInfo.annotations.push({ type: 'measured', description: human });
}
