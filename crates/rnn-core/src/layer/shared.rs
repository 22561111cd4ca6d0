//! The types every cell shares (weights, trace, step gradients) and the recurrent product each step
//! makes: a leaf module, so the cells and the dispatcher in `mod.rs` import it and not each other.

use alloc::vec::Vec;

use crate::config::CellKind;
use crate::kernels::gemm_packed;

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

/// Gradients of the pre-activations, as each cell's backward produces them.
pub struct StepGrads {
    /// (T·B, G·H) gradient of `b_ih + x·W_ihᵀ`.
    pub d_ih: Vec<f32>,
    /// (T·B, G·H) gradient of `b_hh + h·W_hhᵀ` when it differs from `d_ih` (GRU's reset gate).
    pub d_hh: Option<Vec<f32>>,
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
