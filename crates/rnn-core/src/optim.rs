//! Gradient clipping and the optimizers, with torch.optim's single-tensor update rules so the same
//! hyperparameters mean the same thing here and in PyTorch. Everything runs over the flat buffers.

use alloc::vec;
use alloc::vec::Vec;

use crate::config::{Clip, OptimizerConfig};
use crate::kernels::sqrt;

/// The global L2 norm of `grad`, summed in f64 in buffer order.
pub fn global_norm(grad: &[f32]) -> f32 {
    libm::sqrt(grad.iter().map(|&g| g as f64 * g as f64).sum::<f64>()) as f32
}

/// Clips `grad` in place; returns whether it changed anything.
/// Norm(θ): if ‖g‖ ≥ θ then g ← θ·g/‖g‖ (a zero gradient is never divided, as θ > 0 > ‖0‖ fails).
/// Value(θ): each component clamped to [-θ, θ].
pub fn clip(clip: Clip, norm: f32, grad: &mut [f32]) -> bool {
    match clip {
        Clip::None {} => false,
        Clip::Norm { threshold } => {
            if norm >= threshold && norm > 0.0 {
                let scale = threshold / norm;
                grad.iter_mut().for_each(|g| *g *= scale);
                true
            } else {
                false
            }
        }
        Clip::Value { threshold } => {
            let mut clipped = false;
            for g in grad.iter_mut() {
                if g.abs() > threshold {
                    *g = g.clamp(-threshold, threshold);
                    clipped = true;
                }
            }
            clipped
        }
    }
}

/// An optimizer and its per-parameter state.
#[derive(Debug)]
pub struct Optimizer {
    pub config: OptimizerConfig,
    /// Updates made so far (Adam's t).
    pub steps: u64,
    first: Vec<f32>,  // momentum buffer / Adam's m
    second: Vec<f32>, // Adagrad's sum, RMSProp's and Adam's v
}

impl Clone for Optimizer {
    fn clone(&self) -> Optimizer {
        Optimizer { config: self.config, steps: self.steps, first: self.first.clone(), second: self.second.clone() }
    }

    /// Reuses this optimizer's buffers: the trainer keeps the last good state every step.
    fn clone_from(&mut self, source: &Optimizer) {
        self.config = source.config;
        self.steps = source.steps;
        self.first.clone_from(&source.first);
        self.second.clone_from(&source.second);
    }
}

impl Optimizer {
    pub fn new(config: OptimizerConfig, size: usize) -> Optimizer {
        let (first, second) = match config {
            OptimizerConfig::Sgd { .. } => (0, 0),
            OptimizerConfig::Momentum { .. } => (size, 0),
            OptimizerConfig::Adagrad { .. } | OptimizerConfig::Rmsprop { .. } => (0, size),
            OptimizerConfig::Adam { .. } => (size, size),
        };
        Optimizer { config, steps: 0, first: vec![0.0; first], second: vec![0.0; second] }
    }

    /// One update of `params` by `grad`.
    pub fn update(&mut self, params: &mut [f32], grad: &[f32]) {
        debug_assert_eq!(params.len(), grad.len(), "optimizer: params and grad differ in length");
        self.steps += 1;
        match self.config {
            OptimizerConfig::Sgd { lr } => {
                params.iter_mut().zip(grad).for_each(|(p, g)| *p -= lr * g);
            }
            OptimizerConfig::Momentum { lr, momentum } => {
                // torch: the buffer starts as the first gradient, then b = μ·b + g
                let first_step = self.steps == 1;
                for ((p, g), b) in params.iter_mut().zip(grad).zip(&mut self.first) {
                    *b = if first_step { *g } else { momentum * *b + g };
                    *p -= lr * *b;
                }
            }
            OptimizerConfig::Adagrad { lr } => {
                for ((p, g), s) in params.iter_mut().zip(grad).zip(&mut self.second) {
                    *s += g * g;
                    *p -= lr * g / (sqrt(*s) + 1e-10);
                }
            }
            OptimizerConfig::Rmsprop { lr } => {
                const ALPHA: f32 = 0.99;
                for ((p, g), s) in params.iter_mut().zip(grad).zip(&mut self.second) {
                    *s = ALPHA * *s + (1.0 - ALPHA) * g * g;
                    *p -= lr * g / (sqrt(*s) + 1e-8);
                }
            }
            OptimizerConfig::Adam { lr } => {
                const BETA1: f32 = 0.9;
                const BETA2: f32 = 0.999;
                // torch computes the bias corrections in Python floats (f64)
                let t = self.steps as f64;
                let step_size = (lr as f64 / (1.0 - libm::pow(BETA1 as f64, t))) as f32;
                let correction2_sqrt = libm::sqrt(1.0 - libm::pow(BETA2 as f64, t)) as f32;
                for (((p, g), m), v) in params.iter_mut().zip(grad).zip(&mut self.first).zip(&mut self.second) {
                    *m += (1.0 - BETA1) * (g - *m);
                    *v = BETA2 * *v + (1.0 - BETA2) * g * g;
                    *p -= step_size * *m / (sqrt(*v) / correction2_sqrt + 1e-8);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_clipping_rescales_to_the_threshold_and_leaves_small_gradients() {
        // ‖(3, 4)‖ = 5 ≥ 1, so g ← (3, 4)/5
        let mut g = [3.0, 4.0];
        assert!(clip(Clip::Norm { threshold: 1.0 }, global_norm(&g), &mut g));
        assert_eq!(g, [0.6, 0.8]);
        let mut g = [0.3, 0.4];
        assert!(!clip(Clip::Norm { threshold: 1.0 }, global_norm(&g), &mut g));
        assert_eq!(g, [0.3, 0.4]);
        let mut zero = [0.0; 3];
        assert!(!clip(Clip::Norm { threshold: 1.0 }, 0.0, &mut zero));
        assert!(zero.iter().all(|x| *x == 0.0));
    }

    #[test]
    fn value_clipping_clamps_each_component() {
        let mut g = [-3.0, 0.5, 2.0];
        assert!(clip(Clip::Value { threshold: 1.0 }, 0.0, &mut g));
        assert_eq!(g, [-1.0, 0.5, 1.0]);
    }

    #[test]
    fn adam_first_step_moves_each_weight_by_about_lr() {
        // at t = 1, m̂ = g and v̂ = g², so the step is lr·g/(|g| + ε) ≈ lr·sign(g)
        let mut opt = Optimizer::new(OptimizerConfig::Adam { lr: 0.01 }, 2);
        let mut p = [1.0, 1.0];
        opt.update(&mut p, &[0.5, -2.0]);
        assert!((p[0] - 0.99).abs() < 1e-6 && (p[1] - 1.01).abs() < 1e-6, "{p:?}");
    }
}
