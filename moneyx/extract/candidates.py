"""Candidates: read the number beside every currency marker, and put it through the vetoes.

The marker scan (``moneyx.scan``) finds currency markers; for each, the candidate rules read a
number after it (a prefix marker: "$5", "KPW 7,300") or before it (a suffix marker: "5,000 won",
"five million won"). A candidate that passes every veto becomes a Draft.
"""

from __future__ import annotations

import functools
import heapq
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

import regex

from moneyx.errors import NumberParseError
from moneyx.extract.draft import Draft, MatchLike, next_word, report_veto
from moneyx.extract.vetoes import Reading, VetoFn, has_scale, runs
from moneyx.lexicon import Surface, lexicon
from moneyx.matcher import BACK, Grammar, grammar
from moneyx.native import candidate_stage, moved_vetoes
from moneyx.numbers import cjk_numerals, parse_number
from moneyx.patcache import cached_compile
from moneyx.rules import RuleData, registry
from moneyx.scan import scanner

if TYPE_CHECKING:
    from moneyx._core import CandidateDoc, CandidateLayout, CandidateReading

__all__ = ["read"]

CANDIDATE = registry("candidate")

_CENTS_TOKEN = cached_compile(r"\d{1,2}")
_PLAIN_DIGITS = cached_compile(r"[\d,.]+")
_TOKEN_START = cached_compile(r"(?<=[\s-])\S")
_FIRST_TOKEN = cached_compile(r"(?<!\S)\S++\s+")
_TOKEN_SEP = cached_compile(r"[\s-]+")
_CJK_DIGITS = frozenset(cjk_numerals().digits)
_CJK_ALL = frozenset(cjk_numerals().chars)
_CJK_VAGUE = cjk_numerals().vague
# how much further back than BACK a figure cut by the window may be followed (characters)
LONG_BACK = 1024
# bare markers kept per document for the elided-figure rules (a real story names a few dozen)
MAX_BARE_MARKERS = 10_000
_GROUPING = ",. \u00a0"  # digit-group separators a long figure may carry


def _is_syllable(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


def _is_glued_numeral(ch: str) -> bool:
    return ch in _CJK_ALL and _is_syllable(ch)


class _Cand:
    """Named spans of one candidate, read like a regex match."""

    __slots__ = ("_spans", "_text", "surface")

    def __init__(self, text: str, spans: dict[str, tuple[int, int]]) -> None:
        self._text = text
        self._spans = spans
        # the surface a rule read for the marker, when it is not the marker's own
        self.surface: Surface | None = None

    def group(self, name: str | int = 0) -> str | None:
        span = self._spans.get(name) if isinstance(name, str) else None
        if span is not None:
            return self._text[span[0] : span[1]]
        if name == 0:
            return self._text[self.start() : self.end()]
        return None

    def start(self, name: str | int = 0) -> int:
        if name == 0:
            return min(s for s, _ in self._spans.values())
        return self._spans[name][0]  # type: ignore[index]

    def end(self, name: str | int = 0) -> int:
        if name == 0:
            return max(e for _, e in self._spans.values())
        return self._spans[name][1]  # type: ignore[index]


@CANDIDATE.rule("prefix")
def prefix_reading(text: str, g: Grammar, a: int, b: int, surface: Surface) -> _Cand | None:
    """Read the number after a prefix marker: a sign, a code or a house-style prefix.

    A name after the number that means the same currency joins the span ("$ 10 dollars").

    Example:
        "$5", "US$17.18", "KPW 7,300", "USD3.14", "Won1tn".

    """
    lex = g.lex
    written = text[a:b]
    if surface.kind == "minor" or (
        (surface.key.lower() in lex.no_prefix or written.lower() in lex.no_prefix)
        and written not in lex.grouped_prefixes
    ):
        return None
    pm = g.after_prefix.match(text, b)
    if pm is None:
        return None
    spans = {"pre": (a, b), "pnum": pm.span("pnum")}
    if pm.group("pneg"):
        spans["pneg"] = pm.span("pneg")
    if pm.group("post"):
        post = lex.surface(pm.group("post"))
        if (
            post is not None
            and post.kind != "minor"
            and set(post.candidates) & set(surface.candidates)
        ):
            spans["pnum"] = (spans["pnum"][0], pm.end("pnum"))
            spans["post"] = pm.span("post")
    ln = g.lneg_before.search(text, max(0, a - 1), a)
    if ln is not None:
        spans["lneg"] = ln.span()
    return _Cand(text, spans)


def _back_start(text: str, a: int, last: int) -> int:
    """Return where the number before a suffix marker may start.

    ``BACK`` characters back, or further while that cuts a long figure (up to ``LONG_BACK``
    more), so a long figure is read whole (and vetoed by ``veto.digit-overflow`` past the exact
    digits) instead of cut.
    """
    start = max(last, a - BACK)
    pair = text[start - 1 : start + 1]
    if start == last or not any(c.isdigit() for c in pair):
        return start
    stop = max(last, start - LONG_BACK)
    while start > stop and (text[start - 1].isdigit() or text[start - 1] in _GROUPING):
        start -= 1
    return start


@CANDIDATE.rule("suffix")
def suffix_reading(
    text: str, g: Grammar, a: int, b: int, surface: Surface, last: int
) -> _Cand | None:
    """Read the number before a suffix marker: a name, a code or a sign written after.

    Digits or number words with scale words; a hedge or bound fused to it ("300-odd yuan").

    Example:
        "5,000 won", "five million won", "1.6 million won", "30 MUSD", "300-odd yuan".

    """
    sm = g.before_suffix.search(text, _back_start(text, a, last), a)
    if sm is None or not sm.group("snum"):
        return None
    spans = {"snum": sm.span("snum"), "suf": (a, b)}
    if sm.group("fused"):
        spans["fused"] = sm.span("fused")
    if sm.group("sneg"):
        spans["sneg"] = sm.span("sneg")
    if surface.kind == "code":
        sc = g.suffix_scale.match(text, b)
        if sc is not None:
            spans["sscale"] = sc.span("sscale")
    if sm.group("squal"):
        spans["squal"] = sm.span("squal")
    return _Cand(text, spans)


@CANDIDATE.rule("bracket-qualifier")
def bracket_qualifier(g: Grammar, cand: _Cand, written: str) -> Surface | None:
    """Read a nationality in brackets between the number and a generic name as if written before it.

    The editor's insertion picks the code out of the generic name the way the unbracketed
    qualifier does; a pair the lexicon does not know reads no amount.

    Example:
        "6,700 (North Korean) won" reads as "6,700 North Korean won" (KPW); "40 [Chinese] won"
        reads no amount.

    """
    inner = " ".join((cand.group("squal") or "")[1:-1].split())
    return g.lex.surface(f"{inner} {written}")


@CANDIDATE.rule("prefix-first")
def prefix_first(
    text: str, g: Grammar, b: int, surface: Surface, written: str, pre: _Cand, suf: _Cand
) -> bool:
    """Choose between the number before a sign or code and the number after it.

    The number after wins when it touches the marker or a name after confirms it, unless the
    number before is attached and the one after spaced, belongs to the next marker, or is a
    one- or two-digit cents figure.

    Example:
        "10 rmb 20 usd" reads 10 rmb; "3 USD50 cards" reads USD50; "17 USD 25" reads 17 USD.

    """
    if not (surface.kind in {"symbol", "code"} or not written[-1:].isalpha()):
        return False
    a = b - len(written)
    attached = suf.end("snum") == a
    spaced = pre.start("pnum") > b
    # "10 rmb 20 usd", "3 GBP 1 pence": the number after belongs to the next marker
    owned = g.lex.surface(next_word(text, g, pre.end("pnum"))) is not None
    # "17 USD 25", "15 USD 50 more": a one- or two-digit figure after is the cents
    cents = _CENTS_TOKEN.fullmatch(pre.group("pnum") or "") is not None and not pre.group("post")
    fused = pre.start("pnum") == b and suf.end("snum") < a  # "3 USD50 cards"
    # "a 9.9 mln dlr 1986 loss": a scale word right before the marker binds it to that number,
    # unless the number after has its own ("742 million US$ 964 million": a list of currencies)
    scaled = (
        not fused
        and has_scale(suf.group("snum") or "", g)
        and not (suf.group("snum") or "")[-1:].isdigit()
        and not has_scale(pre.group("pnum") or "", g)
    )
    return bool(
        fused
        or pre.group("post")
        or (not (attached and spaced) and not owned and not cents and not scaled)
    )


def _qualified(g: Grammar, suf: _Cand | None, written: str, off: frozenset[str]) -> _Cand | None:
    """Keep a suffix reading with a bracketed nationality only when the pair is a known name."""
    if suf is None or suf.group("squal") is None:
        return suf
    if "candidate.bracket-qualifier" in off:
        return None
    suf.surface = bracket_qualifier(g, suf, written)
    return suf if suf.surface is not None else None


def read(
    text: str,
    g: Grammar,
    data: Mapping[str, RuleData],
    off: frozenset[str] = frozenset(),
    markers: list[tuple[int, int, Surface]] | None = None,
) -> list[Draft]:
    """Read every candidate of ``text``: the drafts that pass the vetoes, in text order.

    The markers that read no amount ("the won", "won-dollar") are appended to ``markers`` when
    given: the elided-figure rules read exchange-rate stories from them.

    Example:
        >>> from moneyx.matcher import grammar
        >>> from moneyx.rules import rule_data
        >>> [d.written for d in read("paid 300 yuan and $5", grammar("en"), rule_data("en"))]
        ['yuan', '$']

    """
    if READINGS == "core" and g is grammar(g.lang):
        return _read_core(text, g, data, off, markers)
    out: list[Draft] = []
    lex, last = g.lex, 0
    for a, b in _anchors(text, g):
        if a < last:
            continue
        written = text[a:b]
        surface = lex.surface(written)
        if surface is None and " " in written:
            # "us $" in lower-cased text: keep the part that is a surface as written
            a = b - len(written.split()[-1])
            written = text[a:b]
            surface = lex.surface(written)
        if surface is None:
            report_veto(
                "veto.case-mismatch", text, a, b, f"{written!r} is a surface only in another case"
            )
            continue
        order = _python_order(text, g, a, b, surface, last, off)
        accepted = _accept(text, g, data, off, [(c, None) for c in order], out)
        if accepted is None:
            _bare(markers, a, b, written, surface)
        else:
            last = accepted
    return out


def _python_order(
    text: str, g: Grammar, a: int, b: int, surface: Surface, last: int, off: frozenset[str]
) -> list[_Cand | None]:
    """Read the anchor ``a..b`` with the Python functions: the readings in the order tried."""
    written = text[a:b]
    pre = None if "candidate.prefix" in off else prefix_reading(text, g, a, b, surface)
    suf = None if "candidate.suffix" in off else suffix_reading(text, g, a, b, surface, last)
    suf = _qualified(g, suf, written, off)  # "6,700 (North Korean) won"
    if (
        pre is not None
        and suf is not None
        and "candidate.prefix-first" not in off
        and prefix_first(text, g, b, surface, written, pre, suf)
    ):
        return [pre, suf]  # "$ 10 dollars": the name after confirms the prefix
    return [suf, pre]


# Where ``read`` takes the readings (surface, prefix, suffix, bracket qualifier, prefix-first)
# from: "core" (``moneyx._core``'s candidate stage) or "python" (the reading functions above,
# the reference of ``tests/test_native_candidates.py`` until they are deleted).
READINGS = "core"


def _read_core(
    text: str,
    g: Grammar,
    data: Mapping[str, RuleData],
    off: frozenset[str],
    markers: list[tuple[int, int, Surface]] | None,
) -> list[Draft]:
    """``read`` with the readings of the core's candidate stage; the vetoes stay here.

    The core reads the anchors in batches, each with the ``last`` it predicts (the reading tried
    first at the previous anchor becomes a draft); a reading holds while the real ``last`` is
    within ``assumed..window``, and an anchor where it is not is read again (``reread``).
    """
    out: list[Draft] = []
    lex, last = g.lex, 0
    doc = candidate_stage(g.lang).begin(text, sorted(off))
    at = [last]  # the real `last`, for the runs of quiet readings (`_walk`)
    for got in _walk(doc, at):
        a0, a, b, surface_text, pre_sp, suf_sp, qual, first, assumed, window, error, lay = got
        if a0 < last:
            continue
        if not assumed <= last <= window:  # the prediction failed: read with the real `last`
            got = doc.reread(a0, b, last)
            a0, a, b, surface_text, pre_sp, suf_sp, qual, first, assumed, window, error, lay = got
        written = text[a:b]
        surface = None if surface_text is None else lex.surface(written)
        if surface is None:
            report_veto(
                "veto.case-mismatch", text, a, b, f"{written!r} is a surface only in another case"
            )
            continue
        order: list[tuple[_Cand | None, CandidateLayout | None]] | None = None
        if error is not None:
            # a pattern the core refused at this anchor (fancy-regex's backtracking limit: no
            # corpus reaches one, generated strings can): the Python functions read it
            order = [(c, None) for c in _python_order(text, g, a, b, surface, last, off)]
        elif pre_sp is not None or suf_sp is not None:
            pre = None if pre_sp is None else _Cand(text, pre_sp)
            suf = None if suf_sp is None else _Cand(text, suf_sp)
            if suf is not None and qual is not None:
                suf.surface = lex.surface(qual)  # "6,700 (North Korean) won"
            # each reading with the core's layout of it and the number it read
            pre_lay, suf_lay = lay or (None, None)
            order = [(pre, pre_lay), (suf, suf_lay)] if first else [(suf, suf_lay), (pre, pre_lay)]
        accepted = None if order is None else _accept(text, g, data, off, order, out)
        if accepted is None:
            _bare(markers, a, b, written, surface)
        else:
            last = at[0] = accepted
    return out


def _walk(doc: CandidateDoc, last: list[int]) -> Iterator[CandidateReading]:
    """Yield the core's readings of a document, taken in batches (memory stays bounded).

    A run of quiet readings (a known surface that read no number, which ``read`` does nothing
    with) is one record ``(first, -1, count, ..., assumed, window, ...)``: all of them hold
    while the real ``last`` (``last[0]``, kept by the caller) is within ``assumed..window``, and
    are skipped; otherwise they are yielded one by one (``CandidateDoc.quiet``, before the next
    batch is taken) and read again with the real ``last`` where they must be.
    """
    while batch := doc.readings(_READING_BATCH):
        for got in batch:
            if got[1] >= 0:
                yield got
            elif not got[8] <= last[0] <= got[9]:
                yield from doc.quiet(got[0], got[2])


# readings handed over at a time
_READING_BATCH = 4096


def _accept(
    text: str,
    g: Grammar,
    data: Mapping[str, RuleData],
    off: frozenset[str],
    order: list[tuple[_Cand | None, CandidateLayout | None]],
    out: list[Draft],
) -> int | None:
    """Draft the first reading of ``order`` that passes the vetoes; its end, or None.

    A reading comes with the core's layout of it (``_laid_out``), or None: Python lays it out.
    """
    for cand, layout in order:
        if cand is None:
            continue
        d = _draft(text, g, cand, data, off, layout)
        if d is not None:
            out.append(d)
            return d.end
    return None


def _bare(
    markers: list[tuple[int, int, Surface]] | None, a: int, b: int, written: str, surface: Surface
) -> None:
    """Keep a marker that read no amount: a bare name ("the won") can open a rate story."""
    # a bare sign cannot (and memory stays bounded)
    if markers is not None and written[:1].isalpha() and len(markers) < MAX_BARE_MARKERS:
        markers.append((a, b, surface))


def _anchors(text: str, g: Grammar) -> Iterator[tuple[int, int]]:
    """Yield the scan's markers plus the one-letter house-style prefixes against a digit.

    The scan keeps one-letter units off digits ("CF6-80C2" is a model); a one-letter house-style
    prefix is the exception ("W1 million", "US$1=W1,123"), found here with its own small pattern.
    Both streams are in text order and merged lazily (the scan streams: memory stays bounded).
    """
    found = scanner(g.lang).iter_anchors(text)
    letters = _letter_prefixes(g.lang)
    first = None if letters is None else letters.search(text)
    if letters is None or first is None:
        return found
    return heapq.merge(found, (m.span() for m in letters.finditer(text, first.start())))


@functools.cache
def _letter_prefixes(lang: str) -> regex.Pattern[str] | None:
    """Compile the pattern of ``lang``'s one-letter house-style prefixes against a digit."""
    ones = [p for p in lexicon(lang).grouped_prefixes if len(p) == 1]
    if not ones:
        return None
    return cached_compile(r"(?<![^\W_])(?:\L<ones>)(?=\d)", ones=ones)


class _Vetoed(Exception):
    """A veto rejected the candidate being read (caught by ``_draft``)."""

    def __init__(self, rule_id: str, why: str) -> None:
        super().__init__(rule_id, why)
        self.rule_id, self.why = rule_id, why


def _draft(
    text: str,
    g: Grammar,
    m: MatchLike,
    data: Mapping[str, RuleData],
    off: frozenset[str],
    layout: CandidateLayout | None = None,
) -> Draft | None:
    """Turn one candidate into a draft, or reject it by a veto (reported with its id).

    ``layout``: the core's layout of a reading of ``m`` (``_laid_out``) and the number it read.
    """
    got = _reading(text, g, m) if layout is None else _laid_out(text, g, m, layout)
    if got is None:  # pragma: no cover - the scan only finds known surfaces
        report_veto("veto.case-mismatch", text, m.start(), m.end(), "unknown surface")
        return None
    r, num_key, neg, parsed, answers = got
    laid = (r.start, r.end, r.num_text)
    try:
        lex = g.lex
        if r.form != "prefix" and r.written in lex.grouped_prefixes:
            # "Rice to 5,000 Won" in a headline: the name, not the house-style prefix
            r.surface = lex.surfaces_ci.get(r.written.lower(), r.surface)
        s = r.surface
        surface_run, number_run = runs(g.lang, r.form, s.kind, s.key, s.text)
        _run_vetoes(r, surface_run, data, off, answers)
        _read_number(r, m.group(num_key) or "", data, off, parsed)
        if r.form == "suffix" and "veto.lone-article" not in off:
            # "a five-million-won fine": the article belongs to the noun phrase, not the number
            shifted = _drop_article(r, lex.articles)
            if shifted is not None:
                r.start, r.num_text = shifted
                r.number = _parse(r.num_text, r.g)
        # the core answered the number phase's moved vetoes on the reading as laid out, with
        # the number it read: their answers hold where reading the number changed nothing
        held = parsed is not None and r.high is None and (r.start, r.end, r.num_text) == laid
        _run_vetoes(r, number_run, data, off, answers if held else None)
    except _Vetoed as v:
        report_veto(v.rule_id, text, m.start(), m.end(), v.why)
        return None
    assert r.number is not None  # noqa: S101 - read above
    if "candidate.dot-thousands" not in off and dot_thousands(r, data["candidate.dot-thousands"]):
        r.number = Decimal(r.num_text.replace(".", ""))
        r.dotted = True
    return _make(r, m, num_key, neg, r.number, r.surface)


_DOT_GROUP = cached_compile(r"[1-9]\d{0,2}\.\d{3}")


@CANDIDATE.rule("dot-thousands", switch="codes", codes="words")
def dot_thousands(r: Reading, d: RuleData) -> bool:
    """Read one period before three digits as a thousands group in currencies with no decimals.

    Indonesian, Vietnamese and Hungarian prices have no fractions in use, and their copy groups
    thousands with a period: "Rp 31.500" is 31,500 rupiah, never 31.5. Only these currencies
    (``codes``), and only a figure with no scale word ("Rp 1.500 triliun" is 1.5 trillion).

    Example:
        "Rp 31.500" -> 31500; "12.500 ₫" -> 12500; "$31.500" stays 31.5.

    """
    return r.surface.key.lower() in d["codes"] and _DOT_GROUP.fullmatch(r.num_text) is not None


# (form, marker group, number group) of a prefix reading and of a suffix reading
_PREFIX_GROUPS = ("prefix", "pre", "pnum")  # not-lexicon: groups
_SUFFIX_GROUPS = ("suffix", "suf", "snum")  # not-lexicon: groups


def _reading(text: str, g: Grammar, m: MatchLike) -> _LaidOut | None:
    """Lay out a candidate: its span, marker, number text and the gap between them."""
    lex = g.lex
    if m.group("pre") is not None:
        form, cur_key, num_key = _PREFIX_GROUPS
        neg = bool(m.group("lneg") or m.group("pneg"))
        start = m.start("lneg") if m.group("lneg") else m.start("pre")
        end = m.end("pnum")
        post = m.group("post")
        if post is not None:
            ps, pre_s = lex.surface(post), lex.surface(m.group("pre") or "")
            if ps is not None and pre_s is not None and set(ps.candidates) & set(pre_s.candidates):
                end = m.end("post")  # "$ 10 dollars"
    else:
        form, cur_key, num_key = _SUFFIX_GROUPS
        neg = bool(m.group("sneg"))
        start = m.start("sneg") if m.group("sneg") else m.start("snum")
        end = m.end("sscale") if m.group("sscale") else m.end("suf")
    written = m.group(cur_key) or ""
    surface = (m.surface if isinstance(m, _Cand) else None) or lex.surface(written)
    if surface is None:
        return None
    gap = (
        text[m.end(num_key) : m.start("squal") if m.group("squal") else m.start(cur_key)]
        if form == "suffix"
        else text[m.end(cur_key) : m.start(num_key)]
    )
    r = Reading(text, g, form, surface, written, start, end, m.group(num_key) or "", gap)
    return r, num_key, neg, None, None


# a reading laid out: the Reading, its number's group, its sign, the number the core read and
# the answers of the vetoes moved to the core (None: read or asked here)
_LaidOut = tuple[Reading, str, bool, Decimal | None, "list[str | None] | None"]


def _laid_out(text: str, g: Grammar, m: MatchLike, layout: CandidateLayout) -> _LaidOut | None:
    """Lay out a candidate as ``_reading`` does, from the core's layout and the number it read.

    The core lays out a reading as ``_reading`` does (``CandidateStage::layout``) and reads its
    number with ``numbers::NumberReader`` (held equal to ``parse_number``); where that number
    does not read in the core, ``_read_number`` reads it here. The layout also carries the
    answers of the vetoes moved to the core (``_run_vetoes`` takes them).
    """
    start, end, n0, n1, g0, g1, neg, number, answers = layout
    is_prefix = isinstance(m, _Cand) and "pre" in m._spans
    form, cur_key, num_key = _PREFIX_GROUPS if is_prefix else _SUFFIX_GROUPS
    written = m.group(cur_key) or ""
    surface = (m.surface if isinstance(m, _Cand) else None) or g.lex.surface(written)
    if surface is None:
        return None
    r = Reading(text, g, form, surface, written, start, end, text[n0:n1], text[g0:g1])
    return r, num_key, neg, None if number is None else Decimal(number), answers


def _run_vetoes(
    r: Reading,
    run: tuple[tuple[str, VetoFn], ...],
    data: Mapping[str, RuleData],
    off: frozenset[str],
    answers: list[str | None] | None = None,
) -> None:
    """Put the reading through a phase of vetoes; raise ``_Vetoed`` at the first that answers.

    ``answers``: what the vetoes moved to the core (``_MOVED``) answered for this reading; the
    others are asked here.
    """
    if answers is not None and not any(answers) and _all_moved(run):
        return  # the core answered every veto of the run, and none rejects the reading
    for rule_id, fn in run:
        if off and rule_id in off:
            continue
        k = None if answers is None else _MOVED.get(rule_id)
        why = fn(r, data[rule_id]) if k is None or answers is None else answers[k]
        if why is not None:
            raise _Vetoed(rule_id, why)


# the vetoes the core answers (``core/src/stages/veto.rs``), by their place in a layout's answers
_MOVED = {rule_id: k for k, rule_id in enumerate(moved_vetoes())}


@functools.cache
def _all_moved(run: tuple[tuple[str, VetoFn], ...]) -> bool:
    """Tell whether the core answers every veto of a run (the surface phase's, since step 4)."""
    return all(rule_id in _MOVED for rule_id, _ in run)


def _parse(num_text: str, g: Grammar) -> Decimal:
    try:
        return parse_number(num_text, lang=g.lang)
    except NumberParseError as exc:
        raise _Vetoed("veto.unreadable-number", str(exc)) from exc


@CANDIDATE.rule("cjk-neighbours", alone="flag", pairs="words")
def cjk_neighbours(num_text: str, g: Grammar, d: RuleData) -> tuple[Decimal, Decimal] | None:
    """Read two neighbouring digits, alone or before a multiplier, as the range they span.

    Chinese and Korean write "three or four ten-thousands" as two digits in a row: the low end
    takes the first digit, the high end the next one, both with the multipliers after them. Only
    digits one apart count, and the set pairs of ``pairs`` ("三五百": three to five hundred, a
    spoken idiom; "二四" is no range); spoken prices write the pair alone
    ("八九块": eight or nine yuan, "一两块钱": one or two) where the language says so (``alone``:
    Korean digit syllables alone are words as often, "일이 원하는").

    Example:
        "三四万人民币" -> 30,000 .. 40,000 CNY; "四五千元" -> 4,000 .. 5,000;
        "삼사천 원" -> 3,000 .. 4,000; "两三块" -> 2 .. 3.

    """
    if not g.cjk or len(num_text) < 2:
        return None
    digits = cjk_numerals().digits
    a, b, rest = num_text[0], num_text[1], num_text[2:]
    if a not in digits or b not in digits:
        return None
    if digits[b] != digits[a] + 1 and a + b not in d["pairs"]:
        return None
    if not rest:
        return (Decimal(digits[a]), Decimal(digits[b])) if d["alone"] else None
    if rest[0] in digits:
        return None
    try:
        return parse_number(a + rest, lang=g.lang), parse_number(b + rest, lang=g.lang)
    except NumberParseError:
        return None


def _read_number(
    r: Reading,
    written: str,
    data: Mapping[str, RuleData],
    off: frozenset[str],
    parsed: Decimal | None = None,
) -> None:
    """Read the number of the reading (a readable tail of a phrase that does not read).

    ``parsed``: the phrase's value as the core read it (None: read it here).

    After a sign, a numeral glued to the digits that does not read with them counts what is
    sold ("¥88一份": 88 yuan for one portion): the digits before it are the number.

    A numeral glued to the syllable before it is part of a word ("회사원", "대만원").
    """
    text, g = r.text, r.g
    start, num_text = r.start, r.num_text
    try:
        number = parsed if parsed is not None else parse_number(num_text, lang=g.lang)
    except NumberParseError as exc:
        nd = data["candidate.cjk-neighbours"]
        pair = None if "candidate.cjk-neighbours" in off else cjk_neighbours(num_text, g, nd)
        if pair is not None:
            r.number, r.high = pair
            r.num_text = num_text
            return
        tail = _valid_tail(num_text, g) if r.form == "suffix" else _valid_head(num_text, g)
        if tail is None:
            raise _Vetoed("veto.unreadable-number", str(exc)) from exc
        if r.form == "suffix":
            start += len(num_text) - len(tail[0])
        else:
            r.end -= len(num_text) - len(tail[0])  # "¥88一份": 一 counts the portion
        num_text, number = tail
    glued = () if "veto.glued-numeral" in off else data["veto.glued-numeral"]["surfaces"]
    if glued:
        while (
            num_text
            and _is_glued_numeral(num_text[0])
            and start > 0
            and _is_syllable(text[start - 1])
        ):
            start += 1
            num_text = num_text[1:]
        if not num_text or (
            len(num_text) == 1 and num_text in _CJK_DIGITS and r.surface.text in glued
        ):
            raise _Vetoed(
                "veto.glued-numeral", f"{r.written!r} after a one-syllable numeral is a word"
            )
        if num_text != written:
            number = _parse(num_text, g)
    r.start, r.num_text, r.number = start, num_text, number
    r.words_only = _words_only(num_text)


def _words_only(num_text: str) -> bool:
    return not any(ch.isdigit() for ch in num_text)


def _drop_article(r: Reading, articles: frozenset[str]) -> tuple[int, str] | None:
    """Return (start, number) without a leading article before a written-out number phrase."""
    num_text = r.num_text
    first = num_text.split()[0].lower() if num_text.split() else ""
    if not (r.words_only and first in articles and r.form == "suffix"):
        return None
    lead = _FIRST_TOKEN.match(num_text)
    rest = num_text[lead.end() :] if lead else ""
    head = _TOKEN_SEP.split(rest)[0].lower() if rest else ""
    nw = r.g.nw
    if rest and head not in nw.multipliers and head not in nw.fractions and head not in nw.hundred:
        return r.start + (lead.end() if lead else 0), rest
    return None


def _make(
    r: Reading, m: MatchLike, num_key: str, neg: bool, number: Decimal, surface: Surface
) -> Draft:
    g, num_text, form = r.g, r.num_text, r.form
    value = number * surface.factor
    sscale = m.group("sscale")
    if sscale and form == "suffix":
        value *= parse_number("1 " + sscale, lang=g.lang)
    if neg:
        value = -value
    if value == value.to_integral_value() and (
        surface.factor != 1 or not _PLAIN_DIGITS.fullmatch(num_text)
    ):
        value = value.to_integral_value()
    fused = m.group("fused") if form == "suffix" else None
    if fused is None and g.cjk:
        # a vague tail read inside the numeral: "三千多万" (more than), "5천여" (about)
        fused = next((ch for ch in num_text if ch in _CJK_VAGUE), None)
    high = None
    if r.high is not None:  # "三四万": the neighbouring digit is the high end
        high = r.high * surface.factor
        if sscale and form == "suffix":
            high *= parse_number("1 " + sscale, lang=g.lang)
    return Draft(
        start=r.start,
        end=r.end,
        value=value,
        high=high,
        surface=surface,
        written=r.written,
        form=form,
        rule=f"{form}-{surface.kind}",
        scaled=has_scale(num_text, g),
        num_start=m.start(num_key),
        num_end=m.end(num_key) if form == "suffix" else m.start(num_key) + len(num_text),
        fused=fused.lower() if fused else None,
        trace=(f"candidate.{form}",)
        + (("candidate.bracket-qualifier",) if m.group("squal") else ())
        + (("candidate.cjk-neighbours",) if high is not None else ())
        + (("candidate.dot-thousands",) if r.dotted else ()),
    )


def _valid_head(num_text: str, g: Grammar) -> tuple[str, Decimal] | None:
    """Return the digits before trailing CJK numerals that do not read with them ("88一")."""
    head = num_text
    while g.cjk and head and head[-1] in _CJK_ALL:
        head = head[:-1]
    if not head or head == num_text or not head[-1:].isdigit():
        return None
    try:
        return head, parse_number(head, lang=g.lang)
    except NumberParseError:
        return None


def _valid_tail(num_text: str, g: Grammar) -> tuple[str, Decimal] | None:
    """Return the longest trailing part of a written-out number that reads ("one and five")."""
    for m in _TOKEN_START.finditer(num_text):
        tail = num_text[m.start() :]
        try:
            return tail, parse_number(tail, lang=g.lang)
        except NumberParseError:
            continue
    return None
