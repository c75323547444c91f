"""Linear time on adversarial, repetitive text (issue 12).

Each shape is repeated to two sizes, N and 4N characters, and the work the library does on
each is measured by counting the Python lines it executes (``sys.settrace``): a count, not a
clock, so the test gives the same answer on a loaded machine. A linear path does about 4x the
lines on 4x the text; a path where each occurrence rescans the earlier (or later) ones does
16x. The bound, 6x, leaves room for fixed costs and uneven cuts of the repeated unit.

Work done inside C (regular expressions, slicing) is not seen by line counting, so one test
per stage also compares the wall time of the two sizes measured in the same run (best of
three, generous bound); it is a ratio, never an absolute time.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import FrameType
from typing import Any

import pytest

from casualty_reconcile import extract_claims, find_counts

MAX_LINE_RATIO = 6.0
MAX_TIME_RATIO = 10.0

# Repeated units: the shapes the audit found (each "between" counted every later token; each
# quotation rescanned every earlier one), and the other repetitive ones.
SHAPES = {
    "between-and-and": "between 1 and 2 ",
    "between-and": "between 1 and ",
    "between-words": "between one hundred and ",
    "from-to": "from 1 to ",
    "quoted-sentences": '"5 killed." ',
    "open-paren-quote": '("5 killed, ',
    "nested-quotes-parens": "\"('“(5 killed ",
    "curly-quotes": "“5 were killed,” he said. ",
    "number-run": "1 2 3 ",
    "number-word-run": "one two three ",
    "hundred-and": "hundred and ",
    "dash-chain": "1-",
    "hedges": "more than ",
    "no-sentence-end": "5 killed and 3 injured ",
    "said-chain": "the ministry said 5 people were killed, ",
    "pronoun-chain": "It said 5 died. ",
    "relative-dates": "On Sunday 5 were killed. ",
    "semicolons": "5 killed; ",
}


def _lines(fn: Callable[[str], Any], text: str) -> int:
    """Return the number of Python lines executed by ``fn(text)``."""
    count = 0

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def call(frame: FrameType, event: str, arg: Any) -> Any:
        return local

    old = sys.gettrace()
    sys.settrace(call)
    try:
        fn(text)
    finally:
        sys.settrace(old)
    return count


def _sized(unit: str, n: int) -> str:
    return unit * max(1, n // len(unit))


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    # lexicon and tables are built once per process: keep that out of the first count
    extract_claims("On Sunday the ministry said 5 people were killed.")
    find_counts("between 1 and 2")


@pytest.mark.parametrize("fn", [find_counts, extract_claims], ids=["find_counts", "extract"])
@pytest.mark.parametrize("unit", list(SHAPES.values()), ids=list(SHAPES))
def test_work_grows_linearly(fn: Callable[[str], Any], unit: str) -> None:
    n = 3_000
    small = _lines(fn, _sized(unit, n))
    large = _lines(fn, _sized(unit, 4 * n))
    assert large <= MAX_LINE_RATIO * max(small, 1), (small, large, large / max(small, 1))


def _best_time(fn: Callable[[str], Any], text: str) -> float:
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - t0)
    return best


@pytest.mark.parametrize("fn", [find_counts, extract_claims], ids=["find_counts", "extract"])
def test_time_ratio_on_a_mix_of_shapes(fn: Callable[[str], Any]) -> None:
    mixed = "".join(SHAPES.values())
    n = 20_000
    small = _best_time(fn, _sized(mixed, n))
    large = _best_time(fn, _sized(mixed, 4 * n))
    assert large <= MAX_TIME_RATIO * small, (small, large, large / small)
