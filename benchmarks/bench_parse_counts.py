"""``parse_counts`` on columns of 10k, 100k and 1M rows vs text2num's ``alpha2digit`` (issue 10).

Each column: ``n`` rows (10,000, 100,000 and 1,000,000, times ``CR_BENCH_SCALE``; 1M runs by
default, it takes seconds) holding 5% distinct phrases (50,000 at 1M,
the phrase mix of ``_phrases.phrases``: hedged, ranged, vague, number words, 10% not counts),
each at least once and the rest drawn Zipf-skewed (rank ``r`` with weight ``r ** -1.1``: the
commonest phrase holds about 13% of the rows), shuffled; seeded. Goal: ``parse_counts`` at
least as fast as the baseline (ratio >= 1.0).

Two loops of ``alpha2digit(value, "en")`` (text2num's Rust core, one call per row), both
measured in the same run:

- the baseline, the strict one: over the column's values already in a Python list (the
  ``tolist()`` is not timed), so it times text2num alone;
- ``loop-series``: what a user writes, a list comprehension over the Series itself (pandas 3
  hands out each value of its Arrow-backed ``str`` column one by one, which costs about as
  much again).

Each size is its own group with its own baselines, so every figure is a ratio; the subject
also records the peak of Python and numpy allocations traced by ``tracemalloc`` (``peak_mb``;
Arrow's own allocator, which holds the string columns, is not traced). Growth with size:
the subject's time at 100k and 1M over its time at 10k (``python benchmarks/
bench_parse_counts.py`` prints it).

Run: ``pytest benchmarks/bench_parse_counts.py --benchmark-enable --benchmark-json=b.json``
then ``python benchmarks/report.py b.json``.
"""

from __future__ import annotations

import time
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pytest
from _phrases import phrases
from conftest import peak_mb, scaled

from casualty_reconcile import parse_counts

text_to_num = pytest.importorskip("text_to_num")

SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
GROUP = "parse_counts: {label} rows, 5% distinct, Zipf-skewed"


@cache
def column(label: str = "1M") -> pd.Series:
    """Return the benchmark column of a size (built once per run)."""
    n = scaled(SIZES[label], minimum=2_000 if label == "1M" else 200)
    d = max(1, n // 20)
    uniq = np.array(phrases(d, seed=3), dtype=object)
    rng = np.random.default_rng(5)
    w = 1.0 / np.arange(1, d + 1) ** 1.1
    idx = np.concatenate([np.arange(d), rng.choice(d, n - d, p=w / w.sum())])
    rng.shuffle(idx)
    return pd.Series(uniq[idx], name="count")


def _alpha2digit_loop(values: Any) -> list[str]:
    a2d = text_to_num.alpha2digit
    return [a2d(v, "en") for v in values]


@pytest.mark.parametrize("label", list(SIZES))
def test_parse_counts_column(benchmark: Any, label: str) -> None:
    benchmark.group = GROUP.format(label=label)
    s = column(label)
    parse_counts(s.head(100))  # lexicon tables built outside the timing
    benchmark.extra_info.update(role="subject", items=len(s), distinct=int(s.nunique()))
    got = benchmark.pedantic(parse_counts, args=(s,), rounds=3, iterations=1, warmup_rounds=1)
    assert len(got) == len(s) and got.index.equals(s.index)
    assert got["best"].notna().mean() > 0.5  # most rows are counts
    benchmark.extra_info["peak_mb"] = peak_mb(lambda: parse_counts(s))


@pytest.mark.parametrize("label", list(SIZES))
def test_alpha2digit_list_baseline(benchmark: Any, label: str) -> None:
    benchmark.group = GROUP.format(label=label)
    values = column(label).tolist()
    benchmark.extra_info.update(role="baseline", items=len(values))
    benchmark.pedantic(_alpha2digit_loop, args=(values,), rounds=3, iterations=1,
                       warmup_rounds=1)
    benchmark.extra_info["peak_mb"] = peak_mb(lambda: _alpha2digit_loop(values))


@pytest.mark.parametrize("label", list(SIZES))
def test_alpha2digit_series_loop(benchmark: Any, label: str) -> None:
    benchmark.group = GROUP.format(label=label)
    s = column(label)
    benchmark.extra_info.update(role="loop-series", items=len(s))
    benchmark.pedantic(_alpha2digit_loop, args=(s,), rounds=3, iterations=1, warmup_rounds=1)


def main() -> None:
    """One-shot table: best of three per size, ratio to the baseline, growth, peak memory."""

    def best(fn: Any, *args: Any) -> float:
        fn(*args)
        times = []
        for _ in range(3):
            t = time.process_time()
            fn(*args)
            times.append(time.process_time() - t)
        return min(times)

    first = None
    for label in SIZES:
        s = column(label)
        values = s.tolist()
        t_p = best(parse_counts, s)
        t_b = best(_alpha2digit_loop, values)
        first = first or t_p
        print(
            f"{label:>5s} rows: parse_counts {t_p * 1e3:8.1f} ms, alpha2digit list "
            f"{t_b * 1e3:8.1f} ms, ratio {t_b / t_p:.2f}x; growth {t_p / first:6.1f}x the 10k "
            f"time; peak {peak_mb(lambda: parse_counts(s)):.0f} MiB "  # noqa: B023
            f"(baseline {peak_mb(lambda: _alpha2digit_loop(values)):.0f} MiB)"  # noqa: B023
        )


if __name__ == "__main__":
    main()
