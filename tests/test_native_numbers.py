"""The core's number reader equals ``moneyx.numbers.parse_number`` (differential, issue 18).

Every number phrase the engine reads while extracting (recorded at ``parse_number`` and, since
the core reads the candidates' numbers, at each reading's layout) from the
seeds, the development sets, the generated North Korean corpus, Korean sentences, and slices of
Reuters-21578 and BBC News (when ``../shared`` is beside the checkout) is read by both; they
must agree on the value (Decimal equality) or both refuse. Then the unit-test cases of
``test_numbers.py`` and edge cases of our own.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import test_numbers  # tests/ is on sys.path (no __init__.py)

import moneyx.numbers
from moneyx import extract_amounts
from moneyx.errors import NumberParseError
from moneyx.extract import candidates
from moneyx.extract.draft import MatchLike
from moneyx.matcher import Grammar

if TYPE_CHECKING:
    from moneyx._core import CandidateLayout
from moneyx.native import parse_number as native_parse
from moneyx.numbers import parse_number

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("parity", ROOT / "scripts" / "parity.py")
assert _spec is not None
assert _spec.loader is not None
parity = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("parity", parity)
_spec.loader.exec_module(parity)

CORPUS_SLICE = 3000  # documents of each shared corpus


def _read(text: str, lang: str, reader: Callable[..., Decimal]) -> Decimal | str:
    try:
        return reader(text, lang=lang)
    except NumberParseError:
        return "refused"


def _disagree(phrases: Iterable[tuple[str, str]]) -> list[tuple[str, str, object, object]]:
    out = []
    for text, lang in phrases:
        py, rs = _read(text, lang, parse_number), _read(text, lang, native_parse)
        if py != rs or isinstance(py, str) != isinstance(rs, str):
            out.append((text, lang, py, rs))
    return out


def _recorded(docs: Iterable[tuple[str, dict[str, object]]]) -> set[tuple[str, str]]:
    """Extract ``docs`` and return every (phrase, lang) the engine read.

    Those it asked ``parse_number`` to read, and those the core read for a candidate (the
    number phrase of each reading's layout, ``candidates._laid_out``).
    """
    seen: set[tuple[str, str]] = set()
    original = moneyx.numbers._parse_cached
    laid_out = candidates._laid_out

    def record(text: str, lang: str) -> Decimal:
        seen.add((text, lang))
        return original(text, lang)

    def record_layout(text: str, g: Grammar, m: MatchLike, layout: CandidateLayout) -> object:
        seen.add((text[layout[2] : layout[3]], g.lang))
        return laid_out(text, g, m, layout)

    moneyx.numbers._parse_cached = record  # type: ignore[assignment]
    candidates._laid_out = record_layout  # type: ignore[assignment]
    try:
        for text, opts in docs:
            try:
                extract_amounts(text, **opts)  # type: ignore[arg-type]
            except ValueError:
                continue  # an option the engine refuses (a language it lacks)
    finally:
        moneyx.numbers._parse_cached = original
        candidates._laid_out = laid_out
    return seen


def _set_docs(name: str, limit: int | None = None) -> list[tuple[str, dict[str, object]]]:
    docs = parity._docs(name)
    if docs is None:
        pytest.skip(f"{name}: source absent (../shared not beside the checkout)")
    out = [(d.text, d.options) for d in docs]
    return out[:limit] if limit else out


GOLD_SETS = [n for n, (_, kind) in parity.sets().items() if kind == "gold" and n != "heldout"]


@pytest.mark.parametrize("name", GOLD_SETS)
def test_every_phrase_read_on_a_gold_set(name: str) -> None:
    phrases = _recorded(_set_docs(name))
    assert phrases, f"{name}: no number phrase read"
    wrong = _disagree(phrases)
    assert not wrong, f"{name}: {len(wrong)} of {len(phrases)} differ: {wrong[:8]}"


@pytest.mark.parametrize("name", ["reuters", "bbc"])
def test_every_phrase_read_on_a_corpus_slice(name: str) -> None:
    phrases = _recorded(_set_docs(name, CORPUS_SLICE))
    assert len(phrases) > 300
    wrong = _disagree(phrases)
    assert not wrong, f"{name}: {len(wrong)} of {len(phrases)} differ: {wrong[:8]}"


def test_every_phrase_read_on_the_generated_corpus(tmp_path: Path) -> None:
    out = tmp_path / "nk.csv"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_corpus.py"), "-o", str(out)],
        check=True,
        capture_output=True,
    )
    docs = [(d.text, d.options) for d in parity._csv_docs(out)][:1000]
    phrases = _recorded(docs)
    assert len(phrases) > 200
    wrong = _disagree(phrases)
    assert not wrong, f"{len(wrong)} of {len(phrases)} differ: {wrong[:8]}"


def test_the_unit_cases_of_the_python_reader() -> None:
    cases = [(text, "en") for text, _ in test_numbers.VALID]
    cases += [(c[0] if isinstance(c, tuple) else c, "en") for c in test_numbers.ABBREVIATED_SCALES]
    cases += [(c[0] if isinstance(c, tuple) else c, "en") for c in test_numbers.INVALID]
    assert not _disagree(cases)


EDGES_EN = [
    "", " ", "-", ".", "5.", ".5", "-5", "−5", "–5", "1,234", "1,2345", "12,34,567", "1,23,456.78",
    "10 000", "10\u00a0000", "1\u202f290", "1 290 000", "10  000", "0.000001", "007",
    "5m", "5M", "5mm", "2.5bn", "2.5BN", "10K", "10k", "$5", "5 $", "5x", "1.5.6", "1,000.5.5",
    "one", "One", "ONE HUNDRED", "a", "an", "a million", "an hundred", "a few hundred",
    "half", "half a", "half a million", "a half million", "one and a half million",
    "three quarters billion", "a quarter of a million", "a third of a billion", "one third",
    "two point five", "two point five million", "point five", "one point", "one point x",
    "one point 5 0", "zero", "nil", "zero point one", "twenty-five", "twenty‐five", "twenty–five",
    "twenty - five", "five five", "fifteen five", "five fifteen", "twenty twenty", "nineteen",
    "nineteen hundred", "hundred", "thousand", "ten thousand million", "million million",
    "two million three hundred thousand", "1.6 million", "1.6 Million", "1.6 mln", "1.6 MLN",
    "two and", "and two", "two hundred and", "2 hundred", "2 million", "2,000 million",
    "5 lakh", "3 crore", "two lakhs", "1 tn", "1.2 trn", "4 of", "of", "two of five",
    "１２", "１,２３４", "٣٠٠", "3 ٣٠٠", "5.٥", "²", "½", "9" * 30, "9" * 37,
    "1" + "0" * 30 + " million", "0.5 million", "05",
    # a decimal comma, a fraction of one unit, scales that only fall, broadcast style (issue 14)
    "12,34", "92,5", "0,08", "0,125", "10,00", "0,1234", "-0,5", "−1,25", "–1,25", "1234,5",
    "00,5", "0,5,5", "1,2,3", "12,345", "0,5m", "0,5 million", "1,5bn", "٠,٥", "0,٥", "1٢,5",
    "１,２", "0,", ",5", "half an", "a half", "half and a half", "and a half", "a quarter a",
    "one and a half", "two and a quarter", "one and a third", "three quarters and a half",
    "a thousand and a half", "twelve million and a half", "five hundred million and a half",
    "six million and ten million", "six million six million", "three billion two million",
    "two thousand three million", "a million a thousand", "ten thousand million million",
    "12-point-64", "40-and-a-half", "13-hundred", "one-thousand-382-point-six", "5-and-a-half",
    # wire-service fractions (issue 14 precision audit)
    "177-1/2", "-3-1/2", "−3-1/2", "3-3/4", "1-15/16", "2-32/64", "9-63/64", "5-1/128", "5-1/1",
    "5-2/2", "5-0/4", "5-1/3", "5-1/0", "5.01-1/4", "2.88-3/4", "5.-1/2", "5.12345-1/2", "1/2",
    "-1/2", "5 1/2", "5-1/2 million", "5-1/2m",
    "1-1/2 billion", "12-3/4 mln", "two-1/2", "1-1/2bn", "1-123/4 million", "five-1/2", "a-1/2",
    "4.5bn trillion", "4.5 bn trillion", "5m million", "5 mln billion", "5 million billion",
    "１-1/2", "5-１/2", "9" * 36 + "-1/2", "5-1/2/4", "5-01/04", "5--1/2",
    "two-point-09 million", "one-point-05 trillion", "14-point-087 trillion",
]  # fmt: skip
EDGES_KO = [
    "이천칠백삼십오만", "2만5천", "27,350,000", "3억", "3억5천만", "이점오", "일점이삼",
    "만", "십", "천만", "백만", "오천", "2.5만", "1,000만", "만만", "이이", "삼십사", "x",
    "", " ", "5 천", "5\u00a0천", "十万", "五千", "两千", "一億二千万", "３", "2만 5천",
    "12345,678", "1,234,5678", "점오", "오점", "1.5억", "３천", "１,０００", "이점３", "٣",
]  # fmt: skip


# Chinese: a larger myriad scaling what came before (万亿), vague tails, financial numerals
EDGES_ZH = [
    "60万亿", "15.6万亿", "4.4萬億", "一万亿", "万亿", "亿万", "一亿二千万", "三千多万", "2000余",
    "五千餘", "多", "多万", "壹佰贰拾叁", "叁仟伍佰萬", "玖拾", "两千", "九点五", "1.5亿", "兆",
    # figures written digit by digit, decimals before a myriad, and what stays unreadable
    "五四二．五億", "五四二点五亿", "九九二亿", "二〇二三", "一二．五億", "一点五亿", "三点五万亿",
    "一千二百点五万", "三四百", "一二", "5．", "一点", "一点五亿五", "一点五十", "1.5点五",
    # a zero holding an empty place, and what it never makes readable
    "一百零一萬", "一千零十", "一万零五百", "二百零三", "零零五", "一零", "零十", "一百零",
]  # fmt: skip


@pytest.mark.parametrize(("lang", "cases"), [("en", EDGES_EN), ("ko", EDGES_KO), ("zh", EDGES_ZH)])
def test_edge_cases(lang: str, cases: list[str]) -> None:
    wrong = _disagree((c, lang) for c in cases)
    assert not wrong, wrong


def test_beyond_38_digits_the_core_refuses_where_python_reads() -> None:
    # the one intended difference: 128-bit decimals refuse what they cannot hold exactly
    # (docs/native-core.md); no amount in any corpus comes near
    for text in ["9" * 40, "1" + "0" * 36 + " million"]:
        assert parse_number(text) > 10**38
        with pytest.raises(NumberParseError, match="too large"):
            native_parse(text)


def test_values_are_exact() -> None:
    assert native_parse("1,234.56") == Decimal("1234.56")
    assert native_parse("one point five billion") == Decimal("1500000000")
    assert native_parse("이천칠백삼십오만", lang="ko") == Decimal(27350000)
    with pytest.raises(NumberParseError):
        native_parse("9" * 40)
