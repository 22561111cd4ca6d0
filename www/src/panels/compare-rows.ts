// Compare mode's rows, one per variant: a language model's answer bar (P of the first pair's first
// word), or a tagger's words as it tags them; then its agreement by attractors, the lesson's check on
// it, its parameter count and speed, each filled in by compare.ts as they come.

import type { Variant } from '../lessons/lesson-progress';
import { probabilityBar } from './bars';

export const NAMES: Readonly<Record<Variant, string>> = { rnn: 'RNN', gru: 'GRU', lstm: 'LSTM', forward: 'Forward-only', bidirectional: 'Bidirectional' };

/** "agreement by attractors 0: 98% · 1: 85% · 2: 80% · 3-4: 70%"; NaN (no items) is left out. */
export function agreementText(byAttractors: readonly number[]): string {
  const pct = (value: number) => `${Math.round(value * 100)}%`;
  const [zero, one, two, three, four] = byAttractors;
  const many = [three, four].filter((value): value is number => value !== undefined && Number.isFinite(value));
  const parts = [
    ['0', zero],
    ['1', one],
    ['2', two],
    ['3-4', many.length === 0 ? undefined : many.reduce((a, b) => a + b, 0) / many.length],
  ].flatMap(([label, value]) => (typeof value === 'number' && Number.isFinite(value) ? [`${String(label)}: ${pct(value)}`] : []));
  return parts.length === 0 ? '' : `agreement by attractors ${parts.join(' · ')}`;
}

export function answerRow(cell: Variant): HTMLElement {
  const row = document.createElement('div');
  row.className = 'alternative compare-answer';
  row.dataset['cell'] = cell;
  const at = document.createElement('small');
  at.className = 'at-step';
  const size = document.createElement('small');
  size.className = 'cell-size';
  row.append(...probabilityBar(`compare-${cell}`, `${NAMES[cell]} P(is)`), at, ...inspectionReadouts(), size);
  return row;
}

/** A tagger's row: its name, the prompt's words as it tags them, the step, its size and speed. */
export function tagsRow(variant: Variant): HTMLElement {
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
  row.append(name, words, at, ...inspectionReadouts(), size);
  return row;
}

/** A row's agreement by attractors and its check's values, filled by each inspection. */
function inspectionReadouts(): HTMLElement[] {
  return ['cell-agreement', 'cell-check'].map((name) => {
    const element = document.createElement('small');
    element.className = name;
    return element;
  });
}
