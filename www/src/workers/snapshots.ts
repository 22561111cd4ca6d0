// The page's side of the two snapshot workers (snapshot-worker.ts). Every copy of the weights the
// training worker sends goes to the prompt worker, which answers only what must follow typing: the
// bars and the strips under the prompt. Everything slower runs in the inspection worker, which gets a
// copy when it has work: samples, and every few seconds (and whenever training stops) agreement,
// gradient flow and spectra. Answers to requests that a newer one has overtaken are dropped here.

import { WorkerClient } from './client';
import { needsAgreement } from '../lessons/lesson-progress';
import type { FromSnapshot, History, Pair, ToSnapshot } from '../wasm/protocol';

// while training: gradient flow and spectra (a heatmap column and a spectra point) every 2 s, and the
// agreement accuracy, which costs several times more, every 6 s; a big model's measurements take
// longer and are repeated less often, so each stays a small share of the core that the inspection
// worker shares with the page and the prompt worker
const INSPECT_EVERY_MS = 2000;
const AGREEMENT_EVERY_MS = 6000;
const INSPECT_DUTY = 0.04;
// in a lesson the check is the point: evaluated every second (and the agreement it is about with it),
// since "Seen" waits for SEEN_AFTER evaluations in a row
const LESSON_EVERY_MS = 1000;
const LESSON_DUTY = 0.2;

type Result<T extends FromSnapshot['type']> = Extract<FromSnapshot, { type: T }>;

/** What the snapshot workers answer; a view that never asks for strips or samples leaves those out. */
export interface SnapshotCallbacks {
  onProbe(result: Result<'probeResult'>): void;
  onTags(result: Result<'tagsResult'>): void;
  onStrips?(result: Result<'stripsResult'>): void;
  onSample?(result: Result<'sampleResult'>): void;
  onInspect(result: Result<'inspectResult'>): void;
  onError(request: ToSnapshot['type'], message: string): void;
}

/** What the inspection worker measures, set from the experiment's settings. */
export interface Inspection {
  agreementItems: number | null; // null: the corpus has no agreement items
  flowText: string | null; // null: the model has no gradient flow to measure (tagging, dense stacks)
  flowWindow: number;
  check: unknown; // a lesson's check (rnn_core::lessons::Check), or null
}

interface Weights {
  bytes: Uint8Array;
  step: number;
  settled: boolean; // training stopped at this step
  history: History; // how training went up to this step
}

const UNTRAINED: History = { diverged: false, max_grad_norm: 0, loss: null, layer_ratio: null };

export class Snapshots {
  private readonly prompt: WorkerClient<ToSnapshot, FromSnapshot>;
  private readonly inspector: WorkerClient<ToSnapshot, FromSnapshot> | null;
  /** A copy of the newest weights, for the inspection worker and for a worker that had to be replaced. */
  private latest: Weights | null = null;
  private ids = { probe: 0, tags: 0, strips: 0, sample: 0, inspect: 0 };
  private inspectorStep = -1; // the step of the weights the inspection worker holds
  private inspecting = false; // one inspection at a time
  private inspectedStep = -1;
  private inspectedHistory: History | null = null; // a refused update leaves the step, not the history
  private inspectedAll = false; // that inspection measured agreement too (or had none to measure)
  private nextInspectAt = 0;
  private nextAgreementAt = 0;
  private inspection: Inspection | null = null;

  /** `inspect`: also run the inspection worker; compare mode's extra models only answer the bars. */
  constructor(
    private readonly callbacks: SnapshotCallbacks,
    onCrash: (message: string) => void,
    inspect = true,
  ) {
    const spawn = () => new Worker(new URL('./snapshot-worker.ts', import.meta.url), { type: 'module', name: 'snapshot' });
    this.prompt = new WorkerClient(spawn, 'prompt worker', (message) => this.receive(message), (message) => {
      if (this.latest !== null) this.prompt.send({ type: 'load', bytes: this.latest.bytes.slice() });
      onCrash(message);
    });
    this.inspector = !inspect
      ? null
      : new WorkerClient(spawn, 'inspection worker', (message) => this.receive(message), (message) => {
          this.inspecting = false;
          this.inspectorStep = -1;
          this.inspectedStep = -1;
          this.inspectSoon();
          onCrash(message);
        });
  }

  terminate(): void {
    this.prompt.terminate();
    this.inspector?.terminate();
  }

  /** New weights at `step`; `settled` when training stopped there, so they are worth inspecting now. */
  load(bytes: Uint8Array, step: number, settled: boolean, history: History = UNTRAINED): void {
    this.latest = { bytes: bytes.slice(), step, settled, history };
    this.prompt.send({ type: 'load', bytes }, [bytes.buffer as ArrayBuffer]);
    this.inspectSoon();
  }

  /** Forgets the old model's weights and drops every answer still on its way. */
  clear(): void {
    this.latest = null;
    this.inspectorStep = -1;
    this.inspectedStep = -1;
    this.inspectedHistory = null;
    this.nextInspectAt = 0;
    this.nextAgreementAt = 0;
    const { probe, tags, strips, sample, inspect } = this.ids;
    this.ids = { probe: probe + 1, tags: tags + 1, strips: strips + 1, sample: sample + 1, inspect: inspect + 1 };
  }

  get ready(): boolean {
    return this.latest !== null;
  }

  /**
   * Asks for the bars, then with `strips` for the strips under the prompt (with `saliency`, saliency
   * for the first pair: the core computes it for plain and residual stacks only).
   */
  probe(prompt: string, pairs: readonly Pair[], strips = true, saliency = true): void {
    if (this.latest === null) return;
    this.ids.probe += 1;
    this.prompt.send({ type: 'probe', id: this.ids.probe, prompt, pairs });
    if (!strips) return;
    this.ids.strips += 1;
    this.prompt.send({ type: 'strips', id: this.ids.strips, prompt, pair: saliency ? (pairs[0] ?? null) : null });
  }

  /** Asks a tagging model for its tag at each character of the prompt. */
  tags(prompt: string): void {
    if (this.latest === null) return;
    this.ids.tags += 1;
    this.prompt.send({ type: 'tags', id: this.ids.tags, prompt });
  }

  /** Samples from the newest weights in the inspection worker: a long sample never delays the bars. */
  sample(prompt: string, length: number, temperature: number, seed: number): void {
    if (this.latest === null || this.inspector === null) return;
    this.ids.sample += 1;
    this.sendWeights(this.inspector, this.latest);
    this.inspector.send({ type: 'sample', id: this.ids.sample, prompt, length, temperature, seed });
  }

  /** What to measure from now on; takes effect with the next weights. */
  setInspection(inspection: Inspection): void {
    this.inspection = inspection;
  }

  /** Another check to evaluate (a lesson opened or closed on the same run): the newest weights are inspected again. */
  setCheck(check: unknown): void {
    if (this.inspection === null) return;
    this.inspection = { ...this.inspection, check };
    this.inspectedStep = -1;
    this.nextInspectAt = 0;
    this.nextAgreementAt = 0;
    this.inspectSoon();
  }

  private inspectSoon(): void {
    const { latest, inspector, inspection } = this;
    if (latest === null || inspector === null || inspection === null || this.inspecting) return;
    const now = performance.now();
    // training that stops on a step inspected while it ran gets its agreement measured there too
    const inspected = latest.step === this.inspectedStep && latest.history === this.inspectedHistory && (this.inspectedAll || !latest.settled);
    if (inspected || (!latest.settled && now < this.nextInspectAt)) return;
    this.inspecting = true;
    this.inspectedStep = latest.step;
    this.inspectedHistory = latest.history;
    this.ids.inspect += 1;
    this.sendWeights(inspector, latest);
    const agreementItems = latest.settled || now >= this.nextAgreementAt ? inspection.agreementItems : null;
    this.inspectedAll = agreementItems !== null || inspection.agreementItems === null;
    inspector.send({ type: 'inspect', id: this.ids.inspect, ...inspection, agreementItems, history: latest.history });
  }

  /** The next measurements wait for their interval, or longer if they took long. */
  private inspected(result: Result<'inspectResult'> | null): void {
    const now = performance.now();
    if (result !== null) {
      const { flow, spectra, agreement, check } = result.milliseconds;
      const lesson = this.inspection !== null && this.inspection.check !== null;
      const together = lesson && needsAgreement(this.inspection?.check);
      const [every, duty] = lesson ? [LESSON_EVERY_MS, LESSON_DUTY] : [INSPECT_EVERY_MS, INSPECT_DUTY];
      this.nextInspectAt = now + Math.max(every, (flow + spectra + check + (together ? agreement : 0)) / duty);
      if (result.byAttractors !== null) {
        this.nextAgreementAt = together ? this.nextInspectAt : now + Math.max(AGREEMENT_EVERY_MS, agreement / INSPECT_DUTY);
      }
    }
    this.inspecting = false;
    this.inspectSoon();
  }

  private sendWeights(inspector: WorkerClient<ToSnapshot, FromSnapshot>, weights: Weights): void {
    if (this.inspectorStep === weights.step) return;
    this.inspectorStep = weights.step;
    const bytes = weights.bytes.slice();
    inspector.send({ type: 'load', bytes }, [bytes.buffer as ArrayBuffer]);
  }

  private receive(message: FromSnapshot): void {
    switch (message.type) {
      case 'probeResult':
        if (message.id === this.ids.probe) this.callbacks.onProbe(message);
        return;
      case 'tagsResult':
        if (message.id === this.ids.tags) this.callbacks.onTags(message);
        return;
      case 'stripsResult':
        if (message.id === this.ids.strips) this.callbacks.onStrips?.(message);
        return;
      case 'sampleResult':
        if (message.id === this.ids.sample) this.callbacks.onSample?.(message);
        return;
      case 'inspectResult':
        if (message.id === this.ids.inspect) this.callbacks.onInspect(message);
        this.inspected(message);
        return;
      case 'error':
        if (message.request === 'inspect') this.inspected(null);
        this.callbacks.onError(message.request, message.message);
        return;
    }
  }
}
