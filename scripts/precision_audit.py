"""Precision audit beyond North Korea: mentions sampled from the BBC and Reuters corpora, judged.

Two steps, with a person (or an annotator who did not write the rules) in between:

    python scripts/precision_audit.py sample -o /tmp/audit-sheet.jsonl   # N mentions, fixed seed
    # the judge adds "verdict" ("ok" or "wrong") and "why" (for wrong ones) to each line
    python scripts/precision_audit.py record /tmp/audit-sheet.jsonl  # -> tests/eval/

After an engine change, only the judged mentions whose extraction changed go back to a judge:

    python scripts/precision_audit.py changed -o /tmp/rejudge.jsonl  # old and new extraction
    # the judge adds "verdict" ("ok", "wrong"; "gone" where nothing overlaps the old span any
    # more) and "why" to each line
    python scripts/precision_audit.py merge /tmp/rejudge.jsonl       # -> tests/eval/

The sheet carries each mention's sentence so the judge can read it; it stays outside the project.
What the project keeps (``tests/eval/precision-audit.jsonl``) is the sample without text: corpus,
document id, offsets, the fields moneyx gave, the verdict and a short reason. The corpora are
``../shared/data/corpora`` (Reuters-21578, the BBC News dataset); see their SOURCES.md.

A mention is "ok" when a careful reader would mark it as money with that span (number, scale word
and currency marker; hedges and bounds outside), value and currency (``None`` is right only where
the text leaves the currency open). ``per`` and other fields are reported but not judged here.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "corpora"
CORPORA = {
    "reuters": SHARED / "reuters21578" / "reuters21578.csv",
    "bbc": SHARED / "bbc" / "bbc.csv",
}
OUT = ROOT / "tests" / "eval" / "precision-audit.jsonl"
SEED = 20261204
CONTEXT = 160  # characters of the document shown to the judge on each side


def _mentions(corpus: str) -> list[dict[str, object]]:
    from moneyx import extract_amounts

    df = pd.read_csv(CORPORA[corpus], dtype=str, keep_default_na=False)
    out: list[dict[str, object]] = []
    for doc_id, text in zip(df["doc_id"], df["text"], strict=True):
        for i, m in enumerate(extract_amounts(text, lang="en")):
            out.append(
                {
                    "corpus": corpus,
                    "doc_id": doc_id,
                    "index": i,
                    "start": m.start,
                    "end": m.end,
                    "text": m.text,
                    "value": str(m.value),
                    "high": None if m.high is None else str(m.high),
                    "currency": m.currency,
                    "per": m.per,
                    "elided": getattr(m, "elided", False),
                    "trace": list(m.trace),
                    "before": text[max(0, m.start - CONTEXT) : m.start],
                    "after": text[m.end : m.end + CONTEXT],
                }
            )
    return out


def sample(n: int, seed: int) -> list[dict[str, object]]:
    """Draw ``n`` mentions, half from each corpus, with a fixed seed."""
    rng = random.Random(seed)
    picked: list[dict[str, object]] = []
    for k, corpus in enumerate(sorted(CORPORA)):
        pool = _mentions(corpus)
        take = n // 2 + (n % 2 if k == 0 else 0)
        picked += sorted(
            rng.sample(pool, take), key=lambda r: (str(r["doc_id"]), int(str(r["start"])))
        )
    return picked


_KEEP = ("corpus", "doc_id", "start", "end", "value", "high", "currency", "per", "elided")


def record(sheet: Path) -> tuple[int, int]:
    """Write the judged sample without its text to ``OUT``; return (ok, judged)."""
    rows = [json.loads(line) for line in sheet.read_text(encoding="utf-8").splitlines() if line]
    bad = [r for r in rows if r.get("verdict") not in ("ok", "wrong")]
    if bad:
        raise SystemExit(f"{len(bad)} rows have no verdict 'ok' or 'wrong' (first: {bad[0]})")
    with OUT.open("w", encoding="utf-8") as f:
        for r in rows:
            kept = {k: r[k] for k in _KEEP}
            kept["verdict"] = r["verdict"]
            kept["why"] = r.get("why", "") if r["verdict"] == "wrong" else ""
            f.write(json.dumps(kept, ensure_ascii=False) + "\n")
    ok = sum(r["verdict"] == "ok" for r in rows)
    return ok, len(rows)


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _texts(rows: list[dict[str, Any]]) -> dict[tuple[str, str], str]:
    texts: dict[tuple[str, str], str] = {}
    for corpus, path in CORPORA.items():
        wanted = {r["doc_id"] for r in rows if r["corpus"] == corpus}
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        pairs = zip(df["doc_id"], df["text"], strict=True)
        texts.update({(corpus, d): t for d, t in pairs if d in wanted})
    return texts


def _fields(m: Any) -> dict[str, Any]:
    return {
        "start": m.start,
        "end": m.end,
        "value": str(m.value),
        "high": None if m.high is None else str(m.high),
        "currency": m.currency,
        "per": m.per,
        "elided": m.elided,
    }


def _same(r: dict[str, Any], new: dict[str, Any]) -> bool:
    keys = ("start", "end", "currency")
    high = (r["high"] is None) == (new["high"] is None) and (
        r["high"] is None or Decimal(r["high"]) == Decimal(new["high"])
    )
    value = Decimal(r["value"]) == Decimal(new["value"])
    return all(r[k] == new[k] for k in keys) and high and value


def changed() -> list[dict[str, Any]]:
    """List the judged mentions today's engine reads otherwise, with what overlaps them now."""
    from moneyx import extract_amounts

    rows = _rows(OUT)
    texts = _texts(rows)
    out: list[dict[str, Any]] = []
    for i, r in enumerate(rows):
        text = texts[(r["corpus"], r["doc_id"])]
        found = [_fields(m) for m in extract_amounts(text, lang="en")]
        if any(_same(r, f) for f in found):
            continue
        over = [f for f in found if f["start"] < r["end"] and r["start"] < f["end"]]
        lo = min([r["start"], *(f["start"] for f in over)])
        hi = max([r["end"], *(f["end"] for f in over)])
        out.append(
            {
                "row": i,
                "corpus": r["corpus"],
                "doc_id": r["doc_id"],
                "old": {k: r[k] for k in (*_KEEP[2:], "verdict", "why")},
                "new": over,
                "text": [text[f["start"] : f["end"]] for f in over],
                "before": text[max(0, lo - CONTEXT) : lo],
                "span": text[lo:hi],
                "after": text[hi : hi + CONTEXT],
            }
        )
    return out


def merge(sheet: Path) -> tuple[int, int, int]:
    """Fold a judged ``changed`` sheet into ``OUT``; return (ok, judged, gone).

    Each line's new extraction (its first overlapping mention; none: "gone") replaces the old
    row with the judge's verdict; a "gone" row stays in the sample, out of the precision.
    """
    rows = _rows(OUT)
    for line in _rows(sheet):
        verdict = line.get("verdict")
        if verdict not in ("ok", "wrong", "gone") or (verdict == "gone") != (not line["new"]):
            raise SystemExit(f"row {line['row']}: verdict must be ok or wrong (gone when no new)")
        old = rows[line["row"]]
        new = line["new"][0] if line["new"] else {k: old[k] for k in _KEEP[2:]}
        rows[line["row"]] = {
            "corpus": old["corpus"],
            "doc_id": old["doc_id"],
            **{k: new[k] for k in _KEEP[2:]},
            "verdict": verdict,
            "why": line.get("why", "") if verdict != "ok" else "",
        }
    with OUT.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    ok = sum(r["verdict"] == "ok" for r in rows)
    gone = sum(r["verdict"] == "gone" for r in rows)
    return ok, len(rows) - gone, gone


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sp = sub.add_parser("sample", help="write a judging sheet of sampled mentions")
    sp.add_argument("-o", "--output", type=Path, required=True)
    sp.add_argument("-n", type=int, default=300)
    sp.add_argument("--seed", type=int, default=SEED)
    rp = sub.add_parser("record", help="keep a judged sheet (without text) under tests/eval/")
    rp.add_argument("sheet", type=Path)
    cp = sub.add_parser("changed", help="write a sheet of the judged mentions read otherwise now")
    cp.add_argument("-o", "--output", type=Path, required=True)
    mp = sub.add_parser("merge", help="fold a judged 'changed' sheet into tests/eval/")
    mp.add_argument("sheet", type=Path)
    args = ap.parse_args(argv)
    if not SHARED.is_dir():
        print(
            f"precision_audit: {SHARED} not found (the corpora live beside the project)",
            file=sys.stderr,
        )
        return 2
    if args.cmd == "sample":
        rows = sample(args.n, args.seed)
        with args.output.open("w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"{len(rows)} mentions -> {args.output}")
        return 0
    if args.cmd == "changed":
        lines = changed()
        with args.output.open("w", encoding="utf-8") as f:
            for line in lines:
                f.write(json.dumps(line, ensure_ascii=False) + "\n")
        print(f"{len(lines)} judged mentions read otherwise -> {args.output}")
        return 0
    if args.cmd == "merge":
        ok, n, gone = merge(args.sheet)
        print(f"precision {ok}/{n} = {ok / n:.3f} ({gone} gone) -> {OUT.relative_to(ROOT)}")
        return 0
    ok, n = record(args.sheet)
    print(f"precision {ok}/{n} = {ok / n:.3f} -> {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
