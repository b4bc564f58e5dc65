"""The compiled core (issue 18): its parts against the floor, measured in the same run.

* ``test_floor_core`` / ``test_scan_core`` / ``test_scan_re_before``: the ``regex`` ``\\d+`` floor,
  the core's marker scan (``moneyx.scan.scanner``, Rust) and the former pure-``re`` scan (the
  oracle in ``tests/scan_reference.py``) over every document; the scan's ratio to the floor.
* ``test_no_markers``: generated digit-heavy text with no currency marker (scores, dates,
  measures, counts; written here, deterministic), ``extract_amounts`` end to end against the
  floor on the same text. Issue target: **>= 0.8x the floor**.
* ``test_numbers_core`` / ``test_numbers_python``: every digit group of that text read as a
  number by the core and by ``moneyx.numbers.parse_number`` (cache cleared), one call each.
* ``test_threads``: the core's scan and ``extract_amounts`` with 8 threads against 1 on the
  same documents: output equal to serial (asserted) and the throughput ratio. Issue target:
  **8 threads not below one thread's throughput**.
* ``test_first_3mb_of_a_fresh_process``: a fresh interpreter extracting the first 3 MB of
  Reuters (import included), then the same 3 MB again (steady), in process CPU time, with the
  compiled-pattern cache warm (median ratio of three processes): issue target **first pass
  within 20% of steady** (steady / first >= 0.8). Also reported: the same with the cache empty
  (a machine's first run) and the steady pass after 3 MB of other text.

The whole-engine ratios (Reuters, BBC >= 0.25x the floor) are in ``bench_extract.py``; cold
start in ``bench_coldstart.py``.
"""

from __future__ import annotations

import random
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
import regex
from _benchlib import (
    NOTES,
    RESULTS,
    ROOT,
    ROUNDS,
    Corpus,
    check_target,
    child_run,
    record,
    run_over,
)

import moneyx
import moneyx.numbers
from moneyx.native import parse_number as core_parse_number
from moneyx.scan import scanner

sys.path.insert(0, str(ROOT / "tests"))
from scan_reference import reference_scanner  # noqa: E402

CORPORA = ["reuters", "bbc", "nk"]
FLOOR = regex.compile(r"\d+")
TARGET_NO_MARKERS = 0.8
TARGET_FRESH = 0.8
TARGET_THREADS = 1.0


def _floor(doc: str, day: str | None) -> int:
    n = 0
    for _ in FLOOR.finditer(doc):
        n += 1
    return n


def _ratio_note(corpus: Corpus, engine: str) -> None:
    res, floor = RESULTS.get((corpus.name, engine)), RESULTS.get((corpus.name, "floor"))
    if res and floor:
        NOTES.append(
            f"{engine} on {corpus.name}: {res.mb_s:.1f} MB/s = {res.mb_s / floor.mb_s:.3f}x floor"
        )


@pytest.mark.parametrize("corpus", CORPORA, indirect=True)
def test_floor_core(benchmark: Any, corpus: Corpus) -> None:
    benchmark.group = f"core {corpus.name}"
    n = benchmark.pedantic(run_over(_floor, corpus), rounds=max(ROUNDS, 5), iterations=1)
    record(benchmark, corpus, "floor", n)


@pytest.mark.parametrize("corpus", CORPORA, indirect=True)
def test_scan_core(benchmark: Any, corpus: Corpus) -> None:
    benchmark.group = f"core {corpus.name}"
    scan = scanner("en")
    n = benchmark.pedantic(
        run_over(lambda d, _: len(scan.anchors(d)), corpus), rounds=max(ROUNDS, 5), iterations=1
    )
    record(benchmark, corpus, "scan (core)", n)
    _ratio_note(corpus, "scan (core)")


@pytest.mark.parametrize("corpus", CORPORA, indirect=True)
def test_scan_re_before(benchmark: Any, corpus: Corpus) -> None:
    benchmark.group = f"core {corpus.name}"
    scan = reference_scanner("en")
    n = benchmark.pedantic(run_over(lambda d, _: len(scan.anchors(d)), corpus), rounds=2)
    record(benchmark, corpus, "scan (re, before)", n)
    _ratio_note(corpus, "scan (re, before)")


# ------------------------------------------------------------------ digits, no currency markers

_TEMPLATES = [
    "The home side beat them {a}-{b} before {n:,} spectators on {d} March {y}.",
    "Output rose {p}.{q} percent to {n:,} tonnes in {y}, from {m:,} tonnes a year earlier.",
    "The {a} vessels carried {n:,} passengers over {m} km between {y} and {z}.",
    "Turnout was {p}.{q}%: {n:,} of {m:,} registered voters, the commission said on {d} May.",
    "It fell to minus {a} degrees; {b} flights were cancelled and {n:,} homes lost power.",
    "Table {a}: {n} {m} {b} {p} {q} {d} {y} {z}",
    "Route {a} runs {m},{b:03d} metres, {p} tunnels and {q} bridges, opened in {y}.",
]


def _no_marker_docs(n_docs: int = 3000, seed: int = 18) -> tuple[str, ...]:
    rng = random.Random(seed)
    docs = []
    for _ in range(n_docs):
        sentences = []
        for _ in range(rng.randint(4, 12)):
            t = rng.choice(_TEMPLATES)
            sentences.append(
                t.format(
                    a=rng.randint(0, 99),
                    b=rng.randint(0, 99),
                    n=rng.randint(100, 9_999_999),
                    m=rng.randint(10, 999_999),
                    p=rng.randint(0, 99),
                    q=rng.randint(0, 9),
                    d=rng.randint(1, 28),
                    y=rng.randint(1950, 2025),
                    z=rng.randint(1950, 2025),
                )
            )
        docs.append(" ".join(sentences))
    return tuple(docs)


@pytest.fixture(scope="module")
def no_markers() -> Corpus:
    docs = _no_marker_docs()
    assert not any(scanner("en").anchors(d) for d in docs), "a template holds a currency marker"
    return Corpus("digits-no-markers", docs, tuple("2020-01-01" for _ in docs))


def test_no_markers_floor(benchmark: Any, no_markers: Corpus) -> None:
    benchmark.group = "core digits-no-markers"
    n = benchmark.pedantic(run_over(_floor, no_markers), rounds=max(ROUNDS, 5), iterations=1)
    record(benchmark, no_markers, "floor", n)


def test_no_markers(benchmark: Any, no_markers: Corpus) -> None:
    benchmark.group = "core digits-no-markers"
    run = run_over(lambda d, day: len(moneyx.extract_amounts(d, doc_date=day)), no_markers)
    n = benchmark.pedantic(run, rounds=max(ROUNDS, 5), iterations=1)
    assert n == 0
    res = record(benchmark, no_markers, "moneyx", n)
    floor = RESULTS.get((no_markers.name, "floor"))
    if floor is None:
        pytest.skip("the floor was not measured in this run")
    check_target("extract on digits without markers / floor", res.mb_s / floor.mb_s, 0.8)


def _digit_groups(corpus: Corpus) -> list[str]:
    return [m.group() for d in corpus.docs for m in regex.finditer(r"\d[\d,.]*\d|\d", d)]


def test_numbers_core(benchmark: Any, no_markers: Corpus) -> None:
    benchmark.group = "core numbers"
    groups = _digit_groups(no_markers)

    def run() -> int:
        ok = 0
        for g in groups:
            try:
                core_parse_number(g)
                ok += 1
            except ValueError:
                pass
        return ok

    n = benchmark.pedantic(run, rounds=ROUNDS, iterations=1)
    benchmark.extra_info.update(phrases=len(groups), read=n)
    NOTES.append(f"numbers (core): {len(groups) / benchmark.stats.stats.min / 1e6:.2f} M phrases/s")


def test_numbers_python(benchmark: Any, no_markers: Corpus) -> None:
    benchmark.group = "core numbers"
    groups = _digit_groups(no_markers)

    def run() -> int:
        moneyx.numbers._parse_cached.cache_clear()
        ok = 0
        for g in groups:
            try:
                moneyx.numbers.parse_number(g)
                ok += 1
            except ValueError:
                pass
        return ok

    n = benchmark.pedantic(run, rounds=ROUNDS, iterations=1)
    benchmark.extra_info.update(phrases=len(groups), read=n)
    NOTES.append(
        f"numbers (python): {len(groups) / benchmark.stats.stats.min / 1e6:.2f} M phrases/s"
    )


# ------------------------------------------------------------------ threads


def _threaded(fn: Callable[[str], object], docs: list[str], n: int) -> tuple[float, list[object]]:
    out: list[object] = [None] * len(docs)
    chunks = [range(k, len(docs), n) for k in range(n)]

    def work(idx: range) -> None:
        for i in idx:
            out[i] = fn(docs[i])

    threads = [threading.Thread(target=work, args=(c,)) for c in chunks]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - t0, out


@pytest.mark.parametrize("corpus", ["reuters"], indirect=True)
@pytest.mark.parametrize("what", ["scan", "extract"])
def test_threads(benchmark: Any, corpus: Corpus, what: str) -> None:
    benchmark.group = "core threads"
    docs = list(corpus.head(3_000_000).docs)
    scan = scanner("en")
    fn: Callable[[str], object] = (
        scan.anchors
        if what == "scan"
        else lambda d: [m.to_dict() for m in moneyx.extract_amounts(d)]
    )
    serial = [fn(d) for d in docs]

    def both() -> float:
        one, _ = _threaded(fn, docs, 1)
        eight, got = _threaded(fn, docs, 8)
        assert got == serial, "8 threads gave another output than serial"
        return one / eight

    ratios = sorted(both() for _ in range(max(ROUNDS, 3)))
    best = ratios[len(ratios) // 2]  # the median: the machine is shared, one round can be lucky
    benchmark.extra_info["threads_8_over_1"] = round(best, 3)
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)
    check_target(f"{what}: 8 threads / 1 thread throughput (3 MB of Reuters)", best, TARGET_THREADS)


# ------------------------------------------------------------------ fresh process

# A child interpreter: the first 3 MB of Reuters ("A") timed from before `import moneyx`, then A
# again (steady on the same text); or, with "unseen", the next 3 MB ("B") first and then A
# (steady on text the process has not seen: no help from caches keyed by text, such as the
# number reader's). Process CPU time: the machine may be shared.
_FRESH = """
import csv, json, sys, time
csv.field_size_limit(sys.maxsize)
rows = []
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    for row in csv.DictReader(f):
        rows.append((row["text"], (row.get("date") or "")[:10] or None))
        if len(rows) > 8000:
            break
def head(start):
    out, total = [], 0
    for d in rows[start:]:
        if total + len(d[0]) > 3_000_000:
            break
        out.append(d)
        total += len(d[0])
    return out
A = head(0)
B = head(len(A)) if sys.argv[2] == "unseen" else []
t0 = time.process_time()
import moneyx
for d, day in B:
    moneyx.extract_amounts(d, doc_date=day)
if B:
    t0 = time.process_time()
for d, day in A:
    moneyx.extract_amounts(d, doc_date=day)
first = time.process_time() - t0
t0 = time.process_time()
for d, day in A:
    moneyx.extract_amounts(d, doc_date=day)
print(json.dumps({"first": first, "again": time.process_time() - t0}))
"""


@pytest.mark.parametrize("corpus", ["reuters"], indirect=True)
def test_first_3mb_of_a_fresh_process(
    benchmark: Any, corpus: Corpus, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A fresh process's first 3 MB against its steady pass, with the pattern cache warm.

    First a process with an empty compiled-pattern cache (a machine's first run; it fills the
    cache), then three with the cache warm (the target: median of steady / first, each
    process's own ratio), then one whose steady pass follows 3 MB of other text.
    """
    import json

    from _benchlib import CORPUS_FILES, fresh_env

    base = tmp_path_factory.mktemp("fresh")
    env = fresh_env(base / "pyc", base / "patterns")
    path = str(CORPUS_FILES["reuters"])

    def child(mode: str, child_env: dict[str, str]) -> dict[str, float]:
        _, _, out = child_run(_FRESH, child_env, path, mode)
        return dict(json.loads(out))

    cold = child("same", env)  # empty cache: compiles and writes
    warm: list[dict[str, float]] = []
    benchmark.group = "core fresh process"
    benchmark.pedantic(lambda: warm.append(child("same", env)), rounds=3, iterations=1)
    unseen = child("unseen", env)
    ratios = sorted(w["again"] / w["first"] for w in warm)
    ratio = ratios[len(ratios) // 2]
    mid = next(w for w in warm if w["again"] / w["first"] == ratio)
    benchmark.extra_info.update(
        first_warm_s=round(mid["first"], 3),
        steady_same_s=round(mid["again"], 3),
        first_cold_cache_s=round(cold["first"], 3),
        steady_unseen_s=round(unseen["first"], 3),
    )
    NOTES.append(
        f"first 3 MB of Reuters in a fresh process (import included, CPU): {mid['first']:.2f} s "
        f"with the pattern cache warm, steady {mid['again']:.2f} s (ratios of 3 processes: "
        + ", ".join(f"{r:.2f}" for r in ratios)
        + f"); with the cache empty {cold['first']:.2f} s (steady {cold['again']:.2f} s, "
        f"{cold['again'] / cold['first']:.2f}); steady after 3 MB of other text "
        f"{unseen['first']:.2f} s ({unseen['first'] / mid['first']:.2f} of the warm first pass)"
    )
    check_target(
        "fresh process: steady / first pass over 3 MB of Reuters (pattern cache warm)",
        ratio,
        TARGET_FRESH,
    )
