//! One recurrent layer over a window of T steps and B streams: the parts every cell shares (the input
//! projection, the weight gradients) around the cell's own recurrence in `rnn.rs`, `gru.rs`, `lstm.rs`; the types they
//! share live in the leaf module `shared.rs`.
//!
//! Every sequence buffer is time-major: row `t·B + b` is stream b at step t, so one step is one
//! contiguous (B × width) block and the batched maths are matrix-matrix products.

use alloc::vec;
use alloc::vec::Vec;

use crate::config::CellKind;
use crate::kernels::{add_column_sums, gemm};

pub mod gru;
pub mod lstm;
pub mod rnn;
mod shared;

pub use shared::{Grads, Input, StepGrads, Trace, Weights};

/// `b_ih + x·W_ihᵀ` for every step at once, (T·B, G·H).
fn input_projection(w: &Weights, x: Input, rows: usize) -> Vec<f32> {
    let gh = w.cell.gates() * w.hidden;
    // written row by row rather than zeroed first: at T·B = 2,048 rows of 4H this is 4 MB a layer
    let mut out = Vec::with_capacity(rows * gh);
    match x {
        Input::OneHot(ids) => {
            for &id in ids {
                let column = &w.w_ih_t[id as usize * gh..][..gh];
                out.extend(w.b_ih.iter().zip(column).map(|(b, v)| b + v));
            }
        }
        Input::Dense(xs) => {
            for _ in 0..rows {
                out.extend_from_slice(w.b_ih);
            }
            gemm(rows, gh, w.input, xs, w.input, 1, w.w_ih_t, &mut out);
        }
    }
    out
}

/// Runs the layer over T = rows/B steps from state (h0, c0), (B, H) each (c0 empty unless LSTM).
pub fn forward(w: &Weights, x: Input, batch: usize, h0: &[f32], c0: &[f32]) -> Trace {
    let rows = match x {
        Input::OneHot(ids) => ids.len(),
        Input::Dense(xs) => xs.len() / w.input,
    };
    let projection = input_projection(w, x, rows);
    let steps = rows / batch;
    match w.cell {
        CellKind::Rnn => rnn::forward(w, projection, batch, steps, h0),
        CellKind::Gru => gru::forward(w, projection, batch, steps, h0),
        CellKind::Lstm => lstm::forward(w, projection, batch, steps, h0, c0),
    }
}

/// Backpropagates `d_out` (T·B, H), the loss gradient at each output, through the window, plus
/// `d_final`, the gradient at the final state (h_T, c_T) from beyond it (`None`: zero, as in
/// truncated BPTT). Adds the weight gradients into `grads`; returns the gradient at the input,
/// (T·B, input), when `want_input` (none for one-hot input), and at the initial state (dh0, dc0).
pub fn backward(
    w: &Weights, x: Input, trace: &Trace, d_out: &[f32], d_final: Option<(&[f32], &[f32])>, grads: Grads, want_input: bool,
) -> (Option<Vec<f32>>, Vec<f32>, Vec<f32>) {
    let (batch, steps, h, gh) = (trace.batch, trace.steps, w.hidden, w.cell.gates() * w.hidden);
    let rows = batch * steps;
    let dh = d_final.map_or_else(|| vec![0.0; batch * h], |(dh, _)| dh.to_vec());
    let (step_grads, dh0, dc0) = match w.cell {
        CellKind::Rnn => rnn::backward(w, trace, d_out, dh),
        CellKind::Gru => gru::backward(w, trace, d_out, dh),
        CellKind::Lstm => {
            let dc = d_final.map_or_else(|| vec![0.0; batch * h], |(_, dc)| dc.to_vec());
            lstm::backward(w, trace, d_out, dh, dc)
        }
    };
    let d_ih = &step_grads.d_ih;
    let d_hh = step_grads.d_hh.as_deref().unwrap_or(d_ih);
    // dW_hh += Σ_t d_hh(t)ᵀ · h(t-1); the sum runs over all T·B rows in order
    gemm(gh, h, rows, d_hh, 1, gh, &trace.h[..rows * h], grads.w_hh);
    add_column_sums(d_hh, grads.b_hh);
    add_column_sums(d_ih, grads.b_ih);
    match x {
        Input::OneHot(ids) => {
            // rows add into dW_ihᵀ contiguously (vectorised), then transpose once
            let mut d_w_ih_t = vec![0.0; w.input * gh];
            for (row, &id) in d_ih.chunks_exact(gh).zip(ids) {
                d_w_ih_t[id as usize * gh..][..gh].iter_mut().zip(row).for_each(|(g, d)| *g += d);
            }
            for (v, column) in d_w_ih_t.chunks_exact(gh).enumerate() {
                for (j, d) in column.iter().enumerate() {
                    grads.w_ih[j * w.input + v] += d;
                }
            }
        }
        Input::Dense(xs) => gemm(gh, w.input, rows, d_ih, 1, gh, xs, grads.w_ih),
    }
    let d_input = (want_input && matches!(x, Input::Dense(_))).then(|| {
        let mut d_x = vec![0.0; rows * w.input];
        gemm(rows, w.input, gh, d_ih, gh, 1, w.w_ih, &mut d_x);
        d_x
    });
    (d_input, dh0, dc0)
}
