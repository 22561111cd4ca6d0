// Notices about links, input and errors: role="alert" paragraphs of plain text, each beside a
// Dismiss button. A notice shown under a key replaces the one before it under that key.

export class Notices {
  private readonly byKey = new Map<string, HTMLElement>();

  constructor(private readonly container: HTMLElement) {}

  show(text: string, key?: string): void {
    if (key !== undefined) this.clear(key);
    const notice = document.createElement('div');
    notice.className = 'notice';
    const message = document.createElement('p');
    message.setAttribute('role', 'alert'); // the message alone, without the button's name
    message.textContent = text;
    const dismiss = document.createElement('button');
    dismiss.type = 'button';
    dismiss.textContent = 'Dismiss';
    dismiss.setAttribute('aria-label', 'Dismiss notice');
    dismiss.addEventListener('click', () => notice.remove());
    notice.append(message, dismiss);
    this.container.append(notice);
    if (key !== undefined) this.byKey.set(key, notice);
  }

  clear(key: string): void {
    this.byKey.get(key)?.remove();
    this.byKey.delete(key);
  }
}
