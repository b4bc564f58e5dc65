"""check_glosses(): the rate a parenthetical gloss implies, against the tables on that date."""

from __future__ import annotations

from decimal import Decimal

import pytest

import moneyx
from moneyx.normalize import GlossCheck, check_glosses

# Our own sentences, shaped like the seed articles.
YUAN_DOLLAR = "Smugglers charged 300 yuan (U.S. $47) per trip across the river."
YUAN_WON = "A guard took 500 yuan (200,000 won in North Korean currency) to look away."


def only(checks: list[GlossCheck]) -> GlossCheck:
    assert len(checks) == 1, checks
    return checks[0]


def test_exported():
    assert moneyx.check_glosses is check_glosses


def test_dollar_gloss_close_to_fred():
    c = only(check_glosses(YUAN_DOLLAR, "2015-09-30"))
    assert c.implied_rate == Decimal(47) / Decimal(300)
    assert c.deviation is not None
    assert Decimal("-0.006") < c.deviation < Decimal("-0.002")  # about -0.4%
    assert [q.provider for q in c.quotes] == ["Federal Reserve H.10"]


def test_won_gloss_against_daily_nk_cross():
    c = only(check_glosses(YUAN_WON, "2007-02-06"))
    assert c.implied_rate == Decimal(400)  # old won per yuan, as written
    assert c.table_rate == Decimal(425)  # Daily NK, Sinuiju, January 2007 (old won)
    assert c.deviation is not None
    assert Decimal("-0.07") < c.deviation < Decimal("-0.04")


def test_no_gloss_no_check():
    assert check_glosses("Rice cost 5,000 won a kilogram in Hyesan.", "2016-03-25") == []


def test_gloss_out_of_coverage_keeps_the_pair_with_a_note():
    c = only(check_glosses(YUAN_DOLLAR, "1975-06-02"))
    assert c.table_rate is None
    assert "CNY" in c.note


def test_bad_date():
    with pytest.raises(ValueError, match="invalid date"):
        check_glosses(YUAN_DOLLAR, "Sept 30")
