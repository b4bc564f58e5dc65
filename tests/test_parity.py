"""The engine's mentions equal the parity fixtures (``scripts/parity.py``; issues 13 and 18).

The fixtures were saved from the engine before the rules redesign and are re-saved, with a note,
only when a change of output is intended. Sets whose source lives in ``../shared`` skip when it is
absent; the corpora run in the slow tier.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("parity", ROOT / "scripts" / "parity.py")
assert _spec is not None
assert _spec.loader is not None
parity = importlib.util.module_from_spec(_spec)
sys.modules["parity"] = parity  # dataclasses look their module up
_spec.loader.exec_module(parity)

CORPORA = {"reuters", "bbc", "phrasebank"}


def _params() -> list[object]:
    out = []
    for name, (path, _) in parity.sets().items():
        marks = []
        if not path.is_file():
            marks.append(pytest.mark.skip(reason=f"{path} is absent (../shared not beside)"))
        if name in CORPORA:
            marks.append(pytest.mark.slow)
        out.append(pytest.param(name, id=name, marks=marks))
    return out


@pytest.mark.parametrize("name", _params())
def test_mentions_equal_the_fixture(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    # (the corpora: every other document, to keep CI inside its 20 minutes; the full check is
    # `python scripts/parity.py check`)
    code = parity.check([name], show=10, stride=2 if name in CORPORA else 1)
    assert code == 0, capsys.readouterr().out
