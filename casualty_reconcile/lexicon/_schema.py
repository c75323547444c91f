"""Validators for each lexicon section: a broken entry names its file and key.

Each validator takes ``(path, key, value)`` and raises :class:`LexiconError` or returns.
They check shape and the invariants the algorithms rely on (``low <= best <= high``, a
citation on every calibrated entry, formulas the hedge evaluator understands).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..errors import LexiconError
from ._schema_claims import validate_casualty

__all__ = ["FORMULA", "SECTION_VALIDATORS"]

#: Hedge formulas over N: "N", "N+1", "N-1", "N-w", "N+w", "0", "none".
FORMULA = re.compile(r"^(?:N(?:[+-](?:w|\d+))?|0|none)$")
_KINDS = {"exact", "approximate", "lower_bound", "upper_bound", "range", "vague"}
_NOT_COUNT_ROLES = {
    "unit_after",
    "unit_before",
    "designator_before",
    "month",
    "year_context",
    "age_before",
    "partitive_after",
    "ordinal_after",
    "pronoun_before",
}


def _fail(path: str, key: str, msg: str) -> None:
    raise LexiconError(path, key, msg)


def _table(path: str, key: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        _fail(path, key, f"must be a table, not {type(value).__name__}")
    return value  # type: ignore[no-any-return]


def _words(path: str, key: str, value: Any, field: str) -> None:
    if not isinstance(value, list) or not value:
        _fail(path, key, f"`{field}` must be a non-empty list of strings")
    for w in value:
        if not isinstance(w, str) or not w.strip():
            _fail(path, key, f"`{field}` holds {w!r}, not a non-empty string")
        elif w != w.lower() or w != w.strip():
            _fail(path, key, f"`{field}` entry {w!r} must be lower case without outer spaces")


def _source(path: str, key: str, t: dict[str, Any]) -> None:
    src = t.get("source")
    if not isinstance(src, str) or len(src.strip()) < 8:
        _fail(path, key, "needs a `source` citing where the entry comes from")


def _int(path: str, key: str, t: dict[str, Any], field: str, *, none_ok: bool = False) -> None:
    v = t.get(field)
    if none_ok and v == "none":
        return
    if not isinstance(v, int) or isinstance(v, bool) or v < 0:
        _fail(path, key, f"`{field}` must be a whole number >= 0, not {v!r}")


def validate_numbers(path: str, key: str, value: Any) -> None:
    """Check a number word: an int, or a table with ``value`` and ``role``."""
    if key != key.lower():
        _fail(path, key, "number words are lower case")
    if isinstance(value, bool):
        _fail(path, key, "a number word's value must be a number")
    if isinstance(value, int):
        if value < 0 or (value >= 20 and value % 10) or value > 90:
            _fail(path, key, "a plain number word is 0-19 or a multiple of ten up to 90")
        return
    t = _table(path, key, value)
    role = t.get("role")
    roles = {"article", "fraction", "fractions", "point", "unit", "teen", "tens"}
    if role not in roles:
        _fail(path, key, f"role must be one of {sorted(roles)}, not {role!r}")
    v = t.get("value")
    if not isinstance(v, int | float) or isinstance(v, bool) or v <= 0:
        _fail(path, key, f"value must be a positive number, not {v!r}")


def validate_hedges(path: str, key: str, value: Any) -> None:
    """Check a hedge: phrases, position, kind, formulas and a citation."""
    t = _table(path, key, value)
    _words(path, key, t.get("phrases"), "phrases")
    if t.get("position") not in {"before", "after"}:
        _fail(path, key, "`position` must be 'before' or 'after'")
    if t.get("kind") not in _KINDS:
        _fail(path, key, f"`kind` must be one of {sorted(_KINDS)}")
    for f in ("low", "best", "high"):
        v = t.get(f)
        if not isinstance(v, str) or not FORMULA.match(v):
            _fail(path, key, f"`{f}` must be a formula like 'N', 'N+1', 'N-w', '0' or 'none'")
    if t["low"] == "none" or t["best"] == "none":
        _fail(path, key, "only `high` may be 'none'")
    ws = t.get("width_scale", 1.0)
    if not isinstance(ws, int | float) or isinstance(ws, bool) or ws <= 0:
        _fail(path, key, "`width_scale` must be a positive number")
    _source(path, key, t)


def validate_roundness(path: str, key: str, value: Any) -> None:
    """Check a roundness step: a divisor and a relative half-width."""
    t = _table(path, key, value)
    d, w = t.get("divisor"), t.get("width")
    if not isinstance(d, int) or isinstance(d, bool) or d < 1:
        _fail(path, key, "`divisor` must be a whole number >= 1")
    if not isinstance(w, int | float) or isinstance(w, bool) or not 0 < w < 1:
        _fail(path, key, "`width` must be a fraction of N between 0 and 1")
    _source(path, key, t)


def validate_vague(path: str, key: str, value: Any) -> None:
    """Check a vague quantifier: phrases, an ordered interval and a citation."""
    t = _table(path, key, value)
    _words(path, key, t.get("phrases"), "phrases")
    for f in ("low", "best"):
        _int(path, key, t, f)
    _int(path, key, t, "high", none_ok=True)
    lo, best, hi = t["low"], t["best"], t["high"]
    if not lo <= best or (hi != "none" and best > hi):
        _fail(path, key, f"needs low <= best <= high, got {lo}, {best}, {hi}")
    if not isinstance(t.get("scales", False), bool):
        _fail(path, key, "`scales` must be true or false")
    _source(path, key, t)


def validate_not_counts(path: str, key: str, value: Any) -> None:
    """Check a not-a-count word list and its role."""
    t = _table(path, key, value)
    if t.get("role") not in _NOT_COUNT_ROLES:
        _fail(path, key, f"`role` must be one of {sorted(_NOT_COUNT_ROLES)}")
    _words(path, key, t.get("words"), "words")
    _source(path, key, t)


def validate_people(path: str, key: str, value: Any) -> None:
    """Check a list of people nouns."""
    t = _table(path, key, value)
    _words(path, key, t.get("words"), "words")
    _source(path, key, t)


def validate_victim_groups(path: str, key: str, value: Any) -> None:
    """Check a victim-group synonym: phrases read as one group name when groups are compared."""
    t = _table(path, key, value)
    _words(path, key, t.get("words"), "words")
    same = t.get("same_as")
    if not isinstance(same, str) or not same.strip() or same != same.lower():
        _fail(path, key, "`same_as` must be the lower-case phrase the words are read as")
    unknown = set(t) - {"words", "same_as", "source", "note"}
    if unknown:
        _fail(path, key, f"unknown field(s) {sorted(unknown)}")
    _source(path, key, t)


def validate_presets(path: str, key: str, value: Any) -> None:
    """Check a coding-preset rule: which preset, which vague entry, the figure."""
    t = _table(path, key, value)
    if not isinstance(t.get("preset"), str) or not t["preset"]:
        _fail(path, key, "`preset` must name the preset (e.g. 'acled')")
    if not isinstance(t.get("entry"), str) or not t["entry"]:
        _fail(path, key, "`entry` must name a vague entry, or '*scaled'")
    _int(path, key, t, "best")
    _source(path, key, t)


def validate_multipliers(path: str, key: str, value: Any) -> None:
    """Check a user multiplier: a pint definition line and a citation."""
    t = _table(path, key, value)
    d = t.get("definition")
    if not isinstance(d, str) or "=" not in d:
        _fail(path, key, "`definition` must be a pint definition like 'myriad = 10000'")
    _source(path, key, t)


def validate_fixed(path: str, key: str, value: Any) -> None:
    """Check a fixed-count phrase ("no one" = 0, "a single" = 1)."""
    t = _table(path, key, value)
    _words(path, key, t.get("phrases"), "phrases")
    _int(path, key, t, "value")
    if not isinstance(t.get("needs_noun"), bool):
        _fail(path, key, "`needs_noun` must be true or false")
    _source(path, key, t)


SECTION_VALIDATORS: dict[str, Callable[[str, str, Any], None]] = {
    "numbers": validate_numbers,
    "fixed": validate_fixed,
    "multipliers": validate_multipliers,
    "hedges": validate_hedges,
    "roundness": validate_roundness,
    "vague": validate_vague,
    "not_counts": validate_not_counts,
    "people": validate_people,
    "victim_groups": validate_victim_groups,
    "presets": validate_presets,
    "casualty": validate_casualty,
}
