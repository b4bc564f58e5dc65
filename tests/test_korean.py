"""Korean text (lang="ko" or a ko locale): numerals grouped by myriads, units against numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from moneyx import extract_amounts
from moneyx.numbers import parse_number


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("이천칠백삼십오만", "27350000"),
        ("2만5천", "25000"),
        ("1억 2천만", "120000000"),
        ("만", "10000"),
        ("삼십오", "35"),
        ("일점오", "1.5"),
        ("3.5억", "350000000"),
        ("五万", "50000"),
        ("27,350,000", "27350000"),
    ],
)
def test_cjk_numerals_group_by_myriads(numeral: str, value: str) -> None:
    assert parse_number(numeral, lang="ko") == Decimal(value)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("평양 장마당에서 쌀 1kg당 6,200원에 거래됐다.", [("6,200원", "6200", None, "KPW", "kg")]),
        ("서울의 한 아파트가 12억원에 팔렸다.", [("12억원", "1200000000", None, "KRW", None)]),
        ("밀수꾼은 500위안을 요구했다.", [("500위안", "500", None, "CNY", None)]),
        ("가격은 3만~4만원 사이였다.", [("3만~4만원", "30000", "40000", None, None)]),
        # a monthly wage of 3,000 won is under any South Korean wage ([wage_floor]): KPW
        ("월급 3,000원으로는 살 수 없다.", [("3,000원", "3000", None, "KPW", "month")]),
        ("회사원과 병원 공무원은 모두 사원이다.", []),
    ],
)
def test_korean_sentences(text: str, want: list[tuple[object, ...]]) -> None:
    got = [
        (m.text, str(m.value), None if m.high is None else str(m.high), m.currency, m.per)
        for m in extract_amounts(text, lang="ko", default_currency=None)
    ]
    # the range has no cue for 원 in its sentence: the ko locale makes it KRW
    want = [(t, v, h, c if c is not None else "KRW", p) for t, v, h, c, p in want]
    assert got == want


def test_locale_implies_the_language() -> None:
    (m,) = extract_amounts("만원", locale="ko-KR")
    assert (m.value, m.currency, m.lang) == (Decimal(10000), "KRW", "ko")
    (m,) = extract_amounts("만원", locale="ko-KP")
    assert m.currency == "KPW"


def test_korean_bounds_stay_outside_the_span() -> None:
    (m,) = extract_amounts("오천원 이상", lang="ko")
    assert (m.text, m.bound) == ("오천원", "ge")
