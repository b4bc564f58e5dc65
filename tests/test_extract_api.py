"""The argument contract of ``extract_amounts`` and ``gloss_pairs``: bad input fails clearly."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

import moneyx
from moneyx import extract_amounts

# --------------------------------------------------------------------------- TypeError for non-str


@pytest.mark.parametrize(
    "bad",
    [None, b"300 yuan", bytearray(b"300 yuan"), 300, 3.5, ["300 yuan"], Decimal(300)],
    ids=lambda v: type(v).__name__,
)
def test_non_str_text_raises_type_error(bad: object) -> None:
    with pytest.raises(TypeError) as info:
        extract_amounts(bad)  # type: ignore[arg-type]
    msg = str(info.value)
    assert "str" in msg, f"message should say a str is expected: {msg!r}"
    assert type(bad).__name__ in msg, f"message should name the type given: {msg!r}"


def test_str_subclass_is_accepted() -> None:
    class Text(str):
        pass

    got = extract_amounts(Text("It cost 300 yuan."))
    assert [m.text for m in got] == ["300 yuan"]


# --------------------------------------------------------------------------- ValueError for options


@pytest.mark.parametrize(
    "default",
    [{"won": "XYZ"}, {"won": "KPWX"}, {"won": ""}, {"yuan": "RMB"}],
    ids=["unknown-code", "too-long", "empty", "not-iso"],
)
def test_unknown_default_currency_code_raises(default: dict[str, str]) -> None:
    code = next(iter(default.values()))
    with pytest.raises(ValueError, match=re.escape(repr(code))):
        extract_amounts("It cost 8,000 won.", default_currency=default)


def test_default_currency_for_unknown_surface_raises() -> None:
    """A key that is no currency surface is a caller typo, not something to ignore."""
    with pytest.raises(ValueError, match="zorkmid"):
        extract_amounts("It cost 8,000 won.", default_currency={"zorkmid": "USD"})


def test_default_currency_outside_the_surface_candidates_raises() -> None:
    """'won' can only be KPW or KRW; a default of USD for it is a caller error."""
    with pytest.raises(ValueError, match="USD"):
        extract_amounts("It cost 8,000 won.", default_currency={"won": "USD"})


@pytest.mark.parametrize(
    ("surface", "code", "text"),
    [
        ("won", "KRW", "It cost 8,000 won."),
        ("¥", "JPY", "It cost ¥500."),
        ("$", "AUD", "It cost $5."),
    ],
)
def test_default_currency_applies_per_surface(surface: str, code: str, text: str) -> None:
    (m,) = extract_amounts(text, default_currency={surface: code})
    assert m.currency == code
    assert "default" in m.reason.lower()


def test_unknown_default_currency_raises_even_without_money() -> None:
    """Validation must not depend on whether the text happens to contain a match."""
    with pytest.raises(ValueError, match="XYZ"):
        extract_amounts("No money here.", default_currency={"won": "XYZ"})


@pytest.mark.parametrize(
    "bad_date",
    ["2015-13-45", "yesterday", "2015/09/30", "30-09-2015", "", "2015-02-30"],
)
def test_invalid_doc_date_raises(bad_date: str) -> None:
    with pytest.raises(ValueError, match=re.escape(repr(bad_date))):
        extract_amounts("It cost 300 yuan.", doc_date=bad_date)


def test_doc_date_of_wrong_type_raises() -> None:
    with pytest.raises((TypeError, ValueError)):
        extract_amounts("It cost 300 yuan.", doc_date=20150930)  # type: ignore[arg-type]


@pytest.mark.parametrize("doc_date", ["2015-09-30", dt.date(2015, 9, 30)], ids=["iso", "date"])
def test_valid_doc_dates_are_accepted(doc_date: object) -> None:
    got = extract_amounts("It cost 300 yuan.", doc_date=doc_date)  # type: ignore[arg-type]
    assert [(m.text, m.value, m.currency) for m in got] == [("300 yuan", Decimal(300), "CNY")]


@pytest.mark.parametrize("lang", ["xx", "english", "", "EN-XX"])
def test_unknown_lang_raises(lang: str) -> None:
    with pytest.raises(ValueError, match=re.escape(repr(lang))):
        extract_amounts("It cost 300 yuan.", lang=lang)


def test_options_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        extract_amounts("It cost 300 yuan.", "en")  # type: ignore[misc]


# --------------------------------------------------------------------------- odd text never raises


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n\n",
        "$",
        "$$$$",
        "won",
        "(",
        ")",
        "$(",
        "\x00",
        "\ud800",
        "1,1,1,1,",
        "-",
        "−$",
        "$" + "9" * 40 + " million",
        "70 " + "9" * 40 + " cents",
        "-$" + "1" * 29 + "bn",
        "$1," + "999," * 20 + "999.99 billion",
        "$1" + "0" * 10_000,
    ],
    ids=repr,
)
def test_odd_text_returns_a_list(text: str) -> None:
    got = extract_amounts(text)
    assert isinstance(got, list)


def test_result_is_fresh_list_of_mentions() -> None:
    a = extract_amounts("It cost $5.")
    b = extract_amounts("It cost $5.")
    assert a == b
    assert a is not b
    assert all(isinstance(m, moneyx.Mention) for m in a)


# --------------------------------------------------------------------------- locale


def test_locale_decides_bare_dollar() -> None:
    got = extract_amounts("The ticket cost $45.", locale="en-AU")
    assert [(m.text, m.currency) for m in got] == [("$45", "AUD")]


def test_default_reading_of_bare_dollar_is_usd() -> None:
    got = extract_amounts("The ticket cost $45.")
    assert [(m.text, m.currency) for m in got] == [("$45", "USD")]
    assert "USD" in got[0].candidates


@pytest.mark.parametrize(
    ("locale", "code"), [("en-AU", "AUD"), ("en-CA", "CAD"), ("en-HK", "HKD"), ("en-US", "USD")]
)
def test_locale_sets_dollar_convention(locale: str, code: str) -> None:
    (m,) = extract_amounts("The fee was $50.", locale=locale)
    assert m.currency == code


def test_locale_never_overrides_an_explicit_marker() -> None:
    (m,) = extract_amounts("The fee was US$50.", locale="en-AU")
    assert m.currency == "USD"


def test_unknown_locale_raises() -> None:
    with pytest.raises(ValueError, match="not a locale"):
        extract_amounts("The ticket cost $45.", locale="not a locale")


# --------------------------------------------------------------------------- Mention contents


def test_unresolved_mention_records_candidates_and_reason() -> None:
    (m,) = extract_amounts("The fee was 8,000 won.")
    assert m.currency is None
    assert set(m.candidates) == {"KPW", "KRW"}
    assert m.reason, "an unresolved mention must still say why"


def test_default_currency_is_named_in_reason() -> None:
    (m,) = extract_amounts("The fee was 8,000 won.", default_currency={"won": "KPW"})
    assert m.currency == "KPW"
    assert "default" in m.reason.lower()


def test_mention_to_dict_is_json_safe() -> None:
    import json

    (m,) = extract_amounts("Brokers asked 5,000-8,000 yuan.")
    d = m.to_dict()
    json.dumps(d)
    assert (d["value"], d["high"], d["currency"]) == ("5000", "8000", "CNY")


def test_mention_records_rule_lang_and_unit() -> None:
    (m,) = extract_amounts("It cost 300 yuan.")
    assert m.lang == "en"
    assert m.rule
    assert m.unit == "yuan"


def test_hedge_is_recorded_as_written() -> None:
    (m,) = extract_amounts("They paid roughly 300 yuan.")
    assert m.approx is True
    assert m.hedge == "roughly"


# --------------------------------------------------------------------------- gloss_pairs


def test_gloss_pairs_implied_rate() -> None:
    ms = extract_amounts("Families paid 300 yuan (U.S. $47) each.")
    pairs = moneyx.gloss_pairs(ms)
    assert len(pairs) == 1
    (p,) = pairs
    assert (p.source, p.gloss) == (0, 1)
    assert p.implied_rate == Decimal(47) / Decimal(300)


def test_gloss_pairs_empty_without_glosses() -> None:
    ms = extract_amounts("Exports rose to $2.8 billion from $2.1 billion a year earlier.")
    assert len(ms) == 2
    assert moneyx.gloss_pairs(ms) == [] or tuple(moneyx.gloss_pairs(ms)) == ()


def test_gloss_pairs_zero_value_gives_none_rate() -> None:
    m0 = moneyx.Mention(start=0, end=6, text="0 yuan", value=Decimal(0), currency="CNY")
    m1 = moneyx.Mention(start=8, end=10, text="$0", value=Decimal(0), currency="USD", gloss_of=0)
    (p,) = moneyx.gloss_pairs([m0, m1])
    assert p.implied_rate is None


def test_per_document_setup_reuses_the_compiled_patterns() -> None:
    # every document builds a ContextIndex: its cue and origin patterns must come from a cache,
    # not be rebuilt (a lost cache once made Reuters ten times slower with identical output)
    from moneyx.resolve import ContextIndex

    one, two = ContextIndex("Seoul said 5 won.", "en"), ContextIndex("Pyongyang.", "en")
    assert one._pattern is two._pattern
    assert one._origin is two._origin


@pytest.mark.parametrize("cut", range(1, 60))
def test_context_ranges_agree_with_whole_scan(cut: int) -> None:
    # a range scan and the one whole-document scan (taken once ranges add up to the text) must
    # see the same cues, also where the range cuts a word ("Seoulites", "South Koreans")
    from moneyx.resolve import ContextIndex

    text = "Seoulites and South Koreans met Pyongyang traders in Hyesan markets."
    ranged = ContextIndex(text, "en")._find(0, cut)
    whole = [h for h in ContextIndex(text, "en")._find(0, len(text)) if h[1] <= cut]
    assert ranged == whole


def test_explain_returns_the_mentions_and_the_vetoed_candidates() -> None:
    text = "The bag weighs 200 pounds and cost 300 yuan."
    ex = moneyx.explain(text)
    assert [m.text for m in ex.mentions] == [m.text for m in moneyx.extract_amounts(text)]
    assert [(v.text, text[v.start : v.end]) for v in ex.vetoed] == [("200 pounds", "200 pounds")]
    assert all(v.rule and v.reason for v in ex.vetoed)


def test_every_mention_carries_a_trace() -> None:
    (m,) = moneyx.extract_amounts("It cost 300 yuan.")
    assert m.trace
    assert all(isinstance(t, str) and t for t in m.trace)
    assert m.to_dict()["trace"] == list(m.trace)


@pytest.mark.parametrize("locale", ["en-ZZ", "en-FR", "en_XX"])
def test_a_region_without_a_convention_table_is_refused(locale: str) -> None:
    with pytest.raises(ValueError, match="unknown locale"):
        extract_amounts("it cost 5 won", locale=locale)


def test_known_regions_and_the_bare_language_are_accepted() -> None:
    assert extract_amounts("it cost 5 won", locale="en-KR")[0].currency == "KRW"
    assert extract_amounts("it cost $5", locale="en_au")[0].currency == "AUD"
    assert extract_amounts("it cost $5", locale="en")[0].currency == "USD"


@pytest.mark.parametrize("digits", [96, 150, 400])
def test_a_long_figure_reads_whole_and_exact(digits: int) -> None:
    figure = "7" * digits
    for text in (f"owed {figure} won", f"owed ${figure}"):
        (m,) = extract_amounts(text)
        assert m.value == Decimal(figure), text


def test_a_figure_past_the_exact_digits_is_refused_and_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    figure = "7" * 401
    with caplog.at_level("DEBUG", logger="moneyx.extract"):
        assert extract_amounts(f"owed {figure} won and ${figure}") == []
    assert caplog.text.count("veto.digit-overflow") == 2
    assert "401 digits" in caplog.text
