"""Multiplier words (dozen, score, hundred, lakh, crore ...) from a private pint registry.

pint holds the multiplier vocabulary: ``data/multipliers.txt`` is a pint definitions file, and
a user lexicon may add definitions in a ``[multipliers.<name>]`` section
(``definition = "myriad = 10000"``). The registry is built lazily on first use (pint's default
registry costs 100+ ms, a private one with ``filename=None`` a few ms: aesthetics-anchors.md,
pint notes) and only plain ``int`` values leave this module, so no pint object reaches a result.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING, Any

from ..errors import LexiconError

if TYPE_CHECKING:
    from ._lexicon import Lexicon

__all__ = ["multiplier_values"]

_SHIPPED = "casualty_reconcile/lexicon/data/multipliers.txt"


def _definition_lines(lexicon: Lexicon) -> list[tuple[str, str]]:
    """Return ``(origin, line)`` for every definition, shipped first, then the user's."""
    text = (resources.files("casualty_reconcile.lexicon") / "data" / "multipliers.txt").read_text(
        "utf-8"
    )
    out = [
        (_SHIPPED, line.strip())
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    for key, entry in lexicon.section("multipliers").items():
        out.append((lexicon.origin("multipliers", key), str(entry["definition"]).strip()))
    return out


def _words_of(line: str) -> list[str]:
    # pint's grammar: "<name> = <value> [= <symbol>] [= <alias>] ..."; "_" means "no symbol".
    parts = [p.strip() for p in line.split("=")]
    return [p for i, p in enumerate(parts) if i != 1 and p and p != "_"]


def multiplier_values(lexicon: Lexicon) -> dict[str, int]:
    """Return every multiplier word and alias, lower-cased, with its integer value.

    Raises
    ------
    LexiconError
        A definition pint rejects, or one whose value is not a whole number >= 2.
    """
    import pint  # lazy: pint is imported on the first count parse, never at import time

    reg: Any = pint.UnitRegistry(filename=None, on_redefinition="raise")
    lines = _definition_lines(lexicon)
    values: dict[str, int] = {}
    for origin, line in lines:
        words = _words_of(line)
        if not words:
            raise LexiconError(origin, line, "not a pint definition '<name> = <value>'")
        try:
            reg.define(line)
            magnitude = reg.Quantity(1, words[0]).to("dimensionless").magnitude
        except Exception as exc:  # pint raises several unrelated types here
            raise LexiconError(origin, words[0], f"pint rejected the definition: {exc}") from None
        if float(magnitude) != int(magnitude) or int(magnitude) < 2:
            raise LexiconError(
                origin, words[0], f"a multiplier must be a whole number >= 2, not {magnitude}"
            )
        for w in words:
            # one-letter symbols keep their case ("M" million, "m" metres); words are
            # matched case-insensitively
            values[w if len(w) == 1 else w.lower()] = int(magnitude)
    return values
