"""A pause of Python's cycle collector around extraction (see :func:`no_cycle_collection`)."""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

__all__ = ["no_cycle_collection"]

_GC_LOCK = threading.Lock()
#: How many extractions run now, and whether the collector was on when the first began.
_GC_STATE = {"holders": 0, "was_enabled": 0}


@contextlib.contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while claims are extracted.

    Extraction makes many short-lived tuples and lists and no garbage cycles (a collection
    after extracting the real headlines with the collector off finds 0 unreachable
    objects), and a frame keeps every claim and row until it is built: the collector walked
    them at each collection, 0.06 s of 1.14 s for ``extract_claims_frame`` over the 1 MB of
    real headlines (5%), and 0.014-0.06 s for ``extract_claims`` document by document.
    Reference counting frees memory as usual; the collector is restored as it was, also
    when several threads extract at once or one call runs inside another (the last one out
    restores it). The same pause as alignment's (``reconcile/_align.py``), kept here:
    claims/ does not import reconcile/.

    Examples
    --------
    >>> import gc
    >>> with no_cycle_collection():
    ...     gc.isenabled()
    False
    """
    with _GC_LOCK:
        if _GC_STATE["holders"] == 0:
            _GC_STATE["was_enabled"] = int(gc.isenabled())
            gc.disable()
        _GC_STATE["holders"] += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _GC_STATE["holders"] -= 1
            if _GC_STATE["holders"] == 0 and _GC_STATE["was_enabled"]:
                gc.enable()
