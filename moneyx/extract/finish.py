"""The last stage: drop overlaps, decide each currency down the ladder, build the Mentions."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal

from moneyx.extract.draft import Draft, report_veto
from moneyx.matcher import Grammar
from moneyx.model import Mention
from moneyx.resolve import ContextIndex, Decision, Evidence, decide, default_for
from moneyx.rules import registry

__all__ = ["mentions"]


@registry("veto").rule("overlap")
def overlap(text: str, d: Draft) -> str:
    """Reject an amount that overlaps a longer one (or, of two as long, the later one).

    Example:
        A range found whole and its high end found alone: the range is kept.

    """
    return "a longer or earlier amount overlaps"


def drop_overlaps(text: str, drafts: list[Draft]) -> list[Draft]:
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
        if (j > 0 and taken_ends[j - 1] > d.start) or (
            j < len(taken_starts) and taken_starts[j] < d.end
        ):
            report_veto("veto.overlap", text, d.start, d.end, overlap(text, d))
            continue
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
            d = d._replace(gloss_of=remap.get(d.gloss_of))
        out.append(d)
    return out


def mentions(
    text: str,
    g: Grammar,
    drafts: list[Draft],
    ctx: ContextIndex,
    defaults: Mapping[str, str],
    loc: Mapping[str, str],
    locale_name: str,
    doc_day: date | None,
    off: frozenset[str] = frozenset(),
) -> list[Mention]:
    """Decide each draft's currency and build the Mentions, in text order."""
    drafts = drop_overlaps(text, drafts)
    out: list[Mention] = []
    codes: list[str | None] = []
    first_gloss = _first_glosses(drafts)
    evidence = _Evidence(ctx, g, defaults, loc, locale_name, doc_day)

    # code -> (order, text) of the latest mention whose currency was written out
    named: dict[str, tuple[int, str]] = {}
    later = _named_after(text, drafts)
    for i, d in enumerate(drafts):
        src = drafts[d.gloss_of] if d.gloss_of is not None else None
        gloss_source = None
        rate_pair = None
        antecedent, named_later = _story(d, named, later[i], loc)
        if src is not None:
            same = src.value == d.value and src.high == d.high
            src_code = codes[d.gloss_of]  # type: ignore[index]
            gloss_source = (src_code, text[src.start : src.end], same)
            if src_code is not None and not same:
                rate_pair = (src_code, src.value, text[src.start : src.end])
        elif i in first_gloss and doc_day is not None and len(d.surface.candidates) > 1:
            rate_pair = _gloss_pair(text, first_gloss[i], d, evidence, off)
        if rate_pair is None and doc_day is not None:
            rate_pair = _quoted_rate(g, d)
        decision = decide(
            evidence(
                d,
                gloss_source=gloss_source,
                wage=(d.per, d.high or d.value) if d.role == "wage" and d.per else None,
                rate_pair=rate_pair,
                value=d.value,
                antecedent=antecedent,
                named_later=named_later,
            ),
            off,
        )
        codes.append(decision.currency)
        if decision.currency is not None and (
            (d.surface.explicit and d.form != "elliptical")  # an elided figure wrote no name
            or d.phrase_code
            or decision.rung == "rung.rate-band"
        ):
            # written out, or placed by its conversion's exchange rate: later bare amounts
            # of the story follow it
            named[decision.currency] = (i, text[d.start : d.end])
        out.append(_mention(text, g, d, src, drafts, decision))
    return out


def _first_glosses(drafts: list[Draft]) -> dict[int, Draft]:
    """Map each glossed draft's index to its first conversion."""
    first: dict[int, Draft] = {}
    for d in drafts:
        if d.gloss_of is not None and d.gloss_of not in first:
            first[d.gloss_of] = d
    return first


def _named_after(text: str, drafts: list[Draft]) -> list[tuple[str, str] | None]:
    """For each draft, the next later one whose currency is written out: (code, text)."""
    later: list[tuple[str, str] | None] = [None] * len(drafts)
    nearest: tuple[str, str] | None = None
    for j in range(len(drafts) - 1, -1, -1):
        later[j] = nearest
        dj = drafts[j]
        if dj.surface.explicit and dj.form != "elliptical":
            nearest = (dj.surface.candidates[0], text[dj.start : dj.end])
    return later


class _Evidence:
    """Build the Evidence of a draft: its own facts and the document's, shared by all."""

    __slots__ = ("common", "day")  # not-lexicon: attribute names

    def __init__(
        self,
        ctx: ContextIndex,
        g: Grammar,
        defaults: Mapping[str, str],
        loc: Mapping[str, str],
        locale_name: str,
        day: date | None,
    ) -> None:
        self.common = (ctx, g.lex, defaults, loc, locale_name)
        self.day = day

    def __call__(self, x: Draft, **more: object) -> Evidence:
        return Evidence(
            x.surface, x.written, x.start, *self.common, x.phrase_code, x.phrase,
            doc_day=self.day, **more,  # type: ignore[arg-type]
        )  # fmt: skip


def _gloss_pair(
    text: str,
    gl: Draft,
    d: Draft,
    evidence: Callable[..., Evidence],
    off: frozenset[str],
) -> tuple[str, Decimal, str] | None:
    """Return the other side of the pair an ambiguous amount and its conversion make."""
    if gl.value == d.value:
        return None
    gl_code = decide(evidence(gl), off).currency
    return None if gl_code is None else (gl_code, gl.value, text[gl.start : gl.end])


def _quoted_rate(g: Grammar, d: Draft) -> tuple[str, Decimal, str] | None:
    """Return the unit a quoted rate is priced per: "8,000 won to the dollar" is a pair."""
    if d.per is not None and d.per in g.lex.rate_units and len(d.surface.candidates) > 1:
        return g.lex.rate_units[d.per], Decimal(1), f"one {d.per}"
    return None


def _story(
    d: Draft,
    named: dict[str, tuple[int, str]],
    nxt_named: tuple[str, str] | None,
    loc: Mapping[str, str],
) -> tuple[tuple[str, str] | None, tuple[str, str] | None]:
    """Return (antecedent, named later): the currency the story wrote out before or after."""
    cands = d.surface.candidates
    if not (
        len(cands) > 1
        and (named or nxt_named is not None)
        and any(ch.isalpha() for ch in d.written)  # currency words; a sign's house style
        # differs ("HK$2.3 billion ... \$1.5 billion" in Reuters Hong Kong copy is USD)
    ):
        return None, None
    # a named locale default is the exception, not the story's currency: a Sydney story's
    # "460 U.S. dlrs an ounce" leaves its bare "dlrs" Australian
    usual = default_for(loc, d.surface, d.written)
    seen = [(named[c], c) for c in cands if c in named and c != usual]
    if seen:
        (_, said), code = max(seen)
        return (code, said), None
    if nxt_named is not None and nxt_named[0] in cands and nxt_named[0] != usual:
        return None, nxt_named
    return None, None


def _mention(
    text: str, g: Grammar, d: Draft, src: Draft | None, drafts: list[Draft], decision: Decision
) -> Mention:
    return Mention(
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
        gloss_of=d.gloss_of if src is not None else None,
        elided=d.form == "elliptical",
        role=d.role,
        rule=d.rule,
        lang=g.lang,
        unit=d.written,
        trace=(*d.trace, decision.rung),
    )
