"""Results do not depend on input order, even with duplicates (issue 12).

Rows that share a claim id (a repeated explicit ``claim_id``, or rows equal in the columns the
content id hashes but different in places, actors, kind or text) get their ``-2``, ``-3``
suffixes by their content, not by their position; inferred event ids, named after the
smallest claim id, follow. Rows identical in every claims column are interchangeable: which
of them carries ``-2`` changes nothing in the result.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casualty_reconcile import Claim, CountEstimate, Reconciliation, reconcile

BASE = dt.date(2019, 3, 1)


def _by_content(r: Reconciliation) -> list[tuple[Any, ...]]:
    """Each claim row as (content..., claim_id, event_id), sorted: input order removed."""
    c = r.claims.drop(columns=["claim_id", "event_id"]).astype(object)
    c = c.where(c.notna(), None)
    rows = [(*map(repr, content), cid, eid) for content, cid, eid in
            zip(c.to_numpy().tolist(), r.claims["claim_id"], r.claims["event_id"], strict=True)]
    return sorted(rows, key=repr)


def _events(r: Reconciliation) -> pd.DataFrame:
    ev = r.events.astype(object)
    ev = ev.where(ev.notna(), None).map(lambda v: tuple(sorted(v)) if isinstance(v, list | tuple)
                                        else v)
    return ev.sort_values(["event_id", "category", "victims"], key=lambda s: s.map(repr)
                          ).reset_index(drop=True)


def assert_order_free(df: pd.DataFrame, order: list[int]) -> None:
    a = reconcile(df)
    b = reconcile(df.iloc[order].reset_index(drop=True))
    assert _by_content(a) == _by_content(b)
    pd.testing.assert_frame_equal(_events(a), _events(b))
    assert sorted(a.contradictions["explanation"]) == sorted(b.contradictions["explanation"])


TWINS = [
    # equal in every hashed column, apart in places (one event in Homs, one in Hama)
    pd.DataFrame({"source": ["ministry", "ministry"], "best": [12, 12],
                  "date": ["2019-03-01", "2019-03-01"],
                  "places": [["Homs"], ["Hama"]]}),
    # apart in actors only
    pd.DataFrame({"source": ["army", "army"], "best": [3, 3], "date": ["2019-03-02"] * 2,
                  "places": [["Idlib"], ["Idlib"]],
                  "actors": [["Syrian Army"], ["Hayat Tahrir al-Sham"]]}),
    # apart in the phrase kept as count_text
    pd.DataFrame({"source": ["a", "a"], "best": [20, 20], "count_text": ["20", "a score"],
                  "date": ["2019-03-03"] * 2, "places": [["Aleppo"], ["Raqqa"]]}),
    # a repeated explicit claim id on different claims
    pd.DataFrame({"claim_id": ["c1", "c1", "c2"], "source": ["a", "b", "a"], "best": [5, 9, 7],
                  "date": ["2019-03-01", "2019-03-04", "2019-03-01"],
                  "places": [["Homs"], ["Daraa"], ["Homs"]]}),
    # a repeated id whose suffixed form is also given
    pd.DataFrame({"claim_id": ["x", "x", "x-2"], "source": ["a", "b", "c"], "best": [1, 2, 3],
                  "places": [["Homs"], ["Hama"], ["Daraa"]], "date": ["2019-03-01"] * 3}),
    # three-way repeats, one missing id filled by the content hash
    pd.DataFrame({"claim_id": ["k", "k", "k", None], "source": ["a", "a", "b", "b"],
                  "best": [4, 4, 6, 6], "places": [["Homs"], ["Hama"], [], ["Homs"]],
                  "date": ["2019-03-01", "2019-03-01", None, "2019-03-01"]}),
]


@pytest.mark.parametrize("df", TWINS)
def test_twins_get_the_same_ids_in_every_order(df: pd.DataFrame) -> None:
    n = len(df)
    for order in (list(range(n))[::-1], [*range(1, n), 0]):
        assert_order_free(df, order)


def test_a_given_suffixed_id_keeps_its_id() -> None:
    df = TWINS[4]
    for order in ([0, 1, 2], [2, 1, 0], [1, 2, 0]):
        r = reconcile(df.iloc[order].reset_index(drop=True))
        got = dict(zip(r.claims["source"], r.claims["claim_id"], strict=True))
        assert got["c"] == "x-2"
        assert len(set(got.values())) == 3


def test_claim_lists_with_twin_ids_are_order_free() -> None:
    one = CountEstimate(8, 8, 8, "exact", "8")
    twins = [Claim("killed", one, claimant="police", event_date=BASE, places=(p,),
                   claim_id="same") for p in ("Homs", "Hama", "Daraa")]
    a, b = reconcile(twins), reconcile(twins[::-1])
    ida = dict(zip(a.claims["places"].map(tuple), a.claims["claim_id"], strict=True))
    idb = dict(zip(b.claims["places"].map(tuple), b.claims["claim_id"], strict=True))
    assert ida == idb
    eva = dict(zip(a.claims["places"].map(tuple), a.claims["event_id"], strict=True))
    evb = dict(zip(b.claims["places"].map(tuple), b.claims["event_id"], strict=True))
    assert eva == evb


PLACES = [[], ["Homs"], ["Hama"], ["Homs", "Talbiseh"]]
ACTORS = [[], ["Syrian Army"], ["ISIS"]]


@st.composite
def frames_with_duplicates(draw: Any) -> pd.DataFrame:
    """Claims frames built from a few row templates, each repeated with small changes."""
    n = draw(st.integers(1, 18))
    templates = draw(st.lists(st.fixed_dictionaries({
        "source": st.sampled_from(["a", "b", None]),
        "best": st.integers(0, 30),
        "date": st.sampled_from([None, "2019-03-01", "2019-03-02"]),
    }), min_size=1, max_size=4))
    with_ids = draw(st.booleans())
    rows = []
    for _ in range(n):
        row = dict(draw(st.sampled_from(templates)))
        row["places"] = draw(st.sampled_from(PLACES))
        row["actors"] = draw(st.sampled_from(ACTORS))
        row["count_text"] = draw(st.sampled_from([None, "about 10"]))
        if with_ids:
            row["claim_id"] = draw(st.sampled_from([None, "c1", "c1-2", "c2"]))
        rows.append(row)
    return pd.DataFrame(rows)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frames_with_duplicates(), st.randoms(use_true_random=False))
def test_shuffling_rows_with_duplicates_changes_nothing(df: pd.DataFrame,
                                                        rnd: random.Random) -> None:
    order = list(range(len(df)))
    rnd.shuffle(order)
    assert_order_free(df, order)
