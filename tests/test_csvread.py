"""moneyx.csvread: records as the csv module reads a well-formed file, whatever the block size;
offsets that let a second reader start at any record; line numbers in errors."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import moneyx.csvread
from moneyx.csvread import CsvFile, CsvReadError

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)

cells = st.text(alphabet=list('ab,"\r\n ') + ["é", "元", "\u2028", "\x00"], max_size=8)
terminators = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def well_formed(draw: st.DrawFn) -> tuple[str, list[list[str]]]:
    width = draw(st.integers(min_value=1, max_value=3))
    rows = draw(st.lists(st.lists(cells, min_size=width, max_size=width), max_size=8))
    term = draw(terminators)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=term, quoting=csv.QUOTE_MINIMAL)
    writer.writerow([f"c{i}" for i in range(width)])
    for row in rows:
        writer.writerow(row)
    return buf.getvalue(), rows


def _records(data: bytes, block: int, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    monkeypatch.setattr(moneyx.csvread, "_BLOCK", block)
    with TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.csv"
        path.write_bytes(data)
        f = CsvFile(path)
        return [f.header, *[(r.line, r.offset, r.fields, r.error) for r in f.records()]]


@SETTINGS
@given(well_formed(), st.sampled_from([1, 2, 3, 7, 64]))
def test_a_well_formed_file_reads_as_the_csv_module_reads_it(
    sample: tuple[str, list[list[str]]], block: int
) -> None:
    text, rows = sample
    with pytest.MonkeyPatch.context() as mp:
        got = _records(text.encode("utf-8"), block, mp)
    expected = [r for r in csv.reader(io.StringIO(text, newline=""), strict=True) if r]
    width = len(expected[0])
    assert got[0] == tuple(expected[0])
    # a row of another width (an unquoted CR splits a row for universal-newline readers) is
    # reported, never shifted
    assert (
        [r[2] for r in got[1:]]
        == [  # type: ignore[index]
            tuple(r) if len(r) == width else None for r in expected[1:]
        ]
    )
    assert len(got) - 1 <= len(rows) + text.count("\r")


@SETTINGS
@given(st.binary(max_size=200), st.sampled_from([1, 5, 64]))
def test_any_bytes_read_the_same_whatever_the_block_size(data: bytes, block: int) -> None:
    with pytest.MonkeyPatch.context() as mp:
        try:
            small = _records(b"h1,h2\n" + data, block, mp)
        except CsvReadError as exc:  # pragma: no cover - the header is always readable here
            pytest.fail(str(exc))
        big = _records(b"h1,h2\n" + data, 1 << 20, mp)
    assert small == big


def test_a_reader_started_at_a_record_reads_what_the_whole_file_reads(tmp_path: Path) -> None:
    data = b'id,text\n1,"two\nlines"\n2,"bad "quote" here\n3,ok\n4,"never closed\n5,last\n'
    path = tmp_path / "in.csv"
    path.write_bytes(data)
    whole = CsvFile(path)
    records = list(whole.records())
    assert [r.line for r in records] == [2, 4, 5, 6, 7]
    for i, rec in enumerate(records):
        part = CsvFile(
            path,
            start=rec.offset,
            end=records[i + 1].offset if i + 1 < len(records) else None,
            first_line=rec.line,
            header=whole.header,
        )
        assert list(part.records()) == [rec]


def test_errors_name_the_line_and_what_is_wrong(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(b'id,text\n1,"say "hi""\n\n2,a,b\n3\n4,"open\n')
    errors = [r.error for r in CsvFile(path).records()]
    assert errors[0] is not None
    assert errors[0].startswith("line 2: malformed CSV record: text after a closing quote")
    assert errors[1] == (
        "line 4: malformed CSV record: 3 fields where the header has 2; the record starts '2,a,b'"
    )
    assert errors[2] is not None
    assert errors[2].startswith("line 5: malformed CSV record: 1 field where")
    assert errors[3] is not None
    assert "line 6: malformed CSV record: a quoted field opened here is never closed" in errors[3]
