// Notices about links, input and errors: role="alert" paragraphs of plain text, each beside a
// Dismiss button (and any choices the notice offers). Notices shown under a key replace the ones
// before them under that key.

/** A choice a notice offers: a button that removes the notice and then does what it says. */
export interface NoticeAction {
  label: string;
  run(): void;
}

export class Notices {
  private readonly byKey = new Map<string, HTMLElement[]>();

  constructor(private readonly container: HTMLElement) {}

  show(text: string, key?: string, actions: readonly NoticeAction[] = []): void {
    if (key !== undefined) this.clear(key);
    const notice = this.add(text, actions);
    if (key !== undefined) this.byKey.set(key, [notice]);
  }

  /** Replaces the notices under `key` with these (say, a new link's problems with an old link's). */
  showAll(texts: readonly string[], key: string): void {
    this.clear(key);
    this.byKey.set(key, texts.map((text) => this.add(text, [])));
  }

  clear(key: string): void {
    for (const notice of this.byKey.get(key) ?? []) notice.remove();
    this.byKey.delete(key);
  }

  private add(text: string, actions: readonly NoticeAction[]): HTMLElement {
    const notice = document.createElement('div');
    notice.className = 'notice';
    const message = document.createElement('p');
    message.setAttribute('role', 'alert'); // the message alone, without the buttons' names
    message.textContent = text;
    const choices = actions.map(({ label, run }) =>
      button(label, label, () => {
        notice.remove();
        run();
      }),
    );
    notice.append(message, ...choices, button('Dismiss', 'Dismiss notice', () => notice.remove()));
    this.container.append(notice);
    return notice;
  }
}

function button(text: string, name: string, onClick: () => void): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.textContent = text;
  if (name !== text) element.setAttribute('aria-label', name);
  element.addEventListener('click', onClick);
  return element;
}
