//! Recurrent nets for character language models: vanilla RNN, GRU and LSTM cells with PyTorch's
//! formulation, training by truncated backpropagation through time, and the probes the playground shows.
//!
//! `no_std` + `alloc` without the default `std` feature; every float function comes from `libm` and no
//! kernel fuses a multiply-add, so a run gives the same bits natively and in wasm.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod corpus;
pub mod error;
pub mod rng;
pub mod vocab;

pub use error::{Error, Result};
pub use rng::Rng;
