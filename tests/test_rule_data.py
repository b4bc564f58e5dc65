"""The lexicon's rule tables are checked against the registry: no table without its rule."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

import moneyx.rules as rules
from moneyx.errors import DataError


def _load(monkeypatch: pytest.MonkeyPatch, tables: dict[str, Any]) -> Any:
    monkeypatch.setattr(rules, "lexicon", lambda lang: SimpleNamespace(rules=tables))
    rules.rule_data.cache_clear()
    try:
        return rules.rule_data("xx")
    finally:
        rules.rule_data.cache_clear()


def test_a_table_no_rule_reads_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(DataError, match="no rule of that id reads this table"):
        _load(monkeypatch, {"veto.no-such-rule": {"words": ["x"]}})


def test_a_key_the_rule_does_not_read_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(DataError, match=r"keys no rule reads: \['nexxt'\]"):
        _load(monkeypatch, {"veto.won-verb": {"nexxt": ["the"]}})


def test_a_value_of_the_wrong_kind_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(DataError, match="expected a list of non-empty strings"):
        _load(monkeypatch, {"veto.won-verb": {"next": "the"}})


def test_a_key_left_out_switches_the_rule_off(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _load(monkeypatch, {})
    assert data["veto.won-verb"]["next"] == frozenset()
