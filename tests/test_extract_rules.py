"""Rules of the engine not covered by the corpus: wire line breaks, multi-gloss parentheses,
elliptical figures, sentence bounds around abbreviations, and scanner parity."""

from __future__ import annotations

import importlib.util
from decimal import Decimal

import pytest

from moneyx import extract_amounts, gloss_pairs
from moneyx.scan import ReScanner, scanner


def _rows(text: str) -> list[tuple[str, Decimal, str | None, str | None, int | None]]:
    return [(m.text, m.value, m.currency, m.per, m.gloss_of) for m in extract_amounts(text)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        pytest.param(
            "The board declared a dividend of 40 cts a\nshare payable in May.",
            [("40 cts", Decimal("0.40"), "USD", "share", None)],
            id="per-across-line-break",
        ),
        pytest.param(
            "Exports reached 416\nmln dlrs in March.",
            [("416\nmln dlrs", Decimal(416000000), "USD", None, None)],
            id="scale-across-line-break",
        ),
    ],
)
def test_wire_line_breaks(text: str, want: list[tuple[object, ...]]) -> None:
    assert _rows(text) == want


def test_blank_line_ends_the_sentence_so_the_cue_counts_only_for_the_document() -> None:
    (m,) = extract_amounts("The fine was 5,000 won.\n\nPrices in Seoul rose.")
    assert m.currency == "KRW"
    assert m.reason.startswith("document context")


def test_parenthesis_with_two_conversions_glosses_both() -> None:
    text = "The deal was worth 2bn euros ($2.6bn; £1.7bn) for the carmaker."
    ms = extract_amounts(text)
    assert [(m.text, m.gloss_of) for m in ms] == [("2bn euros", None), ("$2.6bn", 0), ("£1.7bn", 0)]
    assert [p.gloss for p in gloss_pairs(ms)] == [1, 2]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        pytest.param(
            "The stock rose to 7.40 dlrs from 6.95 in early trade.",
            [("7.40 dlrs", "7.40"), ("6.95", "6.95")],
            id="from",
        ),
        pytest.param(
            "Corn sold for 2,300 won per kg in Musan, down from 2,650 a week earlier.",
            [("2,300 won", "2300"), ("2,650", "2650")],
            id="down-from-after-per-and-place",
        ),
        pytest.param(
            "Smugglers paid 3,000 yuan to guards from 2015 onward.",
            [("3,000 yuan", "3000")],
            id="a-year-is-not-a-figure",
        ),
        pytest.param(
            "Sales rose to 9 mln dlrs from 14 percent of revenue.",
            [("9 mln dlrs", "9000000")],
            id="a-percentage-is-not-a-figure",
        ),
        pytest.param(
            "The fee rose to 500 yuan from 3 in 2010.",
            [("500 yuan", "500")],
            id="out-of-magnitude",
        ),
    ],
)
def test_elliptical_figures(text: str, want: list[tuple[str, str]]) -> None:
    ms = extract_amounts(text)
    assert [(m.text, str(m.value)) for m in ms] == want
    if len(ms) == 2:
        assert ms[1].currency == ms[0].currency
        assert ms[1].rule == "elliptical"


def test_abbreviation_does_not_end_the_sentence_for_per_each() -> None:
    text = "Families in Hoeryong paid about 100 yuan (U.S. $16) each to the Oct. 10 fund."
    rows = _rows(text)
    assert [r[3] for r in rows] == ["household", "household"]


def test_movement_versus_range() -> None:
    ms = extract_amounts("The bribe jumped from 500 yuan to 2,000 yuan after the crackdown.")
    assert [m.text for m in ms] == ["500 yuan", "2,000 yuan"]
    (r,) = extract_amounts("Bribes are from 500 yuan to 2,000 yuan per crossing.")
    assert (r.value, r.high, r.per) == (Decimal(500), Decimal(2000), "crossing") or r.high == 2000


CORPUS = (
    "Rice was 5,200 won/kg in Hyesan. The dollar rose to 8,100 won. Samsung won a 2 trillion won "
    "order in Seoul. He won the gold. In 2006 won three titles. Paid US$40 (about 320,000 won) "
    "each. 10 mln dlrs, 15 cts a share, 50 mln stg, ¥300, €5m, HK$2.5bn, Rs 20, 5,000-8,000 yuan."
)


@pytest.mark.skipif(importlib.util.find_spec("hyperscan") is None, reason="hyperscan not installed")
def test_hyperscan_and_re_scanners_find_the_same_anchors() -> None:
    fast = scanner("en", "hyperscan")
    slow = scanner("en", "re")
    assert isinstance(slow, ReScanner)
    samples = [CORPUS, CORPUS.upper(), CORPUS.lower(), "İstanbul ₩5 " + CORPUS, "\ud800 $5 won"]
    for text in samples:
        assert fast.anchors(text) == slow.anchors(text)


def test_a_conversion_is_into_another_currency() -> None:
    ms = extract_amounts("The rebuild cost 1.2bn Australian dollars (£458m; $874m), it said.")
    assert [m.currency for m in ms] == ["AUD", "GBP", "USD"]


def test_a_restatement_keeps_the_currency() -> None:
    ms = extract_amounts("The loan is Twenty Million Dollars ($20,000,000) in all.")
    assert [(m.currency, m.gloss_of) for m in ms] == [("USD", None), ("USD", 0)]
    assert "same value" in ms[1].reason


def test_euro_zone_is_not_an_amount() -> None:
    assert extract_amounts("Growth in the 19 Euro zone economies slowed.") == []


@pytest.mark.skipif(importlib.util.find_spec("hyperscan") is None, reason="hyperscan not installed")
def test_adaptive_scanner_switches_without_changing_anchors() -> None:
    from moneyx.lexicon import lexicon
    from moneyx.scan import AdaptiveScanner, _surfaces

    lex = lexicon("en")
    adaptive = AdaptiveScanner(_surfaces(lex), lex.word_boundaries)
    adaptive.SWITCH_AFTER = len(CORPUS)  # switch after the first text
    slow = scanner("en", "re")
    first = adaptive.anchors(CORPUS)
    second = adaptive.anchors(CORPUS)
    assert adaptive.name == "adaptive (hyperscan)"
    assert first == second == slow.anchors(CORPUS)


@pytest.mark.skipif(importlib.util.find_spec("hyperscan") is None, reason="hyperscan not installed")
def test_adaptive_scanner_prepares_for_a_known_input_size() -> None:
    from moneyx.lexicon import lexicon
    from moneyx.scan import AdaptiveScanner, _surfaces

    lex = lexicon("en")
    adaptive = AdaptiveScanner(_surfaces(lex), lex.word_boundaries)
    assert adaptive.prepare(adaptive.SWITCH_AFTER // 2) is False  # a small run keeps re
    assert adaptive.name == "adaptive"
    assert adaptive.prepare(adaptive.SWITCH_AFTER + 1) is True  # a corpus compiles now
    assert adaptive.name == "adaptive (hyperscan)"
    assert adaptive.anchors(CORPUS) == scanner("en", "re").anchors(CORPUS)


def test_a_compared_price_shares_the_per_of_the_first() -> None:
    ms = extract_amounts(
        "Rice traded at 6,000 won a kilogram in Hyesan, compared to 5,500 won two weeks earlier."
    )
    assert [(m.text, m.per) for m in ms] == [("6,000 won", "kg"), ("5,500 won", "kg")]


def test_a_monthly_fee_is_not_a_wage() -> None:
    (m,) = extract_amounts("Traders must pay a monthly fee of 30,000 won for a stall in Hyesan.")
    assert (m.per, m.role, m.currency) == ("month", None, "KPW")


def test_appositive_conversion_with_a_trailing_phrase() -> None:
    ms = extract_amounts(
        "The coat cost nearly 100,000 won, or about $12 at the market rate, in Hyesan."
    )
    assert [(m.text, m.gloss_of, m.approx) for m in ms] == [
        ("100,000 won", None, True),
        ("$12", 0, True),
    ]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Money changers in Kimchaek quoted 6,640 North Korean won to the dollar.",
            ("dollar", "KPW"),
        ),
        ("The won fell to 1,300 won against the dollar in Seoul.", ("dollar", "KRW")),
        ("In Nampho a kilo of pork sold for 14,900 won.", ("kg", "KPW")),
    ],
)
def test_exchange_rates_are_priced_per_the_other_currency(text: str, want: tuple[str, str]) -> None:
    (m,) = extract_amounts(text)
    assert (m.per, m.currency) == want


def test_a_wage_far_below_the_south_korean_minimum_of_its_year_is_not_krw() -> None:
    text = "He earns 150,000 won per month, roughly the price of a pair of shoes."
    (dated,) = extract_amounts(text, doc_date="2019-05-01")
    assert dated.currency == "KPW"
    assert "minimum wage in 2019" in dated.reason
    (undated,) = extract_amounts(text)
    assert undated.currency is None  # no date, no cue: nothing decides


def test_context_still_wins_over_the_wage_floor() -> None:
    (m,) = extract_amounts(
        "A part-timer in Seoul earns 300,000 won a month.", doc_date="2020-01-01"
    )
    assert m.currency == "KRW"


def test_overlapping_drafts_keep_the_longest_and_report_the_veto() -> None:
    from decimal import Decimal

    from moneyx.extract.draft import VETOED, Draft
    from moneyx.extract.finish import drop_overlaps
    from moneyx.lexicon import lexicon
    from moneyx.model import Vetoed

    text = "5,000 to 8,000 won"
    s = lexicon("en").surface("won")
    assert s is not None
    whole = Draft(
        start=0, end=18, value=Decimal(5000), surface=s, written="won", form="suffix",
        rule="range", scaled=False, num_start=0, num_end=5, high=Decimal(8000),
    )  # fmt: skip
    part = whole._replace(start=9, value=Decimal(8000), high=None, num_start=9, num_end=14)
    sink: list[Vetoed] = []
    token = VETOED.set(sink)
    try:
        kept = drop_overlaps(text, [whole, part])
    finally:
        VETOED.reset(token)
    assert kept == [whole]
    assert [(v.rule, v.text) for v in sink] == [("veto.overlap", "8,000 won")]
