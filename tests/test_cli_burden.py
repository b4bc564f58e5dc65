"""`moneyx burden`: typed amounts weighed (moneyx.typed.weigh) and rendered by the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from moneyx.cli import _burden_text, main
from moneyx.errors import BurdenError, InvalidPeriodError, MoneyxError
from moneyx.typed import weigh


def text_of(amount: str, **kw: object) -> str:
    return _burden_text(weigh(amount, **kw))  # type: ignore[arg-type]


def test_wage_example() -> None:
    from datetime import date

    text = text_of("5 million won", wage_text="3,000 won a month", day=date(2007, 2, 6))
    assert "138.89 years" in text
    assert "KPW" in text
    assert "month = year/12" in text


def test_wage_example_without_date() -> None:
    assert "138.89 years" in text_of("5 million won", wage_text="3,000 won a month")


def test_defaulted_won_is_said() -> None:
    w = weigh("5 million won", wage_text="3,000 won a month")
    assert [m.text for m in w.defaulted] == ["5 million won", "3,000 won"]
    assert "read as KPW (North Korean won)" in _burden_text(w)


def test_rice_example_says_the_fallback_and_sources() -> None:
    from datetime import date

    text = text_of("300 yuan", basis="rice_kg", day=date(2015, 9, 30), place="Chongjin")
    assert " kg of rice" in text
    assert "fell back to Musan" in text
    assert "reference:" in text
    assert "asiapress.org" in text
    assert "rate:" in text


def test_wage_without_period() -> None:
    with pytest.raises(InvalidPeriodError):
        weigh("5 million won", wage_text="3,000 won")


def test_no_amount_found() -> None:
    with pytest.raises(BurdenError, match="expected one amount"):
        weigh("nothing here", wage_text="3,000 won a month")


def test_unknown_basis_is_a_moneyx_error() -> None:
    with pytest.raises(MoneyxError, match="unknown basis"):
        weigh("5 million won", basis="gold_g")


def test_mixed_currencies_need_the_date_flag() -> None:
    with pytest.raises(BurdenError, match="--date"):
        weigh("300 yuan", wage_text="3,000 won a month", date_flag="--date")


def test_wage_and_basis_together_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["burden", "5 million won", "--wage", "3,000 won a month", "--basis", "rice_kg"])
    assert code == 1
    assert "not both" in capsys.readouterr().err


def test_cli_error_names_the_flag(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["burden", "300 yuan", "--wage", "3,000 won a month"])
    assert code == 1
    assert "--date" in capsys.readouterr().err


def test_plot_needs_a_range(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["burden", "300 yuan", "--basis", "rice_kg", "--plot", str(tmp_path / "b.svg")])
    assert code == 1
    assert "--from and --to" in capsys.readouterr().err
    assert not (tmp_path / "b.svg").exists()
