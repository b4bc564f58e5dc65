"""Rate lookups and normalization: scalar lookups/s and vectorized normalization of 1M mentions.

In the same run:

* ``lookup floor`` -- ``numpy.searchsorted`` on the CNY series for the same dates (the cost of the
  bare index probe); ``lookup`` -- ``RateStore.lookup`` for a fixed mix of currencies, kinds and
  dates (policy checks, RateQuote records). Reported as lookups/s and lookup/floor.
* ``normalize scalar`` -- ``normalize()`` per mention over 20,000 mentions; ``normalize_frame`` --
  the vectorized path over 1,000,000 mentions (``merge_asof`` by currency + Decimal arithmetic),
  and ``merge_asof floor`` -- one bare ``pandas.merge_asof`` of the same 1,000,000 dates on the
  CNY series (float, no Decimal). Reported as mentions/s and the ratios vector/scalar and
  vector/floor.

MONEYX_BENCH_MENTIONS overrides the 1,000,000 (e.g. 100000 for a quick run).
"""

from __future__ import annotations

import os
import random
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from _benchlib import NOTES

from moneyx.model import Money
from moneyx.normalize import normalize, normalize_frame
from moneyx.rates import LENIENT, RateStore

N_LOOKUPS = 10_000
N_SCALAR = 20_000
N_FRAME = int(os.environ.get("MONEYX_BENCH_MENTIONS", "1000000"))
MIX = ["CNY", "CNY", "KPW", "KRW", "USD", "EUR", "JPY", "RUB", "THB"]
FIGURES: dict[str, float] = {}


def _days(n: int, seed: int) -> list[date]:
    rng = random.Random(seed)
    start = date(2000, 1, 1)
    return [start + timedelta(days=rng.randrange(0, 25 * 365)) for _ in range(n)]


def _frame(n: int, seed: int) -> pd.DataFrame:
    rng = random.Random(seed)
    days = _days(n, seed)
    return pd.DataFrame(
        {
            "value": [str(rng.randrange(1, 10**6)) for _ in range(n)],
            "currency": [rng.choice(MIX) for _ in range(n)],
            "doc_date": [d.isoformat() for d in days],
        }
    )


@pytest.fixture(scope="module")
def store() -> RateStore:
    s = RateStore.default()
    for c in set(MIX) - {"USD"}:  # build the cached series outside the timings
        s.series(c, "USD")
    s.series("KPW", "CNY")
    return s


def _note(key: str, value: float) -> None:
    FIGURES[key] = value
    if len(FIGURES) == 1:
        NOTES.append("rates/normalize figures (this run):")
    NOTES.append(f"  {key}: {value:,.3g}" if value < 100 else f"  {key}: {value:,.0f}")


def test_lookup_floor(benchmark, store):
    s = store.series("CNY", "USD")
    xs = np.array([(d - date(1970, 1, 1)).days for d in _days(N_LOOKUPS, 1)], dtype=np.int64)

    def run() -> int:
        total = 0
        for x in xs:
            total += int(np.searchsorted(s.starts, x, side="right"))
        return total

    benchmark.pedantic(run, rounds=3, iterations=1)
    _note("searchsorted floor, probes/s", N_LOOKUPS / benchmark.stats.stats.min)


def test_scalar_lookups(benchmark, store):
    rng = random.Random(2)
    asks = [(rng.choice([c for c in MIX if c != "USD"]), d) for d in _days(N_LOOKUPS, 2)]

    def run() -> int:
        hits = 0
        for c, d in asks:
            try:
                store.lookup(c, d)
                hits += 1
            except LookupError:
                pass  # out of coverage is part of the mix (KPW market gaps)
        return hits

    hits = benchmark.pedantic(run, rounds=3, iterations=1)
    assert hits > N_LOOKUPS // 2
    rate = N_LOOKUPS / benchmark.stats.stats.min
    _note("RateStore.lookup, lookups/s", rate)
    floor = FIGURES.get("searchsorted floor, probes/s")
    if floor:
        _note("lookup / floor", rate / floor)


def test_scalar_normalize(benchmark, store):
    df = _frame(N_SCALAR, 3)
    items = [
        (Money(value=Decimal(v), currency=c), d)
        for v, c, d in zip(df["value"], df["currency"], df["doc_date"], strict=True)
    ]

    def run() -> int:
        ok = 0
        for m, d in items:
            try:
                normalize(m, doc_date=d, rates=store)
                ok += 1
            except LookupError:
                pass
        return ok

    benchmark.pedantic(run, rounds=1, iterations=1)
    _note("normalize() scalar, mentions/s", N_SCALAR / benchmark.stats.stats.min)


def test_merge_asof_floor(benchmark, store):
    s = store.series("CNY", "USD")
    right = pd.DataFrame(
        {"day": pd.to_datetime(s.starts, unit="D"), "rate": np.array([float(v) for v in s.values])}
    )
    left = pd.DataFrame({"day": pd.to_datetime(_frame(N_FRAME, 4)["doc_date"])}).sort_values("day")

    benchmark.pedantic(
        lambda: pd.merge_asof(
            left, right, on="day", direction="backward", tolerance=pd.Timedelta(days=7)
        ),
        rounds=1,
        iterations=1,
    )
    _note(f"merge_asof floor ({N_FRAME:,} rows), rows/s", N_FRAME / benchmark.stats.stats.min)


def test_normalize_frame_1m(benchmark, store):
    df = _frame(N_FRAME, 4)
    # lenient, as batch conversion: a row missing one target keeps the others (status ok)
    out = benchmark.pedantic(
        lambda: normalize_frame(df, rates=store, policy=LENIENT), rounds=1, iterations=1
    )
    assert len(out) == N_FRAME
    assert (out["status"] == "ok").mean() > 0.8
    rate = N_FRAME / benchmark.stats.stats.min
    _note(f"normalize_frame ({N_FRAME:,} mentions), mentions/s", rate)
    scalar = FIGURES.get("normalize() scalar, mentions/s")
    if scalar:
        _note("normalize_frame / scalar normalize", rate / scalar)
    floor = FIGURES.get(f"merge_asof floor ({N_FRAME:,} rows), rows/s")
    if floor:
        _note("normalize_frame / merge_asof floor", rate / floor)
