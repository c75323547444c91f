"""progress=True: a bar on stderr when asked, nothing otherwise, the same results either way."""

from __future__ import annotations

import builtins
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import casualty_reconcile as cr
from casualty_reconcile import InputTypeError
from casualty_reconcile._cli import main
from casualty_reconcile._progress import MISSING_TQDM, cli_progress

EXAMPLES = Path(cr.__file__).parent / "examples" / "documents.jsonl"


@pytest.fixture(scope="module")
def docs() -> pd.DataFrame:
    return pd.read_json(EXAMPLES, lines=True, dtype=False).iloc[:8]


PHRASES = pd.Series(["at least 12", "about 15", None, "several dozen", "12", "at least 12"])

CLAIMS = pd.DataFrame({
    "event_id": ["e1", "e1", "e2"], "source": ["SOHR", "AP", "medics"],
    "count": ["at least 12", "about 15", "4"], "published": ["2019-03-02"] * 3,
})


def _calls(docs: pd.DataFrame) -> list[tuple[str, Any]]:
    return [
        ("parse_counts", lambda p: cr.parse_counts(PHRASES, progress=p)),
        ("extract_claims_frame", lambda p: cr.extract_claims_frame(docs, progress=p)),
        ("reconcile claims", lambda p: cr.reconcile(CLAIMS, progress=p)),
        ("reconcile documents", lambda p: cr.reconcile(docs, progress=p)),
    ]


def _frames(out: Any) -> list[pd.DataFrame]:
    if isinstance(out, cr.Reconciliation):
        return [out.events, out.contradictions, out.claims]
    return [out]


def test_bar_on_stderr_only_when_asked(docs: pd.DataFrame,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("tqdm")
    for name, call in _calls(docs):
        quiet = call(False)
        got = capsys.readouterr()
        assert got.out == "" and got.err == "", name
        loud = call(True)
        got = capsys.readouterr()
        assert got.out == "", name  # stdout may be the data: never written
        assert "%" in got.err or "it/s" in got.err or "/" in got.err, name
        for a, b in zip(_frames(quiet), _frames(loud), strict=True):
            pd.testing.assert_frame_equal(a, b)


def test_without_tqdm_a_warning_names_the_extra(monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    real_import = builtins.__import__

    def no_tqdm(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "tqdm" or name.startswith("tqdm."):
            raise ImportError("No module named 'tqdm'")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "tqdm", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_tqdm)
    monkeypatch.setattr("importlib.import_module", lambda name: no_tqdm(name))
    with pytest.warns(RuntimeWarning, match=r"casualty_reconcile\[progress\]"):
        out = cr.parse_counts(PHRASES, progress=True)
    assert MISSING_TQDM.startswith("progress=True")
    got = capsys.readouterr()
    assert got.out == "" and "parsing counts: 4/4" in got.err  # the plain counter, over 4 distinct phrases
    pd.testing.assert_frame_equal(out, cr.parse_counts(PHRASES))


@pytest.mark.parametrize("bad", ["yes", 1, None])
def test_progress_must_be_a_bool(bad: Any) -> None:
    with pytest.raises(InputTypeError, match="progress="):
        cr.parse_counts(PHRASES, progress=bad)
    with pytest.raises(InputTypeError, match="progress="):
        cr.reconcile(CLAIMS, progress=bad)
    with pytest.raises(InputTypeError, match="progress="):
        cr.extract_claims_frame(pd.DataFrame({"text": ["Two died."]}), progress=bad)


def test_command_line_is_silent_off_a_terminal(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    # Under pytest stderr is no terminal: no bar unless --progress.
    assert cli_progress(None) is False
    assert main(["run", str(EXAMPLES), "-o", str(tmp_path / "a")]) == 0
    quiet = capsys.readouterr()
    assert quiet.err == ""
    pytest.importorskip("tqdm")
    assert main(["run", str(EXAMPLES), "-o", str(tmp_path / "b"), "--progress"]) == 0
    loud = capsys.readouterr()
    assert "extracting claims" in loud.err and "reconciling" in loud.err
    assert loud.out == quiet.out.replace(str(tmp_path / "a"), str(tmp_path / "b"))
    for name in ("events", "contradictions", "claims"):
        assert (tmp_path / "a" / f"{name}.csv").read_text() == \
            (tmp_path / "b" / f"{name}.csv").read_text()
    assert main(["extract", str(EXAMPLES), "--no-progress", "-o", str(tmp_path / "c.jsonl")]) == 0
    assert capsys.readouterr().err == ""


def test_command_line_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("tqdm")

    class Tty:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", Tty())
    assert cli_progress(None) is True
    assert cli_progress(False) is False
