"""Group claims into events when the input gives no ``event_id``.

The rule follows ACLED's aggregation rule -- "violent events involving the same actors
occurring on the same day in the same location are aggregated into a single event" -- made
tolerant of what reports leave out (docs/reconcile.md, "Alignment"):

1. **Anchors.** A claim with a day-precise event date and at least one place is an anchor.
   Anchors that share a (place, day) are one event; a claim naming two places joins both
   blocks (union-find). No date tolerance, so the same town shelled on two days gives two
   events, and nothing chains across days.
2. **Attachment.** Every other claim is attached to an anchor event when one fits:
   (a) an anchor event of the same document; (b) an anchor event in one of its places whose
   day lies in the claim's date window (the week or month of an imprecise date, or
   ``published - lag .. published`` when the report gives no date), the day nearest the
   claim's reference date winning; (c) with no place, the single anchor event in the window
   that shares one of its actors (never a guess between two).
3. **Leftovers** with a place and a window are grouped per place where their windows overlap
   (a sort and a sweep); leftovers with no place stay with their document, one event per
   document; a claim with neither document nor place is its own event.

Every step sorts or hashes; none compares all pairs, so the cost is near-linear.
The column ``alignment`` of ``Reconciliation.claims`` records which rule placed each claim.
"""

from __future__ import annotations

import bisect
import hashlib
from typing import TYPE_CHECKING, Any

from ._fast import strings_from_codes
from ._text import normalise_name

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

__all__ = ["align"]

#: Day number standing in for a missing date.
_NO_DAY = -(2**40)


def _days(s: pd.Series) -> npt.NDArray[np.int64]:
    import numpy as np

    v = s.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    out = v.astype(np.int64)
    out[np.isnat(v)] = _NO_DAY
    return out


def _windows(
    claims: pd.DataFrame, lag_days: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Return each claim's date window [start, end] and reference day, in day numbers."""
    import numpy as np

    ed = claims["event_date"].to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    pub = _days(claims["published"])
    prec = claims["event_date_precision"].fillna("").to_numpy(dtype=object)
    n = len(claims)
    ws = np.full(n, _NO_DAY, dtype=np.int64)
    we = np.full(n, _NO_DAY, dtype=np.int64)
    has_ed = ~np.isnat(ed)
    d = ed.astype(np.int64)
    day = has_ed & (prec == "day")
    ws[day], we[day] = d[day], d[day]
    week = has_ed & (prec == "week")
    # A week-precise date may be the week's middle (ACLED) or its first day: cover both.
    ws[week], we[week] = d[week] - 3, d[week] + 6
    month = has_ed & (prec == "month")
    m0 = ed.astype("datetime64[M]")
    ws[month] = m0[month].astype("datetime64[D]").astype(np.int64)[...]
    we[month] = ((m0[month] + 1).astype("datetime64[D]").astype(np.int64)) - 1
    year = has_ed & (prec == "year")
    y0 = ed.astype("datetime64[Y]")
    ws[year] = y0[year].astype("datetime64[D]").astype(np.int64)
    we[year] = (y0[year] + 1).astype("datetime64[D]").astype(np.int64) - 1
    other = has_ed & ~(day | week | month | year)
    ws[other], we[other] = d[other], d[other]
    # No event date: the report bounds it -- the event happened at most `lag_days` before.
    by_pub = ~has_ed & (pub != _NO_DAY)
    ws[by_pub], we[by_pub] = pub[by_pub] - lag_days, pub[by_pub]
    ref = np.where(has_ed, d, np.where(by_pub, pub, _NO_DAY))
    return ws, we, ref


class _UnionFind:
    __slots__ = ("parent",)

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, a: int) -> int:
        p = self.parent
        root = a
        while p[root] != root:
            root = p[root]
        while p[a] != root:
            p[a], a = root, p[a]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if ra < rb:
                self.parent[rb] = ra
            else:
                self.parent[ra] = rb


def _place_keys(places: Any, location: Any) -> tuple[str, ...]:
    keys: list[str] = []
    for p in places or ():
        k = normalise_name(p)
        if k and k not in keys:
            keys.append(k)
    if not keys and isinstance(location, str):
        k = normalise_name(location)
        if k:
            keys.append(k)
    return tuple(keys)


def align(claims: pd.DataFrame, *, lag_days: int = 3) -> pd.DataFrame:
    """Return ``claims`` with ``event_id`` filled and an ``alignment`` column added.

    Rows that already carry an ``event_id`` keep it (``alignment = "explicit"``);
    placeholder rows (``reason`` set) without one stay unaligned.
    """
    import numpy as np
    import pandas as pd

    explicit = claims["event_id"].notna().to_numpy()
    valid = claims["reason"].isna().to_numpy()
    todo = np.flatnonzero(valid & ~explicit)
    if len(todo) == 0:
        claims["alignment"] = strings_from_codes(np.where(explicit, 0, -1), ["explicit"])
        return claims
    alignment = np.full(len(claims), None, dtype=object)
    alignment[explicit] = "explicit"
    sub = claims.iloc[todo]
    ws, we, ref = _windows(sub, lag_days)
    prec = sub["event_date_precision"].fillna("").to_numpy(dtype=object)
    has_ed = sub["event_date"].notna().to_numpy()
    keys = [
        _place_keys(p, loc)
        for p, loc in zip(sub["places"].tolist(), sub["location"].tolist(), strict=True)
    ]
    actors = [
        frozenset(k for k in (normalise_name(a) for a in (acts or ())) if k)
        for acts in sub["actors"].tolist()
    ]
    doc = sub["doc_id"].to_numpy(dtype=object, na_value=None)
    cid = sub["claim_id"].to_numpy(dtype=object)
    n = len(sub)
    comp = np.full(n, -1, dtype=np.int64)
    how = np.full(n, None, dtype=object)

    # 1. Anchors: one event per (place, day); union-find joins claims naming two places.
    anchor = has_ed & (prec == "day") & np.array([bool(k) for k in keys], dtype=bool)
    uf = _UnionFind(n)
    first_of: dict[tuple[str, int], int] = {}
    for i in np.flatnonzero(anchor).tolist():
        day = int(ref[i])
        for k in keys[i]:
            j = first_of.setdefault((k, day), i)
            if j != i:
                uf.union(j, i)
    anchor_idx = np.flatnonzero(anchor)
    roots = np.array([uf.find(i) for i in anchor_idx.tolist()], dtype=np.int64)
    comp[anchor_idx] = roots
    how[anchor_idx] = "place+day"

    # Lookup tables over anchor events: by document, by place (sorted days), by day.
    # Size = distinct statements (source, category, figure), so a repeated claim cannot tip
    # a document's undated claims from one event to another.
    src = sub["source"].to_numpy(dtype=object, na_value=None)
    stmt = list(zip(src.tolist(), sub["category"].tolist(), sub["low"].tolist(),
                    sub["high"].tolist(), strict=True))
    comp_stmts: dict[int, set[Any]] = {}
    for i, r in zip(anchor_idx.tolist(), roots.tolist(), strict=True):
        comp_stmts.setdefault(r, set()).add(stmt[i])
    comp_size = {c: len(s) for c, s in comp_stmts.items()}
    comp_day: dict[int, int] = {}
    comp_first: dict[int, str] = {}  # smallest claim id: an order-free tie-break
    for i in anchor_idx.tolist():
        c = int(comp[i])
        comp_day.setdefault(c, int(ref[i]))
        if c not in comp_first or str(cid[i]) < comp_first[c]:
            comp_first[c] = str(cid[i])
    by_doc: dict[Any, list[int]] = {}
    by_place: dict[str, list[tuple[int, int]]] = {}
    by_day: dict[int, set[int]] = {}
    comp_actors: dict[int, set[str]] = {}
    comp_places: dict[int, set[str]] = {}
    for i in anchor_idx.tolist():
        c = int(comp[i])
        if doc[i] is not None:
            lst = by_doc.setdefault(doc[i], [])
            if c not in lst:
                lst.append(c)
        for k in keys[i]:
            by_place.setdefault(k, []).append((int(ref[i]), c))
            comp_places.setdefault(c, set()).add(k)
        by_day.setdefault(int(ref[i]), set()).add(c)
        comp_actors.setdefault(c, set()).update(actors[i])
    for lst2 in by_place.values():
        lst2.sort()

    # 2. Attach the other claims to an anchor event.
    leftovers: list[int] = []
    for i in np.flatnonzero(~anchor).tolist():
        target = -1
        has_window = ws[i] != _NO_DAY
        if doc[i] is not None and doc[i] in by_doc:
            cands = by_doc[doc[i]]
            if len(cands) > 1 and keys[i]:
                fit = [c for c in cands if comp_places.get(c, set()).intersection(keys[i])]
                cands = fit or cands
            if len(cands) > 1 and has_window:
                fit = [c for c in cands if ws[i] <= comp_day[c] <= we[i]]
                cands = fit or cands
            target = min(cands, key=lambda c: (-comp_size[c], comp_day[c], comp_first[c]))
            how[i] = "document"
        elif keys[i] and has_window:
            best: tuple[int, int, str] | None = None
            for k in keys[i]:
                lst3 = by_place.get(k)
                if not lst3:
                    continue
                lo = bisect.bisect_left(lst3, (int(ws[i]), -1))
                hi = bisect.bisect_right(lst3, (int(we[i]), 2**62))
                for day, c in lst3[lo:hi]:
                    cand = (abs(day - int(ref[i])), day, comp_first[c])
                    if best is None or cand < best:
                        best = cand
                        target = c
            if target >= 0:
                how[i] = "place+window"
        elif has_window and actors[i]:
            found: set[int] = set()
            if we[i] - ws[i] <= 31:
                for day in range(int(ws[i]), int(we[i]) + 1):
                    for c in by_day.get(day, ()):
                        if comp_actors.get(c, set()) & actors[i]:
                            found.add(c)
            if len(found) == 1:
                target = found.pop()
                how[i] = "actors+window"
        if target >= 0:
            comp[i] = target
        else:
            leftovers.append(i)

    # 3. Leftovers: per place, overlapping windows (sort + sweep); else per document.
    next_id = n
    swept: list[tuple[str, int, int, int]] = []
    for i in leftovers:
        if keys[i] and ws[i] != _NO_DAY:
            swept.extend((k, int(ws[i]), int(we[i]), i) for k in keys[i])
    swept.sort()
    uf2: dict[int, int] = {}

    def find2(a: int) -> int:
        while uf2.get(a, a) != a:
            uf2[a] = uf2.get(uf2[a], uf2[a])
            a = uf2[a]
        return a

    prev_key, run_end, run_head = None, _NO_DAY, -1
    for k, s, e, i in swept:
        if k != prev_key or s > run_end:
            prev_key, run_end, run_head = k, e, i
        else:
            run_end = max(run_end, e)
            ra, rb = find2(run_head), find2(i)
            if ra != rb:
                uf2[max(ra, rb)] = min(ra, rb)
    doc_comp: dict[Any, int] = {}
    for i in leftovers:
        if keys[i] and ws[i] != _NO_DAY:
            comp[i] = n + find2(i)
            how[i] = "place+window"
        elif doc[i] is not None:
            if doc[i] not in doc_comp:
                doc_comp[doc[i]] = next_id + n
                next_id += 1
            comp[i] = doc_comp[doc[i]]
            how[i] = "document only (no day-precise date and place)"
        else:
            comp[i] = 3 * n + i
            how[i] = "alone (no date, place or document)"

    # Name each event from its earliest day, its commonest place and its smallest claim id:
    # readable, and independent of input order.
    ids = _event_names(comp, ref, keys, cid)
    ev = claims["event_id"].astype(object).to_numpy(copy=True)
    ev[todo] = ids
    claims["event_id"] = pd.Series(ev, index=claims.index).astype("string")
    alignment[todo] = how
    claims["alignment"] = pd.Series(alignment, index=claims.index, dtype="string")
    return claims


def _event_names(
    comp: npt.NDArray[np.int64],
    ref: npt.NDArray[np.int64],
    keys: list[tuple[str, ...]],
    cid: npt.NDArray[Any],
) -> list[str]:
    import numpy as np

    members: dict[int, list[int]] = {}
    for i, c in enumerate(comp.tolist()):
        members.setdefault(c, []).append(i)
    name_of: dict[int, str] = {}
    for c, idx in members.items():
        days = [int(ref[i]) for i in idx if ref[i] != _NO_DAY]
        day = str(np.datetime64(min(days), "D")) if days else "undated"
        counts: dict[str, int] = {}
        for i in idx:
            for k in keys[i]:
                counts[k] = counts.get(k, 0) + 1
        place = min(counts, key=lambda k: (-counts[k], k)) if counts else "unplaced"
        first = min(str(cid[i]) for i in idx)
        h = hashlib.blake2b(first.encode("utf-8", "surrogatepass"), digest_size=4).hexdigest()
        name_of[c] = f"{day}:{place.replace(' ', '-')}:{h}"
    return [name_of[c] for c in comp.tolist()]
