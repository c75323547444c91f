"""The likely range: where the true toll lies, by the sources' track record in the data.

``low``/``high`` are Marzullo's interval (spec section 3): the counts the largest number of
sources allow. They say what the reports agree on, not where the truth is: a single exact
report of 27 gives ``[27, 27]``, and when every source of an event under-counts, no interval
drawn from the reports holds the toll. ``likely_low``/``likely_high`` answer the other
question, with a model of the sources learnt from the whole input, in the manner of the
truth-discovery literature (CRH, Li et al. SIGMOD 2014, ../shared/research
methodology-anchors.md section 7: "minimize the overall weighted deviation between the truths
and the multi-source observations where each source is weighted by its reliability"):

- A *witness* is one source's current figure in one row (docs/reconcile.md "Figures": the
  voter's figure of its latest date), positive, whether it votes or is superseded by a later
  report (a superseded figure shows how far early reports fall short). Zeros, a source's
  earlier figures and headlines set aside do not testify. An outlet's own narration ("27
  were killed", no claimant) does not testify beside a claimant its document names in that
  row, and outlets' narrated figures that are equal in a row count once: they relay one
  report (copies discounted before weighting, section 7 "Source copying").
- A witness's log figure is the row's log toll plus its source's bias ``b_s`` plus an age
  shift ``a_k`` (``k``: days from the event to the report, 0 to ``SETTLED``; tolls rise as
  bodies are found), plus noise of variance ``sig2_s + om2_k``. Each pass measures every
  witness against the other witnesses of its row (leave one out) and re-estimates the
  terms; sources are shrunk towards no bias and the pooled noise by ``PRIOR_WEIGHT``
  pseudo-witnesses, so a source seen once keeps the pooled values. Biases are anchored on
  the typical witness (their weighted median is 0) and ages on settled reports: from
  reports alone a toll every source under-counts alike cannot be told from a smaller toll.
- A row's log toll is the precision-weighted mean of its witnesses' corrected logs; its
  range is that mean plus or minus ``z`` standard errors, ``z`` the larger of the normal
  table's and the ``level`` quantile of the witnesses' own standardised leave-one-out
  deviations (a jackknife calibration: heavy tails in the data widen the range).

Witnesses are made where the figures are (:func:`witnesses`, from the voter slots of
``_figures.compute_figures``), partition by partition under Dask, and fitted once on all of
them (:func:`likely_range`): a source's track record spans events and partitions. All of it
is arrays of one entry per witness, summed with ``bincount``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

    from ._figures import Voters, Work

__all__ = [
    "LEVEL", "Witnesses", "combine_witnesses", "likely_range", "set_likely", "witnesses",
]

#: Default probability that the range holds the true toll.
LEVEL = 0.9
#: A figure this many days or more after its event is *settled*: the age the model's toll
#: is anchored on. Tolls rise in the days after an event as bodies are found and the
#: wounded die (docs/reconcile.md "Figures"); reports settle within days (UCDP and
#: ACLED record incidents 1-3 days late, methodology-anchors.md section 8).
SETTLED = 3
#: Age buckets: 0 .. SETTLED days, and one for a figure of unknown age.
AGES = SETTLED + 2
#: The log noise assumed before the data say otherwise (a figure off by a fifth either way
#: is one standard deviation): a stated prior, not a measurement. It holds alone when no
#: row has two witnesses, and weighs ``PRIOR_WEIGHT`` witnesses against the data's own.
PRIOR_NOISE = 0.2
#: Pseudo-witnesses of no bias and pooled noise each source starts from (shrinkage).
PRIOR_WEIGHT = 3.0
#: Passes of the alternating estimate (converged by the fourth on the synthetic sets).
PASSES = 5
#: Witnesses the model is fitted on at most (a sample of rows beyond): it has a few numbers
#: per source and per age, which a sample of rows measures as well as all of them.
FIT_WITNESSES = 200_000
#: Floor of a source's log noise: a source that always matches the others still rounds.
MIN_NOISE = 0.05


@dataclass(frozen=True)
class Witnesses:
    """One entry per witness: its events row, source, log figure and age bucket."""

    row: npt.NDArray[np.int64]
    source: npt.NDArray[np.int64]  #: code into ``names``
    names: npt.NDArray[Any]  #: normalised source name per code, sorted
    x: npt.NDArray[np.float64]
    age: npt.NDArray[np.int64]


def witnesses(w: Work, v: Voters, claims: pd.DataFrame, start: Any) -> Witnesses:
    """Return the witnesses of a reconciliation's rows.

    ``w`` and ``v`` are the work arrays and voter slots of ``_figures``, ``claims`` the
    claims frame and ``start`` the rows' ``date_start`` (the age of a figure counts from
    it).
    """
    import numpy as np
    import pandas as pd

    from ._figures import NO_DAY

    sel = np.flatnonzero((v.active | v.stale) & (v.B >= 1))
    row, src, best, day = v.g[sel], v.voter[sel], v.B[sel], v.pub[sel]
    # The current figure's claim (the slot's last report, the latest date).
    last = w.row[v.rows_sorted[v.starts[1:][sel] - 1]]
    narrated = _narrated(claims, last)
    if narrated is not None and narrated.any():
        doc, _ = pd.factorize(claims["doc_id"].array.take(last), use_na_sentinel=True)
        keep = _undo_relays(row, src, best, doc.astype(np.int64), narrated)
        row, src, best, day = row[keep], src[keep], best[keep], day[keep]
    first = np.asarray(start, dtype="datetime64[D]")[row]
    known = (day != NO_DAY) & ~np.isnat(first)
    age = np.where(known, np.clip(day - np.where(known, first, np.datetime64(0, "D")).astype(
        np.int64), 0, SETTLED), AGES - 1).astype(np.int64)
    return Witnesses(row=row, source=src, names=np.asarray(w.voter_names, dtype=object),
                     x=np.log(best.astype(np.float64)), age=age)


def _narrated(claims: pd.DataFrame, at: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_] | None:
    """Whether each claim at ``at`` is an outlet's narration (no claimant, a publisher).

    ``None`` when the frame has none at all: a researcher's sheet of sources (no claimant,
    no publisher) has no narration, every source is its own witness.
    """
    import numpy as np
    import pandas as pd

    if not {"claimant", "publisher", "doc_id"} <= set(claims.columns):
        return None
    if claims["publisher"].isna().all() or claims["claimant"].notna().all():
        return None
    no_claimant = np.asarray(pd.isna(claims["claimant"].array.take(at)), dtype=bool)
    outlet = ~np.asarray(pd.isna(claims["publisher"].array.take(at)), dtype=bool)
    narrated: npt.NDArray[np.bool_] = no_claimant & outlet
    return narrated


def _undo_relays(row: npt.NDArray[np.int64], src: npt.NDArray[np.int64],
                 best: npt.NDArray[np.int64], doc: npt.NDArray[np.int64],
                 narrated: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """Which witnesses to keep: narration that relays a named claimant or another outlet goes.

    An outlet's unattributed figure in a row where its document names a claimant repeats
    that claimant; outlets' unattributed figures that are equal in a row relay one report
    (wire copy, a shared press release), the first source in name order kept.
    """
    import numpy as np

    keep = np.ones(len(row), dtype=bool)
    n_doc = int(doc.max()) + 2 if len(doc) else 1
    rd = row * n_doc + (doc + 1)
    attributed = np.unique(rd[~narrated & (doc >= 0)])
    keep &= ~(narrated & (doc >= 0) & np.isin(rd, attributed))
    idx = np.flatnonzero(keep & narrated)
    if len(idx) > 1:
        order = idx[np.lexsort((src[idx], best[idx], row[idx]))]
        same = (row[order][1:] == row[order][:-1]) & (best[order][1:] == best[order][:-1])
        keep[order[1:][same]] = False
    return keep


def combine_witnesses(parts: list[tuple[Witnesses, npt.NDArray[np.int64]]]) -> Witnesses:
    """Put partitions' witnesses together: ``(witnesses, new row number of each old row)``.

    Sources are recoded by name over all parts (sorted, as one reconciliation codes them),
    and witnesses ordered by row then source, the order one reconciliation gives.
    """
    import numpy as np

    if not parts:
        return Witnesses(np.zeros(0, np.int64), np.zeros(0, np.int64),
                         np.zeros(0, dtype=object), np.zeros(0), np.zeros(0, np.int64))
    names = np.concatenate([wi.names[wi.source] for wi, _ in parts]).astype(object)
    uniq, code = np.unique(names.astype(str), return_inverse=True)
    row = np.concatenate([rows[wi.row] for wi, rows in parts])
    x = np.concatenate([wi.x for wi, _ in parts])
    age = np.concatenate([wi.age for wi, _ in parts])
    code = np.asarray(code, dtype=np.int64).ravel()
    order = np.lexsort((code, row))
    return Witnesses(row=row[order], source=code[order], names=uniq.astype(object),
                     x=x[order], age=age[order])


def likely_range(wit: Witnesses, n_rows: int, level: float = LEVEL
                 ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.bool_],
                            pd.DataFrame]:
    """Return ``likely_low``, ``likely_high``, a missing mask per events row, and the sources.

    Parameters
    ----------
    wit : Witnesses
        All the witnesses of the result.
    n_rows : int
        The number of events rows.
    level : float
        The probability the range is to hold the true toll, in (0, 1).

    Returns
    -------
    tuple
        Lower and upper ends (int64), ``True`` where a row has no witness (no positive
        figure: its range is missing), and the sources' fitted terms
        (:data:`_columns.SOURCE_COLUMNS`).
    """
    import numpy as np

    zeros = np.zeros(n_rows, dtype=np.int64)
    if len(wit.x) == 0:
        return zeros, zeros.copy(), np.ones(n_rows, dtype=bool), _sources_frame(
            wit, np.zeros(0), np.zeros(0), np.zeros(0))
    row, s, k, x = wit.row, wit.source, wit.age, wit.x
    n_src = max(len(wit.names), int(s.max()) + 1)
    fit: Any = slice(None)
    if len(x) > FIT_WITNESSES:
        # Every m-th row: the model has a few numbers per source and per age, and a sample
        # of rows measures them as well as all of them, in a fraction of the time.
        fit = row % -(-len(x) // FIT_WITNESSES) == 0
    b, sig2, n_s, a, om2, z = _fit(row[fit], s[fit], k[fit], x[fit], n_rows, n_src, level)
    # What a source's bias is known to: its noise over the deviations it was measured on
    # (and the pseudo-witnesses): a source seen twice is corrected, and trusted, less.
    v = (sig2 + sig2 / (n_s + PRIOR_WEIGHT))[s] + om2[k]
    p_sum = np.bincount(row, weights=1 / v, minlength=n_rows)
    a_sum = np.bincount(row, weights=(x - b[s] - a[k]) / v, minlength=n_rows)
    has = p_sum > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        mu, half = a_sum / p_sum, z / np.sqrt(p_sum)
    # Nine decimals before rounding out: the last bits of a sum do not move a count.
    with np.errstate(invalid="ignore", over="ignore"):
        lo_f = np.round(np.exp(mu - half), 9)
        hi_f = np.round(np.exp(mu + half), 9)
    # A positive figure says someone died: the range starts at one at the least; and it
    # ends at the ceiling any count may take (figures near it and a wide noise would
    # overflow the cast).
    from .._types import MAX_COUNT

    top = float(MAX_COUNT)
    lo_f = np.clip(np.nan_to_num(lo_f, nan=1.0, posinf=top), 1.0, top)
    hi_f = np.clip(np.nan_to_num(hi_f, nan=1.0, posinf=top), 1.0, top)
    lo = np.where(has, np.floor(lo_f), 0).astype(np.int64)
    hi = np.where(has, np.ceil(hi_f), 0).astype(np.int64)
    return lo, np.maximum(hi, lo), ~has, _sources_frame(wit, b, sig2, n_s)


def _sources_frame(wit: Witnesses, b: npt.NDArray[np.float64], sig2: npt.NDArray[np.float64],
                   n_s: npt.NDArray[np.float64]) -> pd.DataFrame:
    """One row per named source that testified: its witnesses and fitted bias and noise.

    Sources without a name (a document's own voice, keys starting with NUL) are left out:
    each is one document, with nothing to learn.
    """
    import numpy as np
    import pandas as pd

    from .._columns import SOURCE_COLUMNS
    from ._fast import int64_array

    n_wit = np.bincount(wit.source, minlength=len(wit.names)) if len(wit.source) else (
        np.zeros(len(wit.names), dtype=np.int64))
    names = np.asarray(wit.names, dtype=object)
    code = np.flatnonzero(n_wit > 0)  # only the names that testified are looked at
    code = code[np.fromiter((not str(names[c]).startswith("\x00") for c in code), bool,
                            len(code))]
    fitted = code < len(b)
    pick = np.where(fitted, code, 0)
    data = {
        "source": pd.array(names[code].tolist(), dtype="string"),
        "n_witnesses": int64_array(n_wit[code].astype(np.int64)),
        "n_measured": int64_array(np.where(fitted, n_s[pick] if len(b) else 0, 0).astype(
            np.int64)),
        "bias": np.where(fitted, np.exp(b[pick]) if len(b) else 1.0, 1.0),
        "noise": np.where(fitted, np.sqrt(sig2[pick]) if len(b) else PRIOR_NOISE,
                          PRIOR_NOISE),
    }
    return pd.DataFrame({c: data[c] for c in SOURCE_COLUMNS})


def set_likely(events: pd.DataFrame, wit: Witnesses, level: float | None) -> pd.DataFrame:
    """Fill ``events.likely_low`` and ``likely_high`` in place; return the sources' terms.

    With ``level`` None (or no rows) the columns stay missing and the sources frame is empty.
    """
    from .._columns import SOURCE_COLUMNS
    from ._fast import int64_array
    from ._result import typed_frame

    if level is None or not len(events):
        return typed_frame({}, SOURCE_COLUMNS, 0)
    lo, hi, missing, sources = likely_range(wit, len(events), level)
    events["likely_low"] = int64_array(lo, missing)
    events["likely_high"] = int64_array(hi, missing)
    return sources


def _loo(group: npt.NDArray[np.int64], y: npt.NDArray[np.float64], p: npt.NDArray[np.float64],
         n: int) -> tuple[Any, Any, Any]:
    """Each member's deviation from the precision-weighted mean of the others in its group.

    Returns the deviation, the variance of the others' mean, and whether there are others.
    """
    import numpy as np

    a_sum = np.bincount(group, weights=y * p, minlength=n)
    p_sum = np.bincount(group, weights=p, minlength=n)
    p_o = p_sum[group] - p
    others = p_o > 1e-9 * p_sum[group]
    p_o = np.where(others, p_o, 1.0)
    return y - (a_sum[group] - y * p) / p_o, 1 / p_o, others


def _fit(row: npt.NDArray[np.int64], s: npt.NDArray[np.int64], k: npt.NDArray[np.int64],
         x: npt.NDArray[np.float64], n_rows: int, n_src: int, level: float
         ) -> tuple[Any, Any, Any, Any, Any, float]:
    """Fit source bias and noise, and the age shift and spread.

    ``x = mu[row] + b[s] + a[k] + noise`` with noise variance ``sig2[s] + om2[k]``. Each
    pass measures every witness against the other witnesses of its row (leave one out) and
    re-estimates the source and age terms from those deviations. Returns ``b``, ``sig2``,
    the deviations each source was measured on ``n_s``, ``a``, ``om2`` and the multiplier
    ``z`` for ``level``.

    A source's noise is measured over all its figures, whatever their age, and an age's
    spread on top of it: errors a row's witnesses share (every early report of a toll
    still rising is low) are invisible to leave-one-out deviations, and the double count
    stands in for them. A two-level model (a shared error per row and age) was tried and
    covered the synthetic truth less often on extracted documents (docs/reconcile.md).
    """
    import numpy as np

    b, sig2 = np.zeros(n_src), np.full(n_src, PRIOR_NOISE**2)
    a, om2 = np.zeros(AGES), np.zeros(AGES)
    n_s = np.zeros(n_src)
    res = tau_o = others = None
    for _ in range(PASSES):
        v = sig2[s] + om2[k]
        dev, tau_o, others = _loo(row, x - b[s] - a[k], 1 / v, n_rows)
        if not others.any():
            break
        res = dev + b[s] + a[k]  # the figure's deviation from the others' estimated toll
        w = others.astype(np.float64)
        # Source bias, shrunk to none and anchored on the typical witness.
        n_s = np.bincount(s, weights=w, minlength=n_src).astype(np.float64)
        b = np.bincount(s, weights=(res - a[k]) * w, minlength=n_src) / (n_s + PRIOR_WEIGHT)
        b -= _weighted_median(b, n_s)
        # The age shift: how far figures of each age lie from the rest, settled ones at 0;
        # shrunk as the sources are, so a few early reports in a small input move nothing.
        n_k = np.bincount(k, weights=w, minlength=AGES) + PRIOR_WEIGHT
        a = np.bincount(k, weights=(res - b[s]) * w, minlength=AGES) / n_k
        a -= a[SETTLED]
        e2 = (res - b[s] - a[k]) ** 2 - tau_o
        # The pooled noise, shrunk to the prior: two agreeing reports in an input of lone
        # ones do not make every lone figure exact.
        pooled = max((float(np.sum(e2[others])) + PRIOR_WEIGHT * PRIOR_NOISE**2)
                     / (float(others.sum()) + PRIOR_WEIGHT), MIN_NOISE**2)
        # A source's noise, shrunk to the pooled noise; what each age adds beyond it.
        new = (np.bincount(s, weights=e2 * w, minlength=n_src) + PRIOR_WEIGHT * pooled) / (
            n_s + PRIOR_WEIGHT)
        # Halfway to the new noise: the deviations are net of the others' variance, which
        # the noise itself sets, and a full step overshoots back and forth.
        sig2 = np.maximum((sig2 + new) / 2, MIN_NOISE**2)
        om2 = np.maximum(np.bincount(k, weights=(e2 - sig2[s]) * w, minlength=AGES) / n_k, 0)
        om2[SETTLED] = 0.0
    v = sig2[s] + om2[k]
    z = _normal_quantile(level)
    if res is not None and others is not None and tau_o is not None and others.sum() >= 20:
        # Jackknife calibration: how far, in its own standard errors, a witness lies from
        # the others' estimate; the level quantile of that, when the tails are heavier than
        # a normal table's.
        q = np.abs(res - b[s] - a[k])[others] / np.sqrt(v[others] + tau_o[others])
        z = max(z, float(np.quantile(q, level)))
    return b, sig2, n_s, a, om2, z


def _weighted_median(values: npt.NDArray[np.float64], weights: npt.NDArray[np.float64]) -> float:
    """Return the lower weighted median of ``values`` (0 when no weight)."""
    import numpy as np

    order = np.argsort(values, kind="stable")
    cum = np.cumsum(weights[order])
    if len(cum) == 0 or cum[-1] <= 0:
        return 0.0
    return float(values[order][np.searchsorted(cum, cum[-1] / 2)])


def _normal_quantile(level: float) -> float:
    """Two-sided standard normal multiplier for ``level`` (``statistics.NormalDist``)."""
    from statistics import NormalDist

    return NormalDist().inv_cdf(0.5 + level / 2)
