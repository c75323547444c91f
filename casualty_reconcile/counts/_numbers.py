"""Number words to values: the text2num-style grammar over already-classified tokens.

The grammar, written as the states a left-to-right reader passes through::

    small    := tens [unit] | teen | unit            ("twenty-five", "fifteen", "five")
    hundreds := small "hundred" ["and"] [small]      ("two hundred and fifty", "fifteen hundred")
    number   := (hundreds big)* [["and"] hundreds]   ("one million two hundred thousand")

where ``big`` is a multiplier of 1000 or more (thousand, lakh, million, crore, billion) and
``a``/``an`` stand for one only before a multiplier ("a hundred", "a dozen"). Group words
(dozen, score, gross) multiply what precedes them ("two dozen", "half a dozen"). A word that
cannot continue the number ends it, so "seven and twenty" is two numbers, not 27 (the
false positive compromise's tests guard against), and "five six" is two numbers too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

__all__ = ["WordTok", "parse_words"]

_GROUP_LIMIT = (
    1000  # multipliers below this (dozen=12, score=20, gross=144, hundred=100) bind tightly
)


class WordTok(Protocol):
    """What the grammar needs to know of a token."""

    @property
    def number(self) -> tuple[str, float] | None: ...  # (role, value)

    @property
    def mult(self) -> int | None: ...

    @property
    def plural_mult(self) -> int | None: ...

    @property
    def connector(self) -> str | None: ...


_SMALL = ("unit", "teen", "tens", "digits")
_HUNDRED_AFTER = ("unit", "teen", "tens", "digits", "article", "decimal", "fraction")


def _is_half(toks: Sequence[WordTok], k: int) -> bool:
    """``toks[k:k+3]`` is "and a half" followed by a multiplier ("two and a half million")."""
    if k + 3 >= len(toks) or toks[k].connector != "and":
        return False
    a, h = toks[k + 1].number, toks[k + 2].number
    return (
        a is not None
        and a[0] == "article"
        and h is not None
        and h[0] == "fraction"
        and (toks[k + 3].mult or 0) >= 100
    )


def _and_a_fraction(toks: Sequence[WordTok], k: int) -> float:
    """Return the fraction of "and a half", "and one half", "and three quarters" at ``k``.

    0.0 when ``toks[k:k+3]`` is not such a phrase ("one million and a half" = 1,500,000).
    """
    if k + 2 >= len(toks) or toks[k].connector != "and":
        return 0.0
    a, h = toks[k + 1].number, toks[k + 2].number
    if a is None or h is None or h[0] not in ("fraction", "fractions"):
        return 0.0
    if a[0] == "article" or a == ("unit", 1):
        return h[1]
    if a[0] == "unit" and h[0] == "fractions":
        return a[1] * h[1]  # "and three quarters"
    return 0.0


def parse_words(
    toks: Sequence[WordTok], i: int, *, allow_and: bool = True
) -> tuple[float, int] | None:
    """Read a number written in words from ``toks[i]``; return ``(value, next index)``.

    Digits below 1000 take part as a group ("3 hundred and 21", "4 thousand"). Returns
    ``None`` when ``toks[i]`` does not start a number (an article not followed by a
    multiplier, say).
    """
    n = len(toks)
    k = i
    # leading zeros are read aloud digits ("zero eight" is 8), not part of the value
    while (
        k + 1 < n
        and toks[k].number == ("unit", 0)
        and (toks[k + 1].number is not None or toks[k + 1].mult is not None)
    ):
        k += 1
    start = k
    # ints while the words are whole, so "sixty-five quadrillion ... eighty-seven" stays exact
    # beyond float precision; a fraction or a decimal turns them into floats
    total: float = 0  # completed "big" groups
    current: float = 0  # the group being read (< 1000 before its big multiplier)
    last = ""  # role of the previous word: unit, teen, tens, digits, hundred, group, big, article
    last_big = 0
    while k < n:
        t = toks[k]
        num = t.number
        mult = t.mult if t.mult is not None else (t.plural_mult if last else None)
        if num is not None and num[0] in _SMALL:
            role, value = num
            if value == 0 and k > start:
                break  # "fifty zero", "five zero": digits read aloud, not one number
            if role == "unit":
                ok = last in ("", "hundred", "big") or (last == "tens" and current % 10 == 0)
            elif last == "unit" and k == start + 1 and role in ("tens", "teen"):
                # colloquial hundreds: "one twenty two" = 122, "two fifty" = 250
                current = current * 100 + value
                last = role
                k += 1
                continue
            else:
                ok = last in ("", "hundred", "big")
            if not ok:
                break
            current += value
            last = role
            k += 1
            if allow_and and _is_half(toks, k):
                current += 0.5
                k += 3
            continue
        if num is not None and num[0] == "point" and last in ("unit", "teen", "tens", "digits"):
            # "two point two million": decimal digits read out, then a multiplier
            j, frac, place = k + 1, 0.0, 0.1
            while j < n and (d := toks[j].number) is not None and d[0] == "unit":
                frac += d[1] * place
                place /= 10
                j += 1
            if j == k + 1 or j >= n or (toks[j].mult or 0) < 1000:
                break
            current += frac
            last = "decimal"
            k = j
            continue
        if num is not None and num[0] == "fractions" and last in ("unit", "teen", "tens", "digits"):
            # "three quarters of a million"
            j = k + 1
            if j < n and toks[j].connector == "of":
                j += 1
            if j < n and (a := toks[j].number) is not None and a[0] == "article":
                j += 1
            if j >= n or (toks[j].mult or 0) < 100:
                break
            current *= num[1]
            last = "fraction"
            k = j
            continue
        if num is not None and num[0] == "article":
            # "a"/"an" only before a multiplier ("a dozen", "a hundred", "a million") or a
            # fraction ("a quarter of a million")
            nxt_num = toks[k + 1].number if k + 1 < n else None
            if not last and nxt_num is not None and nxt_num[0] == "fraction":
                k += 1
                start = k  # the fraction must still find its multiplier
                continue
            if last or k + 1 >= n or toks[k + 1].mult is None:
                break
            current = 1
            last = "article"
            k += 1
            continue
        if num is not None and num[0] == "fraction":
            # "half a dozen", "half a million", "half million": fraction [article] multiplier
            if last or k + 1 >= n:
                break
            j = k + 1
            if toks[j].connector == "of" and j + 1 < n:
                j += 1  # "a quarter of a million"
            nxt = toks[j].number
            if nxt is not None and nxt[0] == "article" and j + 1 < n and toks[j + 1].mult:
                k = j + 1  # the article is part of the fraction
            elif toks[j].mult is not None and j == k + 1:
                k += 1
            else:
                break
            current = num[1]
            last = "fraction"
            continue
        if mult is not None:
            if mult == 100:
                # "hundred" multiplies a group below 100 only: "hundred and five hundred and
                # six" is two numbers
                if last in _HUNDRED_AFTER and 0 < current < 100:
                    current *= 100
                elif last == "" and total == 0:
                    current = 100
                else:
                    break
                last = "hundred"
            elif mult < _GROUP_LIMIT:
                # dozen, score, gross multiply what precedes ("two dozen", "half a dozen")
                if last in ("unit", "teen", "tens", "digits", "article", "fraction", "hundred"):
                    current *= mult
                else:
                    break  # a bare "score" or "gross" is no number ("his score")
                last = "group"
            else:
                if last == "" and total == 0:
                    current = 1
                elif last == "big" or (last_big and mult >= last_big):
                    break  # "million million", "thousand thousand"
                total += (current or 1) * mult
                current = 0
                last_big = mult
                last = "big"
            k += 1
            if allow_and and last == "big" and (frac := _and_a_fraction(toks, k)):
                total += frac * mult  # "one million and a half", "3 million and a quarter"
                k += 3
            continue
        if allow_and and t.connector == "and" and last in ("hundred", "big") and k + 1 < n:
            nxt = toks[k + 1].number
            after = toks[k + 2].mult if k + 2 < n else None
            # "3 hundred and 2 hundred" is two numbers, but "one thousand and five hundred"
            # one; after a bare "hundred" the "and" joins ("hundred and five | hundred and six")
            blocked = after == 100 and last == "hundred" and current != 100
            if nxt is not None and nxt[0] in _SMALL and not blocked:
                k += 1
                continue
        break
    if k == start or last in ("article", "fraction"):
        return None
    return total + current, k
