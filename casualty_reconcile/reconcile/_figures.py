"""Reconciled figures per (event, category, victim group), computed for all groups at once.

The steps, each a sort or a grouped reduction over numpy arrays (docs/reconcile.md,
"Figures"):

1. **Groups.** Claims are grouped by event, category and victim group. Victim descriptions
   are normalised (:func:`._text.normalise_victims`); a wider description joins the single
   narrower one it covers ("its citizens" with "Russian citizens"); a claim whose victims
   are unnamed ("5 people", or none given) joins the event's named group when there is
   exactly one, and forms an "unspecified" group otherwise.
2. **Votes.** One source counts once: the voter is the normalised source (claimant, else
   publisher), else the document, else the claim itself. A source's *current* figure is what
   it said in its latest report (``published``): the intersection of the figures it gave on
   that date (the hull if they do not intersect), its best the lower median of its distinct
   best values there. Repeating a figure adds nothing.
3. **Zero figures.** When some source gives a positive figure, sources giving zero (a denial,
   "no one was killed") are set aside from the figures and reported as a ``denial``.
4. **Superseded figures.** A toll rises as bodies are found: a source's figure is *stale*
   when another source reported, on a later date, a figure entirely above it. Stale figures
   are updates, not conflicts, and are set aside from the figures (the event is then
   ``contested``, never ``contradicted``, on their account).
5. **Marzullo.** Over the remaining sources, the interval the largest number of them agree on
   (:func:`._intervals.marzullo`), ties to the lowest. ``low``/``high`` are its ends;
   ``best`` is the lower median of the agreeing sources' best figures, clipped into it; with
   ``conservative=True`` the lowest agreeing best figure, clipped (ACLED's "most conservative
   estimate").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._intervals import OPEN, marzullo
from ._text import (
    normalise_name,
    normalise_victims,
    unspecific_victim_words,
    victims_subsumed,
)

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

    from ..lexicon import Lexicon

__all__ = [
    "NO_DAY",
    "SPECIFIC_CATEGORIES",
    "Groups",
    "Voters",
    "Work",
    "build_work",
    "claim_roles",
    "compute_figures",
    "miscategorised_headlines",
]

#: Day number standing in for a missing date (sorts before every real date).
NO_DAY: int = -(2**40)


@dataclass
class Work:
    """The valid, aligned claims as parallel arrays (one entry per claim)."""

    row: npt.NDArray[np.int64]  #: position in Reconciliation.claims
    g: npt.NDArray[np.int64]  #: group (event, category, victim group)
    voter: npt.NDArray[np.int64]  #: voter code
    voter_names: npt.NDArray[Any]  #: voter key per voter code
    lo: npt.NDArray[np.int64]
    be: npt.NDArray[np.int64]
    hi: npt.NDArray[np.int64]  #: OPEN for an open bound
    pub: npt.NDArray[np.int64]  #: day number, NO_DAY when unknown
    n_groups: int
    group_event: npt.NDArray[Any]  #: event_id per group
    group_category: npt.NDArray[Any]
    group_vkey: npt.NDArray[Any]
    category: npt.NDArray[Any]  #: per claim
    doc: npt.NDArray[Any]  #: per claim (None when unknown)
    section: npt.NDArray[Any]  #: per claim (None when unknown)
    #: per claim: a headline that its own body contradicts by category (set aside from votes)
    aside: npt.NDArray[np.bool_]
    #: per claim: the normalised key of its own victims description ("" = unnamed)
    vown: npt.NDArray[Any]


@dataclass
class Voters:
    """One row per (group, voter): each source's current figure in each group."""

    g: npt.NDArray[np.int64]
    voter: npt.NDArray[np.int64]
    L: npt.NDArray[np.int64]
    H: npt.NDArray[np.int64]
    B: npt.NDArray[np.int64]
    pub: npt.NDArray[np.int64]
    zero_excluded: npt.NDArray[np.bool_]
    stale: npt.NDArray[np.bool_]
    active: npt.NDArray[np.bool_]
    agree: npt.NDArray[np.bool_]
    #: work rows sorted by voter slot; slot v's rows are rows_sorted[starts[v]:starts[v+1]]
    rows_sorted: npt.NDArray[np.int64]
    starts: npt.NDArray[np.int64]
    #: max low of the source's figures on earlier dates (-1 when none)
    earlier_max_low: npt.NDArray[np.int64]
    slot_of_row: npt.NDArray[np.int64]


@dataclass
class Groups:
    """One entry per group: the reconciled figures."""

    k: npt.NDArray[np.int64]  #: sources agreeing on [low, high]
    low: npt.NDArray[np.int64]
    high: npt.NDArray[np.int64]
    best: npt.NDArray[np.int64]
    n_voters: npt.NDArray[np.int64]
    n_stale: npt.NDArray[np.int64]


def _days(s: pd.Series) -> npt.NDArray[np.int64]:
    import numpy as np

    v = s.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    out = v.astype(np.int64)
    out[np.isnat(v)] = NO_DAY
    return out


def _map_unique(values: pd.Series, fn: Any) -> npt.NDArray[Any]:
    """Apply ``fn`` to the distinct values of ``values`` only; return an object array."""
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    mapped = np.array([fn(u) for u in uniques] + [fn(None)], dtype=object)
    return mapped[codes]  # code -1 (missing) picks the last entry


def build_work(claims: pd.DataFrame, *, lexicon: Lexicon | None, by_victims: bool = True) -> Work:
    """Collect the claims that take part in figures (a figure and an event) as arrays."""
    import numpy as np
    import pandas as pd

    valid = (claims["reason"].isna() & claims["event_id"].notna()).to_numpy()
    row = np.flatnonzero(valid).astype(np.int64)
    sub = claims.iloc[row]
    unspec = unspecific_victim_words(lexicon)
    if by_victims:
        vkey = _map_unique(sub["victims"], lambda v: normalise_victims(v, unspec))
    else:
        vkey = np.full(len(sub), "", dtype=object)
    skey = _map_unique(sub["source"], normalise_name)
    # A source with no name is its document, else the claim itself: never one shared voter.
    no_src = skey == ""
    if no_src.any():
        doc = sub["doc_id"].to_numpy(dtype=object, na_value=None)
        cid = sub["claim_id"].to_numpy(dtype=object)
        skey = skey.copy()
        # A repeated row (id suffixed "-2", "-3") is the same unattributed voice.
        skey[no_src] = [
            f"\x00doc:{d}" if d is not None else f"\x00claim:{str(c).rsplit('-', 1)[0]}"
            for d, c in zip(doc[no_src], cid[no_src], strict=True)
        ]
    # Sorted codes (only the distinct values are sorted): the numbering, and so every tie
    # broken by it, does not depend on the order of the input rows.
    ev_codes, ev_uniques = pd.factorize(sub["event_id"], sort=True)
    cat_codes, cat_uniques = pd.factorize(sub["category"], sort=True)
    v_codes, v_uniques = pd.factorize(pd.Series(vkey, dtype=object), sort=True)
    ev_codes = ev_codes.astype(np.int64)
    n_cat = max(len(cat_uniques), 1)
    ec = ev_codes * n_cat + cat_codes
    v_codes = _merge_victims(ec, v_codes.astype(np.int64), np.asarray(v_uniques, dtype=object))
    n_v = max(len(v_uniques), 1)
    gkey = ec * n_v + v_codes
    gu, g = np.unique(gkey, return_inverse=True)
    g = g.astype(np.int64)
    gec = gu // n_v
    voter_codes, voter_names = pd.factorize(pd.Series(skey, dtype=object), sort=True)
    lo = sub["low"].to_numpy(dtype=np.int64)
    be = sub["best"].to_numpy(dtype=np.int64)
    hi = sub["high"].to_numpy(dtype="float64", na_value=np.nan)
    hi = np.where(np.isnan(hi), OPEN, hi).astype(np.int64)
    category = sub["category"].to_numpy(dtype=object)
    doc = sub["doc_id"].to_numpy(dtype=object, na_value=None)
    section = sub["section"].to_numpy(dtype=object, na_value=None)
    aside = miscategorised_headlines(g, lo, be, hi, category, doc, section)
    return Work(
        row=row,
        g=g,
        voter=voter_codes.astype(np.int64),
        voter_names=np.asarray(voter_names, dtype=object),
        lo=lo,
        be=be,
        hi=hi,
        pub=_days(sub["published"]),
        n_groups=len(gu),
        group_event=np.asarray(ev_uniques, dtype=object)[gec // n_cat],
        group_category=np.asarray(cat_uniques, dtype=object)[gec % n_cat],
        group_vkey=np.asarray(v_uniques, dtype=object)[gu % n_v],
        category=category,
        doc=doc,
        section=section,
        aside=aside,
        vown=vkey,
    )


#: Categories that exclude one another for the same people (``casualties`` is the unclear
#: mix, so it conflicts with none of them).
SPECIFIC_CATEGORIES = ("killed", "injured", "missing", "captured")


def miscategorised_headlines(
    g: npt.NDArray[np.int64],
    lo: npt.NDArray[np.int64],
    be: npt.NDArray[np.int64],
    hi: npt.NDArray[np.int64],
    category: npt.NDArray[Any],
    doc: npt.NDArray[Any],
    section: npt.NDArray[Any],
) -> npt.NDArray[np.bool_]:
    """Flag headline claims whose own body gives the same figure under another category.

    A headline compresses its body and is where a category slips ("several dozen killed"
    over a body saying injured); the body is the better witness, so such a headline claim is
    set aside from the figures (it stays in the event and raises ``intra_document``). It is
    kept when nothing else in its group would be left.
    """
    import numpy as np

    n = len(g)
    aside = np.zeros(n, dtype=bool)
    title = (section == "title") & np.isin(category, SPECIFIC_CATEGORIES) & (lo > 0)
    if not title.any():
        return aside
    tdocs = set(doc[title].tolist()) - {None}
    body = np.flatnonzero((section == "body") & np.isin(doc, list(tdocs)))
    if len(body) == 0:
        return aside
    figs: dict[Any, set[tuple[int, int, int, str]]] = {}
    for r in body.tolist():
        figs.setdefault(doc[r], set()).add((int(lo[r]), int(be[r]), int(hi[r]), str(category[r])))
    for t in np.flatnonzero(title).tolist():
        stated = figs.get(doc[t])
        if not stated:
            continue
        f = (int(lo[t]), int(be[t]), int(hi[t]))
        cats = {c for (a, b, h, c) in stated if (a, b, h) == f}
        if str(category[t]) not in cats and cats.intersection(SPECIFIC_CATEGORIES):
            aside[t] = True
    if aside.any():
        kept = np.bincount(g[~aside], minlength=int(g.max()) + 1)
        aside &= kept[g] > 0
    return aside


def _merge_victims(
    ec: npt.NDArray[np.int64], v_codes: npt.NDArray[np.int64], v_uniques: npt.NDArray[Any]
) -> npt.NDArray[np.int64]:
    """Merge victim groups within each (event, category).

    A wider description joins the single narrower group it covers ("citizens" into
    "russian citizens"); then unnamed victims join the single named group, if there is one.
    Only (event, category) pairs with two or more descriptions reach the Python loop.
    """
    import numpy as np

    blank = np.flatnonzero(v_uniques == "")
    blank_code = int(blank[0]) if len(blank) else -1
    named = v_codes != blank_code
    if not named.any():
        return v_codes
    pairs = np.unique(np.stack([ec[named], v_codes[named]]), axis=1)
    pe, first, cnt = np.unique(pairs[0], return_index=True, return_counts=True)
    remap: dict[tuple[int, int], int] = {}
    for e, f, c in zip(pe[cnt > 1].tolist(), first[cnt > 1].tolist(),
                       cnt[cnt > 1].tolist(), strict=True):
        codes = pairs[1][f : f + c].tolist()
        keys = {code: str(v_uniques[code]) for code in codes}
        maximal = [b for b in codes if not any(victims_subsumed(keys[b], keys[x]) for x in codes)]
        for a in codes:
            if a in maximal:
                continue
            sup = [b for b in maximal if victims_subsumed(keys[a], keys[b])]
            if len(sup) == 1:
                remap[(e, a)] = sup[0]
    out = v_codes
    if remap:
        out = v_codes.copy()
        width = len(v_uniques) + 1
        key = ec * width + v_codes
        lut_r = {e * width + a: b for (e, a), b in remap.items()}
        idx_r = np.flatnonzero(np.isin(key, np.fromiter(lut_r, dtype=np.int64)))
        out[idx_r] = [lut_r[k] for k in key[idx_r].tolist()]
    if blank_code >= 0 and (~named).any():
        named_pairs = np.unique(np.stack([ec[named], out[named]]), axis=1)
        pe2, cnt2 = np.unique(named_pairs[0], return_counts=True)
        single = pe2[cnt2 == 1]
        lut = dict(zip(named_pairs[0][np.isin(named_pairs[0], single)].tolist(),
                       named_pairs[1][np.isin(named_pairs[0], single)].tolist(), strict=True))
        idx = np.flatnonzero(~named & np.isin(ec, single))
        if len(idx):
            out = out.copy()
            out[idx] = [lut[e] for e in ec[idx].tolist()]
    return out


def _segment_starts(keys: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    import numpy as np

    if len(keys) == 0:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]).astype(np.int64)


def compute_figures(w: Work, *, conservative: bool) -> tuple[Voters, Groups]:
    """Return each source's current figure per group, and the reconciled group figures."""
    import numpy as np
    import pandas as pd

    idx = np.flatnonzero(~w.aside).astype(np.int64)
    g, voter = w.g[idx], w.voter[idx]
    lo, be, hi, pub = w.lo[idx], w.be[idx], w.hi[idx], w.pub[idx]
    n = len(idx)
    # One slot per (group, voter).
    width = int(voter.max()) + 1 if n else 1
    slot_key, slot = np.unique(g * width + voter, return_inverse=True)
    slot = slot.astype(np.int64)
    n_slots = len(slot_key)
    order = np.argsort(slot, kind="stable")
    starts = np.searchsorted(slot[order], np.arange(n_slots + 1)).astype(np.int64)
    latest = (
        np.maximum.reduceat(pub[order], starts[:-1]) if n else np.zeros(0, dtype=np.int64)
    )
    # Current figures: the distinct figures of each slot's latest date.
    ci = np.flatnonzero(pub == latest[slot])
    ci = ci[np.lexsort((hi[ci], lo[ci], be[ci], slot[ci]))]
    sk, lo_c, be_c, hi_c = slot[ci], lo[ci], be[ci], hi[ci]
    if len(ci):
        keep = np.r_[
            True,
            (sk[1:] != sk[:-1])
            | (lo_c[1:] != lo_c[:-1])
            | (be_c[1:] != be_c[:-1])
            | (hi_c[1:] != hi_c[:-1]),
        ]
        sk, lo_c, be_c, hi_c = sk[keep], lo_c[keep], be_c[keep], hi_c[keep]
    cs = _segment_starts(sk)
    if len(cs):
        lmax = np.maximum.reduceat(lo_c, cs)
        hmin = np.minimum.reduceat(hi_c, cs)
        lmin = np.minimum.reduceat(lo_c, cs)
        hmax = np.maximum.reduceat(hi_c, cs)
        cnt = np.diff(np.r_[cs, len(sk)])
        med = be_c[cs + (cnt - 1) // 2]  # sorted by best within a slot: the lower median
    else:
        lmax = hmin = lmin = hmax = med = np.zeros(0, dtype=np.int64)
    self_disjoint = lmax > hmin
    L = np.where(self_disjoint, lmin, lmax)
    H = np.where(self_disjoint, hmax, hmin)
    B = np.clip(med, L, H)
    vg = slot_key // width
    vvoter = slot_key % width

    # Zero figures are set aside when a source gives a positive one.
    has_pos = np.zeros(w.n_groups, dtype=bool)
    has_pos[vg[L > 0]] = True
    zero = H == 0
    zero_excluded = zero & has_pos[vg]

    # Stale: another source reported a figure entirely above this one on a later date.
    later_max = _later_max_low(vg, latest, L)
    stale = (latest != NO_DAY) & (later_max > H) & ~zero
    active = ~zero_excluded & ~stale
    ai = np.flatnonzero(active)
    k, mlo, mhi = marzullo(vg[ai], L[ai], H[ai], w.n_groups)
    agree = active & (mlo[vg] >= L) & (mhi[vg] <= H)
    # Best: the lower median (conservative: the minimum) of the agreeing sources' bests.
    gi = np.flatnonzero(agree)
    gi = gi[np.lexsort((B[gi], vg[gi]))]
    gs = _segment_starts(vg[gi])
    best = np.zeros(w.n_groups, dtype=np.int64)
    if len(gs):
        gcnt = np.diff(np.r_[gs, len(gi)])
        pick = gs if conservative else gs + (gcnt - 1) // 2
        best[vg[gi[gs]]] = B[gi[pick]]
    best = np.clip(best, mlo, mhi)
    n_voters = np.bincount(vg, minlength=w.n_groups).astype(np.int64)
    n_stale = np.bincount(vg[stale], minlength=w.n_groups).astype(np.int64)

    # For revision_down: the highest low the source gave on an earlier date.
    earlier = (pub < latest[slot]) & (pub != NO_DAY)
    emax = np.full(n_slots, -1, dtype=np.int64)
    if earlier.any():
        em = pd.Series(lo[earlier]).groupby(slot[earlier]).max()
        emax[em.index.to_numpy()] = em.to_numpy()
    slot_of_row = np.full(len(w.g), -1, dtype=np.int64)
    slot_of_row[idx] = slot
    voters = Voters(
        g=vg,
        voter=vvoter,
        L=L,
        H=H,
        B=B,
        pub=latest,
        zero_excluded=zero_excluded,
        stale=stale,
        active=active,
        agree=agree,
        rows_sorted=idx[order],
        starts=starts,
        earlier_max_low=emax,
        slot_of_row=slot_of_row,
    )
    return voters, Groups(k=k, low=mlo, high=mhi, best=best, n_voters=n_voters, n_stale=n_stale)


def claim_roles(w: Work, v: Voters) -> npt.NDArray[Any]:
    """Return, per claim, the part it played in the figures (``Reconciliation.claims.role``).

    ``agrees`` (its source's current figure is inside [low, high]), ``outlier`` (current,
    outside), ``superseded`` (a later, higher report elsewhere), ``zero`` (a zero set aside
    against positive figures), ``earlier`` (its source reported again later), ``headline``
    (a headline its own body contradicts by category).
    """
    import numpy as np

    role = np.full(len(w.g), "headline", dtype=object)
    has = v.slot_of_row >= 0
    s = v.slot_of_row[has]
    cur = w.pub[has] == v.pub[s]
    r = np.where(
        v.zero_excluded[s],
        "zero",
        np.where(v.stale[s], "superseded", np.where(v.agree[s], "agrees", "outlier")),
    ).astype(object)
    r[~cur] = "earlier"
    role[has] = r
    return role


def _later_max_low(
    vg: npt.NDArray[np.int64], pub: npt.NDArray[np.int64], L: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """For each voter, the highest low among voters of its group on strictly later dates."""
    import numpy as np
    import pandas as pd

    m = len(vg)
    out = np.full(m, -1, dtype=np.int64)
    if m == 0:
        return out
    o = np.lexsort((-pub, vg))
    g_s, p_s, l_s = vg[o], pub[o], L[o]
    bs = np.flatnonzero(np.r_[True, (g_s[1:] != g_s[:-1]) | (p_s[1:] != p_s[:-1])])
    bmax = np.maximum.reduceat(l_s, bs)
    bg = g_s[bs]
    cm = pd.Series(bmax).groupby(bg).cummax().to_numpy()
    prev = np.r_[-1, cm[:-1]]
    prev[np.r_[True, bg[1:] != bg[:-1]]] = -1  # first block of a group: nothing is later
    block_of = np.repeat(np.arange(len(bs)), np.diff(np.r_[bs, m]))
    out[o] = prev[block_of]
    return out
