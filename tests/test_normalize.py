"""normalize(): USD and KPW on the document date, eras, ranges, quotes and errors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from moneyx.errors import RateNotFoundError, UnresolvedCurrencyError
from moneyx.model import Mention, Money
from moneyx.normalize import convert_amount, normalize
from moneyx.rates import LookupPolicy, Policy, RateStore


def money(value: str, currency: str, high: str | None = None) -> Money:
    return Money(
        value=Decimal(value), currency=currency, high=None if high is None else Decimal(high)
    )


def close(x: Decimal | None, target: str, tol: str) -> bool:
    t = Decimal(target)
    return x is not None and abs(x - t) <= Decimal(tol) * t


# Our own sentences (not copied from any corpus), built as Mentions as the extractor would.
SENTENCE = "A trader said she paid 300 yuan (about $47) for the permit."
YUAN = Mention(
    start=23,
    end=31,
    text="300 yuan",
    value=Decimal(300),
    currency="CNY",
    candidates=("CNY",),
    reason="test",
)


def test_mention_span_is_what_we_think():
    assert SENTENCE[YUAN.start : YUAN.end] == YUAN.text


@pytest.mark.parametrize(
    ("amount", "day", "field", "target", "tol"),
    [
        pytest.param(money("300", "CNY"), "2015-09-30", "usd", "47", "0.015", id="300-yuan-usd"),
        pytest.param(money("40", "CNY"), "2015-09-30", "usd", "6.30", "0.015", id="40-yuan-usd"),
        pytest.param(
            money("500", "CNY"), "2007-02-06", "kpw", "200000", "0.15", id="500-yuan-old-won"
        ),
        pytest.param(
            money("5000000", "KPW"),
            "2007-02-06",
            "usd",
            "1650",
            "0.10",
            id="five-million-old-won-usd",
        ),
        pytest.param(money("1600000", "KRW"), "2007-02-06", "usd", "1716", "0.02", id="krw-usd"),
    ],
)
def test_seed_figures(amount, day, field, target, tol):
    conv = normalize(amount, doc_date=day)
    assert close(getattr(conv, field), target, tol), getattr(conv, field)


def test_mention_and_money_agree():
    a = normalize(YUAN, doc_date="2015-09-30")
    b = normalize(money("300", "CNY"), doc_date=date(2015, 9, 30))
    assert (a.usd, a.kpw, a.quotes) == (b.usd, b.kpw, b.quotes)
    assert a.mention is YUAN


def test_exact_usd_arithmetic():
    conv = normalize(money("300", "CNY"), doc_date="2015-09-30")
    (q,) = [q for q in conv.quotes if q.currency == "CNY"]
    assert conv.usd == Decimal(300) / q.units_per_usd


def test_direct_cross_is_used_and_recorded():
    conv = normalize(money("500", "CNY"), doc_date="2007-02-06")
    assert conv.note.startswith("KPW: direct; KPW/CNY quote of 2007-01-04 from Sinuiju")
    assert conv.target("KPW").route == "direct"
    cross = [q for q in conv.quotes if q.base == "CNY"]
    assert [(q.currency, q.units_per_base, q.observed) for q in cross] == [
        ("KPW", Decimal("4.25"), date(2007, 1, 4))
    ]
    assert conv.kpw == Decimal(212500)
    assert conv.kpw_unit == "old"
    assert conv.kpw_current == Decimal(2125)


def test_cross_through_usd_when_no_direct_quote():
    # no KPW/CNY market quote from 2018-05 to 2019-02 (rates/README.md); KPW/USD exists
    conv = normalize(money("100", "CNY"), doc_date="2018-11-15")
    assert conv.note.startswith("KPW: via USD; ")
    assert conv.target("KPW").route == "via USD"
    assert {q.currency for q in conv.quotes} == {"CNY", "KPW"}
    kpw_q = next(q for q in conv.quotes if q.currency == "KPW")
    cny_q = next(q for q in conv.quotes if q.currency == "CNY")
    assert conv.kpw == Decimal(100) / cny_q.units_per_usd * kpw_q.units_per_usd


def test_old_won_before_redenomination():
    conv = normalize(money("1000", "KPW"), doc_date="2009-11-29")
    assert (conv.kpw, conv.kpw_unit, conv.kpw_current, conv.era_factor) == (
        Decimal(1000),
        "old",
        Decimal(10),
        Decimal("0.01"),
    )


def test_new_won_on_redenomination_day():
    conv = normalize(money("1000", "KPW"), doc_date="2009-11-30")
    assert (conv.kpw, conv.kpw_unit, conv.kpw_current, conv.era_factor) == (
        Decimal(1000),
        "new",
        Decimal(1000),
        Decimal(1),
    )
    (q,) = conv.quotes
    assert conv.usd == Decimal(1000) / q.units_per_usd  # 1,000 new won, no factor
    before = normalize(money("1000", "KPW"), doc_date="2009-11-29")
    (qb,) = before.quotes
    assert before.usd == Decimal(10) / qb.units_per_usd  # 1,000 old won = 10 new won


def test_text_says_new_won_before_reform():
    conv = normalize(money("35", "KPW"), doc_date="2009-11-29", won_unit="new")
    assert conv.era_factor == 1
    assert conv.kpw_current == Decimal(35)
    assert conv.kpw_unit == "old"
    assert conv.kpw == Decimal(3500)


def test_range_converts_both_ends():
    conv = normalize(money("5000", "KPW", high="8000"), doc_date="2016-03-25")
    assert conv.usd is not None
    assert conv.usd_high is not None
    assert conv.usd_high / conv.usd == Decimal("1.6")
    assert conv.kpw_high == Decimal(8000)


def test_official_kind_on_request():
    market = normalize(money("1", "USD"), doc_date="2013-11-10")
    official = normalize(money("1", "USD"), doc_date="2013-11-10", kind="official")
    assert market.kpw is not None
    assert official.kpw is not None
    assert official.kpw == Decimal(96)
    assert market.kpw > 50 * official.kpw


def test_place_changes_quote():
    conv = normalize(money("1", "USD"), doc_date="2016-03-25", place="Hyesan")
    assert [q.place for q in conv.quotes] == ["Hyesan"]


def test_usd_amount_has_no_usd_quote():
    conv = normalize(money("100", "USD"), doc_date="2020-01-02")
    assert conv.usd == Decimal(100)
    assert [q.currency for q in conv.quotes] == ["KPW"]


def test_unresolved_currency():
    m = Mention(
        start=0,
        end=9,
        text="5,000 won",
        value=Decimal(5000),
        candidates=("KPW", "KRW"),
        reason="no cue",
    )
    with pytest.raises(UnresolvedCurrencyError) as err:
        normalize(m, doc_date="2015-09-30")
    assert err.value.candidates == ("KPW", "KRW")


def test_out_of_coverage_raises():
    with pytest.raises(RateNotFoundError) as err:
        normalize(money("10", "EUR"), doc_date="1995-06-01")
    assert err.value.currency == "EUR"


def test_kpw_leg_missing_raises_under_the_strict_default():
    with pytest.raises(RateNotFoundError) as err:
        normalize(money("10", "JPY"), doc_date="1985-06-03")
    assert err.value.currency == "KPW"


def test_kpw_leg_missing_gives_none_with_note_when_lenient():
    conv = normalize(money("10", "JPY"), doc_date="1985-06-03", policy=Policy(strict=False))
    assert conv.usd is not None
    assert conv.kpw is None
    assert "KPW: no KPW rate" in conv.note
    assert conv.target("KPW").note.startswith("no KPW rate for 1985-06-03")


def test_doc_date_required():
    with pytest.raises(TypeError):
        normalize(money("1", "CNY"), doc_date=None)  # type: ignore[arg-type]


def test_rejects_other_objects():
    with pytest.raises(TypeError):
        normalize("300 yuan", doc_date="2015-09-30")  # type: ignore[arg-type]


def test_custom_store_and_policy():
    store = RateStore.default()
    with pytest.raises(RateNotFoundError):
        normalize(
            money("1", "CNY"),
            doc_date="2015-10-03",
            rates=store,
            policy=Policy(mode=LookupPolicy.EXACT),
        )


def test_convert_amount_between_any_pair():
    value, quotes = convert_amount(Decimal(100), "EUR", "JPY", on="2012-03-01")
    assert len(quotes) == 2
    assert Decimal(10000) < value < Decimal(12000)


def test_ruble_amount_before_1998_is_old_rubles():
    conv = normalize(money("5000", "RUB"), doc_date="1995-06-01")
    assert conv.era_factor == Decimal("0.001")
    assert conv.usd is not None
    assert Decimal(1) < conv.usd < Decimal(2)  # about 4,900 old rubles per USD then
