"""Normalise the three accepted inputs into one claims frame with ``CLAIM_COLUMNS``.

``reconcile`` accepts a list of :class:`~casualty_reconcile.Claim`, a claims DataFrame (the
output of claim extraction, or a researcher's spreadsheet), or a documents DataFrame. All three
become the same frame here, so the rest of the stage never asks where a claim came from.

Decisions (see docs/reconcile.md, "Input"):

* A frame is a *documents* frame when it has ``text`` and none of ``count``, ``low``,
  ``best``, ``high``; otherwise it is a claims frame.
* ``source`` is the claimant, else the publisher. A claims frame needs ``source`` or one of
  ``claimant``/``publisher``; a row whose source is missing is kept as unattributed.
* ``category`` defaults to ``killed``: a spreadsheet toll column without a category is, as in
  ACLED's ``fatalities`` and UCDP's ``best``, a count of the dead.
* Figures: ``low``/``best``/``high`` where present, else the ``count`` phrase parsed by
  :func:`casualty_reconcile.counts.parse_count`. ``best`` missing -> ``low``; ``low`` missing
  -> ``best``; a ``high`` column that is absent -> ``high = best``; a missing value *in* a
  ``high`` column -> open upper bound. Out-of-order figures are sorted (low <= best <= high),
  never rejected: UCDP's own releases hold such rows.
* A row with no usable figure (NaN counts, a phrase that does not parse) is kept as a
  placeholder whose ``reason`` says why.
* ``claim_id``: the column when given (duplicates get ``-2``, ``-3`` suffixes), else a hash of
  the row's content, so ids do not depend on row order.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .._columns import CLAIM_COLUMNS
from .._types import CATEGORIES, KINDS, PRECISIONS, STANCES, Claim
from ..errors import ColumnError, InputTypeError

if TYPE_CHECKING:
    import pandas as pd

    from ..lexicon import Lexicon

__all__ = ["empty_claims_frame", "normalise_input"]

#: Spreadsheet spellings of the categories (column values, not free text).
_CATEGORY_ALIASES: dict[str, str] = {
    "dead": "killed",
    "deaths": "killed",
    "death": "killed",
    "fatalities": "killed",
    "fatality": "killed",
    "kia": "killed",
    "wounded": "injured",
    "injuries": "injured",
    "wia": "injured",
    "casualty": "casualties",
}

_FIGURE_COLUMNS = ("count", "low", "best", "high")


def empty_claims_frame() -> pd.DataFrame:
    """Return an empty frame with the claims columns and dtypes."""
    import pandas as pd

    return pd.DataFrame({c: pd.Series([], dtype=t) for c, t in CLAIM_COLUMNS.items()})


def normalise_input(data: Any, *, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Return ``data`` as a claims frame with exactly ``CLAIM_COLUMNS``, in input order."""
    import pandas as pd

    if isinstance(data, pd.DataFrame):
        cols = set(map(str, data.columns))
        if "text" in cols and not cols.intersection(_FIGURE_COLUMNS):
            return _from_documents(data, lexicon=lexicon)
        return _from_claims_frame(data, lexicon=lexicon)
    if isinstance(data, Claim):
        data = [data]
    if isinstance(data, Sequence) and not isinstance(data, str | bytes):
        return _from_claim_list(data)
    raise InputTypeError(
        "reconcile() takes a list of Claim, a claims DataFrame or a documents DataFrame, "
        f"not {type(data).__name__}",
        data,
    )


# ---------------------------------------------------------------------------------------------
# list[Claim]


def _from_claim_list(claims: Sequence[Any]) -> pd.DataFrame:
    import pandas as pd

    for i, c in enumerate(claims):
        if not isinstance(c, Claim):
            raise InputTypeError(
                f"reconcile(): item {i} of the list is a {type(c).__name__}, not a Claim", c
            )
    if not claims:
        return empty_claims_frame()
    cl: Sequence[Claim] = claims
    cols: dict[str, list[Any]] = {
        "claim_id": [c.claim_id for c in cl],
        "doc_id": [c.doc_id for c in cl],
        "event_id": [None] * len(cl),
        "section": [c.section for c in cl],
        "source": [c.source for c in cl],
        "claimant": [c.claimant for c in cl],
        "publisher": [c.publisher for c in cl],
        "published": [c.published for c in cl],
        "category": [c.category for c in cl],
        "low": [c.count.low for c in cl],
        "best": [c.count.best for c in cl],
        "high": [c.count.high for c in cl],
        "kind": [c.count.kind for c in cl],
        "count_text": [c.count.text for c in cl],
        "victims": [c.victims for c in cl],
        "stance": [c.stance for c in cl],
        "event_date": [c.event_date for c in cl],
        "event_date_precision": [c.event_date_precision for c in cl],
        "places": [tuple(c.places) for c in cl],
        "actors": [tuple(c.actors) for c in cl],
        "location": [None] * len(cl),
        "sentence": [c.sentence for c in cl],
        "start": [c.start for c in cl],
        "end": [c.end for c in cl],
        "reason": [None] * len(cl),
    }
    frame = pd.DataFrame(cols)
    frame["claim_id"] = _unique_ids(frame["claim_id"].astype("string"))
    return _finish(frame)


# ---------------------------------------------------------------------------------------------
# documents frame


def _from_documents(docs: pd.DataFrame, *, lexicon: Lexicon | None) -> pd.DataFrame:
    if len(docs) == 0:
        return empty_claims_frame()
    # Imported here: reconcile sits above claims in the layering, and extraction pulls in
    # dateparser, which a claims-only caller never needs.
    from ..claims import extract_claims_frame

    frame = extract_claims_frame(docs, lexicon=lexicon)
    return _from_claims_frame(frame, lexicon=lexicon)


# ---------------------------------------------------------------------------------------------
# claims frame


def _from_claims_frame(df: pd.DataFrame, *, lexicon: Lexicon | None) -> pd.DataFrame:
    import pandas as pd

    df = df.rename(columns=str)
    n = len(df)
    cols = set(df.columns)
    if not cols.intersection(("source", "claimant", "publisher")):
        raise ColumnError(
            "source",
            "a claims frame needs a `source` column (or `claimant` / `publisher`); "
            f"found columns {sorted(cols)}",
        )
    if not cols.intersection(_FIGURE_COLUMNS):
        raise ColumnError(
            "count",
            "a claims frame needs a `count` column (a phrase such as 'several dozen') or "
            f"`low`/`best`/`high` figures; found columns {sorted(cols)}",
        )
    if n == 0:
        return empty_claims_frame()
    df = df.reset_index(drop=True)
    out: dict[str, Any] = {}
    na_str = pd.Series(pd.NA, index=df.index, dtype="string")

    def text(name: str, *aliases: str) -> pd.Series:
        for c in (name, *aliases):
            if c in cols:
                return _string_column(df[c], c)
        return na_str

    out["doc_id"] = text("doc_id")
    out["event_id"] = text("event_id")
    out["section"] = text("section")
    out["claimant"] = text("claimant")
    out["publisher"] = text("publisher")
    src = text("source")
    out["source"] = src.fillna(out["claimant"]).fillna(out["publisher"])
    out["published"] = _date_column(df["published"], "published") if "published" in cols else (
        pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    )
    date_col = "event_date" if "event_date" in cols else ("date" if "date" in cols else None)
    out["event_date"] = (
        _date_column(df[date_col], date_col)
        if date_col
        else pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    )
    prec = text("event_date_precision", "date_precision")
    bad = prec.notna() & ~prec.isin(PRECISIONS)
    if bad.any():
        raise ColumnError(
            "event_date_precision",
            f"holds {prec[bad].iloc[0]!r}; expected one of {PRECISIONS}",
        )
    out["event_date_precision"] = prec.where(out["event_date"].notna()).fillna(
        pd.Series("day", index=df.index, dtype="string").where(out["event_date"].notna())
    )
    out["category"] = _category_column(df["category"]) if "category" in cols else (
        pd.Series("killed", index=df.index, dtype="string")
    )
    stance = text("stance")
    bad = stance.notna() & ~stance.isin(STANCES)
    if bad.any():
        raise ColumnError("stance", f"holds {stance[bad].iloc[0]!r}; expected one of {STANCES}")
    out["stance"] = stance.fillna("reported")
    out["victims"] = text("victims")
    out["location"] = text("location")
    out["places"] = _tuple_column(df, "places", fallback=out["location"])
    out["actors"] = _tuple_column(df, "actors", fallback=None)
    out["sentence"] = text("sentence")
    out["count_text"] = text("count_text")
    for c in ("start", "end"):
        out[c] = (
            _int_column(df[c], c) if c in cols else pd.Series(pd.NA, index=df.index, dtype="Int64")
        )
    reason = text("reason")

    low, best, high, kind, ctext, why = _figures(df, cols, lexicon=lexicon)
    kind = text("kind").fillna(kind) if "kind" in cols else kind
    bad = kind.notna() & ~kind.isin(KINDS)
    if bad.any():
        raise ColumnError("kind", f"holds {kind[bad].iloc[0]!r}; expected one of {KINDS}")
    out["count_text"] = out["count_text"].fillna(ctext)
    reason = reason.fillna(why)
    placeholder = reason.notna()
    out["low"] = low.mask(placeholder)
    out["best"] = best.mask(placeholder)
    out["high"] = high.mask(placeholder)
    out["kind"] = kind.mask(placeholder)
    out["reason"] = reason

    if "claim_id" in cols:
        ids = _string_column(df["claim_id"], "claim_id")
        missing = ids.isna()
        if missing.any():
            ids = ids.fillna(_hash_ids(df)[missing.to_numpy()].reindex(ids.index))
    else:
        ids = _hash_ids(df)
    out["claim_id"] = _unique_ids(ids)
    frame = pd.DataFrame(out, index=df.index)
    return _finish(frame)


def _figures(
    df: pd.DataFrame, cols: set[str], *, lexicon: Lexicon | None
) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series, pd.Series, pd.Series]:
    """Return low, best, high (Int64, high NA = open), kind, count text and reason columns."""
    import numpy as np
    import pandas as pd

    idx = df.index
    na_int = pd.Series(pd.NA, index=idx, dtype="Int64")
    low = _int_column(df["low"], "low") if "low" in cols else na_int
    best = _int_column(df["best"], "best") if "best" in cols else na_int
    has_high_col = "high" in cols
    high = _int_column(df["high"], "high") if has_high_col else na_int
    numeric = low.notna() | best.notna()
    best = best.fillna(low)
    low = low.fillna(best)
    if not has_high_col:
        high = best.copy()
    # A repaired row keeps its three values, sorted (the IHME repair of UCDP rows, made once).
    arr = np.stack(
        [
            low.to_numpy(dtype="float64", na_value=np.nan),
            best.to_numpy(dtype="float64", na_value=np.nan),
            high.to_numpy(dtype="float64", na_value=np.inf),
        ]
    )
    srt = np.sort(arr, axis=0)
    fix = numeric.to_numpy() & ((arr[0] > arr[1]) | (arr[1] > arr[2]))
    if fix.any():
        low = low.mask(fix, pd.array(srt[0], dtype="Int64"))
        best = best.mask(fix, pd.array(srt[1], dtype="Int64"))
        hi = np.where(np.isinf(srt[2]), np.nan, srt[2])
        high = high.mask(fix, pd.array(hi, dtype="Int64"))
    high = high.where(numeric)
    kind = pd.Series(pd.NA, index=idx, dtype="string")
    exact = numeric & (low == high).fillna(False)
    kind = kind.mask(numeric, "range").mask(numeric & high.isna(), "lower_bound")
    kind = kind.mask(exact, "exact")
    ctext = pd.Series(pd.NA, index=idx, dtype="string")
    reason = pd.Series(pd.NA, index=idx, dtype="string")

    if "count" in cols:
        phrases = _string_column(df["count"], "count")
        todo = ~numeric & phrases.notna()
        if todo.any():
            from ..counts import parse_count

            parsed: dict[str, Any] = {}
            for p in pd.unique(phrases[todo].to_numpy()):
                parsed[str(p)] = parse_count(str(p), lexicon=lexicon)
            sub = phrases[todo]
            ests = sub.map(lambda p: parsed[str(p)])
            ok = ests.notna()
            est_ok = ests[ok]
            low = low.copy()
            best = best.copy()
            high = high.copy()
            low[est_ok.index] = [e.low for e in est_ok]
            best[est_ok.index] = [e.best for e in est_ok]
            high[est_ok.index] = [pd.NA if e.high is None else e.high for e in est_ok]
            kind[est_ok.index] = [e.kind for e in est_ok]
            ctext[est_ok.index] = [e.text for e in est_ok]
            numeric = numeric.copy()
            numeric[est_ok.index] = True
            bad = sub[~ok]
            reason[bad.index] = [f"count phrase not understood: {p!r}" for p in bad]
        ctext = ctext.fillna(phrases.where(numeric))
    missing = ~numeric & reason.isna()
    reason = reason.mask(missing, "no figure: count, low, best and high are all missing")
    return low, best, high, kind, ctext, reason


# ---------------------------------------------------------------------------------------------
# column coercion


def _string_column(s: pd.Series, name: str) -> pd.Series:
    import pandas as pd

    if isinstance(s.dtype, pd.StringDtype):
        return s.astype("string")
    if s.dtype.kind in "iuf" or s.dtype == "str":
        return s.astype("string")
    if s.dtype.kind in "O":
        sample = s.dropna()
        bad = ~sample.map(lambda v: isinstance(v, str | int | float)).astype(bool)
        if bad.any():
            v = sample[bad].iloc[0]
            raise ColumnError(
                name, f"holds a {type(v).__name__} ({v!r}); expected text in every row"
            )
        return s.map(_scalar_to_str, na_action="ignore").astype("string")
    if s.dtype.kind == "b":
        raise ColumnError(name, "holds booleans; expected text")
    return s.astype("string")


def _scalar_to_str(v: Any) -> Any:
    if isinstance(v, float):
        if math.isnan(v):
            return None
        if v.is_integer():
            return str(int(v))
    return str(v)


def _int_column(s: pd.Series, name: str) -> pd.Series:
    import numpy as np
    import pandas as pd

    if s.dtype.kind == "b":
        raise ColumnError(name, "holds booleans; expected whole numbers of people")
    try:
        num = pd.to_numeric(s, errors="raise")
    except (ValueError, TypeError):
        bad = [v for v in s.dropna() if not _is_number(v)]
        v = bad[0] if bad else s.dropna().iloc[0]
        raise ColumnError(
            name, f"holds {v!r} ({type(v).__name__}); expected whole numbers of people"
        ) from None
    f = num.to_numpy(dtype="float64", na_value=np.nan)
    finite = ~np.isnan(f)
    if (f[finite] < 0).any():
        raise ColumnError(name, f"holds a negative count ({f[finite][f[finite] < 0][0]:g})")
    if np.isinf(f[finite]).any() or (f[finite] != np.floor(f[finite])).any():
        v = f[finite][(f[finite] != np.floor(f[finite])) | np.isinf(f[finite])][0]
        raise ColumnError(name, f"holds {v!r}; expected whole numbers of people")
    return pd.Series(pd.array(np.where(finite, f, np.nan), dtype="Int64"), index=s.index)


def _is_number(v: Any) -> bool:
    try:
        float(v)
    except (TypeError, ValueError):
        return False
    return not isinstance(v, bool)


def _date_column(s: pd.Series, name: str) -> pd.Series:
    import pandas as pd

    if s.dtype.kind == "M":
        d = s
    else:
        if s.dtype.kind in "iufb":
            raise ColumnError(name, f"holds numbers ({s.dtype}); expected dates")
        vals = s.astype(object).where(s.notna(), None)
        for v in vals:
            if v is None or isinstance(v, str | _dt.date):
                continue
            if hasattr(v, "to_pydatetime"):
                continue
            raise ColumnError(
                name, f"holds {v!r} ({type(v).__name__}); expected a date or ISO 8601 string"
            )
        try:
            d = pd.to_datetime(vals, errors="raise", format="ISO8601", utc=True)
        except (ValueError, TypeError) as exc:
            raise ColumnError(name, f"holds a value that is not an ISO 8601 date: {exc}") from None
    if getattr(d.dt, "tz", None) is not None:
        d = d.dt.tz_convert("UTC").dt.tz_localize(None)
    return d.dt.normalize().astype("datetime64[ns]")


def _category_column(s: pd.Series) -> pd.Series:
    import pandas as pd

    cat = _string_column(s, "category").str.strip().str.lower()
    cat = cat.replace(_CATEGORY_ALIASES)
    bad = cat.notna() & ~cat.isin(CATEGORIES)
    if bad.any():
        raise ColumnError(
            "category", f"holds {s[bad].iloc[0]!r}; expected one of {CATEGORIES}"
        )
    return cat.fillna("killed").astype(pd.StringDtype())


def _tuple_column(df: pd.DataFrame, name: str, *, fallback: pd.Series | None) -> pd.Series:
    import pandas as pd

    def to_tuple(v: Any) -> tuple[str, ...]:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return ()
        if isinstance(v, str):
            return (v,) if v.strip() else ()
        if isinstance(v, list | tuple | set | frozenset) or hasattr(v, "tolist"):
            items = v.tolist() if hasattr(v, "tolist") else list(v)
            if all(isinstance(x, str) for x in items):
                return tuple(items)
        raise ColumnError(name, f"holds {v!r}; expected a list of names")

    if name in df.columns:
        vals = df[name].astype(object)
        return pd.Series([to_tuple(v) for v in vals], index=df.index, dtype=object)
    if fallback is not None:
        fb = fallback.astype(object).where(fallback.notna(), None)
        return pd.Series([(v,) if v else () for v in fb], index=df.index, dtype=object)
    return pd.Series([()] * len(df), index=df.index, dtype=object)


def _hash_ids(df: pd.DataFrame) -> pd.Series:
    """Content-derived ids ("r" + 16 hex digits), independent of row order."""
    import numpy as np
    import pandas as pd

    keys = [
        c
        for c in (
            "doc_id", "source", "claimant", "publisher", "published", "category", "count",
            "low", "best", "high", "victims", "event_id", "date", "event_date", "location",
            "stance", "sentence", "start", "section",
        )
        if c in df.columns
    ]
    sub = df[keys].copy()
    for c in keys:
        if sub[c].dtype == object:
            sub[c] = sub[c].map(repr)
    h = pd.util.hash_pandas_object(sub, index=False).to_numpy(dtype=np.uint64)
    ids = [f"r{x:016x}" for x in h.tolist()]
    return pd.Series(ids, index=df.index, dtype="string")


def _unique_ids(ids: pd.Series) -> pd.Series:
    """Suffix repeated ids with -2, -3, ... so every row has its own id."""
    import pandas as pd

    dup = ids.duplicated(keep="first")
    if not dup.any():
        return ids.astype("string")
    occ = ids.groupby(ids, sort=False).cumcount() + 1
    new = ids.where(~dup, ids + "-" + occ.astype("string"))
    # A suffixed id could collide with a given one; repeat until unique (rare).
    if new.duplicated().any():
        return _unique_ids(new)
    return new.astype(pd.StringDtype())


def _finish(frame: pd.DataFrame) -> pd.DataFrame:
    """Order the columns and cast every one to its schema dtype."""
    import pandas as pd

    data: dict[str, Any] = {}
    for c, t in CLAIM_COLUMNS.items():
        col = frame[c] if c in frame.columns else pd.Series(pd.NA, index=frame.index)
        if t == "object":
            data[c] = col.astype(object)
        elif t.startswith("datetime64"):
            data[c] = pd.to_datetime(col).astype(t)
        else:
            data[c] = col.astype(t)
    return pd.DataFrame(data, index=pd.RangeIndex(len(frame)))
