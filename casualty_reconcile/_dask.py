"""Dask collections as inputs: detection without importing dask, and row-wise mapping.

pandas is the engine the library embeds; Dask (the ``dask`` extra) is the engine past one
machine (docs/scale.md). ``import casualty_reconcile`` never imports dask: an object is taken
for a Dask collection only when its type comes from a ``dask`` module, which means dask is
already imported by whoever made it, and then ``dask.is_dask_collection`` confirms it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from .errors import InputError

__all__ = ["is_dask_collection", "map_rows", "reject_progress"]


def is_dask_collection(obj: Any) -> bool:
    """Return True for a Dask collection (a dask DataFrame, Series, Array, Bag, ...).

    Never imports dask: an object of a type from a ``dask`` module exists only once dask
    has been imported.

    Examples
    --------
    >>> import pandas as pd
    >>> is_dask_collection(pd.Series(["five"]))
    False
    >>> is_dask_collection("five")
    False
    """
    module = type(obj).__module__ or ""
    if module != "dask" and not module.startswith("dask."):
        return False
    dask = sys.modules.get("dask")
    return bool(dask is not None and dask.is_dask_collection(obj))


def reject_progress(progress: bool, name: str) -> None:
    """Refuse ``progress=True`` for a lazy result: nothing runs until it is computed.

    A lazy Dask collection is computed later, by the caller, on workers that have no
    terminal: the bar then belongs to Dask (``dask.diagnostics.ProgressBar`` for the local
    schedulers, ``distributed.progress`` or the dashboard for a cluster).
    """
    if progress:
        raise InputError(
            f"{name}(progress=True) on a Dask collection: the result is lazy, so nothing "
            "runs here; show Dask's own progress when you compute it "
            "(dask.diagnostics.ProgressBar, or distributed.progress / the dashboard)",
            progress,
        )


def map_rows(obj: Any, fn: Callable[..., Any], **kwargs: Any) -> Any:
    """Apply the pandas function ``fn`` to each partition of ``obj``; return a lazy result.

    The meta (the empty frame Dask plans with) is ``fn`` applied to ``obj``'s own empty
    meta, so column names and dtypes are exactly what ``fn`` returns on real rows.
    """
    meta = fn(obj._meta, **kwargs)
    return obj.map_partitions(fn, meta=meta, **kwargs)
