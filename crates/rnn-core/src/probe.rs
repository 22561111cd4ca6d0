//! Reading a trained model without changing it: the next-character distribution after a prompt, the
//! log-probability of continuations ("is" against "are"), and sampled text.
//!
//! Alternatives are compared where they first differ, not by their whole log-probabilities: " is"
//! is one character shorter than " are", and every character a near-uniform model reads costs it a
//! factor of about 1/V, so whole-word scores made a model that knows nothing answer "is" at 97%.
//! Given the shared start (" " for " is"/" are", " ha" for " has"/" have"), the model's choice
//! between the characters that part the words is what it knows about them; an untrained model is
//! undecided there. Each word ends in a space, so a word that starts another ("like", "likes")
//! parts from it at that space.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use serde::Serialize;

use crate::model::{Model, State};
use crate::vocab::Vocab;
use crate::{Error, Result, Rng};

/// Longer prompts are refused: probes run on every keystroke.
pub const MAX_PROMPT_CHARS: usize = 2000;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NextChar {
    pub char: String,
    pub prob: f32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Alternative {
    pub text: String,
    /// ln P(" " + text | prompt), summed over its characters: the whole word, shorter words favoured.
    pub logprob: f32,
    /// ln of this word's share where the alternatives part (see [`decisive_scores`]).
    pub decisive_logprob: f32,
    /// exp(decisive_logprob) normalised over the alternatives compared: the readout.
    pub prob: f32,
}

/// A prompt character the vocabulary lacks, read as the "other" symbol.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnknownChar {
    /// Index among the prompt's characters (Unicode scalar values), from 0.
    pub position: usize,
    pub char: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Probe {
    pub alternatives: Vec<Alternative>,
    /// The most likely next characters, most likely first.
    pub next: Vec<NextChar>,
    /// Characters of the prompt the model has never seen, in order; the answer knows nothing of them.
    pub unknown: Vec<UnknownChar>,
}

/// The characters of `text` outside `vocab` (U+FFFD itself included: it stands for any of them).
pub fn unknown_chars(vocab: &Vocab, text: &str) -> Vec<UnknownChar> {
    text.chars()
        .enumerate()
        .filter(|&(_, c)| vocab.id(c) == 0)
        .map(|(position, c)| UnknownChar { position, char: c.into() })
        .collect()
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

/// Reads `ids` one after another from `state`: ln P of each given what came before (ids.len(),);
/// `log_probs` is the distribution of the first one.
fn score(model: &Model, state: &State, log_probs: &[f32], ids: &[u16]) -> Vec<f32> {
    let mut steps = vec![log_probs[ids[0] as usize]];
    let mut state = state.clone();
    for pair in ids.windows(2) {
        let forward = model.forward(&pair[..1], &state);
        steps.push(log_softmax(&forward.logits)[pair[1] as usize]);
        state = model.final_state(&forward);
    }
    steps
}

/// ln P(continuation | prompt), summed over the continuation's characters.
pub fn continuation_logprob(model: &Model, vocab: &Vocab, prompt: &str, continuation: &str) -> Result<f32> {
    let (state, log_probs) = read_prompt(model, vocab, prompt)?;
    let ids = vocab.encode(continuation);
    Ok(if ids.is_empty() { 0.0 } else { score(model, &state, &log_probs, &ids).iter().sum() })
}

/// Each alternative as the model reads it: a space, the word, and the space that ends it.
pub fn bounded(vocab: &Vocab, word: &str) -> Vec<u16> {
    vocab.encode(&alloc::format!(" {word} "))
}

/// The first index where `a` and `b` differ, or None when one starts the other.
pub fn first_difference(a: &[u16], b: &[u16]) -> Option<usize> {
    a.iter().zip(b).position(|(x, y)| x != y)
}

/// ln of each alternative's share where the alternatives part: at every point where words sharing a
/// start continue with different characters, the word's character gets P(char) / Σ P(chars offered
/// there). For two words this is ln P(a_k) − ln(P(a_k) + P(b_k)) at their first difference k, so a
/// model that knows nothing of them is undecided. `ids` are [`bounded`] words, none the start of
/// another; `steps[i][t]` is ln P(ids[i][t] | prompt, ids[i][..t]).
pub fn decisive_scores(ids: &[Vec<u16>], steps: &[Vec<f32>]) -> Vec<f32> {
    (0..ids.len())
        .map(|i| {
            let mut total = 0.0;
            for t in 0..ids[i].len() {
                let mut offered: Vec<(u16, f32)> = Vec::new();
                for j in (0..ids.len()).filter(|&j| ids[j].len() > t && ids[j][..t] == ids[i][..t]) {
                    if !offered.iter().any(|&(c, _)| c == ids[j][t]) {
                        offered.push((ids[j][t], steps[j][t]));
                    }
                }
                if offered.len() > 1 {
                    let max = offered.iter().fold(f32::NEG_INFINITY, |m, &(_, l)| m.max(l));
                    let sum: f32 = offered.iter().map(|&(_, l)| libm::expf(l - max)).sum();
                    total += steps[i][t] - max - libm::logf(sum);
                }
            }
            total
        })
        .collect()
}

/// Compares the alternatives as continuations of `prompt` where they first differ (see the module
/// comment and [`decisive_scores`]), keeping each one's whole ln P(" " + word) too, and lists the
/// `top` most likely next characters and the prompt's unknown characters. Alternatives that read
/// the same to the model (equal, or equal once unknown characters are "other") are refused.
pub fn probe(model: &Model, vocab: &Vocab, prompt: &str, alternatives: &[&str], top: usize) -> Result<Probe> {
    let Probes { mut groups, next, unknown } = probe_groups(model, vocab, prompt, &[alternatives], top)?;
    Ok(Probe { alternatives: groups.remove(0), next, unknown })
}

/// What [`probe_groups`] answers: several groups of alternatives (the page's pairs), each compared
/// on its own, as if probed alone.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Probes {
    /// `groups[i]` answers the i-th group asked, in its order.
    pub groups: Vec<Vec<Alternative>>,
    pub next: Vec<NextChar>,
    pub unknown: Vec<UnknownChar>,
}

/// [`probe`] for each group of alternatives, the prompt read once.
pub fn probe_groups(model: &Model, vocab: &Vocab, prompt: &str, groups: &[&[&str]], top: usize) -> Result<Probes> {
    let (state, log_probs) = read_prompt(model, vocab, prompt)?;
    let groups = groups.iter().map(|alternatives| compare(model, vocab, &state, &log_probs, alternatives)).collect::<Result<Vec<_>>>()?;
    let mut next: Vec<NextChar> = log_probs
        .iter()
        .enumerate()
        .map(|(id, &l)| NextChar { char: vocab.char(id as u16).into(), prob: libm::expf(l) })
        .collect();
    next.sort_by(|a, b| b.prob.total_cmp(&a.prob));
    next.truncate(top);
    Ok(Probes { groups, next, unknown: unknown_chars(vocab, prompt) })
}

/// The alternatives scored from `state`, where `log_probs` is the distribution after the prompt.
fn compare(model: &Model, vocab: &Vocab, state: &State, log_probs: &[f32], alternatives: &[&str]) -> Result<Vec<Alternative>> {
    let ids: Vec<Vec<u16>> = alternatives.iter().map(|word| bounded(vocab, word)).collect();
    for (i, a) in ids.iter().enumerate() {
        if let Some(j) = ids[i + 1..].iter().position(|b| first_difference(a, b).is_none()) {
            let (a, b) = (alternatives[i], alternatives[i + 1 + j]);
            return Err(Error::Text(alloc::format!(
                "the alternatives \"{a}\" and \"{b}\" read the same to this model (characters it does not know all read alike): give words that differ"
            )));
        }
    }
    let steps: Vec<Vec<f32>> = ids.iter().map(|word| score(model, state, log_probs, word)).collect();
    let decisive = decisive_scores(&ids, &steps);
    let max = decisive.iter().fold(f32::NEG_INFINITY, |m, &x| m.max(x));
    let total: f32 = decisive.iter().map(|&l| libm::expf(l - max)).sum();
    Ok(alternatives
        .iter()
        .zip(&steps)
        .zip(&decisive)
        .map(|((word, steps), &decisive_logprob)| Alternative {
            text: (*word).into(),
            // the word without the space that ends it
            logprob: steps[..steps.len() - 1].iter().sum(),
            decisive_logprob,
            prob: libm::expf(decisive_logprob - max) / total,
        })
        .collect())
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

/// Never the "other" symbol (id 0): it stands for characters the model cannot name, so it has nothing to show.
fn pick(log_probs: &[f32], sampling: Sampling, rng: &mut Rng) -> u16 {
    let mut order: Vec<usize> = (1..log_probs.len()).collect();
    if order.is_empty() {
        return 0; // a vocabulary of "other" alone has nothing else to say
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::CellKind;
    use crate::{eval, presets, Trainer};

    const PAIRS: [(&str, &str); 3] = [("is", "are"), ("was", "were"), ("has", "have")];

    #[test]
    fn a_fresh_model_of_each_cell_is_undecided_at_the_default_pairs() {
        for cell in [CellKind::Rnn, CellKind::Gru, CellKind::Lstm] {
            let mut config = presets::agreement();
            config.model.cell = cell;
            let trainer = Trainer::from_config(&config).unwrap();
            let (model, vocab) = (&trainer.model, &trainer.vocab);
            for (a, b) in PAIRS {
                let result = probe(model, vocab, "The writer of the books", &[a, b], 1).unwrap();
                let (first, second) = (&result.alternatives[0], &result.alternatives[1]);
                assert!((0.4..=0.6).contains(&first.prob), "{cell:?} {a}/{b}: probe reads {}", first.prob);
                assert!((first.prob + second.prob - 1.0).abs() < 1e-6);
                let preference = eval::preference(model, vocab, "The writer of the books", a, b);
                assert!((0.4..=0.6).contains(&preference), "{cell:?} {a}/{b}: eval reads {preference}");
            }
        }
    }

    #[test]
    fn the_whole_words_stay_in_logprob_and_a_word_that_starts_another_parts_at_its_end() {
        let trainer = Trainer::from_config(&presets::agreement()).unwrap();
        let (model, vocab) = (&trainer.model, &trainer.vocab);
        let result = probe(model, vocab, "The writer", &["like", "likes", "is"], 1).unwrap();
        for alternative in &result.alternatives {
            let whole = continuation_logprob(model, vocab, "The writer", &alloc::format!(" {}", alternative.text)).unwrap();
            assert_eq!(alternative.logprob, whole);
        }
        // " like " and " likes " part at ' ' against 's'; " is " parts from both at 'i' against 'l'
        let (state, first) = read_prompt(model, vocab, "The writer").unwrap();
        let ids: Vec<Vec<u16>> = ["like", "likes", "is"].iter().map(|w| bounded(vocab, w)).collect();
        let steps: Vec<Vec<f32>> = ids.iter().map(|w| score(model, &state, &first, w)).collect();
        let (l, i) = (steps[0][1], steps[2][1]);
        let (space, s) = (steps[0][5], steps[1][5]);
        let expected_like = l - libm::logf(libm::expf(l) + libm::expf(i)) + space - libm::logf(libm::expf(space) + libm::expf(s));
        assert!((result.alternatives[0].decisive_logprob - expected_like).abs() < 1e-5);
        let total: f32 = result.alternatives.iter().map(|a| a.prob).sum();
        assert!((total - 1.0).abs() < 1e-5);
    }

    #[test]
    fn each_group_reads_as_if_probed_alone() {
        let trainer = Trainer::from_config(&presets::agreement()).unwrap();
        let (model, vocab) = (&trainer.model, &trainer.vocab);
        // "is" in two groups, and "isn" parting from "is" only in its own group
        let groups: [&[&str]; 3] = [&["is", "are"], &["is", "isn"], &["has", "have"]];
        let together = probe_groups(model, vocab, "The writer", &groups, 3).unwrap();
        for (group, answer) in groups.iter().zip(&together.groups) {
            assert_eq!(answer, &probe(model, vocab, "The writer", group, 3).unwrap().alternatives);
        }
    }

    #[test]
    fn alternatives_that_read_the_same_are_refused() {
        let trainer = Trainer::from_config(&presets::agreement()).unwrap();
        let error = probe(&trainer.model, &trainer.vocab, "The writer", &["is", "is"], 1).unwrap_err().to_string();
        assert!(error.contains("\"is\" and \"is\" read the same"), "{error}");
        // 'Z' and 'Q' are not in the grammar's vocabulary: both read as "other"
        assert!(probe(&trainer.model, &trainer.vocab, "The writer", &["Zs", "Qs"], 1).is_err());
    }

    #[test]
    fn unknown_prompt_characters_are_named_and_never_sampled() {
        let trainer = Trainer::from_config(&presets::agreement()).unwrap();
        let (model, vocab) = (&trainer.model, &trainer.vocab);
        let result = probe(model, vocab, "A writer é", &["is", "are"], 1).unwrap();
        let unknown: Vec<(usize, &str)> = result.unknown.iter().map(|u| (u.position, u.char.as_str())).collect();
        assert_eq!(unknown, [(0, "A"), (9, "é")]);
        assert!(probe(model, vocab, "The writer", &["is", "are"], 1).unwrap().unknown.is_empty());
        // an untrained model is near uniform, so 1/V of 3,000 draws would be "other" if it could be drawn
        for temperature in [1.0, 5.0] {
            let text = sample(model, vocab, "The writer", 3_000, Sampling { temperature, top_k: 0 }, &mut Rng::new(7)).unwrap();
            assert!(!text.contains(crate::vocab::OTHER), "temperature {temperature}: {text}");
        }
    }
}
