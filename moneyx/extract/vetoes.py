"""Vetoes: the named rules that reject a candidate amount, with what they saw.

A candidate is a number read beside a currency marker (``moneyx.extract.candidates``). Before it
becomes a draft, the vetoes of the ``surface`` phase look at the marker and its surroundings; once
the number is read, those of the ``number`` phase look at both. The first veto that answers
rejects the candidate; ``moneyx.explain`` lists it with the veto's id and reason.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from decimal import Decimal

import regex

from moneyx.extract.draft import next_word, past_modifier, prev_word, prev_words, word_after_next
from moneyx.lexicon import Lexicon, Surface, lexicon
from moneyx.matcher import Grammar, alternation, grammar
from moneyx.numbers import EXACT
from moneyx.patcache import cached_compile
from moneyx.rules import RuleData, registry, rule_data

__all__ = ["NUMBER_PHASE", "SURFACE_PHASE", "Reading"]

VETO = registry("veto")

_GROUP_TAIL = cached_compile(r"0\d")
_DIGIT_SPACE = cached_compile(r"\d[ ]\Z")
_LABEL_COLON = cached_compile(r"[ \u00a0]*:(?!\d)")
_YEAR = cached_compile(r"(?:19|20)\d\d")
# (the look-behind keeps an unanchored scan linear; the engine only matches at a start)
_CAPITALIZED_NEXT = cached_compile(r"(?<![ \u00a0])[ \u00a0]++[A-Z][a-z]")
_SCORE = cached_compile(r"(?<![ \u00a0])[ \u00a0]++\d{1,3}[-–]\d{1,3}(?!\d)")
_YEAR_WON = cached_compile(r"1[89]\d\d|20\d\d")
_LINE_BREAK = cached_compile(r"[ \t\u00a0]*\r?\n")
_DECIMAL_COMMA = cached_compile(
    r"[-−]?(?:[1-9]\d{0,2},\d{1,2}|\d{1,3}(?:\.\d{3})+,\d\d|\d{1,3}(?:[ \u00a0\u202f]\d{3})+,\d\d)"
)
_COMPOUND = cached_compile(r"-[^\W\d_]")  # a word hyphened to the currency: "euro-enthusiast"
_SENTENCE_START = cached_compile(r"(?r)(?:^|[.!?]\s+|\n\s*)[\"'“‘(]*\Z")


def _sentence_start(text: str, pos: int) -> bool:
    return _SENTENCE_START.search(text, max(0, pos - 8), pos) is not None


def _has_vowel(word: str) -> bool:
    return any(c in "aeiouyAEIOUY" for c in word)


class Reading:
    """A candidate as the vetoes see it: the marker, the number and the words around.

    Built by the candidate stage (a plain slotted class: one is built per candidate); the words
    before and after are read on first use.
    """

    __slots__ = (
        "_nxt", "_prev", "after", "dotted", "end", "form", "g", "gap", "high", "hyphened", "low",
        "num_text", "number", "start", "surface", "text", "words_only", "written",
    )  # fmt: skip  # not-lexicon: attribute names

    def __init__(
        self,
        text: str,
        g: Grammar,
        form: str,
        surface: Surface,
        written: str,
        start: int,
        end: int,
        num_text: str,
        gap: str,
    ) -> None:
        self.text, self.g, self.form, self.surface, self.written = text, g, form, surface, written
        self.start, self.end, self.num_text, self.gap = start, end, num_text, gap
        self.hyphened = form == "suffix" and "-" in gap  # "5-pound note"
        self.number: Decimal | None = None
        self.high: Decimal | None = None  # the upper neighbour of "三四万" (30,000 .. 40,000)
        self.dotted = False  # read by candidate.dot-thousands ("Rp 31.500" is 31,500)
        self.words_only = not any(ch.isdigit() for ch in num_text)  # "five million"
        self.low = written.lower()
        self.after = text[end : end + 16]
        self._nxt: str | None = None
        self._prev: str | None = None

    @property
    def nxt(self) -> str:
        """The word after the span, lower-cased."""
        if self._nxt is None:
            self._nxt = next_word(self.text, self.g, self.end)
        return self._nxt

    @property
    def prev(self) -> str:
        """The word before the span, lower-cased."""
        if self._prev is None:
            self._prev = prev_word(self.text, self.g, self.start)
        return self._prev


VetoFn = Callable[[Reading, RuleData], "str | None"]

# --- the surface phase: before the number is read ---------------------------------------------


@VETO.rule("case-mismatch")
def case_mismatch(r: Reading, d: RuleData) -> str | None:
    """Reject a case-sensitive surface written in another case.

    Example:
        "rm 5" is no ringgit ("RM 5" is); "le 5" no leone.

    """
    return None  # decided by the scan (see candidates.read); kept for its id and reason


@VETO.rule("space-group-tail")
def space_group_tail(r: Reading, d: RuleData) -> str | None:
    """Reject a "0dd" group after a digit and a space: the tail of a space-grouped number.

    Example:
        "1 500 euros" is not read as 500 euros.

    """
    if _GROUP_TAIL.match(r.num_text) and _DIGIT_SPACE.search(r.text, max(0, r.start - 2), r.start):
        return f"{r.num_text!r} is the tail of a space-grouped number"
    return None


@VETO.rule("attached-only", switch="surfaces", surfaces="phrases", lower_only="phrases",
           spaced="phrases", spaced_before="words")  # fmt: skip
def attached_only(r: Reading, d: RuleData) -> str | None:
    """Reject a one- or two-letter unit not written against its number.

    Those in ``lower_only`` count only in lower case: "20C" is a temperature. One of ``spaced``
    counts spaced before a word of ``spaced_before``, as wire results write it: "Shr one ct vs
    31 cts", "15 ct per share" (not "18 ct gold").

    Example:
        "50p" and "7c" are money; "50 p" (a page), "7 c" and "minus 20C" are not.

    """
    if (
        r.surface.text in d["surfaces"]
        and r.gap
        and not (r.low in d["spaced"] and r.nxt in d["spaced_before"])
    ):
        return f"{r.written!r} counts only when written against the number"
    if r.surface.text in d["lower_only"] and r.written != r.written.lower():
        return f"{r.written!r} in upper case is no {r.surface.text!r}"
    return None


@VETO.rule("house-style-prefix", big_scale="words", cued="words", cues="map",
           siblings="phrases", sibling_after="words")  # fmt: skip
def house_style_prefix(r: Reading, d: RuleData) -> str | None:
    """Reject a house-style prefix ("Won1tn") without an attached, grouped or scaled number.

    A one-letter prefix ("W1 million", "W1,123") needs thousands groups or a scale of a million
    or more (``big_scale``): "W2K" and "W12" are names; after its number it is no currency at
    all ("a 60 W bulb"). Right after "=" ("US$1=W950") it is the other side of a rate. A
    ``cued`` letter also reads a plain figure when the document names its currency or country
    (``cues``: each cue word mapped to the letter it cues): wire copy on Japan writes the yen
    "Y112.33", Manila papers the peso "P50.31". A letter of ``siblings`` reads a
    plain figure when the document writes the same letter with thousands groups elsewhere, the
    figure has decimals or follows a word of ``sibling_after``: "up W13.1", "within W10" beside
    "W1,628.1 per liter" are the story's won ("model W950" is a name).

    Example:
        "Won1,330", "Won1tn" and "W7 million" are money; "Won 3-1" is a score, "W2K" a name;
        "the yen fell to Y112.33" is money, "Y2K" is not.

    """
    lex = r.g.lex
    if r.written not in lex.grouped_prefixes or r.surface.kind != "symbol":
        return None
    if r.form != "prefix":
        return f"house-style {r.written!r} only precedes its number"
    if not r.gap and r.text[max(0, r.start - 3) : r.start].rstrip().endswith("="):
        return None  # "US$1=W950": the other side of a rate's equation is money
    if (
        not r.gap
        and r.written.lower() in d["cued"]
        and _PLAIN_FIGURE.fullmatch(r.num_text)
        and not _lettered(r)  # "P2P", "Y2K": names
        and _names_any(r.text, _cues_of(d, r.written))
    ):
        return None  # "the yen fell to Y112.33": the letter is the currency the story names
    if (
        not r.gap
        and r.written in d["siblings"]
        and _PLAIN_FIGURE.fullmatch(r.num_text)
        and ("." in r.num_text or not d["sibling_after"].isdisjoint(prev_words(r.text, r.start, 1)))
        and _writes_grouped(r.text, r.written)
    ):
        return None  # "up W13.1" where the story writes "W1,628.1": its house style
    if r.gap or not ("," in r.num_text or has_scale(r.num_text, r.g)):
        return f"house-style {r.written!r} needs an attached, grouped or scaled number"
    if len(r.written) == 1 and "," not in r.num_text and not _big_scale(r.num_text, d):
        return f"one-letter {r.written!r} needs thousands groups or a scale of a million or more"
    return None


def _big_scale(num_text: str, d: RuleData) -> bool:
    """Tell whether a number phrase ends in one of the large scales ("7 million", "23.7tr")."""
    tail = _SCALE_TAIL.search(num_text)
    return tail is not None and tail.group(0).lower() in d["big_scale"]


def _writes_grouped(text: str, letter: str) -> bool:
    """Tell whether ``text`` writes ``letter`` before a figure with thousands groups."""
    k = text.find(letter)
    while k >= 0:
        if (k == 0 or not text[k - 1].isalnum()) and _GROUPED.match(text, k + len(letter)):
            return True
        k = text.find(letter, k + 1)
    return False


_GROUPED = cached_compile(r"\d{1,3}(?:,\d{3})+(?![\d])")
_SCALE_TAIL = cached_compile(r"[A-Za-z]+\Z")
_PLAIN_FIGURE = cached_compile(r"\d+(?:\.\d+)?")


def _lettered(r: Reading) -> bool:
    """Tell whether a letter follows the figure of a prefix reading with no gap ("P2P")."""
    at = r.text.find(r.num_text, r.start) + len(r.num_text)
    return r.text[at : at + 1].isalpha()


def _cues_of(d: RuleData, letter: str) -> frozenset[str]:
    """Return the cue words of one cued letter (``cues`` maps each cue to its letter)."""
    cues: Mapping[str, str] = d["cues"]
    return frozenset(c for c, w in cues.items() if w.lower() == letter.lower())


def _names_any(text: str, cues: frozenset[str]) -> bool:
    """Tell whether ``text`` holds one of the words ``cues`` (any case, as whole words)."""
    if not cues:
        return False
    return (
        cached_compile(r"(?i)(?<![^\W_])\L<cues>(?![^\W_])", cues=sorted(cues)).search(text)
        is not None
    )


@VETO.rule("code-label", kinds=("code",), forms=("suffix",))
def code_label(r: Reading, d: RuleData) -> str | None:
    """Reject a code after a number and before a colon: it labels what comes next.

    Example:
        "corn 3,100" then "USD: 8,050" on the next line does not read 3,100 USD.

    """
    if r.form == "suffix" and r.surface.kind == "code" and _LABEL_COLON.match(r.text, r.end):
        return f"{r.written!r} followed by a colon labels what comes next"
    return None


@VETO.rule("minor-prefix", kinds=("minor",), forms=("prefix",))
def minor_prefix(r: Reading, d: RuleData) -> str | None:
    """Reject a minor unit before its number.

    Example:
        "cents 50" is not 50 cents.

    """
    if r.form == "prefix" and r.surface.kind == "minor":
        return "a minor unit does not precede its number"
    return None


@VETO.rule(
    "name-compound", kinds=("name", "ambiguous"), forms=("suffix",), switch="nouns", nouns="words",
    levels="words",
)  # fmt: skip
def name_compound(r: Reading, d: RuleData) -> str | None:
    """Reject a currency name before a noun it names a thing with.

    Not after a word of ``levels``: "the dollar held in the upper 113 yen zone" is a level.

    Example:
        "the 12 Euro zone countries", "the 1997 won crisis".

    """
    if r.form != "suffix" or r.surface.kind not in {"name", "ambiguous"} or not d["nouns"]:
        return None
    if r.nxt in d["nouns"]:
        head = r.text[max(0, r.start - 16) : r.start].lower().rstrip()
        if any(head.endswith(w) and not head[: -len(w)][-1:].isalnum() for w in d["levels"]):
            return None  # "in the upper 113 yen zone": a level, not a thing
        return f"'{r.written} {r.nxt}' names a thing"
    glued = not r.g.lex.spaced or not r.g.lex.word_boundaries  # Korean glues particles on
    if glued and len(r.written) == 1 and r.after.startswith(tuple(d["nouns"])):
        # a one-character unit makes a word with what follows ("元旦", "一元化", "3원칙을")
        return f"{r.written!r} makes a word with what follows ({r.after[:4]!r})"
    return None


@VETO.rule(
    "classifier", forms=("suffix",), switch="surfaces", surfaces="phrases", money_after="phrases",
    tenths="words", tenth_units="phrases", unit_words="phrases",
)
def classifier(r: Reading, d: RuleData) -> str | None:
    """Reject a unit that doubles as a classifier when a noun follows it.

    Chinese 块 is the colloquial yuan after a number ("省 50 块,") and the classifier of pieces
    before a noun ("一块蛋糕", a piece of cake): money only before one of ``money_after`` ("块钱",
    "块左右") or before no letter at all; a numeral of ``tenths`` after it is its tenths when a
    pause or one of ``tenth_units`` follows ("两块五。", "两块五毛钱"; "两块五花肉" is meat), that
    unit not starting a word of ``unit_words`` ("一块三角形的地" is a plot, "三块五分熟的牛排" a
    steak).

    Example:
        "两块地" (two plots) is no amount; "50 块," is 50 yuan; "三块五" is 3.5 yuan.

    """
    if r.written not in d["surfaces"]:
        return None
    after = r.after
    if not after[:1].isalpha() or after.startswith(d["money_after"]):
        return None
    if after[:1] in d["tenths"] and (
        not after[1:2].isalpha()
        or (after.startswith(d["tenth_units"], 1) and not after.startswith(d["unit_words"], 1))
    ):
        return None
    return f"{r.written!r} before {after[:2]!r} counts pieces, not money"


@VETO.rule("adjective-suffix", switch="suffixes", suffixes="phrases")
def adjective_suffix(r: Reading, d: RuleData) -> str | None:
    """Reject a currency word with an adjective suffix.

    Example:
        "won-denominated bonds", "a dollar-based fund".

    """
    if d["suffixes"] and r.after.lower().startswith(d["suffixes"]):
        return f"adjective {r.written}{r.after.split()[0] if r.after.split() else ''}"
    return None


SURFACE_PHASE: tuple[str, ...] = tuple(VETO.ids)

# --- the number phase: after the number is read -----------------------------------------------


@VETO.rule("unreadable-number")
def unreadable_number(r: Reading, d: RuleData) -> str | None:
    """Reject a number phrase that does not read as a number (and has no readable tail).

    Example:
        "one and five" before "dollars" keeps only "five"; "and and dollars" reads nothing.

    """
    return None  # decided while reading the number (candidates.read); kept for its id


@VETO.rule("digit-overflow")
def digit_overflow(r: Reading, d: RuleData) -> str | None:
    """Reject a figure longer than the digits moneyx reads exactly, rather than round it.

    Example:
        a run of 500 nines before "dollars" is no amount (the debug log and ``explain`` say
        why); "$99,999,999,999" reads.

    """
    if len(r.num_text) <= EXACT.prec:
        return None
    digits = sum(ch.isdigit() for ch in r.num_text)
    if digits <= EXACT.prec:
        return None
    return f"{digits} digits: more than the {EXACT.prec} moneyx reads exactly"


@VETO.rule("glued-numeral", switch="surfaces", surfaces="phrases")
def glued_numeral(r: Reading, d: RuleData) -> str | None:
    """Reject a unit after a one-syllable numeral glued to a word: part of that word.

    Example:
        Korean "사원" (an employee), "이원" are words, not "4 won" and "2 won".

    """
    return None  # decided while trimming glued numerals (candidates.read); kept for its id


@VETO.rule("numeral-word", forms=("prefix",), switch="numerals", numerals="phrases")
def numeral_word(r: Reading, d: RuleData) -> str | None:
    """Reject a one-character numeral after a currency name when a letter follows it: a word.

    Chinese writes an amount after the name with a figure or a whole numeral ("人民币三百万");
    a lone numeral character glued to the next one starts a word ("一度", at one point).

    Example:
        "美元兑日元一度升至151.7日元" reads 151.7日元 only, not 日元一 (1 yen).

    """
    if r.num_text not in d["numerals"]:
        return None
    nxt = r.text[r.end : r.end + 1]
    if nxt.isalpha():
        return f"{r.num_text!r} starts the word {r.num_text + nxt!r}"
    return None


@VETO.rule("vague-number", switch="words", words="phrases", before_multiplier="phrases",
           multipliers="phrases")  # fmt: skip
def vague_number(r: Reading, d: RuleData) -> str | None:
    """Reject a numeral after a word that makes it a vague count.

    A multiplier written without its digit after "several" or "a few" counts nothing exactly:
    Chinese "数百万美元" (several million dollars), "上万元" (tens of thousands of yuan).

    Some of the words make a vague count only of a bare multiplier (``before_multiplier``:
    "上万元", not "市场上一美元").

    Example:
        "数百万美元" and "几千元" are no amounts; "三百万美元" is.

    """
    if not d["words"] or not r.num_text or r.num_text[0].isdigit():
        return None
    before = r.text[max(0, r.start - 4) : r.start]
    if not before.endswith(d["words"]):
        return None
    if before.endswith(d["before_multiplier"]) and not r.num_text.startswith(d["multipliers"]):
        return None  # "市场上一美元兑换": 上 makes a vague count only of 万, 千, 百 ("上万元")
    return f"{r.num_text!r} after {before[-2:]!r} is a vague count"


@VETO.rule("weekday", switch="words", words="phrases", numerals="phrases")
def weekday(r: Reading, d: RuleData) -> str | None:
    """Reject a day numeral glued after a week word: a weekday, not an amount.

    Chinese names the weekdays by number ("周三", Wednesday); a currency right after the weekday
    ("周三美元兑人民币...") reads as an amount of that numeral unless this veto holds.

    Example:
        "周三美元兑人民币中间价报7.1234" has no amount of 3 dollars; "三美元" is 3 dollars.

    """
    if r.num_text not in d["numerals"]:
        return None
    before = r.text[max(0, r.start - 3) : r.start]
    if before.endswith(d["words"]):
        return f"{r.num_text!r} after {before[-2:]!r} names a weekday"
    return None


@VETO.rule("capitalised-name", kinds=("name", "minor", "ambiguous"))
def capitalised_name(r: Reading, d: RuleData) -> str | None:
    """Reject a capitalised currency name before its number, or a capitalised coin: a name.

    Example:
        "Euro 6" (an emission standard), "50 Cent" (a rapper); not at a sentence start.

    """
    w = r.written
    if not (
        r.surface.kind in {"name", "minor", "ambiguous"}  # not-lexicon: surface kinds
        and w[:1].isupper()
        and not w.isupper()
        and w.isalpha()
        and _has_vowel(w)  # "Rs 65 crore", "Tk 500": an abbreviation is no name
    ):
        return None
    if r.form == "prefix" and not _sentence_start(r.text, r.start):
        return f"capitalised {w!r} here is a name ('Euro 6', '50 Cent')"
    if r.form == "suffix" and r.surface.kind == "minor" and not _title_case(r):
        # "50 Cent appeared", even at a sentence start; a title-case label keeps it
        # ("Rice Price: 44 Jeon, Sale Price: 44 Won")
        return f"capitalised {w!r} here is a name ('50 Cent')"
    return None


_RAW_PREV = cached_compile(r"(?r)(?P<w>[^\W\d_][\w'’]*)[^\w.!?\n]{0,3}\Z")
_RAW_NEXT = cached_compile(r"[ \u00a0]*(?P<w>[^\W\d_])")  # (a digit after: no title)


def _title_case(r: Reading) -> bool:
    """Tell whether the words around a capitalised unit are capitalised too (a title, a label)."""
    before = _RAW_PREV.search(r.text, max(0, r.start - 40), r.start)
    if before is None or not before.group("w")[:1].isupper():
        return False
    after = _RAW_NEXT.match(r.text, r.end)
    if after is not None:
        return after.group("w").isupper()
    rest = r.text[r.end : r.end + 2].lstrip(" \u00a0")
    return not rest or not rest[0].isalnum()  # a pause or the end: "44 Jeon, Sale Price"


@VETO.rule(
    "prefix-year", kinds=("symbol", "name", "minor", "multiple", "ambiguous"), forms=("prefix",)
)
def prefix_year(r: Reading, d: RuleData) -> str | None:
    """Reject a currency name or sign before a year: an event or a year.

    Not where a currency name after the number confirms the amount: "人民币2000元".

    Example:
        "Euro 2016", "Yen 1990s" are not amounts.

    """
    confirmed = not r.text[r.start : r.end].endswith(r.num_text)
    if (
        r.form == "prefix"
        and r.surface.kind != "code"
        and not confirmed
        and _YEAR.fullmatch(r.num_text)
    ):
        return f"'{r.written} {r.num_text}' names an event or a year"
    return None


@VETO.rule("proper-name", kinds=("name", "ambiguous", "multiple", "minor"), forms=("suffix",))
def proper_name(r: Reading, d: RuleData) -> str | None:
    """Reject a capitalised currency name before a capitalised word: a proper name.

    Example:
        "Won Buddhism", "3 Yuan Street", the album "A Grand Don't Come for Free", "three Grand
        Slam titles", the "Five Cents Savings Bank".

    """
    w = r.written
    if (
        r.form == "suffix"
        and r.surface.kind not in {"symbol", "code"}  # a word: name, minor, multiple, ambiguous
        and w != w.lower()
        and _CAPITALIZED_NEXT.match(r.text[r.end : r.end + 3])
        and r.g.lex.surface(r.nxt) is None
    ):
        return f"{w!r} starts a proper name"
    return None


@VETO.rule("lone-article", forms=("suffix",), nouns="words")
def lone_article(r: Reading, d: RuleData) -> str | None:
    """Reject an article alone before a currency, except before the units it means one of.

    Before a noun of ``nouns`` even those name the currency: "a dollar rate", "a dollar fall";
    hyphened to a word they begin a compound: "a euro-enthusiast", "a dollar-store chain".

    Example:
        "a won" is not 1 won; "a dollar", "a U.S. dollar" are (``[article_one]``).

    """
    lex = r.g.lex
    first = r.num_text.split()[0].lower() if r.num_text.split() else ""
    s = r.surface
    if not (r.words_only and first in lex.articles and len(r.num_text.split()) == 1):
        return None
    if r.nxt in d["nouns"]:
        return f"'{r.num_text} {r.written} {r.nxt}' names the currency, not one unit"
    if (
        s.kind != "minor"  # coins hyphened to a word: veto.coin-not-money
        and _COMPOUND.match(r.after)
        and r.after[1:].split("-")[0].lower() not in lex.articles
    ):
        # "a euro-enthusiast", "a dollar-store chain": a compound word ("a dollar-a-day wage"
        # is still one dollar)
        return f"'{r.num_text} {r.written}{r.after.split()[0]}' is a compound word, not one unit"
    if (
        s.text not in lex.article_one
        and s.key not in lex.article_one
        # a qualified name: "it cost a U.S. dollar", "a Chinese yuan"
        and s.text.lower().split()[-1] not in lex.article_one
    ):
        return f"article {r.num_text!r} before {r.written!r} is not a number"
    return None


@VETO.rule("article-base", forms=("suffix",), switch="links", links="phrases", after="phrases",
           bare="flag")  # fmt: skip
def article_base(r: Reading, d: RuleData) -> str | None:
    """Reject an article before a currency that is the base of a quoted rate: no amount of one.

    "a U.S. dollar was worth 9,100 won", "a dollar buys 8,000 won": the dollar is what the
    figure after is priced per (``per.rate-subject``), not a sum of one dollar; so is "a yuan"
    after a figure and one of ``after`` ("1,200 for a yuan", "8,000 won to a dollar"), the
    figure bare or in a currency; with ``bare``, also right after a bare figure with a point
    ("The rupee closed at 69.87 a dollar").

    Example:
        "a U.S. dollar now buys 23,000 won" -> no mention for "a U.S. dollar".

    """
    if not (r.words_only and r.num_text.lower() in r.g.lex.articles):
        return None
    m = _article_link(r.g.lang, d["links"]).match(r.text, r.end)
    if m is None and d["after"]:
        # "1,200 for a yuan", "8,000 won to a dollar": a figure (in a currency) is priced per it
        b = _figure_link(r.g.lang, d["after"], d["bare"]).search(
            r.text, max(0, r.start - 64), r.start
        )
        mid = " ".join((b.group("mid") or "").split()) if b is not None else ""
        cur = r.g.lex.surface(mid) if mid else None
        if b is not None and mid and (cur is None or _shares_code(cur, r)):
            b = None  # "3 apples for a dollar"; "50 cts to a dollar" is a range of one currency
        pre = r.g.lex.surface(b.group("pre")) if b is not None and b.group("pre") else None
        if pre is not None and pre.candidates[:1] == r.surface.candidates[:1]:
            b = None  # "fell to US$5 versus a dollar": one currency compared with itself
        m = b
    return f"{r.text[r.start : r.end]!r} is the base of a quoted rate" if m else None


def _shares_code(cur: Surface, r: Reading) -> bool:
    """Tell whether ``cur`` can name the currency the reading is in."""
    return not set(cur.candidates).isdisjoint(r.surface.candidates)


@functools.cache
def _figure_link(lang: str, after: tuple[str, ...], bare: bool = False) -> regex.Pattern[str]:
    sp = "[ \u00a0]"
    # (``bare``: a figure with a point right before, no connector: "closed at 69.87 a dollar")
    pointed = r"|\.\d+" if bare else ""
    return cached_compile(
        # (the figure may carry a letter prefix: "closed at P44.73 versus a dollar")
        rf"(?r)(?i:(?<![\w.,])(?P<pre>[a-z]{{1,3}}\$?)?\d[\d,]*(?:(?:\.\d+)?"
        rf"(?P<mid>(?:{sp}+[a-z.]+){{0,3}}?)"
        rf"{sp}+{alternation(after, sp + '+')}{pointed}){sp}+\Z)"
    )


@functools.cache
def _article_link(lang: str, links: tuple[str, ...]) -> regex.Pattern[str]:
    sp = "[ \u00a0]"
    return cached_compile(
        rf"(?i)(?:{sp}+[a-z]+){{0,2}}?{sp}*{alternation(links, sp + '+')}"
        rf"{sp}*(?:[a-z]+{sp}+){{0,2}}?[^\w\s]{{0,3}}\d"
    )


@VETO.rule("won-score", forms=("suffix",), switch="surfaces", surfaces="phrases")
def won_score(r: Reading, d: RuleData) -> str | None:
    """Reject the verb "won" before a score.

    Example:
        "Brazil 3 won 2-1" is no amount.

    """
    if r.surface.key in d["surfaces"] and r.form == "suffix" and _SCORE.match(r.text, r.end):
        return "'won' before a score is the verb"
    return None


@VETO.rule(
    "won-verb",
    forms=("suffix",),
    switch="surfaces",
    surfaces="phrases",
    next="words",
    time_after="words",
    determiners="words",
    pronouns="words",
    clause_verbs="words",
)
def won_verb(r: Reading, d: RuleData) -> str | None:
    """Reject a number, then "won", then an object: the verb, not the currency.

    A line break ends the phrase ("1 yuan: 3,150 won", then "Our partner said" below); a
    determiner and a relative clause make the figure a noun phrase ("the 210 won it cost"), and so
    does a pronoun that opens the next clause with its verb ("at a rate of 8,000 won it would
    be"); "won a month" and "won the previous month" are the currency.

    Example:
        "Brazil 3 won the cup" is no amount; "5,000 won a month" and "a 30-trillion-won
        package" are.

    """
    if r.surface.key not in d["surfaces"] or r.form != "suffix":
        return None
    text, g = r.text, r.g
    nxt = r.nxt
    at = r.end - len(r.written)
    if text[at - 1 : at] == "-":
        return None  # "a 50-trillion-won package": hyphened to its number, an adjective
    if (
        nxt in d["next"]
        and _LINE_BREAK.match(text, r.end) is None
        and not (r.prev.lower() in d["determiners"] and nxt in d["pronouns"])
        # "at the market rate of 8,000 won it would be closer to": the pronoun opens a clause
        and not (nxt in d["pronouns"] and word_after_next(text, g, r.end) in d["clause_verbs"])
        and not (nxt in g.lex.articles and per_noun_follows(text, g, r.end))
        and word_after_next(text, g, r.end) not in d["time_after"]
    ):
        return f"'won' followed by {nxt!r} is the verb"
    return None


@VETO.rule(
    "won-year", forms=("suffix",), switch="surfaces", surfaces="phrases", prepositions="words"
)
def won_year(r: Reading, d: RuleData) -> str | None:
    """Reject a year after a preposition, then "won": a date and the verb.

    Example:
        "in 2006 won the title" is no amount of 2,006 won.

    """
    if (
        r.surface.key in d["surfaces"]
        and r.form == "suffix"
        and _YEAR_WON.fullmatch(r.num_text)
        and r.prev in d["prepositions"]
    ):
        return "a year followed by the verb 'won'"
    return None


@VETO.rule(
    "pound-weight",
    switch="surfaces",
    surfaces="phrases",
    singular="phrases",
    next="words",
    prev="words",
    money_nouns="words",
    after="phrases",
    units="words",
    weighed_prev="words",
    restate_joins="words",
)
def pound_weight(r: Reading, d: RuleData) -> str | None:
    """Reject "pound(s)" of weight: before "of" or a heavy noun, after "weighs", "a 1,850 pound X".

    A hyphenated "5-pound X" is money only before a money noun ("a 5-pound note"); after a weight
    in pounds earlier in the sentence ("3,200 pounds of squid ... the 12,000 pounds a trip
    yielded"), pounds after one of ``weighed_prev`` are weights too ("for 500 pounds" is a
    price).

    Example:
        "200 pounds of rice" and "weighs 200 pounds" are weights; "a 5-pound note" is money.

    """
    if r.surface.key not in d["surfaces"]:
        return None
    nxt = r.nxt
    after = r.after.lower()
    lex = r.g.lex
    if (
        nxt in d["next"]
        # "94 cents a pound": after a price, "a pound" is what it is priced per
        or (r.num_text.lower() in lex.articles and (r.prev[:1].isdigit() or lex.surface(r.prev)))
        # "per kilogram (2.2 pounds)": a weight restated
        or _restated_weight(r, d)
        # (past a hedge or bound: "weighs in at around 4,000 pounds", "weighed no more than 20")
        or set(past_modifier(" ".join(prev_words(r.text, r.start, 6)), lex.lang).split()[-3:])
        & d["prev"]
        or (r.hyphened and nxt.isalpha() and nxt not in d["money_nouns"])
        or any(after.startswith(" " + p) for p in d["after"])
        or (
            r.surface.key in d["singular"]  # "a 1,850 pound satellite": singular after a number
            and r.number != 1
            and nxt.isalpha()
            and nxt not in d["money_nouns"]
        )
        or _weighed_before(r, d)
    ):
        return "pounds of weight"
    return None


_RESTATE_BACK = 40  # how far back the bracket of a restated weight may open (characters)


def _restated_weight(r: Reading, d: RuleData) -> bool:
    """Tell whether the pounds restate a unit in brackets, past a hedge or bound.

    "per kilogram (2.2 pounds)", "A kilogram (about 2.2 pounds)" and "(or about 2.2 pounds)"
    weigh; only a join word of ``restate_joins`` and a hedge or bound may stand between the
    bracket and the number.
    """
    lo = max(0, r.start - _RESTATE_BACK)
    opened = max(r.text.rfind("(", lo, r.start), r.text.rfind("[", lo, r.start))
    if opened < 0:
        return False
    between = r.text[opened + 1 : r.start].lower().split()
    if between and between[0] in d["restate_joins"]:
        between = between[1:]  # "(or about 2.2 pounds)"
    if past_modifier(" ".join(between), r.g.lex.lang).strip():
        return False
    return bool(set(prev_words(r.text, opened, 1)) & d["units"])


_CLAUSE_BACK = 160  # how far back a weight earlier in the sentence is looked for (characters)
_PERIOD_BEFORE = cached_compile(r"(?r)[.!?]\s|\n\s*\n")


def _weighed_before(r: Reading, d: RuleData) -> bool:
    """Tell whether the sentence weighed something in pounds before this one.

    "3,200 pounds of squid, a fraction of the 12,000 pounds a trip yielded": the second is a
    weight too.
    """
    if r.prev not in d["weighed_prev"]:
        return False  # "300 pounds of fish for 500 pounds": a price
    lo = max(0, r.start - _CLAUSE_BACK)
    stop = _PERIOD_BEFORE.search(r.text, lo, r.start)
    lo = stop.end() if stop is not None else lo
    low = r.text[lo : r.start].lower()
    for key in d["surfaces"]:
        k = low.find(f"{key} ")
        while k >= 0:
            word = low[k + len(key) + 1 :].split(" ", 1)[0]
            if word in d["next"] and low[:k].rstrip()[-1:].isdigit():
                return True
            k = low.find(f"{key} ", k + 1)
    return False


@VETO.rule("marks-score", switch="surfaces", surfaces="phrases", prev="words", next="words")
def marks_score(r: Reading, d: RuleData) -> str | None:
    """Reject "marks" after "scored" or before "out of": a score.

    A figure with a scale word is never a score: "raise a total 6.43 billion marks", "should
    top 100 mln marks" are Deutsche marks.

    Example:
        "scored 95 marks", "95 marks out of 100".

    """
    if r.surface.key not in d["surfaces"] or has_scale(r.num_text, r.g):
        return None
    if r.nxt in d["next"] or r.prev in d["prev"]:
        return "marks of a score"
    return None


@VETO.rule("decimal-comma", forms=("suffix", "prefix"), switch="codes", codes="words")
def decimal_comma(r: Reading, d: RuleData) -> str | None:
    """Reject a decimal comma outside the currencies whose copy writes one (``codes``).

    A comma before one or two digits cannot group thousands: "92,45 rubles" is 92.45 in a
    Russian story, but "514,00 dlrs" is a slip for 514,000 and is left unread. After a lone zero
    the comma is a decimal anywhere ("0,08 won"). The same holds before the figure ("€ 2,99",
    "R$12,50") and after thousands grouped by periods or spaces ("9.990,00 €", "1 390,00 zł").

    Example:
        "92,45 rubles" -> 92.45; "DKK 18,50" -> 18.50; "up from 514,00 dlrs" is no amount.

    """
    if _DECIMAL_COMMA.fullmatch(r.num_text) and r.surface.key.lower() not in d["codes"]:
        return f"{r.num_text!r} reads as a slip, not a decimal, in {r.written!r} copy"
    return None


@VETO.rule(
    "milestone-noun",
    switch="surfaces",
    surfaces="phrases",
    followers="words",
    joined="words",
    determiners="words",
)
def milestone_noun(r: Reading, d: RuleData) -> str | None:
    """Reject a singular "mark" or "crown" after a figure that names a milestone or a title.

    Money reads "5,000 marks" or "a 300 mln mark loan" (a noun after it); "has broken the 100
    million mark." and "the world 5,000m crown in Helsinki" end the noun phrase there.

    Example:
        "topped the 100,000 mark for the first time" is no amount; "a 10 mark dividend" is.

    """
    if r.surface.text not in d["surfaces"] or r.number == 1:
        return None
    if has_scale(r.num_text, r.g) and r.prev in r.g.lex.articles:
        return None  # "a four billion crown, seven-year bond": a sum, then its noun
    nxt = r.nxt
    if (
        not nxt
        or not nxt[:1].isalnum()
        or nxt in d["followers"]
        # "passed the 100 million mark and ..."; "a 2.5 billion mark and 200 billion yen limit"
        or (nxt in d["joined"] and r.prev in d["determiners"])
    ):
        return f"'{r.num_text} {r.written}' is a milestone or a title, not an amount"
    return None


@VETO.rule("date-year", forms=("suffix",), switch="before", before="words", months="words")
def date_year(r: Reading, d: RuleData) -> str | None:
    """Reject a year after a month or a year word, before a currency: a date.

    Example:
        "effective April 1, 1987 roubles per hundred", "in 1987 dollars" (prices of that year)
        are no amounts of 1,987.

    """
    if r.form != "suffix" or not _YEAR.fullmatch(r.num_text):
        return None
    prev = prev_words(r.text, r.start, 2)
    if prev and (prev[-1] in d["before"] or prev[-1] in d["months"]):
        return f"{r.num_text!r} after {prev[-1]!r} is a year"
    if len(prev) == 2 and prev[-1].isdigit() and prev[0] in d["months"]:
        return f"{r.num_text!r} ends a date"
    return None


@VETO.rule("place-number", forms=("suffix",), switch="surfaces", surfaces="phrases")
def place_number(r: Reading, d: RuleData) -> str | None:
    """Reject a unit hyphened to a number after a capitalised word: a place ("Kwahak 2-dong").

    Example:
        "Kwahak 1-dong and Kwahak 2-dong" are neighbourhoods; "a 5,000-dong note" is money.

    """
    if r.surface.text not in d["surfaces"] or not r.hyphened:
        return None
    before = _RAW_PREV.search(r.text, max(0, r.start - 40), r.start)
    if before is not None and before.group("w")[:1].isupper() and r.start - before.end() <= 1:
        return f"'{before.group('w')} {r.num_text}-{r.written}' names a place"
    return None


@VETO.rule(
    "coin-not-money",
    words_only="phrases",
    prev="words",
    next="words",
    grand_next="words",
    fraction_prev="words",
    period_prev="words",
)
def coin_not_money(r: Reading, d: RuleData) -> str | None:
    """Reject a coin or slang name used as a period, a metal or an adjective.

    "the third quarter", "a quarter-ton", "nickel-plated", "two quarters of growth", "10 grand
    jury"; "quarter" needs a written-out number ("two quarters", never "2 quarters"); "a quarter"
    after an amount is its period ("$50K a quarter"), and so is one after ``period_prev`` ("for
    four quarters"); after a hedge (``fraction_prev``: "almost a quarter") or before a share ("a
    quarter (21%)") it is a fraction.

    Example:
        "four quarters" is a dollar; "the last two quarters" is not.

    """
    lex = r.g.lex
    if r.low not in lex.coins:
        return None
    nxt, prev = r.nxt, r.prev
    if (
        r.text[r.end : r.end + 1] in ("-", "\u2010", "\u2011")  # any hyphen
        or (r.low in d["words_only"] and (not r.words_only or nxt.isalnum()))
        or prev in d["prev"]
        or (
            r.num_text.lower() in lex.articles
            and (prev[:1].isdigit() or lex.surface(prev) is not None)
        )
        or (nxt in d["next"] and r.surface.kind != "multiple")  # ("grand" has ``grand_next``)
        or nxt in r.g.nw.multipliers
        or (
            r.low in d["words_only"]
            and (prev in d["fraction_prev"] or prev in d["period_prev"] or _share_after(r))
        )
        or (r.surface.kind == "multiple" and nxt.isalpha() and nxt not in d["grand_next"])
    ):
        return f"{r.written!r} here is not money"
    return None


def _share_after(r: Reading) -> bool:
    """Tell whether a percentage restates the figure right after it: "a quarter (21%)"."""
    return _share_pattern(r.g.lang).match(r.text, r.end) is not None


@functools.cache
def _share_pattern(lang: str) -> regex.Pattern[str]:
    return grammar(lang).anchored(r"[ \u00a0]*[(,][ \u00a0]*\d[\d.]*[ \u00a0]?(?i:\L<pct>)")


@VETO.rule("percentage", forms=("prefix",))
def percentage(r: Reading, d: RuleData) -> str | None:
    """Reject a sign before a number that a percent sign or word follows.

    Example:
        "$5 percent" never is; "US 5%" neither.

    """
    if r.form == "prefix" and r.g.after_number_veto.match(r.text, r.end):
        return "a percentage"
    return None


@VETO.rule("no-prefix", forms=("prefix",))
def no_prefix(r: Reading, d: RuleData) -> str | None:
    """Reject a currency name before its number where it never goes (``[per_extra] no_prefix``).

    Example:
        "won 3-1" is a score, "pound 5" no amount.

    """
    lex = r.g.lex
    if (
        r.form == "prefix"
        and (r.surface.key.lower() in lex.no_prefix or r.written.lower() in lex.no_prefix)
        and r.written not in lex.grouped_prefixes
    ):
        return f"{r.written!r} does not precede an amount"
    return None


@VETO.rule(
    "the-name",
    kinds=("symbol", "name", "minor", "multiple", "ambiguous"),
    forms=("prefix",),
    switch="determiners",
    determiners="words",
    signs="words",
)
def the_name(r: Reading, d: RuleData) -> str | None:
    """Reject a determiner, a currency name and a number: the currency, not an amount.

    A house-style prefix or a sign of letters written against its figure is money ("the Y110
    level", "the RM2,745 level"), and so is a sign of ``signs`` spaced from it ("the Tk 2
    billion scheme", "the Rs 500 note").

    Example:
        "the dollar 5 years ago" is no amount.

    """
    glued = not r.gap and (r.written in r.g.lex.grouped_prefixes or r.surface.kind != "name")
    if (
        r.form == "prefix"
        and r.surface.kind != "code"
        and not glued
        and r.written[-1:].isalpha()
        and r.written.lower() not in d["signs"]
        and r.prev in d["determiners"]
    ):
        return f"'the {r.written}' names the currency, not an amount"
    return None


@VETO.rule("fuel-grade", forms=("prefix", "suffix"), switch="surfaces", surfaces="phrases",
           grades="words", fuels_after="words")  # fmt: skip
def fuel_grade(r: Reading, d: RuleData) -> str | None:
    """Reject a petrol grade that reads like a currency code and a number ("RON95", "RON 92").

    A code of ``surfaces`` before a whole number of ``grades`` (the octane ratings fuel prices
    are quoted by) names the fuel, not an amount in that currency; so does one after it when a
    word of ``fuels_after`` follows ("a 90 RON gasoline"; "a ticket costs 90 RON" is lei).

    Example:
        "RON95 petrol sells at RM2.05 a litre" -> no amount in "RON95".

    """
    if r.written not in d["surfaces"] or r.num_text not in d["grades"]:
        return None
    if r.form != "prefix" and r.nxt not in d["fuels_after"]:
        return None  # "a ticket costs 90 RON": lei
    return f"'{r.written}{r.num_text}' is a fuel grade"


NUMBER_PHASE: tuple[str, ...] = tuple(i for i in VETO.ids if i not in SURFACE_PHASE)
# vetoes that answer from the reading loop, not from their function
_DECIDED_ELSEWHERE = frozenset(
    {"veto.case-mismatch", "veto.unreadable-number", "veto.glued-numeral"}
)


def _run(phase: tuple[str, ...], form: str) -> tuple[tuple[str, VetoFn], ...]:
    return tuple(
        (i, VETO[i].fn)
        for i in phase
        if i not in _DECIDED_ELSEWHERE and (not VETO[i].forms or form in VETO[i].forms)
    )


# the vetoes each candidate form goes through, phase by phase, in order
SURFACE_RUN: Mapping[str, tuple[tuple[str, VetoFn], ...]] = {
    f: _run(SURFACE_PHASE, f)
    for f in ("prefix", "suffix")  # not-lexicon: candidate forms
}
NUMBER_RUN: Mapping[str, tuple[tuple[str, VetoFn], ...]] = {
    f: _run(NUMBER_PHASE, f)
    for f in ("prefix", "suffix")  # not-lexicon: candidate forms
}
# vetoes that look only at the surfaces their data lists (by key: "won", "pound", "marks"; by
# text: the attached-only units), and the coin veto at the coins
_KEYED = frozenset(
    {"veto.won-score", "veto.won-verb", "veto.won-year", "veto.pound-weight", "veto.marks-score"}
)


def _applies(
    rule_id: str, kind: str, key: str, text: str, lex: Lexicon, data: Mapping[str, RuleData]
) -> bool:
    """Tell whether a veto can answer for candidates of a surface (its declared gates)."""
    rule = VETO[rule_id]
    if rule.kinds and kind not in rule.kinds:
        return False
    if rule_id in _KEYED:
        return key in data[rule_id]["surfaces"]
    if rule_id in ("veto.attached-only", "veto.classifier"):
        return text in data[rule_id]["surfaces"]
    if rule_id == "veto.coin-not-money":
        return text in lex.coins
    return True


@functools.cache
def runs(
    lang: str, form: str, kind: str, key: str, text: str
) -> tuple[tuple[tuple[str, VetoFn], ...], tuple[tuple[str, VetoFn], ...]]:
    """Return the (surface-phase, number-phase) vetoes a candidate of this surface meets."""
    data = rule_data(lang)
    lex = lexicon(lang)
    return (
        tuple((i, fn) for i, fn in SURFACE_RUN[form] if _applies(i, kind, key, text, lex, data)),
        tuple((i, fn) for i, fn in NUMBER_RUN[form] if _applies(i, kind, key, text, lex, data)),
    )


def has_scale(num_text: str, g: Grammar) -> bool:
    """Tell whether a number phrase carries a scale ("1.6 million", "5m", "five million")."""
    if any(ch.isdigit() for ch in num_text):
        return bool(_SCALE_WORD.search(num_text))  # a letter after digits is a scale
    return any(w.lower() in g.nw.multipliers for w in num_text.replace("-", " ").split())


_SCALE_WORD = cached_compile(r"[A-Za-z]")


def per_noun_follows(text: str, g: Grammar, end: int) -> bool:
    """Tell whether a per phrase with a noun follows ``end`` ("a month", "per kilogram")."""
    m = g.per_after.match(text, end)
    return bool(m and m.group("noun"))
