//! One recurrent layer over a window of T steps and B streams: the parts every cell shares (the input
//! projection, the weight gradients) around the cell's own recurrence in `rnn.rs`, `gru.rs`, `lstm.rs`.
//!
//! Every sequence buffer is time-major: row `t·B + b` is stream b at step t, so one step is one
//! contiguous (B × width) block and the batched maths are matrix-matrix products.

use alloc::vec;
use alloc::vec::Vec;

use crate::config::CellKind;
use crate::kernels::{add_column_sums, gemm, gemm_packed};
use crate::{gru, lstm, rnn};

/// A layer's input over the window.
#[derive(Clone, Copy, Debug)]
pub enum Input<'a> {
    /// (T·B) character ids: the input projection is a row gather, not a product.
    OneHot(&'a [u16]),
    /// (T·B, input) activations from the embedding or the layer below.
    Dense(&'a [f32]),
}

/// A layer's weights, borrowed from the model's flat buffer, with transposed copies for the forward
/// products (vectorised across outputs, see `kernels`).
#[derive(Clone, Copy, Debug)]
pub struct Weights<'a> {
    pub cell: CellKind,
    pub input: usize,
    pub hidden: usize,
    pub w_ih: &'a [f32],   // (G·H, input)
    pub w_hh: &'a [f32],   // (G·H, H)
    pub b_ih: &'a [f32],   // (G·H)
    pub b_hh: &'a [f32],   // (G·H)
    pub w_ih_t: &'a [f32], // (input, G·H)
    pub w_hh_t: &'a [f32], // (H, G·H)
    /// `kernels::pack` of W_hhᵀ and of W_hh: the right operands of the per-step products.
    pub w_hh_t_packed: &'a [f32],
    pub w_hh_packed: &'a [f32],
}

/// Gradient slices of one layer, same shapes as `Weights`' first four.
pub struct Grads<'a> {
    pub w_ih: &'a mut [f32],
    pub w_hh: &'a mut [f32],
    pub b_ih: &'a mut [f32],
    pub b_hh: &'a mut [f32],
}

/// What a forward pass keeps for its backward pass.
#[derive(Clone, Debug, Default)]
pub struct Trace {
    pub batch: usize,
    pub steps: usize,
    /// ((T+1)·B, H): h_0 (the carried state) then the output at every step.
    pub h: Vec<f32>,
    /// LSTM only, ((T+1)·B, H): the cell state c_0 … c_T.
    pub c: Vec<f32>,
    /// (T·B, G·H) gate activations: lstm i,f,g,o; gru r,z,n; empty for rnn (h is enough).
    pub gates: Vec<f32>,
    /// GRU only, (T·B, H): W_hn·h + b_hn, which the reset gate multiplies.
    pub hh_n: Vec<f32>,
    /// LSTM only, (T·B, H): tanh(c_1) … tanh(c_T).
    pub tanh_c: Vec<f32>,
}

impl Trace {
    /// The layer's outputs h_1 … h_T, (T·B, H).
    pub fn outputs(&self) -> &[f32] {
        &self.h[self.h.len() / (self.steps + 1)..]
    }

    /// The final hidden state h_T, (B, H).
    pub fn last_h(&self) -> &[f32] {
        let rows = self.h.len() / (self.steps + 1);
        &self.h[self.steps * rows..]
    }

    /// LSTM's final cell state c_T, (B, H); empty for other cells.
    pub fn last_c(&self) -> &[f32] {
        if self.c.is_empty() {
            return &[];
        }
        let rows = self.c.len() / (self.steps + 1);
        &self.c[self.steps * rows..]
    }
}

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

/// Gradients of the pre-activations, as each cell's backward produces them.
pub struct StepGrads {
    /// (T·B, G·H) gradient of `b_ih + x·W_ihᵀ`.
    pub d_ih: Vec<f32>,
    /// (T·B, G·H) gradient of `b_hh + h·W_hhᵀ` when it differs from `d_ih` (GRU's reset gate).
    pub d_hh: Option<Vec<f32>>,
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

/// `dh (B, H) += d_pre (B, G·H) · W_hh`: the gradient one step back through the recurrent product.
pub(crate) fn recurrent_backward(w: &Weights, d_pre: &[f32], dh: &mut [f32]) {
    let (h, gh) = (w.hidden, w.cell.gates() * w.hidden);
    gemm_packed(dh.len() / h, h, gh, d_pre, gh, 1, w.w_hh, w.w_hh_packed, dh);
}

/// `out (B, G·H) += h (B, H) · W_hhᵀ`.
pub(crate) fn recurrent_forward(w: &Weights, h_prev: &[f32], out: &mut [f32]) {
    let (h, gh) = (w.hidden, w.cell.gates() * w.hidden);
    gemm_packed(h_prev.len() / h, gh, h, h_prev, h, 1, w.w_hh_t, w.w_hh_t_packed, out);
}
