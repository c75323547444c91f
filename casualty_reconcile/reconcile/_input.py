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

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from .._coerce import FIRST_DATE, LAST_DATE, coerce_date
from .._columns import CLAIM_COLUMNS
from .._types import CATEGORIES, KINDS, MAX_COUNT, PRECISIONS, STANCES, Claim
from ..errors import ColumnError, InputError, InputTypeError
from ._fast import (
    empty_tuples,
    factorize_strings,
    hash_columns,
    ids_from_hash,
    int64_array,
    obj_array,
    strings_from_codes,
)

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

    from ..lexicon import Lexicon

__all__ = ["empty_claims_frame", "id_hashes", "normalise_input", "shared_codes"]

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


def normalise_input(data: Any, *, lexicon: Lexicon | None = None,
                    factors: dict[str, Any] | None = None) -> pd.DataFrame:
    """Return ``data`` as a claims frame with exactly ``CLAIM_COLUMNS``, in input order.

    ``factors``, when given, receives the codes of the claims columns this step already
    factorised (see :func:`shared_codes`), so later steps need not hash them again.
    """
    import pandas as pd

    if isinstance(data, pd.DataFrame):
        cols = set(map(str, data.columns))
        if "text" in cols and not cols.intersection(_FIGURE_COLUMNS):
            return _from_documents(data, lexicon=lexicon)
        return _from_claims_frame(data, lexicon=lexicon, factors=factors)
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
    frame["claim_id"] = frame["claim_id"].astype("string")
    return _with_unique_ids(_finish({c: frame[c] for c in frame.columns}, len(frame)))


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


def shared_codes(claims: pd.DataFrame, column: str,
                 factors: dict[str, Any] | None) -> tuple[Any, Any] | None:
    """Return (codes, values) of ``claims[column]`` that :func:`normalise_input` made.

    Codes index the values (unsorted, -1 = missing; values may repeat); None when the
    column was not factorised or has been replaced since.
    """
    if not factors or column not in factors:
        return None
    token, codes, values = factors[column]
    if _arrow_of(claims[column]) is not token:
        return None
    return codes, values


def id_hashes(claims: pd.DataFrame, factors: dict[str, Any] | None,
              ) -> npt.NDArray[np.uint64] | None:
    """Return numbers that sort as ``claims["claim_id"]`` sorts as str, when known already.

    Known when :func:`normalise_input` made every id from its row's hash and none repeats
    (each id spells its hash, digits in ASCII order: the hashes), and the column has not
    been replaced since; else None.
    """
    if not factors or "claim_id" not in factors:
        return None
    token, hashes, _ = factors["claim_id"]
    if _arrow_of(claims["claim_id"]) is not token or len(hashes) != len(claims):
        return None
    return hashes  # type: ignore[no-any-return]


def _arrow_of(s: pd.Series) -> Any:
    """Return the Arrow data behind a string column (the same object while the column is)."""
    to_arrow = getattr(s.array, "__arrow_array__", None)
    return to_arrow() if to_arrow is not None else None


def _from_claims_frame(df: pd.DataFrame, *, lexicon: Lexicon | None,
                       factors: dict[str, Any] | None = None) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    df = df.rename(columns=str)
    repeated = df.columns[df.columns.duplicated()]
    if len(repeated):
        # df[name] would be a frame, not a column: refuse before any column is read
        raise ColumnError(str(repeated[0]), "appears more than once")
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
    na_str = pd.Series(strings_from_codes(np.full(n, -1), []))
    nat = pd.Series(np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]"))

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
    if "claimant" in cols or "publisher" in cols:
        src = src.fillna(out["claimant"]).fillna(out["publisher"])
    out["source"] = src
    # Codes of the input's columns, computed once: for content ids and for grouping.
    coded: dict[str, tuple[Any, Any]] = {}
    out["published"] = (_date_column(df["published"], "published", coded) if "published" in cols
                        else nat)
    date_col = "event_date" if "event_date" in cols else ("date" if "date" in cols else None)
    out["event_date"] = _date_column(df[date_col], date_col, coded) if date_col else nat
    prec = text("event_date_precision", "date_precision")
    _check_values(prec, PRECISIONS, "event_date_precision")
    has_date = out["event_date"].notna()
    if has_date.any():
        prec = prec.where(has_date).fillna(
            pd.Series(strings_from_codes(np.where(has_date, 0, -1), ["day"]))
        )
    else:
        prec = na_str
    out["event_date_precision"] = prec
    if "category" in cols:
        out["category"], cat_codes = _category_column(df["category"], coded)
    else:
        cat_codes = (np.zeros(n, dtype=np.int64), ["killed"])
        out["category"] = pd.Series(strings_from_codes(*cat_codes))
    stance = text("stance")
    _check_values(stance, STANCES, "stance")
    out["stance"] = (stance.fillna("reported") if stance.notna().any()
                     else pd.Series(strings_from_codes(np.zeros(n, dtype=np.int64), ["reported"])))
    out["victims"] = text("victims")
    out["location"] = text("location")
    out["places"] = _tuple_column(df, "places")
    out["actors"] = _tuple_column(df, "actors")
    out["sentence"] = text("sentence")
    out["count_text"] = text("count_text")
    for c in ("start", "end"):
        out[c] = _int_column(df[c], c) if c in cols else pd.Series(int64_array(
            np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool)))
    reason = text("reason")

    low, best, high, kind, ctext, why = _figures(df, cols, lexicon=lexicon)
    if "kind" in cols:
        kind = text("kind").fillna(kind)
        _check_values(kind, KINDS, "kind")
    if ctext is not None:
        out["count_text"] = out["count_text"].fillna(ctext)
    if why is not None:
        reason = reason.fillna(why)
    placeholder = reason.notna().to_numpy()
    if placeholder.any():
        low, best, high = (pd.Series(x).mask(placeholder) for x in (low, best, high))
        kind = kind.mask(placeholder)
    out["low"], out["best"], out["high"], out["kind"] = low, best, high, kind
    out["reason"] = reason

    if "claim_id" in cols:
        ids = _string_column(df["claim_id"], "claim_id")
        missing = ids.isna().to_numpy()
        if missing.any():
            ids = ids.fillna(_hash_ids(df, coded).where(missing))
        out["claim_id"] = ids
        distinct = None
    else:
        h = hash_columns(df, [c for c in _ID_COLUMNS if c in df.columns], coded)
        out["claim_id"] = ids_from_hash(h)
        # An id spells its hash (13 base-32 digits hold all 64 bits): the ids repeat only
        # where the hashes do, which a sort of the hashes tells faster than the strings.
        distinct = not bool((np.diff(np.sort(h)) == 0).any())
    frame = _with_unique_ids(_finish(out, n), distinct=distinct)
    if factors is not None and distinct:
        # The digits are in ASCII order and of one width, so the order of the hashes is
        # the order of the ids as strings: kept for the conflicts, which sort ids.
        factors["claim_id"] = (_arrow_of(frame["claim_id"]), h, None)
    if factors is not None:
        shared = {"category": cat_codes}
        for c in ("event_id", "victims", *(() if "claimant" in cols or "publisher" in cols
                                           else ("source",))):
            if c in coded:  # the claims column holds the input column's values
                shared[c] = coded[c]
        for c, (codes, values) in shared.items():
            factors[c] = (_arrow_of(frame[c]), codes, values)
    return frame


def _check_values(s: pd.Series, allowed: tuple[str, ...], name: str) -> None:
    """Raise ColumnError naming the first value of ``s`` outside ``allowed``."""
    if s.isna().all():
        return
    bad = s.notna() & ~s.isin(allowed)
    if bad.any():
        raise ColumnError(name, f"holds {s[bad].iloc[0]!r}; expected one of {allowed}")


def _figures(
    df: pd.DataFrame, cols: set[str], *, lexicon: Lexicon | None
) -> tuple[Any, Any, Any, pd.Series, pd.Series | None, pd.Series | None]:
    """Return low, best, high (Int64 arrays, high NA = open), kind, count text and reason."""
    import numpy as np
    import pandas as pd

    n = len(df)

    def column(name: str) -> tuple[Any, Any]:
        if name in cols:
            return _whole_numbers(df[name], name)
        return np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool)

    # Exact int64 values and missing masks, never floats: a figure up to MAX_COUNT (10**18)
    # is kept to the unit (float64 would round anything above 2**53).
    lo, lo_na = column("low")
    be, be_na = column("best")
    has_high_col = "high" in cols
    hi, hi_na = column("high")
    numeric = ~lo_na | ~be_na
    be = np.where(be_na, lo, be)
    lo = np.where(lo_na, be, lo)
    if not has_high_col:
        hi, hi_na = be.copy(), ~numeric
    hi, hi_na = hi.copy(), hi_na.copy()
    # Out-of-order figures are repaired, not rejected: the three values, sorted (the repair
    # IHME's UCDP ingest makes by hand; methodology-anchors.md section 8). An open high
    # sorts last (MAX_COUNT + 1 stands for it: above every accepted figure).
    hi_x = np.where(hi_na, MAX_COUNT + 1, hi)
    fix = numeric & ((lo > be) | (be > hi_x))
    if fix.any():
        srt = np.sort(np.stack([lo[fix], be[fix], hi_x[fix]]), axis=0)
        lo[fix], be[fix] = srt[0], srt[1]
        hi_na[fix] = srt[2] > MAX_COUNT
        hi[fix] = np.where(srt[2] > MAX_COUNT, 0, srt[2])
    open_hi = numeric & hi_na
    kind_code = np.where((lo == hi) & ~hi_na, 0, np.where(open_hi, 2, 1))
    texts = np.full(n, None, dtype=object) if "count" in cols else None
    reason = None

    if "count" in cols:
        phrases = _string_column(df["count"], "count")
        todo = ~numeric & phrases.notna().to_numpy()
        if todo.any():
            from ..counts import parse_count

            codes, uniq = pd.factorize(phrases[todo])
            parsed = [parse_count(str(p), lexicon=lexicon) for p in uniq]
            ok_u = np.array([e is not None for e in parsed], dtype=bool)
            rows = np.flatnonzero(todo)
            ok = ok_u[codes]
            lo_u = np.array([e.low if e else 0 for e in parsed], dtype=np.int64)
            be_u = np.array([e.best if e else 0 for e in parsed], dtype=np.int64)
            hi_u = np.array([0 if (e is None or e.high is None) else e.high
                             for e in parsed], dtype=np.int64)
            hi_na_u = np.array([e is None or e.high is None for e in parsed], dtype=bool)
            kind_u = np.array([KINDS.index(e.kind) + 10 if e else 0 for e in parsed])
            text_u = np.array([e.text if e else None for e in parsed], dtype=object)
            good = rows[ok]
            lo[good], be[good], hi[good] = lo_u[codes[ok]], be_u[codes[ok]], hi_u[codes[ok]]
            hi_na[good] = hi_na_u[codes[ok]]
            kind_code[good] = kind_u[codes[ok]]
            texts[good] = text_u[codes[ok]]  # type: ignore[index]
            numeric[good] = True
            bad = rows[~ok]
            if len(bad):
                why = np.full(n, None, dtype=object)
                why[bad] = [f"count phrase not understood: {p!r}" for p in uniq[codes[~ok]]]
                reason = pd.Series(pd.array(why, dtype="string"))
        given = obj_array(phrases.where(pd.Series(numeric)))
        texts = np.where(pd.isna(cast(Any, texts)), given, cast(Any, texts))
    missing = ~numeric
    if reason is not None:
        missing &= reason.isna().to_numpy()
    if missing.any():
        why2 = np.full(n, None, dtype=object)
        why2[missing] = "no figure: count, low, best and high are all missing"
        extra = pd.Series(pd.array(why2, dtype="string"))
        reason = extra if reason is None else reason.fillna(extra)
    labels = ["exact", "range", "lower_bound", "", "", "", "", "", "", "", *KINDS]
    kind = pd.Series(strings_from_codes(np.where(numeric, kind_code, -1), labels))
    low = int64_array(lo, ~numeric)
    best = int64_array(be, ~numeric)
    high = int64_array(hi, ~numeric | hi_na)
    ctext = None if texts is None else pd.Series(pd.array(texts, dtype="string"))
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
    import pandas as pd

    values, missing = _whole_numbers(s, name)
    return pd.Series(int64_array(values, missing), index=s.index)


def _whole_numbers(
    s: pd.Series, name: str
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Return counts as exact int64 values (0 where missing) and the missing mask.

    Checked to be whole numbers from 0 to ``MAX_COUNT``: a figure above the ceiling is a
    ColumnError, never a rounded or wrapped number.
    """
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
    # A copy: the caller repairs figures in place, and must not touch the input's.
    f = np.array(num.to_numpy(dtype="float64", na_value=np.nan), dtype="float64", copy=True)
    negative = f < 0  # NaN compares False
    if negative.any():
        raise ColumnError(name, f"holds a negative count ({f[negative][0]:g})")
    integer = pd.api.types.is_integer_dtype(num.dtype)  # numpy and nullable integer dtypes
    if not integer:
        with np.errstate(invalid="ignore"):
            bad = np.isinf(f) | ((np.floor(f) != f) & ~np.isnan(f))
        if bad.any():
            raise ColumnError(name, f"holds {f[bad][0]!r}; expected whole numbers of people")
    missing = np.isnan(f)
    over = f > float(MAX_COUNT)  # catches what int64 cannot hold, before any cast
    if not over.any():
        if integer:
            ints = num.to_numpy(dtype="int64", na_value=0)  # exact, never through float
        elif num.dtype.kind == "O":
            ints = np.array([0 if m else int(v) for v, m in zip(num, missing, strict=True)],
                            dtype=np.int64)
        else:
            ints = np.where(missing, 0.0, f).astype(np.int64)
        over = ints > MAX_COUNT
        if not over.any():
            return np.array(ints, dtype=np.int64, copy=True), missing
    v = num[over].iloc[0] if hasattr(num, "iloc") else f[over][0]
    shown = f"{v:g}" if isinstance(v, float | np.floating) else str(int(v))
    raise ColumnError(
        name, f"holds {shown}, above the ceiling of {MAX_COUNT:,} people (casualty_reconcile."
        "MAX_COUNT)"
    )



def _is_number(v: Any) -> bool:
    try:
        float(v)
    except (TypeError, ValueError):
        return False
    return not isinstance(v, bool)


def _date_column(s: pd.Series, name: str,
                 coded: dict[str, tuple[Any, Any]] | None = None) -> pd.Series:
    """Return days (``datetime64[ns]`` at midnight, UTC) read by extraction's own rule.

    Every distinct value goes through :func:`~casualty_reconcile._coerce.coerce_date`, so a
    date the claims stage accepts is accepted here and one it refuses is refused here.
    For a column of objects, its codes and distinct values go into ``coded[name]`` (the
    content ids hash the same values: :func:`._fast.hash_columns`).
    """
    import numpy as np
    import pandas as pd

    if s.dtype.kind == "M":
        d = s
        if getattr(d.dt, "tz", None) is not None:
            d = d.dt.tz_convert("UTC").dt.tz_localize(None)
        d = d.dt.normalize()
        # another unit (pandas 3 reads 1500-01-01 as datetime64[s]) may hold days the
        # nanosecond frames cannot: the same range as coerce_date, checked before the cast
        lo, hi = d.min(), d.max()
        if pd.notna(lo) and (lo < pd.Timestamp(FIRST_DATE) or hi > pd.Timestamp(LAST_DATE)):
            bad = lo if lo < pd.Timestamp(FIRST_DATE) else hi
            raise ColumnError(name, f"holds {bad.date().isoformat()}, outside the dates the "
                              f"library handles ({FIRST_DATE} to {LAST_DATE})")
        out: pd.Series = d.astype("datetime64[ns]")
        return out
    if s.dtype.kind in "iufb":
        raise ColumnError(name, f"holds numbers ({s.dtype}); expected dates")
    try:
        codes, uniques = pd.factorize(s.astype(object), use_na_sentinel=True)
    except TypeError:
        v = next(v for v in s if not pd.api.types.is_hashable(v))
        raise ColumnError(
            name, f"holds {v!r} ({type(v).__name__}); expected a date or ISO 8601 string"
        ) from None
    days: list[Any] = []
    for v in uniques:
        try:
            day = coerce_date(v, name=name)
        except InputTypeError:
            raise ColumnError(
                name, f"holds {v!r} ({type(v).__name__}); expected a date or ISO 8601 string"
            ) from None
        except InputError as exc:
            raise ColumnError(name, exc.message) from None
        days.append(np.datetime64("NaT") if day is None else np.datetime64(day, "D"))
    days.append(np.datetime64("NaT"))  # code -1 (missing) picks the last
    if coded is not None and s.dtype == object:
        coded[name] = (codes, uniques)
    table = np.array(days, dtype="datetime64[D]").astype("datetime64[ns]")
    return pd.Series(table[codes], index=s.index)



def _category_column(s: pd.Series, coded: dict[str, tuple[Any, Any]],
                     ) -> tuple[pd.Series, tuple[Any, list[str]]]:
    """Return the categories, and their codes into the (repeating) category names."""
    import numpy as np
    import pandas as pd

    if isinstance(s.dtype, pd.StringDtype):
        codes, uniq = coded["category"] = factorize_strings(s)
    else:
        codes, uniq = pd.factorize(_string_column(s, "category"))
    mapped: list[str] = []
    for u in uniq:
        v = str(u).strip().lower()
        v = _CATEGORY_ALIASES.get(v, v)
        if v not in CATEGORIES:
            raise ColumnError("category", f"holds {u!r}; expected one of {CATEGORIES}")
        mapped.append(v)
    # code -1 (missing): the default
    labelled: tuple[Any, list[str]] = (np.where(codes < 0, len(mapped), codes),
                                       [*mapped, "killed"])
    return pd.Series(strings_from_codes(*labelled)), labelled


def _tuple_column(df: pd.DataFrame, name: str) -> pd.Series:
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
        return pd.Series([to_tuple(v) for v in vals], dtype=object)
    return pd.Series(empty_tuples(len(df)), dtype=object)


#: Columns that make a row's content id (whichever are present).
_ID_COLUMNS = (
    "doc_id", "source", "claimant", "publisher", "published", "category", "count",
    "low", "best", "high", "victims", "event_id", "date", "event_date", "location",
    "stance", "sentence", "start", "section",
)


def _hash_ids(df: pd.DataFrame, coded: dict[str, tuple[Any, Any]]) -> pd.Series:
    """Content-derived ids ("r" + 13 base-32 characters), independent of row order.

    ``coded`` holds the codes of string columns already factorised, and receives those made
    here. Rows with the same content get the same id; :func:`_with_unique_ids` tells them
    apart.
    """
    h = hash_columns(df, [c for c in _ID_COLUMNS if c in df.columns], coded)
    return ids_from_hash(h)


def _with_unique_ids(frame: pd.DataFrame, *, distinct: bool | None = None) -> pd.DataFrame:
    """Suffix repeated claim ids with -2, -3, ... so every row has its own id.

    Which row of a repeated id gets which suffix is decided by the row's whole claim (every
    claims column: places, actors, figures, text), never by its position, so shuffling the
    input gives every claim the same id (and the inferred event named after it the same
    name). Rows equal in every column are interchangeable, so their order cannot matter.
    ``distinct`` is whether the ids are known to be distinct already (None: look).
    """
    ids = frame["claim_id"]
    if distinct or (distinct is None and not ids.duplicated().any()):
        return frame
    content = hash_columns(frame, [c for c in frame.columns if c != "claim_id"])
    frame["claim_id"] = _unique_ids(ids, content)
    return frame


def _unique_ids(ids: pd.Series, content: npt.NDArray[np.uint64]) -> pd.Series:
    """Return ``ids`` with repeats suffixed ``-2``, ``-3``, ... in order of ``content``.

    In each group of equal ids an id as given comes before a suffixed one, then rows sort by
    ``content``: the row with the smallest content hash keeps the id. A suffixed id that
    meets a given one ("x" twice and "x-2") is suffixed again, so the given id keeps its own.
    """
    import numpy as np
    import pandas as pd

    cur = ids.astype(object).to_numpy(copy=True)
    suffixed = np.zeros(len(cur), dtype=bool)
    while True:
        codes, _ = pd.factorize(cur)
        order = np.lexsort((content, suffixed, codes))  # last key sorts first
        sc = codes[order]
        starts = np.r_[True, sc[1:] != sc[:-1]]
        first = np.maximum.accumulate(np.where(starts, np.arange(len(sc)), 0))
        occ = np.empty(len(cur), dtype=np.int64)
        occ[order] = np.arange(len(sc)) - first
        dup = occ > 0
        if not dup.any():
            return pd.Series(pd.array(cur, dtype="string"), index=ids.index)
        cur[dup] = [f"{v}-{k + 1}" for v, k in zip(cur[dup], occ[dup].tolist(), strict=True)]
        suffixed |= dup


def _finish(data: dict[str, Any], n: int) -> pd.DataFrame:
    """Order the columns and cast every one to its schema dtype (no copy when it has it)."""
    import pandas as pd

    out: dict[str, Any] = {}
    for c, t in CLAIM_COLUMNS.items():
        col = data.get(c)
        if col is None:
            col = pd.Series([None] * n, dtype=object)
        col = pd.Series(col) if not isinstance(col, pd.Series) else col.reset_index(drop=True)
        if t == "object":
            out[c] = col if col.dtype == object else col.astype(object)
        elif str(col.dtype) == t:
            out[c] = col
        elif t.startswith("datetime64"):
            out[c] = pd.to_datetime(col).astype(cast(Any, t))
        else:
            out[c] = col.astype(cast(Any, t))
    return pd.DataFrame(out, index=pd.RangeIndex(n), copy=False)
