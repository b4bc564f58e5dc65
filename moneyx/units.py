"""The single private pint registry of moneyx, and money-per-time (wage) arithmetic.

Currencies are *not* pint units: a wage is a pint quantity of dimension 1/[time] (how many
units of money per period) and its currency travels beside it, handled by the rate store, so
that every currency conversion has a dated quote. Only time denominators (hour, day, week,
month, year) become pint quantities; other ``per`` labels ("household", "kg") stay labels.

Calendar conventions (stated in every burden result):

* ``Calendar.JULIAN`` (the default): pint's year of 365.25 days; month = year / 12
  (30.4375 days); week = 7 days; a day wage counts every calendar day.
* ``Calendar.COMMON``: a 365-day year; month = year / 12.
* ``Calendar.WEEKS_52``: a year of 52 weeks (364 days); month = year / 12.

An hourly wage has no meaning without working hours, which moneyx does not assume: it raises.

Example:
    >>> from decimal import Decimal
    >>> annual_rate(Decimal(3000), "month")
    Decimal('36000')
    >>> duration(Decimal(5000000), Decimal(3000), "month").to("year").magnitude.quantize(
    ...     Decimal("0.01"))
    Decimal('138.89')

"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from decimal import Decimal
from enum import Enum
from importlib import resources
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import pint

from moneyx.errors import DataError, InvalidPeriodError

if TYPE_CHECKING:  # pragma: no cover
    from pint import Quantity

__all__ = [
    "PERIODS",
    "Calendar",
    "InvalidPeriodError",
    "annual_rate",
    "calendar_of",
    "duration",
    "normalize_period",
    "periods_per_year",
    "rate_quantity",
    "registry",
    "tidy",
    "to_rate",
]

PERIODS = ("day", "week", "month", "year")  # not-lexicon: the canonical period labels
"""The time denominators a wage may be priced per."""


@functools.cache
def _period_words() -> tuple[Mapping[str, str], tuple[str, ...]]:
    """Load ``moneyx/data/periods.toml``: period word -> label, and the "per" words before one."""
    raw = tomllib.loads(resources.files("moneyx").joinpath("data/periods.toml").read_text("utf-8"))
    words = {str(k).lower(): str(v) for k, v in raw["words"].items()}
    bad = sorted(set(words.values()) - set(PERIODS) - {"hour"})
    if bad:
        raise DataError("moneyx/data/periods.toml", "words", f"unknown period labels {bad}")
    return MappingProxyType(words), tuple(f"{p} " for p in raw.get("prefixes", []))


class Calendar(Enum):
    """How long a year is when wages of different periods are compared.

    The value names the pint units used for (year, month) in the private registry.
    """

    JULIAN = "julian"
    COMMON = "common"
    WEEKS_52 = "weeks_52"

    @property
    def year_unit(self) -> str:
        """The pint unit of one year under this calendar."""
        return _YEAR_UNITS[self][0]

    @property
    def month_unit(self) -> str:
        """The pint unit of one month (a twelfth of the year) under this calendar."""
        return _YEAR_UNITS[self][1]

    @property
    def description(self) -> str:
        """The convention in words, for notes and CLI output."""
        return _YEAR_UNITS[self][2]


_YEAR_UNITS: dict[Calendar, tuple[str, str, str]] = {
    Calendar.JULIAN: ("year", "month", "year = 365.25 days (pint), month = year/12, week = 7 days"),
    Calendar.COMMON: (
        "moneyx_common_year",
        "moneyx_common_month",
        "year = 365 days, month = year/12, week = 7 days",
    ),
    Calendar.WEEKS_52: (
        "moneyx_weeks52_year",
        "moneyx_weeks52_month",
        "year = 52 weeks (364 days), month = year/12",
    ),
}


@functools.cache
def registry() -> pint.UnitRegistry[Any]:
    """Return moneyx's private pint registry (built once; never the application registry).

    Returns:
        A ``pint.UnitRegistry(non_int_type=Decimal)`` with the calendar units defined.

    Example:
        >>> registry() is registry()
        True

    """
    ureg: pint.UnitRegistry[Any] = pint.UnitRegistry(non_int_type=Decimal)
    ureg.define("moneyx_common_year = 365 * day")
    ureg.define("moneyx_common_month = moneyx_common_year / 12")
    ureg.define("moneyx_weeks52_year = 52 * week")
    ureg.define("moneyx_weeks52_month = moneyx_weeks52_year / 12")
    return ureg


def calendar_of(convention: Calendar | str | None) -> Calendar:
    """Return the Calendar for a convention given as an enum, its value, or None (Julian).

    Raises:
        InvalidPeriodError: For an unknown convention name.

    Example:
        >>> calendar_of("common") is Calendar.COMMON
        True

    """
    if convention is None:
        return Calendar.JULIAN
    if isinstance(convention, Calendar):
        return convention
    try:
        return Calendar(str(convention).lower())
    except ValueError as exc:
        known = ", ".join(c.value for c in Calendar)
        raise InvalidPeriodError(None, f"unknown calendar {convention!r} (known: {known})") from exc


def normalize_period(per: str | None) -> str:
    """Return the canonical time period of a ``per`` label ('monthly' -> 'month').

    Args:
        per: A period word ("month", "a month", "per month", "monthly", "/month").

    Returns:
        One of ``PERIODS``.

    Raises:
        InvalidPeriodError: When ``per`` is missing, is not a time unit, or is an hour.

    Example:
        >>> normalize_period("per month")
        'month'

    """
    if per is None or not str(per).strip():
        raise InvalidPeriodError(
            per, "a wage needs a period (day, week, month or year), e.g. '3000 KPW/month'"
        )
    words, prefixes = _period_words()
    word = str(per).strip().lower().lstrip("/").strip()
    for prefix in prefixes:
        if word.startswith(prefix):
            word = word[len(prefix) :].strip()
    found = words.get(word)
    if found is None:
        raise InvalidPeriodError(
            per, "not a time period; a wage must be priced per day, week, month or year"
        )
    if found == "hour":
        raise InvalidPeriodError(
            per,
            "an hourly wage needs working hours, which moneyx does not assume; "
            "give it per day, week, month or year",
        )
    return found


def _unit(period: str, calendar: Calendar) -> str:
    if period == "year":
        return calendar.year_unit
    if period == "month":
        return calendar.month_unit
    return period


def rate_quantity(
    value: Decimal, per: str | None, convention: Calendar | str | None = None
) -> Quantity[Any]:
    """Return ``value`` per ``per`` as a pint quantity of dimension 1/[time].

    Args:
        value: Money per period (the currency is kept by the caller, not by pint).
        per: The period ("month", "week", ...).
        convention: Calendar for month and year (default Julian).

    Returns:
        A quantity of the private registry, e.g. ``3000 / month``.

    Raises:
        InvalidPeriodError: For a missing or non-time period.

    Example:
        >>> from decimal import Decimal
        >>> str(rate_quantity(Decimal(3000), "monthly"))
        '3000 / month'

    """
    cal = calendar_of(convention)
    period = normalize_period(per)
    return registry().Quantity(Decimal(value), f"1 / {_unit(period, cal)}")


def to_rate(quantity: object) -> tuple[Decimal, str]:
    """Read a pint quantity of dimension 1/[time] (from any registry) as (value, period).

    The quantity is re-read into the private registry by its unit string, so quantities built
    with another registry never mix with ours.

    Args:
        quantity: e.g. ``ureg.Quantity(3000, "1/month")``.

    Returns:
        (amount per period, period) where period is the quantity's own time unit when it is one
        of day/week/month/year, else the amount per year.

    Raises:
        InvalidPeriodError: When the quantity is not money-per-time.

    Example:
        >>> to_rate(registry().Quantity(Decimal(700), "1/week"))
        (Decimal('700'), 'week')

    """
    try:
        magnitude = quantity.magnitude  # type: ignore[attr-defined]
        units = str(quantity.units)  # type: ignore[attr-defined]
    except AttributeError as exc:
        raise InvalidPeriodError(None, f"{quantity!r} is not a pint Quantity") from exc
    ureg = registry()
    try:
        ours = ureg.Quantity(Decimal(str(magnitude)), units)
    except (pint.errors.PintError, ValueError, ArithmeticError) as exc:
        raise InvalidPeriodError(units, f"cannot read quantity {quantity!r}: {exc}") from exc
    if ours.dimensionality != ureg.Quantity(Decimal(1), "1/year").dimensionality:
        raise InvalidPeriodError(
            units,
            f"{quantity!r} is not money per time (dimension 1/[time]); "
            "write e.g. Quantity(3000, '1/month') and pass the currency separately",
        )
    for period in PERIODS:
        if ours.units == ureg.Unit(f"1 / {period}"):
            return Decimal(ours.magnitude), period
    if ours.units == ureg.Unit("1 / hour"):
        normalize_period("hour")  # raises with the explanation
    return Decimal(ours.to("1/year").magnitude), "year"


def tidy(value: Decimal) -> Decimal:
    """Drop the trailing zeros pint's Decimal arithmetic leaves on whole numbers.

    Example:
        >>> tidy(Decimal("36000.000000"))
        Decimal('36000')

    """
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value


def annual_rate(
    value: Decimal, per: str | None, convention: Calendar | str | None = None
) -> Decimal:
    """Return a wage of ``value`` per ``per`` as money per year of the calendar.

    Raises:
        InvalidPeriodError: For a missing or non-time period.

    Example:
        >>> from decimal import Decimal
        >>> annual_rate(Decimal(100), "week").quantize(Decimal("0.01"))
        Decimal('5217.86')
        >>> annual_rate(Decimal(100), "day", "common")
        Decimal('36500')

    """
    cal = calendar_of(convention)
    q = rate_quantity(value, per, cal).to(f"1 / {cal.year_unit}")
    return tidy(Decimal(q.magnitude))


@functools.cache
def periods_per_year(per: str, convention: Calendar | str | None = None) -> Decimal:
    """Return how many ``per`` periods make one year of the calendar (computed once by pint).

    Raises:
        InvalidPeriodError: For a missing or non-time period.

    Example:
        >>> periods_per_year("month")
        Decimal('12')
        >>> periods_per_year("day", "common")
        Decimal('365')

    """
    cal = calendar_of(convention)
    period = normalize_period(per)
    q = registry().Quantity(Decimal(1), cal.year_unit).to(_unit(period, cal))
    return tidy(Decimal(q.magnitude))


def duration(
    amount: Decimal, value: Decimal, per: str | None, convention: Calendar | str | None = None
) -> Quantity[Any]:
    """Return how long a wage of ``value`` per ``per`` takes to earn ``amount``, in years.

    Both must be in the same currency (the caller converts first).

    Raises:
        InvalidPeriodError: For a missing or non-time period.
        ZeroDivisionError: For a zero wage (callers check first).

    Example:
        >>> from decimal import Decimal
        >>> tidy(duration(Decimal(3000), Decimal(3000), "month").to("month").magnitude)
        Decimal('1')

    """
    cal = calendar_of(convention)
    rate = rate_quantity(value, per, cal)
    result: Quantity[Any] = (registry().Quantity(Decimal(amount)) / rate).to(cal.year_unit)
    return result
