"""A hedge written with a period does not end its sentence (issue 10).

"An air strike left max. 23 soldiers dead" had been split after "max.": the count lost its
hedge (exact 23, not at most 23) and the second half lost the sentence's date and place.
The hedge lexicon's own abbreviated phrases ("c.", "ca.", "approx.", "est.", "min.",
"max.") are now known as abbreviations, so a hedge a user adds is too. Found by the
synthetic generator, which draws every hedge of the lexicon.
"""

from __future__ import annotations

import pytest

from casualty_reconcile import extract_claims


@pytest.mark.parametrize(
    ("text", "kind", "low", "high"),
    [
        ("An air strike in Kherson on Monday left max. 23 soldiers dead.", "upper_bound", 0, 23),
        ("Shelling in Kherson on Monday killed min. 23 civilians, police said.", "lower_bound",
         23, None),
        ("A car bomb in Kherson on Monday killed c. 23 people.", "approximate", None, None),
        ("A car bomb in Kherson on Monday killed ca. 23 people, officials said.", "approximate",
         None, None),
        ("Clashes in Kherson on Monday left approx. 23 fighters dead.", "approximate", None,
         None),
        ("A drone strike in Kherson on Monday killed est. 23 people.", "approximate", None,
         None),
    ],
)
def test_hedge_abbreviation_keeps_the_sentence_whole(text: str, kind: str, low: int | None,
                                                      high: int | None) -> None:
    claims = extract_claims(text, published="2024-03-06")
    assert len(claims) == 1
    c = claims[0]
    assert c.sentence == text
    assert c.count.kind == kind and c.count.best == 23
    if low is not None:
        assert c.count.low == low
    if high is not None:
        assert c.count.high == high
    assert c.event_date is not None and c.event_date.isoformat() == "2024-03-04"
    assert c.places == ("Kherson",)


@pytest.mark.parametrize(
    "text",
    [
        "Rockets hit the port. 23 people were killed in Kherson on Monday.",
        "The army gave no figure. Three people were killed in Kherson on Monday.",
    ],
)
def test_other_periods_still_end_sentences(text: str) -> None:
    claims = extract_claims(text, published="2024-03-06")
    assert len(claims) == 1 and claims[0].sentence != text
