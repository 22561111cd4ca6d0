//! `rnn bench`: training speed on the reference workload.

use std::time::Instant;

use clap::Args;
use rnn_core::{presets, CellKind, Trainer};
use serde_json::json;

use crate::{threads, CliResult};

#[derive(Args)]
pub struct BenchArgs {
    /// Only this cell (rnn, gru, lstm).
    #[arg(long)]
    cell: Option<String>,
    /// Only this hidden size.
    #[arg(long)]
    hidden: Option<usize>,
    /// Threads computing a step's shards (several: e.g. `--threads 1,2`).
    #[arg(long, value_delimiter = ',', default_value = "1", value_parser = clap::value_parser!(u64).range(1..=threads::MAX_THREADS))]
    threads: Vec<u64>,
    /// Shards of the batch (`train.shards`); the workload's own is 4, so one to four threads time the same run.
    #[arg(long)]
    shards: Option<usize>,
    /// Seconds to time each configuration, after two warm-up steps.
    #[arg(long, default_value_t = 2.0)]
    seconds: f64,
    #[arg(long)]
    json: bool,
    /// Instead: this core's ceiling, the most multiplies and adds a second the products' lanes can do
    /// (`rnn_core::kernels::peak`), and the chars/sec it bounds for each configuration.
    #[arg(long)]
    peak: bool,
}

pub fn run(args: BenchArgs) -> CliResult {
    let cells: Vec<CellKind> = match &args.cell {
        Some(name) => vec![serde_json::from_value(json!(name)).map_err(|_| format!("unknown cell `{name}`; use rnn, gru or lstm"))?],
        None => vec![CellKind::Rnn, CellKind::Gru, CellKind::Lstm],
    };
    let sizes: Vec<usize> = args.hidden.map_or(vec![64, 128, 256], |h| vec![h]);
    let shards = args.shards.unwrap_or(presets::benchmark(CellKind::Lstm, 1).train.shards);
    // a size out of range is refused before anything is timed
    for &hidden in &sizes {
        let mut config = presets::benchmark(CellKind::Lstm, hidden);
        config.train.shards = shards;
        config.validate().map_err(|e| e.to_string())?;
    }
    if args.peak {
        let start = Instant::now();
        let per_thread = rnn_core::kernels::peak_per_sec(|| start.elapsed().as_secs_f64());
        if !args.json {
            println!("native; the lanes' ceiling: {:.1} GFLOP/s a thread (multiply, then add, never fused)", per_thread / 1e9);
            println!("{:>5} {:>7} {:>8} {:>22}", "cell", "hidden", "threads", "chars/sec at most");
        }
        for &cell in &cells {
            for &hidden in &sizes {
                for &threads in &args.threads {
                    let ceiling = presets::benchmark_ceiling(cell, hidden, per_thread * threads as f64);
                    if args.json {
                        let line = json!({ "ceiling": "native", "cell": cell.name(), "hidden": hidden, "threads": threads, "gflops_per_thread": (per_thread / 1e8).round() / 10.0, "chars_per_sec_at_most": ceiling.round() });
                        println!("{line}");
                    } else {
                        println!("{:>5} {:>7} {:>8} {:>22.0}", cell.name(), hidden, threads, ceiling);
                    }
                }
            }
        }
        return Ok(());
    }
    if !args.json {
        println!("native; workload V=48 one-hot, B=32, T=64, Adam, norm clip 5, one layer, {shards} shard(s)");
        println!("{:>5} {:>7} {:>8} {:>14}", "cell", "hidden", "threads", "chars/sec");
    }
    for &cell in &cells {
        for &hidden in &sizes {
            for &threads in &args.threads {
                let mut config = presets::benchmark(cell, hidden);
                config.train.shards = shards;
                config.validate().map_err(|e| e.to_string())?;
                let mut trainer = Trainer::from_config(&config).map_err(|e| e.to_string())?;
                let threads = threads as usize;
                threads::step(&mut trainer, threads);
                threads::step(&mut trainer, threads);
                let start = Instant::now();
                let mut steps = 0u64;
                while steps < 3 || start.elapsed().as_secs_f64() < args.seconds {
                    threads::step(&mut trainer, threads);
                    steps += 1;
                }
                let chars_per_sec = (steps * trainer.chars_per_step() as u64) as f64 / start.elapsed().as_secs_f64();
                if args.json {
                    let line = json!({ "cell": cell.name(), "hidden": hidden, "runtime": "native", "threads": threads, "shards": shards, "chars_per_sec": chars_per_sec.round() });
                    println!("{line}");
                } else {
                    println!("{:>5} {:>7} {:>8} {:>14.0}", cell.name(), hidden, threads, chars_per_sec);
                }
            }
        }
    }
    Ok(())
}
