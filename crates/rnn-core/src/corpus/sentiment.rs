//! The sentiment tagging task: short review-like sentences whose words carry a sentiment tag that
//! depends on context, some of it to the right of the word.
//!
//! A sentence is one or two clauses and a full stop, one sentence a line:
//!     sentence := clause [" but " clause] "."
//!     clause   := "the " NOUN " was " ["not "] [INTENSIFIER " "] ADJECTIVE
//! e.g. `the plot was not terribly clever but the music was great.` Each draw is independent and
//! uniform: the noun, the adjective's polarity (then the adjective within it), a negation with
//! probability 1/3, an intensifier with probability 1/2, a second clause with probability 1/2.
//!
//! Tags (negative or positive), each read at the **last character** of its word (no tagged word is
//! a prefix of another word, so a left-to-right reader knows the word there):
//! - an adjective: its polarity, flipped by a "not" in its clause. Decided by the words up to it.
//! - an intensifier (*terribly*, *awfully*, *incredibly*, *really*, *truly*, *quite*): the polarity
//!   of the adjective that follows it ("terribly good" positive, "terribly dull" negative), whatever
//!   negates the clause; "not": the polarity of what it negates flipped ("not good" negative).
//!   Both are decided **only by words after them**: the adjective is drawn independently of
//!   everything before it, so a left-to-right reader is at chance (1/2) there by construction.
//!   Neither needs the words before it, so a reverse direction alone can tell them.
//! - the full stop: the sentence's label, the polarity of its last clause ("good but dull" is
//!   negative). Decided by the words up to it.
//!
//! Nouns, "the", "was", "but" and spaces are untagged.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use crate::{Error, Result, Rng};

/// The tags, by id.
pub const TAGS: [&str; 2] = ["negative", "positive"];
pub const NEGATIVE: u16 = 0;
pub const POSITIVE: u16 = 1;

pub const NOUNS: [&str; 8] = ["movie", "film", "plot", "story", "acting", "ending", "music", "script"];
pub const POSITIVE_ADJECTIVES: [&str; 8] = ["good", "great", "funny", "clever", "charming", "brilliant", "moving", "exciting"];
pub const NEGATIVE_ADJECTIVES: [&str; 8] = ["bad", "dull", "boring", "weak", "messy", "stale", "clumsy", "tedious"];
pub const INTENSIFIERS: [&str; 6] = ["terribly", "awfully", "incredibly", "really", "truly", "quite"];
pub const NEGATION: &str = "not";
pub const CONTRAST: &str = "but";

/// The longest sentence the grammar makes, in characters with its line break; a training window
/// (`train.bptt`) must hold one.
pub const MAX_LINE_CHARS: usize = 85;
/// Allowed `corpus.sentences`.
pub const SENTENCES: RangeInclusive<usize> = 100..=50_000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct SentimentConfig {
    /// Lines of training text, one sentence each.
    pub sentences: usize,
}

impl Default for SentimentConfig {
    fn default() -> Self {
        SentimentConfig { sentences: 20_000 }
    }
}

impl SentimentConfig {
    pub fn validate(&self) -> Result<()> {
        if !SENTENCES.contains(&self.sentences) {
            return Err(Error::Config {
                field: "corpus.sentences",
                message: format!("must be between {} and {}, got {}", SENTENCES.start(), SENTENCES.end(), self.sentences),
            });
        }
        Ok(())
    }
}

/// `cfg.sentences` sentences, each followed by "\n".
pub fn generate(cfg: &SentimentConfig, rng: &mut Rng) -> String {
    let mut text = String::new();
    for _ in 0..cfg.sentences {
        text.push_str(&sentence(rng));
        text.push('\n');
    }
    text
}

/// One sentence of the grammar, without its line break.
pub fn sentence(rng: &mut Rng) -> String {
    let mut out = clause(rng);
    if rng.below(2) == 1 {
        out.push_str(" but ");
        out.push_str(&clause(rng));
    }
    out.push('.');
    out
}

fn clause(rng: &mut Rng) -> String {
    let mut out = format!("the {} was ", NOUNS[rng.below(NOUNS.len())]);
    if rng.below(3) == 0 {
        out.push_str("not ");
    }
    if rng.below(2) == 1 {
        out.push_str(INTENSIFIERS[rng.below(INTENSIFIERS.len())]);
        out.push(' ');
    }
    let adjectives = if rng.below(2) == 1 { &POSITIVE_ADJECTIVES } else { &NEGATIVE_ADJECTIVES };
    out.push_str(adjectives[rng.below(adjectives.len())]);
    out
}

/// What decides a tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decided {
    /// The words up to and including the tagged one (adjectives).
    Left,
    /// Only words after the tagged one ("not" and intensifiers).
    Right,
    /// The whole sentence (the full stop's sentence label).
    Sentence,
}

/// One tagged position of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tagged {
    /// Character index within the line.
    pub at: usize,
    pub tag: u16,
    pub decided: Decided,
}

/// The tags of one sentence by the rules above; words outside the lexicon are untagged, and a
/// clause without an adjective tags nothing.
pub fn tag(line: &str) -> Vec<Tagged> {
    let mut out = Vec::new();
    let mut pending: Vec<(usize, bool)> = Vec::new(); // (end, is "not") of words waiting for their adjective
    let (mut negated, mut last_clause) = (false, None);
    let mut start = 0;
    for word in line.split(' ') {
        let end = start + word.chars().count(); // one past the word's last character
        let (bare, stop) = match word.strip_suffix('.') {
            Some(bare) => (bare, Some(end - 1)),
            None => (word, None),
        };
        let last = start + bare.chars().count();
        let polarity = if POSITIVE_ADJECTIVES.contains(&bare) {
            Some(POSITIVE)
        } else if NEGATIVE_ADJECTIVES.contains(&bare) {
            Some(NEGATIVE)
        } else {
            None
        };
        if let Some(polarity) = polarity {
            let tag = if negated { 1 - polarity } else { polarity };
            let right = pending.drain(..).map(|(at, negation)| Tagged { at, tag: if negation { 1 - polarity } else { polarity }, decided: Decided::Right });
            out.extend(right);
            out.push(Tagged { at: last - 1, tag, decided: Decided::Left });
            last_clause = Some(tag);
            negated = false;
        } else if bare == NEGATION {
            negated = true;
            pending.push((last - 1, true));
        } else if INTENSIFIERS.contains(&bare) {
            pending.push((last - 1, false));
        } else {
            (negated, last_clause) = (false, if bare == CONTRAST { None } else { last_clause });
            pending.clear();
        }
        if let (Some(at), Some(tag)) = (stop, last_clause) {
            out.push(Tagged { at, tag, decided: Decided::Sentence });
        }
        start = end + 1;
    }
    out.sort_by_key(|t| t.at);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags_of(line: &str) -> Vec<(&str, u16, Decided)> {
        tag(line)
            .into_iter()
            .map(|t| {
                let word_start = match t.decided {
                    Decided::Sentence => t.at,
                    _ => line[..=t.at].rfind(' ').map_or(0, |i| i + 1),
                };
                (&line[word_start..=t.at], t.tag, t.decided)
            })
            .collect()
    }

    #[test]
    fn intensifiers_and_negations_take_the_polarity_of_what_follows() {
        use Decided::*;
        assert_eq!(tags_of("the plot was terribly good."), [("terribly", 1, Right), ("good", 1, Left), (".", 1, Sentence)]);
        assert_eq!(tags_of("the plot was terribly dull."), [("terribly", 0, Right), ("dull", 0, Left), (".", 0, Sentence)]);
        assert_eq!(
            tags_of("the film was not awfully clever but the music was great."),
            [("not", 0, Right), ("awfully", 1, Right), ("clever", 0, Left), ("great", 1, Left), (".", 1, Sentence)]
        );
        assert_eq!(tags_of("the film was good but the music was not bad."), [("good", 1, Left), ("not", 1, Right), ("bad", 1, Left), (".", 1, Sentence)]);
        assert_eq!(tags_of("the film was long."), []);
        // the lecture's example: only the word after "terribly" says it is positive
        assert_eq!(tags_of("the movie was terribly exciting."), [("terribly", 1, Right), ("exciting", 1, Left), (".", 1, Sentence)]);
    }

    #[test]
    fn no_tagged_word_is_a_prefix_of_another_word() {
        let tagged: Vec<&str> = POSITIVE_ADJECTIVES.iter().chain(&NEGATIVE_ADJECTIVES).chain(&INTENSIFIERS).chain(&[NEGATION]).copied().collect();
        let all: Vec<&str> = tagged.iter().chain(&NOUNS).chain(&["the", "was", CONTRAST]).copied().collect();
        for t in &tagged {
            for w in &all {
                assert!(t == w || !w.starts_with(t), "{t} is a prefix of {w}: a left-to-right reader could not tell at its last character");
            }
        }
    }

    #[test]
    fn the_longest_sentence_fits_max_line_chars() {
        let longest = |words: &[&str]| words.iter().map(|w| w.len()).max().unwrap();
        let clause = "the ".len() + longest(&NOUNS) + " was not ".len() + longest(&INTENSIFIERS) + 1 + longest(&POSITIVE_ADJECTIVES).max(longest(&NEGATIVE_ADJECTIVES));
        assert_eq!(2 * clause + " but ".len() + ".\n".len(), MAX_LINE_CHARS);
        let mut rng = Rng::new(5);
        assert!((0..2000).all(|_| sentence(&mut rng).len() < MAX_LINE_CHARS));
    }

    #[test]
    fn right_decided_tags_are_balanced_for_every_word() {
        // the reason a left-to-right model is at chance there: each word is as often positive as negative
        let text = generate(&SentimentConfig { sentences: 20_000 }, &mut Rng::new(9));
        for word in INTENSIFIERS.iter().chain(&[NEGATION]) {
            let (mut positive, mut all) = (0, 0);
            for line in text.lines() {
                for t in tag(line).iter().filter(|t| t.decided == Decided::Right) {
                    let start = line[..=t.at].rfind(' ').map_or(0, |i| i + 1);
                    if &line[start..=t.at] == *word {
                        all += 1;
                        positive += t.tag as usize;
                    }
                }
            }
            let share = positive as f64 / all as f64;
            assert!(all > 1000 && (share - 0.5).abs() < 0.03, "{word}: {positive} positive of {all}");
        }
    }
}
