"""A pause of Python's cycle collector around extraction and alignment.

One counter for the whole package, so that extraction and alignment running at once in two
threads restore the collector once, as the first of them found it.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

__all__ = ["no_cycle_collection"]

_GC_LOCK = threading.Lock()
#: How many pauses run now, and whether the collector was on when the first began.
_GC_STATE = {"holders": 0, "was_enabled": 0}


@contextlib.contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while claims are extracted or aligned.

    Both make many short-lived tuples, lists, sets and dict entries and no garbage cycles (a
    collection after extracting the real headlines with the collector off finds 0
    unreachable objects), and keep them until the frame or the alignment is built: the
    collector walked them at each collection -- 5% of ``extract_claims_frame`` over the 1 MB
    of real headlines, and in alignment a cost growing with the corpus (100k claims took 15x
    the time of 10k instead of 12x, 0.6 s of 2.5 s). Reference counting frees memory as
    usual; the collector is restored as it was, also when several threads run at once or
    one call runs inside another (the last one out restores it).

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
