"""A week or a month holding two events of a report's place: the toll decides, or it stays apart.

"A rocket attack in Jos earlier this month killed five villagers", published on 20 March,
when Jos was hit on the 3rd (five dead) and on the 12th (twenty dead). Taking the event
nearest the month's middle was a guess; the toll tells the two incidents apart
(docs/reconcile.md, step 2 (b)). Found by the synthetic accuracy diagnosis at 15,000 events
(docs/performance.md, "Synthetic accuracy"), where busy towns made it the largest class of
mixed events.
"""

from __future__ import annotations

import pandas as pd
import pytest

from casualty_reconcile import reconcile


def _docs(second_toll: str, report: str, published: str = "2024-03-20") -> pd.DataFrame:
    return pd.DataFrame([
        {"doc_id": "D0", "title": "", "published": "2024-03-03",
         "text": "Five villagers were killed in a rocket attack in Jos on 3 March, police said."},
        {"doc_id": "D1", "title": "", "published": "2024-03-12",
         "text": f"{second_toll} were killed in an ambush in Jos on 12 March, the army said."},
        {"doc_id": "D2", "title": "", "published": published, "text": report},
    ])


def _event_of(c: pd.DataFrame, doc: str) -> set[str]:
    return set(c.loc[(c["doc_id"] == doc) & (c["category"] == "killed"), "event_id"])


@pytest.mark.parametrize(
    ("report", "joins"),
    [
        ("A rocket attack in Jos earlier this month killed five villagers, officials said.",
         "D0"),
        ("Officials said six people died in Jos earlier this month when rockets hit a market.",
         "D0"),
        ("Twenty-two soldiers were killed in Jos earlier this month, a local official said.",
         "D1"),
        ("An ambush in Jos earlier this month left about 20 soldiers dead.", "D1"),
        ("Last week, 19 soldiers were killed in an ambush in Jos, the governor said.", "D1"),
    ],
)
def test_the_toll_picks_the_event(report: str, joins: str) -> None:
    c = reconcile(_docs("Twenty soldiers", report), by_victims=False).claims
    other = "D1" if joins == "D0" else "D0"
    assert _event_of(c, "D2") == _event_of(c, joins)
    assert not _event_of(c, "D2") & _event_of(c, other)


@pytest.mark.parametrize(
    ("second_toll", "report"),
    [
        # eleven is far from both five and twenty: no guess
        ("Twenty soldiers", "An attack in Jos earlier this month killed eleven people."),
        # five fits both five and six: no guess
        ("Six soldiers", "Five people were killed in Jos earlier this month, officials said."),
    ],
)
def test_no_single_fitting_toll_stays_apart(second_toll: str, report: str) -> None:
    c = reconcile(_docs(second_toll, report), by_victims=False).claims
    mine = _event_of(c, "D2")
    assert mine and not mine & (_event_of(c, "D0") | _event_of(c, "D1"))
    note = c.loc[c["doc_id"] == "D2", "alignment"].iloc[0]
    assert "apart: 2 events it could join" in note


def test_one_event_in_the_month_is_joined_whatever_the_toll() -> None:
    # A single event of its place in the window: no choice to make, as before.
    docs = _docs("Twenty soldiers", "An attack in Jos earlier this month killed 40 people.")
    docs = docs[docs["doc_id"] != "D1"]
    c = reconcile(docs, by_victims=False).claims
    assert _event_of(c, "D2") == _event_of(c, "D0")
