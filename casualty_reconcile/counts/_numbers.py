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

_GROUP_LIMIT = 1000  # multipliers below this (dozen=12, score=20, gross=144, hundred=100) bind tightly


class WordTok(Protocol):
    """What the grammar needs to know of a token."""

    @property
    def number(self) -> tuple[str, float] | None: ...  # (role, value)

    @property
    def mult(self) -> int | None: ...

    @property
    def connector(self) -> str | None: ...


def parse_words(toks: Sequence[WordTok], i: int) -> tuple[float, int] | None:
    """Read a number written in words from ``toks[i]``; return ``(value, next index)``.

    Returns ``None`` when ``toks[i]`` does not start a number (an article not followed by a
    multiplier, say).
    """
    n = len(toks)
    total = 0.0  # completed "big" groups
    current = 0.0  # the group being read (< 1000 before its big multiplier)
    last = ""  # role of the previous word: unit, teen, tens, hundred, group, big, article
    last_big = 0
    k = i
    while k < n:
        t = toks[k]
        num, mult = t.number, t.mult
        if num is not None and num[0] in ("unit", "teen", "tens"):
            role, value = num
            if role == "unit":
                ok = last in ("", "hundred", "big") or (last == "tens" and current % 10 == 0)
            else:
                ok = last in ("", "hundred", "big")
            if not ok:
                break
            if last in ("hundred", "big") and role != "unit" and current % 100:
                break
            current += value
            last = role
            k += 1
            continue
        if num is not None and num[0] == "article":
            # "a"/"an" only before a multiplier ("a dozen", "a hundred", "a million")
            if last or k + 1 >= n or toks[k + 1].mult is None:
                break
            current = 1.0
            last = "article"
            k += 1
            continue
        if num is not None and num[0] == "fraction":
            # "half a dozen", "half a million": fraction + article + multiplier
            if last or k + 2 >= n or toks[k + 1].number is None or toks[k + 2].mult is None:
                break
            if toks[k + 1].number[0] != "article":  # type: ignore[index]
                break
            current = num[1]
            last = "fraction"
            k += 2  # the article is part of the fraction
            continue
        if mult is not None:
            if mult == 100:
                if last in ("unit", "teen", "tens", "article"):
                    current *= 100
                elif last == "" and total == 0:
                    current = 100.0
                else:
                    break
                last = "hundred"
            elif mult < _GROUP_LIMIT:
                # dozen, score, gross multiply what precedes ("two dozen", "half a dozen")
                if last in ("unit", "teen", "tens", "article", "fraction", "hundred"):
                    current *= mult
                elif last == "" and total == 0:
                    current = float(mult)
                else:
                    break
                last = "group"
            else:
                if last == "" and total == 0:
                    current = 1.0
                elif last == "big" or (last_big and mult >= last_big):
                    break
                total += (current or 1.0) * mult
                current = 0.0
                last_big = mult
                last = "big"
            k += 1
            continue
        if t.connector == "and" and last in ("hundred", "big") and k + 1 < n:
            nxt = toks[k + 1].number
            if nxt is not None and nxt[0] in ("unit", "teen", "tens"):
                k += 1
                continue
        break
    if k == i or last in ("article", "fraction"):
        return None
    return total + current, k
