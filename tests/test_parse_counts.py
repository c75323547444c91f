"""parse_counts: a column of phrases to a frame of low/best/high/kind, one row per input row."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casualty_reconcile import InputError, InputTypeError, parse_count, parse_counts
from casualty_reconcile._columns import COUNT_COLUMNS
from casualty_reconcile.counts import _batch

NA = pd.NA

# (phrase, low, best, high, kind): written for this file, positive and negative phrasings.
TABLE: list[tuple[Any, Any, Any, Any, Any]] = [
    ("seven villagers died", 7, 7, 7, "exact"),
    ("a single civilian died", 1, 1, 1, "exact"),
    ("no one was hurt", 0, 0, 0, "exact"),
    ("1,250 displaced", 1250, 1250, 1250, "exact"),
    ("more than 500", 501, 501, NA, "lower_bound"),
    ("at least 14 dead", 14, 14, NA, "lower_bound"),
    ("up to 30 soldiers", None, 30, 30, "upper_bound"),  # low from the lexicon: checked below
    ("fewer than 10 injured", None, 9, 9, "upper_bound"),
    ("between 20 and 25 civilians", 20, None, 25, "range"),
    ("about 40 killed", None, 40, None, "approximate"),
    ("several dozen fighters", None, None, None, "vague"),
    ("the 5th brigade advanced", NA, NA, NA, NA),
    ("on February 7 in 2018", NA, NA, NA, NA),
    ("prices rose 40% overnight", NA, NA, NA, NA),
    ("", NA, NA, NA, NA),
    (None, NA, NA, NA, NA),
    (np.nan, NA, NA, NA, NA),
    (NA, NA, NA, NA, NA),
]


def _row(c: Any) -> tuple[Any, Any, Any, Any]:
    if c is None:
        return (NA, NA, NA, NA)
    return (c.low, c.best, NA if c.high is None else c.high, c.kind)


def _expected(values: list[Any], **kw: Any) -> list[tuple[Any, Any, Any, Any]]:
    return [_row(parse_count(v, **kw)) if isinstance(v, str) else (NA, NA, NA, NA)
            for v in values]


def _rows(frame: pd.DataFrame) -> list[tuple[Any, Any, Any, Any]]:
    return [tuple(NA if pd.isna(x) else x for x in r)
            for r in frame.astype(object).itertuples(index=False)]


def test_table() -> None:
    values = [t[0] for t in TABLE]
    got = parse_counts(pd.Series(values, dtype=object))
    assert list(got.columns) == ["low", "best", "high", "kind"]
    assert _rows(got) == _expected(values)
    for (_, low, best, high, kind), row in zip(TABLE, _rows(got), strict=True):
        for want, have in zip((low, best, high, kind), row, strict=True):
            if want is NA:
                assert have is NA
            elif want is not None:  # None: a lexicon-set value, checked by the equality above
                assert have == want


def test_dtypes_and_index_kept() -> None:
    idx = pd.Index(["r9", "r2", "r2", "r7"], name="report")  # duplicated, unsorted labels
    got = parse_counts(pd.Series(["5 dead", None, "5 dead", "dozens of people"], index=idx))
    assert got.index.equals(idx)
    assert {k: str(t) for k, t in got.dtypes.items()} == COUNT_COLUMNS
    assert got["kind"].tolist() == ["exact", NA, "exact", "vague"]


@pytest.mark.parametrize("dtype", [object, "string", "str", "category"])
def test_input_dtypes(dtype: Any) -> None:
    values = ["3 killed", None, "more than 500", "3 killed"]
    got = parse_counts(pd.Series(values, dtype=dtype))
    assert _rows(got) == _expected(values)


def test_list_array_and_empty() -> None:
    assert _rows(parse_counts(["12 wounded", None])) == _expected(["12 wounded", None])
    assert parse_counts(np.array(["two", "three"], dtype=object)).index.equals(pd.RangeIndex(2))
    empty = parse_counts(pd.Series([], dtype=object))
    assert len(empty) == 0 and [str(t) for t in empty.dtypes] == ["Int64"] * 3 + ["string"]
    all_missing = parse_counts(pd.Series([None, np.nan]))
    assert all_missing.isna().all().all()


def test_preset_and_lexicon_pass_through() -> None:
    values = ["several wounded", "dozens of people", "hundreds killed"]
    assert _rows(parse_counts(values, preset="acled")) == _expected(values, preset="acled")
    assert parse_counts(values, preset="acled")["best"].tolist() == [10, 12, 100]
    with pytest.raises(InputError, match="unknown preset"):
        parse_counts(values, preset="gdelt")


def test_each_distinct_string_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real = _batch.scan

    def counting(text: str, *a: Any, **kw: Any) -> Any:
        seen.append(text)
        return real(text, *a, **kw)

    monkeypatch.setattr(_batch, "scan", counting)
    parse_counts(pd.Series(["4 killed", "4 killed", None, "at least 9", "4 killed", None] * 50))
    assert sorted(seen) == ["4 killed", "at least 9"]


@pytest.mark.parametrize(
    ("values", "error", "match"),
    [
        (pd.Series(["4 dead", 5], index=["a", "b"]), InputTypeError, "row 'b'.*not int"),
        (pd.Series(["4 dead", b"5"], index=[10, 20]), InputTypeError, r"row 20 .*bytes"),
        (pd.Series(["ok", "bad\x00text"]), InputError, r"row 1 .*U\+0000"),
        (pd.Series([3.5]), InputTypeError, "not float"),
        ("five people", InputTypeError, "use parse_count"),
        (5, InputTypeError, "not int"),
        (pd.DataFrame({"count": ["5"]}), InputTypeError, "not a DataFrame"),
    ],
)
def test_bad_input_is_the_librarys_error(values: Any, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        parse_counts(values)


_POOL = [t[0] for t in TABLE if isinstance(t[0], str)] + [
    "some 300 families", "nearly 50 died", "two or three guards", "a single guard", "an F-16 crashed",
    "a 12-year-old girl", "tens of thousands fled", "5 km north", "none of the crew",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_POOL), st.none(), st.just(np.nan),
                          st.text(alphabet="abc 0123456789-,", max_size=20)),
                max_size=40))
def test_equals_the_per_row_parse(values: list[Any]) -> None:
    got = parse_counts(pd.Series(values, dtype=object))
    assert len(got) == len(values)
    assert _rows(got) == _expected(values)
