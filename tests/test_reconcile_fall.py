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


def test_only_current_figures_witness_a_fall() -> None:
    # The hospital's 18 of Monday is superseded by its own 25 of Thursday: the ministry's 15
    # of Tuesday is an early figure of a rising toll, not a fall below 18 (docs/reconcile.md,
    # Figures 2). The synthetic truth reads it the same way.
    from casualty_reconcile.synthetic._generate import _disjoint

    rows = [("the hospital", "18", "2024-03-04"), ("the ministry", "15", "2024-03-05"),
            ("the hospital", "25", "2024-03-07")]
    r = reconcile(_frame(rows))
    assert r.contradictions.empty
    roles = dict(zip(r.claims["count_text"], r.claims["role"], strict=True))
    assert roles["15"] == "superseded"
    claims = [{"source": s, "published": p, "category": "killed", "low": int(c),
               "best": int(c), "high": int(c), "section": "body", "doc_id": f"D{i}"}
              for i, (s, c, p) in enumerate(rows)]
    assert not _disjoint(claims)
    # Had the hospital kept its 18, the ministry's 15 of the next day would be a fall.
    r2 = reconcile(_frame([*rows[:2], ("the red cross", "25", "2024-03-07")]))
    assert set(r2.contradictions["kind"]) == {"disjoint"}
