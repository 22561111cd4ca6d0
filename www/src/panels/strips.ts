// The strips under the prompt: each prompt character tinted by its saliency for the first pair
// (green toward its first word, orange toward its second), and by the mean opening of each gate
// after reading it (LSTM input/forget/output, GRU reset/update; none for a plain RNN). Characters
// reach the page only as textContent.

import type { Gates, Saliency } from '../wasm/protocol';

const TOWARD_FIRST = '43, 138, 62';
const TOWARD_SECOND = '217, 72, 15';
const GATE = '36, 99, 235';
const STRONGEST = 0.85; // the largest tint's opacity, so the character stays readable
const RUNS_ON = 'The prompt runs on past the edge: scroll the strip sideways (or focus it and use the arrow keys).';

export interface StripElements {
  saliency: HTMLElement;
  toward: readonly [HTMLElement, HTMLElement]; // the caption's two words, which follow the pair

  gatesBlock: HTMLElement; // hidden when the model has no gates
  gates: HTMLElement;
}

export class PromptStrips {
  constructor(private readonly elements: StripElements) {}

  /** No strips until the new model answers. */
  clear(): void {
    for (const container of [this.elements.saliency, this.elements.gates]) {
      container.replaceChildren();
      delete container.dataset['key'];
      markOverflow(container);
    }
  }

  show(saliency: Saliency | null, gates: Gates): void {
    const { elements } = this;
    if (saliency === null) {
      elements.saliency.replaceChildren();
    } else {
      const largest = Math.max(...saliency.values.map(Math.abs), Number.MIN_VALUE);
      const [first, second] = saliency.between;
      const tints = saliency.values.map((value) => {
        const strength = (STRONGEST * Math.abs(value)) / largest;
        return `rgba(${value >= 0 ? TOWARD_FIRST : TOWARD_SECOND}, ${strength.toFixed(3)})`;
      });
      const titles = saliency.values.map((value) => `${value >= 0 ? first : second} ${Math.abs(value).toPrecision(2)}`);
      fill(elements.saliency, [{ name: `${first} vs ${second}`, chars: saliency.chars, tints, titles }]);
      elements.toward.forEach((element, i) => {
        const word = saliency.between[i] ?? '';
        if (element.textContent !== word) element.textContent = word;
      });
      elements.saliency.setAttribute('aria-label', `Each prompt character tinted by how much it pushes the model toward ${first} (green) or ${second} (orange)`);
    }
    elements.gatesBlock.hidden = gates.strips.length === 0;
    markOverflow(elements.saliency);
    const layers = new Set(gates.strips.map((s) => s.layer)).size;
    fill(
      elements.gates,
      gates.strips.map((strip) => ({
        name: layers > 1 ? `${strip.gate} ${strip.layer + 1}` : strip.gate,
        chars: gates.chars,
        tints: strip.means.map((mean) => `rgba(${GATE}, ${(STRONGEST * mean).toFixed(3)})`),
        titles: strip.means.map((mean) => `${strip.gate} ${mean.toFixed(2)}`),
      })),
    );
    markOverflow(elements.gates);
  }
}

/** Says under a strip that it scrolls, when its prompt is wider than it: scrollbars may be hidden (phones, some desktops). */
function markOverflow(container: HTMLElement): void {
  let note = container.nextElementSibling;
  if (!(note instanceof HTMLElement) || !note.classList.contains('strips-more')) {
    note = document.createElement('small');
    note.className = 'strips-more';
    note.textContent = RUNS_ON;
    container.after(note);
  }
  const hidden = container.scrollWidth <= container.clientWidth;
  if ((note as HTMLElement).hidden !== hidden) (note as HTMLElement).hidden = hidden;
}

interface Row {
  name: string;
  chars: readonly string[];
  tints: readonly string[];
  titles: readonly string[];
}

/** Rows of tinted characters; the elements are reused while the rows and characters stay the same. */
function fill(container: HTMLElement, rows: readonly Row[]): void {
  const key = JSON.stringify(rows.map((row) => [row.name, row.chars]));
  if (container.dataset['key'] !== key) {
    container.replaceChildren(...rows.map(rowElement));
    container.dataset['key'] = key;
  }
  rows.forEach((row, r) => {
    const cells = container.children[r]?.lastElementChild?.children;
    row.tints.forEach((tint, i) => {
      const cell = cells?.[i];
      if (!(cell instanceof HTMLElement)) return;
      cell.style.backgroundColor = tint;
      cell.title = row.titles[i] ?? '';
    });
  });
}

function rowElement(row: Row): HTMLElement {
  const element = document.createElement('div');
  element.className = 'strip';
  const name = document.createElement('span');
  name.className = 'strip-name';
  name.textContent = row.name;
  const cells = document.createElement('span');
  cells.className = 'strip-cells';
  for (const char of row.chars) {
    const cell = document.createElement('span');
    cell.textContent = char === ' ' ? '\u00a0' : char;
    cells.append(cell);
  }
  element.append(name, cells);
  return element;
}
