"""Carries: share a unit between amounts (a change and its level, a run of prices)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

import regex

from moneyx.extract.draft import Draft
from moneyx.extract.per import other_sum, words_between
from moneyx.matcher import Grammar, alternation, grammar
from moneyx.resolve import ContextIndex
from moneyx.rules import RuleData, registry, rule_data

__all__ = ["pair", "run"]

CARRY = registry("carry")

_LOWER_WORD = regex.compile(r"[a-z]+")
_SP = r"[ \u00a0]"
# figures of one run of prices are within this factor of its level (state and market prices of
# rice differ by 20x: "44 won a kilogram ... market traders charge 900 won")
_RUN = 30


@dataclass(frozen=True, slots=True)
class _Patterns:
    change_at: regex.Pattern[str]
    to_between: regex.Pattern[str]
    change_after: regex.Pattern[str]


@functools.cache
def _patterns(lang: str) -> _Patterns:
    data = rule_data(lang)
    ca = data["carry.change-at"]
    la = data["carry.level-after"]
    cf = data["carry.change-after"]
    sp = rf"{_SP}{{1,4}}"
    grammar(lang)  # the lexicon is valid
    return _Patterns(
        change_at=regex.compile(
            rf"{sp}{alternation(ca['changes'], sp)}{sp}{alternation(ca['prepositions'], sp)}{sp}"
        ),
        to_between=regex.compile(rf"{sp}{alternation(la['to'], sp)}{sp}"),
        # "..., down 14.7 won", "(up 3 cts"
        change_after=regex.compile(
            rf"[^\d.;!?\n]{{0,48}}?{_SP}{{0,4}}[,(;]?{_SP}{{0,4}}"
            rf"(?i:{alternation(cf['changes'], sp)}){sp}"
        ),
    )


@CARRY.rule("level-after", to="phrases")
def level_after(text: str, a: Draft, b: Draft, pt: _Patterns) -> str | None:
    """Give a change the unit of the level after it, as the first of a "to" pair.

    Example:
        "closing 3.45 cts lower at 1.1820 dlrs a lb" -> 3.45 cts per lb; "rose by 1,200 won to
        7,400 won per kilogram" -> 1,200 won per kg.

    """
    if (
        a.per is None
        and b.per is not None
        and (
            pt.change_at.fullmatch(text, a.end, b.start) is not None
            or pt.to_between.fullmatch(text, a.end, b.start) is not None
        )
    ):
        return b.per
    return None


@CARRY.rule("change-at", switch="changes", changes="phrases", prepositions="phrases")
def change_at(text: str, a: Draft, b: Draft, pt: _Patterns) -> str | None:
    """Give a level after "higher at" / "lower to" the unit of the change before it.

    Example:
        "ended 2.05 cents a lb higher at 108.40 cents" -> 108.40 cents per lb.

    """
    if a.per is not None and b.per is None and pt.change_at.fullmatch(text, a.end, b.start):
        return a.per
    return None


@CARRY.rule("change-after", switch="changes", changes="phrases", new_clause="words")
def change_after(
    text: str, g: Grammar, a: Draft, b: Draft, pt: _Patterns, data: RuleData
) -> str | None:
    """Give a smaller change after the level it moves the level's unit.

    Not across a new clause ("..., while the yen was up 3.2 won") or another kind of sum.

    Example:
        "closed at 1,109.8 won per dollar, down 14.7 won" -> 14.7 won per dollar.

    """
    if (
        a.per is not None
        and b.per is None
        and b.value < a.value  # a change is smaller than the level it moves
        and pt.change_after.fullmatch(text, a.end, b.start) is not None
    ):
        gap = words_between(text, a.end, b.start)
        if not gap & data["new_clause"] and not other_sum(gap, g.lex, a.per):
            return a.per
    return None


def pair(
    text: str,
    g: Grammar,
    drafts: list[Draft],
    data: Mapping[str, RuleData],
    off: frozenset[str] = frozenset(),
) -> list[Draft]:
    """Share a unit between a level and the change written next to it."""
    ds = list(drafts)
    pt = _patterns(g.lang)
    cd = data["carry.change-after"]
    for i in range(len(ds) - 1):
        a, b = ds[i], ds[i + 1]
        if a.gloss_of is not None or b.gloss_of is not None:
            continue
        if set(a.surface.candidates).isdisjoint(b.surface.candidates):
            continue
        got = None if "carry.level-after" in off else level_after(text, a, b, pt)
        if got is not None:
            ds[i] = a._replace(per=got, trace=(*a.trace, "carry.level-after"))
            continue
        if a.per is None or b.per is not None:
            continue
        rid = "carry.change-at"
        got = None if rid in off else change_at(text, a, b, pt)
        if got is None and "carry.change-after" not in off:
            got, rid = change_after(text, g, a, b, pt, cd), "carry.change-after"
        if got is not None:
            ds[i + 1] = b._replace(per=got, trace=(*b.trace, rid))
    return ds


@CARRY.rule("run", stops="words", buys="words", past_asides="flag")
def carry_run(
    text: str,
    g: Grammar,
    x: Draft,
    d: Draft,
    level: Decimal,
    ctx: ContextIndex,
    data: RuleData,
) -> str | None:
    """Carry a unit of measure along a run of prices in one currency.

    Market reports name the unit once: "rice sold for 5,000 won a kilogram, and corn reached
    2,400 won"; "gasoline ... 22,000 won per kilogram in Pyongyang. Diesel rose to 14,500 won".
    The next figure with no unit of its own takes it, in the same sentence or the next one of
    the paragraph, when it is of the same order as the run's level (within 30x; a change in
    between, "495 dlrs a tonne, up 5 dlrs", is no level) and nothing between the two says it is
    another kind of sum (a wage, a fine, a bribe, shares, an exchange rate's currency).
    Where the language's data sets ``past_asides``, a figure inside a parenthesis is passed over:
    the run goes on from the figure before the aside.

    Example:
        "rice sold for 5,000 won a kilogram, and corn reached 2,400 won" -> corn per kg.

    """
    if (
        d.per is not None
        or d.gloss_of is not None
        or d.role == "wage"
        or set(x.surface.candidates).isdisjoint(d.surface.candidates)
        or x.surface.factor != d.surface.factor
        or not (level / _RUN <= d.value <= level * _RUN)
    ):
        return None
    _, x_hi = ctx.sentence(x.start)
    if d.start >= x_hi and ctx.sentence(d.start)[0] > x_hi:
        return None  # two or more sentences on
    if ctx.paragraph(x.start) != ctx.paragraph(d.start):
        return None
    words = words_between(text, x.end, d.start)
    if words & data["stops"] or other_sum(words, g.lex, x.per):
        return None
    after = _LOWER_WORD.findall(text[d.end : d.end + 24].lower())[:3]
    if after and after[0] in data["buys"] and set(after[1:]) & g.lex.rate_words:
        return None  # "... while 8,200 won bought one dollar"
    return x.per


def _opened(text: str, pos: int) -> bool:
    """Tell whether ``pos`` sits in a parenthesis opened shortly before it."""
    opened = text.rfind("(", max(0, pos - 80), pos)
    return opened >= 0 and ")" not in text[opened:pos]


def run(
    text: str,
    g: Grammar,
    drafts: list[Draft],
    ctx: ContextIndex,
    data: Mapping[str, RuleData],
    off: frozenset[str] = frozenset(),
) -> list[Draft]:
    """Apply ``carry.run`` along the drafts."""
    lex = g.lex
    if not lex.carry_units or "carry.run" in off:
        return drafts
    ds = list(drafts)
    rd = data["carry.run"]
    # the run's latest price level and unit: a change in between ("495 dlrs a tonne, up 5
    # dlrs") is far smaller than the level and does not replace it
    level: Decimal | None = None
    level_per: str | None = None
    last: Draft | None = None  # the run's latest figure outside an aside
    for i in range(1, len(ds)):
        x, d = ds[i - 1], ds[i]
        inside = rd["past_asides"] and _opened(text, x.start)
        if inside and last is not None and ")" in text[x.end : d.start]:
            # "40∼50원(... 북한 돈 1원은 한국 돈 7원 상당)에서 80∼90원으로": past the aside
            x = last
        elif not inside:
            last = x
        if x.per not in lex.carry_units:
            level = None
        elif level is None or x.per != level_per or x.value > level * _RUN:
            level, level_per = x.value, x.per
        else:
            level = max(level, x.value)
        if level is None:
            continue
        got = carry_run(text, g, x, d, level, ctx, rd)
        if got is not None:
            ds[i] = d._replace(per=got, trace=(*d.trace, "carry.run"))
    return ds
