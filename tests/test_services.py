"""Services: JSON that follows the shipped schemas and loads back equal, thread safety, quiet."""

from __future__ import annotations

import datetime as dt
import json
import logging
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import jsonschema
import pandas as pd
import pytest

import casualty_reconcile as cr
from casualty_reconcile import Claim, CountEstimate, InputError, InputTypeError, Reconciliation
from casualty_reconcile._json import reconciliation_schema, schema

EXAMPLES = Path(cr.__file__).parent / "examples" / "documents.jsonl"


def _validator(name: str) -> jsonschema.protocols.Validator:
    s = schema(name)
    cls = jsonschema.validators.validator_for(s)
    cls.check_schema(s)
    return cls(s, format_checker=cls.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def docs() -> pd.DataFrame:
    return pd.read_json(EXAMPLES, lines=True, dtype=False)


@pytest.fixture(scope="module")
def result(docs: pd.DataFrame) -> Reconciliation:
    return cr.reconcile(docs)


PHRASES = [
    "five deaths",
    "more than 500 fighters killed",
    "up to 40 people",
    "between 10 and 15 wounded",
    "several dozen civilians",
    "no one was hurt",
    "an estimated 1.2 million displaced",
]

SENTENCES = [
    ("Police said 12 people were killed on Monday in the market blast.", "2020-01-03", "AP"),
    ("The ministry denied that any soldiers had been killed.", "2021-05-02", "Reuters"),
    ("At least six civilians were reported wounded, according to local officials.", None, None),
    ("Rebels claimed to have killed 200 government troops near the border last week.", "2019-07-20", "AFP"),
    ("Dozens of people, including 3 children, died when the shelter collapsed.", "2022-11-13", None),
]


# -- CountEstimate -------------------------------------------------------------------------------


@pytest.mark.parametrize("phrase", PHRASES)
def test_count_json_follows_schema_and_loads_back_equal(phrase: str) -> None:
    c = cr.parse_count(phrase)
    assert c is not None
    text = c.to_json()
    _validator("count_estimate").validate(json.loads(text))
    assert CountEstimate.from_json(text) == c
    assert CountEstimate.from_dict(c.to_dict()) == c


@pytest.mark.parametrize(
    "bad",
    [
        {"low": 5, "best": 3, "high": 9, "kind": "range"},  # best below low
        {"low": 5, "best": 5, "high": None, "kind": "guess"},  # unknown kind
        {"low": "5", "best": 5, "high": 5, "kind": "exact"},  # a figure as text
        {"low": True, "best": 1, "high": 1, "kind": "exact"},  # a bool is no count
        {"best": 5, "high": 5, "kind": "exact"},  # low missing
    ],
)
def test_count_from_bad_dict_raises_library_error(bad: dict[str, Any]) -> None:
    with pytest.raises(InputError):
        CountEstimate.from_dict(bad)


def test_count_from_json_rejects_non_objects() -> None:
    with pytest.raises(InputError):
        CountEstimate.from_json("{not json")
    with pytest.raises(InputError):
        CountEstimate.from_json("[1, 2]")
    with pytest.raises(InputTypeError):
        CountEstimate.from_json(5)  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        CountEstimate.from_dict([1, 2])  # type: ignore[arg-type]


# -- Claim ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "published", "publisher"), SENTENCES)
def test_claim_json_follows_schema_and_loads_back_equal(
    text: str, published: str | None, publisher: str | None
) -> None:
    claims = cr.extract_claims(text, published=published, publisher=publisher, doc_id="d-1")
    assert claims, text
    v = _validator("claim")
    for c in claims:
        s = c.to_json()
        v.validate(json.loads(s))
        back = Claim.from_json(s)
        assert back == c
        assert back.claim_id == c.claim_id


def test_every_example_claim_round_trips(docs: pd.DataFrame) -> None:
    v = _validator("claim")
    n = 0
    for row in docs.itertuples():
        for c in cr.extract_claims(
            row.text, published=row.published, publisher=row.publisher, doc_id=row.doc_id
        ):
            v.validate(json.loads(c.to_json()))
            assert Claim.from_json(c.to_json()) == c
            n += 1
    assert n > 20


def test_claim_from_flat_dict_keeps_everything_but_count_offsets() -> None:
    c = Claim(
        "injured",
        CountEstimate(24, 36, 99, "vague", "dozens", 40, 46),
        victims="villagers",
        claimant="the health ministry",
        stance="asserted",
        event_date=dt.date(2021, 9, 16),
        event_date_precision="day",
        sentence="The health ministry said dozens of villagers were wounded.",
        doc_id="m-7",
        publisher="Al Jazeera",
        published=dt.date(2021, 9, 17),
        places=("Manbij",),
        actors=("the health ministry",),
    )
    back = Claim.from_dict(c.to_dict())
    assert back.count.start == 0 and back.count.end == 0
    assert back == Claim(**{**{f: getattr(c, f) for f in Claim.__slots__},  # type: ignore[arg-type]
                            "count": CountEstimate(24, 36, 99, "vague", "dozens")})


@pytest.mark.parametrize(
    "patch",
    [
        {"category": "exploded"},
        {"stance": "guessed"},
        {"event_date": "last Tuesday"},
        {"published": 20210917},
        {"places": "Manbij"},
        {"low": 50},  # above best
    ],
)
def test_claim_from_bad_dict_raises_library_error(patch: dict[str, Any]) -> None:
    c = cr.extract_claims("Police said 12 people were killed.", doc_id="x")[0]
    d = {**json.loads(c.to_json()), **patch}
    with pytest.raises(InputError):
        Claim.from_dict(d)


# -- Reconciliation -----------------------------------------------------------------------------


def test_shipped_reconciliation_schema_is_generated_from_the_columns() -> None:
    assert schema("reconciliation") == reconciliation_schema(), (
        "casualty_reconcile/schema/reconciliation.schema.json is stale: rewrite it with "
        "json.dumps(casualty_reconcile._json.reconciliation_schema(), indent=2)"
    )


def test_reconciliation_json_follows_schema_and_loads_back_equal(result: Reconciliation) -> None:
    text = result.to_json()
    doc = json.loads(text)
    _validator("reconciliation").validate(doc)
    assert doc == result.to_dict()
    for back in (Reconciliation.from_json(text), Reconciliation.from_dict(doc)):
        for name in ("events", "contradictions", "claims"):
            pd.testing.assert_frame_equal(getattr(back, name), getattr(result, name))
        assert back.options == result.options


def test_empty_reconciliation_follows_schema() -> None:
    r = cr.reconcile([])
    _validator("reconciliation").validate(r.to_dict())
    assert len(Reconciliation.from_dict(r.to_dict()).events) == 0


def test_reconciliation_from_dict_rejects_other_objects() -> None:
    with pytest.raises(InputError):
        Reconciliation.from_dict({"format": "other"})
    with pytest.raises(InputError):
        Reconciliation.from_dict({"format": "casualty_reconcile.reconciliation", "events": 3})


# -- threads ----------------------------------------------------------------------------------


def _work(docs: pd.DataFrame) -> list[Any]:
    """One call of every public function; a comparable, plain value per call."""
    texts = docs["text"].tolist()
    out: list[Any] = []
    out.append([cr.parse_count(p) for p in PHRASES])
    out.append([cr.find_counts(t) for t in texts[:6]])
    claims = [
        c
        for row in docs.itertuples()
        for c in cr.extract_claims(
            row.text, published=row.published, publisher=row.publisher, doc_id=row.doc_id
        )
    ]
    out.append(claims)
    r = cr.reconcile(docs)
    out.append(r.to_json())
    out.append(cr.document_totals(claims).to_json(date_format="iso"))
    out.append(cr.extract_claims_frame(docs).to_json(date_format="iso"))
    return out


def test_public_functions_are_thread_safe(docs: pd.DataFrame) -> None:
    serial = _work(docs)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: _work(docs), range(8)))
    for got in results:
        assert got == serial


# -- quiet in normal use ----------------------------------------------------------------------


def test_nothing_printed_nor_logged_above_debug(
    docs: pd.DataFrame, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="casualty_reconcile")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning in normal use is noise for a service too
        r = cr.reconcile(docs)
        r.summary()
        r.explain(str(r.events["event_id"].iloc[0]))
        Reconciliation.from_json(r.to_json())
        cr.document_totals(cr.extract_claims_frame(docs))
        [cr.find_counts(t) for t in docs["text"]]
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
    loud = [
        rec
        for rec in caplog.records
        if rec.name.startswith("casualty_reconcile") and rec.levelno > logging.DEBUG
    ]
    assert loud == []


def test_a_document_written_before_the_likely_range_still_validates() -> None:
    # likely_low/likely_high and the sources frame came later: optional in the schema.
    r = cr.reconcile(pd.DataFrame({"source": ["a", "b"], "count": ["five", "about 45"],
                                   "event_id": "e1"}))
    doc = json.loads(r.to_json())
    _validator("reconciliation").validate(doc)
    for c in ("likely_low", "likely_high"):
        del doc["events"]["data"][c], doc["events"]["dtypes"][c]
    del doc["sources"]
    _validator("reconciliation").validate(doc)
    back = Reconciliation.from_dict(doc)
    assert "likely_low" not in back.events.columns and len(back.sources) == 0
