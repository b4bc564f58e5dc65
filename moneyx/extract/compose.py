"""Composition: join and extend amounts (cents, ranges, elliptical figures, hedges, bounds).

Each step takes the drafts in text order and returns new ones; the rules that fire are recorded
in each draft's trace.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

import regex

from moneyx.errors import NumberParseError
from moneyx.extract.draft import (
    Draft,
    add_trace,
    next_word,
    past_modifier,
    prev_words,
    report_veto,
)
from moneyx.extract.vetoes import has_scale
from moneyx.matcher import Grammar, alternation, grammar
from moneyx.numbers import cjk_numerals, parse_number
from moneyx.patcache import cached_compile
from moneyx.rules import RuleData, registry, rule_data

__all__ = [
    "cents",
    "changed_after",
    "elliptical",
    "inside_quote",
    "modify",
    "ranges",
    "rate_extremes",
]

COMPOSE = registry("compose")

_WORD = cached_compile(r"[\w'’]+")
_YEAR_WON = cached_compile(r"1[89]\d\d|20\d\d")
_YEAR_SHAPE = cached_compile(r"(?:19|20)\d\d")
_DECIMALS = cached_compile(r"\d+\.\d+")
# the bid of a slash quote, just before its separator: "145.05" of "145.05/15 yen"
_QUOTE_BID = cached_compile(r"(?<![\d.,/-])(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+\Z")
_PLAIN_DIGITS = cached_compile(r"[\d,.]+")
_FUSED_SCALE = cached_compile(r"(\d)([A-Za-z]+)$")
_SMALL_INT = cached_compile(r"\d{1,3}")
_THOUSANDS_TAIL = cached_compile(r",000$")
# How far after an amount an elliptical comparison word may sit (characters).
ELLIPTICAL_REACH = 160
_BASE_VALUES = frozenset({Decimal(1), Decimal(100), Decimal(1000)})  # "per 100 yen"


@dataclass(frozen=True, slots=True)
class _Patterns:
    """The compose rules' own patterns in one language, built from their data."""

    cents_after: regex.Pattern[str]
    elliptical_after: regex.Pattern[str]
    moved_to_before: regex.Pattern[str]
    elliptical_from: regex.Pattern[str]
    list_elliptical: regex.Pattern[str]
    list_place_first: regex.Pattern[str]
    series_and: regex.Pattern[str]
    elliptical_gate: tuple[str, ...]
    level_before: regex.Pattern[str]
    level_after: regex.Pattern[str]
    level_of_before: regex.Pattern[str]
    estimated_before: regex.Pattern[str]


@functools.cache
def _patterns(lang: str) -> _Patterns:
    g = grammar(lang)
    data = rule_data(lang)
    ed = data["compose.elliptical"]
    after, moved_to, after_from = _elliptical_patterns(g, ed)
    lead, place = list_lead(lang)
    land = alternation(g.lex.list_and)
    ld = data["compose.list-elliptical"]
    months = alternation(data["compose.year-not-amount"]["months"])
    # "14,000 won in Pyongyang on Oct. 3 and 14,200 in Hyesan": a date after the place
    dated = (
        rf"(?:[ \u00a0]*,?[ \u00a0]+(?:{alternation(ld['dated'])})[ \u00a0]+(?i:{months})\.?"
        r"[ \u00a0]+\d{1,2}[a-z]{0,2}(?!\w))?"
        if ld["dated"] and months
        else ""
    )
    cue_words = (*ed["cues"], *ed["far_cues"], *ed["from_words"])
    return _Patterns(
        cents_after=_cents_after(g, data["compose.cents"]),
        elliptical_after=after,
        moved_to_before=moved_to,
        elliptical_from=after_from,
        list_elliptical=g.anchored(
            lead
            + dated
            + rf"[ \u00a0]*(?:,[ \u00a0]*(?:{land}[ \u00a0]+)?|;[ \u00a0]*"
            + rf"|[ \u00a0]+{land}[ \u00a0]+)"
            r"(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?![\d%/-]|[.,]\d)"
            r"(?=[ \u00a0]+" + place + r")"
        ),
        # "... and in Hyesan 5,400.", "..., and in Hyesan at 17,200": the place before its figure
        list_place_first=g.anchored(
            rf"(?:{lead})?{dated}[ \u00a0]*,?[ \u00a0]+{land}[ \u00a0]+{place}"
            rf"[ \u00a0]*,?[ \u00a0]+"
            rf"(?:(?:{alternation(ld['links'])})[ \u00a0]+)?"
            r"(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?![\d%/-]|[.,]\d)"
            r"(?=[ \u00a0]*(?:[.,;:)]|\Z))"
        ),
        series_and=_series_and(g, data["compose.series-and"], ed),
        # each cue's longest word, looked for in the window first ("as low as": "low", not "as")
        elliptical_gate=tuple(
            sorted({max(w.split(), key=len).rstrip(".").lower() for w in cue_words})
        ),
        **_level_patterns(g, data),
    )


def _level_patterns(g: Grammar, data: Mapping[str, RuleData]) -> dict[str, regex.Pattern[str]]:
    """Build the patterns of the level-phrase and hedge-estimated rules."""
    lv = data["compose.level-phrase"]
    est = data["compose.hedge-estimated"]
    S1 = g.parts["S1"]
    positions = alternation(lv["positions"], S1)
    return {
        "level_before": g.compile(
            rf"(?r)(?i:(?:(?<!\w)(?:(?P<bound>\L<bound>)|(?P<hedge>\L<lhedges>)){S1})?"
            rf"(?<!\w){alternation(lv['determiners'], S1)}{S1}(?:{positions}{S1})?)\Z",
            lhedges=sorted(g.lex.hedges) or ["\x00"],
        ),
        "level_after": g.anchored(
            rf"(?i:{S1}(?:(?P<noun>\L<lnouns>)|(?P<mark>\L<lmarks>))(?!\w))",
            lnouns=sorted(lv["nouns"]),
            lmarks=sorted(lv["marks"]),
        ),
        "level_of_before": g.compile(
            rf"(?r)(?i:(?:(?<!\w)(?P<bound>\L<bound>){S1})?"
            rf"(?<!\w){alternation(lv['determiners'], S1)}{S1}"
            rf"(?:\L<lmarks>|(?P<noun>\L<lnouns>)){S1}{alternation(lv['of'], S1)}{S1})\Z",
            lnouns=sorted(lv["nouns"]),
            lmarks=sorted(lv["marks"]),
        ),
        "estimated_before": g.compile(
            rf"(?r)(?i:(?<!\w)(?P<adj>\L<adj>)(?:{S1}[a-z]+){{0,2}}{S1}"
            rf"{alternation(est['of'], S1)}{S1})\Z",
            adj=sorted(est["adjectives"]),
        ),
    }


def _cents_after(g: Grammar, cd: RuleData) -> regex.Pattern[str]:
    p = g.parts
    S0, S1, S01 = p["S0"], p["S1"], p["S01"]
    if g.cjk:
        head = rf"{S0}(?P<c>{p['numeral']})"  # "이달러이십삼센트": the cents against the unit
        if cd["followers"]:  # "3块5一斤": one figure before a rate word, not the numeral "五一"
            rate = alternation(cd["followers"])
            head = rf"{S0}(?:(?P<c>[^\W_])(?={rate})|(?P<c>{p['numeral']}))"
    else:
        head = (
            rf"(?:{S1}|{S1}(?i:{alternation(cd['joiners'], S1)}){S1})"
            rf"(?P<c>(?<![\w.,])\d{{1,2}}(?!\d|[.,]\d)|{p['small']})"
        )
    return g.anchored(head + rf"(?:{S01}(?P<cu>{p['currency']}))?")


def _elliptical_patterns(
    g: Grammar, ed: RuleData
) -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    """Build the comparison, "moved to" and later "from" patterns of an elliptical figure."""
    p = g.parts
    S0, S1 = p["S0"], p["S1"]
    changes = alternation(ed["changes"], S1)
    near = alternation(ed["cues"], S1)
    far = alternation(
        [*ed["far_cues"], *(f"{c} {f}" for c in ed["changes"] for f in ed["from_words"])], S1
    )
    of = alternation(ed["of"], S1)
    articles = alternation(g.lex.articles, S1)
    bare = rf"{p['digits']}(?:{p['attached']})?(?:(?:\s|-)?{p['scale']}){{0,2}}"
    amount = rf"(?P<num>{bare})"
    modified = (
        rf"|{S1}{alternation(ed['determiners'], S1)}{S1}{alternation(ed['modifiers'], S1)}"
        r"(?![\w-])"
        if ed["modifiers"] and ed["determiners"]
        else ""
    )
    # "from a 527 mln deficit": an article before a figure that a sum noun follows
    sum_article = (
        rf"{alternation(ed['determiners'], S1)}(?={S1}{bare}{S1}{alternation(ed['sums'], S1)}"
        r"(?!\w))"
        if ed["sums"] and ed["determiners"]
        else "(?!)"
    )
    modified += rf"|{S1}{sum_article}"
    if ed["owners"]:  # "weaker than Monday's 7.1018"
        modified += rf"|{S1}(?i:{alternation(ed['owners'], S1)})"
    pct = alternation(ed["moved_percent"], S1)
    # inside the clause; where words are spaced, a wrapped line goes on (wire copy)
    wrapped = r"|\n(?![ \t\u00a0\n])" if g.lex.word_boundaries else ""
    # and never past another scaled figure ("from 484 mln in December and compared with 334 mln")
    gap = _clause_gap(g, wrapped)
    to = alternation(ed["moved_to"], S1)
    after = g.anchored(
        rf"(?i:{S0},?{S0}(?:{changes}{S1})?{near}"
        rf"|{gap}{{0,48}}?(?<!\w){far})"
        # "against earnings of 11.2 mln", "compared with a loss of 3 mln"
        rf"(?:{S1}(?:{articles}{S1})?[a-z]{{3,15}}{S1}{of}(?!\w){modified})?"
        # "from around 100 mln": a hedge of the figure's own
        rf"(?:{S1}(?i:{alternation(g.lex.hedges, S1)})(?!\w))?{S1}"
        # "against 1.5385/95": a dealer's bid and ask, the ask repeating the last digits
        rf"{amount}(?:/(?P<ask>\d{{1,4}})(?![\w%/-]|[.,]\d))?(?![\w%/-])"
    )
    # after "rose (5 pct) to X": the "from Y" later in the clause, past dates and periods
    # ("rose to 8.43 billion dlrs in 1986 from 7.11 billion")
    moved_to = g.compile(
        rf"(?i:(?<!\w)(?:\L<mvmt>)(?:{S1}[\d.,]+(?:{S0}%|{S1}{pct}))?{S1}{to}{S1}"
        # "widened to an estimated 4.7 billion", "narrowed to a 140 mln dlr deficit"
        rf"(?:(?:{alternation(g.lex.hedges, S1)}|{alternation(ed['determiners'], S1)}){S1})?\Z)",
        mvmt=sorted(g.lex.movement - ed["not_moved"]),
    )
    after_from = g.anchored(
        rf"(?i:{gap}{{0,60}}?(?<![\w-]){alternation(ed['from_words'], S1)}{S1}"
        rf"(?:{sum_article}{S1}|{alternation(g.lex.hedges, S1)}{S1})?{amount}(?![\w%/-]))"
    )
    return after, moved_to, after_from


def _clause_gap(g: Grammar, wrapped: str) -> str:
    """Return one character of a clause that no scaled figure starts at (the elliptical gap).

    A month's abbreviation does not end the clause ("in Pyongyang on Sept. 3, down from").
    """
    months = g.lex.month_abbreviations
    abbr = rf"|(?<![^\W\d_]){alternation(months)}\." if months else ""
    scale = g.parts["scale"]
    return (
        rf"(?:(?!\d[\d.,]{{0,24}}(?:\s|-)?{scale}(?!\w))"
        rf"(?:[^.;:!?()\n$€£¥₩%]{wrapped}{abbr}))"
    )


def _series_and(g: Grammar, sd: RuleData, ed: RuleData) -> regex.Pattern[str]:
    """Build ``compose.series-and``'s pattern: a join, then a scaled bare figure, then a time.

    An article may stand before the figure when one of the elliptical rule's sum nouns follows
    it ("and a 225 mln deficit in January").
    """
    p = g.parts
    S1 = p["S1"]
    amount = rf"(?P<num>{p['digits']}(?:{p['attached']})?(?:\s|-)?{p['scale']})"
    sums = alternation(ed["sums"], S1)
    figure = rf"[\d.,]{{1,24}}(?:\s|-)?{p['scale']}"
    article = rf"(?:{alternation(ed['determiners'], S1)}{S1}(?={figure}{S1}{sums}(?!\w)))?"
    return g.anchored(
        rf"(?i:[^.;:!?()$€£¥₩%\d]{{0,40}}?(?<!\w){alternation(sd['joins'], S1)}{S1}{article}"
        rf"{amount}(?:{S1}{sums}(?!\w))?(?=[,.;)]|\Z|{S1}{alternation(sd['times'], S1)}(?!\w)))"
    )


def list_lead(lang: str) -> tuple[str, str]:
    """Return the price-list patterns shared with the per stage: (lead, place)."""
    ld = grammar(lang).lex
    place = (
        rf"{alternation(ld.place_prepositions)}[ \u00a0]+(?:{alternation(ld.place_articles)}"
        r"[ \u00a0]+)?[A-Z][\w'’-]*(?:[ \u00a0]+[A-Z][\w'’-]*){0,2}"
    )
    lead = (
        rf"(?<![ \u00a0])(?:[ \u00a0]*+(?:{alternation(ld.list_per)}|/)[ \u00a0]*[a-z]{{1,12}}\.?)?"
        rf"[ \u00a0]+{place}(?:[ \u00a0]+{alternation(ld.place_markets)})?"
    )
    return lead, place


# --- cents ---------------------------------------------------------------------------------------


@COMPOSE.rule("cents", joiners="phrases", followers="words", tenths_after="words", bare="flag",
              any_major="phrases", named_minor="map", named_after="words",
              named_not_before="phrases")  # fmt: skip
def cents_rule(
    text: str, g: Grammar, d: Draft, nxt: Draft | None, data: RuleData
) -> tuple[Draft, bool] | None:
    """Join a whole amount and its cents: "3 dollars 50 cents", "$20 and 43c", "15 dollars 50".

    A bare one- or two-digit figure after the amount counts only before a pause or one of the
    ``followers`` ("15 dollars 50 each"); "11a" is a reference. After a unit of
    ``tenths_after`` the bare figure is the decimals ("3块5" is 3.5 yuan, "3块25" 3.25: the
    colloquial 毛 and 分 left unsaid; a numeral word "三块五" one tenth). A language that never
    writes its cents bare (``bare`` false: Korean "270원이," is the particle 이, not the numeral 2)
    takes them only with their unit. A minor unit of ``any_major`` follows any major unit of 100
    (Korean writes the yuan's fen as 전: "5위안 50전" is 5.50 yuan). A minor unit of
    ``named_minor`` (its share of the major) joins a whole of ``named_after`` without being a
    currency word alone ("3元5角": 角 alone is an angle). Returns the joined draft and whether it
    consumed the next draft (the cents found alone).

    Example:
        "3 dollars 50 cents" -> 3.50; "$20 and 43c" -> 20.43; "3块5" -> 3.5; "3元5角" -> 3.5.

    """
    if d.surface.kind == "minor" or d.value != d.value.to_integral_value() or d.scaled:
        return None
    m = _patterns(g.lang).cents_after.match(text, d.end)
    if m is None or g.after_number_veto.match(text, m.end()):
        return None  # "销售额98.27亿元3%的罚款": a percentage follows
    try:
        cents = parse_number(m.group("c"), lang=g.lang)
    except NumberParseError:
        return None
    if not 0 < cents < 100 or cents != cents.to_integral_value():
        return None
    consumed = False
    if m.group("cu"):
        cu = g.lex.surface(m.group("cu"))
        if cu is None or cu.kind != "minor":
            return None
        # "cents", "c", "¢" follow any major unit of 100, and so do ``any_major`` ("5위안 50전")
        generic = cu.key == "dollar" or m.group("cu") in data["any_major"]
        if not (generic or set(cu.candidates) & set(d.surface.candidates)):
            return None
        factor = cu.factor
        consumed = nxt is not None and nxt.start < m.end()  # the cents were also found alone
    elif not data["bare"] and d.written not in data["tenths_after"]:
        return None  # "270원이,": a particle
    else:
        bare = _bare_cents(text, g, d, m, nxt, data)
        if bare is None:
            return None
        factor, end = bare
        if cents * factor >= 1:
            return None  # "3元15角" is no amount of cents
        return _joined(d, cents * factor, end), False
    return _joined(d, cents * factor, m.end()), consumed


def _joined(d: Draft, cents: Decimal, end: int) -> Draft:
    sign = -1 if d.value < 0 else 1
    return add_trace(d, "compose.cents", value=d.value + sign * cents, end=end, rule="major-minor")


def _bare_cents(
    text: str, g: Grammar, d: Draft, m: regex.Match[str], nxt: Draft | None, data: RuleData
) -> tuple[Decimal, int] | None:
    """Read a figure after a whole amount without a currency word: its share and where it ends.

    A minor unit of ``named_minor`` after it gives the share ("3元5角"; not before one of
    ``named_not_before``: "3元5分钟" is five minutes); after a unit of
    ``tenths_after`` the digits are the decimals ("3块5"); otherwise the figure is cents.
    """
    end = m.end()
    named = next((u for u in data["named_minor"] if text.startswith(u, end)), None)
    if (
        named
        and d.written in data["named_after"]
        and not text.startswith(data["named_not_before"], end + len(named))
    ):
        return Decimal(data["named_minor"][named]), end + len(named)
    rate_next = g.cjk and text.startswith(tuple(data["followers"]), end)  # "3块5一斤"
    if not rate_next:
        if text[end : end + 1].isalpha() or text.startswith("-", end):
            return None  # "11a" is a reference, "RM500 one-off" a compound, not cents
        f = next_word(text, g, end)
        if f and f not in data["followers"] and f.isalnum():
            return None  # "15 dollars 50 more", not "15 dollars 50 people"
    if nxt is not None and nxt.start < end:
        return None
    if d.written in data["tenths_after"]:  # "3块5": the digits are the decimals
        digits = m.group("c").strip()
        return (Decimal(1).scaleb(-len(digits)) if digits.isascii() else Decimal("0.1")), end
    return Decimal("0.01"), end


def cents(
    text: str,
    g: Grammar,
    drafts: list[Draft],
    data: Mapping[str, RuleData],
    off: frozenset[str] = frozenset(),
) -> list[Draft]:
    """Apply ``compose.cents`` along the drafts."""
    if "compose.cents" in off:
        return drafts
    out: list[Draft] = []
    skip = -1
    rd = data["compose.cents"]
    for i, d in enumerate(drafts):
        if i == skip:
            continue
        nxt = drafts[i + 1] if i + 1 < len(drafts) else None
        got = cents_rule(text, g, d, nxt, rd)
        if got is None:
            out.append(d)
            continue
        joined, consumed = got
        out.append(joined)
        if consumed:
            skip = i + 1
    return out


# --- ranges --------------------------------------------------------------------------------------


def _compatible(a: Draft, b: Draft) -> bool:
    return bool(set(a.surface.candidates) & set(b.surface.candidates))


def _share_cjk_scale(lo: Decimal, lo_text: str, hi: Decimal, hi_text: str, g: Grammar) -> Decimal:
    """Give the low end the high end's multiplier: "100~150만원", "2~3000원" (2,000 to 3,000)."""
    mults = g.cjk_multipliers
    if any(ch in mults for ch in lo_text):
        return lo
    tail = hi_text[len(hi_text.rstrip(mults)) :]
    # the longest of the high end's trailing multipliers that keeps the low end below it: "五到
    # 十万" is 50,000 to 100,000 (万, not 十万)
    for k in range(len(tail), 0, -1):
        scaled = lo * parse_number("1" + tail[-k:], lang=g.lang)
        if scaled <= hi:
            return scaled
    zeros = len(hi_text) - len(hi_text.rstrip("0"))
    if len(lo_text) == 1 and lo_text.isdigit() and zeros >= 2 and len(hi_text) == zeros + 1:
        scaled = lo * 10**zeros
        return scaled if scaled <= hi else lo
    return lo


def share_scale(
    lo: Decimal,
    lo_text: str,
    lo_scaled: bool,
    hi: Decimal,
    hi_text: str,
    hi_scaled: bool,
    g: Grammar,
) -> Decimal:
    """Give the low end the high end's scale: "$2-3 million", "40-50,000 yuan"."""
    if lo_scaled or lo >= hi:
        return lo
    if g.cjk:
        return _share_cjk_scale(lo, lo_text, hi, hi_text, g)
    if hi_scaled:
        mult = _last_scale(hi_text, g)
        if mult is not None and lo * mult <= hi:
            return lo * mult
        tail = _FUSED_SCALE.search(hi_text)
        if tail and tail.group(2) in g.nw.attached and lo * g.nw.attached[tail.group(2)] <= hi:
            return lo * g.nw.attached[tail.group(2)]
        return lo
    if _SMALL_INT.fullmatch(lo_text) and _THOUSANDS_TAIL.search(hi_text) and lo * 1000 < hi:
        return lo * 1000
    return lo


def _last_scale(number: str, g: Grammar) -> Decimal | None:
    """Return the multiplier of the last scale word of ``number`` ("2.5 billion": 10^9)."""
    for word in reversed(number.replace("-", " ").split()):
        mult = g.nw.multipliers.get(word.lower()) or g.nw.attached.get(word)
        if mult is not None:
            return mult
    return None


def changed_after(text: str, g: Grammar, sep: str, hi_end: int) -> bool:
    """Tell whether the words after a range's high end make it a change (``[ranges] changes``).

    Korean "X에서 Y" is a range ("150에서 200달러") but "X에서 Y으로" goes from one to the other,
    past a bound or hedge after Y ("20~30원에서 300원 이상으로").
    """
    if sep in g.lex.range_moves:
        return True  # "5800→6800원": an arrow always goes from one to the other
    after = g.lex.range_changes.get(sep, ())
    if not after:
        return False
    # past a bound or hedge after the high end: "20~30원에서 300원 이상으로 뛰었다"
    pos = hi_end + len(text[hi_end : hi_end + 4]) - len(text[hi_end : hi_end + 4].lstrip())
    for word in (*g.lex.bounds_after, *g.lex.hedges_after):
        if text.startswith(word, pos) and text.startswith(after, pos + len(word)):
            return True
    return text.startswith(after, hi_end)


_CLAUSE_BREAK = regex.compile(r"[.,!?](?!\d)|\n")
_FROM_REACH = 8  # words back from a "from" to the verb that moves its pair


def _movement(text: str, g: Grammar, sep: str, start: int) -> bool:
    """Whether "X to Y" starting at ``start`` follows a verb of change in its clause.

    A "from" that opens a clause of its own looks back along its sentence, past words of
    movement that move only a figure close by (``[compose.range-forward] near_only``).
    """
    if sep != "to":
        return False
    om = g.range_open.search(text, max(0, start - 16), start)
    if om is not None:
        start = om.start()
    elif prev_words(text, start, 1) and (
        prev_words(text, start, 1)[0] in rule_data(g.lang)["compose.range-forward"]["targets"]
    ):
        return False  # "has climbed to 20,000 to 30,000 yuan": the movement's "to" came first
    # "raised the state price of rice from 8 chon to 44 won": after "from" the verb may sit a
    # few words back; "X to Y" alone needs it close ("save around 400 to 500 mln dlrs")
    opens = tuple(w.lower() for w in g.lex.range_open_to)
    # ("increased the annual dividend for the previous term from 110 yen to 130 yen": eight)
    reach = _FROM_REACH if opens and text[start : start + 5].lower().startswith(opens) else 3
    clause = text[max(0, start - 64) : start]
    ors = tuple(f" {w.lower()}" for w in g.lex.gloss_alternative)  # "... NT$140 or US$4.44 to"
    glossed = clause.rstrip().endswith(("(", "（")) or clause.rstrip().lower().endswith(ors)
    # the clause starts after its last break (not a figure's point or comma: "NT$23,100 (")
    cut = max((m.end() for m in _CLAUSE_BREAK.finditer(clause)), default=0)
    words = [
        w.lower() for w in _WORD.findall(past_modifier(clause[cut:], g.lang)) if not w.isdigit()
    ]
    fillers = rule_data(g.lang)["compose.range-forward"]["fillers"]
    kept = len(words)
    # (a possessive determines the noun too: "from the previous day's US$5.62 billion to")
    while kept and (words[kept - 1] in fillers or words[kept - 1].endswith(("'s", "’s"))):
        kept -= 1
    if opens and 0 < kept < len(words) and words[kept - 1] in opens:
        words, reach = words[:kept], _FROM_REACH
    if glossed and opens and any(w in opens for w in words[-6:]):
        reach = _FROM_REACH  # "from NT$22,000 to NT$23,100 (US$716 to US$752)": converted
        # (not "by $3.8m to $4.9m (£2m to £2.6m)": a range converted)
    if reach == _FROM_REACH and not words and cut:
        # "will increase discounts on 300 routes, from HK$0.2 to HK$0.6": a "from" that opens
        # its own clause moves what its sentence's verb moves, some words back
        back = _SENTENCE_END.split(text[max(0, start - 160) : start])[-1]
        near = rule_data(g.lang)["compose.range-forward"]["near_only"]
        words = [w.lower() for w in _WORD.findall(back) if not w.isdigit() and w not in near]
        reach = 16  # (not "vary by region, from $5 to $10": "by" moves only a figure close by)
    moves = _verb_moves(words, reach, g)
    if moves is not None:
        return moves
    return reach == _FROM_REACH and _listed_movement(text, g, start)


def _verb_moves(words: list[str], reach: int, g: Grammar) -> bool | None:
    """Tell whether the nearest verb among the last ``reach`` words moves or spans; None if none.

    A verb of movement moves ("rose from"); a verb that spans a range (``range_verbs``) nearer
    than any says range ("Beef rose from ... while chicken fluctuated from 60,000 to 75,000").
    """
    lex, nxt, prv = g.lex, [*words[1:], ""], ["", *words[:-1]]
    # "cough up KPW 5,000 to KPW 10,000": a particle of a verb of paying moves nothing
    particle = rule_data(g.lang)["compose.range-forward"]["particle_verbs"]
    for k in range(len(words) - 1, max(-1, len(words) - reach - 1), -1):
        w = words[k]
        if w in lex.range_verbs:
            return False
        moving = w in lex.movement and nxt[k] not in lex.movement_not_before
        if (moving and prv[k] not in particle) or (
            w in lex.movement_nouns and nxt[k] in lex.movement_noun_links
        ):
            return True
    return None


_SENTENCE_END = regex.compile(r"[.!?](?!\d)|\n")


def _listed_movement(text: str, g: Grammar, start: int) -> bool:
    """Tell whether "from X to Y" at ``start`` lists one more move of its sentence's movement.

    "will rise from HK$24 to HK$27 for urban taxis, from HK$20.50 to HK$23.50 for New
    Territories taxis": the verb is said once, before the first pair; each pair after it moves
    too. A verb of change, then an earlier "from" with a figure, in the same sentence; not a
    pair whose own verb spans a range (``range_verbs``: "Live pigs increased from 450,000 to
    500,000 VND and pork fluctuated from 10,000 to 15,000 VND").
    """
    lo = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 400), start)), default=0)
    words = [w.lower() for w in _WORD.findall(text[max(lo, start - 400) : start])]
    if not g.lex.range_verbs.isdisjoint(words[-3:]):
        return False
    opens = {w.lower() for w in g.lex.range_open_to}
    moved = False
    for k, w in enumerate(words):
        moved = moved or w in g.lex.movement
        if moved and w in opens and any(n[:1].isdigit() for n in words[k + 1 : k + 3]):
            return True  # (a figure right after "from", past a sign's letters: "HK$24")
    return False


def _sep_ok(
    text: str, g: Grammar, sep: str, lo_start: int, spanned: bool = False
) -> tuple[bool, int]:
    """Check the connector against the opener before the low end; return the span start.

    ``spanned``: the words after the pair make it a range whatever verb came before ("fell
    into the 3,000 to 4,000 won range", "go down by 899 yen to 1,063 yen").
    """
    om = g.range_open.search(text, max(0, lo_start - 16), lo_start)
    opener = om.group("open").lower() if om else ""
    start = om.start() if om else lo_start
    if not spanned and _movement(text, g, sep, start):
        return False, lo_start  # "rose from 500 yuan to 2,000 yuan" is a movement
    if sep in g.lex.range_and:
        return opener in g.lex.range_open_and, start
    if opener in g.lex.range_open_and and sep not in g.lex.range_dash:
        return False, lo_start  # "between X to Y" is not a range we trust
    if opener in _lowered(g.lex.range_open_to):
        return True, lo_start  # "ranged from $400 to $600": the span opens at the figure
    return True, start


def _spanned(
    text: str,
    g: Grammar,
    lo_start: int,
    lo: Decimal,
    hi: Decimal | None,
    hi_end: int,
    bare: bool = False,
) -> bool:
    """Tell whether a pair after a verb of change is still a range, not a move between two.

    A range noun right after it (``spans``: "fell into the 3,000 KPW to 4,000 KPW range"), or
    a change of a size (``sizes``, "by") with ends close together (the high end under 1.5x the
    low one: "bills will go down by 899 yen to 1,063 yen"; not "rose by 1,200 won to 7,400
    won", a change and its level). A bare low end (``bare``: "increased by 150,000 to 250,000
    dong") names one size with two ends: under 3x is close.
    """
    rd = rule_data(g.lang)["compose.range-forward"]
    if set(_WORD.findall(text[hi_end : hi_end + 24].lower())[:2]) & rd["spans"]:
        return True
    before = prev_words(text, lo_start, 1)
    close = hi is not None and lo < hi < lo * (_BARE_CLOSE if bare else _CLOSE_ENDS)
    return close and bool(before) and before[0] in rd["sizes"]


_CLOSE_ENDS, _BARE_CLOSE = Decimal("1.5"), Decimal(3)  # a size's two ends: how far apart


@COMPOSE.rule("range-forward", targets="words", spans="words", sizes="words",
              near_only="words", changes="phrases", fillers="words",
              particle_verbs="words")  # fmt: skip
def range_forward(text: str, g: Grammar, d: Draft, nxt: Draft | None) -> tuple[Draft, bool] | None:
    """Join an amount and the figure after a range connector: "$2-3 million", "5 to 10 won".

    The ends must be in order and, for "or", within a factor of 10; after a verb of change
    "X to Y" is a movement, two amounts. Returns the range and whether it used the next draft.

    Both ends may carry the same glued unit ("9元/斤到10元/斤"): the unit after the low end is
    passed over when the high end repeats it.

    Example:
        "$2-3 million" -> 2,000,000 .. 3,000,000; "5,000 won to 8,000 won" -> one range.

    """
    pos = _repeated_unit(text, g, d.end)
    if not text[pos : pos + 40].lstrip().lower().startswith(g.range_seps):
        return None  # no range connector after the amount
    m = g.range_after.match(text, pos)
    if m is None:
        return None
    sep = (m.group("sep") or m.group("sepw") or "").lower()
    if sep in g.lex.range_neighbours:
        return None  # "5730朝元、5740朝元", "1元、2元": a list (a bare low end reads backward)
    hi_start = m.start("hicur") if m.group("hicur") else m.start("hi")
    paired = nxt if nxt is not None and nxt.start == hi_start else None
    if m.group("hihedge") and paired is None:
        return None  # a hedge before a bare figure: "$0.64 or about 0.9%", no high end
    hi, hi_end = (paired.value, paired.end) if paired is not None else (None, m.end())
    ok, start = _sep_ok(text, g, sep, d.start, _spanned(text, g, d.start, d.value, hi, hi_end))
    if not ok:
        return None
    if nxt is not None and nxt.start == hi_start and _compatible(d, nxt) and nxt.high is None:
        if changed_after(text, g, sep, nxt.end) or (
            nxt.value > _LEVEL_OVER_CHANGE * d.value and _changed_before(text, g, d.start)
        ):
            return None  # "585억원에서 955억원으로": from one to the other, two amounts ("减少
            # 200亿元至1441亿元": a change and the level it reached; "涨了2元至3元" is a range)
        joined = _range_to_next(text, g, d, nxt, sep, start, m.group("hihedge"))
        return None if joined is None else (joined, True)
    if nxt is not None and nxt.start < m.end():
        return None
    joined = _range_to_bare(text, g, d, m, sep, start)
    return None if joined is None else (joined, False)


# a level this many times the change before it: "上涨2元至15元" (a range of changes has ends
# close together: "涨了2元至3元", "0.5元至1元")
_LEVEL_OVER_CHANGE = 3


def _changed_before(text: str, g: Grammar, start: int) -> bool:
    """Tell whether a verb of change (``changes``) stands right before the amount at ``start``."""
    words = rule_data(g.lang)["compose.range-forward"]["changes"]
    return bool(words) and text[max(0, start - 8) : start].rstrip().endswith(tuple(words))


@functools.cache
def _glued_unit(lang: str) -> regex.Pattern[str]:
    """Compile a unit glued to a figure by a slash ("/斤", "/kg")."""
    lex = grammar(lang).lex
    nouns = sorted(lex.per_nouns, key=len, reverse=True)
    edge = r"(?!\w)" if lex.word_boundaries else ""
    return regex.compile(rf"/(?:{alternation(nouns)}){edge}" if nouns else r"(?!)")


def _repeated_unit(text: str, g: Grammar, end: int) -> int:
    """Return where a range's connector may start after its low end (past a repeated unit).

    "9元/斤到10元/斤": past "/斤" when the same unit follows the high end within 24 characters,
    in a language written without word spaces (English wire copy writes a movement so).
    """
    if g.lex.word_boundaries:
        return end  # (wire copy's "raised 1.75 dlrs/bbl to 14.10 dlrs/bbl" is a movement)
    unit = _glued_unit(g.lang).match(text, end)
    if unit is None or text.find(unit.group(), unit.end(), unit.end() + 24) < 0:
        return end
    return unit.end()


def _range_to_next(
    text: str, g: Grammar, d: Draft, nxt: Draft, sep: str, start: int, high_hedge: str | None
) -> Draft | None:
    """Join ``d`` and the amount after the connector ("5 to 10 dollars", "$2-$3").

    A hedge of the high end (``high_hedge``, as the range pattern read it) hedges the range:
    "from HK$27,700 to nearly HK$40,000".
    """
    lo = (
        d.value  # "from 5 won to 5,000 won": a unit after the low end closes it
        if d.form == "suffix"
        else share_scale(
            d.value,
            text[d.num_start : d.num_end],
            d.scaled,
            nxt.value,
            text[nxt.num_start : nxt.num_end],
            nxt.scaled,
            g,
        )
    )
    if lo >= nxt.value or (sep in g.lex.range_close and nxt.value > lo * 10):
        return None
    approx, hedge = (True, d.hedge or high_hedge) if high_hedge else (d.approx, d.hedge)
    return add_trace(
        d, "compose.range-forward", start=start, end=nxt.end, value=lo, high=nxt.value,
        rule="range", approx=approx, hedge=hedge,
    )  # fmt: skip


def _range_to_bare(
    text: str, g: Grammar, d: Draft, m: regex.Match[str], sep: str, start: int
) -> Draft | None:
    """Join a prefix amount and the bare figure after the connector ("$5-10", "$2 to 3 mln")."""
    if (
        d.form != "prefix"
        or m.group("hicur") is not None
        and g.lex.surface(m.group("hicur")) != d.surface
    ):
        return None
    follower = next_word(text, g, m.end())
    if follower in g.lex.percent_words or text[m.end() : m.end() + 3].lstrip().startswith("%"):
        return None  # "down $0.33 or 0.4%": the change restated as a percentage, no high end
    hi_scaled = has_scale(m.group("hi"), g)
    dashes = tuple(x for x in g.lex.range_dash if not x.isalpha())
    if (
        sep not in dashes
        and not hi_scaled
        and follower.isalpha()
        and follower not in g.lex.per_words
        and follower not in g.lex.per_adverbs
    ):
        return None  # "$5 to 10 people"
    lo_text, hi_text = text[d.num_start : d.num_end], m.group("hi")
    places = _places(lo_text)
    if sep in dashes and places > 1 and hi_text.isdigit() and len(hi_text) == places:
        # "$1.0712-0714": a dealer's bid and ask, the ask repeating the last digits (one quote:
        # "up from ¥106.84-85" is a movement from it, its "from" no range opener)
        quoted = bid_ask(lo_text, hi_text)
        if quoted is None:
            return None
        return add_trace(
            d, "compose.quote-pair", start=d.start, end=m.end(), value=d.value,
            high=quoted[1] * d.surface.factor, rule="range",
        )  # fmt: skip
    try:
        hi = parse_number(m.group("hi"), lang=g.lang) * d.surface.factor
    except NumberParseError:
        return None
    lo = share_scale(
        d.value, text[d.num_start : d.num_end], d.scaled, hi, m.group("hi"), hi_scaled, g
    )
    if lo >= hi or (sep in g.lex.range_close and hi > lo * 10):
        return None
    return add_trace(
        d, "compose.range-forward", start=start, end=m.end(), value=lo, high=hi, rule="range"
    )


# what _range_before read: kind, value, start, end (-1 for a range) and a quote's high end
_Before = tuple[str, Decimal, int, int, Decimal | None]


@COMPOSE.rule("year-not-amount", switch="before", before="words", months="words")
def year_not_amount(text: str, lo_text: str, lo_start: int, hi: Decimal, data: RuleData) -> bool:
    """Keep a year out of a range or a movement: it dates the amount after it.

    A bare four-digit year (1900-2099) before "to" is a date when a year word (``before``) or a
    month comes before it, or when the amount after it is a thousand times larger.

    Example:
        "raised its forecast for fiscal 2024 to 5.1 trillion yen" -> one amount, 5.1 trillion;
        "donations since 1998 to 415.2 billion won" -> one amount.

    """
    if not _YEAR_SHAPE.fullmatch(lo_text):
        return False
    prev = prev_words(text, lo_start, 3)
    if prev and (prev[-1] in data["before"] or prev[-1] in data["months"]):
        return True
    if len(prev) >= 2 and prev[-1].isdigit() and prev[-2] in data["months"]:
        return True  # "April 1, 1987"
    return hi >= Decimal(lo_text) * 1000


@COMPOSE.rule("day-not-amount", switch="months", months="words")
def day_not_amount(text: str, lo_text: str, lo_start: int, data: RuleData) -> bool:
    """Keep the day of a date out of a range or a movement: "fell on April 2 to $3 billion".

    A bare figure from 1 to 31 right after a month (``months``) is the day of a date; what
    follows "to" is the amount it reached, not the high end of a range from 2.

    Example:
        "balances fell on April 2 to 3.8 billion dlrs" -> one amount, 3.8 billion; "rose from 2
        to 3 dlrs" still reads 2 dlrs.

    """
    if not lo_text.isdigit() or not 1 <= int(lo_text) <= 31:
        return False
    prev = prev_words(text, lo_start, 1)
    return bool(prev) and prev[-1] in data["months"]


@COMPOSE.rule("range-shortened")
def range_shortened(
    lo: Decimal, lo_text: str, hi: Decimal, hi_text: str, sep: str
) -> Decimal | None:
    """Read a range whose high end leaves out the leading figures it shares with the low end.

    "3천500∼600원" is 3,500 to 3,600 won and "1만2천~3천원" 12,000 to 13,000: after a dash or a
    tilde, the high end is written only below a unit word of the low end (천, 만, 万) larger than
    any of its own, and replaces the low end's figures below that unit, which must be there.
    Figures in digits alone shorten nothing ("1,200-900 won" is written high to low), a
    connector word reads as a move ("1,500원에서 600원으로"), and "1만~8천원" has nothing below
    its 만 to replace.

    Example:
        "3천500∼600원" -> 3,500 .. 3,600.

    """
    if not sep or sep.isalpha():
        return None
    units = _numeral_units()
    lows = [units[c] for c in lo_text if c in units]
    top = max((units[c] for c in hi_text if c in units), default=Decimal(1))
    above = [u for u in lows if u > top]
    if not above:
        return None
    keep = min(above)
    if lo % keep == 0 or hi >= keep:
        return None
    return lo - lo % keep + hi


@functools.cache
def _numeral_units() -> dict[str, Decimal]:
    """Map the CJK unit numerals (천, 만, 万, 億) to their values."""
    cjk = cjk_numerals()
    return {**{c: Decimal(v) for c, v in cjk.small.items()}, **cjk.myriad}


@COMPOSE.rule("range-backward")
def range_backward(d: Draft, got: _Before | None) -> Draft | None:
    """Extend an amount into a range with the bare figure before it: "5,000 to 8,000 won".

    Example:
        "between 1,300 and 1,500 won" -> 1,300 .. 1,500; "40-50,000 yuan" -> 40,000 .. 50,000.

    """
    if got is None or got[0] == "movement":
        return None  # (a range, a quote pair or a shortened range extends the amount)
    kind, lo, start, _, high = got
    if kind == "quote":
        return add_trace(d, "compose.quote-pair", high=high, value=lo, start=start, rule="range")
    if kind == "shortened":
        return add_trace(
            d, "compose.range-shortened", high=high, value=lo, start=start, rule="range"
        )
    return add_trace(d, "compose.range-backward", high=d.value, value=lo, start=start, rule="range")


@COMPOSE.rule("movement-from")
def movement_from(d: Draft, got: _Before | None) -> Draft | None:
    """Read the bare figure of a movement before an amount as an amount in its currency.

    Example:
        "went from 5,000 to 8,000 won": 5,000 won and 8,000 won, two amounts.

    """
    if got is None or got[0] != "movement":
        return None
    _, value, start, end, _ = got
    return elliptical_draft(d, start, end, value, "compose.movement-from")


@functools.cache
def _change_at_pattern(lang: str) -> regex.Pattern[str] | None:
    data = rule_data(lang)["compose.change-at"]
    if not data["changes"] or not data["at"]:
        return None
    g = grammar(lang)
    S1 = g.parts["S1"]
    return cached_compile(
        rf"(?r)(?i:(?<![\w-]){alternation(data['changes'], S1)}{S1}"
        rf"(?P<num>\d{{1,6}}(?:\.\d{{1,4}})?){S1}{alternation(data['at'], S1)}{S1}\Z)"
    )


@COMPOSE.rule("change-at", switch="changes", changes="phrases", at="phrases")
def change_at(text: str, g: Grammar, d: Draft, floor: int) -> Draft | None:
    """Read a bare change written before the level it moved to, in the level's currency.

    Market copy gives the move, then the close: "The New York May price was down 15.59 at
    108.00 cents a lb", "gold ended up 2.50 at 345.00 dlrs". A word of ``changes``, a bare
    figure and ``at`` stand just before the amount; the figure is smaller than the level.

    Example:
        "down 15.59 at 108.00 cents" -> 15.59 cents, a second amount.

    """
    pattern = _change_at_pattern(g.lang)
    if pattern is None or d.high is not None or d.value <= 0:
        return None
    m = pattern.search(text, max(floor, d.start - 48), d.start)
    if m is None:
        return None
    try:
        value = parse_number(m.group("num"), lang=g.lang) * d.surface.factor
    except NumberParseError:
        return None
    if not 0 < value < d.value:
        return None
    if value == value.to_integral_value() and "." not in m.group("num"):
        value = value.to_integral_value()
    return elliptical_draft(d, m.start("num"), m.end("num"), value, "compose.change-at")


@COMPOSE.rule("quote-pair", slash="words")
def quote_pair(
    lo_text: str, sep: str, d: Draft, text: str, g: Grammar
) -> tuple[Decimal, Decimal] | None:
    """Read a dealer's bid-ask quote, whose second figure repeats only the last digits.

    "150.17-18 yen" is 150.17 to 150.18 (the high end keeps the figures of the low end that it
    leaves out); "107.92-92 yen" is one price quoted twice. The bid and the ask may also stand
    either side of a quote separator (``slash``): "145.05/15 yen" is 145.05 to 145.15, never
    15 yen; such a separator joins nothing else ("1/2 dollars" is no range).

    Example:
        "the dollar fetched 149.34-36 yen" -> 149.34 .. 149.36; "opened at 132.40/50 yen" ->
        132.40 .. 132.50.

    """
    dashes = {x for x in g.lex.range_dash if not x.isalpha()}
    slash = rule_data(g.lang)["compose.quote-pair"]["slash"]
    hi_text = text[d.num_start : d.num_end]
    if sep not in dashes | slash or d.scaled:
        return None
    places = _places(lo_text)
    # after a slash the ask may repeat fewer digits than the bid has decimals: "1.5210/20"
    # or, with its own point, replace the bid's last figures either side of it: "1,252.3/2.5"
    short = len(hi_text) < places or (len(hi_text) > places and "." in hi_text)
    if not places or not (len(hi_text) == places or (sep in slash and short)):
        return None
    quoted = bid_ask(lo_text, hi_text)
    return None if quoted is None else (quoted[0] * d.surface.factor, quoted[1] * d.surface.factor)


def _slash_ask(text: str, g: Grammar, d: Draft) -> Draft | None:
    """Read the ask after a bid written with its sign: "Rs 91.98/92.00", "$1.2080/2081".

    As ``compose.quote-pair`` reads "145.05/15 yen" backward: the ask after a separator of
    ``slash`` replaces the bid's last figures (the same count of decimals, or fewer).
    """
    if d.start == d.num_start or d.scaled:
        return None  # (a suffix amount's ask stands before its unit: read backward)
    m = _SLASH_ASK.match(text, d.end)
    if m is None or m.group("sep") not in rule_data(g.lang)["compose.quote-pair"]["slash"]:
        return None
    lo_text, ask = text[d.num_start : d.num_end], m.group("ask")
    places = _places(lo_text)
    short = len(ask) < places or (len(ask) > places and "." in ask)
    quoted = bid_ask(lo_text, ask) if places and (len(ask) == places or short) else None
    if quoted is None or quoted[0] == quoted[1]:
        return None
    return add_trace(
        d, "compose.quote-pair", end=m.end(), high=quoted[1] * d.surface.factor, rule="range"
    )


# a separator and an ask right after a bid: "/92.00", "/2081" (not "/kg", "1/2", "24/7/365")
_SLASH_ASK = cached_compile(r"(?P<sep>/)(?P<ask>\d+(?:\.\d+)?)(?![\d/]|[.,]\d|[^\W\d_])")


def _places(lo_text: str) -> int:
    """Return how many decimals a bid is written with (0: no decimal figure)."""
    lo_text = lo_text.replace(",", "")
    return len(lo_text) - lo_text.index(".") - 1 if _DECIMALS.fullmatch(lo_text) else 0


def bid_ask(lo_text: str, hi_text: str) -> tuple[Decimal, Decimal] | None:
    """Return bid and ask when the ask's characters replace the bid's last ones, in order.

    "150.17" and "18": 150.17 .. 150.18; "91.98" and "92.00": 91.98 .. 92.00 (a point in the
    ask stands where the bid has its own).
    """
    lo_text = lo_text.replace(",", "")
    if not hi_text or len(hi_text) > len(lo_text) or not hi_text.replace(".", "", 1).isdigit():
        return None
    if "." in hi_text and lo_text[-len(hi_text) :].find(".") != hi_text.find("."):
        return None
    low, high = Decimal(lo_text), Decimal(lo_text[: -len(hi_text)] + hi_text)
    return (low, high) if low <= high else None


def _slash_quote(text: str, g: Grammar, d: Draft, floor: int) -> _Before | None:
    """Read the bid before ``d`` across a quote separator ("145.05/" of "145.05/15 yen")."""
    sep = text[d.start - 1 : d.start]
    slash = rule_data(g.lang)["compose.quote-pair"]["slash"]
    if d.start != d.num_start or not sep or sep not in slash:
        return None
    m = _QUOTE_BID.search(text, max(floor, d.start - 24), d.start - 1)
    quoted = None if m is None else quote_pair(m.group(), sep, d, text, g)
    if m is None or quoted is None:
        return None
    return "quote", quoted[0], m.start(), -1, quoted[1]


def _range_before(
    text: str, g: Grammar, d: Draft, floor: int, off: frozenset[str] = frozenset()
) -> _Before | None:
    """Read the figure before ``d`` through a range connector.

    Returns ("range", low, span start, -1, None), ("quote", low, span start, -1, high),
    ("movement", value, its start, its end, None) or None.
    """
    if d.value < 0:
        return None
    if "compose.quote-pair" not in off and (slashed := _slash_quote(text, g, d, floor)) is not None:
        return slashed
    lo_bound = max(floor, d.start - 64)
    if not text[max(lo_bound, d.start - 40) : d.start].rstrip().lower().endswith(g.range_seps):
        return None  # no range connector before the amount
    m = _low_number(text, g, lo_bound, d.start)
    if m is None:
        return None
    if m.group("locur"):
        cur = g.lex.surface(m.group("locur"))
        if cur is None or not set(cur.candidates) & set(d.surface.candidates):
            return None
        factor = cur.factor
    else:
        factor = d.surface.factor
    sep = (m.group("sep") or m.group("sepw") or "").lower()
    if sep in g.lex.range_neighbours and not _neighbours(m.group("lo"), text, d, g):
        return None  # "3、5元": a list; "7、8块" (seven or eight) is a range
    if sep in g.lex.range_moves and sep.isalpha() and not _move_opened(text, g, m.start("lo")):
        return None  # "Model 3降至23.19万元": a move's start needs its "from" (由31.2升至)
    try:
        lo = parse_number(m.group("lo"), lang=g.lang) * factor
    except NumberParseError:
        return None
    # (a bare low end takes the amount's scale word first: "by 14 to 16.7 billion dlrs")
    shared = share_scale(
        lo, m.group("lo"), has_scale(m.group("lo"), g), d.value,
        text[d.num_start : d.num_end], d.scaled, g,
    )  # fmt: skip
    spanned = _spanned(text, g, m.start("lo"), shared, d.value, d.end, not m.group("locur"))
    ok, start = _sep_ok(text, g, sep, m.start(), spanned)
    if _dated_low(text, g, m, d):
        return None
    changed = changed_after(text, g, sep, d.end)
    if not ok or changed:
        moved = not spanned and _movement(text, g, sep, m.start())
        if (changed or moved) and not m.group("locur") and lo > 0:
            lo = _movement_scale(lo, m.group("lo"), d, text, g)
            return "movement", _whole(lo), m.start("lo"), m.end("lo"), None
        return None
    quoted = None if "compose.quote-pair" in off else quote_pair(m.group("lo"), sep, d, text, g)
    if quoted is not None:
        return "quote", quoted[0], m.start("lo"), -1, quoted[1]  # "from" moves, not opens
    return _low_end(text, g, d, m, shared, sep, start)


def _low_number(text: str, g: Grammar, lo: int, hi: int) -> regex.Match[str] | None:
    """Find the figure and connector before ``hi``, past a word read as a numeral before it.

    "(총지출 규모)이 323조~328조원": the particle 이 is also the numeral two, and "이 323조" no
    number (two numbers in a row); the low end is the figure after the space.
    """
    m = g.range_before.search(text, lo, hi)
    while m is not None and " " in m.group("lo"):
        try:
            parse_number(m.group("lo"), lang=g.lang)
        except NumberParseError:
            m = g.range_before.search(text, m.start("lo") + m.group("lo").index(" ") + 1, hi)
            continue
        break
    return m


_MOVE_OPEN = 8  # the characters read before a move's start for its "from" (and spaces)


def _move_opened(text: str, g: Grammar, lo_start: int) -> bool:
    """Tell whether a "from" of ``carry.from-to`` opens the start of a move written as a verb.

    It stands right before the bare start ("由31.2升至"), not before another amount ("从3元5涨到").
    """
    before = text[max(0, lo_start - _MOVE_OPEN) : lo_start].rstrip()
    return before.endswith(tuple(rule_data(g.lang)["carry.from-to"]["opens"]))


def _whole(v: Decimal) -> Decimal:
    """Return ``v`` without trailing zeros of a whole number (5.00 -> 5)."""
    return v.to_integral_value() if v == v.to_integral_value() else v


def _dated_low(text: str, g: Grammar, m: regex.Match[str], d: Draft) -> bool:
    """Tell (and report) whether a range's low end is a year or a day, not an amount."""
    yd = rule_data(g.lang)["compose.year-not-amount"]
    if yd["before"] and year_not_amount(text, m.group("lo"), m.start("lo"), d.value, yd):
        report_veto("compose.year-not-amount", text, m.start("lo"), d.end, "a year, not an amount")
        return True
    dd = rule_data(g.lang)["compose.day-not-amount"]
    if dd["months"] and day_not_amount(text, m.group("lo"), m.start("lo"), dd):
        report_veto("compose.day-not-amount", text, m.start("lo"), d.end, "a day, not an amount")
        return True
    return False


def _low_end(
    text: str, g: Grammar, d: Draft, m: regex.Match[str], lo: Decimal, sep: str, start: int
) -> _Before | None:
    """Read a range's low end (``lo``, its scale shared), or a pair going down as two amounts."""
    lo_text = m.group("lo")
    hi_text = text[d.num_start : d.num_end]
    if lo > d.value and (high := range_shortened(lo, lo_text, d.value, hi_text, sep)) is not None:
        return "shortened", lo, start, -1, high  # "3천500∼600원": 3,500 .. 3,600
    if lo >= d.value or (d.value > lo * 10 and _far_low(lo_text, sep, g)):
        return None
    scaled = _movement_scale(lo, lo_text, d, text, g)
    if scaled > d.value:  # "4.5 to 3.9 billion dlrs": a pair going down, no range; two amounts
        if not text[max(0, m.start("lo") - 1) : m.start("lo")].isspace():
            return None  # "GSM-103 to 75.0 mln", "1988/89 to 60 mln": a name or a year, no figure
        return "movement", _whole(scaled), m.start("lo"), m.end("lo"), None
    return "range", lo, start, -1, None


def _movement_scale(lo: Decimal, lo_text: str, d: Draft, text: str, g: Grammar) -> Decimal:
    """Give a movement's bare first figure the scale word of the amount it moves to.

    "raised the forecast from 1.5 to 2.5 billion stg": 1.5 billion, up or down, when that puts
    it within a factor of 10 of the amount.
    """
    if g.cjk or not d.scaled or has_scale(lo_text, g):
        return lo
    mult = _last_scale(text[d.num_start : d.num_end], g)
    if mult is not None and d.value / 10 <= lo * mult <= d.value * 10:
        return lo * mult
    return lo


def _far_low(lo_text: str, sep: str, g: Grammar) -> bool:
    """Tell whether a low end ten times under the high one is none of its range.

    Not after a closing connector, nor a count in words ("per pack of six to THB72").
    """
    if sep in g.lex.range_close:
        return True
    return not any(ch.isdigit() for ch in lo_text) and not has_scale(lo_text, g)


def _neighbours(lo_text: str, text: str, d: Draft, g: Grammar) -> bool:
    """Tell whether a bare low end's digits and the amount ``d``'s are neighbouring integers.

    "7、8块", "13、14块": a separator of ``[ranges] neighbours`` joins only a spoken pair, one
    apart, the low end bare ("4、5000元": a single digit before the high end's leading digit, with
    its zeros, or the multiplier written after it: "3、4万元"); any other pair is a list
    ("5730朝元、5740朝元", "3、5元").
    """
    hi_text = text[d.num_start : d.num_end]
    if g.cjk and len(lo_text) == 1 and len(hi_text) > 1 and not hi_text.isdecimal():
        return _spoken_pair(lo_text, hi_text, g)  # "3、4万元", "三、四萬元": one multiplier
    if not (lo_text.isdecimal() and hi_text.isdecimal()):
        return False
    # "4、5000元": a spoken pair of leading digits, the low end taking the high end's zeros
    head = hi_text.rstrip("0")
    return int(lo_text) + 1 == int(hi_text) or (
        len(lo_text) == 1 and head != hi_text and int(lo_text) + 1 == int(head or "0")
    )


def _spoken_pair(lo_text: str, hi_text: str, g: Grammar) -> bool:
    """Tell whether one numeral and the next one before a multiplier are a spoken pair.

    "3、4万", "三、四萬": the high end is its leading numeral times a power of ten.
    """
    try:
        lo = parse_number(lo_text, lang=g.lang)
        head = parse_number(hi_text[0], lang=g.lang)
        hi = parse_number(hi_text, lang=g.lang)
    except NumberParseError:
        return False
    if not (0 < head < 10 and lo + 1 == head) or hi % head or hi <= head:
        return False
    unit = int(hi / head)
    return bool(unit == 10 ** (len(str(unit)) - 1))


# --- scale compounds ------------------------------------------------------------------------


@functools.cache
def _outer_scale(lang: str) -> regex.Pattern[str]:
    """Compile a figure and its scale word right before another figure (reverse search)."""
    g = grammar(lang)
    return g.compile(
        r"(?r)(?i:(?<![\w.,$])(?P<num>\d{1,3}(?:\.\d+)?|\L<nw>)[ \u00a0]+(?P<mult>\L<mult>)"
        r"[ \u00a0]+\Z)"
    )


@COMPOSE.rule("scale-compound")
def scale_compound(text: str, g: Grammar, d: Draft) -> Draft | None:
    """Join a figure with a larger scale word to the scaled amount right after it.

    Copy translated from Korean writes its sums unit by unit: "one billion 275 million won",
    "1 trillion 200 billion won", "one billion three million 980-thousand won". The figure
    before (its scale word larger than the amount's, and the amount under one of it) is the
    amount's leading part; several are read in turn. Only with the amount's unit after it.

    Example:
        "one billion 275 million won" -> 1,275,000,000.

    """
    if g.cjk or not d.scaled or d.start != d.num_start or d.surface.factor != 1:
        return None
    inner = _scale_of(text[d.num_start : d.num_end], g)
    m = _outer_scale(g.lang).search(text, max(0, d.start - 40), d.start)
    if inner is None or m is None:
        return None
    outer = g.nw.multipliers.get(m.group("mult").lower())
    if outer is None or outer <= inner or d.value >= outer:
        return None
    try:
        lead = parse_number(m.group("num"), lang=g.lang) * outer
    except NumberParseError:
        return None
    return add_trace(
        d, "compose.scale-compound", value=lead + d.value, start=m.start(), num_start=m.start()
    )


def _scale_of(number: str, g: Grammar) -> Decimal | None:
    """Return the multiplier of the first scale word of ``number`` ("980-thousand": 1000)."""
    for word in number.replace("-", " ").split():
        mult = g.nw.multipliers.get(word.lower())
        if mult is not None:
            return mult
    return None


def scale_compounds(
    text: str, g: Grammar, drafts: list[Draft], off: frozenset[str] = frozenset()
) -> list[Draft]:
    """Apply ``compose.scale-compound`` along the drafts, dropping the parts it joins."""
    if "compose.scale-compound" in off or g.cjk:
        return drafts
    out: list[Draft] = []
    for d in drafts:
        while (joined := scale_compound(text, g, d)) is not None:
            d = joined
        while out and out[-1].end > d.start:
            out.pop()  # "one billion" read alone is part of the sum now
        out.append(d)
    return out


def ranges(
    text: str, g: Grammar, drafts: list[Draft], off: frozenset[str] = frozenset()
) -> list[Draft]:
    """Apply the range rules along the drafts."""
    out: list[Draft] = []
    i = 0
    while i < len(drafts):
        d = drafts[i]
        nxt = drafts[i + 1] if i + 1 < len(drafts) else None
        asked = None if "compose.quote-pair" in off else _slash_ask(text, g, d)
        merged = (asked, False) if asked is not None else None
        if merged is None and "compose.range-forward" not in off:
            merged = range_forward(text, g, d, nxt)
        if merged is not None:
            d, consumed = merged
            i += 2 if consumed else 1
            out.append(d)
            continue
        if not (out and out[-1].end > d.start - 2):
            got = _range_before(text, g, d, out[-1].end if out else 0, off)
            if got is not None and got[0] == "shortened" and "compose.range-shortened" in off:
                got = None
            extended = None
            if got is not None and "compose.range-backward" not in off:
                extended = range_backward(d, got)
            if extended is not None:
                d = extended
            elif got is not None and "compose.movement-from" not in off:
                moved = movement_from(d, got)
                if moved is not None:
                    out.append(moved)
            elif got is None and "compose.change-at" not in off:
                changed = change_at(text, g, d, out[-1].end if out else 0)
                if changed is not None:
                    out.append(changed)
        out.append(d)
        i += 1
    return out


# --- elliptical figures --------------------------------------------------------------------------


def elliptical_draft(
    d: Draft, start: int, end: int, value: Decimal, rule_id: str = "compose.elliptical"
) -> Draft:
    """Build a bare figure that takes the currency surface of the amount ``d``."""
    return Draft(
        start=start,
        end=end,
        value=value,
        surface=d.surface,
        written=d.written,
        form="elliptical",
        rule="elliptical",
        scaled=False,
        num_start=start,
        num_end=end,
        trace=(rule_id,),
    )


@COMPOSE.rule(
    "elliptical",
    switch="cues",
    changes="phrases",
    cues="phrases",
    far_cues="phrases",
    of="phrases",
    not_moved="words",
    moved_percent="phrases",
    moved_to="phrases",
    counts="words",
    from_words="phrases",
    modifiers="phrases",
    determiners="words",
    sums="phrases",
    owners="phrases",
    base_connectors="words",
)
def elliptical_rule(text: str, g: Grammar, d: Draft, data: RuleData) -> regex.Match[str] | None:
    """Read the bare comparison figure after an amount as an amount in its currency.

    It follows the amount through a comparison word (from, versus, against, compared with),
    past a word of ``determiners`` and one of ``modifiers`` ("from a revised 5.2 billion",
    "from the present 7 mln") or an article before a figure one of ``sums`` follows ("from a
    527 mln deficit"); "rose to X in 1986 from Y" reaches back past a date. Like every
    elliptical figure it has no unit or percentage of its own (``counts``), is no year and is
    within a factor of 10 of the amount. A rate's base written as an amount ("55.12 per 100
    yen from 54.90") compares nothing: the figure is a level of the rate, not of yen.

    Example:
        "rose to 6.20 dlrs from 5.80" -> 5.80 dlrs.

    """
    if (d.high is not None and "compose.quote-pair" not in d.trace) or d.value <= 0:
        return None
    if _amount_base(text, g, d):
        return None  # "55.12 per 100 yen from 54.90": the base's figure compares no yen
    pt = _patterns(g.lang)
    window = text[d.end : d.end + ELLIPTICAL_REACH].lower()
    if not any(cue in window for cue in pt.elliptical_gate):
        return None
    m = pt.elliptical_after.match(text, d.end)
    if (
        m is None
        and any(f in window for f in data["from_words"])
        and pt.moved_to_before.search(text, max(0, d.start - 48), d.start)
    ):
        m = pt.elliptical_from.match(text, d.end)  # "rose to X in 1986 from Y"
    if m is not None and _THOUSANDS.search(text, d.end, m.start("num")) is not None:
        return None  # "42.3 mln Avg shrs 8,850,000 vs 8,860,000": another figure is compared
    return m


def _amount_base(text: str, g: Grammar, d: Draft) -> bool:
    """Tell whether ``d`` is a rate's base written as an amount ("per 100 yen" after a figure).

    A bare figure and one of ``[compose.elliptical] base_connectors`` come right before it.
    """
    words = prev_words(text, d.start, 1)
    if not words or words[0] not in rule_data(g.lang)["compose.elliptical"]["base_connectors"]:
        return False
    return _BARE_BEFORE.search(text, max(0, d.start - 24), d.start) is not None


# a bare figure, then the connector word, right before the base ("55.12 per 100 yen")
_BARE_BEFORE = cached_compile(r"\d[ \u00a0]+[^\W\d_]+[ \u00a0]+\Z")


# a figure written with thousands separators between an amount and its comparison
_THOUSANDS = cached_compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])")


@COMPOSE.rule("series-and", switch="joins", joins="phrases", times="phrases")
def series_and(text: str, g: Grammar, e: Draft, data: RuleData) -> regex.Match[str] | None:
    """Read the next scaled figure of a comparison series after an elliptical figure.

    "widened to 4.7 billion baht in February from 2.1 billion in January and 2.8 billion a
    year ago": past a short time phrase, a join (``joins``) and a figure with a scale word
    that a time phrase (``times``) or the clause's end follows. Only after a figure read
    elliptically, and only a scaled one, so that "and 20 tonnes" or "and 1987" are no sums.

    Example:
        "from 2.1 billion in January and 2.8 billion a year ago" -> 2.8 billion baht.

    """
    if not data["joins"]:
        return None
    return _patterns(g.lang).series_and.match(text, e.end)


@COMPOSE.rule("list-elliptical", switch="gate", gate="phrases", dated="words", links="words")
def list_elliptical(text: str, g: Grammar, d: Draft, data: RuleData) -> regex.Match[str] | None:
    """Read the next figures of a price list by place as amounts in its currency.

    The place may carry a date (``dated``: "in Pyongyang on Jan. 28 and 350 in Hamhung"), and
    the next place may come before its figure, with one of ``links`` or none, when the figure
    ends its clause ("and in Hyesan 5,400.", "and in Hyesan at 17,200").

    Example:
        "16,500 won in Sinuiju and 16,800 in Hyesan" -> 16,800 won.

    """
    if d.high is not None or d.value <= 0:
        return None
    window = text[d.end : d.end + ELLIPTICAL_REACH].lower()
    if not any(f" {w} " in window[:40] for w in data["gate"]):
        return None
    pt = _patterns(g.lang)
    return pt.list_elliptical.match(text, d.end) or pt.list_place_first.match(text, d.end)


def _bare(
    text: str,
    g: Grammar,
    d: Draft,
    nxt: Draft | None,
    m: regex.Match[str],
    ed: RuleData,
    rule_id: str,
) -> Draft | None:
    if nxt is not None and nxt.start < m.end():
        return None
    follower = next_word(text, g, m.end())
    if (
        follower in g.lex.per_nouns
        or follower in ed["counts"]
        or g.after_number_veto.match(text, m.end())
    ):
        return None  # "from 12 tons", "from 20 percent": another quantity
    if _YEAR_WON.fullmatch(m.group("num")):
        return None  # "from 2010": a year
    try:
        value = parse_number(m.group("num"), lang=g.lang) * d.surface.factor
    except NumberParseError:
        return None
    if value <= 0 or not (d.value / 10 <= value <= d.value * 10):
        return None
    if value == value.to_integral_value() and not _PLAIN_DIGITS.fullmatch(m.group("num")):
        value = value.to_integral_value()
    e = elliptical_draft(d, m.start("num"), m.end("num"), value, rule_id)
    ask = m.groupdict().get("ask")
    if ask is None:
        return e
    asked = e._replace(num_start=m.start("ask"), num_end=m.end("ask"))
    pair = quote_pair(m.group("num"), "/", asked, text, g)
    if pair is None:
        return None  # "1.5/2": no bid and ask
    return e._replace(value=pair[0], high=pair[1], end=m.end("ask"), num_end=m.end("ask"))


def elliptical(
    text: str,
    g: Grammar,
    drafts: list[Draft],
    data: Mapping[str, RuleData],
    off: frozenset[str] = frozenset(),
    only: frozenset[int] | None = None,
) -> list[Draft]:
    """Add the elliptical figures after the drafts (comparisons, then the rest of a price list).

    With ``only``, after the drafts that start there (figures found later, as elided ones).
    """
    out: list[Draft] = []
    ed = data["compose.elliptical"]
    ld = data["compose.list-elliptical"]
    for i, d in enumerate(drafts):
        out.append(d)
        if only is not None and d.start not in only:
            continue
        nxt = drafts[i + 1] if i + 1 < len(drafts) else None
        # "912.07 won per 100 yen, up from 905.30": the figure compares with the quote, not
        # with the base written as an amount of its own
        ref = drafts[i - 1] if i > 0 and _quote_base(text, g, drafts[i - 1], d) else d
        rule_id = "compose.elliptical"
        m = None if rule_id in off else elliptical_rule(text, g, d, ed)
        e = None if m is None else _bare(text, g, ref, nxt, m, ed, rule_id)
        if e is None and "compose.list-elliptical" not in off:
            # "23,500 won in Sinuiju and 24,000 in Hyesan, up from about 13,000 won"
            m, rule_id = list_elliptical(text, g, d, ld), "compose.list-elliptical"
            e = None if m is None else _bare(text, g, ref, nxt, m, ed, rule_id)
        if e is None:
            continue
        out.append(e)
        if rule_id == "compose.elliptical" and "compose.series-and" not in off:
            sm = series_and(text, g, e, data["compose.series-and"])
            more_e = None if sm is None else _bare(text, g, d, nxt, sm, ed, "compose.series-and")
            if more_e is not None:
                out.append(more_e)
                continue
        # the rest of a price list: "14,000 won in Pyongyang, 13,500 in Sinuiju, and 14,200 in
        # Hyesan" (same unit and a factor-10 band around the first price)
        if "compose.list-elliptical" not in off:
            out += place_list(text, g, d, e.end, nxt.start if nxt is not None else len(text))
    return out


def _quote_base(text: str, g: Grammar, quote: Draft, d: Draft) -> bool:
    """Tell whether ``d`` is the base of the rate ``quote`` states: "912.07 won per 100 yen"."""
    if d.value not in _BASE_VALUES or set(d.surface.candidates) & set(quote.surface.candidates):
        return False
    gap = " ".join(text[quote.end : d.start].lower().split())
    rb = rule_data(g.lang)["per.rate-base"]
    return gap in {"=", "/"} or gap in rb["direct"] or gap in rb["connectors"]


def place_list(text: str, g: Grammar, d: Draft, pos: int, limit: int) -> list[Draft]:
    """Read the rest of a price list by place after ``pos``, in the currency of ``d``.

    "14,000 won in Pyongyang, 13,500 in Sinuiju, and 14,200 in Hyesan", "... and in Hyesan
    5,400": each figure within a factor of 10 of ``d``, none past ``limit`` (the next amount).
    """
    pt = _patterns(g.lang)
    out: list[Draft] = []
    while (lm := pt.list_elliptical.match(text, pos)) is not None or (
        lm := pt.list_place_first.match(text, pos)
    ) is not None:
        if limit < lm.end():
            break
        try:
            more = parse_number(lm.group("num"), lang=g.lang) * d.surface.factor
        except NumberParseError:
            break
        if _YEAR_WON.fullmatch(lm.group("num")) or not d.value / 10 <= more <= d.value * 10:
            break
        e = elliptical_draft(d, lm.start("num"), lm.end("num"), more, "compose.list-elliptical")
        out.append(e)
        pos = e.end
    return out


_LISTED_MAX = 8  # figures a list may hold before its amount


@functools.cache
def _listed_pattern(lang: str) -> regex.Pattern[str]:
    """Match a bare figure and the list separator after it, ending where the next one starts."""
    data = rule_data(lang)["compose.listed-before"]
    joiners = alternation(data["joiners"], r"[ \u00a0]+")
    # no letter against the figure where the language spaces its words ("A5", "F16"), and no
    # word before it that makes it a day or a number ("February 22 and 150 yen")
    letter = r"(?<![^\W\d_])" if grammar(lang).lex.word_boundaries else ""
    not_after = alternation(data["not_after"], r"[ \u00a0]+")
    # where each figure is led by its item ("쌀 23, 옥수수 8, 돼지고기 45원"): one word between
    item = r"(?:[^\W\d_]{1,8}[ \u00a0]{1,3})?" if data["items"] else ""
    return cached_compile(
        rf"{letter}(?<![\d.,$€£¥₩])(?<!(?<![^\W\d_])(?i:{not_after})\.?[ \u00a0\n]{{1,3}})"
        r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
        rf"[ \t\u00a0\n]{{0,3}}(?:{joiners})[ \t\u00a0\n]{{0,3}}{item}\Z"
    )


def _myriad_tail(g: Grammar, num: str) -> bool:
    """Tell whether a CJK figure ends in a myriad scale ("644萬", "六百四十四萬")."""
    return g.cjk and num[-1:] in cjk_numerals().myriad


@functools.cache
def _scaled_listed_pattern(lang: str, scale: str) -> regex.Pattern[str] | None:
    """Match a figure with the amount's own myriad scale and the list separator after it.

    "約五百三十二萬及六百四十四萬元": in a language that writes its scale against the figure,
    a listed figure that ends in the amount's scale cannot take the wrong one.
    """
    g = grammar(lang)
    if not g.cjk or scale not in cjk_numerals().myriad:
        return None
    data = rule_data(lang)["compose.listed-before"]
    joiners = alternation(data["joiners"], r"[ \u00a0]+")
    chars = regex.escape(cjk_numerals().chars)
    sc = regex.escape(scale)
    return cached_compile(
        rf"(?<![\d.,{chars}])(?P<num>(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?{sc}|[{chars}]+{sc})"
        rf"[ \t\u00a0]{{0,3}}(?:{joiners})[ \t\u00a0]{{0,3}}\Z"
    )


@COMPOSE.rule("listed-before", switch="joiners", joiners="phrases", not_after="phrases",
              openers="words", items="flag")  # fmt: skip
def listed_before(
    text: str, g: Grammar, d: Draft, lo: int, data: RuleData
) -> list[tuple[int, int, Decimal]]:
    """Read the bare figures listed before an amount as amounts in its currency.

    "Rice sold for 5,100, 5,200 and 5,500 won a kilogram"; "각각 5100, 5100원, 5500원";
    "分别为5100、5200和5500朝鲜元": figures joined to the amount by list separators only
    (``joiners``), each a plain number with no unit of its own (none after an amount with a
    scale word: its scale may not be theirs; but where the scale is written against the
    figure, each may carry the amount's own:
    "約五百三十二萬及六百四十四萬元"), no year when the amount is none, no day of a month or
    a numbered thing (``not_after``: "February 22 and 150 yen"), each within 10x of its
    neighbour in the list (banknotes: "a 5,000, 2,000, ..., 10 and 5 won bill"), and none before
    ``lo`` (the end of the draft before). After a range opener (``openers``:
    "between 350 and 800 dlrs") the figures are a range, which is not this rule's. Where each
    figure is led by its item (``items``: "쌀 23, 옥수수 8, 돼지고기 45원") one word may stand
    after each separator.

    Example:
        "sold for 5,100, 5,200 and 5,500 won" -> 5,100 won and 5,200 won.

    """
    if d.form != "suffix" or d.high is not None or d.value <= 0:
        return []
    pattern: regex.Pattern[str] | None = _listed_pattern(g.lang)
    if d.scaled or _myriad_tail(g, text[d.num_start : d.num_end]):
        pattern = _scaled_listed_pattern(g.lang, text[d.num_end - 1 : d.num_end])
    if pattern is None:
        return []
    out: list[tuple[int, int, Decimal]] = []
    pos = d.num_start
    year_ok = _YEAR_WON.fullmatch(text[d.num_start : d.num_end]) is not None
    while len(out) < _LISTED_MAX:
        m = pattern.search(text, max(lo, pos - 40), pos)
        if m is None or (not year_ok and _YEAR_WON.fullmatch(m.group("num"))):
            break
        try:
            value = parse_number(m.group("num"), lang=g.lang) * d.surface.factor
        except NumberParseError:
            break
        near = out[-1][2] if out else d.value  # its neighbour in the list
        if not near / 10 <= value <= near * 10:
            break
        out.append((m.start("num"), m.end("num"), value))
        pos = m.start("num")
    if out and not data["openers"].isdisjoint(prev_words(text, pos, 2)):
        return []  # "between (about) 350 and 800 dlrs": a range, not a list
    return out


def listed(
    text: str, g: Grammar, drafts: list[Draft], off: frozenset[str] = frozenset()
) -> list[Draft]:
    """Add the bare figures listed before each amount (``compose.listed-before``)."""
    data = rule_data(g.lang)["compose.listed-before"]
    if "compose.listed-before" in off or not data["joiners"]:
        return drafts
    out: list[Draft] = []
    for d in drafts:
        lo = out[-1].end if out else 0
        found = listed_before(text, g, d, lo, data)
        rid = "compose.listed-before"
        out += [elliptical_draft(d, a, b, v, rid) for a, b, v in reversed(found)]
        out.append(d)
    return out


@functools.cache
def _ceiling_subject(lang: str) -> regex.Pattern[str] | None:
    """Compile "the maximum increase will be" before an amount (reverse search)."""
    cd = rule_data(lang)["compose.ceiling-subject"]
    if not cd["heads"]:
        return None
    sp = r"\s+"
    return cached_compile(
        rf"(?ri)(?<!\w)(?:{alternation(cd['determiners'], sp)})\s+"
        rf"(?P<head>{alternation(cd['heads'], sp)})(?:\s+[a-z-]{{2,20}}){{0,3}}?\s+"
        rf"(?:{alternation(cd['copulas'], sp)})\s+\Z"
    )


@COMPOSE.rule("ceiling-subject", switch="heads", heads="phrases", determiners="phrases",
              copulas="phrases", bounds="map")  # fmt: skip
def ceiling_subject(
    text: str, g: Grammar, drafts: list[Draft], off: frozenset[str] = frozenset()
) -> list[Draft]:
    """Bound an amount that a ceiling or a floor as its subject states.

    "The maximum increase will be 10 baht per day", "the maximum fine is $10,000": the sum is
    an upper bound, as "a maximum of" makes it. A subject opened by a determiner, one of
    ``heads`` (mapped by ``bounds`` to its bound) and up to three words, then a copula
    (``copulas``) right before an amount with no bound of its own.

    Example:
        "The maximum increase will be 10 baht" -> le.

    """
    pat = _ceiling_subject(g.lang)
    if "compose.ceiling-subject" in off or pat is None:
        return drafts
    cd = rule_data(g.lang)["compose.ceiling-subject"]
    out = list(drafts)
    for i, d in enumerate(drafts):
        if d.bound is not None or d.hedge or d.high is not None:
            continue  # (a range states both ends: "the maximum fine is between $5,000 and")
        window = text[max(0, d.start - 72) : d.start]
        if not any(h in window.lower() for h in cd["heads"]):
            continue  # (most amounts: no ceiling word before them, no search)
        m = pat.search(text, max(0, d.start - 72), d.start)
        if m is not None:
            kind = cd["bounds"][" ".join(m.group("head").lower().split())]
            out[i] = add_trace(d, "compose.ceiling-subject", bound=kind)
    return out


@COMPOSE.rule("bounded-range", switch="pairs", pairs="map")
def bounded_range(
    text: str, g: Grammar, drafts: list[Draft], off: frozenset[str] = frozenset()
) -> list[Draft]:
    """Join "X以上Y以下" into one range: the law's "from X up to Y", not two bounds.

    "超速違規可處一千二百元以上二千四百元以下罰鍰" fines 1,200 to 2,400: an amount bounded
    from below by a word of ``pairs`` right after it (以上), then right away one in the same
    money bounded from above by that word's partner (以下), is one range. Its span runs from
    the low end through the high end (the closing word stays outside, as "or less" would).

    Example:
        "一千二百元以上二千四百元以下" -> 1,200 .. 2,400, no bound.

    """
    pairs = rule_data(g.lang)["compose.bounded-range"]["pairs"]
    if "compose.bounded-range" in off or not pairs:
        return drafts
    out: list[Draft] = []
    for d in drafts:
        prev = out[-1] if out else None
        if prev is not None and _bounded_pair(text, prev, d, pairs):
            out[-1] = add_trace(
                prev, "compose.bounded-range", end=d.end, high=d.value, bound=None, after_mod=-1
            )
            continue
        out.append(d)
    return out


def _bounded_pair(text: str, lo: Draft, hi: Draft, pairs: Mapping[str, str]) -> bool:
    """Tell whether ``lo`` + a word of ``pairs`` + ``hi`` + its partner make one range."""
    if lo.bound != "ge" or hi.bound != "le" or lo.high is not None or hi.high is not None:
        return False
    if not set(lo.surface.candidates) & set(hi.surface.candidates) or hi.value <= lo.value:
        return False
    between = text[lo.end : hi.start].strip()
    closer = pairs.get(between)
    return closer is not None and text[hi.end : hi.end + len(closer) + 1].lstrip().startswith(
        closer
    )


@COMPOSE.rule("bound-pair", switch="joins", joins="phrases")
def bound_pair(
    text: str, g: Grammar, drafts: list[Draft], off: frozenset[str] = frozenset()
) -> list[Draft]:
    """Move a bound read before a rate's written base onto the rate it quotes.

    "汇率突破1美元兑1万5000朝鲜元" (the rate broke through 1 dollar to 15,000 won) bounds the
    won figure, not the dollar written as the base of the pair: the bound goes to the amount
    joined to a base of one by a pair word (``joins``), when that amount has none of its own and
    is in another currency ("from over $1 to $2" is a movement, no pair).

    Example:
        "突破1美元兑1万5000朝鲜元" -> "1万5000朝鲜元" bound gt, "1美元" none.

    """
    joins = rule_data(g.lang)["compose.bound-pair"]["joins"]
    if "compose.bound-pair" in off or not joins:
        return drafts
    out = list(drafts)
    for i, (a, b) in enumerate(itertools.pairwise(drafts)):
        if (
            a.bound is None
            or b.bound is not None
            or a.value != 1
            or "compose.bound-before" not in a.trace
            or not set(a.surface.candidates).isdisjoint(b.surface.candidates)
            or " ".join(text[a.end : b.start].lower().split()) not in joins
        ):
            continue
        out[i] = a._replace(bound=None)
        out[i + 1] = b._replace(bound=a.bound, trace=(*b.trace, "compose.bound-pair"))
    return out


@COMPOSE.rule("rate-extreme", switch="words", words="phrases")
def rate_extremes(
    text: str, g: Grammar, drafts: list[Draft], off: frozenset[str] = frozenset()
) -> list[Draft]:
    """Read a bound word before a quoted rate as the session's extreme, not a bound.

    A market report gives the day's high and low of a rate with the words a bound uses
    elsewhere (``words``): "最高31.485元、最低31.544元" are levels the rate reached, exact, where
    "工资最高5000元" is at most 5,000 yuan. Only an amount marked as a rate (per its base
    currency, a level) whose bound came from such a word before it.

    Example:
        "新台幣兌美元……最高31.485元" -> 31.485, no bound.

    """
    words = rule_data(g.lang)["compose.rate-extreme"]["words"]
    if "compose.rate-extreme" in off or not words:
        return drafts
    out = list(drafts)
    for i, d in enumerate(drafts):
        if d.role != "rate" or d.bound is None or "compose.bound-before" not in d.trace:
            continue
        m = g.before_modifier.search(text, max(0, d.start - 48), d.start)
        if m is not None and " ".join(m.group("mod").lower().split()) in words:
            out[i] = d._replace(bound=None, trace=(*d.trace, "compose.rate-extreme"))
    return out


@COMPOSE.rule("hedge-shared", marks="phrases", opens="phrases", joins="phrases")
def hedge_shared(
    text: str, g: Grammar, drafts: list[Draft], off: frozenset[str] = frozenset()
) -> list[Draft]:
    """Spread a hedge over the amounts of a "respectively" list it opens or closes.

    "hit nearly KPW 13,000 and KPW 10,000, respectively": "nearly" hedges both; Korean writes
    the list after "각각" and may hedge its last amount ("각각 2000위안, 80위안가량"). The
    amounts are joined only by ``joins`` (and commas), the list closed by a word of ``marks``
    after it or opened by one of ``opens`` just before it (a hedge may stand between); a hedge
    before the first amount or after the last one reaches every amount with no hedge or bound
    of its own.

    Example:
        "nearly KPW 13,000 and KPW 10,000, respectively" -> both approximate.

    """
    data = rule_data(g.lang)["compose.hedge-shared"]
    if "compose.hedge-shared" in off or not (data["marks"] or data["opens"]):
        return drafts
    out = list(drafts)
    for run in _joined_runs(text, drafts, data["joins"]):
        first, last = drafts[run[0]], drafts[run[-1]]
        closes = _starts_with(text[max(last.end, last.tail, last.after_mod) :], data["marks"])
        lead = text[max(0, first.start - 12) : first.start].lower()
        opens = any(w in lead for w in data["opens"])  # "각각 약", "分别约为"
        if not (closes or opens):
            continue
        src = first if first.approx and first.after_mod <= first.end else None
        if src is None and last.approx and last.after_mod > last.end:
            src = last
        if src is None:
            continue
        for i in run:
            d = out[i]
            if not d.approx and d.bound is None:
                out[i] = d._replace(
                    approx=True, hedge=src.hedge, trace=(*d.trace, "compose.hedge-shared")
                )
    return out


def _joined_runs(text: str, drafts: list[Draft], joins: list[str]) -> list[list[int]]:
    """Return the runs (two or more) of drafts joined only by commas and ``joins``."""
    runs: list[list[int]] = []
    cur = [0] if drafts else []
    for i in range(1, len(drafts)):
        a, b = drafts[i - 1], drafts[i]
        gap = text[max(a.end, a.tail) : b.start].replace(",", " ").split()
        if b.gloss_of is None and all(w.lower() in joins for w in gap):
            cur.append(i)
            continue
        if len(cur) > 1:
            runs.append(cur)
        cur = [i]
    if len(cur) > 1:
        runs.append(cur)
    return runs


def _starts_with(after: str, words: list[str]) -> bool:
    """Tell whether ``after`` opens (past commas and spaces) with one of ``words``."""
    head = after.lstrip(" ,").lower()
    return any(head.startswith(w) for w in words)


# --- hedges, bounds and qualifiers ---------------------------------------------------------------


@COMPOSE.rule("bound-before", comparisons="phrases")
def bound_before(word: str, written: str, g: Grammar) -> dict[str, object] | None:
    """Bound the amount by the words before it: "more than", "at least", "less than", "up to".

    Example:
        "more than 300 yuan" -> bound gt; "up to 5 million won" -> le.

    """
    kind = g.lex.bounds.get(word)
    return None if kind is None else {"bound": kind}


@COMPOSE.rule("hedge-before")
def hedge_before(word: str, written: str, g: Grammar) -> dict[str, object] | None:
    """Hedge the amount by the words before it: "about", "around", "nearly", "~".

    Example:
        "about 300 yuan" -> approx, hedge "about".

    """
    return {"approx": True, "hedge": written}


@COMPOSE.rule("over-particle", switch="bound", bound="words", verbs="words",
              adjectives="words", determiners="words")  # fmt: skip
def over_particle(text: str, start: int, word: str, data: RuleData) -> bool:
    """Keep "over" after a verb such as "hand" as a particle, not a bound.

    Where words are written together the verb ends the text before the word ("收在最低30.691元":
    closed at the day's low, not at least). A bound word that is also an adjective
    (``adjectives``) is one after a determiner (``determiners``) or at the start of a sentence.

    Example:
        "handed over 200 yuan" is exactly 200 yuan; "the top $5 prize" is $5.

    """
    if word in data["adjectives"]:
        before = prev_words(text, start, 1)
        lead = text[max(0, start - 40) : start].rstrip()
        opening = not lead or lead[-1] in ".!?\n"
        owner = lead.endswith(("'s", "’s"))  # "Apple's top $1,099 iPhone"
        return opening or owner or bool(before and before[0] in data["determiners"])
    if word not in data["bound"]:
        return False
    before = prev_words(text, start, 1)
    if before and before[0] in data["verbs"]:
        return True
    return any(text.endswith(v, 0, start) for v in data["verbs"] if not v.isascii())


@COMPOSE.rule("hedge-after")
def hedge_after(d: Draft, h: str) -> dict[str, object]:
    """Hedge the amount by the words after it: "300 yuan or so", "or thereabouts".

    Example:
        "300 yuan or so" -> approx.

    """
    return {"approx": True, "hedge": d.hedge or h}


@COMPOSE.rule("level-bound", switch="levels", levels="words", crossings="words")
def level_bound(
    text: str, g: Grammar, a: regex.Match[str], data: RuleData
) -> regex.Match[str] | None:
    """Bound the amount by a verb past the level its hedge names: "1480원대를 넘어서며" (gt).

    A word of ``levels`` after the amount ("대", "선": the level of) followed by a bound after
    it ("를 넘어섰다": topped) makes the figure the threshold crossed, as "surpassing the 1,340
    won mark" is in English (``compose.level-phrase``): bound, not approximate. Only a bound of
    ``crossings`` crosses a level ("1,440원 선까지 밀렸다" went down to it: approximate).

    Example:
        "12만원선을 넘어섰다" -> bound gt.

    """
    if a.group("h").lower() not in data["levels"]:
        return None
    b = g.after_hedge.match(text, a.end())
    if b is None or not b.group("b"):
        return None
    kind = g.lex.bounds_after[" ".join(b.group("b").lower().split())]
    return b if kind in data["crossings"] else None  # "선까지 밀렸다": down to the level, no bound


@COMPOSE.rule("bound-after", not_before="words")
def bound_after(b: str, g: Grammar) -> dict[str, object]:
    """Bound the amount by the words after it: "10,000 yuan or more" (ge), "or less" (le).

    Example:
        "10,000 yuan or more" -> bound ge.

    """
    return {"bound": g.lex.bounds_after[" ".join(b.lower().split())]}


@COMPOSE.rule("fused")
def fused_modifier(d: Draft, g: Grammar) -> dict[str, object] | None:
    """Hedge or bound the amount by a word fused to it: "300-odd yuan", "300-plus yuan".

    Example:
        "300-odd yuan" -> approx; "300-plus yuan" -> bound ge.

    """
    if d.fused is None:
        return None
    if d.fused in g.lex.bounds_fused:
        return {"bound": g.lex.bounds_fused[d.fused]}
    return {"approx": True, "hedge": d.hedge or d.fused}


@COMPOSE.rule("currency-phrase")
def currency_phrase(text: str, g: Grammar, d: Draft, lead: int = -1) -> dict[str, object] | None:
    """Note the currency a phrase after the amount states: "in North Korean currency".

    Wire style's postposed qualifier counts only with no comma before it ("2.5 billion dlrs
    Canadian"; not "1.2 billion dlrs, Canadian officials said"). Korean writes the phrase before
    the amount, past any hedge or bound (``[conversions] before``: "북한 돈 6000원", "우리 돈으로
    최대 23만 원"); "우리 돈" ("our money", ``speaker``) is the paper's own currency in its own
    words and the speaker's inside a quotation, where the context decides.

    Example:
        "five million won in North Korean currency" -> phrase code KPW.

    """
    if g.lex.currency_phrases_before:
        end = lead if lead >= 0 else d.start
        mb = g.currency_phrase_before.search(text, max(0, end - 24), end)
        if mb is not None:
            phrase = " ".join(mb.group("phrase").lower().split())
            code = g.lex.currency_phrases_before.get(phrase) or None
            if phrase in g.lex.speaker_phrases and inside_quote(text, mb.start()):
                code = None  # "우리 돈" in a North Korean source's words is not the paper's won
            return {"phrase": mb.group("phrase"), "phrase_code": code}
    m = g.currency_phrase_after.match(text, d.end)
    if (
        m is not None
        and m.group("phrase").lower() in g.lex.postposed_phrases
        and "," in text[d.end : m.start("phrase")]
    ):
        m = None
    if m is None:
        return None
    phrase = m.group("phrase")
    code = g.lex.currency_phrases.get(" ".join(phrase.lower().split())) or None
    return {"phrase": phrase, "phrase_code": code, "tail": m.end()}


_OPENING_QUOTES = "“‘「『«"
_CLOSING_QUOTES = "”’」』»"
_STRAIGHT_QUOTE = '"'
_QUOTE_REACH = 400


def inside_quote(text: str, pos: int) -> bool:
    """Tell whether ``pos`` sits inside a quotation that opens in its paragraph.

    Curly quotes say which way they open; straight ones alternate from the paragraph's start.

    Example:
        >>> inside_quote('He said "it costs 5 won" today', 12), inside_quote("it costs 5 won", 5)
        (True, False)

    """
    lo = max(0, pos - _QUOTE_REACH)
    par = text.rfind("\n", lo, pos)
    lo = par + 1 if par >= 0 else lo
    inside = False
    for ch in text[lo:pos]:
        if ch in _OPENING_QUOTES:
            inside = True
        elif ch in _CLOSING_QUOTES:
            inside = False
        elif ch == _STRAIGHT_QUOTE:
            inside = not inside
    return inside


@COMPOSE.rule("movement-up-to", switch="verbs", bound="phrases", verbs="words", objects="words")
def movement_up_to(text: str, start: int, word: str, data: RuleData) -> bool:
    """Keep "up to" after a verb of movement as its direction, not a bound.

    An object of ``objects`` may stand between the verb and its particle ("pulled it up to Tk
    106.15").

    Example:
        "the price went up to 4,000 won" is exactly 4,000 won; "up to 4,000 won" is le.

    """
    if word not in data["bound"]:
        return False
    before = prev_words(text, start, 2)
    if before and before[-1] in data["objects"]:
        before = before[:-1]
    return bool(before) and before[-1] in data["verbs"]


@COMPOSE.rule(
    "level-phrase",
    switch="nouns",
    determiners="phrases",
    positions="phrases",
    nouns="words",
    marks="words",
    of="phrases",
    hedged_of="words",
)
def level_phrase(text: str, g: Grammar, d: Draft) -> dict[str, object] | None:
    """Read "the X level/range" as approximate, and a bound before "the X mark/level".

    "the 120 yen range", "the lower 149 yen level" are approximate; "surpassing the 1,340 won
    mark" (or "surpassing the mark of 1310") is bound gt and "below the KPW 4,000 range" lt, not
    approximate. A range is no approximation ("the ¥107-109 range") unless a hedge stands before
    the phrase ("bouncing around the KPW 8,200-8,400 range"); a mark is exact, but a hedge before
    its phrase makes it approximate ("inching toward the 1,480 won threshold").

    Example:
        "climbed into the 120 yen range" -> approx; "surpassing the 1,340 won mark" -> gt.

    """
    pt = _patterns(g.lang)
    end = max(d.end, d.tail)
    after = pt.level_after.match(text, end)
    if after is None and (per := g.per_after.match(text, end)) is not None:
        after = pt.level_after.match(text, per.end())  # "the 3,400 won per dollar mark"
    if after is None:
        # "surpassing the mark of 1310": the level named before the figure
        of = pt.level_of_before.search(text, max(0, d.start - 64), d.start)
        if of is None:
            return None
        if of.group("bound"):
            return {"bound": g.lex.bounds[" ".join(of.group("bound").lower().split())]}
        noun = (of.group("noun") or "").lower()
        hedged = rule_data(g.lang)["compose.level-phrase"]["hedged_of"]
        if noun in _lowered(hedged) and not d.approx and d.high is None:
            return {"approx": True, "hedge": d.hedge or of.group("noun")}  # "the range of 5,000"
        return None
    before = pt.level_before.search(text, max(0, d.start - 64), d.start)
    if before is None:
        return None
    if before.group("bound"):
        return {"bound": g.lex.bounds[" ".join(before.group("bound").lower().split())]}
    if after.group("noun") and not d.approx and (d.high is None or before.group("hedge")):
        return {"approx": True, "hedge": d.hedge or before.group("hedge") or after.group("noun")}
    if before.group("hedge") and not d.approx:
        return {"approx": True, "hedge": before.group("hedge")}  # "toward the 1,480 won threshold"
    return None


@functools.cache
def _lowered(words: tuple[str, ...] | frozenset[str]) -> tuple[str, ...]:
    """Return ``words`` in lower case, as a tuple ``str.endswith`` takes."""
    return tuple(w.lower() for w in words)


@COMPOSE.rule("mid-figure", switch="words", words="phrases")
def mid_figure(text: str, d: Draft, data: RuleData) -> dict[str, object] | None:
    """Hedge "mid-7,000 won": somewhere in the middle of the span its figure opens.

    The value stays the figure written (the annotation policy reports the stated base, as
    "the X range" keeps X); the amount is approximate, its hedge the word before it.

    Example:
        "mid-7,000 won" -> 7,000, approximate; "the mid-1,400 won level" -> 1,400, approximate.

    """
    lead = text[max(0, d.start - 8) : d.start].lower()
    ends = _lowered(data["words"])
    if not lead.endswith(ends):
        return None  # (most amounts: one test for all the words)
    word = next((w for w in data["words"] if lead.endswith(w.lower())), None)
    if word is None or d.high is not None or d.form == "elliptical":
        return None
    at = d.start - len(word)
    if at > 0 and text[at - 1].isalnum():
        return None
    return dict(approx=True, hedge=text[at : d.start])


@COMPOSE.rule("hedge-estimated", switch="adjectives", adjectives="words", of="words")
def hedge_estimated(text: str, g: Grammar, d: Draft) -> dict[str, object] | None:
    """Hedge an amount that an estimated noun phrase introduces: "an estimated total of $5m".

    Example:
        "the estimated balance of $380 million" -> approx, hedge "estimated".

    """
    m = _patterns(g.lang).estimated_before.search(text, max(0, d.start - 48), d.start)
    if m is None:
        return None
    return {"approx": True, "hedge": m.group("adj")}


def _compound_modifier(text: str, d: Draft, m: regex.Match[str], data: RuleData) -> bool:
    """Tell whether the word before the amount is no modifier of it.

    A word hyphened to the one before it is part of an adjective ("a record-breaking HK$460
    million"); a comparison of ``comparisons`` before a bare figure names where a level was, not
    a bound ("stood at 113.86 yen, sharply higher than 103.12 seen a year ago").
    """
    at = m.start("mod")
    if text[at - 1 : at] == "-" and text[at - 2 : at - 1].isalpha() and text[at : at + 1].isalpha():
        return True  # (not a dash written "--": "fines--up to $10,000--")
    word = " ".join(m.group("mod").lower().split())
    return d.form == "elliptical" and word in data["comparisons"]


def _before_words(
    text: str,
    g: Grammar,
    d: Draft,
    data: Mapping[str, RuleData],
    off: frozenset[str],
    changes: dict[str, object],
    fired: list[str],
) -> int:
    """Apply the rules that read the words before the amount (hedges, bounds, particles).

    Returns where the word before the amount starts (-1 without one): a currency phrase written
    before the amount stands before it ("북한 돈 최대 6000원").
    """
    m = g.before_modifier.search(text, max(0, d.start - 48), d.start)
    if m is not None and _compound_modifier(text, d, m, data["compose.bound-before"]):
        return m.start()  # "a record-breaking HK$460 million": an adjective, no bound
    if m is not None:
        written = m.group("mod")
        word = " ".join(written.lower().split())
        if "compose.over-particle" not in off and over_particle(
            text, m.start(), word, data["compose.over-particle"]
        ):
            fired.append("compose.over-particle")
        elif "compose.movement-up-to" not in off and movement_up_to(
            text, m.start(), word, data["compose.movement-up-to"]
        ):
            fired.append("compose.movement-up-to")
        elif word:
            rule_id = "compose.bound-before"
            got = None if rule_id in off else bound_before(word, written, g)
            if got is None and word not in g.lex.bounds and "compose.hedge-before" not in off:
                got, rule_id = hedge_before(word, written, g), "compose.hedge-before"
            if got is not None:
                changes.update(got)
                fired.append(rule_id)
            if rule_id == "compose.bound-before" and got is not None:
                _hedge_before_bound(text, g, m.start(), off, changes, fired)
        return m.start()
    got = None
    if "compose.mid-figure" not in off and data["compose.mid-figure"]["words"]:
        got = mid_figure(text, d, data["compose.mid-figure"])
        rule_id = "compose.mid-figure"
    if got is None and "compose.hedge-estimated" not in off:
        got = hedge_estimated(text, g, d)
        rule_id = "compose.hedge-estimated"
    if got is not None:
        changes.update(got)
        fired.append(rule_id)
    return -1


def _hedge_before_bound(
    text: str,
    g: Grammar,
    at: int,
    off: frozenset[str],
    changes: dict[str, object],
    fired: list[str],
) -> None:
    """Read a hedge before the bound read before an amount: "roughly more than $4 million"."""
    h = g.before_modifier.search(text, max(0, at - 48), at)
    if h is None or "compose.hedge-before" in off:
        return
    word = " ".join(h.group("mod").lower().split())
    got = hedge_before(word, h.group("mod"), g) if word not in g.lex.bounds else None
    if got is not None:
        changes.update({**got, "bound": changes.get("bound")})
        fired.append("compose.hedge-before")


# a bracketed figure right after the amount: its conversion ("(0.2달러)", " ($70)")
_GLOSS_AFTER = regex.compile(r"[ \u00a0]?[(（][^()（）\n]{0,30}?\d[^()（）\n]{0,30}?[)）]")


def _after_words(
    text: str,
    g: Grammar,
    d: Draft,
    data: Mapping[str, RuleData],
    off: frozenset[str],
    changes: dict[str, object],
    fired: list[str],
) -> None:
    """Apply the rules that read the words after the amount (hedges and bounds after it).

    They read past the amount's conversion in brackets: "5천원(0.2달러) 안팎", "500 yuan ($70)
    or more" hedge and bound the amount the conversion follows.
    """
    a = g.after_hedge.match(text, d.end)
    if a is None and (gl := _GLOSS_AFTER.match(text, d.end)) is not None:
        a = g.after_hedge.match(text, gl.end())
    if a is not None and a.group("h") and "compose.hedge-after" in off:
        a = None
    if (
        a is not None
        and not a.group("h")
        and (
            "compose.bound-after" in off
            or next_word(text, g, a.end()) in data["compose.bound-after"]["not_before"]
        )
    ):
        a = None  # "$1.2 trillion, or more than ¥175 trillion": a comparison, no bound
    if (
        a is not None
        and a.group("h")
        and "compose.level-bound" not in off
        and (lb := level_bound(text, g, a, data["compose.level-bound"])) is not None
    ):
        changes["after_mod"] = lb.end()
        changes.update(bound_after(lb.group("b"), g))
        fired.append("compose.level-bound")
        return
    if a is not None:
        changes["after_mod"] = a.end()
        if a.group("h"):
            cur = d._replace(**changes) if changes else d  # type: ignore[arg-type]
            changes.update(hedge_after(cur, a.group("h")))
            fired.append("compose.hedge-after")
        else:
            changes.update(bound_after(a.group("b"), g))
            fired.append("compose.bound-after")
    if "bound" not in changes and "compose.level-phrase" not in off:
        cur = d._replace(**changes) if changes else d  # type: ignore[arg-type]
        got = level_phrase(text, g, cur)
        if got is not None:
            changes.update(got)
            fired.append("compose.level-phrase")


def modify(
    text: str,
    g: Grammar,
    d: Draft,
    data: Mapping[str, RuleData],
    off: frozenset[str] = frozenset(),
) -> Draft:
    """Apply the hedge, bound and qualifier rules to one draft."""
    changes: dict[str, object] = {}
    fired: list[str] = []
    lead = _before_words(text, g, d, data, off, changes, fired)
    _after_words(text, g, d, data, off, changes, fired)
    if d.fused is not None and "compose.fused" not in off:
        cur = d._replace(**changes) if changes else d  # type: ignore[arg-type]
        got = fused_modifier(cur, g)
        if got is not None:
            changes.update(got)
            fired.append("compose.fused")
    ph = None if "compose.currency-phrase" in off else currency_phrase(text, g, d, lead)
    if ph is not None:
        changes.update(ph)
        fired.append("compose.currency-phrase")
    if not changes and not fired:
        return d
    return d._replace(trace=(*d.trace, *fired), **changes)  # type: ignore[arg-type]
