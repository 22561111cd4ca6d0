//! The GRU cell, PyTorch's nn.GRU (gates stacked r, z, n):
//!     r = σ(W_ir x + b_ir + W_hr h + b_hr),  z = σ(W_iz x + b_iz + W_hz h + b_hz)
//!     n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),  h' = (1 - z) ⊙ n + z ⊙ h
//! The reset gate multiplies W_hn h + b_hn (PyTorch's form, not W_hn (r ⊙ h)), so the recurrent
//! product's gradient differs from the input product's in the n block.

use alloc::vec;
use alloc::vec::Vec;

use crate::kernels::{add_rows, sigmoid, sigmoid_grad, tanh, tanh_grad};
use crate::layer::{recurrent_backward, recurrent_forward, StepGrads, Trace, Weights};

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
        recurrent_forward(w, &hs[t * block..][..block], &mut hh);
        let gates = &mut projection[t * 3 * block..][..3 * block];
        for b in 0..batch {
            let row = &mut gates[b * 3 * h..][..3 * h];
            let hh_row = &hh[b * 3 * h..][..3 * h];
            for k in 0..h {
                let r = sigmoid(row[k] + hh_row[k]);
                let z = sigmoid(row[h + k] + hh_row[h + k]);
                let n = tanh(row[2 * h + k] + r * hh_row[2 * h + k]);
                row[k] = r;
                row[h + k] = z;
                row[2 * h + k] = n;
                hh_n[t * block + b * h + k] = hh_row[2 * h + k];
                let h_prev = hs[t * block + b * h + k];
                hs[(t + 1) * block + b * h + k] = (1.0 - z) * n + z * h_prev;
            }
        }
    }
    Trace { batch, steps, h: hs, gates: projection, hh_n, ..Trace::default() }
}

/// `d_out` (T·B, H): loss gradient at each output; `dh` (B, H): gradient arriving at the
/// final state from beyond the window (zeros in truncated BPTT). Returns the gradients of the input and recurrent
/// pre-activations (T·B, 3H each), dh0 (B, H) and an empty dc0.
pub fn backward(w: &Weights, trace: &Trace, d_out: &[f32], mut dh: Vec<f32>) -> (StepGrads, Vec<f32>, Vec<f32>) {
    let (batch, h) = (trace.batch, w.hidden);
    let block = batch * h;
    let mut d_ih = vec![0.0; trace.steps * 3 * block];
    let mut d_hh = vec![0.0; trace.steps * 3 * block];
    let mut dh_direct = vec![0.0; block]; // the z ⊙ h path, which skips the product
    for t in (0..trace.steps).rev() {
        for b in 0..batch {
            let at_row = (t * batch + b) * 3 * h;
            let gates = &trace.gates[at_row..][..3 * h];
            for k in 0..h {
                let at = b * h + k;
                let (r, z, n) = (gates[k], gates[h + k], gates[2 * h + k]);
                let d_h = d_out[t * block + at] + dh[at];
                let h_prev = trace.h[t * block + at];
                let d_n = d_h * (1.0 - z) * tanh_grad(n);
                let d_z = d_h * (h_prev - n) * sigmoid_grad(z);
                let d_r = d_n * trace.hh_n[t * block + at] * sigmoid_grad(r);
                d_ih[at_row + k] = d_r;
                d_ih[at_row + h + k] = d_z;
                d_ih[at_row + 2 * h + k] = d_n;
                d_hh[at_row + k] = d_r;
                d_hh[at_row + h + k] = d_z;
                d_hh[at_row + 2 * h + k] = d_n * r;
                dh_direct[at] = d_h * z;
            }
        }
        dh.copy_from_slice(&dh_direct);
        recurrent_backward(w, &d_hh[t * 3 * block..][..3 * block], &mut dh);
    }
    (StepGrads { d_ih, d_hh: Some(d_hh) }, dh, Vec::new())
}
