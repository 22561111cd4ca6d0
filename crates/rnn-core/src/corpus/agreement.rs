//! English-like sentences whose main verb agrees in number with its subject across attractors
//! (Linzen, Dupoux & Goldberg 2016), as seeded training text and as evaluation items.
//!
//! # Grammar
//! ```text
//! sentence         = "The" head [modifier] main-verb predicate ". "
//! modifier         = prepositional+ | subject-relative | object-relative
//! prepositional    = ("of" | "near" | "behind" | "with") "the" noun
//! subject-relative = "that" relative-verb "the" noun prepositional*   "that likes the books near the table"
//! object-relative  = "that the" noun prepositional* relative-verb     "that the authors near the table like"
//! ```
//! Nouns are 16 singulars and their plurals (+s). The main verb (is/are, was/were, has/have) agrees with
//! the head; so does the verb of a subject relative, while the verb of an object relative agrees with
//! the relative clause's own noun. Predicates ("is here", "has a key") read the same after either number.
//! Prepositional phrases inside a relative clause follow its noun, so every phrase has one attachment.
//!
//! # Counting attractors
//! `attractors` is the number of nouns between the head noun and the main verb: one per prepositional
//! phrase, and a relative clause counts one for its noun plus one per prepositional phrase inside it.
//! At most [`MAX_ATTRACTORS`] (4) nouns intervene. In evaluation [`items`] every intervening noun has
//! the number opposite to the head, so each is an attractor in Linzen's sense (and an object relative's
//! verb, agreeing with its noun, carries the wrong number too); a relative construction therefore has
//! 1 attractor from the clause plus 0..=3 prepositional ones, and [`Construction::None`] has 0. In
//! training text each intervening noun's number is a fair coin, so about half of them are attractors.
//!
//! # Training mix
//! Each sentence draws its number k of intervening nouns with weights 8 : 6 : 4 : 3 : 2 for k = 0..=4,
//! cut at `max_attractors`; with the default maximum 4 that is 35% / 26% / 17% / 13% / 9%, so short
//! sentences dominate and 3-4 noun chains are one sentence in five. A sentence with k >= 1 opens with
//! a relative clause (subject or object relative, even odds) with probability `relative_share`,
//! otherwise it is a chain of k prepositional phrases. Head, numbers, words and predicate are uniform.
//!
//! # Text layout
//! Sentences are concatenated, each ending in ". " (period, single space), so the text is one line
//! and every sentence after the first follows ". ". A probe prompt such as "The writer of the books"
//! starts exactly like a training sentence.
//!
//! # Held out
//! Items come from the same grammar and lexicon through their own [`Rng`] stream, and training text
//! never holds a sentence whose subject (the words before the main verb) is one of [`held_out`]: the
//! prefix of an evaluation item the page, the lessons or the CLI read ([`evaluation_items`] at
//! [`EVAL_SEED`] with [`EVAL_ITEMS_PER_CELL`]), a prompt of [`HELD_OUT_PROMPTS`], or a bare head of
//! [`ZERO_ATTRACTOR_HEADS`], the only heads of items with 0 attractors (so a verb right after "The
//! painting" is never seen in training, while "The painting of the keys is" is). The generator draws such a subject
//! again, keeping its construction and noun count, so the training mix stays as documented. Without
//! this, 0- and 1-attractor items occurred verbatim in training and their verb could be memorised.
//! For the default preset's corpus (20,000 sentences, at most 2 nouns, relative share 0.8, seed 1)
//! [`held_out`] holds 416 subjects, and 3,038 drawn subjects were refused and drawn again: 2,976
//! with no intervening noun, 62 with one (`cargo test -p rnn-core --lib held_out_counts -- --ignored --nocapture`).

use alloc::collections::BTreeSet;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use crate::{Error, Result, Rng};

/// Most nouns that may stand between a subject and its verb.
pub const MAX_ATTRACTORS: usize = 4;
/// Allowed `corpus.sentences`.
pub const SENTENCES: RangeInclusive<usize> = 100..=200_000;

// ---- lexicon ----

/// Singular nouns; each plural adds "s" (none of these ends in "s", so the number is unambiguous).
const NOUNS: [&str; 16] = [
    "writer", "book", "author", "editor", "key", "cabinet", "teacher", "student", "dog", "friend", "pilot", "doctor",
    "painting", "table", "farmer", "singer",
];
const PREPOSITIONS: [&str; 4] = ["of", "near", "behind", "with"];
/// Verbs of relative clauses, (singular, plural).
const RELATIVE_VERBS: [(&str, &str); 4] = [("likes", "like"), ("sees", "see"), ("knows", "know"), ("helps", "help")];
const COPULA_PREDICATES: [&str; 10] =
    ["here", "there", "old", "new", "ready", "late", "quiet", "happy", "in the room", "near the door"];
const HAVE_PREDICATES: [&str; 6] = ["a key", "a plan", "two dogs", "no time", "a new book", "many friends"];
/// Main verbs, (singular, plural, predicates that fit after either form).
const MAIN_VERBS: [(&str, &str, &[&str]); 3] =
    [("is", "are", &COPULA_PREDICATES), ("was", "were", &COPULA_PREDICATES), ("has", "have", &HAVE_PREDICATES)];
/// Heads of the items with no intervening noun (indices into [`NOUNS`], both numbers): "The painting",
/// "The tables" and the like never stand right before a main verb in training text.
pub const ZERO_ATTRACTOR_HEADS: core::ops::Range<usize> = 12..16;
/// The seed evaluation items are drawn from, "eval" in ASCII (`eval::EVAL_SEED` is this one).
pub const EVAL_SEED: u64 = 0x6576_616c;
/// Items per cell of the evaluation sets read anywhere: the page's and the lessons' 10, and the 24 of
/// `rnn train` and `rnn eval` (`eval::DEFAULT_PER_CELL`). Other sizes read items training may hold.
pub const EVAL_ITEMS_PER_CELL: [usize; 2] = [10, 24];
/// Prompts the page and its lessons read as held out: the page's default prompt and every lesson's
/// `prefers` prompt (`tests/lessons.rs` checks that no lesson asks another).
pub const HELD_OUT_PROMPTS: [&str; 1] = ["The writer of the books"];
/// Relative frequency of k = 0..=4 intervening nouns in training sentences.
const INTERVENING_WEIGHTS: [usize; MAX_ATTRACTORS + 1] = [8, 6, 4, 3, 2];

// ---- config ----

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct AgreementConfig {
    /// Training sentences to generate, in [`SENTENCES`].
    pub sentences: usize,
    /// Most nouns between a subject and its main verb, 0..=4.
    pub max_attractors: usize,
    /// Share of sentences with intervening nouns that open with a relative clause, 0..=1.
    pub relative_share: f32,
}

impl Default for AgreementConfig {
    fn default() -> Self {
        AgreementConfig { sentences: 20_000, max_attractors: MAX_ATTRACTORS, relative_share: 0.3 }
    }
}

impl AgreementConfig {
    pub fn validate(&self) -> Result<()> {
        if !SENTENCES.contains(&self.sentences) {
            return Err(Error::Config {
                field: "corpus.sentences",
                message: format!(
                    "must be between {} and {}, got {}",
                    SENTENCES.start(),
                    SENTENCES.end(),
                    self.sentences
                ),
            });
        }
        if self.max_attractors > MAX_ATTRACTORS {
            return Err(Error::Config {
                field: "corpus.max_attractors",
                message: format!("must be between 0 and {MAX_ATTRACTORS}, got {}", self.max_attractors),
            });
        }
        // written so that NaN fails too
        if !(0.0..=1.0).contains(&self.relative_share) {
            return Err(Error::Config {
                field: "corpus.relative_share",
                message: format!("must be a share between 0 and 1, got {}", self.relative_share),
            });
        }
        Ok(())
    }
}

// ---- evaluation items ----

/// What stands between the head noun and the main verb.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Construction {
    /// Nothing: "The writer".
    None,
    /// A chain of prepositional phrases: "The writer of the books near the tables".
    Prepositional,
    /// "The writer that likes the books", optionally followed by prepositional phrases.
    SubjectRelative,
    /// "The writer that the authors like", optionally with prepositional phrases before the verb.
    ObjectRelative,
}

impl Construction {
    pub const ALL: [Construction; 4] =
        [Construction::None, Construction::Prepositional, Construction::SubjectRelative, Construction::ObjectRelative];

    /// Whether an item of this construction can have `attractors` intervening nouns: 0 for `None`, else 1..=4.
    pub fn allows(self, attractors: usize) -> bool {
        match self {
            Construction::None => attractors == 0,
            _ => (1..=MAX_ATTRACTORS).contains(&attractors),
        }
    }
}

/// One agreement probe: the model should rate `prefix + " " + correct` above `prefix + " " + wrong`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AgreementItem {
    /// The subject up to the main verb, without a trailing space, e.g. "The writer of the books".
    pub prefix: String,
    /// The main verb form agreeing with the head, e.g. "is".
    pub correct: &'static str,
    /// The same verb in the other number, e.g. "are".
    pub wrong: &'static str,
    /// Intervening nouns, all of the number opposite to the head.
    pub attractors: usize,
    pub construction: Construction,
}

/// `n` items with exactly `attractors` intervening nouns, all of the opposite number to the head.
///
/// Panics unless `construction.allows(attractors)`: the caller picks these from fixed tables.
pub fn items(attractors: usize, construction: Construction, n: usize, rng: &mut Rng) -> Vec<AgreementItem> {
    assert!(
        construction.allows(attractors),
        "agreement items: {construction:?} cannot have {attractors} attractors \
         (None takes 0, the others 1..={MAX_ATTRACTORS})"
    );
    (0..n)
        .map(|_| {
            let head = match construction {
                Construction::None => Noun { index: ZERO_ATTRACTOR_HEADS.start + rng.below(ZERO_ATTRACTOR_HEADS.len()), plural: rng.chance(0.5) },
                _ => Noun::random(rng),
            };
            let intervening: Vec<Noun> =
                (0..attractors).map(|_| Noun { index: rng.below(NOUNS.len()), plural: !head.plural }).collect();
            let mut prefix = String::new();
            write_subject(&mut prefix, head, construction, &intervening, rng);
            let (singular, plural, _) = MAIN_VERBS[rng.below(MAIN_VERBS.len())];
            let (correct, wrong) = if head.plural { (plural, singular) } else { (singular, plural) };
            AgreementItem { prefix, correct, wrong, attractors, construction }
        })
        .collect()
}

/// The evaluation set: `per_cell` items for every construction that allows k attractors, k = 1..=4
/// (prepositional, subject relative, object relative), and 3·`per_cell` items with none, so every
/// attractor bucket holds 3·`per_cell` items. A pure function of its arguments.
pub fn evaluation_items(per_cell: usize, seed: u64) -> Vec<AgreementItem> {
    let mut rng = Rng::new(seed);
    let mut all = items(0, Construction::None, 3 * per_cell, &mut rng);
    for attractors in 1..=MAX_ATTRACTORS {
        for construction in &Construction::ALL[1..] {
            all.extend(items(attractors, *construction, per_cell, &mut rng));
        }
    }
    all
}

/// The subjects no training sentence has: see the module's "Held out".
pub fn held_out() -> BTreeSet<String> {
    let zero_attractor_subjects = ZERO_ATTRACTOR_HEADS.flat_map(|index| [false, true].map(|plural| Noun { index, plural }));
    let mut subjects: BTreeSet<String> = zero_attractor_subjects
        .map(|head| {
            let mut subject = String::new();
            write_subject(&mut subject, head, Construction::None, &[], &mut Rng::new(0));
            subject
        })
        .collect();
    subjects.extend(EVAL_ITEMS_PER_CELL.iter().flat_map(|&per_cell| evaluation_items(per_cell, EVAL_SEED)).map(|item| item.prefix));
    subjects.extend(HELD_OUT_PROMPTS.iter().map(|prompt| prompt.to_string()));
    subjects
}

// ---- training text ----

/// `cfg.sentences` sentences in the documented mix, none with a [`held_out`] subject; `cfg` must
/// have passed `validate`.
pub fn generate(cfg: &AgreementConfig, rng: &mut Rng) -> String {
    generate_holding_out(cfg, rng, &held_out()).0
}

/// [`generate`] with the subjects to hold out given, and how many subjects were drawn again, by the
/// number of nouns between head and verb.
fn generate_holding_out(cfg: &AgreementConfig, rng: &mut Rng, held_out: &BTreeSet<String>) -> (String, [usize; MAX_ATTRACTORS + 1]) {
    assert!(
        cfg.max_attractors <= MAX_ATTRACTORS,
        "agreement: max_attractors {} > {MAX_ATTRACTORS}",
        cfg.max_attractors
    );
    let weights = &INTERVENING_WEIGHTS[..=cfg.max_attractors];
    let total: usize = weights.iter().sum();
    let mut text = String::with_capacity(cfg.sentences * 48);
    let (mut subject, mut redrawn) = (String::new(), [0; MAX_ATTRACTORS + 1]);
    for _ in 0..cfg.sentences {
        let mut draw = rng.below(total);
        let mut count = 0;
        while draw >= weights[count] {
            draw -= weights[count];
            count += 1;
        }
        let construction = if count == 0 {
            Construction::None
        } else if rng.chance(cfg.relative_share) {
            if rng.chance(0.5) {
                Construction::SubjectRelative
            } else {
                Construction::ObjectRelative
            }
        } else {
            Construction::Prepositional
        };
        let head = loop {
            let head = Noun::random(rng);
            let intervening: Vec<Noun> = (0..count).map(|_| Noun::random(rng)).collect();
            subject.clear();
            write_subject(&mut subject, head, construction, &intervening, rng);
            if !held_out.contains(&subject) {
                break head;
            }
            // ends: of every count, held_out holds a few hundred of thousands of subjects, or 8 of 32 heads
            redrawn[count] += 1;
        };
        text.push_str(&subject);
        let (singular, plural, predicates) = MAIN_VERBS[rng.below(MAIN_VERBS.len())];
        text.push(' ');
        text.push_str(if head.plural { plural } else { singular });
        text.push(' ');
        text.push_str(predicates[rng.below(predicates.len())]);
        text.push_str(". ");
    }
    (text, redrawn)
}

// ---- writing a subject ----

#[derive(Clone, Copy, Debug)]
struct Noun {
    index: usize, // into NOUNS
    plural: bool,
}

impl Noun {
    fn random(rng: &mut Rng) -> Noun {
        Noun { index: rng.below(NOUNS.len()), plural: rng.chance(0.5) }
    }

    fn write(self, out: &mut String) {
        out.push_str(NOUNS[self.index]);
        if self.plural {
            out.push('s');
        }
    }
}

/// Writes "The head ..." up to (not including) the main verb. `intervening` are the nouns in reading
/// order; for a relative construction the first is the clause's own noun.
fn write_subject(out: &mut String, head: Noun, construction: Construction, intervening: &[Noun], rng: &mut Rng) {
    debug_assert!(construction.allows(intervening.len()), "{construction:?} with {} nouns", intervening.len());
    out.push_str("The ");
    head.write(out);
    match construction {
        Construction::None | Construction::Prepositional => write_prepositions(out, intervening, rng),
        Construction::SubjectRelative => {
            let (singular, plural) = RELATIVE_VERBS[rng.below(RELATIVE_VERBS.len())];
            out.push_str(" that ");
            out.push_str(if head.plural { plural } else { singular });
            out.push_str(" the ");
            intervening[0].write(out);
            write_prepositions(out, &intervening[1..], rng);
        }
        Construction::ObjectRelative => {
            let (singular, plural) = RELATIVE_VERBS[rng.below(RELATIVE_VERBS.len())];
            out.push_str(" that the ");
            intervening[0].write(out);
            write_prepositions(out, &intervening[1..], rng);
            out.push(' ');
            out.push_str(if intervening[0].plural { plural } else { singular });
        }
    }
}

fn write_prepositions(out: &mut String, nouns: &[Noun], rng: &mut Rng) {
    for &noun in nouns {
        out.push(' ');
        out.push_str(PREPOSITIONS[rng.below(PREPOSITIONS.len())]);
        out.push_str(" the ");
        noun.write(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    // ---- a checker that reads the generator's output back ----

    #[derive(Debug, PartialEq)]
    struct Parsed {
        head_plural: bool,
        intervening: Vec<bool>, // number of each noun between head and main verb, reading order
        construction: Construction,
    }

    fn noun(word: &str) -> Option<bool> {
        if NOUNS.contains(&word) {
            return Some(false);
        }
        word.strip_suffix('s').filter(|stem| NOUNS.contains(stem)).map(|_| true)
    }

    fn relative_verb(word: &str) -> Option<bool> {
        RELATIVE_VERBS.iter().find_map(|&(singular, plural)| match word {
            w if w == singular => Some(false),
            w if w == plural => Some(true),
            _ => None,
        })
    }

    fn prepositions<'a, 'b>(mut words: &'a [&'b str], nouns: &mut Vec<bool>) -> Option<&'a [&'b str]> {
        while let [preposition, "the", object, rest @ ..] = words {
            if !PREPOSITIONS.contains(preposition) {
                break;
            }
            nouns.push(noun(object)?);
            words = rest;
        }
        Some(words)
    }

    /// Reads "The head ..." up to the main verb, checking that relative verbs agree; None if it fails.
    fn parse_subject<'a, 'b>(words: &'a [&'b str]) -> Option<(Parsed, &'a [&'b str])> {
        let ["The", head, words @ ..] = words else { return None };
        let head_plural = noun(head)?;
        let mut intervening = Vec::new();
        let (construction, rest) = match words {
            ["that", "the", clause_noun, rest @ ..] => {
                let clause_plural = noun(clause_noun)?;
                intervening.push(clause_plural);
                let [verb, rest @ ..] = prepositions(rest, &mut intervening)? else { return None };
                (relative_verb(verb)? == clause_plural).then_some((Construction::ObjectRelative, rest))?
            }
            ["that", verb, "the", object, rest @ ..] => {
                intervening.push(noun(object)?);
                let rest = prepositions(rest, &mut intervening)?;
                (relative_verb(verb)? == head_plural).then_some((Construction::SubjectRelative, rest))?
            }
            _ => {
                let rest = prepositions(words, &mut intervening)?;
                let construction =
                    if intervening.is_empty() { Construction::None } else { Construction::Prepositional };
                (construction, rest)
            }
        };
        Some((Parsed { head_plural, intervening, construction }, rest))
    }

    /// Parses a whole sentence (without its ". ") and panics unless the main verb agrees with the head.
    fn check_sentence(sentence: &str) -> Parsed {
        let words: Vec<&str> = sentence.split(' ').collect();
        let (parsed, rest) = parse_subject(&words).unwrap_or_else(|| panic!("subject does not parse: {sentence:?}"));
        let [verb, predicate @ ..] = rest else { panic!("no main verb: {sentence:?}") };
        let &(_, plural, predicates) = MAIN_VERBS
            .iter()
            .find(|(singular, plural, _)| verb == singular || verb == plural)
            .unwrap_or_else(|| panic!("no main verb: {sentence:?}"));
        assert_eq!(*verb == plural, parsed.head_plural, "main verb disagrees with the head: {sentence:?}");
        assert!(predicates.contains(&predicate.join(" ").as_str()), "bad predicate: {sentence:?}");
        parsed
    }

    fn sentences(text: &str) -> Vec<&str> {
        text.strip_suffix(". ").expect("text ends with \". \"").split(". ").collect()
    }

    // ---- tests ----

    #[test]
    fn the_writer_of_the_books_is_one_subject_with_one_attractor() {
        let words = ["The", "writer", "of", "the", "books", "is"];
        let (parsed, rest) = parse_subject(&words).unwrap();
        assert_eq!(
            parsed,
            Parsed { head_plural: false, intervening: vec![true], construction: Construction::Prepositional }
        );
        assert_eq!(rest, ["is"]);
        assert_eq!(check_sentence("The writer of the books is here").intervening.len(), 1);
        // and both the training text and the items produce it
        let big = AgreementConfig { sentences: 200_000, ..AgreementConfig::default() };
        assert!(generate(&big, &mut Rng::new(1)).contains("The writer of the books "));
        let found = items(1, Construction::Prepositional, 20_000, &mut Rng::new(2))
            .into_iter()
            .any(|item| item.prefix == "The writer of the books" && item.correct == "is" && item.wrong == "are");
        assert!(found);
    }

    /// The words of `sentence` before its main verb.
    fn subject(sentence: &str) -> String {
        let words: Vec<&str> = sentence.split(' ').collect();
        let (_, rest) = parse_subject(&words).unwrap_or_else(|| panic!("subject does not parse: {sentence:?}"));
        words[..words.len() - rest.len()].join(" ")
    }

    #[test]
    fn no_training_sentence_has_a_held_out_subject() {
        let held_out = held_out();
        // the page's and lessons' items, the CLI's, the default prompt and every zero-attractor item
        for per_cell in EVAL_ITEMS_PER_CELL {
            assert!(evaluation_items(per_cell, EVAL_SEED).iter().all(|item| held_out.contains(&item.prefix)));
        }
        assert!(held_out.contains("The writer of the books") && held_out.contains("The tables") && !held_out.contains("The writer"));
        for (config, seed) in [(AgreementConfig::default(), 1), (AgreementConfig { sentences: 50_000, relative_share: 0.5, ..AgreementConfig::default() }, 2)] {
            let text = generate(&config, &mut Rng::new(seed));
            let all = sentences(&text);
            let hits: Vec<&str> = all.iter().copied().filter(|s| held_out.contains(&subject(s))).collect();
            assert!(hits.is_empty(), "{} of {} training sentences have a held-out subject, e.g. {:?}", hits.len(), all.len(), &hits[..hits.len().min(3)]);
            // and every construction and count still occurs, zero attractors included
            let counts: BTreeSet<usize> = all.iter().map(|s| check_sentence(s).intervening.len()).collect();
            assert_eq!(counts.len(), MAX_ATTRACTORS + 1);
        }
    }

    #[test]
    #[ignore = "prints the figures of the module's \"Held out\"; run with --ignored --nocapture"]
    fn held_out_counts_for_the_default_corpus() {
        // the default preset's corpus, as `CorpusConfig::build` draws it for seed 1
        let config = AgreementConfig { max_attractors: 2, relative_share: 0.8, ..AgreementConfig::default() };
        let held_out = held_out();
        let (_, redrawn) = generate_holding_out(&config, &mut Rng::new(1).fork(super::super::CORPUS_STREAM), &held_out);
        println!("held out: {} subjects; default corpus: subjects drawn again by nouns 0..=4: {redrawn:?}", held_out.len());
    }

    #[test]
    fn every_generated_sentence_parses_and_agrees() {
        let text = generate(&AgreementConfig::default(), &mut Rng::new(3));
        let all = sentences(&text);
        assert_eq!(all.len(), 20_000);
        for sentence in all {
            assert!(sentence.starts_with("The "), "{sentence:?}");
            check_sentence(sentence);
        }
        assert!(!text.contains('\n') && !text.contains("  "), "sentences are joined by single spaces");
    }

    #[test]
    fn intervening_nouns_follow_the_documented_mix() {
        let cfg = AgreementConfig::default();
        let parsed: Vec<Parsed> =
            sentences(&generate(&cfg, &mut Rng::new(4))).into_iter().map(check_sentence).collect();
        let n = parsed.len() as f32;
        // weights 8:6:4:3:2 over 23
        for (k, weight) in INTERVENING_WEIGHTS.iter().enumerate() {
            let share = parsed.iter().filter(|p| p.intervening.len() == k).count() as f32 / n;
            assert!((share - *weight as f32 / 23.0).abs() < 0.015, "k = {k}: share {share}");
        }
        let with_nouns: Vec<&Parsed> = parsed.iter().filter(|p| !p.intervening.is_empty()).collect();
        let relative = with_nouns.iter().filter(|p| p.construction != Construction::Prepositional).count();
        let subject = with_nouns.iter().filter(|p| p.construction == Construction::SubjectRelative).count();
        let relative_share = relative as f32 / with_nouns.len() as f32;
        assert!((relative_share - 0.3).abs() < 0.02, "relative share {relative_share}");
        assert!((subject as f32 / relative as f32 - 0.5).abs() < 0.04);
        // about half of the intervening nouns disagree with their head, i.e. are attractors
        let (attractors, nouns) = parsed.iter().fold((0, 0), |(a, t), p| {
            (a + p.intervening.iter().filter(|&&plural| plural != p.head_plural).count(), t + p.intervening.len())
        });
        assert!((attractors as f32 / nouns as f32 - 0.5).abs() < 0.02);
    }

    #[test]
    fn knobs_bound_the_attractors_and_the_relative_clauses() {
        let none = AgreementConfig { sentences: 500, max_attractors: 0, relative_share: 1.0 };
        for sentence in sentences(&generate(&none, &mut Rng::new(5))) {
            assert_eq!(check_sentence(sentence).construction, Construction::None, "{sentence:?}");
        }
        let max_two_all_relative = AgreementConfig { sentences: 2_000, max_attractors: 2, relative_share: 1.0 };
        for sentence in sentences(&generate(&max_two_all_relative, &mut Rng::new(6))) {
            let parsed = check_sentence(sentence);
            assert!(parsed.intervening.len() <= 2, "{sentence:?}");
            assert_ne!(parsed.construction, Construction::Prepositional, "{sentence:?}");
        }
        let no_relative = AgreementConfig { sentences: 2_000, max_attractors: 4, relative_share: 0.0 };
        let text = generate(&no_relative, &mut Rng::new(7));
        assert!(!text.contains(" that "));
        assert!(sentences(&text).into_iter().any(|s| check_sentence(s).intervening.len() == 4));
    }

    #[test]
    fn same_seed_same_corpus_and_seeds_differ() {
        let cfg = AgreementConfig { sentences: 1_000, ..AgreementConfig::default() };
        let a = generate(&cfg, &mut Rng::new(9));
        assert_eq!(a, generate(&cfg, &mut Rng::new(9)));
        assert_ne!(a, generate(&cfg, &mut Rng::new(10)));
        assert_eq!(
            items(2, Construction::ObjectRelative, 50, &mut Rng::new(9)),
            items(2, Construction::ObjectRelative, 50, &mut Rng::new(9))
        );
    }

    #[test]
    fn items_have_the_stated_attractors_all_of_the_opposite_number() {
        let mut rng = Rng::new(11);
        for construction in Construction::ALL {
            for attractors in (0..=MAX_ATTRACTORS).filter(|&k| construction.allows(k)) {
                for item in items(attractors, construction, 200, &mut rng) {
                    assert_eq!((item.attractors, item.construction), (attractors, construction));
                    let words: Vec<&str> = item.prefix.split(' ').collect();
                    let (parsed, rest) = parse_subject(&words).unwrap_or_else(|| panic!("{item:?}"));
                    assert!(rest.is_empty(), "prefix ends before the main verb: {item:?}");
                    assert_eq!(parsed.construction, construction, "{item:?}");
                    assert_eq!(parsed.intervening.len(), attractors, "{item:?}");
                    assert!(parsed.intervening.iter().all(|&plural| plural != parsed.head_plural), "{item:?}");
                    let &(singular, plural, _) =
                        MAIN_VERBS.iter().find(|(s, p, _)| [*s, *p].contains(&item.correct)).unwrap();
                    let expected = if parsed.head_plural { (plural, singular) } else { (singular, plural) };
                    assert_eq!((item.correct, item.wrong), expected, "{item:?}");
                }
            }
        }
        // relative items with one attractor are exactly the clause: "The writer that likes the books"
        let item = &items(1, Construction::SubjectRelative, 1, &mut rng)[0];
        assert_eq!(item.prefix.split(' ').count(), 6, "{item:?}");
    }

    #[test]
    #[should_panic(expected = "cannot have 1 attractors")]
    fn items_refuse_attractors_for_no_construction() {
        items(1, Construction::None, 1, &mut Rng::new(1));
    }

    #[test]
    fn config_defaults_serde_and_validation_name_the_field() {
        let cfg: AgreementConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(cfg, AgreementConfig { sentences: 20_000, max_attractors: 4, relative_share: 0.3 });
        assert_eq!(cfg.validate(), Ok(()));
        assert!(serde_json::from_str::<AgreementConfig>(r#"{"sentence": 100}"#).is_err(), "unknown fields are refused");
        assert_eq!(serde_json::to_string(&Construction::SubjectRelative).unwrap(), r#""subject_relative""#);
        let cases = [
            (AgreementConfig { sentences: 99, ..cfg.clone() }, "corpus.sentences"),
            (AgreementConfig { sentences: 200_001, ..cfg.clone() }, "corpus.sentences"),
            (AgreementConfig { max_attractors: 5, ..cfg.clone() }, "corpus.max_attractors"),
            (AgreementConfig { relative_share: -0.1, ..cfg.clone() }, "corpus.relative_share"),
            (AgreementConfig { relative_share: f32::NAN, ..cfg.clone() }, "corpus.relative_share"),
        ];
        for (bad, expected) in cases {
            assert!(matches!(bad.validate(), Err(Error::Config { field, .. }) if field == expected), "{bad:?}");
        }
    }
}
