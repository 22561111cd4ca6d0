//! The LSTM cell, PyTorch's nn.LSTM (gates stacked i, f, g, o):
//!     i = σ(·), f = σ(·), g = tanh(·), o = σ(·)   of W_ih x + b_ih + W_hh h + b_hh
//!     c' = f ⊙ c + i ⊙ g,   h' = o ⊙ tanh(c')
//! The additive path c → c' (scaled by f, not squashed by W_hh) is what carries gradients far.

use alloc::vec;
use alloc::vec::Vec;

use crate::kernels::{add_rows, sigmoid, sigmoid_grad, tanh, tanh_grad};
use crate::layer::{recurrent_backward, recurrent_forward, StepGrads, Trace, Weights};

/// `projection` (T·B, 4H) holds `b_ih + x·W_ihᵀ` per step; `h0`, `c0` (B, H) the carried state.
pub fn forward(w: &Weights, mut projection: Vec<f32>, batch: usize, steps: usize, h0: &[f32], c0: &[f32]) -> Trace {
    let h = w.hidden;
    let block = batch * h;
    let mut hs = vec![0.0; (steps + 1) * block];
    let mut cs = vec![0.0; (steps + 1) * block];
    hs[..block].copy_from_slice(h0);
    cs[..block].copy_from_slice(c0);
    for t in 0..steps {
        let gates = &mut projection[t * 4 * block..][..4 * block];
        add_rows(gates, w.b_hh);
        recurrent_forward(w, &hs[t * block..][..block], gates);
        for b in 0..batch {
            let row = &mut gates[b * 4 * h..][..4 * h];
            let (i_f, g_o) = row.split_at_mut(2 * h);
            let (i, f) = i_f.split_at_mut(h);
            let (g, o) = g_o.split_at_mut(h);
            for k in 0..h {
                i[k] = sigmoid(i[k]);
                f[k] = sigmoid(f[k]);
                g[k] = tanh(g[k]);
                o[k] = sigmoid(o[k]);
                let c_new = f[k] * cs[t * block + b * h + k] + i[k] * g[k];
                cs[(t + 1) * block + b * h + k] = c_new;
                hs[(t + 1) * block + b * h + k] = o[k] * tanh(c_new);
            }
        }
    }
    Trace { batch, steps, h: hs, c: cs, gates: projection, hh_n: Vec::new() }
}

/// `d_out` (T·B, H): loss gradient at each output; `dh`, `dc` (B, H): gradient arriving at the
/// final state from beyond the window (zeros in truncated BPTT). Returns the pre-activation gradient (T·B, 4H)
/// (the same for the input and recurrent products), dh0 and dc0 (B, H).
pub fn backward(w: &Weights, trace: &Trace, d_out: &[f32], mut dh: Vec<f32>, mut dc: Vec<f32>) -> (StepGrads, Vec<f32>, Vec<f32>) {
    let (batch, h) = (trace.batch, w.hidden);
    let block = batch * h;
    let mut d_pre = vec![0.0; trace.steps * 4 * block];
    for t in (0..trace.steps).rev() {
        for b in 0..batch {
            let gates = &trace.gates[(t * batch + b) * 4 * h..][..4 * h];
            let d = &mut d_pre[(t * batch + b) * 4 * h..][..4 * h];
            for k in 0..h {
                let at = b * h + k;
                let (i, f, g, o) = (gates[k], gates[h + k], gates[2 * h + k], gates[3 * h + k]);
                let tanh_c = tanh(trace.c[(t + 1) * block + at]);
                let d_h = d_out[t * block + at] + dh[at];
                let d_c = dc[at] + d_h * o * tanh_grad(tanh_c);
                d[k] = d_c * g * sigmoid_grad(i);
                d[h + k] = d_c * trace.c[t * block + at] * sigmoid_grad(f);
                d[2 * h + k] = d_c * i * tanh_grad(g);
                d[3 * h + k] = d_h * tanh_c * sigmoid_grad(o);
                dc[at] = d_c * f;
            }
        }
        dh.fill(0.0);
        recurrent_backward(w, &d_pre[t * 4 * block..][..4 * block], &mut dh);
    }
    (StepGrads { d_ih: d_pre, d_hh: None }, dh, dc)
}
