"""docs/tutorial.ipynb runs from top to bottom in a fresh kernel (nbclient) and shows what it says.

The repository keeps the notebook without outputs; this test executes it in a temporary
directory (it writes its report there) and checks the outputs its text promises: tables,
the rich pages, two plots, the report file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

NOTEBOOK = Path(__file__).resolve().parents[1] / "docs" / "tutorial.ipynb"


def test_notebook_is_stored_without_outputs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    assert all(not c.outputs and c.execution_count is None for c in code)


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, Path]:
    where = tmp_path_factory.mktemp("tutorial")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(where)}})
    client.execute()  # raises CellExecutionError, with the cell and traceback, on any error
    return nb, where


def _outputs(nb: object, needle: str) -> list[dict[str, object]]:
    """The outputs of the one code cell whose source contains ``needle`` (or is ``r``)."""
    cells = [c for c in nb.cells  # type: ignore[attr-defined]
             if c.cell_type == "code" and (needle in c.source if needle != "r"
                                           else c.source.strip() == "r")]
    assert len(cells) == 1, needle
    return list(cells[0].outputs)


def test_tutorial_runs_and_shows_its_steps(executed: tuple[object, Path]) -> None:
    nb, where = executed
    for cell in nb.cells:  # type: ignore[attr-defined]
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error"
            assert out.get("name") != "stderr", out.get("text")
    # Step 1: the phrases as figures.
    (table,) = _outputs(nb, "cr.parse_counts(phrases)")
    assert "lower_bound" in table["data"]["text/plain"]
    # Rich pages: a count, a claim, the whole result, one event.
    for needle, kind in (('cr.parse_count("several dozen")', "cr-count"),
                         ("claims[0]", "cr-claim"), ("r", "cr-reconciliation"),
                         ('r.event("deir-al-zour-2018-02-07")', "cr-event")):
        (out,) = _outputs(nb, needle)
        assert f"cr-view {kind}" in out["data"]["text/html"], needle
    # Step 3: the summary and the explanation are printed.
    (summary,) = _outputs(nb, "print(r.summary())")
    assert "claims" in summary["text"] and "events" in summary["text"]
    (story,) = _outputs(nb, 'print(r.explain("deir-al-zour-2018-02-07"))')
    assert story["text"].startswith("Event deir-al-zour-2018-02-07")
    # Both plots are drawn.
    for needle in ('r.plot("deir-al-zour-2018-02-07")', 'r.plot_timeline("manbij-market'):
        outs = _outputs(nb, needle)
        assert any("image/png" in o.get("data", {}) for o in outs), needle
    # The report is written where the notebook ran, with its plots.
    page = (where / "tutorial-report.html").read_text(encoding="utf-8")
    assert "<title>Example corpus: reconciliation report</title>" in page
    assert page.count("<svg") >= 2
