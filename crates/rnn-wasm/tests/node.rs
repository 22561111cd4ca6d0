//! The bindings as JavaScript sees them, run in Node by wasm-bindgen-test-runner
//! (`cargo xtask test` sets it as the wasm32 runner).
#![cfg(target_arch = "wasm32")]

use rnn_wasm::Trainer;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

#[path = "../../rnn-core/tests/goldens/mod.rs"]
mod goldens;

fn config(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

const SMALL: &str = r#"{"model":{"cell":"gru","hidden":16,"embedding":8},
  "train":{"batch":4,"bptt":16,"optimizer":{"kind":"adam","lr":0.01},"seed":3},
  "corpus":{"kind":"agreement","sentences":500}}"#;

#[wasm_bindgen_test]
fn trains_and_reports_each_step() {
    let mut trainer = Trainer::new(config(SMALL)).unwrap();
    let reports: js_sys::Array = trainer.train(5, 1e9).unwrap().into();
    assert_eq!(reports.length(), 5);
    let last = reports.get(4);
    assert_eq!(js_sys::Reflect::get(&last, &"step".into()).unwrap().as_f64(), Some(5.0));
    assert!(js_sys::Reflect::get(&last, &"loss".into()).unwrap().as_f64().unwrap() > 0.0);
    assert_eq!(trainer.step(), 5.0);
    assert_eq!(trainer.chars_per_step(), 64);
}

#[wasm_bindgen_test]
fn a_time_budget_still_makes_one_step() {
    let mut trainer = Trainer::new(config(SMALL)).unwrap();
    let reports: js_sys::Array = trainer.train(100, 0.0).unwrap().into();
    assert_eq!(reports.length(), 1);
}

#[wasm_bindgen_test]
fn bad_configs_throw_the_core_message() {
    let error = Trainer::new(config(&SMALL.replace("\"hidden\":16", "\"hidden\":0"))).err().unwrap();
    let message: String = JsValue::from(error).unchecked_into::<js_sys::Error>().message().into();
    assert_eq!(message, "config field `model.hidden`: 0 is out of range; use 1 to 1024");
    let error = Trainer::new(config(r#"{"model":1}"#)).err().unwrap();
    let message: String = JsValue::from(error).unchecked_into::<js_sys::Error>().message().into();
    assert!(message.starts_with("config: "), "{message}");
}

#[wasm_bindgen_test]
fn probes_compare_alternatives_and_export_loads() {
    let mut trainer = Trainer::new(config(SMALL)).unwrap();
    trainer.train(3, 1e9).unwrap();
    let probe = trainer.probe("The writer of the books", vec!["is".into(), "are".into()]).unwrap();
    let alternatives: js_sys::Array = js_sys::Reflect::get(&probe, &"alternatives".into()).unwrap().into();
    let total: f64 = alternatives.iter().map(|a| js_sys::Reflect::get(&a, &"prob".into()).unwrap().as_f64().unwrap()).sum();
    assert!((total - 1.0).abs() < 1e-5);
    assert!(trainer.probe("", vec!["is".into()]).is_err());
    let bytes = trainer.export_model();
    let saved = rnn_core::io::load(&bytes).unwrap();
    assert_eq!(format!("{:016x}", rnn_core::train::fingerprint(&saved.model.params)), trainer.fingerprint());
}

#[wasm_bindgen_test]
fn an_exported_model_imports_into_a_fresh_trainer_and_a_bad_file_throws() {
    let mut trained = Trainer::new(config(SMALL)).unwrap();
    trained.train(4, 1e9).unwrap();
    let mut fresh = Trainer::new(config(SMALL)).unwrap();
    fresh.import_model(&trained.export_model()).unwrap();
    assert_eq!((fresh.fingerprint(), fresh.step()), (trained.fingerprint(), 4.0));

    let error = fresh.import_model(b"not a model").err().unwrap();
    let message: String = JsValue::from(error).unchecked_into::<js_sys::Error>().message().into();
    assert!(message.starts_with("model file: "), "{message}");
    assert_eq!(fresh.fingerprint(), trained.fingerprint());
}

#[wasm_bindgen_test]
fn a_snapshot_answers_probes_and_buckets_are_plain_objects() {
    let mut trainer = Trainer::new(config(SMALL)).unwrap();
    trainer.train(2, 1e9).unwrap();
    let snapshot = rnn_wasm::Snapshot::new(&trainer.export_model()).unwrap();
    assert_eq!(snapshot.fingerprint(), trainer.fingerprint());
    assert_eq!(snapshot.step(), 2.0);
    let accuracy = snapshot.agreement(2).unwrap();
    let buckets = js_sys::Reflect::get(&accuracy, &"by_attractors".into()).unwrap();
    let two = js_sys::Reflect::get(&buckets, &"2".into()).unwrap().as_f64().unwrap();
    // what the core scores for the same weights and items, passed through unchanged
    let saved = rnn_core::io::load(&trainer.export_model()).unwrap();
    let items = rnn_core::eval::agreement_items(2, rnn_core::eval::EVAL_SEED);
    let core = rnn_core::eval::agreement_accuracy(&saved.model, &saved.vocab, &items);
    assert_eq!(two, core.by_attractors["2"] as f64);
    let flow = snapshot.gradient_flow("The writer of the books is", 8).unwrap();
    let by_distance: js_sys::Array = js_sys::Reflect::get(&flow, &"by_distance".into()).unwrap().into();
    assert_eq!(js_sys::Array::from(&by_distance.get(0)).length(), 8);
    assert!(rnn_wasm::Snapshot::new(b"not a model").is_err());
}

fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &key.into()).unwrap()
}

#[wasm_bindgen_test]
fn a_run_above_the_uniform_guess_reports_its_divergence_with_the_fixes() {
    let diverging = r#"{"model":{"cell":"rnn","hidden":32,"embedding":16,"recurrent_scale":3.0},
      "train":{"batch":16,"bptt":32,"optimizer":{"kind":"sgd","lr":10.0},"clip":{"kind":"none"},"seed":1},
      "corpus":{"kind":"agreement","sentences":2000}}"#;
    let mut trainer = Trainer::new(config(diverging)).unwrap();
    assert!(trainer.divergence().unwrap().is_null());
    let reports: js_sys::Array = trainer.train(1, 1e9).unwrap().into();
    assert!(get(&reports.get(0), "divergence").is_null());
    for _ in 0..3 {
        trainer.train(5, 1e9).unwrap();
        trainer.validate();
    }
    let divergence = trainer.divergence().unwrap();
    assert_eq!(get(&divergence, "cause").as_string().unwrap(), "above_uniform");
    assert!((1.0..=16.0).contains(&get(&divergence, "step").as_f64().unwrap()));
    assert!(get(&divergence, "valid_bits_per_char").as_f64().unwrap() > get(&divergence, "uniform_bits_per_char").as_f64().unwrap());
    let message = get(&divergence, "message").as_string().unwrap();
    assert!(message.contains("norm clipping") && message.contains("smaller learning rate"), "{message}");
}

#[wasm_bindgen_test]
fn pairs_are_compared_each_on_its_own_and_unknown_characters_are_named() {
    let trainer = Trainer::new(config(SMALL)).unwrap();
    let words: Vec<String> = ["is", "are", "has", "have"].iter().map(|w| w.to_string()).collect();
    let answer = trainer.probe_pairs("A writer", words.clone()).unwrap();
    let groups: js_sys::Array = get(&answer, "groups").into();
    assert_eq!(groups.length(), 2);
    for (i, group) in groups.iter().enumerate() {
        let alone = trainer.probe("A writer", words[2 * i..2 * i + 2].to_vec()).unwrap();
        let alone: js_sys::Array = get(&alone, "alternatives").into();
        let group: js_sys::Array = group.into();
        for j in 0..2 {
            assert_eq!(get(&group.get(j), "prob").as_f64(), get(&alone.get(j), "prob").as_f64());
        }
    }
    let unknown: js_sys::Array = get(&answer, "unknown").into();
    assert_eq!(unknown.length(), 1);
    assert_eq!(get(&unknown.get(0), "char").as_string().unwrap(), "A");
    assert_eq!(get(&unknown.get(0), "position").as_f64(), Some(0.0));
    assert!(trainer.probe_pairs("The writer", vec!["is".into()]).is_err());
}

#[wasm_bindgen_test]
fn a_lesson_check_reads_the_snapshot_and_the_trainers_history() {
    let mut trainer = Trainer::new(config(SMALL)).unwrap();
    let check = r#"{"kind":"all","of":[{"kind":"gradient_norm_above","above":0},{"kind":"trains","bits":100},{"kind":"not","check":{"kind":"diverged"}}]}"#;
    let untrained = trainer.history().unwrap();
    assert_eq!(get(&untrained, "loss"), JsValue::NULL);
    let snapshot = rnn_wasm::Snapshot::new(&trainer.export_model()).unwrap();
    assert_eq!(get(&snapshot.check(config(check), untrained).unwrap(), "holds").as_bool(), Some(false));
    trainer.train(1, 1e9).unwrap();
    let snapshot = rnn_wasm::Snapshot::new(&trainer.export_model()).unwrap();
    let outcome = snapshot.check(config(check), trainer.history().unwrap()).unwrap();
    assert_eq!(get(&outcome, "holds").as_bool(), Some(true));
    assert_eq!(js_sys::Array::from(&get(&outcome, "measured")).length(), 3);
    let error = snapshot.check(config(r#"{"kind":"no_such_check"}"#), trainer.history().unwrap()).err().unwrap();
    let message: String = JsValue::from(error).unchecked_into::<js_sys::Error>().message().into();
    assert!(message.starts_with("lesson check: "), "{message}");
}

#[wasm_bindgen_test]
fn every_golden_run_gives_its_committed_bits_in_wasm() {
    let mismatches = goldens::mismatches();
    assert!(mismatches.is_empty(), "{} golden values differ in wasm:\n{}", mismatches.len(), mismatches.join("\n"));
}

#[wasm_bindgen_test]
fn a_plan_gives_the_cost_and_the_folding_before_a_trainer_exists() {
    let plan = rnn_wasm::plan(config(SMALL)).unwrap();
    let get = |key: &str| js_sys::Reflect::get(&plan, &key.into()).unwrap();
    assert_eq!(get("chars_per_step").as_f64(), Some(64.0));
    assert!(get("memory_bytes").as_f64().unwrap() > 0.0 && get("flops_per_step").as_f64().unwrap() > 0.0);
    assert_eq!(get("memory_budget").as_f64(), Some(1e9));
    // what the page reads from it instead of its own copies of the core's rules
    let seconds = rnn_core::budget::PAGE_SECONDS_PER_STEP_OVERHEAD + get("flops_per_step").as_f64().unwrap() / rnn_core::budget::PAGE_FLOPS_PER_SECOND;
    assert_eq!(get("seconds_per_step").as_f64(), Some(seconds));
    assert_eq!((get("reads_gradients").as_bool(), get("other_reading_vocab").is_null()), (Some(true), true));
    // a trainer's own plan is the same, its corpus built once
    let trainer_plan = Trainer::new(config(SMALL)).unwrap().plan().unwrap();
    assert_eq!(js_sys::JSON::stringify(&trainer_plan).unwrap(), js_sys::JSON::stringify(&plan).unwrap());
    let folded = js_sys::Reflect::get(&get("folding"), &"folded_chars".into()).unwrap();
    assert_eq!(folded.as_f64(), Some(0.0));
    // a corpus long enough for batch × bptt, so the run is not fitted down to a short text
    let huge = SMALL.replace("\"hidden\":16", "\"hidden\":1024").replace("\"batch\":4", "\"batch\":256").replace("\"bptt\":16", "\"bptt\":512").replace("\"sentences\":500", "\"sentences\":20000");
    let plan = rnn_wasm::plan(config(&huge)).unwrap();
    assert!(js_sys::Reflect::get(&plan, &"memory_bytes".into()).unwrap().as_f64().unwrap() > 1e9);
    let error = Trainer::new(config(&huge)).err().unwrap();
    let message: String = JsValue::from(error).unchecked_into::<js_sys::Error>().message().into();
    assert!(message.contains("over the memory budget of 1.0 GB"), "{message}");
    assert_eq!(rnn_wasm::link_version(), rnn_core::LINK_VERSION);
}

#[wasm_bindgen_test]
fn a_step_spread_over_shard_workers_gives_the_bits_of_train() {
    let sharded = SMALL.replace(r#""seed":3}"#, r#""seed":3,"shards":3}"#);
    let mut alone = Trainer::new(config(&sharded)).unwrap();
    alone.train(4, 1e9).unwrap();
    // the page's way with two helper workers: shard 0 here, shards 1 and 2 on the helpers, answers taken in reverse
    let mut leader = Trainer::new(config(&sharded)).unwrap();
    assert_eq!(leader.shards(), 3);
    let mut helpers: Vec<rnn_wasm::ShardWorker> = (0..2).map(|_| rnn_wasm::ShardWorker::new(config(&sharded), leader.vocab()).unwrap()).collect();
    for _ in 0..4 {
        assert_eq!(leader.begin_step(), 3);
        let params = leader.params();
        let answers: Vec<Vec<u8>> = helpers
            .iter_mut()
            .enumerate()
            .map(|(h, helper)| {
                helper.set_params(&params).unwrap();
                helper.compute(&leader.job(h as u32 + 1).unwrap()).unwrap()
            })
            .collect();
        leader.compute_shard(0).unwrap();
        for answer in answers.iter().rev() {
            leader.accept_shard(answer).unwrap();
        }
        leader.finish_step().unwrap();
    }
    assert_eq!((leader.step(), leader.fingerprint()), (alone.step(), alone.fingerprint()));
    // a step with a shard missing is refused; bytes that are not a job are refused with a message
    leader.begin_step();
    leader.compute_shard(0).unwrap();
    assert!(leader.finish_step().is_err());
    assert!(helpers[0].compute(b"garbage").is_err());
    assert!(helpers[0].set_params(&[0.0; 3]).is_err());
}
