"""``reconcile``: claims in, events, contradictions and the aligned claims out."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from .._dask import is_dask_collection
from .._progress import check_progress, progress_bar
from ..errors import InputError, InputTypeError
from ._align import align
from ._contradictions import KIND_ORDER, find_contradictions
from ._fast import (
    hash_strings_of,
    int64_array,
    string_lists,
    strings_from_codes,
    take_runs,
    take_strings,
)
from ._figures import NO_DAY, ROLES, Work, build_work, claim_roles, compute_figures
from ._input import normalise_input
from ._intervals import OPEN, sort_by, unique_ints
from ._likely import LEVEL, Witnesses, set_likely, witnesses
from ._result import (
    Reconciliation,
    claim_schema,
    contradiction_schema,
    event_schema,
    typed_frame,
)

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

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
    place_aliases: Mapping[str, str | Sequence[str]] | None = None,
    progress: bool = False,
    likely_level: float | None = LEVEL,
) -> Reconciliation:
    """Reconcile casualty claims into events, figures and contradictions.

    Parameters
    ----------
    data : list of Claim, pandas.DataFrame or dask.dataframe.DataFrame
        Claims (:class:`~casualty_reconcile.Claim` objects), a claims frame (``source`` and
        either ``count`` or ``low``/``best``/``high``; optionally ``category`` (default
        ``killed``), ``date``, ``event_id``, ``victims``, ``location``, ``published``,
        ``publisher``, ``doc_id``, ...), or a documents frame (``text`` and optionally
        ``doc_id``, ``title``, ``published``, ``publisher``, ``event_id``), whose claims are
        extracted first. A Dask frame is reconciled partition by partition, each holding
        whole events, with the same result as pandas on the same rows (docs/scale.md).
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
    place_aliases : mapping, optional
        For alignment without ``event_id``: place names and the place (or places) that
        contain them, for what the gazetteer does not know (``{"Douma": "Eastern Ghouta",
        "Eastern Ghouta": "Rif Dimashq"}``). Countries, provinces and towns of 1,000 people
        or more are known already (docs/reconcile.md, "Places").
    progress : bool, default False
        Show a bar on stderr (tqdm, the ``progress`` extra): documents extracted, then the
        steps of reconciliation (with Dask: partitions reconciled).
    likely_level : float or None, default 0.9
        The probability that ``events.likely_low .. likely_high`` holds the true toll, by a
        model of each source's bias and noise learnt from the whole input (docs/reconcile.md,
        "The likely range"). ``None`` leaves the two columns missing.

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
    ['auto:2018-02-07:deir-al-zour:...']
    """
    if not isinstance(conservative, bool):
        raise InputTypeError(f"conservative= must be True or False, not {conservative!r}",
                             conservative)
    if not isinstance(by_victims, bool):
        raise InputTypeError(f"by_victims= must be True or False, not {by_victims!r}", by_victims)
    if isinstance(lag_days, bool) or not isinstance(lag_days, int) or lag_days < 0:
        raise InputError(f"lag_days= must be a whole number of days >= 0, not {lag_days!r}",
                         lag_days)
    check_progress(progress)
    if likely_level is not None and (isinstance(likely_level, bool) or not isinstance(
            likely_level, (int, float)) or not 0 < likely_level < 1):
        raise InputError(f"likely_level= must be a probability between 0 and 1, or None, "
                         f"not {likely_level!r}", likely_level)
    if is_dask_collection(data):
        from ._dask import reconcile_dask

        return reconcile_dask(data, conservative=conservative, by_victims=by_victims,
                              lag_days=lag_days, lexicon=lexicon,
                              place_aliases=_aliases(place_aliases), progress=progress,
                              likely_level=likely_level)
    result, wit = reconcile_frame(data, conservative=conservative, by_victims=by_victims,
                                  lag_days=lag_days, lexicon=lexicon,
                                  place_aliases=place_aliases, progress=progress)
    sources = set_likely(result.events, wit, likely_level)
    return dataclasses.replace(result, sources=sources,
                               options={**result.options, "likely_level": likely_level})


def reconcile_frame(data: Any, *, conservative: bool, by_victims: bool, lag_days: int,
                    lexicon: LexiconLike, place_aliases: Any, progress: bool
                    ) -> tuple[Reconciliation, Witnesses]:
    """Reconcile in memory (pandas); return the result and its rows' witnesses.

    The likely range is left missing: it is fitted on the witnesses of the whole input,
    which under Dask spans partitions (``_likely``).
    """
    import numpy as np

    from ..lexicon import resolve_lexicon

    lex = resolve_lexicon(lexicon)
    if progress and _is_documents(data):  # extraction is most of the time: its own bar
        from ..claims import extract_claims_frame

        data = extract_claims_frame(data, lexicon=lex, progress=True)
    bar = progress_bar(4, "reconciling", unit="step", enabled=progress)
    factors: dict[str, Any] = {}  # codes the input step made, for grouping
    claims = normalise_input(data, lexicon=lex, factors=factors)
    bar.update()
    claims = align(claims, lag_days=lag_days, place_aliases=_aliases(place_aliases))
    bar.update()
    w = build_work(claims, lexicon=lex, by_victims=by_victims, factors=factors)
    del factors
    voters, grp = compute_figures(w, conservative=conservative)
    bar.update()
    role = np.full(len(claims), -1, dtype=np.int64)
    role[w.row] = claim_roles(w, voters)
    claims["role"] = strings_from_codes(role, ROLES)
    claims = claims[list(claim_schema())]
    victims, victims_column = _group_victims(claims, w)
    cols, contradicted, contested = find_contradictions(claims, w, voters, grp, victims)
    contested = contested | (grp.n_stale > 0)
    events = _events_frame(claims, w, voters, grp, victims_column, contradicted, contested,
                           lag_days)
    con = _contradictions_frame(cols, w)
    wit = witnesses(w, voters, claims, events["date_start"].to_numpy(dtype="datetime64[D]"))
    bar.update()
    bar.close()
    options = {"conservative": conservative, "by_victims": by_victims, "lag_days": lag_days}
    return Reconciliation(events=events, contradictions=con, claims=claims, options=options), wit


def _is_documents(data: Any) -> bool:
    """Return True for a documents frame (``text`` and no figure column), as the input step."""
    cols = set(map(str, getattr(data, "columns", ())))
    return "text" in cols and not cols.intersection(("count", "low", "best", "high")) \
        and hasattr(data, "iloc")


def _aliases(place_aliases: Any) -> dict[str, tuple[str, ...]] | None:
    """Check the alias table: names to the names of the places that contain them."""
    if place_aliases is None:
        return None
    from collections.abc import Mapping as _Mapping

    if not isinstance(place_aliases, _Mapping):
        raise InputTypeError(
            "place_aliases= must be a mapping of place names to the place(s) containing "
            f"them, not {type(place_aliases).__name__}", place_aliases)
    out: dict[str, tuple[str, ...]] = {}
    for name, within in place_aliases.items():
        ups = (within,) if isinstance(within, str) else within
        if not isinstance(name, str) or not isinstance(ups, (list, tuple, set, frozenset)) \
                or not all(isinstance(u, str) and u.strip() for u in ups) \
                or not name.strip():
            raise InputTypeError(
                f"place_aliases= entries must map a non-empty name to a name or a list of names, "
                f"not {name!r}: {within!r}", name)
        out[name] = tuple(ups)
    return out


def _group_victims(claims: pd.DataFrame, w: Work) -> tuple[npt.NDArray[Any], Any]:
    """Return the victims text shown per group (None: none), and the events column of it.

    Among the claims whose own description is the group's (not a wider one merged in), the
    first spelling in alphabetical order: a stable choice that no repeated claim can change.
    """
    import numpy as np
    import pandas as pd

    out = np.full(w.n_groups, None, dtype=object)
    gk = w.group_vcode[w.g]
    blank = np.flatnonzero(w.v_names == "")
    named = np.flatnonzero((w.vown == gk) & (gk != (blank[0] if len(blank) else -1)))
    if len(named) == 0:
        return out, strings_from_codes(np.full(w.n_groups, -1, dtype=np.int64), [])
    if w.victims_codes is not None:
        # The codes build_work made: rank the (few) distinct texts, as sorting would.
        values = np.asarray(w.victims_values, dtype=object)
        rank = np.empty(len(values), dtype=np.int64)
        rank[np.argsort(values, kind="stable")] = np.arange(len(values))
        raw = w.victims_codes[named]
        codes = np.where(raw >= 0, rank[np.maximum(raw, 0)], -1)
        uniq = values[np.argsort(values, kind="stable")]
    else:
        codes, uniq = pd.factorize(claims["victims"].array.take(w.row[named]), sort=True)
    ok = codes >= 0
    g, codes = w.g[named][ok], codes[ok]
    first = np.full(w.n_groups, len(uniq), dtype=np.int64)
    np.minimum.at(first, g, codes)
    has = first < len(uniq)
    out[has] = np.asarray(uniq, dtype=object)[first[has]]
    return out, strings_from_codes(np.where(has, first, -1), uniq)


def _dates(
    claims: pd.DataFrame, w: Work, lag_days: int, order: npt.NDArray[np.int64],
    seg: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Per group, the first and last day the event can have happened (NO_DAY if unknown).

    From the claims with the most precise event date (day, then week, month, year); with no
    event date, the first report bounds it: ``first published - lag .. first published``.
    The end never passes the first report's date. ``order`` sorts the work rows by group and
    ``seg`` gives each group's first position in it.
    """
    import numpy as np

    rows = w.row
    ed_all = claims["event_date"].to_numpy(dtype="datetime64[ns]")
    pub = w.pub
    big = np.iinfo(np.int64).max
    if np.isnat(ed_all).all():
        # No event dates: the first report bounds every event, first_pub - lag .. first_pub
        # (what the general rule below gives when every window is a report's).
        p_s = pub[order]
        first_pub = np.minimum.reduceat(np.where(p_s != NO_DAY, p_s, big), seg)
        dated = first_pub != big
        return (np.where(dated, first_pub - lag_days, NO_DAY),
                np.where(dated, first_pub, NO_DAY))
    else:
        ed = ed_all[rows].astype("datetime64[D]")
        prec = claims["event_date_precision"].array.take(rows).to_numpy(
            dtype=object, na_value="")
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
    bypub = (rank == 5) & (pub != NO_DAY)
    rank[bypub], ws[bypub], we[bypub] = 4, pub[bypub] - lag_days, pub[bypub]
    # The rank in the high bits: one reduction finds the most precise rank and, among its
    # claims, the first start (and one more the last end). Day numbers lie within +-2**40.
    r_s = rank[order]
    off, low_bits = 1 << 41, (1 << 43) - 1
    k_start = np.minimum.reduceat((r_s << 43) | (ws[order] + off), seg)
    k_end = np.maximum.reduceat(((5 - r_s) << 43) | (we[order] + off), seg)
    gmin = k_start >> 43
    start = (k_start & low_bits) - off
    end = (k_end & low_bits) - off
    p_s = pub[order]
    first_pub = np.minimum.reduceat(np.where(p_s != NO_DAY, p_s, big), seg)
    cap = (first_pub != big) & (first_pub >= start) & (end != NO_DAY)
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
    v: Any,
    grp: Any,
    victims: Any,
    contradicted: npt.NDArray[np.bool_],
    contested: npt.NDArray[np.bool_],
    lag_days: int,
) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    n = w.n_groups
    if n == 0:
        return typed_frame({}, event_schema(), 0)
    # Claim ids in each row in report order (ties by a hash of the id): a fixed order that
    # does not depend on the input's. The figures' order already has the rows by group,
    # so this sort only orders each group's few rows.
    by_group = v.rows_sorted if len(v.rows_sorted) == len(w.g) else sort_by(w.g)
    g_b, p_b = w.g[by_group], w.pub[by_group] - int(w.pub.min())
    within = sort_by(g_b, p_b)
    order = by_group[within]
    g_o, p_o = g_b[within], p_b[within]
    same = (g_o[1:] == g_o[:-1]) & (p_o[1:] == p_o[:-1])
    if same.any():
        # Rows of one group reported the same day: ordered by a hash of their ids (only
        # theirs is computed), and where those are equal too (rare), in input order.
        tied = np.flatnonzero(np.r_[same, False] | np.r_[False, same])
        run = (np.cumsum(np.r_[True, ~same]) - 1)[tied]
        rows = order[tied]
        tie = (hash_strings_of(take_strings(claims["claim_id"].array, w.row[rows]))
               >> np.uint64(40)).astype(np.int64)
        by_tie = sort_by(run, tie)
        rows, run, tie = rows[by_tie], run[by_tie], tie[by_tie]
        equal = (run[1:] == run[:-1]) & (tie[1:] == tie[:-1])
        if equal.any():
            rows = rows[sort_by(np.cumsum(np.r_[True, ~equal]) - 1, rows)]
        order[tied] = rows
    n_claims = np.bincount(w.g, minlength=n)
    bounds = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(n_claims, out=bounds[1:])
    seg = bounds[:-1]
    claim_ids = string_lists(take_strings(claims["claim_id"].array, w.row[order]), bounds)
    start, end = _dates(claims, w, lag_days, order, seg)
    status = np.where(contradicted, 2, np.where(contested, 1, 0))
    be_s = w.be[order]
    rep_lo = np.minimum.reduceat(be_s, seg)
    rep_hi = np.maximum.reduceat(be_s, seg)
    n_sources = grp.n_voters.copy()
    if w.aside.any():
        n_sources = _n_sources(w)
    data = {
        "event_id": strings_from_codes(w.group_ev, w.ev_labels),
        "category": strings_from_codes(w.group_cat, w.cat_names),
        "victims": victims,
        "date_start": _to_dates(start),
        "date_end": _to_dates(end),
        "low": int64_array(grp.low),
        "best": int64_array(grp.best),
        "high": int64_array(np.where(grp.high >= OPEN, 0, grp.high), grp.high >= OPEN),
        "n_claims": int64_array(n_claims),
        "n_sources": int64_array(n_sources),
        "status": strings_from_codes(status, ("consistent", "contested", "contradicted")),
        "claim_ids": claim_ids,
        "n_agreeing": int64_array(grp.k),
        "reported_low": int64_array(rep_lo),
        "reported_high": int64_array(rep_hi),
        "likely_low": int64_array(np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool)),
        "likely_high": int64_array(np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool)),
    }
    # Groups are numbered by sorted (event id, category, victim key): rows come in that order.
    return pd.DataFrame({c: data[c] for c in event_schema()}, copy=False)


def _n_sources(w: Work) -> npt.NDArray[np.int64]:
    """Distinct sources per group, counting claims set aside from the figures too."""
    import numpy as np

    width = int(w.voter.max()) + 1 if len(w.voter) else 1
    pairs = unique_ints(w.g * width + w.voter)
    return np.bincount(pairs // width, minlength=w.n_groups).astype(np.int64)


def _contradictions_frame(cols: dict[str, Any], w: Work) -> pd.DataFrame:
    """Build the contradictions frame, rows ordered by event id, then kind."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    schema = contradiction_schema()
    n = len(cols["kind"])
    if n == 0:
        return typed_frame({}, schema, 0)
    g = cols["_g"]
    ev = w.group_ev[g]
    kind = cols["kind"]
    # Each batch of rows is in event order already: the order interleaves a few runs, so
    # the sentences and lists are moved as slices of the batches (take_runs).
    order = sort_by(ev, kind)
    g = g[order]
    # Category: the group's own (a code into cat_names) unless the row names its own.
    category = cols["category"][order]
    own = pd.isna(category)
    codes = w.group_cat[g].copy()
    labels: list[str] = [str(c) for c in w.cat_names]
    if not own.all():
        extra, inv = np.unique(category[~own].astype(str), return_inverse=True)
        codes[~own] = len(labels) + inv.ravel()
        labels += extra.tolist()
    data: dict[str, Any] = {
        "event_id": strings_from_codes(ev[order], w.ev_labels),
        "kind": strings_from_codes(kind[order], KIND_ORDER),
        "severity": cols["severity"][order],
        "explanation": pd.array(take_runs(cols["explanation"], order).cast(pa.large_string()),
                                dtype="string"),
        "category": strings_from_codes(codes, labels),
    }
    for c in ("claim_ids", "sources", "figures"):
        data[c] = pd.arrays.ArrowExtensionArray(take_runs(cols[c], order))
    return pd.DataFrame({c: data[c] for c in schema}, copy=False)
