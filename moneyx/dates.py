"""Read document dates as corpora write them, with their precision, for the batch paths.

News corpora date their articles in every style: ISO ("2019-03-12", "1987-02-26T15:01:01.790"),
prose ("March 12, 2019"), RFC 2822 ("Tue, 12 Mar 2019 23:30:00 +0900"), numeric ("12/03/2019"),
or only a month or a year ("March 2019", "2019"). :func:`parse_doc_date` reads them with
``python-dateutil`` (the parser behind ``pandas.to_datetime(format="mixed")``), or with an
explicit ``strftime`` format, and returns a :class:`DocDate` that keeps what the text said:

* **Precision.** "2019" is a year, "March 2019" a month. Conversions need one day: the middle
  of the period (1 July, the 15th), and :attr:`DocDate.note` says so.
* **Ambiguity.** "03/04/2019" is read month first (the parser's convention) unless the caller
  passes ``dayfirst=True`` or a format; the note says which reading was taken.
* **Time zones.** A timestamp's date is the date as written, in its own zone: an article
  stamped "Tue, 12 Mar 2019 23:30:00 +0900" is dated 12 March in Seoul.
* A text with no year ("March 12"), or with a day but no month, is not a date.

Nothing here imports pandas, so ``moneyx.extract_many`` stays light.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

__all__ = ["DocDate", "parse_doc_date"]

Precision = Literal["day", "month", "year"]

_MAX_LEN = 64  # no date is written longer; longer cells are not dates (and not parsed)
_YEAR = re.compile(r"\d{4}")
_YEAR_MONTH = re.compile(r"(\d{4})[-/](\d{1,2})")
_NUMERIC_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})")
_DAY_DIRECTIVES = ("%d", "%j", "%-d", "%e", "%c", "%x", "%F", "%D")
_MONTH_DIRECTIVES = ("%m", "%b", "%B", "%-m", "%h")


@dataclass(frozen=True, slots=True)
class DocDate:
    """A document date read from a cell or an argument, with the precision the text gave.

    Attributes:
        day: The day conversions use (the middle of a month or year given alone).
        precision: "day", "month" or "year".
        text: ISO 8601 text at that precision: "2019-03-12", "2019-03" or "2019".
        note: What the reader decided that the text did not say (None when nothing).

    """

    day: date
    precision: Precision
    text: str
    note: str | None = None

    @classmethod
    def of(cls, day: date) -> DocDate:
        """Return a full date (day precision) for ``day``.

        Example:
            >>> DocDate.of(date(2015, 9, 30)).text
            '2015-09-30'

        """
        return cls(day=day, precision="day", text=day.isoformat())


def _month(year: int, month: int, source: str) -> DocDate:
    day = date(year, month, 15)
    return DocDate(
        day=day,
        precision="month",
        text=f"{year:04d}-{month:02d}",
        note=f"date {source!r} names a month: converted at {day.isoformat()}, mid-month",
    )


def _year(year: int, source: str) -> DocDate:
    day = date(year, 7, 1)
    return DocDate(
        day=day,
        precision="year",
        text=f"{year:04d}",
        note=f"date {source!r} names a year: converted at {day.isoformat()}, mid-year",
    )


def _with_format(text: str, date_format: str) -> DocDate:
    parsed = datetime.strptime(text, date_format)
    if any(d in date_format for d in _DAY_DIRECTIVES):
        return DocDate.of(parsed.date())
    if any(d in date_format for d in _MONTH_DIRECTIVES):
        return _month(parsed.year, parsed.month, text)
    return _year(parsed.year, text)


def _free(text: str, dayfirst: bool) -> DocDate:
    """Read ``text`` with dateutil; tell the precision by parsing with two different defaults."""
    from dateutil import parser

    a = parser.parse(text, dayfirst=dayfirst, default=datetime(1, 1, 1))
    b = parser.parse(text, dayfirst=dayfirst, default=datetime(2, 2, 2))
    if a.year != b.year:
        raise ValueError("no year")
    if a.month != b.month:
        if a.day == b.day:
            raise ValueError("a day but no month")
        return _year(a.year, text)
    if a.day != b.day:
        return _month(a.year, a.month, text)
    day = a.date()
    note = None
    m = _NUMERIC_DMY.fullmatch(text)
    if m and not dayfirst:
        first, second = int(m.group(1)), int(m.group(2))
        if first != second and first <= 12 and second <= 12:
            note = (
                f"date {text!r} is ambiguous: read month first as {day.isoformat()} "
                "(dayfirst or a date format reads it otherwise)"
            )
    return DocDate(day=day, precision="day", text=day.isoformat(), note=note)


@functools.lru_cache(maxsize=8192)
def _parse_text(text: str, date_format: str | None, dayfirst: bool) -> DocDate:
    if date_format is not None:
        return _with_format(text, date_format)
    if _YEAR.fullmatch(text):
        return _year(int(text), text)
    ym = _YEAR_MONTH.fullmatch(text)
    if ym:
        return _month(int(ym.group(1)), int(ym.group(2)), text)
    try:
        return DocDate.of(date.fromisoformat(text))
    except ValueError:
        pass
    try:
        return DocDate.of(datetime.fromisoformat(text).date())
    except ValueError:
        pass
    return _free(text, dayfirst)


def _missing(raw: object) -> bool:
    if raw is None:
        return True
    if isinstance(raw, float):
        return math.isnan(raw)
    # pandas.NA / NaT without importing pandas: both refuse to be truth-tested or compare unequal
    return type(raw).__name__ in ("NAType", "NaTType")


def parse_doc_date(
    raw: object,
    *,
    column: str | None = None,
    date_format: str | None = None,
    dayfirst: bool = False,
) -> DocDate:
    """Read a document date from a cell or an argument.

    Args:
        raw: A ``date``, ``datetime`` (or pandas ``Timestamp``), an integer year, or text.
        column: Column the cell comes from, named in errors.
        date_format: A ``strftime`` format the text must follow ("%d/%m/%Y"); a format
            without a day reads a month, without a month a year.
        dayfirst: Read "03/04/2019" as 3 April (when no format is given).

    Returns:
        The date with its precision and a note on what the reader decided.

    Raises:
        ValueError: The value is empty or not a date; the message names it (and the column).

    Example:
        >>> parse_doc_date("March 12, 2019").text
        '2019-03-12'
        >>> d = parse_doc_date("2019")
        >>> d.precision, d.day.isoformat()
        ('year', '2019-07-01')
        >>> parse_doc_date("12/03/2019", dayfirst=True).text
        '2019-03-12'

    """
    where = f" in column {column!r}" if column else ""
    if _missing(raw):
        raise ValueError(f"empty date{where}")
    if isinstance(raw, datetime):
        return DocDate.of(raw.date())
    if isinstance(raw, date):
        return DocDate.of(raw)
    if isinstance(raw, bool):
        raise ValueError(f"{raw!r}{where} is not a date")
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="replace")
    text = str(raw).strip()
    if not text:
        raise ValueError(f"empty date{where}")
    if len(text) > _MAX_LEN:
        raise ValueError(f"unreadable date {text[:40]!r}...{where}: too long for a date")
    try:
        return _parse_text(text, date_format, dayfirst)
    except (ValueError, OverflowError) as exc:
        how = f"with the format {date_format!r}" if date_format else "as a date"
        raise ValueError(f"unreadable date {text!r}{where}: cannot read it {how} ({exc})") from None
