"""Run the batch conversion on a Dask cluster, partition by partition.

Each partition goes through the very function ``moneyx.batch`` applies to each local chunk, so
a Dask run and a local run give the same rows (same ``row`` numbers, ``doc_id``, values, notes).
Use :func:`convert_dataframe` on a ``dask.dataframe`` you already have, or
:func:`convert_parquet` (``moneyx convert --engine dask``) to go from files to a Parquet dataset.

Needs the ``dask`` extra: ``pip install 'moneyx-news[dask]'``.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re
import shutil
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import dask.dataframe as dd  # the real package: this module is moneyx.dask, imports are absolute
import pandas as pd
from dask.base import compute
from dask.delayed import delayed

from moneyx.batch import (
    _DEFAULT_TO,
    READ_ERROR_COLUMN,
    BatchReport,
    _check_columns,
    _convert_with,
    _csv_header_columns,
    _make_options,
    _Options,
    _targets,
    empty_output_frame,
)
from moneyx.csvread import CsvFile, CsvReadError
from moneyx.errors import BatchError

if TYPE_CHECKING:  # pragma: no cover
    from moneyx.rates import RateStore

__all__ = ["convert_dataframe", "convert_parquet", "output_counts"]

logger = logging.getLogger(__name__)


def _partition(frame: pd.DataFrame, opts: _Options, row_offset: int) -> pd.DataFrame:
    """Convert one partition: the same function as a local chunk (``batch._convert_with``)."""
    return _convert_with(frame, opts, row_offset)


def convert_dataframe(
    ddf: dd.DataFrame,
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
    to: str | tuple[str, ...] = ("USD", "KPW"),
) -> dd.DataFrame:
    """Return a lazy Dask frame of mention and status rows for a Dask frame of documents.

    The partition lengths are computed first (one extra read of the input, no extraction) so
    that every output row carries its global input ``row`` number, exactly as ``convert_file``
    numbers it.

    Args:
        ddf: Documents, one per row.
        text_col: Column holding the text.
        date_col: Column holding each document's date.
        id_col: Column holding a document id.
        date: Fixed date for every row (fills empty ``date_col`` cells).
        date_format: ``strftime`` format of the date cells ("%d/%m/%Y").
        dayfirst: Read "03/04/2019" as 3 April.
        lang: Extraction language (default: from the text, as ``extract_amounts``).
        default_currency: Surface -> ISO code defaults, e.g. ``{"won": "KPW"}``.
        locale: Locale for ambiguous symbols.
        strict: Fail the computation at the first bad row (``BatchError``).
        rates: Rate store (the shipped tables when None); pickled to the workers.
        to: Target currencies (default USD and KPW), as for ``moneyx.convert_file``.

    Returns:
        A ``dask.dataframe`` with ``moneyx.batch.OUTPUT_COLUMNS``, one partition per input
        partition, in input order.

    Raises:
        BatchError: A named column is missing (before any work).
        ValueError: The fixed ``date`` is not a date, or ``lang``, ``locale`` or
            ``default_currency`` is invalid (before any work).

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
    _check_columns([str(c) for c in ddf.columns], opts, "the Dask frame")
    wanted = list(dict.fromkeys(c for c in (text_col, date_col, id_col) if c is not None))
    if READ_ERROR_COLUMN in ddf.columns:  # a reader's verdict per row (see moneyx.batch)
        wanted.append(READ_ERROR_COLUMN)
    ddf = ddf[wanted]
    # Row numbers need each partition's length. They are counted on the very delayed partitions
    # that are converted below: a projection such as ddf[text_col] may be partitioned otherwise
    # (dask fuses small Parquet partitions when fewer columns are read).
    parts = ddf.to_delayed()  # type: ignore[no-untyped-call]
    lengths = compute(*(delayed(len)(part) for part in parts))  # type: ignore[no-untyped-call]
    offsets: list[int] = []
    total = 0
    for n in lengths:
        offsets.append(total)
        total += int(n)
    meta = empty_output_frame()
    converted = [
        delayed(_partition, pure=True)(part, opts, off)
        for part, off in zip(parts, offsets, strict=True)
    ]
    result: dd.DataFrame = dd.from_delayed(converted, meta=meta, verify_meta=False)
    return result


def _counts_of(frame: pd.DataFrame, to: tuple[str, ...] = _DEFAULT_TO) -> pd.DataFrame:
    ok = frame["status"] == "ok"
    others = frame["targets"].fillna("").astype(str)
    missed = {
        code: ok
        & (
            frame[code.lower()].isna()
            if code in _DEFAULT_TO
            else ~others.str.contains(f"(?:^|;){re.escape(code)}:[^;]", regex=True)
        )
        for code in to
    }
    unconverted = pd.Series(False, index=frame.index)
    for flags in missed.values():
        unconverted |= flags
    counts = {
        "rows": [frame["row"].nunique()],
        "with_mentions": [frame.loc[ok, "row"].nunique()],
        "without_mentions": [int((frame["status"] == "no_mentions").sum())],
        "failed": [int((frame["status"] == "error").sum())],
        "mentions": [int(ok.sum())],
        "unconverted": [int(unconverted.sum())],
        "without_usd": [0],
        "without_kpw": [0],
    }
    counts.update({f"without_{code.lower()}": [int(flags.sum())] for code, flags in missed.items()})
    return pd.DataFrame(counts)


def output_counts(
    out: dd.DataFrame, to: str | Sequence[str] = _DEFAULT_TO, rates: RateStore | None = None
) -> dict[str, int]:
    """Count rows with mentions, without, failed, and mentions in a converted Dask frame.

    Every input row's output rows live in one partition, so per-partition counts add up.

    Args:
        out: A frame returned by :func:`convert_dataframe` (or read back from its output).
        to: The target currencies the frame was converted to (as given to it).
        rates: The rate store it was converted with (checks the codes of ``to``).

    Returns:
        ``rows``, ``with_mentions``, ``without_mentions``, ``failed``, ``mentions``,
        ``unconverted`` (mentions short of a figure in at least one target), and
        ``without_<code>`` for each target (``without_usd`` and ``without_kpw`` always, 0
        when not a target).

    Raises:
        UnknownCurrencyError: ``to`` names a currency neither moneyx nor the tables know.

    """
    targets = _targets(to, rates)
    meta = pd.DataFrame(
        {c: pd.Series(dtype="int64") for c in _counts_of(empty_output_frame(), targets)}
    )
    columns = ["row", "status", "usd", "kpw", "targets"]  # not-lexicon: column names
    per_part = out[columns].map_partitions(_counts_of, targets, meta=meta)
    summed = per_part.sum().compute()
    return {k: int(v) for k, v in summed.items()}


@dataclass(frozen=True, slots=True)
class _CsvPart:
    """A run of whole CSV records: from one record boundary to another (bytes and lines)."""

    path: str
    start: int
    end: int
    line: int
    header: tuple[str, ...]
    columns: tuple[str, ...]


_CSV_PART_BYTES = 16 << 20  # bytes of CSV per partition unless a row count is asked for


def _csv_parts(src: Path, wanted: list[str], rows_per_part: int | None) -> list[_CsvPart]:
    """Cut a CSV into partitions at record boundaries found by one pass of the batch reader.

    Each partition is then read by the same reader from its boundary, so it holds exactly the
    records (malformed ones included, as error rows naming their lines) a local run reads.
    """
    try:
        head = CsvFile(src)
    except CsvReadError as exc:
        raise BatchError(None, None, str(exc)) from None
    columns = _csv_header_columns(head.header, wanted, src)
    for col in wanted:  # before the pass over the file: a wrong name fails at once
        if col not in columns:
            raise BatchError(
                None,
                col,
                f"no such column in {str(src)!r}; columns present: "
                + ", ".join(repr(c) for c in columns),
            )
    bounds: list[tuple[int, int]] = []
    size = src.stat().st_size
    n = 0
    part_start = -1
    try:
        for rec in head.records():
            if not bounds or (
                rec.offset - part_start >= _CSV_PART_BYTES
                if rows_per_part is None
                else n >= rows_per_part
            ):
                bounds.append((rec.offset, rec.line))
                part_start, n = rec.offset, 0
            n += 1
    except CsvReadError as exc:
        raise BatchError(None, None, str(exc)) from None
    if not bounds:
        bounds = [(size, 2)]
    ends = [b[0] for b in bounds[1:]] + [size]
    return [
        _CsvPart(str(src), start, end, line, head.header, tuple(wanted))
        for (start, line), end in zip(bounds, ends, strict=True)
    ]


def _read_csv_part(part: _CsvPart) -> pd.DataFrame:
    """Read one partition of a CSV: the wanted columns and ``READ_ERROR_COLUMN``."""
    reader = CsvFile(
        Path(part.path), start=part.start, end=part.end, first_line=part.line, header=part.header
    )
    at = [part.header.index(c) for c in part.columns]
    cells: list[list[object]] = [[] for _ in part.columns]
    errors: list[object] = []
    for rec in reader.records():
        for values, i in zip(cells, at, strict=True):
            values.append(None if rec.fields is None else rec.fields[i])
        errors.append(rec.error)
    data = {name: pd.Series(v, dtype=object) for name, v in zip(part.columns, cells, strict=True)}
    data[READ_ERROR_COLUMN] = pd.Series(errors, dtype=object)
    return pd.DataFrame(data)


def _read(src: Path, wanted: list[str], rows_per_part: int | None = None) -> dd.DataFrame:
    suffix = src.suffix.lower()
    if src.is_dir() or suffix in (".parquet", ".pq"):
        frame: dd.DataFrame = dd.read_parquet(str(src))
        if rows_per_part:
            frame = frame.repartition(npartitions=max(1, -(-len(frame) // rows_per_part)))
        return frame
    if suffix == ".csv":
        parts = _csv_parts(src, wanted, rows_per_part)
        meta = _read_csv_part(dataclasses.replace(parts[0], end=parts[0].start))
        frame = dd.from_map(_read_csv_part, parts, meta=meta, enforce_metadata=False)  # type: ignore[no-untyped-call]
        return frame
    raise BatchError(None, None, f"cannot tell the format of {str(src)!r}: use .parquet/.csv")


def convert_parquet(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str],
    *,
    text_col: str,
    scheduler: str | None = None,
    n_workers: int | None = None,
    chunksize: int | None = None,
    **options: Any,
) -> BatchReport:
    """Convert a Parquet dataset (or a CSV) into a Parquet dataset of mentions with Dask.

    The output folder appears only when the run completes (it is written beside it under a
    temporary name and renamed).

    Args:
        src: Input Parquet file or dataset folder (or a ``.csv``, read by the same record
            reader as a local run, cut into partitions at record boundaries).
        dst: Output dataset folder (one ``part.N.parquet`` per input partition).
        text_col: Column holding the text.
        scheduler: Address of a running Dask scheduler (``tcp://host:8786``); when None a
            temporary ``LocalCluster`` of worker processes is started.
        n_workers: Workers of that temporary cluster (default: one per CPU).
        chunksize: Rows per partition (the input partitioning is kept when None).
        **options: ``date_col``, ``id_col``, ``date``, ``date_format``, ``dayfirst``,
            ``lang``, ``default_currency``, ``locale``, ``strict``, ``rates`` as for
            :func:`convert_dataframe`.

    Returns:
        The counts of the run.

    Raises:
        BatchError: A column is missing, or ``strict`` and a row is bad.
        FileNotFoundError: ``src`` does not exist.

    """
    from distributed import Client, LocalCluster

    started = time.monotonic()
    src_p, dst_p = Path(src), Path(dst)
    if not src_p.exists():
        raise FileNotFoundError(f"input {str(src_p)!r} does not exist")
    if dst_p.suffix.lower() == ".csv":
        raise BatchError(
            None, None, "the dask engine writes a Parquet dataset: give a folder or .parquet name"
        )
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=n_workers or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
        )
    tmp = dst_p.with_name(f".{dst_p.name}.moneyx-tmp")
    try:
        with Client(scheduler if scheduler is not None else cluster) as client:  # type: ignore[no-untyped-call]
            wanted = [text_col, *(options.get(k) for k in ("date_col", "id_col"))]
            ddf = _read(src_p, list(dict.fromkeys(c for c in wanted if c)), chunksize)
            out = convert_dataframe(ddf, text_col=text_col, **options)
            if tmp.exists():
                shutil.rmtree(tmp)
            out.to_parquet(str(tmp), write_index=False, compute=True)  # type: ignore[no-untyped-call]
            targets = _targets(options.get("to", _DEFAULT_TO), options.get("rates"))
            counts = output_counts(dd.read_parquet(str(tmp)), targets)
            logger.info("dask run done on %s", client)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        if cluster is not None:
            cluster.close()
    if dst_p.exists():
        shutil.rmtree(dst_p) if dst_p.is_dir() else dst_p.unlink()
    os.replace(tmp, dst_p)
    return BatchReport(
        src=str(src_p),
        dst=str(dst_p),
        rows=counts["rows"],
        rows_with_mentions=counts["with_mentions"],
        rows_without_mentions=counts["without_mentions"],
        rows_failed=counts["failed"],
        mentions=counts["mentions"],
        unconverted=counts["unconverted"],
        without_usd=counts["without_usd"],
        without_kpw=counts["without_kpw"],
        without=tuple((code, counts[f"without_{code.lower()}"]) for code in targets),
        chunks=int(out.npartitions),
        seconds=time.monotonic() - started,
    )
