"""The currency ladder: the ordered rungs that decide an ambiguous currency ("won", "$", "¥").

``decide`` walks the rungs in order; the first that answers gives the currency, its reason and
its rung id (recorded in ``Mention.trace``). A rung may also narrow the candidates for the rungs
below it (a conversion is into another currency; a wage below a currency's floor is not in it)
or note a tie in the sentence for the last rungs. The rungs and their order are listed in
``docs/rules.md`` and the README, generated from this registry.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import NamedTuple

import regex

from moneyx.lexicon import Lexicon, Surface, lexicon
from moneyx.matcher import alternation
from moneyx.patcache import cached_compile
from moneyx.resolve.bands import kr_wage_floor, rate_evidence, rate_guess
from moneyx.resolve.context import STRONG, ContextIndex
from moneyx.rules import RuleData, note_fired, registry, rule_data

__all__ = ["LADDER", "Decision", "Evidence", "decide", "default_for", "sized"]

RUNG = registry("rung")


class Decision(NamedTuple):
    """The outcome of resolving one mention: the code (or None), why, and the deciding rung."""

    currency: str | None
    reason: str
    rung: str = ""


class Evidence(NamedTuple):
    """Everything the ladder may weigh for one amount.

    Attributes:
        surface: The lexicon entry of the currency surface.
        written: The surface as written in the text.
        position: Offset of the amount (for the context scopes).
        ctx: The document's context index.
        lex: The lexicon.
        defaults: Caller defaults, surface -> code.
        locale: Locale conventions, surface -> code.
        locale_name: Name of the locale for the reason.
        phrase_code: Code stated by a phrase after the amount ("in North Korean currency").
        phrase: That phrase as written.
        gloss_source: (currency, text, same value) of the amount this one glosses.
        wage: (period, amount) when the amount is a wage.
        rate_pair: (code, value, text) of the other side of a conversion pair, or of the unit a
            quoted rate is priced per ("8,000 won to the dollar": USD, 1).
        quoted: Whether ``rate_pair`` is a quoted rate's unit, not a conversion.
        value: This amount's value.
        doc_day: The document's date.
        antecedent: (code, text) of the latest earlier amount whose currency was written out and
            is one of the candidates.
        named_later: (code, text) of the next amount whose currency is written out.
        same_rate: (code, text) of an earlier amount, its currency written out, that the
            story converted at the rate this amount's conversion implies.
        follows: (code, text, rung id, value) of the sentence's nearest earlier amount with the
            same candidates.
        local_sign: (code, text) of the amount that wrote out the one currency of this bare
            sign's candidates the story writes (``rung.local-sign``), or None.
        sign_setting: (code, cues) of the place a story without a written-out currency of
            this bare sign is set in (``rung.story-setting``; for the sign's cents too), or
            None.
        end: Offset just past the amount (-1 when not known: the position is used).
        sent_before: (code, text) of the story's latest earlier sum sent (a verb of sending
            next to it) whose currency evidence decided (``rung.sent-again``).
        sign_before: (code, text) of the story's first bare sign like this one when its own
            sentence's cues decided it (``rung.sign-again``), or None.
        equated: The currency of the amount this one is set equal to ("$1 = 28.45 Taiwan
            dollars": TWD for the "$1"), or None (``rung.pair-other``).
        converted_to: The currency written out in this amount's own conversion ("710億元(約新台幣
            2700億)": TWD), or None (``rung.converted-other``).
        sized_near: (code, text) of another sum of the same candidates in the paragraph that
            ``rung.magnitude`` decides, or None (``rung.sized-near``).
        per: What the amount is priced per ("ounce"), or None (``rung.world-price``).
        guessed: (code, text) of the story's first amount like this one whose conversion's
            rate guessed its currency (``rung.story-guess``), or None.

    """

    surface: Surface
    written: str
    position: int
    ctx: ContextIndex
    lex: Lexicon
    defaults: Mapping[str, str]
    locale: Mapping[str, str]
    locale_name: str
    phrase_code: str | None = None
    phrase: str | None = None
    gloss_source: tuple[str | None, str, bool] | None = None
    wage: tuple[str, Decimal] | None = None
    rate_pair: tuple[str, Decimal, str] | None = None
    quoted: bool = False
    value: Decimal | None = None
    doc_day: date | None = None
    antecedent: tuple[str, str] | None = None
    named_later: tuple[str, str] | None = None
    same_rate: tuple[str, str] | None = None
    follows: tuple[str, str, str, Decimal] | None = None
    local_sign: tuple[str, str] | None = None
    sign_setting: tuple[str, str] | None = None
    end: int = -1
    sent_before: tuple[str, str] | None = None
    equated: str | None = None
    sign_before: tuple[str, str] | None = None
    converted_to: str | None = None
    sized_near: tuple[str, str] | None = None
    per: str | None = None
    guessed: tuple[str, str] | None = None

    @property
    def doc_year(self) -> int | None:
        """The document's year."""
        return self.doc_day.year if self.doc_day is not None else None


class _State:
    """What the rungs of one ``decide`` call pass down: the candidates left and a sentence tie."""

    __slots__ = ("cands", "scopes", "tie")  # not-lexicon: attribute names

    def __init__(self, cands: tuple[str, ...]) -> None:
        self.cands = cands
        self.tie: tuple[str, str] | None = None
        self.scopes: list[tuple[str, tuple[int, int]]] | None = None


Verdict = tuple[str | None, str]
"""What a rung answers: the currency (or None) and the reason."""


def default_for(table: Mapping[str, str], surface: Surface, written: str) -> str | None:
    """Return the code ``table`` (caller defaults or a locale's conventions) gives a surface."""
    keys = (written, written.lower(), surface.key, surface.key.lower(), surface.text)
    for k in keys:
        if k in table:
            return table[k]
    low = written.lower()
    if low.endswith("s") and low[:-1] in table:
        return table[low[:-1]]
    return None


@RUNG.rule("explicit")
def explicit(ev: Evidence, st: _State) -> Verdict | None:
    """Decide a surface that names one currency: a code, a qualified name, a sign.

    Example:
        "U.S. $47", "North Korean won", "RMB 300", "KPW 7,300" -> their code.

    """
    if ev.surface.explicit:
        return (st.cands[0], f"explicit {ev.surface.kind} {ev.written!r}")
    return None


@RUNG.rule("qualifier-phrase", traded="phrases", markets="phrases")
def qualifier_phrase(ev: Evidence, st: _State) -> Verdict | None:
    """Decide the currency a phrase after the amount states.

    A phrase written before the amount in Korean names the money outright, whatever the unit
    word after the number: North Koreans count yuan in 원 ("중국 돈으로 1,500원" is 1,500 yuan).
    A currency's name as a traded thing (``traded``: "위안화", "달러화") names only a unit word
    of its own ("위안화 1위안") in a sentence of the currency market (``markets``: 환율, 시세,
    급등); before another unit there it is the rate's base ("1달러 14,040원, 위안화 1,950원으로
    급등": the yuan is worth 1,950 won). Elsewhere it names the money ("뇌물로 위안화 500원").

    A phrase that named money its unit word cannot be names the next like sum of its sentence
    too, when that has no phrase of its own and is of a like size (within 3x): "중국돈 70원 정도
    주면 됐는데 이제는 150원을 줘도" (yuan counted in 원).

    Example:
        "five million won in North Korean currency" -> KPW.

    """
    f = ev.follows
    if not ev.phrase_code and f is not None and f[0] not in st.cands and _phrase_named(ev, f):
        return (f[0], f"the phrase before {f[1]!r} ({f[0]}) names this like sum too")
    if not ev.phrase_code:
        return None
    phrase = " ".join((ev.phrase or "").lower().split())
    before = ev.phrase is not None and ev.lex.currency_phrases_before.get(phrase)
    data = rule_data(ev.lex.lang)["rung.qualifier-phrase"]
    traded = phrase in data["traded"] and _in_market(ev, data["markets"])
    if ev.phrase_code in st.cands or (before == ev.phrase_code and not traded):
        return (ev.phrase_code, f"qualifier {ev.phrase!r}")
    return None


def _in_market(ev: Evidence, markets: tuple[str, ...]) -> bool:
    """Tell whether the amount's sentence speaks of the currency market (a word of ``markets``)."""
    lo, hi = ev.ctx.sentence(ev.position)
    sentence = ev.ctx.text[lo:hi]
    return any(w in sentence for w in markets)


@RUNG.rule("same-rate")
def same_rate(ev: Evidence, st: _State) -> Verdict | None:
    """Decide the currency of an earlier amount the story converted at the same rate.

    A writer converts one currency at one rate: when "2,000 North Korean won ($1.76)" came
    before, a later "7,000 won ($6.15)" is in North Korean won too, whatever rate a reader
    would have used (the pair's rates agree within 2%).

    Example:
        "2,000 North Korean won ($1.76) ... about 7,000 won ($6.15)" -> KPW.

    """
    if ev.same_rate is not None and ev.same_rate[0] in st.cands:
        code, said = ev.same_rate
        return (code, f"converted at the rate the story used for {said!r} ({code})")
    return None


@RUNG.rule("rate-band", changes="words", levels="words", equals="words")
def rate_band(ev: Evidence, st: _State) -> Verdict | None:
    """Decide the candidate whose rate band fits the rate a conversion pair or quote implies.

    On the document's date, each candidate's yearly bands of rates per dollar (market and
    official for KPW; that year's and the year before's) are set against the pair; one must
    fit within 1.5x and the others be off
    by a further 2x. With no date every year's bands are (old and new won alike): the pair
    decides where the candidates' whole histories part ("40 won (27 cents)": 148 won to the
    dollar was never a South Korean rate). A quote is a rate only when it is a level, not a
    change of one: "fell 2.4 won against the dollar" is no rate of 2.4 won to the dollar (a word
    of ``changes`` before it, before any of ``levels``, makes it a change). Two amounts joined
    by one of ``equals`` are a pair too: "$1 = 1,130 won", "947.6 won per ¥100".

    Example:
        "1 million won ($900)" in 2019 -> KRW; "8,000 won to the dollar" in 2015 -> KPW;
        "1,200 won (about 15 US cents)" with no date -> KPW.

    """
    if ev.rate_pair is None or ev.value is None or len(st.cands) < 2:
        return None
    return rate_evidence(ev.rate_pair, ev.value, st.cands, ev.doc_day)


@RUNG.rule("gloss-restates")
def gloss_restates(ev: Evidence, st: _State) -> Verdict | None:
    """Decide a gloss with the same value as the amount it restates.

    Example:
        "20 Million Dollars ($20,000,000)" -> the "$" is the dollars' currency.

    """
    gs = ev.gloss_source
    if gs is not None and gs[2] and gs[0] in st.cands:
        return (gs[0], f"restates {gs[1]!r} ({gs[0]}) with the same value")
    return None


@RUNG.rule("gloss-other")
def gloss_other(ev: Evidence, st: _State) -> Verdict | None:
    """Decide a conversion as the other of two candidates: it is into another currency.

    With more candidates the source's currency is only ruled out for the rungs below.

    Example:
        "5,000 KPW (about 3,000 won)" -> the won is KRW.

    """
    gs = ev.gloss_source
    if gs is None or gs[2] or gs[0] not in st.cands:
        return None
    src_code, src_text, _ = gs
    if len(st.cands) == 2:
        other = st.cands[1] if st.cands[0] == src_code else st.cands[0]
        return (
            other,
            f"gloss of {src_text!r} ({src_code}): a conversion into the same "
            f"{ev.written!r} would be pointless, so it is the other one",
        )
    # "1.2bn Australian dollars (£458m; $874m)"
    st.cands = tuple(c for c in st.cands if c != src_code)
    return None


@RUNG.rule("pair-other", switch="joins", joins="words")
def pair_other(ev: Evidence, st: _State) -> Verdict | None:
    """Rule out the currency of the amount this one is set equal to: no currency equals itself.

    Only across a sign of ``joins`` ("="): "1,038.69 dlrs per 1,000 dlr face amount" prices a
    sum per a sum of its own currency.

    Example:
        "($1 = 28.45 Taiwan dollars)" in a Taiwan story -> the "$" is not TWD (so USD).

    """
    if ev.equated is not None and ev.equated in st.cands and len(st.cands) > 1:
        st.cands = tuple(c for c in st.cands if c != ev.equated)
        note_fired("rung.pair-other")
    return None


@RUNG.rule("converted-other")
def converted_other(ev: Evidence, st: _State) -> Verdict | None:
    """Rule out the currency the amount's own conversion is written in.

    A sum is converted into another money ("5,000 won is now 50 new won", a currency reform,
    restates the same money and rules nothing out).

    Example:
        "港府……涉及約710億元(約新台幣2700億)" -> the 元 is not TWD, so the sentence's 港府 decides
        HKD.

    """
    if ev.converted_to is not None and ev.converted_to in st.cands and len(st.cands) > 1:
        st.cands = tuple(c for c in st.cands if c != ev.converted_to)
        note_fired("rung.converted-other")
    return None


@RUNG.rule("declared", switch="verbs", verbs="phrases", subjects="phrases", skips="phrases")
def declared(ev: Evidence, st: _State) -> Verdict | None:
    """Decide the money the passage says it writes its sums in.

    "(아파트는 ... 중국 돈으로, 평양에서는 미국 달러로 거래된다. 여기에서는 한국 원으로 환산해
    표기한다)": a currency's name (or a phrase naming one) with its particle, then a word of
    ``verbs`` (written, converted and written), declares the unit word's money for every sum
    of the passage that no phrase of its own qualifies, when words that name the passage itself
    (``subjects``: "여기에서는", "이 글의 금액은") stand before it: a bank's or a shop's practice
    ("은행들은 잔액을 북한 원으로 표기한다") declares nothing. Words of ``skips`` between the name
    and its particle are passed ("한국 원화 기준으로").

    Example:
        "여기에서는 한국 원으로 환산해 표기한다. ... 8,100~9,700만 원" -> KRW.

    """
    if ev.phrase_code or not rule_data(ev.lex.lang)["rung.declared"]["verbs"]:
        return None
    facts, key = ev.ctx.facts, f"rung.declared {ev.lex.lang}"  # read once per document
    if key not in facts:
        facts[key] = _declared_code(ev.ctx.text, ev.lex.lang)
    code = facts[key]
    if code is not None and code in st.cands and len(st.cands) > 1:
        return (code, f"the passage says its sums are written in {code}")
    return None


_DECLARE_BEFORE = 20  # how far before the declaring word the money's name may start
_DECLARE_SUBJECT = 40  # how far before it the words naming the passage itself may stand


def _declared_code(text: str, lang: str) -> str | None:
    """Return the one currency ``text`` declares its sums in (``rung.declared``), else None."""
    lex, data = lexicon(lang), rule_data(lang)["rung.declared"]
    codes: set[str] = set()
    for verb in data["verbs"]:
        at = text.find(verb)
        while at >= 0:
            window = text[max(0, at - _DECLARE_BEFORE) : at].rstrip()
            for skip in data["skips"]:  # "한국 원화 기준으로"
                window = window.replace(skip, "").rstrip()
            code = _named_before(window, lex)
            # the passage speaks of itself: "여기에서는", "이 글의 금액은" (not "은행들은 ...")
            own = text[max(0, at - _DECLARE_SUBJECT) : at]
            if code is not None and any(w in own for w in data["subjects"]):
                codes.add(code)
            at = text.find(verb, at + len(verb))
    return next(iter(codes)) if len(codes) == 1 else None


def _named_before(window: str, lex: Lexicon) -> str | None:
    """Return the code of the one currency a name or phrase ending ``window`` names."""
    for particle in ("", *lex.particles):
        if particle and not window.endswith(particle):
            continue
        head = window[: len(window) - len(particle)].rstrip() if particle else window
        code = lex.currency_phrases_before.get(window) if not particle else None
        for n in range(min(len(head), 8), 0, -1):
            if code is not None:
                break
            hit = lex.surface(head[-n:])
            if hit is not None and hit.kind == "name" and len(hit.candidates) == 1:
                code = hit.candidates[0]
        if code is not None:
            return code
    return None


@RUNG.rule("wage-floor", ceilings="map")
def wage_floor(ev: Evidence, st: _State) -> Verdict | None:
    """Rule out the currencies whose wage floor a wage is under, or whose ceiling it is over.

    The floors are the lexicon's ``[wage_floor]``; the ceilings this rule's ``ceilings`` ("CODE
    period"): "starting salaries average 52 million won a year" is over any North Korean wage
    reported, so KRW.

    Example:
        "workers earn 3,000 won a month" -> not KRW (under any South Korean wage), so KPW.

    """
    if ev.wage is None:
        return None
    per, amount = ev.wage
    floors, ceilings = ev.lex.wage_floor, _ceilings(ev.lex.lang)
    cands = st.cands
    too_low = [c for c in cands if per in floors.get(c, {}) and amount < floors[c][per]]
    too_high = [c for c in cands if (c, per) in ceilings and amount > ceilings[c, per]]
    out = too_low + too_high
    if out and len(cands) - len(out) == 1:
        (only,) = [c for c in cands if c not in out]
        side = "below" if too_low else "above"
        return (only, f"a wage of {amount} {ev.written} a {per} is {side} any {'/'.join(out)} wage")
    st.cands = tuple(c for c in cands if c not in out) or cands
    return None


@functools.cache
def _ceilings(lang: str) -> Mapping[tuple[str, str], Decimal]:
    """Return ``rung.wage-floor``'s ceilings: (code, period) -> the most a wage in it reaches."""
    table = rule_data(lang)["rung.wage-floor"]["ceilings"]
    out: dict[tuple[str, str], Decimal] = {}
    for key, v in table.items():
        code, _, per = key.partition(" ")
        out[code.upper(), per] = Decimal(v)
    return out


@RUNG.rule("magnitude", floors="map", budgets="phrases", not_budgets="phrases",
           budget_ceilings="map")  # fmt: skip
def magnitude(ev: Evidence, st: _State) -> Verdict | None:
    """Decide the currency whose floor (``floors``) a sum of this size reaches.

    Sums in the hundreds of billions or trillions of won are South Korean figures: budgets,
    company results, the Bank of Korea's estimates of the North's economy. A state's budget is
    in its own currency whatever its size: a sum that a budget word (``budgets``, not inside one
    of ``not_budgets``: "low-budget", "예산군") names close before or after it, no larger than
    the most the other candidate's budgets reached (``budget_ceilings``), in a sentence with no
    cue of its own for the sized currency, whose sentence (or one of the sentences before it in
    the paragraph that speak of a budget too) names the other candidate strongly, is in that
    candidate ("Pyongyang set the 2009 budget at 482.6 billion won").

    Example:
        "more than four trillion won will be allocated" -> KRW.

    """
    if ev.value is None:
        return None
    code = sized(ev.lex.lang, st.cands, ev.value)
    if code is None:
        return None
    other = _budget_elsewhere(ev, st, code)
    if other is not None:
        return other
    return (code, f"a sum of {ev.written} this size ({abs(ev.value):,}) is a {code} figure")


_BUDGET_BEFORE = 60  # how far before a sum its budget word may stand (characters)
_BUDGET_AFTER = 20  # ... and after it


def _budget_elsewhere(ev: Evidence, st: _State, code: str) -> Verdict | None:
    """Decide a budget's currency by its sentence's strong cues when they name another one."""
    d = rule_data(ev.lex.lang)["rung.magnitude"]
    lo, hi = ev.ctx.sentence(ev.position)
    end = ev.end if ev.end >= 0 else ev.position
    if ev.value is None or not _names_budget(ev, max(lo, ev.position - _BUDGET_BEFORE),
                                              min(hi, end + _BUDGET_AFTER), d):  # fmt: skip
        return None
    _, own = ev.ctx.score(lo, hi, (code,))
    if set(own) - set(d["budgets"]):  # (a budget word is a weak cue of its own)
        return None  # "the South's budget", "Seoul's defense budget"
    ceilings = {c.upper(): Decimal(v) for c, v in d["budget_ceilings"].items()}
    scopes, para = [(lo, hi)], ev.ctx.paragraph(lo)[0]
    while scopes[-1][0] > para:  # the sentences before that speak of a budget too
        before = ev.ctx.sentence(scopes[-1][0] - 1)
        if before[0] >= scopes[-1][0] or not _names_budget(ev, before[0], before[1], d):
            break
        scopes.append(before)
    for a, b in scopes:
        strong, cues = ev.ctx.score(a, b, st.cands, least=STRONG)
        other = max(strong, key=lambda c: strong[c])
        if other != code and strong[other] and abs(ev.value) <= ceilings.get(other, 0):
            shown = ", ".join(repr(c) for c in cues[:4])
            return (other, f"a budget where {shown} name {other}, not a {code}-sized sum")
    return None


def _names_budget(ev: Evidence, lo: int, hi: int, d: RuleData) -> bool:
    """Tell whether a budget word stands in [lo, hi), not inside a phrase of ``not_budgets``."""
    low = ev.ctx.text[lo:hi].lower()
    spaced = ev.lex.word_boundaries
    for w in d["budgets"]:
        for at in _occurrences(low, w):
            if spaced and (at > 0 and (low[at - 1].isalnum() or low[at - 1] == "-")):
                continue  # "low-budget", "rebudget": not the word
            if not any(_covers(low, n, at, len(w)) for n in d["not_budgets"]):
                return True
    return False


def _occurrences(text: str, word: str) -> list[int]:
    """Return every offset of ``word`` in ``text``."""
    out, at = [], text.find(word)
    while at >= 0:
        out.append(at)
        at = text.find(word, at + 1)
    return out


def _covers(text: str, phrase: str, at: int, size: int) -> bool:
    """Tell whether an occurrence of ``phrase`` in ``text`` covers [at, at + size)."""
    return any(p <= at and at + size <= p + len(phrase) for p in _occurrences(text, phrase))


def sized(lang: str, cands: tuple[str, ...], value: Decimal) -> str | None:
    """Return the one candidate whose ``[rung.magnitude]`` floor ``value`` reaches, if one."""
    floors = _floors(lang)
    if not floors:
        return None
    size = abs(value)
    over = [c for c in cands if c in floors and size >= floors[c]]
    return over[0] if len(over) == 1 else None


@functools.cache
def _floors(lang: str) -> Mapping[str, Decimal]:
    """Return the floors of ``[rung.magnitude]``: code -> the least sum only it reaches."""
    table = rule_data(lang)["rung.magnitude"]["floors"]
    return {code.upper(): Decimal(v) for code, v in table.items()}


@RUNG.rule("rate-guess")
def rate_guess_rung(ev: Evidence, st: _State) -> Verdict | None:
    """Guess, with no date, the candidate whose rates fit the pair's in most years.

    An undated pair's rate may fit two candidates in some year ("20,540 won ($18)": 1,141
    won to the dollar was the North Korean market rate for a few months of 2004 and 2010, and
    the South Korean rate in most years since 1980); the candidate that fits in at least half
    of its years, and 4 times as often as any other, is a guess, and the reason says so. A
    quoted rate ("환율이 위안 당 200원에서"), or a pair against one unit of the other currency
    ("중국 돈 1위안에 210원하던 환율": a rate too), whose story's strong cues name another
    candidate is left to those cues.

    Example:
        "a payment of 100,000 won ($73)" with no date -> KRW (a guess).

    """
    if ev.doc_day is not None or ev.rate_pair is None or ev.value is None:
        return None
    guess = rate_guess(ev.rate_pair, ev.value, st.cands)
    if guess is not None and (ev.quoted or ev.rate_pair[1] == 1):
        scores, _ = ev.ctx.score(0, len(ev.ctx.text), st.cands, True)
        if any(sc >= STRONG and sc > scores[guess[0]] for c, sc in scores.items() if c != guess[0]):
            return None  # a quoted rate's level fits many years: the story's own cues decide
    return guess


def _scopes(ev: Evidence, st: _State) -> list[tuple[str, tuple[int, int]]]:
    """Return the context scopes the cue rungs may read (decided once per call)."""
    if st.scopes is None:
        ctx = ev.ctx
        scopes: list[tuple[str, tuple[int, int]]] = []
        has_locale_default = default_for(ev.locale, ev.surface, ev.written) is not None
        if has_locale_default and ev.gloss_source is not None:
            pass  # a conversion is into the reader's currency: "7 billion won ($6.4 million)"
            # in a sentence about Taiwan is still US dollars
        elif has_locale_default:
            # only the sentence can overrule a locale convention, unless the language lets the
            # paragraph and the document do it too ([defaults] cues_overrule)
            scopes.append(("sentence", ctx.sentence(ev.position)))
            if ev.lex.cues_overrule == "document" and set(st.cands) & ctx.codes_with_cues():
                scopes.append(("paragraph", ctx.paragraph(ev.position)))
                scopes.append(("document", (0, len(ctx.text))))
        elif set(st.cands) & ctx.codes_with_cues():  # no cue for any candidate: none decides
            scopes.append(("sentence", ctx.sentence(ev.position)))
            scopes.append(("paragraph", ctx.paragraph(ev.position)))
            scopes.append(("document", (0, len(ctx.text))))
        st.scopes = scopes
    return st.scopes


def _cues(ev: Evidence, st: _State, scope: str) -> Verdict | None:
    for name, (lo, hi) in _scopes(ev, st):
        if name != scope:
            continue
        scores, cues = ev.ctx.score(lo, hi, st.cands, scope == "document")
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        if ranked and ranked[0][1] > 0 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            best = ranked[0][0]
            if (
                scope in ("sentence", "paragraph")
                and ranked[0][1] < STRONG
                and _outweighed(ev, st, best, ranked[0][1])
            ):
                return None
            detail = ", ".join(f"{c} {s}" for c, s in ranked if s or c == best)
            shown = ", ".join(repr(c) for c in cues[:4])
            return (best, f"{scope} context cues {shown} ({detail})")
        # a tie of weak cues ("median wage" against "median income") leaves the paragraph to
        # decide; a tie of strong ones is the sentence's own (``rung.sentence-tie``)
        if st.tie is None and scope == "sentence" and ranked and ranked[0][1] >= STRONG:
            tied = {c for c, sc in ranked if sc == ranked[0][1]}
            st.tie = ev.ctx.first_cue(lo, hi, tied)
    return None


def _outweighed(ev: Evidence, st: _State, best: str, own: int) -> bool:
    """Tell whether the paragraph's strong cues name another candidate than the sentence's.

    "통계청에 따르면 물가가 올랐다. 쌀값은 20kg당 5만원이다": rice prices are a weak cue for the
    North's won, the statistics office a strong one for the South's. Only when the rest of the
    paragraph says nothing for the sentence's candidate (``own`` is the sentence's score), and
    not when that candidate is the locale's convention for the amount, which the weak cues
    confirm ("朝鲜工人在中国工厂月薪约2000元" beside a sentence naming 朝鲜元). So does an earlier
    amount whose currency the story named or placed ("South Korea's minimum wage ... 5,580 won
    ($5.40) ... The hourly wage translates to 44,640 won a day": "wage" alone is no cue
    against it).
    """
    if default_for(ev.locale, ev.surface, ev.written) == best:
        return False
    lo, hi = ev.ctx.paragraph(ev.position)
    scores, _ = ev.ctx.score(lo, hi, st.cands)
    if scores[best] != own:
        return False
    other = max(scores, key=lambda c: scores[c])
    if other != best and scores[other] >= STRONG:
        return True
    named = ev.antecedent
    if named is None or named[0] == best or named[0] not in st.cands:
        return False
    # (not where the whole story's cues side with the sentence: a North Korea story that named
    # Seoul's pledge in South Korean won earlier)
    whole, _ = ev.ctx.score(0, len(ev.ctx.text), st.cands, True)
    return whole[named[0]] > whole[best]


_SENT_BEFORE = 48  # how far before the amount its verb of sending (or its "에서") may stand
_SENT_AFTER = 64  # how far after the amount its "from" (or its verb) may stand


@RUNG.rule("world-price", units="map", hubs="words", marked="phrases")
def world_price(ev: Evidence, st: _State) -> Verdict | None:
    """Decide a price per a world market's unit in the currency the trading hubs quote it in.

    Gold by the ounce and crude by the barrel trade in US dollars in the hubs of ``hubs``
    (Singapore, Hong Kong): "gold fell 0.09% to $1,334.50 an ounce in Singapore" is no
    Singapore dollar price. An ambiguous sign or name priced per one of ``units`` (a per label
    mapped to the market's currency) takes that currency where the paragraph's cues point at a
    hub's own dollar; a home market's posted price stays in its money ("Shell Canada raised its
    posted price to 21.95 dlrs a barrel", "30 Australian dlrs a barrel"), and so does a bare
    sign in a story that writes the world's dollar out ("Spot gold hit US$2,450 an ounce ...
    at the bank's branches gold was $3,360 an ounce": a sign of ``marked`` in the story).

    Example:
        "gold traded at $1,334.50 an ounce in Singapore" -> USD.

    """
    rd = rule_data(ev.lex.lang)["rung.world-price"]
    code = ev.per and rd["units"].get(ev.per)
    if not code or code not in st.cands or len(st.cands) < 2 or ev.local_sign is not None:
        return None  # (a story that writes "US$" out keeps its bare "$" local: rung.local-sign)
    if any(sign in ev.ctx.text for sign in rd["marked"]):
        return None  # ("Spot gold hit US$2,450 ... gold was priced at $3,360": the local dollar)
    scores, _ = ev.ctx.score(*ev.ctx.paragraph(ev.position), st.cands)
    rivals = sorted((v, c) for c, v in scores.items() if c != code and v > 0)
    if not rivals or rivals[-1][1] not in {h.upper() for h in rd["hubs"]}:
        return None  # (no place named, or a home market: the cues decide)
    return (code, f"a price per {ev.per} is quoted in {code} on the world market")


@RUNG.rule("sent-from", switch="verbs", verbs="words", opens="phrases", places="map", before="flag")
def sent_from(ev: Evidence, st: _State) -> Verdict | None:
    """Decide by the place a sum is sent from: the sender's money.

    Remittance stories quote North Korean sources on money sent from the South ("If you send
    1 million won from South Korea, the family ends up with $350"): the sentence's cues are the
    North's, but the sum is counted where it is sent. A verb of sending (``verbs``) before the
    amount and "from" with a place of ``places`` after it, in its clause; languages that write
    the place and the verb around the amount (``before``: "한국에서 100만원을 보내면") take the
    place with its "from" (``opens``: "에서") before it and the verb after it. The place's
    currency must be a candidate.

    Example:
        "If you send 1 million won from South Korea" -> KRW.

    """
    if len(st.cands) < 2:
        return None
    text, pos = ev.ctx.text, ev.position
    lo, hi = ev.ctx.sentence(pos)
    pt = _sent_patterns(ev.lex.lang)
    if pt is None:
        return None
    verb, place, places = pt
    lo, hi = max(lo, pos - _SENT_BEFORE), min(hi, pos + _SENT_AFTER)
    if rule_data(ev.lex.lang)["rung.sent-from"]["before"]:
        m = place.search(text, lo, pos)
        found = m is not None and verb.search(text, pos, hi) is not None
    else:
        m = place.search(text, pos, hi)
        found = m is not None and verb.search(text, lo, pos) is not None
    if not found or m is None:
        return None
    code = places[" ".join(m.group("place").lower().split())]
    if code not in st.cands:
        return None
    return (code, f"sent from {m.group('place')!r}")


@RUNG.rule("sent-by", switch="verbs", verbs="words", senders="map", before="flag",
           datives="words", left="phrases", left_at="words")  # fmt: skip
def sent_by(ev: Evidence, st: _State) -> Verdict | None:
    """Decide by who sends the sum: a sender who lives in another country sends its money.

    Remittance stories name the sender rather than the place the money leaves from: "A
    defector living in Seoul said she sent 2 million won to her mother in Hyesan". A verb of
    sending (``verbs``) next to the amount in its clause (before it, or after it where
    ``before`` is set: "한국에 간 딸이 100만원을 보내도"), and a sender of ``senders`` earlier
    in the sentence (or, when it names none, in the paragraph's sentence before) with no cue
    of another candidate currency between the sender and the amount ("a defector said her
    mother in Hyesan sent ..." is the mother's money), past a recipient marked by one of
    ``datives`` ("북한 가족에게 100만원을 보내면") or named as the family left behind there
    (``left`` after a place and a particle of ``left_at``: "북한에 남은 어머니의 약값을 위해").
    The sender's currency must be a candidate.

    Example:
        "A defector in Seoul said she sent 3 million won home" -> KRW.

    """
    if len(st.cands) < 2:
        return None
    pt = _sender_patterns(ev.lex.lang)
    if pt is None:
        return None
    _, sender, senders, _ = pt
    text, pos = ev.ctx.text, ev.position
    lo, hi = ev.ctx.sentence(pos)
    v = sending_verb(text, ev.lex.lang, lo, hi, pos, ev.end)
    if v is None:
        return None
    found = list(sender.finditer(text, lo, min(pos, v.start())))
    if not found and lo > 0 and ev.ctx.paragraph(lo - 1) == ev.ctx.paragraph(pos):
        # the story's sender named in the sentence before ("탈북민이 북한 가족에게 보내는 송금의
        # 수수료가 올랐다. ... 100만원을 보내면"), when none is named in the amount's own
        found = list(sender.finditer(text, ev.ctx.sentence(lo - 1)[0], lo))
    if not found:
        return None
    who = found[-1]  # the sender nearest the verb
    code = senders[" ".join(who.group().lower().split())]
    if code not in st.cands:
        return None
    hi = pos
    for dm in _recipients(ev.lex.lang).finditer(text, who.end(), pos):
        hi = dm.start()  # "북한 가족에게": the recipient's cues are not the sender's
    between, _ = ev.ctx.score(who.end(), hi, st.cands)
    if any(w > 0 for c, w in between.items() if c != code):
        return None
    return (code, f"sent by {who.group()!r}")


def sending_verb(
    text: str, lang: str, lo: int, hi: int, pos: int, end: int
) -> regex.Match[str] | None:
    """Return the verb of sending next to the amount at ``pos`` in its sentence [lo, hi).

    Before it in its clause ("she sent 3 million won"), or after it where the language writes
    it so (``[rung.sent-by] before``: "100만원을 보내면").
    """
    pt = _sender_patterns(lang)
    if pt is None:
        return None
    verb, _, _, before = pt
    if before:
        end = max(end, pos)
        return verb.match(text, end, min(hi, end + _SENT_AFTER))
    return verb.search(text, max(lo, pos - _SENT_BEFORE), pos)


@functools.cache
def _recipients(lang: str) -> regex.Pattern[str]:
    """Compile a recipient phrase before the amount: up to three words and a dative particle."""
    sd = rule_data(lang)["rung.sent-by"]
    datives, left = sd["datives"], sd["left"]
    if not datives:
        return cached_compile("(?!)")
    # ... or the family left behind where the money goes: "북한에 남은 어머니의 약값을 위해"
    at = alternation(sd["left_at"])
    behind = rf"|\S+(?:{at})\s+(?:{alternation(left)})(?=\s)" if left else ""
    return cached_compile(rf"(?:\S+\s+){{0,2}}\S+?(?:{alternation(datives)})(?=\s){behind}")


# a character inside the clause ("1,000,000 won" is one figure): the sending rungs' gap
_CLAUSE_GAP = r"(?:[^,;:!?()\n.]|[,.](?=\d))"


def _edges(lang: str) -> tuple[str, str]:
    """Return the word edges before and after a word, where the language writes them."""
    return (r"(?<!\w)", r"(?!\w)") if lexicon(lang).word_boundaries else ("", "")


def _coded_names(table: Mapping[str, str]) -> tuple[dict[str, str], str]:
    """Return a rung's names -> codes (case and spaces folded) and their alternation."""
    coded = {" ".join(k.lower().split()): v.upper() for k, v in table.items()}
    return coded, alternation(sorted(coded, key=len, reverse=True))


_SenderPatterns = tuple[regex.Pattern[str], regex.Pattern[str], dict[str, str], bool]


@functools.cache
def _sender_patterns(lang: str) -> _SenderPatterns | None:
    """Compile ``rung.sent-by``'s verb (in the amount's clause) and its senders."""
    d = rule_data(lang)["rung.sent-by"]
    if not d["verbs"]:
        return None
    lo, hi = _edges(lang)
    gap = _CLAUSE_GAP
    senders, names = _coded_names(d["senders"])
    words = alternation(d["verbs"])
    if d["before"]:  # "100만원을 보내도": the verb follows the amount in its clause
        verb = cached_compile(rf"(?i){gap}{{0,12}}?{lo}(?:{words})")
    else:  # "sent back about 3 million won": the verb stands before it in its clause
        verb = cached_compile(rf"(?i){lo}(?:{words}){hi}(?={gap}*\Z)")
    sender = cached_compile(rf"(?i){lo}(?:{names}){hi}")
    return verb, sender, senders, bool(d["before"])


_SentPatterns = tuple[regex.Pattern[str], regex.Pattern[str], dict[str, str]]


@functools.cache
def _sent_patterns(lang: str) -> _SentPatterns | None:
    """Compile ``rung.sent-from``'s verb and its place (with "from" or "에서"), for a clause."""
    d = rule_data(lang)["rung.sent-from"]
    if not d["verbs"]:
        return None
    lo, hi = _edges(lang)
    gap = _CLAUSE_GAP
    places, names = _coded_names(d["places"])
    verb = cached_compile(rf"(?i){lo}{alternation(d['verbs'])}")
    if d["before"]:  # "한국에서 100만원을": the place ends right before the amount
        place = cached_compile(rf"(?i){lo}(?P<place>{names})(?:{alternation(d['opens'])}){gap}*\Z")
    else:  # "1 million won from South Korea": the place follows in the clause
        place = cached_compile(
            rf"(?i)\G{gap}*?{lo}(?:{alternation(d['opens'])})\s+(?:the\s+)?"
            rf"(?P<place>{names}){hi}"
        )
    return verb, place, places


@RUNG.rule("clause-cues", switch="contrasts", contrasts="phrases")
def clause_cues(ev: Evidence, st: _State) -> Verdict | None:
    """Decide by the amount's own clause when a contrast splits its sentence between settings.

    A sentence may set two places side by side ("In Seoul, a defector earns 2 million won a
    month, while her mother in Hyesan lives on 50,000 won"): a word of ``contrasts`` (or a
    semicolon) cuts it into clauses, and where the amount's clause has cues for one candidate
    only, weighing as much as a strong cue, and the rest of the sentence has cues for another,
    the clause decides.

    Example:
        "..., while her mother in Hyesan lives on 50,000 won" -> KPW (Hyesan).

    """
    if len(st.cands) < 2:
        return None
    lo, hi = ev.ctx.sentence(ev.position)
    whole, _ = ev.ctx.score(lo, hi, st.cands)  # (kept: the sentence's rung reads it again)
    if sum(v > 0 for v in whole.values()) < 2:
        return None  # one setting or none: nothing to split
    clo, chi = lo, hi
    for m in _contrasts(ev.lex.lang).finditer(ev.ctx.text, lo, hi):
        if m.end() <= ev.position:
            clo = m.start()
        elif m.start() >= ev.position:
            chi = m.start()
            break
    if (clo, chi) == (lo, hi):
        return None
    own, cues = ev.ctx.score(clo, chi, st.cands)
    rest_lo, _ = ev.ctx.score(lo, clo, st.cands)
    rest_hi, _ = ev.ctx.score(chi, hi, st.cands)
    won = [c for c, v in own.items() if v > 0]
    if len(won) != 1 or own[won[0]] < STRONG:
        return None  # (a weak cue alone, "wage", splits no sentence)
    if not any(v > 0 for c, v in (*rest_lo.items(), *rest_hi.items()) if c != won[0]):
        return None  # no other setting in the sentence: its cues decide as a whole
    if _outweighed_in_clause(ev, st, won[0], clo):
        return None
    shown = ", ".join(repr(c) for c in cues[:4])
    return (won[0], f"clause context cues {shown} ({won[0]} {own[won[0]]}), the sentence split")


def _outweighed_in_clause(ev: Evidence, st: _State, code: str, clo: int) -> bool:
    """Tell whether evidence gave the clause's earlier amount another currency than its cues.

    "North Korea's per-capita income was 1.46 million won ($1,340), up from 1.39 million won":
    the first sum's rate places it in the South's won in the very clause the cue opens, so the
    cue does not decide the second either (``rung.compared`` or ``rung.follows`` do). Only
    where the earlier sum's own name, conversion or rate decided it, not its size.
    """
    f = ev.follows
    if f is None or f[0] == code or f[0] not in st.cands or f[2] not in _OWN_EVIDENCE:
        return False
    return ev.ctx.text.rfind(f[1], clo, ev.position) >= 0


# the rungs that decide by the earlier amount's own evidence (its name, its conversion or rate),
# not by its size or a scope's cues
_OWN_EVIDENCE = frozenset(
    (
        "rung.explicit",
        "rung.qualifier-phrase",
        "rung.same-rate",
        "rung.rate-band",
        "rung.gloss-restates",
        "rung.gloss-other",
        "rung.pair-other",
        "rung.converted-other",
    )
)


@functools.cache
def _contrasts(lang: str) -> regex.Pattern[str]:
    """Compile the cuts between the clauses of a sentence: a contrast word, a semicolon."""
    words = rule_data(lang)["rung.clause-cues"]["contrasts"]
    lo, hi = (r"(?<!\w)", r"(?!\w)") if lexicon(lang).word_boundaries else ("", "")
    return cached_compile(rf"(?i);|{lo}{alternation(words)}{hi}")


@RUNG.rule("follows-sent")
def follows_sent(ev: Evidence, st: _State) -> Verdict | None:
    """Decide a later sum of a remittance sentence in the currency the sum sent was counted in.

    What the broker keeps and what arrives are counted in the sender's money: "한국에서 100만원을
    보내면 수수료로 30만원이 빠진다". Only when the sentence's earlier amount like this one was
    decided by who or where sent it (``rung.sent-by``, ``rung.sent-from``); the place the money
    reaches, whose cues the sentence also names, does not decide it.

    Example:
        "If a defector in Seoul sends 1 million won, the family in Hyesan gets 600,000 won" ->
        both KRW.

    """
    f = ev.follows
    if f is None or f[0] not in st.cands or f[2] not in _SENT_RUNGS:
        return None
    return (f[0], f"follows {f[1]!r} ({f[0]}), the sum sent, earlier in the sentence")


_SENT_RUNGS = frozenset({"rung.sent-by", "rung.sent-from"})


@RUNG.rule("sent-again")
def sent_again(ev: Evidence, st: _State) -> Verdict | None:
    """Decide a sum sent in the currency of the story's earlier sum sent.

    A remittance story tells of one sender's transfers in several sentences: "I send it in
    South Korean won to a broker in Seoul. ... Last time I sent 3 million won and she received
    about 8 million North Korean won". The later sum has a verb of sending next to it (as
    ``rung.sent-by`` reads one) and no sender or place of its own decided it; the earlier sum
    sent was decided by evidence (not a default), in one of this amount's candidates. What
    arrives in the family's money, written out, does not decide it.

    Example:
        "A defector in Seoul sends 1 million won ... Last month she sent 2 million won and her
        mother got 7 million North Korean won" -> 2 million won is KRW.

    """
    s = ev.sent_before
    if s is None or s[0] not in st.cands or len(st.cands) < 2:
        return None
    lo, hi = ev.ctx.sentence(ev.position)
    if sending_verb(ev.ctx.text, ev.lex.lang, lo, hi, ev.position, ev.end) is None:
        return None
    return (s[0], f"sent like {s[1]!r} ({s[0]}), the story's earlier sum sent")


@RUNG.rule("compared", switch="words", words="phrases")
def compared(ev: Evidence, st: _State) -> Verdict | None:
    """Decide a compared sum in the currency of the sum it is compared with.

    "... has risen to around 15 million won, or roughly $13,000, per person, compared with 3
    million won in 2011": the earlier level of the same fee is in the fee's money, whatever
    the sentence's place names say. The amount follows one of ``words`` ("compared with", "up
    from", "versus") and the sentence's earlier amount like it, whose currency evidence (not a
    default or a guess) decided.

    Example:
        "a fee of 15 million won ($13,000), compared with 3 million won" -> both KRW.

    """
    f = ev.follows
    if f is None or f[0] not in st.cands or not by_evidence(f[2]):
        return None
    pat = _compared_before(ev.lex.lang)
    if pat is None or pat.search(ev.ctx.text, max(0, ev.position - 40), ev.position) is None:
        return None
    return (f[0], f"compared with {f[1]!r} ({f[0]}) earlier in the sentence")


@functools.cache
def _compared_before(lang: str) -> regex.Pattern[str] | None:
    """Compile a comparison word right before an amount, past a hedge (reverse search)."""
    words = rule_data(lang)["rung.compared"]["words"]
    if not words:
        return None
    hedges = alternation(lexicon(lang).hedges)
    return cached_compile(rf"(?ri)(?<!\w)(?:{alternation(words)})\s+(?:(?:{hedges})\s+)?\Z")


@RUNG.rule("sized-near")
def sized_near(ev: Evidence, st: _State) -> Verdict | None:
    """Decide by a sum of the paragraph whose size alone names its currency.

    A South Korean budget story names no country: "29.7 trillion won" is a South Korean figure
    by its size (``rung.magnitude``), and "household wages will rise 118,000 won" in the same
    paragraph is too, though "wages" is a weak cue for the North's won. Only when the amount's
    sentence holds no strong cue and its paragraph none for another candidate.

    Example:
        "The budget is 249 trillion won. Wages will rise 118,000 won." -> KRW.

    """
    near = ev.sized_near
    if near is None or near[0] not in st.cands:
        return None
    ctx, others = ev.ctx, set(st.cands) - {near[0]}
    if ctx.first_cue(*ctx.sentence(ev.position), set(st.cands), weight=STRONG) or ctx.first_cue(
        *ctx.paragraph(ev.position), others, weight=STRONG
    ):
        return None
    return (near[0], f"the paragraph's {near[1]!r} is a {near[0]} sum by its size")


@RUNG.rule("sentence-cues")
def sentence_cues(ev: Evidence, st: _State) -> Verdict | None:
    """Decide the currency whose cues (``[cues]``) weigh most in the sentence.

    Strong cues count 2, weak ones 1; a cue naming only an origin ("South Korean dramas") and an
    outlet's or a dateline's cue do not count here. A tie is noted for the last rungs. A sentence
    won by weak cues alone leaves the decision to the later rungs when its paragraph's strong
    cues name another candidate and nothing else in the paragraph speaks for the sentence's (not
    when that is the locale's convention for the amount).

    Example:
        "In Hyesan, rice costs 5,000 won" -> KPW (Hyesan).

    """
    return _cues(ev, st, "sentence")


_NOT_EVIDENCE = frozenset(
    (
        "rung.caller-default",
        "rung.locale-default",
        "rung.convention",
        "rung.rate-guess",
        "rung.story-guess",
        "rung.unresolved",
    )
)


def by_evidence(rung: str) -> bool:
    """Tell whether a decision by ``rung`` rests on evidence, not a default or a guess."""
    return rung not in _NOT_EVIDENCE


@RUNG.rule("follows")
def follows(ev: Evidence, st: _State) -> Verdict | None:
    """Decide the currency of the sentence's earlier amount in the same unit.

    When nothing about the amount itself or its sentence's cues decides, the second bare
    "won" of a sentence is in the currency evidence gave the first (not a default or a guess).

    Example:
        "Workers earn 3,000 won a month but need about 150,000 won to feed a family" -> both
        KPW (the first by its wage).

    """
    f = ev.follows
    if f is None or f[0] not in st.cands or f[2] in _NOT_EVIDENCE:
        return None
    return (f[0], f"follows {f[1]!r} ({f[0]}) earlier in the sentence")


def _phrase_named(ev: Evidence, f: tuple[str, str, str, Decimal]) -> bool:
    """Tell whether the earlier amount's money was named by a phrase and this one is like it.

    (Within 3x: "중국돈 300원을 뇌물로 줬는데, 그의 한 달 월급은 2,500원" is a wage in won.)
    """
    if f[2] != "rung.qualifier-phrase" or ev.phrase_code or ev.value is None or not f[3]:
        return False
    return bool(f[0]) and Decimal(1) / 3 <= abs(ev.value / f[3]) <= 3


@RUNG.rule("sign-again")
def sign_again(ev: Evidence, st: _State) -> Verdict | None:
    """Decide a bare sign as the story's first bare sign when its sentence's cues decided it.

    A writer keeps one house style for "$": when the story's setting made its first "$" the
    local dollar ("Housing Board flats broke the $1 million mark" in Singapore), the later bare
    "$" of the story are that dollar too, though their sentences name no place; so when the
    first sign's conversion placed it ("￥500 billion (US$4.5 billion)": the yen's rate). A
    story whose first "$" was the locale's dollar (a BBC story that reaches a Singapore deal
    later) keeps its later ones to their own sentences, and a sign its own sentence decides
    otherwise stays as its sentence says (a rung above).

    Example:
        "Three HDB flats broke the $1 million mark. One sold for $1.03m in July." -> both SGD.

    """
    sb = ev.sign_before
    if sb is None or sb[0] not in st.cands or st.tie is not None:
        return None
    return (sb[0], f"the story's earlier {ev.written!r} was {sb[0]} by its sentence: {sb[1]!r}")


@RUNG.rule("paragraph-cues")
def paragraph_cues(ev: Evidence, st: _State) -> Verdict | None:
    """Decide the currency whose cues weigh most in the paragraph (unless the sentence tied).

    A paragraph won by weak cues alone defers, as a sentence does, to an earlier amount whose
    currency the story named or placed ("... 5,580 won ($5.40) per hour" and then a paragraph
    "The hourly wage translates to 44,640 won a day").

    Example:
        "Prices in Sinuiju rose. Rice costs 5,000 won." -> KPW.

    """
    if st.tie is not None:
        return None  # a tie in the sentence is closer evidence than the paragraph's counts
    return _cues(ev, st, "paragraph")


@RUNG.rule("document-cues")
def document_cues(ev: Evidence, st: _State) -> Verdict | None:
    """Decide the currency whose cues weigh most in the whole document.

    Not when the sentence tied, nor when the story named one of the candidates earlier (that
    outranks the document's counts).

    Example:
        "SEOUL (Yonhap) -- ... The bonus is 500,000 won." -> KRW.

    """
    if st.tie is not None:
        return None
    if ev.antecedent is not None and ev.antecedent[0] in st.cands:
        return None
    return _cues(ev, st, "document")


def _story(ev: Evidence, st: _State, named: tuple[str, str] | None, told: str) -> Verdict | None:
    if named is not None and named[0] in st.cands and (st.tie is None or st.tie[0] == named[0]):
        return (named[0], f"the story {told}: {named[1]!r} ({named[0]})")
    return None


@RUNG.rule("story-earlier")
def story_earlier(ev: Evidence, st: _State) -> Verdict | None:
    """Decide the currency the story wrote out earlier (news qualifies it once, then goes bare).

    For currency words, not signs ("HK$2.3 billion ... $1.5 billion" in Hong Kong copy is USD).

    Example:
        "45 mln Australian dlrs ... 38 mln dlrs" -> AUD.

    """
    return _story(ev, st, ev.antecedent, "named the currency earlier")


@RUNG.rule("story-later")
def story_later(ev: Evidence, st: _State) -> Verdict | None:
    """Decide the currency the story writes out later, when nothing before decides.

    Example:
        "The fee was 300 dlrs ... 500 Canadian dlrs" -> CAD.

    """
    return _story(ev, st, ev.named_later, "names the currency later")


@RUNG.rule("story-lead", switch="origin", origin="words")
def story_lead(ev: Evidence, st: _State) -> Verdict | None:
    """Decide a currency word by the country the story's lead names, over the locale's default.

    Wire copy about a country with its own dollar (or rupee) names the country in its first
    sentence, then writes that currency bare ("dlrs", "cents") and qualifies the others ("U.S.
    dlrs"); a sign ("$") stays the locale's. Only when the lead's cues name one candidate other
    than the locale's default and none for that default, and the lead's first strong cue of any
    currency is that candidate's (a Seoul story's "Hong Kong trading house" is no setting); a
    cue after a company word and "of" (``origin``: "News Corp Ltd of Australia") is where a
    company is from.

    Example:
        "New Zealand's trade deficit narrowed to 310 mln dlrs ... a 95 mln dlr surplus" -> NZD;
        "Acme Inc agreed to buy Widget Ltd of Canada for 40 mln dlrs" -> USD (the locale's).

    """
    default = default_for(ev.locale, ev.surface, ev.written)
    if default is None or not ev.written[:1].isalpha() or default not in st.cands:
        return None
    lo, hi = ev.ctx.sentence(0)
    scores, cues = ev.ctx.score(lo, hi, st.cands, True)
    named = [c for c, sc in scores.items() if sc > 0]
    if len(named) != 1 or named[0] == default:
        return None
    # the lead's first strong cue of any currency sets the story: "SEOUL - ... through a Hong Kong
    # trading house" is a South Korean story, its dollars no Hong Kong dollars
    first = ev.ctx.first_cue(lo, hi, set(ev.ctx.codes_with_cues()), True, weight=2)
    if first is not None and first[0] != named[0]:
        return None
    origin = _origin(ev.lex.lang)
    if origin is not None and all(origin(cue).search(ev.ctx.text, lo, hi) for cue in cues):
        return None
    shown = ", ".join(repr(c) for c in cues[:3])
    return (named[0], f"the story's lead names {named[0]}'s country ({shown}): bare {ev.written!r}")


@functools.cache
def _origin(lang: str) -> Callable[[str], regex.Pattern[str]] | None:
    """Return cue -> the pattern of that cue after a company word and "of" (None: rule off)."""
    words = rule_data(lang)["rung.story-lead"]["origin"]
    if not words:
        return None
    company = "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))

    @functools.cache
    def pattern(cue: str) -> regex.Pattern[str]:
        return cached_compile(
            rf"(?i)(?<!\w)(?:{company})\.?,?\s+of\s+(?:the\s+)?{regex.escape(cue)}(?!\w)"
        )

    return pattern


@RUNG.rule("local-sign")
def local_sign(ev: Evidence, st: _State) -> Verdict | None:
    """Decide a bare sign by the one currency of its candidates the story writes out.

    Local copy in Hong Kong, Taipei or Singapore qualifies its dollar once, then writes the
    sign bare: "sold for HK$6.2 million, down from $7.5 million". Only when the story's first
    amount in any of the sign's currencies is that currency written out, the story writes no
    other of them out (a "US$" anywhere leaves the bare sign to the other rungs), no bare
    sign of the story is a conversion (international copy writes "A$458m ($357m)": its "$" is
    the US dollar), the story opens with no wire dateline ("HONG KONG (Reuters) -": agency copy
    writes "$" for the US dollar), and the amount itself converts nothing.

    Example:
        "NT$23,800 ... taking home about $700 more a month" -> TWD.

    """
    named = ev.local_sign
    if named is None or named[0] not in st.cands or ev.gloss_source is not None:
        return None
    return (named[0], f"the story writes its {ev.written!r} out as {named[1]!r} ({named[0]})")


@RUNG.rule("story-setting")
def story_setting(ev: Evidence, st: _State) -> Verdict | None:
    """Decide a bare sign by the place the whole story is set in.

    A local story names its place's institutions again and again and writes its dollar bare:
    "a penthouse went for $1.18m ... not by HDB ... an HDB flat that sold for $1.12m ... At
    $1.03m". When the story's cues name one of the sign's places at least three times as
    strong cues, the locale's own dollar not at all, no currency of the sign is written out
    and no bare sign converts anything (international copy), under no wire dateline, its bare
    signs are that place's dollar. One passing mention ("A Brisbane-based rival spent $12
    million") sets nothing.

    Example:
        "HDB ... $1.18m. HDB data ... An HDB flat sold for $1.12m. At $1.03m ..." -> SGD.

    """
    named = ev.sign_setting
    if named is None or named[0] not in st.cands or st.tie is not None:
        return None
    return (named[0], f"the story is set where {named[0]} is the dollar: cues {named[1]}")


@RUNG.rule("caller-default")
def caller_default(ev: Evidence, st: _State) -> Verdict | None:
    """Decide the caller's ``default_currency`` for the surface.

    Example:
        extract_amounts(text, default_currency={"won": "KPW"}) -> a bare "won" is KPW.

    """
    chosen = default_for(ev.defaults, ev.surface, ev.written)
    if chosen is not None and chosen in st.cands:
        return (chosen, f"caller default_currency for {ev.written!r}")
    return None


@RUNG.rule("locale-default")
def locale_default(ev: Evidence, st: _State) -> Verdict | None:
    """Decide the locale's convention (``[locale]``): in English news "$" is USD, "pound" GBP.

    Example:
        "$5" -> USD; with locale="en-AU" -> AUD.

    """
    chosen = default_for(ev.locale, ev.surface, ev.written)
    if chosen is not None and chosen in st.cands:
        return (chosen, f"locale {ev.locale_name} convention: {ev.written!r} is {chosen}")
    return None


@RUNG.rule("convention", signs="map")
def convention(ev: Evidence, st: _State) -> Verdict | None:
    """Decide a sign by the convention of English copy (``signs``) when no cue decided.

    "¥" alone is the yen's sign in English news; the yuan is written "yuan", "RMB" or "CN¥".
    Any cue of the sentence, paragraph or document for the yuan decides before this does;
    a sentence whose cues tie ("Japanese firms invested ¥200 billion in China") is the yen's.

    Example:
        "The projected shortfall is about ¥3 trillion." -> JPY (by convention).

    """
    chosen = _signs(ev.lex.lang).get(ev.written)
    if chosen is not None and chosen in st.cands:
        return (chosen, f"convention: {ev.written!r} alone is {chosen} in English copy")
    return None


@functools.cache
def _signs(lang: str) -> Mapping[str, str]:
    """Return the signs ``[rung.convention]`` gives a currency: sign -> code."""
    return {k: v.upper() for k, v in rule_data(lang)["rung.convention"]["signs"].items()}


@RUNG.rule("kr-minimum-wage")
def kr_minimum_wage(ev: Evidence, st: _State) -> Verdict | None:
    """Rule out KRW for a wage under a quarter of South Korea's minimum wage that year.

    Example:
        "a monthly wage of 5,000 won" in 2015 -> not KRW, so KPW.

    """
    doc_year = ev.doc_year
    if ev.wage is None or doc_year is None or "KRW" not in st.cands or len(st.cands) != 2:
        return None
    per, amount = ev.wage
    floor = kr_wage_floor(per, doc_year)
    if floor is None or amount >= floor:
        return None
    (only,) = [c for c in st.cands if c != "KRW"]
    return (
        only,
        f"a wage of {amount} {ev.written} a {per} is under a quarter of South Korea's "
        f"minimum wage in {doc_year}",
    )


@RUNG.rule("sentence-tie")
def sentence_tie(ev: Evidence, st: _State) -> Verdict | None:
    """Decide a sentence whose cues tie by its first cue (the subject, as a rule).

    Example:
        "North Korean workers sent to South Korea's factories earn 180,000 won" -> KPW.

    """
    if st.tie is None:
        return None
    code, cue = st.tie
    return (code, f"sentence context tied; its first cue {cue!r} (the subject, as a rule) decides")


@RUNG.rule("story-guess")
def story_guess(ev: Evidence, st: _State) -> Verdict | None:
    """Decide, when nothing else did, the currency the story guessed for an earlier amount.

    A story keeps to one money: "fined 46 million won ($41,108)" with no date is a guess of
    South Korean won from its conversion's rate (``rung.rate-guess``), and "increased to 60
    million won" later in it, with no cue of its own, is in the same won. A guess still, and
    the reason says so.

    Example:
        "fined 46 million won ($41,108) ... increased to 60 million won" -> KRW (a guess).

    """
    if ev.guessed is None or ev.guessed[0] not in st.cands:
        return None
    code, said = ev.guessed
    return (code, f"a guess: the story's {said!r} was guessed {code} from its conversion's rate")


@RUNG.rule("unresolved")
def unresolved(ev: Evidence, st: _State) -> Verdict | None:
    """Leave the currency None, with its candidates, when nothing decided.

    Example:
        "It cost 5,000 won." alone -> None (KPW or KRW).

    """
    return (
        None,
        f"ambiguous {ev.written!r} ({'/'.join(st.cands)}): no qualifier, gloss, context cue "
        "or default",
    )


LADDER = tuple(RUNG)
"""The rungs in order (``decide`` walks them)."""
_STEPS = tuple((r.id, r.fn) for r in LADDER)


def decide(ev: Evidence, off: frozenset[str] = frozenset()) -> Decision:
    """Resolve one amount's currency down the ladder.

    Args:
        ev: The evidence.
        off: Rung ids switched off (``extract_amounts(..., disable=...)``).

    Returns:
        The currency (or None), the reason and the deciding rung's id.

    """
    st = _State(cands=ev.surface.candidates)
    for rule_id, fn in _STEPS:
        if off and rule_id in off and rule_id != "rung.unresolved":
            continue
        got = fn(ev, st)
        if got is not None:
            return Decision(got[0], got[1], rule_id)
    raise AssertionError("the last rung always answers")  # pragma: no cover
