//! `cargo xtask`: the project's own build, serve, test and bench commands.
//!
//! Every command first installs what it needs and is missing (see `toolchain.rs`), so a fresh
//! machine and CI run the same steps as a developer's machine.

mod bench;
mod build;
mod measure;
mod metadata;
mod serve;
mod test;
mod toolchain;

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  build                     install missing tools, build the wasm bindings (www/pkg) and the page
                            (www/dist), and check the gzipped size budgets
  serve [--port N]          build, then serve www/dist on http://127.0.0.1:N (default 8080)
  test                      install missing tools, then run every test stage in order,
                            stopping on the first failure; behaviour only, with margins a busy
                            machine keeps (the timed figures are `measure`'s)
  measure [--json] [--runs N] [--grep PATTERN] [--no-engines]
                            the long and timed measurements (Playwright tests tagged @measure),
                            each the median of N runs (default 3): each lesson's seconds to
                            \"Seen\" from a fresh landing page, the default's seconds to \"is\",
                            the page's chars/s beside the wasm benchmark, time to interactive,
                            answer latency, 10,000 steps, all 100+ hostile links, and the quick
                            lessons in Firefox and WebKit. Prints one line a figure:
                            `measure subject (runtime): median unit, runs a, b, c; detail`, or with
                            --json one object a line {measure, subject, runtime, unit, value, runs,
                            detail?}. --grep picks tests by title; takes tens of minutes in all
  bench [--json] [--quick]  chars/sec of the reference workload for rnn, gru, lstm at hidden
                            64, 128, 256: native on 1 and 2 threads, wasm in Node, and the
                            page's engine in headless Chromium on 1 and 2 workers
  help                      print this message
";

/// A parsed command line.
enum Task {
    Help,
    Build,
    Serve { port: u16 },
    Test,
    Bench { json: bool, quick: bool },
    Measure(measure::Options),
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let task = match parse(&args.iter().map(String::as_str).collect::<Vec<_>>()) {
        Ok(task) => task,
        Err(problem) => {
            eprint!("xtask: {problem}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if let Err(error) = std::env::set_current_dir(repo_root()) {
        eprintln!("xtask: cannot enter the repository root: {error}");
        return ExitCode::FAILURE;
    }
    add_cargo_bin_to_path();
    let result = match task {
        Task::Help => {
            print!("{USAGE}");
            Ok(())
        }
        Task::Build => build::build_all(),
        Task::Serve { port } => serve::build_and_serve(port),
        Task::Test => test::run_all(),
        Task::Bench { json, quick } => bench::run(json, quick),
        Task::Measure(options) => measure::run_all(&options),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            if !failure.message.is_empty() {
                eprintln!("xtask: {}", failure.message);
            }
            ExitCode::from(failure.exit_byte())
        }
    }
}

fn parse(args: &[&str]) -> std::result::Result<Task, String> {
    match args {
        [] => Err("no command given".into()),
        ["help" | "--help" | "-h", ..] => Ok(Task::Help),
        ["build"] => Ok(Task::Build),
        ["serve"] => Ok(Task::Serve { port: 8080 }),
        ["serve", "--port", port] => match port.parse() {
            Ok(port) if port > 0 => Ok(Task::Serve { port }),
            _ => Err(format!(
                "--port needs a number from 1 to 65535, got `{port}`"
            )),
        },
        ["test"] => Ok(Task::Test),
        ["bench", options @ ..] => {
            let (mut json, mut quick) = (false, false);
            for option in options {
                match *option {
                    "--json" => json = true,
                    "--quick" => quick = true,
                    other => return Err(format!("bench takes --json and --quick, got `{other}`")),
                }
            }
            Ok(Task::Bench { json, quick })
        }
        ["measure", options @ ..] => parse_measure(options),
        _ => Err(format!("unknown command line `{}`", args.join(" "))),
    }
}

fn parse_measure(args: &[&str]) -> std::result::Result<Task, String> {
    let mut options = measure::Options { json: false, runs: 3, grep: None, engines: true };
    let mut args = args.iter();
    while let Some(option) = args.next() {
        match *option {
            "--json" => options.json = true,
            "--no-engines" => options.engines = false,
            "--runs" => match args.next().and_then(|n| n.parse().ok()) {
                Some(runs) if runs > 0 => options.runs = runs,
                _ => return Err("--runs needs a number of runs, 1 or more".into()),
            },
            "--grep" => match args.next() {
                Some(pattern) => options.grep = Some((*pattern).to_owned()),
                None => return Err("--grep needs a pattern of test titles".into()),
            },
            other => return Err(format!("measure takes --json, --runs N, --grep PATTERN and --no-engines, got `{other}`")),
        }
    }
    Ok(Task::Measure(options))
}

/// The workspace root: xtask lives one folder below it.
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits inside the workspace")
        .to_path_buf()
}

/// `cargo install` puts binaries in $CARGO_HOME/bin; make them callable by name even when a
/// fresh shell has not put that folder on PATH yet.
fn add_cargo_bin_to_path() {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")));
    let Some(cargo_bin) = cargo_home.map(|home| home.join("bin")) else {
        return;
    };
    let path = std::env::var_os("PATH").unwrap_or_default();
    if std::env::split_paths(&path).any(|entry| entry == cargo_bin) {
        return;
    }
    let joined =
        std::env::join_paths(std::iter::once(cargo_bin).chain(std::env::split_paths(&path)));
    if let Ok(joined) = joined {
        // xtask is single-threaded here, before any child process starts
        std::env::set_var("PATH", joined);
    }
}

// ---------------------------------------------------------------- failures

pub type Result<T> = std::result::Result<T, Failure>;

/// Why a command stopped: the message for the user and the exit code xtask passes on.
#[derive(Debug)]
pub struct Failure {
    pub code: i32,
    pub message: String,
}

impl Failure {
    pub fn new(message: impl Into<String>) -> Failure {
        Failure {
            code: 1,
            message: message.into(),
        }
    }

    /// Exit codes outside 1..=255 (a signal, a negative code) become 1.
    fn exit_byte(&self) -> u8 {
        u8::try_from(self.code)
            .ok()
            .filter(|&code| code != 0)
            .unwrap_or(1)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

// ---------------------------------------------------------------- child processes

/// `cmd` as a user would type it, environment overrides first.
pub fn show(cmd: &Command) -> String {
    let env = cmd.get_envs().filter_map(|(key, value)| {
        Some(format!(
            "{}={}",
            key.to_string_lossy(),
            value?.to_string_lossy()
        ))
    });
    let words =
        std::iter::once(cmd.get_program().to_os_string()).chain(cmd.get_args().map(OsString::from));
    let words = words.map(|word| word.to_string_lossy().into_owned());
    let mut line: Vec<String> = env.chain(words).collect();
    if let Some(dir) = cmd.get_current_dir() {
        line.insert(0, format!("(cd {} &&", dir.display()));
        if let Some(last) = line.last_mut() {
            last.push(')');
        }
    }
    line.join(" ")
}

/// Runs `cmd` with the terminal's output and no input; a non-zero exit is a failure with that code.
pub fn run(cmd: &mut Command) -> Result<()> {
    eprintln!("$ {}", show(cmd));
    let status = cmd
        .stdin(Stdio::null())
        .status()
        .map_err(|error| cannot_start(cmd, &error))?;
    if status.success() {
        Ok(())
    } else {
        Err(Failure {
            code: status.code().unwrap_or(1),
            message: format!("`{}` failed ({status})", show(cmd)),
        })
    }
}

/// Runs `cmd` and returns its standard output; its standard error goes to the terminal.
pub fn stdout_of(cmd: &mut Command) -> Result<String> {
    eprintln!("$ {}", show(cmd));
    let output = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|error| cannot_start(cmd, &error))?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if output.status.success() {
        Ok(stdout)
    } else {
        print!("{stdout}");
        Err(Failure {
            code: output.status.code().unwrap_or(1),
            message: format!("`{}` failed ({})", show(cmd), output.status),
        })
    }
}

fn cannot_start(cmd: &Command, error: &std::io::Error) -> Failure {
    Failure::new(format!(
        "cannot start `{}`: {error}",
        cmd.get_program().to_string_lossy()
    ))
}

#[cfg(test)]
mod tests {
    use super::{parse, Task};

    #[test]
    fn measure_takes_its_options_and_refuses_others() {
        let Ok(Task::Measure(options)) = parse(&["measure", "--runs", "5", "--grep", "lesson", "--json", "--no-engines"]) else {
            panic!("measure with every option did not parse");
        };
        assert_eq!((options.runs, options.grep.as_deref(), options.json, options.engines), (5, Some("lesson"), true, false));
        let Ok(Task::Measure(defaults)) = parse(&["measure"]) else { panic!("measure alone did not parse") };
        assert_eq!((defaults.runs, defaults.engines), (3, true));
        assert!(parse(&["measure", "--runs", "0"]).is_err());
        assert!(parse(&["measure", "--quick"]).is_err());
    }
}
