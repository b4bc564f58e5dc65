"""Amounts as a person types them ("5 million won", "3,000 won a month") into a command or a form.

``weigh()`` is what ``moneyx burden`` and ``POST /v1/burden`` compute: it reads one amount (and
one wage) with the extractor, and weighs the amount against the wage or a reference basis.
"won" is ambiguous (KPW/KRW): when the typed text does not decide it, it is read as KPW, the
currency of the wages and prices the reference series hold, and ``Weighing.defaulted`` says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from moneyx.errors import BurdenError, UnresolvedCurrencyError
from moneyx.model import Burden, Mention

__all__ = ["TYPED_DEFAULTS", "Weighing", "read_amount", "weigh"]

TYPED_DEFAULTS: Mapping[str, str] = {"won": "KPW"}
"""Defaults for ambiguous surfaces in typed amounts (burden ratios are against North Korea)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Weighing:
    """One typed amount weighed against a typed wage or a reference basis.

    Attributes:
        amount: The amount as read.
        wage: The wage as read (None with a basis).
        burden: The burden.
        day: The date used (None when nothing needed one).
        defaulted: The mentions whose currency came from ``TYPED_DEFAULTS``, not from the text.

    """

    amount: Mention
    wage: Mention | None
    burden: Burden
    day: date | None
    defaulted: tuple[Mention, ...]


def read_amount(
    text: str,
    what: str,
    *,
    day: date | None = None,
    default: Mapping[str, str] | None = TYPED_DEFAULTS,
) -> Mention:
    """Read exactly one amount from typed text (a gloss such as "(about $900)" is not counted).

    Args:
        text: What the person typed.
        what: What it is, for the error message ("amount", "--wage").
        day: Date for the extractor (it may decide a currency).
        default: Defaults for ambiguous surfaces.

    Returns:
        The mention.

    Raises:
        BurdenError: No amount or more than one.

    Example:
        >>> read_amount("3,000 won a month", "wage").per
        'month'

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
        raise BurdenError(what, f"expected one amount in {text!r}, found {len(found)} ({got})")
    return found[0]


def weigh(
    amount_text: str,
    *,
    wage_text: str | None = None,
    basis: str | None = None,
    day: date | None = None,
    place: str | None = None,
    convention: str | None = None,
    date_flag: str = "doc_date",
) -> Weighing:
    """Weigh a typed amount against a typed wage or a reference basis.

    Args:
        amount_text: e.g. "5 million won".
        wage_text: e.g. "3,000 won a month" (or None with ``basis``).
        basis: A reference basis ("nk_state_wage", "rice_kg", ...) (or None with ``wage_text``).
        day: The date of the amount (needed for a basis and for different currencies).
        place: Place for a price basis.
        convention: Calendar convention name ("common", "weeks_52").
        date_flag: How the caller names the date in messages ("--date" on the command line).

    Returns:
        The Weighing.

    Raises:
        BurdenError: Bad input: no amount found, neither or both of wage and basis, an unknown
            basis, no date where one is needed.
        UnresolvedCurrencyError: The amount's or wage's currency is undecided.
        MoneyxError: Any other lookup or conversion failure (no rate, no reference row).

    Example:
        >>> from decimal import Decimal
        >>> w = weigh("5 million won", wage_text="3,000 won a month")
        >>> w.burden.years.quantize(Decimal("0.01")), [m.text for m in w.defaulted]
        (Decimal('138.89'), ['5 million won', '3,000 won'])

    """
    from moneyx.burden import BASES, burden

    if (wage_text is None) == (basis is None):
        raise BurdenError("wage", "give a wage or a basis to weigh the amount against (one)")
    if basis is not None and basis not in BASES:
        raise BurdenError("basis", f"unknown basis {basis!r} (known: {', '.join(BASES)})")
    amount = read_amount(amount_text, "amount", day=day)
    wage = read_amount(wage_text, "wage", day=day) if wage_text is not None else None
    for m in (amount, wage):
        if m is not None and m.currency is None:
            raise UnresolvedCurrencyError(m.text, m.candidates)
    try:
        b = burden(amount, wage, basis=basis, doc_date=day, place=place, convention=convention)
    except BurdenError as exc:
        if exc.what != "doc_date" or date_flag == "doc_date":
            raise
        detail = exc.detail.replace("pass doc_date=", f"pass {date_flag} YYYY-MM-DD").replace(
            "needs doc_date=", f"needs {date_flag} YYYY-MM-DD"
        )
        raise BurdenError(date_flag, detail) from exc
    defaulted = tuple(m for m in (amount, wage) if m is not None and "default" in m.reason.lower())
    return Weighing(amount=amount, wage=wage, burden=b, day=day, defaulted=defaulted)
