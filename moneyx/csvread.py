r"""Read a CSV file record by record, accounting for every physical line and guessing nothing.

The batch converter must never drop, merge or renumber a row, so it cannot use a reader that
repairs bad input by guessing (pandas takes an extra leading field as an index and shifts every
column; a lenient quote parser lets one stray quote swallow the rest of the file; the standard
``csv`` module stops at cells over 131,072 characters). This reader uses the standard library's
``csv`` parser in its strict mode, one record at a time, and reports what it cannot read:

* A record is the text from the start of a physical line to the end of its last field (a quoted
  field may span lines). Lines are split at ``\n``, ``\r\n`` and ``\r``; a blank line is no
  record (as in pandas).
* A record that the strict parser rejects (text after a closing quote, a quote that never
  closes) becomes one :class:`Record` with an ``error`` naming its first line, and reading goes
  on at the next physical line. So a bad line costs its own row only, never its neighbours'.
* A record with more or fewer fields than the header is reported the same way (its fields are
  never shifted onto the header).
* No cell is too large: the ``csv`` module's field-size limit is raised once, to the largest
  the platform allows (it only ever goes up, so other users of ``csv`` lose nothing).
* Bytes are decoded as UTF-8 line by line with ``surrogateescape``: an undecodable byte stays
  visible (U+DC80..U+DCFF) for the caller to report, and a leading BOM is dropped.

Every record knows the byte offset of its first line, so a second reader can start at any
record boundary (``start=``) and stop before another (``end=``) and read exactly the records a
whole-file reader reads there: that is how ``moneyx.dask`` splits a CSV into partitions.
"""

from __future__ import annotations

import csv
import functools
import gzip
import sys
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

__all__ = ["CsvFile", "CsvReadError", "Record"]

_SHOWN = 60  # characters of a bad record quoted in its error
_BLOCK = 1 << 20  # bytes read at a time


class _Strict(csv.Dialect):
    """RFC 4180 quoting with the parser's strict checks on: report, never repair."""

    delimiter = ","
    quotechar = '"'
    doublequote = True
    skipinitialspace = False
    strict = True
    lineterminator = "\n"
    quoting = csv.QUOTE_MINIMAL


class CsvReadError(ValueError):
    """The file cannot be read at all (its header, or its bytes); the message names the line."""


@dataclass(frozen=True, slots=True)
class Record:
    """One CSV record: its fields, or what is wrong with it.

    Attributes:
        line: Physical line (1-based, the header is line 1) where the record starts.
        offset: Byte offset of that line in the (uncompressed) file.
        fields: The record's fields, exactly as many as the header has; None when malformed.
        error: What is wrong, naming the line; None for a good record.

    """

    line: int
    offset: int
    fields: tuple[str, ...] | None
    error: str | None = None


@functools.cache
def _raise_field_limit() -> None:
    """Lift the ``csv`` module's cell-size limit (131,072 characters by default) once."""
    limit = sys.maxsize
    while True:
        try:
            if csv.field_size_limit() < limit:
                csv.field_size_limit(limit)
            return
        except OverflowError:  # a C long narrower than sys.maxsize (Windows)
            limit //= 2


def _shown(text: str) -> str:
    text = text.rstrip("\r\n")
    return repr(text if len(text) <= _SHOWN else text[:_SHOWN] + "...")


def _why(exc: csv.Error) -> str:
    msg = str(exc)
    if msg == "unexpected end of data":
        return "a quoted field opened here is never closed before the end of the file"
    if msg.startswith("',' expected after '\"'"):
        return "text after a closing quote (a quote inside a quoted field must be doubled)"
    return msg


class CsvFile:
    r"""The records of one CSV file (plain or ``.gz``), read in order, none lost.

    Args:
        path: The file.
        start: Byte offset of a record boundary to start at (the header is then not read
            from the file; pass it as ``header``). None reads the header at the top.
        end: Stop before the first record starting at or after this byte offset.
        first_line: Line number of the line at ``start``.
        header: The header, when ``start`` is given.

    Raises:
        CsvReadError: The header cannot be read (empty file, malformed first record).

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "in.csv"
        >>> _ = p.write_bytes(b'id,text\n1,"say "hi" $7"\n2,$8\n')
        >>> f = CsvFile(p)
        >>> f.header
        ('id', 'text')
        >>> [(r.line, r.fields, r.error is None) for r in f.records()]
        [(2, None, False), (3, ('2', '$8'), True)]

    """

    def __init__(
        self,
        path: Path,
        *,
        start: int | None = None,
        end: int | None = None,
        first_line: int = 1,
        header: tuple[str, ...] | None = None,
    ) -> None:
        _raise_field_limit()
        self.path = path
        self.gz = path.suffix.lower() == ".gz"
        self._start = 0 if start is None else start
        self._end = end
        self._first_line = first_line
        self._raw: BinaryIO | None = None
        self._read_to: int | None = None  # where the last pass stopped, once the file is closed
        if start is None:
            self.header = self._read_header()
        else:
            if header is None:
                raise ValueError("a reader started at an offset needs the header")
            self.header = header

    # -- lines -----------------------------------------------------------------------------

    @contextmanager
    def _open(self) -> Iterator[BinaryIO]:
        if self.gz and self._start:
            raise ValueError("a .gz file is read from its start only")
        with open(self.path, "rb") as raw:
            self._raw = raw
            try:
                if self.gz:
                    with gzip.GzipFile(fileobj=raw, mode="rb") as unzipped:
                        yield unzipped  # type: ignore[misc]
                else:
                    raw.seek(self._start)
                    yield raw
            finally:
                if not raw.closed:  # a generator dropped half-way may close after its file
                    self._read_to = raw.tell()

    def _lines(self, handle: BinaryIO) -> Iterator[tuple[int, str]]:
        """Yield (byte offset, decoded line with its terminator), split at CR LF, LF or CR.

        The file is read in blocks and each block cut with ``bytes.splitlines`` (which splits
        at exactly those three); a line without its terminator at a block's end (a CR perhaps
        followed by LF) waits for the next block. UTF-8 never puts CR or LF inside a character,
        so every line decodes on its own.
        """
        offset = self._start
        first = offset == 0
        carry = b""
        try:
            while block := handle.read(_BLOCK):
                pieces = (carry + block if carry else block).splitlines(keepends=True)
                carry = b"" if pieces[-1].endswith(b"\n") else pieces.pop()
                for piece in pieces:
                    text = piece.decode("utf-8", "surrogateescape")
                    if first:
                        text = text.removeprefix("\ufeff")
                        first = False
                    yield offset, text
                    offset += len(piece)
        except (OSError, EOFError) as exc:  # a truncated or corrupt .gz stream
            raise CsvReadError(
                f"{self.path}: cannot read past byte {offset} of the uncompressed data: {exc}"
            ) from exc
        if carry:
            text = carry.decode("utf-8", "surrogateescape")
            yield offset, text.removeprefix("\ufeff") if first else text

    @property
    def position(self) -> int | None:
        """Bytes of the file read so far (compressed bytes for ``.gz``), for progress."""
        if self._raw is None:
            return None
        return self._read_to if self._raw.closed else self._raw.tell()

    # -- records ---------------------------------------------------------------------------

    def _read_header(self) -> tuple[str, ...]:
        with self._open() as handle:
            for rec in self._parse(self._lines(handle), width=None):
                if rec.error is not None:
                    raise CsvReadError(f"{self.path}: cannot read the header: {rec.error}")
                assert rec.fields is not None
                return rec.fields
        raise CsvReadError(f"{str(self.path)!r} is empty: no header row")

    def records(self) -> Iterator[Record]:
        """Yield the data records in file order (malformed ones with their ``error``).

        Raises:
            CsvReadError: The bytes cannot be read (a corrupt ``.gz`` stream).

        """
        skip_header = self._start == 0
        with self._open() as handle:
            for rec in self._parse(self._lines(handle), width=len(self.header)):
                if skip_header:
                    skip_header = False
                    continue
                if self._end is not None and rec.offset >= self._end:
                    return
                yield rec

    def _parse(self, source: Iterator[tuple[int, str]], width: int | None) -> Iterator[Record]:
        """Cut ``source`` into records; a rejected record is its first line, then read on.

        ``width`` is the number of fields a record must have (None: any, for the header).
        """
        pending: deque[tuple[int, int, str]] = deque()  # lines given back after a bad record
        taken: list[tuple[int, int, str]] = []  # (line, offset, text) of the record being read
        number = self._first_line - 1

        def feed() -> Iterator[str]:
            # A new feed (and reader) starts after each rejected record: the lines given back
            # come first, then the file goes on where the last feed left it.
            nonlocal number
            while pending:
                item = pending.popleft()
                taken.append(item)
                yield item[2]
            for offset, text in source:
                number += 1
                taken.append((number, offset, text))
                yield text

        reader = csv.reader(feed(), _Strict)
        while True:
            taken.clear()
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                line, offset, text = taken[0]
                span = "" if len(taken) == 1 else f" (the parser read on to line {taken[-1][0]})"
                yield Record(
                    line,
                    offset,
                    None,
                    f"line {line}: malformed CSV record: {_why(exc)}{span}; the record starts "
                    f"{_shown(text)}; reading went on at line {line + 1}",
                )
                pending.extendleft(reversed(taken[1:]))
                reader = csv.reader(feed(), _Strict)
                continue
            if not fields:  # a blank line is no record
                continue
            line, offset, text = taken[0]
            if width is not None and len(fields) != width:
                yield Record(
                    line,
                    offset,
                    None,
                    f"line {line}: malformed CSV record: {len(fields)} field"
                    f"{'s' if len(fields) != 1 else ''} where the header has {width}; "
                    f"the record starts {_shown(text)}",
                )
                continue
            yield Record(line, offset, tuple(fields))
