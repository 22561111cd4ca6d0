//! The character language model: embedding (or one-hot) → 1-4 recurrent layers (optionally residual)
//! → linear head → softmax cross-entropy. PyTorch's equivalent, when `residual` is off:
//! ```python
//! embedding = nn.Embedding(V, E); rnn = nn.LSTM(E, H, num_layers=L, batch_first=True); head = nn.Linear(H, V)
//! loss = F.cross_entropy(head(rnn(embedding(x))[0]).reshape(-1, V), y.reshape(-1))   # mean over B·T
//! ```

use alloc::vec;
use alloc::vec::Vec;

use crate::config::ModelConfig;
use crate::kernels::{add_column_sums, add_rows, exp, gemm, pack, transpose};
use crate::layer::{self, Grads, Input, Trace, Weights};
use crate::params::{LayerSlots, Layout};
use crate::Rng;

#[derive(Clone, Debug)]
pub struct Model {
    pub config: ModelConfig,
    /// V, the number of characters in the vocabulary.
    pub vocab: usize,
    pub layout: Layout,
    /// Every parameter, laid out by `layout`.
    pub params: Vec<f32>,
    /// Per layer, derived copies of the weights in the shapes the products want; `sync` refreshes them.
    derived: Vec<Derived>,
    head_w_t: Vec<f32>, // (H, V)
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
    /// Each layer's input when it is dense: the embedding for layer 0, the output below otherwise.
    pub inputs: Vec<Option<Vec<f32>>>,
    pub traces: Vec<Trace>,
    /// What the head reads, (T·B, H): the top layer's output, plus its input when residual.
    pub top: Vec<f32>,
    /// (T·B, V) unnormalised log-probabilities of the next character.
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
        let mut model = Model { config, vocab, layout, params, derived: Vec::new(), head_w_t: Vec::new() };
        model.sync();
        model
    }

    /// Refreshes the transposed copies; call after every change to `params`.
    pub fn sync(&mut self) {
        let (h, gh) = (self.config.hidden, self.config.cell.gates() * self.config.hidden);
        self.derived = self
            .layout
            .layers
            .iter()
            .map(|slots| {
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
            })
            .collect();
        self.head_w_t = vec![0.0; h * self.vocab];
        transpose(self.vocab, h, &self.params[self.layout.head_w.clone()], &mut self.head_w_t);
    }

    pub fn weights(&self, k: usize) -> Weights<'_> {
        let slots = &self.layout.layers[k];
        Weights {
            cell: self.config.cell,
            input: slots.input,
            hidden: self.config.hidden,
            w_ih: &self.params[slots.w_ih.clone()],
            w_hh: &self.params[slots.w_hh.clone()],
            b_ih: &self.params[slots.b_ih.clone()],
            b_hh: &self.params[slots.b_hh.clone()],
            w_ih_t: &self.derived[k].w_ih_t,
            w_hh_t: &self.derived[k].w_hh_t,
            w_hh_t_packed: &self.derived[k].w_hh_t_packed,
            w_hh_packed: &self.derived[k].w_hh_packed,
        }
    }

    fn residual_at(&self, k: usize) -> bool {
        self.config.residual && k > 0
    }

    /// Runs the model over `tokens` (T·B ids, time-major: row t·B + b) from `state`.
    pub fn forward(&self, tokens: &[u16], state: &State) -> Forward {
        let (batch, h) = (state.batch, self.config.hidden);
        let rows = tokens.len();
        let mut inputs = Vec::with_capacity(self.config.layers);
        let mut traces: Vec<Trace> = Vec::with_capacity(self.config.layers);
        inputs.push(self.layout.embedding.as_ref().map(|range| {
            let (table, e) = (&self.params[range.clone()], self.config.embedding);
            tokens.iter().flat_map(|&id| table[id as usize * e..][..e].iter().copied()).collect::<Vec<f32>>()
        }));
        for k in 0..self.config.layers {
            if k > 0 {
                let below = self.layer_output(k - 1, &inputs, &traces);
                inputs.push(Some(below));
            }
            let input = match &inputs[k] {
                Some(dense) => Input::Dense(dense),
                None => Input::OneHot(tokens),
            };
            traces.push(layer::forward(&self.weights(k), input, batch, &state.h[k], &state.c[k]));
        }
        let top = self.layer_output(self.config.layers - 1, &inputs, &traces);
        let mut logits = vec![0.0; rows * self.vocab];
        add_rows(&mut logits, &self.params[self.layout.head_b.clone()]);
        gemm(rows, self.vocab, h, &top, h, 1, &self.head_w_t, &mut logits);
        Forward { batch, steps: rows / batch, inputs, traces, top, logits }
    }

    /// Layer k's output as the layer above (or the head) sees it.
    fn layer_output(&self, k: usize, inputs: &[Option<Vec<f32>>], traces: &[Trace]) -> Vec<f32> {
        let mut out = traces[k].outputs().to_vec();
        if self.residual_at(k) {
            let below = inputs[k].as_ref().expect("layers above the first have dense input");
            out.iter_mut().zip(below).for_each(|(o, x)| *o += x);
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
        let mut d_logits = forward.logits.clone();
        let loss = softmax_cross_entropy(&mut d_logits, targets, self.vocab);
        let scale = 1.0 / targets.len() as f32;
        d_logits.iter_mut().for_each(|d| *d *= scale);
        self.backward_from_logits(forward, tokens, &d_logits, grad);
        loss
    }

    /// Backpropagates any loss given its gradient at the logits, `d_logits` (T·B, V): adds the
    /// parameter gradients into `grad` and returns the gradients at the inputs and initial state.
    pub fn backward_from_logits(&self, forward: &Forward, tokens: &[u16], d_logits: &[f32], grad: &mut [f32]) -> InputGrads {
        let (rows, v, h) = (tokens.len(), self.vocab, self.config.hidden);
        // head: logits = top · W_outᵀ + b_out
        gemm(v, h, rows, d_logits, 1, v, &forward.top, &mut grad[self.layout.head_w.clone()]);
        add_column_sums(d_logits, &mut grad[self.layout.head_b.clone()]);
        let mut d_y = vec![0.0; rows * h];
        gemm(rows, h, v, d_logits, v, 1, &self.params[self.layout.head_w.clone()], &mut d_y);
        let mut d_state = Vec::with_capacity(self.config.layers);
        let mut d_embedded = None;
        for k in (0..self.config.layers).rev() {
            let input = match &forward.inputs[k] {
                Some(dense) => Input::Dense(dense),
                None => Input::OneHot(tokens),
            };
            let want_input = k > 0 || self.layout.embedding.is_some();
            let grads = layer_grads(grad, &self.layout.layers[k]);
            let (d_x, dh0, dc0) = layer::backward(&self.weights(k), input, &forward.traces[k], &d_y, None, grads, want_input);
            d_state.push((dh0, dc0));
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
        softmax_cross_entropy(&mut forward.logits.clone(), targets, self.vocab)
    }
}

/// Turns each row of `logits` (rows × V) into `softmax - onehot(target)` and returns the mean
/// cross-entropy in nats (summed in f64, in row order).
fn softmax_cross_entropy(logits: &mut [f32], targets: &[u16], v: usize) -> f32 {
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
    (total / targets.len() as f64) as f32
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
