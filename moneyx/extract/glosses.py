"""Glosses: link a conversion to the amount it restates ("300 yuan (U.S. $47)")."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from decimal import Decimal

import regex

from moneyx.eras import power_of_ten, step
from moneyx.extract.draft import Draft, opens_equation, prev_words
from moneyx.lexicon import lexicon
from moneyx.matcher import Grammar, alternation, grammar
from moneyx.patcache import cached_compile
from moneyx.rules import RuleData, registry, rule_data

__all__ = ["link"]

GLOSS = registry("gloss")


@GLOSS.rule("parenthesis", joins="words")
def parenthesis(
    text: str, g: Grammar, a_end: int, b: Draft
) -> tuple[regex.Match[str], regex.Match[str]] | None:
    """Link the conversion in a parenthesis after an amount: "300 yuan (U.S. $47)".

    An equivalence word may open it ("(about $47)", "(the equivalent of $47)"), and a bound
    ("(more than $47)"); a currency phrase may close it. A second price in the same unit is no
    conversion ("5,000 won (5,500 won in Pyongyang)"), nor is the rate a parenthesis states
    with a sign of ``joins`` ("W1 million a month (US$1=W1,123)": ``link`` passes it).

    Example:
        "300 yuan (U.S. $47)" -> "U.S. $47" glosses "300 yuan".

    """
    gap = g.gloss_gap.fullmatch(text, a_end, b.start)
    close = g.gloss_close.match(text, b.end) if gap is not None else None
    if gap is None or close is None:
        return None
    return gap, close


@GLOSS.rule("appositive")
def appositive(
    text: str, g: Grammar, a: Draft, a_end: int, b: Draft
) -> tuple[regex.Match[str], regex.Match[str]] | None:
    """Link the conversion in an appositive after an amount: "1,000 yuan, or about $160,".

    Only into another currency: ", or 71 cts a share" after dollars is another measure; or into
    the other unit of a currency reform, when the two figures differ by exactly its step ("2,500
    new won, the equivalent of 250,000 old won": ``moneyx.eras.step``).

    Example:
        "1,000 yuan, the equivalent of 1.2 million won," -> the won glosses the yuan.

    """
    gap = g.gloss_or.fullmatch(text, a_end, b.start)
    close = g.gloss_or_close.match(text, b.end) if gap is not None else None
    if gap is None or close is None or not fits_rate(a, b):
        return None
    # a currency the gap names decides the conversion's own: "5500朝币，折合人民币约4.7元"
    cur = gap.groupdict().get("cur") or gap.groupdict().get("cur2")
    named = cur and g.lex.currency_phrases_before.get(" ".join(cur.lower().split()))
    shared = _candidates(a, b) & ({named} if named else _candidates(b, a))
    return None if shared and not _reform_restated(a, b, shared) else (gap, close)


def _candidates(d: Draft, other: Draft) -> set[str]:
    """Return the currencies ``d`` may be in beside ``other``, the same word with a phrase.

    A phrase states its amount's currency ("500 won in South Korean money"); beside it, the
    same word with none is the word's other currency ("3,000 won comes to less than 500 won in
    South Korean money": North Korean won).
    """
    if d.phrase_code:
        return {d.phrase_code}
    own = set(d.surface.candidates)
    if other.phrase_code and other.surface.key == d.surface.key and len(own) > 1:
        own.discard(other.phrase_code)
    return own


_RATE_MARGIN = Decimal(10)


def fits_rate(a: Draft, b: Draft) -> bool:
    """Tell whether ``b`` can convert ``a``: the rate they imply fits both currencies' history.

    Each currency's lowest and highest units per US dollar in any year of the rate tables
    (``data/gloss_rates.csv``), widened 10x, bound what a sum of it is worth in dollars; the two
    sums' dollar ranges must meet for some reading of each. "24.3 billion punts -- 10,000 dlrs
    for every man, woman and child" is a share, not a conversion. A currency the tables lack is
    not judged.
    """
    from moneyx.extract.elided import envelopes  # noqa: PLC0415 - one reading of the table

    if a.value <= 0 or b.value <= 0:
        return True
    env = envelopes()
    for ca in a.surface.candidates:
        for cb in b.surface.candidates:
            ea, eb = env.get(ca), env.get(cb)
            if ea is None or eb is None:
                return True
            a_lo, a_hi = a.value / ea[1] / _RATE_MARGIN, a.value / ea[0] * _RATE_MARGIN
            if a_lo <= b.value / eb[0] and b.value / eb[1] <= a_hi:
                return True
    return False


def _reform_restated(a: Draft, b: Draft, shared: set[str]) -> bool:
    """Tell whether ``b`` restates ``a`` in the other unit of a reform (x100 for the won)."""
    lo, hi = sorted((a.value, b.value))
    return lo > 0 and any(step(c) > 1 and lo * step(c) == hi for c in shared)


@GLOSS.rule("reform-restated", switch="links", links="phrases", units="phrases",
             ratio_to="phrases", ratio_openers="phrases", notes="words")  # fmt: skip
def reform_restated(
    text: str, g: Grammar, a: Draft, a_end: int, b: Draft, data: RuleData
) -> tuple[regex.Match[str], regex.Match[str]] | None:
    """Link an amount restated in the other unit of a currency reform by a verb of equivalence.

    A reform story states what an old sum is worth in the new unit: "the 5,000 won note is now
    equivalent to 50 new won", "100 old won are now worth 1 new won", "at 10 old won to 1 new
    won". The two figures share a reformed currency (``moneyx.eras.step`` above 1), one of them
    is written in a unit of the reform (``units``: "new won", "old won") and the other is not
    written in the same one, the larger is a power of ten (10 or more) times the smaller, and
    only one of ``links`` stands between them (after the denomination's noun, ``notes``), or
    ``ratio_to`` when ``ratio_openers`` ends right before the first ("at the rate of").

    Example:
        "5,000 won is now equivalent to 50 new won" -> "50 new won" glosses "5,000 won".

    """
    if not data["links"]:
        return None
    shared = set(a.surface.candidates) & set(b.surface.candidates)
    units = data["units"]
    wa, wb = (" ".join(d.written.lower().split()) for d in (a, b))
    lo, hi = sorted((a.value, b.value))
    if (
        not any(step(c) > 1 for c in shared)
        or wa == wb
        or not (wa in units or wb in units)
        or lo <= 0
        or not power_of_ten(hi / lo)
    ):
        return None
    links, ratio_to, ratio_open = _reform_links(g.lang)
    gap = links.fullmatch(text, a_end, b.start)
    if gap is None and ratio_open.search(text, max(0, a.start - 24), a.start):
        gap = ratio_to.fullmatch(text, a_end, b.start)  # "at the rate of 10 old won to 1 new won"
    return None if gap is None else (gap, _EMPTY_PHRASE.match(text, b.end))  # type: ignore[return-value]


_EMPTY_PHRASE = cached_compile(r"(?P<phrase>)")
_WORD = cached_compile(r"[^\W\d_]+")
_SPACES = r"\s+"


@functools.cache
def _reform_links(lang: str) -> tuple[regex.Pattern[str], ...]:
    """Compile ``gloss.reform-restated``'s gaps: a link, a ratio's "to", and what opens a ratio."""
    rd = rule_data(lang)["gloss.reform-restated"]
    return (
        cached_compile(
            rf"(?:\s+(?i:{alternation(rd['notes'], _SPACES)}))?"
            rf"\s+(?i:{alternation(rd['links'], _SPACES)})\s+(?P<eq>)"
        ),
        cached_compile(rf"\s+(?i:{alternation(rd['ratio_to'], _SPACES)})\s+(?P<eq>)"),
        cached_compile(rf"(?i:(?<!\w){alternation(rd['ratio_openers'], _SPACES)})\s+\Z"),
    )


@GLOSS.rule("restated-next", switch="leads", leads="phrases", not_after="words", verbs="phrases",
             verb_after="words", reckon="phrases")  # fmt: skip
def restated_next(
    text: str, g: Grammar, a: Draft, a_end: int, b: Draft, data: RuleData
) -> tuple[regex.Match[str], regex.Match[str]] | None:
    """Link the conversion a new sentence or clause opens with a word standing for the amount.

    "Workers earn 3,000 won a month. That is about $0.40 at market rates."; "每月3000至5000朝鲜
    元的现金工资。若按非官方汇率换算，这仅相当于300到500元人民币": the amount in another
    currency follows one of ``leads`` (that is, which is, 这相当于, ...) and a hedge or bound at
    most, the lead opens its sentence or clause (at most 80 characters after the amount, or 160
    when it opens the sentence right after the amount's) or
    is one of ``verbs`` right after a sum named as "<noun> of" (``verb_after``: "a state salary
    of 4,000 won is now worth less than 25 U.S. cents"; "2 yuan was worth about 340 won" states
    a rate), and the word after it is none of ``not_after`` ("That is 6,000 won less": a
    comparison). A verb of reckoning (``reckon``) may follow the lead: "원화로 환산하면 약
    10만3000원".

    Example:
        "He earns 3,000 won a month. That is about $0.40." -> "$0.40" glosses "3,000 won".

    """
    if not data["leads"] or _candidates(a, b) & _candidates(b, a):
        return None
    far = b.start - a_end
    if far > 160 or (far > 80 and len(_SENTENCE_END.findall(text, a_end, b.start)) > 1):
        return None  # past 80 characters only in the sentence right after the amount's
    if not fits_rate(a, b):
        return None
    gap = _restated_gap(g.lang).fullmatch(text, a_end, b.start)
    if gap is None and not data["verb_after"].isdisjoint(prev_words(text, a.start, 1)):
        gap = _restated_gap(g.lang, verbs=True).fullmatch(text, a_end, b.start)
    if gap is None or not data["not_after"].isdisjoint(_next_words(text, b.end)):
        return None  # "That is 6,000 won less than a driver": a comparison, not the amount
    return gap, _EMPTY_PHRASE.match(text, b.end)  # type: ignore[return-value]


_SENTENCE_END = cached_compile(r"[.!?。！？](?=[\s\"”’]|\Z)")


def _next_words(text: str, pos: int) -> list[str]:
    """Return the first word after ``pos`` (lower case), if any."""
    return _WORD.findall(text, pos, pos + 24)[:1]


@functools.cache
def _restated_gap(lang: str, verbs: bool = False) -> regex.Pattern[str]:
    """Compile the gap of ``gloss.restated-next``: no figure, a clause's start, a lead, a hedge.

    With ``verbs``: the verb of worth right after the amount, then a hedge or bound.
    """
    g = grammar(lang)
    rd = rule_data(lang)["gloss.restated-next"]
    leads = rd["verbs"] if verbs else rd["leads"]
    opening = "" if verbs else r"(?:(?s:.)*?[.!?。！？，,;；:：])?"
    reckon = rf"(?:(?i:{alternation(rd['reckon'], _SPACES)})[\s\u3000]*)?" if rd["reckon"] else ""
    return g.compile(
        rf"{opening}[\s\u3000]*(?:[\"“‘「『][\s\u3000]*)?"  # a quotation may open the sentence
        rf"(?i:{alternation(leads, _SPACES)})[\s\u3000]*{reckon}"
        rf"(?:(?i:(?P<eq>\L<rnhedge>))[\s\u3000]*)?(?:(?i:(?P<gb>\L<rnbound>))[\s\u3000]*)?",
        rnhedge=sorted(g.lex.hedges),
        rnbound=sorted(g.lex.bounds),
    )


_ATTRIBUTIVE = cached_compile(r"[ \u00a0](?:[a-z][a-z-]*[ \u00a0]?){1,2}(?=[ \u00a0]?[(,])")


@GLOSS.rule("attributive", switch="articles", articles="words")
def attributive(text: str, a: Draft, a_end: int, b: Draft, data: RuleData) -> int | None:
    """Read a conversion after the noun an amount qualifies: "a 2 million won fine ($1,500)".

    An amount after an article that names a noun of one or two words ("a 500 yuan bribe",
    "the $20 fee") is glossed after the noun: the parenthesis or appositive is looked for from
    there (return where the noun ends).

    Example:
        "paid a 2 million won fine, the equivalent of $250" -> "$250" glosses "2 million won".

    """
    if not 2 < b.start - a_end <= 48 or data["articles"].isdisjoint(prev_words(text, a.start, 1)):
        return None
    m = _ATTRIBUTIVE.match(text, a_end, b.start)
    return m.end() if m is not None else None


@GLOSS.rule("series")
def series(
    text: str, g: Grammar, a: Draft, prev: Draft, c: Draft, close_end: int
) -> regex.Match[str] | None:
    """Link further conversions in the same parenthesis, or after "or", to the same amount.

    In running text a conversion may name a second currency after "or" (the lexicon's
    alternatives): "1,000 won, equivalent to around 15 cents or 160 South Korean won". The
    further one must be in a currency neither the amount nor the conversion before it is in.
    In a parenthesis a note of the rate may close the one before ("(U.S. $4,167, official
    rate; U.S. $61 black market rate)": one conversion at each rate, in one currency).

    Example:
        "1bn euros ($1.3bn; £690m)" -> both "$1.3bn" and "£690m" gloss "1bn euros".

    """
    inside = c.end <= close_end
    if inside and (m := g.gloss_sep.fullmatch(text, prev.end, c.start)) is not None:
        return m
    if inside and (m := _noted_sep(g.lang).fullmatch(text, prev.end, c.start)) is not None:
        return m  # "(U.S. $4,167, official rate; U.S. $61 market rate)": one at each rate
    if (not inside and c.start < close_end) or set(c.surface.candidates) & (
        set(a.surface.candidates) | set(prev.surface.candidates)
    ):
        return None
    return _or_sep(g.lang).fullmatch(text, prev.end, c.start)


@functools.cache
def _noted_sep(lang: str) -> regex.Pattern[str]:
    """Compile ", official rate; " between two conversions in one parenthesis.

    The note names the rate (``gloss.at-rate``'s ``rates``, maybe after ``which`` words), so
    the next conversion may be in the same currency at another rate.
    """
    rd = rule_data(lang)["gloss.at-rate"]
    if not rd["rates"]:
        return cached_compile("(?!)")
    return cached_compile(
        rf"(?i),?[ \u00a0]*(?:at[ \u00a0]+)?{_rate_note(rd)}[ \u00a0]*[;/][ \u00a0]*(?P<eq>)"
    )


def _rate_note(rd: RuleData) -> str:
    """Return ``gloss.at-rate``'s words naming a rate: "the prevailing market rate"."""
    which = alternation(rd["which"], _SPACES)
    arts = alternation(rd["determiners"], _SPACES)
    return (
        rf"(?:(?:{arts})[ \u00a0]+)?(?:(?:{which})[ \u00a0]+){{0,2}}"
        rf"(?:{alternation(rd['rates'], _SPACES)})"
    )


@functools.cache
def _or_sep(lang: str) -> regex.Pattern[str]:
    """Compile " or " between two conversions in running text (an empty pattern if none)."""
    g = grammar(lang)
    words = g.lex.gloss_alternative
    if not words:
        return cached_compile("(?!)")
    return cached_compile(rf"(?i)\s+(?:{alternation(words)})\s+(?P<eq>)")


def _gloss(
    g: Grammar,
    a: Draft,
    b: Draft,
    source: int,
    eq: str | None,
    close: regex.Match[str],
    hedges: frozenset[str],
    rule_id: str,
) -> tuple[Draft, Draft]:
    """Mark ``b`` as a conversion of ``a`` (drafts index ``source``): return both anew."""
    # "more than 300 yuan (U.S. $47)": the bound is the amount's; the conversion has only a
    # bound of its own words ("(more than U.S. $47)"), as every real and blind gold reads it.
    # A hedge does carry: "around 40 yuan (U.S. $6.30)" is approximate in the seeds' gold.
    bound = b.bound
    approx, hedge = b.approx, b.hedge
    if (own := _hedge_of(eq, hedges)) is not None:
        approx, hedge = True, own
    elif a.approx:
        approx, hedge = True, b.hedge or a.hedge
    phrase, phrase_code = b.phrase, b.phrase_code
    if close.group("phrase"):
        phrase = close.group("phrase")
        phrase_code = g.lex.currency_phrases.get(" ".join(phrase.lower().split())) or None
    b = b._replace(
        gloss_of=source,
        bound=bound,
        approx=approx,
        hedge=hedge,
        phrase=phrase,
        phrase_code=phrase_code,
        tail=close.end(),
        trace=(*b.trace, rule_id),
    )
    return a._replace(tail=close.end()), b


def _bracket_after(text: str, ds: list[Draft], a: Draft, b: Draft) -> bool:
    """Tell whether ``b`` opens a bracket right after the conversion ``a``, in a third currency.

    ", or 1 yuan (U.S. $0.16)" converts the conversion; "3,000 won ($0.37) (8,100 won per
    dollar)" is in the first amount's own money: no conversion of the conversion.
    """
    if text[max(a.end, a.tail) : b.start].strip()[:1] not in _OPENS or a.gloss_of is None:
        return False
    source = ds[a.gloss_of]
    return set(b.surface.candidates).isdisjoint(source.surface.candidates)


_OPENS = frozenset("([（")


def _hedge_of(phrase: str | None, hedges: frozenset[str]) -> str | None:
    """Return the hedge that ``phrase`` is or holds as whole words, if any.

    "roughly equivalent to" and ", or roughly" hedge the conversion after them as "roughly"
    does; "the equivalent of" does not.
    """
    if not phrase:
        return None
    if phrase.lower() in hedges:
        return phrase
    words = " ".join(regex.sub(r"[^\w.~]+", " ", phrase.lower()).split())
    padded = f" {words} "
    hedge = next((h for h in _longest_first(hedges) if f" {h} " in padded), None)
    if hedge is None:
        return None
    k = phrase.lower().find(hedge)  # as written where the phrase holds it so
    return phrase[k : k + len(hedge)] if k >= 0 else hedge


@functools.cache
def _longest_first(hedges: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(hedges, key=len, reverse=True))


@functools.cache
def _hedges(lang: str) -> frozenset[str]:
    return frozenset(h.lower() for h in lexicon(lang).hedges)


def _linking(
    text: str, g: Grammar, a: Draft, a_end: int, b: Draft, off: frozenset[str],
    data: tuple[RuleData, RuleData],
) -> tuple[tuple[regex.Match[str], regex.Match[str]] | None, str]:  # fmt: skip
    """Try the linking rules in order on ``a`` and ``b``: (gap and close, rule id), or None."""
    found = None if "gloss.parenthesis" in off else parenthesis(text, g, a_end, b)
    if found is not None:
        return found, "gloss.parenthesis"
    found = None if "gloss.appositive" in off else appositive(text, g, a, a_end, b)
    if found is not None:
        return found, "gloss.appositive"
    shared = not _candidates(a, b).isdisjoint(_candidates(b, a))
    rd, rn = data
    if shared and "gloss.reform-restated" not in off:  # only within one currency
        found = reform_restated(text, g, a, a_end, b, rd)
        return (found, "gloss.reform-restated") if found is not None else (None, "")
    if not shared and b.start - a_end <= 160 and "gloss.restated-next" not in off:
        found = restated_next(text, g, a, a_end, b, rn)
        if found is not None:
            return found, "gloss.restated-next"
    if not shared and "gloss.at-rate" not in off:
        found = at_rate(text, g, a, a_end, b, rule_data(g.lang)["gloss.at-rate"])
        if found is not None:
            return found, "gloss.at-rate"
    return None, ""


@GLOSS.rule("at-rate", switch="rates", rates="phrases", which="words", determiners="words")
def at_rate(
    text: str, g: Grammar, a: Draft, a_end: int, b: Draft, data: RuleData
) -> tuple[regex.Match[str], regex.Match[str]] | None:
    """Link a conversion that names the rate it was made at, in another currency.

    "95,000 won is roughly $19 at the market rate", "3,000 won a month, worth less than half a
    dollar at market rates", "35,000 rubles ..., or roughly $400 at current rates": the amount
    in another currency follows at most 80 characters on in the same clause run (no figure and
    no sentence end between; a hedge or bound right before it is its own) and is followed by
    "at" and one of ``rates`` ("rate", "rates", "exchange rate"), with at most one of
    ``determiners`` and two words of ``which`` ("market", "current", "prevailing") between;
    the rate it implies must fit both currencies' history (``fits_rate``).

    Example:
        "95,000 won is roughly $19 at the market rate" -> "$19" glosses "95,000 won".

    """
    if not 0 < b.start - a_end <= 80 or not fits_rate(a, b):
        return None
    close = _at_rate(g.lang).match(text, b.end)
    if close is None:
        return None
    gap = _at_rate_gap(g.lang).fullmatch(text, a_end, b.start)
    return (gap, close) if gap is not None else None


@functools.cache
def _at_rate(lang: str) -> regex.Pattern[str]:
    """Compile " at the market rate" after a conversion."""
    g = grammar(lang)
    rd = rule_data(lang)["gloss.at-rate"]
    return g.anchored(
        # an empty "phrase" group like ``_EMPTY_PHRASE``'s: every close has one
        rf"(?i:[ \u00a0]+at[ \u00a0]+{_rate_note(rd)})(?![\w-])(?P<phrase>)"
    )


@functools.cache
def _at_rate_gap(lang: str) -> regex.Pattern[str]:
    """Compile the words between an amount and its conversion "at ... rate" (no figure)."""
    g = grammar(lang)
    return g.compile(
        r"[^\d.!?;:()\n]*?(?<![\w-])"
        r"(?:(?i:(?P<eq>\L<arhedge>))[ \u00a0]+)?(?:(?i:(?P<gb>\L<arbound>))[ \u00a0]+)?",
        arhedge=sorted(g.lex.hedges),
        arbound=sorted(g.lex.bounds),
    )


@GLOSS.rule("past-setting", switch="prepositions", prepositions="words")
def past_setting(text: str, a: Draft, a_end: int, b: Draft, data: RuleData) -> int | None:
    """Read an appositive conversion after the place or year an amount is set in.

    "A kilogram of pork cost 14,000 won in Pyongyang markets in 2019, about $1.70": after the
    amount, one or more of ``prepositions`` each with a capitalised name (and a noun) or a year;
    only the appositive rule is tried past them. Returns where they end.

    Example:
        "14,000 won in Pyongyang markets, or about $1.70" -> the dollars gloss the won.

    """
    pat = _setting(tuple(sorted(data["prepositions"])))
    m = pat.match(text, a_end, b.start)
    return m.end() if m is not None and m.end() > a_end else None


@functools.cache
def _setting(preps: tuple[str, ...]) -> regex.Pattern[str]:
    words = "|".join(regex.escape(p) for p in preps) or "(?!)"
    return cached_compile(
        rf"(?:[ \u00a0]+(?:{words})[ \u00a0]+"
        r"(?:\p{Lu}[\w'’-]*(?:[ \u00a0]+\p{Lu}[\w'’-]*){0,2}(?:[ \u00a0]+\p{Ll}+)?|\d{4}))+"
        r"(?=[ \u00a0]*,)"
    )


def _linking_past_noun(
    text: str, g: Grammar, a: Draft, a_end: int, b: Draft, off: frozenset[str],
    data: Mapping[str, RuleData],
) -> tuple[tuple[regex.Match[str], regex.Match[str]] | None, str, Draft]:  # fmt: skip
    """Apply ``_linking``, then again past the noun ``a`` qualifies (``gloss.attributive``)."""
    rules = (data["gloss.reform-restated"], data["gloss.restated-next"])
    found, rule_id = _linking(text, g, a, a_end, b, off, rules)
    if found is None and "gloss.past-setting" not in off:
        past = past_setting(text, a, a_end, b, data["gloss.past-setting"])
        if past is not None and "gloss.appositive" not in off:
            found = appositive(text, g, a, past, b)
            if found is not None:
                return found, "gloss.appositive", b._replace(trace=(*b.trace, "gloss.past-setting"))
    if found is not None or "gloss.attributive" in off:
        return found, rule_id, b
    attr = attributive(text, a, a_end, b, data["gloss.attributive"])
    if attr is None:
        return None, "", b
    found, rule_id = _linking(text, g, a, attr, b, off, rules)
    if found is not None:
        b = b._replace(trace=(*b.trace, "gloss.attributive"))
    return found, rule_id, b


@GLOSS.rule("movement-pair", switch="connectors", connectors="words")
def movement_pair(text: str, ds: list[Draft], i: int, data: RuleData) -> int | None:
    """Link the two ends of a converted movement to the two ends it converts, in order.

    A movement between two amounts ("from NT$22,000 to NT$23,100") converted as a movement
    ("(US$716 to US$752)", "or US$4.44 to US$4.68") converts end by end: the first conversion
    glosses the movement's start, the second its end. The ends on both sides are joined by a
    word of ``connectors`` and are two amounts each (no range), the conversions in one currency.
    A pair listed with "and" converts item by item the same way ("1,890 and 2,220 tugriks (0.74
    and 0.87 U.S. dollars)"). Returns the index of the second conversion.

    Example:
        "from NT$133 to NT$140 or US$4.44 to US$4.68" -> US$4.44 glosses NT$133, US$4.68 NT$140.

    """
    if i < 2 or i + 1 >= len(ds):
        return None
    a0, a1, b, c = ds[i - 2], ds[i - 1], ds[i], ds[i + 1]
    joins = data["connectors"]
    if (
        any(x.gloss_of is not None or x.high is not None for x in (a0, a1, b, c))
        or text[a0.end : a1.start].strip().lower() not in joins
        or text[b.end : c.start].strip().lower() not in joins
        or set(b.surface.candidates).isdisjoint(c.surface.candidates)
        or not set(a0.surface.candidates) & set(a1.surface.candidates)
    ):
        return None
    return i + 1


def _link_pair(
    text: str,
    g: Grammar,
    ds: list[Draft],
    i: int,
    b: Draft,
    found: tuple[regex.Match[str], regex.Match[str]],
    hedges: frozenset[str],
) -> bool:
    """Apply ``gloss.movement-pair`` at ``b`` (``ds[i]``); tell whether it linked the pair."""
    k = movement_pair(text, ds, i, rule_data(g.lang)["gloss.movement-pair"])
    if k is None:
        return False
    gap, close = found
    eq = gap.group("eq") or gap.groupdict().get("eq2")
    pair = "gloss.movement-pair"
    ds[i - 2], ds[i] = _gloss(g, ds[i - 2], b, i - 2, eq, close, hedges, pair)
    ds[i - 1], ds[k] = _gloss(g, ds[i - 1], ds[k], i - 1, eq, close, hedges, pair)
    return True


def _series_after(
    text: str,
    g: Grammar,
    ds: list[Draft],
    i: int,
    a: Draft,
    close: regex.Match[str],
    hedges: frozenset[str],
) -> Draft:
    """Apply ``gloss.series`` after the conversion ``ds[i]`` of ``a``; return ``a`` anew."""
    prev = ds[i]
    for k in range(i + 1, len(ds)):
        sep = series(text, g, a, prev, ds[k], close.end())
        if sep is None:
            break
        a, ds[k] = _gloss(g, a, ds[k], i - 1, sep.group("eq"), close, hedges, "gloss.series")
        if prev.approx and not ds[k].approx and ds[k].end > close.end():
            # "around 15 cents or 160 won": the hedge governs both conversions
            ds[k] = ds[k]._replace(approx=True, hedge=prev.hedge)
        prev = ds[k]
    return a


def link(
    text: str, g: Grammar, drafts: list[Draft], off: frozenset[str] = frozenset()
) -> list[Draft]:
    """Apply the gloss rules along the drafts; return them with ``gloss_of`` set."""
    ds = list(drafts)
    hedges = _hedges(g.lang)
    data = rule_data(g.lang)
    for i in range(1, len(ds)):
        a, b = ds[i - 1], ds[i]
        chained = a.gloss_of is not None and _bracket_after(text, ds, a, b)
        if b.gloss_of is not None or (a.gloss_of is not None and not chained):
            continue  # (a conversion converted again in brackets: ", or 1 yuan (U.S. $0.16)")
        # past a hedge or bound written after it ("左右"), unless that follows the conversion
        # ("10억위안(한화 1천600억원)을 초과")
        a_end = max(a.end, a.tail, a.after_mod if a.after_mod <= b.start else -1)
        a_tail = a.tail
        if 2 < b.start - a_end <= 48 and text[a_end : b.start].lstrip()[:1] not in "([,;":
            # "5,000 won per kilogram (about $0.60)", "1,000 yuan a month, or about $160":
            # the conversion comes after what the amount is priced per
            pm = g.per_after.match(text, a_end, b.start)
            shared = set(a.surface.candidates) & set(b.surface.candidates)
            if pm is not None and (not shared or _reform_restated(a, b, shared)):
                a_end = pm.end()  # (a conversion is into another currency: "18.06 dlrs a
                # barrel (43 cts a gallon)" restates the price per another unit)
        found, rule_id, b = _linking_past_noun(text, g, a, a_end, b, off, data)
        if found is None or opens_equation(text, b, data["gloss.parenthesis"]["joins"]):
            continue
        gap, close = found
        if "gloss.movement-pair" not in off and _link_pair(text, g, ds, i, b, found, hedges):
            continue  # "from NT$22,000 to NT$23,100 (US$716 to US$752)": end to end
        if (
            a.surface.key == b.surface.key
            and not a.phrase_code
            and not b.phrase_code
            and not (gap.group("eq") or gap.groupdict().get("eq2"))
            and not _reform_restated(a, b, set(a.surface.candidates))
            and rule_id != "gloss.reform-restated"
        ):
            continue  # "5,000 won (5,500 won in Pyongyang)": a second price, not a conversion
        if gap.groupdict().get("gb"):
            kind = g.lex.bounds[" ".join(gap.group("gb").lower().split())]
            b = b._replace(bound=kind)  # type: ignore[arg-type]
        eq = gap.group("eq") or gap.groupdict().get("eq2")
        if _hedge_of(eq, hedges) is None:
            eq = gap.groupdict().get("app") or eq  # ", or roughly equivalent to $1"
        a, ds[i] = _gloss(g, a, b, i - 1, eq, close, hedges, rule_id)
        if "gloss.series" not in off:
            a = _series_after(text, g, ds, i, a, close, hedges)
        # its per phrase comes first, or the restatement is the next sentence's: the per stage
        # reads the words right after the amount
        if a_end > max(a.end, a_tail) or (
            rule_id == "gloss.restated-next" and _SENTENCE_END.search(text, a_end, b.start)
        ):
            a = a._replace(tail=a_tail)
        ds[i - 1] = a
    return ds
