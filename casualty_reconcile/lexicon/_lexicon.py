"""Loading, layering and validating the lexicon: the library's vocabulary as data.

A lexicon is a set of *sections* (``numbers``, ``hedges``, ``vague``, ``not_counts``,
``casualty``, ``presets``), each a table of named entries. The shipped files in
``lexicon/data/`` make the default; a user file (TOML, same shape) is layered over it with
:func:`load_lexicon`. A user file may add entries freely; redefining a shipped entry needs
``override = true`` at the top of the file, so a typo cannot silently replace a calibrated
interval (the same guard pint offers with ``on_redefinition="raise"``).

Every entry is validated when loaded; a broken one raises :class:`LexiconError` naming the
file and the key. Artefacts built from a lexicon (compiled patterns, lookup tables) are
cached on the :class:`Lexicon` object, so each is built once per lexicon, never at import.
"""

from __future__ import annotations

import copy
import functools
import threading
import tomllib
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from ..errors import InputTypeError, LexiconError
from ._schema import SECTION_VALIDATORS

__all__ = ["Lexicon", "LexiconLike", "default_lexicon", "load_lexicon", "resolve_lexicon"]

T = TypeVar("T")

#: The shipped data files, in load order. ``multipliers.txt`` (pint definitions) is read by
#: ``_units.py``, not here.
SHIPPED_FILES: tuple[str, ...] = (
    "numbers_en.toml",
    "hedges_en.toml",
    "roundness_en.toml",
    "people_en.toml",
    "victims_en.toml",
    "vague_en.toml",
    "not_counts_en.toml",
    "casualty_en.toml",
    "presets/acled.toml",
    "presets/ucdp.toml",
)


class Lexicon:
    """A validated, layered vocabulary.

    Build one with :func:`default_lexicon` or :func:`load_lexicon`; pass it as ``lexicon=``
    to any entry point. Treat it as immutable: compiled artefacts are cached on it.

    Examples
    --------
    >>> lex = default_lexicon()
    >>> lex.section("vague")["several"]["low"] >= 2
    True
    """

    __slots__ = ("_cache", "_lock", "origins", "sections")

    def __init__(
        self,
        sections: Mapping[str, Mapping[str, Any]],
        origins: Mapping[tuple[str, str], str],
    ) -> None:
        self.sections: dict[str, dict[str, Any]] = {k: dict(v) for k, v in sections.items()}
        #: (section, key) -> file the entry came from, for error messages and provenance.
        self.origins: dict[tuple[str, str], str] = dict(origins)
        self._cache: dict[str, Any] = {}
        self._lock = threading.Lock()

    def section(self, name: str) -> dict[str, Any]:
        """Return the entries of one section (an empty dict when absent)."""
        return self.sections.get(name, {})

    def origin(self, section: str, key: str) -> str:
        """Return the file an entry was loaded from."""
        return self.origins.get((section, key), "<unknown>")

    def cached(self, name: str, build: Callable[[Lexicon], T]) -> T:
        """Return the artefact ``name``, building it with ``build(self)`` on first use."""
        try:
            return self._cache[name]  # type: ignore[no-any-return]
        except KeyError:
            pass
        with self._lock:
            if name not in self._cache:
                self._cache[name] = build(self)
            return self._cache[name]  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        sizes = ", ".join(f"{k}={len(v)}" for k, v in sorted(self.sections.items()))
        return f"Lexicon({sizes})"


def _read_toml(path: str, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(path, "<file>", f"not valid TOML: {exc}") from None


def _layer(
    sections: dict[str, dict[str, Any]],
    origins: dict[tuple[str, str], str],
    doc: dict[str, Any],
    path: str,
    *,
    allow_override: bool,
) -> None:
    override = doc.pop("override", False)
    if not isinstance(override, bool):
        raise LexiconError(path, "override", "must be true or false")
    for section, entries in doc.items():
        if section not in SECTION_VALIDATORS:
            known = ", ".join(sorted(SECTION_VALIDATORS))
            raise LexiconError(path, section, f"unknown section; known sections: {known}")
        if not isinstance(entries, dict):
            raise LexiconError(path, section, "a section must be a table of entries")
        target = sections.setdefault(section, {})
        for key, value in entries.items():
            if key in target and not (override or allow_override):
                raise LexiconError(
                    path,
                    f"{section}.{key}",
                    f"already defined in {origins.get((section, key))}; "
                    "set `override = true` at the top of the file to replace it",
                )
            SECTION_VALIDATORS[section](path, key, value)
            target[key] = value
            origins[(section, key)] = path


def _build(base: Lexicon | None, files: list[tuple[str, str]]) -> Lexicon:
    sections: dict[str, dict[str, Any]] = copy.deepcopy(base.sections) if base is not None else {}
    origins = dict(base.origins) if base is not None else {}
    for path, text in files:
        _layer(sections, origins, _read_toml(path, text), path, allow_override=False)
    return Lexicon(sections, origins)


@functools.cache
def default_lexicon() -> Lexicon:
    """Return the shipped lexicon (loaded and validated once per process)."""
    root = resources.files("casualty_reconcile.lexicon") / "data"
    files = []
    for name in SHIPPED_FILES:
        res = root.joinpath(*name.split("/"))
        files.append((f"casualty_reconcile/lexicon/data/{name}", res.read_text("utf-8")))
    return _build(None, files)


def load_lexicon(*paths: str | Path, base: Lexicon | None = None) -> Lexicon:
    """Layer one or more TOML files over a base lexicon (the shipped one by default).

    Parameters
    ----------
    *paths : str or pathlib.Path
        User lexicon files, applied in order.
    base : Lexicon, optional
        The lexicon to extend; :func:`default_lexicon` when omitted.

    Returns
    -------
    Lexicon
        A new lexicon; ``base`` is not modified.

    Raises
    ------
    LexiconError
        A file is missing, not TOML, or holds an invalid entry (the message names the file
        and the key).
    """
    files = []
    for p in paths:
        path = Path(p)
        try:
            files.append((str(path), path.read_text("utf-8")))
        except OSError as exc:
            raise LexiconError(str(path), "<file>", f"cannot be read: {exc}") from None
    return _build(base if base is not None else default_lexicon(), files)


LexiconLike = Lexicon | str | Path | None


def resolve_lexicon(lexicon: LexiconLike) -> Lexicon:
    """Turn the ``lexicon=`` argument of an entry point into a :class:`Lexicon`.

    ``None`` gives the shipped lexicon; a path layers that file over it.
    """
    if lexicon is None:
        return default_lexicon()
    if isinstance(lexicon, Lexicon):
        return lexicon
    if isinstance(lexicon, str | Path):
        return _load_path_cached(str(lexicon))
    raise InputTypeError(
        f"lexicon= takes a Lexicon, a path or None, not {type(lexicon).__name__}", lexicon
    )


@functools.lru_cache(maxsize=16)
def _load_path_cached(path: str) -> Lexicon:
    return load_lexicon(path)
