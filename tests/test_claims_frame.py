"""extract_claims_frame: fixed columns and dtypes, every document accounted for, column errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

pd = pytest.importorskip("pandas")

from casualty_reconcile import ColumnError, InputTypeError  # noqa: E402
from casualty_reconcile._columns import CLAIM_COLUMNS  # noqa: E402
from casualty_reconcile.claims import extract_claims, extract_claims_frame  # noqa: E402
from casualty_reconcile.claims._frame import claims_to_frame  # noqa: E402


def docs(**cols: Any) -> Any:
    return pd.DataFrame(cols)


def check_schema(frame: Any) -> None:
    assert list(frame.columns) == list(CLAIM_COLUMNS)
    for name, dtype in CLAIM_COLUMNS.items():
        assert str(frame[name].dtype) == dtype or (
            dtype == "string" and isinstance(frame[name].dtype, pd.StringDtype)
        ), (name, frame[name].dtype)


def test_columns_and_dtypes() -> None:
    out = extract_claims_frame(
        docs(
            doc_id=["a", "b"],
            title=["Five soldiers killed in border clash", None],
            text=["Officials said 12 people were wounded on Sunday.", "Calm returned to the city."],
            published=["2018-02-13", "2018-02-14"],
            publisher=["Wire", "Daily"],
            event_id=["e1", "e2"],
        )
    )
    check_schema(out)
    assert out["doc_id"].tolist() == ["a", "a", "b"]
    assert out["section"].tolist()[:2] == ["title", "body"]
    assert out["event_id"].tolist() == ["e1", "e1", "e2"]
    assert out.loc[2, "reason"] == "no_claim"
    assert out.loc[1, "event_date"] == pd.Timestamp("2018-02-11")
    assert out.loc[0, "source"] == "Wire"  # unattributed: the publisher is the source
    assert out.loc[1, "source"] == "Officials"
    assert out.loc[0, "places"] == ()


def test_empty_frame_keeps_the_schema() -> None:
    out = extract_claims_frame(docs(text=[]))
    check_schema(out)
    assert len(out) == 0


def test_placeholder_rows_account_for_every_document() -> None:
    frame = pd.DataFrame(
        {
            "doc_id": ["ok", "none", "nan", "blank", "number", "bytes", "nodata", "baddate"],
            "text": [
                "Three civilians were killed.",
                None,
                float("nan"),
                "   ",
                12,
                b"Three civilians were killed.",
                "The talks resumed.",
                "Three civilians were killed.",
            ],
            "published": [None] * 7 + ["13/02/2018"],
        }
    )
    out = extract_claims_frame(frame)
    check_schema(out)
    reasons = dict(zip(out["doc_id"], out["reason"], strict=True))
    assert pd.isna(reasons["ok"])
    assert reasons["none"] == "empty_text"
    assert reasons["nan"] == "empty_text"
    assert reasons["blank"] == "empty_text"
    assert reasons["number"] == "text_not_string"
    assert reasons["bytes"] == "text_not_string"
    assert reasons["nodata"] == "no_claim"
    assert reasons["baddate"].startswith("bad_published: ")
    assert "13/02/2018" in reasons["baddate"]
    assert set(out["doc_id"]) == set(frame["doc_id"])
    placeholders = out[out["reason"].notna()]
    assert placeholders["category"].isna().all()
    assert placeholders["best"].isna().all()


def test_missing_doc_id_uses_the_index_label() -> None:
    frame = pd.DataFrame({"text": ["Two soldiers died.", "Calm."]}, index=[10, 11])
    assert extract_claims_frame(frame)["doc_id"].tolist() == ["10", "11"]


def test_integer_ids_are_text() -> None:
    frame = pd.DataFrame(
        {"doc_id": [1, 2], "event_id": [7.0, None], "text": ["Two soldiers died.", "Three died."]}
    )
    out = extract_claims_frame(frame)
    assert out["doc_id"].tolist() == ["1", "2"]
    assert out["event_id"].tolist()[0] == "7"
    assert pd.isna(out["event_id"].tolist()[1])


def test_timestamps_and_dates_as_published() -> None:
    frame = pd.DataFrame(
        {
            "text": ["Two soldiers died on Sunday."] * 2,
            "published": [pd.Timestamp("2018-02-13"), dt.date(2018, 2, 13)],
        }
    )
    out = extract_claims_frame(frame)
    assert out["event_date"].tolist() == [pd.Timestamp("2018-02-11")] * 2


def test_list_of_dicts_is_accepted() -> None:
    out = extract_claims_frame([{"text": "Two soldiers died.", "doc_id": "x"}])
    assert out["best"].tolist() == [2]


@pytest.mark.parametrize(
    ("frame", "column"),
    [
        (lambda: pd.DataFrame({"body": ["Two died."]}), "text"),
        (lambda: pd.DataFrame({"text": [1, 2]}), "text"),
        (lambda: pd.DataFrame({"text": ["Two died."], "title": [3.5]}), "title"),
        (lambda: pd.DataFrame({"text": ["Two died."], "published": [20180213]}), "published"),
        (lambda: pd.DataFrame({"text": ["Two died."], "publisher": [7]}), "publisher"),
    ],
)
def test_column_errors_name_the_column(frame: Any, column: str) -> None:
    with pytest.raises(ColumnError) as err:
        extract_claims_frame(frame())
    assert err.value.column == column
    assert column in str(err.value)


@pytest.mark.parametrize("bad", ["Two soldiers died.", 42, {"text": "x"}])
def test_documents_must_be_a_frame_or_rows(bad: Any) -> None:
    with pytest.raises(InputTypeError):
        extract_claims_frame(bad)


def test_html_and_megabyte_documents() -> None:
    html_doc = "<html><body><p>Four civilians were <i>killed</i> &amp; 9 hurt.</p></body></html>"
    big = "The talks resumed in the capital after a week of calm. " * 20_000  # ~1.1 MB
    out = extract_claims_frame(pd.DataFrame({"doc_id": ["h", "big"], "text": [html_doc, big]}))
    rows = {d: g for d, g in out.groupby("doc_id")}
    assert rows["h"]["best"].tolist() == [4, 9]
    assert rows["big"]["reason"].tolist() == ["no_claim"]


def test_frame_matches_extract_claims() -> None:
    text = "Eleven soldiers were killed and 23 wounded, the army said."
    cs = extract_claims(text, doc_id="d", published="2018-02-13")
    a = claims_to_frame(cs)
    b = extract_claims_frame(
        pd.DataFrame({"doc_id": ["d"], "text": [text], "published": ["2018-02-13"]})
    )
    assert a["claim_id"].tolist() == b["claim_id"].tolist()
    assert b["low"].tolist() == [11, 23]
    check_schema(a)


def test_progress_does_not_change_the_result(capsys: Any) -> None:
    frame = pd.DataFrame({"text": ["Two soldiers died."] * 3})
    a = extract_claims_frame(frame, progress=True)
    b = extract_claims_frame(frame)
    assert a["claim_id"].tolist() == b["claim_id"].tolist()
