"""The count scanner's lexer: text -> runs of adjacent lexemes (numbers, hedges, quantifiers).

A *lexeme* is a digit group or an entry of the lexicon (a number word, multiplier, hedge,
vague or fixed phrase, connector); a *run* is a sequence of lexemes separated only by
whitespace or one dash ("more than 500", "between 10 and 15", "twenty-five"). The grammar in
``_scan`` reads runs; it never sees the text between them.

The lexicon's compiled lexeme pattern runs over the text with ``finditer``; text with no
number-like word is skipped inside the regex engine, which is what makes ``find_counts`` fast
over documents. (A word-by-word lexer over ``str.split`` for short phrases was tried and
measured: no faster than the pattern, 5.3 against 5.2 µs per phrase, so it was not kept;
``docs/performance.md``.)

Words live in the lexicon (``_tables``); this module holds only how text is cut into them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._tables import Roles, Tables

__all__ = ["DASHES", "NO_ROLES", "Tok", "case_free_lower", "next_is_mult", "runs"]

DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2212")
NO_ROLES = Roles()
MAX_DIGITS = 18  # longer digit runs are codes or garbage, never a count
_GLUED_MULT = re.compile(r"[A-Za-z]{1,3}(?![\w])")
_EURO_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})++")


def case_free_lower(text: str) -> str | None:
    """Return ``text.lower()`` if a case-sensitive pattern over it reads as an ignore-case one.

    For patterns whose letters are lower-case ASCII (other characters uncased). True when
    lower-casing changes only ASCII letters (every other character is its own lower case:
    quotes, dashes, Arabic script, "é") and the text holds neither "ı" nor "ſ": an ignore-case
    match of an ASCII letter is then a plain match over the lower-cased text, since only "İ",
    "ı", "ſ" and the Kelvin sign match ASCII letters besides the 52 (the ``re`` docs), and the
    first and the last change when lower-cased. None otherwise ("Ömer", "İdlib"): the caller
    uses its ignore-case pattern.

    Examples
    --------
    >>> case_free_lower("Five KILLED – “more” in Québec")
    'five killed – “more” in québec'
    >>> case_free_lower("Ömer said") is None
    True
    """
    low = text.lower()
    if text.isascii():
        return low
    # bytes.lower() lower-cases ASCII letters only: equal means nothing else changed (a
    # character whose lower case is longer would change the length)
    if low == text.encode().lower().decode() and "ı" not in text and "ſ" not in text:
        return low
    return None


def next_is_mult(text: str, end: int, t: Tables) -> bool:
    """Whether the word after ``end`` is a multiplier ("1.500 million")."""
    word = text[end : end + 16].split(None, 1)
    if not word:
        return False
    roles = t.roles.get(word[0].lower().rstrip(".,;:"))
    return roles is not None and (roles.mult is not None or roles.plural_mult is not None)


@dataclass(slots=True)
class Tok:
    """One lexeme: its span, normalised key, roles and (for digits) value."""

    start: int
    end: int
    key: str
    roles: Roles
    value: float | None  # digits only
    plain: bool  # digits with no separator, decimal or glued multiplier
    dash: bool  # a dash separates it from the previous token

    # the word-number grammar's view of a token (see _numbers.WordTok)
    @property
    def number(self) -> tuple[str, float] | None:
        if self.value is not None:
            # small plain digits join the word grammar: "3 hundred and 21", "4 thousand"
            return ("digits", self.value) if self.plain and self.value < 1000 else None
        return self.roles.number

    @property
    def mult(self) -> int | None:
        return self.roles.mult

    @property
    def plural_mult(self) -> int | None:
        return self.roles.plural_mult

    @property
    def connector(self) -> str | None:
        return self.roles.connector


def _num_tok(text: str, num: str, s: int, e: int, t: Tables) -> Tok:
    """Return the token of the digit group ``num`` at ``text[s:e]`` (glued multiplier included)."""
    end_of_match = e
    value: float | None
    if num.isdigit():  # the common case: plain digits
        value = int(num) if len(num) <= MAX_DIGITS else None
    elif len(num) > MAX_DIGITS + 8:
        value = None
    else:
        digits = num.replace(",", "").replace(" ", "").replace("\u00a0", "")
        digits = digits.replace("\u202f", "")
        value = int(digits) if digits.isdigit() else float(digits)
        if len(digits.split(".")[0].split("e")[0].split("E")[0]) > MAX_DIGITS:
            value = None
    plain = num.isdigit()
    # "5k", "2bn", "1.2mn": a multiplier alias glued to the digits
    g = _GLUED_MULT.match(text, e) if e < len(text) and text[e].isalpha() else None
    if g is not None and value is not None:
        mults = t.glued_mults
        suffix = g.group()
        if suffix == "m" and "." in num:
            suffix = "M"  # "1.2m people": news style for million ("500m" stays metres)
        alias = mults.get(suffix) or mults.get(suffix.lower())
        if alias is not None and (len(suffix) == 1 or suffix.lower() in mults):
            value = value * alias
            e = g.end()
            plain = False
    if (
        plain is False
        and value is not None
        and _EURO_THOUSANDS.fullmatch(num)
        and e == end_of_match
        and not next_is_mult(text, e, t)
    ):
        # "12.000 people": a count is whole, so three decimals after a point are a
        # continental thousands separator, unless a multiplier follows ("1.500 million")
        value = int(num.replace(".", ""))
    return Tok(s, e, num, NO_ROLES, value, plain, False)


def _lexemes(text: str, t: Tables) -> list[tuple[int, int, str | None, str]]:
    """Return ``(start, end, digits or None, lower-cased text)`` of every lexeme, in order."""
    fast = t.lexeme_fast
    low = case_free_lower(text) if fast is not None else None
    if fast is not None and low is not None:
        padded = " " + low  # the pattern reads the character before each lexeme
        n = len(padded)
        ends = t.nonword_ends
        out: list[tuple[int, int, str | None, str]] = []
        append = out.append
        # offsets in ``padded`` are one more than in ``text``
        for m in fast.finditer(padded):
            s, e = m.span()
            g = m.lastindex
            if g == 2:  # digits: as written (the key keeps its case)
                append((s, e - 1, text[s : e - 1], padded[s + 1 : e]))
                continue
            if g == 3:
                append((s, e - 1, None, padded[s + 1 : e]))
            else:  # a symbol starts at the match's first character
                append((s - 1, e - 1, None, padded[s:e]))
            if padded[e - 1] in ends and e < n and (padded[e].isalnum() or padded[e] == "_"):
                # a lexeme may start right after this one ("approx.five", "<5"): the fast
                # pattern needs a character before it, so read this text the plain way
                break
        else:
            return out
    return [
        (m.start(), m.end(), m.group("num"), m.group().lower()) for m in t.lexeme.finditer(text)
    ]


#: a lexeme inside :func:`runs`: start, end, key, roles, the digits' token (None for a word)
#: and whether a dash separates it from the one before
_Item = tuple[int, int, str, Roles, "Tok | None", bool]


def _tokens(run: list[_Item]) -> list[Tok]:
    out: list[Tok] = []
    for s, e, key, roles, tok, dash in run:
        if tok is None:
            tok = Tok(s, e, key, roles, None, False, dash)
        elif dash:
            tok.dash = True
        out.append(tok)
    return out


def runs(text: str, t: Tables) -> list[list[Tok]]:
    """Return the runs of adjacent lexemes in ``text`` that can hold a count, in order.

    A run can hold a count when one of its lexemes is a number (digits with a value, or a
    word that can carry a count: an *anchor*); the others ("of the", "and", "over a", most
    runs) are left out, and their tokens are never built.
    """
    out: list[list[Tok]] = []
    run: list[_Item] = []
    live = False  # the run holds an anchor
    roles = t.roles
    prev_end = -1
    for s, e, num, key in _lexemes(text, t):
        item: _Item
        if num is not None:
            tok = _num_tok(text, num, s, e, t)
            e = tok.end
            item = (s, e, num, NO_ROLES, tok, False)
            anchor = tok.value is not None
        else:
            found = roles.get(key)
            if found is None:  # a phrase written across a line break or double space
                key = " ".join(key.split())
                found = roles.get(key, NO_ROLES)
            item = (s, e, key, found, None, False)
            anchor = found.anchor
        if run and s - prev_end < 40:  # a gap of 40 or more characters ends the run
            if s == prev_end + 1 and text[prev_end] == " ":
                run.append(item)  # the common case: one space between lexemes
                live = live or anchor
                prev_end = e
                continue
            gap = text[prev_end:s]
            stripped = gap.strip()
            if not stripped and len(gap) < 40:
                run.append(item)
                live = live or anchor
            elif len(stripped) == 1 and stripped in DASHES and len(gap) < 40:
                run.append((*item[:5], True))
                live = live or anchor
            elif (
                stripped == ","
                and len(gap) < 4
                and (run[-1][3].mult or 0) >= 1000
                and item[3].number is not None
            ):
                run.append(item)  # "three hundred and forty-five thousand, six hundred"
                live = live or anchor
            else:
                if live:
                    out.append(_tokens(run))
                run = [item]
                live = anchor
        else:
            if live:
                out.append(_tokens(run))
            run = [item]
            live = anchor
        prev_end = e
    if run and live:
        out.append(_tokens(run))
    return out
