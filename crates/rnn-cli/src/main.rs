//! `rnn`: train, sample from, probe and benchmark the playground's recurrent nets natively.
//! Every command that prints results takes `--json` and then prints JSON only (one object a line).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use rnn_core::corpus::CorpusConfig;
use rnn_core::probe::{self, Sampling};
use rnn_core::{io, presets, CellKind, Config, Rng, Trainer};
use serde_json::json;

#[derive(Parser)]
#[command(name = "rnn", version, about = "Tiny recurrent character language models: train, sample, probe, benchmark")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Train a model from a config file or a preset.
    Train(TrainArgs),
    /// Continue a prompt with sampled text.
    Sample(SampleArgs),
    /// Compare continuations ("is" against "are") and show the next-character distribution.
    Probe(ProbeArgs),
    /// Training speed in chars/sec on the reference workload (V=48 one-hot, B=32, T=64, Adam, clip 5).
    Bench(BenchArgs),
}

#[derive(Args)]
struct TrainArgs {
    /// Config file (JSON; see the README). A text corpus's `path` is read relative to this file.
    #[arg(long, conflicts_with = "preset")]
    config: Option<PathBuf>,
    /// A built-in experiment instead of a config file: agreement (the page's default) or memory.
    #[arg(long)]
    preset: Option<String>,
    /// Where to write the trained model (safetensors).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Overrides the config's seed.
    #[arg(long)]
    seed: Option<u64>,
    /// Stop after this many steps (default: the config's `train.steps`, else 300).
    #[arg(long, conflicts_with_all = ["seconds", "chars"])]
    steps: Option<u64>,
    /// Stop after this many seconds of training.
    #[arg(long, conflicts_with = "chars")]
    seconds: Option<f64>,
    /// Stop after this many training characters (batch × bptt per step).
    #[arg(long)]
    chars: Option<u64>,
    /// Measure validation bits/char every N steps.
    #[arg(long, default_value_t = 50)]
    valid_every: u64,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct SampleArgs {
    #[arg(long)]
    model: PathBuf,
    #[arg(long)]
    prompt: String,
    /// 0 is greedy; 1 samples the model's own distribution.
    #[arg(long, default_value_t = 1.0)]
    temperature: f32,
    /// Sample only among the k most likely characters (0: all).
    #[arg(long, default_value_t = 0)]
    top_k: usize,
    #[arg(long, default_value_t = 200)]
    len: usize,
    #[arg(long, default_value_t = 0)]
    seed: u64,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct ProbeArgs {
    #[arg(long)]
    model: PathBuf,
    #[arg(long)]
    prompt: String,
    /// Comma-separated words, each scored as a space then the word after the prompt.
    #[arg(long, default_value = "is,are", value_delimiter = ',')]
    alternatives: Vec<String>,
    /// How many next characters to list.
    #[arg(long, default_value_t = 10)]
    top: usize,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct BenchArgs {
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

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Train(args) => train(args),
        Command::Sample(args) => sample(args),
        Command::Probe(args) => probe_command(args),
        Command::Bench(args) => bench(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

type CliResult<T = ()> = Result<T, String>;

// ---------------------------------------------------------------- train

/// The config a `train` run uses: file or preset, a text corpus's file read in, the seed override.
fn load_config(args: &TrainArgs) -> CliResult<Config> {
    let mut config = match (&args.config, &args.preset) {
        (Some(path), _) => {
            let json = std::fs::read_to_string(path).map_err(|e| format!("cannot read config {}: {e}", path.display()))?;
            let mut config: Config = serde_json::from_str(&json).map_err(|e| format!("config {}: {e}", path.display()))?;
            if let CorpusConfig::Text { text: None, path: Some(text_path) } = &config.corpus {
                let full = path.parent().unwrap_or(Path::new(".")).join(text_path);
                let text = std::fs::read_to_string(&full).map_err(|e| format!("cannot read corpus {}: {e}", full.display()))?;
                config.corpus = CorpusConfig::Text { text: Some(text), path: None };
            }
            config
        }
        (None, Some(name)) => presets::preset(name).map_err(|e| e.to_string())?,
        (None, None) => return Err("give --config FILE or --preset NAME (agreement, memory)".into()),
    };
    if let Some(seed) = args.seed {
        config.train.seed = seed;
    }
    config.validate().map_err(|e| e.to_string())?;
    Ok(config)
}

fn train(args: TrainArgs) -> CliResult {
    let config = load_config(&args)?;
    let mut trainer = Trainer::from_config(&config).map_err(|e| e.to_string())?;
    let chars_per_step = trainer.chars_per_step() as u64;
    let max_steps = match (args.steps, args.chars, args.seconds) {
        (Some(steps), _, _) => steps,
        (_, Some(chars), _) => chars.div_ceil(chars_per_step),
        (_, _, Some(_)) => u64::MAX,
        _ => config.train.steps.unwrap_or(300),
    };
    let bar = if args.json {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::new(if max_steps == u64::MAX { 0 } else { max_steps });
        bar.set_style(ProgressStyle::with_template("{bar:30} step {pos} {msg}").expect("valid template"));
        bar
    };
    let start = Instant::now();
    let mut losses = Vec::new();
    let mut valid_bpc = f32::NAN;
    while trainer.step_count() < max_steps && args.seconds.is_none_or(|s| start.elapsed().as_secs_f64() < s) {
        let report = trainer.step();
        losses.push(report.loss);
        let chars_per_sec = (report.step * chars_per_step) as f64 / start.elapsed().as_secs_f64();
        if report.step % args.valid_every == 0 {
            valid_bpc = trainer.validate();
            if args.json {
                println!("{}", json!({ "step": report.step, "valid_bits_per_char": valid_bpc }));
            }
        }
        if args.json && report.step % 10 == 0 {
            println!("{}", json!({ "step": report.step, "loss": report.loss, "grad_norm": report.grad_norm, "clipped": report.clipped, "chars_per_sec": chars_per_sec }));
        }
        bar.set_position(report.step);
        bar.set_message(format!(
            "loss {:.3} ({:.3} bits/char)  valid {:.3} bits/char  {:.0} chars/s",
            report.loss,
            report.loss / std::f32::consts::LN_2,
            valid_bpc,
            chars_per_sec
        ));
    }
    bar.finish();
    let seconds = start.elapsed().as_secs_f64();
    valid_bpc = trainer.validate();
    if let Some(out) = &args.out {
        let bytes = io::save(&trainer.config, &trainer.vocab, &trainer.model, trainer.step_count());
        std::fs::write(out, bytes).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    }
    let steps = trainer.step_count();
    let fingerprint = format!("{:016x}", trainer.fingerprint());
    if args.json {
        println!(
            "{}",
            json!({ "done": true, "steps": steps, "seconds": seconds, "chars_per_sec": (steps * chars_per_step) as f64 / seconds,
                    "valid_bits_per_char": valid_bpc, "fingerprint": fingerprint, "losses": losses })
        );
    } else {
        println!("trained {steps} steps in {seconds:.1} s: validation {valid_bpc:.3} bits/char, weights {fingerprint}");
        if let Some(out) = &args.out {
            println!("saved {}", out.display());
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- sample and probe

fn load_model(path: &Path) -> CliResult<io::Saved> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read model {}: {e}", path.display()))?;
    io::load(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

fn sample(args: SampleArgs) -> CliResult {
    let saved = load_model(&args.model)?;
    let sampling = Sampling { temperature: args.temperature, top_k: args.top_k };
    let text = probe::sample(&saved.model, &saved.vocab, &args.prompt, args.len, sampling, &mut Rng::new(args.seed))
        .map_err(|e| e.to_string())?;
    if args.json {
        println!("{}", json!({ "prompt": args.prompt, "text": text }));
    } else {
        println!("{}{}", args.prompt, text);
    }
    Ok(())
}

fn probe_command(args: ProbeArgs) -> CliResult {
    let saved = load_model(&args.model)?;
    let words: Vec<&str> = args.alternatives.iter().map(String::as_str).collect();
    let result = probe::probe(&saved.model, &saved.vocab, &args.prompt, &words, args.top).map_err(|e| e.to_string())?;
    if args.json {
        println!("{}", serde_json::to_string(&result).expect("probe results serialise"));
        return Ok(());
    }
    println!("after {:?}:", args.prompt);
    for alternative in &result.alternatives {
        println!("  {:>12}  P = {:6.2}%   ln P = {:8.3}", alternative.text, 100.0 * alternative.prob, alternative.logprob);
    }
    println!("next character:");
    for next in &result.next {
        println!("  {:>12?}  {:6.2}%", next.char, 100.0 * next.prob);
    }
    Ok(())
}

// ---------------------------------------------------------------- bench

fn bench(args: BenchArgs) -> CliResult {
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
