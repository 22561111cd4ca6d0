//! `cargo xtask bench`: chars/sec of the reference workload (V=48 one-hot, B=32, T=64, Adam,
//! norm clip 5, 1 layer, 4 shards) for each cell and hidden size: natively (the CLI) on one and two
//! threads, in wasm in Node on one, and in headless Chromium (the page's engine, training worker and
//! shard workers) on one and two workers, and in Debian's Firefox ESR and WebKitGTK on one. `--json`
//! prints one object a line with `cell`, `hidden`, `runtime` ("native", "wasm", "chromium",
//! "firefox", "webkit"), `threads` and `chars_per_sec`. Beside each it measures the
//! ceiling, `{"ceiling": runtime, cell, hidden, threads, gflops_per_thread, chars_per_sec_at_most}`:
//! the most multiplies and adds a second the products' lanes do on this core (nothing fused), over
//! the step's flops, times the threads; what the products alone would allow (`kernels::peak`).

use std::process::Command;

use crate::toolchain;
use crate::{build, stdout_of, Failure, Result};

/// One cell of the grid in one runtime at one thread count.
struct Measurement {
    cell: String,
    hidden: u32,
    runtime: String,
    threads: u32,
    chars_per_sec: f64,
}

pub fn run(json_lines: bool, quick: bool) -> Result<()> {
    toolchain::ensure_wasm_target()?;
    toolchain::ensure_wasm_bindgen()?;
    toolchain::ensure_npm_packages()?;
    toolchain::ensure_chromium()?;
    toolchain::ensure_other_engines()?;
    build::build_wasm_and_page()?;
    let quick_flag = quick.then_some("--quick");
    let native = result_lines(
        Command::new("cargo")
            .args(["run", "--release", "-p", "rnn-cli", "--", "bench", "--json", "--threads", "1,2"])
            .args(["--seconds", if quick { "0.3" } else { "2" }]),
        "native bench (`rnn bench --json`)",
    )?;
    let native_ceiling = result_lines(
        Command::new("cargo").args(["run", "--release", "-p", "rnn-cli", "--", "bench", "--json", "--threads", "1,2", "--peak"]),
        "native ceiling (`rnn bench --peak --json`)",
    )?;
    let wasm = result_lines(Command::new("node").args(["xtask/bench-wasm.mjs", "--json"]).args(quick_flag), "xtask/bench-wasm.mjs")?;
    let chromium = result_lines(
        Command::new("node").args(["xtask/bench-chromium.mjs", "--json"]).args(quick_flag),
        "xtask/bench-chromium.mjs",
    )?;
    let engines = result_lines(
        Command::new("node").args(["xtask/bench-engines.mjs", "--json"]).args(quick_flag),
        "xtask/bench-engines.mjs",
    )?;
    let all: Vec<&String> = native.iter().chain(&native_ceiling).chain(&wasm).chain(&chromium).chain(&engines).collect();
    if json_lines {
        for line in all {
            println!("{line}");
        }
        return Ok(());
    }
    let parsed: Vec<(bool, Measurement)> = all.iter().map(|line| parse(line).ok_or_else(|| Failure::new(format!("a bench line lacks a field: {line}")))).collect::<Result<_>>()?;
    let (ceilings, measured): (Vec<_>, Vec<_>) = parsed.into_iter().partition(|(ceiling, _)| *ceiling);
    let measured: Vec<Measurement> = measured.into_iter().map(|(_, m)| m).collect();
    let ceilings: Vec<Measurement> = ceilings.into_iter().map(|(_, m)| m).collect();
    let columns = [("native", 1), ("native", 2), ("wasm", 1), ("chromium", 1), ("chromium", 2), ("firefox", 1), ("webkit", 1)];
    print!("{:<5} {:>6}", "cell", "hidden");
    for (runtime, threads) in columns {
        print!(" {:>12}", format!("{runtime}×{threads}"));
    }
    println!("   chars/sec; runtime×threads (workers in Chromium)");
    for row in measured.iter().filter(|m| m.runtime == "native" && m.threads == 1) {
        print!("{:<5} {:>6}", row.cell, row.hidden);
        for (runtime, threads) in columns {
            let found = measured.iter().find(|m| m.cell == row.cell && m.hidden == row.hidden && m.runtime == runtime && m.threads == threads);
            print!(" {:>12}", found.map_or("-".into(), |m| format!("{:.0}", m.chars_per_sec)));
        }
        println!();
        print!("{:<5} {:>6}", "", "≤");
        for (runtime, threads) in columns {
            let found = ceilings.iter().find(|m| m.cell == row.cell && m.hidden == row.hidden && m.runtime == runtime && m.threads == threads);
            print!(" {:>12}", found.map_or("-".into(), |m| format!("{:.0}", m.chars_per_sec)));
        }
        println!();
    }
    println!("≤: the ceiling, what the products alone would allow at this core's most multiplies and adds a second (never fused)");
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

/// A measurement (false) or a ceiling (true), whose `chars_per_sec` is then the most allowed.
fn parse(line: &str) -> Option<(bool, Measurement)> {
    let value: serde_json::Value = serde_json::from_str(line).ok()?;
    let ceiling = value.get("ceiling").is_some();
    let (runtime, chars) = if ceiling { ("ceiling", "chars_per_sec_at_most") } else { ("runtime", "chars_per_sec") };
    Some((ceiling, Measurement {
        cell: value["cell"].as_str()?.to_owned(),
        hidden: u32::try_from(value["hidden"].as_u64()?).ok()?,
        runtime: value[runtime].as_str()?.to_owned(),
        threads: u32::try_from(value["threads"].as_u64().unwrap_or(1)).ok()?,
        chars_per_sec: value[chars].as_f64()?,
    }))
}
