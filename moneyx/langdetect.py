"""Tell which language a text is written in, from the letters of the scripts its lexicons name.

Each lexicon says which letters its language is written with (``[script] letters``: Unicode
ranges, "AC00-D7A3" for Hangul syllables, "4E00-9FFF" for the common Han characters); the
language of a text is the one whose letters it holds most of. ``extract_amounts(lang="auto")``
(and its default) reads a document in that language, and the amounts written in another
language's letters inside it ("He paid 5천원 for rice") in theirs. No word lists, no statistics:
the scripts of English, Korean and Chinese do not overlap, which is all this needs (a Japanese
lexicon would need its kana to outweigh its kanji, and does).
"""

from __future__ import annotations

import functools
from importlib import resources

import regex

from moneyx.errors import DataError
from moneyx.lexicon import lexicon

__all__ = ["AUTO", "detect", "languages", "letters_of", "others_present"]

AUTO = "auto"  # not-lexicon: the option value that asks for detection
_FALLBACK = "en"  # not-lexicon: the language of a text with no letters at all


@functools.cache
def languages() -> tuple[str, ...]:
    """Return the languages moneyx has a lexicon for, in name order.

    Example:
        >>> languages()
        ('en', 'ko', 'zh')

    """
    folder = resources.files("moneyx").joinpath("data/lexicon")
    return tuple(
        sorted(p.name[: -len(".toml")] for p in folder.iterdir() if p.name.endswith(".toml"))
    )


@functools.cache
def letters_of(lang: str) -> regex.Pattern[str]:
    """Return a pattern matching one letter of ``lang``'s script (``[script] letters``).

    Raises:
        DataError: A range is not written "XXXX-YYYY" in hexadecimal.

    Example:
        >>> bool(letters_of("ko").search("쌀값")), bool(letters_of("ko").search("rice"))
        (True, False)

    """
    lex = lexicon(lang)
    parts = []
    for rng in lex.letters:
        lo, _, hi = rng.partition("-")
        try:
            a, b = int(lo, 16), int(hi or lo, 16)
        except ValueError as exc:
            raise DataError(
                f"moneyx/data/lexicon/{lang}.toml", "script.letters", f"bad range {rng!r}"
            ) from exc
        parts.append(f"{regex.escape(chr(a))}-{regex.escape(chr(b))}")
    return regex.compile("[" + "".join(parts) + "]" if parts else "(?!)")


@functools.cache
def _runs_of(lang: str) -> regex.Pattern[str]:
    return regex.compile(letters_of(lang).pattern + "+")


def _counts(text: str) -> dict[str, int]:
    """Count the letters of each language in ``text`` (by runs: one match per word)."""
    return {lang: sum(len(run) for run in _runs_of(lang).findall(text)) for lang in languages()}


def detect(text: str) -> str:
    """Return the language whose letters ``text`` holds most of ("en" for a text with none).

    An ASCII text is English at once (the check costs nothing on the common case).

    Example:
        >>> detect("Rice costs 5,000 won."), detect("쌀 1kg에 5,000원"), detect("大米每公斤5元")
        ('en', 'ko', 'zh')

    """
    if text.isascii():
        return _FALLBACK
    counts = _counts(text)
    best = max(counts.items(), key=lambda kv: (kv[1], kv[0] == _FALLBACK))
    return best[0] if best[1] else _FALLBACK


def others_present(text: str, main: str) -> tuple[str, ...]:
    """Return the languages other than ``main`` whose letters occur in ``text``.

    Example:
        >>> others_present("A vendor said 5천원.", "en")
        ('ko',)

    """
    if text.isascii():
        return ()
    return tuple(lang for lang in languages() if lang != main and letters_of(lang).search(text))
