"""The ``.moneyx`` pandas accessor for notebooks: ``Series.moneyx`` and ``DataFrame.moneyx``.

Importing this module registers the accessor (``import moneyx.accessor``); so does importing
``moneyx.batch`` (which ``moneyx.convert_file`` does). ``import moneyx`` alone never imports
pandas, so it never registers anything.

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

import pandas as pd

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


def _targets_columns(out: pd.DataFrame, to: Sequence[str]) -> None:
    """Add one Decimal column per target other than USD/KPW ("krw", "krw_high", ...)."""
    others = [c.strip().upper() for c in to if c.strip().upper() not in ("USD", "KPW")]
    for col, high in (("targets", ""), ("targets_high", "_high")):
        parsed = [
            dict(p.split(":", 1) for p in str(v).split(";") if ":" in p) if not pd.isna(v) else {}
            for v in out[col]
        ]
        for code in others:
            out[f"{code.lower()}{high}"] = pd.Series(
                [Decimal(d[code]) if d.get(code) else None for d in parsed],
                dtype=object,
                index=out.index,
            )


def _with_decimals(
    out: pd.DataFrame, index: pd.Index, to: Sequence[str] = ("USD", "KPW")
) -> pd.DataFrame:
    """Turn the exact decimal text back into Decimal objects; label rows with the input index."""
    out = out.copy()
    for col in _DECIMAL_COLUMNS:
        out[col] = pd.Series(
            [None if pd.isna(v) else Decimal(v) for v in out[col]], dtype=object, index=out.index
        )
    _targets_columns(out, [to] if isinstance(to, str) else list(to))
    labels = [index[int(r)] for r in out["row"]]
    out.insert(0, "input_index", labels)
    return out


@pd.api.extensions.register_series_accessor("moneyx")
class MoneyxSeriesAccessor:
    """``series.moneyx``: extract money mentions from a Series of texts."""

    def __init__(self, series: pd.Series) -> None:
        self._series = series

    def extract(
        self,
        *,
        doc_date: _dt.date | str | None = None,
        lang: str = "en",
        default_currency: Mapping[str, str] | None = None,
        locale: str | None = None,
        rates: RateStore | None = None,
        include_status: bool = False,
        to: str | Sequence[str] = ("USD", "KPW"),
    ) -> pd.DataFrame:
        """Return one row per mention found in the Series (converted when ``doc_date`` is set).

        Args:
            doc_date: Date used to normalize every mention; None leaves ``usd``/``kpw`` empty.
            lang: Extraction language.
            default_currency: Surface -> ISO code defaults, e.g. ``{"won": "KPW"}``.
            locale: Locale for ambiguous symbols.
            rates: Rate store (the shipped tables when None).
            include_status: Also keep the ``no_mentions``/``error`` status rows.
            to: Target currencies (default USD and KPW); each target other than USD/KPW gets
                Decimal columns named by its lower-case code (``krw``, ``krw_high``).

        Returns:
            The ``moneyx.batch.OUTPUT_COLUMNS`` frame with money as ``Decimal`` and an
            ``input_index`` column holding the Series label each mention came from.

        Example:
            >>> import pandas as pd
            >>> import moneyx.accessor
            >>> pd.Series(["", "no amount"]).moneyx.extract(include_status=True)["status"].tolist()
            ['error', 'no_mentions']

        """
        from moneyx.batch import convert_frame

        name = "text"
        frame = pd.DataFrame({name: self._series.to_numpy(dtype=object)})
        out = convert_frame(
            frame,
            text_col=name,
            date=doc_date,
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
        lang: str = "en",
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
            lang: Extraction language.
            default_currency: Surface -> ISO code defaults.
            locale: Locale for ambiguous symbols.
            rates: Rate store (the shipped tables when None).
            include_status: Keep the ``no_mentions``/``error`` rows (as ``convert_file`` does).
            to: Target currencies (default USD and KPW); each target other than USD/KPW gets
                Decimal columns named by its lower-case code (``krw``, ``krw_high``).

        Returns:
            The ``moneyx.batch.OUTPUT_COLUMNS`` frame with money as ``Decimal`` and an
            ``input_index`` column holding the frame label of each row.

        Raises:
            BatchError: A named column is missing (the message lists the columns present).

        Example:
            >>> import pandas as pd
            >>> import moneyx.accessor
            >>> df = pd.DataFrame({"text": ["nothing"], "date": ["2015-09-30"]})
            >>> df.moneyx.convert(text="text", date="date")["status"].tolist()
            ['no_mentions']

        """
        from moneyx.batch import convert_frame

        out = convert_frame(
            self._frame.reset_index(drop=True),
            text_col=text,
            date_col=date,
            id_col=id,
            date=doc_date,
            lang=lang,
            default_currency=default_currency,
            locale=locale,
            rates=rates,
            to=to,
        )
        if not include_status:
            out = out[out["status"] == "ok"].reset_index(drop=True)
        return _with_decimals(out, self._frame.index, to)
