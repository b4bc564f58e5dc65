"""The marker scan streams: anchors come one at a time, chunk edges change nothing."""

from __future__ import annotations

import importlib.util
import random

import pytest

from moneyx.lexicon import lexicon
from moneyx.scan import HyperscanScanner, ReScanner, _surfaces, scanner

TOKENS = ["$", "won", "yuan", " ", "a", "1", "원", "달러", "US$", "dollars", "é", "won's", "KRW"]
TOKENS.append("\n")


def test_iter_anchors_is_lazy_and_equals_anchors() -> None:
    text = "paid 300 yuan and $5, then 40 won" * 50
    scan = scanner("en", "re")
    it = scan.iter_anchors(text)
    assert next(it) == (9, 13)
    assert [(9, 13), *it] == scan.anchors(text)


@pytest.mark.skipif(importlib.util.find_spec("hyperscan") is None, reason="hyperscan not installed")
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_hyperscan_chunks_of_any_size_give_the_re_anchors(lang: str) -> None:
    lex = lexicon(lang)
    surfaces = _surfaces(lex)
    slow = ReScanner(surfaces, lex.word_boundaries)
    rng = random.Random(7)
    for chunk in (1, 3, 7, 64):
        fast = HyperscanScanner(surfaces, lex.word_boundaries)
        fast.CHUNK = chunk  # every marker straddles some chunk edge
        for _ in range(300):
            text = "".join(rng.choice(TOKENS) for _ in range(rng.randint(0, 40)))
            assert fast.anchors(text) == slow.anchors(text), text
