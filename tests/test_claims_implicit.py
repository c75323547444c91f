"""Implicit counts: a singular or named casualty with no number is a claim of one."""

from __future__ import annotations

import pytest

from casualty_reconcile import extract_claims

POSITIVE = [
    # (text, category, count text)
    ("An insurgent was killed in the clash near Ghazni.", "killed", "An insurgent"),
    ("A soldier died of his wounds on Monday.", "killed", "A soldier"),
    ("A child was among the wounded.", "injured", "A child"),
    ("Troops killed the Taliban leader, Alaudin, in Kunar.", "killed",
     "the Taliban leader, Alaudin"),
    ("The militia's commander, Abu Omar, was killed in an air strike.", "killed",
     "The militia's commander, Abu Omar"),
    ("Commandos shot dead Taliban commander Mullah Nazir in Helmand.", "killed",
     "Taliban commander Mullah Nazir"),
    ("Mullah Nazir, a Taliban commander, was killed in Helmand.", "killed",
     "a Taliban commander"),
    ("Security forces killed a senior al-Shabaab commander.", "killed",
     "a senior al-Shabaab commander"),
]


@pytest.mark.parametrize(("text", "category", "span"), POSITIVE)
def test_implicit_count_is_one(text: str, category: str, span: str) -> None:
    claims = [c for c in extract_claims(text) if c.category == category]
    assert len(claims) == 1, claims
    c = claims[0]
    assert (c.count.low, c.count.best, c.count.high, c.count.kind) == (1, 1, 1, "exact")
    assert c.count.text == span
    assert text[c.count.start : c.count.end] == span


NEGATIVE = [
    "A bomb killed nobody in particular, officials hoped.",  # the bomb is not a victim
    "A roadside bomb exploded near the market.",
    "A suicide bomber blew himself up at a checkpoint.",  # decision: no claim (docs)
    "Anyone killed would be a martyr, the preacher said.",
    "A killing spree left the town in fear.",
    "The killing of civilians must stop, the envoy said.",
    "Civilians were killed in the strike.",  # plural without number: no figure invented
    "The soldier was killed.",  # definite, no name: refers back
    "Police killed the gunman.",
    "The commander said the situation was calm.",
    "Army spokesman Ahmed Ali said the operation continued.",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_no_implicit_claim(text: str) -> None:
    assert [c for c in extract_claims(text) if c.count.best >= 1] == []


COORDINATED = [
    ("Afghan forces killed two Taliban fighters in Kunar and one in Logar.", [2, 1]),
    ("Two soldiers were killed in Kunar and one in Logar.", [2, 1]),
    ("Police killed a Taliban leader and one insurgent.", [1, 1]),
]


@pytest.mark.parametrize(("text", "bests"), COORDINATED)
def test_parts_of_one_sentence_are_claims(text: str, bests: list[int]) -> None:
    assert [c.count.best for c in extract_claims(text) if c.category == "killed"] == bests


def test_coordinated_count_without_a_place_is_not_a_part() -> None:
    # "two in hospital" names no place: no elided claim is made up.
    claims = extract_claims("Five people were killed in the attack and two in hospital.")
    assert [c.count.best for c in claims] == [5]
