//! The cells, the whole model and the optimizers against numbers PyTorch produced.
//! The fixtures and the script that made them are in `tests/fixtures/` (see its README).

use rnn_core::config::{CellKind, Clip, ModelConfig, OptimizerConfig};
use rnn_core::kernels::{pack, transpose};
use rnn_core::layer::{self, Grads, Input, Weights};
use rnn_core::optim::{clip, global_norm, Optimizer};
use rnn_core::{Model, State};
use serde_json::Value;

/// f32 against PyTorch's f64: 1e-5 absolute plus 1e-5 relative.
const TOLERANCE: f64 = 1e-5;

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn data(tensor: &Value) -> Vec<f32> {
    tensor["data"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap() as f32).collect()
}

/// Returns the worst error seen, |got − expected| / (1 + |expected|).
fn assert_close(what: &str, got: &[f32], expected: &[f32]) -> f64 {
    assert_eq!(got.len(), expected.len(), "{what}: length");
    let mut worst = 0.0f64;
    for (i, (&g, &e)) in got.iter().zip(expected).enumerate() {
        let error = ((g - e) as f64).abs() / (1.0 + (e as f64).abs());
        assert!(error <= TOLERANCE, "{what}[{i}]: got {g}, PyTorch {e}");
        worst = worst.max(error);
    }
    worst
}

/// (B, T, W) batch-first ↔ (T·B, W) time-major.
fn to_time_major(x: &[f32], batch: usize, steps: usize, width: usize) -> Vec<f32> {
    let mut out = vec![0.0; x.len()];
    for b in 0..batch {
        for t in 0..steps {
            out[(t * batch + b) * width..][..width].copy_from_slice(&x[(b * steps + t) * width..][..width]);
        }
    }
    out
}

fn cell_kind(name: &str) -> CellKind {
    serde_json::from_value(Value::String(name.into())).unwrap()
}

#[test]
fn one_layer_matches_pytorch_forward_and_backward() {
    for cell in ["rnn", "gru", "lstm"] {
        let f = fixture(&format!("cell_{cell}.json"));
        let t = &f["tensors"];
        let (input, hidden, batch, steps) = (3, 4, 2, 3);
        let kind = cell_kind(cell);
        let gh = kind.gates() * hidden;
        let (w_ih, w_hh) = (data(&t["weight_ih"]), data(&t["weight_hh"]));
        let (mut w_ih_t, mut w_hh_t) = (vec![0.0; w_ih.len()], vec![0.0; w_hh.len()]);
        transpose(gh, input, &w_ih, &mut w_ih_t);
        transpose(gh, hidden, &w_hh, &mut w_hh_t);
        let (b_ih, b_hh) = (data(&t["bias_ih"]), data(&t["bias_hh"]));
        let (w_hh_t_packed, w_hh_packed) = (pack(hidden, gh, &w_hh_t), pack(gh, hidden, &w_hh));
        let w = Weights {
            cell: kind, input, hidden, w_ih: &w_ih, w_hh: &w_hh, b_ih: &b_ih, b_hh: &b_hh,
            w_ih_t: &w_ih_t, w_hh_t: &w_hh_t, w_hh_t_packed: &w_hh_t_packed, w_hh_packed: &w_hh_packed,
        };
        let x = to_time_major(&data(&t["x"]), batch, steps, input);
        let h0 = data(&t["h0"]);
        let c0 = if kind == CellKind::Lstm { data(&t["c0"]) } else { Vec::new() };

        let trace = layer::forward(&w, Input::Dense(&x), batch, &h0, &c0);
        assert_close(&format!("{cell} y"), trace.outputs(), &to_time_major(&data(&t["y"]), batch, steps, hidden));
        assert_close(&format!("{cell} h_n"), trace.last_h(), &data(&t["h_n"]));
        if kind == CellKind::Lstm {
            assert_close("lstm c_n", trace.last_c(), &data(&t["c_n"]));
        }

        // loss = Σ y·R + Σ h_n·Rh (+ Σ c_n·Rc): R is the output gradient, Rh and Rc the final-state ones
        let d_out = to_time_major(&data(&t["R"]), batch, steps, hidden);
        let (dh_final, dc_final) = (data(&t["Rh"]), if kind == CellKind::Lstm { data(&t["Rc"]) } else { vec![0.0; batch * hidden] });
        let (mut g_w_ih, mut g_w_hh, mut g_b_ih, mut g_b_hh) = (vec![0.0; w_ih.len()], vec![0.0; w_hh.len()], vec![0.0; gh], vec![0.0; gh]);
        let grads = Grads { w_ih: &mut g_w_ih, w_hh: &mut g_w_hh, b_ih: &mut g_b_ih, b_hh: &mut g_b_hh };
        let (d_x, dh0, dc0) = layer::backward(&w, Input::Dense(&x), &trace, &d_out, Some((&dh_final, &dc_final)), grads, true);
        assert_close(&format!("{cell} grad_weight_ih"), &g_w_ih, &data(&t["grad_weight_ih"]));
        assert_close(&format!("{cell} grad_weight_hh"), &g_w_hh, &data(&t["grad_weight_hh"]));
        assert_close(&format!("{cell} grad_bias_ih"), &g_b_ih, &data(&t["grad_bias_ih"]));
        assert_close(&format!("{cell} grad_bias_hh"), &g_b_hh, &data(&t["grad_bias_hh"]));
        assert_close(&format!("{cell} grad_x"), &d_x.unwrap(), &to_time_major(&data(&t["grad_x"]), batch, steps, input));
        assert_close(&format!("{cell} grad_h0"), &dh0, &data(&t["grad_h0"]));
        if kind == CellKind::Lstm {
            assert_close("lstm grad_c0", &dc0, &data(&t["grad_c0"]));
        }
    }
}

/// The fixture's model, tokens and targets (time-major), with its parameters loaded by name.
fn model_from(f: &Value) -> (Model, Vec<u16>, Vec<u16>) {
    let config = ModelConfig {
        layers: f["layers"].as_u64().unwrap() as usize,
        embedding: f["embedding"].as_u64().unwrap() as usize,
        residual: f["residual"].as_bool().unwrap(),
        connections: serde_json::from_value(f["connections"].clone()).unwrap(),
        bidirectional: f["bidirectional"].as_bool().unwrap(),
        task: serde_json::from_value(f["task"].clone()).unwrap(),
        ..ModelConfig::new(cell_kind(f["cell"].as_str().unwrap()), f["hidden"].as_u64().unwrap() as usize)
    };
    let vocab = f["vocab"].as_u64().unwrap() as usize;
    let (batch, steps) = (f["batch"].as_u64().unwrap() as usize, f["steps"].as_u64().unwrap() as usize);
    let layout = rnn_core::params::Layout::new(&config, vocab);
    let mut params = vec![0.0; layout.total];
    let names = f["params"].as_object().unwrap();
    assert_eq!(names.len(), layout.tensors.len(), "the fixture has exactly the model's tensors");
    for tensor in &layout.tensors {
        params[tensor.range.clone()].copy_from_slice(&data(&names[&tensor.name]));
    }
    let ids = |key: &str| -> Vec<u16> {
        let flat: Vec<f32> = f[key].as_array().unwrap().iter().map(|x| x.as_u64().unwrap() as f32).collect();
        to_time_major(&flat, batch, steps, 1).iter().map(|&x| x as u16).collect()
    };
    (Model::from_params(config, vocab, params), ids("tokens"), ids("targets"))
}

/// Every whole-model fixture: the three cells, one-hot residual, bidirectional tagging models of each
/// cell with 1 and 2 layers, and dense stacks of 3 layers.
const MODELS: [&str; 12] = [
    "model_rnn.json",
    "model_gru.json",
    "model_lstm.json",
    "model_lstm_onehot_residual.json",
    "model_rnn_bidirectional_l1.json",
    "model_rnn_bidirectional_l2.json",
    "model_gru_bidirectional_l1.json",
    "model_gru_bidirectional_l2.json",
    "model_lstm_bidirectional_l1.json",
    "model_lstm_bidirectional_l2.json",
    "model_gru_dense.json",
    "model_lstm_onehot_dense_bidirectional.json",
];

#[test]
fn whole_model_matches_pytorch_logits_loss_and_gradients() {
    for name in MODELS {
        let f = fixture(name);
        let (model, tokens, targets) = model_from(&f);
        let batch = f["batch"].as_u64().unwrap() as usize;
        let forward = model.forward(&tokens, &State::zeros(&model, batch));
        let steps = tokens.len() / batch;
        let mut worst = assert_close(&format!("{name} logits"), &forward.logits, &to_time_major(&data(&f["logits"]), batch, steps, model.classes));
        let mut grad = vec![0.0; model.params.len()];
        let loss = model.backward(&forward, &tokens, &targets, &mut grad);
        worst = worst.max(assert_close(&format!("{name} loss"), &[loss], &[f["loss"].as_f64().unwrap() as f32]));
        for tensor in &model.layout.tensors {
            let expected = data(&f["grads"][format!("grad/{}", tensor.name)]);
            worst = worst.max(assert_close(&format!("{name} grad {}", tensor.name), &grad[tensor.range.clone()], &expected));
        }
        println!("{name}: worst error of logits, loss and gradients {worst:.1e}");
    }
}

#[test]
fn optimizer_trajectories_with_clipping_match_pytorch() {
    let mut seen = 0;
    for name in MODELS {
        let f = fixture(name);
        let batch = f["batch"].as_u64().unwrap() as usize;
        for trajectory in f["trajectories"].as_array().unwrap() {
            let (mut model, tokens, targets) = model_from(&f);
            let optimizer: OptimizerConfig = serde_json::from_value(trajectory["optimizer"].clone()).unwrap();
            let clipping: Clip = serde_json::from_value(trajectory["clip"].clone()).unwrap();
            let what = format!("{name} {optimizer:?} {clipping:?}");
            let mut opt = Optimizer::new(optimizer, model.params.len());
            for (i, expected) in trajectory["steps"].as_array().unwrap().iter().enumerate() {
                let forward = model.forward(&tokens, &State::zeros(&model, batch));
                let mut grad = vec![0.0; model.params.len()];
                let loss = model.backward(&forward, &tokens, &targets, &mut grad);
                let norm = global_norm(&grad);
                let clipped = clip(clipping, norm, &mut grad);
                assert_close(&format!("{what} step {i} loss"), &[loss], &[expected["loss"].as_f64().unwrap() as f32]);
                assert_close(&format!("{what} step {i} norm"), &[norm], &[expected["grad_norm"].as_f64().unwrap() as f32]);
                assert_eq!(clipped, expected["clipped"].as_bool().unwrap(), "{what} step {i} clipped");
                opt.update(&mut model.params, &grad);
                model.sync();
            }
            for tensor in &model.layout.tensors {
                let expected = data(&trajectory["final_params"][&tensor.name]);
                assert_close(&format!("{what} final {}", tensor.name), &model.params[tensor.range.clone()], &expected);
            }
            seen += 1;
        }
    }
    assert_eq!(seen, 24, "5 optimizers for each of 3 cells, and adam for one-hot residual, each bidirectional and each dense model");
}
