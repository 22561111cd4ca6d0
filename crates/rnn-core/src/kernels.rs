//! The few numeric kernels everything else is built from: one matrix product and the activations.
//!
//! Determinism rule: every output element is a sum taken in one fixed order (over the inner index,
//! first to last, one multiply then one add, never fused), whatever the tile, the edge path or the
//! platform. Vectorising across *outputs* (f32x4 lanes are four different outputs) keeps that rule
//! for free, so native SSE2, wasm simd128 and the scalar edge code give the same bits.

use alloc::vec::Vec;
use wide::f32x4;

/// The vector the register tiles are made of: 8 lanes where AVX is compiled in (the native build,
/// see `.cargo/config.toml`), else 4 (SSE2, wasm simd128). Lanes are separate outputs, so the width
/// changes speed only, never a result.
#[cfg(all(target_arch = "x86_64", target_feature = "avx"))]
type Lanes = wide::f32x8;
#[cfg(not(all(target_arch = "x86_64", target_feature = "avx")))]
type Lanes = wide::f32x4;
const LANES: usize = core::mem::size_of::<Lanes>() / 4;

// ---------------------------------------------------------------- matrix product

/// `c (m×n) += a · b` where `b` is (k×n) row-major and `a` is (m×k) read through strides:
/// element (i, p) of `a` sits at `a[i*a_row + p*a_col]`. `a_row = k, a_col = 1` is a plain product;
/// `a_row = 1, a_col = m` multiplies by the transpose of a (k×m) row-major matrix.
/// Each `c[i][j]` gets `((c + a[i][0]·b[0][j]) + a[i][1]·b[1][j]) + …`, in that order.
pub fn gemm(m: usize, n: usize, k: usize, a: &[f32], a_row: usize, a_col: usize, b: &[f32], c: &mut [f32]) {
    let packed = if m >= ROWS { pack(k, n, b) } else { Vec::new() };
    gemm_packed(m, n, k, a, a_row, a_col, b, &packed, c);
}

/// `b` (k×n) rearranged for the register tiles (BLIS-style), so they read it front to back: for each
/// block of K_BLOCK rows, for each strip of COLS columns, that block's rows of that strip.
/// Pack a matrix once when it is the right operand of many products (a recurrent weight).
pub fn pack(k: usize, n: usize, b: &[f32]) -> Vec<f32> {
    let n_tiled = n - n % COLS;
    // written front to back, so built by appending rather than zeroed first (a memset the profile showed)
    let mut packed = Vec::with_capacity(k * n_tiled);
    for p0 in (0..k).step_by(K_BLOCK) {
        let kb = K_BLOCK.min(k - p0);
        for s in 0..n_tiled / COLS {
            for p in 0..kb {
                packed.extend_from_slice(&b[(p0 + p) * n + s * COLS..][..COLS]);
            }
        }
    }
    debug_assert_eq!(packed.len(), k * n_tiled);
    packed
}

/// `gemm` with `b` already packed (`packed = pack(k, n, b)`; `b` itself serves the edges).
#[allow(clippy::too_many_arguments)]
pub fn gemm_packed(m: usize, n: usize, k: usize, a: &[f32], a_row: usize, a_col: usize, b: &[f32], packed: &[f32], c: &mut [f32]) {
    debug_assert!(b.len() >= k * n && c.len() >= m * n, "gemm: b or c shorter than its shape");
    debug_assert!(m == 0 || k == 0 || a.len() > (m - 1) * a_row + (k - 1) * a_col, "gemm: a shorter than its shape");
    let (m_tiled, n_tiled) = (m - m % ROWS, n - n % COLS);
    if m_tiled > 0 && n_tiled > 0 {
        debug_assert_eq!(packed.len(), k * n_tiled, "gemm: b is not packed for this shape");
        // blocks of the inner index keep the packed operands in cache; each sum still runs first to last
        let k_block = K_BLOCK.min(k);
        // strided a: panels[t][p][r] = a[t·ROWS + r][p], packed once per block, so the tile reads
        // its ROWS values of one p side by side. (Reading a transposed a in place, where they are side
        // by side already, measured the same on one thread and 7% slower on two.)
        let packs = a_col != 1;
        let mut panels = if packs { alloc::vec![0.0f32; k_block * m_tiled] } else { Vec::new() };
        for p0 in (0..k).step_by(K_BLOCK) {
            let kb = K_BLOCK.min(k - p0);
            if packs {
                for (t, panel) in panels.chunks_exact_mut(k_block * ROWS).enumerate() {
                    for (p, column) in panel.chunks_exact_mut(ROWS).take(kb).enumerate() {
                        for (r, x) in column.iter_mut().enumerate() {
                            *x = a[(t * ROWS + r) * a_row + (p0 + p) * a_col];
                        }
                    }
                }
            }
            let block = &packed[p0 * n_tiled..][..kb * n_tiled];
            let strips = n_tiled / COLS;
            let mut s = 0;
            while s < strips {
                // two strips at once where the CPU has AVX-512: twice the independent sums in flight
                let pair = s + 1 < strips && wide512_available();
                let width = if pair { 2 } else { 1 };
                let strip = &block[s * kb * COLS..][..width * kb * COLS];
                for t in 0..m_tiled / ROWS {
                    // element (r, p) of this tile's a at a_t[r·rs + p·ps]
                    let (a_t, rs, ps) = if !packs {
                        (&a[t * ROWS * a_row + p0 * a_col..], a_row, a_col)
                    } else {
                        (&panels[t * k_block * ROWS..], 1, ROWS)
                    };
                    let c_t = &mut c[t * ROWS * n + s * COLS..];
                    if pair {
                        tile_pair(kb, a_t, rs, ps, strip, c_t, n);
                    } else {
                        tile(kb, a_t, rs, ps, strip, c_t, n);
                    }
                }
                s += width;
            }
        }
    }
    gemm_scalar(0, m_tiled, n_tiled, n, k, a, a_row, a_col, b, c);
    // leftover rows, one at a time, vectorised across columns
    for i in m_tiled..m {
        let mut j = 0;
        while j + 4 <= n {
            let mut acc = load(&c[i * n + j..]);
            for (p, b_row) in b[..k * n].chunks_exact(n).enumerate() {
                acc += f32x4::splat(a[i * a_row + p * a_col]) * load(&b_row[j..]);
            }
            store(&mut c[i * n + j..], acc);
            j += 4;
        }
        gemm_scalar(i, i + 1, j, n, k, a, a_row, a_col, b, c);
    }
}

const ROWS: usize = 4;
const COLS: usize = 2 * LANES;
const K_BLOCK: usize = 256;

/// Whether the native AVX-512 tiles run (detected once at run time; never in wasm).
#[inline(always)]
fn wide512_available() -> bool {
    #[cfg(all(feature = "std", target_arch = "x86_64", target_feature = "avx"))]
    return wide512::available();
    #[cfg(not(all(feature = "std", target_arch = "x86_64", target_feature = "avx")))]
    return false;
}

/// Checks once what a tile's unchecked loop then reads and writes: `a` (ROWS × kb through strides
/// rs, ps), `strip` (kb × width·COLS) and `c` (ROWS × width·COLS at row stride n).
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn check_tile(kb: usize, a: &[f32], rs: usize, ps: usize, strip: &[f32], c: &[f32], n: usize, width: usize) {
    assert!(
        strip.len() >= kb * width * COLS && c.len() >= (ROWS - 1) * n + width * COLS && (kb == 0 || a.len() > (ROWS - 1) * rs + (kb - 1) * ps),
        "gemm tile: an operand is shorter than its shape"
    );
}

/// One register tile: `c` (ROWS × COLS at row stride n) += a (ROWS × kb, element (r, p) at
/// `a[r·rs + p·ps]`) · strip (kb × COLS). Where the CPU has AVX-512 (detected at run time, native
/// builds with std), each row's COLS = 16 columns are one 512-bit register instead of two 256-bit
/// ones: the same multiplies and adds on the same lanes, in the same order, so the same bits.
#[inline(always)]
fn tile(kb: usize, a: &[f32], rs: usize, ps: usize, strip: &[f32], c: &mut [f32], n: usize) {
    check_tile(kb, a, rs, ps, strip, c, n, 1);
    #[cfg(all(feature = "std", target_arch = "x86_64", target_feature = "avx"))]
    if wide512::available() {
        // SAFETY: the CPU has AVX-512F (checked at run time); the operands' extents were checked.
        return unsafe { wide512::tile(kb, a.as_ptr(), rs, ps, strip.as_ptr(), c.as_mut_ptr(), n) };
    }
    // SAFETY: check_tile covers every index the loop reads and writes.
    unsafe { tile_lanes(kb, a, rs, ps, strip, c, n) }
}

/// Two adjacent strips (ROWS × 2·COLS) in one tile; AVX-512 only (`wide512_available`).
#[inline(always)]
fn tile_pair(kb: usize, a: &[f32], rs: usize, ps: usize, strip: &[f32], c: &mut [f32], n: usize) {
    check_tile(kb, a, rs, ps, strip, c, n, 2);
    #[cfg(all(feature = "std", target_arch = "x86_64", target_feature = "avx"))]
    // SAFETY: only called where wide512::available(); the operands' extents were checked.
    return unsafe { wide512::tile_pair(kb, a.as_ptr(), rs, ps, strip.as_ptr(), c.as_mut_ptr(), n) };
    #[cfg(not(all(feature = "std", target_arch = "x86_64", target_feature = "avx")))]
    unreachable!("two-strip tiles need AVX-512");
}

/// # Safety
/// `check_tile(kb, a, rs, ps, strip, c, n, 1)` holds.
#[inline(always)]
unsafe fn tile_lanes(kb: usize, a: &[f32], rs: usize, ps: usize, strip: &[f32], c: &mut [f32], n: usize) {
    let mut acc = [[Lanes::ZERO; 2]; ROWS];
    for (r, row) in acc.iter_mut().enumerate() {
        row[0] = load_lanes(&c[r * n..]);
        row[1] = load_lanes(&c[r * n + LANES..]);
    }
    for p in 0..kb {
        // SAFETY: p < kb, so p·COLS + COLS <= strip.len() and r·rs + p·ps < a.len() (check_tile).
        let (b0, b1) = unsafe {
            let b = strip.as_ptr().add(p * COLS);
            (Lanes::new(*b.cast::<[f32; LANES]>()), Lanes::new(*b.add(LANES).cast::<[f32; LANES]>()))
        };
        for (r, row) in acc.iter_mut().enumerate() {
            let x = Lanes::splat(unsafe { *a.get_unchecked(r * rs + p * ps) });
            row[0] += x * b0;
            row[1] += x * b1;
        }
    }
    for (r, row) in acc.iter().enumerate() {
        c[r * n..][..LANES].copy_from_slice(&row[0].to_array());
        c[r * n + LANES..][..LANES].copy_from_slice(&row[1].to_array());
    }
}

/// The register tiles in AVX-512, for CPUs that have it (native builds only; wasm has no such width).
#[cfg(all(feature = "std", target_arch = "x86_64", target_feature = "avx"))]
mod wide512 {
    use super::{COLS, ROWS};
    use core::arch::x86_64::{__m512, _mm512_add_ps, _mm512_loadu_ps, _mm512_mul_ps, _mm512_set1_ps, _mm512_storeu_ps};
    use std::sync::atomic::{AtomicU8, Ordering};

    const _: () = assert!(COLS == 16, "one 512-bit register holds a tile row");
    static STATE: AtomicU8 = AtomicU8::new(0); // 0 unknown, 1 no, 2 yes

    /// AVX-512F on this CPU, unless `RNN_AVX512=off` (for A/B timing; results are the same).
    pub fn available() -> bool {
        match STATE.load(Ordering::Relaxed) {
            0 => {
                let on = std::is_x86_feature_detected!("avx512f") && std::env::var("RNN_AVX512").map_or(true, |v| v != "off");
                STATE.store(if on { 2 } else { 1 }, Ordering::Relaxed);
                on
            }
            state => state == 2,
        }
    }

    /// `super::peak` in 512-bit registers.
    #[target_feature(enable = "avx512f")]
    pub unsafe fn peak(rounds: u32, scale: f32, step: f32) -> (f64, f32) {
        use core::arch::x86_64::{_mm512_reduce_add_ps, _mm512_setzero_ps};
        let (scale, step) = (_mm512_set1_ps(scale), _mm512_set1_ps(step));
        let mut products = [_mm512_set1_ps(1.0); 6];
        let mut sums = [_mm512_setzero_ps(); 6];
        for _ in 0..rounds {
            for (p, s) in products.iter_mut().zip(sums.iter_mut()) {
                *p = _mm512_mul_ps(*p, scale);
                *s = _mm512_add_ps(*s, step);
            }
        }
        let mut total = _mm512_setzero_ps();
        for (p, s) in products.iter().zip(&sums) {
            total = _mm512_add_ps(_mm512_add_ps(total, *p), *s);
        }
        (f64::from(rounds) * 12.0 * COLS as f64, _mm512_reduce_add_ps(total))
    }

    /// `super::tile_lanes` with a row in one register: multiply, then add (never fused), lane by lane.
    ///
    /// # Safety
    /// AVX-512F is available and `super::check_tile(kb, a, rs, ps, strip, c, n, 1)` holds.
    #[target_feature(enable = "avx512f")]
    pub unsafe fn tile(kb: usize, a: *const f32, rs: usize, ps: usize, strip: *const f32, c: *mut f32, n: usize) {
        unsafe {
            let mut acc: [__m512; ROWS] = core::array::from_fn(|r| _mm512_loadu_ps(c.add(r * n)));
            for p in 0..kb {
                let b = _mm512_loadu_ps(strip.add(p * COLS));
                for (r, row) in acc.iter_mut().enumerate() {
                    *row = _mm512_add_ps(*row, _mm512_mul_ps(_mm512_set1_ps(*a.add(r * rs + p * ps)), b));
                }
            }
            for (r, row) in acc.iter().enumerate() {
                _mm512_storeu_ps(c.add(r * n), *row);
            }
        }
    }

    /// Two adjacent strips at once (ROWS × 32 columns, eight registers): the add of each sum waits
    /// for its previous add, so eight independent sums keep both 512-bit units busy where four
    /// could not. The same multiplies and adds per output, in the same order.
    ///
    /// # Safety
    /// AVX-512F is available and `super::check_tile(kb, a, rs, ps, strip, c, n, 2)` holds.
    #[target_feature(enable = "avx512f")]
    pub unsafe fn tile_pair(kb: usize, a: *const f32, rs: usize, ps: usize, strip: *const f32, c: *mut f32, n: usize) {
        unsafe {
            let second = strip.add(kb * COLS);
            let mut lo: [__m512; ROWS] = core::array::from_fn(|r| _mm512_loadu_ps(c.add(r * n)));
            let mut hi: [__m512; ROWS] = core::array::from_fn(|r| _mm512_loadu_ps(c.add(r * n + COLS)));
            for p in 0..kb {
                let b0 = _mm512_loadu_ps(strip.add(p * COLS));
                let b1 = _mm512_loadu_ps(second.add(p * COLS));
                for r in 0..ROWS {
                    let x = _mm512_set1_ps(*a.add(r * rs + p * ps));
                    lo[r] = _mm512_add_ps(lo[r], _mm512_mul_ps(x, b0));
                    hi[r] = _mm512_add_ps(hi[r], _mm512_mul_ps(x, b1));
                }
            }
            for r in 0..ROWS {
                _mm512_storeu_ps(c.add(r * n), lo[r]);
                _mm512_storeu_ps(c.add(r * n + COLS), hi[r]);
            }
        }
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
    f32x4::new(x[..4].try_into().expect("four lanes"))
}

#[inline(always)]
fn load_lanes(x: &[f32]) -> Lanes {
    Lanes::new(x[..LANES].try_into().expect("a vector's lanes"))
}

#[inline(always)]
fn store(x: &mut [f32], v: f32x4) {
    x[..4].copy_from_slice(&v.to_array());
}

// ---------------------------------------------------------------- the ceiling

/// What the lanes the products use can do at most on this core: `rounds` rounds of twelve independent
/// chains, six multiplying and six adding (a product's step is one multiply and one add), with no
/// loads and nothing fused. Returns the flops done (a lane's multiply or add is one) and a value that
/// depends on every chain, so the work cannot be left out. Timed by the caller: flops per second
/// over the step's flops (`Config::flops_per_step`) bounds chars per second from above, whatever
/// the products' code. Pass `scale = 1.0, step = 0.0` (read at run time, so nothing folds away).
pub fn peak(rounds: u32, scale: f32, step: f32) -> (f64, f32) {
    #[cfg(all(feature = "std", target_arch = "x86_64", target_feature = "avx"))]
    if wide512::available() {
        // SAFETY: the CPU has AVX-512F (checked at run time).
        return unsafe { wide512::peak(rounds, scale, step) };
    }
    let (scale, step) = (Lanes::splat(scale), Lanes::splat(step));
    let mut products = [Lanes::splat(1.0); 6];
    let mut sums = [Lanes::ZERO; 6];
    for _ in 0..rounds {
        for (p, s) in products.iter_mut().zip(sums.iter_mut()) {
            *p *= scale;
            *s += step;
        }
    }
    let mut total = Lanes::ZERO;
    for (p, s) in products.iter().zip(&sums) {
        total = total + *p + *s;
    }
    (f64::from(rounds) * 12.0 * LANES as f64, total.to_array().iter().sum())
}

/// Flops a second of [`peak`] on this thread: the best of three runs of at least 0.2 s, timed by
/// `now` (seconds from any fixed origin; the caller's clock, as the core has none).
pub fn peak_per_sec(mut now: impl FnMut() -> f64) -> f64 {
    let (mut rounds, mut best, mut runs) = (1u32 << 16, 0.0f64, 0);
    while runs < 3 {
        let start = now();
        let (flops, value) = peak(rounds, core::hint::black_box(1.0), core::hint::black_box(0.0));
        core::hint::black_box(value);
        let seconds = now() - start;
        if seconds < 0.2 && rounds < (1 << 30) {
            rounds *= 2;
            continue;
        }
        best = best.max(flops / seconds);
        runs += 1;
    }
    best
}

/// `out (cols×rows) = transpose of m (rows×cols)`, both row-major.
/// In blocks of 16 × 16, so both sides stay in cache lines already loaded: the weights are
/// transposed after every update (and by every shard worker each step), where an element-by-element
/// walk down the columns measured 0.41 ms a step for LSTM-128 in wasm.
pub fn transpose(rows: usize, cols: usize, m: &[f32], out: &mut [f32]) {
    const BLOCK: usize = 16;
    let (m, out) = (&m[..rows * cols], &mut out[..rows * cols]);
    for r0 in (0..rows).step_by(BLOCK) {
        for c0 in (0..cols).step_by(BLOCK) {
            for r in r0..(r0 + BLOCK).min(rows) {
                for c in c0..(c0 + BLOCK).min(cols) {
                    out[c * rows + r] = m[r * cols + c];
                }
            }
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

/// e^x for x in [-87, 88] (clamped outside), within a relative 2^-23 (one ulp) of libm's: Cody-Waite reduction x = n·ln2 + r and
/// Cephes' degree-6 polynomial for e^r. Branch-free and made of adds, multiplies and bit moves only,
/// so loops over it vectorise and give the same bits everywhere; libm's expf is scalar and slower.
#[inline(always)]
pub fn exp(x: f32) -> f32 {
    const MAGIC: f32 = 12_582_912.0; // 1.5·2^23: adding it rounds to an integer held in the low mantissa bits
    // comparisons, not f32::clamp: in wasm that is a call to fmaxf, which stops vectorisation
    let x = if x < -87.0 { -87.0 } else if x > 88.0 { 88.0 } else { x };
    let t = x * core::f32::consts::LOG2_E + MAGIC;
    let n = t - MAGIC;
    let r = x - n * 0.693_359_4 - n * -2.121_944_4e-4;
    let p = ((((1.987_569_1e-4 * r + 1.398_199_9e-3) * r + 8.333_452e-3) * r + 4.166_579_6e-2) * r + 1.666_666_5e-1) * r + 5.000_000_1e-1;
    let e_r = p * r * r + r + 1.0;
    let two_n = f32::from_bits(((t.to_bits() as i32 - MAGIC.to_bits() as i32 + 127) << 23) as u32);
    e_r * two_n
}

/// √x, correctly rounded (IEEE) everywhere, so the same bits: wasm's vector instruction (its scalar
/// one is not stable in Rust yet, and libm's software root is a slow call there), else libm (SSE).
#[inline(always)]
pub fn sqrt(x: f32) -> f32 {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    return core::arch::wasm32::f32x4_extract_lane::<0>(core::arch::wasm32::f32x4_sqrt(core::arch::wasm32::f32x4_splat(x)));
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    return libm::sqrtf(x);
}

/// σ(x) = 1/(1 + e^-x), within 2^-23 ≈ 1.2e-7 absolute of libm's.
#[inline(always)]
pub fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + exp(-x))
}

/// dσ/dx from y = σ(x).
#[inline(always)]
pub fn sigmoid_grad(y: f32) -> f32 {
    y * (1.0 - y)
}

/// tanh(x) = 1 - 2/(e^{2x} + 1): exact at ±∞ and 0, within 1.5·2^-23 ≈ 1.8e-7 absolute of libm's elsewhere.
#[inline(always)]
pub fn tanh(x: f32) -> f32 {
    1.0 - 2.0 / (exp(2.0 * x) + 1.0)
}

/// d tanh/dx from y = tanh(x).
#[inline(always)]
pub fn tanh_grad(y: f32) -> f32 {
    1.0 - y * y
}

pub fn sigmoid_in_place(xs: &mut [f32]) {
    xs.iter_mut().for_each(|x| *x = sigmoid(*x));
}

pub fn tanh_in_place(xs: &mut [f32]) {
    xs.iter_mut().for_each(|x| *x = tanh(*x));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(m: usize, n: usize, k: usize, a: &[f32], a_row: usize, a_col: usize, b: &[f32], c: &mut [f32]) {
        gemm_scalar(0, m, 0, n, k, a, a_row, a_col, b, c);
    }

    fn filled(len: usize, seed: u64) -> Vec<f32> {
        let mut rng = crate::Rng::new(seed);
        (0..len).map(|_| rng.uniform_in(-1.0, 1.0)).collect()
    }

    #[test]
    fn tiled_product_equals_the_plain_sum_to_the_bit() {
        // shapes that hit every edge path: rows and columns off the tile, odd and even strip counts (AVX-512 pairs strips), two k blocks
        for &(m, n, k) in &[(1, 1, 1), (4, 8, 3), (5, 13, 7), (32, 512, 128), (7, 4, 0), (9, 30, 17), (8, 16, 600), (8, 48, 300), (12, 80, 257)] {
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
            // neither stride 1 (every other element of a transposed (k×2m)): the packed-panel path
            let wide = filled(2 * m * k, 4);
            let (mut fast, mut slow) = (filled(m * n, 3), filled(m * n, 3));
            gemm(m, n, k, &wide, 2, 2 * m, &b, &mut fast);
            naive(m, n, k, &wide, 2, 2 * m, &b, &mut slow);
            assert!(fast.iter().zip(&slow).all(|(x, y)| x.to_bits() == y.to_bits()), "strided ({m},{n},{k})");
        }
    }

    #[test]
    fn transpose_moves_every_element_once() {
        for &(rows, cols) in &[(1, 1), (3, 40), (512, 176), (17, 16), (48, 128)] {
            let m = filled(rows * cols, 5);
            let mut out = vec![f32::NAN; rows * cols];
            transpose(rows, cols, &m, &mut out);
            for r in 0..rows {
                for c in 0..cols {
                    assert_eq!(out[c * rows + r].to_bits(), m[r * cols + c].to_bits(), "({rows},{cols}) at ({r},{c})");
                }
            }
        }
    }

    #[test]
    fn the_ceiling_counts_the_work_it_did() {
        // twelve chains of `lanes` lanes: six products of 2.0 doubled ten times, six sums of ten 0.5s
        let (flops, value) = peak(10, 2.0, 0.5);
        let lanes = flops / (10.0 * 12.0);
        assert!(lanes == 4.0 || lanes == 8.0 || lanes == 16.0, "{flops} flops for 10 rounds");
        assert_eq!(f64::from(value), lanes * 6.0 * (1024.0 + 5.0));
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
    fn exp_tanh_and_sigmoid_match_libm() {
        let mut worst = (0.0f32, 0.0f32, 0.0f32);
        for i in -40_000..=40_000 {
            let x = i as f32 * 0.002; // -80 … 80
            let e = libm::expf(x);
            worst.0 = worst.0.max((exp(x) - e).abs() / e);
            worst.1 = worst.1.max((tanh(x) - libm::tanhf(x)).abs());
            worst.2 = worst.2.max((sigmoid(x) - 1.0 / (1.0 + libm::expf(-x))).abs());
        }
        // measured: 1.19e-7, 1.79e-7 and 1.19e-7, the bounds the doc comments state
        let (exp_bound, tanh_bound, sigmoid_bound) = (f32::EPSILON, 1.5 * f32::EPSILON, f32::EPSILON);
        assert!(worst.0 <= exp_bound && worst.1 <= tanh_bound && worst.2 <= sigmoid_bound, "relative exp, absolute tanh and sigmoid errors {worst:?}");
        assert_eq!((exp(-1000.0), tanh(50.0), tanh(-50.0), tanh(0.0)), (exp(-87.0), 1.0, -1.0, 0.0));
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
