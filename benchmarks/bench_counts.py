"""Count-parser throughput, each figure beside a baseline measured in the same run.

- ``parse_count`` (uncached) on 20,000 distinct phrases vs text2num's ``alpha2digit`` (a Rust
  core) on the same phrases; the goal in issue 3 is a rate of at least 0.2x the baseline's.
- ``find_counts`` over ~1 MB of news-like text, in MB/s, vs ``alpha2digit`` over the same
  text and vs a plain ``re.findall(r"\\d+")`` scan (the floor any scanner pays).

Run: ``pytest benchmarks/bench_counts.py --benchmark-enable --benchmark-json=bench.json``
then ``python benchmarks/report.py bench.json`` for the ratios.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from _phrases import news_text, phrases
from conftest import scaled

from casualty_reconcile import find_counts, parse_count

text_to_num = pytest.importorskip("text_to_num")

PHRASES = phrases(scaled(20_000))
TEXT = news_text(scaled(1_000_000, minimum=5_000))


def _parse_all() -> int:
    n = 0
    for p in PHRASES:
        if parse_count(p) is not None:
            n += 1
    return n


def _alpha2digit_all() -> int:
    a2d = text_to_num.alpha2digit
    for p in PHRASES:
        a2d(p, "en")
    return len(PHRASES)


@pytest.mark.benchmark(group="parse_count-20k-phrases")
def test_parse_count_phrases(benchmark: Any) -> None:
    benchmark.extra_info.update(role="subject", items=len(PHRASES))
    found = benchmark.pedantic(_parse_all, rounds=3, iterations=1, warmup_rounds=1)
    assert found > 0.8 * len(PHRASES)  # the mix is 90% counts


@pytest.mark.benchmark(group="parse_count-20k-phrases")
def test_alpha2digit_phrases_baseline(benchmark: Any) -> None:
    benchmark.extra_info.update(role="baseline", items=len(PHRASES))
    benchmark.pedantic(_alpha2digit_all, rounds=3, iterations=1, warmup_rounds=1)


@pytest.mark.benchmark(group="find_counts-news-text")
def test_find_counts_text(benchmark: Any) -> None:
    benchmark.extra_info.update(role="subject", bytes=len(TEXT.encode()))
    found = benchmark.pedantic(find_counts, args=(TEXT,), rounds=3, iterations=1)
    assert found


@pytest.mark.benchmark(group="find_counts-news-text")
def test_alpha2digit_text_baseline(benchmark: Any) -> None:
    benchmark.extra_info.update(role="baseline", bytes=len(TEXT.encode()))
    benchmark.pedantic(text_to_num.alpha2digit, args=(TEXT, "en"), rounds=3, iterations=1)


@pytest.mark.benchmark(group="find_counts-news-text")
def test_digit_regex_text_floor(benchmark: Any) -> None:
    benchmark.extra_info.update(role="floor", bytes=len(TEXT.encode()))
    pattern = re.compile(r"\d+")
    benchmark.pedantic(pattern.findall, args=(TEXT,), rounds=3, iterations=1)
