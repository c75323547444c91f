"""Load and validate the generator's word choices (``data/templates_en.toml``)."""

from __future__ import annotations

import string
import tomllib
from functools import cache
from importlib import resources
from typing import Any

from ..errors import LexiconError

__all__ = ["load_templates"]

_FILE = "data/templates_en.toml"
_SECTIONS = {"places", "words", "claimant", "publisher", "rounding", "stance", "denier",
             "dates", "template"}
_SLOTS = {"count", "verb", "place", "when", "claimant", "said", "attack", "short", "single",
          "p", "participants", "year", "denier", "name"}
_KINDS = {"lede_said", "lede_plain", "injured", "other", "rising", "revision", "implicit",
          "implicit_other", "roundup", "denial", "participants", "background", "headline",
          "headline_injured", "headline_plain"}
_STANCES = {"estimated", "admitted"}


def _fail(key: str, msg: str) -> LexiconError:
    return LexiconError(_FILE, key, msg)


@cache
def load_templates() -> dict[str, Any]:
    """Return the validated template data.

    Examples
    --------
    >>> sorted({t["kind"] for t in load_templates()["template"]})[:3]
    ['background', 'denial', 'headline']
    """
    text = resources.files(__package__).joinpath(_FILE).read_text("utf-8")
    data: dict[str, Any] = tomllib.loads(text)
    if set(data) != _SECTIONS:
        raise _fail("<file>", f"sections must be {sorted(_SECTIONS)}, got {sorted(data)}")
    for key, words in data["words"].items():
        if not isinstance(words, list) or not words or not all(isinstance(w, str) for w in words):
            raise _fail(f"words.{key}", "needs a non-empty list of strings")
    for i, c in enumerate(data["claimant"]):
        if set(c) != {"kind", "names", "verb", "stances", "bias", "noise"} or len(c["bias"]) != 2:
            raise _fail(f"claimant[{i}]",
                        "needs kind, names, verb, stances, bias = [mean, spread], noise")
        if not set(c["stances"]) <= _STANCES:
            raise _fail(f"claimant[{i}].stances", f"stances must be among {sorted(_STANCES)}")
    if set(data["stance"]) != _STANCES | {"share"} or not 0 <= data["stance"]["share"] <= 1:
        raise _fail("stance", f"needs {sorted(_STANCES)} (lists of verbs) and share in [0, 1]")
    dates = data["dates"]
    days, rate = dates.get("undated_within_days"), dates.get("events_per_day")
    if (set(dates) != {"undated_within_days", "events_per_day"} or not isinstance(days, int)
            or days < 0 or not isinstance(rate, float) or not rate > 0):
        raise _fail("dates", "needs undated_within_days (whole days >= 0) and "
                    "events_per_day (a float > 0)")
    kinds = set()
    for i, t in enumerate(data["template"]):
        if set(t) != {"kind", "text"} or t["kind"] not in _KINDS:
            raise _fail(f"template[{i}]", f"needs kind (one of {sorted(_KINDS)}) and text")
        slots = {f.lower() for _, f, _, _ in string.Formatter().parse(t["text"]) if f}
        if not slots <= _SLOTS:
            raise _fail(f"template[{i}]", f"unknown slots {sorted(slots - _SLOTS)}")
        kinds.add(t["kind"])
    if kinds != _KINDS:
        raise _fail("template", f"no template of kinds {sorted(_KINDS - kinds)}")
    return data
