//! `rnn eval`: accuracy on held-out generated items.

use std::path::PathBuf;

use clap::Args;
use rnn_core::corpus::CorpusConfig;
use rnn_core::eval::{self, AgreementAccuracy, MemoryAccuracy};
use rnn_core::probe;
use rnn_core::{tagging, Model, Task, Vocab};
use serde_json::json;

use crate::{load_model, CliResult};

/// The page's default prompt, whose answer the README reports.
pub const WRITER: &str = "The writer of the books";

#[derive(Args)]
pub struct EvalArgs {
    #[arg(long)]
    model: PathBuf,
    /// Agreement items per (attractors, construction) cell; each attractor bucket holds three cells.
    #[arg(long, default_value_t = 100)]
    per_cell: usize,
    /// Memory items per distance (for a model trained on the memory task).
    #[arg(long, default_value_t = 200)]
    per_distance: usize,
    /// Held-out sentences (for a tagging model).
    #[arg(long, default_value_t = tagging::DEFAULT_EVAL_SENTENCES)]
    sentences: usize,
    /// Seed of the generated items.
    #[arg(long, default_value_t = eval::EVAL_SEED)]
    seed: u64,
    #[arg(long)]
    json: bool,
}

pub fn run(args: EvalArgs) -> CliResult {
    let saved = load_model(&args.model)?;
    let (model, vocab) = (&saved.model, &saved.vocab);
    if saved.config.model.task == Task::Tagging {
        let accuracy = tagging::accuracy(model, vocab, &tagging::eval_sentences(args.sentences, args.seed));
        if args.json {
            println!("{}", serde_json::to_string(&accuracy).expect("accuracy serialises"));
        } else {
            print_tagging(&accuracy);
        }
        return Ok(());
    }
    if let CorpusConfig::Memory(memory) = &saved.config.corpus {
        let accuracy = memory_accuracy(model, vocab, memory.distance, args.per_distance, args.seed);
        if args.json {
            println!("{}", serde_json::to_string(&accuracy).expect("accuracy serialises"));
        } else {
            println!("memory recall, {} items per distance (chance 12.5%):", accuracy.per_distance);
            for at in &accuracy.by_distance {
                println!("  distance {:>4}  {:6.1}%", at.distance, 100.0 * at.accuracy);
            }
        }
        return Ok(());
    }
    let accuracy = agreement_accuracy(model, vocab, args.per_cell, args.seed);
    let writer = Writer::measure(model, vocab)?;
    if args.json {
        let mut out = serde_json::to_value(&accuracy).expect("accuracy serialises");
        out["writer"] = writer.json();
        println!("{out}");
        return Ok(());
    }
    println!("agreement accuracy on {} held-out items, each read after a whole sentence:", accuracy.items);
    for (attractors, share) in &accuracy.by_attractors {
        println!("  {attractors} attractors       {:6.1}%", 100.0 * share);
    }
    for (construction, share) in &accuracy.by_construction {
        println!("  {:<18} {:6.1}%", construction.replace('_', " "), 100.0 * share);
    }
    println!(
        "{WRITER:?}: P(is) = {:.1}% after a sentence (mean over {} sentences), {:.1}% from a zero state",
        100.0 * writer.is,
        eval::CONTEXTS,
        100.0 * writer.is_from_zero
    );
    Ok(())
}

pub fn print_tagging(accuracy: &tagging::TaggingAccuracy) {
    println!("sentiment tags on {} held-out sentences (chance 50%):", accuracy.sentences);
    println!("  every tagged position ({})       {:6.1}%", accuracy.positions, 100.0 * accuracy.accuracy);
    println!("  decided only by words after ({})  {:6.1}%", accuracy.ambiguous_positions, 100.0 * accuracy.ambiguous_accuracy);
    println!("  decided by the words up to it       {:6.1}%", 100.0 * accuracy.left_accuracy);
    println!("  whole sentence (at its full stop)   {:6.1}%", 100.0 * accuracy.sentence_accuracy);
}

/// "is" against "are" after "The writer of the books", two-way normalised.
pub struct Writer {
    /// Read after each context sentence, as the evaluation items are, and averaged.
    pub is: f32,
    /// Read from a zero state, as `rnn probe` reads a prompt.
    pub is_from_zero: f32,
}

impl Writer {
    pub fn measure(model: &Model, vocab: &Vocab) -> CliResult<Writer> {
        let bare = probe::probe(model, vocab, WRITER, &["is", "are"], 0).map_err(|e| e.to_string())?;
        Ok(Writer { is: eval::preference(model, vocab, WRITER, "is", "are"), is_from_zero: bare.alternatives[0].prob })
    }

    pub fn json(&self) -> serde_json::Value {
        json!({ "prompt": WRITER, "is": self.is, "are": 1.0 - self.is, "from_zero_state": { "is": self.is_from_zero, "are": 1.0 - self.is_from_zero } })
    }
}

pub fn agreement_accuracy(model: &Model, vocab: &Vocab, per_cell: usize, seed: u64) -> AgreementAccuracy {
    eval::agreement_accuracy(model, vocab, &eval::agreement_items(per_cell, seed))
}

pub fn memory_accuracy(model: &Model, vocab: &Vocab, trained_distance: usize, per_distance: usize, seed: u64) -> MemoryAccuracy {
    let distances = eval::memory_distances(trained_distance);
    eval::memory_accuracy(model, vocab, &eval::memory_items(&distances, per_distance, seed))
}

