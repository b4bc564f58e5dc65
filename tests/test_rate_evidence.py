"""The exchange rate a conversion pair implies decides an ambiguous currency.

"1 million won (about $900)" in a story about North Korea is South Korean won: 1,111 won to
the dollar is the KRW rate that year, nowhere near the North Korean market rate. Context cues
alone would say KPW. The sentences are our own.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import moneyx
from moneyx.resolve import rate_evidence, rate_guess

ROOT = Path(__file__).resolve().parents[1]


def _cur(text: str, doc_date: str | None) -> list[tuple[str, str | None]]:
    return [(m.text, m.currency) for m in moneyx.extract_amounts(text, doc_date=doc_date)]


REMITTANCE = (
    "A defector living in the South said she sends 1 million won (about $900) a year to "
    "her mother in North Korea through a broker in the border city of Hyesan."
)


@pytest.mark.parametrize(
    ("text", "doc_date", "expected"),
    [
        pytest.param(
            REMITTANCE,
            "2019-05-01",
            [("1 million won", "KRW"), ("$900", "USD")],
            id="remittance-won-is-krw-despite-nk-context",
        ),
        pytest.param(
            "In the Hyesan market a kilogram of pork cost 14,000 won ($1.70) last week.",
            "2019-05-01",
            [("14,000 won", "KPW"), ("$1.70", "USD")],
            id="market-price-won-is-kpw",
        ),
        pytest.param(
            "Smugglers asked for 30 million won ($25,000), a defector in Seoul told us.",
            "2018-03-01",
            [("30 million won", "KRW"), ("$25,000", "USD")],
            id="broker-fee-in-seoul-krw",
        ),
        pytest.param(
            "A carton of cigarettes went for 15 yuan, or about 20,000 won.",
            "2019-05-01",
            [("15 yuan", "CNY"), ("20,000 won", "KPW")],
            id="yuan-glossed-in-market-won",
        ),
        pytest.param(
            "A carton of cigarettes went for 15 yuan, or about 2,500 won.",
            "2019-05-01",
            [("15 yuan", "CNY"), ("2,500 won", "KRW")],
            id="yuan-glossed-in-south-korean-won",
        ),
        pytest.param(
            "The lunch box was sold for ¥500 ($4.50).",
            "2019-05-01",
            [("¥500", "JPY"), ("$4.50", "USD")],
            id="yen-sign-fits-jpy",
        ),
        pytest.param(
            "The lunch box was sold for ¥500 ($72).",
            "2019-05-01",
            [("¥500", "CNY"), ("$72", "USD")],
            id="yen-sign-fits-cny",
        ),
    ],
)
def test_pair_rate_decides(text: str, doc_date: str, expected: list[tuple[str, str]]) -> None:
    assert _cur(text, doc_date) == expected


def test_reason_names_the_band() -> None:
    m = moneyx.extract_amounts(REMITTANCE, doc_date="2019-05-01")[0]
    assert m.reason.startswith("conversion pair with '$900' (USD) fits the KRW")
    assert "2019" in m.reason


def test_no_date_the_pair_is_a_guess_said_as_one() -> None:
    # without a date, 1,111 won to the dollar fits KRW in most years and KPW only in a few
    # months of its history: the rate decides, but says it guesses
    m = moneyx.extract_amounts(REMITTANCE)[0]
    assert m.currency == "KRW"
    assert m.reason.startswith("a guess: the undated conversion pair with '$900'")
    assert m.trace[-1] == "rung.rate-guess"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "A bowl of noodles went for 1,200 won (about 15 US cents) at the stall.",
            [("1,200 won", "KPW"), ("15 US cents", "USD")],
            id="cents-gloss-market-won",
        ),
        pytest.param(
            "The state shop sold a kilogram of flour for 30 won (20 cents).",
            [("30 won", "KPW"), ("20 cents", "USD")],
            id="official-won-rate-never-south-korean",
        ),
        pytest.param(
            "The money changers quoted 8,100 won to the dollar.",
            [("8,100 won", "KPW")],
            id="quoted-market-rate",
        ),
        pytest.param(
            "The bento was sold for ¥500 ($4.50).",
            [("¥500", "JPY"), ("$4.50", "USD")],
            id="yen-sign-fits-jpy-in-any-year",
        ),
    ],
)
def test_no_date_the_whole_history_decides_where_it_parts(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert _cur(text, None) == expected
    assert "undated" in moneyx.extract_amounts(text)[0].reason


def test_no_date_a_rate_both_candidates_had_is_no_evidence() -> None:
    # 2,500 won to the dollar: the North Korean market rate of 2005-2012, and the South
    # Korean one in the worst weeks of 1998; neither decisive nor a safe guess
    got = rate_evidence(("USD", Decimal(40), "$40"), Decimal(100000), ("KPW", "KRW"), None)
    assert got is None
    assert rate_guess(("USD", Decimal(40), "$40"), Decimal(100000), ("KPW", "KRW")) is None


@pytest.mark.parametrize(
    "text",
    [
        "The won weakened 2.2 won against the dollar on Friday.",
        "The won closed at 1,109.8 won per dollar, down 14.7 won.",
        "The currency fell by about 96 won against the dollar.",
    ],
)
def test_a_change_of_a_rate_is_no_rate(text: str) -> None:
    # a move of 2.2 or 96 won would fit the North Korean official rate of some year
    for m in moneyx.extract_amounts(text):
        assert "rung.rate-band" not in m.trace, m


def test_explicit_currency_is_never_overruled() -> None:
    text = "She paid 1 million North Korean won (about $900) for the permit."
    m = moneyx.extract_amounts(text, doc_date="2019-05-01")[0]
    assert m.currency == "KPW"
    assert m.reason.startswith("explicit")


def test_abstains_when_two_candidates_fit() -> None:
    # in 2010 the North Korean market rate passed through the South Korean one's range
    got = rate_evidence(("USD", Decimal(1), "$1"), Decimal(1150), ("KPW", "KRW"), date(2010, 6, 1))
    assert got is None


@pytest.mark.parametrize(
    ("known", "value", "cands", "day"),
    [
        pytest.param(
            ("USD", Decimal(900), "$900"), Decimal(10**6), ("KPW", "KRW"), None, id="no-date"
        ),
        pytest.param(
            ("USD", Decimal(0), "$0"), Decimal(10**6), ("KPW", "KRW"), date(2019, 1, 1), id="zero"
        ),
        pytest.param(
            ("USD", Decimal(900), "$900"),
            Decimal(10**6),
            ("KPW", "XXX"),
            date(2019, 1, 1),
            id="no-band",
        ),
        pytest.param(
            ("USD", Decimal(900), "$900"),
            Decimal(10**6),
            ("KPW", "KRW"),
            date(1850, 1, 1),
            id="before-tables",
        ),
        pytest.param(
            ("USD", Decimal(900), "$900"),
            Decimal(10**6),
            ("KRW",),
            date(2019, 1, 1),
            id="one-candidate",
        ),
    ],
)
def test_no_evidence(
    known: tuple[str, Decimal, str], value: Decimal, cands: tuple[str, ...], day: date | None
) -> None:
    assert rate_evidence(known, value, cands, day) is None


def test_wrong_fit_is_refused() -> None:
    # 10 won to the dollar fits neither won that year
    got = rate_evidence(
        ("USD", Decimal(100), "$100"), Decimal(1000), ("KPW", "KRW"), date(2019, 1, 1)
    )
    assert got is None


def test_gloss_rates_table_matches_build_script() -> None:
    """The shipped bands are what ``scripts/build_gloss_rates.py`` derives from ``rates/``."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_gloss_rates.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr


def test_gloss_rates_rows_are_sourced() -> None:
    lines = (ROOT / "moneyx" / "data" / "gloss_rates.csv").read_text("utf-8").splitlines()
    assert lines[0] == "year,currency,kind,low,high,samples,unit,sources"
    for line in lines[1:]:
        cells = line.split(",")
        assert len(cells) == 8, line
        assert cells[-1].strip(), f"row without a source: {line}"
        assert 0 < float(cells[3]) <= float(cells[4]), line
