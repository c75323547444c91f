"""The ``casualties`` pandas accessor: Series.parse / find_counts, DataFrame.claims / reconcile."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import casualty_reconcile as cr
import casualty_reconcile.accessor as accessor_module
from casualty_reconcile import ColumnError, InputError
from casualty_reconcile._columns import PARSED_COUNT_COLUMNS


def _row(c: cr.CountEstimate | None) -> tuple[object, ...]:
    if c is None:
        return (None,) * 7
    return (c.low, c.best, c.high, c.kind, c.text, c.start, c.end)


def _as_tuple(row: pd.Series) -> tuple[object, ...]:
    return tuple(None if pd.isna(v) else v for v in row[list(PARSED_COUNT_COLUMNS)[:7]])


# -- registration --------------------------------------------------------------------------


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return out.stdout.strip()


def test_importing_the_library_neither_imports_pandas_nor_registers() -> None:
    assert _run("import casualty_reconcile, sys; print('pandas' in sys.modules)") == "False"
    code = (
        "import pandas as pd, casualty_reconcile as cr\n"
        "print(hasattr(pd.Series(['x']), 'casualties'), hasattr(pd.DataFrame(), 'casualties'))\n"
        "cr.reconcile(pd.DataFrame({'source': ['a'], 'count': ['five']}))\n"
        "print(hasattr(pd.Series(['x']), 'casualties'))\n"
        "import casualty_reconcile.accessor\n"
        "print(hasattr(pd.Series(['x']), 'casualties'), hasattr(pd.DataFrame(), 'casualties'))"
    )
    assert _run(code).split("\n") == ["False False", "False", "True True"]


def test_registering_twice_is_harmless() -> None:
    code = (
        "import warnings; warnings.simplefilter('error')\n"
        "import casualty_reconcile.accessor\nimport casualty_reconcile.accessor as a\n"
        "import pandas as pd; print(pd.Series(['five']).casualties.parse()['best'].tolist())"
    )
    assert _run(code) == "[5]"


# -- Series.casualties.parse ---------------------------------------------------------------


PHRASES = [
    ("five deaths", (5, 5, 5, "exact"), None),
    ("more than 500 fighters", (501, 501, None, "lower_bound"), None),
    ("between 10 and 15", (10, None, 15, "range"), None),
    ("no one was hurt", (0, 0, 0, "exact"), None),
    ("1.2 million", (1_200_000, 1_200_000, 1_200_000, "exact"), None),
    ("the 5th brigade on 7 February 2018", None, "no_count"),
    ("a 12-year-old boy", None, "no_count"),
    ("   ", None, "empty_text"),
    ("", None, "empty_text"),
    (None, None, "missing"),
    (np.nan, None, "missing"),
    ("bad \x00 bytes, 5 dead", None, "bad_text"),
]


def test_parse_one_row_per_value_in_order_with_reasons() -> None:
    s = pd.Series([p for p, _, _ in PHRASES], index=[f"r{i}" for i in range(len(PHRASES))],
                  dtype=object, name="count_text")
    out = s.casualties.parse()
    assert list(out.columns) == list(PARSED_COUNT_COLUMNS)
    assert {c: str(t) for c, t in out.dtypes.items()} == PARSED_COUNT_COLUMNS
    assert out.index.equals(s.index)
    for (phrase, want, reason), (_, row) in zip(PHRASES, out.iterrows(), strict=True):
        if want is None:
            assert pd.isna(row["low"]) and pd.isna(row["kind"]), phrase
            assert str(row["reason"]).startswith(reason), (phrase, row["reason"])
        else:
            low, best, high, kind = want
            assert pd.isna(row["reason"]), phrase
            assert (row["low"], row["kind"]) == (low, kind)
            assert best is None or row["best"] == best
            assert (pd.isna(row["high"]) and high is None) or row["high"] == high
            assert phrase[row["start"]:row["end"]] == row["count_text"]


@pytest.mark.parametrize(
    ("values", "dtype", "best"),
    [
        ([5, 12, 300], "int64", [5, 12, 300]),
        ([5, None, 300], "Int64", [5, None, 300]),
        ([5.0, float("nan"), 7.0], "float64", [5, None, 7]),
        (["about 40", None, "a dozen"], "string", [40, None, 12]),
        (["about 40", "about 40", "a dozen"], "category", [40, 40, 12]),
        (["two dozen", 7, 8.0], "object", [24, 7, 8]),
    ],
)
def test_parse_reads_numbers_and_pandas_dtypes(values: list[object], dtype: str,
                                               best: list[int | None]) -> None:
    out = pd.Series(values, dtype=dtype).casualties.parse()
    assert [None if pd.isna(v) else int(v) for v in out["best"]] == best


@pytest.mark.parametrize(
    "values",
    [[True, False], [["five"], "six"], [{"n": 5}], [b"five dead"]],
)
def test_parse_refuses_values_that_are_not_text(values: list[object]) -> None:
    s = pd.Series(values, name="figures")
    with pytest.raises(ColumnError, match="figures"):
        s.casualties.parse()


def test_parse_refuses_an_unknown_preset_once() -> None:
    with pytest.raises(InputError, match="preset"):
        pd.Series(["dozens", None]).casualties.parse(preset="no-such-dataset")


def test_parse_follows_a_coding_preset() -> None:
    s = pd.Series(["dozens", "hundreds"])
    assert s.casualties.parse(preset="acled")["best"].tolist() == [12, 100]


def test_parse_keeps_an_odd_index_and_an_empty_series() -> None:
    idx = pd.MultiIndex.from_tuples([("a", 1), ("a", 1), ("b", 2)], names=["doc", "n"])
    out = pd.Series(["three", "four", "five"], index=idx).casualties.parse()
    assert out.index.equals(idx) and out["best"].tolist() == [3, 4, 5]
    empty = pd.Series([], dtype="string").casualties.parse()
    assert len(empty) == 0 and list(empty.columns) == list(PARSED_COUNT_COLUMNS)


def test_parse_reads_each_distinct_value_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def counting(text: str, **kw: object) -> cr.CountEstimate | None:
        calls.append(text)
        return cr.parse_count(text, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(accessor_module, "parse_count", counting)
    s = pd.Series(["about 40", "a dozen"] * 5_000 + [None])
    out = s.casualties.parse()
    assert len(out) == 10_001
    assert sorted(c for c in calls if c) == ["a dozen", "about 40"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([p for p, _, _ in PHRASES[:7]] + [None, "several dozen",
                                                                    "at least 45 civilians"]),
                max_size=30))
def test_parse_agrees_with_parse_count(values: list[str | None]) -> None:
    out = pd.Series(values, dtype=object).casualties.parse()
    assert len(out) == len(values)
    for v, (_, row) in zip(values, out.iterrows(), strict=True):
        want = _row(None if v is None else cr.parse_count(v))
        assert _as_tuple(row) == want


# -- Series.casualties.find_counts ---------------------------------------------------------


def test_find_counts_one_row_per_count_and_one_for_a_value_without() -> None:
    s = pd.Series(
        ["Police said 12 were killed and about 30 hurt.", "All calm.", None,
         "Two soldiers and three civilians died."],
        index=[10, 11, 12, 13],
    )
    out = s.casualties.find_counts()
    assert out.index.names == [None, "match"]
    assert out.index.get_level_values(0).tolist() == [10, 10, 11, 12, 13, 13]
    assert out.index.get_level_values("match").tolist() == [0, 1, 0, 0, 0, 1]
    assert out["best"].tolist()[:2] == [12, 30]
    assert out["reason"].tolist()[2:4] == ["no_count", "missing"]
    for (label, _), row in out.iterrows():
        if pd.isna(row["reason"]):
            assert [c.text for c in cr.find_counts(s[label])].count(row["count_text"]) >= 1


# -- DataFrame.casualties ------------------------------------------------------------------


@pytest.fixture(scope="module")
def docs() -> pd.DataFrame:
    path = resources.files("casualty_reconcile") / "examples" / "documents.jsonl"
    return pd.read_json(str(path), lines=True)


def test_frame_claims_is_extract_claims_frame(docs: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(docs.casualties.claims(), cr.extract_claims_frame(docs))


def test_frame_reconcile_is_reconcile_on_documents_and_on_claims(docs: pd.DataFrame) -> None:
    want = cr.reconcile(docs)
    got = docs.casualties.reconcile()
    for name in ("events", "contradictions", "claims"):
        pd.testing.assert_frame_equal(getattr(got, name), getattr(want, name))
    claims_df = pd.DataFrame({
        "source": ["police", "medics", "rebels"],
        "count": ["12 people", "about 12", "200"],
        "event_id": ["e1", "e1", "e1"],
    })
    a = claims_df.casualties.reconcile(conservative=True, by_victims=False)
    b = cr.reconcile(claims_df, conservative=True, by_victims=False)
    pd.testing.assert_frame_equal(a.events, b.events)
    assert a.options == b.options


def test_frame_accessor_keeps_the_librarys_errors() -> None:
    with pytest.raises(ColumnError, match="text"):
        pd.DataFrame({"body": ["five dead"]}).casualties.claims()
    with pytest.raises(ColumnError):
        pd.DataFrame({"who": ["x"]}).casualties.reconcile()


def test_a_parsed_column_feeds_reconcile() -> None:
    # a researcher's sheet: free-text counts parsed into figures, then reconciled
    sheet = pd.DataFrame({"source": ["ministry", "monitor", "medics"],
                          "count_text": ["about 40", "at least 38", "41 people"],
                          "event_id": ["e", "e", "e"]})
    figures = sheet["count_text"].casualties.parse()[["low", "best", "high"]]
    r = sheet[["source", "event_id"]].join(figures).casualties.reconcile()
    direct = sheet.rename(columns={"count_text": "count"}).casualties.reconcile()
    assert r.events[["low", "best", "high"]].equals(direct.events[["low", "best", "high"]])
