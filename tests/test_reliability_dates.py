"""Dates from hostile callers (issue 12): missing, malformed and out-of-range ``published``.

One rule reads a date everywhere (``casualty_reconcile._coerce.coerce_date``): the argument of
``extract_claims``, the ``published`` column of a documents frame, and the date columns of a
claims frame given to ``reconcile``. A missing value (None, NaN, NaT, NA, an empty cell) is
"no date"; a string must be ISO 8601 as a whole; a date outside 1678-01-01..2261-12-31 (the
span of pandas' nanosecond timestamps, which the frames use) is refused with the library's
own error, never OutOfBoundsDatetime.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casualty_reconcile import (
    CasualtyReconcileError,
    ColumnError,
    InputError,
    extract_claims,
    extract_claims_frame,
    reconcile,
)
from casualty_reconcile._coerce import FIRST_DATE, LAST_DATE, coerce_date

RELATIVE_TEXTS = [
    "On Sunday 5 people were killed in a market in Homs.",
    "Last week at least 12 soldiers were killed near Kandahar, officials said.",
    "Two civilians died yesterday when a shell hit their house.",
    "Three days ago, 4 fighters were killed in clashes.",
    "Earlier this month 30 people went missing after the raid.",
]

MISSING = [None, float("nan"), np.float64("nan"), pd.NaT, pd.NA, np.datetime64("NaT"), "", "  "]


@pytest.mark.parametrize("text", RELATIVE_TEXTS)
@pytest.mark.parametrize("published", MISSING, ids=repr)
def test_a_missing_published_date_means_no_date(text: str, published: Any) -> None:
    claims = extract_claims(text, published=published)
    assert claims, text
    assert all(c.published is None for c in claims)
    assert all(c.event_date is None for c in claims)


def test_an_empty_cell_read_by_read_csv_with_parse_dates_is_no_date() -> None:
    csv = "doc_id,published,text\n" + "\n".join(
        f"d{i},{'' if i % 2 else '2018-02-08'},\"{t}\"" for i, t in enumerate(RELATIVE_TEXTS)
    )
    docs = pd.read_csv(io.StringIO(csv), parse_dates=["published"])
    assert docs["published"].isna().any()
    frame = extract_claims_frame(docs)
    assert frame["reason"].isna().all()
    undated = frame["doc_id"].isin([f"d{i}" for i in range(1, len(RELATIVE_TEXTS), 2)])
    assert frame.loc[undated, "event_date"].isna().all()
    assert frame.loc[~undated, "event_date"].notna().all()
    r = reconcile(docs)
    assert set(r.claims["doc_id"]) == set(docs["doc_id"])


SAME_DAY = [
    dt.date(2018, 2, 8),
    dt.datetime(2018, 2, 8, 10, 30),
    pd.Timestamp("2018-02-08 23:59"),
    np.datetime64("2018-02-08"),
    np.datetime64("2018-02-08T12:00"),
    "2018-02-08",
    "2018-02-08T10:00:00Z",
    "2018-02-08T10:00:00+02:00",
    "2018-02-08 10:00",
    " 2018-02-08 ",
    "20180208",
    dt.datetime(2018, 2, 9, 1, 0, tzinfo=dt.timezone(dt.timedelta(hours=5))),  # 8 Feb in UTC
    "2018-02-07T22:00:00-05:00",  # 8 Feb in UTC
]


@pytest.mark.parametrize("value", SAME_DAY, ids=repr)
def test_every_accepted_form_gives_the_same_day_in_both_stages(value: Any) -> None:
    day = dt.date(2018, 2, 8)
    assert coerce_date(value) == day
    claims = extract_claims(RELATIVE_TEXTS[0], published=value)
    assert claims and all(c.published == day for c in claims)
    frame = pd.DataFrame({"source": ["a"], "best": [5], "published": pd.Series([value],
                                                                               dtype=object)})
    got = reconcile(frame).claims["published"].iloc[0]
    assert got == pd.Timestamp(day)


BAD_STRINGS = [
    "2018-02-08garbage",
    "2018-02-08 and more",
    "08/02/2018",
    "8 February 2018",
    "yesterday",
    "2018-13-01",
    "2018-02-30",
    "2018-02-08T25:00",
    "2018-02",
    "not a date",
]


@pytest.mark.parametrize("value", BAD_STRINGS)
def test_a_malformed_string_is_refused_by_the_same_rule_everywhere(value: str) -> None:
    with pytest.raises(InputError, match="ISO 8601"):
        extract_claims(RELATIVE_TEXTS[0], published=value)
    with pytest.raises(ColumnError, match="ISO 8601") as info:
        reconcile(pd.DataFrame({"source": ["a"], "best": [5], "published": [value]}))
    assert info.value.column == "published"
    with pytest.raises(ColumnError, match="ISO 8601"):
        reconcile(pd.DataFrame({"source": ["a", "b"], "best": [5, 6],
                               "date": ["2018-02-08", value]}))
    # a documents frame keeps the document, with the reason
    frame = extract_claims_frame(pd.DataFrame({"text": [RELATIVE_TEXTS[0]],
                                               "published": [value]}))
    assert len(frame) == 1 and str(frame["reason"].iloc[0]).startswith("bad_published")


OUT_OF_RANGE = [
    dt.date(1500, 1, 1),
    dt.date(1677, 12, 31),
    dt.date(2262, 1, 1),
    dt.date(2300, 6, 1),
    dt.datetime(1500, 1, 1, 12),
    "1500-01-01",
    "2300-01-01",
    "2300-01-01T00:00:00Z",
    np.datetime64("1500-01-01"),
    np.datetime64("2300-01-01"),
    np.datetime64("20000-01-01"),
]


@pytest.mark.parametrize("value", OUT_OF_RANGE, ids=repr)
def test_a_date_outside_the_range_is_the_library_error(value: Any) -> None:
    with pytest.raises(InputError, match="1678-01-01"):
        extract_claims(RELATIVE_TEXTS[0], published=value)
    for column in ("published", "event_date", "date"):
        df = pd.DataFrame({"source": ["a", "b"], "best": [5, 6],
                           column: pd.Series([dt.date(2018, 1, 1), value], dtype=object)})
        with pytest.raises(ColumnError, match="1678-01-01") as info:
            reconcile(df)
        assert info.value.column == column
    frame = extract_claims_frame(pd.DataFrame({"text": [RELATIVE_TEXTS[0]],
                                               "published": pd.Series([value], dtype=object)}))
    assert len(frame) == 1 and str(frame["reason"].iloc[0]).startswith("bad_published")
    docs = pd.DataFrame({"text": [RELATIVE_TEXTS[0], RELATIVE_TEXTS[1]],
                         "published": pd.Series(["2018-02-08", value], dtype=object)})
    r = reconcile(docs)  # the document is kept with its reason; the other one reconciles
    assert r.claims["reason"].astype("string").str.startswith("bad_published").sum() == 1
    assert len(r.events) >= 1


@pytest.mark.parametrize("unit", ["s", "ms", "us"])
def test_a_datetime_column_of_another_unit_outside_the_range_is_a_column_error(
        unit: str) -> None:
    s = pd.Series(np.array(["2018-01-01", "1500-06-01"], dtype=f"datetime64[{unit}]"))
    with pytest.raises(ColumnError, match="1678-01-01"):
        reconcile(pd.DataFrame({"source": ["a", "b"], "best": [5, 6], "published": s}))
    ok = pd.Series(np.array(["2018-01-01", "2261-12-31"], dtype=f"datetime64[{unit}]"))
    r = reconcile(pd.DataFrame({"source": ["a", "b"], "best": [5, 6], "published": ok}))
    assert r.claims["published"].tolist() == [pd.Timestamp("2018-01-01"),
                                              pd.Timestamp("2261-12-31")]


def test_the_edges_of_the_range_are_accepted() -> None:
    for day in (FIRST_DATE, LAST_DATE):
        assert coerce_date(day) == day
        assert coerce_date(day.isoformat()) == day
        extract_claims(RELATIVE_TEXTS[1], published=day)
        r = reconcile(pd.DataFrame({"source": ["a"], "best": [5], "date": [day.isoformat()]}))
        assert r.events["date_start"].iloc[0] == pd.Timestamp(day)


_ISO_ALPHABET = "0123456789-T:Z+ WabcdefghW."


@settings(max_examples=300, deadline=None)
@given(st.one_of(
    st.text(alphabet=_ISO_ALPHABET, max_size=30),
    st.dates(min_value=dt.date(1, 1, 1)).map(dt.date.isoformat),
    st.tuples(st.dates(min_value=dt.date(1600, 1, 1), max_value=dt.date(2400, 1, 1)),
              st.text(alphabet=_ISO_ALPHABET, max_size=12)).map(lambda t: t[0].isoformat()
                                                                 + t[1]),
))
def test_extraction_and_reconcile_accept_the_same_strings(value: str) -> None:
    try:
        want: dt.date | None = coerce_date(value)
    except CasualtyReconcileError:
        want = None
        ok = False
    else:
        ok = True
    try:
        got = reconcile(pd.DataFrame({"source": ["a"], "best": [5], "published": [value]}))
    except ColumnError:
        assert not ok, value
    else:
        assert ok, value
        p = got.claims["published"].iloc[0]
        assert (pd.isna(p) and want is None) or p == pd.Timestamp(want), value


# A year written with its month belongs to the date whatever its value: a year the library
# cannot hold drops the date (no event_date), never a day resolved against the publication
# year, and the year is never read as a count (audit leftovers of issue 12).
YEAR_WITH_MONTH = [
    ("On 3 March 2300, 5 people were killed.", 5, None),
    ("On 3 March 1500, 5 people were killed.", 5, None),
    ("In March 2300 five died in the flood.", 5, None),
    ("Five people were killed on 12 October 2300.", 5, None),
    ("On 3 March 2017, 5 people were killed.", 5, dt.date(2017, 3, 3)),
    ("In March 2017 five died in the flood.", 5, dt.date(2017, 3, 5)),
]


@pytest.mark.parametrize(("text", "best", "day"), YEAR_WITH_MONTH)
def test_a_year_with_its_month_is_the_dates_year(
    text: str, best: int, day: dt.date | None
) -> None:
    claims = extract_claims(text, published="2017-03-10")
    assert [(c.count.best, c.event_date) for c in claims] == [(best, day)]


# ... but four digits after "Month D," with people right after them are a count
@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("On March 3, 1500 people fled and 20 were killed.", [1500, 20]),
        ("Since February 2000 people have died.", [2000]),
        ("In March 1500 refugees crossed the border.", [1500]),
    ],
)
def test_four_digits_after_a_month_with_people_are_a_count(text: str, counts: list[int]) -> None:
    from casualty_reconcile import find_counts

    assert [c.best for c in find_counts(text)] == counts
