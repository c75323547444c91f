"""Group claims into events when the input gives no ``event_id``.

The rule follows ACLED's aggregation rule -- "violent events involving the same actors
occurring on the same day in the same location are aggregated into a single event" -- made
tolerant of what reports leave out (docs/reconcile.md, "Alignment"):

0. **Documents and keys.** Place names are compared under a transliteration-insensitive key
   (``claims.normalise_place``: "Deir al-Zour" = "Deir ez-Zor"). A claim that names no place
   takes its document's places, and a claim with no day-precise date takes its document's
   commonest day-precise date: a report is about one event unless it says otherwise.
1. **Anchors.** A claim with a day-precise date and a place is an anchor. Anchors sharing a
   (place, day) are one event; a claim naming two places joins both (union-find). Claims
   with an explicit ``event_id`` are anchors of that event too, so a report without an id
   can join an event the input named. No date tolerance: the same town shelled on two days
   is two events, and nothing chains across days.
2. **Attachment.** Every other claim joins an anchor event when one fits: (a) an anchor
   event of its own document; (b) an anchor event in one of its places whose day lies in
   the claim's date window (the week or month of an imprecise date, or
   ``published - lag .. published`` when the report gives no date), nearest day first;
   (c) with no place, the single anchor event in the window that shares one of its actors
   (never a guess between two).
3. **Leftovers** with a place and a window are grouped per place where their windows overlap
   (a sort and a sweep); leftovers with no place stay with their document, one event per
   document; a claim with neither document nor place is its own event.

An inferred event that contains claims of an explicit event takes that event's id (the one
with the most claims in it, when several). Every step sorts or hashes; none compares all
pairs, so the cost is near-linear. ``Reconciliation.claims.alignment`` records which rule
placed each claim.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter
from typing import TYPE_CHECKING, Any

from .._gc import no_cycle_collection
from ._fast import obj_array, strings_from_codes
from ._intervals import close_tolls
from ._text import normalise_name

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    import numpy as np
    import numpy.typing as npt
    import pandas as pd

__all__ = ["align"]

#: Day number standing in for a missing date.
_NO_DAY = -(2**40)
#: Joins a place key and a country code when one key names places in several (_split_keys).
_SPLIT = "@"
_SLUG = re.compile(r"[^0-9a-z]+")


def _windows(
    claims: pd.DataFrame, lag_days: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Return each claim's date window [start, end] and reference day, in day numbers."""
    import numpy as np

    ed = claims["event_date"].to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    pv = claims["published"].to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    pub = pv.astype(np.int64)
    pub[np.isnat(pv)] = _NO_DAY
    prec = claims["event_date_precision"].fillna("").to_numpy(dtype=object)
    n = len(claims)
    ws = np.full(n, _NO_DAY, dtype=np.int64)
    we = np.full(n, _NO_DAY, dtype=np.int64)
    has_ed = ~np.isnat(ed)
    d = ed.astype(np.int64)
    day = has_ed & ((prec == "day") | ~np.isin(prec, ["week", "month", "year"]))
    ws[day], we[day] = d[day], d[day]
    week = has_ed & (prec == "week")
    # A week-precise date may be the week's middle (ACLED) or its first day: cover both.
    ws[week], we[week] = d[week] - 3, d[week] + 6
    for p, unit in (("month", "M"), ("year", "Y")):
        m = has_ed & (prec == p)
        s0 = ed[m].astype(f"datetime64[{unit}]")
        ws[m] = s0.astype("datetime64[D]").astype(np.int64)
        we[m] = (s0 + 1).astype("datetime64[D]").astype(np.int64) - 1
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


def _place_key_fn() -> Any:
    try:
        from ..claims import normalise_place
    except ImportError:  # pragma: no cover - claims stage missing: plain normalisation
        return normalise_name

    def key(name: str) -> str:
        return str(normalise_place(name)) or normalise_name(name)

    return key


def align(
    claims: pd.DataFrame,
    *,
    lag_days: int = 3,
    place_aliases: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Return ``claims`` with ``event_id`` filled and an ``alignment`` column added.

    Rows that already carry an ``event_id`` keep it (``alignment = "explicit"``);
    placeholder rows (``reason`` set) without one stay unaligned. ``place_aliases`` maps a
    place name to the place(s) that contain it, on top of the gazetteer.
    """
    with no_cycle_collection():
        return _align(claims, lag_days=lag_days, place_aliases=place_aliases)


def _align(
    claims: pd.DataFrame,
    *,
    lag_days: int,
    place_aliases: Mapping[str, Any] | None,
) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    explicit_all = claims["event_id"].notna().to_numpy()
    valid = claims["reason"].isna().to_numpy()
    todo_all = valid & ~explicit_all
    if not todo_all.any():
        claims["alignment"] = strings_from_codes(np.where(explicit_all, 0, -1), ["explicit"])
        return claims
    take = np.flatnonzero(valid)
    sub = claims.iloc[take]
    n = len(sub)
    is_exp = explicit_all[take]
    eids = obj_array(sub["event_id"])
    ws, we, ref = _windows(sub, lag_days)
    prec = sub["event_date_precision"].fillna("").to_numpy(dtype=object)
    day_precise = sub["event_date"].notna().to_numpy() & np.isin(prec, ["day", ""])
    keyf = _place_key_fn()
    key_cache: dict[str, str] = {}
    display: dict[str, str] = {}

    written: dict[str, str] = {}

    split = _split_keys(sub["places"].tolist(), sub["location"].tolist(), keyf,
                        place_aliases)

    def pkey(name: str) -> str:
        k = key_cache.get(name)
        if k is None:
            k = key_cache[name] = split.get(name) or keyf(name)
            if k and (k not in written or name < written[k]):
                written[k] = name
            if k:
                shown = _SLUG.sub("-", normalise_name(name)).strip("-")
                if k not in display or shown < display[k]:
                    display[k] = shown
        return k

    keys: list[tuple[str, ...]] = []
    for p, loc in zip(sub["places"].tolist(), sub["location"].tolist(), strict=True):
        ks: list[str] = []
        for name in [*(p or ()), *([loc] if isinstance(loc, str) else [])]:
            k = pkey(name) if name else ""
            if k and k not in ks:
                ks.append(k)
        keys.append(tuple(ks))
    actors = [
        frozenset(k for k in (normalise_name(a) for a in (acts or ())) if k)
        for acts in sub["actors"].tolist()
    ]
    doc = obj_array(sub["doc_id"])
    cid = sub["claim_id"].to_numpy(dtype=object)
    how = np.full(n, None, dtype=object)

    # 0. A claim without a place or a day takes its document's. Votes are distinct
    # statements (source, category, figure), so a repeated sentence cannot tip the choice.
    src = obj_array(sub["source"])
    stmt = list(zip(src.tolist(), sub["category"].tolist(), sub["low"].tolist(),
                    sub["high"].tolist(), strict=True))
    doc_keys: dict[Any, Counter[str]] = {}
    # Only documents with two or more claims have anything to share.
    dcodes, _ = pd.factorize(sub["doc_id"])
    shared_doc = (dcodes >= 0) & (np.bincount(dcodes[dcodes >= 0] if n else dcodes,
                                              minlength=1)[np.maximum(dcodes, 0)] > 1)
    # Day votes, each with the places of the claim that gives it (see "0c" below).
    votes_of: dict[Any, set[tuple[int, Any, tuple[str, ...]]]] = {}
    for i in np.flatnonzero(shared_doc).tolist():
        if keys[i]:
            doc_keys.setdefault(doc[i], Counter()).update(keys[i])
        if day_precise[i]:
            votes_of.setdefault(doc[i], set()).add((int(ref[i]), stmt[i], keys[i]))
    # Week or month windows of a document's claims, for its undated claims (below).
    has_ed = sub["event_date"].notna().to_numpy()
    spans_of: dict[Any, set[tuple[int, int, int, Any, tuple[str, ...]]]] = {}
    for i in np.flatnonzero(shared_doc & has_ed & ~day_precise).tolist():
        spans_of.setdefault(doc[i], set()).add((int(ws[i]), int(we[i]), int(ref[i]), stmt[i],
                                                keys[i]))
    inherited = np.zeros(n, dtype=bool)
    for i in np.flatnonzero(~is_exp & shared_doc).tolist():
        d = doc[i]
        if not keys[i] and d in doc_keys:
            keys[i] = tuple(sorted(doc_keys[d], key=lambda k: (-doc_keys[d][k], k)))
            inherited[i] = True

    # 0b. Geography: a claim's places that contain another of its places are dropped ("Khasham
    # in Deir ez-Zor province" is placed by Khasham), and a claim whose places are all areas
    # (a country, a province) is *coarse*: it joins the event inside its area, below.
    within: dict[str, frozenset[str]] = {}
    area_of: dict[str, str] = {}
    coarse = np.zeros(n, dtype=bool)
    if written:
        within, area_of = _geography(keys, doc, shared_doc, written, place_aliases)
        for i in range(n):
            own_keys = keys[i]
            if not own_keys:
                continue
            if len(own_keys) > 1:
                kept = tuple(k for k in own_keys if not (
                    k in area_of
                    and any(area_of[k] in within.get(o, ()) for o in own_keys if o != k)))
                keys[i] = own_keys = kept or own_keys
            coarse[i] = all(k in area_of for k in own_keys)

    # 0c. A claim without a day takes its document's commonest day, counted over the days
    # of claims that may be about its place: not a day given only for another town ("43
    # killed in Sadr City ... Elsewhere, five died in Nizhyn on 21 January": the Nizhyn day
    # does not date the Sadr City headline). Days of its own places count first.
    for i in np.flatnonzero(~is_exp & shared_doc & ~day_precise).tolist():
        votes = votes_of.get(doc[i])
        places_i = keys[i]
        usable = [v for v in votes or () if not _other_towns(places_i, v[2], within, area_of)]
        same = [v for v in usable if set(places_i) & set(v[2])]
        pick = same or usable
        if not pick:
            if not has_ed[i] and doc[i] in spans_of:
                # No day in the document, but a week or a month ("A rocket attack killed two
                # in Jos last week." under the headline "2 killed in Jos rocket attack"): the
                # undated claim takes that window rather than the lag before publication.
                spans = [v for v in spans_of[doc[i]]
                         if not _other_towns(places_i, v[4], within, area_of)]
                if spans:
                    span_votes = Counter(v[:3] for v in {(v[0], v[1], v[2], v[3])
                                                         for v in spans})
                    top_span = min(span_votes, key=lambda x: (-span_votes[x], x))
                    ws[i], we[i], ref[i] = top_span
                    inherited[i] = True
            continue
        votes_d = Counter(day for day, _ in {(v[0], v[1]) for v in pick})
        top = min(votes_d, key=lambda x: (-votes_d[x], x))
        ref[i], ws[i], we[i] = top, top, top
        day_precise[i] = True
        inherited[i] = True

    # Python lists from here on: indexing a numpy array one element at a time is slow.
    ws_l, we_l, ref_l = ws.tolist(), we.tolist(), ref.tolist()
    dp_l, exp_l = day_precise.tolist(), is_exp.tolist()
    doc_l, eid_l = doc.tolist(), eids.tolist()
    cid_l = [str(x) for x in cid.tolist()]
    how_l: list[Any] = how.tolist()
    # 1. Anchors: one event per (place, day), and per explicit event id.
    has_key = np.array([bool(k) for k in keys], dtype=bool)
    anchor = (day_precise & has_key & ~is_exp & ~coarse) | is_exp
    uf = _UnionFind(n)
    first_of: dict[Any, int] = {}
    for i in np.flatnonzero(anchor).tolist():
        links: list[Any] = [("\x00event", eid_l[i])] if exp_l[i] else []
        if dp_l[i]:
            links.extend((k, ref_l[i]) for k in keys[i])
        for key in links:
            j = first_of.setdefault(key, i)
            if j != i:
                uf.union(j, i)
    # 1b. Coarse claims of a day: the single event of that day inside their area takes them
    # ("Syria" or "Deir ez-Zor province" on 7 February, and one event in Khasham that day);
    # with none they are an event of their own (area, day); with several they stay apart,
    # and say so: two towns of one province hit on one day are two events.
    by_area_day: dict[tuple[str, int], set[int]] = {}
    coarse_day = np.flatnonzero(coarse & day_precise & ~is_exp).tolist()
    apart: dict[int, list[int]] = {}
    at_least: set[int] = set()  # claims kept apart also by reports of other places
    if coarse_day:
        for i in np.flatnonzero(anchor).tolist():
            if dp_l[i]:
                for k in keys[i]:
                    for ar in within.get(k, ()):
                        by_area_day.setdefault((ar, ref_l[i]), set()).add(i)
        doc_day_anchors: dict[tuple[Any, int], list[int]] = {}
        for i in np.flatnonzero(anchor & ~is_exp).tolist():
            if doc_l[i] is not None and dp_l[i]:
                doc_day_anchors.setdefault((doc_l[i], ref_l[i]), []).append(i)
        # Finer areas first: a province's claims settle before the country's, so "Syria"
        # finds the event that a report placed in "Deir ez-Zor" province.
        depth = {i: max(len(within.get(k, ())) for k in keys[i]) for i in coarse_day}
        for level in sorted(set(depth.values()), reverse=True):
            batch = [i for i in coarse_day if depth[i] == level]
            # Each claim's candidates are read before any of the batch joins: a join must
            # not merge the candidates of the next claim, or the result would follow row order.
            cands_of = [{uf.find(j) for k in keys[i]
                         for j in by_area_day.get((area_of[k], ref_l[i]), ())} for i in batch]
            # With none found by the gazetteer, its own document's event of that day, when
            # the gazetteer cannot tell (a province it does not tie to its towns, a district):
            # "Mozambique: insurgents kill 10 in Cabo Delgado" over a body placed in Macomia.
            # A report is about one event unless it says otherwise.
            own_of = [set() if roots or doc_l[i] is None else {
                uf.find(j) for j in doc_day_anchors.get((doc_l[i], ref_l[i]), ())
                if not _known_outside(keys[i], keys[j], within, area_of)} for i, roots in
                zip(batch, cands_of, strict=True)]
            for i, roots, in_doc in zip(batch, cands_of, own_of, strict=True):
                if len(roots) == 1:
                    uf.union(roots.pop(), i)
                    how_l[i] = "inside its area+day"
                elif not roots and len(in_doc) == 1:
                    uf.union(in_doc.pop(), i)
                    how_l[i] = "inside its area+day (its document's event)"
                else:
                    for k in keys[i]:
                        j = first_of.setdefault((k, ref_l[i]), i)
                        if j != i:
                            uf.union(j, i)
                    if roots:
                        apart[i] = sorted(roots)
            for i in batch:
                for k in keys[i]:
                    for ar in within.get(k, ()):
                        by_area_day.setdefault((ar, ref_l[i]), set()).add(i)
        anchor[coarse_day] = True
    comp: list[int] = [-1] * n
    anchor_list = np.flatnonzero(anchor).tolist()
    roots_l = [uf.find(i) for i in anchor_list]
    for i, r in zip(anchor_list, roots_l, strict=True):
        comp[i] = r
        if not exp_l[i] and how_l[i] is None:
            how_l[i] = "place+day"

    # Lookup tables over anchor events, built over distinct (component, ...) keys.
    # Size = distinct statements (source, category, figure), so a repeated claim cannot tip
    # a document's claims from one event to another.
    anc = pd.DataFrame({
        "c": roots_l,
        "cid": [cid_l[i] for i in anchor_list],
        "s": [stmt[i] for i in anchor_list],
        "day": [ref_l[i] if dp_l[i] else None for i in anchor_list],
    })
    comp_size = anc.drop_duplicates(["c", "s"]).groupby("c").size().to_dict()
    # Ties between events are broken by each event's sorted (place, day) and event-id links:
    # unlike its smallest claim id, a repeated claim cannot change them. All the links, not
    # only the smallest: two events of one day can share their smallest link (a coarse report
    # naming two areas joins the event of one of them), and the tie would then fall to the
    # union-find root, which follows row order.
    link_sets: dict[int, set[tuple[str, Any]]] = {}
    for i, c in zip(anchor_list, roots_l, strict=True):
        own = link_sets.setdefault(c, set())
        if exp_l[i]:
            own.add(("\x00event", eid_l[i]))
        if dp_l[i]:
            own.update((k, ref_l[i]) for k in keys[i])
    comp_link = {c: tuple(sorted(v)) for c, v in link_sets.items()}
    days_min = anc.dropna(subset=["day"]).groupby("c")["day"].min()
    comp_day = dict(zip(days_min.index.tolist(), map(int, days_min.tolist()), strict=True))
    need_doc = {doc_l[i] for i in np.flatnonzero(~anchor & shared_doc).tolist()}
    need_actors = bool((~anchor & ~has_key).any())
    by_doc: dict[Any, list[int]] = {}
    by_place: dict[str, list[tuple[int, int]]] = {}
    by_day: dict[int, set[int]] = {}
    comp_actors: dict[int, set[str]] = {}
    comp_places: dict[int, set[str]] = {}
    seen: set[tuple[str, int, int]] = set()
    # Category family: a report of the missing or captured is not folded into a toll of the
    # dead and wounded on its date alone.
    cat_l = sub["category"].tolist()
    family = [_FAMILY.get(c, "harm") if isinstance(c, str) else "harm" for c in cat_l]
    by_day_fam: dict[tuple[str, int], set[int]] = {}
    by_area_win: dict[tuple[str, int], set[int]] = {}
    # For a dense window (more than _MANY events), the events sharing an actor are found
    # through the actor, not by reading every event of the window.
    comps_by_actor: dict[str, set[int]] = {}
    comp_fam_days: dict[int, set[tuple[str, int]]] = {}
    for i, c in zip(anchor_list, roots_l, strict=True):
        if dp_l[i]:
            by_day_fam.setdefault((family[i], ref_l[i]), set()).add(c)
            comp_fam_days.setdefault(c, set()).add((family[i], ref_l[i]))
            if within:
                for k in keys[i]:
                    for ar in within.get(k, ()):
                        by_area_win.setdefault((ar, ref_l[i]), set()).add(c)
        if need_doc and doc_l[i] in need_doc:
            lst = by_doc.setdefault(doc_l[i], [])
            if c not in lst:
                lst.append(c)
        if need_actors:
            comp_actors.setdefault(c, set()).update(actors[i])
            for a in actors[i]:
                comps_by_actor.setdefault(a, set()).add(c)
        if dp_l[i]:
            day = ref_l[i]
            if need_actors:
                by_day.setdefault(day, set()).add(c)
            for k in keys[i]:
                if (k, day, c) not in seen:
                    seen.add((k, day, c))
                    by_place.setdefault(k, []).append((day, c))
                    comp_places.setdefault(c, set()).add(k)
    for lst2 in by_place.values():
        lst2.sort()
    far = 2**62

    # Places reported in a window by claims that are not anchors (an undated "12 killed in
    # Aleppo"): an event of its own or of an anchor's place, to be counted before a claim
    # with no place is said to have a single event to join.
    placed_win: dict[tuple[str, int], dict[str, int]] = {}
    if bool((~anchor & (~has_key | coarse)).any()):
        for i in np.flatnonzero(~anchor & has_key).tolist():
            if ws_l[i] != _NO_DAY and we_l[i] - ws_l[i] <= 31:
                for day in range(ws_l[i], we_l[i] + 1):
                    slot = placed_win.setdefault((family[i], day), {})
                    for k in keys[i]:
                        slot.setdefault(k, i)

    # 2. Attach the other claims to an anchor event.
    best_l = sub["best"].tolist()
    comp_figs: dict[int, list[tuple[Any, Any]]] | None = None  # built when first needed
    leftovers: list[int] = []
    many: set[int] = set()  # claims whose window holds more than _MANY events
    for i in np.flatnonzero(~anchor).tolist():
        target = -1
        has_window = ws_l[i] != _NO_DAY
        # Its document's events, but not an event only of another town (a round-up's).
        doc_cands = by_doc.get(doc_l[i]) if doc_l[i] is not None else None
        if doc_cands and keys[i]:
            doc_cands = [c for c in doc_cands if not _other_towns(
                keys[i], tuple(comp_places.get(c, ())), within, area_of)]
        if doc_cands:
            cands = doc_cands
            if len(cands) > 1 and keys[i]:
                fit = [c for c in cands if comp_places.get(c, set()).intersection(keys[i])]
                cands = fit or cands
            if len(cands) > 1 and has_window:
                fit = [c for c in cands if ws_l[i] <= comp_day.get(c, far) <= we_l[i]]
                cands = fit or cands
            target = min(cands, key=lambda c: (-comp_size[c], comp_day.get(c, far),
                                               comp_link[c]))
            how_l[i] = "document"
        elif keys[i] and has_window:
            best: tuple[int, int, tuple[tuple[str, Any], ...]] | None = None
            seen_c: set[int] = set()
            for k in keys[i]:
                lst3 = by_place.get(k)
                if not lst3:
                    continue
                lo = bisect.bisect_left(lst3, (ws_l[i], -1))
                hi = bisect.bisect_right(lst3, (we_l[i], far))
                for day, cc in lst3[lo:hi]:
                    seen_c.add(cc)
                    cand = (abs(day - ref_l[i]), day, comp_link[cc])
                    if best is None or cand < best:
                        best = cand
                        target = cc
            if len(seen_c) > 1 and we_l[i] - ws_l[i] > lag_days:
                # A week or a month holding two events of its place: the nearest to the
                # period's middle would be a guess ("earlier this month" in a town hit on
                # the 3rd and the 12th). Coders tell incidents apart by more than date and
                # place (IBC: date, place and weapon); a claim here always has its toll: the
                # single event with a figure of its category within a factor of
                # TOLL_MATCH of its own (close_tolls). Else it stays apart.
                if comp_figs is None:
                    comp_figs = _figures_of(anchor_list, roots_l, cat_l, best_l)
                fits = {c for c in seen_c if _toll_fits(comp_figs.get(c, ()), cat_l[i],
                                                        best_l[i])}
                if len(fits) == 1:
                    target = fits.pop()
                else:
                    target = -1
                    apart[i] = sorted(seen_c)
            if target >= 0:
                how_l[i] = "place+window"
            elif coarse[i] and we_l[i] - ws_l[i] <= 31:
                # "in Syria", undated: the single event inside its area in its window.
                areas = [area_of[k] for k in keys[i]]
                inside = _in_window(by_area_win, areas, ws_l[i], we_l[i], cap=_MANY)
                # The filter runs inside the search, before its limit: filtering the first
                # three places found would depend on which were seen first (row order).
                others = _other_places(
                    placed_win, family[i], ws_l[i], we_l[i], inside, comp_places, within,
                    area_of, keep=_inside_of(set(keys[i]), set(areas), within))
                if len(inside) > _MANY:
                    many.add(i)
                if others:
                    apart[i] = sorted(inside)
                    at_least.add(i)
                elif len(inside) == 1:
                    target = inside.pop()
                    how_l[i] = "inside its area+window"
                elif inside:
                    apart[i] = sorted(inside)
        elif has_window and we_l[i] - ws_l[i] <= 31:
            # No place: the single event of its window (issue 9), or, among several, the
            # single one that shares an actor. Never a guess between two: two events on one
            # day in two places stay apart, and the claim says which events it could join.
            in_window = _in_window(by_day_fam, [family[i]], ws_l[i], we_l[i], cap=_MANY)
            if len(in_window) > _MANY:
                many.add(i)
            others = _other_places(placed_win, family[i], ws_l[i], we_l[i], in_window,
                                   comp_places, within, area_of)
            if others:
                # Reports of other places in the window: several events, not one.
                apart[i] = sorted(in_window)
                at_least.add(i)
            elif len(in_window) == 1:
                target = in_window.pop()
                how_l[i] = "only event of its window"
            else:
                if i in many:
                    # the window's events that share an actor, found through the actor
                    fam, lo_d, hi_d = family[i], ws_l[i], we_l[i]
                    shared = {c for a in actors[i] for c in comps_by_actor.get(a, ())
                              if any(f == fam and lo_d <= d <= hi_d
                                     for f, d in comp_fam_days.get(c, ()))}
                else:
                    shared = {c for c in in_window if comp_actors.get(c, set()) & actors[i]}
                if len(shared) == 1:
                    target = shared.pop()
                    how_l[i] = "actors+window"
                elif in_window:
                    apart[i] = sorted(in_window)
        if target >= 0:
            comp[i] = target
        else:
            leftovers.append(i)

    # 3. Leftovers: per place, overlapping windows (sort + sweep); else per document.
    swept = sorted((k, ws_l[i], we_l[i], i) for i in leftovers
                   if keys[i] and ws_l[i] != _NO_DAY for k in keys[i])
    prev_key, run_end, run_head = None, _NO_DAY, -1
    for k, s, e, i in swept:
        # A run ends where its first claim's window ends: undated reports of one town
        # published day after day must not chain into one event (nothing chains across
        # days, as for anchors).
        if k != prev_key or s > run_end:
            prev_key, run_end, run_head = k, e, i
        else:
            uf.union(run_head, i)
    doc_comp: dict[Any, int] = {}
    for i in leftovers:
        if keys[i] and ws_l[i] != _NO_DAY:
            comp[i] = n + uf.find(i)
            how_l[i] = "place+window"
        elif doc_l[i] is not None:
            comp[i] = doc_comp.setdefault(doc_l[i], 2 * n + len(doc_comp))
            how_l[i] = "document only (no day-precise date and place)"
        else:
            comp[i] = 4 * n + i
            how_l[i] = "alone (no date, place or document)"
    how = np.array(how_l, dtype=object)
    comp_arr = np.array(comp, dtype=np.int64)
    how[inherited & (how == "place+day")] = "place+day (from its document)"

    place_depth = {k: len(v) for k, v in within.items()}
    ids, joined_all = _event_names(comp_arr, ref, day_precise, keys, display, cid, eids, is_exp,
                                   place_depth)
    for i, cands in apart.items():
        if i in many:
            # A dense window: which events were read first depends on row order, so none
            # is named.
            more = f"more than {_MANY} events it could join"
            tail = " and reports of other places in its window" if i in at_least else ""
            how[i] = f"{how[i]}; apart: {more}{tail}"
            continue
        # The claim stays apart: say between which events it could not choose.
        names = sorted({ids[c] for c in cands})
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        if i in at_least:
            # Which other places were seen first depends on input order: name none of them.
            said = f"{len(names)} events it could join ({shown}) and " if names else ""
            how[i] = f"{how[i]}; apart: {said}reports of other places in its window"
        else:
            how[i] = f"{how[i]}; apart: {len(names)} events it could join ({shown})"
    ev = claims["event_id"].astype(object).to_numpy(copy=True)
    todo_pos = np.flatnonzero(~is_exp)
    ev[take[todo_pos]] = [ids[i] for i in todo_pos.tolist()]
    joined = joined_all[todo_pos]
    claims["event_id"] = pd.Series(ev, index=claims.index).astype("string")
    alignment = np.full(len(claims), None, dtype=object)
    alignment[explicit_all] = "explicit"
    notes = how[todo_pos].astype(object)
    notes[joined] = [f"{h}; joined a named event" for h in notes[joined]]
    alignment[take[todo_pos]] = notes
    claims["alignment"] = pd.Series(alignment, index=claims.index, dtype="string")
    return claims


_FAMILY = {"missing": "taken", "captured": "taken"}
#: More events than this in a claim's window is a dense window (see _in_window).
_MANY = 32


def _figures_of(anchor_list: list[int], roots: list[int], cats: list[Any],
                bests: list[Any]) -> dict[int, list[tuple[Any, Any]]]:
    """Per anchor event, the (category, best figure) of its claims."""
    out: dict[int, list[tuple[Any, Any]]] = {}
    for i, c in zip(anchor_list, roots, strict=True):
        out.setdefault(c, []).append((cats[i], bests[i]))
    return out


def _toll_fits(figures: Iterable[tuple[Any, Any]], category: Any, best: Any) -> bool:
    """Whether an event has a figure of ``category`` close to ``best`` (``close_tolls``)."""
    if not isinstance(best, int):
        return False
    return any(c == category and isinstance(b, int) and close_tolls(b, best)
               for c, b in figures)


def _known_outside(areas: tuple[str, ...], places: tuple[str, ...],
                   within: dict[str, frozenset[str]], area_of: dict[str, str]) -> bool:
    """Whether the gazetteer places every one of ``places`` in another country than ``areas``.

    Only the country is compared: inside one country a province the gazetteer does not tie
    to its towns may still hold them.
    """
    countries = {area_of[a].split("/")[0] for a in areas if a in area_of}
    if not countries or not places:
        return False
    return all(
        p in within and not countries.intersection(x for x in within[p] if "/" not in x)
        for p in places)


def _other_towns(a: tuple[str, ...], b: tuple[str, ...], within: dict[str, frozenset[str]],
                 area_of: dict[str, str]) -> bool:
    """Return whether places ``a`` and ``b`` are all towns the gazetteer knows, and distinct.

    Two different towns are two places; an area (a province, a country) or a name the
    gazetteer does not know may contain the other, so it is never "other".
    """
    if not a or not b:
        return False
    return all(x != y and x in within and y in within and x not in area_of
               and y not in area_of for x in a for y in b)


def _inside_of(
    own: set[str], areas: set[str], within: dict[str, frozenset[str]]
) -> Callable[[str], bool]:
    """Return a test: a place inside one of ``areas``, other than the claim's ``own``."""

    def keep(k: str) -> bool:
        return k not in own and not areas.isdisjoint(within.get(k, ()))

    return keep


def _other_places(
    placed: dict[tuple[str, int], dict[str, int]],
    fam: str,
    start: int,
    end: int,
    events: set[int],
    event_places: dict[int, set[str]],
    within: dict[str, frozenset[str]],
    area_of: dict[str, str],
    limit: int = 3,
    keep: Callable[[str], bool] | None = None,
) -> dict[str, int]:
    """Return places (one claim each) reported in the window but in none of ``events``.

    A place inside one of the events' places, or containing one, is the same place here.
    Only places for which ``keep`` is true count. At most ``limit`` are returned.
    """
    known: set[str] = set()
    for c in events:
        known.update(event_places.get(c, ()))
    known_areas = {a for o in known if (a := area_of.get(o)) is not None}
    out: dict[str, int] = {}
    for day in range(start, end + 1):
        for k, j in placed.get((fam, day), {}).items():
            if k in known or k in out or (keep is not None and not keep(k)):
                continue
            inside = within.get(k, frozenset())
            if not known_areas.isdisjoint(inside):
                continue  # a place inside an event's area (or town)
            if k in area_of and any(area_of[k] in within.get(o, ()) for o in known):
                continue  # an area holding an event's place
            out[k] = j
            if len(out) >= limit:
                # Enough to say the claim has no single event to join: stop, so the cost does
                # not grow with the number of events a day (a dense corpus).
                return out
    return out


def _in_window(table: dict[tuple[str, int], set[int]], heads: list[str], start: int,
               end: int, cap: int | None = None) -> set[int]:
    """Return the events of ``table`` under any of ``heads`` on a day of [start, end].

    With ``cap``, stop once more than ``cap`` are found: a claim only needs to know whether
    its window holds none, one or several events, and reading every event of a dense window
    for every claim would make the cost grow with the square of the corpus.
    """
    out: set[int] = set()
    for h in heads:
        for day in range(start, end + 1):
            got = table.get((h, day))
            if not got:
                continue
            if cap is None or len(out) + len(got) <= cap:
                out.update(got)
                continue
            for c in got:  # a dense day: take only what passes the cap
                out.add(c)
                if len(out) > cap:
                    return out
    return out


def _split_keys(places: list[Any], locations: list[Any], keyf: Any,
                aliases: Mapping[str, Any] | None) -> dict[str, str]:
    """Return a key of its own for names whose place key another country's place shares.

    The place key is a consonant skeleton (``normalise_place``), a blocking key: "Dessie"
    (Ethiopia) and "Dosso" (Niger) are both "ds", and reports of the two on one day were one
    event. When the spellings of one key name places in two or more countries, a spelling
    that is the exact name of places in a single country gets the key plus that country
    ("ds@ET", "ds@NE"), unless a spelling nearly alike (:func:`_transliterations`) is
    placed in another country or in none: it may be the same name ("al-Sokhna" names a
    place in India, but beside "Al-Sukhnah" it is the Syrian town). Spellings of no known
    place, or of places in several countries, keep the bare key: reading them alone would
    pick the most populous place of that key anywhere (on UCDP GED Syria, splitting by
    that reading parted "Tal Abiad" from "Tal Abyad" and lost alignment recall).
    """
    names: set[str] = set()
    for p, loc in zip(places, locations, strict=True):
        names.update(n for n in (p or ()) if n)
        if isinstance(loc, str) and loc:
            names.add(loc)
    by_key: dict[str, set[str]] = {}
    for n in names:
        k = keyf(n)
        if k:
            by_key.setdefault(k, set()).add(n)
    out: dict[str, str] = {}
    gz = None
    for k, spellings in by_key.items():
        if len(spellings) < 2 or len({normalise_name(n) for n in spellings}) < 2:
            continue
        if gz is None:
            from ._gazetteer import gazetteer

            gz = gazetteer(aliases)
        named = {n: gz.named_in(n) for n in spellings}
        if len({c for c in named.values() if len(c) == 1}) < 2:
            continue  # not two countries' places among them: nothing to part
        for n, c in named.items():
            # A spelling exactly one country's place takes that country, unless a spelling
            # nearly alike is placed elsewhere or nowhere (a transliteration of it, or of
            # what it may be); spellings of no known place keep the bare key.
            if len(c) == 1 and not any(named[m] != c and _transliterations(n, m)
                                       for m in spellings if m != n):
                out[n] = f"{k}{_SPLIT}{next(iter(c))}"
    return out


def _transliterations(a: str, b: str) -> bool:
    """Whether two spellings of one place key may be one name transliterated twice.

    Transliterations of one name differ in their vowels ("al-Sukhnah", "al-Sokhna": a ratio
    of 0.77; "Tal Abiad", "Tal Abyad"); namesakes of one consonant key differ more
    ("Dessie", "Dosso": 0.55). The gazetteer's test of a transliteration, on the names'
    cores, looser (0.7 rather than 0.8): here it only keeps spellings together.
    """
    from ..claims import place_core
    from ._gazetteer import alike

    return alike(place_core(a), place_core(b), ratio=0.7)


def _geography(
    keys: list[tuple[str, ...]],
    doc: npt.NDArray[Any],
    shared_doc: npt.NDArray[np.bool_],
    written: dict[str, str],
    aliases: Mapping[str, Any] | None,
) -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    """Return, per place key, the areas that contain it, and the area each area name names.

    Names are read first alone, then in the countries their document names, so that
    "Asadabad" next to "Kunar" is the Afghan town, not the larger Iranian one.
    """
    from ._gazetteer import gazetteer

    gz = gazetteer(aliases)
    alone = gz.resolve(written[k] for k in written if _SPLIT not in k)
    for k in written:
        if _SPLIT in k:  # a spelling read in its own country (_split_keys)
            bare, cc = k.rsplit(_SPLIT, 1)
            read = gz.resolve([written[k]], frozenset({cc})).get(bare)
            if read is not None:
                alone[k] = read
    by_ctx: dict[frozenset[str], list[str]] = {}
    doc_keys: dict[Any, set[str]] = {}
    doc_l = doc.tolist()
    # Only a document with two or more claims can name a place beside another; a claim
    # naming two places is read by its own places below.
    for i in range(len(keys)):
        d, ks = doc_l[i], keys[i]
        if d is not None and ks:
            got = doc_keys.get(d)
            if got is None:
                doc_keys[d] = set(ks)
            elif not got.issuperset(ks):
                got.update(ks)
    ctx_of: dict[str, set[frozenset[str]]] = {}
    for doc_set in doc_keys.values():
        if len(doc_set) < 2:
            continue  # one place: nothing else in the document to read it by
        # The countries a document names, or whose provinces it names.
        ccs = frozenset(str(alone[k].country) for k in doc_set
                        if k in alone and alone[k].area is not None and alone[k].country)
        if ccs:
            for k in doc_set:
                ctx_of.setdefault(k, set()).add(ccs)
    for k, ctxs in ctx_of.items():
        if len(ctxs) == 1 and _SPLIT not in k:
            by_ctx.setdefault(next(iter(ctxs)), []).append(k)
    info = dict(alone)
    for ccs, ks2 in by_ctx.items():
        info.update(gz.resolve((written[k] for k in ks2), ccs))
    within = {k: v.within for k, v in info.items()}
    area_of = {k: v.area for k, v in info.items() if v.area is not None}
    return within, area_of


def _event_names(
    comp: npt.NDArray[np.int64],
    ref: npt.NDArray[np.int64],
    day_precise: npt.NDArray[np.bool_],
    keys: list[tuple[str, ...]],
    display: dict[str, str],
    cid: npt.NDArray[Any],
    eids: npt.NDArray[Any],
    is_exp: npt.NDArray[np.bool_],
    depth: dict[str, int],
) -> tuple[list[str], npt.NDArray[np.bool_]]:
    """Name each component: an explicit id it contains, else its day, place and a hash.

    The inferred name is ``auto:<first day>:<place>:<hash of smallest claim id>``, the
    place the most specific one its claims name (a town before its province or country),
    then the commonest: readable, and independent of input order.
    """
    import numpy as np

    members: dict[int, list[int]] = {}
    for i, c in enumerate(comp.tolist()):
        members.setdefault(c, []).append(i)
    name_of: dict[int, str] = {}
    explicit_comp: set[int] = set()
    for c, idx in members.items():
        if len(idx) == 1 and not is_exp[idx[0]]:  # the common case, without counters
            i = idx[0]
            day = str(np.datetime64(int(ref[i]), "D")) if ref[i] != _NO_DAY else "undated"
            place = display.get(min(keys[i]), "unplaced") if keys[i] else "unplaced"
            h = hashlib.blake2b(str(cid[i]).encode("utf-8", "surrogatepass"),
                                digest_size=4).hexdigest()
            name_of[c] = f"auto:{day}:{place}:{h}"
            continue
        named = Counter(str(eids[i]) for i in idx if is_exp[i])
        if named:
            name_of[c] = min(named, key=lambda e: (-named[e], e))
            explicit_comp.add(c)
            continue
        days = Counter([int(ref[i]) for i in idx if day_precise[i]] or [
            int(ref[i]) for i in idx if ref[i] != _NO_DAY])
        day = str(np.datetime64(min(days, key=lambda d: (-days[d], d)), "D")) if days \
            else "undated"
        counts = Counter(k for i in idx for k in keys[i])
        place = display.get(min(counts, key=lambda k: (-depth.get(k, 2), -counts[k], k)),
                            "unplaced") \
            if counts else "unplaced"
        first = min(str(cid[i]) for i in idx)
        h = hashlib.blake2b(first.encode("utf-8", "surrogatepass"), digest_size=4).hexdigest()
        name_of[c] = f"auto:{day}:{place}:{h}"
    joined = np.array([c in explicit_comp for c in comp.tolist()], dtype=bool)
    return [name_of[c] for c in comp.tolist()], joined
