"""A won amount is already in won: a missing dollar rate must not erase its won figures."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

import moneyx
from moneyx.normalize import normalize_frame


def test_kpw_without_a_usd_rate_keeps_its_won_figures() -> None:
    # 2005-10-05 lies in a gap of the KPW market series (see rates/README.md)
    conv = moneyx.normalize(
        moneyx.Money(value=Decimal(3000), currency="KPW"), doc_date="2005-10-05"
    )
    assert conv.kpw == Decimal(3000)
    assert conv.kpw_unit == "old"
    assert conv.usd is None
    assert conv.note.startswith("USD: ")


def test_frame_agrees_for_kpw_without_a_usd_rate() -> None:
    df = pd.DataFrame({"value": ["3000"], "currency": ["KPW"], "doc_date": ["2005-10-05"]})
    out = normalize_frame(df)
    assert out["kpw"][0] == Decimal(3000)
    assert out["usd"][0] is None
    assert out["status"][0] == "ok"
    assert out["error"][0].startswith("USD: ")


def test_other_currencies_still_raise_out_of_coverage() -> None:
    import pytest

    with pytest.raises(moneyx.RateNotFoundError):
        moneyx.normalize(moneyx.Money(value=Decimal(5), currency="CNY"), doc_date="1960-01-01")
