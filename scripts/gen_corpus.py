"""Generate a synthetic, seeds-like news corpus about North Korean markets (deterministic).

The benchmarks need a *dense* corpus of the kind moneyx is built for (won, yuan and dollar prices,
wages, parenthetical glosses such as "300 yuan (U.S. $47)") next to the sparse real newswire of
Reuters-21578 and BBC News. No such corpus can be redistributed, so this script writes one from
templates authored for this project (no sentence is taken from any other source).

Every document mixes money sentences with filler prose and with "near misses" that must not be
money (years, counts, anniversaries, the verb "won", weights), so that the text exercises both the
anchors and the vetoes.

The output CSV has the same leading columns as the shared corpora (``doc_id,date,title,text``).
With ``--gold`` the script also writes one JSON line per document with the mentions the templates
inserted (start, end, text, value, high, currency, approx, per, gloss_of). That gold follows the
API conventions (hedges outside the span, a gloss is its own mention); it is a rough yardstick for
recall on generated text, not a substitute for ``seeds/gold.jsonl``.

Usage::

    python scripts/gen_corpus.py -o /tmp/nk.csv [--docs 2000] [--seed 20151001] \
        [--gold /tmp/nk.jsonl]

The same ``--docs``/``--seed`` always produce byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

DEFAULT_SEED = 20151001
DEFAULT_DOCS = 2000

PLACES = [
    "Hyesan",
    "Sinuiju",
    "Chongjin",
    "Hoeryong",
    "Musan",
    "Rason",
    "Hamhung",
    "Wonsan",
    "Kanggye",
    "Pyongsong",
    "Nampho",
    "Kimchaek",
    "Manpo",
    "Onsong",
    "Sariwon",
]
PROVINCES = [
    "Ryanggang",
    "North Hamgyong",
    "South Hamgyong",
    "North Pyongan",
    "South Pyongan",
    "Jagang",
    "Kangwon",
    "North Hwanghae",
]
SOURCES = [
    "a resident of {place}",
    "a source in {province} province",
    "a trader who crosses into China",
    "a factory worker in {place}",
    "a market vendor in {place}",
    "a defector now living in Seoul",
    "a smuggler based near the Tumen river",
    "an official at the {place} people's committee",
]
# (name, unit noun for "per", low, high price in new won) -- prices in North Korean won
GOODS_KPW = [
    ("rice", "kg", 4000, 6500),
    ("corn", "kg", 1500, 2800),
    ("pork", "kg", 11000, 16000),
    ("soybean oil", "litre", 9000, 14000),
    ("sugar", "kg", 6000, 9000),
    ("gasoline", "kg", 8000, 15000),
    ("diesel", "kg", 6000, 12000),
    ("wheat flour", "kg", 3500, 6000),
    ("eggs", "dozen", 9000, 15000),
    ("potatoes", "kg", 800, 1600),
]
# (name, low, high price in Chinese yuan), big-ticket goods
GOODS_CNY = [
    ("a Chinese-made mobile phone", 600, 2500),
    ("a used bicycle", 150, 400),
    ("a television set", 800, 2200),
    ("a solar panel", 200, 900),
    ("a sack of fertilizer", 60, 150),
    ("a motorcycle", 3000, 9000),
    ("a laptop computer", 1500, 4000),
    ("a rice cooker", 200, 600),
]
WORD_UNITS = {
    1: "one",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
    12: "twelve",
    15: "fifteen",
    20: "twenty",
    30: "thirty",
    50: "fifty",
}
FILLER = [
    "Authorities have stepped up inspections at the market gates, {source} said.",
    "The crackdown began shortly after a meeting of local party cadres in {place}.",
    "Residents say electricity is available for only a few hours each evening.",
    "Border guards have been rotated more often this year to stop them from taking bribes.",
    "Many families now rely on relatives who work in China for their daily needs.",
    "The {place} market closes at dusk, and vendors are told to leave their stalls empty.",
    "Students were mobilized for farm work in {province} province for several weeks.",
    "Officials did not explain why the order was issued, {source} added.",
    "Construction of the new apartment blocks has fallen far behind schedule.",
    "Trucks carrying coal were seen lined up near the customs post at dawn.",
    "People are afraid to speak openly about the shortages, the source said.",
    "The rainy season damaged roads leading into the city from the north.",
]
NEAR_MISSES = [
    "The campaign marks the {ordinal} anniversary of the founding of the party in 1945.",
    "More than {count} people were mobilized to repair the railway line in {year}.",
    "Some {count} new homes were promised by {year}, but few have been finished.",
    "A local team won the provincial football title in {year}.",
    "The contract was won by a state trading company from {place}.",
    "Each household was told to hand in {n} pounds of scrap metal by the end of the month.",
    "The prison camp near {place} has held prisoners for more than {n} years.",
    "Inflation in the markets rose by {n} percent over the {n2} months to October.",
    "The building has {n}-{n2} stories and was finished in {year}.",
]
TITLES = [
    "Prices of {good} climb in {place} markets",
    "{place} residents ordered to pay for anniversary projects",
    "Traders in {province} feel the squeeze from new border rules",
    "Wages at state factories fall behind market prices",
    "Smuggling fees rise as border security tightens near {place}",
    "Yuan and dollar gain against the won in {place}",
    "Households in {place} pressed for donations",
]
ORDINALS = ["60th", "65th", "70th", "75th"]


@dataclass
class Doc:
    """A document under construction: text pieces plus the gold mentions inserted so far."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    gold: list[dict[str, object]] = field(default_factory=list)

    def add(self, s: str) -> None:
        self.parts.append(s)
        self.length += len(s)

    def money(
        self,
        surface: str,
        value: Decimal,
        currency: str,
        *,
        high: Decimal | None = None,
        approx: bool = False,
        per: str | None = None,
        gloss_of: int | None = None,
    ) -> int:
        start = self.length
        self.add(surface)
        self.gold.append(
            {
                "start": start,
                "end": start + len(surface),
                "text": surface,
                "value": str(value),
                "high": None if high is None else str(high),
                "currency": currency,
                "approx": approx,
                "per": per,
                "gloss_of": gloss_of,
            }
        )
        return len(self.gold) - 1

    def text(self) -> str:
        return "".join(self.parts)


# The gold's ``per`` is the canonical unit name (text keeps the newswire spelling).
PER_CANONICAL = {"litre": "liter"}


def per_label(unit: str) -> str:
    return PER_CANONICAL.get(unit, unit)


def fmt_int(n: int) -> str:
    return f"{n:,}"


def round_price(rng: random.Random, lo: int, hi: int) -> int:
    step = 100 if hi >= 2000 else 10
    return rng.randrange(lo // step, hi // step + 1) * step


def number_surface(rng: random.Random, n: int) -> str:
    """Write n the ways newswire does: 1,200,000 / 1.2 million / five million."""
    if n >= 1_000_000 and n % 100_000 == 0:
        m = Decimal(n) / Decimal(1_000_000)
        choice = rng.random()
        if choice < 0.4 and m == m.to_integral_value() and int(m) in WORD_UNITS:
            return f"{WORD_UNITS[int(m)]} million"
        if choice < 0.8:
            return f"{m.normalize():f} million"
    if n >= 1000 and n % 1000 == 0 and rng.random() < 0.15 and n // 1000 in WORD_UNITS:
        return f"{WORD_UNITS[n // 1000]} thousand"
    return fmt_int(n)


def fill(rng: random.Random, template: str, place: str, province: str) -> str:
    source = rng.choice(SOURCES).format(place=place, province=province)
    return template.format(
        place=place,
        province=province,
        source=source,
        ordinal=rng.choice(ORDINALS),
        count=fmt_int(rng.choice([500, 2000, 10000, 50000, 200000])),
        year=rng.randrange(1998, 2021),
        n=rng.randrange(2, 30),
        n2=rng.randrange(31, 60),
    )


def kpw_per_cny(rng: random.Random, year: int) -> int:
    base = 1200 if year >= 2010 else 150
    return base + rng.randrange(-40, 41) * (10 if year >= 2010 else 1)


def sentence_market_price(doc: Doc, rng: random.Random, place: str, year: int) -> None:
    good, unit, lo, hi = rng.choice(GOODS_KPW)
    scale = 1 if year >= 2010 else 100  # old won before the 2009 redenomination
    price = round_price(rng, lo, hi) * scale
    form = rng.randrange(4)
    if form == 0:
        doc.add(f"At the {place} market, {good} sold for ")
        doc.money(f"{fmt_int(price)} won", Decimal(price), "KPW", per=per_label(unit))
        doc.add(f" per {unit} last week, {rng.choice(['up', 'down'])} from a month earlier. ")
    elif form == 1:
        doc.add(f"One {unit} of {good} now costs about ")
        doc.money(
            f"{fmt_int(price)} North Korean won",
            Decimal(price),
            "KPW",
            approx=True,
            per=per_label(unit),
        )
        doc.add(f" in {place}, a trader said. ")
    elif form == 2:
        hi_price = price + rng.choice([500, 1000, 2000]) * scale
        doc.add(f"Vendors in {place} were asking ")
        doc.money(
            f"{fmt_int(price)}-{fmt_int(hi_price)} won",
            Decimal(price),
            "KPW",
            high=Decimal(hi_price),
            per=per_label(unit),
        )
        doc.add(f" a {unit} for {good}. ")
    else:
        doc.add(f"The price of {good} has reached ")
        doc.money(f"{fmt_int(price)} won", Decimal(price), "KPW", per=per_label(unit))
        doc.add(f" per {unit} in {place}, up from ")
        old = max(price - rng.choice([300, 500, 1000]) * scale, 100)
        doc.money(f"{fmt_int(old)} won", Decimal(old), "KPW", per=per_label(unit))
        doc.add(" in the spring. ")


def sentence_yuan_gloss(doc: Doc, rng: random.Random, place: str, year: int) -> None:
    item, lo, hi = rng.choice(GOODS_CNY)
    cny = round_price(rng, lo, hi)
    usd = (Decimal(cny) / Decimal("6.5")).quantize(Decimal(1))
    form = rng.randrange(3)
    if form == 0:
        doc.add(f"In {place}, {item} goes for ")
        i = doc.money(f"{fmt_int(cny)} yuan", Decimal(cny), "CNY")
        doc.add(" (")
        doc.money(f"U.S. ${usd}", usd, "USD", gloss_of=i)
        doc.add("), several months of income for an ordinary family. ")
    elif form == 1:
        kpw = cny * kpw_per_cny(rng, year)
        doc.add("Smugglers charge ")
        i = doc.money(f"{fmt_int(cny)} Chinese yuan", Decimal(cny), "CNY")
        doc.add(" (")
        doc.money(f"{number_surface(rng, kpw)} won", Decimal(kpw), "KPW", gloss_of=i)
        doc.add(f" in North Korean currency) to bring {item} across the river. ")
    else:
        doc.add("Families were each told to pay ")
        i = doc.money(f"{fmt_int(cny)} yuan", Decimal(cny), "CNY", per="household")
        doc.add(" (")
        doc.money(f"${usd}", usd, "USD", per="household", gloss_of=i)
        doc.add(f") toward the new road in {place}. ")


def sentence_wage(doc: Doc, rng: random.Random, place: str, year: int) -> None:
    scale = 1 if year >= 2010 else 100
    # State wages stayed at a few thousand won in both old and new won (they were not rescaled
    # in proportion to market prices), so the same range serves every year.
    wage_old = rng.choice([2000, 2500, 3000, 3500, 4000, 5000])
    form = rng.randrange(3)
    if form == 0:
        doc.add(f"A worker at a state factory in {place} earns a monthly wage of ")
        doc.money(f"{fmt_int(wage_old)} won", Decimal(wage_old), "KPW", per="month")
        doc.add(", barely enough for a kilogram of rice. ")
    elif form == 1:
        doc.add("Official salaries remain around ")
        doc.money(f"{fmt_int(wage_old)} won", Decimal(wage_old), "KPW", approx=True, per="month")
        doc.add(" a month, while market traders can make ")
        big = rng.choice([100_000, 200_000, 300_000, 500_000]) * scale
        doc.money(f"{number_surface(rng, big)} won", Decimal(big), "KPW", per="month")
        doc.add(" a month. ")
    else:
        usd = rng.choice([80, 100, 120, 150, 200])
        doc.add("Workers dispatched to Chinese seafood plants are promised ")
        doc.money(f"${usd}", Decimal(usd), "USD", per="month")
        doc.add(" a month, but most of it goes to the state, said ")
        doc.add(rng.choice(SOURCES).format(place=place, province=rng.choice(PROVINCES)))
        doc.add(". ")


def sentence_exchange(doc: Doc, rng: random.Random, place: str, year: int) -> None:
    rate = kpw_per_cny(rng, year)
    usd_rate = rate * rng.choice([6, 7, 8]) + rng.randrange(0, 10) * 10
    form = rng.randrange(2)
    if form == 0:
        doc.add("One Chinese yuan traded for ")
        doc.money(f"{fmt_int(rate)} won", Decimal(rate), "KPW")
        doc.add(f" in {place} this week, and one U.S. dollar for ")
        doc.money(f"{fmt_int(usd_rate)} won", Decimal(usd_rate), "KPW")
        doc.add(". ")
    else:
        doc.add("Money changers in ")
        doc.add(place)
        doc.add(" quoted ")
        doc.money(f"{fmt_int(usd_rate)} North Korean won", Decimal(usd_rate), "KPW")
        doc.add(" to the dollar, a level unchanged since the summer. ")


def sentence_bribe(doc: Doc, rng: random.Random, place: str, year: int) -> None:
    scale = 1 if year >= 2010 else 100
    form = rng.randrange(3)
    if form == 0:
        amount = rng.choice([1, 2, 3, 5, 10]) * 1_000_000 * scale
        doc.add("To avoid being sent to a labor camp, his family paid a bribe of ")
        doc.money(f"{number_surface(rng, amount)} won", Decimal(amount), "KPW")
        doc.add(". ")
    elif form == 1:
        lo = rng.choice([3000, 5000, 8000])
        hi_ = lo + rng.choice([2000, 4000, 7000])
        doc.add("Brokers now demand between ")
        doc.money(f"${fmt_int(lo)} and ${fmt_int(hi_)}", Decimal(lo), "USD", high=Decimal(hi_))
        doc.add(" to arrange an escape to China, up from a year ago. ")
    else:
        amount = rng.choice([50, 100, 200, 300, 500])
        doc.add(f"Each household in {place} was ordered to donate ")
        doc.money(f"{amount} yuan", Decimal(amount), "CNY", per="household")
        doc.add(" for the anniversary celebrations, and those who could not pay faced eviction. ")


SENTENCE_KINDS = [
    sentence_market_price,
    sentence_market_price,
    sentence_yuan_gloss,
    sentence_wage,
    sentence_exchange,
    sentence_bribe,
]


def make_doc(rng: random.Random, doc_id: int) -> tuple[dict[str, str], list[dict[str, object]]]:
    place = rng.choice(PLACES)
    province = rng.choice(PROVINCES)
    day = date(2005, 1, 1) + timedelta(days=rng.randrange(0, 15 * 365))
    title = rng.choice(TITLES).format(place=place, province=province, good=rng.choice(GOODS_KPW)[0])
    doc = Doc()
    n_paragraphs = rng.randrange(3, 8)
    for p in range(n_paragraphs):
        for _ in range(rng.randrange(2, 5)):
            r = rng.random()
            if r < 0.45:
                rng.choice(SENTENCE_KINDS)(doc, rng, place, day.year)
            elif r < 0.65:
                doc.add(fill(rng, rng.choice(NEAR_MISSES), place, province) + " ")
            else:
                doc.add(fill(rng, rng.choice(FILLER), place, province) + " ")
        if p < n_paragraphs - 1:
            doc.add("\n\n")
    text = doc.text().rstrip()
    gold = [g for g in doc.gold if int(g["end"]) <= len(text)]  # type: ignore[call-overload]
    row = {"doc_id": f"nk{doc_id:05d}", "date": day.isoformat(), "title": title, "text": text}
    return row, gold


def generate(n_docs: int, seed: int) -> tuple[list[dict[str, str]], list[dict[str, object]]]:
    """Return (rows, gold) for n_docs documents from the given seed."""
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    golds: list[dict[str, object]] = []
    for i in range(1, n_docs + 1):
        row, gold = make_doc(rng, i)
        for g in gold:
            assert row["text"][int(g["start"]) : int(g["end"])] == g["text"], g  # type: ignore[call-overload]
        rows.append(row)
        golds.append({"doc_id": row["doc_id"], "doc_date": row["date"], "mentions": gold})
    return rows, golds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--output", type=Path, required=True, help="CSV to write")
    ap.add_argument("--docs", type=int, default=DEFAULT_DOCS, help="number of documents")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    ap.add_argument("--gold", type=Path, help="also write per-document gold mentions (JSONL)")
    args = ap.parse_args(argv)
    rows, golds = generate(args.docs, args.seed)
    with args.output.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["doc_id", "date", "title", "text"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    if args.gold:
        with args.gold.open("w", encoding="utf-8") as f:
            for g in golds:
                f.write(json.dumps(g, ensure_ascii=False, sort_keys=True) + "\n")
    n_chars = sum(len(r["text"]) for r in rows)
    n_mentions = sum(len(g["mentions"]) for g in golds)  # type: ignore[arg-type]
    print(
        f"wrote {len(rows)} docs, {n_chars:,} chars, {n_mentions:,} gold mentions to {args.output}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
