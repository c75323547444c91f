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


def test_claim_without_a_place_takes_the_lede_place() -> None:
    text = (
        "Coalition aircraft struck pro-government forces near Deir al-Zour on Wednesday. "
        "At least 45 fighters died in the strikes, a monitoring group said."
    )
    claims = extract_claims(text, published="2018-02-08")
    assert [c.count.best for c in claims] == [45]
    assert claims[0].places == ("Deir al-Zour",)


def test_claim_with_its_own_place_keeps_it() -> None:
    text = (
        "Shelling hit Kherson on Tuesday. In Kupiansk, two civilians were killed, the "
        "governor said."
    )
    claims = extract_claims(text, published="2023-05-17", title="Attacks in the south")
    assert claims and claims[0].places == ("Kupiansk",)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("The army denied that its forces had shelled Afrin and said no civilians were killed.", "Afrin"),
        ("Drones hit Kherson overnight, killing two people.", "Kherson"),
        ("Gunmen stormed Kankara and abducted 30 pupils.", "Kankara"),
    ],
)
def test_place_after_attack_verb(text: str, place: str) -> None:
    claims = extract_claims(text, published="2021-06-13")
    assert claims and place in claims[0].places


def test_attack_verb_before_an_adjective_is_no_place() -> None:
    claims = extract_claims("Coalition jets struck Russian contractors, killing dozens.")
    assert claims and claims[0].places == ()


# A place noun with words that describe it, then "of" and the name (issue 9: a report whose
# place was missed became an event of its own).
@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Three people were killed when artillery hit a residential area of Kherson on Tuesday.", "Kherson"),
        ("Two civilians died when a rocket hit the centre of Kupiansk.", "Kupiansk"),
        ("Five died when shells hit the eastern districts of Aleppo, medics said.", "Aleppo"),
        ("Two were killed in the northern part of Gaza overnight.", "Gaza"),
        ("Four people were killed on the outskirts of Kharkiv.", "Kharkiv"),
    ],
)
def test_place_after_a_described_place_noun(text: str, place: str) -> None:
    claims = extract_claims(text, published="2023-05-20")
    assert claims, text
    assert place in claims[0].places


# A dateline or a headline's lead place names where the story happens.
@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("Kherson: three killed, seven wounded in Tuesday shelling", ("Kherson",)),
        ("KHERSON, Ukraine (AP) — Three people were killed in shelling.", ("KHERSON", "Ukraine")),
        ("Kupiansk (Reuters) - Two people were killed in a missile strike.", ("Kupiansk",)),
        ("Syria: 12 killed in airstrike on Idlib", ("Syria", "Idlib")),
    ],
)
def test_a_dateline_names_the_place(text: str, places: tuple[str, ...]) -> None:
    claims = extract_claims(text, published="2023-05-20")
    assert claims, text
    assert claims[0].places == places


# ... but a label, a speaker or a day before the colon is no place.
@pytest.mark.parametrize(
    "text",
    [
        "Breaking: five killed in shooting",
        "Police: five killed in shooting",
        "Factbox: 5 killed so far",
        "Tuesday: 5 killed",
        "UN: 5 killed, dozens hurt",
        "Officials: 5 killed",
    ],
)
def test_a_label_or_speaker_before_a_colon_is_no_place(text: str) -> None:
    claims = extract_claims(text, published="2023-05-20")
    assert claims, text
    assert claims[0].places == ()
