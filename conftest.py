"""Test-session setup shared by ``tests/`` and the doctests under ``moneyx/``.

The compiled-pattern cache (``moneyx.patcache``) goes to a folder of this session, removed at
the end, unless ``MONEYX_CACHE_DIR`` is set: the suite never writes to the user's
``~/.cache``, and every run starts with an empty cache (so the compiling path is what it tests,
and the fresh interpreters it starts load what an earlier one wrote).
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

_OWN_CACHE: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    """Point the pattern cache at a folder of this session unless the caller chose one."""
    if "MONEYX_CACHE_DIR" not in os.environ:
        folder = tempfile.mkdtemp(prefix="moneyx-test-cache-")
        _OWN_CACHE.append(folder)
        os.environ["MONEYX_CACHE_DIR"] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the session's own cache folder."""
    for folder in _OWN_CACHE:
        shutil.rmtree(folder, ignore_errors=True)
        os.environ.pop("MONEYX_CACHE_DIR", None)
