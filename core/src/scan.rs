//! The marker scan: every currency surface of a language found in one Aho-Corasick pass.
//!
//! Semantics are those of `moneyx.scan` (the engine's only scan before this crate; its `re`
//! version stays in the tests as the parity oracle): the text is matched ASCII-case-insensitively
//! against the lower-cased surfaces; at each position, leftmost first, the longest surface whose
//! letter boundaries hold wins, and the scan goes on after it. Boundaries (when the language
//! has them): a surface starting with a letter has no letter before it; one ending with a
//! letter has no letter after it; a one-letter surface ("c", "p") has no letter or digit after
//! it. Offsets are byte offsets here; `char_offsets` turns them into Python `str` indices once.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Input, MatchKind};

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

#[derive(Debug, Clone)]
struct Pattern {
    len: usize,
    /// starts with a letter: needs a non-letter before it
    lead: bool,
    /// ends with a letter: needs a non-letter after it
    tail: bool,
    /// one letter ("c", "p"): needs neither a letter nor a digit after it
    single: bool,
    /// the surfaces that are proper prefixes of this one, longest first: where this one
    /// matches but fails a boundary, they are tried at the same place
    prefixes: Vec<usize>,
}

/// Python `regex`'s `[^\W_]` for one character: an alphabetic character (Unicode's property,
/// which holds the circled letters too), a mark, a decimal digit, a connector other than "_",
/// a joiner (the characters that continue a word).
pub fn is_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphabetic()
        || c == '\u{200c}'
        || c == '\u{200d}'
        || matches!(
            get_general_category(c),
            G::DecimalNumber
                | G::NonspacingMark
                | G::SpacingMark
                | G::EnclosingMark
                | G::ConnectorPunctuation
        )
}

/// Where a scan's surfaces must stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bounds {
    /// anywhere (languages without word boundaries)
    Free,
    /// the marker rules: letters on the sides a surface has letters
    Letters,
    /// whole words: no word character (`is_word`) on either side
    Words,
}

/// A compiled marker scan; immutable, so one is shared by every thread.
#[derive(Debug, Clone)]
pub struct Scanner {
    ac: AhoCorasick,
    patterns: Vec<Pattern>,
    bounds: Bounds,
}

impl Scanner {
    /// Compile the scan of `surfaces` (lower-cased, as `Surfaces::scan_list` gives them).
    pub fn new(surfaces: &[String], bounded: bool) -> Scanner {
        let bounds = if bounded {
            Bounds::Letters
        } else {
            Bounds::Free
        };
        Scanner::build(surfaces, bounds)
    }

    /// Compile a scan of whole words (lower-case; the text is lower-cased by the caller):
    /// Python's `(?<![^\W_])(?:w1|w2|...)(?![^\W_])` with the longest word first.
    pub fn words(words: &[String]) -> Scanner {
        Scanner::build(words, Bounds::Words)
    }

    fn build(surfaces: &[String], bounds: Bounds) -> Scanner {
        let folded: Vec<String> = surfaces.iter().map(|s| s.to_ascii_lowercase()).collect();
        let patterns = surfaces
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let first = s.chars().next().is_some_and(is_alpha);
                let last = s.chars().next_back().is_some_and(is_alpha);
                let mut prefixes: Vec<usize> = (0..surfaces.len())
                    .filter(|&j| folded[j].len() < folded[i].len())
                    .filter(|&j| folded[i].starts_with(folded[j].as_str()))
                    .collect();
                prefixes.sort_by_key(|&j| std::cmp::Reverse(folded[j].len()));
                Pattern {
                    len: s.len(),
                    lead: first,
                    tail: last,
                    single: last && s.chars().count() == 1,
                    prefixes,
                }
            })
            .collect();
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .ascii_case_insensitive(true)
            .build(surfaces)
            .expect("the marker surfaces compile"); // plain literals: only size limits can fail
        Scanner {
            ac,
            patterns,
            bounds,
        }
    }

    fn bounded_at(&self, text: &str, start: usize, p: &Pattern) -> bool {
        let end = start + p.len;
        match self.bounds {
            Bounds::Free => return true,
            Bounds::Words => {
                let before = text[..start].chars().next_back().is_some_and(is_word);
                return !before && !text[end..].chars().next().is_some_and(is_word);
            }
            Bounds::Letters => {}
        }
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
    ///
    /// Leftmost-longest: the automaton gives the leftmost place where a surface starts and the
    /// longest surface there; if that one fails a boundary, the shorter surfaces it begins with
    /// are tried at the same place, longest first (what the trie alternation with its guards
    /// does in `re`); if none holds, the search goes on one character later. Memory is the
    /// result only.
    pub fn anchors_bytes(&self, text: &str) -> Vec<(usize, usize)> {
        self.anchors_from(text, 0, usize::MAX).0
    }

    /// At most `limit` marker spans (byte offsets) from byte `pos` on, and the byte position
    /// to go on from (`text.len()` when the scan is done). `pos` must be a character boundary
    /// that a previous call returned (or 0); the letter boundaries look at the whole text.
    pub fn anchors_from(
        &self,
        text: &str,
        pos: usize,
        limit: usize,
    ) -> (Vec<(usize, usize)>, usize) {
        let mut out = Vec::new();
        let mut pos = pos;
        while pos < text.len() && out.len() < limit {
            let Some(m) = self.ac.find(Input::new(text).span(pos..text.len())) else {
                pos = text.len();
                break;
            };
            let start = m.start(); // surfaces are whole UTF-8 strings: on a char boundary
            let p = &self.patterns[m.pattern().as_usize()];
            let chosen = std::iter::once(p)
                .chain(p.prefixes.iter().map(|&j| &self.patterns[j]))
                .find(|q| self.bounded_at(text, start, q));
            match chosen {
                Some(q) => {
                    out.push((start, start + q.len));
                    pos = start + q.len;
                }
                None => {
                    let width = text[start..].chars().next().map_or(1, char::len_utf8);
                    pos = start + width;
                }
            }
        }
        (out, pos)
    }

    /// The marker spans of `text` as character (Python `str`) offsets.
    pub fn anchors(&self, text: &str) -> Vec<(usize, usize)> {
        let spans = self.anchors_bytes(text);
        char_offsets(text, spans, (0, 0)).0
    }
}

/// Turn byte spans (sorted, non-overlapping, at or after `from.0`) into character offsets in
/// one pass, counting from `from` = (a byte position, the characters before it); also return
/// the character offset of byte `upto` (where the next batch starts).
pub fn char_offsets(
    text: &str,
    spans: Vec<(usize, usize)>,
    from: (usize, usize),
) -> (Vec<(usize, usize)>, usize) {
    char_offsets_upto(text, spans, from, from.0)
}

/// `char_offsets`, also converting the byte position `upto` (>= the last span's end).
pub fn char_offsets_upto(
    text: &str,
    spans: Vec<(usize, usize)>,
    from: (usize, usize),
    upto: usize,
) -> (Vec<(usize, usize)>, usize) {
    if text.is_ascii() {
        return (spans, upto);
    }
    let bytes = text.as_bytes();
    let upto = upto.max(spans.last().map_or(from.0, |s| s.1));
    let (mut pos, mut chars) = from; // `chars` characters before byte `pos`
    let mut advance = |to: usize| {
        // count the UTF-8 lead bytes (not 0b10xxxxxx) between pos and to
        chars += bytes[pos..to]
            .iter()
            .filter(|&&b| (b as i8) >= -0x40)
            .count();
        pos = to;
        chars
    };
    let out = spans
        .into_iter()
        .map(|(s, e)| (advance(s), advance(e)))
        .collect();
    let next = advance(upto);
    (out, next)
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
    fn a_word_scan_finds_whole_words_only() {
        let words: Vec<String> = ["in", "inc", "ton"].iter().map(|w| w.to_string()).collect();
        let scan = Scanner::words(&words);
        // "inc" fails its boundary in "inch": "in" is tried there too, and fails as well
        // ("_" ends a word, as in Python's [^\W_])
        assert_eq!(
            scan.anchors("in inc. inch ton3 ton_ é-ton"),
            vec![(0, 2), (3, 6), (18, 21), (25, 28)]
        );
        assert_eq!(scan.anchors("2ton"), vec![]);
        // a combining mark continues a word, and so does a circled letter (alphabetic)
        assert_eq!(scan.anchors("in\u{301} in"), vec![(4, 6)]);
        assert_eq!(scan.anchors("in\u{24d0} in"), vec![(4, 6)]);
    }

    #[test]
    fn char_offsets_skip_multibyte_characters() {
        let (spans, _) = char_offsets("a€b", vec![(1, 4), (4, 5)], (0, 0));
        assert_eq!(spans, vec![(1, 2), (2, 3)]);
    }

    #[test]
    fn batches_resume_where_the_last_one_stopped() {
        let words: Vec<String> = ["₩", "won", "c"].iter().map(|w| w.to_string()).collect();
        let scan = Scanner::new(&words, true);
        let text = "₩1 won, ₩2 won, 3 c, ₩4";
        let whole = scan.anchors(text);
        let (mut pos, mut chars, mut got) = (0, 0, Vec::new());
        while pos < text.len() {
            let (spans, next) = scan.anchors_from(text, pos, 2);
            let (spans, next_chars) = char_offsets_upto(text, spans, (pos, chars), next);
            got.extend(spans);
            (pos, chars) = (next, next_chars);
        }
        assert_eq!(got, whole);
        assert_eq!(whole.len(), 6);
    }
}
