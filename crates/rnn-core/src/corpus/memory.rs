//! The long-range memory task: carry one symbol across a stretch of noise.
//!
//! Each line is `k`, then `distance` filler chars, then `:`, then `k` again, then "\n", e.g. for
//! distance 6: `c.-~~,.:c`. The key k is uniform over [`KEYS`] (8 letters); each filler char is uniform
//! over [`FILLER`] (4 punctuation marks, disjoint from the keys and from `:`), drawn independently of k
//! and of each other, so the filler carries no information about k. The only way to predict the char
//! after `:` is to hold k for `distance + 1` steps: a model that remembers pays 0 bits there, one that
//! forgot pays log2(8) = 3 bits. Lines have a fixed length, so `:` and "\n" are predictable by counting.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use crate::vocab::MAX_TEXT_CHARS;
use crate::{Error, Result, Rng};

/// The symbols to remember.
pub const KEYS: [char; 8] = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
/// The noise between a key and its recall.
pub const FILLER: [char; 4] = ['.', ',', '-', '~'];
/// Allowed `corpus.distance` for training (items take any distance).
pub const DISTANCE: RangeInclusive<usize> = 1..=400;
/// Fewest `corpus.sequences`; the most is set by the text size cap, see [`MemoryConfig::max_sequences`].
pub const MIN_SEQUENCES: usize = 100;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct MemoryConfig {
    /// Filler chars between a key and its recall, in [`DISTANCE`].
    pub distance: usize,
    /// Lines of training text.
    pub sequences: usize,
}

impl Default for MemoryConfig {
    fn default() -> Self {
        MemoryConfig { distance: 50, sequences: 5_000 }
    }
}

impl MemoryConfig {
    /// Most lines whose text stays within the user text cap: each line is `distance + 4` chars.
    pub fn max_sequences(&self) -> usize {
        MAX_TEXT_CHARS / (self.distance + 4)
    }

    pub fn validate(&self) -> Result<()> {
        if !DISTANCE.contains(&self.distance) {
            return Err(Error::Config {
                field: "corpus.distance",
                message: format!("must be between {} and {}, got {}", DISTANCE.start(), DISTANCE.end(), self.distance),
            });
        }
        let max = self.max_sequences();
        if !(MIN_SEQUENCES..=max).contains(&self.sequences) {
            return Err(Error::Config {
                field: "corpus.sequences",
                message: format!(
                    "must be between {MIN_SEQUENCES} and {max} at distance {} \
                     (lines of {} chars, at most {MAX_TEXT_CHARS} chars in all), got {}",
                    self.distance,
                    self.distance + 4,
                    self.sequences
                ),
            });
        }
        Ok(())
    }
}

/// `cfg.sequences` lines `k filler : k \n`; `cfg` must have passed `validate`.
pub fn generate(cfg: &MemoryConfig, rng: &mut Rng) -> String {
    let mut text = String::with_capacity(cfg.sequences * (cfg.distance + 4));
    for _ in 0..cfg.sequences {
        let key = write_prefix(&mut text, cfg.distance, rng);
        text.push(key);
        text.push('\n');
    }
    text
}

/// One probe: after reading `prefix` the model should predict `answer`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MemoryItem {
    /// A line up to and including `:`, e.g. "c.-~~,.:" (no leading newline).
    pub prefix: String,
    /// The key the line opened with.
    pub answer: char,
}

/// `n` probes at `distance` filler chars (any distance, also ones not trained on).
pub fn items(distance: usize, n: usize, rng: &mut Rng) -> Vec<MemoryItem> {
    (0..n)
        .map(|_| {
            let mut prefix = String::with_capacity(distance + 2);
            let answer = write_prefix(&mut prefix, distance, rng);
            MemoryItem { prefix, answer }
        })
        .collect()
}

/// Writes `k filler :` and returns k.
fn write_prefix(out: &mut String, distance: usize, rng: &mut Rng) -> char {
    let key = KEYS[rng.below(KEYS.len())];
    out.push(key);
    for _ in 0..distance {
        out.push(FILLER[rng.below(FILLER.len())]);
    }
    out.push(':');
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_recall_their_key_after_the_filler() {
        let cfg = MemoryConfig { distance: 7, sequences: 300 };
        let text = generate(&cfg, &mut Rng::new(1));
        assert!(text.ends_with('\n'));
        let lines: Vec<Vec<char>> = text.lines().map(|line| line.chars().collect()).collect();
        assert_eq!(lines.len(), 300);
        for line in lines {
            assert_eq!(line.len(), 7 + 3, "{line:?}");
            assert!(KEYS.contains(&line[0]), "{line:?}");
            assert!(line[1..8].iter().all(|c| FILLER.contains(c)), "{line:?}");
            assert_eq!(line[8], ':');
            assert_eq!(line[9], line[0], "the answer repeats the key");
        }
    }

    #[test]
    fn filler_carries_no_information_about_the_key() {
        assert!(FILLER.iter().all(|c| !KEYS.contains(c) && *c != ':' && *c != '\n'));
        // per key, each filler char should have share 1/4 (with 20 000 lines of 50 filler chars: ~125 000 per key)
        let text = generate(&MemoryConfig { distance: 50, sequences: 20_000 }, &mut Rng::new(2));
        let mut counts = [[0usize; FILLER.len()]; KEYS.len()];
        for line in text.lines() {
            let key = KEYS.iter().position(|&k| line.starts_with(k)).unwrap();
            for c in line[1..51].chars() {
                counts[key][FILLER.iter().position(|&f| f == c).unwrap()] += 1;
            }
        }
        for (key, row) in counts.iter().enumerate() {
            let total: usize = row.iter().sum();
            assert!((total as f32 / 1_000_000.0 - 0.125).abs() < 0.01, "key {key} share");
            for &count in row {
                assert!((count as f32 / total as f32 - 0.25).abs() < 0.01, "key {key}: {row:?}");
            }
        }
    }

    #[test]
    fn items_work_at_any_distance() {
        let mut rng = Rng::new(3);
        for distance in [0, 1, 50, 400, 1_000] {
            for item in items(distance, 20, &mut rng) {
                assert_eq!(item.prefix.chars().count(), distance + 2);
                assert!(item.prefix.starts_with(item.answer) && item.prefix.ends_with(':'));
                assert!(KEYS.contains(&item.answer));
            }
        }
    }

    #[test]
    fn same_seed_same_text_and_seeds_differ() {
        let cfg = MemoryConfig::default();
        let a = generate(&cfg, &mut Rng::new(4));
        assert_eq!(a, generate(&cfg, &mut Rng::new(4)));
        assert_ne!(a, generate(&cfg, &mut Rng::new(5)));
        assert_eq!(a.chars().count(), 5_000 * 54);
    }

    #[test]
    fn config_defaults_serde_and_validation_name_the_field() {
        let cfg: MemoryConfig = serde_json::from_str(r#"{"distance": 400}"#).unwrap();
        assert_eq!(cfg, MemoryConfig { distance: 400, sequences: 5_000 });
        assert_eq!(cfg.validate(), Ok(()));
        assert!(serde_json::from_str::<MemoryConfig>(r#"{"distanc": 4}"#).is_err(), "unknown fields are refused");
        // 5 000 000 / (400 + 4) = 12 376 lines at most
        assert_eq!(cfg.max_sequences(), 12_376);
        let cases = [
            (MemoryConfig { distance: 0, sequences: 1_000 }, "corpus.distance"),
            (MemoryConfig { distance: 401, sequences: 1_000 }, "corpus.distance"),
            (MemoryConfig { distance: 10, sequences: 99 }, "corpus.sequences"),
            (MemoryConfig { distance: 400, sequences: 12_377 }, "corpus.sequences"),
        ];
        for (bad, expected) in cases {
            assert!(matches!(bad.validate(), Err(Error::Config { field, .. }) if field == expected), "{bad:?}");
        }
    }
}
