//! Training and scoring a tagging model on the sentiment corpus (`corpus::sentiment`).
//!
//! A training window holds whole sentences: each of the B streams takes the next lines of the
//! corpus, one after another, while they fit in its T characters, and is padded with line breaks
//! after them. Every window starts from a zero state in both directions, so the reverse direction
//! reads each sentence from its end (or the sentences and padding after it), never a cut sentence.
//! The loss is the mean cross-entropy over the tagged characters; untagged ones add nothing.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use serde::Serialize;

use crate::corpus::sentiment::{self, Decided};
use crate::model::{Forward, Model, State};
use crate::vocab::Vocab;
use crate::{Error, Result, Rng};

/// The target of an untagged character.
pub const UNTAGGED: u16 = u16::MAX;
/// Sentences `rnn eval` and `rnn compare` score by default.
pub const DEFAULT_EVAL_SENTENCES: usize = 2000;
/// Most sentences in one batched forward pass when scoring.
pub(crate) const MAX_STREAMS: usize = 64;
/// Held-out sentences validation reads at most.
const MAX_VALID_LINES: usize = 512;
/// The stream evaluation sentences come from, "tagging" in ASCII.
const EVAL_STREAM: u64 = 0x0074_6167_6769_6e67;

/// One sentence with its line break, encoded.
#[derive(Clone, Debug)]
pub struct Line {
    pub ids: Vec<u16>,
    /// Per character, its tag or [`UNTAGGED`].
    pub tags: Vec<u16>,
    /// Per character, what decides its tag (`None` where untagged).
    pub decided: Vec<Option<Decided>>,
}

impl Line {
    pub fn new(vocab: &Vocab, sentence: &str) -> Line {
        let ids = vocab.encode(&alloc::format!("{sentence}\n"));
        let (mut tags, mut decided) = (vec![UNTAGGED; ids.len()], vec![None; ids.len()]);
        for t in sentiment::tag(sentence) {
            tags[t.at] = t.tag;
            decided[t.at] = Some(t.decided);
        }
        Line { ids, tags, decided }
    }
}

/// The training and held-out sentences of a tagging run.
#[derive(Clone, Debug)]
pub struct Sentences {
    train: Vec<Line>,
    valid: Vec<Line>,
    /// The next training line a window takes.
    next: usize,
    /// The line break's id: what pads a window.
    pad: u16,
}

impl Sentences {
    /// The lines of `text`, the last `valid_fraction` of them (at most [`MAX_VALID_LINES`]) held out.
    pub fn new(vocab: &Vocab, text: &str, valid_fraction: f32, batch: usize, bptt: usize) -> Result<Sentences> {
        let lines: Vec<Line> = text.lines().filter(|l| !l.is_empty()).map(|l| Line::new(vocab, l)).collect();
        let longest = lines.iter().map(|l| l.ids.len()).max().unwrap_or(0);
        if longest > bptt {
            return Err(Error::Text(alloc::format!(
                "a sentence of {longest} characters (with its line break) does not fit a window of bptt = {bptt}: raise train.bptt to at least {longest}"
            )));
        }
        let valid_len = ((lines.len() as f32 * valid_fraction) as usize).max(1);
        if lines.len() < batch + valid_len {
            return Err(Error::Text(alloc::format!(
                "the corpus has {} sentences; a batch of {batch} streams and {valid_len} held out need more: give more sentences or lower the batch",
                lines.len()
            )));
        }
        let mut train = lines;
        let valid = train.split_off(train.len() - valid_len);
        let valid = valid.into_iter().take(MAX_VALID_LINES).collect();
        let pad = vocab.encode("\n")[0];
        Ok(Sentences { train, valid, next: 0, pad })
    }

    /// The next window: B streams of T characters, time-major (row t·B + b), ids and tags.
    pub fn next_window(&mut self, batch: usize, steps: usize) -> (Vec<u16>, Vec<u16>) {
        let mut columns = Vec::with_capacity(batch);
        for _ in 0..batch {
            let (mut ids, mut tags) = (Vec::with_capacity(steps), Vec::with_capacity(steps));
            while ids.len() + self.train[self.next].ids.len() <= steps {
                let line = &self.train[self.next];
                ids.extend_from_slice(&line.ids);
                tags.extend_from_slice(&line.tags);
                self.next = (self.next + 1) % self.train.len();
            }
            ids.resize(steps, self.pad);
            tags.resize(steps, UNTAGGED);
            columns.push((ids, tags));
        }
        let mut ids = Vec::with_capacity(batch * steps);
        let mut tags = Vec::with_capacity(batch * steps);
        for t in 0..steps {
            for (column_ids, column_tags) in &columns {
                ids.push(column_ids[t]);
                tags.push(column_tags[t]);
            }
        }
        (ids, tags)
    }

    /// Mean cross-entropy on the held-out sentences, in bits per tagged character.
    pub fn validate(&self, model: &Model) -> f32 {
        let (mut nats, mut count) = (0.0f64, 0usize);
        for_each_batch(model, &self.valid, self.pad, |forward, lines, steps| {
            let tags = time_major_tags(lines, steps);
            let (total, n) = cross_entropy(&forward.logits, &tags, model.classes, None);
            nats += total;
            count += n;
        });
        (nats / count.max(1) as f64 / core::f64::consts::LN_2) as f32
    }
}

/// Mean cross-entropy (nats) over the tagged rows of `tags` (T·B, [`UNTAGGED`] elsewhere), and adds
/// its gradient with respect to every parameter into `grad`.
pub fn backward(model: &Model, forward: &Forward, tokens: &[u16], tags: &[u16], grad: &mut [f32]) -> f32 {
    let count = tagged(tags);
    let total = backward_scaled(model, forward, tokens, tags, 1.0 / count.max(1) as f32, grad);
    (total / count.max(1) as f64) as f32
}

/// Tagged positions among `tags`.
pub fn tagged(tags: &[u16]) -> usize {
    tags.iter().filter(|&&tag| tag != UNTAGGED).count()
}

/// The summed cross-entropy (nats, f64, row order) over the tagged positions, and adds `scale` times
/// its gradient into `grad`: a shard's part of a larger batch's mean (`shard`).
pub fn backward_scaled(model: &Model, forward: &Forward, tokens: &[u16], tags: &[u16], scale: f32, grad: &mut [f32]) -> f64 {
    let mut d_logits = vec![0.0; forward.logits.len()];
    let (total, _) = cross_entropy(&forward.logits, tags, model.classes, Some(&mut d_logits));
    d_logits.iter_mut().for_each(|d| *d *= scale);
    model.backward_from_logits(forward, tokens, &d_logits, grad);
    total
}

/// Σ cross-entropy (nats, f64, row order) over the tagged rows and their count; with `d_logits`,
/// writes `softmax − onehot(tag)` into its tagged rows (the rest stay zero).
fn cross_entropy(logits: &[f32], tags: &[u16], classes: usize, mut d_logits: Option<&mut [f32]>) -> (f64, usize) {
    let (mut total, mut count) = (0.0f64, 0usize);
    for (row, (z, &tag)) in logits.chunks_exact(classes).zip(tags).enumerate() {
        if tag == UNTAGGED {
            continue;
        }
        let max = z.iter().fold(f32::NEG_INFINITY, |m, &x| m.max(x));
        let e: Vec<f32> = z.iter().map(|x| crate::kernels::exp(*x - max)).collect();
        let sum: f32 = e.iter().sum();
        total -= libm::log((e[tag as usize] / sum) as f64);
        count += 1;
        if let Some(d) = d_logits.as_deref_mut() {
            let d = &mut d[row * classes..][..classes];
            d.iter_mut().zip(&e).for_each(|(d, e)| *d = e / sum);
            d[tag as usize] -= 1.0;
        }
    }
    (total, count)
}

/// Reads `lines` one per stream, up to [`MAX_STREAMS`] at a time, each from a zero state and padded
/// after its end with line breaks; calls `visit(forward, lines, steps)` per batch.
fn for_each_batch(model: &Model, lines: &[Line], pad: u16, mut visit: impl FnMut(&Forward, &[Line], usize)) {
    for chunk in lines.chunks(MAX_STREAMS) {
        let (batch, steps) = (chunk.len(), chunk.iter().map(|l| l.ids.len()).max().unwrap_or(0));
        let mut ids = Vec::with_capacity(batch * steps);
        for t in 0..steps {
            ids.extend(chunk.iter().map(|l| l.ids.get(t).copied().unwrap_or(pad)));
        }
        let forward = model.forward(&ids, &State::zeros(model, batch));
        visit(&forward, chunk, steps);
    }
}

fn time_major_tags(lines: &[Line], steps: usize) -> Vec<u16> {
    (0..steps).flat_map(|t| lines.iter().map(move |l| l.tags.get(t).copied().unwrap_or(UNTAGGED))).collect()
}

/// What a tagging model says about each character of a text.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TagReadout {
    pub chars: Vec<String>,
    /// Per character, P(positive) read with the whole text in view (both directions).
    pub positive: Vec<f32>,
    /// Per character, the tag the corpus's rules give it ("negative", "positive"), if any.
    pub rule: Vec<Option<&'static str>>,
}

/// Reads `text` (one sentence, or any text) from a zero state; only for tagging models.
pub fn read(model: &Model, vocab: &Vocab, text: &str) -> Result<TagReadout> {
    if model.config.task != crate::Task::Tagging {
        return Err(Error::Text("this model predicts the next character and has no tags: read it with the probes".into()));
    }
    let count = text.chars().count();
    if count == 0 || count > crate::probe::MAX_PROMPT_CHARS {
        return Err(Error::Text(alloc::format!("the text has {count} characters; give 1 to {}", crate::probe::MAX_PROMPT_CHARS)));
    }
    let ids = vocab.encode(text);
    let forward = model.forward(&ids, &State::zeros(model, 1));
    let positive = forward.logits.chunks_exact(model.classes).map(|z| {
        let e: Vec<f32> = z.iter().map(|x| crate::kernels::exp(x - z.iter().fold(f32::NEG_INFINITY, |m, &y| m.max(y)))).collect();
        e[sentiment::POSITIVE as usize] / e.iter().sum::<f32>()
    });
    let mut rule = vec![None; count];
    for t in sentiment::tag(text) {
        rule[t.at] = Some(sentiment::TAGS[t.tag as usize]);
    }
    Ok(TagReadout { chars: text.chars().map(|c| alloc::string::ToString::to_string(&c)).collect(), positive: positive.collect(), rule })
}

/// Tagging accuracy on held-out sentences, overall and by what decides the tag.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TaggingAccuracy {
    pub task: &'static str,
    pub sentences: usize,
    /// Every tagged character.
    pub accuracy: f32,
    /// Characters whose tag is decided only by words after them ("not", intensifiers).
    pub ambiguous_accuracy: f32,
    /// Characters whose tag is decided by the words up to them (adjectives, full stops).
    pub left_accuracy: f32,
    /// Full stops: the whole sentence's label.
    pub sentence_accuracy: f32,
    pub positions: usize,
    pub ambiguous_positions: usize,
}

/// `count` sentences of the grammar from their own seeded stream, apart from any training corpus.
pub fn eval_sentences(count: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng::new(seed).fork(EVAL_STREAM);
    (0..count).map(|_| sentiment::sentence(&mut rng)).collect()
}

/// The share of tagged characters whose most likely tag is right, each sentence read on its own.
pub fn accuracy(model: &Model, vocab: &Vocab, sentences: &[String]) -> TaggingAccuracy {
    let lines: Vec<Line> = sentences.iter().map(|s| Line::new(vocab, s)).collect();
    let pad = vocab.encode("\n")[0];
    // (right, all) for: every tag, right-decided, left-decided (sentence ends included), sentence ends
    let mut counts = [(0usize, 0usize); 4];
    let classes = model.classes;
    for_each_batch(model, &lines, pad, |forward, chunk, _| {
        for (b, line) in chunk.iter().enumerate() {
            for (t, decided) in line.decided.iter().enumerate() {
                let Some(decided) = decided else { continue };
                let z = &forward.logits[(t * chunk.len() + b) * classes..][..classes];
                let best = (0..classes).max_by(|&i, &j| z[i].total_cmp(&z[j])).expect("a tag") as u16;
                let right = (best == line.tags[t]) as usize;
                let kinds = match decided {
                    Decided::Right => [0, 1].as_slice(),
                    Decided::Left => &[0, 2],
                    Decided::Sentence => &[0, 2, 3],
                };
                for &k in kinds {
                    counts[k].0 += right;
                    counts[k].1 += 1;
                }
            }
        }
    });
    let share = |(right, all): (usize, usize)| if all == 0 { 0.0 } else { right as f32 / all as f32 };
    TaggingAccuracy {
        task: "sentiment",
        sentences: sentences.len(),
        accuracy: share(counts[0]),
        ambiguous_accuracy: share(counts[1]),
        left_accuracy: share(counts[2]),
        sentence_accuracy: share(counts[3]),
        positions: counts[0].1,
        ambiguous_positions: counts[1].1,
    }
}
