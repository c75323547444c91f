"""The ``casualties`` pandas accessor, for data already in frames.

Importing this module registers it::

    import casualty_reconcile.accessor  # noqa: F401  (registers .casualties)

    df["count_text"].casualties.parse()      # one row of figures per value
    docs_df.casualties.claims()              # = extract_claims_frame(docs_df)
    claims_df.casualties.reconcile()         # = reconcile(claims_df)

``import casualty_reconcile`` alone does not register it, so that importing the library
still does not import pandas (registration needs pandas itself). The accessor adds no
behaviour of its own beyond turning a Series of phrases into a frame: ``claims`` and
``reconcile`` are the library's functions, with the same options and errors.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from ._columns import PARSED_COUNT_COLUMNS
from ._types import CountEstimate
from .claims import extract_claims_frame
from .counts import find_counts, parse_count
from .errors import ColumnError, InputError
from .lexicon import LexiconLike, resolve_lexicon
from .reconcile import Reconciliation, reconcile

__all__ = ["CasualtiesFrameAccessor", "CasualtiesSeriesAccessor"]

# The reasons a row of Series.casualties.parse() has no count (the claims frame's style).
_MISSING = "missing"
_EMPTY = "empty_text"
_NO_COUNT = "no_count"


def _texts(s: pd.Series) -> tuple[np.ndarray, list[str | None]]:
    """Factorise a Series of phrases: codes per row (-1 = missing) and the distinct texts.

    Numbers read as their digits (``5`` and ``5.0`` as ``"5"``), as ``reconcile`` reads a
    ``count`` column; anything else that is not text is a :class:`ColumnError` naming the
    Series.
    """
    name = "series" if s.name is None else str(s.name)
    if s.dtype.kind == "b":
        raise ColumnError(name, "holds booleans; expected text")
    try:
        codes, uniq = pd.factorize(s, use_na_sentinel=True)
    except TypeError:  # unhashable cells (lists, dicts)
        v = next(x for x in s.tolist() if not isinstance(x, str | int | float))
        raise ColumnError(
            name, f"holds a {type(v).__name__} ({v!r}); expected text in every row"
        ) from None
    out: list[str | None] = []
    for v in np.asarray(uniq, dtype=object).tolist():
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, float) and not isinstance(v, bool):
            out.append(None if math.isnan(v) else str(int(v)) if v.is_integer() else str(v))
        elif isinstance(v, int | np.integer) and not isinstance(v, bool | np.bool_):
            out.append(str(int(v)))
        elif isinstance(v, np.floating):
            f = float(v)
            out.append(None if math.isnan(f) else str(int(f)) if f.is_integer() else str(f))
        else:
            raise ColumnError(
                name, f"holds a {type(v).__name__} ({v!r}); expected text in every row"
            )
    return np.asarray(codes), out


def _record(c: CountEstimate | None, reason: str | None) -> tuple[Any, ...]:
    if c is None:
        return (None, None, None, None, None, None, None, reason)
    return (c.low, c.best, c.high, c.kind, c.text, c.start, c.end, None)


def _frame(records: list[tuple[Any, ...]], index: pd.Index) -> pd.DataFrame:
    cols = list(zip(*records, strict=True)) if records else [()] * len(PARSED_COUNT_COLUMNS)
    data = {
        name: pd.Series(list(col), dtype=dtype, index=index)
        for (name, dtype), col in zip(PARSED_COUNT_COLUMNS.items(), cols, strict=True)
    }
    return pd.DataFrame(data, index=index)


def _per_text(
    texts: list[str | None], one: Any, lexicon: LexiconLike, preset: str | None
) -> list[list[tuple[Any, ...]]]:
    """Return the rows of each distinct text (at least one each); ``one`` parses or finds."""
    lex = resolve_lexicon(lexicon)
    one("", lexicon=lex, preset=preset)  # a bad preset or lexicon raises here, not per row
    out: list[list[tuple[Any, ...]]] = []
    for t in texts:
        if t is None:
            out.append([_record(None, _MISSING)])
        elif not t.strip():
            out.append([_record(None, _EMPTY)])
        else:
            try:
                found = one(t, lexicon=lex, preset=preset)
            except InputError as exc:  # control characters, text too long
                out.append([_record(None, f"bad_text: {exc}")])
                continue
            if isinstance(found, list):
                out.append([_record(c, None) for c in found] or [_record(None, _NO_COUNT)])
            else:
                out.append([_record(found, None if found else _NO_COUNT)])
    out.append([_record(None, _MISSING)])  # code -1: a missing value
    return out


@pd.api.extensions.register_series_accessor("casualties")
class CasualtiesSeriesAccessor:
    """``Series.casualties``: parse a column of count phrases.

    Examples
    --------
    >>> import pandas as pd
    >>> import casualty_reconcile.accessor
    >>> s = pd.Series(["more than 500", "several dozen", None, "on 7 February"])
    >>> s.casualties.parse()[["low", "best", "high", "kind", "reason"]]
        low  best  high         kind    reason
    0   501   501  <NA>  lower_bound      <NA>
    1    36    60   108        vague      <NA>
    2  <NA>  <NA>  <NA>         <NA>   missing
    3  <NA>  <NA>  <NA>         <NA>  no_count
    """

    def __init__(self, series: pd.Series) -> None:
        self._s = series

    def parse(self, *, lexicon: LexiconLike = None, preset: str | None = None) -> pd.DataFrame:
        """Return the first count of each value: one row per row, with the Series' index.

        Columns ``low``, ``best``, ``high`` (``Int64``; ``high`` ``<NA>`` = no upper bound),
        ``kind``, ``count_text`` (the matched span), ``start``, ``end`` and ``reason``: a row
        with no count keeps its place with ``reason`` ``no_count``, ``missing`` (NA),
        ``empty_text`` or ``bad_text: ...`` (control characters, text too long); no row is
        dropped. Numbers read as their digits. Each distinct value is parsed once.

        Raises
        ------
        ColumnError
            The Series holds values that are neither text nor numbers (booleans, lists ...).
        InputError
            An unknown ``preset``, or a lexicon that cannot be read.
        """
        codes, texts = _texts(self._s)
        per = _per_text(texts, parse_count, lexicon, preset)
        table = [rows[0] for rows in per]
        return _frame([table[c] for c in codes.tolist()], self._s.index)

    def find_counts(
        self, *, lexicon: LexiconLike = None, preset: str | None = None
    ) -> pd.DataFrame:
        """Return every count of each value: one row per count, as :meth:`parse`'s columns.

        The index is the Series' index with a last level ``match`` (0, 1, ... within a
        value), as ``Series.str.extractall`` gives; a value with no count keeps one row
        (``match`` 0, ``reason`` set).

        Examples
        --------
        >>> import pandas as pd
        >>> import casualty_reconcile.accessor
        >>> s = pd.Series(["12 killed and about 30 hurt", "calm"], index=["a", "b"])
        >>> s.casualties.find_counts()[["best", "count_text", "reason"]]
                 best count_text    reason
          match
        a 0        12  12 killed      <NA>
          1        30   about 30      <NA>
        b 0      <NA>       <NA>  no_count
        """
        codes, texts = _texts(self._s)
        per = _per_text(texts, find_counts, lexicon, preset)
        records: list[tuple[Any, ...]] = []
        rows: list[int] = []
        matches: list[int] = []
        for i, c in enumerate(codes.tolist()):
            found = per[c]
            records.extend(found)
            rows.extend([i] * len(found))
            matches.extend(range(len(found)))
        base = self._s.index.take(rows)
        if isinstance(base, pd.MultiIndex):
            arrays = [base.get_level_values(k) for k in range(base.nlevels)]
            names = list(base.names)
        else:
            arrays, names = [base], [base.name]
        index = pd.MultiIndex.from_arrays([*arrays, matches], names=[*names, "match"])
        return _frame(records, index)


@pd.api.extensions.register_dataframe_accessor("casualties")
class CasualtiesFrameAccessor:
    """``DataFrame.casualties``: claims from a documents frame; a frame reconciled.

    Examples
    --------
    >>> import pandas as pd
    >>> import casualty_reconcile.accessor
    >>> claims_df = pd.DataFrame({"source": ["police", "medics"],
    ...                           "count": ["12 people", "about 12"], "event_id": "e1"})
    >>> r = claims_df.casualties.reconcile()
    >>> r.events[["event_id", "low", "best", "high", "status"]]
      event_id  low  best  high      status
    0       e1   12    12    12  consistent
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        self._df = frame

    def claims(self, *, lexicon: LexiconLike = None, progress: bool = False) -> pd.DataFrame:
        """Return the claims frame of a documents frame.

        The same as :func:`~casualty_reconcile.extract_claims_frame` on the frame.
        """
        return extract_claims_frame(self._df, lexicon=lexicon, progress=progress)

    def reconcile(
        self,
        *,
        conservative: bool = False,
        by_victims: bool = True,
        lag_days: int = 3,
        lexicon: LexiconLike = None,
        likely_level: float | None = 0.9,
    ) -> Reconciliation:
        """Reconcile a claims or documents frame: :func:`casualty_reconcile.reconcile`."""
        return reconcile(
            self._df,
            conservative=conservative,
            by_victims=by_victims,
            lag_days=lag_days,
            lexicon=lexicon,
            likely_level=likely_level,
        )
