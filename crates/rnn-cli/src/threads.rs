//! A training step's shards (`train.shards`) computed on several threads. Each thread takes every
//! n-th shard; the trainer adds the shards' gradients in shard order, so the bits are the same for
//! any number of threads (`crates/rnn-core/src/shard.rs`).

use rnn_core::shard::{self, ShardResult};
use rnn_core::{StepReport, Trainer};

/// Threads a run may use: 1 up to this.
pub const MAX_THREADS: u64 = 64;

/// The cores this process may use (1 if unknown).
pub fn available() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// One step with its shards spread over `threads` threads (at most one per shard).
pub fn step(trainer: &mut Trainer, threads: usize) -> StepReport {
    let threads = threads.min(trainer.config.train.shards);
    if threads <= 1 {
        return trainer.step();
    }
    trainer.step_with(|model, jobs| {
        std::thread::scope(|scope| {
            let workers: Vec<_> = (1..threads)
                .map(|t| scope.spawn(move || jobs.iter().skip(t).step_by(threads).map(|job| shard::compute(model, job)).collect::<Vec<_>>()))
                .collect();
            let mut results: Vec<ShardResult> = jobs.iter().step_by(threads).map(|job| shard::compute(model, job)).collect();
            for worker in workers {
                results.extend(worker.join().expect("a shard's thread panicked"));
            }
            results
        })
    })
}
