"""Score ``moneyx.extract_amounts`` against document gold (STYLE section 8).

Usage::

    python scripts/score_gold.py seeds/gold.jsonl
    python scripts/score_gold.py tests/eval/dev.jsonl --show 20
    python scripts/score_gold.py heldout/gold.jsonl --json figures.json --min-f1 0.9

A gold file is JSON Lines, one document a line: ``id``, either ``file`` (a path relative to the
gold file's directory) or an inline ``text``, ``doc_date`` (optional), optional extraction options
(``locale``, ``lang``, ``default_currency``), and ``mentions``: each with ``start``, ``end``,
``text``, ``value``, ``high``, ``currency``, ``approx``, ``per`` and optionally ``gloss_of`` (an
index into that document's gold list) and ``bound`` (``gt``/``ge``/``lt``/``le`` or null).
Other keys (``source``, notes) are ignored.

Printed figures:

- mention precision / recall / F1 on the exact span (``start`` and ``end`` equal) and on an
  overlapping span (a one-to-one matching: exact pairs first, then the largest overlap);
- for the overlap-matched pairs, the accuracy of each field (``value``, ``high``, ``currency``,
  ``approx``, ``per``, ``gloss_of``, ``bound``) and, per field, precision and recall counting a
  mention as right only when its span overlaps and that field agrees. ``gloss_of`` is right when the
  predicted mention glosses the prediction matched to the gold mention's target (or neither is a
  gloss). ``gloss_of`` and ``bound`` are scored only in documents whose gold states them on some
  mention (``seeds/gold.jsonl`` states neither).

Values compare as ``Decimal`` (JSON numbers are read through ``str``). ``--show N`` lists up to N
failures of each kind (missed, spurious, partial span, field mismatch). ``--json PATH`` writes the
figures (``-`` for standard output). The exit code is 0 whatever the figures, unless
``--min-f1 X`` is given and the exact-span F1 over all files is below X (exit 1); an unreadable
or malformed gold file is exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

FIELDS = ("value", "high", "currency", "approx", "per", "gloss_of", "bound")
# scored only in documents whose gold states them on some mention
OPTIONAL = ("gloss_of", "bound")
OPTION_KEYS = ("locale", "lang", "default_currency")


class GoldError(Exception):
    """A gold file that cannot be read or contradicts itself."""


@dataclass
class GoldDoc:
    """One gold document, its text loaded."""

    id: str
    text: str
    doc_date: str | None
    mentions: list[dict[str, Any]]
    options: dict[str, Any]
    optional: frozenset[str]  # the OPTIONAL fields this document's gold states


@dataclass
class Failure:
    """One disagreement between gold and prediction, for ``--show``."""

    kind: str  # missed | spurious | partial | field
    doc: str
    detail: str


@dataclass
class Tally:
    """Counts over a set of documents."""

    docs: int = 0
    gold: int = 0
    pred: int = 0
    exact: int = 0
    overlap: int = 0
    field_scored: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    field_right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    # per optional field: gold / predicted mentions in the documents where it is scored
    opt_gold: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OPTIONAL, 0))
    opt_pred: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OPTIONAL, 0))
    failures: list[Failure] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.docs += other.docs
        self.gold += other.gold
        self.pred += other.pred
        self.exact += other.exact
        self.overlap += other.overlap
        for f in OPTIONAL:
            self.opt_gold[f] += other.opt_gold[f]
            self.opt_pred[f] += other.opt_pred[f]
        for f in FIELDS:
            self.field_scored[f] += other.field_scored[f]
            self.field_right[f] += other.field_right[f]
        self.failures.extend(other.failures)


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "precision": p, "recall": r, "f1": f1}


def _dec(v: Any) -> Decimal | None:
    if v is None:
        return None
    try:
        return Decimal(str(v))
    except InvalidOperation as exc:
        raise GoldError(f"not a number: {v!r}") from exc


def load_gold(path: Path) -> list[GoldDoc]:
    """Read a gold JSONL file; raise `GoldError` with the line for anything wrong."""
    if not path.is_file():
        raise GoldError(f"gold file not found: {path}")
    docs: list[GoldDoc] = []
    base = path.resolve().parent
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldError(f"{where}: not JSON: {exc}") from exc
        if not isinstance(rec, dict):
            raise GoldError(f"{where}: a record must be a JSON object")
        doc_id = str(rec.get("id", lineno))
        if "text" in rec:
            text = rec["text"]
            if not isinstance(text, str):
                raise GoldError(f"{where}: 'text' must be a string")
        elif "file" in rec:
            src = base / rec["file"]
            if not src.is_file():
                raise GoldError(f"{where}: document file not found: {src}")
            text = src.read_text(encoding="utf-8")
        else:
            raise GoldError(f"{where}: record has neither 'text' nor 'file'")
        mentions = rec.get("mentions")
        if not isinstance(mentions, list):
            raise GoldError(f"{where}: 'mentions' must be a list")
        for i, m in enumerate(mentions):
            missing = [k for k in ("start", "end", "text", "value") if k not in m]
            if missing:
                raise GoldError(f"{where}: mention {i} lacks {', '.join(missing)}")
            if text[m["start"] : m["end"]] != m["text"]:
                raise GoldError(
                    f"{where}: mention {i} {m['text']!r} does not match the text at "
                    f"[{m['start']}:{m['end']}] ({text[m['start'] : m['end']]!r})"
                )
            g = m.get("gloss_of")
            if g is not None and not (isinstance(g, int) and 0 <= g < len(mentions) and g != i):
                raise GoldError(f"{where}: mention {i} has an invalid gloss_of {g!r}")
            _dec(m["value"])
            _dec(m.get("high"))
        options = {k: rec[k] for k in OPTION_KEYS if k in rec}
        docs.append(
            GoldDoc(
                id=doc_id,
                text=text,
                doc_date=rec.get("doc_date"),
                mentions=mentions,
                options=options,
                optional=frozenset(f for f in OPTIONAL if any(f in m for m in mentions)),
            )
        )
    return docs


def _match(gold: list[dict[str, Any]], pred: list[Any]) -> tuple[dict[int, int], set[int]]:
    """One-to-one gold->pred matching: exact spans first, then the largest overlap."""
    match: dict[int, int] = {}
    used: set[int] = set()
    by_span = {(p.start, p.end): j for j, p in enumerate(pred)}
    exact: set[int] = set()
    for i, g in enumerate(gold):
        j = by_span.get((g["start"], g["end"]))
        if j is not None and j not in used:
            match[i] = j
            used.add(j)
            exact.add(i)
    for i, g in enumerate(gold):
        if i in match:
            continue
        best, best_len = None, 0
        for j, p in enumerate(pred):
            if j in used:
                continue
            ov = min(g["end"], p.end) - max(g["start"], p.start)
            if ov > best_len:
                best, best_len = j, ov
        if best is not None:
            match[i] = best
            used.add(best)
    return match, exact


def _field_ok(name: str, g: dict[str, Any], p: Any, match: dict[int, int]) -> bool:
    if name in ("value", "high"):
        return bool(_dec(g.get(name)) == getattr(p, name))
    if name == "approx":
        return bool(g.get("approx", False)) is bool(p.approx)
    if name == "gloss_of":
        target = g.get("gloss_of")
        if target is None:
            return p.gloss_of is None
        return p.gloss_of is not None and bool(match.get(target) == p.gloss_of)
    return bool(g.get(name) == getattr(p, name))


def _shown(v: Any) -> str:
    return "None" if v is None else str(v)


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return f"...{left}[{text[start:end]}]{right}...".replace("\n", " ")


def score_doc(doc: GoldDoc, extract: Any) -> Tally:
    """Compare one document's predicted mentions with its gold list."""
    pred = list(extract(doc.text, doc_date=doc.doc_date, **doc.options))
    gold = doc.mentions
    t = Tally(docs=1, gold=len(gold), pred=len(pred))
    match, exact = _match(gold, pred)
    t.exact = len(exact)
    t.overlap = len(match)
    for f in doc.optional:
        t.opt_gold[f], t.opt_pred[f] = len(gold), len(pred)
    for i, g in enumerate(gold):
        if i not in match:
            t.failures.append(Failure("missed", doc.id, _context(doc.text, g["start"], g["end"])))
            continue
        p = pred[match[i]]
        if i not in exact:
            t.failures.append(
                Failure(
                    "partial",
                    doc.id,
                    f"got {p.text!r}[{p.start}:{p.end}] want {g['text']!r}"
                    f"[{g['start']}:{g['end']}] in {_context(doc.text, g['start'], g['end'])}",
                )
            )
        bad = []
        for name in FIELDS:
            if name in OPTIONAL and name not in doc.optional:
                continue
            t.field_scored[name] += 1
            if _field_ok(name, g, p, match):
                t.field_right[name] += 1
            else:
                want = g.get(name, False if name == "approx" else None)
                if name == "gloss_of" and want is not None:
                    want = f"{want} ({gold[want]['text']!r})"
                got = p.gloss_of if name == "gloss_of" else getattr(p, name)
                if name == "gloss_of" and got is not None:
                    got = f"{got} ({pred[got].text!r})"
                bad.append(f"{name}: got {_shown(got)} want {_shown(want)}")
        if bad:
            t.failures.append(
                Failure(
                    "field",
                    doc.id,
                    f"{g['text']!r}: {'; '.join(bad)}  | reason: {getattr(p, 'reason', '')}"
                    f"  in {_context(doc.text, g['start'], g['end'])}",
                )
            )
    matched_pred = set(match.values())
    for j, p in enumerate(pred):
        if j not in matched_pred:
            t.failures.append(
                Failure(
                    "spurious",
                    doc.id,
                    f"{p.text!r} ({p.value} {p.currency}) in {_context(doc.text, p.start, p.end)}",
                )
            )
    return t


def figures(t: Tally) -> dict[str, Any]:
    """The machine-readable figures of a tally."""
    fields: dict[str, Any] = {}
    for name in FIELDS:
        n = t.field_scored[name]
        right = t.field_right[name]
        if name in OPTIONAL:
            n_gold, n_pred = t.opt_gold[name], t.opt_pred[name]
        else:
            n_gold, n_pred = t.gold, t.pred
        fields[name] = {
            "scored": n,
            "right": right,
            "accuracy": right / n if n else None,
            **(_prf(right, n_pred, n_gold) if n_gold or n_pred else {}),
        }
    kinds = ("missed", "spurious", "partial", "field")
    return {
        "documents": t.docs,
        "gold_mentions": t.gold,
        "predicted_mentions": t.pred,
        "exact_span": _prf(t.exact, t.pred, t.gold),
        "overlap_span": _prf(t.overlap, t.pred, t.gold),
        "fields": fields,
        "failures": {k: sum(1 for f in t.failures if f.kind == k) for k in kinds},
    }


def _pct(x: float | None) -> str:
    return "   n/a" if x is None else f"{100 * x:6.2f}"


def report(name: str, t: Tally, show: int, out: Any) -> None:
    """Print the figures of one tally, and up to ``show`` failures of each kind."""
    fig = figures(t)
    print(f"== {name}: {t.docs} documents, {t.gold} gold mentions, {t.pred} predicted", file=out)
    print("   span      TP   precision  recall     F1", file=out)
    for label, key in (("exact", "exact_span"), ("overlap", "overlap_span")):
        s = fig[key]
        print(
            f"   {label:<8} {s['tp']:>4}   {_pct(s['precision'])}   {_pct(s['recall'])}"
            f"   {_pct(s['f1'])}",
            file=out,
        )
    print("   field     right/scored  accuracy  precision  recall", file=out)
    for f in FIELDS:
        s = fig["fields"][f]
        if not s["scored"] and f in OPTIONAL:
            print(f"   {f:<9} (not in this gold)", file=out)
            continue
        print(
            f"   {f:<9} {s['right']:>5}/{s['scored']:<6}  {_pct(s['accuracy'])}    "
            f"{_pct(s.get('precision'))}   {_pct(s.get('recall'))}",
            file=out,
        )
    fails = fig["failures"]
    print(
        "   failures: "
        + ", ".join(f"{k} {fails[k]}" for k in ("missed", "spurious", "partial", "field")),
        file=out,
    )
    if show:
        for kind in ("missed", "spurious", "partial", "field"):
            items = [f for f in t.failures if f.kind == kind]
            if not items:
                continue
            print(f"   -- {kind} ({len(items)}):", file=out)
            for item in items[:show]:
                print(f"      [{item.doc}] {item.detail}", file=out)
            if len(items) > show:
                print(f"      ... {len(items) - show} more", file=out)


def main(argv: list[str] | None = None) -> int:
    """Score the given gold files; return the exit code."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", nargs="+", type=Path, help="gold JSONL file(s)")
    ap.add_argument("--show", type=int, default=0, metavar="N", help="list N failures per kind")
    ap.add_argument("--json", metavar="PATH", help="write the figures as JSON ('-': stdout)")
    ap.add_argument(
        "--min-f1", type=float, metavar="X", help="exit 1 when the exact-span F1 is below X"
    )
    args = ap.parse_args(argv)

    try:
        loaded = [(p, load_gold(p)) for p in args.gold]
    except GoldError as exc:
        print(f"score_gold: {exc}", file=sys.stderr)
        return 2

    import moneyx

    out = sys.stderr if args.json == "-" else sys.stdout
    total = Tally()
    per_file: dict[str, Any] = {}
    for path, docs in loaded:
        t = Tally()
        for doc in docs:
            t.add(score_doc(doc, moneyx.extract_amounts))
        report(str(path), t, args.show, out)
        per_file[str(path)] = figures(t)
        total.add(t)
    if len(loaded) > 1:
        report("all files", total, 0, out)

    if args.json:
        payload = {"files": per_file, "total": figures(total)}
        text = json.dumps(payload, indent=2, sort_keys=True) + "\n"
        if args.json == "-":
            sys.stdout.write(text)
        else:
            Path(args.json).write_text(text, encoding="utf-8")

    if args.min_f1 is not None:
        f1 = figures(total)["exact_span"]["f1"]
        if f1 < args.min_f1:
            print(f"score_gold: exact-span F1 {f1:.4f} is below --min-f1 {args.min_f1}", file=out)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
