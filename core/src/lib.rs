//! moneyx's compiled extraction core (`moneyx._core`).
//!
//! Phase 1 (this crate today): the core's view of the data files (`data`), the marker scan
//! (`scan`) and number reading (`numbers`). Phase 2 moves the rule stages here; see
//! `docs/native-core.md`. The Python binding is behind the `python` feature (maturin turns it
//! on), so `cargo test` runs the pure-Rust parts without an interpreter.

pub mod backscan;
pub mod data;
pub mod grammar;
pub mod numbers;
pub mod scan;
pub mod stages;

use std::collections::BTreeMap;

use toml::Table;

use data::{DataError, Result, Surfaces};
use numbers::NumberReader;
use scan::Scanner;

/// The data files of one language the core reads, by their path under `moneyx/data/`.
pub struct Files<'a> {
    pub currencies: &'a str,
    pub lexicon: &'a str,
    /// `numbers/<lang>.toml`, absent for languages whose numerals are characters
    pub numbers: Option<&'a str>,
    pub cjk: &'a str,
}

/// Everything the core knows about one language, built once from its data files.
pub struct Language {
    pub lang: String,
    pub surfaces: Surfaces,
    pub word_boundaries: bool,
    pub rule_tables: BTreeMap<String, Table>,
    pub scanner: Scanner,
    pub numbers: NumberReader,
    /// `[per_extra] no_prefix`: names that are common words, read after a number only
    /// (`Lexicon.no_prefix`, as written)
    pub no_prefix: Vec<String>,
    /// `[attached_only] grouped`: house-style prefixes written against the number
    /// (`Lexicon.grouped_prefixes`)
    pub grouped_prefixes: Vec<String>,
    /// `[script] spaced`: words are written with spaces between them (`Lexicon.spaced`)
    pub spaced: bool,
    /// `[coins] surfaces`: coin and slang names (`Lexicon.coins`)
    pub coins: Vec<String>,
    /// `[article_one] articles` and `surfaces` (`Lexicon.articles`, `Lexicon.article_one`)
    pub articles: Vec<String>,
    pub article_one: Vec<String>,
    /// the bounds (`[bounds] gt`, `ge`, `lt`, `le`) and hedges (`[hedges] words`) before an
    /// amount, lower-cased with their spaces collapsed, longest first (`draft._modifiers`)
    pub modifiers: Vec<String>,
    lexicon_path: String,
}

impl Language {
    /// Parse and check the files of `lang`; errors name the file and key.
    pub fn load(lang: &str, files: &Files<'_>) -> Result<Language> {
        let path = format!("moneyx/data/lexicon/{lang}.toml");
        let currencies = data::currencies(files.currencies)?;
        let raw = data::parse(&path, files.lexicon)?;
        let surfaces = data::surfaces(&path, &raw, &currencies)?;
        let word_boundaries = data::word_boundaries(&raw);
        let rule_tables = data::rule_tables(&path, &raw)?;
        let scanner = Scanner::new(&surfaces.scan_list(), word_boundaries);
        let numbers = NumberReader::load(lang, files.numbers, files.cjk)?;
        let section = |name: &str| raw.get(name).and_then(|v| v.as_table());
        let no_prefix = data::strs(
            &path,
            "per_extra.no_prefix",
            section("per_extra").and_then(|t| t.get("no_prefix")),
        )?;
        let grouped_prefixes = data::strs(
            &path,
            "attached_only.grouped",
            section("attached_only").and_then(|t| t.get("grouped")),
        )?;
        let spaced = section("script")
            .and_then(|t| t.get("spaced"))
            .and_then(|v| v.as_bool())
            .unwrap_or(true);
        let list = |table: &str, key: &str| {
            let value = section(table).and_then(|t| t.get(key));
            data::strs(&path, &format!("{table}.{key}"), value)
        };
        let mut modifiers = Vec::new();
        for key in ["gt", "ge", "lt", "le"] {
            modifiers.extend(list("bounds", key)?);
        }
        modifiers.extend(list("hedges", "words")?);
        let mut modifiers: Vec<String> = modifiers
            .iter()
            .map(|p| {
                stages::py_split(&p.to_lowercase())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        modifiers.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
        Ok(Language {
            lang: lang.to_string(),
            surfaces,
            word_boundaries,
            rule_tables,
            scanner,
            numbers,
            no_prefix,
            grouped_prefixes,
            spaced,
            coins: list("coins", "surfaces")?,
            articles: list("article_one", "articles")?,
            article_one: list("article_one", "surfaces")?,
            modifiers,
            lexicon_path: path,
        })
    }

    /// The rule data typed by the registry's declared kinds (rule id -> key -> kind), with the
    /// checks of `moneyx.rules.rule_data`: a table no rule reads, or a key its rule does not
    /// read, is an error; a key the language leaves out reads as empty.
    pub fn rule_data(
        &self,
        kinds: &BTreeMap<String, BTreeMap<String, String>>,
    ) -> Result<BTreeMap<String, BTreeMap<String, data::RuleValue>>> {
        let path = &self.lexicon_path;
        for (id, table) in &self.rule_tables {
            let Some(reads) = kinds.get(id) else {
                return Err(DataError::new(
                    path,
                    id,
                    "no rule of that id reads this table",
                ));
            };
            let unread: Vec<&String> = table.keys().filter(|k| !reads.contains_key(*k)).collect();
            if !unread.is_empty() {
                return Err(DataError::new(
                    path,
                    id,
                    format!("keys no rule reads: {unread:?}"),
                ));
            }
        }
        let mut out = BTreeMap::new();
        for (id, reads) in kinds {
            let table = self.rule_tables.get(id);
            let mut typed = BTreeMap::new();
            for (key, kind) in reads {
                let value = table.and_then(|t| t.get(key));
                typed.insert(
                    key.clone(),
                    data::typed(path, &format!("{id}.{key}"), kind, value)?,
                );
            }
            out.insert(id.clone(), typed);
        }
        Ok(out)
    }
}

#[cfg(feature = "python")]
mod python;
