"""The library's exception family.

Every error the library raises on purpose derives from :class:`CasualtyReconcileError` and
also from the builtin it resembles, so ``except ValueError`` in a caller keeps working
(the shape pint uses for ``PintError``). Each stores its structured fields and pickles, so
errors cross Dask or multiprocessing worker boundaries intact.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "CasualtyReconcileError",
    "ColumnError",
    "InputError",
    "InputTypeError",
    "LexiconError",
]


class CasualtyReconcileError(Exception):
    """Base class of every error raised by casualty_reconcile."""


class InputError(ValueError, CasualtyReconcileError):
    """A value of the right type that the library cannot read.

    Examples: bytes-like content in a string, control characters, text over the size
    limit, a date string that is not ISO 8601.
    """

    def __init__(self, message: str, value: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.value = value

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.message, self.value))


class InputTypeError(TypeError, CasualtyReconcileError):
    """A value of a type the function does not accept (e.g. ``bytes`` or ``int`` for text)."""

    def __init__(self, message: str, value: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.value = value

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.message, self.value))


class ColumnError(KeyError, CasualtyReconcileError):
    """A DataFrame lacks a required column, or a column holds values of the wrong type."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(column, message)
        self.column = column
        self.message = message

    def __str__(self) -> str:
        return f"column {self.column!r}: {self.message}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.column, self.message))


class LexiconError(ValueError, CasualtyReconcileError):
    """A lexicon file or entry is malformed; the message names the file and the key."""

    def __init__(self, path: str, key: str, message: str) -> None:
        super().__init__(f"{path}: [{key}] {message}")
        self.path = path
        self.key = key
        self.message = message

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.path, self.key, self.message))
