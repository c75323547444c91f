"""Public entry points of the count stage, with input checking."""

from __future__ import annotations

import re

from .._types import CountEstimate
from ..errors import InputError, InputTypeError
from ..lexicon import Lexicon, LexiconLike, resolve_lexicon
from ._scan import scan
from ._tables import tables_for

__all__ = ["MAX_TEXT_CHARS", "check_text", "find_counts", "parse_count", "preset_table"]

#: The longest text accepted (characters). Longer input is almost surely not one report;
#: split it into documents. Time is linear below this, so the limit only bounds memory.
MAX_TEXT_CHARS = 20_000_000
# C0 controls other than tab, newlines, vertical tab and form feed (which are whitespace in
# scraped text), DEL, and lone surrogates (bytes smuggled in by errors="surrogateescape")
# mean binary or corrupted input.
_BAD_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff]")


def check_text(text: object, *, name: str = "text") -> str:
    """Return ``text`` if the library can read it, else raise the library's error.

    Raises
    ------
    InputTypeError
        ``text`` is not a ``str`` (``bytes`` included: decode it first).
    InputError
        ``text`` is longer than :data:`MAX_TEXT_CHARS` or holds control characters.
    """
    if not isinstance(text, str):
        hint = (
            " (decode bytes first, e.g. data.decode('utf-8'))"
            if isinstance(text, bytes | bytearray)
            else ""
        )
        raise InputTypeError(f"{name} must be a str, not {type(text).__name__}{hint}", text)
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(
            f"{name} has {len(text):,} characters, over the limit of {MAX_TEXT_CHARS:,}; "
            "split it into documents",
            None,
        )
    m = _BAD_CONTROL.search(text)
    if m is not None:
        raise InputError(
            f"{name} holds the control character or lone surrogate U+{ord(m.group()):04X} at "
            f"offset {m.start()}; binary or corrupted input?",
            None,
        )
    return text


def preset_table(lexicon: Lexicon, preset: str | None) -> dict[str, int] | None:
    """Return the vague-word figures of a coding preset (``None`` = calibrated lexicon)."""
    if preset is None:
        return None
    from ._tables import tables_for as _t

    presets = _t(lexicon).presets
    if not isinstance(preset, str) or preset.lower() not in presets:
        known = ", ".join(sorted(presets)) or "none"
        raise InputError(f"unknown preset {preset!r}; known presets: {known}", preset)
    return presets[preset.lower()]


def find_counts(
    text: str, *, lexicon: LexiconLike = None, preset: str | None = None
) -> list[CountEstimate]:
    """Return every count expression in ``text``, in order of appearance.

    Parameters
    ----------
    text : str
        Any text: a phrase, a sentence, a document.
    lexicon : Lexicon or path, optional
        The vocabulary; the shipped one by default. A path layers a user TOML file over it.
    preset : {"acled", "ucdp"}, optional
        Make ``best`` of vague quantifiers follow that dataset's coding rules.

    Returns
    -------
    list of CountEstimate
        Non-overlapping, in order; ``[]`` when there is none.

    Raises
    ------
    InputTypeError
        ``text`` is not a str.
    InputError
        Text over the size limit or with control characters; an unknown preset.

    Examples
    --------
    >>> [(c.low, c.high, c.kind) for c in find_counts("12 killed and 30 wounded")]
    [(12, 12, 'exact'), (30, 30, 'exact')]
    >>> [c.text for c in find_counts("more than 500 fighters attacked on February 7")]
    ['more than 500 fighters']
    """
    check_text(text)
    lex = resolve_lexicon(lexicon)
    return scan(text, tables_for(lex), preset_table(lex, preset))


def parse_count(
    text: str, *, lexicon: LexiconLike = None, preset: str | None = None
) -> CountEstimate | None:
    """Return the first count expression in ``text``, or ``None`` when there is none.

    ``None`` also for text that holds only things that are not counts: dates, years, times,
    ordinals, percentages, measures, money, designations ("F-16") and ages.

    Parameters
    ----------
    text : str
        A phrase or a sentence.
    lexicon : Lexicon or path, optional
        The vocabulary; the shipped one by default.
    preset : {"acled", "ucdp"}, optional
        Make ``best`` of vague quantifiers follow that dataset's coding rules.

    Examples
    --------
    >>> c = parse_count("more than 500")
    >>> (c.low, c.best, c.high, c.kind, c.text)
    (501, 501, None, 'lower_bound', 'more than 500')
    >>> c = parse_count("several dozen")
    >>> c.kind, c.low <= c.best <= c.high
    ('vague', True)
    >>> parse_count("dozens", preset="acled").best
    12
    >>> parse_count("a 12-year-old") is None
    True
    """
    check_text(text)
    lex = resolve_lexicon(lexicon)
    found = scan(text, tables_for(lex), preset_table(lex, preset), first_only=True)
    return found[0] if found else None
