//! The vetoes in the core (`moneyx/extract/vetoes.py`, issue 18 phase 2 step 4), one rule at a
//! time.
//!
//! A veto looks at a candidate as `vetoes.Reading` holds it and answers with why it rejects
//! it, or nothing. The rules moved so far belong to the surface phase, which runs before the
//! number is read, so everything they look at is the core's layout of the reading
//! (`candidate::Layout`) and the surface `_draft` gives it. Their data comes from the lexicon's
//! rule tables (`Language::rule_data`, typed by the registry's kinds): no word is written here.
//! The engine asks the Python function only for the rules not listed in `MOVED`;
//! `tests/test_native_candidates.py` holds each answer equal to the Python function's at every
//! reading of the differential documents.

use std::collections::BTreeMap;

use unicode_general_category::{get_general_category, GeneralCategory as G};

use crate::data::{DataError, Result, RuleValue, Surface};
use crate::numbers::digit_value;
use crate::stages::candidate::Layout;
use crate::stages::Doc;
use crate::Language;

/// The rules answered here, in the order the layouts hand their answers over.
pub const MOVED: [&str; 3] = [
    "veto.space-group-tail",
    "veto.attached-only",
    "veto.code-label",
];

/// A candidate as the surface phase sees it (the fields of `vetoes.Reading` it reads).
pub struct Seen<'a> {
    pub prefix: bool,
    /// the surface `_draft` gives the reading (a bracket qualifier's, or the name a house-style
    /// prefix written after its number stands for)
    pub surface: &'a Surface,
    pub written: &'a str,
    pub layout: &'a Layout,
}

/// The data of the moved rules, from the lexicon's rule tables.
#[derive(Debug, Clone, Default)]
pub struct Vetoes {
    /// `veto.attached-only`: `surfaces`, `lower_only`
    attached: Vec<String>,
    lower_only: Vec<String>,
}

fn phrases(
    data: &BTreeMap<String, BTreeMap<String, RuleValue>>,
    id: &str,
    key: &str,
) -> Result<Vec<String>> {
    match data.get(id).and_then(|t| t.get(key)) {
        Some(RuleValue::Phrases(p)) => Ok(p.clone()),
        _ => Err(DataError::new(
            "the rule registry",
            &format!("{id}.{key}"),
            "expected phrases",
        )),
    }
}

impl Vetoes {
    /// The moved rules' data of `lang`, typed by the registry's kinds (rule id -> key -> kind).
    pub fn new(
        lang: &Language,
        kinds: &BTreeMap<String, BTreeMap<String, String>>,
    ) -> Result<Vetoes> {
        let data = lang.rule_data(kinds)?;
        Ok(Vetoes {
            attached: phrases(&data, "veto.attached-only", "surfaces")?,
            lower_only: phrases(&data, "veto.attached-only", "lower_only")?,
        })
    }

    /// Every moved rule's answer, in `MOVED`'s order.
    pub fn answers(&self, doc: &Doc, r: &Seen<'_>) -> Vec<Option<String>> {
        vec![
            space_group_tail(doc, r),
            self.attached_only(doc, r),
            code_label(doc, r),
        ]
    }

    /// `veto.attached-only`: a one- or two-letter unit not written against its number, or one
    /// that counts only in lower case written otherwise.
    fn attached_only(&self, doc: &Doc, r: &Seen<'_>) -> Option<String> {
        let text = &r.surface.text;
        let gap = r.layout.gap;
        if self.attached.contains(text) && !doc.slice(gap.0, gap.1).is_empty() {
            return Some(format!(
                "{} counts only when written against the number",
                py_repr(r.written)
            ));
        }
        if self.lower_only.contains(text) && r.written != r.written.to_lowercase() {
            return Some(format!(
                "{} in upper case is no {}",
                py_repr(r.written),
                py_repr(text)
            ));
        }
        None
    }
}

/// `veto.space-group-tail`: a "0dd" group after a digit and a space is the tail of a
/// space-grouped number ("1 500 euros" is not 500 euros).
fn space_group_tail(doc: &Doc, r: &Seen<'_>) -> Option<String> {
    let (n0, n1) = r.layout.num;
    let num = doc.slice(n0, n1);
    let mut cs = num.chars();
    // `0\d` at the start of the number
    if cs.next() != Some('0') || cs.next().is_none_or(|c| digit_value(c).is_none()) {
        return None;
    }
    // `\d[ ]\Z` in the two characters before the reading
    let start = usize::try_from(r.layout.start).ok()?;
    let chars = &doc.chars;
    if start < 2 || start > chars.len() {
        return None;
    }
    if chars[start - 1] != ' ' || digit_value(chars[start - 2]).is_none() {
        return None;
    }
    Some(format!(
        "{} is the tail of a space-grouped number",
        py_repr(&num)
    ))
}

/// `veto.code-label`: a code after a number and before a colon labels what comes next.
fn code_label(doc: &Doc, r: &Seen<'_>) -> Option<String> {
    if r.prefix || r.surface.kind != "code" {
        return None;
    }
    // `[ \u00a0]*:(?!\d)` at the reading's end
    let chars = &doc.chars;
    let mut k = usize::try_from(r.layout.end).ok()?;
    while k < chars.len() && (chars[k] == ' ' || chars[k] == '\u{a0}') {
        k += 1;
    }
    if chars.get(k) != Some(&':') || chars.get(k + 1).is_some_and(|&c| digit_value(c).is_some()) {
        return None;
    }
    Some(format!(
        "{} followed by a colon labels what comes next",
        py_repr(r.written)
    ))
}

/// Python's `str.isprintable` for one character: not in the categories Cc, Cf, Cs, Co, Cn,
/// Zl, Zp, Zs, except the space.
fn py_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    !matches!(
        get_general_category(c),
        G::Control
            | G::Format
            | G::Surrogate
            | G::PrivateUse
            | G::Unassigned
            | G::LineSeparator
            | G::ParagraphSeparator
            | G::SpaceSeparator
    )
}

/// Python's `repr` of a `str`: single quotes unless the text holds one and no double quote;
/// the quote, the backslash, `\t`, `\n`, `\r` escaped; other characters that do not print as
/// `\xhh`, `\uhhhh` or `\Uhhhhhhhh`.
pub fn py_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if c.is_ascii() || py_printable(c) => out.push(c),
            c if (c as u32) <= 0xff => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) <= 0xffff => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surface(text: &str, kind: &'static str) -> Surface {
        Surface {
            text: text.to_string(),
            candidates: vec!["USD".to_string()],
            kind,
            factor: crate::data::Factor {
                mul: "1".into(),
                div: "1".into(),
            },
            key: text.to_string(),
            case_sensitive: false,
        }
    }

    fn layout(start: i64, end: i64, num: (i64, i64), gap: (i64, i64)) -> Layout {
        Layout {
            start,
            end,
            num,
            gap,
            neg: false,
            number: None,
            vetoes: None,
        }
    }

    #[test]
    fn the_surface_phase_vetoes_answer_as_python_s() {
        let vetoes = Vetoes {
            attached: vec!["p".to_string()],
            lower_only: vec!["c".to_string()],
        };
        let answer = |text: &str, s: &Surface, written: &str, prefix: bool, l: &Layout| {
            let doc = Doc::new(text);
            let seen = Seen {
                prefix,
                surface: s,
                written,
                layout: l,
            };
            vetoes.answers(&doc, &seen)
        };
        // "1 500 euros": the 500 is the tail of a space-grouped number; "1 000": no "0dd" tail
        let euro = surface("euros", "name");
        let got = answer(
            "1 050 euros",
            &euro,
            "euros",
            false,
            &layout(2, 11, (2, 5), (5, 6)),
        );
        let why = "'050' is the tail of a space-grouped number";
        assert_eq!(got, [Some(why.to_string()), None, None]);
        let got = answer(
            "x 050 euros",
            &euro,
            "euros",
            false,
            &layout(2, 11, (2, 5), (5, 6)),
        );
        assert_eq!(got, [None, None, None]);
        // "50 p" is a page; "50p" money; "7 C" in upper case no cent
        let p = surface("p", "minor");
        let got = answer("50 p", &p, "p", false, &layout(0, 4, (0, 2), (2, 3)));
        let why = "'p' counts only when written against the number";
        assert_eq!(got, [None, Some(why.to_string()), None]);
        assert_eq!(
            answer("50p", &p, "p", false, &layout(0, 3, (0, 2), (2, 2))),
            [None, None, None]
        );
        let c = surface("c", "minor");
        let got = answer("7C", &c, "C", false, &layout(0, 2, (0, 1), (1, 1)));
        assert_eq!(got[1].as_deref(), Some("'C' in upper case is no 'c'"));
        // "USD: 8,050" labels what follows; "USD :5" too, "USD:5" is a time-like figure
        let usd = surface("usd", "code");
        let l = layout(0, 9, (0, 5), (5, 6));
        let got = answer("3,100 USD : next", &usd, "USD", false, &l);
        let why = "'USD' followed by a colon labels what comes next";
        assert_eq!(got[2].as_deref(), Some(why));
        assert_eq!(answer("3,100 USD:5", &usd, "USD", false, &l)[2], None);
        assert_eq!(answer("3,100 USD : next", &usd, "USD", true, &l)[2], None);
    }

    #[test]
    fn repr_is_python_s() {
        assert_eq!(py_repr("p"), "'p'");
        assert_eq!(py_repr("it's"), "\"it's\"");
        assert_eq!(py_repr("a'b\"c"), "'a\\'b\"c'");
        assert_eq!(py_repr("1\u{a0}000\n\t\\"), "'1\\xa0000\\n\\t\\\\'");
        assert_eq!(
            py_repr("원\u{200b}\u{2028}\u{7f}"),
            "'원\\u200b\\u2028\\x7f'"
        );
        assert_eq!(py_repr("\u{e000}\u{10ffff}"), "'\\ue000\\U0010ffff'");
    }
}
