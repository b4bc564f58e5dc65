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
  undecodable bytes, empty text, unparseable date).

So ``rows read == rows with mentions + rows without mentions + rows failed``, and
:class:`BatchReport` carries the three counts.

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
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from moneyx.errors import BatchError, MoneyxError
from moneyx.model import Conversion, Mention

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa  # type: ignore[import-untyped]

    from moneyx.rates import RateStore

__all__ = [
    "OUTPUT_COLUMNS",
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


def _layout(
    records: str,
) -> tuple[Mapping[str, str], Callable[..., list[dict[str, object]]], Callable[..., bool]]:
    """Return the column dtypes, the document-rows function and the 'unconverted' test."""
    if records == "quotes":
        from moneyx.quotes import QUOTE_COLUMNS, document_quote_rows, quote_uncompared

        return QUOTE_COLUMNS, document_quote_rows, quote_uncompared
    return _COLUMN_DTYPES, document_rows, _nothing_converted

_DEFAULT_CHUNKSIZE = 1000
_DEFAULT_TO = ("USD", "KPW")
_BAD_RECORD = "\x00moneyx:bad-record\x00"  # marks a malformed CSV record in the text column
_STATE_VERSION = 1


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
        unconverted: Mention rows whose ``usd``/``kpw`` stayed empty (``note`` says why).
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

        """
        u = self.unit
        line = (
            f"{self.rows} rows: {self.rows_with_mentions} with {u} ({self.mentions} {u}),"
            f" {self.rows_without_mentions} without {u}, {self.rows_failed} failed"
            f" -> {self.dst}"
        )
        if self.unconverted:
            what = "not converted" if u == "mentions" else "not set against the tables"
            line += f"; {self.unconverted} {u} {what} (see the note column)"
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
    date: date | None = None
    lang: str = "en"
    default_currency: tuple[tuple[str, str], ...] = ()
    locale: str | None = None
    strict: bool = False
    rates: RateStore | None = None
    to: tuple[str, ...] = ("USD", "KPW")
    records: Records = "mentions"

    def fingerprint(self) -> dict[str, object]:
        """Return the options that decide the output (compared on resume)."""
        return {
            "text_col": self.text_col,
            "date_col": self.date_col,
            "id_col": self.id_col,
            "date": None if self.date is None else self.date.isoformat(),
            "lang": self.lang,
            "default_currency": [list(p) for p in self.default_currency],
            "locale": self.locale,
            "strict": self.strict,
            "rates": None if self.rates is None else f"custom:{id(type(self.rates))}",
            "to": list(self.to),
            "records": self.records,
        }


@dataclass(frozen=True, slots=True)
class _ChunkCounts:
    rows: int = 0
    with_mentions: int = 0
    without_mentions: int = 0
    failed: int = 0
    mentions: int = 0
    unconverted: int = 0

    def __add__(self, other: _ChunkCounts) -> _ChunkCounts:
        return _ChunkCounts(
            self.rows + other.rows,
            self.with_mentions + other.with_mentions,
            self.without_mentions + other.without_mentions,
            self.failed + other.failed,
            self.mentions + other.mentions,
            self.unconverted + other.unconverted,
        )


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


def _parse_date(raw: object, column: str) -> date:
    """Read a document date from a cell: ISO text, datetime.date, datetime or Timestamp.

    Raises:
        ValueError: The cell is empty or not a date; the message names the value and column.

    """
    if _is_missing(raw):
        raise ValueError(f"empty date in column {column!r}")
    if isinstance(raw, pd.Timestamp | datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="replace")
    text = str(raw).strip()
    if not text:
        raise ValueError(f"empty date in column {column!r}")
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        raise ValueError(
            f"unparseable date {text[:40]!r} in column {column!r} (expected YYYY-MM-DD)"
        ) from None


def _as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return _parse_date(value, "date")


def _check_text(raw: object, column: str) -> str:
    """Return the text of a cell, or raise ValueError saying why it cannot be used."""
    if _is_missing(raw):
        raise ValueError(f"empty text (missing value) in column {column!r}")
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError(
                f"undecodable byte 0x{raw[exc.start]:02x} at byte {exc.start} of column {column!r}"
            ) from None
    if not isinstance(raw, str):
        raise ValueError(f"column {column!r} holds {type(raw).__name__}, not text")
    if raw.startswith(_BAD_RECORD):
        raise ValueError(raw[len(_BAD_RECORD) :])
    for i, ch in enumerate(raw):
        # read_csv(encoding_errors="surrogateescape") maps each bad byte to U+DC80..U+DCFF
        if "\udc80" <= ch <= "\udcff":
            raise ValueError(
                f"undecodable byte 0x{ord(ch) - 0xDC00:02x} at character {i} of column {column!r}"
            )
    if not raw.strip():
        raise ValueError(f"empty text in column {column!r}")
    return raw


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


def _normalize_one(
    mention: Mention,
    doc_date: date | None,
    rates: RateStore | None,
    to: tuple[str, ...] = ("USD", "KPW"),
) -> tuple[Conversion | None, str]:
    """Convert one mention (lenient policy: a missing rate is a None and a note, never lost)."""
    if doc_date is None:
        return None, "no document date (pass a date or a date column) so no conversion"
    if mention.currency is None:
        cands = "/".join(mention.candidates) or "none"
        return None, f"currency unresolved (candidates: {cands}); not converted"
    from moneyx.normalize import normalize
    from moneyx.rates import LENIENT

    try:
        conv = normalize(mention, doc_date=doc_date, rates=rates, policy=LENIENT, to=to)
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
    doc_date: date | None,
    rates: RateStore | None,
    to: tuple[str, ...] = ("USD", "KPW"),
) -> dict[str, object]:
    conv, note = _normalize_one(m, doc_date, rates, to)
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
    lang: str = "en",
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
        doc_date: Date the amounts are converted on (ISO text or date); None skips conversion.
        lang: Extraction language.
        default_currency: Surface -> ISO code defaults passed to ``extract_amounts``.
        locale: Locale for ambiguous symbols passed to ``extract_amounts``.
        rates: Rate store (the shipped tables when None).
        to: Target currencies (default USD and KPW), as for ``moneyx.normalize``.

    Returns:
        One dict per mention with the ``OUTPUT_COLUMNS`` mention fields (no ``doc_id``/``row``).

    Raises:
        ValueError: ``doc_date`` is not a date.

    """
    from moneyx.extract import extract_amounts

    d = _as_date(doc_date)
    kwargs: dict[str, Any] = {"lang": lang, "doc_date": d}
    if default_currency:
        kwargs["default_currency"] = dict(default_currency)
    if locale:
        kwargs["locale"] = locale
    mentions = extract_amounts(text, **kwargs)
    return [_mention_record(m, i, d, rates, tuple(to)) for i, m in enumerate(mentions)]


def _status_record(status: Status, error: str | None) -> dict[str, object]:
    return {"status": status, "error": error}


def _convert_rows(
    texts: list[object],
    dates: list[object] | None,
    ids: list[object] | None,
    opts: _Options,
    row_offset: int,
) -> tuple[list[dict[str, object]], _ChunkCounts]:
    out: list[dict[str, object]] = []
    with_m = without = failed = n_mentions = unconverted = 0
    defaults = dict(opts.default_currency)
    _, rows_of, not_converted = _layout(opts.records)
    for pos, raw in enumerate(texts):
        row = row_offset + pos
        doc_id = str(row) if ids is None else _id_text(ids[pos])
        column = opts.text_col
        try:
            text = _check_text(raw, opts.text_col)
            doc_date = opts.date
            if dates is not None:
                column = opts.date_col or "date"
                cell = dates[pos]
                if opts.date is None or not _is_blank(cell):
                    doc_date = _parse_date(cell, column)
            column = opts.text_col
            records = rows_of(
                text,
                doc_date=doc_date,
                lang=opts.lang,
                default_currency=defaults,
                locale=opts.locale,
                rates=opts.rates,
                to=opts.to,
            )
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
        date_text = None if doc_date is None else doc_date.isoformat()
        if not records:
            without += 1
            out.append(
                {
                    "doc_id": doc_id,
                    "row": row,
                    "doc_date": date_text,
                    **_status_record("no_mentions", None),
                }
            )
            continue
        with_m += 1
        n_mentions += len(records)
        for rec in records:
            if not_converted(rec, opts.to):
                unconverted += 1
            out.append({"doc_id": doc_id, "row": row, "doc_date": date_text, **rec})
    counts = _ChunkCounts(len(texts), with_m, without, failed, n_mentions, unconverted)
    return out, counts


def _nothing_converted(rec: Mapping[str, object], to: tuple[str, ...]) -> bool:
    """Whether a mention record has no figure in any target currency."""
    others = dict(
        pair.split(":", 1) for pair in str(rec.get("targets") or "").split(";") if ":" in pair
    )
    for code in to:
        got = rec.get(code.lower()) if code in ("USD", "KPW") else others.get(code) or None
        if got is not None:
            return False
    return True


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
    text_col: str,
    date_col: str | None,
    id_col: str | None,
    date: date | str | None,
    lang: str,
    default_currency: Mapping[str, str] | None,
    locale: str | None,
    strict: bool,
    rates: RateStore | None,
    to: str | tuple[str, ...] | list[str] = ("USD", "KPW"),
    records: Records = "mentions",
) -> _Options:
    from moneyx.normalize import targets_of
    from moneyx.rates import RateStore

    return _Options(
        text_col=text_col,
        date_col=date_col,
        id_col=id_col,
        date=_as_date(date),
        lang=lang,
        default_currency=tuple(sorted((default_currency or {}).items())),
        locale=locale,
        strict=strict,
        rates=rates,
        to=_DEFAULT_TO if to == _DEFAULT_TO else targets_of(to, rates or RateStore.default()),
        records=records,
    )


def _convert_with(frame: pd.DataFrame, opts: _Options, row_offset: int) -> pd.DataFrame:
    records, _ = _convert_chunk_records(frame, opts, row_offset)
    return _records_frame(records, opts.records)


def _convert_chunk_records(
    frame: pd.DataFrame, opts: _Options, row_offset: int
) -> tuple[list[dict[str, object]], _ChunkCounts]:
    texts = frame[opts.text_col].tolist()
    dates = frame[opts.date_col].tolist() if opts.date_col else None
    ids = frame[opts.id_col].tolist() if opts.id_col else None
    return _convert_rows(texts, dates, ids, opts, row_offset)


def convert_frame(
    frame: pd.DataFrame,
    *,
    text_col: str,
    date_col: str | None = None,
    id_col: str | None = None,
    date: date | str | None = None,
    lang: str = "en",
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
        date_col: Column holding each document's date (ISO text, date or timestamp).
        id_col: Column holding a document id (written as ``doc_id``; the row number otherwise).
        date: Fixed date for every row (fills empty cells when ``date_col`` is also given).
        lang: Extraction language.
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
        lang=lang,
        default_currency=default_currency,
        locale=locale,
        strict=strict,
        rates=rates,
        to=tuple(to) if not isinstance(to, str) else to,
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
    index: int
    row_offset: int
    frame: pd.DataFrame
    fraction: float | None


class _Reader:
    """Chunked reader of a CSV or Parquet input that knows its columns before reading data."""

    def __init__(self, path: Path, opts: _Options, chunksize: int) -> None:
        self.path = path
        self.opts = opts
        self.chunksize = chunksize
        self.fmt = _format_of(path)
        self.rows_total: int | None = None
        self.columns = self._columns()
        _check_columns(self.columns, opts, str(path))
        self.wanted = [c for c in (opts.text_col, opts.date_col, opts.id_col) if c is not None]
        self.wanted = list(dict.fromkeys(self.wanted))

    def _columns(self) -> list[str]:
        if self.fmt == "csv":
            try:
                head = pd.read_csv(
                    self.path, nrows=0, encoding="utf-8-sig", encoding_errors="surrogateescape"
                )
            except pd.errors.EmptyDataError:
                raise BatchError(
                    None, None, f"{str(self.path)!r} is empty: no header row"
                ) from None
            return [str(c) for c in head.columns]
        import pyarrow.dataset as pads  # type: ignore[import-untyped]

        ds = pads.dataset(self.path, format="parquet")
        self.rows_total = ds.count_rows()
        return list(ds.schema.names)

    def chunks(self) -> Iterator[_Chunk]:
        """Yield the input in chunks of ``chunksize`` rows, in order."""
        if self.fmt == "csv":
            yield from self._csv_chunks()
        else:
            yield from self._parquet_chunks()

    def _csv_chunks(self) -> Iterator[_Chunk]:
        size = max(self.path.stat().st_size, 1)
        n_cols = len(self.columns)
        text_at = self.columns.index(self.opts.text_col)

        def bad_line(fields: list[str]) -> list[str]:
            # A record with more fields than the header: keep it as a row whose text says why,
            # so that it becomes an error row instead of stopping the run or vanishing.
            row = [""] * n_cols
            shown = ",".join(fields)[:60]
            row[text_at] = (
                f"{_BAD_RECORD}malformed CSV record: {len(fields)} fields where the header has "
                f"{n_cols} (starts {shown!r})"
            )
            return row

        with open(self.path, "rb") as handle:
            # The python engine is the one that hands malformed records to a callback; parsing
            # costs far less than extraction, so the choice does not show in throughput.
            reader = pd.read_csv(
                handle,
                chunksize=self.chunksize,
                dtype=object,
                keep_default_na=False,
                na_filter=False,
                engine="python",
                on_bad_lines=bad_line,
                encoding="utf-8-sig",
                encoding_errors="surrogateescape",
                compression="gzip" if self.path.suffix.lower() == ".gz" else None,
            )
            offset = 0
            index = 0
            with reader:
                for frame in reader:
                    if frame.empty:  # a header-only file still yields one empty frame
                        continue
                    fraction = (
                        min(handle.tell() / size, 1.0)
                        if self.path.suffix.lower() != ".gz"
                        else None
                    )
                    yield _Chunk(index, offset, frame[self.wanted], fraction)
                    offset += len(frame)
                    index += 1

    def _parquet_chunks(self) -> Iterator[_Chunk]:
        import pyarrow as pa
        import pyarrow.dataset as pads

        ds = pads.dataset(self.path, format="parquet")
        pending: list[pa.RecordBatch] = []
        pending_rows = 0
        offset = 0
        index = 0
        total = self.rows_total or 0

        def emit(table: pa.Table) -> _Chunk:
            nonlocal offset, index
            frame = table.to_pandas(types_mapper=None)
            chunk = _Chunk(index, offset, frame, (offset + len(frame)) / total if total else None)
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
    workdir: str
    fmt: Format

    @classmethod
    def of(cls, chunk: _Chunk, opts: _Options, workdir: str, fmt: Format) -> _Task:
        frame = chunk.frame
        return cls(
            chunk.index,
            chunk.row_offset,
            frame[opts.text_col].tolist(),
            frame[opts.date_col].tolist() if opts.date_col else None,
            frame[opts.id_col].tolist() if opts.id_col else None,
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
    records, counts = _convert_rows(task.texts, task.dates, task.ids, opts, task.row_offset)
    frame = _records_frame(records, opts.records)
    data_path, meta_path = _chunk_paths(Path(task.workdir), task.index, task.fmt)
    # A pid in the temporary names: a worker orphaned by a killed run may still be finishing the
    # same chunk as the resumed run; both write identical bytes, and each renames its own file.
    tmp = data_path.with_name(f"{data_path.name}.{os.getpid()}.tmp")
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
    meta_tmp = meta_path.with_name(f"{meta_path.name}.{os.getpid()}.tmp")
    meta_tmp.write_text(
        json.dumps({"row_offset": task.row_offset, "counts": asdict(counts)}), encoding="utf-8"
    )
    os.replace(meta_tmp, meta_path)  # the chunk counts as done only once this file exists
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
    return _ChunkCounts(**meta["counts"])


def _input_size(src: Path) -> int:
    """Bytes of the input (a folder's files summed): a rough count of the text to convert."""
    if not src.is_dir():
        return src.stat().st_size
    return sum(p.stat().st_size for p in src.rglob("*") if p.is_file())


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


def _watch_parent() -> None:
    """In a worker: exit as soon as the parent process dies (e.g. killed with SIGKILL).

    Without this, workers orphaned by a killed run would wait for work forever.
    """
    import multiprocessing
    import threading
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None:  # pragma: no cover - always set in a worker process
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="moneyx-parent-watch", daemon=True).start()


_START_METHOD_ENV = "MONEYX_START_METHOD"


def _start_method() -> str:
    """Return how to start workers: ``fork`` on Linux, ``spawn`` elsewhere.

    A forked worker inherits this process as it is, patterns compiled and rate tables loaded,
    so it converts at once; a spawned one starts a fresh interpreter and warms up for seconds.
    ``fork`` is the Linux default of ``multiprocessing`` up to Python 3.13; elsewhere (macOS,
    Windows) it is unsafe or missing. It is also unsafe while other threads run here (one may
    hold a lock the child then waits on forever), so a process with threads gets ``spawn``.
    ``MONEYX_START_METHOD=fork|spawn|forkserver`` overrides.
    """
    import multiprocessing
    import sys
    import threading

    methods = multiprocessing.get_all_start_methods()
    wanted = os.environ.get(_START_METHOD_ENV, "").strip().lower()
    if wanted:
        if wanted not in methods:
            raise BatchError(
                None,
                None,
                f"{_START_METHOD_ENV}={wanted!r} is not available here; "
                f"choose one of {', '.join(methods)}",
            )
        return wanted
    if sys.platform.startswith("linux") and "fork" in methods:
        if threading.active_count() == 1:
            return "fork"
        logger.debug("other threads run in this process: workers are spawned, not forked")
    return "spawn"


_WARM_UP_TEXT = "Warm-up: rice cost 300 yuan and US$1.50, about 4,000 won a kilogram."


def _warm_up(opts: _Options, fmt: Format) -> None:
    """Compile the patterns, load the rate tables and import the writer of ``fmt``, once.

    Runs in a spawned worker as it starts, or in this process before forking workers (which
    then inherit all of it). A failure only costs time: chunks report their own errors.
    """
    try:
        lenient = dataclasses.replace(opts, strict=False)
        records, _ = _convert_rows([_WARM_UP_TEXT], [date(2015, 9, 30)], None, lenient, 0)
        frame = _records_frame(records, opts.records)
        if fmt == "csv":
            frame.to_csv(io.StringIO(), index=False, header=False, lineterminator="\n")
        else:
            import pyarrow.parquet  # noqa: F401  # type: ignore[import-untyped]

            _arrow_schema(opts.records)
    except Exception:  # noqa: BLE001
        logger.debug("warm-up failed", exc_info=True)


def _warm_scanner(lang: str, chars_per_worker: int) -> None:
    """Let the adaptive marker scanner switch to Hyperscan now if every worker would anyway.

    ``moneyx.scan.AdaptiveScanner`` compiles its Hyperscan database (about a second) once it
    has scanned ``SWITCH_AFTER`` characters. Each forked worker would pay that compile on its
    own share of a large input; compiled once here, before forking, every worker inherits it.
    """
    try:
        from moneyx.scan import AdaptiveScanner, scanner

        scan = scanner(lang)
        if isinstance(scan, AdaptiveScanner):
            scan.prepare(chars_per_worker)
    except Exception:  # noqa: BLE001 - only an optimisation
        logger.debug("scanner warm-up failed", exc_info=True)


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
    input_chars: int = 0,
) -> Iterator[tuple[_ChunkCounts, bool, int]]:
    """Run chunks in ``jobs`` processes; yield ``(counts, resumed, rows)`` in input order.

    Forked (Linux): ``jobs`` workers are forked from this process once it has warmed up
    (patterns compiled, rate tables loaded, Hyperscan compiled for a large input), so they
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
        _warm_scanner(opts.lang, input_chars // jobs)
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
    jobs: int = 1,
    chunksize: int = _DEFAULT_CHUNKSIZE,
    strict: bool = False,
    resume: bool = False,
    lang: str = "en",
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
        src: Input file (or Parquet dataset folder).
        dst: Output file (``.csv`` or ``.parquet``).
        text_col: Column holding the text.
        date_col: Column holding each document's date.
        id_col: Column holding a document id (copied to ``doc_id``; the row number otherwise).
        date: Fixed date for every row (fills empty cells when ``date_col`` is also given).
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
        lang: Extraction language.
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
        BatchError: A column is missing (before any work), the format is unknown, ``strict`` and
            a row is bad, or ``resume`` found a run made from other input or options.
        FileNotFoundError: ``src`` does not exist.

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
        lang=lang,
        default_currency=default_currency,
        locale=locale,
        strict=strict,
        rates=rates,
        to=tuple(to) if not isinstance(to, str) else to,
        records=records,
    )
    reader = _Reader(src_p, opts, chunksize)  # checks the columns before any work
    dst_p.parent.mkdir(parents=True, exist_ok=True)
    workdir = dst_p.parent / f".{dst_p.name}.moneyx-partial"
    resumed = _prepare_workdir(workdir, _fingerprint(src_p, opts, chunksize, out_fmt), resume)

    def tasks() -> Iterator[_Task | _ChunkCounts]:
        for chunk in reader.chunks():
            done = _done_chunk(workdir, chunk.index, out_fmt, chunk.row_offset) if resumed else None
            fractions.append(chunk.fraction)
            if done is not None and done.rows == len(chunk.frame):
                yield done
            else:
                yield _Task.of(chunk, opts, str(workdir), out_fmt)

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
        results = _parallel_results(tasks(), jobs, opts, out_fmt, _input_size(src_p))
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
    except BatchError:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    tmp_out = dst_p.with_name(f".{dst_p.name}.moneyx-tmp")
    _merge(workdir, n_chunks, out_fmt, tmp_out, dst_p.suffix.lower() == ".gz", opts.records)
    os.replace(tmp_out, dst_p)
    shutil.rmtree(workdir, ignore_errors=True)
    report = BatchReport(
        src=str(src_p),
        dst=str(dst_p),
        rows=total.rows,
        rows_with_mentions=total.with_mentions,
        rows_without_mentions=total.without_mentions,
        rows_failed=total.failed,
        mentions=total.mentions,
        unconverted=total.unconverted,
        chunks=n_chunks,
        chunks_resumed=n_resumed,
        seconds=time.monotonic() - started,
        unit=records,
    )
    logger.info("%s", report.summary())
    return report


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


# Registering the pandas accessor costs nothing once pandas is imported (which this module does).
import moneyx.accessor  # noqa: E402,F401  (registers df.moneyx / Series.moneyx)
