"""Build the compiled ``regex`` patterns of one language from its Lexicon; yield raw candidates.

Every surface comes from the data files and enters the patterns through ``regex`` named lists
(``\\L<name>``), which escape their entries and prefer the longest alternative. The grammar is
bounded: ``[prefix currency] number [scale] [suffix currency]``, with no nested unbounded repeats,
so matching time is linear in the input.

Matching is anchor-first: one scan finds currency markers; the core grammar then runs only on
small windows around them, so text without money costs little more than the scan.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from moneyx.lexicon import Lexicon, lexicon
from moneyx.numbers import NumberWords, number_words

__all__ = ["Grammar", "compiled_patterns", "grammar", "windows"]

# How far a mention can reach from its currency marker (characters). A number phrase longer
# than this ("one hundred and twenty-three thousand four hundred and fifty-six") is rare; the
# window is widened to whitespace so no token is cut.
BACK = 96
AHEAD = 64

_LETTER_BEFORE = r"(?<![^\W\d_])"
_LETTER_AFTER = r"(?![^\W\d_])"


@dataclass(frozen=True, slots=True)
class Grammar:
    """The compiled patterns of one language."""

    lang: str
    lex: Lexicon
    nw: NumberWords
    anchor: regex.Pattern[str]
    core: regex.Pattern[str]
    after_prefix: regex.Pattern[str]
    before_suffix: regex.Pattern[str]
    suffix_scale: regex.Pattern[str]
    lneg_before: regex.Pattern[str]
    number: regex.Pattern[str]
    before_modifier: regex.Pattern[str]
    after_hedge: regex.Pattern[str]
    range_before: regex.Pattern[str]
    range_after: regex.Pattern[str]
    range_open: regex.Pattern[str]
    range_gap: regex.Pattern[str]
    cents_after: regex.Pattern[str]
    per_after: regex.Pattern[str]
    currency_phrase_after: regex.Pattern[str]
    gloss_gap: regex.Pattern[str]
    gloss_close: regex.Pattern[str]
    gloss_or: regex.Pattern[str]
    gloss_or_close: regex.Pattern[str]
    period_before: regex.Pattern[str]
    distributive_before: regex.Pattern[str]
    measure_before: regex.Pattern[str]
    next_word: regex.Pattern[str]
    prev_word: regex.Pattern[str]
    after_number_veto: regex.Pattern[str]


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
        >>> bool(grammar("en").anchor.search("it cost 300 yuan"))
        True
    """
    lex = lexicon(lang)
    nw = number_words(lang)
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
        "dash": [d for d in lex.range_dash if not d.isalpha()],
        "dashw": [d for d in lex.range_dash if d.isalpha()],
        "ropen": list(lex.range_open_and + lex.range_open_to),
        "rand": list(lex.range_and),
        "perw": [w for w in lex.per_words if w != "/"],
        "pern": sorted(lex.per_nouns),
        "peradv": sorted(lex.per_adverbs),
        "cphr": sorted(lex.currency_phrases),
        "equiv": [e.lower() for e in lex.gloss_equivalence],
        "padj": sorted(lex.period_adjectives),
        "wagen": sorted(lex.wage_nouns | {"price", "prices", "cost", "costs", "fee", "fees", "rent", "fare", "fares"}),
        "distr": list(lex.distributive),
        "meas": list(lex.measures),
    }
    currency = (
        rf"(?:(?i:{_LETTER_BEFORE}\L<names>{_LETTER_AFTER})"
        rf"|{_LETTER_BEFORE}\L<acs>(?![A-Za-z])|\L<sym>)"
    )
    name = rf"(?i:{_LETTER_BEFORE}\L<names>{_LETTER_AFTER})"
    digit_body = (
        r"(?:\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})+,\d{3}"
        r"|\d{1,3}(?:[\u00a0\u202f]\d{3})+|\d+)(?:\.\d+)?(?!\d|[.,]\d)"
    )
    digits = r"(?<![\w.,])" + digit_body
    attached = r"(?:\L<att>)(?![A-Za-z])"
    words = (
        rf"(?i:{_LETTER_BEFORE}\L<nw>{_LETTER_AFTER}"
        rf"(?:(?:[\s]+|[\s]*-[\s]*)(?:and\s+)?\L<nw>{_LETTER_AFTER}){{0,12}})"
    )
    small = rf"(?i:{_LETTER_BEFORE}\L<small>(?:[ -]\L<small>)?{_LETTER_AFTER})"
    scale = rf"(?i:{_LETTER_BEFORE}\L<mult>{_LETTER_AFTER})"
    number = rf"(?:{digits}(?:{attached})?|{words})(?:(?:\s|-|\s-\s)?{scale}){{0,2}}"
    # after a prefix currency the number may touch it ("USD3.14", "Rs20") and must be digits
    pnumber = rf"(?<![.,\d]){digit_body}(?:{attached})?(?:(?:\s|-|\s-\s)?{scale}){{0,2}}"
    core = (
        rf"(?P<lneg>(?<![\w.,)\]])[-−])?(?P<pre>{currency})[ \u00a0]?(?P<pneg>[-−])?"
        rf"(?P<pnum>{pnumber})(?:[ \u00a0]?(?P<post>{name}))?"
        rf"|(?P<sneg>(?<![\w.,)\]-])[-−])?(?P<snum>{number})(?:[ \u00a0]|[ ]?-[ ]?)?(?P<suf>{currency})"
        rf"(?:[ ](?P<sscale>{scale}))?"
    )

    def _comp(pattern: str) -> regex.Pattern[str]:
        return regex.compile(pattern, ignore_unused=True, **lists)

    anchor = rf"\L<sym>|{_LETTER_BEFORE}\L<acs>(?![A-Za-z])|(?i:{_LETTER_BEFORE}\L<names>{_LETTER_AFTER})"
    modifier = rf"(?r)(?i:(?<![\w])(?P<mod>\L<hedge>|\L<bound>))[\s]+\Z"
    return Grammar(
        lang=lang,
        lex=lex,
        nw=nw,
        anchor=_comp(anchor),
        core=_comp(core),
        after_prefix=_comp(
            rf"[ \u00a0]?(?P<pneg>[-−])?(?P<pnum>{pnumber})(?:[ \u00a0]?(?P<post>{name}))?"
        ),
        before_suffix=_comp(
            rf"(?r)(?P<sneg>(?<![\w.,)\]-])[-−])?(?P<snum>{number})(?:[ \u00a0]|[ ]?-[ ]?)?\Z"
        ),
        suffix_scale=_comp(rf"[ ](?P<sscale>{scale})"),
        lneg_before=_comp(r"(?r)(?<![\w.,)\]])[-−]\Z"),
        number=_comp(number),
        before_modifier=_comp(modifier),
        after_hedge=_comp(r"(?i:[\s,]+(?P<h>\L<hedge_after>))(?!\w)"),
        range_before=_comp(
            rf"(?r)(?P<lo>{number})(?:[ ]?(?P<locur>{currency}))?"
            rf"(?:\s*(?P<sep>\L<dash>)\s*|\s+(?i:(?P<sepw>\L<dashw>|\L<rand>))\s+)\Z",
        ),
        range_after=_comp(
            rf"(?:\s*(?P<sep>\L<dash>)\s*|\s+(?i:(?P<sepw>\L<dashw>|\L<rand>))\s+)"
            rf"(?:(?P<hicur>{currency})[ ]?)?(?P<hi>{number})",
        ),
        range_open=_comp(rf"(?r)(?i:(?<!\w)(?P<open>\L<ropen>))\s+\Z"),
        range_gap=_comp(
            r"(?:\s*(?P<sep>\L<dash>)\s*|\s+(?i:(?P<sepw>\L<dashw>|\L<rand>))\s+)\Z"),
        cents_after=_comp(
            rf"(?:[ ]+|[ ]+(?i:and)[ ]+)(?P<c>(?<![\w.,])\d{{1,2}}(?!\d|[.,]\d)|{small})"
            rf"(?:[ ]?(?P<cu>{currency}))?",
        ),
        per_after=_comp(
            rf"(?i:(?:[ \u00a0]*/[ \u00a0]*|[ \u00a0]*(?:-[ ]*)?(?:\L<perw>)(?:[ ]*-)?[ ]+)"
            rf"(?:(?:one|single|a|an|1)[ ]+)?(?P<noun>\L<pern>){_LETTER_AFTER}"
            rf"|[ ,]+(?P<adv>\L<peradv>){_LETTER_AFTER})",
        ),
        currency_phrase_after=_comp(
            rf"(?i:[ \u00a0,]+(?P<phrase>\L<cphr>){_LETTER_AFTER})"),
        gloss_gap=_comp(
            rf"[ \u00a0]*[(\[][ ]*(?i:(?P<eq>\L<equiv>)[ ]+)?\Z"),
        gloss_close=_comp(
            rf"(?i:(?:[ ,]+(?P<phrase>\L<cphr>){_LETTER_AFTER})?)[^()\[\]\n]{{0,40}}?[)\]]"),
        gloss_or=_comp(rf"[ ]*,?[ ]+(?i:or)[ ]+(?i:(?P<eq>\L<equiv>)[ ]+)?\Z"),
        gloss_or_close=_comp(
            rf"(?i:(?:[ ,]+(?P<phrase>\L<cphr>){_LETTER_AFTER})?)(?=[ ]*(?:[,;.)]|$))"
        ),
        period_before=_comp(
            rf"(?i:(?<!\w)(?P<adj>\L<padj>)[ ]+(?:\w+[ ]+)?(?P<noun>\L<wagen>)(?!\w))"),
        distributive_before=_comp(
            rf"(?i:(?<!\w)(?:\L<distr>)[ ]+(?P<noun>\L<pern>)(?!\w))"),
        measure_before=_comp(
            rf"(?i:(?<!\w)(?:a|an|one|1|per|each|every)[ ]+(?:single[ ]+)?(?P<noun>\L<meas>)[ ]+of(?!\w))"
        ),
        next_word=_comp(r"[ \u00a0]*(?P<w>[\w'’-]+|[^\w\s])?"),
        prev_word=_comp(r"(?r)(?P<w>[\w'’]+)[ \u00a0,]*\Z"),
        after_number_veto=_comp(
            r"(?i:[ \u00a0]?(?:%|percent|per cent|pct|percentage|basis points|bps)(?!\w))"
        ),
    )


def windows(text: str, g: Grammar) -> Iterator[tuple[int, int]]:
    """Yield merged [start, end) windows of ``text`` around currency markers.

    Args:
        text: The document.
        g: The compiled grammar.

    Yields:
        Non-overlapping windows in text order, widened to whitespace.
    """
    n = len(text)
    lo = hi = -1
    for m in g.anchor.finditer(text):
        a = max(0, m.start() - BACK)
        b = min(n, m.end() + AHEAD)
        if lo >= 0 and a <= hi:
            hi = max(hi, b)
            continue
        if lo >= 0:
            yield lo, _widen_right(text, hi)
        lo, hi = _widen_left(text, a), b
    if lo >= 0:
        yield lo, _widen_right(text, hi)


_WIDEN = 48  # at most this many characters to reach whitespace (keeps long runs linear)


def _widen_left(text: str, a: int) -> int:
    stop = max(0, a - _WIDEN)
    while a > stop and not text[a - 1].isspace():
        a -= 1
    return a


def _widen_right(text: str, b: int) -> int:
    stop = min(len(text), b + _WIDEN)
    while b < stop and not text[b].isspace():
        b += 1
    return b


def compiled_patterns(lang: str = "en") -> dict[str, regex.Pattern[str]]:
    """Return every compiled pattern of ``lang`` by name (for tests and benchmarks).

    Example:
        >>> "core" in compiled_patterns()
        True
    """
    g = grammar(lang)
    return {
        name: getattr(g, name)
        for name in Grammar.__slots__
        if isinstance(getattr(g, name), regex.Pattern)
    }
