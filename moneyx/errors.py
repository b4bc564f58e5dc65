"""The exception hierarchy of moneyx, and nothing else."""

from __future__ import annotations

from datetime import date

__all__ = [
    "BatchError",
    "BurdenError",
    "DataError",
    "InvalidOptionError",
    "InvalidPeriodError",
    "InvalidRecordError",
    "MoneyxError",
    "NotInCirculationError",
    "NumberParseError",
    "RateNotFoundError",
    "ReferenceNotFoundError",
    "UnknownCurrencyError",
    "UnknownPlaceError",
    "UnresolvedCurrencyError",
]


class MoneyxError(Exception):
    """Base class of every error moneyx raises on purpose."""


class DataError(MoneyxError, ValueError):
    """A shipped or user-supplied data file (lexicon, rate table) is malformed."""

    def __init__(self, path: str, key: str, detail: str) -> None:
        super().__init__(path, key, detail)
        self.path, self.key, self.detail = path, key, detail

    def __str__(self) -> str:
        return f"{self.path}: {self.key}: {self.detail}"


class InvalidRecordError(MoneyxError, ValueError):
    """A record (Mention, Money) was built with inconsistent or unusable fields.

    Raised for a bad span, a range whose high end is below its low end, and an amount that is
    no finite number (NaN, infinity, text such as "abc").
    """


class NumberParseError(MoneyxError, ValueError):
    """A numeral could not be read as a number."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(text, reason)
        self.text, self.reason = text, reason

    def __str__(self) -> str:
        return f"invalid numeral {self.text!r}: {self.reason}"


class UnknownCurrencyError(MoneyxError, LookupError):
    """A currency code that moneyx does not know (not ISO 4217 or not in its data)."""

    def __init__(self, code: str, where: str = "") -> None:
        super().__init__(code, where)
        self.code, self.where = code, where

    def __str__(self) -> str:
        suffix = f" ({self.where})" if self.where else ""
        return f"unknown currency code {self.code!r}{suffix}"


class InvalidOptionError(MoneyxError, ValueError):
    """An argument has a value moneyx does not accept (names the option, the value, the choices).

    Raised for an unknown rate ``kind``, an unusable ``Policy`` field, and the like.
    """

    def __init__(self, option: str, value: object, detail: str) -> None:
        super().__init__(option, value, detail)
        self.option, self.value, self.detail = option, value, detail

    def __str__(self) -> str:
        return f"{self.option}={self.value!r}: {self.detail}"


class UnknownPlaceError(InvalidOptionError):
    """A place name that neither ``moneyx/data/nk_places.csv`` nor any table row knows."""

    def __init__(self, place: str, detail: str) -> None:
        super().__init__("place", place, detail)
        self.place = place

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.place, self.detail))


class RateNotFoundError(MoneyxError, LookupError):
    """No rate observation satisfies the lookup policy for this currency and date."""

    def __init__(
        self,
        currency: str,
        requested: date | None,
        first: date | None,
        last: date | None,
        detail: str = "",
    ) -> None:
        super().__init__(currency, requested, first, last, detail)
        self.currency, self.requested, self.first, self.last = currency, requested, first, last
        self.detail = detail

    def __str__(self) -> str:
        cover = (
            f"coverage {self.first.isoformat()}..{self.last.isoformat()}"
            if self.first and self.last
            else "no coverage at all"
        )
        asked = self.requested.isoformat() if self.requested else "no date"
        extra = f"; {self.detail}" if self.detail else ""
        return f"no {self.currency} rate for {asked} ({cover}){extra}"


class NotInCirculationError(RateNotFoundError):
    """An amount or target in a currency on a date when that currency did not circulate.

    ``first`` is the day the currency was introduced (``rates/eras.csv``); a North Korean won
    amount dated 1930 has no value in any won, so it is refused rather than converted silently.
    """

    def __init__(
        self,
        currency: str,
        requested: date | None,
        first: date | None,
        last: date | None = None,
        detail: str = "",
    ) -> None:
        super().__init__(currency, requested, first, last, detail)

    def __str__(self) -> str:
        asked = self.requested.isoformat() if self.requested else "no date"
        since = f"it circulates from {self.first.isoformat()}" if self.first else "no era known"
        until = f" to {self.last.isoformat()}" if self.last else ""
        extra = f"; {self.detail}" if self.detail else ""
        return f"no {self.currency} on {asked}: {since}{until}{extra}"


class UnresolvedCurrencyError(MoneyxError, ValueError):
    """A mention whose currency could not be decided was asked to be converted."""

    def __init__(self, text: str, candidates: tuple[str, ...] = ()) -> None:
        super().__init__(text, candidates)
        self.text, self.candidates = text, candidates

    def __str__(self) -> str:
        cands = "/".join(self.candidates) or "none"
        return (
            f"currency of {self.text!r} is unresolved (candidates: {cands}); "
            "pass default_currency= to extract_amounts"
        )


class BatchError(MoneyxError, ValueError):
    """A batch input row failed and the run was strict, or the run cannot start.

    ``row`` is None for problems of the whole input (a missing column, an unknown format, a
    resume that does not match), which are reported before any row is converted.
    """

    def __init__(self, row: int | str | None, column: str | None, cause: str) -> None:
        super().__init__(row, column, cause)
        self.row, self.column, self.cause = row, column, cause

    def __str__(self) -> str:
        where = [f"row {self.row}"] if self.row is not None else []
        if self.column:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.cause}" if where else self.cause


class BurdenError(MoneyxError, ValueError):
    """A burden ratio cannot be computed from the inputs given (names what and why)."""

    def __init__(self, what: str, detail: str) -> None:
        super().__init__(what, detail)
        self.what, self.detail = what, detail

    def __str__(self) -> str:
        return f"{self.what}: {self.detail}"


class InvalidPeriodError(BurdenError):
    """A wage period that is not a usable time unit (missing, 'household', 'hour')."""

    def __init__(self, per: str | None, detail: str) -> None:
        super().__init__("wage period" if per is None else f"period {per!r}", detail)
        self.per = per

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.per, self.detail))


class ReferenceNotFoundError(RateNotFoundError):
    """No row of a reference series (wages, rice) satisfies the lookup for a date and place."""

    def __init__(
        self,
        basis: str,
        requested: date | None,
        first: date | None,
        last: date | None,
        detail: str = "",
    ) -> None:
        super().__init__(basis, requested, first, last, detail)
        self.basis = basis

    def __str__(self) -> str:
        cover = (
            f"table covers {self.first.isoformat()}..{self.last.isoformat()}"
            if self.first and self.last
            else "no rows at all"
        )
        asked = self.requested.isoformat() if self.requested else "no date"
        extra = f"; {self.detail}" if self.detail else ""
        return f"no {self.basis} reference row for {asked} ({cover}){extra}"
