"""Invariants of extract_claims on arbitrary text (hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casualty_reconcile.claims import extract_claims

# Fragments of casualty reporting, so that generated texts reach the interesting code paths.
FRAGMENTS = [
    "killed",
    "wounded",
    "were",
    "at least",
    "more than",
    "five",
    "12",
    "1,200",
    "soldiers",
    "a child",
    "said",
    "according to",
    "the ministry",
    "denied",
    "any",
    "no one",
    "toll",
    "rose to",
    "on Sunday",
    "February 7",
    "last week",
    ",",
    ".",
    '"',
    "“",
    "”",
    "including",
    "by",
    "fighters",
    "It",
    "<p>",
    "&amp;",
    "\n",
    "missing",
    "an estimated",
    "several dozen",
    "aged",
    "7",
    "-",
    "in Idlib",
    "captured",
    "none of",
    "its",
    "claimed",
    "dead",
    "casualties",
]

texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(FRAGMENTS), max_size=60).map(" ".join),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=5)), max_size=40).map("".join),
)
dates = st.one_of(st.none(), st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2030, 1, 1)))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, published=dates)
def test_never_crashes_and_spans_lie_inside(text: str, published: dt.date | None) -> None:
    claims = extract_claims(text, published=published, doc_id="p")
    for c in claims:
        assert 0 <= c.start < c.end <= len(text)
        assert 0 <= c.count.start <= c.count.end <= len(text)
        assert c.start <= c.count.start and c.count.end <= c.end
        assert c.count.low <= c.count.best
        assert c.count.high is None or c.count.best <= c.count.high
        if c.event_date is not None:
            assert dt.date(1900, 1, 1) <= c.event_date
            if published is not None:
                assert c.event_date <= published
            assert c.event_date_precision in ("day", "week", "month", "year")
    assert len({c.claim_id for c in claims}) == len(claims)


@settings(max_examples=200, deadline=None)
@given(text=st.lists(st.sampled_from(FRAGMENTS), max_size=40).map(" ".join))
def test_plain_text_spans_are_exact(text: str) -> None:
    # Without markup the offsets index the text exactly.
    if "<" in text or "&" in text:
        return
    for c in extract_claims(text):
        assert text[c.start : c.end] == c.sentence
        assert text[c.count.start : c.count.end] == c.count.text


@settings(max_examples=100, deadline=None)
@given(text=texts)
def test_deterministic(text: str) -> None:
    a = [c.to_dict() for c in extract_claims(text, published="2018-02-13")]
    b = [c.to_dict() for c in extract_claims(text, published="2018-02-13")]
    assert a == b
