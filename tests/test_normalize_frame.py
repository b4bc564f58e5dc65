"""normalize_frame() agrees with scalar normalize() to the last digit, and keeps every row."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import pandas as pd
import pytest

from moneyx.errors import RateNotFoundError, UnresolvedCurrencyError
from moneyx.model import Money
from moneyx.normalize import normalize, normalize_frame
from moneyx.rates import LookupPolicy, Policy

CURRENCIES = ["CNY", "KPW", "KRW", "USD", "EUR", "JPY", "GBP", "RUB", "THB", "TWD", "XYZ", ""]


def sample(n: int, seed: int) -> pd.DataFrame:
    rng = random.Random(seed)
    rows = []
    start = date(1994, 1, 1)
    for _ in range(n):
        day = start + timedelta(days=rng.randrange(0, 33 * 365))
        value = Decimal(rng.randrange(1, 10**7)) / Decimal(rng.choice([1, 10, 100]))
        high = value * 2 if rng.random() < 0.2 else None
        rows.append(
            {
                "value": str(value),
                "high": None if high is None else str(high),
                "currency": rng.choice(CURRENCIES),
                "doc_date": day.isoformat(),
            }
        )
    # fixed edge rows: redenomination eve and day, weekend, direct cross, unresolved
    rows += [
        {"value": "1000", "high": None, "currency": "KPW", "doc_date": "2009-11-29"},
        {"value": "1000", "high": None, "currency": "KPW", "doc_date": "2009-11-30"},
        {"value": "300", "high": None, "currency": "CNY", "doc_date": "2015-10-03"},
        {"value": "500", "high": "600", "currency": "CNY", "doc_date": "2007-02-06"},
        {"value": "7", "high": None, "currency": "", "doc_date": "2007-02-06"},
    ]
    return pd.DataFrame(rows)


def scalar(row: pd.Series, policy: Policy | None, kind: str | None, place: str | None):
    try:
        conv = normalize(
            Money(
                value=Decimal(row["value"]),
                currency=row["currency"],
                high=None if pd.isna(row["high"]) else Decimal(row["high"]),
            ),
            doc_date=row["doc_date"],
            policy=policy,
            kind=kind,
            place=place,
        )
    except (RateNotFoundError, UnresolvedCurrencyError):
        return None
    except Exception:  # Money rejects an empty code: that is the unresolved case
        if row["currency"] == "":
            return None
        raise
    return conv


@pytest.mark.parametrize(
    ("policy", "kind", "place"),
    [
        pytest.param(None, None, None, id="default"),
        pytest.param(Policy(mode=LookupPolicy.EXACT), None, None, id="exact"),
        pytest.param(Policy(max_age=timedelta(days=30)), "official", None, id="official-30d"),
        pytest.param(None, None, "Hyesan", id="hyesan"),
    ],
)
def test_vectorized_agrees_with_scalar(policy, kind, place):
    df = sample(1500, seed=7)
    out = normalize_frame(df, policy=policy, kind=kind, place=place)
    assert len(out) == len(df)
    mismatches = []
    for i, row in df.iterrows():
        conv = scalar(row, policy, kind, place)
        got = out.iloc[i]
        if conv is None:
            if got["status"] != "error":
                mismatches.append((i, "scalar failed, vector ok", dict(row)))
            continue
        if got["status"] != "ok":
            mismatches.append((i, "vector failed: " + got["error"], dict(row)))
            continue
        for field in (
            "usd",
            "usd_high",
            "kpw",
            "kpw_high",
            "kpw_current",
            "era_factor",
            "kpw_unit",
        ):
            a, b = getattr(conv, field), got[field]
            if (a is None) != (b is None) or (a is not None and str(a) != str(b)):
                mismatches.append((i, field, a, b, dict(row)))
    assert mismatches == []


def test_status_and_error_for_every_row():
    df = pd.DataFrame(
        {
            "value": ["1", "1", "x1", "1"],
            "currency": ["CNY", "", "CNY", "CNY"],
            "doc_date": ["2015-09-30", "2015-09-30", "2015-09-30", "not a date"],
        }
    )
    with pytest.raises(ValueError, match="not a number"):
        normalize_frame(df)
    df = df.drop(index=2).reset_index(drop=True)
    out = normalize_frame(df)
    assert list(out["status"]) == ["ok", "error", "error"]
    assert out["error"][1] == "unresolved currency"
    assert "invalid date" in out["error"][2]


def test_nearest_is_scalar_only():
    df = sample(3, seed=1)
    with pytest.raises(ValueError, match="PREVIOUS and EXACT"):
        normalize_frame(df, policy=Policy(mode=LookupPolicy.NEAREST))


def test_missing_column():
    with pytest.raises(ValueError, match="currency"):
        normalize_frame(pd.DataFrame({"value": ["1"], "doc_date": ["2015-01-05"]}))
