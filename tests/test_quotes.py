"""moneyx.rate_quotes: exchange-rate quotes in a text as records, set against the tables.

The sentences are our own. Table figures are read from the shipped tables through RateStore in
the tests themselves (never written here), so a rebuilt table keeps the tests true.
"""

from __future__ import annotations

import csv
import io
from contextlib import redirect_stderr, redirect_stdout
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

import moneyx
from moneyx import cli
from moneyx.batch import convert_file
from moneyx.eras import factor_to_current
from moneyx.errors import InvalidRecordError
from moneyx.quotes import QUOTE_COLUMNS, TextQuote, is_quote, quote_base, rate_quotes
from moneyx.rates import LookupPolicy, Policy, RateStore

DOC = "2016-05-10"


def _one(text: str, doc_date: str | None = DOC, **kw: object) -> TextQuote:
    got = rate_quotes(text, doc_date=doc_date, **kw)  # type: ignore[arg-type]
    assert len(got) == 1, got
    return got[0]


def test_a_stated_quote_is_read_with_base_quote_rate_place_and_date() -> None:
    text = "Traders in Hyesan said it was 8,100 won to the dollar."
    q = _one(text)
    assert (q.base, q.quote, q.rate, q.kind) == ("USD", "KPW", Decimal(8100), "quote")
    assert (q.place, q.date, q.when) == ("Hyesan", date(2016, 5, 10), None)
    assert text[q.start : q.end] == q.text == "8,100 won"
    assert not q.implied


def test_the_table_rate_is_that_of_the_same_pair_day_and_place() -> None:
    q = _one("Traders in Hyesan said it was 8,100 won to the dollar.")
    want = RateStore.default().lookup(
        "KPW", DOC, place="Hyesan", policy=Policy(mode=LookupPolicy.NEAREST, max_age=15)
    )
    assert q.table_rate == want.units_per_base
    assert (q.table_date, q.table_place) == (want.observed, want.place)
    assert q.table_date is not None
    assert abs(q.table_date - date(2016, 5, 10)) <= timedelta(days=15)
    assert q.deviation_pct == ((Decimal(8100) / want.units_per_base - 1) * 100).quantize(
        Decimal("0.01")
    )


def test_a_place_the_tables_lack_is_not_replaced_by_another() -> None:
    q = _one("In Musan the rate was 8,000 won to the dollar.")
    assert q.place == "Musan"
    assert q.table_rate is None
    assert q.deviation_pct is None
    assert "Musan" in q.note


def test_a_quote_without_a_place_compares_with_any_place() -> None:
    q = _one("The rate was 8,000 won to the dollar, a trader said of the North Korean market.")
    assert q.place is None
    assert q.table_rate is not None


def test_a_quote_per_yuan_goes_through_the_dollar_when_the_direct_series_is_silent() -> None:
    q = _one("In Hyesan the market rate was 1,200 won per yuan in March 2014.")
    assert (q.base, q.quote, q.date) == ("CNY", "KPW", date(2014, 3, 16))
    assert q.when is not None
    assert q.when.precision == "month"
    assert q.table_rate is not None
    assert len(q.table_quotes) in (1, 2)
    assert all(t.place in (None, "Hyesan") or "Hyesan" in (t.place or "") for t in q.table_quotes)


def test_a_quote_dated_to_a_year_is_too_coarse_to_compare() -> None:
    q = _one("In 2008 it was 3,100 won to the dollar in Sinuiju.", doc_date="2015-09-30")
    assert q.date == date(2008, 7, 1)
    assert q.table_rate is None
    assert "too coarse" in q.note


def test_an_old_won_quote_compares_in_old_won() -> None:
    """A quote of 2008 is in old won; the tables (in today's won) are scaled to match."""
    q = _one(
        "On March 4, 2008, the North Korean rate was 3,100 won to the dollar.",
        doc_date="2008-03-20",
    )
    assert q.date == date(2008, 3, 4)
    assert q.table_rate is not None
    t = q.table_quotes[0]
    assert q.table_rate == t.units_per_base / factor_to_current("KPW", date(2008, 3, 4))
    assert q.deviation_pct is not None
    assert abs(q.deviation_pct) < 50


def test_without_any_date_there_is_no_table_rate() -> None:
    q = _one("In Hyesan it was 8,100 won to the dollar.", doc_date=None)
    assert q.date is None
    assert q.table_rate is None
    assert "no date" in q.note


def test_a_gloss_pair_gives_an_implied_rate() -> None:
    q = _one("Each household in Sinuiju paid 300 yuan (U.S. $46) for the permit.", "2015-09-30")
    assert (q.kind, q.base, q.quote) == ("implied", "USD", "CNY")
    assert q.implied
    assert q.rate == (Decimal(300) / Decimal(46)).quantize(Decimal("0.0001"))
    assert q.text == "300 yuan (U.S. $46"
    assert q.mentions == (0, 1)
    assert q.table_rate is not None
    assert q.table_place is None  # a dollar-yuan rate has no place
    assert "rounding" in q.note


def test_a_won_gloss_pair_quotes_the_won() -> None:
    q = _one("A kilogram of rice cost 5,000 won (about 60 cents) in Hyesan.")
    assert (q.base, q.quote) == ("USD", "KPW")
    assert "approximate" in q.note


def test_implied_false_leaves_gloss_pairs_out() -> None:
    text = "Each household in Sinuiju paid 300 yuan (U.S. $46) for the permit."
    assert rate_quotes(text, doc_date="2015-09-30", implied=False) == []


def test_prices_are_not_quotes() -> None:
    assert rate_quotes("In Hyesan a kilogram of rice costs 5,000 won.", doc_date=DOC) == []


def test_is_quote_and_quote_base() -> None:
    ms = moneyx.extract_amounts(
        "In Hyesan rice cost 5,000 won a kg and the rate was 8,000 won to the dollar.",
        doc_date=DOC,
    )
    assert [is_quote(m) for m in ms] == [False, True]
    assert [quote_base(m) for m in ms] == [None, "USD"]


def test_quotes_come_in_text_order_with_given_mentions() -> None:
    text = "In Pyongyang it was 8,000 won to the dollar. In Hyesan a sack cost 30 yuan (U.S. $5)."
    ms = moneyx.extract_amounts(text, doc_date=DOC)
    got = rate_quotes(text, doc_date=DOC, mentions=ms)
    assert [q.kind for q in got] == ["quote", "implied"]
    assert [q.place for q in got] == ["Pyongyang", "Hyesan"]
    assert got == rate_quotes(text, doc_date=DOC)


def test_to_dict_is_json_safe() -> None:
    import json

    d = _one("Traders in Hyesan said it was 8,100 won to the dollar.").to_dict()
    assert json.loads(json.dumps(d)) == d
    assert d["rate"] == "8100"
    assert d["date"] == DOC
    assert "table_quotes" not in d


def test_text_quote_rejects_a_bad_record() -> None:
    with pytest.raises(InvalidRecordError):
        TextQuote(base="USD", quote="KPW", rate=Decimal(0), start=0, end=1, text="x")
    with pytest.raises(InvalidRecordError):
        TextQuote(base="usd", quote="KPW", rate=Decimal(1), start=0, end=1, text="x")


# ---------------------------------------------------------------------------------------------
# corpus runs: convert_file(records="quotes") and `moneyx rates from-text`

CORPUS = [
    ("a", "Traders in Hyesan said it was 8,100 won to the dollar on Monday.", "2016-05-10"),
    ("b", "The committee met without any figures on the table.", "2016-05-10"),
    ("c", "Each household in Sinuiju paid 300 yuan (U.S. $46) for the permit.", "2015-09-30"),
    ("d", "", "2016-01-01"),
    ("e", "In Musan it was 8,000 won to the dollar.", "no date here"),
    ("f", "In Pyongyang it was 8,000 won to the dollar.", "2016-05-10"),
]


def _write_corpus(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "body", "published"])
        w.writerows(CORPUS)


def test_convert_file_quotes_accounts_for_every_row(tmp_path: Path) -> None:
    src, dst = tmp_path / "in.csv", tmp_path / "quotes.csv"
    _write_corpus(src)
    report = convert_file(
        src, dst, text_col="body", date_col="published", id_col="id", records="quotes"
    )
    assert report.balanced
    assert (report.rows, report.rows_with_mentions, report.rows_without_mentions) == (6, 4, 1)
    assert (report.rows_failed, report.mentions, report.unit) == (1, 4, "quotes")
    assert "4 quotes" in report.summary()
    rows = list(csv.DictReader(dst.open(encoding="utf-8")))
    assert list(rows[0]) == list(QUOTE_COLUMNS)
    assert [r["doc_id"] for r in rows] == ["a", "b", "c", "d", "e", "f"]
    assert [r["status"] for r in rows] == ["ok", "no_mentions", "ok", "error", "ok", "ok"]
    kinds = [r["kind"] for r in rows if r["status"] == "ok"]
    assert kinds == ["quote", "implied", "quote", "quote"]
    assert rows[0]["rate"] == "8100"
    assert rows[0]["place"] == "Hyesan"
    # an unreadable date loses no quote: it is kept, with no table rate, and the note says why
    assert rows[4]["rate"] == "8000"
    assert not rows[4]["table_rate"]
    assert "no date" in rows[4]["note"]
    assert "'no date here'" in rows[4]["note"]


def test_convert_file_quotes_resumes(tmp_path: Path) -> None:
    src, dst = tmp_path / "in.csv", tmp_path / "quotes.csv"
    _write_corpus(src)
    kw: dict[str, object] = {
        "text_col": "body",
        "date_col": "published",
        "id_col": "id",
        "records": "quotes",
        "chunksize": 2,
    }

    def stop(p: object) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        convert_file(src, dst, progress=stop, **kw)  # type: ignore[arg-type]
    assert not dst.exists()
    report = convert_file(src, dst, resume=True, **kw)  # type: ignore[arg-type]
    assert report.chunks_resumed == 1
    fresh = tmp_path / "fresh.csv"
    convert_file(src, fresh, **kw)  # type: ignore[arg-type]
    assert dst.read_bytes() == fresh.read_bytes()


def test_a_mentions_run_cannot_resume_as_quotes(tmp_path: Path) -> None:
    src, dst = tmp_path / "in.csv", tmp_path / "out.csv"
    _write_corpus(src)

    def stop(p: object) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        convert_file(src, dst, text_col="body", chunksize=2, progress=stop)
    with pytest.raises(moneyx.BatchError, match="cannot resume"):
        convert_file(src, dst, text_col="body", chunksize=2, resume=True, records="quotes")


def test_cli_rates_from_text(tmp_path: Path) -> None:
    src, dst = tmp_path / "in.csv", tmp_path / "quotes.csv"
    _write_corpus(src)
    out, err = io.StringIO(), io.StringIO()
    argv = ["rates", "from-text", str(src), "--text-col", "body", "--date-col", "published"]
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main([*argv, "--id-col", "id", "-o", str(dst), "--quiet"])
    assert code == 0, err.getvalue()
    assert "6 rows: 4 with quotes (4 quotes)" in out.getvalue()
    rows = list(csv.DictReader(dst.open(encoding="utf-8")))
    assert len(rows) == 6


def test_a_change_that_took_the_rate_unit_is_no_quote() -> None:
    text = "The won closed at 1,174.2 won against the dollar, up 4.5 won from the day before."
    got = rate_quotes(text, doc_date="2021-10-20")
    assert [q.rate for q in got] == [Decimal("1174.2")]
    assert got[0].quote == "KRW"
