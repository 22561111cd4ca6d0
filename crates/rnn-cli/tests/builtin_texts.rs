//! `rnn train --preset english|korean` trains on the built-in texts from any directory, and a short
//! text says which sizes it trains with.

use std::process::Command;

use serde_json::Value;

fn rnn(args: &[&str], dir: &std::path::Path) -> Vec<Value> {
    let output = Command::new(env!("CARGO_BIN_EXE_rnn")).args(args).current_dir(dir).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn the_built_in_presets_train_from_anywhere() {
    for preset in ["english", "korean"] {
        let lines = rnn(&["train", "--preset", preset, "--steps", "2", "--valid-every", "1", "--json"], &std::env::temp_dir());
        let done = lines.last().unwrap();
        assert_eq!((done["done"].as_bool(), done["steps"].as_u64()), (Some(true), Some(2)), "{preset}: {done}");
        assert!(lines.iter().all(|l| l.get("folding").is_none() && l.get("fit").is_none()), "{preset}: nothing folds, nothing is fitted");
    }
}

#[test]
fn a_paragraph_trains_and_says_with_which_sizes() {
    let dir = std::env::temp_dir().join(format!("rnn-short-text-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("note.txt"), "The keeper climbed the steps, lit the lamp and wrote the weather in his book. ".repeat(4)).unwrap();
    let config = r#"{"model": {"cell": "lstm", "hidden": 16}, "train": {"batch": 16, "bptt": 64, "optimizer": {"kind": "adam", "lr": 0.01}},
                     "corpus": {"kind": "text", "path": "note.txt"}}"#;
    std::fs::write(dir.join("config.json"), config).unwrap();
    let lines = rnn(&["train", "--config", "config.json", "--steps", "3", "--json"], &dir);
    std::fs::remove_dir_all(&dir).unwrap();
    // 312 characters: 15 held out, 297 train as 4 streams of 74 in windows of 36
    let fit = &lines[0]["fit"];
    assert_eq!((fit["batch"].as_u64(), fit["bptt"].as_u64(), fit["valid_chars"].as_u64()), (Some(4), Some(36), Some(15)), "{fit}");
    assert!(fit["message"].as_str().unwrap().starts_with("the text has 312 characters"), "{fit}");
    assert_eq!(lines.last().unwrap()["steps"], 3);
}

#[test]
fn a_korean_prompt_is_read_in_jamo_as_the_korean_text_was() {
    let dir = std::env::temp_dir().join(format!("rnn-korean-prompt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    rnn(&["train", "--preset", "korean", "--steps", "1", "--out", "korean.safetensors", "--json"], &dir);
    let lines = rnn(&["sample", "--model", "korean.safetensors", "--prompt", "그날 밤 ☃", "--len", "5", "--json"], &dir);
    std::fs::remove_dir_all(&dir).unwrap();
    // before: every syllable was marked unknown, though the model was trained on its jamo
    assert_eq!(lines[0]["unknown"], serde_json::json!([{ "position": 5, "char": "☃" }]), "{}", lines[0]);
}
