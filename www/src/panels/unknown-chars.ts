// Characters of the prompt the model has never seen: the core reads each as one "unknown" symbol, so
// the answers know nothing of them. A line under the prompt names them and shows where they are.

import type { UnknownChar } from '../wasm/protocol';

export class UnknownChars {
  private readonly line: HTMLElement;

  constructor(private readonly prompt: HTMLInputElement) {
    this.line = document.createElement('p');
    this.line.id = 'prompt-unknown';
    this.line.className = 'prompt-unknown';
    this.line.hidden = true;
    prompt.after(this.line);
  }

  /** `unknown` as the probe of `prompt` found them (none: the line goes). */
  show(prompt: string, unknown: readonly UnknownChar[]): void {
    const described = (this.prompt.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id !== '' && id !== this.line.id);
    if (unknown.length === 0) {
      this.line.hidden = true;
      this.line.replaceChildren();
      setDescribedBy(this.prompt, described);
      return;
    }
    const distinct = [...new Set(unknown.map((u) => u.char))];
    const names = distinct.map((char) => `“${char}”`).join(', ');
    const one = distinct.length === 1;
    const positions = new Set(unknown.map((u) => u.position));
    const marked = Array.from(prompt).map((char, i) => {
      if (!positions.has(i)) return document.createTextNode(char);
      const mark = document.createElement('mark');
      mark.textContent = char;
      return mark;
    });
    const shown = document.createElement('span');
    shown.className = 'prompt-marked';
    shown.setAttribute('aria-hidden', 'true'); // the sentence before it says the same
    shown.append(...marked);
    const sentence = `The model has never seen ${names}: it reads ${one ? 'it' : 'each'} as one unknown symbol and knows nothing of ${one ? 'it' : 'them'}. `;
    this.line.replaceChildren(sentence, shown);
    this.line.hidden = false;
    setDescribedBy(this.prompt, [...described, this.line.id]);
  }
}

function setDescribedBy(element: HTMLElement, ids: string[]): void {
  if (ids.length === 0) element.removeAttribute('aria-describedby');
  else element.setAttribute('aria-describedby', ids.join(' '));
}
