"""Extract from many documents in order, on one or several processes, accounting for each.

:func:`extract_many` is the Python side of ``moneyx convert`` (as ``nlp.pipe`` is spaCy's):
it takes any iterable of texts (a list, a generator over a corpus) and yields one
:class:`DocResult` per text, in input order, whatever ``n_process``. Every input is accounted
for exactly as ``convert`` accounts for rows: ``ok`` (with its mentions), ``no_mentions``, or
``error`` (not text, empty, undecodable) with the reason, and a date that is empty or unreadable
costs no mention: the text is read without a date and ``note`` says why.

Nothing here imports pandas; the process-pool helpers (start method, parent watch) are shared
with ``moneyx.batch``.
"""

from __future__ import annotations

import logging
import math
import os
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from enum import Enum
from itertools import islice
from typing import Any, Literal

from moneyx.dates import DocDate, _missing, parse_doc_date
from moneyx.errors import BatchError
from moneyx.model import Mention

__all__ = ["DocResult", "extract_many"]

logger = logging.getLogger(__name__)

Status = Literal["ok", "no_mentions", "error"]


class _Mark(Enum):
    NO_DATE = "no date"  # doc_dates not given (an Enum member: the same after pickling)


_NO_DATE = _Mark.NO_DATE


@dataclass(frozen=True, slots=True, kw_only=True)
class DocResult:
    """What :func:`extract_many` found in one input text.

    Attributes:
        index: Position of the text in the input (0-based).
        status: ``"ok"`` (mentions found), ``"no_mentions"`` or ``"error"``.
        mentions: The mentions, as ``extract_amounts`` returns them (empty unless ``ok``).
        doc_date: The date the text was read on (the middle of a month or year given alone),
            or None.
        date_text: That date in ISO 8601 at the precision given ("2019-03", "2019").
        error: Why the text could not be read (``status == "error"``), else None.
        note: What the reader decided about the date, or why there is none; else None.

    """

    index: int
    status: Status
    mentions: tuple[Mention, ...] = ()
    doc_date: date | None = None
    date_text: str | None = None
    error: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class _PipeOptions:
    lang: str | None
    default_currency: tuple[tuple[str, str], ...]
    locale: str | None
    date_format: str | None
    dayfirst: bool
    strict: bool


# --------------------------------------------------------------------------------------------
# One document
# --------------------------------------------------------------------------------------------


def _check_text(raw: object, column: str) -> str:
    """Return the text of a cell, or raise ValueError saying why it cannot be used."""
    if _missing(raw):
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
    for i, ch in enumerate(raw):
        # a CSV read with encoding_errors="surrogateescape" maps each bad byte to U+DC80..U+DCFF
        if "\udc80" <= ch <= "\udcff":
            raise ValueError(
                f"undecodable byte 0x{ord(ch) - 0xDC00:02x} at character {i} of column {column!r}"
            )
    if not raw.strip():
        raise ValueError(f"empty text in column {column!r}")
    return raw


def _blank(cell: object) -> bool:
    return _missing(cell) or (isinstance(cell, str) and not cell.strip())


def _one(index: int, raw: object, cell: object, opts: _PipeOptions) -> DocResult:
    from moneyx.extract import extract_amounts

    try:
        text = _check_text(raw, "text")
    except ValueError as exc:
        if opts.strict:
            raise BatchError(index, "text", str(exc)) from exc
        return DocResult(index=index, status="error", error=str(exc))
    doc_date: DocDate | None = None
    note: str | None = None
    if isinstance(cell, DocDate):
        doc_date, note = cell, cell.note
    elif cell is not _NO_DATE:
        if _blank(cell):
            note = "empty date: read without a date"
        else:
            try:
                doc_date = parse_doc_date(
                    cell, column="doc_dates", date_format=opts.date_format, dayfirst=opts.dayfirst
                )
                note = doc_date.note
            except ValueError as exc:
                if opts.strict:
                    raise BatchError(index, "doc_dates", str(exc)) from exc
                note = f"{exc}: read without a date"
    kwargs: dict[str, Any] = {"lang": opts.lang}
    if doc_date is not None:
        kwargs["doc_date"] = doc_date.day
    if opts.default_currency:
        kwargs["default_currency"] = dict(opts.default_currency)
    if opts.locale:
        kwargs["locale"] = opts.locale
    mentions = tuple(extract_amounts(text, **kwargs))
    return DocResult(
        index=index,
        status="ok" if mentions else "no_mentions",
        mentions=mentions,
        doc_date=None if doc_date is None else doc_date.day,
        date_text=None if doc_date is None else doc_date.text,
        note=note,
    )


def _run_batch(
    batch: list[tuple[int, object, object]], opts: _PipeOptions
) -> tuple[list[DocResult], BatchError | None]:
    """Read a batch; under ``strict``, the results before the first bad text and its error."""
    out: list[DocResult] = []
    for i, raw, cell in batch:
        try:
            out.append(_one(i, raw, cell, opts))
        except BatchError as exc:
            return out, exc
    return out, None


# --------------------------------------------------------------------------------------------
# Worker processes (shared with moneyx.batch)
# --------------------------------------------------------------------------------------------


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

    Raises:
        BatchError: ``MONEYX_START_METHOD`` names a method this platform lacks.

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


_WORKER: _PipeOptions | None = None


def _start_worker(opts: _PipeOptions) -> None:
    global _WORKER  # noqa: PLW0603 - one set of options per worker process
    _WORKER = opts
    _watch_parent()


def _worker_batch(
    batch: list[tuple[int, object, object]],
) -> tuple[list[DocResult], BatchError | None]:
    if _WORKER is None:  # pragma: no cover - the initialiser always runs first
        raise RuntimeError("moneyx worker started without options")
    return _run_batch(batch, _WORKER)


# --------------------------------------------------------------------------------------------
# The public function
# --------------------------------------------------------------------------------------------


def _items(texts: Iterable[object], doc_dates: object) -> Iterator[tuple[int, object, object]]:
    """Pair each text with its date cell; a sequence of dates must be as long as the texts."""
    if doc_dates is None:
        for i, text in enumerate(texts):
            yield i, text, _NO_DATE
        return
    if isinstance(doc_dates, str | bytes | date | DocDate):
        for i, text in enumerate(texts):
            yield i, text, doc_dates
        return
    dates = iter(doc_dates)  # type: ignore[call-overload]
    end = object()
    i = 0
    for i, text in enumerate(texts):  # noqa: B007 - i is read after the loop
        cell = next(dates, end)
        if cell is end:
            raise ValueError(f"doc_dates ran out at text {i}: give one date per text")
        yield i, text, cell
    if next(dates, end) is not end:
        raise ValueError("doc_dates has more dates than there are texts: give one per text")


def _batches(
    items: Iterator[tuple[int, object, object]], size: int
) -> Iterator[list[tuple[int, object, object]]]:
    while batch := list(islice(items, size)):
        yield batch


def _in_processes(
    batches: Iterator[list[tuple[int, object, object]]], opts: _PipeOptions, n_process: int
) -> Iterator[DocResult]:
    import multiprocessing

    method = _start_method()
    if method == "fork":  # compile the patterns once, before forking: every worker inherits them
        _run_batch([(0, "Warm-up: rice cost 300 yuan and US$1.50.", _NO_DATE)], opts)
    pool = ProcessPoolExecutor(
        max_workers=n_process,
        mp_context=multiprocessing.get_context(method),
        initializer=_start_worker,
        initargs=(opts,),
    )
    window: deque[Future[tuple[list[DocResult], BatchError | None]]] = deque()

    def take() -> list[DocResult]:
        done, error = window.popleft().result()
        if error is not None:  # strict: the good results first, then stop
            yield_then_raise.append(error)
        return done

    yield_then_raise: list[BatchError] = []
    try:
        for batch in batches:
            window.append(pool.submit(_worker_batch, batch))
            while len(window) >= 2 * n_process or (window and window[0].done()):
                yield from take()
                if yield_then_raise:
                    raise yield_then_raise[0]
        while window:
            yield from take()
            if yield_then_raise:
                raise yield_then_raise[0]
    finally:  # also when the caller stops iterating early: drop what is queued
        pool.shutdown(wait=True, cancel_futures=True)


def extract_many(
    texts: Iterable[object],
    *,
    doc_dates: Iterable[object] | date | str | None = None,
    lang: str | None = None,
    default_currency: Mapping[str, str] | None = None,
    locale: str | None = None,
    date_format: str | None = None,
    dayfirst: bool = False,
    n_process: int = 1,
    batch_size: int = 256,
    strict: bool = False,
) -> Iterator[DocResult]:
    """Extract the money mentions of many texts, yielding one result per text in input order.

    Each result is what ``extract_amounts`` gives for that text (on its date), with the
    accounting of ``moneyx convert``: ``ok``, ``no_mentions`` or ``error`` (a value that is not
    text, an empty text, undecodable bytes), never an exception for one bad input. A date that
    is empty or unreadable costs no mention: the text is read without a date and ``note`` says
    why. Texts are read lazily, ``batch_size`` at a time, so a generator over a corpus of any
    size runs in bounded memory.

    Args:
        texts: The documents (``str``; ``bytes`` are decoded as UTF-8).
        doc_dates: One date for every text (a date or text), or an iterable of dates, one per
            text in the same order (dates, or text in any style
            :func:`moneyx.dates.parse_doc_date` reads: "2019-03-12", "March 12, 2019", "2019").
        lang: Extraction language (default: from the text, as ``extract_amounts``).
        default_currency: Surface -> ISO code defaults, e.g. ``{"won": "KPW"}``.
        locale: Locale for ambiguous symbols ("en-AU").
        date_format: ``strftime`` format of the dates ("%d/%m/%Y").
        dayfirst: Read "03/04/2019" as 3 April.
        n_process: Worker processes (1: this process only; -1: one per CPU). On Linux the
            workers are forked from this process once it has compiled the patterns;
            elsewhere they are spawned, and a script must guard its entry point with
            ``if __name__ == "__main__":``.
        batch_size: Texts handed to a worker at a time.
        strict: Raise ``BatchError`` at the first bad text or date instead of reporting it.

    Returns:
        An iterator of :class:`DocResult`, one per text, in input order.

    Raises:
        ValueError: An invalid ``lang``, ``locale``, ``default_currency``, ``n_process`` or
            ``batch_size`` (raised at once, before any text is read); or, while iterating,
            ``doc_dates`` that do not give one date per text.
        BatchError: ``strict`` and a bad text or date (while iterating).

    Example:
        >>> texts = ["Rice cost 300 yuan.", "No money here.", ""]
        >>> for r in extract_many(texts, doc_dates=["2015-09-30", "2015", None]):
        ...     print(r.index, r.status, [m.text for m in r.mentions], r.error)
        0 ok ['300 yuan'] None
        1 no_mentions [] None
        2 error [] empty text in column 'text'

    """
    from moneyx.extract import extract_amounts

    if n_process == -1:
        n_process = os.cpu_count() or 1
    if not isinstance(n_process, int) or n_process < 1:
        raise ValueError(f"n_process must be >= 1 or -1 (one per CPU), got {n_process!r}")
    if not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size!r}")
    if isinstance(texts, str | bytes):
        raise TypeError("texts must be an iterable of texts, not one text")
    dates: object = doc_dates
    if isinstance(dates, float) and math.isnan(dates):
        dates = None
    # Refuse bad options now, not once per text (this also compiles the patterns).
    extract_amounts("", lang=lang, locale=locale, default_currency=default_currency or None)
    if isinstance(dates, str | date) and not _blank(dates):  # one date for all texts
        dates = parse_doc_date(dates, date_format=date_format, dayfirst=dayfirst)
    opts = _PipeOptions(
        lang=lang,
        default_currency=tuple(sorted((default_currency or {}).items())),
        locale=locale,
        date_format=date_format,
        dayfirst=dayfirst,
        strict=strict,
    )
    items = _items(texts, dates)
    if n_process == 1:
        return (_one(i, raw, cell, opts) for i, raw, cell in items)
    return _in_processes(_batches(items, batch_size), opts, n_process)
