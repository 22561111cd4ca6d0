//! What the build knows about itself, read with real parsers: `cargo metadata` for the workspace's
//! packages and locked versions, serde_json for www/package.json and the tools' JSON result lines.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::{stdout_of, Failure, Result};

/// `cargo metadata` of the workspace and its locked dependency graph.
pub fn cargo_metadata() -> Result<Value> {
    let text = stdout_of(Command::new("cargo").args(["metadata", "--format-version", "1", "--locked"]))?;
    serde_json::from_str(&text).map_err(|e| Failure::new(format!("`cargo metadata` printed something that is not JSON: {e}")))
}

/// The locked version of `package` (the only one, or the first if the graph holds several).
pub fn locked_version(metadata: &Value, package: &str) -> Result<String> {
    packages(metadata)
        .find(|p| p["name"] == package)
        .and_then(|p| p["version"].as_str())
        .map(str::to_owned)
        .ok_or_else(|| Failure::new(format!("Cargo.lock has no `{package}` package: is it still a dependency of crates/rnn-wasm?")))
}

/// Whether the workspace member `member` lists `dependency` as a dev-dependency (any target).
pub fn has_dev_dependency(metadata: &Value, member: &str, dependency: &str) -> bool {
    packages(metadata)
        .filter(|p| p["name"] == member)
        .flat_map(|p| p["dependencies"].as_array().into_iter().flatten())
        .any(|d| d["name"] == dependency && d["kind"] == "dev")
}

fn packages(metadata: &Value) -> impl Iterator<Item = &Value> {
    metadata["packages"].as_array().into_iter().flatten()
}

/// A dotted field of www/package.json (e.g. `scripts.test`) as text; empty when absent.
pub fn package_json_field(www: &Path, field: &str) -> Result<String> {
    let path = www.join("package.json");
    let text = std::fs::read_to_string(&path).map_err(|e| Failure::new(format!("cannot read {}: {e}", path.display())))?;
    let json: Value = serde_json::from_str(&text).map_err(|e| Failure::new(format!("{} is not valid JSON: {e}", path.display())))?;
    let value = field.split('.').fold(&json, |value, key| &value[key]);
    Ok(match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

/// An array of numbers, each rounded to f32 and kept as its bits; `null` (how JSON writes NaN) is
/// None. Rust prints an f32 in its shortest form and JavaScript the same value widened to f64;
/// read as text, both parse back to the same f32, so bits compare exactly across the two.
pub fn f32_bits_array(value: &Value) -> Option<Vec<Option<u32>>> {
    value
        .as_array()?
        .iter()
        .map(|item| match item {
            Value::Null => Some(None),
            Value::Number(number) => number.to_string().parse::<f32>().ok().map(|v| Some(v.to_bits())),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rust_f32_and_javascript_f64_text_give_the_same_bits() {
        // 3.87f32 is 3.8699998855590820 exactly; JSON.stringify prints the widened f64 in full
        let native = f32_bits_array(&serde_json::from_str("[3.87,null]").unwrap()).unwrap();
        let wasm = f32_bits_array(&serde_json::from_str("[3.869999885559082,null]").unwrap()).unwrap();
        assert_eq!(native, wasm);
        assert_eq!(native[0], Some(3.87f32.to_bits()));
        assert_eq!(f32_bits_array(&json!([])), Some(Vec::new()));
        assert_eq!(f32_bits_array(&json!([1, "x"])), None);
        assert_eq!(f32_bits_array(&json!({"a": 1})), None);
    }

    #[test]
    fn finds_versions_and_dev_dependencies_in_cargo_metadata() {
        let metadata = json!({"packages": [
            {"name": "wasm-bindgen", "version": "0.2.130", "dependencies": []},
            {"name": "rnn-wasm", "version": "0.1.0", "dependencies": [
                {"name": "wasm-bindgen", "kind": null}, {"name": "wasm-bindgen-test", "kind": "dev"}]},
            {"name": "rnn-cli", "version": "0.1.0", "dependencies": [{"name": "wasm-bindgen-test", "kind": null}]}
        ]});
        assert_eq!(locked_version(&metadata, "wasm-bindgen").unwrap(), "0.2.130");
        assert!(locked_version(&metadata, "left-pad").unwrap_err().message.contains("no `left-pad` package"));
        assert!(has_dev_dependency(&metadata, "rnn-wasm", "wasm-bindgen-test"));
        assert!(!has_dev_dependency(&metadata, "rnn-wasm", "wasm-bindgen"), "a normal dependency is not a dev one");
        assert!(!has_dev_dependency(&metadata, "rnn-cli", "wasm-bindgen-test"));
    }

    #[test]
    fn reads_this_workspace_and_its_package_json() {
        // run from the repository root by `cargo xtask`, from xtask/ by `cargo test`
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let metadata = {
            let text = stdout_of(Command::new("cargo").args(["metadata", "--format-version", "1", "--locked"]).current_dir(root)).unwrap();
            serde_json::from_str::<Value>(&text).unwrap()
        };
        assert!(locked_version(&metadata, "wasm-bindgen").unwrap().starts_with("0.2."));
        assert!(has_dev_dependency(&metadata, "rnn-wasm", "wasm-bindgen-test"));
        assert_eq!(package_json_field(&root.join("www"), "scripts.missing").unwrap(), "");
        assert!(!package_json_field(&root.join("www"), "scripts.test").unwrap().is_empty());
        assert!(package_json_field(&root.join("nowhere"), "scripts.test").unwrap_err().message.contains("cannot read"));
    }
}
