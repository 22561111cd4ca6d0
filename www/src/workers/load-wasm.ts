// Loads the wasm module once per worker. A failure says what the page can't do and why in words a
// user can act on, not only the engine's: the page shows it instead of "these settings can't be
// trained" (see session/trainer-view.ts).

import init from '../../pkg/rnn_wasm.js';
import { CANNOT_RUN } from '../wasm/protocol';
import { errorText } from './messages';

let loaded: Promise<unknown> | null = null;

export function loadWasm(): Promise<unknown> {
  loaded ??= init({ module_or_path: new URL('../../pkg/rnn_wasm_bg.wasm', import.meta.url) }).catch((error: unknown) => {
    const detail = errorText(error);
    const why =
      error instanceof WebAssembly.CompileError || error instanceof WebAssembly.LinkError
        ? 'its WebAssembly needs SIMD (Chrome or Edge 91, Firefox 89, Safari 16.4 or later)'
        : 'its WebAssembly could not be downloaded (offline before the page was ever fully loaded?)';
    throw new Error(`${CANNOT_RUN}: ${why}. The browser said: ${detail}`);
  });
  return loaded;
}
