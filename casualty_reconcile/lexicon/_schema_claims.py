"""Validator for the ``casualty`` section (claim-extraction vocabulary)."""

from __future__ import annotations

from typing import Any

from ..errors import LexiconError

__all__ = ["validate_casualty"]


def validate_casualty(path: str, key: str, value: Any) -> None:
    """Check a casualty-vocabulary entry: a table with a citation."""
    if not isinstance(value, dict):
        raise LexiconError(path, key, f"must be a table, not {type(value).__name__}")
    src = value.get("source")
    if not isinstance(src, str) or len(src.strip()) < 8:
        raise LexiconError(path, key, "needs a `source` citing where the entry comes from")
