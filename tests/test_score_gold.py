"""scripts/score_gold.py: document-level precision/recall per field (STYLE section 8)."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load_scorer() -> Any:
    spec = importlib.util.spec_from_file_location("score_gold", ROOT / "scripts" / "score_gold.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["score_gold"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


sg = _load_scorer()


def _mention(text: str, needle: str, value: Any, currency: str | None, **kw: Any) -> dict[str, Any]:
    start = text.index(needle)
    m = {
        "start": start,
        "end": start + len(needle),
        "text": needle,
        "value": value,
        "high": None,
        "currency": currency,
        "approx": False,
        "per": None,
    }
    m.update(kw)
    return m


def _write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


# ---- the real engine on a tiny gold file with a deliberate miss, field error and omission ----

TEXT = (
    "Families paid 300 yuan (U.S. $47) each. Rice cost 5,000 won per kilogram in Hyesan. "
    "He also bought 3 bananas. A fine of $20 was imposed."
)


@pytest.fixture
def tiny_gold(tmp_path: Path) -> Path:
    mentions = [
        _mention(TEXT, "300 yuan", 300, "CNY", per="household", gloss_of=None),
        _mention(TEXT, "U.S. $47", 47, "USD", per="household", gloss_of=0),
        # deliberate field error: the engine (rightly) says KPW
        _mention(TEXT, "5,000 won", 5000, "KRW", per="kg", gloss_of=None),
        # deliberate miss: not money, the engine must not find it
        _mention(TEXT, "3 bananas", 3, "USD", gloss_of=None),
        # "$20" deliberately left out of the gold: a spurious prediction
    ]
    rec = {"id": "tiny", "text": TEXT, "doc_date": "2015-09-30", "mentions": mentions}
    return _write(tmp_path / "gold.jsonl", [rec])


def test_tiny_gold_counts(tiny_gold: Path) -> None:
    fig = sg.figures(_score(tiny_gold))
    assert (fig["gold_mentions"], fig["predicted_mentions"]) == (4, 4)
    assert fig["exact_span"]["tp"] == 3
    assert fig["exact_span"]["precision"] == pytest.approx(0.75)
    assert fig["exact_span"]["recall"] == pytest.approx(0.75)
    assert fig["failures"] == {"missed": 1, "spurious": 1, "partial": 0, "field": 1}


def test_tiny_gold_field_accuracy(tiny_gold: Path) -> None:
    fields = sg.figures(_score(tiny_gold))["fields"]
    assert (fields["currency"]["right"], fields["currency"]["scored"]) == (2, 3)
    assert (fields["value"]["right"], fields["value"]["scored"]) == (3, 3)
    assert (fields["per"]["right"], fields["per"]["scored"]) == (3, 3)
    assert (fields["gloss_of"]["right"], fields["gloss_of"]["scored"]) == (3, 3)
    assert fields["bound"]["scored"] == 0  # this gold does not state bounds
    assert fields["currency"]["precision"] == pytest.approx(2 / 4)


def test_tiny_gold_show_lists_failures(tiny_gold: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert sg.main([str(tiny_gold), "--show", "5"]) == 0
    out = capsys.readouterr().out
    assert "missed 1, spurious 1, partial 0, field 1" in out
    assert "[3 bananas]" in out
    assert "'$20'" in out
    assert "currency: got KPW want KRW" in out


def _score(path: Path) -> Any:
    import moneyx

    tally = sg.Tally()
    for doc in sg.load_gold(path):
        tally.add(sg.score_doc(doc, moneyx.extract_amounts))
    return tally


# ---- the matching and field logic, against a fake extractor ---------------------------------


@dataclass
class FakeMention:
    start: int
    end: int
    text: str
    value: Decimal
    high: Decimal | None = None
    currency: str | None = None
    approx: bool = False
    per: str | None = None
    gloss_of: int | None = None
    bound: str | None = None
    reason: str = "fake"


def _fake(text: str, preds: list[tuple[str, dict[str, Any]]]) -> Any:
    out = []
    for needle, kw in preds:
        s = text.index(needle)
        out.append(FakeMention(s, s + len(needle), needle, **kw))
    return lambda t, doc_date=None, **_: out


FAKE_TEXT = (
    "Fees were about 40 yuan (U.S. $6.30) and 300 yuan (U.S. $47) per head, or between $2 and $3."
)


def _fake_doc(mentions: list[dict[str, Any]]) -> Any:
    return sg.GoldDoc(
        id="f",
        text=FAKE_TEXT,
        doc_date=None,
        mentions=mentions,
        options={},
        optional=frozenset(f for f in sg.OPTIONAL if any(f in m for m in mentions)),
    )


def test_decimal_values_and_overlap_match() -> None:
    gold = [
        _mention(FAKE_TEXT, "40 yuan", 40, "CNY", approx=True),
        _mention(FAKE_TEXT, "U.S. $6.30", 6.3, "USD", approx=True),  # a JSON float
        _mention(FAKE_TEXT, "between $2 and $3", 2, "USD", high=3),
    ]
    preds = [
        ("40 yuan", {"value": Decimal(40), "currency": "CNY", "approx": True}),
        ("U.S. $6.30", {"value": Decimal("6.30"), "currency": "USD", "approx": True}),
        ("$2 and $3", {"value": Decimal(2), "high": Decimal(3), "currency": "USD"}),
    ]
    t = sg.score_doc(_fake_doc(gold), _fake(FAKE_TEXT, preds))
    assert (t.exact, t.overlap) == (2, 3)
    assert t.field_right["value"] == 3
    assert t.field_right["high"] == 3
    assert [f.kind for f in t.failures] == ["partial"]


def test_gloss_of_compares_the_matched_targets() -> None:
    gold = [
        _mention(FAKE_TEXT, "40 yuan", 40, "CNY", gloss_of=None),
        _mention(FAKE_TEXT, "U.S. $6.30", "6.30", "USD", gloss_of=0),
        _mention(FAKE_TEXT, "300 yuan", 300, "CNY", gloss_of=None),
        _mention(FAKE_TEXT, "U.S. $47", 47, "USD", gloss_of=2),
    ]
    # the prediction misses "40 yuan", so its indices are shifted by one against the gold;
    # "U.S. $47" correctly glosses prediction 1 (= gold 2); "U.S. $6.30" claims to gloss
    # "300 yuan", the wrong target.
    preds = [
        ("U.S. $6.30", {"value": Decimal("6.30"), "currency": "USD", "gloss_of": 1}),
        ("300 yuan", {"value": Decimal(300), "currency": "CNY"}),
        ("U.S. $47", {"value": Decimal(47), "currency": "USD", "gloss_of": 1}),
    ]
    t = sg.score_doc(_fake_doc(gold), _fake(FAKE_TEXT, preds))
    assert (t.field_scored["gloss_of"], t.field_right["gloss_of"]) == (3, 2)
    assert sorted(f.kind for f in t.failures) == ["field", "missed"]


# ---- command line ------------------------------------------------------------------------


def test_missing_gold_file_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert sg.main([str(tmp_path / "nope.jsonl")]) == 2
    assert "gold file not found" in capsys.readouterr().err


def test_gold_offsets_are_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = _mention(TEXT, "300 yuan", 300, "CNY")
    bad["end"] += 1
    path = _write(tmp_path / "bad.jsonl", [{"id": "b", "text": TEXT, "mentions": [bad]}])
    assert sg.main([str(path)]) == 2
    assert "does not match the text" in capsys.readouterr().err


def test_min_f1_and_json(tiny_gold: Path, tmp_path: Path) -> None:
    out = tmp_path / "fig.json"
    assert sg.main([str(tiny_gold), "--json", str(out)]) == 0
    fig = json.loads(out.read_text(encoding="utf-8"))
    assert fig["total"]["exact_span"]["f1"] == pytest.approx(0.75)
    assert sg.main([str(tiny_gold), "--min-f1", "0.7"]) == 0
    assert sg.main([str(tiny_gold), "--min-f1", "0.9"]) == 1


# ---- the project's gold files -------------------------------------------------------------


def test_seeds_span_f1_is_one() -> None:
    fig = sg.figures(_score(ROOT / "seeds" / "gold.jsonl"))
    assert fig["gold_mentions"] == 9
    assert fig["exact_span"]["f1"] == 1.0
    assert fig["predicted_mentions"] == 9


@pytest.mark.parametrize(
    ("path", "docs"),
    [
        pytest.param(ROOT / "tests" / "eval" / "dev.jsonl", 50, id="dev"),
        pytest.param(ROOT / "tests" / "eval" / "dev2.jsonl", 70, id="dev2"),
        pytest.param(ROOT / "tests" / "eval" / "dev3.jsonl", 60, id="dev3"),
        pytest.param(ROOT / "tests" / "eval" / "dev4.jsonl", 50, id="dev4"),
        pytest.param(ROOT / "tests" / "eval" / "dev5.jsonl", 50, id="dev5"),
        pytest.param(ROOT / "tests" / "eval" / "dev6.jsonl", 51, id="dev6"),
        pytest.param(ROOT / "tests" / "eval" / "dev7.jsonl", 33, id="dev7"),
        pytest.param(ROOT / "heldout" / "gold.jsonl", 50, id="heldout"),
    ],
)
def test_eval_gold_is_well_formed(path: Path, docs: int) -> None:
    """Offsets match the text and glosses point inside the document (not scored here).

    The optional ``elided`` key (news-dev policy: the currency is not written next to the
    number) is a boolean, and an elided mention's text carries no currency of its own.
    """
    loaded = sg.load_gold(path)
    assert len(loaded) == docs
    assert all(d.optional == {"gloss_of", "bound"} for d in loaded if d.mentions)
    scale = r"(?: ?(?:mln|million|billion|bln|trillion|tln|bn|m|k))?"
    bare = re.compile(r"-?[\d.,]+(?:-[\d.,]+)?(?: to [\d.,]+)?" + scale + r"|[a-z]+")
    for d in loaded:
        for m in d.mentions:
            assert m.get("elided", False) in (True, False), (d.id, m["text"])
            if m.get("elided"):
                assert bare.fullmatch(m["text"]), (d.id, m["text"])
