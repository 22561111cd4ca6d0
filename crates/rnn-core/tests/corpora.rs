//! The built-in texts (www/public/corpora) and short texts: each built-in file is the one its corpus
//! pins and has a source note, a model learns from each, and a paragraph or a line trains with the
//! sizes it allows while a text too short for one window is refused with the minimum.

use rnn_core::budget::Plan;
use rnn_core::corpus::{builtin, CorpusConfig};
use rnn_core::{hangul, presets, Config, Trainer};

const ENGLISH: &str = include_str!("../../../www/public/corpora/english.txt");
const KOREAN: &str = include_str!("../../../www/public/corpora/korean.txt");
const CORPORA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../www/public/corpora");

/// 400 characters of plain English, as a student might paste.
const PARAGRAPH: &str = "The lighthouse stood at the end of the harbour wall, white and narrow, with a red lamp room at the top. \
Every evening the keeper climbed the hundred and twelve steps, wound the clockwork, lit the lamp and wrote the weather in his book. \
Ships that passed in the night saw the light turn once every ten seconds and knew where the rocks were. \
In the morning he put the lamp out and then slept till noon.";

/// 28 characters: the opening of Yun Dong-ju's "Prologue" (서시), 58 once read as jamo.
const LINE: &str = "죽는 날까지 하늘을 우러러 한 점 부끄럼이 없기를.";

// ---------------------------------------------------------------- the files

#[test]
fn each_file_is_the_one_its_corpus_pins() {
    for (pin, text) in [(builtin::ENGLISH, ENGLISH), (builtin::KOREAN, KOREAN)] {
        assert_eq!((text.len(), text.chars().count()), (pin.bytes, pin.chars), "{}", pin.file);
        assert_eq!(builtin::digest(text), pin.digest, "{}: update the digest in corpus/builtin.rs and bump the link version", pin.file);
        assert!(pin.bytes < 1 << 20, "{} is over the repository's 1 MiB per file", pin.file);
    }
}

#[test]
fn every_text_has_a_source_note() {
    let notes = std::fs::read_to_string(format!("{CORPORA}/README.md")).expect("www/public/corpora/README.md, the texts' source notes");
    let mut texts: Vec<String> = std::fs::read_dir(CORPORA)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name != "README.md")
        .collect();
    texts.sort();
    assert_eq!(texts, ["english.txt", "korean.txt"], "a file in corpora/ that no corpus names");
    for text in texts {
        // the note is the README's section headed by the file's name, up to the next section
        let start = notes.find(&format!("\n## {text} ")).unwrap_or_else(|| panic!("README.md has no section `## {text} ...`"));
        let section = &notes[start + 1..];
        let section = &section[..section[3..].find("\n## ").map_or(section.len(), |end| end + 3)];
        for field in ["**Source**", "**What is here**", "**Licence**"] {
            assert!(section.contains(field), "the note on {text} lacks {field}");
        }
    }
}

// ---------------------------------------------------------------- the corpora

#[test]
fn a_built_in_corpus_names_its_text_without_carrying_it() {
    let english: CorpusConfig = serde_json::from_str(r#"{"kind": "english"}"#).unwrap();
    let korean: CorpusConfig = serde_json::from_str(r#"{"kind": "korean"}"#).unwrap();
    assert_eq!(korean, CorpusConfig::Korean { text: None, jamo: true }, "Korean is read as jamo unless asked otherwise");
    let syllables: CorpusConfig = serde_json::from_str(r#"{"kind": "korean", "jamo": false}"#).unwrap();
    assert!(!syllables.jamo() && korean.jamo() && !english.jamo());
    assert_eq!(serde_json::to_string(&syllables).unwrap(), r#"{"kind":"korean","jamo":false}"#);
    // supplied, the text trains but is never written out: a model file or link stays small
    let supplied = korean.clone().with_builtin_text(KOREAN.to_string());
    assert_eq!(serde_json::to_string(&supplied).unwrap(), r#"{"kind":"korean"}"#);
    assert_eq!(supplied.build(1).unwrap(), hangul::decompose(KOREAN));
    assert_eq!(supplied.reading("한"), "\u{1112}\u{1161}\u{11ab}");

    let missing = english.build(1).unwrap_err().to_string();
    assert!(missing.contains("the built-in text `english` was not supplied: load corpora/english.txt (999985 bytes)"), "{missing}");
    let edited = english.with_builtin_text(ENGLISH.replacen("First Citizen", "Second Citizen", 1)).build(1).unwrap_err().to_string();
    assert!(edited.contains("is not corpora/english.txt") && edited.contains("it has 999986 bytes"), "{edited}");
}

/// Validation bits/char before and after `steps` steps of a small LSTM on the built-in `name`.
fn learn(name: &str, steps: u64) -> (f32, f32, f32) {
    let mut config = presets::preset(name).unwrap();
    (config.model.hidden, config.train.optimizer) = (64, rnn_core::OptimizerConfig::Adam { lr: 0.01 });
    let text = if name == "english" { ENGLISH } else { KOREAN };
    config.corpus = config.corpus.with_builtin_text(text.to_string());
    let mut trainer = Trainer::from_config(&config).unwrap();
    let before = trainer.validate();
    for _ in 0..steps {
        trainer.step();
    }
    (trainer.uniform_bits_per_char(), before, trainer.validate())
}

#[test]
fn a_model_learns_each_built_in_text() {
    // measured after 120 steps (245,760 characters): english 6.05 → 3.28, korean (jamo) 6.59 → 3.11
    // bits/char; the margin asks for 2.5 bits below the untrained model, which a model that learned
    // only the characters' frequencies cannot give (their entropy: english 4.77, korean 4.90 bits/char)
    for name in ["english", "korean"] {
        let (uniform, before, after) = learn(name, 120);
        println!("{name}: uniform {uniform:.2}, validation {before:.2} → {after:.2} bits/char after 120 steps");
        assert!((before - uniform).abs() < 0.2, "{name}: an untrained model guesses about uniformly, {before} against {uniform}");
        assert!(after < before - 2.5, "{name}: {after:.2} bits/char after 120 steps, expected below {:.2}", before - 2.5);
    }
}

// ---------------------------------------------------------------- short texts

fn text_config(text: &str, jamo: bool) -> Config {
    let mut config = presets::agreement();
    config.corpus = CorpusConfig::Text { text: Some(text.to_string()), path: None, jamo };
    config
}

#[test]
fn a_paragraph_trains_with_the_sizes_it_allows_and_says_so() {
    assert_eq!(PARAGRAPH.chars().count(), 400);
    let config = text_config(PARAGRAPH, false);
    let mut trainer = Trainer::from_config(&config).unwrap();
    let fit = trainer.fit().clone();
    // 20 held out (5%), 380 left: 380 / 129 gives 2 streams of 190, read in 2 windows of 94
    assert_eq!((fit.valid_chars, fit.train_chars, fit.batch, fit.bptt, fit.shards), (20, 380, 2, 94, 2));
    assert_eq!(
        fit.message.as_deref(),
        Some(
            "the text has 400 characters: the last 20 are held out for validation and the 380 others train as 2 streams \
             of 190 characters read in windows of 94 (batch 2, bptt 94), as batch 16 × (bptt 128 + 1) needs 2064 characters"
        )
    );
    assert_eq!((trainer.config.train.batch, trainer.config.train.bptt, trainer.chars_per_step()), (2, 94, 188));
    let plan = Plan::of(&config).unwrap();
    assert_eq!((plan.fit, plan.chars_per_step), (fit, 188));
    // it learns the paragraph: the training loss falls from a uniform guess to under a bit a character
    let first = trainer.step().loss / std::f32::consts::LN_2;
    let last = (0..300).map(|_| trainer.step().loss).last().unwrap() / std::f32::consts::LN_2;
    println!("paragraph: training loss {first:.2} → {last:.2} bits/char in 300 steps");
    assert!(first > 4.5 && last < 1.0, "{first} → {last}");
}

#[test]
fn a_korean_line_trains_as_one_window_in_jamo_or_in_syllables() {
    assert_eq!(LINE.chars().count(), 28);
    for (jamo, chars, bptt) in [(true, 58, 55), (false, 28, 25)] {
        let mut trainer = Trainer::from_config(&text_config(LINE, jamo)).unwrap();
        let fit = trainer.fit().clone();
        // 2 held out, the rest is one stream read as one window
        assert_eq!((fit.valid_chars, fit.train_chars, fit.batch, fit.bptt), (2, chars - 2, 1, bptt), "jamo {jamo}");
        assert!(fit.message.unwrap().starts_with(&format!("the text has {chars} characters: the last 2 are held out")));
        let first = trainer.step().loss;
        let last = (0..200).map(|_| trainer.step().loss).last().unwrap();
        assert!(last < first / 4.0, "jamo {jamo}: the line is learned by heart, {first} → {last} nats");
    }
}

#[test]
fn a_text_too_short_for_one_window_is_refused_with_the_minimum() {
    // one window of 16 characters and the one after each (17), and 2 held out: 19
    let refused = Trainer::from_config(&text_config("A short line.", false)).unwrap_err().to_string();
    assert_eq!(
        refused,
        "text: the text has 13 characters but at least 19 are needed: 17 to train one window of 16 characters and the one after each, \
         and 2 held out for validation; paste or load more text"
    );
    assert!(Plan::of(&text_config("A short line.", false)).is_err());
    assert!(Trainer::from_config(&text_config(&"x".repeat(19), false)).is_ok());
    // a config that asks for a shorter window needs less
    let mut short_window = text_config("A short line.", false);
    short_window.train.bptt = 8;
    let fit = Trainer::from_config(&short_window).unwrap().fit().clone();
    // 11 to train: one stream, read whole in 2 windows of 5 (a window of 8 would leave 2 unread)
    assert_eq!((fit.train_chars, fit.batch, fit.bptt), (11, 1, 5));
}

#[test]
fn a_text_long_enough_keeps_the_config_s_sizes() {
    // 2,170 characters leave 2,062 after 108 held out: under 2,064, so this one is fitted ...
    let under = text_config(&"The cat sat on the mat. ".repeat(91)[..2170], false);
    assert_eq!(Trainer::from_config(&under).unwrap().fit().batch, 15);
    // ... and 2,173 leave 2,065: the config's 16 × 128, no message, as before short texts trained
    let over = text_config(&"The cat sat on the mat. ".repeat(91)[..2173], false);
    let fit = Trainer::from_config(&over).unwrap().fit().clone();
    assert_eq!((fit.batch, fit.bptt, fit.shards, fit.message), (16, 128, 4, None));
}
