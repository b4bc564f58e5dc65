"""Issue 19: any target currency (``to=``), equal across the scalar, frame, batch and accessor
paths; uncovered targets raise the rates' error; conversions across the 2009 redenomination;
conflicting sources kept visible."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

import moneyx
import moneyx.accessor  # noqa: F401  (registers .moneyx)
from moneyx import Money, Policy, RateStore
from moneyx.batch import convert_frame, document_rows
from moneyx.normalize import normalize, normalize_frame

LENIENT = Policy(strict=False)
TO = ("USD", "KPW", "KRW", "CNY", "JPY", "EUR")

# Sentences written for these tests (dates chosen inside and outside the tables' coverage).
DOCS = [
    ("Traders in Hyesan paid 300 yuan (U.S. $47) for a permit.", "2015-09-30"),
    ("A kilogram of rice cost 5,000 won in a Pyongyang market.", "2019-08-06"),
    ("The firm booked 1.2 billion yen and 40 million euros.", "2012-03-14"),
    ("Before the reform a bag of corn sold for 1,500 North Korean won.", "2009-11-29"),
    ("The smuggler asked 2,000 dollars and 800 yuan.", "2009-11-30"),
    ("An official earned 3,000 won a month in Sinuiju.", "1995-05-10"),
    ("A watch fetched 150,000 South Korean won in Seoul.", "1998-02-03"),
]


def _scalar(text: str, day: str, to: tuple[str, ...]) -> list[list[tuple[str, str | None]]]:
    out = []
    for m in moneyx.extract_amounts(text, doc_date=day):
        if m.currency is None:
            out.append([])
            continue
        conv = normalize(m, doc_date=day, policy=LENIENT, to=to)
        out.append(
            [(t.currency, None if t.value is None else format(t.value, "f")) for t in conv.targets]
        )
    return out


def _from_batch_record(rec: dict, to: tuple[str, ...]) -> list[tuple[str, str | None]]:
    others = dict(p.split(":", 1) for p in (rec.get("targets") or "").split(";") if ":" in p)
    got = []
    for code in to:
        value = rec.get(code.lower()) if code in ("USD", "KPW") else others.get(code) or None
        got.append((code, None if value is None or value == "" else str(value)))
    return got


@pytest.mark.parametrize(("text", "day"), [pytest.param(t, d, id=d) for t, d in DOCS])
def test_batch_equals_scalar(text: str, day: str) -> None:
    want = _scalar(text, day, TO)
    got = [
        _from_batch_record(r, TO) if r["currency"] else []
        for r in document_rows(text, doc_date=day, to=TO)
    ]
    assert got == want


@pytest.mark.parametrize(("text", "day"), [pytest.param(t, d, id=d) for t, d in DOCS])
def test_convert_frame_equals_scalar(text: str, day: str) -> None:
    out = convert_frame(pd.DataFrame({"text": [text]}), text_col="text", date=day, to=TO)
    got = [
        _from_batch_record({k: (None if pd.isna(v) else v) for k, v in r.items()}, TO)
        if isinstance(r["currency"], str)
        else []
        for r in out.to_dict("records")
    ]
    assert got == _scalar(text, day, TO)


@pytest.mark.parametrize(("text", "day"), [pytest.param(t, d, id=d) for t, d in DOCS])
def test_accessor_equals_scalar(text: str, day: str) -> None:
    out = pd.Series([text]).moneyx.extract(doc_date=day, to=TO)
    got = []
    for r in out.to_dict("records"):
        if not isinstance(r["currency"], str):
            got.append([])
            continue
        got.append(
            [
                (code, None if r[code.lower()] is None else format(r[code.lower()], "f"))
                for code in TO
            ]
        )
    assert got == _scalar(text, day, TO)


@pytest.mark.parametrize(("text", "day"), [pytest.param(t, d, id=d) for t, d in DOCS])
def test_normalize_frame_equals_scalar(text: str, day: str) -> None:
    mentions = [m for m in moneyx.extract_amounts(text, doc_date=day) if m.currency]
    df = pd.DataFrame(
        {
            "value": [str(m.value) for m in mentions],
            "high": [None if m.high is None else str(m.high) for m in mentions],
            "currency": [m.currency for m in mentions],
            "doc_date": [day] * len(mentions),
        }
    )
    out = normalize_frame(df, policy=LENIENT, to=TO)
    got = [
        [
            (code, None if row[code.lower()] is None else format(row[code.lower()], "f"))
            for code in TO
        ]
        for row in out.to_dict("records")
    ]
    assert got == [g for g in _scalar(text, day, TO) if g]


def test_cli_convert_to_equals_scalar(tmp_path) -> None:
    from moneyx.cli import main

    src = tmp_path / "in.csv"
    pd.DataFrame({"text": [t for t, _ in DOCS], "date": [d for _, d in DOCS]}).to_csv(
        src, index=False
    )
    dst = tmp_path / "out.csv"
    assert (
        main(
            [
                "convert", str(src), "-o", str(dst), "--text-col", "text", "--date-col", "date",
                "--to", ",".join(TO), "--quiet",
            ]
        )
        == 0
    )  # fmt: skip
    out = pd.read_csv(dst, dtype=str, keep_default_na=False)
    got = [
        _from_batch_record({k: (v or None) for k, v in r.items()}, TO) if r["currency"] else []
        for r in out.to_dict("records")
        if r["status"] == "ok"
    ]
    want = [g for text, day in DOCS for g in _scalar(text, day, TO)]
    assert got == want


def test_each_target_carries_its_own_quotes() -> None:
    conv = normalize(Money(value=300, currency="CNY"), doc_date="2015-09-30", to=("KRW", "JPY"))
    assert [sorted({q.currency for q in t.quotes}) for t in conv.targets] == [
        ["CNY", "KRW"],
        ["CNY", "JPY"],
    ]


def test_usd_and_kpw_stay_the_default() -> None:
    conv = normalize(Money(value=300, currency="CNY"), doc_date="2015-09-30")
    assert [t.currency for t in conv.targets] == ["USD", "KPW"]


def test_fields_not_asked_for_are_empty() -> None:
    conv = normalize(Money(value=300, currency="CNY"), doc_date="2015-09-30", to="KRW")
    assert (conv.usd, conv.kpw) == (None, None)


def test_target_lookup_by_code() -> None:
    conv = normalize(Money(value=300, currency="CNY"), doc_date="2015-09-30", to="usd,krw")
    assert conv.target("krw").value == conv.targets[1].value


def test_target_not_asked_for_is_a_key_error() -> None:
    conv = normalize(Money(value=300, currency="CNY"), doc_date="2015-09-30")
    with pytest.raises(KeyError, match="KRW was not a target"):
        conv.target("KRW")


def test_same_currency_needs_no_rate() -> None:
    conv = normalize(Money(value=300, currency="CNY"), doc_date="2015-09-30", to="CNY")
    assert (conv.targets[0].value, conv.targets[0].quotes) == (Decimal(300), ())


def test_kpw_amount_to_cny_uses_the_direct_market_quote() -> None:
    conv = normalize(Money(value=8000, currency="KPW"), doc_date="2007-02-06", to="CNY")
    (q,) = conv.targets[0].quotes
    assert (q.currency, q.base, conv.targets[0].route) == ("KPW", "CNY", "direct")


def test_uncovered_target_raises_naming_currency_and_bounds() -> None:
    with pytest.raises(moneyx.RateNotFoundError) as err:
        normalize(Money(value=1, currency="USD"), doc_date="1995-06-01", to="EUR")
    e = err.value
    assert (e.currency, e.requested, e.first is not None, e.last is not None) == (
        "EUR",
        date(1995, 6, 1),
        True,
        True,
    )


def test_uncovered_target_is_none_with_reason_when_lenient() -> None:
    conv = normalize(
        Money(value=1, currency="USD"), doc_date="1995-06-01", to=("EUR", "JPY"), policy=LENIENT
    )
    assert [(t.currency, t.value is None) for t in conv.targets] == [("EUR", True), ("JPY", False)]


def test_target_without_any_table_raises() -> None:
    with pytest.raises(moneyx.RateNotFoundError, match="BTN"):
        normalize(Money(value=1, currency="USD"), doc_date="2015-06-01", to="BTN")


# -- the 2009 redenomination -----------------------------------------------------------------


def _kpw_per_usd(day: str) -> Decimal:
    return RateStore.default().lookup("KPW", day).units_per_usd


def test_old_won_amount_to_usd_is_divided_by_100_first() -> None:
    conv = normalize(Money(value=1000, currency="KPW"), doc_date="2009-11-29", to="USD")
    assert conv.usd == Decimal(10) / _kpw_per_usd("2009-11-29")


def test_new_won_amount_the_next_day_is_not() -> None:
    conv = normalize(Money(value=1000, currency="KPW"), doc_date="2009-11-30", to="USD")
    assert conv.usd == Decimal(1000) / _kpw_per_usd("2009-11-30")


def test_usd_to_kpw_before_the_reform_is_in_old_won() -> None:
    conv = normalize(Money(value=1, currency="USD"), doc_date="2009-11-29", to="KPW")
    t = conv.targets[0]
    assert (t.unit, t.value, t.current) == ("old", t.current * 100, _kpw_per_usd("2009-11-29"))


def test_usd_to_kpw_after_the_reform_is_in_new_won() -> None:
    t = normalize(Money(value=1, currency="USD"), doc_date="2009-11-30", to="KPW").targets[0]
    assert (t.unit, t.value) == ("new", t.current)


def test_won_unit_override_reads_an_old_won_figure_in_a_2010_text() -> None:
    conv = normalize(Money(value=1000, currency="KPW"), doc_date="2010-03-01", won_unit="old")
    assert (conv.kpw, conv.kpw_current, conv.era_factor) == (
        Decimal(10),
        Decimal(10),
        Decimal("0.01"),
    )


def test_first_won_era_arithmetic_with_a_users_rate() -> None:
    # 0.012 new won per USD in 1958 = 1.2 old won... = 120 first won (1959 reform x100 and 2009)
    store = RateStore.from_frame(
        pd.DataFrame({"date": ["1958-06-02"], "currency": ["KPW"], "units_per_usd": ["0.012"]})
    )
    t = normalize(
        Money(value=1, currency="USD"), doc_date="1958-06-02", rates=store, to="KPW"
    ).targets[0]
    assert (t.unit, t.value, t.current) == ("first", Decimal(120), Decimal("0.012"))


def test_cny_to_kpw_across_the_reform_keeps_the_quote_in_new_won() -> None:
    before = normalize(Money(value=100, currency="CNY"), doc_date="2009-11-29", to="KPW")
    after = normalize(Money(value=100, currency="CNY"), doc_date="2009-11-30", to="KPW")
    assert (before.kpw_unit, after.kpw_unit, before.kpw == before.kpw_current * 100) == (
        "old",
        "new",
        True,
    )


def test_rub_target_before_1998_is_in_old_rubles() -> None:
    t = normalize(Money(value=1, currency="USD"), doc_date="1995-06-01", to="RUB").targets[0]
    assert (t.unit, t.value) == ("old", t.current * 1000)


def test_redenomination_frame_agrees_with_scalar() -> None:
    days = ["2009-11-27", "2009-11-29", "2009-11-30", "2009-12-01"]
    df = pd.DataFrame(
        {
            "value": ["1000"] * 8,
            "currency": ["KPW"] * 4 + ["CNY"] * 4,
            "doc_date": days * 2,
        }
    )
    out = normalize_frame(df, policy=LENIENT, to=("USD", "KPW", "CNY"))
    want = []
    for row in df.to_dict("records"):
        conv = normalize(
            Money(value=row["value"], currency=row["currency"]),
            doc_date=row["doc_date"],
            policy=LENIENT,
            to=("USD", "KPW", "CNY"),
        )
        want.append([t.value for t in conv.targets])
    assert [[r["usd"], r["kpw"], r["cny"]] for r in out.to_dict("records")] == want


# -- conflicting sources -----------------------------------------------------------------------


def test_conflicting_source_is_kept_and_said() -> None:
    q = RateStore.default().lookup("KPW", "2019-08-06")
    assert (q.provider, Decimal(9463)) == (
        "Daily NK (sheet)",
        next(c.units_per_base for c in q.conflicts if c.provider == "Asia Press"),
    )


def test_conflict_appears_in_the_conversion_note() -> None:
    conv = normalize(Money(value=5000, currency="KPW"), doc_date="2019-08-06", to="USD")
    assert "conflicting KPW/USD quotes: Asia Press 9463 KPW/USD on 2019-08-06" in conv.note


def test_sources_that_agree_are_no_conflict() -> None:
    assert RateStore.default().lookup("KPW", "2015-09-30").conflicts == ()


def test_official_rates_conflict_on_any_difference() -> None:
    q = RateStore.default().lookup("KPW", "2010-01-15", kind="official")
    assert [c.units_per_base for c in q.conflicts] == [Decimal("98.3")]
