//! The few numeric kernels everything else is built from: one matrix product and the activations.
//!
//! Determinism rule: every output element is a sum taken in one fixed order (over the inner index,
//! first to last, one multiply then one add, never fused), whatever the tile, the edge path or the
//! platform. Vectorising across *outputs* (f32x4 lanes are four different outputs) keeps that rule
//! for free, so native SSE2, wasm simd128 and the scalar edge code give the same bits.

use wide::f32x4;

// ---------------------------------------------------------------- matrix product

/// `c (m×n) += a · b` where `b` is (k×n) row-major and `a` is (m×k) read through strides:
/// element (i, p) of `a` sits at `a[i*a_row + p*a_col]`. `a_row = k, a_col = 1` is a plain product;
/// `a_row = 1, a_col = m` multiplies by the transpose of a (k×m) row-major matrix.
/// Each `c[i][j]` gets `((c + a[i][0]·b[0][j]) + a[i][1]·b[1][j]) + …`, in that order.
pub fn gemm(m: usize, n: usize, k: usize, a: &[f32], a_row: usize, a_col: usize, b: &[f32], c: &mut [f32]) {
    debug_assert!(b.len() >= k * n && c.len() >= m * n, "gemm: b or c shorter than its shape");
    debug_assert!(m == 0 || k == 0 || a.len() > (m - 1) * a_row + (k - 1) * a_col, "gemm: a shorter than its shape");
    const ROWS: usize = 4;
    const COLS: usize = 8;
    let n_tiled = n - n % COLS;
    let mut i = 0;
    while i + ROWS <= m {
        let mut j = 0;
        while j < n_tiled {
            let mut acc = [[f32x4::ZERO; 2]; ROWS];
            for (r, row) in acc.iter_mut().enumerate() {
                row[0] = load(&c[(i + r) * n + j..]);
                row[1] = load(&c[(i + r) * n + j + 4..]);
            }
            for p in 0..k {
                let b0 = load(&b[p * n + j..]);
                let b1 = load(&b[p * n + j + 4..]);
                for (r, row) in acc.iter_mut().enumerate() {
                    let x = f32x4::splat(a[(i + r) * a_row + p * a_col]);
                    row[0] += x * b0;
                    row[1] += x * b1;
                }
            }
            for (r, row) in acc.iter().enumerate() {
                store(&mut c[(i + r) * n + j..], row[0]);
                store(&mut c[(i + r) * n + j + 4..], row[1]);
            }
            j += COLS;
        }
        gemm_scalar(i, i + ROWS, n_tiled, n, k, a, a_row, a_col, b, c);
        i += ROWS;
    }
    // leftover rows, one at a time, vectorised across columns
    while i < m {
        let mut j = 0;
        while j + 4 <= n {
            let mut acc = load(&c[i * n + j..]);
            for p in 0..k {
                acc += f32x4::splat(a[i * a_row + p * a_col]) * load(&b[p * n + j..]);
            }
            store(&mut c[i * n + j..], acc);
            j += 4;
        }
        gemm_scalar(i, i + 1, j, n, k, a, a_row, a_col, b, c);
        i += 1;
    }
}

/// The same sums, one element at a time, for rows `rows_from..rows_to` and columns `cols_from..n`.
#[allow(clippy::too_many_arguments)]
fn gemm_scalar(
    rows_from: usize, rows_to: usize, cols_from: usize, n: usize, k: usize,
    a: &[f32], a_row: usize, a_col: usize, b: &[f32], c: &mut [f32],
) {
    for i in rows_from..rows_to {
        for j in cols_from..n {
            let mut acc = c[i * n + j];
            for p in 0..k {
                acc += a[i * a_row + p * a_col] * b[p * n + j];
            }
            c[i * n + j] = acc;
        }
    }
}

#[inline(always)]
fn load(x: &[f32]) -> f32x4 {
    f32x4::new([x[0], x[1], x[2], x[3]])
}

#[inline(always)]
fn store(x: &mut [f32], v: f32x4) {
    x[..4].copy_from_slice(&v.to_array());
}

/// `out (cols×rows) = transpose of m (rows×cols)`, both row-major.
pub fn transpose(rows: usize, cols: usize, m: &[f32], out: &mut [f32]) {
    for r in 0..rows {
        for c in 0..cols {
            out[c * rows + r] = m[r * cols + c];
        }
    }
}

/// Adds row `bias` (n) to every row of `c` (m×n).
pub fn add_rows(c: &mut [f32], bias: &[f32]) {
    for row in c.chunks_exact_mut(bias.len()) {
        for (x, b) in row.iter_mut().zip(bias) {
            *x += b;
        }
    }
}

/// `out (n) += Σ_rows m (rows×n)`, summing rows first to last.
pub fn add_column_sums(m: &[f32], out: &mut [f32]) {
    for row in m.chunks_exact(out.len()) {
        for (o, x) in out.iter_mut().zip(row) {
            *o += x;
        }
    }
}

// ---------------------------------------------------------------- activations
// each is a pair: the function, and its derivative written in terms of the output y

#[inline]
pub fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + libm::expf(-x))
}

/// dσ/dx from y = σ(x).
#[inline]
pub fn sigmoid_grad(y: f32) -> f32 {
    y * (1.0 - y)
}

#[inline]
pub fn tanh(x: f32) -> f32 {
    libm::tanhf(x)
}

/// d tanh/dx from y = tanh(x).
#[inline]
pub fn tanh_grad(y: f32) -> f32 {
    1.0 - y * y
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    fn naive(m: usize, n: usize, k: usize, a: &[f32], a_row: usize, a_col: usize, b: &[f32], c: &mut [f32]) {
        gemm_scalar(0, m, 0, n, k, a, a_row, a_col, b, c);
    }

    fn filled(len: usize, seed: u64) -> Vec<f32> {
        let mut rng = crate::Rng::new(seed);
        (0..len).map(|_| rng.uniform_in(-1.0, 1.0)).collect()
    }

    #[test]
    fn tiled_product_equals_the_plain_sum_to_the_bit() {
        // shapes that hit every edge path: rows and columns off the 4×8 tile
        for &(m, n, k) in &[(1, 1, 1), (4, 8, 3), (5, 13, 7), (32, 512, 128), (7, 4, 0), (9, 30, 17)] {
            let a = filled(m * k, 1);
            let b = filled(k * n, 2);
            let c0 = filled(m * n, 3);
            let (mut fast, mut slow) = (c0.clone(), c0.clone());
            gemm(m, n, k, &a, k, 1, &b, &mut fast);
            naive(m, n, k, &a, k, 1, &b, &mut slow);
            assert!(fast.iter().zip(&slow).all(|(x, y)| x.to_bits() == y.to_bits()), "({m},{n},{k})");
            // transposed a: (k×m) read as (m×k)
            let (mut fast, mut slow) = (c0.clone(), c0);
            gemm(m, n, k, &a, 1, m, &b, &mut fast);
            naive(m, n, k, &a, 1, m, &b, &mut slow);
            assert!(fast.iter().zip(&slow).all(|(x, y)| x.to_bits() == y.to_bits()), "T ({m},{n},{k})");
        }
    }

    #[test]
    fn product_matches_hand_arithmetic() {
        // [1 2; 3 4] · [5 6; 7 8] = [19 22; 43 50], added to c = 1
        let mut c = [1.0; 4];
        gemm(2, 2, 2, &[1.0, 2.0, 3.0, 4.0], 2, 1, &[5.0, 6.0, 7.0, 8.0], &mut c);
        assert_eq!(c, [20.0, 23.0, 44.0, 51.0]);
        // transpose of [1 2; 3 4] is [1 3; 2 4]: [1 3; 2 4] · [5 6; 7 8] = [26 30; 38 44]
        let mut c = [0.0; 4];
        gemm(2, 2, 2, &[1.0, 2.0, 3.0, 4.0], 1, 2, &[5.0, 6.0, 7.0, 8.0], &mut c);
        assert_eq!(c, [26.0, 30.0, 38.0, 44.0]);
    }

    #[test]
    fn activation_derivatives_match_finite_differences() {
        for &x in &[-3.0f32, -0.5, 0.0, 0.7, 2.5] {
            let h = 1e-3;
            let ds = (sigmoid(x + h) - sigmoid(x - h)) / (2.0 * h);
            let dt = (tanh(x + h) - tanh(x - h)) / (2.0 * h);
            assert!((ds - sigmoid_grad(sigmoid(x))).abs() < 1e-4);
            assert!((dt - tanh_grad(tanh(x))).abs() < 1e-4);
        }
    }
}
