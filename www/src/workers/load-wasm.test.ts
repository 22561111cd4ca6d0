// What a worker says when the wasm module can't load. (A browser test can't fake this reliably:
// Chromium's request interception misses a dedicated worker's fetch now and then.)
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CANNOT_RUN } from '../wasm/protocol';

const init = vi.fn<() => Promise<unknown>>();
vi.mock('../../pkg/rnn_wasm.js', () => ({ default: init }));

describe('loadWasm', () => {
  beforeEach(() => {
    vi.resetModules(); // each test loads the module afresh, as each worker does
    init.mockReset();
  });

  it('says a module that does not compile needs WebAssembly SIMD', async () => {
    init.mockRejectedValue(new WebAssembly.CompileError('invalid opcode 0xfd'));
    const { loadWasm } = await import('./load-wasm');
    await expect(loadWasm()).rejects.toThrow(
      `${CANNOT_RUN}: its WebAssembly needs SIMD (Chrome or Edge 91, Firefox 89, Safari 16.4 or later). ` +
        'The browser said: invalid opcode 0xfd',
    );
  });

  it('says a module that could not be fetched was not downloaded', async () => {
    init.mockRejectedValue(new TypeError('Failed to fetch'));
    const { loadWasm } = await import('./load-wasm');
    await expect(loadWasm()).rejects.toThrow(`${CANNOT_RUN}: its WebAssembly could not be downloaded`);
  });

  it('loads the module once however often it is asked', async () => {
    init.mockResolvedValue({});
    const { loadWasm } = await import('./load-wasm');
    await Promise.all([loadWasm(), loadWasm(), loadWasm()]);
    expect(init).toHaveBeenCalledTimes(1);
  });
});
