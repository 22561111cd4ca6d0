//! Golden runs: the bits a link replays. For a few configs (each cell, one-hot and embedding, the
//! page's default preset, a text wider than the vocabulary) the loss of every step, the validation
//! bits/char, the weights' hash and the model file's hash after a fixed number of steps, plus
//! reference vectors for the random generator and FNV-1a. `goldens.json` holds the committed values;
//! nothing here writes it. Shared by `tests/golden.rs` (native) and `rnn-wasm/tests/node.rs` (wasm).
//!
//! A change that alters any of them alters what old links replay: bump `rnn_core::LINK_VERSION`
//! (and the page's `v`), then paste what `cargo test -p rnn-core --test golden -- --ignored
//! --nocapture` prints into `goldens.json`.
//!
//! The generator's `next_u32` and `uniform` draws and every FNV-1a value were also computed by this
//! independent Python, and agree:
//! ```python
//! M = 2**64 - 1
//! def pcg32(seed):  # rnn_core::Rng::new(seed), then next_u32() forever
//!     inc = ((((seed << 17) | (seed >> 47)) & M) ^ 0xda3e39cb94b95bdb) << 1 & M | 1
//!     state = 0
//!     def step():
//!         nonlocal state
//!         old = state; state = (old * 6364136223846793005 + inc) & M
//!         x = (((old >> 18) ^ old) >> 27) & 0xffffffff; r = old >> 59
//!         return ((x >> r) | (x << ((32 - r) & 31))) & 0xffffffff
//!     step(); state = (state + seed) & M; step()
//!     while True: yield step()
//! def fnv1a(data):
//!     h = 0xcbf29ce484222325
//!     for b in data: h = ((h ^ b) * 0x100000001b3) & M
//!     return h
//! ```

use rnn_core::presets;
use rnn_core::{Config, Rng, Trainer};
use serde_json::{json, Value};

pub const GOLDENS: &str = include_str!("goldens.json");

/// How many entries each list of `goldens.json` holds: a run deleted from the file (or a list cut
/// short) would otherwise just stop being checked. Adding a golden run means raising its count here.
pub const COUNTS: [(&str, usize); 4] = [("rng", 3), ("fingerprint", 3), ("fnv1a", 5), ("runs", 8)];

/// FNV-1a (64-bit) of `bytes`, as the page fingerprints texts and the README names it.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |hash, &byte| (hash ^ byte as u64).wrapping_mul(0x0000_0100_0000_01b3))
}

fn hex32(bits: u32) -> Value {
    json!(format!("{bits:08x}"))
}

fn hex64(bits: u64) -> Value {
    json!(format!("{bits:016x}"))
}

/// A text of `distinct` Hangul syllables with skewed frequencies (one in `distinct` draws is rare),
/// `length` chars with spaces: wider than a 192-symbol vocabulary when `distinct` is above 191.
fn wide_text(distinct: usize, length: usize) -> String {
    let mut rng = Rng::new(2810);
    (0..length)
        .map(|i| match i % 7 {
            6 => ' ',
            _ => {
                // the square of a uniform draw favours low indices: a few common syllables, a long tail
                let u = rng.uniform();
                char::from_u32(0xAC00 + ((u * u) * distinct as f32) as u32).expect("a Hangul syllable")
            }
        })
        .collect()
}

/// The config a golden run names: a preset, a config, or a config whose text corpus is `wide_text`.
fn config_of(run: &Value) -> Config {
    if let Some(name) = run["preset"].as_str() {
        return presets::preset(name).expect("a preset name");
    }
    let mut config = run["config"].clone();
    if let Some(distinct) = run["wide_text"].as_u64() {
        config["corpus"]["text"] = json!(wide_text(distinct as usize, 6_000));
    }
    serde_json::from_value(config).expect("a golden config parses")
}

/// What a run gives now: the golden entry as it would be written.
fn actual_run(run: &Value) -> Value {
    let config = config_of(run);
    let steps = run["steps"].as_u64().expect("steps");
    let mut trainer = Trainer::from_config(&config).expect("a golden config trains");
    let losses: Vec<Value> = (0..steps).map(|_| hex32(trainer.step().loss.to_bits())).collect();
    let file = rnn_core::io::save(&trainer.config, &trainer.vocab, &trainer.model, trainer.step_count());
    let mut out = run.clone();
    out["vocab"] = json!(trainer.vocab.len());
    out["losses"] = json!(losses);
    out["valid_bits_per_char"] = hex32(trainer.validate().to_bits());
    out["weights"] = hex64(trainer.fingerprint());
    out["model_file"] = hex64(fnv1a(&file));
    out
}

/// The random generator's first draws for a seed, as bit patterns.
fn actual_rng(seed: u64) -> Value {
    let mut rng = Rng::new(seed);
    let next_u32: Vec<Value> = (0..4).map(|_| hex32(rng.next_u32())).collect();
    let uniform: Vec<Value> = (0..2).map(|_| hex32(rng.uniform().to_bits())).collect();
    let normal: Vec<Value> = (0..2).map(|_| hex32(rng.normal().to_bits())).collect();
    let below_10: Vec<usize> = (0..4).map(|_| rng.below(10)).collect();
    let fork_7 = hex32(rng.fork(7).next_u32());
    json!({ "seed": seed, "next_u32": next_u32, "uniform": uniform, "normal": normal, "below_10": below_10, "fork_7_next_u32": fork_7 })
}

/// The weights' fingerprint (FNV-1a over little-endian f32 bytes) of `f32_bits`.
fn actual_fingerprint(case: &Value) -> Value {
    let values: Vec<f32> = case["f32_bits"]
        .as_array()
        .expect("f32_bits")
        .iter()
        .map(|h| f32::from_bits(u32::from_str_radix(h.as_str().expect("hex"), 16).expect("hex")))
        .collect();
    let mut out = case.clone();
    out["fingerprint"] = hex64(rnn_core::train::fingerprint(&values));
    out
}

fn actual_bytes_hash(case: &Value) -> Value {
    let mut out = case.clone();
    out["fnv1a"] = hex64(fnv1a(case["utf8"].as_str().expect("utf8").as_bytes()));
    out
}

/// The whole golden file as this build computes it (the inputs are read from the committed one).
pub fn actual() -> Value {
    let golden: Value = serde_json::from_str(GOLDENS).expect("goldens.json parses");
    let list = |key: &str| golden[key].as_array().unwrap_or_else(|| panic!("goldens.json lacks `{key}`")).clone();
    json!({
        "link_version": rnn_core::LINK_VERSION,
        "rng": list("rng").iter().map(|r| actual_rng(r["seed"].as_u64().expect("seed"))).collect::<Vec<_>>(),
        "fingerprint": list("fingerprint").iter().map(actual_fingerprint).collect::<Vec<_>>(),
        "fnv1a": list("fnv1a").iter().map(actual_bytes_hash).collect::<Vec<_>>(),
        "runs": list("runs").iter().map(actual_run).collect::<Vec<_>>(),
    })
}

/// `actual()` as the committed file is laid out: one entry a line, so a bump reads as a small diff.
#[allow(dead_code)] // printed by the native golden test only; the wasm test shares this module
pub fn actual_text() -> String {
    let actual = actual();
    let mut out = format!("{{\n \"link_version\": {}", actual["link_version"]);
    for key in ["rng", "fingerprint", "fnv1a", "runs"] {
        let entries: Vec<String> = actual[key].as_array().expect("a list").iter().map(|e| format!("  {e}")).collect();
        out += &format!(",\n \"{key}\": [\n{}\n ]", entries.join(",\n"));
    }
    out + "\n}"
}

/// Every entry that differs from the committed goldens, each with what this build gives.
pub fn mismatches() -> Vec<String> {
    let golden: Value = serde_json::from_str(GOLDENS).expect("goldens.json parses");
    let actual = actual();
    let mut found = Vec::new();
    for (key, count) in COUNTS {
        let committed = golden[key].as_array().map_or(0, Vec::len);
        if committed != count {
            found.push(format!("{key}: goldens.json holds {committed} entries, {count} are pinned (goldens/mod.rs COUNTS)"));
        }
    }
    if golden["link_version"] != actual["link_version"] {
        found.push(format!("link_version: goldens.json has {}, rnn_core::LINK_VERSION is {}", golden["link_version"], actual["link_version"]));
    }
    for key in ["rng", "fingerprint", "fnv1a", "runs"] {
        for (want, got) in golden[key].as_array().into_iter().flatten().zip(actual[key].as_array().into_iter().flatten()) {
            if want != got {
                found.push(format!("{key}: expected\n  {want}\nthis build gives\n  {got}"));
            }
        }
    }
    found
}
