//! The marker scan: every currency surface of a language found in one Aho-Corasick pass.
//!
//! Semantics are those of `moneyx.scan` (the engine's only scan before this crate; its `re`
//! version stays in the tests as the parity oracle): the text is matched ASCII-case-insensitively
//! against the lower-cased surfaces; at each position, leftmost first, the longest surface whose
//! letter boundaries hold wins, and the scan goes on after it. Boundaries (when the language
//! has them): a surface starting with a letter has no letter before it; one ending with a
//! letter has no letter after it; a one-letter surface ("c", "p") has no letter or digit after
//! it. Offsets are byte offsets here; `char_offsets` turns them into Python `str` indices once.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use unicode_general_category::{get_general_category, GeneralCategory as G};

use crate::data::is_alpha;

/// Python's `[^\W\d_]` for one character: a letter, or a number that is not a decimal digit
/// ("½", "²", "Ⅻ"); "٣" and "１" are digits, as "3" is.
pub fn is_letterish(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    is_alpha(c) || matches!(get_general_category(c), G::LetterNumber | G::OtherNumber)
}

/// Python's `str.isalnum` (`[^\W_]`) for one character: a letter or any number.
pub fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    is_alpha(c)
        || matches!(
            get_general_category(c),
            G::DecimalNumber | G::LetterNumber | G::OtherNumber
        )
}

#[derive(Debug, Clone, Copy)]
struct Pattern {
    len: usize,
    /// starts with a letter: needs a non-letter before it
    lead: bool,
    /// ends with a letter: needs a non-letter after it
    tail: bool,
    /// one letter ("c", "p"): needs neither a letter nor a digit after it
    single: bool,
}

/// A compiled marker scan; immutable, so one is shared by every thread.
#[derive(Debug, Clone)]
pub struct Scanner {
    ac: AhoCorasick,
    patterns: Vec<Pattern>,
    bounded: bool,
}

impl Scanner {
    /// Compile the scan of `surfaces` (lower-cased, as `Surfaces::scan_list` gives them).
    pub fn new(surfaces: &[String], bounded: bool) -> Scanner {
        let patterns = surfaces
            .iter()
            .map(|s| {
                let first = s.chars().next().is_some_and(is_alpha);
                let last = s.chars().next_back().is_some_and(is_alpha);
                Pattern {
                    len: s.len(),
                    lead: first,
                    tail: last,
                    single: last && s.chars().count() == 1,
                }
            })
            .collect();
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .ascii_case_insensitive(true)
            .build(surfaces)
            .expect("the marker surfaces compile"); // plain literals: only size limits can fail
        Scanner {
            ac,
            patterns,
            bounded,
        }
    }

    fn bounded_at(&self, text: &str, start: usize, p: &Pattern) -> bool {
        if !self.bounded {
            return true;
        }
        let end = start + p.len;
        if p.lead && text[..start].chars().next_back().is_some_and(is_letterish) {
            return false;
        }
        if p.tail {
            if let Some(next) = text[end..].chars().next() {
                if p.single && is_alnum(next) {
                    return false;
                }
                if is_letterish(next) {
                    return false;
                }
            }
        }
        true
    }

    /// The marker spans of `text` as byte offsets, in text order, never overlapping.
    pub fn anchors_bytes(&self, text: &str) -> Vec<(usize, usize)> {
        // every occurrence of every surface, then leftmost-longest among those whose
        // boundaries hold (what the trie alternation with its guards does in `re`)
        let mut hits: Vec<(usize, usize, usize)> = Vec::new();
        for m in self.ac.find_overlapping_iter(text) {
            // surfaces are whole UTF-8 strings, so a match starts and ends on characters
            hits.push((m.start(), m.end(), m.pattern().as_usize()));
        }
        hits.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut out = Vec::new();
        let mut last = 0;
        let mut i = 0;
        while i < hits.len() {
            let start = hits[i].0;
            let mut chosen = None;
            while i < hits.len() && hits[i].0 == start {
                if chosen.is_none()
                    && start >= last
                    && self.bounded_at(text, start, &self.patterns[hits[i].2])
                {
                    chosen = Some(hits[i].1);
                }
                i += 1;
            }
            if let Some(end) = chosen {
                out.push((start, end));
                last = end;
            }
        }
        out
    }

    /// The marker spans of `text` as character (Python `str`) offsets.
    pub fn anchors(&self, text: &str) -> Vec<(usize, usize)> {
        let spans = self.anchors_bytes(text);
        char_offsets(text, spans)
    }
}

/// Turn byte spans (sorted, non-overlapping) into character offsets in one pass.
pub fn char_offsets(text: &str, spans: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    if text.is_ascii() {
        return spans;
    }
    let bytes = text.as_bytes();
    let mut chars = 0; // characters before `pos`
    let mut pos = 0;
    let mut advance = |to: usize| {
        // count the UTF-8 lead bytes (not 0b10xxxxxx) between pos and to
        chars += bytes[pos..to]
            .iter()
            .filter(|&&b| (b as i8) >= -0x40)
            .count();
        pos = to;
        chars
    };
    spans
        .into_iter()
        .map(|(s, e)| (advance(s), advance(e)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(words: &[&str], text: &str) -> Vec<(usize, usize)> {
        let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        Scanner::new(&words, true).anchors(text)
    }

    #[test]
    fn the_longest_bounded_surface_wins() {
        assert_eq!(
            scan(&["won", "wons", "yen"], "5 WON, 3 wons"),
            vec![(2, 5), (9, 13)]
        );
        assert_eq!(scan(&["won"], "wonder won"), vec![(7, 10)]);
        assert_eq!(scan(&["€", "€ur"], "20 €ur"), vec![(3, 6)]);
        // "€ur" fails its boundary in "€uro": the shorter "€" is read instead
        assert_eq!(scan(&["€", "€ur"], "€uro"), vec![(0, 1)]);
    }

    #[test]
    fn a_one_letter_unit_touches_no_digit() {
        assert_eq!(scan(&["c"], "15 c a share, CF6-80C2"), vec![(3, 4)]);
    }

    #[test]
    fn offsets_are_characters() {
        assert_eq!(scan(&["₩", "won"], "İ ₩5 won"), vec![(2, 3), (5, 8)]);
    }

    #[test]
    fn without_boundaries_a_surface_may_touch_letters() {
        let words = vec!["원".to_string()];
        assert_eq!(Scanner::new(&words, false).anchors("5천원이"), vec![(2, 3)]);
    }

    #[test]
    fn char_offsets_skip_multibyte_characters() {
        assert_eq!(
            char_offsets("a€b", vec![(1, 4), (4, 5)]),
            vec![(1, 2), (2, 3)]
        );
    }
}
