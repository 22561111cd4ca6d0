import { describe, expect, it } from 'vitest';
import { errorText, failure, WorkerMessages } from './messages';

/** A worker's scope as the messages see it: what arrives is delivered by hand, what is posted is kept. */
function fakeScope<To, From>() {
  const posted: From[] = [];
  const scope = {
    onmessage: null as ((event: MessageEvent<To>) => void) | null,
    postMessage: (message: From) => void posted.push(message),
    deliver: (message: To) => scope.onmessage?.({ data: message } as MessageEvent<To>),
  };
  return { scope, posted };
}

describe('a worker\'s messages', () => {
  it('are handled in order even while one waits, and a failure does not stop the ones after it', async () => {
    const { scope, posted } = fakeScope<string, string>();
    const messages = new WorkerMessages<string, string>(scope);
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    messages.handleInOrder(
      async (message) => {
        if (message === 'init') await gate; // as `init` awaits the wasm module
        if (message === 'bad') throw new Error('no trainer yet');
        messages.post(`done ${message}`);
      },
      (message, error) => messages.post(`${message} failed: ${errorText(error)}`),
    );
    for (const message of ['init', 'bad', 'train']) scope.deliver(message);
    await Promise.resolve();
    expect(posted).toEqual([]);
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(posted).toEqual(['done init', 'bad failed: no trainer yet', 'done train']);
  });

  it('say a trapped wasm module is fatal and any other failure is not', () => {
    expect(failure('train', new WebAssembly.RuntimeError('unreachable'))).toEqual({ type: 'error', request: 'train', message: 'unreachable', fatal: true });
    expect(failure('init', new Error('hidden must be between 8 and 512'))).toEqual({ type: 'error', request: 'init', message: 'hidden must be between 8 and 512', fatal: false });
    expect(errorText('a string thrown')).toBe('a string thrown');
  });
});
