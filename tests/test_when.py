"""Mention.when and the conversions that use it: each amount on its own date (issue 19).

The sentences are our own. The corpus files tests/corpus/en-when.toml and ko-when.toml hold the
reading and scope cases; here: the record, the events table, and normalize, burden, the frame and
batch paths across the 2009 redenomination.
"""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

import moneyx
from moneyx.batch import convert_file, convert_frame
from moneyx.errors import InvalidRecordError
from moneyx.extract.when import events
from moneyx.model import When
from moneyx.normalize import normalize_frame

DOC = "2015-06-01"
OLD_AND_NEW = "In 2008 a kilogram of rice cost 1,100 won in Hyesan, now it costs 5,000 won."


def _one(text: str, doc_date: str | None = DOC, lang: str = "en") -> moneyx.Mention:
    got = moneyx.extract_amounts(text, doc_date=doc_date, lang=lang)
    assert len(got) == 1, got
    return got[0]


# ---------------------------------------------------------------------------------------------
# the record


def test_when_offsets_point_at_the_words() -> None:
    text = "Traders said rice cost 1,100 won in Hyesan in March 2008."
    m = _one(text)
    assert m.when is not None
    assert text[m.when.start : m.when.end] == m.when.text == "in March 2008"


def test_when_is_in_to_dict() -> None:
    d = _one("In 2008 a kilogram of rice cost 1,100 won in Hyesan.").to_dict()
    assert d["when"] == {
        "day": "2008-07-01",
        "first": "2008-01-01",
        "last": "2008-12-31",
        "precision": "year",
        "text": "In 2008",
        "start": 0,
        "end": 7,
        "rule": "when.calendar",
        "scope": "when.clause",
    }


def test_undated_mention_has_no_when() -> None:
    assert _one("A kilogram of rice costs 5,000 won in Hyesan.").when is None


def test_the_document_date_is_the_day_when_it_falls_in_the_period() -> None:
    m = _one("This year a kilogram of rice costs 5,000 won in Hyesan.")
    assert m.when is not None
    assert m.when.day == date(2015, 6, 1)


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"precision": "week"}, "precision"),
        ({"first": date(2003, 1, 1), "last": date(2002, 1, 1)}, "ends before"),
        ({"day": date(2001, 1, 1)}, "outside"),
        ({"text": "in 200"}, "span"),
    ],
)
def test_when_rejects_bad_records(kwargs: dict[str, object], needle: str) -> None:
    base: dict[str, object] = {
        "day": date(2002, 7, 1),
        "first": date(2002, 1, 1),
        "last": date(2002, 12, 31),
        "precision": "year",
        "text": "in 2002",
        "start": 0,
        "end": 7,
    }
    with pytest.raises(InvalidRecordError, match=needle):
        When(**{**base, **kwargs})  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# resolution against the document date


def test_relative_words_need_a_document_date() -> None:
    assert _one("Last year a kilogram of rice cost 4,000 won.", doc_date=None).when is None


def test_a_written_year_needs_no_document_date() -> None:
    m = _one("In 2002 a kilogram of rice cost 45 won.", doc_date=None)
    assert m.when is not None
    assert m.when.precision == "year"
    assert m.when.first == date(2002, 1, 1)


def test_a_month_without_a_year_is_the_latest_before_the_document() -> None:
    m = _one("In December a kilogram of rice cost 4,000 won.", doc_date="2015-07-15")
    assert m.when is not None
    assert m.when.first == date(2014, 12, 1)


def test_a_month_just_ahead_of_the_document_is_a_plan_and_dates_nothing() -> None:
    m = _one("In late August a kilogram of rice will cost 4,000 won.", doc_date="2015-07-15")
    assert m.when is None


def test_a_day_after_the_document_dates_nothing() -> None:
    assert _one("The fee rises to 9,000 won in 2031.").when is None


# ---------------------------------------------------------------------------------------------
# the events table


def test_redenominations_in_events_match_the_eras_table() -> None:
    """events.csv dates 'the currency reform' on the day rates/eras.csv starts the new won."""
    starts = {
        e.valid_from
        for e in moneyx.eras.eras()
        if e.currency == "KPW" and e.valid_from is not None and e.unit != "first"
    }
    assert {e.first for e in events()["kpw-redenomination"]} == starts


def test_every_event_row_cites_a_source() -> None:
    assert all(e.source for rows in events().values() for e in rows)


def test_the_year_written_with_an_event_picks_its_row() -> None:
    m = _one("Before the 1959 currency reform a pair of shoes cost 80 won.")
    assert m.when is not None
    assert m.when.last == date(1959, 2, 12)


# ---------------------------------------------------------------------------------------------
# normalize across the redenomination


def test_normalize_converts_a_dated_amount_in_old_won() -> None:
    old, new = moneyx.extract_amounts(OLD_AND_NEW, doc_date=DOC)
    c_old = moneyx.normalize(old, doc_date=DOC)
    c_new = moneyx.normalize(new, doc_date=DOC)
    want = (date(2008, 7, 1), "old", Decimal("0.01"))
    assert (c_old.on, c_old.kpw_unit, c_old.era_factor) == want
    assert c_old.kpw_current == Decimal("11.00")
    assert c_old.when is old.when
    assert "dated 2008-07-01 by the text ('In 2008'" in c_old.note
    assert (c_new.on, c_new.kpw_unit, c_new.era_factor, c_new.when) == (
        date(2015, 6, 1),
        "new",
        Decimal(1),
        None,
    )


def test_normalize_uses_the_rate_of_the_dated_day() -> None:
    old, _ = moneyx.extract_amounts(OLD_AND_NEW, doc_date=DOC)
    conv = moneyx.normalize(old, doc_date=DOC)
    assert conv.quotes
    assert all(q.requested == date(2008, 7, 1) for q in conv.quotes)
    assert all(q.observed <= date(2008, 7, 1) for q in conv.quotes)


def test_normalize_use_when_false_keeps_the_document_date() -> None:
    old, _ = moneyx.extract_amounts(OLD_AND_NEW, doc_date=DOC)
    conv = moneyx.normalize(old, doc_date=DOC, use_when=False)
    assert (conv.on, conv.kpw_unit, conv.when) == (date(2015, 6, 1), "new", None)


def test_korean_before_the_currency_reform_is_old_won() -> None:
    m = _one("화폐개혁 전 혜산 장마당에서 옥수수 1kg은 1,500원이었다.", lang="ko")
    conv = moneyx.normalize(m, doc_date=DOC)
    assert (conv.on, conv.kpw_unit, conv.kpw_current) == (
        date(2009, 11, 29),
        "old",
        Decimal("15.00"),
    )


def test_korean_last_december_uses_that_month() -> None:
    m = _one("작년 12월 혜산 장마당에서 쌀 1kg은 5,000원이었다.", lang="ko")
    conv = moneyx.normalize(m, doc_date=DOC)
    assert conv.on == date(2014, 12, 16)
    assert conv.kpw_unit == "new"


def test_after_the_currency_reform_is_new_won() -> None:
    m = _one("Right after the currency reform rice sold for 25 won a kilogram in Hyesan.")
    conv = moneyx.normalize(m, doc_date=DOC)
    assert (conv.on, conv.kpw_unit) == (date(2009, 12, 1), "new")


# ---------------------------------------------------------------------------------------------
# burden


def test_burden_weighs_a_dated_amount_in_its_own_won() -> None:
    old, new = moneyx.extract_amounts(OLD_AND_NEW, doc_date=DOC)
    b_old = moneyx.burden(old, wage="5500 KPW/month", doc_date=DOC)
    b_new = moneyx.burden(new, wage="5500 KPW/month", doc_date=DOC)
    assert b_old.on == date(2008, 7, 1)
    assert b_new.on == date(2015, 6, 1)
    # 1,100 old won are 11 new won: 500 times less than 5,500, not 5
    assert b_old.periods == Decimal(11) / Decimal(5500)
    assert any("dated 2008-07-01 by the text" in n for n in b_old.notes)
    assert any("rescaled by 0.01" in n for n in b_old.notes)


def test_burden_basis_uses_the_reference_row_of_the_dated_day() -> None:
    old, new = moneyx.extract_amounts(OLD_AND_NEW, doc_date=DOC)
    b_old = moneyx.burden(old, basis="rice_kg", doc_date=DOC, place="Hyesan")
    b_new = moneyx.burden(new, basis="rice_kg", doc_date=DOC, place="Hyesan")
    assert b_old.references
    assert b_new.references
    assert b_old.references[0].requested == date(2008, 7, 1)
    assert b_old.references[0].date_from < b_new.references[0].date_from
    assert b_old.references[0].date_from.year <= 2009


# ---------------------------------------------------------------------------------------------
# frame and batch paths


def test_normalize_frame_converts_on_the_when_column() -> None:
    df = pd.DataFrame(
        {
            "value": [Decimal(1100), Decimal(1100)],
            "currency": ["KPW", "KPW"],
            "doc_date": [DOC, DOC],
            "when": ["2008-07-01", None],
        }
    )
    out = normalize_frame(df)
    assert list(out["on"]) == ["2008-07-01", DOC]
    assert list(out["kpw_unit"]) == ["old", "new"]
    conv = moneyx.normalize(moneyx.extract_amounts(OLD_AND_NEW, doc_date=DOC)[0], doc_date=DOC)
    assert out["usd"].iat[0] == conv.usd


def test_normalize_frame_without_when_column_uses_the_document_date() -> None:
    df = pd.DataFrame({"value": [Decimal(1100)], "currency": ["KPW"], "doc_date": [DOC]})
    assert normalize_frame(df)["kpw_unit"].iat[0] == "new"


def test_convert_frame_writes_the_when_columns() -> None:
    frame = pd.DataFrame({"text": [OLD_AND_NEW], "date": [DOC]})
    out = convert_frame(frame, text_col="text", date_col="date")
    got = out[["when", "when_precision", "when_text"]].astype(object)
    assert got.iloc[0].tolist() == ["2008-07-01", "year", "In 2008"]
    assert got.iloc[1].isna().all()
    assert list(out["kpw_unit"]) == ["old", "new"]


def test_convert_file_round_trips_the_when_columns(tmp_path: Path) -> None:
    src, dst = tmp_path / "in.csv", tmp_path / "out.csv"
    with src.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["body", "published"], [OLD_AND_NEW, DOC]])
    report = convert_file(src, dst, text_col="body", date_col="published")
    assert report.mentions == 2
    rows = list(csv.DictReader(dst.open(encoding="utf-8")))
    assert [r["when"] for r in rows] == ["2008-07-01", ""]
    again = normalize_frame(
        pd.DataFrame(
            {
                "value": [Decimal(r["value"]) for r in rows],
                "currency": [r["currency"] for r in rows],
                "doc_date": [DOC, DOC],
                "when": [r["when"] for r in rows],
            }
        )
    )
    assert list(again["kpw_unit"]) == [r["kpw_unit"] for r in rows]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_anchor_lead_finds_exactly_the_anchors_finditer_finds(lang: str) -> None:
    """The fast anchor scan (a literal-led pre-pattern, then the anchor at each hit) is exact."""
    from moneyx.extract.when import _anchors, _patterns

    pt = _patterns(lang)
    texts = [
        "i know that in march 1998, 20000 won bought 3 kg; a year ago it was 1990s prices.",
        "last year's 2,019 tonnes; 1850s, 20 years ago, 2 years, nowadays, the currency reform.",
        "as of sept. 25, 2014 the famine (the arduous march) ended; mayday 2012x 19999 2099.",
        "작년 12월 쌀 1kg은 5,000원, 3년 전 2002년에, 2 년 요즘 화폐개혁 전 1990년대.",
        "",
        "no time words here at all, only 5 dollars and 7.5 million yuan.",
    ]
    for low in (t.lower() for t in texts):
        want = [(m.start(), m.end(), m.lastgroup) for m in pt.anchor.finditer(low)]
        got = [(m.start(), m.end(), m.lastgroup) for m in _anchors(low, pt)]
        assert got == want, low
