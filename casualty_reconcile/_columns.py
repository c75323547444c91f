"""Column names and dtypes of the library's DataFrames (one place, used by every stage).

Strings use pandas' ``string`` dtype, counts the nullable ``Int64`` (``<NA>`` = an open bound),
dates ``datetime64[ns]`` normalised to midnight (``NaT`` = unknown), lists of names ``object``
(a tuple of str per row), except the events' ``claim_ids`` and the contradictions'
``claim_ids``, ``sources`` and ``figures``: Arrow lists of strings (:data:`STRING_LIST`; a
row reads as a list of str), built without a Python object per row.
A row whose ``reason`` is set is a placeholder that accounts for an input row that yielded no
usable claim (a document with no claim, unreadable text, a count phrase that does not parse);
its claim fields are missing.
"""

from __future__ import annotations

__all__ = [
    "CLAIM_COLUMNS",
    "CONTRADICTION_COLUMNS",
    "COUNT_COLUMNS",
    "DOCUMENT_COLUMNS",
    "EVENT_COLUMNS",
    "PARSED_COUNT_COLUMNS",
    "RECONCILED_CLAIM_EXTRA",
    "SOURCE_COLUMNS",
    "STRING_LIST",
]

#: The dtype name of a list-of-strings column (``pd.ArrowDtype(pa.list_(pa.string()))``).
STRING_LIST = "list<item: string>[pyarrow]"

#: parse_counts' frame: one row per input row, all four missing when the row has no count.
COUNT_COLUMNS: dict[str, str] = {"low": "Int64", "best": "Int64", "high": "Int64",
                                 "kind": "string"}

#: The claims frame: extract_claims_frame's output and Reconciliation.claims.
CLAIM_COLUMNS: dict[str, str] = {
    "claim_id": "string",
    "doc_id": "string",
    "event_id": "string",  # the explicit event id of the input row, or the aligned one
    "section": "string",  # "title" or "body"
    "source": "string",  # claimant, else publisher
    "claimant": "string",
    "publisher": "string",
    "published": "datetime64[ns]",
    "category": "string",
    "low": "Int64",
    "best": "Int64",
    "high": "Int64",
    "kind": "string",
    "count_text": "string",
    "victims": "string",
    "stance": "string",
    "event_date": "datetime64[ns]",
    "event_date_precision": "string",
    "places": "object",
    "actors": "object",
    "location": "string",  # free-text place of a structured input row
    "sentence": "string",
    "start": "Int64",
    "end": "Int64",
    "reason": "string",  # None for a real claim; why a placeholder row has no claim
}

#: Columns reconcile adds at the end of its claims frame (Reconciliation.claims).
RECONCILED_CLAIM_EXTRA: dict[str, str] = {
    "alignment": "string",  # the rule that placed the claim in its event (docs/reconcile.md)
    "role": "string",  # how the claim counted: voter, superseded, denial, headline echo ...
}

#: The documents frame accepted by extract_claims_frame and reconcile: "text" is required.
DOCUMENT_COLUMNS: dict[str, str] = {
    "text": "string",
    "doc_id": "string",
    "title": "string",
    "published": "datetime64[ns]",
    "publisher": "string",
    "event_id": "string",
}

#: Reconciliation.events: one row per (event, category, victim group).
EVENT_COLUMNS: dict[str, str] = {
    "event_id": "string",
    "category": "string",
    "victims": "string",
    "date_start": "datetime64[ns]",
    "date_end": "datetime64[ns]",
    "low": "Int64",
    "best": "Int64",
    "high": "Int64",
    "n_claims": "Int64",
    "n_sources": "Int64",
    "status": "string",  # consistent, contested, contradicted
    "claim_ids": STRING_LIST,  # the claim ids, in report order
    "n_agreeing": "Int64",  # sources whose figure contains [low, high]
    "reported_low": "Int64",  # lowest best figure any claim gave
    "reported_high": "Int64",  # highest best figure any claim gave
    "likely_low": "Int64",  # the likely range of the true toll (reconcile/_likely.py)
    "likely_high": "Int64",
}

#: Reconciliation.sources: one row per named source that testified to the likely range.
SOURCE_COLUMNS: dict[str, str] = {
    "source": "string",  # the source's comparison key (docs/reconcile.md "Sources and votes")
    "n_witnesses": "Int64",  # rows it gave a positive current figure in
    "n_measured": "Int64",  # of those, rows with other witnesses it was measured against
    "bias": "float64",  # its figures over the toll, as a factor (1.6: 60% above)
    "noise": "float64",  # its log-scale noise (0.25: about 25% either way)
}

#: Reconciliation.contradictions: one row per conflicting pair or set.
CONTRADICTION_COLUMNS: dict[str, str] = {
    "event_id": "string",
    "kind": "string",  # disjoint, category_conflict, denial, revision_down, intra_document
    "claim_ids": STRING_LIST,  # the claims in conflict, sorted
    "sources": STRING_LIST,  # the sources' names, one per source in conflict
    "figures": STRING_LIST,  # each source's figure, as people read it
    "severity": "float64",
    "explanation": "string",
    "category": "string",  # the category, or "injured/killed" for a category conflict
}

#: ``Series.casualties.parse()`` / ``find_counts()``: one row per input value (per count).
PARSED_COUNT_COLUMNS: dict[str, str] = {
    "low": "Int64",
    "best": "Int64",
    "high": "Int64",  # <NA> with a kind: no upper bound; with no kind: no count
    "kind": "string",
    "count_text": "string",  # the matched span
    "start": "Int64",
    "end": "Int64",
    "reason": "string",  # None for a count; why a row has none (no_count, missing ...)
}
