"""The when stage: the date or period an amount refers to, when the text states one near it.

News recounts past prices: "In 2002 rice cost 40 won a kilogram; now it costs 2,000 won".
Converting the 40 won on the article's date is wrong by all the inflation in between (and by 100x
across the 2009 redenomination), so each amount carries the date its text gives it
(``Mention.when``). The reading rules find time phrases in the sentences that hold amounts and
resolve them against the document date:

* ``when.relative``: words dated from the document ("last year", "last December", 작년 12월);
* ``when.calendar``: a date or period written out ("in 2002", "Sept. 25, 2014", "2002년 말");
* ``when.ago``: a distance back ("two years ago", "2년 전");
* ``when.decade``: "in the 1990s", "1990년대";
* ``when.event``: before, after or during a named event ("before the currency reform", 화폐개혁
  전); the events' dates are in ``moneyx/data/events.csv``;
* ``when.present``: the time of writing ("now", 지금): the amounts it governs keep the document
  date.

Where two phrases overlap, the longer one wins, then the rule listed first. The scope rules give
each phrase to the amounts it governs, never beyond the sentence:

* ``when.after-amount``: a phrase right after an amount dates that amount alone ("cost 40 won
  in 2002");
* ``when.clause``: any other phrase dates the amounts after it in its clause, up to the next
  phrase or a clause break ("In 2002 rice cost 40 won, now it costs 2,000 won" dates only the
  first);
* ``when.gloss``: a conversion and the amount it converts share their date.

A phrase after the document date (a plan: "in 2030"), or one that needs the document date when
there is none ("last year"), gives no date, but still governs its amounts (they keep the document
date). The words of the document's dateline are not read. The stage runs last, on the Mentions,
and adds to ``Mention.trace`` the ids of the reading and the scope rule that dated each amount.
"""

from __future__ import annotations

import bisect
import calendar
import csv
import functools
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from importlib import resources
from typing import NamedTuple, cast

import regex

from moneyx.errors import DataError
from moneyx.matcher import LazyPattern, alternation, lazy_compile
from moneyx.model import Mention, Precision, When
from moneyx.numbers import is_number, parse_number
from moneyx.patcache import cached_compile
from moneyx.resolve import ContextIndex
from moneyx.resolve.context import dateline
from moneyx.rules import RuleData, registry, rule_data

__all__ = ["EVENTS", "Event", "date_mentions", "events"]

WHEN = registry("when")

EVENTS = "events.csv"
"""The table of named events and periods (``moneyx/data/events.csv``)."""

_YEAR = r"(?<![\d.,])(?P<year>(?:1[89]|20)\d\d)"
_WORDS = cached_compile(r"\w+")
_GAP_STOPPERS = frozenset(',;:()[]{}—–"“”')  # punctuation that ends what follows an amount
_CLOSERS = ")]\"'”’"
_AFTER_WORDS = 6  # words at most between an amount and the phrase that dates it


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """One row of ``moneyx/data/events.csv``: a named event or period, with its source."""

    key: str
    first: date
    last: date
    label: str
    source: str


@functools.cache
def events() -> Mapping[str, tuple[Event, ...]]:
    """Load ``moneyx/data/events.csv`` once: event key -> its dated rows, oldest first.

    Raises:
        DataError: A row lacks a field or has a bad date.

    Example:
        >>> [e.first.isoformat() for e in events()["kpw-redenomination"]]
        ['1959-02-13', '2009-11-30']

    """
    raw = (resources.files("moneyx") / "data" / EVENTS).read_text(encoding="utf-8")
    body = "".join(ln for ln in raw.splitlines(True) if not ln.startswith("#"))
    out: dict[str, list[Event]] = {}
    for line, rec in enumerate(csv.DictReader(io.StringIO(body)), start=2):
        where = f"moneyx/data/{EVENTS}:row {line}"
        try:
            ev = Event(
                key=rec["event"].strip(),
                first=date.fromisoformat(rec["first"].strip()),
                last=date.fromisoformat(rec["last"].strip()),
                label=rec["label"].strip(),
                source=rec["source"].strip(),
            )
        except (KeyError, ValueError, AttributeError) as exc:
            raise DataError(where, "event", f"need event, ISO first and last days: {exc}") from exc
        if not ev.key or not ev.source or ev.first > ev.last:
            raise DataError(where, ev.key, "an event needs a key, a source and first <= last")
        out.setdefault(ev.key, []).append(ev)
    return {k: tuple(sorted(v, key=lambda e: e.first)) for k, v in out.items()}


# ---------------------------------------------------------------------------------------------
# periods


class _Period(NamedTuple):
    """What a phrase says: a period (either end may be open) and how precise it is."""

    first: date | None
    last: date | None
    precision: Precision
    day: date | None = None  # a day the words name exactly ("two years ago"), else None
    same: int | None = None  # "the same year" (0) or its month (1-12): the year said before


_UNDATED = _Period(None, None, "period")  # the present, a plan, or words that need a date


def _year(y: int) -> _Period:
    return _Period(date(y, 1, 1), date(y, 12, 31), "year")


def _month(y: int, m: int) -> _Period:
    return _Period(date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]), "month")


def _part(p: _Period, part: str | None) -> _Period:
    """Narrow a year to a third of it (early/mid/late: four months) or a month to a third."""
    if part is None or p.first is None or p.last is None:
        return p
    third = {"early": 0, "mid": 1, "late": 2}[part]  # not-lexicon: group names
    if p.precision == "year":
        y = p.first.year
        lo, hi = 1 + 4 * third, 4 + 4 * third
        return p._replace(first=date(y, lo, 1), last=_month(y, hi).last)
    if p.precision == "month":
        lo_day = 1 + 10 * third
        last = p.last if third == 2 else p.first.replace(day=10 + 10 * third)
        return p._replace(first=p.first.replace(day=lo_day), last=last)
    if p.precision == "period" and p.last.year - p.first.year == 9:  # a decade: 0-3, 4-6, 7-9
        lo_y = p.first.year + (0, 4, 7)[third]
        hi_y = p.first.year + (3, 6, 9)[third]
        return p._replace(first=date(lo_y, 1, 1), last=date(hi_y, 12, 31))
    return p


def _years_back(day: date, n: int) -> date:
    y = day.year - n
    return day.replace(year=y, day=min(day.day, calendar.monthrange(y, day.month)[1]))


def _months_back(day: date, n: int) -> date:
    k = day.year * 12 + day.month - 1 - n
    y, m = divmod(k, 12)
    return date(y, m + 1, min(day.day, calendar.monthrange(y, m + 1)[1]))


def _latest(month: int, doc_day: date) -> int:
    """Return the year of the latest such month before the document's month ("last December")."""
    return doc_day.year if month < doc_day.month else doc_day.year - 1


_AHEAD = 62  # days: a month or day written without a year may lie this far after the document


def _nearest(month: int, mday: int | None, doc_day: date) -> int:
    """Return the year of a month (and day) written without one.

    That is the latest such month on or before the document's date, unless the next one is at
    most ``_AHEAD`` days after it. "In December" in a July article is the December before; "in
    late August" in a July article the August to come (a date after the document's, which
    then dates nothing).
    """
    for y in (doc_day.year, doc_day.year - 1):
        day = date(y, month, min(mday or 1, calendar.monthrange(y, month)[1]))
        if day <= doc_day:
            ahead = date(y + 1, month, min(mday or 1, calendar.monthrange(y + 1, month)[1]))
            return y + 1 if (ahead - doc_day).days <= _AHEAD else y
    return doc_day.year - 1


def _dated(p: _Period, doc_day: date | None) -> _Period:
    """Refuse a period after the document's date (a plan, not a price paid)."""
    if doc_day is not None and p.first is not None and p.first > doc_day:
        return _UNDATED
    return p


def _day_of(p: _Period, doc_day: date | None) -> date | None:
    """Return the day conversions use for a period (see ``moneyx.model.When.day``)."""
    if p.day is not None:
        return p.day
    if p.first is None:
        return p.last
    if p.last is None:
        return p.first
    if doc_day is not None and p.first <= doc_day <= p.last:
        return doc_day
    return p.first + timedelta(days=(p.last - p.first).days // 2)


# ---------------------------------------------------------------------------------------------
# patterns


def _alt(words: Sequence[str] | frozenset[str], space: str = r"\s+") -> str:
    return alternation(sorted(words), space)


def _opt(words: Sequence[str] | frozenset[str], template: str) -> str:
    """Fill ``template`` with the alternation of ``words``, or give "" when there are none."""
    return template.format(_alt(words)) if words else ""


@dataclass(frozen=True, slots=True)
class _Tokens:
    """The pieces the reading patterns share, built from ``[when.calendar]``."""

    year: str
    month: str
    day: str
    part_before: str
    part_after: str
    particles: str


def _tokens(d: RuleData) -> _Tokens:
    year = _YEAR + (rf"\s?{_alt(d['year_unit'])}" if d["year_unit"] else r"(?![\w]|[.,]\d)")
    months = []
    if d["months"]:
        months.append(rf"(?P<mname>(?i:{_alt(d['months'])}))(?!\w)")
    if d["month_unit"]:
        months.append(rf"(?<![\d.,])(?P<mnum>1[0-2]|0?[1-9])\s?{_alt(d['month_unit'])}")
    month = "(?:" + "|".join(months) + ")" if months else "(?!)"
    mday = r"(?<![\d.,])(?P<dnum>3[01]|[12]\d|0?[1-9])"
    if d["day_unit"]:
        day = mday + rf"\s?{_alt(d['day_unit'])}"
    else:
        day = mday + _opt(d["ordinals"], "(?i:{})?") + r"(?![\w]|[.,]\d)"
    parts = [
        f"(?P<{key}>(?i:{_alt(d[key])}))"
        for key in ("early", "mid", "late")  # not-lexicon: data keys
        if d[key]
    ]
    part = "(?:" + "|".join(parts) + ")" if parts else ""
    return _Tokens(
        year=year,
        month=month,
        day=day,
        part_before=rf"(?:{part}(?:-|\s+))?" if part else "",
        part_after=rf"(?:\s?{part})?" if part else "",
        particles=_opt(d["particles"], r"(?:\s?{})?"),
    )


@dataclass(frozen=True, slots=True)
class _Patterns:
    """The compiled patterns of one language (None: the rule has no data there)."""

    relative: regex.Pattern[str] | None
    calendar: regex.Pattern[str] | None
    ago: regex.Pattern[str] | None
    decade: regex.Pattern[str] | None
    event: regex.Pattern[str] | None
    present: regex.Pattern[str] | None
    breaks: regex.Pattern[str]
    spans: regex.Pattern[str] | None
    deadlines: regex.Pattern[str] | None
    since_after: regex.Pattern[str] | None
    anchor: re.Pattern[str]
    anchor_lead: re.Pattern[str]  # what every anchor starts with (see ``_anchor_lead``)
    anchor_rules: Mapping[str, tuple[str, ...]]  # anchor (group name or word) -> reading rules
    first_words: Mapping[str, regex.Pattern[str]]  # reading rule -> where its phrases may start

    def reader(self, rule_id: str) -> regex.Pattern[str] | None:
        """Return the pattern of a reading rule (None for the scope rules)."""
        found = getattr(self, rule_id.partition(".")[2], None)
        # a lazily compiled pattern stands for its regex.Pattern (moneyx.matcher.LazyPattern)
        return (
            cast("regex.Pattern[str]", found)
            if isinstance(found, regex.Pattern | LazyPattern)
            else None
        )


def _calendar_pattern(d: RuleData, t: _Tokens) -> str:
    lead = _opt(d["lead"], r"(?:(?P<lead>(?i:{}))\s+)?")
    of = _opt(d["of"], r"(?:{}\s+)?")
    m, dy, y = t.month, t.day, t.year
    forms = (
        rf"{m}\s+{dy}(?:,?\s+{y})?",  # Sept. 25(, 2014)
        rf"{dy}\s+{m}(?:,?\s+{y})?",  # 25 September(, 2014)
        rf"{y}\s*{m}(?:\s*{dy})?",  # 2014년 9월( 25일)
        rf"{m},?\s+{of}{y}",  # March (of) 2010
        m,
        y,
    )
    return rf"(?<!\w){lead}{t.part_before}(?:{'|'.join(forms)}){t.part_after}{t.particles}(?!\w)"


def _relative_pattern(d: RuleData, t: _Tokens, of_words: frozenset[str]) -> str:
    rel_year = "|".join(
        f"(?P<{key}>(?i:{_alt(d[key])}))"
        for key in ("last_year", "year_before_last", "this_year", "same_year")
        if d[key]
    )
    rel_month = "|".join(
        f"(?P<{key}>(?i:{_alt(d[key])}))" for key in ("last_month", "this_month") if d[key]
    )
    of = _opt(of_words, r"(?:{}\s+)?")
    forms = []
    if rel_year:
        forms += [rf"(?:{rel_year})\s*{t.month}", rf"{t.month},?\s+{of}(?:{rel_year})"]
    if d["last"]:
        forms.append(rf"(?P<last>(?i:{_alt(d['last'])}))\s+{t.month}")
    forms += [f"(?:{x})" for x in (rel_year, rel_month) if x]
    if not forms:
        return ""
    return rf"(?<!\w){t.part_before}(?:{'|'.join(forms)}){t.part_after}{t.particles}(?!\w)"


def _ago_pattern(d: RuleData, t: _Tokens) -> str:
    units = "|".join(
        f"(?P<{key}>(?i:{_alt(d[key])}))"
        for key in ("years", "months", "weeks", "days", "decades")  # not-lexicon: data keys
        if d[key]
    )
    if not d["ago"] or not units:
        return ""
    one = _opt(d["one"], "(?i:{})|")
    number = rf"(?P<n>{one}\d{{1,3}}|[^\W\d_]+(?:-[^\W\d_]+)?)"
    return rf"(?<![\w.,]){number}\s*(?:{units})\s*(?i:{_alt(d['ago'])}){t.particles}(?!\w)"


def _decade_pattern(d: RuleData, t: _Tokens) -> str:
    if not d["suffixes"]:
        return ""
    lead = _opt(d["lead"], r"(?:(?i:{})\s+)?")
    article = _opt(d["article"], r"(?:(?i:{})\s+)?")
    decade = r"(?<![\d.,])(?P<decade>(?:1[89]|20)\d0)"
    return (
        rf"(?<!\w){lead}{article}{t.part_before}{decade}{_alt(d['suffixes'])}"
        rf"{t.part_after}{t.particles}(?!\w)"
    )


def _event_pattern(
    d: RuleData, t: _Tokens, year_unit: frozenset[str], of_words: frozenset[str]
) -> str:
    rel = "|".join(
        f"(?P<{key}>(?i:{_alt(d[key])}))"
        for key in ("before", "after", "during")  # not-lexicon: data keys
        if d[key]
    )
    if not d["events"] or not rel:
        return ""
    det = _opt(d["determiners"], r"(?:(?i:{})\s+)?")
    unit = _opt(year_unit, r"\s?{}")
    year = rf"(?:{_YEAR}{unit}\s+)?"
    name = rf"(?P<event>(?i:{_alt(d['events'])}))"
    # "the currency redenomination of November 2009": the date names the event
    of = rf"(?:\s+{_alt(of_words)}\s+(?:{t.month},?\s+)?{_YEAR})?" if of_words else ""
    return rf"(?<!\w)(?:(?:{rel})\s+)?{det}{year}{name}{of}(?:\s*(?:{rel}))?{t.particles}(?!\w)"


def _present_pattern(d: RuleData) -> str:
    if not d["words"]:
        return ""
    tail = _opt(d["particles"], "(?:{})?")
    return rf"(?<!\w)(?i:{_alt(d['words'])}){tail}(?!\w|-\w)"


@functools.cache
def _patterns(lang: str) -> _Patterns:
    data = rule_data(lang)
    cal = data["when.calendar"]
    t = _tokens(cal)
    has_calendar = bool(cal["months"] or cal["month_unit"] or cal["year_unit"] or cal["lead"])
    cl = data["when.clause"]
    since = data["when.since"]
    parts = [";"]
    if cl["breaks"]:
        parts.append(rf"(?<!\w)(?i:{_alt(cl['breaks'])})(?!\w)")
    if cl["endings"]:
        parts.append(rf"{_alt(cl['endings'])}(?!\w)")

    def compiled(source: str) -> regex.Pattern[str] | None:
        return lazy_compile(source) if source else None

    anchor, anchor_rules = _anchor(data)

    return _Patterns(
        relative=compiled(_relative_pattern(data["when.relative"], t, cal["of"])),
        calendar=compiled(_calendar_pattern(cal, t) if has_calendar else ""),
        ago=compiled(_ago_pattern(data["when.ago"], t)),
        decade=compiled(_decade_pattern(data["when.decade"], t)),
        event=compiled(_event_pattern(data["when.event"], t, cal["year_unit"], cal["of"])),
        present=compiled(_present_pattern(data["when.present"])),
        breaks=cached_compile("|".join(parts)),
        spans=compiled(_opt(since["spans"], r"(?<!\w)(?i:{})(?!\w)")),
        deadlines=compiled(_opt(since["deadlines"], r"(?<!\w)(?i:{})\s+\Z")),
        since_after=compiled(_opt(since["after"], r"\s*(?i:{})(?!\w)")),
        anchor=anchor,
        anchor_lead=_anchor_lead(data, anchor, anchor_rules),
        anchor_rules=anchor_rules,
        first_words=_first_words(data),
    )


_BACK = 48  # characters before an anchor a phrase may start ("as of the beginning of 2014")


def _anchor(
    data: Mapping[str, RuleData],
) -> tuple[re.Pattern[str], Mapping[str, tuple[str, ...]]]:
    """Return the pattern of the words every time phrase holds, and the rules each one calls.

    The reading patterns are slow to try at every place of a long text; the stage tries each
    only around its anchors: a year in figures (calendar, decade), a figure with its unit
    (calendar), and the last word of each phrase a rule needs ("year" of "last year",
    "reform" of "currency reform", a month name).
    """
    rules: dict[str, set[str]] = {}
    for rule_id, table, keys in (
        ("when.calendar", "when.calendar", ("months",)),
        ("when.relative", "when.calendar", ("months",)),
        ("when.relative", "when.relative", tuple(data["when.relative"])),
        ("when.ago", "when.ago", ("ago",)),
        ("when.event", "when.event", ("events",)),
        ("when.present", "when.present", ("words",)),
    ):
        for key in keys:
            for phrase in data[table].get(key) or ():
                if isinstance(phrase, str) and phrase.split():
                    rules.setdefault(phrase.split()[-1].lower(), set()).add(rule_id)
    latin = sorted(w for w in rules if w.isascii())
    other = sorted(w for w in rules if not w.isascii())
    units = sorted(
        u for key in ("year_unit", "month_unit", "day_unit") for u in data["when.calendar"][key]
    )
    parts = [r"(?P<ynum>(?<![\d.,])(?:1[89]|20)\d\d(?!\d))"]
    suffixes = [w.lower() for w in data["when.decade"]["suffixes"]]
    if suffixes:  # before the year: "1990s" calls the decade rule only
        parts.insert(0, rf"(?P<dnum>(?<![\d.,])(?:1[89]|20)\d0{_plain(suffixes)})")
    if units:
        parts.append(rf"(?P<unum>\d\s?{_plain(units)})")
    if latin:
        parts.append(rf"\b{_plain(latin)}\b")
    if other:
        parts.append(_plain(other))
    out = {w: tuple(sorted(r)) for w, r in rules.items()}
    out["ynum"] = ("when.calendar",)  # group names: a year, a decade, a figure with its unit
    out["dnum"] = ("when.decade",)
    out["unum"] = ("when.calendar",)
    # the standard library's engine: twice as fast as ``regex`` on this plain alternation,
    # which is matched against the lower-cased text
    return re.compile("|".join(parts)), out


def _anchor_lead(
    data: Mapping[str, RuleData], anchor: re.Pattern[str], rules: Mapping[str, tuple[str, ...]]
) -> re.Pattern[str]:
    """Return a pattern that matches wherever an anchor of ``anchor`` starts (and elsewhere).

    The anchor pattern opens with look-behinds and word bounds, so the engine tries all of it
    at every character; this one opens each branch with a literal character (the words, "18",
    "19", "20"), which lets the engine skip to the places that can start one. ``_anchors``
    tries the anchor pattern only there, and finds exactly what ``finditer`` finds.
    """
    words = [w for w in rules if w not in anchor.groupindex]  # the words, not the figures
    branches = [r"1[89]\d\d", r"20\d\d"]
    units = [
        u for key in ("year_unit", "month_unit", "day_unit") for u in data["when.calendar"][key]
    ]
    if units:  # a figure with its unit may be any digit: no literal opens that branch
        branches.append(rf"\d\s?{_plain(units)}")
    return re.compile("|".join([*branches, *(re.escape(w) for w in _by_length(words))]))


def _by_length(words: Iterable[str]) -> list[str]:
    return sorted(set(words), key=lambda w: (-len(w), w))


def _anchors(low: str, pt: _Patterns) -> Iterator[re.Match[str]]:
    """Yield ``pt.anchor.finditer(low)``'s matches, trying the pattern only where one may start.

    Every anchor starts where ``pt.anchor_lead`` matches, so no match is missed; the anchor
    pattern is matched at each such place, leftmost first, as ``finditer`` would.
    """
    pos = 0
    lead, anchor = pt.anchor_lead, pt.anchor
    while (hit := lead.search(low, pos)) is not None:
        m = anchor.match(low, hit.start())
        if m is None:
            pos = hit.start() + 1
            continue
        yield m
        pos = m.end() if m.end() > m.start() else m.end() + 1


def _plain(words: Iterable[str]) -> str:
    """Return a plain alternation of ``words``, longest first (for the anchor pattern)."""
    return (
        "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))) + ")"
    )


_WORD_AT = cached_compile(r"(?<!\w)\w+")


class _Anchor(NamedTuple):
    start: int
    end: int
    key: str  # a group name ("ynum") or the lower-cased word


def _first_words(data: Mapping[str, RuleData]) -> Mapping[str, regex.Pattern[str]]:
    """Return, per reading rule, the pattern of the words its phrases may start with.

    A figure may start any phrase; the words are those of the rule's data that can come first
    (a lead word, a part of a period, a month name, a relative word, an event's name ...); the
    ago rule's phrases start with any word (a number written out).
    """
    cal = data["when.calendar"]

    def firsts(*groups: Iterable[str]) -> set[str]:
        out: set[str] = set()
        for group in groups:
            for phrase in group:
                word = _WORD_AT.match(phrase.lower())
                if word is not None:
                    out.add(word.group())
        return out

    parts = firsts(cal["early"], cal["mid"], cal["late"])
    months = firsts(cal["months"])
    rel = data["when.relative"]
    ev = data["when.event"]
    dec = data["when.decade"]
    words = {
        "when.calendar": firsts(cal["lead"]) | parts | months,
        "when.relative": firsts(*(rel[k] for k in rel)) | parts | months,
        "when.decade": firsts(dec["lead"], dec["article"]) | parts,
        "when.event": firsts(
            ev["before"], ev["after"], ev["during"], ev["determiners"], ev["events"]
        ),
        "when.present": firsts(data["when.present"]["words"]),
    }
    out = {
        rule_id: cached_compile(r"(?<!\w)(?:\d|(?i:\L<w>)(?!\w))", w=sorted(ws))
        if ws
        else cached_compile(r"(?<!\w)\d")
        for rule_id, ws in words.items()
    }
    out["when.ago"] = _WORD_AT
    return out


def _starts(
    text: str, ranges: list[tuple[int, int, int]], pt: _Patterns
) -> dict[str, list[tuple[int, int]]]:
    """Return, per reading rule, where a phrase may start: (offset, end of its range).

    A phrase holds one of its rule's anchors (see ``_anchor``) and starts, at most ``_BACK``
    characters before it, with a figure or one of the rule's first words (see
    ``_first_words``), so the patterns are tried there only.
    """
    out: dict[str, dict[int, int]] = {}
    for lo, hi, scan in ranges:
        low = text[lo:scan].lower()
        if len(low) != scan - lo:  # a case mapping that changes lengths: keep the offsets
            low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text[lo:scan])
        for a in _anchors(low, pt):
            m = _Anchor(lo + a.start(), lo + a.end(), a.lastgroup or a.group())
            rule_ids = pt.anchor_rules.get(m.key, ())
            if not rule_ids:
                continue
            back = max(lo, m.start - _BACK)
            for rule_id in rule_ids:
                got = out.setdefault(rule_id, {})
                for w in pt.first_words[rule_id].finditer(text, back, m.end):
                    got[w.start()] = hi
    return {rule_id: sorted(got.items()) for rule_id, got in out.items()}


# ---------------------------------------------------------------------------------------------
# reading rules: each takes a match, the language's rule data and the document date, and
# returns the period the words say (``_UNDATED`` for none), or None when they are no time phrase


def _g(m: regex.Match[str], name: str) -> str | None:
    """Return a named group's text, or None when it did not take part or does not exist."""
    if name not in m.re.groupindex:
        return None
    found: str | None = m.group(name)
    return found


def _int(m: regex.Match[str], name: str) -> int | None:
    """Return a named group's figure, or None when the group did not take part."""
    found = _g(m, name)
    return None if found is None else int(found)


def _month_of(m: regex.Match[str], cal: RuleData) -> int | None:
    """Return the month a match names (a capitalised month name, or a number with its unit)."""
    name = _g(m, "mname")
    if name is not None:
        if name[0].islower():  # "may", "march": a verb or a noun, not a month
            return None
        return int(cal["months"][name.lower()])
    num = _g(m, "mnum")
    return None if num is None else int(num)


def _part_of(m: regex.Match[str]) -> str | None:
    for key in ("early", "mid", "late"):  # not-lexicon: group names
        if m.group(key) is not None:
            return key
    return None


@WHEN.rule("relative", last_year="phrases", year_before_last="phrases", this_year="phrases",
           same_year="phrases", last_month="phrases", this_month="phrases",
           last="phrases")  # fmt: skip
def relative(
    m: regex.Match[str], data: Mapping[str, RuleData], doc_day: date | None, lang: str
) -> _Period:
    """Date an amount by words counted from the document's date: last year, last December.

    "December last year" and 작년 12월 name a month of the year before the document's; "last
    December" the latest December before the document's month; "last month", 지난달, "this
    year", 올해 the period itself. "The same year" (같은 해 8월) is the year of the date read
    before it in the text. Without a document date the words date nothing.

    Example:
        "Last year rice cost 4,000 won" in a 2015 article -> 2014 (year); "작년 12월" -> 2014-12.

    """
    month = _month_of(m, data["when.calendar"]) if _g(m, "mname") or _g(m, "mnum") else None
    if (_g(m, "mname") or _g(m, "mnum")) and month is None:
        return _UNDATED
    if _g(m, "same_year") is not None:  # resolved against the phrase before (_same_year)
        return _Period(None, None, "year" if month is None else "month", same=month or 0)
    if doc_day is None:
        return _UNDATED
    back = 1 if _g(m, "last_year") else 2 if _g(m, "year_before_last") else 0
    if _g(m, "last_month") or _g(m, "this_month"):
        n = 1 if _g(m, "last_month") else 0
        k = _months_back(doc_day.replace(day=1), n)
        return _part(_month(k.year, k.month), _part_of(m))
    if _g(m, "last") is not None and month is not None:
        return _dated(_part(_month(_latest(month, doc_day), month), _part_of(m)), None)
    y = doc_day.year - back
    p = _year(y) if month is None else _month(y, month)
    return _dated(_part(p, _part_of(m)), doc_day)


@WHEN.rule("calendar", lead="phrases", months="map", ordinals="phrases",
           of="words", early="phrases", mid="phrases", late="phrases", year_unit="phrases",
           month_unit="phrases", day_unit="phrases", particles="phrases")  # fmt: skip
def calendar_date(
    m: regex.Match[str], data: Mapping[str, RuleData], doc_day: date | None, lang: str
) -> _Period | None:
    """Date an amount by a date or period written out: a year, a month, a day.

    One figure alone needs a lead word in English ("in 2002", "in March") and its unit in
    Korean (2002년에, 12월); a month name counts only with a capital. A month or day without a
    year is the latest one on or before the document's date, unless the next one comes within
    two months after it (then the date is after the document's and dates nothing). "early",
    "mid", "late" (초, 중반, 말) narrow a year to four months and a month to ten days.

    Example:
        "In 2002 rice cost 40 won" -> 2002 (year); "as of Sept. 25, 2014" -> 2014-09-25 (day);
        "2002년 말" -> Sept.-Dec. 2002.

    """
    cal = data["when.calendar"]
    named = _g(m, "mname") is not None or _g(m, "mnum") is not None
    month = _month_of(m, cal) if named else None
    if named and month is None:
        return None
    year = _int(m, "year")
    mday = _int(m, "dnum")
    parts = sum(x is not None for x in (year, month, mday))
    bare = (year is not None and not cal["year_unit"]) or (
        month is not None and _g(m, "mname") is not None
    )
    if parts == 1 and bare and _g(m, "lead") is None and _part_of(m) is None:
        return None  # "2002", "March" alone: a figure or a word, not a date
    if year is None:
        if doc_day is None or month is None:
            return _UNDATED
        year = _nearest(month, mday, doc_day)
    if month is None:
        return _dated(_part(_year(year), _part_of(m)), doc_day)
    if mday is None:
        return _dated(_part(_month(year, month), _part_of(m)), doc_day)
    if mday > calendar.monthrange(year, month)[1]:
        return None
    day = date(year, month, mday)
    return _dated(_Period(day, day, "day"), doc_day)


@WHEN.rule("ago", switch="ago", ago="phrases", one="words", years="phrases",
           months="phrases", weeks="phrases", days="phrases", decades="phrases")  # fmt: skip
def ago(
    m: regex.Match[str], data: Mapping[str, RuleData], doc_day: date | None, lang: str
) -> _Period | None:
    """Date an amount by a distance back from the document's date: "two years ago", 2년 전.

    Years give the year (and the day that many years back), months the month, weeks and days
    the day. A number the language cannot read ("many years ago") is no date.

    Example:
        "Two years ago a kilogram of corn cost 1,500 won" in 2015-09 -> 2013 (year).

    """
    d = data["when.ago"]
    word = _g(m, "n") or ""
    if word.lower() in d["one"]:
        n = 1
    elif word.isdigit():
        n = int(word)
    elif is_number(word, lang=lang):
        value = parse_number(word, lang=lang)
        if value != value.to_integral_value() or not 0 < value < 1000:
            return None
        n = int(value)
    else:
        return None
    if doc_day is None:
        return _UNDATED
    if _g(m, "years") or _g(m, "decades"):
        day = _years_back(doc_day, n * (10 if _g(m, "decades") else 1))
        return _year(day.year)._replace(day=day)
    if _g(m, "months"):
        day = _months_back(doc_day, n)
        return _month(day.year, day.month)._replace(day=day)
    day = doc_day - timedelta(days=n * (7 if _g(m, "weeks") else 1))
    return _Period(day, day, "day")


@WHEN.rule("decade", switch="suffixes", lead="phrases", article="phrases",
           suffixes="phrases")  # fmt: skip
def decade(
    m: regex.Match[str], data: Mapping[str, RuleData], doc_day: date | None, lang: str
) -> _Period:
    """Date an amount by a decade: "in the 1990s", "in the late 1990s", 1990년대 말.

    Example:
        "In the 1990s a kilogram of rice cost 50 won" -> 1990-1999 (period).

    """
    y = int(m.group("decade"))
    p = _Period(date(y, 1, 1), date(y + 9, 12, 31), "period")
    return _dated(_part(p, _part_of(m)), doc_day)


@WHEN.rule("event", switch="events", events="map", before="phrases", after="phrases",
           during="phrases", determiners="phrases")  # fmt: skip
def event(
    m: regex.Match[str], data: Mapping[str, RuleData], doc_day: date | None, lang: str
) -> _Period | None:
    """Date an amount before, after or during a named event: "before the currency reform".

    The events are in ``moneyx/data/events.csv``; a year written with the name ("the 2009
    currency reform") picks the row of that year, else the latest one on or before the document
    date. Before ends the day before the event, after starts the day after it.

    Example:
        "Before the currency reform a kilogram of corn cost 1,500 won" -> until 2009-11-29 (old
        won); "화폐개혁 이후" -> from 2009-12-01.

    """
    key = data["when.event"]["events"][(_g(m, "event") or "").lower()]
    rows = events().get(key, ())
    year = _int(m, "year")
    if year is not None:
        rows = tuple(e for e in rows if e.first.year <= year <= e.last.year)
    elif doc_day is not None:
        rows = tuple(e for e in rows if e.first <= doc_day) or rows
    if not rows:
        return None
    ev = rows[-1]
    if _g(m, "before") is not None:
        return _dated(_Period(None, ev.first - timedelta(days=1), "period"), doc_day)
    if _g(m, "after") is not None:
        return _dated(_Period(ev.last + timedelta(days=1), None, "period"), doc_day)
    if _g(m, "during") is not None:
        kind: Precision = "period" if ev.first < ev.last else "day"
        return _dated(_Period(ev.first, ev.last, kind), doc_day)
    return None  # the name alone says no time


@WHEN.rule("present", switch="words", words="phrases", particles="phrases")
def present(
    m: regex.Match[str], data: Mapping[str, RuleData], doc_day: date | None, lang: str
) -> _Period:
    """Keep the document date for the amounts of a clause about the present: "now", 지금.

    So "In 2002 rice cost 40 won, now it costs 2,000 won" dates the 40 won only.

    Example:
        "Rice now costs 2,000 won" -> no date of its own (the document's).

    """
    return _UNDATED


_LAST_PAUSE = cached_compile(r"[,;:()\[\]—–][^,;:()\[\]—–]*\Z")


@WHEN.rule("since", spans="phrases", deadlines="phrases", after="phrases")
def since(text: str, start: int, end: int, lo: int, pt: _Patterns) -> bool:
    """Give no date for a span up to now or a deadline: "since 2004", "by 2015", 2009년 이후.

    "Since" counts anywhere in the stretch of the clause before the phrase ("Since defecting in
    2004, she has sent 3 million won": a sum over the years since); "by" right before it; the
    Korean words right after it. The phrase still governs its amounts: they keep the document
    date.

    Example:
        "the won passed 1,340 won for the first time since April 29, 2009" -> no date.

    """
    if pt.spans is not None:
        pause = _LAST_PAUSE.search(text, lo, start)
        if pt.spans.search(text, pause.start() if pause else lo, start) is not None:
            return True
    if pt.deadlines is not None and pt.deadlines.search(text, max(lo, start - 24), start):
        return True
    return pt.since_after is not None and pt.since_after.match(text, end) is not None


# ---------------------------------------------------------------------------------------------
# scope rules


class _Phrase(NamedTuple):
    """A time phrase found in the text, with the ids of the rules that read it."""

    start: int
    end: int
    rules: tuple[str, ...]
    period: _Period


@WHEN.rule("after-amount", switch="after", after="flag", stops="words")
def after_amount(text: str, m: Mention, p: _Phrase, stops: frozenset[str]) -> bool:
    """Date an amount by a phrase right after it (a few words, no comma): it alone.

    Not across a word that opens another clause ("40 won, and in 2003 ...") or punctuation; a
    closing bracket or quote right after the amount is skipped. Off for Korean, whose dates come
    before what they date.

    Example:
        "Rice cost 40 won in 2002 and 2,000 won in 2015" -> 2002 and 2015.

    """
    gap = text[m.end : p.start].lstrip(_CLOSERS)
    if any(ch in _GAP_STOPPERS or ch.isdigit() for ch in gap):
        return False
    words = _WORDS.findall(gap)
    return len(words) <= _AFTER_WORDS and not any(w.lower() in stops for w in words)


@WHEN.rule("clause", breaks="phrases", endings="phrases")
def clause(text: str, m: Mention, p: _Phrase, breaks: regex.Pattern[str]) -> bool:
    """Date the amounts after a phrase in its clause, up to the next phrase or a clause break.

    A break is ";", a contrast ("but", "while", "compared with"; Korean -지만, 반면) or the end
    of the sentence. The phrase may stand anywhere before the amount: "In 2002 rice cost 40
    won", "The price of rice in 2002 was 40 won".

    Example:
        "In 2002 rice cost 40 won, now it costs 2,000 won" dates only the 40 won.

    """
    return breaks.search(text, p.end, m.start) is None


@WHEN.rule("gloss")
def gloss(m: Mention, source_when: object, own_when: object) -> bool:
    """Give a conversion the date of the amount it converts, and that amount its conversion's.

    Example:
        "It cost 300 yuan (U.S. $47) in 2015" -> both 2015.

    """
    return m.gloss_of is not None and (source_when is None) != (own_when is None)


Reader = Callable[[regex.Match[str], Mapping[str, RuleData], date | None, str], _Period | None]


def _phrases(
    text: str,
    lang: str,
    ranges: list[tuple[int, int, int]],
    doc_day: date | None,
    spans: list[tuple[int, int]],
    off: frozenset[str],
) -> list[_Phrase]:
    """Find the time phrases in ``ranges``: the longest where they overlap, none in an amount.

    ``spans`` are the amounts' spans, in text order and disjoint.
    """
    pats = _patterns(lang)
    data = rule_data(lang)
    starts = _starts(text, ranges, pats)
    found: list[tuple[int, int, int, str, _Period]] = []
    for order, r in enumerate(WHEN):
        pattern = pats.reader(r.id)
        if pattern is None or r.id in off:
            continue
        fn: Reader = r.fn
        for start, hi in starts.get(r.id, ()):
            m = pattern.match(text, start, hi)
            if m is not None:
                period = fn(m, data, doc_day, lang)
                if period is not None:
                    found.append((m.start(), m.end(), order, r.id, period))
    if not found:
        return []
    found.sort(key=lambda f: (-(f[1] - f[0]), f[2], f[0]))
    amount_starts = [a for a, _ in spans]
    kept_starts: list[int] = []
    kept: list[_Phrase] = []  # in text order, disjoint
    for start, end, _, rule_id, period in found:
        j = bisect.bisect_left(amount_starts, end) - 1
        if j >= 0 and spans[j][1] > start:
            continue  # part of an amount ("in 2000 yuan")
        k = bisect.bisect_left(kept_starts, start)
        if (k > 0 and kept[k - 1].end > start) or (k < len(kept) and kept[k].start < end):
            continue
        kept_starts.insert(k, start)
        kept.insert(k, _Phrase(start, end, (rule_id,), period))
    return kept


def _same_year(phrases: list[_Phrase], doc_day: date | None) -> list[_Phrase]:
    """Resolve "the same year" (같은 해 8월) to the year of the dated phrase before it."""
    out = []
    year = None
    for p in phrases:
        same = p.period.same
        if same is not None:
            if year is None:
                p = p._replace(period=_UNDATED)
            else:
                got = _year(year) if same == 0 else _month(year, same)
                p = p._replace(period=_dated(got, doc_day))
        if p.period.first is not None:
            year = p.period.first.year
        elif p.period.last is not None:
            year = p.period.last.year
        out.append(p)
    return out


_AFTER_REACH = 96  # characters after an amount a phrase that dates it may end (when.after-amount)


def _ranges(
    mentions: Sequence[Mention], ctx: ContextIndex, skip: int
) -> list[tuple[int, int, int]]:
    """Return the stretches that may hold a phrase dating an amount: (start, end, scan end).

    A sentence that holds amounts (merged, after the dateline), up to its end; anchors are
    looked for only up to a little after its last amount (no phrase further on dates one).
    """
    out: list[tuple[int, int, int]] = []
    for m in mentions:
        lo, hi = ctx.sentence(m.start)
        lo = max(lo, skip)
        if hi <= lo:
            continue
        scan = min(hi, m.end + _AFTER_REACH)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi), max(out[-1][2], scan))
        else:
            out.append((lo, hi, scan))
    return out


def _attach(
    text: str,
    mentions: Sequence[Mention],
    phrases: list[_Phrase],
    ctx: ContextIndex,
    stops: frozenset[str],
    out: list[tuple[_Phrase, str] | None],
) -> set[int]:
    """Give each amount the phrase right after it (``when.after-amount``); return those used."""
    starts = [p.start for p in phrases]
    attached: set[int] = set()
    for i, m in enumerate(mentions):
        k = bisect.bisect_left(starts, m.end)
        if k == len(phrases) or k in attached:
            continue
        p = phrases[k]
        nxt = mentions[i + 1].start if i + 1 < len(mentions) else len(text)
        if nxt < p.start or ctx.sentence(m.start)[1] < p.end:
            continue  # another amount, or the sentence's end, comes first
        if after_amount(text, m, p, stops):
            out[i] = (p, "when.after-amount")
            attached.add(k)
    return attached


def _scope(
    text: str,
    lang: str,
    mentions: Sequence[Mention],
    phrases: list[_Phrase],
    ctx: ContextIndex,
    off: frozenset[str],
) -> list[tuple[_Phrase, str] | None]:
    """Give each amount the phrase that dates it, with the id of the scope rule that did."""
    data = rule_data(lang)
    out: list[tuple[_Phrase, str] | None] = [None] * len(mentions)
    after = data["when.after-amount"]
    attached: set[int] = set()
    if after["after"] and "when.after-amount" not in off:
        attached = _attach(text, mentions, phrases, ctx, after["stops"], out)
    if "when.clause" not in off:
        heads = [p for k, p in enumerate(phrases) if k not in attached]
        ends = [p.end for p in heads]
        breaks = _patterns(lang).breaks
        for i, m in enumerate(mentions):
            j = bisect.bisect_right(ends, m.start) - 1
            if out[i] is not None or j < 0 or heads[j].start < ctx.sentence(m.start)[0]:
                continue
            if clause(text, m, heads[j], breaks):
                out[i] = (heads[j], "when.clause")
    if "when.gloss" not in off:
        for i, m in enumerate(mentions):
            g = m.gloss_of
            if g is None or not 0 <= g < len(mentions) or not gloss(m, out[g], out[i]):
                continue
            given = out[g] or out[i]
            assert given is not None
            out[i] = out[i] or (given[0], "when.gloss")
            out[g] = out[g] or (given[0], "when.gloss")
    return out


def _when(text: str, p: _Phrase, scope: str, doc_day: date | None) -> When | None:
    day = _day_of(p.period, doc_day)
    if day is None:
        return None
    return When(
        day=day,
        first=p.period.first,
        last=p.period.last,
        precision=p.period.precision,
        text=text[p.start : p.end],
        start=p.start,
        end=p.end,
        rule=p.rules[0],
        scope=scope,
    )


def date_mentions(
    text: str,
    lang: str,
    mentions: list[Mention],
    ctx: ContextIndex,
    doc_day: date | None,
    off: frozenset[str] = frozenset(),
) -> list[Mention]:
    """Give each mention the date or period its text states (``Mention.when``), in place order.

    Args:
        text: The document.
        lang: Its language.
        mentions: The mentions found, in text order.
        ctx: The document's context index (sentence bounds).
        doc_day: The document's date, against which relative words are resolved.
        off: Ids of rules switched off.

    Returns:
        The mentions, those dated (or kept on the document date by "now") with ``when`` and the
        ids of the two rules added to their trace.

    """
    if not mentions:
        return mentions
    skip = dateline(text, lang) if "context.dateline" not in off else 0
    ranges = _ranges(mentions, ctx, skip)
    phrases = _phrases(text, lang, ranges, doc_day, [(m.start, m.end) for m in mentions], off)
    if not phrases:
        return mentions
    phrases = _same_year(phrases, doc_day)
    if "when.since" not in off:
        pt = _patterns(lang)
        phrases = [
            p._replace(rules=(*p.rules, "when.since"), period=_UNDATED)
            if p.period is not _UNDATED
            and since(text, p.start, p.end, ctx.sentence(p.start)[0], pt)
            else p
            for p in phrases
        ]
    out = list(mentions)
    for i, given in enumerate(_scope(text, lang, mentions, phrases, ctx, off)):
        if given is None:
            continue
        p, scope = given
        m = mentions[i]
        out[i] = replace(m, when=_when(text, p, scope, doc_day), trace=(*m.trace, *p.rules, scope))
    return out
