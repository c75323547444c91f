"""Place names before a date phrase, and the assimilated Arabic article "An N..." (issue 10).

Found by the synthetic accuracy diagnosis (docs/performance.md, "Synthetic accuracy"): a
one-word place ending like an adjective ("Bauchi", "Berberati") was read as the adjective of
the next word when a relative date followed it ("in Bauchi yesterday"), and "An Nuhud" was
cut at its capitalised article.
"""

from __future__ import annotations

import pytest

from casualty_reconcile import extract_claims

PUBLISHED = "2024-03-14"


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("23 people were killed in Bauchi yesterday.", ["Bauchi"]),
        ("Gunmen killed 12 villagers in Berberati earlier this week.", ["Berberati"]),
        ("Four soldiers died in Kadugli overnight, the army said.", ["Kadugli"]),
        ("Eight civilians were killed in Chichawatni last week.", ["Chichawatni"]),
        ("Eight civilians were killed in Ughelli later that day.", ["Ughelli"]),
        ("Six were killed in Bauchi on Monday.", ["Bauchi"]),
        ("An air strike killed five people in An Najaf on Monday.", ["An Najaf"]),
        ("Eleven civilians were killed in shelling in An Nuhud.", ["An Nuhud"]),
        ("Three people died in An Nasiriyah yesterday.", ["An Nasiriyah"]),
        # still no place: an adjective before its noun, a title-case article
        ("Iraqi forces killed 5 fighters.", []),
        ("Five died in Syrian army-held areas.", []),
        ("Five Killed In An Ambush", []),
        ("Seven Killed In An Assault", []),
        ("Nine Killed In An NGO Compound", []),  # "an N..." before a vowel sound: an acronym
    ],
)
def test_place_before_a_date_and_arabic_article(text: str, places: list[str]) -> None:
    claims = extract_claims(text, published=PUBLISHED)
    assert claims
    assert list(claims[0].places) == places


@pytest.mark.parametrize(
    ("title", "text", "dates"),
    [
        # a round-up's day is not the day of the report's own event ...
        ("6 killed in Smila drone strike",
         "Six people were killed in a drone strike in Smila. Elsewhere, a child was killed in "
         "an air strike in Meiganga on 5 January, the monitor said.",
         [None, None, "2024-01-05"]),
        ("Bombing kills 43 in Sadr City",
         "A suicide bombing killed 43 residents in Sadr City on 18 February. In a separate "
         "incident, the ministry said five civilians died in Nizhyn on 21 January.",
         ["2024-02-18", "2024-02-18", "2024-01-21"]),
        # ... but a day of the same place, or of a sentence naming no place, still is
        ("", "A car bomb exploded in Khasham on Sunday. Seven people were killed.",
         ["2024-02-18"]),
        ("", "The attack came on Sunday. Seven people were killed in Khasham.",
         ["2024-02-18"]),
    ],
)
def test_a_day_of_another_place_dates_no_claim(title: str, text: str,
                                                dates: list[str | None]) -> None:
    import pandas as pd

    from casualty_reconcile import extract_claims_frame

    f = extract_claims_frame(pd.DataFrame({"title": [title], "text": [text],
                                           "published": ["2024-02-22"]}))
    got = [None if pd.isna(d) else d.date().isoformat() for d in f["event_date"]]
    assert got == dates
