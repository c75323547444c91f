"""Invariants of parse_count / find_counts on generated text (hypothesis).

Phrases are built from the shipped lexicon's own vocabulary (number words, multipliers,
hedges, vague words, zero phrases, people nouns), digits written with and without
separators, and arbitrary unicode text around them, so the properties exercise the same
words the scanner knows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from decimal import Decimal
from importlib import resources
from typing import TypeVar

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casualty_reconcile import CountEstimate, find_counts, parse_count
from casualty_reconcile.errors import CasualtyReconcileError
from casualty_reconcile.lexicon import default_lexicon

T = TypeVar("T")
KINDS = {"exact", "approximate", "lower_bound", "upper_bound", "range", "vague"}
LEX = default_lexicon()


def _phrases(section: str, field: str = "phrases") -> list[str]:
    return sorted({p for entry in LEX.section(section).values() for p in entry[field]})


def _multipliers() -> list[str]:
    text = (resources.files("casualty_reconcile.lexicon") / "data" / "multipliers.txt").read_text(
        "utf-8"
    )
    words: set[str] = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if "=" in line:
            parts = [p.strip() for p in line.split("=")]
            words.add(parts[0])
            words.update(p for p in parts[2:] if p and not p[0].isdigit())
    return sorted(words)


NUMBER_WORDS = sorted(LEX.section("numbers"))
MULTIPLIERS = _multipliers()
HEDGES = _phrases("hedges")
VAGUE = _phrases("vague")
ZEROS = _phrases("fixed")  # no one, no + noun, a single, both ...
PEOPLE = _phrases("people", "words")
JOINERS = [" ", " ", " ", "-", " and ", ", ", "–", " or ", " to ", "\u00a0", "\n", ""]
FILLER = [
    "killed",
    "were",
    "the",
    "in",
    "said",
    "on",
    "February",
    "2018",
    "%",
    "km",
    "pm",
    "F-16",
    "5th",
    "year-old",
    "of the",
    "(",
    ")",
    ".",
    "$",
    "Route",
]


@st.composite
def digits(draw: st.DrawFn) -> str:
    n = draw(st.integers(min_value=0, max_value=10**12))
    style = draw(st.sampled_from(["plain", "comma", "space", "decimal"]))
    if style == "comma":
        return f"{n:,}"
    if style == "space":
        return f"{n:,}".replace(",", " ")
    if style == "decimal":
        return f"{draw(st.integers(0, 999))}.{draw(st.integers(0, 99))}"
    return str(n)


TOKEN = st.one_of(
    st.sampled_from(NUMBER_WORDS),
    st.sampled_from(MULTIPLIERS),
    st.sampled_from(HEDGES),
    st.sampled_from(VAGUE),
    st.sampled_from(ZEROS),
    st.sampled_from(PEOPLE),
    st.sampled_from(FILLER),
    digits(),
    st.text(max_size=6),
)


@st.composite
def phrases(draw: st.DrawFn) -> str:
    tokens = draw(st.lists(TOKEN, min_size=1, max_size=12))
    out = [tokens[0]]
    for tok in tokens[1:]:
        out.append(draw(st.sampled_from(JOINERS)))
        out.append(tok)
    text = "".join(out)
    if draw(st.booleans()):
        text = draw(st.sampled_from([str.upper, str.title, str.lower]))(text)
    return text


def _call(fn: Callable[[str], T], text: str) -> tuple[T | None, bool]:
    """Call fn(text); the library's own errors are an allowed outcome (then ``ok`` is False)."""
    try:
        return fn(text), True
    except CasualtyReconcileError:
        return None, False


def _check_estimate(c: CountEstimate) -> None:
    for f in (c.low, c.best):
        assert type(f) is int and f >= 0, c
    assert c.high is None or (type(c.high) is int and c.high >= 0), c
    assert c.low <= c.best <= (math.inf if c.high is None else c.high), c
    assert c.kind in KINDS, c


def _check_spans(text: str, found: list[CountEstimate]) -> None:
    prev_end = 0
    for c in found:
        _check_estimate(c)
        assert 0 <= c.start < c.end <= len(text), c
        assert text[c.start : c.end] == c.text, c
        assert c.start >= prev_end, f"spans overlap or are out of order: {found}"
        prev_end = c.end


SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(phrases())
def test_generated_phrases_give_ordered_valid_intervals(text: str) -> None:
    found, ok = _call(find_counts, text)
    if not ok:
        return
    assert isinstance(found, list)
    _check_spans(text, found)


@SETTINGS
@given(phrases())
def test_parse_count_is_the_first_of_find_counts(text: str) -> None:
    found, ok = _call(find_counts, text)
    first, ok2 = _call(parse_count, text)
    assert ok == ok2, "parse_count and find_counts disagree on whether the input is readable"
    if not ok:
        return
    assert first == (found[0] if found else None)


@SETTINGS
@given(st.text())
def test_any_text_gives_counts_or_a_library_error(text: str) -> None:
    # Anything other than a CasualtyReconcileError escaping here is a bug.
    found, ok = _call(find_counts, text)
    if ok:
        _check_spans(text, found)
        first, _ = _call(parse_count, text)
        assert first == (found[0] if found else None)


@SETTINGS
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200), phrases())
def test_counts_survive_surrounding_text(prefix: str, phrase: str) -> None:
    text = prefix + " " + phrase + " " + prefix
    found, ok = _call(find_counts, text)
    if ok:
        _check_spans(text, found)


@SETTINGS
@given(st.integers(min_value=0, max_value=10**9))
def test_plain_integers_with_a_people_noun_are_exact(n: int) -> None:
    # "N people" is an exact count of N for any N, however written with separators.
    for written in (str(n), f"{n:,}"):
        c = parse_count(f"{written} people")
        assert c is not None, written
        assert (c.low, c.best, c.high, c.kind) == (n, n, n, "exact"), (written, c)


@SETTINGS
@given(
    st.integers(min_value=1, max_value=999),
    st.integers(min_value=0, max_value=99),
    st.sampled_from([("thousand", 10**3), ("million", 10**6), ("billion", 10**9)]),
)
def test_decimal_times_a_multiplier_is_exact(whole: int, frac: int, mult: tuple[str, int]) -> None:
    # "8.2 million" is 8,200,000 exactly: decimal arithmetic, not binary floating point
    # (8.2 * 10**6 == 8199999.999999999).
    word, factor = mult
    written = f"{whole}.{frac:02d}"
    value = int(Decimal(written) * factor)
    c = parse_count(f"{written} {word} people")
    assert c is not None, written
    assert (c.low, c.best, c.high, c.kind) == (value, value, value, "exact"), (written, word, c)


@SETTINGS
@given(st.integers(min_value=1, max_value=10**6), st.sampled_from(HEDGES))
def test_every_hedge_gives_a_valid_interval_around_its_number(n: int, hedge: str) -> None:
    entry = next(e for e in LEX.section("hedges").values() if hedge in e["phrases"])
    text = f"{hedge} {n:,}" if entry["position"] == "before" else f"{n:,} {hedge}"
    found, ok = _call(find_counts, text)
    if not ok:
        return
    _check_spans(text, found)
    assert found, f"{text!r} gave no count"
    # the interval holds N or sits next to it (strict bounds move by one)
    c = found[-1] if entry["position"] == "before" else found[0]
    hi = math.inf if c.high is None else c.high
    assert c.low - 1 <= n <= hi + 1, (text, c)


def test_vocabulary_was_loaded() -> None:
    # Guards the generators above against an empty lexicon section.
    for name, words in {
        "numbers": NUMBER_WORDS,
        "multipliers": MULTIPLIERS,
        "hedges": HEDGES,
        "vague": VAGUE,
        "fixed": ZEROS,
        "people": PEOPLE,
    }.items():
        assert words, name
    assert all(re.fullmatch(r"[A-Za-z]+", m) for m in MULTIPLIERS), MULTIPLIERS
