"""An initialism glued to a hyphenated word is one word: "U.S.-led" as "US-led"."""

from __future__ import annotations

import pytest

from casualty_reconcile import extract_claims


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        ("The U.S.-led coalition said its strikes killed an estimated 100 fighters.",
         "the U.S.-led coalition"),
        ("The US-led coalition said its strikes killed an estimated 100 fighters.",
         "the US-led coalition"),
        ("A U.N.-backed force said 12 soldiers were killed.", "a U.N.-backed force"),
        ("The U.K.-based monitor said 30 civilians died.", "the U.K.-based monitor"),
        ("U.S. officials said five soldiers died.", "U.S. officials"),
    ],
)
def test_an_initialism_keeps_its_hyphenated_word(text: str, claimant: str) -> None:
    claims = extract_claims(text, published="2018-02-08")
    assert [c.claimant for c in claims] == [claimant]
