//! Saliency: which prompt characters move "is" against "are", by gradient × input.
//!
//! What is differentiated is the probe panel's own score: the alternatives compared at the first
//! character where they differ, given the prompt and the part they share (see [`crate::probe`]).
//! The whole words' log-probabilities would add the extra characters of the longer word, which an
//! untrained model pays for at about ln V each: their gradients are length, not agreement.

use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use serde::Serialize;

use super::{check_walkable, chars, head_backward, layer_grads, prompt_ids};
use crate::layer::{self, Input};
use crate::model::{Model, State};
use crate::probe::{bounded, first_difference, log_softmax};
use crate::vocab::Vocab;
use crate::{Error, Result};

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Saliency {
    /// The two alternatives compared, each read as a space and then the word.
    pub between: [String; 2],
    /// D = ln P(a_k | prompt, s) − ln P(b_k | prompt, s), where " " + between[0] and " " + between[1]
    /// first differ at character k (a_k against b_k) after their shared start s (" " for "is"/"are",
    /// " w" for "was"/"were"): the log-odds of the probe's readout, P(a) / P(b).
    pub difference: f32,
    /// The prompt's characters.
    pub chars: Vec<String>,
    /// Per character k, gradient × input at the first layer's input: e_k · ∂D/∂e_k for the embedding
    /// e_k, or ∂D/∂x_k[id_k] for one-hot input x_k (the product with the one is that component).
    /// Positive means the character pushes towards `between[0]`; it is D's first-order change when
    /// the character's input is scaled down to nothing.
    pub values: Vec<f32>,
}

/// How much each prompt character moves the decisive log-odds of `a` against `b` (D above):
/// gradient × input, exact gradients by backpropagation (no occlusion), for embedded and one-hot
/// models alike. Words that read the same to the model (see [`crate::probe::probe`]) are refused.
pub fn saliency(model: &Model, vocab: &Vocab, prompt: &str, a: &str, b: &str) -> Result<Saliency> {
    check_walkable(model)?;
    let ids = prompt_ids(vocab, prompt)?;
    let (n, v, h) = (ids.len(), model.vocab, model.config.hidden);
    let layers = model.config.layers;
    let (word_a, word_b) = (bounded(vocab, a), bounded(vocab, b));
    let k = first_difference(&word_a, &word_b).ok_or_else(|| {
        Error::Text(alloc::format!(
            "the alternatives \"{a}\" and \"{b}\" read the same to this model (characters it does not know all read alike): give words that differ"
        ))
    })?;
    let (char_a, char_b) = (word_a[k] as usize, word_b[k] as usize);
    let forward = model.forward(&ids, &State::zeros(model, 1));
    let end = model.final_state(&forward);
    let mut scratch = vec![0.0; model.params.len()];
    // ∂(z[a_k] − z[b_k]) / ∂z = onehot(a_k) − onehot(b_k): the softmax's normaliser cancels
    let mut d_decisive = vec![0.0; v];
    d_decisive[char_a] = 1.0;
    d_decisive[char_b] = -1.0;
    // the gradient of D at the prompt's last logits row and at its final state
    let mut d_last = vec![0.0; v];
    let mut d_final: Vec<(Vec<f32>, Vec<f32>)> = end.h.iter().zip(&end.c).map(|(hs, cs)| (vec![0.0; hs.len()], vec![0.0; cs.len()])).collect();
    let difference;
    if k == 0 {
        let last = log_softmax(&forward.logits[(n - 1) * v..]);
        difference = last[char_a] - last[char_b];
        d_last = d_decisive;
    } else {
        // the shared start is read after the prompt; D sits at its last row
        let shared = &word_a[..k];
        let after = model.forward(shared, &end);
        let row = log_softmax(&after.logits[(k - 1) * v..][..v]);
        difference = row[char_a] - row[char_b];
        let mut d_logits = vec![0.0; k * v];
        d_logits[(k - 1) * v..].copy_from_slice(&d_decisive);
        let grads = model.backward_from_logits(&after, shared, &d_logits, &mut scratch);
        for ((dh, dc), (gh, gc)) in d_final.iter_mut().zip(&grads.d_state) {
            dh.copy_from_slice(gh);
            dc.copy_from_slice(gc);
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
            let residual = model.residual_at(k);
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
