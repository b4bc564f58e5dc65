"""`moneyx explain` and `moneyx rules` on the command line."""

from __future__ import annotations

import json

import pytest

from moneyx.cli import main


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    got = capsys.readouterr()
    return code, got.out, got.err


def test_explain_lists_kept_and_vetoed_candidates_with_their_rules(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(["explain", "The parcel weighs 12 pounds and costs 80 yuan."], capsys)
    assert code == 0
    assert "'80 yuan': KEPT, CNY" in out
    assert "trace: candidate.suffix" in out
    assert "'12 pounds': VETOED by veto.pound-weight" in out


def test_explain_names_the_document_context_rules(capsys: pytest.CaptureFixture[str]) -> None:
    text = "PYONGYANG, May 2 (KCNA) - A bag of flour sold for 9,000 won at the stall."
    code, out, _ = run(["explain", text], capsys)
    assert code == 0
    assert out.splitlines()[-1].startswith("document context: ")
    assert "context.dateline" in out.splitlines()[-1]


def test_explain_json_carries_mentions_vetoes_and_context(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = "PYONGYANG, May 2 (KCNA) - It weighs 3 pounds and sold for 9,000 won."
    code, out, _ = run(["explain", text, "--format", "json"], capsys)
    record = json.loads(out)
    assert code == 0
    assert [m["text"] for m in record["mentions"]] == ["9,000 won"]
    assert [v["rule"] for v in record["vetoed"]] == ["veto.pound-weight"]
    assert "context.dateline" in record["context"]


def test_explain_with_a_rule_switched_off(capsys: pytest.CaptureFixture[str]) -> None:
    text = "The parcel weighs 12 pounds."
    _, out, _ = run(["explain", text, "--disable", "veto.pound-weight"], capsys)
    assert "'12 pounds': KEPT, GBP" in out


def test_explain_without_amounts_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["explain", "Nothing to see here."], capsys)
    assert code == 0
    assert out.strip() == "no candidate amounts in this text"


def test_rules_lists_a_stage(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rules", "veto"], capsys)
    assert code == 0
    assert "veto.pound-weight" in out
    assert "veto.digit-overflow" in out
