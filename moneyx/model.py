"""Frozen records shared by every layer: Mention, Money, RateQuote, Conversion, Burden."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Literal

from moneyx.errors import InvalidRecordError, UnknownCurrencyError

__all__ = [
    "Bound",
    "Burden",
    "Conversion",
    "Converted",
    "Explanation",
    "GlossPair",
    "InvalidRecordError",
    "Mention",
    "Money",
    "RateQuote",
    "ReferenceRow",
    "Vetoed",
    "When",
]

Bound = Literal["gt", "ge", "lt", "le"]
"""How a bounded amount relates to its value: 'more than' gt, 'at least' ge, 'less than' lt,
'up to'/'at most' le."""

Precision = Literal["day", "month", "year", "period"]
"""How precisely the text dates an amount: a day, a month, a year, or a longer or open period
(a decade, an era, "before the currency reform")."""

_PRECISIONS = frozenset({"day", "month", "year", "period"})  # not-lexicon: precision kinds
_BOUNDS = frozenset({"gt", "ge", "lt", "le"})  # not-lexicon: bound kinds
# candidate tuples already validated (a bounded memo of immutable values, not shared state)
_CHECKED_CANDIDATES: set[tuple[str, ...]] = set()


def _check_code(code: str | None, what: str) -> None:
    if code is not None and not (
        len(code) == 3 and code.isascii() and code.isalpha() and code.isupper()
    ):
        raise InvalidRecordError(f"{what} {code!r} is not an upper-case ISO 4217 code")


@dataclass(frozen=True, slots=True, kw_only=True)
class When:
    """The date or period an amount refers to, as the text states it near the amount.

    "In 2002 rice cost 40 won" dates the 40 won in 2002: ``first`` 2002-01-01, ``last``
    2002-12-31, ``precision`` "year", ``text`` "In 2002". Relative words ("two years ago",
    "last December", 작년 12월) are resolved against the document date.

    Attributes:
        day: The day conversions use: the document date when it falls inside the period, else
            the middle of the period; the last day of a period open at its start ("before the
            currency reform": the day before it), the first of one open at its end.
        first: First day of the period, or None when the text leaves the start open.
        last: Last day of the period, or None when the text leaves the end open.
        precision: "day", "month", "year", or "period" (a decade, an era, before or after an
            event).
        text: The words it came from, as written.
        start: Offset of those words in the text.
        end: Offset one past them.
        rule: Id of the rule that read the words ("when.calendar", "when.ago", ...).
        scope: Id of the rule that gave the words to this amount ("when.after-amount": right
            after it; "when.clause": at the head of its clause; "when.gloss": from the amount it
            converts or its conversion).

    """

    day: date
    first: date | None = None
    last: date | None = None
    precision: Precision
    text: str
    start: int
    end: int
    rule: str = ""
    scope: str = ""

    def __post_init__(self) -> None:
        if self.precision not in _PRECISIONS:
            raise InvalidRecordError(f"unknown precision {self.precision!r}")
        if not 0 <= self.start < self.end or len(self.text) != self.end - self.start:
            raise InvalidRecordError(
                f"bad span {self.start}..{self.end} for the date words {self.text!r}"
            )
        if self.first is not None and self.last is not None and self.first > self.last:
            raise InvalidRecordError(f"period {self.first}..{self.last} ends before it starts")
        if (self.first is not None and self.day < self.first) or (
            self.last is not None and self.day > self.last
        ):
            raise InvalidRecordError(f"day {self.day} outside {self.first}..{self.last}")

    def to_dict(self) -> dict[str, object]:
        """Return the fields as a JSON-safe dict (dates as ISO strings).

        Example:
            >>> from datetime import date
            >>> When(day=date(2002, 7, 1), first=date(2002, 1, 1), last=date(2002, 12, 31),
            ...      precision="year", text="in 2002", start=0, end=7).to_dict()["day"]
            '2002-07-01'

        """
        return {  # not-lexicon: field names
            "day": self.day.isoformat(),
            "first": None if self.first is None else self.first.isoformat(),
            "last": None if self.last is None else self.last.isoformat(),
            "precision": self.precision,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "rule": self.rule,
            "scope": self.scope,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """One monetary amount found in a text.

    Offsets are Python string offsets into the text given to ``extract_amounts``; ``end`` is
    exclusive, so ``text[m.start:m.end] == m.text`` always holds.

    Attributes:
        start: Offset of the first character of the amount.
        end: Offset one past the last character.
        text: The exact surface, from the currency marker or qualifier through the number and
            scale (hedges such as "about" and bounds such as "more than" stay outside the span and
            are reported in ``approx``/``hedge`` and ``bound``).
        value: The amount (the low end of a range) in major units of ``currency``.
        high: The high end of a range, else None.
        currency: ISO 4217 code, or None where no evidence and no default decided it.
        candidates: Every code the surface could mean, e.g. ("KPW", "KRW") for "won".
        reason: Why ``currency`` was chosen (or why it stayed None).
        approx: True when a hedge (about, around, nearly, ...) qualifies the amount.
        hedge: The hedge word(s) as written, else None.
        bound: 'gt', 'ge', 'lt' or 'le' when a bound (more than, at least, less than, up to)
            qualifies the amount, else None.
        per: Singular lower-case unit the amount is priced per ("household", "month", "kg").
        gloss_of: Index, in the returned list, of the mention this parenthetical glosses.
        elided: True when the currency is not written next to the number and comes from the
            passage: a bare figure in a price series or an exchange-rate story ("rice 5,100
            won per kg, corn 2,300 per kg"; "the won closed at 1,402.5").
        role: "wage" when the amount is a wage or salary; "rate" when it is a quoted exchange
            rate, a level priced per another currency (``per`` is the base: "the dollar traded
            at 8,150 won", "8,000 won to the dollar", both ends of "fell from 8,400 won to
            7,900 won"; a change of a rate, "down 120 won", keeps ``per`` but has no role);
            else None.
        rule: Identifier of the grammar rule that produced the mention.
        lang: Language of the rules that fired.
        unit: The currency surface as written ("won", "$", "US$", "yuan", "dlrs").
        trace: Ids of the rules that decided the mention, in the order they fired: the
            candidate rule, composition rules, the per rule, carries, the currency rung and
            the rules that dated it (``moneyx explain`` prints them; ``docs/rules.md`` lists
            every id).
        when: The date or period the text gives the amount ("in 2002", "last December",
            "before the currency reform"), resolved against the document date; None when the
            text states none near it (then the document date applies).

    """

    start: int
    end: int
    text: str
    value: Decimal
    high: Decimal | None = None
    currency: str | None = None
    candidates: tuple[str, ...] = ()
    reason: str = ""
    approx: bool = False
    hedge: str | None = None
    bound: Bound | None = None
    per: str | None = None
    gloss_of: int | None = None
    elided: bool = False
    role: str | None = None
    rule: str = ""
    lang: str = "en"
    unit: str = ""
    trace: tuple[str, ...] = ()
    when: When | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise InvalidRecordError(f"bad span {self.start}..{self.end} for {self.text!r}")
        if len(self.text) != self.end - self.start:
            raise InvalidRecordError(
                f"text {self.text!r} does not fit span {self.start}..{self.end}"
            )
        if not isinstance(self.value, Decimal):
            raise InvalidRecordError(f"value of {self.text!r} must be a Decimal")
        if self.high is not None and self.high < self.value:
            raise InvalidRecordError(f"range high {self.high} < low {self.value} in {self.text!r}")
        _check_code(self.currency, "currency")
        if self.candidates not in _CHECKED_CANDIDATES:  # the lexicon's tuples repeat
            for c in self.candidates:
                _check_code(c, "candidate")
            if len(_CHECKED_CANDIDATES) < 4096:
                _CHECKED_CANDIDATES.add(self.candidates)
        if self.bound is not None and self.bound not in _BOUNDS:
            raise InvalidRecordError(f"unknown bound {self.bound!r}")

    @property
    def is_range(self) -> bool:
        """Whether the mention is a range (``high`` is set)."""
        return self.high is not None

    def to_dict(self) -> dict[str, object]:
        """Return every field as a JSON-safe dict (Decimals as strings, tuples as lists).

        Example:
            >>> from decimal import Decimal
            >>> Mention(start=0, end=5, text="$2.50", value=Decimal("2.50"),
            ...         currency="USD").to_dict()["value"]
            '2.50'

        """
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value": str(self.value),
            "high": None if self.high is None else str(self.high),
            "currency": self.currency,
            "candidates": list(self.candidates),
            "reason": self.reason,
            "approx": self.approx,
            "hedge": self.hedge,
            "bound": self.bound,
            "per": self.per,
            "gloss_of": self.gloss_of,
            "elided": self.elided,
            "role": self.role,
            "rule": self.rule,
            "lang": self.lang,
            "unit": self.unit,
            "trace": list(self.trace),
            "when": None if self.when is None else self.when.to_dict(),
        }


def _amount(value: object, what: str) -> Decimal:
    """Return ``value`` as a finite Decimal, or raise InvalidRecordError naming it."""
    if isinstance(value, bool):
        raise InvalidRecordError(f"{what} {value!r} is a bool, not an amount")
    if isinstance(value, Decimal):
        dec = value
    elif isinstance(value, int | float | str):
        try:
            dec = Decimal(value.strip() if isinstance(value, str) else str(value))
        except InvalidOperation:
            raise InvalidRecordError(
                f"{what} {value!r} is not a number (write digits, e.g. '5000000' or '2.5')"
            ) from None
    else:
        raise InvalidRecordError(
            f"{what} must be a Decimal, int, float or numeric string, got {type(value).__name__}"
        )
    if not dec.is_finite():
        raise InvalidRecordError(f"{what} {value!r} is not a finite amount (NaN or infinity)")
    return dec


def _currency_code(code: object) -> str:
    """Return ``code`` as an upper-case ISO code moneyx knows, or raise naming it."""
    if not isinstance(code, str):
        raise InvalidRecordError(f"currency must be an ISO 4217 code string, got {code!r}")
    norm = code.strip().upper()
    if not (len(norm) == 3 and norm.isascii() and norm.isalpha()):
        raise InvalidRecordError(f"currency {code!r} is not an ISO 4217 code")
    from moneyx.lexicon import currencies  # data layer, loaded once (no cycle: lexicon <- errors)

    if norm not in currencies():
        raise UnknownCurrencyError(norm, "not in moneyx/data/currencies.toml")
    return norm


@dataclass(frozen=True, slots=True, kw_only=True)
class Money:
    """An amount a caller states directly (not found in a text).

    ``value`` and ``high`` accept a ``Decimal``, an ``int``, a ``float`` or a numeric string and
    are stored as ``Decimal``; NaN, infinities and text that is no number are refused with
    :class:`InvalidRecordError`. ``currency`` is an ISO 4217 code in any case ("cny" is stored
    as "CNY"); a code moneyx does not know raises :class:`~moneyx.errors.UnknownCurrencyError`.

    Attributes:
        value: The amount (low end of a range).
        currency: ISO 4217 code.
        high: High end of a range, else None.
        per: The unit it is priced per ("month" for a monthly wage), else None.

    Example:
        >>> Money(value="2.5", currency="cny")
        Money(value=Decimal('2.5'), currency='CNY', high=None, per=None)

    """

    value: Decimal
    currency: str
    high: Decimal | None = None
    per: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", _amount(self.value, "value"))
        if self.high is not None:
            object.__setattr__(self, "high", _amount(self.high, "high"))
        object.__setattr__(self, "currency", _currency_code(self.currency))
        if self.high is not None and self.high < self.value:
            raise InvalidRecordError(f"range high {self.high} < low {self.value}")
        if self.per is not None and not isinstance(self.per, str):
            raise InvalidRecordError(f"per must be a string such as 'month', got {self.per!r}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Vetoed:
    """A candidate amount that a named veto rejected (the "why not" of ``explain``).

    Attributes:
        start: Offset of the candidate's first character.
        end: Offset one past its last character.
        text: The candidate as written.
        rule: Id of the veto rule that rejected it ("veto.won-verb").
        reason: What the veto saw, for a person.

    """

    start: int
    end: int
    text: str
    rule: str
    reason: str

    def to_dict(self) -> dict[str, object]:
        """Return the fields as a JSON-safe dict."""
        return {  # not-lexicon: field names
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "rule": self.rule,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Explanation:
    """Every candidate of one text: the mentions kept (with their traces) and those vetoed.

    Attributes:
        text: The text explained.
        mentions: What ``extract_amounts`` returns for it.
        vetoed: The candidates that named vetoes rejected, in text order.
        context: The ids of the context rules that acted on the document (a dateline found, a
            cue counted as an origin only, an outlet's name kept to the document scope).

    """

    text: str
    mentions: tuple[Mention, ...]
    vetoed: tuple[Vetoed, ...]
    context: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class GlossPair:
    """A parenthetical conversion in the text and the exchange rate it implies.

    Attributes:
        source: Index of the glossed mention ("300 yuan").
        gloss: Index of the glossing mention ("U.S. $47").
        implied_rate: Units of the gloss currency per unit of the source currency
            (47 / 300 for "300 yuan (U.S. $47)"), or None when a value is zero.

    """

    source: int
    gloss: int
    implied_rate: Decimal | None


@dataclass(frozen=True, slots=True, kw_only=True)
class RateQuote:
    """One rate observation used in a conversion.

    Attributes:
        currency: The quoted currency (ISO code).
        base: The currency it is quoted against: "USD" for units per USD, or another code for a
            direct cross such as KPW per CNY.
        requested: The date the caller asked for.
        observed: The date of the observation used (first day of its period).
        observed_end: Last day of the observation's period (a month, a year), else None.
        units_per_base: Units of ``currency`` per one unit of ``base``.
        kind: "market", "official" or "reference".
        source: Citation of the observation (URL or series id).
        provider: Who published it (Federal Reserve H.10, ECB, Daily NK, ...).
        place: City of a market quote, else None.
        policy: The lookup policy that accepted it, e.g. "previous(max_age=7d)".
        units_high: High end when the source gives a range (``units_per_base`` is the low end
            the conversion uses), else None.
        conflicts: Observations of the same series from other sources near the same day that
            disagree with this one (see ``moneyx.rates``: "Conflicting sources"); the policy
            chose this quote, and these stay visible.
        fallback: How the place was chosen when the place asked had no quote within the
            policy ("same province: North Hamgyong"), else "".

    """

    currency: str
    base: str = "USD"
    requested: date
    observed: date
    observed_end: date | None = None
    units_per_base: Decimal
    kind: str = "reference"
    source: str = ""
    provider: str = ""
    place: str | None = None
    policy: str = ""
    units_high: Decimal | None = None
    conflicts: tuple[RateQuote, ...] = ()
    fallback: str = ""

    @property
    def units_per_usd(self) -> Decimal:
        """Units of the currency per USD (only meaningful when ``base`` is USD)."""
        return self.units_per_base

    @property
    def age_days(self) -> int:
        """Days between the date asked and the observation used (from the end of its period)."""
        end = self.observed_end or self.observed
        if self.observed <= self.requested <= end:
            return 0
        return (
            (self.requested - end).days
            if self.requested > end
            else (self.requested - self.observed).days
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Converted:
    """An amount expressed in one target currency on a date, with the quotes used.

    Attributes:
        currency: The target (ISO code).
        value: The amount in the unit of ``currency`` circulating on the date (old won before
            2009-11-30), or None with ``note`` saying why (lenient policy only).
        high: High end of a range, else None.
        unit: Era label of that unit for a redenominated currency ("old"/"new" for KPW, see
            ``rates/eras.csv``), else "".
        current: ``value`` in today's unit of the currency (equal to ``value`` when no
            redenomination lies between).
        current_high: ``high`` in today's unit.
        quotes: The rate observations used for this target.
        route: "same" (no rate needed), "direct" (a quote of the target per the amount's
            currency) or "via USD".
        note: Why ``value`` is None, else how it was reached.

    """

    currency: str
    value: Decimal | None
    high: Decimal | None = None
    unit: str = ""
    current: Decimal | None = None
    current_high: Decimal | None = None
    quotes: tuple[RateQuote, ...] = ()
    route: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Conversion:
    """A mention converted to its target currencies (USD and KPW by default) on a date.

    Attributes:
        mention: The mention (or Money) converted.
        doc_date: The document's date.
        on: The day whose rates and currency units were used: ``when.day`` for a mention the
            text dates ("in 2002"), else ``doc_date``.
        when: The text's date of the mention, when the conversion used it, else None.
        usd: Value in US dollars, or None with ``note`` saying why (USD not a target, or no
            rate under a lenient policy).
        kpw: Value in the North Korean won circulating on ``on`` (see ``kpw_unit``).
        usd_high: High end of a range in USD.
        kpw_high: High end of a range in KPW.
        kpw_unit: "old" when ``on`` is before the 2009-11-30 redenomination, else "new".
        kpw_current: ``kpw`` expressed in today's (new) won.
        kpw_current_high: ``kpw_high`` in today's won.
        era_factor: Factor applied to bring the amount, written in the unit of ``on``, to
            today's unit.
        quotes: Every rate observation used.
        note: Why a figure is missing, or how it was reached ("cross via USD").
        targets: One :class:`Converted` per target currency asked for (``to=``), in order.

    """

    mention: Mention | Money
    doc_date: date
    usd: Decimal | None
    kpw: Decimal | None
    usd_high: Decimal | None = None
    kpw_high: Decimal | None = None
    kpw_unit: str = "new"
    kpw_current: Decimal | None = None
    kpw_current_high: Decimal | None = None
    era_factor: Decimal = Decimal(1)
    quotes: tuple[RateQuote, ...] = ()
    note: str = ""
    targets: tuple[Converted, ...] = ()
    on: date | None = None
    when: When | None = None

    def __post_init__(self) -> None:
        if self.on is None:
            object.__setattr__(self, "on", self.doc_date)

    def target(self, currency: str) -> Converted:
        """Return the conversion into one target currency.

        Args:
            currency: ISO code of a target asked for with ``to=`` (case-insensitive).

        Returns:
            The :class:`Converted` record of that target.

        Raises:
            KeyError: The currency was not among the targets.

        """
        code = currency.strip().upper()
        for t in self.targets:
            if t.currency == code:
                return t
        asked = ", ".join(t.currency for t in self.targets) or "none"
        raise KeyError(f"{code} was not a target of this conversion (targets: {asked})")


@dataclass(frozen=True, slots=True, kw_only=True)
class Burden:
    """An amount expressed as time of work at a wage, or as a quantity of a good.

    Attributes:
        amount: What was weighed.
        basis: What it was weighed against ("wage", "nk_state_wage", "rice_kg", ...).
        years: Years of the wage (None for a goods basis).
        months: Months of the wage.
        quantity: The result as a pint Quantity (time for a wage, mass for rice).
        years_high: High end when the amount or the wage is a range.
        months_high: High end in months.
        conversions: Conversions used when currencies or dates differ.
        reference: Description of the reference row used (date, place, source).
        note: Conventions and caveats (calendar, thin data), joined from ``notes``.
        extra: Additional (key, value) facts.
        wage: The wage weighed against (a Money for a reference series).
        periods: The amount in wage periods (e.g. 1,666.67 monthly wages; 500 day wages).
        periods_high: High end of ``periods``.
        period: The wage's period ("month", "day", ...).
        kg: Kilograms of the good for a goods basis ("rice_kg").
        kg_high: High end of ``kg``.
        calendar: The calendar convention used to turn periods into years.
        references: The reference rows used (several when a range spans cities).
        thin: True when the reference data is thin (old, approximate, a range, a fallback
            place); ``notes`` says why.
        notes: Every convention, fallback and caveat, one per entry.
        on: The day the amount was weighed on: the text's date for it (``Mention.when``), else
            the document's date (None when neither was given).

    """

    amount: Mention | Money
    basis: str
    years: Decimal | None
    months: Decimal | None
    quantity: object = None
    years_high: Decimal | None = None
    months_high: Decimal | None = None
    conversions: tuple[Conversion, ...] = ()
    reference: str = ""
    note: str = ""
    extra: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    wage: Mention | Money | None = None
    periods: Decimal | None = None
    periods_high: Decimal | None = None
    period: str | None = None
    kg: Decimal | None = None
    kg_high: Decimal | None = None
    calendar: str = ""
    references: tuple[ReferenceRow, ...] = ()
    thin: bool = False
    notes: tuple[str, ...] = ()
    on: date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReferenceRow:
    """One row of a shipped reference series (wages, rice prices) used by a burden ratio.

    Attributes:
        table: File name of the table ("nk_wages.csv").
        line: Line number of the row in that file (header = line 1).
        series: "state_wage", "market_wage", "rice", "corn", ...
        date_from: First day the source's date covers.
        date_to: Last day it covers (equal to ``date_from`` for a dated observation).
        date_precision: "day", "month", "year", "approx", "period", ...
        place: Canonical place ("Pyongyang", "unspecified", "North Hamgyong", ...).
        currency: ISO code of the value.
        per: What the value is per ("month", "day", "kg").
        value: The value (low end of a stated range), in the won of its own date for KPW.
        value_high: High end of a stated range, else None.
        won_unit: "old" or "new" for KPW rows, else "".
        source: Citation of the row.
        requested: The date asked for.
        age_days: Days from the end of the row's span to the date asked (0 inside the span).
        policy: The lookup policy that accepted it, e.g. "previous(max_age=1096d)".
        detail: Sector or price label of the row, when any.

    """

    table: str
    line: int
    series: str
    date_from: date
    date_to: date
    date_precision: str
    place: str
    currency: str
    per: str
    value: Decimal
    value_high: Decimal | None = None
    won_unit: str = ""
    source: str = ""
    requested: date
    age_days: int
    policy: str = ""
    detail: str = ""

    def describe(self) -> str:
        """Return a one-line description: value, date, place, source and table row."""
        val = (
            f"{self.value:,}" if self.value_high is None else f"{self.value:,}-{self.value_high:,}"
        )
        span = (
            self.date_from.isoformat()
            if self.date_from == self.date_to
            else f"{self.date_from.isoformat()}..{self.date_to.isoformat()}"
        )
        unit = f" ({self.won_unit} won)" if self.won_unit else ""
        detail = f" [{self.detail}]" if self.detail else ""
        return (
            f"{self.series}{detail} {val} {self.currency}{unit}/{self.per}, {span} "
            f"({self.date_precision}), {self.place}; {self.source} "
            f"[{self.table} line {self.line}]"
        )
