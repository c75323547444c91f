"""Progress bars on stderr for long runs (``progress=True``; the ``progress`` extra).

A bar is drawn by tqdm when it is installed (``pip install 'casualty_reconcile[progress]'``).
Without tqdm, ``progress=True`` warns once per call, naming the extra, and falls back to a
plain counter on stderr: a progress display is never worth failing a long run for
(docs/scale.md, "Progress"). With ``progress=False`` (the default everywhere in the API)
nothing is imported and nothing is written.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import warnings
from typing import Any

from .errors import InputTypeError

__all__ = ["Bar", "add_progress_flags", "check_progress", "cli_progress", "progress_bar"]

#: The message of the warning given when tqdm is missing.
MISSING_TQDM = (
    "progress=True draws its bar with tqdm, which is not installed; install the extra "
    "with `pip install 'casualty_reconcile[progress]'`. Showing a plain counter instead."
)


def check_progress(progress: Any) -> bool:
    """Return ``progress`` if it is a bool; raise :class:`InputTypeError` otherwise.

    Examples
    --------
    >>> check_progress(False)
    False
    >>> check_progress("yes")
    Traceback (most recent call last):
    ...
    casualty_reconcile.errors.InputTypeError: progress= must be True or False, not 'yes'
    """
    if not isinstance(progress, bool):
        raise InputTypeError(f"progress= must be True or False, not {progress!r}", progress)
    return progress


class Bar:
    """A progress display: a tqdm bar, a plain stderr counter, or nothing.

    Use as a context manager; :meth:`update` advances it by ``n`` steps.

    Examples
    --------
    >>> with progress_bar(3, "steps", enabled=False) as bar:
    ...     bar.update(3)
    >>> bar.n
    3
    """

    def __init__(self, total: int | None, desc: str, unit: str, enabled: bool) -> None:
        self.n = 0
        self.total = total
        self.desc = desc
        self._tqdm: Any = None
        self._plain = False
        if not enabled:
            return
        try:
            tqdm = importlib.import_module("tqdm").tqdm
        except ImportError:
            warnings.warn(MISSING_TQDM, RuntimeWarning, stacklevel=3)
            self._plain = True
            self._step = max(1, (total or 100) // 100)
            self._show()
            return
        # stderr explicitly: stdout may be the data (`extract ... > claims.jsonl`).
        self._tqdm = tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, leave=False,
                          dynamic_ncols=True)

    def _show(self, end: str = "") -> None:
        total = "?" if self.total is None else str(self.total)
        print(f"\r{self.desc}: {self.n}/{total}", end=end, file=sys.stderr, flush=True)

    def update(self, n: int = 1) -> None:
        """Advance by ``n`` steps."""
        before = self.n
        self.n += n
        if self._tqdm is not None:
            self._tqdm.update(n)
        elif self._plain and (self.n // self._step != before // self._step):
            self._show()

    def set_description(self, desc: str) -> None:
        """Name the step under way."""
        self.desc = desc
        if self._tqdm is not None:
            self._tqdm.set_description(desc, refresh=True)

    def close(self) -> None:
        """Remove the bar (or end the counter's line)."""
        if self._tqdm is not None:
            self._tqdm.close()
            self._tqdm = None
        elif self._plain:
            self._show(end="\n")
            self._plain = False

    def __enter__(self) -> Bar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def progress_bar(total: int | None, desc: str, *, unit: str = "it",
                 enabled: bool = True) -> Bar:
    """Return a :class:`Bar` of ``total`` steps (``None``: unknown), silent unless ``enabled``.

    Examples
    --------
    >>> with progress_bar(2, "reconciling", enabled=False) as bar:
    ...     for _ in range(2):
    ...         bar.update()
    >>> (bar.n, bar.total)
    (2, 2)
    """
    return Bar(total, desc, unit, enabled)


def cli_progress(flag: bool | None) -> bool:
    """Return whether the command line shows progress.

    ``--progress`` / ``--no-progress`` decide; without either, progress is on when stderr
    is a terminal and tqdm is installed, so a pipe, a log file or CI gets nothing.

    Examples
    --------
    >>> cli_progress(False), cli_progress(True)
    (False, True)
    """
    if flag is not None:
        return flag
    if not (hasattr(sys.stderr, "isatty") and sys.stderr.isatty()):
        return False
    return importlib.util.find_spec("tqdm") is not None


def add_progress_flags(parser: Any) -> None:
    """Add ``--progress`` / ``--no-progress`` to a subcommand's parser."""
    import argparse

    parser.add_argument(
        "--progress", action=argparse.BooleanOptionalAction, default=None,
        help="show progress bars on stderr (default: when stderr is a terminal and tqdm, "
             "the 'progress' extra, is installed)")
