"""Parts of a group named before: a partitive with a relative clause, and shares of a toll.

"Twenty-five of the pupils abducted on Thursday escaped" names a part of the abducted (the
escaped); the part is no captured toll. "Two of the soldiers wounded in the ambush later
died" is a killed claim of two: the main verb decides, not the participle of the relative
clause (docs/claims.md, "Subsets").
"""

from __future__ import annotations

import pytest

from casualty_reconcile import extract_claims

# (text, category of the subset figure or None, figure)
SUBSETS = [
    # the part escaped, was freed, released or rescued: no claim for the part
    ("Twenty-five of the pupils abducted from a school in Kaduna state on Thursday "
     "escaped and returned home, the governor said.", None, 25),
    ("Twelve of the villagers kidnapped last week were freed on Sunday, police said.", None, 12),
    ("Four of the hostages seized at the hotel were released unharmed.", None, 4),
    ("Three of the fishermen abducted by pirates off the coast have escaped.", None, 3),
    ("Nine of the passengers taken hostage on the bus were set free overnight.", None, 9),
    ("Thirty of the schoolgirls who were kidnapped in March managed to escape.", None, 30),
    ("Six of the aid workers who had been abducted were released on Tuesday.", None, 6),
    ("Twenty-five of the abducted pupils escaped.", None, 25),
    # the main verb is a casualty verb: its category, not the relative clause's
    ("Two of the soldiers wounded in the ambush later died in hospital.", "killed", 2),
    ("Nine of the workers abducted on Monday were killed by their captors.", "killed", 9),
    ("Three of the hostages seized in the raid were shot dead.", "killed", 3),
    ("Two of the wounded later died.", "killed", 2),
    # no main verb after the relative clause: the partitive's own category
    ("Seven of the passengers were killed.", "killed", 7),
    ("Five of those killed were children.", "killed", 5),
]


@pytest.mark.parametrize(("text", "category", "figure"), SUBSETS)
def test_subset_category(text: str, category: str | None, figure: int) -> None:
    claims = [c for c in extract_claims(text) if c.count.best == figure]
    got = [c.category for c in claims]
    assert got == ([category] if category else []), claims


SHARES = [
    # (text, figures expected in the claims, in order)
    ("Militants abducted 40 passengers from the bus; eight of them were later freed.",
     [("captured", 40)]),
    ("Gunmen abducted 40 passengers, eight of whom were later released.", [("captured", 40)]),
    ("Armed men kidnapped 17 farmers. Five of them escaped the next day.", [("captured", 17)]),
    # a share that is a subgroup of the toll stays a claim of the same category
    ("Some 352 people were injured, 99 of them critically.", [("injured", 352), ("injured", 99)]),
    ("Gunmen abducted 40 passengers, eight of them women.", [("captured", 40), ("captured", 8)]),
    # the whole inside the partitive carries the toll
    ("Fifteen of the 300 students abducted on Friday have escaped, officials said.",
     [("captured", 300)]),
    ("Eight of the 40 passengers kidnapped from the bus were freed after a ransom was paid.",
     [("captured", 40)]),
]


@pytest.mark.parametrize(("text", "expected"), SHARES)
def test_share_of_a_toll(text: str, expected: list[tuple[str, int]]) -> None:
    got = [(c.category, c.count.best) for c in extract_claims(text)]
    assert got == expected


ADJECTIVES = [
    # (text, expected (category, figure) claims): a participle before the noun is an
    # adjective; the clause's main verb decides ("Three wounded soldiers later died").
    ("Nigeria: dozens of abducted pupils escape, over 200 still held", []),
    ("Troops rescued 12 kidnapped pupils in Zamfara.", []),
    ("Police freed the 30 abducted passengers.", []),
    ("Twelve kidnapped schoolgirls who had been held for months were released.", []),
    ("Security forces rescued two of the kidnapped workers, police said.", []),
    ("Three wounded soldiers later died in hospital.", [("killed", 3)]),
    ("12 injured people died overnight.", [("killed", 12)]),
    ("Twenty abducted farmers were found dead.", [("killed", 20)]),
    # no main verb of release or death: the adjective's category stands
    ("12 wounded soldiers were evacuated to the capital.", [("injured", 12)]),
    ("Twelve wounded civilians were taken to hospital.", [("injured", 12)]),
    ("Rebels hold 40 abducted villagers.", [("captured", 40)]),
    ("Gunmen abducted 30 pupils and killed two teachers.", [("captured", 30), ("killed", 2)]),
]


@pytest.mark.parametrize(("text", "expected"), ADJECTIVES)
def test_adjective_participle_and_main_verb(text: str, expected: list[tuple[str, int]]) -> None:
    got = [(c.category, c.count.low) for c in extract_claims(text)]
    assert got == expected
