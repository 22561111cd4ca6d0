// A probability as a labelled bar: the probe panel's alternatives and compare mode's answers.

/** The label, the bar (hidden from assistive technology: the output says the same) and the output. */
export function probabilityBar(id: string, name: string): HTMLElement[] {
  const label = document.createElement('label');
  label.htmlFor = id;
  label.textContent = name;
  const bar = document.createElement('div');
  bar.className = 'bar';
  bar.setAttribute('aria-hidden', 'true');
  bar.append(document.createElement('span'));
  const output = document.createElement('output');
  output.id = id;
  output.setAttribute('aria-live', 'off'); // updates several times a second; don't chatter
  output.textContent = '–';
  return [label, bar, output];
}

/** Shows `probability` (null: none yet) in the bar made by probabilityBar inside `element`. */
export function showProbability(element: Element, probability: number | null): void {
  const output = element.querySelector('output');
  const bar = element.querySelector<HTMLElement>('.bar span');
  if (output === null || bar === null) return;
  const text = probability === null ? '–' : percent(probability);
  output.textContent = text;
  output.dataset['prob'] = probability === null ? '' : String(probability); // unrounded, for the tests
  bar.style.width = probability === null ? '0' : text;
}

export function percent(probability: number): string {
  return `${(probability * 100).toFixed(1)}%`;
}
