//! The command line as a user runs it: arguments, and `--json` printing JSON only.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn rnn(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rnn")).args(args).current_dir(env!("CARGO_MANIFEST_DIR")).output().expect("rnn runs")
}

/// Every line of a successful `--json` run's stdout, parsed.
fn json_lines(args: &[&str]) -> Vec<Value> {
    let output = rnn(args);
    assert!(output.status.success(), "rnn {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).expect("utf-8 output");
    stdout.lines().map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("rnn {args:?} printed a non-JSON line {line:?}: {e}"))).collect()
}

/// A model trained for a few steps on the small determinism config, once per test.
fn tiny_model(name: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("rnn-cli-test-{}-{name}.safetensors", std::process::id()));
    let out = path.to_str().unwrap();
    let lines = json_lines(&["train", "--config", "../../examples/determinism.json", "--steps", "3", "--out", out, "--json"]);
    assert_eq!(lines.last().unwrap()["done"], true);
    path
}

#[test]
fn eval_json_maps_each_attractor_count_to_an_accuracy() {
    let model = tiny_model("eval");
    let lines = json_lines(&["eval", "--model", model.to_str().unwrap(), "--per-cell", "3", "--json"]);
    assert_eq!(lines.len(), 1);
    let by_attractors = lines[0]["by_attractors"].as_object().expect("by_attractors is an object");
    assert_eq!(by_attractors.keys().collect::<Vec<_>>(), ["0", "1", "2", "3", "4"]);
    // the core's scores of the same file and items, printed unchanged
    let saved = rnn_core::io::load(&std::fs::read(&model).unwrap()).unwrap();
    let items = rnn_core::eval::agreement_items(3, rnn_core::eval::EVAL_SEED);
    let core = rnn_core::eval::agreement_accuracy(&saved.model, &saved.vocab, &items);
    for (attractors, accuracy) in by_attractors {
        assert_eq!(accuracy.as_f64().unwrap() as f32, core.by_attractors[attractors], "{attractors} attractors");
    }
    assert_eq!(lines[0]["items"], 45);
    assert!(lines[0]["writer"]["is"].is_number() && lines[0]["writer"]["from_zero_state"]["are"].is_number());
    std::fs::remove_file(model).unwrap();
}

#[test]
fn probe_json_keeps_the_contract_fields_and_adds_saliency_and_gates() {
    let model = tiny_model("probe");
    let args = ["probe", "--model", model.to_str().unwrap(), "--prompt", "The writer of the books", "--alternatives", "was,were,is", "--json"];
    let lines = json_lines(&args);
    let probe = &lines[0];
    assert_eq!(probe["alternatives"].as_array().unwrap().len(), 3);
    assert_eq!(probe["next"].as_array().unwrap().len(), 10);
    assert_eq!(probe["saliency"]["between"], serde_json::json!(["was", "were"]));
    assert_eq!(probe["saliency"]["values"].as_array().unwrap().len(), 23);
    // the determinism config is a two-layer LSTM: input, forget and output gates per layer
    assert_eq!(probe["gates"]["strips"].as_array().unwrap().len(), 6);
    let text = rnn(&args[..args.len() - 1]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("saliency") && text.contains("layer 1 forget"), "{text}");
    std::fs::remove_file(model).unwrap();
}

#[test]
fn compare_json_has_one_run_per_cell_and_preset() {
    let args = ["compare", "--budget-chars", "1", "--per-cell", "1", "--per-distance", "2", "--json"];
    let lines = json_lines(&args);
    assert_eq!(lines.len(), 1);
    let runs = lines[0]["runs"].as_array().unwrap();
    let names: Vec<(&str, &str)> = runs.iter().map(|r| (r["preset"].as_str().unwrap(), r["cell"].as_str().unwrap())).collect();
    assert_eq!(names, [("agreement", "rnn"), ("agreement", "gru"), ("agreement", "lstm"), ("memory", "rnn"), ("memory", "gru"), ("memory", "lstm")]);
    for run in runs {
        assert_eq!(run["steps"], 1, "one character's budget rounds up to one step");
        assert!(run["gradient_ratio_20"].as_f64().unwrap() > 0.0);
        match run["preset"].as_str().unwrap() {
            "agreement" => assert!(run["agreement"]["by_attractors"]["4"].is_number() && run["writer"]["is"].is_number()),
            _ => assert_eq!(run["memory"]["by_distance"].as_array().unwrap().len(), 5),
        }
    }
}

#[test]
fn bad_arguments_say_what_to_give() {
    let missing = rnn(&["compare", "--json"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("--budget-chars"));
    let both = rnn(&["compare", "--budget-chars", "5", "--seconds", "1"]);
    assert!(!both.status.success());
    let preset = rnn(&["compare", "--budget-chars", "5", "--preset", "poetry"]);
    assert!(String::from_utf8_lossy(&preset.stderr).contains("unknown preset `poetry`"));
    let no_model = rnn(&["eval", "--model", "/nonexistent/model.safetensors"]);
    assert!(String::from_utf8_lossy(&no_model.stderr).contains("cannot read model"));
    let train = rnn(&["train"]);
    assert!(String::from_utf8_lossy(&train.stderr).contains("give --config FILE or --preset NAME"));
}

#[test]
fn probe_names_the_characters_the_model_does_not_know() {
    let model = tiny_model("unknown");
    let args = ["probe", "--model", model.to_str().unwrap(), "--prompt", "A writer é", "--alternatives", "is,are", "--json"];
    let lines = json_lines(&args);
    assert_eq!(lines[0]["unknown"], serde_json::json!([{ "position": 0, "char": "A" }, { "position": 9, "char": "é" }]));
    let alternatives = lines[0]["alternatives"].as_array().unwrap();
    assert!(alternatives.iter().all(|a| a["logprob"].is_number() && a["prob"].is_number()), "{alternatives:?}");
    let text = String::from_utf8(rnn(&args[..args.len() - 1]).stdout).unwrap();
    assert!(text.contains("not in the model's vocabulary") && text.contains("\"A\" (character 1), \"é\" (character 10)"), "{text}");
    let known = String::from_utf8(rnn(&["probe", "--model", model.to_str().unwrap(), "--prompt", "The writer"]).stdout).unwrap();
    assert!(!known.contains("not in the model's vocabulary"), "{known}");
    // sampling names them too, and never draws the unknown symbol
    let sampled = rnn(&["sample", "--model", model.to_str().unwrap(), "--prompt", "A writer", "--len", "500"]);
    assert!(String::from_utf8(sampled.stderr).unwrap().contains("\"A\" (character 1)"));
    assert!(!String::from_utf8(sampled.stdout).unwrap().contains('\u{FFFD}'));
    std::fs::remove_file(model).unwrap();
}

#[test]
fn train_stops_on_divergence_with_the_cause_and_the_fixes() {
    // a vanilla RNN with W_hh = 3 · orthogonal, no clipping and SGD at lr 10: 15-40 bits/char, uniform is under 5
    let dir = std::env::temp_dir().join(format!("rnn-cli-test-{}-diverge", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = serde_json::json!({
        "model": { "cell": "rnn", "hidden": 32, "layers": 1, "embedding": 16, "residual": false, "recurrent_scale": 3.0 },
        "train": { "batch": 16, "bptt": 32, "optimizer": { "kind": "sgd", "lr": 10.0 }, "clip": { "kind": "none" }, "seed": 1, "valid_fraction": 0.05 },
        "corpus": { "kind": "agreement", "sentences": 2000, "max_attractors": 4, "relative_share": 0.5 }
    });
    let (config_path, out) = (dir.join("diverge.json"), dir.join("diverged.safetensors"));
    std::fs::write(&config_path, config.to_string()).unwrap();
    let args = ["train", "--config", config_path.to_str().unwrap(), "--steps", "300", "--valid-every", "5", "--out", out.to_str().unwrap()];
    let output = rnn(&args);
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("training diverged") && stderr.contains("worse than a uniform guess"), "{stderr}");
    assert!(stderr.contains("norm clipping") && stderr.contains("smaller learning rate") && stderr.contains("smaller recurrent scale"), "{stderr}");
    assert!(!out.exists(), "a diverged run saves no model");
    let json = rnn(&[&args[..], &["--json"]].concat());
    let stdout = String::from_utf8(json.stdout).unwrap();
    let last: Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(last["divergence"]["cause"], "above_uniform");
    assert!(last["divergence"]["step"].as_u64().unwrap() < 300);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn threads_never_change_a_sharded_run() {
    // the same run (4 shards) on 1, 2 and 3 threads: every loss and the model file, byte for byte
    type Run = (Vec<Vec<Option<Value>>>, Vec<u8>);
    let runs: Vec<Run> = [1, 2, 3]
        .iter()
        .map(|threads| {
            let path = std::env::temp_dir().join(format!("rnn-cli-test-{}-threads{threads}.safetensors", std::process::id()));
            let threads = threads.to_string();
            let args = ["train", "--config", "../../examples/determinism.json", "--shards", "4", "--threads", &threads, "--steps", "6"];
            let lines = json_lines(&[&args[..], &["--valid-every", "1", "--out", path.to_str().unwrap(), "--json"]].concat());
            // everything a line says of the run, leaving out its speed
            let fields = ["step", "loss", "grad_norm", "layer_grad_norms", "valid_bits_per_char"];
            let losses = lines.iter().filter(|l| l.get("step").is_some()).map(|l| fields.map(|f| l.get(f).cloned()).to_vec()).collect();
            let file = std::fs::read(&path).unwrap();
            std::fs::remove_file(path).unwrap();
            (losses, file)
        })
        .collect();
    assert!(runs[0].0.len() >= 6, "{:?}", runs[0].0);
    assert_eq!(runs[1], runs[0], "2 threads");
    assert_eq!(runs[2], runs[0], "3 threads");
    let refused = rnn(&["train", "--config", "../../examples/determinism.json", "--threads", "0", "--steps", "1"]);
    assert!(!refused.status.success());
}
