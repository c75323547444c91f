"""Coercion of user-supplied values shared by the claims and reconcile stages.

One rule reads a date wherever a caller hands one in (``extract_claims(published=...)``, the
``published`` column of a documents frame, the date columns of a claims frame), so a value
one stage accepts the other never refuses.
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any

from .errors import InputError, InputTypeError

__all__ = ["FIRST_DATE", "LAST_DATE", "coerce_date", "is_missing"]

#: The dates the library handles. The frames store days as pandas' nanosecond timestamps,
#: which span 1677-09-21 to 2262-04-11 (pandas "Timestamp limitations"); whole years inside
#: that span, so a date one stage accepts the next can always store.
FIRST_DATE = _dt.date(1678, 1, 1)
LAST_DATE = _dt.date(2261, 12, 31)

_MISSING_TYPES = ("NaTType", "NAType")


def is_missing(value: Any) -> bool:
    """Return whether ``value`` is a missing scalar: None, NaN, ``pandas.NaT``/``NA``.

    A ``numpy.datetime64('NaT')`` is missing too. pandas is not imported.

    Examples
    --------
    >>> is_missing(None), is_missing(float("nan")), is_missing("2018-02-08")
    (True, True, False)
    """
    if value is None:
        return True
    if isinstance(value, float):  # numpy.float64 is a float
        return math.isnan(value)
    name = type(value).__name__
    if name in _MISSING_TYPES:
        return True
    if name in ("datetime64", "timedelta64", "floating", "float32", "float16"):
        return bool(value != value)  # NaT and NaN are the values unequal to themselves
    return False


def coerce_date(value: Any, *, name: str = "published") -> _dt.date | None:
    """Return ``value`` as a :class:`datetime.date`, or ``None`` for a missing value.

    Accepts a ``datetime.date``, a ``datetime.datetime``, a pandas ``Timestamp``, a
    ``numpy.datetime64``, or a string that is ISO 8601 as a whole ("2018-02-08",
    "2018-02-08T10:00:00Z", "20180208"). A time zone is converted to UTC before the day is
    taken, as the frames store days in UTC. ``None``, NaN, ``pandas.NaT``, ``pandas.NA``
    and a blank string are missing.

    Raises
    ------
    InputError
        A string that is not ISO 8601 as a whole, or a date before :data:`FIRST_DATE` or
        after :data:`LAST_DATE` (the message names the value).
    InputTypeError
        Any other type.

    Examples
    --------
    >>> coerce_date("2018-02-08")
    datetime.date(2018, 2, 8)
    >>> coerce_date("2018-02-07T22:00:00-05:00")
    datetime.date(2018, 2, 8)
    >>> coerce_date(None) is None
    True
    >>> coerce_date("2018-02-08garbage")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    casualty_reconcile.errors.InputError: published='2018-02-08garbage' is not an ISO 8601 ...
    """
    if is_missing(value):
        return None
    day: _dt.date | None
    if isinstance(value, _dt.datetime):
        day = _utc_day(value)
    elif isinstance(value, _dt.date):
        day = value
    elif isinstance(value, str):
        s = value.strip()
        if not s:
            return None
        day = _iso_day(s, value, name)
    elif type(value).__name__ == "datetime64":
        day = _datetime64_day(value)
    else:
        raise InputTypeError(
            f"{name}={value!r} must be a date, datetime, pandas Timestamp or ISO 8601 string, "
            f"not {type(value).__name__}",
            value,
        )
    if day is None or not FIRST_DATE <= day <= LAST_DATE:
        raise InputError(
            f"{name}={value!r} is outside the dates the library handles "
            f"({FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()})",
            value,
        )
    return day


def _utc_day(d: _dt.datetime) -> _dt.date | None:
    if d.tzinfo is not None and d.utcoffset() is not None:
        try:
            d = d.astimezone(_dt.UTC)
        except OverflowError:  # 0001-01-01T00:00+01:00: before datetime.min in UTC
            return None
    return d.date()


def _iso_day(s: str, value: str, name: str) -> _dt.date | None:
    # datetime.fromisoformat reads every ISO 8601 form Python knows (3.11: dates, basic
    # and week dates, times, "Z" and offsets) and refuses trailing text, so the whole
    # string must be a date; a date-only form is tried first for the error-free path.
    try:
        return _dt.date.fromisoformat(s)
    except ValueError:
        pass
    try:
        return _utc_day(_dt.datetime.fromisoformat(s))
    except ValueError:
        raise InputError(
            f"{name}={value!r} is not an ISO 8601 date (e.g. '2018-02-08')", value
        ) from None


def _datetime64_day(value: Any) -> _dt.date | None:
    day = value.astype("datetime64[D]").item()  # an int for years outside datetime's 1..9999
    return day if isinstance(day, _dt.date) else None
