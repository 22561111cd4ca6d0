// The page's wasm bindings (www/pkg, from `cargo xtask build`), instantiated synchronously in Node
// for xtask's scripts.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** www/pkg's exports, ready to use; exits with a message when the package is not built. */
export async function loadBindings(script) {
  const js = path.join(root, 'www/pkg/rnn_wasm.js');
  const wasm = path.join(root, 'www/pkg/rnn_wasm_bg.wasm');
  if (!fs.existsSync(js) || !fs.existsSync(wasm)) {
    fail(script, 'www/pkg/rnn_wasm.js or rnn_wasm_bg.wasm not found: run `cargo xtask build` first');
  }
  const bindings = await import(pathToFileURL(js).href);
  bindings.initSync({ module: fs.readFileSync(wasm) });
  return bindings;
}

export function fail(script, message) {
  console.error(`${script}: ${message}`);
  process.exit(1);
}
