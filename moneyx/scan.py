"""Find currency markers (symbols, codes, names) in a text with one fast scan.

This is the anchor-first half of the engine: everything else only looks at small neighbourhoods
of the markers found here. Two interchangeable scanners give identical anchors:

* ``ReScanner`` (always available): the marker surfaces compiled into one prefix-factored
  alternation (a trie) for the standard library's ``re``, run over an ASCII-lower-cased copy of
  the text. A trie-shaped alternation lets ``re`` reject most positions after one character; the
  ``regex`` module's named lists are far slower for this one job (measured 7.4 s against 0.8 s
  on Reuters-21578), while ``regex`` keeps doing all the grammar work.
* ``HyperscanScanner`` (``pip install "moneyx-news[fast]"``): the same surfaces as a Hyperscan
  literal database, scanned at memory speed.

``scanner()`` picks ``AdaptiveScanner`` when Hyperscan is installed (``re`` for the first
megabytes, then Hyperscan, so the cold start stays that of ``re``); ``MONEYX_SCANNER=re`` or
``=hyperscan`` forces one.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Protocol

from moneyx.lexicon import Lexicon, lexicon

if TYPE_CHECKING:  # pragma: no cover
    import hyperscan

__all__ = [
    "AdaptiveScanner",
    "HyperscanScanner",
    "ReScanner",
    "Scanner",
    "ascii_lower",
    "bounded_pattern",
    "scanner",
    "trie_pattern",
]

_ASCII_LOWER = str.maketrans({chr(c): chr(c + 32) for c in range(65, 91)})


def ascii_lower(text: str) -> str:
    """Lower-case ASCII letters only, so offsets never move (``str.lower`` can lengthen text).

    Example:
        >>> ascii_lower("İstanbul WON")
        'İstanbul won'

    """
    return text.translate(_ASCII_LOWER)


class Scanner(Protocol):
    """Finds currency markers; returns non-overlapping (start, end) pairs in text order."""

    name: str

    def anchors(self, text: str) -> list[tuple[int, int]]:
        """Return the marker spans of ``text``, leftmost-longest, letter-bounded."""
        ...

    def iter_anchors(self, text: str) -> Iterator[tuple[int, int]]:
        """Yield the spans ``anchors`` returns, one at a time (memory bounded by a chunk)."""
        ...


def trie_pattern(words: Iterable[str]) -> str:
    """Build a prefix-factored alternation matching any of ``words`` (longest first).

    The unguarded form of :func:`bounded_pattern` (one trie builder for both).

    Example:
        >>> trie_pattern(["won", "wons", "yen"])
        '(?:(?:won(?:s|)|yen))'

    """
    return "(?:" + bounded_pattern(words, bounded=False) + ")"


def _surfaces(lex: Lexicon) -> list[str]:
    return sorted({s.lower() for s in lex.cs_list} | set(lex.ci_list))


def _letter(ch: str) -> bool:
    return ch.isalpha()


def _bounded(text: str, start: int, end: int) -> bool:
    """Tell whether a marker touches no letter where it starts or ends with one."""
    if text[start].isalpha() and start > 0 and _letter(text[start - 1]):
        return False
    if end - start == 1 and text[start].isalpha() and end < len(text) and text[end].isalnum():
        return False  # a one-letter unit ("c", "p") must end there: "CF6-80C2" is a model
    return not (text[end - 1].isalpha() and end < len(text) and _letter(text[end]))


def bounded_pattern(surfaces: Iterable[str], bounded: bool = True) -> str:
    """Build one trie alternation whose letter-initial and letter-final surfaces touch no letter.

    The guards sit inside the trie (a look-behind on each letter-initial first branch, a
    look-ahead on each letter-final end), so the longest surface still wins across kinds:
    "20 €ur" reads "€ur", not "€". A one-letter unit ("c", "p") touches no letter or digit.

    Example:
        >>> p = re.compile(bounded_pattern(["won"]))
        >>> bool(p.search("wonder")), bool(p.search("5 won"))
        (False, True)

    """
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for w in surfaces:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict, depth: int, last: str) -> str:  # type: ignore[type-arg]
        alts: list[str] = []
        for ch in sorted(k for k in node if k):
            esc = re.escape(ch)
            # the literal first, then the look-behind (over it): a branch that cannot match
            # fails on its first character instead of evaluating the look-behind
            before = rf"(?<![^\W\d_]{esc})" if bounded and depth == 0 and ch.isalpha() else ""
            alts.append(esc + before + emit(node[ch], depth + 1, ch))
        if "" in node:
            guard = ""
            if bounded and last.isalpha():
                guard = r"(?![^\W_])" if depth == 1 else r"(?![^\W\d_])"
            alts.append(guard)
        if len(alts) == 1:
            return str(alts[0])
        return "(?:" + "|".join(alts) + ")"

    return emit(root, 0, "")


class ReScanner:
    """Marker scan with the standard library's ``re`` over a prefix-factored alternation."""

    name = "re"

    def __init__(self, surfaces: Sequence[str], bounded: bool = True) -> None:
        self._pattern = re.compile(bounded_pattern(surfaces, bounded))

    def anchors(self, text: str) -> list[tuple[int, int]]:
        """Return the marker spans of ``text`` (see ``Scanner``)."""
        return list(self.iter_anchors(text))

    def iter_anchors(self, text: str) -> Iterator[tuple[int, int]]:
        """Yield the marker spans of ``text`` lazily (see ``Scanner``)."""
        for m in self._pattern.finditer(text.translate(_ASCII_LOWER)):
            yield m.span()


class HyperscanScanner:
    """Marker scan with a Hyperscan database (optional dependency, ``moneyx-news[fast]``).

    Each surface is one expression with its letter boundaries spelled out (a non-letter or the
    edge of the text on each side that is a letter), so Hyperscan reports only real markers and
    Python handles few callbacks. Offsets are recomputed from the expression's surface length.

    Thread-safe: a Hyperscan scan needs scratch space that no other scan uses at the same time
    (``Database.scan`` without one shares the database's own and raises ``ScratchInUseError``
    under concurrent calls), so every thread gets its own scratch, cloned from a prototype on
    its first scan and kept for the thread's life.
    """

    name = "hyperscan"

    def __init__(self, surfaces: Sequence[str], bounded: bool = True) -> None:
        import hyperscan  # noqa: PLC0415 - optional accelerator

        self._bounded_check = bounded
        self._surfaces = [s.encode("utf-8") for s in surfaces]
        self._longest = max((len(s) for s in surfaces), default=1)
        exprs = []
        for raw in self._surfaces:
            body = b"".join(b"\\x%02x" % byte for byte in raw)
            lead = b"(?:^|[^a-z])" if bounded and raw[:1].isalpha() else b""
            tail = b"(?:[^a-z]|$)" if bounded and raw[-1:].isalpha() else b""
            exprs.append(lead + body + tail)
        self._db = hyperscan.Database()
        self._db.compile(
            expressions=exprs,
            ids=list(range(len(exprs))),
            elements=len(exprs),
            flags=[hyperscan.HS_FLAG_SOM_LEFTMOST] * len(exprs),
        )
        self._prototype = hyperscan.Scratch(self._db)
        self._clone_lock = threading.Lock()
        self._local = threading.local()

    def _scratch(self) -> hyperscan.Scratch:
        """Return this thread's scratch space (cloned from the prototype on first use)."""
        scratch: hyperscan.Scratch | None = getattr(self._local, "scratch", None)
        if scratch is None:
            with self._clone_lock:  # cloning reads the prototype: one thread at a time
                scratch = self._prototype.clone()
            self._local.scratch = scratch
        return scratch

    CHUNK = 1 << 20  # characters per Hyperscan call: bounds the hits held at once

    def anchors(self, text: str) -> list[tuple[int, int]]:
        """Return the marker spans of ``text`` (see ``Scanner``)."""
        return list(self.iter_anchors(text))

    def iter_anchors(self, text: str) -> Iterator[tuple[int, int]]:
        """Yield the marker spans of ``text`` chunk by chunk (see ``Scanner``).

        Each chunk is scanned with enough text after it for a marker that starts inside it to
        end (its longest surface plus the boundary character); a chunk's edges only ever add
        candidates, which the letter-boundary check on the whole text then removes.
        """
        low = text.translate(_ASCII_LOWER)
        reach = self._longest + 1
        last = 0
        for start in range(0, len(low), self.CHUNK):
            stop = start + self.CHUNK
            for s, e in self._chunk_hits(low[start : stop + reach]):
                s, e = s + start, e + start
                if s >= stop or s < last:
                    continue
                if self._bounded_check and not _bounded(text, s, e):
                    continue
                yield s, e
                last = e

    def _chunk_hits(self, low: str) -> list[tuple[int, int]]:
        """Return the sorted (start, end) hits of one chunk, leftmost-longest first."""
        data = low.encode("utf-8", "surrogatepass")
        hits: list[tuple[int, int]] = []
        surfaces = self._surfaces

        def on_match(ident: int, start: int, _end: int, _flags: int, _ctx: object) -> None:
            raw = surfaces[ident]
            if not data.startswith(raw, start):
                start += 1  # the expression began with the non-letter before the surface
            hits.append((start, -(start + len(raw))))

        self._db.scan(data, match_event_handler=on_match, scratch=self._scratch())
        hits.sort()
        if len(data) != len(low):
            offsets = _byte_to_str(low)
            return [(offsets[s], offsets[-e]) for s, e in hits]
        return [(s, -e) for s, e in hits]


def _byte_to_str(text: str) -> list[int]:
    table: list[int] = []
    for i, ch in enumerate(text):
        table.extend([i] * len(ch.encode("utf-8", "surrogatepass")))
    table.append(len(text))
    return table


class AdaptiveScanner:
    """``re`` first, Hyperscan once enough text has gone through to pay for its compile.

    Compiling the Hyperscan database takes about a second, five times the whole cold start
    of ``re``; a caller extracting from a few articles never recovers that, a batch over a
    corpus does within a few megabytes. Both scanners give identical anchors (tested).

    Thread-safe: the switch happens once, under a lock, and both scanners may be used by many
    threads at once (the character count is approximate under threads, which only moves the
    moment of the switch).
    """

    name = "adaptive"
    SWITCH_AFTER = 2_000_000  # characters scanned with re before compiling Hyperscan

    def __init__(self, surfaces: Sequence[str], bounded: bool) -> None:
        self._surfaces, self._bounded = surfaces, bounded
        self._re = ReScanner(surfaces, bounded)
        self._fast: HyperscanScanner | None = None
        self._seen = 0
        self._switch_lock = threading.Lock()

    def prepare(self, expected_chars: int) -> bool:
        """Compile Hyperscan now if ``expected_chars`` more text will pass the switch anyway.

        A batch that knows its input size calls this before forking workers, so the compile
        is paid once and inherited. Returns whether Hyperscan is in use afterwards.
        """
        if self._fast is None and self._seen + expected_chars > self.SWITCH_AFTER:
            self._switch()
        return self._fast is not None

    def _switch(self) -> None:
        with self._switch_lock:
            if self._fast is not None:  # another thread switched while this one waited
                return
            fast = HyperscanScanner(self._surfaces, self._bounded)
            self.name = "adaptive (hyperscan)"
            self._fast = fast  # published last: other threads see a scanner ready to use

    def anchors(self, text: str) -> list[tuple[int, int]]:
        """Return the marker spans of ``text`` (see ``Scanner``)."""
        return list(self.iter_anchors(text))

    def iter_anchors(self, text: str) -> Iterator[tuple[int, int]]:
        """Yield the marker spans of ``text`` lazily (see ``Scanner``)."""
        fast = self._fast
        if fast is not None:
            return fast.iter_anchors(text)
        self._seen += len(text)
        if self._seen > self.SWITCH_AFTER:
            self._switch()
        return self._re.iter_anchors(text)


@functools.cache
def scanner(lang: str = "en", kind: str | None = None) -> Scanner:
    """Return the marker scanner of ``lang`` (cached): Hyperscan when installed, else ``re``.

    Args:
        lang: Language of the lexicon.
        kind: "re" or "hyperscan" to force one; default from ``MONEYX_SCANNER`` or automatic.

    Returns:
        A scanner; ``scanner().name`` says which.

    Example:
        >>> scanner("en", "re").anchors("paid 300 yuan and $5")
        [(9, 13), (18, 19)]

    """
    lex = lexicon(lang)
    surfaces = _surfaces(lex)
    choice = kind or os.environ.get("MONEYX_SCANNER", "auto")
    if choice == "hyperscan":
        return HyperscanScanner(surfaces, lex.word_boundaries)
    if choice == "auto" and importlib.util.find_spec("hyperscan") is not None:
        return AdaptiveScanner(surfaces, lex.word_boundaries)
    return ReScanner(surfaces, lex.word_boundaries)
