//! The sentiment tagging task on the command line: train, eval, tag, compare, and the refusal of a
//! bidirectional language model.

use std::process::{Command, Output};

use serde_json::Value;

fn rnn(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rnn")).args(args).current_dir(env!("CARGO_MANIFEST_DIR")).output().expect("rnn runs")
}

fn json_of(args: &[&str]) -> Value {
    let output = rnn(args);
    assert!(output.status.success(), "rnn {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).expect("utf-8 output");
    serde_json::from_str(stdout.lines().last().expect("a line")).expect("JSON")
}

#[test]
fn a_bidirectional_tagging_model_evaluates_and_tags() {
    let path = std::env::temp_dir().join(format!("rnn-cli-sentiment-{}.safetensors", std::process::id()));
    let out = path.to_str().unwrap();
    let done = json_of(&["train", "--preset", "sentiment", "--bidirectional", "--steps", "2", "--seed", "3", "--out", out, "--json"]);
    assert_eq!(done["done"], true);
    let eval = json_of(&["eval", "--model", out, "--sentences", "50", "--json"]);
    assert_eq!(eval["task"], "sentiment");
    for key in ["accuracy", "ambiguous_accuracy", "left_accuracy", "sentence_accuracy"] {
        assert!((0.0..=1.0).contains(&eval[key].as_f64().unwrap()), "{key}: {eval}");
    }
    let tags = json_of(&["tag", "--model", out, "--json", "the plot was terribly good."]);
    assert_eq!(tags["rule"][20], "positive", "terribly's last character carries the next adjective's tag: {tags}");
    assert_eq!(tags["positive"].as_array().unwrap().len(), 27);
    let probe = rnn(&["sample", "--model", out, "--prompt", "the plot"]);
    assert!(String::from_utf8_lossy(&probe.stderr).contains("does not predict the next character"));
    std::fs::remove_file(path).unwrap();
}

#[test]
fn compare_puts_forward_only_beside_bidirectional() {
    let json = json_of(&["compare", "--preset", "sentiment", "--budget-chars", "4096", "--json"]);
    let runs = json["runs"].as_array().unwrap();
    assert_eq!(runs.iter().map(|r| r["bidirectional"].as_bool().unwrap()).collect::<Vec<_>>(), [false, true]);
    assert!(runs.iter().all(|r| r["sentiment"]["ambiguous_accuracy"].is_number()));
}

#[test]
fn a_bidirectional_language_model_is_refused_with_the_reason() {
    let output = rnn(&["train", "--preset", "agreement", "--bidirectional", "--steps", "1"]);
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains(rnn_core::config::LANGUAGE_MODEL_REASON), "{message}");
}
