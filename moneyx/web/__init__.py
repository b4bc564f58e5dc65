"""The local web app and JSON API (``moneyx serve``; needs the ``moneyx-news[web]`` extra)."""

from __future__ import annotations

from moneyx.web.app import ApiError, Settings, create_app

__all__ = ["ApiError", "Settings", "create_app"]
