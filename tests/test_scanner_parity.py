"""The accelerated marker scanner (Hyperscan) and the pure-``re`` one agree on real corpora.

``moneyx.scan.scanner()`` picks Hyperscan when it is installed; everything downstream only sees
the anchors. These tests compare the two scanners' anchors on every document of the generated
North Korean corpus (``scripts/gen_corpus.py``) and, when ``../shared`` is beside the checkout,
of Reuters-21578 and BBC News; and the full ``extract_amounts`` output on a fixed slice of each,
with the engine forced onto one scanner and then the other. The shared corpora are read in place
(research-only licences) and those cases skip cleanly without them.
"""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

import moneyx.extract.candidates
from moneyx import extract_amounts
from moneyx.scan import scanner

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("hyperscan") is None,
    reason="hyperscan (moneyx-news[fast]) not installed",
)

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "data" / "corpora"
FILES = {
    "reuters": CORPORA / "reuters21578" / "reuters21578.csv",
    "bbc": CORPORA / "bbc" / "bbc.csv",
}
MENTION_SLICE = 1500  # documents per corpus compared mention by mention

csv.field_size_limit(sys.maxsize)


def _read(path: Path) -> list[tuple[str, str | None]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [(r["text"], (r.get("date") or "")[:10] or None) for r in csv.DictReader(f)]


@pytest.fixture(scope="module", params=["nk", "reuters", "bbc"])
def corpus(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> list[tuple[str, str | None]]:
    name = str(request.param)
    if name == "nk":
        out = tmp_path_factory.mktemp("nk") / "nk.csv"
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "gen_corpus.py"), "-o", str(out)],
            check=True,
            capture_output=True,
        )
        return _read(out)
    path = FILES[name]
    if not path.is_file():
        pytest.skip(f"{path} absent (../shared not beside the checkout)")
    return _read(path)


def test_same_anchors_on_every_document(corpus: list[tuple[str, str | None]]) -> None:
    fast, slow = scanner("en", "hyperscan"), scanner("en", "re")
    assert fast.name == "hyperscan"
    assert slow.name == "re"
    differ = [i for i, (doc, _) in enumerate(corpus) if fast.anchors(doc) != slow.anchors(doc)]
    assert not differ, f"{len(differ)} documents differ, first at row {differ[:5]}"


def test_same_mentions(
    corpus: list[tuple[str, str | None]], monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = corpus[:MENTION_SLICE]
    results = {}
    for kind in ("hyperscan", "re"):
        forced = scanner("en", kind)
        monkeypatch.setattr(moneyx.extract.candidates, "scanner", lambda lang="en", _s=forced: _s)
        results[kind] = [
            [m.to_dict() for m in extract_amounts(doc, doc_date=day)] for doc, day in docs
        ]
    assert sum(map(len, results["re"])) > 0, "no mentions at all: the comparison proves nothing"
    differ = [i for i in range(len(docs)) if results["hyperscan"][i] != results["re"][i]]
    assert not differ, f"{len(differ)} documents differ, first at row {differ[:5]}"
