//! The GRU cell, PyTorch's nn.GRU (gates stacked r, z, n):
//!     r = σ(W_ir x + b_ir + W_hr h + b_hr),  z = σ(W_iz x + b_iz + W_hz h + b_hz)
//!     n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),  h' = (1 - z) ⊙ n + z ⊙ h
//! The reset gate multiplies W_hn h + b_hn (PyTorch's form, not W_hn (r ⊙ h)), so the recurrent
//! product's gradient differs from the input product's in the n block.

use alloc::vec;
use alloc::vec::Vec;

use crate::kernels::{add_rows, sigmoid_grad, sigmoid_in_place, tanh_grad, tanh_in_place};
use super::shared::{recurrent_backward, recurrent_forward, StepGrads, Trace, Weights};

/// `projection` (T·B, 3H) holds `b_ih + x·W_ihᵀ` per step; `h0` (B, H) the carried state.
pub fn forward(w: &Weights, mut projection: Vec<f32>, batch: usize, steps: usize, h0: &[f32]) -> Trace {
    let h = w.hidden;
    let block = batch * h;
    let mut hs = vec![0.0; (steps + 1) * block];
    let mut hh_n = vec![0.0; steps * block];
    let mut hh = vec![0.0; 3 * block]; // b_hh + h·W_hhᵀ for one step, (B, 3H)
    hs[..block].copy_from_slice(h0);
    for t in 0..steps {
        hh.fill(0.0);
        add_rows(&mut hh, w.b_hh);
        let (past, future) = hs.split_at_mut((t + 1) * block);
        let (h_prev, h_next) = (&past[t * block..], &mut future[..block]);
        recurrent_forward(w, h_prev, &mut hh);
        let gates = &mut projection[t * 3 * block..][..3 * block];
        let hh_n = &mut hh_n[t * block..][..block];
        for (b, (row, hh_row)) in gates.chunks_exact_mut(3 * h).zip(hh.chunks_exact(3 * h)).enumerate() {
            // every slice cut to exactly h, so the loop has no bounds checks and vectorises
            let (r, rest) = row.split_at_mut(h);
            let (z, n) = rest.split_at_mut(h);
            let (n, hh_nb) = (&mut n[..h], &hh_row[2 * h..][..h]);
            let (hh_r, hh_z) = (&hh_row[..h], &hh_row[h..2 * h]);
            let at = b * h..(b + 1) * h;
            let (h_prev, h_next, hh_n) = (&h_prev[at.clone()], &mut h_next[at.clone()], &mut hh_n[at]);
            // simple passes, each of which vectorises; one fused loop did not
            r.iter_mut().zip(hh_r).for_each(|(x, y)| *x += y);
            z.iter_mut().zip(hh_z).for_each(|(x, y)| *x += y);
            sigmoid_in_place(r);
            sigmoid_in_place(z);
            for k in 0..h {
                n[k] += r[k] * hh_nb[k];
            }
            tanh_in_place(n);
            hh_n.copy_from_slice(hh_nb);
            for k in 0..h {
                h_next[k] = (1.0 - z[k]) * n[k] + z[k] * h_prev[k];
            }
        }
    }
    Trace { batch, steps, h: hs, gates: projection, hh_n, ..Trace::default() }
}

/// `d_out` (T·B, H): loss gradient at each output; `dh` (B, H): gradient arriving at the
/// final state from beyond the window (zeros in truncated BPTT). Returns the gradients of the input
/// and recurrent pre-activations (T·B, 3H each), dh0 (B, H) and an empty dc0.
pub fn backward(w: &Weights, trace: &Trace, d_out: &[f32], mut dh: Vec<f32>) -> (StepGrads, Vec<f32>, Vec<f32>) {
    let (batch, h) = (trace.batch, w.hidden);
    let block = batch * h;
    let mut d_ih = vec![0.0; trace.steps * 3 * block];
    let mut d_hh = vec![0.0; trace.steps * 3 * block];
    for t in (0..trace.steps).rev() {
        let rows_ih = &mut d_ih[t * 3 * block..][..3 * block];
        let rows_hh = &mut d_hh[t * 3 * block..][..3 * block];
        let gates = &trace.gates[t * 3 * block..][..3 * block];
        for (b, ((d_i, d_h_row), gate_row)) in rows_ih.chunks_exact_mut(3 * h).zip(rows_hh.chunks_exact_mut(3 * h)).zip(gates.chunks_exact(3 * h)).enumerate() {
            // every slice cut to exactly h, so the loop has no bounds checks and vectorises
            let (r, z, n) = (&gate_row[..h], &gate_row[h..2 * h], &gate_row[2 * h..][..h]);
            let at = b * h..(b + 1) * h;
            let h_prev = &trace.h[t * block..][at.clone()];
            let hh_n = &trace.hh_n[t * block..][at.clone()];
            let d_out = &d_out[t * block..][at.clone()];
            let dh = &mut dh[at];
            let (d_r, rest) = d_i.split_at_mut(h);
            let (d_z, d_n) = rest.split_at_mut(h);
            let d_n = &mut d_n[..h];
            let (dh_r, rest) = d_h_row.split_at_mut(h);
            let (dh_z, dh_n) = rest.split_at_mut(h);
            let dh_n = &mut dh_n[..h];
            for k in 0..h {
                let d_h = d_out[k] + dh[k];
                let d_pre_n = d_h * (1.0 - z[k]) * tanh_grad(n[k]);
                let d_pre_z = d_h * (h_prev[k] - n[k]) * sigmoid_grad(z[k]);
                let d_pre_r = d_pre_n * hh_n[k] * sigmoid_grad(r[k]);
                d_r[k] = d_pre_r;
                d_z[k] = d_pre_z;
                d_n[k] = d_pre_n;
                dh_r[k] = d_pre_r;
                dh_z[k] = d_pre_z;
                dh_n[k] = d_pre_n * r[k];
                // the z ⊙ h path skips the product; the product's share is added below
                dh[k] = d_h * z[k];
            }
        }
        recurrent_backward(w, rows_hh, &mut dh);
    }
    (StepGrads { d_ih, d_hh: Some(d_hh) }, dh, Vec::new())
}
