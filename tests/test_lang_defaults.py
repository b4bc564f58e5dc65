"""Every entry point reads the language from the text by default, as extract_amounts does."""

from __future__ import annotations

import pandas as pd

import moneyx
import moneyx.accessor  # noqa: F401  (registers .moneyx)
from moneyx.burden import document_burdens

KO = "장마당에서 쌀 1kg은 5,000원에 팔렸다."


def test_extract_amounts_reads_korean_without_being_told() -> None:
    (m,) = moneyx.extract_amounts(KO)
    assert (m.lang, m.value, m.currency) == ("ko", 5000, "KPW")


def test_extract_many_defaults_to_the_same_reading() -> None:
    (r,) = list(moneyx.extract_many([KO], doc_dates=["2019-05-01"]))
    assert [(m.lang, m.text) for m in r.mentions] == [
        (m.lang, m.text) for m in moneyx.extract_amounts(KO)
    ]


def test_the_accessor_defaults_to_the_same_reading() -> None:
    out = pd.Series([KO]).moneyx.extract(doc_date="2019-05-01")
    assert list(out["text"]) == [m.text for m in moneyx.extract_amounts(KO)]


def test_document_burdens_defaults_to_the_same_reading() -> None:
    got = document_burdens(KO, doc_date="2019-05-01")
    assert [b.mention.text for b in got] == [m.text for m in moneyx.extract_amounts(KO)]
