"""A figure reported on the same day as figures entirely above it conflicts with them.

Issue 5: a toll that rises over time is an update; only figures reported at comparable times,
or a fall, conflict. A later, higher report does not make a rival figure of the same day an
old figure of a rising toll.
"""

from __future__ import annotations

import pandas as pd

from casualty_reconcile import reconcile


def _frame(rows: list[tuple[str, int, int | None, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "claim_id": [f"r{i}" for i in range(len(rows))],
            "source": [r[0] for r in rows],
            "low": [r[1] for r in rows],
            "high": [r[2] for r in rows],
            "published": [r[3] for r in rows],
            "event_id": ["raid"] * len(rows),
        }
    )


def test_a_same_day_rival_figure_conflicts_even_if_a_later_report_is_higher() -> None:
    r = reconcile(
        _frame(
            [
                ("a monitoring group", 40, None, "2022-03-02"),
                ("the provincial hospital", 44, 44, "2022-03-02"),
                ("the interior ministry", 6, 6, "2022-03-02"),
                ("a UN agency", 40, 50, "2022-03-04"),
            ]
        )
    )
    row = r.events.iloc[0]
    assert (row["low"], row["best"], row["high"]) == (44, 44, 44)
    assert row["status"] == "contradicted"
    kinds = r.contradictions[["kind", "claim_ids"]]
    assert any(k == "disjoint" and "r2" in ids for k, ids in kinds.itertuples(index=False))


def test_a_lower_figure_followed_by_higher_ones_is_still_a_rising_toll() -> None:
    r = reconcile(
        _frame(
            [
                ("the interior ministry", 6, 6, "2022-03-01"),
                ("a monitoring group", 40, None, "2022-03-02"),
                ("the provincial hospital", 44, 44, "2022-03-03"),
            ]
        )
    )
    assert r.contradictions.empty
    assert r.events.iloc[0]["best"] == 44
