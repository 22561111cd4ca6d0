//! `rnn lessons`: the page's lessons (www/src/lessons/data/) trained natively over several seeds: the
//! step and the training seconds at which each lesson's check first held on `RUNNING` evaluations in a
//! row, the check's figures there, and what its contrasts, `also` variants and rerun measure at that
//! step. With `--sweep`, a grid of settings per lesson: the sweep that chooses a lesson's settings.
//!
//! e.g. `cargo run --release -p rnn-cli -- lessons --seeds 1,2,3 --json`, or
//! `rnn lessons --lesson memory --sweep train.optimizer.lr=0.01,0.02 --sweep model.hidden=32,64 --no-contrast`.

use std::time::{Duration, Instant};

use clap::Args;
use rnn_core::lessons::{self, Check, Lesson, Outcome, Run, RUNNING};
use serde_json::{json, Value};

use crate::{threads, CliResult};

/// The page's lesson files in its order (www/src/lessons/data.ts); a test keeps the two lists alike.
macro_rules! lesson_files {
    ($($id:literal),*) => { [$(($id, include_str!(concat!("../../../www/src/lessons/data/", $id, ".json")))),*] };
}
const LESSONS: [(&str, &str); 7] = lesson_files!("writer", "vanishing", "exploding", "cells", "memory", "bidirectional", "deep");

#[derive(Args)]
pub struct LessonsArgs {
    /// Lessons to run by id, comma-separated or repeated (default: all).
    #[arg(long, value_delimiter = ',')]
    lesson: Vec<String>,
    /// Seeds, each a run of every lesson (and of every sweep point).
    #[arg(long, value_delimiter = ',', default_values_t = [1u64, 2, 3])]
    seeds: Vec<u64>,
    /// Most steps to wait for the check (default: four times the lesson's test steps, at least 1,000).
    #[arg(long)]
    max_steps: Option<u64>,
    /// Steps between evaluations of the check (default: the lesson's test's `every`).
    #[arg(long)]
    every: Option<u64>,
    /// A setting for every run, as a dotted path into the config and a JSON value: `train.optimizer.lr=0.01`.
    #[arg(long)]
    set: Vec<String>,
    /// Settings to sweep, `path=v1,v2,...`; repeated, the grid of all of them.
    #[arg(long)]
    sweep: Vec<String>,
    /// Watch for this check (JSON) instead of the lesson's, e.g. a rerun's.
    #[arg(long)]
    check: Option<String>,
    /// Leave out the contrasts, `also` variants and reruns (a sweep's first pass).
    #[arg(long)]
    no_contrast: bool,
    /// Print the check's figures at every evaluation up to the most steps, past where it is first seen.
    #[arg(long)]
    trace: bool,
    /// Threads a step's shards are spread over (bit-identical for any number).
    #[arg(long, default_value_t = 1)]
    threads: usize,
    #[arg(long)]
    json: bool,
}

pub fn run(args: LessonsArgs) -> CliResult {
    let all = LESSONS.iter().map(|(id, text)| serde_json::from_str::<Lesson>(text).map_err(|e| format!("www/src/lessons/data/{id}.json: {e}"))).collect::<CliResult<Vec<_>>>()?;
    let chosen: Vec<&Lesson> = all.iter().filter(|l| args.lesson.is_empty() || args.lesson.contains(&l.id)).collect();
    if chosen.is_empty() {
        return Err(format!("no lesson is called {}; the lessons are {}", args.lesson.join(", "), all.iter().map(|l| l.id.as_str()).collect::<Vec<_>>().join(", ")));
    }
    let sets: Vec<(String, Value)> = args.set.iter().map(|s| setting(s)).collect::<CliResult<_>>()?;
    let grid = grid(&args.sweep)?;
    let check: Option<Check> = args.check.as_deref().map(serde_json::from_str).transpose().map_err(|e| format!("--check: {e}"))?;
    for lesson in chosen {
        let check = check.as_ref().unwrap_or(&lesson.check);
        let every = args.every.unwrap_or(lesson.test.every).max(1);
        let max_steps = args.max_steps.unwrap_or((4 * lesson.test.steps).max(1_000));
        for point in &grid {
            let mut base = lesson.config.clone();
            for (path, value) in sets.iter().chain(point) {
                set(&mut base, path, value.clone());
            }
            for &seed in &args.seeds {
                let mut config = base.clone();
                config["train"]["seed"] = json!(seed);
                let seen = watch(&config, check, every, max_steps, args.threads, args.trace.then_some(lesson.id.as_str()))?;
                let at = seen.step.unwrap_or(seen.last_step);
                let mut others = Vec::new();
                if !args.no_contrast {
                    for contrast in &lesson.contrast {
                        let contrast_config = contrast.config(&config).map_err(|e| format!("{}: {e}", lesson.id))?;
                        others.push(("contrast", contrast.name(), trained_to(&contrast_config, at, check, args.threads)?));
                    }
                    for variant in &lesson.also {
                        let also_config = lessons::variant_config(&config, variant).map_err(|e| format!("{}: {e}", lesson.id))?;
                        others.push(("also", variant.clone(), trained_to(&also_config, at, check, args.threads)?));
                    }
                    if let Some(rerun) = &lesson.rerun {
                        let mut rerun_config = rerun.config.clone();
                        for (path, value) in sets.iter().chain(point) {
                            set(&mut rerun_config, path, value.clone());
                        }
                        rerun_config["train"]["seed"] = json!(seed);
                        others.push(("rerun", format!("at {}", rerun.train_to), trained_to(&rerun_config, rerun.train_to, &rerun.check, args.threads)?));
                        others.push(("rerun check, lesson's run", format!("at {}", rerun.train_to), trained_to(&config, rerun.train_to, &rerun.check, args.threads)?));
                    }
                }
                print(&args, lesson, point, seed, &seen, &others);
            }
        }
    }
    Ok(())
}

/// Where a watched run first showed its check `RUNNING` evaluations in a row.
struct Seen {
    step: Option<u64>,
    /// Training seconds (evaluations left out, as the page evaluates in another worker) to that step.
    seconds: f64,
    last_step: u64,
    steps_per_second: f64,
    outcome: Outcome,
}

fn watch(config: &Value, check: &Check, every: u64, max_steps: u64, threads: usize, trace: Option<&str>) -> CliResult<Seen> {
    let mut run = Run::new(config).map_err(|e| e.to_string())?;
    let (mut training, mut running, mut first) = (Duration::ZERO, 0, None);
    loop {
        let started = Instant::now();
        for _ in 0..every {
            run.step_with(|trainer| threads::step(trainer, threads));
        }
        training += started.elapsed();
        let outcome = run.evaluate(check).map_err(|e| e.to_string())?;
        running = if outcome.holds { running + 1 } else { 0 };
        let step = run.steps();
        if let Some(id) = trace {
            println!("{id} step {step}: {} {}", if outcome.holds { "holds" } else { "does not hold" }, figures(&outcome));
        }
        if running >= RUNNING && first.is_none() {
            first = Some((step, training.as_secs_f64(), outcome.clone()));
        }
        if (first.is_some() && trace.is_none()) || step >= max_steps {
            let steps_per_second = step as f64 / training.as_secs_f64();
            return Ok(match first {
                Some((step, seconds, outcome)) => Seen { step: Some(step), seconds, last_step: step, steps_per_second, outcome },
                None => Seen { step: None, seconds: training.as_secs_f64(), last_step: step, steps_per_second, outcome },
            });
        }
    }
}

fn trained_to(config: &Value, steps: u64, check: &Check, threads: usize) -> CliResult<Outcome> {
    let mut run = Run::new(config).map_err(|e| e.to_string())?;
    for _ in 0..steps {
        run.step_with(|trainer| threads::step(trainer, threads));
    }
    run.evaluate(check).map_err(|e| e.to_string())
}

fn print(args: &LessonsArgs, lesson: &Lesson, point: &[(String, Value)], seed: u64, seen: &Seen, others: &[(&str, String, Outcome)]) {
    let settings: serde_json::Map<String, Value> = point.iter().cloned().collect();
    if args.json {
        let others: Vec<Value> = others.iter().map(|(role, name, outcome)| json!({"role": role, "name": name, "holds": outcome.holds, "measured": outcome.measured})).collect();
        let line = json!({
            "lesson": lesson.id, "settings": settings, "seed": seed, "seen_step": seen.step, "seen_seconds": seen.step.map(|_| seen.seconds),
            "steps_per_second": seen.steps_per_second, "measured": seen.outcome.measured, "others": others,
        });
        println!("{line}");
        return;
    }
    let when = match seen.step {
        Some(step) => format!("seen at step {step} ({:.1} s training, {:.0} steps/s)", seen.seconds, seen.steps_per_second),
        None => format!("not seen by step {} ({:.0} steps/s)", seen.last_step, seen.steps_per_second),
    };
    let settings = if settings.is_empty() { String::new() } else { format!(" {}", Value::Object(settings)) };
    println!("{}{settings} seed {seed}: {when}; {}", lesson.id, figures(&seen.outcome));
    for (role, name, outcome) in others {
        println!("    {role} {name}: {} {}", if outcome.holds { "holds" } else { "does not hold" }, figures(outcome));
    }
}

fn figures(outcome: &Outcome) -> String {
    let values: Vec<String> = outcome.measured.iter().map(|m| format!("{} {}", m.check, m.value.map_or("none".into(), significant))).collect();
    values.join(", ")
}

/// `path=json` (a bare word is a string).
fn setting(text: &str) -> CliResult<(String, Value)> {
    let (path, value) = text.split_once('=').ok_or_else(|| format!("a setting is path=value, e.g. train.optimizer.lr=0.01; got {text:?}"))?;
    Ok((path.to_string(), serde_json::from_str(value).unwrap_or_else(|_| Value::from(value))))
}

/// Every combination of the `path=v1,v2` sweeps (one empty point without any).
fn grid(sweeps: &[String]) -> CliResult<Vec<Vec<(String, Value)>>> {
    let mut points = vec![Vec::new()];
    for sweep in sweeps {
        let (path, values) = sweep.split_once('=').ok_or_else(|| format!("a sweep is path=v1,v2,...; got {sweep:?}"))?;
        let values: Vec<(String, Value)> = values.split(',').map(|v| setting(&format!("{path}={v}"))).collect::<CliResult<_>>()?;
        points = points.iter().flat_map(|point| values.iter().map(move |value| [point.clone(), vec![value.clone()]].concat())).collect();
    }
    Ok(points)
}

/// Sets the dotted `path` of `config` to `value`, making objects on the way.
fn set(config: &mut Value, path: &str, value: Value) {
    let target = path.split('.').fold(config, |node, key| &mut node[key]);
    *target = value;
}

/// Four significant digits, in scientific notation when small or large: 0.8417, 3.2e-7, 1.7e10.
fn significant(value: f32) -> String {
    if value == 0.0 || (0.01..10_000.0).contains(&value.abs()) {
        format!("{value:.4}")
    } else {
        format!("{value:.3e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweeps_make_the_grid_of_their_values_and_settings_reach_into_the_config() {
        let points = grid(&["train.optimizer.lr=0.01,0.02".into(), "model.cell=gru,lstm".into()]).unwrap();
        let printed: Vec<String> = points.iter().map(|p| p.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(" ")).collect();
        assert_eq!(printed, [
            "train.optimizer.lr=0.01 model.cell=\"gru\"",
            "train.optimizer.lr=0.01 model.cell=\"lstm\"",
            "train.optimizer.lr=0.02 model.cell=\"gru\"",
            "train.optimizer.lr=0.02 model.cell=\"lstm\"",
        ]);
        assert_eq!(grid(&[]).unwrap(), vec![Vec::new()], "no sweep: one run with the lesson's own settings");
        let mut config = json!({"train": {"optimizer": {"kind": "adam", "lr": 0.003}}});
        let (path, value) = setting("train.optimizer.lr=0.01").unwrap();
        set(&mut config, &path, value);
        let (path, value) = setting("model.recurrent_scale=null").unwrap();
        set(&mut config, &path, value);
        assert_eq!(config, json!({"train": {"optimizer": {"kind": "adam", "lr": 0.01}}, "model": {"recurrent_scale": null}}));
        assert!(setting("lr").is_err() && grid(&["lr".into()]).is_err());
    }

    #[test]
    fn the_lessons_are_the_pages_in_its_order() {
        let index = include_str!("../../../www/src/lessons/data.ts");
        let page = index.split("export const lessons = [").nth(1).and_then(|rest| rest.split(']').next()).expect("data.ts lists the lessons");
        let ids: Vec<&str> = LESSONS.iter().map(|(id, _)| *id).collect();
        assert_eq!(ids.join(", "), page.trim(), "www/src/lessons/data.ts lists the lessons this command embeds");
    }
}
