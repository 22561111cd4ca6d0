//! `cargo xtask measure`: the long and timed measurements that `cargo xtask test` leaves out (the
//! Playwright tests tagged @measure, see tests/measure.ts): each lesson's seconds to "Seen" from a
//! fresh landing page, the default's seconds to "is", the page's chars/s beside the wasm benchmark,
//! the time to interactive, the answers' latency, 10,000 steps, the full hostile-link sweep, and the
//! quick lessons' seconds in Firefox and WebKit. Each figure is the median of `--runs` runs (3).
//!
//! Output: one human line a figure, `measure subject (runtime): value unit, runs a, b, c; detail`;
//! with `--json`, one JSON object a line instead, with `measure`, `subject`, `runtime`, `unit`,
//! `value` (the median), `runs` and, when there is one, `detail`.

use std::path::Path;
use std::process::Command;

use crate::toolchain;
use crate::{build, run, Failure, Result};

/// Where the measurement tests append their JSON lines (under target/, ignored).
const OUT: &str = "target/measure.jsonl";

pub struct Options {
    pub json: bool,
    pub runs: u32,
    pub grep: Option<String>,
    pub engines: bool,
}

pub fn run_all(options: &Options) -> Result<()> {
    toolchain::ensure_wasm_target()?;
    toolchain::ensure_wasm_bindgen()?;
    toolchain::ensure_npm_packages()?;
    toolchain::ensure_chromium()?;
    if options.engines {
        toolchain::ensure_other_engines()?;
    }
    build::build_wasm_and_page()?;
    let out = std::env::current_dir()
        .map_err(|e| Failure::new(format!("no current directory: {e}")))?
        .join(OUT);
    if out.exists() {
        std::fs::remove_file(&out).map_err(|e| Failure::new(format!("cannot remove {OUT}: {e}")))?;
    }
    let mut configs = vec!["../tests/playwright.config.ts"];
    if options.engines {
        configs.push("../tests/engines/playwright.config.ts");
    }
    // every config runs even when one fails: the figures gathered are printed, then the failure
    let mut failure = None;
    for config in configs {
        let mut cmd = Command::new("npx");
        cmd.args(["playwright", "test", "--config", config])
            .current_dir("www")
            .env("MEASURE", "1")
            .env("MEASURE_RUNS", options.runs.to_string())
            .env("MEASURE_OUT", &out);
        if let Some(pattern) = &options.grep {
            // a pattern may pick tests of one config only; none picked at all says so below
            cmd.args(["--grep", pattern, "--pass-with-no-tests"]);
        }
        if let Err(error) = run(&mut cmd) {
            failure.get_or_insert(error);
        }
    }
    print_figures(&out, options.json)?;
    failure.map_or(Ok(()), Err)
}

fn print_figures(out: &Path, json: bool) -> Result<()> {
    let text = std::fs::read_to_string(out).unwrap_or_default();
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|line| !line.is_empty()).collect();
    if lines.is_empty() {
        return Err(Failure::new(format!("no measurement wrote a figure to {OUT}")));
    }
    if !json {
        println!("\nmeasurements (median of each run's figure):");
    }
    for line in lines {
        if json {
            println!("{line}");
        } else {
            println!("{}", human(line).ok_or_else(|| Failure::new(format!("a figure lacks a field: {line}")))?);
        }
    }
    Ok(())
}

/// `measure subject (runtime): value unit, runs a, b, c; detail`
fn human(line: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(line).ok()?;
    let text = |key: &str| value[key].as_str().map(str::to_owned);
    let runs: Vec<String> = value["runs"].as_array()?.iter().map(|run| run.to_string()).collect();
    let detail = text("detail").map(|detail| format!("; {detail}")).unwrap_or_default();
    Some(format!(
        "{} {} ({}): {} {}, runs {}{detail}",
        text("measure")?,
        text("subject")?,
        text("runtime")?,
        value["value"].as_f64()?,
        text("unit")?,
        runs.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::human;

    #[test]
    fn a_figure_reads_as_one_line_with_its_median_and_runs() {
        let line = r#"{"measure":"lesson_seen","subject":"writer","runtime":"chromium","unit":"s","runs":[40.1,38,52.5],"detail":"seen at steps 900, 880, 1010","value":40.1}"#;
        assert_eq!(
            human(line).as_deref(),
            Some("lesson_seen writer (chromium): 40.1 s, runs 40.1, 38, 52.5; seen at steps 900, 880, 1010")
        );
        assert_eq!(human(r#"{"measure":"x","runs":[1]}"#), None);
    }
}
