//! A step cut into shards (`train.shards`) gives the same bits whoever computes the shards, in
//! whatever order, on however many threads, and through the bytes web workers exchange; and it is
//! the same maths as one sum over the batch (losses and weights agree to rounding).

use rnn_core::shard::{self, ShardJob, ShardResult};
use rnn_core::{presets, CellKind, Config, Model, StepReport, Trainer};

fn small(cell: CellKind, shards: usize) -> Config {
    let mut config = presets::agreement();
    config.model.cell = cell;
    config.model.hidden = 16;
    config.model.embedding = 8;
    config.model.layers = 2;
    config.train.batch = 7; // shards of unequal size
    config.train.bptt = 12;
    config.train.shards = shards;
    config
}

fn tagging(shards: usize) -> Config {
    let mut config = presets::sentiment();
    config.model.hidden = 12;
    config.model.bidirectional = true;
    config.train.batch = 6;
    config.train.shards = shards;
    config
}

/// Losses' bits and the final weights' fingerprint after `steps` steps computed by `step`.
fn run(config: &Config, steps: usize, mut step: impl FnMut(&mut Trainer) -> StepReport) -> (Vec<u32>, u64) {
    let mut trainer = Trainer::from_config(config).unwrap();
    let losses = (0..steps).map(|_| step(&mut trainer).loss.to_bits()).collect();
    (losses, trainer.fingerprint())
}

/// On `threads` scoped threads, each taking every `threads`-th job, results handed back in any order.
fn on_threads(threads: usize) -> impl FnMut(&mut Trainer) -> StepReport {
    move |trainer| {
        trainer.step_with(|model, jobs| {
            std::thread::scope(|scope| {
                let handles: Vec<_> = (0..threads)
                    .map(|t| scope.spawn(move || jobs.iter().skip(t).step_by(threads).map(|job| shard::compute(model, job)).collect::<Vec<_>>()))
                    .collect();
                handles.into_iter().rev().flat_map(|h| h.join().unwrap()).collect()
            })
        })
    }
}

/// As a web worker would: each job encoded, decoded, checked against a model rebuilt from the
/// weights alone, computed there, its result encoded and decoded again.
fn through_bytes(model: &Model, jobs: &[ShardJob]) -> Vec<ShardResult> {
    let mut remote = Model::from_params(model.config.clone(), model.vocab, model.params.clone());
    remote.sync();
    jobs.iter()
        .rev()
        .map(|job| {
            let job = ShardJob::decode(&job.encode()).unwrap();
            job.fits(&remote).unwrap();
            ShardResult::decode(&shard::compute(&remote, &job).encode()).unwrap()
        })
        .collect()
}

#[test]
fn threads_order_and_bytes_never_change_a_sharded_run() {
    for config in [small(CellKind::Lstm, 3), small(CellKind::Gru, 4), small(CellKind::Rnn, 7), tagging(3)] {
        let plain = run(&config, 6, Trainer::step);
        for threads in 1..=4 {
            assert_eq!(run(&config, 6, on_threads(threads)), plain, "{threads} threads, {:?}", config.model.cell);
        }
        assert_eq!(run(&config, 6, |t| t.step_with(through_bytes)), plain, "through bytes");
    }
}

#[test]
fn one_shard_is_the_one_sum_step_and_more_shards_the_same_maths_to_rounding() {
    for config in [small(CellKind::Lstm, 1), tagging(1)] {
        let mut one = Trainer::from_config(&config).unwrap();
        let mut sharded_config = config.clone();
        sharded_config.train.shards = 3;
        let mut three = Trainer::from_config(&sharded_config).unwrap();
        let mut any_bits_differ = false;
        for _ in 0..5 {
            let (a, b) = (one.step(), three.step());
            assert!((a.loss - b.loss).abs() <= 1e-5 * a.loss.abs(), "{} against {}", a.loss, b.loss);
            assert!((a.grad_norm - b.grad_norm).abs() <= 1e-4 * a.grad_norm, "{} against {}", a.grad_norm, b.grad_norm);
            any_bits_differ |= a.loss.to_bits() != b.loss.to_bits() || one.fingerprint() != three.fingerprint();
        }
        let worst = one.model.params.iter().zip(&three.model.params).map(|(a, b)| (a - b).abs()).fold(0.0f32, f32::max);
        assert!(worst < 1e-4, "weights apart by {worst}");
        // the sums really are taken in another order: shards are part of the run, and of its link
        assert!(any_bits_differ, "three shards gave one shard's bits: the shard count would not need to be in the config");
    }
}

#[test]
fn results_that_do_not_fit_the_step_are_refused_and_change_nothing() {
    let config = small(CellKind::Lstm, 3);
    let mut trainer = Trainer::from_config(&config).unwrap();
    let before = trainer.fingerprint();
    assert!(trainer.finish_step(Vec::new()).is_err(), "no step begun");
    let jobs = trainer.begin_step();
    let results: Vec<ShardResult> = jobs.iter().map(|job| shard::compute(&trainer.model, job)).collect();
    let message = trainer.finish_step(results[..2].to_vec()).unwrap_err().to_string();
    assert_eq!(message, "shard: a step needs one result for each of its 3 shards, of this model's shape");
    let mut short = results.clone();
    short[1].grad.pop();
    assert!(trainer.finish_step(short).is_err());
    let mut twice = results.clone();
    twice[2].index = 1;
    assert!(trainer.finish_step(twice).is_err());
    assert_eq!(trainer.fingerprint(), before);
    assert_eq!(trainer.finish_step(results).unwrap().step, 1);

    // bytes that are not a job, or a job for another model
    assert!(ShardJob::decode(b"not a job").is_err());
    let bytes = jobs[0].encode();
    for cut in [0, 4, bytes.len() / 2, bytes.len() - 1] {
        assert!(ShardJob::decode(&bytes[..cut]).is_err(), "cut at {cut}");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(ShardJob::decode(&longer).is_err());
    let mut other = jobs[0].clone();
    other.tokens[0] = trainer.model.vocab as u16;
    assert!(other.fits(&trainer.model).is_err());
    let wider = Trainer::from_config(&Config { model: rnn_core::ModelConfig { hidden: 20, ..config.model.clone() }, ..config.clone() }).unwrap();
    assert!(jobs[0].fits(&wider.model).is_err(), "a state of another width");
}

#[test]
fn the_shard_count_is_validated() {
    let mut config = small(CellKind::Lstm, 8);
    let message = Trainer::from_config(&config).unwrap_err().to_string();
    assert_eq!(message, "config field `train.shards`: 8 is out of range; use 1 to 7");
    config.train.shards = 0;
    assert!(Trainer::from_config(&config).is_err());
    // older configs have no field: one shard, and one shard is not written out
    let json = serde_json::to_string(&small(CellKind::Lstm, 1)).unwrap();
    assert!(!json.contains("shards"), "{json}");
    let parsed: Config = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed.train.shards, 1);
}
