"""Normalize money amounts to USD and KPW on their document's date, with the rate quotes used.

Order of operations (the same in the scalar :func:`normalize` and the vectorized
:func:`normalize_frame`, so that both agree to the last digit):

1. the amount, written in the unit circulating on the document date, is multiplied by the era
   factor of its currency (:mod:`moneyx.eras`; old won x 0.01) to reach current units;
2. to USD: divided by the currency's units per USD (no rate for USD itself);
3. to KPW: multiplied by a direct KPW-per-currency quote (e.g. the Daily NK KPW/CNY market quote)
   when one satisfies the policy on that date, else divided by the currency's units per USD and
   multiplied by KPW per USD; the quote records which (``Conversion.note``: "direct" / "via USD");
4. the KPW result (current won, ``kpw_current``) is divided by the KPW era factor of the document
   date to give ``kpw`` in the won circulating then (``kpw_unit`` "old" before 2009-11-30).

KPW rates default to the market kind (Daily NK survey and dated reports); ``kind="official"``
selects official rates. ``place`` selects a city's market quotes ("Hyesan").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Context, Decimal, InvalidOperation

import numpy as np
import pandas as pd

from moneyx.eras import era_of, eras
from moneyx.errors import RateNotFoundError, UnresolvedCurrencyError
from moneyx.model import Conversion, Mention, Money, RateQuote
from moneyx.rates import DEFAULT_POLICY, LookupPolicy, Policy, RateStore, parse_day

__all__ = ["GlossCheck", "check_glosses", "convert_amount", "normalize", "normalize_frame"]

KPW = "KPW"
USD = "USD"
_CTX = Context(prec=28)  # every division and product goes through this context (both paths)


def _mul(a: Decimal, b: Decimal) -> Decimal:
    return _CTX.multiply(a, b)


def _div(a: Decimal, b: Decimal) -> Decimal:
    return _CTX.divide(a, b)


def _kind_for(currency: str, kind: str | None) -> str | None:
    return kind if currency == KPW else None


def _place_for(currency: str, place: str | None) -> str | None:
    return place if currency == KPW else None


def _era_factor(currency: str, day: date, won_unit: str | None = None) -> Decimal:
    if currency == KPW and won_unit is not None:
        for known in eras():
            if known.currency == KPW and known.unit == won_unit:
                return known.factor_to_current
        raise ValueError(f"unknown won unit {won_unit!r} (eras.csv has 'first', 'old', 'new')")
    era = era_of(currency, day)
    return Decimal(1) if era is None else era.factor_to_current


@dataclass(frozen=True, slots=True)
class _Leg:
    """Result of converting current units of one currency into current units of another."""

    value: Decimal
    quotes: tuple[RateQuote, ...]
    route: str


def _convert_current(
    amount: Decimal,
    src: str,
    dst: str,
    day: date,
    store: RateStore,
    policy: Policy,
    kind: str | None,
    place: str | None,
) -> _Leg:
    """Convert ``amount`` (current units of ``src``) to current units of ``dst``."""
    if src == dst:
        return _Leg(amount, (), "same")
    if src != USD and dst != USD and store.has_series(dst, src):
        try:
            q = store.lookup(
                dst,
                day,
                base=src,
                kind=_kind_for(dst, kind),
                place=_place_for(dst, place),
                policy=policy,
            )
            return _Leg(_mul(amount, q.units_per_base), (q,), "direct")
        except RateNotFoundError:
            pass  # no direct quote within the policy: go through USD below
    quotes: list[RateQuote] = []
    usd = amount
    if src != USD:
        q = store.lookup(
            src, day, kind=_kind_for(src, kind), place=_place_for(src, place), policy=policy
        )
        quotes.append(q)
        usd = _div(amount, q.units_per_base)
    if dst == USD:
        return _Leg(usd, tuple(quotes), "via USD" if src != USD else "same")
    q = store.lookup(
        dst, day, kind=_kind_for(dst, kind), place=_place_for(dst, place), policy=policy
    )
    quotes.append(q)
    return _Leg(_mul(usd, q.units_per_base), tuple(quotes), "via USD")


def convert_amount(
    amount: Decimal,
    src: str,
    dst: str,
    *,
    on: date | str,
    rates: RateStore | None = None,
    policy: Policy | None = None,
    kind: str | None = None,
    place: str | None = None,
) -> tuple[Decimal, tuple[RateQuote, ...]]:
    """Convert an amount written on a date from one currency to another (both in that date's units).

    Args:
        amount: The amount, in the unit of ``src`` circulating on ``on``.
        src: ISO code of the amount.
        dst: ISO code wanted.
        on: The date.
        rates: Rate store (default: shipped tables).
        policy: Lookup policy (default PREVIOUS with series defaults).
        kind: Kind of KPW rates ("market" by default, "official").
        place: City of KPW market quotes.

    Returns:
        The amount in ``dst`` (unit circulating on ``on``) and the quotes used.

    Raises:
        RateNotFoundError: A needed rate is not in the tables under the policy.

    Example:
        >>> value, quotes = convert_amount(Decimal(300), "CNY", "USD", on="2015-09-30")
        >>> round(value, 2), quotes[0].provider
        (Decimal('47.20'), 'Federal Reserve H.10')

    """
    day = parse_day(on)
    store = rates or RateStore.default()
    pol = policy or DEFAULT_POLICY
    cur = _mul(amount, _era_factor(src, day))
    leg = _convert_current(cur, src, dst, day, store, pol, kind, place)
    return _div(leg.value, _era_factor(dst, day)), leg.quotes


def _amounts(mention: Mention | Money) -> tuple[Decimal, Decimal | None, str, str]:
    if not isinstance(mention, Mention | Money):
        raise TypeError(f"normalize() takes a Mention or Money, got {type(mention).__name__}")
    text = mention.text if isinstance(mention, Mention) else f"{mention.value} {mention.currency}"
    if mention.currency is None:
        cands = mention.candidates if isinstance(mention, Mention) else ()
        raise UnresolvedCurrencyError(text, tuple(cands))
    return mention.value, mention.high, mention.currency, text


def normalize(
    mention: Mention | Money,
    *,
    doc_date: date | str,
    rates: RateStore | None = None,
    policy: Policy | None = None,
    place: str | None = None,
    kind: str | None = None,
    won_unit: str | None = None,
) -> Conversion:
    """Convert a mention (or Money) to USD and KPW on its document's date.

    Args:
        mention: A :class:`~moneyx.model.Mention` or :class:`~moneyx.model.Money`.
        doc_date: Date of the document (``date`` or ISO string); required, never "latest".
        rates: Rate store (default: the shipped tables).
        policy: Lookup policy (default PREVIOUS, 7 days for daily FX, 92 days for KPW market).
        place: City for KPW market quotes ("Pyongyang", "Sinuiju", "Hyesan", ...).
        kind: Kind of KPW rates: "market" (default), "official" or "semi-official".
        won_unit: Override the won unit of a KPW amount ("old"/"new") when the text says which;
            by default a KPW amount in a document dated before 2009-11-30 is old won.

    Returns:
        The conversion: ``usd``, ``kpw`` (won of ``doc_date``), ``kpw_current`` (today's won),
        the range ends, ``era_factor``, ``kpw_unit`` and every quote used. ``kpw`` is None (with
        ``note``) when only the KPW leg has no rate.

    Raises:
        UnresolvedCurrencyError: The mention's currency is None.
        RateNotFoundError: The currency has no USD rate on that date under the policy (a KPW
            amount keeps its ``kpw`` and gets ``usd=None`` with the reason in ``note``).
        ValueError: ``doc_date`` is not a valid date.
        TypeError: ``mention`` is neither a Mention nor a Money, or ``doc_date`` is None.

    Example:
        >>> conv = normalize(Money(value=Decimal(500), currency="CNY"), doc_date="2007-02-06")
        >>> conv.kpw, conv.kpw_unit, conv.kpw_current, conv.note
        (Decimal('212500'), 'old', Decimal('2125.00'), 'KPW: direct')

    """
    value, high, currency, _text = _amounts(mention)
    day = parse_day(doc_date)
    store = rates or RateStore.default()
    pol = policy or DEFAULT_POLICY
    factor = _era_factor(currency, day, won_unit)
    kpw_factor = _era_factor(KPW, day)
    kpw_era = era_of(KPW, day)
    unit = kpw_era.unit if kpw_era is not None else "new"

    quotes: list[RateQuote] = []
    notes: list[str] = []

    def add(qs: Sequence[RateQuote]) -> None:
        for q in qs:
            if q not in quotes:
                quotes.append(q)

    usd_vals: list[Decimal | None] = []
    kpw_vals: list[Decimal | None] = []
    kpw_cur_vals: list[Decimal | None] = []
    for amount in (value, high):
        if amount is None:
            usd_vals.append(None)
            kpw_vals.append(None)
            kpw_cur_vals.append(None)
            continue
        cur = _mul(amount, factor)
        try:
            leg = _convert_current(cur, currency, USD, day, store, pol, kind, place)
        except RateNotFoundError as exc:
            if currency != KPW:
                raise
            # a won amount is already in won: keep it, and say why the dollar figure is missing
            usd_vals.append(None)
            if amount is value:
                notes.append(f"USD: {exc}")
        else:
            add(leg.quotes)
            usd_vals.append(leg.value)
        if currency == KPW and won_unit is None:
            kpw_vals.append(amount)
            kpw_cur_vals.append(cur)
            continue
        try:
            kleg = _convert_current(cur, currency, KPW, day, store, pol, kind, place)
        except RateNotFoundError as exc:
            kpw_vals.append(None)
            kpw_cur_vals.append(None)
            if amount is value:
                notes.append(f"KPW: {exc}")
            continue
        add(kleg.quotes)
        kpw_cur_vals.append(kleg.value)
        kpw_vals.append(_div(kleg.value, kpw_factor))
        if amount is value:
            notes.append(f"KPW: {kleg.route}")
    return Conversion(
        mention=mention,
        doc_date=day,
        usd=usd_vals[0],
        kpw=kpw_vals[0],
        usd_high=usd_vals[1],
        kpw_high=kpw_vals[1],
        kpw_unit=unit,
        kpw_current=kpw_cur_vals[0],
        kpw_current_high=kpw_cur_vals[1],
        era_factor=factor,
        quotes=tuple(quotes),
        note="; ".join(notes),
    )


# ---------------------------------------------------------------------------------------------
# implied-rate check of parenthetical glosses


@dataclass(frozen=True, slots=True, kw_only=True)
class GlossCheck:
    """The rate a gloss pair ("300 yuan (U.S. $47)") implies, against the table on that date.

    Attributes:
        source: The glossed mention ("300 yuan").
        gloss: The glossing mention ("U.S. $47").
        implied_rate: Gloss units per source unit as written (47/300), in the units of the date.
        table_rate: The same rate from the tables on the document date, or None.
        deviation: implied_rate / table_rate - 1 (0.004 = the article's rate is 0.4% higher).
        quotes: Quotes used for ``table_rate``.
        note: Why a figure is missing.

    """

    source: Mention
    gloss: Mention
    implied_rate: Decimal | None
    table_rate: Decimal | None
    deviation: Decimal | None
    quotes: tuple[RateQuote, ...] = ()
    note: str = ""


def check_glosses(
    text: str,
    doc_date: date | str,
    *,
    rates: RateStore | None = None,
    policy: Policy | None = None,
    place: str | None = None,
    kind: str | None = None,
    lang: str = "en",
) -> list[GlossCheck]:
    """Compare the exchange rate implied by each gloss pair in ``text`` with the tables.

    Args:
        text: The document.
        doc_date: Its date.
        rates: Rate store (default: shipped tables).
        policy: Lookup policy.
        place: City for KPW market quotes.
        kind: Kind of KPW rates.
        lang: Language of the text (passed to ``extract_amounts``).

    Returns:
        One :class:`GlossCheck` per gloss pair, in text order.

    Raises:
        ValueError: ``doc_date`` is not a valid date.

    """
    from moneyx.extract import extract_amounts, gloss_pairs

    day = parse_day(doc_date)
    mentions = extract_amounts(text, lang=lang, doc_date=day)
    out: list[GlossCheck] = []
    for pair in gloss_pairs(mentions):
        src, gl = mentions[pair.source], mentions[pair.gloss]
        implied = pair.implied_rate
        if implied is None and src.value:
            implied = _div(gl.value, src.value)
        if src.currency is None or gl.currency is None or not src.value:
            out.append(
                GlossCheck(
                    source=src,
                    gloss=gl,
                    implied_rate=implied,
                    table_rate=None,
                    deviation=None,
                    note="currency unresolved or zero amount",
                )
            )
            continue
        try:
            one, quotes = convert_amount(
                src.value,
                src.currency,
                gl.currency,
                on=day,
                rates=rates,
                policy=policy,
                kind=kind,
                place=place,
            )
        except RateNotFoundError as exc:
            out.append(
                GlossCheck(
                    source=src,
                    gloss=gl,
                    implied_rate=implied,
                    table_rate=None,
                    deviation=None,
                    note=str(exc),
                )
            )
            continue
        table_rate = _div(one, src.value)
        deviation = None if implied is None else _div(implied, table_rate) - 1
        out.append(
            GlossCheck(
                source=src,
                gloss=gl,
                implied_rate=implied,
                table_rate=table_rate,
                deviation=deviation,
                quotes=quotes,
            )
        )
    return out


# ---------------------------------------------------------------------------------------------
# vectorized path


def _as_decimal(x: object) -> Decimal | None:
    if type(x) is str and x:
        try:
            return Decimal(x)
        except InvalidOperation:
            pass  # handled below with the other spellings
    if x is None or (isinstance(x, float) and np.isnan(x)) or x is pd.NA or x is pd.NaT:
        return None
    if isinstance(x, Decimal):
        return x
    text = str(x).strip()
    if not text or text.lower() in ("nan", "none"):
        return None
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {x!r}") from exc


def _asof(
    keys: np.ndarray,
    days: np.ndarray,
    store: RateStore,
    wanted: dict[str, tuple[str, str]],
    policy: Policy,
    kind: str | None,
    place: str | None,
) -> tuple[list[Decimal | None], np.ndarray]:
    """Look up the series named by each row's key with one ``merge_asof(by="key")``.

    ``wanted`` maps a row key ("" = no lookup) to (currency, base). Returns per row the rate
    (None when no observation satisfies the policy) and the observation start (day ordinal,
    -1 when none). Same rule as :meth:`RateStore.lookup`: the latest observation starting on or
    before the day, accepted when the day minus the end of its period is within max_age.
    """
    n = len(keys)
    rates: list[Decimal | None] = [None] * n
    starts_out = np.full(n, -1, dtype=np.int64)
    parts = []
    pool: list[Decimal] = []
    tol = 0
    limits: dict[str, int] = {}
    for key, (cur, base) in wanted.items():
        s = store.series(
            cur,
            base,
            kind=_kind_for(cur, kind),
            place=_place_for(cur, place),
            allow_flags=policy.allow_flags,
        )
        if not len(s):
            continue
        age = 0 if policy.mode is LookupPolicy.EXACT else policy.effective_max_age(cur, s.kind).days
        limits[key] = age
        tol = max(tol, age + int((s.ends - s.starts).max()))
        parts.append(
            pd.DataFrame(
                {
                    "key": key,
                    "start": s.starts,
                    "end": s.ends,
                    "limit": age,
                    "at": np.arange(len(pool), len(pool) + len(s)),
                }
            )
        )
        pool.extend(s.values)
    if not parts or n == 0:
        return rates, starts_out
    right = pd.concat(parts, ignore_index=True).sort_values("start", kind="mergesort")
    left = pd.DataFrame({"key": keys, "day": days, "row": np.arange(n)})
    left = left[left["key"].isin(list(limits))].sort_values("day", kind="mergesort")
    merged = pd.merge_asof(
        left, right, left_on="day", right_on="start", by="key", direction="backward", tolerance=tol
    )
    merged = merged.dropna(subset=["at"])
    ok = (merged["day"] - merged["end"]).to_numpy() <= merged["limit"].to_numpy()
    rows = merged["row"].to_numpy()[ok]
    at = merged["at"].to_numpy()[ok].astype(np.int64)
    starts_out[rows] = merged["start"].to_numpy()[ok].astype(np.int64)
    for r, a in zip(rows.tolist(), at.tolist(), strict=True):
        rates[r] = pool[a]
    return rates, starts_out


def normalize_frame(
    df: pd.DataFrame,
    *,
    rates: RateStore | None = None,
    policy: Policy | None = None,
    place: str | None = None,
    kind: str | None = None,
    value_col: str = "value",
    high_col: str = "high",
    currency_col: str = "currency",
    date_col: str = "doc_date",
) -> pd.DataFrame:
    """Normalize a frame of mentions at once (``pandas.merge_asof`` by currency).

    Gives the same numbers as :func:`normalize` row by row (same quotes, same Decimal
    operations). Rows that cannot be converted are kept with ``status="error"`` and ``error``.

    Args:
        df: One row per mention with ``value`` (Decimal or numeric string), optional ``high``,
            ``currency`` (ISO code or empty) and ``doc_date`` (ISO string or date).
        rates: Rate store (default: shipped tables).
        policy: PREVIOUS (default) or EXACT; NEAREST and interpolation are scalar-only.
        place: City for KPW market quotes.
        kind: Kind of KPW rates.
        value_col: Column of the amounts.
        high_col: Column of range high ends (may be absent).
        currency_col: Column of ISO codes.
        date_col: Column of document dates.

    Returns:
        A copy of ``df`` with ``usd``, ``usd_high``, ``kpw``, ``kpw_high``, ``kpw_current``,
        ``kpw_unit``, ``era_factor`` (Decimals or None), ``usd_rate``, ``usd_rate_date``,
        ``kpw_route``, ``status`` and ``error``.

    Raises:
        ValueError: A policy the vectorized path does not support, or a missing column.

    Example:
        >>> import pandas as pd
        >>> out = normalize_frame(pd.DataFrame({"value": ["300"], "currency": ["CNY"],
        ...                                     "doc_date": ["2015-09-30"]}))
        >>> round(out["usd"][0], 2), out["status"][0]
        (Decimal('47.20'), 'ok')

    """
    pol = policy or DEFAULT_POLICY
    if pol.mode is LookupPolicy.NEAREST or pol.interpolate:
        raise ValueError("normalize_frame supports PREVIOUS and EXACT; use normalize() per row")
    for col in (value_col, currency_col, date_col):
        if col not in df.columns:
            raise ValueError(f"normalize_frame: column {col!r} missing")
    store = rates or RateStore.default()
    n = len(df)
    values = [_as_decimal(v) for v in df[value_col].tolist()]
    highs: list[Decimal | None] = [None] * n
    if high_col in df.columns and bool(df[high_col].notna().any()):
        highs = [_as_decimal(v) for v in df[high_col].tolist()]
    curs = np.array(
        ["" if c is None or c != c else str(c).strip().upper() for c in df[currency_col].tolist()],
        dtype=object,
    )
    days_dt = pd.to_datetime(
        df[date_col].astype(str).str.slice(0, 10), format="%Y-%m-%d", errors="coerce"
    )
    days = days_dt.to_numpy(dtype="datetime64[D]").astype(np.int64)
    bad_day = days_dt.isna().to_numpy()

    # era factors (vectorized per currency with eras)
    factor = np.full(n, Decimal(1), dtype=object)
    kpw_factor = np.full(n, Decimal(1), dtype=object)
    kpw_unit = np.full(n, "new", dtype=object)
    for e in eras():
        lo = -(10**9) if e.valid_from is None else (e.valid_from - date(1970, 1, 1)).days
        hi = 10**9 if e.valid_to is None else (e.valid_to - date(1970, 1, 1)).days
        inside = (days >= lo) & (days <= hi) & ~bad_day
        factor[inside & (curs == e.currency)] = e.factor_to_current
        if e.currency == KPW:
            kpw_factor[inside] = e.factor_to_current
            kpw_unit[inside] = e.unit

    known = set(store.currencies())
    valid = ~bad_day & (curs != "")
    # leg 1: currency per USD (every row except USD)
    k1 = np.where(valid & (curs != USD), curs, "")
    wanted1 = {c: (c, USD) for c in set(k1) - {""}}
    r1, d1 = _asof(k1, days, store, wanted1, pol, kind, place)
    # leg 2: KPW per USD (rows needing KPW via USD)
    k2 = np.where(valid & (curs != KPW) & (curs != USD), "KPW", "")
    k2 = np.where(valid & (curs == USD), "KPW", k2)
    r2, _ = _asof(
        k2, days, store, {"KPW": (KPW, USD)} if (k2 != "").any() else {}, pol, kind, place
    )
    # leg 3: direct KPW per currency
    direct_ccy = {c for c in set(curs) - {"", USD, KPW} if store.has_series(KPW, c)}
    k3 = np.where(valid & np.isin(curs, list(direct_ccy)), curs, "")
    r3, _ = _asof(k3, days, store, {c: (KPW, c) for c in direct_ccy}, pol, kind, place)

    mul, div = _CTX.multiply, _CTX.divide  # the very operations _mul/_div of the scalar path
    curs_l: list[str] = curs.tolist()
    bad_l: list[bool] = bad_day.tolist()
    factor_l: list[Decimal] = factor.tolist()
    kfactor_l: list[Decimal] = kpw_factor.tolist()
    usd: list[Decimal | None] = [None] * n
    usd_high: list[Decimal | None] = [None] * n
    kpw: list[Decimal | None] = [None] * n
    kpw_high: list[Decimal | None] = [None] * n
    kpw_cur: list[Decimal | None] = [None] * n
    route: list[str] = [""] * n
    status: list[str] = ["ok"] * n
    error: list[str] = [""] * n
    for i in range(n):
        c, v, h = curs_l[i], values[i], highs[i]
        if bad_l[i]:
            status[i], error[i] = "error", f"invalid date {df[date_col].iat[i]!r}"
            continue
        if c == "":
            status[i], error[i] = "error", "unresolved currency"
            continue
        if v is None:
            status[i], error[i] = "error", "no value"
            continue
        if c != USD and r1[i] is None:
            why = "the tables lack the currency" if c not in known else "no rate within policy"
            if c != KPW:
                status[i], error[i] = "error", f"no {c} rate for {_iso(days[i])}: {why}"
                continue
            # a won amount keeps its won figures; only the dollar figure is missing
            error[i] = f"USD: no {c} rate for {_iso(days[i])}: {why}"
        f = factor_l[i]
        kf = kfactor_l[i]
        r1i, r2i, r3i = r1[i], r2[i], r3[i]
        outs: list[tuple[Decimal | None, Decimal | None, Decimal | None]] = []
        for amount in (v, h):
            if amount is None:
                outs.append((None, None, None))
                continue
            cur = mul(amount, f)
            u = cur if c == USD else None if r1i is None else div(cur, r1i)
            if c == KPW:
                outs.append((u, amount, cur))
                continue
            if r3i is not None:
                kc = mul(cur, r3i)
                rt = "direct"
            elif r2i is not None and u is not None:
                kc = mul(u, r2i)
                rt = "via USD"
            else:
                outs.append((u, None, None))
                rt = "none"
                continue
            outs.append((u, div(kc, kf), kc))
        usd[i], kpw[i], kpw_cur[i] = outs[0]
        usd_high[i], kpw_high[i], _ = outs[1]
        route[i] = "same" if c == KPW else rt
    iso = np.datetime_as_string(np.maximum(d1, 0).astype("datetime64[D]"), unit="D")
    columns: dict[str, object] = {
        "usd": usd,
        "usd_high": usd_high,
        "kpw": kpw,
        "kpw_high": kpw_high,
        "kpw_current": kpw_cur,
        "kpw_unit": kpw_unit.tolist(),
        "era_factor": factor_l,
        "usd_rate": r1,
        "usd_rate_date": [
            s if d >= 0 else None for s, d in zip(iso.tolist(), d1.tolist(), strict=True)
        ],
        "kpw_route": route,
        "status": status,
        "error": error,
    }
    out = df.copy()
    for name, data in columns.items():
        out[name] = pd.Series(data, index=df.index, dtype=object)
    return out


def _iso(ordinal: int) -> str:
    return str(np.datetime64(int(ordinal), "D"))
