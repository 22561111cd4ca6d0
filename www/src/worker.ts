// The worker owns one wasm Trainer. It trains in chunks of about CHUNK_MS and yields between them,
// so pause, probe and sample requests are answered within one chunk while training runs.

import init, { Trainer } from '../pkg/rnn_wasm.js';
import type { Alternative, FromWorker, NextChar, StepReport, ToWorker } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

/** What Trainer.probe returns (typed `any` by wasm-bindgen). */
interface Probe {
  alternatives: Alternative[];
  next: NextChar[];
}

const CHUNK_MS = 30;
const VALIDATE_EVERY = 100; // steps; chunks end on these steps, so a retrained link draws the same curve
const STEP_MS = 60_000; // budget for the Step button's single step, which runs whole regardless

// loaded on the first init, so a failure to load is reported as that request's error
let wasmReady: Promise<unknown> | null = null;

let trainer: Trainer | null = null;
let running = false;
let untilStep: number | null = null;
let charsPerStep = 0;
let started = { time: 0, step: 0 }; // where the current run of training began, for chars/sec

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
self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  queue = queue.then(() => handle(message)).catch((error: unknown) => fail(message.type, error));
};

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'init': {
      wasmReady ??= init({ module_or_path: new URL('../pkg/rnn_wasm_bg.wasm', import.meta.url) });
      await wasmReady;
      running = false;
      trainer?.free();
      trainer = null; // stays null if the config is rejected
      trainer = new Trainer(message.config);
      charsPerStep = trainer.chars_per_step;
      post({ type: 'ready', charsPerStep, fingerprint: trainer.fingerprint() });
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
    case 'probe': {
      const model = current();
      const answers = message.pairs.map((pair) => model.probe(message.prompt, [...pair]) as Probe);
      const next = answers[0]?.next ?? (model.probe(message.prompt, []) as Probe).next;
      const pairs = answers.map((answer) => answer.alternatives);
      post({ type: 'probeResult', id: message.id, step: model.step, prompt: message.prompt, pairs, next });
      return;
    }
    case 'sample': {
      const { id, prompt, length, temperature, seed } = message;
      post({ type: 'sampleResult', id, prompt, text: current().sample(prompt, length, temperature, seed) });
      return;
    }
    case 'agreement': {
      const model = current();
      const { by_attractors } = model.agreement(message.itemsPerBucket) as { by_attractors: Record<string, number> };
      const byAttractors = [0, 1, 2, 3, 4].map((k) => by_attractors[String(k)] ?? Number.NaN);
      post({ type: 'agreementResult', id: message.id, step: model.step, byAttractors });
      return;
    }
    case 'export': {
      const bytes = current().export_model();
      post({ type: 'exported', bytes }, [bytes.buffer as ArrayBuffer]);
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
    if (reports.some((r) => !Number.isFinite(r.loss))) running = false; // the page says why
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
  const validation = reports.length > 0 && step % VALIDATE_EVERY === 0 ? { step, bitsPerChar: model.validate() } : null;
  const seconds = (performance.now() - started.time) / 1000;
  const charsPerSec = seconds > 0 ? ((step - started.step) * charsPerStep) / seconds : 0;
  post({ type: 'progress', step, running, reports, charsPerSec, validation, fingerprint: model.fingerprint() });
}

function current(): Trainer {
  if (trainer === null) throw new Error('there is no trainer yet: fix the settings, then press Reset');
  return trainer;
}

/** Every failure becomes a message. A wasm trap leaves the module unusable: the page replaces this worker. */
function fail(request: ToWorker['type'], error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const fatal = error instanceof WebAssembly.RuntimeError;
  if (fatal) running = false;
  post({ type: 'error', request, message, fatal });
}

function post(message: FromWorker, transfer: Transferable[] = []): void {
  self.postMessage(message, transfer);
}
