"""Documents for the core's differential tests (grammar, candidates): the parity sets' reader,
the generated corpora in three languages, and the engine's output over them.

Shared by ``test_native_grammar.py`` and ``test_native_candidates.py``.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from moneyx import extract_amounts

ROOT = Path(__file__).resolve().parents[1]

_spec = importlib.util.spec_from_file_location("parity", ROOT / "scripts" / "parity.py")
assert _spec is not None
assert _spec.loader is not None
parity = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("parity", parity)
_spec.loader.exec_module(parity)


def generated(tmp: Path, limit: int | None) -> list[tuple[str, dict[str, object]]]:
    """The generated English corpus (its first ``limit`` documents), and the generated Korean
    and Chinese ones (``limit // 2`` each, read in their language; 2,000 with no limit)."""
    out = tmp / "nk.csv"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_corpus.py"), "-o", str(out)],
        check=True,
        capture_output=True,
    )
    docs = [(d.text, d.options) for d in parity._csv_docs(out)]
    docs = docs if limit is None else docs[:limit]
    for lang in ("ko", "zh"):
        out = tmp / f"nk-{lang}.csv"
        n = 2000 if limit is None else limit // 2
        script = str(ROOT / "scripts" / "gen_corpus_cjk.py")
        subprocess.run(
            [sys.executable, script, "--lang", lang, "--docs", str(n), "-o", str(out)],
            check=True,
            capture_output=True,
        )
        docs += [(d.text, {**d.options, "lang": lang}) for d in parity._csv_docs(out)]
    return docs


def extract_all(docs: Iterable[tuple[str, dict[str, object]]]) -> list[list[Any]]:
    """Return the engine's mentions of each document (as dicts), or ``["refused"]``."""
    out = []
    for text, opts in docs:
        try:
            out.append([m.to_dict() for m in extract_amounts(text, **opts)])  # type: ignore[arg-type]
        except ValueError:
            out.append(["refused"])  # an option the engine refuses (a language it lacks)
    return out
