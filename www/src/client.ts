// The page's side of the training worker: typed messages, and a fresh worker when the old one can't
// go on (its wasm module trapped, or the worker itself failed).

import type { FromWorker, ToWorker } from './protocol';

export class TrainerClient {
  private worker: Worker;

  constructor(
    private readonly onMessage: (message: FromWorker) => void,
    private readonly onCrash: (message: string) => void,
  ) {
    this.worker = this.spawn();
  }

  send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      const message = event.data;
      if (message.type === 'error' && message.fatal) this.crashed(`the trainer crashed (${message.message})`);
      else this.onMessage(message);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      this.crashed(`the training worker failed (${event.message || 'it could not start'})`);
    };
    return worker;
  }

  private crashed(message: string): void {
    this.worker.terminate();
    this.worker = this.spawn();
    this.onCrash(message);
  }
}
