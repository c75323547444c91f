""""X estimated N ...": the verb of saying that stage 1 reads as the count's hedge (issue 10).

Stage 1 reads "estimated 12 police officers" as a hedged count ("estimated" is an
approximate hedge of the lexicon), and the verb then had no subject: the claimant was lost
and the figure fell to the publisher. After a subject the word is the finite verb, as in
"X estimated that 12 ..." (found by the synthetic accuracy diagnosis, docs/performance.md).
"""

from __future__ import annotations

import pytest

from casualty_reconcile import extract_claims


@pytest.mark.parametrize(
    ("text", "claimant", "stance"),
    [
        ("The Conflict Observatory estimated 12 police officers lost their lives in Kot Addu.",
         "the Conflict Observatory", "estimated"),
        ("Police estimated 40 civilians were killed in Kano.", "Police", "estimated"),
        ("Airwars estimated 120 civilians were killed in the strikes.", "Airwars", "estimated"),
        ("Officials in Kano estimated 40 people died.", "Officials in Kano", "estimated"),
        ("The monitor estimated that 12 people died.", "the monitor", "estimated"),
        # the hedge, not a verb: no subject makes the claim
        ("An estimated 40 civilians were killed in Kano.", None, "estimated"),
        ("Estimated 40 civilians were killed in Kano.", None, "estimated"),
        ("The toll was estimated 40 dead.", None, "estimated"),
        ("An estimated 40 civilians were killed in Kano, police said.", "police", "estimated"),
    ],
)
def test_estimated_before_the_figure(text: str, claimant: str | None, stance: str) -> None:
    (c,) = extract_claims(text, published="2024-03-14")
    assert (c.claimant, c.stance) == (claimant, stance)
