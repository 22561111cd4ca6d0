//! `rnn bench`: training speed on the reference workload.

use std::time::Instant;

use clap::Args;
use rnn_core::{presets, CellKind, Trainer};
use serde_json::json;

use crate::CliResult;

#[derive(Args)]
pub struct BenchArgs {
    /// Only this cell (rnn, gru, lstm).
    #[arg(long)]
    cell: Option<String>,
    /// Only this hidden size.
    #[arg(long)]
    hidden: Option<usize>,
    /// Seconds to time each configuration, after two warm-up steps.
    #[arg(long, default_value_t = 2.0)]
    seconds: f64,
    #[arg(long)]
    json: bool,
}

pub fn run(args: BenchArgs) -> CliResult {
    let cells: Vec<CellKind> = match &args.cell {
        Some(name) => vec![serde_json::from_value(json!(name)).map_err(|_| format!("unknown cell `{name}`; use rnn, gru or lstm"))?],
        None => vec![CellKind::Rnn, CellKind::Gru, CellKind::Lstm],
    };
    let sizes: Vec<usize> = args.hidden.map_or(vec![64, 128, 256], |h| vec![h]);
    if !args.json {
        println!("native, one thread; workload V=48 one-hot, B=32, T=64, Adam, norm clip 5, one layer");
        println!("{:>5} {:>7} {:>14}", "cell", "hidden", "chars/sec");
    }
    for &cell in &cells {
        for &hidden in &sizes {
            let mut trainer = Trainer::from_config(&presets::benchmark(cell, hidden)).map_err(|e| e.to_string())?;
            trainer.step();
            trainer.step();
            let start = Instant::now();
            let mut steps = 0u64;
            while steps < 3 || start.elapsed().as_secs_f64() < args.seconds {
                trainer.step();
                steps += 1;
            }
            let chars_per_sec = (steps * trainer.chars_per_step() as u64) as f64 / start.elapsed().as_secs_f64();
            if args.json {
                println!("{}", json!({ "cell": cell.name(), "hidden": hidden, "runtime": "native", "chars_per_sec": chars_per_sec.round() }));
            } else {
                println!("{:>5} {:>7} {:>14.0}", cell.name(), hidden, chars_per_sec);
            }
        }
    }
    Ok(())
}
