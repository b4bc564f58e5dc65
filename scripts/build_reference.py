"""Build moneyx's reference tables (wages, rice prices) from the raw research files.

Reads ``nk_wages.csv`` and ``nk_rice_prices.csv`` from the raw data directory (by default
``../shared/data/kpw`` beside the checkout), then the files of the same name in its
``supplement/`` folder (same header and conventions: gap-filling rows, see its README), and
writes, in the project's own tidy schema:

* ``rates/nk_wages.csv``  one row per stated wage:
  ``date_from,date_to,date_precision,series,detail,place,currency,per,value,value_high,won_unit,
  source``
* ``rates/nk_rice_prices.csv``  one row per (observation, good):
  ``date_from,date_to,date_precision,good,price_kind,price_label,place,place_label,currency,per,
  value,value_high,won_unit,provider,source``

Conventions:
* ``date_from``/``date_to`` is the span the source's date covers (a day, a month, a year or a
  stated period), both inclusive, ISO dates.
* ``value``/``value_high`` are in the won circulating on the row's date (``won_unit`` = ``old``
  before 2009-11-30, ``new`` after; 100 old = 1 new), exactly as the source states them; a
  range keeps both ends, a single figure leaves ``value_high`` empty.
* ``series`` (wages) is one of ``state_wage``, ``market_wage`` (day labour), ``market_income``
  (traders' earnings), ``household_income``, ``enterprise_wage``, ``joint_venture_wage``,
  ``overseas_wage``, ``special_zone_wage`` (Kaesong, in USD), ``farm_distribution``, ``pension``;
  ``detail`` names a sector when the source gives one (a sectoral figure is not the average
  state wage, and lookups keep the two apart); a qualifier of ``per`` ("year (per farmer)")
  goes to ``detail`` too.
* ``date_precision`` ``unknown`` marks a row whose year the source does not show (date
  ``2004/2005``); it stays in the table and lookups never use it.
* One dating fix, documented by the supplement's README: the main table's undated 2025
  day-labour row is Daily NK Korean of 2025-06-17 (``DATE_FIXES``).
* ``place`` is a canonical place (a city, ``unspecified``, a region, or ``multiple``);
  ``place_label`` keeps the raw label when it differs.
* ``source`` is the citation (URL or repository path) of the raw row, unchanged.

Rows the raw files carry without a usable date or without an amount cannot be looked up and
are left out; the script reports each one it leaves out on stderr (nothing is dropped silently).
Free-text notes of the raw files are not copied.

Output is deterministic: rows sorted, numbers written as the source's exact decimals,
``\\n`` line endings. ``--check`` compares with the shipped files instead of writing.

Usage:  python scripts/build_reference.py [--raw DIR] [--out DIR] [--check]
"""

from __future__ import annotations

import argparse
import calendar
import csv
import hashlib
import io
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_RAW = ROOT.parent / "shared" / "data" / "kpw"
DEFAULT_OUT = ROOT / "rates"

WAGE_COLUMNS = (
    "date_from",
    "date_to",
    "date_precision",
    "series",
    "detail",
    "place",
    "currency",
    "per",
    "value",
    "value_high",
    "won_unit",
    "source",
)
RICE_COLUMNS = (
    "date_from",
    "date_to",
    "date_precision",
    "good",
    "price_kind",
    "price_label",
    "place",
    "place_label",
    "currency",
    "per",
    "value",
    "value_high",
    "won_unit",
    "provider",
    "source",
)

# Raw wage `kind` (before any parenthetical) -> our series.
WAGE_SERIES = {
    "state_wage": "state_wage",
    "market_day_wage": "market_wage",
    "market_income": "market_income",
    "market_day_income": "market_income",
    "market_household_income": "household_income",
    "enterprise_wage": "enterprise_wage",
    "joint_venture_wage": "joint_venture_wage",
    "overseas_worker": "overseas_wage",
    "special_zone_wage": "special_zone_wage",
    "farm_cash_distribution": "farm_distribution",
    "pension": "pension",
}
# Raw files read, in order: the compiled tables, then the supplement of the same name.
PARTS = ("", "supplement/")
# Dating fixes a later source documents: (file, raw date, raw kind, amount_low) -> (date,
# date_precision, citation added to the source).
DATE_FIXES = {
    ("nk_wages.csv", "2025", "market_day_wage", "20000"): (
        "2025-06-17",
        "day",
        "https://www.dailynk.com/20250617-4/ (date per shared/data/kpw/supplement/README.md)",
    ),
}
# Cities that appear as a place of their own in the raw files.
CITIES = frozenset(
    {"Pyongyang", "Sinuiju", "Hyesan", "Chongjin", "Hoeryong", "Musan", "Rason", "Nampo", "Sunchon"}
)


class RawDataError(ValueError):
    """A raw row cannot be read (names the file, the line and the problem)."""


@dataclass(frozen=True)
class Skipped:
    """A raw row left out of the output, and why."""

    file: str
    line: int
    reason: str


def parse_span(raw: str, where: str) -> tuple[date, date] | None:
    """Turn a raw date ('YYYY', 'YYYY-MM', 'YYYY-MM-DD', 'A/B') into an inclusive span."""
    raw = raw.strip()
    if not raw:
        return None
    if "/" in raw:
        a, b = raw.split("/", 1)
        first = parse_span(a, where)
        last = parse_span(b, where)
        if first is None or last is None:
            raise RawDataError(f"{where}: bad period {raw!r}")
        return first[0], last[1]
    parts = raw.split("-")
    try:
        nums = [int(p) for p in parts]
    except ValueError as exc:
        raise RawDataError(f"{where}: bad date {raw!r}") from exc
    if len(nums) == 1:
        return date(nums[0], 1, 1), date(nums[0], 12, 31)
    if len(nums) == 2:
        last_day = calendar.monthrange(nums[0], nums[1])[1]
        return date(nums[0], nums[1], 1), date(nums[0], nums[1], last_day)
    if len(nums) == 3:
        day = date(nums[0], nums[1], nums[2])
        return day, day
    raise RawDataError(f"{where}: bad date {raw!r}")


def number(raw: str, where: str) -> str:
    """Validate a raw decimal and return it in a fixed canonical form ('' stays '')."""
    raw = raw.strip()
    if not raw:
        return ""
    try:
        value = Decimal(raw)
    except InvalidOperation as exc:
        raise RawDataError(f"{where}: not a number: {raw!r}") from exc
    if not value.is_finite() or value < 0:
        raise RawDataError(f"{where}: not a non-negative finite number: {raw!r}")
    text = format(value.normalize(), "f")
    return text


def canonical_place(label: str) -> str:
    """Map a raw place label to a canonical place (city, region, 'unspecified' or 'multiple')."""
    base = label.split("(", 1)[0].strip()
    if base in CITIES:
        return base
    lowered = base.lower()
    if not base or lowered.startswith(("unspecified", "national")):
        return "unspecified"
    if "/" in base:
        return "multiple"
    if lowered == "yanggang":
        return "Ryanggang"
    return base


def price_kind(label: str) -> str:
    """Classify a raw price label: 'market', 'state' or 'ceiling'."""
    lowered = label.lower()
    if "ceiling" in lowered:
        return "ceiling"
    if lowered.startswith("state"):
        return "state"
    if "market" in lowered:
        return "market"
    raise RawDataError(f"unknown price type {label!r}")


def read_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """Read a raw CSV as (line number, row) pairs."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return [(reader.line_num, row) for row in reader]


def _label(path: Path) -> str:
    """The name a raw file is reported under: 'nk_wages.csv' or 'supplement/nk_wages.csv'."""
    return f"supplement/{path.name}" if path.parent.name == "supplement" else path.name


def build_wages(path: Path, skipped: list[Skipped]) -> list[dict[str, str]]:
    """Return the tidy wage rows for the raw wage file."""
    out: list[dict[str, str]] = []
    for line, row in read_rows(path):
        where = f"{_label(path)}:{line}"
        fix = DATE_FIXES.get(
            (_label(path), row["date"].strip(), row["kind"].strip(), row["amount_low"].strip())
        )
        if fix is not None:
            row = {**row, "date": fix[0], "date_precision": fix[1]}
            row["source"] = f"{row['source'].strip()}; {fix[2]}"
        span = parse_span(row["date"], where)
        if span is None:
            skipped.append(Skipped(_label(path), line, "no usable date"))
            continue
        value = number(row["amount_low"], where)
        if not value:
            skipped.append(Skipped(_label(path), line, "no amount stated"))
            continue
        kind = row["kind"].strip()
        key, _, rest = kind.partition("(")
        series = WAGE_SERIES.get(key.strip())
        if series is None:
            raise RawDataError(f"{where}: unknown wage kind {kind!r}")
        currency = row["currency"].strip().upper()
        won_unit = row["won_unit"].strip()
        if currency == "KPW" and won_unit not in ("old", "new"):
            raise RawDataError(f"{where}: KPW row without won_unit")
        if currency != "KPW" and won_unit:
            raise RawDataError(f"{where}: won_unit on a {currency} row")
        per, _, per_note = row["per"].partition("(")
        detail = "; ".join(x for x in (rest.rstrip(")").strip(), per_note.rstrip(")").strip()) if x)
        out.append(
            {
                "date_from": span[0].isoformat(),
                "date_to": span[1].isoformat(),
                "date_precision": row["date_precision"].strip(),
                "series": series,
                "detail": detail,
                "place": "unspecified",
                "currency": currency,
                "per": per.strip(),
                "value": value,
                "value_high": number(row["amount_high"], where),
                "won_unit": won_unit,
                "source": row["source"].strip(),
            }
        )
    return out


def build_rice(path: Path, skipped: list[Skipped]) -> list[dict[str, str]]:
    """Return the tidy rice/corn price rows for the raw rice file (one row per good)."""
    out: list[dict[str, str]] = []
    for line, row in read_rows(path):
        where = f"{_label(path)}:{line}"
        span = parse_span(row["date"], where)
        if span is None:
            skipped.append(Skipped(_label(path), line, "no usable date"))
            continue
        won_unit = row["won_unit"].strip()
        if won_unit not in ("old", "new"):
            raise RawDataError(f"{where}: bad won_unit {won_unit!r}")
        label = row["city"].strip()
        place = canonical_place(label)
        for good, low_col, high_col in (
            ("rice", "kpw_per_kg", "kpw_per_kg_high"),
            ("corn", "corn_kpw_per_kg", "corn_kpw_per_kg_high"),
        ):
            value = number(row[low_col], where)
            if not value:
                if good == "rice":
                    skipped.append(Skipped(_label(path), line, "no rice price"))
                continue
            out.append(
                {
                    "date_from": span[0].isoformat(),
                    "date_to": span[1].isoformat(),
                    "date_precision": row["date_precision"].strip(),
                    "good": good,
                    "price_kind": price_kind(row["price_type"]),
                    "price_label": row["price_type"].strip(),
                    "place": place,
                    "place_label": "" if label == place else label,
                    "currency": "KPW",
                    "per": "kg",
                    "value": value,
                    "value_high": number(row[high_col], where),
                    "won_unit": won_unit,
                    "provider": row["provider"].strip(),
                    "source": row["source"].strip(),
                }
            )
    return out


def _sort_key(columns: Sequence[str]) -> object:
    def key(row: dict[str, str]) -> tuple[object, ...]:
        return tuple(
            (Decimal(row[c]) if row[c] else Decimal(-1)) if c in ("value", "value_high") else row[c]
            for c in columns
        )

    return key


def render(rows: Iterable[dict[str, str]], columns: Sequence[str]) -> str:
    """Render rows as CSV text with a fixed column order, sorted, '\\n' line endings."""
    ordered = sorted(rows, key=_sort_key(columns))  # type: ignore[arg-type]
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(ordered)
    return buf.getvalue()


PROVENANCE_HEADER = """\
# Provenance of the reference tables rates/nk_wages.csv and rates/nk_rice_prices.csv
# (written by scripts/build_reference.py; do not edit). Each row of those tables names its own
# source (URL or repository path) in its `source` column; this file records the raw research files
# the tables were built from, their sha256, and the rows left out (no usable date or amount).
# Values are in the won circulating on the row's date (won_unit old/new; 100 old = 1 new on
# 2009-11-30); nothing is estimated or interpolated. Facts compiled from the cited publications;
# see each row's source for its terms.
"""


def provenance(raw_dir: Path, tables: dict[str, str], skipped: Sequence[Skipped]) -> str:
    """Render REFERENCE_SOURCES.toml: raw inputs, their sha256, row counts, rows left out."""
    lines = [PROVENANCE_HEADER]
    for name in ("nk_wages.csv", "nk_rice_prices.csv"):
        key = name.removesuffix(".csv")
        lines.append(f"[{key}]")
        lines.append(f'table = "{name}"')
        lines.append(f"rows = {tables[name].count(chr(10)) - 1}")
        lines.append("")
        for part in PARTS:
            raw = f"{part}{name}"
            digest = hashlib.sha256((raw_dir / raw).read_bytes()).hexdigest()
            lines.append(f"[[{key}.raw]]")
            lines.append(f'path = "shared/data/kpw/{raw}"')
            lines.append(f'sha256 = "{digest}"')
            lines.append(
                'described_in = "shared/data/kpw/'
                + ("supplement/README.md" if part else "SOURCES.md")
                + '"'
            )
            left = [f"line {s.line}: {s.reason}" for s in skipped if s.file == raw]
            lines.append("left_out = [" + ", ".join(f'"{x}"' for x in left) + "]")
            lines.append("")
    return "\n".join(lines)


def build(raw_dir: Path) -> tuple[dict[str, str], list[Skipped]]:
    """Build every reference table (and its provenance file) in memory.

    Returns:
        (file name -> text, rows left out with their reason).
    """
    skipped: list[Skipped] = []
    wages: list[dict[str, str]] = []
    rice: list[dict[str, str]] = []
    for part in PARTS:
        wages += build_wages(raw_dir / f"{part}nk_wages.csv", skipped)
        rice += build_rice(raw_dir / f"{part}nk_rice_prices.csv", skipped)
    tables = {
        "nk_wages.csv": render(wages, WAGE_COLUMNS),
        "nk_rice_prices.csv": render(rice, RICE_COLUMNS),
    }
    tables["REFERENCE_SOURCES.toml"] = provenance(raw_dir, tables, skipped)
    return tables, skipped


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument(
        "--raw", type=Path, default=DEFAULT_RAW, help="raw data dir (../shared/data/kpw)"
    )
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output dir (rates/)")
    ap.add_argument("--check", action="store_true", help="compare with the files in --out")
    args = ap.parse_args(argv)
    tables, skipped = build(args.raw)
    for s in skipped:
        print(f"left out {s.file}:{s.line}: {s.reason}", file=sys.stderr)
    status = 0
    for name, text in tables.items():
        target = args.out / name
        if args.check:
            same = target.exists() and target.read_text(encoding="utf-8") == text
            print(f"{name}: {'up to date' if same else 'DIFFERS'}")
            status |= 0 if same else 1
        else:
            target.write_text(text, encoding="utf-8", newline="")
            print(f"wrote {target}")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
