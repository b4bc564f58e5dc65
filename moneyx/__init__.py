"""moneyx: find money amounts in news text, convert them on their date, and weigh them.

Extraction (``extract_amounts``) imports neither pandas nor pint; the names that need them
(``normalize``, ``RateStore``, ``burden``, ``convert_file``, ...) are loaded on first use so that
``import moneyx`` stays fast.
"""

from __future__ import annotations

import importlib
import logging
import sys
import types
from typing import TYPE_CHECKING, Any

from moneyx.errors import (
    BatchError,
    BurdenError,
    DataError,
    InvalidOptionError,
    InvalidPeriodError,
    MoneyxError,
    NotInCirculationError,
    NumberParseError,
    RateNotFoundError,
    ReferenceNotFoundError,
    UnknownCurrencyError,
    UnknownPlaceError,
    UnresolvedCurrencyError,
)
from moneyx.extract import explain, extract_amounts, gloss_pairs
from moneyx.model import (
    Burden,
    Conversion,
    Converted,
    Explanation,
    GlossPair,
    InvalidRecordError,
    Mention,
    Money,
    RateQuote,
    ReferenceRow,
    Vetoed,
    When,
)

if TYPE_CHECKING:  # pragma: no cover - names resolved lazily below
    from moneyx.batch import BatchReport, convert_csv, convert_file
    from moneyx.burden import DocumentBurden, burden, document_burdens
    from moneyx.normalize import GlossCheck, check_glosses, normalize
    from moneyx.pipe import DocResult, extract_many
    from moneyx.quotes import TextQuote, rate_quotes
    from moneyx.rates import LookupPolicy, Policy, RateStore
    from moneyx.render import Rendered, render

logging.getLogger(__name__).addHandler(logging.NullHandler())

__version__ = "0.1.0"

_LAZY = {
    "BatchReport": "moneyx.batch",
    "convert_csv": "moneyx.batch",
    "convert_file": "moneyx.batch",
    "burden": "moneyx.burden",
    "document_burdens": "moneyx.burden",
    "DocumentBurden": "moneyx.burden",
    "GlossCheck": "moneyx.normalize",
    "check_glosses": "moneyx.normalize",
    "normalize": "moneyx.normalize",
    "TextQuote": "moneyx.quotes",
    "rate_quotes": "moneyx.quotes",
    "DocResult": "moneyx.pipe",
    "extract_many": "moneyx.pipe",
    "LookupPolicy": "moneyx.rates",
    "Policy": "moneyx.rates",
    "RateStore": "moneyx.rates",
    "Rendered": "moneyx.render",
    "render": "moneyx.render",
}


class _Package(types.ModuleType):
    """The moneyx package object: keeps ``moneyx.normalize``, ``burden``, ``render`` the functions.

    Importing a submodule (``import moneyx.normalize``, done by batch code) makes Python set the
    package attribute of the same name to the module; the public API promises the functions.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and _LAZY.get(name) == value.__name__:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'moneyx' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "BatchError",
    "BatchReport",
    "Burden",
    "BurdenError",
    "Conversion",
    "Converted",
    "DataError",
    "DocResult",
    "DocumentBurden",
    "Explanation",
    "GlossCheck",
    "GlossPair",
    "InvalidOptionError",
    "InvalidPeriodError",
    "InvalidRecordError",
    "LookupPolicy",
    "Mention",
    "Money",
    "MoneyxError",
    "NotInCirculationError",
    "NumberParseError",
    "Policy",
    "RateNotFoundError",
    "RateQuote",
    "RateStore",
    "ReferenceNotFoundError",
    "ReferenceRow",
    "Rendered",
    "TextQuote",
    "UnknownCurrencyError",
    "UnknownPlaceError",
    "UnresolvedCurrencyError",
    "Vetoed",
    "When",
    "burden",
    "check_glosses",
    "convert_csv",
    "convert_file",
    "document_burdens",
    "explain",
    "extract_amounts",
    "extract_many",
    "gloss_pairs",
    "normalize",
    "rate_quotes",
    "render",
]
