// The training worker owns one wasm Trainer. It trains in chunks of about CHUNK_MS and yields
// between them, so pause and step requests are answered within one chunk while training runs. It
// answers no questions about the model: it sends copies of its weights along with its progress, and
// the snapshot workers answer from those (see snapshot-worker.ts).

import { plan, Snapshot, Trainer } from '../pkg/rnn_wasm.js';
import type { Config } from './config';
import { loadWasm } from './load-wasm';
import type { Divergence, Folding, FromTrainer, History, StepReport, TextReading, ToTrainer } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const CHUNK_MS = 30;
const SNAPSHOT_EVERY_MS = 250; // while training; an export costs about a millisecond, its loading a few more
const VALIDATE_EVERY = 100; // steps; chunks end on these steps, so a retrained link draws the same curve
const STEP_MS = 60_000; // budget for the Step button's single step, which runs whole regardless

let trainer: Trainer | null = null;
let running = false;
let untilStep: number | null = null;
let charsPerStep = 0;
let started = { time: 0, step: 0 }; // where the current run of training began, for chars/sec
let lastSnapshotAt = 0;
let reportedDivergence = ''; // the divergence the page was last told of, so a new one pauses once

// a MessageChannel yields to queued messages without setTimeout's 4 ms clamp on nested timers
const yieldChannel = new MessageChannel();
let chunkScheduled = false; // at most one chunk waits, however often train and pause alternate
yieldChannel.port1.onmessage = () => {
  chunkScheduled = false;
  trainChunk();
};
function scheduleChunk(): void {
  if (chunkScheduled) return;
  chunkScheduled = true;
  yieldChannel.port2.postMessage(null);
}

// messages are handled strictly in order, even while `init` awaits the wasm module
let queue = Promise.resolve();
self.onmessage = (event: MessageEvent<ToTrainer>) => {
  const message = event.data;
  queue = queue.then(() => handle(message)).catch((error: unknown) => fail(message.type, error));
};

async function handle(message: ToTrainer): Promise<void> {
  switch (message.type) {
    case 'init': {
      await loadWasm();
      running = false;
      trainer?.free();
      trainer = null; // stays null if the config is rejected
      trainer = new Trainer(message.config);
      charsPerStep = trainer.chars_per_step;
      reportedDivergence = '';
      const snapshot = exportSnapshot(trainer);
      const ready = { type: 'ready', charsPerStep, parameters: trainer.parameters, fingerprint: trainer.fingerprint(), snapshot } as const;
      post({ ...ready, reading: readingOf(message.config) }, [snapshot.buffer as ArrayBuffer]);
      return;
    }
    case 'train':
      untilStep = message.untilStep;
      if (!running) {
        running = true;
        started = { time: performance.now(), step: current().step };
        scheduleChunk();
      }
      return;
    case 'pause':
      if (running) {
        running = false;
        report([]); // tells the page training stopped, and at which step
      }
      return;
    case 'step':
      running = false;
      started = { time: performance.now(), step: current().step };
      report(current().train(1, STEP_MS) as StepReport[]);
      return;
    case 'export': {
      const bytes = current().export_model();
      post({ type: 'exported', bytes }, [bytes.buffer as ArrayBuffer]);
      return;
    }
    case 'open': {
      await loadWasm();
      const file = new Snapshot(message.bytes); // throws the core's message for a bad file
      const opened = { type: 'opened', name: message.name, config: file.config(), step: file.step, bytes: message.bytes } as const;
      file.free();
      post(opened, [message.bytes.buffer as ArrayBuffer]);
      return;
    }
    case 'import': {
      const model = current(); // just created by the 'init' sent before it, so not training
      model.import_model(message.bytes);
      const snapshot = exportSnapshot(model);
      post({ type: 'imported', step: model.step, fingerprint: model.fingerprint(), snapshot }, [snapshot.buffer as ArrayBuffer]);
      return;
    }
  }
}

function trainChunk(): void {
  if (!running || trainer === null) return;
  try {
    const step = trainer.step;
    const toValidation = VALIDATE_EVERY - (step % VALIDATE_EVERY);
    const maxSteps = untilStep === null ? toValidation : Math.min(toValidation, untilStep - step);
    if (maxSteps <= 0) {
      running = false;
      report([]);
      return;
    }
    const reports = trainer.train(maxSteps, CHUNK_MS) as StepReport[];
    if (untilStep !== null && trainer.step >= untilStep) running = false;
    report(reports);
    if (running) scheduleChunk();
  } catch (error) {
    running = false;
    fail('train', error);
  }
}

function report(reports: StepReport[]): void {
  const model = current();
  const step = model.step;
  const applied = reports.filter((r) => r.divergence === null); // a refused update is not a step
  const validation = applied.length > 0 && step % VALIDATE_EVERY === 0 ? { step, bitsPerChar: model.validate() } : null;
  const divergence = model.divergence() as Divergence | null;
  const key = divergence === null ? '' : `${divergence.cause}@${divergence.step}`;
  // a refused update pauses every time (the same window refuses again); a validation streak once
  if (divergence !== null && (applied.length < reports.length || key !== reportedDivergence)) running = false;
  reportedDivergence = key;
  const seconds = (performance.now() - started.time) / 1000;
  const charsPerSec = seconds > 0 ? ((step - started.step) * charsPerStep) / seconds : 0;
  // always when training stops, so the answers the page shows end on the step it stopped at
  const snapshot = !running || performance.now() - lastSnapshotAt >= SNAPSHOT_EVERY_MS ? exportSnapshot(model) : null;
  const transfer = snapshot === null ? [] : [snapshot.buffer as ArrayBuffer];
  const progress = { type: 'progress', step, running, reports: applied, divergence, charsPerSec, validation } as const;
  post({ ...progress, fingerprint: model.fingerprint(), history: model.history() as History, snapshot }, transfer);
}

const HANGUL_SYLLABLE = /[\uAC00-\uD7A3]/;

/** How the vocabulary takes the user's own text, and how many symbols the other reading of Hangul needs. */
function readingOf(config: Config): TextReading | null {
  const corpus = config.corpus;
  if (corpus.kind !== 'text') return null;
  const foldingOf = (of: Config) => (plan(of) as { folding: Folding }).folding;
  const jamo = corpus.jamo === true;
  const other: Config['corpus'] = jamo ? { kind: 'text', text: corpus.text } : { kind: 'text', text: corpus.text, jamo: true };
  const otherVocab = HANGUL_SYLLABLE.test(corpus.text) ? foldingOf({ ...config, corpus: other }).vocab : null;
  return { folding: foldingOf(config), jamo, otherVocab };
}

function exportSnapshot(model: Trainer): Uint8Array {
  lastSnapshotAt = performance.now();
  return model.export_model();
}

function current(): Trainer {
  if (trainer === null) throw new Error('there is no trainer yet: fix the settings, then press Reset');
  return trainer;
}

/** Every failure becomes a message. A wasm trap leaves the module unusable: the page replaces this worker. */
function fail(request: ToTrainer['type'], error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const fatal = error instanceof WebAssembly.RuntimeError;
  if (fatal) running = false;
  post({ type: 'error', request, message, fatal });
}

function post(message: FromTrainer, transfer: Transferable[] = []): void {
  self.postMessage(message, transfer);
}
