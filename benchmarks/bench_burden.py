"""Burden ratios: wage arithmetic through pint and reference-series lookups.

Measured next to a floor in the same run: the same division done with bare ``Decimal``
arithmetic (amount / (wage x 12)). The ratio floor/moneyx says what the pint registry, the input
checks and the notes cost per call; the lookup benchmarks say what a reference basis adds
(wages: 25 rows; rice: about 1,150 rows, several places).

Targets (ratios, so they hold across machines): one explicit-wage burden costs at most 1,000
floor divisions; a rice lookup with a place fallback at most 20x an explicit-wage burden.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from _benchlib import NOTES, check_target

from moneyx.burden import burden
from moneyx.model import Money

N = 200
AMOUNTS = [Money(value=Decimal(1_000_000 + 1_000 * i), currency="KPW") for i in range(N)]
WAGE = Money(value=Decimal(3000), currency="KPW", per="month")
DATES = [f"2015-09-{1 + i % 30:02d}" for i in range(N)]  # Chongjin falls back to Musan
_RESULTS: dict[str, float] = {}


def _floor() -> Decimal:
    total = Decimal(0)
    for a in AMOUNTS:
        total += a.value / (WAGE.value * 12)
    return total


def _explicit() -> Decimal:
    total = Decimal(0)
    for a in AMOUNTS:
        b = burden(a, WAGE)
        assert b.years is not None
        total += b.years
    return total


def _rice() -> Decimal:
    total = Decimal(0)
    for a, d in zip(AMOUNTS, DATES, strict=True):
        b = burden(a, basis="rice_kg", doc_date=d, place="Chongjin")
        assert b.kg is not None
        total += b.kg
    return total


def _state_wage() -> Decimal:
    total = Decimal(0)
    for a in AMOUNTS:
        b = burden(a, basis="nk_state_wage", doc_date="2011-04-20")
        assert b.years is not None
        total += b.years
    return total


def _bench(benchmark: Any, name: str, fn: Any) -> None:
    benchmark.group = "burden"
    fn()  # warm the registry and the table caches
    benchmark.pedantic(fn, rounds=5, iterations=1, warmup_rounds=1)
    per_call = float(benchmark.stats.stats.median) / N
    _RESULTS[name] = per_call
    NOTES.append(f"burden {name}: {1 / per_call:,.0f} calls/s")


def test_floor_decimal_division(benchmark: Any) -> None:
    _bench(benchmark, "floor (Decimal division)", _floor)


def test_burden_explicit_wage(benchmark: Any) -> None:
    _bench(benchmark, "explicit wage", _explicit)
    floor = _RESULTS.get("floor (Decimal division)")
    if floor:
        check_target("burden explicit wage: floor/moneyx", floor / _RESULTS["explicit wage"], 1e-3)


def test_burden_state_wage_lookup(benchmark: Any) -> None:
    _bench(benchmark, "nk_state_wage lookup", _state_wage)


def test_burden_rice_lookup_with_fallback(benchmark: Any) -> None:
    _bench(benchmark, "rice_kg lookup (Chongjin fallback)", _rice)
    explicit = _RESULTS.get("explicit wage")
    if explicit:
        ratio = explicit / _RESULTS["rice_kg lookup (Chongjin fallback)"]
        check_target("burden rice lookup: explicit/lookup", ratio, 0.05)
