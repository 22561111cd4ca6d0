//! Model files: safetensors with PyTorch's parameter names and shapes, so
//! `model.load_state_dict(safetensors.torch.load_file(path))` takes them as they are; the config,
//! the vocabulary and the step count ride in the header's metadata.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use safetensors::tensor::TensorView;
use safetensors::{Dtype, SafeTensors};

use crate::config::Config;
use crate::model::Model;
use crate::vocab::Vocab;
use crate::{Error, Result};

pub const FORMAT: &str = "rnn-playground";
pub const FORMAT_VERSION: &str = "1";
/// Larger files are refused before parsing: the largest valid model is about 140 MB.
pub const MAX_MODEL_BYTES: usize = 256 << 20;

/// Larger weights are refused on load: with every weight within ±1e6 no product overflows f32
/// (at most 512 · 1e6 · 1e6 before a gate), so every readout stays finite.
pub const MAX_WEIGHT: f32 = 1e6;

/// A model file's contents.
#[derive(Clone, Debug)]
pub struct Saved {
    pub config: Config,
    pub vocab: Vocab,
    pub model: Model,
    /// Training steps the weights had when saved.
    pub step: u64,
}

/// The safetensors bytes of a model.
pub fn save(config: &Config, vocab: &Vocab, model: &Model, step: u64) -> Vec<u8> {
    let bytes: Vec<Vec<u8>> = model
        .layout
        .tensors
        .iter()
        .map(|t| model.params[t.range.clone()].iter().flat_map(|v| v.to_le_bytes()).collect())
        .collect();
    let views = model.layout.tensors.iter().zip(&bytes).map(|(t, data)| {
        let view = TensorView::new(Dtype::F32, t.shape.clone(), data).expect("shape matches data by construction");
        (t.name.clone(), view)
    });
    let vocab_json = serde_json::to_string(&vocab.chars().iter().map(|c| c.to_string()).collect::<Vec<_>>()).expect("strings serialise");
    let config_json = serde_json::to_string(config).expect("config serialises");
    let metadata = [
        ("format".to_string(), FORMAT.to_string()),
        ("version".to_string(), FORMAT_VERSION.to_string()),
        ("config".to_string(), config_json),
        ("vocab".to_string(), vocab_json),
        ("step".to_string(), step.to_string()),
    ];
    let bytes = safetensors::serialize(views, Some(metadata.into_iter().collect())).expect("a model's tensors serialise");
    with_sorted_header(bytes)
}

/// The same file with its JSON header's keys in sorted order. safetensors writes the metadata from a
/// HashMap, whose order changes from one process to the next, so without this the same run saved
/// twice gave different bytes. Same keys and values, so the same length: the tensors don't move.
fn with_sorted_header(mut bytes: Vec<u8>) -> Vec<u8> {
    let n = u64::from_le_bytes(bytes[..8].try_into().expect("eight length bytes")) as usize;
    let header: serde_json::Value = serde_json::from_slice(&bytes[8..8 + n]).expect("safetensors wrote valid JSON");
    // serde_json's objects are BTreeMaps (the preserve_order feature is off): serialising sorts them
    let sorted = serde_json::to_vec(&header).expect("a JSON value serialises");
    assert!(sorted.len() <= n, "the sorted header is as long as the original");
    bytes[8..8 + sorted.len()].copy_from_slice(&sorted);
    bytes[8 + sorted.len()..8 + n].fill(b' '); // safetensors pads the header with spaces
    bytes
}

/// Reads a model file, checking everything: a bad file gives a message, never a panic.
pub fn load(bytes: &[u8]) -> Result<Saved> {
    let bad = |message: String| Error::ModelFile(message);
    if bytes.len() > MAX_MODEL_BYTES {
        return Err(bad(format!("{} bytes is larger than any model this playground makes ({} bytes at most)", bytes.len(), MAX_MODEL_BYTES)));
    }
    let file = SafeTensors::deserialize(bytes).map_err(|e| bad(format!("not a readable safetensors file (truncated or corrupt?): {e}")))?;
    let (_, header) = SafeTensors::read_metadata(bytes).map_err(|e| bad(format!("{e}")))?;
    let meta = header.metadata().as_ref().ok_or_else(|| bad("no metadata: this safetensors file was not saved by the playground".into()))?;
    let field = |key: &str| meta.get(key).ok_or_else(|| bad(format!("metadata lacks `{key}`: this file was not saved by the playground")));
    if field("format")? != FORMAT {
        return Err(bad(format!("format is `{}`, expected `{FORMAT}`", field("format")?)));
    }
    if field("version")? != FORMAT_VERSION {
        return Err(bad(format!("file format version {} is not readable by this build, which reads version {FORMAT_VERSION}", field("version")?)));
    }
    let config = Config::from_json(field("config")?).map_err(|e| bad(format!("its config is invalid: {e}")))?;
    let chars: Vec<String> = serde_json::from_str(field("vocab")?).map_err(|e| bad(format!("its vocabulary is unreadable: {e}")))?;
    let chars = chars
        .iter()
        .map(|s| {
            let mut it = s.chars();
            match (it.next(), it.next()) {
                (Some(c), None) => Ok(c),
                _ => Err(bad(format!("vocabulary entry {s:?} is not one character"))),
            }
        })
        .collect::<Result<Vec<char>>>()?;
    let vocab = Vocab::from_chars(&chars).map_err(|e| bad(format!("its vocabulary is invalid: {e}")))?;
    let step = field("step")?.parse::<u64>().map_err(|_| bad("its step count is not a whole number".into()))?;

    let layout = crate::params::Layout::new(&config.model, vocab.len());
    let mut params = alloc::vec![0.0f32; layout.total];
    for tensor in &layout.tensors {
        let view = file.tensor(&tensor.name).map_err(|_| bad(format!("tensor `{}` is missing", tensor.name)))?;
        if view.dtype() != Dtype::F32 || view.shape() != tensor.shape.as_slice() {
            return Err(bad(format!(
                "tensor `{}` is {:?} {:?}, expected F32 {:?}",
                tensor.name, view.dtype(), view.shape(), tensor.shape
            )));
        }
        for (p, chunk) in params[tensor.range.clone()].iter_mut().zip(view.data().chunks_exact(4)) {
            *p = f32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        }
        // a NaN or infinite weight makes every readout NaN, which would print as an answer; so can
        // a huge finite one, by overflowing a product
        if let Some(at) = params[tensor.range.clone()].iter().position(|v| v.is_nan() || v.abs() > MAX_WEIGHT) {
            let value = params[tensor.range.start + at];
            let problem = if value.is_finite() { format!("beyond ±{MAX_WEIGHT:e}, which trained weights stay within") } else { "not finite".into() };
            return Err(bad(format!(
                "tensor `{}` holds {value} at index {at}: the weights are {problem} (a diverged run or a corrupt file), so nothing it says would mean anything",
                tensor.name
            )));
        }
    }
    if let Some(extra) = file.names().into_iter().find(|n| layout.tensor(n).is_none()) {
        return Err(bad(format!("tensor `{extra}` does not belong to a {} model of this shape", config.model.cell.name())));
    }
    let model = Model::from_params(config.model.clone(), vocab.len(), params);
    Ok(Saved { config, vocab, model, step })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn saved() -> (Config, Vec<u8>) {
        let mut config = crate::presets::agreement();
        config.model.hidden = 8;
        config.model.embedding = 4;
        let text = config.corpus.build(1).unwrap();
        let trainer = crate::Trainer::new(&config, &text).unwrap();
        (config.clone(), save(&config, &trainer.vocab, &trainer.model, 3))
    }

    /// A file like `saved()` but with one metadata entry replaced.
    fn with_metadata(key: &str, value: &str) -> Vec<u8> {
        let (_, bytes) = saved();
        let file = SafeTensors::deserialize(&bytes).unwrap();
        let (_, header) = SafeTensors::read_metadata(&bytes).unwrap();
        let metadata = header.metadata().as_ref().unwrap().iter().map(|(k, v)| {
            (k.clone(), if k == key { value.to_string() } else { v.clone() })
        });
        safetensors::serialize(file.tensors(), Some(metadata.collect())).unwrap()
    }

    fn message(bytes: &[u8]) -> String {
        load(bytes).unwrap_err().to_string()
    }

    #[test]
    fn the_same_model_saves_to_the_same_bytes() {
        // HashMap order differs between maps even within one process, so five saves would differ
        let mut config = crate::presets::agreement();
        config.model.hidden = 8;
        let trainer = crate::Trainer::new(&config, &config.corpus.build(1).unwrap()).unwrap();
        let first = save(&config, &trainer.vocab, &trainer.model, 7);
        for _ in 0..5 {
            assert!(save(&config, &trainer.vocab, &trainer.model, 7) == first, "a save's bytes differ");
        }
        assert_eq!(load(&first).unwrap().step, 7);
    }

    #[test]
    fn a_saved_model_loads_back_bit_for_bit() {
        let (config, bytes) = saved();
        let loaded = load(&bytes).unwrap();
        assert_eq!(loaded.config, config);
        assert_eq!(loaded.step, 3);
        let original = crate::train::fingerprint(&load(&bytes).unwrap().model.params);
        let again = load(&save(&loaded.config, &loaded.vocab, &loaded.model, loaded.step)).unwrap();
        assert_eq!(crate::train::fingerprint(&again.model.params), original);
        assert_eq!(again.vocab, loaded.vocab);
    }

    #[test]
    fn bad_files_get_a_message_not_a_panic() {
        let (_, bytes) = saved();
        assert!(message(&bytes[..bytes.len() - 10]).starts_with("model file: not a readable safetensors file (truncated or corrupt?)"));
        assert!(message(&bytes[..5]).starts_with("model file: not a readable safetensors file"));
        assert!(message(b"hello, this is not a model at all").starts_with("model file: not a readable safetensors file"));
        assert_eq!(message(&vec![0u8; MAX_MODEL_BYTES + 1]), "model file: 268435457 bytes is larger than any model this playground makes (268435456 bytes at most)");
        assert_eq!(message(&with_metadata("version", "2")), "model file: file format version 2 is not readable by this build, which reads version 1");
        assert_eq!(message(&with_metadata("format", "other")), "model file: format is `other`, expected `rnn-playground`");
        assert!(message(&with_metadata("config", "{}")).starts_with("model file: its config is invalid: config field `(json)`: missing field `model`"));
        assert_eq!(message(&with_metadata("step", "many")), "model file: its step count is not a whole number");
        assert_eq!(message(&with_metadata("vocab", "[\"ab\"]")), "model file: vocabulary entry \"ab\" is not one character");
        // a config that does not fit the tensors: hidden 16 for weights of hidden 8
        let (config, _) = saved();
        let mut wider = config.clone();
        wider.model.hidden = 16;
        let wrong_shape = with_metadata("config", &serde_json::to_string(&wider).unwrap());
        assert_eq!(message(&wrong_shape), "model file: tensor `rnn.weight_ih_l0` is F32 [32, 4], expected F32 [64, 4]");
    }

    #[test]
    fn weights_that_are_not_finite_are_refused_naming_the_tensor() {
        let (config, _) = saved();
        let trainer = crate::Trainer::from_config(&config).unwrap();
        // found by tests/fuzz.rs: a weight of f32::MAX loaded, and the probe's probabilities were NaN
        let huge = format!("{} at index 5: the weights are beyond ±1e6, which trained weights stay within", f32::MAX);
        for (value, shown) in [(f32::NAN, "NaN at index 5: the weights are not finite"), (f32::INFINITY, "inf at index 5: the weights are not finite"), (f32::NEG_INFINITY, "-inf at index 5: the weights are not finite"), (f32::MAX, huge.as_str())] {
            let mut model = trainer.model.clone();
            let head = model.layout.tensor("head.weight").unwrap().range.clone();
            model.params[head.start + 5] = value;
            let bytes = save(&config, &trainer.vocab, &model, 3);
            assert_eq!(
                message(&bytes),
                format!("model file: tensor `head.weight` holds {shown} (a diverged run or a corrupt file), so nothing it says would mean anything")
            );
        }
    }
}
