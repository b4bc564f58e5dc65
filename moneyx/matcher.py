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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, cast

import regex

from moneyx.lexicon import Lexicon, lexicon
from moneyx.numbers import EMPTY_WORDS, NumberWords, cjk_numerals, number_words
from moneyx.patcache import compile_cached

__all__ = [
    "BACK",
    "Grammar",
    "LazyPattern",
    "alternation",
    "compiled_patterns",
    "force",
    "grammar",
    "lazy_compile",
]

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


class LazyPattern:
    """A ``regex`` pattern compiled on its first use, then exactly the compiled pattern.

    ``regex`` compiles in Python: a pattern holding a long named list (the ~900 currency names,
    the ~1,000 per nouns) costs 20-80 ms, and a language has dozens of them, most of which a
    given document never reaches. Compiling each on first use keeps that cost off the cold start
    (``import moneyx`` + the first call) and off documents that never need it; the output is the
    same, since the pattern compiled is the same.

    On first use the compiled pattern's methods and attributes (``match``, ``search``,
    ``pattern``, ``flags``, ...) are stored on this object, so later calls are plain attribute
    lookups, as fast as on the pattern itself. Compiling twice (two threads at once) is harmless:
    both results are the same pattern. Use ``force`` to get the ``regex.Pattern`` itself (for
    ``isinstance`` checks and tools that walk every pattern).
    """

    def __init__(self, pattern: str, flags: int, lists: Mapping[str, Iterable[str]]) -> None:
        self.__dict__["_source"] = (pattern, flags, lists)

    def compiled(self) -> regex.Pattern[str]:
        """Compile the pattern (once) and return it."""
        done = self.__dict__.get("_compiled")
        if done is None:
            pattern, flags, lists = self.__dict__["_source"]
            done = _compile_now(pattern, flags, lists)
            for name in _PATTERN_ATTRS:
                self.__dict__[name] = getattr(done, name)
            self.__dict__["_compiled"] = done
        return cast("regex.Pattern[str]", done)

    def __getattr__(self, name: str) -> Any:
        # only reached for names not stored yet: the first use of the pattern
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __reduce__(self) -> tuple[Any, ...]:
        return (_compile_now, self.__dict__["_source"])

    def __repr__(self) -> str:
        return f"LazyPattern({self.__dict__['_source'][0]!r})"


# what LazyPattern takes over from the compiled pattern on first use
_PATTERN_ATTRS = (
    "findall", "finditer", "flags", "fullmatch", "groupindex", "groups", "match",
    "named_lists", "pattern", "scanner", "search", "split", "splititer", "sub", "subf", "subfn",
    "subn",
)  # fmt: skip


def _compile_now(
    pattern: str, flags: int, lists: Mapping[str, Iterable[str]]
) -> regex.Pattern[str]:
    # compiled once per machine: later processes load the compiled code (moneyx.patcache)
    return compile_cached(pattern, flags, lists)


def lazy_compile(pattern: str, flags: int = 0, /, **lists: Iterable[str]) -> regex.Pattern[str]:
    r"""Return ``pattern`` to be compiled with the named ``lists`` on its first use.

    The result behaves as the ``regex.Pattern`` it stands for (see ``LazyPattern``); ``force``
    returns that pattern itself.

    Example:
        >>> p = lazy_compile(r"\L<w>\b", w=["yuan", "won"])
        >>> p.search("300 won").group()
        'won'

    """
    return cast("regex.Pattern[str]", LazyPattern(pattern, flags, lists))


def force(pattern: regex.Pattern[str] | LazyPattern) -> regex.Pattern[str]:
    """Return the compiled ``regex.Pattern`` of ``pattern`` (compiling a lazy one now)."""
    return pattern.compiled() if isinstance(pattern, LazyPattern) else pattern


@dataclass(frozen=True, slots=True)
class Grammar:
    """The compiled patterns of one language shared by several rules.

    A rule whose patterns only it reads builds them in its own module from its data
    (``moneyx.rules.rule_data``), with ``compile`` and the building blocks in ``parts``.
    """

    lang: str
    lex: Lexicon
    nw: NumberWords
    cjk: bool  # numerals are characters grouped by myriads (Korean, Chinese, Japanese)
    after_prefix: regex.Pattern[str]
    before_suffix: regex.Pattern[str]
    suffix_scale: regex.Pattern[str]
    lneg_before: regex.Pattern[str]
    before_modifier: regex.Pattern[str]
    after_hedge: regex.Pattern[str]
    per_before: regex.Pattern[str]
    period_noun: regex.Pattern[str]
    range_before: regex.Pattern[str]
    range_after: regex.Pattern[str]
    range_open: regex.Pattern[str]
    per_after: regex.Pattern[str]
    currency_phrase_after: regex.Pattern[str]
    currency_phrase_before: regex.Pattern[str]
    gloss_gap: regex.Pattern[str]
    gloss_close: regex.Pattern[str]
    gloss_or: regex.Pattern[str]
    gloss_sep: regex.Pattern[str]
    gloss_or_close: regex.Pattern[str]
    next_word: regex.Pattern[str]
    prev_word: regex.Pattern[str]
    after_number_veto: regex.Pattern[str]
    # the characters that scale a CJK numeral (十百千, 만억조, 万亿): "" elsewhere
    cjk_multipliers: str
    # cheap pre-checks: a probe whose pattern needs one of these strings is skipped without it
    range_seps: tuple[str, ...]
    # the words of every hedge and bound phrase ("up", "to", "about", "more", "than", ...)
    modifier_words: frozenset[str]
    # pattern building blocks ("number", "digits", "attached", "scale", "small", "currency",
    # "S0", "S1", "S01", "SC1") and the named lists they use, for the rules' own patterns
    parts: Mapping[str, str]
    lists: Mapping[str, tuple[str, ...]]

    def compile(self, pattern: str, **extra: Iterable[str]) -> regex.Pattern[str]:
        """Compile ``pattern`` with this grammar's named lists (plus ``extra`` ones) on first use.

        The pattern is compiled when first used (``lazy_compile``), not here.
        """
        lists: dict[str, Iterable[str]] = dict(self.lists)
        for k, v in extra.items():
            lists[k] = tuple(v) or (_NEVER,)
        return lazy_compile(pattern, **lists)

    def anchored(self, pattern: str, **extra: Iterable[str]) -> regex.Pattern[str]:
        r"""Compile ``pattern`` for ``match``/``fullmatch`` at a position (``\G``-anchored)."""
        return self.compile(r"\G(?:" + pattern + ")", **extra)


# an entry no text contains, for empty named lists (an empty one would match the empty string)
_NEVER = "\uffff\ufffe"


def alternation(phrases: Iterable[str], space: str = r"\s+") -> str:
    r"""Build ``(?:...)`` matching any of ``phrases`` (plain strings, longest first).

    Each phrase is escaped; the spaces inside a phrase match ``space`` (wire copy breaks lines
    anywhere). No phrase matches nothing.

    Example:
        >>> print(alternation(["vs.", "compared with"], " "))
        (?:compared with|vs\.)

    """
    alts = sorted({p for p in phrases if p}, key=lambda p: (-len(p), p))
    if not alts:
        return "(?!)"
    return "(?:" + "|".join(space.join(regex.escape(w) for w in p.split()) for p in alts) + ")"


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
    cjk = lex.numerals == "cjk"  # not-lexicon: a numeral system's name
    nw = EMPTY_WORDS if cjk else number_words(lang)
    symbols, alpha_cs = _split_surfaces(lex)
    names = list(lex.ci_list)
    lists: dict[str, list[str]] = {
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
        "bound_after_plain": sorted(set(lex.bounds_after) - set(lex.bounds_after_unless)),
        "hedge_att": list(lex.hedges_attached),
        "fused": sorted(set(lex.hedges_fused) | set(lex.bounds_fused)),
        "dash": [d for d in (*lex.range_dash, *lex.range_neighbours) if not d.isalpha()],
        "dashw": [d for d in lex.range_dash if d.isalpha()],
        "ropen": list(lex.range_open_and + lex.range_open_to),
        "rand": list(lex.range_and),
        "perw": [w for w in lex.per_words if w != "/"],
        "pern": sorted(lex.per_nouns),
        "peradv": sorted(lex.per_adverbs),
        "cphr": sorted(lex.currency_phrases),
        "cphrb": sorted(lex.currency_phrases_before),
        "equiv": [e.lower() for e in lex.gloss_equivalence],
        "apps": [a.lower() for a in lex.gloss_appositive],
        "meas": list(lex.measures),
        "perpost": list(lex.per_before_suffix),
        "pnoun": sorted(lex.period_nouns),
        # (Korean glues a noun of two syllables or more to the word before it: "대졸초임은",
        # "평균연봉"; one syllable, "월", stays a word of its own: not "세월")
        "pglued": sorted(n for n in lex.period_nouns if len(n) >= 2 and not n.isascii()),
        "pnot": list(lex.period_not_before),
        "pct": sorted(lex.percent_words),
        "particles": list(lex.particles),
        "quals": sorted(lex.qualifiers),
    }
    lists = {k: (v if v else [_NEVER]) for k, v in lists.items()}
    currency = (
        rf"(?:(?i:{_LETTER_BEFORE}\L<names>{_LETTER_AFTER})"
        rf"|{_LETTER_BEFORE}\L<acs>(?![A-Za-z])|\L<sym>)"
    )
    name = rf"(?i:{_LETTER_BEFORE}\L<names>{_LETTER_AFTER})"
    months = alternation(lex.month_abbreviations)
    digit_body = (
        # a wire-service fraction, one amount: "177-1/2 pence", "41-1/2 cts", "22 3/8 dlrs", and
        # of the last decimal place, "5.01-1/4 dlrs" (5.0125: a quarter cent)
        # ("3/4 cent", "1/2 dlr": a fraction alone)
        # (and the high end of a range of them: "152-1/2-154-1/2 paise")
        r"(?:(?:(?<![\d/-])|(?<=/[0-9]-)|(?<=/[0-9][0-9]-))"
        r"(?:[0-9]+(?:\.[0-9]{1,4})?[- ])?[0-9]{1,2}/(?:16|32|64|2|4|8)(?![\d/])|"
        r"(?:\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})+,\d{3}"
        r"|\d{1,3}(?:[\u00a0\u202f]\d{3})+"
        # plain-space groups: "10 000", "1 290", "100 000", "1 500 000"; not "806 808" (a
        # three-digit lead needs a group starting with 0, or three groups), "March 15 100
        # dollars" (a date) or "7 418.70"
        rf"|(?<!{months}[a-z]*\.?[ ])"
        r"(?:\d{1,2}[ ]\d{3}(?:[ ]\d{3})*|\d{3}(?:(?:[ ]\d{3}){2,}|[ ]0\d\d(?:[ ]\d{3})*))"
        r"(?![ ]?[\d-]|[.,]\d)"
        # ".08 won": no whole part (not "42 .3", the split decimal of a tokenised text)
        r"|\d+)(?:\.\d+)?|(?<!\d[ ])\.\d+)(?!\d|[.,]\d)"
    )
    # before a currency name a decimal comma reads ("92,45 rubles", "0,08 won"): one or two
    # digits after the comma, or a lone zero before it, never group thousands (after a sign,
    # "$110,00" is a slip for 110,000 as often as a decimal, and is not read)
    # continental figures: "9.990,00 €", "1 995,00 Kč" (a decimal comma after grouped thousands,
    # which veto.decimal-comma keeps in the currencies that write one), "8.000.000 ₫"
    continental = (
        r"(?:\d{1,3}(?:\.\d{3})+,\d\d|\d{1,3}(?:[ \u00a0\u202f]\d{3})+,\d\d"
        r"|\d{1,3}(?:\.\d{3}){2,}(?!,\d))(?![\d]|[.,]\d)"
    )
    digits = (
        # (not the denominator of a fraction with no whole number: "1/2 cent" is no "2 cent")
        r"(?<![\w.,:])(?!(?<=[0-9]/)(?:16|32|64|2|4|8)(?![\d.,]))(?:"
        + continental
        + r"|(?:0,\d+|[1-9]\d{0,2},\d{1,2})(?![\d]|[.,]\d)|"
        + digit_body
        + ")"
    )
    attached = r"(?:\L<att>)(?![A-Za-z])"
    joiners = alternation(nw.joiners)
    words = (
        rf"(?i:{_LETTER_BEFORE}\L<nw>{_LETTER_AFTER}"
        rf"(?:(?:[\s]{{1,16}}|[\s]{{0,16}}-[\s]{{0,16}})(?:{joiners}(?:\s{{1,16}}|-))?\L<nw>{_LETTER_AFTER}){{0,12}})"
    )
    small = rf"(?i:{_LETTER_BEFORE}\L<small>(?:[ -]\L<small>)?{_LETTER_AFTER})"
    # broadcast decimals in words: "four-point-three", "one-point-two five"
    point = alternation(nw.decimal) if nw.decimal else _NEVER
    spoken = rf"(?i:{_LETTER_BEFORE}\L<small>-(?:{point})(?:[ -]\L<small>)+{_LETTER_AFTER})"
    scale = rf"(?i:{_LETTER_BEFORE}\L<mult>{_LETTER_AFTER})"
    # broadcast style: digits and number words joined by hyphens ("12-point-64",
    # "one-thousand-382-point-six", "40-and-a-half", "13-hundred"); at least one of each, and
    # never two digit runs in a row ("150-18" is a range or a quote, not one number)
    dtok = r"(?<![\w.,])\d+(?:\.\d+)?(?!\d|[.,]\d)"
    wtok = rf"(?i:{_LETTER_BEFORE}\L<nw>{_LETTER_AFTER})"
    hy = rf"-(?:(?i:{joiners})-)?"
    tail = rf"(?:{hy}(?:{wtok}|{dtok}))"
    # (the guards say what every such number has, a first and a last token beside a hyphen,
    # so the search rejects the other places cheaply, forwards and backwards)
    # (its leading words may be spaced: "one million-822-thousand-480", "one million and
    # 795-thousand-310")
    lead = rf"(?:{wtok}[ ]){{1,3}}(?:(?i:{joiners})[ ])?"
    mixed = (
        rf"(?=[\w.]+(?:[ ]\w+){{0,3}}-)(?:{lead})?"
        rf"(?:(?:{dtok}{hy})?(?:{wtok}{hy}){{1,6}}{dtok}{tail}{{0,8}}"
        rf"|{dtok}{hy}{wtok}{tail}{{0,8}})(?<=-[\w.]+)"
    )
    number = rf"(?:{mixed}|{digits}(?:{attached})?|{words})(?:(?:\s|-|\s-\s)?{scale}){{0,2}}"
    # after a prefix currency the number may touch it ("USD3.14", "Rs20") and must be digits; a
    # decimal comma reads there before a scale word, which no thousands group stands before
    # ("EUR 37,7 mn", "EUR 1,9 million": copy translated from a decimal-comma language)
    # Two decimals with no scale word read too ("€ 2,99", "R$260,00"); veto.decimal-comma keeps
    # them only in the currencies whose copy writes a decimal comma ("$5,00" is left unread)
    pcomma = (
        rf"(?:(?:0,\d+|[1-9]\d{{0,2}},\d{{1,2}})(?![\d]|[.,]\d)(?=(?:\s|-|\s-\s)?{scale})"
        rf"|(?:0|[1-9]\d{{0,2}}),\d\d(?![\d]|[.,]\d))"
    )
    pnumber = (
        rf"(?<![,\d])(?<![\d.]\.)(?:{continental}|{pcomma}|{digit_body})(?:{attached})?"
        rf"(?:(?:\s|-|\s-\s)?{scale}){{0,2}}"
    )

    S0, S1, S01, SC1 = _S0, _S1, _S01, _SC1  # whitespace with at most one line break
    numeral = number  # a number written against what comes before it ("이달러이십삼센트")
    # a word ends where no letter follows, or (Korean) where a particle follows it: "8000원대로"
    word_end = _LETTER_AFTER
    # a word starts where no letter is before it (Chinese: anywhere, words are not spaced)
    word_start = r"(?<![\w])" if lex.spaced else ""
    if cjk:
        # numerals against the unit, grouped by myriads: 27,350,000 / 2만5천 / 이천칠백삼십오만
        chars = regex.escape(cjk_numerals().chars)
        tok = rf"(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|[{chars}]+)"
        # not inside a number ("1.5"), but after a stray period ("(한화.1조원)"); in a spaced
        # script a numeral character glued to a word is part of it ("비용이 150만", "회사원")
        glued = r"(?:(?<![^\W\d_])|(?=\d))" if lex.spaced else ""
        # a vague tail never opens a number: "最多3600万" is at most 36 million, "其余500元";
        # nor a decimal point: "最高点1484.1韩元" is the high point, 1484.1 won
        nums = cjk_numerals()
        lead = rf"(?![{regex.escape(''.join(sorted(nums.vague | nums.decimal)))}])"
        numeral = rf"(?<!\d)(?<!\d[.,]){lead}{tok}(?:[ ]?{tok})*"
        number = pnumber = rf"(?<!\d)(?<!\d[.,]){glued}{lead}{tok}(?:[ ]?{tok})*"
        digits = r"(?<!\d)(?<!\d[.,])" + digit_body
        scale = attached = small = r"(?!)"
        name = r"(?:\L<names>)"
        currency = r"(?:\L<names>|\L<acs>|\L<sym>)"
        if lex.particles:
            word_end = rf"(?:{_LETTER_AFTER}|(?=\L<particles>))"
        elif not lex.spaced:
            word_end = ""
    gap = S0 if cjk else S1  # Korean attaches particles and bounds: "5000원이상"
    wsp = r"\s{0,16}" if cjk else r"\s{1,16}"  # around a word: "3000至5000元", "150에서 200달러"

    def _comp(pattern: str) -> regex.Pattern[str]:
        # compiled on first use: most documents never reach most patterns
        return lazy_compile(pattern, **lists)

    def _anch(pattern: str) -> regex.Pattern[str]:
        # used with match()/fullmatch() at a given position; \G keeps an unanchored scan
        # (finditer over a whole text) from retrying the pattern at every position
        return _comp(r"\G(?:" + pattern + ")")

    modifier = (
        rf"(?r)(?:(?i:(?<![\w])(?P<mod>\L<hedge>|\L<bound>))[\s]{{1,16}}"
        rf"|(?<![\w])(?P<mod>\L<hedge_att>){S0})\Z"
    )
    if cjk:  # "약 500원", "约500美元", "最高1500美元": written against the number or spaced
        # (past a per phrase: "约为每公斤0.5朝鲜元")
        modifier = (
            rf"(?r){word_start}(?P<mod>\L<hedge>|\L<bound>|\L<hedge_att>){S0}"
            rf"(?:\L<pnoun>{S0})?\Z"
        )
    # a bound after the amount, unless a word it does not bound follows ("까지 올랐다")
    bound_after = "|".join(
        [r"\L<bound_after_plain>"]
        + [
            rf"{regex.escape(w)}(?!{S0}{alternation(stems, S0)})"
            for w, stems in sorted(lex.bounds_after_unless.items())
        ]
    )
    counted = alternation(lex.per_counted, S1)
    sold_for = alternation(lex.per_sold_for, S1)
    # a delivery term between a price and its unit: "400 dlrs C and F per tonne", "$120 FOB/t"
    terms = ""
    if lex.per_price_terms:
        terms = rf"(?:{S1}{alternation(lex.per_price_terms, S1)}(?![\w&]))?"
    measure_of = alternation(lex.per_measure_of, S1)
    # a word for minus written against the number ("為負1萬元"), beside the sign: not after a
    # letter ("背负10万元" carries a debt) unless after one of ``minus_after`` ("為", "是")
    minus = ""
    if lex.minus_words:
        after = "".join(regex.escape(w) for w in lex.minus_after) or "(?!)"
        minus = (
            rf"|(?:(?<![^\W\d_])|(?<=[{after}]))"
            rf"(?:{'|'.join(regex.escape(w) for w in lex.minus_words)})"
        )
    return Grammar(
        lang=lang,
        lex=lex,
        nw=nw,
        cjk=cjk,
        after_prefix=_anch(rf"{S01}(?P<pneg>[-−])?(?P<pnum>{pnumber})(?:{S01}(?P<post>{name}))?"),
        before_suffix=_comp(
            rf"(?r)(?P<sneg>(?<![\w.,)\]-])[-−]{minus})?(?P<snum>{number})"
            rf"(?:(?:-|{S1})(?P<fused>\L<fused>))?"
            # "6,700 (North Korean) won": a nationality in brackets before a generic name
            # "8-won", "8 -won", "8- won", never "April 8 - Sterling" (a dash spaced on both sides)
            rf"(?:{S1}(?P<squal>[(\[]{S0}(?i:\L<quals>){S0}[)\]]))?(?:{S1}|-{S01}|{S1}-)?\Z"
        ),
        suffix_scale=_anch(rf"{S1}(?P<sscale>{scale})"),
        lneg_before=_comp(r"(?r)(?<![\w.,)\]])[-−]\Z"),
        before_modifier=_comp(modifier),
        after_hedge=_anch(
            rf"(?i:(?:[\s,]{{1,16}}|{gap})(?:(?P<h>\L<hedge_after>)|(?P<b>\L<bound_after>)))"
            + r"(?!\w)"
            if not cjk
            # Korean puts a particle between the amount (or its gloss) and the verb that bounds
            # it: "1만 4000원을 넘어섰다", "1만달러(약 1000만원)를 웃돌고"; a headline quotes the
            # amount ("처음으로 '1만 원' 넘어")
            else rf"(?:{S0}(?P<h>\L<hedge_after>){word_end}"
            rf"|(?:{S0}\([^()\n]{{1,40}}\))?['’\"”」』]?(?:\L<particles>)?{S0}(?P<b>{bound_after}))"
        ),
        # (a unit's symbol or name in brackets may stand before the postposition: "리터(ℓ)당",
        # "1kWh(킬로와트시)당"; not a quantity: "한 병(1L)에" is one bottle)
        per_before=_comp(
            rf"(?r)(?i:(?P<noun>\L<pern>))(?:\([^()\s\d]{{1,8}}\))?{S0}(?P<post>\L<perpost>){S0}\Z"
        ),
        # not "8월" (August) for "월" (a month), nor "월요일"
        period_noun=_comp(
            rf"(?<!\d)(?:{word_start}(?P<pn>\L<pnoun>)"
            + (r"|(?<=[^\W\d_])(?P<pn>\L<pglued>)" if cjk and lex.spaced else "")
            + rf"){word_end}(?!{S0}\L<pnot>(?!\w))"
        ),
        range_before=_comp(
            rf"(?r)(?P<lo>{number})(?:{S01}(?P<locur>{currency}))?"
            rf"(?:\s{{0,16}}(?P<sep>\L<dash>)\s{{0,16}}|{wsp}(?i:(?P<sepw>\L<dashw>|\L<rand>)){wsp})\Z",
        ),
        range_after=_anch(
            rf"(?:\s{{0,16}}(?P<sep>\L<dash>)\s{{0,16}}|{wsp}(?i:(?P<sepw>\L<dashw>|\L<rand>)){wsp})"
            # a hedge of the high end ("from HK$27,700 to nearly HK$40,000")
            rf"(?:(?i:(?P<hihedge>\L<hedge>))\s{{1,16}})?"
            # a figure glued to a letter prefix reads as after one ("Y60 billion to Y80 billion")
            rf"(?:(?P<hicur>{currency}){S01}(?P<hi>{pnumber}|{number})|(?P<hi>{number}))",
        ),
        range_open=_comp(r"(?r)(?i:(?<!\w)(?P<open>\L<ropen>))\s{1,16}\Z"),
        per_after=_anch(
            rf"(?i:{terms}(?:{S0}/{S0}|,?{S0}(?:-{S0})?(?:\L<perw>)(?:{S0}-{S0}|{S1}))"
            # "per 100 kilos": a quantity of the unit is part of it
            rf"(?:{counted}{S1}|(?P<qty>[1-9]\d{{0,3}}(?:\.\d+)?){S1})?"
            rf"(?P<noun>\L<pern>){_LETTER_AFTER}"
            rf"|{SC1}(?P<adv>\L<peradv>){_LETTER_AFTER}"
            # "30 yuan for a bottle of beer": a unit of sale after "for a"
            rf"|{S1}{sold_for}(?:{S1}|(?<=\d))(?P<noun>\L<meas>)(?={S1}{measure_of}(?!\w)))"
            if not cjk
            # "500-800元/天", "5元一斤", "5000원/kg", "5000원씩"
            # (the slash may be full-width or the division slash: "2.9元∕斤")
            else rf"(?i:(?:{S0}[/／∕]{S0}|{S0}(?:\L<perw>){S0})(?P<noun>\L<pern>){word_end}"
            # (not a word it begins: "500万元年薪制改革" is the annual-salary system)
            rf"|{S0}(?P<adv>\L<peradv>)(?!\L<pnot>){word_end})",
        ),
        currency_phrase_after=_anch(rf"(?i:{SC1}(?P<phrase>\L<cphr>){_LETTER_AFTER})"),
        # "북한 돈 6000원", "내화(북한 돈) 8백원", "우리 돈으로 4천3백원"
        currency_phrase_before=_comp(rf"(?r)(?i:{word_start}(?P<phrase>\L<cphrb>))[)）]?{S0}\Z"),
        gloss_gap=_anch(
            rf"{S0}[(\[（]{S0}(?i:(?P<eq>\L<equiv>){gap})?(?i:(?P<gb>\L<bound>){gap})?\Z"
        ),
        gloss_close=_anch(
            rf"(?i:(?:{SC1}(?P<phrase>\L<cphr>){_LETTER_AFTER})?)[^()\[\]（）\n]{{0,64}}?[)\]）]"
        ),
        gloss_or=_anch(
            rf"{S0}(?i:(?P<app>\L<apps>)){gap}"
            # "，折合人民币约4.7元": the currency named before the hedge (``[conversions] before``)
            rf"(?i:(?P<cur>\L<cphrb>){gap})?(?i:(?P<eq>\L<equiv>){gap})?"
            # "，按汇率计算约合人民币近2400元": the currency after the equivalence word, a hedge
            rf"(?i:(?P<cur2>\L<cphrb>){gap}(?i:(?P<eq2>\L<equiv>){gap})?)?"
            # "월 150에서 200달러, 우리 돈으로 최대 23만 원"
            + (rf"(?i:(?P<gb>\L<bound>){gap})?\Z" if cjk else r"\Z")
        ),
        gloss_sep=_anch(
            rf"{S0}[;,/]{S0}(?i:(?:{alternation(lex.gloss_alternative)}{S1})?"
            rf"(?:(?P<eq>\L<equiv>){S1})?)"
        ),
        gloss_or_close=_anch(
            rf"(?i:(?:{SC1}(?P<phrase>\L<cphr>){_LETTER_AFTER})?)"
            # the clause ends soon, or a dash closes the appositive ("— roughly $185 — just to")
            # (or a bracket opens its own conversion: ", or 1 yuan (U.S. $0.16), in 2014")
            rf"(?=[^\d\n,;.()（）$€£¥₩]{{0,48}}?(?:[,;.)，；。）、]|$|{S0}[(（])|{S0}(?:—|–|--|-\s))"
        ),
        next_word=_anch(rf"{S0}(?P<w>[\w'’-]+|[^\w\s])?"),
        prev_word=_comp(r"(?r)(?P<w>[\w'’]+)[ \u00a0,]*\Z"),
        # (a percent sign needs no word edge after it: "5%였다" has the copula against it)
        after_number_veto=_anch(rf"(?i:{S01}(?:[%％]|(?:\L<pct>)(?!\w)))"),
        cjk_multipliers=(
            "".join(sorted(set(cjk_numerals().small) | set(cjk_numerals().myriad))) if cjk else ""
        ),
        range_seps=tuple(
            dict.fromkeys(
                x.lower() for x in (*lex.range_dash, *lex.range_neighbours, *lex.range_and) if x
            )
        ),
        modifier_words=frozenset(
            w for phrase in (*lex.hedges, *lex.bounds) for w in phrase.lower().split()
        ),
        parts=MappingProxyType(
            {
                "number": number,
                "mixed": mixed if not cjk else r"(?!)",
                "numeral": numeral,
                "digits": digits,
                "attached": attached,
                "scale": scale,
                "small": small,
                "spoken": spoken if not cjk else r"(?!)",
                "currency": currency,
                "S0": S0,
                "S1": S1,
                "S01": S01,
                "SC1": SC1,
            }
        ),
        lists=MappingProxyType({k: tuple(v) for k, v in lists.items()}),
    )


def compiled_patterns(lang: str = "en") -> dict[str, regex.Pattern[str]]:
    """Return every compiled pattern of ``lang`` by name (for tests and benchmarks).

    Example:
        >>> "before_suffix" in compiled_patterns()
        True

    """
    g = grammar(lang)
    return {
        name: force(value)
        for name in Grammar.__slots__
        if isinstance(value := getattr(g, name), regex.Pattern | LazyPattern)
    }
