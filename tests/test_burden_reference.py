"""Burden ratios against the shipped reference series (wages, rice) and their lookup policy."""

from __future__ import annotations

import csv
from datetime import timedelta
from decimal import Decimal
from importlib import resources

import pytest

from moneyx.burden import burden, lookup_reference
from moneyx.errors import (
    BurdenError,
    RateNotFoundError,
    ReferenceNotFoundError,
    UnknownPlaceError,
)
from moneyx.model import Money
from moneyx.rates import LookupPolicy, Policy

D = Decimal
CENT = D("0.01")
KPW_5M = Money(value=D(5_000_000), currency="KPW")
KPW_50K = Money(value=D(50_000), currency="KPW")


def table_line(table: str, line: int) -> dict[str, str]:
    text = (resources.files("moneyx") / "_rates" / table).read_text(encoding="utf-8")
    reader = csv.DictReader(text.splitlines())
    for row in reader:
        if reader.line_num == line:
            return row
    raise AssertionError(f"{table} has no line {line}")


def test_state_wage_on_a_dated_observation() -> None:
    b = burden(KPW_5M, basis="nk_state_wage", doc_date="2007-02-06")
    assert b.years.quantize(CENT) == D("138.89")
    assert not b.thin
    (ref,) = b.references
    assert ref.date_from.isoformat() == "2007-02-06"
    assert ref.won_unit == "old"
    assert ref.policy == "previous(max_age=1096d)"
    assert "nk_wages.csv line" in b.reference


def test_reported_row_is_the_table_row() -> None:
    b = burden(KPW_5M, basis="nk_state_wage", doc_date="2011-04-20")
    (ref,) = b.references
    row = table_line(ref.table, ref.line)
    assert (row["value"], row["value_high"], row["date_from"]) == ("3000", "4000", "2011-04-01")
    assert row["source"] == ref.source


def test_state_wage_range_gives_years_range() -> None:
    b = burden(
        Money(value=D(360_000), currency="KPW"), basis="nk_state_wage", doc_date="2011-04-20"
    )
    assert b.years.quantize(CENT) == D("7.50")
    assert b.years_high.quantize(CENT) == D("10.00")
    assert b.thin
    assert any("is a range" in n for n in b.notes)


def test_old_won_row_is_not_used_after_the_redenomination() -> None:
    # the market day wage of 2007 (old won) is within three years of 2010-06-01, but in
    # another won; the first new-won market wage is of 2011
    with pytest.raises(ReferenceNotFoundError, match="new won") as info:
        burden(KPW_5M, basis="nk_market_wage", doc_date="2010-06-01")
    assert info.value.requested.isoformat() == "2010-06-01"
    assert isinstance(info.value, RateNotFoundError)


def test_state_wage_after_the_redenomination_is_a_new_won_row() -> None:
    # the supplement's December 2009 new-won scales (sectoral) stand in, said so; the old-won
    # 2008 figure is never rescaled into the new won
    b = burden(KPW_5M, basis="nk_state_wage", doc_date="2010-06-01")
    (ref,) = b.references
    assert (ref.won_unit, ref.date_from.isoformat()) == ("new", "2009-12-01")
    assert any("sectoral" in n for n in b.notes)


def test_sectoral_fallback_is_said() -> None:
    b = burden(KPW_50K, basis="nk_state_wage", doc_date="2015-09-30")
    assert b.thin
    assert b.references[0].detail == "railway workers"
    assert any("sectoral" in n for n in b.notes)


def test_outside_coverage_names_the_neighbours() -> None:
    with pytest.raises(ReferenceNotFoundError, match="next row starts 1970-01-01"):
        burden(KPW_5M, basis="nk_state_wage", doc_date="1965-01-01")


def test_market_wage_is_a_day_wage_and_thin_when_old() -> None:
    b = burden(KPW_50K, basis="nk_market_wage", doc_date="2015-09-30")
    assert b.period == "day"
    assert b.periods.quantize(CENT) == D("5.00")
    assert b.thin
    assert any("728 days before" in n for n in b.notes)


def test_rice_in_a_named_city() -> None:
    b = burden(KPW_50K, basis="rice_kg", doc_date="2015-09-21", place="Hyesan")
    (ref,) = b.references
    assert ref.place == "Hyesan"
    assert ref.date_from.isoformat() == "2015-09-07"
    assert b.kg.quantize(CENT) == D("8.06")
    assert b.years is None
    assert str(b.quantity.units) == "kilogram"


def test_rice_place_fallback_same_province_is_explicit() -> None:
    b = burden(KPW_50K, basis="rice_kg", doc_date="2015-09-30", place="Chongjin")
    (ref,) = b.references
    assert ref.place == "Musan"
    assert b.thin
    assert any("Chongjin" in n and "same province: North Hamgyong" in n for n in b.notes)


def test_rice_place_fallback_nearest_city_is_explicit() -> None:
    b = burden(KPW_50K, basis="rice_kg", doc_date="2015-09-30", place="Wonsan")
    assert b.references[0].place == "Pyongyang"
    assert any("nearest place with data" in n for n in b.notes)


def test_rice_unknown_place_raises() -> None:
    with pytest.raises(UnknownPlaceError, match="Atlantis"):
        burden(KPW_50K, basis="rice_kg", doc_date="2015-09-30", place="Atlantis")


def test_rice_place_alias_is_the_province() -> None:
    # "Yanggang" is the sources' spelling of Ryanggang province, where Hyesan lies
    b = burden(KPW_50K, basis="rice_kg", doc_date="2015-09-21", place="Yanggang")
    assert b.references[0].place == "Hyesan"
    assert any("same province: Ryanggang" in n for n in b.notes)


def test_place_known_only_to_the_table_is_accepted() -> None:
    # "northern region" is no city of nk_places.csv, but rice rows name it
    rows, _notes = lookup_reference("rice_kg", "2008-05-20", place="northern region")
    assert rows


def test_rice_without_place_is_a_range_across_places() -> None:
    b = burden(KPW_50K, basis="rice_kg", doc_date="2015-09-21")
    assert {r.place for r in b.references} == {"Hyesan", "Pyongyang", "Sinuiju"}
    assert b.kg.quantize(CENT) == D("8.06")  # at the dearest city (6,200)
    assert b.kg_high.quantize(CENT) == D("8.33")  # at the cheapest (6,000)
    assert any("range across" in n for n in b.notes)


def test_rice_old_won_row_for_an_old_won_amount() -> None:
    b = burden(KPW_5M, basis="rice_kg", doc_date="2007-06-20", place="Chongjin")
    (ref,) = b.references
    assert (ref.value, ref.won_unit) == (D(1100), "old")
    assert b.kg.quantize(CENT) == D("4545.45")


def test_rice_thin_when_nothing_recent() -> None:
    with pytest.raises(ReferenceNotFoundError, match="max_age=31d"):
        burden(KPW_5M, basis="rice_kg", doc_date="2005-09-30")


def test_policy_max_age_is_honoured() -> None:
    with pytest.raises(ReferenceNotFoundError, match="max_age=10d"):
        burden(
            KPW_50K,
            basis="rice_kg",
            doc_date="2015-09-30",
            policy=Policy(max_age=timedelta(days=10)),
        )


def test_policy_exact_and_nearest() -> None:
    with pytest.raises(ReferenceNotFoundError, match="exact"):
        burden(
            KPW_50K, basis="rice_kg", doc_date="2015-09-30", policy=Policy(mode=LookupPolicy.EXACT)
        )
    rows, _notes = lookup_reference(
        "rice_kg", "2015-10-25", place="Hyesan", policy=Policy(mode=LookupPolicy.NEAREST)
    )
    assert rows[0].date_from.isoformat() == "2015-10-27"
    assert rows[0].age_days == -2


def test_interpolating_policy_rejected() -> None:
    with pytest.raises(BurdenError, match="interpolated"):
        lookup_reference("rice_kg", "2015-09-30", policy=Policy(interpolate=True))


def test_place_with_wage_basis_is_noted() -> None:
    b = burden(KPW_5M, basis="nk_state_wage", doc_date="2007-02-06", place="Hoeryong")
    assert any("national" in n for n in b.notes)


def test_basis_needs_a_date() -> None:
    with pytest.raises(BurdenError, match="doc_date"):
        burden(KPW_5M, basis="rice_kg")


def test_unknown_basis() -> None:
    with pytest.raises(BurdenError, match="unknown basis"):
        burden(KPW_5M, basis="bread_kg", doc_date="2015-09-30")
