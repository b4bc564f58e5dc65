"""Precision audit beyond North Korea: mentions sampled from the BBC and Reuters corpora, judged.

Two steps, with a person (or an annotator who did not write the rules) in between:

    python scripts/precision_audit.py sample -o /tmp/audit-sheet.jsonl   # N mentions, fixed seed
    # the judge adds "verdict" ("ok" or "wrong") and "why" (for wrong ones) to each line
    python scripts/precision_audit.py record /tmp/audit-sheet.jsonl  # -> tests/eval/

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
from pathlib import Path

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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sp = sub.add_parser("sample", help="write a judging sheet of sampled mentions")
    sp.add_argument("-o", "--output", type=Path, required=True)
    sp.add_argument("-n", type=int, default=300)
    sp.add_argument("--seed", type=int, default=SEED)
    rp = sub.add_parser("record", help="keep a judged sheet (without text) under tests/eval/")
    rp.add_argument("sheet", type=Path)
    args = ap.parse_args(argv)
    if not SHARED.is_dir():
        print(f"precision_audit: {SHARED} not found (the corpora live beside the project)",
              file=sys.stderr)
        return 2
    if args.cmd == "sample":
        rows = sample(args.n, args.seed)
        with args.output.open("w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"{len(rows)} mentions -> {args.output}")
        return 0
    ok, n = record(args.sheet)
    print(f"precision {ok}/{n} = {ok / n:.3f} -> {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
