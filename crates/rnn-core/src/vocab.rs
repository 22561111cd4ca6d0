//! Characters <-> ids over Unicode scalar values (chars, not bytes), and the checks on user text.
//!
//! Id 0 is always the "other" symbol U+FFFD that every unknown char maps to; ids 1.. are the kept
//! chars in ascending code point order, so the same set of chars always gives the same ids and a
//! lookup is a binary search.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::{Error, Result};

/// The symbol with id 0: any char not in the vocabulary reads and prints as this.
pub const OTHER: char = '\u{FFFD}';
/// Ids are u16, so a vocabulary holds at most this many symbols, "other" included.
pub const MAX_VOCAB: usize = 1 << 16;
/// User text longer than this (in chars) is refused, to bound memory in the page.
pub const MAX_TEXT_CHARS: usize = 5_000_000;
/// Text where more than this share of chars are control chars (other than \n \r \t) looks binary.
pub const MAX_CONTROL_SHARE: f32 = 0.01;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vocab {
    chars: Vec<char>, // (len,) OTHER first, then strictly ascending code points
}

impl Vocab {
    /// The `max_size - 1` most frequent chars of `text` (ties go to the lower code point) plus "other".
    pub fn from_text(text: &str, max_size: usize) -> Result<Vocab> {
        if !(2..=MAX_VOCAB).contains(&max_size) {
            return Err(Error::Config {
                field: "vocab.max_size",
                message: format!("must be between 2 and {MAX_VOCAB} (ids are 16-bit), got {max_size}"),
            });
        }
        let mut counts: BTreeMap<char, usize> = BTreeMap::new();
        for c in text.chars().filter(|&c| c != OTHER) {
            *counts.entry(c).or_insert(0) += 1;
        }
        // the map iterates in code point order and the sort is stable, so equal counts keep that order
        let mut by_count: Vec<(char, usize)> = counts.into_iter().collect();
        by_count.sort_by_key(|&(_, count)| core::cmp::Reverse(count));
        let mut kept: Vec<char> = by_count.into_iter().take(max_size - 1).map(|(c, _)| c).collect();
        kept.sort_unstable();
        let mut chars = Vec::with_capacity(kept.len() + 1);
        chars.push(OTHER);
        chars.extend(kept);
        Ok(Vocab { chars })
    }

    /// A vocabulary read back from a model file: `chars` as returned by [`Vocab::chars`].
    pub fn from_chars(chars: &[char]) -> Result<Vocab> {
        if chars.first() != Some(&OTHER) {
            return Err(Error::ModelFile(String::from(
                "the vocabulary must start with the \"other\" symbol U+FFFD; \
                 the file was not written by this program or is corrupt",
            )));
        }
        if chars.len() > MAX_VOCAB {
            return Err(Error::ModelFile(format!(
                "the vocabulary has {} symbols but ids are 16-bit (at most {MAX_VOCAB}); the file is corrupt",
                chars.len()
            )));
        }
        if let Some(pair) = chars[1..].windows(2).find(|pair| pair[0] >= pair[1]) {
            let problem = if pair[0] == pair[1] { "a duplicate" } else { "out of code point order" };
            return Err(Error::ModelFile(format!(
                "vocabulary symbol {:?} is {problem}; symbols after U+FFFD must be unique and ascending, \
                 so the file is corrupt",
                pair[1]
            )));
        }
        if chars[1..].contains(&OTHER) {
            return Err(Error::ModelFile(String::from(
                "the vocabulary lists U+FFFD twice; it must appear only first, so the file is corrupt",
            )));
        }
        Ok(Vocab { chars: chars.to_vec() })
    }

    /// All symbols by id: U+FFFD first, then ascending code points. What a model file stores.
    pub fn chars(&self) -> &[char] {
        &self.chars
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// Always false: "other" is always there.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The id of `c`, or 0 ("other") when `c` is not in the vocabulary.
    pub fn id(&self, c: char) -> u16 {
        match self.chars[1..].binary_search(&c) {
            Ok(index) => (index + 1) as u16,
            Err(_) => 0,
        }
    }

    /// The char with id `id`; panics if `id >= len()`, which no id from this vocabulary can be.
    pub fn char(&self, id: u16) -> char {
        assert!((id as usize) < self.chars.len(), "vocab id {id} out of range 0..{}", self.chars.len());
        self.chars[id as usize]
    }

    pub fn encode(&self, text: &str) -> Vec<u16> {
        text.chars().map(|c| self.id(c)).collect()
    }

    pub fn decode(&self, ids: &[u16]) -> String {
        ids.iter().map(|&id| self.char(id)).collect()
    }
}

/// Refuses text a user gave as a corpus when it is empty, too long or looks binary (a text too
/// short for one training window is refused by [`crate::TrainConfig::fit`], which knows the window).
pub fn check_user_text(text: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(Error::Text(String::from(
            "the text is empty or only whitespace; paste or load some plain text (a sentence trains; a book trains better)",
        )));
    }
    if text.contains('\0') {
        return Err(Error::Text(String::from(
            "the text contains a NUL character (U+0000), so it looks like a binary file; use a plain text (UTF-8) file",
        )));
    }
    let (mut total, mut control) = (0usize, 0usize);
    for c in text.chars() {
        total += 1;
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t') {
            control += 1;
        }
    }
    if control as f32 > MAX_CONTROL_SHARE * total as f32 {
        return Err(Error::Text(format!(
            "{control} of the {total} characters are control characters (more than {}%), \
             so it looks like a binary file; use a plain text (UTF-8) file",
            MAX_CONTROL_SHARE * 100.0
        )));
    }
    if total > MAX_TEXT_CHARS {
        return Err(Error::Text(format!(
            "the text has {total} characters, more than the limit of {MAX_TEXT_CHARS}; use a shorter excerpt"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn from_text_keeps_the_most_frequent_chars_in_code_point_order() {
        // counts: a 4, b 3, c 2, d 2, e 1; size 4 keeps a, b and the tie c/d goes to c (lower code point)
        let vocab = Vocab::from_text("eddccbbbaaaa", 4).unwrap();
        assert_eq!(vocab.chars(), &[OTHER, 'a', 'b', 'c']);
        assert_eq!(vocab.len(), 4);
        assert_eq!(vocab.id('a'), 1);
        assert_eq!(vocab.id('c'), 3);
        assert_eq!(vocab.id('d'), 0);
        assert_eq!(vocab.id(OTHER), 0);
        assert_eq!(vocab.char(0), OTHER);
        // the same set of chars gives the same ids whatever the order of the text
        assert_eq!(Vocab::from_text("aaaabbbccdde", 4).unwrap(), vocab);
    }

    #[test]
    fn encode_decode_round_trips_unicode_and_maps_unknown_chars_to_other() {
        let text = "Où est le café? 日本語 🦀\n";
        let vocab = Vocab::from_text(text, 1000).unwrap();
        assert_eq!(vocab.decode(&vocab.encode(text)), text);
        assert_eq!(vocab.encode("é").len(), 1, "one id per char, not per byte");
        assert_eq!(vocab.decode(&vocab.encode("éx")), "é\u{FFFD}");
        // U+FFFD in the text is "other" itself and takes no second id
        let with_other = Vocab::from_text("a\u{FFFD}\u{FFFD}\u{FFFD}", 10).unwrap();
        assert_eq!(with_other.chars(), &[OTHER, 'a']);
    }

    #[test]
    fn from_text_rejects_sizes_that_do_not_fit_u16_ids() {
        for bad in [0, 1, MAX_VOCAB + 1] {
            let err = Vocab::from_text("abc", bad).unwrap_err();
            assert!(matches!(err, Error::Config { field: "vocab.max_size", .. }), "{err}");
        }
        assert!(Vocab::from_text("abc", MAX_VOCAB).is_ok());
    }

    #[test]
    fn from_chars_round_trips_and_rejects_corrupt_lists() {
        let vocab = Vocab::from_text("hello, world", 100).unwrap();
        assert_eq!(Vocab::from_chars(vocab.chars()).unwrap(), vocab);
        let cases: [(&[char], &str); 5] = [
            (&[], "must start with"),
            (&['a', OTHER], "must start with"),
            (&[OTHER, 'a', 'a'], "duplicate"),
            (&[OTHER, 'b', 'a'], "out of code point order"),
            (&[OTHER, 'a', OTHER], "U+FFFD twice"),
        ];
        for (chars, expected) in cases {
            let message = Vocab::from_chars(chars).unwrap_err().to_string();
            assert!(message.contains(expected), "{chars:?}: {message}");
        }
    }

    #[test]
    fn check_user_text_explains_each_problem() {
        let ok = "a".repeat(2_000);
        assert_eq!(check_user_text(&ok), Ok(()));
        // a short text passes here: whether it is long enough depends on the window (`TrainConfig::fit`)
        assert_eq!(check_user_text("a line"), Ok(()));
        // a few control chars (form feeds in old books) are fine, up to 1%
        let mut with_form_feeds = "b".repeat(3_000);
        with_form_feeds.push_str(&"\u{c}".repeat(30));
        assert_eq!(check_user_text(&with_form_feeds), Ok(()));

        let cases = [
            (String::new(), "empty or only whitespace"),
            (" \n\t ".repeat(1_000), "empty or only whitespace"),
            ("a".repeat(MAX_TEXT_CHARS + 1), "more than the limit of 5000000"),
            (format!("{ok}\0"), "NUL"),
            (format!("{}{}", "c".repeat(2_970), "\u{1}".repeat(31)), "31 of the 3001 characters are control"),
        ];
        for (text, expected) in cases {
            let message = check_user_text(&text).unwrap_err().to_string();
            assert!(message.contains(expected), "expected {expected:?} in {message:?}");
        }
    }
}
