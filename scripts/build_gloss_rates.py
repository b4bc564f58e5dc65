"""Build ``moneyx/data/gloss_rates.csv``: the yearly band of each currency's rate per USD.

Extraction uses the band to tell which currency a conversion is in ("1 million won (about
$900)" is South Korean won: 1,111 won per dollar is the KRW rate, not the North Korean market
rate of ~8,000). Extraction must not import pandas, so it cannot read the daily tables through
``moneyx.rates``; this script samples them (the 1st and 15th of every month, through
``RateStore.default()`` with the default policy) and writes, per year, currency and kind, the
lowest and highest rate seen.

Columns: ``year,currency,kind,low,high,samples,unit,sources``

* ``low``/``high``: units per USD, in the currency circulating in that year (KPW in old won
  before 2009-11-30: ``unit`` says ``old`` or ``new``; a year that straddles the
  redenomination has one row per unit).
* ``kind``: ``market`` or ``official`` for KPW, ``reference`` for the rest.
* ``sources``: the providers of the sampled quotes (see ``rates/SOURCES.toml``).

Every number comes from ``rates/`` (whose sources ``rates/SOURCES.toml`` lists); nothing is
typed in. Deterministic output; ``--check`` compares with the shipped file instead of writing.

Usage:  python scripts/build_gloss_rates.py [--check]
"""

from __future__ import annotations

import argparse
import csv
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from moneyx.eras import era_of  # noqa: E402
from moneyx.errors import RateNotFoundError  # noqa: E402
from moneyx.rates import RateStore  # noqa: E402

OUT = ROOT / "moneyx" / "data" / "gloss_rates.csv"
FIRST_YEAR = 1980
HEADER = "year,currency,kind,low,high,samples,unit,sources"


def _fmt(x: Decimal) -> str:
    """Four significant digits: a band for plausibility, not a rate to convert with."""
    return f"{float(x):.4g}"


def _last_year() -> int:
    """The last year any rate table in ``rates/`` reaches (not today's: the output must not
    change with the calendar)."""
    last = FIRST_YEAR
    for path in sorted((ROOT / "rates").glob("*.csv")):
        with path.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                day = row.get("date_end") or row.get("date") or row.get("date_to") or ""
                if day[:4].isdigit():
                    last = max(last, int(day[:4]))
    return last


def build() -> str:
    store = RateStore.default()
    last_year = _last_year()
    rows: list[str] = []
    series = [(c, "reference") for c in store.currencies() if c not in ("USD", "KPW")]
    series += [("KPW", "market"), ("KPW", "official")]
    for cur, kind in sorted(series):
        for year in range(FIRST_YEAR, last_year + 1):
            bands: dict[str, tuple[list[Decimal], set[str]]] = {}
            for month in range(1, 13):
                for day in (1, 15):
                    on = date(year, month, day)
                    try:
                        q = store.lookup(cur, on, kind=None if kind == "reference" else kind)
                    except RateNotFoundError:
                        continue
                    units = q.units_per_base
                    unit = ""
                    if cur == "KPW":
                        era = era_of("KPW", on)
                        if era is not None:
                            units = units / era.factor_to_current  # into the won of that day
                            unit = era.unit
                    vals, provs = bands.setdefault(unit, ([], set()))
                    vals.append(units)
                    provs.add(q.provider or q.source.split(" ")[0])
            for unit, (vals, provs) in sorted(bands.items()):
                rows.append(
                    f"{year},{cur},{kind},{_fmt(min(vals))},{_fmt(max(vals))},{len(vals)},"
                    f"{unit},{'; '.join(sorted(provs)).replace(',', ' ')}"
                )
    return HEADER + "\n" + "\n".join(rows) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare with the shipped file")
    args = ap.parse_args()
    text = build()
    if args.check:
        if OUT.read_text("utf-8") != text:
            print(f"{OUT} differs from what the rate tables give; rebuild it", file=sys.stderr)
            return 1
        print(f"{OUT}: up to date")
        return 0
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {OUT} ({text.count(chr(10)) - 1} rows)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
