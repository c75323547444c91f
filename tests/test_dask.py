"""The Dask engine gives the pandas results on the same rows (docs/scale.md).

Every test runs on one module-scoped ``distributed.LocalCluster`` (one in-process worker,
two threads) and compares with ``pd.testing.assert_frame_equal``: claims in input order,
events and contradictions in the pandas order (the engine restores both; a stable sort is
not needed, so it is not applied).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import casualty_reconcile as cr  # noqa: E402
from casualty_reconcile import InputError, InputTypeError, Reconciliation  # noqa: E402
from casualty_reconcile._dask import is_dask_collection  # noqa: E402
from casualty_reconcile.reconcile._dask import _key_table, plan_blocks  # noqa: E402

EXAMPLES = Path(cr.__file__).parent / "examples" / "documents.jsonl"


@pytest.fixture(scope="module", autouse=True)
def client() -> Iterator[Any]:
    # Tuple columns (places, actors) must stay tuples: dask would turn object columns
    # into strings when a frame is made from pandas (docs/scale.md).
    with dask.config.set({"dataframe.convert-string": False}), distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as c:
        yield c


def ddf(df: pd.DataFrame, n: int) -> Any:
    return dd.from_pandas(df, npartitions=n, sort=False)


def parts_used(df: pd.DataFrame, nparts: int) -> int:
    """How many partitions the planner fills with the claims of ``df``."""
    claims = cr.extract_claims_frame(df) if "text" in df.columns else df
    keys = _key_table(claims, [0], lag_days=3, lexicon=None)
    return len(set(plan_blocks(keys, len(claims), nparts).tolist()))


def assert_same(a: Reconciliation, b: Reconciliation) -> None:
    for name in ("claims", "events", "contradictions"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), obj=name)
    assert a.options == b.options


# -- data: a researcher's claims frame, explicit event ids -----------------------------------

EXPLICIT = pd.DataFrame({
    "event_id": ["aleppo-0302", "aleppo-0302", "aleppo-0302", "kabul-0415", "kabul-0415",
                 "kabul-0415", "mosul-0120", "mosul-0120", "aleppo-0302", "mosul-0120",
                 "kabul-0415", "idlib-0611"],
    "source": ["SOHR", "White Helmets", "state media", "Interior Ministry", "AP", "Taliban",
               "Iraqi army", "ISW", "SOHR", "Iraqi army", "AP", "SOHR"],
    "count": ["at least 12", "about 15", "4", "18 killed", "at least 20", "no one",
              "30 militants", "dozens", "at least 12", "not stated", "22 wounded", "7"],
    "category": ["killed", "killed", "killed", "killed", "killed", "killed", "killed",
                 "killed", "killed", "killed", "injured", "killed"],
    "published": ["2019-03-02", "2019-03-02", "2019-03-03", "2021-04-15", "2021-04-16",
                  "2021-04-16", "2017-01-20", "2017-01-21", "2019-03-02", "2017-01-22",
                  "2021-04-16", "2020-06-11"],
    # doc-7 holds reports of two events: its claims must meet in one partition
    "doc_id": ["doc-1", "doc-2", "doc-3", "doc-4", "doc-5", "doc-6", "doc-7", "doc-8",
               "doc-1", "doc-7", "doc-5", "doc-9"],
})


@pytest.mark.parametrize("nparts", [1, 2, 3, 5])
def test_explicit_ids_equal_pandas(nparts: int) -> None:
    assert_same(cr.reconcile(EXPLICIT), cr.reconcile(ddf(EXPLICIT, nparts)))
    assert parts_used(EXPLICIT, nparts) == min(nparts, 4)  # four events, doc-7 joins two


def test_explicit_ids_with_repeated_rows_and_options() -> None:
    # Repeated rows get -2 suffixes by content: they must be suffixed as in the pandas run.
    df = pd.concat([EXPLICIT, EXPLICIT.iloc[[0, 3, 3]]], ignore_index=True)
    for kw in ({}, {"conservative": True, "by_victims": False}):
        a = cr.reconcile(df, **kw)
        b = cr.reconcile(ddf(df, 4), **kw)
        assert_same(a, b)
        assert b.claims["claim_id"].str.endswith("-2").sum() == 2


# -- inferred alignment: places in three countries, dates, documents ---------------------------

INFERRED = pd.DataFrame({
    "source": ["SOHR", "White Helmets", "Syrian state TV", "SOHR", "Kabul police", "AP",
               "Afghan MoI", "Reuters", "Iraqi army", "Mosul hospital", "AFP", "SOHR",
               "Reuters", "AP"],
    "low": [12, 15, 4, 9, 18, 20, 0, 19, 30, 33, 6, 5, 7, 40],
    "high": [None, 17, 4, 9, 18, None, 0, 19, 30, 35, 6, 5, 7, 40],
    "date": ["2019-03-02", "2019-03-02", None, "2019-03-05", "2021-04-15", "2021-04-15",
             "2021-04-15", None, "2017-01-20", "2017-01-20", "2019-03-02", "2019-03-05",
             "2017-01-20", None],
    "published": ["2019-03-02", "2019-03-03", "2019-03-03", "2019-03-05", "2021-04-15",
                  "2021-04-16", "2021-04-16", "2021-04-17", "2017-01-21", "2017-01-21",
                  "2019-03-03", "2019-03-06", "2017-01-21", "2015-07-01"],
    # Syria (a country: coarse), Idlib and Aleppo in Syria; Kabul; Mosul; a report with
    # no place of its own in a document that names one (doc-k2), one in none.
    "location": ["Aleppo", "Aleppo", "Syria", "Idlib", "Kabul", None, "Kabul", "Kabul",
                 "Mosul", "Mosul", "Aleppo", "Idlib", "Iraq", "Gao"],
    "doc_id": ["d-s1", "d-s2", "d-s3", "d-s4", "d-k1", "d-k2", "d-k2", "d-k3", "d-m1",
               "d-m2", "d-s5", "d-s6", "d-m3", "d-x1"],
})


@pytest.mark.parametrize("nparts", [1, 2, 4])
def test_inferred_alignment_equals_pandas(nparts: int) -> None:
    a = cr.reconcile(INFERRED)
    b = cr.reconcile(ddf(INFERRED, nparts))
    assert_same(a, b)
    assert parts_used(INFERRED, nparts) == min(nparts, 4)  # SY, AF, IQ, ML
    # alignment really happened: Aleppo's reports and the coarse "Syria" one are one event
    ev = b.claims.set_index("source")["event_id"]
    assert ev["White Helmets"] == ev["Syrian state TV"]


def test_inferred_blocks_are_countries() -> None:
    keys = _key_table(INFERRED, [0], lag_days=3, lexicon=None)
    part = plan_blocks(keys, len(INFERRED), 8)
    loc = INFERRED["location"].tolist()
    syria = {part[i] for i, x in enumerate(loc) if x in ("Aleppo", "Syria", "Idlib")}
    assert len(syria) == 1  # a country's towns and the country itself meet
    assert part[loc.index("Mosul")] == part[loc.index("Iraq")]  # a town, its country
    assert part[loc.index("Kabul")] != part[loc.index("Mosul")]
    assert part[loc.index("Gao")] not in {part[loc.index("Kabul")], *syria}


def test_a_placeless_report_meets_the_events_of_its_window() -> None:
    # No place and no document naming one: it may join the single event of its window, so
    # it has to meet that event's partition (docs/scale.md, "Placeless claims").
    df = pd.DataFrame({
        "source": ["SOHR", "White Helmets", "Kabul police", "a local official"],
        "low": [12, 13, 18, 12],
        "date": ["2019-03-02", "2019-03-02", "2021-04-15", "2019-03-02"],
        "published": ["2019-03-02", "2019-03-02", "2021-04-15", "2019-03-03"],
        "location": ["Aleppo", "Aleppo", "Kabul", None],
        "doc_id": ["a", "b", "c", "d"],
    })
    keys = _key_table(df, [0], lag_days=3, lexicon=None)
    part = plan_blocks(keys, len(df), 2).tolist()
    assert part[3] == part[0] != part[2]
    a, b = cr.reconcile(df), cr.reconcile(ddf(df, 4))
    assert_same(a, b)
    assert b.claims["alignment"][3] == "only event of its window"
    assert b.claims["event_id"][3] == b.claims["event_id"][0]


def test_placeless_reports_tie_their_windows_together() -> None:
    # The honest cost of that rule: a placeless report of a day ties every block with a
    # report of that day into one partition; on other days blocks stay apart.
    df = pd.DataFrame({
        "source": ["SOHR", "Kabul police", "someone", "Iraqi army"],
        "low": [12, 18, 3, 30],
        "date": ["2019-03-02", "2019-03-02", "2019-03-02", "2019-05-01"],
        "location": ["Aleppo", "Kabul", None, "Mosul"],
    })
    keys = _key_table(df, [0], lag_days=3, lexicon=None)
    part = plan_blocks(keys, len(df), 3).tolist()
    assert part[0] == part[1] == part[2] != part[3]
    assert_same(cr.reconcile(df), cr.reconcile(ddf(df, 3)))


def test_place_aliases_are_used_by_blocks_and_partitions() -> None:
    df = pd.DataFrame({
        "source": ["medics", "activists", "state media"],
        "low": [21, 21, 9],
        "date": ["2018-02-25"] * 3,
        "location": ["Camp Seven", "Outer District", "Camp Seven"],
    })
    aliases = {"Camp Seven": "Outer District"}
    keys = _key_table(df, [0], lag_days=3, lexicon=None)
    assert len(set(plan_blocks(keys, 3, 3, aliases).tolist())) == 1
    assert_same(cr.reconcile(df, place_aliases=aliases),
                cr.reconcile(ddf(df, 3), place_aliases=aliases))


# -- documents in, claims extracted partition by partition --------------------------------------


@pytest.fixture(scope="module")
def docs() -> pd.DataFrame:
    return pd.read_json(EXAMPLES, lines=True, dtype=False)


def test_documents_frame_equals_pandas(docs: pd.DataFrame) -> None:
    assert_same(cr.reconcile(docs), cr.reconcile(ddf(docs, 3)))
    assert parts_used(docs, 3) == 3


def test_extract_claims_frame_is_row_wise(docs: pd.DataFrame) -> None:
    lazy = cr.extract_claims_frame(ddf(docs, 3))
    assert is_dask_collection(lazy)
    assert list(lazy.columns) == list(cr.extract_claims_frame(docs.iloc[:0]).columns)
    pd.testing.assert_frame_equal(lazy.compute().reset_index(drop=True),
                                  cr.extract_claims_frame(docs))
    # A missing doc_id is the row's index label, as in pandas: dask keeps the labels.
    nodoc = docs.drop(columns=["doc_id"])
    pd.testing.assert_frame_equal(cr.extract_claims_frame(ddf(nodoc, 2)).compute()
                                  .reset_index(drop=True), cr.extract_claims_frame(nodoc))


def test_claims_read_from_parquet_equal_pandas(docs: pd.DataFrame, tmp_path: Path) -> None:
    # The path past one machine: a claims table in Parquet (place lists come back as
    # arrays), read by Dask in several partitions (one per row group).
    flat = cr.extract_claims_frame(docs)
    for c in ("places", "actors"):
        flat[c] = [list(v) for v in flat[c]]
    path = tmp_path / "claims.parquet"
    flat.to_parquet(path, row_group_size=20)
    lazy = dd.read_parquet(path, split_row_groups=True)
    assert lazy.npartitions > 1
    assert_same(cr.reconcile(pd.read_parquet(path)), cr.reconcile(lazy))


PHRASES = ["at least 12", "about 15", None, "several dozen", "on February 7", "12", "no one",
           "between 10 and 15 wounded", "at least 12", "more than 500"]


def test_parse_counts_is_row_wise() -> None:
    s = pd.Series(PHRASES, index=[f"r{i}" for i in range(len(PHRASES))], dtype=object)
    lazy = cr.parse_counts(dd.from_pandas(s, npartitions=3), preset="acled")
    assert is_dask_collection(lazy)
    pd.testing.assert_frame_equal(lazy.compute(), cr.parse_counts(s, preset="acled"))


def test_empty_frame_and_progress(capsys: pytest.CaptureFixture[str]) -> None:
    empty = cr.reconcile(ddf(EXPLICIT.iloc[:0], 1))
    assert_same(cr.reconcile(EXPLICIT.iloc[:0]), empty)
    capsys.readouterr()
    quiet = cr.reconcile(ddf(EXPLICIT, 3))
    assert capsys.readouterr().err == ""
    pytest.importorskip("tqdm")
    loud = cr.reconcile(ddf(EXPLICIT, 3), progress=True)
    got = capsys.readouterr()
    assert "reconciling partitions" in got.err and got.out == ""
    assert_same(quiet, loud)


# -- errors ------------------------------------------------------------------------------------


def test_errors_are_the_pandas_ones() -> None:
    with pytest.raises(InputTypeError):
        cr.parse_counts(ddf(EXPLICIT, 2))  # a frame, not a column
    with pytest.raises(InputError):
        cr.parse_counts(dd.from_pandas(pd.Series(["five"]), npartitions=1), preset="nope")
    with pytest.raises(InputTypeError):
        cr.reconcile(ddf(EXPLICIT, 2)["count"])
    with pytest.raises(cr.ColumnError):
        cr.reconcile(ddf(EXPLICIT.drop(columns=["source"]), 2))
    # a lazy result shows no bar: Dask's own progress does (docs/scale.md)
    with pytest.raises(InputError, match="lazy"):
        cr.extract_claims_frame(ddf(pd.DataFrame({"text": ["Two died."]}), 1), progress=True)
    with pytest.raises(InputError, match="lazy"):
        cr.parse_counts(dd.from_pandas(pd.Series(["five"]), npartitions=1), progress=True)


def test_detection_and_import_do_not_need_dask() -> None:
    assert not is_dask_collection(EXPLICIT)
    assert is_dask_collection(ddf(EXPLICIT, 1))
    out = subprocess.run(
        [sys.executable, "-c", "import casualty_reconcile, sys; "
         "print('dask' in sys.modules or 'distributed' in sys.modules)"],
        check=True, capture_output=True, text=True).stdout
    assert out.strip() == "False"


# -- property: any rows, any partitioning -------------------------------------------------------

PLACES = ["Aleppo", "Idlib", "Syria", "Kabul", "Herat", "Mosul", None]
SOURCES = ["SOHR", "AP", "Reuters", "the ministry", "medics"]


@st.composite
def claims_frames(draw: Any) -> pd.DataFrame:
    n = draw(st.integers(1, 14))
    rows = []
    for _ in range(n):
        day = draw(st.integers(0, 4))
        rows.append({
            "source": draw(st.sampled_from(SOURCES)),
            "low": draw(st.one_of(st.none(), st.integers(0, 40))),
            "date": None if draw(st.booleans()) and day > 2
            else str(np.datetime64("2019-03-01") + day),
            "published": str(np.datetime64("2019-03-01") + day + draw(st.integers(0, 2))),
            "location": draw(st.sampled_from(PLACES)),
            "doc_id": draw(st.sampled_from(["a", "b", "c", None, None])),
            "category": draw(st.sampled_from(["killed", "killed", "injured"])),
            # some named events: reports without an id may join them
            "event_id": draw(st.sampled_from([None, None, None, "strike-1", "strike-2"])),
            "count": draw(st.sampled_from([None, None, "about 15", "dozens", "not stated"])),
        })
    return pd.DataFrame(rows)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(df=claims_frames(), nparts=st.integers(1, 4))
def test_any_frame_any_partitioning_equals_pandas(df: pd.DataFrame, nparts: int) -> None:
    assert_same(cr.reconcile(df), cr.reconcile(ddf(df, min(nparts, len(df)))))


def test_the_likely_range_is_fitted_on_all_partitions() -> None:
    # A source's track record spans partitions: the fit runs once, on every partition's
    # witnesses, and gives the pandas engine's ranges (docs/reconcile.md "The likely range").
    from casualty_reconcile.synthetic import generate

    claims = pd.DataFrame(generate(300, seed=2).claims).drop(columns=["event_id"])
    a = cr.reconcile(claims, by_victims=False)
    b = cr.reconcile(ddf(claims, 4), by_victims=False)
    assert_same(a, b)
    pd.testing.assert_frame_equal(a.sources, b.sources)
    assert a.events["likely_low"].notna().sum() > 200 and len(a.sources) > 20
    assert parts_used(claims, 4) > 1


def test_namesakes_of_one_place_key_equal_pandas() -> None:
    # "Dessie" (Ethiopia) and "Dosso" (Niger) share the key "ds" and are parted by country;
    # the planner still blocks them together, so every partition sees both spellings.
    df = pd.DataFrame({
        "source": ["a", "b", "c", "d", "e", "f"],
        "low": [3, 13, 23, 4, 40, 7], "high": [3, 13, 23, 4, 40, 7],
        "location": ["Dessie", "Dosso", "Desie", "Kabul", "Aleppo", "Dosso"],
        "date": "2023-05-01", "published": "2023-05-01"})
    a = cr.reconcile(df)
    assert_same(a, cr.reconcile(ddf(df, 3)))
    ev = a.claims.set_index("source")["event_id"]
    assert ev["a"] == ev["c"] != ev["b"] == ev["f"]
