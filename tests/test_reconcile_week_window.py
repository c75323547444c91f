"""An undated claim takes its document's week or month when the document gives no day (issue 10).

A report published on Friday reads "A rocket attack killed two villagers in Jos last week",
under the headline "2 killed in Jos rocket attack". The headline gives no date; before this
rule its window was the lag before publication (three days), which misses an attack of last
week, so the headline split from its own lede. A report is about one event unless it says
otherwise (docs/reconcile.md, step 0c): the headline now takes the lede's week. Found by the
synthetic accuracy diagnosis (docs/performance.md, "Synthetic accuracy").
"""

from __future__ import annotations

import pandas as pd
import pytest

from casualty_reconcile import reconcile

# An attack on Monday 4 March 2024, reported that day by D0; the report under test (D1) is
# published on Saturday 9 or later, beyond the 3-day lag.
_DAY_REPORT = {"doc_id": "D0", "title": "", "published": "2024-03-04",
               "text": "Two villagers were killed in a rocket attack in Jos on Monday, police "
                       "said."}


@pytest.mark.parametrize(
    ("title", "text", "published"),
    [
        ("2 killed in Jos rocket attack",
         "A rocket attack killed two villagers in Jos last week. Six others were wounded.",
         "2024-03-11"),
        ("Rocket attack kills two in Jos",
         "Two villagers died in a rocket attack in Jos earlier this week, according to "
         "hospital officials.", "2024-03-09"),
        ("Two dead in Jos",
         "A rocket attack in Jos earlier this month left two villagers dead, the local "
         "council said.", "2024-03-10"),
        ("Jos: two villagers killed, six hurt",
         "Officials said two villagers were killed in Jos last week when rockets hit the "
         "market. Six more were injured.", "2024-03-12"),
    ],
)
def test_undated_headline_takes_the_week_of_its_lede(title: str, text: str,
                                                       published: str) -> None:
    docs = pd.DataFrame([_DAY_REPORT, {"doc_id": "D1", "title": title, "text": text,
                                       "published": published}])
    c = reconcile(docs, by_victims=False).claims
    c = c[c["reason"].isna()]
    killed = c[c["category"] == "killed"]
    assert set(killed["section"]) == {"title", "body"}
    # the headline, the lede and Monday's report are one event
    assert killed["event_id"].nunique() == 1, killed[["doc_id", "section", "alignment"]]


@pytest.mark.parametrize(
    ("title", "text"),
    [
        # the week is given for another town: the headline does not take it
        ("3 killed in Jos",
         "Elsewhere, an ambush killed five soldiers in Maiduguri last week, the army said."),
        # no week or month at all: the lag before publication, as before
        ("2 killed in Jos rocket attack",
         "Rockets hit the market, killing two villagers, police said."),
    ],
)
def test_no_week_of_its_own_place_leaves_the_lag(title: str, text: str) -> None:
    docs = pd.DataFrame([_DAY_REPORT, {"doc_id": "D1", "title": title, "text": text,
                                       "published": "2024-03-11"}])
    c = reconcile(docs, by_victims=False).claims
    c = c[c["reason"].isna()]
    monday = set(c.loc[c["doc_id"] == "D0", "event_id"])
    headline = set(c.loc[(c["doc_id"] == "D1") & (c["section"] == "title"), "event_id"])
    assert headline and not headline & monday
