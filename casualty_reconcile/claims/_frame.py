"""Documents frame in, claims frame out: :func:`extract_claims_frame`.

The output has exactly :data:`~casualty_reconcile._columns.CLAIM_COLUMNS`, in that order and
with those dtypes, and accounts for every input document: a document that yields no claim, or
whose fields cannot be read, becomes one placeholder row with ``reason`` set and the claim
fields missing. pandas is imported inside the functions, never at package import.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, cast

from .._coerce import coerce_date
from .._columns import CLAIM_COLUMNS, DOCUMENT_COLUMNS
from .._dask import is_dask_collection, map_rows, reject_progress
from .._gc import no_cycle_collection
from .._progress import check_progress, progress_bar
from .._types import Claim
from ..errors import ColumnError, InputError, InputTypeError
from ..lexicon import Lexicon, LexiconLike, resolve_lexicon
from ._extract import extract_claims

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["claims_to_frame", "extract_claims_frame"]

#: Placeholder reasons (``reason`` column) for documents without a claim.
REASONS = (
    "no_claim",  # the text was read and holds no casualty claim
    "empty_text",  # text missing (None, NaN) or blank
    "text_not_string",  # text of another type (a number, bytes)
    "title_not_string",  # title of another type
    "bad_published: ...",  # published not a date (the message names the value)
    "bad_text: ...",  # text the library cannot read (over the size limit)
)


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    # pandas.NA / NaT without importing pandas at module level
    return type(value).__name__ in ("NAType", "NaTType")


def _as_frame(documents: Any) -> pd.DataFrame:
    import pandas as pd

    if isinstance(documents, pd.DataFrame):
        return documents
    if isinstance(documents, str | bytes | Mapping):
        raise InputTypeError(
            "documents must be a pandas DataFrame or a list of mappings with a 'text' key, "
            f"not {type(documents).__name__}",
            documents,
        )
    if isinstance(documents, Iterable):
        rows = list(documents)
        for i, r in enumerate(rows):
            if not isinstance(r, Mapping):
                raise InputTypeError(
                    f"documents[{i}] must be a mapping (dict), not {type(r).__name__}", r
                )
        return pd.DataFrame(rows)
    raise InputTypeError(
        f"documents must be a pandas DataFrame, not {type(documents).__name__}", documents
    )


def _check_columns(docs: pd.DataFrame) -> None:
    import pandas as pd
    from pandas.api import types as pdt

    cols = [str(c) for c in docs.columns]
    if "text" not in cols:
        known = ", ".join(DOCUMENT_COLUMNS)
        raise ColumnError(
            "text", f"the documents frame has no 'text' column (columns it may have: {known})"
        )
    for name in ("text", "title", "publisher", "doc_id", "event_id"):
        if name not in docs.columns:
            continue
        col = docs[name]
        if isinstance(col, pd.DataFrame):
            raise ColumnError(name, "appears more than once")
        if (
            name in ("text", "title", "publisher")
            and (pdt.is_numeric_dtype(col.dtype) or pdt.is_datetime64_any_dtype(col.dtype))
            and not col.isna().all()
        ):
            raise ColumnError(name, f"holds {col.dtype} values, not text")
    if "published" in docs.columns:
        col = docs["published"]
        if isinstance(col, pd.DataFrame):
            raise ColumnError("published", "appears more than once")
        if (pdt.is_numeric_dtype(col.dtype) or pdt.is_bool_dtype(col.dtype)) and not (
            col.isna().all()
        ):
            raise ColumnError(
                "published",
                f"holds {col.dtype} values; give dates, Timestamps or ISO 8601 strings",
            )


def _id(value: Any) -> str | None:
    if _missing(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # ids read as floats because of a missing value
    return str(value)


def extract_claims_frame(
    documents: Any, *, lexicon: LexiconLike = None, progress: bool = False
) -> pd.DataFrame:
    """Extract the claims of every document of a frame into one claims frame.

    Parameters
    ----------
    documents : pandas.DataFrame, dask.dataframe.DataFrame or list of dict
        Column ``text`` (required) and optionally ``doc_id``, ``title``, ``published``,
        ``publisher``, ``event_id``. A Dask frame gives a lazy Dask frame, extracted partition
        by partition; each partition's rows are numbered from 0 (docs/scale.md).
    lexicon : Lexicon or path, optional
        The vocabulary (shipped one by default).
    progress : bool, default False
        Show a progress bar on stderr (tqdm, the ``progress`` extra; without it a warning
        and a plain counter).

    Returns
    -------
    pandas.DataFrame
        Exactly the columns of ``CLAIM_COLUMNS``, in order and with their dtypes: one row per
        claim, plus one placeholder row (``reason`` set, claim fields missing) for each
        document without a claim: ``no_claim``, ``empty_text``, ``text_not_string``,
        ``title_not_string``, ``bad_published: ...``, ``bad_text: ...``. A document's
        ``event_id`` is copied onto its rows; a missing ``doc_id`` becomes the row's index label.

    Raises
    ------
    ColumnError
        No ``text`` column, or a column of the wrong type (numbers for ``text``, numbers for
        ``published``); the error names the column.
    InputTypeError
        ``documents`` is neither a DataFrame nor a list of mappings.

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "published": ["2018-02-13", None],
    ...                      "text": ["Five soldiers were killed, the army said.", None]})
    >>> out = extract_claims_frame(docs)
    >>> out[["doc_id", "category", "best", "claimant", "reason"]]
      doc_id category  best   claimant      reason
    0      a   killed     5   the army        <NA>
    1      b     <NA>  <NA>       <NA>  empty_text
    """
    check_progress(progress)
    if is_dask_collection(documents):
        if getattr(documents, "ndim", 2) != 2:
            raise InputTypeError("documents must be a DataFrame, not a Series", None)
        reject_progress(progress, "extract_claims_frame")
        return map_rows(documents, extract_claims_frame, lexicon=lexicon)  # type: ignore[no-any-return]
    docs = _as_frame(documents)
    _check_columns(docs)
    lex = resolve_lexicon(lexicon)
    n = len(docs)

    def column(name: str) -> list[Any]:
        return docs[name].tolist() if name in docs.columns else [None] * n

    texts = column("text")
    titles = column("title")
    pubs = column("published")
    publishers = column("publisher")
    ids = column("doc_id")
    events = column("event_id")
    labels = [str(x) for x in docs.index.tolist()]
    with no_cycle_collection():
        return _extract_rows(
            n, texts, titles, pubs, publishers, ids, events, labels, lex, progress
        )


def _extract_rows(
    n: int,
    texts: list[Any],
    titles: list[Any],
    pubs: list[Any],
    publishers: list[Any],
    ids: list[Any],
    events: list[Any],
    labels: list[str],
    lex: Lexicon,
    progress: bool,
) -> pd.DataFrame:
    """Extract every document's claims (or its placeholder) into the claims frame."""
    rows: list[tuple[Any, ...]] = []
    for i in _progress(range(n), progress, n):
        doc_id = _id(ids[i]) or labels[i]
        event_id = _id(events[i])
        publisher = None if _missing(publishers[i]) else str(publishers[i])
        base: dict[str, Any] = {
            "doc_id": doc_id,
            "event_id": event_id,
            "publisher": publisher,
            "source": publisher,
        }
        try:
            published = coerce_date(pubs[i], name="published")
        except (InputError, InputTypeError) as exc:
            rows.append(_placeholder(base, f"bad_published: {exc.message}"))
            continue
        base["published"] = published
        text = texts[i]
        title = titles[i]
        if _missing(title) or (isinstance(title, str) and not title.strip()):
            title = None
        elif not isinstance(title, str):
            rows.append(_placeholder(base, "title_not_string"))
            continue
        if _missing(text) or (isinstance(text, str) and not text.strip() and title is None):
            rows.append(_placeholder(base, "empty_text"))
            continue
        if not isinstance(text, str):
            rows.append(_placeholder(base, "text_not_string"))
            continue
        try:
            claims = extract_claims(
                text,
                published=published,
                publisher=publisher,
                doc_id=doc_id,
                title=title,
                lexicon=lex,
            )
        except InputError as exc:
            rows.append(_placeholder(base, f"bad_text: {exc.message}"))
            continue
        if not claims:
            rows.append(_placeholder(base, "no_claim"))
            continue
        rows.extend(_claim_row(c, event_id) for c in claims)
    return _build(rows)


#: the claim fields of a frame row, in ``CLAIM_COLUMNS`` order ("location" and "reason" are
#: not set for a claim): rows are tuples, so the columns come out of one ``zip``
_CLAIM_ROW_FIELDS = (
    "claim_id", "doc_id", "event_id", "section", "source", "claimant", "publisher",
    "published", "category", "low", "best", "high", "kind", "count_text", "victims",
    "stance", "event_date", "event_date_precision", "places", "actors", "location",
    "sentence", "start", "end", "reason",
)


def _placeholder(base: dict[str, Any], reason: str) -> tuple[Any, ...]:
    """Return the row of a document without a claim: ``base``'s fields and the reason."""
    return tuple(reason if name == "reason" else base.get(name) for name in CLAIM_COLUMNS)


def _claim_row(c: Claim, event_id: str | None) -> tuple[Any, ...]:
    n = c.count
    return (
        c.claim_id,
        c.doc_id,
        event_id,
        c.section,
        c.source,
        c.claimant,
        c.publisher,
        c.published,
        c.category,
        n.low,
        n.best,
        n.high,
        n.kind,
        n.text,
        c.victims,
        c.stance,
        c.event_date,
        c.event_date_precision,
        tuple(c.places),
        tuple(c.actors),
        None,
        c.sentence,
        c.start,
        c.end,
        None,
    )


def claims_to_frame(claims: Iterable[Claim]) -> pd.DataFrame:
    """Return claims as a frame with exactly ``CLAIM_COLUMNS`` (no placeholder rows).

    Examples
    --------
    >>> from casualty_reconcile.claims import extract_claims
    >>> claims_to_frame(extract_claims("Three civilians died."))["best"].tolist()
    [3]
    """
    return _build([_claim_row(c, None) for c in claims])


def _build(rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    import pandas as pd

    data: dict[str, Any] = {}
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in CLAIM_COLUMNS]
    for (name, dtype), values in zip(CLAIM_COLUMNS.items(), columns, strict=True):
        if dtype == "object":
            data[name] = pd.Series([v if v is not None else () for v in values], dtype="object")
        elif dtype == "Int64":
            data[name] = pd.array(list(values), dtype=cast(Any, "Int64"))
        elif dtype.startswith("datetime64"):
            data[name] = pd.to_datetime(
                pd.Series([v if v is not None else pd.NaT for v in values], dtype="object"),
            ).astype(cast(Any, dtype))
        else:
            data[name] = pd.array(list(values), dtype=cast(Any, dtype))
    return pd.DataFrame(data, columns=list(CLAIM_COLUMNS))


def _progress(it: range, enabled: bool, total: int) -> Iterable[int]:
    with progress_bar(total, "extracting claims", unit="doc", enabled=enabled) as bar:
        for i in it:
            yield i
            bar.update()
