"""A weekday in a sentence that says "last week" is a day of last week (issue 10).

"The deadliest strike of last week hit a hotel in Kramatorsk on Tuesday", filed on the next
Tuesday, had been dated that very Tuesday (a weekday equal to the publication's is read as
the same day); filed on Thursday, this week's Tuesday. Found on heldout4 (no longer held
out); docs/claims.md, date table.
"""

from __future__ import annotations

import datetime as dt

import pytest

from casualty_reconcile import extract_claims

# Weeks run Monday to Sunday: 2 February 2026 was a Monday.


@pytest.mark.parametrize(
    ("text", "published", "day"),
    [
        ("The deadliest strike of last week hit a hotel in Kramatorsk on Tuesday, killing "
         "seven people.", "2026-02-10", "2026-02-03"),
        ("Last week, a missile hit a hotel in Kramatorsk on Tuesday, killing seven people.",
         "2026-02-12", "2026-02-03"),
        ("A missile hit a hotel in Kramatorsk on Tuesday last week, killing seven people.",
         "2026-02-12", "2026-02-03"),
        ("On Monday last week, seven people died when a missile hit Kramatorsk.", "2026-02-12",
         "2026-02-02"),
        ("Last week's worst attack came on Saturday, when gunmen killed 12 villagers in Zurmi.",
         "2026-02-11", "2026-02-07"),
        # a weekday already in last week stays where it is
        ("Last week, gunmen killed 12 villagers in Zurmi on Friday.", "2026-02-09",
         "2026-02-06"),
    ],
)
def test_weekday_of_last_week(text: str, published: str, day: str) -> None:
    claims = extract_claims(text, published=published)
    assert len(claims) == 1
    c = claims[0]
    assert (c.event_date, c.event_date_precision) == (dt.date.fromisoformat(day), "day")


@pytest.mark.parametrize(
    ("text", "published", "day", "precision"),
    [
        # no "last week": the latest such day, as before
        ("A missile hit a hotel in Kramatorsk on Tuesday, killing seven people.", "2026-02-12",
         "2026-02-10", "day"),
        # "last week" alone: the week's Thursday, week precision, as before
        ("Last week a missile killed seven people in Kramatorsk.", "2026-02-12", "2026-02-05",
         "week"),
        # the weekday dates the statement, not the event: the week stays
        ("The number of bodies found in the Kano graves discovered last week has reached 27, "
         "the state forensic institute said on Wednesday.", "2023-11-15", "2023-11-09",
         "week"),
    ],
)
def test_otherwise_nothing_changes(text: str, published: str, day: str,
                                      precision: str) -> None:
    c = extract_claims(text, published=published)[0]
    assert (c.event_date, c.event_date_precision) == (dt.date.fromisoformat(day), precision)
