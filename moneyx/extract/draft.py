"""The Draft: an amount on its way to becoming a Mention, as the stages pass it along.

A Draft is immutable (a named tuple: cheap to build and to copy with changes, which every stage
does). A stage takes drafts and returns new ones (``Draft._replace``) or small result values that
the pipeline applies; nothing is changed in place. ``trace`` collects the ids of
the rules that fired, in order.
"""

from __future__ import annotations

import contextvars
import functools
import logging
from decimal import Decimal
from typing import NamedTuple, Protocol

import regex

from moneyx.lexicon import Surface, lexicon
from moneyx.matcher import Grammar
from moneyx.model import Bound, Vetoed

__all__ = [
    "NEW_PARAGRAPH",
    "VETOED",
    "Draft",
    "MatchLike",
    "add_trace",
    "next_word",
    "prev_word",
    "prev_words",
    "report_veto",
    "word_after_next",
]

log = logging.getLogger("moneyx.extract")

_WORD = regex.compile(r"[\w'’]+")
NEW_PARAGRAPH = regex.compile(r"\n[ \t\u00a0]|\n\s*\n")  # a blank or indented line

# the vetoes of the ``explain`` call running in this context (None outside one)
VETOED: contextvars.ContextVar[list[Vetoed] | None] = contextvars.ContextVar(
    "moneyx_vetoed", default=None
)


def report_veto(rule_id: str, text: str, start: int, end: int, reason: str) -> None:
    """Log a rejected candidate (debug) and hand it to a running ``explain``."""
    log.debug("%s: %r at %d: %s", rule_id, text[start:end], start, reason)
    sink = VETOED.get()
    if sink is not None:
        sink.append(Vetoed(start=start, end=end, text=text[start:end], rule=rule_id, reason=reason))


ONE_ITEM = ""
"""``Draft.per`` of a price of one item ("a bottle of soju costs 3,000 won"): decided, no unit.

No later rule prices it; ``Mention.per`` is None.
"""


class Draft(NamedTuple):
    """A mention being built.

    Attributes:
        start: Offset of the span's first character.
        end: Offset one past the span.
        value: The amount (the low end of a range).
        surface: The lexicon entry of its currency marker.
        written: The marker as written.
        form: "prefix", "suffix" or "elliptical" (how the number sits against the marker).
        rule: The family reported in ``Mention.rule`` ("suffix-name", "range", ...).
        scaled: Whether the number carries a scale word ("1.6 million").
        num_start: Offset of the number.
        num_end: Offset one past the number.
        high: The high end of a range.
        approx: A hedge qualifies it.
        hedge: The hedge as written.
        bound: A bound qualifies it.
        per: What it is priced per.
        role: "wage", or None.
        gloss_of: Index (among the drafts) of the amount this one converts.
        phrase_code: The code a qualifying phrase after it states ("in North Korean currency").
        phrase: That phrase as written.
        tail: End of what belongs to it beyond its span (a phrase, a gloss), else -1.
        after_mod: End of a hedge or bound written after it ("or more"), else -1.
        fused: A hedge or bound fused to the number ("300-odd"), lower case.
        trace: The ids of the rules that fired on it, in order.
        frame: For a bare figure a list rule read, the start of the amount whose list it
            continues (its per is the list's), else -1.

    """

    start: int
    end: int
    value: Decimal
    surface: Surface
    written: str
    form: str
    rule: str
    scaled: bool
    num_start: int
    num_end: int
    high: Decimal | None = None
    approx: bool = False
    hedge: str | None = None
    bound: Bound | None = None
    per: str | None = None
    role: str | None = None
    gloss_of: int | None = None
    phrase_code: str | None = None
    phrase: str | None = None
    tail: int = -1
    after_mod: int = -1
    fused: str | None = None
    trace: tuple[str, ...] = ()
    frame: int = -1


def add_trace(d: Draft, rule_id: str, **changes: object) -> Draft:
    """Return ``d`` with ``changes`` applied and ``rule_id`` appended to its trace."""
    return d._replace(trace=(*d.trace, rule_id), **changes)  # type: ignore[arg-type]


class MatchLike(Protocol):
    """What the candidate stage reads of a candidate: named groups and their offsets."""

    def group(self, name: str | int = 0) -> str | None: ...  # noqa: D102
    def start(self, name: str | int = 0) -> int: ...  # noqa: D102
    def end(self, name: str | int = 0) -> int: ...  # noqa: D102


# a note of one item right after a figure, a counter of no unit of measure: "1500원(1모)"
_ONE_ITEM = regex.compile(r"[ \u00a0]?[(（][ \u00a0]?1[ \u00a0]?(?P<w>[^\W\d_]{1,4})[)）]")


def one_item(text: str, g: Grammar, d: Draft) -> bool:
    """Tell whether a note right after ``d`` prices one item ("1500원(1모)", not "(1kg)")."""
    item = _ONE_ITEM.match(text, d.end)
    return item is not None and item["w"] not in g.lex.measures


def breaks_clause(gap: str, g: Grammar, marks: str = ".;!?") -> bool:
    """Tell whether ``gap`` holds one of ``marks`` or a line break that ends a clause.

    Where words are spaced, wire copy wraps its lines inside a paragraph: a single newline is
    a space there, and only a blank or an indented line opens a new paragraph.
    """
    if any(c in gap for c in marks):
        return True
    if "\n" not in gap:
        return False
    return not g.lex.word_boundaries or NEW_PARAGRAPH.search(gap) is not None


def opens_equation(text: str, d: Draft, joins: frozenset[str]) -> bool:
    """Tell whether a sign of ``joins`` follows ``d`` (past its tail): "US$1=W1,123"."""
    after = text[max(d.end, d.tail) : max(d.end, d.tail) + 3].lstrip()
    return any(after.startswith(j) for j in joins)


def next_word(text: str, g: Grammar, pos: int) -> str:
    """Return the word (or punctuation mark) after ``pos``, lower-cased; "" at the end."""
    m = g.next_word.match(text, pos)
    return (m.group("w") or "").lower() if m else ""


def word_after_next(text: str, g: Grammar, pos: int) -> str:
    """Return the second word after ``pos``, lower-cased."""
    m = g.next_word.match(text, pos)
    return next_word(text, g, m.end()) if m else ""


def past_modifier(words: str, lang: str) -> str:
    """Return lower-cased ``words`` without a bound or hedge that ends them.

    Example:
        "rose as much as" -> "rose"; "weighed no more than" -> "weighed".

    """
    low = " ".join(words.lower().split())
    for phrase in _modifiers(lang):
        if low == phrase or low.endswith(" " + phrase):
            return low[: len(low) - len(phrase)].rstrip()
    return low


@functools.cache
def _modifiers(lang: str) -> tuple[str, ...]:
    """Return the lexicon's bounds and hedges, lower-cased, longest first."""
    lex = lexicon(lang)
    phrases = {" ".join(p.lower().split()) for p in (*lex.bounds, *lex.hedges)}
    return tuple(sorted(phrases, key=len, reverse=True))


def prev_words(text: str, pos: int, n: int) -> list[str]:
    """Return the ``n`` words before ``pos``, lower-cased."""
    return [w.lower() for w in _WORD.findall(text[max(0, pos - 12 * n) : pos])[-n:]]


def prev_word(text: str, g: Grammar, pos: int) -> str:
    """Return the word before ``pos`` (past spaces and commas), lower-cased."""
    m = g.prev_word.search(text, max(0, pos - 40), pos)
    return m.group("w").lower() if m else ""
