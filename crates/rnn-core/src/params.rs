//! All of a model's numbers live in one flat `Vec<f32>`; this table says which range is which tensor.
//!
//! One buffer means the optimizer, clipping, the gradient buffer, the fingerprint and the model file
//! are each one loop, and a gradient has the same layout as its parameter by construction.
//! Names and shapes are PyTorch's (`rnn.weight_ih_l0` is (G·H, input), gates stacked i,f,g,o / r,z,n).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::ops::Range;

use crate::config::{Connections, ModelConfig};

#[derive(Clone, Debug, PartialEq)]
pub struct Tensor {
    pub name: String,
    pub shape: Vec<usize>,
    pub range: Range<usize>,
}

/// Where one recurrent layer's parameters sit in the flat buffer.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerSlots {
    /// Width of this layer's input: the embedding (or vocabulary, one-hot) for layer 0, else hidden.
    pub input: usize,
    pub w_ih: Range<usize>, // (G·H, input)
    pub w_hh: Range<usize>, // (G·H, H)
    pub b_ih: Range<usize>, // (G·H)
    pub b_hh: Range<usize>, // (G·H)
}

#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub tensors: Vec<Tensor>,
    pub embedding: Option<Range<usize>>, // (V, E)
    /// Per layer, the forward direction.
    pub layers: Vec<LayerSlots>,
    /// Per layer, the reverse direction (`_reverse` tensors); empty unless bidirectional.
    pub reverse: Vec<LayerSlots>,
    /// C, the head's outputs: V for a language model, the tag count for tagging.
    pub classes: usize,
    pub head_w: Range<usize>, // (C, D·H)
    pub head_b: Range<usize>, // (C)
    pub total: usize,
}

impl Layout {
    pub fn new(config: &ModelConfig, vocab: usize) -> Layout {
        let mut tensors = Vec::new();
        let mut add = |name: String, shape: Vec<usize>| {
            let start = tensors.last().map_or(0, |t: &Tensor| t.range.end);
            let range = start..start + shape.iter().product::<usize>();
            tensors.push(Tensor { name, shape, range: range.clone() });
            range
        };
        let (h, gh) = (config.hidden, config.cell.gates() * config.hidden);
        let width = config.directions() * h; // D·H, what one layer outputs
        let embedding = (config.embedding > 0).then(|| add("embedding.weight".into(), alloc::vec![vocab, config.embedding]));
        let first = if config.embedding > 0 { config.embedding } else { vocab };
        let (mut layers, mut reverse) = (Vec::new(), Vec::new());
        for k in 0..config.layers {
            let input = match (k, config.connections()) {
                (0, _) => first,
                (_, Connections::Dense) => first + k * width,
                _ => width,
            };
            // pytorch's state_dict order: a layer's forward tensors, then its reverse ones
            let mut slots = |suffix: &str| LayerSlots {
                input,
                w_ih: add(format!("rnn.weight_ih_l{k}{suffix}"), alloc::vec![gh, input]),
                w_hh: add(format!("rnn.weight_hh_l{k}{suffix}"), alloc::vec![gh, h]),
                b_ih: add(format!("rnn.bias_ih_l{k}{suffix}"), alloc::vec![gh]),
                b_hh: add(format!("rnn.bias_hh_l{k}{suffix}"), alloc::vec![gh]),
            };
            layers.push(slots(""));
            if config.bidirectional {
                reverse.push(slots("_reverse"));
            }
        }
        let classes = config.task.classes(vocab);
        let head_w = add("head.weight".into(), alloc::vec![classes, width]);
        let head_b = add("head.bias".into(), alloc::vec![classes]);
        let total = head_b.end;
        Layout { tensors, embedding, layers, reverse, classes, head_w, head_b, total }
    }

    /// Per layer, bottom first, the range holding all its recurrent tensors (both directions).
    pub fn layer_ranges(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.layers.iter().enumerate().map(|(k, slots)| slots.w_ih.start..self.reverse.get(k).unwrap_or(slots).b_hh.end)
    }

    pub fn tensor(&self, name: &str) -> Option<&Tensor> {
        self.tensors.iter().find(|t| t.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::CellKind;

    #[test]
    fn names_shapes_and_ranges_follow_pytorch_and_tile_the_buffer() {
        let config = ModelConfig { layers: 2, embedding: 3, ..ModelConfig::new(CellKind::Lstm, 4) };
        let layout = Layout::new(&config, 6);
        let names: Vec<&str> = layout.tensors.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, [
            "embedding.weight", "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0",
            "rnn.weight_ih_l1", "rnn.weight_hh_l1", "rnn.bias_ih_l1", "rnn.bias_hh_l1", "head.weight", "head.bias",
        ]);
        assert_eq!(layout.tensor("rnn.weight_ih_l0").unwrap().shape, [16, 3]);
        assert_eq!(layout.tensor("rnn.weight_ih_l1").unwrap().shape, [16, 4]);
        // 6·3 + (16·3 + 16·4 + 16 + 16) + (16·4 + 16·4 + 16 + 16) + 6·4 + 6 = 18 + 144 + 160 + 30
        assert_eq!(layout.total, 352);
        assert!(layout.tensors.windows(2).all(|w| w[0].range.end == w[1].range.start));
        let one_hot = Layout::new(&ModelConfig { embedding: 0, ..config }, 6);
        assert!(one_hot.embedding.is_none());
        assert_eq!(one_hot.layers[0].input, 6);
    }
}
