"""One out-of-coverage rule for every currency: strict raises, lenient gives None and a reason.

A won amount is already in won, so under the lenient policy a missing dollar rate must not erase
its won figures; under the strict default it raises like any other currency.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

import moneyx
from moneyx.normalize import normalize_frame

LENIENT = moneyx.Policy(strict=False)
GAP = "2005-10-05"  # lies in a gap of the KPW market series (see rates/README.md)


@pytest.mark.parametrize(
    ("currency", "day"),
    [
        pytest.param("KPW", GAP, id="kpw-in-a-gap"),
        pytest.param("KRW", "1960-01-01", id="krw-before-coverage"),
        pytest.param("CNY", "1960-01-01", id="cny-before-coverage"),
    ],
)
def test_strict_default_raises_for_every_currency(currency: str, day: str) -> None:
    with pytest.raises(moneyx.RateNotFoundError) as err:
        moneyx.normalize(moneyx.Money(value=Decimal(5), currency=currency), doc_date=day)
    assert err.value.requested is not None
    assert err.value.requested.isoformat() == day


@pytest.mark.parametrize(
    ("currency", "day"),
    [
        pytest.param("KPW", GAP, id="kpw-in-a-gap"),
        pytest.param("KRW", "1960-01-01", id="krw-before-coverage"),
    ],
)
def test_lenient_gives_none_and_the_reason_for_every_currency(currency: str, day: str) -> None:
    conv = moneyx.normalize(
        moneyx.Money(value=Decimal(5), currency=currency), doc_date=day, policy=LENIENT
    )
    assert conv.usd is None
    assert conv.note.startswith("USD: no ")
    assert conv.target("USD").note.startswith("no ")


def test_kpw_without_a_usd_rate_keeps_its_won_figures_when_lenient() -> None:
    conv = moneyx.normalize(
        moneyx.Money(value=Decimal(3000), currency="KPW"), doc_date=GAP, policy=LENIENT
    )
    assert conv.kpw == Decimal(3000)
    assert conv.kpw_unit == "old"
    assert conv.usd is None
    assert conv.note.startswith("USD: ")


def test_frame_agrees_for_kpw_without_a_usd_rate() -> None:
    df = pd.DataFrame({"value": ["3000"], "currency": ["KPW"], "doc_date": [GAP]})
    strict = normalize_frame(df)
    assert (strict["status"][0], strict["kpw"][0]) == ("error", None)
    lenient = normalize_frame(df, policy=LENIENT)
    assert lenient["kpw"][0] == Decimal(3000)
    assert lenient["usd"][0] is None
    assert lenient["status"][0] == "ok"
    assert lenient["error"][0].startswith("USD: ")


def test_an_amount_before_the_won_existed_does_not_convert() -> None:
    money = moneyx.Money(value=Decimal(100), currency="KPW")
    with pytest.raises(moneyx.NotInCirculationError, match="1947-12-06"):
        moneyx.normalize(money, doc_date="1930-05-01")
    conv = moneyx.normalize(money, doc_date="1930-05-01", policy=LENIENT)
    assert (conv.usd, conv.kpw) == (None, None)
    assert "1947-12-06" in conv.target("KPW").note


def test_a_won_target_before_the_won_existed_does_not_convert() -> None:
    with pytest.raises(moneyx.NotInCirculationError):
        moneyx.normalize(
            moneyx.Money(value=Decimal(1), currency="USD"), doc_date="1946-01-02", to=("KPW",)
        )
