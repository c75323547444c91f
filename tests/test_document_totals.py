"""document_totals: what one document says in total, per category."""

from __future__ import annotations

import pandas as pd
import pytest

from casualty_reconcile import Claim, CountEstimate, document_totals, extract_claims, reconcile

TABLE = [
    # (title, text, category, (low, best, high))
    (None, "Forces killed two in Kunar and one in Logar.", "killed", (3, 3, 3)),
    (None, "Police killed a Taliban leader and one insurgent.", "killed", (2, 2, 2)),
    (None, "Three soldiers, two policemen and a civilian were killed.", "killed", (6, 6, 6)),
    (None, "At least 40 militants were killed, while three soldiers died.", "killed",
     (43, 43, None)),
    # subgroups are not added
    (None, "12 people were killed, including 3 children.", "killed", (12, 12, 12)),
    (None, "Militants killed 12 people, 3 of them children.", "killed", (12, 12, 12)),
    (None, "Twelve people were killed, among them three children.", "killed", (12, 12, 12)),
    (None, "The blast killed 20 people, 12 civilians and 8 soldiers.", "killed", (20, 20, 20)),
    # a running toll is a whole, not a part
    (None, "Police killed 5 militants, raising the toll to 12.", "killed", (12, 12, 12)),
    (None, "Divers recovered six more bodies from the lake, bringing to 20 the number of dead.",
     "killed", (20, 20, 20)),
    (None, "Rescuers found four more bodies, taking the number of dead to 15.", "killed",
     (15, 15, 15)),
    # a singular coordinated with a count is one more part
    (None, "The airstrike hit a school, killing seven students and a teacher.", "killed",
     (8, 8, 8)),
    # repeated figures count once
    ("20 killed in Idlib air strikes",
     "At least 20 people were killed in air strikes on Idlib, the Observatory said. "
     "Among the dead were six children.", "killed", (20, 20, 20)),
    (None, "Two insurgents were killed. The two insurgents were planting a bomb.", "killed",
     (2, 2, 2)),
    # denials
    (None, "The army denied that any soldiers had been killed.", "killed", (0, 0, 0)),
    (None, "Rebels claimed to have killed 20 soldiers. The army denied that any soldiers "
     "were killed.", "killed", (20, 20, 20)),
    # several claimants: a range, never a sum
    (None, "Police said 5 were killed, while activists put the toll at 9.", "killed",
     (5, 5, 9)),
]


@pytest.mark.parametrize(("title", "text", "category", "figure"), TABLE)
def test_document_total(title: str | None, text: str, category: str,
                        figure: tuple[int, int, int | None]) -> None:
    t = document_totals(extract_claims(text, title=title, doc_id="d"))
    row = t[t["category"] == category].iloc[0]
    high = None if pd.isna(row["high"]) else int(row["high"])
    assert (int(row["low"]), int(row["best"]), high) == figure


def test_every_claim_in_exactly_one_row() -> None:
    frame = pd.DataFrame({
        "doc_id": ["a", "b", "c"],
        "text": ["Five soldiers were killed and 3 wounded.", "It rained all day.", ""],
    })
    from casualty_reconcile import extract_claims_frame

    claims = extract_claims_frame(frame)
    t = document_totals(claims)
    ids = [i for ids in t["claim_ids"] for i in ids]
    # placeholder rows get the content ids reconcile gives them
    assert len(ids) == len(set(ids)) == len(claims)
    real = claims["claim_id"].dropna()
    assert set(real) <= set(ids)
    placeholders = t[t["reason"].notna()]
    assert set(placeholders["reason"]) == {"no_claim", "empty_text"}
    assert placeholders["best"].isna().all()


def test_claims_without_document_are_their_own_documents() -> None:
    cs = [Claim("killed", CountEstimate(4, 4, 4, "exact", "4", 0, 1), publisher="A"),
          Claim("killed", CountEstimate(6, 6, 6, "exact", "6", 0, 1), publisher="B")]
    t = document_totals(cs)
    assert sorted(t["best"].tolist()) == [4, 6]


def test_empty_input() -> None:
    t = document_totals([])
    assert len(t) == 0
    assert list(t.columns)[:6] == ["doc_id", "category", "low", "best", "high", "kind"]


def test_reconcile_takes_the_document_total() -> None:
    docs = pd.DataFrame({
        "text": ["Afghan forces killed two Taliban fighters in Kunar and one in Logar on "
                 "Sunday, police said.",
                 "Police said three Taliban fighters were killed on Sunday."],
        "doc_id": ["a", "b"], "published": ["2019-05-02", "2019-05-02"],
        "publisher": ["P1", "P2"], "event_id": ["e1", "e1"]})
    ev = reconcile(docs).events
    row = ev[ev["category"] == "killed"].iloc[0]
    assert (row["low"], row["best"], row["high"], row["status"]) == (3, 3, 3, "consistent")
