"""Event dates: find date phrases in a sentence and resolve them against ``published``.

One compiled pattern (built per vocabulary, from the lexicon's month and weekday names) finds
candidate phrases: "on February 7", "7 Feb 2018", "in March", "in 2017", "on Sunday",
"Tuesday's attack", "yesterday", "last week", "earlier this month". Only those phrases are
resolved:

- phrases that name a calendar day without a year go to dateparser (imported here and only
  here, lazily, with ``languages=["en"]`` and ``PREFER_DATES_FROM="past"``), cached per phrase;
  the year is then the latest that puts the day on or before ``published``;
- a month without a year is the latest such month on or before ``published``;
- day names and relative phrases ("yesterday", "last week", "two days ago") go to dateparser
  too, against a base of ``published``'s weekday, cached per (phrase, weekday); a weekday is
  the most recent such day *on or before* ``published`` (the same day when they coincide: a
  wire story filed on a Tuesday says "on Tuesday" of that day, where dateparser would answer a
  week earlier). What dateparser has no reading of is mapped onto what it reads: "earlier
  this month" is "this month", a weekend is its Saturday; "days ago", "a few days earlier" are
  the week before the report, "weeks ago" the month and a half before it.

A period (week, month, year) is represented by its middle day, clipped to the publication date
(ACLED's rule for week and month precision); the precision says how wide it is. No date after
``published`` or before 1900 is returned.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .._coerce import LAST_DATE
from ._sentences import Token
from ._vocab import Vocab

__all__ = ["DateMention", "date_pattern", "find_dates"]

_MIN_DATE = _dt.date(1900, 1, 1)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A resolved date phrase of a sentence (offsets relative to the sentence)."""

    start: int
    end: int
    date: _dt.date
    precision: str
    text: str
    possessive: bool = False  # "Tuesday's": the noun after it says what happened then
    #: preceded by "since", "from", "until", "by" ...: bounds a period, not an event date
    bound: bool = False


def _alt(words: list[str]) -> str:
    out = []
    for w in sorted(set(words), key=len, reverse=True):
        base = re.escape(w.rstrip("."))
        dot = r"\.?" if w.endswith(".") or len(w) <= 4 else ""
        out.append(f"(?:{base[0].upper()}{base[1:]}|{base.upper()}){dot}")
    return "|".join(out)


def date_pattern(v: Vocab) -> re.Pattern[str]:
    """Return the compiled candidate-date pattern of a vocabulary (built once per vocabulary)."""
    cached = _PATTERNS.get(id(v))
    if cached is not None and cached[0] is v:
        return cached[1]
    mon = _alt([m for m in v.months if m != "may"] + ["may"])
    wd = _alt(sorted(v.weekdays))
    year = r"(?:19|20)\d{2}"
    # after a day and month ("3 March 2300") or a month alone ("March 1500") four digits are
    # the date's year whatever their value, so a year out of range drops the date instead of
    # resolving the day against `published`; after "March 3," they may be a count ("March 3,
    # 1500 people fled"), and after "in" a bare number, so those keep the 1900-2099 years
    any_year = r"\d{4}"
    pat = rf"""
    (?P<dm>\b(?:(?:{wd}),?\s+)?(?:the\s+)?(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?(?:\s+of)?\s+
        (?P<m1>{mon})(?![\w])(?:,?\s+(?P<y1>{any_year})\b)?)
    | (?P<md>\b(?:(?:{wd}),?\s+)?(?P<m2>{mon})\s+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\b
        (?:,?\s+(?P<y2>{year})\b)?)
    | (?P<iso>\b(?P<iy>{any_year})-(?P<im>[01]\d)-(?P<id>[0-3]\d)\b)
    | (?P<my>\b(?:(?P<mq>[Ee]arly|[Mm]id-?|[Ll]ate|[Ee]nd\s+of|[Bb]eginning\s+of|[Tt]he\s+end\s+of)
        \s*)?(?P<m3>{mon})(?![\w])(?:,?\s+(?P<y3>{any_year})\b)?)
    | (?P<yr>\b(?P<yq>[Ii]n|[Dd]uring|[Tt]hroughout|[Ee]arly|[Ll]ate|[Mm]id-?)\s+
        (?:(?P<yq2>early|late|mid-?)\s*)?(?P<y4>{year})\b)
    | (?P<wd>\b(?:(?P<wq>[Ll]ast|[Oo]n|[Ll]ate|[Ee]arly|[Tt]his|[Oo]vernight|[Nn]ext)\s+)?
        (?P<w>{wd})(?P<wp>'s|’s)?(?![\w])(?:\s+(?:night|morning|evening|afternoon))?)
    | (?P<rel>\b(?i:yesterday(?:'s|’s)?|today(?:'s|’s)?|tonight|this\s+(?:morning|afternoon|evening)
        |(?:late\s+)?last\s+night
        |earlier\s+today|overnight
        |(?:(?:earlier|late|later)\s+)?this\s+(?:week|month|year)
        |earlier\s+in\s+the\s+(?:week|month|year)
        |last\s+(?:week|month|year|weekend)|(?:over|at|during)\s+the\s+weekend|this\s+weekend
        |(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{{1,2}})\s+
         (?:days?|weeks?|months?|years?)\s+ago
        |(?:(?:a\s+few|several|some)\s+)?(?:days|weeks)\s+(?:ago|earlier|later|after|before))\b)
    """
    # Every alternative starts at a word boundary with a word character: said once in front,
    # the engine passes over the inside of words without trying each alternative.
    compiled = re.compile(r"\b(?=\w)(?:" + pat + ")", re.VERBOSE)
    _PATTERNS[id(v)] = (v, compiled)
    return compiled


_PATTERNS: dict[int, tuple[Vocab, re.Pattern[str]]] = {}


def _mid(a: _dt.date, b: _dt.date) -> _dt.date:
    return a + (b - a) // 2


def _period(start: _dt.date, end: _dt.date, published: _dt.date | None) -> _dt.date | None:
    if published is not None:
        if start > published:
            return None
        end = min(end, published)
    return _mid(start, end)


def _dated(d: _dt.date | None, precision: str) -> tuple[_dt.date, str] | None:
    return None if d is None else (d, precision)


def _month_end(y: int, m: int) -> _dt.date:
    return _dt.date(y, m, calendar.monthrange(y, m)[1])


# dateparser reads the phrase; the year is then chosen against ``published`` (the most recent
# such day on or before it, which is what PREFER_DATES_FROM="past" does). Parsing against one
# fixed leap-year base keeps the cache keyed by the phrase alone, so documents with different
# publication dates share it.
_BASE = _dt.datetime(2000, 12, 31, 12)


@functools.lru_cache(maxsize=1)
def _parser() -> object:
    import dateparser.date  # lazy: heavy import, only when a date phrase needs it

    return dateparser.date.DateDataParser(
        languages=["en"],
        settings={"RELATIVE_BASE": _BASE, "PREFER_DATES_FROM": "past"},
    )


@functools.lru_cache(maxsize=4096)
def _month_day(phrase: str) -> tuple[int, int] | None:
    """Return month and day of a calendar phrase without a year ("February 7"), via dateparser."""
    data = _parser().get_date_data(phrase)  # type: ignore[attr-defined]
    if data is None or data.date_obj is None:
        return None
    return data.date_obj.month, data.date_obj.day


def _latest(month: int, day: int, published: _dt.date) -> _dt.date | None:
    """Return the most recent ``month``/``day`` on or before ``published``."""
    for year in (published.year, published.year - 1, published.year - 4):
        try:
            d = _dt.date(year, month, day)
        except ValueError:
            continue  # 29 February in a common year
        if d <= published:
            return d
    return None


def _month_num(v: Vocab, word: str) -> int | None:
    w = word.lower()
    return v.months.get(w) or v.months.get(w + ".") or v.months.get(w.rstrip("."))


def _resolve(
    m: re.Match[str], v: Vocab, published: _dt.date | None, before: list[str]
) -> tuple[_dt.date, str] | None:
    g = m.groupdict()
    if g["dm"] or g["md"]:
        day = int(g["d1"] or g["d2"])
        month = _month_num(v, g["m1"] or g["m2"])
        ys = g["y1"] or g["y2"]
        if month is None or not 1 <= day <= 31:
            return None
        if ys:
            try:
                return _dt.date(int(ys), month, day), "day"
            except ValueError:
                return None
        if published is None:
            return None
        md = _month_day(f"{calendar.month_name[month]} {day}")
        if md is None:
            return None
        d = _latest(md[0], md[1], published)
        return (d, "day") if d is not None else None
    if g["iso"]:
        try:
            return _dt.date(int(g["iy"]), int(g["im"]), int(g["id"])), "day"
        except ValueError:
            return None
    if g["my"]:
        month = _month_num(v, g["m3"])
        if month is None:
            return None
        ys = g["y3"]
        q = (g["mq"] or "").lower()
        if ys:
            y = int(ys)
        else:
            if g["m3"].lower() == "may" and not q and (not before or before[-1] not in _MAY_OK):
                return None  # "may" without a year or qualifier is the modal verb
            if published is None:
                return None
            y = published.year if month <= published.month else published.year - 1
        start, end = _dt.date(y, month, 1), _month_end(y, month)
        if q.startswith("early") or q.startswith("beginning"):
            end = start + _dt.timedelta(days=9)
        elif q.startswith("mid"):
            start, end = start + _dt.timedelta(days=10), start + _dt.timedelta(days=19)
        elif q.startswith("late") or "end" in q:
            start = end - _dt.timedelta(days=9)
        d = _period(start, end, published)
        return (d, "month") if d is not None else None
    if g["yr"]:
        y = int(g["y4"])
        q = ((g["yq2"] or "") or (g["yq"] or "")).lower()
        start, end = _dt.date(y, 1, 1), _dt.date(y, 12, 31)
        if q.startswith("early"):
            end = _dt.date(y, 4, 30)
        elif q.startswith("mid"):
            start, end = _dt.date(y, 5, 1), _dt.date(y, 8, 31)
        elif q.startswith("late"):
            start = _dt.date(y, 9, 1)
        d = _period(start, end, published)
        return (d, "year") if d is not None else None
    if published is None:
        return None
    if g["wd"]:
        q = (g["wq"] or "").lower()
        if q == "next":
            return None
        d = _weekday_back(published, g["w"].lower(), last=q == "last")
        return None if d is None else (d, "day")
    return _relative(g["rel"].lower(), published)


_MAY_OK = frozenset(
    {
        "in",
        "during",
        "since",
        "until",
        "by",
        "of",
        "last",
        "this",
        "early",
        "late",
        "mid",
        "from",
        "through",
        "throughout",
        "before",
        "after",
    }
)
_WORDS_BEFORE = re.compile(r"[\w'’-]+")


# Relative phrases are resolved by dateparser against a fixed base of the same weekday as
# ``published`` and the answer is moved by the same distance (in days, or in calendar months
# for a month or year): dateparser reads the language, the cache stays keyed by the phrase and a
# weekday, and no parser is built per publication date. 1 January 2001 was a Monday.
_REL_BASES = tuple(_dt.datetime(2001, 1, 1 + k, 12) for k in range(7))
#: A vague span of days ("days ago", "a few days earlier") is read as about half a week back,
#: at week precision: the event lies in the week before the report (ACLED's week precision).
_SPAN_BACK = r"\s+(?:ago|earlier|later|after|before)$"
_SOME_DAYS = re.compile(r"^(?:(?:a few|several|some)\s+)?days" + _SPAN_BACK)
_SOME_WEEKS = re.compile(r"^(?:(?:a few|several|some)\s+)?weeks" + _SPAN_BACK)


@functools.lru_cache(maxsize=8)
def _rel_parser(weekday: int) -> object:
    import dateparser.date  # lazy: heavy import, only when a relative phrase needs it

    return dateparser.date.DateDataParser(
        languages=["en"],
        settings={"RELATIVE_BASE": _REL_BASES[weekday], "PREFER_DATES_FROM": "past"},
    )


@functools.lru_cache(maxsize=4096)
def _rel_offset(phrase: str, weekday: int) -> tuple[str, int, str] | None:
    """Return how far back dateparser puts ``phrase`` from a base of ``weekday``.

    ``("days", n, period)`` or ``("months", n, period)``, ``period`` being dateparser's
    (day, week, month, year).
    """
    data = _rel_parser(weekday).get_date_data(phrase)  # type: ignore[attr-defined]
    if data is None or data.date_obj is None:
        return None
    got, base = data.date_obj, _REL_BASES[weekday]
    period = str(data.period or "day")
    if period in ("month", "year"):
        return "months", (got.year - base.year) * 12 + got.month - base.month, period
    return "days", (got.date() - base.date()).days, "day" if period == "part_of_day" else period


def _shift(p: _dt.date, off: tuple[str, int, str]) -> tuple[_dt.date, str]:
    unit, n, period = off
    if unit == "days":
        return p + _dt.timedelta(days=n), period
    y, m = divmod(p.year * 12 + p.month - 1 + n, 12)
    return _dt.date(y, m + 1, min(p.day, calendar.monthrange(y, m + 1)[1])), period


def _span(d: _dt.date, period: str) -> tuple[_dt.date, _dt.date]:
    """Return the calendar week (Monday first), month or year holding ``d``."""
    if period == "week":
        monday = d - _dt.timedelta(days=d.weekday())
        return monday, monday + _dt.timedelta(days=6)
    if period == "month":
        return d.replace(day=1), _month_end(d.year, d.month)
    if period == "year":
        return _dt.date(d.year, 1, 1), _dt.date(d.year, 12, 31)
    return d, d


@functools.lru_cache(maxsize=8192)
def _relative(phrase: str, p: _dt.date) -> tuple[_dt.date, str] | None:
    """Resolve a relative phrase ("yesterday", "last week", "two days ago") against ``p``.

    Cached per (phrase, publication date): a pure function of the two, and news text
    repeats a few phrases ("yesterday", "on Monday") for every document of a day.

    dateparser reads the phrase; a period is then represented by its middle day, clipped to
    the publication date (the module's rule). The project's own readings are only for what
    dateparser has none of: "earlier this month" is "this month", a weekend is its Saturday,
    and "days ago" is a week before the report.
    """
    s = " ".join(phrase.replace("’", "'").split())
    if s.endswith("'s"):
        s = s[:-2]  # "yesterday's bombing"
    s = s.replace("earlier in the ", "this ")
    s = re.sub(r"^(?:late |earlier |later )", "", s)
    if s in ("overnight", "tonight", "this morning", "this afternoon", "this evening"):
        s = "today"
    if s == "last night":
        s = "yesterday"
    if _SOME_DAYS.match(s):
        return _dated(_period(p - _dt.timedelta(days=7), p - _dt.timedelta(days=1), p), "week")
    if _SOME_WEEKS.match(s):
        return _dated(_period(p - _dt.timedelta(days=42), p - _dt.timedelta(days=7), p), "month")
    if s.endswith("weekend"):
        # The latest Saturday on or before the report; "last weekend" said on a weekend is
        # the one before.
        sat = _weekday_back(p, "saturday", last=False)
        if sat is None:
            return None
        if s.startswith("last") and p.weekday() >= 5:
            sat -= _dt.timedelta(days=7)
        return sat, "week"
    off = _rel_offset(s, p.weekday())
    if off is None:
        return None
    d, period = _shift(p, off)
    if period == "day" or (period == "week" and s.endswith("ago")):
        return d, period  # "two weeks ago": that day, give or take the week
    start, end = _span(d, period)
    return _dated(_period(start, end, p), period)


def _weekday_back(p: _dt.date, name: str, *, last: bool) -> _dt.date | None:
    """Return the latest weekday ``name`` on or before ``p`` (strictly before if ``last``)."""
    off = _rel_offset(name, p.weekday())
    if off is None or off[0] != "days":
        return None
    # dateparser puts a bare weekday a week back when it is the base's own weekday; a wire
    # story filed on a Tuesday says "on Tuesday" of that day ("last Tuesday" does not).
    back = 0 if off[1] == -7 and not last else off[1]
    return p + _dt.timedelta(days=back)


def _windows(sentence: str, tokens: Sequence[Token], v: Vocab) -> list[tuple[int, int]]:
    """Return the spans around tokens that can anchor a date phrase, merged.

    The date pattern runs only there: most of a sentence cannot hold a date.
    """
    n = len(tokens)
    spans: list[tuple[int, int]] = []
    if v.date_hint_re is not None and v.date_hint_re.search(" " + sentence.lower()) is None:
        return spans  # no anchor anywhere in the sentence (most sentences)
    anchors = v.date_anchors
    for i, t in enumerate(tokens):
        low = t.low
        c = low[:1]
        if not (
            low in anchors
            or (c.isalpha() and "'" in low and low.split("'")[0] in anchors)
            or (
                (c == "1" or c == "2")
                and len(low) >= 4
                and low[:2] in ("19", "20")
                and low[:4].isdigit()
            )
        ):
            continue
        a = tokens[max(0, i - 5)].start
        b = tokens[min(n - 1, i + 5)].end
        if spans and a <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(b, spans[-1][1]))
        else:
            spans.append((a, b))
    return spans


def find_dates(
    sentence: str, v: Vocab, published: _dt.date | None, tokens: Sequence[Token] | None = None
) -> list[DateMention]:
    """Return the resolved date phrases of a sentence (none after ``published``).

    ``tokens`` (the sentence's word tokens), when given, restrict the search to the
    neighbourhood of month, weekday and relative-date words and of years.

    Examples
    --------
    >>> from casualty_reconcile.lexicon import default_lexicon
    >>> from casualty_reconcile.claims._vocab import vocab_for
    >>> v = vocab_for(default_lexicon())
    >>> pub = _dt.date(2018, 2, 13)  # a Tuesday
    >>> [(d.text, d.date.isoformat(), d.precision) for d in find_dates(
    ...     "Five died on Sunday and three on Tuesday, after clashes on February 7.", v, pub)]
    [('on Sunday', '2018-02-11', 'day'), ('on Tuesday', '2018-02-13', 'day'),
     ('February 7', '2018-02-07', 'day')]
    >>> [(d.date.isoformat(), d.precision) for d in find_dates("earlier this month", v, pub)]
    [('2018-02-07', 'month')]
    """
    out: list[DateMention] = []
    pattern = date_pattern(v)
    spans = [(0, len(sentence))] if tokens is None else _windows(sentence, tokens, v)
    matches = [m for a, b in spans for m in pattern.finditer(sentence, a, b)]
    # "The deadliest strike of last week hit a hotel on Tuesday", "on Tuesday last week": a
    # bare weekday in a sentence that says "last week" is a day of last week, not of this one.
    last_week = published is not None and any(
        (m.group("rel") or "").lower() == "last week" for m in matches)
    for m in matches:
        before = [
            w.lower() for w in _WORDS_BEFORE.findall(sentence, max(0, m.start() - 40), m.start())
        ][-4:]
        res = _resolve(m, v, published, before)
        if res is None:
            continue
        d, precision = res
        if (last_week and m.group("wd") and (m.group("wq") or "").lower() in ("", "on")
                and published is not None):
            monday = published - _dt.timedelta(days=published.weekday())
            if d >= monday:
                d -= _dt.timedelta(days=7)
        if d < _MIN_DATE or d > LAST_DATE or (published is not None and d > published):
            continue
        if precision not in ("day", "week", "month", "year"):
            precision = "day"
        first = m.group().split()[0].lower()
        words = [*before, first] if first in ("on", "in", "during") else before
        bound = (
            not m.group("wp")
            and bool(words)
            and (
                v.date_exclude.match_ending_at(words, len(words) - 1) is not None
                or (
                    first in ("on", "in")
                    and v.date_exclude.match_ending_at(before, len(before) - 1) is not None
                )
            )
        )
        out.append(
            DateMention(
                m.start(),
                m.end(),
                d,
                precision,
                m.group(),
                bool(m.group("wp")) or m.group().endswith(("'s", "’s")),
                bound,
            )
        )
    return out
