//! Truncated backpropagation through time over B parallel streams of a corpus.
//!
//! The training text is cut into B equal segments, one per stream; each step reads the next T
//! characters of every segment, carries the hidden state over from the previous window (detached),
//! and starts all streams again from their segment's beginning, with a zero state, when a segment
//! runs out. A run is a pure function of (config, corpus text): the same bits natively and in wasm.

use alloc::format;
use alloc::vec;
use alloc::vec::Vec;

use crate::budget::DEFAULT_MEMORY_BUDGET;
use crate::config::{Config, ModelConfig};
use crate::io::Saved;
use crate::model::{Model, State};
use crate::optim::{clip, global_norm, Optimizer};
use crate::vocab::Vocab;
use crate::{Error, Result, Rng};

/// The largest vocabulary a corpus gets; rarer characters share the "other" symbol. Only a text
/// with more distinct characters pays for the room: at the page's default a full 384-symbol head
/// makes a step a third costlier than 192 (604 against 453 MFLOP). Korean fits in jamo instead.
pub const MAX_VOCAB: usize = 384;
/// Validation reads at most this many held-out characters, so it stays cheap enough to run often.
pub const MAX_VALID_CHARS: usize = 8192;
const VALID_STREAMS: usize = 16;

#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct StepReport {
    /// Steps done, this one included.
    pub step: u64,
    /// Mean cross-entropy of this window, in nats, before the update.
    pub loss: f32,
    /// Global L2 norm of the gradient before clipping.
    pub grad_norm: f32,
    pub clipped: bool,
}

#[derive(Clone, Debug)]
pub struct Trainer {
    pub config: Config,
    pub vocab: Vocab,
    pub model: Model,
    optimizer: Optimizer,
    grad: Vec<f32>,       // laid out as model.params
    train_ids: Vec<u16>,  // the corpus minus its validation tail
    valid_ids: Vec<u16>,  // the tail, at most MAX_VALID_CHARS
    state: State,         // carried between windows, (B, H) per layer
    position: usize,      // where the next window starts within each stream's segment
    step: u64,
}

impl Trainer {
    /// A trainer for `config`, its corpus built from the config (text corpora carry their text).
    pub fn from_config(config: &Config) -> Result<Trainer> {
        config.validate()?;
        let text = config.corpus.build(config.train.seed)?;
        Trainer::new(config, &text)
    }

    /// A trainer for `config` on `text`, with the vocabulary built from `text`, within the default
    /// memory budget.
    pub fn new(config: &Config, text: &str) -> Result<Trainer> {
        Trainer::with_memory_budget(config, text, DEFAULT_MEMORY_BUDGET)
    }

    /// [`Trainer::new`], refusing a config whose memory estimate is over `budget` bytes.
    pub fn with_memory_budget(config: &Config, text: &str, budget: u64) -> Result<Trainer> {
        config.validate()?;
        let vocab = Vocab::from_text(text, MAX_VOCAB)?;
        config.check_memory(vocab.len(), budget)?;
        let ids = vocab.encode(text);
        let valid_len = ((ids.len() as f32 * config.train.valid_fraction) as usize).max(2);
        let train_len = ids.len().saturating_sub(valid_len);
        let (batch, bptt) = (config.train.batch, config.train.bptt);
        let needed = batch * (bptt + 1);
        if train_len < needed {
            return Err(Error::Text(format!(
                "the text leaves {train_len} characters for training, but batch × (bptt + 1) = {needed} are needed: give more text or lower the batch or bptt"
            )));
        }
        let valid_ids = ids[train_len..][..valid_len.min(MAX_VALID_CHARS)].to_vec();
        let mut rng = Rng::new(config.train.seed);
        let model = Model::init(&config.model, vocab.len(), &mut rng.fork(1));
        Ok(Trainer {
            config: config.clone(),
            optimizer: Optimizer::new(config.train.optimizer, model.params.len()),
            grad: vec![0.0; model.params.len()],
            state: State::zeros(&model, batch),
            train_ids: ids[..train_len].to_vec(),
            valid_ids,
            vocab,
            model,
            position: 0,
            step: 0,
        })
    }

    pub fn step_count(&self) -> u64 {
        self.step
    }

    /// Characters one step reads: B·T.
    pub fn chars_per_step(&self) -> usize {
        self.config.train.batch * self.config.train.bptt
    }

    /// One step: forward and backward over the next window, clip, update.
    pub fn step(&mut self) -> StepReport {
        let (batch, bptt) = (self.config.train.batch, self.config.train.bptt);
        let segment = self.train_ids.len() / batch;
        if self.position + bptt + 1 > segment {
            self.position = 0;
            self.state = State::zeros(&self.model, batch);
        }
        let (inputs, targets) = window(&self.train_ids, segment, batch, self.position, bptt);
        let forward = self.model.forward(&inputs, &self.state);
        self.grad.fill(0.0);
        let loss = self.model.backward(&forward, &inputs, &targets, &mut self.grad);
        let grad_norm = global_norm(&self.grad);
        let clipped = clip(self.config.train.clip, grad_norm, &mut self.grad);
        self.optimizer.update(&mut self.model.params, &self.grad);
        self.model.sync();
        self.state = self.model.final_state(&forward);
        self.position += bptt;
        self.step += 1;
        StepReport { step: self.step, loss, grad_norm, clipped }
    }

    /// Bits per character on the held-out tail: VALID_STREAMS streams, BPTT-long windows, state carried.
    pub fn validate(&self) -> f32 {
        let streams = VALID_STREAMS.min(self.valid_ids.len() / 2).max(1);
        let segment = self.valid_ids.len() / streams;
        let bptt = self.config.train.bptt.min(segment - 1).max(1);
        let mut state = State::zeros(&self.model, streams);
        let (mut nats, mut count) = (0.0f64, 0usize);
        let mut position = 0;
        while position + bptt < segment {
            let (inputs, targets) = window(&self.valid_ids, segment, streams, position, bptt);
            let forward = self.model.forward(&inputs, &state);
            nats += self.model.loss(&forward, &targets) as f64 * targets.len() as f64;
            count += targets.len();
            state = self.model.final_state(&forward);
            position += bptt;
        }
        (nats / count.max(1) as f64 / core::f64::consts::LN_2) as f32
    }

    /// Takes the weights and step count of a saved model (`io::load`) in place of this trainer's own,
    /// so probes answer from them and training goes on from them. The model must have this trainer's
    /// shape and vocabulary (its recurrent init scale and training settings may differ). Model files
    /// hold no optimizer state, so the optimizer starts afresh and the streams restart with a zero
    /// state: training on from an import is not the saved run's own continuation, only its weights are.
    pub fn import(&mut self, saved: &Saved) -> Result<()> {
        let shape = |m: &ModelConfig| (m.cell, m.hidden, m.layers, m.embedding, m.residual);
        if shape(&saved.config.model) != shape(&self.config.model) {
            return Err(Error::ModelFile(format!(
                "it holds {}, and these settings make {}",
                describe(&saved.config.model),
                describe(&self.config.model)
            )));
        }
        if saved.vocab.chars() != self.vocab.chars() {
            return Err(Error::ModelFile(format!(
                "its vocabulary ({} symbols) is not this corpus's ({} symbols): it was trained on another text",
                saved.vocab.len(),
                self.vocab.len()
            )));
        }
        self.model = saved.model.clone();
        self.optimizer = Optimizer::new(self.config.train.optimizer, self.model.params.len());
        self.state = State::zeros(&self.model, self.config.train.batch);
        self.position = 0;
        self.step = saved.step;
        Ok(())
    }

    /// FNV-1a over every parameter's bits: equal fingerprints mean equal weights.
    pub fn fingerprint(&self) -> u64 {
        fingerprint(&self.model.params)
    }
}

/// "an LSTM of hidden size 64, 1 layer, embedding 32": a model's shape in words.
fn describe(model: &ModelConfig) -> alloc::string::String {
    let input = if model.embedding == 0 { "one-hot input".into() } else { format!("embedding {}", model.embedding) };
    let layers = if model.layers == 1 { "1 layer".into() } else { format!("{} layers", model.layers) };
    let residual = if model.residual && model.layers > 1 { ", residual" } else { "" };
    let cell = model.cell.name().to_uppercase();
    let article = if cell == "GRU" { "a" } else { "an" }; // an RNN, a GRU, an LSTM
    format!("{article} {cell} of hidden size {}, {layers}{residual}, {input}", model.hidden)
}

/// FNV-1a (64-bit) over the little-endian bytes of `values`.
pub fn fingerprint(values: &[f32]) -> u64 {
    values.iter().flat_map(|v| v.to_le_bytes()).fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| {
        (hash ^ byte as u64).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Inputs and next-character targets, (T·B) each, time-major, for `streams` segments of `ids`.
fn window(ids: &[u16], segment: usize, streams: usize, position: usize, bptt: usize) -> (Vec<u16>, Vec<u16>) {
    let mut inputs = Vec::with_capacity(bptt * streams);
    let mut targets = Vec::with_capacity(bptt * streams);
    for t in 0..bptt {
        for b in 0..streams {
            let at = b * segment + position + t;
            inputs.push(ids[at]);
            targets.push(ids[at + 1]);
        }
    }
    (inputs, targets)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io;

    fn small() -> Config {
        let mut config = crate::presets::agreement();
        config.model.hidden = 16;
        config.model.embedding = 8;
        config.train.batch = 4;
        config.train.bptt = 16;
        config
    }

    #[test]
    fn an_imported_model_answers_and_trains_on_from_the_saved_weights() {
        let config = small();
        let mut trained = Trainer::from_config(&config).unwrap();
        for _ in 0..5 {
            trained.step();
        }
        let file = io::save(&trained.config, &trained.vocab, &trained.model, trained.step_count());

        let mut fresh = Trainer::from_config(&config).unwrap();
        assert_ne!(fresh.fingerprint(), trained.fingerprint());
        fresh.import(&io::load(&file).unwrap()).unwrap();
        assert_eq!((fresh.fingerprint(), fresh.step_count()), (trained.fingerprint(), 5));
        assert_eq!(fresh.validate().to_bits(), trained.validate().to_bits());
        assert_eq!(fresh.step().step, 6);
        assert_ne!(fresh.fingerprint(), trained.fingerprint());
    }

    #[test]
    fn a_model_of_another_shape_or_text_is_refused_with_what_differs() {
        let config = small();
        let mut trainer = Trainer::from_config(&config).unwrap();
        let before = trainer.fingerprint();

        let mut wider = config.clone();
        wider.model.hidden = 24;
        let other = Trainer::from_config(&wider).unwrap();
        let file = io::save(&other.config, &other.vocab, &other.model, 0);
        let message = trainer.import(&io::load(&file).unwrap()).unwrap_err().to_string();
        assert_eq!(
            message,
            "model file: it holds an LSTM of hidden size 24, 1 layer, embedding 8, and these settings make an LSTM of hidden size 16, 1 layer, embedding 8"
        );

        let mut text = config.clone();
        text.corpus = crate::corpus::CorpusConfig::Text { text: Some("a b c d e f g ".repeat(200)), path: None, jamo: false };
        let other = Trainer::from_config(&text).unwrap();
        let file = io::save(&other.config, &other.vocab, &other.model, 0);
        let message = trainer.import(&io::load(&file).unwrap()).unwrap_err().to_string();
        assert!(message.contains("it was trained on another text"), "{message}");
        assert_eq!(trainer.fingerprint(), before, "a refused import leaves the weights alone");
    }
}
