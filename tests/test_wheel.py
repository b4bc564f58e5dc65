"""``maturin build --release`` makes a wheel that ships the core, the data and the rate tables.

The wheel is built from this checkout (the release build of ``pip install -e .`` is reused, so
this takes seconds after the first build), its file list is checked against the repository's
data and rate files, and a fresh interpreter that imports moneyx from the unpacked wheel (not
from the checkout) loads the core, extracts and normalizes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MATURIN = shutil.which("maturin", path=str(Path(sys.executable).parent)) or shutil.which("maturin")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(MATURIN is None, reason="maturin not installed (the test group has it)"),
]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [str(MATURIN), "build", "--release", "--out", str(out), "--interpreter", sys.executable],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("moneyx_news-*.whl")  # the distribution is moneyx-news
    return found


def test_the_wheel_ships_core_data_and_rates(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert any(n.startswith("moneyx/_core") and n.endswith((".so", ".pyd")) for n in names)
    data = {
        f"moneyx/{p.relative_to(ROOT / 'moneyx').as_posix()}"
        for p in (ROOT / "moneyx" / "data").rglob("*")
        if p.is_file()
    }
    rates = {
        f"moneyx/_rates/{p.relative_to(ROOT / 'rates').as_posix()}"
        for p in (ROOT / "rates").rglob("*")
        if p.is_file()
    }
    assert data
    assert rates
    assert data <= names, sorted(data - names)
    assert rates <= names, sorted(rates - names)
    assert "moneyx/_core.pyi" in names
    assert "moneyx/py.typed" in names
    web = {  # the web app's templates and static files (moneyx-news[web])
        f"moneyx/{p.relative_to(ROOT / 'moneyx').as_posix()}"
        for p in (ROOT / "moneyx" / "web").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert "moneyx/web/templates/index.html" in web
    assert web <= names, sorted(web - names)
    leaked = [
        n for n in names if n.split("/")[0] in ("tests", "benchmarks", "seeds", "core", "scripts")
    ]
    assert not leaked, leaked
    assert not [n for n in names if n.endswith((".pkl", ".pickle"))]


_PROBE = """
import json, moneyx, moneyx._core, moneyx.rates
from moneyx.native import core
ms = moneyx.extract_amounts("Rice was 5,200 won a kilogram in Hyesan.", doc_date="2015-09-30")
conv = moneyx.normalize(ms[0], doc_date="2015-09-30")
cny = moneyx.rates.RateStore.default().lookup("CNY", "2015-09-30")
print(json.dumps({
    "file": moneyx.__file__, "core": moneyx._core.__file__,
    "mentions": [m.text for m in ms], "anchors": core("ko").anchors("쌀 5천원"),
    "usd": str(conv.usd) if conv.usd is not None else None, "note": conv.note,
    "rates": moneyx.rates.__file__, "cny": str(cny.units_per_usd),
}))
"""


def test_moneyx_runs_from_the_unpacked_wheel(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    assert got["file"].startswith(str(site)), got["file"]  # not the checkout
    assert got["core"].startswith(str(site))
    assert got["mentions"] == ["5,200 won"]
    assert got["anchors"] == [(4, 5)] or got["anchors"] == [[4, 5]]
    assert got["usd"] is not None, got["note"]  # the rate tables loaded from the wheel
    assert got["rates"].startswith(str(site))
    assert got["cny"] == "6.3556"  # FRED's CNY on 2015-09-30, from the wheel's _rates
