//! What a lesson watches for: a check on a model (and on how its training went) that holds once the
//! phenomenon the lesson teaches has appeared. Lessons are data (`www/src/lessons/lessons.json`); the page
//! evaluates their checks through the bindings and `tests/lessons.rs` evaluates the same ones natively.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};

use crate::corpus::sentiment;
use crate::{eval, inspect, tagging, Error, Model, Result, StepReport, Vocab};

/// Items per (construction, attractors) cell an agreement check scores: 30 in each attractor bucket.
const AGREEMENT_ITEMS: usize = 10;
/// Memory items per distance a recall check scores (chance is 1/8).
const RECALL_ITEMS: usize = 64;
/// Held-out sentences a tagging check scores: about 100 intensifiers and negations among them.
const TAGGING_SENTENCES: usize = 200;

/// A claim about a model. Thresholds are plain numbers: probabilities and accuracies in [0, 1],
/// ratios as they are, losses in bits per character.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Check {
    /// P(" " + word) / (P(" " + word) + P(" " + other)) after `prompt` is above `above` (read after
    /// the grammar's context sentences, as the agreement items are: see [`eval::preference`]).
    Prefers { prompt: String, word: String, other: String, above: f32 },
    /// The gradient kept `distance` steps back over `text` (first layer's ‖∂L_t/∂h_{t−d}‖ / ‖∂L_t/∂h_t‖,
    /// geometric mean over t) is below `below`.
    GradientRatioBelow { text: String, distance: usize, below: f32 },
    /// Every W_hh block's spectral radius is below `below`.
    SpectralRadiusBelow { below: f32 },
    /// Some W_hh block's spectral radius is above `above`.
    SpectralRadiusAbove { above: f32 },
    /// Training diverged (see [`History::diverged`]).
    Diverged,
    /// Some step's gradient norm (before clipping) was above `above`, or not finite: it exploded.
    GradientNormAbove { above: f32 },
    /// Training has not diverged and the latest loss is below `bits` per character.
    Trains { bits: f32 },
    /// Agreement accuracy on items with `attractors` attractors is above `above`.
    AgreementAbove { attractors: usize, above: f32 },
    /// Memory recall at `distance` filler characters is above `above`.
    RecallAbove { distance: usize, above: f32 },
    /// A tagging model's P(`tag`) at the last character of the first `word` of `text` (read from a
    /// zero state with the whole text in view, as [`tagging::read`] does) is above `above`.
    TagAbove { text: String, word: String, tag: String, above: f32 },
    /// A tagging model's accuracy where only the words after decide the tag (intensifiers and
    /// "not", see [`tagging::TaggingAccuracy::ambiguous_accuracy`]) is above `above`.
    AmbiguousAccuracyAbove { above: f32 },
    /// The latest step's gradient norm of the lowest layer over the top layer's (see
    /// [`History::layer_ratio`]) is below `below`: the lowest layer learns far slower.
    LayerRatioBelow { below: f32 },
    /// That ratio is above `above`: skip connections carry the gradient down. Not `not` of the one
    /// above, which would hold before the first step, when there is no ratio yet.
    LayerRatioAbove { above: f32 },
    /// Every check in `of` holds.
    All { of: Vec<Check> },
    /// `check` does not hold.
    Not { check: Box<Check> },
}

/// How training has gone so far, for the checks that are about training rather than the weights.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct History {
    /// Some step's update was refused (see [`diverged`]), or validation said the run diverged.
    pub diverged: bool,
    /// The largest gradient norm of any step (before clipping); infinite once one was not finite.
    pub max_grad_norm: f32,
    /// The latest step's loss in nats per character; `None` before the first step.
    pub loss: Option<f32>,
    /// The latest step's gradient norm of the lowest layer's recurrent weights over the top layer's
    /// (`StepReport::layer_grad_norms`); `None` before the first step and for one layer.
    #[serde(default)]
    pub layer_ratio: Option<f32>,
}

impl History {
    pub const UNTRAINED: History = History { diverged: false, max_grad_norm: 0.0, loss: None, layer_ratio: None };

    /// The history after `reports`, continuing this one.
    pub fn after(self, reports: &[StepReport]) -> History {
        History {
            diverged: self.diverged || reports.iter().any(diverged),
            max_grad_norm: reports.iter().map(|r| if r.grad_norm.is_finite() { r.grad_norm } else { f32::INFINITY }).fold(self.max_grad_norm, f32::max),
            loss: reports.last().map(|r| r.loss).or(self.loss),
            layer_ratio: reports.last().map_or(self.layer_ratio, layer_ratio),
        }
    }
}

/// Lowest layer's gradient norm over the top layer's, for two layers or more.
fn layer_ratio(report: &StepReport) -> Option<f32> {
    match report.layer_grad_norms.as_slice() {
        [lowest, .., top] => Some(lowest / top),
        _ => None,
    }
}

/// A step the trainer refused to apply: its loss, gradient or update was not finite.
pub fn diverged(report: &StepReport) -> bool {
    report.divergence.is_some()
}

/// A check's verdict and the values it measured, in the order the checks appear (for the page to show).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Outcome {
    pub holds: bool,
    pub measured: Vec<Measured>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Measured {
    /// The check's kind, e.g. "gradient_ratio_below".
    pub check: &'static str,
    pub value: f32,
}

impl Check {
    /// Evaluates the check on `model` after training went as `history` says. Errors are the probes'
    /// (a prompt or text the vocabulary cannot read) and a check that does not fit the model.
    pub fn evaluate(&self, model: &Model, vocab: &Vocab, history: History) -> Result<Outcome> {
        let mut measured = Vec::new();
        let holds = self.holds(model, vocab, history, &mut measured)?;
        Ok(Outcome { holds, measured })
    }

    fn holds(&self, model: &Model, vocab: &Vocab, history: History, measured: &mut Vec<Measured>) -> Result<bool> {
        let mut note = |check: &'static str, value: f32| measured.push(Measured { check, value });
        Ok(match self {
            Check::Prefers { prompt, word, other, above } => {
                let p = eval::preference(model, vocab, prompt, word, other);
                note("prefers", p);
                p > *above
            }
            Check::GradientRatioBelow { text, distance, below } => {
                let flow = inspect::gradient_flow(model, vocab, text, (distance + 1).max(inspect::DEFAULT_FLOW_WINDOW))?;
                let ratio = flow.ratio(0, *distance).ok_or_else(|| Error::Text(format!("the check's text is shorter than {distance} steps")))?;
                note("gradient_ratio_below", ratio);
                ratio < *below
            }
            Check::SpectralRadiusBelow { below } => {
                let radius = largest_radius(model);
                note("spectral_radius_below", radius);
                radius < *below
            }
            Check::SpectralRadiusAbove { above } => {
                let radius = largest_radius(model);
                note("spectral_radius_above", radius);
                radius > *above
            }
            Check::Diverged => {
                note("diverged", if history.diverged { 1.0 } else { 0.0 });
                history.diverged
            }
            Check::GradientNormAbove { above } => {
                note("gradient_norm_above", history.max_grad_norm);
                history.max_grad_norm > *above
            }
            Check::Trains { bits } => {
                let loss = history.loss.map_or(f32::INFINITY, |nats| nats / core::f32::consts::LN_2);
                note("trains", loss);
                !history.diverged && loss < *bits
            }
            Check::AgreementAbove { attractors, above } => {
                let items = eval::agreement_items(AGREEMENT_ITEMS, eval::EVAL_SEED);
                let items: Vec<_> = items.into_iter().filter(|item| item.attractors == *attractors).collect();
                if items.is_empty() {
                    return Err(Error::Text(format!("the grammar has no items with {attractors} attractors")));
                }
                let accuracy = eval::agreement_accuracy(model, vocab, &items).by_attractors.values().next().copied().unwrap_or(0.0);
                note("agreement_above", accuracy);
                accuracy > *above
            }
            Check::RecallAbove { distance, above } => {
                let items = eval::memory_items(&[*distance], RECALL_ITEMS, eval::EVAL_SEED);
                let accuracy = eval::memory_accuracy(model, vocab, &items).by_distance.first().map_or(0.0, |d| d.accuracy);
                note("recall_above", accuracy);
                accuracy > *above
            }
            Check::TagAbove { text, word, tag, above } => {
                let Some(tag_id) = sentiment::TAGS.iter().position(|t| t == tag) else {
                    return Err(Error::Text(format!("the check's tag \"{tag}\" is not one of {}", sentiment::TAGS.join(", "))));
                };
                let at = word_end(text, word).ok_or_else(|| Error::Text(format!("the check's text has no word \"{word}\"")))?;
                let readout = tagging::read(model, vocab, text)?;
                let positive = readout.positive[at];
                let p = if tag_id == sentiment::POSITIVE as usize { positive } else { 1.0 - positive };
                note("tag_above", p);
                p > *above
            }
            Check::AmbiguousAccuracyAbove { above } => {
                if model.config.task != crate::Task::Tagging {
                    return Err(Error::Text("this model predicts the next character and has no tags to score".into()));
                }
                let sentences = tagging::eval_sentences(TAGGING_SENTENCES, eval::EVAL_SEED);
                let accuracy = tagging::accuracy(model, vocab, &sentences).ambiguous_accuracy;
                note("ambiguous_accuracy_above", accuracy);
                accuracy > *above
            }
            Check::LayerRatioBelow { below } => {
                let ratio = history.layer_ratio.unwrap_or(f32::NAN);
                note("layer_ratio_below", ratio);
                ratio < *below
            }
            Check::LayerRatioAbove { above } => {
                let ratio = history.layer_ratio.unwrap_or(f32::NAN);
                note("layer_ratio_above", ratio);
                ratio > *above
            }
            Check::All { of } => {
                let mut all = true;
                for check in of {
                    all &= check.holds(model, vocab, history, measured)?;
                }
                all
            }
            Check::Not { check } => !check.holds(model, vocab, history, measured)?,
        })
    }
}

/// The character index of the last character of the first whole word `word` in `text`.
fn word_end(text: &str, word: &str) -> Option<usize> {
    let mut start = 0;
    for candidate in text.split(' ') {
        let bare = candidate.trim_end_matches(['.', ',', '!', '?']);
        if bare == word {
            return Some(start + bare.chars().count() - 1);
        }
        start += candidate.chars().count() + 1;
    }
    None
}

fn largest_radius(model: &Model) -> f32 {
    inspect::spectra(model).iter().map(|s| s.spectral_radius).fold(0.0, f32::max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;
    use crate::train::{Divergence, DivergenceCause};
    use crate::{Config, Trainer};

    fn untrained_rnn(scale: f32) -> Trainer {
        let config = Config::from_json(&format!(
            r#"{{"model":{{"cell":"rnn","hidden":32,"embedding":16,"recurrent_scale":{scale}}},
                "train":{{"batch":4,"bptt":16,"optimizer":{{"kind":"sgd","lr":0.1}},"clip":{{"kind":"none"}},"seed":1}},
                "corpus":{{"kind":"agreement","sentences":500}}}}"#
        ))
        .unwrap();
        Trainer::from_config(&config).unwrap()
    }

    #[test]
    fn checks_read_json_and_combine() {
        let check: Check = serde_json::from_str(r#"{"kind":"all","of":[{"kind":"spectral_radius_below","below":1},{"kind":"not","check":{"kind":"diverged"}}]}"#).unwrap();
        let trainer = untrained_rnn(0.5);
        let outcome = check.evaluate(&trainer.model, &trainer.vocab, History::UNTRAINED).unwrap();
        assert!(outcome.holds);
        // orthogonal × 0.5 has every eigenvalue on the circle of radius 0.5
        assert!((outcome.measured[0].value - 0.5).abs() < 0.02, "{outcome:?}");
        let divergence = Divergence { cause: DivergenceCause::NonFiniteLoss, step: 1, valid_bits_per_char: None, uniform_bits_per_char: 5.0 };
        let diverged = History::UNTRAINED.after(&[StepReport { step: 0, loss: f32::NAN, grad_norm: 1.0, layer_grad_norms: vec![1.0], clipped: false, divergence: Some(divergence) }]);
        assert!(!check.evaluate(&trainer.model, &trainer.vocab, diverged).unwrap().holds);
        assert!(serde_json::from_str::<Check>(r#"{"kind":"spectral_radius_below","below":1,"above":2}"#).is_err());
    }

    #[test]
    fn a_radius_above_one_is_not_below_it() {
        let trainer = untrained_rnn(2.0);
        let below = Check::SpectralRadiusBelow { below: 1.0 }.evaluate(&trainer.model, &trainer.vocab, History::UNTRAINED).unwrap();
        let above = Check::SpectralRadiusAbove { above: 1.0 }.evaluate(&trainer.model, &trainer.vocab, History::UNTRAINED).unwrap();
        assert!(!below.holds && above.holds, "{below:?} {above:?}");
    }

    #[test]
    fn trains_needs_a_finite_loss_below_the_bound() {
        let trainer = untrained_rnn(0.5);
        let check = Check::Trains { bits: 3.0 };
        let evaluate = |history| check.evaluate(&trainer.model, &trainer.vocab, history).unwrap().holds;
        let step = |loss: f32| StepReport { step: 1, loss, grad_norm: 1.0, layer_grad_norms: vec![1.0], clipped: false, divergence: None };
        let refused = Divergence { cause: DivergenceCause::NonFiniteLoss, step: 2, valid_bits_per_char: None, uniform_bits_per_char: 5.0 };
        assert!(!evaluate(History::UNTRAINED));
        assert!(evaluate(History::UNTRAINED.after(&[step(1.0)])));
        assert!(!evaluate(History::UNTRAINED.after(&[step(3.0)]))); // 4.3 bits
        assert!(!evaluate(History::UNTRAINED.after(&[StepReport { divergence: Some(refused), ..step(f32::INFINITY) }, step(1.0)])));
    }

    #[test]
    fn the_layer_ratio_is_the_lowest_layer_over_the_top_one_of_the_latest_step() {
        let step = |norms: Vec<f32>| StepReport { step: 1, loss: 1.0, grad_norm: 1.0, layer_grad_norms: norms, clipped: false, divergence: None };
        let check = Check::LayerRatioBelow { below: 0.1 };
        let trainer = untrained_rnn(0.5);
        let evaluate = |history| check.evaluate(&trainer.model, &trainer.vocab, history).unwrap();
        assert!(!evaluate(History::UNTRAINED).holds, "no step, no ratio");
        assert!(!evaluate(History::UNTRAINED.after(&[step(vec![0.5])])).holds, "one layer has no lowest and top");
        let history = History::UNTRAINED.after(&[step(vec![0.01, 0.5, 1.0]), step(vec![0.02, 0.3, 0.4])]);
        assert!((history.layer_ratio.unwrap() - 0.05).abs() < 1e-7, "{history:?}"); // 0.02 / 0.4, the latest step
        assert!(evaluate(history).holds);
        assert!(!evaluate(History::UNTRAINED.after(&[step(vec![0.2, 1.0])])).holds);
        let above = Check::LayerRatioAbove { above: 0.3 };
        let evaluate = |history| above.evaluate(&trainer.model, &trainer.vocab, history).unwrap().holds;
        assert!(!evaluate(History::UNTRAINED), "before the first step there is no ratio to be above anything");
        assert!(evaluate(History::UNTRAINED.after(&[step(vec![2.0, 1.0])])) && !evaluate(History::UNTRAINED.after(&[step(vec![0.2, 1.0])])));
    }

    #[test]
    fn tag_checks_read_a_tagging_model_and_refuse_a_language_model() {
        let config = Config::from_json(
            r#"{"model":{"cell":"gru","hidden":8,"embedding":4,"bidirectional":true,"task":"tagging"},
                "train":{"batch":2,"bptt":96,"optimizer":{"kind":"adam","lr":0.01},"clip":{"kind":"norm","threshold":5},"seed":1},
                "corpus":{"kind":"sentiment","sentences":200}}"#,
        )
        .unwrap();
        let trainer = Trainer::from_config(&config).unwrap();
        let text = "the movie was terribly exciting.";
        let tag = |tag: &str, above: f32| Check::TagAbove { text: text.into(), word: "terribly".into(), tag: tag.into(), above };
        let positive = tag("positive", 0.0).evaluate(&trainer.model, &trainer.vocab, History::UNTRAINED).unwrap();
        let negative = tag("negative", 0.0).evaluate(&trainer.model, &trainer.vocab, History::UNTRAINED).unwrap();
        // P(negative) = 1 − P(positive) at the same character, the y of "terribly" (index 21)
        assert!((positive.measured[0].value + negative.measured[0].value - 1.0).abs() < 1e-6, "{positive:?} {negative:?}");
        let readout = tagging::read(&trainer.model, &trainer.vocab, text).unwrap();
        assert_eq!((readout.chars[21].as_str(), readout.positive[21]), ("y", positive.measured[0].value));
        assert!(tag("neutral", 0.0).evaluate(&trainer.model, &trainer.vocab, History::UNTRAINED).is_err());
        let missing = Check::TagAbove { text: text.into(), word: "awfully".into(), tag: "positive".into(), above: 0.5 };
        assert!(missing.evaluate(&trainer.model, &trainer.vocab, History::UNTRAINED).is_err());
        let ambiguous = Check::AmbiguousAccuracyAbove { above: 0.9 }.evaluate(&trainer.model, &trainer.vocab, History::UNTRAINED).unwrap();
        assert!(!ambiguous.holds && (0.0..=1.0).contains(&ambiguous.measured[0].value), "{ambiguous:?}");
        let language_model = untrained_rnn(0.5);
        assert!(tag("positive", 0.5).evaluate(&language_model.model, &language_model.vocab, History::UNTRAINED).is_err());
        assert!(Check::AmbiguousAccuracyAbove { above: 0.5 }.evaluate(&language_model.model, &language_model.vocab, History::UNTRAINED).is_err());
    }
}
