"""Numeral text -> Decimal: digits with separators, scale words, English number words.

The English vocabulary comes from ``moneyx/data/numbers/en.toml``; this module only knows how
words combine (units, tens, hundreds, multipliers, fractions, "point" decimals).
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Context, Decimal, DivisionByZero, InvalidOperation, localcontext
from importlib import resources
from types import MappingProxyType

import regex

from moneyx.errors import DataError, NumberParseError

_SPACES = regex.compile(r"[\s\u00a0\u202f]")
_FUSED = regex.compile(r"([-−]?[\d.,]+)([A-Za-z]+)")

__all__ = [
    "EMPTY_WORDS",
    "EXACT",
    "CjkNumerals",
    "NumberWords",
    "cjk_numerals",
    "is_cjk",
    "is_number",
    "number_words",
    "parse_number",
]

EXACT = Context(prec=400, Emax=999999, Emin=-999999, traps=[InvalidOperation, DivisionByZero])
"""Arithmetic context for amounts: wide enough that no realistic (or absurd) figure rounds."""
_CJK_TOKEN = regex.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\S")

# a hyphen between words splits them, not the one of a fraction ("1-1/2 billion"), nor the space
# of one ("3 1/2 million")
_SPLIT = regex.compile(
    r"(?!(?<=\d)[ ][0-9]{1,2}/[0-9])[\s\u00a0\u202f]+|(?<=\w)[-‐–](?=\w)(?![0-9]{1,2}/[0-9])"
)
_DIGITS = regex.compile(
    r"""(?x)
    (?P<neg>[-−–])?
    (?P<int>\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})+,\d{3}|\d{1,3}(?:[\u00a0\u202f\ ]\d{3})+|\d+)?
    (?P<frac>\.\d+)?
    """
)
# a decimal comma ("92,45 rubles", "0,08 won"): a comma before one or two digits cannot group
# thousands, and neither can one after a lone zero
_DECIMAL_COMMA = regex.compile(
    r"(?P<neg>[-−–])?(?:(?P<int>0),(?P<frac>\d+)|(?P<int>[1-9]\d{0,2}),(?P<frac>\d{1,2}))"
)

# a continental figure: thousands grouped by periods or spaces before a decimal comma and two
# digits ("9.990,00 €", "17 940,00 руб"), or by two or more periods ("8.000.000 ₫")
_CONTINENTAL = regex.compile(
    r"(?P<neg>[-−–])?(?:(?P<int>\d{1,3}(?:\.\d{3})+|\d{1,3}(?:[\u00a0\u202f\ ]\d{3})+)"
    r",(?P<frac>\d\d)|(?P<int>\d{1,3}(?:\.\d{3}){2,}))"
)

# a wire-service fraction ("177-1/2 pence", "41-1/2 cts", "22 3/8 dlrs"): a whole number, a hyphen
# or a space, and a binary fraction (halves to sixty-fourths, as market prices were quoted), one
# amount; or the fraction alone ("3/4 cent")
# and a fraction of the last decimal place ("5.01-1/4 dlrs" is 5.0125: a quarter cent)
_FRACTION = regex.compile(
    r"(?P<neg>[-−–])?(?:(?P<int>[0-9]+(?:\.(?P<dec>[0-9]{1,4}))?)[- ])?"
    r"(?P<num>[0-9]{1,2})/(?P<den>[0-9]{1,2})"
)
_DENOMINATORS = frozenset({2, 4, 8, 16, 32, 64})


@dataclass(frozen=True, slots=True)
class NumberWords:
    """The number vocabulary of one language, by role."""

    small: Mapping[str, int]
    hundred: frozenset[str]
    multipliers: Mapping[str, Decimal]
    attached: Mapping[str, Decimal]
    fractions: Mapping[str, Decimal]
    articles: frozenset[str]
    zero: frozenset[str]
    connectors: frozenset[str]
    decimal: frozenset[str]
    # words that may join two number words in running text ("two hundred and fifty", "a couple
    # of million"): the number pattern lets them through, the parser decides
    joiners: tuple[str, ...] = ()

    @property
    def all_words(self) -> tuple[str, ...]:
        """Every word that may appear inside a written-out number (for pattern building)."""
        words = (
            set(self.small)
            | self.hundred
            | set(self.multipliers)
            | set(self.fractions)
            | self.articles
            | self.zero
            | self.decimal
        )
        return tuple(sorted(words))


EMPTY_WORDS = NumberWords(
    small=MappingProxyType({}),
    hundred=frozenset(),
    multipliers=MappingProxyType({}),
    attached=MappingProxyType({}),
    fractions=MappingProxyType({}),
    articles=frozenset(),
    zero=frozenset(),
    connectors=frozenset(),
    decimal=frozenset(),
)
"""No number words: languages whose numerals are characters (see ``cjk_numerals``)."""


@functools.cache
def number_words(lang: str = "en") -> NumberWords:
    """Load the number vocabulary of ``lang`` (cached).

    Args:
        lang: Language code of a file in ``moneyx/data/numbers``.

    Returns:
        The immutable vocabulary.

    Raises:
        DataError: The file is missing or malformed.

    Example:
        >>> number_words("en").small["twenty"]
        20

    """
    path = f"moneyx/data/numbers/{lang}.toml"
    try:
        raw = tomllib.loads(
            resources.files("moneyx").joinpath(f"data/numbers/{lang}.toml").read_text("utf-8")
        )
    except FileNotFoundError as exc:
        raise DataError(path, "", f"no number words for language {lang!r}") from exc
    small: dict[str, int] = {}
    for role in ("units", "teens", "tens"):  # not-lexicon: TOML keys
        for word, value in raw.get(role, {}).items():
            if not word or not isinstance(value, int):
                raise DataError(path, f"{role}.{word}", "expected a non-empty word and an integer")
            small[word] = value

    def decimals(role: str) -> dict[str, Decimal]:
        out = {}
        for word, value in raw.get(role, {}).items():
            try:
                out[word] = Decimal(str(value))
            except InvalidOperation as exc:
                raise DataError(path, f"{role}.{word}", f"not a number: {value!r}") from exc
        return out

    return NumberWords(
        small=MappingProxyType(small),
        hundred=frozenset(raw.get("hundred", {})),
        multipliers=MappingProxyType({k.lower(): v for k, v in decimals("multipliers").items()}),
        attached=MappingProxyType(decimals("attached_multipliers")),
        fractions=MappingProxyType(decimals("fractions")),
        articles=frozenset(raw.get("articles", {}).get("words", [])),
        zero=frozenset(raw.get("zero", [])),
        connectors=frozenset(raw.get("connectors", {}).get("words", [])),
        joiners=tuple(raw.get("connectors", {}).get("joiners", [])),
        decimal=frozenset(raw.get("decimal", {}).get("words", [])),
    )


@dataclass(frozen=True, slots=True)
class CjkNumerals:
    """Korean/Chinese/Japanese numerals by role (``moneyx/data/numbers/cjk.toml``)."""

    digits: Mapping[str, int]
    small: Mapping[str, int]
    myriad: Mapping[str, Decimal]
    decimal: frozenset[str]
    # characters of a vague tail read inside a numeral and skipped: "三千多万" is 30,000,000
    # (what they mean, "more than", is the lexicon's: [bounds] fused, [hedges] fused)
    vague: frozenset[str] = frozenset()

    @property
    def chars(self) -> str:
        """Every numeral character (for pattern building)."""
        every = set(self.digits) | set(self.small) | set(self.myriad) | self.decimal | self.vague
        return "".join(sorted(every))


@functools.cache
def cjk_numerals() -> CjkNumerals:
    """Load the CJK numerals (cached).

    Raises:
        DataError: A numeral is not one character.

    Example:
        >>> cjk_numerals().myriad["만"]
        Decimal('10000')

    """
    path = "moneyx/data/numbers/cjk.toml"
    raw = tomllib.loads(
        resources.files("moneyx").joinpath("data/numbers/cjk.toml").read_text("utf-8")
    )
    for role in ("digits", "small", "myriad"):  # not-lexicon: TOML keys
        for ch in raw[role]:
            if len(ch) != 1:
                raise DataError(path, f"{role}.{ch}", "a numeral is one character")
    vague = raw.get("vague", {}).get("words", [])
    if any(len(ch) != 1 for ch in vague):
        raise DataError(path, "vague.words", "a vague tail is one character")
    return CjkNumerals(
        digits=MappingProxyType(dict(raw["digits"])),
        small=MappingProxyType(dict(raw["small"])),
        myriad=MappingProxyType({k: Decimal(v) for k, v in raw["myriad"].items()}),
        decimal=frozenset(raw["decimal"]["words"]),
        vague=frozenset(vague),
    )


@functools.cache
def is_cjk(lang: str) -> bool:
    """Tell whether ``lang`` writes its numerals as characters grouped by myriads.

    Its lexicon says so (``[script] numerals = "cjk"``); a language without a lexicon does not.

    Example:
        >>> is_cjk("ko"), is_cjk("en")
        (True, False)

    """
    from moneyx.lexicon import lexicon  # noqa: PLC0415 - numbers sits below lexicon's users

    try:
        return lexicon(lang).numerals == "cjk"  # not-lexicon: a numeral system's name
    except ValueError:
        return False


def _parse_cjk(text: str) -> Decimal:
    """Read a CJK numeral, grouping by myriads: 이천칠백삼십오만 -> 27350000, 2만5천 -> 25000.

    A myriad after a smaller one multiplies all before it (万亿 = 10^12: "15.6万亿" is
    15.6 x 10^12); after a larger one it starts the next group ("一亿二千万" = 1.2 x 10^8).
    """
    cj = cjk_numerals()
    total = Decimal(0)
    section = Decimal(0)  # the part below the current myriad
    current: Decimal | None = None  # a digit (or Arabic number) waiting for its multiplier
    last_myriad: Decimal | None = None
    seen = False
    tokens = _positional(
        [
            t
            for t in _CJK_TOKEN.findall(text.replace(" ", "").replace("\u00a0", ""))
            if t not in cj.vague
        ],
        cj,
    )
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in cj.decimal:
            return _cjk_decimal(text, tokens[i + 1 :], total + section + (current or 0), cj)
        if tok[0].isdigit():
            # (a place-holding zero may stand before Arabic digits: "33萬零316" = 330,316)
            if current is not None and not (current == 0 and tokens[i - 1] in cj.digits):
                raise NumberParseError(text, f"two numbers in a row at {tok!r}")
            current = _digits(tok)
            seen = True
        elif tok in cj.digits:
            # a zero holds an empty place ("一百零一萬" = 1,010,000): the digit after it counts
            if current is not None and not (current == 0 and tokens[i - 1] in cj.digits):
                raise NumberParseError(text, f"two digits in a row at {tok!r}")
            current = Decimal(cj.digits[tok])
            seen = True
        elif tok in cj.small:
            # "一千零十" = 1,010: a ten after the place-holding zero is one ten
            held = current == 0 and tokens[i - 1] in cj.digits
            section += (1 if current is None or held else current) * cj.small[tok]
            current = None
            seen = True
        elif tok in cj.myriad:
            mult = cj.myriad[tok]
            group = section + (current or 0)
            if last_myriad is not None and mult > last_myriad:
                total = (total + group) * mult  # 万亿: the larger myriad scales what came before
            else:
                total += (group if group else 1) * mult
            last_myriad = mult
            section, current = Decimal(0), None
            seen = True
        else:
            raise NumberParseError(text, f"not a numeral: {tok!r}")
        i += 1
    if not seen:
        raise NumberParseError(text, "no number")
    return total + section + _elided_place(tokens, current, cj)


def _elided_place(tokens: list[str], current: Decimal | None, cj: CjkNumerals) -> Decimal:
    """Return the last digit's value: of the place below the unit it follows, if it is bare.

    "一万五" and "1万5" are 15,000, "三千五" is 3,500 and "两百五" 250: a lone digit after a unit
    of a hundred or more counts the next place down (with 零 between it counts units:
    "一万零五" = 10,005).
    """
    if current is None:
        return Decimal(0)
    last = tokens[-1]
    if len(tokens) < 2 or not (last in cj.digits or (len(last) == 1 and last.isdigit())):
        return current
    before = tokens[-2]
    unit = cj.small.get(before) or cj.myriad.get(before)
    if unit is None or unit < 100 or not 1 <= current <= 9:
        return current
    return current * Decimal(int(unit) // 10)


def _positional(tokens: list[str], cj: CjkNumerals) -> list[str]:
    """Write each run of bare digit characters read place by place as one Arabic number.

    Taiwanese copy writes figures digit by digit ("五四二．五億" = 542.5 x 10^8): a run of three
    or more digits, or of two before a decimal point, is positional. Two digits before a
    multiplier are an approximate range ("三四百": three or four hundred), read elsewhere.
    """
    out: list[str] = []
    i = 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and tokens[j] in cj.digits:
            j += 1
        if j - i >= 3 or (j - i == 2 and j < len(tokens) and tokens[j] in cj.decimal):
            out.append("".join(str(cj.digits[t]) for t in tokens[i:j]))
            i = j
        else:
            out.append(tokens[i])
            i += 1
    return out


def _cjk_decimal(text: str, rest: list[str], whole: Decimal, cj: CjkNumerals) -> Decimal:
    """Read the digits after a decimal point and the myriads after them ("一点五亿": 1.5亿)."""
    k = 0
    while k < len(rest) and (rest[k] in cj.digits or rest[k].isdigit()):
        k += 1
    frac = "".join(str(cj.digits[t]) if t in cj.digits else t for t in rest[:k])
    if not frac.isdigit() or any(t not in cj.myriad for t in rest[k:]):
        raise NumberParseError(text, "digits expected after the decimal point")
    value = whole + Decimal("0." + frac)
    for t in rest[k:]:
        value *= cj.myriad[t]
    return value


def _fraction(token: str) -> Decimal | None:
    """Read "177-1/2" as 177.5: a whole number and a binary fraction of one (never "1/1").

    After decimals the fraction is one of the last place: "5.01-1/4" is 5.0125.
    """
    m = _FRACTION.fullmatch(token)
    if m is None:
        return None
    num, den = int(m.group("num")), int(m.group("den"))
    if den not in _DENOMINATORS or not 0 < num < den:
        return None
    place = Decimal(1).scaleb(-len(m.group("dec") or ""))
    with localcontext(EXACT):
        value = Decimal(m.group("int") or 0) + (Decimal(num) / Decimal(den)) * place
    return -value if m.group("neg") else value


def _digits(token: str) -> Decimal | None:
    if "/" in token:
        return _fraction(token)
    ct = _CONTINENTAL.fullmatch(token)
    if ct is not None:
        whole = "".join(ch for ch in ct.group("int") if ch.isdigit())
        value = Decimal(whole + (f".{ct.group('frac')}" if ct.group("frac") else ""))
        return -value if ct.group("neg") else value
    dc = _DECIMAL_COMMA.fullmatch(token)
    if dc is not None:
        value = Decimal(f"{dc.group('int')}.{dc.group('frac')}")
        return -value if dc.group("neg") else value
    m = _DIGITS.fullmatch(token)
    if m is None or not (m.group("int") or m.group("frac")):
        return None
    body = (m.group("int") or "0").replace(",", "")
    body = _SPACES.sub("", body)
    value = Decimal(body + (m.group("frac") or ""))
    return -value if m.group("neg") else value


def _words(tokens: list[str], nw: NumberWords, text: str) -> Decimal:
    """Combine number words: total + current group, multipliers close a group."""
    total = Decimal(0)
    group = Decimal(0)
    seen = False
    after_and = False
    last_small = 1000  # magnitude of the last unit/teen/ten word, to refuse "five five"
    last_mult: Decimal | None = None  # the last scale word: scales only fall ("six million
    # and ten million" is two numbers; "three billion two million" is one)
    if tokens and tokens[-1].lower() in nw.connectors:
        raise NumberParseError(text, f"ends with {tokens[-1]!r}")
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        low = tok.lower()
        if low in nw.connectors:
            if not seen:
                raise NumberParseError(text, f"starts with {tok!r}")
            after_and = True
            i += 1
            continue
        if low == "of" and i and tokens[i - 1].lower() in nw.fractions:
            i += 1  # "a quarter of a million"
            continue
        if low in nw.decimal:
            # "one point three": the digits after "point" are read one by one; a scale may
            # follow ("two point five million")
            digits = []
            j = i + 1
            while j < len(tokens):
                t = tokens[j]
                v = nw.small.get(t.lower())
                d = _digits(t)
                if v is not None and v < 10:
                    digits.append(str(v))
                elif t.lower() in nw.zero:
                    digits.append("0")
                elif d is not None and d == d.to_integral_value() and d >= 0:
                    # "two-point-09 million": the digits as written, their zeros kept
                    digits.append(t if t.isascii() and t.isdigit() else str(int(d)))
                else:
                    break
                j += 1
            if not digits:
                raise NumberParseError(text, "'point' with no digits after it")
            # the scales after it multiply the group only, and fall as ever: "three trillion
            # one-point-two trillion" is two numbers, "two billion one point five million" one
            value = group + Decimal("0." + "".join(digits))
            for t in tokens[j:]:
                mult = nw.multipliers.get(t.lower()) or nw.attached.get(t)
                if mult is None:
                    raise NumberParseError(text, f"unexpected {t!r} after 'point'")
                if last_mult is not None and mult >= last_mult:
                    raise NumberParseError(text, f"{t!r} after a smaller or equal scale")
                value *= mult
            return total + value
        d = _digits(tok)
        if d is not None:
            # "14-hundred-80" (broadcast copy): the tens and units after a count of hundreds
            after_hundred = i > 0 and tokens[i - 1].lower() in nw.hundred and not group % 100
            if seen and group and d >= 1 and not (after_hundred and d < 100 and d == int(d)):
                raise NumberParseError(text, f"digits {tok!r} after number words")
            group += d
            seen = True
        elif low in nw.small:
            v = nw.small[low]
            size = 10 if v >= 10 else 1
            if group and group % 100 and size >= last_small:
                raise NumberParseError(text, f"{tok!r} cannot follow {tokens[i - 1]!r}")
            if size == 10 and v < 20 and group % 10:
                raise NumberParseError(text, f"{tok!r} cannot follow {tokens[i - 1]!r}")
            last_small = size if v >= 20 or v < 10 else 0
            group += v
            seen = True
        elif low in nw.zero:
            seen = True
        elif low in nw.hundred:
            if not seen:  # "a few hundred yuan": the article was not part of the number
                raise NumberParseError(text, f"{tok!r} with no number before it")
            group = (group or Decimal(1)) * 100
            last_small = 1000
            seen = True
        elif low in nw.fractions:
            # "half a million", "a quarter million", "three quarters billion"
            frac = nw.fractions[low]
            if after_and and group:
                group += frac  # "one and a half million"
            elif after_and and last_mult is not None and total:
                total += last_mult * frac  # "a million and a half"
            else:
                group = (group or Decimal(1)) * frac
            seen = True
        elif low in nw.articles:
            # "a million", "half a million", "a quarter million"; "a" alone counts as one
            prev = tokens[i - 1].lower() if i else ""
            nxt = tokens[i + 1].lower() if i + 1 < len(tokens) else ""
            if prev in nw.fractions or nxt in nw.fractions or prev == "of":
                i += 1
                continue
            if group:
                raise NumberParseError(text, f"article {tok!r} inside a number")
            group = Decimal(1)
            seen = True
        elif low in nw.multipliers or tok in nw.attached:
            mult = nw.multipliers[low] if low in nw.multipliers else nw.attached[tok]
            if not seen:
                raise NumberParseError(text, f"scale {tok!r} with no number before it")
            if group == 0 and total > 0:
                if tokens[i - 1] in nw.attached:
                    # "$4.5bn trillion": an abbreviated scale ends its figure; a scale word
                    # after it is a slip of the pen, and which scale was meant is unknown
                    raise NumberParseError(text, f"{tok!r} after the abbreviated scale")
                total *= mult  # "ten thousand million"
            else:
                if last_mult is not None and mult >= last_mult:
                    raise NumberParseError(text, f"{tok!r} after a smaller or equal scale")
                total += (group or Decimal(1)) * mult
            last_mult = mult
            group = Decimal(0)
            last_small = 1000
        else:
            raise NumberParseError(text, f"unknown number word {tok!r}")
        if low not in nw.articles:
            after_and = False
        i += 1
    if not seen:
        raise NumberParseError(text, "no number")
    if (
        any(t.lower() in nw.fractions for t in tokens)
        and not any(
            t.lower() in nw.multipliers or t in nw.attached or t.lower() in nw.hundred
            for t in tokens
        )
        and not _unit_fraction(tokens, nw)
    ):
        raise NumberParseError(text, "a fraction word needs a scale after it ('half a million')")
    return total + group


def _unit_fraction(tokens: list[str], nw: NumberWords) -> bool:
    """Tell whether a fraction reads as a fraction of one unit: "half a" (cent), "one and a half".

    A fraction alone ("half", "a quarter") is no number: it needs the article of the unit after
    it or a whole number joined by "and" before it.
    """
    low = [t.lower() for t in tokens]
    if len(low) == 2 and low[0] in nw.fractions and low[1] in nw.articles:
        return True
    return (
        len(low) >= 3
        and low[-1] in nw.fractions
        and any(t in nw.connectors for t in low[1:-1])
        and low[0] not in nw.fractions
    )


@functools.lru_cache(maxsize=4096)
def _parse_cached(text: str, lang: str) -> Decimal:
    if is_cjk(lang):
        direct = _digits(text.strip())
        return direct if direct is not None else _parse_cjk(text)
    nw = number_words(lang)
    stripped = text.strip()
    if not stripped:
        raise NumberParseError(text, "empty")
    direct = _digits(stripped)
    if direct is not None:
        return direct
    tokens = _tokens(stripped, nw)
    if not tokens:
        raise NumberParseError(text, "empty")
    return _words(tokens, nw, text)


def parse_number(text: str, *, lang: str = "en") -> Decimal:
    """Read a numeral phrase as a Decimal.

    Handles digits with thousands separators and decimals ("1,234.56", "12,34,567.89",
    "10 000"), scale words and abbreviations ("1.6 million", "5m", "$2.5-billion" without the
    "$"), and written-out numbers ("five million", "two hundred and fifty", "half a million").

    Args:
        text: The numeral phrase only (no currency).
        lang: Language of the number words.

    Returns:
        The exact value.

    Raises:
        NumberParseError: The text is not a number phrase.

    Example:
        >>> parse_number("1.6 million")
        Decimal('1600000.0')
        >>> parse_number("two hundred and fifty")
        Decimal('250')
        >>> parse_number("half a million")
        Decimal('500000.0')

    """
    if not isinstance(text, str):
        raise TypeError(f"parse_number() expects str, got {type(text).__name__}")
    with localcontext(EXACT):
        return _parse_cached(text, lang)


def _tokens(text: str, nw: NumberWords) -> list[str]:
    tokens: list[str] = []
    for part in _SPLIT.split(text):
        if not part:
            continue
        # "10K", "2.5bn", "5m": digits fused with an attached scale
        m = _FUSED.fullmatch(part)
        if m and _digits(m.group(1)) is not None:
            tokens.append(m.group(1))
            suffix = m.group(2)
            tokens.append(suffix if suffix in nw.attached else suffix.lower())
            continue
        tokens.append(part)
    return tokens


def is_number(text: str, *, lang: str = "en") -> bool:
    """Tell whether ``text`` reads as a number phrase (never raises).

    Example:
        >>> is_number("three thousand"), is_number("three apples")
        (True, False)

    """
    try:
        parse_number(text, lang=lang)
    except (NumberParseError, TypeError):
        return False
    return True
