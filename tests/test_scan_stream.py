"""The marker scan streams: anchors come batch by batch, batch edges change nothing.

The core's scan (``NativeScanner.iter_anchors``) hands its anchors over in batches of
``BATCH``, so a text made of nothing but markers is never held as one list of anchors; the
candidate stage reads them that way (``moneyx.extract.candidates``).
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
from scan_reference import reference_scanner  # tests/ is on sys.path (no __init__.py)

from moneyx.scan import NativeScanner, scanner

TOKENS = ["$", "won", "yuan", " ", "a", "1", "원", "달러", "US$", "dollars", "é", "won's", "KRW"]
TOKENS += ["\n", "元", "美元", "万"]


def test_iter_anchors_is_lazy_and_equals_anchors() -> None:
    text = "paid 300 yuan and $5, then 40 won" * 50
    scan = scanner("en")
    it = scan.iter_anchors(text)
    assert next(it) == (9, 13)
    assert [(9, 13), *it] == scan.anchors(text)


@pytest.mark.parametrize("lang", ["en", "ko", "zh"])
def test_batches_of_any_size_give_the_reference_anchors(lang: str) -> None:
    scan = scanner(lang)
    assert isinstance(scan, NativeScanner)
    ref = reference_scanner(lang)
    rng = random.Random(7)
    for batch in (1, 2, 3, 7, 64):
        for _ in range(300):
            text = "".join(rng.choice(TOKENS) for _ in range(rng.randint(0, 40)))
            assert list(scan.iter_anchors(text, batch=batch)) == ref.anchors(text), text


_DOLLARS = """
import moneyx

def peak():  # this process's peak resident size in KiB (its own memory, not its parent's)
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))

moneyx.extract_amounts("$5")
before = peak()
found = moneyx.extract_amounts("$" * 2_000_000, lang="en")
print(len(found), before, peak())
"""


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="reads Linux's VmHWM")
def test_a_text_of_nothing_but_markers_stays_bounded() -> None:
    # 2 M markers and no number: held as one list the anchors alone would take ~290 MB (10 MB
    # of '$' peaked at 1.49 GB that way); the engine walks them batch by batch, so the peak
    # resident size grows by far less. The 10 MB case of the issue (63 MB peak in all) is
    # benchmarks/bench_hostile.py's. (ru_maxrss would not do: a child started by fork carries
    # its parent's peak, here pytest's.)
    out = subprocess.run(
        [sys.executable, "-c", _DOLLARS],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    ).stdout.split()
    found, before, after = (int(x) for x in out)
    assert found == 0
    assert after - before < 100 * 1024, f"grew {(after - before) / 1024:.0f} MB"
    assert after < 200 * 1024, f"peak {after / 1024:.0f} MB"
