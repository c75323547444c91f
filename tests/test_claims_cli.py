"""`casualty-reconcile extract`: documents in (JSON lines, JSON, CSV), claims out."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pandas")

from casualty_reconcile._cli import main
from casualty_reconcile._columns import CLAIM_COLUMNS

DOCS = [
    {
        "doc_id": "a",
        "published": "2018-02-13",
        "publisher": "Wire",
        "event_id": "e1",
        "title": "Five soldiers killed in border clash",
        "text": "The army said 12 soldiers were wounded on Sunday.",
    },
    {"doc_id": "b", "text": "Talks resumed in Geneva."},
    {"doc_id": "c", "text": None},
]


def write_jsonl(tmp_path: Path) -> Path:
    p = tmp_path / "docs.jsonl"
    p.write_text("".join(json.dumps(d) + "\n" for d in DOCS), encoding="utf-8")
    return p


def test_extract_jsonl_to_stdout(tmp_path: Path, capsys: Any) -> None:
    assert main(["extract", str(write_jsonl(tmp_path))]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["doc_id"] for r in rows] == ["a", "a", "b", "c"]
    assert list(rows[0]) == list(CLAIM_COLUMNS)
    assert (rows[0]["section"], rows[0]["category"], rows[0]["best"]) == ("title", "killed", 5)
    assert (rows[1]["claimant"], rows[1]["event_date"]) == ("the army", "2018-02-11")
    assert rows[1]["places"] == [] and rows[1]["event_id"] == "e1"
    assert [r["reason"] for r in rows[2:]] == ["no_claim", "empty_text"]


def test_extract_csv_to_file(tmp_path: Path) -> None:
    src = tmp_path / "docs.csv"
    with src.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["doc_id", "published", "text"])
        w.writeheader()
        w.writerow(
            {
                "doc_id": "007",
                "published": "2018-02-13",
                "text": "Three civilians died in Idlib on Sunday.",
            }
        )
    out = tmp_path / "claims.csv"
    assert main(["extract", str(src), "--format", "csv", "-o", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0]["doc_id"] == "007"  # ids stay text
    assert rows[0]["places"] == "Idlib"
    assert rows[0]["event_date"] == "2018-02-11"


def test_claims_only(tmp_path: Path, capsys: Any) -> None:
    assert main(["extract", str(write_jsonl(tmp_path)), "--claims-only"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert all(r["reason"] is None for r in rows) and len(rows) == 2


def test_json_array(tmp_path: Path, capsys: Any) -> None:
    p = tmp_path / "docs.json"
    p.write_text(json.dumps(DOCS), encoding="utf-8")
    assert main(["extract", str(p)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 4


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.jsonl", '{"text": "x"}\nnot json\n', "bad.jsonl:2"),
        ("bad.txt", "text", "unknown file kind"),
        ("list.jsonl", '["text"]\n', "record 1"),
        ("nocol.jsonl", '{"body": "Two died."}\n', "'text'"),
    ],
)
def test_errors_are_reported(
    tmp_path: Path, capsys: Any, name: str, content: str, message: str
) -> None:
    p = tmp_path / name
    p.write_text(content, encoding="utf-8")
    assert main(["extract", str(p)]) == 2
    assert message in capsys.readouterr().err


def test_missing_file(capsys: Any) -> None:
    assert main(["extract", "/nonexistent/docs.jsonl"]) == 2
    assert "cannot read" in capsys.readouterr().err
