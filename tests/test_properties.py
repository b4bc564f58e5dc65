"""Property tests (hypothesis) for the invariants every extraction must keep, on any str.

* never raises on a str (any code point, lone surrogates included), always returns a list;
* ``text[m.start:m.end] == m.text`` with ``0 <= start < end <= len(text)`` and no edge whitespace;
* mentions come back in text order and never overlap;
* ``gloss_of`` points to an earlier mention; ``high >= value``; ``value`` is a Decimal;
* a resolved currency is one of the recorded candidates and every mention states a reason;
* the result is deterministic and shifts exactly with leading/trailing whitespace.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import moneyx
from moneyx import extract_amounts

SETTINGS = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)

# Pieces of money-like English, so generated texts hit the grammar's corners often.
# fmt: off
TOKENS = [
    "$", "US$", "U.S.", "U.S. $", "HK$", "NT$", "A$", "€", "£", "¥", "₩", "₽", "₹", "元",
    "won", "yuan", "dollars", "dollar", "yen", "euros", "pounds", "sterling", "stg", "dlrs",
    "cents", "pence", "rubles", "baht", "dong", "RMB", "KRW", "USD", "KPW",
    "million", "billion", "trillion", "bn", "m", "mn", "mln", "bln", "k", "thousand",
    "five", "a", "half", "hundred", "and", "twenty-five", "three",
    "0", "1", "12", "47", "300", "1,234.56", "5,000", "200,000", "2.5", "6.30", "1,1,1", ".5",
    "99999999999999999999999999999999999", "1,000,000,000,000,000,000,000,000,000,000",
    "-", "–", "−", "to", "between", "from", "about", "around", "more than", "up to", "over",
    "per", "a month", "each", "household", "/kg", "per kilogram", "monthly",
    "(", ")", ",", ".", ";", "%", "/",
    "North Korean", "South Korean", "in North Korean currency", "or about",
    "won the", "was won by", "Yuan Shikai", "Kim Won-hong", "70th", "2015", "Oct. 10",
    "Hyesan market", "Samsung", "Seoul", "jangmadang",
]
# fmt: on
SEPARATORS = ["", " ", " ", " ", "\u00a0", "\n", "  "]

money_soup = st.lists(
    st.tuples(st.sampled_from(TOKENS), st.sampled_from(SEPARATORS)), min_size=0, max_size=25
).map(lambda parts: "".join(tok + sep for tok, sep in parts))

any_text = st.text(alphabet=st.characters(blacklist_categories=()), max_size=300)
digit_runs = st.text(alphabet="0123456789,.$-–  ", max_size=300)
mixed = st.one_of(money_soup, any_text, digit_runs)


def check_invariants(text: str, mentions: Sequence[moneyx.Mention]) -> None:
    assert isinstance(mentions, list)
    prev_end = 0
    for i, m in enumerate(mentions):
        assert isinstance(m, moneyx.Mention)
        assert 0 <= m.start < m.end <= len(text), (m.start, m.end, len(text))
        assert text[m.start : m.end] == m.text, (text[m.start : m.end], m.text)
        assert m.text == m.text.strip(), f"edge whitespace in {m.text!r}"
        assert m.start >= prev_end, f"mention {i} {m.text!r} overlaps or is out of order"
        prev_end = m.end
        assert isinstance(m.value, Decimal)
        assert m.high is None or (isinstance(m.high, Decimal) and m.high >= m.value)
        if m.gloss_of is not None:
            assert 0 <= m.gloss_of < i, f"gloss_of {m.gloss_of} of mention {i} is not earlier"
        if m.currency is not None and m.candidates:
            assert m.currency in m.candidates, (m.currency, m.candidates)
        assert m.reason, f"{m.text!r} gives no reason for its currency"


@SETTINGS
@given(mixed)
def test_invariants_hold_on_any_text(text: str) -> None:
    check_invariants(text, extract_amounts(text))


@SETTINGS
@given(money_soup)
def test_extraction_is_deterministic(text: str) -> None:
    assert extract_amounts(text) == extract_amounts(text)


@SETTINGS
@given(money_soup, st.sampled_from([" ", "\n", "   ", "\n\n", "\t"]))
def test_leading_whitespace_only_shifts_offsets(text: str, pad: str) -> None:
    base = extract_amounts(text)
    padded = extract_amounts(pad + text)
    assert [(m.start + len(pad), m.end + len(pad), m.value, m.currency) for m in base] == [
        (m.start, m.end, m.value, m.currency) for m in padded
    ]


@SETTINGS
@given(money_soup, st.sampled_from([" ", "\n", "   ", "\n\n"]))
def test_trailing_whitespace_changes_nothing(text: str, pad: str) -> None:
    base = extract_amounts(text)
    padded = extract_amounts(text + pad)
    assert [(m.start, m.end, m.value, m.currency) for m in base] == [
        (m.start, m.end, m.value, m.currency) for m in padded
    ]


@SETTINGS
@given(money_soup, st.sampled_from([{"won": "KPW"}, {"won": "KRW"}]))
def test_invariants_hold_with_default_currency(text: str, default: dict[str, str]) -> None:
    check_invariants(text, extract_amounts(text, default_currency=default))


@SETTINGS
@given(money_soup)
def test_default_currency_only_fills_gaps(text: str) -> None:
    """A caller default never moves spans or values, only decides otherwise-unresolved won."""
    base = extract_amounts(text)
    with_default = extract_amounts(text, default_currency={"won": "KPW"})
    assert [(m.start, m.end, m.value) for m in base] == [
        (m.start, m.end, m.value) for m in with_default
    ]
    for a, b in zip(base, with_default, strict=True):
        if a.currency is not None:
            assert b.currency == a.currency


@settings(max_examples=50, deadline=None, derandomize=True)
@given(st.integers(min_value=0, max_value=10**15), st.sampled_from(["$", "US$", "€", "£"]))
def test_prefix_symbol_integer_round_trips(n: int, symbol: str) -> None:
    text = f"It cost {symbol}{n:,} in total."
    (m,) = extract_amounts(text)
    assert m.value == Decimal(n)
    assert m.text == f"{symbol}{n:,}"


@settings(max_examples=50, deadline=None, derandomize=True)
@given(
    st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(["yuan", "yen", "euros", "US dollars"]),
)
def test_suffix_name_decimal_round_trips(d: Decimal, name: str) -> None:
    text = f"They paid {d:,} {name} for it."
    (m,) = extract_amounts(text)
    assert m.value == d
    assert m.text == f"{d:,} {name}"


@settings(max_examples=50, deadline=None, derandomize=True)
@given(
    st.integers(min_value=10**27, max_value=10**60),
    st.sampled_from([("", 1), (" million", 10**6), (" billion", 10**9), ("bn", 10**9)]),
)
def test_long_amounts_stay_exact(n: int, scale: tuple[str, int]) -> None:
    """Decimal arithmetic must not round (or raise) past the default 28-digit context."""
    word, factor = scale
    text = f"Officials said ${n}{word} was moved."
    (m,) = extract_amounts(text)
    assert m.text == f"${n}{word}"
    assert m.value == Decimal(n * factor), "value must be exact, not rounded to 28 digits"
