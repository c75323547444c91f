"""``reconcile`` on a Dask DataFrame: partitions of whole events, each reconciled by pandas.

pandas stays the engine; Dask moves rows so that every group of claims that alignment could
put together lies in one partition, runs the pandas :func:`reconcile` on each partition
where the partition lives, and brings the three result frames back (docs/scale.md).

**The partition key.** A small key table (row number, claim id, document, event id, place
names, date window) is computed per partition and brought to the client, which joins rows
into *blocks* (union-find) by everything the pandas run lets two claims share:

* the same explicit ``event_id`` (an event is reconciled whole);
* the same document (a document's claims lend each other places and dates, and a document
  is one voice);
* the same base claim id (repeated ids are suffixed ``-2``, ``-3`` by the rows' content, so
  rows sharing an id must meet);
* with inferred alignment, the same place key, and a place with every area the gazetteer
  (and the alias table) puts it in, so a country's or a province's reports meet the towns
  inside it: the coarsest block is a country, or an area an alias ties together;
* a *placeless* block (a claim with no place whose document names none either) that can
  join any event of its date window, with every block that has a claim dated in that window.

Blocks are packed into partitions, largest first, onto the least loaded; each input partition
is split by destination and each destination gathers its pieces in input order (pandas
objects pickled unchanged: tuple columns and extension dtypes survive) and is reconciled.
The frames come back computed: ``claims`` in input order, ``events`` and ``contradictions``
in the pandas order (event id, then the per-event order pandas gives).
"""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING, Any

from .._progress import progress_bar
from ..errors import InputTypeError
from ._result import Reconciliation

if TYPE_CHECKING:
    from collections.abc import Mapping

    import numpy as np
    import numpy.typing as npt
    import pandas as pd

__all__ = ["plan_blocks", "reconcile_dask"]

_FIGURES = ("count", "low", "best", "high")
#: A window of at most this many days lets a placeless claim join the single event in it
#: (docs/reconcile.md, step 2c; the same limit as ``_align``).
_WINDOW_LIMIT = 31


def reconcile_dask(
    data: Any,
    *,
    conservative: bool,
    by_victims: bool,
    lag_days: int,
    lexicon: Any,
    place_aliases: Mapping[str, tuple[str, ...]] | None,
    progress: bool,
    npartitions: int | None = None,
    likely_level: float | None = None,
) -> Reconciliation:
    """Reconcile a ``dask.dataframe.DataFrame``; return computed pandas frames.

    ``npartitions`` (default: the input's) is the number of partitions the blocks are
    packed into. The likely range (``likely_level``) is fitted once on the whole result:
    a source's track record spans partitions.
    """
    import importlib

    import numpy as np

    # dask's functions are untyped: held as Any, so mypy --strict checks the rest.
    delayed: Any = importlib.import_module("dask").delayed
    if getattr(data, "ndim", 2) != 2:
        raise InputTypeError(
            "reconcile() takes a list of Claim, a claims DataFrame or a documents DataFrame, "
            f"not {type(data).__name__}", data)
    cols = set(map(str, data.columns))
    frame = data
    if "text" in cols and not cols.intersection(_FIGURES):
        from ..claims import extract_claims_frame

        frame = extract_claims_frame(data, lexicon=lexicon)  # lazy, partition by partition
    nparts = max(1, int(npartitions or frame.npartitions))
    # Computed once on the workers and kept there: three passes read it (lengths, keys, rows).
    frame = frame.persist()
    survey = frame.map_partitions(_survey, meta=_survey(frame._meta)).compute()
    offsets = np.concatenate([[0], np.cumsum(survey["n"].to_numpy())]).tolist()
    keys = frame.map_partitions(_key_table, offsets, lag_days=lag_days, lexicon=lexicon,
                                aligning=bool(survey["missing_event"].any()),
                                meta=_empty_keys()).compute()
    part_of = plan_blocks(keys, offsets[-1], nparts, place_aliases)
    # The move: each input partition is split by destination, each destination gathers its
    # pieces in input-partition order (so its rows stay in input order) and reconciles them.
    splits = [delayed(_split)(d, np.arange(offsets[j], offsets[j + 1]),
                              part_of[offsets[j]:offsets[j + 1]], nparts)
              for j, d in enumerate(frame.to_delayed())]
    options = {"conservative": conservative, "by_victims": by_victims, "lag_days": lag_days,
               "lexicon": lexicon, "place_aliases": place_aliases, "progress": False}
    tasks = [delayed(_reconcile_pieces)([sp[i] for sp in splits], options)
             for i in range(nparts)]
    results = _compute(tasks, progress)
    return _combine(results, conservative=conservative, by_victims=by_victims,
                    lag_days=lag_days, likely_level=likely_level)


def _split(part: pd.DataFrame, rows: npt.NDArray[np.int64], part_of: npt.NDArray[np.int32],
           nparts: int) -> list[tuple[npt.NDArray[np.int64], pd.DataFrame]]:
    """Split a partition's rows by destination partition, each with its row numbers."""
    import numpy as np

    order = np.argsort(part_of, kind="stable")  # rows keep their order within a piece
    bounds = np.searchsorted(part_of[order], np.arange(nparts + 1))
    out = []
    for i in range(nparts):
        take = order[bounds[i]:bounds[i + 1]]
        out.append((rows[take], part.iloc[take]))
    return out


def _empty_keys() -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame({
        "row": pd.Series([], dtype="int64"), "base": pd.Series([], dtype=object),
        "doc": pd.Series([], dtype=object), "event": pd.Series([], dtype=object),
        "valid": pd.Series([], dtype=bool), "names": pd.Series([], dtype=object),
        "ws": pd.Series([], dtype="int64"), "we": pd.Series([], dtype="int64"),
    })


def _survey(part: pd.DataFrame) -> pd.DataFrame:
    """Return the partition's length and whether a row lacks an ``event_id``."""
    import pandas as pd

    missing = "event_id" not in part.columns or bool(part["event_id"].isna().any())
    return pd.DataFrame({"n": [len(part)], "missing_event": [missing and len(part) > 0]})


def _key_table(part: pd.DataFrame, offsets: list[int], *, lag_days: int, lexicon: Any,
               aligning: bool = True, partition_info: dict[str, Any] | None = None
               ) -> pd.DataFrame:
    """Return what blocking needs of each row: ids, document, event, place names, window.

    Without ``aligning`` (every row has its ``event_id``) only the ids, documents and events
    are read: no count is parsed, no place or date looked at.
    """
    import numpy as np
    import pandas as pd

    from ..lexicon import resolve_lexicon
    from ._align import _NO_DAY, _windows
    from ._fast import obj_array
    from ._input import _hash_ids, _string_column, normalise_input

    if len(part) == 0:
        return _empty_keys()
    start = offsets[partition_info["number"]] if partition_info else 0
    rows = np.arange(start, start + len(part), dtype=np.int64)
    raw = part.rename(columns=str).reset_index(drop=True)
    n = len(raw)
    # The id before -2/-3 suffixes: the given claim_id, else the content hash.
    if "claim_id" in raw.columns:
        base = _string_column(raw["claim_id"], "claim_id")
        missing = base.isna()
        if missing.any():
            base = base.fillna(_hash_ids(raw, {}).where(missing))
    else:
        base = _hash_ids(raw, {})

    def text(name: str) -> npt.NDArray[Any]:
        if name not in raw.columns:
            return np.full(n, None, dtype=object)
        return obj_array(_string_column(raw[name], name))

    if not aligning:
        return pd.DataFrame({
            "row": rows, "base": pd.Series(obj_array(base), dtype=object),
            "doc": pd.Series(text("doc_id"), dtype=object),
            "event": pd.Series(text("event_id"), dtype=object),
            "valid": np.ones(n, dtype=bool), "names": pd.Series([()] * n, dtype=object),
            "ws": np.full(n, _NO_DAY, dtype=np.int64), "we": np.full(n, _NO_DAY, dtype=np.int64),
        })
    claims = normalise_input(raw, lexicon=resolve_lexicon(lexicon))
    names = [
        (*(p or ()), *([loc] if isinstance(loc, str) else []))
        for p, loc in zip(claims["places"].tolist(), claims["location"].tolist(), strict=True)
    ]
    ws, we, _ = _windows(claims, lag_days)
    return pd.DataFrame({
        "row": rows, "base": pd.Series(obj_array(base), dtype=object),
        "doc": pd.Series(obj_array(claims["doc_id"]), dtype=object),
        "event": pd.Series(obj_array(claims["event_id"]), dtype=object),
        "valid": claims["reason"].isna().to_numpy(),
        "names": pd.Series(names, dtype=object), "ws": ws, "we": we,
    })


def _components(n: int, row: npt.NDArray[np.int64], tok: npt.NDArray[np.int64]
                ) -> npt.NDArray[np.int64]:
    """Label rows 0..n-1 by connected component of the bipartite graph of (row, token) edges.

    Each row's label is the smallest row of its component: labels spread through tokens
    (the smallest label among a token's rows) and jump along labels until nothing changes,
    array operations only.
    """
    import numpy as np

    label = np.arange(n, dtype=np.int64)
    if len(row) == 0:
        return label
    by_tok = np.argsort(tok, kind="stable")
    t_rows, t_sorted = row[by_tok], tok[by_tok]
    t_start = np.flatnonzero(np.r_[True, t_sorted[1:] != t_sorted[:-1]])
    t_of_edge = np.repeat(np.arange(len(t_start)), np.diff(np.r_[t_start, len(t_sorted)]))
    while True:
        tmin = np.minimum.reduceat(label[t_rows], t_start)
        new = label.copy()
        np.minimum.at(new, t_rows, tmin[t_of_edge])
        while True:  # pointer jumping: a label's label is in the same component
            jumped = new[new]
            if np.array_equal(jumped, new):
                break
            new = jumped
        if np.array_equal(new, label):
            return label
        label = new


def plan_blocks(
    keys: pd.DataFrame, n: int, nparts: int,
    place_aliases: Mapping[str, tuple[str, ...]] | None = None,
) -> npt.NDArray[np.int32]:
    """Return the partition of each row (by row number) so that no block straddles two.

    ``keys`` is the key table of every row (see :func:`_key_table`). The rules that join
    rows into blocks are in the module's docstring; a block is never split, blocks are
    packed largest first onto the least loaded partition.

    Examples
    --------
    >>> import pandas as pd
    >>> keys = pd.DataFrame({"row": [0, 1, 2, 3], "base": ["a", "b", "c", "d"],
    ...                      "doc": ["d1", "d2", "d1", None], "event": ["e1", "e2", None, None],
    ...                      "valid": [True] * 4, "names": [(), (), (), ()],
    ...                      "ws": [-(2**40)] * 4, "we": [-(2**40)] * 4})
    >>> plan_blocks(keys, 4, 2).tolist()  # rows 0 and 2 share a document
    [0, 1, 0, 1]
    """
    import numpy as np
    import pandas as pd

    from ._fast import obj_array

    row = keys["row"].to_numpy(dtype=np.int64)
    rows: list[npt.NDArray[np.int64]] = []
    toks: list[npt.NDArray[np.int64]] = []
    offset = 0

    def link(r: npt.NDArray[np.int64], values: npt.NDArray[Any]) -> None:
        """Join the rows ``r`` that share a value (None: no value)."""
        nonlocal offset
        codes, uniq = pd.factorize(values, use_na_sentinel=True)
        has = codes >= 0
        rows.append(r[has])
        toks.append(codes[has].astype(np.int64) + offset)
        offset += len(uniq)

    # None for missing, whatever the frame made of it (pandas may infer a str column).
    event = obj_array(keys["event"])
    for values in (obj_array(keys["base"]), obj_array(keys["doc"]), event):
        link(row, values)
    valid = keys["valid"].to_numpy(dtype=bool)
    if bool((valid & np.array([e is None for e in event.tolist()], dtype=bool)).any()):
        _place_links(keys, valid, row, link, place_aliases, rows, toks, n)
    label = _components(n, np.concatenate(rows), np.concatenate(toks))
    return _pack(label, nparts)


def _place_links(keys: pd.DataFrame, valid: npt.NDArray[np.bool_], row: npt.NDArray[np.int64],
                 link: Any, place_aliases: Any, rows: list[Any], toks: list[Any],
                 n: int) -> None:
    """Add the links of inferred alignment: places, their areas, placeless reports' days."""
    import numpy as np

    from ._align import _NO_DAY, _geography, _place_key_fn
    from ._fast import obj_array

    keyf = _place_key_fn()
    vrow = row[valid]
    docs = obj_array(keys["doc"])[valid]
    cache: dict[str, str] = {}
    written: dict[str, str] = {}  # as alignment: the smallest spelling of each key
    own: list[tuple[str, ...]] = []
    for names in keys["names"].to_numpy()[valid].tolist():
        ks: list[str] = []
        for name in names:
            k = cache.get(name)
            if k is None:
                k = cache[name] = keyf(name) if name else ""
                if k and (k not in written or name < written[k]):
                    written[k] = name
            if k and k not in ks:
                ks.append(k)
        own.append(tuple(ks))
    within: dict[str, frozenset[str]] = {}
    area_of: dict[str, str] = {}
    if written:
        within, area_of = _geography(own, docs, np.zeros(len(own), dtype=bool), written,
                                     place_aliases)
    # A place joins its rows, and the areas containing it (or that it names) join theirs.
    pr: list[int] = []
    pk: list[str] = []
    ar_r: list[int] = []
    ar_k: list[str] = []
    areas = {k: {*within.get(k, ()), *([area_of[k]] if k in area_of else [])} for k in written}
    for r, placed in zip(vrow.tolist(), own, strict=True):
        for k in placed:
            pr.append(r)
            pk.append(k)
            for a in areas[k]:
                ar_r.append(r)
                ar_k.append(a)
    link(np.array(pr, dtype=np.int64), np.array(pk, dtype=object))
    link(np.array(ar_r, dtype=np.int64), np.array(ar_k, dtype=object))
    # A claim with no place, whose document names none, may join the single event of its
    # window, so it must meet every block with a claim dated in that window. The days a
    # block covers: the windows of its claims (a claim without a day takes one of its
    # document's, which is another claim's day).
    doc_placed = {d for d, o in zip(docs.tolist(), own, strict=True) if d is not None and o}
    risky = np.array([not o and d not in doc_placed
                      for d, o in zip(docs.tolist(), own, strict=True)], dtype=bool)
    if not risky.any():
        return
    label = _components(n, np.concatenate(rows), np.concatenate(toks))
    ws = keys["ws"].to_numpy(dtype=np.int64)[valid]
    we = keys["we"].to_numpy(dtype=np.int64)[valid]
    short = (ws != _NO_DAY) & (we - ws <= _WINDOW_LIMIT)
    width = np.where(short, we - ws + 1, 0)
    day_row = np.repeat(vrow, width)
    day = np.repeat(ws, width) + (np.arange(int(width.sum())) - np.repeat(
        np.cumsum(width) - width, width))
    risky_blocks = np.unique(label[vrow[risky]])
    asked = np.unique(day[np.isin(label[day_row], risky_blocks)])
    on = np.isin(day, asked)
    link(day_row[on], day[on].astype(object))


def _pack(root: npt.NDArray[np.int64], nparts: int) -> npt.NDArray[np.int32]:
    """Pack blocks (rows sharing a root) into ``nparts`` partitions, largest block first."""
    import numpy as np

    if len(root) == 0:
        return np.zeros(0, dtype=np.int32)
    blocks, first, label, size = np.unique(root, return_index=True, return_inverse=True,
                                           return_counts=True)
    del blocks
    order = np.lexsort((first, -size))  # largest first, then by first row: deterministic
    load = [(0, p) for p in range(nparts)]
    part_of_block = np.empty(len(size), dtype=np.int32)
    for b in order.tolist():
        used, p = heapq.heappop(load)
        part_of_block[b] = p
        heapq.heappush(load, (used + int(size[b]), p))
    return part_of_block[label]


def _reconcile_pieces(pieces: list[tuple[npt.NDArray[np.int64], pd.DataFrame]],
                      options: dict[str, Any]) -> tuple[npt.NDArray[np.int64], Any]:
    """Reconcile one destination's rows, in input order, with the pandas engine.

    Returns the rows' input positions and ``(result, witnesses)`` (``None`` when empty).
    """
    import numpy as np
    import pandas as pd

    from ._reconcile import reconcile_frame

    pieces = [(r, f) for r, f in pieces if len(r)]
    if not pieces:
        return np.zeros(0, dtype=np.int64), None
    rows = np.concatenate([r for r, _ in pieces])
    raw = pd.concat([f for _, f in pieces]).reset_index(drop=True)
    return rows, reconcile_frame(raw, **options)


def _compute(tasks: list[Any], progress: bool) -> list[Any]:
    """Compute the partitions' tasks; with a distributed client, advance a bar per partition."""
    import importlib

    try:
        dist: Any = importlib.import_module("distributed")
        client = dist.default_client()
    except (ImportError, ValueError):  # no distributed, or no client: dask's own scheduler
        with progress_bar(len(tasks), "reconciling partitions", unit="partition",
                          enabled=progress) as bar:
            compute: Any = importlib.import_module("dask").compute
            out = list(compute(*tasks))
            bar.update(len(tasks))
        return out
    futures = client.compute(tasks)
    where = {f.key: i for i, f in enumerate(futures)}
    results: list[Any] = [None] * len(futures)
    with progress_bar(len(tasks), "reconciling partitions", unit="partition",
                      enabled=progress) as bar:
        for fut in dist.as_completed(futures):
            results[where[fut.key]] = fut.result()
            bar.update()
    return results


def _combine(results: list[Any], *, conservative: bool, by_victims: bool,
             lag_days: int, likely_level: float | None) -> Reconciliation:
    """Concatenate the partitions' frames into the order the pandas engine gives."""
    import numpy as np
    import pandas as pd

    from ._input import empty_claims_frame
    from ._likely import combine_witnesses, set_likely
    from ._reconcile import reconcile

    done = [(rows, r) for rows, r in results if r is not None]
    if not done:
        return reconcile(empty_claims_frame(), conservative=conservative,
                         by_victims=by_victims, lag_days=lag_days, likely_level=likely_level)
    rows = np.concatenate([rows for rows, _ in done])
    claims = pd.concat([r.claims for _, (r, _) in done], ignore_index=True)
    claims = claims.iloc[np.argsort(rows, kind="stable")].reset_index(drop=True)

    def by_event(frames: list[pd.DataFrame]) -> tuple[pd.DataFrame, npt.NDArray[np.int64]]:
        # Each event lies in one partition: a stable sort by event id keeps the order pandas
        # gives inside an event (category, victims; kind for contradictions).
        out = pd.concat(frames, ignore_index=True)
        order = np.argsort(out["event_id"].to_numpy(dtype=object), kind="stable")
        return out.iloc[order].reset_index(drop=True), order

    events, order = by_event([r.events for _, (r, _) in done])
    contradictions, _ = by_event([r.contradictions for _, (r, _) in done])
    # The witnesses' rows, renumbered as the rows were put in order.
    new_row = np.empty(len(order), dtype=np.int64)
    new_row[order] = np.arange(len(order))
    offsets = np.cumsum([0] + [len(r.events) for _, (r, _) in done])
    wit = combine_witnesses([(w, new_row[offsets[i]:offsets[i + 1]])
                             for i, (_, (_, w)) in enumerate(done)])
    sources = set_likely(events, wit, likely_level)
    options = {"conservative": conservative, "by_victims": by_victims, "lag_days": lag_days,
               "likely_level": likely_level}
    return Reconciliation(events=events, contradictions=contradictions, claims=claims,
                          options=options, sources=sources)
