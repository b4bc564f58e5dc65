"""Batch input as it comes: CSV shapes that used to lose or shift rows, dates in any style, a
disk that fills up. Every physical record must come out as exactly one accounted row.

All texts are our own sentences.
"""

from __future__ import annotations

import errno
import gzip
import io
from pathlib import Path

import pandas as pd
import pytest

import moneyx.batch
from moneyx.batch import convert_file
from moneyx.errors import BatchError

BBC = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpora" / "bbc" / "bbc.csv"


def _out(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _first_rows(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop_duplicates("row").reset_index(drop=True)


def _run(tmp_path: Path, data: bytes, name: str = "in.csv", **kw: object) -> pd.DataFrame:
    src = tmp_path / name
    src.write_bytes(data)
    out = tmp_path / "out.csv"
    opts: dict[str, object] = {"text_col": "text", "id_col": "id", **kw}
    report = convert_file(src, out, **opts)  # type: ignore[arg-type]
    assert report.balanced
    frame = _out(out)
    assert report.rows == frame["row"].nunique()
    assert frame["row"].astype(int).drop_duplicates().tolist() == list(range(report.rows))
    return frame


def _no_partial_left(tmp_path: Path) -> bool:
    return not any(p.name.endswith((".moneyx-partial", ".moneyx-tmp")) for p in tmp_path.iterdir())


# --- CSV shapes ---------------------------------------------------------------------------------


def test_a_cell_over_131072_characters_is_one_row_read_whole(tmp_path: Path) -> None:
    filler = "The committee met again and talked at length. " * 4000  # 188,000 characters
    text = filler + "In the end it approved 300 yuan for each family."
    frame = _run(tmp_path, f'id,text\n1,"{text}"\n2,It cost $8.\n'.encode())
    rows = _first_rows(frame)
    assert rows["doc_id"].tolist() == ["1", "2"]
    mention = frame[frame["doc_id"] == "1"]
    assert mention["text"].tolist() == ["300 yuan"]
    assert int(mention["start"].iloc[0]) > 131_072


def test_text_after_a_closing_quote_is_an_error_row_and_nothing_is_renumbered(
    tmp_path: Path,
) -> None:
    frame = _run(tmp_path, b'id,text\n1,"say "hi" $7"\n2,$8\n')
    rows = _first_rows(frame)
    assert rows["status"].tolist() == ["error", "ok"]
    assert rows["error"].iloc[0].startswith("line 2: malformed CSV record")
    assert frame[frame["doc_id"] == "2"]["text"].tolist() == ["$8"]


def test_an_unterminated_quote_costs_its_own_row_only(tmp_path: Path) -> None:
    frame = _run(tmp_path, b'id,text\n1,"open $7\n2,$8\n3,It cost $9.\n')
    rows = _first_rows(frame)
    assert rows["status"].tolist() == ["error", "ok", "ok"]
    assert "line 2" in rows["error"].iloc[0]
    assert "never closed" in rows["error"].iloc[0]
    assert rows["doc_id"].tolist()[1:] == ["2", "3"]


def test_an_extra_field_in_the_first_data_row_shifts_nothing(tmp_path: Path) -> None:
    lines = ["id,text", "r0,It cost $5.,surplus"]
    lines += [f"r{i},A permit cost {i} yuan." for i in range(1, 300)]
    frame = _run(tmp_path, ("\n".join(lines) + "\n").encode())
    rows = _first_rows(frame)
    assert rows["status"].tolist() == ["error"] + ["ok"] * 299
    assert "line 2: malformed CSV record: 3 fields where the header has 2" in rows["error"].iloc[0]
    ok = frame[frame["status"] == "ok"]
    assert ok["doc_id"].tolist() == [f"r{i}" for i in range(1, 300)]
    assert ok["value"].tolist() == [str(i) for i in range(1, 300)]


def test_too_few_fields_is_an_error_row(tmp_path: Path) -> None:
    frame = _run(tmp_path, b"id,text,date\n1,It cost $5.,2015-09-30\n2,only two\n", date_col="date")
    rows = _first_rows(frame)
    assert rows["status"].tolist() == ["ok", "error"]
    assert "line 3: malformed CSV record: 2 fields where the header has 3" in rows["error"].iloc[1]


def test_malformed_rows_in_a_larger_file_run_on_and_leave_nothing_behind(tmp_path: Path) -> None:
    body = [f'{i},"A permit cost {i} yuan."' for i in range(2500)]
    body[1200] = '1200,"a stray "quote" here'
    body[2100] = '2100,"another ""doubled"" quote is fine"'
    data = ("id,text\n" + "\n".join(body) + "\n").encode()
    for jobs in (1, 2):
        frame = _run(tmp_path, data, chunksize=500, jobs=jobs)
        rows = _first_rows(frame)
        assert len(rows) == 2500
        assert (rows["status"] == "error").sum() == 1
        assert rows.loc[1200, "error"].startswith("line 1202: malformed CSV record")
        assert rows.loc[1201, "doc_id"] == "1201"
        assert _no_partial_left(tmp_path)


def test_every_record_is_counted_with_blank_lines_crlf_cr_and_a_bom(tmp_path: Path) -> None:
    data = b'\xef\xbb\xbfid,text\r\n1,It cost $5.\r\n\r\n2,"two\r\nlines cost $6"\r\n3,$7\r4,$8\n'
    frame = _run(tmp_path, data)
    rows = _first_rows(frame)
    assert rows["doc_id"].tolist() == ["1", "2", "3", "4"]
    assert rows["status"].tolist() == ["ok"] * 4
    assert frame[frame["doc_id"] == "2"]["text"].tolist() == ["$6"]


def test_a_nul_byte_in_a_cell_is_text(tmp_path: Path) -> None:
    frame = _run(tmp_path, b"id,text\n1,It cost \x00 $5.\n")
    assert frame["text"].tolist() == ["$5"]


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        pytest.param(b'"id,text\n1,$5\n', "line 1", id="unterminated-header"),
        pytest.param(b'"id"x,text\n1,$5\n', "line 1", id="text-after-quote-in-header"),
        pytest.param(b"", "is empty: no header row", id="empty"),
        pytest.param(b"\n\n", "is empty: no header row", id="blank-lines"),
    ],
)
def test_an_unreadable_header_fails_naming_the_line_and_leaves_nothing(
    tmp_path: Path, data: bytes, needle: str
) -> None:
    src = tmp_path / "in.csv"
    src.write_bytes(data)
    with pytest.raises(BatchError, match=needle):
        convert_file(src, tmp_path / "out.csv", text_col="text")
    assert not (tmp_path / "out.csv").exists()
    assert _no_partial_left(tmp_path)


def test_a_corrupt_gzip_stream_fails_cleanly_and_leaves_nothing(tmp_path: Path) -> None:
    raw = gzip.compress(
        ("id,text\n" + "".join(f"{i},It cost ${i}.\n" for i in range(5000))).encode()
    )
    src = tmp_path / "in.csv.gz"
    src.write_bytes(raw[: len(raw) // 2])  # truncated mid-stream
    with pytest.raises(BatchError, match="cannot read past byte"):
        convert_file(src, tmp_path / "out.csv", text_col="text", chunksize=100)
    assert not (tmp_path / "out.csv").exists()
    assert _no_partial_left(tmp_path)


def test_a_column_named_twice_is_a_clear_error(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_bytes(b"text,id,text\na,1,b\n")
    with pytest.raises(BatchError, match="'text' appears 2 times in the header"):
        convert_file(src, tmp_path / "out.csv", text_col="text")


def test_the_cli_reports_an_unreadable_file_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from moneyx.cli import main

    src = tmp_path / "in.csv"
    src.write_bytes(b'"id,text\n1,$5\n')
    code = main(["convert", str(src), "-o", str(tmp_path / "out.csv"), "--text-col", "text"])
    err = capsys.readouterr().err
    assert code == 1
    assert "line 1" in err
    assert "Traceback" not in err
    assert _no_partial_left(tmp_path)


def test_a_dask_csv_partitioning_gives_the_local_rows(tmp_path: Path) -> None:
    import dask

    from moneyx.dask import _read, convert_dataframe

    body = [f"{i},A permit cost {i} yuan." for i in range(60)]
    body[7] = '7,"never closed'
    body[30] = "30,too,many"
    src = tmp_path / "in.csv"
    src.write_bytes(("id,text\n" + "\n".join(body) + "\n").encode())
    local = tmp_path / "local.csv"
    convert_file(src, local, text_col="text", id_col="id")
    ddf = _read(src, ["text", "id"], rows_per_part=9)
    assert ddf.npartitions == 7
    with dask.config.set(scheduler="synchronous"):
        out = convert_dataframe(ddf, text_col="text", id_col="id").compute()
    buf = io.StringIO()
    out.to_csv(buf, index=False, lineterminator="\n")
    assert buf.getvalue().encode() == local.read_bytes()


# --- dates as they come ------------------------------------------------------------------------

DATED = [
    ("iso", "2019-03-12", "2019-03-12"),
    ("prose", "March 12, 2019", "2019-03-12"),
    ("rfc2822", "Tue, 12 Mar 2019 23:30:00 +0900", "2019-03-12"),
    ("numeric", "03/12/2019", "2019-03-12"),
    ("timestamp", "2019-03-12T08:15:00.250", "2019-03-12"),
    ("month", "March 2019", "2019-03"),
    ("year", "2019", "2019"),
]


def _dated_csv(dates: list[str]) -> bytes:
    rows = "".join(f'd{i},"A sack of rice cost 300 yuan.","{d}"\n' for i, d in enumerate(dates))
    return ("id,text,published\n" + rows).encode()


def test_dates_in_any_style_are_read_and_converted(tmp_path: Path) -> None:
    frame = _run(tmp_path, _dated_csv([d for _, d, _ in DATED]), date_col="published")
    assert frame["status"].tolist() == ["ok"] * len(DATED)
    assert frame["doc_date"].tolist() == [iso for _, _, iso in DATED]
    assert (frame["usd"] != "").all(), frame["note"].tolist()


def test_a_year_alone_is_converted_mid_year_and_the_note_says_so(tmp_path: Path) -> None:
    frame = _run(tmp_path, _dated_csv(["2019", "March 2019"]), date_col="published")
    assert "names a year: converted at 2019-07-01" in frame["note"].iloc[0]
    assert "names a month: converted at 2019-03-15" in frame["note"].iloc[1]


def test_an_ambiguous_numeric_date_is_read_month_first_and_noted(tmp_path: Path) -> None:
    frame = _run(tmp_path, _dated_csv(["12/03/2019"]), date_col="published")
    assert frame["doc_date"].tolist() == ["2019-12-03"]
    assert "ambiguous" in frame["note"].iloc[0]


def test_dayfirst_reads_day_month(tmp_path: Path) -> None:
    frame = _run(tmp_path, _dated_csv(["12/03/2019"]), date_col="published", dayfirst=True)
    assert frame["doc_date"].tolist() == ["2019-03-12"]
    assert "ambiguous" not in frame["note"].iloc[0]


def test_a_date_format_reads_exactly_that_format(tmp_path: Path) -> None:
    frame = _run(
        tmp_path,
        _dated_csv(["12.03.2019", "2019-03-12"]),
        date_col="published",
        date_format="%d.%m.%Y",
    )
    assert frame["doc_date"].tolist() == ["2019-03-12", ""]
    assert "with the format '%d.%m.%Y'" in frame["note"].iloc[1]
    assert frame["status"].tolist() == ["ok", "ok"]


def test_the_cli_takes_date_format_and_dayfirst(tmp_path: Path) -> None:
    from moneyx.cli import main

    src = tmp_path / "in.csv"
    src.write_bytes(_dated_csv(["12/03/2019"]))
    out = tmp_path / "out.csv"
    args = ["convert", str(src), "-o", str(out), "--text-col", "text", "--date-col", "published"]
    assert main([*args, "--dayfirst", "--quiet"]) == 0
    assert _out(out)["doc_date"].tolist() == ["2019-03-12"]
    assert main([*args, "--date-format", "%m/%d/%Y", "--quiet"]) == 0
    assert _out(out)["doc_date"].tolist() == ["2019-12-03"]


@pytest.mark.slow
def test_bbc_with_its_empty_date_column_has_no_failed_rows(tmp_path: Path) -> None:
    if not BBC.is_file():
        pytest.skip(f"{BBC} absent (../shared not beside the checkout)")
    out = tmp_path / "bbc-out.csv"
    report = convert_file(BBC, out, text_col="text", date_col="date", id_col="doc_id", jobs=2)
    assert report.rows == 2225
    assert report.rows_failed == 0
    assert report.mentions > 1000
    frame = _out(out)
    ok = frame[frame["status"] == "ok"]
    assert ok["note"].str.contains("empty date in column 'date'").all()


# --- counts and a full disk --------------------------------------------------------------------


def test_mentions_without_kpw_are_counted_as_not_converted(tmp_path: Path) -> None:
    # In mid-2001 the tables have a dollar rate for the euro but no won rate within policy.
    src = tmp_path / "in.csv"
    src.write_text(
        "text,date\nIt cost 300 euros.,2001-06-01\nIt cost $300.,2012-06-01\n", encoding="utf-8"
    )
    report = convert_file(src, tmp_path / "out.csv", text_col="text", date_col="date")
    assert (report.mentions, report.unconverted) == (2, 1)
    assert (report.without_usd, report.without_kpw) == (0, 1)
    assert "1 of 2 mentions not fully converted (0 without usd, 1 without kpw" in report.summary()


@pytest.fixture
def dollars_in_1995_and_2012(tmp_path: Path) -> Path:
    # The euro has no rate before 1999: the 1995 dollars convert to USD, not to EUR.
    src = tmp_path / "in.csv"
    src.write_text(
        "text,date\nIt cost $300.,1995-06-01\nIt cost $300.,2012-06-01\nNo money.,2012-06-01\n",
        encoding="utf-8",
    )
    return src


def test_not_converted_counts_each_target_asked_for(
    dollars_in_1995_and_2012: Path, tmp_path: Path
) -> None:
    report = convert_file(
        dollars_in_1995_and_2012, tmp_path / "out.csv", text_col="text", date_col="date",
        to=("USD", "EUR"),
    )  # fmt: skip
    assert (report.mentions, report.unconverted) == (2, 1)
    assert report.without == (("USD", 0), ("EUR", 1))
    assert (report.without_usd, report.without_kpw) == (0, 0)  # KPW is no target: not counted
    assert "1 of 2 mentions not fully converted (0 without usd, 1 without eur;" in report.summary()


def test_a_target_that_converts_everywhere_counts_nothing(
    dollars_in_1995_and_2012: Path, tmp_path: Path
) -> None:
    report = convert_file(
        dollars_in_1995_and_2012, tmp_path / "out.csv", text_col="text", date_col="date", to="USD"
    )
    assert (report.unconverted, report.without) == (0, (("USD", 0),))
    assert "not fully converted" not in report.summary()


def test_not_converted_counts_survive_a_resume(
    dollars_in_1995_and_2012: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out.csv"
    opts: dict[str, object] = {"text_col": "text", "date_col": "date", "to": ("USD", "EUR")}
    monkeypatch.setattr(moneyx.batch, "_write_csv_body", _disk_full(after=2))
    with pytest.raises(OSError, match="No space left"):
        convert_file(dollars_in_1995_and_2012, out, chunksize=1, **opts)  # type: ignore[arg-type]
    monkeypatch.undo()
    report = convert_file(
        dollars_in_1995_and_2012,
        out,
        chunksize=1,
        resume=True,
        **opts,  # type: ignore[arg-type]
    )
    assert report.chunks_resumed == 2
    assert (report.unconverted, report.without) == (1, (("USD", 0), ("EUR", 1)))


def test_dask_counts_agree_with_the_local_run(
    dollars_in_1995_and_2012: Path, tmp_path: Path
) -> None:
    dd = pytest.importorskip("dask.dataframe")
    from moneyx.dask import output_counts

    out = tmp_path / "out.csv"
    to = ("USD", "KPW", "EUR")
    report = convert_file(dollars_in_1995_and_2012, out, text_col="text", date_col="date", to=to)
    frame = pd.read_csv(out, dtype=str, keep_default_na=False).replace("", None)
    counts = output_counts(dd.from_pandas(frame, npartitions=2), to)
    assert counts["unconverted"] == report.unconverted
    assert [(c, counts[f"without_{c.lower()}"]) for c in to] == list(report.without)


def _disk_full(after: int) -> object:
    calls = {"n": 0}
    real = moneyx.batch._write_csv_body

    def write(frame: pd.DataFrame, path: Path) -> None:
        calls["n"] += 1
        if calls["n"] > after:
            path.write_bytes(b"half a chunk")  # what a full disk leaves
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(frame, path)

    return write


def test_a_full_disk_names_what_it_keeps_and_removes_the_temporary_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "in.csv"
    src.write_text("text\n" + "".join(f"It cost ${i}.\n" for i in range(50)), encoding="utf-8")
    out = tmp_path / "out.csv"
    monkeypatch.setattr(moneyx.batch, "_write_csv_body", _disk_full(after=2))
    with pytest.raises(OSError, match="No space left on device") as info:
        convert_file(src, out, text_col="text", chunksize=10)
    message = str(info.value)
    workdir = tmp_path / ".out.csv.moneyx-partial"
    assert info.value.errno == errno.ENOSPC
    assert str(workdir) in message
    assert "--resume" in message
    assert "was removed" in message
    assert not out.exists()
    assert not list(workdir.glob("*.tmp")), "a half-written chunk was left behind"
    monkeypatch.undo()  # room again: resume finishes the run with the same bytes as a clean one
    report = convert_file(src, out, text_col="text", chunksize=10, resume=True)
    assert (report.chunks_resumed, report.rows) == (2, 50)
    clean = tmp_path / "clean.csv"
    convert_file(src, clean, text_col="text", chunksize=10)
    assert out.read_bytes() == clean.read_bytes()


def test_a_full_disk_while_merging_removes_the_temporary_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "in.csv"
    src.write_text("text\nIt cost $5.\n", encoding="utf-8")

    def merge(
        workdir: Path, n: int, fmt: str, tmp_out: Path, gz: bool = False, kind: str = ""
    ) -> None:
        tmp_out.write_bytes(b"doc_id,row\n")
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_out))

    monkeypatch.setattr(moneyx.batch, "_merge", merge)
    with pytest.raises(OSError, match="was removed"):
        convert_file(src, tmp_path / "out.csv", text_col="text")
    assert not (tmp_path / ".out.csv.moneyx-tmp").exists()
    assert (tmp_path / ".out.csv.moneyx-partial").is_dir()  # kept for --resume, and named


@pytest.mark.parametrize("name", ["in.csv", "in.csv.gz"])
def test_progress_reaches_the_end_of_the_file(tmp_path: Path, name: str) -> None:
    data = ("id,text\n" + "".join(f"{i},It cost ${i}.\n" for i in range(250))).encode()
    src = tmp_path / name
    src.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    seen: list[float | None] = []
    convert_file(
        src,
        tmp_path / "out.csv",
        text_col="text",
        chunksize=100,
        progress=lambda p: seen.append(p.fraction),
    )
    assert len(seen) == 3
    assert all(f is not None for f in seen)
    assert seen[-1] == 1.0


def test_the_dask_csv_reader_names_a_missing_column_with_the_header(tmp_path: Path) -> None:
    from moneyx.dask import _read

    src = tmp_path / "in.csv"
    src.write_bytes(b"id,body\n1,It cost $5.\n")
    with pytest.raises(BatchError, match="columns present: 'id', 'body'"):
        _read(src, ["text", "id"])
