"""Notebook display of a reconciliation: one event's view, and the whole result summarised.

:meth:`Reconciliation.event` returns an :class:`EventView`; both have ``_repr_html_``, which
Jupyter calls. A whole result is never dumped: the page gives the counts, the events with
the most conflicts first (at most :data:`MAX_EVENTS`), the most severe conflicts with their
sentences (at most :data:`MAX_CONFLICTS`), and says how many it leaves out. The work is
grouped pandas operations, linear in the result's size; only the shown rows are turned into
HTML. Every value is escaped (:func:`casualty_reconcile._html.esc`).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .._html import esc, figure, marked_sentence, table, view
from ._explain import describe_group, explain_event, likely_text

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = [
    "MAX_CLAIMS",
    "MAX_CONFLICTS",
    "MAX_EVENTS",
    "EventView",
    "event_body",
    "event_ranking",
    "event_view",
    "event_views",
    "reconciliation_html",
]

#: The most events a result's page lists (those with the most conflicts first).
MAX_EVENTS = 20
#: The most conflicts a page shows with their sentences (the most severe first).
MAX_CONFLICTS = 10
#: The most claims one event's page lists.
MAX_CLAIMS = 50

_STATUS_RANK = {"consistent": 0, "contested": 1, "contradicted": 2}


def _na(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float):
        return math.isnan(v)
    import pandas as pd

    return v is pd.NA or v is pd.NaT


def _s(v: Any) -> str | None:
    return None if _na(v) else str(v)


def _i(v: Any) -> int | None:
    return None if _na(v) else int(v)


def _day(v: Any) -> str:
    return "undated" if _na(v) else str(v)[:10]


def _span(start: Any, end: Any) -> str:
    a, b = _day(start), _day(end)
    return a if a == b else f"{a} to {b}"


def _n(k: int, word: str) -> str:
    return f"{k} {word}" if k == 1 else f"{k} {word}s"


def _status(s: str | None) -> str:
    if not s:
        return ""
    return f'<span class="cr-status-{esc(s)}">{esc(s)}</span>'


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    # Rows as dicts, built column by column: iterrows (a Series per row) and to_dict
    # ("records") cost a pandas call per cell, which made a report of many events slow;
    # the cells are the same values (Series.tolist keeps NA, Timestamps and lists).
    names = [str(c) for c in df.columns]
    columns = [df[c].tolist() for c in df.columns]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def _source(c: Any) -> str:
    src = _s(c["source"])
    return src if src else f"unattributed ({_s(c['doc_id']) or 'no document'})"


def _ids(v: Any) -> list[str]:
    # A cell of claim ids: a list (an Arrow list column), a tuple or array, or missing.
    if isinstance(v, str):
        return [v]
    if v is None or not hasattr(v, "__iter__"):
        return []
    return [str(x) for x in v]


def _contradiction_html(row: Any, by_id: dict[str, Any], *, show_event: bool) -> str:
    """One conflict: kind, severity, its explanation, and each claim's sentence, marked."""
    head = f'<strong class="cr-kind">{esc(row["kind"])}</strong>'
    if show_event:
        head += f" in <code>{esc(row['event_id'])}</code>"
    sev = row["severity"]
    if not _na(sev):
        head += f" · severity {float(sev):.2f}"
    items: list[str] = []
    for cid in _ids(row["claim_ids"]):
        c = by_id.get(cid)
        if c is None:
            items.append(f'<li data-claim-id="{esc(cid)}"><code>{esc(cid)}</code></li>')
            continue
        bits = [_day(c["published"])]
        if _s(c["section"]) == "title":
            bits.append("headline")
        bits.append(_s(c["stance"]) or "")
        # A structured row has no sentence: its count phrase stands in for it.
        phrase = _s(c["count_text"])
        sentence = _s(c["sentence"]) or phrase or ""
        quote = f" <q>{marked_sentence(sentence, phrase)}</q>" if sentence else ""
        items.append(
            f'<li data-claim-id="{esc(cid)}"><span class="cr-source">{esc(_source(c))}</span>'
            f" ({esc(', '.join(b for b in bits if b))}):{quote}</li>"
        )
    return (
        f'<div class="cr-contradiction" data-kind="{esc(row["kind"])}">'
        f"<p>{head}</p><p class=\"cr-explanation\">{esc(row['explanation'])}</p>"
        f'<ul class="cr-sentences">{"".join(items)}</ul></div>'
    )


def _claims_by_id(claims: pd.DataFrame, ids: set[str]) -> dict[str, Any]:
    if not ids:
        return {}
    sub = claims[claims["claim_id"].isin(list(ids))]
    return {str(c["claim_id"]): c for c in _records(sub)}


@dataclass(frozen=True, eq=False)  # frames have no truth value: compare views by identity
class EventView:
    """One event of a :class:`~casualty_reconcile.Reconciliation`: its rows of the frames.

    Returned by :meth:`~casualty_reconcile.Reconciliation.event`; Jupyter shows it as a
    page (figures, status, every source's figure, the conflicts with their sentences).

    Attributes
    ----------
    event_id : str
        The event.
    events : pandas.DataFrame
        Its rows of ``Reconciliation.events`` (one per category and victim group).
    contradictions : pandas.DataFrame
        Its rows of ``Reconciliation.contradictions``.
    claims : pandas.DataFrame
        The claims aligned to it (``Reconciliation.claims`` rows), placeholders included.
    """

    event_id: str
    events: pd.DataFrame
    contradictions: pd.DataFrame
    claims: pd.DataFrame
    #: The claims the conflicts name (from the whole claims frame), for their sentences.
    conflict_claims: pd.DataFrame | None = field(repr=False, default=None)

    @property
    def status(self) -> str | None:
        """The worst status of the event's rows (``contradicted`` > ``contested`` > ...)."""
        st = [s for s in (_s(v) for v in self.events["status"].tolist()) if s]
        return max(st, key=lambda s: _STATUS_RANK.get(s, -1)) if st else None

    def explain(self) -> str:
        """Return this event's account, as :meth:`~casualty_reconcile.Reconciliation.explain`."""
        return explain_event(self.events, self.contradictions, self.claims, self.event_id)

    def plot(self, *, category: str | None = None, ax: Axes | None = None) -> Axes:
        """Draw each source's interval on one count axis.

        See :meth:`~casualty_reconcile.Reconciliation.plot`.
        """
        from ._plot import plot_intervals

        return plot_intervals(self, category=category, ax=ax)

    def plot_timeline(self, *, category: str | None = None, ax: Axes | None = None) -> Axes:
        """Draw figures against report date.

        See :meth:`~casualty_reconcile.Reconciliation.plot_timeline`.
        """
        from ._plot import plot_timeline

        return plot_timeline(self, category=category, ax=ax)

    def __repr__(self) -> str:
        return (
            f"EventView({self.event_id!r}, rows={len(self.events)}, "
            f"claims={len(self.claims)}, contradictions={len(self.contradictions)}, "
            f"status={self.status!r})"
        )

    def _repr_html_(self) -> str:
        return event_html(self)


def event_view(
    events: pd.DataFrame, contradictions: pd.DataFrame, claims: pd.DataFrame, event_id: str
) -> EventView:
    """Return the :class:`EventView` of ``event_id``; ``InputError`` when no row has it."""
    from ..errors import InputError

    ev = events[events["event_id"] == event_id].reset_index(drop=True)
    cl = claims[claims["event_id"] == event_id].reset_index(drop=True)
    if len(ev) == 0 and len(cl) == 0:
        raise InputError(f"no event with event_id={event_id!r}", event_id)
    con = contradictions[contradictions["event_id"] == event_id].reset_index(drop=True)
    ids = {i for v in con["claim_ids"].tolist() for i in _ids(v)}
    named = claims[claims["claim_id"].isin(list(ids))].reset_index(drop=True)
    return EventView(event_id, ev, con, cl, named)


def event_views(
    events: pd.DataFrame, contradictions: pd.DataFrame, claims: pd.DataFrame,
    event_ids: list[str],
) -> Iterator[EventView]:
    """Yield the :class:`EventView` of each of ``event_ids``, as :func:`event_view` builds it.

    The frames are grouped by event once, so many views cost one pass over them rather
    than one pass per view.
    """
    import numpy as np

    def positions(df: pd.DataFrame, column: str) -> dict[Any, Any]:
        return dict(df.groupby(df[column].astype("string"), sort=False).indices)

    ev_at, con_at = positions(events, "event_id"), positions(contradictions, "event_id")
    cl_at, claim_at = positions(claims, "event_id"), positions(claims, "claim_id")
    none = np.array([], dtype=np.int64)
    for eid in event_ids:
        ev = events.iloc[ev_at.get(eid, none)].reset_index(drop=True)
        cl = claims.iloc[cl_at.get(eid, none)].reset_index(drop=True)
        if len(ev) == 0 and len(cl) == 0:
            from ..errors import InputError

            raise InputError(f"no event with event_id={eid!r}", eid)
        con = contradictions.iloc[con_at.get(eid, none)].reset_index(drop=True)
        ids = {i for v in con["claim_ids"].tolist() for i in _ids(v)}
        at = [claim_at[i] for i in ids if i in claim_at]
        named = claims.iloc[np.sort(np.concatenate(at)) if at else none].reset_index(drop=True)
        yield EventView(eid, ev, con, cl, named)


def event_html(v: EventView) -> str:
    """Return the page of one event: figures per group, conflicts, every source's figure."""
    return view("event", event_body(v), event_id=v.event_id)


def event_body(v: EventView, *, after_figures: str = "") -> str:
    """Return one event's page without its wrapper; ``after_figures`` (HTML) follows the table.

    The report (:mod:`._report`) places the event's plot there.
    """
    ev, con, cl = v.events, v.contradictions, v.claims
    n_src = int(cl["source"].fillna(cl["doc_id"]).nunique()) if len(cl) else 0
    parts = [f"<h3>Event <code>{esc(v.event_id)}</code></h3>"]
    when = _span(ev["date_start"].min(), ev["date_end"].max()) if len(ev) else "undated"
    parts.append(
        f'<p class="cr-summary">{esc(when)} · {_n(len(cl), "claim")} from '
        f'{_n(n_src, "source")} · {_n(len(con), "conflict")}'
        + (f" · {_status(v.status)}" if v.status else "") + "</p>"
    )
    group_of: dict[str, str] = {}
    fig_rows: list[list[str]] = []
    fig_cls: list[str] = []
    for r in _records(ev):
        grp = describe_group(str(r["category"]), _s(r["victims"]))
        for cid in _ids(r["claim_ids"]):
            group_of.setdefault(cid, grp)
        agree = f"{_i(r['n_agreeing']) or 0} of {_i(r['n_sources']) or 0}"
        lo, hi = _i(r["reported_low"]), _i(r["reported_high"])
        reported = "" if lo is None else figure(lo) if lo == hi else f"{figure(lo)}-{figure(hi)}"
        fig_rows.append([
            esc(grp), _status(_s(r["status"])), figure(_i(r["low"])), figure(_i(r["best"])),
            figure(_i(r["high"])), esc(agree), esc(reported), esc(likely_text(r)),
        ])
        fig_cls.append("cr-conflict" if _s(r["status"]) == "contradicted" else "")
    if fig_rows:
        parts.append(table(
            ("group", "status", "low", "best", "high", "sources agreeing", "figures reported",
             "likely"),
            fig_rows, cls="cr-figures", row_classes=fig_cls, num=frozenset({2, 3, 4}),
        ))
    parts.append(after_figures)
    if len(con):
        lookup = _claims_by_id(v.conflict_claims if v.conflict_claims is not None else cl, {
            i for x in con["claim_ids"].tolist() for i in _ids(x)})
        ordered = con.sort_values("severity", ascending=False, kind="stable")
        blocks = [_contradiction_html(r, lookup, show_event=False)
                  for r in _records(ordered.head(MAX_CONFLICTS))]
        parts.append('<h4>Conflicts</h4><div class="cr-contradictions">'
                     + "".join(blocks) + "</div>")
        if len(con) > MAX_CONFLICTS:
            parts.append(f'<p class="cr-more">{len(con) - MAX_CONFLICTS} more conflicts '
                         "in <code>.contradictions</code>.</p>")
    in_conflict = {i for x in con["claim_ids"].tolist() for i in _ids(x)}
    real = cl[cl["reason"].isna()]
    order = {cid: k for k, cid in enumerate(group_of)}
    real = real.assign(_o=real["claim_id"].map(lambda c: order.get(str(c), len(order))))
    real = real.sort_values("_o", kind="stable")
    src_rows: list[list[str]] = []
    src_cls: list[str] = []
    for c in _records(real.head(MAX_CLAIMS)):
        cid = str(c["claim_id"])
        src_rows.append([
            esc(group_of.get(cid, c["category"])), esc(_source(c)), esc(_day(c["published"])),
            "headline" if _s(c["section"]) == "title" else "body", esc(_s(c["stance"])),
            esc(_s(c["count_text"])), figure(_i(c["low"])), figure(_i(c["best"])),
            figure(_i(c["high"])), esc(_s(c["role"])),
        ])
        src_cls.append("cr-conflict" if cid in in_conflict else "")
    if src_rows:
        parts.append("<h4>Sources</h4>" + table(
            ("group", "source", "published", "section", "stance", "phrase", "low", "best",
             "high", "role"),
            src_rows, cls="cr-sources", row_classes=src_cls, num=frozenset({6, 7, 8}),
        ))
        if len(real) > MAX_CLAIMS:
            parts.append(f'<p class="cr-more">{len(real) - MAX_CLAIMS} more claims in '
                         "<code>.claims</code>.</p>")
    kept = cl[cl["reason"].notna()]
    if len(kept):
        items = "".join(
            f'<li data-claim-id="{esc(c["claim_id"])}">{esc(_source(c))}: {esc(c["reason"])}</li>'
            for c in _records(kept.head(MAX_CLAIMS))
        )
        parts.append(f'<h4>Kept without a figure</h4><ul class="cr-unplaced">{items}</ul>')
    return "".join(parts)


def event_ranking(
    events: pd.DataFrame, contradictions: pd.DataFrame, claims: pd.DataFrame
) -> pd.DataFrame:
    """Return one row per event, the most contradicted first.

    Columns ``event_id``, ``rank`` (worst status: 0 consistent, 1 contested, 2 contradicted),
    ``start``, ``end``, ``conflicts``, ``severity`` (the worst), ``claims``, ``sources``;
    ordered by conflicts, worst severity, worst status, then event id, so the order is the
    same for the same result.
    """
    import pandas as pd

    eid = events["event_id"].astype("string")
    rank = events["status"].map(_STATUS_RANK).fillna(-1).astype("int64")
    g = events.groupby(eid, sort=False)
    per = pd.DataFrame({
        "rank": rank.groupby(eid, sort=False).max(),
        "start": g["date_start"].min(),
        "end": g["date_end"].max(),
    })
    per.index.name = "event_id"
    cgroups = contradictions.groupby(contradictions["event_id"].astype("string"), sort=False)
    per["conflicts"] = cgroups.size().reindex(per.index).fillna(0).astype("int64")
    per["severity"] = cgroups["severity"].max().reindex(per.index).astype("float64")
    cl_eid = claims["event_id"].astype("string")
    per["claims"] = claims.groupby(cl_eid, sort=False).size().reindex(per.index).fillna(0)
    src = claims["source"].fillna(claims["doc_id"])
    per["sources"] = src.groupby(cl_eid, sort=False).nunique().reindex(per.index).fillna(0)
    per = per.reset_index().sort_values(
        ["conflicts", "severity", "rank", "event_id"],
        ascending=[False, False, False, True], na_position="last", kind="stable",
    )
    return per


def reconciliation_html(
    events: pd.DataFrame, contradictions: pd.DataFrame, claims: pd.DataFrame
) -> str:
    """Return a result's page: counts, most contradicted events first, worst conflicts."""
    n_kept = int(claims["reason"].notna().sum())
    n_ev = int(events["event_id"].nunique())
    parts = ["<h3>Reconciliation</h3>"]
    st = events["status"].value_counts()
    status = ", ".join(f"{int(st.get(k, 0))} {k}" for k in _STATUS_RANK)
    kinds = contradictions["kind"].value_counts()
    conflicts = ", ".join(f"{k} {int(n)}" for k, n in sorted(kinds.items()))
    parts.append(
        '<ul class="cr-summary">'
        f"<li>{len(claims)} claims ({n_kept} kept without a figure)</li>"
        f"<li>{n_ev} events, {len(events)} rows (event × category × victims): {esc(status)}</li>"
        f"<li>{len(contradictions)} conflicts"
        + (f" ({esc(conflicts)})" if conflicts else "") + "</li></ul>"
    )
    if n_ev == 0:
        parts.append('<p class="cr-more">No events.</p>')
        return view("reconciliation", "".join(parts))
    per = event_ranking(events, contradictions, claims)
    shown = per.head(MAX_EVENTS)
    rows_of = events[events["event_id"].isin(shown["event_id"].tolist())]
    figs: dict[str, list[str]] = {}
    for r in _records(rows_of):
        grp = describe_group(str(r["category"]), _s(r["victims"]))
        figs.setdefault(str(r["event_id"]), []).append(
            f"{esc(grp)}: {figure(_i(r['low']))} / {figure(_i(r['best']))} / "
            f"{figure(_i(r['high']))}"
        )
    inv = {v: k for k, v in _STATUS_RANK.items()}
    ev_rows: list[list[str]] = []
    ev_cls: list[str] = []
    for p in _records(shown):
        lines = figs.get(str(p["event_id"]), [])
        more = f"<br>+{len(lines) - 4} more" if len(lines) > 4 else ""
        sev = "" if _na(p["severity"]) else f"{float(p['severity']):.2f}"
        ev_rows.append([
            f"<code>{esc(p['event_id'])}</code>", esc(_span(p["start"], p["end"])),
            _status(inv.get(int(p["rank"]))), str(int(p["conflicts"])), sev,
            str(int(p["claims"])), str(int(p["sources"])), "<br>".join(lines[:4]) + more,
        ])
        ev_cls.append("cr-conflict" if int(p["conflicts"]) else "")
    title = ("Events, most contradicted first" if len(per) <= MAX_EVENTS else
             f"The {MAX_EVENTS} most contradicted of {len(per)} events")
    parts.append(f"<h4>{esc(title)}</h4>" + table(
        ("event", "dates", "status", "conflicts", "worst severity", "claims", "sources",
         "low / best / high"),
        ev_rows, cls="cr-events", row_classes=ev_cls, num=frozenset({3, 4, 5, 6}),
    ))
    if len(contradictions):
        top = contradictions.sort_values("severity", ascending=False, kind="stable").head(
            MAX_CONFLICTS)
        lookup = _claims_by_id(claims, {i for x in top["claim_ids"].tolist() for i in _ids(x)})
        blocks = [_contradiction_html(r, lookup, show_event=True) for r in _records(top)]
        head = ("Conflicts, most severe first" if len(contradictions) <= MAX_CONFLICTS else
                f"The {MAX_CONFLICTS} most severe of {len(contradictions)} conflicts")
        parts.append(f'<h4>{esc(head)}</h4><div class="cr-contradictions">'
                     + "".join(blocks) + "</div>")
    if len(per) > MAX_EVENTS:
        parts.append(f'<p class="cr-more">{len(per) - MAX_EVENTS} more events not shown; '
                     "<code>r.event(event_id)</code> shows one, <code>r.events</code> has all."
                     "</p>")
    return view("reconciliation", "".join(parts))
