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

__all__ = ["DASHES", "NO_ROLES", "Tok", "next_is_mult", "runs"]

DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2212")
NO_ROLES = Roles()
MAX_DIGITS = 18  # longer digit runs are codes or garbage, never a count
_GLUED_MULT = re.compile(r"[A-Za-z]{1,3}(?![\w])")
_EURO_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})++")


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


def runs(text: str, t: Tables) -> list[list[Tok]]:
    """Return the runs of adjacent lexemes in ``text``, in order."""
    out: list[list[Tok]] = []
    run: list[Tok] = []
    roles = t.roles
    prev_end = -1
    for m in t.lexeme.finditer(text):
        s, e = m.span()
        num = m.group("num")
        if num is not None:
            tok = _num_tok(text, num, s, e, t)
            e = tok.end
        else:
            key = m.group().lower()
            found = roles.get(key)
            if found is None:  # a phrase written across a line break or double space
                key = " ".join(key.split())
                found = roles.get(key, NO_ROLES)
            tok = Tok(s, e, key, found, None, False, False)
        if run:
            if s == prev_end + 1 and text[prev_end] == " ":
                run.append(tok)  # the common case: one space between lexemes
                prev_end = e
                continue
            gap = text[prev_end:s]
            stripped = gap.strip()
            if not stripped and len(gap) < 40:
                run.append(tok)
            elif len(stripped) == 1 and stripped in DASHES and len(gap) < 40:
                tok.dash = True
                run.append(tok)
            elif (
                stripped == ","
                and len(gap) < 4
                and (run[-1].roles.mult or 0) >= 1000
                and tok.roles.number is not None
            ):
                run.append(tok)  # "three hundred and forty-five thousand, six hundred"
            else:
                out.append(run)
                run = [tok]
        else:
            run = [tok]
        prev_end = e
    if run:
        out.append(run)
    return out
