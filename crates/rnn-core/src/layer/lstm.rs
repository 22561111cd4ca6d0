//! The LSTM cell, PyTorch's nn.LSTM (gates stacked i, f, g, o):
//!     i = σ(·), f = σ(·), g = tanh(·), o = σ(·)   of W_ih x + b_ih + W_hh h + b_hh
//!     c' = f ⊙ c + i ⊙ g,   h' = o ⊙ tanh(c')
//! The additive path c → c' (scaled by f, not squashed by W_hh) is what carries gradients far.

use alloc::vec;
use alloc::vec::Vec;

use crate::kernels::{add_rows, sigmoid_grad, sigmoid_in_place, tanh, tanh_grad, tanh_in_place};
use super::shared::{recurrent_backward, recurrent_forward, StepGrads, Trace, Weights};

/// `projection` (T·B, 4H) holds `b_ih + x·W_ihᵀ` per step; `h0`, `c0` (B, H) the carried state.
pub fn forward(w: &Weights, mut projection: Vec<f32>, batch: usize, steps: usize, h0: &[f32], c0: &[f32]) -> Trace {
    let h = w.hidden;
    let block = batch * h;
    let mut hs = vec![0.0; (steps + 1) * block];
    let mut cs = vec![0.0; (steps + 1) * block];
    let mut tanh_cs = vec![0.0; steps * block];
    hs[..block].copy_from_slice(h0);
    cs[..block].copy_from_slice(c0);
    for t in 0..steps {
        let gates = &mut projection[t * 4 * block..][..4 * block];
        add_rows(gates, w.b_hh);
        recurrent_forward(w, &hs[t * block..][..block], gates);
        let (c_past, c_next) = cs.split_at_mut((t + 1) * block);
        let (c_prev, c_next) = (&c_past[t * block..], &mut c_next[..block]);
        let h_next = &mut hs[(t + 1) * block..][..block];
        let tanh_c = &mut tanh_cs[t * block..][..block];
        for (b, row) in gates.chunks_exact_mut(4 * h).enumerate() {
            let (i, rest) = row.split_at_mut(h);
            let (f, rest) = rest.split_at_mut(h);
            let (g, o) = rest.split_at_mut(h);
            let o = &mut o[..h];
            sigmoid_in_place(i);
            sigmoid_in_place(f);
            tanh_in_place(g);
            sigmoid_in_place(o);
            let at = b * h..(b + 1) * h;
            let (c_prev, c_new, tanh_c, h_new) = (&c_prev[at.clone()], &mut c_next[at.clone()], &mut tanh_c[at.clone()], &mut h_next[at]);
            for k in 0..h {
                c_new[k] = f[k] * c_prev[k] + i[k] * g[k];
                tanh_c[k] = tanh(c_new[k]);
                h_new[k] = o[k] * tanh_c[k];
            }
        }
    }
    Trace { batch, steps, h: hs, c: cs, gates: projection, hh_n: Vec::new(), tanh_c: tanh_cs }
}

/// `d_out` (T·B, H): loss gradient at each output; `dh`, `dc` (B, H): gradient arriving at the
/// final state from beyond the window (zeros in truncated BPTT). Returns the pre-activation gradient
/// (T·B, 4H) (the same for the input and recurrent products), dh0 and dc0 (B, H).
pub fn backward(w: &Weights, trace: &Trace, d_out: &[f32], mut dh: Vec<f32>, mut dc: Vec<f32>) -> (StepGrads, Vec<f32>, Vec<f32>) {
    let (batch, h) = (trace.batch, w.hidden);
    let block = batch * h;
    let mut d_pre = vec![0.0; trace.steps * 4 * block];
    for t in (0..trace.steps).rev() {
        let rows = &mut d_pre[t * 4 * block..][..4 * block];
        for (b, d) in rows.chunks_exact_mut(4 * h).enumerate() {
            let gates = &trace.gates[(t * batch + b) * 4 * h..][..4 * h];
            // every slice cut to exactly h, so the loop has no bounds checks and vectorises
            let (i, f, g, o) = (&gates[..h], &gates[h..2 * h], &gates[2 * h..3 * h], &gates[3 * h..][..h]);
            let at = b * h..(b + 1) * h;
            let tanh_c = &trace.tanh_c[t * block..][at.clone()];
            let c_prev = &trace.c[t * block..][at.clone()];
            let d_out = &d_out[t * block..][at.clone()];
            let (dh, dc) = (&dh[at.clone()], &mut dc[at]);
            let (d_i, rest) = d.split_at_mut(h);
            let (d_f, rest) = rest.split_at_mut(h);
            let (d_g, d_o) = rest.split_at_mut(h);
            let d_o = &mut d_o[..h];
            for k in 0..h {
                let d_h = d_out[k] + dh[k];
                let d_c = dc[k] + d_h * o[k] * tanh_grad(tanh_c[k]);
                d_i[k] = d_c * g[k] * sigmoid_grad(i[k]);
                d_f[k] = d_c * c_prev[k] * sigmoid_grad(f[k]);
                d_g[k] = d_c * i[k] * tanh_grad(g[k]);
                d_o[k] = d_h * tanh_c[k] * sigmoid_grad(o[k]);
                dc[k] = d_c * f[k];
            }
        }
        dh.fill(0.0);
        recurrent_backward(w, rows, &mut dh);
    }
    (StepGrads { d_ih: d_pre, d_hh: None }, dh, dc)
}
