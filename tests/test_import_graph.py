"""The package's modules import one another without cycles at module level."""

from __future__ import annotations

import ast
from pathlib import Path

import moneyx

PKG = Path(moneyx.__file__).parent


def _imports(path: Path) -> set[str]:
    """The moneyx modules a file imports anywhere (top level or inside functions)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("moneyx")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("moneyx"):
            out.add(node.module)
    return out


def test_accessor_and_batch_do_not_import_each_other() -> None:
    assert "moneyx.batch" in _imports(PKG / "accessor.py")
    assert not {m for m in _imports(PKG / "batch.py") if m.startswith("moneyx.accessor")}


def test_importing_batch_does_not_register_the_accessor_but_importing_it_does() -> None:
    import subprocess
    import sys

    code = (
        "import pandas as pd, moneyx.batch\n"
        "assert not hasattr(pd.Series([1]), 'moneyx')\n"
        "import moneyx.accessor\n"
        "assert hasattr(pd.Series(['x']), 'moneyx')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
