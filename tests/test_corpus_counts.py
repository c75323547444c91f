"""The count-phrase corpus (tests/corpus/counts_en.toml) and sentence-level find_counts.

One test per (expectation, phrase), id = the phrase, with duckling's full-span rule: the
phrase is one count expression from its first character to its last. The negative corpus
must give no count at all. New cases go in the corpus file, not here (see its header).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from casualty_reconcile import CountEstimate, find_counts, parse_count

CORPUS_PATH = Path(__file__).parent / "corpus" / "counts_en.toml"
FIELDS = ("low", "best", "high", "kind")
KINDS = {"exact", "approximate", "lower_bound", "upper_bound", "range", "vague"}


def _load() -> dict[str, Any]:
    with CORPUS_PATH.open("rb") as fh:
        return tomllib.load(fh)


CORPUS = _load()


def _expected(raw: dict[str, Any]) -> dict[str, Any]:
    # TOML has no null: "none" stands for an open upper bound.
    return {k: (None if v == "none" else v) for k, v in raw.items()}


def _positive_params() -> list[Any]:
    params = []
    for ex in CORPUS["example"]:
        expect = _expected(ex["expect"])
        marks = []
        if "xfail" in ex:
            marks.append(pytest.mark.xfail(strict=True, reason=ex["xfail"]))
        params.extend(
            pytest.param(phrase, expect, ex.get("inside", False), id=phrase, marks=marks)
            for phrase in ex["phrases"]
        )
    return params


def _negative_params() -> list[Any]:
    return [
        pytest.param(phrase, neg["what"], id=phrase)
        for neg in CORPUS["negative"]
        for phrase in neg["phrases"]
    ]


def _show(c: CountEstimate | None) -> str:
    if c is None:
        return "None"
    return f"{c.kind} [{c.low}, {c.best}, {c.high}] {c.text!r} @{c.start}:{c.end}"


# ----- the corpus file itself ------------------------------------------------------------


def test_corpus_is_well_formed() -> None:
    seen: set[str] = set()
    for ex in CORPUS["example"]:
        assert ex["provenance"] in {"hand_written", "from_reports", "bugs_caught"}, ex
        expect = _expected(ex["expect"])
        assert set(expect) <= set(FIELDS), ex
        assert expect["kind"] in KINDS, ex
        lo, best, hi = expect.get("low"), expect.get("best"), expect.get("high")
        if lo is not None and best is not None:
            assert lo <= best, ex
        if best is not None and hi is not None:
            assert best <= hi, ex
        for phrase in ex["phrases"]:
            assert phrase == phrase.strip() and phrase, phrase
            assert phrase not in seen, f"duplicate phrase {phrase!r}"
            seen.add(phrase)
    for neg in CORPUS["negative"]:
        for phrase in neg["phrases"]:
            assert phrase not in seen, f"duplicate phrase {phrase!r}"
            seen.add(phrase)
    assert len(seen) >= 400


# ----- positive corpus -------------------------------------------------------------------


@pytest.mark.parametrize(("phrase", "expect", "inside"), _positive_params())
def test_phrase(phrase: str, expect: dict[str, Any], inside: bool) -> None:
    found = find_counts(phrase)
    shown = [_show(c) for c in found]
    assert len(found) == 1, f"{phrase!r}: want one count spanning it, got {shown}"
    c = found[0]
    assert (c.start, c.end) == (0, len(phrase)), f"{phrase!r}: span is {shown}"
    assert c.text == phrase
    got = {f: getattr(c, f) for f in expect}
    assert got == expect, f"{phrase!r}: got {_show(c)}, want {expect}"
    if inside:
        assert c.high is not None and c.low < c.best < c.high, _show(c)
    assert parse_count(phrase) == c


@pytest.mark.parametrize(("phrase", "what"), _negative_params())
def test_not_a_count(phrase: str, what: str) -> None:
    found = find_counts(phrase)
    assert found == [], f"{phrase!r} ({what}) gave {[_show(c) for c in found]}"
    assert parse_count(phrase) is None


# ----- approximation width follows roundness (spec s.1) ------------------------------------


@pytest.mark.parametrize(
    ("round_phrase", "exact_phrase"),
    [
        ("about 100", "about 97"),
        ("around 1,000", "around 1,013"),
        ("some 500", "some 487"),
        ("approximately 200", "approximately 193"),
        ("nearly 1,000", "nearly 987"),
        ("roughly 60", "roughly 61"),
    ],
)
def test_round_numbers_are_read_more_loosely(round_phrase: str, exact_phrase: str) -> None:
    r, e = parse_count(round_phrase), parse_count(exact_phrase)
    assert r is not None and e is not None
    assert r.high is not None and e.high is not None
    assert r.high - r.low > e.high - e.low, (_show(r), _show(e))


# ----- sentences: every count, in order, with offsets ---------------------------------------


def _check_spans(text: str, found: list[CountEstimate]) -> None:
    prev_end = 0
    for c in found:
        assert text[c.start : c.end] == c.text, _show(c)
        assert c.start >= prev_end, f"overlap or disorder at {_show(c)}"
        assert c.start < c.end
        prev_end = c.end


def _starts_at(text: str, c: CountEstimate, figure: str, noun: str) -> None:
    """The span starts at ``figure`` and ends after it, at most after ``figure noun``."""
    i = text.index(figure)
    assert c.start == i, _show(c)
    assert c.end in {i + len(figure), i + len(figure) + 1 + len(noun)}, _show(c)


def test_two_counts_killed_and_wounded() -> None:
    text = "12 killed and 30 wounded"
    found = find_counts(text)
    assert [(c.best, c.kind) for c in found] == [(12, "exact"), (30, "exact")], found
    _check_spans(text, found)
    _starts_at(text, found[0], "12", "killed")
    _starts_at(text, found[1], "30", "wounded")
    assert parse_count(text) == found[0]


def test_several_counts_in_order() -> None:
    text = (
        "Officials said at least 17 people were killed, more than 40 were wounded and "
        "about 200 fled, while up to 1,000 remain unaccounted for."
    )
    found = find_counts(text)
    _check_spans(text, found)
    got = [(c.low, c.best, c.high, c.kind) for c in found]
    assert got == [
        (17, 17, None, "lower_bound"),
        (41, 41, None, "lower_bound"),
        (160, 200, 240, "approximate"),
        (0, 1000, 1000, "upper_bound"),
    ], [_show(c) for c in found]
    heads = ["at least 17", "more than 40", "about 200", "up to 1,000"]
    for c, head in zip(found, heads, strict=True):
        assert c.text.startswith(head), _show(c)


def test_vague_and_ranges_in_a_sentence() -> None:
    text = "Several dozen fighters died; between 10 and 15 civilians and hundreds of others fled."
    found = find_counts(text)
    _check_spans(text, found)
    assert [c.kind for c in found] == ["vague", "range", "vague"], [_show(c) for c in found]
    assert (found[0].low, found[0].best, found[0].high) == (36, 60, 108)
    assert (found[1].low, found[1].high) == (10, 15)
    assert (found[2].low, found[2].best, found[2].high) == (200, 300, 999)


def test_not_counts_inside_a_sentence_are_skipped() -> None:
    text = (
        "On February 7, 2018, the 5th brigade lost 12 soldiers near Route 7, "
        "40 km from an F-16 base."
    )
    found = find_counts(text)
    _check_spans(text, found)
    assert [c.best for c in found] == [12], [_show(c) for c in found]
    _starts_at(text, found[0], "12", "soldiers")


def test_offsets_are_in_characters_after_non_ascii_text() -> None:
    text = "Ḥamāh — «Ärzte» zählten: more than 30 killed, nobody else 😐 and 7 wounded"
    found = find_counts(text)
    _check_spans(text, found)
    assert [c.best for c in found] == [31, 0, 7], [_show(c) for c in found]
    assert found[0].start == text.index("more than 30")


def test_no_count_in_plain_prose() -> None:
    text = "The ministry said the situation was calm and that talks would resume next week."
    assert find_counts(text) == []
    assert parse_count(text) is None


def test_empty_text() -> None:
    assert find_counts("") == []
    assert parse_count("") is None


@pytest.mark.parametrize(
    "text",
    [
        "a brace of eight adults",
        "both 5 soldiers",
        "no 5 soldiers",
        "a pair of three civilians",
        "a single 12 people",
    ],
)
def test_fixed_phrase_before_a_numeral_does_not_overlap(text: str) -> None:
    # Found by test_count_properties: a fixed-count phrase ("both", "no", "a pair of") that
    # looks two words ahead for its noun swallowed a numeral count that was also reported.
    _check_spans(text, find_counts(text))


def test_counts_in_long_text_are_all_found() -> None:
    unit = "In the north 12 killed and 30 wounded, said officials. "
    text = unit * 50
    found = find_counts(text)
    _check_spans(text, found)
    assert [c.best for c in found] == [12, 30] * 50
