"""Issue 17, "Promises the API makes": each case failed before its fix (one assertion each).

Places (fallback by province, the city named without ``place=``, unknown places refused), one
out-of-coverage rule (see also ``test_normalize_kpw.py``), user KPW rates with the README's
minimal columns, and argument validation (currency codes, amounts, policies, kinds).
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal

import pytest

import moneyx
from moneyx import Money, Policy, RateStore
from moneyx.burden import burden
from moneyx.errors import (
    BurdenError,
    InvalidOptionError,
    InvalidRecordError,
    UnknownCurrencyError,
    UnknownPlaceError,
)
from moneyx.model import Mention

YUAN = Money(value=Decimal(500), currency="CNY")
DAY = "2015-09-30"


# -- places ------------------------------------------------------------------------------------


def test_chongjin_falls_back_to_its_province() -> None:
    conv = moneyx.normalize(YUAN, doc_date=DAY, place="Chongjin")
    (kpw_q,) = [q for q in conv.quotes if q.currency == "KPW"]
    assert (kpw_q.place, conv.kpw is not None) == ("Musan", True)


def test_chongjin_fallback_is_stated_in_the_quote() -> None:
    conv = moneyx.normalize(YUAN, doc_date=DAY, place="Chongjin")
    (kpw_q,) = [q for q in conv.quotes if q.currency == "KPW"]
    assert kpw_q.fallback.endswith("same province: North Hamgyong")


def test_chongjin_fallback_is_stated_in_the_note() -> None:
    conv = moneyx.normalize(YUAN, doc_date=DAY, place="Chongjin")
    assert "from Musan (no quote for Chongjin" in conv.note


def test_a_place_far_from_any_quote_takes_the_nearest() -> None:
    # Wonsan (Kangwon) has no quote and no province mate with one
    conv = moneyx.normalize(YUAN, doc_date=DAY, place="Wonsan")
    (kpw_q,) = [q for q in conv.quotes if q.currency == "KPW"]
    assert "fell back to nearest place with data:" in kpw_q.fallback


def test_without_place_the_note_names_the_city_used() -> None:
    conv = moneyx.normalize(YUAN, doc_date="2007-02-06")
    assert "KPW/CNY quote of 2007-01-04 from Sinuiju (no place asked" in conv.note


def test_an_exact_place_is_used_without_fallback() -> None:
    conv = moneyx.normalize(YUAN, doc_date="2016-03-25", place="Hyesan")
    (kpw_q,) = [q for q in conv.quotes if q.currency == "KPW"]
    assert (kpw_q.place, kpw_q.fallback) == ("Hyesan", "")


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda: moneyx.normalize(YUAN, doc_date=DAY, place="Narnia"), id="normalize"),
        pytest.param(
            lambda: RateStore.default().lookup("KPW", DAY, place="Narnia"), id="rates-lookup"
        ),
        pytest.param(
            lambda: burden("50000 KPW", basis="rice_kg", doc_date=DAY, place="Narnia"), id="burden"
        ),
    ],
)
def test_unknown_place_raises(call) -> None:
    with pytest.raises(UnknownPlaceError, match="Narnia"):
        call()


def test_burden_and_normalize_share_one_place_table() -> None:
    from moneyx import burden as burden_module  # the function; the module is moneyx.burden

    assert callable(burden_module)
    import moneyx.places as places

    assert places.province_of("Musan") == places.find("Chongjin").province == "North Hamgyong"


# -- kinds -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda: moneyx.normalize(YUAN, doc_date=DAY, kind="bogus"), id="normalize"),
        pytest.param(lambda: RateStore.default().lookup("KPW", DAY, kind="bogus"), id="lookup"),
    ],
)
def test_unknown_kind_raises(call) -> None:
    with pytest.raises(InvalidOptionError, match="bogus"):
        call()


# -- user rates --------------------------------------------------------------------------------


def test_from_csv_minimal_columns_work_for_kpw(tmp_path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("date,currency,units_per_usd\n2015-09-30,KPW,9999\n", encoding="utf-8")
    store = RateStore.from_csv(path)
    conv = moneyx.normalize(Money(value=Decimal(1), currency="USD"), doc_date=DAY, rates=store)
    assert conv.kpw == Decimal(9999)


def test_from_csv_minimal_columns_still_work_for_cny(tmp_path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("date,currency,units_per_usd\n2015-09-30,CNY,7\n", encoding="utf-8")
    conv = moneyx.normalize(YUAN, doc_date=DAY, rates=RateStore.from_csv(path), to="USD")
    assert conv.usd == Decimal(500) / Decimal(7)


# -- Money -------------------------------------------------------------------------------------


def test_money_refuses_an_unknown_code() -> None:
    with pytest.raises(UnknownCurrencyError, match="XYZ"):
        Money(value=Decimal(1), currency="XYZ")


def test_money_normalises_the_case_of_a_code() -> None:
    assert Money(value=Decimal(1), currency="cny").currency == "CNY"


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(Decimal("NaN"), id="decimal-nan"),
        pytest.param(Decimal("Infinity"), id="decimal-inf"),
        pytest.param(float("nan"), id="float-nan"),
        pytest.param(-math.inf, id="float-minus-inf"),
        pytest.param("abc", id="text"),
        pytest.param(True, id="bool"),
        pytest.param(None, id="none"),
    ],
)
def test_money_refuses_what_is_no_amount(value) -> None:
    with pytest.raises(InvalidRecordError):
        Money(value=value, currency="KPW")


def test_money_error_is_exported_and_a_value_error() -> None:
    assert issubclass(moneyx.InvalidRecordError, moneyx.MoneyxError)
    assert issubclass(moneyx.InvalidRecordError, ValueError)


def test_money_accepts_numeric_text_and_ints() -> None:
    assert Money(value="2.50", currency="USD", high=3).high == Decimal(3)


# -- policies ----------------------------------------------------------------------------------


def test_policy_max_age_accepts_days() -> None:
    assert Policy(max_age=7) == Policy(max_age=timedelta(days=7))


@pytest.mark.parametrize(
    "kwargs",
    [
        pytest.param({"max_age": "7"}, id="max-age-text"),
        pytest.param({"max_age": 7.5}, id="max-age-float"),
        pytest.param({"max_age": -1}, id="max-age-negative"),
        pytest.param({"mode": "sideways"}, id="mode"),
        pytest.param({"allow_flags": {"typo"}}, id="flag"),
        pytest.param({"strict": "yes"}, id="strict"),
    ],
)
def test_policy_refuses_unusable_fields(kwargs) -> None:
    with pytest.raises(InvalidOptionError):
        Policy(**kwargs)


def test_policy_mode_by_name() -> None:
    assert Policy(mode="nearest").mode is moneyx.LookupPolicy.NEAREST


def test_policy_one_flag_as_a_string() -> None:
    assert Policy(allow_flags="outlier").allow_flags == frozenset({"outlier"})


# -- unknown currencies where they are asked for -------------------------------------------------


def _quantity_wage(code: str) -> object:
    from moneyx.units import registry

    return burden("5000000 KPW", registry().Quantity(3000, "1/month"), wage_currency=code)


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda: RateStore.default().lookup("XYZ", DAY), id="lookup"),
        pytest.param(lambda: moneyx.normalize(YUAN, doc_date=DAY, to=("XYZ",)), id="to"),
        pytest.param(lambda: _quantity_wage("XYZ"), id="burden-wage-currency"),
    ],
)
def test_unknown_currency_error_is_raised(call) -> None:
    with pytest.raises(UnknownCurrencyError, match="XYZ"):
        call()


# -- burden reads strings like any text --------------------------------------------------------


def test_burden_reads_words_through_extract_amounts() -> None:
    b = burden("5 million won", "3,000 won a month", default_currency={"won": "KPW"})
    assert b.years.quantize(Decimal("0.01")) == Decimal("138.89")


def test_burden_string_with_two_amounts_is_refused() -> None:
    with pytest.raises(BurdenError, match="expected one amount"):
        burden("300 yuan and 40 yuan", "3000 CNY/month")


def test_burden_string_without_a_decided_won_is_unresolved() -> None:
    with pytest.raises(moneyx.UnresolvedCurrencyError):
        burden("5 million won", "3000 KPW/month")


def test_nan_wage_is_a_moneyx_error() -> None:
    wage = Mention(
        start=0, end=9, text="3,000 won", value=Decimal("NaN"), currency="KPW", per="month"
    )
    with pytest.raises(BurdenError, match="finite"):
        burden("5000000 KPW", wage)


def test_nan_wage_as_quantity_is_a_moneyx_error() -> None:
    from moneyx.units import registry

    with pytest.raises(BurdenError, match="finite"):
        burden("5000000 KPW", registry().Quantity(float("nan"), "1/month"), wage_currency="KPW")


# -- the won before it existed -------------------------------------------------------------------


def test_burden_of_an_amount_before_the_won_existed_raises() -> None:
    with pytest.raises(moneyx.RateNotFoundError):
        burden("5000 KPW", "30 USD/month", doc_date=date(1930, 1, 1))


def test_burden_in_usd_does_not_need_a_won_rate() -> None:
    # 1985: the tables have CNY per USD but no KPW market rate; a USD wage needs only USD
    b = burden(Money(value=100, currency="CNY"), "30 USD/month", doc_date=date(1985, 6, 3))
    assert [t.currency for t in b.conversions[0].targets] == ["USD"]


def test_scaled_whole_values_carry_no_decimal_zeros() -> None:
    """A range's end that took the other end's scale is written as a whole number, as a single
    scaled amount is ("$1.5-2.5 million" -> 1500000, not 1500000.0); zeros the text writes stay."""
    [rng] = moneyx.extract_amounts("The repairs will cost $1.5-2.5 million.")
    assert (str(rng.value), str(rng.high)) == ("1500000", "2500000")
    [both] = moneyx.extract_amounts("Bids ranged from 2.4 million to 4 million won.")
    assert str(both.value) == "2400000"
    [exact] = moneyx.extract_amounts("The ticket is $4.00.")
    assert str(exact.value) == "4.00"
