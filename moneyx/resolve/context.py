"""The setting of a text: sentence and paragraph bounds, datelines, and the currency cues in them.

``ContextIndex`` scans a document's cues ("North Korea", "Seoul", "yuan", ...: ``[cues]`` in the
lexicon) once and answers, for any range, which currencies the cues there point to. The context
rules say what a sentence end is, where a dateline stops, which cues name only an origin ("South
Korean dramas") and which count for the whole document only (an outlet's own name).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex

from moneyx.lexicon import lexicon
from moneyx.patcache import cached_compile
from moneyx.rules import note_fired, registry, rule_data
from moneyx.scan import ascii_lower, trie_pattern

__all__ = ["ContextIndex"]

CONTEXT = registry("context")

_REACH = 600  # how far to look for a sentence boundary either way
_PARAGRAPH_END = cached_compile(r"\n[ \t]*\n")
_WORD_TAIL = re.compile(r"\w*")  # the rest of a word a range cuts


@CONTEXT.rule("sentence-end", abbreviations="words")
def sentence_end(lang: str) -> regex.Pattern[str]:
    """End a sentence at . ! ? (and closing quotes) before a space, or at a blank line.

    A single line break does not end one (wire copy wraps lines mid-sentence). The period of an
    abbreviation does not: the run of word characters and periods before it is a listed
    abbreviation or one letter ("Oct.", "Mr.", "J."), or has a period between letters inside
    ("U.S.", "a.m."; not a decimal: "closed at 7.1570. Chinese banks").

    A full stop that the language writes with no space after it (``[script] full_stops``:
    "。") ends a sentence as it stands.

    Example:
        "Mr. Kim paid $5. Then he left." is two sentences.

    """
    abbreviations = rule_data(lang)["context.sentence-end"]["abbreviations"]
    alts = "|".join(sorted((regex.escape(a) for a in abbreviations), key=len, reverse=True))
    # a script that writes no space after its full stop ("。") ends a sentence there
    stops = "".join(regex.escape(c) for c in lexicon(lang).full_stops)
    return cached_compile(
        r"(?:\.(?<!(?<![\w.])\.{0,11}(?i:"
        + (alts + "|" if alts else "")
        + r"[^\W\d_])\.{1,12})(?<![^\W\d_]\.{1,10}[^\W\d_][\w.]{0,10}\.)|[!?。])"
        + r"[\"'”’)\]]*(?=\s|$)|\n[ \t]*\n"
        + (rf"|[{stops}][\"'”’」』)\]）]*" if stops else "")
    )


# A wire dateline ("SEOUL, Oct. 5 (Yonhap) --", "TOKYO --", "HONG KONG (Reuters) -",
# "SEOUL, South Korea (AP) —") says where the reporter filed from.
_DATELINE = re.compile(
    r"\s*[A-Z][A-Z.' -]{1,30}(?:,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?(?=\s*[(,]))?"  # ", South Korea"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s*\d{1,2}(?:,\s*\d{4})?)?"
    r"\s*(?:\([A-Za-z][\w .&-]{0,30}\))?\s*(?:--|—|–|-)\s"
)


@CONTEXT.rule("dateline", patterns="phrases")
def dateline(text: str, lang: str = "en") -> int:
    """Count a wire dateline's cues for the whole document, not for the sentence it opens.

    Yonhap files its North Korea stories from Seoul: "SEOUL, Oct. 5 (Yonhap) -- North Korean
    workers earn 3,000 won a month" is not a Seoul wage. The wire datelines of other languages
    are the language's data (``patterns``: "(서울=연합뉴스) 김철수 기자 =", "新华社北京
    10月5日电").

    Example:
        "SEOUL, Oct. 5 (Yonhap) --" -> its "Seoul" counts only in the document scope.

    """
    m = _DATELINE.match(text)
    if m is None:
        m = next((f.match(text) for f in _datelines(lang) if f.match(text)), None)
    return m.end() if m else 0


@functools.cache
def _datelines(lang: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(f) for f in rule_data(lang)["context.dateline"]["patterns"])


@CONTEXT.rule("origin", switch="nouns", nouns="words", company_nouns="words",
              demonym_endings="phrases", made="phrases", media="phrases",
              styles="phrases", sources="phrases")  # fmt: skip
def origin(
    lang: str,
) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]] | None:
    """Skip a nationality cue before goods, media or people: their origin, not the setting.

    "a USB stick of South Korean dramas sells for 30,000 won" is a North Korean market price;
    "North Korean defectors receive 8 million won" is paid in Seoul. Places and institutions
    always count, and a company noun after the goods makes it the setting again ("an Australian
    building products group"). Any cue joined to one of ``styles`` names a kind, not the
    setting: "Pyongyang-style noodle restaurants in the capital", "a Seoul-born chef". A place
    right after goods and "from", or after a word of ``sources`` ("imported from"),
    is where the goods come from: "rice from South Korea was sold at 1,450 won/kg" in a North
    Korean market (the goods are ``carry.commodity``'s).

    Example:
        "South Korean dramas" is no South Korean cue.

    """
    d = rule_data(lang)["context.origin"]
    if not d["nouns"]:
        return None
    styles = re.compile(r"-(?:" + ("|".join(re.escape(w) for w in d["styles"]) or "(?!)") + r")\b")
    company = trie_pattern(dict.fromkeys(d["company_nouns"])) or "(?!)"
    made = "|".join(re.escape(w) for w in d["made"]) or "(?!)"
    media = "|".join(re.escape(w) for w in d["media"]) or "(?!)"
    follows = re.compile(
        rf"(?:-(?:{made})\b)?[ \t\u00a0]+"
        rf"(?:(?:{media})[ \t\u00a0]+)?"
        r"(?:" + trie_pattern(dict.fromkeys(d["nouns"])) + r")(?!\w)"
        r"(?![ \t\u00a0]+(?:" + company + r")(?!\w))"
    )
    # a nationality adjective ("South Korean", "Chinese", "British", "Swiss", "Thai"), not a
    # place or an institution: only those can name an origin
    endings = "|".join(re.escape(e) for e in d["demonym_endings"]) or "(?!)"
    goods = sorted(rule_data(lang)["carry.commodity"]["goods"], key=len, reverse=True)
    froms = [f"{g} from" for g in goods] + list(d["sources"])
    source = re.compile(
        r"(?<!\w)(?:" + ("|".join(re.escape(w) for w in froms) or "(?!)") + r")[ \t\u00a0]+\Z"
    )
    return re.compile(rf"(?:{endings})\Z"), follows, styles, source


@CONTEXT.rule("document-only", switch="cues", cues="words")
def document_only(lang: str) -> frozenset[str]:
    """Count an outlet's own name for the document scope only, like a dateline.

    "Defectors in South Korea told RFA that brokers charge 15 million won" is not a North Korean
    price because RFA is named in the sentence.

    Example:
        "RFA", "Daily NK" in a sentence are no North Korean cue for that sentence.

    """
    return frozenset(rule_data(lang)["context.document-only"]["cues"])


@CONTEXT.rule("not-cues", switch="words", words="words")
def not_cues(lang: str) -> frozenset[str]:
    """Read the words written across a cue that are no cue, in a script without spaces.

    "其中國防預算" is 其中 ("of which") and 國防 ("defence"), not 中國 ("China"): the cue scan
    takes 其中 whole, so the 中國 written across it is never matched.

    Example:
        "其中國防預算約4,151億元" holds no Chinese cue.

    """
    return frozenset(rule_data(lang)["context.not-cues"]["words"])


_DESTINATION_REACH = 80  # how far before a cue its motion or trade word may start
_SENT_GAP = 60  # how far a verb of sending may stand before the "to" of its destination
_LEFT_GAP = 12  # how far after the particle of a place left its verb of leaving may stand


@CONTEXT.rule(
    "destination",
    before="phrases",
    fillers="words",
    sender="map",
    verbs="words",
    to="words",
    after="phrases",
    left_after="phrases",
    left_verbs="words",
)
def destination(
    lang: str,
) -> tuple[re.Pattern[str], dict[str, str], re.Pattern[str], re.Pattern[str]] | None:
    """Skip a cue that a word of motion or trade points to: a destination or a partner.

    "a one-day tour to the North Korean city of Kaesong will cost 180,000 won" is sold in
    Seoul; "in trade with mainland China, Japan posted a deficit of ¥424 billion" is Japan's.
    The cue right after the word (``before``, with ``fillers`` such as "the" between) is not
    counted, nor one after ``to`` that a verb of sending (``verbs``) opens earlier in the
    clause with a figure between ("will send 10 billion won worth of fertilizer to Pyongyang";
    not "send the rice to Sinuiju and sell it for 5,200 won"); where ``sender``
    names the other side of a currency pair, it counts (weak) for that one: "fertilizer worth
    96 billion won sent to Pyongyang" is paid by the South.

    Languages that write the motion after the place list it there (``after``, right after the
    cue: "북한의 가족에게 매달 50만원을 송금", "북한에 보낸"). A place people leave is no setting
    either, and counts for nobody: one of ``left_after`` right after the cue, then a verb of
    leaving (``left_verbs``) within a few characters of the clause ("북한에서 탈북하는 데 드는
    비용", "북한 내부에서 중국까지 탈북하려면": brokers' fees paid by defectors' families).

    Example:
        "aid sent to Pyongyang" -> a weak cue for KRW, none for KPW; "exports to China" -> no
        cue for China.

    """
    d = rule_data(lang)["context.destination"]
    if not d["before"] and not d["after"]:
        return None  # (the rule is off for the language)
    after = re.compile("|".join(re.escape(p) for p in d["after"]) or "(?!)")
    left = re.compile(
        "(?:" + ("|".join(re.escape(p) for p in d["left_after"]) or "(?!)") + ")"
        rf"[^.;:!?,()\n]{{0,{_LEFT_GAP}}}?"
        "(?:" + ("|".join(re.escape(v) for v in d["left_verbs"]) or "(?!)") + ")"
    )
    words = sorted({p.lower() for p in d["before"]}, key=len, reverse=True)
    before = "|".join(re.escape(p).replace(r"\ ", r"[ \t\u00a0]+") for p in words) or "(?!)"
    fillers = "|".join(re.escape(w) for w in sorted(d["fillers"])) or "(?!)"
    verbs = "|".join(re.escape(w) for w in sorted({v.lower() for v in d["verbs"]})) or "(?!)"
    to = "|".join(re.escape(w) for w in sorted({t.lower() for t in d["to"]})) or "(?!)"
    gap = r"(?:[^.;:!?()\n]|\.(?=\d))"  # no clause punctuation ("2.5" is no sentence end)
    # the sum is what is sent: a figure stands between the verb and its "to" ("traders send
    # the rice to Sinuiju and sell it for 5,200 won" is a price there)
    sent = rf"(?:{verbs})(?!\w)(?={gap}*?\d){gap}{{1,{_SENT_GAP}}}?(?<!\w)(?:{to})"
    # where words are not spaced ("去新义州一日游") the cue follows the word directly
    spaced = lexicon(lang).word_boundaries
    # (not the end of a hyphened noun: "a sell-out of Canada's assets" is no motion)
    sp, edge = ("+", r"(?<![\w-])") if spaced else ("*", "")
    pattern = re.compile(
        rf"{edge}(?:{before}|{sent})[ \t\u00a0]{sp}(?:(?:{fillers})[ \t\u00a0]{sp})*\Z"
    )
    return pattern, {k.upper(): v.upper() for k, v in d["sender"].items()}, after, left


_AGAINST_REACH = 90  # how far before a currency's name the "against" of its list may start


@CONTEXT.rule("against", switch="words", words="phrases", fillers="phrases")
def against(lang: str) -> tuple[re.Pattern[str], frozenset[str]] | None:
    """Skip a currency's name that ``words`` ("against", "versus") set the money against.

    "every ¥1 of appreciation against other currencies, including the dollar, euro and yuan"
    prices nothing in yuan: the name right after the word, or in the list it opens (other
    names, commas and ``fillers`` between: "the", "other currencies", "including", "and"), is
    the other side of a trade, not the setting. Only a currency's name ("against China" may
    still place the story), and nothing else between ("advised against carrying large sums in
    yuan" is no trade).

    Example:
        "the yen's rise against the dollar and the yuan cost ¥32 billion" holds no CNY cue.

    """
    d = rule_data(lang)["context.against"]
    if not d["words"]:
        return None
    names = frozenset(n.lower() for n in lexicon(lang).currency_nouns)

    def alts(phrases: Iterable[str]) -> str:
        ordered = sorted({p.lower() for p in phrases}, key=len, reverse=True)
        return "|".join(re.escape(p).replace(r"\ ", r"[ \t\u00a0]+") for p in ordered) or "(?!)"

    sp = r"[ \t\u00a0]"
    listed = rf"(?:{alts(d['fillers'])}|{alts(names)})(?!\w)"
    pattern = re.compile(rf"(?<![\w-])(?:{alts(d['words'])})(?:{sp}+{listed}|{sp}*,)*?{sp}+\Z")
    return pattern, names


@dataclass(frozen=True, slots=True)
class _Cues:
    pattern: regex.Pattern[str]
    owner: dict[str, tuple[str, int, str | None]]
    origin: tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]] | None
    destination: tuple[re.Pattern[str], dict[str, str], re.Pattern[str], re.Pattern[str]] | None
    doc_only: frozenset[str]
    sentence_end: regex.Pattern[str]
    against: tuple[re.Pattern[str], frozenset[str]] | None


STRONG, WEAK = 2, 1  # what a strong and a weak cue weigh in a context's score


@functools.cache
def _cues(lang: str) -> _Cues:
    """Build one trie pattern over every cue of ``lang`` (lower-cased), with what each means.

    The map says code, weight and, for all-caps cues ("NK", "US"), the exact case that must
    be written.
    """
    lex = lexicon(lang)
    owner: dict[str, tuple[str, int, str | None]] = {}
    for weight, table in ((STRONG, lex.context_strong), (WEAK, lex.context_weak)):
        for code, cues in table.items():
            for cue in cues:
                owner.setdefault(cue.lower(), (code, weight, cue if _is_caps(cue) else None))
    for word in not_cues(lang):
        owner.setdefault(word.lower(), ("", 0, None))  # matched whole, then skipped
    body = trie_pattern(owner)
    # kept compiled on disk (patcache): the cue trie of a language is the largest pattern a
    # first call builds
    pattern = cached_compile(r"(?<!\w)" + body + r"(?!\w)" if lex.word_boundaries else body)
    return _Cues(
        pattern=pattern,
        owner=owner,
        origin=origin(lang),
        destination=destination(lang),
        doc_only=document_only(lang),
        sentence_end=sentence_end(lang),
        against=against(lang),
    )


def _is_caps(cue: str) -> bool:
    letters = [c for c in cue if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 5


class ContextIndex:
    """Cue hits of one document, with sentence and paragraph boundaries, for range counting."""

    def __init__(self, text: str, lang: str, off: frozenset[str] = frozenset()) -> None:
        self.text = text
        self._lang = lang
        c = _cues(lang)
        self._pattern, self._owner = c.pattern, c.owner
        self._origin = None if "context.origin" in off else c.origin
        self._destination = None if "context.destination" in off else c.destination
        self._against = None if "context.against" in off else c.against
        self._doc_only = frozenset() if "context.document-only" in off else c.doc_only
        self._sentence_end = _PARAGRAPH_END if "context.sentence-end" in off else c.sentence_end
        self._use_dateline = "context.dateline" not in off
        self._dateline = -1  # end of the dateline, found on the first scan
        self._all: list[tuple[int, int, str, int, str]] | None = None
        self._starts: list[int] = []
        self._low: str | None = None
        self._scores: dict[tuple[int, int, bool], list[tuple[str, int, str]]] = {}
        self._sent: list[int] | None = None
        self._codes: frozenset[str] | None = None
        self._memo: dict[
            tuple[int, int, tuple[str, ...], bool, int], tuple[dict[str, int], list[str]]
        ] = {}
        self._para: list[int] | None = None
        # what a rule reads once from the whole document, by rule id and language
        # ("rung.declared ko")
        self.facts: dict[str, str | None] = {}
        self._scanned = 0  # characters scanned range by range, before the one whole scan

    def codes_with_cues(self) -> frozenset[str]:
        """Codes with at least one cue anywhere in the document (one scan, cached)."""
        if self._codes is None:
            hits = self._hits(0, len(self.text), whole=True)
            self._codes = frozenset(code for code, _, _ in hits)
        return self._codes

    def dateline_end(self) -> int:
        """Return where the document's wire dateline ends (0 when it has none), found once."""
        if self._dateline < 0:
            self._dateline = dateline(self.text, self._lang) if self._use_dateline else 0
            if self._dateline:
                note_fired("context.dateline")
        return self._dateline

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
            first = 0 if whole else self.dateline_end()
            got = [
                (code, w, cue)
                for start, end, code, w, cue in found
                if end <= hi and start >= first and (whole or cue.lower() not in self._doc_only)
            ]
            if (
                not whole
                and self._doc_only
                and len(got) < len(found)
                and any(cue.lower() in self._doc_only for _, _, _, _, cue in found)
            ):
                note_fired("context.document-only")
            self._scores[(lo, hi, whole)] = got
        return got

    def _find(self, lo: int, hi: int) -> list[tuple[int, int, str, int, str]]:
        """List (start, end, code, weight, cue as written) of the cues matched in [lo, hi).

        The text is lower-cased; all-caps cues must be written exactly.
        """
        if self._low is None:
            self._low = ascii_lower(self.text)
        hits = []
        low, origin_pats, dest = self._low, self._origin, self._destination
        # scan to the end of the word the range cuts, so that a range sees the cues a whole
        # scan sees ("Seoulites" cut after "Seoul" is no cue; "South Korea|n" is not "South Korea")
        tail = _WORD_TAIL.match(low, hi) if 0 < hi < len(low) else None
        stop = tail.end() if tail is not None else hi
        for m in self._pattern.finditer(low, lo, stop):
            if m.end() > hi:
                break
            code, weight, exact = self._owner[m.group()]
            if not code:
                note_fired("context.not-cues")
                continue  # "其中國防": a word written across a cue
            start, end = m.span()
            written = self.text[start:end]
            if exact is not None and written != exact:
                continue
            if origin_pats is not None:
                demonym, follows, styles, source = origin_pats
                if (
                    (demonym.search(low, start, end) and follows.match(low, end))
                    or styles.match(low, end)
                    or source.search(low, max(0, start - 32), start)
                ):
                    note_fired("context.origin")
                    continue  # "South Korean dramas": where the goods come from, not the setting
            if self._set_against(start, written):
                note_fired("context.against")
                continue  # "against the dollar, euro and yuan": the other side of a trade
            if dest is not None and (
                dest[0].search(low, max(0, start - _DESTINATION_REACH), start)
                or dest[2].match(low, end)
            ):
                note_fired("context.destination")
                sender = dest[1].get(code)
                if sender is not None:  # "aid sent to Pyongyang" is paid by the South
                    hits.append((start, end, sender, 1, f"{written} (destination)"))
                continue  # where the money goes, not where it is paid
            if dest is not None and dest[3].match(low, end):
                note_fired("context.destination")
                continue  # "북한에서 탈북하는": the place people leave
            hits.append((start, end, code, weight, written))
        return hits

    def _set_against(self, start: int, written: str) -> bool:
        """Tell whether the cue at ``start`` is a currency's name set against (``against``)."""
        if self._against is None or self._low is None:
            return False
        pattern, names = self._against
        if written.lower() not in names:
            return False
        return pattern.search(self._low, max(0, start - _AGAINST_REACH), start) is not None

    def _scan(self) -> None:
        """Find every cue of the document once."""
        self._all = self._find(0, len(self.text))
        self._starts = [h[0] for h in self._all]

    @property
    def lang(self) -> str:
        """The language the document is read in."""
        return self._lang

    def sentence(self, pos: int) -> tuple[int, int]:
        """Return the bounds of the sentence holding ``pos``.

        Abbreviations are skipped; at most ``_REACH`` characters either side, for
        unpunctuated text such as tables.
        """
        if self._sent is None:
            self._sent = [m.end() for m in self._sentence_end.finditer(self.text)]
            if self._sent:
                note_fired("context.sentence-end")
        start, end = _bounds(self._sent, pos, len(self.text))
        return max(start, pos - _REACH), min(end, pos + _REACH)

    def paragraph(self, pos: int) -> tuple[int, int]:
        """Bounds of the paragraph holding ``pos``."""
        if self._para is None:
            self._para = [m.end() for m in _PARAGRAPH_END.finditer(self.text)]
        return _bounds(self._para, pos, len(self.text))

    def first_cue(
        self, lo: int, hi: int, codes: set[str], whole: bool = False, weight: int = 0
    ) -> tuple[str, str] | None:
        """Return the first cue in [lo, hi) for one of ``codes``: (code, cue as written).

        Only cues of at least ``weight`` count (2: strong cues only).
        """
        for code, w, cue in self._hits(lo, hi, whole):
            if code in codes and w >= weight:
                return code, cue
        return None

    def score(
        self, lo: int, hi: int, codes: Sequence[str], whole: bool = False, least: int = 0
    ) -> tuple[dict[str, int], list[str]]:
        """Sum cue weights per candidate code in [lo, hi); also return the cues seen.

        Only cues of at least ``least`` count (2: strong cues only).
        """
        key = (lo, hi, tuple(codes), whole, least)
        memo = self._memo.get(key)
        if memo is not None:
            return dict(memo[0]), list(memo[1])
        scores = dict.fromkeys(codes, 0)
        cues: list[str] = []
        for code, weight, cue in self._hits(lo, hi, whole):
            if code in scores and weight >= least:
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
