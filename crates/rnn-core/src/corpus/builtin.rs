//! The built-in texts: Shakespeare and Korean short stories (www/public/corpora, with their sources).
//!
//! The core reads no files, so the caller supplies a built-in text (the page fetches it, the command
//! line embeds it); the core pins each by its length and FNV-1a digest, so a link to a built-in text
//! replays bit for bit or is refused with a message, never silently trained on another file.

use alloc::format;

use crate::{Error, Result};

/// A built-in text: where the page finds it and what its bytes must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Builtin {
    /// The corpus kind that names it (`{"kind": "english"}`) and the link's `corpus=` value.
    pub name: &'static str,
    /// Its URL relative to the page (the file is www/public/<file> in the repository).
    pub file: &'static str,
    /// Its length in bytes of UTF-8 (what the page downloads, uncompressed).
    pub bytes: usize,
    /// Its length in Unicode scalar values (before Hangul is read as jamo).
    pub chars: usize,
    /// FNV-1a (64-bit) over its UTF-8 bytes: [`digest`].
    pub digest: u64,
}

/// The first 999,985 bytes of char-rnn's tinyshakespeare (public domain).
pub const ENGLISH: Builtin = Builtin { name: "english", file: "corpora/english.txt", bytes: 999_985, chars: 999_985, digest: 0x8364_ec42_e50e_9432 };

/// 23 short stories of 1920s-30s Korea, from KoCoNovel's modernised edition (CC BY-SA 4.0).
pub const KOREAN: Builtin = Builtin { name: "korean", file: "corpora/korean.txt", bytes: 597_356, chars: 249_390, digest: 0xd3ee_e7b3_d109_c025 };

/// FNV-1a (64-bit) over the UTF-8 bytes of `text`.
pub fn digest(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| (hash ^ byte as u64).wrapping_mul(0x0000_0100_0000_01b3))
}

impl Builtin {
    /// Refuses a text that is not this file: a link's run must be the run it names.
    pub fn check(&self, text: &str) -> Result<()> {
        let found = digest(text);
        if text.len() == self.bytes && found == self.digest {
            return Ok(());
        }
        Err(Error::Text(format!(
            "the text given as the built-in corpus `{}` is not {} ({} bytes, digest {:016x}): it has {} bytes, digest {found:016x}; \
             load that file again (an older copy may be cached), or train on it as your own text (corpus kind \"text\")",
            self.name,
            self.file,
            self.bytes,
            self.digest,
            text.len()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_is_fnv_1a() {
        // the published FNV-1a 64 test vectors: "" and "a"
        assert_eq!(digest(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(digest("a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn another_text_is_refused_with_both_digests() {
        let message = ENGLISH.check("First Citizen:\nBefore we proceed any further, hear me speak.\n").unwrap_err().to_string();
        assert!(message.contains("is not corpora/english.txt (999985 bytes, digest 8364ec42e50e9432): it has 61 bytes, digest 340a1c60c1f2a5e4;"), "{message}");
    }
}
