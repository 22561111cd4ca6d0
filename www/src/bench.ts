// The page's engine timed in the browser (`cargo xtask bench` opens it in Chromium): the reference
// workload trained by the training worker exactly as the page trains, shards spread over `workers`
// workers. The result lands in #result as text and as JSON in its data-result attribute.
// With `?ceiling=1` it measures instead the most this core's products could do in wasm
// (`benchmark_ceiling`), times the workers: what nothing but products would train.

import { benchmark_ceiling, benchmark_config } from '../pkg/rnn_wasm.js';
import { formatNumber } from './format';
import type { Config } from './wasm/core-config';
import { cores } from './workers/cores';
import { loadWasm } from './workers/load-wasm';
import { errorText } from './workers/messages';
import type { FromTrainer, ToTrainer } from './wasm/protocol';

const WARM_UP_STEPS = 3;
const params = new URLSearchParams(location.search);
const cell = params.get('cell') ?? 'lstm';
const hidden = Number(params.get('hidden') ?? 128);
const seconds = Number(params.get('seconds') ?? 5);
const workers = cores();
const output = document.getElementById('result') as HTMLOutputElement;

async function measure(): Promise<{ cell: string; hidden: number; runtime: 'chromium'; threads: number; chars_per_sec: number }> {
  await loadWasm();
  const config = benchmark_config(cell, hidden) as Config;
  const worker = new Worker(new URL('./workers/train-worker.ts', import.meta.url), { type: 'module', name: 'bench' });
  const send = (message: ToTrainer) => worker.postMessage(message);
  return new Promise((resolve, reject) => {
    let charsPerStep = 0;
    let used = 1;
    let from: { step: number; time: number } | null = null;
    worker.onerror = (event) => reject(new Error(event.message));
    worker.onmessage = (event: MessageEvent<FromTrainer>) => {
      const message = event.data;
      if (message.type === 'error') reject(new Error(message.message));
      if (message.type === 'ready') {
        charsPerStep = message.charsPerStep;
        used = message.workers;
        send({ type: 'train', untilStep: null });
      }
      if (message.type !== 'progress') return;
      const now = performance.now();
      if (from === null) {
        if (message.step >= WARM_UP_STEPS) from = { step: message.step, time: now };
        return;
      }
      if (now - from.time < seconds * 1000) return;
      send({ type: 'pause' });
      worker.terminate();
      const charsPerSec = ((message.step - from.step) * charsPerStep * 1000) / (now - from.time);
      resolve({ cell, hidden, runtime: 'chromium', threads: used, chars_per_sec: Math.round(charsPerSec) });
    };
    send({ type: 'init', config, workers });
  });
}

type Ceiling = { gflops_per_thread: number; chars_per_sec_at_most: number };

async function ceiling(): Promise<{ ceiling: 'chromium'; cell: string; hidden: number; threads: number } & Ceiling> {
  await loadWasm();
  const one = benchmark_ceiling(cell, hidden) as Ceiling;
  // one core's figure times the workers: an upper bound, as two busy cores may clock lower than one
  return { ceiling: 'chromium', cell, hidden, threads: workers, gflops_per_thread: one.gflops_per_thread, chars_per_sec_at_most: one.chars_per_sec_at_most * workers };
}

const run = params.get('ceiling') === '1' ? ceiling() : measure();
run.then(
  (result) => {
    output.dataset.result = JSON.stringify(result);
    output.textContent =
      'chars_per_sec' in result
        ? `${result.cell} H=${result.hidden}, ${result.threads} worker(s): ${formatNumber(result.chars_per_sec)} chars/s`
        : `${result.cell} H=${result.hidden}, ${result.threads} worker(s): at most ${formatNumber(result.chars_per_sec_at_most)} chars/s (${result.gflops_per_thread} GFLOP/s a worker)`;
  },
  (error: unknown) => {
    output.dataset.error = errorText(error);
    output.textContent = `The benchmark failed: ${output.dataset.error}`;
  },
);
