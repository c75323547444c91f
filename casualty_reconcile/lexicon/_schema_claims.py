"""Validator for the ``casualty`` section (the claim-extraction vocabulary).

The grammar is given at the top of ``lexicon/data/casualty_en.toml``. Every entry names the
``role`` its words play, lists them, and cites a ``source``; triggers, tolls and "among"
phrases carry the ``category`` they give a claim, attribution verbs and hedges the ``stance``.
Unknown fields are rejected, so a misspelt key cannot silently do nothing.
"""

from __future__ import annotations

from typing import Any

from ..errors import LexiconError

__all__ = ["CASUALTY_ROLES", "TRIGGER_FORMS", "validate_casualty"]

#: Every role a casualty entry may have (meanings in casualty_en.toml's header).
CASUALTY_ROLES: frozenset[str] = frozenset(
    {
        "trigger",
        "toll",
        "toll_link",
        "among",
        "include",
        "object_filler",
        "attribution",
        "according",
        "not_attribution",
        "hedge",
        "denial_object",
        "zero_phrase",
        "veto_noun",
        "veto_verb",
        "release_verb",
        "attempt_before",
        "participant_before",
        "participant_verb",
        "stop",
        "skip",
        "pronoun",
        "acronym",
        "statement_noun",
        "event_noun",
        "date_exclude",
        "weekday",
        "cumulative",
        "actor_keyword",
        "actor_name",
        "actor_state",
        "place_preposition",
        "place_head",
        "headline_label",
        "abbreviation",
        "victim_noun",
        "hold_verb",
        "hold_noun",
        "toll_verb",
    }
)
#: How a trigger word meets its count.
TRIGGER_FORMS: frozenset[str] = frozenset({"participle", "active", "intransitive", "noun"})

_CATEGORIES = frozenset({"killed", "injured", "missing", "captured", "casualties"})
_STANCES = frozenset({"asserted", "estimated", "admitted", "alleged", "denied", "reported"})
_NEEDS_CATEGORY = frozenset({"trigger", "toll", "among", "zero_phrase"})
_NEEDS_STANCE = frozenset({"attribution", "hedge"})
_FIELDS = frozenset(
    {"role", "words", "category", "form", "stance", "case_sensitive", "source", "note"}
)


def _fail(path: str, key: str, msg: str) -> None:
    raise LexiconError(path, f"casualty.{key}", msg)


def validate_casualty(path: str, key: str, value: Any) -> None:
    """Check one casualty-vocabulary entry strictly.

    Raises
    ------
    LexiconError
        The entry is not a table, has an unknown field or role, lacks words or a citation,
        or has a category/form/stance that its role does not allow. The message names the
        file and the key.

    Examples
    --------
    >>> validate_casualty("f.toml", "x", {"role": "stop", "words": ["that"],
    ...                                    "source": "a clause boundary"})
    >>> validate_casualty("f.toml", "x", {"role": "trigger", "words": ["killed"],
    ...                                    "source": "semantics.md"})
    Traceback (most recent call last):
    ...
    casualty_reconcile.errors.LexiconError: f.toml: [casualty.x] role 'trigger' needs ...
    """
    if not isinstance(value, dict):
        _fail(path, key, f"must be a table, not {type(value).__name__}")
    unknown = sorted(set(value) - _FIELDS)
    if unknown:
        _fail(path, key, f"unknown field(s) {unknown}; allowed: {sorted(_FIELDS)}")
    role = value.get("role")
    if role not in CASUALTY_ROLES:
        _fail(path, key, f"`role` must be one of {sorted(CASUALTY_ROLES)}, not {role!r}")
    case_sensitive = value.get("case_sensitive", False)
    if not isinstance(case_sensitive, bool):
        _fail(path, key, "`case_sensitive` must be true or false")
    if case_sensitive and role not in ("actor_name", "actor_state"):
        _fail(path, key, "only actor_name and actor_state entries may be case_sensitive")
    words = value.get("words")
    if not isinstance(words, list) or not words:
        _fail(path, key, "`words` must be a non-empty list of strings")
    for w in words:
        if not isinstance(w, str) or not w.strip():
            _fail(path, key, f"`words` holds {w!r}, not a non-empty string")
        elif w != w.strip() or "  " in w:
            _fail(path, key, f"`words` entry {w!r} must have single inner spaces and no outer ones")
        elif not case_sensitive and w != w.lower():
            _fail(path, key, f"`words` entry {w!r} must be lower case")
    category = value.get("category")
    if role in _NEEDS_CATEGORY:
        if category not in _CATEGORIES:
            _fail(path, key, f"role {role!r} needs a `category` in {sorted(_CATEGORIES)}")
    elif category is not None:
        _fail(path, key, f"role {role!r} takes no `category`")
    form = value.get("form")
    if role == "trigger":
        if form not in TRIGGER_FORMS:
            _fail(path, key, f"a trigger needs a `form` in {sorted(TRIGGER_FORMS)}")
    elif form is not None:
        _fail(path, key, f"role {role!r} takes no `form`")
    stance = value.get("stance")
    if role in _NEEDS_STANCE:
        if stance not in _STANCES:
            _fail(path, key, f"role {role!r} needs a `stance` in {sorted(_STANCES)}")
    elif stance is not None:
        _fail(path, key, f"role {role!r} takes no `stance`")
    src = value.get("source")
    if not isinstance(src, str) or len(src.strip()) < 8:
        _fail(path, key, "needs a `source` citing where the entry comes from")
    note = value.get("note")
    if note is not None and not isinstance(note, str):
        _fail(path, key, "`note` must be a string")
