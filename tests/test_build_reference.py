"""The shipped reference tables are what scripts/build_reference.py makes of the raw files."""

from __future__ import annotations

import csv
import functools
import importlib.util
import io
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT.parent / "shared" / "data" / "kpw"
TABLES = ("nk_wages.csv", "nk_rice_prices.csv")
BUILT = (*TABLES, "REFERENCE_SOURCES.toml")


@functools.cache
def load_script() -> ModuleType:
    path = ROOT / "scripts" / "build_reference.py"
    spec = importlib.util.spec_from_file_location("_moneyx_build_reference", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


needs_raw = pytest.mark.skipif(
    not (RAW / "nk_wages.csv").exists(), reason="raw data ../shared/data/kpw not present"
)


@needs_raw
@pytest.mark.parametrize("name", BUILT)
def test_shipped_table_matches_build(name: str) -> None:
    tables, _skipped = load_script().build(RAW)
    shipped = (ROOT / "rates" / name).read_text(encoding="utf-8")
    assert tables[name] == shipped, f"rates/{name} is stale: run scripts/build_reference.py"


@needs_raw
def test_build_is_deterministic() -> None:
    script = load_script()
    assert script.build(RAW)[0] == script.build(RAW)[0]


@needs_raw
def test_left_out_rows_are_reported() -> None:
    _tables, skipped = load_script().build(RAW)
    assert {s.reason for s in skipped} <= {"no usable date", "no amount stated", "no rice price"}
    assert all(s.line > 1 for s in skipped)


@pytest.mark.parametrize("name", TABLES)
def test_every_row_has_a_source_and_valid_span(name: str) -> None:
    rows = list(csv.DictReader(io.StringIO((ROOT / "rates" / name).read_text(encoding="utf-8"))))
    assert rows
    for row in rows:
        assert row["source"].strip(), row
        assert row["date_from"] <= row["date_to"], row
        if row["currency"] == "KPW":
            assert row["won_unit"] in ("old", "new"), row
        if row["value_high"]:
            assert float(row["value_high"]) >= float(row["value"]), row


def test_parse_span_forms() -> None:
    script = load_script()
    assert [d.isoformat() for d in script.parse_span("2002-06", "t")] == [
        "2002-06-01",
        "2002-06-30",
    ]
    assert [d.isoformat() for d in script.parse_span("1970/1989", "t")] == [
        "1970-01-01",
        "1989-12-31",
    ]
    assert script.parse_span("", "t") is None
    with pytest.raises(script.RawDataError):
        script.parse_span("June 2002", "t")


def test_canonical_place() -> None:
    script = load_script()
    assert script.canonical_place("Hyesan (Ryanggang source)") == "Hyesan"
    assert script.canonical_place("unspecified (Asia Press survey)") == "unspecified"
    assert script.canonical_place("Hyesan / Musan / Hoeryong avg (Asia Press)") == "multiple"
    assert script.canonical_place("North Hamgyong (Asia Press)") == "North Hamgyong"


def test_provenance_file_parses() -> None:
    import tomllib

    data = tomllib.loads((ROOT / "rates" / "REFERENCE_SOURCES.toml").read_text(encoding="utf-8"))
    assert set(data) == {"nk_wages", "nk_rice_prices"}
    for entry in data.values():
        assert entry["rows"] > 0
        paths = [raw["path"] for raw in entry["raw"]]
        # the compiled table and its supplement (shared/data/kpw/supplement, issue 19)
        assert paths == [
            f"shared/data/kpw/{entry['table']}",
            f"shared/data/kpw/supplement/{entry['table']}",
        ]
        assert all(len(raw["sha256"]) == 64 for raw in entry["raw"])


@needs_raw
def test_supplement_rows_are_folded_in() -> None:
    """Every dated supplement row with an amount reaches the tables (nothing dropped)."""
    tables, skipped = load_script().build(RAW)
    sup = RAW / "supplement"
    for name in TABLES:
        with (sup / name).open(encoding="utf-8") as fh:
            sources = {row["source"].strip() for row in csv.DictReader(fh)}
        shipped = {row["source"] for row in csv.DictReader(io.StringIO(tables[name]))}
        assert sources <= shipped, sorted(sources - shipped)[:3]
    assert not [s for s in skipped if s.file.startswith("supplement/")]


@needs_raw
def test_undated_2025_day_wage_gets_its_documented_date() -> None:
    tables, _ = load_script().build(RAW)
    rows = list(csv.DictReader(io.StringIO(tables["nk_wages.csv"])))
    fixed = [r for r in rows if "20250617-4" in r["source"]]
    assert [(r["date_from"], r["date_precision"], r["value"]) for r in fixed] == [
        ("2025-06-17", "day", "20000")
    ]
