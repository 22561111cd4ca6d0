//! The page's view of what the core returns, kept in step with the Rust types: this test writes the
//! shape of every value the bindings hand the page (field names and nesting, values blanked) and the
//! constants the page shares with the core into www/src/wasm/core-types.json, and fails when the committed
//! file differs. www/src/wasm/core-types.ts then checks at compile time that the TypeScript interfaces have
//! exactly those fields, so a renamed Rust field fails here, and once regenerated, `npm run build`.
//!
//! Regenerate with `UPDATE_PAGE_TYPES=1 cargo test -p rnn-core --test page_types`.

use rnn_core::corpus::sentiment::{SentimentConfig, TAGS};
use rnn_core::corpus::MemoryConfig;
use rnn_core::lessons::{Check, History};
use rnn_core::{eval, inspect, probe, CellKind, Config, Divergence, DivergenceCause, Trainer};
use serde::Serialize;
use serde_json::{json, Value};

const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../www/src/wasm/core-types.json");

/// Field names and nesting only: numbers 0, strings "", booleans false, an array its first element.
fn shape(value: Value) -> Value {
    match value {
        Value::Number(_) => json!(0),
        Value::String(_) => json!(""),
        Value::Bool(_) => json!(false),
        Value::Null => Value::Null,
        Value::Array(items) => Value::Array(items.into_iter().take(1).map(shape).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, shape(v))).collect()),
    }
}

fn shape_of(value: &impl Serialize) -> Value {
    shape(serde_json::to_value(value).unwrap())
}

fn generated() -> Value {
    let config = Config::from_json(
        r#"{"model":{"cell":"lstm","hidden":8,"embedding":4},
            "train":{"batch":2,"bptt":8,"optimizer":{"kind":"adam","lr":0.01},"clip":{"kind":"norm","threshold":5},"seed":1},
            "corpus":{"kind":"agreement","sentences":200}}"#,
    )
    .unwrap();
    let mut trainer = Trainer::from_config(&config).unwrap();
    let report = trainer.step();
    let (model, vocab) = (&trainer.model, &trainer.vocab);
    let prompt = "The writer of the books";
    let history = History::UNTRAINED.after(&[report.clone()]);
    let check = Check::SpectralRadiusBelow { below: 1.0 };
    let memory = MemoryConfig::default();
    let cells = [CellKind::Rnn, CellKind::Gru, CellKind::Lstm];
    json!({
        "shapes": {
            "step_report": shape_of(&report),
            "divergence": shape_of(&Divergence { cause: DivergenceCause::NonFiniteLoss, step: 1, valid_bits_per_char: Some(5.0), uniform_bits_per_char: 5.0 }),
            // a character the model never saw, so the unknown characters' shape shows
            "probe": shape_of(&probe::probe(model, vocab, "The writer \u{2603}", &["is", "are"], 10).unwrap()),
            "saliency": shape_of(&inspect::saliency(model, vocab, prompt, "is", "are").unwrap()),
            "gates": shape_of(&inspect::gates(model, vocab, prompt).unwrap()),
            "spectrum": shape_of(&inspect::spectra(model)[0]),
            "agreement": shape_of(&eval::agreement_accuracy(model, vocab, &eval::agreement_items(1, eval::EVAL_SEED))),
            "history": shape_of(&history),
            "outcome": shape_of(&check.evaluate(model, vocab, history).unwrap()),
            // a character past the vocabulary, so the folded characters' shape shows
            "folding": shape_of(&rnn_core::folding::Folding::of("The writer \u{2603}", vocab)),
            "tags": shape_of(&tagging_readout()),
        },
        "constants": {
            "link_version": rnn_core::LINK_VERSION,
            "memory_corpus": { "kind": "memory", "distance": memory.distance, "sequences": memory.sequences },
            "sentiment_corpus": { "kind": "sentiment", "sentences": SentimentConfig::default().sentences },
            "sentiment_tags": TAGS,
            "spectrum_blocks": cells.iter().map(|&cell| (cell.name().to_string(), json!(inspect::block_names(cell)))).collect::<serde_json::Map<_, _>>(),
        },
    })
}

/// What `Snapshot.tags` gives for a sentence, from an untrained tagging model.
fn tagging_readout() -> rnn_core::tagging::TagReadout {
    let config = Config::from_json(
        r#"{"model":{"cell":"gru","hidden":4,"embedding":4,"bidirectional":true,"task":"tagging"},
            "train":{"batch":2,"bptt":96,"optimizer":{"kind":"adam","lr":0.01},"clip":{"kind":"norm","threshold":5},"seed":1},
            "corpus":{"kind":"sentiment","sentences":100}}"#,
    )
    .unwrap();
    let trainer = Trainer::from_config(&config).unwrap();
    rnn_core::tagging::read(&trainer.model, &trainer.vocab, "the plot was terribly good.").unwrap()
}

#[test]
fn the_page_types_file_matches_the_core() {
    let text = serde_json::to_string_pretty(&generated()).unwrap() + "\n";
    if std::env::var_os("UPDATE_PAGE_TYPES").is_some() {
        std::fs::write(FILE, &text).unwrap();
    }
    let committed = std::fs::read_to_string(FILE).unwrap_or_default();
    assert!(
        committed == text,
        "www/src/wasm/core-types.json is not what the core returns now; run `UPDATE_PAGE_TYPES=1 cargo test -p rnn-core --test page_types`, then `npm run build` to see which TypeScript types must follow"
    );
}
