"""The column API of stage 1: :func:`parse_counts` reads a whole column of count phrases.

Each distinct string is parsed once (``pd.factorize``) and the figures are spread back to the
rows with one ``take``, so a column of a million rows with few distinct phrases costs about
as much as its distinct phrases (real exports repeat a few phrasings a great deal: "1",
"several", "at least 3"...).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._columns import COUNT_COLUMNS
from .._dask import is_dask_collection, map_rows, reject_progress
from .._progress import check_progress, progress_bar
from ..errors import InputError, InputTypeError
from ..lexicon import LexiconLike, resolve_lexicon
from ._api import check_text, preset_table
from ._scan import scan
from ._tables import tables_for

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["parse_counts"]


def _as_series(values: Any) -> pd.Series:
    import pandas as pd

    if isinstance(values, pd.Series):
        return values
    if isinstance(values, pd.DataFrame):
        raise InputTypeError(
            "parse_counts takes one column (a Series), not a DataFrame; pass df['column']",
            None,
        )
    if isinstance(values, str | bytes | bytearray) or not hasattr(values, "__len__"):
        raise InputTypeError(
            f"parse_counts takes a column of phrases (a Series, list or array), not "
            f"{type(values).__name__}; use parse_count for one phrase",
            values,
        )
    try:
        return pd.Series(values, dtype=object)
    except (TypeError, ValueError) as exc:  # a nested or ragged input pandas cannot hold
        raise InputTypeError(f"parse_counts cannot read this column: {exc}", None) from None


def parse_counts(
    series: Any, *, lexicon: LexiconLike = None, preset: str | None = None,
    progress: bool = False,
) -> pd.DataFrame:
    """Parse a column of count phrases: one row of ``low``, ``best``, ``high``, ``kind`` each.

    Every row gets :func:`parse_count`'s reading of its value: the first count expression in
    it. Each distinct string is parsed once, so repeated phrases cost nothing more.

    Parameters
    ----------
    series : pandas.Series, list or array of str
        The phrases. Missing values (``None``, ``NaN``, ``pd.NA``) are allowed; every other
        value must be a ``str``. A list or array gets a default ``RangeIndex``.
    lexicon : Lexicon or path, optional
        The vocabulary; the shipped one by default.
    preset : {"acled", "ucdp"}, optional
        Make ``best`` of vague quantifiers follow that dataset's coding rules.
    progress : bool, default False
        Show a bar on stderr over the distinct phrases (tqdm, the ``progress`` extra).

    Returns
    -------
    pandas.DataFrame
        The input's index (a Series' own, duplicates and order kept), one row per input row,
        columns ``low``, ``best``, ``high`` (``Int64``) and ``kind`` (``string``). A missing
        value, or a string that holds no count, gives a row of ``<NA>`` in all four columns;
        a count with no upper bound has ``<NA>`` in ``high`` only. For a
        ``dask.dataframe.Series``, a lazy ``dask.dataframe.DataFrame`` of the same rows and
        partitions, parsed partition by partition (docs/scale.md).

    Raises
    ------
    InputTypeError
        A value that is neither a ``str`` nor missing (``bytes``, a number ...), naming its
        index label; an input that is not a column.
    InputError
        A string over the size limit or with control characters, naming its index label; an
        unknown preset.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series(["more than 500", None, "about 40 killed", "on February 7",
    ...                "more than 500"], index=list("abcde"))
    >>> parse_counts(s)
       low  best  high         kind
    a  501   501  <NA>  lower_bound
    b  <NA>  <NA>  <NA>         <NA>
    c   36    40    44  approximate
    d  <NA>  <NA>  <NA>         <NA>
    e  501   501  <NA>  lower_bound
    >>> parse_counts(["five", "several"], preset="acled")["best"].tolist()
    [5, 10]
    """
    import numpy as np
    import pandas as pd

    check_progress(progress)
    if is_dask_collection(series):
        # Row-wise: each partition is parsed on its own (docs/scale.md).
        if getattr(series, "ndim", 1) != 1:
            _as_series(pd.DataFrame())  # the pandas path's error for a frame
        reject_progress(progress, "parse_counts")
        return map_rows(series, parse_counts, lexicon=lexicon, preset=preset)  # type: ignore[no-any-return]
    s = _as_series(series)
    lex = resolve_lexicon(lexicon)
    tables = tables_for(lex)
    vague = preset_table(lex, preset)  # an unknown preset fails before any work
    codes, uniq = pd.factorize(s.array, use_na_sentinel=True)
    m = len(uniq)
    # One Python list per field, turned into arrays once (numpy item assignment costs more
    # than the list append); the last slot, m, stands for a missing row (code -1).
    lo: list[int] = []
    be: list[int] = []
    hi: list[int] = []
    none: list[bool] = []
    open_hi: list[bool] = []
    kinds: list[str | None] = []
    bar = progress_bar(m, "parsing counts", unit="phrase", enabled=progress)
    for i, value in enumerate(uniq):
        bar.update()
        try:
            text = check_text(value, name="value")
        except (InputError, InputTypeError) as exc:
            bar.close()
            raise _at_row(exc, s, codes, i) from None
        found = scan(text, tables, vague, first_only=True)
        if found:
            c = found[0]
            lo.append(c.low)
            be.append(c.best)
            hi.append(0 if c.high is None else c.high)
            open_hi.append(c.high is None)
            none.append(False)
            kinds.append(c.kind)
        else:
            lo.append(0)
            be.append(0)
            hi.append(0)
            open_hi.append(False)
            none.append(True)
            kinds.append(None)
    bar.close()
    for col in (lo, be, hi):
        col.append(0)
    open_hi.append(False)
    none.append(True)
    kinds.append(None)
    at = np.where(codes < 0, m, codes)
    row_none = np.array(none, dtype=bool)[at]
    columns = {
        "low": pd.arrays.IntegerArray(np.array(lo, dtype=np.int64)[at], row_none.copy()),
        "best": pd.arrays.IntegerArray(np.array(be, dtype=np.int64)[at], row_none.copy()),
        "high": pd.arrays.IntegerArray(
            np.array(hi, dtype=np.int64)[at], row_none | np.array(open_hi, dtype=bool)[at]
        ),
        "kind": pd.array(kinds, dtype=pd.StringDtype()).take(at),
    }
    frame = pd.DataFrame({k: columns[k] for k in COUNT_COLUMNS}, index=s.index, copy=False)
    return frame


def _at_row(
    exc: InputError | InputTypeError, s: pd.Series, codes: Any, i: int
) -> InputError | InputTypeError:
    """Return ``exc`` again, its message naming the index label of the first row holding it."""
    import numpy as np

    label = s.index[int(np.flatnonzero(codes == i)[0])]
    label = label.item() if isinstance(label, np.generic) else label  # 20, not np.int64(20)
    return type(exc)(f"row {label!r} of the column: {exc.message}", exc.value)
