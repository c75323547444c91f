"""The command line: `casualty-reconcile parse`."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from casualty_reconcile._cli import main

EXAMPLES = Path(__file__).parent.parent / "casualty_reconcile" / "examples"


def _run(
    argv: list[str], stdin: str = "", monkeypatch: pytest.MonkeyPatch | None = None
) -> tuple[int, str]:
    out = io.StringIO()
    old_out, old_in = sys.stdout, sys.stdin
    sys.stdout, sys.stdin = out, io.StringIO(stdin)
    try:
        code = main(argv)
    finally:
        sys.stdout, sys.stdin = old_out, old_in
    return code, out.getvalue()


def test_parse_arguments_print_json_lines() -> None:
    code, out = _run(["parse", "several dozen", "more than 500"])
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [(r["kind"], r["low"], r["high"]) for r in rows] == [
        ("vague", 36, 108),
        ("lower_bound", 501, None),
    ]


def test_parse_reads_stdin_one_phrase_per_line() -> None:
    code, out = _run(["parse", "--preset", "acled"], stdin="dozens\nFebruary 7\nfive deaths\n")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["best"] for r in rows] == [12, 5]


def test_parse_the_shipped_example_file() -> None:
    code, out = _run(["parse", "--all", "--file", str(EXAMPLES / "phrases.txt")])
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(rows) >= 50
    assert all("low" not in r or r["low"] <= r["best"] for r in rows)
    assert sum("low" not in r for r in rows) >= 8  # the file ends with phrases that are no counts


def test_unknown_lexicon_file_is_a_clean_error(tmp_path: Path) -> None:
    code, _ = _run(["parse", "--lexicon", str(tmp_path / "missing.toml"), "5"])
    assert code == 2
