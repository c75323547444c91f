"""Cheap normalisation of names: sources, victim groups and places.

Reconciliation compares names written by different people ("Russia's Foreign Ministry",
"the Russian foreign ministry"). Full entity resolution is out of scope; these functions only
remove differences that never carry meaning -- case, punctuation, determiners, possessives --
so that the same name written twice becomes the same key. Every function works on the
*unique* values of a column (a few thousand at most), never row by row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..lexicon import Lexicon

__all__ = [
    "normalise_name",
    "normalise_victims",
    "quoted_phrase",
    "source_alias",
    "sources_compatible",
    "unspecific_victim_words",
    "victims_subsumed",
]

# Determiners and possessive pronouns that open a noun phrase without changing whom it names.
_DETERMINERS = frozenset(
    [
        "the", "a", "an", "its", "their", "his", "her", "our", "my", "your",
        "this", "that", "these", "those", "some", "of",
    ]
)
_POSSESSIVE = re.compile(r"(?<=\w)['’]s?\b")
_NON_WORD = re.compile(r"[^\w]+")



def quoted_phrase(text: str) -> str:
    """Return a count phrase as quoted inside a sentence.

    A count phrase opens with a number word or a hedge, capitalised only when it opened its
    own sentence: "An estimated 100" is quoted as "an estimated 100".
    """
    t = text.strip()
    if t[:1].isupper() and t[1:2].islower():
        return t[0].lower() + t[1:]
    return t


def _tokens(text: str) -> list[str]:
    text = _POSSESSIVE.sub("", text.lower())
    return [t for t in _NON_WORD.sub(" ", text).split() if t]


_LOCATED = re.compile(r"\s+in\s+\S.*$")


def normalise_name(text: str | None) -> str:
    """Return a comparison key for a source or place name ("" for a missing name).

    Lower case, possessives and punctuation removed, leading determiners dropped.

    Examples
    --------
    >>> normalise_name("Russia's Foreign Ministry")
    'russia foreign ministry'
    >>> normalise_name("The U.S.-led coalition")
    'u s led coalition'
    >>> normalise_name("the health authority in Manbij")
    'health authority'
    >>> normalise_name("A")
    'a'
    >>> normalise_name(None)
    ''
    """
    if not text:
        return ""
    # "the health authority in Manbij" is the health authority: drop a trailing location.
    text = _LOCATED.sub("", text) or text
    toks = _tokens(text)
    start = 0
    while start < len(toks) - 1 and toks[start] in _DETERMINERS:
        start += 1  # never strip the last word: a source called "A" stays "a"
    return " ".join(toks[start:])


def unspecific_victim_words(lexicon: Lexicon | None) -> frozenset[str]:
    """Return the victim nouns that name nobody in particular.

    Read from the lexicon entry ``[people.unspecific]`` (shipped in ``people_en.toml``); the
    shipped lexicon when ``lexicon`` is None.
    """
    from ..lexicon import default_lexicon

    lex = lexicon if lexicon is not None else default_lexicon()
    entry = lex.section("people").get("unspecific")
    if isinstance(entry, dict) and entry.get("words"):
        return frozenset(str(w) for w in entry["words"])
    return frozenset()


def victim_synonyms(lexicon: Lexicon | None) -> Callable[[str], str]:
    """Return a function reading a victim phrase's synonyms as one name.

    From the lexicon section ``victim_groups`` (shipped in ``victims_en.toml``): each phrase
    of an entry's ``words`` becomes its ``same_as``, whole words only.

    Examples
    --------
    >>> victim_synonyms(None)("pro-regime fighters")
    'pro-government fighters'
    """
    from ..lexicon import default_lexicon

    lex = lexicon if lexicon is not None else default_lexicon()
    key = id(lex)
    got = _SYNONYMS.get(key)
    if got is not None and got[0] is lex:
        return got[1]
    table: dict[str, str] = {}
    for entry in lex.section("victim_groups").values():
        if isinstance(entry, dict):
            for w in entry.get("words", ()):
                table[str(w)] = str(entry["same_as"])
    if not table:
        def same(text: str) -> str:
            return text
    else:
        alt = "|".join(re.escape(w) for w in sorted(table, key=len, reverse=True))
        pat = re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])")

        def same(text: str) -> str:
            return pat.sub(lambda m: table[m.group(0)], text)
    _SYNONYMS[key] = (lex, same)
    return same


_SYNONYMS: dict[int, tuple[Any, Callable[[str], str]]] = {}


def normalise_victims(text: str | None, unspecific: Iterable[str],
                      synonyms: Callable[[str], str] | None = None) -> str:
    """Return the victim-group key of ``text``; "" means unspecified.

    Determiners anywhere in the phrase are dropped ("several of its citizens" and "citizens"
    are one group); a phrase made only of unspecific nouns ("people") is unspecified;
    ``synonyms`` (:func:`victim_synonyms`) reads other names of one group as one.

    Examples
    --------
    >>> normalise_victims("the Russian citizens", ["people"])
    'russian citizens'
    >>> normalise_victims("people", ["people"])
    ''
    """
    if not text:
        return ""
    unspec = set(unspecific)
    if synonyms is not None:
        text = synonyms(text.lower())
    toks = [t for t in _tokens(text) if t not in _DETERMINERS]
    if not toks or all(t in unspec for t in toks):
        return ""
    return " ".join(toks)


def _token_match(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    # "russia" / "russian", "syria" / "syrian": a demonym that extends a name.
    return len(short) >= 4 and long_.startswith(short) and len(long_) - len(short) <= 3


def sources_compatible(a: str, b: str) -> bool:
    """Return whether two normalised source keys may name the same claimant.

    True when every word of the shorter key matches a word of the longer one, allowing a
    demonym suffix ("russia" ~ "russian"). Used only to detect a claimant repeating its own
    figure under another category, never to merge votes.

    Examples
    --------
    >>> sources_compatible("russia", "russian foreign ministry")
    True
    >>> sources_compatible("russian federation", "russia foreign ministry")
    False
    """
    if not a or not b:
        return False
    ta, tb = a.split(), b.split()
    if len(ta) > len(tb):
        ta, tb = tb, ta
    return all(any(_token_match(x, y) for y in tb) for x in ta)


def victims_subsumed(a: str, b: str) -> bool:
    """Return whether victim key ``a`` names a wider description of group ``b``.

    True when ``a`` is shorter and each of its words matches a word of ``b`` ("citizens"
    within "russian citizens"). Then ``a``'s claims are counted with ``b``'s.

    Examples
    --------
    >>> victims_subsumed("citizens", "russian citizens")
    True
    >>> victims_subsumed("civilians", "pro government fighters")
    False
    """
    ta, tb = a.split(), b.split()
    if not ta or len(ta) >= len(tb):
        return False
    return all(any(_token_match(x, y) for y in tb) for x in ta)


def source_alias(a: str, b: str) -> bool:
    """Return whether source key ``a`` is a more specific spelling of source key ``b``.

    True when ``b`` has two or more words, all found in ``a``, and both end in the same head
    noun: "manbij health authority" and "town health authority" are "health authority";
    "russia foreign ministry" is not "russia defence ministry", and a one-word key such as
    "ministry" is too vague to absorb anything.

    Examples
    --------
    >>> source_alias("manbij health authority", "health authority")
    True
    >>> source_alias("russia foreign ministry", "ministry")
    False
    """
    ta, tb = a.split(), b.split()
    if len(tb) < 2 or len(ta) <= len(tb) or ta[-1] != tb[-1]:
        return False
    return set(tb) <= set(ta)
