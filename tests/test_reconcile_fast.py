"""The array kernels behind reconcile's speed agree with plain, slow references."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casualty_reconcile.reconcile._fast import _GOLDEN, _M1, _M2, hash_strings_of, string_lists
from casualty_reconcile.reconcile._intervals import OPEN, argsort_packed, marzullo, sort_by

MASK = 2**64 - 1


def _mix_ref(x: int) -> int:
    x ^= x >> 30
    x = (x * _M1) & MASK
    x ^= x >> 27
    x = (x * _M2) & MASK
    return x ^ (x >> 31)


def _hash_ref(s: str | None) -> int:
    """The string hash written out one string at a time (the definition ids rest on)."""
    if s is None:
        return _GOLDEN
    b = s.encode("utf-8")
    core = 0
    for k in range(0, len(b), 8):
        word = int.from_bytes(b[k : k + 8].ljust(8, b"\0"), "little")
        core = (core + _mix_ref(word ^ (((k // 8 + 1) * _GOLDEN) & MASK))) & MASK
    return _mix_ref(core ^ len(b) ^ _M2)


EXAMPLES = [
    ["", "a", "doc12", "r0123456789abc", "exactly8", "sixteen chars!!!", None],
    ["Deir ez-Zor", "Дейр-эз-Зор", "دير الزور", "😀 emoji", "é" * 40],
]


def test_string_hash_matches_the_reference_for_ascii_and_other_text() -> None:
    for values in EXAMPLES:
        got = hash_strings_of(pd.array(values, dtype="string")).tolist()
        assert got == [_hash_ref(v) for v in values]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=30)), min_size=1, max_size=40))
def test_string_hash_matches_the_reference(values: list[str | None]) -> None:
    got = hash_strings_of(pd.array(values, dtype="string")).tolist()
    assert got == [_hash_ref(v) for v in values]


def test_string_hash_of_a_slice_reads_only_its_strings() -> None:
    arr = pd.array([f"claim {i}" for i in range(50)], dtype="string")[7:19]
    assert hash_strings_of(arr).tolist() == [_hash_ref(f"claim {i}") for i in range(7, 19)]


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 62), st.integers(0, 3), st.integers(0, 2**31))
def test_argsort_packed_is_the_stable_order(bits: int, scale: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = [10, 5_000, 20_000, 70_000][scale]
    keys = rng.integers(0, 2**bits, n, dtype=np.int64)
    keys[: n // 3] = keys[0]  # many ties
    want = np.argsort(keys, kind="stable")
    assert (argsort_packed(keys, bits) == want).all()
    assert (argsort_packed(np.sort(keys), bits, grouped=True)
            == np.argsort(np.sort(keys), kind="stable")).all()


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**31), st.booleans())
def test_sort_by_equals_lexsort(seed: int, presorted: bool) -> None:
    rng = np.random.default_rng(seed)
    n = 9_000
    a = rng.integers(0, 2_000, n)
    if presorted:
        a = np.sort(a)
    b, c = rng.integers(0, 40, n), rng.integers(0, 3, n)
    c[rng.random(n) < 0.1] = OPEN
    assert (sort_by(a, b, c) == np.lexsort((np.minimum(c, 3), b, a))).all()


def _marzullo_ref(group: list[int], low: list[int], high: list[int], n: int) -> tuple[
        list[int], list[int], list[int]]:
    """Coverage counted at every integer point (an open bound ends one past the largest)."""
    count, lo, hi = [0] * n, [-1] * n, [-1] * n
    top = max([*low, *(h for h in high if h < OPEN)], default=0) + 1
    for g in range(n):
        ivs = [(a, min(b, top)) for gg, a, b in zip(group, low, high, strict=True) if gg == g]
        if not ivs:
            continue
        cov = {x: sum(a <= x <= b for a, b in ivs) for x in range(top + 1)}
        best = max(cov.values())
        first = min(x for x, c in cov.items() if c == best)
        # The region ends where the first of the intervals covering it ends.
        last = min(b for a, b in ivs if a <= first <= b)
        count[g], lo[g], hi[g] = best, first, OPEN if last == top else last
    return count, lo, hi


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 12), st.integers(0, 5),
                          st.booleans()), min_size=1, max_size=25))
def test_marzullo_matches_counting_every_point(rows: list[tuple[int, int, int, bool]]) -> None:
    group = [g for g, _, _, _ in rows]
    low = [a for _, a, _, _ in rows]
    high = [OPEN if is_open else a + w for _, a, w, is_open in rows]
    c, lo, hi = marzullo(np.array(group), np.array(low), np.array(high), 5)
    assert (c.tolist(), lo.tolist(), hi.tolist()) == _marzullo_ref(group, low, high, 5)


def test_string_lists_reads_as_lists_of_str() -> None:
    col = pd.Series(string_lists(pd.array(["a", "b", "c"], dtype="string"),
                                 np.array([0, 2, 2, 3])))
    assert str(col.dtype) == "list<item: string>[pyarrow]"
    assert col.tolist() == [["a", "b"], [], ["c"]]
    assert [list(ids) for ids in col] == [["a", "b"], [], ["c"]]
    assert col.map(len).tolist() == [2, 0, 1]
    assert isinstance(pa.array(col.array), pa.ChunkedArray | pa.ListArray)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**31), st.integers(5_000, 30_000))
def test_category_prefilter_keeps_every_key_under_two_categories(seed: int, n: int) -> None:
    from casualty_reconcile.reconcile._contradictions import _maybe_two_categories

    rng = np.random.default_rng(seed)
    ev, lo = rng.integers(0, n // 3, n), rng.integers(1, 30, n)
    be, hi = lo + rng.integers(0, 2, n), lo + rng.integers(0, 3, n)
    hi[rng.random(n) < 0.05] = OPEN
    cat = rng.integers(0, 3, n)
    keep = _maybe_two_categories(ev, lo, be, hi, cat, where=np.ones(n, dtype=bool))
    frame = pd.DataFrame({"ev": ev, "lo": lo, "be": be, "hi": hi, "cat": cat})
    two = frame.groupby(["ev", "lo", "be", "hi"])["cat"].transform("nunique").to_numpy() >= 2
    assert two.any() and not (two & ~keep).any()
    assert keep.mean() < two.mean() + 0.2  # it filters
    some = rng.random(n) < 0.5  # only these rows count
    keep = _maybe_two_categories(ev, lo, be, hi, cat, where=some)
    sub = frame[some]
    two = np.zeros(n, dtype=bool)
    two[some] = sub.groupby(["ev", "lo", "be", "hi"])["cat"].transform("nunique").to_numpy() >= 2
    assert not (two & ~keep).any()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(-1, 6), st.integers(0, 50)),
                min_size=1, max_size=30))
def test_later_and_earlier_highest_low(rows: list[tuple[int, int, int]]) -> None:
    from casualty_reconcile.reconcile._figures import NO_DAY, _later_and_earlier_max_low

    rows = sorted(rows, key=lambda r: r[0])  # voters come by group
    g = np.array([r[0] for r in rows])
    pub = np.array([NO_DAY if r[1] < 0 else r[1] for r in rows])
    low = np.array([r[2] for r in rows])
    dated = np.where(pub == NO_DAY, -1, low)
    later, earlier = _later_and_earlier_max_low(g, pub, low, dated)
    for i in range(len(rows)):
        same = g == g[i]
        assert later[i] == max([-1, *low[same & (pub > pub[i])].tolist()])
        # earlier or the same date, the voter itself included (its own low never lies above
        # its own high, so only others matter); a voter alone in its group has none
        want = max([-1, *dated[same & (pub <= pub[i])].tolist()]) if same.sum() > 1 else -1
        assert earlier[i] == want


@pytest.mark.parametrize("spread", [1, 10**9])  # a dense table, then sorted search
def test_lookup_by_sorted_keys(spread: int) -> None:
    from casualty_reconcile.reconcile._figures import _lookup

    keys = np.array([2, 5, 9]) * spread
    at = np.array([5, 0, 9, 2, 7, 9]) * spread
    assert _lookup(keys, np.array([20, 50, 90]), at).tolist() == [50, -1, 90, 20, -1, 90]
    assert _lookup(keys[:0], keys[:0], at).tolist() == [-1] * 6


def _string_typed(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype({c: "string" for c in frame.columns if frame[c].dtype == object})


def test_codes_shared_by_the_input_step_change_nothing() -> None:
    """String columns (codes made once, shared) and object columns (made again) agree."""
    from casualty_reconcile.reconcile import reconcile

    frame = pd.DataFrame({
        "source": ["ministry", "monitor", "Ministry", None, "monitor", "agency", "agency"],
        "event_id": ["e2", "e1", "e2", "e1", "é3", "e1", "e0"],
        "category": ["Dead", "fatalities", "killed", "wounded", None, "KIA", "killed"],
        "victims": ["civilians", None, "the civilians", "soldiers", None, "people", "x"],
        "low": [3, 4, None, 2, 7, 5, 1],
        "high": [5, 4, None, 2, 9, None, 1],
        "doc_id": ["d1", "d2", "d3", "d4", "d5", "d6", "d7"],
    })
    frame["low"] = frame["low"].astype("Int64")
    frame["high"] = frame["high"].astype("Int64")
    a, b = reconcile(frame), reconcile(_string_typed(frame))
    for x, y in ((a.events, b.events), (a.contradictions, b.contradictions),
                 (a.claims, b.claims)):
        pd.testing.assert_frame_equal(x, y)
    assert b.events["event_id"].tolist() == ["e0", "e1", "e1", "e2", "é3"]
    assert b.events["category"].tolist() == ["killed", "injured", "killed", "killed", "killed"]


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**31), st.booleans())
def test_marzullo_on_many_groups_matches_the_one_sort_sweep(seed: int, grouped: bool) -> None:
    from casualty_reconcile.reconcile._intervals import _sweep

    rng = np.random.default_rng(seed)
    n_groups, m = 6_000, 15_000  # groups of one, two and more intervals
    group = rng.integers(0, n_groups, m)
    if grouped:
        group = np.sort(group)
    low = rng.integers(0, 40, m)
    high = low + rng.integers(0, 12, m)
    high[rng.random(m) < 0.1] = OPEN
    want = [np.zeros(n_groups, dtype=np.int64), np.full(n_groups, -1), np.full(n_groups, -1)]
    _sweep(group, low, high, *want)
    got = marzullo(group, low, high, n_groups)
    for a, b in zip(got, want, strict=True):
        assert (a == b).all()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(["a", "b", "\x00", "é", "😀", "0"]),
                        max_size=12), min_size=1, max_size=60, unique=True),
       st.integers(0, 2))
def test_string_order_is_python_order(base: list[str], shape: int) -> None:
    from casualty_reconcile.reconcile._fast import string_order

    # Past 4096 strings the eight-byte prefix path runs: few ties, many ties, or long ones.
    prefix = ["", "ab", "event-2018-"][shape]
    strings = list(dict.fromkeys(f"{prefix}{s}{i}" for i in range(6000 // len(base) + 1)
                                 for s in base))
    assert len(strings) > 4096
    order = string_order(pa.array(strings, type=pa.large_string()))
    assert [strings[i] for i in order] == sorted(strings)


def test_claim_ids_of_a_row_in_report_order_then_hash_then_input_order(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    from casualty_reconcile.reconcile import reconcile

    frame = pd.DataFrame({
        "source": ["a", "b", "c", "d", "e"],
        "event_id": ["e1"] * 5,
        "best": [5, 5, 5, 5, 5],
        "published": ["2020-01-03", "2020-01-02", "2020-01-02", "2020-01-01", "2020-01-02"],
        "claim_id": ["k5", "k2", "k9", "k1", "k4"],
    })
    ids = reconcile(frame).events["claim_ids"].iloc[0]
    assert ids[0] == "k1" and ids[-1] == "k5"
    assert sorted(ids[1:4]) == ["k2", "k4", "k9"]
    # Were all hashes equal, same-day claims would keep their input order.
    module = importlib.import_module("casualty_reconcile.reconcile._reconcile")
    monkeypatch.setattr(module, "hash_strings_of", lambda values: np.zeros(len(values),
                                                                           dtype=np.uint64))
    assert reconcile(frame).events["claim_ids"].iloc[0] == ["k1", "k2", "k9", "k4", "k5"]


@pytest.mark.parametrize("values", [
    ["r0000000000001", "rzzzzzzzzzzzz2", "r1111111111113"],  # one width: numpy path
    ["k1", "k22", "é3", "😀"],  # widths differ: Arrow's take
    ["é", "a"],  # one width in characters, not in bytes
    ["solo"],
])
def test_take_strings(values: list[str]) -> None:
    from casualty_reconcile.reconcile._fast import take_strings

    at = np.array([len(values) - 1, 0, 0, *range(len(values))])
    for arr in (pd.array(values, dtype="string"), pd.array(values, dtype="string")[1:]):
        got = take_strings(arr, at[at < len(arr)])
        assert got.type == pa.string()
        assert got.to_pylist() == [arr[i] for i in at[at < len(arr)].tolist()]


class _Date(__import__("datetime").date):
    """A date subclass: equal to a date, but with its own repr."""


def _object_hash_ref(values: list[object]) -> list[int]:
    """How an object column was hashed: as strings when it holds only str and None, else
    every value by its repr (one ``repr`` per row)."""
    from casualty_reconcile.reconcile._fast import _hash_strings

    s = pd.Series(values, dtype=object)
    if all(v is None or isinstance(v, str) for v in values):
        return _hash_strings(s).tolist()
    return _hash_strings(s.map(repr)).tolist()


OBJECT_EXAMPLES: list[list[object]] = [
    [__import__("datetime").date(2018, 2, 7)] * 3 + [__import__("datetime").date(2018, 2, 8)],
    [__import__("datetime").date(2018, 2, 7), None, float("nan"), pd.NA, pd.NaT],
    # equal values of different types, and equal values with different reprs
    [1, True, 1.0, "1", 0.0, -0.0, 0, False],
    [__import__("datetime").date(2018, 2, 7), _Date(2018, 2, 7),
     __import__("datetime").datetime(2018, 2, 7), pd.Timestamp("2018-02-07")],
    ["a", None, "b", "a"],
    ["a", 2, None, 2, 10**30, 10**30],
    [],
]


@pytest.mark.parametrize("values", OBJECT_EXAMPLES)
def test_object_column_hash_matches_repr_per_row(values: list[object]) -> None:
    from casualty_reconcile.reconcile._fast import _hash_objects

    assert _hash_objects(pd.Series(values, dtype=object)).tolist() == _object_hash_ref(values)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=8), st.integers(-3, 3), st.booleans(),
                          st.floats(allow_nan=True), st.dates()), max_size=30))
def test_object_column_hash_matches_repr_per_row_for_mixed_values(values: list[object]) -> None:
    from casualty_reconcile.reconcile._fast import _hash_objects

    assert _hash_objects(pd.Series(values, dtype=object)).tolist() == _object_hash_ref(values)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=12), max_size=60), st.integers(0, 2))
def test_factorize_sorted_equals_pandas_sorted_factorize(base: list[str], shape: int) -> None:
    from casualty_reconcile.reconcile._fast import factorize_sorted

    # shape 1: many values sharing their first eight bytes (ties string_order resolves),
    # shape 2: enough values (>= 4096) for string_order's own path, with repeats
    values = base if shape == 0 else (
        [f"r0123456{v}" for v in base] if shape == 1 else
        [f"{v}{i % 977}" for i in range(5000) for v in (base[:1] or ["x"])])
    codes, uniq = factorize_sorted(pd.array(values, dtype="string"))
    ref_codes, ref_uniq = pd.factorize(pd.array(values, dtype="string"), sort=True)
    assert codes.tolist() == ref_codes.tolist()
    assert uniq.tolist() == list(ref_uniq)
    assert all(type(u) is str for u in uniq.tolist())


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 2**32), st.booleans())
def test_figure_strings_of_distinct_figures_equal_row_by_row(seed: int, phrases: bool) -> None:
    from casualty_reconcile.reconcile._fast import _figure_strings, figure_strings

    rng = np.random.default_rng(seed)
    n = 5000  # above the size where distinct figures are formatted once
    low = rng.integers(0, 30, n)
    high = np.where(rng.random(n) < 0.1, OPEN, low + rng.integers(0, 3, n))
    texts = (rng.choice(np.array(["several dozen", "5", "", None, "about 12", "1-2"],
                                 dtype=object), n) if phrases else None)
    got = figure_strings(texts, low, high, OPEN).to_pylist()
    assert got == _figure_strings(texts, low, high, OPEN).to_pylist()
    if texts is not None:  # the same phrases given as codes into their distinct values
        codes, uniq = pd.factorize(pd.Series(texts, dtype=object))
        labels = np.array([*uniq, None], dtype=object)
        coded = (np.where(codes < 0, len(uniq), codes), labels)
        assert figure_strings(coded, low, high, OPEN).to_pylist() == got
