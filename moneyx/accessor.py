"""The ``.moneyx`` pandas accessor for notebooks: ``Series.moneyx`` and ``DataFrame.moneyx``.

Importing this module registers the accessor (``import moneyx.accessor``). The dependency runs
one way: the accessor calls ``moneyx.batch``, which knows nothing of it. ``import moneyx`` alone
never imports pandas, so it never registers anything.

The frames hold money twice: exact ``Decimal`` columns (``value``, ``usd``, ``kpw``, ...), in
plain notation, and beside each a ``float64`` column (``value_float``, ``usd_float``, ...) that
plots and aggregates directly. Dates are read as :mod:`moneyx.dates` reads them; a Series of
dates (one per text, aligned on the index) dates each text.

Example:
    >>> import pandas as pd
    >>> import moneyx.accessor
    >>> pd.Series(["nothing here"]).moneyx.extract().empty
    True

"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from moneyx.batch import convert_frame

if TYPE_CHECKING:  # pragma: no cover
    from moneyx.rates import RateStore

__all__ = ["MoneyxFrameAccessor", "MoneyxSeriesAccessor"]

_DECIMAL_COLUMNS = (
    "value",
    "high",
    "usd",
    "kpw",
    "usd_high",
    "kpw_high",
    "kpw_current",
    "kpw_current_high",
)


FLOAT_SUFFIX = "_float"


def _floats(values: list[Decimal | None], index: pd.Index) -> pd.Series:
    return pd.Series(
        [np.nan if v is None else float(v) for v in values], dtype="float64", index=index
    )


def _targets_columns(out: pd.DataFrame, to: str | Sequence[str]) -> None:
    """Add Decimal columns (and float twins) per target other than USD/KPW ("krw", "krw_high")."""
    codes = to.split(",") if isinstance(to, str) else list(to)
    others = [c.strip().upper() for c in codes if c.strip().upper() not in ("USD", "KPW")]
    for col, high in (("targets", ""), ("targets_high", "_high")):
        parsed = [
            dict(p.split(":", 1) for p in str(v).split(";") if ":" in p) if not pd.isna(v) else {}
            for v in out[col]
        ]
        for code in dict.fromkeys(others):
            values = [Decimal(d[code]) if d.get(code) else None for d in parsed]
            name = f"{code.lower()}{high}"
            out[name] = pd.Series(values, dtype=object, index=out.index)
            out[name + FLOAT_SUFFIX] = _floats(values, out.index)


def _with_decimals(
    out: pd.DataFrame, index: pd.Index, to: str | Sequence[str] = ("USD", "KPW")
) -> pd.DataFrame:
    """Turn the exact decimal text into Decimals, add a float column beside each, label rows.

    The text is plain notation (``format(d, "f")``), so the Decimals print plainly too: never
    ``1.0E+2``. Targets other than USD and KPW (``to``) get columns of their own.
    """
    out = out.copy()
    for col in _DECIMAL_COLUMNS:
        values = [None if pd.isna(v) else Decimal(v) for v in out[col].tolist()]
        out[col] = pd.Series(values, dtype=object, index=out.index)
        out.insert(list(out.columns).index(col) + 1, col + FLOAT_SUFFIX, _floats(values, out.index))
    _targets_columns(out, to)
    labels = [index[int(r)] for r in out["row"]]
    out.insert(0, "input_index", labels)
    return out


def _aligned_dates(dates: object, index: pd.Index) -> list[object]:
    """Return one date cell per label of ``index`` from a Series (by label) or a sequence.

    Raises:
        ValueError: The dates do not line up with the texts; the message says how.

    """
    if isinstance(dates, pd.Series):
        if dates.index.equals(index):
            return dates.tolist()
        if not dates.index.is_unique:
            raise ValueError(
                "doc_date: the Series of dates has repeated index labels, so it cannot be "
                "aligned with the texts; pass one date per text"
            )
        missing = index.difference(dates.index)
        if len(missing):
            shown = ", ".join(repr(v) for v in list(missing[:5]))
            raise ValueError(
                f"doc_date: the Series of dates has no date for {len(missing)} text label(s) "
                f"({shown}{', ...' if len(missing) > 5 else ''}); align it with the texts"
            )
        return dates.reindex(index).tolist()
    if isinstance(dates, np.ndarray | pd.Index) or (
        isinstance(dates, Sequence) and not isinstance(dates, str | bytes)
    ):
        cells = list(dates)
        if len(cells) != len(index):
            raise ValueError(
                f"doc_date: {len(cells)} dates for {len(index)} texts; pass one date per text"
            )
        return cells
    raise TypeError(
        f"doc_date: expected a date, text, Series or sequence, got {type(dates).__name__}"
    )


@pd.api.extensions.register_series_accessor("moneyx")
class MoneyxSeriesAccessor:
    """``series.moneyx``: extract money mentions from a Series of texts."""

    def __init__(self, series: pd.Series) -> None:
        self._series = series

    def extract(
        self,
        *,
        doc_date: _dt.date | str | pd.Series | Sequence[object] | None = None,
        date_format: str | None = None,
        dayfirst: bool = False,
        lang: str | None = None,
        default_currency: Mapping[str, str] | None = None,
        locale: str | None = None,
        rates: RateStore | None = None,
        include_status: bool = False,
        to: str | Sequence[str] = ("USD", "KPW"),
    ) -> pd.DataFrame:
        """Return one row per mention found in the Series (converted when ``doc_date`` is set).

        Args:
            doc_date: Date used to normalize the mentions: one date for every text (a date or
                text such as "2019-03-12" or "March 2019"), or a date per text: a Series
                aligned with this one by index labels (``df["published"]`` for
                ``df["body"]``), or a sequence as long as it. A text whose date is empty or
                unreadable keeps its mentions, unconverted, with a ``note``. None leaves
                ``usd``/``kpw`` empty.
            date_format: ``strftime`` format of the dates ("%d/%m/%Y").
            dayfirst: Read "03/04/2019" as 3 April.
            lang: Extraction language (default: from the text, as ``extract_amounts``).
            default_currency: Surface -> ISO code defaults, e.g. ``{"won": "KPW"}``.
            locale: Locale for ambiguous symbols.
            rates: Rate store (the shipped tables when None).
            include_status: Also keep the ``no_mentions``/``error`` status rows.
            to: Target currencies (default USD and KPW); each target other than USD/KPW gets
                Decimal columns named by its lower-case code (``krw``, ``krw_high``) and
                their float twins (``krw_float``, ``krw_high_float``).

        Returns:
            The ``moneyx.batch.OUTPUT_COLUMNS`` frame with money as ``Decimal`` (and a
            ``float64`` twin of each money column, ``usd_float`` beside ``usd``) and an
            ``input_index`` column holding the Series label each mention came from.

        Raises:
            ValueError: ``doc_date`` is a Series or sequence that does not line up with the
                texts, or one date for all that is not a date; or an invalid ``lang``,
                ``locale`` or ``default_currency``.
            TypeError: ``doc_date`` is of no type a date can be read from.

        Example:
            >>> import pandas as pd
            >>> import moneyx.accessor
            >>> pd.Series(["", "no amount"]).moneyx.extract(include_status=True)["status"].tolist()
            ['error', 'no_mentions']
            >>> df = pd.DataFrame({"body": ["Rice cost 300 yuan."], "published": ["2015-09-30"]})
            >>> df["body"].moneyx.extract(doc_date=df["published"])[["text", "usd_float"]].round(2)
                   text  usd_float
            0  300 yuan       47.2

        """
        name = "text"
        frame = pd.DataFrame({name: self._series.to_numpy(dtype=object)})
        date_col = None
        if doc_date is not None and not isinstance(doc_date, str | _dt.date):
            date_col = "date"
            frame[date_col] = pd.Series(_aligned_dates(doc_date, self._series.index), dtype=object)
            doc_date = None
        out = convert_frame(
            frame,
            text_col=name,
            date_col=date_col,
            date=doc_date,
            date_format=date_format,
            dayfirst=dayfirst,
            lang=lang,
            default_currency=default_currency,
            locale=locale,
            rates=rates,
            to=to,
        )
        if not include_status:
            out = out[out["status"] == "ok"].reset_index(drop=True)
        return _with_decimals(out, self._series.index, to)


@pd.api.extensions.register_dataframe_accessor("moneyx")
class MoneyxFrameAccessor:
    """``frame.moneyx``: convert a frame of documents into a frame of mentions."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self._frame = frame

    def convert(
        self,
        *,
        text: str = "text",
        date: str | None = None,
        id: str | None = None,  # noqa: A002 - mirrors the CLI's --id-col in a short form
        doc_date: _dt.date | str | None = None,
        date_format: str | None = None,
        dayfirst: bool = False,
        lang: str | None = None,
        default_currency: Mapping[str, str] | None = None,
        locale: str | None = None,
        rates: RateStore | None = None,
        include_status: bool = True,
        to: str | Sequence[str] = ("USD", "KPW"),
    ) -> pd.DataFrame:
        """Return the batch output for this frame: one row per mention plus status rows.

        Args:
            text: Column holding the text.
            date: Column holding each document's date.
            id: Column holding a document id (copied to ``doc_id``).
            doc_date: Fixed date for every row (fills empty cells of ``date``).
            date_format: ``strftime`` format of the ``date`` cells ("%d/%m/%Y").
            dayfirst: Read "03/04/2019" as 3 April.
            lang: Extraction language (default: from the text, as ``extract_amounts``).
            default_currency: Surface -> ISO code defaults.
            locale: Locale for ambiguous symbols.
            rates: Rate store (the shipped tables when None).
            include_status: Keep the ``no_mentions``/``error`` rows (as ``convert_file`` does).
            to: Target currencies (default USD and KPW); each target other than USD/KPW gets
                Decimal columns named by its lower-case code (``krw``, ``krw_high``) and
                their float twins (``krw_float``, ``krw_high_float``).

        Returns:
            The ``moneyx.batch.OUTPUT_COLUMNS`` frame with money as ``Decimal`` (and a
            ``float64`` twin of each money column) and an ``input_index`` column holding the
            frame label of each row.

        Raises:
            BatchError: A named column is missing (the message lists the columns present).
            ValueError: ``doc_date`` is not a date, or an invalid ``lang``, ``locale`` or
                ``default_currency``.

        Example:
            >>> import pandas as pd
            >>> import moneyx.accessor
            >>> df = pd.DataFrame({"text": ["nothing"], "date": ["2015-09-30"]})
            >>> df.moneyx.convert(text="text", date="date")["status"].tolist()
            ['no_mentions']

        """
        out = convert_frame(
            self._frame.reset_index(drop=True),
            text_col=text,
            date_col=date,
            id_col=id,
            date=doc_date,
            date_format=date_format,
            dayfirst=dayfirst,
            lang=lang,
            default_currency=default_currency,
            locale=locale,
            rates=rates,
            to=to,
        )
        if not include_status:
            out = out[out["status"] == "ok"].reset_index(drop=True)
        return _with_decimals(out, self._frame.index, to)
