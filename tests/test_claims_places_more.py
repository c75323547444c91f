"""Places named after attack nouns and compass adjectives (found on the example corpus)."""

from __future__ import annotations

import pytest

from casualty_reconcile import extract_claims


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("A missile strike on Kupiansk killed two people, the governor said.", "Kupiansk"),
        ("Russian shelling of Kherson killed three civilians on Tuesday.", "Kherson"),
        ("An air strike on Maarat al-Numan killed 12 people.", "Maarat al-Numan"),
        ("More than 200 fighters died in the battle in eastern Syria.", "Syria"),
        ("Five soldiers were killed in northern Mali on Sunday.", "Mali"),
        ("The siege of Mariupol has killed thousands of civilians, officials said.", "Mariupol"),
    ],
)
def test_place_after_attack_noun_or_compass_word(text: str, place: str) -> None:
    claims = extract_claims(text, published="2023-05-20")
    assert claims, text
    assert place in claims[0].places
