//! Hangul syllables to jamo and back (Unicode 15, §3.12 "Conjoining Jamo Behavior"): what NFD and NFC
//! do to Hangul, by arithmetic. Korean text holds thousands of distinct syllables (lecture notes of
//! 2,810 characters already use 304), each one of 11,172 combinations of 19 leading consonants,
//! 21 vowels and 27 trailing consonants; decomposed, a Korean text needs fewer than 70 symbols.

use alloc::string::String;

const S_BASE: u32 = 0xAC00;
const L_BASE: u32 = 0x1100;
const V_BASE: u32 = 0x1161;
const T_BASE: u32 = 0x11A7; // one below the first trailing consonant: T index 0 means none
const L_COUNT: u32 = 19;
const V_COUNT: u32 = 21;
const T_COUNT: u32 = 28;
const N_COUNT: u32 = V_COUNT * T_COUNT;
const S_COUNT: u32 = L_COUNT * N_COUNT;

/// A precomposed Hangul syllable (U+AC00 to U+D7A3), which jamo reading splits into letters.
pub fn is_syllable(c: char) -> bool {
    (S_BASE..S_BASE + S_COUNT).contains(&(c as u32))
}

/// Every precomposed Hangul syllable as its leading consonant, vowel and (if any) trailing
/// consonant; every other char as it is. NFD restricted to Hangul.
pub fn decompose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let s = (c as u32).wrapping_sub(S_BASE);
        if s < S_COUNT {
            let jamo = [L_BASE + s / N_COUNT, V_BASE + (s % N_COUNT) / T_COUNT, T_BASE + s % T_COUNT];
            let used = if jamo[2] == T_BASE { 2 } else { 3 };
            out.extend(jamo[..used].iter().map(|&j| char::from_u32(j).expect("jamo are scalar values")));
        } else {
            out.push(c);
        }
    }
    out
}

/// Each leading consonant + vowel (+ trailing consonant) back into its syllable; jamo that do not
/// form one (a sampled vowel with no consonant before it) stay as they are. NFC restricted to Hangul.
pub fn compose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: alloc::vec::Vec<u32> = text.chars().map(|c| c as u32).collect();
    let mut i = 0;
    while i < chars.len() {
        let l = chars[i].wrapping_sub(L_BASE);
        let v = chars.get(i + 1).map_or(u32::MAX, |&c| c.wrapping_sub(V_BASE));
        if l < L_COUNT && v < V_COUNT {
            let t = chars.get(i + 2).map_or(u32::MAX, |&c| c.wrapping_sub(T_BASE));
            let (t, used) = if (1..T_COUNT).contains(&t) { (t, 3) } else { (0, 2) };
            out.push(char::from_u32(S_BASE + (l * V_COUNT + v) * T_COUNT + t).expect("a Hangul syllable"));
            i += used;
        } else {
            out.push(char::from_u32(chars[i]).expect("came from a char"));
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_decompose_as_unicode_nfd_and_compose_back() {
        // 한 = ᄒ ᅡ ᆫ (U+1112 U+1161 U+11AB) and 가 = ᄀ ᅡ: the examples of Unicode §3.12
        assert_eq!(decompose("한가"), "\u{1112}\u{1161}\u{11AB}\u{1100}\u{1161}");
        assert_eq!(compose("\u{1112}\u{1161}\u{11AB}\u{1100}\u{1161}"), "한가");
        let text = "순환 신경망은 기울기가 사라지는 문제를 겪는다. RNN, LSTM 🦀 é";
        assert_eq!(compose(&decompose(text)), text);
        assert_eq!(decompose("abc é"), "abc é", "only Hangul syllables change");
        // the first and last syllables of the block
        assert_eq!(decompose("\u{AC00}\u{D7A3}"), "\u{1100}\u{1161}\u{1112}\u{1175}\u{11C2}");
        assert_eq!(compose(&decompose("\u{AC00}\u{D7A3}")), "\u{AC00}\u{D7A3}");
    }

    #[test]
    fn stray_jamo_stay_as_they_are() {
        // a vowel alone, a trailing consonant alone, a leading consonant at the end
        for text in ["\u{1161}", "\u{11AB}x", "x\u{1100}", "\u{1100}\u{11AB}"] {
            assert_eq!(compose(text), text);
        }
    }

    #[test]
    fn every_syllable_uses_at_most_67_jamo() {
        let all: String = (S_BASE..S_BASE + S_COUNT).map(|c| char::from_u32(c).unwrap()).collect();
        let mut jamo: alloc::vec::Vec<char> = decompose(&all).chars().collect();
        jamo.sort_unstable();
        jamo.dedup();
        assert_eq!(jamo.len(), 19 + 21 + 27);
        assert_eq!(compose(&decompose(&all)), all);
    }
}
