//! The page's view of rnn-core: one `Trainer` handle per experiment (each Web Worker owns one), small
//! values in and out through serde-wasm-bindgen, weights and corpus kept in wasm memory. No maths here:
//! every method forwards to the core, and every fallible one returns the core's message as a JsError.
//!
//! Every value that crosses to the page has its TypeScript type generated from the Rust type with
//! ts-rs (a derive behind rnn-core's feature "ts", used only by this crate's test that writes
//! www/src/wasm/core-types.ts): the serde attributes the types already carry (tags, flatten, optional
//! fields) become the TypeScript union or optional field they mean, with no shapes written by hand.
//! tsify would put the derive and its wasm-bindgen glue in the shipped wasm; ts-rs only in the test.
//! The methods name those types (`unchecked_return_type`, `unchecked_param_type`), so the page gets
//! typed values with no cast.

use rnn_core::corpus::CorpusConfig;
use rnn_core::probe::{self, Sampling};
use rnn_core::shard::{self, ShardJob, ShardResult};
use rnn_core::{eval, inspect, io, lessons, presets, tagging, CellKind, Config, Model, Rng, Vocab};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Where the generated types live, from the .d.ts in www/pkg; the test that writes them reads it too.
// a macro so `concat!` can take it; natively the custom section below is compiled out
#[allow(unused_macros)]
macro_rules! core_types_from_pkg {
    () => {
        "../src/wasm/core-types"
    };
}

// the .d.ts names the generated types as `core.Probe` and so on
#[wasm_bindgen(typescript_custom_section)]
const CORE_TYPES: &str = concat!("import type * as core from \"", core_types_from_pkg!(), "\";");

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// Milliseconds from the page's (or worker's, or Node's) monotonic clock.
fn now_ms() -> f64 {
    let global: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
    global.performance().map_or_else(js_sys::Date::now, |p| p.now())
}

/// Plain objects for maps (agreement buckets), not JS `Map`s, so results read as `x.by_attractors["2"]`;
/// a missing value (`divergence` of a healthy step) as null, as the shapes in the doc comments say.
fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true).serialize_missing_as_null(true))
        .map_err(|e| JsError::new(&e.to_string()))
}

fn core_error(e: rnn_core::Error) -> JsError {
    JsError::new(&e.to_string())
}

/// A model in training, with its corpus, optimizer state and carried hidden state.
#[wasm_bindgen]
pub struct Trainer {
    inner: rnn_core::Trainer,
    /// How training has gone, for the lessons' checks (see `Snapshot.check`).
    history: lessons::History,
    /// The core's plan for the config, made with the trainer from the same corpus (see `plan`).
    plan: rnn_core::budget::Plan,
    /// The begun step's jobs (`begin_step`) and the results in so far, one slot per shard.
    jobs: Vec<ShardJob>,
    results: Vec<Option<ShardResult>>,
}

#[wasm_bindgen]
impl Trainer {
    /// `config`: the JSON config object (see docs/configs.md); a text corpus carries its text inline.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "core.Config")] config: JsValue) -> Result<Trainer, JsError> {
        Trainer::from_config(&config_of(config)?).map_err(core_error)
    }

    /// Whole steps until `max_steps` are done, `max_ms` milliseconds have passed (at least one step)
    /// or an update is refused as divergent. Returns their reports:
    /// `{step, loss, grad_norm, clipped, divergence: null | {cause, step, valid_bits_per_char, uniform_bits_per_char}}[]`.
    #[wasm_bindgen(unchecked_return_type = "core.StepReport[]")]
    pub fn train(&mut self, max_steps: u32, max_ms: f64) -> Result<JsValue, JsError> {
        let start = now_ms();
        let reports = self.train_until(max_steps, || now_ms() - start >= max_ms);
        to_js(&reports)
    }

    /// The shards a step is cut into (`train.shards`): the most workers a step can use.
    #[wasm_bindgen(getter)]
    pub fn shards(&self) -> u32 {
        self.inner.config.train.shards as u32
    }

    /// The weights, for shard workers (`ShardWorker.set_params`) before a step's jobs.
    #[wasm_bindgen(unchecked_return_type = "Float32Array<ArrayBuffer>")]
    pub fn params(&self) -> Vec<f32> {
        self.inner.model.params.clone()
    }

    /// Begins a step spread over workers: cuts the next window into shards (`shards` of them).
    /// Then, per shard, either `compute_shard(i)` here or `job(i)` to a `ShardWorker` and its answer
    /// to `accept_shard`; then `finish_step`. The same bits as `train`, whoever computes which shard.
    pub fn begin_step(&mut self) -> u32 {
        self.jobs = self.inner.begin_step();
        self.results = vec![None; self.jobs.len()];
        self.jobs.len() as u32
    }

    /// Shard `index`'s job as bytes, for a `ShardWorker`.
    #[wasm_bindgen(unchecked_return_type = "Uint8Array<ArrayBuffer>")]
    pub fn job(&self, index: u32) -> Result<Vec<u8>, JsError> {
        let job = self.jobs.get(index as usize).ok_or_else(|| JsError::new(&format!("no shard {index} in the begun step")))?;
        Ok(job.encode())
    }

    /// Computes shard `index` of the begun step here.
    pub fn compute_shard(&mut self, index: u32) -> Result<(), JsError> {
        let job = self.jobs.get(index as usize).ok_or_else(|| JsError::new(&format!("no shard {index} in the begun step")))?;
        let result = shard::compute(&self.inner.model, job);
        self.results[index as usize] = Some(result);
        Ok(())
    }

    /// Takes a `ShardWorker`'s answer for one shard of the begun step.
    pub fn accept_shard(&mut self, bytes: &[u8]) -> Result<(), JsError> {
        let result = ShardResult::decode(bytes).map_err(core_error)?;
        let slot = self.results.get_mut(result.index).ok_or_else(|| JsError::new(&format!("no shard {} in the begun step", result.index)))?;
        *slot = Some(result);
        Ok(())
    }

    /// Sums the shards' gradients in shard order and updates, as `train` does for one step; throws
    /// if a shard has no result. Returns the step's report (the shape `train` gives).
    #[wasm_bindgen(unchecked_return_type = "core.StepReport")]
    pub fn finish_step(&mut self) -> Result<JsValue, JsError> {
        let results: Option<Vec<ShardResult>> = self.results.drain(..).collect();
        let results = results.ok_or_else(|| JsError::new("a shard of the begun step has no result"))?;
        self.jobs.clear();
        let report = self.inner.finish_step(results).map_err(core_error)?;
        self.history = self.history.after(core::slice::from_ref(&report));
        to_js(&report)
    }

    /// Steps done so far.
    #[wasm_bindgen(getter)]
    pub fn step(&self) -> f64 {
        self.inner.step_count() as f64
    }

    /// Weights and biases in the model, every tensor counted.
    #[wasm_bindgen(getter)]
    pub fn parameters(&self) -> u32 {
        self.inner.model.params.len() as u32
    }

    /// V, the vocabulary's size (a `ShardWorker` needs it).
    #[wasm_bindgen(getter)]
    pub fn vocab(&self) -> u32 {
        self.inner.vocab.len() as u32
    }

    /// How training has gone so far: `{diverged, max_grad_norm, loss}` (see `rnn_core::lessons::History`).
    #[wasm_bindgen(unchecked_return_type = "core.History")]
    pub fn history(&self) -> Result<JsValue, JsError> {
        // validation too can say the run diverged (worse than a uniform guess)
        let diverged = self.history.diverged || self.inner.divergence().is_some();
        to_js(&lessons::History { diverged, ..self.history })
    }

    /// The core's plan for this trainer's config (what the free `plan` gives, without building the
    /// corpus again): a step's expected seconds, which readouts apply, the folding.
    #[wasm_bindgen(unchecked_return_type = "core.Plan")]
    pub fn plan(&self) -> Result<JsValue, JsError> {
        to_js(&self.plan)
    }

    /// Steps between the page's validations (`rnn_core::config::PAGE_VALIDATE_EVERY`): chunks of
    /// training end on them, so a retrained link draws the same curve.
    #[wasm_bindgen(getter)]
    pub fn validate_every(&self) -> u32 {
        rnn_core::config::PAGE_VALIDATE_EVERY
    }

    /// Characters one step reads (batch × bptt).
    #[wasm_bindgen(getter)]
    pub fn chars_per_step(&self) -> u32 {
        self.inner.chars_per_step() as u32
    }

    /// Validation bits per character on the held-out tail of the corpus; a streak of them above the
    /// uniform guess marks the run diverged (see `divergence`).
    pub fn validate(&mut self) -> f32 {
        self.inner.validate()
    }

    /// Why the run counts as diverged, or null: `{cause: "non_finite_loss" | "non_finite_gradient" |
    /// "non_finite_weights" | "above_uniform", step, valid_bits_per_char, uniform_bits_per_char,
    /// message}`, `message` naming the cause and the usual fixes.
    #[wasm_bindgen(unchecked_return_type = "core.DescribedDivergence | null")]
    pub fn divergence(&self) -> Result<JsValue, JsError> {
        match self.inner.divergence() {
            None => Ok(JsValue::NULL),
            Some(divergence) => to_js(&DescribedDivergence { divergence, message: divergence.to_string() }),
        }
    }

    /// The model as a safetensors file (PyTorch names; config and vocabulary in the metadata).
    #[wasm_bindgen(unchecked_return_type = "Uint8Array<ArrayBuffer>")]
    pub fn export_model(&self) -> Vec<u8> {
        io::save(&self.inner.config, &self.inner.vocab, &self.inner.model, self.inner.step_count())
    }

    /// Takes the weights and step count of a file from `export_model` (or `rnn train --out`); throws
    /// the core's message for a bad file, or one of another shape or vocabulary (see `Trainer::import`).
    pub fn import_model(&mut self, bytes: &[u8]) -> Result<(), JsError> {
        let saved = io::load(bytes).map_err(core_error)?;
        self.inner.import(&saved).map_err(core_error)
    }
}

/// A read-only copy of a model (from `Trainer.export_model()` or a file): a second worker answers
/// probes from it at once while the training worker is inside a step.
#[wasm_bindgen]
pub struct Snapshot {
    saved: io::Saved,
}

#[wasm_bindgen]
impl Snapshot {
    /// Reads safetensors bytes; a bad file throws the core's message.
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: &[u8]) -> Result<Snapshot, JsError> {
        Ok(Snapshot { saved: io::load(bytes).map_err(core_error)? })
    }

    /// Training steps the weights had when exported.
    #[wasm_bindgen(getter)]
    pub fn step(&self) -> f64 {
        self.saved.step as f64
    }

    /// The config the model was trained with, as the core's JSON shape (a plain object).
    #[wasm_bindgen(unchecked_return_type = "core.Config")]
    pub fn config(&self) -> Result<JsValue, JsError> {
        to_js(&self.saved.config)
    }

}

/// What a question reads: a model, its vocabulary, and its corpus (a jamo model reads prompts in jamo).
struct Asked<'a> {
    model: &'a Model,
    vocab: &'a Vocab,
    corpus: &'a CorpusConfig,
}

/// The questions `Trainer` and `Snapshot` both answer, written once: each handle gives its `Asked`.
macro_rules! questions {
    ($handle:ident) => {
        #[wasm_bindgen]
        impl $handle {
            /// `{alternatives, next, unknown}` for the prompt; an alternative's `prob` compares the words
            /// where they first differ; `unknown` lists prompt characters outside the vocabulary.
            #[wasm_bindgen(unchecked_return_type = "core.Probe")]
            pub fn probe(&self, prompt: &str, alternatives: Vec<String>) -> Result<JsValue, JsError> {
                self.asked().probe(prompt, &alternatives)
            }

            /// As `probe`, for pairs `[a0, b0, a1, b1, …]` each compared on its own after one reading of
            /// the prompt: `{groups, next, unknown}`.
            #[wasm_bindgen(unchecked_return_type = "core.Probes")]
            pub fn probe_pairs(&self, prompt: &str, words: Vec<String>) -> Result<JsValue, JsError> {
                self.asked().probe_pairs(prompt, &words)
            }

            /// `length` sampled characters after `prompt`; temperature 0 is greedy.
            pub fn sample(&self, prompt: &str, length: u32, temperature: f32, seed: u32) -> Result<String, JsError> {
                self.asked().sample(prompt, length, temperature, seed)
            }

            /// Agreement accuracy on held-out grammar items, `items_per_cell` per construction and
            /// attractor count (the plan's `agreement_items`).
            #[wasm_bindgen(unchecked_return_type = "core.AgreementAccuracy")]
            pub fn agreement(&self, items_per_cell: u32) -> Result<JsValue, JsError> {
                self.asked().agreement(items_per_cell)
            }

            /// A tagging model's P(positive) at each character of `text`.
            #[wasm_bindgen(unchecked_return_type = "core.TagReadout")]
            pub fn tags(&self, text: &str) -> Result<JsValue, JsError> {
                let asked = self.asked();
                to_js(&tagging::read(asked.model, asked.vocab, text).map_err(core_error)?)
            }

            /// Hex FNV-1a hash of every weight: equal fingerprints mean bit-identical weights.
            pub fn fingerprint(&self) -> String {
                format!("{:016x}", rnn_core::train::fingerprint(&self.asked().model.params))
            }

            /// How much each prompt character moves ln P(" "+a) − ln P(" "+b) (gradient × input).
            #[wasm_bindgen(unchecked_return_type = "core.Saliency")]
            pub fn saliency(&self, prompt: &str, a: &str, b: &str) -> Result<JsValue, JsError> {
                let asked = self.asked();
                let read = |text: &str| asked.corpus.reading(text);
                to_js(&inspect::saliency(asked.model, asked.vocab, &read(prompt), &read(a), &read(b)).map_err(core_error)?)
            }

            /// Mean gate activation per prompt character, per layer and gate.
            #[wasm_bindgen(unchecked_return_type = "core.Gates")]
            pub fn gates(&self, prompt: &str) -> Result<JsValue, JsError> {
                let asked = self.asked();
                to_js(&inspect::gates(asked.model, asked.vocab, &asked.corpus.reading(prompt)).map_err(core_error)?)
            }

            /// ‖∂L_t/∂h_k‖ over the last `window` steps of `text`, and `by_distance[layer][d]`, the mean
            /// over t of ‖∂L_t/∂h_{t−d}‖ (the heatmap's column).
            #[wasm_bindgen(unchecked_return_type = "core.FlowReadout")]
            pub fn gradient_flow(&self, text: &str, window: u32) -> Result<JsValue, JsError> {
                self.asked().gradient_flow(text, window)
            }

            /// A lesson's check (the JSON of `core.Check`, as a lesson file holds it: the core reads it and
            /// throws what is wrong with it) on these weights after training went as `history` says.
            #[wasm_bindgen(unchecked_return_type = "core.Outcome")]
            pub fn check(
                &self,
                #[wasm_bindgen(unchecked_param_type = "unknown")] check: JsValue,
                #[wasm_bindgen(unchecked_param_type = "core.History")] history: JsValue,
            ) -> Result<JsValue, JsError> {
                self.asked().check(check, history)
            }

            /// Spectral radius and largest singular value of every W_hh gate block.
            #[wasm_bindgen(unchecked_return_type = "core.Spectrum[]")]
            pub fn spectra(&self) -> Result<JsValue, JsError> {
                to_js(&inspect::spectra(self.asked().model))
            }
        }
    };
}

questions!(Trainer);
questions!(Snapshot);

impl Trainer {
    fn asked(&self) -> Asked<'_> {
        Asked { model: &self.inner.model, vocab: &self.inner.vocab, corpus: &self.inner.config.corpus }
    }
}

impl Snapshot {
    fn asked(&self) -> Asked<'_> {
        Asked { model: &self.saved.model, vocab: &self.saved.vocab, corpus: &self.saved.config.corpus }
    }
}

/// `Trainer.divergence()`: why the run counts as diverged, and `message` naming the cause and the usual fixes.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DescribedDivergence {
    #[serde(flatten)]
    pub divergence: rnn_core::Divergence,
    pub message: String,
}

/// `gradient_flow()`: the core's flow and, per layer, its mean over t at each distance.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FlowReadout {
    #[serde(flatten)]
    pub flow: inspect::GradientFlow,
    pub by_distance: Vec<Vec<f32>>,
}

/// `benchmark_ceiling()`: the most this core's products could train in one thread.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Ceiling {
    pub gflops_per_thread: f64,
    pub chars_per_sec_at_most: f64,
}

impl Asked<'_> {
    // a model trained on jamo (`corpus.jamo`) reads prompts in jamo and shows samples in syllables
    fn probe(&self, prompt: &str, alternatives: &[String]) -> Result<JsValue, JsError> {
        let alternatives: Vec<String> = alternatives.iter().map(|a| self.corpus.reading(a)).collect();
        let words: Vec<&str> = alternatives.iter().map(String::as_str).collect();
        to_js(&probe::probe(self.model, self.vocab, &self.corpus.reading(prompt), &words, 10).map_err(core_error)?)
    }

    fn probe_pairs(&self, prompt: &str, words: &[String]) -> Result<JsValue, JsError> {
        if words.len() % 2 != 0 {
            return Err(JsError::new(&format!("probe_pairs takes words in pairs; it was given {}", words.len())));
        }
        // read as probe reads: a jamo model was trained on letters, so its prompt and words are given in letters
        let words: Vec<String> = words.iter().map(|w| self.corpus.reading(w)).collect();
        let pairs: Vec<[&str; 2]> = words.chunks_exact(2).map(|pair| [pair[0].as_str(), pair[1].as_str()]).collect();
        let groups: Vec<&[&str]> = pairs.iter().map(|pair| &pair[..]).collect();
        to_js(&probe::probe_groups(self.model, self.vocab, &self.corpus.reading(prompt), &groups, 10).map_err(core_error)?)
    }

    fn sample(&self, prompt: &str, length: u32, temperature: f32, seed: u32) -> Result<String, JsError> {
        let sampling = Sampling { temperature, top_k: 0 };
        let text = probe::sample(self.model, self.vocab, &self.corpus.reading(prompt), length as usize, sampling, &mut Rng::new(seed as u64))
            .map_err(core_error)?;
        Ok(self.corpus.display(&text))
    }

    fn agreement(&self, items_per_cell: u32) -> Result<JsValue, JsError> {
        self.model.predicts_next_char().map_err(core_error)?;
        let items = eval::agreement_items(items_per_cell as usize, eval::EVAL_SEED);
        to_js(&eval::agreement_accuracy(self.model, self.vocab, &items))
    }

    fn gradient_flow(&self, text: &str, window: u32) -> Result<JsValue, JsError> {
        let flow = inspect::gradient_flow(self.model, self.vocab, text, window as usize).map_err(core_error)?;
        let by_distance: Vec<Vec<f32>> = (0..flow.norms.len()).map(|layer| flow.by_distance(layer)).collect();
        to_js(&FlowReadout { flow, by_distance })
    }

    fn check(&self, check: JsValue, history: JsValue) -> Result<JsValue, JsError> {
        let check: lessons::Check = serde_wasm_bindgen::from_value(check).map_err(|e| JsError::new(&format!("lesson check: {e}")))?;
        let history: lessons::History = serde_wasm_bindgen::from_value(history).map_err(|e| JsError::new(&format!("training history: {e}")))?;
        to_js(&check.evaluate(self.model, self.vocab, history).map_err(core_error)?)
    }
}

fn config_of(config: JsValue) -> Result<Config, JsError> {
    serde_wasm_bindgen::from_value(config).map_err(|e| JsError::new(&format!("config: {e}")))
}

/// A helper worker's half of a step spread over workers: the model's shape without a corpus; it
/// computes the shards it is sent from the weights it is last given.
#[wasm_bindgen]
pub struct ShardWorker {
    model: Model,
}

#[wasm_bindgen]
impl ShardWorker {
    /// `config`: the experiment's config; `vocab`: its vocabulary's size (the trainer's `ready` says it).
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "core.Config")] config: JsValue, vocab: u32) -> Result<ShardWorker, JsError> {
        let config = config_of(config)?;
        config.validate().map_err(core_error)?;
        if vocab as usize > rnn_core::train::MAX_VOCAB || vocab < 2 {
            return Err(JsError::new(&format!("a vocabulary of {vocab} symbols is out of range")));
        }
        let layout = rnn_core::params::Layout::new(&config.model, vocab as usize);
        Ok(ShardWorker { model: Model::from_params(config.model, vocab as usize, vec![0.0; layout.total]) })
    }

    /// The weights of the step about to be computed (the trainer's `params()`).
    pub fn set_params(&mut self, params: &[f32]) -> Result<(), JsError> {
        if params.len() != self.model.params.len() {
            return Err(JsError::new(&format!("{} weights given for a model of {}", params.len(), self.model.params.len())));
        }
        self.model.params.copy_from_slice(params);
        self.model.sync();
        Ok(())
    }

    /// Computes a job (the trainer's `job(i)`) and returns its result for `accept_shard`.
    #[wasm_bindgen(unchecked_return_type = "Uint8Array<ArrayBuffer>")]
    pub fn compute(&self, job: &[u8]) -> Result<Vec<u8>, JsError> {
        let job = ShardJob::decode(job).map_err(core_error)?;
        job.fits(&self.model).map_err(core_error)?;
        Ok(shard::compute(&self.model, &job).encode())
    }
}

/// What a config will cost, which readouts apply and what its vocabulary folds, before a trainer is
/// made (see `rnn_core::budget::Plan`): the page's estimates and notices come from it. `new Trainer`
/// throws when memory_bytes is over memory_budget. Throws the core's message, which says why, for a
/// config the core refuses.
#[wasm_bindgen(unchecked_return_type = "core.Plan")]
pub fn plan(#[wasm_bindgen(unchecked_param_type = "core.Config")] config: JsValue) -> Result<JsValue, JsError> {
    to_js(&rnn_core::budget::Plan::of(&config_of(config)?).map_err(core_error)?)
}

/// The version of runs this build replays: a link's `v` (see the link-version policy in docs/testing.md).
#[wasm_bindgen]
pub fn link_version() -> u32 {
    rnn_core::LINK_VERSION
}

/// Rust-side helpers, so the bindings also test natively.
impl Trainer {
    pub fn from_config(config: &Config) -> Result<Trainer, rnn_core::Error> {
        config.validate()?;
        let text = config.corpus.build(config.train.seed)?;
        let inner = rnn_core::Trainer::new(config, &text)?;
        let plan = rnn_core::budget::Plan::with(config, &text, &inner.vocab)?;
        Ok(Trainer { inner, plan, history: lessons::History::UNTRAINED, jobs: Vec::new(), results: Vec::new() })
    }

    fn train_until(&mut self, max_steps: u32, mut out_of_time: impl FnMut() -> bool) -> Vec<rnn_core::StepReport> {
        let mut reports = Vec::new();
        while reports.len() < max_steps as usize {
            let report = self.inner.step();
            let refused = report.divergence.is_some();
            reports.push(report);
            // a refused update refuses again on the same window: the page decides what next
            if refused || out_of_time() {
                break;
            }
        }
        self.history = self.history.after(&reports);
        reports
    }
}

/// The reference workload's config (its random text inline), for the page's benchmark (www/bench.html),
/// which trains it through the training worker as the page does, on one or more workers.
#[wasm_bindgen(unchecked_return_type = "core.Config")]
pub fn benchmark_config(cell: &str, hidden: u32) -> Result<JsValue, JsError> {
    let cell: CellKind = serde_wasm_bindgen::from_value(JsValue::from_str(cell)).map_err(|_| JsError::new(&format!("unknown cell `{cell}`; use rnn, gru or lstm")))?;
    to_js(&presets::benchmark(cell, hidden as usize))
}

/// This core's ceiling for the reference workload in wasm (`rnn bench --peak` natively):
/// `{gflops_per_thread, chars_per_sec_at_most}`, where the flops are the most multiplies and adds a
/// second the products' lanes can do (`kernels::peak`: 128-bit simd, multiply then add, nothing
/// fused; the best of three runs of at least 0.2 s) and the chars/sec are `presets::benchmark_ceiling`:
/// what one thread could train if nothing but its products took time.
#[wasm_bindgen(unchecked_return_type = "core.Ceiling")]
pub fn benchmark_ceiling(cell: &str, hidden: u32) -> Result<JsValue, JsError> {
    let cell: CellKind = serde_wasm_bindgen::from_value(JsValue::from_str(cell)).map_err(|_| JsError::new(&format!("unknown cell `{cell}`; use rnn, gru or lstm")))?;
    presets::benchmark(cell, hidden as usize).validate().map_err(core_error)?;
    let best = rnn_core::kernels::peak_per_sec(|| now_ms() / 1000.0);
    to_js(&Ceiling { gflops_per_thread: (best / 1e8).round() / 10.0, chars_per_sec_at_most: presets::benchmark_ceiling(cell, hidden as usize, best).round() })
}

/// Chars/sec of the reference workload (V=48 one-hot, B=32, T=64, Adam, norm clip 5, one layer),
/// timed over `steps` steps after two warm-up steps: the wasm half of `cargo xtask bench`.
#[wasm_bindgen]
pub fn benchmark(cell: &str, hidden: u32, steps: u32) -> Result<f64, JsError> {
    let cell: CellKind = serde_wasm_bindgen::from_value(JsValue::from_str(cell)).map_err(|_| JsError::new(&format!("unknown cell `{cell}`; use rnn, gru or lstm")))?;
    let mut trainer = Trainer::from_config(&presets::benchmark(cell, hidden as usize)).map_err(core_error)?;
    trainer.train_until(2, || false);
    let start = now_ms();
    trainer.train_until(steps.max(1), || false);
    let seconds = (now_ms() - start) / 1000.0;
    Ok((steps.max(1) as f64 * trainer.inner.chars_per_step() as f64) / seconds)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod types;
