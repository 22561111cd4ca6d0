//! A step's batch cut into shards, so that workers (the page) or threads (the CLI) can compute its
//! gradient in parallel and still give the same bits whatever their number.
//!
//! Each stream's forward and backward pass depends only on that stream: every product's output is a
//! sum in one fixed order whatever rows sit beside it (`kernels`). What depends on how the batch is
//! cut is only what sums over streams: the weight gradients, the head's and the loss. So the config
//! fixes S, the shards (`train.shards`); shard s holds streams `s·B/S .. (s+1)·B/S`, computes its
//! gradient from its own zeroed buffer, and [`Trainer::finish_step`](crate::Trainer::finish_step)
//! adds the shards' gradients in shard order. Who computes a shard (the trainer itself, a thread, a
//! worker given the encoded job) changes nothing. With S = 1 the step is the one-sum step it always was.
//!
//! Jobs and results cross to web workers as bytes ([`ShardJob::encode`], [`ShardResult::encode`]):
//! little-endian, a header of counts, then the arrays; decoding checks every length.

use alloc::format;
use alloc::vec::Vec;

use crate::model::{Model, State};
use crate::{tagging, Error, Result};

/// What one shard computes: its streams' window and the state they start from.
#[derive(Clone, Debug, PartialEq)]
pub struct ShardJob {
    /// Which shard of the step this is, 0-based.
    pub index: usize,
    /// The shard's streams, B_s.
    pub batch: usize,
    /// Characters in, (T·B_s), time-major.
    pub tokens: Vec<u16>,
    /// The next character (a language model) or the tag (`tagging::UNTAGGED` where none) of each.
    pub targets: Vec<u16>,
    /// The carried state of a language model's streams; a tagging window starts from zeros.
    pub state: Option<State>,
    /// 1 / (positions counted over the whole step, all shards): each shard's gradient is its part
    /// of the whole batch's mean.
    pub scale: f32,
}

/// What a shard gives back.
#[derive(Clone, Debug, PartialEq)]
pub struct ShardResult {
    pub index: usize,
    /// The gradient of the shard's part of the step's mean loss, laid out as `Model::params`.
    pub grad: Vec<f32>,
    /// Σ cross-entropy (nats) over the shard's counted positions, in row order.
    pub nats: f64,
    /// The language model's state after the window, to carry; `None` when tagging.
    pub state: Option<State>,
}

/// Streams `[from, to)` of shard `index` of `shards` over `batch` streams.
pub fn streams(batch: usize, shards: usize, index: usize) -> (usize, usize) {
    (index * batch / shards, (index + 1) * batch / shards)
}

/// Rows of streams `[from, to)` of a time-major (T·B, width) array.
pub(crate) fn rows<T: Copy>(all: &[T], batch: usize, width: usize, (from, to): (usize, usize)) -> Vec<T> {
    all.chunks_exact(batch * width).flat_map(|step| step[from * width..to * width].iter().copied()).collect()
}

/// The state of streams `[from, to)`.
pub(crate) fn state_rows(state: &State, hidden: usize, span: (usize, usize)) -> State {
    let take = |layers: &[Vec<f32>]| layers.iter().map(|m| if m.is_empty() { Vec::new() } else { rows(m, state.batch, hidden, span) }).collect();
    State { batch: span.1 - span.0, h: take(&state.h), c: take(&state.c) }
}

/// The shards' states side by side again, in shard order: the whole batch's state.
pub(crate) fn join_states(parts: &[&State]) -> State {
    let layers = parts[0].h.len();
    let join = |pick: fn(&State) -> &Vec<Vec<f32>>| (0..layers).map(|k| parts.iter().flat_map(|p| pick(p)[k].iter().copied()).collect()).collect();
    State { batch: parts.iter().map(|p| p.batch).sum(), h: join(|s| &s.h), c: join(|s| &s.c) }
}

impl ShardJob {
    /// Refuses a job (one that came as bytes) that `model` cannot compute: characters outside its
    /// vocabulary, targets outside its classes, a state of another shape.
    pub fn fits(&self, model: &Model) -> Result<()> {
        let targets_fit = self.targets.iter().all(|&t| (t as usize) < model.classes || (self.state.is_none() && t == tagging::UNTAGGED));
        let state_fits = self.state.as_ref().is_none_or(|state| state.batch == self.batch && state.fits(model));
        if self.tokens.iter().all(|&t| (t as usize) < model.vocab) && targets_fit && state_fits && self.scale.is_finite() {
            Ok(())
        } else {
            Err(broken("it does not fit this model"))
        }
    }
}

/// Computes a shard's gradient (into a zeroed buffer), its summed loss and its final state.
pub fn compute(model: &Model, job: &ShardJob) -> ShardResult {
    let mut grad = alloc::vec![0.0; model.params.len()];
    let (nats, state) = match &job.state {
        Some(state) => {
            let forward = model.forward(&job.tokens, state);
            let nats = model.backward_scaled(&forward, &job.tokens, &job.targets, job.scale, &mut grad);
            (nats, Some(model.final_state(&forward)))
        }
        None => {
            let forward = model.forward(&job.tokens, &State::zeros(model, job.batch));
            (tagging::backward_scaled(model, &forward, &job.tokens, &job.targets, job.scale, &mut grad), None)
        }
    };
    ShardResult { index: job.index, grad, nats, state }
}

// ---------------------------------------------------------------- bytes for web workers

const JOB_MAGIC: u32 = 0x6a6f_6231; // "job1"
const RESULT_MAGIC: u32 = 0x7265_7331; // "res1"

impl ShardJob {
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Writer::default();
        out.u32(JOB_MAGIC);
        out.u32(self.index as u32);
        out.u32(self.batch as u32);
        out.f32s(&[self.scale]);
        out.u16s(&self.tokens);
        out.u16s(&self.targets);
        out.state(self.state.as_ref());
        out.0
    }

    pub fn decode(bytes: &[u8]) -> Result<ShardJob> {
        let mut input = Reader(bytes);
        input.magic(JOB_MAGIC)?;
        let (index, batch) = (input.u32()? as usize, input.u32()? as usize);
        let scale = input.f32s()?.first().copied().ok_or_else(|| broken("no scale"))?;
        let (tokens, targets) = (input.u16s()?, input.u16s()?);
        let state = input.state()?;
        input.end()?;
        if batch == 0 || tokens.len() != targets.len() || tokens.len() % batch != 0 {
            return Err(broken("its window does not fit its streams"));
        }
        Ok(ShardJob { index, batch, tokens, targets, state, scale })
    }
}

impl ShardResult {
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Writer::default();
        out.u32(RESULT_MAGIC);
        out.u32(self.index as u32);
        out.0.extend_from_slice(&self.nats.to_le_bytes());
        out.f32s(&self.grad);
        out.state(self.state.as_ref());
        out.0
    }

    pub fn decode(bytes: &[u8]) -> Result<ShardResult> {
        let mut input = Reader(bytes);
        input.magic(RESULT_MAGIC)?;
        let index = input.u32()? as usize;
        let nats = f64::from_le_bytes(input.take(8)?.try_into().expect("eight bytes"));
        let grad = input.f32s()?;
        let state = input.state()?;
        input.end()?;
        Ok(ShardResult { index, grad, nats, state })
    }
}

fn broken(what: &str) -> Error {
    Error::Shard(format!("a shard's message is broken: {what}"))
}

#[derive(Default)]
struct Writer(Vec<u8>);

impl Writer {
    fn u32(&mut self, value: u32) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }
    // sized once, then filled in place: growing the buffer four bytes at a time cost a shard worker
    // about 0.3 ms a shard in wasm (LSTM-128's 97k-float gradient)
    fn u16s(&mut self, values: &[u16]) {
        self.u32(values.len() as u32);
        let start = self.0.len();
        self.0.resize(start + 2 * values.len(), 0);
        self.0[start..].chunks_exact_mut(2).zip(values).for_each(|(out, v)| out.copy_from_slice(&v.to_le_bytes()));
    }
    fn f32s(&mut self, values: &[f32]) {
        self.u32(values.len() as u32);
        let start = self.0.len();
        self.0.resize(start + 4 * values.len(), 0);
        self.0[start..].chunks_exact_mut(4).zip(values).for_each(|(out, v)| out.copy_from_slice(&v.to_le_bytes()));
    }
    /// 0 for none; else the batch, the layers, and each layer's h and c.
    fn state(&mut self, state: Option<&State>) {
        let Some(state) = state else { return self.u32(0) };
        self.u32(1);
        self.u32(state.batch as u32);
        self.u32(state.h.len() as u32);
        for (h, c) in state.h.iter().zip(&state.c) {
            self.f32s(h);
            self.f32s(c);
        }
    }
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8]> {
        if self.0.len() < n {
            return Err(broken("it ends early"));
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }
    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().expect("four bytes")))
    }
    fn magic(&mut self, magic: u32) -> Result<()> {
        if self.u32()? == magic {
            Ok(())
        } else {
            Err(broken("it is not a shard message of this version"))
        }
    }
    fn u16s(&mut self) -> Result<Vec<u16>> {
        let n = self.u32()? as usize;
        let bytes = self.take(n.checked_mul(2).ok_or_else(|| broken("a length overflows"))?)?;
        Ok(bytes.chunks_exact(2).map(|b| u16::from_le_bytes([b[0], b[1]])).collect())
    }
    fn f32s(&mut self) -> Result<Vec<f32>> {
        let n = self.u32()? as usize;
        let bytes = self.take(n.checked_mul(4).ok_or_else(|| broken("a length overflows"))?)?;
        Ok(bytes.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect())
    }
    fn state(&mut self) -> Result<Option<State>> {
        if self.u32()? == 0 {
            return Ok(None);
        }
        let (batch, layers) = (self.u32()? as usize, self.u32()? as usize);
        if layers > crate::config::MAX_LAYERS {
            return Err(broken("too many layers"));
        }
        let (mut h, mut c) = (Vec::with_capacity(layers), Vec::with_capacity(layers));
        for _ in 0..layers {
            h.push(self.f32s()?);
            c.push(self.f32s()?);
        }
        Ok(Some(State { batch, h, c }))
    }
    fn end(&self) -> Result<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(broken("it has bytes past its end"))
        }
    }
}
