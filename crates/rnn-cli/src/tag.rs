//! `rnn tag`: what a tagging model says at each character of a sentence.

use std::path::PathBuf;

use clap::Args;
use rnn_core::tagging;

use crate::{load_model, CliResult};

#[derive(Args)]
pub struct TagArgs {
    #[arg(long)]
    model: PathBuf,
    /// The sentence, e.g. "the plot was terribly clever."
    text: String,
    #[arg(long)]
    json: bool,
}

pub fn run(args: TagArgs) -> CliResult {
    let saved = load_model(&args.model)?;
    let readout = tagging::read(&saved.model, &saved.vocab, &args.text).map_err(|e| e.to_string())?;
    if args.json {
        println!("{}", serde_json::to_string(&readout).expect("a readout serialises"));
        return Ok(());
    }
    // one line per word end the rules tag: the word, the model's P(positive), the rule's tag
    let mut word = String::new();
    for ((c, p), rule) in readout.chars.iter().zip(&readout.positive).zip(&readout.rule) {
        word = if c == " " { String::new() } else { word + c };
        if let Some(rule) = rule {
            let word = if c == "." { "(sentence)" } else { word.as_str() };
            println!("{word:>12}  P(positive) {p:.3}  rule: {rule}");
        }
    }
    Ok(())
}
