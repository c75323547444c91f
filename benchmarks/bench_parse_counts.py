"""``parse_counts`` on a 1M-row column vs text2num's ``alpha2digit`` looped over it (issue 10).

The column: 1,000,000 rows (times ``CR_BENCH_SCALE``) holding 5% distinct phrases (50,000,
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

Run: ``pytest benchmarks/bench_parse_counts.py --benchmark-enable --benchmark-json=b.json``
then ``python benchmarks/report.py b.json``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pytest
from _phrases import phrases
from conftest import scaled

from casualty_reconcile import parse_counts

text_to_num = pytest.importorskip("text_to_num")

GROUP = "parse_counts: 1M rows, 5% distinct, Zipf-skewed"


@cache
def column() -> pd.Series:
    """Return the benchmark column (built once per run)."""
    n = scaled(1_000_000, minimum=2_000)
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


@pytest.mark.benchmark(group=GROUP)
def test_parse_counts_column(benchmark: Any) -> None:
    s = column()
    parse_counts(s.head(100))  # lexicon tables built outside the timing
    benchmark.extra_info.update(role="subject", items=len(s), distinct=int(s.nunique()))
    got = benchmark.pedantic(parse_counts, args=(s,), rounds=3, iterations=1, warmup_rounds=1)
    assert len(got) == len(s) and got.index.equals(s.index)
    assert got["best"].notna().mean() > 0.5  # most rows are counts


@pytest.mark.benchmark(group=GROUP)
def test_alpha2digit_list_baseline(benchmark: Any) -> None:
    values = column().tolist()
    benchmark.extra_info.update(role="baseline", items=len(values))
    benchmark.pedantic(_alpha2digit_loop, args=(values,), rounds=3, iterations=1,
                       warmup_rounds=1)


@pytest.mark.benchmark(group=GROUP)
def test_alpha2digit_series_loop(benchmark: Any) -> None:
    s = column()
    benchmark.extra_info.update(role="loop-series", items=len(s))
    benchmark.pedantic(_alpha2digit_loop, args=(s,), rounds=3, iterations=1, warmup_rounds=1)
