"""Normalize money amounts to target currencies (USD and KPW by default) on a date, with quotes.

Order of operations (the same in the scalar :func:`normalize` and the vectorized
:func:`normalize_frame`, so that both agree to the last digit):

1. the amount, written in the unit circulating on the document date, is multiplied by the era
   factor of its currency (:mod:`moneyx.eras`; old won x 0.01) to reach current units; an amount
   dated before its currency existed (a won before 1947-12-06) is refused;
2. for each target currency (``to=``, default ``("USD", "KPW")``; any currency the tables cover):
   the same currency needs no rate; else a direct quote of the target per the amount's currency
   (the Daily NK KPW/CNY market quote), or of the amount's currency per the target (divided),
   when one satisfies the policy on that date; else through USD (divided by the currency's units
   per USD, multiplied by the target's units per USD). The result records the route
   ("same" / "direct" / "via USD") and every quote;
3. the result (current units, ``Converted.current``) is divided by the target's era factor on the
   document date to give ``Converted.value`` in the unit circulating then (``kpw_unit`` "old"
   before 2009-11-30).

KPW rates default to the market kind (Daily NK survey and dated reports); ``kind="official"``
selects official rates. ``place`` selects a city's market quotes ("Hyesan"); when that city has
no quote within the policy, a city of the same province, then the nearest city with a quote,
then any city is used (:mod:`moneyx.places`), and the note says which. Without ``place`` the note
names the city whose quote was used.

Out of coverage, the same rule for every currency and target: under the default strict policy a
missing rate raises :class:`~moneyx.errors.RateNotFoundError` (naming the currency, the date and
the coverage); under a lenient policy (``Policy(strict=False)``, what batch conversion uses) the
figure is None and ``note`` says why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Context, Decimal, InvalidOperation

import numpy as np
import pandas as pd

from moneyx.eras import check_circulation, era_of, eras
from moneyx.errors import (
    InvalidOptionError,
    RateNotFoundError,
    UnknownCurrencyError,
    UnresolvedCurrencyError,
)
from moneyx.model import Conversion, Converted, Mention, Money, RateQuote, When
from moneyx.rates import DEFAULT_POLICY, LookupPolicy, Policy, RateStore, _Series, parse_day

__all__ = [
    "DEFAULT_TARGETS",
    "GlossCheck",
    "check_glosses",
    "convert_amount",
    "normalize",
    "normalize_frame",
    "targets_of",
]

KPW = "KPW"
USD = "USD"
DEFAULT_TARGETS: tuple[str, ...] = (USD, KPW)
"""The targets of ``normalize`` when ``to=`` is not given."""
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
        units = sorted({e.unit for e in eras() if e.currency == KPW})
        raise InvalidOptionError("won_unit", won_unit, f"choose one of {', '.join(units)}")
    era = era_of(currency, day)
    return Decimal(1) if era is None else era.factor_to_current


def _era_unit(currency: str, day: date) -> str:
    era = era_of(currency, day)
    return "" if era is None else era.unit


def targets_of(to: str | Sequence[str], store: RateStore) -> tuple[str, ...]:
    """Return the target currencies asked for, upper case, without repeats, in order.

    Args:
        to: A code ("KRW"), a comma-separated list ("USD,KRW") or a sequence of codes.
        store: The rate store whose currencies count as known.

    Returns:
        The codes.

    Raises:
        UnknownCurrencyError: A code neither moneyx nor the tables know.
        InvalidOptionError: No code at all.

    Example:
        >>> targets_of("usd, krw", RateStore.default())
        ('USD', 'KRW')

    """
    if to == DEFAULT_TARGETS:
        return DEFAULT_TARGETS
    items = to.split(",") if isinstance(to, str) else list(to)
    out: list[str] = []
    for item in items:
        if isinstance(item, str) and not item.strip():
            continue
        code = store.check_currency(item, "to")
        if code not in out:
            out.append(code)
    if not out:
        raise InvalidOptionError("to", to, "name at least one target currency, e.g. 'USD'")
    return tuple(out)


@dataclass(frozen=True, slots=True)
class _Leg:
    """Result of converting current units of one currency into current units of another."""

    value: Decimal
    quotes: tuple[RateQuote, ...]
    route: str


def _lookup(
    store: RateStore,
    currency: str,
    day: date,
    base: str,
    policy: Policy,
    kind: str | None,
    place: str | None,
) -> RateQuote:
    """One quote: KPW legs take ``kind`` and ``place`` (with the place fallback)."""
    kpw_leg = KPW in (currency, base)
    # the callers checked the codes, the kind and the place once per conversion
    return store.find(
        currency,
        day,
        base,
        kind if kpw_leg else None,
        place if kpw_leg else None,
        policy,
        True,
    )


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
    if src != USD and dst != USD:
        if store.has_series(dst, src):
            try:
                q = _lookup(store, dst, day, src, policy, kind, place)
                return _Leg(_mul(amount, q.units_per_base), (q,), "direct")
            except RateNotFoundError:
                pass  # no direct quote within the policy: go through USD below
        elif store.has_series(src, dst):
            try:
                q = _lookup(store, src, day, dst, policy, kind, place)
                return _Leg(_div(amount, q.units_per_base), (q,), "direct")
            except RateNotFoundError:
                pass
    quotes: list[RateQuote] = []
    usd = amount
    if src != USD:
        q = _lookup(store, src, day, USD, policy, kind, place)
        quotes.append(q)
        usd = _div(amount, q.units_per_base)
    if dst == USD:
        return _Leg(usd, tuple(quotes), "via USD" if src != USD else "same")
    q = _lookup(store, dst, day, USD, policy, kind, place)
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
        place: City of KPW market quotes (with the place fallback).

    Returns:
        The amount in ``dst`` (unit circulating on ``on``) and the quotes used.

    Raises:
        RateNotFoundError: A needed rate is not in the tables under the policy, or a currency
            did not circulate on ``on`` (``NotInCirculationError``).
        UnknownCurrencyError: A code moneyx does not know.

    Example:
        >>> value, quotes = convert_amount(Decimal(300), "CNY", "USD", on="2015-09-30")
        >>> round(value, 2), quotes[0].provider
        (Decimal('47.20'), 'Federal Reserve H.10')

    """
    day = parse_day(on)
    store = rates or RateStore.default()
    pol = policy or DEFAULT_POLICY
    src, dst = store.check_currency(src), store.check_currency(dst, "dst")
    kind = store.check_kind(kind)
    place = None if place is None else store.check_place(place)
    check_circulation(src, day)
    check_circulation(dst, day)
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


def _fmt_rate(q: RateQuote) -> str:
    high = f"-{q.units_high:f}" if q.units_high is not None else ""
    return f"{q.units_per_base:f}{high} {q.currency}/{q.base}"


def _quote_notes(q: RateQuote, place: str | None) -> list[str]:
    """Say which city a KPW quote is from (and why), and which sources disagree with it."""
    notes = []
    if KPW in (q.currency, q.base) and q.kind == "market":
        city = q.place or "no city named"
        if q.fallback:
            why = q.fallback
        elif place is None:
            why = (
                "no place asked, so the first of Pyongyang, Sinuiju, Hyesan, no city named, others"
            )
        else:
            why = ""
        notes.append(
            f"{q.currency}/{q.base} quote of {q.observed.isoformat()} from {city}"
            + (f" ({why})" if why else "")
        )
    if q.conflicts:
        others = ", ".join(
            f"{c.provider or 'other'} {_fmt_rate(c)} on {c.observed.isoformat()}"
            + (f" [{c.place}]" if c.place else "")
            for c in q.conflicts
        )
        notes.append(
            f"conflicting {q.currency}/{q.base} quotes: {others}; the lookup order chose "
            f"{q.provider or 'other'} {_fmt_rate(q)} (RateQuote.conflicts has their sources)"
        )
    return notes


def _one_target(
    dst: str,
    amounts: tuple[Decimal, Decimal | None],
    src: str,
    cur: tuple[Decimal, Decimal | None],
    day: date,
    store: RateStore,
    pol: Policy,
    kind: str | None,
    place: str | None,
    keep_amount: bool,
) -> Converted:
    """Convert the low and high end into one target; raise RateNotFoundError when missing."""
    check_circulation(dst, day)
    factor = _era_factor(dst, day)
    unit = _era_unit(dst, day)
    if keep_amount:  # the amount is already in the target, in the unit of the date
        return Converted(
            currency=dst,
            value=amounts[0],
            high=amounts[1],
            unit=unit,
            current=cur[0],
            current_high=cur[1],
            route="same",
        )
    legs = [
        None if c is None else _convert_current(c, src, dst, day, store, pol, kind, place)
        for c in cur
    ]
    low, high = legs
    assert low is not None
    quotes = list(low.quotes)
    if high is not None:
        quotes += [q for q in high.quotes if q not in quotes]
    one = factor == 1  # dividing by 1 changes nothing: skipped in both paths alike
    return Converted(
        currency=dst,
        value=low.value if one else _div(low.value, factor),
        high=None if high is None else high.value if one else _div(high.value, factor),
        unit=unit,
        current=low.value,
        current_high=None if high is None else high.value,
        quotes=tuple(quotes),
        route=low.route,
    )


def normalize(
    mention: Mention | Money,
    *,
    doc_date: date | str,
    rates: RateStore | None = None,
    policy: Policy | None = None,
    place: str | None = None,
    kind: str | None = None,
    won_unit: str | None = None,
    to: str | Sequence[str] = DEFAULT_TARGETS,
    use_when: bool = True,
) -> Conversion:
    """Convert a mention (or Money) to its target currencies on its own date or its document's.

    A mention whose text dates it (``Mention.when``: "in 2002", "before the currency reform")
    is converted on that day, ``when.day``: its rates, and the won it is written in (old won
    before 2009-11-30, even in a 2015 article), are those of that day. Otherwise the document's
    date applies. ``Conversion.on`` says which day was used and ``note`` why.

    Args:
        mention: A :class:`~moneyx.model.Mention` or :class:`~moneyx.model.Money`.
        doc_date: Date of the document (``date`` or ISO string); required, never "latest".
        rates: Rate store (default: the shipped tables).
        policy: Lookup policy (default PREVIOUS, 7 days for daily FX, 92 days for KPW market;
            strict: a missing rate raises). ``Policy(strict=False)`` gives None plus a reason.
        place: City for KPW market quotes ("Pyongyang", "Sinuiju", "Hyesan", ...); a city
            without a quote falls back to its province, then the nearest city with one, then
            any city, and ``note`` says so.
        kind: Kind of KPW rates: "market" (default), "official" or "semi-official".
        won_unit: Override the won unit of a KPW amount ("old"/"new") when the text says which;
            by default a KPW amount in a document dated before 2009-11-30 is old won.
        to: Target currencies: any code the tables cover, e.g. ``("USD", "KPW", "KRW",
            "CNY")`` or "USD,KRW". Default USD and KPW. Each gets a
            :class:`~moneyx.model.Converted` in ``targets`` with its quotes; ``usd``/``kpw``
            are filled when USD/KPW are targets.
        use_when: Convert a dated mention on its own date (default); False converts every
            amount on ``doc_date``, as before the text's dates were read.

    Returns:
        The conversion: ``on`` (the day used) and ``when`` (the text's date, when it was used),
        ``targets``; ``usd``, ``kpw`` (won of ``on``), ``kpw_current``
        (today's won), the range ends, ``era_factor``, ``kpw_unit``, every quote used, and
        ``note`` (routes, the city of the KPW quote, conflicting sources, what is missing).

    Raises:
        UnresolvedCurrencyError: The mention's currency is None.
        RateNotFoundError: A target needs a rate the tables lack under a strict policy (the
            error names the currency, the date and the coverage); ``NotInCirculationError`` when
            the amount or a target currency did not exist on that date.
        UnknownCurrencyError: A target code moneyx does not know.
        InvalidOptionError: An unknown ``kind`` or ``won_unit``; ``UnknownPlaceError`` for a
            place neither ``moneyx/data/nk_places.csv`` nor the tables know.
        ValueError: ``doc_date`` is not a valid date.
        TypeError: ``mention`` is neither a Mention nor a Money, or ``doc_date`` is None.

    Example:
        >>> conv = normalize(Money(value=Decimal(500), currency="CNY"), doc_date="2007-02-06")
        >>> conv.kpw, conv.kpw_unit, conv.kpw_current, conv.note.split("; ")[0]
        (Decimal('212500'), 'old', Decimal('2125.00'), 'KPW: direct')
        >>> conv = normalize(Money(value=300, currency="CNY"), doc_date="2015-09-30",
        ...                  to=("KRW", "JPY"))
        >>> [(t.currency, round(t.value)) for t in conv.targets]
        [('KRW', 55917), ('JPY', 5655)]
        >>> from moneyx.extract import extract_amounts
        >>> m = extract_amounts("In 2008 a kilogram of corn cost 900 won in Hyesan.")[0]
        >>> conv = normalize(m, doc_date="2015-09-30")
        >>> conv.on.isoformat(), conv.kpw_unit, conv.kpw_current
        ('2008-07-01', 'old', Decimal('9.00'))
        >>> conv.note.split("; ")[0]
        "dated 2008-07-01 by the text ('In 2008', year 2008), not the document's 2015-09-30"

    """
    value, high, currency, _text = _amounts(mention)
    doc_day = parse_day(doc_date)
    when = mention.when if use_when and isinstance(mention, Mention) else None
    day = doc_day if when is None else when.day
    store = rates or RateStore.default()
    pol = policy or DEFAULT_POLICY
    targets = targets_of(to, store)
    kind = store.check_kind(kind)
    place = None if place is None else store.check_place(place)
    factor = _era_factor(currency, day, won_unit)
    kpw_era = era_of(KPW, day)
    unit = kpw_era.unit if kpw_era is not None else "new"
    amounts = (value, high)
    cur = (_mul(value, factor), None if high is None else _mul(high, factor))

    done: list[Converted] = []
    notes: list[str] = [] if when is None else [_when_note(when, doc_day)]
    quotes: list[RateQuote] = []
    try:
        check_circulation(currency, day)
        gone: RateNotFoundError | None = None
    except RateNotFoundError as exc:
        if pol.strict:
            raise
        gone = exc
    for dst in targets:
        keep = dst == currency and (currency != KPW or won_unit is None)
        try:
            if gone is not None:
                raise gone
            conv = _one_target(
                dst, amounts, currency, cur, day, store, pol, kind, place, keep_amount=keep
            )
        except RateNotFoundError as exc:
            if pol.strict:
                raise
            done.append(
                Converted(currency=dst, value=None, unit=_era_unit(dst, day), note=str(exc))
            )
            notes.append(f"{dst}: {exc}")
            continue
        done.append(conv)
        if dst != USD and conv.route in ("direct", "via USD"):
            notes.append(f"{dst}: {conv.route}")
        for q in conv.quotes:
            if q not in quotes:
                quotes.append(q)
                notes.extend(_quote_notes(q, place))
    by_code = {t.currency: t for t in done}
    usd_t, kpw_t = by_code.get(USD), by_code.get(KPW)
    return Conversion(
        mention=mention,
        doc_date=doc_day,
        on=day,
        when=when,
        usd=None if usd_t is None else usd_t.value,
        kpw=None if kpw_t is None else kpw_t.value,
        usd_high=None if usd_t is None else usd_t.high,
        kpw_high=None if kpw_t is None else kpw_t.high,
        kpw_unit=unit,
        kpw_current=None if kpw_t is None else kpw_t.current,
        kpw_current_high=None if kpw_t is None else kpw_t.current_high,
        era_factor=factor,
        quotes=tuple(quotes),
        note="; ".join(notes),
        targets=tuple(done),
    )


def _when_note(when: When, doc_day: date) -> str:
    """Say which day a dated mention was converted on, and from which words."""
    span: str
    first, last = when.first, when.last
    if when.precision == "day" or first is None or last is None:
        span = when.precision
    elif when.precision == "year" and (first.month, first.day, last.month) == (1, 1, 12):
        span = f"year {first.year}"
    elif when.precision == "month" and first.day == 1:
        span = f"month {first.isoformat()[:7]}"
    else:
        span = f"{first.isoformat()}..{last.isoformat()}"
    return (
        f"dated {when.day.isoformat()} by the text ({when.text!r}, {span}), not the document's "
        f"{doc_day.isoformat()}"
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
    lang: str | None = None,
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


def _steps(
    store: RateStore,
    cur: str,
    base: str,
    policy: Policy,
    kind: str | None,
    place: str | None,
) -> list[_Series]:
    """Return the series the scalar lookup would try, in order (place fallback for KPW legs)."""
    kpw_leg = KPW in (cur, base)
    k = kind if kpw_leg else None
    if place is not None and kpw_leg:
        return [
            s
            for s, _how in store.place_steps(
                cur, base, place, kind=k, allow_flags=policy.allow_flags
            )
        ]
    return [store.series(cur, base, kind=k, allow_flags=policy.allow_flags)]


def _asof(
    keys: np.ndarray,
    days: np.ndarray,
    store: RateStore,
    wanted: dict[str, tuple[str, str]],
    policy: Policy,
    kind: str | None,
    place: str | None,
) -> tuple[list[Decimal | None], np.ndarray]:
    """Look up the series named by each row's key with ``merge_asof(by="key")`` passes.

    ``wanted`` maps a row key ("" = no lookup) to (currency, base). Returns per row the rate
    (None when no observation satisfies the policy) and the observation start (day ordinal,
    -1 when none). Same rule as :meth:`RateStore.lookup`: the latest observation starting on or
    before the day, accepted when the day minus the end of its period is within max_age; with a
    place, one pass per fallback step for the rows the earlier steps left without a rate.
    """
    n = len(keys)
    rates: list[Decimal | None] = [None] * n
    starts_out = np.full(n, -1, dtype=np.int64)
    steps = {
        key: _steps(store, cur, base, policy, kind, place) for key, (cur, base) in wanted.items()
    }
    depth = max((len(v) for v in steps.values()), default=0)
    todo = np.isin(keys, list(steps)) if steps else np.zeros(n, dtype=bool)
    for level in range(depth):
        if not todo.any():
            break
        parts = []
        pool: list[Decimal] = []
        tol = 0
        for key, series_list in steps.items():
            if level >= len(series_list):
                continue
            s = series_list[level]
            if not len(s):
                continue
            cur = wanted[key][0]
            age = (
                0
                if policy.mode is LookupPolicy.EXACT
                else policy.effective_max_age(cur, s.kind).days
            )
            tol = max(tol, age + int((s.ends - s.starts).max()))
            parts.append(
                pd.DataFrame(
                    {  # not-lexicon: column names
                        "key": key,
                        "start": s.starts,
                        "end": s.ends,
                        "limit": age,
                        "at": np.arange(len(pool), len(pool) + len(s)),
                    }
                )
            )
            pool.extend(s.values)
        if not parts:
            continue
        right = pd.concat(parts, ignore_index=True).sort_values("start", kind="mergesort")
        rows_left = np.flatnonzero(todo)
        left = pd.DataFrame(
            {"key": keys[rows_left], "day": days[rows_left], "row": rows_left}  # not-lexicon: cols
        )
        left = left[left["key"].isin(right["key"].unique())].sort_values("day", kind="mergesort")
        if left.empty:
            continue
        merged = pd.merge_asof(
            left,
            right,
            left_on="day",
            right_on="start",
            by="key",
            direction="backward",
            tolerance=tol,
        )
        merged = merged.dropna(subset=["at"])
        ok = (merged["day"] - merged["end"]).to_numpy() <= merged["limit"].to_numpy()
        rows = merged["row"].to_numpy()[ok].astype(np.int64)
        at = merged["at"].to_numpy()[ok].astype(np.int64)
        starts_out[rows] = merged["start"].to_numpy()[ok].astype(np.int64)
        for r, a in zip(rows.tolist(), at.tolist(), strict=True):
            rates[r] = pool[a]
        todo[rows] = False
    return rates, starts_out


def _frame_targets(to: str | Sequence[str], store: RateStore) -> tuple[str, ...]:
    return targets_of(to, store)


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
    to: str | Sequence[str] = DEFAULT_TARGETS,
    when_col: str | None = "when",
) -> pd.DataFrame:
    """Normalize a frame of mentions at once (``pandas.merge_asof`` by currency).

    Gives the same numbers as :func:`normalize` row by row (same quotes, same Decimal
    operations, the same place fallback). Rows are never dropped: where the scalar path would
    raise (a strict policy and a missing rate, an unresolved or unknown currency, a bad date)
    the row gets ``status="error"`` and the reason in ``error``; under a lenient policy the
    missing figures are None, ``status`` stays "ok" and ``error`` says what is missing.

    Args:
        df: One row per mention with ``value`` (Decimal or numeric string), optional ``high``,
            ``currency`` (ISO code or empty) and ``doc_date`` (ISO string or date).
        rates: Rate store (default: shipped tables).
        policy: PREVIOUS (default) or EXACT; NEAREST and interpolation are scalar-only.
        place: City for KPW market quotes (with the fallback of :func:`normalize`).
        kind: Kind of KPW rates.
        value_col: Column of the amounts.
        high_col: Column of range high ends (may be absent).
        currency_col: Column of ISO codes.
        date_col: Column of document dates.
        to: Target currencies (default USD and KPW), as for :func:`normalize`.
        when_col: Column of the days the text dates each mention on (``Mention.when.day``,
            the ``when`` column of batch output); where it holds a date, the row is converted
            on that day, as :func:`normalize` converts a dated mention. None, a missing column
            or an empty cell: the document date.

    Returns:
        A copy of ``df`` with ``on`` (the day used, ISO), ``usd``, ``usd_high``, ``kpw``,
        ``kpw_high``, ``kpw_current``,
        ``kpw_unit``, ``era_factor`` (Decimals or None), ``usd_rate``, ``usd_rate_date``,
        ``kpw_route``, ``status`` and ``error``; for each other target ``t`` (lower case)
        ``t``, ``t_high`` and ``t_route``. ``usd``/``kpw`` stay None when not targets.

    Raises:
        ValueError: A policy the vectorized path does not support, or a missing column.
        UnknownCurrencyError: A target code moneyx does not know.

    Example:
        >>> import pandas as pd
        >>> out = normalize_frame(pd.DataFrame({"value": ["300"], "currency": ["CNY"],
        ...                                     "doc_date": ["2015-09-30"]}), to=("USD", "KRW"))
        >>> round(out["usd"][0], 2), round(out["krw"][0]), out["status"][0]
        (Decimal('47.20'), 55917, 'ok')

    """
    pol = policy or DEFAULT_POLICY
    if pol.mode is LookupPolicy.NEAREST or pol.interpolate:
        raise ValueError("normalize_frame supports PREVIOUS and EXACT; use normalize() per row")
    for col in (value_col, currency_col, date_col):
        if col not in df.columns:
            raise ValueError(f"normalize_frame: column {col!r} missing")
    store = rates or RateStore.default()
    targets = _frame_targets(to, store)
    kind = store.check_kind(kind)
    place = None if place is None else store.check_place(place)
    n = len(df)
    values = [_as_decimal(v) for v in df[value_col].tolist()]
    highs: list[Decimal | None] = [None] * n
    if high_col in df.columns and bool(df[high_col].notna().any()):
        highs = [_as_decimal(v) for v in df[high_col].tolist()]
    raw_curs = [
        "" if c is None or c != c else str(c).strip().upper() for c in df[currency_col].tolist()
    ]
    unknown_codes: set[str] = set()
    for c in set(raw_curs) - {""}:
        try:
            store.check_currency(c)
        except UnknownCurrencyError:
            unknown_codes.add(c)
    curs = np.array(raw_curs, dtype=object)
    dates = df[date_col]
    if when_col is not None and when_col in df.columns:
        own = df[when_col]
        dated = own.notna() & (own.astype(str).str.strip() != "")
        dates = own.where(dated, dates)
    days_dt = pd.to_datetime(dates.astype(str).str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    days = days_dt.to_numpy(dtype="datetime64[D]").astype(np.int64)
    bad_day = days_dt.isna().to_numpy()

    # era factors and units (vectorized per currency with eras)
    epoch = date(1970, 1, 1)
    factor = np.full(n, Decimal(1), dtype=object)
    kpw_unit = np.full(n, "new", dtype=object)
    t_factor = {t: np.full(n, Decimal(1), dtype=object) for t in targets}
    first_day: dict[str, int] = {}
    for e in eras():
        lo = -(10**9) if e.valid_from is None else (e.valid_from - epoch).days
        hi = 10**9 if e.valid_to is None else (e.valid_to - epoch).days
        inside = (days >= lo) & (days <= hi) & ~bad_day
        factor[inside & (curs == e.currency)] = e.factor_to_current
        if e.currency in t_factor:
            t_factor[e.currency][inside] = e.factor_to_current
        if e.currency == KPW:
            kpw_unit[inside] = e.unit
        if e.valid_from is not None:
            first_day[e.currency] = min(first_day.get(e.currency, lo), lo)
    for e in eras():  # an era list with an open start has no introduction date
        if e.valid_from is None:
            first_day.pop(e.currency, None)

    valid = ~bad_day & (curs != "") & ~np.isin(curs, list(unknown_codes))
    # leg "c per USD" (every row except USD): the usd_rate column and the via-USD routes
    k1 = np.where(valid & (curs != USD), curs, "")
    r1, d1 = _asof(k1, days, store, {c: (c, USD) for c in set(k1) - {""}}, pol, kind, place)
    per_usd: dict[str, list[Decimal | None]] = {}
    direct: dict[str, list[Decimal | None]] = {}
    inverse: dict[str, list[Decimal | None]] = {}
    for t in targets:
        if t == USD:
            continue
        kt = np.where(valid & (curs != t), t, "")
        per_usd[t], _ = _asof(
            kt, days, store, {t: (t, USD)} if (kt != "").any() else {}, pol, kind, place
        )
        dir_src = {c for c in set(raw_curs) - {"", USD, t} if store.has_series(t, c)}
        kd = np.where(valid & np.isin(curs, list(dir_src)), curs, "")
        direct[t], _ = _asof(kd, days, store, {c: (t, c) for c in dir_src}, pol, kind, place)
        inv_src = {
            c
            for c in set(raw_curs) - {"", USD, t} - dir_src
            if store.has_series(c, t) and c not in unknown_codes
        }
        ki = np.where(valid & np.isin(curs, list(inv_src)), curs, "")
        inverse[t], _ = _asof(ki, days, store, {c: (c, t) for c in inv_src}, pol, kind, place)

    mul, div = _CTX.multiply, _CTX.divide  # the very operations _mul/_div of the scalar path
    bad_l: list[bool] = bad_day.tolist()
    factor_l: list[Decimal] = factor.tolist()
    days_l: list[int] = days.tolist()
    empty: list[Decimal | None] = [None] * n
    out_val = {t: list(empty) for t in targets}
    out_high = {t: list(empty) for t in targets}
    out_cur = {t: list(empty) for t in targets}
    out_route = {t: [""] * n for t in targets}
    status: list[str] = ["ok"] * n
    error: list[str] = [""] * n
    rows: list[int] = []  # rows that can be converted at all
    cur_low: list[Decimal | None] = list(empty)
    cur_high: list[Decimal | None] = list(empty)
    for i in range(n):
        c, v, h = raw_curs[i], values[i], highs[i]
        if bad_l[i]:
            status[i], error[i] = "error", f"invalid date {dates.iat[i]!r}"
        elif c == "":
            status[i], error[i] = "error", "unresolved currency"
        elif c in unknown_codes:
            status[i], error[i] = "error", f"unknown currency code {c!r}"
        elif v is None:
            status[i], error[i] = "error", "no value"
        else:
            f = factor_l[i]
            cur_low[i] = mul(v, f)
            cur_high[i] = None if h is None else mul(h, f)
            rows.append(i)
    problems: dict[int, list[str]] = {}

    def problem(i: int, text: str) -> None:
        problems.setdefault(i, []).append(text)

    for t in targets:
        vals, tops, currents, routes = out_val[t], out_high[t], out_cur[t], out_route[t]
        rd_l = direct.get(t, empty)
        ri_l = inverse.get(t, empty)
        tu_l = per_usd.get(t, empty)
        tf_l: list[Decimal] = t_factor[t].tolist()
        t_first = first_day.get(t)
        for i in rows:
            c = raw_curs[i]
            day = days_l[i]
            c_first = first_day.get(c)
            if c_first is not None and day < c_first:
                problem(i, f"{t}: no {c} on {_iso(day)}: before its introduction")
                continue
            if t_first is not None and day < t_first:
                problem(i, f"{t}: no {t} on {_iso(day)}: before its introduction")
                continue
            low_c, high_c = cur_low[i], cur_high[i]
            assert low_c is not None
            if t == c:
                vals[i], tops[i], currents[i], routes[i] = values[i], highs[i], low_c, "same"
                continue
            rd, ri = rd_l[i], ri_l[i]
            if rd is not None:
                low_t = mul(low_c, rd)
                high_t = None if high_c is None else mul(high_c, rd)
                route = "direct"
            elif ri is not None:
                low_t = div(low_c, ri)
                high_t = None if high_c is None else div(high_c, ri)
                route = "direct"
            else:
                if c == USD:
                    u_lo, u_hi = low_c, high_c
                else:
                    su = r1[i]
                    if su is None:
                        problem(i, f"{t}: no {c} rate for {_iso(day)}: no rate within policy")
                        continue
                    u_lo = div(low_c, su)
                    u_hi = None if high_c is None else div(high_c, su)
                if t == USD:
                    low_t, high_t = u_lo, u_hi
                else:
                    du = tu_l[i]
                    if du is None:
                        problem(i, f"{t}: no {t} rate for {_iso(day)}: no rate within policy")
                        continue
                    low_t = mul(u_lo, du)
                    high_t = None if u_hi is None else mul(u_hi, du)
                route = "via USD"
            tf = tf_l[i]
            vals[i] = low_t if tf == 1 else div(low_t, tf)
            tops[i] = high_t if high_t is None or tf == 1 else div(high_t, tf)
            currents[i], routes[i] = low_t, route
    for i, texts in problems.items():
        error[i] = "; ".join(texts)
        if pol.strict:  # the scalar call raises: no figure at all
            status[i] = "error"
            for t in targets:
                out_val[t][i] = out_high[t][i] = out_cur[t][i] = None
                out_route[t][i] = ""
    iso = np.datetime_as_string(np.maximum(d1, 0).astype("datetime64[D]"), unit="D")
    none_col: list[Decimal | None] = [None] * n
    on_iso = np.datetime_as_string(np.where(bad_day, 0, days).astype("datetime64[D]"), unit="D")
    columns: dict[str, object] = {
        "on": [None if b else d for d, b in zip(on_iso.tolist(), bad_l, strict=True)],
        "usd": out_val.get(USD, none_col),
        "usd_high": out_high.get(USD, none_col),
        "kpw": out_val.get(KPW, none_col),
        "kpw_high": out_high.get(KPW, none_col),
        "kpw_current": out_cur.get(KPW, none_col),
        "kpw_unit": kpw_unit.tolist(),
        "era_factor": factor_l,
        "usd_rate": r1,
        "usd_rate_date": [
            s if d >= 0 else None for s, d in zip(iso.tolist(), d1.tolist(), strict=True)
        ],
        "kpw_route": out_route.get(KPW, [""] * n),
        "status": status,
        "error": error,
    }
    for t in targets:
        if t in (USD, KPW):
            continue
        low_name = t.lower()
        columns[low_name] = out_val[t]
        columns[f"{low_name}_high"] = out_high[t]
        columns[f"{low_name}_route"] = out_route[t]
    out = df.copy()
    for name, data in columns.items():
        out[name] = pd.Series(data, index=df.index, dtype=object)
    return out


def _iso(ordinal: int) -> str:
    return str(np.datetime64(int(ordinal), "D"))
