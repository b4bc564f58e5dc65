"""Corpus-driven tests for ``extract_amounts`` (Duckling style).

Reads ``tests/corpus/<lang>.toml`` and ``tests/corpus/negative.toml`` (format in
``tests/corpus/README.md``) and turns every text into one ``pytest.param`` with a readable id:

* ``case-<tag>:<text>``  -- the text must yield exactly one mention spanning the whole text;
* ``doc-<tag>:<text>``   -- the text must yield exactly the listed mentions, in order;
* ``neg-<tag>:<text>``   -- the text must yield no mention at all.

A failure message says precisely how the result differs: no mention, a partial span (shown),
N mentions (listed), or wrong fields (``field: got ... want ...``). An entry may also name the
rules that must decide it (``fires``) and the rules that must not (``silent``): ids from the
traces of its mentions, the vetoes and the context rules ``moneyx.explain`` reports. Every rule
id must appear in some ``fires`` and some ``silent`` (``test_every_rule_has_corpus_cases``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import moneyx

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
# the corpus files of the languages (each extracted with its ``lang``), then the negatives
LANG_FILES = ("en", "ko", "zh")

# Every key a corpus expectation may carry. "" in the TOML means "must be None", "*" means
# "not checked here" (to switch a default off where the corpus takes no position).
CHECKED_KEYS = (
    "value",
    "high",
    "currency",
    "candidates",
    "approx",
    "hedge",
    "bound",
    "per",
    "gloss_of",
    "elided",
    "role",
    "when",  # a table of Mention.when fields ("day", "precision", "text", ...); "" for None
)
# Keys checked on every mention unless the expectation overrides them (an amount is exact, not a
# range, not bounded, not priced per anything and not a gloss unless the corpus says so).
DEFAULTS: Mapping[str, Any] = {"approx": False, "high": "", "bound": "", "per": "", "gloss_of": ""}

# Known failures: id -> reason. Every entry must really fail (strict xfail), so the list shrinks
# as the engine improves. Keep it short and name the limitation.
XFAIL: Mapping[str, str] = {
    # ---- English: rules that do not act as their docstring says (the rule coverage, issue 13)
    "doc-rule-candidate.prefix-first:"
    "A trader in Dandong sold 4 USD20 phone cards to the smugglers.": (
        "candidate.prefix-first chooses the reading but is never recorded in Mention.trace"
    ),
    "neg-rule-veto.minor-prefix:He asked for cents 50 in change.": (
        "veto.minor-prefix never acts: candidate.prefix already skips a minor unit, so the veto "
        "never sees 'cents 50'"
    ),
    "neg-rule-veto.no-prefix:The home side beat Tokyo, won 3-1.": (
        "veto.no-prefix never acts: candidate.prefix already skips the [per_extra] no_prefix "
        "names with the same test"
    ),
    "neg-rule-veto.no-prefix:The note said pound 5 and nothing more.": (
        "veto.no-prefix never acts: candidate.prefix already skips the [per_extra] no_prefix "
        "names with the same test"
    ),
    # ---- Korean: rules that do not act as their docstring says on a Korean sentence
    "ko-doc-rule-rung.kr-minimum-wage:그 노동자는 월급 15만원을 받는다.": (
        "rung.kr-minimum-wage runs after rung.locale-default, which always answers for 원 in "
        "Korean: the rung can never rule KRW out there"
    ),
}


# --------------------------------------------------------------------------- loading


@dataclass(frozen=True)
class Example:
    """One text to extract and what it must give."""

    kind: str  # "case" | "doc" | "neg"
    tag: str
    text: str
    mentions: tuple[Mapping[str, Any], ...]  # expected mentions (with "text", "start")
    options: Mapping[str, Any] = field(default_factory=dict)
    fires: tuple[str, ...] = ()  # rule ids that must act on the text
    silent: tuple[str, ...] = ()  # rule ids that must not

    @property
    def id(self) -> str:
        short = re.sub(r"[ \t\r\n]+", " ", self.text.strip())  # other spaces stay visible
        if len(short) > 70:
            short = short[:67] + "..."
        lang = self.options.get("lang", "en")
        return (
            f"{self.kind}-{self.tag}:{short}"
            if lang == "en"
            else f"{lang}-{self.kind}-{self.tag}:{short}"
        )


def _options(table: Mapping[str, Any], where: str, lang: str = "en") -> dict[str, Any]:
    opts: dict[str, Any] = {} if lang == "en" else {"lang": lang}
    for key in ("default_currency", "doc_date", "locale", "lang"):
        if key in table:
            opts[key] = table[key]
    unknown = set(table) - {
        "default_currency",
        "doc_date",
        "locale",
        "lang",
        "tag",
        "texts",
        "text",
        "expect",
        "mentions",
        "note",
        "fires",
        "silent",
    }
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
    return opts


def _check_expect(exp: Mapping[str, Any], where: str) -> None:
    unknown = set(exp) - set(CHECKED_KEYS) - {"text", "start", "reason_has"}
    if unknown:
        raise ValueError(f"{where}: unknown expectation keys {sorted(unknown)}")


def _locate(text: str, mentions: Sequence[Mapping[str, Any]], where: str) -> list[dict[str, Any]]:
    """Give every expected mention its ``start`` (searching left to right, after the previous)."""
    out: list[dict[str, Any]] = []
    pos = 0
    for i, m in enumerate(mentions):
        m = dict(m)
        surface = m["text"]
        start = m.get("start", text.find(surface, pos))
        if start < 0 or text[start : start + len(surface)] != surface:
            raise ValueError(f"{where}: mention {i} {surface!r} not found in order in the text")
        m["start"] = start
        pos = start + len(surface)
        out.append(m)
    return out


def _rules(table: Mapping[str, Any], key: str) -> tuple[str, ...]:
    return tuple(_as_list(table.get(key, [])))


def load_examples(path: Path, kind_of_file: str) -> list[Example]:
    """Read a corpus file into examples (raising on malformed entries, so typos fail loudly)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    examples: list[Example] = []
    lang = "en" if kind_of_file == "negative" else kind_of_file
    for n, group in enumerate(data.get("negative", [])):
        where = f"{path.name} [[negative]] #{n}"
        opts = _options(group, where, lang)
        fires, silent = _rules(group, "fires"), _rules(group, "silent")
        for text in group["texts"]:
            examples.append(Example("neg", group.get("tag", "neg"), text, (), opts, fires, silent))
    for n, case in enumerate(data.get("case", [])):
        where = f"{path.name} [[case]] #{n}"
        opts = _options(case, where, lang)
        exp = case["expect"]
        _check_expect(exp, where)
        fires, silent = _rules(case, "fires"), _rules(case, "silent")
        for text in case["texts"]:
            stripped = text.strip()
            m = dict(exp, text=stripped, start=text.index(stripped))
            examples.append(
                Example("case", case.get("tag", "case"), text, (m,), opts, fires, silent)
            )
    for n, doc in enumerate(data.get("doc", [])):
        where = f"{path.name} [[doc]] #{n}"
        opts = _options(doc, where, lang)
        for exp in doc["mentions"]:
            _check_expect(exp, where)
        mentions = _locate(doc["text"], doc["mentions"], where)
        examples.append(
            Example(
                "doc",
                doc.get("tag", "doc"),
                doc["text"],
                tuple(mentions),
                opts,
                _rules(doc, "fires"),
                _rules(doc, "silent"),
            )
        )
    return examples


def all_examples() -> list[Example]:
    """Every example of the language corpora and the negative corpus."""
    out: list[Example] = []
    for lang in LANG_FILES:
        # <lang>.toml, then topic files <lang>-<topic>.toml in name order
        for path in [CORPUS_DIR / f"{lang}.toml", *sorted(CORPUS_DIR.glob(f"{lang}-*.toml"))]:
            if path.is_file():
                out += load_examples(path, lang)
    return out + load_examples(CORPUS_DIR / "negative.toml", "negative")


# --------------------------------------------------------------------------- comparing


def _want(value: Any, key: str) -> Any:
    if value == "":
        return None
    if key in ("value", "high"):
        return Decimal(str(value))
    if key == "candidates":
        return frozenset(value)
    return value


def _got(m: moneyx.Mention, key: str) -> Any:
    value = getattr(m, key)
    if key == "when" and value is not None:
        return value.to_dict()
    if key == "candidates":
        return frozenset(value)
    return value


def _same(got: Any, want: Any) -> bool:
    if isinstance(want, Decimal):
        return isinstance(got, Decimal) and got == want
    if isinstance(want, bool):
        return got is want
    if isinstance(want, Mapping):  # the fields given (a date's "day", "precision", "text")
        return isinstance(got, Mapping) and all(got.get(k) == (v or None) for k, v in want.items())
    return bool(got == want)


def _show(m: moneyx.Mention) -> str:
    extras = []
    for key in ("high", "currency", "approx", "bound", "per", "gloss_of"):
        v = getattr(m, key)
        if v not in (None, False):
            extras.append(f"{key}={v}")
    return f"{m.text!r}[{m.start}:{m.end}] value={m.value} " + " ".join(extras)


def field_diffs(got: moneyx.Mention, want: Mapping[str, Any]) -> list[str]:
    """List ``field: got X want Y`` for every checked key that differs."""
    merged = {**DEFAULTS, **want}
    diffs = []
    for key in CHECKED_KEYS:
        if key not in merged or merged[key] == "*":  # "*": deliberately unchecked
            continue
        w = _want(merged[key], key)
        g = _got(got, key)
        if not _same(g, w):
            if key == "candidates":
                g, w = sorted(g), sorted(w)
            diffs.append(f"{key}: got {g!r} want {w!r}")
    for needle in _as_list(want.get("reason_has", [])):
        if needle.lower() not in got.reason.lower():
            diffs.append(f"reason: got {got.reason!r} want it to mention {needle!r}")
    return diffs


def _as_list(x: Any) -> list[str]:
    return [x] if isinstance(x, str) else list(x)


def rules_acting(ex: Example) -> set[str]:
    """The ids of the rules that act on an example's text: traces, vetoes, context rules."""
    explained = moneyx.explain(ex.text, **ex.options)
    acting = {rule for m in explained.mentions for rule in m.trace}
    acting |= {v.rule for v in explained.vetoed}
    return acting | set(explained.context)


def rule_problems(ex: Example) -> str:
    """Return '' when the rules an example names act (``fires``) or not (``silent``) as said."""
    if not ex.fires and not ex.silent:
        return ""
    acting = rules_acting(ex)
    missing = [r for r in ex.fires if r not in acting]
    unwanted = [r for r in ex.silent if r in acting]
    problems = []
    if missing:
        problems.append(f"rules that should act but did not: {missing}")
    if unwanted:
        problems.append(f"rules that acted but should not: {unwanted}")
    if problems:
        problems.append(f"(acting: {sorted(acting)})")
    return "; ".join(problems)


def compare(text: str, got: Sequence[moneyx.Mention], want: Sequence[Mapping[str, Any]]) -> str:
    """Return '' when ``got`` matches ``want``, else a precise description of the difference."""
    if not want:
        if got:
            return f"want no mention, got {len(got)}: " + "; ".join(_show(m) for m in got)
        return ""
    if not got:
        return f"no mention in {text!r}"
    spans_want = [(w["start"], w["start"] + len(w["text"])) for w in want]
    spans_got = [(m.start, m.end) for m in got]
    if spans_got != spans_want:
        if len(want) == 1 and len(got) == 1:
            return (
                f"partial span: got {got[0].text!r}[{got[0].start}:{got[0].end}] "
                f"want {want[0]['text']!r}[{spans_want[0][0]}:{spans_want[0][1]}]"
            )
        lines = [f"{len(got)} mention(s), want {len(want)}:"]
        lines += ["  got  " + _show(m) for m in got]
        lines += [
            f"  want {w['text']!r}[{s}:{e}]" for w, (s, e) in zip(want, spans_want, strict=True)
        ]
        return "\n".join(lines)
    problems = []
    for i, (g, w) in enumerate(zip(got, want, strict=True)):
        diffs = field_diffs(g, w)
        if diffs:
            problems.append(f"mention {i} {g.text!r}: wrong fields: " + "; ".join(diffs))
    return "\n".join(problems)


# --------------------------------------------------------------------------- tests


def _params(kinds: set[str]) -> Iterator[Any]:
    seen: dict[str, int] = {}
    for ex in all_examples():
        if ex.kind not in kinds:
            continue
        pid = ex.id
        if pid in seen:  # same text under two option sets: keep ids unique and stable
            seen[pid] += 1
            pid = f"{pid}#{seen[pid]}"
        else:
            seen[pid] = 0
        marks = []
        if pid in XFAIL:
            marks.append(pytest.mark.xfail(reason=XFAIL[pid], strict=True))
        yield pytest.param(ex, id=pid, marks=marks)


@pytest.mark.parametrize("example", list(_params({"case"})))
def test_case(example: Example) -> None:
    got = moneyx.extract_amounts(example.text, **example.options)
    problem = compare(example.text, got, example.mentions) or rule_problems(example)
    assert not problem, problem


@pytest.mark.parametrize("example", list(_params({"doc"})))
def test_doc(example: Example) -> None:
    got = moneyx.extract_amounts(example.text, **example.options)
    problem = compare(example.text, got, example.mentions) or rule_problems(example)
    assert not problem, problem


@pytest.mark.parametrize("example", list(_params({"neg"})))
def test_negative(example: Example) -> None:
    got = moneyx.extract_amounts(example.text, **example.options)
    problem = compare(example.text, got, ()) or rule_problems(example)
    assert not problem, problem


def test_every_rule_has_corpus_cases() -> None:
    """Every rule id is named by an entry it decides (``fires``) and one it must not."""
    from moneyx.rules import all_rules

    examples = all_examples()
    fired = {r for ex in examples for r in ex.fires}
    silent = {r for ex in examples for r in ex.silent}
    # a safety net no text reaches through the stages (tested directly in test_extract_rules.py)
    ids = {r.id for r in all_rules()} - {"veto.overlap"}
    assert not sorted(ids - fired), f"rules no corpus entry shows acting: {sorted(ids - fired)}"
    assert not sorted(ids - silent), f"rules no corpus entry shows silent: {sorted(ids - silent)}"
    assert not sorted((fired | silent) - ids), f"unknown rule ids: {sorted((fired | silent) - ids)}"


def test_xfail_ids_exist() -> None:
    """Every xfail entry names a real example (a renamed text must not hide a stale entry)."""
    ids = {p.id for p in _params({"case", "doc", "neg"})}
    assert set(XFAIL) <= ids, sorted(set(XFAIL) - ids)


def test_corpus_is_large_enough() -> None:
    """Guard against a corpus accidentally emptied by a TOML edit."""
    examples = all_examples()
    positives = [e for e in examples if e.kind != "neg"]
    negatives = [e for e in examples if e.kind == "neg"]
    assert len(positives) >= 250
    assert len(negatives) >= 80


# --------------------------------------------------------------------------- harness self-tests


def _mk(text: str, start: int, end: int, **kw: Any) -> moneyx.Mention:
    return moneyx.Mention(start=start, end=end, text=text[start:end], value=kw.pop("value"), **kw)


def test_harness_reports_no_mention() -> None:
    want = [{"text": "300 yuan", "start": 0, "value": "300"}]
    assert compare("300 yuan", [], want).startswith("no mention")


def test_harness_reports_partial_span() -> None:
    text = "U.S. $47"
    got = [_mk(text, 5, 8, value=Decimal(47), currency="USD")]
    msg = compare(text, got, [{"text": text, "start": 0, "value": "47"}])
    assert msg.startswith("partial span: got '$47'[5:8]")


def test_harness_reports_extra_mentions() -> None:
    text = "300 yuan (U.S. $47)"
    got = [_mk(text, 0, 8, value=Decimal(300)), _mk(text, 10, 18, value=Decimal(47))]
    msg = compare(text, got, [{"text": "300 yuan", "start": 0, "value": "300"}])
    assert msg.startswith("2 mention(s), want 1")


def test_harness_reports_wrong_fields() -> None:
    text = "around 40 yuan"
    got = [_mk(text, 7, 14, value=Decimal(40), currency="JPY", approx=False)]
    want = [{"text": "40 yuan", "start": 7, "value": "40", "currency": "CNY", "approx": True}]
    msg = compare(text, got, want)
    assert "currency: got 'JPY' want 'CNY'" in msg
    assert "approx: got False want True" in msg


def test_harness_defaults_are_checked() -> None:
    text = "5,000-8,000 yuan"
    got = [_mk(text, 0, len(text), value=Decimal(5000), high=Decimal(8000), currency="CNY")]
    assert "high: got Decimal('8000') want None" in compare(
        text, got, [{"text": text, "start": 0, "value": "5000"}]
    )
    assert compare(text, got, [{"text": text, "start": 0, "value": "5000", "high": "8000"}]) == ""


def test_harness_value_must_be_decimal() -> None:
    text = "$47"
    got = [_mk(text, 0, 3, value=Decimal(47), currency="USD")]
    assert compare(text, got, [{"text": text, "start": 0, "value": "47.00"}]) == ""
    assert "value" in compare(text, got, [{"text": text, "start": 0, "value": "4.7"}])


# --------------------------------------------------------------------------- report script


def main(argv: Sequence[str] | None = None) -> int:
    """Print failures grouped by kind and tag: ``python tests/test_corpus.py [-v] [TAG...]``."""
    import argparse
    from collections import defaultdict

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every failure")
    parser.add_argument("tags", nargs="*", help="only these tags")
    args = parser.parse_args(argv)
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    total = 0
    for ex in all_examples():
        if args.tags and ex.tag not in args.tags:
            continue
        total += 1
        try:
            problem = compare(
                ex.text, moneyx.extract_amounts(ex.text, **ex.options), ex.mentions
            ) or rule_problems(ex)
        except Exception as exc:  # report, do not stop: this is a diagnostic script
            problem = f"raised {type(exc).__name__}: {exc}"
        if problem:
            groups[f"{ex.kind}-{ex.tag}"].append((ex.text, problem))
    failed = sum(len(v) for v in groups.values())
    print(f"{total - failed}/{total} examples pass")
    for name, items in sorted(groups.items()):
        print(f"== {name}: {len(items)} failing")
        for text, problem in items if args.verbose else items[:3]:
            print(f"   {text!r}\n      " + problem.replace("\n", "\n      "))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
