"""Load and validate the language data files into an immutable Lexicon (cached per language)."""

from __future__ import annotations

import functools
import itertools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib import resources
from types import MappingProxyType
from typing import Any

from moneyx.errors import DataError
from moneyx.patcache import cached_toml

__all__ = ["CurrencyInfo", "Lexicon", "Surface", "currencies", "known_codes", "lexicon"]

CURRENCIES_PATH = "moneyx/data/currencies.toml"


_SIZED_LABEL = re.compile(r"(\d+(?:\.\d+)?) ?(\S.*)")  # "5 kg", "500g", "3.3㎡"


@dataclass(frozen=True, slots=True)
class CurrencyInfo:
    """One ISO 4217 currency as the data file describes it."""

    code: str
    names: tuple[str, ...]
    symbols: tuple[str, ...]
    minor: tuple[str, ...]
    minor_factor: Decimal
    historic: bool


@dataclass(frozen=True, slots=True)
class Surface:
    """What one written currency surface means.

    Attributes:
        text: The surface as listed in the data (lower case for names).
        candidates: ISO codes it can mean; one code when it is explicit.
        kind: "symbol", "code", "name", "minor", "multiple" or "ambiguous".
        factor: Multiplier from the written number to major units (0.01 for cents, 1000 for
            "grand", 1e6 for "MUSD").
        key: The key under which locale defaults are looked up ("$", "dollar", "won", ...).
        case_sensitive: Whether the surface only matches as written.

    """

    text: str
    candidates: tuple[str, ...]
    kind: str
    factor: Decimal
    key: str
    case_sensitive: bool
    explicit: bool = field(init=False, compare=False)  # names exactly one currency

    def __post_init__(self) -> None:
        object.__setattr__(self, "explicit", len(self.candidates) == 1)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything the English rules know, as immutable data."""

    lang: str
    word_boundaries: bool
    surfaces_cs: Mapping[str, Surface]
    surfaces_ci: Mapping[str, Surface]
    coins: frozenset[str]
    article_one: frozenset[str]
    articles: frozenset[str]
    locales: Mapping[str, Mapping[str, str]]
    hedges: tuple[str, ...]
    hedges_after: tuple[str, ...]
    hedges_attached: tuple[str, ...]
    hedges_fused: tuple[str, ...]
    bounds_after: Mapping[str, str]
    bounds_fused: Mapping[str, str]
    bounds: Mapping[str, str]
    range_dash: tuple[str, ...]
    range_open_and: tuple[str, ...]
    range_open_to: tuple[str, ...]
    range_and: tuple[str, ...]
    range_close: tuple[str, ...]
    range_neighbours: tuple[str, ...]
    per_words: tuple[str, ...]
    per_adverbs: Mapping[str, str]
    period_adjectives: Mapping[str, str]
    distributive: tuple[str, ...]
    per_nouns: Mapping[str, str]
    per_before_suffix: tuple[str, ...]
    period_nouns: Mapping[str, str]
    # a period noun before one of these is a duration, not a rate ("한 달 전보다", "한 달만")
    period_not_before: tuple[str, ...]
    no_prefix: frozenset[str]
    wage_nouns: frozenset[str]
    wage_verbs: frozenset[str]
    wage_floor: Mapping[str, Mapping[str, Decimal]]
    currency_phrases: Mapping[str, str]
    # nationality word -> the code it picks out of a generic surface ("north korean" -> KPW)
    qualifiers: Mapping[str, str]
    gloss_appositive: tuple[str, ...]
    gloss_equivalence: tuple[str, ...]
    movement: frozenset[str]
    # a movement word right before one of these is a price link ("goes for 15 to 20 dollars")
    movement_not_before: frozenset[str]
    context_strong: Mapping[str, tuple[str, ...]]
    context_weak: Mapping[str, tuple[str, ...]]
    grouped_prefixes: frozenset[str] = frozenset()
    # nouns of change that make "X to Y" a movement only right before a link ("growth of")
    movement_nouns: frozenset[str] = frozenset()
    movement_noun_links: frozenset[str] = frozenset()
    # verbs that span a range rather than move: "pork fluctuated from 10,000 to 15,000"
    range_verbs: frozenset[str] = frozenset()
    # "%", "percent", "bps": a number before one is a share or a change, not an amount
    percent_words: frozenset[str] = frozenset()
    minus_words: tuple[str, ...] = ()
    minus_after: tuple[str, ...] = ()
    # month abbreviations: "March 15 100 dollars" is a date before an amount, not "15 100"
    month_abbreviations: tuple[str, ...] = ()
    # "per single kilogram": words between a per word and its noun
    per_counted: tuple[str, ...] = ()
    # "30 yuan for a bottle of beer": a unit of sale after these, before ``per_measure_of``
    per_sold_for: tuple[str, ...] = ()
    per_price_terms: tuple[str, ...] = ()
    per_measure_of: tuple[str, ...] = ()
    # nouns of measure and sale that price the amount after them ("a kilogram of rice ... ")
    measures: tuple[str, ...] = ()
    # "1bn euros ($1.3bn; or £690m)": the word before a further conversion in a parenthesis
    gloss_alternative: tuple[str, ...] = ()
    # a price list by place ("2,000 won per kilo in Hyesan, 2,100 in Sinuiju and 2,300 in ..."):
    # the words of its places, its per phrases and its joints ([place_lists])
    place_prepositions: tuple[str, ...] = ()
    place_articles: tuple[str, ...] = ()
    place_markets: tuple[str, ...] = ()
    list_per: tuple[str, ...] = ()
    list_and: tuple[str, ...] = ()
    list_contrast: tuple[str, ...] = ()
    # the per labels that are periods of time ("day", "month"): a rate over time, maybe a wage
    period_labels: frozenset[str] = frozenset()
    # English plurals: words that end in -s but are not plurals, endings that are singular, and
    # plural endings with their singular, tried in order ([plurals])
    not_plural: frozenset[str] = frozenset()
    singular_endings: tuple[str, ...] = ()
    plural_endings: tuple[tuple[str, str, int], ...] = ()
    postposed_phrases: frozenset[str] = frozenset()
    rate_units: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    carry_units: frozenset[str] = frozenset()
    # a unit written after its own quantity, as the per label names it ("5 kilograms" -> "5 kg",
    # "500克" -> "500g", "grams" -> "gram"; a unit not listed keeps its written form: "500 ml")
    sized_units: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # the label a per unit is reported by where the rules name it otherwise ("lb" -> "pound")
    reported_units: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    other_sums: frozenset[str] = frozenset()
    # "each"/"every" over people prices per person ("five officials took $1,000 each"): the
    # labels that name people and the label they report ([per_extra] people, people_label)
    people: frozenset[str] = frozenset()
    people_label: str | None = None
    # the currencies of quoted rates as nouns and codes ("dollar", "dollars", "usd", "renminbi")
    rate_words: frozenset[str] = frozenset()
    # every currency name the lexicon knows, as a noun that can be an exchange rate's base, with
    # the label ``Mention.per`` reports for it ("u.s. dollars" -> "dollar", "greenback" ->
    # "dollar", "renminbi" -> "yuan", "rouble" -> "ruble"), derived from the surfaces
    currency_nouns: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # the codes each base label can mean ("dollar" -> USD, CAD, ...; "won" -> KPW, KRW)
    label_codes: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))
    # the data of each rule, as written under [<stage>.<name>]: rule id -> key -> raw value
    # (checked and typed against the rule registry by ``moneyx.rules.rule_data``)
    rules: Mapping[str, Mapping[str, object]] = field(default_factory=lambda: MappingProxyType({}))
    # how the language is written ([script]): "words" (number words, "five million") or "cjk"
    # (numerals as characters grouped by myriads); whether spaces separate its words (Korean:
    # yes, with particles attached to their word; Chinese: no); the particles a word may carry
    # after an amount ("5000원이상", "8000원대로"); the marks that end a sentence with no space
    # after them ("。")
    numerals: str = "words"
    # the Unicode ranges of the letters the language is written with ("AC00-D7A3"): which
    # language a text is in (``moneyx.langdetect``)
    letters: tuple[str, ...] = ()
    spaced: bool = True
    particles: tuple[str, ...] = ()
    full_stops: tuple[str, ...] = ()
    # phrases before an amount that state its currency ("북한 돈 6000원", "한국 돈 7원"), and those
    # of them that name the speaker's money ("우리 돈": the paper's outside a quotation, the
    # quoted speaker's inside one)
    currency_phrases_before: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    speaker_phrases: frozenset[str] = frozenset()
    # how far the cues may be from an amount and still overrule the locale's convention for a
    # surface ([defaults] cues_overrule): "sentence" (English news: "$" is USD unless its
    # sentence says otherwise) or "document" (a Korean report on North Korean markets does not
    # name the North in every sentence)
    cues_overrule: str = "sentence"
    # bounds after the amount that the words after them cancel ("2백원까지 올랐다" is where the
    # price went, not "up to"): bound word -> the stems that cancel it
    # range connectors that make a change when these follow the high end ("X에서 Y으로")
    range_changes: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    # range connectors that always make a change ("5800→6800원": from one to the other)
    range_moves: frozenset[str] = frozenset()
    bounds_after_unless: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )

    def surface(self, text: str) -> Surface | None:
        """Look up a matched surface: exact (symbols, codes) first, then case-insensitive."""
        hit = self.surfaces_cs.get(text)
        if hit is not None:
            return hit
        spaced = " ".join(text.split())  # "U.S.\u00a0$" is "U.S. $"
        hit = self.surfaces_cs.get(spaced)
        if hit is not None:
            return hit
        return self.surfaces_ci.get(spaced.lower())

    def carries(self, label: str | None) -> bool:
        """Tell whether a per label is a unit of measure a price series carries: "kg", "5 kg".

        A quantity of a unit ("per 5 kilograms", reported "5 kg") carries as its unit does.
        """
        if label is None:
            return False
        if label in self.carry_units:
            return True
        m = _SIZED_LABEL.match(label)
        if m is None:
            return False
        unit = m.group(2)
        return unit in self.carry_units or self.per_nouns.get(unit) in self.carry_units

    def sized_label(self, qty: Decimal, unit: str, attached: bool) -> str:
        """Return the per label of a unit written after its own quantity ("per 5 kilograms").

        A unit listed in ``[per_extra] sized`` takes its form there ("kilograms" -> "kg", "克"
        -> "g", "grams" -> "gram"); one written in Latin letters keeps its written form (lower
        case: "500 ml"); another is named by its per noun ("2斤" -> "2 jin"). A listed or Latin
        unit written against its number stays against it ("500克" -> "500g", "1.5kg"), unless
        its form is a word ("per 100g" -> "100 gram").
        """
        written = " ".join(unit.lower().split())
        form = self.sized_units.get(written)
        latin = form is not None or written.isascii()
        if form is None:
            form = written if written.isascii() else self.per_nouns.get(written, written)
        # (a symbol named by its word is spaced from the number: "100g" -> "100 gram")
        glued = attached and latin and (form == written or len(form) <= _SYMBOL_LEN)
        return f"{qty:f}{'' if glued else ' '}{form}"

    @property
    def cs_list(self) -> tuple[str, ...]:
        """Case-sensitive surfaces (symbols and codes) for the pattern."""
        return tuple(sorted(self.surfaces_cs))

    @property
    def ci_list(self) -> tuple[str, ...]:
        """Case-insensitive surfaces (names) for the pattern."""
        return tuple(sorted(self.surfaces_ci))


def _lowered(path: str, raw: dict[str, Any], section: str, key: str) -> frozenset[str]:
    """Read an optional list of words, lower-cased ("context_origin.nouns")."""
    words = _strs(path, f"{section}.{key}", raw.get(section, {}).get(key, []))
    return frozenset(w.lower() for w in words)


def _rule_tables(
    path: str, raw: dict[str, Any], shared: set[str]
) -> Mapping[str, Mapping[str, object]]:
    """Collect the rule tables ([<stage>.<name>]) of a lexicon file: rule id -> key -> value.

    Raises:
        DataError: A top-level table is neither a shared section nor a stage, a rule's entry is
            not a table, or a list names the same entry twice.

    """
    from moneyx.rules import STAGES  # noqa: PLC0415 - rules imports this module

    out: dict[str, Mapping[str, object]] = {}
    for section, body in raw.items():
        if section in shared:
            continue
        if section not in STAGES:
            raise DataError(path, section, "unknown section (neither a shared role nor a stage)")
        if not isinstance(body, dict):
            raise DataError(path, section, "a stage holds one table per rule")
        for name, table in body.items():
            rule_id = f"{section}.{name}"
            if not isinstance(table, dict):
                raise DataError(path, rule_id, "a rule's data is a table of keys")
            for key, value in table.items():
                if isinstance(value, list):
                    seen: set[object] = set()
                    for item in value:
                        norm = item.lower() if isinstance(item, str) else item
                        if norm in seen:
                            raise DataError(path, f"{rule_id}.{key}", f"{item!r} listed twice")
                        seen.add(norm)
            out[rule_id] = MappingProxyType(dict(table))
    return MappingProxyType(out)


_SYMBOL_LEN = 3  # the longest form of a unit that is a symbol ("kg", "ml"), not a word ("gram")


def _period_nouns(path: str, pp: Mapping[str, Any], per_nouns: Mapping[str, str]) -> dict[str, str]:
    """Return ``[per_phrases] period_nouns``, with ``every`` before each per noun added.

    Chinese writes what a price is per as "every" and the unit before it ("每瓶5元", "每盎司2000
    美元"): each word of ``every`` joined to each word of ``[per_nouns]`` is a period noun of
    that unit, unless ``period_nouns`` lists the pair itself; so is each word of ``every``,
    a general counter of ``every_counters`` and a per noun of two characters or more
    ("每个家庭获得3000元": per household, not per item; not "每个年轻人", a young person).
    """
    out = dict(pp.get("period_nouns", {}))
    counters = _strs(path, "per_phrases.every_counters", pp.get("every_counters", []))
    for e in _strs(path, "per_phrases.every", pp.get("every", [])):
        for noun, label in per_nouns.items():
            out.setdefault(e + noun, label)
            # (a noun of one character after the counter begins longer words: "每个年轻人")
            for c in counters if len(noun) > 1 else ():
                out.setdefault(e + c + noun, label)
    return out


def _numerals(path: str, script: Mapping[str, Any]) -> str:
    kind = script.get("numerals", "words")
    if kind not in ("words", "cjk"):  # not-lexicon: numeral systems
        raise DataError(path, "script.numerals", f"unknown numeral system {kind!r}")
    return str(kind)


def _read(path: str) -> dict[str, Any]:
    rel = path.removeprefix("moneyx/")
    try:
        return cached_toml(resources.files("moneyx").joinpath(rel).read_text("utf-8"))
    except FileNotFoundError as exc:
        raise DataError(path, "", "file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise DataError(path, "", f"invalid TOML: {exc}") from exc


def _dec(path: str, key: str, value: object) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise DataError(path, key, f"not a number: {value!r}") from exc


_JOIN_SPACES = 4  # the most spaces of a phrase whose joined spellings are all listed


def _spellings(phrase: str) -> list[str]:
    """Return ``phrase`` with each combination of its inner spaces dropped ("한국 돈으로 약").

    A leading ", " keeps its comma and space; a phrase of more than ``_JOIN_SPACES`` spaces is
    also written fully joined.
    """
    head = phrase[: len(phrase) - len(phrase.lstrip(", "))]
    words = phrase[len(head) :].split(" ")
    if len(words) - 1 > _JOIN_SPACES:
        return [phrase, head + "".join(words)]
    out = []
    for mask in itertools.product(("", " "), repeat=len(words) - 1):
        out.append(head + words[0] + "".join(j + w for j, w in zip(mask, words[1:], strict=True)))
    return out


def _joined_list(raw: Mapping[str, Any], phrases: tuple[str, ...]) -> tuple[str, ...]:
    """Return ``phrases``, and where the script joins words freely, each other spelling too."""
    if not raw.get("script", {}).get("loose_spacing", False):
        return phrases
    out = dict.fromkeys(phrases)
    for p in phrases:
        out.update(dict.fromkeys(_spellings(p)))
    return tuple(out)


def _joined_too(phrases: dict[str, str]) -> dict[str, str]:
    """Return ``phrases`` with each other spelling of a phrase of several words added."""
    out = dict(phrases)
    for phrase, code in phrases.items():
        for spelled in _spellings(phrase):
            out.setdefault(spelled, code)
    return out


def _strs(path: str, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise DataError(path, key, "expected a list of non-empty strings")
    return tuple(value)


@functools.cache
def currencies() -> Mapping[str, CurrencyInfo]:
    """Load ``currencies.toml`` (cached).

    Returns:
        ISO code -> CurrencyInfo.

    Raises:
        DataError: Malformed data (bad code, empty name, unknown key).

    Example:
        >>> currencies()["KPW"].minor
        ('chon',)

    """
    raw = _read(CURRENCIES_PATH)
    out: dict[str, CurrencyInfo] = {}
    allowed = {"names", "symbols", "minor", "minor_factor", "historic", "unofficial"}
    for code, body in raw.items():
        if len(code) != 3 or not code.isupper() or not code.isalpha():
            raise DataError(CURRENCIES_PATH, code, "not an upper-case 3-letter code")
        unknown = set(body) - allowed
        if unknown:
            raise DataError(CURRENCIES_PATH, code, f"unknown keys {sorted(unknown)}")
        out[code] = CurrencyInfo(
            code=code,
            names=_strs(CURRENCIES_PATH, f"{code}.names", body.get("names", [])),
            symbols=_strs(CURRENCIES_PATH, f"{code}.symbols", body.get("symbols", [])),
            minor=_strs(CURRENCIES_PATH, f"{code}.minor", body.get("minor", [])),
            minor_factor=_dec(
                CURRENCIES_PATH, f"{code}.minor_factor", body.get("minor_factor", 100)
            ),
            historic=bool(body.get("historic", False)),
        )
    return MappingProxyType(out)


def known_codes() -> frozenset[str]:
    """Every ISO code moneyx knows.

    Example:
        >>> "KPW" in known_codes()
        True

    """
    return frozenset(currencies())


def _singular_word(word: str, endings: tuple[tuple[str, str, int], ...]) -> str:
    for plural, single, min_length in endings:
        if word.endswith(plural) and len(word) >= min_length:
            return word[: len(word) - len(plural)] + single
    return word


def _currency_nouns(
    ci: Mapping[str, Surface],
    ambiguous: Mapping[str, object],
    not_bases: frozenset[str],
    currency_words: tuple[str, ...],
    qualifiers: Mapping[str, str],
    endings: tuple[tuple[str, str, int], ...],
) -> tuple[dict[str, str], dict[str, frozenset[str]]]:
    """Derive the currency nouns (every name a surface table knows) and their base labels.

    A code's label is the first generic word of ``[ambiguous]`` that can mean it ("dollar" for
    USD and CAD, "won" for KPW), else its first one-word name ("euro", "yen", "yuan", "ruble");
    a name takes the label of its (first) code ("dlrs" -> "dollar", "kronor" -> "krona"). A
    qualifier with a currency word ("u.s. currency") is a noun too. Names in ``not_bases`` are
    left out.
    """
    code_label: dict[str, str] = {}
    keys = {k.lower() for k in ambiguous}
    for key in ambiguous:
        surface = ci.get(key.lower())
        if surface is None or surface.kind != "ambiguous" or not key[:1].isalpha():
            continue
        single = _singular_word(key.lower(), endings)
        label = single if single in keys else key.lower()
        for code in surface.candidates:
            code_label.setdefault(code, label)
    for info in currencies().values():
        if info.code in code_label or not info.names:
            continue
        words = [n.lower() for n in info.names if " " not in n and n.lower() != info.code.lower()]
        code_label[info.code] = words[0] if words else info.names[0].lower().split()[-1]
    nouns: dict[str, str] = {}
    for key, surface in ci.items():
        if key in not_bases or not key[:1].isalpha() or surface.kind not in ("name", "ambiguous"):
            continue
        if surface.candidates[0] in code_label:
            nouns[key] = code_label[surface.candidates[0]]
    for qual, code in qualifiers.items():
        for word in currency_words:
            if code in code_label:
                nouns.setdefault(f"{qual} {word.lower()}", code_label[code])
    label_codes: dict[str, set[str]] = {}
    for key, label in nouns.items():
        surface = ci.get(key)
        codes = surface.candidates if surface is not None else ()
        if surface is None:
            qual = key.rsplit(" ", 1)[0]
            codes = (qualifiers[qual],) if qual in qualifiers else ()
        label_codes.setdefault(label, set()).update(codes)
    return nouns, {k: frozenset(v) for k, v in label_codes.items()}


class _Builder:
    """Collect surfaces and refuse conflicting definitions."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.cs: dict[str, Surface] = {}
        self.ci: dict[str, Surface] = {}

    def add(self, surface: Surface) -> None:
        table = self.cs if surface.case_sensitive else self.ci
        key = surface.text if surface.case_sensitive else surface.text.lower()
        old = table.get(key)
        if old is not None and old != surface:
            if set(old.candidates) == set(surface.candidates) and old.factor == surface.factor:
                return
            if old.kind == surface.kind == "minor" and old.factor == surface.factor:
                # a minor unit shared by several currencies ("centavo") is ambiguous
                merged = tuple(dict.fromkeys(old.candidates + surface.candidates))
                table[key] = Surface(key, merged, "minor", old.factor, old.key, old.case_sensitive)
                return
            raise DataError(
                self.path,
                key,
                f"conflicting meanings {old.candidates}x{old.factor} and "
                f"{surface.candidates}x{surface.factor}",
            )
        table[key] = surface


@functools.cache
def lexicon(lang: str = "en") -> Lexicon:
    """Load and validate the lexicon of ``lang`` (cached).

    Args:
        lang: Language code of a file in ``moneyx/data/lexicon``.

    Returns:
        The immutable Lexicon.

    Raises:
        DataError: Missing file, unknown ISO code, conflicting surfaces, empty strings.
        ValueError: ``lang`` has no lexicon.

    Example:
        >>> lexicon("en").surface("won").candidates
        ('KPW', 'KRW')

    """
    path = f"moneyx/data/lexicon/{lang}.toml"
    if not resources.files("moneyx").joinpath(f"data/lexicon/{lang}.toml").is_file():
        raise ValueError(f"unsupported language {lang!r}: no moneyx/data/lexicon/{lang}.toml")
    raw = _read(path)
    # shared sections (surfaces and roles several rules read); the other top-level tables are
    # the stages of the rule registry, holding one table per rule: [veto.won-verb]
    known_sections = {
        "script", "names", "ambiguous", "minor", "multiple", "ambiguous_extra", "qualifiers",
        "attached_only", "coins", "article_one", "code_words", "lower_codes", "code_aliases",
        "scaled_codes", "locale", "hedges", "bounds", "ranges", "per_phrases", "per_extra",
        "per_nouns", "wage", "wage_floor", "conversions", "cues", "quantities", "place_lists",
        "plurals", "case_sensitive", "defaults", "not_read",
    }  # fmt: skip
    rule_tables = _rule_tables(path, raw, known_sections)
    codes = known_codes()

    def check(code: str, key: str) -> str:
        if code not in codes:
            raise DataError(path, key, f"unknown ISO code {code!r}")
        return code

    b = _Builder(path)
    one = Decimal(1)
    code_words = set(raw["code_words"]["codes"])
    upper_ok = set(raw["code_words"]["upper_ok"])
    lower_codes = set(raw["lower_codes"]["codes"])
    aliases = {k: check(v, f"code_aliases.{k}") for k, v in raw["code_aliases"].items()}
    for info in currencies().values():
        code = info.code
        if code not in code_words or code in upper_ok:
            b.add(Surface(code, (code,), "code", one, code, True))
            if code in lower_codes:
                b.add(Surface(code.lower(), (code,), "code", one, code, True))
                b.add(Surface(code.capitalize(), (code,), "code", one, code, True))
        for name in info.names:
            b.add(Surface(name.lower(), (code,), "name", one, code, False))
        for sym in info.symbols:
            b.add(Surface(sym, (code,), "symbol", one, code, True))
        for minor in info.minor:
            b.add(Surface(minor.lower(), (code,), "minor", one / info.minor_factor, code, False))
    for code, names in raw.get("names", {}).items():
        check(code, f"names.{code}")
        for name in _strs(path, f"names.{code}", names):
            b.add(Surface(name.lower(), (code,), "name", one, code, False))
    words = {**raw["ambiguous"], **raw["ambiguous_extra"]}
    for alias, code in aliases.items():
        b.add(Surface(alias, (code,), "code", one, code, True))
        # not over a word the lexicon reads as ambiguous: "DLR" is a code, "dlr" is any dollar
        if code in lower_codes and alias.lower() not in words:
            b.add(Surface(alias.lower(), (code,), "code", one, code, True))
    # a unit the shared tables give that the language never writes so ("p" for pence: Korean
    # stock reports write an index's points "30.19p")
    for word in _strs(path, "not_read.words", raw.get("not_read", {}).get("words", [])):
        b.ci.pop(word.lower(), None)
        b.cs.pop(word, None)
    for fused, (code, factor) in raw["scaled_codes"].items():
        check(code, f"scaled_codes.{fused}")
        b.add(Surface(fused, (code,), "code", _dec(path, fused, factor), code, True))
        b.add(Surface(fused.lower(), (code,), "code", _dec(path, fused, factor), code, True))
    ambiguous: dict[str, tuple[str, ...]] = {}
    for surface, cands in {**raw["ambiguous"], **raw["ambiguous_extra"]}.items():
        ambiguous[surface] = tuple(check(c, f"ambiguous.{surface}") for c in cands)
    # surfaces with letters matched case-sensitively all the same ("Rs", "kr")
    cs_raw = raw.get("case_sensitive", {}).get("surfaces", [])
    case_sensitive = set(_strs(path, "case_sensitive.surfaces", cs_raw))
    for surface in raw["ambiguous"]:
        cs = not any(ch.isalpha() for ch in surface) or surface in case_sensitive
        text = surface if cs else surface.lower()
        # a language may make ambiguous what currencies.toml writes as one currency's sign (元
        # is the yuan's, and in Chinese text also the unit of the North Korean won)
        if surface in b.cs and b.cs[surface].kind == "symbol":
            del b.cs[surface]
        b.add(Surface(text, ambiguous[surface], "ambiguous", one, surface, cs))
    for surface, (major, per) in raw["minor"].items():
        # the major unit: an ambiguous surface ("dollar", "元") or one currency's code ("USD":
        # 美分 is the US cent whatever the passage)
        if major in ambiguous:
            cands = ambiguous[major]
        elif major in raw.get("names", {}):
            cands = (check(major, f"minor.{surface}"),)
        else:
            raise DataError(path, f"minor.{surface}", f"unknown major surface {major!r}")
        cs = not any(ch.isalpha() for ch in surface)
        factor = one / _dec(path, f"minor.{surface}", per)
        b.add(Surface(surface, cands, "minor", factor, major, cs))
    for surface, (major, factor) in raw["multiple"].items():
        if major not in ambiguous:
            raise DataError(path, f"multiple.{surface}", f"unknown major surface {major!r}")
        b.add(
            Surface(
                surface, ambiguous[major], "multiple", _dec(path, surface, factor), major, False
            )
        )

    for qual, code in raw["qualifiers"].items():
        check(code, f"qualifiers.{qual}")
        for surface in raw["ambiguous"]:
            if code in ambiguous[surface] and any(ch.isalpha() for ch in surface):
                name = f"{qual} {surface}".lower()
                if name not in b.ci:
                    b.add(Surface(name, (code,), "name", one, code, False))
        for surface, (major, per) in raw["minor"].items():
            if code in ambiguous.get(major, ()) and len(surface) > 2:
                name = f"{qual} {surface}".lower()
                if name not in b.ci:
                    factor = one / _dec(path, f"minor.{surface}", per)
                    b.add(Surface(name, (code,), "minor", factor, code, False))
    for surface in list(b.cs):
        if " " in surface:  # the same symbol written with a no-break space
            b.cs.setdefault(surface.replace(" ", "\u00a0"), b.cs[surface])

    locales: dict[str, Mapping[str, str]] = {}
    for loc, table in raw["locale"].items():
        for surface, code in table.items():
            check(code, f"locale.{loc}.{surface}")
        locales[loc.lower()] = MappingProxyType(dict(table))

    bounds: dict[str, str] = {}
    for word in raw["bounds"].get("after_unless", {}):
        if word not in raw["bounds"]["after"]:
            raise DataError(path, f"bounds.after_unless.{word}", "not a bound in [bounds] after")
    for table in ("after", "fused"):
        for phrase, kind in raw["bounds"][table].items():
            if kind not in ("gt", "ge", "lt", "le"):  # not-lexicon: bound kinds
                raise DataError(path, f"bounds.{table}.{phrase}", f"unknown bound {kind!r}")
    for kind in ("gt", "ge", "lt", "le"):  # not-lexicon: bound kinds
        for phrase in _strs(path, f"bounds.{kind}", raw["bounds"][kind]):
            bounds.setdefault(phrase.lower(), kind)
    per_nouns = {}
    for noun, label in raw["per_nouns"].items():
        if not isinstance(label, str) or not label:
            raise DataError(path, f"per_nouns.{noun}", "expected a non-empty label")
        per_nouns[noun.replace("_", " ").lower()] = label
    strong = {}
    weak = {}
    for code, cues in raw["cues"].items():
        check(code, f"cues.{code}")
        strong[code] = _strs(path, f"cues.{code}.strong", cues.get("strong", []))
        weak[code] = tuple(cues.get("weak", []))
    phrases = {}
    conv = raw["conversions"]
    for phrase, code in conv["currency_phrases"].items():
        if code:
            check(code, f"conversions.currency_phrases.{phrase}")
        phrases[phrase.lower()] = code
    phrases_before = {}
    for phrase, code in conv.get("before", {}).items():
        if code:
            check(code, f"conversions.before.{phrase}")
        phrases_before[phrase.lower()] = code
    speaker = _strs(path, "conversions.speaker", conv.get("speaker", []))
    if not set(speaker) <= set(conv.get("before", {})):
        raise DataError(path, "conversions.speaker", "a speaker phrase must be listed in before")
    if raw.get("script", {}).get("loose_spacing", False):
        # "북한돈으로" is "북한 돈으로": the same phrase with its words joined
        phrases = _joined_too(phrases)
        phrases_before = _joined_too(phrases_before)
        speaker = tuple(sorted({v for p in speaker for v in _spellings(p)}))
    overrule = raw.get("defaults", {}).get("cues_overrule", "sentence")
    if overrule not in ("sentence", "document"):  # not-lexicon: cue scopes
        raise DataError(path, "defaults.cues_overrule", f"unknown scope {overrule!r}")
    pp = raw["per_phrases"]
    pl = raw.get("place_lists", {})
    plurals = raw.get("plurals", {})
    plural_endings = tuple(
        (str(e["plural"]), str(e["singular"]), int(e.get("min_length", 0)))
        for e in plurals.get("endings", [])
    )
    nouns, label_codes = _currency_nouns(
        b.ci,
        raw["ambiguous"],
        frozenset(w.lower() for w in raw["per_extra"].get("not_bases", [])),
        tuple(raw["per_extra"].get("currency_words", [])),
        {q.lower(): c for q, c in raw["qualifiers"].items()},
        plural_endings,
    )
    locale_own = locales.get(lang, MappingProxyType({}))
    word_boundaries = bool(raw.get("script", {}).get("word_boundaries", True))
    if word_boundaries:
        # a currency name is a unit too ("1,413 won per dollar"), unless it is also a common
        # word ("won", "pound": [per_extra] no_prefix) or a unit of its own ("pound" = lb)
        no_prefix = {w.lower() for w in raw["per_extra"]["no_prefix"]}
        for noun, label in nouns.items():
            if noun not in no_prefix:
                per_nouns.setdefault(noun, label)
    return Lexicon(
        lang=lang,
        word_boundaries=word_boundaries,
        numerals=_numerals(path, raw.get("script", {})),
        letters=_strs(path, "script.letters", raw.get("script", {}).get("letters", [])),
        spaced=bool(raw.get("script", {}).get("spaced", True)),
        particles=_strs(path, "script.particles", raw.get("script", {}).get("particles", [])),
        full_stops=_strs(path, "script.full_stops", raw.get("script", {}).get("full_stops", [])),
        surfaces_cs=MappingProxyType(b.cs),
        surfaces_ci=MappingProxyType(b.ci),
        grouped_prefixes=frozenset(raw["attached_only"].get("grouped", [])),
        coins=frozenset(raw["coins"]["surfaces"]),
        article_one=frozenset(raw["article_one"]["surfaces"]),
        articles=frozenset(raw["article_one"]["articles"]),
        locales=MappingProxyType(locales),
        hedges=_strs(path, "hedges.words", raw["hedges"]["words"]),
        hedges_after=_strs(path, "hedges.after", raw["hedges"]["after"]),
        hedges_attached=_strs(path, "hedges.attached", raw["hedges"]["attached"]),
        hedges_fused=_strs(path, "hedges.fused", raw["hedges"]["fused"]),
        bounds_after=MappingProxyType(dict(raw["bounds"]["after"])),
        bounds_fused=MappingProxyType(dict(raw["bounds"]["fused"])),
        bounds=MappingProxyType(bounds),
        # a move ("→", "升至") connects a pair like a dash: the pair is then two amounts
        range_dash=tuple(
            dict.fromkeys(
                (
                    *_strs(path, "ranges.dash", raw["ranges"]["dash"]),
                    *_strs(path, "ranges.moves", raw["ranges"].get("moves", [])),
                )
            )
        ),
        range_open_and=_strs(path, "ranges.open_and", raw["ranges"]["open_and"]),
        range_open_to=_strs(path, "ranges.open_to", raw["ranges"]["open_to"]),
        range_and=_strs(path, "ranges.and", raw["ranges"]["and"]),
        range_close=tuple(raw["ranges"].get("close", [])),
        range_neighbours=tuple(raw["ranges"].get("neighbours", [])),
        per_words=_strs(path, "per_phrases.words", pp["words"]),
        per_adverbs=MappingProxyType(dict(pp["adverbs"])),
        period_adjectives=MappingProxyType(dict(pp["period_adjectives"])),
        distributive=_strs(path, "per_phrases.distributive", pp["distributive"]),
        per_nouns=MappingProxyType(per_nouns),
        per_before_suffix=tuple(pp.get("before_suffix", [])),
        period_nouns=MappingProxyType(_period_nouns(path, pp, per_nouns)),
        period_not_before=tuple(pp.get("period_not_before", [])),
        per_counted=tuple(pp.get("counted", [])),
        per_sold_for=tuple(pp.get("sold_for", [])),
        per_price_terms=tuple(pp.get("price_terms", [])),
        per_measure_of=tuple(pp.get("measure_of", [])),
        measures=tuple(pp.get("measures", [])),
        percent_words=_lowered(path, raw, "quantities", "percent"),
        minus_words=tuple(
            _strs(path, "quantities.minus", raw.get("quantities", {}).get("minus", []))
        ),
        minus_after=tuple(
            _strs(path, "quantities.minus_after", raw.get("quantities", {}).get("minus_after", []))
        ),
        month_abbreviations=tuple(raw.get("quantities", {}).get("months", [])),
        gloss_alternative=tuple(conv.get("alternative", [])),
        place_prepositions=tuple(pl.get("prepositions", [])),
        place_articles=tuple(pl.get("articles", [])),
        place_markets=tuple(pl.get("markets", [])),
        list_per=tuple(pl.get("per", [])),
        list_and=tuple(pl.get("and", [])),
        list_contrast=tuple(pl.get("contrast", [])),
        period_labels=frozenset(pp.get("periods", [])),
        not_plural=_lowered(path, raw, "plurals", "not_plural")
        | _lowered(path, raw, "plurals", "not_plural_verbs")
        | _lowered(path, raw, "plurals", "not_plural_amounts"),
        singular_endings=tuple(raw.get("plurals", {}).get("singular_endings", [])),
        plural_endings=plural_endings,
        # a quoted rate's base as one code: the label's only code, else the language's default
        # for it ("dollar" -> USD in English news); "won" (KPW or KRW) has none
        rate_units=MappingProxyType(
            {
                label: next(iter(codes)) if len(codes) == 1 else locale_own[label]
                for label, codes in label_codes.items()
                if len(codes) == 1 or locale_own.get(label) in codes
            }
        ),
        currency_nouns=MappingProxyType(nouns),
        label_codes=MappingProxyType(label_codes),
        no_prefix=frozenset(raw["per_extra"]["no_prefix"]),
        carry_units=frozenset(raw["per_extra"].get("carry_units", [])),
        sized_units=MappingProxyType(
            {k.lower(): str(v) for k, v in raw["per_extra"].get("sized", {}).items()}
        ),
        reported_units=MappingProxyType(dict(raw["per_extra"].get("reported", {}))),
        other_sums=_lowered(path, raw, "per_extra", "other_sums"),
        people=_lowered(path, raw, "per_extra", "people"),
        people_label=raw["per_extra"].get("people_label"),
        # one-word currency names ("dollars", "yuan", "usd"), never the ones that are also
        # common words ("won", "pound", "mark": [per_extra] no_prefix and not_bases)
        rate_words=frozenset(
            n
            for n in nouns
            if n.isalpha() and n not in frozenset(w.lower() for w in raw["per_extra"]["no_prefix"])
        ),
        wage_nouns=frozenset(raw["wage"]["nouns"]),
        wage_verbs=frozenset(raw["wage"]["verbs"]),
        wage_floor=MappingProxyType(
            {
                check(code, f"wage_floor.{code}"): MappingProxyType(
                    {per: _dec(path, f"wage_floor.{code}.{per}", v) for per, v in floors.items()}
                )
                for code, floors in raw.get("wage_floor", {}).items()
            }
        ),
        currency_phrases=MappingProxyType(phrases),
        qualifiers=MappingProxyType({q.lower(): c for q, c in raw["qualifiers"].items()}),
        currency_phrases_before=MappingProxyType(phrases_before),
        speaker_phrases=frozenset(p.lower() for p in speaker),
        cues_overrule=str(overrule),
        range_changes=MappingProxyType(
            {
                sep.lower(): _strs(path, f"ranges.changes.{sep}", after)
                for sep, after in raw["ranges"].get("changes", {}).items()
            }
        ),
        range_moves=frozenset(_strs(path, "ranges.moves", raw["ranges"].get("moves", []))),
        bounds_after_unless=MappingProxyType(
            {
                w: _strs(path, f"bounds.after_unless.{w}", stems)
                for w, stems in raw["bounds"].get("after_unless", {}).items()
            }
        ),
        postposed_phrases=frozenset(conv.get("postposed", [])),
        gloss_appositive=_joined_list(raw, tuple(conv.get("appositive", []))),
        gloss_equivalence=_joined_list(
            raw, _strs(path, "conversions.equivalence", conv["equivalence"])
        ),
        movement=frozenset(raw["ranges"].get("movement", [])),
        movement_not_before=frozenset(raw["ranges"].get("movement_not_before", [])),
        movement_nouns=frozenset(raw["ranges"].get("movement_nouns", [])),
        movement_noun_links=frozenset(raw["ranges"].get("movement_noun_links", [])),
        range_verbs=frozenset(raw["ranges"].get("range_verbs", [])),
        context_strong=MappingProxyType(strong),
        context_weak=MappingProxyType(weak),
        rules=rule_tables,
    )
