"""Charts: rate histories by city and kind, burdens over time, the CLI commands that draw them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from moneyx.cli import main
from moneyx.model import Money
from moneyx.plot import burden_series, rate_series
from moneyx.rates import RateStore

pytest.importorskip("matplotlib", reason="the plot extra (moneyx-news[plot]) is not installed")


def test_rate_series_by_city_and_kind() -> None:
    series = rate_series("KPW", "2009-01-01", "2026-09-30")
    labels = [s.label for s in series]
    assert labels[:3] == ["Pyongyang, market", "Sinuiju, market", "Hyesan, market"]
    assert "official" in labels
    total = sum(len(s.points) for s in series)
    assert total == len(RateStore.default().history("KPW", "2009-01-01", "2026-09-30"))
    assert all(p.source for s in series for p in s.points)
    assert all(isinstance(p.value, Decimal) for s in series for p in s.points)


def test_rate_series_for_one_place() -> None:
    series = rate_series("KPW", "2015-01-01", "2015-12-31", place="Hyesan")
    assert [s.label for s in series] == ["Hyesan, market"]


def test_history_window_and_errors() -> None:
    store = RateStore.default()
    h = store.history("KPW", "2015-09-01", "2015-09-30")
    assert sorted(h["place"]) == ["Hyesan", "Pyongyang", "Sinuiju"]
    assert all(d.isoformat().startswith("2015-09") for d in h["date"])
    with pytest.raises(ValueError, match="after"):
        store.history("KPW", "2016-01-01", "2015-01-01")
    from moneyx.errors import RateNotFoundError

    with pytest.raises(RateNotFoundError):
        store.history("XYZ")


def test_rates_plot_cli_writes_the_same_svg_twice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = tmp_path / "a.svg", tmp_path / "b.svg"
    args = ["rates", "plot", "KPW", "--from", "2009-01-01", "--to", "2026-09-30"]
    assert main([*args, "-o", str(a)]) == 0
    assert main([*args, "-o", str(b)]) == 0
    out = capsys.readouterr().out
    # each city's series counts its market rows of the tables (not a number frozen here)
    hist = RateStore.default().history("KPW", "2009-01-01", "2026-09-30", kind="market")
    hyesan = int((hist["place"] == "Hyesan").sum())
    assert hyesan > 300
    assert f"Hyesan, market {hyesan}" in out
    svg = a.read_text(encoding="utf-8")
    assert svg.startswith("<?xml")
    assert "KPW per USD" in svg
    assert a.read_bytes() == b.read_bytes()  # no timestamp, fixed ids


def test_rates_plot_png_for_a_city(tmp_path: Path) -> None:
    out = tmp_path / "k.png"
    code = main(
        ["rates", "plot", "KPW", "--from", "2015-01-01", "--to", "2016-12-31",
         "--place", "Hyesan", "-o", str(out)]
    )  # fmt: skip
    assert code == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_rates_plot_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rates", "plot", "XYZ", "-o", str(tmp_path / "x.svg")]) == 1
    assert "XYZ" in capsys.readouterr().err
    code = main(["rates", "plot", "KPW", "--from", "2030-01-01", "-o", str(tmp_path / "x.svg")])
    assert code == 1
    assert "no KPW per USD observation" in capsys.readouterr().err
    assert not (tmp_path / "x.svg").exists()


def test_burden_series_has_points_and_stated_gaps() -> None:
    s = burden_series(
        Money(value=Decimal(300), currency="CNY"),
        basis="rice_kg",
        start=date(2014, 1, 1),
        end=date(2015, 12, 31),
    )
    assert len(s.points) + len(s.gaps) == 24
    assert s.unit == "kg"
    assert all(b.kg is not None and b.kg > 0 for _, b in s.points)
    assert all("rice_kg" in why for _, why in s.gaps)


def test_burden_series_against_a_wage() -> None:
    wage = Money(value=Decimal(3000), currency="KPW", per="month")
    s = burden_series(
        Money(value=Decimal(500), currency="CNY"),
        wage=wage,
        start=date(2012, 1, 1),
        end=date(2012, 12, 31),
        step="quarter",
    )
    assert [d.month for d, _ in s.points] == [1, 4, 7, 10]
    assert s.unit == "years"


def test_burden_series_rejects_bad_ranges() -> None:
    amount = Money(value=Decimal(1), currency="CNY")
    with pytest.raises(ValueError, match="after"):
        burden_series(amount, basis="rice_kg", start=date(2016, 1, 1), end=date(2015, 1, 1))
    with pytest.raises(ValueError, match="exactly one"):
        burden_series(amount, start=date(2015, 1, 1), end=date(2016, 1, 1))


def test_burden_plot_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "rice.svg"
    code = main(
        ["burden", "300 yuan", "--basis", "rice_kg", "--from", "2014-01-01", "--to",
         "2015-12-31", "--plot", str(out)]
    )  # fmt: skip
    assert code == 0
    said = capsys.readouterr().out
    assert said.endswith(f"-> {out}\n")
    assert "dates with a figure" in said
    assert "kilograms of rice" in out.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# quotes mined from text (`moneyx rates from-text`) drawn over the tables' series

_QUOTE_DOCS = [
    ("h", "Traders in Hyesan said it was 8,100 won to the dollar on Monday.", "2016-05-10"),
    ("s", "In Sinuiju it was 7,900 won to the dollar last week.", "2016-06-14"),
    ("g", "Each household in Sinuiju paid 300 yuan (U.S. $46) for the permit.", "2015-09-30"),
    ("o", "In Pyongyang it was 5,000 won to the dollar.", "2012-02-01"),
    ("n", "The committee met without any figures on the table.", "2016-05-10"),
]


def _mined_quotes(tmp_path: Path) -> Path:
    """Run the real `rates from-text` pipeline over a few sentences written for this test."""
    import csv

    from moneyx.batch import convert_file

    src, dst = tmp_path / "docs.csv", tmp_path / "quotes.csv"
    with src.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "body", "published"])
        w.writerows(_QUOTE_DOCS)
    convert_file(src, dst, text_col="body", date_col="published", id_col="id", records="quotes")
    return dst


def _quote_file(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    import csv

    from moneyx.quotes import QUOTE_COLUMNS

    path = tmp_path / "hand.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(QUOTE_COLUMNS))
        w.writeheader()
        for row in rows:
            w.writerow({"status": "ok", "kind": "quote", "rate_high": "", "place": "", **row})
    return path


def test_read_quotes_keeps_the_pair_the_window_and_the_place(tmp_path: Path) -> None:
    from moneyx.plot import read_quotes

    path = _mined_quotes(tmp_path)
    got = read_quotes(path, "KPW", "2015-01-01", "2016-12-31")
    assert [(q.doc_id, q.day.isoformat(), q.value, q.kind) for q in got] == [
        ("h", "2016-05-10", Decimal("8100"), "quote"),
        ("s", "2016-06-14", Decimal("7900"), "quote"),
    ]
    assert [q.place for q in got] == ["Hyesan", "Sinuiju"]
    assert [q.doc_id for q in read_quotes(path, "KPW", place="hyesan")] == ["h"]
    assert [q.doc_id for q in read_quotes(path, "kpw")] == ["o", "h", "s"]
    # the gloss pair implies a yuan rate: it is on the CNY chart, not the KPW one
    cny = read_quotes(path, "CNY")
    assert [(q.doc_id, q.kind) for q in cny] == [("g", "implied")]
    assert cny[0].value == round(Decimal(300) / Decimal(46), 4)  # as rate_quotes rounds it


def test_read_quotes_inverts_a_pair_written_the_other_way(tmp_path: Path) -> None:
    from moneyx.plot import read_quotes

    path = _quote_file(
        tmp_path,
        [{"doc_id": "x", "base": "KPW", "quote": "USD", "rate": "0.000125", "date": "2016-01-04"}],
    )
    (q,) = read_quotes(path, "KPW")
    assert q.value == Decimal(8000)


def test_read_quotes_names_the_bad_record_and_the_missing_column(tmp_path: Path) -> None:
    from moneyx.plot import read_quotes

    rows = [
        {"doc_id": "a", "base": "USD", "quote": "KPW", "rate": "8000", "date": "2016-01-04"},
        {"doc_id": "b", "base": "USD", "quote": "KPW", "rate": "lots", "date": "2016-01-05"},
    ]
    with pytest.raises(ValueError, match=r"record 2 \(doc_id 'b'\): rate 'lots'"):
        read_quotes(_quote_file(tmp_path, rows), "KPW")
    plain = tmp_path / "mentions.csv"
    plain.write_text("doc_id,text,value\n1,5 won,5\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not a quotes file.*'base'"):
        read_quotes(plain, "KPW")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        read_quotes(tmp_path / "absent.csv", "KPW")


def test_rate_figure_draws_the_quotes_over_the_series(tmp_path: Path) -> None:
    from moneyx.plot import rate_figure, read_quotes

    quotes = read_quotes(_mined_quotes(tmp_path), "KPW", "2015-01-01", "2016-12-31")
    fig = rate_figure("KPW", "2015-01-01", "2016-12-31", quotes=quotes)
    lines = {ln.get_label(): ln for ln in fig.axes[0].lines}
    assert "Hyesan, market" in lines  # the tables' series are still drawn
    mined = lines["quoted in text (2)"]
    assert [float(y) for y in mined.get_ydata()] == [8100.0, 7900.0]  # type: ignore[union-attr]
    assert "2 quotes from text" in fig.axes[0].get_title()


def test_rates_plot_cli_with_quotes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    quotes = _mined_quotes(tmp_path)
    a, b = tmp_path / "a.svg", tmp_path / "b.svg"
    args = ["rates", "plot", "KPW", "--from", "2015-01-01", "--to", "2016-12-31"]
    assert main([*args, "--quotes", str(quotes), "-o", str(a)]) == 0
    assert f"+ 2 quotes from {quotes} -> " in capsys.readouterr().out
    assert main([*args, "--quotes", str(quotes), "-o", str(b)]) == 0
    assert a.read_bytes() == b.read_bytes()
    assert main([*args, "-o", str(b)]) == 0
    assert a.read_bytes() != b.read_bytes()  # the quotes are in the picture
    capsys.readouterr()
    assert main([*args, "--quotes", str(tmp_path / "none.csv"), "-o", str(a)]) == 1
    assert "none.csv" in capsys.readouterr().err
