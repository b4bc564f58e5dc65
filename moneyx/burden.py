"""Burden ratios: an amount as time of work at a wage, or as kilograms of a staple food.

``burden(amount, wage)`` divides an amount by a wage turned into money per year under a stated
calendar (month = year / 12; a week- or day-based wage uses pint's year of 365.25 days unless a
``convention`` is passed; see ``moneyx.units``). ``burden(amount, basis=...)`` weighs it against
the shipped reference series instead (``rates/nk_wages.csv``, ``rates/nk_rice_prices.csv``),
looked up for the document date and place under an explicit policy, and reports the rows used.

How a wage carries its currency (currencies are not pint units):

* a ``Mention`` with ``per`` a time period (``role == "wage"`` when the text says it is a wage);
* a ``Money`` with ``per``: ``Money(value=Decimal(3000), currency="KPW", per="month")``;
* a string, read by :func:`moneyx.extract_amounts` like any text: ``"3000 KPW/month"``,
  ``"3,000-4,000 KPW per month"``, ``"3,000 won a month"`` (with ``default_currency={"won":
  "KPW"}`` when the words do not decide the won);
* a pint quantity of dimension 1/[time] such as ``Quantity(3000, "1/month")`` together with
  ``wage_currency="KPW"``.

Inputs in different currencies, or KPW amounts on either side of the 2009-11-30
redenomination, are converted through ``moneyx.normalize`` with dated rates; the conversions are
returned in ``Burden.conversions``. With one currency and no dates nothing is converted and no
rate table is read.

Reference lookups follow the rates' policy: the latest row at or before the date asked (a row
whose span covers the date has age 0), within a stated maximum age (wages: 1096 days, prices:
31 days); none means ``ReferenceNotFoundError``, never an invented value. Where the data are
thin (an old, approximate or ranged row, or a fallback place) the result says so
(``Burden.thin`` and ``Burden.notes``).
"""

from __future__ import annotations

import bisect
import csv
import functools
import io
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from importlib import resources
from typing import Literal

from moneyx import eras, places, units
from moneyx.errors import (
    BurdenError,
    InvalidPeriodError,
    InvalidRecordError,
    MoneyxError,
    ReferenceNotFoundError,
    UnresolvedCurrencyError,
)
from moneyx.model import Burden, Conversion, Mention, Money, ReferenceRow
from moneyx.rates import LookupPolicy, Policy

__all__ = [
    "BASES",
    "PRICE_MAX_AGE",
    "WAGE_MAX_AGE",
    "Basis",
    "DocumentBurden",
    "burden",
    "document_burdens",
    "lookup_reference",
]

logger = logging.getLogger(__name__)

Basis = Literal["nk_state_wage", "nk_market_wage", "rice_kg", "corn_kg"]

WAGE_MAX_AGE = timedelta(days=1096)
"""Default maximum age of a wage row (three years: the wage series is sparse)."""
PRICE_MAX_AGE = timedelta(days=31)
"""Default maximum age of a price row (Daily NK surveys roughly every two weeks)."""
_THIN_WAGE_DAYS = 365
_THIN_PRICE_DAYS = 14

# how a report words a bound (the keys are Mention.bound values)
_BOUND_WORDS = {
    "gt": "more than",  # not-lexicon: report wording of bound kinds
    "ge": "at least",
    "lt": "less than",
    "le": "at most",
}


@dataclass(frozen=True, slots=True)
class _BasisSpec:
    table: str
    series: str
    kind: Literal["wage", "good"]
    general_only: bool
    label: str


BASES: Mapping[str, _BasisSpec] = {
    "nk_state_wage": _BasisSpec(
        "nk_wages.csv", "state_wage", "wage", True, "North Korean average state wage"
    ),
    "nk_market_wage": _BasisSpec(
        "nk_wages.csv", "market_wage", "wage", False, "North Korean market (day-labour) wage"
    ),
    "rice_kg": _BasisSpec("nk_rice_prices.csv", "rice", "good", False, "rice market price per kg"),
    "corn_kg": _BasisSpec("nk_rice_prices.csv", "corn", "good", False, "corn market price per kg"),
}
"""The reference bases: name -> (table, series, kind)."""

_NK_BASES = frozenset(BASES)
_DEFAULT_DOC_BASES: tuple[str, ...] = ("nk_state_wage", "nk_market_wage", "rice_kg")


# --------------------------------------------------------------------------------------------
# inputs


@dataclass(frozen=True, slots=True)
class _Priced:
    """An amount or a wage reduced to what the arithmetic needs."""

    value: Decimal
    high: Decimal | None
    currency: str
    per: str | None
    label: str
    original: Mention | Money

    @property
    def top(self) -> Decimal:
        return self.value if self.high is None else self.high


def _read_money_text(
    text: str, what: str, day: date | None, default: Mapping[str, str] | None
) -> Mention:
    """Read one amount from a string with ``extract_amounts`` (the same reader as for any text).

    Raises:
        BurdenError: The string holds no amount or more than one (a gloss does not count).

    """
    from moneyx.extract import extract_amounts

    found = [
        m
        for m in extract_amounts(
            text, doc_date=None if day is None else day.isoformat(), default_currency=default
        )
        if m.gloss_of is None
    ]
    if len(found) != 1:
        got = ", ".join(repr(m.text) for m in found) or "none"
        raise BurdenError(
            what,
            f"expected one amount in {text!r}, found {len(found)} ({got}); write e.g. "
            "'5000000 KPW' or '3,000 KPW a month'",
        )
    return found[0]


def _finite(value: Decimal, high: Decimal | None, what: str, label: str) -> None:
    for x in (value, high):
        if x is not None and not x.is_finite():
            raise BurdenError(what, f"{label!r} is not a finite amount ({x})")


def _as_amount(
    amount: object, day: date | None = None, default: Mapping[str, str] | None = None
) -> _Priced:
    if isinstance(amount, str):
        amount = _read_money_text(amount, "amount", day, default)
    if isinstance(amount, Mention):
        if amount.currency is None:
            raise UnresolvedCurrencyError(amount.text, amount.candidates)
        _finite(amount.value, amount.high, "amount", amount.text)
        return _Priced(amount.value, amount.high, amount.currency, amount.per, amount.text, amount)
    if isinstance(amount, Money):
        return _Priced(
            amount.value, amount.high, amount.currency, amount.per, _fmt_money(amount), amount
        )
    raise BurdenError(
        "amount",
        f"{amount!r} is not a Mention, a Money or a string like '5000000 KPW' "
        "(a bare number has no currency)",
    )


def _is_quantity(obj: object) -> bool:
    return hasattr(obj, "magnitude") and hasattr(obj, "units") and hasattr(obj, "dimensionality")


def _as_wage(
    wage: object,
    wage_currency: str | None,
    day: date | None = None,
    default: Mapping[str, str] | None = None,
) -> _Priced:
    if isinstance(wage, str):
        wage = _read_money_text(wage, "wage", day, default)
    if _is_quantity(wage):
        value, per = units.to_rate(wage)
        if not wage_currency:
            raise BurdenError(
                "wage",
                f"the quantity {wage} carries no currency (currencies are not pint units); "
                "pass wage_currency='KPW' (or give Money(value=..., currency=..., per=...))",
            )
        try:
            wage = Money(value=value, currency=wage_currency, per=per)
        except InvalidRecordError as exc:  # a NaN or infinite magnitude
            raise BurdenError("wage", f"the quantity {wage}: {exc}") from exc
    if isinstance(wage, Mention):
        if wage.currency is None:
            raise UnresolvedCurrencyError(wage.text, wage.candidates)
        _finite(wage.value, wage.high, "wage", wage.text)
        label = wage.text
    elif isinstance(wage, Money):
        label = _fmt_money(wage)
    else:
        raise BurdenError(
            "wage",
            f"{wage!r} is not a Mention, a Money, a pint Quantity or a string like "
            "'3000 KPW/month'",
        )
    try:
        per = units.normalize_period(wage.per)
    except InvalidPeriodError as exc:
        raise InvalidPeriodError(
            wage.per, f"wage {label!r} has no usable period: {exc.detail}"
        ) from exc
    assert wage.currency is not None
    if wage.value <= 0:
        raise BurdenError("wage", f"wage {label!r} must be positive")
    return _Priced(wage.value, wage.high, wage.currency, per, label, wage)


def _as_date(value: object, what: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError as exc:
            raise BurdenError(what, f"not an ISO date (YYYY-MM-DD): {value!r}") from exc
    raise BurdenError(what, f"not a date: {value!r}")


def _fmt(value: Decimal, places: int = 2) -> str:
    q = value.quantize(Decimal(1).scaleb(-places)) if places else value
    return f"{q:,}"


def _fmt_money(m: Money) -> str:
    val = f"{m.value:,}" if m.high is None else f"{m.value:,}-{m.high:,}"
    per = f"/{m.per}" if m.per else ""
    return f"{val} {m.currency}{per}"


# --------------------------------------------------------------------------------------------
# shipped tables


def _read_text(name: str) -> str:
    base = resources.files("moneyx")
    for path in (base / "_rates" / name, base / "data" / name):
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise ReferenceNotFoundError(name, None, None, None, f"table {name} is not installed")


def _factor_at(day: date) -> Decimal:
    """Return current won per one won circulating on ``day`` (moneyx.eras)."""
    return eras.factor_to_current("KPW", day)


def _era_of_unit(unit: str) -> eras.Era:
    for era in eras.eras():
        if era.currency == "KPW" and era.unit == unit:
            return era
    raise BurdenError("won_unit", f"unknown won unit {unit!r} (rates/eras.csv)")


def _factor_of_unit(unit: str) -> Decimal:
    """Return current won per one won of the named unit ("old", "new")."""
    return _era_of_unit(unit).factor_to_current


@dataclass(frozen=True, slots=True, eq=False)
class _Row:
    line: int
    date_from: date
    date_to: date
    fields: Mapping[str, str]


@functools.cache
def _table(name: str) -> tuple[_Row, ...]:
    reader = csv.DictReader(io.StringIO(_read_text(name)))
    rows = []
    for rec in reader:
        rows.append(
            _Row(
                reader.line_num,
                date.fromisoformat(rec["date_from"]),
                date.fromisoformat(rec["date_to"]),
                dict(rec),
            )
        )
    return tuple(rows)


# --------------------------------------------------------------------------------------------
# reference lookup


@dataclass(frozen=True, slots=True)
class _Rule:
    """A lookup policy resolved for one basis: mode, max age, and its description."""

    mode: LookupPolicy
    max_age: timedelta
    text: str


def _rule(policy: Policy | None, spec: _BasisSpec) -> _Rule:
    pol = policy or Policy()
    if pol.interpolate:
        raise BurdenError(
            "policy", "reference series are never interpolated; use interpolate=False"
        )
    default = WAGE_MAX_AGE if spec.kind == "wage" else PRICE_MAX_AGE
    age = pol.max_age if pol.max_age is not None else default
    return _Rule(pol.mode, age, pol.describe(age))


def _distance(row: _Row, day: date) -> int:
    """Days from the row's span to ``day``: 0 inside, >0 when the row is earlier, <0 later."""
    if row.date_to < day:
        return (day - row.date_to).days
    if row.date_from > day:
        return -(row.date_from - day).days
    return 0


def _to_reference(row: _Row, spec: _BasisSpec, requested: date, rule: _Rule) -> ReferenceRow:
    f = row.fields
    return ReferenceRow(
        table=spec.table,
        line=row.line,
        series=spec.series,
        date_from=row.date_from,
        date_to=row.date_to,
        date_precision=f["date_precision"],
        place=f.get("place_label") or f["place"],
        currency=f["currency"],
        per=f["per"],
        value=Decimal(f["value"]),
        value_high=Decimal(f["value_high"]) if f["value_high"] else None,
        won_unit=f["won_unit"],
        source=f["source"],
        requested=requested,
        age_days=_distance(row, requested),
        policy=rule.text,
        detail=f.get("detail") or f.get("price_label") or "",
    )


def _era_clip(row: _Row) -> _Row | None:
    """Restrict a KPW row to the era of its won unit (a figure in old won says nothing later)."""
    unit = row.fields.get("won_unit")
    if not unit:
        return row
    era = _era_of_unit(unit)
    start = max(row.date_from, era.valid_from or date.min)
    end = min(row.date_to, era.valid_to or date.max)
    if start > end:
        return None
    if (start, end) == (row.date_from, row.date_to):
        return row
    return _Row(row.line, start, end, row.fields)


@functools.cache
def _place_labels(table: str) -> frozenset[str]:
    """Every place a reference table names (canonical and as written)."""
    out = set()
    for row in _table(table):
        for key in ("place", "place_label"):
            if row.fields.get(key):
                out.add(row.fields[key])
    return frozenset(out)


@functools.cache
def _eligible(spec: _BasisSpec, *, sectoral: bool = False) -> tuple[_Row, ...]:
    rows = []
    for row in _table(spec.table):
        f = row.fields
        if f["date_precision"] == "unknown":
            continue  # the source shows the month but not the year: never a dated reference
        if spec.kind == "wage":
            if f["series"] != spec.series or (spec.general_only and bool(f["detail"]) != sectoral):
                continue
        elif f["good"] != spec.series or f["price_kind"] != "market":
            continue
        clipped = _era_clip(row)
        if clipped is not None:
            rows.append(clipped)
    return tuple(rows)


def _rank(row: _Row, requested: date) -> tuple[int, int, int, int]:
    dist = _distance(row, requested)
    # nearer first; on equal distance the earlier side (a positive distance) first; then the
    # narrowest span; then the latest start; then table order.
    return (
        abs(dist),
        0 if dist >= 0 else 1,
        (row.date_to - row.date_from).days,
        -row.date_from.toordinal(),
    ) + (row.line,)  # type: ignore[return-value]


@functools.cache
def _index(rows: tuple[_Row, ...]) -> tuple[tuple[_Row, ...], tuple[int, ...], int]:
    """Rows sorted by start, their start ordinals, and the longest span (days) among them."""
    ordered = tuple(sorted(rows, key=lambda r: (r.date_from, r.line)))
    starts = tuple(r.date_from.toordinal() for r in ordered)
    longest = max(((r.date_to - r.date_from).days for r in ordered), default=0)
    return ordered, starts, longest


def _candidates(rows: Sequence[_Row], requested: date, rule: _Rule) -> Sequence[_Row]:
    """Rows that can possibly be within ``rule`` of ``requested`` (a bisected slice)."""
    if not isinstance(rows, tuple):
        return rows
    ordered, starts, longest = _index(rows)
    x = requested.toordinal()
    ahead = rule.max_age.days if rule.mode is LookupPolicy.NEAREST else 0
    lo = bisect.bisect_left(starts, x - rule.max_age.days - longest)
    hi = bisect.bisect_right(starts, x + ahead)
    return ordered[lo:hi]


def _within(rows: Sequence[_Row], requested: date, rule: _Rule) -> list[_Row]:
    rows = _candidates(rows, requested, rule)

    def ok(r: _Row) -> bool:
        dist = _distance(r, requested)
        if rule.mode is LookupPolicy.EXACT:
            return dist == 0
        if rule.mode is LookupPolicy.PREVIOUS:
            return 0 <= dist <= rule.max_age.days
        return abs(dist) <= rule.max_age.days

    era = eras.won_unit(requested)

    def same_era(r: _Row) -> bool:
        # Across a redenomination wages and prices were reset, not rescaled (wages were kept
        # nominally, prices jumped), so a KPW row never stands in for a date of another era.
        unit = r.fields.get("won_unit")
        return not unit or unit == era

    return sorted((r for r in rows if ok(r) and same_era(r)), key=lambda r: _rank(r, requested))


def _not_found(
    basis: str, rows: Sequence[_Row], requested: date, rule: _Rule, where: str = ""
) -> ReferenceNotFoundError:
    first = min((r.date_from for r in rows), default=None)
    last = max((r.date_to for r in rows), default=None)
    before = [r for r in rows if r.date_from <= requested]
    after = [r for r in rows if r.date_from > requested]
    hints = []
    if before:
        prev = max(before, key=lambda r: (r.date_to, -r.line))
        hints.append(
            f"latest earlier row ends {prev.date_to.isoformat()} "
            f"({max(0, (requested - prev.date_to).days)} days before)"
        )
    if after:
        nxt = min(after, key=lambda r: (r.date_from, r.line))
        hints.append(f"next row starts {nxt.date_from.isoformat()}")
    detail = f"nothing{where} within {rule.text} in the {eras.won_unit(requested)} won"
    if hints:
        detail += "; " + ", ".join(hints)
    return ReferenceNotFoundError(basis, requested, first, last, detail)


def lookup_reference(
    basis: str,
    requested: date | str,
    *,
    place: str | None = None,
    policy: Policy | None = None,
) -> tuple[tuple[ReferenceRow, ...], tuple[str, ...]]:
    """Look up the reference rows for a basis on a date (and place) under a rate policy.

    The policy is the rates' ``Policy`` (default PREVIOUS; ``max_age`` defaults to
    ``WAGE_MAX_AGE`` for wages and ``PRICE_MAX_AGE`` for prices). A row with a period covers
    every day of it and its age counts from its end; a KPW row counts only within the era of its
    won unit. Wages: the single best row (nearest, then the narrowest span, then the latest); for
    the state wage a sectoral figure is used only when no general one qualifies, and the notes
    say so. Prices: with a place, that place's best row, else an explicit fallback (same
    province, then the nearest place with data, then the best row anywhere); without a place,
    every place's row on the best date, so the result is a range across places, not a choice.

    Args:
        basis: "nk_state_wage", "nk_market_wage", "rice_kg" or "corn_kg".
        requested: The document date.
        place: A place name (prices only), e.g. "Chongjin".
        policy: A ``moneyx.Policy``; EXACT, PREVIOUS or NEAREST with ``max_age``.

    Returns:
        (rows used, notes explaining fallbacks and thin data).

    Raises:
        BurdenError: For an unknown basis, a bad date or an interpolating policy.
        UnknownPlaceError: A place neither ``moneyx/data/nk_places.csv`` nor the table knows.
        ReferenceNotFoundError: When no row satisfies the policy.

    Example:
        >>> rows, notes = lookup_reference("nk_state_wage", "2011-04-20")
        >>> rows[0].value, rows[0].value_high, rows[0].date_from.isoformat()
        (Decimal('3000'), Decimal('4000'), '2011-04-01')

    """
    spec = BASES.get(basis)
    if spec is None:
        raise BurdenError("basis", f"unknown basis {basis!r} (known: {', '.join(BASES)})")
    day = _as_date(requested, "doc_date")
    assert day is not None
    if place is not None:
        place = places.check_place(place, _place_labels(spec.table))
    rule = _rule(policy, spec)
    rows = _eligible(spec)
    notes: list[str] = []
    if spec.kind == "wage":
        found = _within(rows, day, rule)
        if not found and spec.general_only:
            sectoral = _within(_eligible(spec, sectoral=True), day, rule)
            if sectoral:
                found = sectoral
                notes.append(
                    f"thin: no general {spec.series} row within {rule.text}; fell back to a "
                    f"sectoral figure ({sectoral[0].fields['detail']})"
                )
        if not found:
            raise _not_found(basis, rows, day, rule)
        chosen = [found[0]]
        if place:
            notes.append(f"the wage series is national; place {place!r} not used")
    else:
        chosen = _choose_prices(basis, rows, day, place, rule, notes)
    refs = tuple(_to_reference(r, spec, day, rule) for r in chosen)
    notes.extend(_thin_notes(refs, spec))
    return refs, tuple(notes)


def _place_of(row: _Row) -> str:
    return row.fields["place"]


def _across_places(
    found: Sequence[_Row], notes: list[str], why: str = "no place given"
) -> list[_Row]:
    """Every place's row on the best date (a range across places, not a choice of one)."""
    best = found[0]
    same = [r for r in found if (r.date_from, r.date_to) == (best.date_from, best.date_to)]
    by_place: dict[str, _Row] = {}
    for r in same:
        by_place.setdefault(_place_of(r), r)
    chosen = sorted(by_place.values(), key=_place_of)
    if len(chosen) > 1:
        notes.append(
            f"{why}: range across "
            + ", ".join(_place_of(r) for r in chosen)
            + f" on {best.date_to.isoformat()}"
        )
    elif why != "no place given":
        notes.append(f"{why}: used {_place_of(chosen[0])}")
    return chosen


def _choose_prices(
    basis: str, rows: Sequence[_Row], day: date, place: str | None, rule: _Rule, notes: list[str]
) -> list[_Row]:
    found = _within(rows, day, rule)
    if not found:
        raise _not_found(basis, rows, day, rule)
    if place is None:
        return _across_places(found, notes)
    for step in places.fallback_steps(place, {_place_of(r) for r in found}):
        if step.labels is None:
            return _across_places(
                found,
                notes,
                f"no {basis} row for {place} or a place near it within {rule.text}; "
                "fell back to all places",
            )
        rows = [r for r in found if _place_of(r) in step.labels]
        if rows:
            if step.how:
                notes.append(
                    f"no {basis} row for {place} within {rule.text}; fell back to "
                    f"{_place_of(rows[0])} ({step.how})"
                )
            return [rows[0]]
    raise AssertionError("fallback_steps always ends with all places")  # pragma: no cover


def _thin_notes(refs: Sequence[ReferenceRow], spec: _BasisSpec) -> list[str]:
    notes = []
    limit = _THIN_WAGE_DAYS if spec.kind == "wage" else _THIN_PRICE_DAYS
    for ref in refs:
        tag = f"{ref.table} line {ref.line}"
        if abs(ref.age_days) > limit:
            when = "before" if ref.age_days > 0 else "after"
            notes.append(f"thin: {tag} is {abs(ref.age_days)} days {when} the date asked")
        if ref.date_precision != "day":
            notes.append(f"thin: {tag} is dated only to precision '{ref.date_precision}'")
        if ref.value_high is not None:
            notes.append(f"thin: {tag} is a range ({ref.value:,}-{ref.value_high:,}) in its source")
    return notes


# --------------------------------------------------------------------------------------------
# arithmetic


def _normalize_fn() -> Callable[..., Conversion]:
    try:
        from moneyx.normalize import normalize
    except ImportError as exc:  # pragma: no cover - only while normalize is missing
        raise BurdenError(
            "rates", "converting between currencies needs moneyx.normalize, which is not available"
        ) from exc
    return normalize


def _convert(
    obj: Mention | Money, day: date, rates: object, target: str, what: str
) -> tuple[Decimal, Decimal | None, Conversion]:
    """Convert a mention/money to USD or KPW (won of ``day``, the day already chosen)."""
    # only the target the comparison needs: a missing KPW rate must not stop a USD comparison
    conv: Conversion = _normalize_fn()(obj, doc_date=day, rates=rates, to=(target,), use_when=False)
    if target == "KPW":
        low, high = conv.kpw, conv.kpw_high
    else:
        low, high = conv.usd, conv.usd_high
    if low is None:
        raise BurdenError(
            what,
            f"cannot convert {getattr(obj, 'text', obj)!r} to {target} on {day.isoformat()}: "
            f"{conv.note or 'no figure'}",
        )
    return low, high, conv


def _in_currency(
    a: _Priced,
    w: _Priced,
    doc_date: date | None,
    wage_date: date | None,
    rates: object,
    notes: list[str],
) -> tuple[_Priced, _Priced, tuple[Conversion, ...]]:
    """Bring amount and wage into one currency (and one won era); return them + conversions."""
    if a.currency == w.currency:
        if a.currency == "KPW" and doc_date and wage_date:
            fa, fw = _factor_at(doc_date), _factor_at(wage_date)
            if fa != fw:
                k = fa / fw
                notes.append(
                    f"amount in won of {doc_date.isoformat()} rescaled by {k:f} to the won of "
                    f"{wage_date.isoformat()} (redenomination, rates/eras.csv)"
                )
                a = _Priced(
                    a.value * k,
                    None if a.high is None else a.high * k,
                    "KPW",
                    a.per,
                    a.label,
                    a.original,
                )
        if doc_date and wage_date and doc_date != wage_date:
            notes.append(
                f"amount dated {doc_date.isoformat()}, wage dated {wage_date.isoformat()}: "
                "nominal comparison, no inflation adjustment"
            )
        return a, w, ()
    if doc_date is None:
        raise BurdenError(
            "doc_date",
            f"amount {a.label!r} ({a.currency}) and wage {w.label!r} ({w.currency}) differ in "
            "currency; pass doc_date= so they can be converted with dated rates",
        )
    wday = wage_date or doc_date
    if wday != doc_date:
        notes.append(
            f"amount converted on {doc_date.isoformat()}, wage dated {wday.isoformat()}: "
            "nominal comparison, no inflation adjustment"
        )
    if w.currency in ("KPW", "USD"):
        low, high, conv = _convert(a.original, doc_date, rates, w.currency, "amount")
        if w.currency == "KPW" and _factor_at(doc_date) != _factor_at(wday):
            k = _factor_at(doc_date) / _factor_at(wday)
            low, high = low * k, None if high is None else high * k
            notes.append(f"converted amount rescaled by {k:f} to the won of {wday.isoformat()}")
        notes.append(
            f"amount converted to {w.currency} on {doc_date.isoformat()} "
            f"({len(conv.quotes)} quote(s))"
        )
        return _Priced(low, high, w.currency, a.per, a.label, a.original), w, (conv,)
    # Neither side is KPW/USD on the wage side: compare both in USD, each on its own date.
    alow, ahigh, aconv = _convert(a.original, doc_date, rates, "USD", "amount")
    wmoney = Money(value=w.value, high=w.high, currency=w.currency, per=w.per)
    wlow, whigh, wconv = _convert(wmoney, wday, rates, "USD", "wage")
    notes.append("amount and wage compared in USD, each converted on its own date")
    return (
        _Priced(alow, ahigh, "USD", a.per, a.label, a.original),
        _Priced(wlow, whigh, "USD", w.per, w.label, w.original),
        (aconv, wconv),
    )


def _own_date(
    obj: Mention | Money, doc_day: date | None, what: str, notes: list[str]
) -> date | None:
    """Return the day an amount or wage is weighed on: the text's date for it, else the document's.

    A mention the text dates ("in 2002", "before the currency reform": ``Mention.when``) is
    weighed on that day, in the won of that day; the note says so.
    """
    when = obj.when if isinstance(obj, Mention) else None
    if when is None:
        return doc_day
    than = f", not the document's {doc_day.isoformat()}" if doc_day is not None else ""
    notes.append(
        f"{what} dated {when.day.isoformat()} by the text ({when.text!r}, {when.precision}){than}"
    )
    return when.day


def _amount_notes(obj: Mention | Money) -> list[str]:
    """Return the caveats carried by the amount itself (a per-unit price, a bound)."""
    notes = []
    if obj.per:
        notes.append(f"the amount is priced per {obj.per}; the figure is for one {obj.per}")
    bound = getattr(obj, "bound", None)
    if bound:
        word = _BOUND_WORDS[bound]
        notes.append(f"the text gives the amount as a bound ({word}); so is the figure")
    return notes


def _wage_burden(
    amount_obj: Mention | Money,
    a: _Priced,
    w: _Priced,
    *,
    basis: str,
    doc_date: date | None,
    wage_date: date | None,
    rates: object,
    cal: units.Calendar,
    notes: list[str],
    references: tuple[ReferenceRow, ...] = (),
) -> Burden:
    a, w, convs = _in_currency(a, w, doc_date, wage_date, rates, notes)
    assert w.per is not None
    has_range = a.high is not None or w.high is not None
    # periods_per_year comes from pint (cached per period and calendar); the per-call
    # arithmetic is plain Decimal, and the result is handed back as a pint quantity.
    per_year = units.periods_per_year(w.per, cal)
    periods_low = a.value / w.top
    periods_high = a.top / w.value if has_range else None
    years_low = periods_low / per_year
    years_high = None if periods_high is None else periods_high / per_year
    twelve = units.periods_per_year("month", cal)

    notes.insert(0, f"calendar: {cal.description}")
    if w.per == "day":
        notes.append("a day wage is counted for every calendar day of the year")
    if (
        isinstance(a.original, Mention)
        and a.original.approx
        or (isinstance(w.original, Mention) and w.original.approx)
    ):
        notes.append("approximate figure(s) in the text")
    notes.extend(_amount_notes(a.original))
    wage_money = (
        w.original
        if isinstance(w.original, Money)
        else Money(value=w.value, high=w.high, currency=w.currency, per=w.per)
    )
    return Burden(
        amount=amount_obj,
        basis=basis,
        years=years_low,
        months=years_low * twelve,
        quantity=units.registry().Quantity(years_low, cal.year_unit),
        years_high=years_high,
        months_high=None if years_high is None else years_high * twelve,
        conversions=convs,
        reference="; ".join(r.describe() for r in references),
        note="; ".join(notes),
        wage=w.original if basis == "wage" else wage_money,
        periods=periods_low,
        periods_high=periods_high,
        period=w.per,
        calendar=cal.value,
        references=references,
        thin=any(n.startswith("thin:") or "fell back" in n for n in notes),
        notes=tuple(notes),
        on=doc_date,
    )


def _good_burden(
    amount_obj: Mention | Money,
    a: _Priced,
    basis: str,
    doc_date: date,
    refs: tuple[ReferenceRow, ...],
    rates: object,
    notes: list[str],
) -> Burden:
    convs: tuple[Conversion, ...] = ()
    if a.currency == "KPW":
        low, high = a.value, a.high
    else:
        low, high, conv = _convert(a.original, doc_date, rates, "KPW", "amount")
        convs = (conv,)
        notes.append(f"amount converted to KPW on {doc_date.isoformat()}")
    doc_factor = _factor_at(doc_date)
    prices_low: list[Decimal] = []
    prices_high: list[Decimal] = []
    for ref in refs:
        k = _factor_of_unit(ref.won_unit) / doc_factor
        if k != 1:
            notes.append(f"{ref.table} line {ref.line} in {ref.won_unit} won rescaled by {k:f}")
        prices_low.append(ref.value * k)
        prices_high.append((ref.value_high or ref.value) * k)
    notes.extend(_amount_notes(a.original))
    cheapest, dearest = min(prices_low), max(prices_high)
    kg_low = low / dearest
    top = high if high is not None else low
    kg_high = top / cheapest if (high is not None or cheapest != dearest) else None
    ureg = units.registry()
    return Burden(
        amount=amount_obj,
        basis=basis,
        years=None,
        months=None,
        quantity=ureg.Quantity(kg_low, "kg"),
        conversions=convs,
        reference="; ".join(r.describe() for r in refs),
        note="; ".join(notes),
        kg=kg_low,
        kg_high=kg_high,
        references=refs,
        thin=any(n.startswith("thin:") or "fell back" in n for n in notes),
        notes=tuple(notes),
        on=doc_date,
    )


def burden(
    amount: Mention | Money | str,
    wage: Mention | Money | str | object | None = None,
    *,
    basis: str | None = None,
    doc_date: date | str | None = None,
    place: str | None = None,
    rates: object = None,
    convention: units.Calendar | str | None = None,
    wage_date: date | str | None = None,
    wage_currency: str | None = None,
    policy: Policy | None = None,
    default_currency: Mapping[str, str] | None = None,
) -> Burden:
    """Weigh an amount against a wage (years of work) or a reference basis.

    Args:
        amount: A Mention, a Money, or a string read by ``extract_amounts`` such as
            "5000000 KPW" or "5 million won" (one amount).
        wage: A wage: a Mention priced per day/week/month/year, a Money with ``per``, a string
            such as "3000 KPW/month" or "3,000 won a month" (read by ``extract_amounts``), or a
            pint quantity of dimension 1/[time] with ``wage_currency``. Give either ``wage`` or
            ``basis``.
        basis: A reference series: "nk_state_wage", "nk_market_wage", "rice_kg", "corn_kg".
        doc_date: The document's date; needed for a basis and whenever the two sides must be
            converted. A Mention the text dates (``Mention.when``: "in 2002") is weighed on its
            own date instead (its won, rates and reference rows are those of that day), and a
            dated wage Mention on its own date unless ``wage_date`` is given; ``Burden.on`` and
            ``notes`` say which day was used.
        place: Place for a price basis ("Chongjin"); fallbacks are explicit in ``notes``.
        rates: A RateStore for conversions (default: the shipped tables).
        convention: Calendar (``moneyx.units.Calendar`` or "julian"/"common"/"weeks_52").
        wage_date: Date of the wage when it differs from ``doc_date``.
        wage_currency: Currency of a pint-quantity wage.
        policy: Lookup policy for the reference row (``moneyx.Policy``; default PREVIOUS with
            ``WAGE_MAX_AGE`` or ``PRICE_MAX_AGE``).
        default_currency: For string inputs, the currency of a surface the words do not decide,
            e.g. ``{"won": "KPW"}`` (as for ``extract_amounts``).

    Returns:
        A Burden: ``years``/``months``/``periods`` for a wage (``*_high`` for ranges), ``kg``
        for a goods basis, the conversions and reference rows used, and notes.

    Raises:
        BurdenError: Missing or conflicting inputs (no wage and no basis, a wage without
            period: ``InvalidPeriodError``, a string with no amount or several), a NaN or
            infinite amount, or currencies that need a date.
        UnresolvedCurrencyError: A mention whose currency is undecided ("5 million won"
            without ``default_currency``).
        UnknownPlaceError: A place neither ``moneyx/data/nk_places.csv`` nor the table knows.
        ReferenceNotFoundError: No reference row satisfies the lookup policy.
        RateNotFoundError: A needed exchange rate is missing.

    Example:
        >>> b = burden("5000000 KPW", "3000 KPW/month")
        >>> b.years.quantize(Decimal("0.01")), b.periods.quantize(Decimal("0.01"))
        (Decimal('138.89'), Decimal('1666.67'))
        >>> burden("5 million won", "3,000 won a month",
        ...        default_currency={"won": "KPW"}).years.quantize(Decimal("0.01"))
        Decimal('138.89')

    """
    cal = units.calendar_of(convention)
    doc_day = _as_date(doc_date, "doc_date")
    wday = _as_date(wage_date, "wage_date")
    if (wage is None) == (basis is None):
        raise BurdenError(
            "burden",
            f"give exactly one of a wage (e.g. '3000 KPW/month') or basis= ({', '.join(BASES)})",
        )
    a = _as_amount(amount, doc_day, default_currency)
    amount_obj = a.original
    notes: list[str] = []
    day = _own_date(amount_obj, doc_day, "amount", notes)
    if wage is not None:
        w = _as_wage(wage, wage_currency, wday or doc_day, default_currency)
        if wday is None:
            wday = _own_date(w.original, doc_day, "wage", notes)
        if place:
            notes.append(f"place {place!r} not used with an explicit wage")
        return _wage_burden(
            amount_obj,
            a,
            w,
            basis="wage",
            doc_date=day,
            wage_date=wday or day,
            rates=rates,
            cal=cal,
            notes=notes,
        )
    assert basis is not None
    spec = BASES.get(basis)
    if spec is None:
        raise BurdenError("basis", f"unknown basis {basis!r} (known: {', '.join(BASES)})")
    if day is None:
        raise BurdenError("doc_date", f"basis {basis!r} needs doc_date= to pick the reference row")
    refs, ref_notes = lookup_reference(basis, day, place=place, policy=policy)
    notes.extend(ref_notes)
    if spec.kind == "good":
        return _good_burden(amount_obj, a, basis, day, refs, rates, notes)
    ref = refs[0]
    k = _factor_of_unit(ref.won_unit) / _factor_at(day) if ref.won_unit else Decimal(1)
    if k != 1:
        notes.append(
            f"{ref.table} line {ref.line} in {ref.won_unit} won rescaled by {k:f} "
            f"to the won of {day.isoformat()}"
        )
    wmoney = Money(
        value=ref.value * k,
        high=None if ref.value_high is None else ref.value_high * k,
        currency=ref.currency,
        per=ref.per,
    )
    w = _as_wage(wmoney, None)
    return _wage_burden(
        amount_obj,
        a,
        w,
        basis=basis,
        doc_date=day,
        wage_date=day,
        rates=rates,
        cal=cal,
        notes=notes,
        references=refs,
    )


# --------------------------------------------------------------------------------------------
# documents


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentBurden:
    """Every burden computed for one mention of a document, and every one that failed.

    Attributes:
        index: Index of the mention in ``extract_amounts``' list.
        mention: The mention weighed.
        burdens: Burdens against each wage the text states, then each reference basis.
        problems: Why a wage or basis gave nothing, or why the mention was not weighed.

    """

    index: int
    mention: Mention
    burdens: tuple[Burden, ...] = ()
    problems: tuple[str, ...] = ()


def document_burdens(
    text: str,
    doc_date: date | str,
    *,
    lang: str | None = None,
    default_currency: Mapping[str, str] | None = None,
    place: str | None = None,
    bases: Sequence[str] = _DEFAULT_DOC_BASES,
    rates: object = None,
    convention: units.Calendar | str | None = None,
    mentions: Sequence[Mention] | None = None,
) -> list[DocumentBurden]:
    """Relate every amount in a text to the wages the text states and to reference bases.

    Wages are the mentions with ``role == "wage"`` (set by the extractor from wage cues such as
    "monthly wage", "earn", "salary"). Each other amount is weighed against each of them (same
    document date) and against each basis in ``bases``. A parenthetical gloss is not weighed
    again (its source is); a wage is the yardstick, not an amount. Nothing is dropped: every
    mention gets an entry, with ``problems`` for whatever could not be computed.

    Args:
        text: The document.
        doc_date: Its date.
        lang: Extraction language (default: from the text, as ``extract_amounts``).
        default_currency: Caller defaults for ambiguous surfaces, e.g. {"won": "KPW"}.
        place: Place for price bases.
        bases: Reference bases to add (default: state wage, market wage, rice).
        rates: A RateStore (default: the shipped tables).
        convention: Calendar convention.
        mentions: The text's mentions when already extracted (then ``text`` is not scanned).

    Returns:
        One DocumentBurden per mention, in text order.

    Raises:
        BurdenError: For an invalid doc_date or unknown basis.

    Example:
        >>> from decimal import Decimal
        >>> amt = Mention(start=0, end=11, text="5,000,000 ₩", value=Decimal(5000000),
        ...               currency="KPW")
        >>> wage = Mention(start=30, end=39, text="3,000 won", value=Decimal(3000),
        ...                currency="KPW", per="month", role="wage")
        >>> out = document_burdens("", "2007-02-06", mentions=[amt, wage], bases=())
        >>> out[0].burdens[0].years.quantize(Decimal("0.01"))
        Decimal('138.89')

    """
    day = _as_date(doc_date, "doc_date")
    if day is None:
        raise BurdenError("doc_date", "document_burdens needs the document date")
    for b in bases:
        if b not in BASES:
            raise BurdenError("bases", f"unknown basis {b!r} (known: {', '.join(BASES)})")
    if mentions is None:
        from moneyx.extract import extract_amounts

        mentions = extract_amounts(
            text, lang=lang, doc_date=day.isoformat(), default_currency=default_currency
        )
    wages = [(i, m) for i, m in enumerate(mentions) if m.role == "wage"]
    out: list[DocumentBurden] = []
    for i, m in enumerate(mentions):
        if m.role == "wage":
            out.append(
                DocumentBurden(
                    index=i, mention=m, problems=("a wage stated by the text: the yardstick",)
                )
            )
            continue
        if m.gloss_of is not None:
            out.append(
                DocumentBurden(
                    index=i, mention=m, problems=(f"gloss of mention #{m.gloss_of}; weighed there",)
                )
            )
            continue
        found: list[Burden] = []
        problems: list[str] = []
        for j, w in wages:
            try:
                found.append(burden(m, w, doc_date=day, rates=rates, convention=convention))
            except MoneyxError as exc:
                problems.append(f"vs wage #{j} {w.text!r}: {exc}")
        for b in bases:
            try:
                found.append(
                    burden(
                        m, basis=b, doc_date=day, place=place, rates=rates, convention=convention
                    )
                )
            except MoneyxError as exc:
                problems.append(f"vs {b}: {exc}")
        if not wages:
            problems.append("the text states no wage (no mention with role 'wage')")
        out.append(
            DocumentBurden(index=i, mention=m, burdens=tuple(found), problems=tuple(problems))
        )
    return out
