//! What a config costs before anything is allocated: the bytes a trainer holds during a step and
//! the floating-point operations of one step. Every value in range can still ask for more memory
//! than a machine has (hidden 1024, batch 256, bptt 512 needs about 8.8 GB), and an allocation that
//! fails aborts the process, so `Trainer::new` refuses a config whose estimate is over a budget.

use alloc::format;

pub use crate::config::DEFAULT_MEMORY_BUDGET; // at its old path too: the CLI and the tests name it here
use crate::config::{CellKind, Config, Connections, Fit, OptimizerConfig, Task, MAX_VOCAB, VALID_STREAMS};
use crate::corpus::CorpusConfig;
use crate::folding::Folding;
use crate::params::Layout;
use crate::vocab::Vocab;
use crate::{Error, Result};

/// Flops a second of a step's products in the page's trainer (wasm in a browser worker), for the
/// page's estimates: measured in Chromium on a loaded 2-core machine of this project's kind, LSTM 256
/// (batch 64, BPTT 128) ran at 2e10, but GRU 512 × 2 layers at 6e9 and LSTM 512 at 4e9, whose weights
/// outgrow the cache; the reference workload (LSTM 128) runs at about 33e9. The slow settings are the
/// ones that must not be underestimated, hence the low figure; tests/links.spec.ts logs the estimate
/// beside a measured step.
pub const PAGE_FLOPS_PER_SECOND: f64 = 5e9;
/// What a step costs the page besides its products (messages, reports, the optimizer): RNN 8, batch 1,
/// BPTT 8 took 6e-5 s a step.
pub const PAGE_SECONDS_PER_STEP_OVERHEAD: f64 = 5e-5;

/// A config's cost for a vocabulary of `vocab` symbols.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Estimate {
    /// Bytes a trainer holds at the peak of a step: weights, gradient, optimizer state, the
    /// transposed copies, and every activation the backward pass keeps. The corpus is not included.
    pub memory_bytes: u64,
    /// Floating-point operations of the matrix products in one training step (forward and backward;
    /// a one-hot input's product is a row gather and counts nothing). The rest of a step is a
    /// quarter of its time or less. Measured whole steps (docs/benchmarks.md, LSTM H = 128: 880 MFLOP a step)
    /// run at about 33 GFLOP/s in wasm and 70 natively (one thread) on this project's machine kind.
    pub flops_per_step: u64,
}

impl Config {
    /// This config's memory and work per step; see [`Estimate`].
    pub fn estimate(&self, vocab: usize) -> Estimate {
        Estimate { memory_bytes: self.memory_bytes(vocab), flops_per_step: self.flops_per_step(vocab) }
    }

    /// Bytes a trainer holds at the peak of a step (without the corpus), for `vocab` symbols: every
    /// layer, in each direction, at the width it reads (dense connections widen the layers above).
    pub fn memory_bytes(&self, vocab: usize) -> u64 {
        let m = &self.model;
        let layout = Layout::new(m, vocab);
        let (h, gh, e) = (m.hidden as u64, (m.cell.gates() * m.hidden) as u64, m.embedding as u64);
        let (directions, classes) = (m.directions() as u64, layout.classes as u64);
        let width = directions * h; // what one layer outputs, both directions side by side
        let reads = |k: usize| layout.layers[k].input as u64; // layer k's input width
        let dense = m.connections() == Connections::Dense;
        let params = layout.total as u64;
        let optimizer = match self.train.optimizer {
            OptimizerConfig::Sgd { .. } => 0,
            OptimizerConfig::Momentum { .. } | OptimizerConfig::Adagrad { .. } | OptimizerConfig::Rmsprop { .. } => 1,
            OptimizerConfig::Adam { .. } => 2,
        };
        // per layer and direction: W_ihᵀ, W_hhᵀ and its two packed copies; the head's W_outᵀ
        let derived: u64 = (0..m.layers).map(|k| directions * (gh * reads(k) + 3 * gh * h)).sum::<u64>() + width * classes;
        let state = 2 * (m.layers as u64) * (self.train.batch as u64) * h;
        // weights, the last good weights, optimizer state; a gradient per shard (each shard's result
        // is held until the step sums them); the carried state, its copy in the jobs and the next one
        let shards = self.train.shards.max(1) as u64;
        let persistent = params * (1 + shards + optimizer) + derived + 3 * state;

        // floats a row of the window holds, per layer: what the forward pass keeps for the backward
        // one, and what the backward pass of that layer adds while it runs
        let (trace, d_pre) = match m.cell {
            CellKind::Rnn => (h, gh),              // h (tanh' comes from h)
            CellKind::Gru => (h + gh + h, 2 * gh), // h, gates, W_hn·h; d_ih and d_hh
            CellKind::Lstm => (3 * h + gh, gh),    // h, c, tanh(c), gates
        };
        // what layer k's input takes a row: one-hot input is the ids, and gets no gradient
        let input = |k: usize| if k == 0 { e } else { reads(k) };
        // the input, each direction's trace, and the layer's output as the layer above reads it
        let kept = |k: usize| input(k) + directions * trace + width;
        let working = |k: usize| {
            // each direction's d_pre and input gradient; a reverse direction also reads its input, its
            // output gradient and its input gradient time-reversed (copies)
            let reverse = if m.bidirectional { 3 * input(k) + width } else { 0 };
            directions * d_pre + input(k) + reverse
        };
        let forward: u64 = (0..m.layers).map(kept).sum();
        // a layer's backward buffers go once it hands its input gradient down: the largest counts
        let backward: u64 = (0..m.layers).map(working).max().unwrap_or(0);
        // dense: the gradient every lower layer's output and the model's input collect from above
        let dense_grads = if dense { (m.layers as u64) * width + reads(0) } else { 0 };
        let train_rows = (self.train.batch * self.train.bptt) as u64;
        // a tagging run validates its held-out sentences many at a time, whatever the batch, each
        // window as long as the longest sentence in it
        let valid_rows = match m.task {
            Task::NextChar => VALID_STREAMS * self.train.bptt,
            Task::Tagging => crate::tagging::MAX_STREAMS * self.train.bptt.min(crate::corpus::sentiment::MAX_LINE_CHARS),
        } as u64;
        // logits and their gradient (or the loss's copy), the head's input and its gradient
        // (every shard's activations at once: threads or workers may compute them all together), and
        // the jobs' inputs and targets (u16, half a float each)
        // an embedded input is held three times more while a step's shards run (a peak snapshot of the
        // allocations of LSTM H = 128, E = 32 shows five E-wide rows a character, the sums above two)
        let embedded = 3 * e;
        let step = (train_rows * (forward + backward + dense_grads + embedded + 2 * classes + 2 * width + 1)).max(valid_rows * (forward + 2 * classes + width));
        // an eighth more for what the sums above leave out (gather buffers, small per-step vectors)
        // and the allocator's own: wasm memory grows up to 5% past the native peak (xtask/memory-wasm.mjs)
        4 * (persistent + step) * 9 / 8
    }

    /// Floating-point operations (a multiply and an add count two) of one step's matrix products.
    pub fn flops_per_step(&self, vocab: usize) -> u64 {
        let m = &self.model;
        let (h, gh, d) = (m.hidden as u64, (m.cell.gates() * m.hidden) as u64, m.directions() as u64);
        let (e, width, classes) = (m.embedding as u64, d * h, m.task.classes(vocab) as u64);
        let rows = (self.train.batch * self.train.bptt) as u64;
        let layers: u64 = (0..m.layers as u64)
            .map(|k| {
                // a one-hot input (embedding 0) is a row gather: no product; a dense stack's layer k
                // reads the input and every lower layer's output, the others the layer below's
                let dense_in = match (k, m.connections()) {
                    (0, _) => e,
                    (_, Connections::Dense) => e + k * width,
                    _ => width,
                };
                // per direction: x·W_ihᵀ, dW_ih and d_input; h·W_hhᵀ, dW_hh and dh
                d * 2 * rows * 3 * (dense_in * gh + h * gh)
            })
            .sum();
        // head: logits, dW_out and d_top
        layers + 2 * rows * 3 * width * classes
    }

    /// Refuses a config whose [`Config::memory_bytes`] is over `budget` bytes, with the estimate.
    pub fn check_memory(&self, vocab: usize, budget: u64) -> Result<()> {
        let need = self.memory_bytes(vocab);
        if need <= budget {
            return Ok(());
        }
        Err(Error::Config {
            field: "model.hidden, train.batch, train.bptt",
            message: format!(
                "hidden {}, batch {}, bptt {} need about {} during a step, over the memory budget of {}; \
                 lower one of them (a step's memory grows with batch × bptt × hidden)",
                self.model.hidden,
                self.train.batch,
                self.train.bptt,
                in_words(need),
                in_words(budget)
            ),
        })
    }
}

/// What the page needs before a run starts: its cost, which readouts apply, and what its vocabulary
/// folds. A setting the core refuses has no plan: `Plan::of` gives the reason instead.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Plan {
    #[serde(flatten)]
    pub estimate: Estimate,
    /// Expected seconds a step takes in the page: `flops_per_step` at [`PAGE_FLOPS_PER_SECOND`], plus
    /// [`PAGE_SECONDS_PER_STEP_OVERHEAD`].
    pub seconds_per_step: f64,
    /// The budget `Trainer::new` holds `memory_bytes` to.
    pub memory_budget: u64,
    /// Characters one step reads, B·T.
    pub chars_per_step: usize,
    /// Symbols of the vocabulary the corpus gives, "other" included.
    pub vocab: usize,
    /// Whether saliency and gradient flow read this model ([`crate::inspect::reads_gradients`]).
    pub reads_gradients: bool,
    /// Agreement items per construction and attractor count the page scores, for the grammar corpus
    /// only ([`crate::eval::PAGE_PER_CELL`]).
    pub agreement_items: Option<usize>,
    pub folding: Folding,
    /// The vocabulary's size with a text's Hangul read the other way (syllables or jamo); `None`
    /// when the corpus is not a text with Hangul syllables.
    pub other_reading_vocab: Option<usize>,
    /// The batch, BPTT and shards the text allows, and `message` when a short text changed them.
    pub fit: Fit,
}

impl Plan {
    /// Validates `config`, builds its corpus and vocabulary, and costs it with the sizes its text
    /// allows, allocating no model; refuses a text too short to train.
    pub fn of(config: &Config) -> Result<Plan> {
        config.validate()?;
        let text = config.corpus.build(config.train.seed)?;
        let vocab = Vocab::from_text(&text, MAX_VOCAB)?;
        Plan::with(config, &text, &vocab)
    }

    /// The plan of a config whose corpus `text` and vocabulary are built already (a trainer's), so
    /// the corpus is not built twice.
    pub fn with(config: &Config, text: &str, vocab: &Vocab) -> Result<Plan> {
        // a short text's plan is the fitted run's, as the trainer's is
        let (config, fit) = config.fitted(text.chars().count())?;
        let estimate = config.estimate(vocab.len());
        let other_reading_vocab = match &config.corpus {
            CorpusConfig::Text { text: Some(body), path, jamo } if body.chars().any(crate::hangul::is_syllable) => {
                let other = CorpusConfig::Text { text: Some(body.clone()), path: path.clone(), jamo: !jamo };
                Some(Vocab::from_text(&other.build(config.train.seed)?, MAX_VOCAB)?.len())
            }
            _ => None,
        };
        Ok(Plan {
            estimate,
            seconds_per_step: PAGE_SECONDS_PER_STEP_OVERHEAD + estimate.flops_per_step as f64 / PAGE_FLOPS_PER_SECOND,
            memory_budget: DEFAULT_MEMORY_BUDGET,
            chars_per_step: config.train.batch * config.train.bptt,
            vocab: vocab.len(),
            reads_gradients: crate::inspect::reads_gradients(&config.model),
            agreement_items: matches!(config.corpus, CorpusConfig::Agreement(_)).then_some(crate::eval::PAGE_PER_CELL),
            folding: Folding::of(text, vocab),
            other_reading_vocab,
            fit,
        })
    }
}

/// "1.5 GB", "320 MB": a byte count for a message.
pub fn in_words(bytes: u64) -> alloc::string::String {
    match bytes {
        b if b >= 1_000_000_000 => format!("{:.1} GB", b as f64 / 1e9),
        b if b >= 1_000_000 => format!("{:.0} MB", b as f64 / 1e6),
        b => format!("{:.0} kB", b as f64 / 1e3),
    }
}

#[cfg(test)]
mod tests {
    use alloc::string::ToString;

    use super::{Plan, DEFAULT_MEMORY_BUDGET};

    #[test]
    fn a_config_over_the_budget_is_refused_with_its_estimate_before_allocating() {
        let mut config = crate::presets::agreement();
        (config.model.hidden, config.train.batch, config.train.bptt) = (1024, 256, 512);
        let text = config.corpus.build(1).unwrap();
        // before this check the first step aborted the process: "memory allocation of 2147483648 bytes failed"
        let message = crate::Trainer::new(&config, &text).unwrap_err().to_string();
        assert_eq!(
            message,
            "config field `model.hidden, train.batch, train.bptt`: hidden 1024, batch 256, bptt 512 need about 8.8 GB during a step, \
             over the memory budget of 1.0 GB; lower one of them (a step's memory grows with batch × bptt × hidden)"
        );
        assert!(config.check_memory(40, 20_000_000_000).is_ok());
    }

    #[test]
    fn a_plan_costs_the_page_default_and_says_nothing_folds() {
        let plan = Plan::of(&crate::presets::agreement()).unwrap();
        assert_eq!((plan.chars_per_step, plan.memory_budget, plan.folding.folded_chars), (2048, DEFAULT_MEMORY_BUDGET, 0));
        assert_eq!(plan.estimate, crate::presets::agreement().estimate(plan.vocab));
        assert!(plan.estimate.memory_bytes < 50_000_000, "{plan:?}");
    }

    #[test]
    fn the_reference_workload_is_880_megaflops_a_step() {
        // the benchmark of docs/benchmarks.md: LSTM H = 128, one-hot V = 48, B = 32, T = 64; 2·B·T·(3·H·4H + 3·H·V)
        let mut config = crate::presets::agreement();
        (config.model.hidden, config.model.embedding, config.train.batch, config.train.bptt) = (128, 0, 32, 64);
        assert_eq!(config.flops_per_step(48), 2 * 2048 * (3 * 128 * 512 + 3 * 128 * 48));
        assert_eq!(config.flops_per_step(48), 880_803_840);
        // an embedding adds its input product, its weight gradient and the gradient at the input
        config.model.embedding = 32;
        assert_eq!(config.flops_per_step(48) - 880_803_840, 2 * 2048 * 3 * 32 * 512);
    }

    #[test]
    fn a_second_direction_and_dense_inputs_are_counted() {
        // a bidirectional tagger: each layer twice, the layer above and the head reading 2H; one-hot V = 30, 2 tags
        let mut config = crate::presets::agreement();
        (config.model.cell, config.model.hidden, config.model.layers, config.model.embedding) = (crate::CellKind::Rnn, 8, 2, 0);
        (config.train.batch, config.train.bptt) = (1, 1);
        (config.model.bidirectional, config.model.task) = (true, crate::Task::Tagging);
        // 2·3 per multiply-add (forward, two backward products); layer 0: 2·(0 + 8·8), layer 1: 2·(16·8 + 8·8), head 16·2
        assert_eq!(config.flops_per_step(30), 6 * (2 * 64 + 2 * (128 + 64) + 32));
        // a dense stack's second layer reads the embedding and the first layer's output
        (config.model.bidirectional, config.model.task, config.model.embedding) = (false, crate::Task::NextChar, 4);
        config.model.connections = crate::Connections::Dense;
        assert_eq!(config.flops_per_step(30), 6 * ((4 * 8 + 64) + ((4 + 8) * 8 + 64) + 8 * 30));
    }

    #[test]
    fn a_plan_says_what_the_page_reads_and_how_a_korean_text_reads_the_other_way() {
        let mut config = crate::presets::agreement();
        let plan = Plan::of(&config).unwrap();
        assert_eq!((plan.reads_gradients, plan.agreement_items, plan.other_reading_vocab), (true, Some(crate::eval::PAGE_PER_CELL), None));
        assert_eq!(plan.seconds_per_step, super::PAGE_SECONDS_PER_STEP_OVERHEAD + plan.estimate.flops_per_step as f64 / super::PAGE_FLOPS_PER_SECOND);
        (config.model.connections, config.model.layers) = (crate::Connections::Dense, 2);
        assert!(!Plan::of(&config).unwrap().reads_gradients);
        // 가 and 각 are two syllables but three letters (ᄀ, ᅡ, ᆨ): the jamo reading has one symbol more
        let text: alloc::string::String = "가각 ".repeat(700);
        config.corpus = crate::corpus::CorpusConfig::Text { text: Some(text), path: None, jamo: false };
        let syllables = Plan::of(&config).unwrap();
        assert_eq!((syllables.agreement_items, syllables.other_reading_vocab), (None, Some(syllables.vocab + 1)));
    }
}
