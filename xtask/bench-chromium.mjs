// The Chromium half of `cargo xtask bench`: the page's engine (www/bench.html: the training worker
// and its shard workers, as the page trains) timed in Debian's headless Chromium, whose V8 is the
// page's, at one and at two workers. Serves www/dist with vite preview (no special headers).
// usage: node xtask/bench-chromium.mjs [--json] [--quick]   (build the page first: cargo xtask build)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { root } from './wasm-bindings.mjs';

const CELLS = ['rnn', 'gru', 'lstm'];
const HIDDEN_SIZES = [64, 128, 256];
const WORKERS = [1, 2];
const PORT = 4199;

const options = process.argv.slice(2);
const json = options.includes('--json');
const quick = options.includes('--quick');
const seconds = quick ? 1 : 5;
const only = (name) => options.find((o) => o.startsWith(`--${name}=`))?.split('=')[1];
const cells = only('cell') ? [only('cell')] : CELLS;
const sizes = only('hidden') ? [Number(only('hidden'))] : HIDDEN_SIZES;

function fail(message) {
  console.error(`bench-chromium.mjs: ${message}`);
  process.exit(1);
}

const www = path.join(root, 'www');
if (!fs.existsSync(path.join(www, 'dist/bench.html'))) fail('www/dist/bench.html not found: run `cargo xtask build` first');
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
if (!fs.existsSync(chromiumPath)) fail(`no Chromium at ${chromiumPath} (cargo xtask test installs Debian's; or set CHROMIUM)`);
const { chromium } = createRequire(path.join(www, 'package.json'))('playwright-core');

const server = spawn(path.join(www, 'node_modules/.bin/vite'), ['preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], {
  cwd: www,
  stdio: 'ignore',
});
const base = `http://127.0.0.1:${PORT}/`;
for (let tries = 0; ; tries++) {
  try {
    if ((await fetch(base)).ok) break;
  } catch {}
  if (tries > 100) fail('vite preview did not start');
  await new Promise((r) => setTimeout(r, 100));
}

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
/** Opens a bench.html address and returns the JSON it leaves in #result, or exits with its error. */
async function measure(address) {
  const page = await browser.newPage();
  await page.goto(address);
  const output = page.locator('#result');
  await page.waitForFunction(() => {
    const o = document.getElementById('result');
    return o?.dataset.result !== undefined || o?.dataset.error !== undefined;
  }, undefined, { timeout: 120_000 });
  const error = await output.getAttribute('data-error');
  if (error !== null) fail(`${address}: ${error}`);
  const result = JSON.parse(await output.getAttribute('data-result'));
  await page.close();
  return result;
}

try {
  if (!json) console.log(`${'cell'.padEnd(5)} ${'hidden'.padStart(6)} ${'workers'.padStart(7)} ${'chromium chars/s'.padStart(17)}`);
  for (const cell of cells) {
    for (const hidden of sizes) {
      for (const workers of WORKERS) {
        const result = await measure(`${base}bench.html?cell=${cell}&hidden=${hidden}&workers=${workers}&seconds=${seconds}`);
        if (json) console.log(JSON.stringify(result));
        else console.log(`${cell.padEnd(5)} ${String(hidden).padStart(6)} ${String(result.threads).padStart(7)} ${String(result.chars_per_sec).padStart(17)}`);
      }
      for (const workers of WORKERS) {
        const ceiling = await measure(`${base}bench.html?cell=${cell}&hidden=${hidden}&workers=${workers}&ceiling=1`);
        if (json) console.log(JSON.stringify(ceiling));
        else console.log(`${cell.padEnd(5)} ${String(hidden).padStart(6)} ${String(workers).padStart(7)} ${`at most ${ceiling.chars_per_sec_at_most}`.padStart(17)}`);
      }
    }
  }
} finally {
  await browser.close();
  server.kill();
}
