//! What a vocabulary does to a text: the characters it cannot hold are read as "other" (U+FFFD).
//! Said before training, so a text in a script with many characters is not learned as a sea of "�"
//! without a word.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use serde::Serialize;

use crate::vocab::{Vocab, OTHER};

/// How many of a text's characters a vocabulary folds into "other".
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Folding {
    /// Characters in the text.
    pub chars: usize,
    /// Distinct characters in the text ("other" itself not counted).
    pub distinct: usize,
    /// Symbols of the vocabulary, "other" included.
    pub vocab: usize,
    /// Distinct characters the vocabulary lacks.
    pub folded_distinct: usize,
    /// Occurrences of those characters in the text.
    pub folded_chars: usize,
    /// `folded_chars / chars`, 0 for an empty text.
    pub folded_share: f32,
    /// The most frequent folded characters, at most ten, most frequent first.
    pub most_folded: Vec<char>,
}

impl Folding {
    /// The folding of `text` by `vocab` (built from it or from another text).
    pub fn of(text: &str, vocab: &Vocab) -> Folding {
        let mut counts: BTreeMap<char, usize> = BTreeMap::new();
        let mut chars = 0;
        for c in text.chars() {
            chars += 1;
            if c != OTHER {
                *counts.entry(c).or_insert(0) += 1;
            }
        }
        let mut folded: Vec<(char, usize)> = counts.iter().filter(|(&c, _)| vocab.id(c) == 0).map(|(&c, &n)| (c, n)).collect();
        let folded_chars = folded.iter().map(|&(_, n)| n).sum();
        folded.sort_by_key(|&(_, n)| core::cmp::Reverse(n)); // stable: ties keep code point order
        Folding {
            chars,
            distinct: counts.len(),
            vocab: vocab.len(),
            folded_distinct: folded.len(),
            folded_chars,
            folded_share: if chars == 0 { 0.0 } else { folded_chars as f32 / chars as f32 },
            most_folded: folded.iter().take(10).map(|&(c, _)| c).collect(),
        }
    }

    /// A sentence for the user when anything is folded, else `None`.
    pub fn message(&self) -> Option<String> {
        if self.folded_chars == 0 {
            return None;
        }
        let examples: String = self.most_folded.iter().collect();
        let hangul = self.most_folded.iter().copied().any(crate::hangul::is_syllable);
        let advice = if hangul {
            "; for Korean, set the text corpus's \"jamo\": true to train on letters (jamo) instead of syllables"
        } else {
            "; a text in fewer distinct characters avoids it"
        };
        Some(format!(
            "the text has {} distinct characters but the vocabulary holds {} symbols: {} of its {} characters ({:.1}%), \
             {} distinct ones such as {examples}, are read as \"other\" (\u{FFFD}){advice}",
            self.distinct,
            self.vocab,
            self.folded_chars,
            self.chars,
            100.0 * self.folded_share,
            self.folded_distinct
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_what_a_small_vocabulary_folds() {
        // a 4, b 3, c 2, d 2, e 1; three symbols keep a and b: c, d, e (5 of 12 chars) fold
        let text = "eddccbbbaaaa";
        let folding = Folding::of(text, &Vocab::from_text(text, 3).unwrap());
        assert_eq!(
            folding,
            Folding { chars: 12, distinct: 5, vocab: 3, folded_distinct: 3, folded_chars: 5, folded_share: 5.0 / 12.0, most_folded: alloc::vec!['c', 'd', 'e'] }
        );
        assert_eq!(
            folding.message().unwrap(),
            "the text has 5 distinct characters but the vocabulary holds 3 symbols: 5 of its 12 characters (41.7%), \
             3 distinct ones such as cde, are read as \"other\" (\u{FFFD}); a text in fewer distinct characters avoids it"
        );
        let whole = Folding::of(text, &Vocab::from_text(text, 10).unwrap());
        assert_eq!((whole.folded_chars, whole.message()), (0, None));
    }

    #[test]
    fn korean_text_is_pointed_to_jamo() {
        let text: String = (0..300).map(|i| char::from_u32(0xAC00 + i).unwrap()).collect();
        let folding = Folding::of(&text, &Vocab::from_text(&text, 192).unwrap());
        assert_eq!((folding.folded_distinct, folding.folded_chars), (109, 109));
        assert!(folding.message().unwrap().contains("\"jamo\": true"), "{:?}", folding.message());
    }
}
