"""reconcile() inputs: list[Claim], claims frame, documents frame; bad and empty input."""

from __future__ import annotations

import datetime as dt
import importlib.util
from typing import Any

import numpy as np
import pandas as pd
import pytest
from test_reconcile_scenarios import (
    claim,
    deir_al_zour,
    denial_frame,
    est,
    two_places_one_day,
)

from casualty_reconcile._columns import CLAIM_COLUMNS, CONTRADICTION_COLUMNS, EVENT_COLUMNS
from casualty_reconcile.errors import ColumnError, InputTypeError
from casualty_reconcile.reconcile import Reconciliation, reconcile

FIGURES = ["category", "victims", "date_start", "date_end", "low", "best", "high", "n_claims",
           "n_sources", "status", "n_agreeing", "reported_low", "reported_high"]


def as_frame(claims: list[Any]) -> pd.DataFrame:
    """The same claims as a researcher's claims frame (one column per field)."""
    rows = [
        {
            "claim_id": c.claim_id,
            "doc_id": c.doc_id,
            "source": c.source,
            "claimant": c.claimant,
            "publisher": c.publisher,
            "published": c.published,
            "category": c.category,
            "low": c.count.low,
            "best": c.count.best,
            "high": c.count.high,
            "count_text": c.count.text,
            "victims": c.victims,
            "stance": c.stance,
            "date": c.event_date,
            "date_precision": c.event_date_precision,
            "places": list(c.places),
            "actors": list(c.actors),
            "section": c.section,
        }
        for c in claims
    ]
    return pd.DataFrame(rows)


def canon(r: Reconciliation) -> tuple[pd.DataFrame, pd.DataFrame]:
    ev = r.events.sort_values(["event_id", "category", "victims"]).reset_index(drop=True)
    con = r.contradictions.sort_values(["event_id", "kind", "explanation"]).reset_index(drop=True)
    return ev, con


@pytest.mark.parametrize("build", [deir_al_zour, two_places_one_day])
def test_list_and_frame_give_the_same_result(build: Any) -> None:
    claims = build()
    a = reconcile(claims)
    b = reconcile(as_frame(claims))
    ea, ca = canon(a)
    eb, cb = canon(b)
    pd.testing.assert_frame_equal(ea, eb)
    pd.testing.assert_frame_equal(ca, cb)
    # Without claim ids the frame's ids are content hashes: same figures, other ids.
    c = reconcile(as_frame(claims).drop(columns=["claim_id"]))
    ec, _ = canon(c)
    pd.testing.assert_frame_equal(ea[FIGURES], ec[FIGURES])


def test_frames_have_the_schema_columns_and_dtypes() -> None:
    r = reconcile(deir_al_zour())
    for frame, schema in ((r.events, EVENT_COLUMNS), (r.contradictions, CONTRADICTION_COLUMNS),
                          (r.claims, CLAIM_COLUMNS)):
        assert list(frame.columns[: len(schema)]) == list(schema)
        for c, t in schema.items():
            assert str(frame[c].dtype) == (t if t != "string" else "string"), (c, frame[c].dtype)
    # the stage's own columns are part of the shared schema (_columns.py), at the end
    assert list(r.events.columns) == list(EVENT_COLUMNS)
    assert list(EVENT_COLUMNS)[-5:] == ["n_agreeing", "reported_low", "reported_high",
                                        "likely_low", "likely_high"]
    assert list(r.claims.columns[len(CLAIM_COLUMNS):]) == ["alignment", "role"]
    assert list(r.contradictions.columns) == list(CONTRADICTION_COLUMNS)
    assert list(CONTRADICTION_COLUMNS)[-1] == "category"


@pytest.mark.parametrize("empty", [[], pd.DataFrame({"source": [], "count": []}),
                                   pd.DataFrame({"text": []})])
def test_empty_input_gives_empty_frames_with_columns(empty: Any) -> None:
    r = reconcile(empty)
    assert r.events.empty and r.contradictions.empty and r.claims.empty
    assert list(r.events.columns[: len(EVENT_COLUMNS)]) == list(EVENT_COLUMNS)
    assert list(r.claims.columns[: len(CLAIM_COLUMNS)]) == list(CLAIM_COLUMNS)
    assert r.summary().startswith("0 claims")


def test_nan_counts_become_placeholders_with_a_reason() -> None:
    df = pd.DataFrame(
        {
            "source": ["a", "b", "c", "d"],
            "low": [3, np.nan, None, 5],
            "count": [None, None, "not stated", None],
            "event_id": "e",
        }
    )
    r = reconcile(df)
    assert len(r.claims) == 4
    reasons = r.claims.set_index("source")["reason"]
    assert pd.isna(reasons["a"]) and pd.isna(reasons["d"])
    assert "no figure" in reasons["b"]
    assert "not understood" in reasons["c"] and "not stated" in reasons["c"]
    ev = r.events.iloc[0]
    assert ev["n_claims"] == 2 and ev["status"] == "contradicted"  # 3 vs 5
    assert "kept without a figure" in r.explain("e")


def test_structured_frame_defaults_and_repairs() -> None:
    df = pd.DataFrame(
        {
            "source": ["a", "b", "c"],
            "best": [10, 12, 11],
            "low": [12, 9, 11],  # a's low > best: repaired, not rejected
            "event_id": ["e", "e", "e"],
        }
    )
    r = reconcile(df)
    cl = r.claims.set_index("source")
    # low 12, best 10 and (no high column) high = best: the three values, sorted.
    assert (cl.loc["a", "low"], cl.loc["a", "best"], cl.loc["a", "high"]) == (10, 10, 12)
    assert (cl["category"] == "killed").all()
    assert cl.loc["c", "kind"] == "exact"


def test_open_high_in_a_high_column_is_a_lower_bound() -> None:
    df = pd.DataFrame({"source": ["a"], "low": [501], "high": [None], "event_id": "e"})
    r = reconcile(df)
    assert pd.isna(r.claims.loc[0, "high"]) and r.claims.loc[0, "kind"] == "lower_bound"


def test_category_aliases_and_bad_category() -> None:
    df = pd.DataFrame({"source": ["a", "b"], "best": [3, 4], "category": ["Wounded", "deaths"],
                       "event_id": "e"})
    r = reconcile(df)
    assert sorted(r.claims["category"]) == ["injured", "killed"]
    with pytest.raises(ColumnError) as exc:
        reconcile(df.assign(category=["killed", "evacuated"]))
    assert exc.value.column == "category" and "evacuated" in str(exc.value)


@pytest.mark.parametrize(
    ("frame", "column"),
    [
        (pd.DataFrame({"who": ["a"], "best": [3]}), "source"),
        (pd.DataFrame({"source": ["a"], "figure": [3]}), "count"),
        (pd.DataFrame({"source": ["a"], "best": ["lots"]}), "best"),
        (pd.DataFrame({"source": ["a"], "low": [-3]}), "low"),
        (pd.DataFrame({"source": ["a"], "low": [2.5]}), "low"),
        (pd.DataFrame({"source": ["a"], "best": [True]}), "best"),
        (pd.DataFrame({"source": [["a", "b"]], "best": [3]}), "source"),
        (pd.DataFrame({"source": ["a"], "best": [3], "date": ["yesterday"]}), "date"),
        (pd.DataFrame({"source": ["a"], "best": [3], "published": [20180207]}), "published"),
        (pd.DataFrame({"source": ["a"], "best": [3], "stance": ["shouted"]}), "stance"),
        (pd.DataFrame({"source": ["a"], "best": [3], "places": [42]}), "places"),
        (pd.DataFrame({"source": ["a"], "best": [3], "date": ["2018-02-07"],
                       "date_precision": ["fortnight"]}), "event_date_precision"),
    ],
)
def test_bad_frames_name_the_column(frame: pd.DataFrame, column: str) -> None:
    with pytest.raises(ColumnError) as exc:
        reconcile(frame)
    assert exc.value.column == column
    assert column in str(exc.value)


@pytest.mark.parametrize("data", ["text", 42, None, {"source": "a"}, [1, 2]])
def test_wrong_types_raise_input_type_error(data: Any) -> None:
    with pytest.raises(InputTypeError):
        reconcile(data)


def test_bad_options() -> None:
    with pytest.raises(InputTypeError):
        reconcile([], conservative="yes")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        reconcile([], lag_days=-1)


def test_ids_given_twice_are_made_unique() -> None:
    c = claim("killed", est(3), doc="x", who="a")
    r = reconcile([c, c])
    assert r.claims["claim_id"].is_unique and len(r.claims) == 2
    ev = r.events.iloc[0]
    assert ev["n_claims"] == 2 and ev["n_sources"] == 1


def test_integer_event_ids_and_timezone_dates_are_accepted() -> None:
    df = pd.DataFrame({"source": ["a", "b"], "best": [3, 3], "event_id": [214797, 214797],
                       "published": ["2016-01-01T23:00:00+02:00", dt.date(2016, 1, 2)]})
    r = reconcile(df)
    assert r.events["event_id"].tolist() == ["214797"]
    assert r.claims["published"].dt.day.tolist() == [1, 2]


def test_denial_frame_with_mixed_count_and_numbers() -> None:
    r = reconcile(denial_frame())
    assert r.claims["kind"].tolist()[0] == "exact"
    assert r.claims["count_text"].tolist()[1] == "at least 9"


HAS_EXTRACTION = importlib.util.find_spec("casualty_reconcile.claims") is not None and hasattr(
    importlib.import_module("casualty_reconcile.claims"), "extract_claims_frame"
)
needs_extraction = pytest.mark.skipif(not HAS_EXTRACTION, reason="claim extraction not ready")


@needs_extraction
def test_documents_frame_goes_through_extraction() -> None:
    docs = pd.DataFrame(
        {
            "doc_id": ["d1", "d2", "d3"],
            "title": ["Strike on market kills 12", None, None],
            "text": [
                "Twelve people were killed when a market was hit on Tuesday, the civil "
                "defence said.",
                "The Observatory said at least 12 people died in the strike on the market.",
                "Officials gave no further details.",
            ],
            "published": ["2019-05-02", "2019-05-02", "2019-05-03"],
            "publisher": ["Wire One", "Wire Two", "Wire Three"],
            "event_id": ["m", "m", "m"],
        }
    )
    r = reconcile(docs)
    assert set(r.claims["doc_id"]) == {"d1", "d2", "d3"}  # the claim-less document is kept
    kept = r.claims[r.claims["doc_id"] == "d3"]
    assert kept["reason"].notna().all()
    k = r.events[(r.events["event_id"] == "m") & (r.events["category"] == "killed")]
    assert len(k) >= 1 and int(k["best"].max()) == 12


@needs_extraction
def test_documents_frame_matches_its_claims_frame() -> None:
    from casualty_reconcile.claims import extract_claims_frame

    path = importlib.resources.files("casualty_reconcile") / "examples" / "documents.jsonl"
    docs = pd.read_json(str(path), lines=True)
    a = reconcile(docs)
    b = reconcile(extract_claims_frame(docs))
    ea, ca = canon(a)
    eb, cb = canon(b)
    pd.testing.assert_frame_equal(ea, eb)
    pd.testing.assert_frame_equal(ca, cb)


import importlib.resources  # noqa: E402  (used by the test above; kept near it)
