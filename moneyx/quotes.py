"""Exchange-rate quotes in a text as data: each quote a record, set against the rate tables.

Analysts compile North Korean market rates from news by hand ("the dollar traded at 8,100 won in
Hyesan", "8,000 won to the dollar"). :func:`rate_quotes` reads them with the extractor: a quote
is a mention priced per a currency (``per`` a rate unit of the lexicon, see :func:`is_quote`),
dated by the text where it says so (``Mention.when``: "in March 2014") or by the document, and
placed by the nearest North Korean place the text names (``moneyx/data/nk_places.csv``). A gloss
pair ("300 yuan (U.S. $46)") gives an implied rate, marked ``implied``.

Each record carries, where the tables have a quote for the same pair, day and place (within the
tolerance of the date's precision: 15 days for a day, 16 for a month: the KPW tables
quote about twice a month), the table's rate and the
deviation in percent. A year or a longer period is too coarse to compare; a place the tables
lack is not replaced by another (the record says which place the tables would have used).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

import regex

from moneyx import places
from moneyx.eras import factor_to_current
from moneyx.errors import InvalidRecordError, MoneyxError, RateNotFoundError
from moneyx.lexicon import lexicon
from moneyx.model import Mention, RateQuote, When, _check_code
from moneyx.normalize import KPW, USD
from moneyx.rates import LookupPolicy, Policy, RateStore, parse_day

__all__ = ["QuoteKind", "TextQuote", "is_quote", "quote_base", "rate_quotes"]

log = logging.getLogger(__name__)

QuoteKind = Literal["quote", "implied"]
"""A rate the text states ("8,000 won to the dollar") or one a gloss pair implies."""

# days a table observation may lie from a quote dated to a day, to a month (the KPW tables quote
# about twice a month)
_DAY_TOLERANCE = 15
_MONTH_TOLERANCE = 16
_PLACE_REACH = 300  # characters around a quote searched for a place name when its sentence has none
_PCT = Decimal("0.01")
_WON = frozenset({KPW, "KRW"})  # the won is the quoted currency of a pair, never its base
_RATE = Decimal("0.0001")  # a computed rate (implied, cross) is rounded to 4 decimal places


@dataclass(frozen=True, slots=True, kw_only=True)
class TextQuote:
    """One exchange-rate quote found in a text.

    Attributes:
        base: ISO code of the base currency (one unit of it is quoted: "to the dollar": USD).
        quote: ISO code of the quoted currency ("8,000 won": KPW).
        rate: Units of ``quote`` per one ``base``, as the text gives it (in the unit circulating
            on ``date``: old won before 2009-11-30).
        rate_high: High end of a range ("8,000-8,200 won to the dollar"), else None.
        kind: "quote" (stated) or "implied" (a gloss pair: the ratio of the two amounts).
        place: The place the text names nearest the quote (canonical, ``nk_places.csv``), or None.
        date: The day of the quote: ``when.day`` when the text dates it, else the document date
            (None when neither is known).
        when: The text's date of the quote, when it gives one.
        start: Offset of the quote in the text (an implied one spans both amounts).
        end: Offset one past it.
        text: The words of the quote.
        mentions: Indices (in ``extract_amounts`` order) of the mentions it is read from.
        table_rate: The tables' rate for the same pair, day and place, in the same unit, or None.
        table_date: Observation date of that table rate (for a cross rate, the leg farthest
            from the quote's day).
        table_place: Place of that table rate (None: no place, or a pair without places).
        deviation_pct: ``(rate / table_rate - 1) * 100``, rounded to 0.01, or None.
        table_quotes: The table observations behind ``table_rate``.
        note: Why there is no table rate, or a caveat (a rounded gloss, a fallback refused).

    """

    base: str
    quote: str
    rate: Decimal
    rate_high: Decimal | None = None
    kind: QuoteKind = "quote"
    place: str | None = None
    date: dt.date | None = None
    when: When | None = None
    start: int
    end: int
    text: str
    mentions: tuple[int, ...] = ()
    table_rate: Decimal | None = None
    table_date: dt.date | None = None
    table_place: str | None = None
    deviation_pct: Decimal | None = None
    table_quotes: tuple[RateQuote, ...] = ()
    note: str = ""

    _MENTIONS = "mentions"  # the one tuple field to_dict keeps (the table quotes are records)

    def __post_init__(self) -> None:
        _check_code(self.base, "base")
        _check_code(self.quote, "quote")
        if self.rate <= 0:
            raise InvalidRecordError(f"a rate must be positive, got {self.rate}")

    @property
    def implied(self) -> bool:
        """Return True for a rate a gloss pair implies."""
        return self.kind == "implied"

    def to_dict(self) -> dict[str, object]:
        """Return the fields as a JSON-safe dict (Decimals as strings, dates as ISO strings).

        Example:
            >>> q = rate_quotes("In Hyesan it was 1,250 won per yuan.", doc_date="2016-05-10")
            >>> {k: q[0].to_dict()[k] for k in ("base", "quote", "rate", "place")}
            {'base': 'CNY', 'quote': 'KPW', 'rate': '1250', 'place': 'Hyesan'}

        """

        def s(x: object) -> str | None:
            if x is None:
                return None
            return x.isoformat() if isinstance(x, dt.date) else str(x)

        out: dict[str, object] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, When):
                out[f.name] = value.to_dict()
            elif isinstance(value, tuple):
                if f.name == self._MENTIONS:
                    out[f.name] = list(value)
            else:
                out[f.name] = s(value) if isinstance(value, Decimal | dt.date) else value
        return out


# ---------------------------------------------------------------------------------------------
# which mentions are quotes


def quote_base(m: Mention) -> str | None:
    """Return the base currency of a mention that quotes an exchange rate, else None.

    ``per`` names it: a rate unit of the lexicon ("dollar", "yuan": ``[per_extra] rate_units``)
    or an ISO code.

    Example:
        >>> from moneyx.extract import extract_amounts
        >>> quote_base(extract_amounts("It was 8,000 won to the dollar.")[0])
        'USD'

    """
    if not m.per:
        return None
    units = lexicon(m.lang).rate_units
    code = units.get(m.per) or units.get(m.per.lower())
    if code is None and m.per.isupper() and len(m.per) == 3:
        code = m.per
    return code


def is_quote(m: Mention) -> bool:
    """Return whether a mention quotes an exchange rate ("8,000 won to the dollar").

    The one test :func:`rate_quotes` uses: the extractor marks a quoted rate with
    ``role == "rate"`` and its base in ``per`` (a change of a rate, "down 120 won", keeps
    ``per`` but has no role, so it is no quote).

    Example:
        >>> from moneyx.extract import extract_amounts
        >>> text = "In Hyesan rice cost 5,000 won a kg and the rate was 8,000 won to the dollar."
        >>> [is_quote(m) for m in extract_amounts(text)]
        [False, True]

    """
    if m.role != "rate":
        return False
    base = quote_base(m)
    return base is not None and m.currency is not None and base != m.currency


# ---------------------------------------------------------------------------------------------
# places


@functools.cache
def _place_pattern() -> regex.Pattern[str]:
    names = sorted({n for p in places.places() for n in (p.name, *p.aliases) if n.strip()})
    return regex.compile(r"(?<!\w)\L<names>(?!\w)", names=names)


_SENTENCE_END = regex.compile(r"[.!?。]\s|\n\s*\n")


def _place_near(text: str, start: int, end: int) -> str | None:
    """Return the place named in the quote's sentence nearest it, else the nearest within reach."""
    lo = max(0, start - _PLACE_REACH)
    hi = min(len(text), end + _PLACE_REACH)
    found = [(m.start(), m.end(), m.group()) for m in _place_pattern().finditer(text, lo, hi)]
    if not found:
        return None

    def same_sentence(a: int, b: int) -> bool:
        x, y = min(a, b), max(a, b)
        return _SENTENCE_END.search(text, x, y) is None

    def distance(f: tuple[int, int, str]) -> tuple[int, int]:
        s, e, _ = f
        inside = same_sentence(s, start) if s < start else same_sentence(end, e)
        gap = start - e if e <= start else s - end if s >= end else 0
        return (0 if inside else 1, max(gap, 0))

    best = min(found, key=distance)
    place = places.find(best[2])
    return None if place is None else place.name


# ---------------------------------------------------------------------------------------------
# the table side


def _at(
    store: RateStore, cur: str, base: str, day: dt.date, pol: Policy, place: str | None
) -> RateQuote:
    """Look up one leg; a KPW leg at the quote's place only (no fallback to another city)."""
    kpw = KPW in (cur, base)  # places are those of KPW market quotes
    return store.lookup(cur, day, base=base, place=place if kpw else None, policy=pol)


def _tolerance(precision: str) -> int | None:
    """Return how many days a table observation may lie from a quote dated this precisely."""
    if precision == "day":
        return _DAY_TOLERANCE
    return _MONTH_TOLERANCE if precision == "month" else None


def _rounded(value: Decimal) -> Decimal:
    """Round a computed rate to 4 decimal places (a figure with fewer stays as it is)."""
    exp = value.as_tuple().exponent
    return value if isinstance(exp, int) and exp >= -4 else value.quantize(_RATE)


def _table_rate(
    q: TextQuote, store: RateStore, pol: Policy
) -> tuple[Decimal, tuple[RateQuote, ...]]:
    """Return the tables' rate of the quote's pair on its day (in that day's units), its quotes.

    The pair itself where the tables hold it, else through the dollar; a KPW leg is looked up
    at the quote's place only.

    Raises:
        RateNotFoundError: Neither way has an observation within the policy.

    """
    assert q.date is not None
    day, usd = q.date, USD
    f = factor_to_current(q.base, day) / factor_to_current(q.quote, day)
    if store.has_series(q.quote, q.base):
        try:
            t = _at(store, q.quote, q.base, day, pol, q.place)
            return t.units_per_base * f, (t,)
        except RateNotFoundError:
            if usd in (q.quote, q.base):
                raise
    legs = [_at(store, c, usd, day, pol, q.place) for c in (q.quote, q.base) if c != usd]
    per_usd = {t.currency: t.units_per_base for t in legs}
    rate = per_usd.get(q.quote, Decimal(1)) / per_usd.get(q.base, Decimal(1))
    return rate * f, tuple(legs)


def _table(q: TextQuote, store: RateStore, precision: str, policy: Policy | None) -> TextQuote:
    """Fill the table's rate for the quote's pair, day and place, and the deviation."""
    if q.date is None:
        return _with_note(q, "no date: neither the text nor the document gives one")
    days = _tolerance(precision)
    if days is None and policy is None:
        return _with_note(q, f"dated only to a {precision}: too coarse to set against the tables")
    pol = policy or Policy(mode=LookupPolicy.NEAREST, max_age=timedelta(days=days or 0))
    try:
        value, used = _table_rate(q, store, pol)
    except (MoneyxError, LookupError, ValueError) as exc:
        where = f" in {q.place}" if q.place else ""
        log.debug("no table rate for %s: %s", q.text, exc)
        return _with_note(
            q,
            f"no table rate for {q.quote} per {q.base}{where} within {pol.describe()} "
            f"of {q.date.isoformat()}",
        )
    moved = [u for u in used if u.fallback]
    if moved:
        return _with_note(
            q, f"the tables have no quote for {q.place} near {q.date.isoformat()}; not compared"
        )
    if not value:
        return _with_note(q, "the table rate is zero")
    dev = ((q.rate / value - 1) * 100).quantize(_PCT)
    day = q.date
    # the observation farthest from the quote's day (the sparse KPW leg of a cross rate)
    last = max(used, key=lambda u: abs((u.observed - day).days)) if used else None
    return _replace(
        q,
        table_rate=_rounded(value),
        table_date=None if last is None else last.observed,
        table_place=next((u.place for u in used if u.place), None),
        deviation_pct=dev,
        table_quotes=tuple(used),
    )


def _replace(q: TextQuote, **changes: object) -> TextQuote:
    from dataclasses import replace

    return replace(q, **changes)  # type: ignore[arg-type]


def _with_note(q: TextQuote, note: str) -> TextQuote:
    return _replace(q, note="; ".join(n for n in (q.note, note) if n))


# ---------------------------------------------------------------------------------------------
# records


def _day(m: Mention, doc_day: date | None) -> tuple[date | None, When | None, str]:
    """Return the quote's day, the text's date (if any) and the precision of the day."""
    if m.when is not None:
        return m.when.day, m.when, m.when.precision
    return doc_day, None, "day"


def _stated(text: str, i: int, m: Mention, doc_day: date | None) -> tuple[TextQuote, str] | None:
    base = quote_base(m)
    if base is None or m.currency is None or base == m.currency or m.value <= 0:
        return None
    day, when, precision = _day(m, doc_day)
    q = TextQuote(
        base=base,
        quote=m.currency,
        rate=m.value,
        rate_high=m.high,
        place=_place_near(text, m.start, m.end),
        date=day,
        when=when,
        start=m.start,
        end=m.end,
        text=m.text,
        mentions=(i,),
    )
    return q, precision


def _implied_base(a: str, b: str) -> str:
    """Return the base of an implied pair: not a won; else the dollar; else the gloss's (b)."""
    if a in _WON and b not in _WON:
        return b
    if b in _WON and a not in _WON:
        return a
    return USD if USD in (a, b) else b


def _implied(
    text: str, mentions: Sequence[Mention], i: int, doc_day: date | None
) -> tuple[TextQuote, str] | None:
    g = mentions[i]
    j = g.gloss_of
    if j is None or not 0 <= j < len(mentions):
        return None
    src = mentions[j]
    if src.currency is None or g.currency is None or src.currency == g.currency:
        return None
    if not src.value or not g.value or src.high is not None or g.high is not None:
        return None
    base = _implied_base(src.currency, g.currency)
    by = {src.currency: src.value, g.currency: g.value}
    quote = g.currency if base == src.currency else src.currency
    dated = src if src.when is not None else g
    day, when, precision = _day(dated, doc_day)
    note = "implied by a gloss pair: the rounding of the amounts limits its precision"
    if src.approx or g.approx:
        note += "; an amount is approximate"
    q = TextQuote(
        base=base,
        quote=quote,
        rate=_rounded(by[quote] / by[base]),
        kind="implied",
        place=_place_near(text, src.start, g.end),
        date=day,
        when=when,
        start=src.start,
        end=g.end,
        text=text[src.start : g.end],
        mentions=(j, i),
        note=note,
    )
    return q, precision


def rate_quotes(
    text: str,
    *,
    doc_date: date | str | None = None,
    lang: str | None = None,
    default_currency: Mapping[str, str] | None = None,
    locale: str | None = None,
    rates: RateStore | None = None,
    policy: Policy | None = None,
    implied: bool = True,
    mentions: Sequence[Mention] | None = None,
) -> list[TextQuote]:
    """Return each exchange-rate quote in a text as a record, against the tables.

    Args:
        text: The document.
        doc_date: Its date (ISO string or ``date``); a quote the text dates ("in March 2014")
            takes its own date.
        lang: Extraction language (default: from the text, as ``extract_amounts``).
        default_currency: Defaults for ambiguous surfaces, as for ``extract_amounts``.
        locale: Locale, as for ``extract_amounts``.
        rates: Rate store for the table side (default: the shipped tables).
        policy: Lookup policy for the table side; default NEAREST within 15 days of a quote
            dated to a day, 16 days of one dated to a month, none for a coarser date.
        implied: Also return the rates gloss pairs imply ("300 yuan (U.S. $46)").
        mentions: The mentions of ``text`` when already extracted (with the same options).

    Returns:
        The quotes in text order (an implied one at the start of its pair).

    Raises:
        ValueError: An invalid ``doc_date`` or option (as ``extract_amounts``).

    Example:
        >>> q = rate_quotes("In Hyesan 8,100 won to the dollar.", doc_date="2016-05-10")[0]
        >>> q.base, q.quote, q.rate, q.place, q.date.isoformat()
        ('USD', 'KPW', Decimal('8100'), 'Hyesan', '2016-05-10')

    """
    from moneyx.extract import extract_amounts

    doc_day = None if doc_date is None else parse_day(doc_date)
    if mentions is None:
        mentions = extract_amounts(
            text, lang=lang, doc_date=doc_day, default_currency=default_currency, locale=locale
        )
    store = rates or RateStore.default()
    found: list[tuple[TextQuote, str]] = []
    for i, m in enumerate(mentions):
        got = _stated(text, i, m, doc_day) if is_quote(m) else None
        if got is None and implied and m.gloss_of is not None:
            got = _implied(text, mentions, i, doc_day)
        if got is not None:
            found.append(got)
    out = [_table(q, store, precision, policy) for q, precision in found]
    out.sort(key=lambda q: (q.start, q.end))
    log.debug("rate_quotes: %d quote(s) in %d mention(s)", len(out), len(mentions))
    return out


# ---------------------------------------------------------------------------------------------
# corpus rows (``moneyx rates from-text``: ``moneyx.batch.convert_file(records="quotes")``)

#: Columns of a quotes file, in order, with their pandas dtypes (rates as exact decimal text).
QUOTE_COLUMNS: Mapping[str, str] = {  # not-lexicon: column names
    "doc_id": "str",
    "row": "Int64",
    "idx": "Int64",
    "doc_date": "str",
    "start": "Int64",
    "end": "Int64",
    "text": "str",
    "kind": "str",
    "base": "str",
    "quote": "str",
    "rate": "str",
    "rate_high": "str",
    "place": "str",
    "date": "str",
    "when_precision": "str",
    "when_text": "str",
    "table_rate": "str",
    "table_date": "str",
    "table_place": "str",
    "deviation_pct": "str",
    "note": "str",
    "status": "str",
    "error": "str",
}


def quote_row(q: TextQuote, idx: int) -> dict[str, object]:
    """Return one quote as a row of ``QUOTE_COLUMNS`` (without the document's columns)."""
    d = q.to_dict()
    row: dict[str, object] = {k: d.get(k) for k in QUOTE_COLUMNS if k in d}
    row["idx"] = idx
    row["when_precision"] = None if q.when is None else q.when.precision
    row["when_text"] = None if q.when is None else q.when.text
    row["note"] = q.note or None
    row["status"] = "ok"
    return row


def document_quote_rows(
    text: str,
    *,
    doc_date: dt.date | str | None = None,
    lang: str | None = None,
    default_currency: Mapping[str, str] | None = None,
    locale: str | None = None,
    rates: RateStore | None = None,
    to: object = None,
) -> list[dict[str, object]]:
    """Return the quotes of one document as rows of ``QUOTE_COLUMNS`` (the batch's row maker).

    ``to`` is accepted for the batch's call and not used.

    Raises:
        ValueError: ``doc_date`` is not a date.

    Example:
        >>> rows = document_quote_rows("In Hyesan: 8,100 won to the dollar.", doc_date="2016-05-10")
        >>> [(r["base"], r["quote"], r["rate"], r["deviation_pct"]) for r in rows]
        [('USD', 'KPW', '8100', '0.00')]

    """
    got = rate_quotes(
        text,
        doc_date=doc_date,
        lang=lang,
        default_currency=default_currency or None,
        locale=locale,
        rates=rates,
    )
    return [quote_row(q, i) for i, q in enumerate(got)]


def quote_uncompared(row: Mapping[str, object], to: object = None) -> bool:
    """Return whether a quote row has no table rate to set it against (the batch's count)."""
    return row.get("table_rate") is None
