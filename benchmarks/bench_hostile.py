"""Hostile inputs: seconds and peak memory per megabyte of one document, each in its own process.

``bench_pathological.py`` checks that time grows linearly; this measures what each megabyte of a
hostile document costs, in time and in memory, so that the engine's bounds can be read off and
compared between branches. Every case runs in a fresh interpreter (warmed up on a small text
first), so one case's memory never hides another's:

* time: ``extract_amounts`` on the document, once (the slow cases take seconds per MB);
* peak memory: the process's resident-set high-water mark during that call, above what it held
  just before (Linux: ``/proc/self/clear_refs`` resets the mark, ``VmHWM`` reads it).

The cases are those of ``bench_pathological.py`` plus the ones issue 17 measured: ``$1`` lines
and 10 MB of ``$`` (which peaked at 1.44 GB). The targets (``TIME_TARGET_S_PER_MB``,
``MEMORY_TARGET_MB_PER_MB``) are reported for each case; they fail the run only with
``MONEYX_BENCH_HOSTILE_TARGETS=1`` (the engine work that meets them is tracked separately).

Knobs: ``MONEYX_BENCH_HOSTILE_MB`` (size of each case, default 0.25 MB), ``MONEYX_BENCH_EXTRACT``
(the extractor, as for the other benchmarks). Standalone: ``python benchmarks/bench_hostile.py
[MB]`` prints the table without pytest.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _benchlib import NOTES  # noqa: E402
from bench_pathological import CASES as LINEAR_CASES  # noqa: E402

TIME_TARGET_S_PER_MB = 2.0
MEMORY_TARGET_MB_PER_MB = 32.0
SIZE_MB = float(os.environ.get("MONEYX_BENCH_HOSTILE_MB", "0.25"))
BIG_MB = 10.0  # the '$' case the issue measured at 10 MB
ENFORCE = os.environ.get("MONEYX_BENCH_HOSTILE_TARGETS", "0") == "1"

CASES: dict[str, Callable[[int], str]] = {
    **LINEAR_CASES,
    "lines $1\\n$1\\n...": lambda n: "$1\n" * (n // 3),
}

_CHILD = r"""
import importlib, json, os, re, sys, time
sys.path.insert(0, {here!r})
from bench_hostile import CASES

spec = os.environ.get("MONEYX_BENCH_EXTRACT", "moneyx:extract_amounts")
module, _, func = spec.partition(":")
extract = getattr(importlib.import_module(module), func)
extract("warm-up: 300 yuan (U.S. $47) and 1.5 mln dlrs")
text = CASES[{name!r}]({chars})

def status():
    with open("/proc/self/status") as f:
        return {{k: int(v) * 1024 for k, v in re.findall(r"(VmHWM|VmRSS):\s+(\d+)", f.read())}}

try:
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # reset the high-water mark to the current resident set
    before = status()["VmRSS"]
except OSError:
    before = None
t0 = time.perf_counter()
mentions = len(extract(text))
seconds = time.perf_counter() - t0
peak = status()["VmHWM"] - before if before is not None else None
print(json.dumps({{"chars": len(text), "bytes": len(text.encode()), "seconds": seconds,
                  "peak_bytes": peak, "mentions": mentions}}))
"""


def measure(name: str, size_mb: float, timeout: float = 1800) -> dict[str, Any]:
    """Run one case of ``size_mb`` megabytes in a fresh interpreter; return its figures."""
    code = _CHILD.format(here=str(HERE), name=name, chars=int(size_mb * 1_000_000))
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{name}: the measuring process failed:\n{proc.stderr[-2000:]}")
    out: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    mb = out["bytes"] / 1e6
    out["s_per_mb"] = out["seconds"] / mb
    out["peak_mb_per_mb"] = None if out["peak_bytes"] is None else out["peak_bytes"] / 1e6 / mb
    return out


def _line(name: str, r: dict[str, Any]) -> str:
    peak = "-" if r["peak_mb_per_mb"] is None else f"{r['peak_bytes'] / 1e6:9.1f}"
    per = "-" if r["peak_mb_per_mb"] is None else f"{r['peak_mb_per_mb']:9.1f}"
    return (
        f"{name:<38}{r['bytes'] / 1e6:>7.2f}{r['seconds']:>9.2f}{r['s_per_mb']:>9.2f}"
        f"{peak:>10}{per:>10}{r['mentions']:>10,}"
    )


HEADER = (
    f"{'hostile case':<38}{'MB':>7}{'s':>9}{'s/MB':>9}{'peak MB':>10}{'MB/MB':>10}{'mentions':>10}"
)


def _check(benchmark: Any, name: str, size_mb: float) -> None:
    result: dict[str, Any] = {}

    def run() -> None:
        result.update(measure(name, size_mb))

    benchmark.pedantic(run, rounds=1, iterations=1)
    benchmark.extra_info.update(
        {k: result[k] for k in ("bytes", "seconds", "s_per_mb", "peak_bytes", "peak_mb_per_mb")}
    )
    over = []
    if result["s_per_mb"] > TIME_TARGET_S_PER_MB:
        over.append(f"{result['s_per_mb']:.2f} s/MB > {TIME_TARGET_S_PER_MB}")
    peak = result["peak_mb_per_mb"]
    if peak is not None and peak > MEMORY_TARGET_MB_PER_MB:
        over.append(f"{peak:.1f} MB/MB > {MEMORY_TARGET_MB_PER_MB}")
    NOTES.append(
        "hostile " + _line(name, result).rstrip() + ("  OVER: " + "; ".join(over) if over else "")
    )
    if ENFORCE:
        assert not over, f"{name}: " + "; ".join(over)


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_per_megabyte(benchmark: Any, name: str) -> None:
    benchmark.group = "hostile (per MB, own process)"
    _check(benchmark, name, SIZE_MB)


def test_ten_megabytes_of_dollars(benchmark: Any) -> None:
    benchmark.group = "hostile (per MB, own process)"
    _check(benchmark, "dollars $$$...", BIG_MB)


def main(argv: list[str]) -> int:
    """Print the table for every case (``python benchmarks/bench_hostile.py [MB]``)."""
    size = float(argv[0]) if argv else SIZE_MB
    print(HEADER)
    print("-" * len(HEADER))
    for name in CASES:
        print(_line(name, measure(name, size)), flush=True)
    print(_line("dollars $$$... (10 MB)", measure("dollars $$$...", BIG_MB)), flush=True)
    print(f"targets: {TIME_TARGET_S_PER_MB} s/MB, {MEMORY_TARGET_MB_PER_MB} MB of peak per MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
