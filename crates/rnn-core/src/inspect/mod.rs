//! Looking inside a model without changing it: which prompt characters move "is" against "are"
//! (saliency), how far back a loss reaches (gradient flow), how the recurrent weights stretch a
//! state (spectral radius and largest singular value of each W_hh block), and what the gates do
//! at each character.
//!
//! Cost for a 100-char prompt, in CPU time on one core of the 2-core dev machine (`cargo test
//! --release -p rnn-core inspect::tests::timing -- --ignored --nocapture --test-threads=1`), on the
//! default preset's LSTM widened to hidden 128 (embedding 32): [`saliency`] 6.2 ms, [`gates`] 2.9 ms
//! (one forward pass, as `probe::probe` at 3.0 ms), [`gradient_flow`] 7.0 ms over a 32-step window
//! and 15.5 ms over 64, [`spectra`] 3.7 ms. At the preset's own hidden 64 each is under 5 ms (flow
//! over 64 steps 4.7 ms). Nearly all of it is the engine's forward and backward passes.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::config::{Connections, ModelConfig, Task};
use crate::layer::Grads;
use crate::model::Model;
use crate::probe::MAX_PROMPT_CHARS;
use crate::vocab::Vocab;
use crate::{Error, Result};

mod flow;
mod gates;
mod saliency;
mod spectra;

pub use flow::{gradient_flow, GradientFlow};
pub use gates::{gates, GateStrip, Gates};
pub use saliency::{saliency, Saliency};
pub use spectra::{block_names, spectra, spectral_radius, top_singular_value, Spectrum};

/// Longest gradient-flow window: the work grows with its square.
pub const MAX_FLOW_WINDOW: usize = 64;
/// The window the page and `rnn compare` use: long enough for ‖∂L_t/∂h_{t−20}‖.
pub const DEFAULT_FLOW_WINDOW: usize = 32;

// ---------------------------------------------------------------- shared

/// Whether saliency and gradient flow read a model of this shape: a language model of a plain or
/// residual stack (they walk the layers by hand; a densely connected stack's paths are not walked).
pub fn reads_gradients(config: &ModelConfig) -> bool {
    config.task == Task::NextChar && !(config.connections() == Connections::Dense && config.layers > 1)
}

/// Saliency and gradient flow walk the layers by hand, for plain and residual stacks of next-character models.
fn check_walkable(model: &Model) -> Result<()> {
    model.predicts_next_char()?;
    if !reads_gradients(&model.config) {
        return Err(Error::Text("saliency and gradient flow are not computed for densely connected stacks; retrain with residual or plain connections to read them".into()));
    }
    Ok(())
}

fn prompt_ids(vocab: &Vocab, prompt: &str) -> Result<Vec<u16>> {
    let count = prompt.chars().count();
    if count == 0 {
        return Err(Error::Text("the prompt is empty: type at least one character".into()));
    }
    if count > MAX_PROMPT_CHARS {
        return Err(Error::Text(alloc::format!("the prompt has {count} characters; use at most {MAX_PROMPT_CHARS}")));
    }
    Ok(vocab.encode(prompt))
}

fn chars(text: &str) -> Vec<String> {
    text.chars().map(|c| c.to_string()).collect()
}

/// `d_top += W_outᵀ d_logits` for one row: the gradient the head sends to what it reads, (H).
/// When the top layer is residual the head reads its output plus its input, and both get this.
fn head_backward(model: &Model, d_logits: &[f32], d_top: &mut [f32]) {
    let h = model.config.hidden;
    for (row, &d) in model.params[model.layout.head_w.clone()].chunks_exact(h).zip(d_logits) {
        d_top.iter_mut().zip(row).for_each(|(t, w)| *t += d * w);
    }
}

/// Layer k's slices of a gradient buffer laid out as the parameters; the probes discard them.
fn layer_grads<'a>(model: &Model, k: usize, grad: &'a mut [f32]) -> Grads<'a> {
    let slots = &model.layout.layers[k];
    let all = &mut grad[slots.w_ih.start..slots.b_hh.end];
    let (w_ih, rest) = all.split_at_mut(slots.w_ih.len());
    let (w_hh, rest) = rest.split_at_mut(slots.w_hh.len());
    let (b_ih, b_hh) = rest.split_at_mut(slots.b_ih.len());
    Grads { w_ih, w_hh, b_ih, b_hh }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::CellKind;
    use crate::model::State;
    use crate::probe::log_softmax;
    use crate::Rng;
    use crate::config::ModelConfig;
    use crate::corpus::agreement::{self, AgreementConfig};
    use crate::probe;

    const TEXT: &str = "The writer of the books is here. The dogs near the key are old. ";

    fn vocab() -> Vocab {
        let mut rng = Rng::new(1);
        let text = agreement::generate(&AgreementConfig { sentences: 200, ..AgreementConfig::default() }, &mut rng);
        Vocab::from_text(&text, 64).unwrap()
    }

    fn model(cell: CellKind, hidden: usize, layers: usize, embedding: usize, recurrent_scale: Option<f32>, vocab: &Vocab) -> Model {
        let config = ModelConfig { layers, embedding, residual: layers > 1, recurrent_scale, ..ModelConfig::new(cell, hidden) };
        Model::init(&config, vocab.len(), &mut Rng::new(7))
    }

    /// ∂L_t/∂h_k the slow way the model's own API allows: start at step k + 1 from the state after
    /// step k, put the loss gradient on step t only, and read the initial-state gradient. For the
    /// top layer that is the whole derivative; a lower layer's h_k also reaches L_t through the layer
    /// above at step k, which a restart holds fixed, so only the top layer is compared.
    fn top_flow_by_restarting(model: &Model, ids: &[u16], k: usize, t: usize) -> f32 {
        let whole = model.forward(&ids[..=k], &State::zeros(model, 1));
        let tokens = &ids[k + 1..=t];
        let after = model.forward(tokens, &model.final_state(&whole));
        let v = model.vocab;
        let mut d_logits = vec![0.0; tokens.len() * v];
        let last = log_softmax(&after.logits[(tokens.len() - 1) * v..]);
        let row = &mut d_logits[(tokens.len() - 1) * v..];
        row.iter_mut().zip(&last).for_each(|(d, l)| *d = libm::expf(*l));
        row[ids[t + 1] as usize] -= 1.0;
        let grads = model.backward_from_logits(&after, tokens, &d_logits, &mut vec![0.0; model.params.len()]);
        let (dh, _) = grads.d_state.last().unwrap();
        libm::sqrtf(dh.iter().map(|x| x * x).sum())
    }

    #[test]
    fn gradient_flow_matches_restarting_from_each_state() {
        let vocab = vocab();
        for (cell, embedding, layers) in [(CellKind::Lstm, 8, 2), (CellKind::Gru, 0, 2), (CellKind::Rnn, 8, 2), (CellKind::Lstm, 0, 1)] {
            let model = model(cell, 12, layers, embedding, None, &vocab);
            let flow = gradient_flow(&model, &vocab, TEXT, 10).unwrap();
            assert_eq!((flow.window, flow.chars.len(), flow.norms.len()), (10, 10, layers));
            let ids = vocab.encode(TEXT);
            let first = ids.len() - 1 - 10;
            for (t, k) in [(9, 0), (9, 8), (5, 2), (3, 2)] {
                let expected = top_flow_by_restarting(&model, &ids, first + k, first + t);
                let got = flow.norms[layers - 1][t * 10 + k];
                assert!((got - expected).abs() <= 1e-4 * expected.max(1e-3), "{cell:?} t {t} k {k}: {got} vs {expected}");
            }
            assert!(flow.norms.iter().all(|layer| (0..10).all(|t| (t + 1..10).all(|k| layer[t * 10 + k] == 0.0))), "nothing above the diagonal");
            assert!(flow.norms.iter().all(|layer| (0..10).all(|t| layer[t * 10 + t] > 0.0)));
        }
    }

    #[test]
    fn a_small_recurrent_scale_vanishes_and_a_large_one_explodes() {
        // the lecture's claim, measured on an untrained one-layer vanilla RNN (hidden 64, embedding 16)
        // reading agreement text: with W_hh = 0.5 · orthogonal each step multiplies the gradient by
        // diag(1 − h²) · W_hh, of norm at most 0.5, so 20 steps keep at most 2^-20 ≈ 1e-6; measured
        // 1.7e-7. With W_hh = 3 · orthogonal the state saturates, yet 3 · (1 − h²) stays above 1
        // on average and the norm grows: measured ×213 over 20 steps (scale 1: 0.029; 2: ×16).
        let vocab = vocab();
        let text = "The writer of the books near the tables is here. The keys behind the cabinet are new. ";
        let ratio = |scale: f32| {
            let model = model(CellKind::Rnn, 64, 1, 16, Some(scale), &vocab);
            gradient_flow(&model, &vocab, text, 40).unwrap().ratio(0, 20).unwrap()
        };
        let (vanishing, exploding) = (ratio(0.5), ratio(3.0));
        assert!(vanishing < 1e-3, "scale 0.5 keeps {vanishing} of the gradient over 20 steps");
        assert!(exploding > 1.0, "scale 3 keeps {exploding} of the gradient over 20 steps");
    }

    #[test]
    fn by_distance_and_ratio_read_the_diagonals() {
        let flow = GradientFlow { window: 3, chars: vec![], norms: vec![vec![2.0, 0.0, 0.0, 1.0, 4.0, 0.0, 0.5, 2.0, 8.0]] };
        // diagonals: d = 0: 2, 4, 8; d = 1: 1, 2; d = 2: 0.5
        assert_eq!(flow.by_distance(0), [14.0 / 3.0, 1.5, 0.5]);
        // ratios at d = 1: 1/4 and 2/8, geometric mean 1/4
        assert!((flow.ratio(0, 1).unwrap() - 0.25).abs() < 1e-6);
        assert_eq!(flow.ratio(0, 3), None);
    }

    /// D = ln(P(a) / P(b)) as the probe panel reads the pair after `prompt`: the decisive log-odds
    /// (for two words, the difference of their decisive log-probabilities).
    fn difference(model: &Model, vocab: &Vocab, prompt: &str, a: &str, b: &str) -> f32 {
        let result = probe::probe(model, vocab, prompt, &[a, b], 1).unwrap();
        result.alternatives[0].decisive_logprob - result.alternatives[1].decisive_logprob
    }

    #[test]
    fn saliency_is_the_derivative_of_scaling_each_input() {
        // every prompt char occurs once and is not read by either pair's shared start (" ", " w"),
        // so scaling its embedding row (or one-hot column of W_ih) by 1 + ε scales just that input
        let prompt = "Thedogs";
        let vocab = vocab();
        for (cell, embedding, layers) in [(CellKind::Lstm, 8, 2), (CellKind::Gru, 0, 1), (CellKind::Rnn, 8, 1), (CellKind::Lstm, 0, 2)] {
            let model = model(cell, 16, layers, embedding, None, &vocab);
            for (a, b) in [("is", "are"), ("was", "were")] {
                let result = saliency(&model, &vocab, prompt, a, b).unwrap();
                assert_eq!(result.chars.len(), 7);
                // the same score the probe panel shows
                assert!((result.difference - difference(&model, &vocab, prompt, a, b)).abs() < 1e-5, "{cell:?} {a}/{b}");
                let eps = 1e-2;
                for (k, c) in prompt.chars().enumerate() {
                    let id = vocab.id(c) as usize;
                    let scaled = |factor: f32| {
                        let mut params = model.params.clone();
                        match &model.layout.embedding {
                            Some(range) => params[range.clone()][id * embedding..][..embedding].iter_mut().for_each(|x| *x *= factor),
                            None => {
                                let w_ih = model.layout.layers[0].w_ih.clone();
                                params[w_ih].iter_mut().skip(id).step_by(vocab.len()).for_each(|x| *x *= factor);
                            }
                        }
                        difference(&Model::from_params(model.config.clone(), model.vocab, params), &vocab, prompt, a, b)
                    };
                    let numeric = (scaled(1.0 + eps) - scaled(1.0 - eps)) / (2.0 * eps);
                    let got = result.values[k];
                    assert!((got - numeric).abs() < 2e-3 + 1e-2 * numeric.abs(), "{cell:?} {embedding} {a}/{b} char {c:?}: {got} vs numeric {numeric}");
                }
            }
        }
    }

    #[test]
    fn saliency_differentiates_the_decisive_score_not_the_whole_words() {
        // a bound that fails for the whole-word score: on an untrained model its D is the length
        // bias (" are" pays ln P(r) + ln P(e), about 2 ln V), the decisive one is near 0
        let vocab = vocab();
        let model = model(CellKind::Lstm, 16, 1, 8, None, &vocab);
        let result = saliency(&model, &vocab, "The writer of the books", "is", "are").unwrap();
        let probe = probe::probe(&model, &vocab, "The writer of the books", &["is", "are"], 1).unwrap();
        let whole = probe.alternatives[0].logprob - probe.alternatives[1].logprob;
        assert!(result.difference.abs() < 0.4 && whole > 2.0, "decisive {}, whole words {whole}", result.difference);
        assert!(saliency(&model, &vocab, "The writer", "is", "is").unwrap_err().to_string().contains("read the same"));
    }

    #[test]
    fn saliency_of_a_char_the_answer_cannot_see_is_small() {
        // with W_hh = 0.3 · orthogonal a vanilla RNN forgets within a few characters
        let vocab = vocab();
        let model = model(CellKind::Rnn, 32, 1, 8, Some(0.3), &vocab);
        let result = saliency(&model, &vocab, "The writer of the books", "is", "are").unwrap();
        let (first, last) = (result.values[0].abs(), result.values[22].abs());
        assert!(first < 1e-6 * last.max(1e-6) + 1e-9, "first char {first}, last {last}");
    }

    #[test]
    fn spectral_radius_of_orthogonal_times_s_is_s() {
        let vocab = vocab();
        for (cell, blocks) in [(CellKind::Rnn, 1), (CellKind::Gru, 3), (CellKind::Lstm, 4)] {
            let spectra = spectra(&model(cell, 32, 2, 8, Some(1.7), &vocab));
            assert_eq!(spectra.len(), 2 * blocks);
            for s in spectra {
                assert!((s.spectral_radius - 1.7).abs() < 1e-3 && (s.top_singular_value - 1.7).abs() < 1e-3, "{s:?}");
            }
        }
    }

    #[test]
    fn spectral_radius_handles_complex_pairs_and_non_normal_matrices() {
        // a rotation by 90° times 2 (eigenvalues ±2i) beside a real 1.5: ρ = 2, σ = 2
        let rotation = [0.0, -2.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0, 1.5];
        assert!((spectral_radius(3, &rotation) - 2.0).abs() < 1e-4);
        assert!((top_singular_value(3, &rotation) - 2.0).abs() < 1e-4);
        // upper triangular: eigenvalues 1 and 0.5, but σ_max = √((101.25 + √(101.25² − 4·0.25))/2) ≈ 10.0623
        let shear = [1.0, 10.0, 0.0, 0.5];
        assert!((spectral_radius(2, &shear) - 1.0).abs() < 1e-3, "{}", spectral_radius(2, &shear));
        assert!((top_singular_value(2, &shear) - 10.0623).abs() < 1e-3, "{}", top_singular_value(2, &shear));
        assert_eq!(spectral_radius(2, &[0.0, 1.0, 0.0, 0.0]), 0.0, "nilpotent");
    }

    #[test]
    fn gates_are_probabilities_for_every_char() {
        let vocab = vocab();
        let lstm = gates(&model(CellKind::Lstm, 16, 2, 8, None, &vocab), &vocab, "The dogs").unwrap();
        let names: Vec<(usize, &str)> = lstm.strips.iter().map(|s| (s.layer, s.gate)).collect();
        assert_eq!(names, [(0, "input"), (0, "forget"), (0, "output"), (1, "input"), (1, "forget"), (1, "output")]);
        assert!(lstm.strips.iter().all(|s| s.means.len() == 8));
        // by hand for the first character from a zero state: gate i of layer 0 is σ(W_ii·x + b_ii + b_hi), x its embedding
        let m = model(CellKind::Lstm, 16, 2, 8, None, &vocab);
        let slots = &m.layout.layers[0];
        let x = &m.params[m.layout.embedding.clone().unwrap()][vocab.id('T') as usize * 8..][..8];
        let (w_ih, b_ih, b_hh) = (&m.params[slots.w_ih.clone()], &m.params[slots.b_ih.clone()], &m.params[slots.b_hh.clone()]);
        for (block, strip) in [(0, 0), (1, 1), (3, 2)] {
            let mean = (0..16)
                .map(|j| {
                    let row = block * 16 + j;
                    let pre: f64 = (0..8).map(|k| (w_ih[row * 8 + k] * x[k]) as f64).sum::<f64>() + (b_ih[row] + b_hh[row]) as f64;
                    1.0 / (1.0 + (-pre).exp())
                })
                .sum::<f64>()
                / 16.0;
            assert!((lstm.strips[strip].means[0] as f64 - mean).abs() < 1e-5, "{}: {} against {mean} by hand", lstm.strips[strip].gate, lstm.strips[strip].means[0]);
        }
        let gru = gates(&model(CellKind::Gru, 16, 1, 0, None, &vocab), &vocab, "The dogs").unwrap();
        assert_eq!(gru.strips.iter().map(|s| s.gate).collect::<Vec<_>>(), ["reset", "update"]);
        assert!(gates(&model(CellKind::Rnn, 16, 1, 0, None, &vocab), &vocab, "The dogs").unwrap().strips.is_empty());
    }

    #[test]
    fn probes_refuse_bad_prompts_and_windows() {
        let vocab = vocab();
        let model = model(CellKind::Lstm, 8, 1, 4, None, &vocab);
        assert!(saliency(&model, &vocab, "", "is", "are").is_err());
        assert!(gates(&model, &vocab, &"a".repeat(MAX_PROMPT_CHARS + 1)).is_err());
        assert!(gradient_flow(&model, &vocab, "T", 8).is_err());
        assert!(gradient_flow(&model, &vocab, TEXT, 0).is_err());
        assert!(gradient_flow(&model, &vocab, TEXT, MAX_FLOW_WINDOW + 1).is_err());
        assert_eq!(gradient_flow(&model, &vocab, "The", 8).unwrap().window, 2, "a short text shortens the window");
    }

    /// Times each probe for a 100-char prompt on the default preset's model widened to hidden 128
    /// (and as it is, hidden 64); run with `cargo test --release -p rnn-core inspect::tests::timing
    /// -- --ignored --nocapture --test-threads=1`.
    #[cfg(feature = "std")]
    #[test]
    #[ignore]
    fn timing() {
        for hidden in [128, 64] {
            time_probes(hidden);
        }
    }

    #[cfg(feature = "std")]
    fn time_probes(hidden: usize) {
        extern crate std;
        use crate::eval::tests::cpu_ms_per_call;
        let mut config = crate::presets::agreement();
        config.model.hidden = hidden;
        let trainer = crate::Trainer::from_config(&config).unwrap();
        let (model, vocab) = (&trainer.model, &trainer.vocab);
        let prompt: String = "The writer of the books near the tables that the author likes is here. The keys behind the cabinets.".into();
        assert_eq!(prompt.chars().count(), 100);
        std::println!("hidden {hidden}, embedding {}, 100 chars:", config.model.embedding);
        std::println!("saliency: {:.2} ms", cpu_ms_per_call(|| drop(saliency(model, vocab, &prompt, "is", "are").unwrap())));
        std::println!("gates: {:.2} ms", cpu_ms_per_call(|| drop(gates(model, vocab, &prompt).unwrap())));
        for window in [DEFAULT_FLOW_WINDOW, MAX_FLOW_WINDOW] {
            std::println!("gradient flow, window {window}: {:.2} ms", cpu_ms_per_call(|| drop(gradient_flow(model, vocab, &prompt, window).unwrap())));
        }
        std::println!("spectra: {:.2} ms", cpu_ms_per_call(|| drop(spectra(model))));
        std::println!("probe::probe: {:.2} ms", cpu_ms_per_call(|| drop(probe::probe(model, vocab, &prompt, &["is", "are"], 10).unwrap())));
    }
}
