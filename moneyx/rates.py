"""RateStore: load the rate tables and look up a rate on a date under an explicit policy.

Tables (tidy CSV, one observation per row) ship in ``moneyx/_rates`` and are described in its
``SOURCES.toml``. Every rate is **units of ``currency`` in its current unit per one unit of
``base``** (``base`` is USD unless the row is a direct cross such as KPW per CNY). Amounts written
in an older unit (old won before 2009-11-30) are brought to current units with
:mod:`moneyx.eras` before a rate is applied.

Lookup policy (:class:`Policy`): ``PREVIOUS`` (default) takes the latest observation starting on or
before the date, ``NEAREST`` the closest one on either side, ``EXACT`` only an observation covering
the date. An observation with a period (a month, a year) covers every day of it; its age is counted
from the end of the period. ``max_age`` bounds the age; when it is None the default of the series
applies:

* daily FX series (FRED H.10, ECB, Bank of Russia): :data:`DAILY_MAX_AGE` = 7 days (a weekend plus
  holidays; a longer gap means the table has no quote, not that the rate stood still);
* KPW market series (Daily NK survey about every two weeks since 2009, sparse before):
  :data:`SPARSE_MAX_AGE` = 92 days (about three months);
* KPW official and semi-official rates (rarely reported, fixed for years): :data:`OFFICIAL_MAX_AGE`
  = 1,096 days (three years).

Rows flagged in the tables (``outlier``, ``implied`` writer's conversions, the ``converter`` figure
of 900 KPW/USD, ``estimate`` rules of thumb, ``undated`` rows whose year the source does not show,
``low_reliability`` sources) are skipped unless ``Policy.allow_flags`` names them. On a date with
several rows (cities, providers) the lookup without ``place`` prefers, in order: rows a user added,
day observations over periods, Pyongyang, Sinuiju, Hyesan, no city named, other places; then Daily
NK's survey, Daily NK articles, Asia Press, others.

Out of coverage: a policy is strict by default (``Policy(strict=True)``): a conversion that needs
a rate the tables do not have under the policy raises :class:`~moneyx.errors.RateNotFoundError`,
whatever the currency. ``Policy(strict=False)`` (lenient) makes :func:`moneyx.normalize` return
``None`` for that figure with the reason in ``note`` instead. The rule is the same for every
currency; batch conversion uses the lenient policy so that a mention is never lost.

Conflicting sources: the KPW tables hold several sources for the same days, and where two
disagree (the KPW supplement's Asia Press figures against the Daily NK survey in 2019 and 2025, for
instance) both rows stay in the tables. The order above decides which one a lookup returns; the
quote lists in ``RateQuote.conflicts`` every observation of the same series (same kind, place
filter and flags) from another source within :data:`CONFLICT_WINDOW` (14 days, about one survey
interval) of the one used whose value lies more than :data:`CONFLICT_TOLERANCE` (3%, above the
usual spread between surveyed cities) away from it for a market rate, or differs at all for an
official rate (a posted rate has one value). The FX tables never overlap (each day comes from one
provider), so their quotes have no conflicts.

Example:
    >>> store = RateStore.default()
    >>> q = store.lookup("CNY", "2015-09-30")
    >>> q.units_per_usd, q.observed.isoformat(), q.provider
    (Decimal('6.3556'), '2015-09-30', 'Federal Reserve H.10')

"""

from __future__ import annotations

import enum
import functools
import re
import threading
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from importlib import resources
from os import PathLike
from typing import Any

import numpy as np
import pandas as pd

from moneyx import places
from moneyx.eras import era_of
from moneyx.errors import (
    DataError,
    InvalidOptionError,
    RateNotFoundError,
    UnknownCurrencyError,
    UnknownPlaceError,
)
from moneyx.model import RateQuote

__all__ = [
    "CONFLICT_TOLERANCE",
    "CONFLICT_WINDOW",
    "DAILY_MAX_AGE",
    "FLAGS",
    "KINDS",
    "LENIENT",
    "OFFICIAL_MAX_AGE",
    "SPARSE_MAX_AGE",
    "LookupPolicy",
    "Policy",
    "RateStore",
    "default_max_age",
    "parse_day",
]

DAILY_MAX_AGE = timedelta(days=7)
SPARSE_MAX_AGE = timedelta(days=92)
OFFICIAL_MAX_AGE = timedelta(days=1096)
CONFLICT_WINDOW = timedelta(days=14)
"""Observations of another source this close to the quote used are compared with it."""
CONFLICT_TOLERANCE = Decimal("0.03")
"""Relative difference above which another source's observation counts as a conflict."""
KINDS = ("market", "official", "semi-official", "reference")
"""Rate kinds of the shipped tables (``kind=`` accepts these and any kind a user's rows add)."""
FLAGS = frozenset({"outlier", "implied", "converter", "estimate", "undated", "low_reliability"})
"""Row flags a policy may allow (``Policy(allow_flags=...)``); lookups skip flagged rows else."""

_ISO = re.compile(r"^[A-Z]{3}$")
_COLUMNS = (
    "date",
    "date_end",
    "currency",
    "base",
    "units",
    "units_high",
    "kind",
    "provider",
    "source",
    "place",
    "precision",
    "flag",
    "tier",
)
_PLACE_RANK = {"pyongyang": 0, "sinuiju": 1, "hyesan": 2, "": 3}
_PROVIDER_RANK = {"Daily NK (sheet)": 0, "Daily NK (article)": 1, "Asia Press": 2}
_EPOCH = date(1970, 1, 1)


class LookupPolicy(enum.Enum):
    """How to pick an observation for a date."""

    EXACT = "exact"
    """Only an observation covering the date itself."""
    PREVIOUS = "previous"
    """The latest observation starting on or before the date, within ``max_age``."""
    NEAREST = "nearest"
    """The closest observation before or after the date, within ``max_age`` (ties: earlier)."""


def _max_age(value: object) -> timedelta | None:
    if value is None or isinstance(value, timedelta):
        age = value
    elif isinstance(value, int) and not isinstance(value, bool):
        age = timedelta(days=value)
    else:
        raise InvalidOptionError(
            "max_age",
            value,
            "give a datetime.timedelta or a whole number of days (e.g. 7), or None for the "
            "series default",
        )
    if age is not None and age < timedelta(0):
        raise InvalidOptionError("max_age", value, "must not be negative")
    return age


def _mode(value: object) -> LookupPolicy:
    if isinstance(value, LookupPolicy):
        return value
    if isinstance(value, str):
        try:
            return LookupPolicy(value.strip().lower())
        except ValueError:
            pass
    choices = ", ".join(m.value for m in LookupPolicy)
    raise InvalidOptionError("mode", value, f"choose one of {choices} (or a LookupPolicy)")


@dataclass(frozen=True, slots=True, kw_only=True)
class Policy:
    """A rate lookup policy.

    Attributes:
        mode: EXACT, PREVIOUS (default) or NEAREST (a ``LookupPolicy`` or its name).
        max_age: Largest accepted distance between the date and the observation (counted from
            the end of a period observation): a ``timedelta`` or a whole number of days; None =
            the series default (see module docstring).
        interpolate: For PREVIOUS/NEAREST, interpolate linearly in time between the observations
            around a date that none covers (meant for sparse series; both must be within max_age).
        allow_flags: Table flags to accept (see :data:`FLAGS`); none by default.
        strict: True (default): a rate the tables lack under the policy raises
            ``RateNotFoundError``. False (lenient): ``normalize`` returns None for that figure
            with the reason in ``note``.

    Raises:
        InvalidOptionError: A field has a value the policy cannot use.

    Example:
        >>> Policy(max_age=timedelta(days=3)).describe()
        'previous(max_age=3d)'
        >>> Policy(max_age=7, strict=False).describe()
        'previous(max_age=7d, lenient)'

    """

    mode: LookupPolicy = LookupPolicy.PREVIOUS
    max_age: timedelta | None = None
    interpolate: bool = False
    allow_flags: frozenset[str] = field(default_factory=frozenset)
    strict: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "mode", _mode(self.mode))
        object.__setattr__(self, "max_age", _max_age(self.max_age))
        if not isinstance(self.interpolate, bool):
            raise InvalidOptionError("interpolate", self.interpolate, "must be True or False")
        if not isinstance(self.strict, bool):
            raise InvalidOptionError("strict", self.strict, "must be True or False")
        flags = self.allow_flags
        if isinstance(flags, str):
            flags = (flags,)
        try:
            flags = frozenset(flags)
        except TypeError:
            raise InvalidOptionError(
                "allow_flags", self.allow_flags, "give a set of flag names"
            ) from None
        unknown = sorted(str(f) for f in flags - FLAGS)
        if unknown:
            raise InvalidOptionError(
                "allow_flags", self.allow_flags, f"unknown {unknown}; known: {sorted(FLAGS)}"
            )
        object.__setattr__(self, "allow_flags", flags)

    def effective_max_age(self, currency: str, kind: str | None) -> timedelta:
        """Return ``max_age`` or, when None, the default for the series."""
        return self.max_age if self.max_age is not None else default_max_age(currency, kind)

    def describe(self, max_age: timedelta | None = None) -> str:
        """Return a short text such as ``previous(max_age=7d)`` for quotes and logs."""
        return _describe(self, max_age)


@functools.lru_cache(maxsize=256)
def _describe(policy: Policy, max_age: timedelta | None) -> str:
    """Describe a policy (cached: every quote carries the text)."""
    age = max_age if max_age is not None else policy.max_age
    parts = [] if age is None else [f"max_age={age.days}d"]
    if policy.interpolate:
        parts.append("interpolate")
    if policy.allow_flags:
        parts.append("flags=" + "+".join(sorted(policy.allow_flags)))
    if not policy.strict:
        parts.append("lenient")
    return f"{policy.mode.value}({', '.join(parts)})"


DEFAULT_POLICY = Policy()
LENIENT = Policy(strict=False)
"""The default policy, lenient: a missing rate gives None and a reason instead of an error."""


def default_max_age(currency: str, kind: str | None) -> timedelta:
    """Return the default ``max_age`` of a series.

    Args:
        currency: The quoted currency.
        kind: The kind asked for (None = any).

    Returns:
        7 days for daily FX, 92 days for KPW market rates, 3 years for KPW official rates.

    Example:
        >>> default_max_age("KPW", "market").days, default_max_age("CNY", None).days
        (92, 7)

    """
    if currency == "KPW":
        return SPARSE_MAX_AGE if kind in (None, "market") else OFFICIAL_MAX_AGE
    return DAILY_MAX_AGE


def parse_day(value: date | str) -> date:
    """Return ``value`` as a date (accepts a ``date`` or an ISO ``YYYY-MM-DD`` string).

    Args:
        value: The date.

    Returns:
        The date.

    Raises:
        ValueError: ``value`` is not a date nor an ISO date string.
        TypeError: ``value`` is None or another type.

    Example:
        >>> parse_day("2015-09-30")
        datetime.date(2015, 9, 30)

    """
    if isinstance(value, datetime):  # pandas.Timestamp is a datetime too
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError as exc:
            raise ValueError(f"invalid date {value!r}: expected YYYY-MM-DD") from exc
    raise TypeError(f"a date or ISO date string is required, got {type(value).__name__}")


def _ordinal(day: date) -> int:
    return (day - _EPOCH).days


def _from_ordinal(n: int) -> date:
    return _EPOCH + timedelta(days=int(n))


def place_matches(row_place: str, wanted: str) -> bool:
    """Return whether a table place ("Pyongyang / Hyesan") names the place asked for.

    Same as :func:`moneyx.places.label_matches` (aliases such as "Yanggang" count).

    Example:
        >>> place_matches("Pyongyang / Hyesan", "hyesan"), place_matches("Sinuiju", "Hyesan")
        (True, False)

    """
    return places.label_matches(row_place, wanted)


@dataclass(frozen=True, slots=True)
class _Series:
    """One deduplicated, date-sorted series (currency per base, filtered by kind/place/flags)."""

    currency: str
    base: str
    kind: str | None
    place: str | None
    starts: np.ndarray  # int64 day ordinals since 1970-01-01, strictly increasing
    ends: np.ndarray  # int64 day ordinals, >= starts
    values: tuple[Decimal, ...]
    frame: pd.DataFrame  # the rows (metadata), aligned with starts
    kinds: tuple[str, ...]
    sources: tuple[str, ...]
    providers: tuple[str, ...]
    places: tuple[str, ...]
    highs: tuple[Decimal | None, ...] = ()
    # every row before the one-per-date choice (conflicts are looked for among them); empty
    # when the series has a single source
    all_starts: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    all_rows: tuple[tuple[str, str, str, str, Decimal, Decimal | None, int, int], ...] = ()
    conflict_rows: tuple[tuple[int, ...], ...] = ()  # per row: indices into all_rows

    def __len__(self) -> int:
        return len(self.values)

    def first(self) -> date | None:
        return _from_ordinal(self.starts[0]) if len(self) else None

    def last(self) -> date | None:
        return _from_ordinal(self.ends[-1]) if len(self) else None


def _read_table(text_or_path: Any, where: str) -> pd.DataFrame:
    try:
        return pd.read_csv(text_or_path, dtype=str, keep_default_na=False, na_values=[])
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        raise DataError(where, "file", f"cannot read CSV: {exc}") from exc


def _tidy(df: pd.DataFrame, where: str, defaults: Mapping[str, str], tier: int) -> pd.DataFrame:
    """Bring a table in any accepted layout to the store's columns; validate it."""
    cols = set(df.columns)
    for need in ("date", "currency"):
        if need not in cols:
            raise DataError(where, need, "required column missing")
    out = pd.DataFrame(index=df.index)
    if "units_per_usd" in cols and "units_per_base" not in cols:
        out["units"] = df["units_per_usd"].astype(str)
        out["base"] = "USD"
    elif "units_per_base" in cols:
        out["units"] = df["units_per_base"].astype(str)
        out["base"] = df["base"].astype(str) if "base" in cols else "USD"
    else:
        raise DataError(where, "units_per_usd", "need units_per_usd or base + units_per_base")
    out["currency"] = df["currency"].astype(str).str.strip().str.upper()
    out["base"] = out["base"].str.strip().str.upper().replace("", "USD")
    try:
        starts = pd.to_datetime(df["date"], format="%Y-%m-%d")
    except (ValueError, TypeError) as exc:
        raise DataError(where, "date", f"dates must be YYYY-MM-DD: {exc}") from exc
    if "date_end" in cols:
        end_text = df["date_end"].astype(str).str.strip()
        try:
            ends = pd.to_datetime(end_text.where(end_text != "", None), format="%Y-%m-%d")
        except (ValueError, TypeError) as exc:
            raise DataError(where, "date_end", f"dates must be YYYY-MM-DD: {exc}") from exc
        ends = ends.fillna(starts)
    else:
        ends = starts
    if bool((ends < starts).any()):
        bad = int(np.flatnonzero((ends < starts).to_numpy())[0])
        raise DataError(where, f"row {bad + 2}", "date_end before date")
    out["date"] = starts.to_numpy(dtype="datetime64[D]").astype(np.int64)
    out["date_end"] = ends.to_numpy(dtype="datetime64[D]").astype(np.int64)
    for name in (
        "kind",  # not-lexicon: column names
        "provider",
        "source",
        "place",
        "precision",
        "flag",
    ):
        if name in cols:
            col = df[name].astype(str).str.strip()
            default = defaults.get(name, "")
            out[name] = col.where(col != "", default) if default else col
        else:
            out[name] = defaults.get(name, "")
    out["units_high"] = (
        df["units_per_base_high"].astype(str) if "units_per_base_high" in cols else ""
    )
    out["tier"] = tier
    bad_code = ~out["currency"].str.match(r"^[A-Z]{3}$") | ~out["base"].str.match(r"^[A-Z]{3}$")
    if bool(bad_code.any()):
        i = int(np.flatnonzero(bad_code.to_numpy())[0])
        raise DataError(where, f"row {i + 2}", f"bad ISO code {out['currency'].iat[i]!r}")
    return out[list(_COLUMNS)].reset_index(drop=True)


def _to_decimal(text: str, where: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise DataError(where, "units_per_base", f"not a number: {text!r}") from exc
    if not value.is_finite() or value <= 0:
        raise DataError(where, "units_per_base", f"rate must be positive, got {text!r}")
    return value


def _high(text: str, where: str) -> Decimal | None:
    return _to_decimal(text, where) if text else None


def _apart(
    a_low: Decimal, a_high: Decimal, b_low: Decimal, b_high: Decimal, tolerance: Decimal
) -> bool:
    """Whether two values (or ranges) lie more than ``tolerance`` (relative) apart."""
    if b_low > a_high:
        return (b_low - a_high) > tolerance * a_high
    if a_low > b_high:
        return (a_low - b_high) > tolerance * a_low
    return False


def _conflict_rows(
    currency: str,
    kinds: tuple[str, ...],
    sources: tuple[str, ...],
    providers: tuple[str, ...],
    starts: np.ndarray,
    ends: np.ndarray,
    values: tuple[Decimal, ...],
    highs: tuple[Decimal | None, ...],
    all_starts: np.ndarray,
    all_rows: tuple[tuple[str, str, str, str, Decimal, Decimal | None, int, int], ...],
) -> tuple[tuple[int, ...], ...]:
    """For each row of a series, the rows of other sources that disagree with it (docstring)."""
    if not all_rows:
        return ()
    window = CONFLICT_WINDOW.days
    longest = max(b - a for *_rest, a, b in all_rows)
    out: list[tuple[int, ...]] = []
    for i in range(len(values)):
        start, end = int(starts[i]), int(ends[i])
        low, top = values[i], highs[i] or values[i]
        # market rates differ between cities and days; a posted (official) rate has one value
        tolerance = CONFLICT_TOLERANCE if kinds[i] == "market" else Decimal(0)
        era = era_of(currency, _from_ordinal(start))  # a figure in another won is no conflict
        lo = int(np.searchsorted(all_starts, start - window - longest, side="left"))
        hi = int(np.searchsorted(all_starts, end + window, side="right"))
        found = []
        for k in range(lo, hi):
            src, prov, _plc, _knd, value, vhigh, a, b = all_rows[k]
            if b < start - window or src == sources[i]:
                continue
            if prov == providers[i] and prov not in ("other", "user", ""):
                continue
            if not _apart(low, top, value, vhigh or value, tolerance):
                continue
            if era_of(currency, _from_ordinal(a)) != era:
                continue
            found.append(k)
        out.append(tuple(found))
    return tuple(out)


def _conflicts(series: _Series, quote: RateQuote, i: int) -> tuple[RateQuote, ...]:
    """Return the conflicting observations of row ``i`` as quotes (see the module docstring)."""
    out = []
    for k in series.conflict_rows[i]:
        src, prov, plc, knd, value, vhigh, a, b = series.all_rows[k]
        out.append(
            RateQuote(
                currency=quote.currency,
                base=quote.base,
                requested=quote.requested,
                observed=_from_ordinal(a),
                observed_end=_from_ordinal(b) if b != a else None,
                units_per_base=value,
                units_high=vhigh,
                kind=knd,
                source=src,
                provider=prov,
                place=plc or None,
                policy="conflict",
            )
        )
    return tuple(out)


class RateStore:
    """Rate tables in memory with a date-aware lookup.

    Build one with :meth:`default` (the shipped tables, cached), :meth:`from_csv` or
    :meth:`from_frame` (your rows merged over the shipped ones). A store is immutable once built;
    the series it derives are cached per (currency, base, kind, place, flags).
    """

    def __init__(self, table: pd.DataFrame, *, origin: str = "") -> None:
        """Wrap an already tidy table (use the class methods instead)."""
        self._table = table
        self._origin = origin
        self._groups: dict[tuple[str, str], np.ndarray] = {}
        pairs = table["currency"] + "/" + table["base"]
        for key, idx in pairs.groupby(pairs, sort=False).indices.items():
            currency, base = str(key).split("/")
            self._groups[(currency, base)] = np.asarray(idx)
        self._cache: dict[tuple[object, ...], _Series] = {}
        self._lock = threading.Lock()
        self._codes = frozenset(table["currency"]) | frozenset(table["base"])
        self._kinds = frozenset(KINDS) | frozenset(k for k in table["kind"] if k)
        self._places = frozenset(p for p in table["place"] if p)

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def default(cls) -> RateStore:
        """Return the store of the shipped tables (loaded once per process).

        Returns:
            The shared store.

        Raises:
            DataError: A shipped table is malformed.

        Example:
            >>> RateStore.default() is RateStore.default()
            True

        """
        return _default_store()

    @classmethod
    def from_frame(
        cls, df: pd.DataFrame, *, merge: bool = True, name: str = "<frame>"
    ) -> RateStore:
        """Build a store from your rows, merged over the shipped tables.

        The frame needs ``date`` (YYYY-MM-DD), ``currency`` and ``units_per_usd``, or ``base`` and
        ``units_per_base``; optional columns are ``date_end``, ``kind``, ``provider``, ``source``,
        ``place``, ``flag``. A row without ``kind`` is a ``market`` rate for KPW (the kind KPW
        lookups use by default) and a ``reference`` rate otherwise. On a date where both have a
        row for the same series, yours wins.

        Args:
            df: The rows.
            merge: Merge over the shipped tables (default) or use only these rows.
            name: Name used in error messages.

        Returns:
            A new store.

        Raises:
            DataError: A column is missing or a value is invalid.

        Example:
            >>> import pandas as pd
            >>> mine = pd.DataFrame({"date": ["2015-09-30"], "currency": ["CNY"],
            ...                      "units_per_usd": ["6.40"], "source": ["my bank"]})
            >>> RateStore.from_frame(mine).lookup("CNY", "2015-09-30").units_per_usd
            Decimal('6.40')

        """
        text = df.astype(str).replace({"nan": "", "None": "", "NaT": ""})
        user = _tidy(text, name, {"provider": "user", "source": name}, tier=0)
        unset = user["kind"] == ""
        user.loc[unset & (user["currency"] == "KPW"), "kind"] = "market"
        user.loc[unset & (user["currency"] != "KPW"), "kind"] = "reference"
        for i, raw in enumerate(user["units"]):
            _to_decimal(raw, f"{name}:row {i + 2}")
        table = pd.concat([user, _default_store()._table], ignore_index=True) if merge else user
        return cls(table, origin=name)

    @classmethod
    def from_csv(cls, path: str | PathLike[str], *, merge: bool = True) -> RateStore:
        r"""Build a store from a CSV file in the rates schema, merged over the shipped tables.

        Args:
            path: CSV file (see :meth:`from_frame` for the columns).
            merge: Merge over the shipped tables (default) or use only this file.

        Returns:
            A new store.

        Raises:
            DataError: The file cannot be read, a column is missing or a value is invalid.

        Example:
            >>> import tempfile, os
            >>> d = tempfile.mkdtemp(); p = os.path.join(d, "mine.csv")
            >>> _ = open(p, "w").write("date,currency,units_per_usd\n2030-01-02,CNY,7.1\n")
            >>> RateStore.from_csv(p).lookup("CNY", "2030-01-03").units_per_usd
            Decimal('7.1')

        """
        df = _read_table(path, str(path))
        return cls.from_frame(df, merge=merge, name=str(path))

    # -- series -------------------------------------------------------------------------------

    def currencies(self) -> tuple[str, ...]:
        """Return the sorted currency codes quoted against USD in the tables.

        Example:
            >>> {"CNY", "KPW", "KRW", "RUB", "THB"} <= set(RateStore.default().currencies())
            True

        """
        return tuple(sorted({c for c, b in self._groups if b == "USD"} | {"USD"}))

    def has_series(self, currency: str, base: str = "USD") -> bool:
        """Return whether any row quotes ``currency`` per ``base``."""
        return (currency, base) in self._groups

    def check_currency(self, currency: object, what: str = "currency") -> str:
        """Return ``currency`` as an upper-case ISO code the tables or moneyx know, else raise.

        Args:
            currency: The code ("KRW", "krw").
            what: The argument's name, for the message.

        Returns:
            The upper-case code.

        Raises:
            UnknownCurrencyError: Neither ``moneyx/data/currencies.toml`` nor the tables know it.

        Example:
            >>> RateStore.default().check_currency("krw")
            'KRW'

        """
        if isinstance(currency, str) and currency in self._codes:
            return currency  # the common case: an upper-case code the tables quote
        from moneyx.lexicon import currencies

        code = currency.strip().upper() if isinstance(currency, str) else ""
        if code and (code in currencies() or code in self._codes):
            return code
        raise UnknownCurrencyError(
            str(currency), f"{what}: not an ISO 4217 code moneyx or the rate tables know"
        )

    def check_kind(self, kind: object) -> str | None:
        """Return ``kind`` when it is a rate kind of the tables (or None), else raise.

        Raises:
            InvalidOptionError: Not one of :data:`KINDS` nor a kind a user's rows carry.

        Example:
            >>> RateStore.default().check_kind("official")
            'official'

        """
        if kind is None:
            return None
        if isinstance(kind, str) and kind in self._kinds:
            return kind
        raise InvalidOptionError("kind", kind, f"choose one of {', '.join(sorted(self._kinds))}")

    def place_labels(self, currency: str | None = None, base: str | None = None) -> frozenset[str]:
        """Return the place labels of the rows (of one currency pair when given).

        Example:
            >>> "Hyesan" in RateStore.default().place_labels("KPW", "CNY")
            True

        """
        if currency is None:
            return self._places
        idx = self._groups.get((currency, base or "USD"))
        if idx is None:
            return frozenset()
        return frozenset(p for p in self._table["place"].iloc[idx] if p)

    def check_place(self, place: object) -> str:
        """Return ``place`` stripped when ``nk_places.csv`` or a table row knows it, else raise.

        Raises:
            UnknownPlaceError: Nothing knows the name (the message lists the known cities).

        Example:
            >>> RateStore.default().check_place("Hyesan")
            'Hyesan'

        """
        if not isinstance(place, str):
            raise UnknownPlaceError(str(place), "a place is a name such as 'Hyesan'")
        return places.check_place(place, self._places)

    def series(
        self,
        currency: str,
        base: str = "USD",
        *,
        kind: str | None = None,
        place: str | None = None,
        allow_flags: frozenset[str] = frozenset(),
        labels: frozenset[str] | None = None,
    ) -> _Series:
        """Return the deduplicated series for a currency pair (cached; internal helper).

        ``place`` keeps the rows whose label names that place; ``labels`` keeps the rows whose
        label is one of those exactly (a fallback step of :func:`moneyx.places.fallback_steps`).
        """
        if currency == "KPW" and kind is None:
            kind = "market"
        key = (currency, base, kind, place.casefold() if place else None, allow_flags, labels)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        with self._lock:
            hit = self._cache.get(key)
            if hit is None:
                hit = self._build_series(currency, base, kind, place, allow_flags, labels)
                self._cache[key] = hit
        return hit

    def place_steps(
        self,
        currency: str,
        base: str,
        place: str,
        *,
        kind: str | None = None,
        allow_flags: frozenset[str] = frozenset(),
    ) -> tuple[tuple[_Series, str], ...]:
        """Return the series to try for a place, in fallback order, with how each is stated.

        The order is :func:`moneyx.places.fallback_steps`: the place itself, a place in the same
        province, the nearest located place, then every place.
        """
        if currency == "KPW" and kind is None:
            kind = "market"
        pool = self.series(currency, base, kind=kind, allow_flags=allow_flags)
        steps = places.fallback_steps(place, self.place_labels(currency, base))
        out = []
        for step in steps:
            s = (
                pool
                if step.labels is None
                else self.series(
                    currency, base, kind=kind, allow_flags=allow_flags, labels=step.labels
                )
            )
            if len(s):
                out.append((s, step.how))
        return tuple(out)

    def _build_series(
        self,
        currency: str,
        base: str,
        kind: str | None,
        place: str | None,
        allow_flags: frozenset[str],
        labels: frozenset[str] | None = None,
    ) -> _Series:
        idx = self._groups.get((currency, base))
        rows = self._table.iloc[idx] if idx is not None else self._table.iloc[0:0]
        keep = (rows["flag"] == "") | rows["flag"].isin(list(allow_flags))
        if kind is not None:
            keep &= rows["kind"] == kind
        rows = rows[keep]
        if place:
            mask = np.array([place_matches(p, place) for p in rows["place"]], dtype=bool)
            rows = rows[mask]
        if labels is not None:
            rows = rows[rows["place"].isin(list(labels))]
        rows = rows.assign(
            _period=(rows["date_end"] != rows["date"]).astype(int),
            _place=[_PLACE_RANK.get(p.casefold(), 4) for p in rows["place"]],
            _prov=[_PROVIDER_RANK.get(p, 3) for p in rows["provider"]],
        )
        rows = rows.sort_values(
            ["date", "tier", "_period", "_place", "_prov", "source", "units"], kind="mergesort"
        )
        where = f"{currency}/{base}"
        all_rows: tuple[tuple[str, str, str, str, Decimal, Decimal | None, int, int], ...] = ()
        all_starts = np.empty(0, dtype=np.int64)
        if currency == "KPW" and rows["source"].nunique() > 1:
            all_rows = tuple(
                (src, prov, plc, knd, _to_decimal(u, where), _high(h, where), int(a), int(b))
                for src, prov, plc, knd, u, h, a, b in zip(
                    rows["source"],
                    rows["provider"],
                    rows["place"],
                    rows["kind"],
                    rows["units"],
                    rows["units_high"],
                    rows["date"],
                    rows["date_end"],
                    strict=True,
                )
            )
            all_starts = rows["date"].to_numpy(dtype=np.int64)
        rows = rows.drop_duplicates("date", keep="first")
        rows = rows.drop(columns=["_period", "_place", "_prov"]).reset_index(drop=True)
        values = tuple(_to_decimal(u, where) for u in rows["units"])
        starts = rows["date"].to_numpy(dtype=np.int64)
        ends = rows["date_end"].to_numpy(dtype=np.int64)
        highs = tuple(_high(h, where) for h in rows["units_high"])
        sources, providers = tuple(rows["source"]), tuple(rows["provider"])
        kinds = tuple(rows["kind"])
        conflict_rows = _conflict_rows(
            currency, kinds, sources, providers, starts, ends, values, highs, all_starts, all_rows
        )
        return _Series(
            currency=currency,
            base=base,
            kind=kind,
            place=place,
            starts=starts,
            ends=ends,
            values=values,
            frame=rows,
            kinds=kinds,
            sources=sources,
            providers=providers,
            places=tuple(rows["place"]),
            highs=highs,
            all_starts=all_starts,
            all_rows=all_rows,
            conflict_rows=conflict_rows,
        )

    # -- lookup -------------------------------------------------------------------------------

    def lookup(
        self,
        currency: str,
        on: date | str,
        *,
        base: str = "USD",
        kind: str | None = None,
        place: str | None = None,
        policy: Policy | None = None,
        fallback: bool = False,
    ) -> RateQuote:
        """Return the rate of ``currency`` per ``base`` on a date under a policy.

        Args:
            currency: ISO code of the quoted currency ("CNY", "KPW"; any case).
            on: The date asked for (``date`` or ISO string). There is no "latest" default.
            base: The base currency ("USD", or "CNY" for a direct KPW-per-CNY quote).
            kind: "market", "official", "semi-official" or "reference"; None means any kind,
                except for KPW where it means "market".
            place: City of a market quote ("Hyesan"); None = any (see the module docstring).
            policy: The lookup policy; default PREVIOUS with the series' default max_age.
            fallback: With ``place``, when that place has no quote within the policy, try a
                place in the same province, then the nearest place with a quote, then any place
                (``RateQuote.fallback`` says which); without it only the place itself counts.

        Returns:
            The quote, with the observation date, source, kind, place, policy used and any
            conflicting observations of other sources.

        Raises:
            RateNotFoundError: No observation satisfies the policy, the date is outside the
                coverage, or the tables lack the currency.
            UnknownCurrencyError: Neither moneyx nor the tables know the currency code.
            InvalidOptionError: An unknown ``kind``; ``UnknownPlaceError`` an unknown place.

        Example:
            >>> q = RateStore.default().lookup("KPW", "2007-02-06", base="CNY")
            >>> q.units_per_base, q.observed.isoformat(), q.place
            (Decimal('4.25'), '2007-01-04', 'Sinuiju')

        """
        day = parse_day(on)
        pol = policy or DEFAULT_POLICY
        currency = self.check_currency(currency)
        base = self.check_currency(base, "base")
        kind = self.check_kind(kind)
        if place is not None:
            place = self.check_place(place)
        return self.find(currency, day, base, kind, place, pol, fallback)

    def find(
        self,
        currency: str,
        day: date,
        base: str,
        kind: str | None,
        place: str | None,
        pol: Policy,
        fallback: bool,
    ) -> RateQuote:
        """Do :meth:`lookup` on arguments already checked (codes, kind, place, date, policy).

        For callers that checked their arguments once and look up many quotes
        (:func:`moneyx.normalize`); everyone else calls :meth:`lookup`.

        Raises:
            RateNotFoundError: As :meth:`lookup`.

        """
        if currency == base:
            return RateQuote(
                currency=currency,
                base=base,
                requested=day,
                observed=day,
                units_per_base=Decimal(1),
                kind="identity",
                source="identity",
                policy=pol.describe(),
            )
        if place is not None and fallback:
            return self._lookup_near(currency, day, base, kind, place, pol)
        series = self.series(currency, base, kind=kind, place=place, allow_flags=pol.allow_flags)
        max_age = pol.effective_max_age(currency, series.kind)
        found = self._locate(series, _ordinal(day), pol, max_age)
        if isinstance(found, str):
            raise self._not_found(series, day, found, place)
        return self._quote(series, found, day, pol, max_age)

    def _lookup_near(
        self, currency: str, day: date, base: str, kind: str | None, place: str, pol: Policy
    ) -> RateQuote:
        steps = self.place_steps(currency, base, place, kind=kind, allow_flags=pol.allow_flags)
        reasons = []
        for series, how in steps:
            max_age = pol.effective_max_age(currency, series.kind)
            found = self._locate(series, _ordinal(day), pol, max_age)
            if isinstance(found, str):
                reasons.append(f"{how or place}: {found}")
                continue
            q = self._quote(series, found, day, pol, max_age)
            if not how:
                return q
            return replace(
                q, fallback=f"no quote for {place} within {q.policy}, fell back to {how}"
            )
        pool = self.series(currency, base, kind=kind, allow_flags=pol.allow_flags)
        detail = "; ".join(reasons) or "the tables have no such series"
        raise self._not_found(pool, day, f"{detail}; place={place} with fallbacks", None)

    @staticmethod
    def _not_found(series: _Series, day: date, reason: str, place: str | None) -> RateNotFoundError:
        what = series.currency if series.base == "USD" else f"{series.currency} per {series.base}"
        detail = reason
        if series.kind:
            detail += f"; kind={series.kind}"
        if place:
            detail += f"; place={place}"
        return RateNotFoundError(what, day, series.first(), series.last(), detail)

    @staticmethod
    def _locate(
        series: _Series, x: int, pol: Policy, max_age: timedelta
    ) -> tuple[int, int | None, Decimal | None] | str:
        """Find the row(s) for ordinal ``x``; return (i, j, interpolated) or a reason string."""
        n = len(series)
        if n == 0:
            return "the tables have no such series"
        limit = max_age.days
        i = int(np.searchsorted(series.starts, x, side="right")) - 1
        prev_age = x - int(series.ends[i]) if i >= 0 else None
        covered = i >= 0 and prev_age is not None and prev_age <= 0
        if covered:
            return (i, None, None)
        if pol.mode is LookupPolicy.EXACT:
            return "no observation on that date (policy exact)"
        nxt = i + 1 if i + 1 < n else None
        next_age = int(series.starts[nxt]) - x if nxt is not None else None
        prev_ok = prev_age is not None and prev_age <= limit
        next_ok = next_age is not None and next_age <= limit and pol.mode is LookupPolicy.NEAREST
        if (
            pol.interpolate
            and prev_age is not None
            and next_age is not None
            and (prev_age <= limit and next_age <= limit)
        ):
            j = nxt
            assert j is not None
            x0, x1 = int(series.ends[i]), int(series.starts[j])
            v0, v1 = series.values[i], series.values[j]
            value = v0 + (v1 - v0) * Decimal(x - x0) / Decimal(x1 - x0)
            return (i, j, value)
        if prev_ok and (
            not next_ok or (prev_age is not None and next_age is not None and prev_age <= next_age)
        ):
            return (i, None, None)
        if next_ok:
            assert nxt is not None
            return (nxt, None, None)
        if i < 0 and pol.mode is not LookupPolicy.NEAREST:
            return "date before the first observation"
        if nxt is None and prev_age is not None:
            return f"date after the last observation ({prev_age} days > max_age {limit} days)"
        if i < 0:
            return f"date before the first observation by {next_age} days (max_age {limit} days)"
        return (
            f"nearest earlier observation {_from_ordinal(series.ends[i]).isoformat()} is "
            f"{prev_age} days old (max_age {limit} days)"
        )

    @staticmethod
    def _quote(
        series: _Series,
        found: tuple[int, int | None, Decimal | None],
        day: date,
        pol: Policy,
        max_age: timedelta,
    ) -> RateQuote:
        i, j, interp = found
        source = series.sources[i]
        if j is not None and interp is not None:
            source = (
                f"interpolated between {_from_ordinal(series.starts[i]).isoformat()} ({source}) "
                f"and {_from_ordinal(series.starts[j]).isoformat()} ({series.sources[j]})"
            )
        end = int(series.ends[i])
        value = interp if interp is not None else series.values[i]
        high = series.highs[i] if interp is None and series.highs else None
        quote = RateQuote(
            currency=series.currency,
            base=series.base,
            requested=day,
            observed=_from_ordinal(series.starts[i]),
            observed_end=_from_ordinal(end) if end != int(series.starts[i]) else None,
            units_per_base=value,
            kind=series.kinds[i],
            source=source,
            provider=series.providers[i],
            place=series.places[i] or None,
            policy=pol.describe(max_age),
            units_high=high,
        )
        if series.conflict_rows and series.conflict_rows[i]:
            quote = replace(quote, conflicts=_conflicts(series, quote, i))
        return quote

    def history(
        self,
        currency: str,
        start: date | str | None = None,
        end: date | str | None = None,
        *,
        base: str = "USD",
        kind: str | None = None,
        place: str | None = None,
        allow_flags: frozenset[str] = frozenset(),
    ) -> pd.DataFrame:
        """Return every observation of ``currency`` per ``base`` between two dates, with sources.

        Unlike :meth:`lookup`, nothing is chosen or deduplicated: each city, kind and provider
        keeps its own rows, which is what a chart of a rate history by city needs. Flagged rows
        (see the module docstring) are left out unless ``allow_flags`` names their flag.

        Args:
            currency: ISO code of the quoted currency ("KPW").
            start: First day of the window (inclusive); None = from the first observation.
            end: Last day of the window (inclusive); None = to the last observation.
            base: The base currency ("USD", or "CNY" for KPW per CNY).
            kind: "market", "official", "semi-official" or "reference"; None = every kind.
            place: Keep only rows naming this place (as :func:`place_matches` reads it).
            allow_flags: Table flags to keep ("outlier", "implied", "converter").

        Returns:
            One row per observation overlapping the window, sorted by date, place, provider:
            ``date`` and ``date_end`` (``datetime.date``; equal for a day observation),
            ``currency``, ``base``, ``units_per_base`` and ``units_per_base_high`` (``Decimal``,
            the high end of a stated range or None), ``kind``, ``provider``, ``source``,
            ``place``, ``precision``, ``flag``.

        Raises:
            RateNotFoundError: The tables have no row quoting ``currency`` per ``base``.
            ValueError: ``start`` or ``end`` is not a date, or ``start`` is after ``end``.

        Example:
            >>> h = RateStore.default().history("KPW", "2015-09-01", "2015-09-30", place="Hyesan")
            >>> h[["date", "units_per_base", "place"]].iloc[0].tolist()
            [datetime.date(2015, 9, 7), Decimal('8320'), 'Hyesan']

        """
        first = parse_day(start) if start is not None else None
        last = parse_day(end) if end is not None else None
        if first is not None and last is not None and first > last:
            raise ValueError(f"start {first.isoformat()} is after end {last.isoformat()}")
        idx = self._groups.get((currency, base))
        if idx is None:
            what = currency if base == "USD" else f"{currency} per {base}"
            raise RateNotFoundError(what, first, None, None, "the tables have no such series")
        rows = self._table.iloc[idx]
        keep = (rows["flag"] == "") | rows["flag"].isin(list(allow_flags))
        if kind is not None:
            keep &= rows["kind"] == kind
        if first is not None:
            keep &= rows["date_end"] >= _ordinal(first)
        if last is not None:
            keep &= rows["date"] <= _ordinal(last)
        rows = rows[keep]
        if place:
            mask = np.array([place_matches(p, place) for p in rows["place"]], dtype=bool)
            rows = rows[mask]
        rows = rows.sort_values(
            ["date", "place", "kind", "provider", "source"],  # not-lexicon: table columns
            kind="mergesort",
        ).reset_index(drop=True)
        where = f"{currency}/{base}"
        return pd.DataFrame(
            {
                "date": [_from_ordinal(d) for d in rows["date"]],
                "date_end": [_from_ordinal(d) for d in rows["date_end"]],
                "currency": rows["currency"].tolist(),
                "base": rows["base"].tolist(),
                "units_per_base": [_to_decimal(u, where) for u in rows["units"]],
                "units_per_base_high": [
                    _to_decimal(u, where) if u else None for u in rows["units_high"]
                ],
                "kind": rows["kind"].tolist(),
                "provider": rows["provider"].tolist(),
                "source": rows["source"].tolist(),
                "place": rows["place"].tolist(),
                "precision": rows["precision"].tolist(),
                "flag": rows["flag"].tolist(),
            },
            columns=[
                "date",
                "date_end",
                "currency",
                "base",
                "units_per_base",
                "units_per_base_high",
                "kind",
                "provider",
                "source",
                "place",
                "precision",
                "flag",
            ],
        )

    def coverage(
        self, currency: str, base: str = "USD", *, kind: str | None = None
    ) -> tuple[date, date]:
        """Return the first and last day covered by a series.

        Raises:
            RateNotFoundError: The tables lack the series.

        Example:
            >>> RateStore.default().coverage("RUB")[0].isoformat()
            '1992-07-01'

        """
        s = self.series(currency, base, kind=kind)
        first, last = s.first(), s.last()
        if first is None or last is None:
            raise RateNotFoundError(currency, None, None, None, "the tables have no such series")
        return first, last


@functools.cache
def _default_store() -> RateStore:
    root = resources.files("moneyx") / "_rates"
    manifest = tomllib.loads((root / "SOURCES.toml").read_text(encoding="utf-8"))
    parts = []
    for key, entry in manifest.items():
        if not isinstance(entry, dict):
            continue
        for name in entry.get("tables", []):
            where = f"_rates/{name}"
            with (root / name).open("r", encoding="utf-8") as fh:
                df = _read_table(fh, where)
            defaults = {"source": key, **entry.get("columns", {})}
            parts.append(_tidy(df, where, defaults, tier=1))
    if not parts:
        raise DataError("_rates/SOURCES.toml", "tables", "no rate tables listed")
    table = pd.concat(parts, ignore_index=True)
    return RateStore(table, origin="moneyx/_rates")
