//! Writes www/src/wasm/core-types.ts, the TypeScript types of every value that crosses to the page
//! (ts-rs, from the Rust types) and the constants the page shares with the core, and fails while the
//! committed file differs. Regenerate with `UPDATE_PAGE_TYPES=1 cargo test -p rnn-wasm --lib types`.

use rnn_core::corpus::sentiment::{SentimentConfig, TAGS};
use rnn_core::corpus::{AgreementConfig, CorpusConfig, MemoryConfig};
use rnn_core::{budget, config, eval, folding, inspect, lessons, probe, tagging, train, CellKind};
use ts_rs::TS;

use crate::{Ceiling, DescribedDivergence, FlowReadout};

/// The file the .d.ts in www/pkg imports the types from (www/pkg need not exist yet).
fn file() -> std::path::PathBuf {
    let from_www = core_types_from_pkg!().strip_prefix("../").expect("the types live beside www/pkg");
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../www").join(format!("{from_www}.ts"))
}

/// One exported declaration, its doc comment above it as JSDoc.
fn declaration<T: TS>(cfg: &ts_rs::Config) -> String {
    let docs = T::docs().map(|docs| format!("{}\n", docs.trim_end())).unwrap_or_default();
    format!("{docs}export {}\n", T::decl(cfg))
}

/// Objects and arrays read-only and exact (`as const`); a number or string as its plain type.
fn constant(name: &str, doc: &str, value: serde_json::Value) -> String {
    let typed = match value {
        serde_json::Value::Number(_) => format!(": number = {value}"),
        serde_json::Value::String(_) => format!(": string = {value}"),
        _ => format!(" = {value} as const"),
    };
    format!("/** {doc} */\nexport const {name}{typed};\n")
}

fn generated() -> String {
    // serde-wasm-bindgen hands u64 to JavaScript as a number, which holds every count here exactly
    let cfg = ts_rs::Config::new().with_large_int("number");
    let declarations = [
        declaration::<config::Config>(&cfg),
        declaration::<config::ModelConfig>(&cfg),
        declaration::<CellKind>(&cfg),
        declaration::<config::Connections>(&cfg),
        declaration::<config::Task>(&cfg),
        declaration::<config::TrainConfig>(&cfg),
        declaration::<config::OptimizerConfig>(&cfg),
        declaration::<config::Clip>(&cfg),
        declaration::<CorpusConfig>(&cfg),
        declaration::<AgreementConfig>(&cfg),
        declaration::<MemoryConfig>(&cfg),
        declaration::<SentimentConfig>(&cfg),
        declaration::<budget::Plan>(&cfg),
        declaration::<budget::Estimate>(&cfg),
        declaration::<config::Fit>(&cfg),
        declaration::<folding::Folding>(&cfg),
        declaration::<train::StepReport>(&cfg),
        declaration::<train::Divergence>(&cfg),
        declaration::<train::DivergenceCause>(&cfg),
        declaration::<DescribedDivergence>(&cfg),
        declaration::<lessons::History>(&cfg),
        declaration::<probe::Probe>(&cfg),
        declaration::<probe::Probes>(&cfg),
        declaration::<probe::Alternative>(&cfg),
        declaration::<probe::NextChar>(&cfg),
        declaration::<probe::UnknownChar>(&cfg),
        declaration::<tagging::TagReadout>(&cfg),
        declaration::<inspect::Saliency>(&cfg),
        declaration::<inspect::Gates>(&cfg),
        declaration::<inspect::GateStrip>(&cfg),
        declaration::<FlowReadout>(&cfg),
        declaration::<inspect::GradientFlow>(&cfg),
        declaration::<inspect::Spectrum>(&cfg),
        declaration::<eval::AgreementAccuracy>(&cfg),
        declaration::<lessons::Check>(&cfg),
        declaration::<lessons::Outcome>(&cfg),
        declaration::<lessons::Measured>(&cfg),
        declaration::<Ceiling>(&cfg),
    ];
    let memory = MemoryConfig::default();
    let cells = [CellKind::Rnn, CellKind::Gru, CellKind::Lstm];
    let blocks: serde_json::Map<String, serde_json::Value> = cells.iter().map(|&cell| (cell.name().to_string(), serde_json::json!(inspect::block_names(cell)))).collect();
    let constants = [
        constant("LINK_VERSION", "The version of runs this build replays: a link's `v` (the link-version policy in docs/testing.md).", serde_json::json!(rnn_core::LINK_VERSION)),
        constant(
            "MEMORY_CORPUS",
            "The memory task as the core's default has it (the page's \"Long-range memory\" corpus).",
            serde_json::json!({ "kind": "memory", "distance": memory.distance, "sequences": memory.sequences }),
        ),
        constant(
            "SENTIMENT_CORPUS",
            "The sentiment tagging corpus as the core's default has it (the page's \"Sentiment tagging\" corpus).",
            serde_json::json!({ "kind": "sentiment", "sentences": SentimentConfig::default().sentences }),
        ),
        constant("SENTIMENT_TAGS", "The sentiment tags by id (rnn_core::corpus::sentiment::TAGS).", serde_json::json!(TAGS)),
        constant("SPECTRUM_BLOCKS", "The W_hh blocks of each cell, in the order `spectra()` lists them.", serde_json::Value::Object(blocks)),
        constant("LANGUAGE_MODEL_REASON", "Why only a tagging model may be bidirectional (rnn_core::config::LANGUAGE_MODEL_REASON).", serde_json::json!(config::LANGUAGE_MODEL_REASON)),
    ];
    format!(
        "// Generated by crates/rnn-wasm/src/types.rs from the Rust types (ts-rs); do not edit.\n\
         // Regenerate: UPDATE_PAGE_TYPES=1 cargo test -p rnn-wasm --lib types\n\n{}\n{}",
        declarations.join("\n"),
        constants.join("\n")
    )
}

#[test]
fn the_page_types_file_matches_the_core() {
    let text = generated();
    if std::env::var_os("UPDATE_PAGE_TYPES").is_some() {
        std::fs::write(file(), &text).unwrap();
    }
    let committed = std::fs::read_to_string(file()).unwrap_or_default();
    assert!(
        committed == text,
        "www/src/wasm/core-types.ts is not what the core's types say now; run `UPDATE_PAGE_TYPES=1 cargo test -p rnn-wasm --lib types`, then `npm run build` to see which page code must follow"
    );
}
