"""The core reads the same data files as Python and sees the same data (issue 18, phase 1).

One source of rules: the core parses ``currencies.toml``, ``lexicon/<lang>.toml`` and
``numbers/*.toml`` itself; no word list is written in Rust. These tests hold its view equal to
Python's: every currency surface with its meaning, the scan's word list, every rule's data typed
by the registry, the registry's stages; and a malformed file raises ``DataError`` naming the file
and key, from the core as from Python.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from scan_reference import surfaces as reference_surfaces  # tests/ is on sys.path

from moneyx import _core
from moneyx.errors import DataError
from moneyx.lexicon import Surface, lexicon
from moneyx.native import _data_errors, core, data_texts, rule_data
from moneyx.rules import STAGES, all_rules
from moneyx.rules import rule_data as python_rule_data

LANGS = ["en", "ko", "zh"]


def _same(rust: tuple[str, tuple[str, ...], str, str, str, str, bool], py: Surface) -> bool:
    text, cands, kind, mul, div, key, cs = rust
    return (text, tuple(cands), kind, key, cs) == (
        py.text,
        py.candidates,
        py.kind,
        py.key,
        py.case_sensitive,
    ) and Decimal(mul) / Decimal(div) == py.factor


@pytest.mark.parametrize("lang", LANGS)
def test_the_core_builds_every_surface_python_builds(lang: str) -> None:
    lex = lexicon(lang)
    cs, ci = core(lang).surfaces()
    assert set(cs) == set(lex.surfaces_cs)
    assert set(ci) == set(lex.surfaces_ci)
    wrong = [k for k in cs if not _same(cs[k], lex.surfaces_cs[k])]
    wrong += [k for k in ci if not _same(ci[k], lex.surfaces_ci[k])]
    assert not wrong, f"{len(wrong)} surfaces differ: {wrong[:10]}"
    assert len(cs) + len(ci) > (400 if lang == "en" else 100)


@pytest.mark.parametrize("lang", LANGS)
def test_the_scan_reads_the_lexicons_surfaces(lang: str) -> None:
    lex = lexicon(lang)
    assert core(lang).scan_surfaces() == reference_surfaces(lex)
    assert core(lang).word_boundaries == lex.word_boundaries


@pytest.mark.parametrize("lang", LANGS)
def test_the_cores_rule_data_equals_pythons(lang: str) -> None:
    ours, theirs = rule_data(lang), python_rule_data(lang)
    assert set(ours) == set(theirs)
    differ = []
    for rule_id, keys in theirs.items():
        for key, value in keys.items():
            expected = dict(value) if not isinstance(value, frozenset | tuple | bool) else value
            if ours[rule_id][key] != expected or type(ours[rule_id][key]) is not type(expected):
                differ.append(f"{rule_id}.{key}")
    assert not differ, differ[:10]
    filled = sum(1 for keys in ours.values() for v in keys.values() if v)
    assert filled > (40 if lang == "en" else 3), "hardly any rule data: the check proves little"


def test_the_core_knows_the_registrys_stages() -> None:
    assert _core.stages() == list(STAGES)


def _load(lang: str, **change: str) -> _core.Core:
    texts = data_texts(lang)
    texts.update(change)
    with _data_errors():
        return _core.Core(lang, **texts)  # type: ignore[arg-type]


def test_an_unknown_code_is_named_with_its_file_and_key() -> None:
    lex = str(data_texts("en")["lexicon"]).replace('"RMB" = "CNY"', '"RMB" = "XYZ"')
    with pytest.raises(DataError) as info:
        _load("en", lexicon=lex)
    assert info.value.path == "moneyx/data/lexicon/en.toml"
    assert info.value.key == "code_aliases.RMB"
    assert "XYZ" in info.value.detail


def test_invalid_toml_names_the_file() -> None:
    with pytest.raises(DataError) as info:
        _load("en", currencies="[USD\nnames = 3")
    assert info.value.path == "moneyx/data/currencies.toml"
    assert "invalid TOML" in info.value.detail


def test_a_rule_table_no_rule_reads_is_refused() -> None:
    lex = str(data_texts("en")["lexicon"]) + '\n[veto.no-such-rule]\nwords = ["x"]\n'
    kinds = {r.id: dict(r.reads) for r in all_rules()}
    loaded = _load("en", lexicon=lex)
    with pytest.raises(DataError) as info, _data_errors():
        loaded.rule_data(kinds)
    assert info.value.key == "veto.no-such-rule"


def test_a_value_of_the_wrong_kind_is_refused() -> None:
    kinds = {r.id: dict(r.reads) for r in all_rules()}
    rule_id, key = next(
        (r, k) for r, reads in kinds.items() for k, kind in reads.items() if kind == "words"
    )
    kinds[rule_id][key] = "flag"
    with pytest.raises(DataError) as info, _data_errors():
        core("en").rule_data(kinds)
    assert info.value.key == f"{rule_id}.{key}"


def test_a_conflicting_surface_is_refused() -> None:
    # "won" already means KPW/KRW; a name table giving it one code conflicts
    lex = str(data_texts("en")["lexicon"]) + '\n[names]\nJPY = ["won"]\n'
    with pytest.raises(DataError) as info:
        _load("en", lexicon=lex)
    assert info.value.key == "won"


def test_a_language_without_a_lexicon_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unsupported language"):
        data_texts("xx")
