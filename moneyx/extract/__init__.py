"""Find money amounts in text: the extraction pipeline, stage by stage, rule by rule.

``extract_amounts`` is the public entry point and ``explain`` its "why": the same mentions with the
ids of the rules that decided them, and the candidates that named vetoes rejected. The stages:

1. ``candidates``: read the number beside every currency marker; ``vetoes`` reject some;
2. ``compose``: cents, ranges, elliptical figures; hedges, bounds and qualifying phrases;
3. ``glosses``: link each conversion to the amount it restates;
4. ``per``: what each amount is priced per, and whether it is a wage;
5. ``carry``: share units between a change and its level, and along a run of prices;
6. ``finish``: drop overlaps, decide each currency down the ladder (``moneyx.resolve``);
7. ``when``: the date or period the text gives each amount ("in 2002", "last December").

Every rule is a named record in ``moneyx.rules``; its words come from the lexicon data.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from datetime import date
from decimal import localcontext

import regex

from moneyx.extract import (
    candidates,
    carry,
    compose,
    draft,
    elided,
    finish,
    glosses,
    per,
    vetoes,
    when,
)
from moneyx.extract.draft import VETOED, Draft
from moneyx.langdetect import AUTO, detect, languages, letters_of, others_present
from moneyx.lexicon import known_codes, lexicon
from moneyx.matcher import Grammar, LazyPattern, compiled_patterns, force, grammar
from moneyx.model import Explanation, GlossPair, Mention, Vetoed
from moneyx.numbers import EXACT
from moneyx.resolve import ContextIndex, context, locale_table
from moneyx.rules import FIRED, RuleData, all_rules, rule_data
from moneyx.scan import scanner

__all__ = ["all_patterns", "explain", "extract_amounts", "gloss_pairs"]


def _check_args(
    text: object, lang: object, doc_date: object, default_currency: object, auto: bool = False
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
            if (
                auto
                and lex is not None
                and lex.surface(str(surface)) is None
                and _known_elsewhere(surface)
            ):
                continue  # a key for another language of an automatic read ("원")
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


def _known_elsewhere(surface: object) -> bool:
    """Tell whether ``surface`` is a currency surface of some language's lexicon."""
    return any(lexicon(lang).surface(str(surface)) is not None for lang in languages())


def all_patterns(lang: str = "en") -> dict[str, regex.Pattern[str]]:
    """Return every compiled pattern the engine uses for ``lang``, by name (tests, benchmarks).

    The shared grammar's, each stage module's own (built from its rules' data) and the fixed
    ones at module level.

    Example:
        >>> names = all_patterns("en")
        >>> "per_after" in names and "per.list_gap" in names
        True

    """
    out: dict[str, regex.Pattern[str]] = dict(compiled_patterns(lang))
    modules = (
        candidates, vetoes, compose, elided, glosses, per, carry, draft, finish, context, when,
    )  # fmt: skip
    for mod in modules:
        short = mod.__name__.rsplit(".", 1)[-1]
        for name, value in vars(mod).items():
            if isinstance(value, regex.Pattern | LazyPattern):
                out[f"{short}.{name}"] = force(value)
        build = getattr(mod, "_patterns", None)
        if build is not None:
            built = build(lang)
            for f in dataclasses.fields(built):
                value = getattr(built, f.name)
                if isinstance(value, regex.Pattern | LazyPattern):
                    out[f"{short}.{f.name}"] = force(value)
    out["context.sentence_end"] = context.sentence_end(lang)
    return out


def _check_disable(disable: Collection[str]) -> frozenset[str]:
    if isinstance(disable, str):
        raise TypeError("disable must be a collection of rule ids, not one string")
    off = frozenset(disable)
    if off:
        known = {r.id for r in all_rules()}
        unknown = sorted(off - known)
        if unknown:
            raise ValueError(f"unknown rule ids {unknown}; `python -m moneyx.rules` lists them all")
    return off


def extract_amounts(
    text: str,
    *,
    lang: str | None = None,
    doc_date: str | date | None = None,
    default_currency: Mapping[str, str] | None = None,
    locale: str | None = None,
    disable: Collection[str] = (),
) -> list[Mention]:
    """Find every monetary amount in ``text``.

    Args:
        text: The document (any str; odd text never raises).
        lang: Language of the rules ("en", "ko", "zh"), or "auto": the language whose letters
            the text holds most of, with the amounts written in another language's letters
            inside it read in theirs ("He paid 5천원"). By default the language of ``locale``,
            else "auto".
        doc_date: Publication date (ISO string or date); kept for callers that normalize.
        default_currency: Caller defaults for ambiguous surfaces, e.g. ``{"won": "KPW"}``.
        locale: Regional conventions for ambiguous symbols, e.g. "en-AU" makes "$" AUD.
        disable: Ids of rules to switch off ("per.compared", "rung.story-later"): to see what a
            rule contributes. ``python -m moneyx.rules`` lists them.

    Returns:
        Mentions in text order, non-overlapping.

    Raises:
        TypeError: ``text`` is not a str.
        ValueError: Unknown ``lang``/``locale``, invalid ``doc_date`` or ``default_currency``,
            unknown rule ids in ``disable``.

    Example:
        >>> [(m.text, str(m.value), m.currency, m.per) for m in
        ...  extract_amounts("Each family paid 300 yuan (U.S. $47) per household.")]
        [('300 yuan', '300', 'CNY', 'household'), ('U.S. $47', '47', 'USD', 'household')]

    """
    with localcontext(EXACT):
        return _extract(text, lang, doc_date, default_currency, locale, _check_disable(disable))


def explain(
    text: str,
    *,
    lang: str | None = None,
    doc_date: str | date | None = None,
    default_currency: Mapping[str, str] | None = None,
    locale: str | None = None,
    disable: Collection[str] = (),
) -> Explanation:
    """Extract the amounts of ``text`` and say why: the mentions with their traces, and the vetoes.

    Takes the arguments of ``extract_amounts`` and raises as it does.

    Returns:
        An Explanation: ``mentions`` as ``extract_amounts`` returns them (each with its
        ``trace``), ``vetoed`` the candidates named vetoes rejected, in text order.

    Example:
        >>> ex = explain("It weighs 200 pounds and cost 300 yuan.")
        >>> [m.text for m in ex.mentions], [(v.text, v.rule) for v in ex.vetoed]
        (['300 yuan'], [('200 pounds', 'veto.pound-weight')])

    """
    sink: list[Vetoed] = []
    fired: set[str] = set()
    token = VETOED.set(sink)
    token_fired = FIRED.set(fired)
    try:
        mentions = extract_amounts(
            text,
            lang=lang,
            doc_date=doc_date,
            default_currency=default_currency,
            locale=locale,
            disable=disable,
        )
    finally:
        VETOED.reset(token)
        FIRED.reset(token_fired)
    seen: set[tuple[int, int, str]] = set()
    vetoed = []
    for v in sorted(sink, key=lambda v: (v.start, v.end)):
        if (v.start, v.end, v.rule) not in seen:
            seen.add((v.start, v.end, v.rule))
            vetoed.append(v)
    return Explanation(
        text=text, mentions=tuple(mentions), vetoed=tuple(vetoed), context=tuple(sorted(fired))
    )


def _extract(
    text: str,
    lang: str | None,
    doc_date: str | date | None,
    default_currency: Mapping[str, str] | None,
    locale: str | None,
    off: frozenset[str],
    auto: bool = False,
) -> list[Mention]:
    if lang is None:
        # a locale names its language ("ko-KR"); otherwise the text says which it is
        lang = locale.replace("_", "-").split("-")[0].lower() if isinstance(locale, str) else AUTO
    if lang == AUTO and isinstance(text, str):
        return _extract_auto(text, doc_date, default_currency, locale, off)
    parsed_date, defaults = _check_args(text, lang, doc_date, default_currency, auto)
    grammar(lang)  # an unsupported language raises here, before any text is read
    if not text:
        return []
    work = _APOSTROPHE.sub("'", text) if "\u2019" in text else text
    found = _stages(work, lang, parsed_date, defaults, locale, off)
    if work is text:
        return found
    return [dataclasses.replace(m, text=text[m.start : m.end]) for m in found]


# a typographic apostrophe inside a word reads as the plain one every phrase in the lexicons is
# written with ("That’s about $3,500", "won’t"); one character for one, so offsets hold
_APOSTROPHE = regex.compile("(?<=\\w)\u2019(?=\\w)")


def _stages(
    text: str,
    lang: str,
    parsed_date: date | None,
    defaults: Mapping[str, str],
    locale: str | None,
    off: frozenset[str],
) -> list[Mention]:
    """Run the stages from the candidates to the dated mentions on a checked, non-empty text."""
    g = grammar(lang)
    loc = locale_table(g.lex, locale)
    data = rule_data(lang)
    markers: list[elided.Marker] = []
    drafts = candidates.read(text, g, data, off, markers)
    if not drafts and not markers and not elided.fares_named(text, g):
        return []  # ("车资调高6分": a fare's change in tenths needs no amount before it)
    drafts = compose.scale_compounds(text, g, drafts, off)
    drafts = compose.cents(text, g, drafts, data, off)
    drafts = compose.ranges(text, g, drafts, off)
    drafts = compose.elliptical(text, g, drafts, data, off)
    starts = {d.start for d in drafts}
    drafts = elided.figures(text, g, drafts, markers, off)
    fresh = frozenset(d.start for d in drafts if d.start not in starts)
    if fresh:  # "at 7.1043 per dollar, weaker than Monday's 7.1018": after an elided level too
        drafts = compose.elliptical(text, g, drafts, data, off, fresh)
    drafts = compose.listed(text, g, drafts, off)
    if not drafts:
        return []
    drafts = [compose.modify(text, g, d, data, off) for d in drafts]
    drafts = compose.bound_pair(text, g, drafts, off)
    drafts = compose.ceiling_subject(text, g, drafts, off)
    drafts = compose.bounded_range(text, g, drafts, off)
    drafts = compose.hedge_shared(text, g, drafts, off)
    drafts = glosses.link(text, g, drafts, off)
    ctx = ContextIndex(text, lang, off)
    drafts = per.assign(text, g, drafts, ctx, data, off)
    drafts = carry.lists(text, g, drafts, data, off)
    drafts = carry.pair(text, g, drafts, data, off)
    drafts = carry.rates(text, g, drafts, ctx, data, off)
    drafts = carry.run(text, g, drafts, ctx, data, off)
    drafts = carry.payments(text, g, drafts, ctx, data, off)
    drafts = carry.parts(text, g, drafts, ctx, data, off)
    drafts = carry.pair(text, g, drafts, data, off)  # a change after a level that took its unit
    for _ in range(2):  # (a level priced after a change may be moved by the next change)
        changed = carry.changes(text, g, drafts, ctx, data, off)
        if all(a is b for a, b in zip(drafts, changed, strict=True)):
            break
        drafts = carry.pair(text, g, changed, data, off)  # a level after a change given its unit
    drafts = _wages(text, g, drafts, ctx, data, off)
    drafts = compose.rate_extremes(text, g, drafts, off)
    drafts = _notes(text, g, drafts, ctx, data, off)
    found = finish.mentions(text, g, drafts, ctx, defaults, loc, locale or lang, parsed_date, off)
    return when.date_mentions(text, lang, found, ctx, parsed_date, off)


def _notes(
    text: str,
    g: Grammar,
    drafts: list[Draft],
    ctx: ContextIndex,
    data: Mapping[str, RuleData],
    off: frozenset[str],
) -> list[Draft]:
    """Apply what the passage says once for many amounts: same prices, notes, headings, lists."""
    noted = drafts
    drafts = carry.same_prices(text, g, drafts, ctx, data, off)
    drafts = carry.price_notes(text, g, drafts, ctx, off)
    drafts = carry.pay_headings(text, g, drafts, ctx, off)
    drafts = carry.same_below(text, g, drafts, off)
    priced = carry.commodities(text, g, drafts, ctx, data, off)
    if priced is not drafts:  # a good named again priced a figure: its run goes on from it
        priced = carry.run(text, g, priced, ctx, data, off)
    drafts = carry.dated_lists(text, g, priced, ctx, data, off)
    drafts = carry.same_figure(text, g, drafts, off)
    drafts = carry.shared_lists(text, drafts, data, off)
    if any(a.per != b.per for a, b in zip(noted, drafts, strict=True)):
        # "the average price came to 3,835 yen, up 180 yen": the change of a level a note priced
        drafts = carry.changes(text, g, drafts, ctx, data, off)
        drafts = carry.pair(text, g, drafts, data, off)
    return drafts


def _wages(
    text: str,
    g: Grammar,
    drafts: list[Draft],
    ctx: ContextIndex,
    data: Mapping[str, RuleData],
    off: frozenset[str],
) -> list[Draft]:
    """Carry wage periods along their series, then to the changes of the wages carried so.

    The period of the first wage that states one goes back to the wages before it too.
    """
    waged = carry.wages(text, g, drafts, ctx, data, off)
    waged = carry.wages_before(text, g, waged, ctx, data, off)
    if any(a is not b for a, b in zip(drafts, waged, strict=True)):
        waged = carry.changes(text, g, waged, ctx, data, off)  # "a rise of ¥25" after it
        waged = carry.pair(text, g, waged, data, off)  # "at ¥932, up ¥25"
    return waged


def _extract_auto(
    text: str,
    doc_date: str | date | None,
    default_currency: Mapping[str, str] | None,
    locale: str | None,
    off: frozenset[str],
) -> list[Mention]:
    """Read ``text`` in its language, and the amounts in another language's letters in theirs.

    The document is read whole in the language whose letters it holds most of; then, for each
    other language whose letters occur, it is read again in that language and the amounts whose
    span holds one of its letters ("5천원" in an English story) join the list where they overlap
    nothing found first. Indices of glosses are renumbered for the merged list.
    """
    if locale is not None and not any(_locale_fits(locale, lang) for lang in languages()):
        raise ValueError(f"unknown locale {locale!r}: no language {', '.join(languages())}")
    main = detect(text)
    loc = locale if locale is None or _locale_fits(locale, main) else None
    mentions = _extract(text, main, doc_date, default_currency, loc, off, True)
    others = tuple(lang for lang in others_present(text, main) if _has_own_marker(text, lang))
    if not others:
        return mentions
    tagged = [(m, 0, k) for k, m in enumerate(mentions)]
    ctx = ContextIndex(text, main, off)
    for n, lang in enumerate(others, 1):
        letters = letters_of(lang)
        loc = locale if locale is not None and _locale_fits(locale, lang) else None
        for k, m in enumerate(_extract(text, lang, doc_date, default_currency, loc, off, True)):
            if letters.search(m.text) and not any(
                m.start < x.end and x.start < m.end for x, _, _ in tagged
            ):
                tagged.append((_in_context(m, ctx, main), n, k))
    if len(tagged) == len(mentions):
        return mentions
    return _merge(tagged)


def _has_own_marker(text: str, lang: str) -> bool:
    """Tell whether ``text`` holds a currency marker of ``lang`` written in its letters.

    "kg" in a Korean text is English letters but no English currency: no English read is
    needed (one scan of the markers decides it).
    """
    letters = letters_of(lang)
    return any(letters.search(text, a, b) for a, b in scanner(lang).iter_anchors(text))


_NO_EVIDENCE = frozenset({"rung.locale-default", "rung.unresolved"})
_SCOPES = ("sentence", "paragraph", "document")  # not-lexicon: context scopes


def _in_context(m: Mention, ctx: ContextIndex, main: str) -> Mention:
    """Decide an embedded amount's currency by the main language's cues when its own had none.

    "5천원" in an English story about Hyesan: the Korean read has no Korean cue and falls back
    on its locale; the English cues of the sentence, paragraph or document decide first.
    """
    if len(m.candidates) < 2 or not m.trace or m.trace[-1] not in _NO_EVIDENCE:
        return m
    for scope in _SCOPES:
        lo, hi = (
            ctx.sentence(m.start)
            if scope == _SCOPES[0]
            else ctx.paragraph(m.start)
            if scope == _SCOPES[1]
            else (0, len(ctx.text))
        )
        scores, cues = ctx.score(lo, hi, m.candidates, scope == _SCOPES[2])
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        if ranked and ranked[0][1] > 0 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            shown = ", ".join(repr(c) for c in cues[:4])
            return dataclasses.replace(
                m,
                currency=ranked[0][0],
                reason=f"{scope} context cues {shown} of the {main} text around it",
                trace=(*m.trace[:-1], f"rung.{scope}-cues"),
            )
    return m


def _locale_fits(locale: str, lang: str) -> bool:
    return locale.replace("_", "-").split("-")[0].lower() == lang


def _merge(tagged: list[tuple[Mention, int, int]]) -> list[Mention]:
    """Order the mentions of several reads by offset, renumbering each read's gloss indices.

    ``tagged`` holds (mention, read, index in that read); a gloss whose source was left out
    (it overlapped the first read's amount) glosses nothing.
    """
    order = sorted(tagged, key=lambda t: (t[0].start, t[0].end))
    where = {(n, k): i for i, (_, n, k) in enumerate(order)}
    out = []
    for m, n, _ in order:
        if m.gloss_of is not None:
            m = dataclasses.replace(m, gloss_of=where.get((n, m.gloss_of)))
        out.append(m)
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
