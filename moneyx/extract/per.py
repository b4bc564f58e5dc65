"""Per: what an amount is priced per ("a kilogram", "per household", "a month"), and wages.

The per rules run in order for each amount (in text order, so a rule may look at the amount
before); the first that answers gives ``per`` and its id goes into the trace. The role rules then
say whether an amount priced per a period is a wage.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal

import regex

from moneyx.errors import NumberParseError
from moneyx.extract.compose import list_lead
from moneyx.extract.draft import (
    NEW_PARAGRAPH,
    ONE_ITEM,
    Draft,
    breaks_clause,
    next_word,
    one_item,
    opens_equation,
    prev_words,
)
from moneyx.extract.elided import level_fits
from moneyx.lexicon import Lexicon
from moneyx.matcher import Grammar, alternation, grammar, lazy_compile
from moneyx.numbers import parse_number
from moneyx.patcache import cached_compile
from moneyx.resolve import ContextIndex, rate_span
from moneyx.rules import RuleData, registry, rule_data

__all__ = ["assign", "big_sum", "other_sum", "singular", "words_between"]

PER = registry("per")
ROLE = registry("role")

_INSIDE_CLOSE = cached_compile(r"[^()\n]{0,60}\)")
_ASIDE = cached_compile(r"(?<![ \u00a0])[ \u00a0]*+\([^()\n]{1,60}\)")
# the start of a window, or a bare number, right before a "per": that per prices it
_BARE_BEFORE = cached_compile(r"(?r)(?<![\w.,])(?P<n>\d(?:[\d,]*\d)?(?:\.\d+)?)[ \u00a0]*\Z")
# a blank line, or a line that opens indented: a new paragraph
_LOWER_WORD = cached_compile(r"[a-z]+")
_FIGURE_BEFORE = cached_compile(r"(?r)(?<!\d)\d+[ \u00a0]?\Z")  # "2009" of "2009년", "8 " of "8 월"
_ASCII_WORD = cached_compile(r"[A-Za-z]+")
_LETTERS = cached_compile(r"[^\W\d_]+")
_RECIPIENT_TOKEN = cached_compile(r"[\w%.-]+")
_SPACES = frozenset(" \u00a0")
_SPACES_COMMA = frozenset(" ,\u00a0")
_COMPARED_REACH = 40  # a comparison word is this close before the figure it compares
_EACH_REACH = 72  # an open-class "each X" subject must be this close before the amount
_HYPHEN_REACH = 40  # a hyphened "per-capita" compound is this close before its amount ("the
# per-capita GNI of North Korea totaled 1.38 million won"; not "Per-share figures were ...")
_SP = r"[ \u00a0]"
_NEVER = "\u0000never\u0000"  # a named list needs one entry
_LEVEL_REACH = 400  # how far before a level ``per.level-rate`` looks for its currency
_BIG_SUM = Decimal(1_000_000)  # a scaled sum this large is never an exchange rate
_HUGE_SUM = Decimal(1_000_000_000)  # ... nor any sum this large
_TOTAL_FLOOR = Decimal(1_000_000_000)  # a scaled sum this large is a total, not each one's share
_RATE_REACH = 90  # a rate's subject is this close before the amount
# up to two words between a currency and its rate noun ("won-to-dollar market rate")
_ATTACHED = cached_compile(r"(?:[ \u00a0]{1,4}[a-z-]{1,24}){0,2}[ \u00a0]{1,4}")


@dataclass(frozen=True, slots=True)
class _Patterns:
    """The per rules' own patterns in one language, built from their data."""

    rate_per: regex.Pattern[str]
    per_glued: regex.Pattern[str]
    rate_member: regex.Pattern[str]
    rate_one: regex.Pattern[str]
    rate_named: regex.Pattern[str]
    rate_word: regex.Pattern[str]
    rate_base_any: regex.Pattern[str]
    rate_not_before: regex.Pattern[str]
    rate_link: regex.Pattern[str]
    rate_link_before: regex.Pattern[str]
    rate_attach: regex.Pattern[str]
    fx_phrase: regex.Pattern[str]
    rate_before: regex.Pattern[str]
    hereafter: regex.Pattern[str]
    per_open: regex.Pattern[str]
    period_before: regex.Pattern[str]
    period_after: regex.Pattern[str]
    measure_before: regex.Pattern[str]
    measure_counted: regex.Pattern[str]
    measure_any: regex.Pattern[str]
    measure_priced: regex.Pattern[str]
    compared: regex.Pattern[str]
    compared_after: regex.Pattern[str]
    multiple_after: regex.Pattern[str]
    multiple_in: regex.Pattern[str]
    parallel_link: regex.Pattern[str]
    parallel_gap: regex.Pattern[str]
    list_gap: regex.Pattern[str]
    place_after: regex.Pattern[str]
    floating_each: regex.Pattern[str]
    distributive_before: regex.Pattern[str]
    each_open: regex.Pattern[str]
    recipients: regex.Pattern[str]
    each_gate: tuple[str, ...]
    measure_gate: tuple[str, ...]


def _period_patterns(g: Grammar, pa: RuleData) -> dict[str, regex.Pattern[str]]:
    """Build the patterns of ``per.period-adjective``: its adjective before or after the amount."""
    S1 = g.parts["S1"]
    lex = g.lex
    between = rf"(?!{alternation(pa['not_between'])}(?!\w))" if pa["not_between"] else ""
    # not a noun that names a report on the sums: "monthly housing price trends"
    report = rf"(?!{S1}(?:{alternation(pa['reports'])})(?!\w))" if pa["reports"] else ""
    return dict(
        period_before=g.compile(
            # a quoted name between: "a monthly 'loyalty fee' of $500"
            # ... but not a session's word: "the weekly closing price" of a rate is no weekly sum
            rf"(?i:(?<!\w)(?P<adj>\L<padj>){S1}[\"'‘“]?(?:{between}\w+{S1})?(?P<noun>\L<wagen>)(?!\w)"
            rf"{report})",
            padj=sorted(lex.period_adjectives),
            wagen=sorted(lex.wage_nouns | pa["nouns"] | pa["flows"]),
        ),
        # "$100 million in annual income"
        period_after=g.compile(
            rf"(?i:{S1}{alternation(pa['after'], S1)}{S1}(?P<adj>\L<padj>){S1}(?:\w+{S1})?"
            rf"(?P<noun>\L<wagen>)(?!\w))",
            padj=sorted(lex.period_adjectives),
            wagen=sorted(lex.wage_nouns | pa["nouns"] | pa["flows"]),
        ),
    )


def _measure_patterns(g: Grammar, md: RuleData) -> dict[str, regex.Pattern[str]]:
    """Build the patterns of ``per.measure-before``: a unit of measure named before the amount."""
    S0, S1 = g.parts["S0"], g.parts["S1"]
    # the unit restated in another right after it: "a kilogram (2.2 pounds) of rice", "1
    # kilogram or about 2 pounds of rice"
    restated = rf"(?:{S0}\([^()\n]{{1,24}}\)"
    if md["restated"]:
        restated += (
            rf"|,?{S1}(?:{alternation(md['restated'], S1)}){S1}"
            rf"(?:(?:{alternation(sorted(g.lex.hedges), S1)}){S1})?\d[\d.,]*{S1}[^\W\d_]+,?"
        )
    restated += ")?"
    return dict(
        measure_before=g.compile(
            rf"(?i:(?<![\w.,])(?:{alternation(md['determiners'], S1)}{S1}|1(?![\d.,]){S0})"
            # one adjective: "a single", "a regular bowl of", "a small bag of" (not a scale,
            # "1 million tons of sand", nor a unit, "a kilogram sack of rice" is a kilogram)
            rf"(?:(?!(?:{alternation(md['not_adjectives'])}|\L<mult>|\L<meas>)\b)"
            rf"[a-z]{{3,12}}{S1})?"
            # a size before the container: "a 25 kg sack", "a 1-liter bottle", "a two-pound bag"
            rf"(?:(?:\d[\d.,]*|(?!\L<mult>\b)\L<nw>(?![^\W\d_]))(?:{S0}|-)"
            rf"(?!{alternation(md['not_sizes'])}\b)"
            rf"[^\W\d_]+(?:-[^\W\d_]+)?{S1})?"
            # the price verb may follow a short qualifier: "a ride across the city that cost"
            rf"(?P<noun>\L<meas>){restated}(?:{S1}{alternation(md['of'])}(?!\w)"
            rf"|(?=(?:{S1}[a-z][\w'-]*){{0,4}}?{S1}(?:\L<mverb>)(?!\w))))",
            mverb=md["verbs"],
        ),
        # "쌀 1kg에 5,000원", "1公斤大米售价为7000朝元": one unit of measure, counted, before
        measure_counted=g.compile(
            rf"(?<!\d)(?<!\d[.,])(?:(?:\L<sized>){S0}(?P<qty>\d+(?:[.,]\d+)?){S0}"
            rf"|(?:\L<counted>){S0})(?P<noun>\L<meas>)(?![A-Za-z])"
            rf"(?!{S0}(?:\L<mnot>))",
            counted=md["counted"],
            sized=md["sized"] or ["\x00"],
            mnot=md["not_after"],
        ),
        measure_any=g.compile(rf"\d{S0}(?:\L<meas>)(?![A-Za-z])"),
        # "the price of 10 kilograms of apples was": a quantity of a unit the price is for
        # ... or a quantity of a unit of an item that a price verb follows: "Five kilograms of
        # rice went for ¥4,217" (per 5 kg)
        measure_priced=g.compile(
            rf"(?i:(?<!\w)(?:(?:{alternation(md['priced'], S1)}){S1}(?P<size>\d[\d.,]*)(?:{S0}|-)"
            rf"(?P<sunit>\L<meas>){S1}(?:{alternation(md['of'], S1)})(?!\w)"
            rf"|(?<![\d.,])(?P<size>\d{{1,4}}(?:\.\d{{1,2}})?+|(?!\L<mult>\b)\L<nw>(?![^\W\d_]))"
            rf"{S1}(?P<sunit>\L<meas>)"
            rf"{S1}(?:{alternation(md['of'], S1)}){S1}[a-z]{{3,20}}(?:{S1}[a-z]{{3,20}})?"
            rf"{S1}(?:\L<mverb>)(?!\w)))",
            mverb=md["verbs"],
        ),
    )


@functools.cache
def _patterns(lang: str) -> _Patterns:
    g = grammar(lang)
    data = rule_data(lang)
    lex = g.lex
    S1 = g.parts["S1"]
    pa = data["per.period-adjective"]
    md = data["per.measure-before"]
    lead, place = list_lead(lang)
    fe, ed = data["per.floating-each"], data["per.each-subject"]
    return _Patterns(
        **_rate_patterns(g, data),
        per_glued=_per_glued(g),
        hereafter=_hereafter(g, data["per.hereafter"]),
        per_open=_per_open(data["per.open-class"], g.lex.per_price_terms),
        **_period_patterns(g, pa),
        **_measure_patterns(g, md),
        **_compared_patterns(g, data["per.compared"]),
        **_parallel_patterns(g, data["per.parallel"]),
        list_gap=cached_compile(
            lead + rf"{_SP}*(?:[,;]|(?={_SP}*{alternation(lex.list_and)}\b)){_SP}*"
            rf"(?:{alternation(lex.list_contrast)}{_SP}+)?"
        ),
        place_after=cached_compile(rf"(?<!{_SP}){_SP}++" + place),
        floating_each=cached_compile(
            rf"(?i)(?<![\w'])(?:(?P<noun>[a-z]{{3,}}s)|(?P<who>{alternation(fe['people'])}))"
            rf"{_SP}+(?:{alternation(fe['modals'])}{_SP}+)?{alternation(fe['each'])}(?![\w'])"
        ),
        distributive_before=g.compile(
            # "the per-family amount of 30,000 won"
            rf"(?i:(?<!\w)(?P<dw>\L<distr>)(?:{S1}|-)(?P<noun>\L<pern>)(?!\w))",
            distr=lex.distributive,
        ),
        each_open=_each_open(ed),
        recipients=_recipients(g, data["per.recipients-subject"]),
        each_gate=tuple(sorted({w.lower() for w in (*fe["each"], *ed["each"])})),
        measure_gate=tuple(f" {w}" for w in md["of"]) + tuple(md["verbs"]) + md["counted"],
    )


def _per_glued(g: Grammar) -> regex.Pattern[str]:
    """Compile "per 1kg", "per 3.3sqm": a unit written against its quantity after a per word."""
    S0 = g.parts["S0"]
    return g.compile(
        rf"(?i:{S0}(?:\L<perw>|/){S0}(?P<qty>[1-9]\d{{0,3}}(?:\.\d)?)(?P<noun>\L<pern>)(?![A-Za-z])"
        r"(?P<adv>(?!))?)"
    )


def _compared_patterns(g: Grammar, cd: RuleData) -> dict[str, regex.Pattern[str]]:
    """Build ``per.compared``'s patterns: its words before the figure, after it, its multiples."""
    S0 = g.parts["S0"]
    # Korean and Chinese write a comparison against the figure ("5,500원보다", "比上周"): no
    # word edge is asked for there
    lo, hi = (r"(?<!\w)", r"(?!\w)") if g.lex.word_boundaries else ("", "")
    mult = alternation(cd["multiples"])
    return dict(
        compared=cached_compile(rf"(?i){lo}{alternation(cd['words'])}{hi}"),
        # "5,500원보다", "5,500원에 비해", "与5500元相比"
        compared_after=cached_compile(rf"(?i){S0}{alternation(cd['after'])}{hi}"),
        # "33원에서 45배", "24元的80倍", "24元上涨了80倍": a multiple of the figure in its clause
        multiple_after=cached_compile(
            rf"(?i)[^\d,.;:!?。，；：！？\n]{{0,8}}?{S0}\d+(?:\.\d+)?{S0}{mult}{hi}"
        ),
        multiple_in=cached_compile(rf"(?i){lo}{mult}{hi}"),
    )


def _parallel_patterns(g: Grammar, pd: RuleData) -> dict[str, regex.Pattern[str]]:
    """Build ``per.parallel``'s patterns: the link word before a figure, the gap between items."""
    hi = r"(?!\w)" if g.lex.word_boundaries else ""
    lo = r"(?<!\w)" if g.lex.word_boundaries else ""
    return dict(
        # "韩国为2559万韩元,朝鲜为137万韩元", "the South at ..., the North at ...": the link word
        # right before a figure (searched up to it: its end is the figure's start)
        parallel_link=cached_compile(
            rf"(?i){lo}(?P<link>{alternation(pd['links'])})[ \u00a0]*\Z" if pd["links"] else r"(?!)"
        ),
        # the gap that opens a parallel item: past a conversion in brackets and a few words ("last
        # year"), a join of the list
        parallel_gap=cached_compile(
            r"(?i)(?<![ \u00a0])[ \u00a0]*+(?:[(（][^()（）\n]{0,40}[)）][ \u00a0]*)?"
            r"[^\d\n.;。；!?！？(（]{0,20}?"
            rf"(?:{alternation(pd['joins'])}){hi}[^\d\n.;。；!?！？]{{0,24}}"
            if pd["joins"]
            else r"(?!)"
        ),
    )


def _hereafter(g: Grammar, hd: RuleData) -> regex.Pattern[str]:
    """Compile the note that sets the unit of the prices after it: "(이하 kg)", "(이하 1kg)"."""
    S0 = g.parts["S0"]
    return g.compile(
        rf"[(（]{S0}(?:(?:\L<hwords>){S0}(?:1{S0})?(?P<noun>\L<pern>)"
        rf"(?:{S0}(?:\L<htails>))?{S0}[)）]"
        # a header's unit before a colon: "평양 시장 가격(kg당): 쌀 4,900원, 옥수수 2,100"
        rf"|(?:1{S0})?(?P<noun>\L<pern>){S0}(?:\L<htails>){S0}[)）]{S0}[:：])",
        hwords=hd["words"],
        htails=hd["tails"],
    )


def _named_patterns(lex: Lexicon, rs: RuleData) -> dict[str, regex.Pattern[str]]:
    """Build the patterns of a currency named in a rate's sentence (a base, another currency)."""
    particles = rf"(?:(?!\w)|(?={alternation(sorted(lex.particles)) or _NEVER}))"
    return dict(
        # a base written as an amount of its own: one unit ("1달러는", "(1위안)"), or any
        # amount before a word of ``base_after`` ("100엔당")
        rate_one=lazy_compile(
            rf"(?i)(?<![\d.,])(?:1[ ]?(?P<cur>\L<curn>){particles}"
            rf"|\d[\d,.]*[ ]?(?P<cur>\L<curn>)(?={alternation(rs['base_after']) or _NEVER}))",
            curn=sorted(lex.currency_nouns) or [_NEVER],
        ),
        # a currency named anywhere, a figure or a particle against it ("1위안은", "위안화가")
        rate_named=lazy_compile(
            rf"(?i)(?<![^\W\d_])(?P<cur>\L<curn>){particles}",
            curn=sorted(lex.currency_nouns) or [_NEVER],
        ),
    )


def _rate_patterns(g: Grammar, data: Mapping[str, RuleData]) -> dict[str, regex.Pattern[str]]:
    """Build the patterns of the exchange-rate rules (their words and the currency nouns)."""
    lex = g.lex
    rs = data["per.rate-subject"]
    rb = data["per.rate-base"]
    return dict(
        rate_per=_rate_per(rb, lex),
        rate_before=_rate_before(g, data["per.rate-before"]),
        **_named_patterns(lex, rs),
        rate_member=lazy_compile(
            r"(?i)(?<![\w.$€£¥])(?P<cur>\L<curn>)(?P<poss>['’]s)?(?!\w)",
            curn=sorted(lex.currency_nouns) or [_NEVER],
        ),
        rate_word=cached_compile(
            rf"(?i)(?<![\w-])(?:(?P<fx>{alternation(rs['exchange'], _SP + '+')}{_SP}+)?"
            rf"(?P<rw>{alternation((*rs['rates'], *rs['values']), _SP + '+')})(?![\w-])"
            # (a word that is an exchange rate by itself, a particle after it: "환율은")
            rf"|(?P<fxw>{alternation(rs['fx_words'], _SP + '+') or _NEVER})"
            rf"(?=(?:{alternation(rs['fx_particles']) or _NEVER})(?![\w-])))"
        ),
        rate_base_any=lazy_compile(
            rf"(?i)(?<!\w){alternation(rs['connectors'], _SP + '+')}{_SP}+"
            rf"(?:{alternation(rs['determiners'], _SP + '+')}{_SP}+)?(?P<cur>\L<curn>)(?!\w)",
            curn=sorted(lex.currency_nouns) or [_NEVER],
        ),
        rate_not_before=cached_compile(
            rf"(?i){_SP}+{alternation(rs['not_before'], _SP + '+')}(?!\w)"
        ),
        # between a rate and a base that is an amount of its own ("per ¥100", "= $1")
        rate_link=cached_compile(
            rf"(?i){_SP}{{0,4}}(?:(?P<direct>{alternation(rb['direct'], _SP + '+')}|=|/)"
            rf"|{alternation(rb['connectors'], _SP + '+')}){_SP}*"
        ),
        rate_link_before=cached_compile(
            rf"(?i)(?<![\w])(?:{alternation(rb['connectors'], _SP + '+')}|=){_SP}*\Z"
        ),
        rate_attach=cached_compile(
            rf"(?i){_SP}{{1,4}}{alternation(rs['connectors'], _SP + '+')}{_SP}{{1,4}}"
            rf"(?:{alternation(rs['determiners'], _SP + '+')}{_SP}{{1,4}})?"
        ),
        fx_phrase=lazy_compile(
            rf"(?i)(?<!\w)(?:{alternation(rs['exchange'], _SP + '+')}{_SP}+"
            rf"{alternation(rs['rates'], _SP + '+')}"
            rf"|{alternation(rs['fx_words'], _SP + '+') or _NEVER}"
            r"|(?:\L<curn>)(?:-to-|-|/)(?:\L<curn>))(?![\w-])",
            curn=sorted(lex.currency_nouns) or [_NEVER],
        ),
    )


def _rate_per(rd: RuleData, lex: Lexicon) -> regex.Pattern[str]:
    sp = rf"{_SP}{{1,4}}"
    return lazy_compile(
        # "the 144 yen level to the dollar", "the 1,300-won level per the greenback"
        rf"(?i)(?:{sp}{alternation(rd['levels'], sp)})?"
        rf"(?:{sp}(?P<conn>{alternation(rd['connectors'], sp)}){sp}"
        rf"(?P<det>{alternation(rd['determiners'], sp)}){sp}"
        rf"|{sp}(?P<direct>{alternation(rd['direct'], sp)}){sp}|{_SP}{{0,4}}/{_SP}{{0,4}})"
        r"(?P<cur>\L<curn>)(?![\w-])",
        curn=sorted(lex.currency_nouns) or [_NEVER],
    )


def _rate_before(g: Grammar, rd: RuleData) -> regex.Pattern[str]:
    S0 = g.parts["S0"]
    return g.compile(
        # a currency named as such, not the unit of an amount ("1위안은 1,230원": two amounts)
        rf"(?<!\d)(?<!\d[ \u00a0])(?P<cur>\L<rcur>)"
        # a pair ("美元兑日元一度升至", "美元对朝鲜元的汇率为"): the amount is in one of the two
        rf"(?:{S0}(?:\L<rjoin>){S0}(?P<cur2>\L<rcur>){S0}(?:(?:\L<rtail>){S0})?(?:\L<rnouns>)?"
        # the amount close after the pair, or the sentence's first figure after a pair that is
        # its subject ("新台幣兌美元23日早盤展現回升走勢,以30.23元開出"): a date may stand between
        rf"(?=(?:[^\d,.;:!?()\n]|\d{{1,4}}(?=[년월일年月日])){{0,16}}\Z"
        rf"|(?:[^\d.;:!?()\n。！？；]|\d{{1,4}}(?=[년월일시분年月日時分])){{0,40}}\Z)"
        # its rate ("달러 환율은") or the currency itself as the subject ("위안화도", "달러는")
        rf"|(?:{S0}\([^()\n]{{1,12}}\))?{S0}(?:(?:\L<rbetween>){S0})?(?:\L<rnouns>)"
        # the amount follows closely, in the same clause (right after a subject particle); a
        # date or an hour may stand between ("달러 환율은 지난해 10월 8,200원대에서", "오전 10시",
        # "9시 40분")
        rf"(?=(?:[^\d,.;:!?()\n]|\d{{1,4}}(?=[년월일시분年月日時分])){{0,20}}\Z)|(?:\L<rpart>){S0}\Z"
        # the rate of a currency as the subject of its sentence, the first figure after it
        # ("新台幣匯率盤中一路走升，……收盤收30.665元"): no figure between, the sentence not ended
        # ("원·달러는 전거래일 종가(1473.2원)": into a bracket, not past one); a percentage is
        # no figure of the rate ("엔/달러 환율은 전날보다 0.25% 내린 150.110엔")
        rf"|{S0}(?P<subj>(?:\L<rsubj>))"
        rf"(?=(?:[^\d.;:!?)\n。！？；]|\d{{1,3}}(?:\.\d{{1,3}})?[ \u00a0]?%){{0,40}}\Z)"
        # the currency itself as the subject, its close said later in the sentence
        # ("新台幣跌勢難止，今天收盤收在31.447元"): no figure between
        rf"|(?P<subj2>[^\d.;:!?()\n。！？；]{{0,24}}?(?:\L<rclose>))"
        rf"(?=[^\d.;:!?()\n。！？；]{{0,8}}\Z))",
        rcur=sorted(rd["currencies"]),
        rbetween=rd["between"],
        rnouns=rd["nouns"],
        rpart=rd["particles"] or [_NEVER],
        rjoin=rd["pair_joins"] or [_NEVER],
        rtail=rd["pair_tails"] or [_NEVER],
        rsubj=rd["subjects"] or [_NEVER],
        rclose=rd["closes"] or [_NEVER],
    )


def _per_open(od: RuleData, terms: tuple[str, ...] = ()) -> regex.Pattern[str]:
    sp = rf"{_SP}{{1,4}}"
    # "50,000 won flat per transfer", "400 dlrs fob per tonne": a price's terms before the unit
    termed = rf"(?:{sp}(?i:{alternation(terms, _SP + '+')})(?![\w&]))?" if terms else ""
    return cached_compile(
        rf"{termed}{_SP}{{0,4}},?{sp}(?P<op>{alternation(od['openers'], _SP + '+')}){sp}"
        # "for each of the 52,000 workers": the group the amount is spread over, counted
        + (
            rf"(?P<part>(?i:{alternation(od['partitive'], _SP + '+')}){sp}(?:\d[\d,]*{sp})?)?"
            if od["partitive"]
            else ""
        )
        + rf"(?:[a-z]{{2,20}}-[a-z]{{2,20}}{sp})?"
        # a size before the unit: "per 1-liter bottle", "per 152mm shell"
        rf"(?:\d[\d.,]*(?:-[a-z]{{1,10}}|[a-z]{{1,3}}){sp})?"
        # adjectives of the noun and names of its place: "for each eligible adult", "to each
        # eligible Hong Kong permanent resident"
        + (
            rf"(?:(?:{alternation(od['adjectives'], _SP + '+')}|[A-Z][a-z]{{1,15}}){sp}){{0,4}}"
            if od["adjectives"]
            else ""
        )
        # a noun, or an acronym in capitals ("per TEU", "per ADR")
        + r"(?P<w>[a-z]{3,20}|[A-Z]{2,5})(?![\w'’-])"
    )


@functools.cache
def _recipient_gate(lang: str) -> regex.Pattern[str]:
    """Compile the last words of the verbs of receiving: a window without one has no subject."""
    verbs = rule_data(lang)["per.recipients-subject"]["verbs"]
    last = alternation(sorted({v.split()[-1] for v in verbs}))
    return cached_compile(rf"(?i)(?<!\w){last}(?!\w)")


def _recipients(g: Grammar, rd: RuleData) -> regex.Pattern[str]:
    """Compile a counted subject that receives: "2.7 million recipients will be given".

    Or one every member of which receives: "All Singaporeans aged 21 and above will receive".
    """
    S1 = g.parts["S1"]
    return g.compile(
        rf"(?i:(?<![\w.,])(?:\d++(?:[.,]\d++)*+|(?:\L<nw>)(?:-point-\d+)?"
        rf"|(?P<all>{alternation(rd['universal'], S1)}))(?:{S1}(?:\L<mult>))?"
        rf"(?:{S1}[a-z-]{{2,20}}){{0,3}}?{S1}(?P<noun>[a-z]{{3,20}})"
        # "All Singaporeans aged 21 and above will receive", "380 retirees over 65 will get": a
        # subject may be qualified
        rf"(?P<qual>(?:{S1}(?!(?:{alternation(rd['breaks'], S1)})(?!\w))[\w-]{{1,20}}){{0,4}}?),?"
        rf"(?:{S1}{alternation(rd['modals'], S1)}){{0,2}}{S1}{alternation(rd['verbs'], S1)}"
        # a few words to the amount: "will receive a one-time amount of"
        rf"(?:{S1}[a-z-]{{1,20}}){{0,5}}?{S1}?\Z)"
    )


def _each_open(ed: RuleData) -> regex.Pattern[str]:
    return cached_compile(
        rf"(?i)(?<![\w'])(?:{alternation(ed['each'])}){_SP}+"
        # "each of the five players will receive": the plural noun after "of the (N)"
        rf"(?:(?P<of>{alternation(ed['of'])}){_SP}+(?:{alternation(ed['determiners'])}{_SP}+)?"
        rf"(?:[a-z0-9,-]+{_SP}+)?)?"
        rf"(?P<w>[a-z]{{3,20}})(?:{_SP}+(?P<w2>[a-z]{{3,20}}))?"
        # a participle phrase may qualify it: "each citizen residing in Korea as of May 1 will",
        # "every resident aged 18 or above will" (a figure after the participle)
        rf"(?P<part>{_SP}+[a-z]{{2,16}}(?:{alternation(ed['participles'])})"
        rf"{_SP}+(?:{alternation(ed['participle_next'])}|\d{{1,3}}(?![\d,.]))"
        rf"(?:{_SP}+[\w.-]{{1,16}}){{0,7}}?)?"
        # the phrase must be the subject: a modal or a verb of paying or getting follows
        rf"{_SP}+(?P<verb>{alternation(ed['verbs'])})(?![\w'’-])"
    )


# --- shared helpers ------------------------------------------------------------------------------


def words_between(text: str, lo: int, hi: int) -> set[str]:
    """Return the lower-case words of ``text[lo:hi]``."""
    return set(_LOWER_WORD.findall(text[lo:hi].lower()))


def other_sum(words: set[str], lex: Lexicon, unit: str | None) -> bool:
    """Tell whether the words between a priced figure and a later one name another kind of sum.

    A bribe, fine or fee is never priced per the earlier figure's unit. After a unit of goods,
    neither is a wage ("rice at 5,000 won a kilogram, while a laborer earns 9,000 won") nor an
    exchange rate, whose currency is named as a noun ("while the dollar traded at 8,100 won");
    a wage may still share a period ("£5.05 an hour, ... will be paid £4.25").
    """
    if words & lex.other_sums:
        return True
    return unit in lex.carry_units and not (
        words.isdisjoint(lex.wage_nouns)
        and words.isdisjoint(lex.wage_verbs)
        and words.isdisjoint(lex.rate_words)
    )


def other_sum_in(text: str, lo: int, hi: int, lex: Lexicon, unit: str | None) -> bool:
    """Apply ``other_sum`` to ``text[lo:hi]``, inside words where the language marks none.

    Korean and Chinese write a particle against the noun ("월급이", "工资的"): a wage noun is
    found inside a longer word there.
    """
    if lex.word_boundaries:
        return other_sum(words_between(text, lo, hi), lex, unit)
    span = text[lo:hi]
    if any(w in span for w in lex.other_sums):
        return True
    return unit in lex.carry_units and any(
        w in span for words in (lex.wage_nouns, lex.wage_verbs, lex.rate_words) for w in words
    )


def singular(word: str, lex: Lexicon) -> str:
    """Return the singular of an English plural by the endings in ``[plurals]``.

    Example:
        >>> from moneyx.lexicon import lexicon
        >>> [singular(w, lexicon("en")) for w in ("families", "buses", "business", "traders")]
        ['family', 'bus', 'business', 'trader']

    """
    if word in lex.not_plural or word.endswith(lex.singular_endings):
        return word
    for plural, single, min_length in lex.plural_endings:
        if word.endswith(plural) and len(word) >= min_length:
            return word[: len(word) - len(plural)] + single
    return word


def _spread(label: str, lex: Lexicon) -> str:
    """Return the label of an amount spread over ``label``: people are one person each."""
    return lex.people_label if lex.people_label and label in lex.people else label


def _distributed_noun(text: str, g: Grammar, lo: int, hi: int, data: RuleData) -> str | None:
    """Find the noun "each" distributes over.

    It is the sentence's first per-noun or plural noun (its subject, as a rule: "The five
    officials took bribes of $1,000 each" -> official); after "for" or "at" the object. A list
    item after a semicolon is a clause of its own ("rice 30 won per kg; eggs 4 won each"), and a
    unit of measure is no noun "each" spreads over.
    """
    lo = max(lo, text.rfind(";", lo, hi) + 1)
    words = list(_ASCII_WORD.finditer(text[lo:hi]))
    found: list[str] = []
    lex = g.lex
    for k, m in enumerate(words):
        word = m.group()
        low = word.lower()
        if low in data["skip"]:
            continue  # the modal: "each can receive 7 billion won"
        label = lex.per_nouns.get(low)
        if (label is not None and label in lex.label_codes) or low in lex.surfaces_ci:
            continue  # "a dividend of EUR 1.30 apiece", "fell 15 cents to $4.10 each": money
        if label is not None and label not in lex.period_labels:
            if label not in lex.carry_units:
                found.append(label)
        elif (
            (word.islower() or (k == 0 and word.istitle()))
            and len(word) > 3
            and low.endswith("s")
            and low not in lex.not_plural
        ):
            found.append(singular(low, lex))
    if not found:
        return None
    # "sold the phones for 2,000 yuan each": after "for"/"at" the price is per the object
    # (past a bound or hedge: "resold for up to $20,000 each", "sold at about 30 yuan each")
    tail = [w.group().lower() for w in words[-4:]]
    while tail and tail[-1] not in data["objects"] and tail[-1] in g.modifier_words:
        tail.pop()  # a hedge or bound before the amount
    if tail and tail[-1] in data["objects"]:
        return found[-1]
    return found[0]


class _Rates:
    """What the per rules know of a passage's exchange rates so far (one per ``assign`` call).

    ``base`` is the base of the latest quoted rate ("dollar"), ``levels`` the latest rate level
    per base (a change is far smaller than the level it moves); the passage's exchange-rate
    phrases and the bases it names after a connector ("... to the dollar") are read once, when a
    rule first asks.
    """

    __slots__ = ("_fx", "_named", "base", "levels", "priced", "quotes", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.base: str | None = None
        self.levels: dict[str, Decimal] = {}
        # the latest level quoted per base, by the currency it is quoted in (not a level a
        # comparison names: "tumbled to 156.10 yen from 161.50 yen")
        self.quotes: dict[tuple[str, str], Decimal] = {}
        # the per of the latest amount priced per something, by its currency as read alone
        self.priced: dict[str, str] = {}
        self._fx: int | None = None
        self._named: list[tuple[int, str]] | None = None

    def note_per(self, d: Draft) -> None:
        """Remember the per of ``d`` (a conversion's too) when it has one."""
        if d.per is not None:
            self.priced[d.surface.candidates[0]] = d.per

    def note(self, d: Draft) -> None:
        """Remember ``d`` when it is a quoted rate, and its per when it has one."""
        self.note_per(d)
        if d.role == "rate" and d.per is not None:
            self.base = d.per
            self.levels[d.per] = d.value
            if "per.compared" not in d.trace:
                self.quotes[d.per, d.surface.candidates[0]] = d.value

    def fx_before(self, pt: _Patterns, pos: int) -> bool:
        """Tell whether the passage speaks of exchange rates before ``pos``."""
        if self._fx is None:
            m = pt.fx_phrase.search(self.text)
            self._fx = m.start() if m is not None else len(self.text)
        return self._fx < pos or self.base is not None

    def named(self, pt: _Patterns, lex: Lexicon) -> list[tuple[int, str]]:
        """Return the bases the passage names after a connector, in order: (offset, label)."""
        if self._named is None:
            self._named = [
                (m.start(), lex.currency_nouns[m.group("cur").lower()])
                for m in pt.rate_base_any.finditer(self.text)
            ]
        return self._named


class _Site:
    """Where one amount sits: what the per rules read around it (built once per amount)."""

    __slots__ = (
        "adj", "after", "ctx", "d", "g", "lo", "nxt_codes", "nxt_start", "nxt_value", "out",
        "pos", "prev", "prev_end", "rates", "restated", "sent_lo", "text", "window",
    )  # fmt: skip  # not-lexicon: attribute names

    def __init__(
        self,
        text: str,
        g: Grammar,
        ctx: ContextIndex,
        d: Draft,
        prev: Draft | None,
        nxt: Draft | None = None,
        rates: _Rates | None = None,
        restated: Draft | None = None,
        out: list[Draft] | None = None,
    ) -> None:
        self.text, self.g, self.ctx, self.d, self.prev = text, g, ctx, d, prev
        self.out = out if out is not None else []  # the amounts before, priced
        self.restated = restated  # when ``prev`` is a conversion: the amount it restates
        self.nxt_start = nxt.start if nxt is not None else -1  # where the next amount starts
        self.nxt_value = nxt.value if nxt is not None else None
        self.nxt_codes = frozenset(nxt.surface.candidates) if nxt is not None else frozenset()
        self.rates = rates if rates is not None else _Rates(text)
        self.prev_end = prev.end if prev is not None else 0
        pos = d.end if d.end > d.tail else d.tail
        if d.after_mod > pos:
            pos = d.after_mod  # "20 million won or more per person", "300 yuan or so a month"
        self.pos = pos  # after the amount, its phrase, its hedge (and later an aside)
        self.sent_lo = ctx.sentence(d.start)[0]
        lo = max(self.sent_lo, self.prev_end, d.start - 160)
        self.lo = lo  # start of the lookback window
        self.window = text[lo : d.start].lower()
        self.after: regex.Match[str] | None = None  # the per phrase after, when it prices
        self.adj: regex.Match[str] | None = None  # the last period adjective in the window


def codes_of(label: str, lex: Lexicon) -> frozenset[str]:
    """Return the codes a base label can mean ("won" -> KPW, KRW); empty for other labels."""
    return lex.label_codes.get(label, frozenset())


def base_codes(label: str | None, lex: Lexicon) -> list[str]:
    """Return the codes a rate base label names: its main code ("dollar" -> USD) if known.

    Per labels are English in every language ("dollar", "yuan"), so the English lexicon's main
    code of a label decides where the language's own does not know the label.
    """
    if label is None:
        return []
    code = lex.rate_units.get(label) or grammar("en").lex.rate_units.get(label)
    return [code] if code is not None else sorted(lex.label_codes.get(label, ()))


def big_sum(d: Draft) -> bool:
    """Tell whether ``d`` is a sum a scale word makes large ("5 trillion won"): never a rate.

    A broadcast-style figure spells a rate with scale words inside it ("one-thousand-339-point-
    eight won", "33-point-five won"); it is a number, not a scaled sum. A billion or more is a
    sum however it is written ("2,500億美元": the CJK myriads are part of the number).
    """
    return (d.scaled and d.value >= _BIG_SUM) or d.value >= _HUGE_SUM


def _names_other(name: str, d: Draft, lex: Lexicon) -> bool:
    """Tell whether a currency name of one currency names another than the amount's.

    "The Australian dollar slipped to 64.8 US cents": the label ("dollar") may mean the amount's
    own currency, the name does not.
    """
    surface = lex.surfaces_ci.get(" ".join(name.lower().split()))
    return (
        surface is not None
        and surface.explicit
        and surface.candidates[0] not in d.surface.candidates
    )


def _bare_other(name: str, d: Draft, lex: Lexicon) -> bool:
    """Tell whether a bare currency name means another currency than the amount's written one.

    "The dollar eased to 1.3071 Canadian dollars": the amount names its dollar; the bare
    "dollar" of the subject is the one the name means unqualified (the label's main code, as
    a rate base: USD). A name with no main code ("won") decides nothing.
    """
    key = " ".join(name.lower().split())
    surface = lex.surfaces_ci.get(key)
    if surface is None or surface.explicit or not d.surface.explicit:
        return False
    main = lex.rate_units.get(lex.currency_nouns.get(key, ""))
    return main is not None and main not in d.surface.candidates  # not "the won ... Won1,330"


def is_rate_base(label: str | None, d: Draft, lex: Lexicon) -> bool:
    """Tell whether ``label`` is a currency other than the amount's: the amount is a rate.

    A label with a main currency (``rate_units``: "dollar" is the U.S. dollar) makes a rate of
    an amount that cannot be in that currency: "NT$32.558" and "32.16元" per "dollar" (the
    Taiwan dollar against the U.S. one), not "1.71 Swiss francs" per "franc". Another label,
    only of an amount none of its codes can be.
    """
    if label is None:
        return False
    codes = codes_of(label, lex)
    if label in lex.rate_units:
        return bool(codes) and lex.rate_units[label] not in d.surface.candidates
    return bool(codes) and codes.isdisjoint(d.surface.candidates)


# --- the per rules, in order ---------------------------------------------------------------------


@PER.rule("rate-base", switch="connectors", connectors="phrases", determiners="phrases",
          direct="phrases", levels="phrases", numbers="words")  # fmt: skip
def rate_base(s: _Site, data: RuleData) -> str | None:
    """Price an amount "to the dollar" or "per U.S. dollar" per that currency: an exchange rate.

    The base is any currency name the lexicon knows, reported by its label ("the greenback" ->
    "dollar"). A level noun may come between ("the 144 yen level to the dollar"). When the base
    has a number of its own ("200 won for one dollar", "150,000 won to $100": "one dollar" is a
    mention) the pair is two amounts and neither is priced per the other. A weight ("$3 a
    pound") stays a weight.

    Example:
        "8,100 won to the dollar" -> per "dollar"; "7.1 yuan per U.S. dollar" -> "dollar".

    """
    if s.text[s.pos : s.pos + 1] not in _SPACES and s.text[s.pos : s.pos + 1] != "/":
        return None
    rate = _patterns(s.g.lang).rate_per.match(s.text, s.pos)
    if rate is None:
        return None
    lex = s.g.lex
    cur = " ".join(rate.group("cur").lower().split())
    label = lex.currency_nouns[cur]
    base = lex.surface(rate.group("cur"))
    if base is not None and s.d.surface.explicit and base.candidates[:1] == s.d.surface.candidates:
        return None  # "The toll is RM5 vs a ringgit in 1990": one currency against itself
    base_code = base.candidates[0] if base is not None else ""
    if big_sum(s.d) and base_code and not level_fits(s.d.value, s.d.surface.candidates, base_code):
        return None  # "bought $500 million against the yen": a sum traded, no rate
    if rate.group("conn") is None and lex.per_nouns.get(cur, label) != label:
        return None  # "$3 a pound": a weight
    if (
        rate.group("det") is not None
        and rate.group("det").lower() in data["numbers"]
        and rate.start("det") <= s.nxt_start < rate.end()
    ):
        return None  # "200 won for one dollar": the base is an amount of its own
    if rate.start("cur") <= s.nxt_start <= rate.end():
        return None  # "150,000 won to $100": so is a sign's
    return label


@PER.rule("after", not_before="words", quantity_ends="words", workers="words",
          list_marks="phrases", respective="phrases")  # fmt: skip
def after(s: _Site, data: RuleData) -> str | None:
    """Price the amount per the unit right after it: "per kilogram", "a month", "/kg", "monthly".

    Not "a year earlier" (it dates the amount), not "a month's wages", not an adjective of a new
    phrase after a comma ("at £262,825, annual inflation ..."), not a new noun phrase ("1,650
    won, a bowl of naengmyeon ...").

    A distributive adverb after the amount ("씩", each) gives way to a unit written against the
    amount before it ("1인당 10만원씩" is per person, not per item), to a share of people or
    households named earlier in the clause ("가구당 옥수수 10kg과 현금 5천 원씩"), to a
    period written before it ("매달 10만원씩" is per month), or to the unit of the amount listed
    right before it ("kg당 각각 3000원, 2600원씩": both per kg), or, after a word of
    ``respective`` ("각각"), to the one unit of the sentence's priced amounts the list answers
    ("쌀 900원(kg), 옥수수 330원(kg) 등 ... 각각 400원, 420원 씩 하락": per kg);
    a period after a person
    prices a wage ("wages paid at $73.87 per worker per month" is per month; a cost "per person
    per day" stays per person), and so does one after a worker (``workers``: "firms pay about
    $160 per worker a month", "1,500 rubles per worker per day" to the state's company).

    Example:
        "5,000 won per kilogram" -> "kg"; "3,000 won a month" -> "month".

    """
    if s.after is None:
        return None
    if not s.after.group("noun") and (
        (unit := before_suffix(s, rule_data(s.g.lang)["per.before-suffix"]))
        or (unit := _share_before(s))
        or (unit := _period_before(s))
        or (unit := _listed_with(s, data["list_marks"], data["respective"]))
    ):
        return unit
    label = _label(s.after, s.g.lex)
    if _spread(label, s.g.lex) == s.g.lex.people_label:
        # "$73.87 per worker per month": a wage's period, over its people
        then = _after_match(s.text, s.g, s.after.end(), data)
        if (
            then is not None
            and (period := _label(then, s.g.lex)) in s.g.lex.period_labels
            and (
                (s.after.group("noun") or "").lower() in data["workers"]
                or wage(s, period, rule_data(s.g.lang)["role.wage"])
            )
        ):
            return period  # not a cost "per person per day"; "per worker a month" is pay
        if s.adj is not None and s.adj.group("noun").lower() in s.g.lex.wage_nouns:
            # "a minimum monthly wage of $74 per worker": the wage's period
            return s.g.lex.period_adjectives[s.adj.group("adj").lower()]
    return label


@PER.rule("buys-one", switch="verbs", verbs="phrases", counts="phrases", units="words")
def buys_one(s: _Site, data: RuleData) -> str | None:
    """Price the amount per the one unit it buys, said right after it.

    "本地人凭粮票0.5元买一斤大米" (half a yuan buys a jin of rice), "5,000 won buys a kilogram
    of rice", "1,200 won (40 cents) for 1kg": one of ``verbs``, a count of one (``counts``) and a
    unit of weight or volume (a label of ``units``), right after the amount or its aside. Not
    one item ("45 dlrs bought a ticket", "8,200 won bought one dollar"), nor a sum that buys a
    quantity ("would buy about six kilograms").

    Example:
        "0.5元买一斤大米" -> "jin".

    """
    pat = _buys_one(s.g.lang)
    m = pat.match(s.text, s.d.end) or (pat.match(s.text, s.pos) if s.pos > s.d.end else None)
    label = None if m is None else s.g.lex.per_nouns.get(m.group("noun").lower())
    return label if label in data["units"] else None


@functools.cache
def _buys_one(lang: str) -> regex.Pattern[str]:
    g, data = grammar(lang), rule_data(lang)["per.buys-one"]
    S0, S1 = g.parts["S0"], g.parts["S1"]
    gap = S1 if g.lex.spaced else S0
    return g.compile(
        rf"(?i:{gap}(?:{alternation(data['verbs'] or [_NEVER], S1)}){gap}"
        # (a figure may touch its unit: "for 1kg")
        rf"(?:{alternation(data['counts'] or [_NEVER], S1)}){S0}(?P<noun>\L<bpern>))"
        # (a whole word: not the "T" of "a T-shirt")
        + (r"(?![^\W\d_]|-[^\W\d_])" if g.lex.spaced else ""),
        bpern=sorted(g.lex.per_nouns) or [_NEVER],
    )


def _listed_with(s: _Site, marks: tuple[str, ...], respective: Collection[str]) -> str | None:
    """Return the unit of the amounts listed right before this one ("3000원, 2600원씩"), if any.

    Only a list mark (``[per.after] list_marks``: a comma) lies between each two; the nearest
    unit back along the list is taken. A list a word of ``respective`` opens answers the
    sentence's amounts before it: their one unit, if they share one.
    """
    cur, out = s.d, s.out
    for p in reversed(out):
        if s.text[p.end : cur.start].strip() not in marks:
            break
        if p.per is not None:
            return p.per
        cur = p
    head = s.text[max(s.sent_lo, cur.start - 12) : cur.start]
    if not any(w in head for w in respective):
        return None
    pers = {p.per for p in out if s.sent_lo <= p.start < cur.start and p.per}
    return pers.pop() if len(pers) == 1 else None


def _period_before(s: _Site) -> str | None:
    """Return the period a period noun before the amount names ("매달"), if any."""
    label = period_noun(s, rule_data(s.g.lang)["per.period-noun"])
    return label if label in s.g.lex.period_labels else None


def _quantity_unit(text: str, g: Grammar, m: regex.Match[str]) -> bool:
    """Tell whether "per 100 kilos" prices per that quantity of the unit.

    Not a currency ("947.6 won per 100 yen": the base is an amount of its own), and not an
    adjective of a later noun ("per 15 tonne lot": a word not of ``[per.after] quantity_ends``
    follows).
    """
    lex = g.lex
    if _currency_noun(m, lex):
        return False
    nxt = next_word(text, g, m.end())
    return not nxt or not nxt.isalpha() or nxt in rule_data(g.lang)["per.after"]["quantity_ends"]


def _after_match(text: str, g: Grammar, pos: int, data: RuleData) -> regex.Match[str] | None:
    lex = g.lex
    m = g.per_after.match(text, pos)
    if m is None:
        # "820 won per 1kg": one unit glued to its number (not a currency: "1달러 당 6.8위안" is
        # a rate quoted per the amount, as "per 100 yen" is below)
        m = _patterns(g.lang).per_glued.match(text, pos)
        return None if m is not None and _currency_noun(m, lex) else m
    noun = m.group("noun")
    if (
        noun
        and lex.per_nouns.get(noun.lower()) in lex.period_labels
        and text[pos : m.start("noun")].replace(",", " ").strip().lower() in lex.articles
        and next_word(text, g, m.end()) in data["not_before"]
    ):
        return None  # "a year earlier" (", a year earlier") dates the amount, it does not price it
    if text[m.end() : m.end() + 2] in ("'s", "’s"):
        return None  # "a month's wages" is a quantity of wages, not a price per month
    if noun and text.startswith("-", m.end()) and text[m.end() + 1 : m.end() + 2].isalpha():
        return None  # "a year-on-year rise", "a month-long strike": a compound's first word
    if (
        noun
        and lex.period_not_before
        and lex.per_nouns.get(noun.lower()) in lex.period_labels
        and text[m.end() : m.end() + 8].lstrip().startswith(lex.period_not_before)
    ):
        return None  # "50万元一夜之间变成了废纸": overnight, a span of time, not per night
    if m.groupdict().get("qty") and not _quantity_unit(text, g, m):
        return None
    if NEW_PARAGRAPH.search(text, pos, m.end()):
        return None  # "a charge of 467 mln dlrs\n    Per share impact ...": the next paragraph
    if (
        m.group("adv")
        and "," in text[pos : m.start("adv")]
        and next_word(text, g, m.end()).isalpha()
    ):
        return None  # "at £262,825, annual inflation ...": the adjective of a new phrase
    lead = text[pos : m.start("noun")].split() if noun else []
    if (
        lead
        and "," in text[max(0, pos - 1) : m.start("noun")]  # (a comma that closed a gloss too)
        and lead[-1].lower() in lex.articles
        and lex.per_nouns.get(noun.lower()) not in lex.period_labels
    ):
        return None  # "1,650 won, a bowl of naengmyeon costing ...": a new noun phrase
    return m


@PER.rule("rate-before", switch="nouns", currencies="map", nouns="phrases", between="phrases",
          particles="phrases", pair_joins="phrases", pair_tails="phrases",
          default_base="phrases", subjects="phrases", stops="phrases",
          closes="phrases")  # fmt: skip
def rate_before(s: _Site, data: RuleData) -> str | None:
    """Price an amount per the currency whose exchange rate is named just before it.

    Korean names the rate first: "달러 환율은 1만 8000원", "원·위안 환율은 1270원", "딸라(달러)
    값이 8000원대", or the currency as the subject (``particles``): "위안화도 1,150원에서
    1,230원으로 올랐다". A rate whose base is written as an amount ("1달러는 1만 7900원") is
    two amounts, neither priced (the base's own amount is never priced per itself), and a rate
    with no currency named ("당시 환율(1만 8100원)") prices nothing. A pair joined by one of
    ``pair_joins`` ("美元兑日元一度升至151.7日元", "人民币对美元汇率中间价报7.1058元") prices
    the amount per the member it is not in. A rate noun of ``subjects`` after a currency, the
    subject of its sentence, reaches the sentence's first figure, unless a word of ``stops``
    between names another kind of sum ("위안화는 ... 쌀값은 5,000원"). When the named currency may
    be the amount's own, no other named ("新台幣匯率盤中一路走升，……收盤收30.665元"; or the
    currency, the subject, with a word of ``closes`` later in the clause: "新台幣跌勢難止，今天收盤
    收在31.447元"), the rate
    is quoted against ``default_base`` (the dollar), as the English "the yen exchange rate"
    is, unless the story sets the amount in another of its currencies ("人民币汇率从1,250元" in a
    North Korean market: the yuan in won, per the yuan).

    Example:
        "달러 환율은 1만 8000원" -> "dollar".

    """
    if not data["nouns"] or big_sum(s.d):
        return None  # (a sum with a scale word is never a rate: "投資2,500億美元")
    if data["pair_joins"] and _pair_after(s.g.lang).match(s.text, s.d.end):
        return None  # "收报1美元兑1312.5韩元": the base written as an amount of its own
    if base_after(s.g.lang).match(s.text, s.d.end):
        return None  # "1달러 당 147.59엔": this amount is the base the rate is quoted per
    pt = _patterns(s.g.lang)
    found = None
    for m in pt.rate_before.finditer(s.text, max(s.lo, s.d.start - 48), s.d.start):
        found = m
    if found is None:
        return None
    # (a subject's clause may name another kind of sum: "新台幣升值，台積電股價收盤收在1,050元")
    after = found.end("cur") if found.group("subj2") else found.end()
    if (found.group("subj") or found.group("subj2")) and any(
        w in s.text[after : s.d.start] for w in data["stops"]
    ):
        return None
    if found.group("cur2") and _pair_priced(s, found.end(), data):
        return None  # "美元兌新台幣昨日走弱,……一斤高麗菜跌到35元": a price, not the rate
    if found.group("cur2"):  # a pair: the base is the member the amount is not in
        names = [n for n in (found.group("cur"), found.group("cur2")) if not _names_own(s, n)]
        return data["currencies"][names[0].lower()] if len(names) == 1 else None
    if _names_own(s, found.group("cur")):
        if s.d.value == 1:
            return None  # "달러 환율은 1달러에 8,150원": the base's own amount, priced per nothing
        first = _pair_before(s.g.lang).search(s.text, max(0, found.start() - 12), found.start())
        if first is not None:  # "달러·위안 환율은 ... 6.9534위안": the pair's other member
            label: str = data["currencies"][first.group("cur").lower()]
            return label
        return _own_rate(s, found.group("cur"), data)
    return str(data["currencies"][found.group("cur").lower()])


_PAIR_NEAR = 16  # how far after a pair the amount is its rate with no check of the words between


def _pair_priced(s: _Site, end: int, data: RuleData) -> bool:
    """Tell whether the words between a pair that opens its sentence and the amount price it.

    A word of ``stops``, a good of ``carry.commodity`` or a unit of measure between them ("一斤
    高麗菜", "金饰价格", "A股成交额") makes the amount another kind of sum; near the pair, only
    a word of ``stops`` ("汇率走低，曼谷一碗牛肉面涨到60泰铢").
    """
    gap = s.text[end : s.d.start]
    if s.d.start - end <= _PAIR_NEAR:
        return any(w in gap for w in data["stops"])
    goods = rule_data(s.g.lang)["carry.commodity"]["goods"]
    words = (*data["stops"], *goods, *s.g.lex.measures)
    return any(w in gap for w in words)


@PER.rule("rate-after", switch="ends", particles="phrases", ends="phrases")
def rate_after(s: _Site, data: RuleData) -> str | None:
    """Price an amount per the currency whose rate a clause right after it qualifies.

    Korean writes a relative clause before its noun: "8,000원을 밑돌던 달러 환율" (the dollar
    rate that had been below 8,000 won), "1,400원을 넘어선 원·달러 환율". The amount, a particle
    (``particles``), one verb with an adnominal ending (``ends``), then a currency and a rate
    noun of ``per.rate-before``: the amount is a level of that rate.

    Example:
        "8,000원을 밑돌던 달러 환율이 다시 올랐다" -> "dollar".

    """
    if not data["ends"]:
        return None
    pt = _rate_after(s.g.lang)
    m = pt.match(s.text, s.pos)
    if m is None and s.d.after_mod > s.d.end:  # the verb is the amount's bound: "넘는 달러 환율"
        m = pt.match(s.text, s.d.end)
    if m is None or _names_own(s, m.group("cur")):
        return None
    label: str = rule_data(s.g.lang)["per.rate-before"]["currencies"][m.group("cur").lower()]
    return label


@PER.rule("relative-unit", switch="ends", particles="phrases", ends="phrases")
def relative_unit(s: _Site, data: RuleData) -> str | None:
    """Price an amount per the unit a relative clause after it gives the good it qualifies.

    Korean writes the clause before its noun: "6200원에 거래되던 휘발유(1kg) 가격이" (the price
    of petrol (1kg) that traded at 6,200 won), "5천원 하던 쌀 1kg이". The amount, a particle
    (``particles``), one verb with an adnominal ending (``ends``), a good of
    ``carry.commodity`` and its unit of measure, written alone or as one of it.

    Example:
        "6200원에 거래되던 휘발유(1kg) 가격이 8000원으로 올랐다" -> "kg".

    """
    pat = _relative_unit(s.g.lang)
    m = pat.match(s.text, s.d.end)
    if m is None and s.d.after_mod > s.d.end:  # the verb is the amount's bound: "1만원이 넘는"
        m = pat.match(s.text, _bound_verb_start(s.text, s.d.after_mod))
    if m is None:
        return None
    unit = " ".join(m.group("unit").lower().split())
    return s.g.lex.per_nouns.get(unit) or unit


def _bound_verb_start(text: str, after_mod: int) -> int:
    """Return where the word that ends at ``after_mod`` (a bound's verb, "넘는") begins."""
    at = after_mod
    while at > 0 and not text[at - 1].isspace():
        at -= 1
    return at


@functools.cache
def _relative_unit(lang: str) -> regex.Pattern[str]:
    """Compile ``per.relative-unit``: a particle, a relative verb, a good and its unit."""
    d = rule_data(lang)["per.relative-unit"]
    goods = rule_data(lang)["carry.commodity"]["goods"]
    if not d["ends"] or not goods:
        return cached_compile(_NEVER)
    lex = grammar(lang).lex
    verb = rf"[^\s\d.,;:!?()\"'“”]{{0,6}}{alternation(d['ends'])}"
    units = alternation(sorted(lex.measures, key=len, reverse=True))
    return cached_compile(
        rf"(?i)(?:{alternation(d['particles'])})?{_SP}*{verb}{_SP}+(?:{alternation(goods)})"
        rf"{_SP}*(?:[(（]{_SP}*1?{_SP}*(?P<unit>{units}){_SP}*[)）]|{_SP}*1{_SP}*(?P<unit>{units}))"
    )


@functools.cache
def _rate_after(lang: str) -> regex.Pattern[str]:
    """Compile ``per.rate-after``: a particle, a relative verb, a currency and its rate noun."""
    d, rb = rule_data(lang)["per.rate-after"], rule_data(lang)["per.rate-before"]
    verb = rf"[^\s\d.,;:!?()\"'“”]{{0,6}}{alternation(d['ends'])}"
    pair = r"(?:[^\s\d]{1,3}[·/ㆍ-]?)?"  # "원·달러", "엔달러"
    return cached_compile(
        rf"(?i)(?:{alternation(d['particles'])})?{_SP}*{verb}{_SP}+{pair}"
        rf"(?P<cur>{alternation(rb['currencies'])}){_SP}*(?:{alternation(rb['nouns'])})"
    )


@functools.cache
def _pair_before(lang: str) -> regex.Pattern[str]:
    """Compile the first member of a pair and its join right before the second ("달러·")."""
    rd = rule_data(lang)["per.rate-before"]
    return cached_compile(
        rf"(?<![\w])(?P<cur>{alternation(sorted(rd['currencies']), _SP + '+')}){_SP}{{0,2}}"
        rf"(?:{alternation(rd['pair_joins'] or [_NEVER], _SP + '+')}){_SP}{{0,2}}\Z"
    )


@functools.cache
def _pair_after(lang: str) -> regex.Pattern[str]:
    """Compile "兑1312.5" after an amount: a pair's join, then a figure."""
    joins = rule_data(lang)["per.rate-before"]["pair_joins"]
    return cached_compile(rf"{_SP}{{0,2}}(?:{alternation(joins, _SP + '+')}){_SP}{{0,2}}\d")


def _own_rate(s: _Site, name: str, data: RuleData) -> str | None:
    """Price an amount after the rate of a currency it may itself be in ("新台幣匯率……30.665元").

    Where the story also sets the amount in another of its candidates (a North Korean market:
    "人民币汇率从1,250元", the yuan in won), the rate is that currency's price: per the named
    one. Otherwise it is the named currency's own rate, against ``default_base`` (the dollar).
    """
    lex = s.g.lex
    named = lex.surface(name)
    own = set(named.candidates) if named is not None else set()
    others = set(s.d.surface.candidates) - own
    if others & s.ctx.codes_with_cues():
        label: str = data["currencies"][name.lower()]
        return label
    return next((b for b in data["default_base"] if is_rate_base(b, s.d, lex)), None)


def _names_own(s: _Site, name: str) -> bool:
    """Tell whether the currency ``name`` can be the one the amount is in."""
    base = s.g.lex.surface(name)
    return base is not None and bool(set(base.candidates) & set(s.d.surface.candidates))


@PER.rule("before-suffix", counted="words", times="phrases", determiners="words",
          subjects="phrases", fillers="phrases", counters="words", counts="words",
          compares="phrases", each="words")  # fmt: skip
def before_suffix(s: _Site, data: RuleData) -> str | None:
    """Price the amount per a unit written before it with a postposition: "1kg당 5,000원".

    Not the unit of an amount before it: "1달러당 1만4200원" is a rate written as two amounts;
    not a period that a figure dates ("2009년에 5,000원" is in 2009, "5월 1일에는" on May 1),
    unless it is one of the periods (``counted``) that "1" counts ("1년에 500만원": a year),
    nor one a determiner points at (``determiners``: "그 일에 5,000원을 썼다" is "on that
    matter", "지난 주에" a date), nor the end of a time word (``times``: "작년에는" is last
    year). A time said between the unit and the amount (``times``: "kg당 이달 초 6,000원"), or
    the time it is compared with (``compares``: "kg당 지난주보다 200원 떨어진"), is passed, as
    are the amount's own hedge and a filler right before it ("리터당 평균 1515.6원", "kg당 약
    5,000원"), and so is the subject the unit prices, one or two words ending in a particle of
    ``subjects`` with a word of ``fillers`` after it ("3.3㎡당 전세가격은 평균 900만원"), unless a
    period is named there ("1인당 월평균 임금은 160달러" is a monthly wage). A counter noun
    (``counters``: "마리", "포기") prices only after a count of one (``counts`` or "1": "한 마리에
    500위안"), not as the noun it also is ("사업 포기에 1억원"), unless a postposition of
    ``each`` makes it "each" ("닭은 마리당 350원").

    Example:
        "쌀 1kg당 5,000원" -> "kg".

    """
    lex = s.g.lex
    if not lex.per_before_suffix:
        return None
    end = _past_lead(s, s.d.start, data["fillers"])
    tp = _time_before(s.g.lang)
    tm = None if tp is None else tp.search(s.text, max(s.prev_end, end - 24), end)
    end = tm.start() if tm is not None else end
    pb = s.g.per_before.search(s.text, max(s.prev_end, end - 24), end)
    if pb is None and (sp := _subject_before(s.g.lang)) is not None:
        sm = sp.search(s.text, max(s.prev_end, end - 32), end)
        if sm is not None and _period_before(s) is None:  # "1인당 월평균 임금은": the period's
            pb = s.g.per_before.search(s.text, max(s.prev_end, end - 48), sm.start()) or (
                s.g.per_before.search(s.text, max(s.prev_end, end - 48), sm.start("last") - 1)
            )  # ("배럴당 가격은": the unit is the subject's first word)
    if pb is None:
        return None
    label = lex.per_nouns[pb.group("noun").lower()]
    if (
        pb.group("noun") in data["counters"]
        and pb.group("post") not in data["each"]
        and not _one_counted(s.text, pb.start("noun"), data)
    ):
        return None  # "사업 포기에 1억원": the noun, not the counter ("마리당": each)
    qty = _quantity_before(s.text, pb.start("noun"), s.g.lang)
    if qty is not None and pb.group("noun").lower() in lex.measures and qty[0] != 1:
        label = lex.sized_label(qty[0], pb.group("noun"), qty[1])  # "100g당", "3백g당": 100g
    head = s.text[max(0, pb.end("noun") - 8) : pb.end("noun")]
    if any(head.endswith(t) for t in data["times"]):
        return None  # "작년에는 3만원": the noun ends a time word (last year), no period
    if label in lex.period_labels:
        m = _FIGURE_BEFORE.search(s.text, max(0, pb.start("noun") - 8), pb.start("noun"))
        if m is not None and not (m.group().strip() == "1" and label in data["counted"]):
            return None  # "2009년에 5,000원", "5월 1일에는": a date, not a period
        if not data["determiners"].isdisjoint(
            s.text[max(0, pb.start("noun") - 4) : pb.start("noun")].split()[-1:]
        ):
            return None  # "그 일에", "지난 주에": that one, not each
    return label


def _past_lead(s: _Site, end: int, fillers: Collection[str]) -> int:
    """Move ``end`` back past a currency phrase, the amount's own hedge and a filler word.

    "kg당 우리 돈 1천6백원", "리터당 평균 1515.6원", "kg당 약 5,000원": the unit still prices
    the amount.
    """
    if s.g.lex.currency_phrases_before:  # past the currency phrase
        ph = s.g.currency_phrase_before.search(s.text, max(s.prev_end, end - 24), end)
        end = ph.start() if ph is not None else end
    base = max(s.prev_end, end - 16)
    head = s.text[base:end].rstrip()
    for word in [*([s.d.hedge] if s.d.hedge else []), *sorted(fillers, key=len, reverse=True)]:
        cut = head[: -len(word)] if word and head.endswith(word) else None
        if cut is not None and (not cut or not cut[-1].isalnum()):
            head = cut.rstrip()
    return base + len(head) if len(head) < len(s.text[base:end].rstrip()) else end


def _one_counted(text: str, at: int, data: RuleData) -> bool:
    """Tell whether a count of one stands right before the counter at ``at`` ("한 마리")."""
    words = text[max(0, at - 6) : at].split()
    return bool(words) and (words[-1] in data["counts"] or words[-1].endswith("1"))


_QTY_BEFORE = cached_compile(r"(?r)(?<![\d.,])\d+(?:[.,]\d+)*(?:[십백천만千百万萬])?[ \u00a0]?\Z")


def _quantity_before(text: str, at: int, lang: str) -> tuple[Decimal, bool] | None:
    """Read the quantity written right before a unit at ``at`` ("3.75g", "3백g", "100 g").

    Return it with whether it is written against the unit (no space between).
    """
    m = _QTY_BEFORE.search(text, max(0, at - 10), at)
    if m is None:
        return None
    try:
        qty = parse_number(m.group().strip(), lang=lang).normalize()
    except NumberParseError:
        return None
    return qty, not m.group()[-1].isspace()


@functools.cache
def _time_before(lang: str) -> regex.Pattern[str] | None:
    """Compile "이달 초 " before an amount: one or two times said right before it (reverse)."""
    g, data = grammar(lang), rule_data(lang)["per.before-suffix"]
    if not data["times"]:
        return None
    S0, S1 = g.parts["S0"], g.parts["S1"]
    one = alternation(data["times"], S1)
    cmp = rf"(?:{S0}{alternation(data['compares'], S1)})?" if data["compares"] else ""
    return g.compile(rf"(?r)(?<!\w)(?:{one})(?:{S1}(?:{one}))?{cmp}{S0}\Z")


@functools.cache
def _subject_before(lang: str) -> regex.Pattern[str] | None:
    """Compile "전세가격은 평균 " before an amount: the subject a unit prices (reverse).

    An aside in brackets may stand before its particle ("국제유가(두바이유)는").
    """
    g, data = grammar(lang), rule_data(lang)["per.before-suffix"]
    if not data["subjects"]:
        return None
    S0, S1 = g.parts["S0"], g.parts["S1"]
    fill = rf"(?:{S1}(?:{alternation(data['fillers'], S1)}))?" if data["fillers"] else ""
    return g.compile(
        # (an aside may stand before the particle: "배럴당 국제유가(두바이유)는 71.8달러")
        rf"(?r)(?<!\S)(?:[^\W\d]{{1,10}}{S1})?(?P<last>[^\W\d]{{1,10}}?(?:\([^()\n\d]{{1,12}}\))?"
        rf"(?:{alternation(data['subjects'])}))"
        rf"{fill}{S0}\Z"
    )


@functools.cache
def _share_noun(lang: str) -> regex.Pattern[str] | None:
    """Compile "가구당": a unit noun and the per word written against it (anywhere)."""
    g = grammar(lang)
    if not g.lex.per_before_suffix or not g.lex.per_words:
        return None  # only where the per word is written after its noun
    return g.compile(
        rf"(?P<noun>\L<sharen>){g.parts['S0']}(?:\L<sharew>)(?!\w)",
        sharen=sorted(g.lex.per_nouns),
        sharew=sorted(g.lex.per_words),
    )


def _share_before(s: _Site) -> str | None:
    """Return the share a 당-noun names earlier in the clause ("가구당 ... 현금 5천 원씩").

    Only a share of people or households: not a measure nor a period, which price goods.
    """
    lex, label = s.g.lex, None
    pat = _share_noun(s.g.lang)
    for pb in pat.finditer(s.text, max(s.lo, s.prev_end), s.d.start) if pat else ():
        label = lex.per_nouns[pb.group("noun").lower()]
    if label is None or label in lex.carry_units or label in lex.period_labels:
        return None
    return label


@PER.rule("rate-subject", switch="rates", determiners="phrases", connectors="phrases",
          exchange="phrases", rates="phrases", values="phrases", not_before="phrases",
          stops="words", joins="words", relative="words", verbs="words",
          default_base="phrases", base_after="phrases", epithets="words",
          market="words", fx_words="phrases", fx_particles="phrases",
          clause_ends="phrases", subordinators="words")  # fmt: skip
def rate_subject(s: _Site, data: RuleData) -> str | None:
    """Price an amount per the currency the clause quotes: "the dollar traded at 8,000 won".

    The subject is a currency ("the U.S. dollar fetched 149 yen", "Hyesan saw the yuan at
    4,920 won", "a U.S. dollar was worth around 9,100 won", "the Yuan price ... rose to 780
    won") or an exchange rate ("the won-dollar exchange rate closed at 1,421 won", "the rate of
    won to dollar ... was 16,200 won"; a bare "the rate" once the passage speaks of exchange
    rates). The base is the named currency that is not the amount's; when only the amount's own
    currency is named ("the yen was sold to the 151 yen level", "the yen exchange rate rose to
    144 yen") it is the one the sentence or the passage quotes against ("... to the dollar"),
    else, for an exchange rate, the dollar. Nothing between the subject and the amount may name
    another sum ("the dollar's rise lifted the price of rice to 8,000 won"), and a sum with a
    scale word ("5 trillion won") is never a rate, nor is an amount that a word of
    ``base_after`` and a figure follow ("원/엔 재정환율은 100엔당 862.40원": the base itself).
    A base named after a connector with a figure between it and the amount is that figure's
    ("the pound ended against the dollar at 1.6175 and edged up to 2.957 marks"): passed over.
    A bare name of the amount's own label is its unqualified currency when the amount names
    another ("The dollar eased to 1.3071 Canadian dollars" is per the US dollar).

    Example:
        "the dollar traded at 8,100 won in Hyesan" -> "dollar"; "the won-to-yuan rate was 1,250
        won" -> "yuan".

    """
    d, lex = s.d, s.g.lex
    if big_sum(d) or d.gloss_of is not None:
        return None
    pt = _patterns(s.g.lang)
    link = _link_to_next(s, pt)
    if link is not None and (
        link.group("direct") is not None
        or 1 in (s.nxt_value, d.value)
        or not s.nxt_codes & set(d.surface.candidates)
    ):
        return None  # "947.6 won per ¥100", "635 to 1 RMB", "150,000 won to $100": the base is
        # an amount of its own (and "1 yuan to 1,180 won": this is the base)
    if d.value == 1 and pt.rate_link_before.search(s.text, max(0, d.start - 12), d.start):
        return None  # "635 to 1 RMB": this is the base
    if data["base_after"] and base_after(s.g.lang).match(s.text, d.end):
        return None  # "100엔당 862.40원": the rate is quoted per this amount
    lo = max(s.sent_lo, s.prev_end, d.start - 200)
    members = _rate_members(s, pt, lo, data)
    rates, stop = _rate_words(s, pt, lo, members, data)
    if stop or not (members or rates):
        return None
    anchor = max([e for _, e, _ in members] + [e for _, e in rates])
    if not _rate_gap(s, anchor, data):
        return None
    found = _member_base(s, members, data)
    if found is not None:
        return found
    if _one_unit_before(s, pt) or _base_of_one(s):
        return None  # (a base written as one unit of its own: both amounts, no per)
    fallback = _rate_fallback(s, pt)
    if fallback is not None:
        return fallback
    exchange = [r for r in rates if r[0] >= 0]
    if exchange and not _other_named(s, pt):
        return next((b for b in data["default_base"] if is_rate_base(b, d, lex)), None)
    return None


def _other_named(s: _Site, pt: _Patterns) -> bool:
    """Tell whether the sentence or the one before names a currency other than the default base.

    "1위안은 1,150원에 거래됐다. 환율은 한 달 전보다 50원 올랐다": the rate is the yuan's, not
    the dollar's the bare rate word would default to.
    """
    lo = s.ctx.sentence(max(0, s.sent_lo - 2))[0] if s.sent_lo > 0 else 0
    defaults = rule_data(s.g.lang)["per.rate-subject"]["default_base"]
    return names_third(s.text, s.g, lo, s.d.start, s.d, defaults)


def names_third(
    text: str, g: Grammar, lo: int, hi: int, d: Draft, bases: Collection[str]
) -> bool:
    """Tell whether [lo, hi) names a currency that is neither ``d``'s own nor one of ``bases``.

    "Sterling traded around 1.5750 dlrs. It slid to 2.917 marks": the marks are sterling's,
    whatever an earlier story quoted them against.
    """
    lex = g.lex
    for m in _patterns(g.lang).rate_named.finditer(text, lo, hi):
        label = lex.currency_nouns[m.group("cur").lower()]
        codes = codes_of(label, lex)
        if label not in bases and codes and codes.isdisjoint(d.surface.candidates):
            return True
    return False


def _one_unit_before(s: _Site, pt: _Patterns) -> bool:
    """Tell whether the sentence writes its rate's base as an amount of its own before the amount.

    "1달러는 북한 돈 1만 7900원에 거래 ... 당시 환율(1만 8100원)", "위안화(1위안) 환율은 혜산
    1320원", "100엔당 원화 환율은 912원": the base is written as its own number, and the rates
    are priced per nothing.
    """
    for m in pt.rate_one.finditer(s.text, s.sent_lo, s.d.start):
        if codes_of(s.g.lex.currency_nouns[m.group("cur").lower()], s.g.lex).isdisjoint(
            s.d.surface.candidates
        ):
            return True
    return False


def _base_of_one(s: _Site) -> bool:
    """Tell whether the amount is one unit right before another currency's amount ("1달러에").

    "환율은 1달러에 8000원": the base an exchange rate is quoted per, priced per nothing itself.
    """
    near = 0 <= s.nxt_start - s.d.end <= _BASE_GAP
    base = s.d.value in _BASES  # (one unit, or a hundred: "엔화 환율은 100엔에 950원")
    return base and near and not s.nxt_codes & set(s.d.surface.candidates)


_BASES = frozenset({Decimal(1), Decimal(10), Decimal(100), Decimal(1000)})
_BASE_GAP = 6  # the characters between a base of one and the rate it is quoted with


def _link_to_next(s: _Site, pt: _Patterns) -> regex.Match[str] | None:
    """Return the rate link between the amount and the next ("947.6 won per ¥100"), or None.

    From past an aside, or from the amount itself when its restatement follows ("100 old won
    to 1 new won").
    """
    for at in (s.pos, s.d.end):
        if 0 <= s.nxt_start - at <= 12:
            m = pt.rate_link.fullmatch(s.text, at, s.nxt_start)
            if m is not None:
                return m
    return None


def _member_base(s: _Site, members: list[tuple[int, int, str]], data: RuleData) -> str | None:
    """Return the currency of the clause's members that the amount is quoted against."""
    d, lex = s.d, s.g.lex
    for start, end, label in reversed(members):
        if _based_before(s, start, end, data):
            continue  # "ended against the dollar at 1.6175 and edged up to 2.957 marks": the
            # pound's first quote took that base; the next one quotes the subject again
        if is_rate_base(label, d, lex) or _names_other(s.text[start:end], d, lex):
            return label
        if _bare_other(s.text[start:end], d, lex):
            return label  # "The dollar eased to 1.3071 Canadian dollars": the US dollar
    return None


def _based_before(s: _Site, start: int, end: int, data: RuleData) -> bool:
    """Tell whether a currency after a connector is the base of a figure before the amount.

    A figure between the two ("ended against the dollar at 1.6175 and edged up to 2.957
    marks"), or right before the currency with a join after it ("fell from 0.9322 to 0.9298
    against the Swiss franc, and also dropped to 0.9729 Canadian dollars": the franc closed
    the quote before).
    """
    if not any(ch.isdigit() for ch in s.text[end : s.d.start]):
        before = s.text[max(s.sent_lo, start - 40) : start]
        joined = set(_LOWER_WORD.findall(s.text[end : s.d.start].lower())) & data["joins"]
        if not (joined and any(ch.isdigit() for ch in before)):
            return False
    words = _LOWER_WORD.findall(s.text[max(s.sent_lo, start - 24) : start].lower())
    if words and words[-1] in data["determiners"]:
        words.pop()
    return bool(words) and words[-1] in data["connectors"]


@functools.cache
def _rate_header(lang: str) -> regex.Pattern[str] | None:
    """Compile a header that opens a list of one currency's rates ("Other dollar rates were:")."""
    hd, lex = rule_data(lang)["per.rate-header"], grammar(lang).lex
    if not hd["rates"] or not lex.currency_nouns:
        return None
    return cached_compile(
        rf"(?i)(?<![\w.$€£¥])(?P<cur>{alternation(sorted(lex.currency_nouns), _SP + '+')})"
        rf"{_SP}+{alternation(hd['rates'], _SP + '+')}(?!\w)[^.;:\d]{{0,80}}?"
        rf"(?:{alternation(hd['heads'], _SP + '+')}{_SP}*:?|:)"
    )


@PER.rule("rate-header", switch="rates", rates="phrases", heads="phrases")
def rate_header(s: _Site, data: RuleData) -> str | None:
    """Price every quote of a list per the currency its header names.

    Wire copy lists one currency's rates after a header: "Other late dollar rates in New York,
    compared to late Wednesday, included: 1.8131 West German marks, down from 1.82275; 1.5100
    Swiss francs, ...". The header (a currency noun, one of ``rates``, then within a few words
    one of ``heads`` or a colon) opens the amount's sentence, and the amount is in a currency
    the header's can be quoted in.

    Example:
        "Other dollar rates were: 1.6833 Swiss francs" -> "dollar".

    """
    pat = _rate_header(s.g.lang)
    if pat is None or big_sum(s.d):
        return None
    window = s.text[s.sent_lo : s.d.start].lower()
    if not any(r in window for r in data["rates"]):
        return None  # (most sentences: no header word, no search)
    m = pat.search(s.text, s.sent_lo, s.d.start)
    if m is None:
        return None
    label = s.g.lex.currency_nouns[" ".join(m.group("cur").lower().split())]
    return label if is_rate_base(label, s.d, s.g.lex) else None


@PER.rule("rate-list", switch="joins", joins="phrases")
def rate_list(s: _Site, data: RuleData) -> str | None:
    """Price the next quote of a currency, joined to the one before, per the same base.

    Wire copy quotes one currency in several others in a row: "The euro was quoted at $1.1385
    and 122.23 yen", "Sterling was quoted at 1.6810 dlrs and 2.8550 marks". The amount follows
    a quote priced as a rate (``role.rate``) in its sentence, joined to it by one of ``joins``
    only, and is in another currency that the base can be quoted in.

    Example:
        "The euro was quoted at $1.1385 and 122.23 yen" -> 122.23 yen per "euro".

    """
    x, d = s.prev, s.d
    if x is None or x.role != "rate" or not x.per or s.prev_end < s.sent_lo:
        return None
    gap = " ".join(s.text[s.prev_end : d.start].lower().split())
    if gap not in data["joins"] or not set(x.surface.candidates).isdisjoint(d.surface.candidates):
        return None
    return x.per if is_rate_base(x.per, d, s.g.lex) else None


@PER.rule("rate-gapped", switch="joins", joins="phrases", determiners="words")
def rate_gapped(s: _Site, data: RuleData) -> str | None:
    """Price a quote whose verb is left out per the currency named right before it.

    A market report quotes two rates in one sentence and leaves the second verb out: "the
    dollar fetched 3,050 won, and the yuan 390 won", "one yuan bought 60 won and the dollar 420
    won". The amount follows a quote priced as a rate (``role.rate``) or a base written as an
    amount, in its sentence, past one of ``joins``, a determiner (``determiners``) and a
    currency noun other than the amount's own.

    Example:
        "the dollar fetched 3,050 won, and the yuan 390 won" -> 390 won per "yuan".

    """
    x, lex = s.prev, s.g.lex
    if x is None or s.prev_end < s.sent_lo or (x.role != "rate" and x.value != 1):
        return None
    words = s.text[s.prev_end : s.d.start].lower().replace(",", " , ").split()
    for n in (3, 2, 1):  # the currency right before the amount ("..., and the yuan 390 won")
        label = lex.currency_nouns.get(" ".join(words[-n:])) if n < len(words) else None
        if label is None or not is_rate_base(label, s.d, lex):
            continue
        rest = words[:-n]
        if rest[-1] in data["determiners"]:
            rest = rest[:-1]
        text = " ".join(rest)
        if any(text == j or text.endswith(" " + j) for j in data["joins"]):
            return label  # (past the first quote's own words: "on Monday")
    return None


def _pronoun_quote(s: _Site, lo: int, data: RuleData) -> str | None:
    """Return the base of the rate quoted by the sentence before (``lo``) that "it" opens."""
    first = s.text[lo : s.sent_lo].split(None, 1)
    x = s.prev
    if not first or first[0].lower() not in data["pronouns"] or x is None or x.start < lo:
        return None
    return x.per if x.role == "rate" and is_rate_base(x.per, s.d, s.g.lex) else None


@PER.rule("rate-pronoun", switch="pronouns", pronouns="words", links="words")
def rate_pronoun(s: _Site, data: RuleData) -> str | None:
    """Price a quote whose subject is a pronoun per the currency the sentence before opens with.

    Markets copy names the currency once and goes on with "it": "The dollar weakened to 139.80
    yen. It later recovered to 140.10 yen", "Against the Japanese yen, it was trading at 105.28
    yen", "By midday it was quoted at $1.27". The amount's clause (after the sentence's last
    comma) holds one of ``pronouns``, and only one to four words stand between it and the
    amount (``links``, the lexicon's movement words, ``per.rate-subject``'s verbs). The
    sentence before opens with a currency (after at most a short phrase and a comma) and then
    a verb of the same kinds. That currency is the base; when it is the amount's own ("The yen
    rose. It closed at 140 yen"), the base is the one the sentence or passage quotes against,
    as for ``per.rate-subject``. An amount earlier in the amount's sentence must be a rate ("Shares
    of Hanbit gained 1,300 won, and it ended at 98,000 won": "it" is the shares).

    Example:
        "The dollar weakened to 139.80 yen. It later recovered to 140.10 yen." -> 140.10 yen per
        "dollar".

    """
    d, lex = s.d, s.g.lex
    if big_sum(d) or d.gloss_of is not None:
        return None
    if s.prev is not None and s.prev_end > s.sent_lo and s.prev.role != "rate":
        return None  # "Shares of Hanbit gained 1,300 won, and it ended at": another subject
    pt = _patterns(s.g.lang)
    verbs = rule_data(s.g.lang)["per.rate-subject"]["verbs"]
    # the clause: what follows the sentence's last comma before the amount
    words = [w.strip("\"“‘'") for w in s.text[s.sent_lo : d.start].rsplit(",", 1)[-1].split()]
    at = max((i for i, w in enumerate(words) if w.lower() in data["pronouns"]), default=-1)
    if at < 0 or not 1 <= len(words) - at - 1 <= 4:
        return None
    allowed = data["links"] | verbs | s.g.lex.movement
    if any(w.lower() not in allowed for w in words[at + 1 :]):
        return None
    # the sentence may open with the currency itself before the pronoun's clause ("The won
    # finished at 1,143.9 ..., the strongest since 2000 when it ended at 1,138.3"); else the
    # sentence before does
    m = _rate_opener(s.g.lang).match(s.text, s.sent_lo, d.start)
    if m is None or m.group("verb").lower() not in allowed:
        if s.sent_lo == 0:
            return None
        lo, _ = s.ctx.sentence(s.sent_lo - 1)
        m = _rate_opener(s.g.lang).match(s.text, lo, s.sent_lo)
        quoted = _pronoun_quote(s, lo, data) if m is None else None
        if quoted is not None:
            return quoted  # "It touched ¥150.11 per the greenback. It was at ¥149.87"
    if m is None or m.group("verb").lower() not in allowed:
        return None
    label = lex.currency_nouns[" ".join(m.group("cur").lower().split())]
    if is_rate_base(label, d, lex):
        return label
    if label in d.surface.candidates or codes_of(label, lex) & set(d.surface.candidates):
        return _rate_fallback(s, pt)
    return None


@functools.cache
def _rate_opener(lang: str) -> regex.Pattern[str]:
    """Compile a sentence that opens with a currency and a verb: "The dollar weakened"."""
    g = grammar(lang)
    dets = rule_data(lang)["per.rate-subject"]["determiners"]
    return cached_compile(
        rf"(?i)[\s\W]{{0,3}}(?:[^,.;:\n]{{1,40}},{_SP}+)?"
        rf"(?:(?:{alternation(dets, _SP + '+')}){_SP}+)?"
        rf"(?P<cur>\L<curn>)(?!\w){_SP}+(?P<verb>[^\W\d_]+)",
        curn=sorted(g.lex.currency_nouns) or [_NEVER],
    )


@PER.rule("level-rate", switch="stops", stops="words")
def level_rate(s: _Site, data: RuleData) -> str | None:
    """Price a currency's round level per the currency the passage quotes it against.

    Foreign-exchange copy names levels without a subject: "the market is likely to try the
    140 yen level", "a break below the 1,300-won mark". The amount is such a level
    (``compose.level-phrase``); no word of ``stops`` (shares, stock, index ...) stands in its
    sentence before it; and the latest amount of its currency before it is not priced per a
    good ("1.7175 dlrs per lb ... above the 1.72 dlr level"). The base is the
    other currency the sentence names before the amount; else, unless that sentence's subject
    is the amount's own currency ("the Canadian dollar to rally above the 77.00 cent level":
    one label), the one ``per.rate-subject`` falls back to (named after a connector in the
    sentence, the passage's latest quoted rate, a base it names), else the nearest other
    currency named in the 400 characters before. The level must lie in the range a rate of the
    amount's currency (as read alone) against that base has ever covered (``rate_span``), so
    "the 2,000 yen level" of a share is no dollar rate.

    Example:
        "The dollar fell in Tokyo. Dealers expect a test of the 140 yen level." -> "dollar".

    """
    d, lex = s.d, s.g.lex
    if big_sum(d) or d.gloss_of is not None or "compose.level-phrase" not in d.trace:
        return None
    if set(_LOWER_WORD.findall(s.text[s.sent_lo : d.start].lower())) & data["stops"]:
        return None
    code = d.surface.candidates[0]
    last = s.rates.priced.get(code)
    if last is not None and not codes_of(last, lex):
        return None  # "1.7175 dlrs per lb ... above the 1.72 dlr level": a price's level
    pt = _patterns(s.g.lang)
    base, own = None, False
    for m in pt.rate_member.finditer(s.text, s.sent_lo, d.start):  # "the Canadian dollar"
        name = " ".join(m.group("cur").lower().split())
        label = lex.currency_nouns[name]
        if is_rate_base(label, d, lex) or _names_other(name, d, lex):
            base = label
        else:
            own = True  # "the Canadian dollar to rally above the 77.00 cent level"
    if base is None and own:
        return None  # quoted in its own label: only a base named beside it would tell
    base = base or _rate_fallback(s, pt)
    if base is None:  # the nearest other currency named in the paragraph before
        for m in pt.rate_member.finditer(s.text, max(0, d.start - _LEVEL_REACH), d.start):
            label = lex.currency_nouns[" ".join(m.group("cur").lower().split())]
            if is_rate_base(label, d, lex):
                base = label
    # the amount's own currency as read alone (a "dlr" level is no Taiwan dollar rate)
    span = rate_span([code], base_codes(base, lex)) if base else None
    return base if span is not None and span[0] <= d.value <= span[1] else None


@functools.cache
def _member_tails(lang: str) -> frozenset[str] | None:
    """Return the last run of letters of each currency noun, case-folded (None: a noun has none).

    A noun ``rate_member`` matches stands alone (no word character before or after it), so its
    last run of letters is a whole run of letters of the text: a window holding none of these
    runs names no currency, and the costly pattern need not run (most amounts are no rate).
    """
    tails = set()
    for noun in grammar(lang).lex.currency_nouns:
        runs = _LETTERS.findall(noun.casefold())
        if not runs:
            return None
        tails.add(runs[-1])
    return frozenset(tails)


@functools.cache
def base_after(lang: str) -> regex.Pattern[str]:
    """Compile "당 862.40원" after an amount: a word making it a rate's base, then a figure."""
    words = rule_data(lang)["per.rate-subject"]["base_after"]
    return cached_compile(rf"{_SP}{{0,2}}(?:{alternation(words, _SP + '+')}){_SP}{{0,2}}\d")


def _rate_members(s: _Site, pt: _Patterns, lo: int, data: RuleData) -> list[tuple[int, int, str]]:
    """Return the currencies the clause names as a subject or a pair: (start, end, label)."""
    text, lex = s.text, s.g.lex
    out: list[tuple[int, int, str]] = []
    tails = _member_tails(s.g.lang)
    if tails is not None and tails.isdisjoint(_LETTERS.findall(text[lo : s.d.start].casefold())):
        return out
    for m in pt.rate_member.finditer(text, lo, s.d.start):
        name = " ".join(m.group("cur").lower().split())
        after = text[m.end() : m.end() + 24]
        label = lex.currency_nouns[name]
        before = text[max(s.sent_lo, m.start() - 24) : m.start()]
        opens = not before.strip(" \u00a0\"“‘'") or before.lower().strip() in data["determiners"]
        if after.lstrip()[:1].isdigit() or (
            lex.per_nouns.get(name, label) != label
            and not (opens and m.start() < s.sent_lo + 8)
            and not _moves_next(after, data, lex)
        ):
            continue  # "a pound of rice" is a weight ("The pound ended" opens its sentence,
            # "the pound slipped to $1.3965" moves), "Euro 2024" a name
        if pt.rate_not_before.match(text, m.end()):
            continue  # "a dollar of the money": not the currency as a subject
        pair = regex.match(r"[ \u00a0]?(?:-to-|-|/)[ \u00a0]?", after)
        if pair is not None and pt.rate_member.match(text, m.end() + pair.end()) is None:
            continue  # "dollar-denominated", "yen-buying"
        words = _LOWER_WORD.findall(before.lower())
        if not (
            pair is not None
            or before.rstrip().endswith(("-", "/"))
            or not before.strip(" \u00a0\"“‘'")
            or (words and (words[-1] in data["determiners"] or words[-1] in data["connectors"]))
            or (words[-2:-1] and words[-1] in data["epithets"] and words[-2] in data["determiners"])
            # a clause that opens with the bare name before its verb: "In New York, sterling
            # nudged up to $1.17325"
            or (before.rstrip().endswith((",", ";")) and _moves_next(after, data, lex))
        ):
            continue  # a currency word that is no subject ("paid in dollars"); "the 15-nation
            # euro" is one
        out.append((m.start(), m.end(), label))
    return out


def _moves_next(after: str, data: RuleData, lex: Lexicon) -> bool:
    """Tell whether the word after a currency name is a verb of its quote or of movement."""
    first = _LOWER_WORD.search(after.lower())
    return first is not None and (first.group() in data["verbs"] or first.group() in lex.movement)


def _rate_words(
    s: _Site, pt: _Patterns, lo: int, members: list[tuple[int, int, str]], data: RuleData
) -> tuple[list[tuple[int, int]], bool]:
    """Return the clause's rate words and whether another sum stands before the amount.

    A rate word is (start, end), start -1 for a bare "rate" of a passage about exchange rates
    (one that a verb of ``market`` follows is an exchange rate, "The rate opened at 1,470 won",
    when the passage names exchange rates later); a "price" or "value" of something else after
    the last currency ends the quote.
    """
    text = s.text
    ends = {e for _, e, _ in members}
    starts = {b for b, _, _ in members}
    out: list[tuple[int, int]] = []
    for m in pt.rate_word.finditer(text, lo, s.d.start):
        # "the won-dollar exchange rate", "the dollar's value", "the value of the dollar"
        attached = any(
            e <= m.start() and _ATTACHED.fullmatch(text, e, m.start()) for e in ends
        ) or ((of := pt.rate_attach.match(text, m.end())) is not None and of.end() in starts)
        rw = (m.group("rw") or "").lower()
        if rw in data["values"] and not attached:
            if m.start() >= max(ends, default=-1):
                return out, True  # "the dollar pushed the price of rice to": another sum
            continue
        if m.group("fx") is not None or m.group("fxw") or attached:
            out.append((m.start(), m.end()))
        elif s.rates.fx_before(pt, m.start()):
            out.append((-1, m.end()))  # "the rate" of a passage about exchange rates
        elif _market_rate(s, pt, m, data):
            out.append((m.start(), m.end()))  # ... named later, a verb of the market after it
            # ("The rate opened at 1,470 won ... the exchange rate's trading range"): the dollar's
    return out, False


def _glued_stop(gap: str, data: RuleData, lex: Lexicon) -> bool:
    """Tell whether a gap in a language of particles names another sum or ends the clause.

    "환율이 오르면서 삼겹살 1인분이 2만원": a word ending in a clause's end (``clause_ends``,
    "오르면서") or a subject's particle (``fx_particles``, "1인분이") starts another clause; a
    word of another sum glued to its particle ("일당은", "생활비는") is another sum.
    """
    if any(w in gap for w in _glued_sums(lex.lang)):
        return True
    words = [w.strip(",.()\"'“”") for w in gap.split()]
    ends = tuple(data["clause_ends"]) + tuple(data["fx_particles"])
    return any(len(w) > 1 and w.endswith(ends) for w in words[:-1] if w)


@functools.cache
def _glued_sums(lang: str) -> tuple[str, ...]:
    """Return the words of other sums a language of particles glues to (not in Latin letters)."""
    lex, stops = grammar(lang).lex, rule_data(lang)["per.rate-subject"]["stops"]
    return tuple(w for w in (*stops, *lex.other_sums, *lex.wage_nouns) if not w.isascii())


def _market_rate(s: _Site, pt: _Patterns, m: regex.Match[str], data: RuleData) -> bool:
    """Tell whether a bare "rate" opens its sentence with a verb of the market after it.

    "The rate opened at 1,470 won" where the passage names the exchange rate later; not "the
    hourly rate settled at 10,030 won" (a word before "rate" names another rate).
    """
    market = next_word(s.text, s.g, m.end()) in data["market"]
    if not market or not s.rates.fx_before(pt, len(s.text)):
        return False
    head = s.text[s.sent_lo : m.start()].split()
    return len(head) == 1 and head[0].lower() in data["determiners"]


def _subordinate(s: _Site, anchor: int, data: RuleData) -> bool:
    """Tell whether the rate's subject opens a subordinate clause (``subordinators``).

    "Shares fell 2% as the won weakened against the dollar, closing at 78,500 won": the
    participle after the comma continues the main clause (the shares), not the currency's.
    """
    lo = max(s.sent_lo, s.text.rfind(",", s.sent_lo, anchor) + 1)
    words = _LOWER_WORD.findall(s.text[lo:anchor].lower())
    return not set(words).isdisjoint(data["subordinators"])


def _rate_gap(s: _Site, anchor: int, data: RuleData) -> bool:
    """Tell whether the words from a rate's subject to the amount belong to one clause.

    An aside in brackets is passed over ("the won-dollar rate (as of 3:30 p.m.) stood at").
    """
    gap = s.text[anchor : s.d.start]
    if len(gap) > _RATE_REACH:
        return False
    gap = _CLOSED_ASIDE.sub(" ", gap)
    if breaks_clause(gap, s.g, ";:?!"):
        return False
    lex = s.g.lex
    parts = gap.split(",")[1:]
    for k, part in enumerate(parts):
        word = _ASCII_WORD.search(part)
        if word is None:
            return False
        w = word.group().lower()
        if w in data["verbs"] and _subordinate(s, anchor, data):
            return False  # "shares fell as the won weakened against the dollar, closing at"
        if not (
            w in data["relative"]
            or w in data["joins"]  # ", and moved between": its verb is checked below
            or word.group()[:1].isupper()  # ", North Pyongan province, was"
            or w in data["verbs"]  # ", was up 35%, trading at": its verb, its participle
            or (k == len(parts) - 1 and w in lex.movement)
        ):
            return False  # "the dollar weakened, rice rose to ...": a new clause
    words = _LOWER_WORD.findall(gap.lower())
    if set(words) & (data["stops"] | lex.other_sums | lex.wage_nouns):
        return False
    if lex.particles and _glued_stop(gap, data, lex):
        return False  # (particles glue to their word: "물가가", "일당은"; "오르면서": a new clause)
    cased = _ASCII_WORD.findall(gap)
    for k, w in enumerate(cased[:-1]):
        if w.lower() not in data["joins"]:
            continue
        nxt = cased[k + 1]
        if (
            k > 1
            and nxt[:1].isupper()
            and cased[k - 1][:1].isupper()
            and cased[k - 2].lower() in lex.place_prepositions
        ):
            continue  # "the won-dollar rate in Sinuiju and Hyesan markets was": two places
        if nxt.lower() not in lex.movement and nxt.lower() not in data["verbs"]:
            return False  # "the dollar fell and rice rose to ...": another subject
    return True


def _rate_fallback(s: _Site, pt: _Patterns) -> str | None:
    """Return the base a rate of the amount's own currency is quoted against.

    The one the sentence names after a connector ("the won started at 1,470 won against the
    dollar"), else the base of the passage's latest rate, else the first one it names.
    """
    d, lex = s.d, s.g.lex
    lo, hi = s.ctx.sentence(d.start)
    for m in pt.rate_base_any.finditer(s.text, lo, hi):
        label = lex.currency_nouns[" ".join(m.group("cur").lower().split())]
        if is_rate_base(label, d, lex):
            return label
    near = _nearest_level(s)
    if near is not None:
        return near
    if is_rate_base(s.rates.base, d, lex):
        return s.rates.base
    return next((b for _, b in s.rates.named(pt, lex) if is_rate_base(b, d, lex)), None)


_LEVEL_NEAR = Decimal("1.5")  # the most a level may differ from its rate's latest one


def _nearest_level(s: _Site) -> str | None:
    """Return the base whose latest level the amount is nearest, when the passage quoted several.

    "the dollar traded at 136.64-74 yen ... The euro was quoted at 143.90-144.00 yen ... The yen
    fell to the 136 level": the level of the dollar's rate, not of the latest (the euro's).
    """
    d, lex = s.d, s.g.lex
    if d.value <= 0:
        return None
    code = d.surface.candidates[0]
    near = [
        (max(v / d.value, d.value / v), base)
        for (base, quoted), v in s.rates.quotes.items()
        if quoted == code and v > 0 and is_rate_base(base, d, lex)
    ]
    if len(near) < 2:
        return None
    ratio, base = min(near)
    return base if ratio <= _LEVEL_NEAR else None


@PER.rule(
    "each-after",
    switch="words",
    words="words",
    label="phrases",
    skip="words",
    objects="words",
    places="words",
    recipients="words",
    moves="phrases",
)
def each_after(s: _Site, data: RuleData) -> str | None:
    """Spread an amount followed by "each" or "apiece" over the sentence's subject (or object).

    A period after "each" prices it ("to receive 590,000 won each per month" -> month), and
    "each" over places ("in Hamheung and Chongjin regions, it was priced at 2,800 won each")
    says the price is the same in each of them, not what it is priced per; nor does "each"
    before the level a change moved to (``moves``: "August and September eased RM40 each to
    RM2,377 per tonne": the level's unit prices it).

    Example:
        "The five officials took bribes of $1,000 each" -> "person" (people are one person
        each; "households each" -> "household").

    """
    each = s.g.next_word.match(s.text, s.pos)
    if each is None or (each.group("w") or "").lower() not in data["words"]:
        return None
    moved = _each_moved(s.g.lang).match(s.text, each.end()) if data["moves"] else None
    if moved is not None and moved.start() < s.nxt_start < moved.end():
        return None  # "eased RM40 each to RM2,377 per tonne": the change of each contract (a
        # level in money follows; not "lent 2 billion yen each at 1.5 pct", "to 3,000 victims")
    period = _after_match(s.text, s.g, each.end(), data)
    if period is not None:
        label = _label(period, s.g.lex)
        if label in s.g.lex.period_labels:
            return label
    noun = _distributed_noun(s.text, s.g, s.sent_lo, s.d.start, data)
    if noun is None and data["recipients"]:
        noun = _recipients_after(s, each.end(), data)
    if noun in data["places"]:
        return None
    if noun is not None:
        return _spread(noun, s.g.lex)
    return data["label"][0] if data["label"] else None


def _recipients_after(s: _Site, pos: int, data: RuleData) -> str | None:
    """Return the people "each" is for when the sentence names them after it.

    "a cash injection of up to 15,000 baht each for more than three million rice farmers": one
    of ``recipients`` right after "each", then, within six words of its clause, a plural noun
    of people.
    """
    words = _LOWER_WORD.findall(_CLAUSE_TAIL.split(s.text[pos : pos + 80], maxsplit=1)[0].lower())
    if not words or words[0] not in data["recipients"]:
        return None
    lex = s.g.lex
    for w in words[1:7]:
        label = lex.per_nouns.get(w) or singular(w, lex)
        if label != w and label in lex.people:
            return label
    return None


_CLAUSE_TAIL = cached_compile(r"[,;:.()]")


@functools.cache
def _each_moved(lang: str) -> regex.Pattern[str]:
    """Compile " to RM2,377", " to conclude at Rs 3,530" after "each": a move to a level."""
    moves = alternation(rule_data(lang)["per.each-after"]["moves"], _SP + "+")
    return cached_compile(rf"{_SP}+(?:{moves}){_SP}{{1,3}}\S{{0,4}}?{_SP}?\d")


def _currency_noun(m: regex.Match[str], lex: Lexicon) -> bool:
    """Tell whether a per phrase's noun names a currency (a base, or an amount of its own)."""
    return bool(codes_of(lex.per_nouns[" ".join(m.group("noun").lower().split())], lex))


def _label(m: regex.Match[str], lex: Lexicon) -> str:
    """Return the per label of a per phrase match (its noun or its adverb)."""
    if m.group("noun"):
        noun = " ".join(m.group("noun").lower().split())
        qty = m.groupdict().get("qty")
        if qty is None or qty == "1":
            return lex.per_nouns[noun]
        # "per 100 kilos"; a quantity that is a unit of its own stays one ("per 3.3 square meters")
        glued = m.end("qty") == m.start("noun")
        return lex.per_nouns.get(f"{qty} {noun}") or lex.sized_label(Decimal(qty), noun, glued)
    return lex.per_adverbs[" ".join(m.group("adv").lower().split())]


@PER.rule("open-class", switch="openers", openers="phrases", stop="words", spread="phrases",
          adjectives="phrases", heads="phrases", partitive="phrases",
          partitive_not="words", not_heads="words", people_heads="words")  # fmt: skip
def open_class(s: _Site, data: RuleData) -> str | None:
    """Price the amount per any noun after "per" or "for each": "per 1-liter bottle", "per truck".

    An adjective of the noun (``adjectives``) is passed: "for each eligible adult" is per person.
    So is the noun the amount qualifies (``heads``, with one word before it): "a $50 fee per
    visit", "a NT$6,000 cash handout for every citizen".

    Example:
        "10 yuan per 152mm shell" -> "shell".

    """
    if s.text[s.pos : s.pos + 1] not in _SPACES_COMMA:
        return None
    op = _patterns(s.g.lang).per_open.match(s.text, s.pos)
    if op is None and data["heads"] and (h := _sum_head(s.g.lang).match(s.text, s.pos)):
        op = _patterns(s.g.lang).per_open.match(s.text, h.end())  # "a $50 fee per visit"
    if op is None or op.group("w").lower() in data["stop"]:
        return None
    w = op.group("w").lower()
    if op.group("w").isupper() and (head := next_word(s.text, s.g, op.end())) in s.g.lex.per_nouns:
        w = head  # "per UCCEL share": the name of the company, then the noun
    noun = singular(w, s.g.lex) if w.endswith("s") else w
    noun = _compound_head(s, op.end(), noun, data)
    if op.groupdict().get("part") and w in data["partitive_not"]:
        return None  # "for each of the next five years", "of its 40 million shares": no noun
    if " ".join(op.group("op").lower().split()) in data["spread"]:
        if noun in data["people_heads"]:
            return s.g.lex.people_label  # "for each identity card holder"
        return _spread(noun, s.g.lex)  # "for each tourist": a person each
    return noun


def _compound_head(s: _Site, pos: int, noun: str, data: RuleData) -> str:
    """Return the head of a compound noun that goes on past ``noun``.

    "per troy ounce", "per ordinary share": a unit right after the first word is the head
    (not a word of ``not_heads``: "£2 per millilitre it can"), and so is a person (the lexicon's
    people); "for each Hong Kong permanent identity card holder": a word of ``people_heads`` up to
    three plain words on is.
    """
    lex, text = s.g.lex, s.text
    words: list[str] = []
    at = pos
    for _ in range(3):
        m = s.g.next_word.match(text, at)
        w = (m.group("w") or "") if m else ""
        if not (w.isalpha() and w.islower()) or w in data["stop"] or w in data["not_heads"]:
            break
        words.append(singular(w, lex) if w.endswith("s") else w)
        at = m.end()  # type: ignore[union-attr]
    first = words[0] if words else ""
    held = [w for w in words[1:] if w in data["people_heads"]]
    if held:
        return held[0]  # "identity card holder" (not "per charge against individuals")
    if first in lex.people or first in data["people_heads"]:
        return first
    if first in lex.per_nouns and first not in lex.rate_units:
        return first if lex.per_nouns[first] not in lex.rate_units else noun
    return noun


@functools.cache
def _sum_head(lang: str) -> regex.Pattern[str]:
    """Compile the noun an amount qualifies, with one word before it: " cash handout"."""
    heads = alternation(rule_data(lang)["per.open-class"]["heads"], _SP + "+")
    return cached_compile(rf"(?:{_SP}{{1,4}}[a-z][a-z-]{{1,20}})?{_SP}{{1,4}}(?i:{heads})(?!\w)")


@PER.rule("period-adjective", nouns="words", flows="words", after="phrases",
          not_between="words", close="words", results="words", reports="words")  # fmt: skip
def period_adjective(s: _Site, data: RuleData) -> str | None:
    """Price the amount per the period an adjective gives its noun: "the monthly wage ... is".

    The noun may follow the amount: "$100 million in annual income". A word of ``not_between``
    between the adjective and the noun makes it a market's quote ("the weekly closing price of
    the won-dollar exchange rate"). A flow ("annual imports",
    "annual sales") prices only an amount close after it, and a unit of measure named between
    ("a kilogram of rice cost") prices the amount instead. A quantity of a period ("one
    month's rent") prices no sum of a billion or more: that is what it costs in all. A noun of
    ``close`` ("the monthly rate", which is as often a count or a percentage) prices only an
    amount close after it in its clause, with no other figure between ("the monthly rate will
    climb from NT$25,000"; not "an annual rate of some 17 pct and the rand is around 49 cents").
    An adjective of ``results`` before a flow names the period a company reports, and the sum
    is that period's total ("quarterly revenue of 17.41 billion dollars": no per).

    Example:
        "the average monthly wage of a worker is 3,000 won" -> "month"; "annual imports rose
        to 82 trillion yen" -> "year".

    """
    adj = s.adj
    if adj is not None and adj["noun"].lower() in data["flows"] and (
        s.d.start - adj.end() > 64  # "an annual budget of ... and a shortfall this year of 5 ..."
        or adj["adj"].lower() in data["results"]  # "quarterly net income of $1.28 billion"
    ):
        adj = None  # far back, or a company's results for the period: the period's total
    if adj is not None and adj["noun"].lower() in data["close"] and not _close_after(s, adj):
        adj = None  # "a reduction in annual rates, along with the removal of 50 mln dlrs"
    pt = _patterns(s.g.lang)
    if (
        adj is not None
        and adj.end() <= s.d.start
        and pt.measure_before.search(s.text, adj.end(), s.d.start)
    ):
        adj = None  # "about a month's salary for him, and a kilogram of rice cost 60 won"
    if (
        adj is not None
        and adj.group("adj")[-2:].lower() in ("'s", "’s")
        and s.d.scaled
        and s.d.value >= _TOTAL_FLOOR
    ):
        adj = None  # "one month's rent waived, costing the government about $1.3 billion"
    if adj is None and data["after"]:
        adj = pt.period_after.match(s.text, s.d.end)
    if adj is None:
        return None
    return s.g.lex.period_adjectives[adj.group("adj").lower()]


_FAR_MARKS = cached_compile(r"[\d,;:.!?()]")


def _close_after(s: _Site, adj: regex.Match[str]) -> bool:
    """Tell whether the amount follows ``adj``'s noun closely: 40 characters, no figure or break."""
    gap = s.text[adj.end() : s.d.start]
    return len(gap) <= 40 and _FAR_MARKS.search(gap) is None


@PER.rule("measure-before", determiners="phrases", not_adjectives="phrases", restated="phrases",
          not_sizes="phrases", of="phrases", verbs="phrases", counted="phrases",
          not_after="phrases", subjects="phrases", one_item="phrases",
          sized="phrases", priced="phrases", sold_for="words")  # fmt: skip
def measure_before(s: _Site, data: RuleData) -> str | None:
    """Price the amount per a unit of measure named before it: "a kilogram of rice sells for".

    Only a unit of measure (the lexicon's ``carry_units``: kg, liter, ton, ...) prices it: "a
    bottle of soju sells for 3,000 won" is the price of one item, decided as priced per nothing
    (the annotation policy; no later rule gives it a unit), while "3,000 won a bottle" is
    priced per bottle (``per.after``).

    An interview answer prices what the question asked about ("Q: How much does a kilogram of
    rice cost now? A: About 4,900 won."). Where the language counts a unit against its number
    (``counted``: Korean "쌀 1kg에 5,000원", Chinese "1公斤大米售价为7000朝元"), one counted unit of
    measure earlier in the clause prices the amount; after a word of ``sized`` the unit may have
    a size of its own ("每500克0.7元": per 500 grams); after a word of ``sold_for`` it is the unit
    of the amount before it ("550won for 1kg flour, and 400won for a cabbage").

    A quantity of a unit after a word of ``priced`` prices per that quantity ("the price of 10
    kilograms of apples was 91,700 won": per 10 kg); a container of a given size stays one item
    ("a 5-kilogram bag of rice was ¥4,285", as the reviewed golds read it).

    Not past a word of another kind of sum between (``[per_extra] other_sums``: "A tonne of coal
    was seized and the driver fined 650 yuan").

    Example:
        "a kilogram of pollack sells for ¥65" -> "kg".

    """
    text, g = s.text, s.g
    pt = _patterns(g.lang)
    meas, counted = None, False
    if any(w in s.window for w in pt.measure_gate):
        for mm in pt.measure_before.finditer(text, s.lo, s.d.start):
            meas = mm
        if meas is None and data["counted"]:
            meas = _counted_measure(s, pt, data)
            counted = meas is not None
    if meas is None and data["priced"] and (priced := _priced(s, pt)) is not None:
        return priced  # "the price of 10 kilograms of apples was 91,700 won": per 10 kg
    if meas is None and s.prev is not None and s.prev_end > s.sent_lo and s.prev.per:
        meas = _price_subject(s, pt, data)
    if meas is None and s.sent_lo > s.prev_end:
        q_lo, _ = s.ctx.sentence(max(0, s.sent_lo - 2))
        if text[q_lo : s.sent_lo].rstrip().endswith("?"):
            for mm in pt.measure_before.finditer(text, max(q_lo, s.prev_end), s.sent_lo):
                meas = mm
    if meas is None:
        return None
    if meas.end() <= s.d.start and other_sum_in(text, meas.end(), s.d.start, g.lex, None):
        return None  # "A tonne of coal was seized and the driver fined 650 yuan": another sum
    label = g.lex.per_nouns[" ".join(meas.group("noun").lower().split())]
    if counted and meas.group("qty") and meas.group("noun").lower() in g.lex.measures:
        qty = parse_number(meas.group("qty"), lang=g.lang).normalize()
        glued = meas.end("qty") == meas.start("noun")
        return label if qty == 1 else g.lex.sized_label(qty, meas.group("noun"), glued)  # 500g
    if label in g.lex.carry_units:
        return label
    if not counted or meas.group().startswith(tuple(data["one_item"])):
        return ONE_ITEM  # "a bottle of soju costs 3,000 won", "콩기름 한 병은 2달러": one item
    return label


def _sized_item(before: str, lex: Lexicon) -> bool:
    """Tell whether ``before`` ends with a container or a counted item ("한 포대", "한 마리")."""
    tail = before.rstrip()
    return tail.endswith(lex.measures) or tail.endswith(tuple(lex.per_nouns))


def _counted_measure(s: _Site, pt: _Patterns, data: RuleData) -> regex.Match[str] | None:
    """Return the last unit of measure counted once before the amount in its clause ("1kg에")."""
    meas = None
    for mm in pt.measure_counted.finditer(s.text, s.lo, s.d.start):
        if mm.group("qty") and _sized_item(s.text[max(0, mm.start() - 12) : mm.start()], s.g.lex):
            continue  # "밀가루 한 포대(25kg)는 18만원", "돼지 한 마리(60kg 정도)": one item's size
        if data["sold_for"].isdisjoint(prev_words(s.text, mm.start(), 1)):
            meas = mm  # (not "550won for 1kg flour": the amount before's own unit)
    if meas is not None and pt.measure_any.search(s.text, meas.end(), s.d.start):
        return None  # "1公斤大米和2公斤面粉一共花了15元": a list of goods, not a unit
    return meas


def _priced(s: _Site, pt: _Patterns) -> str | None:
    """Return "10 kg" for "the price of 10 kilograms of X" before the amount in its clause."""
    meas = None
    for mm in pt.measure_priced.finditer(s.text, s.lo, s.d.start):
        meas = mm
    if meas is None or other_sum_in(s.text, meas.end(), s.d.start, s.g.lex, None):
        return None
    unit = s.g.lex.per_nouns.get(meas.group("sunit").lower())
    if unit is None or unit not in s.g.lex.carry_units:
        return None
    try:
        qty = parse_number(meas.group("size"), lang=s.g.lang).normalize()
    except NumberParseError:
        return None
    if qty == 1:
        return unit
    return s.g.lex.sized_label(qty, meas.group("sunit"), meas.end("size") == meas.start("sunit"))


def _price_subject(s: _Site, pt: _Patterns, data: RuleData) -> regex.Match[str] | None:
    """Return the "price of a kilogram of X" subject of the sentence, past the amount before.

    "The price of a kilogram of rice, which was 5,000 won ($0.96) last month, is now 7,000
    won": the amount before, in the same sentence and priced per the same unit, does not end
    the subject's reach. A unit of measure that opens the sentence is its subject too.
    """
    gap = s.text[s.prev_end : s.d.start]
    if s.prev is None or ";" in gap or ":" in gap:
        return None  # "...; a porter earns 60,000 won": another clause
    if other_sum(words_between(s.text, s.prev_end, s.d.start), s.g.lex, s.prev.per):
        return None  # "..., and a porter earns 60,000 won": another sum
    found = None
    for mm in pt.measure_before.finditer(s.text, max(s.sent_lo, s.d.start - 200), s.prev_end):
        before = s.text[max(s.sent_lo, mm.start() - 16) : mm.start()].lower()
        # the subject is named ("the price of a kilogram of rice") or opens the sentence ("A
        # kilogram of rice, which cost 20 won, soared to 1,000 won")
        if (
            before.rstrip().endswith(tuple(data["subjects"]))
            or not s.text[s.sent_lo : mm.start()].strip()
        ):
            found = mm
    if found is None:
        return None
    label = s.g.lex.per_nouns[" ".join(found.group("noun").lower().split())]
    return found if label == s.prev.per and label in s.g.lex.carry_units else None


@PER.rule("compared", switch="words", words="phrases", buys="words", after="phrases",
          multiples="phrases", in_sentence="phrases", close="phrases",
          close_stops="words")  # fmt: skip
def compared(s: _Site, data: RuleData) -> str | None:
    """Price a compared figure, or the next of a list by place, per the unit of the one before.

    The figure before a conversion is the one compared ("150 yuan (U.S. $22.50) a month, far
    less than the 800 to 1,000 yuan"). The comparison is written before the figure
    (``words``), or, where the language writes it so, right after it (``after``: "5,500원보다",
    "与5500元相比"). The compared figure is within 10x of the one before (100x when that is per
    person: incomes differ more between places than prices), or any multiple of it when the
    comparison names one (``multiples``: "100 times the state price of 50 won",
    "국정가격 33원에서 45배", "比国定价格24元上涨了80倍").

    Example:
        "6,000 won per kg, compared to 5,500 won" -> "kg"; "2,000 won per kilo in Hyesan,
        2,100 won in Sinuiju" -> "kg"; "1kg당 1,500원 ... 국정가격 33원에서 45배" -> "kg".

    """
    x, d, text = _past_aside(s, s.prev), s.d, s.text
    if x is not None and x.surface.key != d.surface.key:
        quote = _compared_quote(s, x)
        if quote is not None:  # the quote of its currency in the pair compared with
            return quote.per if quote.value / 10 <= d.value <= quote.value * 10 else None
    if x is None or not x.per:
        return None
    same_key = x.surface.key == d.surface.key
    if not same_key and x.end < s.sent_lo:
        return None  # the comparison is made within one sentence
    # "12 H.K. cents a share, up from 10 cents": the same unit, qualified once
    shared = x.surface.factor == d.surface.factor and not set(x.surface.candidates).isdisjoint(
        d.surface.candidates
    )
    if not (same_key or shared) or not x.value / 1000 <= d.value <= x.value * 1000:
        return None
    if buys_other(text, d, s.g, data["buys"]):
        return None  # "..., while 8,200 won bought one dollar": a rate, not a compared price
    if other_sum_in(text, x.end, d.start, s.g.lex, x.per):
        return None
    pt = _patterns(s.g.lang)
    # the comparison is made right before the figure ("..., up from 10 cents"), not by any
    # "from" between ("data from China indicates that trade ... amounted to about $5.4 billion")
    # in the figure's own sentence ("...较平日上涨约五成。与此同时，...收费2800元" compares nothing)
    cm = pt.compared.search(text, max(x.end, s.sent_lo, d.start - _COMPARED_REACH), d.start)
    if cm is not None and (_own_bound(text, s.g, d, cm) or _loose_word(s, x, cm, data)):
        cm = None  # "earning W70 million a year can borrow up to W400 million": a bound
    multiple, after = _compared_after(text, d, cm, pt)
    # per person, figures differ more between places than prices do (100x, not 10x)
    reach = 100 if x.per == s.g.lex.people_label else 10
    if not multiple and not x.value / reach <= d.value <= x.value * reach:
        return None
    if x.end >= s.sent_lo and (multiple or after):
        return x.per  # (compared after the figure: within its sentence)
    if cm is not None or (
        x.end >= s.sent_lo
        and d.start - x.end <= 96
        and pt.list_gap.fullmatch(text, x.end, d.start) is not None
        and pt.place_after.match(text, d.end) is not None
    ):
        return x.per
    return None


def _past_aside(s: _Site, x: Draft | None) -> Draft | None:
    """Return the figure before the aside ``x`` stands in, when the aside closes before ``d``.

    "58 US cents per kg. (about 68 cents per liter) as of April 21, compared with 68 cents": the
    figure in brackets restates the price in another unit; the comparison is with the price.
    The figure before a conversion is the one compared too ("150 yuan (U.S. $22.50) a month,
    far less than the 800 yuan").
    """
    if x is not None and s.restated is not None and s.restated.per == x.per:
        return s.restated
    if x is None or len(s.out) < 2 or s.out[-1].start != x.start:
        return x
    w = s.out[-2]
    opened = s.text.rfind("(", w.end, x.start)
    if opened < 0 or ")" in s.text[opened : x.start] or ")" not in s.text[x.end : s.d.start]:
        return x
    alike = w.surface.factor == x.surface.factor and not set(w.surface.candidates).isdisjoint(
        x.surface.candidates
    )
    return w if w.per is not None and alike and w.start >= s.sent_lo else x


_CLOSE_WORDS = 6  # the most words between a ``close`` comparison word and its figure


def _loose_word(s: _Site, x: Draft, cm: regex.Match[str], data: RuleData) -> bool:
    """Tell whether a loose comparison word compares nothing here.

    The words of ``in_sentence`` ("while") compare a figure only with one of its own sentence.
    Those of ``close`` ("from") stand within a few words of the figure, with none of
    ``close_stops`` between but right before it ("up to 99.44 from the last weekend's level of
    99.34", "ranged from an even dollar to 1.20 dlrs"; not "tickets from Sinuiju to Pyongyang
    cost 60,000 won": that "from" closes at its "to").
    """
    word = " ".join(cm.group().lower().split())
    if word in data["in_sentence"]:
        return x.end < s.sent_lo
    if word not in data["close"]:
        return False
    between = s.text[cm.end() : s.d.start].lower().split()
    if len(between) > _CLOSE_WORDS:
        return True
    # (a stop right before the figure pairs with the "from": "ranged from $1 to 1.20 dlrs")
    return not set(between[:-1]).isdisjoint(data["close_stops"])


def _compared_quote(s: _Site, x: Draft) -> Draft | None:
    """Return the quote of a rate pair that a compared quote in another currency matches.

    "The euro fetched 1.1964 dollars and 130.09 yen against 1.1974 dollars and 130.82 yen in
    New York and 1.1926 dollars and 130.18 yen in Tokyo": a pair of quotes is compared with a
    pair, each with the one of its currency. Only a rate of the sentence, and only with a
    comparison word right before the figure or after the place of the pair before.
    """
    d, pt = s.d, _patterns(s.g.lang)
    cm = pt.compared.search(s.text, max(x.end, d.start - 16), d.start)
    if (cm is None or s.text[cm.end() : d.start].strip()) and (
        pt.list_gap.fullmatch(s.text, x.end, d.start) is None  # "... in New York and 1.19"
    ):
        return None
    for y in reversed(s.out):
        if y.end < s.sent_lo:
            return None
        if y.surface.key == d.surface.key:
            return y if y.role == "rate" and is_rate_base(y.per, d, s.g.lex) else None
    return None


def _compared_after(
    text: str, d: Draft, cm: regex.Match[str] | None, pt: _Patterns
) -> tuple[bool, bool]:
    """Tell whether a comparison names a multiple, and whether one is written after the figure."""
    after = max(d.end, d.after_mod)
    near = min(len(text), after + 48)  # (an end: the pattern's literal is looked for up to it)
    multiple = (cm is not None and pt.multiple_in.search(cm.group()) is not None) or (
        pt.multiple_after.match(text, after, near) is not None
    )
    return multiple, pt.compared_after.match(text, after, near) is not None


def _own_bound(text: str, g: Grammar, d: Draft, cm: regex.Match[str]) -> bool:
    """Tell whether a compared phrase is the amount's own bound ("can borrow up to W400 million").

    "up to" compares only after a verb of movement ("rose from 3,000 won a kilo up to 5,000") or
    as the next item of a list ("earns 3,500 won per delivery ... and up to 7,000 won").
    """
    if d.bound is None or text[cm.end() : d.start].strip():
        return False
    if cm.group().lower() not in g.lex.bounds:
        return False
    before = set(prev_words(text, cm.start(), 1))
    return g.lex.movement.isdisjoint(before) and before.isdisjoint(g.lex.list_and)


@PER.rule("period-noun", counters="words", events="phrases", times="phrases",
          spans="phrases", titles="phrases", joined_before="phrases",
          restated="phrases", received_after="phrases", received_links="phrases",
          received_stops="phrases", received_not="phrases")  # fmt: skip
def period_noun(s: _Site, data: RuleData) -> str | None:
    """Price the amount per the period of a wage noun before it: Korean "월급 3,000원".

    The languages that write what an amount is per before it list those words too ("월
    108.89달러", "每月3000朝元", "人均工资达5千朝元"); a wage noun among them makes the amount a
    wage (``role.wage``). Not a word inside an aside that closes before the amount
    ("(航班每周共3班),总共需要花费5000元"), nor one whose clause counts something else with
    one of ``counters`` before the amount's clause begins ("每天过关的货车有二三十辆，一车货的利润
    在五六千元": the trucks are daily, the profit is per truckload). Nor a wage noun that names an
    event (``events``) before or after which the amount is dated (``times``: "월급 인상 전에는
    북한 돈으로 5천원", before the pay rise, rice cost), nor a period a hedge right after it
    makes a length of time (``spans``: "한 달 가량만 잘 먹여 ... 300위안에 되판다", fed for
    about a month), nor a word inside a title (``titles``, pairs of marks: the paper
    "《每日北韓》" is no daily sum), nor one whose first character ends a time word of
    ``joined_before`` ("去年营业额" is last year's turnover, not an annual one). A wage noun
    received after the amount in its clause prices it too (``received_after``: "18만6천원으로
    많은 월급을 받았다").

    Example:
        "월급 3,000원" -> "month", role wage.

    """
    lex = s.g.lex
    if not lex.period_nouns:
        return None
    pn = between = None
    # the amount before may sit in an aside the noun opens ("평균 월세(보증금 1000만원 기준)는
    # 73만원"): then look back past it, to a noun with no figure outside asides after it
    lo = max(s.sent_lo, s.d.start - 160) if _in_aside(s.text, s.prev_end, s.d.start) else s.lo
    ev = _event_after(s.g.lang)
    for pm in s.g.period_noun.finditer(s.text, lo, s.d.start):
        if ev is not None and ev.match(s.text, pm.end(), s.d.start):
            continue  # "월급 인상 전에는", "한 달 가량": a time, not the amount's period
        if _in_title(s.text, pm.start(), data["titles"]):
            continue  # "《每日北韓》上周四報道": the name of a paper
        if any(s.text.startswith(w, pm.start() + 1 - len(w)) for w in data["joined_before"]):
            continue  # "去年营业额": 去年 (last year) names a time, not an annual turnover
        if pn is not None and pm.start() == pn.end() and pm.group("pn") in data["restated"]:
            continue  # "每平方米尺价": the unit written first prices the price word after it
        gap = s.text[pm.end() : s.d.start]
        if gap.count(")") + gap.count("）") <= gap.count("(") + gap.count("（") and (
            pm.start() >= s.lo or not any(c.isdigit() for c in _CLOSED_ASIDE.sub(" ", gap))
        ):
            pn, between = pm, gap  # not inside an aside that closed before the amount
    if pn is None or between is None:
        # ("월 환산액(주 40시간, 월 209시간 기준)은": the aside's 월 is passed)
        return _received_after(s, data)
    label = lex.period_nouns[pn.group("pn")]
    outside = _CLOSED_ASIDE.sub(" ", between)  # (an aside with its own sum is passed)
    if label in lex.period_labels and any(w in outside for w in lex.other_sums):
        return None  # "월세는 보증금 1억 원에": a sum of another kind is no monthly one
    if data["counters"] and _counted_before(s, between, data):
        return None  # "每天过关的货车有二三十辆，一车货的利润在五六千元": the period counts trucks
    return label


def _received_after(s: _Site, data: RuleData) -> str | None:
    """Price the amount per a wage noun received later in its clause ("received after").

    "인민배우는 최고 18만6천원으로 상대적으로 많은 월급을 받았다": the wage noun is the object of
    a verb of receiving (``received_after``: "을 받") within 24 characters after the amount, no
    pause nor a clause's end (``received_stops``: "고 ", "지만") between and no negation after
    (``received_not``: "지 못"); the amount is tied to the wage by its particle
    (``received_links``: "으로", "에도"; not "5만원짜리 선물을 받았고").
    """
    if not data["received_after"]:
        return None
    end = max(s.d.end, s.d.after_mod)
    if not any(s.text.startswith(w, end) for w in data["received_links"]):
        return None  # "5만원짜리 선물을 받았고 월급을 받지 못했다": not the wage's sum
    hi = min(s.ctx.sentence(s.d.start)[1], s.d.end + _RECEIVED_REACH)
    for pm in s.g.period_noun.finditer(s.text, s.d.end, hi):
        gap = s.text[s.d.end : pm.start()]
        if any(c in gap for c in ",;，；()") or any(w in gap for w in data["received_stops"]):
            return None
        tail = next((w for w in data["received_after"] if s.text.startswith(w, pm.end())), None)
        if tail is not None and not any(
            s.text.startswith(n, pm.end() + len(tail)) for n in data["received_not"]
        ):
            label = s.g.lex.period_nouns[pm.group("pn")]
            return label if label in s.g.lex.period_labels else None
    return None


_RECEIVED_REACH = 24  # how far after the amount a received wage noun may stand (characters)
_CLOSED_ASIDE = cached_compile(r"[(（][^()（）]*[)）]")  # an aside closed in the text between


def _in_title(text: str, at: int, titles: tuple[str, ...]) -> bool:
    """Tell whether ``at`` is inside a title its marks open and close ("《每日北韓》")."""
    lo, hi = max(0, at - _TITLE_REACH), min(len(text), at + _TITLE_REACH)
    for marks in titles:
        opens, closes = marks[:1], marks[1:]
        inside = text.rfind(opens, lo, at) > text.rfind(closes, lo, at)
        if inside and text.find(closes, at, hi) >= 0:
            return True
    return False


_TITLE_REACH = 40  # characters either side of a period noun where its title's marks may be


@functools.cache
def _event_after(lang: str) -> regex.Pattern[str] | None:
    """Compile what makes a period noun a time: an event and a time, a time ago, a length.

    " 인상 전" (an event of the wage noun and a time), " 전에는" (a time ago), " 가량" (a length).
    """
    g, data = grammar(lang), rule_data(lang)["per.period-noun"]
    S0, S1 = g.parts["S0"], g.parts["S1"]
    alts = [rf"{S0}{alternation(data['spans'], S1)}"] if data["spans"] else []
    if data["events"] and data["times"]:
        alts.append(rf"{S0}{alternation(data['events'], S1)}{S0}{alternation(data['times'], S1)}")
    if data["times"]:
        # "한 달 전에는 배추 650원": a time word right after the period makes it a time ago
        particles = alternation(sorted(g.lex.particles)) if g.lex.particles else "(?!)"
        alts.append(rf"{S1}{alternation(data['times'], S1)}(?:{particles})?(?!\w)")
    return g.compile("|".join(alts)) if alts else None


def _in_aside(text: str, prev_end: int, start: int) -> bool:
    """Tell whether the amount before sits in an aside that closes before ``start``."""
    gap = text[prev_end:start]
    close = max(gap.find(")"), gap.find("）"))
    return prev_end > 0 and close >= 0 and not any(c.isdigit() for c in gap)


def _counted_before(s: _Site, between: str, data: RuleData) -> bool:
    """Tell whether a clause between a period noun and the amount counts something else."""
    cut = max(between.rfind(c) for c in "，,；;")
    if cut <= 0:
        return False
    return _counted(s.g.lang).search(between, 0, cut) is not None


@functools.cache
def _counted(lang: str) -> regex.Pattern[str]:
    """Compile a number and a counter after it ("二三十辆", "30个")."""
    g = grammar(lang)
    counters = rule_data(lang)["per.period-noun"]["counters"]
    return cached_compile(rf"(?:{g.parts['numeral']})(?:{alternation(counters)})")


@PER.rule("month-named-wage", switch="months", months="words", nouns="words")
def month_named_wage(s: _Site, data: RuleData) -> str | None:
    """Price a wage per month when the passage names the pay by its month ("December salary").

    "... started to pay December salary to workers. The salaries paid were 1,500 won": a pay
    named by a month (``months``, then one of ``nouns``) in the amount's sentence or the two
    before, in its paragraph, is a monthly pay; an amount whose clause names one of ``nouns``
    is that pay. The figures listed after it take the period from ``carry.payment-run``.

    Example:
        "Factories began paying the March wages. The wages paid were 2,000 won" -> "month".

    """
    nouns = data["nouns"]
    if nouns.isdisjoint(_LOWER_WORD.findall(s.window)):
        return None
    lo = s.sent_lo
    for _ in range(2):
        if lo > 0:
            lo = max(s.ctx.sentence(lo - 1)[0], s.ctx.paragraph(s.d.start)[0])
    return "month" if _month_wage(s.g.lang).search(s.text, lo, s.d.start) else None


@functools.cache
def _month_wage(lang: str) -> regex.Pattern[str]:
    """Compile "December salary": a month's name, then a noun of pay."""
    rd = rule_data(lang)["per.month-named-wage"]
    # a month's name is written capitalised ("December salary"; not "workers may pay")
    months = alternation(sorted(m.capitalize() for m in rd["months"]))
    return cached_compile(rf"(?<!\w)(?-i:{months}){_SP}+(?i:{alternation(rd['nouns'])})(?!\w)")


@PER.rule("floating-each", switch="each", modals="phrases", each="phrases", people="phrases")
def floating_each(s: _Site, data: RuleData) -> str | None:
    """Spread the amount over a plural subject with a floating "each": "Families were each told".

    A subject of ``people`` with no plural "s" ("The two men were each fined") is people: one
    person each (not "they" nor names: "Samsung and Apple were each fined" are firms).

    Example:
        "Families were each told to pay 360 yuan" -> "household".

    """
    pt = _patterns(s.g.lang)
    if not any(w in s.window for w in pt.each_gate):
        return None
    fl = None
    for fm in pt.floating_each.finditer(s.text, s.lo, s.d.start):
        fl = fm
    if fl is None:
        return None
    lex = s.g.lex
    nxt = next_word(s.text, s.g, fl.end())
    if nxt in lex.per_nouns:
        return _spread(lex.per_nouns[nxt], lex)  # "lets each person swap": a determiner's noun
    if fl.group("who"):
        return lex.people_label
    noun = fl.group("noun").lower()
    return _spread(lex.per_nouns.get(noun) or singular(noun, lex), lex)


@PER.rule("distributive", not_nouns="words", spread="words", owner_gap="words")
def distributive(s: _Site, data: RuleData) -> str | None:
    """Spread the amount over the noun after "each", "every" or "per" earlier in the clause.

    A "per" right after another figure prices that figure ("38 cts per share, on sales of
    516.9 mln dlrs"); it carries only to a figure of that figure's size, and an exchange rate's
    never does. The last noun is the head ("each defector household"), and a period adjective
    right beside a phrase over people is the unit ("per capita monthly income", "monthly per
    capita income": a month's income each; the dev gold reads "1인당 월" per month).

    Example:
        "each household must pay 40 yuan" -> "household".

    """
    text, g, d, lex = s.text, s.g, s.d, s.g.lex
    if not any(w in s.window for w in lex.distributive):
        return None
    dist = None
    for dm in _patterns(g.lang).distributive_before.finditer(text, s.lo, d.start):
        dist = dm
    if dist is None or dist.group("noun").lower() in data["not_nouns"]:
        return None  # the modal: "firms that each can receive 7 billion won"
    if "-" in dist.group() and d.start - dist.end() > _HYPHEN_REACH:
        return None  # "the per-family amount of 30,000 won", not "per-share figures ... 55,000"
    owner: Decimal | None = None
    if s.prev is not None and _owner_before(s, dist, data):
        owner = s.prev.value
    elif (bare := _BARE_BEFORE.search(text, s.lo, dist.start())) is not None:
        owner = Decimal(bare.group("n").replace(",", ""))
    label = lex.per_nouns[dist.group("noun").lower()]
    if owner is not None and (
        label in lex.rate_units
        or not owner / 10 <= d.value <= owner * 10
        # "... per kilogram in Chongjin, while a laborer earns 9,000 won"
        or other_sum(words_between(text, dist.end(), d.start), lex, label)
    ):
        return None
    after = next_word(text, g, dist.end())
    before = _LOWER_WORD.findall(text[max(s.lo, dist.start() - 12) : dist.start()].lower())[-1:]
    for word in (after, *before) if _spread(label, lex) == lex.people_label else ():
        if word in lex.period_adjectives:  # "the per capita monthly income": a month's each
            return lex.period_adjectives[word]  # (not "yearly per-share earnings")
    head = lex.per_nouns.get(after)
    if head is not None and head not in lex.period_labels:
        label = head  # "each defector household": the last noun is the head
    # "each worker must pay" spreads over people (a person each); "per worker" keeps its noun
    # (the seeds' gold: "500 yuan per defector"; news-dev's real gold reads one "per worker" as
    # a person, the spec wins)
    return _spread(label, lex) if dist.group("dw").lower() in data["spread"] else label


def _owner_before(s: _Site, dist: regex.Match[str], data: RuleData) -> bool:
    """Tell whether a distributive phrase prices the figure before it, not the amount.

    When only the figure's own phrase stands between ("361 won for each preferred share",
    "NT$1,070 a month per worker"), or the phrase is nearer that figure (or a comma follows it)
    in its sentence ("a NT$6,000 cash handout for every citizen, to be paid from a NT$380
    billion surplus").
    """
    gap = s.text[s.prev_end : dist.start()]
    if _owned(gap, s.g.lex, data["owner_gap"]):
        return True
    after = s.text[dist.end() : s.d.start]
    return (
        s.prev_end >= s.sent_lo
        and not any(c in gap for c in ",;:\n")
        and (len(gap) < len(after) or "," in after)
    )


def _owned(gap: str, lex: Lexicon, words: frozenset[str]) -> bool:
    """Tell whether a "per" phrase after ``gap`` prices the figure before the gap.

    Only the figure's own phrase stands between: nothing, or ``owner_gap`` words, articles and
    periods ("for", "a month": "NT$1,070 a month per worker", "361 won for each share").
    """
    return not NEW_PARAGRAPH.search(gap) and all(
        w in words or w in lex.articles or lex.per_nouns.get(w) in lex.period_labels
        for w in gap.lower().split()
    )


@PER.rule("each-subject", switch="each", each="phrases", of="phrases", determiners="phrases",
          verbs="phrases", stop="words", participles="phrases",
          participle_next="phrases", objects="words")  # fmt: skip
def each_subject(s: _Site, data: RuleData) -> str | None:
    """Spread the amount over an "each X" subject before it: "each pupil must bring 10 yuan".

    The phrase must be the subject (a modal or a verb of paying or getting follows) and close
    before the amount, and not tied to the amount before it by a preposition (``objects``:
    "fined $1,200 on each of six charges she was convicted of, a total of $7,200"); "each of
    the five players will receive" takes the plural noun.

    Example:
        "each pupil must bring 10 yuan" -> "person"; "each family must give" -> "household".

    """
    pt = _patterns(s.g.lang)
    if not data["each"] or not any(w in s.window for w in pt.each_gate):
        return None
    eo = None
    for em in pt.each_open.finditer(s.text, max(s.lo, s.d.start - _EACH_REACH * 2), s.d.start):
        # close before the amount, or its verb is: "each citizen residing ... will receive"
        if em.start() >= s.d.start - _EACH_REACH or s.d.start - em.end("verb") <= _EACH_REACH // 2:
            eo = em
    if eo is None or eo.group("w").lower() in data["stop"]:
        return None
    if s.prev is not None and s.text[s.prev.end : eo.start()].strip().lower() in data["objects"]:
        return None  # "fined $1,200 on each of six charges": the earlier amount's, no subject
    lex = s.g.lex
    w2 = (eo.group("w2") or "").lower()
    # "each Singaporean parent", "each future violation": the second word is the noun where it
    # names people or the first is an adjective (``per.open-class``'s)
    w = eo.group("w").lower()
    adjective = w in rule_data(s.g.lang)["per.open-class"]["adjectives"]
    noun = lex.per_nouns.get(w2) or (w2 if w2 and (w2 in lex.people or adjective) else w)
    if eo.group("of") and noun.endswith("s") and noun not in lex.per_nouns:
        noun = singular(noun, lex)
    if noun in data["stop"] or noun in lex.articles:
        return None
    return _spread(lex.per_nouns.get(noun) or noun, lex)


def _recipient_label(word: str, lex: Lexicon, data: RuleData) -> str | None:
    """Return the label of a plural noun of people or households ("families" -> household)."""
    low = word.lower()
    if singular(low, lex) == low and low not in data["irregular"]:
        return None  # singular: "to a contractor", "a four-member family will receive"
    label = lex.per_nouns.get(low) or singular(low, lex)
    if not (label in lex.people or label in data["groups"]):
        return None  # singular ("to a contractor"), or no recipient ("to markets")
    return _spread(label, lex)


def _total(s: _Site, lo: int, data: RuleData) -> bool:
    """Tell whether the amount is a total: a scale, "a total of" before it, "in total" after it."""
    near = _LOWER_WORD.findall(s.text[max(lo, s.d.start - 32) : s.d.start].lower())[-3:]
    near += _LOWER_WORD.findall(_CLAUSE_TAIL.split(s.text[s.d.end : s.d.end + 32])[0].lower())[:4]
    return bool((words_between(s.text, s.d.start, s.d.end) | set(near)) & data["totals"])


def _near_other_sum(s: _Site) -> bool:
    """Tell whether the words just before the amount name a sum of another kind (a bribe)."""
    near = words_between(s.text, max(s.sent_lo, s.d.start - 40), s.d.start)
    return not near.isdisjoint(s.g.lex.other_sums)


def _paid(s: _Site, hi: int, data: RuleData) -> bool:
    """Tell whether the amount is a payment given out, not a total: a paying word, no scale."""
    paying = not words_between(s.text, s.sent_lo, hi).isdisjoint(data["payments"])
    return paying and not _total(s, s.sent_lo, data)


@PER.rule("recipient", switch="to", to="words", fillers="words", stops="words",
          payments="words", totals="words", groups="words", irregular="words",
          not_before="words")  # fmt: skip
def recipient(s: _Site, data: RuleData) -> str | None:
    """Spread a payment over the people or households it goes to: "give $80 to each of 40 families".

    A payment (a verb or noun of paying out, giving or offering in its sentence) followed by
    "to" and a plural noun of people or households is given to each of them: "provide up to
    500,000 won in relief to households", "a payment of $80 to 90% of residents". A sale ("sold
    to households"), a single payee ("paid to a contractor") and a total (a billion, "a total
    of") price nothing.

    Example:
        "the city will offer 200,000 won in relief to households" -> "household"; "a payment of
        $80 to 90% of residents" -> "person".

    """
    text, lex = s.text, s.g.lex
    chunk = text[s.pos : s.pos + 140].lower()
    if not any(f" {w} " in chunk for w in data["to"]):
        return None  # no "to" after the amount (most amounts)
    tail = regex.split(r"[;:!?()\[\]\n]|\.(?!\d)", text[s.pos : s.pos + 140], maxsplit=1)[0]
    words = _RECIPIENT_TOKEN.findall(tail)
    at = next((k for k, w in enumerate(words[:7]) if w.lower() in data["to"]), -1)
    if at < 0 or any(
        not w.isalpha() or w.lower() in data["stops"] or w.lower() in data["not_before"]
        for w in words[:at]
    ):
        return None  # "to" after the amount and its phrase ("in relief"), not after a clause
    if _near_other_sum(s):
        return None  # "bribes of up to $2,000 to ...": a sum of another kind
    free = 0  # the words of the noun phrase ("small merchants"), after its fillers
    for k, w in enumerate(words[at + 1 : at + 10]):
        label = _recipient_label(w, lex, data) if w.isalpha() else None
        if label is not None:
            return label if _paid(s, s.pos + len(tail), data) else None
        low = w.lower()
        if low in data["stops"] or not (w.islower() or not w.isalpha()):
            return None  # "to Pyongyang", "to markets and ..."
        if low in data["fillers"] or not w.isalpha():
            if free:
                return None  # "to cover the costs of households": a clause, not a recipient
        elif k == 0 and "-" not in w or (free := free + 1) > 2:
            return None  # "to bribe guards": a verb, not a noun phrase ("to low-income families")
    return None


@PER.rule("recipients-subject", switch="verbs", verbs="phrases", modals="phrases",
          totals="words", groups="words", irregular="words", universal="phrases",
          nationals="phrases", breaks="phrases")  # fmt: skip
def recipients_subject(s: _Site, data: RuleData) -> str | None:
    """Spread an amount over a counted subject that receives it: "80,000 families will get".

    A count of people or households right before a verb of receiving, with the amount a few
    words after it, is what each of them receives: "some 2,000 pupils were given 5 yuan",
    "380 retirees, will receive 90,000 won". Not a total (a billion, "a total of").

    Example:
        "About 4,000 farmers will receive 300,000 won" -> "person"; "1,200 families got 50
        yuan" -> "household".

    """
    gate = _recipient_gate(s.g.lang)
    if not data["verbs"] or not gate.search(s.text, max(s.lo, s.d.start - 64), s.d.start):
        return None  # no verb of receiving a few words before the amount
    rs = None
    for m in _patterns(s.g.lang).recipients.finditer(s.text, max(s.lo, s.d.start - 120), s.d.start):
        rs = m
    if rs is None:
        return None
    label = None
    # "All Taiwanese citizens over 65 will get": the subject's noun is its first plural of people
    for noun in s.text[rs.start("noun") : rs.end("qual")].split()[:5]:
        label = _recipient_label(noun, s.g.lex, data)
        if label is None and rs.group("all") and _national(noun, data):
            label = s.g.lex.people_label  # "All Singaporeans ... will receive": a nation's people
            # (not after a count: "to feed 6.2 million North Koreans ... but had received")
        if label is not None or singular(noun.lower(), s.g.lex) != noun.lower():
            break  # (a plural of no people is the subject: "All companies hiring local workers")
    return None if label is None or _total(s, rs.start(), data) else label


def _national(word: str, data: RuleData) -> bool:
    """Tell whether a capitalized plural names the people of a nation ("Singaporeans")."""
    low = word.lower()  # ("Thais": the singular is the word without its -s, whatever the ending)
    return word[:1].isupper() and low.endswith("s") and low[:-1].endswith(tuple(data["nationals"]))


@functools.cache
def _compelled_payers(lang: str) -> regex.Pattern[str] | None:
    """Compile "ordered households to pay an additional" before an amount (reverse search)."""
    g, cd = grammar(lang), rule_data(lang)["per.compelled-payers"]
    if not cd["verbs"]:
        return None
    S1 = g.parts["S1"]
    # where the payers are, before "to" ("asked families in each neighborhood unit to hand over")
    place = (
        rf"(?:{S1}(?:\L<cpplace>)(?:{S1}[a-z-]{{1,20}}){{1,4}}?(?={S1}(?:\L<cplinks>)))?"
        if g.lex.place_prepositions and cd["links"]
        else ""
    )
    return g.compile(
        rf"(?r)(?i:(?<!\w)(?:{alternation(cd['verbs'], S1)}){S1}(?:[a-z-]{{2,20}}{S1}){{0,2}}?"
        rf"(?P<noun>[a-z]{{3,20}}){place}(?:{S1}(?:{alternation(cd['links'], S1)}))?{S1}"
        rf"(?:{alternation(cd['pays'], S1)})(?:{S1}[a-z-]{{1,20}}){{0,4}}?{S1}\Z)",
        cpplace=sorted(g.lex.place_prepositions) or ["(?!)"],
        cplinks=sorted(cd["links"]) or ["(?!)"],
    )


@PER.rule("compelled-payers", switch="verbs", verbs="phrases", links="phrases", pays="phrases")
def compelled_payers(s: _Site, data: RuleData) -> str | None:
    """Spread an amount over the plural payers a verb of compelling names.

    North Korean levies are reported as orders: "made households pay RMB 300", "ordered
    households to pay an additional RMB 200", "forced traders to hand over 5,000 won". A verb of
    ``verbs``, its object (a plural noun of people or households), maybe ``links`` ("to"), and
    a verb of paying (``pays``) a few words before the amount: each of them pays it. A total (a
    billion, "a total of": ``per.recipients-subject``'s totals) is no share.

    Example:
        "ordered households to pay an additional RMB 200" -> "household".

    """
    pat = _compelled_payers(s.g.lang)
    if pat is None or not any(p in s.window for p in data["pays"]):
        return None  # (no verb of paying before the amount: no search)
    m = pat.search(s.text, max(s.sent_lo, s.d.start - 120), s.d.start)
    if m is None:
        return None
    rd = rule_data(s.g.lang)
    label = _recipient_label(m.group("noun"), s.g.lex, rd["per.recipient"])
    return None if label is None or _total(s, m.start(), rd["per.recipients-subject"]) else label


@functools.cache
def _generic_payer(lang: str) -> regex.Pattern[str] | None:
    """Compile "a tourist taking a one-day tour now should pay" before an amount (reverse)."""
    g, gd = grammar(lang), rule_data(lang)["per.generic-payer"]
    if not gd["verbs"] or not g.lex.people:
        return None
    S1 = g.parts["S1"]
    return g.compile(
        rf"(?r)(?i:(?<!\w)(?:{alternation(gd['determiners'], S1)}){S1}(?:[\w-]+{S1}){{0,2}}?"
        rf"(?P<noun>\L<gppeople>)(?!\w)[^.;!?\d]{{0,60}}?(?<!\w)(?:{alternation(gd['modals'], S1)})"
        rf"{S1}(?:{alternation(gd['verbs'], S1)})(?!\w)[^.;!?\d]{{0,24}}\Z)",
        gppeople=sorted(g.lex.people),
    )


@PER.rule("generic-payer", switch="verbs", determiners="phrases", modals="phrases",
          verbs="phrases")  # fmt: skip
def generic_payer(s: _Site, data: RuleData) -> str | None:
    """Price an amount per person when a rule says what any one person pays or gets.

    A fee, fine or allowance stated for one generic person: "a tourist taking a one-day tour
    now should pay US$30", "a defector must pay 2 million won". The subject is one person noun
    of the lexicon after an indefinite determiner (``determiners``), then a modal (``modals``:
    should, must, has to, ...) and a verb of paying or receiving (``verbs``) a few words before
    the amount. A specific person's payment ("a defector said she paid 300") is no rule.

    Example:
        "a tourist taking a one-day tour now should pay US$30" -> "person".

    """
    pat = _generic_payer(s.g.lang)
    if pat is None:
        return None
    m = pat.search(s.text, max(s.sent_lo, s.d.start - 160), s.d.start)
    if m is None:
        return None
    return _spread(singular(m.group("noun").lower(), s.g.lex), s.g.lex)


@functools.cache
def _household_recipients(lang: str) -> regex.Pattern[str] | None:
    """Compile "single-person households getting" before an amount (reverse search)."""
    g, rd = grammar(lang), rule_data(lang)["per.plural-recipients"]
    if not rd["verbs"]:
        return None
    S1 = g.parts["S1"]
    nouns = alternation([*rd["nouns"], *rd["averaged"]], S1)
    return g.compile(
        rf"(?r)(?i:(?<!\w)(?P<noun>{nouns})(?!\w)"
        rf"(?:{S1}[\w-]+){{0,4}}?{S1}(?:{alternation(rd['verbs'], S1)})(?!\w)"
        rf"(?:{S1}[\w-]+){{0,4}}?{S1}\Z)"
    )


@PER.rule("plural-recipients", switch="verbs", nouns="map", verbs="phrases", stops="words",
          averaged="map", averages="phrases", some="words")  # fmt: skip
def plural_recipients(s: _Site, data: RuleData) -> str | None:
    """Price an amount per the unit of the plural subject that receives it, each one alike.

    Relief and resettlement stories give what every household receives with the plural noun
    as the subject, uncounted (``per.recipients-subject`` reads a counted one):
    "single-person households getting W400,000", "households of two or more get up to 16
    million won". The noun (``nouns``, mapped to its unit) is a few words before
    a verb of receiving (``verbs``), which is a few words before the amount, in one clause; a
    sum with a scale word of a billion or more is a total, and so is one that a word of
    ``stops`` ("total", "combined") marks; a noun after a word of ``some`` ("Some families
    received $1,000") tells what a few got, not each one alike. Statistics give an average the
    same way: a noun of ``averaged`` ("urban residents earned 40,376 yuan on average") prices
    the amount only with one of ``averages`` in the clause ("workers received 5 million won in
    back pay" is a sum).

    Example:
        "single-person households getting W400,000" -> "household".

    """
    pat = _household_recipients(s.g.lang)
    if pat is None or (s.d.scaled and s.d.value >= _TOTAL_FLOOR):
        return None
    m = pat.search(s.text, max(s.sent_lo, s.d.start - 120), s.d.start)
    if m is None or not data["stops"].isdisjoint(words_between(s.text, m.start(), s.d.end + 24)):
        return None
    before = _LOWER_WORD.findall(s.text[max(s.sent_lo, m.start() - 12) : m.start()].lower())[-1:]
    if not data["some"].isdisjoint(before):
        return None  # "Some families received $1,000": what a few got, not each one alike
    noun = " ".join(m.group("noun").lower().split())
    if noun in data["nouns"]:
        label: str = data["nouns"][noun]
        return label
    clause = s.text[m.start() : s.d.end + 24].lower()
    return data["averaged"][noun] if any(a in clause for a in data["averages"]) else None


@functools.cache
def _basis(lang: str) -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """Compile the basis phrases after an amount and before it ("based on a one-person ...")."""
    g = grammar(lang)
    bd = rule_data(lang)["per.basis"]
    S0, S1 = g.parts["S0"], g.parts["S1"]
    # the unit's quantity, when one is written, is part of its label ("on an 80 kg basis")
    head = (
        rf"(?:[\w-]{{1,16}}{S1}){{0,3}}?(?:(?P<qty>\d+(?:[.,]\d+)?){S1})?(?P<noun>\L<pern>)(?![\w-])"
    )
    after = g.compile(
        rf"(?i:{S0}[(,]?{S0}(?:{alternation(bd['openers'], S1)}{S1})?{head}{S1}"
        rf"{alternation(bd['basis'], S1)}(?!\w))"
    )
    # before the amount the phrase is an introductory one, closed by a comma ("based on a
    # one-person household,", "On an 80 kg basis,"); a percentage may stand before the amount
    pct = alternation(sorted(g.lex.percent_words), S1) if g.lex.percent_words else "(?!)"
    before = g.compile(
        rf"(?i:(?<!\w)(?:{alternation(bd['based'], S1)}{S1}{head}"
        rf"|{alternation(bd['openers'], S1)}{S1}{head}{S1}{alternation(bd['basis'], S1)})"
        rf"{S0},(?=(?:[^\d]|\d{{1,3}}(?:\.\d{{1,3}})?{S0}(?:{pct})){{0,80}}\Z))"
    )
    return after, before


@PER.rule("basis", switch="basis", basis="phrases", openers="phrases", based="phrases")
def basis(s: _Site, data: RuleData) -> str | None:
    """Price the amount per the unit its basis names: "(one-person household basis)".

    Subsidies are quoted on a basis, after the amount ("10 million won (per household basis)",
    "on a per-person basis") or before it in its clause ("based on a one-person household,
    funds rose to 13 million won"); the last unit noun of the phrase is the unit.

    Example:
        "6 million won (1 person household basis)" -> "household".

    """
    if not data["basis"]:
        return None
    after, before = _basis(s.g.lang)
    at = max(s.d.end, s.d.tail)
    m = after.match(s.text, at, at + 160)  # (bounded: the engine looks for "basis" to the end)
    if m is None and (
        any(w in s.window for w in data["basis"]) or any(w in s.window for w in data["based"])
    ):
        for bm in before.finditer(s.text, s.lo, s.d.start):
            m = bm
    if m is None:
        return None
    label = _label(m, s.g.lex)
    return None if label in s.g.lex.label_codes else label  # "on a dollar for dollar basis"


# --- roles ---------------------------------------------------------------------------------------


@ROLE.rule("wage", not_verbs="words", changes="phrases", changes_after="words",
           by="words")  # fmt: skip
def wage(s: _Site, per: str, data: RuleData) -> bool:
    """Mark an amount priced per a period as a wage when a wage noun or verb governs it.

    "a $5-a-day wage", "the average monthly wage ... is", "earns 3,000 won a month" (not "pay a
    monthly fee": the verb "pay", and no wage is priced per quarter or earned per year by a verb).
    A change of a wage is no wage: the amount after one of ``changes`` ("a raise of", "up"), or
    after a verb of movement and a word of ``by`` ("will rise by 290 won"), or before one of
    ``changes_after`` ("the 290 won increase") keeps the wage's period but is no level that a
    wage floor could judge.

    Example:
        "workers earn 3,000 won a month" -> role wage.

    """
    text, lex = s.text, s.g.lex
    if per not in lex.period_labels or per == "quarter":  # no wage is quarterly
        return False
    if _wage_change(s, data):
        return False  # "the minimum wage will rise by 290 won": a change, not the wage
    m = s.after
    after_words = _LOWER_WORD.findall(text[s.pos : s.pos + 32].lower())
    if m is not None:
        after_words = _LOWER_WORD.findall(text[m.end() : m.end() + 24].lower())[:2]
    if set(after_words[:2]) & lex.wage_nouns:
        return True  # "a $5-a-day wage"
    if s.adj is not None:
        # "the average monthly wage ... is": the noun the period qualifies decides
        return s.adj.group("noun").lower() in lex.wage_nouns
    if not lex.word_boundaries:
        # no word boundaries (Korean particles, unspaced Chinese): the words as substrings
        # (Korean writes the verb after the amount: "하루에 5,000원을 번다")
        if _changed_after(s):
            return False  # "시급이 작년보다 170원 올랐지만": a change of a wage, no wage
        near_text = text[max(s.lo, s.d.start - 48) : s.d.start] + " " + _clause_after(text, s.d.end)
        return any(n in s.window for n in lex.wage_nouns) or (
            per != "year" and any(v in near_text for v in lex.wage_verbs)
        )
    words = set(_LOWER_WORD.findall(s.window)) - data["not_verbs"]
    near = set(_LOWER_WORD.findall(text[max(s.lo, s.d.start - 48) : s.d.start].lower()))
    return bool(words & lex.wage_nouns or (near & lex.wage_verbs and per != "year"))


def _wage_change(s: _Site, data: RuleData) -> bool:
    """Tell whether the amount is a change: ``role.wage``'s ``changes`` / ``changes_after``."""
    before = _LOWER_WORD.findall(s.text[max(s.lo, s.d.start - 32) : s.d.start].lower())
    hedge = len(_LOWER_WORD.findall(s.d.hedge.lower())) if s.d.hedge else 0
    kept = before[: len(before) - hedge]
    words = " " + " ".join(kept)
    if any(words.endswith(" " + c) for c in data["changes"]):
        return True
    if len(kept) >= 2 and kept[-1] in data["by"] and kept[-2] in s.g.lex.movement:
        return True  # "will rise by 290 won" (not "followed by £102.80 a week")
    after = _LOWER_WORD.findall(s.text[s.d.end : s.d.end + 16].lower())[:1]
    return bool(set(after) & data["changes_after"])


def _changed_after(s: _Site) -> bool:
    """Tell whether a verb of change (``carry.change-word``'s ``after``) follows the amount.

    Only right after it, past one of that rule's particles ("170원이나 올랐다", "170원 올랐지만").
    """
    return change_verb_after(s.g.lang).match(s.text, max(s.d.end, s.d.after_mod)) is not None


@functools.cache
def change_verb_after(lang: str) -> regex.Pattern[str]:
    """Compile a verb of change right after a figure (``carry.change-word``'s ``after``).

    "150 won lower", "150원이 떨어졌다": past the change in percent in brackets ("170원(1.7%)
    오른") and a particle of that rule written against the figure. Shared by ``role.wage``
    (a change of a wage is no wage) and ``carry.change-word``.
    """
    cw = rule_data(lang)["carry.change-word"]
    sp = rf"{_SP}{{1,4}}"
    # a word boundary where the language writes one ("150 won lower", not "lowered")
    edge = r"(?![^\W\d_])" if grammar(lang).lex.word_boundaries else ""
    return cached_compile(
        rf"(?:{_SP}{{0,2}}[(（][-+−]?\d+(?:\.\d+)?{_SP}?[%％][)）])?"
        rf"{_SP}{{0,4}}(?:{alternation(cw['particles'], sp)})?{_SP}{{0,4}}"
        rf"(?i:{alternation(cw['after'], sp)}){edge}"
    )


_CLAUSE_END = cached_compile(r"[,.;:!?，。；：！？\n]")


def _clause_after(text: str, pos: int, reach: int = 16) -> str:
    """Return up to ``reach`` characters after ``pos``, cut at the clause's end."""
    m = _CLAUSE_END.search(text, pos, pos + reach)
    return text[pos : m.start() if m is not None else pos + reach]


def buys_other(text: str, d: Draft, g: Grammar, buys: frozenset[str]) -> bool:
    """Tell whether the amount buys another currency: "8,200 won bought one dollar".

    Not a movement in its own currency ("lowered 1.50 dlrs to 16.35 dlrs").
    """
    after = _LOWER_WORD.findall(text[d.end : d.end + 24].lower())[:3]
    if not after or after[0] not in buys:
        return False
    lex = g.lex
    return any(
        set(lex.label_codes.get(lex.currency_nouns.get(w, w), ())).isdisjoint(d.surface.candidates)
        for w in after[1:]
        if w in lex.rate_words
    )


@ROLE.rule("rate", levels="words", offs="words", comparatives="words", changes="phrases",
           compared="phrases", fillers="phrases", moved="phrases")  # fmt: skip
def rate_level(text: str, g: Grammar, d: Draft, ref: Decimal | None, data: RuleData) -> bool:
    """Mark an amount priced per another currency as a quoted rate: a level, not a change.

    "the dollar traded at 8,000 won", "fell below the 1,300-won level" are rates; "down 3.2
    won", "rose by 8.2 won", "100 won higher" move one (they keep ``per`` but no role). A figure
    far under the passage's latest rate of that base ("the rate was up KPW 150", after KPW
    8,850) is a change too, so is one a noun of change governs ("a rise of 600 won"), and one a
    comparison opens where the language writes it before
    the figures (``compared``, with only figures and ``fillers`` between: Korean "지난달보다
    각각 50원, 130원 올랐다"), and one a verb of change is written against (``moved``: "升值1.2分").
    A range "between" two levels is no change ("it moved between 1,141.6 and 1,144.2").

    Example:
        "the dollar fell from 8,200 won to 8,000 won" -> both role "rate"; ", down 14.7 won" ->
        no role.

    """
    lo = max(0, d.start - 48)
    clause = text[lo : d.start]
    if data["compared"] and _compared_before(clause, data):
        return False  # "지난달보다 각각 50원, 0원": a change since last month
    if data["moved"] and _moved_against(text, g, d, lo, data["moved"]):
        return False  # "升值1.2分", "貶值6.5分": a verb of change written against the figure
    cut = max(clause.rfind(","), clause.rfind("("))
    words = _LOWER_WORD.findall(clause[cut + 1 :].lower())[-5:]
    # "it moved between 1,141.6 and 1,144.2": the range the level moved in, no change
    opens = tuple(w.lower() for w in g.lex.range_open_and)
    between = bool(opens) and text[d.start : d.end].lower().startswith(opens)
    for k in range(len(words) - 1, -1, -1):
        w = words[k]
        if w in data["levels"]:
            if k and f"{words[k - 1]} {w}" in data["changes"]:
                return False  # "a rise of 600 won", "a drop of 30 won"
            return not _comparative_after(text, d, data)  # "fell to 8,000 won"
        if (w in g.lex.movement or (k == 0 and w in data["offs"])) and not between:
            return False  # "rose by 8.2 won", "down 1.9 won", ", off 0.42" ("bounced off 95.80")
    if ref is not None and d.value * 4 < ref:
        return False
    return not _comparative_after(text, d, data)


def _moved_against(text: str, g: Grammar, d: Draft, lo: int, moved: tuple[str, ...]) -> bool:
    """Tell whether a verb of change is written against the figure, past its bound ("揚超過1角")."""
    end = d.start
    if d.bound is not None:
        bm = g.before_modifier.search(text, lo, d.start)
        end = bm.start() if bm is not None else end
    return text[lo:end].rstrip().endswith(moved)


def _compared_before(clause: str, data: RuleData) -> bool:
    """Tell whether a comparison word opens the figures that end ``clause`` ("보다 각각 50원, ")."""
    ends = [(clause.rfind(w), w) for w in data["compared"]]
    at, word = max(ends)
    if at < 0:
        return False
    rest = clause[at + len(word) :]
    for filler in data["fillers"]:
        rest = rest.replace(filler, "")
    return not rest.strip(" \u00a0,.0123456789")


def _comparative_after(text: str, d: Draft, data: RuleData) -> bool:
    """Tell whether "higher", "lower", ... follows the amount in its clause."""
    after = _LOWER_WORD.findall(regex.split(r"[.,;:!?]", text[d.end : d.end + 16], 1)[0].lower())
    return bool(after) and after[0] in data["comparatives"]


def _skip_aside(s: _Site) -> None:
    """Move ``s.pos`` past an aside after the amount, or to the end of the one it sits in."""
    text, d, pos = s.text, s.d, s.pos
    aside = _ASIDE.match(text, pos) if "(" in text[pos : pos + 8] else None
    if aside is not None:
        s.pos = aside.end()  # "5,000 won (5,500 won in Pyongyang) per kilogram"
        return
    opened = text.rfind("(", max(0, d.start - 60), d.start)
    if opened >= 0 and ")" not in text[opened : d.start]:
        inside = _INSIDE_CLOSE.match(text, pos)
        if inside is not None:
            s.pos = inside.end()  # "(5,500 won in Pyongyang) per kilogram" inside the aside


@PER.rule("hereafter", switch="words", words="phrases", tails="phrases")
def hereafter(s: _Site, data: RuleData) -> str | None:
    """Price the amount per the unit a note earlier in its paragraph sets for what follows.

    Market reports state the unit once for a list: "쌀(이하 kg)은 580원. 통옥수수 240원." ("이하"
    = hereafter), or in a header before a colon: "평양 시장 가격(kg당): 쌀 4,900원, 옥수수
    2,100"; a note of that form ("(이하 1kg 기준)") prices every later amount of the
    paragraph that states no unit of its own.

    Example:
        "쌀(이하 kg)은 580원. 옥수수 240원" -> both per "kg".

    """
    if not data["words"]:
        return None
    lo = s.ctx.paragraph(s.d.start)[0]
    if not any(s.text.find(w, lo, s.d.start) >= 0 for w in (*data["words"], ":", "：")):
        return None
    note = None
    for m in _patterns(s.g.lang).hereafter.finditer(s.text, lo, s.d.start):
        note = m
    return s.g.lex.per_nouns[note.group("noun").lower()] if note is not None else None


def _from_gloss(text: str, g: Grammar, d: Draft, src: Draft) -> Draft:
    """Price a conversion as what it converts, unless it states its own unit."""
    per, rule, role = src.per, "per.gloss", src.role
    own = _after_match(text, g, d.end, rule_data(g.lang)["per.after"])
    rate = _patterns(g.lang).rate_per.match(text, d.end)
    if rate is not None and rate.group("det") is None and src.per is not None:
        # "113.38 yen per dollar (0.0088 dollar per yen)": the conversion quotes its own rate
        per = g.lex.currency_nouns[" ".join(rate.group("cur").lower().split())]
        rule = "per.rate-base"
        role = "rate" if is_rate_base(per, d, g.lex) else None
    elif own is not None and own.group("noun") and src.per is not None:
        # "2,000 Ecus a hectare (920 dlrs an acre)": the conversion states its own unit
        per = g.lex.per_nouns[" ".join(own.group("noun").lower().split())]
        rule = "per.after"
    elif role == "rate" and not is_rate_base(per, d, g.lex):
        role = None  # "8,000 won to the dollar ($1)": no rate of the dollar in dollars
    trace = (*d.trace, rule) if per is not None else d.trace
    return d._replace(per=per, role=role, trace=trace)


@functools.cache
def _list_note(lang: str) -> regex.Pattern[str] | None:
    """Compile a note after a price list that sets its unit: "(모두 kg당)", "[per kilo]"."""
    g, nd = grammar(lang), rule_data(lang)["per.list-note"]
    if not nd["openers"] or not g.lex.measures:
        return None
    S0 = g.parts["S0"]
    opener, per_word = (rf"(?:(?:{alternation(nd[k], S0)}){S0})?" for k in ("openers", "per_words"))
    return g.compile(
        rf"(?i:[(（\[]{S0}{opener}{per_word}(?P<unit>\L<lnmeas>)"
        rf"{S0}(?:(?:{alternation(nd['after'], S0)}){S0})?[)）\]])",
        lnmeas=sorted(g.lex.measures, key=len, reverse=True),
    )


@PER.rule("list-note", switch="openers", openers="phrases", per_words="phrases",
          after="phrases")  # fmt: skip
def list_note(s: _Site, data: RuleData) -> str | None:
    """Price the amounts of a list per the unit a note in brackets after the list gives.

    A price table in prose names its unit once, in brackets after the last item: "쌀 5,300원,
    옥수수 2,150, 돼지고기 1만 2천(모두 kg당)", "rice 5,300, corn 2,150 (all per kg)", "大米5元、
    玉米2元（均为每公斤）". The note follows the amount in its sentence, with only list items and
    figures between (no other sentence, semicolon, aside or unit of measure); it holds an
    optional word for "all"
    (``openers``), an optional per word (``per_words``), a unit of measure and an optional
    closing word (``after``: 당).

    Example:
        "쌀 5,300원, 옥수수 2,150(모두 kg당)" -> 5,300원 per "kg".

    """
    pat = _list_note(s.g.lang)
    if pat is None:
        return None
    _, hi = s.ctx.sentence(s.d.start)
    m = pat.search(s.text, s.d.end, min(hi, s.d.end + 120))
    if m is None:
        return None
    between = s.text[s.d.end : m.start()]
    if any(c in between for c in ";；(（[") or _names_measure(between, s.g.lex):
        return None  # another clause, another aside, or another quantity ("3 tons (kg)")
    return s.g.lex.per_nouns.get(m.group("unit").lower())


@PER.rule("row-label", switch="labels", labels="map", passes="phrases", not_after="words")
def row_label(s: _Site, data: RuleData) -> str | None:
    """Price the figures of a results row per the unit its label names.

    Wire earnings tables open a row with a label (``labels``: "Shr", "Oper shr" -> share) and
    set the period's figure against the last one's: "Shr 1.14 dlrs vs 87 cts". Only figures,
    their currency words and the row's own words (``passes``: vs, profit, loss, diluted) stand
    between the label and the amount; before the label may stand anything (a table's heading or
    the row before, once its line breaks are joined: "Qtr ended March 28 Shr 45 cts").

    Example:
        "Shr loss 12 cts vs profit 30 cts" -> both per "share".

    """
    lo = max(s.sent_lo, s.text.rfind("\n", 0, s.d.start) + 1, s.d.start - 120)
    head = s.text[lo : s.d.start]
    p = s.prev
    if p is not None and lo <= p.start:  # the row's figure before ("four cts vs ...")
        head = head[: p.start - lo] + " 0 " + head[p.end - lo :]
    raw = head.split()
    words = [w.lower() for w in raw]
    lex, labels, passes = s.g.lex, data["labels"], data["passes"]
    j = len(words)  # the row's own words run back from the amount to its label
    while j > 0 and (
        (words[j - 1].rstrip(",;") in passes and not raw[j - 1][:1].isupper())
        or _figure_word(words[j - 1], lex)
    ):
        j -= 1  # (a row's word in capitals opens the next row: "... vs 38 cts Net 12.3 mln")
    for n in (3, 2, 1):
        # the label opens the line or sentence, or follows the row before on one line ("Qtr
        # ended March 28 Shr 45 cts vs 38 cts", once a table's breaks are joined); after a
        # figure or a per word only in capitals ("86 cts shr vs 36.7 mln dlrs", "four cts per
        # shr vs 992,000 dlrs": the unit of the figure before)
        unit: str | None = labels.get(" ".join(words[j - n : j])) if n <= j else None
        if unit is not None and (
            j == n
            or raw[j - n][:1].isupper()
            or not (_figure_word(words[j - n - 1], lex) or words[j - n - 1] in data["not_after"])
        ):
            return unit
    return None


def _figure_word(word: str, lex: Lexicon) -> bool:
    """Tell whether ``word`` is a figure or a currency word ("86", "cts")."""
    return any(c.isdigit() for c in word) or word.rstrip(",;") in lex.surfaces_ci


def _names_measure(text: str, lex: Lexicon) -> bool:
    """Tell whether ``text`` names a unit of measure (as a word, or inside one in CJK)."""
    low = text.lower()
    if lex.word_boundaries:
        return not set(_LOWER_WORD.findall(low)).isdisjoint(lex.measures)
    return any(m in low for m in lex.measures)


@PER.rule("item-after", switch="words", words="phrases")
def item_after(s: _Site, data: RuleData) -> str | None:
    """Price per nothing an amount paid for one thing named after it ("400won for a cabbage").

    The last rung of the ladder: when no rule priced the amount, one of ``words`` and a noun
    that is no unit the lexicon prices by ("for a cabbage", "for a permit") make it the price of
    one item, which no unit of the series before it reaches (the annotation policy: per null
    for one item). "for a kilo of", "for a night" are units.

    Example:
        "550won for 1kg flour, and 400won for a cabbage" -> "400won" per nothing.

    """
    m = _item_after(s.g.lang).match(s.text, s.d.end)
    if m is None or m.group("noun").lower() in s.g.lex.per_nouns:
        return None
    return ONE_ITEM


@functools.cache
def _item_after(lang: str) -> regex.Pattern[str]:
    """Compile " for a cabbage" after an amount: a word of ``words`` and a noun."""
    g = grammar(lang)
    words = rule_data(lang)["per.item-after"]["words"]
    S1 = g.parts["S1"]
    return g.compile(rf"(?i:{S1}{alternation(words, S1)}{S1}(?P<noun>[a-z]{{3,}})(?![\w-]))")


_BEFORE_SUFFIX = "per.before-suffix"


@PER.rule("parallel", switch="links", links="phrases", joins="phrases", alike="map")
def parallel(s: _Site, data: RuleData) -> str | None:
    """Price the next parallel item of a list per the unit of the item before it.

    A list by place writes the same link word right before each figure ("人均GNI韩国为2559万韩元,
    朝鲜为137万韩元", "the South at 25.6 million won and the North at 1.4 million won"): the
    figure, with no unit of its own, takes the unit of the one before when one of ``links``
    stands right before both (before the first one's unit, where it is written before it: "닭은
    마리당 350원, 염소는 700원"; ``alike`` maps the forms of one particle to one), the second
    item opens with one of ``joins`` in the same sentence,
    both are in one currency and of one order (within 10x; 100x per person: incomes differ more
    between places than prices), and no other kind of sum is named between. A rate's quotes are
    the rate runs' to carry, and a series of sums per a period those of wages and payments
    (``carry.wage-series``, ``carry.payment-run``), which give the sum's role too.

    Example:
        "人均可支配收入上海为8.4万元，甘肃为2.5万元" -> both per person.

    """
    x, d, text = s.prev, s.d, s.text
    if x is not None and s.restated is not None and s.restated.per == x.per:
        x = s.restated  # "朝鲜为137万韩元(约合人民币7841元), ...": the item before its conversion
    if x is None or not x.per or x.end < s.sent_lo or x.surface.key != d.surface.key:
        return None
    if x.per in s.g.lex.period_labels:
        return None  # a period's series is carry.wage-series's or carry.payment-run's (a role)
    if one_item(text, s.g, d):
        return None  # "두부는 900원(1모)": its own note prices one item
    reach = 100 if x.per == s.g.lex.people_label else 10
    if not x.value / reach <= d.value <= x.value * reach or is_rate_base(x.per, x, s.g.lex):
        return None
    if d.start - x.end > 64 or other_sum_in(text, x.end, d.start, s.g.lex, x.per):
        return None
    pt = _patterns(s.g.lang)
    if pt.parallel_gap.fullmatch(text, x.end, d.start) is None:
        return None
    a_end = x.start
    if _BEFORE_SUFFIX in x.trace and (
        (pb := s.g.per_before.search(text, max(0, x.start - 24), x.start)) is not None
    ):
        a_end = pb.start()  # "닭은 마리당 350원, 염소는 700원": the link before the first's unit
    a = pt.parallel_link.search(text, max(0, a_end - 12), a_end)
    b = pt.parallel_link.search(text, max(0, d.start - 12), d.start)
    if a is None or b is None:
        return None
    alike = data["alike"]  # one particle written two ways ("닭은 ..., 염소는"): 은/는, 이/가
    la, lb = a.group("link").lower(), b.group("link").lower()
    return x.per if alike.get(la, la) == alike.get(lb, lb) else None


@PER.rule("custom-period", switch="nouns", nouns="phrases", below="map", label="phrases",
          stops="phrases", monthly="words")  # fmt: skip
def custom_period(s: _Site, data: RuleData) -> str | None:
    """Price a statutory minimum wage stated with no period per the hour it is set by.

    South Korea, Japan, Hong Kong, Taiwan and China set a minimum wage by the hour (Taiwan and
    China by the month too), and their copy quotes it bare: "내년도 최저임금이 8,720원으로",
    "the minimum wage for next year was set at 9,860 won". An amount a word of ``nouns`` names
    as the subject close before it (at most 32 characters on, no figure between, nor a word of
    ``stops``: "최저임금 인상으로 치킨 가격이 2만원" is a price, nor a word of movement: a change)
    is per ``label`` when one of its currencies is under that currency's ceiling in ``below``
    (the ceilings sit far above every hourly floor and far under every monthly one) and none
    is a currency of a minimum wage set by the month (``monthly``).

    Example:
        "내년도 최저임금은 9,860원으로 결정됐다" -> "hour".

    """
    d = s.d
    found = _subject_gap(s, data["nouns"], data["stops"])
    if found is None:
        return None
    gap = found[1]
    if not _percent_figure(s.g.lang).search(gap) and not s.g.lex.movement.isdisjoint(
        _LOWER_WORD.findall(gap)
    ):
        return None  # "will rise by a record 41 yen": a change, whose unit the level gives
    if not data["monthly"].isdisjoint(c.lower() for c in d.surface.candidates):
        return None  # "$50": Kaesong's minimum wage was set by the month, in dollars
    for code in d.surface.candidates:
        ceiling = data["below"].get(code.lower())
        if ceiling is not None and d.value < Decimal(str(ceiling)):
            return data["label"][0] if data["label"] else None
    return None


@functools.cache
def _bracket_after(lang: str) -> regex.Pattern[str]:
    """Compile "(1kg)" right after an amount: a unit, maybe a count of one, alone in brackets."""
    sp = "[ \u00a0]?"
    return grammar(lang).compile(
        rf"(?i:{sp}[(（]{sp}(?:1{sp})?(?P<noun>\L<pern>){sp}[)）])"
    )


@PER.rule("bracket-unit", switch="opens", opens="phrases", closes="phrases")
def bracket_unit(s: _Site, data: RuleData) -> str | None:
    """Price the amounts of a sentence per the unit a bracket after its good states.

    "시장에서 판매되는 쌀값(㎏당)은 ... 20원대에서 ... 1천원대까지 상승했다가 ... 500~600원대로
    떨어진": the bracket (``opens`` ... ``closes``) holds only a unit with its postposition
    (and maybe a count of one), and prices every later amount of its sentence that no rule
    priced, unless another kind of sum stands between.

    A bracket right after the amount that holds a unit (maybe a count of one) prices that
    amount: "2만 5000원(1kg)까지 폭등했던 휘발유".

    Example:
        "쌀값(kg당)은 5000원이다" -> "kg"; "2만 5000원(1kg)" -> "kg".

    """
    text, lex = s.text, s.g.lex
    own = _bracket_after(s.g.lang).match(text, s.d.end)
    if own is not None and lex.surface(own.group("noun")) is None:  # not "1중국원(위안)": a name
        return str(lex.per_nouns[own.group("noun").lower()])
    found = None
    for op in data["opens"]:
        at = text.find(op, s.sent_lo, s.d.start)
        while at >= 0:
            for cl in data["closes"]:
                end = text.find(cl, at + len(op), min(s.d.start, at + len(op) + 12))
                pb = None if end < 0 else s.g.per_before.search(text, at + len(op), end)
                if pb is not None and not text[at + len(op) : pb.start()].strip(" 1"):
                    found = (pb, end + len(cl))
            at = text.find(op, at + len(op), s.d.start)
    if found is None or other_sum_in(text, found[1], s.d.start, lex, None):
        return None
    return str(lex.per_nouns[found[0].group("noun").lower()])


@PER.rule("basis-before", switch="words", words="phrases", units="phrases")
def basis_before(s: _Site, data: RuleData) -> str | None:
    """Price the amounts of a sentence per the sized unit a basis phrase before them names.

    Korean price surveys state the basis once: "깐마늘 100g을 기준으로 전통시장이 평균 1029원에
    판매되고 ... 백화점은 1775원" (both per 100g), "1kg 기준 가격은 5000원". A quantity of a unit of
    measure of ``units`` (weights and volumes: "전용 84㎡ 기준 13억원" is one flat of that size),
    maybe a particle, and a word of ``words``, earlier in the sentence and with no other kind
    of sum between.

    Example:
        "100g 기준 전통시장에서 평균 288원" -> "100g".

    """
    pat = _basis_before(s.g.lang)
    if pat is None or not any(w in s.window for w in data["words"]):
        return None
    found = None
    for m in pat.finditer(s.text, s.sent_lo, s.d.start):
        found = m
    if found is None or other_sum_in(s.text, found.end(), s.d.start, s.g.lex, None):
        return None
    try:
        qty = parse_number(found.group("qty"), lang=s.g.lang).normalize()
    except NumberParseError:
        return None
    glued = found.end("qty") == found.start("noun")
    noun = found.group("noun")
    if qty == 1:
        return s.g.lex.per_nouns.get(noun.lower())
    return s.g.lex.sized_label(qty, noun, glued)


@functools.cache
def _basis_before(lang: str) -> regex.Pattern[str] | None:
    """Compile a sized unit and a basis word ("100g을 기준으로", "1kg 기준")."""
    g = grammar(lang)
    bd = rule_data(lang)["per.basis-before"]
    words = bd["words"]
    if not words or not bd["units"]:
        return None
    S0 = g.parts["S0"]
    units = alternation(bd["units"], S0)
    return g.compile(
        rf"(?<![\d.,])(?P<qty>\d+(?:[.,]\d+)?){S0}(?P<noun>(?i:{units}))"
        rf"{S0}(?:\L<particles>)?{S0}(?:{alternation(words, S0)})"
    )


@PER.rule("subunit-rate", switch="words", words="phrases", base="phrases")
def subunit_rate(s: _Site, data: RuleData) -> str | None:
    """Price a currency's move in tenths or hundredths per the base of the rate it moves.

    Taiwan's currency reports give the day's move in 角 and 分 of the 元 after the level:
    "終場貶值8.2分、收在30.332元兌1美元", "新台幣跌勢難止，今天收盤收在31.447元，小貶1.7分". A
    change ``compose.subunit-change`` read, in a paragraph that speaks of the exchange rate (a
    word of ``words``: 匯率, 匯價, 兌美元), moves the currency against ``base`` (the dollar),
    even where the level's own base is written as an amount. A move of a price of goods
    ("玉米价格2.36元/公斤，较上周每公斤上涨2分") names no rate and is left to the other rules.

    Example:
        "新台幣兌美元匯率今天收盤貶值8.2分" -> "dollar".

    """
    if not data["base"] or s.d.trace[:1] != ("compose.subunit-change",):
        return None
    lo, hi = s.ctx.paragraph(s.d.start)
    if not any(w in s.text[lo:hi] for w in data["words"]):
        return None
    return str(data["base"][0])


@PER.rule("forward-premium", switch="premiums", premiums="phrases", forwards="words")
def forward_premium(s: _Site, data: RuleData) -> str | None:
    """Price a forward premium per the currency it is paid on.

    Indian wire copy gives the forward cover's cost as a premium on the dollar in paise:
    "the six-month forward dollar premium ... ended lower at 159-161 paise", then "far-forward
    contracts ... closed at 302-304 paise". A currency noun right before a word of
    ``premiums``, earlier in the paragraph, not the amount's own currency ("the rupee premium
    for the forward dollar" is paid in rupees), prices the amount per that currency when the
    amount's sentence holds that premium or a word of ``forwards`` (then the premium may be in
    the paragraph before). The amount is in a minor unit or a two-way range, as premiums are.

    Example:
        "The forward dollar premium for June rose to 98-100 paise" -> "dollar".

    """
    if s.d.surface.kind != "minor" and s.d.high is None:
        return None  # a premium is quoted in paise, or as a dealer's two-way range
    lo, _ = s.ctx.paragraph(s.d.start)
    forward = _names_forward(s.text[s.sent_lo : s.d.start], data)
    if forward and lo > 0:
        lo, _ = s.ctx.paragraph(max(0, lo - 2))  # "Far forward contracts ..." opens the next one
    lo = max(lo, s.d.start - _PREMIUM_REACH)
    low = s.text[lo : s.d.start].lower()  # (offsets from ``lo``)
    if not any(w in low for w in data["premiums"]):
        return None
    found: regex.Match[str] | None = None
    for m in _premium_pattern(s.g.lang).finditer(low):
        label = s.g.lex.currency_nouns.get(" ".join(m.group("cur").split()))
        codes = s.g.lex.label_codes.get(label or "", frozenset())
        if label is not None and codes.isdisjoint(s.d.surface.candidates):
            found = m
    if found is None:
        return None
    at = lo + found.start()
    if (at < s.sent_lo or not _forward_near(s, at, data)) and not forward:
        return None
    return s.g.lex.currency_nouns[" ".join(found.group("cur").split())]


def _forward_near(s: _Site, at: int, data: RuleData) -> bool:
    """Tell whether the premium's sentence names a forward ("six-month forward dollar premium")."""
    lo, hi = s.ctx.sentence(at)
    return _names_forward(s.text[lo:hi], data)


def _names_forward(text: str, data: RuleData) -> bool:
    """Tell whether ``text`` holds a word of ``forwards`` (whole words: "far-forward")."""
    return not data["forwards"].isdisjoint(_FORWARD_WORD.findall(text.lower()))


_FORWARD_WORD = cached_compile(r"[a-z]+(?:-[a-z]+)*")


_PREMIUM_REACH = 600  # characters back from the amount where its premium may be named


@functools.cache
def _premium_pattern(lang: str) -> regex.Pattern[str]:
    """Compile a currency noun right before a premium word ("dollar premium")."""
    g, data = grammar(lang), rule_data(lang)["per.forward-premium"]
    return g.compile(
        rf"(?<!\w)(?P<cur>\L<fpcur>){_SP}+(?:{alternation(data['premiums'], _SP + '+')})(?!\w)",
        fpcur=sorted(g.lex.currency_nouns) or [_NEVER],
    )


def _subject_gap(
    s: _Site, nouns: Collection[str], stops: tuple[str, ...]
) -> tuple[str, str] | None:
    """Return the subject noun close before the amount and the text between, or None.

    At most 32 characters on, no figure between but a change in percent ("최저임금 1.7% 오른
    1만30원"), no word of ``stops``.
    """
    if not nouns:
        return None
    lo = max(s.sent_lo, s.d.start - 32 - max(len(n) for n in nouns))
    low = s.text[lo : s.d.start].lower()
    for n in nouns:
        at = low.rfind(n)
        if at < 0:
            continue
        gap = low[at + len(n) :]
        plain = _percent_figure(s.g.lang).sub("", gap)
        if not any(ch.isdigit() for ch in plain) and not _names(gap, stops):
            return n, gap
    return None


@functools.cache
def _percent_figure(lang: str) -> regex.Pattern[str]:
    """Match a figure in percent ("1.7%", "2.5 percent")."""
    words = grammar(lang).lex.percent_words
    return cached_compile(rf"(?i)\d[\d.,]*{_SP}?{alternation(words, _SP + '+')}(?!\w)")


def _names(gap: str, words: tuple[str, ...]) -> bool:
    """Tell whether ``gap`` holds one of ``words``."""
    return any(w in gap for w in words)


@PER.rule("period-phrase", switch="preps", preps="phrases", every="phrases", not_before="words",
          tails="map", tail_stops="words")  # fmt: skip
def period_phrase(s: _Site, data: RuleData) -> str | None:
    """Price an amount per the period that ends its clause past a short phrase of what for.

    "allocate Rp 9.6 trillion for vehicle owners every month, she said", "pay $300 in rent
    each month.": one of ``preps``, one to three words (no figure), one of ``every`` and a
    period noun before a pause or the text's end. Not after a word of ``not_before`` ("$300
    for use in a month" is within a month). A period word of ``tails`` may close the clause
    past a verb phrase too: "$200 million in cash is sent to the regime annually".

    Example:
        "spent $5 million on food every month." -> "month".

    """
    m = _period_phrase(s.g.lang).match(s.text, s.pos)
    if m is None:
        return _period_tail(s, data)
    if m.group("last").lower() in data["not_before"]:
        return None
    label = s.g.lex.per_nouns.get(m.group("noun").lower())
    return label if label in s.g.lex.period_labels else None


def _period_tail(s: _Site, data: RuleData) -> str | None:
    """Price an amount per a period word that closes its clause: "$500 is sent home monthly".

    One to ten plain words stand between (no figure, no pause, none of ``tail_stops``: "costs
    $5 and is published weekly" is the paper's period), the last not of ``not_before``, and a
    word of ``tails`` (map to the period's label) ends the clause.
    """
    pt = _period_tail_pattern(s.g.lang)
    m = pt.match(s.text, s.pos) if pt is not None else None
    if m is None:
        return None
    words = _ASCII_WORD.findall(m.group("gap").lower())
    if not words or words[-1] in data["not_before"] or not data["tail_stops"].isdisjoint(words):
        return None
    label = data["tails"][" ".join(m.group("tail").lower().split())]
    return label if label in s.g.lex.period_labels else None


@functools.cache
def _period_tail_pattern(lang: str) -> regex.Pattern[str] | None:
    """Compile " is being sent to the regime annually" before a pause (``per.period-phrase``)."""
    tails = rule_data(lang)["per.period-phrase"]["tails"]
    if not tails:
        return None
    return cached_compile(
        rf"(?i)(?P<gap>(?:{_SP}+[a-z'’-]{{1,24}}){{1,10}}){_SP}+"
        rf"(?P<tail>{alternation(sorted(tails), _SP + '+')})(?=[ ]?[,.;:!?)]|\Z)"
    )


@functools.cache
def _period_phrase(lang: str) -> regex.Pattern[str]:
    """Compile " for vehicle owners every month" before a pause (``per.period-phrase``)."""
    g, pd = grammar(lang), rule_data(lang)["per.period-phrase"]
    return cached_compile(
        rf"(?i){_SP}+(?:{alternation(pd['preps'], _SP + '+')}){_SP}+"
        rf"(?:[a-z'’-]{{1,24}}{_SP}+){{0,2}}(?P<last>[a-z'’-]{{1,24}}){_SP}+"
        rf"(?:{alternation(pd['every'], _SP + '+')}){_SP}+(?P<noun>\L<pn>)(?=[ ]?[,.;:!?)]|\Z)",
        pn=sorted(n for n, lab in g.lex.per_nouns.items() if lab in g.lex.period_labels),
    )


@PER.rule("gloss")
def gloss(s: _Site, data: RuleData) -> str | None:
    """Price a conversion per what the amount it converts is priced per.

    Example:
        "300 yuan (U.S. $47) per household" -> both per "household".

    """
    return None  # applied by ``assign`` from the glossed amount (see _from_gloss)


@PER.rule("series-frame")
def series_frame(d: Draft, done: list[Draft]) -> str | None:
    """Price a bare figure of a list per what the amount it continues is priced per.

    A list rule (``compose.price-list``, ``compose.glued-list``, ``compose.item-lead``,
    ``compose.pronoun-price``, ``compose.movement-to``) reads the next prices of one series
    bare: "团费每人约700元，去年
    同期为650，前年则是580" (per person, each). When no rule prices the figure itself, it
    takes the unit of the amount the list continues (not a price of one item).

    Example:
        "团费每人约700元，去年同期为650" -> 650 per "person".

    """
    for x in reversed(done):
        if x.start == d.frame:
            return x.per or None
        if x.start < d.frame:
            break
    return None


@PER.rule("equation-base", switch="joins", joins="words")
def equation_base(text: str, d: Draft, data: RuleData) -> bool:
    """Keep the base of an equation unpriced: it is an amount of its own, priced per nothing.

    An amount a sign of ``joins`` follows ("1북한원=약372원", "US$1=W1,123") is one side of a
    rate written with its base as a number (the annotation policy: both are mentions, neither
    has a per); no period or unit written before it prices it.

    Example:
        "평균월급은 100북한원(1북한원=약372원)" -> "1북한원" per nothing, "100북한원" per month.

    """
    return opens_equation(text, d, data["joins"])


@PER.rule("amount-base", switch="connectors", connectors="phrases")
def amount_base(text: str, d: Draft, nxt: Draft | None, data: RuleData) -> bool:
    """Keep a rate whose base is written as an amount of its own unpriced.

    The next amount, in a currency this one cannot be, follows right after one of
    ``connectors`` ("61.05 per 100 yen", "947.6 won per 100 yen"): the annotation policy reads
    both as amounts, neither with a per, as it does "1 dollar = 8,000 won".

    Example:
        "the rupee ended at 61.05 per 100 yen" -> 61.05 per nothing.

    """
    if nxt is None or nxt.start - d.end > 16 or nxt.gloss_of is not None:
        return False
    # (a level the story left bare is of a rate to one unit of the other: "the peso closed at
    # 53.740 to $1", though "$" may be a peso too)
    level = "compose.rate-level" in d.trace and nxt.value == 1 and nxt.surface.key != d.surface.key
    if not level and not set(d.surface.candidates).isdisjoint(nxt.surface.candidates):
        return False
    gap = " ".join(text[max(d.end, d.after_mod) : nxt.start].lower().split())
    return gap in data["connectors"]


@PER.rule("for-quantity", switch="words", words="phrases")
def for_quantity(text: str, g: Grammar, d: Draft) -> bool:
    """Keep a sum that a quantity other than one follows unpriced: what that quantity cost.

    "it has increased to 100 RMB for 0.8 gram", "beans go for 12,000 won for 2 kg": a word of
    ``words``, a figure that is not 1, then a unit of measure, right after the amount. It is
    decided (no carry prices it), as the annotation policy reads a price that is no unit price.

    Example:
        "100 RMB for 0.8 gram" -> per nothing.

    """
    words = _for_words(g.lang)
    if not words:
        return False
    at = d.end
    while text[at : at + 1] in _SPACES:
        at += 1
    if not text[at : at + _FOR_PEEK].lower().startswith(words):
        return False  # (a cheap look first: this runs on every amount)
    return _for_quantity(g.lang).match(text, d.end) is not None


_FOR_PEEK = 12  # characters looked at after an amount before the pattern runs


@functools.cache
def _for_words(lang: str) -> tuple[str, ...]:
    """Return ``per.for-quantity``'s words, lower-cased."""
    return tuple(w.lower() for w in rule_data(lang)["per.for-quantity"]["words"])


def _quantity(lang: str) -> str:
    """Return the pattern of a quantity other than one and its unit of measure ("0.8 gram")."""
    units = alternation(sorted(grammar(lang).lex.measures, key=len, reverse=True))
    return rf"(?!1(?![\d.,]))\d+(?:[.,]\d+)?{_SP}*(?i:{units})(?![^\W\d_])"


@functools.cache
def _for_quantity(lang: str) -> regex.Pattern[str]:
    """Compile ``per.for-quantity``: its word, a figure that is not 1, a unit of measure."""
    words = rule_data(lang)["per.for-quantity"]["words"]
    if not words:
        return cached_compile(_NEVER)
    return cached_compile(rf"{_SP}*(?i:{alternation(words)}){_SP}+{_quantity(lang)}")


@PER.rule("quantity-bracket", switch="opens", opens="phrases")
def quantity_bracket(text: str, g: Grammar, d: Draft) -> bool:
    """Keep a sum in brackets after a quantity other than one unpriced: what it cost.

    "쌀 50kg(5만원)", "rice, 20 kg (7,000 won)": a figure that is not 1 and a unit of measure,
    then a bracket of ``opens`` that holds the amount alone (a hedge or bound after it aside).
    The sum is the price of that quantity, no unit price, and it is decided (no carry prices
    it), as ``per.for-quantity`` reads "for 2 kg". A unit or period inside the bracket is the
    amount's own ("20 kg (8,000 won per kg)", "10 kg (5,000 won a month)"): not this rule's.

    Example:
        "쌀 50kg(5만원)" -> per nothing.

    """
    opens = _bracket_opens(g.lang)
    at = d.start
    while at > 0 and text[at - 1] in _SPACES:
        at -= 1
    if not opens or at == 0 or not text[:at].endswith(opens):
        return False  # (a cheap look first: this runs on every amount)
    if text[max(d.end, d.after_mod) :].lstrip(" \u00a0")[:1] not in _CLOSES:
        return False  # "(8,000 won per kg)": the bracket says what the amount is priced per
    lo = max(0, at - _QUANTITY_BACK)
    return _quantity_open(g.lang).search(text, lo, at) is not None


_QUANTITY_BACK = 32  # characters looked at before a bracket for the quantity it follows
_CLOSES = frozenset(")]）")


@functools.cache
def _bracket_opens(lang: str) -> tuple[str, ...]:
    """Return ``per.quantity-bracket``'s brackets."""
    return tuple(rule_data(lang)["per.quantity-bracket"]["opens"])


@functools.cache
def _quantity_open(lang: str) -> regex.Pattern[str]:
    """Compile ``per.quantity-bracket``: a figure that is not 1, a unit, an opening bracket."""
    opens = rule_data(lang)["per.quantity-bracket"]["opens"]
    if not opens:
        return cached_compile(_NEVER)
    return cached_compile(rf"(?<![\d.,]){_quantity(lang)}{_SP}*(?:{alternation(opens)})\Z")


@PER.rule("denomination", switch="words", words="phrases", notes="phrases")
def denomination(text: str, d: Draft, data: RuleData) -> bool:
    """Keep an amount that names a note's or a coin's denomination, not a price per anything.

    A word of ``words`` written against the amount, then a noun of money of ``notes``, names
    the denomination ("5천원짜리 돈표로 준다": the raised wage is paid in 5,000-won vouchers):
    no period or unit of its clause prices it ("월세 150만원짜리 반전세" stays a monthly rent).

    Example:
        "인상된 월급은 5천원짜리 돈표로 준다" -> "5천원" per nothing.

    """
    for w in data["words"]:
        if text.startswith(w, d.end):
            rest = text[d.end + len(w) : d.end + len(w) + 12].lstrip()
            return rest.startswith(tuple(data["notes"]))
    return False


_DECIDED = frozenset(
    ("per.amount-base", "per.denomination", "per.for-quantity", "per.quantity-bracket")
)
_APPLIED_APART = frozenset(
    {
        "per.for-quantity",
        "per.quantity-bracket",
        "per.rate-base",
        "per.gloss",
        "per.series-frame",
        "per.equation-base",
        "per.amount-base",
        "per.denomination",
    }
)


@functools.cache
def _ladder(lang: str) -> tuple[tuple[str, Callable[[_Site, RuleData], str | None], RuleData], ...]:
    """Return the per rules after the rate base, in order, with their data in ``lang``."""
    data = rule_data(lang)
    return tuple((r.id, r.fn, data[r.id]) for r in PER if r.id not in _APPLIED_APART)


def assign(
    text: str,
    g: Grammar,
    drafts: list[Draft],
    ctx: ContextIndex,
    data: Mapping[str, RuleData],
    off: frozenset[str] = frozenset(),
) -> list[Draft]:
    """Give each draft its ``per`` and ``role``, in text order."""
    out: list[Draft] = []
    # the ladder of per rules after the rate base (which reads before any aside is skipped)
    rules = _ladder(g.lang) if not off else [x for x in _ladder(g.lang) if x[0] not in off]
    after_data = data["per.after"]
    rates = _Rates(text)
    prev: Draft | None = None
    restated: Draft | None = None
    for i, d in enumerate(drafts):
        if d.gloss_of is not None and "per.gloss" not in off:
            restated = out[d.gloss_of]
            d = _from_gloss(text, g, d, restated)
            rates.note_per(d)
            out.append(d)
            prev = d
            continue
        nxt = drafts[i + 1] if i + 1 < len(drafts) else None
        if (unpriced := _unpriced_by(text, g, d, nxt, data, off)) is not None:
            prev = _unpriced(d, rates, out, unpriced, ctx)
            continue
        s = _Site(text, g, ctx, d, prev, nxt, rates, restated, out)
        restated = None
        found: str | None = None
        fired = ""
        # "8,100 won to the dollar" first; then what follows the amount (past an aside)
        found = None if "per.rate-base" in off else rate_base(s, data["per.rate-base"])
        if found is not None:
            fired = "per.rate-base"
        else:
            # "(other estimates put it as high as $100 a month)": the unit inside the aside
            s.after = _after_match(text, g, s.pos, after_data)
            if s.after is None:
                _skip_aside(s)
                s.after = _after_match(text, g, s.pos, after_data)
            if any(a in s.window for a in g.lex.period_adjectives):
                for pm in _patterns(g.lang).period_before.finditer(text, s.lo, d.start):
                    s.adj = pm
            for rid, fn, rd in rules:
                found = fn(s, rd)
                if found is not None:
                    fired = rid
                    break
            if found is None and d.frame >= 0 and "per.series-frame" not in off:
                found = series_frame(d, out)
                fired = "per.series-frame"
        if found is not None:
            d = _with_role(s, d, found, fired, data, off)
        rates.note(d)
        out.append(d)
        if d.trace[:1] != _TABLE_SUM:
            prev = d  # (a results table's sum rows stand apart from its per-share rows)
    return out


_TABLE_SUM = ("compose.results-row",)


def _unpriced_by(
    text: str,
    g: Grammar,
    d: Draft,
    nxt: Draft | None,
    data: Mapping[str, RuleData],
    off: frozenset[str],
) -> str | None:
    """Return the rule that keeps ``d`` priced per nothing (an equation's base, a note), if any."""
    if "per.equation-base" not in off and equation_base(text, d, data["per.equation-base"]):
        return "per.equation-base"
    if "per.amount-base" not in off and amount_base(text, d, nxt, data["per.amount-base"]):
        return "per.amount-base"
    if "per.denomination" not in off and denomination(text, d, data["per.denomination"]):
        return "per.denomination"
    if "per.for-quantity" not in off and for_quantity(text, g, d):
        return "per.for-quantity"
    if "per.quantity-bracket" not in off and quantity_bracket(text, g, d):
        return "per.quantity-bracket"
    return None


def _unpriced(
    d: Draft, rates: _Rates, out: list[Draft], rule_id: str, ctx: ContextIndex
) -> Draft:
    """Add ``d`` to ``out`` priced per nothing by ``rule_id`` (an equation's base, a note).

    A rate whose base is an amount of its own, and a note's face value ("5천원짜리 돈표"), are
    decided (``ONE_ITEM``): no carry prices them.
    """
    per = ONE_ITEM if rule_id in _DECIDED else d.per
    d = d._replace(per=per, trace=(*d.trace, rule_id))
    rates.note(d)
    out.append(d)
    _unprice_levels(out, ctx, rule_data(ctx.lang)["per.compared"]["words"])
    return d


_COMPARED_BACK = 24  # how far before a level its comparison word may stand


def _unprice_levels(out: list[Draft], ctx: ContextIndex, compared_words: tuple[str, ...]) -> None:
    """Unprice the sentence's bare levels of a rate whose base the last draft wrote as an amount.

    "the peso opened at 53.740 before hitting a high of 53.440 and a low of 53.740 to $1": the
    sentence writes its base as an amount of its own, so none of its levels is priced per it;
    a level whose base the sentence names is kept ("56.93 against the pound ... 29.16 per 100
    yen"), and so are all when a word of ``per.compared`` sets the last apart ("... after opening
    at 58.30, compared with 58.25 to $1 on Monday").
    """
    last = out[-1]
    if last.per != ONE_ITEM or "compose.rate-level" not in last.trace:
        return
    lo = ctx.sentence(last.start)[0]
    before = ctx.text[max(lo, last.start - _COMPARED_BACK) : last.start].lower()
    if any(w in before for w in compared_words):
        return  # "... after opening at 58.30, compared with 58.25 to $1 on Monday": another day
    for k in range(len(out) - 2, -1, -1):
        x = out[k]
        if x.start < lo:
            break
        if (
            "compose.rate-level" in x.trace
            and "per.rate-base" not in x.trace  # ("closing at 56.93 against the pound")
            and x.surface.key == last.surface.key
            and x.per
        ):
            out[k] = x._replace(per=ONE_ITEM, role=None, trace=(*x.trace, "per.amount-base"))


def _with_role(
    s: _Site, d: Draft, found: str, fired: str, data: Mapping[str, RuleData], off: frozenset[str]
) -> Draft:
    """Return ``d`` priced per ``found`` by rule ``fired``, with its role: a rate or a wage."""
    lex = s.g.lex
    if is_rate_base(found, d, lex):
        if "role.rate" not in off and rate_level(
            s.text, s.g, d, s.rates.levels.get(found), data["role.rate"]
        ):
            return d._replace(per=found, role="rate", trace=(*d.trace, fired, "role.rate"))
        return d._replace(per=found, trace=(*d.trace, fired))
    if fired != "per.rate-base" and "role.wage" not in off and wage(s, found, data["role.wage"]):
        return d._replace(per=found, role="wage", trace=(*d.trace, fired, "role.wage"))
    return d._replace(per=found, trace=(*d.trace, fired))
