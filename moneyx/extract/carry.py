"""Carries: share a unit between amounts (a change and its level, a run of prices)."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal

import regex

from moneyx.eras import step
from moneyx.extract.draft import Draft, breaks_clause, one_item, past_modifier, prev_word
from moneyx.extract.per import (
    base_after,
    base_codes,
    big_sum,
    buys_other,
    change_verb_after,
    is_rate_base,
    names_third,
    other_sum,
    other_sum_in,
    rate_level,
    words_between,
)
from moneyx.lexicon import Lexicon, lexicon
from moneyx.matcher import Grammar, alternation, grammar
from moneyx.numbers import cjk_numerals
from moneyx.patcache import cached_compile
from moneyx.resolve import ContextIndex, rate_span
from moneyx.rules import RuleData, registry, rule_data

__all__ = ["lists", "pair", "rates", "run"]

CARRY = registry("carry")

_LOWER_WORD = cached_compile(r"[a-z]+")
_LETTERS = cached_compile(r"[^\W\d_]+")
# the unit of a list's last figure is written after it (or was carried from there)
_LIST_ENDS = frozenset({"per.after", "per.rate-base", "carry.list-before"})
# past a conversion: the rest of its aside ("(about 127 yen at the market rate)"), else spaces
_CLOSE = cached_compile(r"[^()\[\]\n.;\d]{0,40}?[)\]]|[ \u00a0]{0,8}")
_SP = r"[ \u00a0]"
# figures of one run of prices are within this factor of its level (state and market prices of
# rice differ by 20x: "44 won a kilogram ... market traders charge 900 won")
_RUN = 30


@dataclass(frozen=True, slots=True)
class _Patterns:
    change_at: regex.Pattern[str]
    to_between: regex.Pattern[str]
    each_between: regex.Pattern[str]
    aside_between: regex.Pattern[str]
    change_before_at: regex.Pattern[str]
    at_between: regex.Pattern[str]
    change_after: regex.Pattern[str]
    story_subject: regex.Pattern[str]
    story_pronoun: regex.Pattern[str]
    change_word_after: regex.Pattern[str]
    change_word_before: regex.Pattern[str]


@functools.cache
def _patterns(lang: str) -> _Patterns:
    data = rule_data(lang)
    ca = data["carry.change-at"]
    la = data["carry.level-after"]
    cf = data["carry.change-after"]
    rs = data["carry.rate-story"]
    cw = data["carry.change-word"]
    g_lex = grammar(lang).lex
    sp = rf"{_SP}{{1,4}}"
    # a word boundary where the language writes one ("150 won lower", not "lowered")
    edge_after, edge_before = (
        (r"(?![^\W\d_])", r"(?<![^\W\d_])") if g_lex.word_boundaries else ("", "")
    )
    return _Patterns(
        # Korean writes particles against the noun ("환율은"): a subject is found inside a word
        story_subject=cached_compile(
            rf"(?<!\w){alternation(rs['subjects'], sp)}(?!\w)"
            if g_lex.word_boundaries
            else alternation(rs["subjects"], sp)
        ),
        # "when it hit", "it is worth less than": a pronoun, a rate verb, at most three words
        story_pronoun=cached_compile(
            rf"(?<!\w){alternation(rs['pronouns'], sp)}{sp}"
            rf"(?:{alternation(rs['auxiliaries'], sp)}{sp})?{alternation(rs['verbs'], sp)}"
            rf"(?:{sp}[\w.%-]+){{0,3}}{_SP}*\Z"
        ),
        # "2.05 cents a lb higher at 108.40" ("0.76 percent, or 7.8 won, higher at 1,022.5
        # won"); Korean has no word after the verb ("1.2달러 오른 83.5달러")
        change_at=_change_at(ca, sp),
        to_between=_to_between(g_lex, la, sp),
        each_between=_each_between(la, sp),
        # "13 million won, up from 10 million won, for each household": an earlier level in an
        # aside, its unit written after the aside closes
        aside_between=cached_compile(
            rf"{_SP}{{0,4}},{_SP}{{0,4}}(?i:{alternation(la['asides'], sp)}){sp}"
            if la["asides"]
            else r"(?!)"
        ),
        # "down 1.2 yen at 128.5 yen per kg": the change word before the change, "at" after it
        change_before_at=cached_compile(rf"(?i:(?<!\w){alternation(ca['changes'], sp)}){sp}\Z"),
        # (past the change restated as a percentage: "up $13.80, or 1.5 percent, at $951.20")
        at_between=cached_compile(
            rf"{_percent_aside(g_lex, la, sp)}{sp}{alternation(ca['prepositions'], sp)}{sp}"
        ),
        # "..., down 14.7 won", "(up 3 cts"
        change_after=cached_compile(
            rf"[^\d.;!?\n]{{0,48}}?{_SP}{{0,4}}[,(;]?{_SP}{{0,4}}"
            rf"(?i:{alternation(cf['changes'], sp)}){sp}"
        ),
        # "150 won lower", "150원이 떨어졌다" (past the particle written against the figure)
        change_word_after=change_verb_after(lang),
        # "a drop of 150 won", "下跌了约150元": the change word ends right before the figure
        change_word_before=cached_compile(
            rf"{edge_before}(?i:{alternation(cw['before'], sp)}){_SP}{{0,4}}"
            rf"(?:(?i:{alternation(g_lex.hedges, sp)}){edge_after}{_SP}{{0,4}})?\Z"
        ),
    )


def _percent_aside(lex: Lexicon, la: RuleData, sp: str) -> str:
    """Return the pattern of a change restated as a percentage right after it (or nothing).

    "added 86 cents, or 1.5%, to settle at", "ended down by $0.64 or about 0.9% at": a word of
    ``percent_joins``, a hedge perhaps, the percentage; commas around it or none.
    """
    if not la["percent_joins"] or not lex.percent_words:
        return ""
    hedge = rf"(?:(?i:{alternation(lex.hedges, sp)}){sp})?" if lex.hedges else ""
    return (
        rf"(?:{_SP}{{0,4}},?{_SP}{{0,4}}(?i:{alternation(la['percent_joins'], sp)}){sp}{hedge}"
        rf"[-+\u2212]?\d{{1,3}}(?:[.,]\d{{1,3}})?{_SP}{{0,2}}"
        rf"(?:%|(?i:{alternation(sorted(lex.percent_words), sp)})(?!\w)){_SP}{{0,4}},?)?"
    )


def _each_between(la: RuleData, sp: str) -> regex.Pattern[str]:
    """Compile "each" between a change and its level: it passes no unit on to the level.

    ("bonuses of $10,000 each to reach 1.2 million dollars": a change of each thing.)
    """
    return cached_compile(rf"(?i)(?<!\w){alternation(la['each'] or ['(?!)'], sp)}(?!\w)")


def _to_between(lex: Lexicon, la: RuleData, sp: str) -> regex.Pattern[str]:
    """Compile what joins a change to the level after it: "to", "，收于每桶", " 올라 배럴당 ".

    Where the language writes no spaces they are optional; a punctuation mark of ``joins`` may
    come first, a phrase of ``levels`` may name the level ("to a national average of"), and
    the level's own unit written before it (``unit_before``, "每{unit}",
    "{unit}당", the unit any word of ``[per_nouns]``) may come last, and the time the change is
    measured from (``since``, "from the previous week") may come before the joining word. The
    change restated as a percentage may come first (", or 1.5%,": ``percent_joins``).
    """
    gap = sp if lex.word_boundaries else rf"{_SP}{{0,4}}"
    units = alternation(sorted(lex.per_nouns, key=len, reverse=True))
    forms = [t.partition("{unit}") for t in la["unit_before"]]
    unit = "|".join(f"{regex.escape(a)}{units}{regex.escape(b)}" for a, _, b in forms) or "(?!)"
    # "to a national average of 1,002 yen an hour": the level named after "to"
    named = rf"(?:(?i:{alternation(la['levels'], sp)}){gap})?" if la["levels"] else ""
    # "rose by 23 yen from the previous week to 4,335 yen": what the change is measured from
    since = rf"(?:{gap}(?i:{alternation(la['since'], sp)}))?" if la["since"] else ""
    # "eased RM40 each to RM2,377 per tonne": the change of each of the things named
    each = rf"(?:{gap}(?i:{alternation(la['each'], sp)}))?" if la["each"] else ""
    return cached_compile(
        rf"{_percent_aside(lex, la, sp)}{each}"
        rf"(?:{_SP}{{0,4}}{alternation(la['joins'])})?{since}{gap}"
        rf"{alternation(la['to'], sp)}{gap}{named}(?:(?:{unit}){_SP}{{0,4}})?"
    )


@CARRY.rule("level-after", to="phrases", joins="phrases", unit_before="phrases", levels="phrases",
            since="phrases", percent_joins="phrases", asides="phrases", each="phrases")  # fmt: skip
def level_after(text: str, a: Draft, a_end: int, b: Draft, pt: _Patterns) -> str | None:
    """Give a change the unit of the level after it, as the first of a "to" pair.

    A conversion between counts for nothing ("by 1 million won (US$760) to 9 million won per
    household"), and a level's own unit wins over one compared from further back ("raised
    from 1 million won to 1.5 million won per case"). A level before an aside that compares an
    earlier one (``asides``: ", up from") takes the unit written after the aside closes ("13
    million won, up from 10 million won, for each household").

    Example:
        "closing 3.45 cts lower at 1.1820 dlrs a lb" -> 3.45 cts per lb; "rose by 1,200 won to
        7,400 won per kilogram" -> 1,200 won per kg; "down 1.2 yen at 128.5 yen per kg" (the
        change word before the change) -> 1.2 yen per kg.

    """
    if (
        (a.per is None or a.trace[-1:] == ("per.compared",))
        and b.per is not None
        and _one_kind(a, b)  # not "5 mln dlrs from 3 dlrs"
        and (
            pt.change_at.fullmatch(text, a_end, b.start) is not None
            or pt.to_between.fullmatch(text, a_end, b.start) is not None
            or (
                pt.at_between.fullmatch(text, a_end, b.start) is not None
                and pt.change_before_at.search(text, max(0, a.start - 16), a.start) is not None
            )
            or (
                pt.aside_between.fullmatch(text, a_end, b.start) is not None
                and text[max(b.end, b.after_mod) :].lstrip(" \u00a0").startswith(",")
            )
        )
    ):
        return b.per
    return None


def _one_kind(a: Draft, b: Draft) -> bool:
    """Whether a change and a level are of one kind: within 1,000x as written.

    A change in cents counts in cents ("slipped 4 cents to $107.43 a barrel").
    """
    count = a.value / a.surface.factor if a.surface.kind == "minor" else a.value
    return b.value / 1000 <= count <= b.value * 1000


@CARRY.rule("change-to")
def change_to(
    text: str, a: Draft, a_end: int, b: Draft, pt: _Patterns, rate: bool = False
) -> str | None:
    """Give the level a priced change moved to the change's unit: the second of a "to" pair.

    The converse of ``carry.level-after``, with its words (``[carry.level-after] to``): the
    change names the unit and the level after it does not. The change's unit is its own (not
    one compared from further back), and the two are of one kind (within 1,000x; any size for
    an exchange rate, ``rate``: "shedding NT$0.002 to close at NT$32.558").

    Example:
        "the dollar rose 200 won to 5,900 won" -> 5,900 won per dollar; "the fee went up 500 won
        per person to 3,000 won" -> 3,000 won per person.

    """
    if (
        a.per is not None
        and a.trace[-1:] != ("per.compared",)
        and b.per is None
        and (rate or _one_kind(a, b))
        and pt.to_between.fullmatch(text, a_end, b.start) is not None
        and pt.each_between.search(text, a_end, b.start) is None
    ):
        return a.per
    return None


def _change_at(ca: RuleData, sp: str) -> regex.Pattern[str]:
    """Compile what stands between a change and its level: "higher at", "오른 평균"."""
    return cached_compile(
        rf",?{sp}{alternation(ca['changes'], sp)}"
        rf"{sp + alternation(ca['prepositions'], sp) if ca['prepositions'] else ''}{sp}"
        # (a qualifier of the level: "0.1원 오른 평균 1896.4원")
        + (rf"(?:{alternation(ca['qualifiers'], sp)}{sp})?" if ca["qualifiers"] else "")
    )


@CARRY.rule("change-at", switch="changes", changes="phrases", prepositions="phrases",
            qualifiers="phrases")
def change_at(text: str, a: Draft, a_end: int, b: Draft, pt: _Patterns) -> str | None:
    """Give a level after "higher at" / "lower to" the unit of the change before it.

    A short aside in brackets between them is passed over, even inside the verb ("0.20원
    하락(원화가치 상승)한 1195.50원"), and so is the change as a percentage ("120원(6.9%) 내린"),
    and a word of ``qualifiers`` before the level ("ℓ당 0.1원 오른 평균 1896.4원").

    Example:
        "ended 2.05 cents a lb higher at 108.40 cents" -> 108.40 cents per lb.

    """
    if a.per is None or b.per is not None:
        return None
    if pt.change_at.fullmatch(text, a_end, b.start):
        return a.per
    gap = text[a_end : b.start]
    if "(" in gap and pt.change_at.fullmatch(_ASIDE.sub("", gap)):
        return a.per
    return None


# an aside with no figure, or the change as a percentage ("120원(6.9%) 내린 1천630원")
_ASIDE = regex.compile(r"\s?\((?:[^()\d]{1,40}|[-+\u2212]?\d{1,3}(?:[.,]\d{1,2})?\s?%p?)\)")


@CARRY.rule("change-after", switch="changes", changes="phrases", new_clause="words")
def change_after(
    text: str, g: Grammar, a: Draft, a_end: int, b: Draft, pt: _Patterns, data: RuleData
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
        and pt.change_after.fullmatch(text, a_end, b.start) is not None
    ):
        gap = words_between(text, a_end, b.start)
        if not gap & data["new_clause"] and not other_sum(gap, g.lex, a.per):
            return a.per
    return None


@CARRY.rule("from-to", opens="words", to="words", new_clause="words", opens_after="phrases",
            to_after="phrases", own_after="phrases")  # fmt: skip
def from_to(text: str, g: Grammar, a: Draft, a_end: int, b: Draft, data: RuleData) -> str | None:
    """Give the end of a movement "from X (a unit) to Y" the unit of its start.

    However far the figure moved ("has risen from one won per kilo to 44 won", "from 0.08 won
    per kilo to between 30 and 35 won"), within one clause (not past a comma and a word that
    opens another: "from 5,200 won a kilogram, and a ticket rose to 4,600 won") and with no
    other sum named between. Where words are written together the movement is marked inside
    them: "from" before the start (``opens``: "由每月2500元提高到3200元") or against it
    (``opens_after``: "월세를 50만원에서 60만원으로"), "to" ending the gap (``to``: "提高到") or
    against the end (``to_after``: "으로").

    Example:
        "rice rose from 1 won a kilogram to 44 won" -> 44 won per kg.

    """
    if a.per is None or b.per is not None or b.start - a_end > 64 or (b.scaled and not a.scaled):
        return None  # (a sum with a scale word is no step of a price: "91 cts a share last year,
        # with revenues climbing to about 430 mln dlrs")
    if not g.lex.word_boundaries:
        return _from_to_glued(text, g, a, a_end, b, data)
    if prev_word(text, g, a.start) not in data["opens"]:
        return None
    gap = text[a_end : b.start]
    # past the end's own bound or hedge: "from $94 in 1961 to over $10,000"
    bare = past_modifier(gap, g.lang) if b.bound is not None or b.approx else gap
    words = _LOWER_WORD.findall(bare.lower())
    if breaks_clause(gap, g) or not words or words[-1] not in data["to"]:
        return None
    if "," in gap and not data["new_clause"].isdisjoint(words):
        return None
    if other_sum(set(words), g.lex, a.per):
        return None
    return a.per


_GLUED_GAP = 12  # the longest gap of a glued movement ("提高到", "에서 ") in characters
_GLUED_OPEN = 8  # how far before the start its "from" may be, past the unit ("由現行每小時 ")


def _from_to_glued(
    text: str, g: Grammar, a: Draft, a_end: int, b: Draft, data: RuleData
) -> str | None:
    """Apply ``carry.from-to`` where words are written together (Korean, Chinese)."""
    if a_end < a.after_mod <= b.start:
        a_end = a.after_mod  # past a hedge after the start: "3,000원대에서"
    gap = text[a_end : b.start]
    if len(gap) > _GLUED_GAP or any(c in gap for c in (*g.lex.full_stops, *".;!?\n")):
        return None
    lead = gap.lstrip()
    opened = any(lead.startswith(w) for w in data["opens_after"]) or any(
        w in text[max(0, a.start - _GLUED_OPEN) : a.start] for w in data["opens"]
    )
    if not opened:
        return None
    b_end = max(b.end, b.after_mod)  # past a hedge after it: "35원 수준으로"
    closed = any(gap.rstrip().endswith(w) for w in data["to"]) or any(
        text.startswith(w, b_end) for w in data["to_after"]
    )
    if not closed or _names_any(text, a_end, b.start, g.lex.wage_nouns | g.lex.other_sums, g.lex):
        return None
    return a.per


@CARRY.rule("list-before", switch="joins", joins="words")
def list_before(text: str, a: Draft, a_end: int, b: Draft, data: RuleData) -> str | None:
    """Give the figures of a list the unit written once after its last figure.

    "rice was trading at KPW 5,730, KPW 5,740, and KPW 6,300 per kilogram", "W7 million ($5,947)
    and W13 million ($11,045) per person": figures in one currency joined only by commas and
    "and"/"or" share the unit that follows the last, when they are of one order (within 5x: "a
    deposit of 10 million won and 1.1 million won a month" are two kinds of sum).

    Example:
        "5,730 won, 5,740 won and 6,300 won per kilogram" -> all three per kg.

    """
    if a.per is not None or b.per is None or _LIST_ENDS.isdisjoint(b.trace):
        return None
    if a.surface.factor != b.surface.factor or a.surface.key != b.surface.key:
        return None
    if not b.value / 5 <= a.value <= b.value * 5:
        return None  # "a deposit of 10 million won and 1.1 million won a month": two kinds
    return b.per if _bare_joint(text[a_end : b.start], data["joins"]) else None


def _bare_joint(gap: str, joins: frozenset[str]) -> bool:
    """Tell whether ``gap`` joins two figures of a list: commas and words of ``joins`` only."""
    return (
        len(gap) <= 8
        and all(c.isalpha() or c in " ,\u00a0" for c in gap)
        and set(_LOWER_WORD.findall(gap.lower())) <= joins
    )


_LISTED = frozenset({"carry.list-after"})


@CARRY.rule("list-after", switch="joins", joins="phrases", before="words")
def list_after(text: str, a: Draft, a_end: int, b: Draft, data: RuleData) -> str | None:
    """Give the second figure of a pair the unit its first took from the words before both.

    "红茶每包售价也飙到了70美元和100美元": what a rule read before the first figure (one of
    ``before``: 每包, per pack) prices both figures of a pair joined only by a word of ``joins``,
    in one currency and of one order (within 10x); and so on along a longer list.

    Example:
        "每包售价70美元和100美元" -> both per pack.

    """
    # (a list goes on: "分别为7000元、7400元、7300元和7800元" after the first pair)
    if a.per is None or b.per is not None or not set(a.trace) & (data["before"] | _LISTED):
        return None
    if a.surface.key != b.surface.key or not b.value / 10 <= a.value <= b.value * 10:
        return None
    gap = text[a_end : b.start].strip()
    return a.per if gap in data["joins"] else None


@CARRY.rule("list-shared", switch="joins", joins="words")
def list_shared(text: str, a: Draft, a_end: int, b: Draft, data: RuleData) -> str | None:
    """Give the amount that closes a bare list the unit a later rule gave the list's figures.

    "a respective drop of 200, 200 and 100 won": the bare figures listed before the amount
    (``compose.listed-before``, or changes listed: ``compose.change-figure``) are of its list;
    the unit the first took (from the run of prices before it) is the amount's too, across
    only commas and a word of ``joins``.

    Example:
        "rice sold for 4,000 won and 4,400 won a kilogram, a drop of 200 and 100 won" -> the
        100 won per kg like the 200.

    """
    if a.per is None or b.per is not None or _LIST_MEMBERS.isdisjoint(a.trace):
        return None
    if a.surface.key != b.surface.key or b.gloss_of is not None:
        return None
    return a.per if _bare_joint(text[a_end : b.start], data["joins"]) else None


_LIST_MEMBERS = frozenset(("compose.listed-before", "compose.change-figure"))


def shared_lists(
    text: str, drafts: list[Draft], data: Mapping[str, RuleData], off: frozenset[str]
) -> list[Draft]:
    """Apply ``carry.list-shared`` along the drafts."""
    ld = data["carry.list-shared"]
    if "carry.list-shared" in off or not ld["joins"]:
        return drafts
    ds = list(drafts)
    carried: set[int] = set()
    own = [i for i, d in enumerate(ds) if d.gloss_of is None]
    for ia, ib in zip(own, own[1:], strict=False):
        a, b = ds[ia], ds[ib]
        got = list_shared(text, a, _past_conversions(text, ds, ia, ib), b, ld)
        if got is not None:
            ds[ib] = b._replace(per=got, role=a.role, trace=(*b.trace, "carry.list-shared"))
            carried.add(ib)
    return _glosses_follow(ds, carried)


def _past_conversions(text: str, ds: list[Draft], ia: int, ib: int) -> int:
    """Return where the figure ``ds[ia]`` ends past its conversions (up to ``ds[ib]``)."""
    end = max(d.end for d in ds[ia:ib])
    if end > ds[ia].end:
        end = _CLOSE.match(text, end).end()  # type: ignore[union-attr]
    return end


def lists(
    text: str,
    g: Grammar,
    drafts: list[Draft],
    data: Mapping[str, RuleData],
    off: frozenset[str] = frozenset(),
) -> list[Draft]:
    """Apply ``carry.list-before`` from the end of each list to its start, then ``list-after``."""
    if "carry.list-before" in off:
        return drafts
    ds = list(drafts)
    ld = data["carry.list-before"]
    carried: set[int] = set()
    own = [i for i, d in enumerate(ds) if d.gloss_of is None]
    for ia, ib in reversed(list(zip(own, own[1:], strict=False))):
        a, b = ds[ia], ds[ib]
        a_end = _past_conversions(text, ds, ia, ib)
        got = list_before(text, a, a_end, b, ld)
        if got is not None:
            ds[ia] = a._replace(per=got, role=b.role, trace=(*a.trace, "carry.list-before"))
            carried.add(ia)
    la = data["carry.list-after"]
    pairs = zip(own, own[1:], strict=False) if "carry.list-after" not in off else iter(())
    for ia, ib in pairs if la["joins"] else ():
        a, b = ds[ia], ds[ib]
        got = list_after(text, a, _past_conversions(text, ds, ia, ib), b, la)
        if got is not None:
            ds[ib] = b._replace(per=got, role=a.role, trace=(*b.trace, "carry.list-after"))
            carried.add(ib)
    return _glosses_follow(ds, carried)


def pair(
    text: str,
    g: Grammar,
    drafts: list[Draft],
    data: Mapping[str, RuleData],
    off: frozenset[str] = frozenset(),
) -> list[Draft]:
    """Share a unit between a level and the change written next to it (past a conversion)."""
    ds = list(drafts)
    pt = _patterns(g.lang)
    cd, fd = data["carry.change-after"], data["carry.from-to"]
    carried: set[int] = set()
    own = [i for i, d in enumerate(ds) if d.gloss_of is None]
    for ia, ib in zip(own, own[1:], strict=False):
        a, b = ds[ia], ds[ib]
        if set(a.surface.candidates).isdisjoint(b.surface.candidates):
            # a price's movement names its unit once, though its currency changed on the way:
            # "fell from 25 yuan per month in 2013 to 1,000 won in 2014"
            got = _moved_across(text, g, ds, ia, ib, fd, off)
            if got is not None:
                ds[ib] = b._replace(per=got, trace=(*b.trace, "carry.from-to"))
                carried.add(ib)
            continue
        a_end = _past_conversions(text, ds, ia, ib)
        got = None if "carry.level-after" in off else level_after(text, a, a_end, b, pt)
        if got is not None:
            ds[ia] = a._replace(per=got, trace=(*a.trace, "carry.level-after"))
            carried.add(ia)
            continue
        if a.per is None or b.per is not None or _EQUATION_BASE in b.trace:
            continue  # (the base of a rate written as a number is priced per nothing)
        rid = "carry.change-at"
        pm = g.per_after.match(text, a_end, b.start)  # past the change's own unit ("a lb")
        got = None if rid in off else change_at(text, a, pm.end() if pm else a_end, b, pt)
        if got is None and "carry.change-after" not in off:
            # (past the level's own unit: "¥20,302 per 60 kilograms, down ¥420")
            at = pm.end() if pm and any(ch.isdigit() for ch in pm.group()) else a_end
            got, rid = change_after(text, g, a, at, b, pt, cd), "carry.change-after"
        if got is None and "carry.from-to" not in off:
            got, rid = from_to(text, g, a, a_end, b, fd), "carry.from-to"
        if got is None and "carry.change-to" not in off:
            rate = a.per in g.lex.rate_units  # a currency base: "dollar", "yen"
            got = change_to(text, a, pm.end() if pm else a_end, b, pt, rate)
            rid = "carry.change-to"
        if got is None and "carry.counterpart" not in off:
            rid = "carry.counterpart"
            got = counterpart(text, g, a, a_end, b, data[rid])
        if got is None and ia in carried and "carry.change-from" not in off:
            rid = "carry.change-from"
            got = change_from(text, a, a_end, b, data[rid])
        if got is not None:
            level = is_rate_base(got, b, g.lex) and rate_level(text, g, b, None, data["role.rate"])
            trace = (*b.trace, rid, "role.rate") if level else (*b.trace, rid)
            # the level a wage's change moved it to is a wage ("wages were cut 1.81 dlrs an hour
            # to 4.85 dlrs")
            wage = a.role == "wage" or _wage_moved(text, g, a)
            role = "rate" if level else "wage" if rid in _WAGE_LEVELS and wage else None
            ds[ib] = b._replace(per=got, role=role, trace=trace)
            carried.add(ib)
    return _glosses_follow(ds, carried)


def _moved_across(
    text: str, g: Grammar, ds: list[Draft], ia: int, ib: int, fd: RuleData, off: frozenset[str]
) -> str | None:
    """Apply ``carry.from-to`` between figures in two currencies, for a unit of measure or time."""
    a, b = ds[ia], ds[ib]
    if "carry.from-to" in off or a.per is None or b.per is not None or b.gloss_of is not None:
        return None
    unit = g.lex.carries(a.per) or a.per in g.lex.period_labels
    if not unit or is_rate_base(a.per, a, g.lex):
        return None  # a rate's base is no unit a figure in another currency shares
    after = " ".join(text[b.end : b.end + 24].lower().split())
    if any(after.startswith(w) for w in fd["own_after"]):
        return None  # "to 150,000 won for a 25-kilogram sack", "to 10,000 won in total"
    return from_to(text, g, a, _past_conversions(text, ds, ia, ib), b, fd)


_WAGE_LEVELS = frozenset(("carry.change-to", "carry.from-to"))  # b is the level a moved to


def _wage_moved(text: str, g: Grammar, a: Draft) -> bool:
    """Tell whether ``a`` is a change of a wage: priced per a period, a wage noun just before.

    ``role.wage`` gives a change no role ("the hourly minimum wage will rise by 290 won"); the
    level it moves the wage to is the wage ("... to 10,320 won").
    """
    if a.role is not None or a.per not in g.lex.period_labels:
        return False
    return not words_between(text, max(0, a.start - 80), a.start).isdisjoint(g.lex.wage_nouns)


_EQUATION_BASE = "per.equation-base"


@CARRY.rule("counterpart", switch="opens", opens="phrases", stops="phrases")
def counterpart(
    text: str, g: Grammar, a: Draft, a_end: int, b: Draft, data: RuleData
) -> str | None:
    """Give a figure in brackets against a noun the unit of the figure it is set beside.

    Korean sets a counterpart's figure in brackets right after its name: "북한의 1인당 GNI는
    158만9천원으로 남한(4,724만8천원)의 30분의 1 수준": the South's figure is per person too. The
    bracket (``opens``) follows a letter with no space and the figure opens it; the figure
    before, in the same sentence and currency, is priced; the two are within 100x, and no other
    kind of sum is named between them (nor one of ``stops``: "보너스(5만원)" is an extra).

    Example:
        "1인당 GNI는 158만9천원으로 남한(4,724만8천원)의" -> 4,724만8천원 per person.

    """
    lex = g.lex
    if (
        a.per is None
        or b.per is not None
        or b.gloss_of is not None
        or a.surface.factor != b.surface.factor
        or set(a.surface.candidates).isdisjoint(b.surface.candidates)
        or not a.value / 100 <= b.value <= a.value * 100
        or b.start - a_end > 40
        or b.start < 2
    ):
        return None
    opened = any(text.startswith(o, b.start - len(o)) for o in data["opens"])
    before = text[b.start - 2 : b.start - 1] if opened else ""
    if not before.isalpha() or breaks_clause(text[a_end : b.start], g):
        return None
    if _names_any(text, a_end, b.start, data["stops"], lex):
        return None
    return None if other_sum_in(text, a_end, b.start, lex, a.per) else a.per


@CARRY.rule("change-from", switch="opens", opens="phrases", owners="phrases")
def change_from(text: str, a: Draft, a_end: int, b: Draft, data: RuleData) -> str | None:
    """Give the level a change moved from the change's unit: "up 170 won from 9,860 won".

    ``a`` is a change that took a unit from the level before it; the figure right after it,
    joined by "from" (``opens``) and at most an owner of the level (``owners``: "this year's",
    "the previous"), larger than the change, is the level it moved from, priced the same.

    Example:
        "10,030 won an hour, up 170 won from this year's 9,860 won" -> 9,860 won per hour.

    """
    if a.per is None or b.per is not None or b.gloss_of is not None or not b.value > a.value:
        return None
    gap = " ".join(text[a_end : b.start].lower().split())
    for opener in data["opens"]:
        if gap.startswith(opener):
            rest = gap[len(opener) :].strip()
            if not rest or rest in data["owners"]:
                return a.per
    return None


@CARRY.rule("change-word", after="phrases", before="phrases", particles="phrases",
            stops="phrases")  # fmt: skip
def change_word(
    text: str,
    g: Grammar,
    a: Draft,
    a_end: int,
    b: Draft,
    ctx: ContextIndex,
    pt: _Patterns,
    data: RuleData,
    near: Draft | None = None,
) -> str | None:
    """Give a change the unit of the price before it when a word says it is a change.

    "Rice cost 5,800 won a kilogram in Hyesan, 150 won less than a week before"; "쌀 1kg은
    5,800원으로 지난주보다 150원 떨어졌다"; "每公斤5800朝鲜元，比上周下跌了150元". A figure with no
    unit of its own that a change word follows (``after``, past its hedge and a ``particles``
    written against it) or opens (``before``: "a drop of", "下跌了") takes the unit of measure
    or period of the priced figure just before it (``a``, whose level it moves: ``b`` is
    smaller; a wage's rise is per its period: "월급은 190달러로 지난해보다 10달러 올랐다"), in
    one currency, in the same sentence or the next one (wire copy gives each sentence its own
    paragraph: "... the average is $2.46 per gallon." and below it "This week's average is a
    penny less than last week"), unless a word between (``stops``, or another kind of sum) says
    it is another sum. A later change of the same level after a change (``near``, whose sentence
    the distance counts from: "a penny less than last week and 12 cents less than four weeks
    ago. ... the price is 24 cents higher") moves that level too. However large the move:
    ``carry.run`` carries only figures within 30x of the level.

    Example:
        "Rice cost 5,800 won a kilogram, 150 won less than a week before." -> 150 won per kg.

    """
    lex = g.lex
    if (
        (not lex.carries(a.per) and a.per not in lex.period_labels)
        or b.per is not None
        or b.role is not None
        or b.scaled
        # (a change in the minor unit moves a price in the major one: "$3.17 a gallon, two cents
        # less than a week ago")
        or (a.surface.factor != b.surface.factor and b.surface.kind != "minor")
        or set(a.surface.candidates).isdisjoint(b.surface.candidates)
        or not b.value < a.value
    ):
        return None
    a_hi = ctx.sentence((a if near is None else near).start)[1]
    gap = text[a_hi : max(a_hi, ctx.sentence(b.start)[0])]
    if gap.strip() or gap.count("\n\n") > 1:
        return None  # two or more sentences on (a paragraph break between two is one more)
    after = max(b.end, b.after_mod)
    if (
        pt.change_word_after.match(text, after) is None
        and pt.change_word_before.search(text, max(a_end, b.start - 40), b.start) is None
    ):
        return None
    if _names_any(text, a_end, b.start, data["stops"], lex) or (
        lex.word_boundaries and other_sum(words_between(text, a_end, b.start), lex, a.per)
    ):
        return None
    return a.per


def changes(
    text: str,
    g: Grammar,
    drafts: list[Draft],
    ctx: ContextIndex,
    data: Mapping[str, RuleData],
    off: frozenset[str] = frozenset(),
) -> list[Draft]:
    """Apply ``carry.change-word`` to each figure after a priced one (past its conversions)."""
    if "carry.change-word" in off:
        return drafts
    ds = list(drafts)
    pt = _patterns(g.lang)
    cd = data["carry.change-word"]
    carried: dict[int, int] = {}  # a change carried -> the level it moves
    own = [i for i, d in enumerate(ds) if d.gloss_of is None]
    fd = None if "carry.change-from" in off else data["carry.change-from"]
    for ia, ib in zip(own, own[1:], strict=False):
        a, b = ds[ia], ds[ib]
        a_end = _past_conversions(text, ds, ia, ib)
        if ia in carried:  # a change moves a price, not another change; it moved from a level
            got = None if fd is None else change_from(text, a, a_end, b, fd)
            if got is not None:
                ds[ib] = b._replace(per=got, trace=(*b.trace, "carry.change-from"))
                continue
            # (or it is another change of the same level: "a penny less than last week and 12
            # cents less than four weeks ago")
            level = carried[ia]
            got = change_word(text, g, ds[level], a_end, b, ctx, pt, cd, near=a)
            if got is not None:
                ds[ib] = b._replace(per=got, trace=(*b.trace, "carry.change-word"))
                carried[ib] = level
            continue
        got = change_word(text, g, a, a_end, b, ctx, pt, cd)
        if got is not None:
            ds[ib] = b._replace(per=got, trace=(*b.trace, "carry.change-word"))
            carried[ib] = ia
    return _glosses_follow(ds, set(carried))


_WAGE_REACH = 400  # how far after a wage a later figure of its series may start (characters)
_WAGE_SERIES = "carry.wage-series"


def _names_any(text: str, lo: int, hi: int, words: Collection[str], lex: Lexicon) -> bool:
    """Tell whether ``text[lo:hi]`` names one of ``words`` (inside a word where none are marked)."""
    if lex.word_boundaries:
        return not words_between(text, lo, hi).isdisjoint(words)
    span = text[lo:hi]
    return any(w in span for w in words)


def _opens_with(text: str, at: int, phrases: Collection[str]) -> bool:
    """Tell whether the sentence at ``at`` opens with one of ``phrases`` (then a space or comma)."""
    head = text[at : at + 24].lstrip().lower()
    return any(
        head.startswith(p) and head[len(p) : len(p) + 1] in (" ", ",", "，") for p in phrases
    )


@CARRY.rule("wage-series", stops="phrases", refer="phrases", claims="words", ranks="words",
            pronouns="words", contrasts="phrases", earners="words")  # fmt: skip
def wage_series(
    text: str, g: Grammar, w: Draft, d: Draft, lo: int, ctx: ContextIndex, data: RuleData
) -> str | None:
    """Carry a wage's period to the later figures of the same wage.

    "The average monthly wage at the complex reached $130. In 2007 the wage was $55."; "월평균
    임금이 130달러에 달했다. 근로자 평균 임금은 2006년 68.1달러에서 ...": a figure with no unit of
    its own, in the wage's currency, within 10x of it, in a later sentence of its paragraph at most
    ``_WAGE_REACH`` characters on (then the figures after it in that sentence; in a later paragraph
    only within 2x of it, its clause naming the wage again: broadcast copy sets each sentence
    apart), whose clause (from ``lo``) names a wage noun, or whose sentence after it refers back to
    the wage (``refer``: "올해(9,860원)보다 170원 오른 금액", the amount raised over this year's),
    or whose clause states a side's claim on it (``claims``: "unions demanded 12,600 won",
    "Employers had called for a freeze at W9,620"; the seed must be a wage), or whose clause ranks
    it among the wage's places within 2x of it (``ranks``: "Akita remains the lowest at ¥951", or
    right after it: "대기업이 3061만원으로 가장 많았고"), or whose clause names the wage by a
    pronoun within 2x of it (``pronouns``: "Next year's hourly floor is 10,320 won. This year it
    stands at 9,990 won"), or whose sentence opens by setting another group against the wage's
    within 2x of it (``contrasts``: "반면 중소기업에서 일하는 직장인은 3422만 원으로"), or whose
    clause says someone earns it within 2x of it (``earners``: "Railway workers receive 2,300 to
    4,000 KPW"), takes the wage's period and is a wage too, unless the clause or the words right
    after the figure name a price or another kind of sum (``stops``). In the wage's own sentence
    ``carry.payment-run`` decides.

    Example:
        "Workers earn a monthly wage of $74. In 2007 the wage was $55." -> $55 per month, a wage.

    """
    lex = g.lex
    if (
        w.role != "wage"
        or w.per not in lex.period_labels
        or d.per is not None
        or d.role is not None
        or d.gloss_of is not None
        or w.surface.factor != d.surface.factor
        or set(w.surface.candidates).isdisjoint(d.surface.candidates)
        or not w.value / 10 <= d.value <= w.value * 10
        or d.start - w.end > _WAGE_REACH
        # in the wage's own sentence carry.payment-run decides (not past a figure carried here)
        or (ctx.sentence(w.start) == ctx.sentence(d.start) and _WAGE_SERIES not in w.trace)
    ):
        return None
    if not _wage_named(text, w, d, lo, ctx, lex, data):
        return None
    # the clause and the words right after the figure ("a 2,000 won fee")
    hi = min(len(text), d.end + 16)
    if _names_any(text, lo, hi, data["stops"], lex) or (
        lex.word_boundaries and other_sum(words_between(text, lo, hi), lex, w.per)
    ):
        return None
    return w.per


def _wage_named(
    text: str, w: Draft, d: Draft, lo: int, ctx: ContextIndex, lex: Lexicon, data: RuleData
) -> bool:
    """Tell whether the clause of ``d`` (from ``lo``) names the wage ``w`` again (wage-series)."""
    near = w.value / 2 <= d.value <= w.value * 2
    if ctx.paragraph(w.start) != ctx.paragraph(d.start):
        # a later paragraph of short broadcast copy: only where the clause names the wage again
        return near and _names_any(text, lo, d.start, lex.wage_nouns, lex)
    # (a verb-final clause ranks the figure after it: "대기업이 3061만원으로 가장 많았고")
    after = min(ctx.sentence(d.start)[1], d.end + 16)
    return (
        (near and _names_any(text, lo, d.start, data["ranks"] | data["pronouns"], lex))
        or (near and _names_any(text, d.end, after, data["ranks"], lex))
        or (near and _names_any(text, lo, d.start, data["earners"], lex))
        or (near and _opens_with(text, ctx.sentence(d.start)[0], data["contrasts"]))
        or _names_any(text, lo, d.start, lex.wage_nouns | data["claims"], lex)
        or _names_any(text, d.end, ctx.sentence(d.start)[1], data["refer"], lex)
    )


def wages(
    text: str,
    g: Grammar,
    drafts: list[Draft],
    ctx: ContextIndex,
    data: Mapping[str, RuleData],
    off: frozenset[str] = frozenset(),
) -> list[Draft]:
    """Apply ``carry.wage-series`` along the drafts: each wage seeds the figures after it.

    The latest wage of each period seeds its own series: an hourly wage's series goes on past
    the monthly pay it converts to ("시간당 1만320원 … 월급으로 215만6880원 … 올해 1만30원").
    The wage of the period before the latest is tried after every latest one.
    """
    if "carry.wage-series" in off:
        return drafts
    ds = list(drafts)
    wd = data["carry.wage-series"]
    carried: set[int] = set()
    seeds: dict[str | None, Draft] = {}  # period -> the latest wage priced per it
    before: dict[str | None, Draft] = {}  # period -> the wage before the latest (tried last)
    prev: int | None = None  # the figure before, in its sentence or not
    for i, d in enumerate(ds):
        if d.gloss_of is not None:
            continue
        if d.role == "wage":
            if d.per in seeds:
                before[d.per] = seeds.pop(d.per)
            seeds[d.per] = d
            prev = i
            continue
        s_lo = ctx.sentence(d.start)[0]
        # the wage noun of the clause: after the figure before it in its sentence, unless that
        # figure is of the series ("from 68.1 dollars in 2006 to 109.3 dollars")
        lo = s_lo
        if prev is not None and ds[prev].end > s_lo and prev not in carried:
            lo = ds[prev].end
        # the latest first; then the one before it ("평균연봉은 2279만원으로, ... 차이가 1194만원
        # ... 금융 분야가 가장 높아 3804만원": a gap between two wages is no level of the series)
        for seed in [*reversed(seeds.values()), *reversed(before.values())]:
            got = wage_series(text, g, seed, d, lo, ctx, wd)
            if got is not None:
                d = ds[i] = d._replace(per=got, role="wage", trace=(*d.trace, "carry.wage-series"))
                carried.add(i)
                if d.per in seeds:
                    before[d.per] = seeds.pop(d.per)
                seeds[d.per] = d
                break
        prev = i
    return _glosses_follow(ds, carried)


_WAGE_BACK = 100  # how far below or above the first wage an earlier wage figure may stand


@CARRY.rule("wage-before", switch="earners", stops="words", earners="words", times="words")
def wage_before(
    text: str, g: Grammar, w: Draft, d: Draft, lo: int, ctx: ContextIndex, data: RuleData
) -> str | None:
    """Give a wage figure before the passage's first wage with a period that period.

    Wage stories name the period once, often late: "new workers' wages jumped from 1,500 won to
    30,000 won. ... monthly wages now start at 150,000 won". Where every wage of the passage
    that states a period states the same one, and the first is named by a wage noun before it in
    its clause, a figure before the first of them whose clause
    (from ``lo``) names a wage noun or says someone earns it (``earners``), in the wage's
    currency and within 100x of it (a wage reform multiplies wages), in the same paragraph or
    the one before, is a wage of that period (where only a verb of earning names it, the figure
    ends its clause or a word of ``times`` follows: "who earned 5,000 won before the reform",
    not "earned 200,000 won selling phones"), unless its clause or the words right after it
    name another kind of sum (``stops``: a bonus, a total, a price).

    Example:
        "Managers earned 5,000 won before the reform. Monthly wages now start at 80,000 won."
        -> 5,000 won per month, a wage.

    """
    lex = g.lex
    if (
        d.per is not None
        or d.role is not None
        or d.gloss_of is not None
        or w.surface.factor != d.surface.factor
        or set(w.surface.candidates).isdisjoint(d.surface.candidates)
        or not w.value / _WAGE_BACK <= d.value <= w.value * _WAGE_BACK
        or ctx.paragraph(w.start)[0] - ctx.paragraph(d.start)[1] > 2
    ):
        return None
    named = _names_any(text, lo, d.start, lex.wage_nouns, lex)
    earned = _names_any(text, lo, d.start, data["earners"], lex) and _closes(text, d, data)
    if not named and not earned:
        return None  # "He earned 200,000 won selling phones": earnings of another kind
    hi = min(len(text), d.end + 16)
    if _names_any(text, lo, hi, data["stops"], lex) or (
        lex.word_boundaries and other_sum(words_between(text, lo, hi), lex, w.per)
    ):
        return None
    return w.per


def _closes(text: str, d: Draft, data: RuleData) -> bool:
    """Tell whether the figure ends its clause: a pause or a word of time (``times``) after it."""
    after = text[max(d.end, d.after_mod) :].lstrip(" \u00a0")
    if not after or after[0] in ".,;:!?)”\"":
        return True
    m = _LOWER_WORD.match(after.lower())
    return m is not None and m.group() in data["times"]


def wages_before(
    text: str,
    g: Grammar,
    drafts: list[Draft],
    ctx: ContextIndex,
    data: Mapping[str, RuleData],
    off: frozenset[str] = frozenset(),
) -> list[Draft]:
    """Apply ``carry.wage-before`` to the figures before the passage's first wage."""
    if "carry.wage-before" in off or not data["carry.wage-before"]["earners"]:
        return drafts
    lex = g.lex
    waged = [i for i, d in enumerate(drafts) if d.role == "wage" and d.per in lex.period_labels]
    if not waged or len({drafts[i].per for i in waged}) != 1:
        return drafts
    ds = list(drafts)
    w = ds[waged[0]]
    clause = max(ctx.sentence(w.start)[0], *(text.rfind(c, 0, w.start) + 1 for c in ":;"))
    if not _names_any(text, clause, w.start, lex.wage_nouns, lex):
        return drafts  # a wage the sentence names by a wage noun, not "might earn 30,000 won a day"
    carried: set[int] = set()
    prev_end = -1
    for i in range(waged[0]):
        d = ds[i]
        if d.gloss_of is not None:
            continue
        lo = max(ctx.sentence(d.start)[0], prev_end)
        prev_end = d.end
        got = wage_before(text, g, w, d, lo, ctx, data["carry.wage-before"])
        if got is not None:
            ds[i] = d._replace(per=got, role="wage", trace=(*d.trace, "carry.wage-before"))
            carried.add(i)
    return _glosses_follow(ds, carried)


@CARRY.rule("run", stops="words", buys="words", links="words", past_asides="flag",
            own_units="words", own_each="words", reforms="phrases", state="phrases",
            market="phrases",
            bought="phrases", respective="words", spends="phrases", items="words",
            item_verbs="words", areas="words")  # fmt: skip
def carry_run(
    text: str,
    g: Grammar,
    x: Draft,
    d: Draft,
    level: Decimal,
    ctx: ContextIndex,
    data: RuleData,
    nxt: Draft | None = None,
    x_end: int = -1,
    since: int = -1,
) -> str | None:
    """Carry a unit of measure along a run of prices in one currency.

    Market reports name the unit once: "rice sold for 5,000 won a kilogram, and corn reached
    2,400 won"; "gasoline ... 22,000 won per kilogram in Pyongyang. Diesel rose to 14,500 won".
    The next figure with no unit of its own takes it, in the same sentence or the next one of
    the paragraph (past a sentence of the run's change), when it is of the same order as the
    run's level (within 30x; a change in between, "495 dlrs a tonne, up 5 dlrs", is no level)
    and nothing between says it is another kind of sum (a wage, a fine, a bribe, shares, an
    exchange rate's currency, ``bought``: what "she bought 3 kg" cost is a total), nor is a
    sum that a word of ``spends`` follows ("At that price, 40,000 won would buy about six
    kilograms"), nor past a good of another kind quoted in its own units (``own_units``).
    Where the language's data sets ``past_asides``, a figure inside a parenthesis is passed over:
    the run goes on from the figure before the aside. Across a currency reform the paragraph
    names (``reforms``: "redenomination", "after the swap") the new unit's figures stay in the
    run ("2,200 won a kilogram ... traded at 25 won after the swap"). A word of ``respective``
    later in the figure's sentence sets the figures against the places before them, and "each"
    (``own_each``) then stops no run ("which each marked 1,690 won and 1,675 won, respectively");
    one item as a sentence's subject (``items``: "An egg sells for 350") stops it too. A run
    priced per a unit of area (``areas``) holds only figures within 10x of its level.

    Example:
        "rice sold for 5,000 won a kilogram, and corn reached 2,400 won" -> corn per kg.

    """
    if (
        d.per is not None
        or d.gloss_of is not None
        or d.role == "wage"
        or set(x.surface.candidates).isdisjoint(d.surface.candidates)
        or x.surface.factor != d.surface.factor
        or not _in_run(text, x, d, level, data, ctx)
        or not _near(ctx, x, d, since)  # another paragraph, or two or more sentences on
        or _item_subject(text, g, ctx, x, d, data["items"], data["item_verbs"])
    ):
        return None
    lo = max(x.end, x_end)  # past its conversions
    own = _LOWER_WORD.match(text, lo + len(text[lo:]) - len(text[lo:].lstrip(" \u00a0")))
    if own is not None and own.group() in data["own_each"]:
        lo = own.end()  # "priced at 2,800 won each, up 700 won": its "each" is the run's unit
    stops = _run_stops(text, ctx, d, data)
    if _names_any(text, lo, d.start, stops, g.lex) or other_sum_in(text, lo, d.start, g.lex, x.per):
        return None
    if _bought(g.lang, text, max(lo, ctx.sentence(d.start)[0]), d.start) or _other_kind(
        text, ctx, x, lo, d.start, g.lang, data["own_units"]
    ):
        return None  # "bought 3 kg"; "gold ... $1,200 an ounce. Crude settled at $78"
    return None if _off_run(text, g, d, nxt, data) else x.per


def _other_kind(
    text: str, ctx: ContextIndex, x: Draft, lo: int, hi: int, lang: str, own: frozenset[str]
) -> bool:
    """Tell whether the words before ``hi`` name goods of another kind than the run's price.

    The kinds are ``carry.commodity``'s: the run's good is named in its price's sentence; one
    of the two kinds is quoted in units of its own (``own``).
    """
    goods = rule_data(lang)["carry.commodity"]["goods"]
    if not goods or not own:
        return False
    named = {goods[w] for w in words_between(text, ctx.sentence(x.start)[0], x.end) if w in goods}
    between = {goods[w] for w in words_between(text, lo, hi) if w in goods}
    priced_own = bool(named & own or between & own)
    return priced_own and bool(named and between) and named.isdisjoint(between)


def _run_stops(text: str, ctx: ContextIndex, d: Draft, data: RuleData) -> frozenset[str]:
    """Return the words that end a run before ``d`` (``carry.run``'s ``stops``).

    "each" stops no run where ``respective`` follows in the sentence ("which each marked 1,690
    won and 1,675 won, respectively").
    """
    if data["respective"] and not words_between(text, d.end, ctx.sentence(d.start)[1]).isdisjoint(
        data["respective"]
    ):
        return frozenset(data["stops"] - data["own_each"])
    return frozenset(data["stops"])


def _item_subject(
    text: str,
    g: Grammar,
    ctx: ContextIndex,
    x: Draft,
    d: Draft,
    items: frozenset[str],
    verbs: frozenset[str],
) -> bool:
    """Tell whether ``d``'s sentence (not the run's first) opens with one item as its subject.

    "An egg sells for 350": an article or "one" of ``items``, a word that is no unit, period
    nor person, and a verb of price of ``verbs`` ("A source said the price had risen by 600
    won", "A trader sold corn for 2,600 won" and "A week later corn sold for 2,500" stay in the
    run).
    """
    lo = ctx.sentence(d.start)[0]
    if lo <= x.start:
        return False
    words = _LOWER_WORD.findall(text[lo : min(d.start, lo + 48)].lower())[:3]
    if len(words) < 3 or words[0] not in items or words[2] not in verbs:
        return False
    label = g.lex.per_nouns.get(words[1])
    kinds = (g.lex.carry_units, g.lex.period_labels, g.lex.people)
    return not any(label in k or words[1] in k for k in kinds)  # "A trader sold corn for"


def _off_run(text: str, g: Grammar, d: Draft, nxt: Draft | None, data: RuleData) -> bool:
    """Tell whether what follows ``d`` takes it out of a run of prices (``carry.run``)."""
    if nxt is not None and "gloss.reform-restated" in nxt.trace:
        return True  # "100 old won became 1 new won": the reform's ratio, no price of the run
    if one_item(text, g, d):
        return True  # "두부 1500원(1모)": its own note says it is one item
    if buys_other(text, d, g, data["buys"]):
        return True  # "... while 8,200 won bought one dollar" (not "lowered 1.50 dlrs to 16 dlrs")
    after = " ".join(text[d.end : d.end + 32].lower().split())
    if any(after.startswith(w) for w in data["spends"]):
        return True  # "40,000 won would buy about six kilograms": a sum spent, no price
    # "(1 RMB is worth about 0.14 USD)", "38 won was enough to buy $1"
    return (
        nxt is not None
        and nxt.start - d.end <= 40
        and bool(set(_LOWER_WORD.findall(text[d.end : nxt.start].lower())) & data["links"])
    )


def _near(ctx: ContextIndex, x: Draft, d: Draft, since: int) -> bool:
    """Tell whether ``d`` is in ``x``'s paragraph, in its sentence or the next one.

    Counted from the run's last change when one followed ``x`` ("80원 떨어진 가격이다").
    """
    _, x_hi = ctx.sentence(max(x.start, since))
    if ctx.paragraph(x.start) != ctx.paragraph(d.start):
        return False
    return d.start < x_hi or ctx.sentence(d.start)[0] <= x_hi


def _in_run(
    text: str, x: Draft, d: Draft, level: Decimal, data: RuleData, ctx: ContextIndex
) -> bool:
    """Tell whether ``d`` is of the run's order (within 30x), in the old unit or the new one.

    A state price and the market's are of another order but priced alike: "the state-set
    price of rice ... at 46 won per kilogram, while market prices hovered near 5,500 won".
    When the run's level is named a state price (``state``) and a market price (``market``)
    stands between it and ``d`` in the same sentence, ``d`` may be up to 1,000x the level.
    """
    if x.per in data["areas"]:
        # a price per unit of area and a whole property's price differ by its area: a run of
        # area prices holds only figures within 10x ("평당 2022만원 ... 평균 매매 가격이 2억원")
        return level / _AREA_RUN <= d.value <= level * _AREA_RUN
    if level / _RUN <= d.value <= level * _RUN:
        return True
    if level < d.value <= level * _STATE_MARKET and _state_market(text, x, d, data, ctx):
        return True
    return level / _RUN <= d.value * _reformed(text, x, d, data) <= level * _RUN


_STATE_MARKET = 1000  # how far above a state price the market's may stand
_AREA_RUN = 10  # how far from a run's price per unit of area its figures may stand


def _state_market(text: str, x: Draft, d: Draft, data: RuleData, ctx: ContextIndex) -> bool:
    """Tell whether ``x`` is named a state price and ``d`` a market price after it.

    In one sentence only: across one, the market price is ``carry.commodity``'s if the goods
    are named again.
    """
    lo, hi = ctx.sentence(x.start)
    if not data["market"] or d.start >= hi or d.start - x.end > 160:
        return False
    before = text[max(lo, x.start - 160) : x.start].lower()
    between = text[x.end : d.start].lower()
    return any(w in before for w in data["state"]) and any(w in between for w in data["market"])


def _reformed(text: str, x: Draft, d: Draft, data: RuleData) -> Decimal:
    """Return the factor of a redenomination the passage speaks of between ``x`` and ``d``.

    "Rice that had cost 2,200 won a kilogram briefly traded at 25 won after the swap": when the
    paragraph up to ``d`` names a currency reform (``reforms``), a figure may be the run's level
    in the new unit, smaller by the currency's step between units (``moneyx.eras.step``: 100
    for the won); the factor makes it comparable. 1 otherwise.
    """
    if d.value >= x.value or not data["reforms"]:
        return Decimal(1)
    lo = text.rfind("\n\n", 0, x.start) + 1
    low = text[max(lo, x.start - 600) : d.end].lower()
    if not any(r in low for r in data["reforms"]):
        return Decimal(1)
    shared = set(x.surface.candidates) & set(d.surface.candidates)
    return max((step(c) for c in shared), default=Decimal(1))


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
    # dlrs") is far smaller than the level and does not replace it; a conversion in between
    # ("2,000 won ($1.76)") is no figure of the run
    level: Decimal | None = None
    level_per: str | None = None
    x: Draft | None = None
    x_end = 0  # past the run's last figure and its conversions
    since = -1  # the run's last change after its figure
    last: Draft | None = None  # the run's latest figure outside an aside
    carried: set[int] = set()
    for i, d in enumerate(ds):
        if d.gloss_of is not None:
            x_end = max(x_end, _CLOSE.match(text, d.end).end())  # type: ignore[union-attr]
            continue
        if x is not None:
            inside = rd["past_asides"] and _opened(text, x.start)
            if inside and last is not None and ")" in text[x.end : d.start]:
                # "40∼50원(... 북한 돈 1원은 한국 돈 7원 상당)에서 80∼90원으로": past the aside
                # (the words inside the aside are not the run's: its close is where they end)
                x, x_end = last, text.rfind(")", x.end, d.start) + 1
            elif not inside:
                last = x
            if not lex.carries(x.per) or is_rate_base(x.per, x, lex):
                level = None  # a rate: carry.rate-run and carry.rate-story go on
            elif level is None or x.per != level_per or x.value > level * _RUN:
                level, level_per = x.value, x.per
            else:
                level = max(level, x.value)
            if level is not None:
                nxt = ds[i + 1] if i + 1 < len(ds) else None
                got = carry_run(text, g, x, d, level, ctx, rd, nxt, x_end, since)
                if got is not None:
                    d = ds[i] = d._replace(per=got, trace=(*d.trace, "carry.run"))
                    carried.add(i)
        if _minor_change(x, d):
            continue  # "... 4.3750 dlrs a bushel, while July corn rose 2 cts to 1.9225 dlrs"
        if _small_change(x, d, level):
            since = d.start  # the run goes on from its change's sentence
            continue  # "1kg당 6200원으로 지난주보다 150원 올랐다": a change, the level stays
        x, x_end, since = d, d.end, -1
    return _glosses_follow(ds, carried)


def _small_change(x: Draft | None, d: Draft, level: Decimal | None) -> bool:
    """Tell whether ``d`` is a change far below the run's level, in the run's own money.

    "6200원으로 지난주보다 150원 올랐다": the run goes on past it. A figure in another currency
    ("1달러 8,050원": a rate's base) ends the run.
    """
    return (
        x is not None
        and level is not None
        and d.per is None
        and d.value < level / _RUN
        and d.surface.key == x.surface.key
    )


def _minor_change(x: Draft | None, d: Draft) -> bool:
    """Tell whether ``d`` is a move in the minor unit inside a run priced in the major one.

    The run goes on past it: its level is still the price before ("rose 2 cts to 1.9225 dlrs").
    """
    return (
        x is not None
        and x.per is not None
        and d.per is None
        and d.surface.factor < x.surface.factor
        and not set(x.surface.candidates).isdisjoint(d.surface.candidates)
    )


# a period a noun names, and the figures a run carried it to ("강남구는 95만원, 관악구는 58만원")
_PERIOD_NAMED = frozenset({"per.period-noun", "per.period-adjective", "carry.payment-run"})


@CARRY.rule("payment-run", stops="words", shares="words", adds="words", extras="words",
            categories="words")  # fmt: skip
def payment_run(
    text: str, g: Grammar, x: Draft, d: Draft, ctx: ContextIndex, data: RuleData
) -> str | None:
    """Carry a wage's period, or a payment's share, along the figures listed after it.

    "light workers received around 1,200 won per month; construction workers got around 1,500
    won, and miners around 1,700 won"; fees listed by what they are for (``categories``: "1,500
    KPW a day for meat stalls, 1,000 KPW for industrial products"); "hiring a worker costs
    2,500 yuan a month, and as much as 3,000 yuan" (a bound within 2x of a cost per period
    bounds that cost); "each household could exchange up to 100,000 won, ... the amount was
    raised to 150,000 won, then to 500,000 won": the next figure in the same sentence and
    currency with no unit of its own, of the same order (within 4x), takes the period (and the
    wage role) or the share (per household, per person), unless a word between (or the word
    right after it) names a price, a unit of goods or another kind of sum.

    Example:
        "clerks earn 3,000 won a month, and drivers 3,500 won" -> 3,500 won per month, a wage.

    """
    lex = g.lex
    # a bounded figure close to a cost per period bounds the same cost: "2,500 yuan a month, and
    # as much as 3,000 yuan"; otherwise the period carries along wages only
    bounds_it = d.bound is not None and x.value / 2 <= d.value <= x.value * 2
    # a sum a period noun names ("monthly rent", "월세", "月租金") lists its parts as a wage does
    named = not _PERIOD_NAMED.isdisjoint(x.trace)
    if not (
        (
            x.per in lex.period_labels
            and (x.role == "wage" or bounds_it or named or _by_category(text, x, d, data))
        )
        or (x.per or "") in data["shares"]
    ) or (
        d.per is not None
        or d.gloss_of is not None
        or set(x.surface.candidates).isdisjoint(d.surface.candidates)
        or x.surface.factor != d.surface.factor
        or not x.value / 4 <= d.value <= x.value * 4
        or ctx.sentence(x.start) != ctx.sentence(d.start)
    ):
        return None
    if not lex.word_boundaries:  # the clause between and the characters right after the figure
        end = min(d.end + 4, ctx.sentence(d.start)[1])  # not the next sentence's first words
        named = _names_any(text, x.end, end, data["stops"], lex)
        return None if named or _names_any(text, x.end, d.start, lex.measures, lex) else x.per
    words = words_between(text, x.end, d.start)
    if x.role == "wage" and words & data["adds"]:
        words -= data["extras"]  # "a monthly wage of X, with a bonus of Y": paid on the same period
    stops = data["stops"] | lex.other_sums | set(lex.measures)
    if words & stops or other_sum(words, lex, x.per):
        return None
    tail = text[d.end : min(d.end + 16, ctx.sentence(d.start)[1])]
    after = _LOWER_WORD.findall(tail.lower())[:1]  # the next sentence's first word is not it
    return None if set(after) & stops else x.per  # "a 2,000 won fee"


def _by_category(text: str, x: Draft, d: Draft, data: RuleData) -> bool:
    """Tell whether both figures are followed by the same word of ``categories`` ("for").

    The first one maybe past its own unit ("$5 a day for adults and $3 for children").
    """
    nxt = _LOWER_WORD.findall(text[d.end : d.end + 8].lower())[:1]
    return (
        bool(nxt)
        and nxt[0] in data["categories"]
        and nxt[0] in _LOWER_WORD.findall(text[x.end : x.end + 16].lower())[:3]
    )


def payments(
    text: str,
    g: Grammar,
    drafts: list[Draft],
    ctx: ContextIndex,
    data: Mapping[str, RuleData],
    off: frozenset[str] = frozenset(),
) -> list[Draft]:
    """Apply ``carry.payment-run`` from each wage or share to the figures listed after it."""
    if "carry.payment-run" in off:
        return drafts
    wd = data["carry.payment-run"]

    def step(ds: list[Draft], i: int, x: Draft, d: Draft) -> Draft | None:
        got = payment_run(text, g, x, d, ctx, wd)
        return None if got is None else d._replace(per=got, role=x.role)

    return _follow_on(drafts, "carry.payment-run", step)


@CARRY.rule("part-of", switch="words", words="phrases")
def part_of(
    text: str, g: Grammar, a: Draft, a_end: int, b: Draft, ctx: ContextIndex, data: RuleData
) -> str | None:
    """Give a part of a sum the sum's unit: "of which", "其中", "이 중" open the part.

    Statistics split a sum priced per a period or a share into its parts: "소비지출은 월평균
    282만원, 이 중 식료품 지출은 41만원"; "月薪约为2000元人民币，其中……只有三四百元". The later
    amount, in the same sentence and currency, no larger than the sum, with one of ``words``
    between them, is priced per the sum's unit; or in the next sentence when that opens with the
    word ("月薪为150美元。其中，75-80美元都被汇回"). Not a rate's (a part of a rate is no rate).

    Example:
        "월평균 282만원, 이 중 식료품 지출은 41만원" -> 41만원 per month.

    """
    if (
        a.per is None
        or a.role == "rate"
        or b.per is not None
        or b.gloss_of is not None
        or set(a.surface.candidates).isdisjoint(b.surface.candidates)
        or a.surface.factor != b.surface.factor
        or not b.value <= a.value
        or not (
            ctx.sentence(a.start) == ctx.sentence(b.start) or _opens_next(text, a, b, ctx, data)
        )
    ):
        return None
    if not g.lex.word_boundaries:
        return a.per if _names_any(text, a_end, b.start, data["words"], g.lex) else None
    gap = f" {' '.join(_LOWER_WORD.findall(text[a_end : b.start].lower()))} "
    return a.per if any(f" {w} " in gap for w in data["words"]) else None


def _opens_next(text: str, a: Draft, b: Draft, ctx: ContextIndex, data: RuleData) -> bool:
    """Tell whether ``b``'s sentence follows ``a``'s and opens with a word of ``words`` and ``b``.

    "其中，75-80美元", "Of this, 400,000 won": nothing but the word stands before the part (a
    part word before people, "其中，有20名工人因旷工被罚款500元", opens no part of the sum).
    """
    lo, end = ctx.sentence(b.start)[0], ctx.sentence(a.start)[1]
    if not end <= lo <= end + 2:
        return False
    lead = " ".join(text[lo : b.start].strip(_LEAD_PUNCT).lower().split())
    return lead in {" ".join(w.lower().split()) for w in data["words"]}


_LEAD_PUNCT = " \u00a0\u3000,，、:：;；"


def parts(
    text: str,
    g: Grammar,
    drafts: list[Draft],
    ctx: ContextIndex,
    data: Mapping[str, RuleData],
    off: frozenset[str] = frozenset(),
) -> list[Draft]:
    """Apply ``carry.part-of`` from each priced sum to the amount after it (past conversions)."""
    pd = data["carry.part-of"]
    if "carry.part-of" in off or not pd["words"]:
        return drafts

    def step(ds: list[Draft], i: int, x: Draft, d: Draft) -> Draft | None:
        ia = next(k for k in range(i - 1, -1, -1) if ds[k] is x)
        got = part_of(text, g, x, _past_conversions(text, ds, ia, i), d, ctx, pd)
        return None if got is None else d._replace(per=got)

    return _follow_on(drafts, "carry.part-of", step)


@CARRY.rule("same-price", switch="units", units="words", stops="words", links="words",
            common="words", period_sums="words", anaphora="phrases")  # fmt: skip
def same_price(
    text: str,
    g: Grammar,
    x: Draft,
    d: Draft,
    nxt: Draft | None,
    ctx: ContextIndex,
    data: RuleData,
) -> str | None:
    """Price a bare figure per the unit of the price before it, when it is that price again.

    A report names the unit once and quotes the price again sentences later, or the price it
    moved to: "OPEC wants oil at 18 dlrs a barrel ... to keep oil prices at an average 18 dlrs";
    "the stock closed at 12 dlrs a share ... the stock last traded at 11.50 dlrs". The figure
    before, in an earlier sentence, in the same currency with no scale word, is priced per a
    unit of goods or a share (``units``); this one is of the same order (within 4x) with no
    scale word. A sum per a period carries the same way, scaled or not, when the figure's
    sentence names it again by one of ``period_sums`` ("Annual tuition averaged 7.57 million
    won ... Tuition at national universities averaged 4.2 million won"). Its sentence before it
    names what the earlier price's sentence spoke of (a word of four letters or more in both,
    not one of ``common`` nor a currency or unit: "oil", "stock"), or refers back to it
    (``anaphora``: "this number amounts to roughly 150 USD", "这一价格仅为2000元": then
    whatever the price is per, a person or a household too, and within 20x: "it rose to
    $17,000" after "$1,700 per person"), and no other kind of sum (a
    wage, a fee, a total: ``stops``); and it is worth or buys no amount right after it
    (``links``: "1 RMB is worth about 0.14 USD" states a rate). What ``carry.run`` decides
    within a sentence and the next stays as it decided.

    Example:
        "Gold sold at 400 dlrs an ounce. The coins were issued at 410 dlrs." -> "ounce".

    """
    lex = g.lex
    lo = ctx.sentence(d.start)[0]
    # a price referred back to ("this price", "这一价格") is the same whatever it is per
    back = _refers_back(text, lo, d.start, data)
    loose = x.per in lex.period_labels or back
    if not _same_kind(x, d, lex, data, loose, 20 if back else 4):
        return None
    if x.end > lo:
        return None  # carry.run decides within the sentence
    words = words_between(text, lo, d.start)
    if _names_any(text, lo, d.start, data["stops"], lex) or other_sum_in(
        text, lo, d.start, lex, x.per
    ):
        return None
    if not _named_again(text, x, lo, d.start, words, ctx, lex, data, loose):
        return None
    if (
        nxt is not None
        and nxt.start - d.end <= 40
        and words_between(text, d.end, nxt.start) & data["links"]
    ):
        return None  # "38 won was enough to buy $1": a rate
    return x.per


def _refers_back(text: str, lo: int, hi: int, data: RuleData) -> bool:
    """Tell whether ``text[lo:hi]`` refers back to an earlier price (``anaphora``)."""
    if not data["anaphora"]:
        return False
    return _anaphora(data["anaphora"]).search(text[lo:hi].lower()) is not None


@functools.cache
def _anaphora(phrases: frozenset[str]) -> regex.Pattern[str]:
    """Compile ``anaphora`` as whole words (words of other letters than Latin anywhere)."""
    alts = []
    for p in sorted(phrases, key=len, reverse=True):
        head = r"(?<![^\W_])" if p[0].isascii() and p[0].isalnum() else ""
        tail = r"(?![^\W_])" if p[-1].isascii() and p[-1].isalnum() else ""
        alts.append(head + regex.escape(p) + tail)
    return cached_compile("|".join(alts))


def _named_again(
    text: str, x: Draft, lo: int, hi: int, words: set[str], ctx: ContextIndex, lex: Lexicon,
    data: RuleData, period: bool,
) -> bool:  # fmt: skip
    """Tell whether the figure's sentence before it speaks of what the price ``x`` was of.

    It shares a word of four letters or more with ``x``'s sentence ("oil", "stock"; for a sum
    per a period, one of ``period_sums``: "tuition"), or refers back to ``x`` by one of
    ``anaphora`` ("this number amounts to roughly 150 USD").
    """
    if _refers_back(text, lo, hi, data):
        return True
    x_lo, x_hi = ctx.sentence(x.start)
    said = {w for w in words_between(text, x_lo, x_hi) if len(w) > 3} - data["common"]
    if said.isdisjoint(words) or said <= set(lex.currency_nouns) | set(lex.per_nouns):
        return False  # nothing names what the earlier price was of ("Sugar was 8,000 won")
    # a period carries only with the sum named again ("tuition", "rent")
    return not period or not (said & words).isdisjoint(data["period_sums"])


def _same_kind(
    x: Draft, d: Draft, lex: Lexicon, data: RuleData, period: bool, reach: int = 4
) -> bool:
    """Tell whether ``d`` can be the price ``x`` again: its unit, currency and order allow it.

    Of the same order is within ``reach`` times ``x``.
    """
    return not (
        x.per is None
        or not (lex.carries(x.per) or x.per in data["units"] or period)
        or d.per is not None
        or d.role is not None
        or (d.scaled and not period)
        or (x.scaled and not period)
        or x.surface.factor != d.surface.factor
        or set(x.surface.candidates).isdisjoint(d.surface.candidates)
        or not x.value / reach <= d.value <= x.value * reach
    )


def same_prices(
    text: str,
    g: Grammar,
    drafts: list[Draft],
    ctx: ContextIndex,
    data: Mapping[str, RuleData],
    off: frozenset[str] = frozenset(),
) -> list[Draft]:
    """Apply ``carry.same-price`` from each figure to the next one."""
    if "carry.same-price" in off:
        return drafts
    sd = data["carry.same-price"]

    def step(ds: list[Draft], i: int, x: Draft, d: Draft) -> Draft | None:
        nxt = ds[i + 1] if i + 1 < len(ds) else None
        got = same_price(text, g, x, d, nxt, ctx, sd)
        return None if got is None else d._replace(per=got)

    return _follow_on(drafts, "carry.same-price", step)


def _follow_on(
    drafts: list[Draft],
    rule_id: str,
    step: Callable[[list[Draft], int, Draft, Draft], Draft | None],
) -> list[Draft]:
    """Walk the drafts that convert nothing, each with the one before: ``step`` may carry.

    A carried draft gets ``rule_id`` in its trace, is the next one's predecessor as carried,
    and its conversions follow it (``_glosses_follow``).
    """
    ds = list(drafts)
    carried: set[int] = set()
    x: Draft | None = None
    for i, d in enumerate(ds):
        if d.gloss_of is not None:
            continue
        if x is not None and (new := step(ds, i, x, d)) is not None:
            d = ds[i] = new._replace(trace=(*d.trace, rule_id))
            carried.add(i)
        x = d
    return _glosses_follow(ds, carried)


def _glosses_follow(ds: list[Draft], carried: set[int]) -> list[Draft]:
    """Give the conversions of the drafts a carry priced the same unit."""
    if carried:
        for j, d in enumerate(ds):
            if d.gloss_of in carried and d.per is None:
                src = ds[d.gloss_of]
                ds[j] = d._replace(per=src.per, role=src.role, trace=(*d.trace, "per.gloss"))
    return ds


@CARRY.rule("rate-run", stops="words")
def rate_run(
    text: str,
    g: Grammar,
    level: Draft,
    x: Draft,
    d: Draft,
    ctx: ContextIndex,
    data: Mapping[str, RuleData],
) -> tuple[str, bool] | None:
    """Carry a quoted rate's base along the figures that quote or move the same rate.

    "the dollar slumped below ¥155 just hours after exceeding ¥160", "the Yuan price, which had
    risen to 780 won, fell back to 720 won", "closed at 1,421 won, down 16.3 won ... dropping to
    as low as 1,420.8 won", "was 16,200 won, or 100 won higher than in Pyongyang": a figure in
    the rate's currency in the same sentence is another level of it (within a factor of 2) or a
    change (a movement word before it, or "higher"/"lower" after, and smaller than the level);
    in the next sentence only a change ("It was down 1.9 won"). Nothing between may name another
    sum (a price, a wage, a fee, a unit of goods, a good of ``carry.commodity``). Returns (base,
    whether it is a level).

    Example:
        "the dollar rose to 8,100 won in Hyesan and to 8,150 won in Sinuiju" -> 8,150 won per
        dollar, a rate.

    """
    rd = data["carry.rate-run"]
    if (
        d.per is not None
        or d.gloss_of is not None
        or big_sum(d)
        or d.surface.factor != level.surface.factor
        or set(d.surface.candidates).isdisjoint(level.surface.candidates)
        or not is_rate_base(level.per, d, g.lex)
        or ctx.paragraph(level.start) != ctx.paragraph(d.start)
    ):
        return None
    lex = g.lex
    words = words_between(text, x.end, d.start)
    goods = data["carry.commodity"]["goods"]  # "traded at 8,100 won and rice 5,000 won"
    if words & (rd["stops"] | lex.other_sums | lex.wage_nouns | set(lex.measures) | set(goods)):
        return None
    same = ctx.sentence(x.start) == ctx.sentence(d.start)
    if not same and ctx.sentence(d.start)[0] > ctx.sentence(x.start)[1] + 2:
        return None  # two or more sentences on
    assert level.per is not None
    is_level = rate_level(text, g, d, level.value, data["role.rate"])
    if is_level and same and level.value / 2 <= d.value <= level.value * 2:
        return level.per, True
    if (
        not is_level
        and d.value < level.value
        and not rate_level(text, g, d, None, data["role.rate"])
    ):
        return level.per, False  # a change, marked so ("down 1.9 won", "100 won higher")
    return None


@CARRY.rule("rate-story", switch="subjects", subjects="phrases", pronouns="words",
            auxiliaries="words", verbs="words", participles="words", infinitives="phrases",
            copulas="words", openers="words", articles="words",
            sessions="words", stops="words", after="flag", times="words",
            adverbs="words", measure_verbs="phrases")  # fmt: skip
def rate_story(
    text: str,
    g: Grammar,
    seed: Draft,
    d: Draft,
    ctx: ContextIndex,
    data: Mapping[str, RuleData],
    level: Decimal | None = None,
) -> tuple[str, bool] | None:
    """Price a figure of the quoted currency per the base of the exchange-rate story it is in.

    After a rate or a change of it ("the won fell 9.6 won against the dollar"), a figure in the
    rate's currency up to two sentences on is another level of that rate when it fits the
    currency's whole history against the base (``rate_span``) and its own clause names the rate
    (``subjects``: "the rate", "the local currency", "the closing price"; a pronoun right before
    a rate verb, "when it hit", "it is worth"; or a participle that continues the seed's
    sentence: "..., closing at"); a level in a later sentence is within a factor of 2 of the
    story's last level. It is a change when a movement word or a comparative makes it one and it
    lies below the range. The next paragraph's opening sentence counts when the paragraph opens
    with the rate as its subject (``_story_paragraph``). Nothing between may name another
    sum (a fee, a fine, a price of goods; "price" after a session word, "the closing price", is
    the rate), and a sum a scale word makes large never is a rate. Returns (base, is a level).

    Example:
        "The won lost 7.4 won against the dollar, closing at 1,388.1 won." -> 1,388.1 won per
        dollar, a rate; "It hit 1,410.0 won in May." after a won-dollar quote -> per dollar.

    """
    rd = data["carry.rate-story"]
    lex = g.lex
    codes = set(d.surface.candidates) & set(seed.surface.candidates)
    if (
        d.per is not None
        or d.role is not None
        or d.gloss_of is not None
        or big_sum(d)
        or not codes
        or not is_rate_base(seed.per, d, lex)
    ):
        return None
    if not _in_story(text, g, ctx, seed, d, rd, level):
        return None
    same = ctx.sentence(seed.start) == ctx.sentence(d.start)
    assert seed.per is not None  # is_rate_base said so
    span = rate_span(sorted(codes), base_codes(seed.per, lex))
    if span is None:
        return None
    is_level = rate_level(text, g, d, None, data["role.rate"])
    if is_level and span[0] <= d.value <= span[1]:
        if not same and level is not None and not level / 2 <= d.value <= level * 2:
            return None  # a later sentence's level is near the story's last one
        return seed.per, True
    if not is_level and d.value < span[0]:
        return seed.per, False
    return None


def _in_story(
    text: str, g: Grammar, ctx: ContextIndex, seed: Draft, d: Draft, rd: RuleData,
    level: Decimal | None,
) -> bool:  # fmt: skip
    """Tell whether ``d``'s clause speaks of the seed's rate, near it or paragraphs on."""
    near = _story_paragraph(text, ctx, seed, d, g.lang) and _sentences_on(ctx, seed.end, d.start, 2)
    # nothing between, nor earlier in the figure's sentence ("Shares of Kia rose ..., and it")
    lo = ctx.sentence(d.start)[0]
    if not _story_clear(text, g, min(seed.end, lo) if near else lo, d.start, rd):
        return False
    same = ctx.sentence(seed.start) == ctx.sentence(d.start)
    if near and _names_rate(text, g, ctx, seed, d, same, rd):
        return True
    return _far_level(text, g, ctx, seed, d, rd, level)


_LEAD_WORDS = 4  # the words before a figure among which a later paragraph's rate verb stands


def _far_level(
    text: str, g: Grammar, ctx: ContextIndex, seed: Draft, d: Draft, rd: RuleData,
    level: Decimal | None,
) -> bool:  # fmt: skip
    """Tell whether a figure paragraphs after the story's rates is another level of the rate.

    A wire story of the currency market quotes the rate all along: "After opening at 133.70 yen,
    it ranged ...", "It slipped as far as 96.55 yen". Where words are spaced, a rate verb of
    ``verbs`` or ``participles`` (not one of ``copulas``) among the few words right before the
    figure, in its clause, whose subject is the rate (``_rate_clause``), and a value within a
    factor of 2 of the story's last level make it one, unless its paragraph names a third
    currency ("Sterling traded around 1.5750 dlrs. It slid to 2.917
    marks": sterling's marks). "Pork climbed to 12,000 won" is a price: its subject is a good.
    """
    if level is None or not g.lex.word_boundaries or not level / 2 <= d.value <= level * 2:
        return False
    sent_lo = ctx.sentence(d.start)[0]
    lo = max(sent_lo, *(text.rfind(c, 0, d.start) + 1 for c in ",;:("))
    words = _LOWER_WORD.findall(text[lo : d.start].lower())
    first = len(words) - min(len(words), _LEAD_WORDS)
    verbs = set(rd["verbs"]) | set(rd["participles"])
    at = next((k for k in range(first, len(words)) if words[k] in verbs), -1)
    if at < 0 or words[at] in rd["copulas"]:
        return False  # ("Rice was also up. It was 5,000 won": a copula says nothing of rates)
    assert seed.per is not None
    if not _rate_clause(words[:at], words[at] in rd["participles"], seed.per, g, rd):
        return False
    return not names_third(text, g, ctx.paragraph(d.start)[0], d.start, d, (seed.per,))


def _rate_clause(pre: list[str], participle: bool, base: str, g: Grammar, rd: RuleData) -> bool:
    """Tell whether the words before a rate verb make the rate its subject.

    They may be a pronoun ("it later slipped"), the base currency's name ("the dollar
    plunged"), or nothing but ``openers`` before a participle ("After trading around"); besides,
    only determiners, auxiliaries and adverbs.
    """
    pronouns = {w for p in rd["pronouns"] for w in p.split()}
    named = {w for w in pre if g.lex.currency_nouns.get(w) == base}
    glue = set(rd["openers"]) | set(rd["adverbs"]) | set(rd["auxiliaries"]) | set(rd["articles"])
    if any(w not in pronouns | named | glue for w in pre):
        return False  # "Nippon Steel rose 4 yen", "its fuel surcharge, which rose to"
    return bool(named) or bool(pronouns & set(pre)) or participle


def _story_paragraph(text: str, ctx: ContextIndex, seed: Draft, d: Draft, lang: str) -> bool:
    """Tell whether ``d`` is in the seed's paragraph, or the next one opens with the rate.

    Seoul's market reports open each paragraph with the rate as its subject ("환율은 전날 ...
    17.4원 내린 1,322.4원에 거래를 마쳤지만"): the story goes on in that paragraph's first
    sentence.
    """
    here = ctx.paragraph(d.start)
    if ctx.paragraph(seed.start) == here:
        return True
    if ctx.paragraph(max(0, here[0] - 1))[0] != ctx.paragraph(seed.start)[0]:
        return False  # not the paragraph right after the seed's
    if ctx.sentence(d.start)[0] > here[0] + 2:
        return False  # only the opening sentence
    head = text[here[0] : here[0] + 40].lstrip().lower()
    return _patterns(lang).story_subject.match(head) is not None


def _names_rate(
    text: str, g: Grammar, ctx: ContextIndex, seed: Draft, d: Draft, same: bool, rd: RuleData
) -> bool:
    """Tell whether the clause of ``d`` speaks of the rate (a subject, or "it" and a rate verb).

    A figure that opens a bracket belongs to the clause of the noun before it ("지난 15일 기록한
    연고점(1393.7원)을 넘었다": the year's high), unless that noun is a rate that names no
    currency (``per.rate-before`` nouns: "당시 환율(1만 8100원)" prices nothing).

    A pronoun refers to the rate only in the seed's sentence or the next one ("Rice was up too.
    It was 5,000 won" does not). In the seed's sentence a participle that opens the clause
    continues it ("..., closing at"), and so does "to" and a verb right after the seed
    ("plunged 15.6 won to end at"), or "and" and a rate verb ("and peaked at").
    """
    sent_lo = ctx.sentence(d.start)[0]
    # (a figure that opens a bracket is the value of the noun before it: "연고점(1393.7원)";
    # not of a rate that names no currency, "당시 환율(1만 8100원)", which prices nothing)
    lead = text[sent_lo : d.start].rstrip()
    bare = rule_data(g.lang)["per.rate-before"]["nouns"]
    opens = lead.endswith(("(", "（")) and not lead[:-1].rstrip().endswith(tuple(bare))
    cut = sent_lo + len(lead) - 1 if opens else d.start
    clause_lo = max(sent_lo, *(text.rfind(c, sent_lo, cut) + 1 for c in ",;:("))
    clause = text[clause_lo : d.start].lower()
    pt = _patterns(g.lang)
    if pt.story_subject.search(clause):
        return True
    if rd["after"]:  # a verb-final clause names it after the figure ("1,205원선에서 거래를 마쳤다")
        hi = min([ctx.sentence(d.start)[1], *(i for c in ",;" if (i := text.find(c, d.end)) >= 0)])
        if pt.story_subject.search(text[d.end : hi].lower()):
            return True
    if pt.story_pronoun.search(clause):
        return same or _sentences_on(ctx, seed.end, sent_lo, 1)
    words = _LETTERS.findall(clause)  # "지난주": any script's letters
    if not same:
        return False
    gap = _LOWER_WORD.findall(text[seed.end : d.start].lower())
    if words and words[0] in rd["adverbs"]:
        words = words[1:]  # ", then held in the 1,484-won range"
    if " ".join(gap[:2]) in rd["infinitives"] or (bool(words) and words[0] in rd["participles"]):
        return True
    if d.start - seed.end <= 80 and _and_verb(gap, g, rd):
        return True  # "opened at 1,484.0 won and peaked at 1,487.6 won": the seed's verb again
    # unspaced text: the clause's first run of letters opens with the word ("上周则为")
    return not g.lex.spaced and bool(words) and words[0].startswith(tuple(rd["participles"]))


def _and_verb(gap: list[str], g: Grammar, rd: RuleData) -> bool:
    """Tell whether ``gap`` is "and", a rate verb and one word, maybe after the seed's time.

    "opened at 1,484.0 won and peaked at", "broke through 1,483 won at 9:16 a.m., and climbed
    to": the words before "and" are all of ``times`` (the figures of a clock time are no words).
    """
    if not 3 <= len(gap) <= 7 or gap[-3] not in g.lex.list_and or gap[-2] not in rd["verbs"]:
        return False
    return all(w in rd["times"] for w in gap[:-3])


def _sentences_on(ctx: ContextIndex, lo: int, hi: int, most: int) -> bool:
    """Tell whether ``hi`` is at most ``most`` sentences after the one holding ``lo``."""
    end = ctx.sentence(lo)[1]
    for _ in range(most):
        if hi < end:
            return True
        nxt = ctx.sentence(end)[1]
        if nxt <= end:
            return False  # the text ends
        end = nxt
    return hi < end


def _story_clear(text: str, g: Grammar, lo: int, hi: int, rd: RuleData) -> bool:
    """Tell whether nothing from ``lo`` to ``hi`` names another kind of sum than the rate."""
    lex = g.lex
    banned = rd["stops"] | lex.other_sums | lex.wage_nouns | set(lex.measures)
    words = _LOWER_WORD.findall(text[lo:hi].lower())
    if not lex.word_boundaries:  # Korean: the words inside the text, particles attached
        low = text[lo:hi].lower()
        verbs = tuple(rd["measure_verbs"])
        return not any(
            w in words if w.isascii() else _unspaced_word(low, w, lex, verbs) for w in banned
        )
    return not any(
        w in banned and not (k and words[k - 1] in rd["sessions"]) for k, w in enumerate(words)
    )


def _unspaced_word(low: str, w: str, lex: Lexicon, verbs: tuple[str, ...] = ()) -> bool:
    """Tell whether ``w`` is written in unspaced text (``low``).

    A measure of one character counts only after a figure or a per word ("每升", "3升") and not
    as the head of one of ``verbs`` ("由31.2升至30.85元": a rise): the 升 of "走升" is a rise.
    """
    if len(w) > 1 or w not in lex.measures:
        return w in low
    at = low.find(w)
    while at >= 0:
        after_figure = low[:at].rstrip()[-1:].isdigit() or low[:at].endswith(lex.per_words)
        if after_figure and not low.startswith(verbs, at):
            return True
        at = low.find(w, at + 1)
    return False


def rates(
    text: str,
    g: Grammar,
    drafts: list[Draft],
    ctx: ContextIndex,
    data: Mapping[str, RuleData],
    off: frozenset[str] = frozenset(),
) -> list[Draft]:
    """Apply ``carry.rate-run`` along the drafts, from each quoted rate."""
    if "carry.rate-run" in off:
        return drafts
    ds = list(drafts)
    level: Draft | None = None
    carried: set[int] = set()
    for i, d in enumerate(ds):
        if d.role == "rate" and d.per is not None:
            if d.gloss_of is None:  # a conversion of the level quotes it in another currency
                level = d
            continue
        if level is None or i == 0:
            continue
        x = ds[i - 1]
        if x.per != level.per and x.gloss_of is None:
            continue  # the run was broken by a figure of another kind
        got = rate_run(text, g, level, x, d, ctx, data)
        if got is not None:
            base, is_level = got
            role = "rate" if is_level else None
            trace = (
                (*d.trace, "carry.rate-run", "role.rate")
                if is_level
                else (*d.trace, "carry.rate-run")
            )
            ds[i] = d._replace(per=base, role=role, trace=trace)
            carried.add(i)
            if is_level:
                level = ds[i]
    if "carry.rate-story" not in off:
        _stories(text, g, ds, ctx, data, carried)
    return _glosses_follow(ds, carried)


def _stories(
    text: str,
    g: Grammar,
    ds: list[Draft],
    ctx: ContextIndex,
    data: Mapping[str, RuleData],
    carried: set[int],
) -> None:
    """Apply ``carry.rate-story`` from each figure priced per a rate base to the ones after."""
    if not data["carry.rate-story"]["subjects"]:
        return
    seed: Draft | None = None
    level: Decimal | None = None  # the story's latest level
    for i, d in enumerate(ds):
        if d.gloss_of is not None:
            continue
        if d.per is None and _quoted_against(text, ds, i):
            pair = _pair_base(ds[i - 1])  # "US$1=W1,208 ... has fallen to around W1,130"
            seed = None if pair is None else d._replace(per=pair, role="rate")
            level = d.value  # (quoted per "100日元" of its own: the story before ends)
            continue
        if d.per is not None:
            # a price of goods or a wage ends the story; a rate or a change of one seeds it
            seed = d if is_rate_base(d.per, d, g.lex) else None
            level = d.value if d.role == "rate" else level if seed is not None else None
            continue
        if seed is None:
            continue
        if i and _own_base(text, g, ds[i - 1], d, data):
            seed = None  # "100엔당 862.40원": a rate quoted per an amount of its own
            continue
        got = rate_story(text, g, seed, d, ctx, data, level)
        if got is None:
            continue
        base, is_level = got
        trace = ("carry.rate-story", "role.rate") if is_level else ("carry.rate-story",)
        ds[i] = d._replace(per=base, role="rate" if is_level else None, trace=(*d.trace, *trace))
        carried.add(i)
        seed = ds[i]
        level = d.value if is_level else level


_PAIR_GAP = 12  # characters between a base written as its own amount and the rate after it


def _quoted_against(text: str, ds: list[Draft], i: int) -> bool:
    """Tell whether ``ds[i]`` is quoted against the amount in another currency right before it.

    "US$1=W1,208", "1달러에 8,150원", "人民币对100日元中间价报4.8615元": the base is written as an
    amount of its own (1, or 100 yen), a few characters before, with no figure between.
    """
    if i == 0:
        return False
    b, d = ds[i - 1], ds[i]
    gap = text[b.end : d.start]
    if b.value not in (1, 100) or b.scaled or b.gloss_of is not None or len(gap) > _PAIR_GAP:
        return False
    if any(ch.isdigit() or ch in ".;!?\n" for ch in gap):
        return False
    return set(b.surface.candidates).isdisjoint(d.surface.candidates)


def _pair_base(b: Draft) -> str | None:
    """Return the base a rate is quoted against when written as one unit of its own.

    The pair keeps per null (the base is its own mention), but it opens a rate story whose later
    levels are per that base ("US$1=W1,208 ... has fallen to around W1,130": per dollar).
    """
    if b.value != 1:
        return None
    # per labels are English nouns in every language ("달러당" is per "dollar")
    units = lexicon("en").rate_units
    return next((w for w, code in units.items() if code in b.surface.candidates), None)


def _own_base(text: str, g: Grammar, b: Draft, d: Draft, data: Mapping[str, RuleData]) -> bool:
    """Tell whether ``d`` is quoted per the amount ``b`` right before it ("100엔당 862.40원")."""
    if not data["per.rate-subject"]["base_after"] or b.end > d.start:
        return False
    m = base_after(g.lang).match(text, b.end)
    return m is not None and m.end() - 1 == d.start


def _goods(text: str, lo: int, hi: int, goods: Mapping[str, str], spaced: bool = True) -> set[str]:
    """Return the goods ``text[lo:hi]`` names ("rice", "corn"; ``goods`` maps each to its kind).

    Where the language marks no word boundaries (``spaced`` false: particles written against
    the noun, "쌀값은", or no spaces at all, "大米价格"), a good is named inside a word.
    """
    span = text[lo:hi].lower()
    if not spaced:
        return {good for good in goods if good in span}
    return {w for w in _LOWER_WORD.findall(span) if w in goods}


def _goods_named(
    text: str,
    lo: int,
    hi: int,
    ctx: ContextIndex,
    data: RuleData,
    s_lo: int = -1,
    spaced: bool = True,
) -> set[str]:
    """Return the goods ``text[lo:hi]`` names (or its sentence refers back to).

    The sentence before counts when the sentence (from ``s_lo``) opens with a pronoun ("But it
    skyrocketed and hit 1,000 won").
    """
    named = _goods(text, lo, hi, data["goods"], spaced)
    s_lo = lo if s_lo < 0 else s_lo
    opening = _LOWER_WORD.findall(text[s_lo:hi].lower())[:2]
    if opening[:1] and opening[0] in data["openers"]:
        opening = opening[1:]
    if not named and opening[:1] and opening[0] in data["refer"] and s_lo > 1:
        p_lo, p_hi = ctx.sentence(s_lo - 2)
        named = _goods(text, p_lo, p_hi, data["goods"], spaced)
    return named


@CARRY.rule("commodity", switch="goods", goods="map", refer="words", openers="words",
            stops="words", links="words", commas="phrases", restates="phrases")  # fmt: skip
def commodity(
    text: str,
    g: Grammar,
    x: Draft,
    x_span: tuple[int, int],
    d: Draft,
    prev_end: int,
    ctx: ContextIndex,
    data: RuleData,
) -> str | None:
    """Price a figure of a commodity's price series per the unit of the series' priced figure.

    A market report prices a staple per kilogram once and goes on in later sentences of the
    passage with the same kind of good ("Rice sold for 5,000 won a kilogram. ... The price of
    corn moved from 2,100 won to 2,300 won"), with what the price did ("it rose to 6,000 won"),
    or compares before it states the unit of the same good ("local rice costs 500 won more than
    imported rice ... it sells for 5,200 won per kilo"; another good's price after it lends its
    unit only when written after the last figure of one sentence). The figure, with no unit of
    its own, no scale word and no role, in the currency of a figure priced per a unit of measure
    (``x``: the nearest one before it, else after it, with no figure of another unit between)
    takes that unit when its sentence names a good of the same kind as ``x``'s sentence
    (``goods``, or a pronoun, ``refer``, after a sentence that named one), it is within 100x of
    ``x``, and no other kind of sum is named just before it (nor is it worth or buys something
    right after it).

    Example:
        "Rice sold for 5,000 won a kilogram. The price of corn went from 2,100 won to 2,300 won."
        -> both corn prices per kg.

    """
    lex = g.lex
    if (
        not lex.carries(x.per)
        or is_rate_base(x.per, x, lex)  # a rate's base prices no good ("달러 환율은 8천원 선")
        or d.per is not None
        or d.role is not None
        or d.gloss_of is not None
        or d.scaled
        or x.surface.factor != d.surface.factor
        or set(x.surface.candidates).isdisjoint(d.surface.candidates)
        or not x.value / 100 <= d.value <= x.value * 100
    ):
        return None
    d_lo, sp = ctx.sentence(d.start)[0], lex.word_boundaries
    # the good is named after any figure before it in its sentence ("a month instead of 110 won")
    named = _goods_named(text, max(d_lo, prev_end), d.start, ctx, data, d_lo, sp)
    x_lo, x_hi = ctx.sentence(x.start)
    # the goods of x's clause: from the figure before it to the one after it, in its sentence
    x_named = _goods_named(text, max(x_lo, x_span[0]), min(x_hi, x_span[1]), ctx, data, x_lo, sp)
    x_named = x_named or _goods_named(text, x_lo, x_hi, ctx, data, -1, sp)  # "rice at 4.5 ..."
    kinds = {data["goods"][n] for n in named}
    if not kinds or kinds.isdisjoint(data["goods"][n] for n in x_named):
        return None
    # back from a later price of another good: only a unit written after a list's last figure
    # ("for barley at 137.25 Ecus and for maize at 129.75 Ecus per tonne"), in its sentence;
    # "쌀은 4천3백원이고 강냉이는 kg당 1천6백원" prices only the corn
    back = x.start > d.start and (x_lo != d_lo or _LIST_ENDS.isdisjoint(x.trace))
    # ("卖12美元,...相当于每加仑2.29美元": a later unit that restates prices nothing before it)
    unpriced = _not_priced(text, g, x, d, d_lo, data) or _restated(text, lex, x, d, x_lo, data)
    return None if (back and named.isdisjoint(x_named)) or unpriced else x.per


_RESTATE_BACK = 16  # how far before a later figure its word of restating may stand


def _restated(text: str, lex: Lexicon, x: Draft, d: Draft, x_lo: int, data: RuleData) -> bool:
    """Tell whether a later ``x`` restates in another unit: ``restates`` right before its phrase.

    "一张汽油券要卖12美元,比2月份贵了2美元,相当于每加仑2.29美元": the gallon price restates the
    coupon's in another unit; the coupon's prices are no price per gallon.
    """
    if x.start < d.start:
        return False
    before = text[max(x_lo, x.start - _RESTATE_BACK) : x.start].lower()
    for w in data["restates"]:
        at = before.rfind(w)
        if at < 0:
            continue
        # right before the figure, past a hedge or its own unit ("相当于每加仑2.29美元"), not a
        # price it compares ("roughly equal to the 5,900 won per kilogram seen in Sinuiju")
        between = " ".join(before[at + len(w) :].split())
        if not between or between in lex.hedges or between in lex.period_nouns:
            return True
    return False


@functools.cache
def _bought_quantity(lang: str) -> regex.Pattern[str]:
    """Compile a purchase of a quantity other than one: "bought 3 kg", "各买了三斤多".

    A word of ``[carry.run] bought`` then, within three characters, the quantity.
    """
    lex = grammar(lang).lex
    bought = rule_data(lang)["carry.run"]["bought"]
    if not bought:
        return cached_compile(r"(?!)")
    cj = cjk_numerals()
    chars = regex.escape(cj.chars)
    ones = alternation(sorted(k for k, v in cj.digits.items() if v == 1))
    edge = (r"(?<![A-Za-z])", r"(?![A-Za-z])") if lex.word_boundaries else ("", "")
    units = alternation(sorted(lex.measures, key=len, reverse=True))
    return cached_compile(
        rf"(?i:{edge[0]}{alternation(bought)}).{{0,3}}?"
        rf"(?:(?<![\d.,])(?!1(?![\d.,]))\d+(?:[.,]\d+)?"
        rf"|(?<![{chars}])(?!(?:{ones})(?![{chars}]))[{chars}]+){_SP}{{0,2}}{units}{edge[1]}"
    )


def _bought(lang: str, text: str, lo: int, hi: int) -> bool:
    """Tell whether [lo, hi) tells of a quantity bought: what it cost is a total."""
    return _bought_quantity(lang).search(text, lo, hi) is not None


def _not_priced(text: str, g: Grammar, x: Draft, d: Draft, d_lo: int, data: RuleData) -> bool:
    """Tell whether ``d`` is another sum, what a quantity bought cost, or one item's price.

    "西红柿、豆角各买了三斤多,花18元" cost a total; "계란 700원(1알)" is one egg.
    """
    return (
        _another_sum(text, g.lex, x, d, d_lo, data)
        or _bought(g.lang, text, d_lo, d.start)
        or one_item(text, g, d)
    )


def _another_sum(text: str, lex: Lexicon, x: Draft, d: Draft, d_lo: int, data: RuleData) -> bool:
    """Tell whether ``d``'s clause makes it another kind of sum than ``x``'s price."""
    lo = max(d_lo, d.start - 60)
    lo = max(lo, *(text.rfind(c, lo, d.start) + 1 for c in data["commas"]))  # its clause
    near = words_between(text, lo, d.start)
    if _names_any(text, lo, d.start, data["stops"], lex) or other_sum(near, lex, x.per):
        return True
    if any(is_rate_base(lex.currency_nouns.get(w), d, lex) for w in near):
        return True  # "USD: KPW 5,450", "the yuan at 830 won": another currency's rate
    after = _LOWER_WORD.findall(text[d.end : d.end + 24].lower())[:4]
    return not data["links"].isdisjoint(after)  # "38 won was enough to buy $1": a rate


def commodities(
    text: str,
    g: Grammar,
    drafts: list[Draft],
    ctx: ContextIndex,
    data: Mapping[str, RuleData],
    off: frozenset[str] = frozenset(),
) -> list[Draft]:
    """Apply ``carry.commodity``: each unpriced figure against the nearest priced one.

    One pass each way (linear in the drafts): the nearest priced figure after each draft, the
    figures around each draft (its clause), then the walk that carries. Past the nearest priced
    figure, up to three earlier ones priced per its unit are tried.
    """
    cd = data["carry.commodity"]
    if "carry.commodity" in off or not cd["goods"]:
        return drafts
    ds = list(drafts)
    after, clause = _neighbours(ds)
    carried: set[int] = set()
    before: int | None = None  # the nearest priced figure so far (carried ones count)
    prior: dict[int, int] = {}  # a priced figure -> the one before it priced per the same unit
    last: dict[str, int] = {}
    for i, d in enumerate(ds):
        if d.gloss_of is not None:
            continue
        if d.per is not None:
            if d.per in last:
                prior[i] = last[d.per]
            before = last[d.per] = i
            continue
        b = ds[before] if before is not None else None
        cands = [before, *_unnamed_back(text, g, ds, before, prior, ctx, cd)]
        # then the priced figures of the same unit before it ("쌀 1kg 900원, ... 배추 1kg 400원 ...
        # 쌀 값의 경우 950원": the nearest priced good is of another kind)
        k = before
        for _ in range(3):
            k = prior.get(k) if k is not None else None
            if k is None:
                break
            cands.append(k)
        if b is None or b.role == "rate" or ctx.sentence(b.start)[1] <= d.start:
            cands.append(after[i])  # not past a price of another unit in its sentence
        prev_end = ds[i - 1].end if i > 0 else 0
        if i - 1 in carried and ctx.sentence(ds[i - 1].start) == ctx.sentence(d.start):
            prev_end = 0  # the series goes on: "corn moved from 340 won ... to 370 won"
        for k in cands:
            got = None
            if k is not None:
                got = commodity(text, g, ds[k], clause[k], d, prev_end, ctx, cd)
            if got is not None:
                ds[i] = d._replace(per=got, trace=(*d.trace, "carry.commodity"))
                carried.add(i)
                before = i
                break
    return _glosses_follow(ds, carried) if carried else drafts


def _unnamed_back(
    text: str,
    g: Grammar,
    ds: list[Draft],
    k: int | None,
    prior: Mapping[int, int],
    ctx: ContextIndex,
    data: RuleData,
) -> list[int]:
    """Return the priced figure a series whose nearest figure names no good goes back to.

    "쌀은 1kg에 5,800원 ... 이는 각각 200원 오른 것이다. 신의주에서는 쌀이 6,000원": the change
    took the rice price's unit with no good in its own sentence; the next price of a good goes
    back past it to the last figure of the same unit whose sentence names one (at most three
    figures back, the same unit all the way).
    """
    out: list[int] = []
    if k is None or not g.lex.carries(ds[k].per):
        return out  # (the commodity rule carries units of measure only)
    while k is not None and len(out) < 3:
        lo, hi = ctx.sentence(ds[k].start)
        if _goods_named(text, lo, hi, ctx, data, lo, g.lex.word_boundaries):
            break
        k = prior.get(k)
        if k is not None:
            out.append(k)
    return out


def _neighbours(ds: list[Draft]) -> tuple[list[int | None], list[tuple[int, int]]]:
    """Return, per draft, the nearest priced figure after it and the text between its neighbours.

    Conversions are no figures of their own here.
    """
    own = [k for k, d in enumerate(ds) if d.gloss_of is None]
    clause = [(0, 1 << 62)] * len(ds)
    for j, k in enumerate(own):
        lo = ds[own[j - 1]].end if j > 0 else 0
        hi = ds[own[j + 1]].start if j + 1 < len(own) else 1 << 62
        clause[k] = (lo, hi)
    after: list[int | None] = [None] * len(ds)
    nxt: int | None = None
    for k in reversed(range(len(ds))):
        after[k] = nxt
        if ds[k].gloss_of is None and ds[k].per is not None:
            nxt = k
    return after, clause


@functools.cache
def _dated_patterns(lang: str) -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    """Compile the gaps of a dated list: its head's comparison, its joints, an item's date."""
    dd = rule_data(lang)["carry.dated-list"]
    sp = rf"{_SP}{{1,4}}"
    first = cached_compile(
        rf"(?i)(?:{sp}[\w-]{{1,16}}){{0,3}}?{_SP}*,?{sp}{alternation(dd['compare'], sp)}{sp}"
    )
    joint = cached_compile(rf"(?i){_SP}*,?(?:{sp}{alternation(dd['joins'], sp)})?{sp}")
    date = cached_compile(
        rf"(?i){sp}{alternation(dd['dated'], sp)}(?:{sp}{alternation(dd['prefixes'], sp)})?"
        r"[ \u00a0]{1,4}(?:1[89]|20)\d\d(?!\d)"
    )
    return first, joint, date


@CARRY.rule("dated-list", switch="compare", compare="phrases", joins="phrases",
            dated="phrases", prefixes="phrases")  # fmt: skip
def dated_list(
    text: str, g: Grammar, head: Draft, a_end: int, d: Draft, first: bool, ctx: ContextIndex
) -> str | None:
    """Give the figures of a dated list the period of the figure it is compared with.

    "annual exports grew to $48 million last year, up from $3 million in 2004, $9 million in
    2006 and $21 million in 2008": each figure of the list after the comparison, dated by a
    year, in the head's currency and sentence, is the same quantity (however much it grew). A
    head dated itself is the list's first item, and the figures joined after it follow it
    ("a steady rise from $70.5 in 2010, $75.0 in 2011 and $81.3 in 2012").

    Example:
        "a yearly budget of 5 billion won this year, up from 2 billion won in 2010 and 3
        billion won in 2015" -> both per year.

    """
    pt_first, pt_joint, pt_date = _dated_patterns(g.lang)
    if (
        head.per not in g.lex.period_labels
        or d.per is not None
        or d.gloss_of is not None
        or head.surface.factor != d.surface.factor
        or set(head.surface.candidates).isdisjoint(d.surface.candidates)
        or ctx.sentence(head.start) != ctx.sentence(d.start)
        or pt_date.match(text, d.end) is None
    ):
        return None
    gap = (pt_first if first else pt_joint).fullmatch(text, a_end, d.start)
    return head.per if gap is not None else None


def dated_lists(
    text: str,
    g: Grammar,
    drafts: list[Draft],
    ctx: ContextIndex,
    data: Mapping[str, RuleData],
    off: frozenset[str] = frozenset(),
) -> list[Draft]:
    """Apply ``carry.dated-list`` from each figure priced per a period to the list after it."""
    if "carry.dated-list" in off or not data["carry.dated-list"]["compare"]:
        return drafts
    ds = list(drafts)
    _, _, pt_date = _dated_patterns(g.lang)
    carried: set[int] = set()
    own = [i for i, d in enumerate(ds) if d.gloss_of is None]
    for k, ih in enumerate(own):
        head = ds[ih]
        if head.per not in g.lex.period_labels:
            continue
        a_end, first = head.end, True
        if (own_date := pt_date.match(text, head.end)) is not None:
            a_end, first = own_date.end(), False  # the head is the list's first item ("$70.5 in
            # 2010, $75.0 in 2011 and $81.3 in 2012")
        for i in itertools.islice(own, k + 1, None):
            got = dated_list(text, g, head, a_end, ds[i], first, ctx)
            if got is None:
                break
            ds[i] = ds[i]._replace(per=got, trace=(*ds[i].trace, "carry.dated-list"))
            carried.add(i)
            a_end, first = pt_date.match(text, ds[i].end).end(), False  # type: ignore[union-attr]
    return _glosses_follow(ds, carried)


@CARRY.rule("same-below", switch="markers", markers="phrases")
def same_below(
    text: str, g: Grammar, drafts: list[Draft], off: frozenset[str] = frozenset()
) -> list[Draft]:
    """Give the amounts after a "(新台幣，下同)" note the currency it names.

    Chinese copy names the currency of a bare unit once, in brackets after the first amount,
    with a word saying it holds from there on (``markers``: 下同, "the same below"): "營收逾326億
    元(新台幣,下同)". The amount it follows and every later amount whose surface may be that
    currency take it as a qualifier (decided by ``rung.qualifier-phrase``).

    Example:
        "營收逾326億元(新台幣,下同)……累計2613.77億元" -> both TWD.

    """
    markers = rule_data(g.lang)["carry.same-below"]["markers"]
    if "carry.same-below" in off or not markers or not drafts:
        return drafts
    note = _same_below(g.lang).search(text)
    surface = g.lex.surface(note.group("cur")) if note is not None else None
    if note is None or surface is None or len(surface.candidates) != 1:
        return drafts
    code = surface.candidates[0]
    ds = list(drafts)
    for i, d in enumerate(ds):
        if d.end <= note.start() - _NOTE_REACH or d.phrase_code or code not in d.surface.candidates:
            continue
        if len(d.surface.candidates) > 1:
            ds[i] = d._replace(
                phrase=note.group(), phrase_code=code, trace=(*d.trace, "carry.same-below")
            )
    return ds


_NOTE_REACH = 2  # the note follows its amount: "326億元(新台幣,下同)"


@functools.cache
def _same_below(lang: str) -> regex.Pattern[str]:
    """Compile a bracket naming a currency and saying it holds below ("(新台幣,下同)")."""
    markers = rule_data(lang)["carry.same-below"]["markers"]
    return cached_compile(
        # (the bracket may go on: "(台幣,下同,2.1萬美元)" converts the amount as well)
        r"[(（]\s*(?P<cur>[^\s,，、;；()（）]{1,8})\s*[,，、;；]\s*(?:\L<marks>)\s*[)）,，;；]",
        marks=sorted(markers) or ["\x00"],
    )


@CARRY.rule("pay-heading", switch="heads", heads="map", stops="phrases")
def pay_headings(
    text: str,
    g: Grammar,
    drafts: list[Draft],
    ctx: ContextIndex,
    off: frozenset[str] = frozenset(),
) -> list[Draft]:
    """Price the bare amounts a pay table's heading introduces per the heading's period.

    Market reports head a table of wages with a sentence of no amount that names the pay and
    its period ("한 달 노임의 개요는 다음과 같다", "Monthly wages are as follows:"): the
    amounts after it, to a note mark or a blank line (``stops``), are per that period (the
    label ``heads`` gives the phrase). Not a side of an "=" pair, a base of one, a scaled sum
    or an amount already priced; conversions follow their amount.

    Example:
        "한 달 노임의 개요는 다음과 같다. 공무원 3만 5000~5만 원" -> per month.

    """
    data = rule_data(g.lang)["carry.pay-heading"]
    if "carry.pay-heading" in off or not data["heads"] or not drafts:
        return drafts
    found = _pay_heading(text, drafts, ctx, data["heads"])
    if found is None:
        return drafts
    at, label = found
    hi = min([len(text), *(j for stop in data["stops"] if (j := text.find(stop, at)) >= 0)])
    return _price_all(text, drafts, label, "carry.pay-heading", at, hi)


def _pay_heading(
    text: str, drafts: list[Draft], ctx: ContextIndex, heads: Mapping[str, str]
) -> tuple[int, str] | None:
    """Find the first heading of ``heads`` whose sentence holds no amount: (offset, label)."""
    for m in cached_compile(r"(?i)\L<heads>", heads=sorted(heads)).finditer(text):
        lo, hi = ctx.sentence(m.start())
        if not any(lo <= d.start < hi for d in drafts):
            return m.start(), heads[m.group().lower()]
    return None


def _price_all(
    text: str, drafts: list[Draft], unit: str, rule_id: str, lo: int = -1, hi: int = -1
) -> list[Draft]:
    """Price every unpriced amount starting in (``lo``, ``hi``) per ``unit`` (all when -1).

    Not a conversion (it follows its amount), a scaled sum, a base of one ("1USD", "중국1元
    환율") or a side of a pair set equal ("100위안=북한돈 12,100원").
    """
    ds = list(drafts)
    carried: set[int] = set()
    for i, d in enumerate(ds):
        if (
            (lo < 0 or lo < d.start < hi)
            and d.per is None
            and d.gloss_of is None
            and not d.scaled
            and d.value != 1
            and not _set_equal(text, ds, i)
        ):
            ds[i] = d._replace(per=unit, trace=(*d.trace, rule_id))
            carried.add(i)
    return _glosses_follow(ds, carried)


@CARRY.rule("price-note", switch="leads", leads="phrases", per_words="phrases", after="phrases")
def price_notes(
    text: str,
    g: Grammar,
    drafts: list[Draft],
    ctx: ContextIndex,
    off: frozenset[str] = frozenset(),
) -> list[Draft]:
    """Price the passage's bare amounts per the unit a note of its own says all prices are in.

    Market reports add a note to their price table: "※가격은 모두 1Kg당 북한 원이다",
    "(물가는 1kg당 북한 원 기준, 괄호 안은 한국원 계산)", "Prices are per kilogram". The note
    opens with one of ``leads`` (the prices, "all"), an optional per word (``per_words``), an
    optional "1", a unit of measure and an optional closing word (``after``: 당), and its
    sentence holds no amount ("쌀 가격은 1kg당 5000원" is a price, not a note). Every amount
    of the passage not priced yet takes the unit, but not a rate (one side of a pair set equal:
    "100위안=북한돈 12,100원", or a base of one: "1USD"), nor a sum with a scale word;
    conversions follow their amount.

    Example:
        "쌀: 4,600원(한화 약 580원). ※가격은 모두 1Kg당 북한 원이다." -> both per kg.

    """
    pat = None if "carry.price-note" in off else _price_note(g.lang)
    if pat is None or not drafts:
        return drafts
    unit = None
    for m in pat.finditer(text):
        # the note's sentence within its line, to its bracket's end (a table may follow unbroken)
        lo, hi = ctx.sentence(m.start())
        lo = max(lo, text.rfind("\n", 0, m.start()) + 1)
        head = text[lo : m.start()]
        inside = head.count("(") + head.count("（") > head.count(")") + head.count("）")
        end = (_NOTE_END if inside else _LINE_END).search(text, m.end(), hi)
        hi = end.start() if end is not None else hi
        if not any(lo <= d.start < hi for d in drafts):
            unit = g.lex.per_nouns.get(m.group("unit").lower())
            break
    if unit is None:
        return drafts
    return _price_all(text, drafts, unit, "carry.price-note")


_NOTE_END = regex.compile(r"[)）\n]")  # a note in brackets ends with them
_LINE_END = regex.compile(r"\n")


def _set_equal(text: str, ds: list[Draft], i: int) -> bool:
    """Tell whether draft ``i`` is set equal to a neighbour ("100위안=북한돈 12,100원")."""
    d = ds[i]
    before = ds[i - 1].end if i > 0 else -1
    after = ds[i + 1].start if i + 1 < len(ds) else -1
    return (before >= 0 and "=" in text[before : d.start]) or (
        after >= 0 and "=" in text[d.end : after]
    )


@functools.cache
def _price_note(lang: str) -> regex.Pattern[str] | None:
    """Compile a note that sets the unit of all prices: "가격은 모두 1Kg당", "prices are per kg"."""
    g, nd = grammar(lang), rule_data(lang)["carry.price-note"]
    if not nd["leads"] or not g.lex.measures:
        return None
    S0 = g.parts["S0"]
    # (a language that writes a per word needs it: "prices can rise" names no unit)
    per_word = rf"(?:{alternation(nd['per_words'], S0)}){S0}" if nd["per_words"] else ""
    after = rf"(?:{S0}(?:{alternation(nd['after'], S0)}))?" if nd["after"] else ""
    return g.compile(
        rf"(?i:(?<!\w)(?:{alternation(nd['leads'], S0)}){S0}{per_word}(?:1{S0})?"
        rf"(?P<unit>\L<pnmeas>){after}(?!\w))",
        pnmeas=sorted(g.lex.measures, key=len, reverse=True),
    )


@CARRY.rule("same-figure", stops="words")
def same_figure(
    text: str, g: Grammar, drafts: list[Draft], off: frozenset[str] = frozenset()
) -> list[Draft]:
    """Price a figure the passage repeats as it priced it the first time.

    "The minimum wage rises to 9,860 won per hour ... A 9,860 won minimum wage converts to
    1,086 yen": the same figure in the same money, with no unit of its own, no range and no
    conversion, is the same price, and takes the first one's unit and role. A round figure
    ("400 baht", "一千八百元"; not "500 mln dlrs" with a scale word, nor a base of one), which
    many things cost, only within a few sentences of an earlier mention (``_ROUND_REACH``) whose
    words around it name the same thing ("the daily minimum wage to 400 baht ... The 400-baht
    minimum rate": a word of four letters or more both share, not one of ``stops``; in a
    script without spaces, two characters), and not next to a word of another kind of sum
    (``[per_extra] other_sums``: "the 500 won bonus"). Not when a base of one is written right
    before it ("1위안은 1,240원이다": a rate written as two amounts, priced per nothing).

    Example:
        "set at 10,030 won an hour ... the 10,030 won wage" -> both per hour.

    """
    if "carry.same-figure" in off:
        return drafts
    ds = list(drafts)
    seen: dict[tuple[Decimal, tuple[str, ...]], list[Draft]] = {}
    carried: set[int] = set()
    for i, d in enumerate(ds):
        if d.high is not None or d.gloss_of is not None:
            continue
        key = (d.value, d.surface.candidates)
        earlier = seen.get(key, [])
        src = earlier[0] if earlier else None
        if src is not None and not _precise(d.value) and not _round_again(text, g, earlier, d):
            src = None
        if d.per is None and src is not None and not _after_base_of_one(ds, i):
            ds[i] = d._replace(per=src.per, role=src.role, trace=(*d.trace, "carry.same-figure"))
            carried.add(i)
            seen[key].append(ds[i])
        elif d.per is not None:
            seen.setdefault(key, []).append(d)
    return _glosses_follow(ds, carried)


def _round_again(text: str, g: Grammar, earlier: list[Draft], d: Draft) -> bool:
    """Tell whether a round figure ``d`` is an ``earlier`` one again: near, on the same thing."""
    if d.scaled or d.value == 1 or d.start - earlier[0].end > _ROUND_REACH:
        return False  # ("500 mln dlrs": round sums of millions are many things' sums)
    sums = g.lex.other_sums
    if _names_any(text, max(earlier[-1].end, d.start - _OTHER_REACH), d.start, sums, g.lex):
        return False  # "The fine ... is 5,000 won"
    if _names_any(text, d.end, d.end + _NOUN_AFTER, sums, g.lex):
        return False  # "the 500 won bonus"
    mine = _topic(text, g, d)
    return any(mine & _topic(text, g, e) for e in earlier)


def _topic(text: str, g: Grammar, d: Draft) -> set[str]:
    """Return the words around ``d`` in its sentence that may name what it is the sum of."""
    lo = max(0, d.start - _TOPIC_REACH)
    hi = min(len(text), d.end + _TOPIC_REACH)
    cut = [k for k in (text.rfind(p, lo, d.start) for p in _STOPS) if k >= 0]
    lo = max([lo, *(k + 1 for k in cut)])
    ends = [k for k in (text.find(p, d.end, hi) for p in _STOPS) if k >= 0]
    hi = min([hi, *ends])
    around = (text[lo : d.start] + " " + text[d.end : hi]).lower()
    if not g.lex.word_boundaries:  # (two characters of a script without spaces)
        return {around[k : k + 2] for k in range(len(around) - 1) if around[k : k + 2].isalpha()}
    stops = rule_data(g.lang)["carry.same-figure"]["stops"]
    return {w for w in _TOPIC_WORDS.findall(around) if len(w) >= _TOPIC_WORD and w not in stops}


_TOPIC_WORDS = cached_compile(r"[^\W\d_]+")
_TOPIC_REACH = 80  # how far around a round figure its sentence is read for what it is of
_TOPIC_WORD = 4  # the shortest word that names a thing ("rate", "wage")
_STOPS = (".", "!", "?", "。", "！", "？", ";", "；", "\n")
_OTHER_REACH = 60  # how far before a round figure a word of another kind of sum is looked for
_NOUN_AFTER = 12  # ... and after it (the noun it is the size of)
# how far a round figure (fewer than three significant digits) may stand from its first
# mention and still be the same price: "a daily minimum wage of 400 baht ... The 400-baht rate"
_ROUND_REACH = 800


def _after_base_of_one(ds: list[Draft], i: int) -> bool:
    """Tell whether a base of one in another currency stands right before ``ds[i]`` ("1위안은")."""
    if i == 0:
        return False
    b, d = ds[i - 1], ds[i]
    return (
        b.value == 1
        and d.start - b.end <= 12
        and set(b.surface.candidates).isdisjoint(d.surface.candidates)
    )


def _precise(value: Decimal) -> bool:
    """Tell whether a figure has three significant digits or more (9,860; not 5,000)."""
    digits = list(abs(value).normalize().as_tuple().digits)
    while digits and digits[0] == 0:
        digits.pop(0)
    return len(digits) >= 3
