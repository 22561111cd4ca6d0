// A worker's side of its messages, the same in the training, snapshot and shard workers: requests
// handled strictly in order, every failure turned into a message, typed replies posted with their buffers.

/** A thrown value as the words a message carries: the one place the page turns an error into text. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A request that failed; `fatal`: the wasm module trapped, so the page replaces the worker (see client.ts). */
export function failure<R extends string>(request: R, error: unknown): { type: 'error'; request: R; message: string; fatal: boolean } {
  return { type: 'error', request, message: errorText(error), fatal: error instanceof WebAssembly.RuntimeError };
}

/** What of a worker's global scope the messages use (typed here so the page's own files can read this module). */
interface Scope<To, From> {
  onmessage: ((event: MessageEvent<To>) => void) | null;
  postMessage(message: From, transfer: Transferable[]): void;
}

/** The messages of one worker: `To` arrive from whoever started it, `From` go back. */
export class WorkerMessages<To, From> {
  private queue = Promise.resolve();

  constructor(private readonly scope: Scope<To, From>) {}

  /**
   * Hands each message to `handle` once the ones before it are done (even while one awaits the wasm
   * module); a message whose handling throws goes to `failed` instead of stopping the queue.
   */
  handleInOrder(handle: (message: To) => Promise<void> | void, failed: (message: To, error: unknown) => void): void {
    this.scope.onmessage = (event: MessageEvent<To>) => {
      const message = event.data;
      this.then(() => handle(message), (error) => failed(message, error));
    };
  }

  /** Runs `work` after every message and work queued before it; a throw goes to `failed`. */
  then(work: () => Promise<void> | void, failed: (error: unknown) => void): void {
    this.queue = this.queue.then(work).catch(failed);
  }

  post(message: From, transfer: Transferable[] = []): void {
    this.scope.postMessage(message, transfer);
  }
}
