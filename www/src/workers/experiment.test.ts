import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FromTrainer, ToTrainer } from '../wasm/protocol';
import { Experiment, type ExperimentView } from './experiment';

/** A worker that keeps what it is sent; the test answers for it. */
class FakeWorker {
  static made: FakeWorker[] = [];
  readonly sent: unknown[] = [];
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: unknown = null;
  constructor(readonly url: URL | string) {
    FakeWorker.made.push(this);
  }
  postMessage(message: unknown): void {
    this.sent.push(message);
  }
  addEventListener(): void {}
  terminate(): void {}
}

const trainer = () => FakeWorker.made.find((worker) => String(worker.url).includes('train-worker')) as FakeWorker;
const answer = (message: FromTrainer) => trainer().onmessage?.({ data: message });
const ready = (fingerprint: string): FromTrainer => ({
  type: 'ready', charsPerStep: 2048, parameters: 100, fingerprint, snapshot: new Uint8Array(8), reading: null, workers: 1,
  plan: {} as Extract<FromTrainer, { type: 'ready' }>['plan'],
});
const config = (corpus: string) => ({ corpus }) as unknown as Parameters<Experiment['start']>[0];

function view(): ExperimentView & { readies: string[] } {
  const readies: string[] = [];
  const ignore = () => {};
  const own: Record<string, unknown> = { readies, onReady: (message: { fingerprint: string }) => readies.push(message.fingerprint) };
  // every other callback does nothing
  return new Proxy(own, { get: (target, key: string) => (key in target ? target[key] : ignore) }) as unknown as ExperimentView & { readies: string[] };
}

describe('an experiment', () => {
  beforeEach(() => {
    FakeWorker.made = [];
    vi.stubGlobal('Worker', FakeWorker);
  });
  afterEach(() => vi.unstubAllGlobals());

  it("drops the 'ready' of a model forgotten while its settings wait (a built-in text loading)", () => {
    const shown = view();
    const experiment = new Experiment('trainer', shown, false);
    experiment.start(config('agreement'));
    experiment.forget(); // the corpus changed to a text that is still being fetched
    answer(ready('grammar'));
    expect(experiment.ready, 'the grammar model is not the one chosen').toBe(false);
    experiment.stepOnce();
    experiment.start(config('english'));
    answer(ready('english'));
    expect(experiment.ready).toBe(true);
    expect(shown.readies).toEqual(['english']);
    expect(trainer().sent.map((message) => (message as ToTrainer).type)).toEqual(['init', 'step', 'init']);
  });

  it("takes the newest 'ready' when settings change twice before the first is ready, and a refusal of a forgotten one says nothing", () => {
    const shown = view();
    const refused: string[] = [];
    shown.onTrainerError = (_request, message) => refused.push(message);
    const experiment = new Experiment('trainer', shown, false);
    experiment.start(config('a'));
    experiment.start(config('b'));
    answer({ type: 'error', request: 'init', message: 'a is refused', fatal: false });
    expect(refused).toEqual([]);
    answer(ready('b'));
    expect(shown.readies).toEqual(['b']);
    expect(experiment.ready).toBe(true);
  });
});
