"""Patterns compiled on first use (``matcher.LazyPattern``) and kept on disk (``patcache``).

Neither may change what a pattern matches; a damaged, foreign or unwritable cache only costs a
compile.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import regex

import moneyx
from moneyx import patcache
from moneyx.matcher import LazyPattern, force, grammar, lazy_compile

WORDS = ["yuan", "won", "North Korean won", "dollars"]
PATTERN = r"(?i)(?<!\w)(?P<cur>\L<cur>)(?!\w)"
TEXT = "It cost 300 North Korean WON, or 2 Dollars, not 5 wonders."


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("MONEYX_CACHE_DIR", str(tmp_path))
    patcache.cache_dir.cache_clear()
    yield tmp_path
    patcache.cache_dir.cache_clear()


def _spans(p: regex.Pattern[str]) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m["cur"]) for m in p.finditer(TEXT)]


def _files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.pickle"))


def test_lazy_pattern_compiles_on_first_use_and_matches_as_compiled() -> None:
    lazy = lazy_compile(PATTERN, cur=WORDS)
    assert isinstance(lazy, LazyPattern)
    assert "_compiled" not in vars(lazy)  # nothing compiled yet
    assert _spans(lazy) == _spans(regex.compile(PATTERN, cur=WORDS))
    assert isinstance(force(lazy), regex.Pattern)
    assert lazy.pattern == PATTERN
    assert lazy.groupindex == {"cur": 1}


def test_lazy_pattern_is_immutable_and_pickles_as_its_pattern() -> None:
    lazy = lazy_compile(PATTERN, cur=WORDS)
    with pytest.raises(AttributeError):
        lazy.match = None  # type: ignore[method-assign]
    again = pickle.loads(pickle.dumps(lazy))
    assert isinstance(again, regex.Pattern)
    assert _spans(again) == _spans(force(lazy))


def test_grammar_patterns_are_lazy_and_listed_compiled() -> None:
    from moneyx.extract import all_patterns
    from moneyx.matcher import compiled_patterns

    assert isinstance(grammar("en").per_after, LazyPattern)
    assert all(isinstance(p, regex.Pattern) for p in compiled_patterns("en").values())
    assert all(isinstance(p, regex.Pattern) for p in all_patterns("en").values())


def test_cache_round_trip_gives_the_same_pattern(cache: Path) -> None:
    first = patcache.compile_cached(PATTERN, 0, {"cur": WORDS, "unused": ["x"]})
    (stored,) = _files(cache)
    assert stored.parent.name.startswith(f"regex-{regex.__version__}-")
    loaded = patcache.compile_cached(PATTERN, 0, {"cur": WORDS})  # unused lists do not count
    assert loaded is not first  # read back from the file, not compiled
    assert _spans(loaded) == _spans(first) == _spans(regex.compile(PATTERN, cur=WORDS))
    assert loaded.named_lists == first.named_lists


def test_a_pattern_built_per_call_is_read_from_disk_once(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = patcache.cached_compile(PATTERN, cur=WORDS)
    reads: list[Path] = []
    real = patcache._load
    monkeypatch.setattr(patcache, "_load", lambda *a: reads.append(a[0]) or real(*a))
    assert patcache.cached_compile(PATTERN, cur=list(WORDS)) is first
    assert reads == []
    other = patcache.cached_compile(PATTERN, cur=WORDS[:2])  # other lists: another pattern
    assert len(reads) == 1
    assert len(_spans(other)) < len(_spans(first))


def test_other_lists_or_flags_are_other_entries(cache: Path) -> None:
    a = patcache.compile_cached(PATTERN, 0, {"cur": WORDS})
    b = patcache.compile_cached(PATTERN, 0, {"cur": WORDS[:2]})
    c = patcache.compile_cached(PATTERN, regex.REVERSE, {"cur": WORDS})
    assert len(_files(cache)) == 3
    assert len(_spans(b)) < len(_spans(a))
    assert c.flags & regex.REVERSE


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda p: p.write_bytes(b"not a pickle"), id="garbage"),
        pytest.param(lambda p: p.write_bytes(p.read_bytes()[:40]), id="truncated"),
        pytest.param(lambda p: p.write_bytes(pickle.dumps(regex.compile("other"))), id="other"),
        pytest.param(lambda p: p.write_bytes(pickle.dumps(print)), id="foreign-global"),
        pytest.param(
            lambda p: p.write_bytes(pickle.dumps(regex.compile(PATTERN, cur=["yuan"]))),
            id="other-lists",
        ),
    ],
)
def test_a_damaged_entry_is_compiled_again_and_replaced(cache: Path, damage: object) -> None:
    patcache.compile_cached(PATTERN, 0, {"cur": WORDS})
    (stored,) = _files(cache)
    damage(stored)  # type: ignore[operator]
    again = patcache.compile_cached(PATTERN, 0, {"cur": WORDS})
    assert _spans(again) == _spans(regex.compile(PATTERN, cur=WORDS))
    assert _spans(patcache.compile_cached(PATTERN, 0, {"cur": WORDS})) == _spans(again)


def test_unwritable_cache_still_compiles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("MONEYX_CACHE_DIR", str(blocker))
    patcache.cache_dir.cache_clear()
    try:
        p = patcache.compile_cached(PATTERN, 0, {"cur": WORDS})
    finally:
        patcache.cache_dir.cache_clear()
    assert _spans(p) == _spans(regex.compile(PATTERN, cur=WORDS))


@pytest.mark.parametrize("value", ["off", "", "0"])
def test_cache_off(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("MONEYX_CACHE_DIR", value)
    patcache.cache_dir.cache_clear()
    try:
        assert patcache.cache_dir() is None
        assert _spans(patcache.compile_cached(PATTERN, 0, {"cur": WORDS})) == _spans(
            regex.compile(PATTERN, cur=WORDS)
        )
    finally:
        patcache.cache_dir.cache_clear()


def test_default_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("MONEYX_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    patcache.cache_dir.cache_clear()
    try:
        folder = patcache.cache_dir()
    finally:
        patcache.cache_dir.cache_clear()
    assert folder is not None
    assert folder.parent == tmp_path / "moneyx"


_FRESH = (
    "import moneyx, json, sys; "
    "ms = moneyx.extract_amounts(sys.argv[1], doc_date='2015-06-01'); "
    "print(json.dumps([[m.start, m.end, str(m.value), m.currency, m.per, m.rule] for m in ms]))"
)
_DOC = (
    "Rice sold for 5,000 won a kilogram in Hyesan, up from 4,200 won; "
    "a dollar fetched 8,000 won. The firm paid $1.5 million (about 1.7 billion won) per year."
)


def _fresh(env_dir: str) -> str:
    env = {**os.environ, "MONEYX_CACHE_DIR": env_dir}
    done = subprocess.run(
        [sys.executable, "-c", _FRESH, _DOC], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def test_fresh_processes_give_the_same_mentions_with_a_cold_warm_or_no_cache(
    tmp_path: Path,
) -> None:
    cold = _fresh(str(tmp_path))  # compiles and writes
    assert _files(tmp_path)
    warm = _fresh(str(tmp_path))  # loads
    off = _fresh("off")
    in_process = [
        [m.start, m.end, str(m.value), m.currency, m.per, m.rule]
        for m in moneyx.extract_amounts(_DOC, doc_date="2015-06-01")
    ]
    assert cold == warm == off
    assert json.loads(cold) == in_process


TOML = '[names]\nUSD = ["dollar", "greenback"]\n[rates]\nbase = 1.5\n'


def test_cached_toml_parses_once_and_reads_the_table_back(cache: Path) -> None:
    import tomllib  # noqa: PLC0415

    first = patcache.cached_toml(TOML)
    assert first == tomllib.loads(TOML)
    files = sorted(cache.rglob("toml-*.json"))
    assert len(files) == 1
    # the second read comes from the file: a changed file shows it is the one read
    files[0].write_text(json.dumps({"from": "cache"}), "utf-8")
    assert patcache.cached_toml(TOML) == {"from": "cache"}
    # an edited text is another key, parsed again
    assert patcache.cached_toml(TOML + "x = 2\n")["rates"]["x"] == 2


def test_cached_toml_damaged_or_unwritable_cache_costs_a_parse(cache: Path) -> None:
    patcache.cached_toml(TOML)
    (f,) = sorted(cache.rglob("toml-*.json"))
    f.write_text("{not json", "utf-8")
    assert patcache.cached_toml(TOML)["rates"] == {"base": 1.5}
    with pytest.raises(Exception, match="Invalid|Expected|invalid"):
        patcache.cached_toml("[broken")


def test_cached_toml_with_the_cache_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MONEYX_CACHE_DIR", "off")
    patcache.cache_dir.cache_clear()
    try:
        assert patcache.cached_toml(TOML)["names"]["USD"] == ["dollar", "greenback"]
        assert not list(tmp_path.rglob("*.json"))
    finally:
        patcache.cache_dir.cache_clear()


def test_cached_source_builds_once_then_reads_the_text_back(cache: Path) -> None:
    calls: list[list[str]] = []

    def build(words: list[str]) -> str:
        calls.append(words)
        return "|".join(reversed(words))

    assert patcache.cached_source("test-kind", ["a", "b"], build) == "b|a"
    assert patcache.cached_source("test-kind", ["a", "b"], build) == "b|a"
    assert calls == [["a", "b"]]  # the second came from the file
    # other words or another builder kind are other entries
    assert patcache.cached_source("test-kind", ["a", "c"], build) == "c|a"
    assert patcache.cached_source("other-kind", ["a", "b"], build) == "b|a"
    assert len(calls) == 3
    # a damaged entry is built again (an unreadable file), never trusted blindly
    for f in cache.rglob("src-*.txt"):
        f.write_bytes(b"\xff\xfe")
    assert patcache.cached_source("test-kind", ["a", "b"], build) == "b|a"


def test_cached_source_with_the_cache_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MONEYX_CACHE_DIR", "off")
    patcache.cache_dir.cache_clear()
    try:
        assert patcache.cached_source("k", ["x"], "".join) == "x"
    finally:
        patcache.cache_dir.cache_clear()
