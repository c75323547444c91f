"""JSON forms of :class:`CountEstimate` and :class:`Claim`, and the shipped JSON Schemas.

The JSON form of a count is :meth:`CountEstimate.to_dict`; that of a claim is the flat
:meth:`Claim.to_dict` (the claims frame's row) plus ``count_start`` and ``count_end``, the
offsets of the count phrase, which the flat row leaves out. Both load back equal. The
schemas ship as ``casualty_reconcile/schema/*.schema.json`` (JSON Schema 2020-12); the
reconciliation's is generated from the frames' columns (:func:`reconciliation_schema`), so it
cannot drift from them (a test compares the shipped file with it).
"""

from __future__ import annotations

import datetime as _dt
import json
from importlib import resources
from typing import TYPE_CHECKING, Any

from ._columns import (
    CLAIM_COLUMNS,
    CONTRADICTION_COLUMNS,
    EVENT_COLUMNS,
    RECONCILED_CLAIM_EXTRA,
    SOURCE_COLUMNS,
    STRING_LIST,
)
from .errors import InputError, InputTypeError

if TYPE_CHECKING:
    from ._types import Claim, CountEstimate

__all__ = [
    "SCHEMA_NAMES",
    "claim_from_dict",
    "claim_to_dict",
    "count_from_dict",
    "load_json",
    "reconciliation_schema",
    "schema",
]

#: The schemas shipped in ``casualty_reconcile/schema/``.
SCHEMA_NAMES = ("count_estimate", "claim", "reconciliation")

_COUNT_KEYS = ("low", "best", "high", "kind", "text", "start", "end")


def schema(name: str) -> dict[str, Any]:
    """Return the shipped JSON Schema ``name`` (one of :data:`SCHEMA_NAMES`) as a dict.

    Examples
    --------
    >>> schema("count_estimate")["title"]
    'CountEstimate'
    """
    if name not in SCHEMA_NAMES:
        raise InputError(f"no schema named {name!r}; choose one of {SCHEMA_NAMES}", name)
    text = (resources.files("casualty_reconcile") / "schema" / f"{name}.schema.json").read_text(
        encoding="utf-8"
    )
    out: dict[str, Any] = json.loads(text)
    return out


def load_json(source: str | bytes | bytearray, what: str) -> dict[str, Any]:
    """Parse JSON text holding one object; the library's errors for anything else."""
    if not isinstance(source, str | bytes | bytearray):
        raise InputTypeError(
            f"{what}.from_json() takes JSON text, not {type(source).__name__}", source
        )
    try:
        doc = json.loads(source)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"not a JSON {what}: {exc}", source) from None
    if not isinstance(doc, dict):
        raise InputError(f"a JSON {what} is an object, got {type(doc).__name__}", source)
    return doc


def _need(d: dict[str, Any], key: str, what: str) -> Any:
    if key not in d:
        raise InputError(f"{what} dict lacks {key!r}", d)
    return d[key]


def _int(v: Any, key: str, what: str, *, none: bool = False) -> int | None:
    if v is None and none:
        return None
    if isinstance(v, bool) or not isinstance(v, int):
        raise InputError(f"{what}.{key} must be an integer, got {v!r}", v)
    return v


def _str(v: Any, key: str, what: str, *, none: bool = True) -> str | None:
    if v is None and none:
        return None
    if not isinstance(v, str):
        raise InputError(f"{what}.{key} must be a string, got {v!r}", v)
    return v


def _date(v: Any, key: str) -> _dt.date | None:
    if v is None:
        return None
    if isinstance(v, _dt.date):
        return v if not isinstance(v, _dt.datetime) else v.date()
    if not isinstance(v, str):
        raise InputError(f"Claim.{key} must be an ISO 8601 date string, got {v!r}", v)
    try:
        return _dt.date.fromisoformat(v[:10])
    except ValueError:
        raise InputError(f"Claim.{key} is not an ISO 8601 date: {v!r}", v) from None


def _names(v: Any, key: str) -> tuple[str, ...]:
    if v is None:
        return ()
    if not isinstance(v, list | tuple) or not all(isinstance(x, str) for x in v):
        raise InputError(f"Claim.{key} must be a list of strings, got {v!r}", v)
    return tuple(v)


def _build(factory: Any, what: str, **kwargs: Any) -> Any:
    # The dataclasses check their own invariants (low <= best <= high, known kinds ...);
    # a dict that breaks them is bad input, reported as the library's own error.
    try:
        return factory(**kwargs)
    except InputError:
        raise
    except (TypeError, ValueError) as exc:
        raise InputError(f"not a valid {what}: {exc}", kwargs) from None


def count_from_dict(d: Any) -> CountEstimate:
    """Build a :class:`CountEstimate` from :meth:`CountEstimate.to_dict`'s output."""
    if not isinstance(d, dict):
        raise InputTypeError(f"CountEstimate.from_dict() takes a dict, not {type(d).__name__}", d)
    return _count_from(d, "CountEstimate", "text", "start", "end")


def _count_from(d: dict[str, Any], what: str, text: str, start: str, end: str) -> CountEstimate:
    """Build the count of ``d``, whose phrase fields are named ``text``, ``start``, ``end``.

    A claim's dict prefixes them with ``count_``.
    """
    from ._types import CountEstimate

    count: CountEstimate = _build(
        CountEstimate,
        "CountEstimate",
        low=_int(_need(d, "low", what), "low", what),
        best=_int(_need(d, "best", what), "best", what),
        high=_int(d.get("high"), "high", what, none=True),
        kind=_str(_need(d, "kind", what), "kind", what, none=False),
        text=_str(d.get(text, ""), text, what, none=False),
        start=_int(d.get(start, 0), start, what),
        end=_int(d.get(end, 0), end, what),
    )
    return count


def claim_to_dict(c: Claim) -> dict[str, Any]:
    """Return the JSON form of a claim: its flat dict plus the count phrase's offsets."""
    out = c.to_dict()
    out["count_start"] = c.count.start
    out["count_end"] = c.count.end
    return out


def claim_from_dict(d: Any) -> Claim:
    """Build a :class:`Claim` from :func:`claim_to_dict` (or :meth:`Claim.to_dict`) output.

    ``source`` is derived (claimant, else publisher) and ignored; without ``count_start`` and
    ``count_end`` (a bare :meth:`Claim.to_dict`) the count's offsets are 0.
    """
    from ._types import Claim

    if not isinstance(d, dict):
        raise InputTypeError(f"Claim.from_dict() takes a dict, not {type(d).__name__}", d)
    what = "Claim"
    count = _count_from(d, what, "count_text", "count_start", "count_end")
    claim: Claim = _build(
        Claim,
        what,
        category=_str(_need(d, "category", what), "category", what, none=False),
        count=count,
        victims=_str(d.get("victims"), "victims", what),
        claimant=_str(d.get("claimant"), "claimant", what),
        stance=_str(d.get("stance", "reported"), "stance", what, none=False),
        event_date=_date(d.get("event_date"), "event_date"),
        event_date_precision=_str(d.get("event_date_precision"), "event_date_precision", what),
        sentence=_str(d.get("sentence", ""), "sentence", what, none=False),
        start=_int(d.get("start", 0), "start", what),
        end=_int(d.get("end", 0), "end", what),
        doc_id=_str(d.get("doc_id"), "doc_id", what),
        publisher=_str(d.get("publisher"), "publisher", what),
        published=_date(d.get("published"), "published"),
        places=_names(d.get("places"), "places"),
        actors=_names(d.get("actors"), "actors"),
        section=_str(d.get("section", "body"), "section", what, none=False),
        claim_id=_str(d.get("claim_id", ""), "claim_id", what, none=False),
    )
    return claim


# -- the reconciliation's schema, generated from the frames' columns ---------------------------


def _cell_schema(dtype: str) -> dict[str, Any]:
    """Return the JSON type of a cell of a ``dtype`` column, as Reconciliation.to_json writes it."""
    if dtype == STRING_LIST:
        return {"type": ["array", "null"], "items": {"type": "string"}}
    if dtype == "object":
        # tuples of names, or of (figure, ...) tuples: nested arrays of scalars
        return {"type": ["array", "string", "number", "null"]}
    if dtype == "Int64":
        return {"type": ["integer", "null"]}
    if dtype.startswith("float"):
        return {"type": ["number", "null"]}
    if dtype.startswith("datetime64"):
        return {"type": ["string", "null"], "format": "date-time"}
    return {"type": ["string", "null"]}


def _frame_schema(columns: dict[str, str], title: str,
                  added: tuple[str, ...] = ()) -> dict[str, Any]:
    # ``added``: columns a later version added, optional so that older documents validate.
    names = [c for c in columns if c not in added]
    return {
        "title": title,
        "type": "object",
        "required": ["dtypes", "data", "length"],
        "additionalProperties": False,
        "properties": {
            "dtypes": {
                "type": "object",
                "required": names,
                "additionalProperties": {"type": "string"},
                "properties": {c: {"const": _dtype_name(t)} for c, t in columns.items()},
            },
            "data": {
                "type": "object",
                "required": names,
                "additionalProperties": {"type": "array"},
                "properties": {
                    c: {"type": "array", "items": _cell_schema(t)} for c, t in columns.items()
                },
            },
            "length": {"type": "integer", "minimum": 0},
        },
    }


def _dtype_name(t: str) -> str:
    # Reconciliation.to_json writes every datetime column as datetime64[ns].
    return "datetime64[ns]" if t.startswith("datetime64") else t


def reconciliation_schema() -> dict[str, Any]:
    """Return the JSON Schema of :meth:`Reconciliation.to_json`, built from the columns."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "casualty_reconcile/schema/reconciliation.schema.json",
        "title": "Reconciliation",
        "description": (
            "Reconciliation.to_json(): the events, contradictions and claims frames, each "
            "column as an array of cells with its pandas dtype, and the sources frame "
            "(docs/notebook.md). Documents written before the likely range lack the events' "
            "likely_low and likely_high and the sources frame: both are optional."
        ),
        "type": "object",
        "required": ["format", "version", "options", "events", "contradictions", "claims"],
        "additionalProperties": False,
        "properties": {
            "format": {"const": "casualty_reconcile.reconciliation"},
            "version": {"const": 1},
            "options": {"type": "object"},
            "events": _frame_schema(EVENT_COLUMNS, "events", ("likely_low", "likely_high")),
            "contradictions": _frame_schema(CONTRADICTION_COLUMNS, "contradictions"),
            "claims": _frame_schema({**CLAIM_COLUMNS, **RECONCILED_CLAIM_EXTRA}, "claims"),
            "sources": _frame_schema(SOURCE_COLUMNS, "sources"),
        },
    }
