"""Raw candidates -> Mention: values, ranges, hedges and bounds, per-unit, glosses, vetoes.

``extract_amounts`` is the public entry point. Each candidate found by the matcher either becomes a
Mention or is dropped by a named veto, which the debug log shows (logger ``moneyx.extract``).
"""

from __future__ import annotations

import bisect
import contextvars
import itertools
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, localcontext
from typing import Protocol

import regex

from moneyx.errors import NumberParseError
from moneyx.lexicon import Surface, known_codes, lexicon
from moneyx.matcher import BACK, ELLIPTICAL_REACH, Grammar, grammar
from moneyx.model import Bound, Explanation, GlossPair, Mention, Vetoed
from moneyx.numbers import CJK_LANGS, EXACT, cjk_numerals, parse_number
from moneyx.resolve import ContextIndex, decide, default_for, locale_table
from moneyx.scan import scanner

_WORD = regex.compile(r"[\w'’]+")
_YEAR = regex.compile(r"(?:19|20)\d\d")
# (the look-behinds keep an unanchored scan linear; the engine only matches at a start)
_CAPITALIZED_NEXT = regex.compile(r"(?<![ \u00a0])[ \u00a0]++[A-Z][a-z]")
_FIRST_TOKEN = regex.compile(r"(?<!\S)\S++\s+")
_TOKEN_SEP = regex.compile(r"[\s-]+")
_YEAR_WON = regex.compile(r"1[89]\d\d|20\d\d")
_PLAIN_DIGITS = regex.compile(r"[\d,.]+")
_TOKEN_START = regex.compile(r"(?<=[\s-])\S")
_FUSED_SCALE = regex.compile(r"(\d)([A-Za-z]+)$")
_SMALL_INT = regex.compile(r"\d{1,3}")
_THOUSANDS_TAIL = regex.compile(r",000$")
_LOWER_WORD = regex.compile(r"[a-z]+")
_ASCII_WORD = regex.compile(r"[A-Za-z]+")

__all__ = ["explain", "extract_amounts", "gloss_pairs"]

log = logging.getLogger(__name__)

_TIME_PER = frozenset({"day", "week", "month", "quarter", "year", "hour"})
_COIN_PREV_VETO = frozenset(
    {
        "the",
        "last",
        "past",
        "next",
        "first",
        "previous",
        "consecutive",
        "straight",
        "recent",
        "fiscal",
        "several",
        "few",
        "both",
        "those",
        "these",
        "all",
        "three-quarters",
    }
)
_COIN_NEXT_VETO = frozenset({"of", "in", "ago", "later", "earlier", "running", "before", "after"})
_COUNT_WORDS = frozenset(
    {"people", "persons", "points", "point", "times", "percent", "pct", "tons", "tonnes", "cases"}
)
_CJK_DIGITS = frozenset(cjk_numerals().digits)
_CJK_ALL = frozenset(cjk_numerals().chars)


def _is_syllable(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


def _is_hangul_numeral(ch: str) -> bool:
    return ch in _CJK_ALL and _is_syllable(ch)


_INSIDE_CLOSE = regex.compile(r"[^()\n]{0,60}\)")
_RATE_PER = regex.compile(
    r"(?i)[ \u00a0]{1,4}(?:(?:to|against|per|for)[ \u00a0]{1,4}(?:the|one|1|a|each)[ \u00a0]{1,4}"
    r"|per[ \u00a0]{1,4}(?=u\.s\.|us[ \u00a0]|american|chinese))"  # "8,120 won per US dollar"
    r"(?:u\.s\.[ \u00a0]|us[ \u00a0]|american[ \u00a0]|chinese[ \u00a0])?"
    r"(?P<cur>dollar|yuan|euro|yen|renminbi)(?!\w)"
)
_COMPARED = regex.compile(
    r"(?i)(?<!\w)(?:compared\s+(?:to|with)|up\s+from|down\s+from|versus|vs\.?|against|"
    r"from|while|whereas|rising\s+from|falling\s+from|up\s+to|down\s+to)(?!\w)"
)
_PLACE = r"(?:in|at)[ \u00a0]+(?:the[ \u00a0]+)?[A-Z][\w'’-]*(?:[ \u00a0]+[A-Z][\w'’-]*){0,2}"
# between two prices of one list by place: the first one's per phrase and place, a connective
# right after a listed price: its per phrase, then its place ("per kilo in Hyesan")
_LIST_LEAD = (
    r"(?<![ \u00a0])(?:[ \u00a0]*+(?:per|a|an|/)[ \u00a0]*[a-z]{1,12}\.?)?[ \u00a0]+"
    + _PLACE
    + r"(?:[ \u00a0]+markets?)?"
)
_LIST_GAP = regex.compile(
    _LIST_LEAD + r"[ \u00a0]*(?:[,;]|(?=[ \u00a0]*and\b))[ \u00a0]*(?:(?:and|while|but)[ \u00a0]+)?"
)
# ... and the second price has its place too: "2,100 won in Sinuiju"
_PLACE_AFTER = regex.compile(r"(?<![ \u00a0])[ \u00a0]++" + _PLACE)
_LIST_ELLIPTICAL = regex.compile(
    _LIST_LEAD + r"[ \u00a0]*(?:,[ \u00a0]*(?:and[ \u00a0]+)?|;[ \u00a0]*|[ \u00a0]+and[ \u00a0]+)"
    r"(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?![\d%/-]|[.,]\d)"
    r"(?=[ \u00a0]+" + _PLACE + r")"
)
# the start of a window, or a bare number, right before a "per": that per prices it
_BARE_BEFORE = regex.compile(r"(?r)(?<![\w.,])(?P<n>\d(?:[\d,]*\d)?(?:\.\d+)?)[ \u00a0]*\Z")
# "1 500 euros" is not read as one number: its tail "500" alone is fine, but "000" is not
_GROUP_TAIL = regex.compile(r"0\d")
_DIGIT_SPACE = regex.compile(r"\d[ ]\Z")
_CHANGE_AT = regex.compile(
    r"[ \u00a0]{1,4}(?:lower|higher|up|down|off|firmer|easier|weaker|stronger)"
    r"[ \u00a0]{1,4}(?:at|to)[ \u00a0]{1,4}"
)
# "..., down 14.7 won", "(up 3 cts"
_CHANGE_AFTER = regex.compile(
    r"[^\d.;!?\n]{0,48}?[ \u00a0]{0,4}[,(;]?[ \u00a0]{0,4}"
    r"(?i:down|up|off|lower|higher)[ \u00a0]{1,4}"
)
_TO_BETWEEN = regex.compile(r"[ \u00a0]{1,4}to[ \u00a0]{1,4}")
_SPACES = frozenset(" \u00a0")
_SPACES_COMMA = frozenset(" ,\u00a0")
_BUYS = frozenset({"bought", "buys", "buy", "fetched", "fetches", "got", "gets", "for", "to"})
_RUN = 30  # figures of one run of prices are within this factor of its level (state and
# market prices of rice differ by 20x: "44 won a kilogram ... market traders charge 900 won")
_LABEL_COLON = regex.compile(r"[ \u00a0]*:(?!\d)")
# words that open a new clause between a level and a later change: its subject is another one
_NEW_CLAUSE = frozenset({"while", "and", "but", "whereas", "as", "with", "after", "when", "which"})
_DETERMINERS = frozenset({"the", "that", "those", "these", "this"})
_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "you", "i"})
_LINE_BREAK = regex.compile(r"[ \t\u00a0]*\r?\n")
_VERB_PAY = frozenset({"pay"})  # "traders must pay a monthly fee": the verb, not a wage
_FLOATING_EACH = regex.compile(
    r"(?i)(?<![\w'])(?P<noun>[a-z]{3,}s)[ \u00a0]+(?:(?:were|are|was|have|had|will|would|must|"
    r"should|could|can|may|had\sto|have\sto)[ \u00a0]+)?each(?![\w'])"
)
_PER_OPEN = regex.compile(
    r"[ \u00a0]{0,4},?[ \u00a0]{1,4}(?:per|for[ \u00a0]+each|for[ \u00a0]+every|from[ \u00a0]+each)"
    r"[ \u00a0]{1,4}(?:[a-z]{2,20}-[a-z]{2,20}[ \u00a0]{1,4})?"
    # a size before the unit: "per 1-liter bottle", "per 152mm shell"
    r"(?:\d[\d.,]*(?:-[a-z]{1,6}|[a-z]{1,3})[ \u00a0]{1,4})?"
    r"(?P<w>[a-z]{3,20})(?![\w'’-])"
)
# "each pupil must bring 10 yuan", "every defector household will receive": the noun an
# amount later in the clause is spread over (open class; a known noun right after wins)
_EACH_OPEN = regex.compile(
    r"(?i)(?<![\w'])(?:each|every)[ \u00a0]+"
    # "each of the five players will receive": the plural noun after "of the (N)"
    r"(?:(?P<of>of)[ \u00a0]+(?:(?:the|these|those|its|their)[ \u00a0]+)?"
    r"(?:[a-z0-9-]+[ \u00a0]+)?)?"
    r"(?P<w>[a-z]{3,20})(?:[ \u00a0]+(?P<w2>[a-z]{3,20}))?"
    # the phrase must be the subject: a modal or a verb of paying or getting follows
    r"[ \u00a0]+(?:must|will|would|should|can|could|may|has|have|had|is|are|was|were|"
    r"pays|paid|gets|got|receives|received|needs|needed|spends|spent|brings|brought|earns|"
    r"earned|contributes|contributed|owes|owed|gives|gave|costs|cost|hands|handed)(?![\w'’-])"
)
_EACH_REACH = 72  # an open-class "each X" subject must be this close before the amount
_EACH_STOP = frozenset(
    ["other", "one", "time", "times", "side", "and", "the", "was", "will", "must", "can", "has"]
    + ["them", "these", "those", "you", "which", "whom", "whose"]
)
_PER_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "one",
        "other",
        "cent",
        "cents",
        "annum",
        "capita",
        "head",
        "month",
        "year",
        "day",
        "week",
        "hour",
        "this",
        "that",
        "each",
        "every",
    ]
)
_CENTS_TOKEN = regex.compile(r"\d{1,2}")
_ASIDE = regex.compile(r"(?<![ \u00a0])[ \u00a0]*+\([^()\n]{1,60}\)")
_SCORE = regex.compile(r"(?<![ \u00a0])[ \u00a0]++\d{1,3}[-–]\d{1,3}(?!\d)")
_SENTENCE_START = regex.compile(r"(?r)(?:^|[.!?]\s+|\n\s*)[\"'“‘(]*\Z")


def _sentence_start(text: str, pos: int) -> bool:
    return _SENTENCE_START.search(text, max(0, pos - 8), pos) is not None


_NOT_PLURAL = frozenset(
    [
        "this",
        "thus",
        "was",
        "has",
        "does",
        "is",
        "its",
        "yes",
        "news",
        "always",
        "sometimes",
        "perhaps",
        "whereas",
        "unless",
        "less",
        "across",
        "various",
        "previous",
        "serious",
        "famous",
        "nervous",
        "obvious",
        "process",
        "address",
        "bus",
        "gas",
        "plus",
        "series",
        "species",
        "status",
        "census",
        "bonus",
        "campus",
        "virus",
        "crisis",
        "basis",
        "analysis",
        "thesis",
        "chaos",
        "glass",
        "class",
        "grass",
        "boss",
        "loss",
        "miss",
        "kiss",
        "access",
        "business",
        "witness",
        "afterwards",
        "towards",
        "besides",
        "nevertheless",
        "regardless",
        # verbs in the third person, never what "each" distributes over
        "pays",
        "says",
        "gets",
        "gives",
        "takes",
        "makes",
        "sells",
        "buys",
        "charges",
        "earns",
        "receives",
        "spends",
        "sends",
        "needs",
        "wants",
        "plans",
        "expects",
        "hopes",
        "demands",
        "offers",
        "owes",
        # amounts themselves, never what "each" distributes over
        "prices",
        "costs",
        "fees",
        "rates",
        "amounts",
        "values",
        "sales",
        "earnings",
        "revenues",
        "profits",
        "funds",
        "sums",
        "ones",
    ]
)
_WORD_VETO_KEYS = frozenset({"won", "pound", "pounds", "mark", "marks"})
_CENTS_FOLLOW = frozenset({"", "and", "more", "less", "only", "each", "per", "a", "for"})
_SCALE_WORD = regex.compile(r"[A-Za-z]")


@dataclass(slots=True)
class _Draft:
    """A mention being built (mutable until it becomes a Mention)."""

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
    tail: int = -1  # end of what belongs to the mention but is outside its span (phrase, gloss)
    after_mod: int = -1  # end of a hedge or bound written after it ("or more", "or so")
    extra: dict[str, str] = field(default_factory=dict)


def _check_args(
    text: object, lang: object, doc_date: object, default_currency: object
) -> tuple[date | None, dict[str, str]]:
    if not isinstance(text, str):
        raise TypeError(
            f"extract_amounts() expects text as str, got {type(text).__name__}"
            + (
                " (decode bytes first, e.g. data.decode('utf-8'))"
                if isinstance(text, bytes | bytearray)
                else ""
            )
        )
    if not isinstance(lang, str):
        raise TypeError(f"lang must be a str, got {type(lang).__name__}")
    parsed: date | None = None
    if doc_date is not None:
        if isinstance(doc_date, date):
            parsed = doc_date
        elif isinstance(doc_date, str):
            try:
                parsed = date.fromisoformat(doc_date[:10])
            except ValueError as exc:
                raise ValueError(f"doc_date {doc_date!r} is not an ISO date (YYYY-MM-DD)") from exc
        else:
            raise ValueError(
                f"doc_date must be an ISO date string or datetime.date, got {doc_date!r}"
            )
    defaults: dict[str, str] = {}
    if default_currency is not None:
        if not isinstance(default_currency, Mapping):
            raise ValueError("default_currency must be a mapping such as {'won': 'KPW'}")
        codes = known_codes()
        lex = lexicon(lang) if isinstance(lang, str) else None
        for surface, code in default_currency.items():
            if not isinstance(code, str) or code.upper() not in codes:
                raise ValueError(
                    f"default_currency[{surface!r}] = {code!r} is not an ISO 4217 code moneyx knows"
                )
            entry = lex.surface(str(surface)) if lex is not None else None
            if entry is None:
                raise ValueError(
                    f"default_currency key {surface!r} is not a currency surface moneyx knows "
                    "(use the word or symbol as written, e.g. 'won', '$', '¥')"
                )
            if code.upper() not in entry.candidates:
                raise ValueError(
                    f"default_currency[{surface!r}] = {code.upper()!r}, but {surface!r} can only "
                    f"mean {'/'.join(entry.candidates)}"
                )
            defaults[str(surface)] = code.upper()
            defaults[str(surface).lower()] = code.upper()
    return parsed, defaults


def extract_amounts(
    text: str,
    *,
    lang: str | None = None,
    doc_date: str | date | None = None,
    default_currency: Mapping[str, str] | None = None,
    locale: str | None = None,
) -> list[Mention]:
    """Find every monetary amount in ``text``.

    Args:
        text: The document (any str; odd text never raises).
        lang: Language of the rules ("en", "ko"); by default the language of ``locale``, else
            English.
        doc_date: Publication date (ISO string or date); kept for callers that normalize.
        default_currency: Caller defaults for ambiguous surfaces, e.g. ``{"won": "KPW"}``.
        locale: Regional conventions for ambiguous symbols, e.g. "en-AU" makes "$" AUD.

    Returns:
        Mentions in text order, non-overlapping.

    Raises:
        TypeError: ``text`` is not a str.
        ValueError: Unknown ``lang``/``locale``, invalid ``doc_date`` or ``default_currency``.

    Example:
        >>> [(m.text, str(m.value), m.currency, m.per) for m in
        ...  extract_amounts("Each family paid 300 yuan (U.S. $47) per household.")]
        [('300 yuan', '300', 'CNY', 'household'), ('U.S. $47', '47', 'USD', 'household')]

    """
    with localcontext(EXACT):
        return _extract(text, lang, doc_date, default_currency, locale)


def explain(
    text: str,
    *,
    lang: str | None = None,
    doc_date: str | date | None = None,
    default_currency: Mapping[str, str] | None = None,
    locale: str | None = None,
) -> Explanation:
    """Extract the amounts of ``text`` and say why: the mentions with their traces, and the vetoes.

    Takes the arguments of ``extract_amounts`` and raises as it does.

    Returns:
        An Explanation: ``mentions`` as ``extract_amounts`` returns them, ``vetoed`` the candidates
        named vetoes rejected.

    Example:
        >>> ex = explain("It weighs 200 pounds and cost 300 yuan.")
        >>> [m.text for m in ex.mentions], [(v.text, v.reason) for v in ex.vetoed]
        (['300 yuan'], [('200 pounds', 'pounds of weight')])

    """
    sink: list[Vetoed] = []
    token = _VETOED.set(sink)
    try:
        mentions = extract_amounts(
            text, lang=lang, doc_date=doc_date, default_currency=default_currency, locale=locale
        )
    finally:
        _VETOED.reset(token)
    seen: set[tuple[int, int, str]] = set()
    vetoed = []
    for v in sorted(sink, key=lambda v: (v.start, v.end)):
        if (v.start, v.end, v.rule) not in seen:
            seen.add((v.start, v.end, v.rule))
            vetoed.append(v)
    return Explanation(text=text, mentions=tuple(mentions), vetoed=tuple(vetoed))


def _extract(
    text: str,
    lang: str | None,
    doc_date: str | date | None,
    default_currency: Mapping[str, str] | None,
    locale: str | None,
) -> list[Mention]:
    if lang is None:
        # a locale names its language ("ko-KR"); English otherwise
        lang = locale.replace("_", "-").split("-")[0].lower() if isinstance(locale, str) else "en"
    parsed_date, defaults = _check_args(text, lang, doc_date, default_currency)
    g = grammar(lang)
    loc = locale_table(g.lex, locale)
    if not text:
        return []
    drafts = _candidates(text, g)
    if not drafts:
        return []
    drafts = _merge_cents(text, g, drafts)
    drafts = _merge_ranges(text, g, drafts)
    drafts = _elliptical(text, g, drafts)
    for d in drafts:
        _modifiers(text, g, d)
        _currency_phrase(text, g, d)
    _glosses(text, g, drafts)
    ctx = ContextIndex(text, lang)
    # drafts are in text order and disjoint: the one before d is simply the previous draft
    prev: _Draft | None = None
    for d in drafts:
        _per(text, g, d, drafts, ctx, prev)
        prev = d
    _pair_units(text, g, drafts)
    _carry_units(text, g, drafts, ctx)
    _pair_units(text, g, drafts)  # a change after a level that took its unit from the run
    return _finish(text, g, drafts, ctx, defaults, loc, locale or lang, parsed_date)


# --- candidates ---------------------------------------------------------------------------


class _MatchLike(Protocol):
    """What ``_draft`` reads of a candidate: named groups and their offsets."""

    def group(self, name: str | int = 0) -> str | None: ...
    def start(self, name: str | int = 0) -> int: ...
    def end(self, name: str | int = 0) -> int: ...


class _Cand:
    """Named spans of one candidate, read like a regex match by ``_draft``."""

    __slots__ = ("_spans", "_text")

    def __init__(self, text: str, spans: dict[str, tuple[int, int]]) -> None:
        self._text = text
        self._spans = spans

    def group(self, name: str | int = 0) -> str | None:
        span = self._spans.get(name) if isinstance(name, str) else None
        if span is not None:
            return self._text[span[0] : span[1]]
        if name == 0:
            return self._text[self.start() : self.end()]
        return None

    def start(self, name: str | int = 0) -> int:
        if name == 0:
            return min(s for s, _ in self._spans.values())
        return self._spans[name][0]  # type: ignore[index]

    def end(self, name: str | int = 0) -> int:
        if name == 0:
            return max(e for _, e in self._spans.values())
        return self._spans[name][1]  # type: ignore[index]


def _candidates(text: str, g: Grammar) -> list[_Draft]:
    """Read the number on either side of every currency marker the scanner found."""
    out: list[_Draft] = []
    lex = g.lex
    last = 0
    for a, b in scanner(g.lang).anchors(text):
        if a < last:
            continue
        written = text[a:b]
        surface = lex.surface(written)
        if surface is None and " " in written:
            # "us $" in lower-cased text: keep the part that is a surface as written
            a = b - len(written.split()[-1])
            written = text[a:b]
            surface = lex.surface(written)
        if surface is None:
            continue  # a case-sensitive surface written in another case ("rm", "le")
        pre: _Cand | None = None
        if surface.kind != "minor" and (
            surface.key.lower() not in lex.no_prefix or written in lex.grouped_prefixes
        ):
            pm = g.after_prefix.match(text, b)
            if pm is not None:
                spans = {"pre": (a, b), "pnum": pm.span("pnum")}
                if pm.group("pneg"):
                    spans["pneg"] = pm.span("pneg")
                if pm.group("post"):
                    post = lex.surface(pm.group("post"))
                    if (
                        post is not None
                        and post.kind != "minor"
                        and set(post.candidates) & set(surface.candidates)
                    ):
                        spans["pnum"] = (spans["pnum"][0], pm.end("pnum"))
                        spans["post"] = pm.span("post")
                ln = g.lneg_before.search(text, max(0, a - 1), a)
                if ln is not None:
                    spans["lneg"] = ln.span()
                pre = _Cand(text, spans)
        suf: _Cand | None = None
        sm = g.before_suffix.search(text, max(last, a - BACK), a)
        if sm is not None and sm.group("snum"):
            spans = {"snum": sm.span("snum"), "suf": (a, b)}
            if sm.group("fused"):
                spans["fused"] = sm.span("fused")
            if sm.group("sneg"):
                spans["sneg"] = sm.span("sneg")
            if surface.kind == "code":
                sc = g.suffix_scale.match(text, b)
                if sc is not None:
                    spans["sscale"] = sc.span("sscale")
            suf = _Cand(text, spans)
        order = [suf, pre]
        if (
            pre is not None
            and suf is not None
            and (surface.kind in {"symbol", "code"} or not written[-1:].isalpha())
        ):
            attached = suf.end("snum") == a
            spaced = pre.start("pnum") > b
            # "10 rmb 20 usd", "3 GBP 1 pence": the number after belongs to the next marker
            owned = lex.surface(_next_word(text, g, pre.end("pnum"))) is not None
            # "17 USD 25", "15 USD 50 more": a one- or two-digit figure after is the cents
            cents = _CENTS_TOKEN.fullmatch(pre.group("pnum") or "") is not None and not pre.group(
                "post"
            )
            fused = pre.start("pnum") == b and suf.end("snum") < a  # "3 USD50 cards"
            if (
                fused
                or pre.group("post")
                or (not (attached and spaced) and not owned and not cents)
            ):
                order = [pre, suf]  # "$ 10 dollars": the name after confirms the prefix
        for cand in order:
            if cand is None:
                continue
            d = _draft(text, g, cand)
            if d is not None:
                out.append(d)
                last = d.end
                break
    return out


# the vetoes of the ``explain`` call running in this context (None outside one)
_VETOED: contextvars.ContextVar[list[Vetoed] | None] = contextvars.ContextVar(
    "moneyx_vetoed", default=None
)


def _veto(m: _MatchLike, why: str, rule: str = "veto") -> None:
    log.debug("veto %r at %d: %s", m.group(), m.start(), why)
    sink = _VETOED.get()
    if sink is not None:
        sink.append(
            Vetoed(start=m.start(), end=m.end(), text=m.group() or "", rule=rule, reason=why)
        )


def _next_word(text: str, g: Grammar, pos: int) -> str:
    m = g.next_word.match(text, pos)
    return (m.group("w") or "").lower() if m else ""


def _word_after_next(text: str, g: Grammar, pos: int) -> str:
    m = g.next_word.match(text, pos)
    return _next_word(text, g, m.end()) if m else ""


def _prev_words(text: str, pos: int, n: int) -> list[str]:
    return [w.lower() for w in _WORD.findall(text[max(0, pos - 12 * n) : pos])[-n:]]


def _prev_word(text: str, g: Grammar, pos: int) -> str:
    m = g.prev_word.search(text, max(0, pos - 40), pos)
    return m.group("w").lower() if m else ""


def _draft(text: str, g: Grammar, m: _MatchLike) -> _Draft | None:
    lex = g.lex
    if m.group("pre") is not None:
        form, cur_key, num_key = "prefix", "pre", "pnum"
        neg = bool(m.group("lneg") or m.group("pneg"))
        start = m.start("lneg") if m.group("lneg") else m.start("pre")
        end = m.end("pnum")
        post = m.group("post")
        if post is not None:
            ps, pre_s = lex.surface(post), lex.surface(m.group("pre") or "")
            if ps is not None and pre_s is not None and set(ps.candidates) & set(pre_s.candidates):
                end = m.end("post")  # "$ 10 dollars"
    else:
        form, cur_key, num_key = "suffix", "suf", "snum"
        neg = bool(m.group("sneg"))
        start = m.start("sneg") if m.group("sneg") else m.start("snum")
        end = m.end("sscale") if m.group("sscale") else m.end("suf")
    written = m.group(cur_key) or ""
    surface = lex.surface(written)
    if surface is None:
        _veto(m, f"unknown surface {written!r}")
        return None
    num_text = m.group(num_key) or ""
    low = written.lower()
    gap = (
        text[m.end(num_key) : m.start(cur_key)]
        if form == "suffix"
        else text[m.end(cur_key) : m.start(num_key)]
    )
    # vetoes ---------------------------------------------------------------------------
    if _GROUP_TAIL.match(num_text) and _DIGIT_SPACE.search(text, max(0, start - 2), start):
        _veto(m, f"{num_text!r} is the tail of a space-grouped number")
        return None
    if surface.text in lex.attached_only and gap:
        _veto(m, f"{written!r} counts only when written against the number")
        return None
    if written in lex.grouped_prefixes and form != "prefix":
        # "Rice to 5,000 Won" in a headline: the name, not the house-style prefix
        surface = lex.surfaces_ci.get(written.lower(), surface)
    elif written in lex.grouped_prefixes and (
        gap or not ("," in num_text or _has_scale(num_text, g))
    ):
        _veto(m, f"house-style {written!r} needs an attached, grouped or scaled number")
        return None
    if form == "suffix" and surface.kind == "code" and _LABEL_COLON.match(text, end):
        _veto(m, f"{written!r} followed by a colon labels what comes next")  # "3,100\nUSD: 8,050"
        return None
    if form == "prefix" and surface.kind == "minor":
        _veto(m, "a minor unit does not precede its number")
        return None
    after = text[end : end + 16]
    if (
        form == "suffix"
        and surface.kind in {"name", "ambiguous"}
        and lex.name_compounds
        and _next_word(text, g, end) in lex.name_compounds
    ):
        _veto(m, f"'{written} {_next_word(text, g, end)}' names a thing")
        return None
    if after.lower().startswith(lex.adjective_suffixes):
        _veto(m, f"adjective {written}{after.split()[0] if after.split() else ''}")
        return None
    try:
        number = parse_number(num_text, lang=g.lang)
    except NumberParseError as exc:
        tail = _valid_tail(num_text, g) if form == "suffix" else None
        if tail is None:
            _veto(m, str(exc))
            return None
        start += len(num_text) - len(tail[0])
        num_text, number = tail
    if g.lang in CJK_LANGS:
        # a numeral glued to the syllable before it is part of a word ("회사원", "대만원")
        while (
            num_text
            and _is_hangul_numeral(num_text[0])
            and start > 0
            and _is_syllable(text[start - 1])
        ):
            start += 1
            num_text = num_text[1:]
        if not num_text or (
            len(num_text) == 1
            and num_text in _CJK_DIGITS
            and surface.text in lex.single_numeral_veto
        ):
            _veto(m, f"{written!r} after a one-syllable numeral is a word ('사원')")
            return None
        if num_text != m.group(num_key):
            try:
                number = parse_number(num_text, lang=g.lang)
            except NumberParseError as exc:
                _veto(m, str(exc))
                return None
    if (
        surface.kind in {"name", "minor", "ambiguous"}
        and written[:1].isupper()
        and not written.isupper()
        and written.isalpha()
        and _has_vowel(written)  # "Rs 65 crore", "Tk 500": an abbreviation is no name
        and (form == "prefix" or surface.kind == "minor")
        and not _sentence_start(text, start)
    ):
        _veto(m, f"capitalised {written!r} here is a name ('Euro 6', '50 Cent')")
        return None
    if form == "prefix" and surface.kind != "code" and _YEAR.fullmatch(num_text):
        _veto(m, f"'{written} {num_text}' names an event or a year")
        return None
    if (
        form == "suffix"
        and surface.kind in {"name", "ambiguous"}
        and written != written.lower()
        and _CAPITALIZED_NEXT.match(text[end : end + 3])
        and lex.surface(_next_word(text, g, end)) is None
    ):
        _veto(m, f"{written!r} starts a proper name")
        return None
    words_only = not any(ch.isdigit() for ch in num_text)
    first = num_text.split()[0].lower() if num_text.split() else ""
    if words_only and first in lex.articles and form == "suffix":
        lead = _FIRST_TOKEN.match(num_text)
        rest = num_text[lead.end() :] if lead else ""
        head = _TOKEN_SEP.split(rest)[0].lower() if rest else ""
        if (
            rest
            and head not in g.nw.multipliers
            and head not in g.nw.fractions
            and head not in g.nw.hundred
        ):
            # "a five-million-won fine": the article belongs to the noun phrase, not the number
            shift = lead.end() if lead else 0
            num_text = rest
            start += shift
            first = head
            try:
                number = parse_number(num_text, lang=g.lang)
            except NumberParseError as exc:
                _veto(m, str(exc))
                return None
    if (
        words_only
        and first in lex.articles
        and len(num_text.split()) == 1
        and surface.text not in lex.article_one
        and surface.key not in lex.article_one
        # a qualified name: "a U.S. dollar now buys 23,000 won", "a Chinese yuan"
        and surface.text.lower().split()[-1] not in lex.article_one
    ):
        _veto(m, f"article {num_text!r} before {written!r} is not a number")
        return None
    # the words around are read only for the surfaces whose vetoes need them
    needs_words = (
        surface.key in _WORD_VETO_KEYS
        or low in lex.coins
        or (form == "prefix" and surface.kind != "code")
    )
    nxt = _next_word(text, g, end) if needs_words else ""
    prev = _prev_word(text, g, start) if needs_words else ""
    if surface.key == "won" and form == "suffix" and _SCORE.match(text, end):
        _veto(m, "'won' before a score is the verb")
        return None
    if surface.key == "won" and form == "suffix":
        if (
            nxt in lex.won_verb_next
            # a line break ends the phrase: "1 yuan: 3,150 won\nOur partner said"
            and _LINE_BREAK.match(text, end) is None
            # a determiner and a relative clause make the figure a noun phrase: "double the 210
            # won it cost in spring", "the 3,000 won they earn" (but "Those 3 won gold")
            and not (prev.lower() in _DETERMINERS and nxt in _PRONOUNS)
            and not (nxt in lex.articles and _per_noun_follows(text, g, end))
            and _word_after_next(text, g, end) not in lex.won_time_after
        ):
            _veto(m, f"'won' followed by {nxt!r} is the verb")
            return None
        if _YEAR_WON.fullmatch(num_text) and prev in lex.year_prepositions:
            _veto(m, "a year followed by the verb 'won'")
            return None
    hyphened = "-" in text[m.end(num_key) : m.start(cur_key)] if form == "suffix" else False
    if surface.key in {"pound", "pounds"} and (
        nxt in lex.weight_next
        or set(_prev_words(text, start, 3)) & lex.weight_prev
        or (hyphened and nxt.isalpha() and nxt not in lex.money_nouns)
        or after.lower().startswith(" per square")
        or (
            surface.key == "pound"  # "a 1,850 pound satellite": singular after a number
            and number != 1
            and nxt.isalpha()
            and nxt not in lex.money_nouns
        )
    ):
        _veto(m, "pounds of weight")
        return None
    if surface.key in {"mark", "marks"} and (nxt in lex.marks_next or prev in lex.marks_prev):
        _veto(m, "marks of a score")
        return None
    if (
        low in lex.coins
        and (
            text[end : end + 1] == "-"  # "a quarter-ton of corn", "a nickel-plated"
            or (low in lex.coins_words_only and (not words_only or nxt.isalnum()))
            or prev in _COIN_PREV_VETO
            # "$50K a quarter", "200 dollars a quarter": a period after an amount
            or (
                num_text.lower() in ("a", "an")
                and (prev[:1].isdigit() or lex.surface(prev) is not None)
            )
            or nxt in _COIN_NEXT_VETO
            or nxt in g.nw.multipliers
            or (surface.kind == "multiple" and nxt.isalpha() and nxt not in lex.grand_next)
        )
    ):
        _veto(m, f"{written!r} here is not money")
        return None
    if form == "prefix" and g.after_number_veto.match(text, end):
        _veto(m, "a percentage")
        return None
    if (
        form == "prefix"
        and surface.key.lower() in lex.no_prefix
        and written not in lex.grouped_prefixes
    ):
        _veto(m, f"{written!r} does not precede an amount")
        return None
    if form == "prefix" and surface.kind != "code" and written[-1:].isalpha() and prev == "the":
        _veto(m, f"'the {written}' names the currency, not an amount")
        return None
    value = number * surface.factor
    sscale = m.group("sscale")
    if sscale and form == "suffix":
        value *= parse_number("1 " + sscale, lang=g.lang)
    if neg:
        value = -value
    if value == value.to_integral_value() and (
        surface.factor != 1 or not _PLAIN_DIGITS.fullmatch(num_text)
    ):
        value = value.to_integral_value()
    scaled = _has_scale(num_text, g)
    extra: dict[str, str] = {}
    fused = m.group("fused") if form == "suffix" else None
    if fused:
        extra["fused"] = fused.lower()
    return _Draft(
        extra=extra,
        start=start,
        end=end,
        value=value,
        surface=surface,
        written=written,
        form=form,
        rule=f"{form}-{surface.kind}",
        scaled=scaled,
        num_start=m.start(num_key),
        num_end=m.end(num_key),
    )


def _valid_tail(num_text: str, g: Grammar) -> tuple[str, Decimal] | None:
    """Return the longest trailing part of a written-out number that reads ("one and five")."""
    for m in _TOKEN_START.finditer(num_text):
        tail = num_text[m.start() :]
        try:
            return tail, parse_number(tail, lang=g.lang)
        except NumberParseError:
            continue
    return None


def _per_noun_follows(text: str, g: Grammar, end: int) -> bool:
    m = g.per_after.match(text, end)
    return bool(m and m.group("noun"))


# --- cents composites -----------------------------------------------------------------------


def _merge_cents(text: str, g: Grammar, drafts: list[_Draft]) -> list[_Draft]:
    """Join "3 dollars 50 cents", "$20 and 43c", "15 dollars 50" into one amount."""
    out: list[_Draft] = []
    skip = -1
    for i, d in enumerate(drafts):
        if i == skip:
            continue
        out.append(d)
        if d.surface.kind == "minor" or d.value != d.value.to_integral_value() or d.scaled:
            continue
        m = g.cents_after.match(text, d.end)
        if m is None:
            continue
        nxt = drafts[i + 1] if i + 1 < len(drafts) else None
        try:
            cents = parse_number(m.group("c"), lang=g.lang)
        except NumberParseError:
            continue
        if not 0 < cents < 100 or cents != cents.to_integral_value():
            continue
        if m.group("cu"):
            cu = g.lex.surface(m.group("cu"))
            if cu is None or cu.kind != "minor":
                continue
            generic = cu.key == "dollar"  # "cents", "c", "¢" follow any major unit of 100
            if not (generic or set(cu.candidates) & set(d.surface.candidates)):
                continue
            factor = cu.factor
            if nxt is not None and nxt.start < m.end():
                skip = i + 1  # the cents were also found alone: consume them
        else:
            follower = _next_word(text, g, m.end())
            if text[m.end() : m.end() + 1].isalpha():
                continue  # "11a" is a reference, not cents
            if follower not in _CENTS_FOLLOW and follower.isalnum():
                continue
            if nxt is not None and nxt.start < m.end():
                continue
            factor = Decimal("0.01")
        sign = -1 if d.value < 0 else 1
        d.value = d.value + sign * cents * factor
        d.end = m.end()
        d.rule = "major-minor"
    return out


# --- ranges ---------------------------------------------------------------------------------


def _compatible(a: _Draft, b: _Draft) -> bool:
    return bool(set(a.surface.candidates) & set(b.surface.candidates))


def _has_scale(num_text: str, g: Grammar) -> bool:
    """Tell whether a number phrase carries a scale ("1.6 million", "5m", "five million")."""
    if any(ch.isdigit() for ch in num_text):
        return bool(_SCALE_WORD.search(num_text))  # a letter after digits is a scale
    return any(w.lower() in g.nw.multipliers for w in num_text.replace("-", " ").split())


def _share_scale(
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
    if hi_scaled:
        for word in reversed(hi_text.replace("-", " ").split()):
            mult = g.nw.multipliers.get(word.lower()) or g.nw.attached.get(word)
            if mult is not None:
                if lo * mult <= hi:
                    return lo * mult
                break
        tail = _FUSED_SCALE.search(hi_text)
        if tail and tail.group(2) in g.nw.attached and lo * g.nw.attached[tail.group(2)] <= hi:
            return lo * g.nw.attached[tail.group(2)]
        return lo
    if _SMALL_INT.fullmatch(lo_text) and _THOUSANDS_TAIL.search(hi_text) and lo * 1000 <= hi:
        return lo * 1000
    return lo


def _merge_ranges(text: str, g: Grammar, drafts: list[_Draft]) -> list[_Draft]:
    out: list[_Draft] = []
    i = 0
    while i < len(drafts):
        d = drafts[i]
        nxt = drafts[i + 1] if i + 1 < len(drafts) else None
        merged = _range_forward(text, g, d, nxt)
        if merged is not None:
            d, consumed = merged
            i += 2 if consumed else 1
            out.append(d)
            continue
        if not (out and out[-1].end > d.start - 2):
            extra = _range_backward(text, g, d, out[-1].end if out else 0)
            if extra is not None:
                out.append(extra)
        out.append(d)
        i += 1
    return out


def _movement(text: str, g: Grammar, sep: str, start: int) -> bool:
    """Whether "X to Y" starting at ``start`` follows a verb of change in its clause."""
    if sep != "to":
        return False
    om = g.range_open.search(text, max(0, start - 16), start)
    if om is not None:
        start = om.start()
    # "raised the state price of rice from 8 chon to 44 won": after "from" the verb may sit a
    # few words back; "X to Y" alone needs it close ("save around 400 to 500 mln dlrs")
    reach = 6 if text[start : start + 5].lower().startswith("from") else 3
    clause = text[max(0, start - 64) : start]
    cut = max(
        clause.rfind("."),
        clause.rfind("\n"),
        clause.rfind("!"),
        clause.rfind("?"),
        clause.rfind(","),
    )
    # "raised the state price of rice from 8 chon to 44 won": the verb may sit a few words back
    return bool({w.lower() for w in _WORD.findall(clause[cut + 1 :])[-reach:]} & g.lex.movement)


def _sep_ok(text: str, g: Grammar, sep: str, lo_start: int) -> tuple[bool, int]:
    """Check the connector against the opener before the low end; return the span start."""
    om = g.range_open.search(text, max(0, lo_start - 16), lo_start)
    opener = om.group("open").lower() if om else ""
    start = om.start() if om else lo_start
    if _movement(text, g, sep, start):
        return False, lo_start  # "rose from 500 yuan to 2,000 yuan" is a movement
    if sep in g.lex.range_and:
        return opener in g.lex.range_open_and, start
    if opener in g.lex.range_open_and and sep not in g.lex.range_dash:
        return False, lo_start  # "between X to Y" is not a range we trust
    return True, start


def _range_forward(
    text: str, g: Grammar, d: _Draft, nxt: _Draft | None
) -> tuple[_Draft, bool] | None:
    if not text[d.end : d.end + 40].lstrip().lower().startswith(g.range_seps):
        return None  # no range connector after the amount
    m = g.range_after.match(text, d.end)
    if m is None:
        return None
    sep = (m.group("sep") or m.group("sepw") or "").lower()
    hi_start = m.start("hicur") if m.group("hicur") else m.start("hi")
    ok, start = _sep_ok(text, g, sep, d.start)
    if not ok:
        return None
    if nxt is not None and nxt.start == hi_start and _compatible(d, nxt) and nxt.high is None:
        lo = (
            d.value  # "from 5 won to 5,000 won": a unit after the low end closes it
            if d.form == "suffix"
            else _share_scale(
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
        return replace(d, start=start, end=nxt.end, value=lo, high=nxt.value, rule="range"), True
    if nxt is not None and nxt.start < m.end():
        return None
    if (
        d.form != "prefix"
        or m.group("hicur") is not None
        and g.lex.surface(m.group("hicur")) != d.surface
    ):
        return None
    follower = _next_word(text, g, m.end())
    hi_scaled = _has_scale(m.group("hi"), g)
    if (
        sep not in g.lex.range_dash[:4]
        and not hi_scaled
        and follower.isalpha()
        and follower not in g.lex.per_words
        and follower not in g.lex.per_adverbs
    ):
        return None  # "$5 to 10 people"
    try:
        hi = parse_number(m.group("hi"), lang=g.lang) * d.surface.factor
    except NumberParseError:
        return None
    lo = _share_scale(
        d.value, text[d.num_start : d.num_end], d.scaled, hi, m.group("hi"), hi_scaled, g
    )
    if lo >= hi or (sep in g.lex.range_close and hi > lo * 10):
        return None
    return replace(d, start=start, end=m.end(), value=lo, high=hi, rule="range"), False


def _range_backward(text: str, g: Grammar, d: _Draft, floor: int) -> _Draft | None:
    """Extend ``d`` into a range with the bare number before it.

    For a movement ("went from 5,000 to 8,000 won") return that number as an elliptical
    mention instead.
    """
    if d.value < 0:
        return None
    lo_bound = max(floor, d.start - 64)
    if not text[max(lo_bound, d.start - 40) : d.start].rstrip().lower().endswith(g.range_seps):
        return None  # no range connector before the amount
    m = g.range_before.search(text, lo_bound, d.start)
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
    ok, start = _sep_ok(text, g, sep, m.start())
    try:
        lo = parse_number(m.group("lo"), lang=g.lang) * factor
    except NumberParseError:
        return None
    if not ok:
        if _movement(text, g, sep, m.start()) and not m.group("locur") and lo > 0:
            value = lo.to_integral_value() if lo == lo.to_integral_value() else lo
            return _elliptical_draft(d, m.start("lo"), m.end("lo"), value)
        return None
    lo_text = m.group("lo")
    lo = _share_scale(
        lo, lo_text, _has_scale(lo_text, g), d.value, text[d.num_start : d.num_end], d.scaled, g
    )
    if lo >= d.value or (sep in g.lex.range_close and d.value > lo * 10):
        return None
    d.high = d.value
    d.value = lo
    d.start = start
    d.rule = "range"
    return None


# --- elliptical amounts -------------------------------------------------------------------------


def _elliptical(text: str, g: Grammar, drafts: list[_Draft]) -> list[_Draft]:
    """Add the bare comparison figure of "rose to 6.20 dlrs from 5.80" in the same currency.

    The figure must follow the amount directly through a comparison word (from, versus, against,
    compared with), carry no unit or percentage of its own, and be within a factor of 10 of the
    amount; it then takes the amount's currency surface and scale-free value (rule "elliptical").
    """
    out: list[_Draft] = []
    for i, d in enumerate(drafts):
        out.append(d)
        if d.high is not None or d.value <= 0:
            continue
        window = text[d.end : d.end + ELLIPTICAL_REACH].lower()
        m = None
        if any(cue in window for cue in g.elliptical_cues):
            m = g.elliptical_after.match(text, d.end)
            if (
                m is None
                and "from" in window
                and g.moved_to_before.search(text, max(0, d.start - 48), d.start)
            ):
                m = g.elliptical_from.match(text, d.end)  # "rose to X in 1986 from Y"
        if m is None and " in " in window[:40]:
            # a price list by place: "16,500 won in Sinuiju and 16,800 in Hyesan"
            m = _LIST_ELLIPTICAL.match(text, d.end)
        if m is None:
            continue
        nxt = drafts[i + 1] if i + 1 < len(drafts) else None
        if nxt is not None and nxt.start < m.end():
            continue
        follower = _next_word(text, g, m.end())
        if (
            follower in g.lex.per_nouns
            or follower in _COUNT_WORDS
            or g.after_number_veto.match(text, m.end())
        ):
            continue  # "from 12 tons", "from 20 percent": another quantity
        if _YEAR_WON.fullmatch(m.group("num")):
            continue  # "from 2010": a year
        try:
            value = parse_number(m.group("num"), lang=g.lang) * d.surface.factor
        except NumberParseError:
            continue
        if value <= 0 or not (d.value / 10 <= value <= d.value * 10):
            continue
        if value == value.to_integral_value() and not _PLAIN_DIGITS.fullmatch(m.group("num")):
            value = value.to_integral_value()
        e = _elliptical_draft(d, m.start("num"), m.end("num"), value)
        out.append(e)
        # the rest of a price list: "14,000 won in Pyongyang, 13,500 in Sinuiju, and 14,200 in
        # Hyesan" (same unit and a factor-10 band around the first price)
        while (lm := _LIST_ELLIPTICAL.match(text, e.end)) is not None:
            if nxt is not None and nxt.start < lm.end():
                break
            try:
                more = parse_number(lm.group("num"), lang=g.lang) * d.surface.factor
            except NumberParseError:
                break
            if _YEAR_WON.fullmatch(lm.group("num")) or not d.value / 10 <= more <= d.value * 10:
                break
            e = _elliptical_draft(d, lm.start("num"), lm.end("num"), more)
            out.append(e)
    return out


def _has_vowel(word: str) -> bool:
    return any(c in "aeiouyAEIOUY" for c in word)


def _elliptical_draft(d: _Draft, start: int, end: int, value: Decimal) -> _Draft:
    """Build a bare figure that takes the currency surface of the amount ``d``."""
    return _Draft(
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
    )


# --- hedges, bounds, qualifiers, glosses ------------------------------------------------------


def _modifiers(text: str, g: Grammar, d: _Draft) -> None:
    m = g.before_modifier.search(text, max(0, d.start - 48), d.start)
    if m is not None:
        word = " ".join(m.group("mod").lower().split())
        before = _prev_words(text, m.start(), 1)
        if word == "over" and before and before[0] in g.lex.over_particle:
            word = ""  # "handed over 200 yuan": a particle, not a bound
        if not word:
            pass
        elif word in g.lex.bounds:
            d.bound = g.lex.bounds[word]  # type: ignore[assignment]
        else:
            d.approx = True
            d.hedge = m.group("mod")
    a = g.after_hedge.match(text, d.end)
    if a is not None:
        d.after_mod = a.end()
    if a is not None and a.group("h"):
        d.approx = True
        d.hedge = d.hedge or a.group("h")
    elif a is not None:
        d.bound = g.lex.bounds_after[" ".join(a.group("b").lower().split())]  # type: ignore[assignment]
    fused = d.extra.get("fused")
    if fused is not None and fused in g.lex.bounds_fused:
        d.bound = g.lex.bounds_fused[fused]  # type: ignore[assignment]
    elif fused:
        d.approx, d.hedge = True, d.hedge or fused


def _currency_phrase(text: str, g: Grammar, d: _Draft) -> None:
    m = g.currency_phrase_after.match(text, d.end)
    if (
        m is not None
        and m.group("phrase").lower() in g.lex.postposed_phrases
        and "," in text[d.end : m.start("phrase")]
    ):
        m = None  # "1.2 billion dlrs, Canadian officials said": a new clause, no qualifier
    if m is not None:
        phrase = m.group("phrase")
        d.phrase = phrase
        d.phrase_code = g.lex.currency_phrases.get(" ".join(phrase.lower().split())) or None
        d.tail = m.end()


def _glosses(text: str, g: Grammar, drafts: list[_Draft]) -> None:
    hedges = {h.lower() for h in g.lex.hedges}
    for i in range(1, len(drafts)):
        a, b = drafts[i - 1], drafts[i]
        if a.gloss_of is not None or b.gloss_of is not None:
            continue
        a_end = max(a.end, a.tail)
        a_tail = a.tail
        if 2 < b.start - a_end <= 48 and text[a_end : b.start].lstrip()[:1] not in "([,;":
            # "5,000 won per kilogram (about $0.60)", "1,000 yuan a month, or about $160":
            # the conversion comes after what the amount is priced per
            pm = g.per_after.match(text, a_end, b.start)
            if pm is not None and set(a.surface.candidates).isdisjoint(b.surface.candidates):
                a_end = pm.end()  # (a conversion is into another currency: "18.06 dlrs a
                # barrel (43 cts a gallon)" restates the price per another unit)
        gap = g.gloss_gap.fullmatch(text, a_end, b.start)
        close = g.gloss_close.match(text, b.end) if gap is not None else None
        if gap is None or close is None:
            gap = g.gloss_or.fullmatch(text, a_end, b.start)
            close = g.gloss_or_close.match(text, b.end) if gap is not None else None
            if (
                gap is None
                or close is None
                or set(a.surface.candidates) & set(b.surface.candidates)
            ):
                continue  # ", or 71 cts a share" after dollars is another measure, not a conversion
        if (
            a.surface.key == b.surface.key
            and not a.phrase_code
            and not b.phrase_code
            and not gap.group("eq")
        ):
            continue  # "5,000 won (5,500 won in Pyongyang)": a second price, not a conversion
        if gap.groupdict().get("gb"):
            b.bound = g.lex.bounds[" ".join(gap.group("gb").lower().split())]  # type: ignore[assignment]
        _gloss(g, a, b, i - 1, gap.group("eq"), close, hedges)
        # "1bn euros ($1.3bn; £690m)": further conversions in the same parenthesis
        prev = b
        for k in range(i + 1, len(drafts)):
            c = drafts[k]
            if c.end > close.end():
                break
            sep = g.gloss_sep.fullmatch(text, prev.end, c.start)
            if sep is None:
                break
            _gloss(g, a, c, i - 1, sep.group("eq"), close, hedges)
            prev = c
        if a_end > max(a.end, a_tail):
            a.tail = a_tail  # its per phrase comes first: _per must still read it


def _gloss(
    g: Grammar,
    a: _Draft,
    b: _Draft,
    source: int,
    eq: str | None,
    close: regex.Match[str],
    hedges: set[str],
) -> None:
    """Mark ``b`` as a conversion of ``a`` (drafts index ``source``)."""
    b.gloss_of = source
    if b.bound is None and a.bound is not None:
        b.bound = a.bound  # "more than 300 yuan (U.S. $47)": the conversion is bounded too
    if eq and eq.lower() in hedges:
        b.approx, b.hedge = True, eq
    elif a.approx:
        b.approx, b.hedge = True, b.hedge or a.hedge
    if close.group("phrase"):
        b.phrase = close.group("phrase")
        b.phrase_code = g.lex.currency_phrases.get(" ".join(b.phrase.lower().split())) or None
    b.tail = close.end()
    a.tail = close.end()


# --- per-unit and wages -------------------------------------------------------------------------


def _per(
    text: str, g: Grammar, d: _Draft, drafts: list[_Draft], ctx: ContextIndex, prev: _Draft | None
) -> None:
    """Find what ``d`` is priced per, and whether it is a wage.

    ``prev`` is the mention before ``d`` (lookbacks stop at its end).
    """
    prev_end = prev.end if prev is not None else 0
    if d.gloss_of is not None:
        src = drafts[d.gloss_of]
        d.per = src.per
        d.role = src.role
        own = g.per_after.match(text, d.end)
        if own is not None and own.group("noun") and src.per is not None:
            # "2,000 Ecus a hectare (920 dlrs an acre)": the conversion states its own unit
            d.per = g.lex.per_nouns[" ".join(own.group("noun").lower().split())]
        return
    pos = max(d.end, d.tail)
    if d.after_mod > pos:
        pos = d.after_mod  # "20 million won or more per person", "300 yuan or so a month"
    # cheap gates first: each probe below needs a space, "(" or "," right after the amount
    rate = _RATE_PER.match(text, pos) if text[pos : pos + 1] in _SPACES else None
    if rate is not None:  # "8,100 won to the dollar": an exchange rate, priced per dollar
        d.per = g.lex.per_nouns.get(
            rate.group("cur").lower().split()[-1], rate.group("cur").lower()
        )
        return
    aside = _ASIDE.match(text, pos) if "(" in text[pos : pos + 8] else None
    if aside is not None:
        pos = aside.end()  # "5,000 won (5,500 won in Pyongyang) per kilogram"
    else:
        opened = text.rfind("(", max(0, d.start - 60), d.start)
        if opened >= 0 and ")" not in text[opened : d.start]:
            inside = _INSIDE_CLOSE.match(text, pos)
            if inside is not None:
                pos = inside.end()  # "(5,500 won in Pyongyang) per kilogram" inside the aside
    m = g.per_after.match(text, pos)
    sent_lo, _ = ctx.sentence(d.start)
    if (
        m is not None
        and m.group("noun")
        and g.lex.per_nouns.get(m.group("noun").lower()) in _TIME_PER
        and text[pos : m.start("noun")].strip().lower() in g.lex.articles
        and _next_word(text, g, m.end()) in g.lex.per_not_before
    ):
        m = None  # "a year earlier" dates the amount, it does not price it
    if m is not None and text[m.end() : m.end() + 2] in ("'s", "’s"):
        m = None  # "a month's wages" is a quantity of wages, not a price per month
    if (
        m is not None
        and m.group("adv")
        and "," in text[pos : m.start("adv")]
        and _next_word(text, g, m.end()).isalpha()
    ):
        m = None  # "at £262,825, annual inflation ...": the adjective of a new phrase
    if (
        m is not None
        and m.group("noun")
        and "," in text[pos : m.start("noun")]
        and text[pos : m.start("noun")].split()[-1].lower() in g.lex.articles
        and g.lex.per_nouns.get(m.group("noun").lower()) not in _TIME_PER
    ):
        m = None  # "1,650 won, a bowl of naengmyeon costing ...": a new noun phrase
    if m is None:
        op = _PER_OPEN.match(text, pos) if text[pos : pos + 1] in _SPACES_COMMA else None
        if op is not None and op.group("w") not in _PER_STOP:
            d.per = _singular(op.group("w")) if op.group("w").endswith("s") else op.group("w")
    if m is not None:
        if m.group("noun"):
            d.per = g.lex.per_nouns[" ".join(m.group("noun").lower().split())]
        else:
            d.per = g.lex.per_adverbs[" ".join(m.group("adv").lower().split())]
    elif g.lex.per_before_suffix and (
        pb := g.per_before.search(text, max(0, d.start - 24), d.start)
    ):
        d.per = g.lex.per_nouns[pb.group("noun").lower()]  # "1kg당 5,000원"
    elif _next_word(text, g, pos) in {"each", "apiece"}:
        d.per = _distributed_noun(text, g, sent_lo, d.start) or "item"
    # a period adjective before a wage/price noun: "the average monthly wage ... is 3,000 won"
    lo = max(sent_lo, prev_end, d.start - 160)
    adj = None
    window = text[lo : d.start].lower()
    if any(a in window for a in g.lex.period_adjectives):
        for pm in g.period_before.finditer(text, lo, d.start):
            adj = pm
    if d.per is None and adj is not None:
        d.per = g.lex.period_adjectives[adj.group("adj").lower()]
    if d.per is None:
        # the unit named before this price beats a compared price's: "a box of 20 pine
        # mushrooms fetches ¥380" after "a kilogram of pollack sells for ¥65"
        meas = None
        if " of" in window or any(v in window for v in g.lex.measure_verbs):
            for mm in g.measure_before.finditer(text, lo, d.start):
                meas = mm
        if meas is None and sent_lo > prev_end:
            # an interview answer prices what the question asked about: "Q: How much does a
            # kilogram of rice cost now? A: About 4,900 won."
            q_lo, _ = ctx.sentence(max(0, sent_lo - 2))
            if text[q_lo:sent_lo].rstrip().endswith("?"):
                for mm in g.measure_before.finditer(text, max(q_lo, prev_end), sent_lo):
                    meas = mm
        if meas is not None:
            d.per = g.lex.per_nouns[" ".join(meas.group("noun").lower().split())]
    if d.per is None:
        x = prev
        if (
            x is not None
            and x.per
            and (
                x.end >= sent_lo  # the comparison is made within one sentence
                if x.surface.key != d.surface.key
                else True
            )
            and (
                x.surface.key == d.surface.key
                # "12 H.K. cents a share, up from 10 cents": the same unit, qualified once
                or (
                    x.surface.factor == d.surface.factor
                    and not set(x.surface.candidates).isdisjoint(d.surface.candidates)
                )
            )
            and x.value / 10 <= d.value <= x.value * 10
            and not _other_sum(_words(text, x.end, d.start), g, x.per)
            and (
                _COMPARED.search(text, x.end, d.start)
                # "2,000 won per kilo in Hyesan, 2,100 won in Sinuiju and 2,300 won in ..."
                or (
                    x.end >= sent_lo
                    and d.start - x.end <= 96
                    and _LIST_GAP.fullmatch(text, x.end, d.start) is not None
                    and _PLACE_AFTER.match(text, d.end) is not None
                )
            )
        ):
            d.per = x.per  # "6,000 won per kg ..., compared to 5,500 won"
    if d.per is None and g.lex.period_nouns:
        pn = None
        for pm in g.period_noun.finditer(text, lo, d.start):
            pn = pm
        if pn is not None:  # "월급 3,000원": a monthly wage
            d.per = g.lex.period_nouns[pn.group("pn")]
            d.role = "wage"
    if d.per is None:
        fl = None
        if "each" in window:
            for fm in _FLOATING_EACH.finditer(text, lo, d.start):
                fl = fm
        if fl is not None:  # "Families were each told to pay 360 yuan"
            noun = fl.group("noun").lower()
            d.per = g.lex.per_nouns.get(noun) or _singular(noun)
    if d.per is None:
        dist = None
        if any(w in window for w in g.lex.distributive):
            for dm in g.distributive_before.finditer(text, lo, d.start):
                dist = dm
        if dist is not None and dist.group("noun").lower() == "can":
            dist = None  # the modal: "firms that each can receive 7 billion won"
        if dist is not None:
            # a "per" right after another figure prices that figure ("38 cts per share, on
            # sales of 516.9 mln dlrs"); it carries only to a figure of that figure's size
            # ("355 dlrs per tonne cif, and ... for May at 358 dlrs"), and an exchange rate's
            # never does ("151.40 per dollar ... ¥52")
            owner: Decimal | None = None
            if prev is not None and not text[prev_end : dist.start()].strip():
                owner = prev.value
            elif (bare := _BARE_BEFORE.search(text, lo, dist.start())) is not None:
                owner = Decimal(bare.group("n").replace(",", ""))
            label = g.lex.per_nouns[dist.group("noun").lower()]
            if owner is not None and (
                label in g.lex.rate_units
                or not owner / 10 <= d.value <= owner * 10
                # "... per kilogram in Chongjin, while a laborer earns 9,000 won"
                or _other_sum(_words(text, dist.end(), d.start), g, label)
            ):
                dist = None
        if dist is not None:
            d.per = g.lex.per_nouns[dist.group("noun").lower()]
            head = g.lex.per_nouns.get(_next_word(text, g, dist.end()))
            if head is not None and head not in _TIME_PER:
                d.per = head  # "each defector household": the last noun is the head
        elif g.lang == "en" and ("each" in window or "every" in window):
            eo = None
            for em in _EACH_OPEN.finditer(text, max(lo, d.start - _EACH_REACH), d.start):
                eo = em
            if eo is not None and eo.group("w").lower() not in _EACH_STOP:
                w2 = (eo.group("w2") or "").lower()
                noun = g.lex.per_nouns.get(w2) or eo.group("w").lower()
                if eo.group("of") and noun.endswith("s") and noun not in g.lex.per_nouns:
                    noun = _singular(noun)
                if noun not in _EACH_STOP and noun not in g.lex.articles:
                    d.per = g.lex.per_nouns.get(noun) or noun
    if d.per in _TIME_PER and d.per != "quarter":  # no wage is quarterly; company income is
        after_words = _LOWER_WORD.findall(text[pos : pos + 32].lower())
        if m is not None:
            after_words = _LOWER_WORD.findall(text[m.end() : m.end() + 24].lower())[:2]
        if set(after_words[:2]) & g.lex.wage_nouns:
            d.role = "wage"  # "a $5-a-day wage"
        if adj is not None:
            # "the average monthly wage ... is": the noun the period qualifies decides
            if adj.group("noun").lower() in g.lex.wage_nouns:
                d.role = "wage"
            return
        words = set(_LOWER_WORD.findall(window)) - _VERB_PAY
        near = set(_LOWER_WORD.findall(text[max(lo, d.start - 48) : d.start].lower()))
        if words & g.lex.wage_nouns or (near & g.lex.wage_verbs and d.per != "year"):
            d.role = "wage"


def _other_sum(words: set[str], g: Grammar, unit: str | None) -> bool:
    """Tell whether the words between a priced figure and a later one name another kind of sum.

    A bribe, fine or fee is never priced per the earlier figure's unit. After a unit of goods,
    neither is a wage ("rice at 5,000 won a kilogram, while a laborer earns 9,000 won") nor an
    exchange rate, whose currency is named as a noun ("while the dollar traded at 8,100 won");
    a wage may still share a period ("£5.05 an hour, ... will be paid £4.25").
    """
    lex = g.lex
    if words & lex.other_sums:
        return True
    return unit in lex.carry_units and not (
        words.isdisjoint(lex.wage_nouns)
        and words.isdisjoint(lex.wage_verbs)
        and words.isdisjoint(lex.rate_words)
    )


def _words(text: str, lo: int, hi: int) -> set[str]:
    return set(_LOWER_WORD.findall(text[lo:hi].lower()))


def _pair_units(text: str, g: Grammar, drafts: list[_Draft]) -> None:
    """Share a unit between a level and the change written next to it."""
    for a, b in itertools.pairwise(drafts):
        if a.gloss_of is not None or b.gloss_of is not None:
            continue
        if set(a.surface.candidates).isdisjoint(b.surface.candidates):
            continue
        if a.per is None and b.per is not None:
            # a change priced by the level after it: "closing 3.45 cts lower at 1.1820 dlrs a
            # lb", "Cocoa ended 28 dlrs down at 1,942 dlrs a tonne"; the first of a pair after
            # a verb of change: "corn has jumped from 12 won to 140 won a kilogram", "rose by
            # 1,200 won to 7,400 won per kilogram"
            if (
                _CHANGE_AT.fullmatch(text, a.end, b.start) is not None
                or _TO_BETWEEN.fullmatch(text, a.end, b.start) is not None
            ):
                a.per = b.per
        elif (
            a.per is not None
            and b.per is None
            and _CHANGE_AT.fullmatch(text, a.end, b.start) is not None
        ):
            b.per = a.per  # "ended 2.05 cents higher at 108.40 cents" after "... cents a lb"
        elif (
            a.per is not None
            and b.per is None
            and b.value < a.value  # a change is smaller than the level it moves
            and _CHANGE_AFTER.fullmatch(text, a.end, b.start) is not None
            and not (gap := _words(text, a.end, b.start)) & _NEW_CLAUSE
            and not _other_sum(gap, g, a.per)
        ):
            # a change after the level it moves: "closed at 1,109.8 won per dollar, down
            # 14.7 won from the previous session" (not "..., while the yen was up 3.2 won")
            b.per = a.per


def _carry_units(text: str, g: Grammar, drafts: list[_Draft], ctx: ContextIndex) -> None:
    """Carry a unit of measure along a run of prices in one currency.

    Market reports name the unit once: "rice sold for 5,000 won a kilogram, and corn reached
    2,400 won"; "gasoline ... 22,000 won per kilogram in Pyongyang. Diesel rose to 14,500 won".
    The next figure with no unit of its own takes it, in the same sentence or the next one of
    the paragraph, when it is of the same order as the run's level (within 30x; a change in
    between, "495 dlrs a tonne, up 5 dlrs", is no level) and nothing between the two says it is
    another kind of sum (a wage, a fine, a bribe, shares, an exchange rate's currency).
    """
    lex = g.lex
    if not lex.carry_units:
        return
    # the run's latest price level and unit: a change in between ("495 dlrs a tonne, up 5
    # dlrs") is far smaller than the level and does not replace it
    level: Decimal | None = None
    level_per: str | None = None
    for x, d in itertools.pairwise(drafts):
        if x.per not in lex.carry_units:
            level = None
        elif level is None or x.per != level_per or x.value > level * _RUN:
            level, level_per = x.value, x.per
        else:
            level = max(level, x.value)
        if (
            d.per is not None
            or level is None
            or d.gloss_of is not None
            or d.role == "wage"
            or set(x.surface.candidates).isdisjoint(d.surface.candidates)
            or x.surface.factor != d.surface.factor
            or not (level / _RUN <= d.value <= level * _RUN)
        ):
            continue
        _, x_hi = ctx.sentence(x.start)
        if d.start >= x_hi and ctx.sentence(d.start)[0] > x_hi:
            continue  # two or more sentences on
        if ctx.paragraph(x.start) != ctx.paragraph(d.start):
            continue
        words = _words(text, x.end, d.start)
        if words & lex.carry_stops or _other_sum(words, g, x.per):
            continue
        after = _LOWER_WORD.findall(text[d.end : d.end + 24].lower())[:3]
        if after and after[0] in _BUYS and set(after[1:]) & lex.rate_words:
            continue  # "... while 8,200 won bought one dollar"
        d.per = x.per


def _distributed_noun(text: str, g: Grammar, lo: int, hi: int) -> str | None:
    """Find the noun "each" distributes over.

    It is the sentence's first per-noun or plural noun (its subject, as a rule: "The five
    officials took bribes of $1,000 each" -> official).
    """
    words = list(_ASCII_WORD.finditer(text[lo:hi]))
    found: list[str] = []
    for k, m in enumerate(words):
        word = m.group()
        label = g.lex.per_nouns.get(word.lower())
        low = word.lower()
        if low == "can":
            continue  # the modal: "each can receive 7 billion won"
        if label is not None and label not in _TIME_PER:
            found.append(label)
        elif (
            (word.islower() or (k == 0 and word.istitle()))
            and len(word) > 3
            and low.endswith("s")
            and low not in _NOT_PLURAL
        ):
            found.append(_singular(low))
    if not found:
        return None
    # "sold the phones for 2,000 yuan each": after "for"/"at" the price is per the object
    # (past a bound or hedge: "resold for up to $20,000 each", "sold at about 30 yuan each")
    tail = [w.group().lower() for w in words[-4:]]
    objects = ("for", "at")
    while tail and tail[-1] not in objects and tail[-1] in g.modifier_words:
        tail.pop()  # a hedge or bound before the amount
    if tail and tail[-1] in objects:
        return found[-1]
    return found[0]


def _singular(word: str) -> str:
    if word in _NOT_PLURAL or word.endswith(("ss", "us", "is")):
        return word  # "business", "bonus", "basis"
    if word.endswith("uses"):
        return word[:-2]  # "bonuses", "buses"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    return word[:-1]


# --- resolution and output ----------------------------------------------------------------------


def _finish(
    text: str,
    g: Grammar,
    drafts: list[_Draft],
    ctx: ContextIndex,
    defaults: Mapping[str, str],
    loc: Mapping[str, str],
    locale_name: str,
    doc_day: date | None = None,
) -> list[Mention]:
    doc_year = doc_day.year if doc_day is not None else None
    drafts = _drop_overlaps(drafts)
    out: list[Mention] = []
    codes: list[str | None] = []
    index = {id(d): i for i, d in enumerate(drafts)}
    first_gloss: dict[int, _Draft] = {}
    for d in drafts:
        if d.gloss_of is not None and d.gloss_of not in first_gloss:
            first_gloss[d.gloss_of] = d
    common = {
        "ctx": ctx,
        "defaults": defaults,
        "locale": loc,
        "locale_name": locale_name,
        "lex": g.lex,
        "doc_year": doc_year,
        "doc_day": doc_day,
    }
    # code -> (order, text) of the latest mention whose currency was written out
    named: dict[str, tuple[int, str]] = {}
    # for each draft, the next later one whose currency is written out: (code, text)
    later: list[tuple[str, str] | None] = [None] * len(drafts)
    nearest: tuple[str, str] | None = None
    for j in range(len(drafts) - 1, -1, -1):
        later[j] = nearest
        dj = drafts[j]
        if dj.surface.explicit:
            nearest = (dj.surface.candidates[0], text[dj.start : dj.end])
    for i, d in enumerate(drafts):
        src = drafts[d.gloss_of] if d.gloss_of is not None else None
        gloss_source = None
        rate_pair = None
        antecedent = None
        named_later = None
        nxt_named = later[i]
        cands = d.surface.candidates
        if (
            len(cands) > 1
            and (named or nxt_named is not None)
            and any(ch.isalpha() for ch in d.written)  # currency words; a sign's house style
            # differs ("HK$2.3 billion ... \$1.5 billion" in Reuters Hong Kong copy is USD)
        ):
            # a named locale default is the exception, not the story's currency: a Sydney
            # story's "460 U.S. dlrs an ounce" leaves its bare "dlrs" Australian
            usual = default_for(loc, d.surface, d.written)
            seen = [(named[c], c) for c in cands if c in named and c != usual]
            if seen:
                (_, said), code = max(seen)
                antecedent = (code, said)
            elif nxt_named is not None and nxt_named[0] in cands and nxt_named[0] != usual:
                named_later = nxt_named
        if src is not None:
            same = src.value == d.value and src.high == d.high
            src_code = codes[index[id(src)]]
            gloss_source = (src_code, text[src.start : src.end], same)
            if src_code is not None and not same:
                rate_pair = (src_code, src.value, text[src.start : src.end])
        elif i in first_gloss and doc_day is not None and len(d.surface.candidates) > 1:
            # an ambiguous amount with a conversion after it: what the conversion is in
            gl = first_gloss[i]
            if gl.value != d.value:
                gl_code = decide(
                    surface=gl.surface,
                    written=gl.written,
                    phrase_code=gl.phrase_code,
                    phrase=gl.phrase,
                    gloss_source=None,
                    position=gl.start,
                    **common,  # type: ignore[arg-type]
                ).currency
                if gl_code is not None:
                    rate_pair = (gl_code, gl.value, text[gl.start : gl.end])
        if (
            rate_pair is None
            and doc_day is not None
            and d.per is not None
            and d.per in g.lex.rate_units
            and len(d.surface.candidates) > 1
        ):
            # "8,000 won to the dollar": the amount is itself a rate per one unit
            rate_pair = (g.lex.rate_units[d.per], Decimal(1), f"one {d.per}")
        decision = decide(
            surface=d.surface,
            written=d.written,
            phrase_code=d.phrase_code,
            phrase=d.phrase,
            gloss_source=gloss_source,
            position=d.start,
            wage=(d.per, d.high or d.value) if d.role == "wage" and d.per else None,
            rate_pair=rate_pair,
            value=d.value,
            antecedent=antecedent,
            named_later=named_later,
            **common,  # type: ignore[arg-type]
        )
        codes.append(decision.currency)
        if decision.currency is not None and (
            d.surface.explicit or d.phrase_code or decision.rung == "rate"
        ):
            # written out, or placed by its conversion's exchange rate: later bare amounts
            # of the story follow it
            named[decision.currency] = (i, text[d.start : d.end])
        out.append(
            Mention(
                start=d.start,
                end=d.end,
                text=text[d.start : d.end],
                value=d.value,
                high=d.high,
                currency=decision.currency,
                candidates=d.surface.candidates,
                reason=decision.reason,
                approx=d.approx,
                hedge=d.hedge,
                bound=d.bound,
                per=d.per,
                gloss_of=index.get(id(src)) if src is not None else None,
                role=d.role,
                rule=d.rule,
                lang=g.lang,
                unit=d.written,
                trace=(f"candidate.{d.rule}",),
            )
        )
    return out


def _drop_overlaps(drafts: list[_Draft]) -> list[_Draft]:
    """Resolve overlaps: the longest span wins, then the earliest; glosses are re-pointed."""
    if all(drafts[i].end <= drafts[i + 1].start for i in range(len(drafts) - 1)):
        return drafts  # the usual case: already in order and disjoint
    order = sorted(
        range(len(drafts)), key=lambda i: (-(drafts[i].end - drafts[i].start), drafts[i].start)
    )
    taken_starts: list[int] = []  # sorted starts of kept spans, with their ends alongside
    taken_ends: list[int] = []
    kept: list[int] = []
    for i in order:
        d = drafts[i]
        j = bisect.bisect_left(taken_starts, d.start)
        if j > 0 and taken_ends[j - 1] > d.start:
            continue  # overlaps the kept span that starts before it
        if j < len(taken_starts) and taken_starts[j] < d.end:
            continue  # overlaps the kept span that starts inside it
        taken_starts.insert(j, d.start)
        taken_ends.insert(j, d.end)
        kept.append(i)
    kept.sort()
    if len(kept) == len(drafts):
        return drafts
    remap = {old: new for new, old in enumerate(kept)}
    out = []
    for old in kept:
        d = drafts[old]
        if d.gloss_of is not None:
            d.gloss_of = remap.get(d.gloss_of)
        out.append(d)
    return out


def gloss_pairs(mentions: list[Mention]) -> list[GlossPair]:
    """List the parenthetical conversions among ``mentions`` with the rate each implies.

    Args:
        mentions: The list returned by ``extract_amounts`` (indices refer to it).

    Returns:
        One GlossPair per mention that glosses another; ``implied_rate`` is gloss units per
        source unit ("300 yuan (U.S. $47)" -> 0.1566... USD per CNY).

    Example:
        >>> ms = extract_amounts("It cost 300 yuan (U.S. $47).")
        >>> [(p.source, p.gloss, round(p.implied_rate, 4)) for p in gloss_pairs(ms)]
        [(0, 1, Decimal('0.1567'))]

    """
    out = []
    for i, m in enumerate(mentions):
        if m.gloss_of is None:
            continue
        src = mentions[m.gloss_of]
        rate = m.value / src.value if src.value else None
        out.append(GlossPair(source=m.gloss_of, gloss=i, implied_rate=rate))
    return out
