"""Cold start: a fresh interpreter that imports moneyx and extracts one amount.

``python -c "import moneyx; moneyx.extract_amounts('$1')"`` pays for the import, the lexicon load
and the pattern compile -- what a CLI call or a fresh worker process pays before its first
document. Measured next to a bare ``python -c pass`` (the interpreter's own floor) in the same run.

Target: median wall time < 0.3 s (interpreter start included), and the extraction path must not
import pandas or pint (they cost more than the whole budget).
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from _benchlib import NOTES, ROOT, check_target

COLD = "import moneyx; moneyx.extract_amounts('$1')"
HEAVY = ("pandas", "pint", "numpy", "pyarrow", "dask")
TARGET_SECONDS = 0.3


def _run(code: str) -> None:
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True)


def test_python_startup_floor(benchmark: Any) -> None:
    benchmark.group = "cold start"
    benchmark.pedantic(_run, args=("pass",), rounds=10, iterations=1, warmup_rounds=1)
    benchmark.extra_info["median_s"] = round(float(benchmark.stats.stats.median), 4)
    NOTES.append(f"cold start floor (python -c pass): median {benchmark.stats.stats.median:.3f} s")


def test_coldstart_import_and_first_extract(benchmark: Any) -> None:
    benchmark.group = "cold start"
    benchmark.pedantic(_run, args=(COLD,), rounds=10, iterations=1, warmup_rounds=1)
    median = float(benchmark.stats.stats.median)
    benchmark.extra_info["median_s"] = round(median, 4)

    # What got imported, and the slowest imports (-X importtime, cumulative microseconds).
    probe = f"{COLD}; import sys; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", probe],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    heavy = [m for m in out.stdout.strip().split(",") if m]
    slowest = _slowest_imports(out.stderr, 6)
    benchmark.extra_info["heavy_modules_loaded"] = heavy
    benchmark.extra_info["slowest_imports_us"] = slowest
    NOTES.append(
        f"cold start (import moneyx + first extract): median {median:.3f} s; slowest imports "
        + ", ".join(f"{name} {us / 1000:.0f} ms" for name, us in slowest)
    )
    assert not heavy, f"the extraction path imported {heavy}"
    check_target("cold start headroom (0.3 s / median)", TARGET_SECONDS / median, 1.0)


def _slowest_imports(importtime_log: str, n: int) -> list[tuple[str, int]]:
    """Return the n top-level imports with the largest cumulative time (``-X importtime``)."""
    rows: list[tuple[str, int]] = []
    for line in importtime_log.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line.split("|", 2)
        if not name.startswith("  "):  # nested imports are indented by two more spaces
            rows.append((name.strip(), int(cumulative)))
    rows.sort(key=lambda r: -r[1])
    return rows[:n]
