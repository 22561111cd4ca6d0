// The Firefox and WebKit half of `cargo xtask bench`: www/bench.html (the page's training worker on
// the reference workload, as bench-chromium.mjs times it in Chromium) in Debian's Firefox ESR and
// WebKitGTK, driven by tests/engines/browsers.cjs, on one worker. Prints lines like
// bench-chromium.mjs's with `runtime` "firefox" or "webkit".
// usage: node xtask/bench-engines.mjs [--json] [--quick] [--cell=lstm] [--hidden=128]   (build the page first: cargo xtask build)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { root } from './wasm-bindings.mjs';
import browsers from '../tests/engines/browsers.cjs';
const { ENGINES, launch, waitFor } = browsers;

const CELLS = ['rnn', 'gru', 'lstm'];
const HIDDEN_SIZES = [64, 128, 256];
const PORT = 4198;

const options = process.argv.slice(2);
const json = options.includes('--json');
const seconds = options.includes('--quick') ? 1 : 5;
const only = (name) => options.find((o) => o.startsWith(`--${name}=`))?.split('=')[1];
const cells = only('cell') ? [only('cell')] : CELLS;
const sizes = only('hidden') ? [Number(only('hidden'))] : HIDDEN_SIZES;

function fail(message) {
  console.error(`bench-engines.mjs: ${message}`);
  process.exit(1);
}

if (!fs.existsSync(path.join(root, 'www/dist/bench.html'))) fail('www/dist/bench.html not found: run `cargo xtask build` first');
const server = spawn(process.execPath, [path.join(root, 'tests/engines/server.mjs'), String(PORT)], { stdio: 'ignore' });
const base = `http://127.0.0.1:${PORT}/`;
try {
  for (let tries = 0; ; tries++) {
    try {
      if ((await fetch(base)).ok) break;
    } catch {}
    if (tries > 100) fail('tests/engines/server.mjs did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!json) console.log(`${'cell'.padEnd(5)} ${'hidden'.padStart(6)} ${'engine'.padStart(8)} ${'chars/s'.padStart(9)}`);
  for (const engine of ENGINES) {
    const browser = await launch(engine);
    try {
      for (const cell of cells) {
        for (const hidden of sizes) {
          await browser.goto(`${base}bench.html?cell=${cell}&hidden=${hidden}&workers=1&seconds=${seconds}`);
          const outcome = await waitFor(browser, `(() => { const o = document.getElementById('result'); return o.dataset.result ?? (o.dataset.error && 'error: ' + o.dataset.error); })()`, 120_000, `${cell} H=${hidden}`);
          if (outcome.startsWith('error: ')) fail(`${engine}, ${cell} H=${hidden}: ${outcome}`);
          // bench.html names the engine it was written for; this is the one that ran it
          const result = { ...JSON.parse(outcome), runtime: engine };
          if (json) console.log(JSON.stringify(result));
          else console.log(`${cell.padEnd(5)} ${String(hidden).padStart(6)} ${engine.padStart(8)} ${String(result.chars_per_sec).padStart(9)}`);
        }
      }
    } finally {
      await browser.close();
    }
  }
} finally {
  server.kill();
}
