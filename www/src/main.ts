// Wiring: the URL state, the settings form, the charts and the probe panel around one training worker.

import './style.css';
import { Charts } from './charts';
import { TrainerClient } from './client';
import { toConfig } from './config';
import { Controls } from './controls';
import { Notices } from './notices';
import { ProbePanel } from './probe';
import type { FromWorker } from './protocol';
import { type Pair, parse, print, type State } from './state';

const PROBE_EVERY_MS = 250; // while training, so the bars follow the model
const AGREEMENT_EVERY_MS = 3000;
const SAMPLE_EVERY_MS = 3000;
const AGREEMENT_ITEMS = 50; // held-out sentences per attractor count
const SAMPLE_LENGTH = 200;
const LOCATION_DELAY_MS = 400; // typing a prompt rewrites the hash once it pauses, not per key

// ---- elements --------------------------------------------------------------------------------------

function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`the page has no ${type.name} #${id}`);
  return element;
}

const buttons = {
  train: byId('train', HTMLButtonElement),
  pause: byId('pause', HTMLButtonElement),
  step: byId('step-once', HTMLButtonElement),
  reset: byId('reset', HTMLButtonElement),
  copyLink: byId('copy-link', HTMLButtonElement),
  download: byId('download', HTMLButtonElement),
};
const readouts = {
  step: byId('step', HTMLOutputElement),
  loss: byId('loss', HTMLOutputElement),
  speed: byId('speed', HTMLOutputElement),
  linkStatus: byId('link-status', HTMLOutputElement),
  retraining: byId('retraining', HTMLElement),
  retrainTarget: byId('retrain-target', HTMLElement),
  retrainProgress: byId('retrain-progress', HTMLProgressElement),
};

const notices = new Notices(byId('notices', HTMLElement));
const charts = new Charts({
  loss: byId('loss-chart', HTMLElement),
  gradient: byId('gradient-chart', HTMLElement),
  agreement: byId('agreement-chart', HTMLElement),
});
const client = new TrainerClient(onWorkerMessage, (message) => {
  trainer = null;
  running = false;
  showRunning();
  notices.show(`${message}. Press Reset to start again.`, 'trainer');
});
const controls = new Controls(
  byId('settings', HTMLFormElement),
  { block: byId('own-text', HTMLElement), text: byId('own-text-input', HTMLTextAreaElement), file: byId('own-text-file', HTMLInputElement) },
  {
    onChange(patch, problem) {
      if (problem !== undefined) notices.show(problem);
      setState({ ...state, ...patch, steps: 0 });
      restart();
    },
    onText(text, problem) {
      if (problem !== undefined) notices.show(problem, 'text');
      if (text === null) return;
      ownText = text;
      if (state.corpus === 'text') restart(state.steps); // a link's steps, if it was opened on its own text
    },
  },
);
const probe = new ProbePanel(
  {
    prompt: byId('prompt', HTMLInputElement),
    pairs: byId('pairs', HTMLInputElement),
    alternatives: byId('alternatives', HTMLElement),
    nextChars: byId('next-chars', HTMLOListElement),
    temperature: byId('temperature', HTMLInputElement),
    temperatureValue: byId('temperature-value', HTMLOutputElement),
    sample: byId('sample', HTMLButtonElement),
    sampleText: byId('sample-text', HTMLElement),
  },
  {
    onQuestion(problem) {
      if (problem !== undefined) notices.show(problem, 'pairs');
      setState({ ...state, prompt: probe.prompt, pairs: probe.pairs });
      requestProbe();
      requestSample();
    },
    onSample: requestSample,
  },
);

// ---- page state ------------------------------------------------------------------------------------

let state: State;
let ownText: string | null = null; // the user's corpus; links don't carry it
let trainer: { step: number; target: number } | null = null; // null until the worker says ready
let running = false;
let ids = { probe: 0, sample: 0, agreement: 0 }; // the latest request of each kind; older answers are dropped
let probedPairs: readonly Pair[] = [];
let lastProbeAt = 0;
let lastAgreementAt = 0;
let lastSampleAt = 0;
let locationTimer: number | undefined;
let pendingTarget = 0; // the step the trainer being created should be trained to

function setState(next: State): void {
  state = next;
  controls.show(state);
  charts.setThreshold(state.clip === 'norm' ? state.threshold : null);
  window.clearTimeout(locationTimer);
  locationTimer = window.setTimeout(() => writeLocation(state), LOCATION_DELAY_MS);
}

/** Opens the experiment in the hash (on load, or when someone pastes a new link into this tab). */
function openLocation(): void {
  const { state: linked, notices: problems } = parse(window.location.hash);
  for (const problem of problems) notices.show(problem);
  setState(linked);
  probe.show(linked.prompt, linked.pairs);
  restart(linked.steps);
}

/** Creates a fresh trainer from the current state, then trains it to `target` steps (for links). */
function restart(target = 0): void {
  const config = toConfig(state, ownText);
  trainer = null;
  running = false;
  ids = { probe: ids.probe + 1, sample: ids.sample + 1, agreement: ids.agreement + 1 };
  charts.clear();
  showRunning();
  showStep(0, '');
  if ('missing' in config) {
    notices.show(
      state.steps > 0
        ? `This link trained on its sender's own text, which links don't carry: paste or choose a text to train on.`
        : 'Paste a text or choose a text file to train on.',
      'init',
    );
    return;
  }
  pendingTarget = target;
  client.send({ type: 'init', config });
}

// ---- worker messages -------------------------------------------------------------------------------

function onWorkerMessage(message: FromWorker): void {
  switch (message.type) {
    case 'ready':
      notices.clear('init');
      notices.clear('trainer');
      trainer = { step: 0, target: pendingTarget };
      showStep(0, message.fingerprint);
      if (pendingTarget > 0) {
        client.send({ type: 'train', untilStep: pendingTarget });
        running = true;
      }
      showRunning();
      requestProbe();
      requestSample();
      requestAgreement();
      return;
    case 'progress': {
      if (trainer === null) return;
      const settled = !message.running; // training stopped, or a single step ended
      trainer.step = message.step;
      running = message.running;
      charts.push(message.reports, message.validation);
      showStep(message.step, message.fingerprint);
      const last = message.reports.at(-1);
      if (last !== undefined) readouts.loss.value = (last.loss / Math.LN2).toFixed(3);
      readouts.speed.value = Math.round(message.charsPerSec).toLocaleString('en');
      if (message.reports.some((r) => !Number.isFinite(r.loss))) {
        notices.show(
          'The loss became infinite or NaN, so training stopped: the gradient exploded. ' +
            'Try norm clipping, a lower learning rate or a smaller recurrent init scale, then Reset.',
          'trainer',
        );
      }
      showRunning();
      const now = performance.now();
      if (settled || now - lastProbeAt > PROBE_EVERY_MS) requestProbe();
      if (settled || now - lastAgreementAt > AGREEMENT_EVERY_MS) requestAgreement();
      if (settled || now - lastSampleAt > SAMPLE_EVERY_MS) requestSample();
      return;
    }
    case 'probeResult':
      if (message.id !== ids.probe) return;
      notices.clear('probe');
      probe.showProbe(message.prompt, message.step, probedPairs, message.pairs, message.next);
      return;
    case 'sampleResult':
      if (message.id === ids.sample) probe.showSample(message.prompt, message.text);
      return;
    case 'agreementResult':
      if (message.id === ids.agreement) charts.setAgreement(message.byAttractors);
      return;
    case 'exported':
      download(message.bytes);
      return;
    case 'error':
      if (message.request === 'init') {
        trainer = null;
        showRunning();
        notices.show(`These settings can't be trained: ${message.message}.`, 'init');
      } else if (message.request === 'probe' || message.request === 'sample') {
        notices.show(`The prompt can't be read: ${message.message}.`, 'probe');
      } else {
        if (message.request === 'train') running = false; // the worker stopped training
        showRunning();
        notices.show(`${capitalise(message.request)} failed: ${message.message}.`, 'trainer');
      }
      return;
  }
}

function requestProbe(): void {
  if (trainer === null) return;
  lastProbeAt = performance.now();
  ids.probe += 1;
  probedPairs = state.pairs;
  client.send({ type: 'probe', id: ids.probe, prompt: state.prompt, pairs: state.pairs });
}

function requestSample(): void {
  if (trainer === null) return;
  lastSampleAt = performance.now();
  ids.sample += 1;
  const seed = (state.seed + ids.sample) % 2 ** 32; // a new sample each time, reproducible per session
  client.send({ type: 'sample', id: ids.sample, prompt: state.prompt, length: SAMPLE_LENGTH, temperature: probe.temperature, seed });
}

function requestAgreement(): void {
  if (trainer === null || state.corpus !== 'agreement') return;
  lastAgreementAt = performance.now();
  ids.agreement += 1;
  client.send({ type: 'agreement', id: ids.agreement, itemsPerBucket: AGREEMENT_ITEMS });
}

// ---- readouts --------------------------------------------------------------------------------------

function showStep(step: number, fingerprint: string): void {
  readouts.step.value = String(step);
  readouts.step.dataset['fingerprint'] = fingerprint;
  if (trainer !== null && step < trainer.target) readouts.retrainProgress.value = step / trainer.target;
}

function showRunning(): void {
  const retraining = trainer !== null && running && trainer.step < trainer.target;
  readouts.retraining.hidden = !retraining;
  if (trainer !== null) readouts.retrainTarget.textContent = String(trainer.target);
  readouts.step.dataset['running'] = String(running);
  buttons.train.disabled = trainer === null || running;
  buttons.pause.disabled = !running;
  buttons.step.disabled = trainer === null || running;
  buttons.download.disabled = trainer === null;
}

// ---- buttons ---------------------------------------------------------------------------------------

buttons.train.addEventListener('click', () => {
  if (trainer === null) return;
  trainer.target = 0; // training on from here is the user's choice, not a link's
  client.send({ type: 'train', untilStep: null });
  running = true;
  showRunning();
});
buttons.pause.addEventListener('click', () => client.send({ type: 'pause' }));
buttons.step.addEventListener('click', () => client.send({ type: 'step' }));
buttons.reset.addEventListener('click', () => {
  setState({ ...state, steps: 0 });
  restart();
});
buttons.copyLink.addEventListener('click', () => {
  state = { ...state, steps: trainer?.step ?? 0 };
  writeLocation(state);
  const link = window.location.href;
  navigator.clipboard.writeText(link).then(
    () => {
      readouts.linkStatus.value = `Link copied (step ${state.steps}).`;
    },
    () => notices.show(`The clipboard is not available here; copy the link from the address bar: ${link}`, 'link'),
  );
});
buttons.download.addEventListener('click', () => client.send({ type: 'export' }));

function download(bytes: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = `${state.cell}-step${trainer?.step ?? 0}.safetensors`;
  anchor.click();
  URL.revokeObjectURL(url);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---- location adapter ------------------------------------------------------------------------------

/** Replaces the hash without adding a history entry (or firing hashchange). */
function writeLocation(state: State): void {
  window.history.replaceState(null, '', print(state));
}

// ---- start -----------------------------------------------------------------------------------------

// replaceState never fires this: only someone pasting or editing a link in the address bar does
window.addEventListener('hashchange', openLocation);
openLocation();

if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  // keeps every asset (the wasm included) for offline use once the page has loaded
  navigator.serviceWorker.register('./sw.js').catch((error: unknown) => console.warn('offline use is unavailable:', error));
}
