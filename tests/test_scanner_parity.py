"""The core's marker scan (Rust) finds exactly the anchors of the former ``re`` scanner.

``moneyx.scan.scanner()`` runs in the compiled core; ``scan_reference.py`` keeps the pure-``re``
trie scanner the engine used before (its anchors were the engine's, and Hyperscan's were tested
equal to them). These tests compare the two document by document on every document set of the
parity fixtures (``scripts/parity.py``: the three corpora, the development sets, the held-out
set, the seeds, ``../shared/data/news-dev``) in each document's language, on the generated North
Korean corpus, on generated text made of surface fragments (hypothesis), and on the engine's full
output over a slice of each corpus with the reference forced in. Sets from ``../shared`` skip
cleanly when it is absent; held-out texts are never printed.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scan_reference import reference_scanner  # tests/ is on sys.path (no __init__.py)

import moneyx.extract.candidates
from moneyx import extract_amounts
from moneyx.scan import NativeScanner, scanner

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("parity", ROOT / "scripts" / "parity.py")
assert _spec is not None
assert _spec.loader is not None
parity = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("parity", parity)
_spec.loader.exec_module(parity)

MENTION_SLICE = 800  # documents per corpus compared mention by mention


def _set_params() -> list[object]:
    out = []
    for name, (path, _) in parity.sets().items():
        marks = []
        if not path.is_file():
            marks.append(pytest.mark.skip(reason=f"{path} is absent (../shared not beside)"))
        out.append(pytest.param(name, id=name, marks=marks))
    return out


def _differing(docs: list[tuple[str, str]]) -> list[int]:
    native = {lang: scanner(lang) for _, lang in docs}
    ref = {lang: reference_scanner(lang) for lang in native}
    return [
        i
        for i, (text, lang) in enumerate(docs)
        if native[lang].anchors(text) != ref[lang].anchors(text)
    ]


@pytest.mark.parametrize("name", _set_params())
def test_same_anchors_on_every_document_of_the_set(name: str) -> None:
    docs_iter = parity._docs(name)
    assert docs_iter is not None
    docs = [(d.text, str(d.options.get("lang", "en"))) for d in docs_iter]
    assert docs, f"{name}: no documents"
    differ = _differing([d for d in docs if d[1] in ("en", "ko", "zh")])
    where = "" if name == "heldout" else f", first at rows {differ[:5]}"
    assert not differ, f"{name}: {len(differ)} of {len(docs)} documents differ{where}"


@pytest.fixture(scope="module")
def nk_corpus(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str | None]]:
    out = tmp_path_factory.mktemp("nk") / "nk.csv"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_corpus.py"), "-o", str(out)],
        check=True,
        capture_output=True,
    )
    return [(d.text, d.options.get("doc_date")) for d in parity._csv_docs(out)]  # type: ignore[misc]


def test_same_anchors_on_the_generated_corpus(nk_corpus: list[tuple[str, str | None]]) -> None:
    differ = _differing([(text, "en") for text, _ in nk_corpus])
    assert not differ, f"{len(differ)} documents differ, first at rows {differ[:5]}"


def test_same_mentions_with_either_scanner(
    nk_corpus: list[tuple[str, str | None]], monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = nk_corpus[:MENTION_SLICE]
    native = [[m.to_dict() for m in extract_amounts(t, doc_date=d)] for t, d in docs]
    ref = reference_scanner("en")
    monkeypatch.setattr(moneyx.extract.candidates, "scanner", lambda lang="en": ref)
    forced = [[m.to_dict() for m in extract_amounts(t, doc_date=d)] for t, d in docs]
    assert sum(map(len, native)) > 1000, "too few mentions: the comparison proves little"
    differ = [i for i in range(len(docs)) if native[i] != forced[i]]
    assert not differ, f"{len(differ)} documents differ, first at rows {differ[:5]}"


SAMPLE = (
    "Rice was 5,200 won/kg in Hyesan. The dollar rose to 8,100 won. Samsung won a 2 trillion won "
    "order in Seoul. He won the gold. In 2006 won three titles. Paid US$40 (about 320,000 won) "
    "each. 10 mln dlrs, 15 cts a share, 50 mln stg, ¥300, €5m, HK$2.5bn, Rs 20, 5,000-8,000 yuan."
)


def test_same_anchors_on_samples_in_every_case() -> None:
    samples = [SAMPLE, SAMPLE.upper(), SAMPLE.lower(), "İstanbul ₩5 " + SAMPLE, "\ud800 $5 won"]
    for text in samples:
        assert scanner("en").anchors(text) == reference_scanner("en").anchors(text)
    assert len(scanner("en").anchors(SAMPLE)) > 15


# Fragments around the boundary rules: surfaces of every kind, letters and digits of several
# scripts on both sides, case changes, no-break spaces, a lone surrogate.
_FRAGMENTS = [
    "$", "US$", "us $", "U.S. $", "€", "€ur", "£", "¥", "₩", "￦", "원", "won", "WON", "Won",
    "wons", "dollar", "dollars", "dlrs", "yen", "yuan", "c", "p", "cts", "pence", "Rs", "RS",
    "rs.", "kr", "KR", "stg", "usd", "Usd", "MUSD", "musd", "euro cent", "won\u00a0", "달러",
    "위안", "천", "만", "元", "美元", "人民币", "朝鲜元", "万", "亿", "块", "5", "10", "a", "Z",
    "é", "İ", "ß", "中", "한", "½", "²", "_", "-", ".", " ", "\u00a0", "\n", ",", "(", "'",
    "\ud800", "１", "٣", "\u0301", "Ⅻ", "ǅ", "ª",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=14), st.sampled_from(["en", "ko", "zh"]))
def test_same_anchors_on_generated_fragments(parts: list[str], lang: str) -> None:
    text = "".join(parts)
    assert scanner(lang).anchors(text) == reference_scanner(lang).anchors(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=20), st.integers(1, 4))
def test_batches_give_the_anchors_of_one_call(parts: list[str], batch: int) -> None:
    text = "".join(parts)
    scan = scanner("en")
    assert isinstance(scan, NativeScanner)
    assert list(scan.iter_anchors(text, batch=batch)) == scan.anchors(text)


def test_the_scan_is_the_core() -> None:
    assert isinstance(scanner("en"), NativeScanner)
    assert scanner("en").name == "native"
    assert scanner("en") is scanner("en")


def test_threads_share_one_scanner_and_agree_with_serial(
    nk_corpus: list[tuple[str, str | None]],
) -> None:
    docs = [t for t, _ in nk_corpus[:400]]
    scan = scanner("en")
    serial = [scan.anchors(t) for t in docs]
    results: list[list[list[tuple[int, int]]]] = [[] for _ in range(8)]
    errors: list[BaseException] = []

    def work(k: int) -> None:
        try:
            results[k] = [scan.anchors(t) for t in docs]
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert all(r == serial for r in results)
