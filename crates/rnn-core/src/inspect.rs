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
use alloc::vec;
use alloc::vec::Vec;

use serde::Serialize;

use crate::config::CellKind;
use crate::layer::{self, Grads, Input, Trace};
use crate::model::{Model, State};
use crate::probe::{log_softmax, MAX_PROMPT_CHARS};
use crate::vocab::Vocab;
use crate::{Error, Result, Rng};

/// Longest gradient-flow window: the work grows with its square.
pub const MAX_FLOW_WINDOW: usize = 64;
/// The window the page and `rnn compare` use: long enough for ‖∂L_t/∂h_{t−20}‖.
pub const DEFAULT_FLOW_WINDOW: usize = 32;

// ---------------------------------------------------------------- saliency

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Saliency {
    /// The two alternatives compared, each read as a space and then the word.
    pub between: [String; 2],
    /// D = ln P(" " + between[0] | prompt) − ln P(" " + between[1] | prompt).
    pub difference: f32,
    /// The prompt's characters.
    pub chars: Vec<String>,
    /// Per character k, gradient × input at the first layer's input: e_k · ∂D/∂e_k for the embedding
    /// e_k, or ∂D/∂x_k[id_k] for one-hot input x_k (the product with the one is that component).
    /// Positive means the character pushes towards `between[0]`; it is D's first-order change when
    /// the character's input is scaled down to nothing.
    pub values: Vec<f32>,
}

/// How much each prompt character moves ln P(" " + a) − ln P(" " + b): gradient × input, exact
/// gradients by backpropagation (no occlusion), for embedded and one-hot models alike.
pub fn saliency(model: &Model, vocab: &Vocab, prompt: &str, a: &str, b: &str) -> Result<Saliency> {
    let ids = prompt_ids(vocab, prompt)?;
    let (n, v, h) = (ids.len(), model.vocab, model.config.hidden);
    let layers = model.config.layers;
    let forward = model.forward(&ids, &State::zeros(model, 1));
    let end = model.final_state(&forward);
    let last = log_softmax(&forward.logits[(n - 1) * v..]);
    let mut scratch = vec![0.0; model.params.len()];
    // the gradient of D at the prompt's last logits row and at its final state
    let mut d_last = vec![0.0; v];
    let mut d_final: Vec<(Vec<f32>, Vec<f32>)> = end.h.iter().zip(&end.c).map(|(hs, cs)| (vec![0.0; hs.len()], vec![0.0; cs.len()])).collect();
    let mut difference = 0.0;
    for (word, sign) in [(a, 1.0f32), (b, -1.0f32)] {
        let continuation = vocab.encode(&alloc::format!(" {word}"));
        // ∂ ln softmax(z)[y] / ∂z = onehot(y) − softmax(z)
        difference += sign * last[continuation[0] as usize];
        for (d, l) in d_last.iter_mut().zip(&last) {
            *d -= sign * libm::expf(*l);
        }
        d_last[continuation[0] as usize] += sign;
        if continuation.len() < 2 {
            continue;
        }
        let read = &continuation[..continuation.len() - 1];
        let after = model.forward(read, &end);
        let mut d_logits = vec![0.0; read.len() * v];
        for (t, &next) in continuation[1..].iter().enumerate() {
            let row = log_softmax(&after.logits[t * v..][..v]);
            difference += sign * row[next as usize];
            let d = &mut d_logits[t * v..][..v];
            d.iter_mut().zip(&row).for_each(|(d, l)| *d = -sign * libm::expf(*l));
            d[next as usize] += sign;
        }
        let grads = model.backward_from_logits(&after, read, &d_logits, &mut scratch);
        for ((dh, dc), (gh, gc)) in d_final.iter_mut().zip(&grads.d_state) {
            dh.iter_mut().zip(gh).for_each(|(x, y)| *x += y);
            dc.iter_mut().zip(gc).for_each(|(x, y)| *x += y);
        }
    }
    // back through the prompt: only its last row feeds the head; every layer gets its final-state gradient
    let mut d_out = vec![0.0; n * h];
    head_backward(model, &d_last, &mut d_out[(n - 1) * h..]);
    let mut values = Vec::new();
    for k in (0..layers).rev() {
        let w = model.weights(k);
        let (dh, dc) = &d_final[k];
        let one_hot;
        let input = match &forward.inputs[k] {
            Some(dense) => Input::Dense(dense),
            None => {
                // the one-hot rows written out, so the backward returns ∂D/∂x_k
                one_hot = ids.iter().flat_map(|&id| (0..v).map(move |j| (j == id as usize) as u8 as f32)).collect::<Vec<f32>>();
                Input::Dense(&one_hot)
            }
        };
        let (d_x, _, _) = layer::backward(&w, input, &forward.traces[k], &d_out, Some((dh, dc)), layer_grads(model, k, &mut scratch), true);
        let d_x = d_x.expect("a dense input returns its gradient");
        if k > 0 {
            let residual = model.config.residual;
            d_out = d_x.iter().zip(&d_out).map(|(x, y)| if residual { x + y } else { *x }).collect();
            continue;
        }
        values = match &forward.inputs[0] {
            Some(embedded) => {
                let e = w.input;
                d_x.chunks_exact(e).zip(embedded.chunks_exact(e)).map(|(g, x)| g.iter().zip(x).map(|(g, x)| g * x).sum()).collect()
            }
            None => d_x.chunks_exact(v).zip(&ids).map(|(g, &id)| g[id as usize]).collect(),
        };
    }
    Ok(Saliency { between: [a.to_string(), b.to_string()], difference, chars: chars(prompt), values })
}

// ---------------------------------------------------------------- gates

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GateStrip {
    pub layer: usize,
    /// "input", "forget", "output" (LSTM) or "reset", "update" (GRU).
    pub gate: &'static str,
    /// Per prompt character, the gate's mean over the layer's units, in [0, 1].
    pub means: Vec<f32>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Gates {
    pub chars: Vec<String>,
    /// Every gate of every layer; empty for a vanilla RNN, which has none.
    pub strips: Vec<GateStrip>,
}

/// The gate activations at each prompt character (after reading it), averaged over units.
pub fn gates(model: &Model, vocab: &Vocab, prompt: &str) -> Result<Gates> {
    let ids = prompt_ids(vocab, prompt)?;
    let forward = model.forward(&ids, &State::zeros(model, 1));
    let h = model.config.hidden;
    // (name, block) in the stacked gate layout: lstm i,f,g,o; gru r,z,n
    let named: &[(&'static str, usize)] = match model.config.cell {
        CellKind::Rnn => &[],
        CellKind::Gru => &[("reset", 0), ("update", 1)],
        CellKind::Lstm => &[("input", 0), ("forget", 1), ("output", 3)],
    };
    let mut strips = Vec::new();
    for (layer, trace) in forward.traces.iter().enumerate() {
        let width = model.config.cell.gates() * h;
        for &(gate, block) in named {
            let means = trace.gates.chunks_exact(width).map(|row| row[block * h..][..h].iter().sum::<f32>() / h as f32).collect();
            strips.push(GateStrip { layer, gate, means });
        }
    }
    Ok(Gates { chars: chars(prompt), strips })
}

// ---------------------------------------------------------------- gradient flow

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GradientFlow {
    /// W, the steps in the window.
    pub window: usize,
    /// The characters read at the window's steps; L_t is the loss of predicting the one after char t.
    pub chars: Vec<String>,
    /// Per layer, (W × W) row-major: `norms[l][t·W + k]` = ‖∂L_t/∂h_k‖ for layer l's output h_k at
    /// window step k ≤ t; 0 above the diagonal (a loss does not reach forward in time).
    pub norms: Vec<Vec<f32>>,
}

impl GradientFlow {
    /// Geometric mean over t of ‖∂L_t/∂h_{t−d}‖ / ‖∂L_t/∂h_t‖ in `layer`: how much of the gradient
    /// survives d steps back. `None` when the window is not longer than d.
    pub fn ratio(&self, layer: usize, distance: usize) -> Option<f32> {
        let w = self.window;
        let norms = &self.norms[layer];
        let logs: Vec<f64> = (distance..w)
            .filter(|&t| norms[t * w + t] > 0.0)
            .map(|t| libm::log(norms[t * w + t - distance] as f64 / norms[t * w + t] as f64))
            .collect();
        (!logs.is_empty()).then(|| libm::exp(logs.iter().sum::<f64>() / logs.len() as f64) as f32)
    }

    /// Mean over t of ‖∂L_t/∂h_{t−d}‖ in `layer`, for d = 0 … W−1: the heatmap's column.
    pub fn by_distance(&self, layer: usize) -> Vec<f32> {
        let w = self.window;
        (0..w).map(|d| (d..w).map(|t| self.norms[layer][t * w + t - d]).sum::<f32>() / (w - d) as f32).collect()
    }
}

/// ‖∂L_t/∂h_k‖ for every pair k ≤ t of the last `window` steps of `text` that have a next character,
/// in every layer, where L_t is the cross-entropy of the character after step t and h_k is layer l's
/// output (the total derivative, through the recurrence and the layers above).
///
/// One backward sweep over the window carries one stream per loss: stream t joins at step t with
/// the head's gradient, and at every step each layer's state gradient is read before being passed
/// back one step through `layer::backward`. That is W(W+1)/2 stream-steps, batched into one matrix
/// product per step and layer.
pub fn gradient_flow(model: &Model, vocab: &Vocab, text: &str, window: usize) -> Result<GradientFlow> {
    let ids = prompt_ids(vocab, text)?;
    if !(1..=MAX_FLOW_WINDOW).contains(&window) {
        return Err(Error::Text(alloc::format!("a gradient-flow window of {window} steps is out of range; use 1 to {MAX_FLOW_WINDOW}")));
    }
    if ids.len() < 2 {
        return Err(Error::Text("gradient flow needs at least two characters: a loss predicts the next one".into()));
    }
    let (v, h, layers) = (model.vocab, model.config.hidden, model.config.layers);
    let read = &ids[..ids.len() - 1];
    let w = window.min(read.len());
    let first = read.len() - w;
    let forward = model.forward(read, &State::zeros(model, 1));
    let mut norms = vec![vec![0.0f32; w * w]; layers];
    let mut scratch = vec![0.0; model.params.len()];
    let lstm = model.config.cell == CellKind::Lstm;
    // per layer, the gradient at (h, c) of the step just processed, one row per live stream
    let mut carried: Vec<(Vec<f32>, Vec<f32>)> = vec![(Vec::new(), Vec::new()); layers];
    for k in (0..w).rev() {
        let (step, streams) = (first + k, w - k); // stream i carries L_{w−1−i}
        // the newest stream, L_k, starts at the head
        let row = log_softmax(&forward.logits[step * v..][..v]);
        let mut d_logits: Vec<f32> = row.iter().map(|l| libm::expf(*l)).collect();
        d_logits[ids[step + 1] as usize] -= 1.0;
        let mut d_out = vec![0.0; streams * h];
        head_backward(model, &d_logits, &mut d_out[(streams - 1) * h..]);
        for l in (0..layers).rev() {
            let (dh, dc) = &mut carried[l];
            dh.resize(streams * h, 0.0);
            if lstm {
                dc.resize(streams * h, 0.0);
            }
            for (i, (out, carry)) in d_out.chunks_exact(h).zip(dh.chunks_exact(h)).enumerate() {
                let norm_squared: f32 = out.iter().zip(carry).map(|(a, b)| (a + b) * (a + b)).sum();
                norms[l][(w - 1 - i) * w + k] = libm::sqrtf(norm_squared);
            }
            let one_step = step_trace(&forward.traces[l], step, streams);
            let (dense_rows, id_rows);
            let input = match &forward.inputs[l] {
                Some(dense) => {
                    let width = dense.len() / read.len();
                    dense_rows = dense[step * width..][..width].repeat(streams);
                    Input::Dense(&dense_rows)
                }
                None => {
                    id_rows = vec![ids[step]; streams];
                    Input::OneHot(&id_rows)
                }
            };
            let weights = model.weights(l);
            let (d_x, dh0, dc0) = layer::backward(&weights, input, &one_step, &d_out, Some((dh, dc)), layer_grads(model, l, &mut scratch), l > 0);
            *dh = dh0;
            *dc = dc0;
            if l > 0 {
                let d_x = d_x.expect("layers above the first return their input gradient");
                let residual = model.config.residual;
                d_out = d_x.iter().zip(&d_out).map(|(x, y)| if residual { x + y } else { *x }).collect();
            }
        }
    }
    let chars = read[first..].iter().map(|&id| vocab.char(id).to_string()).collect();
    Ok(GradientFlow { window: w, chars, norms })
}

/// Step `t` of a B = 1 trace, repeated for `streams` identical streams.
fn step_trace(trace: &Trace, t: usize, streams: usize) -> Trace {
    debug_assert_eq!(trace.batch, 1, "gradient flow reads one stream");
    let per_step = |buffer: &[f32]| {
        let width = buffer.len() / trace.steps;
        buffer[t * width..][..width].repeat(streams)
    };
    let boundaries = |buffer: &[f32]| {
        if buffer.is_empty() {
            return Vec::new();
        }
        let width = buffer.len() / (trace.steps + 1);
        [buffer[t * width..][..width].repeat(streams), buffer[(t + 1) * width..][..width].repeat(streams)].concat()
    };
    let optional = |buffer: &[f32]| if buffer.is_empty() { Vec::new() } else { per_step(buffer) };
    Trace {
        batch: streams,
        steps: 1,
        h: boundaries(&trace.h),
        c: boundaries(&trace.c),
        gates: optional(&trace.gates),
        hh_n: optional(&trace.hh_n),
        tanh_c: optional(&trace.tanh_c),
    }
}

// ---------------------------------------------------------------- spectra

#[derive(Clone, Debug, PartialEq, Serialize)]
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

/// Spectral radius and largest singular value of each (H × H) block of every layer's W_hh.
pub fn spectra(model: &Model) -> Vec<Spectrum> {
    let names: &[&'static str] = match model.config.cell {
        CellKind::Rnn => &["hidden"],
        CellKind::Gru => &["reset", "update", "new"],
        CellKind::Lstm => &["input", "forget", "cell", "output"],
    };
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

// ---------------------------------------------------------------- shared

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
        let config = ModelConfig { cell, hidden, layers, embedding, residual: layers > 1, recurrent_scale };
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

    /// D = ln P(" is") − ln P(" are") after `prompt`, through the public probe.
    fn difference(model: &Model, vocab: &Vocab, prompt: &str) -> f32 {
        let result = probe::probe(model, vocab, prompt, &["is", "are"], 1).unwrap();
        result.alternatives[0].logprob - result.alternatives[1].logprob
    }

    #[test]
    fn saliency_is_the_derivative_of_scaling_each_input() {
        // every prompt char occurs once and is not read by either continuation (" i", " ar"), so
        // scaling its embedding row (or one-hot column of W_ih) by 1 + ε scales just that input
        let prompt = "Thedogs";
        let vocab = vocab();
        for (cell, embedding, layers) in [(CellKind::Lstm, 8, 2), (CellKind::Gru, 0, 1), (CellKind::Rnn, 8, 1), (CellKind::Lstm, 0, 2)] {
            let model = model(cell, 16, layers, embedding, None, &vocab);
            let result = saliency(&model, &vocab, prompt, "is", "are").unwrap();
            assert_eq!(result.chars.len(), 7);
            assert!((result.difference - difference(&model, &vocab, prompt)).abs() < 1e-5);
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
                    difference(&Model::from_params(model.config.clone(), model.vocab, params), &vocab, prompt)
                };
                let numeric = (scaled(1.0 + eps) - scaled(1.0 - eps)) / (2.0 * eps);
                let got = result.values[k];
                assert!((got - numeric).abs() < 2e-3 + 1e-2 * numeric.abs(), "{cell:?} {embedding} char {c:?}: {got} vs numeric {numeric}");
            }
        }
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
