"""The candidate stage in the core (issue 18, phase 2, step 2): Python's readings vs the core's.

Extracts a sample of Reuters-21578 and BBC News (``../shared``; skipped without it) while
``tests/candidates_record.py`` records what the candidate stage decides at each anchor and the
time Python spends in its reading functions (``prefix_reading``, ``suffix_reading``,
``_qualified`` with ``bracket_qualifier``, ``prefix_first``: the part the core's stage replaces;
the anchors' surface lookups and the loop around them are not counted, so Python is favoured).
Then the core's stage (``moneyx._core.Candidates``) runs on the same texts with the same
accepted drafts, three ways:

* **core stage**: ``visit_count`` (the marker scan, the text prepared once, every reading; the
  GIL released; nothing built in Python);
* **core via dicts**: ``visit``, which also builds one dict per anchor (what the differential
  test reads);
* **core scan alone**: ``Core.anchors``, to show what of the stage is the scan.

Every visit is compared too (the differential test is ``tests/test_native_candidates.py``).
``python benchmarks/bench_candidates.py [docs per corpus]`` prints the table; ``make bench``
runs ``test_candidates_speed`` on a small sample.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

import parity  # noqa: E402
from candidates_record import Doc, compare, recording  # noqa: E402

from moneyx import extract_amounts  # noqa: E402
from moneyx.native import candidate_stage, core  # noqa: E402

CORPORA = ("reuters", "bbc")


def sample(name: str, n: int, seed: int = 18) -> list[tuple[str, dict[str, object]]]:
    found = parity._docs(name)
    if found is None:
        return []
    rows = [(d.text, d.options) for d in found]
    return random.Random(seed).sample(rows, min(n, len(rows)))


def record(docs: list[tuple[str, dict[str, object]]]) -> list[Doc]:
    for text, opts in docs[:20]:  # warm up: patterns compiled, caches filled
        extract_amounts(text, **opts)  # type: ignore[arg-type]
    with recording() as log:
        for text, opts in docs:
            extract_amounts(text, **opts)  # type: ignore[arg-type]
    return log


def best(fn: Any, rounds: int = 3) -> float:
    out = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        out = min(out, time.perf_counter() - t0)
    return out


def measure(log: list[Doc]) -> dict[str, Any]:
    res = compare(log)
    stage = candidate_stage("en")
    scan = core("en")
    jobs = [(d.text, d.accepted, sorted(d.off)) for d in log if d.lang == "en"]
    visits = sum(len(d.visits) for d in log)
    chars = sum(len(d.text) for d in log)
    return {
        "docs": len(log),
        "mb": chars / 1e6,
        "visits": visits,
        "equal": all(t.equal == t.calls for t in res.tallies.values())
        and not res.misaligned
        and not res.errors,
        "python_reading": sum(d.reading_seconds for d in log),
        "python_read": sum(d.seconds for d in log),
        "core_stage": best(lambda: [stage.visit_count(t, a, o) for t, a, o in jobs]),
        "core_dicts": best(lambda: [stage.visit(t, a, o) for t, a, o in jobs]),
        "core_scan": best(lambda: [scan.anchors(t) for t, _, _ in jobs]),
    }


def report(name: str, m: dict[str, Any]) -> str:
    n = m["visits"] or 1
    per = {k: m[k] / n * 1e6 for k in ("python_reading", "core_stage", "core_dicts", "core_scan")}
    return (
        f"{name:8} {m['docs']:5} docs {m['mb']:5.2f} MB {m['visits']:6} anchors | us/anchor: "
        f"python readings {per['python_reading']:6.2f}, core stage {per['core_stage']:5.2f} "
        f"(scan {per['core_scan']:4.2f}), core via dicts {per['core_dicts']:5.2f} | "
        f"x{m['python_reading'] / m['core_stage']:.1f} | python read() in all "
        f"{m['python_read'] / n * 1e6:6.1f} | equal {m['equal']}"
    )


def test_candidates_speed(benchmark: Any) -> None:
    import pytest  # noqa: PLC0415

    log = record(sample("reuters", 150))
    if not log:
        pytest.skip("../shared is absent")
    m = measure(log)
    print()
    print(report("reuters", m))
    assert m["equal"]
    stage = candidate_stage("en")
    jobs = [(d.text, d.accepted, sorted(d.off)) for d in log]
    benchmark.pedantic(
        lambda: [stage.visit_count(t, a, o) for t, a, o in jobs], rounds=3, iterations=1
    )


def main(argv: list[str]) -> int:
    per = int(argv[0]) if argv else 1000
    for name in CORPORA:
        docs = sample(name, per)
        if not docs:
            print(f"{name}: ../shared is absent, skipped")
            continue
        print(report(name, measure(record(docs))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
