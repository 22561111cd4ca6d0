//! `cargo xtask bench`: chars/sec of the reference workload (V=48 one-hot, B=32, T=64, Adam,
//! norm clip 5, 1 layer) for each cell and hidden size, natively (the CLI) and in wasm (Node).

use std::process::Command;

use crate::toolchain;
use crate::{build, stdout_of, Failure, Result};

/// One cell of the grid in one runtime.
struct Measurement {
    cell: String,
    hidden: u32,
    chars_per_sec: f64,
}

pub fn run(json_lines: bool, quick: bool) -> Result<()> {
    toolchain::ensure_wasm_target()?;
    toolchain::ensure_wasm_bindgen()?;
    build::build_wasm()?;
    let quick_flag = quick.then_some("--quick");
    let native = result_lines(
        Command::new("cargo")
            .args(["run", "--release", "-p", "rnn-cli", "--", "bench", "--json"])
            .args(["--seconds", if quick { "0.3" } else { "2" }]),
        "native bench (`rnn bench --json`)",
    )?;
    let wasm = result_lines(
        Command::new("node")
            .args(["xtask/bench-wasm.mjs", "--json"])
            .args(quick_flag),
        "xtask/bench-wasm.mjs",
    )?;
    if json_lines {
        for line in native.iter().chain(&wasm) {
            println!("{line}");
        }
        return Ok(());
    }
    let native = parse_all(&native, "native")?;
    let wasm = parse_all(&wasm, "wasm")?;
    println!(
        "{:<5} {:>6} {:>16} {:>16} {:>12}",
        "cell", "hidden", "native chars/s", "wasm chars/s", "wasm/native"
    );
    for measured in &native {
        let in_wasm = wasm
            .iter()
            .find(|other| other.cell == measured.cell && other.hidden == measured.hidden);
        let (wasm_rate, ratio) = match in_wasm {
            Some(other) => (
                format!("{:.0}", other.chars_per_sec),
                format!("{:.2}", other.chars_per_sec / measured.chars_per_sec),
            ),
            None => ("-".into(), "-".into()),
        };
        println!(
            "{:<5} {:>6} {:>16.0} {:>16} {:>12}",
            measured.cell, measured.hidden, measured.chars_per_sec, wasm_rate, ratio
        );
    }
    Ok(())
}

/// The JSON result lines (those naming a "cell") that `cmd` prints.
fn result_lines(cmd: &mut Command, program: &str) -> Result<Vec<String>> {
    let stdout = stdout_of(cmd)?;
    let lines: Vec<String> = stdout
        .lines()
        .map(str::trim)
        .filter(|line| line.starts_with('{') && line.contains("\"cell\""))
        .map(str::to_owned)
        .collect();
    if lines.is_empty() {
        return Err(Failure::new(format!(
            "{program} printed no JSON result lines with a \"cell\""
        )));
    }
    Ok(lines)
}

fn parse_all(lines: &[String], runtime: &str) -> Result<Vec<Measurement>> {
    lines.iter().map(|line| parse(line).ok_or_else(|| Failure::new(format!("a {runtime} bench line lacks \"cell\", \"hidden\" or \"chars_per_sec\": {line}")))).collect()
}

fn parse(line: &str) -> Option<Measurement> {
    let value: serde_json::Value = serde_json::from_str(line).ok()?;
    Some(Measurement {
        cell: value["cell"].as_str()?.to_owned(),
        hidden: u32::try_from(value["hidden"].as_u64()?).ok()?,
        chars_per_sec: value["chars_per_sec"].as_f64()?,
    })
}
