"""Vectorised helpers that keep a million-row reconciliation near pandas' own speed.

Hashing rows for content-derived claim ids, formatting those ids, and building nullable
integer and string columns without a Python loop over rows.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

__all__ = [
    "day_strings",
    "empty_tuples",
    "factorize_sorted",
    "factorize_strings",
    "figure_strings",
    "format_days",
    "format_figures",
    "hash_columns",
    "hash_strings_of",
    "ids_from_hash",
    "int64_array",
    "join_lists",
    "join_strings",
    "obj_array",
    "str_objects",
    "string_lists",
    "string_order",
    "strings_from_codes",
    "take_runs",
    "take_strings",
]

_M1 = 0xBF58476D1CE4E5B9
_M2 = 0x94D049BB133111EB
_GOLDEN = 0x9E3779B97F4A7C15
_P = 1099511628211  # the 64-bit FNV prime: odd, so invertible modulo 2^64
_ALPHABET = b"0123456789abcdefghijklmnopqrstuv"  # base 32: 13 characters carry 64 bits


def _TYPE_OF(values: Any) -> Any:
    """``type(v)`` of every item of an object array (a C loop, no Python frame per item)."""
    import numpy as np

    return np.frompyfunc(type, 1, 1)(values)


def _mix(x: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """SplitMix64's finaliser: spreads every input bit over the whole word."""
    import numpy as np

    x = np.asarray(x, dtype=np.uint64)
    if x.ndim == 0:
        with np.errstate(over="ignore"):
            x = x ^ (x >> np.uint64(30))
            x = x * np.uint64(_M1)
            x = x ^ (x >> np.uint64(27))
            x = x * np.uint64(_M2)
            return x ^ (x >> np.uint64(31))
    return _mix_into(x.copy(), np.empty_like(x))


def _mix_into(x: npt.NDArray[np.uint64], scratch: npt.NDArray[np.uint64],
              ) -> npt.NDArray[np.uint64]:
    """:func:`_mix` of ``x`` in place (``scratch``: an array of its size to overwrite).

    No temporary array per step: a million-row column is mixed once per hashed column.
    """
    import numpy as np

    with np.errstate(over="ignore"):
        np.right_shift(x, np.uint64(30), out=scratch)
        np.bitwise_xor(x, scratch, out=x)
        np.multiply(x, np.uint64(_M1), out=x)
        np.right_shift(x, np.uint64(27), out=scratch)
        np.bitwise_xor(x, scratch, out=x)
        np.multiply(x, np.uint64(_M2), out=x)
        np.right_shift(x, np.uint64(31), out=scratch)
        np.bitwise_xor(x, scratch, out=x)
    return x


def _word_sum(arr: Any, lens: npt.NDArray[np.int64]) -> npt.NDArray[np.uint64]:
    """Return the hash core of strings: their UTF-8 bytes as 64-bit words, mixed, summed.

    Word ``k`` of every string (bytes ``8k .. 8k + 7``, zero past the end) is read as one
    unaligned little-endian 64-bit load at ``offset + 8k`` of the UTF-8 data, masked, then
    mixed with its position and summed; each pass only visits the strings that long.
    """
    import numpy as np

    n = len(arr)
    out = np.zeros(n, dtype=np.uint64)
    if n == 0:
        return out
    pos, raw = _utf8_buffers(arr)
    if len(raw) == 8:
        return out
    width = int(lens[0])
    if len(raw) - 8 == width * n and (lens == width).all():
        # Strings of one length (content-derived ids): the bytes as a table of rows,
        # padded with zeros to whole words, read column by column (no gather, no mask).
        n_words = -(-width // 8)
        table = np.zeros((n, 8 * n_words), dtype=np.uint8)
        table[:, :width] = raw[: width * n].reshape(n, width)
        by_word = table.view("<u8")
        scratch = np.empty(n, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for k in range(n_words):
                out += _mix_into(by_word[:, k] ^ (np.uint64(k + 1) * np.uint64(_GOLDEN)),
                                 scratch)
        return out
    words = np.ndarray(shape=(len(raw) - 7,), dtype="<u8", buffer=raw, strides=(1,))
    rows: Any = slice(None) if lens.min() > 0 else np.flatnonzero(lens > 0)
    at, rem = pos[rows], lens[rows]
    ones = np.uint64(0xFFFFFFFFFFFFFFFF)
    k = 0
    with np.errstate(over="ignore"):
        while len(at):
            # Keep the string's own bytes: shift the mask right by the bytes it lacks.
            short = ((8 - np.minimum(rem, 8)) * 8).astype(np.uint64)
            word = words[at] & (ones >> short)
            out[rows] += _mix_into(word ^ (np.uint64(k + 1) * np.uint64(_GOLDEN)),
                                   np.empty(len(word), dtype=np.uint64))
            k += 1
            more = rem > 8
            rows = np.flatnonzero(more) if isinstance(rows, slice) else rows[more]
            at, rem = at[more] + 8, rem[more] - 8
    return out


def _utf8_buffers(arr: Any) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint8]]:
    """Return each string's start in a copy of the UTF-8 data, and that copy.

    The copy ends with 8 spare zero bytes, so an 8-byte load at any start stays inside.
    """
    import numpy as np

    n = len(arr)
    bufs = arr.buffers()
    off_type = np.int64 if str(arr.type) == "large_string" else np.int32
    offsets: npt.NDArray[np.int64] = np.frombuffer(bufs[1], dtype=off_type)[
        arr.offset : arr.offset + n + 1].astype(np.int64)
    start, end = int(offsets[0]), int(offsets[-1])
    raw = np.zeros(end - start + 8, dtype=np.uint8)
    if end > start:
        raw[: end - start] = np.frombuffer(bufs[2], dtype=np.uint8)[start:end]
    return offsets[:-1] - start, raw


def string_order(arr: Any, *, stable: bool = True) -> npt.NDArray[np.int64]:
    """Return the order sorting a (non-null) Arrow string array, as Python sorts str.

    By each string's first eight UTF-8 bytes read as one big-endian number (byte order is
    code point order), then the few strings sharing those bytes by Arrow's sort; when many
    do, Arrow sorts them all. ``stable=False``: equal strings in any order (a faster sort).
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(arr)
    if n < 4096:
        return np.asarray(pc.sort_indices(arr), dtype=np.int64)
    lens = np.asarray(pc.binary_length(arr), dtype=np.int64)
    pos, raw = _utf8_buffers(arr)
    words = np.ndarray(shape=(len(raw) - 7,), dtype="<u8", buffer=raw, strides=(1,))
    short = ((8 - np.minimum(lens, 8)) * 8).astype(np.uint64)
    head = (words[pos] & (np.uint64(0xFFFFFFFFFFFFFFFF) >> short)).byteswap()
    order = np.argsort(head, kind="stable" if stable else None)
    hs = head[order]
    tie = np.r_[False, hs[1:] == hs[:-1]]
    if not tie.any():
        return order.astype(np.int64)
    # Runs of strings sharing their first eight bytes: order each by the whole string
    # (Arrow sorts everything when there are many).
    run_start = np.flatnonzero(~tie[:-1] & tie[1:])
    run_end = np.flatnonzero(tie & np.r_[~tie[1:], True]) + 1
    if len(run_start) > 64 or tie.sum() > n // 8:
        return np.asarray(pc.sort_indices(arr), dtype=np.int64)
    for a, b in zip(run_start.tolist(), run_end.tolist(), strict=True):
        rows = order[a:b]
        order[a:b] = rows[np.asarray(pc.sort_indices(arr.take(pa.array(rows))))]
    return order.astype(np.int64)


def _hash_strings(s: pd.Series) -> npt.NDArray[np.uint64]:
    """Hash each string from its UTF-8 bytes (missing values hash to a fixed word)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(s.astype("string").array)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if arr.type != pa.string():
        arr = arr.cast(pa.string())
    valid = np.ones(len(arr), dtype=bool) if arr.null_count == 0 else ~np.asarray(
        arr.is_null())
    arr = pc.fill_null(arr, "")
    lens = np.asarray(pc.binary_length(arr), dtype=np.int64)
    core = _word_sum(arr, lens)
    with np.errstate(over="ignore"):
        core ^= lens.view(np.uint64)
        core ^= np.uint64(_M2)
        out = _mix_into(core, np.empty_like(core))
    out[~valid] = np.uint64(_GOLDEN)
    return out


#: Columns that usually hold a different value on every row: hashed directly, not through
#: their distinct values.
_UNIQUE_LIKE = frozenset({"doc_id", "claim_id", "sentence"})


def factorize_strings(s: pd.Series) -> tuple[npt.NDArray[np.int64], Any]:
    """Return codes (-1 = missing) and distinct values of a string column (first-seen order)."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    to_arrow = getattr(s.array, "__arrow_array__", None)
    if to_arrow is None or getattr(s.dtype, "storage", None) != "pyarrow":
        codes, uniq = pd.factorize(s.array)
        return codes.astype(np.int64, copy=False), uniq
    # What pandas does for an Arrow-backed column (a dictionary encoding), without its
    # detour through a chunked dictionary array.
    arr = to_arrow()
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    enc = arr.dictionary_encode()
    idx = enc.indices
    codes = np.asarray(idx.fill_null(-1) if idx.null_count else idx).astype(np.int64)
    return codes, pd.array(enc.dictionary, dtype=s.dtype)


def factorize_sorted(values: Any, arrow: bool = False) -> tuple[npt.NDArray[np.int64], Any]:
    """Return ``pd.factorize(values, sort=True)`` of a string array, uniques as str objects.

    Ordered by :func:`string_order` (Python's order of str) instead of pandas' sort of the
    distinct values as Python objects, which is slow when most values are distinct (claim
    ids). Missing values get code -1, as in pandas. With ``arrow`` the uniques are an Arrow
    string array instead (no Python object per value).
    """
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(values)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if arr.null_count or (not pa.types.is_string(arr.type) and not pa.types.is_large_string(
            arr.type)):
        codes, uniq = pd.factorize(values, sort=True)
        out = np.asarray(uniq, dtype=object)
        return codes.astype(np.int64, copy=False), (
            pa.array(out.tolist(), type=pa.string()) if arrow else out)
    n = len(arr)
    order = string_order(arr, stable=False)  # equal strings get one code: any order will do
    ordered = arr.take(pa.array(order))
    new = np.ones(n, dtype=bool)
    if n > 1:
        new[1:] = ~np.asarray(pc.equal(ordered[1:], ordered[:-1]), dtype=bool)
    codes = np.empty(n, dtype=np.int64)
    codes[order] = np.cumsum(new) - 1
    uniq = ordered.filter(pa.array(new))
    if arrow:
        return codes, uniq
    return codes, np.asarray(uniq.to_numpy(zero_copy_only=False), dtype=object)


def _hash_strings_coded(codes: npt.NDArray[np.int64], uniq: Any) -> npt.NDArray[np.uint64]:
    """Return the same hashes as :func:`_hash_strings`, computed once per distinct value."""
    import numpy as np
    import pandas as pd

    hu = _hash_strings(pd.Series(uniq, dtype="string"))
    hu = np.append(hu, np.uint64(_GOLDEN))  # code -1: missing
    return hu[codes]


#: Types whose equal values always have equal reprs (so a repr per distinct value serves
#: every row holding it). Not float (0.0 == -0.0), not datetime (equal instants in two
#: zones), not bool (True == 1), not subclasses (their own repr).
_REPR_BY_VALUE = (str, int, datetime.date)


def _hash_objects(s: pd.Series, factorized: tuple[Any, Any] | None = None,
                  ) -> npt.NDArray[np.uint64]:
    """Hash an object column: strings (and None) as strings, anything else by its repr.

    The same values as hashing ``s.map(repr)`` (or ``s`` when it holds only str and None),
    with ``repr`` called once per distinct value of the types in :data:`_REPR_BY_VALUE` and
    once per row of any other type (missing values included). ``factorized`` is
    ``pandas.factorize`` of the column's values, when made already.
    """
    import numpy as np
    import pandas as pd

    vals = s.to_numpy(dtype=object)
    types = _TYPE_OF(vals) if len(vals) else np.zeros(0, dtype=object)
    # equal values share a code, None/NaN/NA get -1
    codes, uniq = pd.factorize(vals) if factorized is None else factorized
    utypes = np.array([type(u) for u in uniq] + [None], dtype=object)
    # A row keeps its code only when it has exactly the type of its code's first value
    # (equal values of two types, 1 and True, are told apart) and that type is safe.
    safe_u = np.array([t in _REPR_BY_VALUE for t in utypes[:-1]] + [False], dtype=bool)
    same = np.asarray(types == utypes[codes], dtype=bool)
    # Every row's type: its code's (when the same) or its own.
    kinds = {*utypes[:-1].tolist(), *types[~same].tolist()}
    if all(issubclass(t, str) or t is type(None) for t in kinds):
        return _hash_strings(s)  # only str and None: hashed as strings
    by_value = same & safe_u[codes]
    rest = np.flatnonzero(~by_value)
    out = np.empty(len(vals), dtype=np.uint64)
    hu = _hash_strings(pd.Series([repr(u) for u in uniq], dtype=object))
    rows = np.flatnonzero(by_value)
    out[rows] = hu[codes[rows]]
    if len(rest):
        out[rest] = _hash_strings(pd.Series([repr(v) for v in vals[rest].tolist()],
                                            dtype=object))
    return out


def hash_columns(df: pd.DataFrame, columns: list[str],
                 coded: dict[str, tuple[Any, Any]] | None = None) -> npt.NDArray[np.uint64]:
    """Return one 64-bit hash per row over ``columns`` (order of rows does not matter).

    ``coded`` holds codes of string columns (from :func:`factorize_strings`) already made,
    and receives those made here.
    """
    import numpy as np
    import pandas as pd

    coded = {} if coded is None else coded
    h = np.full(len(df), np.uint64(_GOLDEN), dtype=np.uint64)
    scratch = np.empty_like(h)
    for i, c in enumerate(columns):
        s = df[c]
        kind = s.dtype.kind
        if isinstance(s.dtype, pd.StringDtype):
            if c in _UNIQUE_LIKE:
                x = _hash_strings(s)
            else:
                if c not in coded:
                    coded[c] = factorize_strings(s)
                x = _hash_strings_coded(*coded[c])
        elif kind in "iub" or str(s.dtype) in ("Int64", "boolean"):
            # exact: a float64 detour would round figures above 2**53 into one hash
            x = s.to_numpy(dtype="int64", na_value=-1).view(np.uint64)
        elif kind == "f":
            x = np.nan_to_num(s.to_numpy(dtype="float64"), nan=-1.5).view(np.uint64)
        elif kind == "M":
            x = s.to_numpy(dtype="datetime64[ns]").view(np.int64).view(np.uint64)
        elif kind == "O":
            x = _hash_objects(s, coded.get(c))
        else:
            x = _hash_strings(s)
        # h = _mix(h ^ (x + (i + 1) * _GOLDEN)), in place on h (x may be the frame's data).
        with np.errstate(over="ignore"):
            np.add(x, np.uint64(i + 1) * np.uint64(_GOLDEN), out=scratch)
        np.bitwise_xor(h, scratch, out=h)
        _mix_into(h, scratch)
    return h


def ids_from_hash(h: npt.NDArray[np.uint64], prefix: bytes = b"r") -> pd.Series:
    """Format 64-bit hashes as ids: ``prefix`` + 13 base-32 characters."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    n = len(h)
    width = len(prefix) + 13
    chars = np.empty((n, width), dtype=np.uint8)
    alpha = np.frombuffer(_ALPHABET, dtype=np.uint8)
    if len(prefix) == 1:
        # Two characters (ten bits) at a time, as one 16-bit word from a 1024-entry table:
        # the prefix with the top digit, then the other twelve digits in pairs.
        pairs = chars.view(np.uint16)
        c = np.arange(1024)
        table = (alpha[c >> 5].astype(np.uint16) | (alpha[c & 31].astype(np.uint16) << 8))
        head = np.uint16(prefix[0]) | (alpha[:16].astype(np.uint16) << 8)
        pairs[:, 0] = head[(h >> np.uint64(60)).astype(np.intp)]
        for j in range(1, 7):
            shift = np.uint64(5 * (12 - 2 * j))
            pairs[:, j] = table[((h >> shift) & np.uint64(1023)).astype(np.intp)]
    else:
        chars[:, : len(prefix)] = np.frombuffer(prefix, dtype=np.uint8)
        for k in range(13):
            chars[:, len(prefix) + 12 - k] = alpha[((h >> np.uint64(5 * k)) & np.uint64(31))]
    # The bytes are the string data as they are: ASCII, every id `width` long.
    offsets = np.arange(0, (n + 1) * width, width, dtype=np.int64)
    arr = pa.Array.from_buffers(pa.large_string(), n, [None, pa.py_buffer(offsets),
                                                        pa.py_buffer(chars)])
    return pd.Series(pd.array(arr, dtype="string"))


def int64_array(values: npt.NDArray[Any], missing: npt.NDArray[np.bool_] | None = None) -> Any:
    """Return a nullable ``Int64`` array from int values and a missing mask.

    No value passes through a Python object.
    """
    import numpy as np
    import pandas as pd

    vals = np.asarray(values, dtype=np.int64)
    mask = np.zeros(len(vals), dtype=bool) if missing is None else np.asarray(missing, bool)
    return pd.arrays.IntegerArray(vals, mask)


def empty_tuples(n: int) -> npt.NDArray[Any]:
    """Return an object array of ``n`` empty tuples."""
    import numpy as np

    out = np.empty(n, dtype=object)
    out.fill(())
    return out


def strings_from_codes(codes: npt.NDArray[np.int64], labels: Any) -> Any:
    """Return a ``string`` array of ``labels[codes]`` (code -1 = missing), built in Arrow."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    codes = np.asarray(codes, dtype=np.int64)
    missing = codes < 0
    if isinstance(labels, pd.api.extensions.ExtensionArray):
        labels = pa.array(labels)  # an Arrow-backed array: no Python string per label
    if isinstance(labels, pa.ChunkedArray):
        labels = labels.combine_chunks()
    if not isinstance(labels, pa.Array):
        labels = pa.array([str(x) for x in labels], type=pa.large_string())
    if len(labels) == 0:
        labels = pa.array([""], type=pa.large_string())
    # pandas keeps its strings as large_string: build that type directly (no second cast).
    at = pa.array(np.where(missing, 0, codes), mask=missing if missing.any() else None)
    return pd.array(labels.cast(pa.large_string()).take(at), dtype="string")


def hash_strings_of(values: Any) -> npt.NDArray[np.uint64]:
    """Return the 64-bit hash of each string of an array (as :func:`hash_columns` uses)."""
    import pandas as pd

    return _hash_strings(pd.Series(values, dtype="string"))


def format_days(days: npt.NDArray[np.int64], missing: int) -> list[str]:
    """ISO dates of day numbers (days since 1970-01-01); ``missing`` gives "undated"."""
    return day_strings(days, missing).to_pylist()  # type: ignore[no-any-return]


def day_strings(days: npt.NDArray[np.int64], missing: int) -> Any:
    """Return :func:`format_days` as an Arrow string array.

    Reports fall on few distinct days: each is formatted once, then taken for its rows.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    days = np.asarray(days, dtype=np.int64)
    none = days == missing
    if len(days) >= 4096 and not none.all():
        real = np.where(none, days[~none].max(), days)
        lo = int(real.min())
        span = int(real.max()) - lo + 1
        if span < len(days):  # a table over the span of days; the last entry: "undated"
            codes = np.where(none, span, real - lo)
            # The table is formatted directly: shorter than the days, and a recursive call
            # on a span of 4096 days or more would come back here with the same span.
            iso = pa.array(np.arange(lo, lo + span).astype(np.int32), type=pa.date32())
            table = pa.concat_arrays([iso.cast(pa.string()), pa.array(["undated"])])
            return table.take(pa.array(codes))
    iso = pa.array(np.where(none, 0, days).astype(np.int32), type=pa.date32()).cast(pa.string())
    return pc.if_else(pa.array(none), "undated", iso) if none.any() else iso


def join_strings(*parts: Any) -> Any:
    """Concatenate Arrow string arrays and ``str`` constants element-wise."""
    import pyarrow.compute as pc

    return pc.binary_join_element_wise(*parts, "")


def join_lists(items: Any, bounds: npt.NDArray[np.int64], sep: str) -> Any:
    """Join ``items[bounds[i]:bounds[i + 1]]`` with ``sep``, for every i, in Arrow."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    offsets = pa.array(np.asarray(bounds, dtype=np.int32))
    return pc.binary_join(pa.ListArray.from_arrays(offsets, items), sep)


def format_figures(texts: npt.NDArray[Any], low: npt.NDArray[np.int64],
                   high: npt.NDArray[np.int64], open_bound: int) -> list[str]:
    """Return figures as people read them, for many at once.

    "5", "85-115", "501 or more", or the phrase with its interval, "an estimated 100
    (80-120)" (a vectorised ``_explain.format_interval``).
    """
    return figure_strings(texts, low, high, open_bound).to_pylist()  # type: ignore[no-any-return]


def figure_strings(texts: Any, low: npt.NDArray[np.int64], high: npt.NDArray[np.int64],
                   open_bound: int) -> Any:
    """Return :func:`format_figures` as an Arrow string array.

    ``texts`` is the phrase of each figure (None or "" for none), a pair (codes, labels) of
    them, or None for no phrases; each distinct phrase is quoted once. Many rows repeat a
    few (phrase, low, high) figures: each distinct one is formatted once, then taken for its
    rows.
    """
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    low = np.asarray(low, dtype=np.int64)
    high = np.asarray(high, dtype=np.int64)
    n = len(low)
    if isinstance(texts, tuple):  # (codes, labels): texts = labels[codes]
        tcode, labels = np.asarray(texts[0], dtype=np.int64), np.asarray(texts[1], dtype=object)
        if n < 4096:
            return _figure_strings(labels[tcode], low, high, open_bound)
    elif n < 4096:
        return _figure_strings(texts, low, high, open_bound)
    elif texts is None:
        tcode, labels = np.zeros(n, dtype=np.int64), None
    else:
        codes, uniq = pd.factorize(pd.Series(texts, dtype=object))
        tcode = np.where(codes < 0, len(uniq), codes).astype(np.int64)
        labels = np.array([*uniq, None], dtype=object)  # missing: no phrase
    # h = mix(mix(mix(tcode ^ GOLDEN) ^ low) ^ high), in place on one array
    h = tcode.view(np.uint64) ^ np.uint64(_GOLDEN)
    scratch = np.empty_like(h)
    _mix_into(h, scratch)
    h ^= low.view(np.uint64)
    _mix_into(h, scratch)
    h ^= high.view(np.uint64)
    _mix_into(h, scratch)
    inv, _ = pd.factorize(h)
    first = np.empty(int(inv.max()) + 1, dtype=np.int64)
    first[inv[::-1]] = np.arange(n - 1, -1, -1)  # the first row of each distinct hash
    if not ((tcode[first][inv] == tcode).all() and (low[first][inv] == low).all()
            and (high[first][inv] == high).all()):  # two figures share a hash: one by one
        return _figure_strings(texts if labels is None or not isinstance(texts, tuple)
                               else labels[tcode], low, high, open_bound)
    sub = None if labels is None else labels[tcode[first]]
    return _figure_strings(sub, low[first], high[first], open_bound).take(pa.array(inv))


def _figure_strings(texts: Any, low: npt.NDArray[np.int64], high: npt.NDArray[np.int64],
                    open_bound: int) -> Any:
    """:func:`figure_strings` of every row, one by one in Arrow."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    from ._text import quoted_phrase

    los = pa.array(low).cast(pa.string())
    is_open = high >= open_bound
    closed = pc.if_else(pa.array(low == high), los,
                        join_strings(los, "-", pa.array(high).cast(pa.string())))
    interval = pc.if_else(pa.array(is_open), join_strings(los, " or more"), closed)
    if texts is None:
        return interval
    codes, uniq = pd.factorize(pd.Series(texts, dtype=object))
    quoted = [quoted_phrase(str(u)) for u in uniq]
    if not any(quoted):
        return interval
    t = pa.array([*quoted, ""], type=pa.string()).take(pa.array(np.where(codes < 0, len(uniq),
                                                                        codes)))
    show = pc.and_(pc.not_equal(t, ""), pc.not_equal(t, interval))
    return pc.if_else(show, join_strings(t, " (", interval, ")"), interval)


def str_objects(arr: Any) -> npt.NDArray[Any]:
    """Return a non-null Arrow string array as an object array of str.

    One Python str per distinct value, shared by the rows holding it (figures and days
    repeat a lot), instead of one per row.
    """
    import numpy as np

    enc = arr.dictionary_encode()
    words = np.asarray(enc.dictionary.to_pylist(), dtype=object)
    return words[np.asarray(enc.indices, dtype=np.intp)]


def obj_array(values: Any) -> npt.NDArray[Any]:
    """Return a Series' or array's values as an object array, ``None`` for missing."""
    return values.to_numpy(dtype=object, na_value=None)  # type: ignore[no-any-return]


def take_strings(values: Any, at: npt.NDArray[np.int64]) -> Any:
    """Return ``values[at]`` (a non-null string array) as an Arrow ``string`` array.

    Strings all of one length (content-derived ids) are moved as fixed-size records by
    numpy, faster than Arrow's take; others by Arrow's take.
    """
    import numpy as np
    import pyarrow as pa

    arr = pa.array(values)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.chunk(0) if arr.num_chunks == 1 else arr.combine_chunks()
    at = np.asarray(at, dtype=np.int64)
    n = len(arr)
    if arr.null_count == 0 and str(arr.type) in ("string", "large_string") and n:
        # The records are read in place from the Arrow buffers (no copy of the data).
        bufs = arr.buffers()
        off_type = np.int64 if str(arr.type) == "large_string" else np.int32
        offsets = np.frombuffer(bufs[1], dtype=off_type)[arr.offset : arr.offset + n + 1]
        start, end = int(offsets[0]), int(offsets[-1])
        width = int(offsets[1] - offsets[0])
        if width > 0 and end - start == width * n and (n == 1 or (
                np.diff(offsets) == width).all()) and width * (len(at) + 1) < 2**31:
            data = np.frombuffer(bufs[2], dtype=np.uint8)[start:end]
            rows = data.view(f"V{width}")[at]
            offsets = np.arange(0, (len(at) + 1) * width, width, dtype=np.int32)
            return pa.Array.from_buffers(pa.string(), len(at), [
                None, pa.py_buffer(offsets), pa.py_buffer(rows)])
    out = arr.take(pa.array(at))
    return out if out.type == pa.string() else out.cast(pa.string())


def string_lists(values: Any, bounds: npt.NDArray[np.int64]) -> Any:
    """Return a list-of-strings column: row i holds ``values[bounds[i]:bounds[i + 1]]``.

    An Arrow list array (``pd.ArrowDtype(pa.list_(pa.string()))``), built in one go: each
    row reads as a list of str, and no Python object is made per row.
    """
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    arr = pa.array(values)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if arr.type != pa.string():
        arr = arr.cast(pa.string())
    offsets = pa.array(np.asarray(bounds, dtype=np.int32))
    return pd.arrays.ArrowExtensionArray(pa.ListArray.from_arrays(offsets, arr))


def string_list_dtype() -> Any:
    """Return the dtype of :func:`string_lists` columns."""
    import pandas as pd
    import pyarrow as pa

    return pd.ArrowDtype(pa.list_(pa.string()))


def take_runs(values: Any, at: npt.NDArray[np.int64]) -> Any:
    """Return ``values[at]`` for an Arrow array or chunked array, as one Arrow array.

    When ``at`` is mostly runs of consecutive positions (rows already in order within
    batches that are interleaved), the runs are copied as slices, one copy of the data
    (a take of long strings or of lists moves each value on its own); otherwise by
    ``take``.

    Examples
    --------
    >>> import numpy as np
    >>> import pyarrow as pa
    >>> parts = pa.chunked_array([["a", "b", "c"], ["x", "y"]])
    >>> take_runs(parts, np.array([0, 3, 1, 2, 4])).to_pylist()
    ['a', 'x', 'b', 'c', 'y']
    """
    import numpy as np
    import pyarrow as pa

    at = np.asarray(at, dtype=np.int64)
    n = len(at)
    breaks = np.flatnonzero(at[1:] != at[:-1] + 1) + 1 if n else np.zeros(0, dtype=np.int64)
    if n == 0 or len(breaks) > n // 16:
        flat = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
        if pa.types.is_list(flat.type) and flat.null_count == 0:
            # Arrow's take of a list array is slow: offsets in numpy, one take of values.
            offsets = np.asarray(flat.offsets, dtype=np.int64)
            starts, lens = offsets[:-1][at], np.diff(offsets)[at]
            bounds = np.zeros(n + 1, dtype=np.int64)
            np.cumsum(lens, out=bounds[1:])
            pos = np.repeat(starts - bounds[:-1], lens) + np.arange(bounds[-1], dtype=np.int64)
            return pa.ListArray.from_arrays(pa.array(bounds.astype(np.int32)),
                                            take_strings(flat.values, pos))
        return flat.take(pa.array(at))
    first = np.r_[0, breaks]
    lengths = np.diff(np.r_[first, n])
    pieces: list[Any] = []
    for start, length in zip(at[first].tolist(), lengths.tolist(), strict=True):
        part = values.slice(start, length)
        pieces.extend(part.chunks if isinstance(part, pa.ChunkedArray) else [part])
    return pa.concat_arrays(pieces)
