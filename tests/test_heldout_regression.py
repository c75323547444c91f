"""Regression guards on the held-out sets (``tests/data/heldout*``, written from the spec alone).

The sets measure; they are not tuning targets (their READMEs). These tests only keep a change
from silently undoing what was measured: each floor sits a little below the figure recorded in
``docs/evaluation-claims.md`` and ``docs/evaluation-reconcile.md``, so a regression of a few
items fails, while an honest change that moves one borderline item does not.
"""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import eval_heldout  # noqa: E402


def _run(fn: Any, folder: str, *args: Any) -> dict[str, Any]:
    eval_heldout._DIR[0] = ROOT / "tests" / "data" / folder
    with contextlib.redirect_stdout(io.StringIO()):
        out: dict[str, Any] = fn(*args)
    return out


@pytest.mark.parametrize(("folder", "floor"), [("heldout", 0.98), ("heldout2", 0.96)])
def test_heldout_phrases(folder: str, floor: float) -> None:
    assert _run(eval_heldout.phrases, folder, 0)["rate"] >= floor


@pytest.mark.parametrize(
    ("folder", "precision", "recall"), [("heldout", 0.97, 0.95), ("heldout2", 0.95, 0.92)]
)
def test_heldout_claims(folder: str, precision: float, recall: float) -> None:
    res = _run(eval_heldout.claims, folder, 0)
    assert res["precision"] >= precision
    assert res["recall"] >= recall


def test_heldout_reconcile_scenarios() -> None:
    res = _run(eval_heldout.reconcile_scenarios, "heldout", 0)
    assert res["passed"] >= res["scenarios"] - 1
