//! The vanilla (Elman) cell, PyTorch's nn.RNN with tanh:
//!     h' = tanh(W_ih x + b_ih + W_hh h + b_hh)
//! Its Jacobian dh'/dh = diag(1 - h'²) W_hh is the whole vanishing/exploding-gradient story.

use alloc::vec;
use alloc::vec::Vec;

use crate::kernels::{add_rows, tanh, tanh_grad};
use super::shared::{recurrent_backward, recurrent_forward, StepGrads, Trace, Weights};

/// `projection` (T·B, H) holds `b_ih + x·W_ihᵀ` per step; `h0` (B, H) the carried state.
pub fn forward(w: &Weights, mut projection: Vec<f32>, batch: usize, steps: usize, h0: &[f32]) -> Trace {
    let h = w.hidden;
    let block = batch * h;
    let mut hs = vec![0.0; (steps + 1) * block];
    hs[..block].copy_from_slice(h0);
    for t in 0..steps {
        let pre = &mut projection[t * block..][..block];
        add_rows(pre, w.b_hh);
        let (past, future) = hs.split_at_mut((t + 1) * block);
        recurrent_forward(w, &past[t * block..], pre);
        for (out, &p) in future[..block].iter_mut().zip(pre.iter()) {
            *out = tanh(p);
        }
    }
    Trace { batch, steps, h: hs, ..Trace::default() }
}

/// `d_out` (T·B, H): loss gradient at each output; `dh` (B, H): gradient arriving at the
/// final state from beyond the window (zeros in truncated BPTT). Returns the pre-activation gradient (the same for
/// the input and recurrent products), dh0 (B, H) and an empty dc0.
pub fn backward(w: &Weights, trace: &Trace, d_out: &[f32], mut dh: Vec<f32>) -> (StepGrads, Vec<f32>, Vec<f32>) {
    let block = trace.batch * w.hidden;
    let mut d_pre = vec![0.0; trace.steps * block];
    for t in (0..trace.steps).rev() {
        let h_t = &trace.h[(t + 1) * block..][..block];
        let d = &mut d_pre[t * block..][..block];
        for i in 0..block {
            d[i] = (d_out[t * block + i] + dh[i]) * tanh_grad(h_t[i]);
        }
        dh.fill(0.0);
        recurrent_backward(w, d, &mut dh);
    }
    (StepGrads { d_ih: d_pre, d_hh: None }, dh, Vec::new())
}
