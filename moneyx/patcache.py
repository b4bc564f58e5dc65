"""Keep compiled ``regex`` patterns on disk, so a fresh process does not compile them again.

``regex`` compiles in Python: the patterns of one language (long named lists of currency names
and per nouns) take ~0.6 s of CPU to compile, about as long as extracting the first megabyte,
and every new process (a CLI call, a batch worker, the web app) paid it again. A compiled
pattern pickles as its compiled code (``regex`` registers ``_regex.compile`` with ``copyreg``),
so this module stores that code once per pattern and a later process loads it in microseconds.

* Where: ``$MONEYX_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/moneyx`` (``~/.cache/moneyx``),
  in a folder per ``regex`` and Python version; ``MONEYX_CACHE_DIR=off`` (or empty) turns the
  cache off. Nothing is shipped: the cache is written by the first process that compiles.
* Safe: a file is named by the SHA-256 of everything the compiled code depends on (the
  ``regex`` and Python versions, the pattern, its flags and the named lists it uses), written
  atomically, read with an unpickler that admits only ``_regex.compile``, and checked on
  load (same pattern text, same named lists). A missing, stale or unreadable file is compiled
  again; a cache that cannot be written is skipped. The output never depends on the cache.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import logging
import os
import pickle
import sys
import threading
import tomllib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, cast

import regex

__all__ = ["cache_dir", "cached_compile", "cached_toml", "compile_cached"]

logger = logging.getLogger(__name__)

_LIST_REF = regex.compile(r"\\L<(\w+)>")
_OFF = ("", "0", "off", "none")


@functools.cache
def cache_dir() -> Path | None:
    """Return the folder of this ``regex`` and Python version's patterns (None: cache off).

    Read once per process from ``MONEYX_CACHE_DIR`` (``off`` or empty: no cache) or
    ``XDG_CACHE_HOME`` (default ``~/.cache``).
    """
    env = os.environ.get("MONEYX_CACHE_DIR")
    if env is not None:
        if env.strip().lower() in _OFF:
            return None
        base = Path(env)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = (Path(xdg) if xdg else Path.home() / ".cache") / "moneyx"
    py = f"{sys.implementation.name}{sys.version_info[0]}{sys.version_info[1]}"
    return base / f"regex-{regex.__version__}-{py}"


def compile_cached(
    pattern: str, flags: int, lists: Mapping[str, Iterable[str]]
) -> regex.Pattern[str]:
    r"""Compile ``pattern`` with the named ``lists``, or load its compiled code from the cache.

    Args:
        pattern: The pattern text.
        flags: ``regex`` flags.
        lists: Named lists; those the pattern does not use are ignored.

    Returns:
        The compiled pattern, the same as ``regex.compile`` returns.

    Raises:
        regex.error: The pattern is invalid.

    Example:
        >>> compile_cached(r"\L<w>", 0, {"w": ["yuan"]}).match("yuan").group()
        'yuan'

    """
    used = {name: list(lists[name]) for name in _LIST_REF.findall(pattern) if name in lists}
    folder = cache_dir()
    if folder is None:
        return _compile(pattern, flags, used)
    path = folder / f"{_key(pattern, flags, used)}.pickle"
    loaded = _load(path, pattern, used)
    if loaded is not None:
        return loaded
    compiled = _compile(pattern, flags, used)
    _store(path, compiled)
    return compiled


def cached_compile(pattern: str, flags: int = 0, /, **lists: Iterable[str]) -> regex.Pattern[str]:
    r"""Compile ``pattern`` as ``regex.compile`` does, through the cache (``compile_cached``).

    The engine's own patterns (built from rule data once per language) load from the cache in a
    fresh process instead of compiling again, and once per process: a later call with the same
    pattern, flags and lists returns the pattern already loaded.

    Example:
        >>> cached_compile(r"(?i)\d+ yuan").match("5 Yuan").group()
        '5 Yuan'

    """
    key = (str(cache_dir()), pattern, flags, tuple((k, tuple(v)) for k, v in sorted(lists.items())))
    if (hit := _MEMO.get(key)) is None:
        hit = _MEMO[key] = compile_cached(pattern, flags, lists)
    return hit


# the patterns this process already holds: a pattern built per call (headings read from rule
# data) is loaded from the disk cache once, not once per document
_MEMO: dict[tuple[str, str, int, tuple[tuple[str, tuple[str, ...]], ...]], regex.Pattern[str]] = {}


def cached_toml(text: str) -> dict[str, Any]:
    """Parse TOML ``text`` as ``tomllib.loads`` does, or load the parsed table from the cache.

    The lexicon files take ~60 ms to parse in Python, a fifth of a fresh process's first call.
    The table is kept as JSON (plain data: nothing in it runs on load), named by the SHA-256 of
    the text and the Python version, so an edited file is parsed again. A table JSON cannot
    hold (a TOML date) is not cached.

    Raises:
        tomllib.TOMLDecodeError: The text is not valid TOML.

    Example:
        >>> cached_toml('a = [1, "x"]')
        {'a': [1, 'x']}

    """
    folder = cache_dir()
    if folder is None:
        return tomllib.loads(text)
    h = hashlib.sha256((sys.version + "\0toml\0" + text).encode("utf-8", "surrogatepass"))
    path = folder / f"toml-{h.hexdigest()}.json"
    try:
        loaded = json.loads(path.read_text("utf-8"))
        if isinstance(loaded, dict):
            return loaded
    except (OSError, ValueError):
        pass  # absent or damaged: parsed again, and replaced
    table = tomllib.loads(text)
    try:
        data = json.dumps(table, ensure_ascii=False).encode("utf-8")
    except (TypeError, ValueError):
        return table
    _write(path, data)
    return table


def cached_source(kind: str, words: Iterable[str], build: Callable[[list[str]], str]) -> str:
    """Return ``build(words)``, a pattern source built from words, or read it from the cache.

    A trie over a language's cue words takes milliseconds to build in Python on every fresh
    process; the source is kept as text named by the SHA-256 of ``kind``, the words in order
    and the Python version (``kind`` names the builder and its options: a changed builder
    takes a new ``kind``).

    Example:
        >>> cached_source("demo-join", ["a", "b"], "|".join)
        'a|b'

    """
    items = list(words)
    folder = cache_dir()
    if folder is None:
        return build(items)
    key = "\0".join((sys.version, "source", kind, *items))
    path = folder / f"src-{hashlib.sha256(key.encode('utf-8', 'surrogatepass')).hexdigest()}.txt"
    try:
        return path.read_text("utf-8")
    except (OSError, ValueError):
        pass  # absent or damaged: built again, and replaced
    source = build(items)
    _write(path, source.encode("utf-8", "surrogatepass"))
    return source


def _compile(pattern: str, flags: int, used: dict[str, list[str]]) -> regex.Pattern[str]:
    # the stubs cannot type named lists passed as keywords
    return regex.compile(pattern, flags, ignore_unused=True, **used)  # type: ignore[arg-type]


def _key(pattern: str, flags: int, used: Mapping[str, list[str]]) -> str:
    h = hashlib.sha256()
    for part in (regex.__version__, sys.version, pattern, str(flags)):
        h.update(part.encode("utf-8", "surrogatepass") + b"\0")
    for name in sorted(used):
        h.update(b"\1" + name.encode() + b"\0")
        for entry in used[name]:
            h.update(entry.encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()


class _Unpickler(pickle.Unpickler):
    """Admit only what a pickled ``regex`` pattern holds: ``_regex.compile`` and plain data."""

    def find_class(self, module: str, name: str) -> object:
        if (module, name) in (("regex._regex", "compile"), ("_regex", "compile")):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"unexpected global {module}.{name} in a pattern cache")


def _load(path: Path, pattern: str, used: Mapping[str, list[str]]) -> regex.Pattern[str] | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        loaded = _Unpickler(io.BytesIO(data)).load()
    except Exception as exc:  # noqa: BLE001  # a damaged file is compiled again, and replaced
        logger.debug("unreadable pattern cache %s: %s", path, exc)
        return None
    if not isinstance(loaded, regex.Pattern) or loaded.pattern != pattern:
        logger.debug("pattern cache %s holds another pattern", path)
        return None
    named = cast("Mapping[str, frozenset[str]]", loaded.named_lists)
    if set(named) - set(used) or any(named[k] != frozenset(used[k]) for k in named):
        logger.debug("pattern cache %s holds other named lists", path)
        return None
    return cast("regex.Pattern[str]", loaded)


def _store(path: Path, compiled: regex.Pattern[str]) -> None:
    _write(path, pickle.dumps(compiled, protocol=pickle.HIGHEST_PROTOCOL))


def _write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # a name of this process and thread alone: writers never share a temporary file
        tmp = path.with_name(f".{path.stem}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            tmp.write_bytes(data)
            os.replace(tmp, path)  # atomic: a reader sees the whole file or none
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError as exc:  # a read-only home, a full disk: the pattern is still compiled
        logger.debug("cannot write the pattern cache %s: %s", path, exc)
