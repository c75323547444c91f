"""The :class:`Reconciliation` result: three DataFrames, JSON round-trip, explanations."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._columns import (
    CLAIM_COLUMNS,
    CONTRADICTION_COLUMNS,
    EVENT_COLUMNS,
    RECONCILED_CLAIM_EXTRA,
    STRING_LIST,
)
from ..errors import InputError, InputTypeError
from ._display import EventView, event_view, reconciliation_html
from ._explain import explain_event, summarise

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = [
    "Reconciliation",
    "claim_schema",
    "contradiction_schema",
    "event_schema",
    "typed_frame",
]

_FORMAT = "casualty_reconcile.reconciliation"
_VERSION = 1


def event_schema() -> dict[str, str]:
    """Return the events frame's columns and dtypes."""
    return dict(EVENT_COLUMNS)


def contradiction_schema() -> dict[str, str]:
    """Return the contradictions frame's columns and dtypes."""
    return dict(CONTRADICTION_COLUMNS)


def claim_schema() -> dict[str, str]:
    """Return the claims frame's columns and dtypes."""
    return {**CLAIM_COLUMNS, **RECONCILED_CLAIM_EXTRA}


def typed_frame(data: dict[str, Any], schema: dict[str, str], n: int | None = None) -> pd.DataFrame:
    """Build a frame with exactly ``schema``'s columns, in order, each cast to its dtype."""
    import pandas as pd

    if n is None:
        n = len(next(iter(data.values()))) if data else 0
    cols: dict[str, Any] = {}
    for c, t in schema.items():
        v = data.get(c)
        if v is None:
            v = [None] * n
        dtype: Any = t
        if t == STRING_LIST:
            s = _string_list_series(v)
        elif t == "object":
            s = pd.Series(list(v) if not isinstance(v, pd.Series) else v.to_list(), dtype=object)
        elif t.startswith("datetime64"):
            s = pd.Series(pd.to_datetime(pd.Series(v, dtype=object) if not isinstance(
                v, pd.Series) else v)).astype(dtype)
        else:
            s = pd.Series(v).astype(dtype) if not isinstance(v, pd.Series) else v.astype(dtype)
        cols[c] = s.reset_index(drop=True)
    return pd.DataFrame(cols, index=pd.RangeIndex(n))


def _string_list_series(values: Any) -> pd.Series:
    """Return ``values`` (lists or tuples of str, or None) as a :data:`STRING_LIST` Series."""
    import pandas as pd
    import pyarrow as pa

    from ._fast import string_list_dtype

    dtype = string_list_dtype()
    if isinstance(values, pd.Series) and values.dtype == dtype:
        return values
    items = [None if v is None else [str(x) for x in v] for v in values]
    arr = pa.array(items, type=pa.list_(pa.string()))
    out: pd.Series = pd.Series(pd.arrays.ArrowExtensionArray(arr), dtype=dtype)
    return out


def _empty_sources() -> pd.DataFrame:
    from .._columns import SOURCE_COLUMNS

    return typed_frame({}, SOURCE_COLUMNS, 0)


@dataclass(frozen=True)
class Reconciliation:
    """The result of :func:`casualty_reconcile.reconcile`.

    Attributes
    ----------
    events : pandas.DataFrame
        One row per (event, category, victim group): ``event_id``, ``category``,
        ``victims``, ``date_start``, ``date_end``, reconciled ``low``/``best``/``high``
        (``high`` ``<NA>`` = no upper bound), ``n_claims``, ``n_sources``, ``status``,
        ``claim_ids`` (an Arrow list column: a list of str per row, in report order), then
        ``n_agreeing``, ``reported_low``, ``reported_high``.
    contradictions : pandas.DataFrame
        One row per conflict: ``event_id``, ``kind``, ``claim_ids`` (sorted), ``sources``,
        ``figures`` (one per source) -- these three Arrow list columns, a list of str per
        row -- then ``severity``, ``explanation`` and ``category``.
    claims : pandas.DataFrame
        Every input claim once, with the ``event_id`` it was aligned to, then
        ``alignment`` (the rule that placed it); rows with ``reason`` set had no usable
        figure; ``role`` says what part each claim played in the figures (``agrees``,
        ``outlier``, ``superseded``, ``zero``, ``earlier``, ``headline``).
    options : dict
        The options the result was computed with.
    sources : pandas.DataFrame
        One row per named source that testified to the likely range: ``source`` (its
        comparison key), ``n_witnesses``, ``n_measured``, ``bias`` (its figures over the
        toll, as a factor) and ``noise`` (log scale); empty with ``likely_level=None``
        (docs/reconcile.md, "The likely range").
    """

    events: pd.DataFrame
    contradictions: pd.DataFrame
    claims: pd.DataFrame
    options: dict[str, Any] = field(default_factory=dict)
    sources: pd.DataFrame = field(default_factory=_empty_sources)

    def explain(self, event_id: str) -> str:
        """Return a readable account of one event.

        Every source with its figure and the part it played, what was agreed, and what
        conflicts.

        Raises
        ------
        InputError
            No event has this id.
        """
        return explain_event(self.events, self.contradictions, self.claims, str(event_id))

    def event(self, event_id: str) -> EventView:
        """Return one event's rows of the three frames, shown as a page in a notebook.

        Raises
        ------
        InputError
            No event has this id.

        Examples
        --------
        >>> import pandas as pd
        >>> from casualty_reconcile import reconcile
        >>> r = reconcile(pd.DataFrame({"source": ["police", "rebels"],
        ...                             "count": ["five", "about 45"], "event_id": "e1"}))
        >>> e = r.event("e1")
        >>> e
        EventView('e1', rows=1, claims=2, contradictions=1, status='contradicted')
        >>> "<mark>about 45</mark>" in e._repr_html_()
        True
        """
        return event_view(self.events, self.contradictions, self.claims, str(event_id))

    def plot(
        self, event_id: str, *, category: str | None = None, ax: Axes | None = None
    ) -> Axes:
        """Draw each source's interval of one event on one count axis (matplotlib).

        One segment per claim from ``low`` to ``high`` with a dot at ``best``, labelled with
        the source and report date; an open upper bound runs to the edge as an arrow; the
        reconciled interval of each category and victim group shaded; claims in a conflict
        ringed in red. The axis is logarithmic (symlog, so 0 stays) when the figures span two
        orders of magnitude. Needs the ``plot`` extra (``pip install
        'casualty_reconcile[plot]'``).

        Parameters
        ----------
        event_id : str
            The event.
        category : str, optional
            Draw only this category's rows (``killed``, ``injured`` ...).
        ax : matplotlib.axes.Axes, optional
            Draw here; a new figure (pyplot) otherwise.

        Returns
        -------
        matplotlib.axes.Axes
            The axes drawn on; the artists carry ``gid`` names (docs/notebook.md).

        Raises
        ------
        InputError
            No event has this id, it has no row of ``category``, or no figure at all (its
            claims were all kept without one).
        """
        return self.event(event_id).plot(category=category, ax=ax)

    def plot_timeline(
        self, event_id: str, *, category: str | None = None, ax: Axes | None = None
    ) -> Axes:
        """Draw one event's figures against their report dates (matplotlib).

        One line per source (and category and victim group) through its best figures in
        report order, so a rising toll climbs and a downward revision falls; each report's
        interval as a bar, an open upper bound as an upward arrow; the reconciled interval
        as a band; claims in a conflict ringed in red. Parameters, return value and errors as
        :meth:`plot`.
        """
        return self.event(event_id).plot_timeline(category=category, ax=ax)

    def to_html(
        self, path: str | Path | None = None, *, plots: bool = True, title: str | None = None
    ) -> str:
        """Return the result as one self-contained HTML report; also write it to ``path``.

        A summary (documents, claims, events, contradicted events, conflicts), then every
        contradicted event, the most conflicts first, with its figures, its plot (as
        :meth:`plot` draws it, inline SVG), each conflict with the sentences behind it and
        every source's figure, then a table of the other events. The file needs nothing
        else: no script, stylesheet, font or image is fetched, and every value is escaped.
        ``casualty-reconcile run`` writes it as ``report.html``.

        Parameters
        ----------
        path : str or pathlib.Path, optional
            Also write the report here (UTF-8).
        plots : bool, default True
            Draw each contradicted event's plot. Plots need the ``plot`` extra
            (matplotlib); without it the report is written without them and says so.
        title : str, optional
            The page's title.

        Returns
        -------
        str
            The HTML document.

        Raises
        ------
        InputError
            ``path`` cannot be written.

        Examples
        --------
        >>> import pandas as pd
        >>> from casualty_reconcile import reconcile
        >>> r = reconcile(pd.DataFrame({"source": ["police", "rebels"],
        ...                             "count": ["five", "about 45"], "event_id": "e1"}))
        >>> page = r.to_html(plots=False)
        >>> page.startswith("<!DOCTYPE html>"), "Contradicted events (1)" in page
        (True, True)
        """
        from ._report import report_html

        text = report_html(self.events, self.contradictions, self.claims,
                           options=self.options, plots=plots, title=title)
        if path is not None:
            try:
                Path(path).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise InputError(f"cannot write {path}: {exc}", str(path)) from None
        return text

    def _repr_html_(self) -> str:
        """Return the notebook page: counts, the most contradicted events, worst conflicts."""
        return reconciliation_html(self.events, self.contradictions, self.claims)

    def summary(self) -> str:
        """Return a short summary: claims, events, statuses, conflicts by kind."""
        return summarise(self.events, self.contradictions, self.claims)

    def __repr__(self) -> str:
        return (
            f"Reconciliation(events={len(self.events)}, "
            f"contradictions={len(self.contradictions)}, claims={len(self.claims)})"
        )

    # -- JSON --------------------------------------------------------------------------------

    def to_json(self, path: str | Path | None = None) -> str:
        """Serialise the three frames, with their dtypes, to JSON.

        The text is also written to ``path`` when given; :meth:`from_json` restores an
        equal result.
        """
        text = json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready object that :meth:`to_json` writes.

        It follows the shipped ``schema/reconciliation.schema.json``; :meth:`from_dict`
        restores an equal result.
        """
        return {
            "format": _FORMAT,
            "version": _VERSION,
            "options": self.options,
            "events": _frame_to_obj(self.events),
            "contradictions": _frame_to_obj(self.contradictions),
            "claims": _frame_to_obj(self.claims),
            "sources": _frame_to_obj(self.sources),
        }

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> Reconciliation:
        """Rebuild a result from :meth:`to_dict`'s output (e.g. a service's parsed payload)."""
        if not isinstance(doc, dict) or doc.get("format") != _FORMAT:
            raise InputError("not a casualty_reconcile reconciliation document", doc)
        try:
            events = _obj_to_frame(doc["events"])
            contradictions = _obj_to_frame(doc["contradictions"])
            claims = _obj_to_frame(doc["claims"])
            # Written before the likely range: no sources.
            sources = _obj_to_frame(doc["sources"]) if "sources" in doc else _empty_sources()
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InputError(f"malformed reconciliation document: {exc!r}", doc) from None
        # Written before these became list columns (tuples of str, dtype object): read as one.
        if "claim_ids" in events.columns and events["claim_ids"].dtype == object:
            events["claim_ids"] = _string_list_series(events["claim_ids"])
        for c in ("claim_ids", "sources", "figures"):
            if c in contradictions.columns and contradictions[c].dtype == object:
                contradictions[c] = _string_list_series(contradictions[c])
        return cls(
            events=events,
            contradictions=contradictions,
            claims=claims,
            options=dict(doc.get("options") or {}),
            sources=sources,
        )

    @classmethod
    def from_json(cls, source: str | Path) -> Reconciliation:
        """Read a result written by :meth:`to_json` (JSON text or a path to a file)."""
        if isinstance(source, Path) or (
            isinstance(source, str) and not source.lstrip().startswith("{")
        ):
            try:
                text = Path(source).read_text(encoding="utf-8")
            except OSError as exc:
                raise InputError(f"cannot read {source!r}: {exc}", source) from None
        elif isinstance(source, str):
            text = source
        else:
            raise InputTypeError(
                f"from_json() takes JSON text or a path, not {type(source).__name__}", source
            )
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"not a JSON reconciliation: {exc}", source) from None
        if not isinstance(doc, dict) or doc.get("format") != _FORMAT:
            raise InputError("not a casualty_reconcile reconciliation document", source)
        return cls.from_dict(doc)


def _cell(v: Any, dtype: str) -> Any:
    if dtype == STRING_LIST:
        return None if v is None else [str(x) for x in v]
    if dtype == "object":
        if isinstance(v, tuple | list):
            return [_cell(x, "object") for x in v]
        return v
    if v is None:
        return None
    try:
        import pandas as pd

        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    if dtype.startswith("datetime64"):
        return v.isoformat()
    if dtype == "Int64":
        return int(v)
    if dtype.startswith("float"):
        f = float(v)
        return None if math.isnan(f) else f
    return str(v)


def _frame_to_obj(df: pd.DataFrame) -> dict[str, Any]:
    dtypes = {str(c): str(df[c].dtype) for c in df.columns}
    for c, t in dtypes.items():
        if t.startswith("datetime64"):
            dtypes[c] = "datetime64[ns]"
        elif t in ("str", "string"):
            dtypes[c] = "string"
    data = {
        c: [_cell(v, dtypes[c]) for v in df[c].tolist()] for c in map(str, df.columns)
    }
    return {"dtypes": dtypes, "data": data, "length": len(df)}


def _untuple(v: Any) -> Any:
    if isinstance(v, list):
        return tuple(_untuple(x) for x in v)
    return v


def _obj_to_frame(obj: dict[str, Any]) -> pd.DataFrame:
    dtypes: dict[str, str] = obj["dtypes"]
    data = dict(obj["data"])
    for c, t in dtypes.items():
        if t == "object":
            data[c] = [_untuple(v) for v in data[c]]
    return typed_frame(data, dtypes, int(obj.get("length", 0)))
