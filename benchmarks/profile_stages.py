"""Where ``extract_amounts`` spends its time, by stage (cProfile; the before/after profile).

Usage::

    .venv/bin/python benchmarks/profile_stages.py [--corpus reuters|bbc|nk] [--mb 3]

Extracts the first ``--mb`` MB of whole documents once to warm up, once timed (process CPU
time), then once under cProfile,
and prints each stage's share of the profiled time: the self time of the functions in the
stage's modules plus the time of the C functions they call (``regex`` matching, the core's
scan, ``Decimal``), attributed to the calling module. Also the mentions, and ``regex`` calls
and Python function calls per mention. cProfile inflates Python call overhead, so the shares
are what to read, not the seconds. ``docs/native-core.md`` quotes the output.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _benchlib import CORPUS_FILES, get_corpus  # noqa: E402

import moneyx  # noqa: E402

STAGES = [  # (path fragment, stage), first match wins
    ("moneyx/scan.py", "marker scan (core)"),
    ("moneyx/native.py", "marker scan (core)"),
    ("moneyx/numbers.py", "numbers"),
    ("moneyx/extract/candidates.py", "candidates (read number beside marker)"),
    ("moneyx/extract/vetoes.py", "vetoes"),
    ("moneyx/extract/compose.py", "compose (cents, ranges, hedges, bounds)"),
    ("moneyx/extract/glosses.py", "glosses"),
    ("moneyx/extract/per.py", "per"),
    ("moneyx/extract/carry.py", "carry"),
    ("moneyx/extract/finish.py", "finish (roles, overlap, records)"),
    ("moneyx/extract/draft.py", "drafts"),
    ("moneyx/extract/__init__.py", "pipeline glue"),
    ("moneyx/resolve/context.py", "context (sentences, cues)"),
    ("moneyx/resolve/", "currency ladder"),
    ("moneyx/model.py", "Mention records"),
    ("moneyx/", "other moneyx"),
]


def _stage(filename: str) -> str:
    path = filename.replace("\\", "/")
    for frag, stage in STAGES:
        if frag in path:
            return stage
    return "outside moneyx"


def profile(corpus_name: str, mb: float) -> None:
    corpus = get_corpus(corpus_name, Path("/tmp")).head(int(mb * 1_000_000))
    pairs = list(zip(corpus.docs, corpus.dates, strict=True))

    def run() -> int:
        return sum(len(moneyx.extract_amounts(d, doc_date=day)) for d, day in pairs)

    run()  # warm
    t0 = time.process_time()  # CPU time: the machine may be shared
    mentions = run()
    plain = time.process_time() - t0
    prof = cProfile.Profile()
    prof.enable()
    run()
    prof.disable()
    stats = pstats.Stats(prof)
    raw = stats.stats  # type: ignore[attr-defined]
    by_stage: dict[str, float] = defaultdict(float)
    regex_calls = 0
    py_calls = 0
    for (filename, _line, name), (_cc, nc, tt, _ct, callers) in raw.items():
        if filename == "~":  # a C function: charge its time to its callers' stages
            if "_regex.Pattern" in name or "_regex" in name:
                regex_calls += nc
            total_tt = sum(c[2] for c in callers.values()) or 1.0
            for (cfile, _cl, _cn), c in callers.items():
                by_stage[_stage(cfile)] += tt * c[2] / total_tt
        else:
            py_calls += nc
            by_stage[_stage(filename)] += tt
    total = sum(by_stage.values())
    print(
        f"{corpus.name}: {len(pairs)} documents, {corpus.n_bytes / 1e6:.2f} MB, {mentions} mentions"
    )
    print(
        f"unprofiled warm pass: {plain:.2f} s CPU = {corpus.n_bytes / plain / 1e6:.2f} MB/s, "
        f"{plain / max(mentions, 1) * 1e6:.0f} us per mention"
    )
    print(
        f"per mention: {regex_calls / max(mentions, 1):.1f} regex calls, "
        f"{py_calls / max(mentions, 1):.0f} Python function calls"
    )
    print("| stage | share |\n|---|---:|")
    for stage, t in sorted(by_stage.items(), key=lambda kv: -kv[1]):
        print(f"| {stage} | {100 * t / total:.1f}% |")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default="reuters", choices=[*CORPUS_FILES, "nk"])
    ap.add_argument("--mb", type=float, default=3.0)
    args = ap.parse_args()
    profile(args.corpus, args.mb)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
