"""Find and explain conflicts between claims (docs/reconcile.md, "Contradictions").

Candidates are found with array operations over all groups at once; the text each conflict
needs (names, figures, dates, claim ids) is gathered for the sources involved only, with
array operations, and Python builds one sentence per conflict.

* ``disjoint`` -- sources' current figures that do not overlap. With a majority (two or more
  sources agreeing), one row per source outside it, against the agreeing sources it does not
  overlap; with no two sources agreeing, one row for the whole set. Superseded figures (a
  later, higher report elsewhere: a rising toll) are not conflicts.
* ``denial`` -- a zero figure (a denial, "no one was killed") against positive figures.
* ``category_conflict`` -- the same figure from the same claimant, as one category in one
  document and another category in another (and neither states it under both).
* ``intra_document`` -- a headline against its own body: the same figure under another
  category, or a figure disjoint from every body figure of its category.
* ``revision_down`` -- a source's latest figure lies entirely below one it gave earlier.

``severity`` is ``|log10((a + 1) / (b + 1))|`` between the closest ends of the two figures
(for a category conflict, where the figures are equal, the size of the disputed figure:
``log10(best + 1)``).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from ._explain import describe_group, format_day, format_interval, severity
from ._fast import (
    _mix,
    day_strings,
    factorize_sorted,
    figure_strings,
    join_lists,
    join_strings,
    str_objects,
    string_order,
    take_strings,
)
from ._figures import NO_DAY, SPECIFIC_CATEGORIES, Groups, Voters, Work
from ._intervals import OPEN, close_tolls, sort_by, unique_ints
from ._text import quoted_phrase, sources_compatible

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

__all__ = ["CONTRADICTING", "KIND_ORDER", "find_contradictions"]

#: The kinds, in the order the frame lists an event's rows.
KIND_ORDER = ("disjoint", "denial", "category_conflict", "intra_document", "revision_down")

#: Kinds that make an event row ``contradicted``; the others make it ``contested``.
CONTRADICTING = frozenset({"disjoint", "denial", "category_conflict", "intra_document"})


def _ranges(starts: npt.NDArray[np.int64], lengths: npt.NDArray[np.int64]) -> Any:
    """Concatenate ``arange(s, s + n)`` for each (s, n), without a Python loop."""
    import numpy as np

    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offs = np.repeat(starts - np.r_[0, np.cumsum(lengths)[:-1]], lengths)
    return np.arange(total, dtype=np.int64) + offs


def _sev(a: npt.NDArray[np.int64], b: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    import numpy as np

    return np.abs(np.log10((a.astype(float) + 1) / (b.astype(float) + 1)))  # type: ignore[no-any-return]


def _gap(l1: int, h1: int, l2: int, h2: int) -> float:
    """Severity between two closed intervals (0 when they overlap)."""
    if h1 < l2:
        return severity(h1, l2)
    if h2 < l1:
        return severity(h2, l1)
    return 0.0


@functools.lru_cache(maxsize=65536)
def _compatible_keys(a: str, b: str) -> bool:
    return sources_compatible(a, b)


class _IdTuples:
    """Each slot's sorted claim ids as a tuple, made when asked for (most never are)."""

    def __init__(self, slots: _Slots) -> None:
        self.slots = slots

    @functools.cached_property
    def bounds(self) -> list[int]:
        return self.slots.id_bounds.tolist()  # type: ignore[no-any-return]

    def __len__(self) -> int:
        return len(self.slots.id_bounds) - 1

    def __getitem__(self, p: int) -> tuple[str, ...]:
        s = self.slots
        return tuple(s.id_names[s.id_codes[self.bounds[p] : self.bounds[p + 1]]].tolist())


class _Slots:
    """Display fields of a set of (group, source) slots: name, figure, date, claim ids.

    As Python lists (``names``, ``figs``, ``days``, ``ids``) for conflicts written one at a
    time, and as Arrow string arrays (``*_pa``) and sorted id codes (``id_codes`` in runs
    ``id_bounds``, spelled by ``id_names_pa``) for sentences and list columns built many at
    once. The Python objects are made only when a writer asks for them.
    """

    def __init__(self, w: Work, v: Voters, slots: npt.NDArray[np.int64]) -> None:
        import numpy as np
        import pandas as pd
        import pyarrow as pa

        self.w, self.v = w, v
        # The distinct slots, in order: marked in a table of all slots (no sort).
        seen = np.zeros(len(v.g), dtype=bool)
        seen[slots] = True
        su = np.flatnonzero(seen)
        self.su = su
        seg_len = v.starts[su + 1] - v.starts[su]
        pos = _ranges(v.starts[su], seg_len)
        rows = v.rows_sorted[pos]
        sp = np.repeat(np.arange(len(su)), seg_len)
        cur = w.pub[rows] == v.pub[su][sp]
        rows, sp = rows[cur], sp[cur]
        first = np.flatnonzero(np.r_[True, sp[1:] != sp[:-1]])
        at = w.row[rows]
        # Name: the alphabetically first spelling of the source among its current claims.
        scode, suniq = _sorted_source_codes(w, rows, at)
        scode = np.where(scode < 0, len(suniq), scode)
        smin = np.minimum.reduceat(scode, first)
        names = np.array([*map(str, suniq), ""], dtype=object)[smin]
        # Figure: the phrase of a current claim that gives exactly the source's figure.
        count_text = w.claims["count_text"]
        if count_text.isna().all():  # figures given as numbers: no phrase
            tcode, tuniq = np.zeros(len(rows), dtype=np.int64), np.zeros(0, dtype=object)
        else:
            slot_of = su[sp]
            match = (w.lo[rows] == v.L[slot_of]) & (w.hi[rows] == v.H[slot_of])
            tcode, tuniq = pd.factorize(count_text.array.take(at), sort=True)
            tcode = np.where(match & (tcode >= 0), tcode, len(tuniq))
        tmin = np.minimum.reduceat(tcode, first) if len(tuniq) else np.zeros(len(first),
                                                                                dtype=np.int64)
        texts = (tmin, np.array([*map(str, tuniq), ""], dtype=object))
        # Claim ids of each slot, sorted: codes of the sorted distinct ids, in runs.
        ccode, self.id_names_pa = _sorted_ids(w, at)
        width = max(len(self.id_names_pa), 1)
        # Each slot's ids in order: the packed values (slot, code) sorted (equal keys are
        # equal codes, so any sort gives the same array).
        self.id_codes = (np.sort(sp * width + ccode) % width if len(su) * width < 2**62
                         else ccode[sort_by(sp, ccode)])
        self.id_bounds = np.r_[first, len(rows)].astype(np.int64)
        self.ids = _IdTuples(self)
        # No name: no spelling (the last code), or a spelling that is empty.
        empty = np.array([str(u) == "" for u in suniq] + [True], dtype=bool)
        unnamed = np.flatnonzero(empty[smin])
        if len(unnamed):
            docs = w.fetch("doc_id", rows[first[unnamed]]).tolist()
            names[unnamed] = [f"an unattributed report ({d or self.ids[i][0]})"
                              for i, d in zip(unnamed.tolist(), docs, strict=True)]
            self.names_pa = pa.array(names.tolist(), type=pa.string())
        else:  # every name is a source's spelling: taken from the distinct ones in Arrow
            self.names_pa = pa.array(list(map(str, suniq)), type=pa.string()).take(
                pa.array(smin))
        self.names_obj = names
        self.figs_pa = figure_strings(texts, v.L[su], v.H[su], OPEN)
        self.days_pa = day_strings(v.pub[su], NO_DAY)

    @functools.cached_property
    def id_names(self) -> npt.NDArray[Any]:
        """The distinct claim ids as str objects (for conflicts written one at a time)."""
        import numpy as np

        return np.asarray(self.id_names_pa.to_numpy(zero_copy_only=False), dtype=object)

    @functools.cached_property
    def names(self) -> list[str]:
        """Each slot's source name (for conflicts written one at a time)."""
        return self.names_obj.tolist()  # type: ignore[no-any-return]

    @functools.cached_property
    def figs(self) -> list[str]:
        """Each slot's figure as people read it."""
        return str_objects(self.figs_pa).tolist()  # type: ignore[no-any-return]

    @functools.cached_property
    def days(self) -> list[str]:
        """Each slot's report date (ISO, or "undated")."""
        return str_objects(self.days_pa).tolist()  # type: ignore[no-any-return]

    def few(self, ps: npt.NDArray[np.int64]) -> tuple[list[str], list[str], list[str],
                                                       list[list[str]]]:
        """Return the names, figures, dates and sorted claim ids of the slots at ``ps``.

        For a few positions (revisions): taken from the Arrow arrays, so no Python object
        is made for the slots not asked for (the ``names`` ... ``ids`` above make them all).
        """
        import numpy as np
        import pyarrow as pa

        take = pa.array(ps)
        id_len = self.id_bounds[ps + 1] - self.id_bounds[ps]
        codes = self.id_codes[_ranges(self.id_bounds[ps], id_len)]
        flat = take_strings(self.id_names_pa, codes).to_pylist()
        cut = np.cumsum(id_len).tolist()
        ids = [flat[a:b] for a, b in zip([0, *cut[:-1]], cut, strict=True)]
        return (self.names_obj[ps].tolist(), self.figs_pa.take(take).to_pylist(),
                self.days_pa.take(take).to_pylist(), ids)

    def at(self, slots: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Positions of ``slots`` in this table."""
        import numpy as np

        if len(slots) < 4096:
            return np.searchsorted(self.su, slots)
        return self._position[slots]

    @functools.cached_property
    def _position(self) -> npt.NDArray[np.int64]:
        """Each slot's position in this table (-1: not in it), for many look-ups at once."""
        import numpy as np

        pos = np.full(len(self.v.g), -1, dtype=np.int64)
        pos[self.su] = np.arange(len(self.su))
        return pos

    def members(self, lead: npt.NDArray[np.int64] | None, rest: npt.NDArray[np.int64],
                bounds: npt.NDArray[np.int64]) -> tuple[Any, Any, Any]:
        """Return, per conflict, its claim ids (sorted), sources and figures.

        Conflict j's members are ``lead[j]`` (when given) then ``rest[bounds[j]:bounds[j +
        1]]`` (positions in this table). Each is an Arrow list-of-strings array, one row per
        conflict, built from offsets (no Python object per row).
        """
        import numpy as np
        import pyarrow as pa

        n = len(bounds) - 1
        if lead is None:
            mem, mb = rest, bounds
        else:
            mb = bounds + np.arange(n + 1)
            mem = np.empty(len(rest) + n, dtype=np.int64)
            mem[mb[:-1]] = lead
            # rest[i] of conflict j moves past the j + 1 leads before it
            mem[np.arange(len(rest)) + np.repeat(np.arange(1, n + 1), np.diff(bounds))] = rest
        take = pa.array(mem)
        names = _lists(self.names_pa.take(take), mb)
        figs = _lists(self.figs_pa.take(take), mb)
        # A claim is in one slot only, so members' ids never repeat: sort them per conflict.
        id_len = self.id_bounds[mem + 1] - self.id_bounds[mem]
        codes = self.id_codes[_ranges(self.id_bounds[mem], id_len)]
        conflict = np.repeat(np.repeat(np.arange(n), np.diff(mb)), id_len)
        width = max(len(self.id_names_pa), 1)
        if n * width < 2**62:
            # Sorting the values (conflict, code) packed: equal keys are equal codes, so
            # any sort gives the same array (numpy's default sort is the fastest).
            codes = np.sort(conflict * width + codes) % width
        else:
            codes = codes[sort_by(conflict, codes)]
        ib = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(conflict, minlength=n), out=ib[1:])
        return _lists(take_strings(self.id_names_pa, codes), ib), names, figs


def _sorted_ids(w: Work, at: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], Any]:
    """Return ``factorize_sorted(claim ids at claims rows at, arrow=True)``.

    When the input step made the ids from hashes (:func:`._input.id_hashes`), the ids sort
    as their hashes: one sort of numbers, no comparison of strings.
    """
    import numpy as np

    ids = w.claims["claim_id"].array
    if w.id_hashes is None:
        return factorize_sorted(take_strings(ids, at), arrow=True)
    h = w.id_hashes[at]
    order = np.argsort(h)
    hs = h[order]
    new = np.ones(len(hs), dtype=bool)
    if len(hs) > 1:
        np.not_equal(hs[1:], hs[:-1], out=new[1:])  # a row taken twice: one code
    codes = np.empty(len(at), dtype=np.int64)
    codes[order] = np.cumsum(new) - 1
    return codes, take_strings(ids, at[order[new]])


def _sorted_source_codes(w: Work, rows: npt.NDArray[np.int64], at: npt.NDArray[np.int64],
                         ) -> tuple[npt.NDArray[np.int64], Any]:
    """Return ``pandas.factorize(source at rows, sort=True)``, from the input's codes if any.

    The input step's codes index the distinct spellings; ranking those (few) spellings
    serves every row, instead of taking and factorising a million strings. Ranks into all
    the spellings, not only those at ``rows``: a minimum over codes picks the same one.
    """
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    if w.source_codes is None:
        codes, uniq = pd.factorize(w.claims["source"].array.take(at), sort=True)
        return codes.astype(np.int64, copy=False), uniq
    values = pa.array(w.source_values)
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    order = string_order(values)
    rank = np.empty(len(order) + 1, dtype=np.int64)
    rank[order] = np.arange(len(order))
    rank[-1] = -1  # code -1: missing
    return rank[w.source_codes[rows]], np.asarray(values.take(pa.array(order)).to_pylist(),
                                                  dtype=object)


def _lists(flat: Any, bounds: npt.NDArray[np.int64]) -> Any:
    """Return an Arrow list array whose row i holds ``flat[bounds[i]:bounds[i + 1]]``."""
    import numpy as np
    import pyarrow as pa

    offsets = pa.array(np.asarray(bounds, dtype=np.int32))
    return pa.ListArray.from_arrays(offsets, flat.cast(pa.string()))


def _figure(text: str | None, lo: int, hi: int) -> str:
    fig = format_interval(lo, hi)
    t = quoted_phrase(text or "")
    return f"{t} ({fig})" if t and t != fig else fig


#: The contradictions' list-of-strings columns.
_LISTS = ("claim_ids", "sources", "figures")


class _Out:
    """Rows of the contradictions frame, in batches, and the groups each kind flags."""

    def __init__(self, w: Work, group_victims: npt.NDArray[Any]) -> None:
        import numpy as np

        self.w = w
        self.victims = group_victims
        self.batches: list[dict[str, Any]] = []
        self.pending: dict[str, list[Any]] = self._empty()
        self.contradicted = np.zeros(w.n_groups, dtype=bool)
        self.contested = np.zeros(w.n_groups, dtype=bool)

    @staticmethod
    def _empty() -> dict[str, list[Any]]:
        return {k: [] for k in ("g", "kind", "claim_ids", "sources", "figures", "severity",
                                "explanation", "category")}

    def _flush(self) -> None:
        import numpy as np
        import pyarrow as pa

        p = self.pending
        if p["g"]:
            lists = pa.list_(pa.string())
            self.batches.append({**p, "g": np.asarray(p["g"], dtype=np.int64),
                                 **{k: pa.array(p[k], type=lists) for k in _LISTS},
                                 "explanation": pa.array(p["explanation"], type=pa.string())})
            self.pending = self._empty()

    def extend(self, kind: str, groups: npt.NDArray[np.int64], ids: Any, names: Any, figs: Any,
               sev: Any, texts: Any) -> None:
        """Add many rows of one kind, one per entry of ``groups``.

        ``ids``, ``names`` and ``figs`` are Arrow list-of-strings arrays, ``sev`` floats (a
        list or an array), ``texts`` an Arrow string array.
        """
        import numpy as np

        self._flush()
        n = len(groups)
        self.batches.append({"g": groups, "kind": kind,
                             "claim_ids": ids, "sources": names, "figures": figs,
                             "severity": sev, "explanation": texts,
                             "category": np.full(n, None, dtype=object)})
        flags = self.contradicted if kind in CONTRADICTING else self.contested
        flags[groups] = True

    def columns(self) -> dict[str, Any]:
        """Return the rows as columns: ``_g`` (group), text and lists in Arrow, the rest numpy.

        ``kind`` holds codes into :data:`KIND_ORDER`, ``category`` is an object array of
        str (None means the group's own), ``severity`` float64. The text and the lists are
        Arrow chunked arrays, one chunk per batch: the frame reorders them by slices
        (:func:`._fast.take_runs`), without first joining the batches into one copy.
        """
        import numpy as np
        import pyarrow as pa

        self._flush()
        b = self.batches
        code = {k: i for i, k in enumerate(KIND_ORDER)}
        cols: dict[str, Any] = {
            "kind": np.concatenate([np.full(len(part["g"]), code[part["kind"]], dtype=np.int64)
                                    if isinstance(part["kind"], str)
                                    else np.array([code[k] for k in part["kind"]],
                                                  dtype=np.int64) for part in b])
            if b else np.zeros(0, dtype=np.int64),
            "category": np.concatenate([np.asarray(part["category"], dtype=object)
                                        for part in b]) if b else np.zeros(0, dtype=object),
        }
        cols["severity"] = np.concatenate(
            [np.asarray(part["severity"], dtype=np.float64) for part in b]) if b else (
            np.zeros(0, dtype=np.float64))
        lists = pa.list_(pa.string())
        for k in _LISTS:
            cols[k] = pa.chunked_array([part[k] for part in b], type=lists)
        cols["_g"] = (np.concatenate([part["g"] for part in b]) if b
                      else np.zeros(0, dtype=np.int64))
        cols["explanation"] = pa.chunked_array([part["explanation"] for part in b],
                                               type=pa.string())
        return cols

    def gdescs(self, groups: npt.NDArray[np.int64]) -> Any:
        """describe_group for many groups, as an Arrow string array."""
        import pyarrow as pa

        if 2 * len(groups) < self.w.n_groups:  # a few of the groups: theirs only
            codes, words = self._group_words(groups)
            return words.take(pa.array(codes))
        codes, words = self._all_group_words
        return words.take(pa.array(codes[groups]))

    @functools.cached_property
    def _all_group_words(self) -> tuple[npt.NDArray[np.int64], Any]:
        """Every group's code into the distinct descriptions (an Arrow string array)."""
        import numpy as np

        return self._group_words(np.arange(self.w.n_groups))

    def _group_words(self, groups: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], Any]:
        """Return the codes of ``groups`` into their distinct descriptions (Arrow strings)."""
        import numpy as np
        import pandas as pd
        import pyarrow as pa

        ccode, cuniq = self.w.group_cat[groups], self.w.cat_names
        vcode, vuniq = pd.factorize(pd.Series(self.victims[groups], dtype=object))
        width = len(vuniq) + 1
        key, kinv = np.unique(ccode * width + vcode + 1, return_inverse=True)
        words = [describe_group(str(cuniq[k // width]),
                                None if k % width == 0 else vuniq[k % width - 1])
                 for k in key.tolist()]
        return kinv.ravel().astype(np.int64), pa.array(words, type=pa.string())

    def gdesc(self, g: int) -> str:
        return describe_group(str(self.w.group_category[g]), self.victims[g])

    def emit(self, g: int, kind: str, ids: Any, names: list[str], figs: list[str], sev: float,
             text: str, groups: Any, category: str | None = None) -> None:
        c = self.pending
        c["g"].append(int(g))
        c["kind"].append(kind)
        c["claim_ids"].append(sorted(set(ids)))
        c["sources"].append(list(names))
        c["figures"].append(list(figs))
        c["severity"].append(round(float(sev), 6))
        c["explanation"].append(text)
        c["category"].append(category)
        flags = self.contradicted if kind in CONTRADICTING else self.contested
        for grp in groups:  # a few groups: item by item is cheaper than a fancy index
            flags[grp] = True


def find_contradictions(
    claims: pd.DataFrame,
    w: Work,
    v: Voters,
    grp: Groups,
    group_victims: npt.NDArray[Any],
) -> tuple[dict[str, Any], npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Return the contradictions as columns, and per group (contradicted, contested).

    The columns are ``_Out.columns``: text and lists of strings in Arrow, the rest as lists.
    """
    import numpy as np

    out = _Out(w, group_victims)
    if len(w.g) == 0:
        return out.columns(), out.contradicted, out.contested
    del claims

    # Which slots take part in any conflict: gather their display fields once.
    n_active = np.bincount(v.g[v.active], minlength=w.n_groups)
    fals = np.flatnonzero(v.active & ~v.agree)
    majority = fals[grp.k[v.g[fals]] >= 2]
    lone_g = np.flatnonzero((grp.k == 1) & (n_active >= 2))
    in_lone = np.zeros(w.n_groups, dtype=bool)
    in_lone[lone_g] = True
    lone = np.flatnonzero(v.active & in_lone[v.g])
    in_majority = np.zeros(w.n_groups, dtype=bool)
    in_majority[v.g[majority]] = True
    agree_in = np.flatnonzero(v.agree & in_majority[v.g])
    zero, positive, cand_ev = _denial_candidates(w, v)
    in_cand = np.zeros(int(w.group_ev.max()) + 1, dtype=bool)
    in_cand[cand_ev] = True
    deny = np.flatnonzero(in_cand[w.group_ev[v.g]] & (zero | positive))
    rev = np.flatnonzero((v.earlier_max_low > v.H) & (v.earlier_max_low >= 0))
    involved = np.concatenate([majority, agree_in, lone, deny, rev])
    info = _Slots(w, v, involved) if len(involved) else None

    if info is not None:
        _disjoint_majority(out, w, v, grp, info, majority, agree_in)
        _disjoint_lone(out, w, v, info, lone)
        _denials(out, w, v, info, deny, zero, positive)
        _revisions(out, w, v, info, rev)
    _category_conflicts(out, w)
    _intra_document(out, w)
    return out.columns(), out.contradicted, out.contested


def _disjoint_majority(out: _Out, w: Work, v: Voters, grp: Groups, info: _Slots,
                       fals: npt.NDArray[np.int64], agree: npt.NDArray[np.int64]) -> None:
    """One row per source outside a majority, against the agreeing sources it misses."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if len(fals) == 0:
        return
    ag = agree[np.argsort(v.g[agree], kind="stable")]
    lo_i = np.searchsorted(v.g[ag], v.g[fals], side="left")
    hi_i = np.searchsorted(v.g[ag], v.g[fals], side="right")
    cnt = hi_i - lo_i
    f_rep = np.repeat(fals, cnt)
    a_all = ag[_ranges(lo_i, cnt)]
    apart = (v.H[a_all] < v.L[f_rep]) | (v.L[a_all] > v.H[f_rep])
    f_rep, a_all = f_rep[apart], a_all[apart]
    gap = np.where(v.H[f_rep] < v.L[a_all], _sev(v.H[f_rep], v.L[a_all]),
                   _sev(v.H[a_all], v.L[f_rep]))
    starts = np.flatnonzero(np.r_[True, f_rep[1:] != f_rep[:-1]])
    sev = np.minimum.reduceat(gap, starts) if len(starts) else gap
    fs = f_rep[starts]
    G = v.g[fs]
    fi, ai = info.at(fs), info.at(a_all)
    bounds = np.r_[starts, len(f_rep)]
    # The agreed figure of each group once (G is in group order), taken for its rows.
    g_new = np.r_[True, G[1:] != G[:-1]]
    g_once = G[g_new]
    agreed = figure_strings(None, grp.low[g_once], grp.high[g_once], OPEN).take(
        pa.array(np.cumsum(g_new) - 1))
    where = pc.if_else(pa.array(v.H[fs] < grp.low[G]), "below", "above")
    k = pa.array(grp.k[G]).cast(pa.string())
    # Each agreeing source's part of the list ("name, figure on day") is written once, then
    # taken for every conflict that names it.
    named = np.zeros(len(info.su), dtype=bool)
    named[ai] = True
    part_of = np.cumsum(named) - 1
    once = pa.array(np.flatnonzero(named))
    parts = join_strings(info.names_pa.take(once), ", ", info.figs_pa.take(once), " on ",
                         info.days_pa.take(once))
    listed = join_lists(parts.take(pa.array(part_of[ai])), bounds, "; ")
    me = pa.array(fi)
    texts = join_strings(
        info.names_pa.take(me), " gives ", info.figs_pa.take(me), " ", out.gdescs(G),
        " (reported ", info.days_pa.take(me), "), ", where, " the ", agreed, " that ", k,
        " sources agree on; it does not overlap ", listed, ".",
    )
    ids, names, figs = info.members(fi, ai, bounds)
    out.extend("disjoint", G, ids, names, figs, np.round(sev, 6), texts)


def _disjoint_lone(out: _Out, w: Work, v: Voters, info: _Slots,
                   lone: npt.NDArray[np.int64]) -> None:
    """One row per group where no two sources agree."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    if len(lone) == 0:
        return
    pos = info.at(lone)
    # Members in order of (figure, name, claim ids); the ids only break rare ties.
    ncode, _ = pd.factorize(info.names_obj[pos], sort=True)
    key = (v.g[lone], v.L[lone], v.H[lone], ncode.astype(np.int64))
    order = sort_by(*key)
    ks = [k[order] for k in key]
    tie = np.r_[False, np.logical_and.reduce([k[1:] == k[:-1] for k in ks])]
    if tie.any():
        ranked = sorted(range(len(info.ids)), key=info.ids.__getitem__)
        id_rank = np.empty(len(info.ids), dtype=np.int64)
        id_rank[ranked] = np.arange(len(ranked))
        order = sort_by(*key, id_rank[pos])
    lone, pos = lone[order], pos[order]
    g_l = v.g[lone]
    starts = np.flatnonzero(np.r_[True, g_l[1:] != g_l[:-1]])
    bounds = np.r_[starts, len(lone)]
    G = g_l[starts]
    lo_s, hi_s = lone[starts], lone[bounds[1:] - 1]
    sev = [round(_gap(a, b, c, d), 6) for a, b, c, d in zip(
        v.L[lo_s].tolist(), v.H[lo_s].tolist(), v.L[hi_s].tolist(), v.H[hi_s].tolist(),
        strict=True)]
    take = pa.array(pos)
    listed = join_lists(join_strings(info.names_pa.take(take), " gives ",
                                     info.figs_pa.take(take), " (reported ",
                                     info.days_pa.take(take), ")"), bounds, "; ")
    texts = join_strings("No two sources agree on the number ", out.gdescs(G), ": ", listed,
                         ".")
    ids, names, figs = info.members(None, pos, bounds)
    out.extend("disjoint", G, ids, names, figs, sev, texts)


def _denial_candidates(w: Work, v: Voters) -> tuple[Any, Any, Any]:
    import numpy as np

    zero = v.H == 0
    positive = (v.L > 0) & ~v.stale
    ev = w.group_ev[v.g]
    n_ev = int(w.group_ev.max()) + 1 if len(w.group_ev) else 0
    has_zero = np.zeros(n_ev, dtype=bool)
    has_zero[ev[zero]] = True
    has_pos = np.zeros(n_ev, dtype=bool)
    has_pos[ev[positive]] = True
    return zero, positive, np.flatnonzero(has_zero & has_pos)


def _denials(out: _Out, w: Work, v: Voters, info: _Slots, slots: npt.NDArray[np.int64],
             zero: npt.NDArray[np.bool_], positive: npt.NDArray[np.bool_]) -> None:
    """Find zero figures against positive ones.

    A zero conflicts with positive figures of its own group, of an unspecified group (and,
    when its own victims are unspecified, of any group) in the same category; a zero
    "casualties" figure conflicts with every category.
    """
    if len(slots) == 0:
        return
    per_event: dict[int, list[int]] = {}
    for s in slots.tolist():
        per_event.setdefault(int(w.group_ev[v.g[s]]), []).append(s)
    names, figs, days, ids = info.names, info.figs, info.days, info.ids
    for evslots in per_event.values():
        zs_all = [s for s in evslots if zero[s]]
        ps_all = [s for s in evslots if positive[s]]
        by_zgroup: dict[int, list[int]] = {}
        for z in zs_all:
            by_zgroup.setdefault(int(v.g[z]), []).append(z)
        for g, zs in sorted(by_zgroup.items()):
            cz, vz = str(w.group_category[g]), str(w.group_vkey[g])
            ps = [
                p for p in ps_all
                if (cz == "casualties" or str(w.group_category[v.g[p]]) == cz)
                and (vz == "" or w.group_vkey[v.g[p]] in (vz, ""))
            ]
            if not ps:
                continue
            zp = [int(x) for x in info.at(_arr(zs))]
            pp = [int(x) for x in info.at(_arr(ps))]
            order = sorted(range(len(ps)), key=lambda j: (int(v.L[ps[j]]), int(v.H[ps[j]]),
                                                          names[pp[j]], ids[pp[j]]))
            ps, pp = [ps[j] for j in order], [pp[j] for j in order]
            sev = severity(0, int(v.L[ps[0]]))
            deniers = ", ".join(f"{names[p]} (reported {days[p]})" for p in zp)
            positives = "; ".join(
                f"{names[p]} gives {figs[p]} {out.gdesc(int(v.g[s]))} (reported {days[p]})"
                for s, p in zip(ps, pp, strict=True)
            )
            verb = "says" if len(zs) == 1 else "say"
            text = f"{deniers} {verb} no one was {out.gdesc(g)}, while {positives}."
            out.emit(g, "denial", [i for p in zp + pp for i in ids[p]],
                     [names[p] for p in zp + pp], [figs[p] for p in zp + pp], sev, text,
                     {g, *(int(v.g[s]) for s in ps)})


def _arr(xs: list[int]) -> npt.NDArray[np.int64]:
    import numpy as np

    return np.asarray(xs, dtype=np.int64)


def _revisions(out: _Out, w: Work, v: Voters, info: _Slots,
               slots: npt.NDArray[np.int64]) -> None:
    """Find sources whose latest figure lies below one they gave on an earlier date."""
    import numpy as np
    import pandas as pd

    if len(slots) == 0:
        return
    seg_len = v.starts[slots + 1] - v.starts[slots]
    rows = v.rows_sorted[_ranges(v.starts[slots], seg_len)]
    owner = np.repeat(slots, seg_len)
    early = (w.pub[rows] < v.pub[owner]) & (w.pub[rows] != NO_DAY)
    rows, owner = rows[early], owner[early]
    cid_obj = w.fetch("claim_id", rows)
    cid = cid_obj.tolist()
    txt = w.fetch("count_text", rows).tolist()
    # Each slot's earlier report with the highest (low, date, claim id): the last of its
    # run in that order (claim ids are distinct, so the order is total).
    rank, _ = pd.factorize(cid_obj, sort=True)
    o = sort_by(owner, w.lo[rows], w.pub[rows], rank.astype(np.int64))
    last = o[np.r_[owner[o][1:] != owner[o][:-1], True]] if len(o) else o
    peak = dict(zip(owner[last].tolist(), last.tolist(), strict=True))
    names, figs, days, ids = info.few(info.at(slots))
    for i, s in enumerate(slots.tolist()):
        j = peak[s]
        r = int(rows[j])
        g = int(v.g[s])
        name = names[i]
        then = _figure(txt[j], int(w.lo[r]), int(w.hi[r]))
        text = (
            f"{name} lowered its figure for {out.gdesc(g)} from {then} (reported "
            f"{format_day(int(w.pub[r]))}) to {figs[i]} (reported {days[i]})."
        )
        out.emit(g, "revision_down", [cid[j], *ids[i]], [name, name],
                 [then, figs[i]], severity(int(w.lo[r]), int(v.H[s])), text, (g,))


class _Rows:
    """Text fields of a few work rows, fetched together."""

    def __init__(self, w: Work, rows: npt.NDArray[np.int64]) -> None:
        self.w = w
        keys = rows.tolist()
        self.cid = dict(zip(keys, w.fetch("claim_id", rows).tolist(), strict=True))
        self.src = dict(zip(keys, w.fetch("source", rows).tolist(), strict=True))
        self.doc = dict(zip(keys, w.fetch("doc_id", rows).tolist(), strict=True))
        self.txt = dict(zip(keys, w.fetch("count_text", rows).tolist(), strict=True))
        self.pubr = dict(zip(keys, w.fetch("publisher", rows).tolist(), strict=True))
        self.cat = dict(zip(keys, w.category(rows).tolist(), strict=True))

    def name(self, r: int) -> str:
        s = self.src[r]
        return str(s) if s else f"an unattributed report ({self.doc[r] or self.cid[r]})"

    def figure(self, r: int) -> str:
        return _figure(self.txt[r], int(self.w.lo[r]), int(self.w.hi[r]))

    def where(self, r: int) -> str:
        bits = []
        if self.doc[r]:
            bits.append(f"document {self.doc[r]}")
        if self.pubr[r] and self.pubr[r] != self.src[r]:
            bits.append(str(self.pubr[r]))
        bits.append(f"reported {format_day(int(self.w.pub[r]))}")
        return ", ".join(bits)


#: Independent odd 64-bit multipliers (from SplitMix64's output), one per key column.
_KEY_MULTIPLIERS = (0xE220A8397B1DCDAF, 0x6E789E6AA1B965F5, 0x06C45D188009454F,
                    0xF88BB8A8724C81EB)


def _maybe_two_categories(*cols: npt.NDArray[np.int64],
                          where: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """Flag rows whose key (all columns but the last) may occur under two categories (last).

    Only rows ``where`` is set count. Keys are hashed into about four buckets per row; a
    row is flagged when its bucket holds two categories. Every row whose key does is flagged
    (others may be too: the exact test follows on these few rows), so the sort that follows
    is over a small part of the rows.
    """
    import numpy as np

    *keys, cat = cols
    n = len(cat)
    if n < 4096 or len(keys) > len(_KEY_MULTIPLIERS):
        return np.ones(n, dtype=bool)
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k, mult in zip(keys, _KEY_MULTIPLIERS, strict=False):
            h += k.astype(np.uint64) * np.uint64(mult)
        h = _mix(h)
    bits = min(max((4 * n).bit_length(), 10), 26)
    bucket = (h >> np.uint64(64 - bits)).astype(np.int64)
    kinds = np.zeros(1 << bits, dtype=np.int8)
    for c in np.flatnonzero(np.bincount(cat[where])).tolist():
        seen = np.zeros(1 << bits, dtype=bool)
        seen[bucket[where & (cat == c)]] = True
        kinds += seen
    return kinds[bucket] >= 2


def _category_conflicts(out: _Out, w: Work) -> None:
    """Find the same figure from the same claimant under another category elsewhere."""
    import numpy as np

    spec_codes = np.flatnonzero(np.isin(w.cat_names, SPECIFIC_CATEGORIES))
    specific = np.zeros(len(w.cat_names), dtype=bool)
    specific[spec_codes] = True
    eligible = specific[w.cat] & (w.lo > 0)
    if np.count_nonzero(np.bincount(w.cat[eligible], minlength=len(w.cat_names))) < 2:
        return  # the eligible figures are all of one category: nothing to find
    idx = np.flatnonzero(eligible & _maybe_two_categories(
        w.group_ev[w.g], w.lo, w.be, w.hi, w.cat, where=eligible))
    if len(idx) == 0:
        return
    ev = w.group_ev[w.g[idx]]
    hi = np.minimum(w.hi[idx], OPEN)
    o = sort_by(ev, w.lo[idx], w.be[idx], hi, w.cat[idx])
    idx, ev = idx[o], ev[o]
    lo, be, hi, cat = w.lo[idx], w.be[idx], hi[o], w.cat[idx]
    same = (ev[1:] == ev[:-1]) & (lo[1:] == lo[:-1]) & (be[1:] == be[:-1]) & (hi[1:] == hi[:-1])
    starts = np.flatnonzero(np.r_[True, ~same])
    ends = np.r_[starts[1:], len(idx)]
    # Keys holding two categories: first and last category of the sorted run differ.
    multi = cat[starts] != cat[ends - 1]
    if not multi.any():
        return
    r_start, r_len = starts[multi], (ends - starts)[multi]
    pos = _ranges(r_start, r_len)  # positions (in idx) of candidate rows, run by run
    run_of = np.full(len(idx), -1, dtype=np.int64)
    run_of[pos] = np.repeat(np.arange(len(r_start)), r_len)
    run_end = np.repeat(r_start + r_len, r_len)
    # Every pair (p, q), p < q, within a run; cheapest tests first.
    n_after = run_end - pos - 1
    p_rep = np.repeat(pos, n_after)
    q_rep = _ranges(pos + 1, n_after)
    keep = cat[p_rep] != cat[q_rep]
    p_rep, q_rep = p_rep[keep], q_rep[keep]
    # Same claimant: the same normalised source, or names that may denote one claimant
    # ("Russia" / "Russia's Foreign Ministry"), decided once per distinct pair of sources.
    va, vb = w.voter[idx[p_rep]], w.voter[idx[q_rep]]
    width = len(w.voter_names) + 1
    pair = np.minimum(va, vb) * width + np.maximum(va, vb)
    upair, inv = unique_ints(pair, return_inverse=True)
    names_v = w.voter_names
    ok_u = np.array([
        int(x) // width == int(x) % width
        or _compatible_keys(str(names_v[int(x) // width]), str(names_v[int(x) % width]))
        for x in upair.tolist()], dtype=bool)
    keep = ok_u[inv] if len(upair) else np.zeros(0, dtype=bool)
    p_rep, q_rep = p_rep[keep], q_rep[keep]
    if len(p_rep) == 0:
        return
    # Different documents, and neither states the figure under both categories
    # ("2 killed, 2 injured" reports two tolls, not a conflict).
    involved = np.unique(np.concatenate([p_rep, q_rep, pos[np.isin(run_of[pos],
                                                                   run_of[p_rep])]]))
    doc_codes = np.full(len(idx), -1, dtype=np.int64)
    doc_codes[involved], _ = _factor(w.fetch("doc_id", idx[involved]))
    da, db = doc_codes[p_rep], doc_codes[q_rep]
    keep = ~((da >= 0) & (da == db))
    nd, nc = int(doc_codes.max()) + 2, int(cat.max()) + 1
    title = w.title[idx].astype(np.int64)
    stated = np.unique(((run_of[involved] * nd + doc_codes[involved] + 1) * 2
                        + title[involved]) * nc + cat[involved])
    run_p = run_of[p_rep]
    both_a = np.isin(((run_p * nd + da + 1) * 2 + title[p_rep]) * nc + cat[q_rep], stated)
    both_b = np.isin(((run_p * nd + db + 1) * 2 + title[q_rep]) * nc + cat[p_rep], stated)
    good = np.flatnonzero(keep & ~both_a & ~both_b)
    if len(good) == 0:
        return
    good = good[~_kept_apart(w, idx[p_rep[good]], idx[q_rep[good]])]
    if len(good) == 0:
        return
    rows_info = _Rows(w, np.unique(np.concatenate([idx[p_rep[good]], idx[q_rep[good]]])))
    groups: dict[tuple[int, str, str], set[int]] = {}
    for gi in good.tolist():
        ra, rb = int(idx[p_rep[gi]]), int(idx[q_rep[gi]])
        c1, c2 = sorted((rows_info.cat[ra], rows_info.cat[rb]))
        groups.setdefault((int(run_p[gi]), c1, c2), set()).update((ra, rb))
    for (_, c1, c2), members in sorted(groups.items()):
        mem = sorted(members, key=lambda r: (rows_info.cat[r], rows_info.cid[r]))
        g = int(w.g[mem[0]])
        fig = rows_info.figure(mem[0])
        parts = "; ".join(
            f"{rows_info.name(r)} as {rows_info.cat[r]} ({rows_info.where(r)})" for r in mem
        )
        text = (f"The same figure, {fig}, is reported by the same claimant under two "
                f"categories: {parts}.")
        out.emit(g, "category_conflict", [rows_info.cid[r] for r in mem],
                 [rows_info.name(r) for r in mem],
                 [f"{rows_info.figure(r)} {rows_info.cat[r]}" for r in mem],
                 severity(int(w.be[mem[0]]), 0), text, {int(w.g[r]) for r in mem},
                 category=f"{c1}/{c2}")


def _kept_apart(w: Work, ra: npt.NDArray[np.int64],
                rb: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """Flag candidate pairs that are no category slip between two documents.

    ``ra`` is the figure ``f`` under category A in document DA, ``rb`` the same figure under
    B in document DB. Not a slip:

    - a headline whose own body gives the figure under the same category: it only echoes
      its body, whose claim stands for it (a headline that turns its body's injured into
      killed stays a candidate: the slip the spec's Deir al-Zour example names);
    - a claimant visibly keeping the tolls apart: DA also gives the claimant's own B figure
      and that is close to ``f`` (``close_tolls``: within x1.5), so DB's ``f`` reads as the
      B toll itself, not as DA's A figure mislabelled ("6 killed, 7 injured" in one report
      and "7 killed" in a later one is a toll of the dead that rose); symmetrically for DB.
      "2 killed, 7 injured" and "7 killed" stays flagged (2 is far from 7).
    """
    import numpy as np

    out = np.zeros(len(ra), dtype=bool)
    events = np.unique(w.group_ev[w.g[np.concatenate([ra, rb])]])
    rows = np.flatnonzero(np.isin(w.group_ev[w.g], events))
    docs = w.fetch("doc_id", rows).tolist()
    own: dict[tuple[int, int, Any, int], list[int]] = {}
    body_figures: set[tuple[Any, int, int, int, int]] = set()
    for r, d in zip(rows.tolist(), docs, strict=True):
        if d is not None and w.lo[r] > 0:
            key = (int(w.group_ev[w.g[r]]), int(w.voter[r]), d, int(w.cat[r]))
            own.setdefault(key, []).append(int(w.be[r]))
            if not w.title[r]:
                body_figures.add((d, int(w.lo[r]), int(w.be[r]), int(w.hi[r]), int(w.cat[r])))
    doc_of = dict(zip(rows.tolist(), docs, strict=True))

    def in_own_body(r: int) -> bool:
        return bool(w.title[r]) and (doc_of.get(r), int(w.lo[r]), int(w.be[r]),
                                     int(w.hi[r]), int(w.cat[r])) in body_figures

    def explained(r: int, other_cat: int, f: int) -> bool:
        key = (int(w.group_ev[w.g[r]]), int(w.voter[r]), doc_of.get(r), int(other_cat))
        return any(b != f and close_tolls(b, f) for b in own.get(key, ()))

    for k, (a, b) in enumerate(zip(ra.tolist(), rb.tolist(), strict=True)):
        f = int(w.be[a])
        out[k] = (in_own_body(a) or in_own_body(b) or explained(a, int(w.cat[b]), f)
                  or explained(b, int(w.cat[a]), f))
    return out


def _factor(values: npt.NDArray[Any]) -> tuple[npt.NDArray[np.int64], npt.NDArray[Any]]:
    """Sorted codes of an object array (-1 for None)."""
    import numpy as np
    import pandas as pd

    codes, uniq = pd.factorize(pd.Series(values, dtype=object), sort=True)
    return codes.astype(np.int64), np.asarray(uniq, dtype=object)


def _intra_document(out: _Out, w: Work) -> None:
    """Headlines that their own document's body contradicts."""
    import numpy as np
    import pandas as pd

    title = np.flatnonzero(w.title)
    if len(title) == 0:
        return
    docs_all = w.fetch("doc_id", np.arange(len(w.g)))
    tdocs = {d for d in docs_all[title].tolist() if d is not None}
    if not tdocs:
        return
    # A hash lookup, not np.isin: on object arrays numpy compares every row with every
    # headline's document, quadratic in the corpus (60 s at 100,000 claims).
    body = np.flatnonzero(~w.title & pd.Series(docs_all, dtype=object).isin(tdocs).to_numpy())
    info = _Rows(w, np.concatenate([title, body]))
    body_of: dict[tuple[Any, int], list[int]] = {}
    body_doc: dict[Any, list[int]] = {}
    for r in body.tolist():
        body_of.setdefault((info.doc[r], int(w.group_ev[w.g[r]])), []).append(r)
        body_doc.setdefault(info.doc[r], []).append(r)
    for t in sorted(title.tolist(), key=lambda r: info.cid[r]):
        # The same figure under another category is looked for in the whole body: a headline
        # and its body are one report even when alignment placed their claims in different
        # events (the headline named only the country, the body the town). Disjoint figures
        # are compared within the headline's own event and group only.
        whole_b = sorted(body_doc.get(info.doc[t], []), key=lambda r: info.cid[r])
        rows_b = sorted(body_of.get((info.doc[t], int(w.group_ev[w.g[t]])), []),
                        key=lambda r: info.cid[r])
        if not whole_b:
            continue
        ct = info.cat[t]
        fig_t = (int(w.lo[t]), int(w.be[t]), int(w.hi[t]))
        same_fig = [r for r in whole_b if (int(w.lo[r]), int(w.be[r]), int(w.hi[r])) == fig_t]
        head = f"the headline of document {info.doc[t]} ({info.name(t)})"
        if ct in SPECIFIC_CATEGORIES and fig_t[0] > 0 and not any(
            info.cat[r] == ct for r in same_fig
        ):
            other = [r for r in same_fig if info.cat[r] in SPECIFIC_CATEGORIES]
            if other:
                cats = sorted({info.cat[r] for r in other})
                text = (f"In {head}, {info.figure(t)} are {ct}; its body gives the same "
                        f"figure as {' and '.join(cats)}.")
                rows = [t, *other]
                out.emit(int(w.g[t]), "intra_document", [info.cid[r] for r in rows],
                         [info.name(r) for r in rows],
                         [f"{info.figure(r)} {info.cat[r]}" for r in rows],
                         severity(fig_t[1], 0), text, {int(w.g[r]) for r in rows},
                         category="/".join(sorted({ct, *cats})))
                continue
        same_grp = [r for r in rows_b if int(w.g[r]) == int(w.g[t])]
        if not same_grp:
            continue
        lt, ht = fig_t[0], fig_t[2]
        if any(not (int(w.hi[r]) < lt or int(w.lo[r]) > ht) for r in same_grp):
            continue
        sev = min(_gap(lt, ht, int(w.lo[r]), int(w.hi[r])) for r in same_grp)
        bfigs = ", ".join(sorted({info.figure(r) for r in same_grp}))
        text = (f"In {head}, {info.figure(t)} {out.gdesc(int(w.g[t]))}; its body gives "
                f"{bfigs}, which does not overlap it.")
        rows = [t, *same_grp]
        out.emit(int(w.g[t]), "intra_document", [info.cid[r] for r in rows],
                 [info.name(r) for r in rows], [info.figure(r) for r in rows], sev, text,
                 (int(w.g[t]),))
