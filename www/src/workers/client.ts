// The page's side of a worker: typed messages both ways, and a fresh worker when the old one can't
// go on (its wasm module trapped, or the worker itself failed).

interface MaybeFatal {
  type: string;
  message?: string;
  fatal?: boolean;
}

export class WorkerClient<To, From extends MaybeFatal> {
  private worker: Worker;

  /**
   * `spawn` creates the worker; it must be written `new Worker(new URL('./file.ts', import.meta.url), ...)`
   * where it is called, so the bundler finds the worker's file. `onCrash` runs after the new worker started.
   */
  constructor(
    private readonly spawn: () => Worker,
    private readonly name: string,
    private readonly onMessage: (message: From) => void,
    private readonly onCrash: (message: string) => void,
  ) {
    this.worker = this.start();
  }

  send(message: To, transfer: Transferable[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  terminate(): void {
    this.worker.terminate();
  }

  private start(): Worker {
    const worker = this.spawn();
    worker.onmessage = (event: MessageEvent<From>) => {
      const message = event.data;
      if (message.type === 'error' && message.fatal === true) this.crashed(`the ${this.name} crashed (${message.message ?? ''})`);
      else this.onMessage(message);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      this.crashed(`the ${this.name} failed (${event.message || 'it could not start'})`);
    };
    return worker;
  }

  private crashed(message: string): void {
    this.worker.terminate();
    this.worker = this.start();
    this.onCrash(message);
  }
}
