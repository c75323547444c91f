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
