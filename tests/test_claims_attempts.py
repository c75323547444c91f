"""An aim or attempt to kill reports no death (lexicon role ``attempt_before``).

"tried to kill a commander" has a trigger verb and a singular victim, so without this rule it
became an implicit claim of one killed (found on UCDP GED Syria headlines, issue 9 document
totals). What happened in the same sentence is still a claim.
"""

from __future__ import annotations

import pytest

from casualty_reconcile import extract_claims


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen tried to kill a police officer in Kabul on Monday.", []),
        ("Rebels threatened to kill 12 hostages if their demands were not met.", []),
        ("The group vowed to kill every soldier it captured.", []),
        ("Militants plotted to kill the governor, officials said.", []),
        ("Insurgents failed to kill the commander in an ambush.", []),
        ("A man was killed while trying to kill a commander of the SDF.", [("killed", 1)]),
        ("The raid aimed to kill 50 fighters, but only 5 died.", [("killed", 5)]),
        ("In a bid to kill the governor, militants stormed the compound, killing 3 guards.",
         [("killed", 3)]),
        # a verb of achievement is no aim: the killing happened
        ("Troops managed to kill 4 militants near the border.", [("killed", 4)]),
        ("The blast went on to kill 9 people in the market.", [("killed", 9)]),
    ],
)
def test_an_aim_to_kill_is_no_claim(text: str, expected: list[tuple[str, int]]) -> None:
    claims = extract_claims(text, published="2018-01-10")
    assert [(c.category, c.count.best) for c in claims] == expected
