// The training worker owns one wasm Trainer. It trains in chunks of about CHUNK_MS and yields
// between them, so pause and step requests are answered within one chunk while training runs. It
// answers no questions about the model: it sends copies of its weights along with its progress, and
// the snapshot workers answer from those (see snapshot-worker.ts).
//
// With more than one worker to use (the page's `workers`, from navigator.hardwareConcurrency) it
// starts shard workers (shard-worker.ts) and spreads each step's shards over them and itself; the
// Trainer adds the shards' gradients in shard order, so the run's bits are the same with any number
// of workers, and the same as the CLI's. Plain postMessage, no SharedArrayBuffer: it works on any
// static host, with no special headers.

import { Snapshot, Trainer } from '../../pkg/rnn_wasm.js';
import type { Config } from '../wasm/core-config';
import { loadWasm } from './load-wasm';
import { failure, WorkerMessages } from './messages';
import type { FromShard, FromTrainer, Plan, StepReport, TextReading, ToShard, ToTrainer } from '../wasm/protocol';

declare const self: DedicatedWorkerGlobalScope;

const CHUNK_MS = 30;
const SNAPSHOT_EVERY_MS = 250; // while training; an export costs about a millisecond, its loading a few more
const STEP_MS = 60_000; // budget for the Step button's single step, which runs whole regardless

let trainer: Trainer | null = null;
let running = false;
let untilStep: number | null = null;
let charsPerStep = 0;
let started = { time: 0, step: 0 }; // where the current run of training began, for chars/sec
let lastSnapshotAt = 0;
let reportedDivergence = ''; // the divergence the page was last told of, so a new one pauses once
let helpers: Helper[] = []; // shard workers: this worker computes shards 0, n, 2n…, helper h shards h+1, h+1+n…

// a MessageChannel yields to queued messages without setTimeout's 4 ms clamp on nested timers
const yieldChannel = new MessageChannel();
let chunkScheduled = false; // at most one chunk waits, however often train and pause alternate
yieldChannel.port1.onmessage = () => {
  chunkScheduled = false;
  // in the message queue: a reset or pause waits for the step its shard workers are computing
  messages.then(trainChunk, (error) => fail('train', error));
};
function scheduleChunk(): void {
  if (chunkScheduled) return;
  chunkScheduled = true;
  yieldChannel.port2.postMessage(null);
}

// messages are handled strictly in order, even while `init` awaits the wasm module
const messages = new WorkerMessages<ToTrainer, FromTrainer>(self);
messages.handleInOrder(handle, (message, error) => fail(message.type, error));

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
      useHelpers(Math.min(message.workers, trainer.shards) - 1, message.config, trainer.vocab);
      const snapshot = exportSnapshot(trainer);
      const planned = trainer.plan(); // made with the trainer: the corpus is built once
      const ready = {
        type: 'ready',
        charsPerStep,
        parameters: trainer.parameters,
        fingerprint: trainer.fingerprint(),
        snapshot,
        workers: helpers.length + 1,
        plan: planned,
      } as const;
      post({ ...ready, reading: readingOf(message.config, planned) }, [snapshot.buffer]);
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
      report(current().train(1, STEP_MS));
      return;
    case 'export': {
      const bytes = current().export_model();
      post({ type: 'exported', bytes }, [bytes.buffer]);
      return;
    }
    case 'open': {
      await loadWasm();
      const file = new Snapshot(message.bytes); // throws the core's message for a bad file
      const opened = { type: 'opened', name: message.name, config: file.config(), step: file.step, bytes: message.bytes } as const;
      file.free();
      post(opened, [message.bytes.buffer]);
      return;
    }
    case 'import': {
      const model = current(); // just created by the 'init' sent before it, so not training
      model.import_model(message.bytes);
      const snapshot = exportSnapshot(model);
      post({ type: 'imported', step: model.step, fingerprint: model.fingerprint(), snapshot }, [snapshot.buffer]);
      return;
    }
  }
}

async function trainChunk(): Promise<void> {
  if (!running || trainer === null) return;
  try {
    const step = trainer.step;
    const toValidation = trainer.validate_every - (step % trainer.validate_every);
    const maxSteps = untilStep === null ? toValidation : Math.min(toValidation, untilStep - step);
    if (maxSteps <= 0) {
      running = false;
      report([]);
      return;
    }
    const reports = helpers.length === 0 ? trainer.train(maxSteps, CHUNK_MS) : await trainSpread(trainer, maxSteps);
    if (untilStep !== null && trainer.step >= untilStep) running = false;
    report(reports);
    if (running) scheduleChunk();
  } catch (error) {
    running = false;
    fail('train', error);
  }
}

/** `Trainer.train` with each step's shards spread over this worker and its helpers. */
async function trainSpread(model: Trainer, maxSteps: number): Promise<StepReport[]> {
  const start = performance.now();
  const reports: StepReport[] = [];
  while (reports.length < maxSteps) {
    const report = await stepSpread(model);
    reports.push(report);
    if (report.divergence !== null || performance.now() - start >= CHUNK_MS) break;
  }
  return reports;
}

async function stepSpread(model: Trainer): Promise<StepReport> {
  const shards = model.begin_step();
  const everyone = helpers.length + 1;
  const params = model.params();
  const sent = helpers.map((helper, h) => {
    const indices = range(h + 1, shards, everyone);
    return helper.compute(params, indices.map((i) => model.job(i))).then(
      (results) => ({ indices, results }),
      () => ({ indices, results: null }), // computed here instead, below
    );
  });
  for (const i of range(0, shards, everyone)) model.compute_shard(i);
  let lost = false;
  for (const { indices, results } of await Promise.all(sent)) {
    if (results === null) {
      lost = true;
      for (const i of indices) model.compute_shard(i);
    } else {
      for (const bytes of results) model.accept_shard(bytes);
    }
  }
  if (lost) useHelpers(0, null, 0); // a helper that failed once is not trusted again: this worker goes on alone
  return model.finish_step();
}

function range(from: number, to: number, by: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i += by) out.push(i);
  return out;
}

/** A shard worker, and the one step it may be computing. */
class Helper {
  private readonly worker = new Worker(new URL('./shard-worker.ts', import.meta.url), { type: 'module', name: 'shard' });
  private waiting: { resolve(results: Uint8Array<ArrayBuffer>[]): void; reject(error: Error): void } | null = null;

  constructor() {
    this.worker.onmessage = (event: MessageEvent<FromShard>) => {
      const message = event.data;
      if (message.type === 'computed') this.waiting?.resolve(message.results);
      else this.waiting?.reject(new Error(message.message));
      this.waiting = null;
    };
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.waiting?.reject(new Error(event.message));
      this.waiting = null;
    };
  }

  init(config: Config, vocab: number): void {
    this.post({ type: 'init', config, vocab });
  }

  compute(params: Float32Array<ArrayBuffer>, jobs: Uint8Array<ArrayBuffer>[]): Promise<Uint8Array<ArrayBuffer>[]> {
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.post({ type: 'compute', params, jobs }, jobs.map((job) => job.buffer));
    });
  }

  terminate(): void {
    this.waiting?.reject(new Error('terminated'));
    this.worker.terminate();
  }

  private post(message: ToShard, transfer: Transferable[] = []): void {
    this.worker.postMessage(message, transfer);
  }
}

/** Keeps `count` shard workers with this model's shape, reusing those there are. */
function useHelpers(count: number, config: Config | null, vocab: number): void {
  while (helpers.length > Math.max(count, 0)) helpers.pop()?.terminate();
  while (helpers.length < count) helpers.push(new Helper());
  if (config !== null) for (const helper of helpers) helper.init(config, vocab);
}

function report(reports: StepReport[]): void {
  const model = current();
  const step = model.step;
  const applied = reports.filter((r) => r.divergence === null); // a refused update is not a step
  const validation = applied.length > 0 && step % model.validate_every === 0 ? { step, bitsPerChar: model.validate() } : null;
  const divergence = model.divergence();
  const key = divergence === null ? '' : `${divergence.cause}@${divergence.step}`;
  // a refused update pauses every time (the same window refuses again); a validation streak once
  if (divergence !== null && (applied.length < reports.length || key !== reportedDivergence)) running = false;
  reportedDivergence = key;
  const seconds = (performance.now() - started.time) / 1000;
  const charsPerSec = seconds > 0 ? ((step - started.step) * charsPerStep) / seconds : 0;
  // always when training stops, so the answers the page shows end on the step it stopped at
  // and on each validation, so a sample is drawn beside every bits/char the page shows
  const snapshot = !running || validation !== null || performance.now() - lastSnapshotAt >= SNAPSHOT_EVERY_MS ? exportSnapshot(model) : null;
  const transfer = snapshot === null ? [] : [snapshot.buffer];
  const workers = helpers.length + 1;
  const refused = reports.find((r) => r.divergence !== null) ?? null;
  const progress = { type: 'progress', step, running, reports: applied, refused, divergence, charsPerSec, workers, validation } as const;
  post({ ...progress, fingerprint: model.fingerprint(), history: model.history(), snapshot }, transfer);
}

/** How the vocabulary takes the user's own text, and how many symbols the other reading of Hangul needs. */
function readingOf(config: Config, planned: Plan): TextReading | null {
  if (config.corpus.kind !== 'text') return null;
  return { folding: planned.folding, jamo: config.corpus.jamo === true, otherVocab: planned.other_reading_vocab };
}

function exportSnapshot(model: Trainer): Uint8Array<ArrayBuffer> {
  lastSnapshotAt = performance.now();
  return model.export_model();
}

function current(): Trainer {
  if (trainer === null) throw new Error('there is no trainer yet: fix the settings, then press Reset');
  return trainer;
}

/** Every failure becomes a message. A wasm trap leaves the module unusable: the page replaces this worker. */
function fail(request: ToTrainer['type'], error: unknown): void {
  const failed = failure(request, error);
  if (failed.fatal) running = false;
  post(failed);
}

function post(message: FromTrainer, transfer: Transferable[] = []): void {
  messages.post(message, transfer);
}
