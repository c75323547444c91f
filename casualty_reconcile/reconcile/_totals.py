"""What one document says in total, per category: its figures combined into one statement.

A report states a toll in pieces: a headline and a lede that repeat one figure, a sentence
that adds incidents ("two in Kunar and one in Logar"), a subgroup of a figure just given
("12 killed, including 3 children"), a denial. A coder reading it records one figure per
category, and so must the reconciler, or one document speaks with several voices.

The rules (docs/reconcile.md, "Document totals"):

1. **Voices.** A document's claims are read per voice: the claimant, else the document itself
   (unattributed narration, the headline). Voices are never summed.
2. **Within a sentence** (one voice, one category), claims are read in text order:

   - a *subgroup* is not added to its whole: a figure after an inclusion word ("including",
     "among them", the lexicon role ``include``/``among``) or followed by "of them"/"of
     whom" (a share);
   - a figure after a running-toll word ("raising the toll to 12") is a cumulative whole:
     it starts a new statement, as does a figure not joined to the one before by a
     coordinator ("12 killed: 5 soldiers and 7 civilians");
   - figures joined by a coordinator ("and", a comma, "as well as", "while", "plus") are
     *parts* and add up: "five soldiers were killed in Kunar and three policemen in Logar";
   - a figure followed by its exact breakdown ("20 killed, 12 civilians and 8 soldiers") is
     the whole, and the breakdown is not added again.

   The sentence's statement is its largest statement (a run of parts, summed).
3. **Across sentences and the headline** the same figure is usually restated or broken down
   ("At least 12 killed" in the headline, "Twelve people died ... three of the dead were
   children" in the body), so the voice's total is its largest statement, not a sum.
4. **Across voices** zero figures (a denial, "no one was killed") are set aside when another
   voice gives a positive figure (as reconcile's figures do); voices agreeing give their
   figure; voices disagreeing give their hull, with the lower median of their best figures
   as best, and kind ``range`` -- reported as a range, never summed.

Intervals add bound by bound: low + low, best + best, high + high (open when any is open).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .._types import MAX_COUNT
from ..claims._vocab import vocab_for
from ..lexicon import default_lexicon

if TYPE_CHECKING:
    import pandas as pd

    from ..lexicon import Lexicon

__all__ = ["TOTAL_COLUMNS", "document_totals", "statement_runs"]

#: The columns of :func:`document_totals`' frame, in order, with their dtypes.
TOTAL_COLUMNS: dict[str, str] = {
    "doc_id": "string",
    "category": "string",
    "low": "Int64",
    "best": "Int64",
    "high": "Int64",
    "kind": "string",
    "n_claims": "int64",
    "n_sources": "int64",
    "claim_ids": "object",
    "reason": "string",
}

# Grammar words that join parts of one toll (coordinators) and that mark a cumulative toll.
_COORDINATORS = re.compile(
    r"(?:\band\b|,|\bas well as\b|\bplus\b|\bwhile\b|\bwhereas\b|\balong with\b"
    r"|\balongside\b|\bin addition to\b|\bbesides\b|&)"
)
_SHARE = re.compile(r"^\W*(?:of\s+(?:them|whom|those|these)|among\s+them)\b")
_BREAK = re.compile(r"[:;()\[\]—–]|\s-\s")


class _Markers:
    """The lexicon's inclusion and running-toll words, as patterns over lower-case text."""

    def __init__(self, lexicon: Lexicon | None) -> None:
        v = vocab_for(lexicon or default_lexicon())
        include = sorted({" ".join(p) for p in v.include.words()}
                         | {" ".join(p) for p in v.among.words()}, key=len, reverse=True)
        tolls = sorted({" ".join(p) for p in v.tolls.words()}, key=len, reverse=True)
        self.include = _words_re(include) if include else None
        self.toll = _words_re(tolls) if tolls else None
        # the toll noun after its figure: "bringing to 20 the number of dead"
        self.toll_after = (re.compile(r"\s*(?:the\s+)?" + self.toll.pattern)
                           if self.toll is not None else None)


def _words_re(phrases: list[str]) -> re.Pattern[str]:
    alt = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in phrases)
    return re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])")


_MARKERS: dict[int, _Markers] = {}


def _markers(lexicon: Lexicon | None) -> _Markers:
    key = id(lexicon) if lexicon is not None else 0
    m = _MARKERS.get(key)
    if m is None:
        m = _Markers(lexicon)
        _MARKERS[key] = m
    return m


def statement_runs(
    sentence: str | None,
    texts: list[str | None],
    bests: list[int],
    *,
    unnamed: list[bool] | None = None,
    lexicon: Lexicon | None = None,
) -> tuple[list[int], list[bool]]:
    """Split the claims of one sentence (one voice, one category) into statements.

    ``texts`` are the claims' count phrases and ``bests`` their best figures; ``unnamed``
    says which claims name nobody in particular ("20 people"): only such a figure can be
    the whole of a breakdown that follows it. Returns, per
    claim, the number of its run (claims of one run are parts that add up) and whether it is
    set aside (a subgroup of its whole, or the breakdown of a figure just given). Claims whose
    phrase cannot be found in the sentence are runs of their own.

    Examples
    --------
    >>> statement_runs("Two were killed in Kunar and one in Logar.", ["Two", "one"], [2, 1])
    ([0, 0], [False, False])
    >>> statement_runs("12 people were killed, including 3 children.",
    ...                ["12 people", "3 children"], [12, 3])
    ([0, 0], [False, True])
    >>> statement_runs("Police killed 5, raising the toll to 12.", ["5", "12"], [5, 12])
    ([0, 1], [False, False])
    >>> statement_runs("Six more bodies were found, bringing to 20 the number of dead.",
    ...                ["Six", "20"], [6, 20])
    ([0, 1], [False, False])
    """
    n = len(texts)
    runs = list(range(n))
    aside = [False] * n
    if n < 2 or not sentence:
        return runs, aside
    low = sentence.lower()
    # Locate each phrase: successive occurrences for repeated phrases, in the order given.
    pos: list[tuple[int, int, int]] = []
    cursor: dict[str, int] = {}
    for i, t in enumerate(texts):
        if not t:
            continue
        tl = t.lower()
        at = low.find(tl, cursor.get(tl, 0))
        if at < 0:
            at = low.find(tl)
        if at < 0:
            continue
        cursor[tl] = at + len(tl)
        pos.append((at, at + len(tl), i))
    pos.sort()
    mk = _markers(lexicon)
    run = -1
    members: list[int] = []
    prev_end = -1
    for at, end, i in pos:
        after = low[end:end + 20]
        gap = low[prev_end:at] if prev_end >= 0 else ""
        if prev_end >= 0 and (
            _SHARE.search(after) or (mk.include is not None and mk.include.search(gap))
        ):
            aside[i] = True  # a subgroup of the figure just given
            runs[i] = run
            continue
        joined = (
            prev_end >= 0
            and _COORDINATORS.search(gap) is not None
            and not _BREAK.search(gap)
            and not (mk.toll is not None and mk.toll.search(gap))
            and not (mk.toll_after is not None and mk.toll_after.match(low, end, end + 60))
        )
        if joined:
            members.append(i)
        else:
            _breakdown(members, bests, unnamed, aside)
            members = [i]
            run = i
        runs[i] = run
        prev_end = end
    _breakdown(members, bests, unnamed, aside)
    return runs, aside


def _breakdown(members: list[int], bests: list[int], unnamed: list[bool] | None,
               aside: list[bool]) -> None:
    # "20 killed, 12 civilians and 8 soldiers": an unnamed figure is the whole of the named
    # parts after it ("three soldiers, two policemen and a civilian" is a list of parts).
    if (
        len(members) >= 3
        and unnamed is not None
        and unnamed[members[0]]
        and bests[members[0]] == sum(bests[k] for k in members[1:])
    ):
        for k in members[1:]:
            aside[k] = True


def _unnamed(victims: str | None, lexicon: Lexicon | None) -> bool:
    from ._text import normalise_victims, unspecific_victim_words

    return normalise_victims(victims, unspecific_victim_words(lexicon)) == ""


def _add(parts: list[tuple[int, int, int | None, str]]) -> tuple[int, int, int | None, str]:
    lo = sum(p[0] for p in parts)
    be = sum(p[1] for p in parts)
    hs = [p[2] for p in parts]
    hi = None if any(h is None for h in hs) else sum(h for h in hs if h is not None)
    if be > MAX_COUNT:
        # Parts that add up past the ceiling of a count of people: no sum is stored, only
        # what the statement surely says, at least its largest part (docs/semantics.md).
        top = _largest(parts)
        return top[0], top[1], None, "lower_bound"
    if hi is not None and hi > MAX_COUNT:
        hi = None  # the sum's upper bound is past the ceiling: open
    kinds = {p[3] for p in parts}
    if len(parts) == 1:
        kind = parts[0][3]
    elif hi is None:
        kind = "lower_bound"
    elif lo == hi:
        kind = "exact"
    elif len(kinds) == 1:
        kind = parts[0][3]
    else:
        kind = "range"
    return lo, be, hi, kind


def _largest(figs: list[tuple[int, int, int | None, str]]) -> tuple[int, int, int | None, str]:
    # The fullest statement: the largest best, then the largest low, then the narrowest.
    return max(figs, key=lambda f: (f[1], f[0], -_top(f[2])))


def voice_total(
    claims: list[dict[str, Any]], *, lexicon: Lexicon | None = None
) -> tuple[int, int, int | None, str]:
    """Return one voice's total in one document and category (rules 2 and 3).

    Each claim is a dict with ``sentence``, ``section``, ``count_text``, ``low``, ``best``,
    ``high`` (None: open) and ``kind``.
    """
    by_sentence: dict[tuple[Any, Any], list[dict[str, Any]]] = {}
    for c in claims:
        by_sentence.setdefault((c.get("section"), c.get("sentence")), []).append(c)
    statements: list[tuple[int, int, int | None, str]] = []
    for (_, sentence), cs in by_sentence.items():
        if len(cs) == 1:
            c = cs[0]
            statements.append((c["low"], c["best"], c["high"], c["kind"]))
            continue
        runs, aside = statement_runs(
            sentence, [c.get("count_text") for c in cs], [c["best"] for c in cs],
            unnamed=[_unnamed(c.get("victims"), lexicon) for c in cs], lexicon=lexicon)
        grouped: dict[int, list[tuple[int, int, int | None, str]]] = {}
        for c, r, a in zip(cs, runs, aside, strict=True):
            if not a:
                grouped.setdefault(r, []).append((c["low"], c["best"], c["high"], c["kind"]))
        statements.extend(_add(p) for p in grouped.values())
    return _largest(statements)


def combine_voices(
    figs: list[tuple[int, int, int | None, str]],
) -> tuple[int, int, int | None, str]:
    """Return the document's figure from its voices' totals (rule 4).

    Examples
    --------
    >>> combine_voices([(20, 20, 20, "exact"), (20, 20, None, "lower_bound")])
    (20, 20, 20, 'exact')
    >>> combine_voices([(5, 5, 5, "exact"), (9, 9, 9, "exact")])
    (5, 5, 9, 'range')
    >>> combine_voices([(0, 0, 0, "exact"), (20, 20, 20, "exact")])
    (20, 20, 20, 'exact')
    """
    pos = [f for f in figs if f[2] is None or f[2] > 0]
    use = pos or figs
    distinct = sorted(set(use), key=lambda f: (f[1], f[0], _top(f[2])))
    if len(distinct) == 1:
        return distinct[0]
    bests = sorted(f[1] for f in distinct)
    be = bests[(len(bests) - 1) // 2]
    lmax = max(f[0] for f in distinct)
    hmin = min(_top(f[2]) for f in distinct)
    if lmax <= hmin:
        # The voices agree: the document says what all of them allow (the headline's "20
        # killed" and the monitor's "at least 20" are 20).
        hi: int | None = None if hmin == _OPEN else hmin
        for f in distinct:
            if (f[0], f[2]) == (lmax, hi):
                return lmax, min(max(be, lmax), hmin), hi, f[3]
        kind = "exact" if lmax == hmin else ("lower_bound" if hi is None else "range")
        return lmax, min(max(be, lmax), hmin), hi, kind
    lo = min(f[0] for f in distinct)
    htop = max(_top(f[2]) for f in distinct)
    hi = None if htop == _OPEN else htop
    return lo, be, hi, "range" if hi is not None else "lower_bound"


_OPEN = 2**62


def _top(h: int | None) -> int:
    return _OPEN if h is None else h


def document_totals(claims: Any, *, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Return what each document says in total: one row per ``doc_id`` and ``category``.

    Parameters
    ----------
    claims : list of Claim, or DataFrame
        Claims (``extract_claims`` output), a claims frame (``extract_claims_frame``
        output, or a researcher's table with ``doc_id``), or a documents frame (claims are
        extracted first).
    lexicon : Lexicon, optional
        The vocabulary of inclusion and toll words (the shipped one by default).

    Returns
    -------
    DataFrame
        Columns ``doc_id``, ``category``, ``low``, ``best``, ``high`` (``<NA>``: no upper
        bound), ``kind``, ``n_claims``, ``n_sources`` (voices), ``claim_ids`` (a tuple of
        the claims behind the row) and ``reason``. Every input claim is in exactly one row: a
        placeholder claim (no figure) is in a row of its document with ``category`` and the
        figures missing and its ``reason``. A claim without ``doc_id`` is a document of its
        own. Rows are sorted by ``doc_id`` and ``category``.

    Examples
    --------
    >>> from casualty_reconcile import document_totals, extract_claims
    >>> claims = extract_claims(
    ...     "Afghan forces killed two Taliban fighters in Kunar and one in Logar. "
    ...     "Twelve civilians were wounded, including three children.",
    ...     title="Three Taliban killed in Kunar and Logar", doc_id="d1")
    >>> document_totals(claims)[["doc_id", "category", "low", "best", "high", "n_claims"]]
      doc_id category  low  best  high  n_claims
    0     d1  injured   12    12    12         2
    1     d1   killed    3     3     3         3
    """
    import pandas as pd

    from ._input import normalise_input
    from ._text import normalise_name

    frame = normalise_input(claims, lexicon=lexicon)
    rows: dict[tuple[str, Any, Any], list[dict[str, Any]]] = {}
    cols = ["claim_id", "doc_id", "source", "category", "low", "best", "high", "kind",
            "count_text", "victims", "sentence", "section", "reason"]
    recs: list[dict[str, Any]] = [
        {str(k): v for k, v in r.items()}
        for r in frame[cols].astype(object).where(frame[cols].notna(), None).to_dict("records")
    ]
    for r in recs:
        doc = r["doc_id"]
        dkey = f"d:{doc}" if doc is not None else f"c:{r['claim_id']}"
        if r["reason"] is not None or r["category"] is None or r["best"] is None:
            rows.setdefault((dkey, None, r["reason"] or "no figure"), []).append(r)
        else:
            rows.setdefault((dkey, r["category"], None), []).append(r)
    out: list[dict[str, Any]] = []
    for (_, cat, reason), rs in rows.items():
        ids = tuple(sorted(str(r["claim_id"]) for r in rs))
        base = {"doc_id": rs[0]["doc_id"], "category": cat, "n_claims": len(rs),
                "claim_ids": ids, "reason": reason}
        if cat is None:
            out.append({**base, "low": None, "best": None, "high": None, "kind": None,
                        "n_sources": 0})
            continue
        voices: dict[str, list[dict[str, Any]]] = {}
        for r in rs:
            r["low"], r["best"] = int(r["low"]), int(r["best"])
            r["high"] = None if r["high"] is None else int(r["high"])
            voices.setdefault(normalise_name(r["source"]), []).append(r)
        lo, be, hi, kind = combine_voices(
            [voice_total(v, lexicon=lexicon) for v in voices.values()])
        out.append({**base, "low": lo, "best": be, "high": hi, "kind": kind,
                    "n_sources": len(voices)})
    res = pd.DataFrame(out, columns=list(TOTAL_COLUMNS))
    res = res.sort_values(["doc_id", "category"], na_position="last", kind="stable",
                          key=lambda s: s.astype("string")).reset_index(drop=True)
    return res.astype({c: t for c, t in TOTAL_COLUMNS.items() if c != "claim_ids"})
