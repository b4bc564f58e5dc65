"""The premise of the planned explicit matcher for the CJK ``before_suffix`` number (issue 18).

fancy-regex exceeds its backtracking limit on the Korean and Chinese ``before_suffix`` pattern
(docs/native-core.md §10): its number, ``snum``, is ``look-behinds tok(?:[ ]?tok)*`` in reverse
mode, and a failing search tries every split of a long run into tokens. The replacement planned
for the core reads ``snum`` without backtracking, on this premise (checked here against
``regex``, on the builder's own source, not a copy):

* what follows ``snum`` in the reverse search (the optional sign) never fails, so the first
  ``snum`` the search finds for an end is kept; and
* that first ``snum`` is the **leftmost** start ``s`` of the window with ``text[s:end]`` a number
  whose look-behinds hold at ``s``.

So a reverse DFA over the look-around-free token language (or a scan of the run) plus the
look-behinds at each candidate start gives ``regex``'s answer in linear time. If this test
fails, the grammar changed so that the plan no longer holds: revisit §10 before porting.
"""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from moneyx.matcher import grammar


def _group_source(pattern: str, name: str) -> str:
    """Return the source of the named group ``name`` in ``pattern`` (balanced brackets)."""
    start = pattern.index(f"(?P<{name}>") + len(f"(?P<{name}>")
    depth, i, in_class = 1, start, False
    while depth:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        i += 1
    return pattern[start : i - 1]


def _snum(lang: str) -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    src = _group_source(grammar(lang).before_suffix.pattern, "snum")
    return regex.compile(rf"(?r)(?:{src})\Z"), regex.compile(src)


_ALPHABET = list("0123456789,. -") + list("삼천만억일이공점조십") + list("三千万亿十点零两")
_ALPHABET += ["가", "x", "a", "_", "\u00a0", "\u0663", "(", "元"]


def _check(lang: str, text: str, lo: int) -> None:
    rev, fwd = _snum(lang)
    end = len(text)
    lo = min(lo, end)
    m = rev.search(text, lo, end, timeout=5)
    first = m.start() if m else None
    leftmost = next((s for s in range(lo, end) if fwd.fullmatch(text, s, end)), None)
    assert first == leftmost, (lang, text, lo)


def test_group_source_is_the_number() -> None:
    for lang in ("ko", "zh"):
        src = _group_source(grammar(lang).before_suffix.pattern, "snum")
        assert src.startswith(r"(?<!\d)")
        assert src.endswith(")*")


@settings(max_examples=300, deadline=None)
@given(
    lang=st.sampled_from(["ko", "zh"]),
    text=st.text(alphabet=st.sampled_from(_ALPHABET), min_size=1, max_size=24),
    lo=st.integers(min_value=0, max_value=24),
)
def test_first_number_is_the_leftmost_start(lang: str, text: str, lo: int) -> None:
    _check(lang, text, lo)


def test_the_shapes_of_section_10() -> None:
    # the runs that exceed fancy-regex's limit, windowed (regex answers them at once)
    for lang, text, lo in [
        ("ko", "x " + "2019 " * 60, 100),
        ("zh", "x " + "2019 " * 60, 100),
        ("ko", "x " + "삼천" * 60, 26),
        ("zh", "x " + "三千" * 60, 26),
        ("ko", "가" + "삼" * 20, 0),
        ("ko", "가" + "삼" * 16, 0),
        ("ko", "3" + "삼" * 20, 0),
    ]:
        _check(lang, text, lo)
