//! The number-phase vetoes that read the words and patterns around a reading
//! (`moneyx/extract/vetoes.py`, issue 18 phase 2 step 5): the won and pound rules, dates and
//! years, coins, percentages, milestones, capitalised names, articles.
//!
//! Each function answers as its Python function does, on the reading as the core lays it out
//! (`candidate::Layout`) with the number the core read; the engine takes those answers only
//! where reading the number left the reading as laid out (`candidates._draft`). Their words
//! come from the lexicon's rule tables (`Language::rule_data`) and its `[coins]`,
//! `[article_one]`, `[bounds]` and `[hedges]` lists; the patterns they read are the Python
//! sources (`moneyx.native.candidate_stage` passes them with the stage's), compiled by
//! `grammar`. A pattern that refuses makes the whole answer list refuse: the engine then asks
//! the Python functions.

use std::cell::OnceCell;
use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

use crate::data::{is_alpha, DataError, Result, Surface};
use crate::grammar::{window, CharFound, Method, Pattern, Patterns, Refusal};
use crate::numbers::{digit_value, Dec};
use crate::stages::candidate::Layout;
use crate::stages::veto::py_repr;
use crate::stages::{lookup, phrases, py_isdigit, py_isspace, py_split, words, Doc, RuleData};
use crate::Language;

type Res<T> = std::result::Result<T, Refusal>;

/// The rules answered here, in the order they follow `veto::MOVED`'s first thirteen.
pub const MOVED: [&str; 18] = [
    "veto.digit-overflow",
    "veto.weekday",
    "veto.capitalised-name",
    "veto.proper-name",
    "veto.lone-article",
    "veto.article-base",
    "veto.won-score",
    "veto.won-verb",
    "veto.won-year",
    "veto.pound-weight",
    "veto.marks-score",
    "veto.milestone-noun",
    "veto.date-year",
    "veto.place-number",
    "veto.coin-not-money",
    "veto.percentage",
    "veto.the-name",
    "veto.fuel-grade",
];

/// The digits `moneyx.numbers.EXACT` reads exactly (its `prec`; `Candidates.data()` hands it
/// to the test that holds it equal).
pub const EXACT_DIGITS: usize = 400;

/// The pattern sources the rules read, by the names `moneyx.native.candidate_stage` passes:
/// `Grammar`'s `prev_word`, `per_after`, `after_number_veto`; `draft._WORD`; the `vetoes`
/// module's `_SENTENCE_START`, `_RAW_PREV`, `_RAW_NEXT`, `_PERIOD_BEFORE`,
/// `_COMPOUND`, `_LINE_BREAK`, `_SCORE`, `_share_pattern(lang)`, and `_article_link` and
/// `_figure_link` built from `veto.article-base`'s data.
pub const PATTERNS: [&str; 13] = [
    "prev_word",
    "per_after",
    "after_number_veto",
    "veto.word",
    "veto.sentence_start",
    "veto.raw_prev",
    "veto.raw_next",
    "veto.period_before",
    "veto.compound",
    "veto.line_break",
    "veto.score",
    "veto.share",
    "veto.article_link",
];
/// `_figure_link`, passed where `veto.article-base` has an `after` list.
pub const FIGURE_LINK: &str = "veto.figure_link";

struct Pats {
    next_word: Arc<Pattern>,
    prev_word: Arc<Pattern>,
    per_after: Arc<Pattern>,
    after_number_veto: Arc<Pattern>,
    word: Arc<Pattern>,
    sentence_start: Arc<Pattern>,
    raw_prev: Arc<Pattern>,
    raw_next: Arc<Pattern>,
    period_before: Arc<Pattern>,
    compound: Arc<Pattern>,
    line_break: Arc<Pattern>,
    score: Arc<Pattern>,
    share: Arc<Pattern>,
    article_link: Arc<Pattern>,
    figure_link: Option<Arc<Pattern>>,
}

/// The number-phase rules' data and patterns.
pub struct NumberVetoes {
    pats: Pats,
    /// the lexicon's lists
    articles: BTreeSet<String>,
    article_one: BTreeSet<String>,
    coins: BTreeSet<String>,
    modifiers: Vec<String>,
    multipliers: HashSet<String>,
    /// `veto.weekday`
    weekday_words: Vec<String>,
    weekday_numerals: Vec<String>,
    /// `veto.lone-article`
    lone_nouns: BTreeSet<String>,
    /// `veto.article-base` (`links` is in its pattern)
    base_after: Vec<String>,
    /// `veto.won-score`, `veto.won-verb`, `veto.won-year`
    score_surfaces: Vec<String>,
    won_surfaces: Vec<String>,
    won_next: BTreeSet<String>,
    time_after: BTreeSet<String>,
    won_determiners: BTreeSet<String>,
    pronouns: BTreeSet<String>,
    clause_verbs: BTreeSet<String>,
    year_surfaces: Vec<String>,
    prepositions: BTreeSet<String>,
    /// `veto.pound-weight`
    pound_surfaces: Vec<String>,
    singular: Vec<String>,
    pound_next: BTreeSet<String>,
    pound_prev: BTreeSet<String>,
    money_nouns: BTreeSet<String>,
    pound_after: Vec<String>,
    units: BTreeSet<String>,
    restate_joins: BTreeSet<String>,
    weighed_prev: BTreeSet<String>,
    /// `veto.marks-score`
    marks_surfaces: Vec<String>,
    marks_prev: BTreeSet<String>,
    marks_next: BTreeSet<String>,
    /// `veto.milestone-noun`
    milestone_surfaces: Vec<String>,
    followers: BTreeSet<String>,
    joined: BTreeSet<String>,
    milestone_determiners: BTreeSet<String>,
    /// `veto.date-year`
    date_before: BTreeSet<String>,
    months: BTreeSet<String>,
    /// `veto.place-number`
    place_surfaces: Vec<String>,
    /// `veto.fuel-grade`
    fuel_surfaces: Vec<String>,
    fuel_grades: BTreeSet<String>,
    fuels_after: BTreeSet<String>,
    /// `veto.coin-not-money`
    coin_words_only: Vec<String>,
    coin_prev: BTreeSet<String>,
    coin_next: BTreeSet<String>,
    grand_next: BTreeSet<String>,
    fraction_prev: BTreeSet<String>,
    period_prev: BTreeSet<String>,
    /// `veto.the-name`
    the_determiners: BTreeSet<String>,
    the_signs: BTreeSet<String>,
}

type Data = RuleData;

/// What the number phase sees of a reading, read on first use (`Reading.nxt`, `Reading.prev`).
pub struct Around<'a> {
    pub doc: &'a Doc,
    pub prefix: bool,
    pub surface: &'a Surface,
    pub written: &'a str,
    pub layout: &'a Layout,
    /// the number phrase (`Reading.num_text`)
    pub num: String,
    nxt: OnceCell<String>,
    prev: OnceCell<String>,
}

impl<'a> Around<'a> {
    pub fn new(
        doc: &'a Doc,
        prefix: bool,
        surface: &'a Surface,
        written: &'a str,
        layout: &'a Layout,
    ) -> Around<'a> {
        let num = doc.slice(layout.num.0, layout.num.1);
        Around {
            doc,
            prefix,
            surface,
            written,
            layout,
            num,
            nxt: OnceCell::new(),
            prev: OnceCell::new(),
        }
    }

    fn start(&self) -> usize {
        usize::try_from(self.layout.start).unwrap_or(0)
    }

    fn end(&self) -> usize {
        usize::try_from(self.layout.end).unwrap_or(0)
    }

    /// `Reading.words_only`: no digit in the number phrase ("five million").
    fn words_only(&self) -> bool {
        !self.num.chars().any(py_isdigit)
    }

    /// `Reading.after`: the 16 characters after the reading.
    fn after(&self) -> String {
        let end = self.layout.end.max(0);
        self.doc.slice(end, end + 16)
    }

    /// `Reading.hyphened`: a suffix reading with a hyphen between number and name.
    fn hyphened(&self) -> bool {
        !self.prefix
            && self
                .doc
                .slice(self.layout.gap.0, self.layout.gap.1)
                .contains('-')
    }

    /// `r.number == 1` on the number the core read (None: not read, never one).
    fn is_one(&self) -> bool {
        let n = self.layout.number.as_deref().and_then(Dec::parse);
        n.is_some_and(|d| 10i128.checked_pow(d.s).is_some_and(|p| d.m == p))
    }
}

/// `s.isalpha()`, `s.isupper()`, `s.isdigit()`, `s.isalnum()` as Python answers them.
fn py_isalpha(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_alpha)
}

fn py_isalnum_char(c: char) -> bool {
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    is_alpha(c)
        || py_isdigit(c)
        || matches!(
            get_general_category(c),
            G::DecimalNumber | G::LetterNumber | G::OtherNumber
        )
}

fn py_isalnum(s: &str) -> bool {
    !s.is_empty() && s.chars().all(py_isalnum_char)
}

fn py_isdigit_str(s: &str) -> bool {
    !s.is_empty() && s.chars().all(py_isdigit)
}

fn is_titlecase(c: char) -> bool {
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    get_general_category(c) == G::TitlecaseLetter
}

/// `s.isupper()`: a cased character, and none lower or title case.
fn py_isupper(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if c.is_lowercase() || is_titlecase(c) {
            return false;
        }
        cased |= c.is_uppercase();
    }
    cased
}

fn first_is(s: &str, f: impl Fn(char) -> bool) -> bool {
    s.chars().next().is_some_and(f)
}

/// The last `n` characters of `s` (`s[-n:]`).
fn last_chars(s: &str, n: usize) -> String {
    let k = s.chars().count();
    s.chars().skip(k.saturating_sub(n)).collect()
}

/// `(?:19|20)\d\d` or `1[89]\d\d|20\d\d`, the whole phrase (`\d`: any script's digit).
fn is_year(num: &str, centuries: &[[char; 2]]) -> bool {
    let cs: Vec<char> = num.chars().collect();
    cs.len() == 4
        && centuries.iter().any(|c| cs[..2] == *c)
        && cs[2..].iter().all(|&c| digit_value(c).is_some())
}

const YEAR: [[char; 2]; 2] = [['1', '9'], ['2', '0']];
const YEAR_WON: [[char; 2]; 3] = [['1', '8'], ['1', '9'], ['2', '0']];
/// How far back the bracket of a restated weight may open (`vetoes._RESTATE_BACK`).
const RESTATE_BACK: usize = 40;

impl NumberVetoes {
    /// The rules' data of `lang` (typed by the registry's kinds) and their patterns.
    pub fn new(
        lang: &Language,
        data: &Data,
        patterns: &Patterns,
        next_word: Arc<Pattern>,
        multipliers: HashSet<String>,
    ) -> std::result::Result<NumberVetoes, VetoError> {
        let get = |name: &str| patterns.get(name).cloned().map_err(VetoError::Pattern);
        let figure_link = match patterns.get(FIGURE_LINK) {
            Ok(p) => Some(Arc::clone(p)),
            Err(_) if !patterns.refused.contains_key(FIGURE_LINK) => None,
            Err(why) => return Err(VetoError::Pattern(why)),
        };
        let pats = Pats {
            next_word,
            prev_word: get("prev_word")?,
            per_after: get("per_after")?,
            after_number_veto: get("after_number_veto")?,
            word: get("veto.word")?,
            sentence_start: get("veto.sentence_start")?,
            raw_prev: get("veto.raw_prev")?,
            raw_next: get("veto.raw_next")?,
            period_before: get("veto.period_before")?,
            compound: get("veto.compound")?,
            line_break: get("veto.line_break")?,
            score: get("veto.score")?,
            share: get("veto.share")?,
            article_link: get("veto.article_link")?,
            figure_link,
        };
        let set = |v: &[String]| v.iter().cloned().collect::<BTreeSet<_>>();
        let d = |r: Result<Vec<String>>| r.map_err(VetoError::Data);
        let w = |r: Result<BTreeSet<String>>| r.map_err(VetoError::Data);
        let base_after = d(phrases(data, "veto.article-base", "after"))?;
        if !base_after.is_empty() && pats.figure_link.is_none() {
            return Err(VetoError::Pattern(Refusal(format!(
                "no pattern {FIGURE_LINK:?}"
            ))));
        }
        Ok(NumberVetoes {
            pats,
            articles: set(&lang.articles),
            article_one: set(&lang.article_one),
            coins: set(&lang.coins),
            modifiers: lang.modifiers.clone(),
            multipliers,
            weekday_words: d(phrases(data, "veto.weekday", "words"))?,
            weekday_numerals: d(phrases(data, "veto.weekday", "numerals"))?,
            lone_nouns: w(words(data, "veto.lone-article", "nouns"))?,
            base_after,
            score_surfaces: d(phrases(data, "veto.won-score", "surfaces"))?,
            won_surfaces: d(phrases(data, "veto.won-verb", "surfaces"))?,
            won_next: w(words(data, "veto.won-verb", "next"))?,
            time_after: w(words(data, "veto.won-verb", "time_after"))?,
            won_determiners: w(words(data, "veto.won-verb", "determiners"))?,
            pronouns: w(words(data, "veto.won-verb", "pronouns"))?,
            clause_verbs: w(words(data, "veto.won-verb", "clause_verbs"))?,
            year_surfaces: d(phrases(data, "veto.won-year", "surfaces"))?,
            prepositions: w(words(data, "veto.won-year", "prepositions"))?,
            pound_surfaces: d(phrases(data, "veto.pound-weight", "surfaces"))?,
            singular: d(phrases(data, "veto.pound-weight", "singular"))?,
            pound_next: w(words(data, "veto.pound-weight", "next"))?,
            pound_prev: w(words(data, "veto.pound-weight", "prev"))?,
            money_nouns: w(words(data, "veto.pound-weight", "money_nouns"))?,
            pound_after: d(phrases(data, "veto.pound-weight", "after"))?,
            units: w(words(data, "veto.pound-weight", "units"))?,
            restate_joins: w(words(data, "veto.pound-weight", "restate_joins"))?,
            weighed_prev: w(words(data, "veto.pound-weight", "weighed_prev"))?,
            marks_surfaces: d(phrases(data, "veto.marks-score", "surfaces"))?,
            marks_prev: w(words(data, "veto.marks-score", "prev"))?,
            marks_next: w(words(data, "veto.marks-score", "next"))?,
            milestone_surfaces: d(phrases(data, "veto.milestone-noun", "surfaces"))?,
            followers: w(words(data, "veto.milestone-noun", "followers"))?,
            joined: w(words(data, "veto.milestone-noun", "joined"))?,
            milestone_determiners: w(words(data, "veto.milestone-noun", "determiners"))?,
            date_before: w(words(data, "veto.date-year", "before"))?,
            months: w(words(data, "veto.date-year", "months"))?,
            place_surfaces: d(phrases(data, "veto.place-number", "surfaces"))?,
            fuel_surfaces: d(phrases(data, "veto.fuel-grade", "surfaces"))?,
            fuel_grades: w(words(data, "veto.fuel-grade", "grades"))?,
            fuels_after: w(words(data, "veto.fuel-grade", "fuels_after"))?,
            coin_words_only: d(phrases(data, "veto.coin-not-money", "words_only"))?,
            coin_prev: w(words(data, "veto.coin-not-money", "prev"))?,
            coin_next: w(words(data, "veto.coin-not-money", "next"))?,
            grand_next: w(words(data, "veto.coin-not-money", "grand_next"))?,
            fraction_prev: w(words(data, "veto.coin-not-money", "fraction_prev"))?,
            period_prev: w(words(data, "veto.coin-not-money", "period_prev"))?,
            the_determiners: w(words(data, "veto.the-name", "determiners"))?,
            the_signs: w(words(data, "veto.the-name", "signs"))?,
        })
    }

    /// Every rule's answer, in `MOVED`'s order; Err where a pattern refused.
    pub fn answers(
        &self,
        lang: &Language,
        r: &Around<'_>,
        has_scale: &dyn Fn(&str) -> bool,
    ) -> Res<Vec<Option<String>>> {
        Ok(vec![
            digit_overflow(r),
            self.weekday(r),
            self.capitalised_name(r)?,
            self.proper_name(lang, r)?,
            self.lone_article(r)?,
            self.article_base(lang, r)?,
            self.won_score(r)?,
            self.won_verb(r)?,
            self.won_year(r)?,
            self.pound_weight(lang, r)?,
            self.marks_score(r, has_scale)?,
            self.milestone_noun(r, has_scale)?,
            self.date_year(r)?,
            self.place_number(r)?,
            self.coin_not_money(lang, r)?,
            self.percentage(r)?,
            self.the_name(lang, r)?,
            self.fuel_grade(r)?,
        ])
    }

    // --- the text around the reading ------------------------------------------------------

    fn call(
        &self,
        p: &Pattern,
        doc: &Doc,
        method: Method,
        pos: usize,
        end: usize,
    ) -> Res<Option<CharFound>> {
        let (pos, end) = window(doc.len(), pos as isize, Some(end as isize));
        p.call(&doc.prepared, method, pos, end)
    }

    fn group(p: &Pattern, found: &CharFound, name: &str) -> Option<(usize, usize)> {
        p.names
            .get(name)
            .and_then(|&n| found.1.get(n - 1).copied().flatten())
    }

    /// `draft.next_word`: the word (or mark) after `pos`, lower-cased, and where its match
    /// ends (None: no match).
    fn next_word_at(&self, doc: &Doc, pos: usize) -> Res<(String, Option<usize>)> {
        let p = &self.pats.next_word;
        Ok(match self.call(p, doc, Method::Match, pos, doc.len())? {
            Some(m) => {
                let w = Self::group(p, &m, "w").map_or(String::new(), |(s, e)| {
                    doc.slice(s as i64, e as i64).to_lowercase()
                });
                (w, Some(m.0 .1))
            }
            None => (String::new(), None),
        })
    }

    /// `Reading.nxt`.
    fn nxt<'r>(&self, r: &'r Around<'_>) -> Res<&'r str> {
        if let Some(w) = r.nxt.get() {
            return Ok(w);
        }
        let w = self.next_word_at(r.doc, r.end())?.0;
        Ok(r.nxt.get_or_init(|| w))
    }

    /// `draft.word_after_next` after the reading.
    fn word_after_next(&self, r: &Around<'_>) -> Res<String> {
        match self.next_word_at(r.doc, r.end())?.1 {
            Some(end) => Ok(self.next_word_at(r.doc, end)?.0),
            None => Ok(String::new()),
        }
    }

    /// `Reading.prev` (`draft.prev_word`): the word before the reading, lower-cased.
    fn prev<'r>(&self, r: &'r Around<'_>) -> Res<&'r str> {
        if let Some(w) = r.prev.get() {
            return Ok(w);
        }
        let p = &self.pats.prev_word;
        let start = r.start();
        let w = match self.call(p, r.doc, Method::Search, start.saturating_sub(40), start)? {
            Some(m) => Self::group(p, &m, "w").map_or(String::new(), |(s, e)| {
                r.doc.slice(s as i64, e as i64).to_lowercase()
            }),
            None => String::new(),
        };
        Ok(r.prev.get_or_init(|| w))
    }

    /// `draft.prev_words`: the `n` words before `pos`, lower-cased (`[\w'’]+` found in the
    /// `12 * n` characters before).
    fn prev_words(&self, doc: &Doc, pos: usize, n: usize) -> Res<Vec<String>> {
        let lo = pos.saturating_sub(12 * n);
        let mut found = Vec::new();
        let mut at = lo;
        while at < pos {
            let Some(m) = self.call(&self.pats.word, doc, Method::Search, at, pos)? else {
                break;
            };
            let (s, e) = m.0;
            found.push(doc.slice(s as i64, e as i64).to_lowercase());
            at = if e > s { e } else { e + 1 };
        }
        let k = found.len().saturating_sub(n);
        Ok(found.split_off(k))
    }

    /// `draft.past_modifier`: lower-cased words without a bound or hedge that ends them.
    fn past_modifier(&self, words: &str) -> String {
        let low = py_split(&words.to_lowercase())
            .collect::<Vec<_>>()
            .join(" ");
        for phrase in &self.modifiers {
            if low == *phrase || low.ends_with(&format!(" {phrase}")) {
                let keep = low.chars().count() - phrase.chars().count();
                let cut: String = low.chars().take(keep).collect();
                return cut.trim_end_matches(py_isspace).to_string();
            }
        }
        low
    }

    fn matches(&self, p: &Pattern, doc: &Doc, pos: usize, end: usize) -> Res<bool> {
        Ok(self.call(p, doc, Method::Match, pos, end)?.is_some())
    }

    fn searches(&self, p: &Pattern, doc: &Doc, pos: usize, end: usize) -> Res<bool> {
        Ok(self.call(p, doc, Method::Search, pos, end)?.is_some())
    }

    // --- the rules --------------------------------------------------------------------------

    /// `veto.weekday`: a day numeral glued after a week word ("周三美元").
    fn weekday(&self, r: &Around<'_>) -> Option<String> {
        if !self.weekday_numerals.contains(&r.num) {
            return None;
        }
        let start = r.layout.start;
        let before = r.doc.slice((start - 3).max(0), start);
        if !self
            .weekday_words
            .iter()
            .any(|w| before.ends_with(w.as_str()))
        {
            return None;
        }
        Some(format!(
            "{} after {} names a weekday",
            py_repr(&r.num),
            py_repr(&last_chars(&before, 2))
        ))
    }

    /// `veto.capitalised-name`: a capitalised currency name before its number ("Euro 6"), or
    /// a capitalised coin after it ("50 Cent"), not at a sentence start.
    fn capitalised_name(&self, r: &Around<'_>) -> Res<Option<String>> {
        let w = r.written;
        let kind = r.surface.kind;
        let vowel = w.chars().any(|c| "aeiouyAEIOUY".contains(c));
        if !((kind == "name" || kind == "minor" || kind == "ambiguous")
            && first_is(w, char::is_uppercase)
            && !py_isupper(w)
            && py_isalpha(w)
            && vowel)
        {
            return Ok(None);
        }
        let doc = r.doc;
        if r.prefix {
            let start = r.start();
            let pat = &self.pats.sentence_start;
            if !self.searches(pat, doc, start.saturating_sub(8), start)? {
                return Ok(Some(format!(
                    "capitalised {} here is a name ('Euro 6', '50 Cent')",
                    py_repr(w)
                )));
            }
        } else if kind == "minor" && !self.title_case(r)? {
            return Ok(Some(format!(
                "capitalised {} here is a name ('50 Cent')",
                py_repr(w)
            )));
        }
        Ok(None)
    }

    /// `vetoes._title_case`: the words around a capitalised unit are capitalised too.
    fn title_case(&self, r: &Around<'_>) -> Res<bool> {
        let (doc, start, end) = (r.doc, r.start(), r.end());
        let p = &self.pats.raw_prev;
        let Some(before) = self.call(p, doc, Method::Search, start.saturating_sub(40), start)?
        else {
            return Ok(false);
        };
        let word = Self::group(p, &before, "w")
            .map_or(String::new(), |(s, e)| doc.slice(s as i64, e as i64));
        if !first_is(&word, char::is_uppercase) {
            return Ok(false);
        }
        let p = &self.pats.raw_next;
        if let Some(after) = self.call(p, doc, Method::Match, end, doc.len())? {
            let w = Self::group(p, &after, "w")
                .map_or(String::new(), |(s, e)| doc.slice(s as i64, e as i64));
            return Ok(py_isupper(&w));
        }
        let rest = doc.slice(end as i64, end as i64 + 2);
        let rest = rest.trim_start_matches([' ', '\u{a0}']);
        Ok(!rest.chars().next().is_some_and(py_isalnum_char))
    }

    /// `veto.proper-name`: a capitalised name before a capitalised word ("3 Yuan Street").
    fn proper_name(&self, lang: &Language, r: &Around<'_>) -> Res<Option<String>> {
        let w = r.written;
        let kind = r.surface.kind;
        if r.prefix || kind == "symbol" || kind == "code" || w == w.to_lowercase() {
            return Ok(None);
        }
        // `(?<![ \u00a0])[ \u00a0]++[A-Z][a-z]` matched on the three characters after
        let end = r.layout.end.max(0);
        let three: Vec<char> = r.doc.slice(end, end + 3).chars().collect();
        let capitalised = three.len() == 3
            && (three[0] == ' ' || three[0] == '\u{a0}')
            && three[1].is_ascii_uppercase()
            && three[2].is_ascii_lowercase();
        if !capitalised || lookup(&lang.surfaces, self.nxt(r)?).is_some() {
            return Ok(None);
        }
        Ok(Some(format!("{} starts a proper name", py_repr(w))))
    }

    /// `veto.lone-article`: an article alone before a currency, but before the units it means
    /// one of ("a dollar"), unless a noun follows ("a dollar rate") or a hyphen makes a word.
    fn lone_article(&self, r: &Around<'_>) -> Res<Option<String>> {
        let parts: Vec<&str> = py_split(&r.num).collect();
        let first = parts.first().map(|p| p.to_lowercase()).unwrap_or_default();
        if !(r.words_only() && self.articles.contains(&first) && parts.len() == 1) {
            return Ok(None);
        }
        let (num, w) = (&r.num, r.written);
        let nxt = self.nxt(r)?;
        if self.lone_nouns.contains(nxt) {
            return Ok(Some(format!(
                "'{num} {w} {nxt}' names the currency, not one unit"
            )));
        }
        let s = r.surface;
        if s.kind != "minor" {
            let end = r.end();
            if self.matches(&self.pats.compound, r.doc, end, end + 16)? {
                let after = r.after();
                let head: String = after.chars().skip(1).collect();
                let head = head.split('-').next().unwrap_or("").to_lowercase();
                if !self.articles.contains(&head) {
                    let word = py_split(&after).next().unwrap_or("");
                    return Ok(Some(format!(
                        "'{num} {w}{word}' is a compound word, not one unit"
                    )));
                }
            }
        }
        let lower = s.text.to_lowercase();
        let last = py_split(&lower).last().unwrap_or("");
        if !self.article_one.contains(&s.text)
            && !self.article_one.contains(&s.key)
            && !self.article_one.contains(last)
        {
            return Ok(Some(format!(
                "article {} before {} is not a number",
                py_repr(num),
                py_repr(w)
            )));
        }
        Ok(None)
    }

    /// `veto.article-base`: an article before the currency a quoted rate is priced per ("a
    /// U.S. dollar buys 23,000 won", "8,000 won to a dollar").
    fn article_base(&self, lang: &Language, r: &Around<'_>) -> Res<Option<String>> {
        if !(r.words_only() && self.articles.contains(&r.num.to_lowercase())) {
            return Ok(None);
        }
        let (doc, start, end) = (r.doc, r.start(), r.end());
        let mut linked = self.matches(&self.pats.article_link, doc, end, doc.len())?;
        if !linked && !self.base_after.is_empty() {
            let Some(p) = &self.pats.figure_link else {
                return Err(Refusal(format!("no pattern {FIGURE_LINK:?}")));
            };
            if let Some(b) = self.call(p, doc, Method::Search, start.saturating_sub(64), start)? {
                let mid = Self::group(p, &b, "mid")
                    .map_or(String::new(), |(s, e)| doc.slice(s as i64, e as i64));
                let mid = py_split(&mid).collect::<Vec<_>>().join(" ");
                let shares = |cur: &Surface| {
                    cur.candidates
                        .iter()
                        .any(|c| r.surface.candidates.contains(c))
                };
                // "3 apples for a dollar"; "50 cts to a dollar" is a range of one currency
                let other = !mid.is_empty() && lookup(&lang.surfaces, &mid).is_none_or(shares);
                // "fell to US$5 versus a dollar": one currency compared with itself
                let pre = Self::group(p, &b, "pre")
                    .map_or(String::new(), |(s, e)| doc.slice(s as i64, e as i64));
                let itself = !pre.is_empty()
                    && lookup(&lang.surfaces, &pre).is_some_and(|cur| {
                        !cur.candidates.is_empty()
                            && cur.candidates.first() == r.surface.candidates.first()
                    });
                linked = !other && !itself;
            }
        }
        if !linked {
            return Ok(None);
        }
        let span = doc.slice(r.layout.start, r.layout.end);
        Ok(Some(format!(
            "{} is the base of a quoted rate",
            py_repr(&span)
        )))
    }

    /// `veto.won-score`: "won" before a score is the verb ("Brazil 3 won 2-1").
    fn won_score(&self, r: &Around<'_>) -> Res<Option<String>> {
        if !self.score_surfaces.contains(&r.surface.key) || r.prefix {
            return Ok(None);
        }
        let end = r.end();
        if !self.matches(&self.pats.score, r.doc, end, r.doc.len())? {
            return Ok(None);
        }
        Ok(Some("'won' before a score is the verb".to_string()))
    }

    /// `veto.won-verb`: a number, "won", then an object ("Brazil 3 won the cup").
    fn won_verb(&self, r: &Around<'_>) -> Res<Option<String>> {
        if !self.won_surfaces.contains(&r.surface.key) || r.prefix {
            return Ok(None);
        }
        let (doc, end) = (r.doc, r.end());
        let nxt = self.nxt(r)?;
        let at = r.layout.end - r.written.chars().count() as i64;
        if at >= 1 && doc.slice(at - 1, at) == "-" {
            return Ok(None); // "a 50-trillion-won package": an adjective
        }
        if !self.won_next.contains(nxt)
            || self.matches(&self.pats.line_break, doc, end, doc.len())?
        {
            return Ok(None);
        }
        let pronoun = self.pronouns.contains(nxt);
        if self.won_determiners.contains(&self.prev(r)?.to_lowercase()) && pronoun {
            return Ok(None);
        }
        let second = self.word_after_next(r)?;
        if pronoun && self.clause_verbs.contains(&second) {
            return Ok(None);
        }
        if self.articles.contains(nxt) {
            let p = &self.pats.per_after;
            if let Some(m) = self.call(p, doc, Method::Match, end, doc.len())? {
                if Self::group(p, &m, "noun").is_some_and(|(s, e)| e > s) {
                    return Ok(None);
                }
            }
        }
        if self.time_after.contains(&second) {
            return Ok(None);
        }
        Ok(Some(format!(
            "'won' followed by {} is the verb",
            py_repr(nxt)
        )))
    }

    /// `veto.won-year`: a year after a preposition, then "won" ("in 2006 won the title").
    fn won_year(&self, r: &Around<'_>) -> Res<Option<String>> {
        if !self.year_surfaces.contains(&r.surface.key)
            || r.prefix
            || !is_year(&r.num, &YEAR_WON)
            || !self.prepositions.contains(self.prev(r)?)
        {
            return Ok(None);
        }
        Ok(Some("a year followed by the verb 'won'".to_string()))
    }

    /// `veto.pound-weight`: "pound(s)" of weight ("200 pounds of rice", "weighs 200 pounds").
    fn pound_weight(&self, lang: &Language, r: &Around<'_>) -> Res<Option<String>> {
        if !self.pound_surfaces.contains(&r.surface.key) {
            return Ok(None);
        }
        let (doc, start) = (r.doc, r.start());
        let nxt = self.nxt(r)?;
        let prev = self.prev(r)?;
        let weight = Some("pounds of weight".to_string());
        if self.pound_next.contains(nxt) {
            return Ok(weight);
        }
        // "94 cents a pound": after a price, "a pound" is what it is priced per
        if self.articles.contains(&r.num.to_lowercase())
            && (first_is(prev, py_isdigit) || lookup(&lang.surfaces, prev).is_some())
        {
            return Ok(weight);
        }
        // "per kilogram (2.2 pounds)", "A kilogram (about 2.2 pounds)": a weight restated
        if self.restated_weight(doc, start)? {
            return Ok(weight);
        }
        // past a hedge or bound: "weighs in at around 4,000 pounds"
        let before = self.prev_words(doc, start, 6)?.join(" ");
        let kept = self.past_modifier(&before);
        let words: Vec<&str> = py_split(&kept).collect();
        let last3 = &words[words.len().saturating_sub(3)..];
        if last3.iter().any(|w| self.pound_prev.contains(*w)) {
            return Ok(weight);
        }
        if r.hyphened() && py_isalpha(nxt) && !self.money_nouns.contains(nxt) {
            return Ok(weight);
        }
        let after = r.after().to_lowercase();
        if self
            .pound_after
            .iter()
            .any(|p| after.starts_with(&format!(" {p}")))
        {
            return Ok(weight);
        }
        // "a 1,850 pound satellite": singular after a number
        if self.singular.contains(&r.surface.key)
            && !r.is_one()
            && py_isalpha(nxt)
            && !self.money_nouns.contains(nxt)
        {
            return Ok(weight);
        }
        if self.weighed_before(r, prev)? {
            return Ok(weight);
        }
        Ok(None)
    }

    /// `vetoes._restated_weight`: the pounds restate a unit in brackets, past a hedge or bound.
    fn restated_weight(&self, doc: &Doc, start: usize) -> Res<bool> {
        let lo = start.saturating_sub(RESTATE_BACK);
        let window: Vec<char> = doc.slice(lo as i64, start as i64).chars().collect();
        let Some(k) = window.iter().rposition(|&c| c == '(' || c == '[') else {
            return Ok(false);
        };
        let between: String = window[k + 1..].iter().collect();
        // ("(or about 2.2 pounds)": a join word may open the restatement)
        let low = between.to_lowercase();
        let mut words = py_split(&low);
        let first = words.next().unwrap_or("");
        let rest = if self.restate_joins.contains(first) {
            words.collect::<Vec<_>>().join(" ")
        } else {
            between
        };
        if !self.past_modifier(&rest).trim().is_empty() {
            return Ok(false);
        }
        Ok(self
            .prev_words(doc, lo + k, 1)?
            .iter()
            .any(|w| self.units.contains(w)))
    }

    /// `vetoes._weighed_before`: the sentence weighed something in pounds before.
    fn weighed_before(&self, r: &Around<'_>, prev: &str) -> Res<bool> {
        if !self.weighed_prev.contains(prev) {
            return Ok(false);
        }
        let (doc, start) = (r.doc, r.start());
        let mut lo = start.saturating_sub(160);
        if let Some(stop) = self.call(&self.pats.period_before, doc, Method::Search, lo, start)? {
            lo = stop.0 .1;
        }
        let low: Vec<char> = doc
            .slice(lo as i64, start as i64)
            .to_lowercase()
            .chars()
            .collect();
        for key in &self.pound_surfaces {
            let pat: Vec<char> = format!("{key} ").chars().collect();
            let n = pat.len();
            if n > low.len() {
                continue;
            }
            for k in 0..=low.len() - n {
                if low[k..k + n] != pat[..] {
                    continue;
                }
                let word: String = low[k + n..].iter().take_while(|&&c| c != ' ').collect();
                let head: String = low[..k].iter().collect();
                let head = head.trim_end_matches(py_isspace);
                if self.pound_next.contains(&word)
                    && head.chars().next_back().is_some_and(py_isdigit)
                {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// `veto.marks-score`: "marks" after "scored" or before "out of" is a score; never a scaled
    /// figure ("a total 6.43 billion marks").
    fn marks_score(&self, r: &Around<'_>, has_scale: &dyn Fn(&str) -> bool) -> Res<Option<String>> {
        if !self.marks_surfaces.contains(&r.surface.key) || has_scale(&r.num) {
            return Ok(None);
        }
        if self.marks_next.contains(self.nxt(r)?) || self.marks_prev.contains(self.prev(r)?) {
            return Ok(Some("marks of a score".to_string()));
        }
        Ok(None)
    }

    /// `veto.milestone-noun`: a singular "mark" or "crown" ending the noun phrase after a
    /// figure ("topped the 100,000 mark.").
    fn milestone_noun(
        &self,
        r: &Around<'_>,
        has_scale: &dyn Fn(&str) -> bool,
    ) -> Res<Option<String>> {
        if !self.milestone_surfaces.contains(&r.surface.text) || r.is_one() {
            return Ok(None);
        }
        if has_scale(&r.num) && self.articles.contains(self.prev(r)?) {
            return Ok(None); // "a four billion crown, seven-year bond"
        }
        let nxt = self.nxt(r)?;
        let ends = nxt.is_empty()
            || !first_is(nxt, py_isalnum_char)
            || self.followers.contains(nxt)
            || (self.joined.contains(nxt) && self.milestone_determiners.contains(self.prev(r)?));
        if !ends {
            return Ok(None);
        }
        Ok(Some(format!(
            "'{} {}' is a milestone or a title, not an amount",
            r.num, r.written
        )))
    }

    /// `veto.date-year`: a year after a month or a year word, before a currency ("in 1987
    /// dollars").
    fn date_year(&self, r: &Around<'_>) -> Res<Option<String>> {
        if r.prefix || !is_year(&r.num, &YEAR) {
            return Ok(None);
        }
        let prev = self.prev_words(r.doc, r.start(), 2)?;
        if let Some(last) = prev.last() {
            if self.date_before.contains(last) || self.months.contains(last) {
                return Ok(Some(format!(
                    "{} after {} is a year",
                    py_repr(&r.num),
                    py_repr(last)
                )));
            }
        }
        if prev.len() == 2 && py_isdigit_str(&prev[1]) && self.months.contains(&prev[0]) {
            return Ok(Some(format!("{} ends a date", py_repr(&r.num))));
        }
        Ok(None)
    }

    /// `veto.fuel-grade`: a petrol grade that reads like a code and a number ("RON95"), or
    /// after it with a fuel word next ("a 90 RON gasoline").
    fn fuel_grade(&self, r: &Around<'_>) -> Res<Option<String>> {
        if !self.fuel_surfaces.iter().any(|s| s == r.written) || !self.fuel_grades.contains(&r.num)
        {
            return Ok(None);
        }
        if !r.prefix && !self.fuels_after.contains(self.nxt(r)?) {
            return Ok(None); // "a ticket costs 90 RON": lei
        }
        Ok(Some(format!("'{}{}' is a fuel grade", r.written, r.num)))
    }

    /// `veto.place-number`: a unit hyphened to a number after a capitalised word ("Kwahak
    /// 2-dong").
    fn place_number(&self, r: &Around<'_>) -> Res<Option<String>> {
        if !self.place_surfaces.contains(&r.surface.text) || !r.hyphened() {
            return Ok(None);
        }
        let (doc, start) = (r.doc, r.start());
        let p = &self.pats.raw_prev;
        let Some(before) = self.call(p, doc, Method::Search, start.saturating_sub(40), start)?
        else {
            return Ok(None);
        };
        let word = Self::group(p, &before, "w")
            .map_or(String::new(), |(s, e)| doc.slice(s as i64, e as i64));
        if first_is(&word, char::is_uppercase) && start - before.0 .1 <= 1 {
            return Ok(Some(format!(
                "'{word} {}-{}' names a place",
                r.num, r.written
            )));
        }
        Ok(None)
    }

    /// `veto.coin-not-money`: a coin or slang name used as a period, a metal or an adjective
    /// ("the third quarter", "nickel-plated", "10 grand jury").
    fn coin_not_money(&self, lang: &Language, r: &Around<'_>) -> Res<Option<String>> {
        let low = r.written.to_lowercase();
        if !self.coins.contains(&low) {
            return Ok(None);
        }
        let (doc, end) = (r.doc, r.end());
        let nxt = self.nxt(r)?;
        let prev = self.prev(r)?;
        let kind = r.surface.kind;
        let words_only = self.coin_words_only.contains(&low);
        // a hyphen of any kind after it: "quarter-on-quarter", "quarter\u{2011}on\u{2011}quarter"
        let not_money = matches!(
            doc.slice(end as i64, end as i64 + 1).as_str(),
            "-" | "\u{2010}" | "\u{2011}"
        ) || (words_only && (!r.words_only() || py_isalnum(nxt)))
            || self.coin_prev.contains(prev)
            || (self.articles.contains(&r.num.to_lowercase())
                && (first_is(prev, py_isdigit) || lookup(&lang.surfaces, prev).is_some()))
            || (self.coin_next.contains(nxt) && kind != "multiple")
            || self.multipliers.contains(nxt)
            || (words_only
                && (self.fraction_prev.contains(prev)
                    || self.period_prev.contains(prev)
                    || self.matches(&self.pats.share, doc, end, doc.len())?))
            || (kind == "multiple" && py_isalpha(nxt) && !self.grand_next.contains(nxt));
        if !not_money {
            return Ok(None);
        }
        Ok(Some(format!("{} here is not money", py_repr(r.written))))
    }

    /// `veto.percentage`: a sign before a number a percent sign or word follows ("$5 percent").
    fn percentage(&self, r: &Around<'_>) -> Res<Option<String>> {
        let end = r.end();
        let doc = r.doc;
        if !r.prefix || !self.matches(&self.pats.after_number_veto, doc, end, doc.len())? {
            return Ok(None);
        }
        Ok(Some("a percentage".to_string()))
    }

    /// `veto.the-name`: a determiner, a currency name and a number ("the dollar 5 years ago").
    fn the_name(&self, lang: &Language, r: &Around<'_>) -> Res<Option<String>> {
        // a house-style prefix or a sign of letters written against its figure is money: "the
        // Y110 level", "the RM2,745 level"
        let attached = (lang.grouped_prefixes.iter().any(|g| g == r.written)
            || r.surface.kind != "name")
            && r.layout.gap.0 >= r.layout.gap.1;
        if !r.prefix
            || r.surface.kind == "code"
            || attached
            || !r.written.chars().next_back().is_some_and(is_alpha)
            || self.the_signs.contains(&r.written.to_lowercase())
            || !self.the_determiners.contains(self.prev(r)?)
        {
            return Ok(None);
        }
        Ok(Some(format!(
            "'the {}' names the currency, not an amount",
            r.written
        )))
    }
}

/// `veto.digit-overflow`: a figure longer than the digits moneyx reads exactly.
fn digit_overflow(r: &Around<'_>) -> Option<String> {
    if r.num.chars().count() <= EXACT_DIGITS {
        return None;
    }
    let digits = r.num.chars().filter(|&c| py_isdigit(c)).count();
    (digits > EXACT_DIGITS)
        .then(|| format!("{digits} digits: more than the {EXACT_DIGITS} moneyx reads exactly"))
}

/// Why the number-phase vetoes could not be built.
#[derive(Debug)]
pub enum VetoError {
    Data(DataError),
    Pattern(Refusal),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::RuleValue;
    use crate::grammar::Source;
    use crate::stages::candidate::tests::english;

    /// The rules' data, every key empty but the few words each case below needs (the engine
    /// reads them from the rule tables; the differential test compares on those).
    fn data() -> Data {
        let phrases_keys = [
            ("veto.weekday", "words"),
            ("veto.weekday", "numerals"),
            ("veto.article-base", "after"),
            ("veto.won-score", "surfaces"),
            ("veto.won-verb", "surfaces"),
            ("veto.won-year", "surfaces"),
            ("veto.pound-weight", "surfaces"),
            ("veto.pound-weight", "singular"),
            ("veto.pound-weight", "after"),
            ("veto.marks-score", "surfaces"),
            ("veto.milestone-noun", "surfaces"),
            ("veto.place-number", "surfaces"),
            ("veto.fuel-grade", "surfaces"),
            ("veto.coin-not-money", "words_only"),
        ];
        let words_keys = [
            ("veto.lone-article", "nouns"),
            ("veto.won-verb", "next"),
            ("veto.won-verb", "time_after"),
            ("veto.won-verb", "determiners"),
            ("veto.won-verb", "pronouns"),
            ("veto.won-verb", "clause_verbs"),
            ("veto.won-year", "prepositions"),
            ("veto.pound-weight", "next"),
            ("veto.pound-weight", "prev"),
            ("veto.pound-weight", "money_nouns"),
            ("veto.pound-weight", "units"),
            ("veto.pound-weight", "restate_joins"),
            ("veto.pound-weight", "weighed_prev"),
            ("veto.marks-score", "prev"),
            ("veto.marks-score", "next"),
            ("veto.milestone-noun", "followers"),
            ("veto.milestone-noun", "joined"),
            ("veto.milestone-noun", "determiners"),
            ("veto.date-year", "before"),
            ("veto.date-year", "months"),
            ("veto.coin-not-money", "prev"),
            ("veto.coin-not-money", "next"),
            ("veto.coin-not-money", "grand_next"),
            ("veto.coin-not-money", "fraction_prev"),
            ("veto.coin-not-money", "period_prev"),
            ("veto.the-name", "determiners"),
            ("veto.the-name", "signs"),
            ("veto.fuel-grade", "grades"),
            ("veto.fuel-grade", "fuels_after"),
        ];
        let mut d = Data::new();
        for (id, key) in phrases_keys {
            let v = match (id, key) {
                ("veto.won-score" | "veto.won-verb" | "veto.won-year", "surfaces") => {
                    vec!["won".to_string()]
                }
                ("veto.pound-weight", "surfaces") => vec!["pound".into(), "pounds".into()],
                ("veto.coin-not-money", "words_only") => vec!["quarter".into(), "quarters".into()],
                _ => Vec::new(),
            };
            let table = d.entry(id.to_string()).or_default();
            table.insert(key.to_string(), RuleValue::Phrases(v));
        }
        for (id, key) in words_keys {
            let v: &[&str] = match (id, key) {
                ("veto.won-verb", "next") => &["the"],
                ("veto.won-year", "prepositions") => &["by"],
                ("veto.pound-weight", "next") => &["of"],
                ("veto.pound-weight", "prev") => &["weighs"],
                ("veto.date-year", "before") => &["in"],
                ("veto.coin-not-money", "prev") => &["the"],
                ("veto.coin-not-money", "period_prev") => &["for"],
                ("veto.the-name", "determiners") => &["the"],
                _ => &[],
            };
            let table = d.entry(id.to_string()).or_default();
            let set = v.iter().map(|w| w.to_string()).collect();
            table.insert(key.to_string(), RuleValue::Words(set));
        }
        d
    }

    /// The Python sources of the patterns (`moneyx.native._veto_patterns`), simplified where
    /// the cases below do not need the whole (the real ones cross from Python).
    fn patterns() -> Patterns {
        let src = |p: &str| Source {
            pattern: p.to_string(),
            flags: crate::grammar::UNICODE | crate::grammar::VERSION0,
            lists: Default::default(),
        };
        let sources = [
            ("next_word", r"\G\s*(?P<w>[\w'’-]+|[^\w\s])?"),
            ("prev_word", r"(?r)(?P<w>[\w'’]+)[ \u00a0,]*\Z"),
            ("per_after", r"\G[ ](?P<noun>month)"),
            ("after_number_veto", r"\G(?i:[ ]?(?:%|percent)(?!\w))"),
            ("veto.word", r"[\w'’]+"),
            (
                "veto.sentence_start",
                r#"(?r)(?:^|[.!?]\s+|\n\s*)["'“‘(]*\Z"#,
            ),
            (
                "veto.raw_prev",
                r"(?r)(?P<w>[^\W\d_][\w'’]*)[^\w.!?\n]{0,3}\Z",
            ),
            ("veto.raw_next", r"[ \u00a0]*(?P<w>[^\W\d_])"),
            ("veto.period_before", r"(?r)[.!?]\s|\n\s*\n"),
            ("veto.compound", r"-[^\W\d_]"),
            ("veto.line_break", r"[ \t\u00a0]*\r?\n"),
            (
                "veto.score",
                r"(?<![ \u00a0])[ \u00a0]++\d{1,3}[-–]\d{1,3}(?!\d)",
            ),
            ("veto.share", r"\G[ ]*[(,][ ]*\d[\d.]*[ ]?%"),
            ("veto.article_link", r"(?!)"),
        ]
        .into_iter()
        .map(|(n, p)| (n.to_string(), src(p)))
        .collect();
        let patterns = Patterns::new(sources);
        assert!(patterns.refused.is_empty(), "{:?}", patterns.refused);
        patterns
    }

    fn layout(start: i64, end: i64, num: (i64, i64), gap: (i64, i64), n: &str) -> Layout {
        Layout {
            start,
            end,
            num,
            gap,
            neg: false,
            number: Some(n.to_string()),
            vetoes: None,
        }
    }

    #[test]
    fn the_number_phase_vetoes_answer_as_python_s() {
        let lang = english();
        let patterns = patterns();
        let next_word = Arc::clone(patterns.get("next_word").expect("next_word"));
        let multipliers = ["million".to_string()].into_iter().collect();
        let vetoes =
            NumberVetoes::new(&lang, &data(), &patterns, next_word, multipliers).expect("built");
        // (text, written, prefix, layout) -> the answers that fire, by rule id
        let fired = |text: &str, written: &str, prefix: bool, l: &Layout| {
            let doc = Doc::new(text);
            let surface = lookup(&lang.surfaces, written).expect("a surface");
            let around = Around::new(&doc, prefix, surface, written, l);
            let got = vetoes.answers(&lang, &around, &|_| false).expect("answers");
            MOVED
                .iter()
                .zip(got)
                .filter_map(|(id, why)| why.map(|w| (*id, w)))
                .collect::<Vec<_>>()
        };
        let one = |id: &'static str, why: &str| vec![(id, why.to_string())];
        // "Brazil 3 won 2-1" is a score; "3 won the cup" the verb; "by 2006 won" a year
        let l = layout(7, 12, (7, 8), (8, 9), "3");
        assert_eq!(
            fired("Brazil 3 won 2-1", "won", false, &l),
            one("veto.won-score", "'won' before a score is the verb")
        );
        assert_eq!(
            fired("Brazil 3 won the cup", "won", false, &l),
            one("veto.won-verb", "'won' followed by 'the' is the verb")
        );
        let l = layout(3, 11, (3, 7), (7, 8), "2006");
        assert_eq!(
            fired("by 2006 won a cup", "won", false, &l),
            one("veto.won-year", "a year followed by the verb 'won'")
        );
        // "5,000 won a month" is the currency
        let l = layout(0, 9, (0, 5), (5, 6), "5000");
        assert_eq!(fired("5,000 won a month", "won", false, &l), []);
        // pounds of weight: before "of", after "weighs"; "for 500 pounds" is a price
        let l = layout(0, 10, (0, 3), (3, 4), "200");
        assert_eq!(
            fired("200 pounds of rice", "pounds", false, &l),
            one("veto.pound-weight", "pounds of weight")
        );
        let l = layout(7, 17, (7, 10), (10, 11), "200");
        assert_eq!(
            fired("weighs 200 pounds", "pounds", false, &l),
            one("veto.pound-weight", "pounds of weight")
        );
        let l = layout(4, 14, (4, 7), (7, 8), "500");
        assert_eq!(fired("for 500 pounds", "pounds", false, &l), []);
        // "the third quarter" is a period; "four quarters" a dollar
        let l = layout(4, 17, (4, 9), (9, 10), "3");
        assert_eq!(
            fired("the third quarter", "quarter", false, &l),
            one("veto.coin-not-money", "'quarter' here is not money")
        );
        let l = layout(0, 13, (0, 4), (4, 5), "4");
        assert_eq!(fired("four quarters", "quarters", false, &l), []);
        // "for four quarters" is a span of time
        let l = layout(4, 17, (4, 8), (8, 9), "4");
        assert_eq!(
            fired("for four quarters", "quarters", false, &l),
            one("veto.coin-not-money", "'quarters' here is not money")
        );
        // "$5 percent" is a percentage; "in 1987 dollars" a year
        let l = layout(0, 2, (1, 2), (1, 1), "5");
        assert_eq!(
            fired("$5 percent", "$", true, &l),
            one("veto.percentage", "a percentage")
        );
        let l = layout(3, 15, (3, 7), (7, 8), "1987");
        assert_eq!(
            fired("in 1987 dollars", "dollars", false, &l),
            one("veto.date-year", "'1987' after 'in' is a year")
        );
        // a capitalised name before its number, not at a sentence start ("Euro 6")
        let l = layout(4, 10, (9, 10), (8, 9), "6");
        let why = "capitalised 'Euro' here is a name ('Euro 6', '50 Cent')";
        assert_eq!(
            fired("new Euro 6 rule", "Euro", true, &l),
            one("veto.capitalised-name", why)
        );
        let l = layout(0, 6, (5, 6), (4, 5), "6");
        assert_eq!(fired("Euro 6 it was", "Euro", true, &l), []);
        // a figure past the exact digits
        let text = format!("{} dollars", "9".repeat(401));
        let l = layout(0, 409, (0, 401), (401, 402), "9");
        let why = "401 digits: more than the 400 moneyx reads exactly";
        assert_eq!(
            fired(&text, "dollars", false, &l),
            one("veto.digit-overflow", why)
        );
    }

    #[test]
    fn python_s_string_predicates() {
        assert!(py_isupper("USD") && py_isupper("A1") && !py_isupper("Euro"));
        assert!(!py_isupper("1") && !py_isupper("ǅ") && !py_isupper(""));
        assert!(py_isalnum("a1²") && !py_isalnum("a-") && !py_isalnum(""));
        assert!(is_year("1987", &YEAR) && is_year("20٢٣", &YEAR) && !is_year("1887", &YEAR));
        assert!(is_year("1887", &YEAR_WON) && !is_year("2100", &YEAR_WON));
        assert_eq!(last_chars("星期三", 2), "期三");
    }
}
