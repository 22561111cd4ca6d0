// A snapshot worker keeps the latest copy of the training worker's weights as a wasm Snapshot and
// answers questions about it at once: it never waits for a training step. The page runs two: one for
// the bars and strips, which must follow typing, and one for the slower work (samples, agreement,
// gradient flow, spectra), so that never holds up a prompt.
//
// Only the newest request of each kind is kept: one that arrives while the worker is busy replaces an
// older one of its kind, so a busy worker never works through a backlog of answers nobody will read.

import { Snapshot } from '../../pkg/rnn_wasm.js';
import { loadWasm } from './load-wasm';
import { failure, WorkerMessages } from './messages';
import type { AgreementAccuracy, Alternative, FromSnapshot, Gates, NextChar, Outcome, Saliency, Spectrum, TagReadout, ToSnapshot, UnknownChar } from '../wasm/protocol';

declare const self: DedicatedWorkerGlobalScope;

/** What Snapshot.probe_pairs returns (typed `any` by wasm-bindgen). */
interface PairsProbe {
  groups: Alternative[][];
  next: NextChar[];
  unknown: UnknownChar[];
}

/** Waiting requests are taken in this order: new weights first, then the bars a person is waiting for. */
const ORDER: readonly ToSnapshot['type'][] = ['load', 'probe', 'tags', 'strips', 'sample', 'inspect'];

let snapshot: Snapshot | null = null;
const waiting = new Map<ToSnapshot['type'], ToSnapshot>();
let busy = false;

// a MessageChannel yields to queued messages without setTimeout's 4 ms clamp on nested timers
const yieldChannel = new MessageChannel();
yieldChannel.port1.onmessage = () => void next();

const messages = new WorkerMessages<ToSnapshot, FromSnapshot>(self);
// not in order: the newest request of each kind replaces a waiting one (see `next`)
self.onmessage = (event: MessageEvent<ToSnapshot>) => {
  waiting.set(event.data.type, event.data);
  void next();
};

/** Handles waiting requests one at a time, yielding between them so newer ones can replace older. */
async function next(): Promise<void> {
  if (busy) return;
  const type = ORDER.find((kind) => waiting.has(kind));
  const message = type === undefined ? undefined : waiting.get(type);
  if (type === undefined || message === undefined) return;
  waiting.delete(type);
  busy = true;
  try {
    await handle(message);
  } catch (error) {
    post(failure(message.type, error));
  } finally {
    busy = false;
  }
  if (waiting.size > 0) yieldChannel.port2.postMessage(null);
}

async function handle(message: ToSnapshot): Promise<void> {
  switch (message.type) {
    case 'load': {
      await loadWasm();
      const loaded = new Snapshot(message.bytes);
      snapshot?.free();
      snapshot = loaded;
      return;
    }
    case 'probe': {
      const model = current();
      const { id, prompt, pairs } = message;
      // one call reads the prompt once and compares each pair on its own
      const { groups, next, unknown } = model.probe_pairs(prompt, pairs.flat()) as PairsProbe;
      post({ type: 'probeResult', id, step: model.step, prompt, pairs: groups, next, unknown });
      return;
    }
    case 'tags': {
      const model = current();
      const { id, prompt } = message;
      post({ type: 'tagsResult', id, step: model.step, prompt, tags: model.tags(prompt) as TagReadout });
      return;
    }
    case 'strips': {
      const model = current();
      const { id, prompt, pair } = message;
      const saliency = pair === null ? null : (model.saliency(prompt, pair[0], pair[1]) as Saliency);
      post({ type: 'stripsResult', id, step: model.step, prompt, saliency, gates: model.gates(prompt) as Gates });
      return;
    }
    case 'sample': {
      const model = current();
      const { id, prompt, length, temperature, seed } = message;
      post({ type: 'sampleResult', id, step: model.step, prompt, text: model.sample(prompt, length, temperature, seed) });
      return;
    }
    case 'inspect': {
      const model = current();
      const { agreementItems, flowText, flowWindow, check, history } = message;
      const [agreement, agreementMs] = timed(() =>
        agreementItems === null ? null : (model.agreement(agreementItems) as AgreementAccuracy),
      );
      const byAttractors = agreement === null ? null : [0, 1, 2, 3, 4].map((k) => agreement.by_attractors[String(k)] ?? Number.NaN);
      const [flow, flowMs] = timed(() => (flowText === null ? { by_distance: [] } : (model.gradient_flow(flowText, flowWindow) as { by_distance: number[][] })));
      const [spectra, spectraMs] = timed(() => model.spectra() as Spectrum[]);
      const [outcome, checkMs] = timed(() => (check === null ? null : (model.check(check, history) as Outcome)));
      const milliseconds = { agreement: agreementMs, flow: flowMs, spectra: spectraMs, check: checkMs };
      post({ type: 'inspectResult', id: message.id, step: model.step, byAttractors, flowByDistance: flow.by_distance, spectra, outcome, milliseconds });
      return;
    }
  }
}

function timed<T>(work: () => T): [T, number] {
  const start = performance.now();
  const result = work();
  return [result, performance.now() - start];
}

function current(): Snapshot {
  if (snapshot === null) throw new Error('there is no model to ask yet');
  return snapshot;
}

function post(message: FromSnapshot): void {
  messages.post(message);
}
