//! Gradient flow: how far back a loss reaches, ‖∂L_t/∂h_k‖ for every pair of steps in a window.

use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use serde::Serialize;

use super::{check_walkable, head_backward, layer_grads, prompt_ids, MAX_FLOW_WINDOW};
use crate::config::CellKind;
use crate::layer::{self, Input, Trace};
use crate::model::{Model, State};
use crate::probe::log_softmax;
use crate::vocab::Vocab;
use crate::{Error, Result};

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GradientFlow {
    /// W, the steps in the window.
    pub window: usize,
    /// The characters read at the window's steps; L_t is the loss of predicting the one after char t.
    pub chars: Vec<String>,
    /// Per layer, (W × W) row-major: `norms[l][t·W + k]` = ‖∂L_t/∂h_k‖ for layer l's output h_k at
    /// window step k ≤ t; 0 above the diagonal (a loss does not reach forward in time).
    pub norms: Vec<Vec<f32>>,
}

impl GradientFlow {
    /// Geometric mean over t of ‖∂L_t/∂h_{t−d}‖ / ‖∂L_t/∂h_t‖ in `layer`: how much of the gradient
    /// survives d steps back. `None` when the window is not longer than d.
    pub fn ratio(&self, layer: usize, distance: usize) -> Option<f32> {
        let w = self.window;
        let norms = &self.norms[layer];
        let logs: Vec<f64> = (distance..w)
            .filter(|&t| norms[t * w + t] > 0.0)
            .map(|t| libm::log(norms[t * w + t - distance] as f64 / norms[t * w + t] as f64))
            .collect();
        (!logs.is_empty()).then(|| libm::exp(logs.iter().sum::<f64>() / logs.len() as f64) as f32)
    }

    /// Mean over t of ‖∂L_t/∂h_{t−d}‖ in `layer`, for d = 0 … W−1: the heatmap's column.
    pub fn by_distance(&self, layer: usize) -> Vec<f32> {
        let w = self.window;
        (0..w).map(|d| (d..w).map(|t| self.norms[layer][t * w + t - d]).sum::<f32>() / (w - d) as f32).collect()
    }
}

/// ‖∂L_t/∂h_k‖ for every pair k ≤ t of the last `window` steps of `text` that have a next character,
/// in every layer, where L_t is the cross-entropy of the character after step t and h_k is layer l's
/// output (the total derivative, through the recurrence and the layers above).
///
/// One backward sweep over the window carries one stream per loss: stream t joins at step t with
/// the head's gradient, and at every step each layer's state gradient is read before being passed
/// back one step through `layer::backward`. That is W(W+1)/2 stream-steps, batched into one matrix
/// product per step and layer.
pub fn gradient_flow(model: &Model, vocab: &Vocab, text: &str, window: usize) -> Result<GradientFlow> {
    check_walkable(model)?;
    let ids = prompt_ids(vocab, text)?;
    if !(1..=MAX_FLOW_WINDOW).contains(&window) {
        return Err(Error::Text(alloc::format!("a gradient-flow window of {window} steps is out of range; use 1 to {MAX_FLOW_WINDOW}")));
    }
    if ids.len() < 2 {
        return Err(Error::Text("gradient flow needs at least two characters: a loss predicts the next one".into()));
    }
    let (v, h, layers) = (model.vocab, model.config.hidden, model.config.layers);
    let read = &ids[..ids.len() - 1];
    let w = window.min(read.len());
    let first = read.len() - w;
    let forward = model.forward(read, &State::zeros(model, 1));
    let mut norms = vec![vec![0.0f32; w * w]; layers];
    let mut scratch = vec![0.0; model.params.len()];
    let lstm = model.config.cell == CellKind::Lstm;
    // per layer, the gradient at (h, c) of the step just processed, one row per live stream
    let mut carried: Vec<(Vec<f32>, Vec<f32>)> = vec![(Vec::new(), Vec::new()); layers];
    for k in (0..w).rev() {
        let (step, streams) = (first + k, w - k); // stream i carries L_{w−1−i}
        // the newest stream, L_k, starts at the head
        let row = log_softmax(&forward.logits[step * v..][..v]);
        let mut d_logits: Vec<f32> = row.iter().map(|l| libm::expf(*l)).collect();
        d_logits[ids[step + 1] as usize] -= 1.0;
        let mut d_out = vec![0.0; streams * h];
        head_backward(model, &d_logits, &mut d_out[(streams - 1) * h..]);
        for l in (0..layers).rev() {
            let (dh, dc) = &mut carried[l];
            dh.resize(streams * h, 0.0);
            if lstm {
                dc.resize(streams * h, 0.0);
            }
            for (i, (out, carry)) in d_out.chunks_exact(h).zip(dh.chunks_exact(h)).enumerate() {
                let norm_squared: f32 = out.iter().zip(carry).map(|(a, b)| (a + b) * (a + b)).sum();
                norms[l][(w - 1 - i) * w + k] = libm::sqrtf(norm_squared);
            }
            let one_step = step_trace(&forward.traces[l], step, streams);
            let (dense_rows, id_rows);
            let input = match &forward.inputs[l] {
                Some(dense) => {
                    let width = dense.len() / read.len();
                    dense_rows = dense[step * width..][..width].repeat(streams);
                    Input::Dense(&dense_rows)
                }
                None => {
                    id_rows = vec![ids[step]; streams];
                    Input::OneHot(&id_rows)
                }
            };
            let weights = model.weights(l);
            let (d_x, dh0, dc0) = layer::backward(&weights, input, &one_step, &d_out, Some((dh, dc)), layer_grads(model, l, &mut scratch), l > 0);
            *dh = dh0;
            *dc = dc0;
            if l > 0 {
                let d_x = d_x.expect("layers above the first return their input gradient");
                let residual = model.residual_at(k);
                d_out = d_x.iter().zip(&d_out).map(|(x, y)| if residual { x + y } else { *x }).collect();
            }
        }
    }
    let chars = read[first..].iter().map(|&id| vocab.char(id).to_string()).collect();
    Ok(GradientFlow { window: w, chars, norms })
}

/// Step `t` of a B = 1 trace, repeated for `streams` identical streams.
fn step_trace(trace: &Trace, t: usize, streams: usize) -> Trace {
    debug_assert_eq!(trace.batch, 1, "gradient flow reads one stream");
    let per_step = |buffer: &[f32]| {
        let width = buffer.len() / trace.steps;
        buffer[t * width..][..width].repeat(streams)
    };
    let boundaries = |buffer: &[f32]| {
        if buffer.is_empty() {
            return Vec::new();
        }
        let width = buffer.len() / (trace.steps + 1);
        [buffer[t * width..][..width].repeat(streams), buffer[(t + 1) * width..][..width].repeat(streams)].concat()
    };
    let optional = |buffer: &[f32]| if buffer.is_empty() { Vec::new() } else { per_step(buffer) };
    Trace {
        batch: streams,
        steps: 1,
        h: boundaries(&trace.h),
        c: boundaries(&trace.c),
        gates: optional(&trace.gates),
        hh_n: optional(&trace.hh_n),
        tanh_c: optional(&trace.tanh_c),
    }
}
