"""Save reconcile's output on the benchmark's data, or compare it with a saved one.

Usage (from the repository root)::

    PYTHONPATH=OLD_CHECKOUT python tools/compare_reconcile.py save DIR [N]
    python tools/compare_reconcile.py compare DIR [N]

``save`` writes the ``events``, ``contradictions`` and ``claims`` frames of ``reconcile`` on
both benchmark shapes (benchmarks/bench_reconcile.py: five mostly agreeing reports per event,
and eight noisy reports per event from 200 sources) of ``N`` claims (default 100,000) as
pickles; ``compare`` runs the code on ``PYTHONPATH`` (or the installed package) on the same
data and checks every frame equal, row for row and column for column, dtypes included
(contradictions' explanations too). A tool for speed work: a faster code path must give the
same result. It exits 1 and names the first difference when one is found.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from bench_reconcile import make_claims, make_noisy_claims

from casualty_reconcile.reconcile import reconcile

SHAPES = {"agreeing": make_claims, "noisy": make_noisy_claims}
FRAMES = ("events", "contradictions", "claims")


def _runs(n: int) -> dict[str, dict[str, pd.DataFrame]]:
    out = {}
    for name, make in SHAPES.items():
        r = reconcile(make(n))
        out[name] = {f: getattr(r, f) for f in FRAMES}
        r2 = reconcile(make(n), conservative=True, by_victims=False)
        out[name + "-conservative"] = {f: getattr(r2, f) for f in FRAMES}
    return out


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """Read list columns (Arrow lists, or tuples saved by older code) as tuples of str."""
    out = df.copy()
    for c in out.columns:
        col = out[c]
        if (isinstance(col.dtype, pd.ArrowDtype)
                and pa.types.is_list(col.dtype.pyarrow_dtype)) or (
            col.dtype == object and len(col) and isinstance(col.iloc[0], (list, tuple))
        ):
            out[c] = pd.Series([None if v is None else tuple(v) for v in col], index=col.index,
                               dtype=object)
    return out


def main(argv: list[str]) -> int:
    """Run the command of ``argv``; return the exit status."""
    if len(argv) < 2 or argv[0] not in ("save", "compare"):
        print(__doc__)
        return 2
    where = Path(argv[1])
    n = int(argv[2]) if len(argv) > 2 else 100_000
    runs = _runs(n)
    if argv[0] == "save":
        where.mkdir(parents=True, exist_ok=True)
        for run, frames in runs.items():
            for f, df in frames.items():
                df.to_pickle(where / f"{run}.{f}.pkl")
        print(f"saved {len(runs)} runs of {n:,} claims to {where}")
        return 0
    bad = 0
    for run, frames in runs.items():
        for f, df in frames.items():
            old = pd.read_pickle(where / f"{run}.{f}.pkl")
            try:
                pd.testing.assert_frame_equal(_plain(df), _plain(old), check_exact=True)
            except AssertionError as e:
                bad += 1
                print(f"{run} {f}: DIFFERENT\n{e}")
            else:
                print(f"{run} {f}: equal ({len(df):,} rows)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
