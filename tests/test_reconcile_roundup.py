"""A claim without a day takes its document's day of the same place first (issue 10).

A round-up report names two events: "43 killed in Sadr City on 18 February" and "Elsewhere,
five died in Nizhyn on 21 January". A headline or a follow-up sentence of the report that
gives no day is about Sadr City; it takes the Sadr City day, not the earliest day of the
document (found by the synthetic accuracy diagnosis, docs/performance.md).
"""

from __future__ import annotations

import pandas as pd
import pytest

from casualty_reconcile import reconcile


def _claims(rows: list[tuple[str, str, int, str | None, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"doc_id": d, "source": s, "best": b, "low": b, "high": b, "date": day,
          "location": place, "category": "killed"} for d, s, b, day, place in rows])


@pytest.mark.parametrize(
    ("rows", "together", "apart"),
    [
        # the undated headline of D1 names Sadr City: it joins the Sadr City event
        ([("D1", "Wire", 43, None, "Sadr City"),
          ("D1", "police", 43, "2024-02-18", "Sadr City"),
          ("D1", "the ministry", 5, "2024-01-21", "Nizhyn"),
          ("D2", "the monitor", 5, "2024-01-21", "Nizhyn")],
         [0, 1], [2]),
        # with two same-place days the commonest still wins, as before
        ([("D1", "Wire", 9, None, "Kano"),
          ("D1", "police", 9, "2024-02-18", "Kano"),
          ("D1", "medics", 9, "2024-02-18", "Kano"),
          ("D1", "the army", 2, "2024-02-17", "Kano")],
         [0, 1, 2], [3]),
        # a claim naming no place takes the document's commonest day, as before
        ([("D1", "Wire", 7, None, None),
          ("D1", "police", 7, "2024-02-18", "Kano"),
          ("D1", "medics", 7, "2024-02-18", "Kano")],
         [0, 1, 2], []),
    ],
)
def test_undated_claim_takes_the_day_of_its_own_place(
        rows: list[tuple[str, str, int, str | None, str]], together: list[int],
        apart: list[int]) -> None:
    r = reconcile(_claims(rows), by_victims=False)
    ev = r.claims["event_id"].tolist()  # input order
    assert len({ev[i] for i in together}) == 1
    assert all(ev[i] != ev[together[0]] for i in apart)


def test_round_up_report_without_a_day_of_its_own() -> None:
    # The report's own event has only "earlier this month"; its one day is the round-up's,
    # given for another town. The headline and the lede stay with the Smila event, the
    # round-up sentence joins the Meiganga event (towns known to the gazetteer).
    docs = pd.DataFrame([
        {"doc_id": "D1", "title": "6 killed in Smila drone strike", "published": "2023-06-08",
         "text": "Six people were killed in a drone strike in Smila earlier this month. "
                 "Elsewhere, a child was killed in an air strike in Meiganga on 5 January, "
                 "the monitor said."},
        {"doc_id": "D2", "title": "", "published": "2023-06-07",
         "text": "Five people were killed in a drone strike in Smila on 6 June, police said."},
        {"doc_id": "D3", "title": "", "published": "2023-01-06",
         "text": "A child was killed in an air strike in Meiganga on 5 January, the monitor "
                 "said."},
    ])
    c = reconcile(docs, by_victims=False).claims
    smila = set(c.loc[c["doc_id"] == "D2", "event_id"])
    meiganga = set(c.loc[c["doc_id"] == "D3", "event_id"])
    d1 = c[c["doc_id"] == "D1"]
    assert set(d1.loc[d1["sentence"].str.contains("Smila"), "event_id"]) == smila
    assert set(d1.loc[d1["sentence"].str.contains("Meiganga"), "event_id"]) == meiganga
    assert smila != meiganga
