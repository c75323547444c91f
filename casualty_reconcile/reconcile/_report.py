"""A reconciliation as one self-contained HTML report (``Reconciliation.to_html``).

The report is a single file that needs nothing else: its style is an inline ``<style>``,
its plots are inline ``<svg>`` drawn by :func:`._plot.plot_intervals` through matplotlib's
SVG backend, and it holds no script, no font, no image file and no link out, so it opens
the same offline, in a mail attachment or in a sandboxed viewer. Every value from the data
is escaped (:func:`casualty_reconcile._html.esc`; matplotlib escapes the text it writes
into an SVG).

Contents: a summary (documents, claims, events, contradicted events, conflicts), every
contradicted event (its figures, its plot, each conflict with the sentences behind it,
every source's figure), then one table of the other events. matplotlib is the optional
``plot`` extra: without it the report is written all the same, without plots, and says so.
"""

from __future__ import annotations

import io
import re
import threading
from typing import TYPE_CHECKING, Any

from .._html import STYLE, esc, figure, table
from ._display import (
    _STATUS_RANK,
    _i,
    _na,
    _records,
    _s,
    _span,
    _status,
    event_body,
    event_ranking,
    event_views,
)
from ._explain import describe_group, likely_text

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PAGE_STYLE", "report_html"]

#: The page's own style (the views' :data:`casualty_reconcile._html.STYLE` comes with it).
PAGE_STYLE = (
    "<style>"
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;"
    "margin:0 auto;max-width:60rem;padding:1rem 1.5rem 3rem;color:#1b1b1b;background:#fff}"
    "h1{font-size:1.6rem;margin:0.2em 0}"
    "h2{font-size:1.3rem;border-bottom:2px solid #ddd;padding-bottom:0.2em;margin-top:2em}"
    "article.cr-event{border:1px solid #e3b5b5;border-radius:4px;padding:0.2em 1em 0.8em;"
    "margin:1.2em 0}"
    "article.cr-event h3{margin:0.5em 0 0.2em}"
    "figure.cr-plot{margin:0.6em 0}"
    "figure.cr-plot svg{max-width:100%;height:auto}"
    "figcaption,.cr-note,.cr-meta{color:#555;font-size:0.9em}"
    ".cr-note{border-left:3px solid #c8a200;padding:0.2em 0.6em;background:#fffbe8}"
    "dl.cr-counts{display:grid;grid-template-columns:max-content auto;gap:0.15em 1em}"
    "dl.cr-counts dt{font-weight:bold}dl.cr-counts dd{margin:0}"
    "nav.cr-toc ol{columns:2;font-size:0.92em}"
    "table.cr-others tr.cr-first td{border-top:2px solid #999}"
    "@media print{article.cr-event{break-inside:avoid-page}}"
    "</style>"
)

_NO_MATPLOTLIB = (
    "Plots are not included: matplotlib is not installed "
    "(pip install 'casualty_reconcile[plot]')."
)
_NOT_ASKED = "Plots are not included (plots=False)."

# matplotlib's SVG settings are global rcParams; rc_context restores them on exit, but two
# threads nesting it could restore each other's values, so saving an SVG is serialised.
_SVG_LOCK = threading.Lock()
# The prolog (XML declaration, DOCTYPE naming a DTD by URL) has no place inside HTML, and
# the namespace attributes are implied by HTML's parser for <svg>: dropped, so the page
# holds no URL at all.
_SVG_NS = re.compile(r'\s+xmlns(?::xlink)?="[^"]*"')


def _matplotlib() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ModuleNotFoundError:
        return False
    return True


def _svg(view: Any, salt: str) -> str:
    """Return the event's interval plot as an inline ``<svg>`` element.

    Drawn on a :class:`matplotlib.figure.Figure` of its own (no pyplot, so no global
    figure is left open and threads do not share one). Text stays text (``svg.fonttype``
    ``none``): smaller, selectable, searchable. ``svg.hashsalt`` makes the ids that the
    plot's clip paths and markers refer to unique to this plot and the same from run to
    run, so several plots share a page and a report is reproducible byte for byte.
    """
    import matplotlib as mpl
    from matplotlib.figure import Figure

    from ._plot import plot_intervals

    # The height plot_intervals gives its own figures: a line per claim and per group.
    n = int(view.claims["reason"].isna().sum())
    fig = Figure(figsize=(8, 1.6 + 0.32 * n + 0.3 * len(view.events)))
    plot_intervals(view, ax=fig.subplots())
    buf = io.StringIO()
    with _SVG_LOCK, mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": salt}):
        # Metadata keys set to None are left out: no creator URL, no date.
        fig.savefig(buf, format="svg", bbox_inches="tight",
                    metadata={"Creator": None, "Date": None, "Format": None, "Type": None})
    text = buf.getvalue()
    text = text[text.index("<svg"):]
    head_end = text.index(">")
    head = _SVG_NS.sub("", text[:head_end])
    label = f"Each source's figure for {view.event_id}"
    return f'{head} role="img" aria-label="{esc(label)}"{text[head_end:]}'.strip()


def _writer() -> str:
    # The installed distribution's version (the package's own __init__ is above this layer).
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"casualty_reconcile {version('casualty_reconcile')}"
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "casualty_reconcile"


def _counts(events: pd.DataFrame, contradictions: pd.DataFrame, claims: pd.DataFrame,
            n_contradicted: int) -> str:
    docs = int(claims["doc_id"].dropna().nunique())
    kept = int(claims["reason"].notna().sum())
    st = events["status"].value_counts()
    status = ", ".join(f"{int(st.get(k, 0))} {k}" for k in _STATUS_RANK)
    kinds = contradictions["kind"].value_counts()
    by_kind = ", ".join(f"{k} {int(n)}" for k, n in sorted(kinds.items()))
    items = [
        ("Documents", f"{docs:,}"),
        ("Claims", f"{len(claims):,} ({kept:,} kept without a figure)"),
        ("Events", f"{int(events['event_id'].nunique()):,} ({len(events):,} rows of event, "
                   f"category and victims: {status})"),
        ("Contradicted events", f"{n_contradicted:,}"),
        ("Conflicts", f"{len(contradictions):,}" + (f" ({by_kind})" if by_kind else "")),
    ]
    return '<dl class="cr-counts">' + "".join(
        f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in items) + "</dl>"


def _others_table(events: pd.DataFrame, order: list[str]) -> str:
    """One row per (event, category, victims) of the events not shown in full."""
    pos = {e: k for k, e in enumerate(order)}
    rows = events[events["event_id"].isin(order)]
    rows = rows.assign(_o=rows["event_id"].map(pos)).sort_values(
        ["_o", "category"], kind="stable")
    cells: list[list[str]] = []
    starts: list[str] = []
    last = None
    for r in _records(rows):
        eid = str(r["event_id"])
        first = eid != last
        last = eid
        starts.append("cr-first" if first else "")
        lo, hi = _i(r["reported_low"]), _i(r["reported_high"])
        reported = "" if lo is None else figure(lo) if lo == hi else f"{figure(lo)}-{figure(hi)}"
        cells.append([
            f"<code>{esc(eid)}</code>" if first else "",
            esc(_span(r["date_start"], r["date_end"])) if first else "",
            esc(describe_group(str(r["category"]), _s(r["victims"]))),
            _status(_s(r["status"])),
            figure(_i(r["low"])), figure(_i(r["best"])), figure(_i(r["high"])),
            esc(f"{_i(r['n_agreeing']) or 0} of {_i(r['n_sources']) or 0}"),
            esc(reported), esc(likely_text(r)),
        ])
    return table(
        ("event", "dates", "group", "status", "low", "best", "high", "sources agreeing",
         "figures reported", "likely"),
        cells, cls="cr-others", row_classes=starts, num=frozenset({4, 5, 6}),
    )


def report_html(
    events: pd.DataFrame,
    contradictions: pd.DataFrame,
    claims: pd.DataFrame,
    *,
    options: dict[str, Any] | None = None,
    plots: bool = True,
    title: str | None = None,
) -> str:
    """Return the report of a reconciliation as one HTML document (see the module)."""
    title = title or "Casualty figures: reconciliation report"
    per = event_ranking(events, contradictions, claims)
    contra_ids = set(contradictions["event_id"].dropna().astype(str))
    contra_ids |= set(events.loc[events["status"] == "contradicted", "event_id"].astype(str))
    ranked = [str(e) for e in per["event_id"].tolist()]
    contradicted = [e for e in ranked if e in contra_ids]
    others = [e for e in ranked if e not in contra_ids]

    note = ""
    draw = plots and _matplotlib()
    if contradicted and not draw:
        note = _NOT_ASKED if not plots else _NO_MATPLOTLIB

    parts: list[str] = [f"<header><h1>{esc(title)}</h1>"]
    if options:
        opts = ", ".join(f"{k}={v!r}" for k, v in sorted(options.items()))
        parts.append(f'<p class="cr-meta">Options: {esc(opts)}</p>')
    parts.append("</header>")

    parts.append('<section id="summary"><h2>Summary</h2>')
    parts.append(_counts(events, contradictions, claims, len(contradicted)))
    if note:
        parts.append(f'<p class="cr-note" id="plots-note">{esc(note)}</p>')
    parts.append("</section>")

    parts.append(f'<section id="contradicted"><h2>Contradicted events ({len(contradicted)})'
                 "</h2>")
    if not contradicted:
        parts.append("<p>No event is contradicted: no conflict was found between the "
                     "figures reported.</p>")
    else:
        parts.append('<p class="cr-meta">Most conflicts first. Each event: its reconciled '
                     "figures, each source's interval (plot: low to high, dot = best, "
                     "ringed in red = in a conflict, green = reconciled), each conflict "
                     "with the sentences behind it, then every source.</p>")
        links = "".join(f'<li><a href="#event-{k}"><code>{esc(e)}</code></a></li>'
                        for k, e in enumerate(contradicted, 1))
        parts.append(f'<nav class="cr-toc"><ol>{links}</ol></nav>')
    views = event_views(events, contradictions, claims, contradicted)
    for k, (eid, view) in enumerate(zip(contradicted, views, strict=True), 1):
        plot = ""
        if draw:
            from ..errors import InputError

            try:
                svg = _svg(view, f"cr-report-{k}")
                plot = (f'<figure class="cr-plot">{svg}<figcaption>Each source\'s figure '
                        f"for <code>{esc(eid)}</code>.</figcaption></figure>")
            except (InputError, ValueError) as exc:  # no figure to draw, unreadable label
                plot = f'<p class="cr-note">No plot: {esc(exc)}</p>'
        parts.append(f'<article class="cr-event" id="event-{k}" data-event-id="{esc(eid)}">'
                     f"{event_body(view, after_figures=plot)}</article>")
    parts.append("</section>")

    parts.append(f'<section id="other-events"><h2>Other events ({len(others)})</h2>')
    if others:
        parts.append('<p class="cr-meta">One row per event, category and victim group; '
                     "<code>r.event(event_id)</code> or <code>r.explain(event_id)</code> "
                     "tells one event's story.</p>")
        parts.append(_others_table(events, others))
    else:
        parts.append("<p>None.</p>")
    parts.append("</section>")
    placeholders = _claims_outside(claims, set(ranked))
    if placeholders:
        parts.append(f'<p class="cr-meta">{placeholders:,} further claims belong to no '
                     "event with a figure (see the claims' <code>reason</code>).</p>")
    parts.append(f'<footer class="cr-meta"><p>Written by {esc(_writer())}.</p></footer>')

    body = f'<main class="cr-view cr-report">{STYLE}{"".join(parts)}</main>'
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title>{PAGE_STYLE}</head><body>{body}</body></html>\n"
    )


def _claims_outside(claims: pd.DataFrame, shown: set[str]) -> int:
    """Count the claims whose event has no row of figures (placeholders only)."""
    eid = claims["event_id"]
    return int(sum(1 for e in eid.tolist() if _na(e) or str(e) not in shown))
