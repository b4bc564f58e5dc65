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
