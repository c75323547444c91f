"""Cost of the HTML report (``Reconciliation.to_html``), as ratios to baselines in the same run.

* the report without plots, against pandas' own ``DataFrame.to_html()`` of the same result's
  events frame (the cheapest HTML of the result one could write);
* the report with plots, against the report without them, on the shipped example corpus
  (its few contradicted events): what the inline SVG plots cost.

The result is generated at run time (``bench_reconcile.make_claims``, seeded). Run::

    .venv/bin/pytest benchmarks/bench_report.py --benchmark-enable

Figures go into docs/notebook.md ("A report to share").
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import pandas as pd
import pytest
from bench_reconcile import make_claims
from conftest import scaled

import casualty_reconcile as cr
from casualty_reconcile import Reconciliation

N_CLAIMS = 20_000


@pytest.fixture(scope="module")
def large() -> Reconciliation:
    return cr.reconcile(make_claims(scaled(N_CLAIMS, 200)))


@pytest.fixture(scope="module")
def example() -> Reconciliation:
    path = resources.files("casualty_reconcile") / "examples" / "documents.jsonl"
    return cr.reconcile(pd.read_json(str(path), lines=True))


@pytest.mark.benchmark(group="report-text")
def test_baseline_pandas_to_html(benchmark: Any, large: Reconciliation) -> None:
    out = benchmark(large.events.to_html)
    assert "<table" in out


@pytest.mark.benchmark(group="report-text")
def test_report_without_plots(benchmark: Any, large: Reconciliation) -> None:
    out = benchmark(large.to_html, plots=False)
    assert out.count('class="cr-event"') == large.contradictions["event_id"].nunique()


@pytest.mark.benchmark(group="report-plots")
def test_example_report_without_plots(benchmark: Any, example: Reconciliation) -> None:
    out = benchmark(example.to_html, plots=False)
    assert "<svg" not in out


@pytest.mark.benchmark(group="report-plots")
def test_example_report_with_plots(benchmark: Any, example: Reconciliation) -> None:
    pytest.importorskip("matplotlib")
    out = benchmark(example.to_html)
    assert out.count("<svg") == out.count('class="cr-event"')
