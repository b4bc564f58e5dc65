"""moneyx.extract_many: every text accounted for, in order, on one or several processes."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator

import pytest

import moneyx
from moneyx.errors import BatchError

# Our own sentences.
TEXTS = [
    "A sack of rice cost 300 yuan at the Hyesan market.",
    "The council approved no budget figures on Tuesday.",
    "",
    "The firm paid US$1,200 for the permit and $35 for the stamp.",
    b"Bytes are read as UTF-8: 40 yuan.",
    b"A broken \xff byte next to 20 yuan.",
    None,
    12345,
    "Corn fetched 2,750 won a kilogram in Pyongyang.",
]
DATES = [
    "2015-09-30",
    "2015-09-30",
    "2015-09-30",
    "March 2016",
    "2016",
    "2016",
    None,
    "",
    "someday",
]


def _expected(i: int) -> list[moneyx.Mention]:
    text = TEXTS[i]
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    assert isinstance(text, str)
    return moneyx.extract_amounts(text)


def test_every_text_gets_one_result_in_order_with_its_status() -> None:
    results = list(moneyx.extract_many(TEXTS))
    assert [r.index for r in results] == list(range(len(TEXTS)))
    assert [r.status for r in results] == [
        "ok", "no_mentions", "error", "ok", "ok", "error", "error", "error", "ok",
    ]  # fmt: skip
    assert "undecodable byte 0xff" in str(results[5].error)
    assert "int, not text" in str(results[7].error)


def test_mentions_equal_extract_amounts() -> None:
    for r in moneyx.extract_many(TEXTS):
        if r.status == "ok":
            assert list(r.mentions) == _expected(r.index)


def test_counts_add_up_as_in_convert() -> None:
    counts = Counter(r.status for r in moneyx.extract_many(TEXTS, doc_dates=DATES))
    assert sum(counts.values()) == len(TEXTS)
    assert counts == {"ok": 4, "no_mentions": 1, "error": 4}


def test_dates_per_text_with_their_precision_and_notes() -> None:
    results = list(moneyx.extract_many(TEXTS, doc_dates=DATES))
    assert [r.date_text for r in results] == [
        "2015-09-30", "2015-09-30", None, "2016-03", "2016", None, None, None, None,
    ]  # fmt: skip
    assert "names a month" in str(results[3].note)
    assert "unreadable date 'someday'" in str(results[8].note)
    assert results[8].status == "ok"  # an unreadable date costs no mention
    assert list(results[0].mentions) == moneyx.extract_amounts(TEXTS[0], doc_date="2015-09-30")  # type: ignore[arg-type]


def test_one_date_for_all_texts() -> None:
    results = list(moneyx.extract_many(["It cost $5.", "It cost $6."], doc_dates="2015-09-30"))
    assert [r.date_text for r in results] == ["2015-09-30", "2015-09-30"]


def test_generators_in_and_lazy_out() -> None:
    def texts() -> Iterator[str]:
        for i in range(1000):
            yield f"Item {i} cost {i + 1} yuan."

    results = moneyx.extract_many(texts(), doc_dates=("2015-09-30" for _ in range(1000)))
    first = next(results)
    assert (first.index, first.mentions[0].text) == (0, "1 yuan")
    assert sum(1 for _ in results) == 999


def test_two_processes_give_the_same_results_in_order() -> None:
    texts = [f"Lot {i}: {TEXTS[i % 4] or 'empty'} and {i} won in Hyesan." for i in range(400)]
    dates = [f"{2010 + i % 10}-0{1 + i % 9}-15" for i in range(400)]
    one = list(moneyx.extract_many(texts, doc_dates=dates))
    two = list(moneyx.extract_many(texts, doc_dates=dates, n_process=2, batch_size=16))
    assert two == one
    assert list(moneyx.extract_many(TEXTS, n_process=2, batch_size=2)) == list(
        moneyx.extract_many(TEXTS)
    )


def test_stopping_early_with_processes_returns_promptly() -> None:
    texts = (f"Item {i} cost {i + 1} yuan." for i in range(100_000))
    started = time.monotonic()
    results = moneyx.extract_many(texts, n_process=2, batch_size=8)
    taken = [next(results) for _ in range(20)]
    results.close()  # type: ignore[attr-defined]
    assert [r.index for r in taken] == list(range(20))
    assert time.monotonic() - started < 30


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        pytest.param({"lang": "xx"}, "unsupported language", id="lang"),
        pytest.param({"default_currency": {"won": "XYZ"}}, "XYZ", id="default"),
        pytest.param({"n_process": 0}, "n_process", id="n_process"),
        pytest.param({"batch_size": 0}, "batch_size", id="batch_size"),
        pytest.param({"doc_dates": "someday"}, "unreadable date", id="one-bad-date"),
    ],
)
def test_bad_options_raise_at_once(kwargs: dict[str, object], needle: str) -> None:
    with pytest.raises(ValueError, match=needle):
        moneyx.extract_many(["It cost $5."], **kwargs)  # type: ignore[arg-type]


def test_one_text_instead_of_many_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="not one text"):
        moneyx.extract_many("It cost $5.")


@pytest.mark.parametrize("dates", [["2015-09-30"], ["2015-09-30"] * 3])
def test_dates_that_do_not_pair_with_the_texts_raise(dates: list[str]) -> None:
    with pytest.raises(ValueError, match="one (date )?per text"):
        list(moneyx.extract_many(["It cost $5.", "It cost $6."], doc_dates=dates))


@pytest.mark.parametrize("n_process", [1, 2])
def test_strict_stops_at_the_first_bad_text_after_yielding_the_good_ones(n_process: int) -> None:
    results = moneyx.extract_many(TEXTS, strict=True, n_process=n_process)
    assert [next(results).status for _ in range(2)] == ["ok", "no_mentions"]
    with pytest.raises(BatchError, match="empty text") as info:
        next(results)
    assert info.value.row == 2
