"""Run the command line as ``python -m moneyx``."""

from __future__ import annotations

from moneyx.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
