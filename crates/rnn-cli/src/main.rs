//! `rnn`: train, evaluate, compare, sample from, probe and benchmark the playground's recurrent nets
//! natively. Every command that prints results takes `--json` and then prints JSON only (one object
//! a line).

mod bench;
mod compare;
mod evaluate;
mod files;
mod inspect;
mod lessons;
mod tag;
mod threads;
mod train;

/// See Cargo.toml: mimalloc keeps a step's freed buffers for the next step instead of returning them
/// to the kernel. An allocator decides where buffers live, never what is in them: no result changes.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::Path;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use rnn_core::io;

#[derive(Parser)]
#[command(name = "rnn", version, about = "Tiny recurrent character language models: train, evaluate, compare, sample, probe, benchmark")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Train a model from a config file or a preset.
    Train(train::TrainArgs),
    /// Agreement accuracy by attractors and construction (memory models: recall by distance; tagging
    /// models: sentiment tag accuracy).
    Eval(evaluate::EvalArgs),
    /// Train RNN, GRU and LSTM (sentiment: forward-only and bidirectional) on the same corpus, seed and budget.
    Compare(compare::CompareArgs),
    /// Continue a prompt with sampled text.
    Sample(inspect::SampleArgs),
    /// Compare continuations ("is" against "are"), with the next-character distribution, saliency and gates.
    Probe(inspect::ProbeArgs),
    /// A tagging model's P(positive) at each character of a sentence, beside the corpus's rules.
    Tag(tag::TagArgs),
    /// The page's lessons trained over several seeds: when each check is first seen, and its contrasts.
    Lessons(lessons::LessonsArgs),
    /// Training speed in chars/sec on the reference workload (V=48 one-hot, B=32, T=64, Adam, clip 5).
    Bench(bench::BenchArgs),
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Train(args) => train::run(args),
        Command::Eval(args) => evaluate::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Sample(args) => inspect::sample(args),
        Command::Probe(args) => inspect::probe(args),
        Command::Tag(args) => tag::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Lessons(args) => lessons::run(args),
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

fn load_model(path: &Path) -> CliResult<io::Saved> {
    let bytes = files::read_limited(path, "model", io::MAX_MODEL_BYTES as u64)?;
    io::load(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

