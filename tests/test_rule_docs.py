"""The README's currency ladder and docs/rules.md are generated from the rule registry."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_rule_docs_match_the_registry() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_rule_docs.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_every_rule_is_documented_with_an_example() -> None:
    from moneyx.rules import all_rules

    for r in all_rules():
        assert r.summary, r.id
        assert r.example, r.id
