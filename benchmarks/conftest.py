"""Shared fixtures for the moneyx benchmarks: corpora, the engine under test, a results table.

Corpora:
    * ``reuters`` -- Reuters-21578 (``../shared/data/corpora/reuters21578/reuters21578.csv``);
    * ``bbc`` -- BBC News (``../shared/data/corpora/bbc/bbc.csv``);
    * ``nk`` -- the dense North Korean price corpus written by ``scripts/gen_corpus.py``;
    * ``seeds`` -- the project's own ``seeds/*.txt``.

The shared corpora are research-only: they are read at benchmark time from ``../shared`` (beside
the checkout) and never copied into the project. Benchmarks that need them skip cleanly when
``../shared`` is absent.

Every throughput benchmark records its figures through :func:`record`, and the terminal summary
prints one table with MB/s, mentions/s and the ratios moneyx/floor and moneyx/peer of this run.

Environment knobs:
    MONEYX_BENCH_ROUNDS   rounds per throughput benchmark (default 3)
    MONEYX_BENCH_TARGETS  "0" to report the targets without asserting them (default: assert)
    MONEYX_BENCH_EXTRACT  "module:function" of the extractor to measure (default
                          "moneyx:extract_amounts"), e.g. to compare a branch's engine
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from _benchlib import NOTES, PEER_SLICE_CHARS, RESULTS, Corpus, get_corpus


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("corpora")


@pytest.fixture(scope="session")
def corpus(request: pytest.FixtureRequest, corpus_dir: Path) -> Corpus:
    """The corpus named by the (indirect) parameter, loaded once per session."""
    return get_corpus(str(request.param), corpus_dir)


@pytest.fixture(scope="session")
def corpus_slice(request: pytest.FixtureRequest, corpus_dir: Path) -> Corpus:
    """The leading documents of the named corpus, small enough for the slow peers."""
    return get_corpus(str(request.param), corpus_dir).head(PEER_SLICE_CHARS)


@pytest.fixture(scope="session")
def extract() -> Callable[..., list[Any]]:
    """The extractor under test (``moneyx.extract_amounts`` unless MONEYX_BENCH_EXTRACT says)."""
    spec = os.environ.get("MONEYX_BENCH_EXTRACT", "moneyx:extract_amounts")
    module, _, func = spec.partition(":")
    fn: Callable[..., list[Any]] = getattr(importlib.import_module(module), func)
    if spec != "moneyx:extract_amounts":
        NOTES.append(f"engine 'moneyx' in this run is {spec} (MONEYX_BENCH_EXTRACT)")
    fn("warm-up: 300 yuan (U.S. $47) and 1.5 mln dlrs")  # lexicon load + compile, not timed
    return fn


def _fmt(x: float | None, digits: int = 3) -> str:
    if x is None:
        return "-"
    if x >= 100:
        return f"{x:,.0f}"
    return f"{x:.{digits}g}"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print this session's throughput table with the ratios moneyx/floor and moneyx/peer."""
    if not RESULTS and not NOTES:
        return
    tr = terminalreporter
    tr.section("moneyx throughput (best round; ratios within this run)")
    header = (
        f"{'corpus':<16}{'engine':<14}{'MB':>8}{'best s':>10}{'MB/s':>10}"
        f"{'mentions':>10}{'mentions/s':>12}{'/floor':>9}{'/peer':>10}"
    )
    tr.write_line(header)
    tr.write_line("-" * len(header))
    for (corpus, engine), r in sorted(RESULTS.items()):
        floor = RESULTS.get((corpus, "floor"))
        peer = RESULTS.get((corpus, "quantulum3"))
        vs_floor = r.mb_s / floor.mb_s if floor and engine != "floor" else None
        vs_peer = r.mb_s / peer.mb_s if peer and engine != "quantulum3" else None
        tr.write_line(
            f"{corpus:<16}{engine:<14}{r.n_bytes / 1e6:>8.2f}{r.seconds:>10.4f}"
            f"{_fmt(r.mb_s):>10}{r.mentions:>10,}{_fmt(r.mentions_s):>12}"
            f"{_fmt(vs_floor):>9}{_fmt(vs_peer):>10}"
        )
    for note in NOTES:
        tr.write_line(note)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Module | None:
    """Collect ``bench_*.py`` as test modules (pytest's default only takes ``test_*.py``)."""
    if (
        file_path.suffix == ".py"
        and file_path.name.startswith("bench_")
        and not parent.session.isinitpath(file_path)  # named on the command line: pytest takes it
    ):
        return pytest.Module.from_parent(parent, path=file_path)
    return None
