"""Importing the library is cheap: no pandas, pint or dateparser until a function needs them."""

from __future__ import annotations

import subprocess
import sys


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print(' '.join(sorted(sys.modules)))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return set(out.split())


def test_import_loads_no_heavy_dependency() -> None:
    mods = _modules_after("import casualty_reconcile")
    for heavy in ("pandas", "pint", "dateparser", "numpy"):
        assert heavy not in mods, f"import casualty_reconcile imported {heavy}"


def test_parsing_loads_pint_but_not_pandas() -> None:
    mods = _modules_after("import casualty_reconcile as cr; cr.parse_count('five dozen')")
    assert "pint" in mods
    assert "pandas" not in mods and "dateparser" not in mods


def test_results_hold_plain_ints() -> None:
    import casualty_reconcile as cr

    c = cr.parse_count("1.2 million")
    assert c is not None
    assert all(type(v) is int for v in (c.low, c.best, c.high))
    assert c.to_dict()["best"] == 1_200_000
