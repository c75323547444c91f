"""Reconciliation result: JSON round trip, explain(), summary(), and the `run` command."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from test_reconcile_scenarios import deir_al_zour, denial_frame, rising_toll_frame

from casualty_reconcile._cli import main
from casualty_reconcile.errors import InputError
from casualty_reconcile.reconcile import Reconciliation, reconcile

EXAMPLES = Path(__file__).resolve().parents[1] / "casualty_reconcile" / "examples"


@pytest.mark.parametrize("build", [deir_al_zour, rising_toll_frame, denial_frame])
def test_json_round_trip_keeps_dtypes_and_tuples(build: object, tmp_path: Path) -> None:
    r = reconcile(build())  # type: ignore[operator]
    path = tmp_path / "r.json"
    text = r.to_json(path)
    for back in (Reconciliation.from_json(text), Reconciliation.from_json(path)):
        for a, b in ((r.events, back.events), (r.contradictions, back.contradictions),
                     (r.claims, back.claims)):
            pd.testing.assert_frame_equal(a, b)
        assert back.options == r.options
    doc = json.loads(text)
    assert doc["format"] == "casualty_reconcile.reconciliation" and doc["version"] == 1


def test_from_json_rejects_other_documents() -> None:
    with pytest.raises(InputError):
        Reconciliation.from_json('{"format": "something else"}')
    with pytest.raises(InputError):
        Reconciliation.from_json("{not json")


def test_explain_and_summary() -> None:
    r = reconcile(rising_toll_frame())
    text = r.explain("maarat-market-2019-05-02")
    assert "killed: reconciled 28, best 28 (contested; 2 of 3 sources agree)" in text
    assert "superseded" in text and "revision_down" in text and "Observatory" in text
    with pytest.raises(InputError):
        r.explain("no-such-event")
    s = r.summary()
    assert s.splitlines()[0].startswith("6 claims (0 kept without a figure) -> 1 events")
    assert "revision_down 1" in s
    assert repr(r) == "Reconciliation(events=2, contradictions=1, claims=6)"


def test_cli_run_writes_frames_and_prints_summary(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "toll.csv"
    rising_toll_frame().to_csv(src, index=False)
    out = tmp_path / "out"
    assert main(["run", str(src), "-o", str(out), "--json"]) == 0
    printed = capsys.readouterr().out
    assert "Conflicts: 1 (revision_down 1)" in printed and "Wrote" in printed
    events = pd.read_csv(out / "events.csv")
    assert events["status"].tolist() == ["consistent", "contested"]
    assert json.loads(events["claim_ids"][1])  # tuple columns as JSON arrays
    assert Reconciliation.from_json(out / "reconciliation.json").claims.shape[0] == 6
    assert main(["run", str(src), "-o", str(tmp_path / "pq"), "--format", "parquet"]) == 0
    assert pd.read_parquet(tmp_path / "pq" / "claims.parquet").shape[0] == 6


def test_cli_run_on_the_example_corpus(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(EXAMPLES / "documents.jsonl"), "-o", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert "claims" in printed and "events" in printed
    claims = pd.read_csv(tmp_path / "claims.csv")
    docs = pd.read_json(EXAMPLES / "documents.jsonl", lines=True)
    assert set(docs["doc_id"]) == set(claims["doc_id"])  # every document accounted for


def test_cli_run_reports_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(tmp_path / "missing.jsonl")]) == 2
    assert "no such file" in capsys.readouterr().err
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\nnot json\n', encoding="utf-8")
    assert main(["run", str(bad)]) == 2
    assert "bad.jsonl:2" in capsys.readouterr().err
    claims = tmp_path / "claims.csv"
    pd.DataFrame({"who": ["a"], "best": [3]}).to_csv(claims, index=False)
    assert main(["run", str(claims)]) == 2
    assert "source" in capsys.readouterr().err


def test_events_claim_ids_are_a_list_column(tmp_path: Path) -> None:
    from casualty_reconcile._cli_run import write_frames

    r = reconcile(rising_toll_frame())
    col = r.events["claim_ids"]
    assert str(col.dtype) == "list<item: string>[pyarrow]"
    first = col.iloc[0]
    assert isinstance(first, list) and all(isinstance(i, str) for i in first)
    assert [len(ids) for ids in col] == r.events["n_claims"].tolist()
    assert set(first) <= set(r.claims["claim_id"])
    # A document written when the column held tuples reads back as the list column.
    doc = json.loads(r.to_json())
    doc["events"]["dtypes"]["claim_ids"] = "object"
    pd.testing.assert_frame_equal(Reconciliation.from_json(json.dumps(doc)).events, r.events)
    write_frames(r, tmp_path, "parquet")
    back = pd.read_parquet(tmp_path / "events.parquet")
    assert [list(ids) for ids in back["claim_ids"]] == col.tolist()
    write_frames(r, tmp_path, "csv")
    csv = pd.read_csv(tmp_path / "events.csv")
    assert [json.loads(ids) for ids in csv["claim_ids"]] == col.tolist()


@pytest.mark.parametrize("build", [deir_al_zour, rising_toll_frame, denial_frame])
def test_contradictions_lists_are_list_columns(build: object, tmp_path: Path) -> None:
    from casualty_reconcile._cli_run import write_frames

    r = reconcile(build())  # type: ignore[operator]
    con = r.contradictions
    assert len(con)
    for c in ("claim_ids", "sources", "figures"):
        assert str(con[c].dtype) == "list<item: string>[pyarrow]"
        assert all(isinstance(v, list) and v and all(isinstance(x, str) for x in v)
                   for v in con[c])
    # one figure per source; every id is a claim of the result, sorted, none repeated
    assert [len(s) for s in con["sources"]] == [len(f) for f in con["figures"]]
    ids = set(r.claims["claim_id"])
    for v in con["claim_ids"]:
        assert v == sorted(set(v)) and set(v) <= ids
    # A document written when the columns held tuples (dtype object) reads back as lists.
    doc = json.loads(r.to_json())
    for c in ("claim_ids", "sources", "figures"):
        doc["contradictions"]["dtypes"][c] = "object"
    back = Reconciliation.from_json(json.dumps(doc)).contradictions
    pd.testing.assert_frame_equal(back, con)
    write_frames(r, tmp_path, "parquet")
    pq = pd.read_parquet(tmp_path / "contradictions.parquet")
    write_frames(r, tmp_path, "csv")
    csv = pd.read_csv(tmp_path / "contradictions.csv")
    for c in ("claim_ids", "sources", "figures"):
        assert [list(v) for v in pq[c]] == con[c].tolist()
        assert [json.loads(v) for v in csv[c]] == con[c].tolist()


def test_empty_contradictions_keep_the_list_dtype() -> None:
    r = reconcile(pd.DataFrame({"event_id": ["a", "a"], "source": ["x", "y"],
                                "best": [10, 10], "category": ["killed", "killed"]}))
    assert len(r.contradictions) == 0
    for c in ("claim_ids", "sources", "figures"):
        assert str(r.contradictions[c].dtype) == "list<item: string>[pyarrow]"
