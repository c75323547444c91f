"""Coercion of user-supplied values shared by the claims and reconcile stages."""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any

from .errors import InputError, InputTypeError

__all__ = ["coerce_date"]


def coerce_date(value: Any, *, name: str = "published") -> _dt.date | None:
    """Return ``value`` as a :class:`datetime.date`, or ``None`` for a missing value.

    Accepts a ``datetime.date``, a ``datetime.datetime``, a pandas ``Timestamp`` (any object
    with ``to_pydatetime``), or an ISO 8601 string ("2018-02-08", "2018-02-08T10:00:00Z").
    ``None``, NaN, ``pandas.NaT`` and the empty string are missing.

    Raises
    ------
    InputError
        A string that is not ISO 8601 (the message names the value).
    InputTypeError
        Any other type.

    Examples
    --------
    >>> coerce_date("2018-02-08")
    datetime.date(2018, 2, 8)
    >>> coerce_date(None) is None
    True
    """
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str):
        s = value.strip()
        if not s:
            return None
        try:
            return _dt.date.fromisoformat(s[:10]) if len(s) > 10 else _dt.date.fromisoformat(s)
        except ValueError:
            try:
                return _dt.datetime.fromisoformat(s.replace("Z", "+00:00")).date()
            except ValueError:
                raise InputError(
                    f"{name}={value!r} is not an ISO 8601 date (e.g. '2018-02-08')", value
                ) from None
    to_py = getattr(value, "to_pydatetime", None)
    if callable(to_py):
        if str(value) == "NaT":
            return None
        d = to_py()
        if isinstance(d, _dt.datetime):
            return d.date()
    raise InputTypeError(
        f"{name}={value!r} must be a date, datetime, pandas Timestamp or ISO 8601 string, "
        f"not {type(value).__name__}",
        value,
    )
