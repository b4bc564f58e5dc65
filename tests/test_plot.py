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
