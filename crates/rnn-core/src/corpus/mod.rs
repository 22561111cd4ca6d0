//! Training text: the agreement grammar, the long-range memory task, the sentiment tagging task, a
//! built-in text (English or Korean), or text the user gives.
//!
//! The core never reads files: a `text` corpus given by `path` must be read by the caller (the CLI)
//! and put into `text` before [`CorpusConfig::build`], and so must a built-in text's file.

pub mod agreement;
pub mod builtin;
pub mod memory;
pub mod sentiment;

use alloc::format;
use alloc::string::String;

use serde::{Deserialize, Serialize};

use crate::hangul;
use crate::vocab::check_user_text;
use crate::{Error, Result, Rng};

pub use agreement::{AgreementConfig, AgreementItem, Construction};
pub use builtin::Builtin;
pub use memory::{MemoryConfig, MemoryItem};
pub use sentiment::SentimentConfig;

/// The stream a corpus is generated from, "corpus" in ASCII: the same seed also initialises the model,
/// and this keeps the two streams apart.
const CORPUS_STREAM: u64 = 0x636f_7270_7573;

/// `{"kind": "agreement", ...}`, `{"kind": "memory", ...}`, `{"kind": "sentiment", ...}`,
/// `{"kind": "english"}`, `{"kind": "korean"}` or `{"kind": "text", "text": ...}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum CorpusConfig {
    Agreement(AgreementConfig),
    Memory(MemoryConfig),
    /// Tagged sentences, one a line; trains `"task": "tagging"` models.
    Sentiment(SentimentConfig),
    /// User text, inline or (CLI only) from a file; when both are set `text` is what trains.
    Text {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        path: Option<String>,
        /// Train on Hangul jamo instead of syllables (Unicode NFD for Hangul): a Korean text then
        /// needs fewer than a hundred symbols instead of hundreds. Prompts are decomposed the same
        /// way and samples composed back for display. Left out of the JSON when false.
        #[serde(default, skip_serializing_if = "core::ops::Not::not")]
        jamo: bool,
    },
    /// Shakespeare ([`builtin::ENGLISH`]). The caller puts the file's text in `text`; it is checked
    /// against the file's digest and never written out, so a config, link or model file names the
    /// text without carrying a megabyte of it.
    English {
        #[serde(default, skip_serializing)]
        text: Option<String>,
    },
    /// Korean short stories ([`builtin::KOREAN`]), supplied and checked as `english` is; read as
    /// jamo unless `"jamo": false` (then most of its 1,500 syllables fold into "other").
    Korean {
        #[serde(default, skip_serializing)]
        text: Option<String>,
        #[serde(default = "yes", skip_serializing_if = "is_true")]
        jamo: bool,
    },
}

fn yes() -> bool {
    true
}
fn is_true(value: &bool) -> bool {
    *value
}

impl Default for CorpusConfig {
    fn default() -> Self {
        CorpusConfig::Agreement(AgreementConfig::default())
    }
}

impl CorpusConfig {
    /// The inline text of a `text` corpus, if there is one.
    pub fn text_body(&self) -> Option<&str> {
        match self {
            CorpusConfig::Text { text, .. } => text.as_deref(),
            _ => None,
        }
    }

    /// The built-in text this corpus trains on, if it is one: the file the caller must supply.
    pub fn builtin(&self) -> Option<Builtin> {
        match self {
            CorpusConfig::English { .. } => Some(builtin::ENGLISH),
            CorpusConfig::Korean { .. } => Some(builtin::KOREAN),
            _ => None,
        }
    }

    /// This corpus with `text` as its built-in file's text (other corpora are returned as they are).
    pub fn with_builtin_text(self, text: String) -> CorpusConfig {
        match self {
            CorpusConfig::English { .. } => CorpusConfig::English { text: Some(text) },
            CorpusConfig::Korean { jamo, .. } => CorpusConfig::Korean { text: Some(text), jamo },
            other => other,
        }
    }

    /// Whether the model reads this corpus's Hangul as jamo.
    pub fn jamo(&self) -> bool {
        matches!(self, CorpusConfig::Text { jamo: true, .. } | CorpusConfig::Korean { jamo: true, .. })
    }

    /// A prompt as a model trained on this corpus reads it: in jamo when the corpus is.
    pub fn reading(&self, prompt: &str) -> String {
        if self.jamo() {
            hangul::decompose(prompt)
        } else {
            String::from(prompt)
        }
    }

    /// A model's output for display: jamo composed back into syllables when the corpus is in jamo.
    pub fn display(&self, output: &str) -> String {
        if self.jamo() {
            hangul::compose(output)
        } else {
            String::from(output)
        }
    }

    /// Checks the knobs; the content of user text is checked by [`CorpusConfig::build`].
    pub fn validate(&self) -> Result<()> {
        match self {
            CorpusConfig::Agreement(cfg) => cfg.validate(),
            CorpusConfig::Memory(cfg) => cfg.validate(),
            CorpusConfig::Sentiment(cfg) => cfg.validate(),
            CorpusConfig::Text { text: None, path: None, .. } => Err(Error::Config {
                field: "corpus.text",
                message: String::from("a text corpus needs `text` (the text itself) or, on the command line, `path`"),
            }),
            CorpusConfig::Text { .. } | CorpusConfig::English { .. } | CorpusConfig::Korean { .. } => Ok(()),
        }
    }

    /// The training text; generated corpora are a pure function of `seed`.
    pub fn build(&self, seed: u64) -> Result<String> {
        self.validate()?;
        let mut rng = Rng::new(seed).fork(CORPUS_STREAM);
        match self {
            CorpusConfig::Agreement(cfg) => Ok(agreement::generate(cfg, &mut rng)),
            CorpusConfig::Memory(cfg) => Ok(memory::generate(cfg, &mut rng)),
            CorpusConfig::Sentiment(cfg) => Ok(sentiment::generate(cfg, &mut rng)),
            CorpusConfig::Text { text: Some(text), jamo, .. } => {
                check_user_text(text)?;
                Ok(if *jamo { hangul::decompose(text) } else { text.clone() })
            }
            CorpusConfig::Text { text: None, path, .. } => Err(Error::Config {
                field: "corpus.path",
                message: format!(
                    "the file {:?} was not read: only the command line reads files; \
                     elsewhere paste the text into `corpus.text`",
                    path.as_deref().unwrap_or_default()
                ),
            }),
            CorpusConfig::English { text: Some(text) } | CorpusConfig::Korean { text: Some(text), .. } => {
                self.builtin().expect("a built-in corpus").check(text)?;
                Ok(if self.jamo() { hangul::decompose(text) } else { text.clone() })
            }
            CorpusConfig::English { text: None } | CorpusConfig::Korean { text: None, .. } => {
                let builtin = self.builtin().expect("a built-in corpus");
                Err(Error::Config {
                    field: "corpus.text",
                    message: format!(
                        "the built-in text `{}` was not supplied: load {} ({} bytes) and put it in `corpus.text`",
                        builtin.name, builtin.file, builtin.bytes
                    ),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn each_kind_reads_from_json_with_defaults() {
        let contract: CorpusConfig = serde_json::from_str(
            r#"{ "kind": "agreement", "sentences": 20000, "max_attractors": 4, "relative_share": 0.3 }"#,
        )
        .unwrap();
        assert_eq!(contract, CorpusConfig::Agreement(AgreementConfig::default()));
        let memory: CorpusConfig = serde_json::from_str(r#"{"kind": "memory", "distance": 50}"#).unwrap();
        assert_eq!(memory, CorpusConfig::Memory(MemoryConfig { distance: 50, ..MemoryConfig::default() }));
        let text: CorpusConfig = serde_json::from_str(r#"{"kind": "text", "text": "hello"}"#).unwrap();
        assert_eq!(text.text_body(), Some("hello"));
        let path: CorpusConfig = serde_json::from_str(r#"{"kind": "text", "path": "book.txt"}"#).unwrap();
        assert_eq!(path, CorpusConfig::Text { text: None, path: Some("book.txt".to_string()), jamo: false });
        assert_eq!(path.text_body(), None);
        assert_eq!(memory.text_body(), None);
        // and back: the tag sits beside the fields, unset options are left out
        assert_eq!(serde_json::to_string(&text).unwrap(), r#"{"kind":"text","text":"hello"}"#);
        let round_trip: CorpusConfig = serde_json::from_str(&serde_json::to_string(&contract).unwrap()).unwrap();
        assert_eq!(round_trip, contract);
    }

    #[test]
    fn unknown_kinds_and_fields_are_refused() {
        for json in [
            r#"{"kind": "poetry"}"#,
            r#"{"sentences": 100}"#,
            r#"{"kind": "agreement", "distance": 5}"#,
            r#"{"kind": "memory", "sentences": 5}"#,
            r#"{"kind": "text", "text": "x", "encoding": "utf-8"}"#,
        ] {
            assert!(serde_json::from_str::<CorpusConfig>(json).is_err(), "{json}");
        }
    }

    #[test]
    fn build_is_a_function_of_the_seed() {
        let corpus = CorpusConfig::Agreement(AgreementConfig { sentences: 200, ..AgreementConfig::default() });
        assert_eq!(corpus.build(1).unwrap(), corpus.build(1).unwrap());
        assert_ne!(corpus.build(1).unwrap(), corpus.build(2).unwrap());
        let memory = CorpusConfig::Memory(MemoryConfig { distance: 3, sequences: 100 });
        assert_eq!(memory.build(1).unwrap().len(), 100 * 7);
        let bad = CorpusConfig::Memory(MemoryConfig { distance: 0, sequences: 100 });
        assert!(matches!(bad.build(1), Err(Error::Config { field: "corpus.distance", .. })));
    }

    #[test]
    fn text_corpora_are_checked_and_paths_must_be_resolved() {
        let long = "The cat sat on the mat. ".repeat(100);
        let text = CorpusConfig::Text { text: Some(long.clone()), path: None, jamo: false };
        assert_eq!(text.build(7).unwrap(), long);
        let resolved = CorpusConfig::Text { text: Some(long.clone()), path: Some("cat.txt".to_string()), jamo: false };
        assert_eq!(resolved.build(7).unwrap(), long);

        // a short text builds: whether it can train depends on the window (`TrainConfig::fit`)
        let short = CorpusConfig::Text { text: Some("too short".to_string()), path: None, jamo: false };
        assert_eq!(short.build(7).unwrap(), "too short");
        let blank = CorpusConfig::Text { text: Some(" \n ".to_string()), path: None, jamo: false };
        assert!(matches!(blank.build(7), Err(Error::Text(message)) if message.contains("empty or only whitespace")));
        let neither = CorpusConfig::Text { text: None, path: None, jamo: false };
        assert!(matches!(neither.validate(), Err(Error::Config { field: "corpus.text", .. })));
        let unresolved = CorpusConfig::Text { text: None, path: Some("cat.txt".to_string()), jamo: false };
        assert_eq!(unresolved.validate(), Ok(()));
        let message = unresolved.build(7).unwrap_err().to_string();
        assert!(message.contains("corpus.path") && message.contains("\"cat.txt\" was not read"), "{message}");
    }

    #[test]
    fn a_jamo_corpus_trains_on_letters_and_shows_syllables() {
        let korean = "순환 신경망은 기울기가 사라지는 문제를 겪는다. ".repeat(100);
        let config: CorpusConfig = serde_json::from_str(&format!(r#"{{"kind": "text", "jamo": true, "text": "{korean}"}}"#)).unwrap();
        let built = config.build(1).unwrap();
        assert_eq!(built, hangul::decompose(&korean));
        assert_eq!(config.reading("순환"), "\u{1109}\u{116e}\u{11ab}\u{1112}\u{116a}\u{11ab}");
        assert_eq!(config.display(&config.reading("순환 신경망")), "순환 신경망");
        // false is left out, so configs without the option keep their JSON (and links, and model files)
        let plain = CorpusConfig::Text { text: Some("x".to_string()), path: None, jamo: false };
        assert_eq!(serde_json::to_string(&plain).unwrap(), r#"{"kind":"text","text":"x"}"#);
        assert_eq!(plain.reading("순환"), "순환");
    }
}
