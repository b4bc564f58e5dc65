"""Check that the extraction engine's output is unchanged: the parity fixtures (issue 13, 18).

Usage::

    python scripts/parity.py save            # record the current engine's mentions as fixtures
    python scripts/parity.py check [--show N] [--only NAME ...]
    python scripts/parity.py names           # list the document sets

The document sets are the three corpora in ``../shared/data/corpora`` (Reuters-21578, BBC News,
Financial PhraseBank), every development set in ``tests/eval``, the held-out set (counts only: its
texts are never printed), the seeds and the real news passages in ``../shared/data/news-dev``. Sets
whose source is absent are skipped and said so.

A fixture (``tests/parity/<set>.jsonl.gz``) holds, per document, a digest of its text and its
mentions as compact rows: every field of a Mention except ``text`` (the span gives it back),
``reason`` and
``trace`` (both may improve without changing what was found). No text of the sources is stored.

``check`` exits 1 when any field of any mention differs, and lists the first differences of each
set (``--show``; never for the held-out set).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
FIXTURES = ROOT / "tests" / "parity"
FIELDS = (
    "start", "end", "value", "high", "currency", "candidates", "approx", "hedge", "bound", "per",
    "gloss_of", "role", "rule", "lang", "unit",
)  # fmt: skip
csv.field_size_limit(sys.maxsize)


@dataclass(frozen=True)
class Doc:
    """One document of a set, with the options it is extracted with."""

    text: str
    options: dict[str, object]


def _csv_docs(path: Path) -> Iterator[Doc]:
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            day = (row.get("date") or "")[:10] or None
            yield Doc(row["text"], {"doc_date": day} if day else {})


def _gold_docs(path: Path) -> Iterator[Doc]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            rec = json.loads(line)
            text = rec["text"] if "text" in rec else (path.parent / rec["file"]).read_text("utf-8")
            opts: dict[str, object] = {}
            for key in ("doc_date", "lang", "locale", "default_currency"):
                if rec.get(key):
                    opts[key] = rec[key]
            yield Doc(text, opts)


def sets() -> dict[str, tuple[Path, str]]:
    """Map set name -> (source file, kind)."""
    out: dict[str, tuple[Path, str]] = {
        "reuters": (SHARED / "corpora" / "reuters21578" / "reuters21578.csv", "csv"),
        "bbc": (SHARED / "corpora" / "bbc" / "bbc.csv", "csv"),
        "phrasebank": (
            SHARED / "corpora" / "financial-phrasebank" / "financial-phrasebank-50agree.csv",
            "csv",
        ),
        "seeds": (ROOT / "seeds" / "gold.jsonl", "gold"),
        "heldout": (ROOT / "heldout" / "gold.jsonl", "gold"),
    }
    # the development sets (tests/eval/dev*.jsonl; precision-audit.jsonl is no gold)
    for p in sorted((ROOT / "tests" / "eval").glob("dev*.jsonl")):
        out[p.stem] = (p, "gold")
    for p in sorted((SHARED / "news-dev").glob("*.jsonl")):
        out[f"news-{p.stem}"] = (p, "gold")
    return out


def _docs(name: str) -> Iterator[Doc] | None:
    path, kind = sets()[name]
    if not path.is_file():
        return None
    return _csv_docs(path) if kind == "csv" else _gold_docs(path)


def _row(m: object) -> list[object]:
    out: list[object] = []
    for f in FIELDS:
        v = getattr(m, f)
        if f in ("value", "high") and v is not None:
            v = str(v)
        elif isinstance(v, tuple):
            v = list(v)
        out.append(v)
    return out


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def run(name: str, stride: int = 1) -> list[dict[str, object]] | None:
    """Extract every document of set ``name``; None when its source is absent.

    With ``stride`` > 1 only every stride-th document is read (the others are placeholders
    ``check`` passes over): CI reads half of each corpus to keep inside its time budget.
    """
    import moneyx  # noqa: PLC0415

    docs = _docs(name)
    if docs is None:
        return None
    out: list[dict[str, object]] = []
    for i, doc in enumerate(docs):
        if i % stride:
            out.append({"skip": True})
            continue
        try:
            ms = moneyx.extract_amounts(doc.text, **doc.options)  # type: ignore[arg-type]
        except ValueError as exc:  # an option the engine refuses (a language it lacks)
            out.append({"h": _digest(doc.text), "m": [["refused", str(exc)]], "_text": doc.text})
            continue
        out.append({"h": _digest(doc.text), "m": [_row(m) for m in ms], "_text": doc.text})
    return out


def _fixture(name: str) -> Path:
    return FIXTURES / f"{name}.jsonl.gz"


def save(names: list[str]) -> int:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for name in names:
        t0 = time.perf_counter()
        got = run(name)
        if got is None:
            print(f"{name}: source absent, not saved")
            continue
        body = "".join(
            json.dumps({"h": rec["h"], "m": rec["m"]}, separators=(",", ":")) + "\n" for rec in got
        )
        # a fixed mtime keeps the file byte-identical when nothing changed
        _fixture(name).write_bytes(gzip.compress(body.encode("utf-8"), compresslevel=9, mtime=0))
        n = sum(len(r["m"]) for r in got)  # type: ignore[arg-type]
        print(f"{name}: {len(got)} docs, {n} mentions saved ({time.perf_counter() - t0:.1f} s)")
    return 0


def check(names: list[str], show: int, stride: int = 1) -> int:
    bad = 0
    for name in names:
        fx = _fixture(name)
        if not fx.is_file():
            print(f"{name}: no fixture")
            bad += 1
            continue
        t0 = time.perf_counter()
        got = run(name, stride)
        if got is None:
            print(f"{name}: source absent, skipped")
            continue
        with gzip.open(fx, "rt", encoding="utf-8") as f:
            want = [json.loads(line) for line in f]
        if len(want) != len(got):
            print(f"{name}: {len(got)} docs, fixture has {len(want)}")
            bad += 1
            continue
        diffs: list[str] = []
        n_docs = n_ment = 0
        for i, (w, g) in enumerate(zip(want, got, strict=True)):
            if g.get("skip"):
                continue
            if w["h"] != g["h"]:
                diffs.append(f"doc {i}: text changed since the fixture")
                n_docs += 1
                continue
            if w["m"] == g["m"]:
                continue
            n_docs += 1
            text = str(g["_text"])
            if any(r[0] == "refused" for r in [*w["m"], *g["m"]]):  # type: ignore[misc]
                diffs.append(f"doc {i}: refused {w['m']} -> {g['m']}")
                n_ment += 1
                continue
            wm = {tuple(r[:2]): r for r in w["m"]}
            gm = {tuple(r[:2]): r for r in g["m"]}  # type: ignore[union-attr]
            for span in sorted(set(wm) | set(gm)):
                a, b = wm.get(span), gm.get(span)
                if a == b:
                    continue
                n_ment += 1
                shown = "" if name == "heldout" else repr(text[span[0] : span[1]])
                if a is None or b is None:
                    what = "new" if a is None else "lost"
                    diffs.append(f"doc {i} {span} {shown}: {what}")
                    continue
                fields = [
                    f"{f}: {x!r} -> {y!r}"
                    for f, x, y in zip(FIELDS, a, b, strict=True)
                    if x != y
                ]
                diffs.append(f"doc {i} {span} {shown}: " + "; ".join(fields))
        total = sum(len(r["m"]) for r in want)
        took = time.perf_counter() - t0
        status = "OK" if not diffs else f"DIFF ({n_docs} docs, {n_ment} mentions)"
        print(f"{name}: {len(got)} docs, {total} mentions: {status} ({took:.1f} s)")
        if diffs:
            bad += 1
            if name != "heldout":
                for line in diffs[:show]:
                    print("   ", line)
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("command", choices=("save", "check", "names"))
    p.add_argument("--only", nargs="*", help="document sets to run (default: all)")
    p.add_argument("--show", type=int, default=20, help="differences listed per set")
    args = p.parse_args(argv)
    names = list(sets())
    if args.only:
        unknown = set(args.only) - set(names)
        if unknown:
            p.error(f"unknown sets {sorted(unknown)}; see 'names'")
        names = args.only
    if args.command == "names":
        print("\n".join(names))
        return 0
    sys.path.insert(0, str(ROOT))
    return save(names) if args.command == "save" else check(names, args.show)


if __name__ == "__main__":
    sys.exit(main())
