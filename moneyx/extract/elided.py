"""Elided currency: bare figures that a passage makes money (issue 14, class 5).

News leaves the currency out where the passage already says it: an exchange-rate story quotes
"the won" once and then its levels bare ("closed at 1,316.4", "3,500 to the U.S. dollar"); a price
series names its currency once ("rose from 3 million won to 5 million"); a budget story writes
"the total reaches 62 trillion" after "23 trillion won". The rules here read such a bare figure as
an amount in the currency the passage gives it. The drafts they make have the form "elliptical"
(``Mention.elided``), like the comparison figures of ``compose.elliptical``.

A bare figure is money only when the passage makes that clear, so each rule asks for a frame
(the currency named as a noun, a rate base after the figure, an amount of the series before it)
and keeps out what reads as something else: years and dates, percentages, figures before a noun
of another quantity, and, for rates, figures outside the currency's historical band.
"""

from __future__ import annotations

import bisect
import csv
import dataclasses
import functools
import io
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources

import regex

from moneyx import _core
from moneyx.errors import NumberParseError
from moneyx.extract.compose import bid_ask, place_list
from moneyx.extract.draft import Draft, add_trace, next_word, prev_words
from moneyx.lexicon import Surface
from moneyx.matcher import Grammar, alternation, grammar
from moneyx.numbers import cjk_numerals, parse_number
from moneyx.patcache import cached_compile
from moneyx.rules import RuleData, registry, rule_data

__all__ = ["Marker", "figures"]

COMPOSE = registry("compose")

Marker = tuple[int, int, Surface]
"""A currency marker that read no amount ("the won", "won-dollar"): start, end, surface."""

_YEAR = cached_compile(r"(?:19|20)\d\d")
_PLAIN = cached_compile(r"[\d,.]+")
_WORDS = cached_compile(r"[\w'’]+")
_LAST_WORD = cached_compile(r"(?r)[^\W\d_][\w'’-]*[ \t\u00a0]+\Z")  # the word before another
_OPEN = cached_compile(r"(?r)[(\[][ \u00a0]*\Z")  # a conversion in parentheses opens here
_DIGIT = cached_compile(r"\d")
_REACH = 600  # how far from a frame a bare figure may sit (characters)
_CHANGE_REACH = 48  # how far after its level a bare change may start (characters)
# a rate envelope is widened by this factor both ways (rounded, hedged and extreme quotes)
_BAND_MARGIN = Decimal("1.5")
_MANY_PER_DOLLAR = 1  # a currency always above this many units per USD is quoted per dollar


@dataclass(frozen=True, slots=True)
class _Patterns:
    """The elided-figure rules' own patterns in one language, built from their data."""

    figure: regex.Pattern[str]
    level_high: regex.Pattern[str]
    base_after: regex.Pattern[str]
    sentence_end: regex.Pattern[str]
    subject: regex.Pattern[str]
    attribution: regex.Pattern[str]
    movement_to: regex.Pattern[str]
    from_to: regex.Pattern[str]
    from_before: regex.Pattern[str]
    per_after: regex.Pattern[str]
    unit_after: regex.Pattern[str]
    unit_any: regex.Pattern[str] | None
    range_opener: regex.Pattern[str]
    scale_word: regex.Pattern[str]
    scale_lead: regex.Pattern[str]
    respectively: regex.Pattern[str]
    series_before: regex.Pattern[str]
    list_before: regex.Pattern[str] | None
    measure_price: regex.Pattern[str] | None
    pronoun_price: regex.Pattern[str] | None
    item_lead: regex.Pattern[str] | None
    item_place: regex.Pattern[str]
    price_frame: regex.Pattern[str] | None
    change_figure: regex.Pattern[str] | None
    base_level: regex.Pattern[str] | None
    base_figure: regex.Pattern[str] | None
    joined_after: regex.Pattern[str]


def _figure_source(p: Mapping[str, str]) -> str:
    """Return the pattern of a bare figure, from the grammar's parts ``p``."""
    S1 = p["S1"]
    return (
        rf"(?<![\w.,$€£¥₩\-/:])(?P<num>{p['mixed']}|\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?"
        rf"|(?:{p['spoken']}|{p['small']})(?={S1}{p['scale']}))"
        # (a dealer's quote writes the offer's last digits after a slash: "68.07/08", or after
        # a hyphen, two for two decimals: "closed at 36.58-60")
        r"(?:(?<=\.\d+)/(?P<ask>\d{1,4}(?:\.\d{1,4})?)(?![\d/])"
        r"|(?<=\.\d\d)-(?P<hask>\d\d)(?![\d,/-]|\.\d))?"
        # (a slash only before a unit's letters: "800/kg", not "1/2" or "24/7")
        rf"(?![\w%:'’]|/(?![^\W\d_])|[.,]\d|-\w)(?<!\[\d*)(?:{S1}(?P<scale>{p['scale']}))?"
    )


def _attribution(g: Grammar, rd: RuleData) -> regex.Pattern[str]:
    """Compile "Dealers said ", "Traders in Seoul said ": a few words and a verb of saying."""
    S1 = g.parts["S1"]
    return g.anchored(
        rf"(?i:(?<![\w.'’-])[\w.'’-]{{1,24}}(?:{S1}[\w.'’-]{{1,24}}){{0,3}}?{S1}"
        rf"(?:{alternation(rd['attributions'], S1)})(?!\w){S1})"
    )


@functools.cache
def _patterns(lang: str) -> _Patterns:
    from moneyx.resolve.context import sentence_end  # noqa: PLC0415 - one sentence rule

    g, data = grammar(lang), rule_data(lang)
    rd, p = data["compose.rate-level"], g.parts
    S0, S1 = p["S0"], p["S1"]
    figure = _figure_source(p)
    mv = data["compose.movement-to"]
    return _Patterns(
        figure=g.compile(figure),
        level_high=_level_high(g, rd, figure),
        base_after=_base_after(g, rd),
        sentence_end=sentence_end(lang),
        subject=g.compile(rf"(?i:(?<!\w)(?:{alternation(rd['subjects'], S1)})(?!\w))"),
        attribution=_attribution(g, rd),
        movement_to=g.anchored(
            rf"(?i:[^.;!?\n]{{0,40}}?(?<!\w)(?:\L<mvto>)(?:{S1}(?:\L<mvdir>))?{S1}"
            rf"{alternation(mv['to'], S1)}{S1}(?:(?:\L<mvhedge>){S1})?){figure}",
            mvto=sorted(g.lex.movement),
            mvdir=sorted(mv["directions"]),
            mvhedge=sorted(g.lex.hedges),
        ),
        # "from 200 won ($0.02) to 350": the end of a change the amount opens (a gloss between)
        from_to=_from_to(g, mv, figure),
        from_before=g.compile(
            rf"(?r)(?i:(?<!\w){alternation(mv['from_words'], S1)}{S1}\Z)",
        ),
        range_opener=g.compile(
            rf"(?r)(?i:(?<!\w){alternation(data['compose.elided-range']['openers'], S1)}{S1})\Z"
        ),
        per_after=g.anchored(
            rf"(?i:{S0}(?P<per>(?:{alternation(data['compose.per-series']['markers'], S1)}){S1}"
            rf"[^\W\d_]+|/{S0}[^\W\d_]+))(?!\w)"
        ),
        unit_after=_unit_after(g, data["compose.unit-price"]),
        unit_any=_unit_any(g, data["compose.unit-price"]),
        respectively=g.anchored(
            rf"(?i:{S0},?{S0}{alternation(data['compose.respectively']['words'], S1)})(?!\w)"
        ),
        # "958.34 billion": the word is found first, what stands before it checked after (faster)
        scale_word=g.compile(p["scale"]),
        scale_lead=g.compile(rf"(?<=[\w.,]{S1})"),
        series_before=g.compile(
            rf"(?r)(?i:(?<!\w)(?:\L<snouns>)(?:{S1}[\w'’-]+){{0,5}}{S1}\Z)",
            snouns=sorted(data["compose.scaled-series"]["nouns"]),
        ),
        list_before=_list_before(g, data["compose.price-list"]),
        measure_price=_measure_price(g, data["compose.measure-price"], figure),
        pronoun_price=_pronoun_price(g, data["compose.pronoun-price"], figure),
        item_lead=_item_lead(g, data["compose.item-lead"], figure),
        item_place=_item_place(g),
        price_frame=_price_frame(g, data["compose.price-frame"], figure),
        change_figure=_price_frame(g, {"frames": data["compose.change-figure"]["changes"]}, figure),
        base_level=_base_level(g, data["compose.base-level"], figure),
        base_figure=_base_figure(g, data["compose.base-figure"], figure),
        joined_after=_joined_after(g, data["compose.respectively"], figure),
    )


def _level_high(g: Grammar, rd: RuleData, figure: str) -> regex.Pattern[str]:
    """Compile the high end of a range of levels: " and 46.76" ("between 46.64 and 46.76")."""
    if not rd["ranges"]:
        return g.anchored(r"(?!)")
    joins = alternation(sorted(set(rd["ranges"].values())), g.parts["S1"])
    return g.anchored(rf"(?i:{g.parts['S1']}(?P<join>{joins}){g.parts['S1']})" + figure)


def _measure_price(g: Grammar, data: RuleData, figure: str) -> regex.Pattern[str] | None:
    """Compile "a kilo of pork was 14,000": one unit of measure, its goods, a link, a figure."""
    if not data["links"] or not g.lex.measures:
        return None
    S1 = g.parts["S1"]
    dets, of = alternation(data["determiners"], S1), alternation(data["of"], S1)
    return g.compile(
        rf"(?i:(?<![\w.,])(?:{dets}){S1}(?:\L<mpmeas>)(?![\w]){S1}(?:{of}){S1}"
        rf"(?:[^\W\d_][\w'’-]*{S1}){{1,4}}?(?:{alternation(data['links'], S1)}){S1}"
        rf"(?:(?:\L<mphedge>){S1})?){figure}",
        mpmeas=sorted(g.lex.measures, key=len, reverse=True),
        mphedge=sorted(g.lex.hedges),
    )


def _unit_after(g: Grammar, data: RuleData) -> regex.Pattern[str]:
    """Compile " a kilo" / "/kg" after a figure: a unit marker and the unit's word."""
    S0, S1 = g.parts["S0"], g.parts["S1"]
    return g.anchored(
        rf"(?i:{S0}(?:(?:{alternation(data['markers'], S1)}){S1}|/{S0})(?P<per>[^\W\d_]+))(?!\w)"
    )


def _unit_any(g: Grammar, data: RuleData) -> regex.Pattern[str] | None:
    """Compile a unit marker and a unit of measure anywhere ("a kilo", "/kg"): the cheap gate."""
    units = [w for w, label in g.lex.per_nouns.items() if label in g.lex.carry_units]
    if not units or not data["markers"]:
        return None
    S0, S1 = g.parts["S0"], g.parts["S1"]
    return g.compile(
        rf"(?i:(?:(?<!\w)(?:{alternation(data['markers'], S1)}){S1}|/{S0})(?:\L<uaunits>))(?!\w)",
        uaunits=sorted(units, key=len, reverse=True),
    )


def _from_to(g: Grammar, mv: RuleData, figure: str) -> regex.Pattern[str]:
    """Compile " to 350" after an amount, or " at 7,450" / " higher at 1.85" after a change.

    The span of a change may stand before its level ("rose 110 won in a week to 2,350").
    """
    S0, S1 = g.parts["S0"], g.parts["S1"]
    dirs, at = alternation(mv["change_directions"], S1), alternation(mv["change_at"], S1)
    # "rose 110 won in a week to 2,350": the span of the change before its level
    periods = rf"(?:{S1}(?:{alternation(mv['periods'], S1)}))?" if mv["periods"] else ""
    return g.anchored(
        # "from 200 won ($0.02) to 350": a gloss may stand between
        # ("fell 2.54%, or 0.75 baht, to 28.75": the change restated as an aside)
        rf"(?i:(?:{S0}\([^()\n]{{1,30}}\))?{periods},?{S1}(?:(?P<dir>{dirs}){S1})?"
        rf"(?:(?P<to>{alternation(mv['to'], S1)})|(?P<at>{at})){S1}"
        rf"(?:(?:\L<fthedge>){S1})?){figure}",
        fthedge=sorted(g.lex.hedges),
    )


def _base_after(g: Grammar, rd: RuleData) -> regex.Pattern[str]:
    """Compile " to the dollar" / " per one" after a rate level: its connector and base."""
    S0, S1 = g.parts["S0"], g.parts["S1"]
    base = alternation(rd["bases"], S1)
    quals = alternation(rd["qualifiers"], S1)
    dets = alternation(rd["determiners"], S1)
    conn = alternation(rd["connectors"], S1)
    return g.anchored(
        rf"(?i:{S0}(?P<conn>{conn}){S1}"
        rf"(?:(?:{dets}){S1})?(?:(?:{quals}){S1})?(?P<base>{base})(?!\w)"
        rf"|{S1}(?P<conn>{conn}){S1}(?P<one>{dets})(?![\w.,]))"
    )


def _joined_after(g: Grammar, data: RuleData, figure: str) -> regex.Pattern[str]:
    """Compile "and 14,000" after "it was 18,000": a figure joined after the one before."""
    S0, S1 = g.parts["S0"], g.parts["S1"]
    return g.anchored(rf"(?i:{S0}(?:,{S0})?(?:{alternation(data['joiners'], S1)}){S1}){figure}")


def _item_lead(g: Grammar, data: RuleData, figure: str) -> regex.Pattern[str] | None:
    """Compile "Rice is 6,200" at a sentence's start: an item, a link, a figure."""
    if not data["links"]:
        return None
    S1 = g.parts["S1"]
    # "In Sinuiju rice was 2,200": a place may open the sentence before the item
    place = _place_opening(g)
    return g.compile(
        rf"(?<=(?:^|[.!?]['’\"”)]?{S1}|\n)['‘\"“]?{'' if place is None else f'(?:{place})?'})"
        rf"(?P<item>[^\W\d_][\w'’-]*(?:{S1}[^\W\d_][\w'’-]*)?)"
        rf"{S1}(?i:(?:{alternation(data['links'], S1)}){S1}(?:(?:\L<ilhedge>){S1})?){figure}",
        ilhedge=sorted(g.lex.hedges),
    )


def _place_opening(g: Grammar) -> str | None:
    """Return the source of "In Sinuiju, " opening a sentence (None: never in CJK text)."""
    if not (g.lex.word_boundaries and g.lex.place_prepositions):
        return None
    S1 = g.parts["S1"]
    return (
        rf"(?i:{alternation(g.lex.place_prepositions)}){S1}[A-Z][\w'’-]{{0,20}}"
        rf"(?:{S1}[A-Z][\w'’-]{{0,20}})?,?{S1}"
    )


def _item_place(g: Grammar) -> regex.Pattern[str]:
    """Compile the place before an item that opens its sentence, from the sentence's start."""
    place = _place_opening(g)
    return g.compile("(?!)" if place is None else rf"{g.parts['S0']}['‘\"“]?{place}")


def _pronoun_price(g: Grammar, data: RuleData, figure: str) -> regex.Pattern[str] | None:
    """Compile "in March it was 5,500": a word standing for the price, a link, a figure."""
    if not data["subjects"]:
        return None
    S1 = g.parts["S1"]
    return g.compile(
        rf"(?i:(?<![\w.,])(?:{alternation(data['subjects'], S1)}){S1}"
        rf"(?:{alternation(data['links'], S1)}){S1}(?:(?:\L<pphedge>){S1})?){figure}",
        pphedge=sorted({*g.lex.hedges, *g.lex.bounds}),  # "it was over 1,000"
    )


def _price_frame(g: Grammar, data: RuleData, figure: str) -> regex.Pattern[str] | None:
    """Compile "pay another 300,000": a word that prices what follows, a modifier, a figure."""
    if not data["frames"]:
        return None
    S1 = g.parts["S1"]
    return g.compile(
        rf"(?i:(?<![\w.,])(?:{alternation(data['frames'], S1)}){S1}"
        rf"(?:(?:\L<pfmod>){S1}){{0,2}}){figure}",
        pfmod=sorted({*g.lex.hedges, *g.lex.bounds}),
    )


def _base_level(g: Grammar, data: RuleData, figure: str) -> regex.Pattern[str] | None:
    """Compile "the yuan was at 1,190": a base currency, a link, a modifier, a figure."""
    if not data["bases"]:
        return None
    S1 = g.parts["S1"]
    return g.compile(
        rf"(?i:(?<![\w.,])(?:{alternation(data['determiners'], S1)}){S1}"
        rf"(?P<base>{alternation(data['bases'], S1)}){S1}(?:{alternation(data['links'], S1)}){S1}"
        rf"(?:(?:\L<blmod>){S1}){{0,2}}){figure}",
        blmod=sorted({*g.lex.hedges, *g.lex.bounds}),
    )


def _base_figure(g: Grammar, data: RuleData, figure: str) -> regex.Pattern[str] | None:
    """Compile " 1,720" or " = 1,720" right after a base written as its own amount."""
    if not data["links"]:
        return None
    S0, S1 = g.parts["S0"], g.parts["S1"]
    return g.anchored(
        rf"(?i:(?:{S0}(?:{alternation(data['links'], S1)}){S0}|{S1})"
        rf"(?:(?:\L<bfmod>){S1})?){figure}",
        bfmod=sorted(g.lex.hedges),
    )


def _list_before(g: Grammar, data: RuleData) -> regex.Pattern[str] | None:
    """Compile "..., corn fetched " / " and diesel " before a bare figure (reverse search)."""
    if not data["separators"]:
        return None
    S0, S1 = g.parts["S0"], g.parts["S1"]
    seps = alternation(data["separators"], S1)
    return g.compile(
        rf"(?r)(?i:(?:{seps}){S1}(?P<item>[^\W\d_][\w'’-]*(?:{S1}[^\W\d_][\w'’-]*){{0,3}})"
        rf"{S0}\Z)"
    )


@functools.cache
def envelopes() -> Mapping[str, tuple[Decimal, Decimal]]:
    """Map each code to the lowest and highest units per USD it has had (all years, all kinds).

    From ``data/gloss_rates.csv`` (built from ``rates/`` by ``scripts/build_gloss_rates.py``).
    """
    text = resources.files("moneyx").joinpath("data/gloss_rates.csv").read_text("utf-8")
    out: dict[str, tuple[Decimal, Decimal]] = {"USD": (Decimal(1), Decimal(1))}
    for r in csv.DictReader(io.StringIO(text)):
        lo, hi = Decimal(r["low"]), Decimal(r["high"])
        old = out.get(r["currency"])
        out[r["currency"]] = (lo, hi) if old is None else (min(old[0], lo), max(old[1], hi))
    return out


def _many_per_dollar(s: Surface) -> bool:
    """Tell whether ``s`` names one currency always worth under a US dollar.

    Such a currency is quoted in its units per dollar even when its name is one of the
    ``inverse`` words ("the New Taiwan dollar closed at 30.12 against the US dollar", "the
    Singapore dollar was little changed at 1.3452"): its band of units per dollar lies above
    1, so no figure of it also reads as dollars per unit.
    """
    band = envelopes().get(s.candidates[0]) if len(s.candidates) == 1 else None
    return band is not None and band[0] > _MANY_PER_DOLLAR


def _no_band(codes: tuple[str, ...], base_code: str) -> bool:
    """Tell whether the rate tables know no rate of any of ``codes`` (nor of the base)."""
    env = envelopes()
    return "USD" not in codes and (
        env.get(base_code) is None or all(env.get(c) is None for c in codes)
    )


def level_fits(value: Decimal, codes: tuple[str, ...], base_code: str) -> bool:
    """Tell whether ``value`` can be a rate of ``codes`` per the base: in band, or unknown."""
    return in_band(value, codes, base_code) or _no_band(codes, base_code)


def in_band(value: Decimal, codes: tuple[str, ...], base_code: str) -> bool:
    """Tell whether ``value`` units of a quoted currency per base fits one of ``codes``' history."""
    env = envelopes()
    base = env.get(base_code)
    if base is None or "USD" in codes:
        return False
    for code in codes:
        band = env.get(code)
        if band is None:
            continue
        lo = band[0] / base[1] / _BAND_MARGIN
        hi = band[1] / base[0] * _BAND_MARGIN
        if lo <= value <= hi:
            return True
    return False


def _sentence_start(text: str, pt: _Patterns | _ListPatterns, pos: int) -> int:
    """Return where the sentence holding ``pos`` starts."""
    lo = max(0, pos - _REACH)
    last = lo
    for m in pt.sentence_end.finditer(text, lo, pos):
        last = m.end()
    return last


def _sentence_stop(text: str, pt: _Patterns, pos: int, limit: int = -1) -> int:
    """Return where the sentence holding ``pos`` ends (looked for up to ``limit`` if given)."""
    end = min(len(text), pos + _REACH) if limit < 0 else min(len(text), pos + _REACH, limit)
    m = pt.sentence_end.search(text, pos, end)
    return m.end() if m is not None else end


def _paragraph_stop(text: str, pos: int) -> int:
    cut = text.find("\n\n", pos, pos + _REACH)
    return cut if cut >= 0 else min(len(text), pos + _REACH)


def _opening(text: str, stop: int) -> int:
    """Return where the paragraph after a paragraph break at ``stop`` opens."""
    at = stop
    while at < len(text) and text[at].isspace():
        at += 1
    return at


_OPENING_WORDS = 24  # characters of a paragraph's opening where its subject may stand


def _next_paragraph_stop(text: str, pt: _Patterns, stop: int) -> int:
    """Return the end of the paragraph after ``stop`` when it opens with a rate's subject.

    Else ``stop`` itself (a paragraph break ends the story).
    """
    if stop >= len(text) or not text.startswith("\n\n", stop):
        return stop
    at = _opening(text, stop)
    # (its first words: "The domestic currency closed", "The Indian unit opened"; past an
    # attribution that opens it: "Dealers said the currency fell")
    said = pt.attribution.match(text, at)
    at = said.end() if said is not None else at
    m = pt.subject.search(text, at, min(len(text), at + _OPENING_WORDS))
    return _paragraph_stop(text, at) if m is not None else stop


class _Figures:
    """The bare figures of a text that no draft covers, read on first use."""

    def __init__(self, text: str, g: Grammar, drafts: list[Draft]) -> None:
        self.text, self.g = text, g
        self.spans = sorted((d.start, d.end) for d in drafts)
        self.starts = [s for s, _ in self.spans]
        self.taken: list[tuple[int, int]] = []
        self.drafts = sorted(drafts, key=lambda d: d.start)

    def other(self, start: int, end: int, surface: Surface) -> bool:
        """Tell whether an amount in another currency lies between start and end."""
        for i in range(bisect.bisect_left(self.starts, start), len(self.drafts)):
            d = self.drafts[i]
            if d.start >= end:
                return False
            if d.value != 1 and not set(d.surface.candidates) & set(surface.candidates):
                return True  # (one unit of another currency is a rate's base: "635 to 1 RMB")
        return False

    def take(self, start: int, end: int) -> None:
        """Mark start..end as read by an elided figure."""
        bisect.insort(self.taken, (start, end))

    def free(self, start: int, end: int) -> bool:
        """Tell whether no draft (nor an elided figure already made) overlaps start..end."""
        i = bisect.bisect_left(self.starts, end)
        if i > 0 and self.spans[i - 1][1] > start:
            return False
        j = bisect.bisect_left(self.taken, (end, end))  # the figures read so far start apart
        return j == 0 or self.taken[j - 1][1] <= start

    def next_same(self, pos: int, surface: Surface) -> int:
        """Return where the first draft at or after ``pos`` in ``surface``'s money starts.

        Looked for within ``_REACH`` characters; past that (or if none), ``pos + _REACH``.
        """
        limit = min(len(self.text), pos + _REACH)
        for i in range(bisect.bisect_left(self.starts, pos), len(self.drafts)):
            d = self.drafts[i]
            if d.start >= limit:
                break
            if not set(d.surface.candidates).isdisjoint(surface.candidates):
                return d.start
        return limit


def _in_table(text: str, m: regex.Match[str]) -> bool:
    """Tell whether a figure sits in a table: columns apart, or in parentheses after another."""
    before = text[max(0, m.start() - 3) : m.start()]
    after = text[m.end() : m.end() + 3]
    return (
        before.endswith(("  ", "\t"))
        or before.rstrip().endswith("(")
        or after.startswith(("  ", "\t"))
    )


def _value(m: regex.Match[str], g: Grammar, factor: Decimal) -> Decimal | None:
    written = m.group("num") + (" " + m.group("scale") if m.group("scale") else "")
    try:
        value = parse_number(written, lang=g.lang) * factor
    except NumberParseError:
        return None
    if value == value.to_integral_value() and not _PLAIN.fullmatch(m.group("num")):
        value = value.to_integral_value()
    return value


def _not_a_quantity(text: str, g: Grammar, m: regex.Match[str], followers: frozenset[str]) -> bool:
    """Keep out what reads as another quantity: a year or a date, a figure before a noun."""
    num = m.group("num")
    if _YEAR.fullmatch(num) and not m.group("scale"):
        before = prev_words(text, m.start("num"), 2)
        yd = rule_data(g.lang)["compose.year-not-amount"]
        if before and (
            before[-1] in yd["before"] or before[-1] in yd["months"] or before[-1].isdigit()
        ):
            return False
    prev = prev_words(text, m.start("num"), 1)
    if prev and prev[0] in rule_data(g.lang)["compose.year-not-amount"]["months"]:
        return False  # "on March 22"
    if g.after_number_veto.match(text, m.end()):
        return False
    nxt = next_word(text, g, m.end())
    return not (nxt[:1].isalpha() and nxt not in followers)


def _dated(text: str, g: Grammar, m: regex.Match[str]) -> bool:
    """Tell whether a bare figure is part of a date: a day after a month, a year after "in"."""
    if m.group("scale"):
        return False
    prev = prev_words(text, m.start(), 1)
    yd = rule_data(g.lang)["compose.year-not-amount"]
    if prev and prev[0] in yd["months"]:
        return True
    return bool(_YEAR.fullmatch(m.group("num")) and prev and prev[0] in yd["before"])


def _elided(d_surface: Surface, written: str, start: int, end: int, value: Decimal,
            rule_id: str, per: str | None = None, scaled: bool = False,
            frame: int = -1) -> Draft:  # fmt: skip
    """Build the draft of a bare figure in the currency of ``d_surface``."""
    return Draft(
        start=start,
        end=end,
        value=value,
        surface=d_surface,
        written=written,
        form="elliptical",
        rule="elided",
        scaled=scaled,
        num_start=start,
        num_end=end,
        per=per,
        trace=(rule_id,),
        frame=frame,
    )


# --- exchange-rate levels ------------------------------------------------------------------------


def _base(g: Grammar, word: str) -> tuple[str, str] | None:
    """Return (label, code) of a rate base written as ``word`` ("dollar", "RMB", "USD")."""
    low = word.lower().split()[-1]
    label = g.lex.per_nouns.get(low, low)
    code = g.lex.rate_units.get(label)
    return None if code is None else (label, code)


def _frames(
    text: str, g: Grammar, markers: list[Marker], drafts: list[Draft], pt: _Patterns
) -> list[tuple[int, int, Surface, str]]:
    """Collect the quoted currencies of the text: (start, end, surface, written).

    A currency named with no amount ("the won", "won-dollar") that is no rate base itself, and
    an amount quoted per a base ("8,000 won to the dollar"). A futures contract ("June Swiss
    francs") is quoted in dollars per unit, and is no frame; nor is a currency that only says
    what a security is denominated in (``modifies``: "yen bond futures ... It closed at 110.68").
    """
    rd = rule_data(g.lang)["compose.rate-level"]
    months = rule_data(g.lang)["compose.year-not-amount"]["months"]
    out = [
        (a, b, s, text[a:b])
        for a, b, s in markers
        if "USD" not in s.candidates
        and s.kind != "minor"
        and not set(prev_words(text, a, 1)) & months  # "June Swiss francs": a futures contract
        and next_word(text, g, b) not in rd["modifies"]  # "yen bond futures": kind of a thing
        and not (set(text[a:b].lower().split()) & rd["inverse"] and not _many_per_dollar(s))
        and not _proper(text, pt, a, b, s, rd)
        and (text[a:b].lower() not in rd["noun_only"] | rd["common"] or _as_noun(text, g, a, b, rd))
    ]
    # a currency named as the base of quotes its sentence writes per an amount of it ("against
    # the Japanese yen to end at 61.05 per 100 yen"), not the dollar's "against the mark"
    out = [f for f in out if not _named_base(text, g, f, drafts, pt, rd)]
    for d in drafts:
        if "USD" not in d.surface.candidates and pt.base_after.match(text, d.end):
            out.append((d.start, d.end, d.surface, d.written))
    # (a qualified name the story restates right after, "the Chinese currency, the renminbi",
    # leaves the frame to the name)
    named = list(out)
    out += [
        q
        for q in _qualified_frames(text, g)
        if not any(q[1] <= f[0] <= q[1] + _RESTATED and _same(f[2], q[2]) for f in named)
    ]
    return sorted(out, key=lambda f: f[0])


_RESTATED = 40  # how far after "the Chinese currency" its name may restate it


def _qualified_frames(text: str, g: Grammar) -> list[tuple[int, int, Surface, str]]:
    """Collect "the Japanese currency": a qualifier of one code and a word of ``qualified``.

    The story names its currency by its country ("The Japanese currency hit a new low ...
    falling to around 135.60"): the frame of the code the qualifier names (``[qualifiers]``).
    """
    pat = _qualified(g.lang)
    if pat is None:
        return []
    out = []
    for m in pat.finditer(text):
        surface = _code_surface(g.lang, g.lex.qualifiers[" ".join(m.group("q").lower().split())])
        if surface is not None and "USD" not in surface.candidates:
            out.append((m.start("q"), m.end(), surface, m.group("q")))
    return out


@functools.cache
def _qualified(lang: str) -> regex.Pattern[str] | None:
    """Compile "the Japanese currency", "the South African unit" (``qualified``, determiners)."""
    g, rd = grammar(lang), rule_data(lang)["compose.rate-level"]
    if not rd["qualified"] or not g.lex.qualifiers:
        return None
    S1 = g.parts["S1"]
    return g.compile(
        rf"(?i:(?<!\w)(?:{alternation(rd['qualified_determiners'], S1)}){S1}"
        rf"(?P<q>\L<qquals>){S1}(?:{alternation(rd['qualified'], S1)}))(?!\w)",
        qquals=sorted(g.lex.qualifiers, key=len, reverse=True),
    )


@functools.cache
def _code_surface(lang: str, code: str) -> Surface | None:
    """Return a name of ``code`` alone (the shortest), the surface a qualified frame quotes."""
    lex = grammar(lang).lex
    for name in sorted(lex.currency_nouns, key=lambda n: (len(n), n)):
        surface = lex.surface(name)
        if surface is not None and surface.candidates == (code,):
            return surface
    return None


@COMPOSE.rule(
    "rate-level",
    switch="bases",
    ranges="map",
    plural_stops="words",
    connectors="phrases",
    determiners="phrases",
    qualifiers="phrases",
    bases="phrases",
    subjects="phrases",
    followers="words",
    stops="words",
    ratios="words",
    noun_only="words",
    noun_before="words",
    inverse="words",
    not_after="words",
    slots="words",
    common="words",
    base_before="words",
    pronouns="words",
    modifies="words",
    attributions="phrases",
    qualified="phrases",
    qualified_determiners="phrases",
)
def rate_level(
    text: str, g: Grammar, frame: tuple[int, int, Surface, str], m: regex.Match[str],
    frame_base: tuple[str, str] | None, since: int, data: RuleData,
) -> Draft | None:  # fmt: skip
    """Read a bare figure in an exchange-rate story as a rate of the currency it quotes.

    The story names the quoted currency as a noun ("the won", "the won-dollar exchange rate",
    "the Japanese yen"); a figure after it in the same sentence (or in a later sentence of the
    paragraph that speaks of the rate: "the fixing", "the unit") is its level per the base
    ("closed at 1,316.4", "3,500 to the U.S. dollar", "the 120 level"; a later sentence that
    opens with one of ``pronouns``, "It", speaks of it too), when it fits that
    currency's historical range against the base (for a currency the rate tables do not hold,
    when the base is written right after the figure and the currency is no base itself: "the
    tugrik traded at 3,450 to the dollar", not "... 4.7619 to the SDR ... 3.671 to the
    dollar"). Years, dates, percentages and figures before a noun stay out. A base written as an
    amount of its own ("635 to 1 RMB") leaves the level unpriced: the two are amounts. A
    currency named after a word of ``base_before`` ("against the Japanese yen") is the base
    the story's currency is quoted against, and quotes nothing itself.

    Example:
        "the won ... trading at about 3,500 to the U.S. dollar" -> 3,500 won per dollar (elided);
        "the won-dollar exchange rate jumped to 1,316.4" -> 1,316.4 won per dollar.

    """
    _, _, quoted, written = frame
    after = _patterns(g.lang).base_after.match(text, m.end())
    base = _base(g, after.group("base")) if after is not None and after.group("base") else None
    base = base or frame_base or ("dollar", "USD")
    # (a base written after the figure lets its connector follow it: "69.87 a dollar")
    fol = data["followers"]
    if after is not None:
        fol = fol | {after.group("conn").lower()}
    if not _not_a_quantity(text, g, m, fol) or _in_table(text, m):
        return None
    before = prev_words(text, m.start(), 1)
    if not before or before[0] in data["not_after"] or before[0] not in data["slots"]:
        return None  # "marks per 100" counts the base; "... totalled 69" counts something
    if _stopped([w.lower() for w in _WORDS.findall(text, since, m.start())], data):
        return None
    pt = _patterns(g.lang)
    clause = text[_sentence_start(text, pt, m.start()) : _sentence_stop(text, pt, m.end())]
    if {w.lower() for w in _WORDS.findall(clause)} & data["ratios"]:
        return None  # "went up by nearly 20 times ... the exchange rate by almost 70"
    value = _value(m, g, quoted.factor)
    if value is None or value <= 0:
        return None
    if not in_band(value, quoted.candidates, base[1]) and not (
        after is not None
        and _no_band(quoted.candidates, base[1])
        and set(data["connectors"]).isdisjoint(prev_words(text, frame[0], 2))  # "to the SDR"
    ):
        return None
    d = _elided(quoted, written, m.start(), m.end(), value, "compose.rate-level", base[0])
    high = _offer(m, value)
    return d if high is None else d._replace(high=high)


def _level_range(
    text: str, g: Grammar, pt: _Patterns, figs: _Figures, d: Draft, data: RuleData
) -> Draft:
    """Join a level to the figure after it when an opener of ``ranges`` makes them one range.

    "It traded between 46.64 and 46.76", "remain in the range of 83.00 to 83.35": the opener
    before the low end names its joiner; the high end is above the low one and close to it (a
    rate's day or week moves it by a few percent). "from 46.64 to 46.76" is a move, two levels.
    """
    if d.high is not None:
        return d
    words = prev_words(text, d.start, 2)
    opener = next((o for o in data["ranges"] if " ".join(words).endswith(o)), None)
    if opener is None:
        return d
    hm = pt.level_high.match(text, d.end)
    if hm is None or hm.group("join").lower() != data["ranges"][opener]:
        return d
    if not figs.free(hm.start("num"), hm.end("num")):
        return d
    high = _value(hm, g, d.surface.factor)
    if high is None or not d.value < high <= d.value * _RANGE_SPREAD:
        return d
    # the span opens at "between" ("between 46.64 and 46.76"), at the low end after "range of"
    start = d.start
    if words[-1] == opener:
        lead = text[max(0, d.start - 32) : d.start].rstrip()
        start = d.start - len(text[max(0, d.start - 32) : d.start]) + len(lead) - len(opener)
    return d._replace(start=start, high=high, end=hm.end(), num_end=hm.end(), rule="range")


_RANGE_SPREAD = Decimal("1.2")  # a range of levels spans at most a fifth of its low end


def _stopped(between: list[str], data: RuleData) -> bool:
    """Tell whether a word of ``stops`` gives the figure another subject.

    A pronoun after plural stops names the currency again ("... Treasury yields, although it
    ended the week at 15,200"); not after a singular one ("the KOSPI index fell, before it").
    """
    again = max((i for i, w in enumerate(between) if w in data["pronouns"]), default=-1)
    if data["stops"].intersection(between[: again + 1]) - data["plural_stops"]:
        again = -1
    return not data["stops"].isdisjoint(between[again + 1 :])


def _offer(m: regex.Match[str], bid: Decimal) -> Decimal | None:
    """Return the offer of a dealer's quote ("68.07/08" -> 68.08, "91.98/92.00" -> 92.00).

    None when there is none, or it is not above the bid and within 2x of it.
    """
    ask = m.group("ask") or m.group("hask")
    quoted = bid_ask(m.group("num"), ask) if ask else None
    if quoted is None or not bid < quoted[1] < bid * 2:
        return None
    return quoted[1]


def _own_base(text: str, pt: _Patterns, figs: _Figures, d: Draft) -> Draft:
    """Unprice a level whose base is an amount of its own: "635 to 1 RMB" (policy: two amounts)."""
    after = pt.base_after.match(text, d.end)
    if after is None or d.per is None:
        return d
    i = bisect.bisect_left(figs.starts, after.start())
    if i < len(figs.starts) and figs.starts[i] < after.end():
        return d._replace(per=None)
    return d


def _pronoun(text: str, s0: int, m: regex.Match[str], rd: RuleData) -> regex.Match[str] | None:
    """Return the pronoun (``pronouns``) that opens the sentence at ``s0``, if one does.

    "The rupee rose to 88.10 ... It stayed weak against the yen to end at 55.12": the story's
    currency as the subject of a later sentence.
    """
    w = _WORDS.search(text, s0, m.start())
    opens = w is not None and w.start() - s0 <= 2 and w.group().lower() in rd["pronouns"]
    return w if opens else None


def _named_base(
    text: str,
    g: Grammar,
    f: tuple[int, int, Surface, str],
    drafts: list[Draft],
    pt: _Patterns,
    rd: RuleData,
) -> bool:
    """Tell whether the currency named by ``f`` is the base the story's rate is quoted in.

    "(the rupee) stayed weak against the Japanese yen to end at 61.05 per 100 yen": after one
    of ``base_before`` (past determiners and qualifiers), with an amount of it after "per" in
    the same sentence, it is the base, not a currency the story quotes ("the dollar finished
    at 1.8270 marks against the mark" quotes marks).
    """
    words = prev_words(text, f[0], 3)
    while words and (words[-1] in rd["determiners"] or words[-1] in rd["qualifiers"]):
        words.pop()
    if not words or words[-1] not in rd["base_before"]:
        return False
    stop = _sentence_stop(text, pt, f[1])
    per = rule_data(g.lang)["compose.elliptical"]["base_connectors"]
    return any(
        f[1] < d.start < stop and _same(d.surface, f[2]) and set(prev_words(text, d.start, 1)) & per
        for d in drafts
    )


def _proper(text: str, pt: _Patterns, a: int, b: int, s: Surface, rd: RuleData) -> bool:
    """Tell whether a capitalised currency name is part of a name here ("Mark Oaten").

    Not after a word of ``noun_before`` ("The Rupee closed stronger": a house style of
    capitals), unless a capitalised word follows it ("the Mark Twain prize") or the name is
    ``common`` ("the Rand think tank", "The Crown said").
    """
    word = text[a:b].split()[-1]
    if s.kind == "code" or not word[:1].isupper() or word.isupper():
        return False
    if text[b : b + 2].lstrip()[:1].isupper():
        return True
    if _sentence_start(text, pt, a) == a:
        return False
    before = prev_words(text, a, 1)
    return word.lower() in rd["common"] or not (before and before[0] in rd["noun_before"])


def _as_noun(text: str, g: Grammar, a: int, b: int, rd: RuleData) -> bool:
    """Tell whether a currency word that is also a verb ("won") is used as the noun here."""
    before = prev_words(text, a, 1)
    if before and before[0] in rd["noun_before"] or text[b : b + 1] in {"-", "/"}:
        return True
    # the second of a pair: "the yuan-won rate", "dollar/won"
    if text[a - 1 : a] not in {"-", "/"}:
        return False
    first = _WORDS.findall(text, max(0, a - 24), a - 1)
    return bool(first) and g.lex.surface(first[-1]) is not None


def _frame_base(text: str, g: Grammar, frame: tuple[int, int, Surface, str],
                markers: list[Marker], quoted: frozenset[int] = frozenset(),
                ) -> tuple[str, str] | None:  # fmt: skip
    """Return the base a frame's sentence names with no amount ("won-dollar", "the dollar").

    Not a currency the text quotes itself (``quoted``, the frames' starts: "the rupiah fell to
    11,835 and Malaysia's ringgit ended steady at 3.2122" quotes both against the dollar), nor
    one a later sentence names ("The Rupee closed at 45.63. The local unit strengthened
    tracking the Euro": still the dollar).
    """
    lo, hi = frame[0] - 80, min(frame[1] + 200, _sentence_stop(text, _patterns(g.lang), frame[1]))
    for a, b, s in markers:
        if lo <= a <= hi and s.kind != "minor" and s is not frame[2] and a not in quoted:
            base = _base(g, text[a:b])
            if base is not None:
                return base
    return None


_AMOUNT_ASIDE = regex.compile(r"[ \u00a0]?[(（][ \u00a0]?\S{0,4}?\d")


def _second(text: str, pt: _Patterns, own: int, s0: int, pronoun: regex.Match[str] | None) -> bool:
    """Tell whether the sentence at ``s0`` is the next paragraph's second and opens with "It"."""
    return pronoun is not None and _sentence_start(text, pt, s0 - 1) <= _opening(text, own)


def _same(a: Surface, b: Surface) -> bool:
    """Tell whether two surfaces can name the same currency."""
    return bool(set(a.candidates) & set(b.candidates))


def rate_levels(
    text: str, g: Grammar, drafts: list[Draft], markers: list[Marker], figs: _Figures
) -> list[Draft]:
    """Apply ``compose.rate-level`` from every quoted currency to the figures after it."""
    pt = _patterns(g.lang)
    data = rule_data(g.lang)["compose.rate-level"]
    out: list[Draft] = []
    frames = _frames(text, g, markers, drafts, pt)
    quoted = frozenset(f[0] for f in frames)
    for frame in frames:
        stop = _sentence_stop(text, pt, frame[1])
        # the story of a frame ends where another currency is quoted ("... while the yen stood")
        # or at its paragraph's end, or the next paragraph's when that opens with the rate as
        # its subject (wire copy: "The rupee crashed by 56 paise." then "The domestic currency
        # closed at 68.07 per dollar")
        own = _paragraph_stop(text, frame[1])
        para = min(
            [_next_paragraph_stop(text, pt, own)]
            + [
                f[0]
                for f in frames
                if f[0] >= frame[1]
                and not _same(f[2], frame[2])
                and f[3].lower() not in data["common"]  # "surpassing the mark of 1310"
            ]
        )
        fbase = _frame_base(text, g, frame, markers, quoted)
        pos = frame[1]
        while pos < para:
            m = pt.figure.search(text, pos)  # (no end bound: a cut would split a figure)
            if m is None or m.start() >= para:
                break
            pos = m.end()
            since = frame[1]
            if m.start() >= stop:
                # a later sentence counts when it speaks of the rate before the figure
                s0 = _sentence_start(text, pt, m.start())
                pronoun = _pronoun(text, s0, m, data)
                subject = pt.subject.search(text, s0, m.start()) or pronoun
                if subject is None or (
                    m.start() > own
                    and s0 > _opening(text, own)
                    and not _second(text, pt, own, s0, pronoun)
                ):
                    continue  # (in the next paragraph, only its first sentence, and "It" after it)
                since = subject.end()
            if not figs.free(m.start(), m.end()) or figs.other(since, m.start(), frame[2]):
                continue
            if _YEAR.fullmatch(m.group("num")) and _AMOUNT_ASIDE.match(text, m.end()):
                continue  # "surpassing 1998 (1,394.97 won)": a year, its level in the aside
            d = rate_level(text, g, frame, m, fbase, since, data)
            if d is not None:
                d = _own_base(text, pt, figs, _level_range(text, g, pt, figs, d, data))
                figs.take(d.start, d.end)
                out.append(d)
    return out


# --- series: the next figures of amounts in one currency ---------------------------------------


@COMPOSE.rule(
    "movement-to",
    switch="to",
    restated="words",
    to="phrases",
    directions="words",
    change_directions="phrases",
    change_at="phrases",
    followers="words",
    from_words="phrases",
    periods="phrases",
)
def movement_to(text: str, g: Grammar, d: Draft, figs: _Figures, data: RuleData) -> Draft | None:
    """Read the bare figure a price moved to after an amount as an amount in its currency.

    The figure follows a verb of movement and "to" ("it went down to 5,300", "fell to about
    5,500"), or ends a change the amount opens with "from" ("from 200 won ($0.02) to 350").
    It is within 10x of the amount, or, when the amount is itself a change (a word of movement
    or direction before it, or ``change_directions`` after it: "rose 4,500 won to 186,100",
    "closed up 30 won at 7,450", "ended 2 cts higher at 1.85"), above it and within 1,000x; after
    a change (or an amount that restates a percentage change after one of ``restated``: "fell
    2.54%, or 0.75 baht, to 28.75") the level may follow ``change_at`` as well as "to", and the
    change's span
    (``periods``: "rose 110 won in a week to 2,350") may stand between.

    Example:
        "raised from 3 million won to 5 million" -> 5 million won; "was 6,100 won, but it went
        down to 5,300" -> 5,300 won.

    """
    if d.high is not None or d.value <= 0:
        return None
    pt = _patterns(g.lang)
    m = pt.movement_to.match(text, d.end)
    # a change moves a level far larger than itself: "shares rose 4,500 won to 186,100"
    change = False
    if m is None:
        before = prev_words(text, d.start, 1)
        change = not (g.lex.movement.isdisjoint(before) and data["directions"].isdisjoint(before))
        change = change or _restates_share(text, d.start, data)  # "fell 2.54%, or 0.75 baht"
        m = pt.from_to.match(text, d.end)  # "went from 2 million won to 3 million"
        change = change or bool(m is not None and m.group("dir"))
        opened = pt.from_before.search(text, max(0, d.start - 24), d.start) is not None
        if m is not None and not (change or (opened and m.group("to"))):
            m = None  # "at" names the level only after a change; "to" after one or "from"
    if m is None or not figs.free(m.start("num"), m.end()):
        return None
    if not _not_a_quantity(text, g, m, data["followers"]):
        return None
    value = _value(m, g, d.surface.factor)
    low, high = (d.value, d.value * 1000) if change else (d.value / 10, d.value * 10)
    if value is None or not low <= value <= high:
        return None
    start = m.start("num")
    # the figure continues the amount's series: unpriced, it takes the amount's per
    return _elided(d.surface, d.written, start, m.end(), value, "compose.movement-to",
                   frame=d.start)  # fmt: skip


def _restates_share(text: str, start: int, data: RuleData) -> bool:
    """Tell whether the amount restates a percentage change before it ("2.54%, or 0.75 baht")."""
    if not data["restated"] or "%" not in text[max(0, start - 16) : start]:
        return False
    return _share_restated(data["restated"]).search(text, max(0, start - 16), start) is not None


@functools.cache
def _share_restated(words: frozenset[str]) -> regex.Pattern[str]:
    """Compile "%, or " right before an amount (reverse: it ends where the amount starts)."""
    return cached_compile(rf"(?r)%,?\s*{alternation(words)}\s*\Z")


@COMPOSE.rule("per-series", switch="markers", markers="phrases", not_after="words")
def per_series(
    text: str, g: Grammar, d: Draft, m: regex.Match[str], unit: str, data: RuleData
) -> Draft | None:
    """Read a bare figure priced per the same unit as an amount before it, in its currency.

    A price list names its currency once and then its unit with each price: "rice 5,100 won per
    kg, corn 2,300 per kg". The figure is in the amount's sentence, is followed by the very unit
    phrase the amount is, and is within a factor of 10 of it.

    Example:
        "rice sold for 5,400 won per kg and corn 2,150 per kg" -> 2,150 won per kg (elided).

    """
    pt = _patterns(g.lang)
    after = pt.per_after.match(text, m.end())
    if after is None or _unit_of(after.group("per"), g) != unit:
        return None  # (the unit as a label: "870 per kg" and "800/kg" are the same unit)
    before = prev_words(text, m.start(), 1)
    if (
        m.group("scale")
        or (before and before[0] in data["not_after"])
        or _YEAR.fullmatch(m.group("num"))
    ):
        return None
    value = _value(m, g, d.surface.factor)
    if value is None or value <= 0 or not d.value / 10 <= value <= d.value * 10:
        return None
    return _elided(d.surface, d.written, m.start(), m.end(), value, "compose.per-series")


def _per_series(text: str, g: Grammar, d: Draft, figs: _Figures, data: RuleData) -> list[Draft]:
    """Apply ``compose.per-series`` to the bare figures after ``d`` in its sentence."""
    pt = _patterns(g.lang)
    after = pt.per_after.match(text, max(d.end, d.tail))
    if d.high is not None or d.value <= 0 or after is None:
        return []
    unit = _unit_of(after.group("per"), g)
    out: list[Draft] = []
    stop = _sentence_stop(text, pt, after.end())
    for m in pt.figure.finditer(text, after.end(), stop):
        if not figs.free(m.start(), m.end()):
            continue
        e = per_series(text, g, d, m, unit, data)
        if e is not None:
            figs.take(e.start, e.end)
            out.append(e)
    return out


def _unit_of(phrase: str, g: Grammar) -> str:
    """Return the unit a per phrase names, as its label ("per kilo", "/kg" -> "kg")."""
    noun = " ".join(phrase.lower().replace("/", " ").split()[-1:])
    return g.lex.per_nouns.get(noun, noun)


@COMPOSE.rule("unit-price", switch="markers", markers="phrases", not_after="words")
def unit_price(
    text: str, g: Grammar, m: regex.Match[str], frame: Draft, data: RuleData
) -> Draft | None:
    """Read a bare figure priced per a unit of measure, in the currency of the passage.

    A quoted source prices goods bare by the unit after naming a sum in the currency: "a day
    laborer gets fifteen thousand won ... With corn at 3,000 a kilo, that feeds a family". The
    figure is followed by a unit marker (``markers``) and a unit of measure (the lexicon's
    ``carry_units``), is not after a word that makes it a count (``not_after``), carries no
    scale, and is within a factor of 10 of the last amount before it (or the last such figure),
    in that sentence or the one before, whose currency it takes.

    Example:
        "He earns 15,000 won a day. With corn at 3,000 a kilo" -> 3,000 won per kg (elided).

    """
    pt = _patterns(g.lang)
    after = pt.unit_after.match(text, m.end())
    if after is None:
        return None
    unit = g.lex.per_nouns.get(" ".join(after.group("per").lower().split()))
    before = prev_words(text, m.start(), 1)
    if (
        unit not in g.lex.carry_units
        or m.group("scale")
        or (before and before[0] in data["not_after"])
        or _YEAR.fullmatch(m.group("num"))
    ):
        return None
    value = _value(m, g, frame.surface.factor)
    if value is None or value <= 0 or not frame.value / 10 <= value <= frame.value * 10:
        return None
    return _elided(frame.surface, frame.written, m.start(), m.end(), value, "compose.unit-price")


def _unit_prices(text: str, g: Grammar, figs: _Figures, data: RuleData) -> list[Draft]:
    """Apply ``compose.unit-price`` to the bare figures after the first amount.

    The unit phrases are found first (cheap), then the figure that ends right before each.
    """
    pt = _patterns(g.lang)
    if not figs.drafts or pt.unit_any is None:
        return []
    out: list[Draft] = []
    floor = figs.drafts[0].end
    for u in pt.unit_any.finditer(text, floor):
        m = _figure_before(text, pt, floor, u.start())
        if m is None or not figs.free(m.start(), m.end()):
            continue
        i = bisect.bisect_left(figs.starts, m.start()) - 1
        frame = figs.drafts[i] if i >= 0 else None
        if out and (frame is None or out[-1].start > frame.start):
            frame = out[-1]  # a run of them: "sold at 1,450/kg ... at 1,370/kg, ... at 1,500/kg"
        if frame is None or frame.high is not None:
            continue
        lo = _sentence_start(text, pt, max(0, _sentence_start(text, pt, m.start()) - 1))
        if frame.start < lo or "\n\n" in text[frame.end : m.start()]:
            continue
        e = unit_price(text, g, m, frame, data)
        if e is not None:
            figs.take(e.start, e.end)
            out.append(e)
    return out


def _figure_before(text: str, pt: _Patterns, floor: int, pos: int) -> regex.Match[str] | None:
    """Return the figure whose unit phrase starts at ``pos`` (after spaces), if any."""
    for m in pt.figure.finditer(text, max(floor, pos - 64)):
        if m.start() >= pos:
            return None
        if (
            m.end() <= pos
            and not text[m.end() : pos].strip()
            and pt.unit_after.match(text, m.end()) is not None
        ):
            return m
    return None


@COMPOSE.rule(
    "price-list",
    switch="separators",
    separators="phrases",
    links="words",
    not_after="words",
    followers="words",
)
def price_list(
    text: str, g: Grammar, d: Draft, m: regex.Match[str], floor: int, data: RuleData
) -> Draft | None:
    """Read a bare figure that a price list names after an amount, in its currency.

    A market report prices the first item in full and the next ones bare: "rice sold for 5,100
    won per kg, while corn fetched 1,850", "gasoline 21,000 won a kilo, and diesel 16,500". The
    figure follows a list separator (``separators``) and at most four words naming the item,
    the last of them a price link (``links``: fetched, was, cost, ...) unless the item is one or
    two words, and not a determiner or name word (``not_after``: "the 3470" is a model) nor a
    verb of change ("up 55" may be in cents); a hedge or bound word right before the figure
    belongs to the figure ("and the yuan roughly 1,290"), and ", and wheat flour" names a good
    (", and rural residents" an item of one or two words) after the separator ", and"; it ends
    its clause (a word after it must be one of ``followers``), carries a scale only after an
    amount with one ("SK Energy was fined W4.3 billion, GS Caltex 3.9 billion") and is within a
    factor of 10 of the amount.

    Example:
        "rice sold for 5,100 won per kg, while corn fetched 1,850" -> 1,850 won (elided).

    """
    pt = _patterns(g.lang)
    lb = None
    if pt.list_before is not None:
        lb = pt.list_before.search(text, max(floor, m.start() - 64), m.start())
    if lb is None:
        return None
    item = _WORDS.findall(lb.group("item").lower())
    goods = rule_data(g.lang)["carry.commodity"]["goods"]
    frames = rule_data(g.lang)["compose.price-frame"]["frames"]
    if len(item) > 1 and item[0] in data["separators"] and (
        item[1] in goods or (len(item) <= 3 and set(frames).isdisjoint(item))
    ):
        item.pop(0)  # ", and wheat flour", ", and rural residents": the search took the comma
        # as the separator (not ", and later charged": a verb of paying, price-frame's)
    if item and (item[-1] in g.lex.hedges or item[-1] in g.lex.bounds):
        item.pop()  # "and the yuan roughly 1,290": the hedge is the figure's own
    if not item or (len(item) > 2 and item[-1] not in data["links"]):
        return None
    if item[-1] in data["not_after"] or item[-1] in g.lex.movement:
        return None  # "the other, the 3470, costs": a name; "up 55" moves, maybe in cents
    if d.scaled != bool(m.group("scale")):
        return None  # "fined W4.3 billion, GS Caltex 3.9 billion": scaled after a scaled amount
    return _plain_price(text, g, m, d, data["followers"], "compose.price-list", scaled=d.scaled)


def _plain_price(
    text: str,
    g: Grammar,
    m: regex.Match[str],
    ref: Draft,
    followers: frozenset[str],
    rule_id: str,
    scaled: bool = False,
) -> Draft | None:
    """Read a bare figure that ends its clause, within 10x of ``ref``, in its currency.

    Unscaled and no year, unless ``scaled`` admits a figure with a scale word ("20.2 billion").
    """
    if m.group("scale"):
        if not scaled:
            return None
    elif _YEAR.fullmatch(m.group("num")):
        return None
    if not _not_a_quantity(text, g, m, followers):
        return None
    value = _value(m, g, ref.surface.factor)
    if value is None or value <= 0 or not ref.value / 10 <= value <= ref.value * 10:
        return None
    return _elided(ref.surface, ref.written, m.start("num"), m.end(), value, rule_id,
                   scaled=bool(m.group("scale")), frame=ref.start)  # fmt: skip


def _price_list(
    text: str, g: Grammar, d: Draft, figs: _Figures, data: RuleData, start: int = -1
) -> list[Draft]:
    """Apply ``compose.price-list`` to the bare figures after an amount and its per phrase.

    ``start``: read on from there instead (after an item the next sentence opens).
    """
    pt = _patterns(g.lang)
    if d.high is not None or d.value <= 0:
        return []
    after = pt.per_after.match(text, max(d.end, d.tail))
    out: list[Draft] = []
    floor = after.end() if after is not None else max(d.end, d.tail)
    floor = start if start >= 0 else floor
    # an amount in the same money starts its own series (one in another may sit inside the list)
    stop = _sentence_stop(text, pt, floor, figs.next_same(floor, d.surface))
    for m in pt.figure.finditer(text, floor, stop):
        if not figs.free(m.start(), m.end()):
            break  # another amount starts its own series
        if _dated(text, g, m):
            continue  # "6,100 won in Sinuiju as of May 10, while corn went for 2,400"
        e = price_list(text, g, d, m, floor, data)
        if e is None:
            break  # the list ends at the first figure it does not price
        figs.take(e.start, e.end)
        out.append(e)
        floor = e.end
    return out


@COMPOSE.rule(
    "measure-price",
    switch="links",
    determiners="phrases",
    of="phrases",
    links="phrases",
    followers="words",
)
def measure_price(
    text: str, g: Grammar, m: regex.Match[str], frame: Draft, data: RuleData
) -> Draft | None:
    """Read a bare figure that one unit of some goods costs, in the currency of the passage.

    A market report names its currency once and then prices goods by the unit with a bare
    figure: "the dollar traded at 8,200 won ... A kilo of pork was 14,000 in both cities". The
    figure follows one unit of measure, "of" and the goods (at most four words) and a price link
    (``links``: was, cost, sold for, ...); it ends its clause (``followers``), carries no scale,
    and is within a factor of 10 of the nearest amount before it in the paragraph, whose
    currency it takes.

    Example:
        "A kilo of pork was 14,000" after "8,200 won" -> 14,000 won (elided; per kg).

    """
    return _plain_price(text, g, m, frame, data["followers"], "compose.measure-price")


def _measure_prices(text: str, g: Grammar, figs: _Figures, data: RuleData) -> list[Draft]:
    """Apply ``compose.measure-price`` to every "a kilo of X was N" after an amount."""
    pt = _patterns(g.lang)
    if pt.measure_price is None or not figs.drafts:
        return []
    out: list[Draft] = []
    for m in pt.measure_price.finditer(text, figs.drafts[0].end):
        if not figs.free(m.start("num"), m.end()):
            continue
        i = bisect.bisect_left(figs.starts, m.start()) - 1
        frame = figs.drafts[i] if i >= 0 else None
        if frame is None or frame.scaled or "\n\n" in text[frame.end : m.start()]:
            continue
        if m.start() - frame.end > _REACH:
            continue
        e = measure_price(text, g, m, frame, data)
        if e is not None:
            figs.take(e.start, e.end)
            out.append(e)
    return out


@COMPOSE.rule("item-lead", switch="links", links="phrases", followers="words", items="words")
def item_lead(
    text: str, g: Grammar, m: regex.Match[str], frame: Draft, data: RuleData
) -> Draft | None:
    """Read a bare figure that the next sentence prices an item at, in the passage's currency.

    A market report goes on in a new sentence that names the item first and the price bare:
    "A kilogram of corn now costs 3,800 won in Chongjin. Rice is 6,200 and flour 5,500", "...
    while corn went for 1,950. Pork was 12,500". The sentence opens with one or two words
    naming the item and a link (``links``: is, was, fetched, ...); the figure ends its clause
    (``followers``), carries no scale, and is within a factor of 10 of the last amount of the
    sentence before (the nearest one that fits, past a conversion), whose currency it takes.
    The item names a good (``carry.commodity``'s goods or ``items``): "Attendance was 1,500"
    after a price is no item.
    The list then goes on in that sentence (``compose.price-list``).

    Example:
        "Corn costs 3,800 won in Chongjin. Rice is 6,200" -> 6,200 won (elided).

    """
    return _plain_price(text, g, m, frame, data["followers"], "compose.item-lead")


def _goods_or_list(
    m: regex.Match[str], figs: _Figures, data: Mapping[str, RuleData], lo: int, hi: int
) -> bool:
    """Tell whether an item names a good (``carry.commodity``'s or the rule's ``items``)."""
    goods = {*data["carry.commodity"]["goods"], *data["compose.item-lead"]["items"]}
    return not goods.isdisjoint(_WORDS.findall(m.group("item").lower()))


def _item_leads(text: str, g: Grammar, figs: _Figures, data: Mapping[str, RuleData]) -> list[Draft]:
    """Apply ``compose.item-lead`` to every sentence that opens with "Item was N"."""
    pt, rd = _patterns(g.lang), data["compose.item-lead"]
    if pt.item_lead is None or not figs.drafts:
        return []
    out: list[Draft] = []
    goods = frozenset({*data["carry.commodity"]["goods"], *rd["items"]})
    # a good named is tried as the item's first or second word; the pattern's look-behind keeps
    # only those that open a sentence
    for m in _anchored_at(text, pt.item_lead, figs.drafts[0].end, goods, word_before=True):
        if not figs.free(m.start("num"), m.end()):
            continue
        s0 = _sentence_start(text, pt, m.start("num"))
        if s0 < m.start() - 4 and not pt.item_place.fullmatch(text, s0, m.start()):
            continue  # the item must open its sentence (past a place: "In Sinuiju rice was")
        lo = _sentence_start(text, pt, max(0, s0 - 1))
        if not _goods_or_list(m, figs, data, lo, s0):
            continue  # "Turnout was 1,200": no good, and no list before it
        i = bisect.bisect_left(figs.starts, s0)
        e = None
        while e is None and i > 0 and figs.drafts[i - 1].start >= lo:
            i -= 1
            frame = figs.drafts[i]
            if frame.form != "elliptical" and not frame.scaled and frame.high is None:
                e = item_lead(text, g, m, frame, rd)
        if e is None or "\n\n" in text[frame.end : m.start()]:
            continue
        figs.take(e.start, e.end)
        out.append(e)
        if "compose.price-list" in data and data["compose.price-list"]["separators"]:
            out += _price_list(text, g, frame, figs, data["compose.price-list"], e.end)
    return out


@COMPOSE.rule(
    "pronoun-price", switch="subjects", subjects="phrases", links="phrases", followers="words",
    plural="phrases",
)
def pronoun_price(
    text: str, g: Grammar, m: regex.Match[str], frame: Draft, data: RuleData
) -> Draft | None:
    """Read a bare figure that a word standing for the price is said to be, in its currency.

    A market report quotes a price and then its earlier level with a pronoun: "A kilo of rice
    is 6,000 won now. In March it was 5,500". The figure follows one of ``subjects`` ("it",
    "the price") and a link (``links``: was, stood at, ...), ends its clause (``followers``),
    may carry a scale ("Imports rose to 23.6 billion baht. They were 20.2 billion a year
    earlier"), and is within a factor of 10 of the last amount before it, in that sentence or
    the one before, whose currency it takes. Figures joined after it that
    "respectively" closes are read with it ("it was 18,000 and 14,000, respectively"), and so
    are those joined after a plural subject (``plural``: "they were 8,090 and 1,188"), each
    with the amount before that it answers, in order.

    Example:
        "Rice is 6,000 won a kilo. In March it was 5,500." -> 5,500 won (elided).

    """
    rid = "compose.pronoun-price"
    return _plain_price(text, g, m, frame, data["followers"], rid, scaled=True)


def _anchored_at(
    text: str,
    pat: regex.Pattern[str],
    floor: int,
    words: frozenset[str],
    word_before: bool = False,
    reach: int = 80,
) -> list[regex.Match[str]]:
    """Return ``pat``'s non-overlapping matches that start where one of ``words`` starts.

    The words are found by plain search on a length-preserving lower-case copy (cheap); the
    pattern, which opens with one of them (or, with ``word_before``, with the word before one
    of them), is tried only there, and only with a digit at most ``reach`` characters on.
    """
    low = _lower_same_length(text)
    places: set[int] = set()
    # only a whole word: each pattern opens with one (none is inside a word); each ends in a
    # figure a few words on (one scan for all the words)
    for k, e in _first_word_scan(words).find(low, floor) if words else ():
        if _DIGIT.search(low, e, e + reach) is not None:
            places.add(k)
            prev = _LAST_WORD.search(text, max(floor, k - 40), k) if word_before else None
            if prev is not None:
                places.add(prev.start())
    out: list[regex.Match[str]] = []
    for a in sorted(places):
        # an end for the match (``regex`` looks for a pattern's literals up to it): far enough
        # past the figure, or the match is tried again without one
        bound = min(len(text), a + reach + 200)
        m = pat.match(text, a, bound)
        if m is not None and m.end() > bound - 40 and bound < len(text):
            m = pat.match(text, a)
        if m is not None and (not out or m.start() >= out[-1].end()):
            out.append(m)
    return out


@functools.cache
def _first_words(words: frozenset[str]) -> frozenset[str]:
    """Return the first word of each phrase of ``words``."""
    return frozenset(w.split()[0] for w in words)


@functools.cache
def _first_word_scan(words: frozenset[str]) -> _core.WordScan:
    """Compile the scan of the first words of ``words`` as whole words (the core's one pass)."""
    return _core.WordScan(sorted(_first_words(words)))


def _lower_same_length(text: str) -> str:
    """Return ``text`` lower-cased, each character kept as one (offsets stay)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)


def _pronoun_prices(
    text: str, g: Grammar, figs: _Figures, data: Mapping[str, RuleData]
) -> list[Draft]:
    """Apply ``compose.pronoun-price`` to every "it was N" after an amount.

    A price list by place may go on after the figure ("in Sinuiju it went for 5,200 and in
    Hyesan 5,400": ``compose.list-elliptical``).
    """
    pt, rd = _patterns(g.lang), data["compose.pronoun-price"]
    if pt.pronoun_price is None or not figs.drafts:
        return []
    out: list[Draft] = []
    for m in _anchored_at(text, pt.pronoun_price, figs.drafts[0].end, rd["subjects"]):
        i = bisect.bisect_left(figs.starts, m.start()) - 1
        frame = figs.drafts[i] if i >= 0 else None
        if frame is None or not figs.free(m.start("num"), m.end()):
            continue
        if frame.scaled and not m.group("scale"):
            continue  # "it was 5,500" stands for no "1.6 million won"
        s0 = _sentence_start(text, pt, m.start())
        if (
            frame.end < _sentence_start(text, pt, max(0, s0 - 1))
            or "\n\n" in text[frame.end : m.start()]
        ):
            continue  # the price it stands for is in this sentence or the one before
        e = pronoun_price(text, g, m, frame, rd)
        if e is None:
            continue
        got = _plural_pairs(text, g, pt, m, figs, i, rd)
        got = got or [e, *_joined(text, g, pt, e, frame, data)]
        if len(got) == 1:  # "in Sinuiju it went for 5,200 and in Hyesan 5,400"
            k = bisect.bisect_left(figs.starts, e.end)
            limit = figs.starts[k] if k < len(figs.starts) else len(text)
            got += [x for x in place_list(text, g, e, e.end, limit) if figs.free(x.start, x.end)]
        for x in got:
            figs.take(x.start, x.end)
        out += got
    return out


@COMPOSE.rule("price-frame", switch="frames", frames="phrases", followers="words", counts="words")
def price_frame(
    text: str, g: Grammar, m: regex.Match[str], refs: list[Draft], data: RuleData
) -> Draft | None:
    """Read a bare figure that a verb of paying or of a price's move prices, in a sum's currency.

    Copy names the currency once and then prices bare: "fined each household 500,000 won ...
    had to pay another 300,000"; "flats sell for 30 million won ... back then they changed
    hands for no more than 15 million"; "gets 15,000 won a day, maybe 20,000". The figure
    follows one of ``frames`` (and at most two hedge or bound words), ends its clause
    (``followers``), is no year, date or count (nor is one of the three words before the frame
    one of ``counts``: "shares outstanding increased to 39 mln"), and takes the currency of the
    nearest amount before it, in its sentence or the one before, that it is within 10x of (an
    amount in parentheses is a conversion and is passed over, and so is a change in a minor
    unit: "gained 60 cents each ... after reaching 7.90" is no 7.90 cents; a scaled figure needs
    a scaled amount); when amounts in two currencies fit, it is left alone.

    Example:
        "They fined him 500,000 won. His brother had to pay another 300,000." -> 300,000 won.

    """
    num = m.group("num")
    if _YEAR.fullmatch(num) and not m.group("scale"):
        return None
    if not _not_a_quantity(text, g, m, data["followers"]):
        return None
    clause = prev_words(text, m.start(), 3)
    if not data["counts"].isdisjoint(clause):
        return None  # "shares outstanding increased to 39 mln": a count
    return _nearest_fit(m, g, refs, "compose.price-frame")


def _nearest_fit(
    m: regex.Match[str], g: Grammar, refs: list[Draft], rule_id: str, other: Surface | None = None
) -> Draft | None:
    """Read a framed figure in the currency of the nearest of ``refs`` it is within 10x of.

    None when no amount fits or amounts in two currencies do; ``other``: a currency the figure
    cannot be in (the base of a rate is not what the rate is quoted in).
    """
    fits = []
    for ref in refs:
        if m.group("scale") and not ref.scaled:
            continue
        if other is not None and _same(other, ref.surface):
            continue  # "the yuan was at 1,190" is not in yuan
        value = _value(m, g, ref.surface.factor)
        if value is not None and value > 0 and ref.value / 10 <= value <= ref.value * 10:
            fits.append((ref, value))
    if not fits or not all(_same(fits[0][0].surface, r.surface) for r, _ in fits[1:]):
        return None  # none, or sums in two currencies it could be
    ref, value = fits[0]
    scaled = bool(m.group("scale"))
    return _elided(ref.surface, ref.written, m.start("num"), m.end(), value, rule_id,
                   scaled=scaled, frame=ref.start)  # fmt: skip


@COMPOSE.rule(
    "base-level", switch="bases", determiners="phrases", bases="phrases", links="phrases",
    followers="words",
)
def base_level(
    text: str, g: Grammar, m: regex.Match[str], refs: list[Draft], data: RuleData
) -> Draft | None:
    """Read a bare level whose subject is a rate's base currency, in another amount's currency.

    A rate report quotes one base in full and the next bare: "The dollar traded at 8,120 won in
    Hyesan. In Hoeryong, the yuan was at 1,190." The figure follows a determiner, one of
    ``bases`` and a link (``links``; at most two hedge or bound words between), ends its clause
    (``followers``), and takes the currency of the nearest amount before it, in its sentence or
    the one before, that it is within 10x of and that is not in the base's own currency (the
    yuan is not quoted in yuan); when amounts in two currencies fit, it is left alone.

    Example:
        "The dollar traded at 8,120 won. The yuan was at 1,190." -> 1,190 won (per yuan).

    """
    num = m.group("num")
    if _YEAR.fullmatch(num) and not m.group("scale"):
        return None
    base = g.lex.surface(" ".join(m.group("base").lower().split()))
    if base is None or not _not_a_quantity(text, g, m, data["followers"]):
        return None
    return _nearest_fit(m, g, refs, "compose.base-level", other=base)


def _price_frames(text: str, g: Grammar, figs: _Figures, data: RuleData) -> list[Draft]:
    """Apply ``compose.price-frame`` to every framed bare figure after an amount."""
    pt = _patterns(g.lang)
    if pt.price_frame is None or not figs.drafts:
        return []
    # a frame's rest (its longest: "changed hands for"), two modifiers, the figure: 48 characters
    places = _anchored_at(text, pt.price_frame, figs.drafts[0].end, data["frames"], reach=48)
    return _framed(text, g, figs, data, places, price_frame)


@COMPOSE.rule("change-figure", switch="changes", changes="phrases", followers="words")
def change_figure(
    text: str, g: Grammar, m: regex.Match[str], refs: list[Draft], data: RuleData
) -> Draft | None:
    """Read a bare change written right after a level, in the level's currency.

    A market report gives a level and then how far it moved, bare: "The dollar fetched 8,050
    won in Pyongyang, down 150 from the previous survey". The figure follows one of
    ``changes``, ends its clause (``followers``), is no year or count, and is smaller than the
    amount just before it in its sentence (however much smaller), whose currency it takes; a
    whole change after a price with cents is left bare (it may be in cents: "1,612.50 dlrs a
    tonne, up 45").

    Example:
        "The dollar fetched 8,050 won, down 150 from the previous survey." -> 150 won.

    """
    if not refs or _YEAR.fullmatch(m.group("num")) or m.group("scale"):
        return None
    if not _not_a_quantity(text, g, m, data["followers"]):
        return None
    ref = refs[0]
    pt = _patterns(g.lang)
    if ref.end < _sentence_start(text, pt, m.start()) or ref.scaled or _in_table(text, m):
        return None  # the level is in the figure's own sentence, and no table's column
    if m.start() - ref.end > _CHANGE_REACH or "\n" in text[ref.end : m.start()].strip():
        return None  # right after the level: "2,678 francs, up 38" (not a table's next line)
    value = _value(m, g, ref.surface.factor)
    if value is None or not 0 < value < ref.value:
        return None
    if ref.value != ref.value.to_integral_value() and "." not in m.group("num"):
        return None  # "1,612.50 dlrs a tonne, up 45": a whole change of a price in cents may be
        # in cents
    return _elided(ref.surface, ref.written, m.start("num"), m.end(), value,
                   "compose.change-figure", frame=ref.start)  # fmt: skip


def _change_figures(text: str, g: Grammar, figs: _Figures, data: RuleData) -> list[Draft]:
    """Apply ``compose.change-figure`` to every bare change after an amount."""
    pt = _patterns(g.lang)
    if pt.change_figure is None or not figs.drafts:
        return []
    places = _anchored_at(text, pt.change_figure, figs.drafts[0].end, data["changes"], reach=32)
    return _framed(text, g, figs, data, places, change_figure)


@COMPOSE.rule("base-figure", switch="links", links="phrases", followers="words")
def base_figure(
    text: str, g: Grammar, b: Draft, m: regex.Match[str], quoted: Draft, data: RuleData
) -> Draft | None:
    """Read the bare figure a base written as its own amount is quoted at, like the pair before.

    A rate list writes its first pair in full and the next one bare: "One US dollar bought
    12,400 won, one Chinese yuan 1,720". Right after a base of one unit (``b``) comes a figure
    (after a space or one of ``links``: "=", ":"), ending its clause (``followers``), within 10x
    of the quoted amount of an earlier pair in the sentence (``quoted``, in another currency
    than ``b``), whose currency it takes. Its per stays null: the base is its own mention.

    Example:
        "One US dollar bought 12,400 won, one Chinese yuan 1,720." -> 1,720 won.

    """
    if not _not_a_quantity(text, g, m, data["followers"]):
        return None
    return _nearest_fit(m, g, [quoted], "compose.base-figure", other=b.surface)


def _base_figures(text: str, g: Grammar, figs: _Figures, data: RuleData) -> list[Draft]:
    """Apply ``compose.base-figure`` after every base of one unit that a pair came before."""
    pt = _patterns(g.lang)
    out: list[Draft] = []
    if pt.base_figure is None:
        return out
    ds = figs.drafts
    for i, b in enumerate(ds):
        if b.value != 1 or b.scaled or i < 2:
            continue
        m = pt.base_figure.match(text, b.end)
        if m is None or not figs.free(m.start("num"), m.end()):
            continue
        lo = _sentence_start(text, pt, b.start)
        pairs = [
            q for p, q in itertools.pairwise(ds[:i])
            if q.start >= lo and p.value == 1 and _pair_gap(text, p, q)
        ]  # fmt: skip
        e = base_figure(text, g, b, m, pairs[-1], data) if pairs else None
        if e is not None:
            figs.take(e.start, e.end)
            out.append(e)
    return out


def _pair_gap(text: str, p: Draft, q: Draft) -> bool:
    """Tell whether ``q`` is quoted against ``p`` right before it ("US$1=W950")."""
    gap = text[p.end : q.start]
    return (
        len(gap) <= 12
        and not any(ch.isdigit() or ch in ".;!?\n" for ch in gap)
        and set(p.surface.candidates).isdisjoint(q.surface.candidates)
    )


def _minor_change(text: str, g: Grammar, d: Draft) -> bool:
    """Tell whether ``d`` is a change in a minor unit ("gained 60 cents", "closed five cents up").

    Share prices move in cents and stand in dollars: such a change sets no scale for the level
    after it ("... after reaching 7.90" is no 7.90 cents).
    """
    if d.surface.factor == 1:
        return False
    mv = rule_data(g.lang)["compose.movement-to"]
    after = next_word(text, g, d.end)
    return not g.lex.movement.isdisjoint(prev_words(text, d.start, 1)) or (
        after in mv["directions"] or after in mv["change_directions"]
    )


def _base_levels(text: str, g: Grammar, figs: _Figures, data: RuleData) -> list[Draft]:
    """Apply ``compose.base-level`` to every bare level of a base currency after an amount."""
    pt = _patterns(g.lang)
    if pt.base_level is None or not figs.drafts:
        return []
    places = _anchored_at(
        text, pt.base_level, figs.drafts[0].end, data["bases"], word_before=True, reach=48
    )
    return _framed(text, g, figs, data, places, base_level)


def _framed(
    text: str,
    g: Grammar,
    figs: _Figures,
    data: RuleData,
    places: list[regex.Match[str]],
    rule: Callable[[str, Grammar, regex.Match[str], list[Draft], RuleData], Draft | None],
) -> list[Draft]:
    """Read each framed figure of ``places`` against the amounts before it (``rule`` decides)."""
    pt = _patterns(g.lang)
    out: list[Draft] = []
    for m in places:
        if not figs.free(m.start("num"), m.end()):
            continue
        floor = _sentence_start(text, pt, max(0, _sentence_start(text, pt, m.start()) - 1))
        refs = []
        for d in reversed(figs.drafts[: bisect.bisect_left(figs.starts, m.start())]):
            if d.end < floor or "\n\n" in text[d.end : m.start()]:
                break
            if (
                d.form != "elliptical"
                and not _OPEN.search(text, max(0, d.start - 4), d.start)
                and not _minor_change(text, g, d)
            ):
                refs.append(d)
        e = rule(text, g, m, refs, data) if refs else None
        if e is not None:
            figs.take(e.start, e.end)
            out.append(e)
            hi = _range_high(text, g, pt, figs, e)  # "An egg sells for 350 to 500."
            if hi is not None:
                figs.take(hi.start, hi.end)
                out.append(hi)
    return out


_RANGE_GAP = regex.compile(r"[ \u00a0]{0,2}(\S{1,3})[ \u00a0]{0,2}")  # " to ", "-", " ~ "


def _range_high(text: str, g: Grammar, pt: _Patterns, figs: _Figures, e: Draft) -> Draft | None:
    """Read the bare high end of a range a framed figure opens, in its currency.

    "An egg sells for 350 to 500.": ``compose.elided-range`` then joins the two (it checks the
    connector, ``joiners``, and the order of the ends).
    """
    gap = _RANGE_GAP.match(text, e.end, e.end + 8)
    if gap is None or gap.group(1).lower() not in g.range_seps:
        return None
    if set(prev_words(text, e.start, 1)) & set(g.lex.range_open_to):
        return None  # "went from 4,200 to 5,100": a movement (compose.movement-to)
    m = pt.figure.match(text, gap.end())
    if m is None or m.group("scale") or not figs.free(m.start("num"), m.end()):
        return None
    value = _value(m, g, e.surface.factor)
    if value is None or not e.value < value <= e.value * 2:
        return None
    return _elided(e.surface, e.written, m.start("num"), m.end(), value, e.trace[-1],
                   frame=e.frame)  # fmt: skip


def _plural_pairs(
    text: str, g: Grammar, pt: _Patterns, m: regex.Match[str], figs: _Figures, i: int,
    data: RuleData,
) -> list[Draft]:
    """Read "they were 8,090 and 1,188" against the amounts before, one for one, in order.

    A plural subject (``plural``) standing for the last amounts quoted ("8,150 won per US dollar
    and 1,195 won per Chinese yuan. A week earlier they were 8,090 and 1,188") gives each of the
    figures joined after it the currency and the frame of its counterpart: the figures pair
    with as many amounts before them, in order, each within 10x of its own. Empty otherwise.
    """
    subject = " ".join(m.group().lower().split()[:2])
    if not any(subject.startswith(w) for w in data["plural"]):
        return []
    matches, pos = [m], m.end()
    while (j := pt.joined_after.match(text, pos)) is not None:
        matches.append(j)
        pos = j.end()
    n = len(matches)
    frames = [d for d in figs.drafts[: i + 1] if d.form != "elliptical"][-n:]
    if n < 2 or len(frames) < n:
        return []
    out = []
    for mm, frame in zip(matches, frames, strict=True):
        x = _plain_price(text, g, mm, frame, data["followers"], "compose.pronoun-price")
        if x is None:
            return []
        out.append(x)
    return out


def _joined(
    text: str, g: Grammar, pt: _Patterns, e: Draft, frame: Draft, data: Mapping[str, RuleData]
) -> list[Draft]:
    """Return the figures joined after ``e`` when "respectively" closes them."""
    got: list[Draft] = []
    pos = e.end
    while (j := pt.joined_after.match(text, pos)) is not None:
        x = _plain_price(text, g, j, frame, data["compose.pronoun-price"]["followers"],
                         "compose.pronoun-price")  # fmt: skip
        if x is None:
            return []
        got.append(x)
        pos = x.end
    if got and pt.respectively.match(text, pos) is not None:
        return got
    return []


@COMPOSE.rule("respectively", switch="words", words="phrases", joiners="phrases")
def respectively(
    text: str, g: Grammar, d: Draft, figs: _Figures, data: RuleData
) -> list[Draft] | None:
    """Read the bare figures joined to an amount that "respectively" closes, in its currency.

    Example:
        "prices fell to 3,120 and 3,200 won respectively" -> 3,120 won and 3,200 won.

    """
    pt = _patterns(g.lang)
    if d.high is not None or pt.respectively.match(text, max(d.end, d.tail)) is None:
        return None
    joiners = alternation(data["joiners"], r"\s+")
    out: list[Draft] = []
    end = d.start
    while True:
        head = regex.search(
            rf"(?r)(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"
            rf"\s*(?:,\s*(?:{joiners}\s+)?|\s+{joiners}\s+)\Z",
            text,
            pos=max(0, end - 40),
            endpos=end,
        )
        if head is None or not figs.free(head.start("num"), head.end("num")):
            break
        try:
            value = parse_number(head.group("num"), lang=g.lang) * d.surface.factor
        except NumberParseError:
            break
        if _YEAR.fullmatch(head.group("num")) or not d.value / 10 <= value <= d.value * 10:
            break
        out.insert(0, _elided(d.surface, d.written, head.start("num"), head.end("num"), value,
                              "compose.respectively"))  # fmt: skip
        end = head.start("num")
    return out or None


@COMPOSE.rule("scaled-series", switch="nouns", nouns="words", followers="words")
def scaled_series(
    text: str, g: Grammar, m: regex.Match[str], named: Draft, data: RuleData
) -> Draft | None:
    """Read a bare scaled figure after a sum word, in a story of scaled sums, in their currency.

    A budget, trade or market story names its currency once, then goes bare: "23 trillion won
    in grants ... the total reaches 62 trillion". The figure must carry a scale word, follow a
    sum word in its clause ("budget", "exports", "surplus", "bought", "worth"), stand before no
    other noun, and be within a factor of 1,000 of the named amount.

    Example:
        "exports amounted to 958.34 billion" after "USD1.749 trillion" -> 958.34 billion USD.

    """
    if not m.group("scale") or not _not_a_quantity(text, g, m, data["followers"]):
        return None
    pt = _patterns(g.lang)
    clause_start = max(0, m.start() - 80)
    if pt.series_before.search(text, clause_start, m.start()) is None and (
        next_word(text, g, m.end()) not in data["nouns"]
    ):
        return None
    value = _value(m, g, named.surface.factor)
    if value is None or value <= 0 or not named.value / 1000 <= value <= named.value * 1000:
        return None
    return _elided(named.surface, named.written, m.start(), m.end(), value,
                   "compose.scaled-series", scaled=True)  # fmt: skip


def _series(
    text: str, g: Grammar, drafts: list[Draft], figs: _Figures, off: frozenset[str]
) -> list[Draft]:
    """Apply the series rules along the drafts."""
    data = rule_data(g.lang)
    out: list[Draft] = []
    for d in drafts:
        if d.form == "elliptical":
            continue
        got = (
            None
            if "compose.movement-to" in off
            else movement_to(text, g, d, figs, data["compose.movement-to"])
        )
        if got is not None:
            figs.take(got.start, got.end)
            out.append(got)
        listed = (
            None
            if "compose.respectively" in off
            else respectively(text, g, d, figs, data["compose.respectively"])
        )
        for e in listed or ():
            figs.take(e.start, e.end)
            out.append(e)
        if "compose.per-series" not in off:
            out += _per_series(text, g, d, figs, data["compose.per-series"])
        if "compose.price-list" not in off and data["compose.price-list"]["separators"]:
            out += _price_list(text, g, d, figs, data["compose.price-list"])
    if "compose.scaled-series" not in off:
        out += _scaled(text, g, drafts, figs, data["compose.scaled-series"])
    if "compose.measure-price" not in off:
        out += _measure_prices(text, g, figs, data["compose.measure-price"])
    if "compose.pronoun-price" not in off:
        out += _pronoun_prices(text, g, figs, data)
    if "compose.item-lead" not in off:
        out += _item_leads(text, g, figs, data)
    if "compose.unit-price" not in off:
        out += _unit_prices(text, g, figs, data["compose.unit-price"])
    if "compose.price-frame" not in off:
        framed = _price_frames(text, g, figs, data["compose.price-frame"])
        out += framed + _framed_series(text, g, framed, figs, data, off)
    if "compose.change-figure" not in off:
        out += _change_figures(text, g, figs, data["compose.change-figure"])
    if "compose.base-level" not in off:
        out += _base_levels(text, g, figs, data["compose.base-level"])
    if "compose.base-figure" not in off:
        out += _base_figures(text, g, figs, data["compose.base-figure"])
    if "compose.header-list" not in off and data["compose.header-list"]["openers"]:
        out += _header_lists(text, g, figs, data["compose.header-list"])
    if "compose.results-row" not in off and data["compose.results-row"]["labels"]:
        out += _results_rows(text, g, figs, data["compose.results-row"])
    if "compose.table-header" not in off and data["compose.table-header"]["edges"]:
        out += _table_headers(text, g, figs, data["compose.table-header"])
    if "compose.note-table" not in off and data["compose.note-table"]["notes"]:
        out += _note_tables(text, g, figs, data["compose.note-table"])
    if "compose.glossed-figure" not in off and data["compose.glossed-figure"]["scales"]:
        out += _glossed_figures(text, g, drafts, figs, data["compose.glossed-figure"])
    return out


@COMPOSE.rule("glossed-figure", scales="words")
def glossed_figure(
    text: str, g: Grammar, m: regex.Match[str], gloss: Draft, ref: Draft, data: RuleData
) -> Draft | None:
    """Read a bare figure its own conversion follows, in the currency of the sum before it.

    "It cost me around 3m Korean won ($2,800). When my daughter came, I paid 6.5m ($6,000).":
    a conversion in parentheses right after a bare figure says the figure is money. It takes the
    currency of the nearest amount before it (``ref``, in the same paragraph, not in the
    conversion's currency), converted at about the rate the story converts that amount at (half
    to twice it) when the story gives one, else within 100x of it. With no amount before, the
    first amount after that the story converts into the same money in brackets is ``ref``,
    when the rates agree within 8%. The figure may carry a scale (``scales``: "6.5m", "6.5
    million").

    Example:
        "3m Korean won ($2,800) ... I paid 6.5m ($6,000)" -> 6.5m is 6,500,000 KRW.

    """
    att = m.group("att") or ""
    if att and att.lower() not in data["scales"]:
        return None
    if not att and not m.group("scale") and _YEAR.fullmatch(m.group("num")):
        return None
    written = m.group("num") + att + (" " + m.group("scale") if m.group("scale") else "")
    try:
        value = parse_number(written, lang=g.lang) * ref.surface.factor
    except NumberParseError:
        return None
    if value <= 0 or not ref.value / 100 <= value <= ref.value * 100:
        return None
    return _elided(ref.surface, ref.written, m.start("num"), m.end(), value,
                   "compose.glossed-figure", scaled=bool(att or m.group("scale")))  # fmt: skip


_GLOSSED = cached_compile(
    r"(?<![\w.,$€£¥₩\-/:])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:(?P<att>[a-zA-Z]{1,3})|[ \u00a0](?P<scale>[a-z]{3,9}))?[ \u00a0]?\([ \u00a0]?"
)


def _glossed_figures(
    text: str, g: Grammar, drafts: list[Draft], figs: _Figures, data: RuleData
) -> list[Draft]:
    """Apply ``compose.glossed-figure`` to each amount a parenthesis opens after a bare figure."""
    out: list[Draft] = []
    for i, gl in enumerate(drafts):
        if gl.form == "elliptical":
            continue
        m = _GLOSSED.search(text, max(0, gl.start - 24), gl.start)
        if m is None or m.end() != gl.start or not figs.free(m.start("num"), m.end("num")):
            continue
        if m.group("scale") and not _patterns(g.lang).scale_word.fullmatch(m.group("scale")):
            continue
        k, within = _glossed_ref(text, drafts, i, m.start()), None
        if k is None:  # "the 17.2 billion (US$2.1 billion) ... 152.1 billion patacas (US$18.9
            k, within = _later_pair(text, drafts, i), _SAME_RATE  # billion)": the rate says
        if k is None:
            continue
        e = glossed_figure(text, g, m, gl, drafts[k], data)
        if e is not None and _rate_fits(drafts, k, gl, e, within):
            e = e._replace(end=m.start() + len(m.group().rstrip(" \u00a0(")))
            figs.take(e.start, e.end)
            out.append(e)
    return out


def _glossed_ref(text: str, drafts: list[Draft], i: int, at: int) -> int | None:
    """Return the index of the nearest amount before the conversion ``drafts[i]``, not in its money.

    Only within the same stretch of text (``_same_stretch``).
    """
    gl = drafts[i]
    for k in range(i - 1, -1, -1):
        d = drafts[k]
        if not _same_stretch(text, d.end, at):
            return None
        if d.form != "elliptical" and set(d.surface.candidates).isdisjoint(gl.surface.candidates):
            return k
    return None


def _later_pair(text: str, drafts: list[Draft], i: int) -> int | None:
    """Return the index of the first amount after ``drafts[i]`` converted into its money.

    In brackets right after it, and not in that money itself: "152.1 billion patacas (US$18.9
    billion)".
    """
    gl = drafts[i]
    for k in range(i + 1, len(drafts) - 1):
        d, nxt = drafts[k], drafts[k + 1]
        if (
            d.form != "elliptical"
            and nxt.surface.candidates == gl.surface.candidates
            and set(d.surface.candidates).isdisjoint(gl.surface.candidates)
            and text[d.end : nxt.start].strip()[:1] in _OPENS
        ):
            return k
    return None


_OPENS = frozenset("(（[")
# how far a bare figure's rate to its conversion may be from the rate of a pair written later
_SAME_RATE = Decimal("0.08")


def _rate_fits(
    drafts: list[Draft], k: int, gl: Draft, e: Draft, within: Decimal | None = None
) -> bool:
    """Tell whether ``e`` converts to ``gl`` at about the rate ``drafts[k]`` converts at.

    Half to twice it, or within ``within`` of it (then the pair must give a rate).
    """
    ref = drafts[k]
    nxt = drafts[k + 1] if k + 1 < len(drafts) else None
    if nxt is None or nxt.surface.candidates != gl.surface.candidates or not nxt.value:
        return within is None  # no conversion of the sum before to compare with
    if not gl.value:
        return False
    rate, here = ref.value / nxt.value, e.value / gl.value
    if within is not None:
        return abs(here / rate - 1) <= within
    return rate / 2 <= here <= rate * 2


def _same_stretch(text: str, end: int, at: int) -> bool:
    """Tell whether a figure at ``at`` is near an amount ending at ``end``.

    No paragraph break between, at most ``_REACH`` characters on.
    """
    return at - end <= _REACH and "\n\n" not in text[end:at]


def _framed_series(
    text: str, g: Grammar, framed: list[Draft], figs: _Figures, data: Mapping[str, RuleData],
    off: frozenset[str],
) -> list[Draft]:
    """Continue the series a framed figure opens, as an amount's ("went from 10,500 to 19,800").

    A figure ``compose.price-frame`` read is an amount of its own: the figure it moved to and
    the items listed after it ("had reached 300, and pork 550") take its currency the same way.
    """
    out: list[Draft] = []
    for e in framed:
        got = (
            None
            if "compose.movement-to" in off
            else movement_to(text, g, e, figs, data["compose.movement-to"])
        )
        if got is not None:
            figs.take(got.start, got.end)
            out.append(got)
        if "compose.price-list" not in off and data["compose.price-list"]["separators"]:
            out += _price_list(text, g, e, figs, data["compose.price-list"])
    return out


@COMPOSE.rule("header-list", switch="openers", openers="phrases", per_words="phrases",
              joins="phrases", dated="phrases")  # fmt: skip
def header_list(
    text: str, g: Grammar, h: regex.Match[str], figs: _Figures, data: RuleData
) -> list[Draft]:
    """Read the bare figures of a list whose header names their currency and unit.

    A market table in prose states both once, before a colon: "Prices at Hyesan's main market,
    all in won per kilogram: rice 5,200, corn 1,900, pork 12,000". The header is one of
    ``openers`` ("in", "all in"), a currency name, and a unit after one of ``per_words``
    (optional), and may end with the date the list was taken (``dated``: ", as of Sept. 28");
    the list after the colon is two or more items, each one to three words and a figure,
    joined by commas, semicolons or ``joins``; it ends at the first part that is not such an
    item, or at the sentence's end.

    Example:
        "Prices, all in won per kilogram: rice 5,200, corn 1,900" -> 5,200 and 1,900 won per kg.

    """
    pt = _patterns(g.lang)
    if (named := _named_money(g, h)) is None:
        return []
    surface, per = named
    items, pos, stop = [], h.end(), _sentence_stop(text, pt, h.end())
    while (it := _header_item(g.lang).match(text, pos, stop)) is not None:
        m = pt.figure.match(text, it.end())
        if m is None or not figs.free(m.start(), m.end()) or _dated(text, g, m):
            break
        value = _value(m, g, surface.factor)
        if value is None or value <= 0:
            break
        items.append(_elided(surface, h.group("cur"), m.start("num"), m.end(), value,
                             "compose.header-list", per=per))  # fmt: skip
        sep = _header_join(g.lang).match(text, m.end(), stop)
        if sep is None:
            break
        pos = sep.end()
    return items if len(items) >= 2 else []


def _named_money(g: Grammar, h: regex.Match[str]) -> tuple[Surface, str | None] | None:
    """Return the currency a list's header or a table's note names, and its unit (or None)."""
    surface = g.lex.surface(" ".join(h.group("cur").lower().split()))
    if surface is None:
        return None
    unit = h.group("unit")
    return surface, g.lex.per_nouns.get(" ".join(unit.lower().split())) if unit else None


def _taking(figs: _Figures, got: list[Draft]) -> list[Draft]:
    """Mark the figures ``got`` read as taken; return them."""
    for e in got:
        figs.take(e.start, e.end)
    return got


def _header_lists(text: str, g: Grammar, figs: _Figures, data: RuleData) -> list[Draft]:
    """Apply ``compose.header-list`` after every header the text holds."""
    out: list[Draft] = []
    pat = _header(g.lang)
    k = text.find(":")
    while k >= 0:  # a header ends at a colon (not one inside a time, "10:30")
        h = None if text[k + 1 : k + 2].isdigit() else pat.search(text, max(0, k - 64), k + 1)
        k = text.find(":", k + 1)
        if h is None:
            continue
        out += _taking(figs, header_list(text, g, h, figs, data))
    return out


@functools.cache
def _header(lang: str) -> regex.Pattern[str]:
    """Compile a list's header: "all in won per kilogram:"."""
    g, hd = grammar(lang), rule_data(lang)["compose.header-list"]
    S0, S1 = g.parts["S0"], g.parts["S1"]
    return g.compile(  # searched backwards from a colon
        rf"(?r)(?i:(?<!\w)(?:{alternation(hd['openers'], S1)})(?:{S1}|{S0}:{S0})(?P<cur>\L<hlcur>)"
        rf"(?:{S0}(?:{alternation(hd['per_words'], S1)}){S0}(?P<unit>\L<hlunit>))?)(?!\w)"
        # "..., as of Sept. 28:": the date the list was taken, after the unit
        rf"(?:{S0},?{S0}(?i:{alternation(hd['dated'], S1)}){S1}[^:\n]{{1,24}}?)?{S0}\)?{S0}:\Z",
        hlcur=sorted(g.lex.currency_nouns),
        hlunit=sorted(g.lex.per_nouns),
    )


@functools.cache
def _header_item(lang: str) -> regex.Pattern[str]:
    """Compile one item's name before its figure: one to three words."""
    S1 = grammar(lang).parts["S1"]
    return cached_compile(rf"\s*(?P<item>[^\W\d_][\w'’-]*(?:{S1}[^\W\d_][\w'’-]*){{0,2}}){S1}")


@functools.cache
def _header_join(lang: str) -> regex.Pattern[str]:
    """Compile what joins two items: a comma, a semicolon, or a joining word."""
    joins = rule_data(lang)["compose.header-list"]["joins"]
    words = alternation(joins)
    return cached_compile(rf"\s*(?:[,;](?:\s*(?i:{words}))?|\s+(?i:{words}))(?=\s)")


@COMPOSE.rule("results-row", switch="labels", labels="phrases", passes="words", joins="words")
def results_row(
    text: str, g: Grammar, r: regex.Match[str], frame: Draft, figs: _Figures, data: RuleData
) -> list[Draft]:
    """Read the bare figures of a wire results row as sums in its table's currency.

    Wire earnings tables write the per-share row with its currency and the money rows bare:
    "Shr 45 cts vs 38 cts / Net 12.3 mln vs 10.1 mln / Revs 310.6 mln vs 288.2 mln" (often run
    together on one line once the breaks are joined). A row opens with a capitalised label of a
    sum (``labels``: Net, Revs, Sales, Oper net; not "Avg shrs", a count), may pass one of the
    row's words (``passes``: profit, loss), and sets two or more figures against each other
    with ``joins`` ("vs"). Its bare figures take the currency of the table's nearest amount
    (``frame``), in major units ("cts" rows give dollar sums); their per stays null.

    Example:
        "Shr 45 cts vs 38 cts Net 12.3 mln vs 10.1 mln" -> 12.3 mln and 10.1 mln dollars.

    """
    pt, passes, joins = _patterns(g.lang), data["passes"], data["joins"]
    surface = _major(frame.surface, g.lang)
    found: list[regex.Match[str]] = []
    pos, n = r.end(), 0
    while (m := pt.figure.match(text, pos)) is not None:
        n += 1
        end = _covered_end(figs, m)
        if end < 0:
            break  # a figure another rule already read: the row is not this rule's
        if end == m.end():
            found.append(m)
        words = text[end : end + 24].split()
        if len(words) < 2 or words[0].lower() not in joins:
            break
        skip = 2 if words[1].lower() in passes and len(words) > 2 else 1
        pos = text.index(words[skip], end + len(words[0]))
    out: list[Draft] = []
    for m in found if n >= 2 else ():
        value = _value(m, g, Decimal(1))
        if value is not None and value > 0:
            out.append(_elided(surface, surface.text, m.start("num"), m.end(), value,
                               "compose.results-row", scaled=bool(m.group("scale"))))  # fmt: skip
    return out


@COMPOSE.rule("table-header", switch="edges", edges="phrases", openers="phrases")
def table_header(
    text: str, g: Grammar, rows: list[tuple[int, int]], figs: _Figures, data: RuleData
) -> list[Draft]:
    """Read the bare figures of a table whose header names its currency as sums in it.

    Pages keep their price tables as rows of cells between ``edges`` ("| Won | Pyongyang |
    Hyesan |" then "| Rice Price | 5,770 | 5,800 |"). A header cell that is nothing but a
    currency (after one of ``openers``: "Unit: won", "(KPW)") gives every cell of the rows
    below that is nothing but a figure that currency; the currency ladder resolves it as the
    written unit. Their per stays null (a row's label may or may not name a unit).

    Example:
        "| Won | Pyongyang |" over "| Rice | 5,770 |" -> 5,770 won.

    """
    surface = _header_currency(text, g, rows[0], data)
    if surface is None:
        return []
    out: list[Draft] = []
    pt = _patterns(g.lang)
    for lo, hi in rows[1:]:
        for a, b in _cells(text, lo, hi, data["edges"]):
            m = pt.figure.fullmatch(text, a, b)
            if m is None or not figs.free(m.start("num"), m.end()):
                continue
            value = _value(m, g, Decimal(1))
            if value is not None and value > 0:
                rid, scaled = "compose.table-header", bool(m.group("scale"))
                out.append(_elided(surface, surface.text, m.start("num"), m.end(), value, rid,
                                   scaled=scaled))  # fmt: skip
                figs.take(m.start("num"), m.end())
    return out


def _cells(text: str, lo: int, hi: int, edges: frozenset[str]) -> list[tuple[int, int]]:
    """Return the (start, end) of each cell's text, blanks trimmed, in the row [lo, hi)."""
    out: list[tuple[int, int]] = []
    a = lo
    for k in range(lo, hi + 1):
        if k == hi or text[k] in edges:
            b = k
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                out.append((a, b))
            a = k + 1
    return out


def _header_currency(
    text: str, g: Grammar, row: tuple[int, int], data: RuleData
) -> Surface | None:
    """Return the currency a header cell names alone ("Won", "Unit: KPW", "(won)"), or None."""
    for a, b in _cells(text, row[0], row[1], data["edges"]):
        cell = text[a:b].strip("()（）[] ").lower()
        for o in data["openers"]:
            if cell.startswith(o):
                cell = cell[len(o) :].strip()
                break
        surface = g.lex.surfaces_ci.get(cell)
        if surface is not None and surface.factor == 1:
            return surface
    return None


def _table_headers(text: str, g: Grammar, figs: _Figures, data: RuleData) -> list[Draft]:
    """Apply ``compose.table-header`` to each run of table rows (lines opening with an edge)."""
    edges = data["edges"]
    if not any(e in text for e in edges):
        return []
    out: list[Draft] = []
    rows: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        lo, hi = pos, pos + len(line.rstrip("\r\n"))
        pos += len(line)
        if line.lstrip()[:1] in edges:
            rows.append((lo, hi))
            continue
        if len(rows) > 1:
            out += table_header(text, g, rows, figs, data)
        rows = []
    if len(rows) > 1:
        out += table_header(text, g, rows, figs, data)
    return out


@COMPOSE.rule("note-table", switch="notes", notes="phrases", per_words="phrases",
              per_after="phrases")  # fmt: skip
def note_table(
    text: str, g: Grammar, h: regex.Match[str], figs: _Figures, data: RuleData
) -> list[Draft]:
    """Read the bare figures of the lines below a note that names their currency (and unit).

    Market reports set their prices out as lines under a note ending its line: "Prices are in
    Korean won per kilogram." over "4200 (May 28) → 4900 (June 8) → 7000 (June 15)", or "the
    average prices, in North Korean won:" over "Gasoline 27,000 42,000". The note is one of
    ``notes``, a currency name and a unit after one of ``per_words`` (optional; or before the
    name, followed by one of ``per_after``: "가격은 1kg당 북한 원."). The lines
    below it are read while they are short lines of labels and figures (a line of prose with
    no money in it is passed; one with a figure ends the table, as does a third line of prose
    in a row); a figure in brackets or after a month is a date, and one before a percent word
    a share ("100 pct 1st class"), not a price. Two figures at least.

    Example:
        "Prices are in won per kilogram." over "Rice 4200 → 4900" -> 4,200 and 4,900 won per kg.

    """
    if (named := _named_money(g, h)) is None:
        return []
    surface, per = named
    pt, found, prose = _patterns(g.lang), [], 0
    pos = text.find("\n", h.end())
    while 0 <= pos < len(text) and prose < 3:
        end = text.find("\n", pos + 1)
        end = len(text) if end < 0 else end
        line, lo, pos = text[pos + 1 : end], pos + 1, end
        figures = [m for m in pt.figure.finditer(text, lo, end) if not _dated(text, g, m)]
        figures = [
            m for m in figures if not _bracketed(text, lo, m.start()) and not _share(text, g, m)
        ]
        words = len(_WORDS.findall(_ASIDES.sub(" ", line))) - len(figures)
        if words > _TABLE_WORDS or line.rstrip().endswith("."):
            if figures:
                break  # prose with a figure of its own: the table is over
            prose += 1 if line.strip() else 0
            continue
        prose = 0
        for m in figures:
            value = _value(m, g, surface.factor)
            if figs.free(m.start("num"), m.end()) and value is not None and value > 0:
                found.append(_elided(surface, h.group("cur"), m.start("num"), m.end(), value,
                                     "compose.note-table", per=per))  # fmt: skip
    return found if len(found) >= 2 else []


_TABLE_WORDS = 6  # words in a table's line besides its figures (a label, a date, a place)
_ASIDES = cached_compile(r"[(（][^()（）\n]*[)）]")  # (a date in brackets is no word of the line)


def _share(text: str, g: Grammar, m: regex.Match[str]) -> bool:
    """Tell whether a figure is a percentage ("100 pct 1st class"): a percent word follows it."""
    return next_word(text, g, m.end()) in g.lex.percent_words


def _bracketed(text: str, lo: int, at: int) -> bool:
    """Tell whether ``at`` sits inside brackets opened on its line (from ``lo``)."""
    before = text[lo:at]
    return before.count("(") + before.count("（") > before.count(")") + before.count("）")


def _note_tables(text: str, g: Grammar, figs: _Figures, data: RuleData) -> list[Draft]:
    """Apply ``compose.note-table`` below every note that ends a line."""
    out: list[Draft] = []
    pat, seen = _note(g.lang), 0
    ends = _note_ends(g.lang)
    for lo, hi in _note_lines(text, ends, data["per_words"], g.lex.word_boundaries):
        for h in pat.finditer(text, max(lo, seen), hi):
            out += _taking(figs, note_table(text, g, h, figs, data))
            seen = h.end()
    return out


def _note_lines(
    text: str, ends: tuple[frozenset[str], frozenset[str]], per_words: list[str], spaced: bool
) -> Iterator[tuple[int, int]]:
    """Yield where a note may stand: lines ending in a currency's name, or one, "per", a unit.

    The cheap gate of ``_note``: ``ends`` holds the last words of the currency names and of
    the units; spaces, "." and ":" may close the line. Where words are not spaced, a name
    anywhere near the line's end will do ("价格单位：朝鲜元每公斤"). Each place runs from the
    line before (a note may wrap) through the line's newline.
    """
    currencies, units = ends
    starts = [0, 0]
    for end, line in _lines(_lower_same_length(text)):
        if not spaced:  # (unspaced: a name anywhere near the line's end, "价格单位：朝鲜元每公斤")
            tail = line[-_UNSPACED_TAIL:]
            if any(c in tail for c in currencies):
                yield starts[0], end + 1
            starts = [starts[1], end + 1]
            continue
        words = line.rstrip(" \t\r.:").replace("/", " / ").split()[-5:]
        if words and _name_end(words[-1], currencies):
            yield starts[0], end + 1
        # "in won per metric ton": a name, a per word, a unit of a word or more
        elif words and _name_end(words[-1], units):
            per = [i for i, w in enumerate(words) if 0 < i < len(words) - 1 and w in per_words]
            if any(_name_end(words[i - 1], currencies) for i in per):
                yield starts[0], end + 1
        starts = [starts[1], end + 1]


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield each line that a newline ends, with the newline's offset."""
    lo = 0
    for line in text.split("\n")[:-1]:
        yield lo + len(line), line
        lo += len(line) + 1


_UNSPACED_TAIL = 24  # the end of a line a note's currency name may stand in, in unspaced script


def _name_end(word: str, ends: frozenset[str]) -> bool:
    """Tell whether ``word`` is one of ``ends``, or ends in one where words are not spaced."""
    if word in ends:
        return True
    if word[-1].isascii():
        return False
    return any(word[-k:] in ends for k in range(1, len(word)))


@functools.cache
def _note_ends(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    """Return the last words of the currency names and of the units a note may end in."""
    g = grammar(lang)

    def lasts(names: Iterable[str]) -> frozenset[str]:
        ends = {n.lower().split()[-1].rstrip(".:") for n in names if n.split()}
        return frozenset(e for e in ends if e)

    return lasts(g.lex.currency_nouns), lasts(g.lex.per_nouns)


@functools.cache
def _note(lang: str) -> regex.Pattern[str]:
    """Compile a table's note: "Prices are in Korean won per kilogram." ending its line."""
    g, nd = grammar(lang), rule_data(lang)["compose.note-table"]
    S0, S1 = g.parts["S0"], g.parts["S1"]
    # (where the language writes the unit first: "가격은 1kg당 북한 원.")
    first = ""
    if nd["per_after"]:
        first = rf"(?:\d*{S0}(?P<unit>\L<ntunit>){S0}(?:{alternation(nd['per_after'], S1)}){S0})?"
    return g.compile(
        rf"(?i:(?<!\w)(?:{alternation(nd['notes'], S1)}){S0}{first}(?P<cur>\L<ntcur>)"
        rf"(?:{S0}(?:{alternation(nd['per_words'], S1)}){S0}(?P<unit>\L<ntunit>))?)(?!\w)"
        rf"[ \t]*[.:]?[ \t]*(?=\r?\n)",
        ntcur=sorted(g.lex.currency_nouns),
        ntunit=sorted(g.lex.per_nouns),
    )


def _covered_end(figs: _Figures, m: regex.Match[str]) -> int:
    """Return where the amount a row's figure opens ends: its draft's end, or the figure's."""
    i = bisect.bisect_right(figs.starts, m.start("num")) - 1
    if i >= 0 and figs.spans[i][0] <= m.start("num") < figs.spans[i][1]:
        return max(figs.spans[i][1], m.end())
    return m.end() if figs.free(m.start("num"), m.end()) else -1


@functools.cache
def _major(surface: Surface, lang: str) -> Surface:
    """Return the surface of ``surface``'s major unit ("cts" -> "dollars"), or itself."""
    if surface.factor == 1:
        return surface
    for s in grammar(lang).lex.surfaces_ci.values():
        if s.factor == 1 and s.candidates == surface.candidates and s.kind != "minor":
            return s
    return dataclasses.replace(surface, factor=Decimal(1))


def _results_rows(text: str, g: Grammar, figs: _Figures, data: RuleData) -> list[Draft]:
    """Apply ``compose.results-row`` at every row label, with the table's nearest amount."""
    out: list[Draft] = []
    ds = [d for d in figs.drafts if d.form != "elliptical"]
    if not ds or not any(f" {j} " in text for j in data["joins"]):
        return out  # (every row sets its figures against each other)
    starts = [d.start for d in ds]
    for r in _results_label(g.lang).finditer(text, max(0, ds[0].start - _ROW_REACH)):
        if not text[r.start()].isupper():
            continue  # a row's label is capitalised ("Net", "Revs"); prose says "net"
        i = bisect.bisect_left(starts, r.start())
        before = ds[i - 1] if i > 0 and r.start() - ds[i - 1].end <= _ROW_REACH else None
        after = ds[i] if i < len(ds) and ds[i].start - r.end() <= _ROW_REACH // 2 else None
        frame = before or after
        if frame is None:
            continue
        got = results_row(text, g, r, frame, figs, data)
        for e in got:
            figs.take(e.start, e.end)
        out += got
    return out


_ROW_REACH = 600  # how far from a row its table's amount may stand (characters)


@functools.cache
def _results_label(lang: str) -> regex.Pattern[str]:
    """Compile a results row's label and the row's word after it, before its first figure."""
    g, rd = grammar(lang), rule_data(lang)["compose.results-row"]
    S1 = g.parts["S1"]
    labels, passes = alternation(rd["labels"], S1), alternation(rd["passes"])
    return g.compile(rf"(?<![\w.])(?i:(?:{labels})(?:{S1}(?:{passes}))?){S1}(?=\d)")


def _scaled(
    text: str, g: Grammar, drafts: list[Draft], figs: _Figures, data: RuleData
) -> list[Draft]:
    """Apply ``compose.scaled-series``: each bare scaled figure takes the nearest named sum.

    The sums a story names: scaled amounts that are no conversion in parentheses. A figure
    takes the nearest of its own sentence, else the nearest of the sentence before.
    """
    pt = _patterns(g.lang)
    named = [
        d
        for d in drafts
        if d.scaled
        and d.form != "elliptical"
        and not _OPEN.search(text, max(0, d.start - 4), d.start)
    ]
    if not named:
        return []
    out: list[Draft] = []
    story: _Sums | None = None  # the sentences of the named sums, found on first need
    # a bare scaled figure ends in a scale word: find those (cheap), then the figure before each
    for h in pt.scale_word.finditer(text, _sentence_start(text, pt, named[0].start)):
        if not figs.free(h.start(), h.end()) or not pt.scale_lead.match(text, h.start()):
            continue  # the scale word of an amount ("5 mln dlrs"): so is any figure it ends
        m = _figure_ending(text, pt, h)
        if m is None or not figs.free(m.start(), m.end()):
            continue
        story = story or _Sums(text, pt, named)
        got = story.nearest(text, pt, m.start())
        if got is None:
            continue
        e = scaled_series(text, g, m, got, data)
        if e is not None:
            figs.take(e.start, e.end)
            out.append(e)
    return out


class _Sums:
    """The sums a story names, by the start of their sentences."""

    def __init__(self, text: str, pt: _Patterns, named: list[Draft]) -> None:
        self.sources = [(d, _sentence_start(text, pt, d.start)) for d in named]
        self.by_sentence: dict[int, list[Draft]] = {}
        for x, f in self.sources:
            self.by_sentence.setdefault(f, []).append(x)
        self.ends = [x.end for x, _ in self.sources]

    def nearest(self, text: str, pt: _Patterns, pos: int) -> Draft | None:
        """Return the named sum a bare figure at ``pos`` takes, if any.

        The nearest of its own sentence, else the last of the two sentences before.
        """
        s0 = _sentence_start(text, pt, pos)
        same = self.by_sentence.get(s0, [])
        named = min(same, key=lambda x: abs(x.start - pos), default=None)
        if named is None:
            named = _named_before(self.sources, self.ends, pos, s0)
            if named is None:
                return None
            # the sentence before, or the one before that ("... 165 mln stg from 281 mln stg.
            # Sterling was quoted at ... Analysts had expected profit of around 190 mln.")
            back = _sentence_start(text, pt, s0 - 1)
            if back > named.start and (
                back == 0 or _sentence_start(text, pt, back - 1) > named.start
            ):
                return None
        return named


def _figure_ending(text: str, pt: _Patterns, h: regex.Match[str]) -> regex.Match[str] | None:
    """Return the figure whose scale word is ``h`` ("958.34 billion"), if any."""
    for m in pt.figure.finditer(text, max(0, h.start() - 48), h.end()):
        if m.group("scale") and m.end("scale") == h.end():
            return m
    return None


def _named_before(
    sources: list[tuple[Draft, int]], ends: list[int], pos: int, s0: int
) -> Draft | None:
    """Return the last named sum that ends before ``pos`` in a sentence before ``s0``."""
    i = bisect.bisect_right(ends, pos)
    while i > 0:
        i -= 1
        x, f = sources[i]
        if f < s0:
            return x
    return None


@COMPOSE.rule("elided-range", switch="joiners", joiners="phrases", openers="phrases")
def elided_range(text: str, g: Grammar, lo: Draft, hi: Draft, data: RuleData) -> Draft | None:
    """Join two bare figures of one series written as a range into one amount.

    "between 150 mln and 200 mln" (after a sum named in francs), "around 152 to 153 to the
    dollar": the figures are joined by a range connector (``joiners``; "and" only after an
    opener such as "between"), the low end is lower and at least half the high end. After
    "from" the pair is a movement, two amounts.

    Example:
        "the yen should hold at 152 to 153 to the dollar" -> 152 .. 153 yen per dollar.

    """
    if lo.surface is not hi.surface or lo.high is not None or lo.per != hi.per:
        return None
    gap = " ".join(text[lo.end : hi.start].lower().split())
    before = prev_words(text, lo.start, 1)
    start = lo.start
    if gap in g.lex.range_and:
        opener = _patterns(g.lang).range_opener.search(text, max(0, start - 40), start)
        if opener is None:
            return None
        start = opener.start()
    elif gap not in data["joiners"] or (before and before[0] in g.lex.range_open_to):
        return None  # "from 150 to 160": a movement
    if not (lo.value < hi.value <= lo.value * 2):
        return None
    return add_trace(hi, "compose.elided-range", start=start, value=lo.value, high=hi.value,
                     num_start=lo.start, rule="range")  # fmt: skip


def _join_ranges(text: str, g: Grammar, extra: list[Draft], data: RuleData) -> list[Draft]:
    """Apply ``compose.elided-range`` along the bare figures (in text order)."""
    out: list[Draft] = []
    for e in sorted(extra, key=lambda d: d.start):
        joined = elided_range(text, g, out[-1], e, data) if out else None
        if joined is not None:
            out[-1] = joined
        else:
            out.append(e)
    return out


def figures(
    text: str,
    g: Grammar,
    drafts: list[Draft],
    markers: list[Marker],
    off: frozenset[str] = frozenset(),
) -> list[Draft]:
    """Add the bare figures the passage makes money to the drafts (in text order)."""
    # (with no digit, only a sum in words can lead a series of them: "six-point-four trillion
    # and two-point-one trillion won"; Korean and Chinese write figures in numerals: "漲了三角")
    if not g.cjk and not any(map(str.isdigit, text)) and not any(d.scaled for d in drafts):
        return drafts
    if g.cjk:
        return _cjk_figures(text, g, _rate_figures(text, g, drafts, off), off)
    figs = _Figures(text, g, drafts)
    extra: list[Draft] = []
    if "compose.rate-level" not in off and rule_data(g.lang)["compose.rate-level"]["bases"]:
        extra += rate_levels(text, g, drafts, markers, figs)
    extra += _series(text, g, drafts, figs, off)
    if not extra:
        return drafts
    if "compose.elided-range" not in off:
        extra = _join_ranges(text, g, extra, rule_data(g.lang)["compose.elided-range"])
    return sorted([*drafts, *extra], key=lambda d: (d.start, d.end))


@dataclass(frozen=True, slots=True)
class _ListPatterns:
    """The patterns of ``compose.glued-list`` in one language."""

    figure: regex.Pattern[str]
    item_before: regex.Pattern[str]
    lead: regex.Pattern[str]
    sentence_end: regex.Pattern[str]


@functools.cache
def _list_patterns(lang: str) -> _ListPatterns:
    from moneyx.resolve.context import sentence_end  # noqa: PLC0415 - one sentence rule

    g, data = grammar(lang), rule_data(lang)["compose.glued-list"]
    S0 = g.parts["S0"]
    follow = alternation(data["followers"], S0)
    # a figure led by a digit ("2,150", "1만 2천", "1.3") that ends its clause or takes a listed
    # particle ("1만6천5백에")
    # ("涨7.9%": a figure in percent is no item)
    pct = alternation(g.lex.percent_words, S0)
    unit = rf"(?:(?:{alternation(data['units_before'], S0)}){S0})?" if data["units_before"] else ""
    figure = (
        rf"(?=\d)(?P<num>{g.parts['number']})(?![.,]?\d)(?!{S0}(?:{pct}))"
        rf"(?={S0}(?:[^\w\s]|\Z)|(?:{follow})(?!\w))"
    )
    return _ListPatterns(
        figure=g.compile(figure),
        # ", 옥수수 " / "，玉米": a separator and at most two words naming the item
        # (and the unit it is priced per, written before the figure: ", 옥수수 1kg당 ")
        item_before=g.compile(
            rf"(?r)(?:{alternation(data['separators'], S0)}){S0}"
            rf"(?P<item>[^\W\d_]{{1,10}}(?: [^\W\d_]{{1,10}})?){S0}{unit}\Z"
        ),
        # "옥수수 2,900": a sentence that opens with an item and its figure
        lead=g.anchored(rf"{S0}(?P<item>[^\W\d_]{{1,10}}(?: [^\W\d_]{{1,10}})?){S0}{figure}"),
        sentence_end=sentence_end(lang),
    )


@COMPOSE.rule(
    "glued-list",
    switch="separators",
    separators="phrases",
    followers="phrases",
    not_after="words",
    items="phrases",
    times="phrases",
    units_before="phrases",
)
def glued_list(
    text: str, g: Grammar, d: Draft, m: regex.Match[str], floor: int, data: RuleData
) -> Draft | None:
    """Read a bare figure that a Korean or Chinese price list names after an amount.

    A market report prices the first item in full and the next ones bare, the item glued to
    its figure or a particle after it: "쌀 5,300원, 옥수수 2,150", "大米每斤2.8元，玉米1.3". The
    figure starts with a digit, follows a list separator (``separators``) and one or two words
    naming the item, a word of which starts with a good (``carry.commodity``'s or ``items``) or
    a time of the same series (``times``: "去年同期为650"; not one of ``not_after``: an index,
    a count of visitors is no price), ends its clause or takes
    one of ``followers`` ("1만6천5백에"), and is within a factor of 10 of the amount, whose
    currency it takes. The list goes on into the next sentence when that opens with an item
    naming a good (``carry.commodity``) and its figure ("... 6,000원으로 올랐다. 옥수수 2,900,
    콩 5,400"). The unit the item is priced per may stand between them (``units_before``: "쌀
    1kg당 5,300원, 옥수수 1kg당 2,500으로").

    Example:
        "쌀 5,300원, 옥수수 2,150" -> 2,150 won (elided).

    """
    pt = _list_patterns(g.lang)
    lb = m if floor < 0 else pt.item_before.search(text, max(floor, m.start() - 32), m.start())
    if lb is None or lb.group("item") in data["not_after"] or not _listed_item(g, lb, data):
        return None
    try:
        value = parse_number(m.group("num"), lang=g.lang) * d.surface.factor
    except NumberParseError:
        return None
    if not d.value / 10 <= value <= d.value * 10:
        return None
    return _elided(d.surface, d.written, m.start("num"), m.end("num"), value, "compose.glued-list",
                   frame=d.start)  # fmt: skip


def _listed_item(g: Grammar, lb: regex.Match[str], data: RuleData) -> bool:
    """Tell whether a list item starts with a good or a time ("옥수수", "去年同期为")."""
    goods = (*rule_data(g.lang)["carry.commodity"]["goods"], *data["items"], *data["times"])
    return any(w.startswith(goods) for w in lb.group("item").split())


@COMPOSE.rule("part-figure", switch="words", words="phrases", scales="phrases",
              not_before="phrases")  # fmt: skip
def part_figure(text: str, g: Grammar, m: regex.Match[str], ref: Draft) -> Draft | None:
    """Read a scaled bare figure that "of which" opens as a part of the sum before it.

    "日本政府追加预算31.9万亿日元，其中约11.6万亿用于企业融资", "예산 656조 6천억 원 가운데 약
    18조 7천억은": the figure follows one of ``words`` (and a hedge), carries one of ``scales``,
    is followed by no counter of another thing (``not_before``: 명, 人, %), and is at most the
    sum before it in its sentence (down to a thousandth of it), whose currency it takes.

    Example:
        "追加预算31.9万亿日元，其中约11.6万亿用于企业融资" -> 11.6万亿 yen (elided).

    """
    try:
        value = parse_number(m.group("num"), lang=g.lang) * ref.surface.factor
    except NumberParseError:
        return None
    if not ref.value / 1000 <= value <= ref.value:
        return None
    return _elided(ref.surface, ref.written, m.start("num"), m.end("num"), value,
                   "compose.part-figure", scaled=True, frame=ref.start)  # fmt: skip


@functools.cache
def _part_pattern(lang: str) -> regex.Pattern[str] | None:
    g, pd = grammar(lang), rule_data(lang)["compose.part-figure"]
    if not pd["words"]:
        return None
    S0 = g.parts["S0"]
    return g.compile(
        rf"(?:{alternation(pd['words'], S0)}){S0}(?:(?:\L<pthedge>){S0})?"
        rf"(?P<num>(?=[^\n]{{0,24}}?(?:\L<ptscale>))(?:{g.parts['number']}))"
        rf"(?!{S0}(?:\L<ptnot>))",
        pthedge=sorted(g.lex.hedges) or ["(?!)"],
        ptscale=sorted(pd["scales"]),
        ptnot=sorted(pd["not_before"]) or ["(?!)"],
    )


def _part_figures(text: str, g: Grammar, drafts: list[Draft], off: frozenset[str]) -> list[Draft]:
    """Apply ``compose.part-figure`` after every "of which" that a scaled bare figure follows."""
    pat = _part_pattern(g.lang)
    if pat is None or "compose.part-figure" in off or not drafts:
        return drafts
    pt, figs, extra = _list_patterns(g.lang), _Figures(text, g, drafts), []
    for m in pat.finditer(text, drafts[0].end):
        if not figs.free(m.start("num"), m.end("num")) or not any(
            sc in m.group("num") for sc in rule_data(g.lang)["compose.part-figure"]["scales"]
        ):
            continue
        lo = _sentence_start(text, pt, m.start())
        before = [d for d in drafts if lo <= d.start and d.end <= m.start()]
        e = part_figure(text, g, m, before[-1]) if before else None
        if e is not None:
            figs.take(e.start, e.end)
            extra.append(e)
    return _merged(drafts, extra)


@COMPOSE.rule("scaled-bare", switch="scales", scales="phrases")
def scaled_bare(
    text: str, g: Grammar, m: regex.Match[str], named: Draft, data: RuleData
) -> Draft | None:
    """Read a bare figure with a myriad scale, its clause ended, as the story's scaled sums.

    A Taiwan or Hong Kong story names a sum in full once ("月租中位數2.3萬元") and goes on
    with the scale alone: "(2.23 萬/118 小時)", "則為1.8萬,", "也要1.38萬/月". The figure ends in
    a scale of ``scales`` that no noun follows (only punctuation, a slash or the end), and is
    within 10x of the nearest amount before it in the paragraph written with the same scale
    (``named``), whose currency it takes.

    Example:
        "月租中位數2.3萬元 ... 則為1.8萬," -> 1.8萬 is 18,000 in the 元 of 2.3萬元.

    """
    try:
        value = parse_number(m.group("num") + m.group("scale"), lang=g.lang)
    except NumberParseError:
        return None
    value *= named.surface.factor
    if not named.value / 10 <= value <= named.value * 10:
        return None
    return _elided(named.surface, named.written, m.start(), m.end(), value,
                   "compose.scaled-bare", scaled=True)  # fmt: skip


@functools.cache
def _bare_scaled(lang: str) -> regex.Pattern[str]:
    scales = alternation(rule_data(lang)["compose.scaled-bare"]["scales"])
    return cached_compile(
        rf"(?<![\d.,$＄])(?P<num>\d+(?:\.\d+)?)[ \u00a0]?(?P<scale>{scales})"
        r"(?=[ \u00a0]?(?:[/／)）,，、。；;:：]|\Z))"
    )


def _scaled_bare(
    text: str, g: Grammar, drafts: list[Draft], figs: _Figures, data: RuleData
) -> list[Draft]:
    """Apply ``compose.scaled-bare`` to each bare scaled figure after a named scaled sum."""
    scales = data["scales"]
    named = [
        d
        for d in drafts
        if d.form != "elliptical" and any(c in text[d.start : d.end] for c in scales)
    ]
    return _after_nearest(
        text, figs, named, _bare_scaled(g.lang),
        lambda m, d: m.group("scale") in text[d.start : d.end],
        lambda m, ref: scaled_bare(text, g, m, ref, data),
    )  # fmt: skip


@COMPOSE.rule("money-figure", switch="nouns", nouns="phrases", scales="phrases")
def money_figure(
    text: str, g: Grammar, m: regex.Match[str], drafts: list[Draft], data: RuleData
) -> Draft | None:
    """Read a bare figure with a myriad scale as a sum when its clause names one, or restates it.

    Chinese copy drops the 元 of a round sum where the noun says it is money: "總票房突破20亿,"
    (the box office passed two billion), or writes it out only where it repeats the figure:
    "新增1000億中央投資 ... 占到了1000億元的1/3". A figure ending in a scale of ``scales``,
    either with a noun of ``nouns`` before it in its clause and only punctuation after it, or
    with the same value written as an amount in its paragraph, takes the currency of that
    amount, else of the nearest amount written with a myriad scale.

    Example:
        "總票房突破20亿, ... 首日票房超过8000万元" -> 20亿 is 2,000,000,000 元.

    """
    try:
        value = parse_number(m.group("num") + m.group("scale"), lang=g.lang)
    except NumberParseError:
        return None
    lo, hi = _paragraph(text, m.start())
    named = [
        d
        for d in drafts
        if d.form != "elliptical" and any(c in text[d.start : d.end] for c in data["scales"])
    ]
    same = [d for d in named if lo <= d.start < hi and d.value == value * d.surface.factor]
    if same:
        ref = same[0]
    else:
        opening = max(text.rfind(ch, 0, m.start()) for ch in "。!?！？\n,，;；:：") + 1
        if m.group("end") is None or not any(text.find(n, opening, m.start()) >= 0
                                          for n in data["nouns"]):  # fmt: skip
            return None
        if not named:
            return None
        ref = min(named, key=lambda d: abs(d.start - m.start()))
    return _elided(ref.surface, ref.written, m.start(), m.end("scale"),
                   value * ref.surface.factor, "compose.money-figure", scaled=True)  # fmt: skip


def _paragraph(text: str, at: int) -> tuple[int, int]:
    """Return the bounds of the paragraph (between blank lines) holding ``at``."""
    lo = text.rfind("\n\n", 0, at)
    hi = text.find("\n\n", at)
    return (lo + 2 if lo >= 0 else 0), (hi if hi >= 0 else len(text))


@functools.cache
def _money_scaled(lang: str) -> regex.Pattern[str]:
    scales = alternation(rule_data(lang)["compose.money-figure"]["scales"])
    return cached_compile(
        rf"(?<![\d.,$＄])(?P<num>\d+(?:\.\d+)?)[ \u00a0]?(?P<scale>{scales})"
        r"(?P<end>(?=[ \u00a0]?(?:[)）,，、。；;:：!！?？]|\Z)))?"
    )


def _money_figures(text: str, g: Grammar, drafts: list[Draft], figs: _Figures) -> list[Draft]:
    """Apply ``compose.money-figure`` to each free bare scaled figure."""
    data = rule_data(g.lang)["compose.money-figure"]
    out: list[Draft] = []
    for m in _money_scaled(g.lang).finditer(text):
        if not figs.free(m.start("num"), m.end("scale")):
            continue
        e = money_figure(text, g, m, drafts, data)
        if e is not None:
            figs.take(e.start, e.end)
            out.append(e)
    return out


@COMPOSE.rule("name-hedged", switch="names", names="phrases", hedges="words")
def name_hedged(text: str, g: Grammar, m: regex.Match[str], data: RuleData) -> Draft | None:
    """Read a currency's name, a hedge and a bare figure as one approximate amount.

    North Korean market reports gloss each price in the South's money with the name first and
    no unit after the figure: "휘발유: 20,800원 (한국원 약 2,617)". A name of ``names`` (its
    currency the lexicon's), a hedge of ``hedges`` and a figure that no unit follows make one
    amount, approximate, in that currency; the name's unit written after the figure ("한국 돈
    약 616원") is the amount of the candidate stage, not this rule's.

    Example:
        "(한국원 약 2,617)" -> about 2,617 South Korean won.

    """
    surface = g.lex.surfaces_ci.get(m.group("name"))
    if surface is None:
        return None
    try:
        value = parse_number(m.group("num"), lang=g.lang)
    except NumberParseError:
        return None
    return Draft(
        start=m.start(), end=m.end("num"), value=value, surface=surface,
        written=m.group("name"), form="prefix", rule="prefix-name", scaled=False,
        num_start=m.start("num"), num_end=m.end("num"), approx=True, hedge=m.group("hedge"),
        trace=("compose.name-hedged",),
    )  # fmt: skip


@functools.cache
def _name_hedged_pattern(lang: str) -> regex.Pattern[str] | None:
    data = rule_data(lang)["compose.name-hedged"]
    if not data["names"] or not data["hedges"]:
        return None
    return cached_compile(
        rf"(?<!\w)(?P<name>{alternation(data['names'])})[ \u00a0]?"
        rf"(?P<hedge>{alternation(sorted(data['hedges']))})[ \u00a0]?"
        r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d.,]*\d)(?![ \u00a0]?\w)"
    )


def _name_hedged(text: str, g: Grammar, figs: _Figures) -> list[Draft]:
    """Apply ``compose.name-hedged`` to each name, hedge and bare figure of the text."""
    pat = _name_hedged_pattern(g.lang)
    out: list[Draft] = []
    for m in pat.finditer(text) if pat is not None else ():
        if figs.free(m.start("num"), m.end("num")):
            e = name_hedged(text, g, m, rule_data(g.lang)["compose.name-hedged"])
            if e is not None:
                figs.take(e.start, e.end)
                out.append(e)
    return out


@COMPOSE.rule("headline-figure", switch="scales", scales="phrases")
def headline_figure(
    text: str, g: Grammar, m: regex.Match[str], named: Draft, data: RuleData
) -> Draft | None:
    """Read a bare scaled figure of a headline as the sum the story names in full.

    Chinese headlines drop the currency: "朝鲜三千万向中国出售捕渔权" is the "3000万美元" of
    the story, "周五結餘減至1652.59億" its "1652.59億港元". A figure with a scale of
    ``scales`` on the first line (with no currency of its own) takes the currency of a later
    amount written with the same scale and of exactly its value (``named``).

    Example:
        "朝鲜三千万向中国出售捕渔权" (a headline) ... "以3000万美元的价格" -> 三千万 is
        30,000,000 US dollars.

    """
    try:
        value = parse_number(m.group("num") + m.group("scale"), lang=g.lang)
    except NumberParseError:
        return None
    if value * named.surface.factor != named.value:
        return None
    return _elided(named.surface, named.written, m.start(), m.end(), named.value,
                   "compose.headline-figure", scaled=True)  # fmt: skip


@functools.cache
def _headline_scaled(lang: str) -> regex.Pattern[str]:
    scales = alternation(rule_data(lang)["compose.headline-figure"]["scales"])
    cj = cjk_numerals()
    chars = regex.escape("".join(sorted({*cj.digits, *cj.small})))
    return cached_compile(
        rf"(?<![\d.,$＄])(?P<num>\d+(?:\.\d+)?|[{chars}]+)[ \u00a0]?(?P<scale>{scales})"
    )


def _headline_figures(
    text: str, g: Grammar, drafts: list[Draft], figs: _Figures, data: RuleData
) -> list[Draft]:
    """Apply ``compose.headline-figure`` to the bare scaled figures of the first line."""
    line_end = text.find("\n")
    if line_end <= 0:
        return []
    named = [d for d in drafts if d.start > line_end and d.form != "elliptical"]
    out: list[Draft] = []
    for m in _headline_scaled(g.lang).finditer(text, 0, line_end):
        if not figs.free(m.start("num"), m.end()):
            continue
        for ref in named:
            if m.group("scale") in text[ref.start : ref.end]:
                e = headline_figure(text, g, m, ref, data)
                if e is not None:
                    figs.take(e.start, e.end)
                    out.append(e)
                    break
    return out


def _after_nearest(
    text: str,
    figs: _Figures,
    refs: list[Draft],
    pattern: regex.Pattern[str],
    fits: Callable[[regex.Match[str], Draft], bool],
    read: Callable[[regex.Match[str], Draft], Draft | None],
) -> list[Draft]:
    """Read each free figure ``pattern`` finds after the first of ``refs`` (``read``).

    In the currency of the nearest ref before it that ``fits`` it, in the same stretch of text.
    """
    if not refs:
        return []
    out: list[Draft] = []
    for m in pattern.finditer(text, refs[0].end):
        if not figs.free(m.start("num"), m.end()):
            continue
        ref = next((d for d in reversed(refs) if d.end <= m.start("num") and fits(m, d)), None)
        if ref is None or not _same_stretch(text, ref.end, m.start()):
            continue
        e = read(m, ref)
        if e is not None:
            figs.take(e.start, e.end)
            out.append(e)
    return out


@COMPOSE.rule("subunit-change", switch="units", units="map", changes="phrases", between="phrases",
              to="phrases", followers="phrases", majors="phrases", names="phrases",
              fares="phrases")  # fmt: skip
def subunit_change(
    text: str, g: Grammar, m: regex.Match[str], named: Draft, data: RuleData
) -> Draft | None:
    """Read a change written in the money's tenths or hundredths, in the price's currency.

    Chinese reports give a price in 元 and its move in 角 or 毛 (a tenth) or 分 (a hundredth):
    "玉米价格2.36元/公斤，较上周每公斤上涨2分", "新台幣……升值1.26角，……終場小貶3分", and a
    market's price in 毛 after a word of selling ("原來一斤賣8毛"). The figure (or a range of
    two joined by one of ``to``: "涨了4到5角") and its unit (``units``: the unit's share of the
    元) follow a word of change (``changes``) and end their clause (no character of a word
    after them: not "3分钟", unless one of ``followers``: "貶值2.4角或0.75%"), and take the
    currency of the nearest amount before them in the paragraph that a major unit of ``majors``
    can name (not "3.08億美元": 角 and 分 are tenths of a 元), else of the level they moved to
    right after them in their clause ("貶值8.2分、收在30.332元"), else of the currency their
    sentence names before them (``names``: "新台幣兌美元本周累計貶值2.4角"), else of the major
    unit when a fare or fee (``fares``) is named before them in the sentence ("成人车资每趟车程
    调高6分", "車費上調五至八角": the 元 the place uses). The figure may be written in numerals
    ("漲了三角", "續貶八分", "重貶五．七五角").

    Example:
        "均价为2.76元/500克，较上周下降7分" -> 0.07 of the 元 of 2.76元.

    """
    share = Decimal(data["units"][m.group("unit")])  # of the major unit ("5毛钱" before: 元)
    try:
        value = parse_number(m.group("num"), lang=g.lang) * share
        high = parse_number(m.group("high"), lang=g.lang) * share if m.group("high") else None
    except NumberParseError:
        return None
    if high is not None and high <= value:
        return None
    d = _elided(named.surface, named.written, m.start("num"), m.end("unit"), value,
                "compose.subunit-change")  # fmt: skip
    return d if high is None else d._replace(high=high)


@functools.cache
def _subunit_pattern(lang: str) -> regex.Pattern[str]:
    data = rule_data(lang)["compose.subunit-change"]
    changes = alternation(data["changes"])
    units = alternation(sorted(data["units"]))
    between = rf"(?:{alternation(data['between'])}){{0,2}}" if data["between"] else ""
    cj = cjk_numerals()
    han = regex.escape("".join(sorted({*cj.digits, *cj.small})))
    point = regex.escape("".join(sorted(cj.decimal)))
    num = rf"\d+(?:\.\d+)?|[{han}][{han}{point}]*(?<![{point}])"
    high = rf"(?:(?:{alternation(data['to'])})(?P<high>{num}))?" if data["to"] else ""
    then = rf"|(?:{alternation(data['followers'])})" if data["followers"] else ""
    return cached_compile(
        rf"(?:{changes})[^\d\p{{Han}}]{{0,2}}{between}[ \u00a0]?"
        rf"(?<![{han}])(?P<num>{num}){high}[ \u00a0]?(?P<unit>{units})"
        rf"(?:(?![\p{{Han}}\w]){then})"
    )


def _subunit_changes(
    text: str, g: Grammar, drafts: list[Draft], figs: _Figures, data: RuleData
) -> list[Draft]:
    """Apply ``compose.subunit-change`` to each change in tenths or hundredths after a price."""
    codes = {c for w in data["majors"] for c in g.lex.surfaces_ci[w].candidates}
    refs = [
        d for d in drafts if d.form != "elliptical" and not codes.isdisjoint(d.surface.candidates)
    ]
    out: list[Draft] = []
    names = [n for n in data["names"] if n in text]
    fares = [f for f in data["fares"] if f in text]
    for m in _subunit_pattern(g.lang).finditer(text) if refs or names or fares else ():
        ref = _subunit_ref(text, g, refs, names, m) if figs.free(m.start("num"), m.end()) else None
        if ref is None and fares and figs.free(m.start("num"), m.end()):
            ref = _subunit_fare(text, g, fares, data, m.start())
        e = None if ref is None else subunit_change(text, g, m, ref, data)
        if e is not None:
            figs.take(e.start, e.end)
            out.append(e)
    return out


def fares_named(text: str, g: Grammar) -> bool:
    """Tell whether ``text`` names a fare or a currency a change in tenths may move alone."""
    data = rule_data(g.lang)["compose.subunit-change"]
    return bool(data["units"]) and any(w in text for w in (*data["fares"], *data["names"]))


def _subunit_ref(
    text: str, g: Grammar, refs: list[Draft], names: list[str], m: regex.Match[str]
) -> Draft | None:
    """Return the 元 amount a change in tenths or hundredths moves.

    The nearest before it in the same stretch of text, else the level it moved to right after
    it in its clause ("貶值8.2分、收在30.332元"), else a stand-in for the currency its sentence
    names before it ("新台幣兌美元……貶值2.4角").
    """
    before = next((d for d in reversed(refs) if d.end <= m.start("num")), None)
    if before is not None and _same_stretch(text, before.end, m.start()):
        return before
    after = next((d for d in refs if d.start >= m.end()), None)
    gap = text[m.end() : after.start] if after is not None else "\n"
    if after is not None and len(gap) <= 12 and not any(ch in "。.!?！？\n" for ch in gap):
        return after
    return _subunit_named(text, g, names, m.start())


def _subunit_named(text: str, g: Grammar, names: list[str], at: int) -> Draft | None:
    """Return a stand-in draft for the currency named last before ``at`` in its sentence."""
    opening = max(text.rfind(ch, 0, at) for ch in "。!?！？\n") + 1
    found = [(text.rfind(n, opening, at), n) for n in names]
    pos, name = max(found, default=(-1, ""))
    surface = g.lex.surfaces_ci.get(name) if pos >= 0 else None
    if surface is None:
        return None
    return _elided(surface, name, pos, pos + len(name), Decimal(0), "compose.subunit-change")


def _subunit_fare(
    text: str, g: Grammar, fares: list[str], data: RuleData, at: int
) -> Draft | None:
    """Return a stand-in draft of the major unit when a fare is named before ``at``.

    In the change's own clause ("门票价格下调后，主队在积分榜上增加3分" gains league points).
    """
    opening = max(text.rfind(ch, 0, at) for ch in "。!?！？\n,，;；") + 1
    if not any(text.find(f, opening, at) >= 0 for f in fares):
        return None
    major = data["majors"][0]
    surface = g.lex.surfaces_ci.get(major)
    return None if surface is None else _elided(surface, major, at, at, Decimal(0), "")


def _merged(drafts: list[Draft], extra: list[Draft]) -> list[Draft]:
    """Return ``drafts`` with the figures a rule added, in text order (``drafts`` if none)."""
    return sorted([*drafts, *extra], key=lambda d: (d.start, d.end)) if extra else drafts


def _cjk_figures(text: str, g: Grammar, drafts: list[Draft], off: frozenset[str]) -> list[Draft]:
    """Apply ``compose.glued-list`` after every amount of a Korean or Chinese text."""
    drafts = _part_figures(text, g, drafts, off)
    bare = rule_data(g.lang)["compose.scaled-bare"]
    if "compose.scaled-bare" not in off and bare["scales"]:
        got = _scaled_bare(text, g, drafts, _Figures(text, g, drafts), bare)
        drafts = _merged(drafts, got)
    if "compose.money-figure" not in off and rule_data(g.lang)["compose.money-figure"]["nouns"]:
        drafts = _merged(drafts, _money_figures(text, g, drafts, _Figures(text, g, drafts)))
    if "compose.name-hedged" not in off and rule_data(g.lang)["compose.name-hedged"]["names"]:
        got = _name_hedged(text, g, _Figures(text, g, drafts))
        drafts = _merged(drafts, got)
    head = rule_data(g.lang)["compose.headline-figure"]
    if "compose.headline-figure" not in off and head["scales"]:
        got = _headline_figures(text, g, drafts, _Figures(text, g, drafts), head)
        drafts = _merged(drafts, got)
    sub = rule_data(g.lang)["compose.subunit-change"]
    if "compose.subunit-change" not in off and sub["units"]:
        got = _subunit_changes(text, g, drafts, _Figures(text, g, drafts), sub)
        drafts = _merged(drafts, got)
    table = rule_data(g.lang)["compose.table-header"]
    if "compose.table-header" not in off and table["edges"]:
        cells = _table_headers(text, g, _Figures(text, g, drafts), table)
        drafts = _merged(drafts, cells)
    note = rule_data(g.lang)["compose.note-table"]
    if "compose.note-table" not in off and note["notes"]:
        drafts = _merged(drafts, _note_tables(text, g, _Figures(text, g, drafts), note))
    data = rule_data(g.lang)["compose.glued-list"]
    if "compose.glued-list" in off or not data["separators"]:
        return drafts
    figs = _Figures(text, g, drafts)
    extra: list[Draft] = []
    for d in drafts:
        if d.form == "elliptical" or d.high is not None or d.value <= 0:
            continue
        floor = max(d.end, d.tail)
        while floor >= 0:
            got, floor = _glued_run(text, g, d, figs, floor, data)
            extra += got
    return _merged(drafts, extra)


def _glued_run(
    text: str, g: Grammar, d: Draft, figs: _Figures, floor: int, data: RuleData
) -> tuple[list[Draft], int]:
    """Read the glued list after ``floor`` to its sentence's end.

    Return the figures and where the list goes on (the next sentence, when it opens with an
    item that names a good and its figure: "옥수수 2,900, 콩 5,400"), else -1.
    """
    pt, out = _list_patterns(g.lang), list[Draft]()
    stop = pt.sentence_end.search(text, floor, min(len(text), floor + _REACH))
    end = stop.end() if stop else len(text)
    for m in pt.figure.finditer(text, floor, end):
        if not figs.free(m.start(), m.end()):
            return out, -1  # another amount starts its own series
        e = glued_list(text, g, d, m, floor, data)
        if e is None:
            return out, -1  # the list ends at the first figure it does not price
        figs.take(e.start, e.end)
        out.append(e)
        floor = e.end
    lead = pt.lead.match(text, end)
    if lead is None or not figs.free(lead.start("num"), lead.end("num")):
        return out, -1
    e = glued_list(text, g, d, lead, -1, data)
    if e is None:
        return out, -1
    figs.take(e.start, e.end)
    return [*out, e], e.end


@functools.cache
def _rate_figure_pattern(lang: str) -> regex.Pattern[str] | None:
    g, data = grammar(lang), rule_data(lang)
    rd, bases = data["compose.rate-figure"], data["per.rate-before"]
    if not rd["nouns"]:
        return None
    S0 = g.parts["S0"]
    times = rf"(?:(?:\L<rftimes>){S0}){{0,2}}"  # "汇率昨天一度升至3.52"
    return g.compile(
        rf"(?:(?:(?P<cur>\L<rfbases>){S0}(?:(?:\L<rfbetween>){S0})?)?(?:\L<rfnouns>){S0}"
        rf"{times}(?:(?:\L<rflinks>){S0})?"
        # "美元兑人民币报6.9": the pair itself names the rate, a link before the figure
        rf"|(?P<cur>\L<rfbases>){S0}(?:\L<rfbetween>){S0}{times}(?:\L<rflinks>){S0}"
        # "离岸人民币兑美元一度跌破7.31": the pair written the other way round
        rf"|(?:\L<rfpairs>){S0}(?P<cur>\L<rfbases>){S0}{times}(?:\L<rflinks>){S0})"
        # (a comma after the figure may end its clause: "收報6.3812,較上日")
        rf"(?P<num>\d+(?:\.\d+)?)(?![\d%]|[.,]\d)(?!{S0}(?:\L<rfnot>))",
        rfbases=sorted(bases["currencies"]) or ["(?!)"],
        rfbetween=sorted(bases["between"]) or ["(?!)"],
        rfnouns=sorted(rd["nouns"]),
        rflinks=sorted(rd["links"]),
        rfnot=sorted(rd["not_before"]) or ["(?!)"],
        rftimes=sorted(rd["times"]) or ["(?!)"],
        rfpairs=sorted(rd["pairs"]) or ["(?!)"],
    )


@COMPOSE.rule(
    "rate-figure",
    switch="nouns",
    nouns="phrases",
    links="phrases",
    quoted="words",
    not_before="phrases",
    times="phrases",
    pairs="phrases",
)
def rate_figure(
    text: str, g: Grammar, m: regex.Match[str], base: Surface, data: RuleData,
    names: Mapping[str, str],
) -> Draft | None:  # fmt: skip
    """Read a bare figure right after a Chinese exchange-rate noun as the rate in yuan.

    Chinese wire copy writes the central parity bare: "人民币兑美元中间价报6.8792", "按照汇率6.5
    计算", "美元兑人民币报6.9". The figure follows a rate noun (``nouns``) and a link
    (``links``; a time may come between, ``times``: "汇率昨天一度升至"), or a pair written with
    ``per.rate-before``'s words (or the other way round, ``pairs``: "人民币兑美元一度跌破") and a
    link; the base is the
    foreign currency named before the noun (per ``per.rate-before``'s names) or, when none is,
    the currency of the last amount before it in the sentence; the figure is read in the
    ``quoted`` surface (元: the context decides yuan or North Korean won) and must fit that
    currency's historical band against the base; a counter after it (``not_before``: 点, 倍)
    makes it another quantity.

    Example:
        "人民币兑美元中间价报6.8792" -> 6.8792 yuan (elided; per dollar).

    """
    quoted = g.lex.surface(sorted(data["quoted"])[0]) if data["quoted"] else None
    if quoted is None or base.candidates[0] in quoted.candidates:
        return None
    value = Decimal(m.group("num"))
    # the band of the currency the language reads first (元: the yuan), not of every reading
    if not in_band(value, quoted.candidates[:1], base.candidates[0]):
        return None
    written = sorted(data["quoted"])[0]
    # the base named before the noun prices it in the per stage; a base read from the amount
    # before is not there to read, so its name prices it here
    per = None if m.group("cur") else names.get(base.text.lower())
    return _elided(quoted, written, m.start("num"), m.end("num"), value, "compose.rate-figure", per)


def _rate_figures(text: str, g: Grammar, drafts: list[Draft], off: frozenset[str]) -> list[Draft]:
    """Apply ``compose.rate-figure`` to every rate noun with a bare figure after it."""
    pat = _rate_figure_pattern(g.lang)
    if pat is None or "compose.rate-figure" in off:
        return drafts
    rd, pt = rule_data(g.lang)["compose.rate-figure"], _list_patterns(g.lang)
    figs, extra = _Figures(text, g, drafts), []
    names = rule_data(g.lang)["per.rate-before"]["currencies"]
    for m in pat.finditer(text):
        if not figs.free(m.start("num"), m.end("num")):
            continue
        base = g.lex.surface(m.group("cur")) if m.group("cur") else None
        if base is None:  # "1.75亿美元 ... 按照汇率6.5计算": the last amount's currency
            lo = _sentence_start(text, pt, m.start())
            before = [d for d in drafts if lo <= d.start and d.end <= m.start()]
            base = before[-1].surface if before else None
        e = None if base is None else rate_figure(text, g, m, base, rd, names)
        if e is not None:
            figs.take(e.start, e.end)
            extra.append(e)
    return _merged(drafts, extra)
