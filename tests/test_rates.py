"""RateStore lookups: policies, their edges, kinds, places, flags and user tables."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pandas as pd
import pytest

from moneyx.errors import DataError, RateNotFoundError, UnknownCurrencyError
from moneyx.rates import LookupPolicy, Policy, RateStore, default_max_age, place_matches

STORE = RateStore.default()
EXACT = Policy(mode=LookupPolicy.EXACT)
WEEK = Policy(max_age=timedelta(days=7))


def test_default_is_cached():
    assert RateStore.default() is STORE


def test_plain_day_uses_fred():
    q = STORE.lookup("CNY", date(2015, 9, 30))
    assert (q.units_per_usd, q.observed, q.provider) == (
        Decimal("6.3556"),
        date(2015, 9, 30),
        "Federal Reserve H.10",
    )
    assert q.age_days == 0


def test_string_date_equals_date():
    assert STORE.lookup("KRW", "2007-02-06") == STORE.lookup("KRW", date(2007, 2, 6))


@pytest.mark.parametrize(
    ("currency", "day", "observed"),
    [
        pytest.param("CNY", date(2015, 10, 3), date(2015, 10, 2), id="saturday-previous-friday"),
        pytest.param("CNY", date(2015, 10, 4), date(2015, 10, 2), id="sunday-previous-friday"),
        pytest.param("RUB", date(2022, 2, 21), date(2022, 2, 19), id="rub-dated-saturday"),
    ],
)
def test_weekend_takes_previous(currency, day, observed):
    q = STORE.lookup(currency, day)
    assert q.observed == observed
    assert q.age_days == (day - observed).days


def test_weekend_exact_raises():
    with pytest.raises(RateNotFoundError) as err:
        STORE.lookup("CNY", date(2015, 10, 3), policy=EXACT)
    assert err.value.currency == "CNY"
    assert err.value.requested == date(2015, 10, 3)
    assert "exact" in str(err.value)


def test_chinese_national_day_has_new_york_quote():
    # H.10 is a New York rate: Chinese holidays (1-7 October) leave no gap in CNY per USD.
    q = STORE.lookup("CNY", date(2015, 10, 1), policy=EXACT)
    assert q.observed == date(2015, 10, 1)
    assert q.provider == "Federal Reserve H.10"


def test_chinese_holiday_after_fred_ends_uses_ecb():
    q = STORE.lookup("CNY", date(2026, 10, 1))
    assert q.provider == "ECB"
    assert q.observed == date(2026, 10, 1)


def test_us_holiday_filled_by_ecb_cross():
    q = STORE.lookup("CNY", date(2015, 11, 26), policy=EXACT)  # Thanksgiving: H.10 blank
    assert q.provider == "ECB"
    assert Decimal("6.3") < q.units_per_usd < Decimal("6.5")


def test_before_first_row_raises_with_coverage():
    with pytest.raises(RateNotFoundError) as err:
        STORE.lookup("CNY", date(1980, 12, 31))
    assert err.value.first == date(1981, 1, 2)
    assert err.value.last is not None
    assert "1981-01-02" in str(err.value)


def test_after_last_row_raises():
    with pytest.raises(RateNotFoundError) as err:
        STORE.lookup("RUB", date(2025, 3, 1))
    assert err.value.last is not None
    assert err.value.last.year == 2024
    assert "max_age" in str(err.value)


def test_within_max_age_after_last_row():
    last = STORE.coverage("EUR")[1]
    assert STORE.lookup("EUR", last + timedelta(days=3)).observed == last
    with pytest.raises(RateNotFoundError):
        STORE.lookup("EUR", last + timedelta(days=8))


def test_unknown_currency_raises_unknown_currency_error():
    with pytest.raises(UnknownCurrencyError) as err:
        STORE.lookup("XYZ", date(2015, 1, 5))
    assert err.value.code == "XYZ"


def test_known_currency_without_rates_raises_rate_not_found():
    # the Bhutanese ngultrum is an ISO code moneyx knows; the tables have no rate for it
    with pytest.raises(RateNotFoundError) as err:
        STORE.lookup("BTN", date(2015, 1, 5))
    assert err.value.currency == "BTN"
    assert err.value.first is None


def test_no_date_is_an_error():
    with pytest.raises(TypeError):
        STORE.lookup("CNY", None)  # type: ignore[arg-type]


def test_bad_date_string():
    with pytest.raises(ValueError, match="invalid date"):
        STORE.lookup("CNY", "30/09/2015")


def test_nearest_before_first_row():
    q = STORE.lookup("CNY", date(1980, 12, 30), policy=Policy(mode=LookupPolicy.NEAREST))
    assert q.observed == date(1981, 1, 2)
    assert q.age_days == -3


def test_nearest_prefers_closer_following_row():
    q = STORE.lookup("KPW", date(2007, 3, 30), policy=Policy(mode=LookupPolicy.NEAREST))
    assert q.observed == date(2007, 3, 31)


def test_kpw_defaults_to_market():
    q = STORE.lookup("KPW", date(2007, 2, 6))
    assert q.kind == "market"
    assert q.policy == "previous(max_age=92d)"


def test_kpw_official_on_request():
    q = STORE.lookup("KPW", date(2007, 2, 6), kind="official")
    assert q.kind == "official"
    assert q.units_per_usd == Decimal("1.39")  # 139 old won (March 2006), in new won
    assert q.observed_end == date(2006, 3, 31)
    assert q.age_days == 312


def test_direct_kpw_per_cny():
    q = STORE.lookup("KPW", date(2007, 2, 6), base="CNY")
    assert (q.base, q.units_per_base, q.place) == ("CNY", Decimal("4.25"), "Sinuiju")


def test_sparse_series_gap_longer_than_max_age():
    # no KPW/USD market quote from 2007-06 to 2008-01 (a stated gap in the survey)
    with pytest.raises(RateNotFoundError) as err:
        STORE.lookup("KPW", date(2007, 10, 15))
    assert "92 days" in str(err.value)


def test_period_observation_covers_its_days():
    q = STORE.lookup("KPW", date(1995, 6, 15))  # only a 1993-1996 figure
    assert q.observed == date(1993, 1, 1)
    assert q.observed_end == date(1996, 12, 31)
    assert q.age_days == 0


@pytest.mark.parametrize(
    ("policy", "found"),
    [
        pytest.param(Policy(), True, id="default-92-days"),
        pytest.param(WEEK, False, id="one-week"),
    ],
)
def test_city_with_no_quote_that_week(policy, found):
    # Musan has one KPW/CNY quote (2012-01-16); other places were quoted on 2012-01-18.
    day = date(2012, 1, 25)
    assert STORE.lookup("KPW", day, base="CNY", policy=WEEK).place != "Musan"
    if found:
        assert STORE.lookup("KPW", day, base="CNY", place="Musan", policy=policy).place == "Musan"
    else:
        with pytest.raises(RateNotFoundError, match="place=Musan"):
            STORE.lookup("KPW", day, base="CNY", place="Musan", policy=policy)


def test_place_selects_city():
    day = date(2016, 3, 25)
    cities = {p: STORE.lookup("KPW", day, place=p).place for p in ("Pyongyang", "Hyesan")}
    assert cities == {"Pyongyang": "Pyongyang", "Hyesan": "Hyesan"}


def test_place_matching():
    assert place_matches("Pyongyang / Hyesan", "hyesan")
    assert place_matches("Pyongyang (rate for foreigners)", "Pyongyang")
    assert not place_matches("Sinuiju", "Hyesan")


def test_outlier_skipped_unless_allowed():
    day = date(2009, 12, 29)
    assert STORE.lookup("KPW", day, base="CNY", place="Sino-NK border").units_per_base != 1000
    q = STORE.lookup(
        "KPW",
        day,
        base="CNY",
        place="Sino-NK border",
        policy=Policy(allow_flags=frozenset({"outlier"})),
    )
    assert q.units_per_base == Decimal("1000")


def test_converter_rate_never_used_by_default():
    # September 2020: only the converter figure of 900 KPW/USD lies within 30 days
    month = Policy(max_age=30)
    with pytest.raises(RateNotFoundError):
        STORE.lookup("KPW", date(2020, 9, 15), kind="official", policy=month)
    q = STORE.lookup(
        "KPW",
        date(2020, 9, 15),
        kind="official",
        policy=Policy(max_age=30, allow_flags={"converter"}),
    )
    assert q.units_per_usd == Decimal("900")


def test_interpolation_between_sparse_points():
    pol = Policy(interpolate=True)
    day = date(2007, 3, 15)  # between 2007-01-04 (32.7) and 2007-03-31 (30.5)
    q = STORE.lookup("KPW", day, policy=pol)
    assert Decimal("30.5") < q.units_per_usd < Decimal("32.7")
    assert "interpolated" in q.source
    assert STORE.lookup("KPW", day).units_per_usd == Decimal("32.7")


def test_default_max_ages_are_stated():
    assert default_max_age("CNY", None) == timedelta(days=7)
    assert default_max_age("KPW", "market") == timedelta(days=92)
    assert default_max_age("KPW", "official") == timedelta(days=1096)


def test_other_ecb_currency_converts():
    q = STORE.lookup("THB", date(2012, 5, 2))
    assert q.provider == "ECB"
    assert Decimal(29) < q.units_per_usd < Decimal(32)


def test_monthly_fallback_for_currency_without_daily_rates():
    q = STORE.lookup("TWD", date(2012, 5, 17))
    assert q.observed == date(2012, 5, 1)
    assert q.observed_end == date(2012, 5, 31)


def test_from_frame_overrides_shipped_on_same_date():
    mine = pd.DataFrame({"date": ["2015-09-30"], "currency": ["CNY"], "units_per_usd": ["6.5"]})
    store = RateStore.from_frame(mine)
    assert store.lookup("CNY", "2015-09-30").units_per_usd == Decimal("6.5")
    assert store.lookup("CNY", "2015-09-29") == STORE.lookup("CNY", "2015-09-29")


def test_from_csv_adds_currency_and_cross(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(
        "date,currency,base,units_per_base,kind,place\n"
        "2030-01-02,KPW,CNY,15000,market,Rason\n"
        "2030-01-02,KPW,USD,100000,market,Rason\n",
        encoding="utf-8",
    )
    store = RateStore.from_csv(path)
    q = store.lookup("KPW", "2030-01-03", base="CNY")
    assert (q.units_per_base, q.place, q.provider) == (Decimal(15000), "Rason", "user")
    assert store.lookup("CNY", "2015-09-30") == STORE.lookup("CNY", "2015-09-30")


def test_from_csv_without_merge(tmp_path):
    path = tmp_path / "only.csv"
    path.write_text("date,currency,units_per_usd\n2030-01-02,CNY,7.1\n", encoding="utf-8")
    store = RateStore.from_csv(path, merge=False)
    with pytest.raises(RateNotFoundError):
        store.lookup("CNY", "2015-09-30")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        pytest.param("date,currency\n2030-01-02,CNY\n", "units_per_usd", id="no-rate-column"),
        pytest.param("currency,units_per_usd\nCNY,7\n", "date", id="no-date-column"),
        pytest.param("date,currency,units_per_usd\n2030-13-02,CNY,7\n", "date", id="bad-date"),
        pytest.param(
            "date,currency,units_per_usd\n2030-01-02,CNY,-7\n", "units_per_base", id="negative-rate"
        ),
        pytest.param(
            "date,currency,units_per_usd\n2030-01-02,CNY,abc\n", "units_per_base", id="not-a-number"
        ),
        pytest.param("date,currency,units_per_usd\n2030-01-02,yuan,7\n", "row 2", id="bad-code"),
    ],
)
def test_bad_user_table(tmp_path, text, key):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as err:
        RateStore.from_csv(path)
    assert err.value.key == key
    assert str(path) in str(err.value)


def test_policy_rejects_negative_age():
    with pytest.raises(ValueError, match="negative"):
        Policy(max_age=timedelta(days=-1))


def test_quote_records_policy():
    q = STORE.lookup("JPY", "2011-03-11", policy=Policy(max_age=timedelta(days=3)))
    assert q.policy == "previous(max_age=3d)"
