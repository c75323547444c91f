"""The synthetic generator: deterministic, well-formed, consistent with its truth."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casualty_reconcile import parse_count
from casualty_reconcile._cli import main
from casualty_reconcile.errors import InputError
from casualty_reconcile.synthetic import CLAIM_FIELDS, generate, write_set


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a = write_set(generate(60, seed=7), tmp_path / "a")
    b = write_set(generate(60, seed=7), tmp_path / "b")
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]


def test_other_seed_differs() -> None:
    assert generate(30, seed=1).documents != generate(30, seed=2).documents


def test_truth_is_consistent() -> None:
    s = generate(80, seed=3)
    events = {e["event_id"] for e in s.truth}
    docs = {d["doc_id"] for d in s.documents}
    linked = [d for e in s.truth for d in e["doc_ids"]]
    assert sorted(linked) == sorted(docs)  # every document is about exactly one event
    for e in s.truth:
        assert all(type(t) is int and t >= 0 for t in e["tolls"].values())
        assert "killed" in e["tolls"]
    doc_event = s.doc_events()
    mentioned = {(m["doc_id"], m["event_id"]) for e in s.truth for m in e["mentions"]}
    for c in s.claims:
        assert set(c) == set(CLAIM_FIELDS)
        # a claim is about its document's event, or a round-up sentence's earlier event
        assert c["event_id"] in events
        assert doc_event[c["doc_id"]] == c["event_id"] or (c["doc_id"], c["event_id"]) in mentioned
        assert 0 <= c["low"] <= c["best"] and (c["high"] is None or c["best"] <= c["high"])
        assert set(c["category"]) and c["category"] in {"killed", "injured", "missing", "captured"}


def test_truth_conflicts_hold_for_all_claims_of_an_event() -> None:
    # Round-up sentences add claims to an earlier event; its disjoint / revision_down truth,
    # computed when it was generated, must still be what its claims, mentions included, show.
    from casualty_reconcile.synthetic._generate import _disjoint, _revised_down

    s = generate(400, seed=8)
    assert sum(len(e["mentions"]) for e in s.truth) > 5
    by_event: dict[str, list[dict[str, object]]] = {}
    for c in s.claims:
        by_event.setdefault(str(c["event_id"]), []).append(c)
    for e in s.truth:
        claims = by_event[e["event_id"]]
        assert _disjoint(claims) == ("disjoint" in e["conflicts"])
        assert _revised_down(claims) <= ("revision_down" in e["conflicts"])


def test_round_up_sentences_name_their_event() -> None:
    s = generate(400, seed=9)
    docs = {d["doc_id"]: d for d in s.documents}
    truth = {e["event_id"]: e for e in s.truth}
    for e in s.truth:
        for m in e["mentions"]:
            text = docs[m["doc_id"]]["text"]
            other = truth[m["event_id"]]
            sentence = text[m["start"]:]
            # the round-up sentence ends at the next ". " before a capital ("c. 20" is a hedge)
            first = re.split(r"\. (?=[A-Z])", sentence)[0]
            assert text[m["start"] - 2] == "." and other["place"] in first
            assert s.event_of(m["doc_id"], m["start"]) == m["event_id"]
            assert s.event_of(m["doc_id"], 0) == e["event_id"]
            assert other["date"] < docs[m["doc_id"]]["published"]


def test_documents_carry_no_event_id() -> None:
    s = generate(10, seed=5)
    assert all(set(d) == {"doc_id", "title", "text", "published", "publisher"} for d in s.documents)


def test_phrases_cover_the_lexicon_kinds() -> None:
    s = generate(300, seed=11)
    kinds = {c["kind"] for c in s.claims}
    assert {"exact", "approximate", "lower_bound", "upper_bound", "range", "vague"} <= kinds
    assert {c["category"] for c in s.claims} == {"killed", "injured", "missing", "captured"}
    assert {c["stance"] for c in s.claims} == {"asserted", "estimated", "admitted", "alleged",
                                                "denied", "reported"}
    assert {c["event_date_precision"] for c in s.claims} == {"day", "week", "month", None}
    implicit = [c for c in s.claims if c["best"] == 1 and not c["count_text"][0].isdigit()]
    assert {c["category"] for c in implicit} == {"killed", "injured", "missing", "captured"}
    conflicts = {k for e in s.truth for k in e["conflicts"]}
    assert {"denial", "revision_down", "intra_document", "disjoint"} <= conflicts
    texts = " ".join(d["text"] for d in s.documents)
    assert " rose to " in texts and " denied " in texts and "carried out by more than" in texts


def test_structured_figures_are_the_phrase_read_by_stage_one() -> None:
    for c in generate(40, seed=2).claims:
        if c["section"] == "body" and c["kind"] != "exact":
            got = parse_count(c["count_text"])
            assert got is not None and (got.low, got.best, got.high) == (c["low"], c["best"], c["high"])


def test_bad_arguments() -> None:
    with pytest.raises(InputError):
        generate(-1, seed=0)
    with pytest.raises(InputError):
        generate(3, seed=0, docs_per_event=0.5)
    assert generate(0, seed=0).documents == []


def test_cli_writes_the_three_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["synth", "--events", "5", "--seed", "1", "-o", str(tmp_path)]) == 0
    for name in ("documents.jsonl", "claims.csv", "truth.jsonl"):
        assert (tmp_path / name).stat().st_size > 0
    truth = [json.loads(x) for x in (tmp_path / "truth.jsonl").read_text("utf-8").splitlines()]
    assert len(truth) == 5
    assert (tmp_path / "claims.csv").read_text("utf-8").split("\n")[0] == ",".join(CLAIM_FIELDS)


def test_reconcile_reads_both_outputs() -> None:
    import pandas as pd

    from casualty_reconcile import reconcile

    s = generate(5, seed=4)
    assert len(reconcile(pd.DataFrame(s.documents)).events) > 0
    r = reconcile(pd.DataFrame(s.claims))
    assert set(r.events["event_id"]) <= {e["event_id"] for e in s.truth}


@settings(max_examples=25, deadline=None)
@given(n=st.integers(0, 12), seed=st.integers(0, 2**32))
def test_prefix_property(n: int, seed: int) -> None:
    # One event's reports never depend on how many events follow: a set is a prefix of a larger
    # one with the same seed (the random stream is consumed event by event).
    small, big = generate(n, seed), generate(n + 3, seed)
    assert big.truth[:n] == small.truth and big.documents[: len(small.documents)] == small.documents


def test_phrasing_reaches_symbols_multipliers_and_grouped_digits() -> None:
    import random
    import re

    from casualty_reconcile.synthetic._generate import _phrase

    rng = random.Random(0)
    texts = []
    for _ in range(4000):
        n = rng.choice([1, 3, 12, 24, 36, 97, 100, 250, 312, 1250, 4000])
        text, (low, best, high, kind) = _phrase(rng, n, "civilians")
        got = parse_count(text)
        assert got is not None and got.text == text
        assert (got.low, got.best, got.high, got.kind) == (low, best, high, kind)
        texts.append(text)
    joined = "\n".join(texts)
    for shape in (r"\bdozen\b", r"\bhundred and \w", r"\d,\d{3}\b", r"~\d|\d\+|\d-odd|approx\.",
                  r"\bexactly\b", r"\bbetween \d+ and \d+"):
        assert re.search(shape, joined), shape


def test_week_and_month_dates_are_what_stage_two_reads() -> None:
    # The truth records a week or month phrase as the period's middle day (docs/claims.md);
    # stage 2 reading the lede must give the same date and precision.
    from casualty_reconcile import extract_claims

    s = generate(150, seed=12)
    docs = {d["doc_id"]: d for d in s.documents}
    mentioned = {m["doc_id"] for e in s.truth for m in e["mentions"]}
    seen = set()
    for c in s.claims:
        if (c["event_date_precision"] not in ("week", "month") or c["doc_id"] in mentioned
                or c["section"] != "body" or c["category"] != "killed"):
            continue
        d = docs[c["doc_id"]]
        lede = extract_claims(d["text"], published=d["published"])[0]
        assert lede.event_date is not None
        assert (lede.event_date.isoformat(), lede.event_date_precision) == (
            c["event_date"], c["event_date_precision"]), d["text"]
        seen.add(c["event_date_precision"])
    assert seen == {"week", "month"}


@pytest.mark.parametrize("n", [1819, 1999, 2024, 1066, 1500, 2999])
def test_year_like_figures_without_a_noun_are_written_so_they_read(n: int) -> None:
    # "A further 1819 were injured": the phrase alone ("1819 ") reads as a year, so the
    # generator writes it grouped ("1,819"), as wire copy does; 1M claims hit it.
    import random

    from casualty_reconcile.synthetic._generate import _phrase

    rng = random.Random(n)
    for _ in range(20):
        text, (lo, _best, hi, _kind) = _phrase(rng, n, "")
        assert lo <= n <= (hi if hi is not None else n) and text.strip()
