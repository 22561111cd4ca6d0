// The memory estimate against what a trainer really takes in the page's worker: wasm memory, which
// only grows, measured in Node around building a trainer, two steps and a validation, each config in
// a fresh process (a fresh memory). The estimate (`plan(config).memory_bytes`, which `new Trainer`
// holds to the budget) must cover the growth and exceed it by at most two fifths, as natively
// (crates/rnn-core/tests/budget.rs). The corpus is left out of both, as there: 4 bytes a char.
// usage: node xtask/memory-wasm.mjs [--json]   (build www/pkg first: cargo xtask build)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fail as failWith, root } from './wasm-bindings.mjs';

const agreement = { kind: 'agreement', sentences: 3000 };
const sentiment = { kind: 'sentiment', sentences: 1500 };
const adam = { kind: 'adam', lr: 0.01 };
// the native test's stacks: one-hot and embedded, every cell, dense, residual, 4 layers, both directions
const CONFIGS = [
  { model: { cell: 'lstm', hidden: 128, embedding: 32 }, train: { batch: 32, bptt: 64, optimizer: adam }, corpus: agreement },
  { model: { cell: 'gru', hidden: 200 }, train: { batch: 64, bptt: 48, optimizer: { kind: 'rmsprop', lr: 0.01 } }, corpus: agreement },
  { model: { cell: 'lstm', hidden: 64, embedding: 16, bidirectional: true, task: 'tagging' }, train: { batch: 16, bptt: 96, optimizer: adam }, corpus: sentiment },
  { model: { cell: 'gru', hidden: 48, layers: 3, connections: 'dense' }, train: { batch: 8, bptt: 64, optimizer: adam }, corpus: agreement },
  { model: { cell: 'lstm', hidden: 64, layers: 4, embedding: 32, connections: 'residual' }, train: { batch: 8, bptt: 64, optimizer: adam }, corpus: agreement },
  { model: { cell: 'rnn', hidden: 64, layers: 4 }, train: { batch: 16, bptt: 64, optimizer: adam }, corpus: agreement },
  { model: { cell: 'lstm', hidden: 48, layers: 4, embedding: 16, connections: 'dense', bidirectional: true, task: 'tagging' }, train: { batch: 8, bptt: 96, optimizer: adam }, corpus: sentiment },
  // issue 17's stack (4 bidirectional dense LSTM layers, one-hot, BPTT 128) at a quarter of its width
  { model: { cell: 'lstm', hidden: 96, layers: 4, connections: 'dense', bidirectional: true, task: 'tagging' }, train: { batch: 16, bptt: 128, optimizer: adam }, corpus: sentiment },
];
const [LOWEST, HIGHEST] = [1.0, 1.4];

const self = fileURLToPath(import.meta.url);
const options = process.argv.slice(2);

if (options[0] === '--one') {
  // the child: one config, in this process's fresh wasm memory
  const config = JSON.parse(options[1]);
  const bindings = await import(pathToFileURL(path.join(root, 'www/pkg/rnn_wasm.js')).href);
  const wasm = bindings.initSync({ module: fs.readFileSync(path.join(root, 'www/pkg/rnn_wasm_bg.wasm')) });
  // the trainer alone, from a fresh memory: the plan is asked after, so the blocks its own corpus
  // and vocabularies freed are not there for the trainer to reuse (they made the growth depend on
  // what the plan happens to build)
  const before = wasm.memory.buffer.byteLength;
  const trainer = new bindings.Trainer(config);
  trainer.train(2, 1e9);
  trainer.validate();
  const after = wasm.memory.buffer.byteLength;
  const plan = bindings.plan(config);
  const grown = after - before - 4 * plan.folding.chars;
  console.log(JSON.stringify({ estimate: plan.memory_bytes, grown }));
  process.exit(0);
}

if (!fs.existsSync(path.join(root, 'www/pkg/rnn_wasm.js'))) fail('www/pkg/rnn_wasm.js not found: run `cargo xtask build` first');
const json = options.includes('--json');
const outside = [];
for (const config of CONFIGS) {
  const out = execFileSync(process.execPath, [self, '--one', JSON.stringify(config)], { encoding: 'utf8' });
  const { estimate, grown } = JSON.parse(out.trim().split('\n').at(-1));
  const ratio = estimate / grown;
  const m = config.model;
  const name = `${m.cell} h${m.hidden} l${m.layers ?? 1} e${m.embedding ?? 0}${m.connections ? ` ${m.connections}` : ''}${m.bidirectional ? ' bidirectional' : ''} b${config.train.batch} t${config.train.bptt}`;
  if (json) console.log(JSON.stringify({ config: name, runtime: 'wasm', estimate, grown, ratio: Number(ratio.toFixed(2)) }));
  else console.log(`${name}: estimate ${estimate}, wasm memory grew ${grown}, ratio ${ratio.toFixed(2)}`);
  if (!(ratio >= LOWEST && ratio <= HIGHEST)) outside.push(`${name}: ratio ${ratio.toFixed(2)}`);
}
if (outside.length > 0) fail(`estimates outside ${LOWEST}-${HIGHEST} of wasm memory's growth:\n${outside.join('\n')}`);

function fail(message) {
  failWith('memory-wasm.mjs', message);
}
