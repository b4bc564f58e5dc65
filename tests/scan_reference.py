"""The former pure-``re`` marker scanner of ``moneyx.scan``, kept as the parity oracle only.

Until issue 18 the engine scanned markers with this trie alternation (or Hyperscan with the
same anchors). The compiled core replaced both; this copy stays here, outside the package, so
``test_scanner_parity.py`` can prove the core finds exactly the anchors it found, document by
document, on the corpora. Nothing in ``moneyx`` imports it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from moneyx.lexicon import Lexicon, lexicon
from moneyx.scan import ascii_lower


def surfaces(lex: Lexicon) -> list[str]:
    """The scan's word list of a lexicon: every surface lower-cased, sorted."""
    return sorted({s.lower() for s in lex.cs_list} | set(lex.ci_list))


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
        low = ascii_lower(text)
        return [m.span() for m in self._pattern.finditer(low)]


def reference_scanner(lang: str = "en") -> ReScanner:
    """Build the ``re`` scanner of ``lang`` as ``moneyx.scan.scanner`` did before the core."""
    lex = lexicon(lang)
    return ReScanner(surfaces(lex), lex.word_boundaries)
