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
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from importlib import resources
from typing import NamedTuple

from moneyx.eras import era_of

__all__ = ["kr_wage_floor", "rate_evidence", "rate_guess", "rate_span"]

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
def _gloss_bands() -> dict[tuple[int, str], list[tuple[str, str, float, float]]]:
    """Map (year, code) -> [(kind, unit, low, high)] of units per USD.

    From ``data/gloss_rates.csv``, built by ``scripts/build_gloss_rates.py`` from the rate
    tables in ``rates/``. ``unit`` is "old" or "new" for the won of North Korea, else "".
    """
    text = resources.files("moneyx").joinpath("data/gloss_rates.csv").read_text("utf-8")
    out: dict[tuple[int, str], list[tuple[str, str, float, float]]] = {}
    for r in csv.DictReader(io.StringIO(text)):
        key = (int(r["year"]), r["currency"])
        out.setdefault(key, []).append((r["kind"], r["unit"], float(r["low"]), float(r["high"])))
    return out


@functools.cache
def _envelope(code: str) -> tuple[Decimal, Decimal] | None:
    """Return the lowest and highest units of ``code`` per USD in any year, of any kind."""
    if code == "USD":
        return Decimal(1), Decimal(1)
    rows = [
        (lo, hi) for (_, c), bands in _gloss_bands().items() if c == code for _, _, lo, hi in bands
    ]
    if not rows:
        return None
    return Decimal(str(min(lo for lo, _ in rows))), Decimal(str(max(hi for _, hi in rows)))


_SPAN_MARGIN = Decimal("1.5")  # a quoted level may stray this far beyond the recorded history


def rate_span(quoted: Iterable[str], base: Iterable[str]) -> tuple[Decimal, Decimal] | None:
    """Return the range a rate of one of ``quoted`` per one unit of ``base`` has ever covered.

    The widest historical range, all years and kinds (official and market), widened by half
    either way; None when no pair of codes has bands. The rate of a currency against itself is
    no rate.

    Example:
        >>> lo, hi = rate_span(["KRW"], ["USD"])
        >>> lo < 1000 < 2000 < hi
        True

    """
    out: tuple[Decimal, Decimal] | None = None
    for q in quoted:
        for b in base:
            qe, be = _envelope(q), _envelope(b)
            if q == b or qe is None or be is None:
                continue
            lo, hi = qe[0] / be[1] / _SPAN_MARGIN, qe[1] / be[0] * _SPAN_MARGIN
            out = (lo, hi) if out is None else (min(out[0], lo), max(out[1], hi))
    return out


@functools.cache
def _years(code: str) -> tuple[int, ...]:
    """Return the years the bands of ``code`` cover (every year for the dollar itself)."""
    table = _gloss_bands()
    if code == "USD":
        return tuple(sorted({year for year, _ in table}))
    return tuple(sorted(year for year, c in table if c == code))


@functools.cache
def _bands(code: str, year: int, unit: str | None) -> tuple[tuple[str, float, float], ...]:
    """Return the bands of ``code`` in ``year``, of the won unit ``unit`` (None: any unit)."""
    if code == "USD":
        return (("reference", 1.0, 1.0),)
    return tuple(
        (kind, lo, hi)
        for kind, u, lo, hi in _gloss_bands().get((year, code), [])
        if unit is None or u == unit
    )


# How close the rate a conversion implies must come to a candidate's band (a factor of 1.5:
# hedged, rounded glosses), and how much worse the runner-up must fit (a further 2x).
_FIT_FACTOR = 1.5
_RATE_FIT = math.log(_FIT_FACTOR)
_RATE_MARGIN = math.log(2)
# An undated pair whose rate fits several candidates in some years is a guess for the one it
# fits in at least half of its years and 4 times as often as any other.
_GUESS_SHARE = 0.5
_GUESS_ODDS = 4.0


def _rate(x: float) -> str:
    """Write a rate for a reason: 4 significant digits, thousands grouped, never 2e+04."""
    if x >= 1000:
        return f"{round(x):,}"
    return f"{x:.4g}"


class _Fit(NamedTuple):
    """How well one candidate's bands fit the rate a pair implies, over the years looked at."""

    gap: float  # the least log-distance between the implied rate and a band (0: inside)
    label: str  # that band, for the reason ("KRW 1,082-1,204 per USD in 2017")
    fitting: tuple[int, ...]  # the years in which some band fits within _RATE_FIT
    placed: int  # the years in which both sides had a band


def _unit(code: str, day: date | None) -> str | None:
    """Return the unit of ``code`` on ``day`` ("old"/"new" won, else ""), None if undated."""
    if day is None:
        return None
    era = era_of(code, day)
    return era.unit if era is not None else ""


def _fit_year(
    code: str, known_code: str, ratio: float, year: int, units: tuple[str | None, str | None]
) -> tuple[float, str, float, float] | None:
    """Return the best (gap, kind, low, high) of ``code`` against a pair's rate in a year.

    ``units`` are the won units of ``code`` and ``known_code`` (None: any); None when either
    side has no band that year.
    """
    known_bands = _bands(known_code, year, units[1])
    bands = _bands(code, year, units[0])
    if not known_bands or not bands:
        return None
    best: tuple[float, str, float, float] | None = None
    for k_kind, k_lo, k_hi in known_bands:
        lo, hi = ratio * k_lo, ratio * k_hi  # implied units of ``code`` per USD
        for kind, c_lo, c_hi in bands:
            if code == known_code and kind != k_kind:
                continue  # one currency at two of its own rates is no conversion
            gap = lo / c_hi if lo > c_hi else c_lo / hi if c_lo > hi else 1.0
            if best is None or gap < best[0]:
                best = (gap, kind, c_lo, c_hi)
    return None if best is None else (math.log(best[0]), *best[1:])


def _label(code: str, year: int, kind: str, lo: float, hi: float) -> str:
    """Name a band for a reason: "KRW 1,082-1,204 per USD in 2017"."""
    band = _rate(lo) if lo == hi else f"{_rate(lo)}-{_rate(hi)}"
    name = f"{code} {kind}" if code == "KPW" else code
    return f"{name} {band} per USD in {year}"


@functools.cache
def _history(code: str) -> tuple[tuple[int, str, float, float], ...]:
    """Return every band of ``code``, both won units, by year: (year, kind, low, high)."""
    return tuple((y, kind, lo, hi) for y in _years(code) for kind, lo, hi in _bands(code, y, None))


def _fit_history(code: str, ratio: float) -> _Fit | None:
    """Fit ``code`` to a rate per USD in every year of its history (the undated dollar pair)."""
    fit = _FIT_FACTOR
    best: tuple[float, int, str, float, float] | None = None
    fitting: set[int] = set()
    years: set[int] = set()
    for year, kind, lo, hi in _history(code):
        years.add(year)
        gap = ratio / hi if ratio > hi else lo / ratio if lo > ratio else 1.0
        if gap <= fit:
            fitting.add(year)
        if best is None or gap < best[0]:
            best = (gap, year, kind, lo, hi)
    if best is None:
        return None
    gap, year, kind, lo, hi = best
    label = _label(code, year, kind, lo, hi)
    return _Fit(math.log(gap), label, tuple(sorted(fitting)), len(years))


def _fit(code: str, known_code: str, ratio: float, day: date | None) -> _Fit | None:
    """Fit ``code`` in the document's year (its won unit), or in every year when undated."""
    if day is None and known_code == "USD" and code != "USD":
        return _fit_history(code, ratio)
    # a story quotes this year's rates or last year's; with no date, any year's
    years = (day.year, day.year - 1) if day is not None else _years(code)
    units = (_unit(code, day), _unit(known_code, day))
    best: tuple[float, int, str, float, float] | None = None
    fitting: list[int] = []
    placed = 0
    for year in years:
        got = _fit_year(code, known_code, ratio, year, units)
        if got is None:
            continue
        placed += 1
        if got[0] <= _RATE_FIT:
            fitting.append(year)
            if day is not None and best is not None and best[0] <= _RATE_FIT:
                continue  # the document's own year names the band when it fits
        if best is None or got[0] < best[0]:
            best = (got[0], year, got[1], got[2], got[3])
    if best is None:
        return None
    gap, year, kind, lo, hi = best
    return _Fit(gap, _label(code, year, kind, lo, hi), tuple(fitting), placed)


def _fits(
    known: tuple[str, Decimal, str], value: Decimal, cands: Sequence[str], day: date | None
) -> tuple[tuple[_Fit, str], ...] | None:
    """Fit every candidate to the pair, best first (None: no evidence to weigh)."""
    known_code, known_value, _ = known
    if not known_value or not value or len(cands) < 2:
        return None
    return _fits_at(known_code, float(abs(value) / abs(known_value)), tuple(cands), day)


@functools.lru_cache(maxsize=4096)
def _fits_at(
    known_code: str, ratio: float, cands: tuple[str, ...], day: date | None
) -> tuple[tuple[_Fit, str], ...] | None:
    if not all(_years(code) for code in cands):
        return None  # a candidate without a band: the pair cannot rule it out
    fits: list[tuple[_Fit, str]] = []
    for code in cands:
        got = _fit(code, known_code, ratio, day)
        if got is None:
            return None  # a candidate we cannot place: the pair cannot rule it out
        fits.append((got, code))
    fits.sort(key=lambda f: (f[0].gap, f[1]))
    return tuple(fits)


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
    (market and official for KPW) is set against it: the bands of the document's year and the
    year before (a story quotes last year's rates too), or with no date every year's (both
    units of the North Korean won). The candidate that fits within
    a factor of 1.5 wins if every other one is off by a further factor of 2. A candidate
    without a band or a zero amount: no evidence (None).

    Returns:
        (code, reason) or None.

    Example:
        >>> from datetime import date
        >>> rate_evidence(("USD", Decimal(900), "$900"), Decimal(10**6), ("KPW", "KRW"),
        ...               date(2019, 5, 1))[0]
        'KRW'
        >>> rate_evidence(("USD", Decimal("0.27"), "27 cents"), Decimal(40), ("KPW", "KRW"),
        ...               None)[0]
        'KPW'

    """
    fits = _fits(known, value, cands, day)
    if fits is None:
        return None
    (best, code), (runner, _) = fits[0], fits[1]
    if best.gap > _RATE_FIT or runner.gap - best.gap < _RATE_MARGIN:
        return None
    known_code, _, known_text = known
    if day is not None:
        return code, f"conversion pair with {known_text!r} ({known_code}) fits the {best.label}"
    others = "/".join(c for _, c in fits[1:])
    return code, (
        f"conversion pair with {known_text!r} ({known_code}), undated, fits the {best.label}, "
        f"and no {others} rate of any year"
    )


def rate_guess(
    known: tuple[str, Decimal, str], value: Decimal, cands: Sequence[str]
) -> tuple[str, str] | None:
    """Guess the currency of an undated conversion pair from the years each candidate fits.

    With no date, a rate such as 1,370 won to the dollar fits the South Korean won in most
    years since 1990 but the North Korean market won only in the few years it passed through
    that range. The candidate that fits in at least half of its years, and 4 times as often
    (as a share of its years) as every other, is the guess; the reason says it is one.

    Returns:
        (code, reason) or None.

    Example:
        >>> rate_guess(("USD", Decimal(73), "$73"), Decimal(100000), ("KPW", "KRW"))[0]
        'KRW'

    """
    fits = _fits(known, value, cands, None)
    if fits is None:
        return None
    shares = sorted(
        ((len(f.fitting) / f.placed if f.placed else 0.0, code, f) for f, code in fits),
        key=lambda s: (-s[0], s[1]),
    )
    (share, code, _), rest = shares[0], shares[1:]
    if share < _GUESS_SHARE or any(s * _GUESS_ODDS > share for s, _, _ in rest):
        return None
    known_code, known_value, known_text = known
    rate = _rate(float(abs(value) / abs(known_value)))
    counts = ", ".join(f"{c} in {len(f.fitting)} of {f.placed}" for _, c, f in shares)
    return code, (
        f"a guess: the undated conversion pair with {known_text!r} ({known_code}) implies "
        f"{rate} per {known_code}, a rate of {code} in most years ({counts} years)"
    )
