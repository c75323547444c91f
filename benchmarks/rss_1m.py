"""Peak RSS of ``reconcile`` on 1M claims with explicit event ids, in a fresh process.

Run: ``python benchmarks/rss_1m.py [noisy]`` (from the repository root). Prints the versions,
the RSS once the input frame is built, and the peak RSS (``ru_maxrss``) after one warm
``reconcile``. With ``noisy``, the second shape of bench_reconcile.py (eight noisy reports per
event from 200 sources, dates as objects) instead of the first.
"""

from __future__ import annotations

import gc
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))


def _max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main(shape: str = "agreeing") -> None:
    """Measure and print one run."""
    import numpy as np
    import pandas as pd
    import pyarrow
    from bench_reconcile import SHAPES

    from casualty_reconcile import reconcile

    df = SHAPES[shape](1_000_000)
    reconcile(df.head(2_000))  # warm imports and caches
    gc.collect()
    before = _max_rss_mib()
    t0 = time.perf_counter()
    r = reconcile(df)
    took = time.perf_counter() - t0
    peak = _max_rss_mib()
    print(f"pandas {pd.__version__}, numpy {np.__version__}, pyarrow {pyarrow.__version__}, "
          f"python {sys.version.split()[0]}")
    print(f"{len(r.claims):,} claims ({shape}): reconcile {took:.2f} s; peak RSS {peak:.0f} MiB, "
          f"{peak - before:.0f} MiB above the peak before the call ({before:.0f} MiB)")


if __name__ == "__main__":
    main(*sys.argv[1:2])
