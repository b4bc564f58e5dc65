"""Currency eras: which unit of a currency circulated on a date, and its factor to today's unit.

The table ``eras.csv`` (shipped in ``moneyx/_rates``, built by ``scripts/build_rates.py``) lists
for each redenominated currency the periods of each unit and ``factor_to_current``, the number of
current units one unit of that period is worth. North Korea redenominated on 1959-02-13 and on
2009-11-30 (100 old won = 1 new won each time); Russia on 1998-01-01 (1,000 : 1).

An amount written in a document is taken to be in the unit circulating on the document's date:
a KPW amount in a document dated before 2009-11-30 is old won. Rate tables are in current units,
so the amount is multiplied by the era factor before a rate is applied.

A currency whose first era has a start date did not exist before it: the North Korean won was
introduced on 1947-12-06, so a won amount dated earlier is refused
(:func:`check_circulation` raises :class:`~moneyx.errors.NotInCirculationError`) instead of
being converted silently.

Example:
    >>> from datetime import date
    >>> era_of("KPW", date(2007, 2, 6)).unit
    'old'
    >>> factor_to_current("KPW", date(2009, 11, 30))
    Decimal('1')

"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from importlib import resources

from moneyx.errors import DataError, NotInCirculationError

__all__ = [
    "Era",
    "check_circulation",
    "era_of",
    "eras",
    "factor_to_current",
    "introduced",
    "power_of_ten",
    "step",
    "won_unit",
]

_TABLE = "eras.csv"


@dataclass(frozen=True, slots=True, kw_only=True)
class Era:
    """One period during which a currency unit circulated.

    Attributes:
        currency: ISO 4217 code of the currency today.
        valid_from: First day of the period (None: open start).
        valid_to: Last day of the period (None: still current).
        factor_to_current: Current units per one unit of this period (0.01 for old won).
        unit: Label of the unit ("old", "new", ...).
        event: What began the period.
        source: Citation.

    """

    currency: str
    valid_from: date | None
    valid_to: date | None
    factor_to_current: Decimal
    unit: str
    event: str = ""
    source: str = ""

    def covers(self, day: date) -> bool:
        """Return whether ``day`` falls in this era."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


def _parse_day(text: str, where: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise DataError(where, "date", f"bad date {text!r}") from exc


@functools.cache
def eras() -> tuple[Era, ...]:
    """Load the shipped era table once.

    Returns:
        Every era, sorted by currency and start date.

    Raises:
        DataError: The shipped table is malformed.

    Example:
        >>> sorted({e.currency for e in eras()})
        ['KPW', 'RUB']

    """
    res = resources.files("moneyx") / "_rates" / _TABLE
    text = res.read_text(encoding="utf-8")
    out: list[Era] = []
    for line, rec in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        where = f"{_TABLE}:{line}"
        try:
            factor = Decimal(rec["factor_to_current"])
        except (InvalidOperation, KeyError) as exc:
            raise DataError(where, "factor_to_current", "not a number") from exc
        out.append(
            Era(
                currency=rec["currency"],
                valid_from=_parse_day(rec["valid_from"], where),
                valid_to=_parse_day(rec["valid_to"], where),
                factor_to_current=factor,
                unit=rec["unit"],
                event=rec["event"],
                source=rec["source"],
            )
        )
    out.sort(key=lambda e: (e.currency, e.valid_from or date.min))
    return tuple(out)


@functools.cache
def _of_currency(currency: str) -> tuple[Era, ...]:
    return tuple(e for e in eras() if e.currency == currency)


def era_of(currency: str, day: date) -> Era | None:
    """Return the era of ``currency`` on ``day``, or None for a currency never redenominated.

    Args:
        currency: ISO 4217 code.
        day: The date (of the document).

    Returns:
        The era record, or None when the table has no era for the currency.

    Example:
        >>> from datetime import date
        >>> era_of("KPW", date(2009, 11, 29)).factor_to_current
        Decimal('0.01')
        >>> era_of("CNY", date(2009, 11, 29)) is None
        True

    """
    for era in _of_currency(currency):
        if era.covers(day):
            return era
    return None


def introduced(currency: str) -> date | None:
    """Return the day a currency was introduced when ``eras.csv`` states it, else None.

    Example:
        >>> introduced("KPW").isoformat(), introduced("CNY")
        ('1947-12-06', None)

    """
    mine = _of_currency(currency)
    if not mine or mine[0].valid_from is None:
        return None
    return mine[0].valid_from


def check_circulation(currency: str, day: date) -> None:
    """Raise when ``currency`` did not circulate on ``day`` (before its introduction).

    Args:
        currency: ISO 4217 code.
        day: The date of the amount.

    Raises:
        NotInCirculationError: ``day`` is before the day ``eras.csv`` says the currency began.

    Example:
        >>> from datetime import date
        >>> check_circulation("KPW", date(1940, 1, 1))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        moneyx.errors.NotInCirculationError: no KPW on 1940-01-01: it circulates from 1947-12-06...

    """
    start = introduced(currency)
    if start is not None and day < start:
        era = next(e for e in eras() if e.currency == currency)
        raise NotInCirculationError(
            currency, day, start, None, f"{era.event or 'introduced'} (rates/eras.csv)"
        )


def factor_to_current(currency: str, day: date) -> Decimal:
    """Return the number of current units one unit of ``currency`` circulating on ``day`` is worth.

    Args:
        currency: ISO 4217 code.
        day: The date (of the document).

    Returns:
        The factor (1 for a currency without a redenomination).

    Example:
        >>> from datetime import date
        >>> factor_to_current("RUB", date(1995, 3, 1))
        Decimal('0.001')

    """
    era = era_of(currency, day)
    return Decimal(1) if era is None else era.factor_to_current


def won_unit(day: date) -> str:
    """Return which North Korean won circulated on ``day``: "old", "new" (or "first" before 1959).

    Args:
        day: The date (of the document).

    Returns:
        The unit label of ``eras.csv``.

    Example:
        >>> from datetime import date
        >>> won_unit(date(2009, 11, 29)), won_unit(date(2009, 11, 30))
        ('old', 'new')

    """
    era = era_of("KPW", day)
    return "new" if era is None else era.unit


@functools.cache
def step(currency: str) -> Decimal:
    """Return the largest factor between two successive units of ``currency`` (1 if none).

    Example:
        >>> step("KPW")
        Decimal('100')

    """
    ours = sorted(_of_currency(currency), key=lambda e: e.factor_to_current)
    out = Decimal(1)
    for a, b in zip(ours, ours[1:], strict=False):
        if a.factor_to_current > 0:
            out = max(out, b.factor_to_current / a.factor_to_current)
    return Decimal(int(out)) if out == out.to_integral_value() else out


def power_of_ten(x: Decimal) -> bool:
    """Tell whether ``x`` is 10, 100, 1,000 and so on (how a reform's units differ).

    Example:
        >>> power_of_ten(Decimal(100)), power_of_ten(Decimal(50))
        (True, False)

    """
    if x < 10 or x != x.to_integral_value():
        return False
    n = int(x)
    while n % 10 == 0:
        n //= 10
    return n == 1
