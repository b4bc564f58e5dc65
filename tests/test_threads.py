"""Extraction from many threads at once gives the serial results and never raises.

Once a process has scanned enough text, ``moneyx.scan.AdaptiveScanner`` switches to Hyperscan,
whose scans need scratch space no other scan uses at the same time. These tests run 8 threads
over 2,000 documents after the switch and compare with the serial results; then the Dask
threaded scheduler over a slice of Reuters-21578 (skipped without ``../shared``).
"""

from __future__ import annotations

import csv
import importlib.util
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

import moneyx
import moneyx.extract.candidates
from moneyx.lexicon import lexicon
from moneyx.scan import AdaptiveScanner, HyperscanScanner, _surfaces

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("hyperscan") is None,
    reason="hyperscan (moneyx-news[fast]) not installed",
)

THREADS = 8
N_DOCS = 2000
REUTERS = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "corpora" / "reuters21578"
) / "reuters21578.csv"

# Our own sentences; the numbers vary so that every document differs.
TEMPLATES = (
    "A sack of rice cost {a:,} won at the Hyesan market, up from {b:,} won.",
    "The firm paid US${a:,} for the permit and about ${b}.5 million for the plant.",
    "Families had to pay {b} yuan (U.S. ${a}) each to the border guards.",
    "Nothing here costs anything, said a trader on day {a}.",
    "Shares fell {b} pct to {a} dlrs while the yen rose to {b}.{a} per dollar.",
)


def _docs() -> list[str]:
    return [
        TEMPLATES[i % len(TEMPLATES)].format(a=(i * 37) % 9000 + 10, b=i % 97 + 1)
        for i in range(N_DOCS)
    ]


def _run_threads(work: Callable[[int], list[object]]) -> tuple[dict[int, list[object]], list[str]]:
    results: dict[int, list[object]] = {}
    errors: list[str] = []
    barrier = threading.Barrier(THREADS)

    def run(t: int) -> None:
        barrier.wait()  # start together: the calls overlap from the first document
        try:
            results[t] = work(t)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=run, args=(t,)) for t in range(THREADS)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return results, errors


def _switched_scanner() -> AdaptiveScanner:
    lex = lexicon("en")
    scan = AdaptiveScanner(_surfaces(lex), lex.word_boundaries)
    assert scan.prepare(AdaptiveScanner.SWITCH_AFTER + 1), "Hyperscan did not take over"
    return scan


def test_hyperscan_scanner_from_eight_threads_gives_the_serial_anchors() -> None:
    lex = lexicon("en")
    scan = HyperscanScanner(_surfaces(lex), lex.word_boundaries)
    docs = _docs()
    serial = [scan.anchors(d) for d in docs]
    results, errors = _run_threads(lambda _t: [scan.anchors(d) for d in docs])
    assert errors == []
    assert all(results[t] == serial for t in range(THREADS))


def test_extract_from_eight_threads_after_the_switch_equals_serial(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scan = _switched_scanner()
    monkeypatch.setattr(moneyx.extract.candidates, "scanner", lambda lang="en": scan)
    docs = _docs()
    serial = [moneyx.extract_amounts(d) for d in docs]
    assert sum(map(len, serial)) > N_DOCS, "too few mentions: the comparison proves little"
    results, errors = _run_threads(lambda _t: [moneyx.extract_amounts(d) for d in docs])
    assert errors == [], f"{len(errors)} threads raised, first: {errors[:1]}"
    differ = [t for t in range(THREADS) if results[t] != serial]
    assert differ == []


def test_the_switch_itself_happens_once_under_threads() -> None:
    lex = lexicon("en")
    scan = AdaptiveScanner(_surfaces(lex), lex.word_boundaries)
    scan.SWITCH_AFTER = 10_000  # type: ignore[misc]  # switch early, while the threads run
    text = "It cost 300 yuan (U.S. $47) and 5,000 won. " * 20
    expected = scan._re.anchors(text)
    results, errors = _run_threads(lambda _t: [scan.anchors(text) for _ in range(200)])
    assert errors == []
    assert scan.name == "adaptive (hyperscan)"
    assert all(r == expected for t in range(THREADS) for r in results[t])


@pytest.mark.slow
def test_dask_threaded_scheduler_over_reuters_has_no_error_rows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Dask's default (threaded) scheduler: every Reuters row is converted, none fails."""
    if not REUTERS.is_file():
        pytest.skip(f"{REUTERS} absent (../shared not beside the checkout)")
    import dask
    import dask.dataframe as dd
    import pandas as pd

    from moneyx.dask import convert_dataframe

    csv.field_size_limit(sys.maxsize)
    with REUTERS.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["text"].strip()][:2000]  # 216 have no body
    frame = pd.DataFrame({"text": [r["text"] for r in rows], "date": [r["date"] for r in rows]})
    scan = _switched_scanner()
    monkeypatch.setattr(moneyx.extract.candidates, "scanner", lambda lang="en": scan)
    ddf = dd.from_pandas(frame, npartitions=24)
    with dask.config.set(scheduler="threads", num_workers=THREADS):
        out = convert_dataframe(ddf, text_col="text", date_col="date").compute()
    failed = out[out["status"] == "error"]
    assert failed.empty, failed["error"].head(3).tolist()
    assert out["row"].nunique() == len(frame)
    serial = convert_dataframe(ddf, text_col="text", date_col="date").compute(
        scheduler="synchronous"
    )
    pd.testing.assert_frame_equal(out.reset_index(drop=True), serial.reset_index(drop=True))
