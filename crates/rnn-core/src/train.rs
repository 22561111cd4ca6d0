//! Truncated backpropagation through time over B parallel streams of a corpus.
//!
//! The training text is cut into B equal segments, one per stream; each step reads the next T
//! characters of every segment, carries the hidden state over from the previous window (detached),
//! and starts all streams again from their segment's beginning, with a zero state, when a segment
//! runs out. A run is a pure function of (config, corpus text): the same bits natively and in wasm.

use alloc::format;
use alloc::vec;
use alloc::vec::Vec;

use crate::config::{Config, Fit, ModelConfig, Task, DEFAULT_MEMORY_BUDGET, VALID_STREAMS};
use crate::io::Saved;
use crate::model::{Model, State};
use crate::optim::{clip, global_norm, Optimizer};
use crate::shard::{self, ShardJob, ShardResult};
use crate::tagging::{self, Sentences};
use crate::vocab::Vocab;
use crate::{Error, Result, Rng};

pub use crate::config::MAX_VOCAB; // at its old path too: the bindings and the tests name it here
/// Validation reads at most this many held-out characters, so it stays cheap enough to run often.
pub const MAX_VALID_CHARS: usize = 8192;
/// Validations in a row above the uniform guess that count as divergence: one can be a bad patch.
pub const VALIDATIONS_ABOVE_UNIFORM: u32 = 3;

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StepReport {
    /// Steps done, this one included (a refused update is not done: the count stays).
    pub step: u64,
    /// Mean cross-entropy of this window, in nats, before the update (per tagged character when tagging).
    pub loss: f32,
    /// Global L2 norm of the gradient before clipping.
    pub grad_norm: f32,
    /// Per layer, bottom first, the L2 norm of its recurrent weights' gradient (both directions)
    /// before clipping: where in a deep stack the gradient vanishes or explodes.
    pub layer_grad_norms: Vec<f32>,
    pub clipped: bool,
    /// Set when this step's update was refused (see [`Trainer::step`]).
    pub divergence: Option<Divergence>,
}

/// Why a run counts as diverged.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum DivergenceCause {
    /// The window's loss overflowed to infinity or NaN.
    NonFiniteLoss,
    /// The gradient (or its norm) overflowed.
    NonFiniteGradient,
    /// The update would have made a weight infinite, NaN or larger than [`crate::io::MAX_WEIGHT`] (which
    /// no trained model reaches, and model files may not hold): the same overflow, caught one step earlier.
    NonFiniteWeights,
    /// Validation bits/char above log2(vocabulary size), the uniform guess, [`VALIDATIONS_ABOVE_UNIFORM`] times in a row.
    AboveUniform,
}

#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Divergence {
    pub cause: DivergenceCause,
    /// The step whose update was refused (one past the steps done), or the steps done at the last validation.
    pub step: u64,
    /// The last validation bits/char, for `AboveUniform`.
    pub valid_bits_per_char: Option<f32>,
    /// log2(vocabulary size): bits/char of a uniform guess.
    pub uniform_bits_per_char: f32,
}

impl core::fmt::Display for Divergence {
    /// What happened and the usual fixes, in the words the page and `rnn train` show.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let kept = "the update was not applied and the last good weights are kept";
        match self.cause {
            DivergenceCause::NonFiniteLoss => write!(f, "training diverged at step {}: the loss overflowed (not a finite number); {kept}", self.step)?,
            DivergenceCause::NonFiniteGradient => write!(f, "training diverged at step {}: the gradient exploded past what a float holds; {kept}", self.step)?,
            DivergenceCause::NonFiniteWeights => write!(f, "training diverged at step {}: the update would have thrown weights past ±{:e}; {kept}", self.step, crate::io::MAX_WEIGHT)?,
            DivergenceCause::AboveUniform => write!(
                f,
                "training diverged by step {}: validation {:.2} bits/char is worse than a uniform guess ({:.2}) {VALIDATIONS_ABOVE_UNIFORM} times in a row, so the model's answers mean nothing",
                self.step,
                self.valid_bits_per_char.unwrap_or(f32::NAN),
                self.uniform_bits_per_char
            )?,
        }
        write!(f, ". Usual fixes: norm clipping (e.g. threshold 5), a smaller learning rate, a smaller recurrent scale")
    }
}

#[derive(Clone, Debug)]
pub struct Trainer {
    /// The config it trains: the one given, with the batch, BPTT and shards its text allows.
    pub config: Config,
    /// How the text was cut, and why the sizes differ from the config's when they do.
    fit: Fit,
    pub vocab: Vocab,
    pub model: Model,
    optimizer: Optimizer,
    /// Positions the begun step's mean is over (B·T, or its tagged positions), until it is finished.
    begun: Option<usize>,
    train_ids: Vec<u16>,  // the corpus minus its validation tail
    valid_ids: Vec<u16>,  // the tail, at most MAX_VALID_CHARS
    state: State,         // carried between windows, (B, H) per layer
    position: usize,      // where the next window starts within each stream's segment
    step: u64,
    good_params: Vec<f32>,     // the weights before the last update, restored if it overflows
    good_optimizer: Optimizer, // likewise the optimizer's state
    above_uniform: u32,        // validations in a row above log2(V)
    divergence: Option<Divergence>,
    /// A tagging run's sentences, which it trains on instead of the next-character windows.
    tagging: Option<Sentences>,
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

    /// [`Trainer::new`], refusing a config whose memory estimate is over `budget` bytes. A text too
    /// short for the config's batch and BPTT trains with the sizes it allows ([`Trainer::fit`]).
    pub fn with_memory_budget(config: &Config, text: &str, budget: u64) -> Result<Trainer> {
        config.validate()?;
        let vocab = Vocab::from_text(text, MAX_VOCAB)?;
        let ids = vocab.encode(text);
        let (config, fit) = config.fitted(ids.len())?;
        config.check_memory(vocab.len(), budget)?;
        let (valid_len, train_len) = (fit.valid_chars, fit.train_chars);
        let (batch, bptt) = (config.train.batch, config.train.bptt);
        let valid_ids = ids[train_len..][..valid_len.min(MAX_VALID_CHARS)].to_vec();
        let mut rng = Rng::new(config.train.seed);
        let model = Model::init(&config.model, vocab.len(), &mut rng.fork(1));
        let optimizer = Optimizer::new(config.train.optimizer, model.params.len());
        let tagging = match config.model.task {
            Task::Tagging => Some(Sentences::new(&vocab, text, config.train.valid_fraction, batch, bptt)?),
            Task::NextChar => None,
        };
        Ok(Trainer {
            fit,
            config,
            good_params: model.params.clone(),
            good_optimizer: optimizer.clone(),
            optimizer,
            begun: None,
            state: State::zeros(&model, batch),
            train_ids: ids[..train_len].to_vec(),
            valid_ids,
            vocab,
            model,
            position: 0,
            step: 0,
            above_uniform: 0,
            divergence: None,
            tagging,
        })
    }

    /// How the text was cut: held-out tail, batch, BPTT and shards, and the sentence that says so
    /// when a short text changed them.
    pub fn fit(&self) -> &Fit {
        &self.fit
    }

    pub fn step_count(&self) -> u64 {
        self.step
    }

    /// Characters one step reads: B·T.
    pub fn chars_per_step(&self) -> usize {
        self.config.train.batch * self.config.train.bptt
    }

    /// Why the run counts as diverged, if it does: the last refused update (until one is applied) or
    /// a streak of validations above the uniform guess (until one is below it).
    pub fn divergence(&self) -> Option<Divergence> {
        self.divergence
    }

    /// Bits/char of a uniform guess over the vocabulary: log2(V).
    pub fn uniform_bits_per_char(&self) -> f32 {
        libm::log2f(self.vocab.len() as f32)
    }

    /// One step: forward and backward over the next window, clip, update. An update is never applied
    /// when the loss or the gradient is not finite, or when it would make a weight so: the weights,
    /// optimizer state, hidden state and position stay as they were, the step count does not move,
    /// and the report (and [`Trainer::divergence`]) says why. The same window then diverges again, so
    /// a run stays stopped there until its settings change.
    ///
    /// The same as [`Trainer::begin_step`], [`shard::compute`] of every job here, in order, and
    /// [`Trainer::finish_step`]; threads or workers may compute the jobs instead, with the same bits.
    pub fn step(&mut self) -> StepReport {
        self.step_with(|model, jobs| jobs.iter().map(|job| shard::compute(model, job)).collect())
    }

    /// [`Trainer::step`] with the shards' work done by `compute` (which must return one result per
    /// job, in any order): e.g. on several threads.
    pub fn step_with(&mut self, compute: impl FnOnce(&Model, &[ShardJob]) -> Vec<ShardResult>) -> StepReport {
        let jobs = self.begin_step();
        let results = compute(&self.model, &jobs);
        self.finish_step(results).expect("the results of this trainer's own jobs fit them")
    }

    /// The next window, cut into the config's shards: one job each, to compute with [`shard::compute`]
    /// and hand back to [`Trainer::finish_step`]. (A tagging run moves on to its next sentences here.)
    pub fn begin_step(&mut self) -> Vec<ShardJob> {
        let (batch, bptt, shards) = (self.config.train.batch, self.config.train.bptt, self.config.train.shards);
        let (tokens, targets, state, count) = match self.tagging.as_mut() {
            Some(sentences) => {
                let (inputs, tags) = sentences.next_window(batch, bptt);
                let count = tagging::tagged(&tags).max(1);
                (inputs, tags, None, count)
            }
            None => {
                let segment = self.train_ids.len() / batch;
                if self.position + bptt + 1 > segment {
                    self.position = 0;
                    self.state = State::zeros(&self.model, batch);
                }
                let (inputs, targets) = window(&self.train_ids, segment, batch, self.position, bptt);
                let count = inputs.len();
                (inputs, targets, Some(&self.state), count)
            }
        };
        self.begun = Some(count);
        let hidden = self.config.model.hidden;
        (0..shards)
            .map(|index| {
                let span = shard::streams(batch, shards, index);
                ShardJob {
                    index,
                    batch: span.1 - span.0,
                    tokens: shard::rows(&tokens, batch, 1, span),
                    targets: shard::rows(&targets, batch, 1, span),
                    state: state.map(|state| shard::state_rows(state, hidden, span)),
                    scale: 1.0 / count as f32,
                }
            })
            .collect()
    }

    /// Sums the shards' gradients in shard order, clips and updates (see [`Trainer::step`]). Refuses
    /// results that are not one per shard of the jobs [`Trainer::begin_step`] made, or whose
    /// gradient or state has another shape, leaving the trainer as it was.
    pub fn finish_step(&mut self, mut results: Vec<ShardResult>) -> Result<StepReport> {
        let shards = self.config.train.shards;
        results.sort_by_key(|result| result.index);
        let batch = self.config.train.batch;
        let fits = |r: &ShardResult| {
            let span = shard::streams(batch, shards, r.index);
            let state_fits = match (&r.state, self.tagging.is_some()) {
                (None, true) => true,
                (Some(state), false) => state.batch == span.1 - span.0 && state.fits(&self.model),
                _ => false,
            };
            r.grad.len() == self.model.params.len() && state_fits
        };
        if results.len() != shards || results.iter().enumerate().any(|(i, r)| r.index != i || !fits(r)) {
            return Err(Error::Shard(format!("a step needs one result for each of its {shards} shards, of this model's shape")));
        }
        let count = self.begun.take().ok_or_else(|| Error::Shard("results came for a step that was not begun".into()))?;
        let nats = results.iter().fold(0.0f64, |sum, r| sum + r.nats);
        let mut parts = results.into_iter();
        let first = parts.next().expect("at least one shard");
        let mut grad = first.grad;
        let mut states = vec![first.state];
        for part in parts {
            grad.iter_mut().zip(&part.grad).for_each(|(g, p)| *g += p);
            states.push(part.state);
        }
        let loss = (nats / count as f64) as f32;
        let carried = match self.tagging {
            Some(_) => None,
            None => {
                let parts: Vec<&State> = states.iter().map(|s| s.as_ref().expect("checked above")).collect();
                Some(if parts.len() == 1 { parts[0].clone() } else { shard::join_states(&parts) })
            }
        };
        Ok(self.apply(grad, loss, carried))
    }

    /// Clips `grad` and applies it, unless the loss, the gradient or the weights it makes overflow.
    fn apply(&mut self, mut grad: Vec<f32>, loss: f32, carried: Option<State>) -> StepReport {
        let grad_norm = global_norm(&grad);
        let layer_grad_norms: Vec<f32> = self.model.layout.layer_ranges().map(|range| global_norm(&grad[range])).collect();
        let refuse = |trainer: &mut Trainer, cause, clipped, layer_grad_norms| {
            let uniform_bits_per_char = trainer.uniform_bits_per_char();
            let divergence = Divergence { cause, step: trainer.step + 1, valid_bits_per_char: None, uniform_bits_per_char };
            trainer.divergence = Some(divergence);
            StepReport { step: trainer.step, loss, grad_norm, layer_grad_norms, clipped, divergence: Some(divergence) }
        };
        if !loss.is_finite() {
            return refuse(self, DivergenceCause::NonFiniteLoss, false, layer_grad_norms);
        }
        if !grad_norm.is_finite() {
            return refuse(self, DivergenceCause::NonFiniteGradient, false, layer_grad_norms);
        }
        let clipped = clip(self.config.train.clip, grad_norm, &mut grad);
        self.good_params.copy_from_slice(&self.model.params);
        self.good_optimizer.clone_from(&self.optimizer);
        self.optimizer.update(&mut self.model.params, &grad);
        // a NaN fails the comparison too; beyond the bound the weights would not load as a model file
        if !self.model.params.iter().all(|p| p.abs() <= crate::io::MAX_WEIGHT) {
            self.model.params.copy_from_slice(&self.good_params);
            self.optimizer.clone_from(&self.good_optimizer);
            return refuse(self, DivergenceCause::NonFiniteWeights, clipped, layer_grad_norms);
        }
        self.model.sync();
        if let Some(state) = carried {
            self.state = state;
            self.position += self.config.train.bptt;
        }
        self.step += 1;
        if self.divergence.is_some_and(|d| d.cause != DivergenceCause::AboveUniform) {
            self.divergence = None;
        }
        StepReport { step: self.step, loss, grad_norm, layer_grad_norms, clipped, divergence: None }
    }

    /// Bits per character on the held-out tail (VALID_STREAMS streams, BPTT-long windows, state
    /// carried; a tagging run: bits per tagged character on its held-out sentences);
    /// [`VALIDATIONS_ABOVE_UNIFORM`] results in a row above log2(V) mark the run diverged.
    pub fn validate(&mut self) -> f32 {
        let bits = self.valid_bits_per_char();
        let uniform_bits_per_char = self.uniform_bits_per_char();
        // a NaN fails the comparison, so it counts as above
        if bits <= uniform_bits_per_char {
            self.above_uniform = 0;
            if self.divergence.is_some_and(|d| d.cause == DivergenceCause::AboveUniform) {
                self.divergence = None;
            }
        } else {
            self.above_uniform += 1;
            if self.above_uniform >= VALIDATIONS_ABOVE_UNIFORM && self.divergence.is_none() {
                let cause = DivergenceCause::AboveUniform;
                self.divergence = Some(Divergence { cause, step: self.step, valid_bits_per_char: Some(bits), uniform_bits_per_char });
            }
        }
        bits
    }

    /// Bits per character on the held-out tail, without counting towards divergence.
    pub fn valid_bits_per_char(&self) -> f32 {
        if let Some(sentences) = &self.tagging {
            return sentences.validate(&self.model);
        }
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
        let shape = |m: &ModelConfig| (m.cell, m.hidden, m.layers, m.embedding, m.connections(), m.bidirectional, m.task);
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
        self.good_params.clone_from(&self.model.params);
        self.good_optimizer.clone_from(&self.optimizer);
        self.above_uniform = 0;
        self.divergence = None;
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
    let residual = match (model.connections(), model.layers > 1) {
        (crate::Connections::Residual, true) => ", residual",
        (crate::Connections::Dense, true) => ", dense",
        _ => "",
    };
    let residual = if model.bidirectional { format!("{residual}, bidirectional") } else { residual.into() };
    // each article with its cell, so the page's catalogs translate the phrase whole
    let cell = match model.cell {
        crate::CellKind::Rnn => "an RNN",
        crate::CellKind::Gru => "a GRU",
        crate::CellKind::Lstm => "an LSTM",
    };
    format!("{cell} of hidden size {}, {layers}{residual}, {input}", model.hidden)
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

    /// Settings that diverge on the page: a vanilla RNN with W_hh = 3 · orthogonal, no clipping, SGD.
    fn exploding(lr: f32) -> Config {
        let mut config = small();
        config.model.cell = crate::CellKind::Rnn;
        config.model.hidden = 32;
        config.train.batch = 16;
        config.train.bptt = 32;
        config.model.recurrent_scale = Some(3.0);
        config.train.clip = crate::Clip::None {};
        config.train.optimizer = crate::OptimizerConfig::Sgd { lr };
        config
    }

    /// Steps until one is refused; returns the weights' fingerprint and step count before it.
    fn step_until_refused(trainer: &mut Trainer) -> ((u64, u64), StepReport) {
        for _ in 0..20 {
            let before = (trainer.fingerprint(), trainer.step_count());
            let report = trainer.step();
            if report.divergence.is_some() {
                return (before, report);
            }
        }
        panic!("no update was refused in 20 steps");
    }

    #[test]
    fn a_non_finite_update_is_never_applied() {
        // a learning rate past the config's bound throws the first update past MAX_WEIGHT; weights of
        // f32::MAX (set by hand, as no update may make them) overflow the loss itself
        for (lr, cause) in [(1e38, DivergenceCause::NonFiniteWeights), (0.1, DivergenceCause::NonFiniteLoss)] {
            let mut trainer = Trainer::from_config(&exploding(0.1)).unwrap();
            trainer.optimizer = Optimizer::new(crate::OptimizerConfig::Sgd { lr }, trainer.model.params.len());
            if cause == DivergenceCause::NonFiniteLoss {
                trainer.model.params.fill(f32::MAX);
                trainer.model.sync();
            }
            let (before, report) = step_until_refused(&mut trainer);
            let divergence = report.divergence.unwrap();
            assert_eq!(divergence.cause, cause, "lr {lr}: {report:?}");
            assert_eq!((trainer.fingerprint(), trainer.step_count()), before, "lr {lr}: the last good weights stay");
            assert!(trainer.model.params.iter().all(|p| p.is_finite()));
            assert_eq!(trainer.divergence(), Some(divergence));
            assert_eq!((divergence.step, report.step), (before.1 + 1, before.1));
            let message = divergence.to_string();
            assert!(message.contains("norm clipping") && message.contains("learning rate") && message.contains("recurrent scale"), "{message}");
            // the same window again: refused again, nothing moves
            assert!(trainer.step().divergence.is_some());
            assert_eq!((trainer.fingerprint(), trainer.step_count()), before);
        }
    }

    #[test]
    fn validation_above_the_uniform_guess_for_a_while_is_divergence() {
        // lr 10 here sits at 15-40 bits/char; the uniform guess is under 5
        let mut trainer = Trainer::from_config(&exploding(10.0)).unwrap();
        let uniform = trainer.uniform_bits_per_char();
        assert_eq!(uniform, libm::log2f(trainer.vocab.len() as f32));
        let mut above = 0;
        for _ in 0..20 {
            for _ in 0..5 {
                assert_eq!(trainer.step().divergence, None, "finite all along");
            }
            let bits = trainer.validate();
            above = if bits > uniform { above + 1 } else { 0 };
            let diverged = trainer.divergence().is_some_and(|d| d.cause == DivergenceCause::AboveUniform);
            assert_eq!(diverged, above >= VALIDATIONS_ABOVE_UNIFORM, "{bits} bits/char, {above} in a row");
            if diverged {
                assert!(trainer.divergence().unwrap().to_string().contains("worse than a uniform guess"));
                return;
            }
        }
        panic!("lr 10 with recurrent scale 3 and no clipping never stayed above {uniform} bits/char");
    }

    #[test]
    fn a_healthy_run_never_reports_divergence() {
        let mut trainer = Trainer::from_config(&small()).unwrap();
        for _ in 0..20 {
            assert_eq!(trainer.step().divergence, None);
            trainer.validate();
        }
        assert_eq!(trainer.divergence(), None);
    }
}
