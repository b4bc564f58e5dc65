r"""Build the compiled ``regex`` patterns of one language from its Lexicon; yield raw candidates.

Every surface comes from the data files and enters the patterns through ``regex`` named lists
(``\\L<name>``), which escape their entries and prefer the longest alternative. The grammar is
bounded: ``[prefix currency] number [scale] [suffix currency]``, with no nested unbounded repeats,
so matching time is linear in the input.

Matching is anchor-first: ``moneyx.scan`` finds the currency markers in one pass; these patterns
then read the number forward from a prefix marker (``after_prefix``) or backward from a suffix
marker (``before_suffix``, a reverse-mode search anchored at the marker), and every other look
around a mention is anchored too, so the cost follows the markers, not the text length.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from moneyx.lexicon import Lexicon, lexicon
from moneyx.numbers import CJK_LANGS, EMPTY_WORDS, NumberWords, cjk_numerals, number_words

__all__ = ["BACK", "Grammar", "compiled_patterns", "grammar"]

# How far back from a suffix marker a number phrase may start (characters).
BACK = 96

_LETTER_BEFORE = r"(?<![^\W\d_])"
# Wire copy breaks lines anywhere ("85 cts a\nshare"); a blank line ends a paragraph.
_SP = r"[ \t\u00a0\u2009\u202f]"  # space, tab, no-break, thin and narrow no-break spaces
_S0 = rf"{_SP}{{0,16}}(?:\n{_SP}{{0,16}})?"
_S1 = rf"(?:{_SP}{{1,16}}(?:\n{_SP}{{0,16}})?|\n{_SP}{{0,16}})"
_S01 = rf"(?:{_SP}|\n)?"
_SC1 = rf"(?:[ \t\u00a0\u2009\u202f,]{{1,16}}(?:\n{_SP}{{0,16}})?|\n{_SP}{{0,16}})"
_LETTER_AFTER = r"(?![^\W\d_])"
# The comparison words of an elliptical figure ("rose to 6.20 dlrs from 5.80"); every branch
# of ``elliptical_after`` contains one of them, so ``Grammar.elliptical_cues`` lists them too.
_ELLIPTICAL_CUES = r"from|versus|vs\.?|against"
# How far after an amount ``elliptical_after`` can reach its comparison word (characters).
ELLIPTICAL_REACH = 160


@dataclass(frozen=True, slots=True)
class Grammar:
    """The compiled patterns of one language."""

    lang: str
    lex: Lexicon
    nw: NumberWords
    after_prefix: regex.Pattern[str]
    before_suffix: regex.Pattern[str]
    suffix_scale: regex.Pattern[str]
    lneg_before: regex.Pattern[str]
    before_modifier: regex.Pattern[str]
    after_hedge: regex.Pattern[str]
    per_before: regex.Pattern[str]
    period_noun: regex.Pattern[str]
    fused_after: regex.Pattern[str]
    range_before: regex.Pattern[str]
    range_after: regex.Pattern[str]
    range_open: regex.Pattern[str]
    cents_after: regex.Pattern[str]
    per_after: regex.Pattern[str]
    currency_phrase_after: regex.Pattern[str]
    gloss_gap: regex.Pattern[str]
    gloss_close: regex.Pattern[str]
    gloss_or: regex.Pattern[str]
    gloss_sep: regex.Pattern[str]
    gloss_or_close: regex.Pattern[str]
    period_before: regex.Pattern[str]
    distributive_before: regex.Pattern[str]
    measure_before: regex.Pattern[str]
    next_word: regex.Pattern[str]
    elliptical_after: regex.Pattern[str]
    moved_to_before: regex.Pattern[str]
    elliptical_from: regex.Pattern[str]
    prev_word: regex.Pattern[str]
    after_number_veto: regex.Pattern[str]
    # cheap pre-checks: a probe whose pattern needs one of these strings is skipped without it
    range_seps: tuple[str, ...]
    elliptical_cues: tuple[str, ...]
    # the words of every hedge and bound phrase ("up", "to", "about", "more", "than", ...)
    modifier_words: frozenset[str]


def _split_surfaces(lex: Lexicon) -> tuple[list[str], list[str]]:
    symbols: list[str] = []
    alpha_cs: list[str] = []
    for s in lex.cs_list:
        (alpha_cs if any(ch.isalpha() for ch in s) else symbols).append(s)
    return symbols, alpha_cs


@functools.cache
def grammar(lang: str = "en") -> Grammar:
    """Compile the grammar of ``lang`` once (cached).

    Args:
        lang: Language code.

    Returns:
        The compiled Grammar.

    Raises:
        ValueError: No lexicon for ``lang``.

    Example:
        >>> grammar("en").before_suffix.search("it cost 300 yuan", 0, 12).group("snum")
        '300'


    """
    lex = lexicon(lang)
    cjk = lang in CJK_LANGS
    nw = EMPTY_WORDS if cjk else number_words(lang)
    symbols, alpha_cs = _split_surfaces(lex)
    names = list(lex.ci_list)
    lists = {
        "sym": symbols,
        "acs": alpha_cs,
        "names": names,
        "nw": list(nw.all_words),
        "mult": sorted(nw.multipliers),
        "small": sorted(nw.small),
        "att": sorted(nw.attached),
        "hedge": [h.lower() for h in lex.hedges],
        "bound": sorted(lex.bounds),
        "hedge_after": [h.lower() for h in lex.hedges_after],
        "bound_after": sorted(lex.bounds_after),
        "hedge_att": list(lex.hedges_attached),
        "fused": sorted(set(lex.hedges_fused) | set(lex.bounds_fused)),
        "dash": [d for d in lex.range_dash if not d.isalpha()],
        "dashw": [d for d in lex.range_dash if d.isalpha()],
        "ropen": list(lex.range_open_and + lex.range_open_to),
        "rand": list(lex.range_and),
        "perw": [w for w in lex.per_words if w != "/"],
        "pern": sorted(lex.per_nouns),
        "peradv": sorted(lex.per_adverbs),
        "cphr": sorted(lex.currency_phrases),
        "equiv": [e.lower() for e in lex.gloss_equivalence],
        "apps": [a.lower() for a in lex.gloss_appositive],
        "padj": sorted(lex.period_adjectives),
        "wagen": sorted(
            lex.wage_nouns
            | {"price", "prices", "cost", "costs", "fee", "fees", "rent", "fare", "fares"}
            | {"payment", "payments", "remittance", "remittances", "subsidy", "installment"}
            | {"premium", "dividend", "bonus", "tuition", "allowance"}
        ),
        "distr": list(lex.distributive),
        "meas": list(lex.measures),
        "mverb": list(lex.measure_verbs),
        "perpost": list(lex.per_before_suffix),
        "pnoun": sorted(lex.period_nouns),
        "mvmt": sorted(w for w in lex.movement if w not in {"by", "up", "down"}),
    }
    # an empty named list would match the empty string: give it an entry no text contains
    lists = {k: (v if v else ["\uffff\ufffe"]) for k, v in lists.items()}
    currency = (
        rf"(?:(?i:{_LETTER_BEFORE}\L<names>{_LETTER_AFTER})"
        rf"|{_LETTER_BEFORE}\L<acs>(?![A-Za-z])|\L<sym>)"
    )
    name = rf"(?i:{_LETTER_BEFORE}\L<names>{_LETTER_AFTER})"
    digit_body = (
        r"(?:\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})+,\d{3}"
        r"|\d{1,3}(?:[\u00a0\u202f]\d{3})+"
        # plain-space groups: "10 000", "1 290", "100 000", "1 500 000"; not "806 808" (a
        # three-digit lead needs a group starting with 0, or three groups), "March 15 100
        # dollars" (a date) or "7 418.70"
        r"|(?<!(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?[ ])"
        r"(?:\d{1,2}[ ]\d{3}(?:[ ]\d{3})*|\d{3}(?:(?:[ ]\d{3}){2,}|[ ]0\d\d(?:[ ]\d{3})*))"
        r"(?![ ]?[\d-]|[.,]\d)"
        r"|\d+)(?:\.\d+)?(?!\d|[.,]\d)"
    )
    digits = r"(?<![\w.,:])" + digit_body  # not inside "2:30" or "1.2.3"
    attached = r"(?:\L<att>)(?![A-Za-z])"
    words = (
        rf"(?i:{_LETTER_BEFORE}\L<nw>{_LETTER_AFTER}"
        rf"(?:(?:[\s]{{1,16}}|[\s]{{0,16}}-[\s]{{0,16}})(?:(?:and|of)(?:\s{{1,16}}|-))?\L<nw>{_LETTER_AFTER}){{0,12}})"
    )
    small = rf"(?i:{_LETTER_BEFORE}\L<small>(?:[ -]\L<small>)?{_LETTER_AFTER})"
    scale = rf"(?i:{_LETTER_BEFORE}\L<mult>{_LETTER_AFTER})"
    number = rf"(?:{digits}(?:{attached})?|{words})(?:(?:\s|-|\s-\s)?{scale}){{0,2}}"
    # after a prefix currency the number may touch it ("USD3.14", "Rs20") and must be digits
    pnumber = rf"(?<![.,\d]){digit_body}(?:{attached})?(?:(?:\s|-|\s-\s)?{scale}){{0,2}}"

    S0, S1, S01, SC1 = _S0, _S1, _S01, _SC1  # whitespace with at most one line break
    if cjk:
        # numerals against the unit, grouped by myriads: 27,350,000 / 2만5천 / 이천칠백삼십오만
        chars = regex.escape(cjk_numerals().chars)
        tok = rf"(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|[{chars}]+)"
        number = pnumber = rf"(?<![\d.,]){tok}(?:[ ]?{tok})*"
        digits = r"(?<![\d.,])" + digit_body
        scale = attached = small = r"(?!)"
        name = r"(?:\L<names>)"
        currency = r"(?:\L<names>|\L<acs>|\L<sym>)"
    gap = S0 if cjk else S1  # Korean attaches particles and bounds: "5000원이상"

    def _comp(pattern: str) -> regex.Pattern[str]:
        # the stubs cannot type named lists passed as keywords
        return regex.compile(pattern, ignore_unused=True, **lists)  # type: ignore[arg-type]

    def _anch(pattern: str) -> regex.Pattern[str]:
        # used with match()/fullmatch() at a given position; \G keeps an unanchored scan
        # (finditer over a whole text) from retrying the pattern at every position
        return _comp(r"\G(?:" + pattern + ")")

    modifier = (
        rf"(?r)(?:(?i:(?<![\w])(?P<mod>\L<hedge>|\L<bound>))[\s]{{1,16}}"
        rf"|(?<![\w])(?P<mod>\L<hedge_att>){S0})\Z"
    )
    return Grammar(
        lang=lang,
        lex=lex,
        nw=nw,
        after_prefix=_anch(rf"{S01}(?P<pneg>[-−])?(?P<pnum>{pnumber})(?:{S01}(?P<post>{name}))?"),
        before_suffix=_comp(
            rf"(?r)(?P<sneg>(?<![\w.,)\]-])[-−])?(?P<snum>{number})"
            rf"(?:(?:-|{S1})(?P<fused>\L<fused>))?(?:{S1}|{S01}-{S01})?\Z"
        ),
        suffix_scale=_anch(rf"{S1}(?P<sscale>{scale})"),
        lneg_before=_comp(r"(?r)(?<![\w.,)\]])[-−]\Z"),
        before_modifier=_comp(modifier),
        after_hedge=_anch(
            rf"(?i:(?:[\s,]{{1,16}}|{gap})(?:(?P<h>\L<hedge_after>)|(?P<b>\L<bound_after>)))"
            + (r"" if cjk else r"(?!\w)")
        ),
        per_before=_comp(rf"(?r)(?P<noun>\L<pern>){S0}(?:\L<perpost>){S0}\Z"),
        period_noun=_comp(r"(?P<pn>\L<pnoun>)"),
        fused_after=_anch(rf"(?i:(?:-|{S1})(?P<f>\L<fused>))(?![\w])"),
        range_before=_comp(
            rf"(?r)(?P<lo>{number})(?:{S01}(?P<locur>{currency}))?"
            rf"(?:\s{{0,16}}(?P<sep>\L<dash>)\s{{0,16}}|\s{{1,16}}(?i:(?P<sepw>\L<dashw>|\L<rand>))\s{{1,16}})\Z",
        ),
        range_after=_anch(
            rf"(?:\s{{0,16}}(?P<sep>\L<dash>)\s{{0,16}}|\s{{1,16}}(?i:(?P<sepw>\L<dashw>|\L<rand>))\s{{1,16}})"
            rf"(?:(?P<hicur>{currency}){S01})?(?P<hi>{number})",
        ),
        range_open=_comp(r"(?r)(?i:(?<!\w)(?P<open>\L<ropen>))\s{1,16}\Z"),
        cents_after=_anch(
            (
                rf"{S0}(?P<c>{number})"
                if cjk
                else rf"(?:{S1}|{S1}(?i:and){S1})(?P<c>(?<![\w.,])\d{{1,2}}(?!\d|[.,]\d)|{small})"
            )
            + rf"(?:{S01}(?P<cu>{currency}))?"
        ),
        per_after=_anch(
            rf"(?i:(?:{S0}/{S0}|,?{S0}(?:-{S0})?(?:\L<perw>)(?:{S0}-{S0}|{S1}))"
            rf"(?:(?:one|single|a|an|1){S1})?(?P<noun>\L<pern>){_LETTER_AFTER}"
            rf"|{SC1}(?P<adv>\L<peradv>){_LETTER_AFTER}"
            # "30 yuan for a bottle of beer": a unit of sale after "for a"
            rf"|{S1}for{S1}(?:a|an|one){S1}(?:single{S1})?(?P<noun>\L<meas>)(?={S1}of(?!\w)))",
        ),
        currency_phrase_after=_anch(rf"(?i:{SC1}(?P<phrase>\L<cphr>){_LETTER_AFTER})"),
        gloss_gap=_anch(rf"{S0}[(\[]{S0}(?i:(?P<eq>\L<equiv>){S1})?(?i:(?P<gb>\L<bound>){S1})?\Z"),
        gloss_close=_anch(
            rf"(?i:(?:{SC1}(?P<phrase>\L<cphr>){_LETTER_AFTER})?)[^()\[\]\n]{{0,40}}?[)\]]"
        ),
        gloss_or=_anch(rf"{S0}(?i:(?P<app>\L<apps>)){S1}(?i:(?P<eq>\L<equiv>){S1})?\Z"),
        gloss_sep=_anch(rf"{S0}[;,/]{S0}(?i:(?:or{S1})?(?:(?P<eq>\L<equiv>){S1})?)"),
        gloss_or_close=_anch(
            rf"(?i:(?:{SC1}(?P<phrase>\L<cphr>){_LETTER_AFTER})?)"
            rf"(?=[^\d\n,;.()$€£¥₩]{{0,48}}?(?:[,;.)]|$))"
        ),
        period_before=_comp(
            # a quoted name between: "a monthly 'loyalty fee' of $500"
            rf"(?i:(?<!\w)(?P<adj>\L<padj>){S1}[\"'‘“]?(?:\w+{S1})?(?P<noun>\L<wagen>)(?!\w))"
        ),
        distributive_before=_comp(rf"(?i:(?<!\w)(?:\L<distr>){S1}(?P<noun>\L<pern>)(?!\w))"),
        measure_before=_comp(
            rf"(?i:(?<![\w.,])(?:(?:a|an|one|per|each|every){S1}|1(?![\d.,]){S0})"
            # one adjective: "a single", "a regular bowl of", "a small bag of"
            rf"(?:(?!(?:of|pct|percent)\b)[a-z]{{3,12}}{S1})?"
            # a size before the container: "a 25 kg sack", "a 1-liter bottle", "a two-pound bag"
            rf"(?:(?:\d[\d.,]*|\L<nw>)(?:{S0}|-)(?!(?:pct|percent|per)\b)"
            rf"[^\W\d_]+(?:-[^\W\d_]+)?{S1})?"
            # the price verb may follow a short qualifier: "a ride across the city that cost"
            rf"(?P<noun>\L<meas>)(?:{S1}of(?!\w)|(?=(?:{S1}[a-z][\w'-]*){{0,4}}?{S1}(?:\L<mverb>)(?!\w))))"
        ),
        elliptical_after=_anch(
            rf"(?i:{S0},?{S0}(?:(?:up|down|rising|falling|rose|fell){S1})?"
            rf"(?:{_ELLIPTICAL_CUES}|compared{S1}(?:with|to))"
            rf"|[^.;:!?()\n$€£¥₩%]{{0,48}}?(?<!\w)(?:(?:up|down|rising|falling|rose|fell){S1}from"
            rf"|compared{S1}(?:with|to)|versus|vs\.?))"
            # "against earnings of 11.2 mln", "compared with a loss of 3 mln"
            rf"(?:{S1}(?:(?:a|an){S1})?[a-z]{{3,15}}{S1}of(?!\w))?{S1}"
            rf"(?P<num>{digits}(?:{attached})?(?:(?:\s|-)?{scale}){{0,2}})(?![\w%/-])"
        ),
        # after "rose (5 pct) to X": the "from Y" later in the clause, past dates and periods
        # ("rose to 8.43 billion dlrs in 1986 from 7.11 billion")
        moved_to_before=_comp(
            rf"(?i:(?<!\w)(?:\L<mvmt>)(?:{S1}[\d.,]+(?:{S0}%|{S1}(?:pct|percent|per{S1}cent)))?"
            rf"{S1}to{S1}\Z)"
        ),
        elliptical_from=_anch(
            rf"(?i:[^.;:!?()\n$€£¥₩%]{{0,60}}?(?<![\w-])from{S1}"
            rf"(?P<num>{digits}(?:{attached})?(?:(?:\s|-)?{scale}){{0,2}})(?![\w%/-]))"
        ),
        next_word=_anch(rf"{S0}(?P<w>[\w'’-]+|[^\w\s])?"),
        prev_word=_comp(r"(?r)(?P<w>[\w'’]+)[ \u00a0,]*\Z"),
        after_number_veto=_anch(
            rf"(?i:{S01}(?:%|percent|per cent|pct|percentage|basis points|bps)(?!\w))"
        ),
        range_seps=tuple(dict.fromkeys(x.lower() for x in (*lex.range_dash, *lex.range_and) if x)),
        elliptical_cues=("from", "versus", "vs", "against", "compared"),
        modifier_words=frozenset(
            w for phrase in (*lex.hedges, *lex.bounds) for w in phrase.lower().split()
        ),
    )


def compiled_patterns(lang: str = "en") -> dict[str, regex.Pattern[str]]:
    """Return every compiled pattern of ``lang`` by name (for tests and benchmarks).

    Example:
        >>> "before_suffix" in compiled_patterns()
        True

    """
    g = grammar(lang)
    return {
        name: getattr(g, name)
        for name in Grammar.__slots__
        if isinstance(getattr(g, name), regex.Pattern)
    }
