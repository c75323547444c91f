"""r.plot(event_id) and r.plot_timeline(event_id), drawn with Agg; asserts on the artists.

Every artist the library draws carries a gid (``cr-interval``, ``cr-open-bound`` ...), so the
tests count and measure what was drawn rather than only checking that nothing raised.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from importlib import resources
from typing import Any

import pandas as pd
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402

import casualty_reconcile as cr  # noqa: E402
from casualty_reconcile import InputError, Reconciliation  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def drawn(ax: Axes, gid: str) -> list[Any]:
    return [a for a in ax.get_children() if a.get_gid() == gid]


@pytest.fixture(scope="module")
def example() -> Reconciliation:
    path = resources.files("casualty_reconcile") / "examples" / "documents.jsonl"
    return cr.reconcile(pd.read_json(str(path), lines=True))


def _real_claims(r: Reconciliation, eid: str, category: str | None = None) -> pd.DataFrame:
    ev = r.events[r.events["event_id"] == eid]
    if category is not None:
        ev = ev[ev["category"] == category]
    ids = [i for v in ev["claim_ids"] for i in v]
    cl = r.claims.set_index("claim_id").loc[ids]
    return cl[cl["reason"].isna()]


def _in_conflict(r: Reconciliation, eid: str) -> set[str]:
    con = r.contradictions[r.contradictions["event_id"] == eid]
    return {i for ids in con["claim_ids"] for i in ids}


# -- plot: intervals on one count axis -----------------------------------------------------


@pytest.mark.parametrize(
    ("eid", "scale"),
    [
        ("manbij-market-2021-09-16", "linear"),   # 3 to 61: one order of magnitude
        ("deir-al-zour-2018-02-07", "symlog"),    # 0 to 201 or more
        ("kaduna-school-2024-03-07", "symlog"),   # 1 and 281 or more
        ("kherson-2023-05-16", "linear"),
    ],
)
def test_plot_draws_each_claims_interval(example: Reconciliation, eid: str, scale: str) -> None:
    r = example
    ax = r.plot(eid)
    cl = _real_claims(r, eid)
    ev = r.events[r.events["event_id"] == eid]
    intervals = drawn(ax, "cr-interval")
    assert len(intervals) == len(cl) == len(drawn(ax, "cr-best"))
    assert ax.get_xscale() == scale
    right = ax.get_xlim()[1]
    # each segment runs low..high; an open one to the right edge, with an arrow
    segments = sorted((float(line.get_xdata()[0]), float(line.get_xdata()[1])) for line in intervals)
    want = sorted((float(lo), float(right if pd.isna(hi) else hi)) for lo, hi in zip(cl["low"], cl["high"], strict=True))
    assert segments == want
    arrows = drawn(ax, "cr-open-bound")
    assert len(arrows) == int(cl["high"].isna().sum())
    for a in arrows:
        assert a.arrow_patch is not None and a.xy[0] == right
    # one shaded consensus span per row, over the reconciled interval
    spans = drawn(ax, "cr-consensus")
    assert len(spans) == len(ev)
    got = sorted((s.get_x(), s.get_x() + s.get_width()) for s in spans)
    want_spans = sorted((float(lo), float(right if pd.isna(hi) else hi)) for lo, hi in zip(ev["low"], ev["high"], strict=True))
    assert got == want_spans
    assert len(drawn(ax, "cr-group")) == len(ev)
    # contradicting sources ringed: one mark per claim named in a conflict
    n_conf = int(cl.index.isin(list(_in_conflict(r, eid))).sum())
    marks = drawn(ax, "cr-contradicting")
    assert (len(marks[0].get_offsets()) if marks else 0) == n_conf
    # every claim labelled with its source and report date
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == len(cl)
    for src, day in zip(cl["source"], cl["published"], strict=True):
        assert any(lab.startswith(f"{src} · {day.date().isoformat()}") for lab in labels)


def test_plot_one_category(example: Reconciliation) -> None:
    eid = "manbij-market-2021-09-16"
    ax = example.plot(eid, category="killed")
    cl = _real_claims(example, eid, "killed")
    assert len(drawn(ax, "cr-interval")) == len(cl)
    ev = example.events[(example.events["event_id"] == eid) & (example.events["category"] == "killed")]
    assert len(drawn(ax, "cr-consensus")) == len(ev)
    with pytest.raises(InputError, match="captured"):
        example.plot(eid, category="captured")


@pytest.mark.parametrize("method", ["plot", "plot_timeline"])
def test_plots_of_an_unknown_event_are_the_librarys_error(example: Reconciliation, method: str) -> None:
    with pytest.raises(InputError, match="no event"):
        getattr(example, method)("no-such-event")


@pytest.mark.parametrize("method", ["plot", "plot_timeline"])
def test_an_event_with_no_figure_is_not_drawn_empty(method: str) -> None:
    r = cr.reconcile(pd.DataFrame({"text": ["A calm day in the city.", "Police said 5 died."],
                                   "doc_id": ["a", "b"], "event_id": ["x", "y"],
                                   "published": ["2024-01-02", "2024-01-02"]}))
    with pytest.raises(InputError, match="no figure to plot"):
        getattr(r, method)("x")
    assert len(drawn(getattr(r, method)("y"), "cr-best" if method == "plot" else "cr-series")) == 1


@pytest.mark.parametrize("method", ["plot", "plot_timeline"])
def test_plots_draw_on_the_axes_given(example: Reconciliation, method: str) -> None:
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.add_subplot()
    before = plt.get_fignums()
    assert getattr(example, method)("boulkessi-2022-11-13", ax=ax) is ax
    assert plt.get_fignums() == before, "no pyplot figure when an axes is given"
    assert getattr(example.event("boulkessi-2022-11-13"), method)(ax=fig.add_subplot(2, 1, 2)) is not ax


# -- plot_timeline: figures against report date --------------------------------------------


@pytest.fixture(scope="module")
def toll() -> Reconciliation:
    # the ministry's toll rises over four days; the monitor lowers its own figure (a
    # revision down); the rebels set no upper bound; one row has no date at all
    return cr.reconcile(pd.DataFrame({
        "source": ["ministry", "ministry", "ministry", "monitor", "monitor", "rebels", "medics"],
        "count": ["10 people", "25", "about 40", "60", "45", "more than 100", "about 30"],
        "published": ["2023-05-01", "2023-05-02", "2023-05-04", "2023-05-02", "2023-05-05",
                      "2023-05-04", None],
        "event_id": "e1",
        "doc_id": [f"d{i}" for i in range(7)],
    }))


def _series(ax: Axes) -> list[tuple[list[float], list[float]]]:
    return [([float(x) for x in line.get_xdata()], [float(y) for y in line.get_ydata()])
            for line in drawn(ax, "cr-series")]


def test_timeline_shows_a_rising_toll_and_a_revision_down(toll: Reconciliation) -> None:
    assert set(toll.contradictions["kind"]) >= {"revision_down"}
    ax = toll.plot_timeline("e1")
    series = _series(ax)
    dated = toll.claims[toll.claims["published"].notna() & toll.claims["reason"].isna()]
    assert len(series) == dated["source"].nunique() == 3
    by_first_y = {ys[0]: (xs, ys) for xs, ys in series}
    ministry_x, ministry = by_first_y[10.0]
    assert ministry == [10.0, 25.0, 40.0] and ministry == sorted(ministry)  # rising
    days = [float(mdates.date2num(pd.Timestamp(d))) for d in ("2023-05-01", "2023-05-02", "2023-05-04")]
    assert ministry_x == days
    _, monitor = by_first_y[60.0]
    assert monitor == [60.0, 45.0]  # the revision down falls
    labels = {t.get_text() for t in drawn(ax, "cr-source-label")}
    assert labels == {"ministry", "monitor", "rebels"}
    # each closed report an interval bar; the open one an upward arrow
    bars = drawn(ax, "cr-range")
    assert sum(len(b.get_segments()) for b in bars) == len(dated) - 1
    (arrow,) = drawn(ax, "cr-open-bound")
    assert arrow.xyann[1] == 101 and arrow.xy[1] > 101
    assert ax.get_ylim()[1] >= arrow.xy[1]
    # the reconciled interval as a band; the claims in a conflict ringed
    (band,) = drawn(ax, "cr-consensus")
    ev = toll.events.iloc[0]
    assert (band.get_y(), band.get_y() + band.get_height()) == (int(ev["low"]), int(ev["high"]))
    (marks,) = drawn(ax, "cr-contradicting")
    assert len(marks.get_offsets()) == len(set(dated["claim_id"]) & _in_conflict(toll, "e1"))
    # the row with no date is said, not silently left out
    (note,) = drawn(ax, "cr-undated")
    assert note.get_text() == "1 undated claim not shown"


def test_timeline_of_one_day_is_days_wide(example: Reconciliation) -> None:
    ax = example.plot_timeline("kaduna-school-2024-03-07")
    lo, hi = ax.get_xlim()
    assert 2 <= hi - lo <= 4  # a day's margin either side, not matplotlib's years
    assert ax.get_yscale() == "symlog"  # 1 and 281 or more


def test_timeline_of_each_example_event(example: Reconciliation) -> None:
    for eid in example.events["event_id"].unique():
        ax = example.plot_timeline(eid)
        cl = _real_claims(example, eid)
        dated = cl[cl["published"].notna() | cl["event_date"].notna()]
        assert sum(len(line.get_xdata()) for line in drawn(ax, "cr-series")) == len(dated)
        assert len(drawn(ax, "cr-open-bound")) == int(dated["high"].isna().sum())
        plt.close(ax.figure)


# -- optional dependency -------------------------------------------------------------------


def test_the_library_does_not_import_matplotlib_until_a_plot() -> None:
    code = (
        "import sys, pandas as pd, casualty_reconcile as cr\n"
        "r = cr.reconcile(pd.DataFrame({'source': ['a', 'b'], 'count': ['5', '50'], 'event_id': 'e'}))\n"
        "r._repr_html_(); r.event('e')._repr_html_()\n"
        "print('matplotlib' in sys.modules)\n"
        "sys.modules['matplotlib'] = None\n"
        "try:\n    r.plot('e')\nexcept ModuleNotFoundError as e:\n    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    first, second = out.stdout.strip().split("\n")
    assert first == "False"
    assert "pip install 'casualty_reconcile[plot]'" in second
