"""Record every call the engine makes on its ``regex`` patterns, and replay it in the core.

Used by ``tests/test_native_grammar.py`` and ``benchmarks/bench_grammar.py`` (issue 18, phase 2,
step 1). While ``recording()`` is active, every pattern that ``moneyx.extract.all_patterns``
lists is replaced where the engine reads it (module globals, the fields of ``grammar(lang)``,
of each stage's cached ``_patterns(lang)`` and of the context's cached cues) by a proxy that
calls the real pattern and logs the call with its result. ``replay`` runs each logged call in
``moneyx._core.Patterns`` and compares span and group spans.

``match``/``search``/``fullmatch`` are logged as they are called. ``finditer``, ``findall``,
``split``, ``sub``... are logged as one ``finditer`` over the same text and window (their
results are functions of the matches ``finditer`` yields); with ``maxsplit``/``count`` the whole
``finditer`` is still compared, which is stricter.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, cast

import regex

from moneyx import _core
from moneyx.extract import (
    all_patterns,
    candidates,
    carry,
    compose,
    draft,
    elided,
    finish,
    glosses,
    per,
    when,
)
from moneyx.matcher import Grammar, LazyPattern, force, grammar
from moneyx.resolve import context

# a match as both sides report it: (start, end, group spans with None for a group not set)
Found = tuple[int, int, tuple[tuple[int, int] | None, ...]]


def _modules() -> tuple[Any, ...]:
    from moneyx.extract import vetoes  # noqa: PLC0415 - same list as all_patterns

    return (candidates, vetoes, compose, elided, glosses, per, carry, draft, finish, context, when)


def found(m: regex.Match[str] | None) -> Found | None:
    """The span and group spans of a ``regex`` match (None for no match)."""
    if m is None:
        return None
    groups = tuple(None if m.span(i) == (-1, -1) else m.span(i) for i in range(1, m.re.groups + 1))
    return (m.start(), m.end(), groups)


@dataclass
class Log:
    """The calls of one recording: texts are stored once and referred to by index."""

    texts: list[str] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)
    # (lang, pattern name, method, text index, pos, endpos, result)
    calls: list[tuple[str, str, str, int, int, int | None, Any]] = field(default_factory=list)
    active: bool = True

    def text_id(self, text: str) -> int:
        k = self.index.get(text)
        if k is None:
            k = self.index[text] = len(self.texts)
            self.texts.append(text)
        return k


def _window(args: tuple[Any, ...], kw: dict[str, Any]) -> tuple[int, int | None]:
    pos = args[0] if args else kw.get("pos")
    endpos = args[1] if len(args) > 1 else kw.get("endpos")
    return (0 if pos is None else pos, endpos)


class Recording(LazyPattern):
    """A pattern that logs its calls (then behaves exactly as the pattern).

    A ``LazyPattern`` subclass, so the engine's ``isinstance(x, regex.Pattern | LazyPattern)``
    checks (``when``'s readers) see a pattern, as they do without the recording.
    """

    def __init__(self, key: tuple[str, str], pattern: regex.Pattern[str], log: Log) -> None:
        self.__dict__.update(_key=key, _p=pattern, _log=log)
        self.__dict__["_source"] = (pattern.pattern, pattern.flags, {})

    def compiled(self) -> regex.Pattern[str]:
        return cast("regex.Pattern[str]", self.__dict__["_p"])

    def _note(self, method: str, text: str, pos: int, endpos: int | None, result: Any) -> None:
        if self._log.active:
            lang, name = self._key
            self._log.calls.append(
                (lang, name, method, self._log.text_id(text), pos, endpos, result)
            )

    def _one(self, method: str, string: str, *args: Any, **kw: Any) -> Any:
        if len(args) > 2 or set(kw) - {"pos", "endpos"}:
            raise AssertionError(f"{self._key}: {method} with {args} {kw} is not recorded")
        m = getattr(self._p, method)(string, *args, **kw)
        self._note(method, string, *_window(args, kw), found(m))
        return m

    def match(self, string: str, *args: Any, **kw: Any) -> Any:
        return self._one("match", string, *args, **kw)

    def search(self, string: str, *args: Any, **kw: Any) -> Any:
        return self._one("search", string, *args, **kw)

    def fullmatch(self, string: str, *args: Any, **kw: Any) -> Any:
        return self._one("fullmatch", string, *args, **kw)

    def _iter(self, string: str, pos: int | None = None, endpos: int | None = None) -> None:
        ms = [found(m) for m in self._p.finditer(string, pos, endpos)]
        self._note("finditer", string, 0 if pos is None else pos, endpos, ms)

    def finditer(self, string: str, *args: Any, **kw: Any) -> Any:
        if len(args) > 2 or set(kw) - {"pos", "endpos"}:
            raise AssertionError(f"{self._key}: finditer with {args} {kw} is not recorded")
        self._iter(string, *_window(args, kw))
        return self._p.finditer(string, *args, **kw)

    def findall(self, string: str, *args: Any, **kw: Any) -> Any:
        if len(args) > 2 or set(kw) - {"pos", "endpos"}:
            raise AssertionError(f"{self._key}: findall with {args} {kw} is not recorded")
        self._iter(string, *_window(args, kw))
        return self._p.findall(string, *args, **kw)

    def _whole(self, method: str, string_at: int) -> Callable[..., Any]:
        def call(*args: Any, **kw: Any) -> Any:
            self._iter(args[string_at] if len(args) > string_at else kw["string"])
            return getattr(self._p, method)(*args, **kw)

        return call

    def __getattr__(self, name: str) -> Any:
        if name in ("split", "splititer"):
            return self._whole(name, 0)
        if name in ("sub", "subn", "subf", "subfn"):
            return self._whole(name, 1)
        if name in ("scanner",):
            raise AssertionError(f"{self._key}: {name} is not recorded")
        return getattr(self._p, name)


def _cached_fields(obj: Any) -> list[tuple[str, Any]]:
    return [
        (f.name, getattr(obj, f.name))
        for f in dataclasses.fields(obj)
        if isinstance(getattr(obj, f.name), regex.Pattern | LazyPattern)
    ]


@contextmanager
def recording(langs: tuple[str, ...] = ("en", "ko", "zh")) -> Iterator[Log]:
    """Log every call on the patterns ``all_patterns(lang)`` lists, for each of ``langs``."""
    log = Log()
    undo: list[Callable[[], None]] = []

    def swap(obj: Any, attr: str, new: Any) -> None:
        old = getattr(obj, attr)
        object.__setattr__(obj, attr, new)
        undo.append(lambda: object.__setattr__(obj, attr, old))

    for mod in _modules():
        short = mod.__name__.rsplit(".", 1)[-1]
        for name, value in list(vars(mod).items()):
            if isinstance(value, regex.Pattern | LazyPattern):
                swap(mod, name, Recording(("*", f"{short}.{name}"), force(value), log))
    for lang in langs:
        g = grammar(lang)
        for name in Grammar.__slots__:
            value = getattr(g, name)
            if isinstance(value, regex.Pattern | LazyPattern):
                swap(g, name, Recording((lang, name), force(value), log))
        for mod in _modules():
            build = getattr(mod, "_patterns", None)
            if build is None:
                continue
            short = mod.__name__.rsplit(".", 1)[-1]
            built = build(lang)
            for name, value in _cached_fields(built):
                swap(built, name, Recording((lang, f"{short}.{name}"), force(value), log))
        cues = context._cues(lang)
        swap(
            cues, "sentence_end", Recording((lang, "context.sentence_end"), cues.sentence_end, log)
        )
    try:
        yield log
    finally:
        log.active = False
        for u in reversed(undo):
            u()


def core_patterns(lang: str) -> _core.Patterns:
    """Every pattern of ``lang`` compiled by the core."""
    sources = {
        name: (p.pattern, p.flags, {k: list(v) for k, v in p.named_lists.items()})
        for name, p in all_patterns(lang).items()
    }
    return _core.Patterns(sources)


@dataclass
class Tally:
    calls: int = 0
    equal: int = 0
    examples: list[tuple[str, int, int | None, Any, Any]] = field(default_factory=list)
    py_s: float = 0.0
    core_s: float = 0.0


def _as_found(method: str, raw: Any) -> Any:
    # the core's answer in the recording's form (tuples), or the error it raised
    if isinstance(raw, ValueError):
        return f"error: {raw}"
    if method == "finditer":
        return [(s, e, tuple(g)) for s, e, g in raw]
    return None if raw is None else (raw[0], raw[1], tuple(raw[2]))


def replay(
    log: Log, cores: dict[str, _core.Patterns], timed: bool = False
) -> dict[tuple[str, str], Tally]:
    """Run every logged call in the core; per (lang, pattern): calls, equal, first differences.

    A module-level pattern (lang "*") is the same in every language; it is run in "en"'s set.
    With ``timed``, each call is also timed in the core and again in Python ``regex``.
    """
    out: dict[tuple[str, str], Tally] = {}
    py_patterns: dict[str, dict[str, regex.Pattern[str]]] = {}
    for lang, name, method, tid, pos, endpos, want in log.calls:
        text = log.texts[tid]
        run_lang = "en" if lang == "*" else lang
        t = out.setdefault((lang, name), Tally())
        t.calls += 1
        fn = getattr(cores[run_lang], method)
        t0 = time.perf_counter()
        try:
            raw = fn(name, text, pos, endpos)
        except ValueError as e:
            raw = e
        t1 = time.perf_counter()
        got = _as_found(method, raw)
        if got == want:
            t.equal += 1
        elif len(t.examples) < 5:
            t.examples.append((method, pos, endpos, want, got, text[:300]))  # type: ignore[arg-type]
        if timed:
            t.core_s += t1 - t0
            pats = py_patterns.get(run_lang)
            if pats is None:
                pats = py_patterns[run_lang] = all_patterns(run_lang)
            py_fn = getattr(pats[name], method)
            t0 = time.perf_counter()
            if method == "finditer":
                list(py_fn(text, pos, endpos))
            else:
                py_fn(text, pos, endpos)
            t.py_s += time.perf_counter() - t0
    return out
