"""Write the rule documentation generated from the registry: docs/rules.md and the README's lists.

Usage::

    python scripts/gen_rule_docs.py          # rewrite docs/rules.md and the README's marked blocks
    python scripts/gen_rule_docs.py --check  # exit 1 if either differs from the registry

The README holds the currency ladder between ``<!-- ladder:begin -->`` and ``<!-- ladder:end -->``.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
RULES_DOC = ROOT / "docs" / "rules.md"
_BLOCK = re.compile(r"(<!-- ladder:begin -->\n)(.*?)(<!-- ladder:end -->)", re.S)


def expected() -> tuple[str, str]:
    """Return (docs/rules.md, README.md) as the registry says they should read."""
    sys.path.insert(0, str(ROOT))
    from moneyx.rules import ladder_markdown, rules_markdown  # noqa: PLC0415

    readme = README.read_text("utf-8")
    if not _BLOCK.search(readme):
        raise SystemExit("README.md has no <!-- ladder:begin --> ... <!-- ladder:end --> block")
    new_readme = _BLOCK.sub(lambda m: m.group(1) + ladder_markdown() + "\n" + m.group(3), readme)
    return rules_markdown() + "\n", new_readme


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--check", action="store_true", help="only check; exit 1 on a difference")
    args = p.parse_args(argv)
    doc, readme = expected()
    stale = []
    if not RULES_DOC.is_file() or RULES_DOC.read_text("utf-8") != doc:
        stale.append(str(RULES_DOC.relative_to(ROOT)))
    if README.read_text("utf-8") != readme:
        stale.append("README.md")
    if args.check:
        if stale:
            print("stale: " + ", ".join(stale) + " (run python scripts/gen_rule_docs.py)")
            return 1
        return 0
    RULES_DOC.parent.mkdir(exist_ok=True)
    RULES_DOC.write_text(doc, "utf-8")
    README.write_text(readme, "utf-8")
    print("wrote " + (", ".join(stale) if stale else "nothing (up to date)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
