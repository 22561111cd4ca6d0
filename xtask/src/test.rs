//! `cargo xtask test`: every test stage in order, stopping on the first failure. A stage that
//! cannot run (a missing script, a missing test harness) is a failure: a green run ran everything.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::toolchain::{self, WASM_TARGET};
use crate::{build, metadata, run, stdout_of, Failure, Result};

/// The configs that native and wasm both train in the determinism stage: a next-character run, and
/// a bidirectional, densely connected tagging run of four shards, which the CLI computes on three
/// threads and wasm on one.
const DETERMINISM_CONFIGS: [&str; 2] = ["examples/determinism.json", "examples/determinism-bidirectional.json"];

type Stage = (&'static str, fn() -> Result<()>);

const STAGES: [Stage; 8] = [
    ("native tests (cargo test --workspace)", native_tests),
    ("rnn-core builds no_std for wasm32", core_builds_without_std),
    ("wasm binding tests in Node", wasm_binding_tests),
    (
        "cross-runtime determinism: native CLI vs wasm in Node",
        determinism,
    ),
    ("memory estimate against wasm memory growth in Node", memory_in_wasm),
    ("page unit tests (npm test)", page_unit_tests),
    ("browser tests (npm run test:e2e)", browser_tests),
    ("Firefox and WebKit tests (npm run test:engines)", engine_tests),
];

pub fn run_all() -> Result<()> {
    let toolchain = toolchain::ensure_wasm_target()
        .and_then(|()| toolchain::ensure_wasm_bindgen())
        .and_then(|()| toolchain::ensure_npm_packages())
        .and_then(|()| toolchain::ensure_chromium())
        .and_then(|()| toolchain::ensure_other_engines());
    if let Err(failure) = toolchain {
        println!("installing the toolchain FAILED: {}", failure.message);
        return summary(0, Some(failure));
    }
    let mut passed = 0;
    let mut times = Vec::new();
    let run_started = Instant::now();
    for (number, (name, stage)) in (1..).zip(STAGES) {
        println!("\n==> stage {number}/{}: {name}", STAGES.len());
        let started = Instant::now();
        let outcome = stage();
        let seconds = started.elapsed().as_secs_f64();
        match outcome {
            Ok(()) => {
                passed += 1;
                times.push(format!("{number} {seconds:.0} s"));
                println!("--> stage {number} passed ({seconds:.0} s)");
            }
            Err(failure) => {
                println!(
                    "--> stage {number} FAILED ({seconds:.0} s): {}",
                    failure.message
                );
                return summary(passed, Some(failure));
            }
        }
    }
    // the suite's budget is minutes on a 2-core machine: each stage's share, for the closing notes
    println!("\nstage times: {}; in all {:.0} s", times.join(", "), run_started.elapsed().as_secs_f64());
    summary(passed, None)
}

/// The closing count line, the last line of the run. On failure the exit code passes on and the
/// message stays empty: it was printed above.
fn summary(passed: u32, failure: Option<Failure>) -> Result<()> {
    println!(
        "xtask: {passed} passed, {} failed",
        u32::from(failure.is_some())
    );
    match failure {
        None => Ok(()),
        Some(failure) => Err(Failure {
            code: failure.code,
            message: String::new(),
        }),
    }
}

// ---------------------------------------------------------------- stages

fn native_tests() -> Result<()> {
    run(Command::new("cargo").args(["test", "--workspace"]))
}

/// Keeps `no_std` true rather than claimed: the core must build without its std feature.
fn core_builds_without_std() -> Result<()> {
    run(Command::new("cargo").args([
        "build",
        "-p",
        "rnn-core",
        "--no-default-features",
        "--target",
        WASM_TARGET,
    ]))
}

fn wasm_binding_tests() -> Result<()> {
    if !metadata::has_dev_dependency(&metadata::cargo_metadata()?, "rnn-wasm", "wasm-bindgen-test") {
        return Err(Failure::new(
            "crates/rnn-wasm has no wasm-bindgen-test dev-dependency, so its tests cannot run in Node",
        ));
    }
    run(Command::new("cargo")
        .args(["test", "-p", "rnn-wasm", "--target", WASM_TARGET])
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        ))
}

/// The same config trained natively (CLI) and in wasm (Node) must give bit-identical losses and weights.
fn determinism() -> Result<()> {
    build::build_wasm_and_page()?;
    for config in DETERMINISM_CONFIGS {
        determinism_of(config)?;
    }
    Ok(())
}

fn determinism_of(config: &str) -> Result<()> {
    if !Path::new(config).is_file() {
        return Err(Failure::new(format!("{config} not found: it holds a config both runtimes train")));
    }
    // where the two runtimes save the model they trained (under target/, ignored)
    let stem = Path::new(config).file_stem().and_then(|s| s.to_str()).unwrap_or("determinism");
    let (native_model, wasm_model) = (format!("target/{stem}-native.safetensors"), format!("target/{stem}-wasm.safetensors"));
    let native = stdout_of(Command::new("cargo").args([
        "run",
        "--release",
        "-p",
        "rnn-cli",
        "--",
        "train",
        "--config",
        config,
        "--json",
        "--threads",
        "3",
        "--out",
        &native_model,
    ]))?;
    let wasm = stdout_of(Command::new("node").args(["xtask/determinism.mjs", config, &wasm_model]))?;
    let native = last_line(&native, "rnn train")?;
    let wasm = last_line(&wasm, "xtask/determinism.mjs")?;
    let native_run = TrainingRun::parse(native, "native")?;
    let wasm_run = TrainingRun::parse(wasm, "wasm")?;
    if let Some(difference) = native_run.difference(&wasm_run) {
        return Err(Failure::new(format!(
            "native and wasm training of {config} differ: {difference}\nnative: {native}\nwasm:   {wasm}"
        )));
    }
    // the saved files too: the page's Download and `rnn train --out` of the same run are one file
    let read = |path: &str| std::fs::read(path).map_err(|e| Failure::new(format!("cannot read {path}: {e}")));
    let (native_file, wasm_file) = (read(&native_model)?, read(&wasm_model)?);
    if native_file != wasm_file {
        let at = native_file.iter().zip(&wasm_file).position(|(a, b)| a != b).unwrap_or(native_file.len().min(wasm_file.len()));
        return Err(Failure::new(format!(
            "native and wasm model files differ ({} and {} bytes, first at byte {at}): {native_model}, {wasm_model}",
            native_file.len(),
            wasm_file.len()
        )));
    }
    println!(
        "determinism of {config}: {} steps, fingerprint {} and the {}-byte model file the same in both runtimes",
        native_run.losses.len(),
        format_args!("{:0>16}", native_run.fingerprint), // as the CLI and the page print it
        native_file.len()
    );
    Ok(())
}

/// The page's worker holds its trainer in wasm memory: the estimate must cover that too (after the
/// determinism stage, which built www/pkg).
fn memory_in_wasm() -> Result<()> {
    run(Command::new("node").arg("xtask/memory-wasm.mjs"))
}

fn page_unit_tests() -> Result<()> {
    npm_script("test", "Vitest unit tests")
}

/// Runs after the determinism stage, which built www/pkg and www/dist.
fn browser_tests() -> Result<()> {
    npm_script("test:e2e", "Playwright browser tests")
}

/// Runs after the browser tests, which built www/dist; www/pkg is the determinism stage's.
fn engine_tests() -> Result<()> {
    npm_script("test:engines", "Firefox and WebKit tests")
}

fn npm_script(script: &str, what: &str) -> Result<()> {
    let www = Path::new("www");
    if !www.join("package.json").is_file() {
        return Err(Failure::new(format!(
            "www/package.json not found: the page's {what} are not written yet"
        )));
    }
    if metadata::package_json_field(www, &format!("scripts.{script}"))?.is_empty() {
        return Err(Failure::new(format!(
            "www/package.json has no \"{script}\" script, so the page's {what} cannot run"
        )));
    }
    run(Command::new("npm").args(["run", script]).current_dir(www))
}

// ---------------------------------------------------------------- helpers

fn last_line<'a>(stdout: &'a str, program: &str) -> Result<&'a str> {
    stdout
        .lines()
        .map(str::trim)
        .rfind(|line| !line.is_empty())
        .ok_or_else(|| Failure::new(format!("`{program}` printed nothing")))
}

/// The last JSON line of a training run: the weights' fingerprint and the loss of every step.
struct TrainingRun {
    fingerprint: String,
    losses: Vec<Option<u32>>,
}

impl TrainingRun {
    fn parse(line: &str, runtime: &str) -> Result<TrainingRun> {
        let value: serde_json::Value = serde_json::from_str(line)
            .map_err(|e| Failure::new(format!("the {runtime} run's last line is not JSON ({e}): {line}")))?;
        let fingerprint = value["fingerprint"].as_str().ok_or_else(|| {
            Failure::new(format!(
                "the {runtime} run's last line has no \"fingerprint\": {line}"
            ))
        })?;
        let losses = metadata::f32_bits_array(&value["losses"]).ok_or_else(|| {
            Failure::new(format!(
                "the {runtime} run's last line has no \"losses\" array of numbers: {line}"
            ))
        })?;
        let fingerprint = fingerprint
            .trim_start_matches("0x")
            .trim_start_matches('0')
            .to_ascii_lowercase();
        Ok(TrainingRun {
            fingerprint,
            losses,
        })
    }

    fn difference(&self, other: &TrainingRun) -> Option<String> {
        if self.losses.len() != other.losses.len() {
            return Some(format!(
                "{} losses vs {}",
                self.losses.len(),
                other.losses.len()
            ));
        }
        if let Some(index) = self
            .losses
            .iter()
            .zip(&other.losses)
            .position(|(a, b)| a != b)
        {
            return Some(format!("losses first differ at index {index}"));
        }
        (self.fingerprint != other.fingerprint).then(|| {
            format!(
                "same losses but fingerprints {} vs {}",
                self.fingerprint, other.fingerprint
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_runs_by_loss_bits_then_fingerprint() {
        let native =
            TrainingRun::parse(r#"{"fingerprint":"00ab","losses":[3.87,2.5]}"#, "native").unwrap();
        let same = TrainingRun::parse(
            r#"{"losses":[3.869999885559082,2.5],"fingerprint":"AB"}"#,
            "wasm",
        )
        .unwrap();
        assert_eq!(native.difference(&same), None);
        let drifted =
            TrainingRun::parse(r#"{"fingerprint":"ab","losses":[3.87,2.5000002]}"#, "wasm")
                .unwrap();
        assert_eq!(
            native.difference(&drifted).as_deref(),
            Some("losses first differ at index 1")
        );
        let other_weights =
            TrainingRun::parse(r#"{"fingerprint":"ac","losses":[3.87,2.5]}"#, "wasm").unwrap();
        assert!(native
            .difference(&other_weights)
            .unwrap()
            .contains("fingerprints"));
    }
}
