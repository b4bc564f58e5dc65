"""The former pure-``re`` marker scanner of ``moneyx.scan``, kept as the parity oracle only.

Until issue 18 the engine scanned markers with this trie alternation (built by
``moneyx.scan.bounded_pattern``, which still builds the context rules' unguarded tries) or
Hyperscan with the same anchors. The compiled core replaced both; this scanner stays here,
outside the package, so ``test_scanner_parity.py`` can prove the core finds exactly the anchors
it found, document by document, on the corpora. Nothing in ``moneyx`` imports it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from moneyx.lexicon import Lexicon, lexicon
from moneyx.scan import ascii_lower, bounded_pattern


def surfaces(lex: Lexicon) -> list[str]:
    """The scan's word list of a lexicon: every surface lower-cased, sorted.

    A case-sensitive sign is listed with its ASCII letters folded too: the scan folds ASCII
    case only, so "VNĐ" matches as "vnĐ", never as "vnđ".
    """
    cs = {s.lower() for s in lex.cs_list} | {ascii_lower(s) for s in lex.cs_list}
    return sorted(cs | set(lex.ci_list))


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
        for m in self._pattern.finditer(ascii_lower(text)):
            yield m.span()


def reference_scanner(lang: str = "en") -> ReScanner:
    """Build the ``re`` scanner of ``lang`` as ``moneyx.scan.scanner`` did before the core."""
    lex = lexicon(lang)
    return ReScanner(surfaces(lex), lex.word_boundaries)
