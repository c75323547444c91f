"""The Dask engine against the pandas engine on the same claims, in the same run.

* explicit event ids: 200,000 claims (``bench_reconcile.make_claims``);
* inferred alignment: 40,000 claims with dates and places in eight countries, none without a
  place (a placeless report ties the blocks of its window together: docs/scale.md).

Each is reconciled by pandas (the baseline), then by Dask on a ``LocalCluster`` of one and of
two worker processes (one thread each), the frame split into four partitions per worker and
persisted on the workers first (as after ``dd.read_parquet`` on a cluster). The Dask times
include planning, the shuffle and bringing the frames back to the client. Run::

    .venv/bin/pytest benchmarks/bench_dask.py --benchmark-enable
    .venv/bin/python benchmarks/bench_dask.py      # the table in docs/performance.md

``CR_BENCH_SCALE=0.01`` (CI's smoke run) shrinks the inputs and uses in-process workers.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import pandas as pd
import pytest

dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

from bench_reconcile import best_time, make_claims  # noqa: E402
from conftest import SCALE, scaled  # noqa: E402

from casualty_reconcile.reconcile import reconcile  # noqa: E402

N_EXPLICIT = 200_000
N_INFERRED = 40_000
#: One round in the smoke run: it only has to run.
ROUNDS = 2 if SCALE >= 0.1 else 1


def inputs() -> dict[str, pd.DataFrame]:
    placed = make_claims(scaled(N_INFERRED, 200), explicit=False)
    placed = placed[placed["location"].notna()].reset_index(drop=True)
    return {"explicit": make_claims(scaled(N_EXPLICIT, 200)), "inferred": placed}


def cluster(workers: int) -> Any:
    # Real processes for the measured run (the work is Python-bound: threads share the GIL);
    # in-process workers for the smoke run, where start-up would be all of the time.
    return distributed.LocalCluster(n_workers=workers, threads_per_worker=1,
                                    processes=SCALE >= 0.1, dashboard_address=None)


def run_dask(df: pd.DataFrame, workers: int) -> Callable[[], Any]:
    # The input already on the workers (as after dd.read_parquet on a cluster): moving it
    # from this process is not reconcile's work.
    frame = dd.from_pandas(df, npartitions=4 * workers, sort=False).persist()
    distributed.wait(frame)
    return lambda: reconcile(frame)


@pytest.fixture(scope="module")
def data() -> Iterator[dict[str, pd.DataFrame]]:
    with dask.config.set({"dataframe.convert-string": False}):
        yield inputs()


@pytest.mark.parametrize("kind", ["explicit", "inferred"])
def test_pandas_engine(benchmark: Any, data: dict[str, pd.DataFrame], kind: str) -> None:
    benchmark.group = f"dask-{kind}"
    benchmark.extra_info["baseline"] = True
    benchmark.pedantic(reconcile, args=(data[kind],), rounds=ROUNDS, iterations=1)


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("kind", ["explicit", "inferred"])
def test_dask_engine(benchmark: Any, data: dict[str, pd.DataFrame], kind: str,
                     workers: int) -> None:
    benchmark.group = f"dask-{kind}"
    with dask.config.set({"dataframe.convert-string": False}), cluster(workers) as c, \
            distributed.Client(c):
        fn = run_dask(data[kind], workers)
        fn()  # warm: the workers load the gazetteer and import the library
        benchmark.pedantic(fn, rounds=ROUNDS, iterations=1)


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with dask.config.set({"dataframe.convert-string": False}):
        data = inputs()
        for kind, df in data.items():
            reconcile(df)  # warm (gazetteer, imports)
            base = best_time(lambda df=df: reconcile(df), rounds)
            print(f"{kind}: {len(df):,} claims; pandas {base:.2f} s "
                  f"({len(df) / base:,.0f} claims/s)")
            for workers in (1, 2):
                with cluster(workers) as c, distributed.Client(c):
                    fn = run_dask(df, workers)
                    t0 = time.perf_counter()
                    fn()
                    warm = time.perf_counter() - t0
                    t = best_time(fn, rounds)
                print(f"  dask, {workers} worker(s): {t:.2f} s ({len(df) / t:,.0f} claims/s), "
                      f"speed-up {base / t:.2f}x over pandas (first run {warm:.2f} s)")


if __name__ == "__main__":
    main()
