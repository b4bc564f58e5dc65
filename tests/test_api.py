"""The public surface: __all__ is exact, every name resolves, and import stays light."""

from __future__ import annotations

import subprocess
import sys

import pytest

import moneyx

PUBLIC = {
    "BatchError", "BatchReport", "Burden", "BurdenError", "Conversion", "Converted",
    "DataError", "DocResult",
    "DocumentBurden", "Explanation", "GlossCheck", "GlossPair", "InvalidOptionError",
    "InvalidPeriodError", "InvalidRecordError", "LookupPolicy", "Mention",
    "Money", "MoneyxError", "NotInCirculationError", "NumberParseError", "Policy",
    "RateNotFoundError", "RateQuote", "RateStore", "ReferenceNotFoundError", "ReferenceRow",
    "Rendered", "TextQuote", "UnknownCurrencyError", "UnknownPlaceError",
    "UnresolvedCurrencyError", "Vetoed", "When", "burden", "check_glosses", "convert_csv",
    "convert_file", "document_burdens", "explain", "extract_amounts", "extract_many", "gloss_pairs",
    "normalize", "rate_quotes", "render",
}  # fmt: skip


def test_all_is_the_sorted_public_surface() -> None:
    assert moneyx.__all__ == sorted(PUBLIC)


def test_every_public_name_resolves() -> None:
    for name in moneyx.__all__:
        assert getattr(moneyx, name) is not None, name


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="not_a_name"):
        moneyx.not_a_name  # noqa: B018


def test_import_and_extract_do_not_load_pandas_or_pint() -> None:
    code = (
        "import sys, moneyx; moneyx.extract_amounts('It cost 300 yuan (U.S. $47).'); "
        "list(moneyx.extract_many(['It cost $5.', 'Nothing.'], doc_dates=['2015', 'May 2016'])); "
        "print(sorted(m for m in ('pandas', 'pint') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_errors_pickle_with_their_fields() -> None:
    import pickle
    from datetime import date

    err = moneyx.RateNotFoundError("KPW", date(2001, 1, 1), date(2002, 1, 1), date(2026, 9, 27))
    back = pickle.loads(pickle.dumps(err))
    assert (back.currency, back.requested) == ("KPW", date(2001, 1, 1))
    assert "2001-01-01" in str(back)
    others = (
        moneyx.InvalidOptionError("kind", "bogus", "choose one of market"),
        moneyx.UnknownPlaceError("Narnia", "not a place moneyx knows"),
        moneyx.NotInCirculationError("KPW", date(1930, 1, 1), date(1947, 12, 6)),
        moneyx.UnknownCurrencyError("XYZ", "Money(currency=...)"),
    )
    for one in others:
        again = pickle.loads(pickle.dumps(one))
        assert (type(again), str(again)) == (type(one), str(one))


def test_functions_named_like_their_modules_stay_functions() -> None:
    """Importing moneyx.normalize / moneyx.burden as modules must not shadow the functions."""
    code = (
        "import moneyx.normalize, moneyx.burden, moneyx.render, moneyx; "
        "from decimal import Decimal; "
        "m = moneyx.Money(value=Decimal(300), currency='CNY'); "
        "print(callable(moneyx.normalize), callable(moneyx.burden), callable(moneyx.render), "
        "moneyx.normalize(m, doc_date='2015-09-30').usd > 40)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True", "True", "True"]
