"""Shortcuts taken for large inputs (issue 10, noisy shape) agree with the general code."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casualty_reconcile import reconcile
from casualty_reconcile.reconcile._contradictions import _sorted_ids
from casualty_reconcile.reconcile._fast import (
    _GOLDEN,
    _M1,
    _M2,
    day_strings,
    factorize_sorted,
    factorize_strings,
    hash_strings_of,
    ids_from_hash,
    take_runs,
    take_strings,
)
from casualty_reconcile.reconcile._input import id_hashes, normalise_input

MASK = 2**64 - 1
NO_DAY = -(2**40)


def _mix_ref(x: int) -> int:
    x ^= x >> 30
    x = (x * _M1) & MASK
    x ^= x >> 27
    x = (x * _M2) & MASK
    return x ^ (x >> 31)


def _hash_ref(s: str) -> int:
    b = s.encode("utf-8")
    core = 0
    for k in range(0, len(b), 8):
        word = int.from_bytes(b[k : k + 8].ljust(8, b"\0"), "little")
        core = (core + _mix_ref(word ^ (((k // 8 + 1) * _GOLDEN) & MASK))) & MASK
    return _mix_ref(core ^ len(b) ^ _M2)


@pytest.mark.parametrize("width", [1, 3, 7, 8, 9, 14, 16, 17, 24])
def test_strings_of_one_length_hash_as_one_by_one(width: int) -> None:
    rng = np.random.default_rng(width)
    letters = np.array(list("abcxyz019-"))
    values = ["".join(rng.choice(letters, width)) for _ in range(300)]
    got = hash_strings_of(pd.array(values, dtype="string")).tolist()
    assert got == [_hash_ref(v) for v in values]


def test_content_ids_hash_as_one_by_one() -> None:
    ids = ids_from_hash(np.random.default_rng(1).integers(0, 2**63, 500).astype(np.uint64))
    got = hash_strings_of(ids.array).tolist()
    assert got == [_hash_ref(v) for v in ids.tolist()]


def test_ids_sort_as_their_hashes() -> None:
    h = np.random.default_rng(2).integers(0, 2**64 - 1, 2_000, dtype=np.uint64)
    h[:3] = [0, 2**64 - 1, 2**60]
    ids = ids_from_hash(h).tolist()
    assert [ids[i] for i in np.argsort(h)] == sorted(ids)


ORDERS = {
    "interleaved runs": lambda n, rng: np.concatenate(
        [np.arange(0, n // 2), np.arange(n - 5, n), np.arange(n // 2, n - 5)]),
    "shuffled": lambda n, rng: rng.permutation(n),
    "identity": lambda n, rng: np.arange(n),
    "one row": lambda n, rng: np.array([n - 1]),
}


@pytest.mark.parametrize("order", list(ORDERS))
def test_take_runs_equals_take(order: str) -> None:
    rng = np.random.default_rng(3)
    words = [f"sentence {i} " * (i % 4 + 1) for i in range(300)]
    lists = [[f"id{i}", f"id{i + 1}"][: i % 3] for i in range(300)]
    at = ORDERS[order](300, rng)
    for chunks in ([words], [words[:120], words[120:250], words[250:]]):
        flat = pa.array(words, type=pa.string())  # the chunks, joined
        got = take_runs(pa.chunked_array([pa.array(c, type=pa.string()) for c in chunks]), at)
        assert got.equals(flat.take(pa.array(at)))
    typ = pa.list_(pa.string())
    parts = pa.chunked_array([pa.array(lists[:200], type=typ), pa.array(lists[200:], type=typ)])
    assert take_runs(parts, at).to_pylist() == [lists[i] for i in at]


def test_take_runs_of_nothing() -> None:
    parts = pa.chunked_array([pa.array(["a", "b"])])
    assert take_runs(parts, np.zeros(0, dtype=np.int64)).to_pylist() == []


@pytest.mark.parametrize(("start", "span", "undated"), [
    (17_000, 40, 0.0), (17_000, 1500, 0.1), (-700_000, 50, 0.5), (0, 3, 1.0),
])
def test_day_strings_of_many_days_equal_one_by_one(start: int, span: int,
                                                   undated: float) -> None:
    rng = np.random.default_rng(span)
    days = rng.integers(start, start + span, 5_000)
    days[rng.random(5_000) < undated] = NO_DAY
    epoch = dt.date(1970, 1, 1)
    want = ["undated" if d == NO_DAY else (epoch + dt.timedelta(days=int(d))).isoformat()
            for d in days.tolist()]
    assert day_strings(days, NO_DAY).to_pylist() == want


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.none(), st.sampled_from(["ev1", "ev2", "", "Ёж", "ev10"])),
                max_size=30),
       st.sampled_from(["string[pyarrow]", "string[python]"]))
def test_factorize_strings_equals_pandas(values: list[str | None], dtype: str) -> None:
    s = pd.Series(values, dtype=dtype)
    codes, uniq = factorize_strings(s)
    want_codes, want_uniq = pd.factorize(s.array)
    assert codes.tolist() == want_codes.tolist()
    assert list(uniq) == list(want_uniq)
    assert uniq.dtype == want_uniq.dtype


def test_input_knows_numbers_that_sort_as_its_content_ids() -> None:
    rng = np.random.default_rng(4)
    n = 3_000
    df = pd.DataFrame({
        "source": pd.array([f"source {i}" for i in rng.integers(0, 30, n)], dtype="string"),
        "low": rng.integers(0, 50, n), "best": rng.integers(50, 60, n),
        "event_id": pd.array([f"ev{i}" for i in rng.integers(0, 300, n)], dtype="string"),
        "published": pd.Series([dt.date(2020, 1, 1 + int(d)) for d in rng.integers(0, 20, n)],
                               dtype=object),
    })
    factors: dict[str, object] = {}
    claims = normalise_input(df, factors=factors)
    hashes = id_hashes(claims, factors)
    assert hashes is not None
    ids = claims["claim_id"].tolist()
    assert [ids[i] for i in np.argsort(hashes)] == sorted(ids)
    # the conflicts' codes of any rows (some taken twice) equal a sorted factorisation
    work = SimpleNamespace(claims=claims, id_hashes=hashes)
    for at in (rng.integers(0, n, 700), np.arange(n)[::-1], np.zeros(0, dtype=np.int64)):
        got_codes, got_ids = _sorted_ids(work, at)  # type: ignore[arg-type]
        codes, uniq = factorize_sorted(take_strings(claims["claim_id"].array, at), arrow=True)
        assert got_codes.tolist() == codes.tolist()
        assert got_ids.equals(uniq)


def test_input_gives_no_order_for_ids_it_did_not_make() -> None:
    df = pd.DataFrame({"source": ["a", "b"], "low": [1, 2], "best": [1, 2],
                       "event_id": ["e", "e"], "claim_id": ["z", "y"]})
    factors: dict[str, object] = {}
    claims = normalise_input(df, factors=factors)
    assert id_hashes(claims, factors) is None
    repeated = pd.DataFrame({"source": ["a", "a"], "low": [1, 1], "best": [1, 1],
                             "event_id": ["e", "e"]})
    factors = {}
    claims = normalise_input(repeated, factors=factors)  # one row twice: ids suffixed
    assert id_hashes(claims, factors) is None


@pytest.mark.parametrize(("days", "expected_first", "expected_last"), [
    # 9,000 distinct days (a 25-year span): the table over the span was built by a recursive
    # call that met the same span again (RecursionError on the 1M synthetic set, 20 years)
    (np.r_[np.arange(9000), [-(2**40)] * 3], "1970-01-01", "undated"),
    (np.r_[np.arange(19000, 19010).repeat(500), -(2**40)], "2022-01-08", "undated"),
    (np.full(5000, -(2**40)), "undated", "undated"),
    (np.arange(20000, 30000, 2), "2024-10-04", "2052-02-18"),
])
def test_day_strings_of_long_spans(days: Any, expected_first: str, expected_last: str) -> None:
    from casualty_reconcile.reconcile._fast import day_strings

    got = day_strings(np.asarray(days, dtype=np.int64), -(2**40)).to_pylist()
    assert len(got) == len(days) and got[0] == expected_first and got[-1] == expected_last
    dated = np.asarray(days) != -(2**40)
    iso = np.asarray(days)[dated].astype("datetime64[D]").astype(str).tolist()
    assert [g for g, d in zip(got, dated, strict=True) if d] == iso


def test_reconcile_over_decades_of_reports() -> None:
    # 10,000 claims, two per event, one event a day for 5,000 days (13 years), every event
    # contradicted: the conflicts' dates are formatted over the whole span (a span of 4,096
    # days or more among 4,096 conflicting sources or more recursed without end).
    n = 5000
    day = pd.Timestamp("2000-01-01") + pd.to_timedelta(np.arange(n).repeat(2), unit="D")
    df = pd.DataFrame({"event_id": [f"e{i}" for i in np.arange(n).repeat(2)],
                       "source": ["a", "b"] * n, "low": [5, 50] * n, "best": [5, 50] * n,
                       "high": [5, 50] * n, "published": day})
    r = reconcile(df)
    assert len(r.events) == n and (r.contradictions["kind"] == "disjoint").sum() == n
    last = r.contradictions.set_index("event_id").loc["e4999", "explanation"]
    assert f"(reported {(day[-1]).date().isoformat()})" in last
