//! No two modules of the core need each other: the modules of src/ (a folder counts as one module)
//! form a graph by their `crate::…` paths, and that graph has no cycle. A cycle means neither module can
//! be read, tested or moved without the other; a shared constant belongs in a module both can read.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

const SRC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src");

/// The top-level module a file belongs to: `src/train.rs` → `train`, `src/layer/gru.rs` → `layer`; None for lib.rs.
fn module_of(relative: &Path) -> Option<String> {
    let first = relative.components().next()?.as_os_str().to_str()?;
    if first == "lib.rs" {
        return None;
    }
    Some(first.trim_end_matches(".rs").to_string())
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without its `//` comments (a doc link is not a dependency) and without its
/// `#[cfg(test)] mod tests` at the bottom (a test may build a whole trainer from any module).
fn code_of(text: &str) -> String {
    let code = text.find("#[cfg(test)]\nmod ").map_or(text, |at| &text[..at]);
    code.lines().map(|line| line.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// The first path segment of each item of `crate::…`: `crate::vocab::Vocab` → vocab,
/// `crate::{Error, io::Saved}` → Error, io.
fn crate_paths(code: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let first = item.trim().split("::").next().unwrap_or("").trim();
                if !first.is_empty() {
                    names.push(first.to_string());
                }
            }
        } else {
            let first: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            names.push(first);
        }
    }
    names
}

/// Names lib.rs re-exports (`pub use train::{Trainer, …}`), by the module they come from.
fn reexports(lib: &str) -> BTreeMap<String, String> {
    let mut by_name = BTreeMap::new();
    for line in code_of(lib).lines() {
        let Some(path) = line.trim().strip_prefix("pub use ") else { continue };
        let path = path.trim_end_matches(';');
        let Some((module, items)) = path.split_once("::") else { continue };
        for item in items.trim_start_matches('{').trim_end_matches('}').split(',') {
            let name = item.trim().rsplit("::").next().unwrap_or("").trim();
            if !name.is_empty() {
                by_name.insert(name.to_string(), module.to_string());
            }
        }
    }
    by_name
}

/// Each module's dependencies on the others, read from src/.
fn graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let lib = fs::read_to_string(src.join("lib.rs")).expect("src/lib.rs is readable");
    let reexported = reexports(&lib);
    let modules: BTreeSet<String> = files.iter().filter_map(|f| module_of(f.strip_prefix(src).ok()?)).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = modules.iter().map(|m| (m.clone(), BTreeSet::new())).collect();
    for file in &files {
        let Some(from) = module_of(file.strip_prefix(src).expect("under src/")) else { continue };
        let code = code_of(&fs::read_to_string(file).expect("a source file is readable"));
        for name in crate_paths(&code) {
            let to = if modules.contains(&name) { Some(name) } else { reexported.get(&name).cloned() };
            if let Some(to) = to.filter(|to| *to != from) {
                edges.get_mut(&from).expect("every module has an entry").insert(to);
            }
        }
    }
    edges
}

/// A cycle of the graph as the modules along it (the first repeated at the end), if there is one.
fn find_cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(node: &str, edges: &BTreeMap<String, BTreeSet<String>>, path: &mut Vec<String>, done: &mut BTreeSet<String>) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    edges.keys().find_map(|start| visit(start, edges, &mut Vec::new(), &mut done))
}

#[test]
fn no_two_modules_of_the_core_need_each_other() {
    let edges = graph(Path::new(SRC));
    assert!(edges.get("train").is_some_and(|to| to.contains("config")), "the reader misses train's use of config: {edges:?}");
    if let Some(cycle) = find_cycle(&edges) {
        panic!("an import cycle in rnn-core: {}; move what both need where both can read it", cycle.join(" → "));
    }
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let edge = |from: &str, to: &[&str]| (from.to_string(), to.iter().map(|t| t.to_string()).collect::<BTreeSet<_>>());
    let edges: BTreeMap<_, _> = [edge("budget", &["config", "train"]), edge("config", &[]), edge("train", &["budget"])].into();
    assert_eq!(find_cycle(&edges), Some(vec!["budget".to_string(), "train".to_string(), "budget".to_string()]));
    let acyclic: BTreeMap<_, _> = [edge("budget", &["config"]), edge("config", &[]), edge("train", &["budget", "config"])].into();
    assert_eq!(find_cycle(&acyclic), None);
}

#[test]
fn paths_read_from_use_lines_and_groups() {
    let code = code_of("use crate::vocab::Vocab;\nuse crate::{Error, io::Saved};\n// see crate::train\nlet x = crate::probe::run();\n#[cfg(test)]\nmod tests {\n    use crate::presets;\n}");
    assert_eq!(crate_paths(&code), ["vocab", "Error", "io", "probe"]);
}
