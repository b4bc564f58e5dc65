"""The pandas accessor: Series.moneyx.extract() and DataFrame.moneyx.convert()."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pandas as pd
import pytest

import moneyx
import moneyx.accessor  # noqa: F401  (registers .moneyx)
from moneyx.errors import BatchError

TEXTS = ["Corn sold for 300 yuan a sack.", "Nothing to report.", ""]


def test_series_extract_returns_mentions_with_decimals_and_labels() -> None:
    s = pd.Series(TEXTS, index=["x", "y", "z"])
    out = s.moneyx.extract(doc_date="2015-09-30")
    assert out["input_index"].tolist() == ["x"]
    assert out["text"].tolist() == ["300 yuan"]
    assert out["value"].tolist() == [Decimal(300)]
    assert isinstance(out["usd"].iloc[0], Decimal)


def test_series_extract_values_equal_extract_amounts() -> None:
    text = "Shoes cost 45 yuan and a coat 120 yuan."
    out = pd.Series([text]).moneyx.extract()
    assert out["value"].tolist() == [m.value for m in moneyx.extract_amounts(text)]
    assert out["usd"].isna().all()  # no date: extracted, not converted


def test_series_extract_can_keep_status_rows() -> None:
    out = pd.Series(TEXTS).moneyx.extract(include_status=True)
    assert out.groupby("input_index")["status"].first().tolist() == ["ok", "no_mentions", "error"]


def test_frame_convert_accounts_for_every_row() -> None:
    df = pd.DataFrame(
        {"text": TEXTS, "date": ["2015-09-30", "2015-09-30", "2015-09-30"]}, index=[10, 20, 30]
    )
    out = df.moneyx.convert(text="text", date="date")
    assert sorted(set(out["input_index"])) == [10, 20, 30]
    assert out.drop_duplicates("input_index")["status"].tolist() == ["ok", "no_mentions", "error"]


def test_frame_convert_matches_convert_frame() -> None:
    from moneyx.batch import convert_frame

    df = pd.DataFrame({"body": TEXTS, "day": ["2015-09-30"] * 3})
    out = df.moneyx.convert(text="body", date="day")
    ref = convert_frame(df, text_col="body", date_col="day")
    assert out["usd"].tolist() == [None if pd.isna(v) else Decimal(v) for v in ref["usd"]]
    assert out["status"].tolist() == ref["status"].tolist()


def test_frame_convert_missing_column() -> None:
    with pytest.raises(BatchError, match="columns present: 'text'"):
        pd.DataFrame({"text": TEXTS}).moneyx.convert(text="body")


def test_import_moneyx_registers_nothing_and_imports_no_pandas() -> None:
    code = (
        "import sys, moneyx; assert 'pandas' not in sys.modules, 'pandas imported';"
        "import pandas as pd; assert not hasattr(pd.Series, 'moneyx');"
        "import moneyx.accessor; assert hasattr(pd.Series, 'moneyx')"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr


# --- a date per text, floats beside the exact columns, plain notation ---------------------------

DATED = pd.DataFrame(
    {
        "body": ["Rice cost 300 yuan a sack.", "A permit cost $1,200.", "Corn sold for 40 yuan."],
        "published": ["March 12, 2019", "2016-03-01", ""],
    },
    index=["a", "b", "c"],
)


def test_series_extract_takes_a_date_series_aligned_to_the_frame() -> None:
    out = DATED["body"].moneyx.extract(doc_date=DATED["published"])
    assert out["input_index"].tolist() == ["a", "b", "c"]
    assert out["doc_date"].fillna("").tolist() == ["2019-03-12", "2016-03-01", ""]
    assert out["usd"].notna().tolist() == [True, True, False]
    assert "empty date" in out["note"].iloc[2]


def test_a_date_series_is_aligned_by_label_not_by_position() -> None:
    shuffled = DATED["published"].iloc[::-1]
    out = DATED["body"].moneyx.extract(doc_date=shuffled)
    assert out["doc_date"].fillna("").tolist() == ["2019-03-12", "2016-03-01", ""]


def test_a_date_list_is_taken_by_position() -> None:
    out = DATED["body"].moneyx.extract(doc_date=["2019-03-12", "2016-03-01", "2016-03-01"])
    assert out["doc_date"].tolist() == ["2019-03-12", "2016-03-01", "2016-03-01"]


@pytest.mark.parametrize(
    ("dates", "needle"),
    [
        pytest.param(pd.Series(["2019-03-12"], index=["a"]), "no date for 2 text", id="missing"),
        pytest.param(["2019-03-12"], "1 dates for 3 texts", id="short-list"),
        pytest.param(
            pd.Series(["2019", "2019", "2019"], index=["a", "a", "b"]), "repeated", id="dup"
        ),
    ],
)
def test_dates_that_do_not_line_up_are_a_clear_error(dates: object, needle: str) -> None:
    with pytest.raises(ValueError, match=needle):
        DATED["body"].moneyx.extract(doc_date=dates)


def test_frames_have_float_columns_beside_the_exact_ones() -> None:
    out = DATED.moneyx.convert(text="body", date="published", include_status=False)
    cols = list(out.columns)
    for col in ("value", "usd", "kpw", "kpw_current"):
        assert cols.index(col + "_float") == cols.index(col) + 1
        assert out[col + "_float"].dtype == "float64"
    assert out["value_float"].tolist() == [300.0, 1200.0, 40.0]
    assert out["usd_float"].iloc[0] == pytest.approx(float(out["usd"].iloc[0]))


def test_decimals_print_in_plain_notation() -> None:
    # Decimal arithmetic can give Decimal('1.2E+3'); the frame must hold Decimal('1200').
    out = pd.Series(["The fee was $1,200."]).moneyx.extract(doc_date="2016-03-01")
    for col in ("value", "usd"):
        text = str(out[col].iloc[0])
        assert "E" not in text
        assert Decimal(text) == Decimal(1200)
