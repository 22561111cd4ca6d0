//! Evaluation on held-out generated items: agreement accuracy by number of attractors and by
//! construction, and memory accuracy by distance.
//!
//! An agreement item counts as right when the model rates the correct verb above the wrong one where
//! the two first differ, after its prefix and their shared start (" " for "is"/"are", " ha" for
//! "has"/"have"): the scoring of [`crate::probe::probe`], which a model that knows nothing reads as
//! undecided.
//! A memory item counts as right when the most likely character after its prefix (which ends in ':')
//! is the key the line opened with.
//!
//! Every item is read from a zero state after the text that stands before it in training: an agreement
//! prefix after one of [`CONTEXTS`] whole sentences from the grammar ([`agreement_contexts`], half of
//! them with a singular head and half plural, item i after sentence i mod 8), a memory line after the
//! whole line before it. A model never sees a zero state at the start of a sentence or line in
//! training (the state is carried across windows), and some read one badly: an LSTM mid-way through
//! learning agreement gave P(is | "The writers") = 0.90 from a zero state, 0.05 after a sentence;
//! another 0.03 from a zero state but 0.74 after a bare ". ". So these figures equal
//! [`crate::probe::probe`] of context + prefix, not of the bare prefix; [`preference`] reads any
//! prompt the same way.
//!
//! Speed: the items are read as batches of up to [`MAX_STREAMS`] streams through `Model::forward`,
//! sorted by length so that a batch pads little (padding comes after what is read, so it changes
//! nothing); the context sentences are read once and their states shared, and the two verbs of an
//! item share one pass over the prefix and their shared start. Measured in CPU time on one core of the 2-core dev machine
//! (`cargo test --release -p rnn-core eval::tests::timing -- --ignored --nocapture --test-threads=1`):
//! the default [`agreement_items`] (24 per cell, 360 items) take 53 ms on the default preset's LSTM
//! (hidden 64, embedding 32) and 112 ms at hidden 128, where the same reads one at a time through
//! `probe::probe` take 264 ms and 987 ms; [`memory_items`] at the default distances for a model
//! trained at 50 (64 items at each of 1, 12, 25, 50, 100) take 98 ms and 217 ms.

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use serde::Serialize;

use crate::corpus::agreement::{self, AgreementConfig, AgreementItem, Construction};
use crate::corpus::memory::{self, MemoryItem};
use crate::model::{Forward, Model, State};
use crate::probe::{self, log_softmax};
use crate::vocab::Vocab;
use crate::Rng;

/// Most streams in one batched forward pass: enough to keep the matrix products wide, few enough
/// that a trace stays a few megabytes.
pub const MAX_STREAMS: usize = 64;
/// Items per (attractors, construction) cell that the page and `rnn eval` score by default.
pub const DEFAULT_PER_CELL: usize = agreement::EVAL_ITEMS_PER_CELL[1];
/// Memory items per distance by default.
pub const DEFAULT_PER_DISTANCE: usize = 64;
/// How many sentences the agreement items are read after, in turn.
pub const CONTEXTS: usize = 8;
/// Items come from their own seeded stream, apart from any training corpus: "eval" in ASCII.
pub const EVAL_SEED: u64 = agreement::EVAL_SEED;

// ---------------------------------------------------------------- agreement

/// Agreement accuracy: the share of items where the correct verb form is the more likely one.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AgreementAccuracy {
    /// "0" … "4" attractors → accuracy in [0, 1].
    pub by_attractors: BTreeMap<String, f32>,
    /// "none", "prepositional", "subject_relative", "object_relative" → accuracy in [0, 1].
    pub by_construction: BTreeMap<String, f32>,
    /// Items scored.
    pub items: usize,
}

/// The JSON name of a construction, as serde writes it.
pub fn construction_name(construction: Construction) -> &'static str {
    match construction {
        Construction::None => "none",
        Construction::Prepositional => "prepositional",
        Construction::SubjectRelative => "subject_relative",
        Construction::ObjectRelative => "object_relative",
    }
}

/// The evaluation set (see [`agreement::evaluation_items`]); training text holds none of its prefixes
/// when `per_cell` is one of [`agreement::EVAL_ITEMS_PER_CELL`] and `seed` is [`EVAL_SEED`].
pub use agreement::evaluation_items as agreement_items;

/// The sentences agreement items are read after: [`CONTEXTS`] sentences of the grammar (from
/// [`EVAL_SEED`]), alternately with a singular and a plural head, each ending in ". ".
pub fn agreement_contexts() -> Vec<String> {
    let config = AgreementConfig { sentences: 100, ..AgreementConfig::default() };
    let text = agreement::generate(&config, &mut Rng::new(EVAL_SEED).fork(CONTEXT_STREAM));
    // a head noun ends in "s" exactly when it is plural (no singular noun of the lexicon does)
    let plural = |sentence: &&str| sentence.split(' ').nth(1).is_some_and(|head| head.ends_with('s'));
    let (plurals, singulars): (Vec<&str>, Vec<&str>) = text.split_inclusive(". ").partition(plural);
    assert!(plurals.len() >= CONTEXTS / 2 && singulars.len() >= CONTEXTS / 2, "100 sentences hold 4 of each number");
    singulars.iter().zip(&plurals).take(CONTEXTS / 2).flat_map(|(s, p)| [s.to_string(), p.to_string()]).collect()
}

/// The stream [`agreement_contexts`] are drawn from, "context" in ASCII.
const CONTEXT_STREAM: u64 = 0x0063_6f6e_7465_7874;

/// ln P(correct) − ln P(wrong) where " correct " and " wrong " first differ, after each item's
/// prefix and their shared start, item i read after context sentence i mod [`CONTEXTS`]: positive
/// means right (the scoring of [`crate::probe::probe`]; its module comment says why).
pub fn agreement_margins(model: &Model, vocab: &Vocab, items: &[AgreementItem]) -> Vec<f32> {
    let prefixes: Vec<&str> = items.iter().map(|item| item.prefix.as_str()).collect();
    let pairs: Vec<(&str, &str)> = items.iter().map(|item| (item.correct, item.wrong)).collect();
    margins_after_contexts(model, vocab, &prefixes, &pairs)
}

/// P(a) / (P(a) + P(b)) where " a " and " b " first differ, after `prompt`, averaged over the context
/// sentences: how firmly the model prefers `a`, read as the items are and as the probe reads it.
pub fn preference(model: &Model, vocab: &Vocab, prompt: &str, a: &str, b: &str) -> f32 {
    let margins = margins_after_contexts(model, vocab, &[prompt; CONTEXTS], &[(a, b); CONTEXTS]);
    margins.iter().map(|m| 1.0 / (1.0 + libm::expf(-m))).sum::<f32>() / CONTEXTS as f32
}

/// ln P(a_i) − ln P(b_i) where [`probe::bounded`] a_i and b_i first differ, after context i mod
/// [`CONTEXTS`], `prefixes[i]` and the words' shared start; 0 (undecided) for words that never differ.
fn margins_after_contexts(model: &Model, vocab: &Vocab, prefixes: &[&str], pairs: &[(&str, &str)]) -> Vec<f32> {
    let contexts: Vec<Vec<u16>> = agreement_contexts().iter().map(|c| vocab.encode(c)).collect();
    let (_, after_contexts) = read_batched(model, &State::zeros(model, CONTEXTS), &contexts);
    let start = gather(model, &after_contexts, &(0..prefixes.len()).map(|i| i % CONTEXTS).collect::<Vec<_>>());
    let words: Vec<(Vec<u16>, Vec<u16>)> = pairs.iter().map(|(a, b)| (probe::bounded(vocab, a), probe::bounded(vocab, b))).collect();
    let parts: Vec<Option<usize>> = words.iter().map(|(a, b)| probe::first_difference(a, b)).collect();
    // each read ends with the words' shared start (at least the space), so its last row is where they part
    let reads: Vec<Vec<u16>> = prefixes
        .iter()
        .zip(&words)
        .zip(&parts)
        .map(|((prefix, (a, _)), part)| [vocab.encode(prefix), a[..part.unwrap_or(0).max(1)].to_vec()].concat())
        .collect();
    let (log_probs, _) = read_batched(model, &start, &reads);
    let v = model.vocab;
    words
        .iter()
        .zip(&parts)
        .zip(log_probs.chunks_exact(v))
        .map(|(((a, b), part), row)| part.map_or(0.0, |k| row[a[k] as usize] - row[b[k] as usize]))
        .collect()
}

/// Accuracy of `model` on `items` (usually [`agreement_items`]), by attractors and by construction.
pub fn agreement_accuracy(model: &Model, vocab: &Vocab, items: &[AgreementItem]) -> AgreementAccuracy {
    let margins = agreement_margins(model, vocab, items);
    let mut by_attractors: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut by_construction: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (item, margin) in items.iter().zip(&margins) {
        let right = (*margin > 0.0) as usize;
        for (map, key) in [(&mut by_attractors, item.attractors.to_string()), (&mut by_construction, construction_name(item.construction).to_string())] {
            let (hits, total) = map.entry(key).or_insert((0, 0));
            *hits += right;
            *total += 1;
        }
    }
    let shares = |map: BTreeMap<String, (usize, usize)>| map.into_iter().map(|(key, (hits, total))| (key, hits as f32 / total as f32)).collect();
    AgreementAccuracy { by_attractors: shares(by_attractors), by_construction: shares(by_construction), items: items.len() }
}

// ---------------------------------------------------------------- memory

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct DistanceAccuracy {
    /// Filler characters between the key and its recall.
    pub distance: usize,
    /// Share of items whose key is the most likely character after ':'; chance is 1/8.
    pub accuracy: f32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MemoryAccuracy {
    /// Shortest distance first.
    pub by_distance: Vec<DistanceAccuracy>,
    /// Items scored at each distance.
    pub per_distance: usize,
}

/// Distances to test a model trained at `trained` filler characters: 1, a quarter, half, the trained
/// distance itself and twice it.
pub fn memory_distances(trained: usize) -> Vec<usize> {
    let mut distances = vec![1, trained / 4, trained / 2, trained, 2 * trained];
    distances.retain(|&d| d >= 1);
    distances.dedup();
    distances
}

/// `per_distance` items at each distance, from their own seeded stream.
pub fn memory_items(distances: &[usize], per_distance: usize, seed: u64) -> Vec<MemoryItem> {
    let mut rng = Rng::new(seed);
    distances.iter().flat_map(|&distance| memory::items(distance, per_distance, &mut rng)).collect()
}

/// Greedy recall accuracy on `items` (usually [`memory_items`]), by distance. Item i is read after
/// the complete line of item i − 1 (the first after the last's).
pub fn memory_accuracy(model: &Model, vocab: &Vocab, items: &[MemoryItem]) -> MemoryAccuracy {
    let prefixes: Vec<Vec<u16>> = (0..items.len())
        .map(|i| {
            let before = &items[(i + items.len() - 1) % items.len()];
            vocab.encode(&alloc::format!("{}{}\n{}", before.prefix, before.answer, items[i].prefix))
        })
        .collect();
    let (log_probs, _) = read_batched(model, &State::zeros(model, items.len()), &prefixes);
    let v = vocab.len();
    let mut by_distance: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for (item, row) in items.iter().zip(log_probs.chunks_exact(v)) {
        let best = row.iter().enumerate().fold(0, |best, (id, &l)| if l > row[best] { id } else { best });
        // a key the vocabulary lacks reads as "other", which is never the right answer
        let answer = vocab.id(item.answer) as usize;
        let (hits, total) = by_distance.entry(item.prefix.chars().count() - 2).or_insert((0, 0));
        *hits += (answer != 0 && best == answer) as usize;
        *total += 1;
    }
    let per_distance = by_distance.values().map(|&(_, total)| total).max().unwrap_or(0);
    let by_distance = by_distance.into_iter().map(|(distance, (hits, total))| DistanceAccuracy { distance, accuracy: hits as f32 / total as f32 }).collect();
    MemoryAccuracy { by_distance, per_distance }
}

// ---------------------------------------------------------------- batched reading

/// Reads `sequences[i]` (each at least one id) from row i of `start` (batch = sequences.len()), up to
/// [`MAX_STREAMS`] at a time; returns the log-probabilities of the character after each sequence,
/// (n, V), and the state after each, batch n.
fn read_batched(model: &Model, start: &State, sequences: &[Vec<u16>]) -> (Vec<f32>, State) {
    let v = model.vocab;
    let mut log_probs = vec![0.0; sequences.len() * v];
    let mut end = State::zeros(model, sequences.len());
    for_each_batch(model, start, sequences, |forward, batch, b, i| {
        let steps = sequences[i].len();
        let row = (steps - 1) * batch + b;
        log_probs[i * v..][..v].copy_from_slice(&log_softmax(&forward.logits[row * v..][..v]));
        copy_row(forward, batch, b, steps, &mut end, i);
    });
    (log_probs, end)
}

/// Runs the sequences through the model in length-sorted batches and calls `visit(forward, batch,
/// b, i)` for sequence i, which sat in stream b of a batch of `batch` streams.
fn for_each_batch(model: &Model, start: &State, sequences: &[Vec<u16>], mut visit: impl FnMut(&Forward, usize, usize, usize)) {
    let mut order: Vec<usize> = (0..sequences.len()).collect();
    order.sort_by_key(|&i| sequences[i].len());
    for chunk in order.chunks(MAX_STREAMS) {
        let (batch, steps) = (chunk.len(), sequences[chunk[chunk.len() - 1]].len());
        debug_assert!(!sequences[chunk[0]].is_empty(), "eval reads sequences of at least one character");
        let mut tokens = vec![0u16; steps * batch];
        for (b, &i) in chunk.iter().enumerate() {
            for (t, &id) in sequences[i].iter().enumerate() {
                tokens[t * batch + b] = id;
            }
        }
        let forward = model.forward(&tokens, &gather(model, start, chunk));
        for (b, &i) in chunk.iter().enumerate() {
            visit(&forward, batch, b, i);
        }
    }
}

/// The state of stream `b` after `steps` steps of `forward`, copied into row `i` of `into`.
fn copy_row(forward: &Forward, batch: usize, b: usize, steps: usize, into: &mut State, i: usize) {
    for (k, trace) in forward.traces.iter().enumerate() {
        let h = into.h[k].len() / into.batch;
        into.h[k][i * h..][..h].copy_from_slice(&trace.h[(steps * batch + b) * h..][..h]);
        if !trace.c.is_empty() {
            into.c[k][i * h..][..h].copy_from_slice(&trace.c[(steps * batch + b) * h..][..h]);
        }
    }
}

/// A state made of rows `rows` of `state`, in that order.
fn gather(model: &Model, state: &State, rows: &[usize]) -> State {
    let h = model.config.hidden;
    let mut out = State::zeros(model, rows.len());
    for (k, (hs, cs)) in out.h.iter_mut().zip(out.c.iter_mut()).enumerate() {
        for (i, &row) in rows.iter().enumerate() {
            hs[i * h..][..h].copy_from_slice(&state.h[k][row * h..][..h]);
            if !cs.is_empty() {
                cs[i * h..][..h].copy_from_slice(&state.c[k][row * h..][..h]);
            }
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::config::{CellKind, Clip, Config, ModelConfig, OptimizerConfig, TrainConfig};
    use crate::corpus::agreement::MAX_ATTRACTORS;
    use crate::corpus::{AgreementConfig, CorpusConfig, MemoryConfig};
    use crate::{presets, probe, Trainer};

    fn tiny(cell: CellKind, corpus: CorpusConfig, embedding: usize) -> Config {
        Config {
            model: ModelConfig { layers: 2, embedding, residual: true, ..ModelConfig::new(cell, 24) },
            train: TrainConfig {
                batch: 8,
                bptt: 24,
                optimizer: OptimizerConfig::Adam { lr: 0.01 },
                clip: Clip::Norm { threshold: 1.0 },
                seed: 3,
                valid_fraction: 0.05,
                steps: None,
                shards: 1,
            },
            corpus,
        }
    }

    fn agreement_corpus() -> CorpusConfig {
        CorpusConfig::Agreement(AgreementConfig { sentences: 2_000, ..AgreementConfig::default() })
    }

    #[test]
    fn batched_margins_equal_the_probes_one_item_at_a_time() {
        for (cell, embedding) in [(CellKind::Lstm, 8), (CellKind::Gru, 0), (CellKind::Rnn, 8)] {
            let mut trainer = Trainer::from_config(&tiny(cell, agreement_corpus(), embedding)).unwrap();
            for _ in 0..5 {
                trainer.step();
            }
            let items = agreement_items(2, 1);
            let margins = agreement_margins(&trainer.model, &trainer.vocab, &items);
            let contexts = agreement_contexts();
            for (i, (item, margin)) in items.iter().zip(&margins).enumerate() {
                let prompt = alloc::format!("{}{}", contexts[i % CONTEXTS], item.prefix);
                let result = probe::probe(&trainer.model, &trainer.vocab, &prompt, &[item.correct, item.wrong], 1).unwrap();
                let expected = result.alternatives[0].decisive_logprob - result.alternatives[1].decisive_logprob;
                assert!((margin - expected).abs() < 1e-4, "{cell:?} {item:?}: batched {margin}, one by one {expected}");
            }
        }
    }

    #[test]
    fn the_evaluation_set_fills_every_bucket_equally() {
        let items = agreement_items(5, EVAL_SEED);
        assert_eq!(items.len(), 15 + 4 * 15);
        assert_eq!(items, agreement_items(5, EVAL_SEED), "a pure function of its arguments");
        for attractors in 0..=MAX_ATTRACTORS {
            assert_eq!(items.iter().filter(|item| item.attractors == attractors).count(), 15);
        }
    }

    #[test]
    fn items_are_read_after_whole_sentences_of_both_numbers() {
        let contexts = agreement_contexts();
        assert_eq!(contexts.len(), CONTEXTS);
        for (i, context) in contexts.iter().enumerate() {
            assert!(context.starts_with("The ") && context.ends_with(". ") && context.matches(". ").count() == 1, "{context:?}");
            let head = context.split(' ').nth(1).unwrap();
            assert_eq!(head.ends_with('s'), i % 2 == 1, "{context:?}");
        }
        // preference reads a prompt after each context, as the items are read
        let mut trainer = Trainer::from_config(&tiny(CellKind::Gru, agreement_corpus(), 8)).unwrap();
        for _ in 0..5 {
            trainer.step();
        }
        let (model, vocab) = (&trainer.model, &trainer.vocab);
        let expected: f32 = contexts
            .iter()
            .map(|context| probe::probe(model, vocab, &alloc::format!("{context}The writer of the books"), &["is", "are"], 1).unwrap().alternatives[0].prob)
            .sum::<f32>()
            / CONTEXTS as f32;
        assert!((preference(model, vocab, "The writer of the books", "is", "are") - expected).abs() < 1e-5);
    }

    #[test]
    fn a_little_training_gives_sane_buckets() {
        let mut trainer = Trainer::from_config(&tiny(CellKind::Lstm, agreement_corpus(), 8)).unwrap();
        for _ in 0..50 {
            trainer.step();
        }
        let accuracy = agreement_accuracy(&trainer.model, &trainer.vocab, &agreement_items(8, EVAL_SEED));
        assert_eq!(accuracy.items, 24 * 5);
        let keys: Vec<&str> = accuracy.by_attractors.keys().map(String::as_str).collect();
        assert_eq!(keys, ["0", "1", "2", "3", "4"]);
        let constructions: Vec<&str> = accuracy.by_construction.keys().map(String::as_str).collect();
        assert_eq!(constructions, ["none", "object_relative", "prepositional", "subject_relative"]);
        // each bucket is the share of its items whose margin is positive, counted here over the margins
        let items = agreement_items(8, EVAL_SEED);
        let margins = agreement_margins(&trainer.model, &trainer.vocab, &items);
        for attractors in 0..=4 {
            let bucket: Vec<f32> = items.iter().zip(&margins).filter(|(item, _)| item.attractors == attractors).map(|(_, &m)| m).collect();
            let right = bucket.iter().filter(|&&m| m > 0.0).count();
            assert_eq!(accuracy.by_attractors[&attractors.to_string()], right as f32 / bucket.len() as f32, "{attractors} attractors");
        }
        let relative: Vec<f32> = items.iter().zip(&margins).filter(|(item, _)| item.construction == Construction::ObjectRelative).map(|(_, &m)| m).collect();
        let right = relative.iter().filter(|&&m| m > 0.0).count();
        assert_eq!(accuracy.by_construction["object_relative"], right as f32 / relative.len() as f32);
        let json = serde_json::to_value(&accuracy).unwrap();
        assert!(json["by_attractors"]["4"].is_number() && json["by_construction"]["object_relative"].is_number());
    }

    #[test]
    fn memory_accuracy_is_chance_untrained_and_counts_by_distance() {
        let corpus = CorpusConfig::Memory(MemoryConfig { distance: 5, sequences: 500 });
        let trainer = Trainer::from_config(&tiny(CellKind::Lstm, corpus, 0)).unwrap();
        let distances = memory_distances(20);
        assert_eq!(distances, [1, 5, 10, 20, 40]);
        let accuracy = memory_accuracy(&trainer.model, &trainer.vocab, &memory_items(&distances, 40, EVAL_SEED));
        assert_eq!(accuracy.per_distance, 40);
        assert_eq!(accuracy.by_distance.iter().map(|d| d.distance).collect::<Vec<_>>(), distances);
        // chance is 1/8 (eight keys); three standard deviations above it over 40 items is 0.28 (measured 0.075-0.2)
        assert!(accuracy.by_distance.iter().all(|d| d.accuracy <= 0.28), "an untrained model cannot recall: {accuracy:?}");
    }

    #[test]
    fn a_trained_lstm_recalls_at_short_distance() {
        let corpus = CorpusConfig::Memory(MemoryConfig { distance: 4, sequences: 2_000 });
        let mut config = tiny(CellKind::Lstm, corpus, 0);
        config.model.layers = 1;
        config.model.hidden = 32;
        let mut trainer = Trainer::from_config(&config).unwrap();
        for _ in 0..600 {
            trainer.step();
        }
        let accuracy = memory_accuracy(&trainer.model, &trainer.vocab, &memory_items(&[4], 64, EVAL_SEED));
        assert!(accuracy.by_distance[0].accuracy > 0.9, "{accuracy:?}");
    }

    /// CPU seconds this process has used (user + system, from /proc/self/stat, 10 ms ticks): the dev
    /// machine is shared, so wall time overstates what a probe costs.
    #[cfg(feature = "std")]
    pub(crate) fn cpu_seconds() -> f64 {
        extern crate std;
        let stat = std::fs::read_to_string("/proc/self/stat").expect("Linux /proc");
        let fields: Vec<&str> = stat.rsplit(')').next().unwrap().split_whitespace().collect();
        // after the command name: state is field 3, utime 14 and stime 15 (1-based, man proc)
        (fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap()) / 100.0
    }

    /// Milliseconds of CPU per call of `f`, over enough calls to last about two CPU seconds.
    #[cfg(feature = "std")]
    pub(crate) fn cpu_ms_per_call(mut f: impl FnMut()) -> f64 {
        let (start, mut calls) = (cpu_seconds(), 0);
        while cpu_seconds() - start < 2.0 {
            f();
            calls += 1;
        }
        (cpu_seconds() - start) * 1e3 / calls as f64
    }

    /// Times the default evaluation on the default model; run with `--release -- --ignored --nocapture`.
    #[cfg(feature = "std")]
    #[test]
    #[ignore]
    fn timing() {
        extern crate std;
        for hidden in [64, 128] {
            let mut config = presets::agreement();
            config.model.hidden = hidden;
            let trainer = Trainer::from_config(&config).unwrap();
            let items = agreement_items(DEFAULT_PER_CELL, EVAL_SEED);
            let ms = cpu_ms_per_call(|| {
                agreement_accuracy(&trainer.model, &trainer.vocab, &items);
            });
            std::println!("hidden {hidden}: agreement, {} items in {ms:.1} ms", items.len());
            let contexts = agreement_contexts();
            let ms = cpu_ms_per_call(|| {
                for (i, item) in items.iter().enumerate() {
                    let prompt = alloc::format!("{}{}", contexts[i % CONTEXTS], item.prefix);
                    probe::probe(&trainer.model, &trainer.vocab, &prompt, &[item.correct, item.wrong], 1).unwrap();
                }
            });
            std::println!("hidden {hidden}: the same one at a time through probe::probe, {ms:.1} ms");
            let mut config = presets::memory();
            config.model.hidden = hidden;
            let memory = Trainer::from_config(&config).unwrap();
            let items = memory_items(&memory_distances(50), DEFAULT_PER_DISTANCE, EVAL_SEED);
            let ms = cpu_ms_per_call(|| {
                memory_accuracy(&memory.model, &memory.vocab, &items);
            });
            std::println!("hidden {hidden}: memory, {} items in {ms:.1} ms", items.len());
        }
    }
}
