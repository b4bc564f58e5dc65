"""Convert a corpus (CSV or Parquet) into one row per money mention, streaming, losing no row.

``convert_file`` reads the input in chunks, runs :func:`convert_frame` on each chunk (in this
process or in ``jobs`` worker processes) and writes every finished chunk to its own file in a
working folder beside the output (``.<output name>.moneyx-partial/``). When every chunk is done
the chunk files are concatenated, in input order, into a temporary file that is renamed onto the
output, and the working folder is removed. An interrupted run (Ctrl-C, a kill, a crash) leaves
the finished chunks behind, and ``resume=True`` picks up from them without redoing, duplicating
or skipping a row. Memory is bounded by the chunk size times the number of chunks in flight,
whatever the input size.

Output contract (one output file, the same columns for CSV and Parquet, see ``OUTPUT_COLUMNS``):

* one row per mention (``status="ok"``), with the mention fields, the normalized ``usd`` and
  ``kpw``, the quotes used and a ``note`` when a mention could not be converted (no rate for
  that date, currency unresolved): the mention is kept, ``usd``/``kpw`` stay empty;
* one row per input row that yielded no mention (``status="no_mentions"``);
* one row per input row that could not be read (``status="error"``, ``error`` says why:
  undecodable bytes, empty text, a malformed CSV record, naming its line).

So ``rows read == rows with mentions + rows without mentions + rows failed``, and
:class:`BatchReport` carries the three counts. A CSV is read record by record by
:mod:`moneyx.csvread`, which never shifts, merges or drops a record: a malformed one (bad
quoting, too many or too few fields) is an ``error`` row naming its line, and reading goes on at
the next line. Dates are read as corpora write them (:mod:`moneyx.dates`); a row whose date is
empty or unreadable keeps its mentions, unconverted, and ``note`` says why.

Amounts and rates are written as exact decimal strings (never floats); ``pandas.to_numeric`` or
``decimal.Decimal`` turn them back into numbers at the reader's choosing.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import io
import json
import logging
import math
import os
import shutil
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from moneyx.csvread import CsvFile, CsvReadError
from moneyx.dates import DocDate, parse_doc_date
from moneyx.errors import BatchError, MoneyxError
from moneyx.model import Conversion, Mention
from moneyx.pipe import _check_text, _start_method, _watch_parent

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa  # type: ignore[import-untyped]

    from moneyx.rates import RateStore

__all__ = [
    "OUTPUT_COLUMNS",
    "READ_ERROR_COLUMN",
    "BatchProgress",
    "BatchReport",
    "convert_csv",
    "convert_file",
    "convert_frame",
    "document_rows",
    "empty_output_frame",
]

logger = logging.getLogger(__name__)

Status = Literal["ok", "no_mentions", "error"]

#: Output columns, in order, with their pandas dtypes. Money is exact decimal text.
_COLUMN_DTYPES: dict[str, str] = {
    "doc_id": "str",
    "row": "Int64",
    "idx": "Int64",
    "start": "Int64",
    "end": "Int64",
    "text": "str",
    "value": "str",
    "high": "str",
    "currency": "str",
    "approx": "boolean",
    "per": "str",
    "usd": "str",
    "kpw": "str",
    "status": "str",
    "error": "str",
    "usd_high": "str",
    "kpw_high": "str",
    "kpw_unit": "str",
    "kpw_current": "str",
    "kpw_current_high": "str",
    "doc_date": "str",
    "quote_dates": "str",
    "quote_rates": "str",
    "quote_kinds": "str",
    "quote_sources": "str",
    "note": "str",
    "candidates": "str",
    "reason": "str",
    "hedge": "str",
    "bound": "str",
    "gloss_of": "Int64",
    "role": "str",
    "rule": "str",
    "unit": "str",
    "lang": "str",
    "targets": "str",
    "targets_high": "str",
    "when": "str",
    "when_precision": "str",
    "when_text": "str",
}
OUTPUT_COLUMNS: tuple[str, ...] = tuple(_COLUMN_DTYPES)
"""Columns of every output row, in order (CSV header and Parquet schema alike)."""

Records = Literal["mentions", "quotes"]
"""What a run writes per document: its mentions (``convert``) or its exchange-rate quotes
(``rates from-text``: ``moneyx.quotes``, columns ``moneyx.quotes.QUOTE_COLUMNS``)."""

READ_ERROR_COLUMN = "__moneyx_read_error__"
"""An input frame column that, where set, says why the reader could not read that row.

``moneyx.dask`` partitions of a CSV carry it (a malformed record becomes an ``error`` row
naming its line, exactly as in a local run); any frame may, to pass its own reader's errors on.
"""


def _layout(records: str) -> tuple[Mapping[str, str], Callable[..., list[dict[str, object]]]]:
    """Return the column dtypes and the document-records function of a run's ``records``."""
    if records == "quotes":
        from moneyx.quotes import QUOTE_COLUMNS

        return QUOTE_COLUMNS, _quote_records
    return _COLUMN_DTYPES, _document_records


_DEFAULT_CHUNKSIZE = 1000
_DEFAULT_TO = ("USD", "KPW")
_STATE_VERSION = 3  # 2: records read by moneyx.csvread; 3: counts of mentions per target missed


# --------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchProgress:
    """Where a running conversion stands, handed to the ``progress`` callback after each chunk.

    Attributes:
        rows_done: Input rows finished so far (including rows of resumed chunks).
        rows_total: Total input rows when known up front (Parquet), else None.
        fraction: Share of the input done (0..1), from rows or from bytes read for CSV.
        elapsed: Seconds since the run started.
        rows_resumed: Rows taken from a previous interrupted run (they cost no work).

    """

    rows_done: int
    rows_total: int | None
    fraction: float | None
    elapsed: float
    rows_resumed: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchReport:
    """What a conversion did: every input row is accounted for in exactly one count.

    Attributes:
        src: Input path.
        dst: Output path (written only when the run completed).
        rows: Input rows read.
        rows_with_mentions: Input rows that produced at least one mention row.
        rows_without_mentions: Input rows that produced a ``no_mentions`` status row.
        rows_failed: Input rows that produced an ``error`` status row.
        mentions: Mention rows written.
        unconverted: Mention rows short of a figure in at least one target currency asked for
            (``to``; by default ``usd`` or ``kpw`` or both empty): ``note`` says why.
        without_usd: Mention rows with ``usd`` empty (0 when USD is not a target).
        without_kpw: Mention rows with ``kpw`` empty (0 when KPW is not a target).
        without: For each target currency asked for, in order, the mention rows without a
            figure in it (``(("USD", 0), ("KPW", 1), ("KRW", 1))``).
        chunks: Chunks in the run.
        chunks_resumed: Chunks taken over from an interrupted run.
        seconds: Wall-clock duration.
        unit: What the rows are: "mentions", or "quotes" (``records="quotes"``: the mention
            counts then count quotes).

    """

    src: str
    dst: str
    rows: int
    rows_with_mentions: int
    rows_without_mentions: int
    rows_failed: int
    mentions: int
    unconverted: int = 0
    without_usd: int = 0
    without_kpw: int = 0
    without: tuple[tuple[str, int], ...] = ()
    chunks: int = 0
    chunks_resumed: int = 0
    seconds: float = 0.0
    unit: str = "mentions"

    @property
    def errors(self) -> int:
        """Input rows that failed (alias of ``rows_failed``)."""
        return self.rows_failed

    @property
    def balanced(self) -> bool:
        """Whether rows == with mentions + without + failed (always true for a finished run)."""
        return self.rows == self.rows_with_mentions + self.rows_without_mentions + self.rows_failed

    def summary(self) -> str:
        """Return the one-line summary the CLI prints.

        Example:
            >>> BatchReport(src="a.csv", dst="b.csv", rows=3, rows_with_mentions=1,
            ...             rows_without_mentions=1, rows_failed=1, mentions=2).summary()
            '3 rows: 1 with mentions (2 mentions), 1 without mentions, 1 failed -> b.csv'
            >>> BatchReport(src="a.csv", dst="b.csv", rows=1, rows_with_mentions=1,
            ...             rows_without_mentions=0, rows_failed=0, mentions=3, unconverted=2,
            ...             without_usd=1, without_kpw=2).summary()  # doctest: +ELLIPSIS
            '...; 2 of 3 mentions not fully converted (1 without usd, 2 without kpw; see the...'

        """
        u = self.unit
        line = (
            f"{self.rows} rows: {self.rows_with_mentions} with {u} ({self.mentions} {u}),"
            f" {self.rows_without_mentions} without {u}, {self.rows_failed} failed"
            f" -> {self.dst}"
        )
        if self.unconverted:
            if u == "mentions":
                missed = self.without or (("USD", self.without_usd), ("KPW", self.without_kpw))
                line += (
                    f"; {self.unconverted} of {self.mentions} mentions not fully converted ("
                    + ", ".join(f"{n} without {code.lower()}" for code, n in missed)
                    + "; see the note column)"
                )
            else:
                line += f"; {self.unconverted} {u} not set against the tables (see the note column)"
        if self.chunks_resumed:
            line += f"; resumed {self.chunks_resumed} of {self.chunks} chunks"
        if self.seconds:
            line += f" [{self.seconds:.1f} s, {self.rows / max(self.seconds, 1e-9):.0f} rows/s]"
        return line


@dataclass(frozen=True, slots=True, kw_only=True)
class _Options:
    """Everything a worker needs to convert a chunk (pickled to worker processes)."""

    text_col: str
    date_col: str | None = None
    id_col: str | None = None
    date: DocDate | None = None
    date_format: str | None = None
    dayfirst: bool = False
    lang: str | None = None
    default_currency: tuple[tuple[str, str], ...] = ()
    locale: str | None = None
    strict: bool = False
    rates: RateStore | None = None
    to: tuple[str, ...] = ("USD", "KPW")
    records: Records = "mentions"

    def fingerprint(self) -> dict[str, object]:
        """Return the options that decide the output (compared on resume).

        Every field is listed, by name: a field added later is compared too (a value that
        is not JSON is named by its type, as the rate store is).
        """
        out: dict[str, object] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, DocDate):
                value = value.text
            elif isinstance(value, tuple):
                value = [list(v) if isinstance(v, tuple) else v for v in value]
            elif value is not None and not isinstance(value, str | int | float | bool):
                value = f"custom:{type(value).__qualname__}"
            out[f.name] = value
        return out


@dataclass(frozen=True, slots=True)
class _ChunkCounts:
    rows: int = 0
    with_mentions: int = 0
    without_mentions: int = 0
    failed: int = 0
    mentions: int = 0
    unconverted: int = 0
    missed: tuple[int, ...] = ()  # per target currency of the run (``to``), in order

    def __add__(self, other: _ChunkCounts) -> _ChunkCounts:
        a, b = self.missed, other.missed
        longest = max(len(a), len(b))
        a, b = a + (0,) * (longest - len(a)), b + (0,) * (longest - len(b))
        sums: dict[str, Any] = {
            f.name: getattr(self, f.name) + getattr(other, f.name)
            for f in dataclasses.fields(self)
            if f.name != "missed"
        }
        return _ChunkCounts(**sums, missed=tuple(x + y for x, y in zip(a, b, strict=True)))


# --------------------------------------------------------------------------------------------
# One document / one row
# --------------------------------------------------------------------------------------------


def _is_missing(cell: object) -> bool:
    """Whether a cell is a missing value (None, NaN, NA, NaT) rather than data."""
    if cell is None or cell is pd.NA or cell is pd.NaT:
        return True
    return isinstance(cell, float) and math.isnan(cell)


def _fmt_decimal(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return format(value, "f")


def _as_date(
    value: date | str | None, *, date_format: str | None = None, dayfirst: bool = False
) -> DocDate | None:
    """Read a date argument (a ``date``, or text in any style :mod:`moneyx.dates` reads).

    Raises:
        ValueError: The text is not a date.

    """
    if value is None:
        return None
    if isinstance(value, DocDate):
        return value
    return parse_doc_date(value, date_format=date_format, dayfirst=dayfirst)


def _quotes_fields(conv: Conversion) -> dict[str, str | None]:
    if not conv.quotes:
        return {
            "quote_dates": None,
            "quote_rates": None,
            "quote_kinds": None,
            "quote_sources": None,
        }
    qs = conv.quotes
    return {
        "quote_dates": ";".join(f"{q.currency}:{q.observed.isoformat()}" for q in qs),
        "quote_rates": ";".join(
            f"{q.currency}/{q.base}:{format(q.units_per_base, 'f')}" for q in qs
        ),
        "quote_kinds": ";".join(
            f"{q.currency}:{q.kind}" + (f"@{q.place}" if q.place else "") for q in qs
        ),
        "quote_sources": ";".join(f"{q.currency}:{q.provider or q.source}" for q in qs),
    }


_NO_DATE = "no document date (pass a date or a date column) so no conversion"


def _normalize_one(
    mention: Mention,
    doc_date: DocDate | None,
    rates: RateStore | None,
    to: tuple[str, ...] = _DEFAULT_TO,
    no_date: str = _NO_DATE,
) -> tuple[Conversion | None, str]:
    """Convert one mention (lenient policy: a missing rate is a None and a note, never lost)."""
    if doc_date is None:
        return None, no_date
    if mention.currency is None:
        cands = "/".join(mention.candidates) or "none"
        return None, f"currency unresolved (candidates: {cands}); not converted"
    from moneyx.normalize import normalize
    from moneyx.rates import LENIENT

    try:
        conv = normalize(mention, doc_date=doc_date.day, rates=rates, policy=LENIENT, to=to)
    except MoneyxError as exc:  # RateNotFoundError, UnresolvedCurrencyError, UnknownCurrencyError
        return None, f"{type(exc).__name__}: {exc}"
    return conv, conv.note


def _targets_fields(conv: Conversion) -> dict[str, str | None]:
    """Write the targets other than USD and KPW (own columns) as 'KRW:55917.2;CNY:300'."""
    others = [t for t in conv.targets if t.currency not in ("USD", "KPW")]
    if not others:
        return {"targets": None, "targets_high": None}
    low = ";".join(
        f"{t.currency}:{'' if t.value is None else format(t.value, 'f')}" for t in others
    )
    high = ";".join(f"{t.currency}:{'' if t.high is None else format(t.high, 'f')}" for t in others)
    return {"targets": low, "targets_high": high if any(t.high for t in others) else None}


def _when_fields(m: Mention) -> dict[str, str | None]:
    """Return the text's date of a mention (converted on that day), its precision, its words."""
    w = m.when
    if w is None:
        return {"when": None, "when_precision": None, "when_text": None}
    return {"when": w.day.isoformat(), "when_precision": w.precision, "when_text": w.text}


def _mention_record(
    m: Mention,
    idx: int,
    doc_date: DocDate | None,
    rates: RateStore | None,
    no_date: str,
    to: tuple[str, ...] = _DEFAULT_TO,
) -> dict[str, object]:
    conv, note = _normalize_one(m, doc_date, rates, to, no_date)
    if doc_date is not None and doc_date.note:
        note = f"{doc_date.note}; {note}" if note else doc_date.note
    rec: dict[str, object] = {
        "idx": idx,
        "start": m.start,
        "end": m.end,
        "text": m.text,
        "value": _fmt_decimal(m.value),
        "high": _fmt_decimal(m.high),
        "currency": m.currency,
        "approx": m.approx,
        "per": m.per,
        "status": "ok",
        "error": None,
        "candidates": "|".join(m.candidates) or None,
        "reason": m.reason or None,
        "hedge": m.hedge,
        "bound": m.bound,
        "gloss_of": m.gloss_of,
        "role": m.role,
        "rule": m.rule or None,
        "unit": m.unit or None,
        "lang": m.lang,
        "note": note or None,
        **_when_fields(m),
    }
    if conv is not None:
        rec.update(
            usd=_fmt_decimal(conv.usd),
            kpw=_fmt_decimal(conv.kpw),
            usd_high=_fmt_decimal(conv.usd_high),
            kpw_high=_fmt_decimal(conv.kpw_high),
            kpw_unit=conv.kpw_unit if conv.kpw is not None else None,
            kpw_current=_fmt_decimal(conv.kpw_current),
            kpw_current_high=_fmt_decimal(conv.kpw_current_high),
            **_quotes_fields(conv),
            **_targets_fields(conv),
        )
    return rec


def document_rows(
    text: str,
    *,
    doc_date: date | str | None = None,
    lang: str | None = None,
    default_currency: Mapping[str, str] | None = None,
    locale: str | None = None,
    rates: RateStore | None = None,
    to: tuple[str, ...] = ("USD", "KPW"),
) -> list[dict[str, object]]:
    """Extract and normalize the mentions of one document as output records.

    Conversion failures do not raise: the record keeps the mention, leaves ``usd``/``kpw`` empty
    and says why in ``note``. Targets other than USD and KPW (``to``) go to ``targets`` and
    ``targets_high`` as ``CODE:amount`` pairs joined by ``;``.

    Args:
        text: The document.
        doc_date: Date the amounts are converted on (a date, or text such as "2019-03-12",
            "March 12, 2019" or "2019": see :func:`moneyx.dates.parse_doc_date`); None
            skips conversion.
        lang: Extraction language ("en", "ko", "zh", or "auto"; default: from the text).
        default_currency: Surface -> ISO code defaults passed to ``extract_amounts``.
        locale: Locale for ambiguous symbols passed to ``extract_amounts``.
        rates: Rate store (the shipped tables when None).
        to: Target currencies (default USD and KPW), as for ``moneyx.normalize``.

    Returns:
        One dict per mention with the ``OUTPUT_COLUMNS`` mention fields (no ``doc_id``/``row``).

    Raises:
        ValueError: ``doc_date`` is not a date.

    """
    return _document_records(
        text,
        _as_date(doc_date),
        _NO_DATE,
        lang=lang,
        default_currency=default_currency,
        locale=locale,
        rates=rates,
        to=tuple(to),
    )


def _document_records(
    text: str,
    doc_date: DocDate | None,
    no_date: str,
    *,
    lang: str | None,
    default_currency: Mapping[str, str] | None,
    locale: str | None,
    rates: RateStore | None,
    to: tuple[str, ...] = _DEFAULT_TO,
) -> list[dict[str, object]]:
    from moneyx.extract import extract_amounts

    kwargs: dict[str, Any] = {"lang": lang, "doc_date": None if doc_date is None else doc_date.day}
    if default_currency:
        kwargs["default_currency"] = dict(default_currency)
    if locale:
        kwargs["locale"] = locale
    mentions = extract_amounts(text, **kwargs)
    return [_mention_record(m, i, doc_date, rates, no_date, to) for i, m in enumerate(mentions)]


def _quote_records(
    text: str,
    doc_date: DocDate | None,
    no_date: str,
    *,
    lang: str | None,
    default_currency: Mapping[str, str] | None,
    locale: str | None,
    rates: RateStore | None,
    to: tuple[str, ...] = _DEFAULT_TO,
) -> list[dict[str, object]]:
    """Return the exchange-rate quotes of one document as records (``records="quotes"``).

    A quote is set against the tables on its own date (the text's, else the document's day)
    whatever the targets ``to``; ``no_date`` (an empty or unreadable date cell) is added to the
    note of a quote left without a table rate.
    """
    from moneyx.quotes import document_quote_rows

    rows = document_quote_rows(
        text,
        doc_date=None if doc_date is None else doc_date.day,
        lang=lang,
        default_currency=default_currency,
        locale=locale,
        rates=rates,
    )
    if doc_date is None and no_date != _NO_DATE:  # an empty or unreadable date cell: say which
        for row in rows:
            if row["table_rate"] is None:
                row["note"] = "; ".join(str(n) for n in (row["note"], no_date) if n)
    return rows


def _status_record(status: Status, error: str | None) -> dict[str, object]:
    return {"status": status, "error": error}


class _RecordError(ValueError):
    """A row the reader could not read (a malformed CSV record): its message names the line."""


def _row_date(cell: object, opts: _Options, row: int) -> tuple[DocDate | None, str]:
    """Return a row's date, and the note its mentions get when there is none.

    An empty cell takes the fixed date (``opts.date``) when there is one. An empty or
    unreadable cell is no reason to lose the row's mentions: they are kept, unconverted, and
    the note says why (``strict`` stops at an unreadable cell instead).
    """
    column = opts.date_col or "date"
    if _is_blank(cell):
        if opts.date is not None:
            return opts.date, _NO_DATE
        return None, f"empty date in column {column!r}, so no conversion"
    try:
        return parse_doc_date(
            cell, column=column, date_format=opts.date_format, dayfirst=opts.dayfirst
        ), _NO_DATE
    except ValueError as exc:
        if opts.strict:
            raise BatchError(row, column, str(exc)) from exc
        return None, f"{exc}, so no conversion"


def _convert_rows(
    texts: list[object],
    dates: list[object] | None,
    ids: list[object] | None,
    opts: _Options,
    row_offset: int,
    errors: list[object] | None = None,
) -> tuple[list[dict[str, object]], _ChunkCounts]:
    """Convert the rows of a chunk; ``errors`` (where set) are the reader's, one per row."""
    out: list[dict[str, object]] = []
    with_m = without = failed = n_mentions = unconverted = 0
    per_target = [0] * len(opts.to)  # mentions without a figure in each target currency
    defaults = dict(opts.default_currency)
    rows_of = _layout(opts.records)[1]
    for pos, raw in enumerate(texts):
        row = row_offset + pos
        doc_id = str(row) if ids is None else _id_text(ids[pos])
        column: str | None = opts.text_col
        doc_date, no_date = opts.date, _NO_DATE
        try:
            read_error = None if errors is None else errors[pos]
            if isinstance(read_error, str) and read_error:
                column = None
                raise _RecordError(read_error)
            text = _check_text(raw, opts.text_col)
            if dates is not None:
                doc_date, no_date = _row_date(dates[pos], opts, row)
            records = rows_of(
                text,
                doc_date,
                no_date,
                lang=opts.lang,
                default_currency=defaults,
                locale=opts.locale,
                rates=opts.rates,
                to=opts.to,
            )
        except BatchError:
            raise
        except Exception as exc:  # noqa: BLE001 - any failure becomes this row's error record
            if opts.strict:
                raise BatchError(row, column, str(exc)) from exc
            if isinstance(exc, ValueError | MoneyxError):
                logger.info("row %d (%s): %s", row, column, exc)
            else:  # a bug, not bad input: keep going but leave a trace
                logger.exception("row %d: unexpected %s", row, type(exc).__name__)
                exc = RuntimeError(f"internal error {type(exc).__name__}: {exc}")
            failed += 1
            out.append({"doc_id": doc_id, "row": row, **_status_record("error", str(exc))})
            continue
        date_text = None if doc_date is None else doc_date.text
        if not records:
            without += 1
            out.append(
                {
                    "doc_id": doc_id,
                    "row": row,
                    "doc_date": date_text,
                    "note": no_date if doc_date is None and dates is not None else None,
                    **_status_record("no_mentions", None),
                }
            )
            continue
        with_m += 1
        n_mentions += len(records)
        for rec in records:
            if opts.records == "quotes":  # a quote with no table rate to set it against
                unconverted += rec.get("table_rate") is None
            else:
                missed = _targets_missed(rec, opts.to)
                unconverted += any(missed)
                per_target = [n + m for n, m in zip(per_target, missed, strict=True)]
            out.append({"doc_id": doc_id, "row": row, "doc_date": date_text, **rec})
    counts = _ChunkCounts(
        len(texts), with_m, without, failed, n_mentions, unconverted, tuple(per_target)
    )
    return out, counts


def _targets_missed(rec: Mapping[str, object], to: tuple[str, ...]) -> tuple[bool, ...]:
    """For each target currency asked for, whether a mention record has no figure in it."""
    others = dict(
        pair.split(":", 1) for pair in str(rec.get("targets") or "").split(";") if ":" in pair
    )
    return tuple(
        (rec.get(code.lower()) if code in _DEFAULT_TO else others.get(code) or None) is None
        for code in to
    )


def _targets(to: str | Sequence[str], rates: RateStore | None) -> tuple[str, ...]:
    """Return the target currencies of a run, checked against the rate store.

    Raises:
        UnknownCurrencyError: A code neither moneyx nor the tables know.

    """
    if to == _DEFAULT_TO:
        return _DEFAULT_TO
    from moneyx.normalize import targets_of
    from moneyx.rates import RateStore

    return targets_of(to, rates or RateStore.default())


def _is_blank(cell: object) -> bool:
    if cell is None:
        return True
    if isinstance(cell, str):
        return not cell.strip()
    if isinstance(cell, bytes | date):
        return False
    return _is_missing(cell)


def _id_text(raw: object) -> str:
    if _is_missing(raw):
        return ""
    if isinstance(raw, bytes):
        return raw.decode("utf-8", errors="replace")
    return str(raw)


def empty_output_frame() -> pd.DataFrame:
    """Return an empty frame with the output columns and dtypes (Dask ``meta``).

    Example:
        >>> list(empty_output_frame().columns)[:4]
        ['doc_id', 'row', 'idx', 'start']

    """
    return _records_frame([])


def _records_frame(records: list[dict[str, object]], kind: str = "mentions") -> pd.DataFrame:
    dtypes = _layout(kind)[0]
    cols = {name: [r.get(name) for r in records] for name in dtypes}
    return pd.DataFrame(
        {name: pd.Series(values, dtype=dtypes[name]) for name, values in cols.items()}
    )


def _check_columns(present: list[str], opts: _Options, where: str) -> None:
    for role, col in (("text", opts.text_col), ("date", opts.date_col), ("id", opts.id_col)):
        if col is not None and col not in present:
            raise BatchError(
                None,
                col,
                f"no such {role} column in {where}; columns present: "
                + ", ".join(repr(c) for c in present),
            )


def _make_options(
    *,
    date: date | str | None = None,
    default_currency: Mapping[str, str] | None = None,
    date_format: str | None = None,
    dayfirst: bool = False,
    rates: RateStore | None = None,
    to: str | Sequence[str] = _DEFAULT_TO,
    **fields: Any,
) -> _Options:
    """Build the run's options; ``fields`` are the other ``_Options`` fields, as given.

    Raises:
        ValueError: The fixed ``date`` is not a date, or an extraction option is invalid.
        UnknownCurrencyError: ``to`` names a currency neither moneyx nor the tables know.

    """
    opts = _Options(
        date=_as_date(date, dayfirst=dayfirst),  # typed by the caller: not in the cells' format
        default_currency=tuple(sorted((default_currency or {}).items())),
        date_format=date_format,
        dayfirst=dayfirst,
        rates=rates,
        to=_targets(to, rates),
        **fields,
    )
    _check_extraction_options(opts)
    return opts


def _check_extraction_options(opts: _Options) -> None:
    """Refuse a bad ``lang``/``locale``/``default_currency`` before any row is read.

    Without this every row would become an ``error`` row saying the same thing.

    Raises:
        ValueError: ``extract_amounts`` refuses the options; its message names them.

    """
    from moneyx.extract import extract_amounts

    kwargs: dict[str, Any] = {"lang": opts.lang}
    if opts.default_currency:
        kwargs["default_currency"] = dict(opts.default_currency)
    if opts.locale:
        kwargs["locale"] = opts.locale
    extract_amounts("", **kwargs)


def _convert_with(frame: pd.DataFrame, opts: _Options, row_offset: int) -> pd.DataFrame:
    records, _ = _convert_chunk_records(frame, opts, row_offset)
    return _records_frame(records, opts.records)


def _convert_chunk_records(
    frame: pd.DataFrame, opts: _Options, row_offset: int
) -> tuple[list[dict[str, object]], _ChunkCounts]:
    texts = frame[opts.text_col].tolist()
    dates = frame[opts.date_col].tolist() if opts.date_col else None
    ids = frame[opts.id_col].tolist() if opts.id_col else None
    errors = frame[READ_ERROR_COLUMN].tolist() if READ_ERROR_COLUMN in frame.columns else None
    return _convert_rows(texts, dates, ids, opts, row_offset, errors)


def convert_frame(
    frame: pd.DataFrame,
    *,
    text_col: str,
    date_col: str | None = None,
    id_col: str | None = None,
    date: date | str | None = None,
    date_format: str | None = None,
    dayfirst: bool = False,
    lang: str | None = None,
    default_currency: Mapping[str, str] | None = None,
    locale: str | None = None,
    strict: bool = False,
    rates: RateStore | None = None,
    row_offset: int = 0,
    to: str | Sequence[str] = _DEFAULT_TO,
) -> pd.DataFrame:
    """Convert a frame of documents into the output frame (one row per mention or status).

    This is the per-chunk function of ``convert_file``, the per-partition function of
    ``moneyx.dask`` and the engine behind the pandas accessor.

    Args:
        frame: Input documents.
        text_col: Column holding the text.
        date_col: Column holding each document's date: a date, a timestamp or text in any
            style :func:`moneyx.dates.parse_doc_date` reads ("2019-03-12", "March 12, 2019",
            RFC 2822, "2019"). An empty or unreadable cell keeps the row's mentions,
            unconverted, with a ``note`` saying why.
        id_col: Column holding a document id (written as ``doc_id``; the row number otherwise).
        date: Fixed date for every row (fills empty cells when ``date_col`` is also given).
        date_format: ``strftime`` format of the date cells, for styles the parser cannot
            tell apart ("%d/%m/%Y").
        dayfirst: Read "03/04/2019" as 3 April.
        lang: Extraction language ("en", "ko", "zh", or "auto"; default: from the text).
        default_currency: Surface -> ISO code defaults, e.g. ``{"won": "KPW"}``.
        locale: Locale for ambiguous symbols ("en-AU").
        strict: Raise on the first bad row instead of writing an ``error`` row.
        rates: Rate store (the shipped tables when None).
        row_offset: Number of the frame's first row in the whole input (the ``row`` column).
        to: Target currencies (default USD and KPW), as for :func:`convert_file`.

    Returns:
        A frame with ``OUTPUT_COLUMNS`` (exact decimal strings for money).

    Raises:
        BatchError: A column is missing, or ``strict`` and a row is bad.
        ValueError: The fixed ``date`` is not a date, or ``lang``, ``locale`` or
            ``default_currency`` is invalid (before any work).

    Example:
        >>> import pandas as pd
        >>> out = convert_frame(pd.DataFrame({"text": ["", "no money here"]}), text_col="text")
        >>> out[["row", "status"]].values.tolist()
        [[0, 'error'], [1, 'no_mentions']]

    """
    opts = _make_options(
        text_col=text_col,
        date_col=date_col,
        id_col=id_col,
        date=date,
        date_format=date_format,
        dayfirst=dayfirst,
        lang=lang,
        default_currency=default_currency,
        locale=locale,
        strict=strict,
        rates=rates,
        to=to,
    )
    _check_columns([str(c) for c in frame.columns], opts, "the frame")
    return _convert_with(frame, opts, row_offset)


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------

Format = Literal["csv", "parquet"]


def _format_of(path: Path) -> Format:
    suffixes = [s.lower() for s in path.suffixes]
    if path.is_dir() or (suffixes and suffixes[-1] in (".parquet", ".pq")):
        return "parquet"
    if suffixes and (suffixes[-1] == ".csv" or suffixes[-2:] == [".csv", ".gz"]):
        return "csv"
    raise BatchError(
        None, None, f"cannot tell the format of {str(path)!r}: use a .csv or .parquet name"
    )


@dataclass(slots=True)
class _Chunk:
    """Consecutive input rows: the cells of the columns a run reads, as plain lists."""

    index: int
    row_offset: int
    texts: list[object]
    dates: list[object] | None
    ids: list[object] | None
    errors: list[object] | None  # the reader's reason per row (a malformed record), or None
    fraction: float | None

    @property
    def rows(self) -> int:
        return len(self.texts)


def _csv_header_columns(header: tuple[str, ...], wanted: list[str], path: Path) -> list[str]:
    """Check the header names each of the ``wanted`` columns at most once; return it as a list.

    Raises:
        BatchError: A wanted column appears more than once.

    """
    columns = list(header)
    for col in dict.fromkeys(wanted):
        found = [i + 1 for i, name in enumerate(columns) if name == col]
        if len(found) > 1:
            raise BatchError(
                None,
                col,
                f"column {col!r} appears {len(found)} times in the header of {str(path)!r} "
                f"(columns {', '.join(map(str, found))}): rename all but one",
            )
    return columns


class _Reader:
    """Chunked reader of a CSV or Parquet input that knows its columns before reading data."""

    def __init__(self, path: Path, opts: _Options, chunksize: int) -> None:
        self.path = path
        self.opts = opts
        self.chunksize = chunksize
        self.fmt = _format_of(path)
        self.rows_total: int | None = None
        self._csv: CsvFile | None = None
        self.columns = self._columns()
        _check_columns(self.columns, opts, str(path))
        self.wanted = [c for c in (opts.text_col, opts.date_col, opts.id_col) if c is not None]
        self.wanted = list(dict.fromkeys(self.wanted))

    def _columns(self) -> list[str]:
        if self.fmt == "csv":
            try:
                self._csv = CsvFile(self.path)
            except CsvReadError as exc:
                raise BatchError(None, None, str(exc)) from None
            opts = self.opts
            wanted = [c for c in (opts.text_col, opts.date_col, opts.id_col) if c]
            return _csv_header_columns(self._csv.header, wanted, self.path)
        import pyarrow.dataset as pads  # type: ignore[import-untyped]

        ds = pads.dataset(self.path, format="parquet")
        self.rows_total = ds.count_rows()
        return list(ds.schema.names)

    def chunks(self) -> Iterator[_Chunk]:
        """Yield the input in chunks of ``chunksize`` rows, in order.

        Raises:
            BatchError: The input cannot be read on (a corrupt ``.gz`` stream); the message
                names where.

        """
        if self.fmt == "csv":
            yield from self._csv_chunks()
        else:
            yield from self._parquet_chunks()

    def _csv_chunks(self) -> Iterator[_Chunk]:
        """Yield chunks of CSV records: every record a row, a malformed one with its error."""
        assert self._csv is not None
        source = self._csv
        size = max(self.path.stat().st_size, 1)
        at = {name: self.columns.index(name) for name in self.wanted}
        text_at = at[self.opts.text_col]
        date_at = at.get(self.opts.date_col) if self.opts.date_col else None
        id_at = at.get(self.opts.id_col) if self.opts.id_col else None
        offset = index = 0
        texts: list[object] = []
        dates: list[object] = []
        ids: list[object] = []
        errors: list[object] = []

        def emit() -> _Chunk:
            nonlocal offset, index, texts, dates, ids, errors
            pos = source.position
            chunk = _Chunk(
                index,
                offset,
                texts,
                dates if date_at is not None else None,
                ids if id_at is not None else None,
                errors if any(errors) else None,
                None if pos is None else min(pos / size, 1.0),
            )
            offset += len(texts)
            index += 1
            texts, dates, ids, errors = [], [], [], []
            return chunk

        try:
            for rec in source.records():
                fields = rec.fields
                if fields is None:  # malformed: a row of its own that says why
                    texts.append(None)
                    dates.append(None)
                    ids.append(None)
                    errors.append(rec.error)
                else:
                    texts.append(fields[text_at])
                    dates.append(None if date_at is None else fields[date_at])
                    ids.append(None if id_at is None else fields[id_at])
                    errors.append(None)
                if len(texts) >= self.chunksize:
                    yield emit()
        except CsvReadError as exc:
            raise BatchError(offset + len(texts), None, str(exc)) from exc
        if texts:
            yield emit()

    def _parquet_chunks(self) -> Iterator[_Chunk]:
        import pyarrow as pa
        import pyarrow.dataset as pads

        ds = pads.dataset(self.path, format="parquet")
        pending: list[pa.RecordBatch] = []
        pending_rows = 0
        offset = 0
        index = 0
        total = self.rows_total or 0

        opts = self.opts

        def emit(table: pa.Table) -> _Chunk:
            nonlocal offset, index
            frame = table.to_pandas(types_mapper=None)
            chunk = _Chunk(
                index,
                offset,
                frame[opts.text_col].tolist(),
                frame[opts.date_col].tolist() if opts.date_col else None,
                frame[opts.id_col].tolist() if opts.id_col else None,
                None,
                (offset + len(frame)) / total if total else None,
            )
            offset += len(frame)
            index += 1
            return chunk

        for batch in ds.to_batches(columns=self.wanted, batch_size=self.chunksize):
            if batch.num_rows == 0:
                continue
            pending.append(batch)
            pending_rows += batch.num_rows
            while pending_rows >= self.chunksize:
                table = pa.Table.from_batches(pending)
                yield emit(table.slice(0, self.chunksize))
                rest = table.slice(self.chunksize)
                pending = rest.to_batches()
                pending_rows = rest.num_rows
        if pending_rows:
            yield emit(pa.Table.from_batches(pending))


# --------------------------------------------------------------------------------------------
# Writing chunks, resuming, merging
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Task:
    """One chunk to convert: its cells as plain lists (cheap to pickle), not a frame.

    The options are not part of it: a worker receives them once, when it starts.
    """

    index: int
    row_offset: int
    texts: list[object]
    dates: list[object] | None
    ids: list[object] | None
    errors: list[object] | None
    workdir: str
    fmt: Format

    @classmethod
    def of(cls, chunk: _Chunk, workdir: str, fmt: Format) -> _Task:
        return cls(
            chunk.index,
            chunk.row_offset,
            chunk.texts,
            chunk.dates,
            chunk.ids,
            chunk.errors,
            workdir,
            fmt,
        )

    @property
    def rows(self) -> int:
        return len(self.texts)


def _arrow_schema(kind: str = "mentions") -> pa.Schema:
    import pyarrow as pa

    return pa.Schema.from_pandas(_records_frame([], kind), preserve_index=False)


def _chunk_paths(workdir: Path, index: int, fmt: Format) -> tuple[Path, Path]:
    stem = workdir / f"chunk-{index:07d}"
    return stem.with_suffix("." + fmt), stem.with_suffix(".json")


def _write_csv_body(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, header=False, lineterminator="\n", encoding="utf-8")


def _csv_header(kind: str = "mentions") -> bytes:
    return (",".join(_layout(kind)[0]) + "\n").encode("utf-8")


def _run_task(task: _Task, opts: _Options) -> _ChunkCounts:
    """Convert one chunk and write it atomically (runs in this or a worker process)."""
    records, counts = _convert_rows(
        task.texts, task.dates, task.ids, opts, task.row_offset, task.errors
    )
    frame = _records_frame(records, opts.records)
    data_path, meta_path = _chunk_paths(Path(task.workdir), task.index, task.fmt)
    # A pid in the temporary names: a worker orphaned by a killed run may still be finishing the
    # same chunk as the resumed run; both write identical bytes, and each renames its own file.
    tmp = data_path.with_name(f"{data_path.name}.{os.getpid()}.tmp")
    meta_tmp = meta_path.with_name(f"{meta_path.name}.{os.getpid()}.tmp")
    try:
        if task.fmt == "csv":
            _write_csv_body(frame, tmp)
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq  # type: ignore[import-untyped]

            table = pa.Table.from_pandas(
                frame, schema=_arrow_schema(opts.records), preserve_index=False
            )
            pq.write_table(table, tmp)
        os.replace(tmp, data_path)
        meta_tmp.write_text(
            json.dumps({"row_offset": task.row_offset, "counts": asdict(counts)}), encoding="utf-8"
        )
        os.replace(meta_tmp, meta_path)  # the chunk counts as done only once this file exists
    except OSError:  # a full disk: leave no half-written file (the chunk is redone on resume)
        tmp.unlink(missing_ok=True)
        meta_tmp.unlink(missing_ok=True)
        raise
    return counts


def _done_chunk(workdir: Path, index: int, fmt: Format, row_offset: int) -> _ChunkCounts | None:
    data_path, meta_path = _chunk_paths(workdir, index, fmt)
    if not (meta_path.exists() and data_path.exists()):
        return None
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("row_offset") != row_offset:
        return None
    counts = meta["counts"]
    return _ChunkCounts(**{**counts, "missed": tuple(counts.get("missed", ()))})


def _tree_digest(root: Path, pattern: str = "*") -> str:
    """Digest of the names, sizes and modification times of the files under ``root``."""
    h = hashlib.sha256()
    for p in sorted(root.rglob(pattern)):
        if p.is_file() and "__pycache__" not in p.parts:
            s = p.stat()
            h.update(f"{p.relative_to(root)}:{s.st_size}:{s.st_mtime_ns}\n".encode())
    return h.hexdigest()


def _engine_identity() -> str:
    """Identify the moneyx code and data in use, so a resume never mixes two versions' rows.

    The package folder is only listed (names, sizes, times), never read; an install that is not
    a plain folder (a zip) falls back to the version number.
    """
    from importlib import resources

    from moneyx import __version__

    root = resources.files("moneyx")
    if isinstance(root, Path):
        return f"{__version__}:{_tree_digest(root)}"
    return __version__


def _fingerprint(src: Path, opts: _Options, chunksize: int, out_fmt: Format) -> dict[str, object]:
    st = src.stat()
    identity: object = _tree_digest(src) if src.is_dir() else [st.st_size, st.st_mtime_ns]
    return {
        "version": _STATE_VERSION,
        "moneyx": _engine_identity(),
        "src": str(src.resolve()),
        "identity": identity,
        "chunksize": chunksize,
        "output_format": out_fmt,
        "options": opts.fingerprint(),
    }


def _prepare_workdir(workdir: Path, fingerprint: dict[str, object], resume: bool) -> bool:
    """Create (or check, when resuming) the working folder; return whether it is resumed."""
    state = workdir / "state.json"
    if resume and state.exists():
        try:
            old = json.loads(state.read_text(encoding="utf-8"))
        except ValueError:
            old = None
        if old != fingerprint:
            what = "a different input or options"
            if isinstance(old, dict) and old.get("moneyx") != fingerprint["moneyx"]:
                what = "another version of moneyx (code or data changed)"
            raise BatchError(
                None,
                None,
                f"cannot resume: {workdir} was made from {what}; "
                "run without --resume to start over",
            )
        return True
    if workdir.exists():
        if not resume:
            logger.info("discarding the unfinished run in %s (no resume asked)", workdir)
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    state.write_text(json.dumps(fingerprint, sort_keys=True), encoding="utf-8")
    return False


def _write_csv_parts(
    out: io.BufferedIOBase, workdir: Path, n_chunks: int, kind: str = "mentions"
) -> None:
    out.write(_csv_header(kind))
    for i in range(n_chunks):
        data_path, _ = _chunk_paths(workdir, i, "csv")
        with open(data_path, "rb") as part:
            shutil.copyfileobj(part, out, 1 << 20)


def _merge(
    workdir: Path,
    n_chunks: int,
    fmt: Format,
    tmp_out: Path,
    gz: bool = False,
    kind: str = "mentions",
) -> None:
    if fmt == "csv":
        with open(tmp_out, "wb") as raw:
            if gz:  # mtime=0 and no name in the gzip header: the same rows give the same bytes
                with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as zipped:
                    _write_csv_parts(zipped, workdir, n_chunks, kind)
            else:
                _write_csv_parts(raw, workdir, n_chunks, kind)
            raw.flush()
            os.fsync(raw.fileno())
        return
    import pyarrow.parquet as pq

    schema = _arrow_schema(kind)
    with pq.ParquetWriter(tmp_out, schema) as writer:
        for i in range(n_chunks):
            data_path, _ = _chunk_paths(workdir, i, fmt)
            part = pq.ParquetFile(data_path)
            for g in range(part.num_row_groups):
                writer.write_table(part.read_row_group(g))
        if n_chunks == 0:
            writer.write_table(schema.empty_table())


_WARM_UP_TEXT = "Warm-up: rice cost 300 yuan and US$1.50, about 4,000 won a kilogram."


def _warm_up(opts: _Options, fmt: Format) -> None:
    """Compile the patterns, load the rate tables and import the writer of ``fmt``, once.

    Runs in a spawned worker as it starts, or in this process before forking workers (which
    then inherit all of it). A failure only costs time: chunks report their own errors.
    """
    try:
        lenient = dataclasses.replace(opts, strict=False)
        records, _ = _convert_rows([_WARM_UP_TEXT], [date(2015, 9, 30)], None, lenient, 0)
        # patterns compile on first use (moneyx.matcher.LazyPattern): compile every one the
        # warm-up text did not reach too, so that forked workers inherit them all
        from moneyx.extract import all_patterns

        all_patterns(opts.lang if opts.lang not in (None, "auto") else "en")
        frame = _records_frame(records, opts.records)
        if fmt == "csv":
            frame.to_csv(io.StringIO(), index=False, header=False, lineterminator="\n")
        else:
            import pyarrow.parquet  # noqa: F401  # type: ignore[import-untyped]

            _arrow_schema(opts.records)
    except Exception:  # noqa: BLE001
        logger.debug("warm-up failed", exc_info=True)


# The options of the run, set in each worker process by its initialiser.
_WORKER_OPTS: _Options | None = None


def _start_worker(opts: _Options, fmt: Format, warm: bool) -> None:
    """Initialise a worker: keep the options, watch the parent, warm up unless forked warm.

    Warming up here (not on the first chunk) lets the parent hand chunks only to workers that
    are ready, so a slow start never leaves the parent waiting at the end of a run.
    """
    global _WORKER_OPTS  # noqa: PLW0603 - one run per worker process
    _WORKER_OPTS = opts
    _watch_parent()
    if warm:
        _warm_up(opts, fmt)


def _worker_run(task: _Task) -> _ChunkCounts:
    """Convert one chunk in a worker, with the options its initialiser received."""
    if _WORKER_OPTS is None:  # pragma: no cover - the initialiser always runs first
        raise RuntimeError("moneyx worker started without options")
    return _run_task(task, _WORKER_OPTS)


def _worker_ready() -> bool:
    """Return True: runs in a worker once its initialiser (the warm-up) has finished."""
    return True


@dataclass(slots=True)
class _Slot:
    """One chunk in the ordered window: running in a worker, done here, or resumed."""

    result: Future[_ChunkCounts] | _ChunkCounts
    resumed: bool
    rows: int

    def ready(self) -> bool:
        return not isinstance(self.result, Future) or self.result.done()

    def counts(self) -> _ChunkCounts:
        return self.result.result() if isinstance(self.result, Future) else self.result


def _parallel_results(
    tasks: Iterator[_Task | _ChunkCounts],
    jobs: int,
    opts: _Options,
    fmt: Format,
) -> Iterator[tuple[_ChunkCounts, bool, int]]:
    """Run chunks in ``jobs`` processes; yield ``(counts, resumed, rows)`` in input order.

    Forked (Linux): ``jobs`` workers are forked from this process once it has warmed up
    (patterns compiled, rate tables loaded, the core's scanner built), so they
    convert from the first chunk, and this process only reads and hands out chunks: any chunk
    it converted itself would hold up handing out the next while a worker ran dry.

    Spawned (elsewhere): ``jobs - 1`` workers start fresh interpreters and warm up for
    seconds, while this process converts chunks itself; it keeps converting whenever every
    ready worker is busy, so it never idles and a small run never waits for a worker.

    A worker has at most two chunks in hand (one running, one queued, so it never waits for
    the next); memory stays bounded and finished chunks are on disk.
    """
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, wait

    method = _start_method()
    forked = method == "fork"
    if forked:
        _warm_up(opts, fmt)  # before forking: every worker inherits it
    workers = jobs if forked else jobs - 1
    window: deque[_Slot] = deque()
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_start_worker,
        initargs=(opts, fmt, not forked),
    )
    try:
        started = time.monotonic()
        pings = [pool.submit(_worker_ready) for _ in range(workers)]
        n_sent = n_here = 0
        for ping in pings:  # logged from the executor's thread, as soon as a worker is ready
            ping.add_done_callback(
                lambda _: logger.debug("a worker is ready after %.2f s", time.monotonic() - started)
            )
        for item in tasks:
            if isinstance(item, _ChunkCounts):
                window.append(_Slot(item, True, item.rows))
            while not isinstance(item, _ChunkCounts):
                ready = sum(p.done() for p in pings)
                running = [
                    s.result for s in window if isinstance(s.result, Future) and not s.result.done()
                ]
                if len(running) < 2 * ready:
                    window.append(_Slot(pool.submit(_worker_run, item), False, item.rows))
                    n_sent += 1
                    break
                if not forked:  # spawned workers busy or still warming up: convert here
                    window.append(_Slot(_run_task(item, opts), False, item.rows))
                    n_here += 1
                    break
                # a forked worker is ready within milliseconds: wait for it, or for a chunk
                waiting: list[Future[Any]] = [*running, *(p for p in pings if not p.done())]
                wait(waiting, return_when=FIRST_COMPLETED)
            while window and window[0].ready():
                slot = window.popleft()
                yield slot.counts(), slot.resumed, slot.rows
        waited = time.monotonic()
        while window:
            slot = window.popleft()
            yield slot.counts(), slot.resumed, slot.rows
        logger.debug(
            "%d workers ready; %d chunks in workers, %d here; %.2f s waiting for them at the end"
            " (%s)",
            sum(p.done() for p in pings),
            n_sent,
            n_here,
            time.monotonic() - waited,
            method,
        )
    except BaseException:
        # drop queued chunks, let running ones finish: nothing writes into the working folder
        # after this returns (the caller may remove it)
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    # forked workers are idle by now; spawned ones still warming up (a small run) are not
    # waited for
    pool.shutdown(wait=forked, cancel_futures=True)


def convert_file(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str],
    *,
    text_col: str,
    date_col: str | None = None,
    id_col: str | None = None,
    date: date | str | None = None,
    date_format: str | None = None,
    dayfirst: bool = False,
    jobs: int = 1,
    chunksize: int = _DEFAULT_CHUNKSIZE,
    strict: bool = False,
    resume: bool = False,
    lang: str | None = None,
    default_currency: Mapping[str, str] | None = None,
    locale: str | None = None,
    rates: RateStore | None = None,
    progress: Callable[[BatchProgress], None] | None = None,
    to: str | Sequence[str] = _DEFAULT_TO,
    records: Records = "mentions",
) -> BatchReport:
    r"""Convert a CSV or Parquet corpus into a CSV or Parquet file of mentions, losing no row.

    The formats follow the file extensions (``.csv``, ``.csv.gz``, ``.parquet``; a folder input
    is read as a Parquet dataset). The output appears only when the run completes.

    Args:
        src: Input file (or Parquet dataset folder). A CSV is read record by record: a
            malformed record (bad quoting, a field count other than the header's) is an
            ``error`` row naming its line, and reading goes on at the next line.
        dst: Output file (``.csv`` or ``.parquet``).
        text_col: Column holding the text.
        date_col: Column holding each document's date, in any style
            :func:`moneyx.dates.parse_doc_date` reads. A row whose date is empty or unreadable
            keeps its mentions, unconverted, with a ``note`` saying why.
        id_col: Column holding a document id (copied to ``doc_id``; the row number otherwise).
        date: Fixed date for every row (fills empty cells when ``date_col`` is also given).
        date_format: ``strftime`` format of the date cells ("%d/%m/%Y").
        dayfirst: Read "03/04/2019" as 3 April.
        jobs: Processes converting chunks (1 = this process only; 0 = one per CPU). Output
            order is the input order whatever the number. On Linux, ``jobs`` workers are
            forked from this process once it has compiled the patterns and loaded the rate
            tables, and this process only reads and hands out chunks. Elsewhere (or when other
            threads run here) ``jobs - 1`` workers are spawned and this process converts too;
            a script calling this with ``jobs > 1`` must then guard its entry point with
            ``if __name__ == "__main__":``. ``MONEYX_START_METHOD`` (``fork``, ``spawn``,
            ``forkserver``) overrides the choice.
        chunksize: Rows per chunk (the unit of memory, parallelism and resumption).
        strict: Raise ``BatchError`` at the first bad row instead of writing an ``error`` row.
        resume: Continue an interrupted run with the same input and options.
        lang: Extraction language ("en", "ko", "zh", or "auto"; default: from the text).
        default_currency: Surface -> ISO code defaults, e.g. ``{"won": "KPW"}``.
        locale: Locale for ambiguous symbols.
        rates: Rate store (the shipped tables when None).
        progress: Called after every chunk with a :class:`BatchProgress`.
        to: Target currencies (default USD and KPW; e.g. ``("USD", "KPW", "KRW")``): ``usd``
            and ``kpw`` have columns of their own, the others go to ``targets`` and
            ``targets_high`` as ``CODE:amount`` pairs joined by ``;``.
        records: "mentions" (default), or "quotes": one row per exchange-rate quote
            (``moneyx.quotes.rate_quotes``, columns ``QUOTE_COLUMNS``), with the same status
            rows, counts and resume; ``mentions`` then counts quotes and ``unconverted`` the
            quotes with no table rate to set them against.

    Returns:
        The counts of the run.

    Raises:
        BatchError: A column is missing or the header unreadable (before any work), the format
            is unknown, ``strict`` and a row is bad, the input cannot be read on (a corrupt
            ``.gz``), or ``resume`` found a run made from other input or options. Nothing of
            the run is left behind.
        FileNotFoundError: ``src`` does not exist.
        OSError: Writing failed (a full disk): the message names the working folder kept for
            ``resume`` and says the temporary output was removed.
        ValueError: The fixed ``date`` is not a date, or ``lang``, ``locale`` or
            ``default_currency`` is invalid (before any work).

    Example:
        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (d / "in.csv").write_text("text\nnothing to see\n", encoding="utf-8")
        >>> convert_file(d / "in.csv", d / "out.csv", text_col="text").rows_without_mentions
        1

    """
    started = time.monotonic()
    src_p, dst_p = Path(src), Path(dst)
    if not src_p.exists():
        raise FileNotFoundError(f"input {str(src_p)!r} does not exist")
    if chunksize < 1:
        raise ValueError(f"chunksize must be >= 1, got {chunksize}")
    if dst_p.is_dir():
        raise BatchError(None, None, f"output {str(dst_p)!r} is a folder; give a file name")
    out_fmt = _format_of(dst_p)
    if dst_p.resolve() == src_p.resolve():
        raise BatchError(None, None, f"output {str(dst_p)!r} would overwrite the input")
    if jobs == 0:
        jobs = os.cpu_count() or 1
    opts = _make_options(
        text_col=text_col,
        date_col=date_col,
        id_col=id_col,
        date=date,
        date_format=date_format,
        dayfirst=dayfirst,
        lang=lang,
        default_currency=default_currency,
        locale=locale,
        strict=strict,
        rates=rates,
        to=to,
        records=records,
    )
    reader = _Reader(src_p, opts, chunksize)  # checks the columns before any work
    dst_p.parent.mkdir(parents=True, exist_ok=True)
    workdir = dst_p.parent / f".{dst_p.name}.moneyx-partial"
    tmp_out = dst_p.with_name(f".{dst_p.name}.moneyx-tmp")
    resumed = _prepare_workdir(workdir, _fingerprint(src_p, opts, chunksize, out_fmt), resume)

    def tasks() -> Iterator[_Task | _ChunkCounts]:
        for chunk in reader.chunks():
            done = _done_chunk(workdir, chunk.index, out_fmt, chunk.row_offset) if resumed else None
            fractions.append(chunk.fraction)
            if done is not None and done.rows == chunk.rows:
                yield done
            else:
                yield _Task.of(chunk, str(workdir), out_fmt)

    fractions: deque[float | None] = deque()
    total = _ChunkCounts()
    n_chunks = n_resumed = rows_resumed = 0
    results: Iterator[tuple[_ChunkCounts, bool, int]]
    if jobs <= 1:
        results = (
            (item, True, item.rows)
            if isinstance(item, _ChunkCounts)
            else (_run_task(item, opts), False, item.rows)
            for item in tasks()
        )
    else:
        results = _parallel_results(tasks(), jobs, opts, out_fmt)
    try:
        for counts, was_resumed, _ in results:
            n_chunks += 1
            total = total + counts
            if was_resumed:
                n_resumed += 1
                rows_resumed += counts.rows
            fraction = fractions.popleft() if fractions else None
            if progress is not None:
                if reader.rows_total:
                    fraction = total.rows / reader.rows_total
                progress(
                    BatchProgress(
                        rows_done=total.rows,
                        rows_total=reader.rows_total,
                        fraction=fraction,
                        elapsed=time.monotonic() - started,
                        rows_resumed=rows_resumed,
                    )
                )
        gz = dst_p.suffix.lower() == ".gz"
        _merge(workdir, n_chunks, out_fmt, tmp_out, gz, opts.records)
        os.replace(tmp_out, dst_p)
    except BatchError:  # bad input or a strict stop: nothing of the run is worth keeping
        shutil.rmtree(workdir, ignore_errors=True)
        tmp_out.unlink(missing_ok=True)
        raise
    except OSError as exc:  # a full disk, most likely: say what is left where
        tmp_out.unlink(missing_ok=True)
        raise OSError(exc.errno, _write_failure(exc, dst_p, workdir, tmp_out)) from exc
    shutil.rmtree(workdir, ignore_errors=True)
    report = BatchReport(
        src=str(src_p),
        dst=str(dst_p),
        rows=total.rows,
        rows_with_mentions=total.with_mentions,
        rows_without_mentions=total.without_mentions,
        rows_failed=total.failed,
        mentions=total.mentions,
        **_missed_counts(total, opts.to),
        chunks=n_chunks,
        chunks_resumed=n_resumed,
        seconds=time.monotonic() - started,
        unit=records,
    )
    logger.info("%s", report.summary())
    return report


def _missed_counts(total: _ChunkCounts, to: tuple[str, ...]) -> dict[str, Any]:
    """Return the ``BatchReport`` fields that count mentions short of a target currency."""
    missed = total.missed + (0,) * (len(to) - len(total.missed))
    without = tuple(zip(to, missed, strict=True))
    return {
        "unconverted": total.unconverted,
        "without": without,
        "without_usd": dict(without).get("USD", 0),
        "without_kpw": dict(without).get("KPW", 0),
    }


def _write_failure(exc: OSError, dst: Path, workdir: Path, tmp_out: Path) -> str:
    """Say what a failed write (a full disk) left behind, and how to go on."""
    what = exc.strerror or str(exc)
    if exc.filename:
        what += f" ({exc.filename})"
    kept = (
        f"the finished chunks are kept in {str(workdir)!r}: rerun with --resume (resume=True) "
        "once there is room, or delete that folder"
        if workdir.is_dir()
        else "no working folder is left"
    )
    return (
        f"{what}; nothing was written to {str(dst)!r}; {kept}; the temporary output "
        f"{str(tmp_out)!r} was removed"
    )


def convert_csv(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str],
    *,
    text_col: str,
    date_col: str | None = None,
    strict: bool = False,
    **kwargs: Any,
) -> BatchReport:
    """Convert a CSV (or Parquet) corpus: the STYLE-guide name of :func:`convert_file`.

    Args:
        src: Input file.
        dst: Output file.
        text_col: Column holding the text.
        date_col: Column holding each document's date.
        strict: Raise at the first bad row.
        **kwargs: Any other keyword of :func:`convert_file`.

    Returns:
        The counts of the run.

    Raises:
        BatchError: See :func:`convert_file`.

    """
    return convert_file(src, dst, text_col=text_col, date_col=date_col, strict=strict, **kwargs)
