"""normalize_frame() agrees with scalar normalize() to the last digit, and keeps every row."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import pandas as pd
import pytest

from moneyx.errors import MoneyxError, RateNotFoundError, UnresolvedCurrencyError
from moneyx.model import Money
from moneyx.normalize import DEFAULT_TARGETS, normalize, normalize_frame
from moneyx.rates import LookupPolicy, Policy

CURRENCIES = ["CNY", "KPW", "KRW", "USD", "EUR", "JPY", "GBP", "RUB", "THB", "TWD", "XYZ", ""]


def sample(n: int, seed: int) -> pd.DataFrame:
    rng = random.Random(seed)
    rows = []
    start = date(1940, 1, 1)
    for _ in range(n):
        # mostly 1994-2026 (the KPW tables), some back to 1940 (before the won existed)
        span = 86 * 365 if rng.random() < 0.1 else 33 * 365
        day = (start if span > 33 * 365 else date(1994, 1, 1)) + timedelta(
            days=rng.randrange(0, span)
        )
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


def scalar(row: pd.Series, policy, kind, place, to):
    try:
        money = Money(
            value=Decimal(row["value"]),
            currency=row["currency"],
            high=None if pd.isna(row["high"]) else Decimal(row["high"]),
        )
    except MoneyxError:  # Money rejects an empty or unknown code: unresolved / unknown
        return None
    try:
        return normalize(
            money, doc_date=row["doc_date"], policy=policy, kind=kind, place=place, to=to
        )
    except (RateNotFoundError, UnresolvedCurrencyError):
        return None


LENIENT = Policy(strict=False)


@pytest.mark.parametrize(
    ("policy", "kind", "place", "to"),
    [
        pytest.param(None, None, None, DEFAULT_TARGETS, id="default"),
        pytest.param(LENIENT, None, None, DEFAULT_TARGETS, id="lenient"),
        pytest.param(Policy(mode=LookupPolicy.EXACT), None, None, DEFAULT_TARGETS, id="exact"),
        pytest.param(
            Policy(max_age=timedelta(days=30)), "official", None, DEFAULT_TARGETS, id="official-30d"
        ),
        pytest.param(None, None, "Hyesan", DEFAULT_TARGETS, id="hyesan"),
        pytest.param(LENIENT, None, "Chongjin", DEFAULT_TARGETS, id="chongjin-fallback"),
        pytest.param(LENIENT, None, None, ("USD", "KPW", "KRW", "CNY", "JPY"), id="to-five"),
        pytest.param(None, None, None, ("KRW", "EUR"), id="to-krw-eur-strict"),
        pytest.param(LENIENT, None, "Hyesan", ("CNY", "KPW", "RUB"), id="to-cny-kpw-rub"),
    ],
)
def test_vectorized_agrees_with_scalar(policy, kind, place, to):
    df = sample(600, seed=7)
    out = normalize_frame(df, policy=policy, kind=kind, place=place, to=to)
    assert len(out) == len(df)
    mismatches = []
    for i, row in df.iterrows():
        conv = scalar(row, policy, kind, place, to)
        got = out.iloc[i]
        if conv is None:
            if got["status"] != "error":
                mismatches.append((i, "scalar failed, vector ok", dict(row)))
            continue
        if got["status"] != "ok":
            mismatches.append((i, "vector failed: " + got["error"], dict(row)))
            continue
        pairs = [(conv.era_factor, got["era_factor"]), (conv.kpw_unit, got["kpw_unit"])]
        for t in conv.targets:
            col = t.currency.lower()
            pairs += [(t.value, got[col]), (t.high, got[f"{col}_high"])]
            if t.currency == "KPW":
                pairs.append((t.current, got["kpw_current"]))
                pairs.append((t.route if t.value is not None else "", got["kpw_route"]))
            elif t.currency != "USD":
                pairs.append((t.route if t.value is not None else "", got[f"{col}_route"]))
        for a, b in pairs:
            if (a is None) != (b is None) or (a is not None and str(a) != str(b)):
                mismatches.append((i, a, b, dict(row)))
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
