//! The PyO3 binding: `moneyx._core`. Python reads the data files (importlib.resources) and
//! passes their texts; everything else happens here. Scans release the GIL.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyFrozenSet, PyString, PyTuple};

use crate::data::{DataError, RuleValue, Surface, STAGES};
use crate::grammar::{self, CharFound, Method, Refusal};
use crate::scan::{char_offsets, char_offsets_upto, Scanner};
use crate::stages::candidate::{self, CandidateStage, Layout, Off, Reading, Spans, Visit};
use crate::stages::number_veto::VetoError;
use crate::stages::Doc;
use crate::{Files, Language};

/// A batch of anchors: (spans as `str` offsets, next byte position, next char offset, done).
type Batch = (Vec<(usize, usize)>, usize, usize, bool);

fn data_error(e: DataError) -> PyErr {
    // (path, key, message): moneyx.native turns it into moneyx.errors.DataError
    PyValueError::new_err((e.path, e.key, e.message))
}

/// A Python str as UTF-8. A str with lone surrogates is not valid UTF-8: each surrogate
/// (three bytes as "surrogatepass" writes it) becomes U+FFFD (three bytes too), so byte and
/// character offsets stay those of the text; U+FFFD, like a surrogate, is no letter and in no
/// surface.
fn utf8<'a>(text: &'a Bound<'_, PyString>) -> PyResult<Cow<'a, str>> {
    if let Ok(s) = text.to_str() {
        return Ok(Cow::Borrowed(s));
    }
    let raw = text.call_method1("encode", ("utf-8", "surrogatepass"))?;
    let mut bytes = raw.cast::<PyBytes>()?.as_bytes().to_vec();
    let mut i = 0;
    while i + 2 < bytes.len() {
        if bytes[i] == 0xED && (0xA0..=0xBF).contains(&bytes[i + 1]) {
            bytes[i..i + 3].copy_from_slice("\u{fffd}".as_bytes());
            i += 3;
        } else {
            i += 1;
        }
    }
    String::from_utf8(bytes)
        .map(Cow::Owned)
        .map_err(|e| PyValueError::new_err(format!("text is not UTF-8 encodable: {e}")))
}

/// The core of one language, loaded once from its data files; immutable, shared by threads.
#[pyclass(frozen, module = "moneyx._core")]
struct Core {
    inner: Language,
}

fn surface_tuple<'py>(py: Python<'py>, s: &Surface) -> PyResult<Bound<'py, PyTuple>> {
    let cands = PyTuple::new(py, &s.candidates)?;
    (
        s.text.as_str(),
        cands,
        s.kind,
        s.factor.mul.as_str(),
        s.factor.div.as_str(),
        s.key.as_str(),
        s.case_sensitive,
    )
        .into_pyobject(py)
}

#[pymethods]
impl Core {
    /// Load the core of `lang` from the texts of its data files.
    #[new]
    #[pyo3(signature = (lang, currencies, lexicon, numbers, cjk))]
    fn new(
        lang: &str,
        currencies: &str,
        lexicon: &str,
        numbers: Option<&str>,
        cjk: &str,
    ) -> PyResult<Self> {
        let files = Files {
            currencies,
            lexicon,
            numbers,
            cjk,
        };
        let inner = Language::load(lang, &files).map_err(data_error)?;
        Ok(Core { inner })
    }

    #[getter]
    fn lang(&self) -> &str {
        &self.inner.lang
    }

    #[getter]
    fn word_boundaries(&self) -> bool {
        self.inner.word_boundaries
    }

    /// The marker spans of `text` as `str` offsets (the GIL is released while scanning).
    fn anchors(&self, py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<Vec<(usize, usize)>> {
        let text = utf8(text)?;
        let text: &str = &text;
        let scanner = &self.inner.scanner;
        Ok(py.detach(|| scanner.anchors(text)))
    }

    /// At most `limit` marker spans (`str` offsets) from the byte position `pos`, which is
    /// `chars` characters into the text: `(spans, next_pos, next_chars, done)`. Positions
    /// are those a previous call returned (or 0, 0): `moneyx.scan` iterates with them so a
    /// text with millions of markers never holds them all at once. The GIL is released.
    fn anchors_batch(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyString>,
        pos: usize,
        chars: usize,
        limit: usize,
    ) -> PyResult<Batch> {
        let text = utf8(text)?;
        let text: &str = &text;
        if pos > text.len() || !text.is_char_boundary(pos) {
            return Err(PyValueError::new_err(format!(
                "not a position of this text: {pos}"
            )));
        }
        let scanner = &self.inner.scanner;
        Ok(py.detach(|| {
            let (spans, next) = scanner.anchors_from(text, pos, limit.max(1));
            let (spans, next_chars) = char_offsets_upto(text, spans, (pos, chars), next);
            (spans, next, next_chars, next >= text.len())
        }))
    }

    /// The scan's word list: every surface lower-cased, sorted.
    fn scan_surfaces(&self) -> Vec<String> {
        self.inner.surfaces.scan_list()
    }

    /// (case-sensitive, case-insensitive) surfaces: text -> (text, candidates, kind,
    /// factor numerator, factor denominator, key, case_sensitive).
    fn surfaces<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyDict>, Bound<'py, PyDict>)> {
        let cs = PyDict::new(py);
        for (k, s) in &self.inner.surfaces.cs {
            cs.set_item(k, surface_tuple(py, s)?)?;
        }
        let ci = PyDict::new(py);
        for (k, s) in &self.inner.surfaces.ci {
            ci.set_item(k, surface_tuple(py, s)?)?;
        }
        Ok((cs, ci))
    }

    /// The rule data typed by the registry's kinds (rule id -> key -> kind), as
    /// `moneyx.rules.rule_data` returns it: frozenset, tuple, dict or bool per key.
    fn rule_data<'py>(
        &self,
        py: Python<'py>,
        kinds: BTreeMap<String, BTreeMap<String, String>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let data = self.inner.rule_data(&kinds).map_err(data_error)?;
        let out = PyDict::new(py);
        for (id, keys) in data {
            let table = PyDict::new(py);
            for (key, value) in keys {
                let v: Bound<'py, PyAny> = match value {
                    RuleValue::Words(w) => PyFrozenSet::new(py, &w)?.into_any(),
                    RuleValue::Phrases(p) => PyTuple::new(py, &p)?.into_any(),
                    RuleValue::Map(m) => m.into_pyobject(py)?.into_any(),
                    RuleValue::Flag(f) => f.into_pyobject(py)?.to_owned().into_any(),
                };
                table.set_item(key, v)?;
            }
            out.set_item(id, table)?;
        }
        Ok(out)
    }

    /// Read a number phrase: its exact value as a decimal text, or ValueError saying why not.
    fn parse_number(&self, text: &str) -> PyResult<String> {
        self.inner
            .numbers
            .parse(text)
            .map(|d| d.to_string())
            .map_err(|e| PyValueError::new_err(e.0))
    }
}

/// A pattern source as Python passes it: (pattern, flags, named lists).
type PySource = (String, u32, HashMap<String, Vec<String>>);

/// A match as Python gets it: (start, end, group spans or None), `str` offsets.
type PyFound = (usize, usize, Vec<Option<(usize, usize)>>);

fn py_found(f: CharFound) -> PyFound {
    ((f.0).0, (f.0).1, f.1)
}

fn refusal(e: Refusal) -> PyErr {
    PyValueError::new_err(e.0)
}

/// Patterns written for Python's `regex` module, compiled by the core (`moneyx.native`'s
/// tests and benchmarks use it; the engine does not yet). Matching releases the GIL.
#[pyclass(frozen, module = "moneyx._core")]
struct Patterns {
    inner: grammar::Patterns,
}

impl Patterns {
    #[allow(clippy::too_many_arguments)]
    fn run(
        &self,
        py: Python<'_>,
        name: &str,
        method: Method,
        text: &Bound<'_, PyString>,
        pos: isize,
        endpos: Option<isize>,
        reference: bool,
    ) -> PyResult<Option<PyFound>> {
        let text = utf8(text)?;
        let text: &str = &text;
        let inner = &self.inner;
        py.detach(|| inner.call_with(name, method, text, pos, endpos, reference))
            .map(|f| f.map(py_found))
            .map_err(refusal)
    }
}

#[pymethods]
impl Patterns {
    /// Compile `sources`: name -> (pattern, flags, named lists) as `regex.compile` takes them
    /// (`flags` the compiled pattern's `.flags`). A source that cannot be translated
    /// faithfully is not compiled; `refused` says why.
    #[new]
    fn new(py: Python<'_>, sources: BTreeMap<String, PySource>) -> Self {
        let sources = sources
            .into_iter()
            .map(|(name, (pattern, flags, lists))| {
                (
                    name,
                    grammar::Source {
                        pattern,
                        flags,
                        lists,
                    },
                )
            })
            .collect();
        Patterns {
            inner: py.detach(|| grammar::Patterns::new(sources)),
        }
    }

    /// The patterns not compiled: name -> why.
    #[getter]
    fn refused(&self) -> BTreeMap<String, String> {
        self.inner.refused.clone()
    }

    /// The names of the compiled patterns.
    fn names(&self) -> Vec<String> {
        self.inner.compiled.keys().cloned().collect()
    }

    /// The number of groups of `name` (as `regex.Pattern.groups`).
    fn groups(&self, name: &str) -> PyResult<usize> {
        self.inner.get(name).map(|p| p.groups()).map_err(refusal)
    }

    /// Group names -> numbers of `name` (as `regex.Pattern.groupindex`).
    fn groupindex(&self, name: &str) -> PyResult<BTreeMap<String, usize>> {
        self.inner
            .get(name)
            .map(|p| p.names.clone())
            .map_err(refusal)
    }

    /// Whether an explicit matcher (the core's `backscan`) runs `name` instead of fancy-regex
    /// (the calls take `reference=True` to run fancy-regex's translation anyway).
    fn explicit(&self, name: &str) -> PyResult<bool> {
        self.inner.get(name).map(|p| p.explicit()).map_err(refusal)
    }

    /// The fancy-regex source `name` was compiled to.
    fn translated(&self, name: &str) -> PyResult<String> {
        self.inner
            .get(name)
            .map(|p| p.translated.clone())
            .map_err(refusal)
    }

    /// `regex.Pattern.search`: (start, end, group spans) or None.
    #[pyo3(signature = (name, text, pos=0, endpos=None, reference=false))]
    fn search(
        &self,
        py: Python<'_>,
        name: &str,
        text: &Bound<'_, PyString>,
        pos: isize,
        endpos: Option<isize>,
        reference: bool,
    ) -> PyResult<Option<PyFound>> {
        self.run(py, name, Method::Search, text, pos, endpos, reference)
    }

    /// `regex.Pattern.match`: (start, end, group spans) or None.
    #[pyo3(name = "match", signature = (name, text, pos=0, endpos=None, reference=false))]
    fn match_(
        &self,
        py: Python<'_>,
        name: &str,
        text: &Bound<'_, PyString>,
        pos: isize,
        endpos: Option<isize>,
        reference: bool,
    ) -> PyResult<Option<PyFound>> {
        self.run(py, name, Method::Match, text, pos, endpos, reference)
    }

    /// `regex.Pattern.fullmatch`: (start, end, group spans) or None.
    #[pyo3(signature = (name, text, pos=0, endpos=None, reference=false))]
    fn fullmatch(
        &self,
        py: Python<'_>,
        name: &str,
        text: &Bound<'_, PyString>,
        pos: isize,
        endpos: Option<isize>,
        reference: bool,
    ) -> PyResult<Option<PyFound>> {
        self.run(py, name, Method::FullMatch, text, pos, endpos, reference)
    }

    /// Time `calls` — (name, method, text index, pos, endpos) with method "search", "match",
    /// "fullmatch" or "finditer" — on `texts` inside the core (each text prepared once, the
    /// GIL released): (seconds, matches found). For the benchmark.
    fn time_calls(
        &self,
        py: Python<'_>,
        texts: Vec<String>,
        calls: Vec<(String, String, usize, isize, Option<isize>)>,
    ) -> PyResult<(f64, usize)> {
        let mut typed = Vec::with_capacity(calls.len());
        for (name, method, k, pos, endpos) in calls {
            let m = match method.as_str() {
                "search" => Some(Method::Search),
                "match" => Some(Method::Match),
                "fullmatch" => Some(Method::FullMatch),
                "finditer" => None,
                other => return Err(PyValueError::new_err(format!("unknown method {other:?}"))),
            };
            typed.push((name, m, k, pos, endpos));
        }
        let inner = &self.inner;
        py.detach(|| inner.time_calls(&texts, &typed))
            .map_err(refusal)
    }

    /// Every match of `regex.Pattern.finditer` (findall, split and sub read the same).
    #[pyo3(signature = (name, text, pos=0, endpos=None, reference=false))]
    fn finditer(
        &self,
        py: Python<'_>,
        name: &str,
        text: &Bound<'_, PyString>,
        pos: isize,
        endpos: Option<isize>,
        reference: bool,
    ) -> PyResult<Vec<PyFound>> {
        let text = utf8(text)?;
        let text: &str = &text;
        let inner = &self.inner;
        py.detach(|| inner.finditer_with(name, text, pos, endpos, reference))
            .map(|v| v.into_iter().map(py_found).collect())
            .map_err(refusal)
    }
}

/// The candidate stage of one language (issue 18 phase 2 step 2): what `candidates.read`
/// decides at each anchor before `_draft`. Built from a `Core` and the Python builders'
/// sources of the patterns it reads (they move to a Rust pattern compiler later); the
/// differential test `tests/test_native_candidates.py` holds it equal to the Python stage.
#[pyclass(frozen, module = "moneyx._core")]
struct Candidates {
    core: Py<Core>,
    stage: CandidateStage,
}

fn spans_py(spans: &Option<Spans>) -> Option<Vec<(&'static str, i64, i64)>> {
    spans
        .as_ref()
        .map(|s| s.0.iter().map(|(n, (a, b))| (*n, *a, *b)).collect())
}

fn visit_dict<'py>(py: Python<'py>, v: &Visit) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("anchor", (v.start, v.end))?;
    d.set_item("written", &v.written)?;
    d.set_item("surface", &v.surface)?;
    d.set_item("prefix", spans_py(&v.prefix))?;
    d.set_item("suffix", spans_py(&v.suffix))?;
    d.set_item("qualifier_called", v.qualifier.is_some())?;
    d.set_item("qualifier", v.qualifier.clone().flatten())?;
    d.set_item("suffix_kept", v.suffix_kept)?;
    d.set_item("prefix_first", v.prefix_first)?;
    d.set_item("error", &v.error)?;
    Ok(d)
}

#[pymethods]
impl Candidates {
    /// The stage of `core`'s language. `sources`: name -> (pattern, flags, named lists) for
    /// `after_prefix`, `before_suffix`, `lneg_before`, `suffix_scale`, `next_word` and, where
    /// the language has one-letter house-style prefixes, `letter_prefixes`; `back` and
    /// `long_back` the reading window (`moneyx.matcher.BACK`, `candidates.LONG_BACK`).
    ///
    /// `kinds` (the rule registry's kinds, rule id -> key -> kind): the vetoes moved to the
    /// core (`moved_vetoes()`) read their data with them, and each reading's layout carries
    /// their answers; without it the layouts carry none.
    #[new]
    #[pyo3(signature = (core, sources, back, long_back, kinds=None))]
    fn new(
        py: Python<'_>,
        core: Py<Core>,
        sources: BTreeMap<String, PySource>,
        back: usize,
        long_back: usize,
        kinds: Option<BTreeMap<String, BTreeMap<String, String>>>,
    ) -> PyResult<Self> {
        for name in candidate::PATTERNS {
            if !sources.contains_key(name) {
                return Err(PyValueError::new_err(format!("no source for {name:?}")));
            }
        }
        let sources = sources
            .into_iter()
            .map(|(name, (pattern, flags, lists))| {
                let s = grammar::Source {
                    pattern,
                    flags,
                    lists,
                };
                (name, s)
            })
            .collect();
        let patterns = py.detach(|| grammar::Patterns::new(sources));
        if let Some((name, why)) = patterns.refused.iter().next() {
            return Err(PyValueError::new_err(format!("{name}: {why}")));
        }
        let lang = &core.get().inner;
        let mut stage = CandidateStage::new(lang, &patterns, back, long_back).map_err(refusal)?;
        if let Some(kinds) = kinds {
            stage = stage
                .with_vetoes(lang, &kinds, &patterns)
                .map_err(|e| match e {
                    VetoError::Data(e) => data_error(e),
                    VetoError::Pattern(e) => refusal(e),
                })?;
        }
        Ok(Candidates { core, stage })
    }

    /// Every anchor `read` visits in `text`, in order, as a dict: `anchor` (start, end as
    /// read), `written`, `surface` (its text, None for a surface only in another case),
    /// `prefix` and `suffix` (the readings' named spans in `_Cand._spans`' order, or None),
    /// `qualifier_called`, `qualifier` (the bracket qualifier's surface), `suffix_kept`
    /// (after `_qualified`), `prefix_first` (None when not asked), `error` (a pattern that
    /// refused, e.g. its backtracking limit). `accepted`: the anchors (start, end as read)
    /// whose candidate became a draft, with the draft's end, in text order (the vetoes decide
    /// them; the next step moves them here). `off`: the disabled rule ids. The GIL is released.
    #[pyo3(signature = (text, accepted, off=Vec::new()))]
    fn visit<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'_, PyString>,
        accepted: Vec<(usize, usize, usize)>,
        off: Vec<String>,
    ) -> PyResult<Vec<Bound<'py, PyDict>>> {
        let text = utf8(text)?;
        let text: &str = &text;
        let off = Off::from_ids(off.iter().map(String::as_str));
        let (lang, stage) = (&self.core.get().inner, &self.stage);
        let visits = py
            .detach(|| stage.visit(lang, text, &accepted, off))
            .map_err(refusal)?;
        visits.iter().map(|v| visit_dict(py, v)).collect()
    }

    /// `visit` without building the results in Python: the number of anchors visited (the
    /// benchmark of the stage itself). The GIL is released.
    #[pyo3(signature = (text, accepted, off=Vec::new()))]
    fn visit_count(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyString>,
        accepted: Vec<(usize, usize, usize)>,
        off: Vec<String>,
    ) -> PyResult<usize> {
        let text = utf8(text)?;
        let text: &str = &text;
        let off = Off::from_ids(off.iter().map(String::as_str));
        let (lang, stage) = (&self.core.get().inner, &self.stage);
        py.detach(|| stage.visit(lang, text, &accepted, off))
            .map(|v| v.len())
            .map_err(refusal)
    }

    /// Prepare `text` for the engine's walk (`candidates.read`), once, with the GIL
    /// released: the returned `CandidateDoc` hands the readings over in batches
    /// (`readings(limit)`) and re-reads an anchor whose predicted `last` failed (`reread`).
    /// `off`: the disabled rule ids.
    #[pyo3(signature = (text, off=Vec::new()))]
    fn begin(
        slf: &Bound<'_, Self>,
        py: Python<'_>,
        text: &Bound<'_, PyString>,
        off: Vec<String>,
    ) -> PyResult<CandidateDoc> {
        let text = utf8(text)?;
        let text: &str = &text;
        let off = Off::from_ids(off.iter().map(String::as_str));
        let me = slf.get();
        let stage = &me.stage;
        let (doc, walk) = py
            .detach(|| {
                let doc = Doc::new(text);
                stage.walk(text, &doc).map(|w| (doc, w))
            })
            .map_err(refusal)?;
        Ok(CandidateDoc {
            stage: slf.clone().unbind(),
            doc,
            off,
            walk: std::sync::Mutex::new(walk),
            quiet: std::sync::Mutex::new(Vec::new()),
        })
    }

    /// The core's data the stage reads, for the equality test: `no_prefix`,
    /// `grouped_prefixes`, `multipliers`, `coins`, `articles`, `article_one` (sorted),
    /// `modifiers` (the bounds and hedges, longest first) and `exact_digits`.
    fn data<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let lang = &self.core.get().inner;
        let sorted = |v: &[String]| {
            let mut v = v.to_vec();
            v.sort();
            v
        };
        let d = PyDict::new(py);
        d.set_item("no_prefix", sorted(&lang.no_prefix))?;
        d.set_item("grouped_prefixes", sorted(&lang.grouped_prefixes))?;
        let multipliers: Vec<String> = self.stage.multipliers().into_keys().collect();
        d.set_item("multipliers", multipliers)?;
        d.set_item("coins", sorted(&lang.coins))?;
        d.set_item("articles", sorted(&lang.articles))?;
        d.set_item("article_one", sorted(&lang.article_one))?;
        d.set_item("modifiers", &lang.modifiers)?;
        d.set_item("exact_digits", crate::stages::number_veto::EXACT_DIGITS)?;
        Ok(d)
    }
}

/// One document prepared by `Candidates.begin` for the engine's walk over its anchors.
#[pyclass(frozen, module = "moneyx._core")]
struct CandidateDoc {
    stage: Py<Candidates>,
    doc: Doc,
    off: Off,
    /// the walk over the anchors (`CandidateStage::next_readings`)
    walk: std::sync::Mutex<candidate::Walk>,
    /// the quiet readings of the last batch handed over (`Reading::is_quiet`), which
    /// crossed as run records; `quiet(first, count)` hands them over one by one
    quiet: std::sync::Mutex<Vec<Reading>>,
}

/// One reading as the engine takes it: `(a0, a, b, surface, prefix, suffix, qualifier,
/// prefix_first, assumed, window, error)`: the scan's start, the anchor as read, the surface's text
/// (None: a surface only in another case), the prefix reading's and the kept suffix reading's
/// spans as a dict name -> (start, end) in `_Cand._spans`' order (None: no reading, or the
/// suffix dropped by the bracket qualifier), the bracket qualifier's surface text,
/// `prefix-first`'s answer (None when not asked), the offsets `last` may take for the reading
/// to hold (`assumed..=window`; an anchor not read holds for none), and a pattern's refusal.
type PyReading<'py> = (
    usize,
    i64,
    usize,
    Option<String>,
    Option<Bound<'py, PyDict>>,
    Option<Bound<'py, PyDict>>,
    Option<String>,
    Option<bool>,
    usize,
    usize,
    Option<String>,
    Option<(Option<PyLayout>, Option<PyLayout>)>,
);

/// A reading's layout (`candidate::Layout`): `(start, end, num_start, num_end, gap_start,
/// gap_end, neg, number, vetoes)`.
type PyLayout = (
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    bool,
    Option<String>,
    Option<Vec<Option<String>>>,
);

/// The layouts of a reading's prefix reading and kept suffix reading (`candidate::Layout`),
/// computed where the GIL is released.
type Layouts = (Option<Layout>, Option<Layout>);

fn layouts(stage: &CandidateStage, lang: &Language, doc: &Doc, r: &Reading) -> Layouts {
    let v = &r.visit;
    let lay = |spans: Option<&Spans>, prefix| {
        spans.map(|s| stage.layout_with_vetoes(lang, doc, v, s, prefix))
    };
    (
        lay(v.prefix.as_ref(), true),
        lay(v.suffix.as_ref().filter(|_| v.suffix_kept), false),
    )
}

fn layout_py(l: Option<Layout>) -> Option<PyLayout> {
    l.map(|l| {
        (
            l.start, l.end, l.num.0, l.num.1, l.gap.0, l.gap.1, l.neg, l.number, l.vetoes,
        )
    })
}

fn spans_dict<'py>(py: Python<'py>, spans: &Option<Spans>) -> PyResult<Option<Bound<'py, PyDict>>> {
    let Some(spans) = spans else {
        return Ok(None);
    };
    let d = PyDict::new(py);
    for (name, span) in &spans.0 {
        d.set_item(*name, *span)?;
    }
    Ok(Some(d))
}

/// A run of `count` quiet readings, the first at `first` in `CandidateDoc::quiet`.
fn run_record<'py>(first: usize, count: usize, assumed: usize, window: usize) -> PyReading<'py> {
    (
        first, -1, count, None, None, None, None, None, assumed, window, None, None,
    )
}

/// A reading as the engine takes it, with its two layouts (`_reading`'s, the number read).
fn reading_py<'py>(py: Python<'py>, r: Reading, lay: Layouts) -> PyResult<PyReading<'py>> {
    let v = r.visit;
    let suffix = if v.suffix_kept { &v.suffix } else { &None };
    let (pre_layout, suf_layout) = (layout_py(lay.0), layout_py(lay.1));
    Ok((
        r.a0,
        v.start as i64,
        v.end,
        v.surface,
        spans_dict(py, &v.prefix)?,
        spans_dict(py, suffix)?,
        v.qualifier.flatten(),
        v.prefix_first,
        r.assumed,
        r.window,
        v.error,
        // no reading, no layout (and no tuple built for one)
        (pre_layout.is_some() || suf_layout.is_some()).then_some((pre_layout, suf_layout)),
    ))
}

#[pymethods]
impl CandidateDoc {
    /// The next readings of the walk (at most `limit`; an empty list at the end), each read
    /// with the `last` the core predicts (`CandidateStage::next_readings`). The GIL is
    /// released while they are read.
    ///
    /// A run of quiet readings (`Reading::is_quiet`: a known surface that read no number and
    /// that `read` would not keep as a bare marker) crosses as one record `(first, -1, count,
    /// None, None, None, None, None, assumed, window, None)`: they all hold while `assumed <=
    /// last <= window` (the largest `assumed` and the smallest window of the run), and
    /// `quiet(first, count)` hands them over one by one when that fails.
    fn readings<'py>(&self, py: Python<'py>, limit: usize) -> PyResult<Vec<PyReading<'py>>> {
        let me = self.stage.get();
        let (lang, stage, doc, off) = (&me.core.get().inner, &me.stage, &self.doc, self.off);
        let got = py.detach(|| {
            let mut walk = self
                .walk
                .lock()
                .map_err(|_| "a reader panicked".to_string())?;
            let got = stage.next_readings(lang, doc, &mut walk, limit.max(1), off);
            Ok::<_, String>(
                got.into_iter()
                    .map(|r| {
                        let lay = if r.is_quiet() {
                            (None, None)
                        } else {
                            layouts(stage, lang, doc, &r)
                        };
                        (r, lay)
                    })
                    .collect::<Vec<_>>(),
            )
        });
        let got = got.map_err(PyValueError::new_err)?;
        let mut quiet = self
            .quiet
            .lock()
            .map_err(|_| PyValueError::new_err("a reader panicked"))?;
        quiet.clear();
        let mut out = Vec::new();
        // the run being collected: (first index in `quiet`, largest assumed, smallest window)
        let mut run: Option<(usize, usize, usize)> = None;
        let flush = |run: &mut Option<(usize, usize, usize)>, n: usize| {
            run.take()
                .map(|(first, assumed, window)| run_record(first, n - first, assumed, window))
        };
        for (r, lay) in got {
            if r.is_quiet() {
                run = Some(match run {
                    Some((first, assumed, window)) => {
                        (first, assumed.max(r.assumed), window.min(r.window))
                    }
                    None => (quiet.len(), r.assumed, r.window),
                });
                quiet.push(r);
                continue;
            }
            if let Some(rec) = flush(&mut run, quiet.len()) {
                out.push(rec);
            }
            out.push(reading_py(py, r, lay)?);
        }
        if let Some(rec) = flush(&mut run, quiet.len()) {
            out.push(rec);
        }
        Ok(out)
    }

    /// The quiet readings `first..first + count` of the last batch (a run record of
    /// `readings`), as ordinary readings.
    fn quiet<'py>(
        &self,
        py: Python<'py>,
        first: usize,
        count: usize,
    ) -> PyResult<Vec<PyReading<'py>>> {
        let me = self.stage.get();
        let (lang, stage, doc) = (&me.core.get().inner, &me.stage, &self.doc);
        let quiet = self
            .quiet
            .lock()
            .map_err(|_| PyValueError::new_err("a reader panicked"))?;
        let Some(run) = quiet.get(first..first.saturating_add(count)) else {
            return Err(PyValueError::new_err(format!(
                "no quiet readings {first}..{} in this batch",
                first.saturating_add(count)
            )));
        };
        run.iter()
            .map(|r| reading_py(py, r.clone(), layouts(stage, lang, doc, r)))
            .collect()
    }

    /// The reading of the scan's anchor `a0..b` with the previous accepted draft ending at
    /// `last` (the document is not prepared again; the GIL is released).
    fn reread<'py>(
        &self,
        py: Python<'py>,
        a0: usize,
        b: usize,
        last: usize,
    ) -> PyResult<PyReading<'py>> {
        let me = self.stage.get();
        let (lang, stage, doc, off) = (&me.core.get().inner, &me.stage, &self.doc, self.off);
        let (r, lay) = py.detach(|| {
            let r = stage.read_one(lang, doc, a0, b, last, off);
            let lay = layouts(stage, lang, doc, &r);
            (r, lay)
        });
        reading_py(py, r, lay)
    }
}

/// A draft of the arena as a dict of `Draft`'s fields (values as decimal text): the
/// conversion the engine will read drafts through. For the tests.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn candidate_draft<'py>(
    py: Python<'py>,
    start: u32,
    end: u32,
    surface: &str,
    written: &str,
    form: &str,
    kind: &str,
    num: (u32, u32),
    trace: Vec<String>,
) -> PyResult<Bound<'py, PyDict>> {
    use crate::stages::draft::{Draft, Form};
    let form = match form {
        "prefix" => Form::Prefix,
        "suffix" => Form::Suffix,
        "elliptical" => Form::Elliptical,
        other => return Err(PyValueError::new_err(format!("unknown form {other:?}"))),
    };
    let d = Draft::candidate(start, end, surface, written, form, kind, num, trace);
    draft_dict(py, &d)
}

fn draft_dict<'py>(
    py: Python<'py>,
    d: &crate::stages::draft::Draft,
) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    out.set_item("start", d.start)?;
    out.set_item("end", d.end)?;
    out.set_item("value", d.value.to_string())?;
    out.set_item("surface", &d.surface)?;
    out.set_item("written", &d.written)?;
    out.set_item("form", d.form.as_str())?;
    out.set_item("rule", &d.rule)?;
    out.set_item("scaled", d.scaled)?;
    out.set_item("num_start", d.num_start)?;
    out.set_item("num_end", d.num_end)?;
    out.set_item("high", d.high.map(|h| h.to_string()))?;
    out.set_item("approx", d.approx)?;
    out.set_item("hedge", &d.hedge)?;
    out.set_item("bound", d.bound.map(|b| b.as_str()))?;
    out.set_item("per", &d.per)?;
    out.set_item("role", &d.role)?;
    out.set_item("gloss_of", d.gloss_of)?;
    out.set_item("phrase_code", &d.phrase_code)?;
    out.set_item("phrase", &d.phrase)?;
    out.set_item("tail", d.tail)?;
    out.set_item("after_mod", d.after_mod)?;
    out.set_item("fused", &d.fused)?;
    out.set_item("trace", PyTuple::new(py, &d.trace)?)?;
    out.set_item("frame", d.frame)?;
    Ok(out)
}

/// The vetoes the core answers (`stages::veto::MOVED`, then `stages::number_veto::MOVED`), in
/// the order a layout hands their answers over.
#[pyfunction]
fn moved_vetoes() -> Vec<&'static str> {
    crate::stages::veto::moved()
}

/// A scan of whole words (`Scanner::words`): what `(?<![^\W_])(?:w1|w2|...)(?![^\W_])`
/// finds in Python's `regex`, longest word first, in one Aho-Corasick pass.
#[pyclass(frozen, module = "moneyx._core")]
struct WordScan {
    scanner: Scanner,
}

#[pymethods]
impl WordScan {
    /// Compile the scan of `words` (lower-case, none empty).
    #[new]
    fn new(words: Vec<String>) -> PyResult<Self> {
        if words.is_empty() || words.iter().any(String::is_empty) {
            return Err(PyValueError::new_err("a word scan needs words, none empty"));
        }
        Ok(WordScan {
            scanner: Scanner::words(&words),
        })
    }

    /// The words' spans in `text` (lower-cased by the caller) from the `str` offset `pos` on,
    /// as `str` offsets, in order, never overlapping (the GIL is released while scanning).
    fn find(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyString>,
        pos: usize,
    ) -> PyResult<Vec<(usize, usize)>> {
        let text = utf8(text)?;
        let text: &str = &text;
        let scanner = &self.scanner;
        Ok(py.detach(|| {
            let byte = if text.is_ascii() {
                pos.min(text.len())
            } else {
                text.char_indices().nth(pos).map_or(text.len(), |(b, _)| b)
            };
            let (spans, _) = scanner.anchors_from(text, byte, usize::MAX);
            char_offsets(text, spans, (byte, pos)).0
        }))
    }
}

/// The rule registry's stages as the core knows them (checked against `moneyx.rules.STAGES`).
#[pyfunction]
fn stages() -> Vec<&'static str> {
    STAGES.to_vec()
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Core>()?;
    m.add_class::<Patterns>()?;
    m.add_class::<Candidates>()?;
    m.add_class::<CandidateDoc>()?;
    m.add_class::<WordScan>()?;
    m.add_function(wrap_pyfunction!(candidate_draft, m)?)?;
    m.add_function(wrap_pyfunction!(stages, m)?)?;
    m.add_function(wrap_pyfunction!(moved_vetoes, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
