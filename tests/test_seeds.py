"""The project's own seed articles against ``seeds/gold.jsonl``: exact spans and fields, 0 FP.

Mirrors ``../shared/tools/seedcheck.py`` (which must print ``9/9 gold mentions exact, 0 false
positives``) using only files inside the project, so it runs on a clean clone.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import moneyx

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
FIELDS = ("start", "end", "text", "value", "high", "currency", "approx", "per")


def _gold() -> list[dict[str, Any]]:
    lines = (SEEDS / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


GOLD = _gold()


def _norm(key: str, v: Any) -> Any:
    if key in ("value", "high") and v is not None:
        return Decimal(str(v))
    return v


def _row(m: moneyx.Mention) -> dict[str, Any]:
    return {k: getattr(m, k) for k in FIELDS}


def _diff(doc_text: str, got: list[moneyx.Mention], gold: list[dict[str, Any]]) -> str:
    lines = []
    by_span = {(m.start, m.end): m for m in got}
    matched = set()
    for g in gold:
        m = by_span.get((g["start"], g["end"]))
        if m is None:
            near = [x for x in got if x.start < g["end"] and g["start"] < x.end]
            hint = f" (overlapping: {[(x.text, x.start, x.end) for x in near]})" if near else ""
            lines.append(f"missed {g['text']!r}[{g['start']}:{g['end']}]{hint}")
            continue
        matched.add((m.start, m.end))
        bad = [
            f"{k}: got {_norm(k, getattr(m, k))!r} want {_norm(k, g[k])!r}"
            for k in FIELDS
            if _norm(k, getattr(m, k)) != _norm(k, g[k])
            or (k == "approx" and getattr(m, k) is not g[k])
        ]
        if bad:
            lines.append(f"{g['text']!r}: " + "; ".join(bad))
    for m in got:
        if (m.start, m.end) not in matched:
            context = doc_text[max(0, m.start - 30) : m.end + 30].replace("\n", " ")
            lines.append(f"false positive {m.text!r}[{m.start}:{m.end}] in ...{context}...")
    return "\n".join(lines)


@pytest.mark.parametrize("gold", GOLD, ids=[g["id"] for g in GOLD])
def test_seed_document_matches_gold(gold: dict[str, Any]) -> None:
    text = (SEEDS / gold["file"]).read_text(encoding="utf-8")
    got = moneyx.extract_amounts(text, doc_date=gold["doc_date"])
    problem = _diff(text, got, gold["mentions"])
    assert not problem, "\n" + problem


def test_seed_totals() -> None:
    """The headline figure: every gold mention exact, no false positive."""
    exact = total = fp = 0
    for gold in GOLD:
        text = (SEEDS / gold["file"]).read_text(encoding="utf-8")
        got = moneyx.extract_amounts(text, doc_date=gold["doc_date"])
        rows = {(m.start, m.end): m for m in got}
        total += len(gold["mentions"])
        for g in gold["mentions"]:
            m = rows.get((g["start"], g["end"]))
            if m is not None and all(_norm(k, getattr(m, k)) == _norm(k, g[k]) for k in FIELDS):
                exact += 1
        gold_spans = {(g["start"], g["end"]) for g in gold["mentions"]}
        fp += sum(1 for span in rows if span not in gold_spans)
    assert total >= 9, "the seed gold lost mentions"
    assert (exact, fp) == (total, 0), f"{exact}/{total} exact, {fp} false positives"


def test_gold_offsets_are_consistent() -> None:
    """The gold file itself: every span slices to its text (guards against edited seeds)."""
    for gold in GOLD:
        text = (SEEDS / gold["file"]).read_text(encoding="utf-8")
        for g in gold["mentions"]:
            assert text[g["start"] : g["end"]] == g["text"], (gold["id"], g)


# The glosses in the seeds, by (doc id, text of the gloss) -> text of the glossed amount.
SEED_GLOSSES = [
    ("000", "U.S. $47", "300 yuan"),
    ("000", "U.S. $6.30", "40 yuan"),
    ("004", "1.6 million won", "five million won"),
    ("004", "200,000 won", "500 yuan"),
]


@pytest.mark.parametrize(
    ("doc_id", "gloss", "source"), SEED_GLOSSES, ids=[f"{d}:{g}" for d, g, _ in SEED_GLOSSES]
)
def test_seed_gloss_links(doc_id: str, gloss: str, source: str) -> None:
    gold = next(g for g in GOLD if g["id"] == doc_id)
    text = (SEEDS / gold["file"]).read_text(encoding="utf-8")
    got = moneyx.extract_amounts(text, doc_date=gold["doc_date"])
    texts = [m.text for m in got]
    assert gloss in texts, texts
    assert source in texts, texts
    g = got[texts.index(gloss)]
    assert g.gloss_of == texts.index(source), f"{gloss!r}.gloss_of = {g.gloss_of}"


def test_seed_004_implied_rates() -> None:
    gold = next(g for g in GOLD if g["id"] == "004")
    text = (SEEDS / gold["file"]).read_text(encoding="utf-8")
    got = moneyx.extract_amounts(text, doc_date=gold["doc_date"])
    rates = {
        (got[p.source].text, got[p.gloss].text): p.implied_rate for p in moneyx.gloss_pairs(got)
    }
    assert rates[("500 yuan", "200,000 won")] == Decimal(400)
    assert rates[("five million won", "1.6 million won")] == Decimal("0.32")


def test_seed_wage_role() -> None:
    """'the average monthly wage ... is three thousand won' is a wage (burden ratios need it)."""
    gold = next(g for g in GOLD if g["id"] == "004")
    text = (SEEDS / gold["file"]).read_text(encoding="utf-8")
    got = moneyx.extract_amounts(text, doc_date=gold["doc_date"])
    wage = next(m for m in got if m.text == "three thousand won")
    assert wage.role == "wage"
