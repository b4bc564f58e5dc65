"""Exchange-rate bands and wage floors: the numeric evidence of the currency ladder.

``rate_evidence`` places a conversion pair ("1 million won ($900)") or a quoted rate ("8,100 won
to the dollar") in each candidate currency's band of rates that year (``data/gloss_rates.csv``,
built from ``rates/`` by ``scripts/build_gloss_rates.py``); ``kr_wage_floor`` is the least
plausible South Korean wage in a year (``data/kr_minimum_wage.csv``).
"""

from __future__ import annotations

import csv
import functools
import io
import math
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from importlib import resources

from moneyx.eras import era_of

__all__ = ["kr_wage_floor", "rate_evidence"]

_MARGIN = Decimal("0.25")  # a wage under a quarter of the minimum is not a South Korean wage
# hours of work a wage of each period pays for (the Minimum Wage Act counts 209 hours a month)
_HOURS = {
    "hour": Decimal(1),
    "day": Decimal(8),
    "week": Decimal(40),
    "month": Decimal(209),
}  # not-lexicon: per labels


@functools.cache
def _kr_minimum_wage() -> dict[int, Decimal]:
    """South Korea's minimum wage per hour by year (``moneyx/data/kr_minimum_wage.csv``)."""
    text = resources.files("moneyx").joinpath("data/kr_minimum_wage.csv").read_text("utf-8")
    rows = [line for line in text.splitlines() if line and not line.startswith("#")]
    return {int(r["year"]): Decimal(r["krw_per_hour"]) for r in csv.DictReader(rows)}


def kr_wage_floor(per: str, year: int) -> Decimal | None:
    """Return the least plausible South Korean wage per ``per`` in ``year`` (None if unknown).

    Example:
        >>> kr_wage_floor("month", 2007)
        Decimal('181830.00')

    """
    table = _kr_minimum_wage()
    if year < min(table):
        return None
    hourly = table[min(year, max(table))]
    if per == "year":
        return hourly * _HOURS["month"] * 12 * _MARGIN
    hours = _HOURS.get(per)
    return None if hours is None else hourly * hours * _MARGIN


@functools.cache
def _gloss_bands() -> dict[tuple[int, str, str], list[tuple[str, float, float]]]:
    """Map (year, code, unit) -> [(kind, low, high)] of units per USD.

    From ``data/gloss_rates.csv``, built by ``scripts/build_gloss_rates.py`` from the rate
    tables in ``rates/``.
    """
    text = resources.files("moneyx").joinpath("data/gloss_rates.csv").read_text("utf-8")
    out: dict[tuple[int, str, str], list[tuple[str, float, float]]] = {}
    for r in csv.DictReader(io.StringIO(text)):
        key = (int(r["year"]), r["currency"], r["unit"])
        out.setdefault(key, []).append((r["kind"], float(r["low"]), float(r["high"])))
    return out


def _bands(code: str, day: date) -> list[tuple[str, float, float]]:
    if code == "USD":
        return [("reference", 1.0, 1.0)]
    era = era_of(code, day)
    return _gloss_bands().get((day.year, code, era.unit if era is not None else ""), [])


# How close the rate a conversion implies must come to a candidate's band (a factor of 1.5:
# hedged, rounded glosses), and how much worse the runner-up must fit (a further 2.5x).
_RATE_FIT = math.log(1.5)
_RATE_MARGIN = math.log(2.5)


def _rate(x: float) -> str:
    """Write a rate for a reason: 4 significant digits, thousands grouped, never 2e+04."""
    if x >= 1000:
        return f"{round(x):,}"
    return f"{x:.4g}"


def rate_evidence(
    known: tuple[str, Decimal, str],
    value: Decimal,
    cands: Sequence[str],
    day: date | None,
) -> tuple[str, str] | None:
    """Pick the candidate whose exchange rate fits a conversion pair, if exactly one does.

    ``known`` is (code, value, text) of the other side of the pair ("$900" as USD) and
    ``value`` this side's amount ("1 million won"): the pair implies ``value / known value``
    of this currency per unit of the known one. Each candidate's yearly band of rates per USD
    (market and official for KPW) is set against it; the candidate that fits within a factor
    of 1.5 wins if every other one is off by a further factor of 2.5. No date, a candidate
    without a band or a zero amount: no evidence (None).

    Returns:
        (code, reason) or None.

    Example:
        >>> from datetime import date
        >>> rate_evidence(("USD", Decimal(900), "$900"), Decimal(10**6), ("KPW", "KRW"),
        ...               date(2019, 5, 1))[0]
        'KRW'

    """
    known_code, known_value, known_text = known
    if day is None or not known_value or not value or len(cands) < 2:
        return None
    ratio = float(abs(value) / abs(known_value))
    known_bands = _bands(known_code, day)
    if not known_bands:
        return None
    fits: list[tuple[float, str, str]] = []
    for code in cands:
        bands = _bands(code, day)
        if not bands:
            return None  # a candidate we cannot place: the pair cannot rule it out
        best: tuple[float, str] | None = None
        for k_kind, k_lo, k_hi in known_bands:
            lo, hi = ratio * k_lo, ratio * k_hi  # implied units of ``code`` per USD
            for kind, c_lo, c_hi in bands:
                if code == known_code and kind != k_kind:
                    continue  # one currency at two of its own rates is no conversion
                gap = max(0.0, math.log(lo / c_hi), math.log(c_lo / hi))
                if best is None or gap < best[0]:
                    band = _rate(c_lo) if c_lo == c_hi else f"{_rate(c_lo)}-{_rate(c_hi)}"
                    label = f"{code} {kind}" if code == "KPW" else code
                    best = (gap, f"{label} {band} per USD in {day.year}")
        if best is None:
            return None
        fits.append((best[0], code, best[1]))
    fits.sort()
    (gap, code, band), runner = fits[0], fits[1]
    if gap > _RATE_FIT or runner[0] - gap < _RATE_MARGIN:
        return None
    return code, f"conversion pair with {known_text!r} ({known_code}) fits the {band}"
