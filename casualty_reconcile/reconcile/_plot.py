"""Plots of one event (matplotlib, the optional ``plot`` extra): intervals and a timeline.

:func:`plot_intervals` draws each source's interval on one count axis; :func:`plot_timeline`
draws each source's figures against the report date. Both return the matplotlib ``Axes``
and name their artists with a ``gid`` (``cr-interval``, ``cr-best``, ``cr-open-bound``,
``cr-consensus``, ``cr-contradicting``, ``cr-series``, ``cr-range``, ``cr-group``,
``cr-source-label``, ``cr-undated``), so a program (or a test) can find what was drawn.
matplotlib is imported only when a plot is asked for.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._explain import describe_group

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from ._display import EventView

__all__ = ["LOG_RATIO", "plot_intervals", "plot_timeline"]

#: The count axis turns logarithmic (symlog, so that 0 stays on it) when the largest figure
#: is at least this many times the smallest (each + 1): two orders of magnitude.
LOG_RATIO = 100

_INTERVAL = "#3b6ea8"
_CONFLICT = "#c0392b"
_CONSENSUS = "#2e8b57"


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ModuleNotFoundError as exc:  # the optional extra is not installed
        raise ModuleNotFoundError(
            "plots need matplotlib: pip install 'casualty_reconcile[plot]'", name=exc.name
        ) from None
    return plt


def _na(v: Any) -> bool:
    import pandas as pd

    return v is None or bool(pd.isna(v))


def _int(v: Any) -> int | None:
    return None if _na(v) else int(v)


@dataclass
class _Claim:
    claim_id: str
    label: str
    source: str
    low: int
    best: int
    high: int | None
    when: _dt.datetime | None


@dataclass
class _Group:
    label: str
    low: int
    best: int
    high: int | None
    claims: list[_Claim]


def _groups(v: EventView, category: str | None) -> list[_Group]:
    """Return the event's rows (category and victims) with their claims, in report order."""
    from ..errors import InputError

    ev = v.events
    if category is not None:
        ev = ev[ev["category"] == category]
        if len(ev) == 0:
            have = sorted(set(v.events["category"].dropna()))
            raise InputError(
                f"event {v.event_id!r} has no {category!r} figures; it has {have}", category
            )
    if len(ev) == 0:
        raise InputError(
            f"event {v.event_id!r} has no figure to plot: its {len(v.claims)} claims were "
            "kept without one (see .event(event_id))",
            v.event_id,
        )
    real = v.claims[v.claims["reason"].isna()]
    rows = {str(c["claim_id"]): c for _, c in real.iterrows()}
    out: list[_Group] = []
    for _, r in ev.iterrows():
        claims: list[_Claim] = []
        for cid in [str(x) for x in r["claim_ids"]]:
            c = rows.get(cid)
            if c is None or _na(c["low"]):
                continue
            src = str(c["source"]) if not _na(c["source"]) else f"unattributed ({c['doc_id']})"
            when = c["published"] if not _na(c["published"]) else c["event_date"]
            day = None if _na(when) else when.to_pydatetime()
            label = f"{src} · {'undated' if day is None else day.date().isoformat()}"
            if not _na(c["section"]) and c["section"] == "title":
                label += " (headline)"
            claims.append(_Claim(cid, label, src, int(c["low"]), int(c["best"]),
                                 _int(c["high"]), day))
        claims.sort(key=lambda k: (k.when is None, k.when or _dt.datetime.min))
        grp = describe_group(str(r["category"]), None if _na(r["victims"]) else r["victims"])
        out.append(_Group(grp, int(r["low"]), int(r["best"]), _int(r["high"]), claims))
    return out


def _conflict_ids(con: pd.DataFrame) -> set[str]:
    return {str(i) for ids in con["claim_ids"].tolist() for i in ids}


def _scale(values: list[int]) -> tuple[bool, int]:
    """Return whether the count axis is logarithmic, and the largest figure drawn."""
    top = max(values) if values else 0
    low = min(values) if values else 0
    return (top + 1) / (low + 1) >= LOG_RATIO, top


def plot_intervals(v: EventView, *, category: str | None = None, ax: Axes | None = None) -> Axes:
    """Draw each source's interval of one event on one count axis.

    One horizontal segment per claim (``cr-interval``) with its best figure (``cr-best``);
    a claim with no upper bound runs to the right edge with an arrow (``cr-open-bound``); the
    reconciled interval of each row (category and victims) is shaded across its claims
    (``cr-consensus``); claims in a conflict are ringed in red (``cr-contradicting``);
    each claim is labelled with its source and report date. The axis is logarithmic when
    the figures span :data:`LOG_RATIO` or more.
    """
    groups = _groups(v, category)
    n = sum(len(g.claims) for g in groups)
    if ax is None:
        _, ax = _pyplot().subplots(figsize=(8, 1.6 + 0.32 * n + 0.3 * len(groups)))
    from matplotlib.patches import Rectangle

    finite = [x for g in groups for c in g.claims for x in (c.low, c.best, c.high)
              if x is not None]
    finite += [x for g in groups for x in (g.low, g.high) if x is not None]
    log, top = _scale(finite)
    any_open = any(c.high is None for g in groups for c in g.claims) or any(
        g.high is None for g in groups)
    right = max(1.0, top * (3.0 if log else 1.15) if any_open else top * (1.3 if log else 1.05))
    if right <= top:
        right = top + 1.0
    conflicts = _conflict_ids(v.contradictions)
    ticks: list[float] = []
    labels: list[str] = []
    marked: list[tuple[int, float]] = []
    y = 0.0
    for g in groups:
        first = y
        for c in g.claims:
            hi = right if c.high is None else c.high
            ax.plot([c.low, hi], [y, y], color=_INTERVAL, marker="|", markersize=9,
                    linewidth=2, gid="cr-interval")
            if c.high is None:
                ax.annotate("", xy=(right, y), xytext=(c.low, y), gid="cr-open-bound",
                            arrowprops={"arrowstyle": "-|>", "color": _INTERVAL, "lw": 2})
            ax.plot([c.best], [y], "o", color=_INTERVAL, markersize=5, gid="cr-best")
            if c.claim_id in conflicts:
                marked.append((c.best, y))
            ticks.append(y)
            labels.append(c.label)
            y += 1.0
        last = y - 1.0 if g.claims else y
        hi_g = right if g.high is None else g.high
        width = max(hi_g - g.low, 0)
        # The edge keeps an exact reconciled figure (zero width) visible as a line.
        ax.add_patch(Rectangle((g.low, first - 0.45), width, last - first + 0.9,
                               facecolor=_CONSENSUS, edgecolor=_CONSENSUS, alpha=0.25,
                               linewidth=2, gid="cr-consensus"))
        ax.text(0.005, first - 0.6, f"{g.label}: reconciled "
                f"{g.low:,}-{'open' if g.high is None else f'{g.high:,}'}, best {g.best:,}",
                fontsize=8, color=_CONSENSUS, va="bottom", gid="cr-group",
                transform=ax.get_yaxis_transform())
        y = last + 2.0
    if marked:
        ax.scatter([m[0] for m in marked], [m[1] for m in marked], marker="o", s=120,
                   facecolors="none", edgecolors=_CONFLICT, linewidths=2, zorder=3,
                   gid="cr-contradicting", label="in a conflict")
    if log:
        ax.set_xscale("symlog", linthresh=1)
    ax.set_xlim(0, right)
    ax.set_ylim(max(y - 1.0, 0.5), -1.2)  # first claim at the top
    ax.set_yticks(ticks, labels, fontsize=8)
    ax.set_xlabel("people (low to high; dot = best)")
    ax.set_title(f"{v.event_id}: each source's figure", fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    if marked:
        ax.legend(loc="lower right", fontsize=8)
    return ax


def plot_timeline(v: EventView, *, category: str | None = None, ax: Axes | None = None) -> Axes:
    """Draw each source's figures of one event against the report date.

    One line per source and row (``cr-series``; one colour per row: category and victims)
    through its best figures in report order, named at its last report (``cr-source-label``),
    so a rising toll climbs and a source's downward revision falls; each report's interval
    as a vertical bar (``cr-range``), an open upper bound as an upward arrow
    (``cr-open-bound``); the reconciled interval of each row as a band (``cr-consensus``);
    claims in a conflict ringed in red (``cr-contradicting``). A claim with neither a report date
    nor an event date cannot be placed: the plot says how many (``cr-undated``).
    """
    groups = _groups(v, category)
    if ax is None:
        _, ax = _pyplot().subplots(figsize=(8, 4.5))
    import matplotlib.dates as mdates

    finite = [x for g in groups for c in g.claims for x in (c.low, c.best, c.high)
              if x is not None]
    log, top = _scale(finite)
    conflicts = _conflict_ids(v.contradictions)
    colors = [f"C{i}" for i in range(10)]
    undated = 0
    marked: list[tuple[float, int]] = []
    days: list[float] = []
    tips: list[float] = []  # where the open bounds' arrows end: the axis must reach them
    for gi, g in enumerate(groups):
        # One colour per row (category and victims); a line per source within it.
        color = colors[gi % len(colors)]
        lo_g, hi_g = g.low, (g.high if g.high is not None else top * (3 if log else 1.15) + 1)
        ax.axhspan(lo_g, hi_g, color=color, alpha=0.1, linewidth=0, gid="cr-consensus")
        # matplotlib's date numbers (days since its epoch), so the date axis formats them
        series: dict[str, list[tuple[float, _Claim]]] = {}
        for c in g.claims:
            if c.when is None:
                undated += 1
                continue
            x = float(mdates.date2num(c.when))  # type: ignore[no-untyped-call]
            series.setdefault(c.source, []).append((x, c))
            days.append(x)
        for k, cs in enumerate(series.values()):
            label = g.label if k == 0 else "_nolegend_"
            ax.plot([x for x, _ in cs], [c.best for _, c in cs], marker="o", color=color,
                    label=label, gid="cr-series")
            closed = [(x, c.low, c.high) for x, c in cs if c.high is not None]
            if closed:
                ax.vlines([x for x, _, _ in closed], [lo for _, lo, _ in closed],
                          [hi for _, _, hi in closed], color=color, alpha=0.6, linewidth=3,
                          gid="cr-range")
            last_x, last = cs[-1]
            ax.annotate(last.source, (last_x, last.best), xytext=(9, 0), fontsize=7,
                        textcoords="offset points", va="center", gid="cr-source-label")
            for x, c in cs:
                if c.high is None:
                    tip = max(c.low, 1) * (3 if log else 1.15) + 1
                    tips.append(tip)
                    ax.annotate("", xy=(x, tip), xytext=(x, c.low), gid="cr-open-bound",
                                arrowprops={"arrowstyle": "-|>", "color": color, "lw": 2})
                if c.claim_id in conflicts:
                    marked.append((x, c.best))
    if marked:
        ax.scatter([m[0] for m in marked], [m[1] for m in marked], marker="o", s=120,
                   facecolors="none", edgecolors=_CONFLICT, linewidths=2, zorder=3,
                   gid="cr-contradicting", label="in a conflict")
    if undated:
        ax.text(0.01, 0.01, f"{undated} undated claim{'s' if undated != 1 else ''} not shown",
                transform=ax.transAxes, fontsize=8, gid="cr-undated")
    if log:
        ax.set_yscale("symlog", linthresh=1)
    ax.set_ylim(bottom=0)
    if tips:
        ax.set_ylim(top=max(max(tips) * (1.3 if log else 1.05), ax.get_ylim()[1]))
    ax.xaxis_date()
    # Reports are dated to the day: a few days' margin (one report date alone would get
    # matplotlib's default of years), whole days on a short axis, never hours.
    if days:
        pad = max(1.0, (max(days) - min(days)) * 0.08)
        ax.set_xlim(min(days) - pad, max(days) + pad)
    lo_x, hi_x = ax.get_xlim()
    span = hi_x - lo_x
    locator: Any = (
        mdates.DayLocator(interval=max(1, round(span / 8)))  # type: ignore[no-untyped-call]
        if span <= 60
        else mdates.AutoDateLocator()  # type: ignore[no-untyped-call]
    )
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    ax.set_xlabel("report date")
    ax.set_ylabel("people (dot = best, bar = low to high)")
    ax.set_title(f"{v.event_id}: figures as reported over time", fontsize=10)
    ax.grid(alpha=0.3)
    handles, _ = ax.get_legend_handles_labels()
    if 0 < len(handles) <= 16:
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return ax
