"""Language knowledge lives in the lexicon data, not in Python (issue 13, STYLE section 1).

Fails when a module under ``moneyx/`` holds a collection of lower-case words (a set, frozenset,
tuple, list or dict literal of three or more of them) or a regex alternation of lower-case words
(``to|against|per``). Identifiers that are not language (column names, enum values, option names)
are allowed on lines marked ``# not-lexicon: <why>``, and the marks are counted so that they stay
few.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import regex

PACKAGE = Path(__file__).resolve().parents[1] / "moneyx"
_WORD = regex.compile(r"[a-z]+(?:['’ ][a-z]+)*")
# two or more lower-case words joined by "|" inside a pattern: "(?:to|against|per)"
_ALTERNATION = regex.compile(
    r"(?<![\\\w])[a-z]{2,}(?:\\?\s?[a-z]+)*(?:\|[a-z]{2,}(?:\\?\s?[a-z]+)*)+"
)
MARK = "# not-lexicon:"
# identifiers only (data keys, column and field names); 48 = main (40) + the when stage and
# quotes of issue 19 (8: group, data and precision keys, the quote columns)
MAX_MARKS = 48


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _words_in(node: ast.AST) -> list[str] | None:
    """The string elements of a collection literal when they are all lower-case words."""
    elts: list[ast.expr]
    if isinstance(node, ast.Set | ast.Tuple | ast.List):
        elts = list(node.elts)
    elif isinstance(node, ast.Dict):
        elts = [k for k in node.keys if k is not None]
    else:
        return None
    strs = [e.value for e in elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    if len(strs) < 3 or len(strs) != len(elts):
        return None
    if all(_WORD.fullmatch(s) for s in strs):
        return strs
    return None


def _offences(path: Path) -> list[str]:
    source = path.read_text("utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    out: list[str] = []
    # type annotations: Literal["gt", "ge", "lt", "le"] names values, not words
    typed = {
        id(n.slice)
        for n in ast.walk(tree)
        if isinstance(n, ast.Subscript) and getattr(n.value, "id", "") == "Literal"
    }
    # the forms and kinds a rule declares are identifiers (rule(..., kinds=("name", "minor")))
    typed |= {
        id(kw.value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Call)
        for kw in n.keywords
        if kw.arg in ("forms", "kinds")
    }
    # the public names of a module are identifiers
    typed |= {
        id(n.value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in n.targets)
    }
    for node in ast.walk(tree):
        if id(node) in typed:
            continue
        lineno = getattr(node, "lineno", None)
        if lineno is None:
            continue
        end = getattr(node, "end_lineno", lineno) or lineno
        marked = any(MARK in lines[i - 1] for i in range(lineno, end + 1))
        if marked:
            continue
        words = _words_in(node)
        if words is not None:
            out.append(f"{path.name}:{lineno}: word collection {words[:4]}...")
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            m = _ALTERNATION.search(node.value)
            if m is not None and _is_pattern(node.value):
                out.append(f"{path.name}:{lineno}: word alternation {m.group()!r}")
    return out


def _is_pattern(s: str) -> bool:
    """Whether a string constant looks like a regex (not prose in a docstring or message)."""
    return any(tok in s for tok in ("(?", "\\s", "[ ", "\\b", "(?:", "{", "\\w")) and "\n" not in s


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_word_lists_in_python(path: Path) -> None:
    offences = _offences(path)
    assert not offences, "move these words to moneyx/data/lexicon/<lang>.toml:\n" + "\n".join(
        offences
    )


def test_not_lexicon_marks_stay_few() -> None:
    marks = sum(p.read_text("utf-8").count(MARK) for p in _modules())
    assert marks <= MAX_MARKS, f"{marks} '{MARK}' marks: identifiers only, never words"


def test_stage_functions_stay_short() -> None:
    """No function of the extraction core runs over 60 lines (issue 13: one job each)."""
    long = []
    for path in sorted([*(PACKAGE / "extract").glob("*.py"), *(PACKAGE / "resolve").glob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 60:
                    long.append(f"{path.name}:{node.lineno} {node.name} ({length} lines)")
    assert not long, long
