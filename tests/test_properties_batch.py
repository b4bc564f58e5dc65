"""Property tests (hypothesis) for the batch paths: threads and CSV shapes.

* Extraction from several threads at once, after the switch to Hyperscan, gives the serial
  results on any generated texts and never raises.
* A CSV of any shape (random quoting, field counts, cell sizes, multi-line cells) comes out with
  every record accounted for: one row per record in order, good records with their own id and
  text, each malformed record an ``error`` row naming its line; counts that add up.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import io
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import moneyx
import moneyx.extract.candidates
from moneyx.batch import convert_file
from moneyx.lexicon import lexicon
from moneyx.scan import AdaptiveScanner, _surfaces

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- threads ------------------------------------------------------------------------------------

WORDS = [
    "$", "US$", "€", "£", "¥", "₩", "won", "yuan", "dollars", "yen", "dlrs", "RMB", "KPW",
    "million", "bn", "mln", "thousand", "five", "a", "hundred", "about", "per", "a month",
    "0", "1", "12", "300", "1,234.56", "5,000", "2.5", "(", ")", ",", ".", "-", "to",
    "North Korean", "Hyesan market", "Seoul", "rice", "cost", "paid",
]  # fmt: skip
texts = st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join)
THREADS, ROUNDS = 8, 3
SWITCH_INTERVAL = 1e-5  # switch threads often (the default is 5 ms), so that races show up


@functools.cache
def _switched_scanner() -> AdaptiveScanner:
    lex = lexicon("en")
    scan = AdaptiveScanner(_surfaces(lex), lex.word_boundaries)
    scan.prepare(AdaptiveScanner.SWITCH_AFTER + 1)
    return scan


@pytest.mark.skipif(importlib.util.find_spec("hyperscan") is None, reason="needs hyperscan")
@SETTINGS
@given(st.lists(texts, min_size=10, max_size=40))
def test_threads_after_the_switch_give_the_serial_results(docs: list[str]) -> None:
    scan = _switched_scanner()
    saved, interval = moneyx.extract.candidates.scanner, sys.getswitchinterval()
    moneyx.extract.candidates.scanner = lambda lang="en": scan  # type: ignore[assignment]
    sys.setswitchinterval(SWITCH_INTERVAL)
    try:
        serial = [moneyx.extract_amounts(d) for d in docs]
        results: dict[int, list[list[moneyx.Mention]]] = {}
        errors: list[BaseException] = []

        def run(t: int) -> None:
            try:
                for _ in range(ROUNDS):
                    results[t] = [moneyx.extract_amounts(d) for d in docs]
            except BaseException as exc:  # noqa: BLE001 - the assertion below reports it
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(t,)) for t in range(THREADS)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
    finally:
        sys.setswitchinterval(interval)
        moneyx.extract.candidates.scanner = saved  # type: ignore[assignment]
    assert errors == []
    assert all(results[t] == serial for t in range(THREADS))


# --- CSV shapes ---------------------------------------------------------------------------------

HEADER = ["id", "text", "date"]
CELL_CHARS = st.sampled_from(list('ab $5 yuan,."\n') + ["300 yuan", "US$4", "\u00e9", "won"])


@dataclass(frozen=True)
class _Record:
    kind: str  # "good", "width" (field count other than the header's), "quote", "open"
    line_text: str  # the record as written, with its line terminator
    rid: str
    text: str


def _cells(draw: st.DrawFn) -> str:
    big = draw(st.sampled_from([False] * 12 + [True]))
    text = "".join(draw(st.lists(CELL_CHARS, max_size=12)))
    return ("x" * 140_000 + text) if big else text


@st.composite
def csv_files(draw: st.DrawFn) -> list[_Record]:
    n = draw(st.integers(min_value=0, max_value=12))
    records: list[_Record] = []
    for i in range(n):
        rid = f"r{i}"
        kind = draw(st.sampled_from(["good"] * 5 + ["width", "quote"]))
        text = _cells(draw)
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        if kind == "good":
            writer.writerow([rid, text, draw(st.sampled_from(["2015-09-30", "", "2019"]))])
        elif kind == "width":
            extra = draw(st.sampled_from([[], ["x", "y"]]))
            writer.writerow([rid, text, *extra] if extra else [rid])
        else:  # text after a closing quote: "say "hi" ..."  (no newline: it fails on its line)
            text = text.replace("\n", " ").replace('"', "")
            buf.write(f'{rid},"say "hi" {text}",2015-09-30\n')
        records.append(_Record(kind, buf.getvalue(), rid, text))
    if draw(st.booleans()):  # an unterminated quote can only be last: it reads to the end
        records.append(_Record("open", 'rZ,"never closed $5\n', "rZ", ""))
    return records


def _start_lines(records: list[_Record]) -> list[int]:
    line, out = 2, []
    for rec in records:
        out.append(line)
        line += rec.line_text.count("\n")
    return out


@SETTINGS
@given(csv_files())
def test_every_csv_record_is_one_accounted_row(records: list[_Record]) -> None:
    with TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.csv", Path(tmp) / "out.csv"
        src.write_text(",".join(HEADER) + "\n" + "".join(r.line_text for r in records), "utf-8")
        report = convert_file(src, dst, text_col="text", date_col="date", id_col="id")
        out = pd.read_csv(dst, dtype=str, keep_default_na=False)
    assert report.balanced
    assert report.rows == len(records)
    firsts = out.drop_duplicates("row").reset_index(drop=True)
    assert firsts["row"].astype(int).tolist() == list(range(len(records)))
    for rec, line, (_, row) in zip(records, _start_lines(records), firsts.iterrows(), strict=True):
        if rec.kind == "good":
            assert row["doc_id"] == rec.rid
            assert row["status"] in ("ok", "no_mentions") or (
                row["status"] == "error" and not rec.text.strip()
            ), row["error"]
        else:
            assert row["status"] == "error"
            assert row["error"].startswith(f"line {line}: malformed CSV record"), row["error"]
    good = [r for r in records if r.kind == "good" and r.text.strip()]
    mentions = out[out["status"] == "ok"]
    assert set(mentions["doc_id"]) <= {r.rid for r in good}
    assert len(mentions) == sum(len(moneyx.extract_amounts(r.text)) for r in good)
