"""Pathological inputs: extraction time must grow linearly with the input.

Each case builds its input at sizes n/64, n/16, n/4 and n and runs ``extract_amounts`` on each,
stopping at the first step that is superlinear (so a quadratic engine fails in seconds instead of
hanging). A linear engine takes ~4x longer per x4 of input, a quadratic one ~16x; a step fails
above ``MAX_GROWTH`` (10x, i.e. 2.5x slack over linear), and the largest input must also stay
under a fixed ceiling. ``tests/test_pathological.py`` runs such inputs under the ``regex``
module's ``timeout=`` so that a catastrophic pattern fails loudly there instead of hanging CI.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from _benchlib import NOTES, Corpus, get_corpus

N = 100_000
MAX_GROWTH = 10.0  # per x4 of input: linear is ~4, quadratic ~16
CEILING_S = 2.0  # for the ~100k-repeat inputs (100 KB .. 1 MB of text)
CEILING_10MB_S = 60.0


def _words(n: int) -> str:
    return "one hundred and " * (n // 16) + "won"


CASES: dict[str, Callable[[int], str]] = {
    "commas 1,1,1,...": lambda n: "1," * n,
    "dots 1.1.1....": lambda n: "1." * n,
    "spaced digits 1 1 1 ...": lambda n: "1 " * n,
    "dollars $$$...": lambda n: "$" * n,
    "digits 999... (n-digit number)": lambda n: "9" * n,
    "$ + n digits": lambda n: "$" + "9" * n,
    "n digits + won": lambda n: "9" * n + " won",
    "digits with commas $9,999,...": lambda n: "$9" + ",999" * (n // 4),
    "ranges $1-$1-...": lambda n: "$1-" * (n // 3),
    "scale words $1 million million ...": lambda n: "$1" + " million" * (n // 8),
    "number words one hundred and ...": _words,
    "open parens $1 ($1 ($1 ...": lambda n: "$1 (" * (n // 4),
    "hedges about about ... $1": lambda n: "about " * (n // 6) + "$1",
    "won won won ...": lambda n: "won " * (n // 4),
    "dense mentions 1 mln dlrs ...": lambda n: "1 mln dlrs, " * (n // 12),
    "spaces then won": lambda n: "5" + " " * n + "won",
}


def _best(fn: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def _check_linear(
    benchmark: Any,
    name: str,
    make: Callable[[int], str],
    n: int,
    extract: Callable[..., list[Any]],
    ceiling: float,
) -> None:
    """Time sizes n/64, n/16, n/4 (stopping at the first superlinear step), then benchmark n."""
    sizes = [n // 64, n // 16, n // 4]
    prev: tuple[int, float] | None = None
    for size in sizes:
        text = make(size)
        t = _best(lambda text=text: extract(text))
        if prev is not None:
            _assert_growth(name, prev, (len(text), t))
        assert t <= ceiling, f"{name}: {t:.2f} s on {len(text):,} chars (ceiling {ceiling} s)"
        prev = (len(text), t)
    big = make(n)
    assert prev is not None
    # One run first, so a superlinear engine fails after one big run rather than three.
    t_once = _best(lambda: extract(big), repeat=1)
    _assert_growth(name, prev, (len(big), t_once))
    assert t_once <= ceiling, f"{name}: {t_once:.2f} s on {len(big):,} chars (ceiling {ceiling} s)"
    mentions = benchmark.pedantic(lambda: len(extract(big)), rounds=3, iterations=1)
    t_big = float(benchmark.stats.stats.min)
    growth = _assert_growth(name, prev, (len(big), t_big))
    benchmark.extra_info.update(
        chars=len(big), best_s=round(t_big, 6), growth_last_x4=round(growth, 2), mentions=mentions
    )
    NOTES.append(
        f"pathological {name}: {len(big):,} chars in {t_big * 1000:.1f} ms "
        f"({len(big) / t_big / 1e6:.2f} MB/s), x{growth:.1f} time for the last x4 of input"
    )
    assert t_big <= ceiling, f"{name}: {t_big:.2f} s on {len(big):,} chars (ceiling {ceiling} s)"


def _assert_growth(name: str, small: tuple[int, float], big: tuple[int, float]) -> float:
    """Assert time grew at most MAX_GROWTH/4 per unit of size growth; return the time ratio.

    Times under half a millisecond are dominated by fixed costs and noise, so the small time is
    floored there (which can only hide growth in inputs that stay tiny in absolute terms).
    """
    size_ratio = big[0] / small[0]
    growth = big[1] / max(small[1], 0.0005)
    assert growth <= MAX_GROWTH * size_ratio / 4, (
        f"{name}: time grew x{growth:.1f} ({small[1] * 1000:.1f} -> {big[1] * 1000:.1f} ms) "
        f"for x{size_ratio:.1f} input ({small[0]:,} -> {big[0]:,} chars): superlinear"
    )
    return growth


@pytest.mark.parametrize("name", list(CASES))
def test_pathological(benchmark: Any, name: str, extract: Callable[..., list[Any]]) -> None:
    benchmark.group = "pathological"
    _check_linear(benchmark, name, CASES[name], N, extract, CEILING_S)


def test_ten_megabytes(benchmark: Any, extract: Callable[..., list[Any]], corpus_dir: Any) -> None:
    """10 MB in one string: the generated NK corpus glued and repeated (dense money text)."""
    benchmark.group = "pathological 10 MB"
    nk: Corpus = get_corpus("nk", corpus_dir)
    blob = "\n\n".join(nk.docs)
    repeated = blob * (10_000_000 // len(blob) + 1)
    _check_linear(
        benchmark, "10 MB of NK text", lambda n: repeated[:n], 10_000_000, extract, CEILING_10MB_S
    )
