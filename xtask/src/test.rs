//! `cargo xtask test`: every test stage in order, stopping on the first failure.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::toolchain::{self, WASM_TARGET};
use crate::{build, json, run, stdout_of, Failure, Result};

/// The configs that native and wasm both train in the determinism stage: a next-character run, and
/// a bidirectional, densely connected tagging run.
const DETERMINISM_CONFIGS: [&str; 2] = ["examples/determinism.json", "examples/determinism-bidirectional.json"];

enum Outcome {
    Passed,
    Skipped(String),
}

type Stage = (&'static str, fn() -> Result<Outcome>);

const STAGES: [Stage; 6] = [
    ("native tests (cargo test --workspace)", native_tests),
    ("rnn-core builds no_std for wasm32", core_builds_without_std),
    ("wasm binding tests in Node", wasm_binding_tests),
    (
        "cross-runtime determinism: native CLI vs wasm in Node",
        determinism,
    ),
    ("page unit tests (npm test)", page_unit_tests),
    ("browser tests (npm run test:e2e)", browser_tests),
];

pub fn run_all() -> Result<()> {
    let toolchain = toolchain::ensure_wasm_target()
        .and_then(|()| toolchain::ensure_wasm_bindgen())
        .and_then(|()| toolchain::ensure_npm_packages())
        .and_then(|()| toolchain::ensure_chromium());
    if let Err(failure) = toolchain {
        println!("installing the toolchain FAILED: {}", failure.message);
        return summary(0, Some(failure));
    }
    let mut passed = 0;
    for (number, (name, stage)) in (1..).zip(STAGES) {
        println!("\n==> stage {number}/{}: {name}", STAGES.len());
        let started = Instant::now();
        let outcome = stage();
        let seconds = started.elapsed().as_secs_f64();
        match outcome {
            Ok(Outcome::Passed) => {
                passed += 1;
                println!("--> stage {number} passed ({seconds:.0} s)");
            }
            Ok(Outcome::Skipped(reason)) => println!("--> stage {number} skipped: {reason}"),
            Err(failure) => {
                println!(
                    "--> stage {number} FAILED ({seconds:.0} s): {}",
                    failure.message
                );
                return summary(passed, Some(failure));
            }
        }
    }
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

fn native_tests() -> Result<Outcome> {
    run(Command::new("cargo").args(["test", "--workspace"]))?;
    Ok(Outcome::Passed)
}

/// Keeps `no_std` true rather than claimed: the core must build without its std feature.
fn core_builds_without_std() -> Result<Outcome> {
    run(Command::new("cargo").args([
        "build",
        "-p",
        "rnn-core",
        "--no-default-features",
        "--target",
        WASM_TARGET,
    ]))?;
    Ok(Outcome::Passed)
}

fn wasm_binding_tests() -> Result<Outcome> {
    let manifest = std::fs::read_to_string("crates/rnn-wasm/Cargo.toml").map_err(|error| {
        Failure::new(format!("cannot read crates/rnn-wasm/Cargo.toml: {error}"))
    })?;
    if !has_dev_dependency(&manifest, "wasm-bindgen-test") {
        return Ok(Outcome::Skipped(
            "crates/rnn-wasm has no wasm-bindgen-test dev-dependency".into(),
        ));
    }
    run(Command::new("cargo")
        .args(["test", "-p", "rnn-wasm", "--target", WASM_TARGET])
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        ))?;
    Ok(Outcome::Passed)
}

/// The same config trained natively (CLI) and in wasm (Node) must give bit-identical losses and weights.
fn determinism() -> Result<Outcome> {
    build::build_wasm_and_page()?;
    for config in DETERMINISM_CONFIGS {
        determinism_of(config)?;
    }
    Ok(Outcome::Passed)
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

fn page_unit_tests() -> Result<Outcome> {
    npm_script("test", "Vitest unit tests")
}

/// Runs after the determinism stage, which built www/pkg and www/dist.
fn browser_tests() -> Result<Outcome> {
    npm_script("test:e2e", "Playwright browser tests")
}

fn npm_script(script: &str, what: &str) -> Result<Outcome> {
    let www = Path::new("www");
    if !www.join("package.json").is_file() {
        return Err(Failure::new(format!(
            "www/package.json not found: the page's {what} are not written yet"
        )));
    }
    if toolchain::package_json_field(www, &format!("scripts.{script}"))?.is_empty() {
        return Ok(Outcome::Skipped(format!(
            "www/package.json has no \"{script}\" script"
        )));
    }
    run(Command::new("npm").args(["run", script]).current_dir(www))?;
    Ok(Outcome::Passed)
}

// ---------------------------------------------------------------- helpers

/// Whether a Cargo.toml lists `package` under [dev-dependencies] (plain, dotted or target-specific).
fn has_dev_dependency(manifest: &str, package: &str) -> bool {
    let mut in_dev_dependencies = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            let header = line.trim_matches(['[', ']']);
            if header.ends_with(&format!("dev-dependencies.{package}")) {
                return true;
            }
            in_dev_dependencies = header.ends_with("dev-dependencies");
        } else if in_dev_dependencies {
            let key = line
                .split(['=', '.'])
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches('"');
            if key == package {
                return true;
            }
        }
    }
    false
}

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
        let fingerprint = json::field(line, "fingerprint").ok_or_else(|| {
            Failure::new(format!(
                "the {runtime} run's last line has no \"fingerprint\": {line}"
            ))
        })?;
        let losses = json::field(line, "losses")
            .and_then(json::f32_bits_array)
            .ok_or_else(|| {
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
    fn finds_dev_dependencies_in_every_spelling() {
        assert!(has_dev_dependency(
            "[dev-dependencies]\nwasm-bindgen-test = \"0.3\"\n",
            "wasm-bindgen-test"
        ));
        assert!(has_dev_dependency(
            "[dev-dependencies]\nwasm-bindgen-test.workspace = true\n",
            "wasm-bindgen-test"
        ));
        assert!(has_dev_dependency(
            "[dev-dependencies.wasm-bindgen-test]\nversion = \"0.3\"\n",
            "wasm-bindgen-test"
        ));
        let target = "[target.'cfg(target_arch = \"wasm32\")'.dev-dependencies]\nwasm-bindgen-test = \"0.3\"\n";
        assert!(has_dev_dependency(target, "wasm-bindgen-test"));
        assert!(!has_dev_dependency(
            "[dependencies]\nwasm-bindgen-test = \"0.3\"\n",
            "wasm-bindgen-test"
        ));
        assert!(!has_dev_dependency(
            "[dev-dependencies]\nwasm-bindgen = \"0.2\"\n",
            "wasm-bindgen-test"
        ));
    }

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
