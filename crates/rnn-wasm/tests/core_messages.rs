//! Writes www/src/i18n/core-messages.json, every message template rnn-core can hand the page (each
//! string literal of its non-test source that is not an invariant's, a word list's or a corpus's own
//! text), and fails while the committed file differs; the page's i18n test fails while one of them
//! has no Korean entry. Regenerate with `UPDATE_CORE_MESSAGES=1 cargo test -p rnn-wasm --test core_messages`.

// it reads the sources from disk: a native test (the wasm32 run of this crate's tests has no file system)
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

/// Read from the source rather than built by constructing each error, so that a new message cannot slip past.
fn core_sources() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../rnn-core/src"), &mut files);
    files.sort();
    files
}

/// Calls and brackets whose literals the user never reads: invariants' messages, word lists (`[...]`,
/// attributes too) and the corpora's own sentences.
const UNSHOWN: [&str; 13] = [
    "[", "panic!", "assert!", "assert_eq!", "assert_ne!", "debug_assert!", "debug_assert_eq!", "debug_assert_ne!", "unreachable!", "expect", "push_str", "todo!", "unimplemented!",
];

/// The string literals of `source` (its test module cut off) that the user may read, unescaped.
fn shown_literals(source: &str) -> Vec<String> {
    let source = source.split("\n#[cfg(test)]").next().unwrap_or_default();
    let chars: Vec<char> = source.chars().collect();
    let (mut i, mut ident, mut open, mut found) = (0, String::new(), Vec::<String>::new(), Vec::new());
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied().unwrap_or('\0');
        if c == '/' && next == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == '*' {
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == '\'' && (chars.get(i + 2) == Some(&'\'') || next == '\\') {
            // a char literal ('x', '\n', '\u{..}'); a lifetime ('a) is skipped as punctuation
            i += if next == '\\' { 3 } else { 2 };
            while chars[i] != '\'' {
                i += 1;
            }
            i += 1;
        } else if c == 'r' && !after_word(&chars, i) && chars[i + 1..].iter().find(|&&h| h != '#') == Some(&'"') {
            let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
            let start = i + 2 + hashes;
            let end = (start..chars.len()).find(|&j| chars[j] == '"' && chars[j + 1..].iter().take(hashes).filter(|&&h| h == '#').count() == hashes).unwrap();
            let text: String = chars[start..end].iter().collect();
            if !open.iter().any(|o| UNSHOWN.contains(&o.as_str())) {
                found.push(text);
            }
            i = end + 1 + hashes;
        } else if c == '"' {
            let (text, end) = unescape(&chars, i + 1);
            if !open.iter().any(|o| UNSHOWN.contains(&o.as_str())) {
                found.push(text);
            }
            i = end + 1;
            ident.clear();
        } else if c.is_alphanumeric() || c == '_' {
            if !after_word(&chars, i) {
                ident.clear();
            }
            ident.push(c);
            i += 1;
            continue;
        } else {
            match c {
                '!' if !ident.is_empty() && !ident.ends_with('!') => ident.push('!'),
                '(' | '{' => open.push(std::mem::take(&mut ident)),
                '[' => open.push(String::from("[")),
                ')' | ']' | '}' => {
                    open.pop();
                }
                c if c.is_whitespace() => {}
                _ => ident.clear(),
            }
            i += 1;
            continue;
        }
        ident.clear();
    }
    found
}

fn after_word(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

/// A string literal's text from just after its opening quote, and the index of its closing quote.
fn unescape(chars: &[char], mut i: usize) -> (String, usize) {
    let mut text = String::new();
    while chars[i] != '"' {
        if chars[i] != '\\' {
            text.push(chars[i]);
            i += 1;
            continue;
        }
        i += 1;
        match chars[i] {
            'n' => text.push('\n'),
            't' => text.push('\t'),
            '0' => text.push('\0'),
            'u' => {
                let close = (i..).find(|&j| chars[j] == '}').unwrap();
                let hex: String = chars[i + 2..close].iter().collect();
                text.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
                i = close;
            }
            '\n' => {
                // a line continuation drops the next line's indentation
                while chars[i + 1].is_whitespace() {
                    i += 1;
                }
            }
            escaped => text.push(escaped),
        }
        i += 1;
    }
    (text, i)
}

/// A format string with each `{..}` argument numbered in order as the catalogs write them (`{0}`, `{1}`).
fn template(literal: &str) -> String {
    let (mut out, mut n, mut rest) = (String::new(), 0, literal);
    while let Some(at) = rest.find(['{', '}']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
        } else if tail.starts_with('{') {
            let close = tail.find('}').expect("a format argument closes");
            out.push_str(&format!("{{{n}}}"));
            n += 1;
            rest = &tail[close + 1..];
        } else {
            out.push('}');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The sentiment corpus's sentences, built with `format!` where the user reads them as training text.
const CORPUS_TEXT: [&str; 1] = ["the {0} was"];

/// Words a reader reads: a letter, and a space between words.
fn is_message(template: &str) -> bool {
    template.chars().any(|c| c.is_ascii_alphabetic()) && template.contains(' ') && !CORPUS_TEXT.contains(&template)
}

fn generated() -> String {
    let mut messages: Vec<String> = core_sources()
        .iter()
        .flat_map(|file| shown_literals(&std::fs::read_to_string(file).unwrap()))
        .map(|literal| template(&literal))
        .filter(|t| is_message(t))
        .collect();
    messages.sort();
    messages.dedup();
    let lines: Vec<String> = messages.iter().map(|m| format!("  {}", serde_json::to_string(m).unwrap())).collect();
    format!("[\n{}\n]\n", lines.join(",\n"))
}

fn file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../www/src/i18n/core-messages.json")
}

#[test]
fn the_core_messages_file_matches_the_core() {
    let text = generated();
    if std::env::var_os("UPDATE_CORE_MESSAGES").is_some() {
        std::fs::write(file(), &text).unwrap();
    }
    let committed = std::fs::read_to_string(file()).unwrap_or_default();
    assert!(
        committed == text,
        "www/src/i18n/core-messages.json is not the core's messages now; run `UPDATE_CORE_MESSAGES=1 cargo test -p rnn-wasm --test core_messages`, then `npm test` in www/ to see which need a Korean entry (en.ts, ko.ts)"
    );
}

#[test]
fn the_reader_finds_shown_messages_and_skips_invariants_and_word_lists() {
    let source = r#"
        const WORDS: [&str; 2] = ["a key", "in the room"];
        fn f(x: u8) -> Result<()> {
            debug_assert!(x < 3, "x is {x}, out of range");
            let c = '"'; // a "comment"
            out.push_str(" the ");
            Err(Error::Text(format!("the text has {x} characters \
                 but at least {} are needed; \"paste\" more", x + 1)))
        }
#[cfg(test)]
        mod tests { fn g() { Err(Error::Text("a test's text".into())) } }
    "#;
    let found: Vec<String> = shown_literals(source).iter().map(|l| template(l)).collect();
    assert_eq!(found, ["the text has {0} characters but at least {1} are needed; \"paste\" more"]);
}
