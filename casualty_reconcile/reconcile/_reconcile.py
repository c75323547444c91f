"""``reconcile``: claims in, events, contradictions and the aligned claims out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import InputError, InputTypeError
from ._align import align
from ._contradictions import find_contradictions
from ._figures import NO_DAY, Work, build_work, claim_roles, compute_figures
from ._input import normalise_input
from ._intervals import OPEN
from ._result import (
    Reconciliation,
    claim_schema,
    contradiction_schema,
    event_schema,
    typed_frame,
)

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

    from ..lexicon import LexiconLike

__all__ = ["reconcile"]


def reconcile(
    data: Any,
    *,
    conservative: bool = False,
    by_victims: bool = True,
    lag_days: int = 3,
    lexicon: LexiconLike = None,
) -> Reconciliation:
    """Reconcile casualty claims into events, figures and contradictions.

    Parameters
    ----------
    data : list of Claim, or pandas.DataFrame
        Claims (:class:`~casualty_reconcile.Claim` objects), a claims frame (``source`` and
        either ``count`` or ``low``/``best``/``high``; optionally ``category`` (default
        ``killed``), ``date``, ``event_id``, ``victims``, ``location``, ``published``,
        ``publisher``, ``doc_id``, ...), or a documents frame (``text`` and optionally
        ``doc_id``, ``title``, ``published``, ``publisher``, ``event_id``), whose claims are
        extracted first.
    conservative : bool, default False
        Give as ``best`` the lowest figure the agreeing sources give (ACLED's "most
        conservative estimate") instead of their median.
    by_victims : bool, default True
        Keep victim groups apart ("civilians" and "soldiers" get their own rows). With
        ``False``, one row per (event, category) whatever the victims, like UCDP's total
        ``best``.
    lag_days : int, default 3
        How many days a report may lag behind the event it reports, when the report gives
        no date: the event is placed in ``published - lag_days .. published``.
    lexicon : Lexicon, path or None
        Vocabulary for parsing ``count`` phrases and extracting claims from documents.

    Returns
    -------
    Reconciliation
        ``events``, ``contradictions`` and ``claims`` frames.

    Raises
    ------
    ColumnError
        A frame lacks a required column, or a column holds values of the wrong type.
    InputTypeError
        ``data`` is not a list of claims or a DataFrame.

    Examples
    --------
    >>> import datetime as dt
    >>> from casualty_reconcile._types import Claim, CountEstimate
    >>> def said(who, low, high, day):
    ...     n = CountEstimate(low, low, high, "exact" if low == high else "range")
    ...     return Claim("killed", n, claimant=who, published=day, doc_id=who,
    ...                  event_date=dt.date(2018, 2, 7), event_date_precision="day",
    ...                  places=("Deir al-Zour",))
    >>> r = reconcile([said("coalition", 80, 120, dt.date(2018, 2, 8)),
    ...                said("ministry", 5, 5, dt.date(2018, 2, 14)),
    ...                said("monitor", 90, 100, dt.date(2018, 2, 14))])
    >>> row = r.events.iloc[0]
    >>> int(row["low"]), int(row["best"]), int(row["high"]), row["status"]
    (90, 90, 100, 'contradicted')
    >>> r.contradictions["kind"].tolist()
    ['disjoint']
    >>> r.events["event_id"].tolist()
    ['2018-02-07:deir-al-zour:...']
    """
    if not isinstance(conservative, bool):
        raise InputTypeError(f"conservative= must be True or False, not {conservative!r}",
                             conservative)
    if not isinstance(by_victims, bool):
        raise InputTypeError(f"by_victims= must be True or False, not {by_victims!r}", by_victims)
    if isinstance(lag_days, bool) or not isinstance(lag_days, int) or lag_days < 0:
        raise InputError(f"lag_days= must be a whole number of days >= 0, not {lag_days!r}",
                         lag_days)
    import numpy as np

    from ..lexicon import resolve_lexicon

    lex = resolve_lexicon(lexicon)
    claims = normalise_input(data, lexicon=lex)
    claims = align(claims, lag_days=lag_days)
    w = build_work(claims, lexicon=lex, by_victims=by_victims)
    voters, grp = compute_figures(w, conservative=conservative)
    role = np.full(len(claims), None, dtype=object)
    role[w.row] = claim_roles(w, voters)
    claims["role"] = role
    claims = typed_frame({c: claims[c] for c in claims.columns}, claim_schema(), len(claims))
    victims = _group_victims(claims, w)
    rows, contradicted, contested = find_contradictions(claims, w, voters, grp, victims)
    contested = contested | (grp.n_stale > 0)
    events = _events_frame(claims, w, grp, victims, contradicted, contested, lag_days)
    con = _contradictions_frame(rows)
    options = {"conservative": conservative, "by_victims": by_victims, "lag_days": lag_days}
    return Reconciliation(events=events, contradictions=con, claims=claims, options=options)


def _group_victims(claims: pd.DataFrame, w: Work) -> npt.NDArray[Any]:
    """Return the victims text shown per group.

    Among the claims whose own description is the group's (not a wider one merged in), the
    first spelling in alphabetical order: a stable choice that no repeated claim can change.
    """
    import numpy as np
    import pandas as pd

    out = np.full(w.n_groups, None, dtype=object)
    gk = w.group_vkey[w.g]
    named = np.flatnonzero((gk != "") & (w.vown == gk))
    if len(named) == 0:
        return out
    raw = claims["victims"].to_numpy(dtype=object, na_value=None)[w.row[named]]
    df = pd.DataFrame({"g": w.g[named], "v": raw}).dropna()
    if df.empty:
        return out
    first = df.sort_values(["g", "v"], kind="stable").drop_duplicates("g")
    out[first["g"].to_numpy()] = first["v"].to_numpy(dtype=object)
    return out


def _dates(
    claims: pd.DataFrame, w: Work, lag_days: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Per group, the first and last day the event can have happened (NO_DAY if unknown).

    From the claims with the most precise event date (day, then week, month, year); with no
    event date, the first report bounds it: ``first published - lag .. first published``.
    The end never passes the first report's date.
    """
    import numpy as np

    rows = w.row
    ed = claims["event_date"].to_numpy(dtype="datetime64[ns]")[rows].astype("datetime64[D]")
    prec = claims["event_date_precision"].to_numpy(dtype=object, na_value="")[rows]
    has = ~np.isnat(ed)
    d = ed.astype(np.int64)
    rank = np.full(len(rows), 5, dtype=np.int64)
    ws = np.full(len(rows), NO_DAY, dtype=np.int64)
    we = np.full(len(rows), NO_DAY, dtype=np.int64)
    for r, p in enumerate(("day", "week", "month", "year")):
        m = has & (prec == p)
        rank[m] = r
        if p == "day":
            ws[m], we[m] = d[m], d[m]
        elif p == "week":
            ws[m], we[m] = d[m] - 3, d[m] + 3
        else:
            unit = "M" if p == "month" else "Y"
            s0 = ed[m].astype(f"datetime64[{unit}]")
            ws[m] = s0.astype("datetime64[D]").astype(np.int64)
            we[m] = (s0 + 1).astype("datetime64[D]").astype(np.int64) - 1
    other = has & (rank == 5)
    rank[other], ws[other], we[other] = 0, d[other], d[other]
    pub = w.pub
    bypub = ~has & (pub != NO_DAY)
    rank[bypub], ws[bypub], we[bypub] = 4, pub[bypub] - lag_days, pub[bypub]
    n = w.n_groups
    gmin = np.full(n, 9, dtype=np.int64)
    np.minimum.at(gmin, w.g, rank)
    sel = rank == gmin[w.g]
    start = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    end = np.full(n, NO_DAY, dtype=np.int64)
    np.minimum.at(start, w.g[sel], ws[sel])
    np.maximum.at(end, w.g[sel], we[sel])
    first_pub = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    okp = pub != NO_DAY
    np.minimum.at(first_pub, w.g[okp], pub[okp])
    cap = (first_pub != np.iinfo(np.int64).max) & (first_pub >= start) & (end != NO_DAY)
    end = np.where(cap, np.minimum(end, first_pub), end)
    start[gmin == 5] = NO_DAY
    end[gmin == 5] = NO_DAY
    return start, end


def _to_dates(days: npt.NDArray[np.int64]) -> npt.NDArray[Any]:
    import numpy as np

    out = days.astype("datetime64[D]").astype("datetime64[ns]")
    out[days == NO_DAY] = np.datetime64("NaT")
    return out


def _events_frame(
    claims: pd.DataFrame,
    w: Work,
    grp: Any,
    victims: npt.NDArray[Any],
    contradicted: npt.NDArray[np.bool_],
    contested: npt.NDArray[np.bool_],
    lag_days: int,
) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    n = w.n_groups
    if n == 0:
        return typed_frame({}, event_schema(), 0)
    ids = claims["claim_id"].to_numpy(dtype=object)[w.row]
    order = np.argsort(w.g, kind="stable")
    bounds = np.searchsorted(w.g[order], np.arange(1, n))
    claim_ids = [tuple(sorted(x.tolist())) for x in np.split(ids[order], bounds)]
    start, end = _dates(claims, w, lag_days)
    status = np.where(contradicted, "contradicted", np.where(contested, "contested", "consistent"))
    rep_lo = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    rep_hi = np.full(n, -1, dtype=np.int64)
    np.minimum.at(rep_lo, w.g, w.be)
    np.maximum.at(rep_hi, w.g, w.be)
    high = pd.array(np.where(grp.high >= OPEN, np.nan, grp.high), dtype="Int64")
    data = {
        "event_id": w.group_event,
        "category": w.group_category,
        "victims": victims,
        "date_start": _to_dates(start),
        "date_end": _to_dates(end),
        "low": grp.low,
        "best": grp.best,
        "high": high,
        "n_claims": np.bincount(w.g, minlength=n),
        "n_sources": _n_sources(w),
        "status": status,
        "claim_ids": claim_ids,
        "n_agreeing": grp.k,
        "reported_low": rep_lo,
        "reported_high": rep_hi,
    }
    ev = typed_frame(data, event_schema(), n)
    ev = ev.sort_values(["event_id", "category", "victims"], na_position="first", kind="stable")
    return ev.reset_index(drop=True)


def _n_sources(w: Work) -> npt.NDArray[np.int64]:
    """Distinct sources per group, counting claims set aside from the figures too."""
    import numpy as np

    width = int(w.voter.max()) + 1 if len(w.voter) else 1
    pairs = np.unique(w.g * width + w.voter)
    return np.bincount(pairs // width, minlength=w.n_groups).astype(np.int64)


def _contradictions_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    schema = contradiction_schema()
    if not rows:
        return typed_frame({}, schema, 0)
    data = {c: [r.get(c) for r in rows] for c in schema}
    df = typed_frame(data, schema, len(rows))
    df["_k"] = df["claim_ids"].map(lambda t: "|".join(t))
    df = df.sort_values(["event_id", "kind", "_k"], kind="stable").drop(columns="_k")
    return df.reset_index(drop=True)
