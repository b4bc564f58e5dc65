"""Cold start: a fresh interpreter that imports moneyx and extracts one amount.

``python -c "import moneyx; moneyx.extract_amounts('$1')"`` pays for the import, the lexicon and
core load and the patterns the call needs -- what a CLI call or a fresh worker process pays
before its first document. Measured in the same run as two floors: ``python -c pass`` (the
interpreter) and ``python -c "import regex"`` (the regex engine every pattern needs), with the
bytecode cached (``_benchlib.fresh_env``), in three states of the compiled-pattern cache
(``moneyx.patcache``):

* ``warm``: the cache holds the patterns (every process after a machine's first one);
* ``empty``: a new, empty cache folder each round (a machine's first run: compiles and writes);
* ``off``: ``MONEYX_CACHE_DIR=off`` (compiles, writes nothing).

Also a first call on a real document (the first seed article) with a warm cache, which reaches
more patterns than ``$1``.

Target (issue 18): median wall time < 0.3 s with the cache warm (interpreter start included;
reported with wall and CPU medians and the ratio to the ``import regex`` floor), and the
extraction path must not import pandas or pint (they cost more than the whole budget).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from _benchlib import NOTES, ROOT, check_target, child_run, fresh_env

COLD = "import moneyx; moneyx.extract_amounts('$1')"
COLD_DOC = (
    "import sys, moneyx; "
    "moneyx.extract_amounts(open(sys.argv[1], encoding='utf-8').read(), doc_date='2015-06-01')"
)
HEAVY = ("pandas", "pint", "numpy", "pyarrow", "dask")
TARGET_SECONDS = 0.3
ROUNDS = 10

# name -> (code, pattern cache state)
CASES = {
    "python -c pass": ("pass", "warm"),
    "import regex": ("import regex", "warm"),
    "import moneyx": ("import moneyx", "warm"),
    "import + '$1', cache warm": (COLD, "warm"),
    "import + first seed article, cache warm": (COLD_DOC, "warm"),
    "import + '$1', cache empty": (COLD, "empty"),
    "import + '$1', cache off": (COLD, "off"),
}
MEDIANS: dict[str, tuple[float, float]] = {}


@pytest.fixture(scope="module")
def dirs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("coldstart")
    out = {"pycache": base / "pyc", "warm": base / "patterns", "empty": base / "empty"}
    env = fresh_env(out["pycache"], out["warm"])
    # fill the bytecode cache and the warm pattern cache (what the seed article needs too)
    child_run(COLD, env)
    child_run(COLD_DOC, env, str(_seed()))
    return out


def _seed() -> Path:
    return sorted((ROOT / "seeds").glob("*.txt"))[0]


@pytest.mark.parametrize("case", list(CASES))
def test_coldstart(benchmark: Any, dirs: dict[str, Path], case: str) -> None:
    code, state = CASES[case]
    args = (str(_seed()),) if code == COLD_DOC else ()
    walls: list[float] = []
    cpus: list[float] = []

    def one() -> None:
        if state == "empty":  # a new folder each round
            cache: Path | str = dirs["empty"] / str(len(walls))
        elif state == "off":
            cache = "off"
        else:
            cache = dirs["warm"]
        wall, cpu, _ = child_run(code, fresh_env(dirs["pycache"], cache), *args)
        walls.append(wall)
        cpus.append(cpu)

    benchmark.group = "cold start"
    benchmark.pedantic(one, rounds=ROUNDS, iterations=1)
    wall_m, cpu_m = statistics.median(walls), statistics.median(cpus)
    MEDIANS[case] = (wall_m, cpu_m)
    benchmark.extra_info.update(median_wall_s=round(wall_m, 4), median_cpu_s=round(cpu_m, 4))
    floor = MEDIANS.get("import regex")
    vs = f", {wall_m / floor[0]:.1f}x the `import regex` floor" if floor else ""
    NOTES.append(f"cold start, {case}: median {wall_m:.3f} s wall, {cpu_m:.3f} s CPU{vs}")
    if case == "import + '$1', cache warm":
        check_target(
            "cold start headroom (0.3 s / median wall, cache warm)", TARGET_SECONDS / wall_m, 1.0
        )


def test_coldstart_imports_no_heavy_module(benchmark: Any, dirs: dict[str, Path]) -> None:
    """What got imported, and the slowest imports (-X importtime, cumulative microseconds)."""
    probe = f"{COLD}; import sys; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", probe],
        cwd=ROOT,
        env=fresh_env(dirs["pycache"], dirs["warm"]),
        check=True,
        capture_output=True,
        text=True,
    )
    heavy = [m for m in out.stdout.strip().split(",") if m]
    slowest = _slowest_imports(out.stderr, 6)
    benchmark.group = "cold start"
    benchmark.extra_info["heavy_modules_loaded"] = heavy
    benchmark.extra_info["slowest_imports_us"] = slowest
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)
    NOTES.append(
        "cold start: slowest imports "
        + ", ".join(f"{name} {us / 1000:.0f} ms" for name, us in slowest)
    )
    assert not heavy, f"the extraction path imported {heavy}"


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
