"""The compiled core (``moneyx._core``, the Rust crate in ``core/``), loaded once per language.

The core parses the same data files Python reads (``moneyx/data/currencies.toml``,
``lexicon/<lang>.toml``, ``numbers/*.toml``): this module reads their texts with
``importlib.resources`` (so an installed wheel works) and hands them over; the core builds its
marker scan, its number reader and its view of the rule data from them. A malformed file raises
``DataError`` naming the file and key, as the Python loaders do.

Phase 1 of issue 18: the marker scan (``moneyx.scan``) runs here; the rule stages follow (see
``docs/native-core.md``).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from decimal import Decimal
from importlib import resources

from moneyx import _core
from moneyx.errors import DataError, NumberParseError
from moneyx.lexicon import lexicon

__all__ = ["candidate_stage", "core", "data_texts", "moved_vetoes", "parse_number", "rule_data"]


def _text(rel: str) -> str:
    try:
        return resources.files("moneyx").joinpath(f"data/{rel}").read_text("utf-8")
    except FileNotFoundError as exc:
        raise DataError(f"moneyx/data/{rel}", "", "file not found") from exc


def data_texts(lang: str) -> dict[str, str | None]:
    """Read the texts of the data files the core of ``lang`` loads (keyword arguments of Core).

    Raises:
        ValueError: ``lang`` has no lexicon.

    Example:
        >>> sorted(data_texts("en"))
        ['cjk', 'currencies', 'lexicon', 'numbers']

    """
    if not resources.files("moneyx").joinpath(f"data/lexicon/{lang}.toml").is_file():
        raise ValueError(f"unsupported language {lang!r}: no moneyx/data/lexicon/{lang}.toml")
    # the keyword arguments of _core.Core, one per data file
    return dict(
        currencies=_text("currencies.toml"),
        lexicon=_text(f"lexicon/{lang}.toml"),
        # languages whose numerals are characters ([script] numerals = "cjk") read
        # numbers/cjk.toml only
        numbers=None if lexicon(lang).numerals == "cjk" else _text(f"numbers/{lang}.toml"),
        cjk=_text("numbers/cjk.toml"),
    )


@functools.cache
def core(lang: str = "en") -> _core.Core:
    """Return the compiled core of ``lang`` (loaded on first use, then shared by every thread).

    Raises:
        DataError: A data file is malformed (the file and key are named).
        ValueError: ``lang`` has no lexicon.

    Example:
        >>> core("en").anchors("paid 300 yuan and $5")
        [(9, 13), (18, 19)]

    """
    texts = data_texts(lang)
    with _data_errors():
        return _core.Core(
            lang,
            currencies=str(texts["currencies"]),
            lexicon=str(texts["lexicon"]),
            numbers=texts["numbers"],
            cjk=str(texts["cjk"]),
        )


@contextlib.contextmanager
def _data_errors() -> Iterator[None]:
    """Turn the core's ``ValueError(path, key, message)`` into ``DataError``."""
    try:
        yield
    except ValueError as exc:
        if len(exc.args) == 3:
            raise DataError(*map(str, exc.args)) from None
        raise


def rule_data(lang: str = "en") -> dict[str, dict[str, object]]:
    """Return the core's view of ``lang``'s rule data, typed by the registry's kinds.

    The same shape as ``moneyx.rules.rule_data`` (rule id -> key -> frozenset, tuple, dict or
    bool), read by the core from the lexicon file itself; ``tests/test_native_data.py`` checks
    the two are equal. The kinds still come from the Python registry (phase 2 moves it).

    Raises:
        DataError: A rule table no rule reads, a key its rule does not read, a wrong kind.

    Example:
        >>> "the" in rule_data("en")["veto.won-verb"]["next"]
        True

    """
    from moneyx.rules import all_rules  # noqa: PLC0415 - the rules import the engine

    kinds = {r.id: dict(r.reads) for r in all_rules()}
    with _data_errors():
        return core(lang).rule_data(kinds)


def parse_number(text: str, *, lang: str = "en") -> Decimal:
    """Read a number phrase with the core (the reading of ``moneyx.numbers.parse_number``).

    Not yet called by the engine: phase 2 moves the stages that read numbers into the core;
    until then ``tests/test_native_numbers.py`` holds it equal to the Python reader on every
    number phrase the engine reads on the corpora.

    Raises:
        NumberParseError: ``text`` is not a number phrase (or beyond the core's 38 digits).

    Example:
        >>> parse_number("two hundred and fifty"), parse_number("2만5천", lang="ko")
        (Decimal('250'), Decimal('25000'))

    """
    try:
        return Decimal(core(lang).parse_number(text))
    except ValueError as exc:
        raise NumberParseError(text, str(exc)) from None


def moved_vetoes() -> tuple[str, ...]:
    """Return the ids of the vetoes the core answers (issue 18, phase 2, step 4).

    In the order a reading's layout hands their answers over (``candidate_stage``); the
    engine asks the Python functions of the others.

    Example:
        >>> "veto.space-group-tail" in moved_vetoes()
        True

    """
    return tuple(_core.moved_vetoes())


@functools.cache
def candidate_stage(lang: str = "en") -> _core.Candidates:
    """Return the core's candidate stage of ``lang`` (issue 18, phase 2, step 2).

    What ``moneyx.extract.candidates.read`` decides at each anchor before ``_draft``, in the
    core; ``read`` takes its readings from it (``begin``). ``tests/test_native_candidates.py``
    holds it equal to the Python reading functions on every document set. The patterns it
    reads are the Python builders' sources (``grammar(lang)``'s and
    ``candidates._letter_prefixes``), passed once; they move to a Rust pattern compiler with
    the stage's later steps (``docs/native-core.md`` section 10). Each reading's layout carries
    the answers of the vetoes moved to the core (``_core.moved_vetoes()``).

    Example:
        >>> [v["written"] for v in candidate_stage("en").visit("paid 300 yuan and $5", [])]
        ['yuan', '$']

    """
    from moneyx.extract import candidates  # noqa: PLC0415 - the engine imports the scan
    from moneyx.matcher import BACK, force, grammar  # noqa: PLC0415
    from moneyx.rules import all_rules  # noqa: PLC0415 - the rules import the engine

    def source(p: object) -> tuple[str, int, dict[str, list[str]]]:
        c = force(p)  # type: ignore[arg-type]
        return (c.pattern, c.flags, {k: list(v) for k, v in c.named_lists.items()})

    g = grammar(lang)
    names = ("after_prefix", "before_suffix", "lneg_before", "suffix_scale", "next_word")
    sources = {name: source(getattr(g, name)) for name in names}
    letters = candidates._letter_prefixes(lang)  # noqa: SLF001 - the stage's own pattern
    if letters is not None:
        sources["letter_prefixes"] = source(letters)
    # the vetoes moved to the core (`_core.moved_vetoes()`) read their data with the kinds,
    # the number phase's also the patterns around the number (`core/src/stages/number_veto.rs`)
    kinds = {r.id: dict(r.reads) for r in all_rules()}
    sources.update({name: source(p) for name, p in _veto_patterns(lang).items()})
    with _data_errors():
        return _core.Candidates(core(lang), sources, BACK, candidates.LONG_BACK, kinds)


def _veto_patterns(lang: str) -> dict[str, object]:
    """Return the patterns the number-phase vetoes moved to the core read, by the core's names.

    ``Grammar``'s, ``draft``'s and the ``vetoes`` module's own (``number_veto::PATTERNS``).
    """
    from moneyx.extract import draft, vetoes  # noqa: PLC0415 - the vetoes import the engine
    from moneyx.matcher import grammar  # noqa: PLC0415
    from moneyx.rules import rule_data as python_rule_data  # noqa: PLC0415

    g = grammar(lang)
    d = python_rule_data(lang)["veto.article-base"]
    links, after = tuple(d["links"]), tuple(d["after"])
    out: dict[str, object] = {
        "prev_word": g.prev_word,
        "per_after": g.per_after,
        "after_number_veto": g.after_number_veto,
        "veto.word": draft._WORD,  # noqa: SLF001 - the patterns the vetoes read
        "veto.sentence_start": vetoes._SENTENCE_START,  # noqa: SLF001
        "veto.raw_prev": vetoes._RAW_PREV,  # noqa: SLF001
        "veto.raw_next": vetoes._RAW_NEXT,  # noqa: SLF001
        "veto.period_before": vetoes._PERIOD_BEFORE,  # noqa: SLF001
        "veto.compound": vetoes._COMPOUND,  # noqa: SLF001
        "veto.line_break": vetoes._LINE_BREAK,  # noqa: SLF001
        "veto.score": vetoes._SCORE,  # noqa: SLF001
        "veto.share": vetoes._share_pattern(lang),  # noqa: SLF001
        "veto.article_link": vetoes._article_link(lang, links),  # noqa: SLF001
    }
    if after:
        out["veto.figure_link"] = vetoes._figure_link(lang, after, bool(d["bare"]))  # noqa: SLF001
    return out
