"""Record what the candidate stage decides at each anchor while the engine extracts, and compare.

Used by ``tests/test_native_candidates.py`` and ``benchmarks/bench_candidates.py`` (issue 18,
phase 2, step 2). While ``recording()`` is active, ``moneyx.extract.candidates``' reading
functions (``prefix_reading``, ``suffix_reading``, ``bracket_qualifier``, ``_qualified``,
``prefix_first``), ``_draft`` (which drafts were accepted: they move ``last``) and its
``report_veto`` (an anchor whose surface is only a surface in another case) are wrapped: each
call runs the real function and is logged with its inputs and result, grouped per anchor in the
shape ``moneyx._core.Candidates.visit`` returns. ``compare`` runs the core's stage on the same
texts with the same accepted drafts and counts, per rule, calls, equal and different.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from moneyx.extract import candidates
from moneyx.native import candidate_stage

FUNCS = (
    "read",
    "prefix_reading",
    "suffix_reading",
    "bracket_qualifier",
    "_qualified",
    "prefix_first",
    "_draft",
    "report_veto",
)


def _blank(anchor: tuple[int, int] | None, written: str) -> dict[str, Any]:
    return {
        "anchor": anchor,
        "written": written,
        "surface": None,
        "prefix": None,
        "suffix": None,
        "qualifier_called": False,
        "qualifier": None,
        "suffix_kept": False,
        "prefix_first": None,
        "error": None,
    }


@dataclass
class Doc:
    """One ``read`` call: its text, language, disabled rules, the anchors visited."""

    text: str
    lang: str
    off: frozenset[str]
    visits: list[dict[str, Any]] = field(default_factory=list)
    # (start, end) of the anchor as read, the accepted draft's end
    accepted: list[tuple[int, int, int]] = field(default_factory=list)
    # the Python calls of each function, for the counts
    calls: dict[str, int] = field(default_factory=dict)
    # the time of the whole `read` call, and inside the reading functions (the part the core's
    # stage replaces: prefix_reading, suffix_reading, _qualified, prefix_first)
    seconds: float = 0.0
    reading_seconds: float = 0.0
    pending: dict[str, Any] = field(default_factory=dict)


def _spans(cand: Any) -> list[tuple[str, int, int]] | None:
    return None if cand is None else [(k, s, e) for k, (s, e) in cand._spans.items()]


@contextmanager
def recording() -> Iterator[list[Doc]]:
    """Log every ``candidates.read`` call of the engine (see the module docstring)."""
    log: list[Doc] = []
    stack: list[Doc] = []
    orig: dict[str, Callable[..., Any]] = {n: getattr(candidates, n) for n in FUNCS}

    def count(name: str) -> Doc | None:
        if not stack:
            return None
        doc = stack[-1]
        doc.calls[name] = doc.calls.get(name, 0) + 1
        return doc

    def read(text: str, g: Any, data: Any, off: frozenset[str] = frozenset(), *rest: Any) -> Any:
        doc = Doc(text, g.lang, frozenset(off))
        stack.append(doc)
        t0 = time.perf_counter()
        try:
            return orig["read"](text, g, data, off, *rest)
        finally:
            doc.seconds = time.perf_counter() - t0
            stack.pop()
            log.append(doc)

    def note(key: str, a: int, b: int, text: str, surface: Any, res: Any) -> None:
        doc = count(key)
        if doc is not None:
            doc.pending.update(anchor=(a, b), written=text[a:b], surface=surface.text)
            doc.pending[key] = _spans(res)

    def timed(name: str, *args: Any) -> Any:
        t0 = time.perf_counter()
        res = orig[name](*args)
        if stack:
            stack[-1].reading_seconds += time.perf_counter() - t0
        return res

    def prefix_reading(text: str, g: Any, a: int, b: int, surface: Any) -> Any:
        res = timed("prefix_reading", text, g, a, b, surface)
        note("prefix", a, b, text, surface, res)
        return res

    def suffix_reading(text: str, g: Any, a: int, b: int, surface: Any, last: int) -> Any:
        res = timed("suffix_reading", text, g, a, b, surface, last)
        note("suffix", a, b, text, surface, res)
        return res

    def bracket_qualifier(g: Any, cand: Any, written: str) -> Any:
        res = orig["bracket_qualifier"](g, cand, written)
        doc = count("bracket_qualifier")
        if doc is not None:
            doc.pending["qualifier_called"] = True
            doc.pending["qualifier"] = None if res is None else res.text
        return res

    def _qualified(g: Any, suf: Any, written: str, off: frozenset[str]) -> Any:
        res = timed("_qualified", g, suf, written, off)
        doc = count("_qualified")
        if doc is not None:
            p, doc.pending = doc.pending, {}
            v = _blank(p.get("anchor"), written)
            if "surface" in p:
                v["surface"] = p["surface"]
            else:  # both readings off: the surface as read (what the stage looked up)
                s = g.lex.surface(written)
                v["surface"] = None if s is None else s.text
            for k in ("prefix", "suffix", "qualifier_called", "qualifier"):
                if k in p:
                    v[k] = p[k]
            v["suffix_kept"] = res is not None
            doc.visits.append(v)
        return res

    def prefix_first(*args: Any) -> Any:
        res = timed("prefix_first", *args)
        doc = count("prefix_first")
        if doc is not None:
            doc.visits[-1]["prefix_first"] = res
        return res

    def _draft(text: str, g: Any, cand: Any, *rest: Any) -> Any:
        res = orig["_draft"](text, g, cand, *rest)
        if stack and res is not None:
            a, b = cand._spans.get("pre") or cand._spans["suf"]
            stack[-1].accepted.append((a, b, res.end))
        return res

    def report_veto(rule_id: str, text: str, a: int, b: int, reason: str) -> None:
        orig["report_veto"](rule_id, text, a, b, reason)
        if rule_id == "veto.case-mismatch" and stack and not stack[-1].pending:
            doc = count("case_mismatch")
            assert doc is not None
            doc.visits.append(_blank((a, b), text[a:b]))

    wrappers = {
        "read": read,
        "prefix_reading": prefix_reading,
        "suffix_reading": suffix_reading,
        "bracket_qualifier": bracket_qualifier,
        "_qualified": _qualified,
        "prefix_first": prefix_first,
        "_draft": _draft,
        "report_veto": report_veto,
    }
    for name, fn in wrappers.items():
        setattr(candidates, name, fn)
    # the reference: the Python reading functions (the engine takes the core's otherwise)
    readings, candidates.READINGS = candidates.READINGS, "python"
    try:
        yield log
    finally:
        candidates.READINGS = readings
        for name, fn in orig.items():
            setattr(candidates, name, fn)


# what each visit field says, by the rule (or step) that decides it
FIELDS = {
    "anchor": ("anchor", "written", "surface"),
    "candidate.prefix": ("prefix",),
    "candidate.suffix": ("suffix",),
    "candidate.bracket-qualifier": ("qualifier_called", "qualifier", "suffix_kept"),
    "candidate.prefix-first": ("prefix_first",),
}


@dataclass
class Tally:
    """Per rule: visits it decided (Python's calls), equal in the core, first differences."""

    calls: int = 0
    equal: int = 0
    examples: list[Any] = field(default_factory=list)


@dataclass
class Result:
    tallies: dict[str, Tally]
    documents: int
    visits: int
    # documents whose visit lists differ in length (every field of the rest is compared)
    misaligned: list[Any]
    errors: list[Any]
    py_seconds: float = 0.0
    core_seconds: float = 0.0
    by_lang: dict[str, int] = field(default_factory=dict)


def _called(v: dict[str, Any], rule: str, off: frozenset[str]) -> bool:
    """Whether the Python stage asked ``rule`` at this visit (what the counts count)."""
    if rule == "anchor":
        return True
    if v["surface"] is None:
        return False
    if rule == "candidate.prefix":
        return rule not in off
    if rule == "candidate.suffix":
        return rule not in off
    if rule == "candidate.bracket-qualifier":
        return v["suffix"] is not None
    return v["prefix_first"] is not None


def compare(log: list[Doc], timed: bool = False) -> Result:
    """Run the core's stage on every logged text and compare every visit, field by field."""
    tallies = {rule: Tally() for rule in FIELDS}
    res = Result(tallies, len(log), 0, [], [])
    for doc in log:
        stage = candidate_stage(doc.lang)
        t0 = time.perf_counter()
        try:
            got = stage.visit(doc.text, doc.accepted, sorted(doc.off))
        except ValueError as exc:
            res.errors.append((doc.lang, str(exc), doc.text[:200]))
            continue
        if timed:
            res.core_seconds += time.perf_counter() - t0
            res.py_seconds += doc.seconds
        if len(got) != len(doc.visits):
            res.misaligned.append((doc.lang, len(doc.visits), len(got), doc.text[:200]))
        for want, have in zip(doc.visits, got, strict=False):
            res.visits += 1
            res.by_lang[doc.lang] = res.by_lang.get(doc.lang, 0) + 1
            if have["error"] is not None:
                res.errors.append((doc.lang, have["error"], want["anchor"], doc.text[:200]))
            if want["anchor"] is None:  # both readings off: Python does not see the anchor
                have = {**have, "anchor": None}
            for rule, keys in FIELDS.items():
                if not _called(want, rule, doc.off):
                    continue
                t = tallies[rule]
                t.calls += 1
                if all(want[k] == have[k] for k in keys):
                    t.equal += 1
                elif len(t.examples) < 5:
                    t.examples.append((doc.lang, want, have, doc.text[:300]))
    return res


def report(res: Result) -> str:
    lines = [f"{'rule':30} {'calls':>9} {'equal':>9} {'differ':>7}"]
    for rule, t in res.tallies.items():
        lines.append(f"{rule:30} {t.calls:9} {t.equal:9} {t.calls - t.equal:7}")
    lines.append(
        f"documents {res.documents}, visits {res.visits}, misaligned {len(res.misaligned)}, "
        f"errors {len(res.errors)}"
    )
    langs = ", ".join(f"{k} {n}" for k, n in sorted(res.by_lang.items()))
    lines.append(f"visits by language: {langs}")
    return "\n".join(lines)
