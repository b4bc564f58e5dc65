//! The core's view of moneyx's data files, parsed from the same TOML texts Python reads.
//!
//! Python hands the file texts over (read with `importlib.resources`, so a wheel works); this
//! module parses them with `toml` and builds what the Rust stages read: the currency surfaces
//! of a language (the marker scan's word list), the rule tables of its lexicon, the number
//! vocabulary. No word list is written here: every surface comes from the files.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use toml::{Table, Value};

/// A data file that does not say what the core expects: which file, which key, what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    pub path: String,
    pub key: String,
    pub message: String,
}

impl DataError {
    pub fn new(path: &str, key: &str, message: impl Into<String>) -> Self {
        DataError {
            path: path.to_string(),
            key: key.to_string(),
            message: message.into(),
        }
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key.is_empty() {
            write!(f, "{}: {}", self.path, self.message)
        } else {
            write!(f, "{} [{}]: {}", self.path, self.key, self.message)
        }
    }
}

impl std::error::Error for DataError {}

pub type Result<T> = std::result::Result<T, DataError>;

pub const CURRENCIES_PATH: &str = "moneyx/data/currencies.toml";

/// The stages of the rule registry: the top-level tables of a lexicon that hold rule tables
/// (`[veto.won-verb]`). Structure, not language; checked equal to `moneyx.rules.STAGES`.
pub const STAGES: [&str; 10] = [
    "candidate",
    "veto",
    "compose",
    "gloss",
    "per",
    "role",
    "carry",
    "context",
    "rung",
    "when",
];

/// Parse one TOML text, naming the file on failure.
pub fn parse(path: &str, text: &str) -> Result<Table> {
    text.parse::<Table>()
        .map_err(|e| DataError::new(path, "", format!("invalid TOML: {e}")))
}

/// A multiplier from the written number to major units, kept exact as `mul / div` (decimal
/// texts as the data writes them: "1000000", or 1 / "100" for a cent).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Factor {
    pub mul: String,
    pub div: String,
}

impl Factor {
    fn one() -> Self {
        Factor {
            mul: "1".into(),
            div: "1".into(),
        }
    }
    fn times(v: String) -> Self {
        Factor {
            mul: v,
            div: "1".into(),
        }
    }
    fn per(v: String) -> Self {
        Factor {
            mul: "1".into(),
            div: v,
        }
    }
}

/// What one written currency surface means (mirrors `moneyx.lexicon.Surface`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Surface {
    pub text: String,
    pub candidates: Vec<String>,
    pub kind: &'static str,
    pub factor: Factor,
    pub key: String,
    pub case_sensitive: bool,
}

/// Python's `str.isalpha` for one character: a letter (general category L*).
pub fn is_alpha(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    matches!(
        get_general_category(c),
        G::UppercaseLetter
            | G::LowercaseLetter
            | G::TitlecaseLetter
            | G::ModifierLetter
            | G::OtherLetter
    )
}

fn has_alpha(s: &str) -> bool {
    s.chars().any(is_alpha)
}

fn capitalize(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(first) => first
            .to_uppercase()
            .chain(cs.as_str().to_lowercase().chars())
            .collect(),
        None => String::new(),
    }
}

/// A decimal as Python's `Decimal(str(value))` reads it: an integer, a float or a string.
fn decimal_text(path: &str, key: &str, value: &Value) -> Result<String> {
    match value {
        Value::Integer(i) => Ok(i.to_string()),
        Value::Float(f) => Ok(f.to_string()),
        Value::String(s) if is_decimal(s) => Ok(s.clone()),
        other => Err(DataError::new(path, key, format!("not a number: {other}"))),
    }
}

fn is_decimal(s: &str) -> bool {
    let body = s.strip_prefix('-').unwrap_or(s);
    let mut parts = body.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    !(int.is_empty() && frac.unwrap_or("").is_empty())
        && digits(int)
        && frac.is_none_or(|f| !f.is_empty() && digits(f))
}

/// A list of non-empty strings (`_strs` in Python).
pub fn strs(path: &str, key: &str, value: Option<&Value>) -> Result<Vec<String>> {
    let Some(value) = value else {
        return Ok(Vec::new());
    };
    let err = || DataError::new(path, key, "expected a list of non-empty strings");
    let Value::Array(items) = value else {
        return Err(err());
    };
    items
        .iter()
        .map(|v| match v {
            Value::String(s) if !s.is_empty() => Ok(s.clone()),
            _ => Err(err()),
        })
        .collect()
}

fn table<'a>(path: &str, raw: &'a Table, key: &str) -> Result<&'a Table> {
    match raw.get(key) {
        Some(Value::Table(t)) => Ok(t),
        Some(_) => Err(DataError::new(path, key, "expected a table")),
        None => Err(DataError::new(path, key, "missing table")),
    }
}

fn opt_table<'a>(path: &str, raw: &'a Table, key: &str) -> Result<Option<&'a Table>> {
    match raw.get(key) {
        Some(Value::Table(t)) => Ok(Some(t)),
        Some(_) => Err(DataError::new(path, key, "expected a table")),
        None => Ok(None),
    }
}

fn string(path: &str, key: &str, value: &Value) -> Result<String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        _ => Err(DataError::new(path, key, "expected a string")),
    }
}

/// A `[surface] = [string, number]` pair: `"grand" = ["local", "1000"]`.
fn pair(path: &str, key: &str, value: &Value) -> Result<(String, String)> {
    match value {
        Value::Array(items) if items.len() == 2 => Ok((
            string(path, key, &items[0])?,
            decimal_text(path, key, &items[1])?,
        )),
        _ => Err(DataError::new(path, key, "expected [text, number]")),
    }
}

/// One ISO 4217 currency of `currencies.toml`.
#[derive(Debug, Clone)]
pub struct Currency {
    pub code: String,
    pub names: Vec<String>,
    pub symbols: Vec<String>,
    pub minor: Vec<String>,
    pub minor_factor: String,
}

/// Load `currencies.toml` in file order, with the checks of `moneyx.lexicon.currencies`.
pub fn currencies(text: &str) -> Result<Vec<Currency>> {
    let path = CURRENCIES_PATH;
    let raw = parse(path, text)?;
    let allowed = [
        "names",
        "symbols",
        "minor",
        "minor_factor",
        "historic",
        "unofficial",
    ];
    let mut out = Vec::new();
    for (code, body) in &raw {
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(DataError::new(
                path,
                code,
                "not an upper-case 3-letter code",
            ));
        }
        let Value::Table(body) = body else {
            return Err(DataError::new(path, code, "expected a table"));
        };
        let unknown: Vec<&String> = body
            .keys()
            .filter(|k| !allowed.contains(&k.as_str()))
            .collect();
        if !unknown.is_empty() {
            return Err(DataError::new(
                path,
                code,
                format!("unknown keys {unknown:?}"),
            ));
        }
        let key = |k: &str| format!("{code}.{k}");
        out.push(Currency {
            code: code.clone(),
            names: strs(path, &key("names"), body.get("names"))?,
            symbols: strs(path, &key("symbols"), body.get("symbols"))?,
            minor: strs(path, &key("minor"), body.get("minor"))?,
            minor_factor: match body.get("minor_factor") {
                Some(v) => decimal_text(path, &key("minor_factor"), v)?,
                None => "100".into(),
            },
        });
    }
    Ok(out)
}

/// Collects surfaces and refuses conflicting definitions (`_Builder` in Python).
struct Builder<'p> {
    path: &'p str,
    cs: BTreeMap<String, Surface>,
    ci: BTreeMap<String, Surface>,
}

impl Builder<'_> {
    fn add(&mut self, surface: Surface) -> Result<()> {
        let key = if surface.case_sensitive {
            surface.text.clone()
        } else {
            surface.text.to_lowercase()
        };
        let table = if surface.case_sensitive {
            &mut self.cs
        } else {
            &mut self.ci
        };
        if let Some(old) = table.get(&key) {
            if *old != surface {
                let set = |c: &[String]| c.iter().cloned().collect::<BTreeSet<_>>();
                if set(&old.candidates) == set(&surface.candidates) && old.factor == surface.factor
                {
                    return Ok(());
                }
                if old.kind == "minor" && surface.kind == "minor" && old.factor == surface.factor {
                    // a minor unit shared by several currencies ("centavo") is ambiguous
                    let mut merged = old.candidates.clone();
                    for c in &surface.candidates {
                        if !merged.contains(c) {
                            merged.push(c.clone());
                        }
                    }
                    let merged = Surface {
                        text: key.clone(),
                        candidates: merged,
                        kind: "minor",
                        factor: old.factor.clone(),
                        key: old.key.clone(),
                        case_sensitive: old.case_sensitive,
                    };
                    table.insert(key, merged);
                    return Ok(());
                }
                return Err(DataError::new(
                    self.path,
                    &key,
                    format!(
                        "conflicting meanings {:?}x{:?} and {:?}x{:?}",
                        old.candidates, old.factor, surface.candidates, surface.factor
                    ),
                ));
            }
        }
        table.insert(key, surface);
        Ok(())
    }
}

fn surface(
    text: String,
    cands: Vec<String>,
    kind: &'static str,
    factor: Factor,
    key: &str,
    cs: bool,
) -> Surface {
    Surface {
        text,
        candidates: cands,
        kind,
        factor,
        key: key.to_string(),
        case_sensitive: cs,
    }
}

/// The currency surfaces of one language, as `moneyx.lexicon.lexicon(lang)` builds them.
#[derive(Debug, Clone)]
pub struct Surfaces {
    /// case-sensitive surfaces (symbols and codes), by text
    pub cs: BTreeMap<String, Surface>,
    /// case-insensitive surfaces (names), by lower-cased text
    pub ci: BTreeMap<String, Surface>,
}

impl Surfaces {
    /// The marker scan's word list: every surface lower-cased, sorted, unique
    /// (`moneyx.scan._surfaces`).
    pub fn scan_list(&self) -> Vec<String> {
        // the automaton folds ASCII case only: a case-sensitive sign with a letter outside
        // ASCII ("VNĐ") is listed with its ASCII letters folded too, or it never matches
        let set: BTreeSet<String> = self
            .cs
            .keys()
            .flat_map(|s| [s.to_lowercase(), s.to_ascii_lowercase()])
            .chain(self.ci.keys().cloned())
            .collect();
        set.into_iter().collect()
    }
}

/// Build the surfaces of a lexicon from its raw table and the currencies.
pub fn surfaces(path: &str, raw: &Table, currencies: &[Currency]) -> Result<Surfaces> {
    let codes: BTreeSet<&str> = currencies.iter().map(|c| c.code.as_str()).collect();
    let check = |code: &str, key: &str| -> Result<String> {
        if codes.contains(code) {
            Ok(code.to_string())
        } else {
            Err(DataError::new(
                path,
                key,
                format!("unknown ISO code '{code}'"),
            ))
        }
    };
    let mut b = Builder {
        path,
        cs: BTreeMap::new(),
        ci: BTreeMap::new(),
    };
    let one = Factor::one;
    let cw = table(path, raw, "code_words")?;
    let code_words: BTreeSet<String> = strs(path, "code_words.codes", cw.get("codes"))?
        .into_iter()
        .collect();
    let upper_ok: BTreeSet<String> = strs(path, "code_words.upper_ok", cw.get("upper_ok"))?
        .into_iter()
        .collect();
    let lower_codes: BTreeSet<String> = strs(
        path,
        "lower_codes.codes",
        table(path, raw, "lower_codes")?.get("codes"),
    )?
    .into_iter()
    .collect();
    let mut aliases = Vec::new();
    for (alias, code) in table(path, raw, "code_aliases")? {
        let key = format!("code_aliases.{alias}");
        aliases.push((alias.clone(), check(&string(path, &key, code)?, &key)?));
    }
    for info in currencies {
        let code = &info.code;
        let c = || vec![code.clone()];
        if !code_words.contains(code) || upper_ok.contains(code) {
            b.add(surface(code.clone(), c(), "code", one(), code, true))?;
            if lower_codes.contains(code) {
                b.add(surface(code.to_lowercase(), c(), "code", one(), code, true))?;
                b.add(surface(capitalize(code), c(), "code", one(), code, true))?;
            }
        }
        for name in &info.names {
            b.add(surface(
                name.to_lowercase(),
                c(),
                "name",
                one(),
                code,
                false,
            ))?;
        }
        for sym in &info.symbols {
            b.add(surface(sym.clone(), c(), "symbol", one(), code, true))?;
        }
        for minor in &info.minor {
            let f = Factor::per(info.minor_factor.clone());
            b.add(surface(minor.to_lowercase(), c(), "minor", f, code, false))?;
        }
    }
    if let Some(names) = opt_table(path, raw, "names")? {
        for (code, list) in names {
            let key = format!("names.{code}");
            check(code, &key)?;
            for name in strs(path, &key, Some(list))? {
                b.add(surface(
                    name.to_lowercase(),
                    vec![code.clone()],
                    "name",
                    one(),
                    code,
                    false,
                ))?;
            }
        }
    }
    for (alias, code) in &aliases {
        b.add(surface(
            alias.clone(),
            vec![code.clone()],
            "code",
            one(),
            code,
            true,
        ))?;
        // not over a word the lexicon reads as ambiguous: "DLR" is a code, "dlr" is any dollar
        let lower = alias.to_lowercase();
        let is_word = ["ambiguous", "ambiguous_extra"]
            .iter()
            .any(|t| table(path, raw, t).is_ok_and(|t| t.contains_key(&lower)));
        if lower_codes.contains(code) && !is_word {
            b.add(surface(
                alias.to_lowercase(),
                vec![code.clone()],
                "code",
                one(),
                code,
                true,
            ))?;
        }
    }
    // a unit the shared tables give that the language never writes so (`[not_read]`: "p" for
    // pence in Korean, where "30.19p" is an index's points)
    if let Some(t) = opt_table(path, raw, "not_read")? {
        for word in strs(path, "not_read.words", t.get("words"))? {
            b.ci.remove(&word.to_lowercase());
            b.cs.remove(&word);
        }
    }
    for (fused, value) in table(path, raw, "scaled_codes")? {
        let key = format!("scaled_codes.{fused}");
        let (code, factor) = pair(path, &key, value)?;
        let code = check(&code, &key)?;
        for text in [fused.clone(), fused.to_lowercase()] {
            let f = Factor::times(factor.clone());
            b.add(surface(text, vec![code.clone()], "code", f, &code, true))?;
        }
    }
    let amb_table = table(path, raw, "ambiguous")?;
    let mut ambiguous: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for t in [amb_table, table(path, raw, "ambiguous_extra")?] {
        for (s, cands) in t {
            let key = format!("ambiguous.{s}");
            let cands = strs(path, &key, Some(cands))?;
            let cands = cands
                .iter()
                .map(|c| check(c, &key))
                .collect::<Result<Vec<_>>>()?;
            ambiguous.insert(s.clone(), cands);
        }
    }
    let case_sensitive: BTreeSet<String> = match opt_table(path, raw, "case_sensitive")? {
        Some(t) => strs(path, "case_sensitive.surfaces", t.get("surfaces"))?
            .into_iter()
            .collect(),
        None => BTreeSet::new(),
    };
    for s in amb_table.keys() {
        let cs = !has_alpha(s) || case_sensitive.contains(s);
        let text = if cs { s.clone() } else { s.to_lowercase() };
        // a language may make ambiguous what currencies.toml writes as one currency's sign (元
        // is the yuan's, and in Chinese text also the unit of the North Korean won)
        if b.cs.get(s).is_some_and(|old| old.kind == "symbol") {
            b.cs.remove(s);
        }
        b.add(surface(
            text,
            ambiguous[s].clone(),
            "ambiguous",
            one(),
            s,
            cs,
        ))?;
    }
    let named_codes: BTreeSet<String> = match opt_table(path, raw, "names")? {
        Some(t) => t.keys().cloned().collect(),
        None => BTreeSet::new(),
    };
    let minor_table = table(path, raw, "minor")?;
    let mut minors = Vec::new();
    for (s, value) in minor_table {
        let key = format!("minor.{s}");
        let (major, per) = pair(path, &key, value)?;
        // the major unit: an ambiguous surface ("dollar", "元") or one currency's code ("USD":
        // 美分 is the US cent whatever the passage)
        let cands = match ambiguous.get(&major) {
            Some(cands) => cands.clone(),
            None if named_codes.contains(&major) => vec![check(&major, &key)?],
            None => {
                return Err(DataError::new(
                    path,
                    &key,
                    format!("unknown major surface '{major}'"),
                ))
            }
        };
        let f = Factor::per(per.clone());
        b.add(surface(s.clone(), cands, "minor", f, &major, !has_alpha(s)))?;
        minors.push((s.clone(), major, per));
    }
    for (s, value) in table(path, raw, "multiple")? {
        let key = format!("multiple.{s}");
        let (major, factor) = pair(path, &key, value)?;
        let Some(cands) = ambiguous.get(&major) else {
            return Err(DataError::new(
                path,
                &key,
                format!("unknown major surface '{major}'"),
            ));
        };
        let f = Factor::times(factor);
        b.add(surface(
            s.clone(),
            cands.clone(),
            "multiple",
            f,
            &major,
            false,
        ))?;
    }
    for (qual, code) in table(path, raw, "qualifiers")? {
        let key = format!("qualifiers.{qual}");
        let code = check(&string(path, &key, code)?, &key)?;
        for s in amb_table.keys() {
            if ambiguous[s].contains(&code) && has_alpha(s) {
                let name = format!("{qual} {s}").to_lowercase();
                if !b.ci.contains_key(&name) {
                    b.add(surface(
                        name,
                        vec![code.clone()],
                        "name",
                        one(),
                        &code,
                        false,
                    ))?;
                }
            }
        }
        for (s, major, per) in &minors {
            let known = ambiguous.get(major).is_some_and(|c| c.contains(&code));
            if known && s.chars().count() > 2 {
                let name = format!("{qual} {s}").to_lowercase();
                if !b.ci.contains_key(&name) {
                    let f = Factor::per(per.clone());
                    b.add(surface(name, vec![code.clone()], "minor", f, &code, false))?;
                }
            }
        }
    }
    let spaced: Vec<(String, Surface)> =
        b.cs.iter()
            .filter(|(k, _)| k.contains(' '))
            .map(|(k, v)| (k.replace(' ', "\u{a0}"), v.clone()))
            .collect();
    for (k, v) in spaced {
        // the same symbol written with a no-break space
        b.cs.entry(k).or_insert(v);
    }
    Ok(Surfaces { cs: b.cs, ci: b.ci })
}

/// One value of a rule table, typed by the kind the rule registry declares for its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleValue {
    /// `words`: a set of lower-case words
    Words(BTreeSet<String>),
    /// `phrases`: a list of strings, as written
    Phrases(Vec<String>),
    /// `map`: lower-case key -> value
    Map(BTreeMap<String, String>),
    /// `flag`: on or off
    Flag(bool),
}

/// The rule tables of a lexicon (`[<stage>.<name>]`): rule id -> key -> raw TOML value, with
/// the checks of `moneyx.lexicon._rule_tables` (a section that is neither shared nor a stage
/// is an error only when `shared` is given; duplicates in a list are errors).
pub fn rule_tables(path: &str, raw: &Table) -> Result<BTreeMap<String, Table>> {
    let mut out = BTreeMap::new();
    for (section, body) in raw {
        if !STAGES.contains(&section.as_str()) {
            continue;
        }
        let Value::Table(body) = body else {
            return Err(DataError::new(
                path,
                section,
                "a stage holds one table per rule",
            ));
        };
        for (name, t) in body {
            let id = format!("{section}.{name}");
            let Value::Table(t) = t else {
                return Err(DataError::new(
                    path,
                    &id,
                    "a rule's data is a table of keys",
                ));
            };
            for (key, value) in t {
                if let Value::Array(items) = value {
                    let mut seen = BTreeSet::new();
                    for item in items {
                        let norm = match item {
                            Value::String(s) => s.to_lowercase(),
                            other => other.to_string(),
                        };
                        if !seen.insert(norm) {
                            return Err(DataError::new(
                                path,
                                &format!("{id}.{key}"),
                                format!("{item} listed twice"),
                            ));
                        }
                    }
                }
            }
            out.insert(id, t.clone());
        }
    }
    Ok(out)
}

/// Type one rule value by its declared kind (`moneyx.rules._typed`); `None` reads as empty.
pub fn typed(path: &str, at: &str, kind: &str, value: Option<&Value>) -> Result<RuleValue> {
    match kind {
        "flag" => match value {
            None => Ok(RuleValue::Flag(false)),
            Some(Value::Boolean(b)) => Ok(RuleValue::Flag(*b)),
            Some(_) => Err(DataError::new(path, at, "expected true or false")),
        },
        "map" => {
            let mut out = BTreeMap::new();
            match value {
                None => {}
                Some(Value::Table(t)) => {
                    for (k, v) in t {
                        match v {
                            Value::String(v) if !k.is_empty() => {
                                out.insert(k.to_lowercase(), v.clone());
                            }
                            _ => {
                                return Err(DataError::new(path, at, "expected a table of strings"))
                            }
                        }
                    }
                }
                Some(_) => return Err(DataError::new(path, at, "expected a table of strings")),
            }
            Ok(RuleValue::Map(out))
        }
        "words" => Ok(RuleValue::Words(
            strs(path, at, value)?
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
        )),
        "phrases" => Ok(RuleValue::Phrases(strs(path, at, value)?)),
        other => Err(DataError::new(
            path,
            at,
            format!("unknown data kind '{other}'"),
        )),
    }
}

/// Whether a lexicon turns letter-boundary checks on (`[script] word_boundaries`, default on).
pub fn word_boundaries(raw: &Table) -> bool {
    raw.get("script")
        .and_then(|s| s.get("word_boundaries"))
        .and_then(Value::as_bool)
        .unwrap_or(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decimal_text_is_checked() {
        assert!(is_decimal("1000000"));
        assert!(is_decimal("0.25"));
        assert!(!is_decimal("1e5"));
        assert!(!is_decimal("."));
        assert!(!is_decimal("1."));
    }

    #[test]
    fn a_bad_currency_code_names_the_file_and_key() {
        let err = currencies("[usd]\nnames = [\"x\"]\n").unwrap_err();
        assert_eq!(err.path, CURRENCIES_PATH);
        assert_eq!(err.key, "usd");
    }

    #[test]
    fn an_empty_name_is_refused() {
        let err = currencies("[USD]\nnames = [\"\"]\n").unwrap_err();
        assert_eq!(err.key, "USD.names");
    }

    #[test]
    fn a_list_naming_an_entry_twice_is_refused() {
        let raw = parse("x.toml", "[veto.a]\nnext = [\"The\", \"the\"]\n").unwrap();
        let err = rule_tables("x.toml", &raw).unwrap_err();
        assert_eq!(err.key, "veto.a.next");
    }

    #[test]
    fn kinds_type_the_values() {
        let raw = parse("x.toml", "w = [\"The\"]\nm = { A = \"b\" }\nf = true\n").unwrap();
        let words = typed("x", "w", "words", raw.get("w")).unwrap();
        assert_eq!(words, RuleValue::Words(["the".to_string()].into()));
        let map = typed("x", "m", "map", raw.get("m")).unwrap();
        assert_eq!(
            map,
            RuleValue::Map([("a".to_string(), "b".to_string())].into())
        );
        assert_eq!(
            typed("x", "f", "flag", raw.get("f")).unwrap(),
            RuleValue::Flag(true)
        );
        assert_eq!(
            typed("x", "f", "phrases", None).unwrap(),
            RuleValue::Phrases(vec![])
        );
        assert!(typed("x", "f", "words", raw.get("f")).is_err());
    }
}
