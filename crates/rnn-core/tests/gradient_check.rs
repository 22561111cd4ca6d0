//! The whole model's backward pass against central finite differences of its loss, for every
//! parameter tensor of RNN/LSTM/GRU × 1 and 2 layers × residual off/on × embedding or one-hot, and
//! of bidirectional and densely connected stacks.

use rnn_core::config::{CellKind, Connections, ModelConfig, Task};
use rnn_core::{Model, Rng, State};

const VOCAB: usize = 5;
const BATCH: usize = 2;
const STEPS: usize = 4;

/// Mean cross-entropy of the model on fixed data, from a fixed non-zero state.
fn loss(model: &Model, tokens: &[u16], targets: &[u16], state: &State) -> f64 {
    model.loss(&model.forward(tokens, state), targets) as f64
}

/// For each tensor: the largest error over its elements of the analytic gradient against
/// (L(θ + ε) − L(θ − ε)) / 2ε, relative to the tensor's largest gradient element.
fn worst_relative_errors(config: &ModelConfig, seed: u64) -> Vec<(String, f64)> {
    let mut rng = Rng::new(seed);
    let mut model = Model::init(config, VOCAB, &mut rng);
    // wider weights than the default init, so every nonlinearity works away from its linear part
    model.params.iter_mut().for_each(|p| *p = rng.uniform_in(-1.0, 1.0));
    model.sync();
    let tokens: Vec<u16> = (0..BATCH * STEPS).map(|_| rng.below(VOCAB) as u16).collect();
    let targets: Vec<u16> = (0..BATCH * STEPS).map(|_| rng.below(model.classes) as u16).collect();
    let mut state = State::zeros(&model, BATCH);
    state.h.iter_mut().chain(state.c.iter_mut()).flatten().for_each(|x| *x = rng.uniform_in(-0.5, 0.5));

    let mut grad = vec![0.0; model.params.len()];
    model.backward(&model.forward(&tokens, &state), &tokens, &targets, &mut grad);

    let epsilon = 1e-2f32;
    let tensors = model.layout.tensors.clone();
    tensors
        .iter()
        .map(|tensor| {
            let scale = tensor.range.clone().map(|i| grad[i].abs() as f64).fold(0.0, f64::max).max(1e-3);
            let worst = tensor.range.clone().fold(0.0f64, |worst, i| {
                let original = model.params[i];
                model.params[i] = original + epsilon;
                model.sync();
                let up = loss(&model, &tokens, &targets, &state);
                model.params[i] = original - epsilon;
                model.sync();
                let down = loss(&model, &tokens, &targets, &state);
                model.params[i] = original;
                let numeric = (up - down) / (2.0 * epsilon as f64);
                worst.max((numeric - grad[i] as f64).abs() / scale)
            });
            model.sync();
            (tensor.name.clone(), worst)
        })
        .collect()
}

#[test]
fn backward_matches_finite_differences_for_every_tensor() {
    // f32 losses differenced at ε = 1e-2 agree with a correct gradient to within 2.3e-3 of the tensor's
    // largest element (measured worst over all 72 configs × tensors); a wrong sign or a missing term is O(1)
    const BOUND: f64 = 1e-2;
    let mut worst_seen = 0.0f64;
    for cell in [CellKind::Rnn, CellKind::Gru, CellKind::Lstm] {
        for layers in [1, 2] {
            for residual in [false, true] {
                for embedding in [0, 3] {
                    let config = ModelConfig { layers, embedding, residual, ..ModelConfig::new(cell, 4) };
                    for (name, error) in worst_relative_errors(&config, 7) {
                        worst_seen = worst_seen.max(error);
                        assert!(error < BOUND, "{cell:?} layers={layers} residual={residual} embedding={embedding} {name}: relative error {error:.2e}");
                    }
                }
            }
        }
    }
    println!("worst relative error over all tensors: {worst_seen:.2e}");
}

/// Checks every config, each tensor against `bound`; returns the worst relative error seen.
fn check_all(configs: &[ModelConfig], bound: f64) -> f64 {
    let mut worst_seen = 0.0f64;
    for config in configs {
        for (name, error) in worst_relative_errors(config, 7) {
            worst_seen = worst_seen.max(error);
            assert!(error < bound, "{config:?} {name}: relative error {error:.2e}");
        }
    }
    worst_seen
}

#[test]
fn bidirectional_backward_matches_finite_differences() {
    // tagging heads (2 tags), every cell × 1 and 2 layers × one-hot or embedded, plus residual
    let mut configs = Vec::new();
    for cell in [CellKind::Rnn, CellKind::Gru, CellKind::Lstm] {
        for layers in [1, 2] {
            for embedding in [0, 3] {
                let config = ModelConfig { layers, embedding, bidirectional: true, task: Task::Tagging, ..ModelConfig::new(cell, 4) };
                configs.push(config.clone());
                if layers == 2 {
                    configs.push(ModelConfig { connections: Connections::Residual, ..config });
                }
            }
        }
    }
    println!("worst relative error, bidirectional: {:.2e}", check_all(&configs, 1e-2));
}

#[test]
fn dense_backward_matches_finite_differences() {
    // 3 layers, so layer 2 reads the input and both layers below
    let mut configs = Vec::new();
    for cell in [CellKind::Rnn, CellKind::Gru, CellKind::Lstm] {
        for embedding in [0, 3] {
            let config = ModelConfig { layers: 3, embedding, connections: Connections::Dense, ..ModelConfig::new(cell, 4) };
            configs.push(config.clone());
            configs.push(ModelConfig { bidirectional: true, task: Task::Tagging, ..config });
        }
    }
    println!("worst relative error, dense: {:.2e}", check_all(&configs, 1e-2));
}

#[test]
fn the_check_catches_a_wrong_gradient() {
    // a gradient off by 10% in one element must fail the bound, or the check above proves nothing
    let config = ModelConfig { embedding: 3, ..ModelConfig::new(CellKind::Lstm, 4) };
    let mut rng = Rng::new(3);
    let model = Model::init(&config, VOCAB, &mut rng);
    let tokens: Vec<u16> = (0..BATCH * STEPS).map(|_| rng.below(VOCAB) as u16).collect();
    let targets: Vec<u16> = (0..BATCH * STEPS).map(|_| rng.below(VOCAB) as u16).collect();
    let state = State::zeros(&model, BATCH);
    let mut grad = vec![0.0; model.params.len()];
    model.backward(&model.forward(&tokens, &state), &tokens, &targets, &mut grad);
    let i = (0..grad.len()).max_by(|&a, &b| grad[a].abs().total_cmp(&grad[b].abs())).unwrap();
    let mut probe = model.clone();
    let epsilon = 1e-2;
    probe.params[i] += epsilon;
    probe.sync();
    let up = loss(&probe, &tokens, &targets, &state);
    probe.params[i] -= 2.0 * epsilon;
    probe.sync();
    let down = loss(&probe, &tokens, &targets, &state);
    let numeric = (up - down) / (2.0 * epsilon as f64);
    let wrong = grad[i] as f64 * 1.1;
    assert!((numeric - grad[i] as f64).abs() / (grad[i] as f64).abs() < 2e-2, "the true gradient passes");
    assert!((numeric - wrong).abs() / wrong.abs() > 2e-2, "a 10% error fails");
}
