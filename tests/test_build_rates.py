"""The shipped tables in rates/ are exactly what scripts/build_rates.py makes from ../shared."""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from importlib import resources
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
RAW = SHARED / "data"


def _load_builder():
    spec = importlib.util.spec_from_file_location(
        "build_rates", ROOT / "scripts" / "build_rates.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_rates"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built() -> dict[str, str]:
    if not (RAW / "fx").is_dir() or not (RAW / "kpw").is_dir():
        pytest.skip("../shared/data is not beside the checkout")
    return _load_builder().build(RAW)


def test_shipped_tables_match_build(built):
    stale = [
        n for n, text in built.items() if (ROOT / "rates" / n).read_text(encoding="utf-8") != text
    ]
    assert stale == [], f"run: python scripts/build_rates.py  (stale: {stale})"


def test_build_is_deterministic(built):
    again = _load_builder().build(RAW)
    assert again == built


def test_tables_are_small():
    size = sum(
        (ROOT / "rates" / n).stat().st_size
        for n in (
            "fx_fred.csv",
            "fx_ecb.csv",
            "fx_cbr.csv",
            "fx_monthly.csv",
            "kpw_market.csv",
            "kpw_official.csv",
            "eras.csv",
        )
    )
    assert size < 10_000_000


def test_package_sees_tables_through_resources():
    root = resources.files("moneyx") / "_rates"
    manifest = tomllib.loads((root / "SOURCES.toml").read_text(encoding="utf-8"))
    tables = [
        t for entry in manifest.values() if isinstance(entry, dict) for t in entry.get("tables", [])
    ]
    assert "fx_fred.csv" in tables
    assert all((root / t).is_file() for t in tables)


def test_every_raw_input_has_a_checksum():
    manifest = tomllib.loads((ROOT / "rates" / "SOURCES.toml").read_text(encoding="utf-8"))
    for key, entry in manifest.items():
        if isinstance(entry, dict):
            assert entry["raw"], key
            assert all(len(r["sha256"]) == 64 for r in entry["raw"]), key
            assert entry["licence"], key
            assert entry["url"], key


def test_kpw_rows_cite_a_source():
    import csv

    for name in ("kpw_market.csv", "kpw_official.csv"):
        with open(ROOT / "rates" / name, encoding="utf-8") as fh:
            assert all(row["source"] for row in csv.DictReader(fh)), name



def test_old_won_rows_predate_2010_and_are_divided():
    import csv
    from decimal import Decimal

    with open(ROOT / "rates" / "kpw_market.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    old = [r for r in rows if r["published_unit"] == "old"]
    assert old
    assert all(r["date"] < "2010-01-01" for r in old)
    # in new won a pre-reform market dollar is tens of won, not thousands
    usd = [Decimal(r["units_per_base"]) for r in old if r["base"] == "USD"]
    assert max(usd) < 100


def test_supplement_rows_reach_the_kpw_tables(built):
    """Every supplement row (kpw/supplement, issue 19) is in the KPW tables, flagged or not."""
    import csv
    import io

    for raw, table in (
        ("kpw_market_rates.csv", "kpw_market.csv"),
        ("kpw_official_rates.csv", "kpw_official.csv"),
    ):
        with open(RAW / "kpw" / "supplement" / raw, encoding="utf-8") as fh:
            wanted = {row["source"].strip() for row in csv.DictReader(fh)}
        shipped = {row["source"] for row in csv.DictReader(io.StringIO(built[table]))}
        assert wanted <= shipped, sorted(wanted - shipped)[:3]


def test_supplement_is_checksummed(built):
    manifest = tomllib.loads(built["SOURCES.toml"])
    paths = {r["path"] for key in ("kpw_market", "kpw_official") for r in manifest[key]["raw"]}
    assert {
        "shared/data/kpw/supplement/kpw_market_rates.csv",
        "shared/data/kpw/supplement/kpw_official_rates.csv",
    } <= paths


def test_rows_without_a_year_are_flagged_undated(built):
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(built["kpw_market.csv"])))
    undated = [r for r in rows if r["flag"] == "undated"]
    assert undated
    assert all(r["precision"] == "unknown" for r in undated)


def test_the_won_starts_when_it_was_introduced(built):
    first = built["eras.csv"].splitlines()[1].split(",")
    assert first[:2] == ["KPW", "1947-12-06"]
