"""Batch conversion: every input row accounted for, exact output, chunks, jobs, resume, errors."""

from __future__ import annotations

import csv
import io
import logging
import time
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

import moneyx
from moneyx.batch import OUTPUT_COLUMNS, BatchProgress, convert_file, convert_frame
from moneyx.errors import BatchError

# Our own sentences (never copied from a corpus). Row 3 is empty, row 4 has a byte that is not
# UTF-8, row 5 has a date nobody can read.
GOOD = [
    ("d0", "Traders said a sack of corn sold for 300 yuan at the border market.", "2015-09-30"),
    ("d1", "The council approved no budget figures at all on Tuesday.", "2015-09-30"),
    ("d2", "The firm paid US$1,200 for the shipment and $35 for the permit.", "2016-03-01"),
]
BAD_BYTES = b"A broken \xff byte sits here next to 20 yuan."


def _csv_bytes(rows: list[tuple[str, bytes | str, str]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "body", "published"])
    marker = "\u0000BAD\u0000"
    for rid, text, d in rows:
        w.writerow([rid, marker if isinstance(text, bytes) else text, d])
    data = buf.getvalue().encode("utf-8")
    for _, text, _ in rows:
        if isinstance(text, bytes):
            data = data.replace(marker.encode(), text, 1)
    return data


@pytest.fixture
def mixed_csv(tmp_path: Path) -> Path:
    rows: list[tuple[str, bytes | str, str]] = [
        *GOOD,
        ("d3", "", "2015-09-30"),
        ("d4", BAD_BYTES, "2015-09-30"),
        ("d5", "Fuel cost 5,000 yuan per tonne last winter.", "someday soon"),
    ]
    path = tmp_path / "in.csv"
    path.write_bytes(_csv_bytes(rows))
    return path


def _read_out(path: Path) -> pd.DataFrame:
    if path.suffix == ".csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    frame = pd.read_parquet(path).astype(object)
    return frame.where(frame.notna(), "").map(str).astype(str)


def test_every_input_row_is_accounted_for(mixed_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    report = convert_file(mixed_csv, out, text_col="body", date_col="published", id_col="id")
    # d5's date is unreadable: its mention is kept, unconverted (the note says why)
    assert (report.rows, report.rows_without_mentions, report.rows_failed) == (6, 1, 2)
    assert (
        report.rows == report.rows_with_mentions + report.rows_without_mentions + report.rows_failed
    )


def test_output_rows_cover_each_input_row_once_per_status(mixed_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    report = convert_file(mixed_csv, out, text_col="body", date_col="published", id_col="id")
    frame = _read_out(out)
    assert sorted(set(frame["doc_id"])) == ["d0", "d1", "d2", "d3", "d4", "d5"]
    per_row = frame.groupby("doc_id")["status"].agg(lambda s: sorted(set(s)))
    assert all(len(v) == 1 for v in per_row)  # a row is either mentions, no_mentions or error
    assert (frame["status"] == "ok").sum() == report.mentions
    assert report.mentions >= 3  # 300 yuan, US$1,200, $35


def test_columns_are_the_documented_contract(mixed_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    convert_file(mixed_csv, out, text_col="body", date_col="published", id_col="id")
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header == list(OUTPUT_COLUMNS)
    required = "doc_id start end text value high currency approx per usd kpw status error"
    assert set(required.split()) <= set(header)


@pytest.mark.parametrize(
    ("doc_id", "needle"),
    [
        pytest.param("d3", "empty text", id="empty-text"),
        pytest.param("d4", "undecodable byte 0xff", id="undecodable-byte"),
    ],
)
def test_bad_rows_get_an_error_row_with_the_reason(
    mixed_csv: Path, tmp_path: Path, doc_id: str, needle: str
) -> None:
    out = tmp_path / "out.csv"
    convert_file(mixed_csv, out, text_col="body", date_col="published", id_col="id")
    frame = _read_out(out)
    row = frame[frame["doc_id"] == doc_id]
    assert row["status"].tolist() == ["error"]
    assert needle in row["error"].iloc[0]


def test_mention_fields_match_extract_amounts_exactly(mixed_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    convert_file(mixed_csv, out, text_col="body", date_col="published", id_col="id")
    frame = _read_out(out)
    got = frame[frame["doc_id"] == "d2"]
    expected = moneyx.extract_amounts(GOOD[2][1], doc_date="2016-03-01")
    assert [
        (int(s), int(e), t) for s, e, t in zip(got["start"], got["end"], got["text"], strict=True)
    ] == [(m.start, m.end, m.text) for m in expected]
    assert [Decimal(v) for v in got["value"]] == [m.value for m in expected]


def test_usd_is_exact_decimal_text_with_quote_provenance(mixed_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    convert_file(mixed_csv, out, text_col="body", date_col="published", id_col="id")
    frame = _read_out(out)
    yuan = frame[(frame["doc_id"] == "d0") & (frame["status"] == "ok")].iloc[0]
    from moneyx.normalize import normalize

    conv = normalize(
        moneyx.extract_amounts(GOOD[0][1], doc_date=GOOD[0][2])[0], doc_date=GOOD[0][2]
    )
    assert Decimal(yuan["usd"]) == conv.usd
    assert yuan["quote_dates"].startswith("CNY:")
    assert yuan["quote_sources"]


def test_conversion_failure_keeps_the_mention_with_a_note(tmp_path: Path) -> None:
    src = tmp_path / "old.csv"
    # Far before any rate table: the mention must survive with empty usd/kpw and a note.
    src.write_text('text,date\n"It sold for 300 yuan.",1901-01-01\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    report = convert_file(src, out, text_col="text", date_col="date")
    frame = _read_out(out)
    assert report.rows_with_mentions == 1
    assert report.unconverted == 1
    row = frame.iloc[0]
    assert (row["status"], row["usd"], row["kpw"]) == ("ok", "", "")
    assert "1901-01-01" in row["note"]


def test_no_date_keeps_mentions_and_says_why(tmp_path: Path) -> None:
    src = tmp_path / "nodate.csv"
    src.write_text('text\n"A bag cost 300 yuan."\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    convert_file(src, out, text_col="text")
    row = _read_out(out).iloc[0]
    assert row["status"] == "ok"
    assert "no document date" in row["note"]


def test_fixed_date_fills_empty_date_cells(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text('text,date\n"A bag cost 300 yuan.",\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    convert_file(src, out, text_col="text", date_col="date", date="2015-09-30")
    assert _read_out(out)["doc_date"].tolist() == ["2015-09-30"]


def test_unreadable_date_keeps_the_mentions_and_says_why(mixed_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    convert_file(mixed_csv, out, text_col="body", date_col="published", id_col="id")
    frame = _read_out(out)
    row = frame[frame["doc_id"] == "d5"]
    assert row["status"].tolist() == ["ok"]
    assert row["text"].tolist() == ["5,000 yuan"]
    assert (row["usd"].iloc[0], row["kpw"].iloc[0], row["doc_date"].iloc[0]) == ("", "", "")
    assert "unreadable date 'someday soon' in column 'published'" in row["note"].iloc[0]


def test_empty_date_without_fallback_keeps_the_mentions(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text('text,date\n"A bag cost 300 yuan.",\n"Nothing.",\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    report = convert_file(src, out, text_col="text", date_col="date")
    counts = (report.rows_with_mentions, report.rows_without_mentions, report.rows_failed)
    assert counts == (1, 1, 0)
    frame = _read_out(out)
    assert frame["status"].tolist() == ["ok", "no_mentions"]
    assert frame["usd"].tolist() == ["", ""]
    assert all("empty date in column 'date'" in note for note in frame["note"])


def test_strict_stops_at_an_unreadable_date(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text('text,date\n"A bag cost 300 yuan.",someday soon\n', encoding="utf-8")
    with pytest.raises(BatchError, match="unreadable date 'someday soon'") as info:
        convert_file(src, tmp_path / "out.csv", text_col="text", date_col="date", strict=True)
    assert (info.value.row, info.value.column) == (0, "date")


def test_missing_column_names_the_present_columns_before_any_work(
    mixed_csv: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.csv"
    with pytest.raises(BatchError, match=r"'text'.*'id', 'body', 'published'"):
        convert_file(mixed_csv, out, text_col="text")
    assert list(tmp_path.iterdir()) == [mixed_csv]  # no output, no working folder


def test_strict_stops_at_the_first_bad_row(mixed_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    with pytest.raises(BatchError) as info:
        convert_file(mixed_csv, out, text_col="body", date_col="published", strict=True)
    assert (info.value.row, info.value.column) == (3, "body")
    assert not out.exists()


def test_row_numbers_continue_across_chunks(mixed_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    report = convert_file(mixed_csv, out, text_col="body", date_col="published", chunksize=2)
    assert report.chunks == 3
    frame = _read_out(out)
    assert frame["doc_id"].tolist() == frame["row"].tolist()  # no id column -> row number
    assert sorted({int(r) for r in frame["row"]}) == list(range(6))


def test_chunk_size_does_not_change_the_output(mixed_csv: Path, tmp_path: Path) -> None:
    one, many = tmp_path / "one.csv", tmp_path / "many.csv"
    convert_file(mixed_csv, one, text_col="body", date_col="published", chunksize=1000)
    convert_file(mixed_csv, many, text_col="body", date_col="published", chunksize=1)
    assert one.read_bytes() == many.read_bytes()


def _corpus(n: int) -> pd.DataFrame:
    texts = [
        f"Report {i}: a kilogram of rice cost {1000 + 7 * i:,} won in Hyesan, "
        f"and a pair of shoes {20 + i % 9} yuan."
        if i % 3
        else f"Report {i} mentions no price."
        for i in range(n)
    ]
    return pd.DataFrame(
        {"id": [f"r{i}" for i in range(n)], "text": texts, "date": ["2016-05-02"] * n}
    )


def _worker_summary(caplog: pytest.LogCaptureFixture) -> str:
    summary = [r.getMessage() for r in caplog.records if "chunks in workers" in r.getMessage()]
    assert len(summary) == 1
    return summary[0]


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_two_jobs_give_the_same_bytes_in_input_order(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    import multiprocessing

    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} start method here")
    monkeypatch.setenv("MONEYX_START_METHOD", method)
    src = tmp_path / "in.csv"
    _corpus(120).to_csv(src, index=False)
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    r1 = convert_file(src, one, text_col="text", date_col="date", id_col="id", chunksize=4)

    def until_a_worker_is_ready(p: BatchProgress) -> None:
        # Hold this process back (at most 60 s in all) until a worker has warmed up, so that
        # chunks really go through a worker process (a spawned one takes seconds).
        while "a worker is ready" not in caplog.text and time.monotonic() < deadline:
            time.sleep(0.05)

    deadline = time.monotonic() + 60
    with caplog.at_level(logging.DEBUG, logger="moneyx.batch"):
        r2 = convert_file(
            src,
            two,
            text_col="text",
            date_col="date",
            id_col="id",
            chunksize=4,
            jobs=2,
            progress=until_a_worker_is_ready,
        )
    summary = _worker_summary(caplog)
    assert not summary.startswith("0 workers")
    assert int(summary.split("; ")[1].split()[0]) > 0  # chunks converted by the workers
    assert summary.endswith(f"({method})")
    if method == "fork":  # forked warm: the workers convert every chunk, this process none
        assert ", 0 here;" in summary
    assert one.read_bytes() == two.read_bytes()
    assert (r1.rows, r1.mentions) == (r2.rows, r2.mentions)


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_two_jobs_keep_error_rows_and_formats_identical(
    mixed_csv: Path, tmp_path: Path, suffix: str
) -> None:
    outs = []
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}{suffix}"
        report = convert_file(
            mixed_csv,
            out,
            text_col="body",
            date_col="published",
            id_col="id",
            chunksize=1,
            jobs=jobs,
        )
        assert (report.rows, report.rows_failed, report.balanced) == (6, 2, True)
        outs.append(out)
    if suffix == ".csv":
        assert outs[0].read_bytes() == outs[1].read_bytes()
    else:
        pd.testing.assert_frame_equal(pd.read_parquet(outs[0]), pd.read_parquet(outs[1]))


def test_forked_workers_inherit_a_hyperscan_scanner(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # With a tiny switch-over the input counts as large: this process (which converts nothing
    # itself) compiles Hyperscan before forking and the workers scan with the inherited
    # database. Same bytes as one process.
    pytest.importorskip("hyperscan")
    from moneyx.scan import AdaptiveScanner, scanner

    if not isinstance(scanner("en"), AdaptiveScanner):
        pytest.skip("the scanner is not the adaptive one (MONEYX_SCANNER set)")
    monkeypatch.setenv("MONEYX_START_METHOD", "fork")
    monkeypatch.setattr(AdaptiveScanner, "SWITCH_AFTER", 1000)
    src = tmp_path / "in.csv"
    _corpus(60).to_csv(src, index=False)
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    scanner.cache_clear()  # a scanner that has not switched yet
    try:
        assert "hyperscan" not in scanner("en").name
        with caplog.at_level(logging.DEBUG, logger="moneyx.batch"):
            convert_file(src, two, text_col="text", date_col="date", chunksize=5, jobs=2)
        assert ", 0 here;" in _worker_summary(caplog)
        assert "hyperscan" in scanner("en").name  # switched here, before forking
    finally:
        scanner.cache_clear()
    convert_file(src, one, text_col="text", date_col="date", chunksize=5)
    assert one.read_bytes() == two.read_bytes()


def test_two_jobs_interrupted_then_resumed_give_identical_bytes(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    _corpus(80).to_csv(src, index=False)
    whole, resumed = tmp_path / "whole.csv", tmp_path / "resumed.csv"
    convert_file(src, whole, text_col="text", date_col="date", chunksize=6)

    def stop(p: BatchProgress) -> None:
        if p.rows_done >= 30:
            raise _Stop

    with pytest.raises(_Stop):
        convert_file(
            src, resumed, text_col="text", date_col="date", chunksize=6, jobs=2, progress=stop
        )
    assert not resumed.exists()
    report = convert_file(
        src, resumed, text_col="text", date_col="date", chunksize=6, jobs=2, resume=True
    )
    assert report.chunks_resumed >= 5
    assert report.rows == 80
    assert resumed.read_bytes() == whole.read_bytes()


def test_workers_are_forked_on_linux_unless_threads_run(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import threading

    from moneyx.batch import _start_method

    monkeypatch.delenv("MONEYX_START_METHOD", raising=False)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    if not sys.platform.startswith("linux"):
        assert _start_method() == "spawn"
        return
    assert _start_method() == "fork"
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert _start_method() == "spawn"  # forking beside a thread risks a deadlocked child
    monkeypatch.setenv("MONEYX_START_METHOD", "forkserver")
    assert _start_method() == "forkserver"


def test_unknown_start_method_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "in.csv"
    _corpus(4).to_csv(src, index=False)
    monkeypatch.setenv("MONEYX_START_METHOD", "teleport")
    with pytest.raises(BatchError, match="MONEYX_START_METHOD"):
        convert_file(src, tmp_path / "out.csv", text_col="text", jobs=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_parquet_in_and_out_match_csv(tmp_path: Path) -> None:
    corpus = _corpus(40)
    csv_in, pq_in = tmp_path / "in.csv", tmp_path / "in.parquet"
    corpus.to_csv(csv_in, index=False)
    corpus.to_parquet(pq_in, row_group_size=7)
    csv_out, pq_out = tmp_path / "out.csv", tmp_path / "out.parquet"
    convert_file(csv_in, csv_out, text_col="text", date_col="date", id_col="id", chunksize=9)
    report = convert_file(pq_in, pq_out, text_col="text", date_col="date", id_col="id", chunksize=9)
    assert report.chunks == 5
    pd.testing.assert_frame_equal(_read_out(csv_out), _read_out(pq_out))


def test_parquet_output_types(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    _corpus(6).to_csv(src, index=False)
    out = tmp_path / "out.parquet"
    convert_file(src, out, text_col="text", date_col="date")
    frame = pd.read_parquet(out)
    assert list(frame.columns) == list(OUTPUT_COLUMNS)
    assert str(frame["start"].dtype) == "Int64"
    assert str(frame["approx"].dtype) == "boolean"


def test_binary_parquet_text_with_bad_bytes_is_an_error_row(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"text": pa.array([b"It cost 300 yuan.", b"bad \xfe here"], pa.binary())})
    src = tmp_path / "in.parquet"
    pq.write_table(table, src)
    out = tmp_path / "out.csv"
    report = convert_file(src, out, text_col="text", date="2015-09-30")
    assert (report.rows_with_mentions, report.rows_failed) == (1, 1)
    assert "0xfe" in _read_out(out)["error"].iloc[-1]


def test_output_appears_only_at_the_end(mixed_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    seen: list[tuple[bool, bool]] = []

    def watch(p: BatchProgress) -> None:
        seen.append((out.exists(), (tmp_path / ".out.csv.moneyx-partial").is_dir()))

    convert_file(mixed_csv, out, text_col="body", chunksize=2, progress=watch)
    assert seen == [(False, True)] * 3
    assert out.exists()
    assert not (tmp_path / ".out.csv.moneyx-partial").exists()


class _Stop(KeyboardInterrupt):
    pass


def test_resume_after_an_interruption_gives_identical_bytes(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    _corpus(50).to_csv(src, index=False)
    whole, resumed = tmp_path / "whole.csv", tmp_path / "resumed.csv"
    convert_file(src, whole, text_col="text", date_col="date", chunksize=8)

    def stop_after_three(p: BatchProgress) -> None:
        if p.rows_done >= 24:
            raise _Stop

    with pytest.raises(_Stop):
        convert_file(
            src, resumed, text_col="text", date_col="date", chunksize=8, progress=stop_after_three
        )
    assert not resumed.exists()
    report = convert_file(src, resumed, text_col="text", date_col="date", chunksize=8, resume=True)
    assert report.chunks_resumed == 3
    assert report.rows == 50
    assert resumed.read_bytes() == whole.read_bytes()


def test_resume_with_other_options_refuses(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    _corpus(20).to_csv(src, index=False)
    out = tmp_path / "out.csv"

    def stop(p: BatchProgress) -> None:
        raise _Stop

    with pytest.raises(_Stop):
        convert_file(src, out, text_col="text", chunksize=5, progress=stop)
    with pytest.raises(BatchError, match="cannot resume"):
        convert_file(src, out, text_col="text", date_col="date", chunksize=5, resume=True)


def test_resume_refuses_when_moneyx_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import moneyx.batch as batch

    src = tmp_path / "in.csv"
    _corpus(20).to_csv(src, index=False)
    out = tmp_path / "out.csv"

    def stop(p: BatchProgress) -> None:
        raise _Stop

    with pytest.raises(_Stop):
        convert_file(src, out, text_col="text", chunksize=5, progress=stop)
    monkeypatch.setattr(batch, "_engine_identity", lambda: "9.9.9:another-build")
    with pytest.raises(BatchError, match="another version of moneyx"):
        convert_file(src, out, text_col="text", chunksize=5, resume=True)


def test_resume_without_a_previous_run_starts_fresh(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    _corpus(5).to_csv(src, index=False)
    report = convert_file(src, tmp_path / "out.csv", text_col="text", resume=True)
    assert (report.rows, report.chunks_resumed) == (5, 0)


def test_convert_frame_strict_names_the_row() -> None:
    frame = pd.DataFrame({"text": ["It cost 300 yuan.", "   "]})
    with pytest.raises(BatchError, match="row 1"):
        convert_frame(frame, text_col="text", strict=True)


def test_convert_frame_row_offset() -> None:
    out = convert_frame(pd.DataFrame({"text": ["nothing here"]}), text_col="text", row_offset=41)
    assert out["row"].tolist() == [41]


def test_unknown_extension_is_a_clear_error(tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_text("x", encoding="utf-8")
    with pytest.raises(BatchError, match="format"):
        convert_file(src, tmp_path / "out.csv", text_col="text")


def test_lazy_exports() -> None:
    from moneyx.batch import convert_csv

    assert moneyx.convert_file is convert_file
    assert moneyx.convert_csv is convert_csv
    assert moneyx.BatchReport.__name__ == "BatchReport"


def test_malformed_csv_record_is_an_error_row_and_the_run_goes_on(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text(
        'id,text,date\na,"It cost 300 yuan.",2015-09-30\nb,one,two,three,four\n'
        'c,"Nothing here.",2015-09-30\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    report = convert_file(src, out, text_col="text", date_col="date")
    frame = _read_out(out)
    assert (report.rows, report.rows_with_mentions, report.rows_without_mentions) == (3, 1, 1)
    assert frame["status"].tolist() == ["ok", "error", "no_mentions"]
    assert "malformed CSV record: 5 fields where the header has 3" in frame["error"].iloc[1]


def test_gzipped_csv_input(tmp_path: Path) -> None:
    import gzip

    src = tmp_path / "in.csv.gz"
    with gzip.open(src, "wt", encoding="utf-8") as f:
        f.write('text\n"It cost 300 yuan."\n"Nothing."\n')
    report = convert_file(src, tmp_path / "out.csv", text_col="text")
    assert (report.rows_with_mentions, report.rows_without_mentions) == (1, 1)


def test_gzipped_csv_output_is_deterministic(tmp_path: Path) -> None:
    import gzip

    src = tmp_path / "in.csv"
    _corpus(12).to_csv(src, index=False)
    plain, gz1, gz2 = tmp_path / "o.csv", tmp_path / "o1.csv.gz", tmp_path / "o2.csv.gz"
    convert_file(src, plain, text_col="text", chunksize=5)
    convert_file(src, gz1, text_col="text", chunksize=5)
    convert_file(src, gz2, text_col="text", chunksize=5)
    assert gzip.decompress(gz1.read_bytes()) == plain.read_bytes()
    assert gz1.read_bytes() == gz2.read_bytes()


def test_header_only_input_gives_header_only_output(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("id,text\n", encoding="utf-8")
    for name in ("out.csv", "out.parquet"):
        report = convert_file(src, tmp_path / name, text_col="text")
        assert (report.rows, report.chunks) == (0, 0)
        assert list(_read_out(tmp_path / name).columns) == list(OUTPUT_COLUMNS)


def test_empty_file_is_a_clear_error(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_bytes(b"")
    with pytest.raises(BatchError, match="no header row"):
        convert_file(src, tmp_path / "out.csv", text_col="text")


def test_output_may_not_overwrite_the_input(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("text\nx\n", encoding="utf-8")
    with pytest.raises(BatchError, match="overwrite the input"):
        convert_file(src, src, text_col="text")
    assert src.read_text(encoding="utf-8") == "text\nx\n"


def test_strict_with_two_jobs_stops_and_leaves_no_output(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    frame = _corpus(40)
    frame.loc[33, "text"] = ""
    frame.to_csv(src, index=False)
    out = tmp_path / "out.csv"
    with pytest.raises(BatchError) as info:
        convert_file(src, out, text_col="text", chunksize=5, jobs=2, strict=True)
    assert (info.value.row, info.value.column) == (33, "text")
    assert not out.exists()
    assert not (tmp_path / ".out.csv.moneyx-partial").exists()
