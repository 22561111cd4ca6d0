//! An experiment is data: model shape, training knobs and corpus, as one serde value that can sit in
//! a JSON file, a URL or a test unchanged. `validate` is the single place where bounds live; every
//! message names the field and the allowed range.

use alloc::format;
use serde::{Deserialize, Serialize};

use crate::corpus::CorpusConfig;
use crate::{Error, Result};

// ---- limits of a run, read by the trainer and by its budget alike --------------------------------

/// The largest vocabulary a corpus gets; rarer characters share the "other" symbol. Only a text
/// with more distinct characters pays for the room: at the page's default a full 384-symbol head
/// makes a step a third costlier than 192 (604 against 453 MFLOP). Korean fits in jamo instead.
pub const MAX_VOCAB: usize = 384;
/// The memory a trainer may take unless the caller gives another budget (`rnn train --memory-budget`).
pub const DEFAULT_MEMORY_BUDGET: u64 = 1_000_000_000;
/// Validation of a language model runs this many streams whatever the batch (`Trainer::validate`).
pub const VALID_STREAMS: usize = 16;
/// Steps between the page's validations: its training chunks end on them, so a retrained link
/// draws the same curve (`rnn train --valid-every` chooses its own).
pub const PAGE_VALIDATE_EVERY: u32 = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum CellKind {
    Rnn,
    Gru,
    Lstm,
}

impl CellKind {
    /// How many gate blocks W_ih and W_hh stack: rnn 1; gru 3 (r, z, n); lstm 4 (i, f, g, o).
    pub fn gates(self) -> usize {
        match self {
            CellKind::Rnn => 1,
            CellKind::Gru => 3,
            CellKind::Lstm => 4,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            CellKind::Rnn => "rnn",
            CellKind::Gru => "gru",
            CellKind::Lstm => "lstm",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ModelConfig {
    pub cell: CellKind,
    pub hidden: usize,
    #[serde(default = "one")]
    pub layers: usize,
    /// Width of the character embedding; 0 feeds one-hot characters straight into the first layer.
    #[serde(default)]
    pub embedding: usize,
    /// Adds each layer's input to its output for layers 2 and up (equal widths). The older spelling
    /// of `connections: "residual"`, still read and written so old configs and links keep their meaning.
    #[serde(default)]
    pub residual: bool,
    /// How layers 2 and up read the layers below; `residual: true` means `Residual` too.
    #[serde(default, skip_serializing_if = "Connections::is_none")]
    pub connections: Connections,
    /// A second, reverse-time direction per layer (PyTorch's `bidirectional=True`): both directions'
    /// outputs, concatenated (2H), feed the layer above and the head. Tagging tasks only.
    #[serde(default, skip_serializing_if = "is_false")]
    pub bidirectional: bool,
    /// What the head predicts: the next character, or a tag at each position.
    #[serde(default, skip_serializing_if = "Task::is_next_char")]
    pub task: Task,
    /// `None`: PyTorch's U(-1/√H, 1/√H). `Some(s)`: each gate block of W_hh is orthogonal × s,
    /// so its spectral radius and every singular value is s.
    #[serde(default)]
    pub recurrent_scale: Option<f32>,
}

/// How a layer above the first reads the layers below it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Connections {
    /// The layer below's output.
    #[default]
    None,
    /// The layer below's output, and the layer adds its input to its own output (equal widths).
    Residual,
    /// The concatenation of the model's input and every lower layer's output, as in DenseNet
    /// (Huang et al. 2017): layer k reads width input + k·D·H. The head reads the top layer's output.
    Dense,
}

impl Connections {
    pub fn is_none(&self) -> bool {
        *self == Connections::None
    }
}

/// Why only a tagging model may be bidirectional: the core's refusal and the page's explanation say it.
pub const LANGUAGE_MODEL_REASON: &str = "a language model cannot read ahead: the backward direction would already have read the character it predicts";

/// What a model is trained to predict.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Task {
    /// The next character, at every position (a language model).
    #[default]
    NextChar,
    /// A tag at some positions (the sentiment corpus's word tags), from the whole window.
    Tagging,
}

impl Task {
    pub fn is_next_char(&self) -> bool {
        *self == Task::NextChar
    }

    /// The head's width: one logit per character, or per tag.
    pub fn classes(self, vocab: usize) -> usize {
        match self {
            Task::NextChar => vocab,
            Task::Tagging => crate::corpus::sentiment::TAGS.len(),
        }
    }
}

fn is_false(value: &bool) -> bool {
    !*value
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum OptimizerConfig {
    Sgd { lr: f32 },
    Momentum { lr: f32, #[serde(default = "default_momentum")] momentum: f32 },
    Adagrad { lr: f32 },
    Rmsprop { lr: f32 },
    Adam { lr: f32 },
}

impl OptimizerConfig {
    pub fn lr(&self) -> f32 {
        match *self {
            OptimizerConfig::Sgd { lr }
            | OptimizerConfig::Momentum { lr, .. }
            | OptimizerConfig::Adagrad { lr }
            | OptimizerConfig::Rmsprop { lr }
            | OptimizerConfig::Adam { lr } => lr,
        }
    }
}

/// Gradient clipping (Pascanu, Mikolov & Bengio 2013).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum Clip {
    /// Braces, not a unit variant: serde ignores any field beside a unit variant's tag, so
    /// `{"kind": "none", "threshold": 5}` would pass `deny_unknown_fields`.
    None {},
    /// If the global L2 norm ‖g‖ ≥ θ then g ← θ·g/‖g‖.
    Norm { threshold: f32 },
    /// Each component clamped to [-θ, θ].
    Value { threshold: f32 },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct TrainConfig {
    /// Parallel streams of the corpus, B.
    pub batch: usize,
    /// Steps of truncated backpropagation through time, T.
    pub bptt: usize,
    pub optimizer: OptimizerConfig,
    #[serde(default = "default_clip")]
    pub clip: Clip,
    #[serde(default)]
    pub seed: u64,
    /// Share of the corpus, taken from its end, held out for validation bits/char.
    #[serde(default = "default_valid_fraction")]
    pub valid_fraction: f32,
    /// Steps a command line run trains for when no other budget is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps: Option<u64>,
    /// S, the shards a step's batch is cut into: each shard's streams get their own gradient and the
    /// shards' gradients are summed in shard order, so workers or threads can compute shards apart and
    /// the result is the same bits whatever their number. Part of the run: 1 (one sum over the whole
    /// batch, the only way before shards existed, so older configs and links keep their bits) when absent.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub shards: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub model: ModelConfig,
    pub train: TrainConfig,
    pub corpus: CorpusConfig,
}

fn one() -> usize {
    1
}
fn is_one(value: &usize) -> bool {
    *value == 1
}
fn default_momentum() -> f32 {
    0.9
}
fn default_clip() -> Clip {
    Clip::None {}
}
fn default_valid_fraction() -> f32 {
    0.05
}

// ---------------------------------------------------------------- bounds

pub const MAX_HIDDEN: usize = 1024;
pub const MAX_LAYERS: usize = 4;
pub const MAX_EMBEDDING: usize = 512;
pub const MAX_BATCH: usize = 256;
/// Most shards a batch is cut into (and at most one per stream): more than any machine a student has has cores.
pub const MAX_SHARDS: usize = 64;
pub const MAX_BPTT: usize = 512;
pub const MAX_LR: f32 = 10.0;
pub const MAX_CLIP: f32 = 1e6;
pub const MAX_RECURRENT_SCALE: f32 = 10.0;

fn check_range<T: PartialOrd + core::fmt::Display + Copy>(field: &'static str, value: T, low: T, high: T) -> Result<()> {
    if value >= low && value <= high {
        Ok(())
    } else {
        Err(Error::Config { field, message: format!("{value} is out of range; use {low} to {high}") })
    }
}

/// Like `check_range`, for floats: also refuses NaN and infinities, which compare false.
fn check_positive(field: &'static str, value: f32, high: f32) -> Result<()> {
    if value.is_finite() && value > 0.0 && value <= high {
        Ok(())
    } else {
        Err(Error::Config { field, message: format!("{value} is out of range; use a number above 0 and at most {high}") })
    }
}

impl ModelConfig {
    /// One unidirectional next-character layer of `hidden` units on one-hot input, default init:
    /// the base that struct updates (`..ModelConfig::new(cell, h)`) change.
    pub fn new(cell: CellKind, hidden: usize) -> ModelConfig {
        ModelConfig {
            cell,
            hidden,
            layers: 1,
            embedding: 0,
            residual: false,
            connections: Connections::None,
            bidirectional: false,
            task: Task::NextChar,
            recurrent_scale: None,
        }
    }

    pub fn validate(&self) -> Result<()> {
        check_range("model.hidden", self.hidden, 1, MAX_HIDDEN)?;
        check_range("model.layers", self.layers, 1, MAX_LAYERS)?;
        check_range("model.embedding", self.embedding, 0, MAX_EMBEDDING)?;
        if let Some(scale) = self.recurrent_scale {
            check_positive("model.recurrent_scale", scale, MAX_RECURRENT_SCALE)?;
        }
        if self.residual && self.connections == Connections::Dense {
            return Err(Error::Config {
                field: "model.connections",
                message: "\"dense\" with `residual: true` asks for both; drop `residual` (the older spelling of \"residual\")".into(),
            });
        }
        if self.bidirectional && self.task == Task::NextChar {
            return Err(Error::Config {
                field: "model.bidirectional",
                message: format!("{LANGUAGE_MODEL_REASON}; use it for tagging (corpus kind \"sentiment\")"),
            });
        }
        Ok(())
    }

    /// The connections in effect: `residual: true` is `Residual`.
    pub fn connections(&self) -> Connections {
        if self.residual {
            Connections::Residual
        } else {
            self.connections
        }
    }

    /// D, the directions per layer: 2 when bidirectional.
    pub fn directions(&self) -> usize {
        if self.bidirectional {
            2
        } else {
            1
        }
    }
}

impl TrainConfig {
    pub fn validate(&self) -> Result<()> {
        check_range("train.batch", self.batch, 1, MAX_BATCH)?;
        check_range("train.bptt", self.bptt, 1, MAX_BPTT)?;
        check_range("train.shards", self.shards, 1, MAX_SHARDS.min(self.batch))?;
        check_positive("train.optimizer.lr", self.optimizer.lr(), MAX_LR)?;
        if let OptimizerConfig::Momentum { momentum, .. } = self.optimizer {
            if !(0.0..1.0).contains(&momentum) {
                return Err(Error::Config {
                    field: "train.optimizer.momentum",
                    message: format!("{momentum} is out of range; use 0 to below 1 (0.9 is usual)"),
                });
            }
        }
        match self.clip {
            Clip::None {} => {}
            Clip::Norm { threshold } | Clip::Value { threshold } => check_positive("train.clip.threshold", threshold, MAX_CLIP)?,
        }
        if !(self.valid_fraction >= 0.01 && self.valid_fraction <= 0.5) {
            return Err(Error::Config {
                field: "train.valid_fraction",
                message: format!("{} is out of range; use 0.01 to 0.5", self.valid_fraction),
            });
        }
        Ok(())
    }
}

// ---------------------------------------------------------------- the sizes a text allows

/// Characters of context in the shortest window a short text trains with (or the config's BPTT, if
/// less): a text with fewer characters than that, one more to predict and its held-out tail is refused.
pub const MIN_BPTT: usize = 16;

/// How a run cuts a text of `chars` characters (as the model reads them: Hangul in jamo when the
/// corpus is): its held-out tail, and the streams and window it trains with. A text too short for
/// the config's batch × (bptt + 1) trains with fewer streams, then a shorter window, instead of
/// being refused; a text long enough keeps the config's sizes, so its runs keep their bits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Fit {
    /// Streams B the run trains with: the config's, or fewer for a short text.
    pub batch: usize,
    /// Window T the run trains with: the config's, or shorter so that each stream's segment is
    /// read whole in equal windows.
    pub bptt: usize,
    /// Shards S: the config's, at most one per stream.
    pub shards: usize,
    /// Characters trained on: the text minus its held-out tail.
    pub train_chars: usize,
    /// Characters held out from the end for validation bits/char: `valid_fraction` of the text, at least 2.
    pub valid_chars: usize,
    /// When the sizes are not the config's: what was chosen and why, in one sentence for the page.
    pub message: Option<alloc::string::String>,
}

impl TrainConfig {
    /// Characters held out from the end of a text of `chars` characters (the same sum as always,
    /// in f32, so that no earlier run's split moves).
    pub fn valid_chars(&self, chars: usize) -> usize {
        ((chars as f32 * self.valid_fraction) as usize).max(2)
    }

    /// The sizes a text of `chars` characters trains with (see [`Fit`]); refuses a text too short
    /// for one training window, naming the minimum.
    pub fn fit(&self, chars: usize) -> Result<Fit> {
        let valid_chars = self.valid_chars(chars);
        let train_chars = chars.saturating_sub(valid_chars);
        let (asked_batch, asked_bptt) = (self.batch, self.bptt);
        if train_chars >= asked_batch * (asked_bptt + 1) {
            return Ok(Fit { batch: asked_batch, bptt: asked_bptt, shards: self.shards, train_chars, valid_chars, message: None });
        }
        let shortest = asked_bptt.min(MIN_BPTT);
        if train_chars < shortest + 1 {
            // the smallest text that leaves shortest + 1 characters once its tail is held out
            let needed = (shortest + 3..).find(|&n| n - self.valid_chars(n) > shortest).expect("a long enough text exists");
            return Err(Error::Text(format!(
                "the text has {chars} characters but at least {needed} are needed: {} to train one window of {shortest} characters \
                 and the one after each, and {} held out for validation; paste or load more text",
                shortest + 1,
                self.valid_chars(needed)
            )));
        }
        // fewer streams first (a short text has little to spread), then windows that read each segment whole
        let batch = (train_chars / (asked_bptt + 1)).clamp(1, asked_batch);
        let segment = train_chars / batch;
        let windows = (segment - 1).div_ceil(asked_bptt);
        let bptt = (segment - 1) / windows;
        let shards = self.shards.min(batch);
        // the count whole, not a plural "s" spliced into a word, so the page's catalogs can translate it
        let streams = if batch == 1 { alloc::string::String::from("1 stream") } else { format!("{batch} streams") };
        let message = format!(
            "the text has {chars} characters: the last {valid_chars} are held out for validation and the {train_chars} others \
             train as {streams} of {segment} characters read in windows of {bptt} (batch {batch}, bptt {bptt}), \
             as batch {asked_batch} × (bptt {asked_bptt} + 1) needs {} characters",
            asked_batch * (asked_bptt + 1)
        );
        Ok(Fit { batch, bptt, shards, train_chars, valid_chars, message: Some(message) })
    }
}

impl Config {
    /// This config with the batch, BPTT and shards a text of `chars` characters trains with.
    pub fn fitted(&self, chars: usize) -> Result<(Config, Fit)> {
        let fit = self.train.fit(chars)?;
        let mut config = self.clone();
        (config.train.batch, config.train.bptt, config.train.shards) = (fit.batch, fit.bptt, fit.shards);
        Ok((config, fit))
    }

    pub fn validate(&self) -> Result<()> {
        self.model.validate()?;
        self.train.validate()?;
        self.corpus.validate()?;
        let tagging_corpus = matches!(self.corpus, CorpusConfig::Sentiment(_));
        if tagging_corpus != (self.model.task == Task::Tagging) {
            return Err(Error::Config {
                field: "model.task",
                message: "the sentiment corpus trains `\"task\": \"tagging\"` and every other corpus `\"next_char\"`; set the one that fits".into(),
            });
        }
        Ok(())
    }

    /// Parses and validates a JSON config; the message of a parse error says where it failed.
    pub fn from_json(json: &str) -> Result<Config> {
        let config: Config = serde_json::from_str(json)
            .map_err(|e| Error::Config { field: "(json)", message: format!("{e}") })?;
        config.validate()?;
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    pub(crate) const EXAMPLE: &str = include_str!("../../../examples/lstm-agreement.json");

    /// A valid config whose values the cases below replace one at a time.
    const BASE: &str = r#"{"model": {"cell": "lstm", "hidden": 128, "layers": 1, "embedding": 32, "recurrent_scale": null},
        "train": {"batch": 32, "bptt": 64, "optimizer": {"kind": "adam", "lr": 0.003}, "clip": {"kind": "norm", "threshold": 5.0}},
        "corpus": {"kind": "agreement"}}"#;

    fn message(json: &str) -> alloc::string::String {
        Config::from_json(json).unwrap_err().to_string()
    }

    #[test]
    fn the_readme_example_parses_and_validates() {
        let config = Config::from_json(EXAMPLE).unwrap();
        assert_eq!(config.model.cell, CellKind::Lstm);
    }

    #[test]
    fn each_bad_value_names_its_field_and_range() {
        let cases = [
            ("\"hidden\": 128", "\"hidden\": 0", "`model.hidden`: 0 is out of range; use 1 to 1024"),
            ("\"hidden\": 128", "\"hidden\": 5000", "`model.hidden`: 5000 is out of range; use 1 to 1024"),
            ("\"layers\": 1", "\"layers\": 9", "`model.layers`: 9 is out of range; use 1 to 4"),
            ("\"batch\": 32", "\"batch\": 0", "`train.batch`: 0 is out of range; use 1 to 256"),
            ("\"bptt\": 64", "\"bptt\": 100000", "`train.bptt`: 100000 is out of range; use 1 to 512"),
            ("\"lr\": 0.003", "\"lr\": -1", "`train.optimizer.lr`: -1 is out of range"),
            ("\"threshold\": 5.0", "\"threshold\": 0", "`train.clip.threshold`: 0 is out of range"),
            ("\"recurrent_scale\": null", "\"recurrent_scale\": 50", "`model.recurrent_scale`: 50 is out of range"),
            ("\"cell\": \"lstm\"", "\"cell\": \"transformer\"", "unknown variant `transformer`, expected one of `rnn`, `gru`, `lstm`"),
            ("\"hidden\": 128", "\"hiden\": 128", "unknown field `hiden`"),
            ("\"kind\": \"norm\", \"threshold\": 5.0", "\"kind\": \"none\", \"threshold\": 5.0", "unknown field `threshold`"),
        ];
        for (from, to, expected) in cases {
            assert!(BASE.contains(from), "the base config lacks {from}");
            let got = message(&BASE.replacen(from, to, 1));
            assert!(got.contains(expected), "for {to}: got {got:?}, expected it to contain {expected:?}");
        }
        assert!(message("{").contains("config field `(json)`: EOF while parsing"));
    }

    #[test]
    fn old_configs_keep_their_meaning_and_new_fields_stay_out_of_them() {
        let old = Config::from_json(&BASE.replace("\"layers\": 1", "\"layers\": 2, \"residual\": true")).unwrap();
        assert_eq!((old.model.connections(), old.model.bidirectional, old.model.task), (Connections::Residual, false, Task::NextChar));
        let json = serde_json::to_string(&old.model).unwrap();
        assert!(!json.contains("connections") && !json.contains("bidirectional") && !json.contains("task"), "{json}");
        let dense = Config::from_json(&BASE.replace("\"layers\": 1", "\"layers\": 3, \"connections\": \"dense\"")).unwrap();
        assert_eq!((dense.model.connections(), dense.model.residual), (Connections::Dense, false));
    }

    #[test]
    fn a_bidirectional_language_model_is_refused_with_the_reason() {
        let got = message(&BASE.replace("\"layers\": 1", "\"layers\": 1, \"bidirectional\": true"));
        assert!(got.contains(&format!("`model.bidirectional`: {LANGUAGE_MODEL_REASON}; use it for tagging")), "{got}");
        let tagging = BASE.replace("\"layers\": 1", "\"layers\": 1, \"bidirectional\": true, \"task\": \"tagging\"");
        assert!(message(&tagging).contains("`model.task`: the sentiment corpus trains"));
        let sentiment = tagging.replace("{\"kind\": \"agreement\"}", "{\"kind\": \"sentiment\"}");
        assert!(Config::from_json(&sentiment).unwrap().model.bidirectional);
        let both = BASE.replace("\"layers\": 1", "\"layers\": 2, \"residual\": true, \"connections\": \"dense\"");
        assert!(message(&both).contains("`model.connections`"));
    }

    #[test]
    fn no_clipping_still_writes_only_its_kind() {
        // model files and links carry this text, so the braces of `None {}` must not show
        assert_eq!(serde_json::to_string(&Clip::None {}).unwrap(), r#"{"kind":"none"}"#);
        assert_eq!(serde_json::from_str::<Clip>(r#"{"kind":"none"}"#).unwrap(), Clip::None {});
    }
}
