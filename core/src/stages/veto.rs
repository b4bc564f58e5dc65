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

use std::collections::{BTreeMap, BTreeSet};

use unicode_general_category::{get_general_category, GeneralCategory as G};

use crate::data::{is_alpha, Result, Surface};
use crate::numbers::{all_digits, digit_value, grouped, is_group_space};
use crate::scan::is_alnum;
use crate::stages::candidate::Layout;
use crate::stages::{map, phrases, py_isdigit, py_isspace, py_split, words, Doc};
use crate::Language;

/// `_PLAIN_FIGURE`: digits, then a point and digits or nothing ("112.33", "110").
fn plain_figure(num: &str) -> bool {
    let (int, frac) = match num.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (num, None),
    };
    let digits = |t: &str| !t.is_empty() && t.chars().all(py_isdigit);
    digits(int) && frac.is_none_or(digits)
}

/// `prev_words(text, pos, 1)`: the word before `pos` (letters, digits, apostrophes), lower case.
fn word_before(doc: &Doc, pos: i64) -> String {
    let c = &doc.chars;
    let mut end = (pos.max(0) as usize).min(c.len());
    while end > 0 && !(is_alnum(c[end - 1]) || c[end - 1] == '_' || c[end - 1] == '\'') {
        end -= 1;
    }
    let mut start = end;
    while start > 0 && (is_alnum(c[start - 1]) || c[start - 1] == '_' || c[start - 1] == '\'') {
        start -= 1;
    }
    c[start..end]
        .iter()
        .flat_map(|ch| ch.to_lowercase())
        .collect()
}

/// `_writes_grouped`: the document writes `letter` before a figure with thousands groups
/// ("W1,628.1"), not inside a word.
fn writes_grouped(doc: &Doc, letter: &str) -> bool {
    let l: Vec<char> = letter.chars().collect();
    let c = &doc.chars;
    (0..c.len()).any(|i| {
        if !c[i..].starts_with(&l) || (i > 0 && is_alnum(c[i - 1])) {
            return false;
        }
        let j = i + l.len();
        let lead = c[j..].iter().take_while(|ch| ch.is_ascii_digit()).count();
        if !(1..=3).contains(&lead) {
            return false;
        }
        let mut k = j + lead;
        let mut groups = 0;
        while c.get(k) == Some(&',')
            && c[k + 1..]
                .iter()
                .take(3)
                .filter(|ch| ch.is_ascii_digit())
                .count()
                == 3
        {
            k += 4;
            groups += 1;
        }
        groups > 0 && !c.get(k).is_some_and(|ch| ch.is_ascii_digit())
    })
}

/// `_names_any`: one of `cues` (lower case) in the document, any case, as a whole word.
fn names_any(doc: &Doc, cues: &BTreeSet<String>) -> bool {
    if cues.is_empty() {
        return false;
    }
    let low: Vec<char> = doc.chars.iter().flat_map(|c| c.to_lowercase()).collect();
    if low.len() != doc.chars.len() {
        return false; // a character whose lower case is longer: not met in the cued copy
    }
    cues.iter().any(|cue| {
        let cue: Vec<char> = cue.chars().collect();
        (0..low.len().saturating_sub(cue.len() - 1)).any(|i| {
            low[i..].starts_with(&cue)
                && (i == 0 || !is_alnum(low[i - 1]))
                && low.get(i + cue.len()).is_none_or(|c| !is_alnum(*c))
        })
    })
}

/// The rules answered here, in the order the layouts hand their answers over: every veto of
/// the surface phase (`vetoes.SURFACE_PHASE`) but `veto.case-mismatch`, which the scan decides,
/// and five of the number phase; the other number-phase vetoes follow (`number_veto::MOVED`,
/// `moved()`).
pub const MOVED: [&str; 13] = [
    "veto.space-group-tail",
    "veto.attached-only",
    "veto.house-style-prefix",
    "veto.code-label",
    "veto.minor-prefix",
    "veto.name-compound",
    "veto.classifier",
    "veto.adjective-suffix",
    // of the number phase: answered on the layout's number, which the engine takes only where
    // reading the number left the reading as laid out (no tail, no glued numeral, no article
    // shift, no neighbouring digit)
    "veto.numeral-word",
    "veto.vague-number",
    "veto.prefix-year",
    "veto.decimal-comma",
    "veto.no-prefix",
];

/// Every veto the core answers, in the layouts' order: `MOVED`, then `number_veto::MOVED`.
pub fn moved() -> Vec<&'static str> {
    MOVED
        .iter()
        .chain(crate::stages::number_veto::MOVED.iter())
        .copied()
        .collect()
}

/// A candidate as the surface phase sees it (the fields of `vetoes.Reading` it reads).
pub struct Seen<'a> {
    pub prefix: bool,
    /// the surface `_draft` gives the reading (a bracket qualifier's, or the name a house-style
    /// prefix written after its number stands for)
    pub surface: &'a Surface,
    pub written: &'a str,
    pub layout: &'a Layout,
    /// the word after the reading, lower-cased (`draft.next_word`, `Reading.nxt`); None where
    /// its pattern refused
    pub nxt: &'a dyn Fn() -> Option<String>,
}

/// The data of the moved rules, from the lexicon's rule tables.
#[derive(Debug, Clone, Default)]
pub struct Vetoes {
    /// `veto.attached-only`: `surfaces`, `lower_only`, `spaced`, `spaced_before`
    attached: Vec<String>,
    lower_only: Vec<String>,
    spaced_units: Vec<String>,
    spaced_before: BTreeSet<String>,
    /// `veto.house-style-prefix`: `big_scale`
    big_scale: BTreeSet<String>,
    /// `veto.name-compound`: `nouns`, `levels`
    nouns: BTreeSet<String>,
    levels: BTreeSet<String>,
    /// `veto.classifier`: `surfaces`, `money_after`, `tenths`, `tenth_units`, `unit_words`
    classifiers: Vec<String>,
    money_after: Vec<String>,
    tenths: BTreeSet<String>,
    tenth_units: Vec<String>,
    unit_words: Vec<String>,
    /// `veto.adjective-suffix`: `suffixes`
    suffixes: Vec<String>,
    /// `[attached_only] grouped`, `[script] spaced`, `[script] word_boundaries`
    grouped: Vec<String>,
    spaced: bool,
    word_boundaries: bool,
    /// `veto.house-style-prefix`: `cued` (lower case), `cues` (cue -> the letter it cues)
    cued: BTreeSet<String>,
    /// `veto.house-style-prefix`: `siblings`, `sibling_after`
    siblings: Vec<String>,
    sibling_after: BTreeSet<String>,
    cues: BTreeMap<String, String>,
    /// `veto.numeral-word`: `numerals`; `veto.vague-number`: `words`, `before_multiplier`,
    /// `multipliers`; `veto.decimal-comma`: `codes`; `[per_extra] no_prefix` (as written)
    numerals: Vec<String>,
    vague: Vec<String>,
    before_multiplier: Vec<String>,
    multipliers: Vec<String>,
    codes: BTreeSet<String>,
    no_prefix: Vec<String>,
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
            spaced_units: phrases(&data, "veto.attached-only", "spaced")?,
            spaced_before: words(&data, "veto.attached-only", "spaced_before")?,
            big_scale: words(&data, "veto.house-style-prefix", "big_scale")?,
            cued: words(&data, "veto.house-style-prefix", "cued")?,
            siblings: phrases(&data, "veto.house-style-prefix", "siblings")?,
            sibling_after: words(&data, "veto.house-style-prefix", "sibling_after")?,
            cues: map(&data, "veto.house-style-prefix", "cues")?,
            nouns: words(&data, "veto.name-compound", "nouns")?,
            levels: words(&data, "veto.name-compound", "levels")?,
            classifiers: phrases(&data, "veto.classifier", "surfaces")?,
            money_after: phrases(&data, "veto.classifier", "money_after")?,
            tenths: words(&data, "veto.classifier", "tenths")?,
            tenth_units: phrases(&data, "veto.classifier", "tenth_units")?,
            unit_words: phrases(&data, "veto.classifier", "unit_words")?,
            suffixes: phrases(&data, "veto.adjective-suffix", "suffixes")?,
            grouped: lang.grouped_prefixes.clone(),
            spaced: lang.spaced,
            word_boundaries: lang.word_boundaries,
            numerals: phrases(&data, "veto.numeral-word", "numerals")?,
            vague: phrases(&data, "veto.vague-number", "words")?,
            before_multiplier: phrases(&data, "veto.vague-number", "before_multiplier")?,
            multipliers: phrases(&data, "veto.vague-number", "multipliers")?,
            codes: words(&data, "veto.decimal-comma", "codes")?,
            no_prefix: lang.no_prefix.clone(),
        })
    }

    /// Every moved rule's answer, in `MOVED`'s order; None where a pattern refused (the word
    /// after): the engine then asks the Python functions.
    pub fn answers(
        &self,
        doc: &Doc,
        r: &Seen<'_>,
        has_scale: &dyn Fn(&str) -> bool,
    ) -> Option<Vec<Option<String>>> {
        Some(vec![
            space_group_tail(doc, r),
            self.attached_only(doc, r),
            self.house_style_prefix(doc, r, has_scale),
            code_label(doc, r),
            minor_prefix(r),
            self.name_compound(doc, r)?,
            self.classifier(doc, r),
            self.adjective_suffix(doc, r),
            self.numeral_word(doc, r),
            self.vague_number(doc, r),
            prefix_year(doc, r),
            self.decimal_comma(doc, r),
            self.no_prefix(r),
        ])
    }

    /// `veto.numeral-word`: a one-character numeral after a currency name, a letter after it,
    /// starts a word ("日元一度").
    fn numeral_word(&self, doc: &Doc, r: &Seen<'_>) -> Option<String> {
        let num = doc.slice(r.layout.num.0, r.layout.num.1);
        if !self.numerals.contains(&num) {
            return None;
        }
        let end = r.layout.end.max(0);
        let nxt = doc.slice(end, end + 1);
        if !nxt.chars().next().is_some_and(is_alpha) {
            return None;
        }
        Some(format!(
            "{} starts the word {}",
            py_repr(&num),
            py_repr(&format!("{num}{nxt}"))
        ))
    }

    /// `veto.vague-number`: a numeral after a word that makes it a vague count ("数百万美元").
    fn vague_number(&self, doc: &Doc, r: &Seen<'_>) -> Option<String> {
        let num = doc.slice(r.layout.num.0, r.layout.num.1);
        if self.vague.is_empty() || num.chars().next().is_none_or(py_isdigit) {
            return None;
        }
        let start = r.layout.start;
        let before = doc.slice((start - 4).max(0), start);
        if !self.vague.iter().any(|w| before.ends_with(w.as_str())) {
            return None;
        }
        // "市场上一美元兑换": 上 makes a vague count only of a bare multiplier ("上万元")
        if self
            .before_multiplier
            .iter()
            .any(|w| before.ends_with(w.as_str()))
            && !self.multipliers.iter().any(|m| num.starts_with(m.as_str()))
        {
            return None;
        }
        let n = before.chars().count();
        let two: String = before.chars().skip(n.saturating_sub(2)).collect();
        Some(format!(
            "{} after {} is a vague count",
            py_repr(&num),
            py_repr(&two)
        ))
    }

    /// `veto.decimal-comma`: a decimal comma outside the currencies whose copy writes one
    /// ("514,00 dlrs" is a slip; "92,45 rubles" is 92.45).
    fn decimal_comma(&self, doc: &Doc, r: &Seen<'_>) -> Option<String> {
        let num = doc.slice(r.layout.num.0, r.layout.num.1);
        // `_DECIMAL_COMMA` in Python, the whole number
        let body = num
            .strip_prefix('-')
            .or_else(|| num.strip_prefix('−'))
            .unwrap_or(&num);
        let (int, frac) = body.split_once(',')?;
        let (ni, nf) = (int.chars().count(), frac.chars().count());
        let lead = int.chars().next().is_some_and(|c| ('1'..='9').contains(&c));
        let short = lead && (1..=3).contains(&ni) && all_digits(int) && (1..=2).contains(&nf);
        // or thousands grouped by periods or spaces before two decimals: "9.990,00", "1 995,00"
        let thousands = nf == 2
            && (grouped(int, |c| c == '.', (1, 3), 3) || grouped(int, is_group_space, (1, 3), 3));
        if !((short || thousands) && all_digits(frac)) {
            return None;
        }
        if self.codes.contains(&r.surface.key.to_lowercase()) {
            return None;
        }
        Some(format!(
            "{} reads as a slip, not a decimal, in {} copy",
            py_repr(&num),
            py_repr(r.written)
        ))
    }

    /// `veto.no-prefix`: a currency name before its number where it never goes ("pound 5").
    fn no_prefix(&self, r: &Seen<'_>) -> Option<String> {
        let listed = |w: &str| self.no_prefix.iter().any(|n| *n == w);
        let named = listed(&r.surface.key.to_lowercase()) || listed(&r.written.to_lowercase());
        if !r.prefix || !named || self.grouped.iter().any(|g| g == r.written) {
            return None;
        }
        Some(format!("{} does not precede an amount", py_repr(r.written)))
    }

    /// The cues of one cued letter ("y": the yen, Japan, ...).
    fn cues_of(&self, letter: &str) -> BTreeSet<String> {
        self.cues
            .iter()
            .filter(|(_, l)| l.to_lowercase() == letter)
            .map(|(cue, _)| cue.clone())
            .collect()
    }

    /// `veto.house-style-prefix`: a house-style prefix ("Won1tn", "W1 million") needs an
    /// attached, grouped or scaled number, a one-letter one thousands groups or a big scale;
    /// right after "=" it is the other side of a rate ("US$1=W950").
    fn house_style_prefix(
        &self,
        doc: &Doc,
        r: &Seen<'_>,
        has_scale: &dyn Fn(&str) -> bool,
    ) -> Option<String> {
        if !self.grouped.iter().any(|g| g == r.written) || r.surface.kind != "symbol" {
            return None;
        }
        let w = py_repr(r.written);
        if !r.prefix {
            return Some(format!("house-style {w} only precedes its number"));
        }
        let l = r.layout;
        let gap = !doc.slice(l.gap.0, l.gap.1).is_empty();
        let before = doc.slice((l.start - 3).max(0), l.start);
        if !gap && before.trim_end_matches(py_isspace).ends_with('=') {
            return None;
        }
        let num = doc.slice(l.num.0, l.num.1);
        // a cued letter reads a plain figure in a document that names its currency ("Y112.33")
        let letter = r.written.to_lowercase();
        // (not a name with a letter after its figure: "P2P", "Y2K")
        let lettered = doc
            .slice(l.num.1, l.num.1 + 1)
            .chars()
            .next()
            .is_some_and(is_alpha);
        if !gap
            && self.cued.contains(&letter)
            && plain_figure(&num)
            && !lettered
            && names_any(doc, &self.cues_of(&letter))
        {
            return None;
        }
        // a sibling letter reads a plain figure where the story writes it with thousands groups
        if !gap
            && self.siblings.iter().any(|w| w == r.written)
            && plain_figure(&num)
            && (num.contains('.') || self.sibling_after.contains(&word_before(doc, l.start)))
            && writes_grouped(doc, r.written)
        {
            return None;
        }
        if gap || !(num.contains(',') || has_scale(&num)) {
            return Some(format!(
                "house-style {w} needs an attached, grouped or scaled number"
            ));
        }
        // `_big_scale`: the letters ending the number (`[A-Za-z]+\Z`) are a big scale
        let n = num
            .chars()
            .rev()
            .take_while(char::is_ascii_alphabetic)
            .count();
        let tail: String = num.chars().skip(num.chars().count() - n).collect();
        let big = !tail.is_empty() && self.big_scale.contains(&tail.to_lowercase());
        if r.written.chars().count() == 1 && !num.contains(',') && !big {
            return Some(format!(
                "one-letter {w} needs thousands groups or a scale of a million or more"
            ));
        }
        None
    }

    /// Whether a word of `levels` ends right before `start` ("the upper 113 yen zone").
    fn after_level(&self, doc: &Doc, start: i64) -> bool {
        let head = doc.slice((start - 16).max(0), start.max(0)).to_lowercase();
        let head = head.trim_end();
        self.levels.iter().any(|w| {
            head.strip_suffix(w.as_str())
                .is_some_and(|rest| !rest.chars().next_back().is_some_and(char::is_alphanumeric))
        })
    }

    /// `veto.name-compound`: a currency name before a noun it names a thing with ("the 12 Euro
    /// zone countries"); in an unspaced script a one-character unit makes a word with what
    /// follows. The outer None: the word after could not be read (a pattern refused).
    fn name_compound(&self, doc: &Doc, r: &Seen<'_>) -> Option<Option<String>> {
        let kind = r.surface.kind;
        if r.prefix || !(kind == "name" || kind == "ambiguous") || self.nouns.is_empty() {
            return Some(None);
        }
        let nxt = (r.nxt)()?;
        if self.nouns.contains(&nxt) {
            if self.after_level(doc, r.layout.start) {
                return Some(None); // "in the upper 113 yen zone": a level, not a thing
            }
            return Some(Some(format!("'{} {nxt}' names a thing", r.written)));
        }
        let after = after(doc, r.layout.end);
        // unspaced, or (Korean) particles glued to words: "3원칙을"
        if (!self.spaced || !self.word_boundaries)
            && r.written.chars().count() == 1
            && self.nouns.iter().any(|n| after.starts_with(n.as_str()))
        {
            let four: String = after.chars().take(4).collect();
            return Some(Some(format!(
                "{} makes a word with what follows ({})",
                py_repr(r.written),
                py_repr(&four)
            )));
        }
        Some(None)
    }

    /// `veto.classifier`: a unit that doubles as a classifier before a noun ("两块地").
    fn classifier(&self, doc: &Doc, r: &Seen<'_>) -> Option<String> {
        if !self.classifiers.iter().any(|c| c == r.written) {
            return None;
        }
        let after = after(doc, r.layout.end);
        let first_alpha = after.chars().next().is_some_and(is_alpha);
        if !first_alpha
            || self
                .money_after
                .iter()
                .any(|m| after.starts_with(m.as_str()))
        {
            return None;
        }
        // "两块五。", "三块五毛钱": a numeral after it is its tenths before a pause or a tenth's unit
        let mut chars = after.chars();
        let first = chars.next().map(String::from).unwrap_or_default();
        let rest = chars.as_str();
        // ... not a word the unit begins: "一块三角形的地", "三块五分熟的牛排"
        let unit = self
            .tenth_units
            .iter()
            .any(|u| rest.starts_with(u.as_str()))
            && !self.unit_words.iter().any(|w| rest.starts_with(w.as_str()));
        if self.tenths.contains(&first) && (!rest.chars().next().is_some_and(is_alpha) || unit) {
            return None;
        }
        let two: String = after.chars().take(2).collect();
        Some(format!(
            "{} before {} counts pieces, not money",
            py_repr(r.written),
            py_repr(&two)
        ))
    }

    /// `veto.adjective-suffix`: a currency word with an adjective suffix ("won-denominated").
    fn adjective_suffix(&self, doc: &Doc, r: &Seen<'_>) -> Option<String> {
        if self.suffixes.is_empty() {
            return None;
        }
        let after = after(doc, r.layout.end);
        let lower = after.to_lowercase();
        if !self.suffixes.iter().any(|s| lower.starts_with(s.as_str())) {
            return None;
        }
        let first = py_split(&after).next().unwrap_or("");
        Some(format!("adjective {}{first}", r.written))
    }

    /// `veto.attached-only`: a one- or two-letter unit not written against its number, or one
    /// that counts only in lower case written otherwise.
    fn attached_only(&self, doc: &Doc, r: &Seen<'_>) -> Option<String> {
        let text = &r.surface.text;
        let gap = r.layout.gap;
        // one of `spaced` counts spaced before a word of `spaced_before` ("one ct vs 31 cts")
        let spaced_ok = || {
            self.spaced_units.contains(&r.written.to_lowercase())
                && (r.nxt)().is_some_and(|w| self.spaced_before.contains(&w))
        };
        if self.attached.contains(text) && !doc.slice(gap.0, gap.1).is_empty() && !spaced_ok() {
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

/// `Reading.after`: the 16 characters after the reading.
fn after(doc: &Doc, end: i64) -> String {
    let end = end.max(0);
    doc.slice(end, end + 16)
}

/// `veto.minor-prefix`: a minor unit does not precede its number ("cents 50").
fn minor_prefix(r: &Seen<'_>) -> Option<String> {
    (r.prefix && r.surface.kind == "minor")
        .then(|| "a minor unit does not precede its number".to_string())
}

/// `veto.prefix-year`: a currency name or sign before a year ("Euro 2016"); not where a
/// currency name after the number confirms the amount ("人民币2000元").
fn prefix_year(doc: &Doc, r: &Seen<'_>) -> Option<String> {
    if !r.prefix || r.surface.kind == "code" || r.layout.end > r.layout.num.1 {
        return None;
    }
    let num = doc.slice(r.layout.num.0, r.layout.num.1);
    // `(?:19|20)\d\d`, the whole number
    let cs: Vec<char> = num.chars().collect();
    let century = cs.len() == 4 && (cs[..2] == ['1', '9'] || cs[..2] == ['2', '0']);
    if !century || !cs[2..].iter().all(|&c| digit_value(c).is_some()) {
        return None;
    }
    Some(format!("'{} {num}' names an event or a year", r.written))
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
            spaced_units: vec!["ct".to_string()],
            spaced_before: ["vs".to_string()].into(),
            big_scale: ["million".to_string()].into(),
            nouns: ["zone".to_string()].into(),
            levels: ["upper".to_string()].into(),
            classifiers: vec!["块".to_string()],
            money_after: vec!["钱".to_string()],
            tenths: ["五".to_string()].into(),
            tenth_units: vec!["毛".to_string()],
            unit_words: vec!["毛衣".to_string()],
            suffixes: vec!["-denominated".to_string()],
            grouped: vec!["W".to_string(), "Won".to_string(), "Y".to_string()],
            spaced: true,
            word_boundaries: true,
            cued: ["y".to_string()].into(),
            siblings: vec!["W".to_string()],
            sibling_after: ["and".to_string()].into(),
            cues: [("yen".to_string(), "y".to_string())].into(),
            numerals: vec!["一".to_string()],
            vague: vec!["数".to_string(), "上".to_string()],
            before_multiplier: vec!["上".to_string()],
            multipliers: vec!["万".to_string()],
            codes: ["rub".to_string()].into(),
            no_prefix: vec!["pound".to_string()],
        };
        let answer = |text: &str, s: &Surface, written: &str, prefix: bool, l: &Layout| {
            let doc = Doc::new(text);
            let end = l.end as usize;
            // the word after: the letters after the spaces (the stand-in for `next_word`)
            let nxt = || {
                let rest: String = doc.chars[end.min(doc.len())..].iter().collect();
                Some(rest.split_whitespace().next().unwrap_or("").to_lowercase())
            };
            let seen = Seen {
                prefix,
                surface: s,
                written,
                layout: l,
                nxt: &nxt,
            };
            let scaled = |n: &str| n.chars().any(|c| c.is_ascii_alphabetic());
            let got = vetoes.answers(&doc, &seen, &scaled).expect("answers");
            // (space-group-tail, attached-only, code-label) and the others
            let pick = [0, 1, 3];
            let three: Vec<_> = pick.iter().map(|&k| got[k].clone()).collect();
            (three, got)
        };
        let answer3 = |text: &str, s: &Surface, written: &str, prefix: bool, l: &Layout| {
            answer(text, s, written, prefix, l).0
        };
        // "1 500 euros": the 500 is the tail of a space-grouped number; "1 000": no "0dd" tail
        let euro = surface("euros", "name");
        let got = answer3(
            "1 050 euros",
            &euro,
            "euros",
            false,
            &layout(2, 11, (2, 5), (5, 6)),
        );
        let why = "'050' is the tail of a space-grouped number";
        assert_eq!(got, [Some(why.to_string()), None, None]);
        let got = answer3(
            "x 050 euros",
            &euro,
            "euros",
            false,
            &layout(2, 11, (2, 5), (5, 6)),
        );
        assert_eq!(got, [None, None, None]);
        // "50 p" is a page; "50p" money; "7 C" in upper case no cent
        let p = surface("p", "minor");
        let got = answer3("50 p", &p, "p", false, &layout(0, 4, (0, 2), (2, 3)));
        let why = "'p' counts only when written against the number";
        assert_eq!(got, [None, Some(why.to_string()), None]);
        assert_eq!(
            answer3("50p", &p, "p", false, &layout(0, 3, (0, 2), (2, 2))),
            [None, None, None]
        );
        let c = surface("c", "minor");
        let got = answer3("7C", &c, "C", false, &layout(0, 2, (0, 1), (1, 1)));
        assert_eq!(got[1].as_deref(), Some("'C' in upper case is no 'c'"));
        // "USD: 8,050" labels what follows; "USD :5" too, "USD:5" is a time-like figure
        let usd = surface("usd", "code");
        let l = layout(0, 9, (0, 5), (5, 6));
        let got = answer3("3,100 USD : next", &usd, "USD", false, &l);
        let why = "'USD' followed by a colon labels what comes next";
        assert_eq!(got[2].as_deref(), Some(why));
        assert_eq!(answer3("3,100 USD:5", &usd, "USD", false, &l)[2], None);
        assert_eq!(answer3("3,100 USD : next", &usd, "USD", true, &l)[2], None);
        // house-style prefixes: "W1 million" and "W1,123" read, "W12" and "W 1,000" do not,
        // "US$1=W950" is the other side of a rate; after its number it is no prefix
        let w = surface("W", "symbol");
        let at = |n: usize| layout(0, n as i64, (1, n as i64), (1, 1));
        assert_eq!(answer("W1 million", &w, "W", true, &at(10)).1[2], None);
        assert_eq!(answer("W1,123", &w, "W", true, &at(6)).1[2], None);
        let why = "one-letter 'W' needs thousands groups or a scale of a million or more";
        assert_eq!(
            answer("W1K", &w, "W", true, &at(3)).1[2].as_deref(),
            Some(why)
        );
        let why = "house-style 'W' needs an attached, grouped or scaled number";
        assert_eq!(
            answer("W12", &w, "W", true, &at(3)).1[2].as_deref(),
            Some(why)
        );
        // a sibling letter reads a plain figure where the story writes it with groups
        let sib = layout(11, 14, (12, 14), (12, 12));
        assert_eq!(answer("W1,200 and W12", &w, "W", true, &sib).1[2], None);
        let name = layout(13, 16, (14, 16), (14, 14));
        assert!(answer("W1,200 model W12", &w, "W", true, &name).1[2].is_some());
        // a cued letter reads a plain figure where the document names its currency
        let y = surface("Y", "symbol");
        assert_eq!(
            answer("Y112.33 for the Yen", &y, "Y", true, &at(7)).1[2],
            None
        );
        let why = "house-style 'Y' needs an attached, grouped or scaled number";
        assert_eq!(
            answer("Y112.33 for the Yenta", &y, "Y", true, &at(7)).1[2].as_deref(),
            Some(why)
        );
        assert_eq!(
            answer("Y2K for the yen", &y, "Y", true, &at(3)).1[2].as_deref(),
            Some("one-letter 'Y' needs thousands groups or a scale of a million or more")
        );
        let rate = layout(5, 9, (6, 9), (6, 6));
        assert_eq!(answer("US$1=W950", &w, "W", true, &rate).1[2], None);
        let why = "house-style 'W' only precedes its number";
        assert_eq!(
            answer("5 W", &w, "W", false, &at(3)).1[2].as_deref(),
            Some(why)
        );
        // a minor unit before its number; a name before a noun; a classifier before a noun;
        // an adjective suffix
        let cents = surface("cents", "minor");
        let got = answer(
            "cents 50",
            &cents,
            "cents",
            true,
            &layout(0, 8, (6, 8), (5, 6)),
        )
        .1;
        assert_eq!(
            got[4].as_deref(),
            Some("a minor unit does not precede its number")
        );
        let euro_name = surface("euro", "name");
        let got = answer(
            "12 Euro zone",
            &euro_name,
            "Euro",
            false,
            &layout(0, 7, (0, 2), (2, 3)),
        );
        assert_eq!(got.1[5].as_deref(), Some("'Euro zone' names a thing"));
        // a word that places a level before the figure: a level, not a thing
        let yen = surface("yen", "name");
        let got = answer(
            "the upper 113 yen zone",
            &yen,
            "yen",
            false,
            &layout(10, 17, (10, 13), (13, 14)),
        );
        assert_eq!(got.1[5], None);
        let kuai = surface("块", "name");
        let got = answer("两块地", &kuai, "块", false, &layout(0, 2, (0, 1), (1, 1)));
        assert_eq!(
            got.1[6].as_deref(),
            Some("'块' before '地' counts pieces, not money")
        );
        assert_eq!(
            answer("50块钱", &kuai, "块", false, &layout(0, 3, (0, 2), (2, 2))).1[6],
            None
        );
        // a numeral after 块 is its tenths before a pause or a tenth's unit, not before a noun
        let tenths =
            |t: &str| answer(t, &kuai, "块", false, &layout(0, 2, (0, 1), (1, 1))).1[6].clone();
        assert_eq!(tenths("两块五毛"), None);
        assert_eq!(tenths("两块五。"), None);
        assert!(tenths("两块五花肉").is_some());
        let won = surface("won", "ambiguous");
        let got = answer(
            "won-denominated bonds",
            &won,
            "won",
            true,
            &layout(0, 3, (0, 0), (0, 0)),
        );
        assert_eq!(got.1[7].as_deref(), Some("adjective won-denominated"));
        // the number phase's five: "日元一度", "数百万美元", "Euro 2016", "514,00 dlrs" (not
        // "92,45 rubles"), "pound 5"
        let yen = surface("日元", "name");
        let got = answer(
            "日元一度",
            &yen,
            "日元",
            true,
            &layout(0, 3, (2, 3), (2, 2)),
        )
        .1;
        assert_eq!(got[8].as_deref(), Some("'一' starts the word '一度'"));
        let usd = surface("美元", "name");
        let got = answer(
            "数百万美元",
            &usd,
            "美元",
            false,
            &layout(1, 5, (1, 3), (3, 3)),
        )
        .1;
        assert_eq!(
            got[9].as_deref(),
            Some("'百万' after '数' is a vague count")
        );
        // 上 makes a vague count of a bare multiplier only: "上万美元", not "市场上一美元"
        let got = answer(
            "上万美元",
            &usd,
            "美元",
            false,
            &layout(1, 4, (1, 2), (2, 2)),
        )
        .1;
        assert_eq!(got[9].as_deref(), Some("'万' after '上' is a vague count"));
        let got = answer(
            "市场上一美元",
            &usd,
            "美元",
            false,
            &layout(3, 6, (3, 4), (4, 4)),
        )
        .1;
        assert_eq!(got[9], None);
        let euro = surface("euro", "name");
        let got = answer(
            "Euro 2016",
            &euro,
            "Euro",
            true,
            &layout(0, 9, (5, 9), (4, 5)),
        )
        .1;
        assert_eq!(
            got[10].as_deref(),
            Some("'Euro 2016' names an event or a year")
        );
        let dlrs = surface("dlrs", "name");
        let got = answer(
            "514,00 dlrs",
            &dlrs,
            "dlrs",
            false,
            &layout(0, 11, (0, 6), (6, 7)),
        )
        .1;
        let why = "'514,00' reads as a slip, not a decimal, in 'dlrs' copy";
        assert_eq!(got[11].as_deref(), Some(why));
        let rub = surface("rub", "name");
        let got = answer(
            "92,45 rub",
            &rub,
            "rub",
            false,
            &layout(0, 9, (0, 5), (5, 6)),
        )
        .1;
        assert_eq!(got[11], None);
        let pound = surface("pound", "name");
        let got = answer(
            "pound 5",
            &pound,
            "pound",
            true,
            &layout(0, 7, (6, 7), (5, 6)),
        )
        .1;
        assert_eq!(
            got[12].as_deref(),
            Some("'pound' does not precede an amount")
        );
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
