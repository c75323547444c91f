"""Readable sentences: figures, dates, and the account ``Reconciliation.explain`` gives."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from ._intervals import OPEN

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "describe_group",
    "explain_event",
    "format_day",
    "format_interval",
    "likely_text",
    "severity",
    "summarise",
]

#: Day number standing in for a missing date (same value as in _figures).
_NO_DAY = -(2**40)


def severity(a: int, b: int) -> float:
    """Return ``|log10((a + 1) / (b + 1))|``: how far apart two counts are, in orders of ten.

    Examples
    --------
    >>> round(severity(5, 85), 2)
    1.16
    >>> severity(7, 7)
    0.0
    """
    return abs(math.log10((a + 1) / (b + 1)))


def format_interval(low: Any, high: Any) -> str:
    """Return ``[low, high]`` as people write it: ``5``, ``85-115``, ``501 or more``.

    Examples
    --------
    >>> format_interval(5, 5), format_interval(85, 115), format_interval(501, None)
    ('5', '85-115', '501 or more')
    """
    if high is None or (not isinstance(high, (int, *np_int_types())) and _isna(high)) or int(
            high) >= OPEN:
        return f"{int(low)} or more"
    if int(low) == int(high):
        return str(int(low))
    return f"{int(low)}-{int(high)}"


def np_int_types() -> tuple[type, ...]:
    """Integer types that are never missing (numpy's, when numpy is loaded)."""
    import numpy as np

    return (np.integer,)


def _isna(v: Any) -> bool:
    try:
        import pandas as pd

        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def format_day(day: int) -> str:
    """Return a day number (days since 1970-01-01) as ISO text, or "undated"."""
    import numpy as np

    if day == _NO_DAY:
        return "undated"
    return str(np.datetime64(int(day), "D"))


def describe_group(category: str, victims: str | None) -> str:
    """Return the category as a sentence reads it, with its victims.

    Examples
    --------
    >>> describe_group("killed", "Russian citizens"), describe_group("casualties", None)
    ('killed (Russian citizens)', 'killed or injured')
    """
    word = "killed or injured" if category == "casualties" else category
    return f"{word} ({victims})" if victims else word


def _fmt_date(v: Any) -> str:
    if v is None or _isna(v):
        return "undated"
    return str(v)[:10]


def likely_text(r: Any) -> str:
    """Return an events row's likely range as text ("8-13"; "" when it has none)."""
    if _isna(r.get("likely_low")) or _isna(r.get("likely_high")):
        return ""
    lo, hi = int(r["likely_low"]), int(r["likely_high"])
    return str(lo) if lo == hi else f"{lo}-{hi}"


def _likely(r: Any) -> str:
    """Return the row's likely range as a clause of the explanation ("" when none)."""
    text = likely_text(r)
    return f" Likely {text}, by the sources' track record." if text else ""


def explain_event(events: pd.DataFrame, contradictions: pd.DataFrame, claims: pd.DataFrame,
                  event_id: str) -> str:
    """Return a readable account of one event: each source, the agreed figures, conflicts."""
    from ..errors import InputError

    ev = events[events["event_id"] == event_id]
    cl = claims[claims["event_id"] == event_id]
    if len(ev) == 0 and len(cl) == 0:
        raise InputError(f"no event with event_id={event_id!r}", event_id)
    lines: list[str] = []
    if len(ev):
        ds, de = _fmt_date(ev["date_start"].min()), _fmt_date(ev["date_end"].max())
        when = ds if ds == de else f"{ds} to {de}"
        lines.append(f"Event {event_id} ({when}): {len(cl)} claims from "
                     f"{cl['source'].fillna(cl['doc_id']).nunique()} sources.")
    else:
        lines.append(f"Event {event_id}: {len(cl)} claims, none with a usable figure.")
    by_id = cl.set_index("claim_id")
    for _, r in ev.iterrows():
        grp = describe_group(str(r["category"]), None if _isna(r["victims"]) else r["victims"])
        hi = None if _isna(r["high"]) else int(r["high"])
        lines.append("")
        lines.append(
            f"{grp}: reconciled {format_interval(int(r['low']), hi)}, best {int(r['best'])} "
            f"({r['status']}; {int(r['n_agreeing'])} of {int(r['n_sources'])} sources agree)."
            + _likely(r)
        )
        ids = [i for i in r["claim_ids"] if i in by_id.index]
        rows = by_id.loc[ids].sort_values(["published", "source"], na_position="first")
        for cid, c in rows.iterrows():
            src = c["source"] if not _isna(c["source"]) else f"unattributed ({c['doc_id']})"
            hi_c = None if _isna(c["high"]) else int(c["high"])
            fig = format_interval(int(c["low"]), hi_c)
            txt = c["count_text"]
            shown = f"'{txt}' = {fig}" if not _isna(txt) and txt and txt != fig else fig
            where = "headline" if not _isna(c["section"]) and c["section"] == "title" else ""
            role = "" if _isna(c["role"]) else str(c["role"])
            bits = [b for b in (_fmt_date(c["published"]), where, str(c["stance"]), role) if b]
            lines.append(f"  - {src}: {shown} [{', '.join(bits)}] ({cid})")
    lines.extend(_joined(cl))
    con = contradictions[contradictions["event_id"] == event_id]
    if len(con):
        lines.append("")
        lines.append(f"Conflicts ({len(con)}):")
        for _, r in con.iterrows():
            lines.append(f"  - {r['kind']} (severity {r['severity']:.2f}): {r['explanation']}")
    else:
        lines.append("")
        lines.append("No conflicts between the sources.")
    unaligned = cl[cl["reason"].notna()]
    for _, c in unaligned.iterrows():
        lines.append(f"  (kept without a figure: {c['claim_id']}: {c['reason']})")
    return "\n".join(lines)


#: How each alignment rule reads in an explanation (docs/reconcile.md, "Alignment").
_RULES = {
    "explicit": "its event_id was given",
    "place+day": "its place and day",
    "place+day (from its document)": "its document's place and day",
    "inside its area+day": "the only event that day inside the area it names",
    "inside its area+window": "the only event inside the area it names, in its date window",
    "place+window": "same place, within its date window",
    "document": "its document's event",
    "only event of its window": "no place given; the only event of its date window",
    "actors+window": "no place given; the only event of its window with its actors",
}


def _joined(cl: pd.DataFrame) -> list[str]:
    """Return the lines saying why each document's claims are in this event."""
    if "alignment" not in cl.columns or len(cl) == 0:
        return []
    out = ["", "Why each report is in this event:"]
    seen: set[tuple[str, str]] = set()
    for _, c in cl.sort_values(["published", "claim_id"], na_position="first").iterrows():
        how = "" if _isna(c["alignment"]) else str(c["alignment"])
        head, _, rest = how.partition("; ")
        said = _RULES.get(head, head or "no rule recorded")
        if rest:
            said = f"{said} ({rest})"
        who = f"document {c['doc_id']}" if not _isna(c["doc_id"]) else f"claim {c['claim_id']}"
        if (who, said) not in seen:
            seen.add((who, said))
            out.append(f"  - {who}: {said}")
    return out


def summarise(events: pd.DataFrame, contradictions: pd.DataFrame, claims: pd.DataFrame) -> str:
    """Return a few lines: counts of claims, events, statuses and conflicts by kind."""
    n_place = int(claims["reason"].notna().sum())
    n_ev = int(events["event_id"].nunique())
    lines = [
        f"{len(claims)} claims ({n_place} kept without a figure) -> {n_ev} events, "
        f"{len(events)} event rows (event x category x victims)."
    ]
    if len(events):
        st = events["status"].value_counts()
        lines.append(
            "Status: "
            + ", ".join(f"{k} {int(st.get(k, 0))}" for k in ("consistent", "contested",
                                                             "contradicted"))
            + "."
        )
    if len(contradictions):
        kc = contradictions["kind"].value_counts()
        lines.append(
            f"Conflicts: {len(contradictions)} ("
            + ", ".join(f"{k} {int(v)}" for k, v in sorted(kc.items()))
            + ")."
        )
        top = contradictions.sort_values("severity", ascending=False).head(3)
        for _, r in top.iterrows():
            lines.append(f"  - [{r['event_id']}] {r['explanation']}")
    else:
        lines.append("Conflicts: none.")
    return "\n".join(lines)
