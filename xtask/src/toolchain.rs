//! Installs what the build and the tests need, each step idempotent: skip what is there,
//! install what is missing, print one line either way.
//!
//! Only package registries are reachable on the project's machines, so nothing here downloads a
//! prebuilt binary: wasm-bindgen is built from crates.io, Chromium, Firefox and WebKit come from Debian.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::SystemTime;

use crate::{metadata, run, Failure, Result};

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CHROMIUM: &str = "/usr/bin/chromium";

pub fn ensure_wasm_target() -> Result<()> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output();
    let installed =
        installed.map_err(|error| Failure::new(format!("cannot start `rustup`: {error}")))?;
    if String::from_utf8_lossy(&installed.stdout)
        .lines()
        .any(|line| line.trim() == WASM_TARGET)
    {
        eprintln!("toolchain: {WASM_TARGET} target present");
        return Ok(());
    }
    eprintln!("toolchain: adding the {WASM_TARGET} target");
    run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

/// The wasm-bindgen CLI must be exactly the version of the `wasm-bindgen` crate in Cargo.lock:
/// the CLI refuses wasm built against any other version.
pub fn ensure_wasm_bindgen() -> Result<()> {
    let wanted = metadata::locked_version(&metadata::cargo_metadata()?, "wasm-bindgen")?;
    let found = Command::new("wasm-bindgen")
        .arg("--version")
        .output()
        .ok()
        .filter(|output| output.status.success())
        .and_then(|output| {
            String::from_utf8_lossy(&output.stdout)
                .split_whitespace()
                .nth(1)
                .map(str::to_owned)
        });
    if found.as_deref() == Some(wanted.as_str()) {
        eprintln!("toolchain: wasm-bindgen CLI {wanted} present");
        return Ok(());
    }
    let found = found.map_or("none found".into(), |version| format!("found {version}"));
    eprintln!("toolchain: installing wasm-bindgen CLI {wanted} ({found}; takes a few minutes)");
    // no --locked: the registry lacks one of the CLI's locked dependency versions
    run(Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &wanted]))
}

/// `npm ci` in www/ when node_modules is missing or older than package-lock.json.
pub fn ensure_npm_packages() -> Result<()> {
    let www = Path::new("www");
    if !www.join("package.json").is_file() {
        eprintln!("toolchain: www/package.json not found, no npm packages to install");
        return Ok(());
    }
    let lockfile = www.join("package-lock.json");
    let Some(locked_at) = modified(&lockfile) else {
        return Err(Failure::new(
            "www/package-lock.json not found: run `npm install` in www/ and commit the lockfile",
        ));
    };
    // npm rewrites its hidden lockfile on every install, so it dates node_modules' last install
    let marker = www.join("node_modules/.package-lock.json");
    match modified(&marker) {
        Some(installed_at) if installed_at >= locked_at => {
            eprintln!("toolchain: www/node_modules up to date");
            return Ok(());
        }
        Some(_) => {
            eprintln!("toolchain: npm ci in www/ (node_modules older than package-lock.json)")
        }
        None => eprintln!("toolchain: npm ci in www/ (node_modules missing)"),
    }
    npm_ci_with_fallback(www)?;
    // a fallback install may rewrite package-lock.json after node_modules: date the install now
    if let Ok(file) = fs::File::options().write(true).open(&marker) {
        file.set_modified(SystemTime::now()).ok();
    }
    Ok(())
}

/// `npm ci`; when it trips over the platform-specific `napi-windows-process-start-time` package,
/// re-installing the locked Vite version repairs the tree (see TOOLCHAIN.md).
fn npm_ci_with_fallback(www: &Path) -> Result<()> {
    let mut ci = Command::new("npm");
    ci.arg("ci").current_dir(www);
    eprintln!("$ {}", crate::show(&ci));
    let output = ci.stdin(std::process::Stdio::null()).output();
    let output = output.map_err(|error| Failure::new(format!("cannot start `npm`: {error}")))?;
    print!("{}", String::from_utf8_lossy(&output.stdout));
    eprint!("{}", String::from_utf8_lossy(&output.stderr));
    if output.status.success() {
        return Ok(());
    }
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    if !said.contains("napi-windows-process-start-time") {
        return Err(Failure {
            code: output.status.code().unwrap_or(1),
            message: "`npm ci` in www/ failed".into(),
        });
    }
    let vite = metadata::package_json_field(www, "devDependencies.vite")?;
    let vite = vite.trim_start_matches(['^', '~', '=']);
    eprintln!("toolchain: `npm ci` tripped over napi-windows-process-start-time; re-installing vite@{vite}");
    run(Command::new("npm")
        .args([
            "install",
            "--save-dev",
            "--save-exact",
            &format!("vite@{vite}"),
        ])
        .current_dir(www))
}

/// Debian's Chromium for the browser tests; Playwright's own browser downloads fail here.
pub fn ensure_chromium() -> Result<()> {
    if Path::new(CHROMIUM).exists() {
        eprintln!("toolchain: chromium present at {CHROMIUM}");
        return Ok(());
    }
    eprintln!("toolchain: installing chromium from Debian");
    run(Command::new("apt-get").arg("update"))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "chromium"])
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

/// The other two engines students open links in, as Debian packages them (Playwright's own builds
/// of them cannot be downloaded here): Firefox ESR, and WebKitGTK's WebDriver with its MiniBrowser,
/// which needs an X display (Xvfb).
pub const FIREFOX: &str = "/usr/bin/firefox-esr";
pub const WEBKIT_DRIVER: &str = "/usr/bin/WebKitWebDriver";
const XVFB_RUN: &str = "/usr/bin/xvfb-run";

/// Debian's firefox-esr, webkit2gtk-driver and xvfb, for the engine tests; installs only what is missing.
pub fn ensure_other_engines() -> Result<()> {
    let wanted = [(FIREFOX, "firefox-esr"), (WEBKIT_DRIVER, "webkit2gtk-driver"), (XVFB_RUN, "xvfb")];
    let missing: Vec<&str> = wanted.iter().filter(|(file, _)| !Path::new(file).exists()).map(|(_, package)| *package).collect();
    if missing.is_empty() {
        eprintln!("toolchain: firefox-esr, WebKitWebDriver and xvfb present");
        return Ok(());
    }
    eprintln!("toolchain: installing {} from Debian", missing.join(", "));
    run(Command::new("apt-get").arg("update"))?;
    run(Command::new("apt-get")
        .args(["install", "-y"])
        .args(&missing)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

fn modified(path: &Path) -> Option<SystemTime> {
    fs::metadata(path)
        .and_then(|metadata| metadata.modified())
        .ok()
}
