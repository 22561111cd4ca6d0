//! Gates: what each gate of each layer does at each prompt character.

use alloc::string::String;
use alloc::vec::Vec;

use serde::Serialize;

use super::{chars, prompt_ids};
use crate::config::CellKind;
use crate::model::{Model, State};
use crate::vocab::Vocab;
use crate::Result;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GateStrip {
    pub layer: usize,
    /// "input", "forget", "output" (LSTM) or "reset", "update" (GRU).
    pub gate: &'static str,
    /// Per prompt character, the gate's mean over the layer's units, in [0, 1].
    pub means: Vec<f32>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Gates {
    pub chars: Vec<String>,
    /// Every gate of every layer; empty for a vanilla RNN, which has none.
    pub strips: Vec<GateStrip>,
}

/// The gate activations at each prompt character (after reading it), averaged over units.
pub fn gates(model: &Model, vocab: &Vocab, prompt: &str) -> Result<Gates> {
    let ids = prompt_ids(vocab, prompt)?;
    let forward = model.forward(&ids, &State::zeros(model, 1));
    let h = model.config.hidden;
    // (name, block) in the stacked gate layout: lstm i,f,g,o; gru r,z,n
    let named: &[(&'static str, usize)] = match model.config.cell {
        CellKind::Rnn => &[],
        CellKind::Gru => &[("reset", 0), ("update", 1)],
        CellKind::Lstm => &[("input", 0), ("forget", 1), ("output", 3)],
    };
    let mut strips = Vec::new();
    for (layer, trace) in forward.traces.iter().enumerate() {
        let width = model.config.cell.gates() * h;
        for &(gate, block) in named {
            let means = trace.gates.chunks_exact(width).map(|row| row[block * h..][..h].iter().sum::<f32>() / h as f32).collect();
            strips.push(GateStrip { layer, gate, means });
        }
    }
    Ok(Gates { chars: chars(prompt), strips })
}
