"""Unit tests for the numeral parser ``moneyx.numbers.parse_number`` (text -> Decimal)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from moneyx import NumberParseError
from moneyx.numbers import parse_number

VALID = [
    # digits, separators, decimals
    ("0", "0"),
    ("7", "7"),
    ("47", "47"),
    ("1,234.56", "1234.56"),
    ("200,000", "200000"),
    ("1,000,000", "1000000"),
    ("12,345,678.90", "12345678.90"),
    ("3000", "3000"),
    ("0.70", "0.70"),
    ("0.5", "0.5"),
    # a decimal comma: one or two digits after it, or a lone zero before it, cannot group
    # thousands ("92,45 rubles", "0,08 won")
    ("12,34", "12.34"),
    ("92,5", "92.5"),
    ("0,08", "0.08"),
    ("0,125", "0.125"),
    ("6.30", "6.30"),
    # a continental figure: thousands grouped by periods or spaces before a decimal comma and
    # two digits, or by two or more periods
    ("9.990,00", "9990.00"),
    ("1 390,00", "1390.00"),
    ("17\u00a0940,50", "17940.50"),
    ("8.000.000", "8000000"),
    # a wire-service fraction: a whole number and halves to sixty-fourths of one
    ("177-1/2", "177.5"),
    ("41-1/2", "41.5"),
    ("3-3/4", "3.75"),
    ("12-5/8", "12.625"),
    ("1-15/16", "1.9375"),
    # after decimals, a fraction of the last place: a quarter cent
    ("5.01-1/4", "5.0125"),
    ("2.88-3/4", "2.8875"),
    ("0-1/64", "0.015625"),
    ("2-2/4", "2.5"),
    ("1-1/2 billion", "1500000000"),
    ("12-3/4 mln", "12750000"),
    # or after a space: "22 3/8 dlrs", "$4.26 1/2 a bushel" (a half cent)
    ("22 3/8", "22.375"),
    ("4.26 1/2", "4.265"),
    ("3 1/2 million", "3500000"),
    # or alone: "3/4 cent"
    ("1/2", "0.5"),
    ("3/4", "0.75"),
    # a scale after "point" multiplies its own group: the scales still only fall
    ("two billion one point five million", "2001500000"),
    # digits with scale words
    ("1.6 million", "1600000"),
    ("1.5 trillion", "1500000000000"),
    ("3.5 trillion", "3500000000000"),
    ("2.5 billion", "2500000000"),
    ("1 million", "1000000"),
    ("40 thousand", "40000"),
    ("120 million", "120000000"),
    ("0.5 million", "500000"),
    # English number words
    ("five million", "5000000"),
    ("three thousand", "3000"),
    ("half a million", "500000"),
    ("a million", "1000000"),
    ("a thousand", "1000"),
    ("a hundred", "100"),
    ("one hundred", "100"),
    ("two hundred and fifty", "250"),
    ("two hundred fifty", "250"),
    ("twenty-five", "25"),
    ("twenty five", "25"),
    ("ninety-nine", "99"),
    ("twelve", "12"),
    ("one", "1"),
    ("ten thousand", "10000"),
    ("one hundred and twenty thousand", "120000"),
    ("two billion", "2000000000"),
    ("forty thousand", "40000"),
    ("Five million", "5000000"),
    ("nineteen hundred", "1900"),
    ("one and a half million", "1500000"),
    ("two point five million", "2500000"),
    ("1,000,000.00", "1000000.00"),
    ("0.000001", "0.000001"),
    # leading minus
    ("-3.5", "-3.5"),
    ("-5", "-5"),
    ("-1,200", "-1200"),
    ("\u22125", "-5"),  # U+2212 MINUS SIGN
]

ABBREVIATED_SCALES = [
    ("2bn", "2000000000"),
    ("5m", "5000000"),
    ("1.5 mln", "1500000"),
    ("3 bln", "3000000000"),
    ("40k", "40000"),
    ("7.3bn", "7300000000"),
    ("5mn", "5000000"),
]

INVALID = [
    "",
    "   ",
    "abc",
    "five apples",
    "12abc",
    "1..2",
    "1.2.3",
    "--3",
    "$47",
    "one hundred and",
    "five five",
    "million",
    "three four hundred",
    "and",
    ",",
    ".",
    # things Decimal() or float() would accept but a numeral in news text never is
    "NaN",
    "Infinity",
    "inf",
    "1e6",
    "0x10",
    "1_000",
    # fractions that are no wire-service price: a third, a whole, a zero
    "7-1/3",
    "5-4/4",
    "5-0/2",
    "3/3",
    "3-1/2/4",
    "1,000-1/2",
    # scales only fall, after "point" too
    "three trillion one-point-two trillion",
    "three trillion and one-point-two trillion",
    # a scale word after an abbreviated scale is a slip: which scale was meant is unknown
    "4.5bn trillion",
    "4.5 bn trillion",
    "5m million",
    # broken digit grouping
    "1,2345",
    "1234,56",
    "1.000,5",
]


@pytest.mark.parametrize(("text", "want"), VALID, ids=[t for t, _ in VALID])
def test_parse_number(text: str, want: str) -> None:
    got = parse_number(text)
    assert isinstance(got, Decimal)
    assert got == Decimal(want), f"{text!r}: got {got} want {want}"


@pytest.mark.parametrize(
    ("text", "want"), ABBREVIATED_SCALES, ids=[t for t, _ in ABBREVIATED_SCALES]
)
def test_parse_abbreviated_scale(text: str, want: str) -> None:
    assert parse_number(text) == Decimal(want)


@pytest.mark.parametrize("text", INVALID, ids=[repr(t) for t in INVALID])
def test_parse_number_rejects_garbage(text: str) -> None:
    with pytest.raises(NumberParseError) as info:
        parse_number(text)
    err = info.value
    assert isinstance(err, ValueError)
    assert err.text == text
    assert repr(text) in str(err), "the message must name the offending text"


def test_parse_number_keeps_decimal_places_exact() -> None:
    """No float round trip: 0.1 + 0.2 style errors must be impossible."""
    assert parse_number("0.10") + parse_number("0.20") == Decimal("0.30")
    assert parse_number("1.6 million") == Decimal("1.6") * 1_000_000


def test_parse_number_error_pickles() -> None:
    import pickle

    with pytest.raises(NumberParseError) as info:
        parse_number("abc")
    clone = pickle.loads(pickle.dumps(info.value))
    assert str(clone) == str(info.value)


def test_parse_number_rejects_non_str() -> None:
    with pytest.raises((TypeError, NumberParseError)):
        parse_number(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "want"),
    [("一百零一萬", "1010000"), ("一千零十", "1010"), ("一万零五百", "10500"), ("二百零三", "203")],
)
def test_a_zero_holds_an_empty_place(text: str, want: str) -> None:
    assert parse_number(text, lang="zh") == Decimal(want)


@pytest.mark.parametrize(
    ("text", "want"),
    [("一万五", "15000"), ("1万5", "15000"), ("三千五", "3500"), ("两百五", "250"),
     ("三万五千五", "35500"), ("一万零五", "10005"), ("二十五", "25"), ("1万05", "10005")],
)  # fmt: skip
def test_a_bare_digit_after_a_unit_counts_the_place_below(text: str, want: str) -> None:
    assert parse_number(text, lang="zh") == Decimal(want)
