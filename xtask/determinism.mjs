// The wasm half of `cargo xtask test`'s determinism stage: trains a config with the page's bindings
// in Node and prints {"fingerprint", "losses"} for xtask to compare with the native CLI's run; with
// MODEL.safetensors, also writes the page's Download of the trained model there.
// usage: node xtask/determinism.mjs CONFIG.json [MODEL.safetensors]
import fs from 'node:fs';
import path from 'node:path';
import { fail as failWith, loadBindings } from './wasm-bindings.mjs';

const [configPath, modelPath] = process.argv.slice(2);
if (!configPath) {
  fail('usage: node xtask/determinism.mjs CONFIG.json [MODEL.safetensors]');
}

const bindings = await loadBindings('determinism.mjs');
const config = JSON.parse(fs.readFileSync(configPath, 'utf8'));
// both runtimes must train the same number of steps: the CLI's own default differs, so require it
const steps = config.train?.steps;
if (!Number.isInteger(steps) || steps < 1) {
  fail(`${configPath} must set train.steps (a whole number of steps) so both runtimes train as long`);
}

const trainer = new bindings.Trainer(withInlineText(config, configPath));
const losses = [];
while (losses.length < steps) {
  const reports = trainer.train(steps - losses.length, 1e9);
  if (reports.length === 0) {
    fail(`Trainer.train returned no steps after ${losses.length} of ${steps}`);
  }
  losses.push(...reports.map((report) => report.loss));
}
if (modelPath) {
  fs.writeFileSync(modelPath, trainer.export_model());
}
console.log(JSON.stringify({ fingerprint: trainer.fingerprint(), losses }));
trainer.free();

/** The page passes text corpora inline; the CLI also reads {"kind":"text","path":...}, relative to the config file. */
function withInlineText(config, configPath) {
  const corpus = config.corpus;
  if (corpus?.kind !== 'text' || typeof corpus.path !== 'string') {
    return config;
  }
  const text = fs.readFileSync(path.resolve(path.dirname(configPath), corpus.path), 'utf8');
  return { ...config, corpus: { kind: 'text', text } };
}

function fail(message) {
  failWith('determinism.mjs', message);
}
