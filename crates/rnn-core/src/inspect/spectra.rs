//! Spectra: how the recurrent weights stretch a state, the spectral radius and largest singular
//! value of each W_hh gate block, with the small linear algebra they need (power iterations in f64).

use alloc::vec;
use alloc::vec::Vec;

use serde::Serialize;

use crate::config::CellKind;
use crate::model::Model;
use crate::Rng;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Spectrum {
    pub layer: usize,
    /// The W_hh block: "hidden" (RNN); "input", "forget", "cell", "output" (LSTM); "reset", "update",
    /// "new" (GRU).
    pub block: &'static str,
    /// max |λ| over the block's eigenvalues (an estimate, see [`spectral_radius`]).
    pub spectral_radius: f32,
    /// The block's largest singular value, its operator 2-norm.
    pub top_singular_value: f32,
}

/// The names of a cell's W_hh blocks, in the order they are stacked (and [`spectra`] lists them).
pub fn block_names(cell: CellKind) -> &'static [&'static str] {
    match cell {
        CellKind::Rnn => &["hidden"],
        CellKind::Gru => &["reset", "update", "new"],
        CellKind::Lstm => &["input", "forget", "cell", "output"],
    }
}

/// Spectral radius and largest singular value of each (H × H) block of every layer's W_hh.
pub fn spectra(model: &Model) -> Vec<Spectrum> {
    let names = block_names(model.config.cell);
    let h = model.config.hidden;
    let mut out = Vec::new();
    for layer in 0..model.config.layers {
        for (block, matrix) in names.iter().zip(model.weights(layer).w_hh.chunks_exact(h * h)) {
            let matrix: Vec<f64> = matrix.iter().map(|&x| x as f64).collect();
            out.push(Spectrum { layer, block, spectral_radius: spectral_radius(h, &matrix), top_singular_value: top_singular_value(h, &matrix) });
        }
    }
    out
}

/// Power iterations for the spectral measures: enough for a few per cent on trained 128 × 128 blocks.
const POWER_STEPS: usize = 128;

/// max |λ| of the (n × n) row-major `matrix`, by Gelfand's formula ρ = lim ‖A^k v‖^{1/k}: the mean
/// growth per step of ‖A^k v‖ over the second half of [`POWER_STEPS`] steps from a fixed random v.
/// Unlike a Rayleigh quotient it needs no dominant real eigenvalue: a complex pair, or several
/// eigenvalues on the same circle (an orthogonal matrix), grow the norm at the same rate.
pub fn spectral_radius(n: usize, matrix: &[f64]) -> f32 {
    let transposed = transpose(n, matrix);
    let mut v = start_vector(n);
    let mut log_growth = 0.0;
    for step in 0..POWER_STEPS {
        let next = multiply(n, &transposed, &v);
        let norm = norm(&next);
        if norm == 0.0 || !norm.is_finite() {
            return if norm == 0.0 { 0.0 } else { f32::INFINITY };
        }
        if step >= POWER_STEPS / 2 {
            log_growth += libm::log(norm);
        }
        v = next.into_iter().map(|x| x / norm).collect();
    }
    libm::exp(log_growth / (POWER_STEPS - POWER_STEPS / 2) as f64) as f32
}

/// The largest singular value of the (n × n) row-major `matrix`: power iteration on AᵀA.
pub fn top_singular_value(n: usize, matrix: &[f64]) -> f32 {
    let transposed = transpose(n, matrix);
    let mut v = start_vector(n);
    let mut sigma = 0.0;
    for _ in 0..POWER_STEPS {
        let image = multiply(n, &transposed, &v);
        sigma = norm(&image); // ‖Av‖ with ‖v‖ = 1
        let back = multiply(n, matrix, &image);
        let size = norm(&back);
        if size == 0.0 || !size.is_finite() {
            break;
        }
        v = back.into_iter().map(|x| x / size).collect();
    }
    sigma as f32
}

/// A fixed unit vector with every component nonzero, so no eigenvector is missed by symmetry.
fn start_vector(n: usize) -> Vec<f64> {
    let mut rng = Rng::new(0x7370_6563); // "spec"
    let v: Vec<f64> = (0..n).map(|_| 0.5 + rng.uniform() as f64).collect();
    let size = norm(&v);
    v.into_iter().map(|x| x / size).collect()
}

fn norm(v: &[f64]) -> f64 {
    libm::sqrt(v.iter().map(|x| x * x).sum::<f64>())
}

fn transpose(n: usize, matrix: &[f64]) -> Vec<f64> {
    (0..n * n).map(|at| matrix[(at % n) * n + at / n]).collect()
}

/// Bᵀ v for the (n × n) row-major B, as a sum of B's rows (which vectorises): pass Aᵀ to get A v.
fn multiply(n: usize, b: &[f64], v: &[f64]) -> Vec<f64> {
    let mut out = vec![0.0; n];
    for (row, &x) in b.chunks_exact(n).zip(v) {
        out.iter_mut().zip(row).for_each(|(o, b)| *o += b * x);
    }
    out
}
