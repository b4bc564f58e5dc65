"""Burden ratios against an explicit wage: periods, calendars, ranges, inputs and errors."""

from __future__ import annotations

import pickle
from decimal import Decimal

import pint
import pytest

from moneyx import units
from moneyx.burden import burden
from moneyx.errors import BurdenError, InvalidPeriodError, UnresolvedCurrencyError
from moneyx.model import Mention, Money

D = Decimal
CENT = D("0.01")


def mention(
    text: str,
    value: str,
    currency: str | None,
    *,
    per: str | None = None,
    high: str | None = None,
    role: str | None = None,
    approx: bool = False,
) -> Mention:
    return Mention(
        start=0,
        end=len(text),
        text=text,
        value=D(value),
        high=None if high is None else D(high),
        currency=currency,
        per=per,
        role=role,
        approx=approx,
    )


FIVE_MILLION = mention("five million won", "5000000", "KPW")
MONTHLY_3000 = mention("three thousand won", "3000", "KPW", per="month", role="wage")


def test_seed_004_without_rates_or_dates() -> None:
    b = burden(FIVE_MILLION, MONTHLY_3000)
    assert b.years.quantize(CENT) == D("138.89")
    assert b.months.quantize(CENT) == D("1666.67")
    assert b.conversions == ()
    assert b.basis == "wage"


def test_quantity_is_time_in_private_registry() -> None:
    b = burden(FIVE_MILLION, MONTHLY_3000)
    assert b.quantity.check("[time]")
    assert b.quantity._REGISTRY is units.registry()
    assert str(b.quantity.units) == "year"


def test_calendar_is_stated() -> None:
    b = burden(FIVE_MILLION, MONTHLY_3000)
    assert b.calendar == "julian"
    assert any("month = year/12" in n for n in b.notes)


@pytest.mark.parametrize(
    ("wage", "convention", "years"),
    [
        pytest.param(
            Money(value=D(100), currency="KPW", per="day"), None, D("136.89"), id="day-julian"
        ),
        pytest.param(
            Money(value=D(100), currency="KPW", per="day"), "common", D("136.99"), id="day-common"
        ),
        pytest.param(
            Money(value=D(700), currency="KPW", per="week"), None, D("136.89"), id="week-julian"
        ),
        pytest.param(
            Money(value=D(700), currency="KPW", per="week"), "weeks_52", D("137.36"), id="week-52"
        ),
        pytest.param(
            Money(value=D(36000), currency="KPW", per="year"), None, D("138.89"), id="year"
        ),
        pytest.param(
            Money(value=D(3000), currency="KPW", per="month"),
            "common",
            D("138.89"),
            id="month-any-calendar",
        ),
    ],
)
def test_wage_periods(wage: Money, convention: str | None, years: Decimal) -> None:
    b = burden(FIVE_MILLION, wage, convention=convention)
    assert b.years.quantize(CENT) == years


def test_day_wage_counts_in_days_too() -> None:
    b = burden(Money(value=D(50000), currency="KPW"), "10,000 KPW per day")
    assert b.period == "day"
    assert units.tidy(b.periods) == 5
    assert any("every calendar day" in n for n in b.notes)


def test_wage_range_gives_burden_range() -> None:
    wage = mention("3,000-4,000 won a month", "3000", "KPW", per="month", high="4000")
    b = burden(FIVE_MILLION, wage)
    assert b.years.quantize(CENT) == D("104.17")  # against the high wage
    assert b.years_high.quantize(CENT) == D("138.89")  # against the low wage
    assert b.months_high.quantize(CENT) == D("1666.67")


def test_amount_and_wage_ranges_combine_to_widest_range() -> None:
    amount = Money(value=D(3_000_000), high=D(6_000_000), currency="KPW")
    b = burden(amount, Money(value=D(2000), high=D(3000), currency="KPW", per="month"))
    assert units.tidy(b.months) == 1000
    assert units.tidy(b.months_high) == 3000


def test_single_values_have_no_high() -> None:
    assert burden(FIVE_MILLION, MONTHLY_3000).years_high is None


@pytest.mark.parametrize(
    "wage",
    [
        pytest.param("3000 KPW/month", id="string-slash"),
        pytest.param("3,000 KPW per month", id="string-per"),
        pytest.param("3000 kpw a month", id="string-lower-code"),
        pytest.param(Money(value=D(3000), currency="KPW", per="monthly"), id="money"),
    ],
)
def test_wage_input_forms(wage: object) -> None:
    assert burden("5,000,000 KPW", wage).years.quantize(CENT) == D("138.89")


def test_pint_quantity_wage_with_currency() -> None:
    q = units.registry().Quantity(D(3000), "1/month")
    b = burden(FIVE_MILLION, q, wage_currency="KPW")
    assert b.years.quantize(CENT) == D("138.89")


def test_foreign_registry_quantity_wage() -> None:
    q = pint.UnitRegistry().Quantity(3000, "1/month")
    b = burden(FIVE_MILLION, q, wage_currency="kpw")
    assert b.years.quantize(CENT) == D("138.89")


def test_pint_quantity_without_currency_is_an_error() -> None:
    q = units.registry().Quantity(D(3000), "1/month")
    with pytest.raises(BurdenError, match="carries no currency"):
        burden(FIVE_MILLION, q)


@pytest.mark.parametrize(
    "wage",
    [
        pytest.param(mention("three thousand won", "3000", "KPW"), id="mention-no-per"),
        pytest.param(
            mention("3,000 won per household", "3000", "KPW", per="household"),
            id="mention-per-household",
        ),
        pytest.param(Money(value=D(3000), currency="KPW"), id="money-no-per"),
        pytest.param("3000 KPW", id="string-no-per"),
        pytest.param(Money(value=D(20), currency="KPW", per="hour"), id="hour"),
    ],
)
def test_wage_without_period_is_a_clear_error(wage: object) -> None:
    with pytest.raises(InvalidPeriodError, match="period"):
        burden(FIVE_MILLION, wage)


def test_period_error_names_the_wage() -> None:
    with pytest.raises(InvalidPeriodError, match="three thousand won"):
        burden(FIVE_MILLION, mention("three thousand won", "3000", "KPW"))


def test_error_pickles() -> None:
    with pytest.raises(InvalidPeriodError) as info:
        burden(FIVE_MILLION, Money(value=D(3000), currency="KPW"))
    again = pickle.loads(pickle.dumps(info.value))
    assert str(again) == str(info.value)


def test_unresolved_currency() -> None:
    amount = Mention(
        start=0, end=9, text="5,000 won", value=D(5000), currency=None, candidates=("KPW", "KRW")
    )
    with pytest.raises(UnresolvedCurrencyError):
        burden(amount, MONTHLY_3000)


def test_need_wage_or_basis() -> None:
    with pytest.raises(BurdenError, match="exactly one"):
        burden(FIVE_MILLION)
    with pytest.raises(BurdenError, match="exactly one"):
        burden(FIVE_MILLION, MONTHLY_3000, basis="nk_state_wage", doc_date="2007-02-06")


def test_bare_number_amount_rejected() -> None:
    with pytest.raises(BurdenError, match="no currency"):
        burden(D(5000000), MONTHLY_3000)  # type: ignore[arg-type]


def test_zero_wage_rejected() -> None:
    with pytest.raises(BurdenError, match="positive"):
        burden(FIVE_MILLION, Money(value=D(0), currency="KPW", per="month"))


def test_bad_date_rejected() -> None:
    with pytest.raises(BurdenError, match="ISO date"):
        burden(FIVE_MILLION, MONTHLY_3000, doc_date="6 Feb 2007")


def test_different_currencies_need_a_date() -> None:
    yuan = mention("500 yuan", "500", "CNY")
    with pytest.raises(BurdenError, match="doc_date"):
        burden(yuan, MONTHLY_3000)


def test_same_kpw_across_redenomination_rescales_without_rates() -> None:
    # 5,000,000 old won (2007) = 50,000 new won; against a 30,000 new-won monthly wage (2023)
    b = burden(
        FIVE_MILLION,
        Money(value=D(30000), currency="KPW", per="month"),
        doc_date="2007-02-06",
        wage_date="2023-10-15",
    )
    assert units.tidy(b.months.quantize(D("0.000001"))) == D("1.666667")
    assert b.conversions == ()
    assert any("redenomination" in n for n in b.notes)
    assert any("no inflation adjustment" in n for n in b.notes)


def test_approx_is_noted() -> None:
    b = burden(mention("about 5 million won", "5000000", "KPW", approx=True), MONTHLY_3000)
    assert any("approximate" in n for n in b.notes)


# --- mixed currencies and dates (through moneyx.normalize and the shipped rate tables) ---

YUAN_500 = mention("500 yuan", "500", "CNY")


def test_mixed_currency_same_date_converts_amount_into_wage_currency() -> None:
    b = burden(YUAN_500, MONTHLY_3000, doc_date="2007-02-06")
    (conv,) = b.conversions
    assert conv.quotes, "a conversion must carry its quotes"
    assert conv.kpw is not None
    assert b.years.quantize(D("0.000001")) == (conv.kpw / D(36000)).quantize(D("0.000001"))
    assert any("converted to KPW on 2007-02-06" in n for n in b.notes)


def test_mixed_currency_wage_in_usd() -> None:
    b = burden(FIVE_MILLION, Money(value=D(74), currency="USD", per="month"), doc_date="2015-09-30")
    (conv,) = b.conversions
    assert b.months.quantize(D("0.000001")) == (conv.usd / D(74)).quantize(D("0.000001"))


def test_mixed_currencies_across_dates_compare_in_usd_each_on_its_date() -> None:
    b = burden(
        Money(value=D(1000), currency="USD"),
        Money(value=D(1_000_000), currency="KRW", per="month"),
        doc_date="2015-09-30",
        wage_date="2015-07-03",
    )
    amount_conv, wage_conv = b.conversions
    assert amount_conv.doc_date.isoformat() == "2015-09-30"
    assert wage_conv.doc_date.isoformat() == "2015-07-03"
    assert b.months.quantize(D("0.000001")) == (D(1000) / wage_conv.usd).quantize(D("0.000001"))
    assert any("no inflation adjustment" in n for n in b.notes)


def test_mixed_currency_across_redenomination_rescales_converted_amount() -> None:
    # 500 yuan in 2015 (new won) against a 2007 wage in old won: the converted amount is
    # brought into old won (x100) and the comparison is flagged as nominal.
    b = burden(YUAN_500, MONTHLY_3000, doc_date="2015-09-30", wage_date="2007-02-06")
    (conv,) = b.conversions
    assert conv.kpw_unit == "new"
    assert b.months.quantize(D("0.0001")) == (conv.kpw * 100 / D(3000)).quantize(D("0.0001"))
    assert any("rescaled by 100" in n for n in b.notes)


def test_per_unit_amount_and_bound_are_noted() -> None:
    fee = Mention(
        start=0, end=8, text="500 yuan", value=D(500), currency="CNY", per="defector", bound="gt"
    )
    b = burden(fee, Money(value=D(100), currency="CNY", per="month"))
    assert any("one defector" in n for n in b.notes)
    assert any("more than" in n for n in b.notes)
