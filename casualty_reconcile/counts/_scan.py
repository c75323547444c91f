"""The count scanner: text -> every count expression in it, as :class:`CountEstimate`.

Three steps, each linear in the length of the text:

1. One compiled lexeme pattern (``_tables``) runs over the text with ``finditer``; text with
   no number, hedge or quantifier word is skipped inside the regex engine.
2. Lexemes separated only by spaces or one dash are grouped into *runs* ("more than 500",
   "between 10 and 15", "several dozen", "twenty-five"). Each run is read left to right
   by a small grammar: ``[hedge] [between|from] core [(-|to|and|or) core] [after-hedge]``
   where a core is a number (digits or words, with multipliers), a vague quantifier (possibly
   scaled: "several hundred", "tens of thousands") or a fixed phrase ("no one").
3. Each candidate is checked against its context for what is not a count (semantics.md s.1):
   money, measures, percentages, times, dates, years, ordinals, designations and ages.

Words live in the lexicon; this module holds only the grammar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .._types import MAX_COUNT, CountEstimate, Kind
from ._lex import NO_ROLES, Tok, runs
from ._numbers import parse_words
from ._tables import HedgeSpec, Tables, VagueSpec

__all__ = ["scan"]

_RANGE_CONNECTORS = frozenset({"to", "through", "thru", "till", "until"})
# a people word after the head noun that is a verb form ends the span ("both soldiers | died")
_VERB_ENDINGS = ("ed", "ing", "die", "dies", "dead", "missing", "kills", "injures")


@dataclass(slots=True)
class _Core:
    """A parsed quantity before hedges: an exact value, a vague interval or a fixed count."""

    start: int  # token index
    end: int  # token index after the core
    value: float | None = None  # exact numbers
    has_mult: bool = False
    vague: VagueSpec | None = None
    scale: int = 1  # "several hundred": the multiplier applied to the vague interval
    fixed: tuple[int, bool] | None = None
    digits: bool = False  # first token is a digit group
    bad: bool = False  # a malformed run of number words: consume it, emit nothing


def _core(toks: list[Tok], i: int, t: Tables, *, allow_and: bool = True) -> _Core | None:
    """Parse the quantity starting at ``toks[i]`` ("and" ends it when ``allow_and`` is off)."""
    n = len(toks)
    tok = toks[i]
    if tok.value is not None and i + 1 < n and tok.number is not None:
        nxt = toks[i + 1]
        if not nxt.dash and (nxt.mult is not None or nxt.plural_mult is not None):
            parsed = parse_words(toks, i, allow_and=allow_and)  # "3 hundred and 21"
            if parsed is not None and parsed[1] > i + 1:
                return _Core(i, parsed[1], value=parsed[0], has_mult=True, digits=True)
    if tok.value is not None:
        value = tok.value
        k = i + 1
        has_mult = not tok.plain and not tok.key.replace(",", "").isdigit()
        # "5 million", "1.2 million", "2 dozen", "5 hundred thousand", "3 dozens"
        while k < n and not toks[k].dash:
            m = toks[k].roles.mult or toks[k].roles.plural_mult
            if m is None:
                vk = toks[k].roles.vague
                plural = t.vague[vk].plural_of if vk is not None else None
                if plural is None or k != i + 1:
                    break
                m = plural
            value *= m
            has_mult = True
            k += 1
        return _Core(i, k, value=value, has_mult=has_mult, digits=True)
    roles = tok.roles
    if roles.vague is not None:
        spec = t.vague[roles.vague]
        k = i + 1
        scale = 1
        if spec.scales:
            # "several hundred", "a few dozen", "tens of thousands", "hundreds of thousands"
            j = k + 1 if k < n and toks[k].roles.connector == "of" else k
            if j < n:
                following = toks[j].roles
                if following.mult is not None:
                    scale = following.mult
                    k = j + 1
                elif following.vague is not None and t.vague[following.vague].plural_of:
                    scale = t.vague[following.vague].plural_of or 1
                    k = j + 1
        if scale > 1 and k < n and toks[k].roles.connector == "of":
            k += 1  # the "of" of "tens of thousands of"
        return _Core(i, k, vague=spec, scale=scale)
    if roles.fixed is not None:
        if i + 1 < n and (toks[i + 1].value is not None or toks[i + 1].roles.number is not None):
            return None  # "both 5 soldiers": the numeral is the count
        return _Core(i, i + 1, fixed=roles.fixed)
    if roles.number is not None or roles.mult is not None:
        parsed = parse_words(toks, i, allow_and=allow_and)
        if parsed is None:
            return None
        value, k = parsed
        has_mult = any(toks[x].roles.mult or toks[x].roles.plural_mult for x in range(i, k))
        if (
            k < n
            and not toks[k].dash
            and (
                (
                    (toks[k].roles.mult is not None or toks[k].roles.plural_mult is not None)
                    and (toks[k - 1].roles.mult is not None or toks[k - 1].roles.connector)
                )
                or toks[k].roles.number == ("unit", 0)
            )
        ):
            # number words that cannot make one number ("five zero", "million million",
            # "thousand thousand") are digits read aloud or garbage, not a count; a new
            # number after a complete one starts another count ("twenty thirty fifty",
            # "hundred and five | hundred and six")
            return _Core(i, _skip_number_words(toks, k), value=None, bad=True)
        # "three dozens" (plural group word after a number)
        if k < n and not toks[k].dash:
            vk = toks[k].roles.vague
            if vk is not None and t.vague[vk].plural_of is not None and toks[k].roles.mult is None:
                value *= t.vague[vk].plural_of or 1
                has_mult = True
                k += 1
        return _Core(i, k, value=value, has_mult=has_mult)
    return None


def _skip_number_words(toks: list[Tok], k: int) -> int:
    while k < len(toks) and (
        toks[k].roles.number is not None
        or toks[k].roles.mult is not None
        or toks[k].roles.plural_mult is not None
    ):
        k += 1
    return k


def _width(n: int, t: Tables, scale: float) -> int:
    rel = t.roundness[-1][1] if t.roundness else 0.05
    for divisor, w in t.roundness:
        if n and n % divisor == 0:
            rel = w
            break
    return max(1, round(n * rel * scale))


def _formula(f: str, n: int, w: int) -> int | None:
    if f == "none":
        return None
    if f == "0":
        return 0
    if f == "N":
        return n
    op, arg = f[1], f[2:]
    d = w if arg == "w" else int(arg)
    return n + d if op == "+" else n - d


def _apply(h: HedgeSpec, n: int, t: Tables) -> tuple[int, int, int | None]:
    w = _width(n, t, h.width_scale)
    low = max(0, _formula(h.low, n, w) or 0)
    best = max(low, _formula(h.best, n, w) or 0)
    high = _formula(h.high, n, w)
    if high is not None:
        high = max(best, high)
    return low, best, high


def _whole(value: float | None) -> int | None:
    if value is None or value != value or value > MAX_COUNT or value < 0:
        return None
    if isinstance(value, int):
        return value
    whole = round(value)
    # "8.2 million" is 8199999.999999999 in binary floating point: allow rounding error, but
    # "2.5" people is no count
    if abs(value - whole) > 1e-9 * max(1.0, abs(value)):
        return None
    return int(whole)


def _vague_figures(core: _Core, preset: dict[str, int] | None) -> tuple[int, int, int | None]:
    spec = core.vague
    assert spec is not None
    s = core.scale
    low, best = spec.low * s, spec.best * s
    high = None if spec.high is None else spec.high * s
    if preset:
        if s > 1 and "*scaled" in preset:
            rule = preset["*scaled"]
            best = low if rule == 0 else rule * s
        elif s == 1 and spec.key in preset:
            best = preset[spec.key]
        # a coding convention may record a figure outside the lexical reading (ACLED codes
        # "dozens" as 12): the interval widens so that low <= best <= high still holds.
        low = min(low, best)
        if high is not None:
            high = max(high, best)
    return low, best, high


def _is_year(core: _Core, toks: list[Tok]) -> bool:
    tok = toks[core.start]
    return (
        core.end == core.start + 1
        and tok.plain
        and len(tok.key) == 4
        and tok.value is not None
        and 1800 <= tok.value <= 2099
    )


def _day_of_month(tok: Tok, text: str, t: Tables) -> bool:
    """Whether the digits ``tok`` are a day followed by its month ("7 February", "8 Oct.")."""
    v = tok.value
    return (
        v is not None and tok.plain and v <= 31 and _month_hit(t.month_after.match(text, tok.end))
    )


def _is_day(word: str) -> bool:
    """Whether ``word`` is a day of the month as written before its month ("8", "8th")."""
    w = word.strip(_LEAD).rstrip(_TRAIL).lower().removesuffix("st").removesuffix("nd")
    w = w.removesuffix("rd").removesuffix("th")
    return w.isdigit() and len(w) <= 2 and 1 <= int(w) <= 31


def _month_hit(m: re.Match[str] | None) -> bool:
    return m is not None and _month_hit_word(m.group("m"))


def _after_month(before: str, words: dict[str, frozenset[str]]) -> bool:
    """Whether ``before`` ends with a month, or a month and its day ("March", "March 3,")."""
    ws = before.split()[-3:]
    for k in (1, 2):
        if len(ws) < k:
            break
        word = ws[-k].strip(_LEAD).rstrip(_TRAIL)
        if word.lower() in words["month"] and _month_hit_word(word):
            return k == 1 or _is_day(ws[-1])
    return False


def _month_hit_word(word: str) -> bool:
    # "may" and "march" are also a verb: only the capitalised word is a month
    return not (word.lower() in ("may", "march") and not word[0].isupper())


_TRAIL = ".,;:!?)]}\"'\u201d\u2019"
_LEAD = "([{\"'\u201c\u2018"


def _tail_words(before: str) -> list[str]:
    """Return the last three words before a number, lower-cased, nearest last."""
    return before.lower().split()[-3:]


def _tails(words: list[str]) -> list[str]:
    """Return the last 1, 2 and 3 ``words`` joined, as written and without punctuation."""
    n = len(words)
    out: list[str] = []
    for k in (1, 2, 3):
        if k > n:
            break
        w = " ".join(words[n - k :]).strip(_LEAD)
        out.append(w)
        out.append(w.rstrip(_TRAIL))
    return out


def _ends_with(words: list[str], table: frozenset[str]) -> bool:
    """Whether the last 1, 2 or 3 ``words`` form an entry of ``table``."""
    return not table.isdisjoint(_tails(words))


def _after_unit(text: str, end: int, t: Tables) -> bool:
    """Return whether a measure, time, money, percentage or age word follows the number."""
    after = text[end : end + 40]
    if not after:
        return False
    c = after[0]
    if c == "%" or c == "\u00b0":
        return True
    if c in "-\u2010\u2011":
        after = after[1:]
    words = after.lower().split(None, 3)[:3]
    if not words:
        return False
    w0 = words[0]
    first_words = t.words["unit_first"]
    if "-" not in w0 and w0 not in first_words and w0.rstrip(_TRAIL) not in first_words:
        return False  # no entry starts with this word: the common case, decided at once
    table = t.words["unit_after"]
    # "500 km", "3 pm", "two years", "12-year-old", "years old", "per cent", "o'clock"
    for k in (1, 2, 3):
        if k > len(words):
            break
        w = " ".join(words[:k])
        if w in table or w.rstrip(_TRAIL) in table:
            return True
    first = words[0].rstrip(_TRAIL)
    # hyphenated compounds: "12-year-old" -> "year-old"; "10-storey" -> "storey"
    return "-" in first and (first in table or first.split("-", 1)[0] in table)


def _not_a_count(
    text: str, toks: list[Tok], core: _Core, end_num: int, t: Tables, has_hedge: bool
) -> bool:
    """Context checks for what semantics.md s.1 says is not a count.

    Each check looks at the one to three words next to the number and looks them up in word
    sets built from the lexicon (``not_counts_en.toml``), so the cost does not grow with the
    size of the vocabulary.
    """
    first = toks[core.start]
    cs = first.start
    W = t.words
    if cs:
        before = text[max(0, cs - 40) : cs]
        glued = not before[-1].isspace()
        tail = _tail_words(before)
        if tail:
            last = tail[-1]
            if glued:
                # "$5", "US$5", "Rs.500", "F-16", "No.5", "#5", "+1"
                sym = last.strip(_LEAD)
                if sym in W["unit_before"] or sym.rstrip(".") in W["unit_before"]:
                    return True
                if sym and sym[-1] in "$\u20ac\u00a3\u00a5\u20b9\u20a6\u20bd":
                    return True
                if core.digits:
                    if sym and sym[-1] in "/:#.+":
                        return True  # "7/2/2018", "No.5", "+1-222" (a phone number)
                    if sym.endswith(("-", "\u2010", "\u2011", "\u2212")):
                        stem = sym[:-1]
                        if stem.isalpha() and len(stem) <= 6:
                            return True  # "F-16", "AK-47", "COVID-19"
                        if not stem or stem[-1] in "(<=[,":
                            return True  # "-30": a negative number is no count
            # the joined tails are built only when the last word could end an entry: the
            # last word of a tail is ``last`` stripped of leading/trailing punctuation
            k1 = last.strip(_LEAD)
            k2 = last.rstrip(_LEAD)
            if not W["before_last"].isdisjoint((k1, k1.rstrip(_TRAIL), k2, k2.rstrip(_TRAIL))):
                tails = _tails(tail)
                if not glued:
                    if not W["unit_before"].isdisjoint(tails):
                        return True  # "Rs 500", "US$ 5", "percent of 10"
                    if core.digits and not W["designator_before"].isdisjoint(tails):
                        return True  # "Resolution 2254", "Route 7", "No. 5"
                if not W["age_before"].isdisjoint(tails):
                    return True  # "aged 12", "children under 5"
            if core.digits and first.plain and (first.value or 99) <= 31:
                words_before = before.split()
                raw = words_before[-1]
                word = raw.strip(_LEAD).rstrip(_TRAIL)
                if (
                    word.lower() in W["month"]
                    and _month_hit_word(word)
                    and not raw.endswith(",")
                    and not _is_day(words_before[-2] if len(words_before) > 1 else "")
                ):
                    # "February 7", "Feb. 7"; not "On 8 October, 27 people": a comma parts
                    # them, and a month with its day before it is already a whole date
                    return True
                if word.lower() == "the" and len(before.split()) > 1:
                    w2 = before.split()[-2].rstrip(_TRAIL)
                    if w2.lower() in W["month"] and _month_hit_word(w2):
                        return True
            if (
                core.digits
                and first.plain
                and len(first.key) == 4
                and _after_month(before, W)
                and (
                    t.people_fixed.match(text, end_num) is None
                    or (core.end < len(toks) and toks[core.end].number is not None)
                )
            ):
                # "March 2300", "3 March 1500": four digits after a month are its year whatever
                # their value (_is_year's 1800-2099 is for a bare number), unless people follow
                # ("on March 3, 1500 people fled"); another number after them is the count
                # ("in March 2300 five died")
                return True
    if end_num < len(text):
        nxt = text[end_num]
        last_tok = toks[core.end - 1]
        if last_tok.value is not None and (
            nxt.isalpha() or (nxt in "/:." and text[end_num + 1 : end_num + 2].isdigit())
        ):
            return True  # "5th", "3pm", "500km", "7/2", "15:30"
        if _after_unit(text, end_num, t):
            return True  # "500 km", "40%", "3 pm", "12-year-old", "two years"
        words = text[end_num : end_num + 30].lower().replace("\u2014", "-").replace("\u2013", "-")
        dashed = words.lstrip(" \t").startswith("-")
        ws = words.replace("-", " ").split(None, 2)
        if ws and ws[0].rstrip(_TRAIL) in W["ordinal_after"]:
            # an ordinal word completes a compound ordinal after tens or a multiplier
            # ("twenty fifth", "one hundred and forty second") or after a dash
            # ("twenty-first"), not after a unit ("three first responders")
            ln = last_tok.roles.number
            ordinal = ws[0].rstrip(_TRAIL)
            if dashed or last_tok.roles.mult or (ln and ln[0] in ("tens", "teen")):
                return True
            if ordinal.endswith(
                ("hundredth", "thousandth", "millionth", "billionth", "trillionth")
            ):
                return True  # "three trillionth", "two hundredth"
            if (
                ln
                and ln[0] == "unit"
                and ws[0].rstrip(_TRAIL).endswith(("ths", "thirds", "halves", "quarters"))
            ):
                return True  # "two thirds", "three fifths"
            if core.value == 1 and ordinal not in ("first", "second") and not dashed:
                return True  # "one third", "one fifth", "one half", "one quarter": a share
    if core.digits:
        if _day_of_month(first, text, t):
            return True  # "7 February", "7th of February"
        if _is_year(core, toks) and not has_hedge:
            return t.people_near.match(text, end_num) is None  # "in 2018" vs "2000 people"
    elif core.value == 1 and first.key == "one":
        if t.partitive_after.match(text, end_num):
            return True  # "one of the victims"
        if cs and _ends_with(_tail_words(text[max(0, cs - 40) : cs]), W["pronoun_before"]):
            return True  # "the one you mentioned", "next one"
    return False


def _estimate(
    text: str, s: int, e: int, low: int, best: int, high: int | None, kind: Kind, t: Tables
) -> CountEstimate:
    m = t.people_after.match(text, e)
    if m is not None:
        e = m.end()  # the span covers its head noun: "five deaths", "no casualties"
    return CountEstimate(low, best, high, kind, text[s:e], s, e)


def _penultimate_and(toks: list[Tok]) -> int:
    """Return the index of the last-but-one "and" connector of a run (-1 if it has fewer)."""
    seen = 0
    for k in range(len(toks) - 1, -1, -1):
        if toks[k].roles.connector == "and":
            seen += 1
            if seen == 2:
                return k
    return -1


def _parse_at(
    text: str,
    toks: list[Tok],
    i: int,
    t: Tables,
    preset: dict[str, int] | None,
    penult_and: int,
) -> tuple[CountEstimate | None, int] | None:
    n = len(toks)
    j = i
    hedge: str | None = None
    hedge_tok = -1
    while j < n and toks[j].roles.hedge_before is not None:
        if j + 1 < n and toks[j + 1].dash:
            # "under-five deaths", "over-60s": a compound adjective (an age group), no count
            compound = _core(toks, j + 1, t)
            return None, (compound.end if compound is not None else j + 2)
        # a word that is both a hedge and a quantifier is a hedge only before a count
        is_quantity = toks[j].roles.vague is not None or toks[j].roles.fixed is not None
        if is_quantity and (j + 1 >= n or _core(toks, j + 1, t) is None):
            break
        hedge, hedge_tok = toks[j].roles.hedge_before, j
        j += 1
    intro = None
    if j < n and toks[j].roles.connector in ("between", "from"):
        intro = toks[j].roles.connector
        j += 1
    if j >= n:
        return None
    # inside "between X and Y" the first "and" ends X, unless a second one follows
    # ("between two hundred and fifty and three hundred")
    # (``penult_and``, found once per run, keeps a run of many "between"s linear)
    allow_and = intro != "between" or j <= penult_and
    core = _core(toks, j, t, allow_and=allow_and)
    if core is None:
        return None
    if core.bad:
        return None, core.end
    span_start = toks[hedge_tok if hedge_tok >= 0 else (j - 1 if intro else j)].start
    k = core.end
    end_num = toks[k - 1].end

    # three or more digit groups joined by dashes are a phone number or a code
    if (
        core.digits
        and k + 1 < n
        and toks[k].dash
        and toks[k + 1].dash
        and toks[k].value is not None
    ):
        end = k
        while end < n and toks[end].dash and toks[end].value is not None:
            end += 1
        return None, end

    # ranges: "10-15", "10 to 15", "from 10 to 15", "between 10 and 15", "two or three"
    if core.value is not None and k < n:
        nxt = toks[k]
        conn = nxt.roles.connector
        second_at = -1
        if nxt.dash and (
            nxt.value is not None or nxt.roles.number is not None or nxt.key[:1].isdigit()
        ):
            second_at = k
        elif (
            (conn in _RANGE_CONNECTORS and intro != "between")
            or (conn == "and" and intro == "between")
            or (conn == "or" and not intro)
        ):
            second_at = k + 1
        if 0 <= second_at < n:
            tok2 = toks[second_at]
            if tok2.value is None and tok2.key[:1].isdigit():
                # "between 5 and 2000000000000000000": a range whose second end is digits past
                # MAX_DIGITS is refused whole; its first end alone would be a figure nobody wrote
                return None, second_at + 1
            core2 = _core(toks, second_at, t)
            if core2 is not None and core2.value is not None and not core2.bad:
                a, b = core.value, core2.value
                if core2.has_mult and not core.has_mult:
                    # "between 5 and 6 million": the multiplier of the second applies to both
                    scale = _tail_multiplier(toks, core2)
                    if scale > 1 and a * scale <= b:
                        a *= scale
                ia, ib = _whole(a), _whole(b)
                end2 = toks[core2.end - 1].end
                if ia is None or ib is None:
                    return None, core2.end
                # "two or three", "fifteen or twenty": an approximating pair (Langendoen),
                # never "10 bln or 10 tln"
                approximating = not (conn == "or" and ib > 3 * ia + 2)
                if approximating and ib > ia:
                    if (core.digits and _is_year(core, toks)) or (
                        core2.digits and _is_year(core2, toks)
                    ):
                        return None, core2.end  # "2016-2018", "from 2015 to 2017"
                    span = _Core(core.start, core2.end, value=a, digits=core.digits)
                    if _not_a_count(text, toks, span, end2, t, hedge is not None):
                        return None, core2.end
                    if intro and _not_a_count(
                        text, toks, _Core(j - 1, core2.end, value=a), end2, t, True
                    ):
                        return None, core2.end  # "aged between 18 and 25": before "between"
                    if core2.end == core2.start + 1 and _day_of_month(toks[core2.start], text, t):
                        return None, core2.end  # "between 2 and 8 October", "2-8 Oct."
                    # UCDP-style best for a range: the middle, rounded down (conservative)
                    est = _estimate(text, span_start, end2, ia, (ia + ib) // 2, ib, "range", t)
                    return est, core2.end
                if nxt.dash and core.digits and core2.digits:
                    return None, core2.end  # "3-1", "1995-01": a score or a code, not a range

    if intro and hedge_tok < 0:
        span_start = toks[core.start].start  # no range followed: "from one" is just "one"
    ahedge: str | None = None
    if k < n and toks[k].roles.hedge_after is not None:
        ahedge = toks[k].roles.hedge_after
        end_num = toks[k].end
        k += 1
    elif k + 1 < n and toks[k].roles.connector in ("and", "or"):
        conj = toks[k + 1].roles.hedge_after_conj
        if (
            conj
            and toks[k].roles.connector in conj
            and (k + 2 >= n or _core(toks, k + 2, t) is None)
        ):
            ahedge = conj[toks[k].roles.connector or ""]  # "500 and more", "50 or fewer"
            end_num = toks[k + 1].end
            k += 2

    has_hedge = hedge is not None or ahedge is not None
    if _not_a_count(text, toks, core, toks[core.end - 1].end, t, has_hedge):
        # what is joined to a refused number shares its reading: "aged 5 and 7",
        # "February 7 and 8", "Resolutions 2254 and 2255"
        while k + 1 < n and toks[k].roles.connector in ("and", "or", "to"):
            nxt_core = _core(toks, k + 1, t)
            if nxt_core is None or nxt_core.value is None:
                break
            k = nxt_core.end
        return None, k

    spec_key = ahedge if ahedge is not None else hedge
    h = t.hedges.get(spec_key) if spec_key is not None else None

    if core.fixed is not None:
        value, needs_noun = core.fixed
        near = t.people_fixed.match(text, end_num)
        if needs_noun and near is None:
            return None
        e = end_num
        if needs_noun and near is not None:
            # the nearest people noun and any noun right after it ("no civilian casualties")
            e = near.end()
            adj = t.people_after.match(text, e)
            if adj is not None and not adj.group().lower().endswith(_VERB_ENDINGS):
                e = adj.end()  # a compound noun, not a verb: "no civilian casualties"
        # the noun must belong to this phrase, not to a count after it ("a pair of or eight
        # adults")
        for other in t.lexeme.finditer(text, end_num, e):
            ro = t.roles.get(" ".join(other.group().lower().split()), NO_ROLES)
            if other.group("num") is not None or ro.number or ro.vague or ro.fixed or ro.mult:
                if needs_noun:
                    return None
                e = end_num
                break
        start = toks[core.start].start
        return CountEstimate(value, value, value, "exact", text[start:e], start, e), k

    if core.vague is not None:
        low, best, high = _vague_figures(core, preset)
        kind: Kind = "vague"
        if h is not None and h.kind == "lower_bound":
            low, best, _ = _apply(h, low, t)
            high, kind = None, "lower_bound"
        elif h is not None and h.kind == "upper_bound" and high is not None:
            _, best, high = _apply(h, high, t)
            low, kind = 0, "upper_bound"
        s = span_start if h is not None else toks[core.start].start
        last = core.end - 1
        if (
            end_num == toks[last].end
            and last > core.start
            and toks[last].key == "of"
            and t.people_after.match(text, end_num) is None
        ):
            # "several dozen of its citizens": the "of" read to scale the quantity is not part
            # of it; it stays before a people noun ("several hundred of people"). A lexicon
            # phrase keeps its own "of" ("dozens of", "tens of thousands of"): the phrase is
            # written that way in the vocabulary.
            end_num = toks[last - 1].end
        return _estimate(text, s, end_num, low, best, high, kind, t), k

    whole = _whole(core.value)
    if whole is None:
        return None, k
    value = whole
    m = _RESTATED.match(text, end_num)
    if m is not None and int(m.group(1).replace(",", "")) == value:
        end_num = m.end()  # "Ten (10) soldiers": the figure restated in digits is one count
    if h is None:
        return _estimate(text, span_start, end_num, value, value, value, "exact", t), k
    low, best, high = _apply(h, value, t)
    kind = h.kind  # type: ignore[assignment]
    return _estimate(text, span_start, end_num, low, best, high, kind, t), k


def _tail_multiplier(toks: list[Tok], core: _Core) -> float:
    """Return the product of the multiplier words that end a core ("6 million" -> 1e6)."""
    scale = 1.0
    k = core.end - 1
    while k > core.start and toks[k].roles.mult is not None:
        scale *= toks[k].roles.mult or 1
        k -= 1
    return scale


#: A figure restated in digits right after it, as official communiqués write: "ten (10)".
_RESTATED = re.compile(r" ?\(\s?(\d{1,3}(?:,\d{3})*|\d{1,18})\s?\)")

_BOUND_GAP = re.compile(r"\s*+,?\s*+(?:(?:and|but)\s++)?", re.IGNORECASE)


def _merge_bounds(text: str, a: CountEstimate, b: CountEstimate, t: Tables) -> CountEstimate | None:
    """Join "more than 20 and fewer than 50" into one range, when nothing else stands between."""
    if a.end > b.start or b.start - a.end > 12:
        return None
    m = _BOUND_GAP.fullmatch(text, a.end, b.start)
    if m is None:
        return None
    last_word = a.text.split()[-1].lower()
    if not (a.text[-1].isdigit() or last_word in t.roles):
        return None  # "more than 5 killed and fewer than 10 injured": two claims
    kinds = {a.kind, b.kind}
    if kinds != {"lower_bound", "upper_bound"}:
        return None
    lo = a if a.kind == "lower_bound" else b
    hi = b if lo is a else a
    if hi.high is None or lo.low > hi.high:
        return None
    low, high = lo.low, hi.high
    return CountEstimate(
        low, (low + high) // 2, high, "range", text[a.start : b.end], a.start, b.end
    )


def scan(
    text: str, t: Tables, preset: dict[str, int] | None, *, first_only: bool = False
) -> list[CountEstimate]:
    """Return the counts in ``text`` in order (only the first with ``first_only``)."""
    out: list[CountEstimate] = []
    for run in runs(text, t):  # only runs that can hold a count ("of the" is left out)
        i = 0
        n = len(run)
        penult_and = _penultimate_and(run)
        while i < n:
            res = _parse_at(text, run, i, t, preset, penult_and)
            if res is None:
                i += 1
                continue
            est, k = res
            if est is not None and out and est.start < out[-1].end:
                est = None  # inside the previous count: "ten (10)" restates it
            if est is not None:
                merged = _merge_bounds(text, out[-1], est, t) if out else None
                if merged is not None:
                    out[-1] = merged
                else:
                    if first_only and out:
                        return out
                    out.append(est)
            i = max(k, i + 1)
    return out[:1] if first_only else out
