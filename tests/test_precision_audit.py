"""The judged precision sample (tests/eval/precision-audit.jsonl) against today's engine."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from moneyx import extract_amounts

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "eval" / "precision-audit.jsonl"
CORPORA = {
    "reuters": ROOT.parent / "shared" / "data" / "corpora" / "reuters21578" / "reuters21578.csv",
    "bbc": ROOT.parent / "shared" / "data" / "corpora" / "bbc" / "bbc.csv",
}

pytestmark = pytest.mark.skipif(not SAMPLE.exists(), reason="no judged sample recorded yet")


def _rows() -> list[dict[str, object]]:
    return [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line]


def test_the_sample_is_judged_and_keeps_no_text() -> None:
    rows = _rows()
    assert len(rows) >= 300
    assert {r["verdict"] for r in rows} <= {"ok", "wrong", "gone"}
    assert all("text" not in r and "before" not in r for r in rows)
    assert all(r["why"] for r in rows if r["verdict"] != "ok")


@pytest.mark.skipif(
    not all(p.exists() for p in CORPORA.values()), reason="../shared corpora not present"
)
def test_mentions_judged_right_are_still_read_the_same() -> None:
    rows = [r for r in _rows() if r["verdict"] == "ok"]
    texts = {}
    for corpus, path in CORPORA.items():
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        wanted = {r["doc_id"] for r in rows if r["corpus"] == corpus}
        pairs = zip(df["doc_id"], df["text"], strict=True)
        texts.update({(corpus, d): t for d, t in pairs if d in wanted})
    lost = []
    for r in rows:
        found = {
            (m.start, m.end, m.value, m.currency)
            for m in extract_amounts(texts[(r["corpus"], r["doc_id"])], lang="en")
        }
        key = (r["start"], r["end"], Decimal(str(r["value"])), r["currency"])
        if key not in found:
            lost.append((r["corpus"], r["doc_id"], r["start"], r["end"]))
    assert not lost, f"{len(lost)} mentions judged right are no longer read the same: {lost[:10]}"


def test_a_rejudged_sheet_replaces_only_its_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "precision_audit", ROOT / "scripts" / "precision_audit.py"
    )
    assert spec is not None
    assert spec.loader is not None
    audit = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(audit)
    out = tmp_path / "audit.jsonl"
    base = {"corpus": "reuters", "doc_id": "1", "high": None, "per": None, "elided": False}
    rows = [
        {
            **base,
            "start": 0,
            "end": 5,
            "value": "2",
            "currency": "USD",
            "verdict": "wrong",
            "why": "cut",
        },
        {
            **base,
            "start": 9,
            "end": 15,
            "value": "7",
            "currency": "USD",
            "verdict": "ok",
            "why": "",
        },
        {
            **base,
            "start": 20,
            "end": 21,
            "value": "2",
            "currency": "USD",
            "verdict": "wrong",
            "why": "a day",
        },
    ]
    out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    monkeypatch.setattr(audit, "OUT", out)
    new = {
        "start": 0,
        "end": 7,
        "value": "3.5",
        "high": None,
        "currency": "USD",
        "per": None,
        "elided": False,
    }
    sheet = tmp_path / "sheet.jsonl"
    lines = [
        {"row": 0, "new": [new], "verdict": "ok"},
        {"row": 2, "new": [], "verdict": "gone", "why": "a date: nothing to read"},
    ]
    sheet.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    assert audit.merge(sheet) == (2, 2, 1)
    got = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert got[0] == {**base, **new, "verdict": "ok", "why": ""}
    assert got[1] == rows[1]
    assert got[2]["verdict"] == "gone"
    assert got[2]["start"] == 20
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"row": 1, "new": [new], "verdict": "gone"}) + "\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        audit.merge(bad)
