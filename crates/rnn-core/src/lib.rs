//! Recurrent nets for character language models: vanilla RNN, GRU and LSTM cells with PyTorch's
//! formulation, training by truncated backpropagation through time, and the probes the playground shows.
//!
//! `no_std` + `alloc` without the default `std` feature; every float function comes from `libm` and no
//! kernel fuses a multiply-add, so a run gives the same bits natively and in wasm.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod budget;
pub mod config;
pub mod corpus;
pub mod error;
pub mod eval;
pub mod folding;
pub mod hangul;
pub mod inspect;
pub mod io;
pub mod kernels;
pub mod layer;
pub mod lessons;
pub mod model;
pub mod optim;
pub mod params;
pub mod presets;
pub mod probe;
pub mod rng;
pub mod shard;
pub mod tagging;
pub mod train;
pub mod vocab;

/// The version a link (`v` in the page's URL) is made by. A change that alters any golden run
/// (`tests/goldens/goldens.json`) alters what old links replay, and bumps it (see docs/testing.md).
pub const LINK_VERSION: u32 = 4;

pub use config::{CellKind, Clip, Config, Connections, ModelConfig, OptimizerConfig, Task, TrainConfig};
pub use error::{Error, Result};
pub use model::{Model, State};
pub use rng::Rng;
pub use train::{Divergence, DivergenceCause, StepReport, Trainer};
pub use vocab::Vocab;
