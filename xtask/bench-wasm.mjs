// The wasm half of `cargo xtask bench`: chars/sec of the reference workload (V=48 one-hot, B=32,
// T=64, Adam, norm clip 5, 1 layer) through the page's bindings in Node, for each cell and hidden size.
// usage: node xtask/bench-wasm.mjs [--json] [--quick]   (build www/pkg first: cargo xtask build)
import { fail as failWith, loadBindings } from './wasm-bindings.mjs';

const CELLS = ['rnn', 'gru', 'lstm'];
const HIDDEN_SIZES = [64, 128, 256];
const STEPS = { full: 20, quick: 3 };

const options = process.argv.slice(2);
const unknown = options.filter((option) => option !== '--json' && option !== '--quick');
if (unknown.length > 0) {
  fail(`unknown option ${unknown.join(' ')}; usage: node xtask/bench-wasm.mjs [--json] [--quick]`);
}
const json = options.includes('--json');
const steps = options.includes('--quick') ? STEPS.quick : STEPS.full;

const bindings = await loadBindings('bench-wasm.mjs');
if (typeof bindings.benchmark !== 'function') {
  fail('www/pkg/rnn_wasm.js exports no benchmark(cell, hidden, steps)');
}

if (!json) {
  console.log(`${'cell'.padEnd(5)} ${'hidden'.padStart(6)} ${'wasm chars/s'.padStart(14)}`);
}
for (const cell of CELLS) {
  for (const hidden of HIDDEN_SIZES) {
    const chars_per_sec = bindings.benchmark(cell, hidden, steps);
    // the most one thread's products could do in wasm here (see benchmark_ceiling in crates/rnn-wasm)
    const ceiling = bindings.benchmark_ceiling(cell, hidden);
    if (json) {
      console.log(JSON.stringify({ cell, hidden, runtime: 'wasm', threads: 1, chars_per_sec }));
      console.log(JSON.stringify({ ceiling: 'wasm', cell, hidden, threads: 1, ...ceiling }));
    } else {
      console.log(
        `${cell.padEnd(5)} ${String(hidden).padStart(6)} ${chars_per_sec.toFixed(0).padStart(14)}` +
          `   at most ${ceiling.chars_per_sec_at_most} (${ceiling.gflops_per_thread} GFLOP/s)`,
      );
    }
  }
}

function fail(message) {
  failWith('bench-wasm.mjs', message);
}
