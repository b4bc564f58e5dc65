"""Currency ambiguity: decide "won" (KPW/KRW), "$" (USD/...), "¥" (CNY/JPY) from evidence.

``Evidence`` carries what is known of one amount; ``decide`` walks the ladder of rungs
(``moneyx.resolve.ladder``): a written-out currency, a qualifying phrase, the exchange rate a
conversion pair implies, the gloss relation, wage floors, the cues of the sentence, paragraph and
document (``moneyx.resolve.context``), the currency the story names, the caller's and the locale's
defaults; otherwise the currency stays None with its candidates.

This package is a leaf below ``extract``: it knows the Lexicon, never the matcher.
"""

from __future__ import annotations

from collections.abc import Mapping

from moneyx.lexicon import Lexicon
from moneyx.resolve.bands import kr_wage_floor, rate_evidence, rate_guess, rate_span
from moneyx.resolve.context import ContextIndex
from moneyx.resolve.ladder import (
    LADDER,
    Decision,
    Evidence,
    by_evidence,
    decide,
    default_for,
    sending_verb,
    sized,
)

__all__ = [
    "LADDER",
    "ContextIndex",
    "Decision",
    "Evidence",
    "by_evidence",
    "decide",
    "default_for",
    "kr_wage_floor",
    "locale_table",
    "rate_evidence",
    "rate_guess",
    "rate_span",
    "sending_verb",
    "sized",
]


def locale_table(lex: Lexicon, locale: str | None) -> Mapping[str, str]:
    """Return the defaults of ``locale`` ("en-AU"), or of the bare language ("en").

    A region the lexicon has no ``[locale]`` table for ("en-ZZ", "en-FR") is refused rather than
    read as the bare language: the caller named a convention moneyx does not know.

    Raises:
        ValueError: The locale is not known.

    Example:
        >>> from moneyx.lexicon import lexicon
        >>> locale_table(lexicon("en"), "en-AU")["$"]
        'AUD'

    """
    if locale is None:
        return lex.locales.get(lex.lang, {})
    key = locale.replace("_", "-").lower()
    if key in lex.locales:
        return lex.locales[key]
    if key == lex.lang:
        return {}
    known = ", ".join(sorted(lex.locales))
    raise ValueError(f"unknown locale {locale!r} for language {lex.lang!r} (known: {known})")
