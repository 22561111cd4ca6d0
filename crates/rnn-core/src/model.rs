//! The character model: embedding (or one-hot) → 1-4 recurrent layers, each with one or two
//! directions (D), connected plainly, residually or densely → linear head → softmax cross-entropy.
//! PyTorch's equivalent, without residual or dense connections:
//! ```python
//! embedding = nn.Embedding(V, E); rnn = nn.LSTM(E, H, num_layers=L, batch_first=True, bidirectional=D == 2)
//! head = nn.Linear(D * H, C)    # C = V for a language model, the tag count for tagging
//! loss = F.cross_entropy(head(rnn(embedding(x))[0]).reshape(-1, C), y.reshape(-1))   # mean over B·T
//! ```
//! The reverse direction reads the window backwards from a zero state at its end, as PyTorch's does;
//! only the forward direction's state is carried from one window to the next.

use alloc::vec;
use alloc::vec::Vec;

use crate::config::{Connections, ModelConfig, Task};
use crate::kernels::{add_column_sums, add_rows, exp, gemm, pack, transpose};
use crate::layer::{self, Grads, Input, Trace, Weights};
use crate::params::{LayerSlots, Layout};
use crate::{Error, Result, Rng};

#[derive(Clone, Debug)]
pub struct Model {
    pub config: ModelConfig,
    /// V, the number of characters in the vocabulary.
    pub vocab: usize,
    /// C, the head's outputs: V for a language model, the tag count for tagging.
    pub classes: usize,
    pub layout: Layout,
    /// Every parameter, laid out by `layout`.
    pub params: Vec<f32>,
    /// Per layer, derived copies of the weights in the shapes the products want; `sync` refreshes them.
    derived: Vec<Derived>,
    /// The same for each layer's reverse direction; empty unless bidirectional.
    derived_reverse: Vec<Derived>,
    head_w_t: Vec<f32>, // (D·H, C)
}

#[derive(Clone, Debug)]
struct Derived {
    w_ih_t: Vec<f32>,        // (input, G·H)
    w_hh_t: Vec<f32>,        // (H, G·H)
    w_hh_t_packed: Vec<f32>, // kernels::pack of w_hh_t
    w_hh_packed: Vec<f32>,   // kernels::pack of W_hh (G·H, H)
}

/// The recurrent state carried from one window to the next: per layer, h and (LSTM) c, (B, H) each.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub batch: usize,
    pub h: Vec<Vec<f32>>,
    pub c: Vec<Vec<f32>>,
}

/// A forward pass over a window, kept for the backward pass and the probes.
#[derive(Clone, Debug)]
pub struct Forward {
    pub batch: usize,
    pub steps: usize,
    /// Each layer's input when it is dense: the embedding for layer 0; above it the output below, or
    /// with dense connections the concatenation of the model's input and every lower layer's output.
    pub inputs: Vec<Option<Vec<f32>>>,
    /// Per layer, the forward direction.
    pub traces: Vec<Trace>,
    /// Per layer, the reverse direction over the time-reversed window (its step s is window step
    /// T−1−s); empty unless bidirectional.
    pub reverse: Vec<Trace>,
    /// What the head reads, (T·B, D·H): the top layer's output, plus its input when residual.
    pub top: Vec<f32>,
    /// (T·B, C) unnormalised log-probabilities of the next character (or of each tag).
    pub logits: Vec<f32>,
}

/// What `backward_from_logits` returns besides the parameter gradients.
#[derive(Clone, Debug)]
pub struct InputGrads {
    /// (T·B, E): the gradient at each embedded character; `None` for one-hot input.
    pub d_embedded: Option<Vec<f32>>,
    /// Per layer, the gradient at the initial state: (dh0, dc0), (B, H) each (dc0 empty unless LSTM).
    pub d_state: Vec<(Vec<f32>, Vec<f32>)>,
}

impl State {
    /// Whether this state has `model`'s layers and, for its batch, their widths (c only for an LSTM).
    pub fn fits(&self, model: &Model) -> bool {
        let size = self.batch * model.config.hidden;
        let c_size = if model.config.cell == crate::CellKind::Lstm { size } else { 0 };
        self.h.len() == model.config.layers
            && self.c.len() == model.config.layers
            && self.h.iter().all(|h| h.len() == size)
            && self.c.iter().all(|c| c.len() == c_size)
    }

    pub fn zeros(model: &Model, batch: usize) -> State {
        let size = batch * model.config.hidden;
        let lstm = model.config.cell == crate::CellKind::Lstm;
        State {
            batch,
            h: vec![vec![0.0; size]; model.config.layers],
            c: vec![if lstm { vec![0.0; size] } else { Vec::new() }; model.config.layers],
        }
    }
}

impl Model {
    /// A model initialised as PyTorch does by default: embedding N(0, 1); every recurrent weight and
    /// bias U(-1/√H, 1/√H); head weight and bias U(-1/√H, 1/√H). With `recurrent_scale = Some(s)`
    /// each (H × H) gate block of W_hh is instead an orthogonal matrix times s.
    pub fn init(config: &ModelConfig, vocab: usize, rng: &mut Rng) -> Model {
        let layout = Layout::new(config, vocab);
        let mut params = vec![0.0; layout.total];
        let bound = 1.0 / libm::sqrtf(config.hidden as f32);
        for tensor in &layout.tensors {
            let mut rng = rng.fork(tensor.range.start as u64);
            let values = &mut params[tensor.range.clone()];
            if tensor.name == "embedding.weight" {
                values.iter_mut().for_each(|v| *v = rng.normal());
            } else if let (true, Some(scale)) = (tensor.name.starts_with("rnn.weight_hh"), config.recurrent_scale) {
                let h = config.hidden;
                for block in values.chunks_exact_mut(h * h) {
                    orthogonal(h, &mut rng, block);
                    block.iter_mut().for_each(|v| *v *= scale);
                }
            } else {
                values.iter_mut().for_each(|v| *v = rng.uniform_in(-bound, bound));
            }
        }
        Model::from_params(config.clone(), vocab, params)
    }

    /// A model holding `params` (laid out as `Layout::new(config, vocab)`).
    pub fn from_params(config: ModelConfig, vocab: usize, params: Vec<f32>) -> Model {
        let layout = Layout::new(&config, vocab);
        assert_eq!(params.len(), layout.total, "parameter buffer does not match the layout");
        let classes = layout.classes;
        let mut model = Model { config, vocab, classes, layout, params, derived: Vec::new(), derived_reverse: Vec::new(), head_w_t: Vec::new() };
        model.sync();
        model
    }

    /// Refreshes the transposed copies; call after every change to `params`.
    pub fn sync(&mut self) {
        let (h, gh) = (self.config.hidden, self.config.cell.gates() * self.config.hidden);
        let derive = |slots: &LayerSlots| {
            let mut w_ih_t = vec![0.0; gh * slots.input];
            let mut w_hh_t = vec![0.0; gh * h];
            transpose(gh, slots.input, &self.params[slots.w_ih.clone()], &mut w_ih_t);
            transpose(gh, h, &self.params[slots.w_hh.clone()], &mut w_hh_t);
            Derived {
                w_hh_t_packed: pack(h, gh, &w_hh_t),
                w_hh_packed: pack(gh, h, &self.params[slots.w_hh.clone()]),
                w_ih_t,
                w_hh_t,
            }
        };
        let derived = self.layout.layers.iter().map(derive).collect();
        let derived_reverse = self.layout.reverse.iter().map(derive).collect();
        (self.derived, self.derived_reverse) = (derived, derived_reverse);
        let width = self.width();
        self.head_w_t = vec![0.0; width * self.classes];
        transpose(self.classes, width, &self.params[self.layout.head_w.clone()], &mut self.head_w_t);
    }

    /// Next-character readouts (probe, sample, agreement, saliency, gradient flow) need a language
    /// model: a tagging model's head gives tags, and reading it as characters would claim nonsense.
    pub fn predicts_next_char(&self) -> Result<()> {
        match self.config.task {
            Task::NextChar => Ok(()),
            Task::Tagging => Err(Error::Text(
                "this model tags words by sentiment and does not predict the next character, so it has no answer here: read its tags instead".into(),
            )),
        }
    }

    /// D·H, the width of one layer's output.
    pub fn width(&self) -> usize {
        self.config.directions() * self.config.hidden
    }

    /// Layer k's forward direction.
    pub fn weights(&self, k: usize) -> Weights<'_> {
        self.weights_of(&self.layout.layers[k], &self.derived[k])
    }

    /// Layer k's reverse direction; the model must be bidirectional.
    pub fn weights_reverse(&self, k: usize) -> Weights<'_> {
        self.weights_of(&self.layout.reverse[k], &self.derived_reverse[k])
    }

    fn weights_of<'a>(&'a self, slots: &LayerSlots, derived: &'a Derived) -> Weights<'a> {
        Weights {
            cell: self.config.cell,
            input: slots.input,
            hidden: self.config.hidden,
            w_ih: &self.params[slots.w_ih.clone()],
            w_hh: &self.params[slots.w_hh.clone()],
            b_ih: &self.params[slots.b_ih.clone()],
            b_hh: &self.params[slots.b_hh.clone()],
            w_ih_t: &derived.w_ih_t,
            w_hh_t: &derived.w_hh_t,
            w_hh_t_packed: &derived.w_hh_t_packed,
            w_hh_packed: &derived.w_hh_packed,
        }
    }

    pub fn residual_at(&self, k: usize) -> bool {
        self.config.connections() == Connections::Residual && k > 0
    }

    fn dense(&self) -> bool {
        self.config.connections() == Connections::Dense
    }

    /// Runs the model over `tokens` (T·B ids, time-major: row t·B + b) from `state`.
    pub fn forward(&self, tokens: &[u16], state: &State) -> Forward {
        let (batch, h) = (state.batch, self.config.hidden);
        let rows = tokens.len();
        let mut inputs = Vec::with_capacity(self.config.layers);
        let mut traces: Vec<Trace> = Vec::with_capacity(self.config.layers);
        let mut reverse: Vec<Trace> = Vec::new();
        inputs.push(self.layout.embedding.as_ref().map(|range| {
            let (table, e) = (&self.params[range.clone()], self.config.embedding);
            tokens.iter().flat_map(|&id| table[id as usize * e..][..e].iter().copied()).collect::<Vec<f32>>()
        }));
        for k in 0..self.config.layers {
            if k > 0 && self.dense() {
                let read = self.dense_input(k, tokens, batch, &inputs, &traces, &reverse);
                inputs.push(Some(read));
            } else if k > 0 {
                let below = self.layer_output(k - 1, batch, &inputs, &traces, &reverse);
                inputs.push(Some(below));
            }
            let input = match &inputs[k] {
                Some(dense) => Input::Dense(dense),
                None => Input::OneHot(tokens),
            };
            traces.push(layer::forward(&self.weights(k), input, batch, &state.h[k], &state.c[k]));
            if self.config.bidirectional {
                let zeros = vec![0.0; batch * h];
                let c0 = if self.config.cell == crate::CellKind::Lstm { &zeros[..] } else { &[] };
                let backwards = time_reversed(input, batch, self.layout.layers[k].input);
                reverse.push(layer::forward(&self.weights_reverse(k), backwards.as_input(), batch, &zeros, c0));
            }
        }
        let top = self.layer_output(self.config.layers - 1, batch, &inputs, &traces, &reverse);
        let (width, classes) = (self.width(), self.classes);
        let mut logits = vec![0.0; rows * classes];
        add_rows(&mut logits, &self.params[self.layout.head_b.clone()]);
        gemm(rows, classes, width, &top, width, 1, &self.head_w_t, &mut logits);
        Forward { batch, steps: rows / batch, inputs, traces, reverse, top, logits }
    }

    /// Layer k's output as the layer above (or the head) sees it, (T·B, D·H): the directions side by
    /// side, plus the layer's input when residual.
    fn layer_output(&self, k: usize, batch: usize, inputs: &[Option<Vec<f32>>], traces: &[Trace], reverse: &[Trace]) -> Vec<f32> {
        let mut out = match reverse.get(k) {
            None => traces[k].outputs().to_vec(),
            Some(backwards) => side_by_side(traces[k].outputs(), backwards.outputs(), batch, self.config.hidden),
        };
        if self.residual_at(k) {
            let below = inputs[k].as_ref().expect("layers above the first have dense input");
            out.iter_mut().zip(below).for_each(|(o, x)| *o += x);
        }
        out
    }

    /// What layer k > 0 reads with dense connections, (T·B, input + k·D·H): per row, the model's
    /// input (embedded, or one-hot written out) and then each lower layer's output, bottom first.
    fn dense_input(&self, k: usize, tokens: &[u16], batch: usize, inputs: &[Option<Vec<f32>>], traces: &[Trace], reverse: &[Trace]) -> Vec<f32> {
        let first = self.layout.layers[0].input;
        let one_hot: Vec<f32>;
        let x = match &inputs[0] {
            Some(embedded) => embedded,
            None => {
                one_hot = tokens.iter().flat_map(|&id| (0..first).map(move |j| (j == id as usize) as u8 as f32)).collect();
                &one_hot
            }
        };
        let below: Vec<Vec<f32>> = (0..k).map(|j| self.layer_output(j, batch, inputs, traces, reverse)).collect();
        let width = self.width();
        let mut out = Vec::with_capacity(tokens.len() * (first + k * width));
        for row in 0..tokens.len() {
            out.extend_from_slice(&x[row * first..][..first]);
            for output in &below {
                out.extend_from_slice(&output[row * width..][..width]);
            }
        }
        out
    }

    /// The state after the window, to carry into the next one.
    pub fn final_state(&self, forward: &Forward) -> State {
        State {
            batch: forward.batch,
            h: forward.traces.iter().map(|t| t.last_h().to_vec()).collect(),
            c: forward.traces.iter().map(|t| t.last_c().to_vec()).collect(),
        }
    }

    /// Mean cross-entropy (nats) of `targets` (T·B ids) under the forward pass, and adds its gradient
    /// with respect to every parameter into `grad` (laid out as `params`).
    pub fn backward(&self, forward: &Forward, tokens: &[u16], targets: &[u16], grad: &mut [f32]) -> f32 {
        let nats = self.backward_scaled(forward, tokens, targets, 1.0 / targets.len() as f32, grad);
        (nats / targets.len() as f64) as f32
    }

    /// The summed cross-entropy (nats, f64, row order) of `targets`, and adds `scale` times its
    /// gradient into `grad`: a shard's part of a larger batch's mean (`shard`).
    pub fn backward_scaled(&self, forward: &Forward, tokens: &[u16], targets: &[u16], scale: f32, grad: &mut [f32]) -> f64 {
        let mut d_logits = forward.logits.clone();
        let nats = softmax_cross_entropy(&mut d_logits, targets, self.classes);
        d_logits.iter_mut().for_each(|d| *d *= scale);
        self.backward_from_logits(forward, tokens, &d_logits, grad);
        nats
    }

    /// Backpropagates any loss given its gradient at the logits, `d_logits` (T·B, C): adds the
    /// parameter gradients into `grad` and returns the gradients at the inputs and initial state.
    pub fn backward_from_logits(&self, forward: &Forward, tokens: &[u16], d_logits: &[f32], grad: &mut [f32]) -> InputGrads {
        let (rows, c, width, batch) = (tokens.len(), self.classes, self.width(), forward.batch);
        // head: logits = top · W_outᵀ + b_out
        gemm(c, width, rows, d_logits, 1, c, &forward.top, &mut grad[self.layout.head_w.clone()]);
        add_column_sums(d_logits, &mut grad[self.layout.head_b.clone()]);
        let mut d_y = vec![0.0; rows * width];
        gemm(rows, width, c, d_logits, c, 1, &self.params[self.layout.head_w.clone()], &mut d_y);
        let mut d_state = Vec::with_capacity(self.config.layers);
        let mut d_embedded = None;
        // dense connections: the gradient each lower layer's output and the model's input get from above
        let first = self.layout.layers[0].input;
        let mut d_below = if self.dense() { vec![vec![0.0; rows * width]; self.config.layers] } else { Vec::new() };
        let mut d_first = if self.dense() { vec![0.0; rows * first] } else { Vec::new() };
        for k in (0..self.config.layers).rev() {
            if self.dense() && k + 1 < self.config.layers {
                d_y = core::mem::take(&mut d_below[k]);
            }
            let input = match &forward.inputs[k] {
                Some(dense) => Input::Dense(dense),
                None => Input::OneHot(tokens),
            };
            let want_input = k > 0 || self.layout.embedding.is_some();
            // the forward direction's half of each row, (T·B, H)
            let halves: Vec<f32>;
            let d_forward = if self.config.bidirectional {
                halves = d_y.chunks_exact(width).flat_map(|row| row[..width / 2].iter().copied()).collect();
                &halves
            } else {
                &d_y
            };
            let grads = layer_grads(grad, &self.layout.layers[k]);
            let (mut d_x, dh0, dc0) = layer::backward(&self.weights(k), input, &forward.traces[k], d_forward, None, grads, want_input);
            d_state.push((dh0, dc0));
            if self.config.bidirectional {
                let d_backwards: Vec<f32> = d_y.chunks_exact(width).flat_map(|row| row[width / 2..].iter().copied()).collect();
                let d_backwards = reverse_steps(&d_backwards, batch * width / 2);
                let backwards = time_reversed(input, batch, self.layout.layers[k].input);
                let grads = layer_grads(grad, &self.layout.reverse[k]);
                let (d_xr, _, _) = layer::backward(&self.weights_reverse(k), backwards.as_input(), &forward.reverse[k], &d_backwards, None, grads, want_input);
                if let (Some(d_x), Some(d_xr)) = (d_x.as_mut(), d_xr) {
                    let d_xr = reverse_steps(&d_xr, d_x.len() / forward.steps);
                    d_x.iter_mut().zip(&d_xr).for_each(|(a, b)| *a += b);
                }
            }
            if let (true, Some(d_x)) = (self.dense() && k > 0, d_x.as_ref()) {
                // split each row of the read's gradient back into the input and the outputs below
                let read = first + k * width;
                for (row, d) in d_x.chunks_exact(read).enumerate() {
                    d_first[row * first..][..first].iter_mut().zip(&d[..first]).for_each(|(a, b)| *a += b);
                    for (j, below) in d_below.iter_mut().take(k).enumerate() {
                        below[row * width..][..width].iter_mut().zip(&d[first + j * width..][..width]).for_each(|(a, b)| *a += b);
                    }
                }
                continue;
            }
            let d_x = match (k, d_x, self.dense() && self.layout.embedding.is_some()) {
                (0, Some(mut d_x), true) => {
                    d_x.iter_mut().zip(&d_first).for_each(|(a, b)| *a += b);
                    Some(d_x)
                }
                (_, d_x, _) => d_x,
            };
            match (k, d_x) {
                (0, Some(d_x)) => {
                    let (table, e) = (&mut grad[self.layout.embedding.clone().expect("dense layer 0 means an embedding")], self.config.embedding);
                    for (&id, row) in tokens.iter().zip(d_x.chunks_exact(e)) {
                        table[id as usize * e..][..e].iter_mut().zip(row).for_each(|(g, d)| *g += d);
                    }
                    d_embedded = Some(d_x);
                }
                (0, None) => {}
                (_, Some(mut d_x)) => {
                    if self.residual_at(k) {
                        d_x.iter_mut().zip(&d_y).for_each(|(a, b)| *a += b);
                    }
                    d_y = d_x;
                }
                (_, None) => unreachable!("layers above the first return their input gradient"),
            }
        }
        d_state.reverse();
        InputGrads { d_embedded, d_state }
    }

    /// Mean cross-entropy (nats) of `targets` under `forward`, without gradients.
    pub fn loss(&self, forward: &Forward, targets: &[u16]) -> f32 {
        (softmax_cross_entropy(&mut forward.logits.clone(), targets, self.classes) / targets.len() as f64) as f32
    }
}

/// A window's rows in reverse time order: block s of `block` values is block T−1−s.
pub fn reverse_steps<T: Copy>(rows: &[T], block: usize) -> Vec<T> {
    rows.chunks_exact(block).rev().flatten().copied().collect()
}

/// A layer's input read backwards in time, owned.
enum Reversed {
    OneHot(Vec<u16>),
    Dense(Vec<f32>),
}

impl Reversed {
    fn as_input(&self) -> Input<'_> {
        match self {
            Reversed::OneHot(ids) => Input::OneHot(ids),
            Reversed::Dense(xs) => Input::Dense(xs),
        }
    }
}

fn time_reversed(input: Input, batch: usize, width: usize) -> Reversed {
    match input {
        Input::OneHot(ids) => Reversed::OneHot(reverse_steps(ids, batch)),
        Input::Dense(xs) => Reversed::Dense(reverse_steps(xs, batch * width)),
    }
}

/// Rows of `forward` (T·B, H) and `backwards` (T·B, H, in reverse time) side by side, (T·B, 2H):
/// row t·B + b is the forward output at step t and the reverse output at the same step.
fn side_by_side(forward: &[f32], backwards: &[f32], batch: usize, h: usize) -> Vec<f32> {
    let block = batch * h;
    let steps = forward.len() / block;
    let mut out = Vec::with_capacity(2 * forward.len());
    for t in 0..steps {
        let (f, r) = (&forward[t * block..][..block], &backwards[(steps - 1 - t) * block..][..block]);
        for (f, r) in f.chunks_exact(h).zip(r.chunks_exact(h)) {
            out.extend_from_slice(f);
            out.extend_from_slice(r);
        }
    }
    out
}

/// Turns each row of `logits` (rows × V) into `softmax - onehot(target)` and returns the summed
/// cross-entropy in nats (f64, in row order).
fn softmax_cross_entropy(logits: &mut [f32], targets: &[u16], v: usize) -> f64 {
    let mut total = 0.0f64;
    for (row, &target) in logits.chunks_exact_mut(v).zip(targets) {
        let max = row.iter().fold(f32::NEG_INFINITY, |m, &x| m.max(x));
        row.iter_mut().for_each(|x| *x = exp(*x - max));
        let sum: f32 = row.iter().sum();
        total -= libm::log((row[target as usize] / sum) as f64);
        let inv = 1.0 / sum;
        row.iter_mut().for_each(|x| *x *= inv);
        row[target as usize] -= 1.0;
    }
    total
}

/// The four gradient slices of one layer, which sit next to each other in the flat buffer.
fn layer_grads<'a>(grad: &'a mut [f32], slots: &LayerSlots) -> Grads<'a> {
    let all = &mut grad[slots.w_ih.start..slots.b_hh.end];
    let (w_ih, rest) = all.split_at_mut(slots.w_ih.len());
    let (w_hh, rest) = rest.split_at_mut(slots.w_hh.len());
    let (b_ih, b_hh) = rest.split_at_mut(slots.b_ih.len());
    Grads { w_ih, w_hh, b_ih, b_hh }
}

/// Fills `out` (n × n) with a random orthogonal matrix: Gram-Schmidt on Gaussian rows, in f64.
fn orthogonal(n: usize, rng: &mut Rng, out: &mut [f32]) {
    let mut q: Vec<f64> = (0..n * n).map(|_| rng.normal() as f64).collect();
    for i in 0..n {
        for j in 0..i {
            let dot: f64 = (0..n).map(|k| q[i * n + k] * q[j * n + k]).sum();
            for k in 0..n {
                q[i * n + k] -= dot * q[j * n + k];
            }
        }
        let norm = libm::sqrt((0..n).map(|k| q[i * n + k] * q[i * n + k]).sum());
        for k in 0..n {
            q[i * n + k] /= norm;
        }
    }
    out.iter_mut().zip(&q).for_each(|(o, x)| *o = *x as f32);
}
