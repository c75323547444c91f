"""A headline and its body are one report: a category slip between them is found even when
the headline names only the country and the body the town, so that alignment places their
claims in different events (found on the shipped example corpus)."""

from __future__ import annotations

import pandas as pd

from casualty_reconcile import reconcile


def test_headline_category_slip_across_events_is_intra_document() -> None:
    docs = pd.DataFrame(
        [
            {
                "doc_id": "d1",
                "title": "Moscow admits several dozen of its citizens killed in Syria",
                "text": (
                    "Several dozen Russian citizens were injured in fighting near Deir "
                    "al-Zour, the Foreign Ministry said on Tuesday. Five Russian citizens "
                    "were killed in the clash, the ministry said earlier."
                ),
                "published": "2018-02-20",
                "publisher": "Wire",
            }
        ]
    )
    r = reconcile(docs)
    kinds = r.contradictions["kind"].tolist()
    assert "intra_document" in kinds
    row = r.contradictions[r.contradictions["kind"] == "intra_document"].iloc[0]
    assert "injured" in row["explanation"] and "headline" in row["explanation"]
