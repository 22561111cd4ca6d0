//! Reading a trained model without changing it: the next-character distribution after a prompt, the
//! log-probability of continuations ("is" against "are"), and sampled text.

use alloc::string::String;
use alloc::vec::Vec;

use serde::Serialize;

use crate::model::{Model, State};
use crate::vocab::Vocab;
use crate::{Error, Result, Rng};

/// Longer prompts are refused: probes run on every keystroke.
pub const MAX_PROMPT_CHARS: usize = 2000;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NextChar {
    pub char: String,
    pub prob: f32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alternative {
    pub text: String,
    /// ln P(" " + text | prompt), summed over its characters.
    pub logprob: f32,
    /// exp(logprob) normalised over the alternatives compared.
    pub prob: f32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Probe {
    pub alternatives: Vec<Alternative>,
    /// The most likely next characters, most likely first.
    pub next: Vec<NextChar>,
}

/// The state after reading `prompt`, and the log-probabilities (V) of the character after it.
pub fn read_prompt(model: &Model, vocab: &Vocab, prompt: &str) -> Result<(State, Vec<f32>)> {
    model.predicts_next_char()?;
    let count = prompt.chars().count();
    if count == 0 {
        return Err(Error::Text("the prompt is empty: type at least one character".into()));
    }
    if count > MAX_PROMPT_CHARS {
        return Err(Error::Text(alloc::format!("the prompt has {count} characters; use at most {MAX_PROMPT_CHARS}")));
    }
    let ids = vocab.encode(prompt);
    let forward = model.forward(&ids, &State::zeros(model, 1));
    let last = &forward.logits[(ids.len() - 1) * model.vocab..];
    Ok((model.final_state(&forward), log_softmax(last)))
}

/// Reads `ids` one after another from `state`, adding up ln P of each given what came before;
/// `log_probs` is the distribution of the first one.
fn score(model: &Model, state: &State, log_probs: &[f32], ids: &[u16]) -> f32 {
    let mut total = log_probs[ids[0] as usize];
    let mut state = state.clone();
    for pair in ids.windows(2) {
        let forward = model.forward(&pair[..1], &state);
        total += log_softmax(&forward.logits)[pair[1] as usize];
        state = model.final_state(&forward);
    }
    total
}

/// ln P(continuation | prompt), summed over the continuation's characters.
pub fn continuation_logprob(model: &Model, vocab: &Vocab, prompt: &str, continuation: &str) -> Result<f32> {
    let (state, log_probs) = read_prompt(model, vocab, prompt)?;
    let ids = vocab.encode(continuation);
    Ok(if ids.is_empty() { 0.0 } else { score(model, &state, &log_probs, &ids) })
}

/// Compares the alternatives as continuations of `prompt` (each read as a space, then the word), and
/// lists the `top` most likely next characters.
pub fn probe(model: &Model, vocab: &Vocab, prompt: &str, alternatives: &[&str], top: usize) -> Result<Probe> {
    let (state, log_probs) = read_prompt(model, vocab, prompt)?;
    let logprobs: Vec<f32> = alternatives
        .iter()
        .map(|word| score(model, &state, &log_probs, &vocab.encode(&alloc::format!(" {word}"))))
        .collect();
    let max = logprobs.iter().fold(f32::NEG_INFINITY, |m, &x| m.max(x));
    let total: f32 = logprobs.iter().map(|&l| libm::expf(l - max)).sum();
    let alternatives = alternatives
        .iter()
        .zip(&logprobs)
        .map(|(word, &logprob)| Alternative { text: (*word).into(), logprob, prob: libm::expf(logprob - max) / total })
        .collect();
    let mut next: Vec<NextChar> = log_probs
        .iter()
        .enumerate()
        .map(|(id, &l)| NextChar { char: vocab.char(id as u16).into(), prob: libm::expf(l) })
        .collect();
    next.sort_by(|a, b| b.prob.total_cmp(&a.prob));
    next.truncate(top);
    Ok(Probe { alternatives, next })
}

/// How sampled text picks each character.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sampling {
    /// Divides the logits; 0 means greedy (always the most likely character).
    pub temperature: f32,
    /// Draw only among the k most likely characters; 0 means all.
    pub top_k: usize,
}

/// `length` characters following `prompt`.
pub fn sample(model: &Model, vocab: &Vocab, prompt: &str, length: usize, sampling: Sampling, rng: &mut Rng) -> Result<String> {
    if !(sampling.temperature >= 0.0 && sampling.temperature <= 100.0) {
        return Err(Error::Text(alloc::format!("temperature {} is out of range; use 0 (greedy) to 100", sampling.temperature)));
    }
    let (mut state, mut log_probs) = read_prompt(model, vocab, prompt)?;
    let mut out = String::new();
    for _ in 0..length {
        let id = pick(&log_probs, sampling, rng);
        out.push(vocab.char(id));
        let forward = model.forward(&[id], &state);
        log_probs = log_softmax(&forward.logits);
        state = model.final_state(&forward);
    }
    Ok(out)
}

fn pick(log_probs: &[f32], sampling: Sampling, rng: &mut Rng) -> u16 {
    let mut order: Vec<usize> = (0..log_probs.len()).collect();
    order.sort_by(|&a, &b| log_probs[b].total_cmp(&log_probs[a]));
    if sampling.temperature == 0.0 {
        return order[0] as u16;
    }
    if sampling.top_k > 0 {
        order.truncate(sampling.top_k);
    }
    let weights: Vec<f32> = order.iter().map(|&i| libm::expf((log_probs[i] - log_probs[order[0]]) / sampling.temperature)).collect();
    let mut u = rng.uniform() * weights.iter().sum::<f32>();
    for (&i, &w) in order.iter().zip(&weights) {
        if u < w {
            return i as u16;
        }
        u -= w;
    }
    order[order.len() - 1] as u16
}

/// ln softmax of one row of logits.
pub fn log_softmax(logits: &[f32]) -> Vec<f32> {
    let max = logits.iter().fold(f32::NEG_INFINITY, |m, &x| m.max(x));
    let log_sum = libm::logf(logits.iter().map(|&x| libm::expf(x - max)).sum::<f32>());
    logits.iter().map(|&x| x - max - log_sum).collect()
}
