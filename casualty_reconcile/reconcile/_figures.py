"""Reconciled figures per (event, category, victim group), computed for all groups at once.

The steps, each a sort or a grouped reduction over numpy arrays (docs/reconcile.md,
"Figures"):

1. **Groups.** Claims are grouped by event, category and victim group. Victim descriptions
   are normalised (:func:`._text.normalise_victims`); a wider description joins the single
   narrower one it covers ("its citizens" with "Russian citizens"); a claim whose victims
   are unnamed ("5 people", or none given) joins the event's named group when there is
   exactly one, and forms an "unspecified" group otherwise.
2. **Votes.** One source counts once: the voter is the normalised source (claimant, else
   publisher; a specific spelling joins the single generic one it extends within an event),
   else the document, else the claim itself. A source's *current* figure is what
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

from ._fast import obj_array, string_order
from ._intervals import OPEN, marzullo, sort_by, unique_ints
from ._text import (
    normalise_name,
    normalise_victims,
    source_alias,
    unspecific_victim_words,
    victim_synonyms,
    victims_subsumed,
)

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

    from ..lexicon import Lexicon

__all__ = [
    "NO_DAY",
    "ROLES",
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

    claims: pd.DataFrame  #: Reconciliation.claims, for fetching text fields lazily
    row: npt.NDArray[np.int64]  #: position in Reconciliation.claims
    g: npt.NDArray[np.int64]  #: group (event, category, victim group)
    voter: npt.NDArray[np.int64]  #: voter code (sorted voter keys)
    voter_names: npt.NDArray[Any]  #: normalised source key per voter code
    lo: npt.NDArray[np.int64]
    be: npt.NDArray[np.int64]
    hi: npt.NDArray[np.int64]  #: OPEN for an open bound
    pub: npt.NDArray[np.int64]  #: day number, NO_DAY when unknown
    n_groups: int
    group_ev: npt.NDArray[np.int64]  #: event code per group (sorted event ids)
    ev_labels: Any  #: event id per event code (a pandas string array)
    group_category: npt.NDArray[Any]
    group_cat: npt.NDArray[np.int64]  #: category code per group
    group_vkey: npt.NDArray[Any]
    cat: npt.NDArray[np.int64]  #: category code per claim
    cat_names: npt.NDArray[Any]  #: category per code
    title: npt.NDArray[np.bool_]  #: the claim comes from a headline
    #: per claim: a headline that its own body contradicts by category (set aside from votes)
    aside: npt.NDArray[np.bool_]
    #: per claim: the code (into ``v_names``) of its own victims description's key
    vown: npt.NDArray[np.int64]
    #: per group: the code of its victims key; ``v_names[code]`` is the key ("" = unnamed)
    group_vcode: npt.NDArray[np.int64]
    v_names: npt.NDArray[Any]
    #: work rows in order of group (stably: input order within a group)
    by_group: npt.NDArray[np.int64]
    #: per claim: the code of its victims text in ``victims_values`` (-1: none), when
    #: victims are kept apart
    victims_codes: npt.NDArray[np.int64] | None
    victims_values: Any
    #: per claim: the code of its source's spelling in ``source_values`` (-1: none), when
    #: the input step made them (None otherwise)
    source_codes: npt.NDArray[np.int64] | None = None
    source_values: Any = None
    #: per row of ``claims``: a number that sorts as its claim id sorts, when the input step
    #: made the ids from them (None otherwise)
    id_hashes: npt.NDArray[np.uint64] | None = None

    def fetch(self, column: str, rows: npt.NDArray[np.int64]) -> npt.NDArray[Any]:
        """Return ``column`` of the claims at work positions ``rows`` (None for missing)."""
        import numpy as np

        pos = self.row[np.asarray(rows, dtype=np.int64)]
        col = self.claims[column]
        return obj_array(col.array.take(pos))

    def category(self, rows: npt.NDArray[np.int64]) -> npt.NDArray[Any]:
        """Return the category names of work rows."""
        return self.cat_names[self.cat[rows]]


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


def _codes(col: pd.Series, row: npt.NDArray[np.int64] | None, *, as_array: bool = False,
           ) -> tuple[npt.NDArray[np.int64], Any]:
    """Return sorted codes of ``col`` (at ``row`` positions) and the distinct values.

    Sorted, so the numbering, and every tie broken by it, does not depend on row order.
    The values come as an object array, or with ``as_array`` as pandas gives them.
    """
    import numpy as np
    import pandas as pd

    arr: Any = col.array if row is None else col.array.take(row)
    if col.dtype == object:
        arr = np.asarray(arr, dtype=object)
    codes, uniques = pd.factorize(arr, sort=True)
    return codes.astype(np.int64), uniques if as_array else np.asarray(uniques, dtype=object)


def _recode(codes: npt.NDArray[np.int64], keys: list[Any],
            ) -> tuple[npt.NDArray[np.int64], npt.NDArray[Any]]:
    """Return rows' codes into the sorted distinct ``keys`` they use (``keys[codes]``).

    Code -1 stands for the last key.
    """
    import numpy as np
    import pandas as pd

    kcodes, kuniq = pd.factorize(np.array(keys, dtype=object), sort=True)
    out = kcodes.astype(np.int64)[codes]
    used = np.zeros(len(kuniq), dtype=bool)
    used[out] = True
    uniq = np.asarray(kuniq, dtype=object)
    if not used.all():
        out = (np.cumsum(used) - 1)[out]
        uniq = uniq[used]
    return out, uniq


def _sorted_codes(codes: npt.NDArray[np.int64], values: Any,
                  ) -> tuple[npt.NDArray[np.int64], Any]:
    """Return codes into the sorted distinct values used, and those values.

    ``codes`` index ``values`` (-1: missing; values may repeat); the values come back as a
    pandas string array.
    """
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    valid = codes >= 0
    used = np.zeros(len(values), dtype=bool)
    used[codes[valid]] = True
    idx = np.flatnonzero(used)
    arr = pa.array(values) if isinstance(values, pd.api.extensions.ExtensionArray) else (
        pa.array([str(v) for v in values], type=pa.string()))
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    sub = arr.take(pa.array(idx))
    o = string_order(sub)
    ordered = sub.take(pa.array(o))
    new = np.r_[True, np.asarray(pc.not_equal(ordered[1:], ordered[:-1]), dtype=bool)] if (
        len(o)) else np.zeros(0, dtype=bool)
    rank = np.zeros(len(values), dtype=np.int64)
    rank[idx[o]] = np.cumsum(new) - 1
    out = np.where(valid, rank[np.maximum(codes, 0)], -1)
    return out, pd.array(ordered.filter(pa.array(new)), dtype="string")


def build_work(claims: pd.DataFrame, *, lexicon: Lexicon | None, by_victims: bool = True,
               factors: dict[str, Any] | None = None) -> Work:
    """Collect the claims that take part in figures (a figure and an event) as arrays.

    ``factors`` holds codes :func:`._input.normalise_input` already made for some columns.
    """
    import numpy as np
    import pandas as pd

    from ._input import id_hashes, shared_codes

    valid = (claims["reason"].isna() & claims["event_id"].notna()).to_numpy()
    all_valid = bool(valid.all())
    row = np.flatnonzero(valid).astype(np.int64)
    take = None if all_valid else row
    n = len(row)
    unspec = unspecific_victim_words(lexicon)
    same = victim_synonyms(lexicon)

    def coded(column: str, *, ordered: bool) -> tuple[npt.NDArray[np.int64], Any]:
        # Codes of the column at the rows, from the input step's when it made them.
        shared = shared_codes(claims, column, factors)
        if shared is None:
            return _codes(claims[column], take, as_array=True)
        codes, values = shared
        codes = np.asarray(codes if take is None else codes[take], dtype=np.int64)
        return _sorted_codes(codes, values) if ordered else (codes, values)

    def keyed(column: str, fn: Any) -> tuple[npt.NDArray[np.int64], npt.NDArray[Any]]:
        # Each distinct value is keyed once; rows get the sorted codes of their keys.
        codes, uniq = coded(column, ordered=False)
        return _recode(codes, [fn(u) for u in uniq] + [fn(None)])  # -1 (missing): the last

    victims_codes: npt.NDArray[np.int64] | None = None
    victims_values: Any = None
    if by_victims:
        victims_codes, victims_values = coded("victims", ordered=False)
        v_codes, v_uniques = _recode(victims_codes, [
            *(normalise_victims(v, unspec, same) for v in victims_values),
            normalise_victims(None, unspec)])  # -1 (missing): the last
    else:
        v_codes, v_uniques = np.zeros(n, dtype=np.int64), np.array([""], dtype=object)
    source_shared = shared_codes(claims, "source", factors)
    voter_codes, voter_names = keyed("source", normalise_name)
    # A source with no name is its document, else the claim itself: never one shared voter.
    no_src = np.flatnonzero(voter_names[voter_codes] == "") if (voter_names == "").any() else (
        np.zeros(0, dtype=np.int64))
    if len(no_src):
        pos = row[no_src]
        doc = obj_array(claims["doc_id"].array.take(pos))
        cid = obj_array(claims["claim_id"].array.take(pos))
        # A repeated row (id suffixed "-2", "-3") is the same unattributed voice.
        own = [
            f"\x00doc:{d}" if d is not None else f"\x00claim:{str(c).rsplit('-', 1)[0]}"
            for d, c in zip(doc, cid, strict=True)
        ]
        own_codes, own_keys = pd.factorize(np.array(own, dtype=object))
        voter_codes = voter_codes.copy()
        voter_codes[no_src] = len(voter_names) + own_codes
        voter_codes, voter_names = _recode(voter_codes, [*voter_names, *own_keys])
    ev_codes, ev_uniques = coded("event_id", ordered=True)
    cat_codes, cat_labels = coded("category", ordered=True)
    cat_uniques = np.asarray(cat_labels, dtype=object)
    vkey_codes = v_codes
    # One claimant under several spellings in one event ("the health authority in Manbij",
    # "Manbij health authority") is one voice: a specific name joins the single generic one
    # it extends (see _text.source_alias).
    # Only names of two or more words can be aliases, and only of names with the same head
    # noun, so the candidates are grouped by (event, head word): few pairs to compare.
    words = [str(k).split() for k in voter_names]
    multi = np.array([len(t) >= 2 for t in words], dtype=bool)
    head_codes, _ = pd.factorize(np.array([t[-1] if t else "" for t in words], dtype=object))
    # Names whose head word no other name of two or more words shares have nothing to join.
    multi &= np.bincount(head_codes[multi], minlength=len(words))[head_codes] >= 2
    if multi[voter_codes].any():
        rows_m = np.flatnonzero(multi[voter_codes])
        key = ev_codes[rows_m] * (int(head_codes.max()) + 1) + head_codes[voter_codes[rows_m]]
        merged = _merge_victims(key, voter_codes[rows_m], voter_names, source_alias,
                                unnamed=False)
        if (merged != voter_codes[rows_m]).any():
            voter_codes = voter_codes.copy()
            voter_codes[rows_m] = merged
    n_cat = max(len(cat_uniques), 1)
    ec = ev_codes * n_cat + cat_codes
    v_codes = _merge_victims(ec, v_codes, v_uniques)
    n_v = max(len(v_uniques), 1)
    gkey = ec * n_v + v_codes
    by_group = sort_by(gkey)
    ks = gkey[by_group]
    first = np.r_[True, ks[1:] != ks[:-1]] if n else np.zeros(0, dtype=bool)
    gu = ks[first]
    g = np.empty(n, dtype=np.int64)
    g[by_group] = np.cumsum(first) - 1
    gec = gu // n_v

    def ints(column: str, missing: int) -> npt.NDArray[np.int64]:
        arr = claims[column].array if all_valid else claims[column].array.take(row)
        return arr.to_numpy(dtype="int64", na_value=missing)  # type: ignore[no-any-return]

    lo, be, hi = ints("low", 0), ints("best", 0), ints("high", OPEN)
    pubs = claims["published"].to_numpy(dtype="datetime64[ns]")
    if not all_valid:
        pubs = pubs[row]
    pub = pubs.astype("datetime64[D]").astype(np.int64)
    pub[np.isnat(pubs)] = NO_DAY
    sec = claims["section"]
    if sec.isna().all():
        title = np.zeros(n, dtype=bool)
    else:
        title = (sec.array.take(row) if not all_valid else sec.array).to_numpy(
            dtype=object, na_value=None) == "title"
    aside = np.zeros(n, dtype=bool)
    if title.any():
        docs = obj_array(claims["doc_id"].array.take(row))
        aside = miscategorised_headlines(g, lo, be, hi, cat_uniques[cat_codes], docs, title)
    return Work(
        claims=claims,
        row=row,
        g=g,
        voter=voter_codes,
        voter_names=voter_names,
        lo=lo,
        be=be,
        hi=hi,
        pub=pub,
        n_groups=len(gu),
        group_ev=(gec // n_cat).astype(np.int64),
        ev_labels=ev_uniques,
        group_category=cat_uniques[gec % n_cat],
        group_cat=(gec % n_cat).astype(np.int64),
        group_vkey=v_uniques[gu % n_v],
        group_vcode=(gu % n_v).astype(np.int64),
        v_names=v_uniques,
        cat=cat_codes,
        cat_names=cat_uniques,
        title=title,
        aside=aside,
        vown=vkey_codes,
        by_group=by_group,
        victims_codes=victims_codes,
        victims_values=victims_values,
        source_codes=None if source_shared is None else np.asarray(
            source_shared[0] if take is None else source_shared[0][take], dtype=np.int64),
        source_values=None if source_shared is None else source_shared[1],
        id_hashes=id_hashes(claims, factors),
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
    title_mask: npt.NDArray[np.bool_],
) -> npt.NDArray[np.bool_]:
    """Flag headline claims whose own body gives the same figure under another category.

    A headline compresses its body and is where a category slips ("several dozen killed"
    over a body saying injured); the body is the better witness, so such a headline claim is
    set aside from the figures (it stays in the event and raises ``intra_document``). It is
    kept when nothing else in its group would be left.
    """
    import numpy as np
    import pandas as pd

    n = len(g)
    aside = np.zeros(n, dtype=bool)
    title = title_mask & np.isin(category, SPECIFIC_CATEGORIES) & (lo > 0)
    if not title.any():
        return aside
    tdocs = set(doc[title].tolist()) - {None}
    # A hash lookup: np.isin on object arrays compares every row with every headline's
    # document (numpy loops over the second array for objects), quadratic in the corpus.
    body = np.flatnonzero(~title_mask & pd.Series(doc, dtype=object).isin(tdocs).to_numpy())
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
    ec: npt.NDArray[np.int64], v_codes: npt.NDArray[np.int64], v_uniques: npt.NDArray[Any],
    joins: Any = None, *, unnamed: bool = True,
) -> npt.NDArray[np.int64]:
    """Merge victim groups within each (event, category).

    A wider description joins the single narrower group it covers ("citizens" into
    "russian citizens"); then unnamed victims join the single named group, if there is one.
    Pairs of descriptions are compared once per distinct pair, everything else is array
    work.
    """
    import numpy as np

    width = len(v_uniques) + 1
    blank = np.flatnonzero(v_uniques == "")
    blank_code = int(blank[0]) if len(blank) else -1
    named = v_codes != blank_code
    if not named.any():
        return v_codes
    pair_keys = unique_ints(ec[named] * width + v_codes[named])
    pe, pv = pair_keys // width, pair_keys % width
    starts = np.flatnonzero(np.r_[True, pe[1:] != pe[:-1]])
    counts = np.diff(np.r_[starts, len(pe)])
    out = v_codes
    m_starts, m_counts = starts[counts > 1], counts[counts > 1]
    if len(m_starts):
        # Every ordered pair (i, j) of descriptions within each (event, category).
        owner_start = np.repeat(m_starts, m_counts)
        owner_count = np.repeat(m_counts, m_counts)
        i_idx = _span(m_starts, m_counts)
        i_rep = np.repeat(i_idx, owner_count)
        j_idx = _span(owner_start, owner_count)
        keep = i_rep != j_idx
        i_rep, j_idx = i_rep[keep], j_idx[keep]
        # "a is a wider description of b", decided once per distinct pair of descriptions.
        pair = pv[i_rep] * width + pv[j_idx]
        upair, inv = unique_ints(pair, return_inverse=True)
        rel = joins or victims_subsumed
        sub_u = np.array([rel(str(v_uniques[p // width]), str(v_uniques[p % width]))
                          for p in upair.tolist()], dtype=bool)
        sub = sub_u[inv]
        n_p = len(pe)
        is_sub = np.bincount(i_rep[sub], minlength=n_p) > 0
        maximal = ~is_sub
        to_max = sub & maximal[j_idx]
        n_sup = np.bincount(i_rep[to_max], minlength=n_p)
        target = np.full(n_p, -1, dtype=np.int64)
        target[i_rep[to_max]] = pv[j_idx[to_max]]
        move = np.flatnonzero(is_sub & (n_sup == 1))
        if len(move):
            key = ec * width + v_codes
            src_keys = pe[move] * width + pv[move]
            hit = np.flatnonzero(np.isin(key, src_keys))
            lut = target[move][np.argsort(src_keys)]
            out = v_codes.copy()
            out[hit] = lut[np.searchsorted(np.sort(src_keys), key[hit])]
    if unnamed and blank_code >= 0 and (~named).any():
        ne, nv, n_starts, n_counts = pe, pv, starts, counts
        if out is not v_codes:  # descriptions moved: count the (event, description) pairs again
            nk = unique_ints(ec[named] * width + out[named])
            ne, nv = nk // width, nk % width
            n_starts = np.flatnonzero(np.r_[True, ne[1:] != ne[:-1]])
            n_counts = np.diff(np.r_[n_starts, len(ne)])
        one = n_starts[n_counts == 1]
        single_e, single_v = ne[one], nv[one]
        un = np.flatnonzero(~named)
        target_v = _lookup(single_e, single_v, ec[un])
        found = target_v >= 0
        if found.any():
            out = out.copy()
            out[un[found]] = target_v[found]
    return out


def _lookup(keys: npt.NDArray[np.int64], values: npt.NDArray[np.int64],
            at: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Return ``values`` of the sorted, distinct, non-negative ``keys`` at ``at`` (-1: none)."""
    import numpy as np

    if len(keys) == 0 or len(at) == 0:
        return np.full(len(at), -1, dtype=np.int64)
    top = max(int(keys[-1]), int(at.max())) + 1
    if top <= 8 * (len(keys) + len(at)) + 1024:  # a dense table is small enough
        table = np.full(top, -1, dtype=np.int64)
        table[keys] = values
        return table[at]
    p = np.minimum(np.searchsorted(keys, at), len(keys) - 1)
    return np.where(keys[p] == at, values[p], -1)


def _span(starts: npt.NDArray[np.int64], lengths: npt.NDArray[np.int64]) -> Any:
    """Concatenate ``arange(s, s + n)`` for each (s, n)."""
    import numpy as np

    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    return np.arange(total, dtype=np.int64) + np.repeat(
        starts - np.r_[0, np.cumsum(lengths)[:-1]], lengths)


def _segment_starts(keys: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    import numpy as np

    if len(keys) == 0:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]).astype(np.int64)


def compute_figures(w: Work, *, conservative: bool) -> tuple[Voters, Groups]:
    """Return each source's current figure per group, and the reconciled group figures."""
    import numpy as np

    idx = w.by_group[~w.aside[w.by_group]] if w.aside.any() else w.by_group
    pub_all = w.pub
    # One sort puts every (group, voter) slot together, its reports in date order (NO_DAY
    # first). The rows are already by group, so it only orders each group's few rows.
    order = idx[sort_by(w.g[idx], w.voter[idx], pub_all[idx])]
    n = len(order)
    g_s, v_s, pub_s = w.g[order], w.voter[order], pub_all[order]
    lo_s, be_s, hi_s = w.lo[order], w.be[order], w.hi[order]
    new_slot = np.ones(n, dtype=bool)
    if n:
        np.not_equal(g_s[1:], g_s[:-1], out=new_slot[1:])
        new_slot[1:] |= v_s[1:] != v_s[:-1]
    seg = np.flatnonzero(new_slot).astype(np.int64, copy=False)
    n_slots = len(seg)
    starts = np.append(seg, n).astype(np.int64, copy=False)
    slot_s = np.cumsum(new_slot)
    slot_s -= 1
    vg, vvoter = g_s[seg], v_s[seg]
    latest = pub_s[starts[1:] - 1] if n_slots else np.zeros(0, dtype=np.int64)
    # Current figures: the reports of each slot's latest date (the tail of its segment).
    cur = pub_s == latest[slot_s]
    ci = np.flatnonzero(cur)
    if len(ci) == n:  # every report is its source's latest (one date per slot)
        cpos, lo_c, hi_c = seg, lo_s, hi_s
    else:
        s_c = slot_s[ci]
        cpos = np.flatnonzero(np.r_[True, s_c[1:] != s_c[:-1]]) if len(ci) else ci
        lo_c, hi_c = lo_s[ci], hi_s[ci]
        del s_c
    cs = ci[cpos]
    lmax = np.maximum.reduceat(lo_c, cpos) if len(ci) else ci
    hmin = np.minimum.reduceat(hi_c, cpos) if len(ci) else ci
    lmin = np.minimum.reduceat(lo_c, cpos) if len(ci) else ci
    hmax = np.maximum.reduceat(hi_c, cpos) if len(ci) else ci
    ncur = np.diff(cpos, append=len(ci))
    med = be_s[cs]
    multi = np.flatnonzero(ncur > 1)
    if len(multi):
        # Lower median of the distinct figures given on the latest date (a repeated figure
        # counts once).
        is_multi = np.zeros(n_slots, dtype=bool)
        is_multi[multi] = True
        rows_m = ci[is_multi[slot_s[ci]]]
        o = sort_by(slot_s[rows_m], be_s[rows_m], lo_s[rows_m], hi_s[rows_m])
        rm = rows_m[o]
        sm, bm, lm, hm = slot_s[rm], be_s[rm], lo_s[rm], hi_s[rm]
        keep = np.r_[True, (sm[1:] != sm[:-1]) | (bm[1:] != bm[:-1]) | (lm[1:] != lm[:-1])
                     | (hm[1:] != hm[:-1])]
        sm, bm = sm[keep], bm[keep]
        ms = np.flatnonzero(np.r_[True, sm[1:] != sm[:-1]])
        mc = np.diff(np.r_[ms, len(sm)])
        med[sm[ms]] = bm[ms + (mc - 1) // 2]
        _document_totals_in_slots(w, order[rows_m], slot_s[rows_m], lmax, hmin, lmin, hmax,
                                  med)
    self_disjoint = lmax > hmin
    L = np.where(self_disjoint, lmin, lmax)
    H = np.where(self_disjoint, hmax, hmin)
    B = np.clip(med, L, H)

    # Zero figures are set aside when a source gives a positive one.
    has_pos = np.zeros(w.n_groups, dtype=bool)
    has_pos[vg[L > 0]] = True
    zero = H == 0
    zero_excluded = zero & has_pos[vg]

    # Stale: another source reported a figure entirely above this one on a later date -- an
    # update of a rising toll. Not when a source had already reported a figure entirely
    # above it earlier, or on the same date: then this figure is a fall or a rival figure
    # of the same time, and both conflict (issue 5: "only
    # figures reported at comparable times, or a fall, conflict"), as the Russian ministry's
    # "five" a week after the coalition's "an estimated 100".
    dated_L = np.where(latest == NO_DAY, -1, L)
    later_max, earlier_max = _later_and_earlier_max_low(vg, latest, L, dated_L)
    stale = (latest != NO_DAY) & (later_max > H) & ~zero & ~(earlier_max > H)
    active = ~zero_excluded & ~stale
    ai = np.flatnonzero(active)
    k, mlo, mhi = marzullo(vg[ai], L[ai], H[ai], w.n_groups)
    agree = active & (mlo[vg] >= L) & (mhi[vg] <= H)
    # Best: the lower median (conservative: the minimum) of the agreeing sources' bests.
    gi = np.flatnonzero(agree)
    gi = gi[sort_by(vg[gi], B[gi])]
    gs = _segment_starts(vg[gi])
    best = np.zeros(w.n_groups, dtype=np.int64)
    if len(gs):
        gcnt = np.diff(np.r_[gs, len(gi)])
        pick = gs if conservative else gs + (gcnt - 1) // 2
        best[vg[gi[gs]]] = B[gi[pick]]
    best = np.clip(best, mlo, mhi)
    n_voters = np.bincount(vg, minlength=w.n_groups).astype(np.int64)
    n_stale = np.bincount(vg[stale], minlength=w.n_groups).astype(np.int64)

    # For revision_down: the highest low the source gave on an earlier (known) date.
    emax = np.full(n_slots, -1, dtype=np.int64)
    early = np.flatnonzero(~cur & (pub_s != NO_DAY))
    if len(early):
        epos = np.flatnonzero(np.r_[True, slot_s[early][1:] != slot_s[early][:-1]])
        es = early[epos]
        emax[slot_s[es]] = np.maximum.reduceat(lo_s[early], epos)
    slot_of_row = np.full(len(w.g), -1, dtype=np.int64)
    slot_of_row[order] = slot_s
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
        rows_sorted=order,
        starts=starts,
        earlier_max_low=emax,
        slot_of_row=slot_of_row,
    )
    return voters, Groups(k=k, low=mlo, high=mhi, best=best, n_voters=n_voters, n_stale=n_stale)


def _document_totals_in_slots(
    w: Work,
    rows: npt.NDArray[np.int64],
    slots: npt.NDArray[np.int64],
    lmax: npt.NDArray[np.int64],
    hmin: npt.NDArray[np.int64],
    lmin: npt.NDArray[np.int64],
    hmax: npt.NDArray[np.int64],
    med: npt.NDArray[np.int64],
) -> None:
    """Make one document one figure in a source's current report (in place).

    ``rows`` are the work rows of the current reports of slots with several of them, and
    ``slots`` their slots. Where a source gives several figures of one group in one document,
    the document's total (:func:`._totals.voice_total`: parts add up, subgroups and restated
    figures count once) replaces them before the slot's figures are intersected; a slot whose
    documents each give one figure is left as it is. Only such slots are read in Python.
    """
    import numpy as np
    import pandas as pd

    from ._totals import voice_total

    if not len(rows):
        return
    docs = w.fetch("doc_id", rows)
    has_doc = np.array([d is not None for d in docs], dtype=bool)
    if not has_doc.any():
        return
    dcodes, _ = pd.factorize(np.array(docs, dtype=object))
    key = slots.astype(np.int64) * (int(dcodes.max()) + 2) + dcodes
    key = np.where(has_doc, key, -1 - np.arange(len(rows)))
    _, inv, cnt = np.unique(key, return_inverse=True, return_counts=True)
    many = cnt[inv] > 1
    if not many.any():
        return
    aff = np.unique(slots[many])
    in_aff = np.isin(slots, aff)
    ar = rows[in_aff]
    cols = {c: w.fetch(c, ar) for c in ("sentence", "section", "count_text", "kind",
                                         "victims")}
    entries: dict[int, dict[int, list[dict[str, Any]]]] = {}
    for t, (r, sl, k) in enumerate(zip(ar, slots[in_aff], key[in_aff], strict=True)):
        hi = int(w.hi[r])
        entries.setdefault(int(sl), {}).setdefault(int(k), []).append({
            "low": int(w.lo[r]), "best": int(w.be[r]), "high": None if hi == OPEN else hi,
            **{c: v[t] for c, v in cols.items()}})
    for sl, by_doc in entries.items():
        figs = [voice_total(cs) if len(cs) > 1 else
                (cs[0]["low"], cs[0]["best"], cs[0]["high"], cs[0]["kind"])
                for cs in by_doc.values()]
        los = [f[0] for f in figs]
        his = [OPEN if f[2] is None else f[2] for f in figs]
        lmax[sl], lmin[sl] = max(los), min(los)
        hmin[sl], hmax[sl] = min(his), max(his)
        bests = sorted({(f[1], f[0], his[i]) for i, f in enumerate(figs)})
        med[sl] = bests[(len(bests) - 1) // 2][0]


#: Labels of ``claim_roles`` codes.
ROLES = ("agrees", "outlier", "superseded", "zero", "earlier", "headline")


def claim_roles(w: Work, v: Voters) -> npt.NDArray[np.int64]:
    """Return, per claim, the code (into :data:`ROLES`) of the part it played in the figures.

    ``agrees`` (its source's current figure is inside [low, high]), ``outlier`` (current,
    outside), ``superseded`` (a later, higher report elsewhere), ``zero`` (a zero set aside
    against positive figures), ``earlier`` (its source reported again later), ``headline``
    (a headline its own body contradicts by category).
    """
    import numpy as np

    role = np.full(len(w.g), 5, dtype=np.int64)
    has = v.slot_of_row >= 0
    s = v.slot_of_row[has]
    cur = w.pub[has] == v.pub[s]
    r = np.where(v.zero_excluded[s], 3, np.where(v.stale[s], 2, np.where(v.agree[s], 0, 1)))
    r[~cur] = 4
    role[has] = r
    return role


def _later_and_earlier_max_low(
    vg: npt.NDArray[np.int64], pub: npt.NDArray[np.int64], L: npt.NDArray[np.int64],
    dated_L: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Return per voter the highest low of its group on later dates, and on earlier ones.

    The highest ``L`` among voters of its group on strictly later dates, and the highest
    ``dated_L`` on earlier dates or the same date (-1 when none). One sort by (group, date) serves
    both: a running maximum over the (group, date) blocks forwards gives the earlier one,
    backwards the later one.
    """
    import numpy as np

    m = len(vg)
    out_later = np.full(m, -1, dtype=np.int64)
    out_earlier = np.full(m, -1, dtype=np.int64)
    # A voter alone in its group has no one before or after it.
    shared = np.flatnonzero(np.bincount(vg)[vg] >= 2) if m else np.zeros(0, dtype=np.int64)
    if len(shared) == 0:
        return out_later, out_earlier
    if len(shared) < m:
        later, earlier = _later_and_earlier_max_low(vg[shared], pub[shared], L[shared],
                                                    dated_L[shared])
        out_later[shared], out_earlier[shared] = later, earlier
        return out_later, out_earlier
    o = sort_by(vg, pub - int(pub.min()))
    g_s, p_s = vg[o], pub[o]
    new_block = np.ones(m, dtype=bool)
    np.not_equal(g_s[1:], g_s[:-1], out=new_block[1:])
    new_block[1:] |= p_s[1:] != p_s[:-1]
    bs = np.flatnonzero(new_block)
    bg = g_s[bs]
    block_of = np.cumsum(new_block)
    block_of -= 1
    group_start = np.r_[True, bg[1:] != bg[:-1]]
    group_end = np.r_[bg[1:] != bg[:-1], True]
    later = _running_max(np.maximum.reduceat(L[o], bs)[::-1], group_end[::-1])[::-1]
    # earlier *or the same* date: figures reported at comparable times conflict (issue 5), so
    # a same-day report entirely above a figure makes it a conflict, not a stale update
    block_max = np.maximum.reduceat(dated_L[o], bs)
    earlier = np.maximum(_running_max(block_max, group_start), block_max)
    out_later[o] = later[block_of]
    out_earlier[o] = earlier[block_of]
    return out_later, out_earlier


def _running_max(bmax: npt.NDArray[np.int64], first: npt.NDArray[np.bool_],
                 ) -> npt.NDArray[np.int64]:
    """Per block, the maximum of ``bmax`` (>= -1) over the earlier blocks of its run.

    Runs of blocks start where ``first`` is set; a run's first block gets -1 (none).
    """
    import numpy as np
    import pandas as pd

    top = int(bmax.max()) + 2
    rank = np.cumsum(first)  # runs numbered in order, so lifting keeps them apart
    if top * (int(rank[-1]) + 1) < 2**62:
        # Cumulative max within runs in one pass: lift each run above the previous one.
        cm = np.maximum.accumulate(rank * top + bmax + 1) - rank * top - 1
    else:
        cm = np.asarray(pd.Series(bmax).groupby(rank).cummax(), dtype=np.int64)
    prev = np.r_[-1, cm[:-1]]
    prev[first] = -1  # first block of a group: nothing before it
    return prev  # type: ignore[no-any-return]
