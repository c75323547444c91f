"""Shared settings for the benchmarks (run with: pytest benchmarks --benchmark-enable)."""

from __future__ import annotations

import os
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

#: Scale of the generated inputs: 1.0 gives the sizes the docs report; CI runs a smoke test
#: with CR_BENCH_SCALE=0.01 so that every benchmark is at least executed once.
SCALE = float(os.environ.get("CR_BENCH_SCALE", "1"))


def scaled(n: int, minimum: int = 10) -> int:
    """Return ``n`` times the benchmark scale (at least ``minimum``)."""
    return max(minimum, int(n * SCALE))


def peak_mb(fn: Callable[[], Any]) -> float:
    """Peak of Python (and numpy) allocations while ``fn`` runs, in MiB (``tracemalloc``)."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()
