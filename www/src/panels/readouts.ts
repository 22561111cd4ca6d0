// The run's readouts in the toolbar: the step (with the weights' fingerprint), loss, speed, the
// workers sharing a step, the retraining toward a link's step, and which buttons can be pressed now.

import { Redraw } from '../charts/redraw';
import { formatNumber } from '../format';
import type { Experiment, Progress } from '../workers/experiment';

const NO_FIGURE = '–'; // what a readout shows before the model has given it a value, as the page starts

export interface ReadoutElements {
  step: HTMLOutputElement;
  loss: HTMLOutputElement;
  speed: HTMLOutputElement;
  workers: HTMLOutputElement;
  workersUsed: HTMLElement;
  linkStatus: HTMLOutputElement;
  retraining: HTMLElement;
  retrainTarget: HTMLElement;
  retrainProgress: HTMLProgressElement;
}

/** The buttons whose state follows the model's: they can't train, step or download what isn't there. */
export interface RunButtons {
  train: HTMLButtonElement;
  pause: HTMLButtonElement;
  step: HTMLButtonElement;
  download: HTMLButtonElement;
}

export class Readouts {
  /** The newest training progress, shown by the readouts at most every 100 ms. */
  private progress: { step: number; fingerprint: string; loss: number | null; charsPerSec: number } | null = null;
  private readonly redraw = new Redraw(() => this.showProgress());

  constructor(
    private readonly elements: ReadoutElements,
    private readonly buttons: RunButtons,
    private readonly experiment: Experiment,
  ) {}

  /** A new model: its loss and speed come with its first step. */
  clear(): void {
    this.progress = null;
    this.showRunning();
    this.showStep(0, '');
    this.elements.loss.value = NO_FIGURE;
    this.elements.speed.value = NO_FIGURE;
    this.status = ''; // "Link copied (step 450)" was the old run's
  }

  /** Steps done: while training, the readouts change with the charts; the step training stopped at shows at once. */
  progressed(message: Progress): void {
    const last = message.reports.at(-1);
    this.progress = { step: message.step, fingerprint: message.fingerprint, loss: last?.loss ?? this.progress?.loss ?? null, charsPerSec: message.charsPerSec };
    if (!message.running) this.showProgress();
    else this.redraw.request();
  }

  set status(text: string) {
    this.elements.linkStatus.value = text;
  }

  showStep(step: number, fingerprint: string): void {
    const { step: output, retrainProgress } = this.elements;
    output.value = String(step);
    output.dataset['fingerprint'] = fingerprint;
    if (step < this.experiment.target) retrainProgress.value = step / this.experiment.target;
  }

  /** How many workers share the model's steps (fewer than the cores when the shards are fewer). */
  showWorkers(workers: number): void {
    const text = String(workers);
    if (this.elements.workers.value !== text) this.elements.workers.value = text;
    this.elements.workersUsed.textContent = workers === 1 ? 'one' : text;
  }

  showRunning(): void {
    // called with every progress report: only what changed is written, so a steady page is not redrawn
    const { ready, running, retraining } = this.experiment;
    const { retraining: banner, retrainTarget, step } = this.elements;
    if (banner.hidden === retraining) banner.hidden = !retraining;
    const target = ready ? String(this.experiment.target) : null;
    if (target !== null && retrainTarget.textContent !== target) retrainTarget.textContent = target;
    if (step.dataset['running'] !== String(running)) step.dataset['running'] = String(running);
    const disabled = { train: !ready || running, pause: !running, step: !ready || running, download: !ready };
    for (const name of ['train', 'pause', 'step', 'download'] as const) {
      if (this.buttons[name].disabled !== disabled[name]) this.buttons[name].disabled = disabled[name];
    }
  }

  private showProgress(): void {
    const progress = this.progress;
    if (progress === null) return; // the trainer it came from was replaced
    this.showStep(progress.step, progress.fingerprint);
    this.elements.loss.value = progress.loss === null ? NO_FIGURE : (progress.loss / Math.LN2).toFixed(3);
    this.elements.speed.value = progress.charsPerSec > 0 ? formatNumber(Math.round(progress.charsPerSec)) : NO_FIGURE;
  }
}
