//! Inputs that cannot hurt: files that are not model files, configs that ask for too much, flags
//! out of their range. Each is refused with a message on stderr and exit code 1 (or clap's 2 for a
//! flag), never a panic (101), an abort or a run that does not end.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn rnn(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rnn")).args(args).current_dir(env!("CARGO_MANIFEST_DIR")).output().expect("rnn runs")
}

/// The stderr of a run that must fail with `code`.
fn refused(args: &[&str], code: i32) -> String {
    let output = rnn(args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(code), "rnn {args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "rnn {args:?} panicked: {stderr}");
    stderr
}

fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("rnn-hostile-{}-{name}", std::process::id()))
}

/// A small trained model's file, with one weight of `head.weight` replaced by `value`.
fn model_with_head_weight(name: &str, value: f32) -> PathBuf {
    let config = rnn_core::Config::from_json(include_str!("../../../examples/determinism.json")).unwrap();
    let mut trainer = rnn_core::Trainer::from_config(&config).unwrap();
    trainer.step();
    let mut model = trainer.model.clone();
    let head = model.layout.tensor("head.weight").unwrap().range.clone();
    model.params[head.start] = value;
    let path = temp(name);
    std::fs::write(&path, rnn_core::io::save(&config, &trainer.vocab, &model, 1)).unwrap();
    path
}

#[test]
fn a_model_with_a_nan_weight_is_refused_by_probe_and_sample() {
    // before: probe --json printed "prob": null and exited 0, sample printed a string of one character
    let path = model_with_head_weight("nan", f32::NAN);
    let model = path.to_str().unwrap();
    for command in [&["probe", "--model", model, "--prompt", "The writer", "--json"][..], &["sample", "--model", model, "--prompt", "The"]] {
        let stderr = refused(command, 1);
        assert!(stderr.contains("tensor `head.weight` holds NaN at index 0: the weights are not finite"), "{stderr}");
    }
    std::fs::remove_file(path).unwrap();
}

#[test]
fn a_device_or_directory_is_not_read_as_a_model_or_corpus() {
    // before: --model /dev/zero read until memory ran out
    let stderr = refused(&["probe", "--model", "/dev/zero", "--prompt", "x"], 1);
    assert!(stderr.contains("cannot read model /dev/zero: it is not a regular file"), "{stderr}");
    let stderr = refused(&["eval", "--model", "."], 1);
    assert!(stderr.contains("it is not a regular file"), "{stderr}");

    // before: the corpus path was read, without end, before the config was validated
    let config = temp("urandom.json");
    let text = r#"{"model": {"cell": "gru", "hidden": 8}, "train": {"batch": 2, "bptt": 8, "optimizer": {"kind": "sgd", "lr": 0.1}},
                   "corpus": {"kind": "text", "path": "/dev/urandom"}}"#;
    std::fs::write(&config, text).unwrap();
    let stderr = refused(&["train", "--config", config.to_str().unwrap(), "--steps", "1"], 1);
    assert!(stderr.contains("cannot read corpus /dev/urandom: it is not a regular file"), "{stderr}");
    std::fs::write(&config, text.replace("\"hidden\": 8", "\"hidden\": 0")).unwrap();
    let stderr = refused(&["train", "--config", config.to_str().unwrap(), "--steps", "1"], 1);
    assert!(stderr.contains("`model.hidden`: 0 is out of range"), "the config is checked before its corpus is read: {stderr}");
    std::fs::remove_file(config).unwrap();
}

#[test]
fn a_config_that_needs_more_memory_than_the_budget_is_refused_with_the_estimate() {
    // before: this aborted the process, "memory allocation of 2147483648 bytes failed"
    let config = temp("huge.json");
    std::fs::write(&config, r#"{"model": {"cell": "lstm", "hidden": 1024}, "train": {"batch": 256, "bptt": 512, "optimizer": {"kind": "adam", "lr": 0.001}},
                                "corpus": {"kind": "agreement"}}"#).unwrap();
    let stderr = refused(&["train", "--config", config.to_str().unwrap(), "--steps", "1"], 1);
    assert!(stderr.contains("need about 8.6 GB during a step, over the memory budget of 1.0 GB"), "{stderr}");
    std::fs::remove_file(config).unwrap();
    let stderr = refused(&["train", "--config", "../../examples/determinism.json", "--steps", "1", "--memory-budget-mb", "1"], 1);
    assert!(stderr.contains("over the memory budget of 1 MB"), "the flag sets the budget: {stderr}");
}

#[test]
fn flags_out_of_range_are_refused_before_anything_runs() {
    let determinism = "../../examples/determinism.json";
    // before: a remainder by zero panicked
    let stderr = refused(&["train", "--config", determinism, "--steps", "1", "--valid-every", "0"], 2);
    assert!(stderr.contains("--valid-every"), "{stderr}");
    // before: NaN seconds trained forever
    for seconds in ["NaN", "inf", "-1", "0"] {
        let stderr = refused(&["train", "--config", determinism, &format!("--seconds={seconds}")], 2);
        assert!(stderr.contains("is not a number of seconds above zero"), "{seconds}: {stderr}");
    }
    assert!(refused(&["compare", "--seconds", "NaN"], 2).contains("is not a number of seconds above zero"));
    // before: no cap
    let stderr = refused(&["sample", "--model", "x.safetensors", "--prompt", "a", "--len", "100000000"], 2);
    assert!(stderr.contains("100000000 is not in 0..=100000"), "{stderr}");
}

#[test]
fn sample_continues_the_prompt_with_the_asked_length_in_the_vocabulary() {
    let path = model_with_head_weight("sample", 0.0);
    let model = path.to_str().unwrap();
    let args = ["sample", "--model", model, "--prompt", "The writer", "--len", "57", "--seed", "3", "--json"];
    let output = rnn(&args);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let line: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(line["prompt"], "The writer");
    let text = line["text"].as_str().unwrap();
    assert_eq!(text.chars().count(), 57);
    let vocab = rnn_core::io::load(&std::fs::read(&path).unwrap()).unwrap().vocab;
    assert!(text.chars().all(|c| vocab.chars().contains(&c)), "{text:?}");
    // a seed is the whole of the randomness: the same seed, the same text; text mode prints prompt then text
    assert_eq!(rnn(&args).stdout, output.stdout);
    let plain = rnn(&args[..args.len() - 1]);
    assert_eq!(String::from_utf8(plain.stdout).unwrap(), format!("The writer{text}\n"));
    std::fs::remove_file(path).unwrap();
}

#[test]
fn bench_prints_one_speed_per_configuration() {
    let output = rnn(&["bench", "--cell", "gru", "--hidden", "16", "--seconds", "0", "--json"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let lines: Vec<Value> = String::from_utf8(output.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 1);
    assert_eq!((lines[0]["cell"].as_str(), lines[0]["hidden"].as_u64(), lines[0]["runtime"].as_str()), (Some("gru"), Some(16), Some("native")));
    assert!(lines[0]["chars_per_sec"].as_f64().unwrap() > 1000.0, "{}", lines[0]);
    let stderr = refused(&["bench", "--cell", "transformer"], 1);
    assert!(stderr.contains("unknown cell `transformer`; use rnn, gru or lstm"), "{stderr}");
}

#[test]
fn the_ceiling_is_above_the_measured_speed_and_a_size_out_of_range_is_refused_before_timing() {
    let line = |args: &[&str]| -> Value {
        let output = rnn(args);
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        serde_json::from_str(String::from_utf8(output.stdout).unwrap().trim()).unwrap()
    };
    let measured = line(&["bench", "--cell", "lstm", "--hidden", "32", "--seconds", "0.2", "--json"]);
    let ceiling = line(&["bench", "--cell", "lstm", "--hidden", "32", "--peak", "--json"]);
    assert_eq!((ceiling["ceiling"].as_str(), ceiling["cell"].as_str(), ceiling["hidden"].as_u64(), ceiling["threads"].as_u64()), (Some("native"), Some("lstm"), Some(32), Some(1)));
    // a step can never beat its products alone (measured here: 1.2M against 3.5M chars/s)
    let (speed, most) = (measured["chars_per_sec"].as_f64().unwrap(), ceiling["chars_per_sec_at_most"].as_f64().unwrap());
    assert!(speed > 0.0 && speed < most, "{speed} chars/s measured, {most} at most");
    let stderr = refused(&["bench", "--peak", "--hidden", "0"], 1);
    assert!(stderr.contains("`model.hidden`: 0 is out of range"), "{stderr}");
}
