"""Accuracy on the synthetic truth at each size (issue 10), recorded in the benchmark's extra_info.

Generates a seeded report set (``casualty_reconcile.synthetic``) of about 10,000 and 100,000
claims, times extraction + reconciliation of its documents with no event ids, and records
the accuracy figures of ``tools/eval_synthetic.py``'s ``evaluate`` in ``extra_info``:
alignment pairwise precision and recall, contradiction precision and recall, the share of
true tolls whose reconciled [low, high] holds them, the share whose likely range
[likely_low, likely_high] holds them (and its median width, likely_high / likely_low), and
the reported band's share, labelled as such. The sizes scale with ``CR_BENCH_SCALE``: ``CR_BENCH_SCALE=10`` runs 100,000 and
1,000,000 claims (the 1M point, behind the option); CI smoke-runs it at 0.01 (100 and 1,000
claims). Run::

    .venv/bin/pytest benchmarks/bench_synthetic.py --benchmark-enable \
        --benchmark-json=synth.json && .venv/bin/python benchmarks/report.py synth.json

The 10k run is the group's baseline, so the report's ratio for 100k is time(10k)/time(100k)
(0.1 = linear). The figures go into docs/performance.md ("Synthetic accuracy").
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from casualty_reconcile.synthetic import generate

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

# a tool script, not a package: imported from tools/ after the path is set
from eval_synthetic import evaluate

#: Claims extracted per generated event (seed 0, 2,000 events: 13,303 claims).
CLAIMS_PER_EVENT = 6.65
SEED = 0


def _events(claims: int) -> int:
    from conftest import scaled

    return max(5, round(scaled(claims, 100) / CLAIMS_PER_EVENT))


@pytest.mark.parametrize(("size", "role"), [(10_000, "baseline"), (100_000, "subject")],
                         ids=["10k", "100k"])
def test_synthetic_accuracy(benchmark: Any, size: int, role: str) -> None:
    benchmark.group = "synthetic truth: extraction + reconciliation, accuracy in extra_info"
    s = generate(_events(size), SEED)
    result: dict[str, Any] = benchmark.pedantic(evaluate, args=(s,), rounds=1, iterations=1)
    benchmark.extra_info.update(role=role, items=result["claims"], **{
        k: round(v, 4) if isinstance(v, float) else v
        for k, v in result.items() if not k.startswith("_")})
    assert result["claims"] > 0 and 0 <= result["alignment_recall"] <= 1
