"""Korean numerals and the language a ko locale implies.

The Korean sentence cases (units against numbers, cues, ranges, wages, bounds, the words that
hold a numeral glued to a unit) live in ``tests/corpus/ko.toml``, run by ``tests/test_corpus.py``
with lang="ko"; this module keeps the unit tests of ``parse_number`` and of the ``locale``
argument.
"""

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


def test_locale_implies_the_language() -> None:
    (m,) = extract_amounts("만원", locale="ko-KR")
    assert (m.value, m.currency, m.lang) == (Decimal(10000), "KRW", "ko")
    (m,) = extract_amounts("만원", locale="ko-KP")
    assert m.currency == "KPW"
