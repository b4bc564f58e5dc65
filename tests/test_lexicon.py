"""The language data: ISO validity, no conflicting surfaces, loud errors on bad data."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from moneyx.errors import DataError
from moneyx.lexicon import Surface, _Builder, currencies, known_codes, lexicon
from moneyx.numbers import number_words


def test_every_code_is_three_upper_case_letters() -> None:
    for code in known_codes():
        assert len(code) == 3
        assert code.isalpha()
        assert code.isupper()


def test_every_surface_maps_to_known_codes() -> None:
    lex = lexicon("en")
    codes = known_codes()
    for table in (lex.surfaces_cs, lex.surfaces_ci):
        for key, surface in table.items():
            assert key, key
            assert surface.candidates, key
            assert set(surface.candidates) <= codes, key


def test_the_issue_surfaces_are_known() -> None:
    lex = lexicon("en")
    for written, code in [
        ("U.S. $", "USD"), ("US$", "USD"), ("HK$", "HKD"), ("NT$", "TWD"), ("S$", "SGD"),
        ("A$", "AUD"), ("C$", "CAD"), ("NZ$", "NZD"), ("€", "EUR"), ("£", "GBP"), ("₽", "RUB"),
        ("₹", "INR"), ("元", "CNY"), ("renminbi", "CNY"), ("North Korean won", "KPW"),
        ("South Korean won", "KRW"), ("stg", "GBP"), ("baht", "THB"), ("dong", "VND"),
        ("roubles", "RUB"), ("pounds sterling", "GBP"), ("US cents", "USD"), ("KPW", "KPW"),
    ]:  # fmt: skip
        surface = lex.surface(written)
        assert surface is not None, written
        assert surface.candidates == (code,), written
    for written, cands in [("won", {"KPW", "KRW"}), ("¥", {"CNY", "JPY"}), ("$", {"USD", "AUD"})]:
        surface = lex.surface(written)
        assert surface is not None
        assert cands <= set(surface.candidates)


def test_minor_units_scale_to_the_major_unit() -> None:
    lex = lexicon("en")
    assert lex.surface("cents").factor * 100 == 1
    assert lex.surface("pence").factor * 100 == 1
    assert currencies()["KPW"].minor == ("chon",)


def test_conflicting_surfaces_raise_data_error() -> None:
    b = _Builder("test.toml")
    one = lexicon("en").surface("won").factor
    b.add(Surface("kip", ("LAK",), "name", one, "LAK", False))
    with pytest.raises(DataError) as info:
        b.add(Surface("kip", ("THB",), "name", one, "THB", False))
    assert "kip" in str(info.value)


def test_unknown_language_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="xx"):
        lexicon("xx")


def test_data_files_state_their_source() -> None:
    root = resources.files("moneyx") / "data"
    for rel in ("currencies.toml", "lexicon/en.toml", "numbers/en.toml"):
        text = (root / rel).read_text("utf-8")
        assert text.startswith("#"), rel
        assert "Source" in text.split("\n\n")[0], rel
        tomllib.loads(text)


def test_number_words_have_roles() -> None:
    nw = number_words("en")
    assert nw.small["ninety"] == 90
    assert nw.multipliers["million"] == 10**6
    assert "point" in nw.decimal
