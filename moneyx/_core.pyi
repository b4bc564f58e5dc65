"""Type stubs of the compiled core ``moneyx._core`` (the crate in ``core/``)."""

from collections.abc import Mapping

__version__: str

SurfaceRecord = tuple[str, tuple[str, ...], str, str, str, str, bool]

class Core:
    """The core of one language, loaded from the texts of its data files."""

    def __init__(
        self, lang: str, currencies: str, lexicon: str, numbers: str | None, cjk: str
    ) -> None: ...
    @property
    def lang(self) -> str: ...
    @property
    def word_boundaries(self) -> bool: ...
    def anchors(self, text: str) -> list[tuple[int, int]]: ...
    def anchors_batch(
        self, text: str, pos: int, chars: int, limit: int
    ) -> tuple[list[tuple[int, int]], int, int, bool]: ...
    def scan_surfaces(self) -> list[str]: ...
    def surfaces(self) -> tuple[dict[str, SurfaceRecord], dict[str, SurfaceRecord]]: ...
    def rule_data(self, kinds: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, object]]: ...
    def parse_number(self, text: str) -> str: ...

# a match: (start, end, the span of each group or None), in str offsets
Found = tuple[int, int, list[tuple[int, int] | None]]
# a pattern source: (pattern, regex flags, named lists)
Source = tuple[str, int, Mapping[str, list[str]]]

class Patterns:
    """Patterns written for Python's ``regex`` module, compiled by the core (tests, benchmarks).

    Offsets, ``pos`` and ``endpos`` are those of ``regex.Pattern``'s methods.
    """

    def __init__(self, sources: Mapping[str, Source]) -> None: ...
    @property
    def refused(self) -> dict[str, str]: ...
    def names(self) -> list[str]: ...
    def groups(self, name: str) -> int: ...
    def groupindex(self, name: str) -> dict[str, int]: ...
    def translated(self, name: str) -> str: ...
    def search(
        self, name: str, text: str, pos: int = 0, endpos: int | None = None
    ) -> Found | None: ...
    def match(
        self, name: str, text: str, pos: int = 0, endpos: int | None = None
    ) -> Found | None: ...
    def fullmatch(
        self, name: str, text: str, pos: int = 0, endpos: int | None = None
    ) -> Found | None: ...
    def finditer(
        self, name: str, text: str, pos: int = 0, endpos: int | None = None
    ) -> list[Found]: ...
    def time_calls(
        self, texts: list[str], calls: list[tuple[str, str, int, int, int | None]]
    ) -> tuple[float, int]: ...

# a reading's named spans in `_Cand._spans`' order: (name, start, end)
Spans = list[tuple[str, int, int]]

class Candidates:
    """The candidate stage of one language: what ``candidates.read`` decides per anchor."""

    def __init__(
        self,
        core: Core,
        sources: Mapping[str, Source],
        back: int,
        long_back: int,
        kinds: Mapping[str, Mapping[str, str]] | None = None,
    ) -> None: ...
    def visit(
        self, text: str, accepted: list[tuple[int, int, int]], off: list[str] = ...
    ) -> list[dict[str, object]]: ...
    def visit_count(
        self, text: str, accepted: list[tuple[int, int, int]], off: list[str] = ...
    ) -> int: ...
    def data(self) -> tuple[list[str], list[str], list[str]]: ...
    def begin(self, text: str, off: list[str] = ...) -> CandidateDoc: ...

# a reading's layout (`_reading`'s), the number read (decimal text) and the answers of the
# vetoes moved to the core (`moved_vetoes()`' order; None without their data):
# (start, end, num_start, num_end, gap_start, gap_end, neg, number, vetoes)
CandidateLayout = tuple[int, int, int, int, int, int, bool, str | None, list[str | None] | None]

# (a0, a, b, surface, prefix, suffix, qualifier, prefix_first, assumed, window, error,
# (prefix layout, suffix layout) or None without a reading); a run of quiet readings is
# (first, -1, count, None, None, None, None, None, assumed, window, None, None)
CandidateReading = tuple[
    int,
    int,
    int,
    str | None,
    dict[str, tuple[int, int]] | None,
    dict[str, tuple[int, int]] | None,
    str | None,
    bool | None,
    int,
    int,
    str | None,
    tuple[CandidateLayout | None, CandidateLayout | None] | None,
]

class CandidateDoc:
    """One document prepared for the engine's walk over its anchors (``Candidates.begin``)."""

    def readings(self, limit: int) -> list[CandidateReading]: ...
    def reread(self, a0: int, b: int, last: int) -> CandidateReading: ...
    def quiet(self, first: int, count: int) -> list[CandidateReading]: ...

def candidate_draft(
    start: int,
    end: int,
    surface: str,
    written: str,
    form: str,
    kind: str,
    num: tuple[int, int],
    trace: list[str],
) -> dict[str, object]: ...
def stages() -> list[str]: ...
def moved_vetoes() -> list[str]: ...

class WordScan:
    """Whole words found in one pass, as a word boundary on both sides in Python's ``regex``."""

    def __init__(self, words: list[str]) -> None: ...
    def find(self, text: str, pos: int) -> list[tuple[int, int]]: ...
