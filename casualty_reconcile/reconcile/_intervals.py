"""Marzullo's intersection algorithm, vectorised over many groups at once.

Marzullo (1984), the core of NTP's intersection algorithm: given one interval per source,
find the interval covered by the largest number of sources, by sweeping the sorted endpoints
and counting how many intervals are open. Here every group (one event, category and victim
group) is swept in the same pass: endpoints are sorted by (group, position, type) and a single
cumulative sum gives the coverage, so the cost is one ``O(n log n)`` sort for all groups
together, with no Python loop per group.

Counts of people are integers, so a closed interval ``[low, high]`` is the half-open
``[low, high + 1)``: an interval ending at 5 and one starting at 6 do not overlap, one ending
at 5 and one starting at 5 do. An open upper bound ("more than 500") is :data:`OPEN`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["OPEN", "TOLL_MATCH", "argsort_packed", "close_tolls", "marzullo", "sort_by",
           "unique_ints"]

#: Two reports' figures of one toll are taken to match within this factor: the spread of
#: independent reports of one incident (an official's figure and a rival's often differ by
#: a third or more). Alignment tells two events of a town apart by it, and a claimant's own
#: figure of another category explains an equal figure by it (docs/reconcile.md).
TOLL_MATCH = 1.5


def close_tolls(a: int, b: int) -> bool:
    """Whether two positive figures lie within a factor of :data:`TOLL_MATCH`.

    Examples
    --------
    >>> close_tolls(6, 7), close_tolls(2, 7), close_tolls(0, 1)
    (True, False, False)
    """
    return a > 0 and b > 0 and max(a, b) <= TOLL_MATCH * min(a, b)


#: Stand-in for an open upper bound: larger than any count, small enough that ``OPEN + 1``
#: does not overflow int64.
OPEN: int = 2**62


def marzullo(
    group: npt.NDArray[np.int64],
    low: npt.NDArray[np.int64],
    high: npt.NDArray[np.int64],
    n_groups: int,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Return, per group, how many intervals agree and the interval they agree on.

    Parameters
    ----------
    group : array of int
        The group (0 .. n_groups - 1) of each interval.
    low, high : array of int
        Closed integer bounds; ``high == OPEN`` for an open bound.
    n_groups : int
        Number of groups; a group with no interval gets count 0 and bounds -1.

    Returns
    -------
    count, lo, hi : arrays of int, indexed by group
        The largest number of intervals sharing a point, and the lowest interval of points
        covered by that many (ties between separate regions go to the lowest, the
        conservative choice of ACLED and, by its definitions page, UCDP).

    Examples
    --------
    >>> import numpy as np
    >>> g = np.array([0, 0, 0, 1, 1])
    >>> lo = np.array([90, 24, 5, 10, 30])
    >>> hi = np.array([110, 99, 5, 10, 30])
    >>> c, a, b = marzullo(g, lo, hi, 2)
    >>> c.tolist(), a.tolist(), b.tolist()
    ([2, 1], [90, 10], [99, 10])
    """
    import numpy as np

    m = len(group)
    count = np.zeros(n_groups, dtype=np.int64)
    lo_out = np.full(n_groups, -1, dtype=np.int64)
    hi_out = np.full(n_groups, -1, dtype=np.int64)
    if m == 0:
        return count, lo_out, hi_out
    group = np.asarray(group, dtype=np.int64)
    low = np.asarray(low, dtype=np.int64)
    high = np.asarray(high, dtype=np.int64)
    if m >= 4096 and int(group.min()) >= 0:
        # Most groups hold one or two intervals: settle those directly, sweep the rest.
        size = np.bincount(group, minlength=n_groups)[group]
        _one_or_two(group, low, high, size, count, lo_out, hi_out)
        rest = np.flatnonzero(size >= 3)
        if len(rest) == 0:
            return count, lo_out, hi_out
        group, low, high, m = group[rest], low[rest], high[rest], len(rest)
    is_open = high >= OPEN
    end = high + 1
    finite_ends = end[~is_open]
    top = max(int(low.max()), int(finite_ends.max()) if len(finite_ends) else 0) + 1
    x0 = int(low.min())
    x_bits = (top - x0 + 1).bit_length()
    g_bits = max(int(group.max()), 1).bit_length()
    if int(group.min()) < 0 or x0 < 0 or g_bits + x_bits > 62:
        _sweep(group, low, high, count, lo_out, hi_out)
        return count, lo_out, hi_out
    # Starts and ends sorted apart, each as packed (group, position) values. Right after the
    # starts at x, a group's coverage is (starts <= x) - (ends <= x): counted over the whole
    # array, earlier groups add as many starts as ends. An end at x does not reach a start at
    # x ([a, b+1) and [b+1, c) are apart), so ends at x count as passed. Coverage peaks right
    # after some start.
    gk = group << x_bits
    # Sorting values (not an order): any sort gives the same array; numpy's default is the
    # fastest on int64.
    s_key = np.sort(gk | (low - x0))
    e_key = np.sort(gk | (np.where(is_open, top, end) - x0))
    # Starts at or below each start: up to the end of its run of equal keys.
    run_end = np.flatnonzero(np.r_[s_key[1:] != s_key[:-1], True]) + 1
    n_starts = np.repeat(run_end, np.diff(np.r_[0, run_end]))
    # Ends at or below each start (an end at a start's key counts as passed): a binary
    # search of each start in the sorted ends.
    n_ends = np.searchsorted(e_key, s_key, side="right")
    cov = n_starts - n_ends
    gs = s_key >> x_bits
    starts = np.flatnonzero(np.r_[True, gs[1:] != gs[:-1]])
    gmax = np.maximum.reduceat(cov, starts)
    gid = gs[starts]
    count[gid] = gmax
    hit = np.flatnonzero(cov == np.repeat(gmax, np.diff(np.r_[starts, m])))
    # The first start per group where coverage peaks: the lowest agreed region; it ends at
    # the next end (coverage cannot rise past the peak, so that end is the same group's).
    first = hit[np.r_[True, gs[hit][1:] != gs[hit][:-1]]]
    mask = (1 << x_bits) - 1
    g_first = gs[first]
    lo_out[g_first] = (s_key[first] & mask) + x0
    nxt = (e_key[n_ends[first]] & mask) + x0
    hi_out[g_first] = np.where(nxt == top, OPEN, nxt - 1)
    return count, lo_out, hi_out


def _one_or_two(
    group: npt.NDArray[np.int64], low: npt.NDArray[np.int64], high: npt.NDArray[np.int64],
    size: npt.NDArray[np.int64], count: npt.NDArray[np.int64], lo_out: npt.NDArray[np.int64],
    hi_out: npt.NDArray[np.int64],
) -> None:
    """Fill in Marzullo's result for the groups of one interval and of two.

    One interval agrees with itself; two give their overlap, or when they are apart, the
    lower one (ties between regions go to the lowest).
    """
    import numpy as np

    one = np.flatnonzero(size == 1)
    g1 = group[one]
    count[g1], lo_out[g1], hi_out[g1] = 1, low[one], high[one]
    two = np.flatnonzero(size == 2)
    if len(two) == 0:
        return
    two = two[np.argsort(group[two], kind="stable")]
    a, b = two[0::2], two[1::2]
    g2 = group[a]
    top, bottom = np.maximum(low[a], low[b]), np.minimum(high[a], high[b])
    overlap = top <= bottom
    lower = np.where(low[a] <= low[b], a, b)
    count[g2] = np.where(overlap, 2, 1)
    lo_out[g2] = np.where(overlap, top, low[lower])
    hi_out[g2] = np.where(overlap, bottom, high[lower])


def _sweep(
    group: npt.NDArray[np.int64], low: npt.NDArray[np.int64], high: npt.NDArray[np.int64],
    count: npt.NDArray[np.int64], lo_out: npt.NDArray[np.int64], hi_out: npt.NDArray[np.int64],
) -> None:
    """Marzullo's sweep over all endpoints in one sort (keys too wide to pack)."""
    import numpy as np

    n_groups = len(count)
    m = len(group)
    g2 = np.concatenate([group, group]).astype(np.int64, copy=False)
    x = np.concatenate([low, high + 1]).astype(np.int64, copy=False)
    # Ends (-1) sort before starts (+1) at the same position: [a, b+1) and [b+1, c) are apart.
    t = np.concatenate([np.ones(m, dtype=np.int64), -np.ones(m, dtype=np.int64)])
    order = sort_by(g2, x, (t > 0).astype(np.int64))
    gs, xs, ts = g2[order], x[order], t[order]
    # Each group's endpoints sum to zero, so one global cumulative sum is each group's coverage.
    cov = np.cumsum(ts)
    starts = np.flatnonzero(np.r_[True, gs[1:] != gs[:-1]])
    gmax = np.maximum.reduceat(cov, starts)
    gid = gs[starts]
    count[gid] = gmax
    best_cov = np.zeros(n_groups, dtype=np.int64)
    best_cov[gid] = gmax
    hit = np.flatnonzero(cov == best_cov[gs])
    # The first point per group where coverage peaks: the lowest agreed region. The next
    # endpoint is always that group's (coverage cannot rise past the peak), so hit + 1 is safe.
    first = hit[np.r_[True, gs[hit][1:] != gs[hit][:-1]]]
    lo_out[gs[first]] = xs[first]
    hi_out[gs[first]] = xs[first + 1] - 1


def sort_by(*keys: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Return the stable order sorting rows by ``keys`` (first key most significant).

    Non-negative int keys are packed into one int64 when their ranges allow it, and sorted
    by :func:`argsort_packed` (tens of times faster than ``np.lexsort`` on millions of rows);
    an open bound (:data:`OPEN`) packs as one more than the largest finite value.
    """
    import numpy as np

    n = len(keys[0])
    packed = np.zeros(n, dtype=np.int64)
    bits = 0
    for k in keys:
        if n == 0:
            break
        kmin, kmax = int(k.min()), int(k.max())
        if kmax >= OPEN:  # open bounds sort after every finite value
            finite = k[k < OPEN]
            kmax = int(finite.max()) + 1 if len(finite) else 0
        span = kmax - kmin + 1
        need = max(span.bit_length(), 1)
        if bits + need > 62:
            return np.lexsort(tuple(reversed(keys))).astype(np.int64)
        packed = (packed << need) | ((np.minimum(k, kmax) if kmax < OPEN else k) - kmin)
        bits += need
    return argsort_packed(packed, bits, grouped=n >= 4096 and _in_small_groups(keys[0]))


def _in_small_groups(key: npt.NDArray[np.int64]) -> bool:
    """Whether ``key`` is already sorted, in runs of a few rows on average."""
    steps = key[1:] != key[:-1]
    if not (key[1:] >= key[:-1]).all():
        return False
    return len(key) <= 64 * (int(steps.sum()) + 1)


def argsort_packed(
    packed: npt.NDArray[np.int64], bits: int, *, grouped: bool = False,
) -> npt.NDArray[np.int64]:
    """Return the stable order of non-negative int64 keys below ``2**bits``.

    numpy's stable sort is a radix sort only for 16-bit keys (a merge sort otherwise), so
    wider keys are sorted 16 bits at a time, least significant digit first (each pass a
    stable radix sort of 16-bit digits; three passes cost less than one merge sort), or,
    when the row number fits beside the key, by an unstable sort of ``key << b | row``,
    which makes every key distinct and so gives the stable order. With ``grouped`` (rows
    already in order but for small groups) numpy's merge sort, which then has little left
    to do, is the fastest.
    """
    import numpy as np

    n = len(packed)
    if n < 4096 or bits > 48 or grouped:
        return np.argsort(packed, kind="stable").astype(np.int64)
    n_pass = max(1, -(-bits // 16))
    row_bits = (n - 1).bit_length()
    if n_pass >= 3 and bits + row_bits <= 63:
        keyed = np.sort((packed << row_bits) | np.arange(n, dtype=np.int64))
        return keyed & ((1 << row_bits) - 1)
    width = -(-bits // n_pass)
    mask = (1 << width) - 1
    digits = [((packed >> (p * width)) & mask).astype(np.uint16) for p in range(n_pass)]
    order = np.argsort(digits[0], kind="stable")
    for d in digits[1:]:
        order = order[np.argsort(d[order], kind="stable")]
    return order.astype(np.int64, copy=False)


def unique_ints(keys: npt.NDArray[np.int64], *, return_inverse: bool = False) -> Any:
    """``np.unique`` for int64 keys, through :func:`sort_by`'s radix sort."""
    import numpy as np

    order = sort_by(keys)
    ks = keys[order]
    new = np.r_[True, ks[1:] != ks[:-1]] if len(ks) else np.zeros(0, dtype=bool)
    uniq = ks[new]
    if not return_inverse:
        return uniq
    inv = np.empty(len(keys), dtype=np.int64)
    inv[order] = np.cumsum(new) - 1
    return uniq, inv
