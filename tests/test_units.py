from __future__ import annotations

from decimal import Decimal

import pint
import pytest

from moneyx import units
from moneyx.errors import InvalidPeriodError

D = Decimal


def test_registry_is_single_and_decimal() -> None:
    ureg = units.registry()
    assert ureg is units.registry()
    assert ureg is not pint.get_application_registry()
    q = ureg.Quantity(D(3000), "1/month")
    assert isinstance(q.magnitude, Decimal)


def test_registry_defines_no_currency() -> None:
    ureg = units.registry()
    for code in ("KPW", "USD", "CNY"):
        with pytest.raises(pint.errors.UndefinedUnitError):
            ureg.Unit(code)


@pytest.mark.parametrize(
    ("per", "convention", "expected"),
    [
        pytest.param("month", None, D(36000), id="month-julian"),
        pytest.param("month", "common", D(36000), id="month-common"),
        pytest.param("year", None, D(3000), id="year"),
        pytest.param("day", None, D("1095750"), id="day-365.25"),
        pytest.param("day", "common", D("1095000"), id="day-365"),
        pytest.param("week", "weeks_52", D(156000), id="week-52"),
    ],
)
def test_annual_rate(per: str, convention: str | None, expected: Decimal) -> None:
    assert units.annual_rate(D(3000), per, convention) == expected


def test_week_uses_julian_year() -> None:
    # 365.25 / 7 weeks in a year
    got = units.annual_rate(D(7), "week")
    assert got.quantize(D("0.000001")) == D("365.250000")


def test_month_is_a_twelfth_of_the_year_in_every_calendar() -> None:
    for cal in units.Calendar:
        q = units.registry().Quantity(D(1), cal.year_unit).to(cal.month_unit)
        assert units.tidy(q.magnitude) == 12


@pytest.mark.parametrize(
    ("word", "canonical"),
    [
        pytest.param("monthly", "month", id="monthly"),
        pytest.param("per month", "month", id="per-month"),
        pytest.param("a day", "day", id="a-day"),
        pytest.param("/week", "week", id="slash-week"),
        pytest.param("Years", "year", id="years"),
    ],
)
def test_normalize_period(word: str, canonical: str) -> None:
    assert units.normalize_period(word) == canonical


@pytest.mark.parametrize(
    "per",
    [
        pytest.param(None, id="none"),
        pytest.param("", id="empty"),
        pytest.param("household", id="household"),
        pytest.param("kg", id="kg"),
        pytest.param("hour", id="hour-needs-working-hours"),
    ],
)
def test_bad_period_raises(per: str | None) -> None:
    with pytest.raises(InvalidPeriodError):
        units.normalize_period(per)


def test_to_rate_reads_foreign_registry_quantity() -> None:
    other = pint.UnitRegistry()
    assert units.to_rate(other.Quantity(3000, "1/month")) == (D(3000), "month")


def test_to_rate_odd_time_unit_becomes_per_year() -> None:
    value, per = units.to_rate(units.registry().Quantity(D(1), "1/fortnight"))
    assert per == "year"
    assert value.quantize(D("0.0001")) == D("26.0893")


def test_to_rate_rejects_non_rate() -> None:
    with pytest.raises(InvalidPeriodError):
        units.to_rate(units.registry().Quantity(D(3), "kg"))


def test_unknown_calendar() -> None:
    with pytest.raises(InvalidPeriodError, match="unknown calendar"):
        units.calendar_of("lunar")


def test_duration_seed_figure() -> None:
    q = units.duration(D(5_000_000), D(3000), "month")
    assert q.to("year").magnitude.quantize(D("0.01")) == D("138.89")


@pytest.mark.parametrize("per", ["day", "week", "month", "year"])
@pytest.mark.parametrize("cal", list(units.Calendar), ids=lambda c: c.value)
def test_periods_per_year_agrees_with_pint_duration(per: str, cal: units.Calendar) -> None:
    via_pint = units.duration(D(1_000_000), D(1000), per, cal).magnitude
    via_factor = D(1000) / units.periods_per_year(per, cal)
    assert via_pint.quantize(D("1e-12")) == via_factor.quantize(D("1e-12"))
