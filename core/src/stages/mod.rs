//! The rule stages of phase 2 (`docs/native-core.md` §4, §10), one module per stage.
//!
//! Step 2: the candidate stage's readings (`candidate`) and the draft arena (`draft`). The
//! stages work in `str` (character) offsets, as the Python stages do, on a document prepared
//! once (`Doc`); the marker scan's byte offsets are converted once, as `Core.anchors` does.

pub mod candidate;
pub mod draft;
pub mod number_veto;
pub mod veto;

use std::collections::{BTreeMap, BTreeSet};

use crate::data::{DataError, Result, RuleValue, Surface, Surfaces};
use crate::grammar::Prepared;

/// The rule registry's data of one language, typed: rule id -> key -> value.
pub type RuleData = BTreeMap<String, BTreeMap<String, RuleValue>>;

fn expected(id: &str, key: &str, want: &str) -> DataError {
    DataError::new("the rule registry", &format!("{id}.{key}"), want)
}

/// A rule's `phrases` data (`rules.DataKind`), or the error naming the key.
pub fn phrases(data: &RuleData, id: &str, key: &str) -> Result<Vec<String>> {
    match data.get(id).and_then(|t| t.get(key)) {
        Some(RuleValue::Phrases(p)) => Ok(p.clone()),
        _ => Err(expected(id, key, "expected phrases")),
    }
}

/// A rule's `words` data.
pub fn words(data: &RuleData, id: &str, key: &str) -> Result<BTreeSet<String>> {
    match data.get(id).and_then(|t| t.get(key)) {
        Some(RuleValue::Words(w)) => Ok(w.clone()),
        _ => Err(expected(id, key, "expected words")),
    }
}

/// A rule's `map` data.
pub fn map(data: &RuleData, id: &str, key: &str) -> Result<BTreeMap<String, String>> {
    match data.get(id).and_then(|t| t.get(key)) {
        Some(RuleValue::Map(m)) => Ok(m.clone()),
        _ => Err(expected(id, key, "expected a map")),
    }
}

/// Python's `str.isdigit` for one character: a decimal digit (general category Nd) or one of
/// the other characters whose Unicode numeric type is Digit (superscripts, circled and
/// parenthesised digits...). The second set is CPython 3.11's (Unicode 14), listed here as a
/// table of the Unicode character database, not of any language.
pub fn py_isdigit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    const DIGIT_TYPE: [(u32, u32); 20] = [
        (0xB2, 0xB3),
        (0xB9, 0xB9),
        (0x1369, 0x1371),
        (0x19DA, 0x19DA),
        (0x2070, 0x2070),
        (0x2074, 0x2079),
        (0x2080, 0x2089),
        (0x2460, 0x2468),
        (0x2474, 0x247C),
        (0x2488, 0x2490),
        (0x24EA, 0x24EA),
        (0x24F5, 0x24FD),
        (0x24FF, 0x24FF),
        (0x2776, 0x277E),
        (0x2780, 0x2788),
        (0x278A, 0x2792),
        (0x10A40, 0x10A43),
        (0x10E60, 0x10E68),
        (0x11052, 0x1105A),
        (0x1F100, 0x1F10A),
    ];
    let cp = c as u32;
    crate::numbers::digit_value(c).is_some()
        || DIGIT_TYPE.iter().any(|&(lo, hi)| lo <= cp && cp <= hi)
}

/// Python's `str.isspace` for one character: Unicode's White_Space and the four information
/// separators U+001C..U+001F (which Python counts as spaces, Rust does not).
pub fn py_isspace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `s.split()` (no separator): the runs between whitespace.
pub fn py_split(s: &str) -> impl Iterator<Item = &str> {
    s.split(py_isspace).filter(|w| !w.is_empty())
}

/// `moneyx.lexicon.Lexicon.surface`: exact (symbols, codes) first, then with its spaces
/// collapsed, then case-insensitive.
pub fn lookup<'a>(surfaces: &'a Surfaces, text: &str) -> Option<&'a Surface> {
    if let Some(s) = surfaces.cs.get(text) {
        return Some(s);
    }
    let spaced = py_split(text).collect::<Vec<_>>().join(" ");
    if let Some(s) = surfaces.cs.get(&spaced) {
        return Some(s);
    }
    surfaces.ci.get(&spaced.to_lowercase())
}

/// A document as the stages read it: its characters (offsets are `str` offsets) and its
/// prepared form for the grammar's patterns.
pub struct Doc {
    pub chars: Vec<char>,
    pub prepared: Prepared,
}

impl Doc {
    pub fn new(text: &str) -> Doc {
        Doc {
            chars: text.chars().collect(),
            prepared: Prepared::new(text),
        }
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// `text[s:e]` for offsets inside the text (`(-1, -1)`, a group that did not take part,
    /// reads as "", as Python's slice does).
    pub fn slice(&self, s: i64, e: i64) -> String {
        if s < 0 || e < 0 || s >= e {
            return String::new();
        }
        let n = self.chars.len();
        self.chars[(s as usize).min(n)..(e as usize).min(n)]
            .iter()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_digits_and_spaces() {
        assert!(py_isdigit('7') && py_isdigit('٣') && py_isdigit('²') && py_isdigit('①'));
        assert!(!py_isdigit('½') && !py_isdigit('a') && !py_isdigit('Ⅻ'));
        assert!(py_isspace('\u{1f}') && py_isspace('\u{a0}') && py_isspace('\u{3000}'));
        assert!(!py_isspace('\u{200b}') && !py_isspace('x'));
        assert_eq!(
            py_split(" a\u{a0}b\u{1c}c ").collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
    }
}
