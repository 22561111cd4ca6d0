//! `rnn train`, and the training loop with a budget that `rnn compare` shares.

use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use rnn_core::corpus::CorpusConfig;
use rnn_core::folding::Folding;
use rnn_core::vocab::MAX_TEXT_CHARS;
use rnn_core::{budget, eval, io, presets, Config, StepReport, Trainer};
use serde_json::json;

use crate::{files, threads, CliResult};

#[derive(Args)]
pub struct TrainArgs {
    /// Config file (JSON; see docs/configs.md). A text corpus's `path` is read relative to this file.
    #[arg(long, conflicts_with = "preset")]
    config: Option<PathBuf>,
    /// A built-in experiment instead of a config file: agreement (the page's default), memory,
    /// sentiment, english (Shakespeare) or korean (short stories, in jamo).
    #[arg(long)]
    preset: Option<String>,
    /// Where to write the trained model (safetensors).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Overrides the config's seed.
    #[arg(long)]
    seed: Option<u64>,
    /// Adds a reverse direction to every layer (tagging tasks only, e.g. --preset sentiment).
    #[arg(long)]
    bidirectional: bool,
    /// Stop after this many steps (default: the config's `train.steps`, else 300).
    #[arg(long, conflicts_with_all = ["seconds", "chars"])]
    steps: Option<u64>,
    /// Stop after this many seconds of training.
    #[arg(long, conflicts_with = "chars", value_parser = positive_seconds)]
    seconds: Option<f64>,
    /// Stop after this many training characters (batch × bptt per step).
    #[arg(long)]
    chars: Option<u64>,
    /// Measure validation bits/char every N steps.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u64).range(1..))]
    valid_every: u64,
    /// Also measure agreement accuracy every N steps (0: never), on the page's 360 items; its time
    /// counts towards --seconds.
    #[arg(long, default_value_t = 0)]
    eval_every: u64,
    /// Overrides the config's `train.shards`: the batch is cut into this many shards, each with its
    /// own gradient, summed in shard order. Part of the run (other shards, other bits).
    #[arg(long)]
    shards: Option<usize>,
    /// Threads computing the shards (default: every core). Never changes a result, only its speed;
    /// more threads than shards do nothing.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=threads::MAX_THREADS))]
    threads: Option<u64>,
    /// Refuse a config whose estimated memory during a step is over this many megabytes.
    #[arg(long, default_value_t = budget::DEFAULT_MEMORY_BUDGET / 1_000_000)]
    memory_budget_mb: u64,
    #[arg(long)]
    json: bool,
}

/// A number of seconds for `--seconds`: finite and above zero (NaN would train forever).
pub fn positive_seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(seconds) if seconds.is_finite() && seconds > 0.0 => Ok(seconds),
        Ok(_) => Err(format!("{text} is not a number of seconds above zero")),
        Err(e) => Err(format!("{text} is not a number: {e}")),
    }
}

/// When a training run stops.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Budget {
    Steps(u64),
    /// Training characters, B·T per step, rounded up to whole steps.
    Chars(u64),
    Seconds(f64),
}

impl Budget {
    pub fn describe(self) -> String {
        match self {
            Budget::Steps(steps) => format!("{steps} steps"),
            Budget::Chars(chars) => format!("{chars} training chars"),
            Budget::Seconds(seconds) => format!("{seconds} s"),
        }
    }
}

/// Trains until the budget is spent or the run diverges ([`Trainer::divergence`]), calling
/// `after_step` after every step; returns the seconds taken.
pub fn train_until(trainer: &mut Trainer, budget: Budget, threads: usize, mut after_step: impl FnMut(&mut Trainer, &StepReport, f64)) -> f64 {
    let chars_per_step = trainer.chars_per_step() as u64;
    let max_steps = match budget {
        Budget::Steps(steps) => steps,
        Budget::Chars(chars) => chars.div_ceil(chars_per_step),
        Budget::Seconds(_) => u64::MAX,
    };
    let start = Instant::now();
    while trainer.step_count() < max_steps
        && trainer.divergence().is_none()
        && !matches!(budget, Budget::Seconds(s) if start.elapsed().as_secs_f64() >= s)
    {
        let report = threads::step(trainer, threads);
        after_step(trainer, &report, start.elapsed().as_secs_f64());
    }
    start.elapsed().as_secs_f64()
}

/// The largest corpus file: more bytes than this certainly hold more than `MAX_TEXT_CHARS` chars.
const MAX_CORPUS_BYTES: u64 = 4 * MAX_TEXT_CHARS as u64;

/// The config a `train` run uses: file or preset, the seed override, validated before a text
/// corpus's file is read in.
fn load_config(args: &TrainArgs) -> CliResult<Config> {
    let (mut config, dir) = match (&args.config, &args.preset) {
        (Some(path), _) => {
            // an inline text can be as large as a corpus file
            let json = files::read_text(path, "config", MAX_CORPUS_BYTES + 1_000_000)?;
            let config: Config = serde_json::from_str(&json).map_err(|e| format!("config {}: {e}", path.display()))?;
            (config, path.parent().unwrap_or(Path::new(".")).to_path_buf())
        }
        (None, Some(name)) => (presets::preset(name).map_err(|e| e.to_string())?, PathBuf::from(".")),
        (None, None) => return Err(format!("give --config FILE or --preset NAME ({})", presets::NAMES.join(", "))),
    };
    if let Some(seed) = args.seed {
        config.train.seed = seed;
    }
    config.model.bidirectional |= args.bidirectional;
    if let Some(shards) = args.shards {
        config.train.shards = shards;
    }
    config.validate().map_err(|e| e.to_string())?;
    if let CorpusConfig::Text { text: None, path: Some(text_path), jamo } = &config.corpus {
        let text = files::read_text(&dir.join(text_path), "corpus", MAX_CORPUS_BYTES)?;
        config.corpus = CorpusConfig::Text { text: Some(text), path: None, jamo: *jamo };
    }
    Ok(with_builtin_text(config))
}

/// The built-in texts, embedded so that `--preset english|korean` runs from any directory.
const ENGLISH_TEXT: &str = include_str!("../../../www/public/corpora/english.txt");
const KOREAN_TEXT: &str = include_str!("../../../www/public/corpora/korean.txt");

/// `config` with its built-in text supplied, when its corpus is one and no text was given.
pub fn with_builtin_text(mut config: Config) -> Config {
    let text = match &config.corpus {
        CorpusConfig::English { text: None } => ENGLISH_TEXT,
        CorpusConfig::Korean { text: None, .. } => KOREAN_TEXT,
        _ => return config,
    };
    config.corpus = config.corpus.with_builtin_text(text.to_string());
    config
}

pub fn run(args: TrainArgs) -> CliResult {
    let config = load_config(&args)?;
    let text = config.corpus.build(config.train.seed).map_err(|e| e.to_string())?;
    let mut trainer = Trainer::with_memory_budget(&config, &text, args.memory_budget_mb.saturating_mul(1_000_000)).map_err(|e| e.to_string())?;
    // said before training: a short text trains with smaller sizes than the config's
    if let Some(message) = &trainer.fit().message {
        if args.json {
            println!("{}", json!({ "fit": trainer.fit() }));
        } else {
            println!("note: {message}");
        }
    }
    // said before training: a text wider than the vocabulary would otherwise train on "other" silently
    let folding = Folding::of(&text, &trainer.vocab);
    if let Some(message) = folding.message() {
        if args.json {
            println!("{}", json!({ "folding": folding }));
        } else {
            println!("note: {message}");
        }
    }
    let chars_per_step = trainer.chars_per_step() as u64;
    let budget = match (args.steps, args.chars, args.seconds) {
        (Some(steps), _, _) => Budget::Steps(steps),
        (_, Some(chars), _) => Budget::Chars(chars),
        (_, _, Some(seconds)) => Budget::Seconds(seconds),
        _ => Budget::Steps(config.train.steps.unwrap_or(300)),
    };
    let bar = if args.json {
        ProgressBar::hidden()
    } else {
        let length = match budget {
            Budget::Steps(steps) => steps,
            Budget::Chars(chars) => chars.div_ceil(chars_per_step),
            Budget::Seconds(_) => 0,
        };
        let bar = ProgressBar::new(length);
        bar.set_style(ProgressStyle::with_template("{bar:30} step {pos} {msg}").expect("valid template"));
        bar
    };
    let mut losses = Vec::new();
    let mut valid_bpc = f32::NAN;
    let items = eval::agreement_items(eval::DEFAULT_PER_CELL, eval::EVAL_SEED);
    let threads = args.threads.map_or_else(threads::available, |n| n as usize);
    let seconds = train_until(&mut trainer, budget, threads, |trainer, report, elapsed| {
        losses.push(report.loss);
        let chars_per_sec = (report.step * chars_per_step) as f64 / elapsed;
        if report.step % args.valid_every == 0 {
            valid_bpc = trainer.validate();
            if args.json {
                println!("{}", json!({ "step": report.step, "valid_bits_per_char": valid_bpc }));
            }
        }
        if args.eval_every > 0 && report.step % args.eval_every == 0 {
            let accuracy = eval::agreement_accuracy(&trainer.model, &trainer.vocab, &items);
            if args.json {
                println!("{}", json!({ "step": report.step, "seconds": elapsed, "by_attractors": accuracy.by_attractors, "by_construction": accuracy.by_construction }));
            } else {
                let shares: Vec<String> = accuracy.by_attractors.iter().map(|(k, v)| format!("{k}: {:.0}%", 100.0 * v)).collect();
                bar.println(format!("step {} ({elapsed:.0} s): agreement by attractors {}", report.step, shares.join("  ")));
            }
        }
        if args.json && report.step % 10 == 0 {
            println!("{}", json!({ "step": report.step, "loss": report.loss, "grad_norm": report.grad_norm, "layer_grad_norms": report.layer_grad_norms, "clipped": report.clipped, "chars_per_sec": chars_per_sec }));
        }
        bar.set_position(report.step);
        bar.set_message(format!(
            "loss {:.3} ({:.3} bits/char)  valid {:.3} bits/char  {:.0} chars/s",
            report.loss,
            report.loss / std::f32::consts::LN_2,
            valid_bpc,
            chars_per_sec
        ));
    });
    bar.finish();
    valid_bpc = trainer.validate();
    if let Some(divergence) = trainer.divergence() {
        if args.json {
            println!("{}", json!({ "divergence": divergence, "message": divergence.to_string() }));
        }
        return Err(format!("{divergence}. No model was saved; change the settings and train again"));
    }
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
        let unit = if trainer.config.model.task == rnn_core::Task::Tagging { "bits per tag" } else { "bits/char" };
        println!("trained {steps} steps in {seconds:.1} s: validation {valid_bpc:.3} {unit}, weights {fingerprint}");
        if let Some(out) = &args.out {
            println!("saved {}", out.display());
        }
    }
    Ok(())
}
