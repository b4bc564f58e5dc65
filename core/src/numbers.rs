//! Number phrases -> exact decimals, with the vocabulary of `moneyx/data/numbers/*.toml`.
//!
//! The same reading as `moneyx.numbers.parse_number` (differential test in
//! `tests/test_native_numbers.py`): digits with separators ("1,234.56", "12,34,567", "10 000"),
//! a decimal comma that cannot group thousands ("92,5", "0,125"), digits fused with an attached scale ("5m", "2.5bn"), written-out numbers ("two hundred and
//! fifty", "half a million", "one point five billion"), and CJK numerals grouped by myriads
//! (이천칠백삼십오만, 2만5천). Values are exact: a 128-bit mantissa and a decimal scale; a figure
//! beyond that (about 38 digits) is refused as too large rather than rounded.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use toml::{Table, Value};
use unicode_general_category::{get_general_category, GeneralCategory};

use crate::data::{parse, strs, DataError, Result};

/// An exact decimal: `m / 10^s`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dec {
    pub m: i128,
    pub s: u32,
}

/// Why a phrase is not a number (or not one the core can hold).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberError(pub String);

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

type NResult<T> = std::result::Result<T, NumberError>;

fn err<T>(msg: impl Into<String>) -> NResult<T> {
    Err(NumberError(msg.into()))
}

fn overflow() -> NumberError {
    NumberError("too large for the core's 128-bit decimals".into())
}

fn pow10(s: u32) -> NResult<i128> {
    10i128.checked_pow(s).ok_or_else(overflow)
}

impl Dec {
    pub const ZERO: Dec = Dec { m: 0, s: 0 };
    pub const ONE: Dec = Dec { m: 1, s: 0 };

    pub fn int(v: i64) -> Dec {
        Dec { m: v as i128, s: 0 }
    }

    /// Read a plain decimal text ("1000000", "0.25", "-3.5").
    pub fn parse(text: &str) -> Option<Dec> {
        let (neg, body) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (int, frac) = match body.split_once('.') {
            Some((i, f)) => (i, f),
            None => (body, ""),
        };
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        let mut m: i128 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            if !b.is_ascii_digit() {
                return None;
            }
            m = m.checked_mul(10)?.checked_add((b - b'0') as i128)?;
        }
        let s = u32::try_from(frac.len()).ok()?;
        Some(Dec {
            m: if neg { -m } else { m },
            s,
        })
    }

    fn align(self, other: Dec) -> NResult<(i128, i128, u32)> {
        let s = self.s.max(other.s);
        let a = self
            .m
            .checked_mul(pow10(s - self.s)?)
            .ok_or_else(overflow)?;
        let b = other
            .m
            .checked_mul(pow10(s - other.s)?)
            .ok_or_else(overflow)?;
        Ok((a, b, s))
    }

    pub fn plus(self, other: Dec) -> NResult<Dec> {
        let (a, b, s) = self.align(other)?;
        Ok(Dec {
            m: a.checked_add(b).ok_or_else(overflow)?,
            s,
        })
    }

    pub fn times(self, other: Dec) -> NResult<Dec> {
        Ok(Dec {
            m: self.m.checked_mul(other.m).ok_or_else(overflow)?,
            s: self.s + other.s,
        })
    }

    pub fn is_zero(self) -> bool {
        self.m == 0
    }

    /// `self or 1` (a zero Decimal is false in Python)
    fn or_one(self) -> Dec {
        if self.is_zero() {
            Dec::ONE
        } else {
            self
        }
    }

    fn is_integral(self) -> bool {
        pow10(self.s).is_ok_and(|p| self.m % p == 0)
    }

    /// Whether `self % n` is non-zero, for a whole `n`.
    fn rem_nonzero(self, n: i128) -> bool {
        match pow10(self.s).ok().and_then(|p| p.checked_mul(n)) {
            Some(d) => self.m % d != 0,
            None => self.m != 0, // |self| < n: the remainder is self
        }
    }

    /// Whether `self > other`.
    fn gt(self, other: Dec) -> NResult<bool> {
        let (a, b, _) = self.align(other)?;
        Ok(a > b)
    }

    fn cmp_int(self, n: i128) -> std::cmp::Ordering {
        match pow10(self.s).ok().and_then(|p| p.checked_mul(n)) {
            Some(v) => self.m.cmp(&v),
            None => 0.cmp(&n.signum()), // n * 10^s overflows: |n| dominates
        }
    }

    fn neg(self) -> Dec {
        Dec {
            m: -self.m,
            s: self.s,
        }
    }
}

impl fmt::Display for Dec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.m.unsigned_abs().to_string();
        let sign = if self.m < 0 { "-" } else { "" };
        let s = self.s as usize;
        if s == 0 {
            return write!(f, "{sign}{digits}");
        }
        let padded = format!("{digits:0>width$}", width = s + 1);
        let (int, frac) = padded.split_at(padded.len() - s);
        write!(f, "{sign}{int}.{frac}")
    }
}

/// The value of a decimal digit of any script (`\d` in Python: "3", "３", "٣").
///
/// Unicode assigns decimal digits (general category Nd) only in contiguous runs of ten, from
/// 0 to 9, so a digit's value is its distance from the start of its block, modulo ten.
pub fn digit_value(c: char) -> Option<u32> {
    if c.is_ascii() {
        return c.to_digit(10);
    }
    let nd = |c: char| get_general_category(c) == GeneralCategory::DecimalNumber;
    if !nd(c) {
        return None;
    }
    let mut k = 0;
    let mut cp = c as u32;
    while let Some(prev) = cp.checked_sub(1).and_then(char::from_u32) {
        if !nd(prev) {
            break;
        }
        k += 1;
        cp -= 1;
    }
    Some(k % 10)
}

fn is_digit(c: char) -> bool {
    digit_value(c).is_some()
}

/// The digits of `s` as ASCII ("３" -> "3"); other characters are dropped.
fn ascii_digits(s: &str) -> String {
    s.chars()
        .filter_map(digit_value)
        .map(|d| char::from(b'0' + d as u8))
        .collect()
}

pub(crate) fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_digit)
}

/// Thin, no-break and plain spaces that may group thousands ("10 000", "1 290").
pub(crate) fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}')
}

/// `\d{a,b}` groups joined by one separator each: lead of `lead` digits, then groups of `n`.
pub(crate) fn grouped(
    int: &str,
    sep: impl Fn(char) -> bool,
    lead: (usize, usize),
    n: usize,
) -> bool {
    let parts: Vec<&str> = int.split(|c: char| sep(c)).collect();
    parts.len() >= 2
        && (lead.0..=lead.1).contains(&parts[0].chars().count())
        && all_digits(parts[0])
        && parts[1..]
            .iter()
            .all(|p| p.chars().count() == n && all_digits(p))
}

fn indian(int: &str) -> bool {
    // \d{1,2}(?:,\d{2})+,\d{3}
    let parts: Vec<&str> = int.split(',').collect();
    let len = |p: &&str| p.chars().count();
    parts.len() >= 3
        && (1..=2).contains(&len(&parts[0]))
        && parts.iter().all(|p| all_digits(p))
        && parts[1..parts.len() - 1].iter().all(|p| len(p) == 2)
        && len(&parts[parts.len() - 1]) == 3
}

/// A figure in digits (`_digits` in Python): sign, grouped or plain integer part, decimals.
pub fn digits(token: &str) -> Option<Dec> {
    digits_checked(token).ok().flatten()
}

/// A decimal comma (`_DECIMAL_COMMA` in Python: "92,45", "0,08", "0,125"): a comma before one
/// or two digits cannot group thousands, and neither can one after a lone zero. `body` is the
/// figure without its sign.
fn decimal_comma(body: &str) -> Option<(String, String)> {
    let (int, frac) = body.split_once(',')?;
    if !all_digits(frac) {
        return None;
    }
    let n = frac.chars().count();
    let after_zero = int == "0";
    // [1-9]\d{0,2},\d{1,2}: an ASCII leading digit, then up to two digits of any script
    let mut ic = int.chars();
    let short = ic.next().is_some_and(|c| matches!(c, '1'..='9'))
        && ic.clone().count() <= 2
        && ic.all(is_digit)
        && (1..=2).contains(&n);
    (after_zero || short).then(|| (ascii_digits(int), ascii_digits(frac)))
}

/// A continental figure (`_CONTINENTAL` in Python): thousands grouped by periods or spaces
/// before a decimal comma and two digits ("9.990,00", "17 940,00"), or by two or more periods
/// with no decimals ("8.000.000"). `body` is the figure without its sign; the integer digits
/// and the decimals (empty when there are none).
fn continental(body: &str) -> Option<(String, String)> {
    let (int, frac) = match body.rsplit_once(',') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let dots = grouped(int, |c| c == '.', (1, 3), 3);
    let ok = match frac {
        Some(f) => {
            f.chars().count() == 2
                && all_digits(f)
                && (dots || grouped(int, is_group_space, (1, 3), 3))
        }
        None => dots && int.matches('.').count() >= 2,
    };
    ok.then(|| {
        (
            ascii_digits(int),
            frac.map(ascii_digits).unwrap_or_default(),
        )
    })
}

/// A wire-service fraction (`_fraction` in Python): "177-1/2" is 177.5, "22 3/8" 22.375; a whole
/// number, a hyphen or a space and a binary fraction of one (halves to sixty-fourths), or of the
/// last decimal place ("5.01-1/4" is 5.0125); or the fraction alone ("3/4"). `body` is the figure
/// without its sign; `None` when it is no such fraction.
fn fraction(body: &str) -> NResult<Option<Dec>> {
    let ascii = |s: &str, max: usize| {
        !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit())
    };
    // or the fraction alone ("3/4 cent")
    let (int, rest) = body.split_once(['-', ' ']).unwrap_or(("0", body));
    let Some((num, den)) = rest.split_once('/') else {
        return Ok(None);
    };
    // after decimals the fraction is one of the last place: "5.01-1/4" is 5.0125
    let (whole_digits, places) = match int.split_once('.') {
        Some((w, d)) if ascii(d, 4) => (w, d.len()),
        Some(_) => return Ok(None),
        None => (int, 0),
    };
    if !ascii(whole_digits, usize::MAX) || !ascii(num, 2) || !ascii(den, 2) {
        return Ok(None);
    }
    let (num, den): (u32, u32) = (num.parse().unwrap_or(0), den.parse().unwrap_or(0));
    if ![2, 4, 8, 16, 32, 64].contains(&den) || num == 0 || num >= den {
        return Ok(None);
    }
    // num / 2^k == num * 5^k / 10^k, written with no trailing zero (as Python's exact quotient)
    let k = den.trailing_zeros();
    let mut part = Dec {
        m: i128::from(num) * 5i128.pow(k),
        s: k + places as u32,
    };
    while part.s > 0 && part.m % 10 == 0 {
        part = Dec {
            m: part.m / 10,
            s: part.s - 1,
        };
    }
    let whole = Dec::parse(int).ok_or_else(overflow)?;
    Ok(Some(whole.plus(part)?))
}

/// `digits`, telling a figure too large for the core (an error) from no figure (`None`).
fn digits_checked(token: &str) -> NResult<Option<Dec>> {
    if token.contains('/') {
        let mut chars = token.chars();
        let (neg, body) = match chars.next() {
            Some('-' | '\u{2212}' | '\u{2013}') => (true, chars.as_str()),
            _ => (false, token),
        };
        return Ok(fraction(body)?.map(|v| if neg { v.neg() } else { v }));
    }
    let mut chars = token.chars();
    let (neg, body) = match chars.next() {
        Some('-' | '\u{2212}' | '\u{2013}') => (true, chars.as_str()),
        _ => (false, token),
    };
    if let Some((int, frac)) = continental(body) {
        let text = if frac.is_empty() {
            int
        } else {
            format!("{int}.{frac}")
        };
        let value = Dec::parse(&text).ok_or_else(overflow)?;
        return Ok(Some(if neg { value.neg() } else { value }));
    }
    if let Some((int, frac)) = decimal_comma(body) {
        let value = Dec::parse(&format!("{int}.{frac}")).ok_or_else(overflow)?;
        return Ok(Some(if neg { value.neg() } else { value }));
    }
    let (int, frac) = match body.find('.') {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    if frac.is_some_and(|f| !all_digits(f)) || (int.is_empty() && frac.is_none()) {
        return Ok(None);
    }
    let ok = int.is_empty()
        || all_digits(int)
        || grouped(int, |c| c == ',', (1, 3), 3)
        || indian(int)
        || grouped(int, is_group_space, (1, 3), 3);
    if !ok {
        return Ok(None);
    }
    let plain = ascii_digits(int);
    let frac_digits = frac.map_or_else(|| "0".to_string(), ascii_digits);
    let int_digits = if plain.is_empty() { "0" } else { &plain };
    let value = Dec::parse(&format!("{int_digits}.{frac_digits}")).ok_or_else(overflow)?;
    // Decimal("5") has no decimals: keep the scale the text wrote
    let value = if frac.is_none() {
        Dec {
            m: value.m / 10,
            s: 0,
        }
    } else {
        value
    };
    Ok(Some(if neg { value.neg() } else { value }))
}

/// The number vocabulary of one language (`moneyx.numbers.NumberWords`).
#[derive(Debug, Clone, Default)]
pub struct Words {
    pub small: BTreeMap<String, i64>,
    pub hundred: BTreeSet<String>,
    pub multipliers: BTreeMap<String, Dec>,
    pub attached: BTreeMap<String, Dec>,
    pub fractions: BTreeMap<String, Dec>,
    pub articles: BTreeSet<String>,
    pub zero: BTreeSet<String>,
    pub connectors: BTreeSet<String>,
    /// joiners that are not connectors: "a quarter of a million"
    pub of: BTreeSet<String>,
    pub decimal: BTreeSet<String>,
}

/// CJK numerals by role (`moneyx.numbers.CjkNumerals`).
#[derive(Debug, Clone, Default)]
pub struct Cjk {
    pub digits: BTreeMap<char, i64>,
    pub small: BTreeMap<char, i64>,
    pub myriad: BTreeMap<char, Dec>,
    pub decimal: BTreeSet<char>,
    /// characters of a vague tail read past inside a numeral: "三千多万" is 30,000,000 (what
    /// they mean, "more than", is the lexicon's: [bounds] fused, [hedges] fused)
    pub vague: BTreeSet<char>,
}

/// Reads the number phrases of one language.
#[derive(Debug, Clone)]
pub enum NumberReader {
    Words(Words),
    Cjk(Cjk),
}

fn dec_value(path: &str, key: &str, v: &Value) -> Result<Dec> {
    let text = match v {
        Value::Integer(i) => i.to_string(),
        Value::String(s) => s.clone(),
        Value::Float(f) => f.to_string(),
        _ => String::new(),
    };
    Dec::parse(&text).ok_or_else(|| DataError::new(path, key, format!("not a number: {v}")))
}

fn decimals(path: &str, raw: &Table, role: &str, lower: bool) -> Result<BTreeMap<String, Dec>> {
    let mut out = BTreeMap::new();
    if let Some(Value::Table(t)) = raw.get(role) {
        for (word, v) in t {
            let key = if lower {
                word.to_lowercase()
            } else {
                word.clone()
            };
            out.insert(key, dec_value(path, &format!("{role}.{word}"), v)?);
        }
    }
    Ok(out)
}

fn words_of(path: &str, raw: &Table, section: &str, key: &str) -> Result<BTreeSet<String>> {
    let v = raw.get(section).and_then(|t| t.get(key));
    Ok(strs(path, &format!("{section}.{key}"), v)?
        .into_iter()
        .collect())
}

fn one_char(path: &str, role: &str, s: &str) -> Result<char> {
    let mut cs = s.chars();
    match (cs.next(), cs.next()) {
        (Some(c), None) => Ok(c),
        _ => Err(DataError::new(
            path,
            &format!("{role}.{s}"),
            "a numeral is one character",
        )),
    }
}

impl NumberReader {
    /// Load `numbers/<lang>.toml` when the language has number words, else the CJK numerals.
    pub fn load(lang: &str, words: Option<&str>, cjk: &str) -> Result<NumberReader> {
        match words {
            Some(text) => Ok(NumberReader::Words(load_words(lang, text)?)),
            None => Ok(NumberReader::Cjk(load_cjk(cjk)?)),
        }
    }

    /// Read a number phrase (`moneyx.numbers.parse_number`).
    pub fn parse(&self, text: &str) -> NResult<Dec> {
        match self {
            NumberReader::Cjk(cj) => match digits_checked(text.trim())? {
                Some(d) => Ok(d),
                None => parse_cjk(cj, text),
            },
            NumberReader::Words(nw) => {
                let stripped = text.trim();
                if stripped.is_empty() {
                    return err("empty");
                }
                if let Some(d) = digits_checked(stripped)? {
                    return Ok(d);
                }
                let tokens = tokens(stripped, nw);
                if tokens.is_empty() {
                    return err("empty");
                }
                parse_words(&tokens, nw)
            }
        }
    }
}

fn load_words(lang: &str, text: &str) -> Result<Words> {
    let path = format!("moneyx/data/numbers/{lang}.toml");
    let path = path.as_str();
    let raw = parse(path, text)?;
    let mut small = BTreeMap::new();
    for role in ["units", "teens", "tens"] {
        if let Some(Value::Table(t)) = raw.get(role) {
            for (word, v) in t {
                match v {
                    Value::Integer(i) if !word.is_empty() => {
                        small.insert(word.clone(), *i);
                    }
                    _ => {
                        let key = format!("{role}.{word}");
                        return Err(DataError::new(
                            path,
                            &key,
                            "expected a non-empty word and an integer",
                        ));
                    }
                }
            }
        }
    }
    let hundred = match raw.get("hundred") {
        Some(Value::Table(t)) => t.keys().cloned().collect(),
        _ => BTreeSet::new(),
    };
    let connectors = words_of(path, &raw, "connectors", "words")?;
    let joiners = words_of(path, &raw, "connectors", "joiners")?;
    Ok(Words {
        small,
        hundred,
        multipliers: decimals(path, &raw, "multipliers", true)?,
        attached: decimals(path, &raw, "attached_multipliers", false)?,
        fractions: decimals(path, &raw, "fractions", false)?,
        articles: words_of(path, &raw, "articles", "words")?,
        zero: strs(path, "zero", raw.get("zero"))?.into_iter().collect(),
        of: joiners.difference(&connectors).cloned().collect(),
        connectors,
        decimal: words_of(path, &raw, "decimal", "words")?,
    })
}

fn load_cjk(text: &str) -> Result<Cjk> {
    let path = "moneyx/data/numbers/cjk.toml";
    let raw = parse(path, text)?;
    let mut cj = Cjk::default();
    for role in ["digits", "small", "myriad"] {
        let Some(Value::Table(t)) = raw.get(role) else {
            return Err(DataError::new(path, role, "missing table"));
        };
        for (s, v) in t {
            let c = one_char(path, role, s)?;
            let value = dec_value(path, &format!("{role}.{s}"), v)?;
            match role {
                "myriad" => {
                    cj.myriad.insert(c, value);
                }
                _ if value.s != 0 => {
                    return Err(DataError::new(
                        path,
                        &format!("{role}.{s}"),
                        "expected an integer",
                    ))
                }
                "digits" => {
                    cj.digits.insert(c, value.m as i64);
                }
                _ => {
                    cj.small.insert(c, value.m as i64);
                }
            }
        }
    }
    for w in words_of(path, &raw, "decimal", "words")? {
        cj.decimal.insert(one_char(path, "decimal", &w)?);
    }
    for w in words_of(path, &raw, "vague", "words")? {
        let mut cs = w.chars();
        let (Some(c), None) = (cs.next(), cs.next()) else {
            return Err(DataError::new(
                path,
                "vague.words",
                "a vague tail is one character",
            ));
        };
        cj.vague.insert(c);
    }
    Ok(cj)
}

/// Split a phrase into words (`_tokens`): at spaces and at a hyphen between word characters;
/// digits fused with letters ("10K", "2.5bn") become two tokens.
fn tokens(text: &str, nw: &Words) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let is_word = |c: char| c.is_alphanumeric() || c == '_';
        // not the hyphen of a fraction ("1-1/2 billion"): [0-9]{1,2}/[0-9] after it
        let rest = &chars[(i + 1).min(chars.len())..];
        let lead = rest
            .iter()
            .take(3)
            .take_while(|c| c.is_ascii_digit())
            .count();
        let fraction = (1..=2).contains(&lead)
            && rest.get(lead) == Some(&'/')
            && rest.get(lead + 1).is_some_and(|c| c.is_ascii_digit());
        let hyphen = matches!(c, '-' | '\u{2010}' | '\u{2013}')
            && i > 0
            && is_word(chars[i - 1])
            && chars.get(i + 1).is_some_and(|&n| is_word(n))
            && !fraction;
        // nor the space of one ("3 1/2 million")
        let joins = c == ' ' && fraction && i > 0 && chars[i - 1].is_ascii_digit();
        if (c.is_whitespace() && !joins) || hyphen {
            if !cur.is_empty() {
                parts.push(std::mem::take(&mut cur));
            }
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        parts.push(cur);
    }
    let mut out = Vec::new();
    for part in parts {
        // ([-−]?[\d.,]+)([A-Za-z]+)
        let split = part.find(|c: char| c.is_ascii_alphabetic());
        if let Some(at) = split.filter(|&at| at > 0) {
            let (num, suffix) = part.split_at(at);
            let body = num.strip_prefix(['-', '\u{2212}']).unwrap_or(num);
            let fused = !body.is_empty()
                && body.chars().all(|c| is_digit(c) || c == '.' || c == ',')
                && suffix.chars().all(|c| c.is_ascii_alphabetic())
                && digits(num).is_some();
            if fused {
                out.push(num.to_string());
                let suffix = if nw.attached.contains_key(suffix) {
                    suffix.to_string()
                } else {
                    suffix.to_lowercase()
                };
                out.push(suffix);
                continue;
            }
        }
        out.push(part);
    }
    out
}

/// Combine number words (`_words`): a running total, a group below the last multiplier.
fn parse_words(tokens: &[String], nw: &Words) -> NResult<Dec> {
    let lows: Vec<String> = tokens.iter().map(|t| t.to_lowercase()).collect();
    let mut total = Dec::ZERO;
    let mut group = Dec::ZERO;
    let mut seen = false;
    let mut after_and = false;
    let mut last_small: i64 = 1000;
    // the last scale word: scales only fall ("six million and ten million" is two numbers;
    // "three billion two million" is one)
    let mut last_mult: Option<Dec> = None;
    if lows.last().is_some_and(|t| nw.connectors.contains(t)) {
        return err(format!("ends with {:?}", tokens[tokens.len() - 1]));
    }
    let mut i = 0;
    while i < tokens.len() {
        let (tok, low) = (&tokens[i], &lows[i]);
        if nw.connectors.contains(low) {
            if !seen {
                return err(format!("starts with {tok:?}"));
            }
            after_and = true;
            i += 1;
            continue;
        }
        if nw.of.contains(low) && i > 0 && nw.fractions.contains_key(&lows[i - 1]) {
            i += 1; // "a quarter of a million"
            continue;
        }
        if nw.decimal.contains(low) {
            return point(&tokens[i + 1..], nw, (total, group), last_mult);
        }
        if let Some(d) = digits(tok) {
            // "14-hundred-80" (broadcast copy): the tens and units after a count of hundreds
            let after_hundred =
                i > 0 && nw.hundred.contains(&lows[i - 1]) && !group.rem_nonzero(100);
            let tens = after_hundred && d.cmp_int(100).is_lt() && d.is_integral();
            if seen && !group.is_zero() && d.cmp_int(1).is_ge() && !tens {
                return err(format!("digits {tok:?} after number words"));
            }
            group = group.plus(d)?;
            seen = true;
        } else if let Some(&v) = nw.small.get(low) {
            let size = if v >= 10 { 10 } else { 1 };
            if !group.is_zero() && group.rem_nonzero(100) && size >= last_small {
                return err(format!("{tok:?} cannot follow {:?}", tokens[i - 1]));
            }
            if size == 10 && v < 20 && group.rem_nonzero(10) {
                return err(format!("{tok:?} cannot follow {:?}", tokens[i - 1]));
            }
            last_small = if !(10..20).contains(&v) { size } else { 0 };
            group = group.plus(Dec::int(v))?;
            seen = true;
        } else if nw.zero.contains(low) {
            seen = true;
        } else if nw.hundred.contains(low) {
            if !seen {
                return err(format!("{tok:?} with no number before it"));
            }
            group = group.or_one().times(Dec::int(100))?;
            last_small = 1000;
            seen = true;
        } else if let Some(&frac) = nw.fractions.get(low) {
            match last_mult {
                _ if after_and && !group.is_zero() => group = group.plus(frac)?, // "one and a half"
                Some(last) if after_and && !total.is_zero() => {
                    total = total.plus(last.times(frac)?)?; // "a million and a half"
                }
                _ => group = group.or_one().times(frac)?,
            }
            seen = true;
        } else if nw.articles.contains(low) {
            let prev = if i > 0 { lows[i - 1].as_str() } else { "" };
            let next = lows.get(i + 1).map_or("", String::as_str);
            if nw.fractions.contains_key(prev)
                || nw.fractions.contains_key(next)
                || nw.of.contains(prev)
            {
                i += 1;
                continue;
            }
            if !group.is_zero() {
                return err(format!("article {tok:?} inside a number"));
            }
            group = Dec::ONE;
            seen = true;
        } else if let Some(&mult) = nw.multipliers.get(low).or_else(|| nw.attached.get(tok)) {
            if !seen {
                return err(format!("scale {tok:?} with no number before it"));
            }
            if group.is_zero() && total.cmp_int(0).is_gt() {
                if nw.attached.contains_key(&tokens[i - 1]) {
                    // "$4.5bn trillion": an abbreviated scale ends its figure; a scale word
                    // after it is a slip of the pen, and which scale was meant is unknown
                    return err(format!("{tok:?} after the abbreviated scale"));
                }
                total = total.times(mult)?; // "ten thousand million"
            } else {
                if let Some(last) = last_mult {
                    if !last.gt(mult)? {
                        return err(format!("{tok:?} after a smaller or equal scale"));
                    }
                }
                total = total.plus(group.or_one().times(mult)?)?;
            }
            last_mult = Some(mult);
            group = Dec::ZERO;
            last_small = 1000;
        } else {
            return err(format!("unknown number word {tok:?}"));
        }
        if !nw.articles.contains(low) {
            after_and = false;
        }
        i += 1;
    }
    if !seen {
        return err("no number");
    }
    let scaled = |t: &String, l: &String| {
        nw.multipliers.contains_key(l) || nw.attached.contains_key(t) || nw.hundred.contains(l)
    };
    if lows.iter().any(|l| nw.fractions.contains_key(l))
        && !tokens.iter().zip(&lows).any(|(t, l)| scaled(t, l))
        && !unit_fraction(&lows, nw)
    {
        return err("a fraction word needs a scale after it ('half a million')");
    }
    total.plus(group)
}

/// Whether a fraction reads as a fraction of one unit (`_unit_fraction`): "half a" (cent),
/// "one and a half". A fraction alone ("half", "a quarter") is no number: it needs the article
/// of the unit after it or a whole number joined by a connector before it.
fn unit_fraction(lows: &[String], nw: &Words) -> bool {
    let n = lows.len();
    if n == 2 && nw.fractions.contains_key(&lows[0]) && nw.articles.contains(&lows[1]) {
        return true;
    }
    n >= 3
        && nw.fractions.contains_key(&lows[n - 1])
        && lows[1..n - 1].iter().any(|t| nw.connectors.contains(t))
        && !nw.fractions.contains_key(&lows[0])
}

/// "one point three [million]": the digits after the decimal word one by one, then scales. The
/// scales multiply the group only and fall as ever: "three trillion one-point-two trillion" is
/// two numbers, "two billion one point five million" one.
fn point(
    rest: &[String],
    nw: &Words,
    (total, group): (Dec, Dec),
    last_mult: Option<Dec>,
) -> NResult<Dec> {
    let mut frac = String::new();
    let mut j = 0;
    while j < rest.len() {
        let t = &rest[j];
        let low = t.to_lowercase();
        match (nw.small.get(&low), digits(t)) {
            (Some(&v), _) if v < 10 => frac.push_str(&v.to_string()),
            _ if nw.zero.contains(&low) => frac.push('0'),
            // "two-point-09 million": the digits as written, their zeros kept
            _ if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) => frac.push_str(t),
            (_, Some(d)) if d.is_integral() && d.m >= 0 => {
                frac.push_str(&(d.m / pow10(d.s)?).to_string());
            }
            _ => break,
        }
        j += 1;
    }
    if frac.is_empty() {
        return err("'point' with no digits after it");
    }
    let mut value = group.plus(Dec::parse(&format!("0.{frac}")).ok_or_else(overflow)?)?;
    for t in &rest[j..] {
        let mult = nw
            .multipliers
            .get(&t.to_lowercase())
            .or_else(|| nw.attached.get(t));
        match mult {
            Some(&m) => {
                if let Some(last) = last_mult {
                    if !last.gt(m)? {
                        return err(format!("{t:?} after a smaller or equal scale"));
                    }
                }
                value = value.times(m)?;
            }
            None => return err(format!("unexpected {t:?} after 'point'")),
        }
    }
    total.plus(value)
}

/// `\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\S` over the phrase without its spaces.
fn cjk_tokens(text: &str) -> Vec<String> {
    let chars: Vec<char> = text
        .chars()
        .filter(|&c| c != ' ' && c != '\u{a0}')
        .collect();
    let run = |from: usize| chars[from..].iter().take_while(|c| is_digit(**c)).count();
    let decimals = |at: usize| -> usize {
        // "\.\d+" at `at`: its length, or 0
        if chars.get(at) == Some(&'.') {
            let n = run(at + 1);
            if n > 0 {
                return n + 1;
            }
        }
        0
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_digit(c) {
            let n = run(i);
            let mut end = i + n;
            let mut groups = 0;
            if n <= 3 {
                while chars.get(end) == Some(&',') && run(end + 1) >= 3 {
                    end += 4;
                    groups += 1;
                }
            }
            if groups == 0 {
                end = i + n;
            }
            end += decimals(end);
            out.push(chars[i..end].iter().collect());
            i = end;
        } else {
            if !c.is_whitespace() {
                out.push(c.to_string());
            }
            i += 1;
        }
    }
    out
}

/// Read a CJK numeral grouping by myriads (`_parse_cjk`): 이천칠백삼십오만 = 2735 x 10^4.
///
/// A myriad after a smaller one multiplies all before it (万亿 = 10^12: "15.6万亿" is
/// 15.6 x 10^12); after a larger one it starts the next group ("一亿二千万" = 1.2 x 10^8).
/// A vague tail ("多", "余") is read past.
/// The one character of a token, if it is one.
fn single_char(t: &str) -> Option<char> {
    let mut cs = t.chars();
    match (cs.next(), cs.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// Writes each run of bare digit characters read place by place as one Arabic number:
/// "五四二．五億" is 542.5 x 10^8 (a run of three or more digits, or of two before a decimal
/// point); two digits before a multiplier are an approximate range ("三四百"), read elsewhere.
fn positional(cj: &Cjk, tokens: Vec<String>) -> Vec<String> {
    let digit = |t: &String| single_char(t).is_some_and(|c| cj.digits.contains_key(&c));
    let mut out = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let mut j = i;
        while j < tokens.len() && digit(&tokens[j]) {
            j += 1;
        }
        let before_point =
            j < tokens.len() && single_char(&tokens[j]).is_some_and(|c| cj.decimal.contains(&c));
        if j - i >= 3 || (j - i == 2 && before_point) {
            let run: String = tokens[i..j]
                .iter()
                .filter_map(|t| single_char(t))
                .map(|c| cj.digits[&c].to_string())
                .collect();
            out.push(run);
            i = j;
        } else {
            out.push(tokens[i].clone());
            i += 1;
        }
    }
    out
}

/// Reads the digits after a decimal point and the myriads after them ("一点五亿" = 1.5 x 10^8).
fn cjk_decimal(cj: &Cjk, rest: &[String], whole: Dec) -> NResult<Dec> {
    let mut frac = String::new();
    let mut k = 0;
    while k < rest.len() {
        let t = &rest[k];
        match single_char(t) {
            Some(c) if cj.digits.contains_key(&c) => frac.push_str(&cj.digits[&c].to_string()),
            _ if all_digits(t) => frac.push_str(t),
            _ => break,
        }
        k += 1;
    }
    let myriads = &rest[k..];
    if frac.is_empty()
        || !all_digits(&frac)
        || myriads
            .iter()
            .any(|t| !single_char(t).is_some_and(|c| cj.myriad.contains_key(&c)))
    {
        return err("digits expected after the decimal point");
    }
    let mut value =
        whole.plus(Dec::parse(&format!("0.{}", ascii_digits(&frac))).ok_or_else(overflow)?)?;
    for t in myriads {
        let c = single_char(t).unwrap_or(' ');
        value = value.times(cj.myriad[&c])?;
    }
    Ok(value)
}

fn parse_cjk(cj: &Cjk, text: &str) -> NResult<Dec> {
    let tokens: Vec<String> = positional(
        cj,
        cjk_tokens(text)
            .into_iter()
            .filter(|t| {
                let mut cs = t.chars();
                !matches!((cs.next(), cs.next()), (Some(c), None) if cj.vague.contains(&c))
            })
            .collect(),
    );
    let mut total = Dec::ZERO;
    let mut section = Dec::ZERO; // the part below the current myriad
    let mut current: Option<Dec> = None; // a digit waiting for its multiplier
    let mut last_myriad: Option<Dec> = None;
    let mut seen = false;
    let mut held = false; // `current` is a place-holding zero (零)
    for (i, tok) in tokens.iter().enumerate() {
        let mut cs = tok.chars();
        let first = cs.next().unwrap_or(' ');
        let single = cs.next().is_none();
        if single && cj.decimal.contains(&first) {
            let whole = total.plus(section)?.plus(current.unwrap_or(Dec::ZERO))?;
            return cjk_decimal(cj, &tokens[i + 1..], whole);
        }
        if is_digit(first) {
            // (a place-holding zero may stand before Arabic digits: "33萬零316" = 330,316)
            if current.is_some() && !held {
                return err(format!("two numbers in a row at {tok:?}"));
            }
            current = Some(digits(tok).ok_or_else(|| NumberError(format!("bad digits {tok:?}")))?);
            held = false;
            seen = true;
        } else if single && cj.digits.contains_key(&first) {
            // a zero holds an empty place ("一百零一萬" = 1,010,000): the digit after it counts
            if current.is_some() && !held {
                return err(format!("two digits in a row at {tok:?}"));
            }
            current = Some(Dec::int(cj.digits[&first]));
            held = cj.digits[&first] == 0;
            seen = true;
        } else if single && cj.small.contains_key(&first) {
            let unit = Dec::int(cj.small[&first]);
            // "一千零十" = 1,010: a ten after the place-holding zero is one ten
            let times = if held {
                Dec::ONE
            } else {
                current.unwrap_or(Dec::ONE)
            };
            section = section.plus(times.times(unit)?)?;
            held = false;
            current = None;
            seen = true;
        } else if single && cj.myriad.contains_key(&first) {
            let mult = cj.myriad[&first];
            let group = section.plus(current.unwrap_or(Dec::ZERO))?;
            total = match last_myriad {
                // 万亿: the larger myriad scales what came before
                Some(last) if mult.gt(last)? => total.plus(group)?.times(mult)?,
                _ => total.plus(group.or_one().times(mult)?)?,
            };
            last_myriad = Some(mult);
            section = Dec::ZERO;
            current = None;
            seen = true;
        } else {
            return err(format!("not a numeral: {tok:?}"));
        }
    }
    if !seen {
        return err("no number");
    }
    total
        .plus(section)?
        .plus(elided_place(cj, &tokens, current)?)
}

/// The last digit's value: of the place below the unit it follows, if it is bare ("一万五" and
/// "1万5" are 15,000, "三千五" 3,500; "一万零五" = 10,005).
fn elided_place(cj: &Cjk, tokens: &[String], current: Option<Dec>) -> NResult<Dec> {
    let Some(c) = current else {
        return Ok(Dec::ZERO);
    };
    let one_char = |t: &String| {
        let mut cs = t.chars();
        match (cs.next(), cs.next()) {
            (Some(ch), None) => Some(ch),
            _ => None,
        }
    };
    let [.., before, last] = tokens else {
        return Ok(c);
    };
    let (Some(before), Some(last)) = (one_char(before), one_char(last)) else {
        return Ok(c);
    };
    if !(cj.digits.contains_key(&last) || last.is_ascii_digit()) {
        return Ok(c);
    }
    let unit = match (cj.small.get(&before), cj.myriad.get(&before)) {
        (Some(&v), _) => Dec::int(v),
        (None, Some(&v)) => v,
        _ => return Ok(c),
    };
    if c.s == 0 && (1..=9).contains(&c.m) && unit.s == 0 && unit.m >= 100 && unit.m % 10 == 0 {
        return c.times(Dec {
            m: unit.m / 10,
            s: 0,
        });
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN: &str = "zero = [\"zero\"]\n[units]\none = 1\ntwo = 2\nfive = 5\n[teens]\nten = 10\n\
        [tens]\ntwenty = 20\nfifty = 50\n[hundred]\nhundred = 100\n[multipliers]\n\
        million = \"1000000\"\nthousand = \"1000\"\n[attached_multipliers]\nm = \"1000000\"\n\
        bn = \"1000000000\"\n[fractions]\nhalf = \"0.5\"\nquarter = \"0.25\"\n\
        [articles]\nwords = [\"a\", \"one\"]\n[connectors]\nwords = [\"and\"]\n\
        joiners = [\"and\", \"of\"]\n[decimal]\nwords = [\"point\"]\n";
    const CJK: &str = "[digits]\n\"이\" = 2\n\"오\" = 5\n\"칠\" = 7\n\"삼\" = 3\n\
        [small]\n\"십\" = 10\n\"백\" = 100\n\"천\" = 1000\n[myriad]\n\"만\" = \"10000\"\n\
        \"억\" = \"100000000\"\n[decimal]\nwords = [\"점\"]\n[vague]\nwords = [\"여\"]\n";

    fn en(text: &str) -> NResult<String> {
        let r = NumberReader::load("en", Some(EN), CJK).unwrap();
        r.parse(text).map(|d| d.to_string())
    }

    fn ko(text: &str) -> NResult<String> {
        let r = NumberReader::load("ko", None, CJK).unwrap();
        r.parse(text).map(|d| d.to_string())
    }

    #[test]
    fn digits_with_separators() {
        assert_eq!(en("1,234.56").unwrap(), "1234.56");
        assert_eq!(en("12,34,567").unwrap(), "1234567");
        assert_eq!(en("10 000").unwrap(), "10000");
        assert_eq!(en("-5").unwrap(), "-5");
        assert_eq!(en(".5").unwrap(), "0.5");
        assert!(en("1,2345").is_err());
    }

    #[test]
    fn wire_fractions_are_one_figure() {
        assert_eq!(en("177-1/2").unwrap(), "177.5");
        assert_eq!(en("1-15/16").unwrap(), "1.9375");
        assert_eq!(en("2-2/4").unwrap(), "2.5");
        assert_eq!(en("5.01-1/4").unwrap(), "5.0125");
        assert_eq!(en("2.88-3/4").unwrap(), "2.8875");
        assert_eq!(en("-3-1/2").unwrap(), "-3.5");
        assert_eq!(en("1-1/2 million").unwrap(), "1500000.0");
        assert!(en("7-1/3").is_err());
        assert!(en("5-4/4").is_err());
        assert_eq!(en("1/2").unwrap(), "0.5");
        assert_eq!(en("3/4").unwrap(), "0.75");
        assert!(en("3/3").is_err());
        assert_eq!(en("22 3/8").unwrap(), "22.375");
        assert_eq!(en("4.26 1/2").unwrap(), "4.265");
        assert_eq!(en("3 1/2 million").unwrap(), "3500000.0");
    }

    #[test]
    fn a_scale_word_after_an_abbreviated_scale_is_refused() {
        assert!(en("4.5bn million").is_err());
        assert!(en("5m thousand").is_err());
        assert_eq!(en("ten thousand million").unwrap(), "10000000000");
    }

    #[test]
    fn words_and_scales() {
        assert_eq!(en("two hundred and fifty").unwrap(), "250");
        assert_eq!(en("14-hundred-80").unwrap(), "1480");
        assert!(en("fifty hundred 200").is_err());
        assert_eq!(en("half a million").unwrap(), "500000.0");
        assert_eq!(en("a quarter of a million").unwrap(), "250000.00");
        assert_eq!(en("2.5bn").unwrap(), "2500000000.0");
        assert_eq!(en("5m").unwrap(), "5000000");
        assert_eq!(en("one point five million").unwrap(), "1500000.0");
        assert_eq!(en("ten thousand million").unwrap(), "10000000000");
        assert!(en("five five").is_err());
        assert!(en("half").is_err());
        assert!(en("million").is_err());
        assert!(en("two and").is_err());
    }

    #[test]
    fn a_continental_figure_groups_by_periods_or_spaces() {
        assert_eq!(en("9.990,00").unwrap(), "9990.00");
        assert_eq!(en("1 995,00").unwrap(), "1995.00");
        assert_eq!(en("17\u{a0}940,50").unwrap(), "17940.50");
        assert_eq!(en("8.000.000").unwrap(), "8000000");
        assert_eq!(en("11.499,00").unwrap(), "11499.00");
        assert!(en("1.234,5").is_err());
        assert!(en("12.34,00").is_err());
        assert_eq!(en("1.234").unwrap(), "1.234");
    }

    #[test]
    fn a_decimal_comma_that_cannot_group_thousands() {
        assert_eq!(en("12,34").unwrap(), "12.34");
        assert_eq!(en("92,5").unwrap(), "92.5");
        assert_eq!(en("0,08").unwrap(), "0.08");
        assert_eq!(en("0,125").unwrap(), "0.125");
        assert_eq!(en("10,00").unwrap(), "10.00");
        assert_eq!(en("−1,25").unwrap(), "-1.25");
        assert_eq!(en("0,5m").unwrap(), "500000.0");
        assert_eq!(en("1,234").unwrap(), "1234");
        assert_eq!(en("100,000").unwrap(), "100000");
        assert!(en("1234,5").is_err());
        assert!(en("00,5").is_err());
        assert!(en("0,5,5").is_err());
    }

    #[test]
    fn a_fraction_of_one_unit() {
        assert_eq!(en("half a").unwrap(), "0.5");
        assert_eq!(en("one and a half").unwrap(), "1.5");
        assert_eq!(en("50-and-a-half").unwrap(), "50.5");
        assert!(en("half").is_err());
        assert!(en("a half").is_err());
        assert!(en("half and a half").is_err());
    }

    #[test]
    fn scales_only_fall_inside_one_number() {
        assert!(en("five million and two million").is_err());
        assert!(en("two million two million").is_err());
        assert!(en("five thousand two million").is_err());
        assert_eq!(en("two million five thousand").unwrap(), "2005000");
        assert_eq!(en("ten thousand million").unwrap(), "10000000000");
        assert_eq!(en("a million and a half").unwrap(), "1500000.0");
        // after "point" too: the scale multiplies its own group
        assert_eq!(
            en("two million one point five thousand").unwrap(),
            "2001500.0"
        );
        assert!(en("five million one-point-two million").is_err());
        assert!(en("five million and one-point-two million").is_err());
    }

    #[test]
    fn cjk_numerals_group_by_myriads() {
        assert_eq!(ko("이천칠백삼십오만").unwrap(), "27350000");
        assert_eq!(ko("2만5천").unwrap(), "25000");
        assert_eq!(ko("27,350,000").unwrap(), "27350000");
        assert_eq!(ko("3억").unwrap(), "300000000");
        assert_eq!(ko("이점오").unwrap(), "2.5");
        assert!(ko("만만x").is_err());
    }

    #[test]
    fn a_larger_myriad_scales_what_came_before() {
        assert_eq!(ko("3만억").unwrap(), "3000000000000");
        assert_eq!(ko("1억2천만").unwrap(), "120000000");
    }

    #[test]
    fn a_bare_digit_after_a_unit_counts_the_place_below() {
        assert_eq!(ko("1만5").unwrap(), "15000");
        assert_eq!(ko("삼천오").unwrap(), "3500");
        assert_eq!(ko("2만5천").unwrap(), "25000");
        assert_eq!(ko("이십오").unwrap(), "25");
        assert_eq!(ko("1만05").unwrap(), "10005");
    }

    #[test]
    fn a_vague_tail_is_read_past() {
        assert_eq!(ko("5천여").unwrap(), "5000");
        assert_eq!(ko("삼천여만").unwrap(), "30000000");
        assert!(ko("여").is_err());
    }

    #[test]
    fn digits_of_every_script_count() {
        assert_eq!(digit_value('３'), Some(3));
        assert_eq!(digit_value('٣'), Some(3));
        assert_eq!(digit_value('²'), None);
        assert_eq!(en("１,２３４").unwrap(), "1234");
        assert_eq!(ko("３천").unwrap(), "3000");
    }

    #[test]
    fn a_figure_too_large_is_refused_not_rounded() {
        let huge = "9".repeat(60);
        assert!(en(&huge).is_err());
    }
}
