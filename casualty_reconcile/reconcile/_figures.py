"""Reconciled figures per (event, category, victim group), computed for all groups at once.

The steps, each a sort or a grouped reduction over numpy arrays (docs/reconcile.md,
"Figures"):

1. **Groups.** Claims are grouped by event, category and victim group. Victim descriptions
   are normalised (:func:`._text.normalise_victims`); a claim whose victims are unnamed
   ("5 people", or none given) joins the event's named group when there is exactly one, and
   forms an "unspecified" group otherwise.
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
from ._text import normalise_name, normalise_victims, unspecific_victim_words

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

    from ..lexicon import Lexicon

__all__ = ["NO_DAY", "Groups", "Voters", "Work", "build_work", "compute_figures"]

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


def build_work(claims: pd.DataFrame, *, lexicon: Lexicon | None) -> Work:
    """Collect the claims that take part in figures (a figure and an event) as arrays."""
    import numpy as np
    import pandas as pd

    valid = (claims["reason"].isna() & claims["event_id"].notna()).to_numpy()
    row = np.flatnonzero(valid).astype(np.int64)
    sub = claims.iloc[row]
    unspec = unspecific_victim_words(lexicon)
    vkey = _map_unique(sub["victims"], lambda v: normalise_victims(v, unspec))
    skey = _map_unique(sub["source"], normalise_name)
    # A source with no name is its document, else the claim itself: never one shared voter.
    no_src = skey == ""
    if no_src.any():
        doc = sub["doc_id"].to_numpy(dtype=object, na_value=None)
        cid = sub["claim_id"].to_numpy(dtype=object)
        skey = skey.copy()
        skey[no_src] = [
            f"\x00doc:{d}" if d is not None else f"\x00claim:{c}"
            for d, c in zip(doc[no_src], cid[no_src], strict=True)
        ]
    ev_codes, ev_uniques = pd.factorize(sub["event_id"])
    cat_codes, cat_uniques = pd.factorize(sub["category"])
    v_codes, v_uniques = pd.factorize(pd.Series(vkey, dtype=object))
    ev_codes = ev_codes.astype(np.int64)
    n_cat = max(len(cat_uniques), 1)
    ec = ev_codes * n_cat + cat_codes
    # Unnamed victims join the single named group of their (event, category), if one.
    named = vkey != ""
    if (~named).any() and named.any():
        pairs = np.unique(np.stack([ec[named], v_codes[named]]), axis=1)
        pe, cnt = np.unique(pairs[0], return_counts=True)
        single_ec = pe[cnt == 1]
        single_v = pairs[1][np.isin(pairs[0], single_ec)]
        lut = dict(zip(single_ec.tolist(), single_v.tolist(), strict=True))
        idx = np.flatnonzero(~named & np.isin(ec, single_ec))
        if len(idx):
            v_codes = v_codes.copy()
            v_codes[idx] = [lut[e] for e in ec[idx].tolist()]
    n_v = max(len(v_uniques), 1)
    gkey = ec * n_v + v_codes
    gu, g = np.unique(gkey, return_inverse=True)
    g = g.astype(np.int64)
    gec = gu // n_v
    voter_codes, voter_names = pd.factorize(pd.Series(skey, dtype=object))
    lo = sub["low"].to_numpy(dtype=np.int64)
    be = sub["best"].to_numpy(dtype=np.int64)
    hi = sub["high"].to_numpy(dtype="float64", na_value=np.nan)
    hi = np.where(np.isnan(hi), OPEN, hi).astype(np.int64)
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
    )


def _segment_starts(keys: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    import numpy as np

    if len(keys) == 0:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]).astype(np.int64)


def compute_figures(w: Work, *, conservative: bool) -> tuple[Voters, Groups]:
    """Return each source's current figure per group, and the reconciled group figures."""
    import numpy as np
    import pandas as pd

    n = len(w.g)
    # One slot per (group, voter).
    gv_key = w.g * (int(w.voter.max()) + 1 if n else 1) + w.voter
    slot_key, slot = np.unique(gv_key, return_inverse=True)
    slot = slot.astype(np.int64)
    n_slots = len(slot_key)
    order = np.argsort(slot, kind="stable")
    starts = np.searchsorted(slot[order], np.arange(n_slots + 1)).astype(np.int64)
    seg = starts[:-1]
    pub_s = w.pub[order]
    latest = np.maximum.reduceat(pub_s, seg) if n else np.zeros(0, dtype=np.int64)
    cur = w.pub == latest[slot]
    # Current figures: the distinct figures of each slot's latest date.
    ci = np.flatnonzero(cur)
    o2 = np.lexsort((w.hi[ci], w.lo[ci], w.be[ci], slot[ci]))
    ci = ci[o2]
    sk, lo_c, be_c, hi_c = slot[ci], w.lo[ci], w.be[ci], w.hi[ci]
    keep = np.r_[True, (sk[1:] != sk[:-1]) | (lo_c[1:] != lo_c[:-1]) | (be_c[1:] != be_c[:-1])
                 | (hi_c[1:] != hi_c[:-1])] if len(ci) else np.zeros(0, dtype=bool)
    sk, lo_c, be_c, hi_c = sk[keep], lo_c[keep], be_c[keep], hi_c[keep]
    cs = _segment_starts(sk)
    if len(cs):
        lmax = np.maximum.reduceat(lo_c, cs)
        hmin = np.minimum.reduceat(hi_c, cs)
        lmin = np.minimum.reduceat(lo_c, cs)
        hmax = np.maximum.reduceat(hi_c, cs)
        cnt = np.diff(np.r_[cs, len(sk)])
        med = be_c[cs + (cnt - 1) // 2]  # sorted by best within slot: the lower median
    else:
        lmax = hmin = lmin = hmax = med = np.zeros(0, dtype=np.int64)
    disjoint_self = lmax > hmin
    L = np.where(disjoint_self, lmin, lmax)
    H = np.where(disjoint_self, hmax, hmin)
    B = np.clip(med, L, H)
    vg = slot_key // (int(w.voter.max()) + 1 if n else 1)
    vvoter = slot_key % (int(w.voter.max()) + 1 if n else 1)

    # Zero figures set aside when a source gives a positive one.
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
    agree = active & (L <= mlo[vg]) & (H >= mhi[vg])
    # Best: lower median (or, conservative, the minimum) of the agreeing sources' bests.
    gi = np.flatnonzero(agree)
    o3 = np.lexsort((B[gi], vg[gi]))
    gi = gi[o3]
    gs = _segment_starts(vg[gi])
    best = np.zeros(w.n_groups, dtype=np.int64)
    if len(gs):
        gcnt = np.diff(np.r_[gs, len(gi)])
        pick = gs if conservative else gs + (gcnt - 1) // 2
        best[vg[gi[gs]]] = B[gi[pick]]
    best = np.clip(best, mlo, mhi)
    n_voters = np.bincount(vg, minlength=w.n_groups).astype(np.int64)
    n_stale = np.bincount(vg[stale], minlength=w.n_groups).astype(np.int64)

    # Earlier figures of the same source (for revision_down): max low before its latest date.
    earlier = (w.pub < latest[slot]) & (w.pub != NO_DAY)
    emax = np.full(n_slots, -1, dtype=np.int64)
    if earlier.any():
        s = pd.Series(w.lo[earlier]).groupby(slot[earlier]).max()
        emax[s.index.to_numpy()] = s.to_numpy()
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
        rows_sorted=order.astype(np.int64),
        starts=starts,
        earlier_max_low=emax,
        slot_of_row=slot,
    )
    return voters, Groups(k=k, low=mlo, high=mhi, best=best, n_voters=n_voters, n_stale=n_stale)


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
