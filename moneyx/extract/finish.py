"""The last stage: drop overlaps, decide each currency down the ladder, build the Mentions."""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Collection, Mapping
from datetime import date
from decimal import Decimal

from moneyx.eras import power_of_ten, step
from moneyx.extract.draft import Draft, report_veto
from moneyx.extract.elided import in_band
from moneyx.extract.per import base_codes
from moneyx.lexicon import currencies, lexicon
from moneyx.matcher import Grammar
from moneyx.model import Mention
from moneyx.resolve import (
    ContextIndex,
    Decision,
    Evidence,
    by_evidence,
    decide,
    default_for,
    sending_verb,
    sized,
)
from moneyx.resolve.context import STRONG
from moneyx.rules import registry, rule_data

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
    first_gloss = _first_glosses(drafts)
    evidence = _Evidence(ctx, g, defaults, loc, locale_name, doc_day)
    story = _Story(text, drafts, ctx, g.lang)
    later = _named_after(text, drafts, g.lang, off)
    signs = {} if "rung.local-sign" in off else _local_signs(text, drafts, loc, g)
    if signs and ctx.dateline_end() > 0:
        signs = {}  # wire copy under a dateline ("HONG KONG (Reuters) -") writes $ for US dollars
    settings = {} if "rung.story-setting" in off else _sign_settings(drafts, ctx, loc)
    sized_sums = _sized_sums(text, g.lang, drafts)
    for i, d in enumerate(drafts):
        src = drafts[d.gloss_of] if d.gloss_of is not None else None
        antecedent, named_later = _story(d, story.named, later[i], loc)
        gloss_source, rate_pair, quoted, equated = _pair(
            text, g, drafts, i, story, first_gloss.get(i), evidence, off
        )
        decision = decide(
            evidence(
                d,
                gloss_source=gloss_source,
                wage=(d.per, d.high or d.value) if d.role == "wage" and d.per else None,
                rate_pair=rate_pair,
                quoted=quoted,
                value=d.value,
                antecedent=antecedent,
                named_later=named_later,
                same_rate=story.same_rate(d, rate_pair),
                follows=story.follows(d),
                sent_before=story.sent,
                equated=equated,
                converted_to=_converted_to(d, first_gloss.get(i)),
                sized_near=_sized_near(d, sized_sums, ctx) if sized_sums else None,
                per=d.per,
                sign_before=story.sign_cued.get(d.surface.candidates) if _bare_sign(d) else None,
                guessed=story.guessed.get(d.surface.candidates),
                local_sign=signs.get(d.surface.candidates) if _bare_sign(d) else None,
                sign_setting=_setting_of(d, settings) if settings else None,
            ),
            off,
        )
        story.record(i, d, decision)
        out.append(_mention(text, g, d, src, drafts, decision))
    return out


def _sized_sums(text: str, lang: str, drafts: list[Draft]) -> list[tuple[Draft, str, str]]:
    """Return the ambiguous sums whose size alone names their currency (``rung.magnitude``).

    Not a sum whose dollar conversion implies a rate its size's currency never had
    ("209억343만원(95억8873만달러)" is 2.18 won a dollar, the North's official won): the pair's
    rate decides it, whatever its size says.
    """
    out = []
    glosses = {x.gloss_of: x for x in drafts if x.gloss_of is not None}
    for i, d in enumerate(drafts):
        if len(d.surface.candidates) > 1 and d.gloss_of is None:
            code = sized(lang, d.surface.candidates, d.value)
            if code is not None and _size_fits(d, code, glosses.get(i)):
                out.append((d, code, text[d.start : d.end]))
    return out


def _size_fits(d: Draft, code: str, gloss: Draft | None) -> bool:
    """Tell whether ``d``'s dollar conversion (if any) implies a rate ``code`` has had."""
    if gloss is None or gloss.surface.candidates[:1] != ("USD",) or not gloss.value:
        return True
    return in_band(d.value / gloss.value, (code,), "USD")


def _sized_near(
    d: Draft, sums: list[tuple[Draft, str, str]], ctx: ContextIndex
) -> tuple[str, str] | None:
    """Return (code, text) of a sized sum of ``d``'s candidates in its paragraph, not ``d``."""
    lo, hi = ctx.paragraph(d.start)
    for x, code, written in sums:
        same = x.surface.candidates == d.surface.candidates
        if same and x.start != d.start and lo <= x.start < hi:
            return code, written
    return None


# (glossed amount, other side or rate unit, a quoted rate's unit?, equation's currency)
_Paired = tuple[
    tuple[str | None, str, bool] | None, tuple[str, Decimal, str] | None, bool, str | None
]


def _pair(
    text: str,
    g: Grammar,
    drafts: list[Draft],
    i: int,
    story: _Story,
    gloss: Draft | None,
    evidence: _Evidence,
    off: frozenset[str],
) -> _Paired:
    """Return what pairs ``drafts[i]`` with another currency for the ladder.

    (the amount it glosses, the other side of its pair or its rate's unit, whether that is a
    quoted rate's unit, the currency an equation names).
    """
    d = drafts[i]
    src = drafts[d.gloss_of] if d.gloss_of is not None else None
    gloss_source = rate_pair = None
    if src is not None:
        same = src.value == d.value and src.high == d.high
        src_code = story.codes[d.gloss_of]  # type: ignore[index]
        gloss_source = (src_code, text[src.start : src.end], same)
        if src_code is not None and not same:
            rate_pair = (src_code, src.value, text[src.start : src.end])
    elif gloss is not None and len(d.surface.candidates) > 1:
        rate_pair = _gloss_pair(text, gloss, d, evidence, off)
    if rate_pair is None and (rate_pair := _quoted_rate(text, g, d)) is not None:
        return gloss_source, rate_pair, True, None
    equated = None
    if rate_pair is None:
        rate_pair, equated = _equation(text, g, drafts, i, story, evidence, off)
    return gloss_source, rate_pair, False, equated


# rungs whose decision names the story's currency for the bare amounts after it: the currency
# written out, placed by its conversion's exchange rate, or by the size of the sum
_NAMES = frozenset(("rung.rate-band", "rung.same-rate", "rung.magnitude"))
_WRITTEN = frozenset(("rung.explicit", "rung.qualifier-phrase"))
_SAME_RATE = math.log(1.02)  # two conversions at rates 2% apart are at one rate (rounding)


class _Story:
    """What the story has decided so far: the evidence later amounts lean on."""

    def __init__(self, text: str, drafts: list[Draft], ctx: ContextIndex, lang: str) -> None:
        self.text, self.drafts, self.ctx, self.lang = text, drafts, ctx, lang
        self.sent: tuple[str, str] | None = None  # the latest sum sent, decided by evidence
        self.codes: list[str | None] = []
        self.rungs: list[str] = []
        # code -> (order, text) of the latest mention whose currency the story named
        self.named: dict[str, tuple[int, str]] = {}
        # (code of the conversion, rate, code written out, its text) of each pair seen
        self.rates: list[tuple[str, float, str, str]] = []
        self.last: dict[tuple[str, ...], int] = {}  # candidates -> latest decided amount
        # a bare sign's candidates -> (code, text) of the story's first such sign when its own
        # sentence's cues (or its conversion's rate) decided it, else None (``rung.sign-again``)
        self.sign_cued: dict[tuple[str, ...], tuple[str, str] | None] = {}
        # candidates -> (code, text) of the story's first amount its conversion's rate guessed
        self.guessed: dict[tuple[str, ...], tuple[str, str]] = {}

    def same_rate(self, d: Draft, pair: tuple[str, Decimal, str] | None) -> tuple[str, str] | None:
        """Return (code, text) of an earlier written-out amount converted at ``pair``'s rate."""
        if pair is None or not self.rates or not pair[1] or not d.value:
            return None
        rate = math.log(float(abs(d.value / pair[1])))
        for known, seen, code, said in self.rates:
            if known == pair[0] and abs(rate - seen) <= _SAME_RATE and code != known:
                return code, said
        return None

    def follows(self, d: Draft) -> tuple[str, str, str, Decimal] | None:
        """Return (code, text, rung, value) of the sentence's nearest earlier amount like ``d``."""
        j = self.last.get(d.surface.candidates)
        if j is None or len(d.surface.candidates) < 2:
            return None
        dj = self.drafts[j]
        if self.ctx.sentence(dj.start) != self.ctx.sentence(d.start):
            return None
        return self.codes[j] or "", self.text[dj.start : dj.end], self.rungs[j], dj.value

    def record(self, i: int, d: Draft, decision: Decision) -> None:
        """Note the decision on draft ``i`` for the amounts after it."""
        code, rung = decision.currency, decision.rung
        self.codes.append(code)
        self.rungs.append(rung)
        if code is None:
            return
        said = self.text[d.start : d.end]
        if rung == "rung.rate-guess":
            self.guessed.setdefault(d.surface.candidates, (code, said))
        if _bare_sign(d) and d.surface.candidates not in self.sign_cued:
            self.sign_cued[d.surface.candidates] = (code, said) if rung in _SIGN_CUED else None
        if by_evidence(rung) and self._sent(d):
            self.sent = (code, said)  # a sum sent: the story's later sums sent follow it
        # an elided figure wrote no name: it names nothing by its surface
        written = d.surface.explicit and d.form != "elliptical"
        if written or d.phrase_code or rung in _NAMES:
            self.named[code] = (i, said)  # later bare amounts of the story follow it
        if d.gloss_of is None:
            self.last[d.surface.candidates] = i
            return
        src = self.drafts[d.gloss_of]
        src_code = self.codes[d.gloss_of]
        if src_code is None or not src.value or not d.value:
            return
        rate = math.log(float(abs(src.value / d.value)))  # units of the source per gloss unit
        if self.rungs[d.gloss_of] in _WRITTEN:
            self.rates.append((code, rate, src_code, self.text[src.start : src.end]))
        if rung in _WRITTEN:
            self.rates.append((src_code, -rate, code, said))

    def _sent(self, d: Draft) -> bool:
        """Tell whether a verb of sending stands next to ``d`` in its sentence."""
        lo, hi = self.ctx.sentence(d.start)
        return sending_verb(self.text, self.lang, lo, hi, d.start, d.end) is not None


# (or its conversion's rate placed it: "￥500 billion (US$4.5 billion)" sets the story's ￥)
_SIGN_CUED = frozenset({"rung.sentence-cues", "rung.clause-cues", "rung.rate-band"})


def _bare_sign(d: Draft) -> bool:
    """Tell whether ``d`` is written with a sign of several currencies and no letter ("$")."""
    return len(d.surface.candidates) > 1 and not any(ch.isalpha() for ch in d.written)


def _local_signs(
    text: str, drafts: list[Draft], loc: Mapping[str, str], g: Grammar
) -> dict[tuple[str, ...], tuple[str, str]]:
    """Map each bare sign's candidates to the one the story writes out (``rung.local-sign``).

    The first amount of the story in any of the candidates must write a currency out; the
    story writes out that one alone, or that one and the locale's own dollar (a story that
    marks its "US$" and its "S$" leaves the bare sign to the local one: "US$72,017
    (S$101,400) ... its fine reduced from $180,000", unless it names a sum in a currency of no
    dollar: "HK$327m (US$42m; £22m) ... the $1.75bn agreement" is British copy). No bare sign
    of the candidates may be a conversion, and none may be quoted as one unit against the
    written-out currency ("$1 against 7.75 HK dollars": that sign is the other dollar), nor
    may the story quote a table of rates against another of the sign's currencies ("1.8132
    marks, ..., 1.3170 Canadian dollars" per dollar: its plain dollar is the US one).
    """
    out: dict[tuple[str, ...], tuple[str, str]] = {}
    for cands in {d.surface.candidates for d in drafts if _bare_sign(d)}:
        kin = [
            d for d in drafts
            if d.form != "elliptical" and not set(d.surface.candidates).isdisjoint(cands)
        ]  # fmt: skip
        if not kin or not kin[0].surface.explicit:
            continue
        bare = [d for d in kin if _bare_sign(d) and d.surface.candidates == cands]
        if not bare:
            continue  # (its bare signs are all elided figures)
        own = default_for(loc, bare[0].surface, bare[0].written)
        written = {d.surface.candidates[0] for d in kin if d.surface.explicit}
        if len(written) == 2 and own == cands[0] and own in written and _home_copy(drafts, cands):
            written.discard(own)  # the sign's own dollar marked: the bare sign is the other
        code = next(iter(written))
        if (
            len(written) > 1
            or any(d.gloss_of is not None for d in bare)
            or any(_quoted_against(d, kin, code) for d in bare)
            or code == own
            or _rate_table(drafts, cands, code, g)
        ):
            continue
        first = next(d for d in kin if d.surface.explicit and d.surface.candidates[0] == code)
        out[cands] = (code, text[first.start : first.end])
    return out


def _rate_table(drafts: list[Draft], cands: tuple[str, ...], code: str, g: Grammar) -> bool:
    """Tell whether the story quotes several currencies, ``code`` among them, per another dollar.

    A wire table of rates against the dollar ("1.8132 marks, 1.4950 Swiss francs, ... 1.3170
    Canadian dollars") is about that dollar; a local story quoting only its own ("HK$7.80 to
    the US dollar") is not.
    """
    quoted = {
        d.surface.candidates[0]
        for d in drafts
        if d.per and set(base_codes(d.per, g.lex)) & (set(cands) - {code})
    }
    return code in quoted and len(quoted) > 1


def _home_copy(drafts: list[Draft], cands: tuple[str, ...]) -> bool:
    """Tell whether every sum of the story is in a currency the sign may be (local copy)."""
    return all(not set(d.surface.candidates).isdisjoint(cands) for d in drafts)


_SETTING_HITS = 3  # strong cues of one place a story names before its setting decides its "$"


def _sign_settings(
    drafts: list[Draft], ctx: ContextIndex, loc: Mapping[str, str]
) -> dict[tuple[str, ...], tuple[str, str]]:
    """Map each bare sign's candidates to the dollar of the place the story is set in.

    For ``rung.story-setting``: a story that names one place's strong cues again and again
    (at least ``_SETTING_HITS`` times, "HDB" in a Singapore housing story; once is enough where
    it names that place's dollar, "the strong Singapore dollar"), never names the
    locale's own dollar, writes no currency of the sign out ("US$", "S$": other rungs read
    those) and converts no bare sign to another currency nor into one, under no dateline.
    """
    out: dict[tuple[str, ...], tuple[str, str]] = {}
    if ctx.dateline_end() > 0:
        return out
    for cands in {d.surface.candidates for d in drafts if _bare_sign(d)}:
        kin = [d for d in drafts if not set(d.surface.candidates).isdisjoint(cands)]
        bare = [i for i, d in enumerate(drafts) if _bare_sign(d) and d.surface.candidates == cands]
        glossed = {d.gloss_of for d in drafts} | {i for i in bare if drafts[i].gloss_of is not None}
        if any(d.surface.explicit for d in kin) or not glossed.isdisjoint(bare):
            continue  # (international copy converts its "$": "$220m (£117m)")
        own = default_for(loc, drafts[bare[0]].surface, drafts[bare[0]].written)
        scores, cues = ctx.score(0, len(ctx.text), cands, True)
        best = max(cands, key=lambda c: scores[c])
        ahead = all(scores[c] < scores[best] for c in cands if c != best)
        strong = scores[best] >= _SETTING_HITS * STRONG or (
            scores[best] >= STRONG and _names_currency(ctx.text, best)
        )  # (fewer cues where the story names that dollar: "the strong Singapore dollar")
        if own is not None and best != own and scores.get(own, 0) == 0 and ahead and strong:
            out[cands] = (best, ", ".join(repr(c) for c in cues[:3]))
    return out


def _setting_of(
    d: Draft, settings: dict[tuple[str, ...], tuple[str, str]]
) -> tuple[str, str] | None:
    """Return the setting of a bare sign's story for ``d``: the sign's, or for the sign's cents.

    "50 cents" in a story whose "$" is the Singapore dollar is Singapore cents.
    """
    if _bare_sign(d):
        return settings.get(d.surface.candidates)
    if d.surface.kind == "minor" and len(d.surface.candidates) > 1:
        return next((v for v in settings.values() if v[0] in d.surface.candidates), None)
    return None


def _names_currency(text: str, code: str) -> bool:
    """Tell whether the text names a currency by one of its names of two or more words."""
    info = currencies().get(code)
    if info is None:
        return False
    low = text.lower()
    return any(" " in n and n.lower() in low for n in info.names)


def _quoted_against(d: Draft, kin: list[Draft], code: str) -> bool:
    """Tell whether the bare sign ``d`` is one unit quoted against an amount written in ``code``."""
    return d.value == 1 and any(
        0 <= k.start - d.end <= _QUOTE_GAP
        and k.surface.explicit
        and k.surface.candidates[0] == code
        for k in kin
    )


_QUOTE_GAP = 16  # characters between a sign's one unit and the amount it is quoted against


def _converted_to(d: Draft, gloss: Draft | None) -> str | None:
    """Return the currency a conversion writes out (one candidate), if any.

    Not a restatement across a currency reform ("5,000 won is now 50 new won"; in brackets,
    "1300新币/公斤(约合13万旧币)": a reformed currency the amount may be in, the values a power
    of ten apart): the same money.
    """
    if gloss is None or len(gloss.surface.candidates) != 1 or _REFORM in gloss.trace:
        return None
    code = gloss.surface.candidates[0]
    return None if _across_reform(code, d, gloss) else code


def _across_reform(code: str, d: Draft, other: Draft) -> bool:
    """Tell whether ``other`` (in ``code``) may restate ``d`` across a reform of ``code``.

    ``code`` was reformed (``moneyx.eras.step``), ``d`` may be in it, and their values are a
    power of ten apart: "1300新币/公斤(约合13万旧币)" is the same money, no rate.
    """
    lo, hi = sorted((d.value, other.value))
    return code in d.surface.candidates and step(code) > 1 and lo > 0 and power_of_ten(hi / lo)


_REFORM = "gloss.reform-restated"


def _first_glosses(drafts: list[Draft]) -> dict[int, Draft]:
    """Map each glossed draft's index to its first conversion."""
    first: dict[int, Draft] = {}
    for d in drafts:
        if d.gloss_of is not None and d.gloss_of not in first:
            first[d.gloss_of] = d
    return first


def _named_after(
    text: str, drafts: list[Draft], lang: str, off: frozenset[str]
) -> list[tuple[str, str] | None]:
    """For each draft, the next later one whose currency is written out: (code, text).

    A sum whose size names its currency (``rung.magnitude``: "4,800 billion won") counts; a
    dollar quoted per the dollar ("dropped to 0.9729 Canadian dollars") does not.
    """
    later: list[tuple[str, str] | None] = [None] * len(drafts)
    nearest: tuple[str, str] | None = None
    sizes = "rung.magnitude" not in off
    units = lexicon(lang).rate_units
    for j in range(len(drafts) - 1, -1, -1):
        later[j] = nearest
        dj = drafts[j]
        written = text[dj.start : dj.end]
        if dj.surface.explicit and dj.form != "elliptical":
            if dj.per is not None and dj.per in units and dj.per in written.lower():
                continue  # "0.9729 Canadian dollars" per dollar: the story's bare dollar is the
                # one it is quoted against, not this one
            nearest = (dj.surface.candidates[0], written)
        elif sizes and len(dj.surface.candidates) > 1:
            code = sized(lang, dj.surface.candidates, dj.value)
            if code is not None:
                nearest = (code, text[dj.start : dj.end])
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
            doc_day=self.day, end=x.end, **more,  # type: ignore[arg-type]
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
    # decided as the conversion it is (into the reader's currency), its source still open
    gl_code = decide(evidence(gl, gloss_source=(None, text[d.start : d.end], False)), off).currency
    if gl_code is None or _across_reform(gl_code, d, gl):
        return None  # (a restatement across a reform is the same money: no rate)
    return gl_code, gl.value, text[gl.start : gl.end]


def _quoted_rate(text: str, g: Grammar, d: Draft) -> tuple[str, Decimal, str] | None:
    """Return the unit a quoted rate is priced per: "8,000 won to the dollar" is a pair.

    Only an amount marked as a rate (``role == "rate"``: per its base currency, a level).

    A change of a rate is none: "fell 14.7 won against the dollar" (``rung.rate-band``'s
    ``changes`` before the amount, and none of its ``levels`` nearer).
    """
    if (
        d.role != "rate"
        or d.per is None
        or d.per not in g.lex.rate_units
        or len(d.surface.candidates) < 2
    ):
        return None
    data = rule_data(g.lang)["rung.rate-band"]
    before = _CLAUSE_END.split(text[max(0, d.start - _LOOKBACK) : d.start])[-1]
    for word in reversed(_WORD.findall(before)[-_WORDS_BACK:]):
        low = word.lower()
        if low in data["levels"]:
            break
        if low in data["changes"]:
            return None  # a change of the rate, not the rate
    return g.lex.rate_units[d.per], Decimal(1), f"one {d.per}"


def _equated(
    text: str,
    g: Grammar,
    drafts: list[Draft],
    i: int,
    story: _Story,
    evidence: Callable[..., Evidence],
    off: frozenset[str],
) -> tuple[tuple[str, Decimal, str], str] | None:
    """Return the other side of an equation and the words that join the two.

    "$1 = 1,130 won", "947.6 won per ¥100": the two amounts are next to each other, joined by
    one of ``rung.rate-band``'s ``equals`` (a hedge may follow it: "1북한원=약372원"), and the
    other is in another currency.
    """
    d = drafts[i]
    if len(d.surface.candidates) < 2:
        return None
    joiners = rule_data(g.lang)["rung.rate-band"]["equals"]
    for j in (i - 1, i + 1):
        if not 0 <= j < len(drafts):
            continue
        o = drafts[j]
        between = text[o.end : d.start] if j < i else text[d.end : o.start]
        if not _joined(between.lower(), joiners, g) or not o.value:
            continue
        if j < i and story.rungs[j] == "rung.rate-guess":
            continue  # a guess is no evidence for another amount
        code = story.codes[j] if j < i else decide(evidence(o), off).currency
        # a currency is no rate of itself: "人民币一块钱也能换四五十元" is no yuan
        if code is not None and (code not in d.surface.candidates or o.value != d.value):
            return (code, o.value, text[o.start : o.end]), between
    return None


def _equation(
    text: str,
    g: Grammar,
    drafts: list[Draft],
    i: int,
    story: _Story,
    evidence: Callable[..., Evidence],
    off: frozenset[str],
) -> tuple[tuple[str, Decimal, str] | None, str | None]:
    """Return the other side of an equation, and its currency when a sign sets them equal.

    "$1 = 28.45 Taiwan dollars" equates two currencies (``rung.pair-other``'s ``joins``);
    "1,038.69 dlrs per 1,000 dlr face amount" prices a sum per a sum of the same currency.
    """
    found = _equated(text, g, drafts, i, story, evidence, off)
    if found is None:
        return None, None
    pair, gap = found
    return pair, pair[0] if _joined(gap, rule_data(g.lang)["rung.pair-other"]["joins"], g) else None


def _joined(between: str, joins: Collection[str], g: Grammar) -> bool:
    """Tell whether ``between`` is a sign of ``joins``, a hedge after it allowed ("=약")."""
    gap = between.strip()
    if gap in joins:
        return True
    return any(gap.startswith(j) and gap[len(j) :].strip().lower() in g.lex.hedges for j in joins)


_LOOKBACK = 48  # characters before a quote where its verb may stand
_WORDS_BACK = 4  # and words
_CLAUSE_END = re.compile(r"[,;:()\[\]]|\.\s")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


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
        and not _bare_sign(d)  # currency words; a sign's house style differs
        # ("HK$2.3 billion ... \$1.5 billion" in Reuters Hong Kong copy is USD: rung.local-sign)
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


_ZERO_DECIMALS = re.compile(r"[.,]0+(?!\d)")


def _whole(v: Decimal, written: str) -> Decimal:
    """Write a whole value without the decimal zeros a scale left ("2.4 million" -> 2400000).

    Zeros the text writes itself stay ("$4.00", "1,424.0").
    """
    if v == v.to_integral_value() and not _ZERO_DECIMALS.search(written):
        return v.to_integral_value()
    return v


_UNIT_WRITTEN = ("compose.subunit-change",)


def _mention(
    text: str, g: Grammar, d: Draft, src: Draft | None, drafts: list[Draft], decision: Decision
) -> Mention:
    return Mention(
        start=d.start,
        end=d.end,
        text=text[d.start : d.end],
        value=_whole(d.value, text[d.start : d.end]),
        high=None if d.high is None else _whole(d.high, text[d.start : d.end]),
        currency=decision.currency,
        candidates=d.surface.candidates,
        reason=decision.reason,
        approx=d.approx,
        hedge=d.hedge,
        bound=d.bound,
        per=(g.lex.reported_units.get(d.per, d.per) if d.per else None),  # ONE_ITEM: per nothing
        gloss_of=d.gloss_of if src is not None else None,
        # (a move written in the money's tenths, "貶值8.2分", writes its unit: not elided)
        elided=d.form == "elliptical" and d.trace[:1] != _UNIT_WRITTEN,
        role=d.role,
        rule=d.rule,
        lang=g.lang,
        unit=d.written,
        trace=(*d.trace, decision.rung),
    )
