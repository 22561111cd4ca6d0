// A helper of a training worker (train-worker.ts): it holds the model's shape, takes the weights of
// each step and computes the shards of the step it is sent (rnn_core::shard). The training worker
// adds every shard's gradient in shard order, so whichever worker computes a shard, the bits are the same.

import { ShardWorker } from '../../pkg/rnn_wasm.js';
import { loadWasm } from './load-wasm';
import { errorText, WorkerMessages } from './messages';
import type { FromShard, ToShard } from '../wasm/protocol';

declare const self: DedicatedWorkerGlobalScope;

let worker: ShardWorker | null = null;
const messages = new WorkerMessages<ToShard, FromShard>(self);
messages.handleInOrder(handle, (_message, error) => messages.post({ type: 'failed', message: errorText(error) }));

async function handle(message: ToShard): Promise<void> {
  await loadWasm();
  switch (message.type) {
    case 'init':
      worker?.free();
      worker = null;
      worker = new ShardWorker(message.config, message.vocab);
      return;
    case 'compute': {
      if (worker === null) throw new Error('a shard worker was sent a step before its model');
      worker.set_params(message.params);
      const results = message.jobs.map((job) => worker!.compute(job));
      messages.post({ type: 'computed', results }, results.map((r) => r.buffer as ArrayBuffer));
      return;
    }
  }
}
