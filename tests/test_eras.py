"""Currency eras: which won a document date means, and the factor to today's unit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from moneyx.eras import era_of, eras, factor_to_current, won_unit


@pytest.mark.parametrize(
    ("day", "unit", "factor"),
    [
        pytest.param(date(1958, 12, 31), "first", Decimal("0.0001"), id="before-1959"),
        pytest.param(date(1959, 2, 13), "old", Decimal("0.01"), id="1959-reform-day"),
        pytest.param(date(2007, 2, 6), "old", Decimal("0.01"), id="2007"),
        pytest.param(date(2009, 11, 29), "old", Decimal("0.01"), id="eve-of-2009-reform"),
        pytest.param(date(2009, 11, 30), "new", Decimal(1), id="2009-reform-day"),
        pytest.param(date(2024, 1, 1), "new", Decimal(1), id="today"),
    ],
)
def test_kpw_eras(day, unit, factor):
    assert won_unit(day) == unit
    assert factor_to_current("KPW", day) == factor


def test_ruble_redenomination_1998():
    assert factor_to_current("RUB", date(1997, 12, 31)) == Decimal("0.001")
    assert factor_to_current("RUB", date(1998, 1, 1)) == 1


def test_currency_without_eras():
    assert era_of("CNY", date(2000, 1, 1)) is None
    assert factor_to_current("CNY", date(2000, 1, 1)) == 1


def test_eras_do_not_overlap_and_are_contiguous():
    by_code: dict[str, list] = {}
    for e in eras():
        by_code.setdefault(e.currency, []).append(e)
    for code, chain in by_code.items():
        # the won starts when it was introduced (1947-12-06); RUB's first era is open
        assert chain[0].valid_from == (date(1947, 12, 6) if code == "KPW" else None)
        assert chain[-1].valid_to is None
        for a, b in zip(chain, chain[1:], strict=False):
            assert a.valid_to is not None
            assert b.valid_from is not None
            assert (b.valid_from - a.valid_to).days == 1
            assert b.factor_to_current > a.factor_to_current


def test_every_era_cites_a_source():
    assert all(e.source for e in eras())
