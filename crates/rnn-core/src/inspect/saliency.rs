//! Saliency: which prompt characters move "is" against "are", by gradient × input.

use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use serde::Serialize;

use super::{check_walkable, chars, head_backward, layer_grads, prompt_ids};
use crate::layer::{self, Input};
use crate::model::{Model, State};
use crate::probe::log_softmax;
use crate::vocab::Vocab;
use crate::Result;

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
    check_walkable(model)?;
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
