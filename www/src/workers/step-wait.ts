// While the training worker is inside a step that takes more than a second, a readout says which
// step is running, for how long so far and how long it is expected to take, so a slow setting is
// never a silent page. It follows the messages to and from the worker, nothing else.

import { formatNumber } from '../format';
import { duration } from '../state/estimate';
import type { FromTrainer, ToTrainer } from '../wasm/protocol';

const SHOW_AFTER_MS = 1000; // a step shorter than this shows nothing, so fast training doesn't flicker
const TICK_MS = 250; // so the readout appears within a quarter second of SHOW_AFTER_MS, not up to a second later

export class StepWait {
  private since: number | null = null; // when the running step began, while one is running
  private step = 0; // the step that is running
  private expected = 0; // seconds a step is expected to take at the current settings
  private timer: number | undefined;

  constructor(private readonly element: HTMLElement) {}

  /** New settings: a new trainer, nothing running, and a new expectation for its steps. */
  expect(secondsPerStep: number): void {
    this.expected = secondsPerStep;
    this.stop();
  }

  sent(message: ToTrainer, currentStep: number): void {
    if (message.type === 'train' || message.type === 'step') this.start(currentStep + 1);
    else if (message.type === 'init') this.stop();
  }

  received(message: FromTrainer): void {
    if (message.type === 'progress' && message.running) this.start(message.step + 1);
    else if (message.type !== 'exported') this.stop(); // stopped, failed, or a new trainer
  }

  stop(): void {
    this.since = null;
    window.clearInterval(this.timer);
    this.timer = undefined;
    if (!this.element.hidden) this.element.hidden = true;
  }

  private start(step: number): void {
    this.step = step;
    this.since = performance.now();
    this.timer ??= window.setInterval(() => this.show(), TICK_MS);
  }

  private show(): void {
    if (this.since === null) return;
    const elapsed = performance.now() - this.since;
    if (elapsed < SHOW_AFTER_MS) {
      if (!this.element.hidden) this.element.hidden = true;
      return;
    }
    const seconds = Math.floor(elapsed / 1000);
    const expected = `a step at these settings is expected to take ${duration(this.expected)}`;
    this.element.textContent = `Step ${formatNumber(this.step)} running: ${seconds} s so far; ${expected}.`;
    this.element.hidden = false;
  }
}
