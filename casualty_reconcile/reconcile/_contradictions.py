"""Find and explain conflicts between claims (docs/reconcile.md, "Contradictions").

Candidates are found with array operations over all groups; only the (few) conflicts found
are turned into rows and sentences in Python.

* ``disjoint`` -- sources' current figures that do not overlap. With a majority (two or more
  sources agreeing), one row per source outside it, against the agreeing sources it does not
  overlap; with no two sources agreeing, one row for the whole set. Superseded figures (a
  later, higher report elsewhere: a rising toll) are not conflicts.
* ``denial`` -- a zero figure (a denial, "no one was killed") against positive figures.
* ``category_conflict`` -- the same figure from the same claimant, as one category in one
  document and another category in another (and neither document gives it under both).
* ``intra_document`` -- a headline against its own body: the same figure under another
  category, or a figure disjoint from every body figure of its category.
* ``revision_down`` -- a source's latest figure lies entirely below one it gave earlier.

``severity`` is ``|log10((a + 1) / (b + 1))|`` between the closest ends of the two figures
(for a category conflict, where the figures are equal, the size of the disputed figure:
``log10(best + 1)``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._explain import describe_group, format_day, format_interval, severity
from ._figures import NO_DAY, Groups, Voters, Work
from ._text import normalise_name, sources_compatible

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

__all__ = ["find_contradictions"]

#: Kinds that make an event row ``contradicted``; the others make it ``contested``.
CONTRADICTING = frozenset({"disjoint", "denial", "category_conflict", "intra_document"})

_SPECIFIC = ("killed", "injured", "missing", "captured")


class _Ctx:
    """Lazy access to the claim fields the sentences need."""

    def __init__(self, claims: pd.DataFrame, w: Work, v: Voters) -> None:
        self.w = w
        self.v = v
        rows = w.row
        self.claim_id = claims["claim_id"].to_numpy(dtype=object)[rows]
        self.source = claims["source"].to_numpy(dtype=object, na_value=None)[rows]
        self.doc = claims["doc_id"].to_numpy(dtype=object, na_value=None)[rows]
        self.text = claims["count_text"].to_numpy(dtype=object, na_value=None)[rows]
        self.section = claims["section"].to_numpy(dtype=object, na_value=None)[rows]
        self.category = claims["category"].to_numpy(dtype=object)[rows]
        self.victims = claims["victims"].to_numpy(dtype=object, na_value=None)[rows]
        self.publisher = claims["publisher"].to_numpy(dtype=object, na_value=None)[rows]

    def slot_rows(self, s: int, *, current: bool = True) -> list[int]:
        v = self.v
        rows = v.rows_sorted[v.starts[s] : v.starts[s + 1]].tolist()
        if current:
            rows = [r for r in rows if self.w.pub[r] == v.pub[s]]
        return sorted(rows, key=lambda r: str(self.claim_id[r]))

    def name(self, r: int) -> str:
        src = self.source[r]
        if src:
            return str(src)
        return f"an unattributed report ({self.doc[r] or self.claim_id[r]})"

    def figure(self, r: int) -> str:
        t = self.text[r]
        fig = format_interval(self.w.lo[r], self.w.hi[r])
        if t and str(t).strip() and str(t).strip() != fig:
            return f"{str(t).strip()} ({fig})"
        return fig

    def slot_figure(self, s: int) -> str:
        v = self.v
        rows = self.slot_rows(s)
        exact = [r for r in rows if self.w.lo[r] == v.L[s] and self.w.hi[r] == v.H[s]]
        if exact:
            return self.figure(exact[0])
        return format_interval(v.L[s], v.H[s])

    def slot_name(self, s: int) -> str:
        return self.name(self.slot_rows(s)[0])

    def ids(self, rows: list[int]) -> tuple[str, ...]:
        return tuple(sorted({str(self.claim_id[r]) for r in rows}))


def _gap(l1: int, h1: int, l2: int, h2: int) -> float:
    """Severity between two disjoint closed intervals (0 when they overlap)."""
    if h1 < l2:
        return severity(h1, l2)
    if h2 < l1:
        return severity(h2, l1)
    return 0.0


def find_contradictions(
    claims: pd.DataFrame,
    w: Work,
    v: Voters,
    grp: Groups,
    group_victims: npt.NDArray[Any],
) -> tuple[list[dict[str, Any]], npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Return contradiction rows and, per group, flags (contradicted, contested)."""
    import numpy as np
    import pandas as pd

    contradicted = np.zeros(w.n_groups, dtype=bool)
    contested = np.zeros(w.n_groups, dtype=bool)
    out: list[dict[str, Any]] = []
    if len(w.g) == 0:
        return out, contradicted, contested
    ctx = _Ctx(claims, w, v)

    def gdesc(g: int) -> str:
        return describe_group(str(w.group_category[g]), group_victims[g])

    def emit(g: int, kind: str, rows: list[int], names: list[str], figs: list[str],
             sev: float, text: str, category: str | None = None) -> None:
        out.append(
            {
                "event_id": str(w.group_event[g]),
                "kind": kind,
                "claim_ids": ctx.ids(rows),
                "sources": tuple(names),
                "figures": tuple(figs),
                "severity": round(float(sev), 6),
                "explanation": text,
                "category": category if category is not None else str(w.group_category[g]),
            }
        )
        flagged_groups = {int(w.g[r]) for r in rows}
        for gg in flagged_groups:
            if kind in CONTRADICTING:
                contradicted[gg] = True
            else:
                contested[gg] = True

    # --- disjoint --------------------------------------------------------------------------
    n_active = np.bincount(v.g[v.active], minlength=w.n_groups)
    fals = np.flatnonzero(v.active & ~v.agree)
    majority = fals[grp.k[v.g[fals]] >= 2]
    if len(majority):
        agree_idx = np.flatnonzero(v.agree)
        by_group: dict[int, list[int]] = {}
        for s in agree_idx[np.isin(v.g[agree_idx], v.g[majority])].tolist():
            by_group.setdefault(int(v.g[s]), []).append(s)
        for f in majority.tolist():
            g = int(v.g[f])
            lf, hf = int(v.L[f]), int(v.H[f])
            others = [a for a in by_group[g] if int(v.H[a]) < lf or int(v.L[a]) > hf]
            sev = min(_gap(lf, hf, int(v.L[a]), int(v.H[a])) for a in others)
            rows = ctx.slot_rows(f)
            for a in others:
                rows += ctx.slot_rows(a)
            names = [ctx.slot_name(f)] + [ctx.slot_name(a) for a in others]
            figs = [ctx.slot_figure(f)] + [ctx.slot_figure(a) for a in others]
            agreed = format_interval(int(grp.low[g]), int(grp.high[g]))
            listed = "; ".join(
                f"{ctx.slot_name(a)}, {ctx.slot_figure(a)} on {format_day(int(v.pub[a]))}"
                for a in others
            )
            where = "below" if hf < int(grp.low[g]) else "above"
            text = (
                f"{names[0]} gives {figs[0]} {gdesc(g)} (reported {format_day(int(v.pub[f]))}), "
                f"{where} the {agreed} that {int(grp.k[g])} sources agree on; it does not "
                f"overlap {listed}."
            )
            emit(g, "disjoint", rows, names, figs, sev, text)
    lone = np.flatnonzero((grp.k == 1) & (n_active >= 2))
    if len(lone):
        act = np.flatnonzero(v.active & np.isin(v.g, lone))
        members: dict[int, list[int]] = {}
        for s in act.tolist():
            members.setdefault(int(v.g[s]), []).append(s)
        for g, slots in members.items():
            slots.sort(key=lambda s: (int(v.L[s]), int(v.H[s]), ctx.slot_name(s),
                                      ctx.ids(ctx.slot_rows(s))))
            lo_s, hi_s = slots[0], slots[-1]
            sev = _gap(int(v.L[lo_s]), int(v.H[lo_s]), int(v.L[hi_s]), int(v.H[hi_s]))
            rows = [r for s in slots for r in ctx.slot_rows(s)]
            names = [ctx.slot_name(s) for s in slots]
            figs = [ctx.slot_figure(s) for s in slots]
            listed = "; ".join(
                f"{n} gives {f} (reported {format_day(int(v.pub[s]))})"
                for n, f, s in zip(names, figs, slots, strict=True)
            )
            text = f"No two sources agree on the number {gdesc(g)}: {listed}."
            emit(g, "disjoint", rows, names, figs, sev, text)

    # --- denial ----------------------------------------------------------------------------
    # A zero figure conflicts with positive figures of its own group, of an unspecified
    # group (and, when its own victims are unspecified, of any group) in the same category;
    # a zero "casualties" figure conflicts with every category.
    gev = pd.factorize(w.group_event)[0]
    vev = gev[v.g]
    zero = v.H == 0
    positive = (v.L > 0) & ~v.stale
    cand_ev = np.intersect1d(vev[zero], vev[positive])
    if len(cand_ev):
        sel = np.flatnonzero(np.isin(vev, cand_ev) & (zero | positive))
        per_event: dict[int, list[int]] = {}
        for s in sel.tolist():
            per_event.setdefault(int(vev[s]), []).append(s)
        for slots in per_event.values():
            zs_all = [s for s in slots if zero[s]]
            ps_all = [s for s in slots if positive[s]]
            by_zgroup: dict[int, list[int]] = {}
            for z in zs_all:
                by_zgroup.setdefault(int(v.g[z]), []).append(z)
            for g, zs in sorted(by_zgroup.items()):
                cz, vz = str(w.group_category[g]), str(w.group_vkey[g])
                ps = [
                    p
                    for p in ps_all
                    if (cz == "casualties" or str(w.group_category[v.g[p]]) == cz)
                    and (vz == "" or w.group_vkey[v.g[p]] in (vz, ""))
                ]
                if not ps:
                    continue
                ps.sort(key=lambda s: (int(v.L[s]), int(v.H[s]), ctx.slot_name(s),
                                       ctx.ids(ctx.slot_rows(s))))
                sev = severity(0, int(v.L[ps[0]]))
                rows = [r for s in zs + ps for r in ctx.slot_rows(s)]
                names = [ctx.slot_name(s) for s in zs + ps]
                figs = [ctx.slot_figure(s) for s in zs + ps]
                deniers = ", ".join(
                    f"{ctx.slot_name(s)} (reported {format_day(int(v.pub[s]))})" for s in zs
                )
                positives = "; ".join(
                    f"{ctx.slot_name(s)} gives {ctx.slot_figure(s)} "
                    f"{gdesc(int(v.g[s]))} (reported {format_day(int(v.pub[s]))})"
                    for s in ps
                )
                verb = "says" if len(zs) == 1 else "say"
                text = f"{deniers} {verb} no one was {gdesc(g)}, while {positives}."
                emit(g, "denial", rows, names, figs, sev, text)

    # --- revision_down ---------------------------------------------------------------------
    rev = np.flatnonzero((v.earlier_max_low > v.H) & (v.earlier_max_low >= 0))
    for s in rev.tolist():
        g = int(v.g[s])
        all_rows = ctx.slot_rows(s, current=False)
        peak = max(
            (r for r in all_rows if w.pub[r] < v.pub[s] and w.pub[r] != NO_DAY),
            key=lambda r: (int(w.lo[r]), int(w.pub[r]), str(ctx.claim_id[r])),
        )
        now = ctx.slot_rows(s)
        sev = severity(int(w.lo[peak]), int(v.H[s]))
        name = ctx.slot_name(s)
        fig_then, fig_now = ctx.figure(peak), ctx.slot_figure(s)
        text = (
            f"{name} lowered its figure for {gdesc(g)} from {fig_then} (reported "
            f"{format_day(int(w.pub[peak]))}) to {fig_now} (reported {format_day(int(v.pub[s]))})."
        )
        emit(g, "revision_down", [peak, *now], [name, name], [fig_then, fig_now], sev, text)

    _category_conflicts(ctx, emit)
    _intra_document(ctx, emit, gdesc)
    return out, contradicted, contested


def _category_conflicts(ctx: _Ctx, emit: Any) -> None:
    """Find the same figure from the same claimant under another category elsewhere."""
    import numpy as np
    import pandas as pd

    w = ctx.w
    cat = ctx.category
    spec = np.isin(cat, _SPECIFIC) & (w.lo > 0)
    if not spec.any():
        return
    idx = np.flatnonzero(spec)
    ev = pd.factorize(w.group_event[w.g[idx]])[0]
    df = pd.DataFrame({"ev": ev, "lo": w.lo[idx], "be": w.be[idx], "hi": w.hi[idx],
                       "cat": cat[idx], "r": idx})
    nc = df.groupby(["ev", "lo", "be", "hi"], sort=False)["cat"].transform("nunique")
    cand = df[nc > 1]
    if cand.empty:
        return
    for _, sub in cand.groupby(["ev", "lo", "be", "hi"], sort=True):
        rows = sub["r"].tolist()
        # Which (document, section, category) state this figure: a headline or a body that
        # gives it under both categories reports two tolls ("2 killed, 2 injured").
        stated = {(ctx.doc[r], ctx.section[r], str(cat[r])) for r in rows}
        pairs: dict[tuple[str, str], set[int]] = {}
        for i, a in enumerate(rows):
            for b in rows[i + 1 :]:
                ca, cb = str(cat[a]), str(cat[b])
                if ca == cb:
                    continue
                da, db = ctx.doc[a], ctx.doc[b]
                if da is not None and da == db:
                    continue  # same document: intra_document's case
                if (da, ctx.section[a], cb) in stated or (db, ctx.section[b], ca) in stated:
                    continue
                sa = normalise_name(ctx.source[a])
                sb = normalise_name(ctx.source[b])
                if not sources_compatible(sa, sb):
                    continue
                key = (ca, cb) if ca < cb else (cb, ca)
                pairs.setdefault(key, set()).update((a, b))
        for (c1, c2), members in sorted(pairs.items()):
            mem = sorted(members, key=lambda r: (str(cat[r]), str(ctx.claim_id[r])))
            g = int(w.g[mem[0]])
            names = [ctx.name(r) for r in mem]
            figs = [f"{ctx.figure(r)} {cat[r]}" for r in mem]
            fig = ctx.figure(mem[0])
            parts = "; ".join(
                f"{ctx.name(r)} as {cat[r]} ({_where(ctx, r)})" for r in mem
            )
            text = (
                f"The same figure, {fig}, is reported by the same claimant under two "
                f"categories: {parts}."
            )
            emit(g, "category_conflict", mem, names, figs, severity(int(w.be[mem[0]]), 0),
                 text, category=f"{c1}/{c2}")


def _where(ctx: _Ctx, r: int) -> str:
    bits = []
    if ctx.doc[r]:
        bits.append(f"document {ctx.doc[r]}")
    if ctx.publisher[r] and ctx.publisher[r] != ctx.source[r]:
        bits.append(str(ctx.publisher[r]))
    bits.append(f"reported {format_day(int(ctx.w.pub[r]))}")
    return ", ".join(bits)


def _intra_document(ctx: _Ctx, emit: Any, gdesc: Any) -> None:
    """Find headlines that their own document's body contradicts."""
    import numpy as np

    w = ctx.w
    title = np.flatnonzero(ctx.section == "title")
    if len(title) == 0:
        return
    docs_t = {d for d in ctx.doc[title].tolist() if d is not None}
    if not docs_t:
        return
    sel = np.flatnonzero(np.isin(ctx.doc.astype(object), list(docs_t)) & (ctx.section == "body"))
    body_of: dict[tuple[Any, Any], list[int]] = {}
    for r in sel.tolist():
        body_of.setdefault((ctx.doc[r], w.group_event[w.g[r]]), []).append(r)
    for t in sorted(title.tolist(), key=lambda r: str(ctx.claim_id[r])):
        body = body_of.get((ctx.doc[t], w.group_event[w.g[t]]))
        if not body:
            continue
        body = sorted(body, key=lambda r: str(ctx.claim_id[r]))
        ct = str(ctx.category[t])
        fig_t = (int(w.lo[t]), int(w.be[t]), int(w.hi[t]))
        same_fig = [r for r in body if (int(w.lo[r]), int(w.be[r]), int(w.hi[r])) == fig_t]
        head = f"the headline of document {ctx.doc[t]} ({ctx.name(t)})"
        if ct in _SPECIFIC and fig_t[0] > 0 and not any(
            str(ctx.category[r]) == ct for r in same_fig
        ):
            other = [r for r in same_fig if str(ctx.category[r]) in _SPECIFIC]
            if other:
                cats = sorted({str(ctx.category[r]) for r in other})
                text = (
                    f"In {head}, {ctx.figure(t)} are {ct}; its body gives the same figure as "
                    f"{' and '.join(cats)}."
                )
                rows = [t, *other]
                emit(int(w.g[t]), "intra_document", rows, [ctx.name(r) for r in rows],
                     [f"{ctx.figure(r)} {ctx.category[r]}" for r in rows],
                     severity(fig_t[1], 0), text, category="/".join(sorted({ct, *cats})))
                continue
        same_grp = [r for r in body if int(w.g[r]) == int(w.g[t])]
        if not same_grp:
            continue
        lt, ht = fig_t[0], fig_t[2]
        if any(not (int(w.hi[r]) < lt or int(w.lo[r]) > ht) for r in same_grp):
            continue
        near = min(same_grp, key=lambda r: _gap(lt, ht, int(w.lo[r]), int(w.hi[r])))
        sev = _gap(lt, ht, int(w.lo[near]), int(w.hi[near]))
        bfigs = ", ".join(sorted({ctx.figure(r) for r in same_grp}))
        text = (
            f"In {head}, {ctx.figure(t)} {gdesc(int(w.g[t]))}; its body gives {bfigs}, which "
            f"does not overlap it."
        )
        rows = [t, *same_grp]
        emit(int(w.g[t]), "intra_document", rows, [ctx.name(r) for r in rows],
             [ctx.figure(r) for r in rows], sev, text)

