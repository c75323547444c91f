"""No raw crash and no silently changed figure on hostile input (issue 12).

Each table row is an input a careless or hostile caller can hand the library: figures at and
beyond the ceiling of a count of people (``MAX_COUNT``), in every dtype a spreadsheet arrives
in; duplicate column names; malformed value objects. Each must give the library's own error
(or a documented placeholder row), never a wrapped, rounded or re-read number.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from casualty_reconcile import (
    MAX_COUNT,
    CasualtyReconcileError,
    Claim,
    ColumnError,
    CountEstimate,
    InputError,
    extract_claims_frame,
    parse_count,
    reconcile,
)

# ---------------------------------------------------------------------------------------------
# The ceiling: every figure up to MAX_COUNT is kept to the unit; one above it is an error.

EXACT_FIGURES = [
    0,
    1,
    2**53 - 1,
    2**53 + 1,  # float64 would round this to 2**53
    10**17 + 3,
    MAX_COUNT - 1,
    MAX_COUNT,
]

OVER_CEILING = [
    MAX_COUNT + 1,
    2**62,  # the old open-bound sentinel
    2**62 + 1,
    2**63 - 1,  # was stored as a negative number
    2**63,  # did not fit int64: math domain error / OverflowError
    2**64,
    10**30,
]


def _frame(value: Any, dtype: str | None, *, column: str = "best") -> pd.DataFrame:
    figures = {c: pd.Series([value], dtype=dtype) for c in ("low", "best", "high")
               if c == column or column == "all"}
    return pd.DataFrame({"source": ["ministry"], **figures})


@pytest.mark.parametrize("value", EXACT_FIGURES)
@pytest.mark.parametrize("dtype", ["int64", "Int64", "object", "uint64"])
def test_figures_up_to_the_ceiling_are_kept_exactly(value: int, dtype: str) -> None:
    r = reconcile(_frame(value, dtype, column="all"))
    row = r.claims.iloc[0]
    assert (int(row["low"]), int(row["best"]), int(row["high"])) == (value, value, value)
    assert row["kind"] == "exact"
    ev = r.events.iloc[0]
    assert (int(ev["low"]), int(ev["best"]), int(ev["high"])) == (value, value, value)


@pytest.mark.parametrize("value", OVER_CEILING)
@pytest.mark.parametrize("column", ["low", "best", "high", "all"])
def test_figures_above_the_ceiling_are_a_column_error(value: int, column: str) -> None:
    # float64 only where it can tell the value from the ceiling (10**18 + 1 is 1e18 in it)
    for dtype in ("object", *(("float64",) if float(value) > MAX_COUNT else ()),
                  *(("uint64",) if value < 2**64 else ()),
                  *(("int64",) if value < 2**63 else ())):
        with pytest.raises(ColumnError, match="ceiling"):
            reconcile(_frame(value, dtype, column=column))


@pytest.mark.parametrize("value", [1e19, 1e300, float(2**63)])
def test_huge_floats_are_a_column_error_with_a_readable_message(value: float) -> None:
    with pytest.raises(ColumnError, match="ceiling") as info:
        reconcile(_frame(value, "float64"))
    assert len(str(info.value)) < 200


def test_an_open_high_above_a_large_best_stays_open_and_ordered() -> None:
    df = pd.DataFrame({"source": ["a", "b"], "low": [MAX_COUNT, 5], "best": [MAX_COUNT - 1, 7],
                       "high": pd.array([None, 6], dtype="Int64")})
    c = reconcile(df).claims
    assert [int(x) for x in c["low"]] == [MAX_COUNT - 1, 5]
    assert [int(x) for x in c["best"]] == [MAX_COUNT, 6]
    assert c["high"].isna().tolist() == [True, False]
    assert int(c["high"].iloc[1]) == 7


@pytest.mark.parametrize("text", [str(MAX_COUNT + 1), str(2**63), "two quintillion people",
                                  "1" * 19 + " people"])
def test_a_count_phrase_above_the_ceiling_is_a_placeholder_row(text: str) -> None:
    r = reconcile(pd.DataFrame({"source": ["a"], "count": [text]}))
    assert len(r.claims) == 1
    assert r.claims["reason"].notna().all()
    assert r.claims["best"].isna().all()
    assert len(r.events) == 0


@pytest.mark.parametrize(("text", "value"), [("one quintillion", MAX_COUNT),
                                             ("999,999,999,999,999,999 people", MAX_COUNT - 1)])
def test_the_count_parser_reads_up_to_the_ceiling(text: str, value: int) -> None:
    e = parse_count(text)
    assert e is not None and e.best == value


@pytest.mark.parametrize("text", ["two quintillion", "1,000,000,000,000,000,001 people",
                                  "10 quintillion dead", str(2**63)])
def test_the_count_parser_reads_nothing_above_the_ceiling(text: str) -> None:
    e = parse_count(text)
    assert e is None or (e.high or e.best) <= MAX_COUNT


@pytest.mark.parametrize(("low", "best", "high"), [(0, 0, MAX_COUNT + 1), (0, MAX_COUNT + 1, None),
                                                   (2**63, 2**63, 2**63)])
def test_count_estimate_refuses_figures_above_the_ceiling(low: int, best: int,
                                                          high: int | None) -> None:
    kind = "lower_bound" if high is None else "range"
    with pytest.raises(InputError, match="ceiling"):
        CountEstimate(low, best, high, kind, "x")


# ---------------------------------------------------------------------------------------------
# Malformed value objects: the library's own errors (still ValueError for old callers).

BAD_VALUES = [
    (lambda: CountEstimate(-5, 0, 0, "exact", "x"), "low"),
    (lambda: CountEstimate(5, 3, 6, "range", "x"), "low <= best"),
    (lambda: CountEstimate(5, 7, 6, "range", "x"), "best <= high"),
    (lambda: CountEstimate(5, 5, 5, "roughly", "x"), "kind"),
    (lambda: Claim("bogus", CountEstimate(5, 5, 5, "exact", "5")), "category"),
    (lambda: Claim("killed", 5), "count"),  # type: ignore[arg-type]
    (lambda: Claim("killed", CountEstimate(5, 5, 5, "exact", "5"), stance="shouted"), "stance"),
    (lambda: Claim("killed", CountEstimate(5, 5, 5, "exact", "5"), event_date_precision="hour"),
     "precision"),
]


@pytest.mark.parametrize(("build", "word"), BAD_VALUES)
def test_malformed_values_raise_the_library_error(build: Any, word: str) -> None:
    with pytest.raises(CasualtyReconcileError, match=word) as info:
        build()
    assert isinstance(info.value, ValueError)  # compatible with `except ValueError`


# ---------------------------------------------------------------------------------------------
# Duplicate column names: a ColumnError naming the column, never an AttributeError.

DUPLICATED = [
    (["source", "best", "best"], ["a", 5, 6], "best"),
    (["source", "source", "best"], ["a", "b", 6], "source"),
    (["source", "count", "count"], ["a", "5 dead", "6 dead"], "count"),
    (["source", "best", "published", "published"], ["a", 5, "2018-02-08", "2018-02-09"],
     "published"),
    (["source", "best", "claim_id", "claim_id"], ["a", 5, "x", "y"], "claim_id"),
    (["source", "best", "places", "places"], ["a", 5, "Homs", "Hama"], "places"),
    (["text", "text"], ["5 killed", "6 killed"], "text"),
]


@pytest.mark.parametrize(("columns", "row", "name"), DUPLICATED)
def test_duplicate_column_names_are_a_column_error(columns: list[str], row: list[Any],
                                                   name: str) -> None:
    df = pd.DataFrame([row], columns=columns)
    with pytest.raises(ColumnError) as info:
        reconcile(df)
    assert info.value.column == name


def test_duplicate_column_names_after_str_renaming_are_a_column_error() -> None:
    df = pd.DataFrame([["a", 5, 6]], columns=["source", "best", np.str_("best")])
    with pytest.raises(ColumnError):
        reconcile(df)


def test_duplicate_text_columns_in_extraction_are_a_column_error() -> None:
    with pytest.raises(ColumnError):
        extract_claims_frame(pd.DataFrame([["a", "b"]], columns=["text", "text"]))


# ---------------------------------------------------------------------------------------------
# Parts that add up past the ceiling: no sum stored, never an int64 overflow.

@pytest.mark.parametrize("parts", [2, 12])
def test_document_totals_do_not_sum_past_the_ceiling(parts: int) -> None:
    from casualty_reconcile import document_totals

    text = "Officials said " + ", ".join(
        f"one quintillion people were killed in Town{i}" for i in range(parts)) + "."
    docs = pd.DataFrame({"doc_id": ["a"], "text": [text]})
    d = document_totals(docs)
    assert (d["best"].dropna() <= MAX_COUNT).all()
    assert d["high"].isna().all()
    r = reconcile(docs)
    assert (r.events["best"].dropna() <= MAX_COUNT).all()
