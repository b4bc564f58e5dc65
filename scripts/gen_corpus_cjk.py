"""Generate a synthetic Korean or Chinese news corpus about North Korean markets (deterministic).

The Korean and Chinese counterpart of ``scripts/gen_corpus.py``: dense money sentences (market
prices per kilogram, wages per month, exchange rates, ranges, hedges and bounds, parenthetical
conversions) mixed with filler prose and near misses that are not money (dates, counts,
percentages, words that hold a numeral), so that the benchmarks can set the speed of Korean and
Chinese text against English text of the same kind. Every template was written for this project;
no sentence is taken from any other source.

Usage::

    python scripts/gen_corpus_cjk.py --lang ko -o /tmp/nk-ko.csv [--docs 2000] [--seed 20151001]

The output CSV has the leading columns of the shared corpora (``doc_id,date,title,text``); the
same arguments always produce byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from datetime import date, timedelta
from pathlib import Path

DEFAULT_SEED = 20151001
DEFAULT_DOCS = 2000

# per language: places, goods (name, low, high price in won per kilogram), money templates,
# filler and near misses; {p} a place, {g} a good, {a}/{b} prices, {w} a wage, {r} a rate
TEMPLATES: dict[str, dict[str, list[str]]] = {
    "ko": {
        "places": [
            "혜산",
            "신의주",
            "청진",
            "회령",
            "평성",
            "함흥",
            "원산시",
            "사리원",
            "강계",
            "온성",
        ],
        "goods": ["쌀", "옥수수", "밀가루", "콩", "감자", "설탕", "돼지고기", "콩기름"],
        "money": [
            "{p} 장마당에서 {g} 1kg은 {a}원에 거래됐다.",
            "{p}의 {g} 가격은 kg당 {a}원으로 지난주보다 {d}원 올랐다.",
            '소식통은 "요즘 {g}는 1kg에 {a}원 정도 한다"고 말했다.',
            "{p} 시장의 달러 환율은 {r}원으로 조사됐다.",
            "공장 노동자의 월급은 {w}원 수준이다.",
            "{g} 가격은 {a}에서 {b}원 사이에서 오르내렸다.",
            "밀수꾼은 국경경비대에 {y}위안가량을 건넨다고 한다.",
            "중개인은 한 사람당 {k}만원이 넘는 돈을 요구했다.",
            "북한 노동자의 임금은 월 {u}달러, 우리 돈으로 약 {x}만원이다.",
            "{p}에서는 휘발유 1리터가 북한 돈 {a}원에 팔렸다.",
        ],
        "filler": [
            "당국은 최근 {p} 시장 입구에서 단속을 강화했다고 소식통이 전했다.",
            "주민들은 저녁에 몇 시간만 전기를 쓸 수 있다고 한다.",
            "국경 지역에서는 중국과의 밀수가 다시 늘고 있다.",
            "{p}에서는 새 아파트 공사가 크게 늦어지고 있다.",
            "이 소식통은 단속이 언제 끝날지 알 수 없다고 덧붙였다.",
        ],
        "near": [
            "이번 행사는 {n}주년을 맞아 {year}년 {m}월에 열렸다.",
            "약 {c}명의 주민이 철도 보수 공사에 동원됐다.",
            "물가는 지난 {m}개월 동안 {n}% 올랐다.",
            "회사원과 사무원 {c}명이 행사에 참가했다.",
        ],
    },
    "zh": {
        "places": [
            "惠山",
            "新义州",
            "清津",
            "会宁",
            "平城",
            "咸兴",
            "沙里院",
            "江界",
            "罗先",
            "稳城",
        ],
        "goods": ["大米", "玉米", "面粉", "大豆", "土豆", "白糖", "猪肉", "豆油"],
        "money": [
            "{p}市场上{g}每公斤售价为{a}朝元。",
            "据消息人士透露，{p}的{g}价格为每公斤{a}朝元，比上周上涨了{d}朝元。",
            "{p}市场的美元汇率为1美元兑{r}朝元。",
            "工厂工人的月薪约为{w}朝元。",
            "{g}价格在{a}至{b}朝元之间波动。",
            "走私商向边防军支付约{y}元人民币。",
            "中介向每人收取超过{k}万元的费用。",
            "朝鲜劳工的月薪约为{u}美元，约合人民币{z}元。",
            "该公司去年营业收入达{q}亿元，净利润约{t}亿元。",
            "一部中国产手机在{p}卖{y}元左右。",
        ],
        "filler": [
            "当局最近加强了对{p}市场的检查，消息人士说。",
            "居民们每天晚上只能用几个小时的电。",
            "边境地区与中国的走私活动再次增加。",
            "{p}新建公寓的工程进度严重滞后。",
            "消息人士补充说，不知道管控何时结束。",
        ],
        "near": [
            "活动于{year}年{m}月举行，纪念建党{n}周年。",
            "约{c}名居民被动员参加铁路维修。",
            "过去{m}个月物价上涨了{n}%。",
            "这是一元化管理的结果，共有{c}人参加。",
        ],
    },
}


def _fill(template: str, rng: random.Random, lang: str) -> str:
    t = TEMPLATES[lang]
    a = rng.randrange(1500, 9000, 50)
    return template.format(
        p=rng.choice(t["places"]),
        g=rng.choice(t["goods"]),
        a=a,
        b=a + rng.randrange(100, 1500, 50),
        d=rng.randrange(50, 500, 10),
        r=rng.randrange(7000, 9500, 50),
        w=rng.randrange(2000, 5000, 100),
        y=rng.randrange(100, 3000, 50),
        k=rng.randrange(100, 900, 10),
        u=rng.randrange(80, 400, 5),
        x=rng.randrange(10, 50),
        z=rng.randrange(500, 3000, 10),
        q=rng.randrange(10, 900),
        t=rng.randrange(1, 90),
        n=rng.choice([60, 65, 70, 75]),
        year=rng.randrange(1995, 2025),
        m=rng.randrange(1, 12),
        c=rng.randrange(100, 5000, 10),
    )


def generate(lang: str, n_docs: int, seed: int) -> list[tuple[str, str, str, str]]:
    """Return ``n_docs`` rows (doc_id, date, title, text) of generated ``lang`` news."""
    rng = random.Random(seed)
    t = TEMPLATES[lang]
    day0 = date(2010, 1, 1)
    rows = []
    for i in range(n_docs):
        sentences = []
        for _ in range(rng.randrange(8, 16)):
            kind = rng.random()
            pool = t["money"] if kind < 0.45 else t["filler"] if kind < 0.8 else t["near"]
            sentences.append(_fill(rng.choice(pool), rng, lang))
        sep = " " if lang == "ko" else ""
        day = day0 + timedelta(days=rng.randrange(0, 5000))
        title = _fill(rng.choice(t["filler"]), rng, lang)
        rows.append((f"{lang}-{i:05d}", day.isoformat(), title, sep.join(sentences)))
    return rows


def main(argv: list[str] | None = None) -> int:
    """Write the corpus CSV."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lang", choices=sorted(TEMPLATES), required=True)
    ap.add_argument("-o", "--output", type=Path, required=True)
    ap.add_argument("--docs", type=int, default=DEFAULT_DOCS)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args(argv)
    rows = generate(args.lang, args.docs, args.seed)
    with args.output.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["doc_id", "date", "title", "text"])
        w.writerows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
