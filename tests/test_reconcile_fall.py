"""A lower figure reported after a higher one is a fall, and conflicts, even when a third
source later reports a higher figure again (issue 5: only figures at comparable times, or a
fall, conflict; a rising toll is an update)."""

from __future__ import annotations

import pandas as pd

from casualty_reconcile import reconcile


def _frame(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"source": s, "count": c, "category": "killed", "event_id": "e1", "published": p}
            for s, c, p in rows
        ]
    )


def test_fall_between_two_higher_reports_is_disjoint() -> None:
    r = reconcile(
        _frame(
            [
                ("the coalition", "an estimated 100", "2018-02-08"),
                ("the foreign ministry", "five", "2018-02-15"),
                ("a newspaper", "several dozen", "2018-02-20"),
            ]
        )
    )
    ev = r.events.iloc[0]
    assert ev["status"] == "contradicted"
    dis = r.contradictions[r.contradictions["kind"] == "disjoint"]
    assert len(dis) == 1 and "the foreign ministry" in dis.iloc[0]["sources"]
    roles = dict(zip(r.claims["source"], r.claims["role"], strict=True))
    assert roles["the foreign ministry"] == "outlier"


def test_rising_toll_across_sources_is_still_an_update() -> None:
    r = reconcile(
        _frame(
            [
                ("ministry", "12", "2023-02-06"),
                ("red crescent", "30", "2023-02-07"),
                ("ministry", "41", "2023-02-08"),
            ]
        )
    )
    ev = r.events.iloc[0]
    assert (int(ev["low"]), int(ev["best"]), int(ev["high"])) == (41, 41, 41)
    assert r.contradictions.empty
    roles = dict(zip(r.claims["source"], r.claims["role"], strict=False))
    assert roles["red crescent"] == "superseded"
