//! An experiment is data: model shape, training knobs and corpus, as one serde value that can sit in
//! a JSON file, a URL or a test unchanged. `validate` is the single place where bounds live; every
//! message names the field and the allowed range.

use alloc::format;
use serde::{Deserialize, Serialize};

use crate::corpus::CorpusConfig;
use crate::{Error, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
#[serde(deny_unknown_fields)]
pub struct ModelConfig {
    pub cell: CellKind,
    pub hidden: usize,
    #[serde(default = "one")]
    pub layers: usize,
    /// Width of the character embedding; 0 feeds one-hot characters straight into the first layer.
    #[serde(default)]
    pub embedding: usize,
    /// Adds each layer's input to its output for layers 2 and up (equal widths).
    #[serde(default)]
    pub residual: bool,
    /// `None`: PyTorch's U(-1/√H, 1/√H). `Some(s)`: each gate block of W_hh is orthogonal × s,
    /// so its spectral radius and every singular value is s.
    #[serde(default)]
    pub recurrent_scale: Option<f32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
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
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub model: ModelConfig,
    pub train: TrainConfig,
    pub corpus: CorpusConfig,
}

fn one() -> usize {
    1
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
    pub fn validate(&self) -> Result<()> {
        check_range("model.hidden", self.hidden, 1, MAX_HIDDEN)?;
        check_range("model.layers", self.layers, 1, MAX_LAYERS)?;
        check_range("model.embedding", self.embedding, 0, MAX_EMBEDDING)?;
        if let Some(scale) = self.recurrent_scale {
            check_positive("model.recurrent_scale", scale, MAX_RECURRENT_SCALE)?;
        }
        Ok(())
    }
}

impl TrainConfig {
    pub fn validate(&self) -> Result<()> {
        check_range("train.batch", self.batch, 1, MAX_BATCH)?;
        check_range("train.bptt", self.bptt, 1, MAX_BPTT)?;
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

impl Config {
    pub fn validate(&self) -> Result<()> {
        self.model.validate()?;
        self.train.validate()?;
        self.corpus.validate()
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
    fn no_clipping_still_writes_only_its_kind() {
        // model files and links carry this text, so the braces of `None {}` must not show
        assert_eq!(serde_json::to_string(&Clip::None {}).unwrap(), r#"{"kind":"none"}"#);
        assert_eq!(serde_json::from_str::<Clip>(r#"{"kind":"none"}"#).unwrap(), Clip::None {});
    }
}
