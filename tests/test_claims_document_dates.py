"""Event dates from document context (issue 9, part 1).

A claim's ``event_date`` comes from its own clause, then from the day the document gives the
event ("came under fire on February 7" in another paragraph, "the February 7 fighting",
"Saturday's bombing"), never from a date of saying ("said in a statement on Tuesday").
Relative phrases are resolved by dateparser against ``published``. All sentences are written
for these tests; places are real, events invented.
"""

from __future__ import annotations

import datetime as dt

import pytest

from casualty_reconcile import extract_claims
from casualty_reconcile.claims._dates import find_dates
from casualty_reconcile.claims._vocab import vocab_for
from casualty_reconcile.lexicon import default_lexicon

D = dt.date

# (title, text, published, {(category, best): (event_date, precision)})
DOCUMENT_CASES = [
    pytest.param(
        None,
        "The ministry said in a statement on Tuesday that 40 soldiers were wounded.\n\n"
        "Their convoy came under fire on February 7 near the refinery.",
        "2018-02-20",
        {("injured", 40): (D(2018, 2, 7), "day")},
        id="statement-date-then-event-day-in-another-paragraph",
    ),
    pytest.param(
        None,
        "Forty soldiers were wounded, the ministry said on Tuesday. The unit had been ambushed "
        "on 7 February outside the town.",
        "2018-02-20",
        {("injured", 40): (D(2018, 2, 7), "day")},
        id="event-day-in-a-later-sentence",
    ),
    pytest.param(
        None,
        "Officials said on Monday that twelve people were hurt in the February 7 fighting.",
        "2018-02-19",
        {("injured", 12): (D(2018, 2, 7), "day")},
        id="date-as-premodifier-of-the-event",
    ),
    pytest.param(
        None,
        "At least nine people died in Saturday's bombing, the governor said on Monday.",
        "2018-02-19",
        {("killed", 9): (D(2018, 2, 17), "day")},
        id="possessive-weekday-of-the-event",
    ),
    pytest.param(
        "Nine killed in market blast",
        "A bomb went off in the crowded market on Sunday morning, police said.",
        "2019-06-11",
        {("killed", 9): (D(2019, 6, 9), "day")},
        id="headline-takes-the-body-day",
    ),
    pytest.param(
        "Eleven killed in two attacks",
        "Four people died in a strike on Monday. Seven were killed in a raid on Wednesday.",
        "2019-06-13",
        {
            ("killed", 11): (None, None),
            ("killed", 4): (D(2019, 6, 10), "day"),
            ("killed", 7): (D(2019, 6, 12), "day"),
        },
        id="two-days-in-the-document-headline-stays-undated",
    ),
    pytest.param(
        None,
        "A rocket hit the bus station on Monday, killing four. On Wednesday, a second rocket "
        "struck the market. Doctors said 20 people were wounded there.",
        "2019-06-13",
        {
            ("killed", 4): (D(2019, 6, 10), "day"),
            ("injured", 20): (D(2019, 6, 12), "day"),
        },
        id="two-days-the-nearest-day-before-wins",
    ),
    pytest.param(
        None,
        "Earlier this month, 30 villagers were killed, local officials said. The attack took "
        "place on February 3, residents said.",
        "2018-02-20",
        {("killed", 30): (D(2018, 2, 3), "day")},
        id="a-month-refined-by-the-document-day",
    ),
    pytest.param(
        None,
        "Last week eight guards were wounded in the capital. The camp was shelled on "
        "January 2.",
        "2018-02-20",
        {("injured", 8): (D(2018, 2, 15), "week")},
        id="a-week-not-refined-by-a-day-outside-it",
    ),
    pytest.param(
        None,
        "Since 2011, more than 500 people have been killed in the province. A car bomb killed "
        "six people on Friday.",
        "2018-02-20",
        {("killed", 501): (None, None), ("killed", 6): (D(2018, 2, 16), "day")},
        id="a-cumulative-toll-takes-no-day",
    ),
    pytest.param(
        None,
        "The ministry admitted that 30 of its citizens were injured, days after acknowledging "
        "five deaths. The militia unit was attacked on February 7.",
        "2018-02-20",
        {("injured", 30): (D(2018, 2, 7), "day"), ("killed", 5): (D(2018, 2, 7), "day")},
        id="days-after-a-verb-of-saying-dates-the-saying",
    ),
    pytest.param(
        None,
        "The army said on Tuesday that 12 soldiers were killed.",
        "2018-02-20",
        {("killed", 12): (None, None)},
        id="only-a-statement-date",
    ),
    pytest.param(
        None,
        "The death toll rose to 63 on Monday. The building collapsed on Saturday night.",
        "2018-02-20",
        {("killed", 63): (D(2018, 2, 17), "day")},
        id="a-toll-update-takes-the-event-day-not-the-update-day",
    ),
    pytest.param(
        None,
        "Two people were killed a few days ago in the village, a resident said.",
        "2018-02-20",
        {("killed", 2): (D(2018, 2, 16), "week")},
        id="a-few-days-ago-is-a-week",
    ),
    pytest.param(
        None,
        "A council member said the meeting on Thursday would discuss the attack. Three "
        "policemen were killed, the statement said.",
        "2018-02-20",
        {("killed", 3): (None, None)},
        id="a-date-of-no-event-sentence-is-not-the-event-day",
    ),
]


@pytest.mark.parametrize(("title", "text", "published", "expected"), DOCUMENT_CASES)
def test_event_date_from_document_context(
    title: str | None, text: str, published: str, expected: dict[tuple[str, int], tuple[object, object]]
) -> None:
    got = {
        (c.category, c.count.best): (c.event_date, c.event_date_precision)
        for c in extract_claims(text, title=title, published=published)
    }
    for key, want in expected.items():
        assert key in got, (key, got)
        assert got[key] == want, (key, got[key], want)


def test_claim_without_a_place_takes_the_event_sentence_places() -> None:
    cs = extract_claims(
        "The ministry said in a statement on Tuesday that 40 soldiers were wounded.\n\n"
        "Their convoy came under fire on February 7 near Tal Afar.",
        published="2018-02-20",
    )
    assert [(c.category, c.count.best) for c in cs] == [("injured", 40)]
    assert "Tal Afar" in cs[0].places


def test_a_claim_with_its_own_place_keeps_it() -> None:
    cs = extract_claims(
        "Forty soldiers were wounded in Mosul, the ministry said on Tuesday. Their convoy came "
        "under fire on February 7 near Tal Afar.",
        published="2018-02-20",
    )
    assert cs[0].places == ("Mosul",)


# Relative phrases, resolved by dateparser against the publication day (a Tuesday).
PUB = D(2018, 2, 13)
RELATIVE = [
    ("yesterday", D(2018, 2, 12), "day"),
    ("last night", D(2018, 2, 12), "day"),
    ("two days ago", D(2018, 2, 11), "day"),
    ("3 days ago", D(2018, 2, 10), "day"),
    ("a week ago", D(2018, 2, 6), "week"),
    ("on Tuesday", D(2018, 2, 13), "day"),
    ("last Tuesday", D(2018, 2, 6), "day"),
    ("on Sunday", D(2018, 2, 11), "day"),
    ("over the weekend", D(2018, 2, 10), "week"),
    ("last week", D(2018, 2, 8), "week"),
    ("earlier this week", D(2018, 2, 12), "week"),
    ("earlier this month", D(2018, 2, 7), "month"),
    ("last month", D(2018, 1, 16), "month"),
    ("a few days ago", D(2018, 2, 9), "week"),
    ("several days earlier", D(2018, 2, 9), "week"),
    ("a few weeks ago", D(2018, 1, 19), "month"),
]


@pytest.mark.parametrize(("phrase", "date", "precision"), RELATIVE)
def test_relative_phrases(phrase: str, date: dt.date, precision: str) -> None:
    v = vocab_for(default_lexicon())
    got = [(m.date, m.precision) for m in find_dates(f"Three died {phrase}.", v, PUB)]
    assert got == [(date, precision)]


@pytest.mark.parametrize("phrase", ["next week", "in the coming days", "for days", "days of fighting"])
def test_no_relative_date(phrase: str) -> None:
    v = vocab_for(default_lexicon())
    assert find_dates(f"Three died {phrase}.", v, PUB) == []
