"""Survey moneyx.rate_quotes: a generated corpus of our own, and (when present) news-dev texts.

Generated corpus: sentences written from our own templates, each quoting a KPW market rate the
shipped tables hold for a city on a day, moved by a known amount (-5%..+5%) and written in the won
of that day (old won before 2009-11-30); the document is dated that day. rate_quotes should find
every quote and report the deviation that was put in. Gloss pairs ("... 4,000 won (about $0.50)")
check the implied rates the same way.

News: every text of ../shared/data/news-dev/*.jsonl with a document date (a year-only hint is
not used): how many quotes, how many the tables could be set against, and their deviations.

Usage: python scripts/quote_survey.py [--n 300] [--seed 19] [--news DIR]
Never imported by moneyx; prints a summary only.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from moneyx.eras import factor_to_current
from moneyx.quotes import rate_quotes
from moneyx.rates import RateStore

# our own sentence templates; {r} the rate as written, {p} the city
STATED = (
    "Traders in {p} said the market rate stood at {r} won to the dollar this week.",
    "A money changer in {p} quoted {r} won per dollar on Tuesday, sources said.",
    "In {p}, the rate reached {r} won to the dollar, up from last month.",
)
STATED_CNY = (
    "Merchants in {p} said the Chinese currency fetched {r} won per yuan at the market.",
    "In {p} the yuan rate was {r} won per yuan, according to a trader.",
)
GLOSS = "A kilogram of pork sold for {w} won (about ${u}) in {p} markets this week."
CITIES = ("Pyongyang", "Sinuiju", "Hyesan")


def _rows(store: RateStore) -> list[tuple[date, str, str, Decimal]]:
    """KPW market rows of a city, dated to a day: (day, base, city, units per base, new won)."""
    t = store._table  # a maintenance script may read the loaded table directly
    epoch = date(1970, 1, 1)
    out = []
    for r in t[(t.currency == "KPW") & (t.kind == "market")].itertuples():
        if r.place not in CITIES or r.date != r.date_end or r.base not in ("USD", "CNY"):
            continue
        out.append((epoch + timedelta(days=int(r.date)), r.base, r.place, Decimal(r.units)))
    return out


def _fmt(x: Decimal) -> str:
    return f"{x:,.0f}" if x >= 100 else f"{x:,.2f}"


def generated(n: int, seed: int) -> None:
    store = RateStore.default()
    rng = random.Random(seed)
    rows = _rows(store)
    picks = [rows[rng.randrange(len(rows))] for _ in range(n)]
    found = compared = 0
    errors: list[float] = []
    devs: list[float] = []
    for day, base, city, units in picks:
        moved = rng.uniform(-5, 5)
        in_day = units / factor_to_current("KPW", day)  # the won of that day
        written = (in_day * Decimal(1 + moved / 100)).quantize(Decimal(1))
        if written <= 0:
            continue
        tpl = rng.choice(STATED if base == "USD" else STATED_CNY)
        text = tpl.format(p=city, r=_fmt(written))
        got = [q for q in rate_quotes(text, doc_date=day) if q.kind == "quote"]
        if not got:
            continue
        found += 1
        q = got[0]
        if q.deviation_pct is None:
            continue
        compared += 1
        want = float(written / in_day - 1) * 100
        errors.append(abs(float(q.deviation_pct) - want))
        devs.append(float(q.deviation_pct))
    print(f"generated stated quotes: {n} written, {found} found, {compared} set against the tables")
    if errors:
        print(
            f"  deviation: median {statistics.median(devs):+.2f}%, median |error| against the "
            f"deviation written {statistics.median(errors):.3f} points, max {max(errors):.3f}"
        )
    implied = implied_found = 0
    idevs: list[float] = []
    for day, base, city, units in picks:
        if base != "USD" or day < date(2009, 12, 1):
            continue
        implied += 1
        won = Decimal(rng.randrange(20, 200)) * 100
        usd = (won / units).quantize(Decimal("0.01"))
        text = GLOSS.format(w=f"{won:,.0f}", u=usd, p=city)
        got = [q for q in rate_quotes(text, doc_date=day) if q.kind == "implied"]
        if got:
            implied_found += 1
            if got[0].deviation_pct is not None:
                idevs.append(abs(float(got[0].deviation_pct)))
    print(f"generated gloss pairs: {implied} written, {implied_found} implied quotes found")
    if idevs:
        med = statistics.median(idevs)
        print(f"  |deviation| (rounding of the dollar figure): median {med:.2f}%")


def news(folder: Path) -> None:
    files = sorted(folder.glob("*.jsonl"))
    if not files:
        print(f"news: no files in {folder}")
        return
    docs = dated = 0
    quotes = []
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            docs += 1
            if not rec.get("doc_date") or rec.get("lang", "en") not in ("en", "ko"):
                continue
            dated += 1
            quotes += rate_quotes(rec["text"], doc_date=rec["doc_date"], lang=rec.get("lang", "en"))
    stated = [q for q in quotes if q.kind == "quote"]
    implied = [q for q in quotes if q.kind == "implied"]
    print(
        f"news-dev: {docs} texts, {dated} with a date: "
        f"{len(stated)} stated + {len(implied)} implied"
    )
    for label, qs in (("stated", stated), ("implied", implied)):
        devs = [float(q.deviation_pct) for q in qs if q.deviation_pct is not None]
        if devs:
            print(
                f"  {label}: {len(devs)} set against the tables; deviation median "
                f"{statistics.median(devs):+.2f}%, median |deviation| "
                f"{statistics.median(abs(d) for d in devs):.2f}%"
            )
        pairs = sorted({(q.base, q.quote) for q in qs})
        print(f"  {label} pairs: {pairs}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--seed", type=int, default=19)
    here = Path(__file__).resolve().parents[1]
    ap.add_argument("--news", type=Path, default=here.parent / "shared" / "data" / "news-dev")
    args = ap.parse_args()
    generated(args.n, args.seed)
    news(args.news)


if __name__ == "__main__":
    main()
