//! Writes www/src/i18n/core-messages.json, every message template rnn-core can hand the page (each
//! string literal of its non-test source that is not an invariant's, a word list's or a corpus's own
//! text), and fails while the committed file differs; the page's i18n test fails while one of them
//! has no Korean entry. Regenerate with `UPDATE_CORE_MESSAGES=1 cargo test -p rnn-wasm --test core_messages`.

// it reads the sources from disk: a native test (the wasm32 run of this crate's tests has no file system)
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

use proc_macro2::{Delimiter, TokenStream, TokenTree};

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

/// Calls whose literals the user never reads: invariants' messages and the corpora's own sentences
/// (a bracketed list, attributes too, is never read either).
const UNSHOWN: [&str; 12] = [
    "panic!", "assert!", "assert_eq!", "assert_ne!", "debug_assert!", "debug_assert_eq!", "debug_assert_ne!", "unreachable!", "expect", "push_str", "todo!", "unimplemented!",
];

/// The string literals of `source` that the user may read, unescaped; the tests' module (after
/// `#[cfg(test)]`) left out. proc-macro2 reads the tokens (comments, raw strings, char literals), syn the strings.
fn shown_literals(source: &str) -> Vec<String> {
    let tokens: TokenStream = source.parse().expect("rnn-core's source reads as Rust tokens");
    let mut found = Vec::new();
    collect(tokens, false, &mut found);
    found
}

/// Adds the string literals of `tokens` to `found`, unless `unshown` (inside a call or list above).
fn collect(tokens: TokenStream, unshown: bool, found: &mut Vec<String>) {
    let mut name: Option<String> = None; // the identifier just before, with its `!` for a macro
    let mut test_only = false; // after `#[cfg(test)]`: the next braced body is left out
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        match token {
            TokenTree::Ident(ident) => {
                name = Some(ident.to_string());
                continue;
            }
            TokenTree::Punct(punct) if punct.as_char() == '!' && name.is_some() => {
                name = name.map(|n| n + "!");
                continue;
            }
            TokenTree::Punct(punct) if punct.as_char() == '#' => {
                if let Some(TokenTree::Group(attribute)) = tokens.peek() {
                    test_only |= attribute.stream().to_string().replace(' ', "") == "cfg(test)";
                }
            }
            TokenTree::Group(group) if test_only && group.delimiter() == Delimiter::Brace => test_only = false,
            TokenTree::Group(group) => {
                let listed = group.delimiter() == Delimiter::Bracket;
                let invariant = name.as_deref().is_some_and(|n| UNSHOWN.contains(&n));
                collect(group.stream(), unshown || listed || invariant, found);
            }
            TokenTree::Literal(literal) if !unshown => {
                // a string (not a char, number or byte string), with its escapes and line continuations read
                if let Ok(text) = syn::parse_str::<syn::LitStr>(&literal.to_string()) {
                    found.push(text.value());
                }
            }
            _ => {}
        }
        name = None;
    }
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
