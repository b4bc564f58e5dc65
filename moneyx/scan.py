"""Find currency markers (symbols, codes, names) in a text with one fast scan.

This is the anchor-first half of the engine: everything else only looks at small neighbourhoods
of the markers found here. The scan runs in the compiled core (``moneyx._core``, Rust): one
Aho-Corasick automaton over every surface of the language's lexicon, built from the same data
files at first use, with the GIL released while it runs. It is full speed from the first
document (no warm-up, no second scanner to switch to) and one scanner serves every thread.

Matching: ASCII letters match case-insensitively; at each position, leftmost first, the longest
surface whose letter boundaries hold wins (a letter-initial surface touches no letter before
it, a letter-final one none after it, a one-letter unit such as "c" or "p" no letter or digit
after it); languages without word boundaries (Korean) skip those checks. Offsets are ``str``
indices. ``tests/test_scanner_parity.py`` holds the former pure-``re`` scanner (built with
``bounded_pattern``, the one trie builder here, which ``trie_pattern`` serves unguarded to the
context rules) as the oracle the core is checked against on every document of the corpora.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import Protocol

from moneyx.native import core
from moneyx.patcache import cached_source

__all__ = [
    "NativeScanner",
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
        """Yield the spans ``anchors`` returns, one at a time (memory bounded by a batch)."""
        ...


def trie_pattern(words: Iterable[str]) -> str:
    """Build a prefix-factored alternation matching any of ``words`` (longest first).

    The unguarded form of :func:`bounded_pattern` (one trie builder for both).

    Example:
        >>> trie_pattern(["won", "wons", "yen"])
        '(?:(?:won(?:s|)|yen))'

    """
    return "(?:" + cached_source("trie-unbounded-v1", words, _unbounded) + ")"


def _unbounded(words: list[str]) -> str:
    return bounded_pattern(words, bounded=False)


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


class NativeScanner:
    """The marker scan of one language in the compiled core (thread-safe, GIL released)."""

    name = "native"

    def __init__(self, lang: str) -> None:
        self._core = core(lang)

    BATCH = 1 << 16  # anchors per call of iter_anchors: bounds what is held at once

    def anchors(self, text: str) -> list[tuple[int, int]]:
        """Return the marker spans of ``text`` (see ``Scanner``)."""
        return self._core.anchors(text)

    def iter_anchors(self, text: str, batch: int = BATCH) -> Iterator[tuple[int, int]]:
        """Yield the marker spans of ``text`` batch by batch (see ``Scanner``).

        Example:
            >>> list(scanner("en").iter_anchors("$1, $2 and 3 won", batch=1))
            [(0, 1), (4, 5), (13, 16)]

        """
        pos = chars = 0
        done = False
        while not done:
            spans, pos, chars, done = self._core.anchors_batch(text, pos, chars, batch)
            yield from spans


@functools.cache
def scanner(lang: str = "en") -> Scanner:
    """Return the marker scanner of ``lang`` (cached; built by the core at first use).

    Args:
        lang: Language of the lexicon.

    Returns:
        The scanner (shared by every thread).

    Example:
        >>> scanner("en").anchors("paid 300 yuan and $5")
        [(9, 13), (18, 19)]

    """
    return NativeScanner(lang)
