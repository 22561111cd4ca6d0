// The core's plan as the trainer's 'ready' brings it for the default settings, for the session's
// tests; a step's expected seconds are chosen per test (a quick step, or a slow one).

import type { Plan } from '../wasm/protocol';

export function planWith(secondsPerStep: number): Plan {
  return {
    seconds_per_step: secondsPerStep,
    memory_budget: 1e9,
    chars_per_step: 2048,
    vocab: 40,
    reads_gradients: true,
    agreement_items: 10,
    folding: { chars: 1000, distinct: 39, vocab: 40, folded_distinct: 0, folded_chars: 0, folded_share: 0, most_folded: [] },
    other_reading_vocab: null,
    fit: { batch: 16, bptt: 128, shards: 4, train_chars: 950_000, valid_chars: 50_000, message: null },
    memory_bytes: 1e7,
    flops_per_step: 5e6,
  };
}
