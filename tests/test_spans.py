"""Exact offsets of amounts inside longer sentences.

Offsets are Python string offsets (code points), ``end`` exclusive, written out by hand here so a
shift anywhere (non-ASCII before the amount, CRLF, no-break spaces, punctuation around the span)
shows up as a precise start/end mismatch.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from moneyx import extract_amounts

# (sentence, [(start, end, value), ...])
SPANS: list[tuple[str, list[tuple[int, int, str]]]] = [
    ("Rice cost 5,000 won in Hyesan.", [(10, 19, "5000")]),
    ("한국 기사: 北 market price was 300 yuan.", [(26, 34, "300")]),
    ("😀😀 It cost $47 😀.", [(11, 14, "47")]),
    ("Café owners paid €45.", [(17, 20, "45")]),
    ("Cafe\u0301 owners paid €45.", [(18, 21, "45")]),
    ("Line one.\r\nThe fee was 300 yuan.\r\n", [(23, 31, "300")]),
    ("\tHe paid\tUS$1.2bn.", [(9, 17, "1200000000")]),
    ("It cost 300\u00a0yuan.", [(8, 16, "300")]),
    ("They paid U.S.\u00a0$47 each.", [(10, 18, "47")]),
    ("They paid (U.S. $47).", [(11, 19, "47")]),
    ("The price was [$5].", [(15, 17, "5")]),
    ("He said \u201c$5.20\u201d.", [(9, 14, "5.20")]),
    ("It rose to 1.6 million won.", [(11, 26, "1600000")]),
    ("Prices: $5.20.", [(8, 13, "5.20")]),
    ("Sales were $5.2bn.", [(11, 17, "5200000000")]),
    ("Fees were 5,000 won, then 6,000 won.", [(10, 19, "5000"), (26, 35, "6000")]),
    ("Room 39 paid $5 to a clerk in 2019.", [(13, 15, "5")]),
    ("Gas was $3.40/gallon.", [(8, 13, "3.40")]),
    ("He earned $47-million.", [(10, 21, "47000000")]),
    ("She got a 300-yuan fine.", [(10, 18, "300")]),
    ("First line\nsecond line with 70 US cents\nthird", [(28, 39, "0.70")]),
    ("about 40 yuan", [(6, 13, "40")]),
    ("more than $2 million", [(10, 20, "2000000")]),
    ("from 5,000 to 8,000 won in Hyesan", [(5, 23, "5000")]),
    ("between $2 and $3 a share", [(0, 17, "2")]),
    ("the 300 yuan (U.S. $47) each", [(4, 12, "300"), (14, 22, "47")]),
    ("An estimated $1.7 billion was stolen.", [(13, 25, "1700000000")]),
    ("\u00a0\u00a0$9", [(2, 4, "9")]),
]


def _id(sentence: str) -> str:
    return sentence.encode("unicode_escape").decode("ascii")[:60]


@pytest.mark.parametrize(("sentence", "want"), SPANS, ids=[_id(s) for s, _ in SPANS])
def test_span_offsets(sentence: str, want: list[tuple[int, int, str]]) -> None:
    got = extract_amounts(sentence)
    got_spans = [(m.start, m.end) for m in got]
    want_spans = [(s, e) for s, e, _ in want]
    assert got_spans == want_spans, (
        f"spans: got {[(m.text, m.start, m.end) for m in got]} "
        f"want {[(sentence[s:e], s, e) for s, e in want_spans]}"
    )
    for m, (s, e, value) in zip(got, want, strict=True):
        assert m.text == sentence[s:e]
        assert m.value == Decimal(value), f"{m.text!r}: value {m.value} want {value}"


@pytest.mark.parametrize(("sentence", "want"), SPANS, ids=[_id(s) for s, _ in SPANS])
def test_span_shifts_with_prefix(sentence: str, want: list[tuple[int, int, str]]) -> None:
    """A neutral prefix moves every offset by its length and changes nothing else."""
    prefix = "Reporting by staff.\n\n"
    got = extract_amounts(prefix + sentence)
    assert [(m.start, m.end) for m in got] == [
        (s + len(prefix), e + len(prefix)) for s, e, _ in want
    ]


def test_span_text_matches_slice_in_long_document() -> None:
    para = (
        "Sources in Ryanggang said on Tuesday that rice cost 5,500 won per kilogram, "
        "while corn cost 2,100 won.\n"
    )
    doc = para * 50
    got = extract_amounts(doc)
    assert len(got) == 100
    for i, m in enumerate(got):
        assert doc[m.start : m.end] == m.text
        assert m.start == (i // 2) * len(para) + para.index(("5,500 won", "2,100 won")[i % 2])
