"""Other projects' number-parsing suites (tests/data/peer/), scored as the team's scorer does.

The scoring rules are those of ``score_peer_suites.py`` (shared tools, outside the repo):
only cases about counts of people are kept (whole non-negative numbers and ranges of them);
ordinals and percentages are not counts, so for those suites the expected answer is "no
count". A case agrees when

- value / extract_first: ``parse_count(input).best == v`` and ``low <= v <= high``;
- extract (number): some ``find_counts(input)`` result has ``best == v`` and v inside;
- extract (interval): some result has the same integer bounds (an open low side -> 0);
- reject / not-a-count: ``parse_count(input) is None``.

Every case that disagrees must be listed: in ``expected_differences.toml`` with the reason
the library's semantics differ on purpose (a date is not a count), or in ``known_bugs.toml``
as a bug not fixed yet (strict: a listed bug that starts to agree fails the test, so the
list cannot rot).

The agreement bar (90%) is measured on the cases where the library means what the peer
means, i.e. with the deliberate differences set aside; the raw agreement over every case is
reported beside it (docs/peer-suites.md). Raw, 90% is out of reach under the spec: the
scorer keeps 138 number-parser rows that read ordinals as numbers ("eleventh" = 11) as count
cases, although the spec says ordinals are not counts.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import casualty_reconcile as cr

PEER_DIR = Path(__file__).parent / "data" / "peer"
EXPECTED_DIFFERENCES = PEER_DIR / "expected_differences.toml"
KNOWN_BUGS = PEER_DIR / "known_bugs.toml"
MIN_AGREEMENT = 0.90

# The scorer's suite lists, in its order (recognizers_numberrange_en is left out there:
# its default mode writes closed ranges as half-open; the experimental file is closed).
COUNT_SUITES = [
    "recognizers_number_en",
    "recognizers_number_experimental_en",
    "recognizers_numberrange_experimental_en",
    "duckling_numeral_en",
    "number_parser_en",
    "text2num_en",
    "text2num_rs_en",
    "w2n_en",
    "numerizer_en",
    "quantulum3_spellout_en",
    "compromise_values_en",
]
NOT_COUNT_SUITES = ["recognizers_ordinal_en", "recognizers_percent_en", "duckling_ordinal_en"]

Case = tuple[str, str, str, Any, dict[str, Any]]


def _int_bounds(e: dict[str, Any]) -> tuple[int | None, int | None] | None:
    lo, hi = e["low"], e["high"]
    if lo is not None:
        if not float(lo).is_integer():
            return None
        lo = int(lo) + (1 if e.get("low_inclusive") is False else 0)
    if hi is not None:
        if not float(hi).is_integer():
            return None
        hi = int(hi) - (1 if e.get("high_inclusive") is False else 0)
    return lo, hi


def _agrees_value(r: cr.CountEstimate | None, v: int) -> bool:
    return r is not None and r.best == v and r.low <= v and (r.high is None or v <= r.high)


def _agrees_interval(r: cr.CountEstimate | None, b: tuple[int | None, int | None]) -> bool:
    lo, hi = b
    return r is not None and (r.low == lo or (lo is None and r.low == 0)) and r.high == hi


def _cases() -> Iterator[Case]:
    for name in COUNT_SUITES + NOT_COUNT_SUITES:
        path = PEER_DIR / f"{name}.jsonl"
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                c = json.loads(line)
                t, e = c["task"], c["expected"]
                if c.get("kind") == "ordinal" and e is None:
                    # an ordinal parser refusing a non-ordinal ("fifty five") says nothing
                    # about counts
                    continue
                if name in NOT_COUNT_SUITES or c.get("kind") == "ordinal":
                    if t in ("extract", "value") and c.get("matched_text"):
                        yield name, "not_count", c["matched_text"], None, c
                    continue
                if t == "reject":
                    yield name, "reject", c["input"], None, c
                elif isinstance(e, dict):
                    b = _int_bounds(e)
                    if b is not None and (b[0] is None or b[0] >= 0):
                        yield name, "interval", c["input"], b, c
                elif (
                    isinstance(e, int | float)
                    and not isinstance(e, bool)
                    and float(e).is_integer()
                    and e >= 0
                ):
                    kind = (
                        "extract"
                        if t == "extract"
                        else "value"
                        if t in ("value", "extract_first")
                        else None
                    )
                    if kind:
                        yield name, kind, c["input"], int(e), c


def _agrees(kind: str, text: str, want: Any) -> bool:
    try:
        if kind == "value":
            return _agrees_value(cr.parse_count(text), want)
        if kind == "extract":
            return any(_agrees_value(r, want) for r in cr.find_counts(text))
        if kind == "interval":
            return any(_agrees_interval(r, want) for r in cr.find_counts(text))
        return cr.parse_count(text) is None
    except Exception:  # the scorer counts a crash as a disagreement
        return False


def _expected_differences() -> dict[str, dict[str, Any]]:
    with EXPECTED_DIFFERENCES.open("rb") as fh:
        doc = tomllib.load(fh)
    out: dict[str, dict[str, Any]] = {}
    for d in doc.get("difference", []):
        assert d["case_id"] not in out, f"listed twice: {d['case_id']}"
        assert isinstance(d.get("reason"), str) and len(d["reason"]) > 10, d
        out[d["case_id"]] = d
    return out


@pytest.fixture(scope="module")
def scored() -> list[tuple[Case, bool]]:
    return [(case, _agrees(case[1], case[2], case[3])) for case in _cases()]


def test_peer_suites_are_the_scorers() -> None:
    for name in COUNT_SUITES + NOT_COUNT_SUITES:
        assert (PEER_DIR / f"{name}.jsonl").is_file(), name


def _known_bugs() -> dict[str, dict[str, Any]]:
    with KNOWN_BUGS.open("rb") as fh:
        doc = tomllib.load(fh)
    out: dict[str, dict[str, Any]] = {}
    for d in doc.get("bug", []):
        assert d["case_id"] not in out, f"listed twice: {d['case_id']}"
        assert isinstance(d.get("why"), str) and len(d["why"]) > 10, d
        out[d["case_id"]] = d
    return out


def test_overall_agreement(scored: list[tuple[Case, bool]]) -> None:
    agree = sum(ok for _, ok in scored)
    assert scored, "no peer cases were read"
    listed = _expected_differences()
    deliberate = sum(1 for c, ok in scored if not ok and c[4]["case_id"] in listed)
    comparable = len(scored) - deliberate
    rate = agree / comparable
    raw = agree / len(scored)
    assert rate >= MIN_AGREEMENT, (
        f"peer agreement on comparable cases {agree}/{comparable} = {rate:.3f} < "
        f"{MIN_AGREEMENT} (raw {agree}/{len(scored)} = {raw:.3f}; {deliberate} deliberate)"
    )
    # a floor under the raw figure too, so that a regression hidden by new listings shows
    assert raw >= 0.79, f"raw peer agreement fell to {raw:.3f}"


def test_every_disagreement_is_listed(scored: list[tuple[Case, bool]]) -> None:
    listed = _expected_differences()
    bugs = _known_bugs()
    unlisted = [
        f"{c[4]['case_id']}: {c[1]} {c[2]!r} want {c[3]!r}"
        for c, ok in scored
        if not ok and c[4]["case_id"] not in listed and c[4]["case_id"] not in bugs
    ]
    assert not unlisted, f"{len(unlisted)} unexpected disagreements:\n" + "\n".join(unlisted)


def test_lists_are_current(scored: list[tuple[Case, bool]]) -> None:
    """A listed difference or bug that now agrees (or names no scored case) must be removed."""
    listed = _expected_differences()
    bugs = _known_bugs()
    assert not set(listed) & set(bugs), "a case is both deliberate and a bug"
    by_id = {c[4]["case_id"]: (c, ok) for c, ok in scored}
    stale = [cid for cid in [*listed, *bugs] if cid not in by_id or by_id[cid][1]]
    assert not stale, f"listed but not disagreeing (remove them): {stale}"
    for cid, d in {**listed, **bugs}.items():
        assert d.get("input") == by_id[cid][0][2], f"{cid}: input does not match the suite"
