"""The distribution name is ours on the package index; the import and the command stay moneyx.

``pip install moneyx`` installs an unrelated project that owns that name on PyPI, so moneyx is
distributed as ``moneyx-news`` (checked free with ``pip download --no-deps moneyx-news``: "No
matching distribution"). Every install line of the README must use that name.
"""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DIST = "moneyx-news"


def _project() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        project = tomllib.load(f)["project"]
    assert isinstance(project, dict)
    return project


def test_the_distribution_is_not_named_like_the_other_project() -> None:
    project = _project()
    assert project["name"] == DIST
    assert project["scripts"] == {"moneyx": "moneyx.cli:main"}


def test_the_wheel_ships_the_moneyx_package() -> None:
    with (ROOT / "pyproject.toml").open("rb") as f:
        wheel = tomllib.load(f)["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["packages"] == ["moneyx"]


def test_every_readme_install_line_uses_the_distribution_name() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    installs = re.findall(r"pip install\s+(?!-)[\"']?([A-Za-z0-9_.\-]+)(\[[^\]]*\])?", readme)
    assert installs, "the README gives no install line"
    assert {name for name, _ in installs} == {DIST}
    extras = re.findall(r"\bmoneyx(?:-news)?\[(\w+)\]", readme)
    optional = _project()["optional-dependencies"]
    assert isinstance(optional, dict)
    assert extras, "the README names no extra"
    assert set(extras) <= set(optional), "an extra the distribution does not define"
    assert "moneyx[" not in readme, "an extra named on the other project's distribution"


def test_the_installed_distribution_provides_the_command() -> None:
    try:
        dist = importlib.metadata.distribution(DIST)
    except importlib.metadata.PackageNotFoundError:
        pytest.skip(f"{DIST} is not installed here (run from an install of this checkout)")
    scripts = {e.name: e.value for e in dist.entry_points if e.group == "console_scripts"}
    assert scripts == {"moneyx": "moneyx.cli:main"}
