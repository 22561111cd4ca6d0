//! What a lesson watches for: a check on a model (and on how its training went) that holds once the
//! phenomenon the lesson teaches has appeared. Lessons are data (`www/src/lessons/data/`, one file each); the page
//! evaluates their checks through the bindings and `tests/lessons.rs` and `rnn lessons` evaluate the
//! same ones natively, with [`Lesson`] (the fields the core reads) and [`Run`] (training as the page
//! trains, with the check evaluated between steps).
//!
//! A lesson's claim has two sides: its `check` holds for its run, and not for each of its `contrast`
//! runs trained as long (a compare-mode `variant`, or the config with a JSON merge `patch`); `also`
//! names variants that hold it too. "Seen" needs the check on [`RUNNING`] evaluations in a row.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};

use serde_json::Value;

use crate::corpus::sentiment;
use crate::{eval, inspect, tagging, Config, Error, Model, Result, StepReport, Trainer, Vocab};

/// Items per (construction, attractors) cell an agreement check scores, as the page's chart does: 30
/// in each attractor bucket, all held out from training.
const AGREEMENT_ITEMS: usize = crate::corpus::agreement::EVAL_ITEMS_PER_CELL[0];
/// Memory items per distance a recall check scores (chance is 1/8).
const RECALL_ITEMS: usize = 64;
/// Held-out sentences a tagging check scores: about 100 intensifiers and negations among them.
const TAGGING_SENTENCES: usize = 200;
/// Evaluations in a row a check must hold on before a lesson says "Seen": one alone can be a waver.
pub const RUNNING: usize = 3;
/// Steps between validations, as in the page's training worker (validation can say a run diverged).
pub const VALIDATE_EVERY: u64 = 100;

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
    /// Agreement accuracy on the items with `attractors` attractors (with `up_to`: with `attractors`
    /// to `up_to`, pooled) is above `above`.
    AgreementAbove {
        attractors: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        up_to: Option<usize>,
        above: f32,
    },
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
    /// Never NaN or infinite: `None` (null) when there is nothing to show, i.e. before the first step
    /// (a loss, a layer ratio) or once a diverged run's loss or a gradient norm stopped being finite.
    pub value: Option<f32>,
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
        let mut note = |check: &'static str, value: f32| measured.push(Measured { check, value: Some(value).filter(|v| v.is_finite()) });
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
            Check::AgreementAbove { attractors, up_to, above } => {
                let range = *attractors..=up_to.unwrap_or(*attractors);
                let items = eval::agreement_items(AGREEMENT_ITEMS, eval::EVAL_SEED);
                let items: Vec<_> = items.into_iter().filter(|item| range.contains(&item.attractors)).collect();
                if items.is_empty() {
                    return Err(Error::Text(format!("the grammar has no items with {range:?} attractors")));
                }
                let right = eval::agreement_margins(model, vocab, &items).iter().filter(|&&margin| margin > 0.0).count();
                let accuracy = right as f32 / items.len() as f32;
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

// ---- lessons as data, and training one as the page does ----

/// The fields of a lesson (a file of `www/src/lessons/data/`) that the core reads; the page reads the rest.
#[derive(Clone, Debug, Deserialize)]
pub struct Lesson {
    pub id: String,
    /// A core [`Config`] as JSON.
    pub config: Value,
    pub check: Check,
    /// The step the page opens the lesson at, trained, if it does.
    #[serde(default)]
    pub train_to: Option<u64>,
    /// Whether the page trains the lesson in compare mode (its `contrast` and `also` variants beside it).
    #[serde(default)]
    pub compare: bool,
    #[serde(default)]
    pub rerun: Option<Rerun>,
    /// Runs that, trained as long, must not hold the check.
    #[serde(default)]
    pub contrast: Vec<Contrast>,
    /// Compare-mode variants that, trained as long, hold the check too.
    #[serde(default)]
    pub also: Vec<String>,
    pub test: LessonTest,
}

/// The lesson's one change, which makes the rerun's check hold where the lesson's own run does not.
#[derive(Clone, Debug, Deserialize)]
pub struct Rerun {
    pub config: Value,
    pub train_to: u64,
    pub check: Check,
}

/// A run that must not hold a lesson's check: a compare-mode `variant` ("rnn", "gru", "lstm",
/// "forward", "bidirectional") or, natively only, the lesson's config with a JSON merge `patch`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contrast {
    #[serde(default)]
    pub variant: Option<String>,
    #[serde(default)]
    pub patch: Option<Value>,
    /// What the contrast shows, for the reader of the lesson file.
    #[serde(default)]
    pub why: Option<String>,
}

/// How `tests/lessons.rs` checks the lesson's claim in a short form: trained `steps`, the check (or
/// the cheaper `check` given here) holds at `steps` and at the [`RUNNING`] − 1 evaluations `every`
/// steps before it, and the contrasts do not hold it at `steps`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LessonTest {
    pub steps: u64,
    /// Steps between evaluations.
    pub every: u64,
    #[serde(default)]
    pub check: Option<Check>,
}

impl Contrast {
    /// The config this contrast trains: `lesson` with the variant or the patch applied.
    pub fn config(&self, lesson: &Value) -> Result<Value> {
        match (&self.variant, &self.patch) {
            (Some(variant), None) => variant_config(lesson, variant),
            (None, Some(patch)) => {
                let mut config = lesson.clone();
                merge_patch(&mut config, patch);
                Ok(config)
            }
            _ => Err(Error::Text("a contrast is a \"variant\" or a \"patch\", one of the two".into())),
        }
    }

    /// "rnn", or "patch {...}": what the contrast is, briefly.
    pub fn name(&self) -> String {
        match (&self.variant, &self.patch) {
            (Some(variant), _) => variant.clone(),
            (_, Some(patch)) => format!("patch {patch}"),
            _ => String::from("?"),
        }
    }
}

/// `lesson` trained as compare mode's `variant`: another cell, or the other direction(s).
pub fn variant_config(lesson: &Value, variant: &str) -> Result<Value> {
    let mut config = lesson.clone();
    let model = &mut config["model"];
    match variant {
        "rnn" | "gru" | "lstm" => model["cell"] = Value::from(variant),
        "forward" => model["bidirectional"] = Value::Bool(false),
        "bidirectional" => model["bidirectional"] = Value::Bool(true),
        _ => return Err(Error::Text(format!("\"{variant}\" is no compare-mode variant (rnn, gru, lstm, forward, bidirectional)"))),
    }
    Ok(config)
}

/// RFC 7386 JSON merge patch: objects merge key by key, null removes a key, anything else replaces.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(serde_json::Map::new());
    }
    let target = target.as_object_mut().expect("made an object above");
    for (key, value) in patch {
        if value.is_null() {
            target.remove(key);
        } else {
            merge_patch(target.entry(key.clone()).or_insert(Value::Null), value);
        }
    }
}

/// A lesson's run as the page trains it: steps, a validation every [`VALIDATE_EVERY`] steps, and the
/// history the checks read.
pub struct Run {
    pub trainer: Trainer,
    history: History,
    /// Steps trained, refused ones included (the trainer's count leaves those out).
    steps: u64,
}

impl Run {
    pub fn new(config: &Value) -> Result<Run> {
        let config = Config::from_json(&config.to_string())?;
        Ok(Run { trainer: Trainer::from_config(&config)?, history: History::UNTRAINED, steps: 0 })
    }

    /// Trains one step with `step` (so the caller may spread its shards over threads).
    pub fn step_with(&mut self, step: impl FnOnce(&mut Trainer) -> StepReport) {
        let report = step(&mut self.trainer);
        self.history = self.history.after(&[report]);
        self.steps += 1;
        if self.steps.is_multiple_of(VALIDATE_EVERY) {
            self.trainer.validate();
        }
    }

    /// Trains `steps` more steps on this thread.
    pub fn train(&mut self, steps: u64) {
        for _ in 0..steps {
            self.step_with(Trainer::step);
        }
    }

    /// Steps trained, a refused update counted as a step (as the page counts the steps it asked for).
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// How training went, as the bindings' `Trainer.history` says: a refused update, or validation's verdict.
    pub fn history(&self) -> History {
        History { diverged: self.history.diverged || self.trainer.divergence().is_some(), ..self.history }
    }

    pub fn evaluate(&self, check: &Check) -> Result<Outcome> {
        check.evaluate(&self.trainer.model, &self.trainer.vocab, self.history())
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
        assert!((outcome.measured[0].value.unwrap() - 0.5).abs() < 0.02, "{outcome:?}");
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
        assert!((positive.measured[0].value.unwrap() + negative.measured[0].value.unwrap() - 1.0).abs() < 1e-6, "{positive:?} {negative:?}");
        let readout = tagging::read(&trainer.model, &trainer.vocab, text).unwrap();
        assert_eq!((readout.chars[21].as_str(), readout.positive[21]), ("y", positive.measured[0].value.unwrap()));
        assert!(tag("neutral", 0.0).evaluate(&trainer.model, &trainer.vocab, History::UNTRAINED).is_err());
        let missing = Check::TagAbove { text: text.into(), word: "awfully".into(), tag: "positive".into(), above: 0.5 };
        assert!(missing.evaluate(&trainer.model, &trainer.vocab, History::UNTRAINED).is_err());
        let ambiguous = Check::AmbiguousAccuracyAbove { above: 0.9 }.evaluate(&trainer.model, &trainer.vocab, History::UNTRAINED).unwrap();
        assert!(!ambiguous.holds && (0.0..=1.0).contains(&ambiguous.measured[0].value.unwrap()), "{ambiguous:?}");
        let language_model = untrained_rnn(0.5);
        assert!(tag("positive", 0.5).evaluate(&language_model.model, &language_model.vocab, History::UNTRAINED).is_err());
        assert!(Check::AmbiguousAccuracyAbove { above: 0.5 }.evaluate(&language_model.model, &language_model.vocab, History::UNTRAINED).is_err());
    }

    #[test]
    fn measured_values_are_never_nan_or_infinite() {
        let trainer = untrained_rnn(0.5);
        let evaluate = |check: Check, history| check.evaluate(&trainer.model, &trainer.vocab, history).unwrap().measured[0].value;
        let overflow = Divergence { cause: DivergenceCause::NonFiniteLoss, step: 1, valid_bits_per_char: None, uniform_bits_per_char: 5.0 };
        let diverged = History::UNTRAINED.after(&[StepReport { step: 1, loss: f32::INFINITY, grad_norm: f32::NAN, layer_grad_norms: vec![f32::NAN], clipped: false, divergence: Some(overflow) }]);
        // before the first step there is no loss and no layer ratio; a diverged run's loss is no figure
        assert_eq!(evaluate(Check::Trains { bits: 2.0 }, History::UNTRAINED), None);
        assert_eq!(evaluate(Check::LayerRatioBelow { below: 0.1 }, History::UNTRAINED), None);
        assert_eq!(evaluate(Check::Trains { bits: 2.0 }, diverged), None);
        assert_eq!(evaluate(Check::GradientNormAbove { above: 1e6 }, diverged), None);
        assert_eq!(evaluate(Check::LayerRatioAbove { above: 0.1 }, diverged), None);
        assert_eq!(evaluate(Check::GradientNormAbove { above: 1e6 }, History::UNTRAINED), Some(0.0));
        let json = serde_json::to_string(&Check::Trains { bits: 2.0 }.evaluate(&trainer.model, &trainer.vocab, diverged).unwrap()).unwrap();
        assert_eq!(json, r#"{"holds":false,"measured":[{"check":"trains","value":null}]}"#);
    }

    #[test]
    fn an_agreement_check_over_a_range_pools_its_buckets() {
        let mut trainer = untrained_rnn(1.0);
        for _ in 0..30 {
            trainer.step();
        }
        let (model, vocab) = (&trainer.model, &trainer.vocab);
        let one: Check = serde_json::from_str(r#"{"kind":"agreement_above","attractors":1,"above":0.5}"#).unwrap();
        let range: Check = serde_json::from_str(r#"{"kind":"agreement_above","attractors":1,"up_to":4,"above":0.5}"#).unwrap();
        assert_eq!(serde_json::to_string(&one).unwrap(), r#"{"kind":"agreement_above","attractors":1,"above":0.5}"#, "no up_to, no field");
        let accuracy = eval::agreement_accuracy(model, vocab, &eval::agreement_items(AGREEMENT_ITEMS, eval::EVAL_SEED));
        let value = |check: &Check| check.evaluate(model, vocab, History::UNTRAINED).unwrap().measured[0].value.unwrap();
        assert_eq!(value(&one), accuracy.by_attractors["1"]);
        // every bucket holds 30 items, so the pooled share is the buckets' mean
        let mean = (1..=4).map(|k| accuracy.by_attractors[&k.to_string()]).sum::<f32>() / 4.0;
        assert!((value(&range) - mean).abs() < 1e-6, "{} {mean}", value(&range));
        let none: Check = serde_json::from_str(r#"{"kind":"agreement_above","attractors":5,"up_to":6,"above":0.5}"#).unwrap();
        assert!(none.evaluate(model, vocab, History::UNTRAINED).is_err());
    }

    #[test]
    fn contrasts_are_variants_or_merge_patches() {
        let lesson = serde_json::json!({"model": {"cell": "lstm", "hidden": 64, "bidirectional": true}, "train": {"seed": 1}});
        let contrast = |json: &str| serde_json::from_str::<Contrast>(json).unwrap().config(&lesson);
        assert_eq!(contrast(r#"{"variant": "rnn"}"#).unwrap()["model"]["cell"], "rnn");
        assert_eq!(contrast(r#"{"variant": "forward"}"#).unwrap()["model"]["bidirectional"], false);
        assert!(contrast(r#"{"variant": "transformer"}"#).is_err());
        let patched = contrast(r#"{"patch": {"model": {"hidden": 32, "bidirectional": null}, "corpus": {"kind": "memory"}}, "why": "w"}"#).unwrap();
        assert_eq!(patched, serde_json::json!({"model": {"cell": "lstm", "hidden": 32}, "train": {"seed": 1}, "corpus": {"kind": "memory"}}));
        assert!(contrast(r#"{"variant": "rnn", "patch": {}}"#).is_err() && contrast("{}").is_err());
        assert!(serde_json::from_str::<Contrast>(r#"{"cell": "rnn"}"#).is_err());
    }
}
