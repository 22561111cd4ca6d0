//! The one source of randomness: PCG32 (O'Neill 2014, the `pcg32` of pcg-random.org).
//!
//! Hand-written rather than taken from `rand`: a shared link replays a run bit for bit, so the stream
//! of numbers for a seed must never change under a dependency upgrade, and these twenty lines are the
//! whole contract.

/// Permuted congruential generator, 64-bit state, 32-bit output.
#[derive(Clone, Debug)]
pub struct Rng {
    state: u64,
    increment: u64,
}

impl Rng {
    /// A generator for `seed`; different seeds give independent-looking streams.
    pub fn new(seed: u64) -> Self {
        let mut rng = Rng { state: 0, increment: (seed.rotate_left(17) ^ 0xda3e_39cb_94b9_5bdb) << 1 | 1 };
        rng.next_u32();
        rng.state = rng.state.wrapping_add(seed);
        rng.next_u32();
        rng
    }

    pub fn next_u32(&mut self) -> u32 {
        let old = self.state;
        self.state = old.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(self.increment);
        let xorshifted = (((old >> 18) ^ old) >> 27) as u32;
        xorshifted.rotate_right((old >> 59) as u32)
    }

    /// Uniform in [0, 1) with 24 random bits: exact in f32, the same on every platform.
    pub fn uniform(&mut self) -> f32 {
        (self.next_u32() >> 8) as f32 * (1.0 / 16_777_216.0)
    }

    /// Uniform in [low, high).
    pub fn uniform_in(&mut self, low: f32, high: f32) -> f32 {
        low + (high - low) * self.uniform()
    }

    /// Uniform integer in 0..n (n > 0), by Lemire's multiply-shift; the bias is below 2^-32 · n.
    pub fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0 && n <= u32::MAX as usize, "Rng::below needs 0 < n <= u32::MAX");
        ((self.next_u32() as u64 * n as u64) >> 32) as usize
    }

    /// Standard normal by Box-Muller (one of the pair; the other is dropped to keep the stream simple).
    pub fn normal(&mut self) -> f32 {
        let u1 = 1.0 - self.uniform(); // (0, 1]: ln stays finite
        let u2 = self.uniform();
        libm::sqrtf(-2.0 * libm::logf(u1)) * libm::cosf(core::f32::consts::TAU * u2)
    }

    /// True with probability p.
    pub fn chance(&mut self, p: f32) -> bool {
        self.uniform() < p
    }

    /// An independent generator for a named sub-task, so adding draws in one place never shifts another.
    pub fn fork(&mut self, stream: u64) -> Rng {
        Rng::new(((self.next_u32() as u64) << 32 | self.next_u32() as u64) ^ stream.wrapping_mul(0x9e37_79b9_7f4a_7c15))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_seeds_differ() {
        let a: [u32; 4] = core::array::from_fn({ let mut r = Rng::new(7); move |_| r.next_u32() });
        let b: [u32; 4] = core::array::from_fn({ let mut r = Rng::new(7); move |_| r.next_u32() });
        let c: [u32; 4] = core::array::from_fn({ let mut r = Rng::new(8); move |_| r.next_u32() });
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn uniform_and_normal_have_the_right_moments() {
        let mut rng = Rng::new(1);
        let n = 100_000;
        let (mut sum, mut sum_sq, mut below_half) = (0.0f64, 0.0f64, 0);
        for _ in 0..n {
            let x = rng.normal() as f64;
            sum += x;
            sum_sq += x * x;
            if rng.uniform() < 0.5 {
                below_half += 1;
            }
        }
        let mean = sum / n as f64;
        let var = sum_sq / n as f64 - mean * mean;
        assert!(mean.abs() < 0.02, "normal mean {mean}");
        assert!((var - 1.0).abs() < 0.02, "normal variance {var}");
        assert!((below_half as f64 / n as f64 - 0.5).abs() < 0.01);
        let counts = (0..60_000).fold([0u32; 6], |mut c, _| { c[rng.below(6)] += 1; c });
        assert!(counts.iter().all(|&c| (9_500..10_500).contains(&c)), "{counts:?}");
    }
}
