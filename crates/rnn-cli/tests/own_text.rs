//! A text wider than the vocabulary is told about before training, and Korean can train on jamo.

use std::process::Command;

use serde_json::Value;

/// Korean-like text: 3,000 syllables drawn from 400 (a few common, a long tail) in words of 2-4.
fn korean_text() -> String {
    let mut state = 2810u64;
    let mut draw = move || {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as f64) / (1u64 << 31) as f64
    };
    let mut text = String::new();
    for i in 0..3_000 {
        let u = draw();
        text.push(char::from_u32(0xAC00 + 7 * (u * u * 400.0) as u32).unwrap());
        if i % 3 == 2 {
            text.push(if i % 30 == 29 { '\n' } else { ' ' });
        }
    }
    text
}

fn train(jamo: bool) -> Vec<Value> {
    let dir = std::env::temp_dir().join(format!("rnn-own-text-{}-{jamo}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), korean_text()).unwrap();
    let config = format!(
        r#"{{"model": {{"cell": "gru", "hidden": 16, "embedding": 8}}, "train": {{"batch": 4, "bptt": 16, "optimizer": {{"kind": "adam", "lr": 0.01}}}},
            "corpus": {{"kind": "text", "path": "notes.txt", "jamo": {jamo}}}}}"#
    );
    std::fs::write(dir.join("config.json"), config).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_rnn"))
        .args(["train", "--config", dir.join("config.json").to_str().unwrap(), "--steps", "2", "--json"])
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn folded_characters_are_counted_before_training_and_jamo_need_none() {
    // before: nothing was said, and every syllable past the vocabulary trained as "other"
    let lines = train(false);
    let folding = &lines[0]["folding"];
    println!("syllables: {folding}");
    assert_eq!(folding["chars"], 4_000);
    assert!(folding["distinct"].as_u64().unwrap() > 250, "{folding}");
    assert!(folding["folded_chars"].as_u64().unwrap() > 0 && folding["folded_share"].as_f64().unwrap() > 0.0, "{folding}");
    assert_eq!(lines.last().unwrap()["done"], true);

    let lines = train(true);
    assert!(lines.iter().all(|l| l.get("folding").is_none()), "in jamo nothing folds: {:?}", lines[0]);
    assert_eq!(lines.last().unwrap()["done"], true);
}
