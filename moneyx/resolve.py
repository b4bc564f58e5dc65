"""Currency ambiguity: decide "won" (KPW/KRW), "$" (USD/...), "¥" (CNY/JPY) from evidence.

The ladder, first rung that decides wins, recorded in ``reason``:
  1. an explicit surface, qualifier or ISO code ("U.S. $", "North Korean won", "RMB");
  2. an explicit phrase after the amount ("in North Korean currency");
  3. the conversion pair: the exchange rate a pair implies on the document's date fits one
     candidate's yearly band (``data/gloss_rates.csv``), as does a quoted rate ("8,100 won per
     dollar" is a pair with one dollar); else the gloss relation (a bare "won"
     glossing a KPW amount is the other won, KRW); a wage below a currency's floor;
  4. context cues in the sentence, then the paragraph; then the currency the story named
     earlier (the latest explicit mention among the candidates, for currency words, not signs:
     "45 mln Australian dlrs ... 38 mln dlrs"); then cues in the document; then a currency the
     story names later. A cue
     before an origin noun ("South Korean dramas", "North Korean defectors") is not counted;
  5. the caller's ``default_currency`` for the surface;
  6. the locale's convention ("en": "$" is USD);
  7. otherwise unresolved (``None``), with the candidates kept.

This module is a leaf below ``extract``: it knows the Lexicon, never the matcher.
"""

from __future__ import annotations

import bisect
import csv
import functools
import io
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from importlib import resources

import regex

from moneyx.eras import era_of
from moneyx.lexicon import Lexicon, Surface, lexicon
from moneyx.scan import ascii_lower, trie_pattern

__all__ = ["ContextIndex", "Decision", "decide", "locale_table"]

# A sentence ends at . ! ? (plus closing quotes) before whitespace, or at a blank line; a
# single line break does not end one (wire copy wraps lines mid-sentence).
# Abbreviations whose period does not end a sentence (upper-case initials are found by shape).
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "no",
        "co",
        "corp",
        "inc",
        "ltd",
        "jr",
        "sr",
        "vs",
        "etc",
        "gen",
        "gov",
        "sen",
        "rep",
        "col",
        "lt",
        "sgt",
        "prof",
        "dept",
        "est",
        "approx",
        "fig",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mt",
        "ft",
        "pp",
        "op",
    ]
)
# The period of an abbreviation does not end a sentence: the run of word characters and periods
# before it is a listed abbreviation or one letter ("Oct.", "Mr.", "J."), or has a period
# between letters inside ("U.S.", "a.m."; not a decimal: "closed at 7.1570. Chinese banks"),
# looking at most 12 characters back.
_SENTENCE_END = regex.compile(
    r"(?:\.(?<!(?<![\w.])\.{0,11}(?i:"
    + "|".join(sorted(_ABBREVIATIONS, key=len, reverse=True))
    + r"|[^\W\d_])\.{1,12})(?<![^\W\d_]\.{1,10}[^\W\d_][\w.]{0,10}\.)|[!?。])"
    + r"[\"'”’)\]]*(?=\s|$)|\n[ \t]*\n"
)
_REACH = 600  # how far to look for a sentence boundary either way
_PARAGRAPH_END = regex.compile(r"\n[ \t]*\n")


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome of resolving one mention."""

    currency: str | None
    reason: str
    rung: str = ""  # "rate": settled by the exchange rate a pair implies (as strong as a name)


_MARGIN = Decimal("0.25")  # a wage under a quarter of the minimum is not a South Korean wage
_HOURS = {"hour": Decimal(1), "day": Decimal(8), "week": Decimal(40), "month": Decimal(209)}


@functools.cache
def _kr_minimum_wage() -> dict[int, Decimal]:
    """South Korea's minimum wage per hour by year (``moneyx/data/kr_minimum_wage.csv``)."""
    text = resources.files("moneyx").joinpath("data/kr_minimum_wage.csv").read_text("utf-8")
    rows = [line for line in text.splitlines() if line and not line.startswith("#")]
    return {int(r["year"]): Decimal(r["krw_per_hour"]) for r in csv.DictReader(rows)}


def kr_wage_floor(per: str, year: int) -> Decimal | None:
    """Return the least plausible South Korean wage per ``per`` in ``year`` (None if unknown).

    Example:
        >>> kr_wage_floor("month", 2007)
        Decimal('181830.00')

    """
    table = _kr_minimum_wage()
    if year < min(table):
        return None
    hourly = table[min(year, max(table))]
    if per == "year":
        return hourly * _HOURS["month"] * 12 * _MARGIN
    hours = _HOURS.get(per)
    return None if hours is None else hourly * hours * _MARGIN


_WORD_TAIL = re.compile(r"\w*")  # the rest of a word a range cuts

# A wire dateline ("SEOUL, Oct. 5 (Yonhap) --", "TOKYO --", "HONG KONG (Reuters) -") says where
# the reporter filed from: Yonhap files its North Korea stories from Seoul. Its cues count for
# the document as a whole, not for the first sentence or paragraph it opens.
_DATELINE = re.compile(
    r"\s*[A-Z][A-Z.' -]{1,30}(?:,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?(?=\s*[(,]))?"  # ", South Korea"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s*\d{1,2}(?:,\s*\d{4})?)?"
    r"\s*(?:\([A-Za-z][\w .&-]{0,30}\))?\s*(?:--|—|–|-)\s"
)

# a nationality adjective ("South Korean", "Chinese", "British", "Swiss", "Thai"), not a place
# or an institution: only those can name an origin
_DEMONYM = re.compile(r"(?:an|ese|ish|ch|ss|i|ino)\Z")


@functools.cache
def _origin_pattern(lang: str) -> re.Pattern[str] | None:
    """Match, at a cue's end, the goods or people the cue only says the origin of.

    "Australian coal", "South Korean dramas", "North Korean defectors" (lower-cased text).
    """
    lex = lexicon(lang)
    if not lex.origin_nouns:
        return None
    company = trie_pattern(dict.fromkeys(lex.origin_company_nouns)) or "(?!)"
    return re.compile(
        r"(?:-(?:made|produced|grown|built|brand)\b)?[ \t\u00a0]+"
        r"(?:tv[ \t\u00a0]+|pop[ \t\u00a0]+)?"
        r"(?:" + trie_pattern(dict.fromkeys(lex.origin_nouns)) + r")(?!\w)"
        r"(?![ \t\u00a0]+(?:" + company + r")(?!\w))"
    )


@functools.cache
def _cue_pattern(lang: str) -> tuple[re.Pattern[str], dict[str, tuple[str, int, str | None]]]:
    """Build one trie pattern over every cue (lower-cased).

    The map says code, weight and, for all-caps cues ("NK", "US"), the exact case that must
    be written.
    """
    lex = lexicon(lang)
    owner: dict[str, tuple[str, int, str | None]] = {}
    for weight, table in ((2, lex.context_strong), (1, lex.context_weak)):
        for code, cues in table.items():
            for cue in cues:
                owner.setdefault(cue.lower(), (code, weight, cue if _is_caps(cue) else None))
    body = trie_pattern(owner)
    pattern = re.compile(r"(?<!\w)" + body + r"(?!\w)" if lex.word_boundaries else body)
    return pattern, owner


def _is_caps(cue: str) -> bool:
    letters = [c for c in cue if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 5


class ContextIndex:
    """Cue hits of one document, with sentence and paragraph boundaries, for range counting."""

    def __init__(self, text: str, lang: str) -> None:
        self.text = text
        self._pattern, self._owner = _cue_pattern(lang)
        self._origin = _origin_pattern(lang)
        self._doc_only = lexicon(lang).document_cues  # outlet names: the document scope only
        self._dateline = -1  # end of the dateline, found on the first scan
        self._all: list[tuple[int, int, str, int, str]] | None = None
        self._starts: list[int] = []
        self._low: str | None = None
        self._scores: dict[tuple[int, int, bool], list[tuple[str, int, str]]] = {}
        self._sent: list[int] | None = None
        self._codes: frozenset[str] | None = None
        self._memo: dict[
            tuple[int, int, tuple[str, ...], bool], tuple[dict[str, int], list[str]]
        ] = {}
        self._para: list[int] | None = None
        self._scanned = 0  # characters scanned range by range, before the one whole scan

    def codes_with_cues(self) -> frozenset[str]:
        """Codes with at least one cue anywhere in the document (one scan, cached)."""
        if self._codes is None:
            hits = self._hits(0, len(self.text), whole=True)
            self._codes = frozenset(code for code, _, _ in hits)
        return self._codes

    def _hits(self, lo: int, hi: int, whole: bool = False) -> list[tuple[str, int, str]]:
        """List (code, weight, cue as written) of the cues inside [lo, hi).

        Scanned once per range, or taken from the document's scan when that has been made.
        The dateline's cues count only when ``whole`` (the document scope).
        """
        got = self._scores.get((lo, hi, whole))
        if got is None:
            found: Iterable[tuple[int, int, str, int, str]]
            if self._all is None:
                # Ranges scanned one by one may overlap (dense text, one long sentence); once
                # they add up to the document, scan it whole once and slice from then on.
                self._scanned += hi - lo
                if self._scanned > len(self.text) or (lo == 0 and hi == len(self.text)):
                    self._scan()
            if self._all is None:
                found = self._find(lo, hi)
            else:
                i = bisect.bisect_left(self._starts, lo)
                found = self._all[i : bisect.bisect_left(self._starts, hi, i)]
            if self._dateline < 0:
                dm = _DATELINE.match(self.text)
                self._dateline = dm.end() if dm else 0
            first = 0 if whole else self._dateline
            got = [
                (code, w, cue)
                for start, end, code, w, cue in found
                if end <= hi and start >= first and (whole or cue.lower() not in self._doc_only)
            ]
            self._scores[(lo, hi, whole)] = got
        return got

    def _find(self, lo: int, hi: int) -> list[tuple[int, int, str, int, str]]:
        """List (start, end, code, weight, cue as written) of the cues matched in [lo, hi).

        The text is lower-cased; all-caps cues must be written exactly.
        """
        if self._low is None:
            self._low = ascii_lower(self.text)
        hits = []
        low, origin = self._low, self._origin
        # scan to the end of the word the range cuts, so that a range sees the cues a whole
        # scan sees ("Seoulites" cut after "Seoul" is no cue; "South Korea|n" is not "South Korea")
        tail = _WORD_TAIL.match(low, hi) if 0 < hi < len(low) else None
        stop = tail.end() if tail is not None else hi
        for m in self._pattern.finditer(low, lo, stop):
            if m.end() > hi:
                break
            code, weight, exact = self._owner[m.group()]
            start, end = m.span()
            written = self.text[start:end]
            if exact is not None and written != exact:
                continue
            if origin is not None and _DEMONYM.search(low, start, end) and origin.match(low, end):
                continue  # "South Korean dramas": where the goods come from, not the setting
            hits.append((start, end, code, weight, written))
        return hits

    def _scan(self) -> None:
        """Find every cue of the document once."""
        self._all = self._find(0, len(self.text))
        self._starts = [h[0] for h in self._all]

    def sentence(self, pos: int) -> tuple[int, int]:
        """Return the bounds of the sentence holding ``pos``.

        Abbreviations are skipped; at most ``_REACH`` characters either side, for
        unpunctuated text such as tables.
        """
        if self._sent is None:
            self._sent = [m.end() for m in _SENTENCE_END.finditer(self.text)]
        start, end = _bounds(self._sent, pos, len(self.text))
        return max(start, pos - _REACH), min(end, pos + _REACH)

    def paragraph(self, pos: int) -> tuple[int, int]:
        """Bounds of the paragraph holding ``pos``."""
        if self._para is None:
            self._para = [m.end() for m in _PARAGRAPH_END.finditer(self.text)]
        return _bounds(self._para, pos, len(self.text))

    def first_cue(
        self, lo: int, hi: int, codes: set[str], whole: bool = False
    ) -> tuple[str, str] | None:
        """Return the first cue in [lo, hi) for one of ``codes``: (code, cue as written)."""
        for code, _, cue in self._hits(lo, hi, whole):
            if code in codes:
                return code, cue
        return None

    def score(
        self, lo: int, hi: int, codes: Sequence[str], whole: bool = False
    ) -> tuple[dict[str, int], list[str]]:
        """Sum cue weights per candidate code in [lo, hi); also return the cues seen."""
        key = (lo, hi, tuple(codes), whole)
        memo = self._memo.get(key)
        if memo is not None:
            return dict(memo[0]), list(memo[1])
        scores = dict.fromkeys(codes, 0)
        cues: list[str] = []
        for code, weight, cue in self._hits(lo, hi, whole):
            if code in scores:
                scores[code] += weight
                if cue not in cues:
                    cues.append(cue)
        self._memo[key] = (dict(scores), list(cues))
        return scores, cues


def _bounds(ends: list[int], pos: int, n: int) -> tuple[int, int]:
    i = bisect.bisect_right(ends, pos)
    start = ends[i - 1] if i else 0
    end = ends[i] if i < len(ends) else n
    return start, end


def locale_table(lex: Lexicon, locale: str | None) -> Mapping[str, str]:
    """Return the defaults of ``locale`` ("en-AU"), falling back to its language ("en").

    Raises:
        ValueError: The locale is not known.

    """
    if locale is None:
        return lex.locales.get(lex.lang, {})
    key = locale.replace("_", "-").lower()
    if key in lex.locales:
        return lex.locales[key]
    base = key.split("-")[0]
    if base == lex.lang:
        return lex.locales.get(base, {})
    raise ValueError(f"unknown locale {locale!r} for language {lex.lang!r}")


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


@functools.cache
def _gloss_bands() -> dict[tuple[int, str, str], list[tuple[str, float, float]]]:
    """Map (year, code, unit) -> [(kind, low, high)] of units per USD.

    From ``data/gloss_rates.csv``, built by ``scripts/build_gloss_rates.py`` from the rate
    tables in ``rates/``.
    """
    text = resources.files("moneyx").joinpath("data/gloss_rates.csv").read_text("utf-8")
    out: dict[tuple[int, str, str], list[tuple[str, float, float]]] = {}
    for r in csv.DictReader(io.StringIO(text)):
        key = (int(r["year"]), r["currency"], r["unit"])
        out.setdefault(key, []).append((r["kind"], float(r["low"]), float(r["high"])))
    return out


def _bands(code: str, day: date) -> list[tuple[str, float, float]]:
    if code == "USD":
        return [("reference", 1.0, 1.0)]
    era = era_of(code, day)
    return _gloss_bands().get((day.year, code, era.unit if era is not None else ""), [])


# How close the rate a conversion implies must come to a candidate's band (a factor of 1.5:
# hedged, rounded glosses), and how much worse the runner-up must fit (a further 2.5x).
_RATE_FIT = math.log(1.5)
_RATE_MARGIN = math.log(2.5)


def _rate(x: float) -> str:
    """Write a rate for a reason: 4 significant digits, thousands grouped, never 2e+04."""
    if x >= 1000:
        return f"{round(x):,}"
    return f"{x:.4g}"


def rate_evidence(
    known: tuple[str, Decimal, str],
    value: Decimal,
    cands: Sequence[str],
    day: date | None,
) -> tuple[str, str] | None:
    """Pick the candidate whose exchange rate fits a conversion pair, if exactly one does.

    ``known`` is (code, value, text) of the other side of the pair ("$900" as USD) and
    ``value`` this side's amount ("1 million won"): the pair implies ``value / known value``
    of this currency per unit of the known one. Each candidate's yearly band of rates per USD
    (market and official for KPW) is set against it; the candidate that fits within a factor
    of 1.5 wins if every other one is off by a further factor of 2.5. No date, a candidate
    without a band or a zero amount: no evidence (None).

    Returns:
        (code, reason) or None.

    Example:
        >>> from datetime import date
        >>> rate_evidence(("USD", Decimal(900), "$900"), Decimal(10**6), ("KPW", "KRW"),
        ...               date(2019, 5, 1))[0]
        'KRW'

    """
    known_code, known_value, known_text = known
    if day is None or not known_value or not value or len(cands) < 2:
        return None
    ratio = float(abs(value) / abs(known_value))
    known_bands = _bands(known_code, day)
    if not known_bands:
        return None
    fits: list[tuple[float, str, str]] = []
    for code in cands:
        bands = _bands(code, day)
        if not bands:
            return None  # a candidate we cannot place: the pair cannot rule it out
        best: tuple[float, str] | None = None
        for k_kind, k_lo, k_hi in known_bands:
            lo, hi = ratio * k_lo, ratio * k_hi  # implied units of ``code`` per USD
            for kind, c_lo, c_hi in bands:
                if code == known_code and kind != k_kind:
                    continue  # one currency at two of its own rates is no conversion
                gap = max(0.0, math.log(lo / c_hi), math.log(c_lo / hi))
                if best is None or gap < best[0]:
                    band = _rate(c_lo) if c_lo == c_hi else f"{_rate(c_lo)}-{_rate(c_hi)}"
                    label = f"{code} {kind}" if code == "KPW" else code
                    best = (gap, f"{label} {band} per USD in {day.year}")
        if best is None:
            return None
        fits.append((best[0], code, best[1]))
    fits.sort()
    (gap, code, band), runner = fits[0], fits[1]
    if gap > _RATE_FIT or runner[0] - gap < _RATE_MARGIN:
        return None
    return code, f"conversion pair with {known_text!r} ({known_code}) fits the {band}"


def decide(
    *,
    surface: Surface,
    written: str,
    phrase_code: str | None,
    phrase: str | None,
    gloss_source: tuple[str | None, str, bool] | None,
    position: int,
    ctx: ContextIndex,
    defaults: Mapping[str, str],
    locale: Mapping[str, str],
    locale_name: str,
    wage: tuple[str, Decimal] | None = None,
    lex: Lexicon | None = None,
    doc_year: int | None = None,
    rate_pair: tuple[str, Decimal, str] | None = None,
    value: Decimal | None = None,
    doc_day: date | None = None,
    antecedent: tuple[str, str] | None = None,
    named_later: tuple[str, str] | None = None,
) -> Decision:
    """Resolve one mention's currency down the evidence ladder.

    Args:
        surface: The lexicon entry of the currency surface.
        written: The surface as written in the text.
        phrase_code: Code stated by a phrase after the amount ("in North Korean currency").
        phrase: That phrase as written.
        gloss_source: (currency, text, same value) of the mention this one glosses, if any.
        position: Offset of the mention (for context scopes).
        ctx: The document's context index.
        defaults: Caller defaults, surface -> code.
        locale: Locale defaults, surface -> code.
        locale_name: Name of the locale for the reason.
        wage: (period, amount) when the mention is a wage: a wage below a currency's floor
            (``[wage_floor]`` in the lexicon) rules that currency out.
        lex: The lexicon (for the wage floors).
        doc_year: Year of the document: with no context cue, a wage under a quarter of South
            Korea's minimum wage that year is not KRW (``moneyx/data/kr_minimum_wage.csv``).
        rate_pair: (code, value, text) of the other side of a conversion pair.
        value: This mention's value (for the rate a conversion pair implies).
        doc_day: The document's date (for the rate bands).
        antecedent: (code, text) of the nearest earlier mention in the document whose
            currency was written out ("Australian dlrs", "North Korean won") and is one of
            this surface's candidates: wire and news copy qualify a currency once and then
            write it bare, so it decides when the sentence and paragraph do not.
        named_later: (code, text) of the next mention whose currency is written out, when
            nothing before decides: weaker than every context cue, above the defaults.

    Returns:
        The currency (or None) and the reason.

    """
    cands = surface.candidates
    if surface.explicit:
        return Decision(cands[0], f"explicit {surface.kind} {written!r}")
    if phrase_code and phrase_code in cands:
        return Decision(phrase_code, f"qualifier {phrase!r}")
    if rate_pair is not None and value is not None and len(cands) > 1:
        picked = rate_evidence(rate_pair, value, cands, doc_day)
        if picked is not None:
            return Decision(*picked, rung="rate")
    if gloss_source is not None and gloss_source[2]:
        src_code, src_text, _ = gloss_source
        if src_code in cands:
            # the same figure restated: "20 Million Dollars ($20,000,000)"
            return Decision(src_code, f"restates {src_text!r} ({src_code}) with the same value")
    elif gloss_source is not None:
        src_code, src_text, _ = gloss_source
        if src_code in cands and len(cands) == 2:
            other = cands[1] if cands[0] == src_code else cands[0]
            return Decision(
                other,
                f"gloss of {src_text!r} ({src_code}): a conversion into the same "
                f"{written!r} would be pointless, so it is the other one",
            )
        if src_code in cands:
            # a conversion is into another currency: "1.2bn Australian dollars (£458m; $874m)"
            cands = tuple(c for c in cands if c != src_code)
    if wage is not None and lex is not None:
        per, amount = wage
        too_low = [
            c for c in cands if per in lex.wage_floor.get(c, {}) and amount < lex.wage_floor[c][per]
        ]
        if too_low and len(cands) - len(too_low) == 1:
            (only,) = [c for c in cands if c not in too_low]
            return Decision(
                only,
                f"a wage of {amount} {written} a {per} is below any {'/'.join(too_low)} wage",
            )
        cands = tuple(c for c in cands if c not in too_low) or cands
    has_locale_default = default_for(locale, surface, written) is not None
    scopes: list[tuple[str, tuple[int, int]]] = []
    if has_locale_default and gloss_source is not None:
        pass  # a conversion is into the reader's currency: "7 billion won ($6.4 million)"
        # in a sentence about Taiwan is still US dollars
    elif has_locale_default:
        # only the sentence can overrule a locale convention: scan just the sentence
        scopes.append(("sentence", ctx.sentence(position)))
    elif set(cands) & ctx.codes_with_cues():  # no cue for any candidate anywhere: none decides
        scopes.append(("sentence", ctx.sentence(position)))
        scopes += [("paragraph", ctx.paragraph(position)), ("document", (0, len(ctx.text)))]
    tie: tuple[str, str] | None = None
    for scope, (lo, hi) in scopes:
        if scope in ("paragraph", "document") and tie is not None:
            break  # a tie in the sentence is closer evidence than the paragraph's counts
        if scope == "document" and antecedent is not None and antecedent[0] in cands:
            break  # the currency the story has named outranks the whole document's counts
        scores, cues = ctx.score(lo, hi, cands, scope == "document")
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        if ranked and ranked[0][1] > 0 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            best = ranked[0][0]
            detail = ", ".join(f"{c} {s}" for c, s in ranked if s or c == best)
            shown = ", ".join(repr(c) for c in cues[:4])
            return Decision(best, f"{scope} context cues {shown} ({detail})")
        if tie is None and scope == "sentence" and ranked and ranked[0][1] > 0:
            tied = {c for c, sc in ranked if sc == ranked[0][1]}
            first = ctx.first_cue(lo, hi, tied)
            if first is not None:
                tie = first
    story = ((antecedent, "named the currency earlier"), (named_later, "names the currency later"))
    for named, told in story:
        if named is not None and named[0] in cands and (tie is None or tie[0] == named[0]):
            return Decision(named[0], f"the story {told}: {named[1]!r} ({named[0]})")
    chosen = default_for(defaults, surface, written)
    if chosen is not None and chosen in cands:
        return Decision(chosen, f"caller default_currency for {written!r}")
    chosen = default_for(locale, surface, written)
    if chosen is not None and chosen in cands:
        return Decision(chosen, f"locale {locale_name} convention: {written!r} is {chosen}")
    if wage is not None and doc_year is not None and "KRW" in cands and len(cands) == 2:
        per, amount = wage
        floor = kr_wage_floor(per, doc_year)
        if floor is not None and amount < floor:
            (only,) = [c for c in cands if c != "KRW"]
            return Decision(
                only,
                f"a wage of {amount} {written} a {per} is under a quarter of South Korea's "
                f"minimum wage in {doc_year}",
            )
    if tie is not None:
        code, cue = tie
        return Decision(
            code, f"sentence context tied; its first cue {cue!r} (the subject, as a rule) decides"
        )
    return Decision(
        None,
        f"ambiguous {written!r} ({'/'.join(cands)}): no qualifier, gloss, context cue or default",
    )
