// workers/: the three workers (train, snapshot, shard), their message helper and client, and the page's side of them (this file).
// One running experiment: its training worker, the snapshot workers that answer questions about its
// weights, and the state of its training (step, the step a link asks for, running, how it went). The
// single view, each of compare mode's extra cells and the lessons all drive one of these; what they
// show is theirs, through the view's callbacks.

import { WorkerClient } from './client';
import type { Config } from '../wasm/core-config';
import type { FromTrainer, ToTrainer } from '../wasm/protocol';
import { type SnapshotCallbacks, Snapshots } from './snapshots';

type FromTrainerOf<T extends FromTrainer['type']> = Extract<FromTrainer, { type: T }>;
export type Progress = FromTrainerOf<'progress'>;

/**
 * What an experiment tells its view; the snapshot workers' answers come through SnapshotCallbacks. A
 * view that never exports, opens or imports a model file (compare mode's) leaves those out.
 */
export interface ExperimentView extends SnapshotCallbacks {
  /** A fresh model is ready at step 0 (and retraining toward a link's step, if one was asked for). */
  onReady(message: FromTrainerOf<'ready'>): void;
  /** Steps done, or training stopped (`running` false); the snapshot workers already have the weights. */
  onProgress(message: Progress): void;
  onExported?(bytes: Uint8Array<ArrayBuffer>): void;
  onOpened?(message: FromTrainerOf<'opened'>): void;
  onImported?(message: FromTrainerOf<'imported'>): void;
  onTrainerError(request: ToTrainer['type'], message: string): void;
  /** The training worker crashed and was replaced by a fresh one without a model. */
  onTrainerCrash(message: string): void;
  /** A snapshot worker crashed; a fresh one took its place with the newest weights. */
  onSnapshotCrash(message: string): void;
}

/** Follows every message to and from the training worker (the page's readout of a long step). */
export interface TrainerWatcher {
  sent(message: ToTrainer, step: number): void;
  received(message: FromTrainer): void;
  stop(): void;
}

/** The model in the training worker, as the page last heard of it. */
interface Model {
  step: number;
  target: number; // the step a link asks for; 0 once training on is the user's choice
  running: boolean;
  parameters: number;
  charsPerSec: number;
  workers: number;
}

export class Experiment {
  readonly snapshots: Snapshots;
  private readonly trainer: WorkerClient<ToTrainer, FromTrainer>;
  private model: Model | null = null; // null until the worker says ready
  private trainWhenReady = false; // Train was pressed before the worker was ready
  private pendingTarget = 0; // the step the model being created should be trained to
  private initsInFlight = 0; // 'init's sent whose 'ready' (or refusal) has not come back
  private staleInits = 0; // of those, the ones forgotten since: their answers are dropped

  /** `name` names the workers (for the browser's tools); `inspect` runs the inspection worker too. */
  constructor(
    name: string,
    private readonly view: ExperimentView,
    inspect = true,
    private readonly watcher: TrainerWatcher | null = null,
  ) {
    this.snapshots = new Snapshots(view, (message) => view.onSnapshotCrash(message), inspect);
    this.trainer = new WorkerClient<ToTrainer, FromTrainer>(
      () => new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module', name }),
      name,
      (message) => {
        watcher?.received(message);
        this.receive(message);
      },
      (message) => {
        watcher?.stop();
        this.forget();
        // the fresh worker answers no 'init' the crashed one was sent
        this.initsInFlight = 0;
        this.staleInits = 0;
        view.onTrainerCrash(message);
      },
    );
  }

  /**
   * A fresh model from `config`, trained to `target` steps (a link's) once it is ready, then paused;
   * `workers` share its steps (at most the config's shards; the bits are the same with any number).
   */
  start(config: Config, target = 0, workers = 1): void {
    this.forget();
    this.pendingTarget = target;
    this.initsInFlight += 1;
    this.send({ type: 'init', config, workers });
  }

  /**
   * No model until the next `start` (its settings can't be trained yet); answers on their way are dropped,
   * the 'ready' of a model asked for before included (while a built-in text loads, one came and was trained).
   */
  forget(): void {
    this.staleInits = this.initsInFlight;
    this.model = null;
    this.trainWhenReady = false;
    this.snapshots.clear();
  }

  /** Trains on until paused: the user's choice, so a link's target no longer applies. */
  train(): void {
    if (this.model === null) {
      // compare mode's other runs may still be starting when Train is pressed: they start when ready
      this.trainWhenReady = true;
      return;
    }
    this.model.target = 0;
    this.model.running = true;
    this.send({ type: 'train', untilStep: null });
  }

  pause(): void {
    this.trainWhenReady = false;
    this.send({ type: 'pause' });
  }

  stepOnce(): void {
    this.send({ type: 'step' });
  }

  /** The model file comes back through `onExported`. */
  exportModel(): void {
    this.send({ type: 'export' });
  }

  /** Reads a model file's config and step (checked by the core); they come back through `onOpened`. */
  open(bytes: Uint8Array<ArrayBuffer>, name: string): void {
    this.send({ type: 'open', bytes, name }, [bytes.buffer]);
  }

  /** Takes a model file's weights and step in place of the fresh model's (after `start`). */
  importModel(bytes: Uint8Array<ArrayBuffer>): void {
    this.send({ type: 'import', bytes }, [bytes.buffer]);
  }

  terminate(): void {
    this.trainer.terminate();
    this.snapshots.terminate();
  }

  get ready(): boolean {
    return this.model !== null;
  }

  get step(): number {
    return this.model?.step ?? 0;
  }

  /** The step a link asks for, or 0. */
  get target(): number {
    return this.model?.target ?? 0;
  }

  get running(): boolean {
    return this.model?.running ?? false;
  }

  /** Training toward a link's step. */
  get retraining(): boolean {
    return this.model !== null && this.model.running && this.model.step < this.model.target;
  }

  get parameters(): number | null {
    return this.model?.parameters ?? null;
  }

  /** Workers sharing its steps. */
  get workers(): number {
    return this.model?.workers ?? 1;
  }

  get charsPerSec(): number | null {
    return this.model === null || this.model.charsPerSec === 0 ? null : this.model.charsPerSec;
  }

  private send(message: ToTrainer, transfer: Transferable[] = []): void {
    this.watcher?.sent(message, this.step);
    this.trainer.send(message, transfer);
  }

  private receive(message: FromTrainer): void {
    if (message.type === 'ready' || (message.type === 'error' && message.request === 'init')) {
      // the worker answers its 'init's in order: the first answers are the forgotten ones'
      this.initsInFlight = Math.max(0, this.initsInFlight - 1);
      if (this.staleInits > 0) {
        this.staleInits -= 1;
        return;
      }
    }
    switch (message.type) {
      case 'ready': {
        const target = this.pendingTarget;
        this.model = { step: 0, target, running: target > 0, parameters: message.parameters, charsPerSec: 0, workers: message.workers };
        this.snapshots.load(message.snapshot, 0, true);
        if (target > 0) this.send({ type: 'train', untilStep: target });
        this.view.onReady(message);
        if (this.trainWhenReady) {
          this.trainWhenReady = false;
          this.train();
        }
        return;
      }
      case 'progress': {
        const model = this.model;
        if (model === null) return; // from a model since replaced
        model.step = message.step;
        model.running = message.running;
        model.charsPerSec = message.charsPerSec;
        model.workers = message.workers;
        // training stopped, or a single step ended: worth inspecting now
        if (message.snapshot !== null) this.snapshots.load(message.snapshot, message.step, !message.running, message.history);
        this.view.onProgress(message);
        return;
      }
      case 'imported':
        if (this.model === null) return;
        this.model.step = message.step;
        this.snapshots.load(message.snapshot, message.step, true);
        this.view.onImported?.(message);
        return;
      case 'exported':
        this.view.onExported?.(message.bytes);
        return;
      case 'opened':
        this.view.onOpened?.(message);
        return;
      case 'error':
        if (message.request === 'init') this.model = null;
        if (message.request === 'train' && this.model !== null) this.model.running = false; // the worker stopped training
        this.view.onTrainerError(message.request, message.message);
        return;
    }
  }
}
