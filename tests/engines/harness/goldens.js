// Replays the golden file's config runs (crates/rnn-core/tests/goldens/goldens.json) with the page's
// wasm bindings in this browser's engine: each run's loss bits, weights fingerprint and model file
// hash land in #result's data-result as JSON, for the engine tests to compare with the file. The
// preset run is the page's default, which the tests replay through the page itself.
import init, { Trainer } from '/pkg/rnn_wasm.js';

const output = document.getElementById('result');

/** rnn_core::Rng (PCG32), for the golden file's wide texts; BigInt keeps its 64-bit state exact. */
function rng(seed) {
  const M = (1n << 64n) - 1n;
  const s = BigInt(seed);
  const increment = (((((s << 17n) | (s >> 47n)) & M) ^ 0xda3e39cb94b95bdbn) << 1n) & M | 1n;
  let state = 0n;
  const next = () => {
    const old = state;
    state = (old * 6364136223846793005n + increment) & M;
    const x = Number((((old >> 18n) ^ old) >> 27n) & 0xffffffffn);
    const r = Number(old >> 59n);
    return ((x >>> r) | (x << ((32 - r) & 31))) >>> 0;
  };
  next();
  state = (state + s) & M;
  next();
  return { uniform: () => (next() >>> 8) / 16777216 };
}

/** goldens/mod.rs's wide_text: Hangul syllables with skewed frequencies, a space every seventh char. */
function wideText(distinct, length) {
  const random = rng(2810);
  let text = '';
  for (let i = 0; i < length; i++) {
    if (i % 7 === 6) {
      text += ' ';
      continue;
    }
    const u = random.uniform();
    // f32 arithmetic, as the Rust does it
    text += String.fromCharCode(0xac00 + Math.floor(Math.fround(Math.fround(u * u) * distinct)));
  }
  return text;
}

const hex32 = (value) => new Uint32Array(new Float32Array([value]).buffer)[0].toString(16).padStart(8, '0');

function fnv1a(bytes) {
  let hash = 0xcbf29ce484222325n;
  for (const byte of bytes) hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
  return hash.toString(16).padStart(16, '0');
}

async function replay() {
  await init({ module_or_path: '/pkg/rnn_wasm_bg.wasm' });
  const goldens = await (await fetch('/goldens.json')).json();
  const results = [];
  for (const run of goldens.runs) {
    if (run.config === undefined) continue;
    const config = structuredClone(run.config);
    if (run.wide_text !== undefined) config.corpus.text = wideText(run.wide_text, 6000);
    const trainer = new Trainer(config);
    const losses = [];
    while (losses.length < run.steps) {
      const reports = trainer.train(run.steps - losses.length, 1e9);
      if (reports.length === 0) throw new Error(`${run.name}: no steps after ${losses.length}`);
      losses.push(...reports.map((report) => hex32(report.loss)));
    }
    results.push({ name: run.name, vocab: trainer.vocab, losses, weights: trainer.fingerprint(), model_file: fnv1a(trainer.export_model()) });
    trainer.free();
  }
  return results;
}

replay().then(
  (results) => {
    output.dataset.result = JSON.stringify(results);
    output.textContent = results.map((run) => `${run.name}: ${run.weights}`).join('\n');
  },
  (error) => {
    output.dataset.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    output.textContent = `failed: ${output.dataset.error}`;
  },
);
