//! `rnn sample` and `rnn probe`: reading a trained model.

use std::path::PathBuf;

use clap::Args;
use rnn_core::inspect::{self, Gates, Saliency};
use rnn_core::probe::{self, Sampling, UnknownChar};
use rnn_core::Rng;
use serde_json::json;

use crate::{load_model, CliResult};

#[derive(Args)]
pub struct SampleArgs {
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
    /// Characters to sample, at most 100,000.
    #[arg(long, default_value_t = 200, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(0..=100_000))]
    len: usize,
    #[arg(long, default_value_t = 0)]
    seed: u64,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct ProbeArgs {
    #[arg(long)]
    model: PathBuf,
    #[arg(long)]
    prompt: String,
    /// Comma-separated words, compared where they first differ after the prompt and a space (the
    /// docs/agreement.md says why); saliency compares the first two.
    #[arg(long, default_value = "is,are", value_delimiter = ',')]
    alternatives: Vec<String>,
    /// How many next characters to list.
    #[arg(long, default_value_t = 10)]
    top: usize,
    #[arg(long)]
    json: bool,
}

pub fn sample(args: SampleArgs) -> CliResult {
    let saved = load_model(&args.model)?;
    let sampling = Sampling { temperature: args.temperature, top_k: args.top_k };
    let corpus = &saved.config.corpus;
    let text = probe::sample(&saved.model, &saved.vocab, &corpus.reading(&args.prompt), args.len, sampling, &mut Rng::new(args.seed))
        .map_err(|e| e.to_string())?;
    let unknown = unknown_in_prompt(&saved.vocab, corpus, &args.prompt);
    let text = corpus.display(&text);
    if args.json {
        println!("{}", json!({ "prompt": args.prompt, "text": text, "unknown": unknown }));
    } else {
        if !unknown.is_empty() {
            eprintln!("note: {}", unknown_note(&unknown));
        }
        println!("{}{}", args.prompt, text);
    }
    Ok(())
}

/// The prompt's characters the model knows nothing of, each read as its training text was (a
/// syllable as its jamo for a jamo corpus), at their places in the prompt as typed.
fn unknown_in_prompt(vocab: &rnn_core::Vocab, corpus: &rnn_core::corpus::CorpusConfig, prompt: &str) -> Vec<UnknownChar> {
    prompt
        .chars()
        .enumerate()
        .filter(|(_, c)| !probe::unknown_chars(vocab, &corpus.reading(&c.to_string())).is_empty())
        .map(|(position, c)| UnknownChar { position, char: c.into() })
        .collect()
}

/// "not in the model's vocabulary, …: "A" (character 1)": the prompt characters the answer knows nothing of.
fn unknown_note(unknown: &[UnknownChar]) -> String {
    let named: Vec<String> = unknown.iter().map(|u| format!("{:?} (character {})", u.char, u.position + 1)).collect();
    format!("not in the model's vocabulary, read as an unknown symbol it knows nothing of: {}", named.join(", "))
}

pub fn probe(args: ProbeArgs) -> CliResult {
    let saved = load_model(&args.model)?;
    let (model, vocab) = (&saved.model, &saved.vocab);
    // a model trained on jamo reads its prompt and alternatives in jamo
    let prompt = saved.config.corpus.reading(&args.prompt);
    let alternatives: Vec<String> = args.alternatives.iter().map(|a| saved.config.corpus.reading(a)).collect();
    let words: Vec<&str> = alternatives.iter().map(String::as_str).collect();
    let result = probe::probe(model, vocab, &prompt, &words, args.top).map_err(|e| e.to_string())?;
    let saliency = match words.as_slice() {
        [a, b, ..] => Some(inspect::saliency(model, vocab, &prompt, a, b).map_err(|e| e.to_string())?),
        _ => None,
    };
    let gates = inspect::gates(model, vocab, &prompt).map_err(|e| e.to_string())?;
    if args.json {
        let mut out = serde_json::to_value(&result).expect("probe results serialise");
        out["saliency"] = serde_json::to_value(&saliency).expect("saliency serialises");
        out["gates"] = serde_json::to_value(&gates).expect("gates serialise");
        println!("{out}");
        return Ok(());
    }
    println!("after {:?}:", args.prompt);
    if !result.unknown.is_empty() {
        println!("  {}", unknown_note(&result.unknown));
    }
    for alternative in &result.alternatives {
        println!("  {:>12}  P = {:6.2}%   ln P(whole word) = {:8.3}", alternative.text, 100.0 * alternative.prob, alternative.logprob);
    }
    println!("next character:");
    for next in &result.next {
        println!("  {:>12?}  {:6.2}%", next.char, 100.0 * next.prob);
    }
    if let Some(saliency) = &saliency {
        print_saliency(saliency);
    }
    print_gates(&gates);
    Ok(())
}

fn print_saliency(saliency: &Saliency) {
    let [a, b] = &saliency.between;
    println!(
        "saliency (gradient × input) of each character for ln(P({a}) / P({b})) where they first differ = {:.3}; + pushes towards {a}:",
        saliency.difference
    );
    let largest = saliency.values.iter().fold(0.0f32, |m, v| m.max(v.abs())).max(f32::MIN_POSITIVE);
    for (c, &value) in saliency.chars.iter().zip(&saliency.values) {
        let bar = "█".repeat((20.0 * value.abs() / largest).round() as usize);
        println!("  {:>6?} {value:+9.4}  {}{bar}", c, if value < 0.0 { "-" } else { "+" });
    }
}

/// Each gate's mean activation under each character, as a strip of eighth blocks (0 blank, 1 full).
fn print_gates(gates: &Gates) {
    if gates.strips.is_empty() {
        println!("gates: a vanilla RNN has none");
        return;
    }
    const LEVELS: [char; 9] = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    println!("gate activations, mean over units, under each character:");
    let prompt: String = gates.chars.iter().map(|c| if c.chars().all(char::is_control) { " " } else { c.as_str() }).collect();
    println!("  {:>16}  {prompt}", "");
    for strip in &gates.strips {
        let cells: String = strip.means.iter().map(|&m| LEVELS[(m.clamp(0.0, 1.0) * 8.0).round() as usize]).collect();
        println!("  {:>16}  {cells}", format!("layer {} {}", strip.layer, strip.gate));
    }
}
