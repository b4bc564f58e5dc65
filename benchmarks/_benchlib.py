"""Helpers for the moneyx benchmarks: corpus loading, the results table, target checks.

See conftest.py for the corpora and environment knobs.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPORA_DIR = SHARED / "data" / "corpora"
CORPUS_FILES = {
    "reuters": CORPORA_DIR / "reuters21578" / "reuters21578.csv",
    "bbc": CORPORA_DIR / "bbc" / "bbc.csv",
}
GEN_SCRIPT = ROOT / "scripts" / "gen_corpus.py"
GEN_CJK_SCRIPT = ROOT / "scripts" / "gen_corpus_cjk.py"
# the generated Korean and Chinese corpora: corpus name -> language
GEN_CJK = {"nk-ko": "ko", "nk-zh": "zh"}
GEN_DOCS = 2000
GEN_SEED = 20151001
# The peer is ~10,000x slower than a scan; it runs on the first documents of each corpus up to
# this many characters (whole documents, so both engines see the same text).
PEER_SLICE_CHARS = 40_000

ROUNDS = int(os.environ.get("MONEYX_BENCH_ROUNDS", "3"))
ENFORCE_TARGETS = os.environ.get("MONEYX_BENCH_TARGETS", "1") != "0"

csv.field_size_limit(sys.maxsize)


@dataclass(frozen=True)
class Corpus:
    """A benchmark corpus: documents (with their dates) and their size."""

    name: str
    docs: tuple[str, ...]
    dates: tuple[str | None, ...]
    n_bytes: int = field(init=False)
    n_chars: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "n_bytes", sum(len(d.encode("utf-8")) for d in self.docs))
        object.__setattr__(self, "n_chars", sum(len(d) for d in self.docs))

    def head(self, max_chars: int) -> Corpus:
        """Return the leading whole documents holding at most ``max_chars`` characters."""
        docs: list[str] = []
        dates: list[str | None] = []
        total = 0
        for d, day in zip(self.docs, self.dates, strict=True):
            if not d:
                continue
            if docs and total + len(d) > max_chars:
                break
            docs.append(d)
            dates.append(day)
            total += len(d)
        return Corpus(f"{self.name}[:{total // 1000}k]", tuple(docs), tuple(dates))


def load_csv(name: str, path: Path) -> Corpus:
    """Read a ``doc_id,date,title,text`` CSV; the date is cut to YYYY-MM-DD (or None)."""
    docs: list[str] = []
    dates: list[str | None] = []
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            docs.append(row["text"])
            day = (row.get("date") or "")[:10]
            dates.append(day or None)
    return Corpus(name, tuple(docs), tuple(dates))


def load_seeds() -> Corpus:
    """Read the project's seed articles with the document dates of ``seeds/gold.jsonl``."""
    import json

    docs: list[str] = []
    dates: list[str | None] = []
    with (ROOT / "seeds" / "gold.jsonl").open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            docs.append((ROOT / "seeds" / rec["file"]).read_text(encoding="utf-8"))
            dates.append(rec.get("doc_date"))
    return Corpus("seeds", tuple(docs), tuple(dates))


_CACHE: dict[str, Corpus] = {}


def get_corpus(name: str, tmp_dir: Path) -> Corpus:
    """Load (once per session) the corpus called ``name``, skipping if its source is absent."""
    if name in _CACHE:
        return _CACHE[name]
    if name in CORPUS_FILES:
        path = CORPUS_FILES[name]
        if not path.is_file():
            pytest.skip(f"corpus {name!r} needs {path} (../shared beside the checkout)")
        corpus = load_csv(name, path)
    elif name == "nk":
        out = tmp_dir / "nk.csv"
        subprocess.run(
            [
                sys.executable,
                str(GEN_SCRIPT),
                "-o",
                str(out),
                "--docs",
                str(GEN_DOCS),
                "--seed",
                str(GEN_SEED),
            ],
            check=True,
            capture_output=True,
        )
        corpus = load_csv(name, out)
    elif name in GEN_CJK:
        out = tmp_dir / f"{name}.csv"
        subprocess.run(
            [sys.executable, str(GEN_CJK_SCRIPT), "--lang", GEN_CJK[name], "-o", str(out)]
            + ["--docs", str(GEN_DOCS), "--seed", str(GEN_SEED)],
            check=True,
            capture_output=True,
        )
        corpus = load_csv(name, out)
    elif name == "seeds":
        corpus = load_seeds()
    else:  # pragma: no cover - a typo in a parametrisation
        raise ValueError(f"unknown corpus {name!r}")
    _CACHE[name] = corpus
    return corpus


# --------------------------------------------------------------------------- results table


@dataclass
class Result:
    """One throughput measurement of this session."""

    corpus: str
    engine: str
    seconds: float  # best (minimum) round
    n_bytes: int
    n_docs: int
    mentions: int

    @property
    def mb_s(self) -> float:
        return self.n_bytes / self.seconds / 1e6

    @property
    def mentions_s(self) -> float:
        return self.mentions / self.seconds

    @property
    def docs_s(self) -> float:
        return self.n_docs / self.seconds


RESULTS: dict[tuple[str, str], Result] = {}
NOTES: list[str] = []


def record(benchmark: Any, corpus: Corpus, engine: str, mentions: int) -> Result:
    """Store the best round of ``benchmark`` for (corpus, engine) and fill its extra_info."""
    seconds = float(benchmark.stats.stats.min)
    res = Result(corpus.name, engine, seconds, corpus.n_bytes, len(corpus.docs), mentions)
    RESULTS[(corpus.name, engine)] = res
    benchmark.extra_info.update(
        corpus=corpus.name,
        engine=engine,
        bytes=corpus.n_bytes,
        docs=len(corpus.docs),
        mentions=mentions,
        best_s=round(seconds, 6),
        mb_per_s=round(res.mb_s, 3),
        mentions_per_s=round(res.mentions_s, 1),
        docs_per_s=round(res.docs_s, 1),
    )
    return res


def run_over(fn: Callable[[str, str | None], int], corpus: Corpus) -> Callable[[], int]:
    """Return a zero-argument callable that applies ``fn`` to every document and sums counts."""
    pairs = list(zip(corpus.docs, corpus.dates, strict=True))

    def run() -> int:
        n = 0
        for doc, day in pairs:
            n += fn(doc, day)
        return n

    return run


def check_target(what: str, ratio: float, minimum: float) -> None:
    """Record a target check for the summary and assert it unless MONEYX_BENCH_TARGETS=0."""
    ok = ratio >= minimum
    NOTES.append(f"target {what}: {ratio:,.3g} (need >= {minimum:g}) {'OK' if ok else 'MISSED'}")
    if ENFORCE_TARGETS:
        assert ok, f"{what}: {ratio:,.3g}, target >= {minimum:g}"


def fresh_env(pycache: Path, pattern_cache: Path | str) -> dict[str, str]:
    """Return the environment of a fresh interpreter measured by a cold-path benchmark.

    Bytecode is cached under ``pycache`` (as an installed package has its ``.pyc`` files; a
    ``PYTHONDONTWRITEBYTECODE`` inherited from the shell would otherwise make every import
    recompile the sources, ~70 ms), and compiled patterns under ``pattern_cache``
    (``moneyx.patcache``; ``"off"`` for none).
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    env["MONEYX_CACHE_DIR"] = str(pattern_cache)
    return env


def child_run(code: str, env: dict[str, str], *args: str) -> tuple[float, float, str]:
    """Run ``python -c code`` in a fresh interpreter: (wall s, CPU s of the child, stdout)."""
    import time

    before = os.times()
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - t0
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu, out.stdout
