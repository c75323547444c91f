"""The extractor's fast paths give what the plain code they replace gives (issue 10).

Each speed-up of claims/ keeps a slower, plainer form of the same step; these properties
check the two agree on hypothesis text built from the words that matter (date words, years,
actor names, apostrophes, hyphens, Unicode). The whole-corpus check, claim for claim, is
``tools/compare_claims.py``.
"""

from __future__ import annotations

import datetime as _dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from casualty_reconcile.claims._dates import _relative, _windows, date_pattern
from casualty_reconcile.claims._extract import _WORDS
from casualty_reconcile.claims._sentences import _TOKEN, Token, tokenize
from casualty_reconcile.claims._vocab import Vocab, trie_pattern, vocab_for
from casualty_reconcile.lexicon import default_lexicon

V = vocab_for(default_lexicon())

_PIECES = [
    "Monday", "monday's", "Tuesday’s", "MAY", "may", "March", "mar.", "Sept.", "2017", "1999",
    "20th", "2019-03-04", "yesterday", "last", "week", "days", "ago", "tonight", "mayor",
    "Chicago", "knight", "the", "army", "SDF", "Syrian Democratic Forces", "Islamic State",
    "killed", "5", "12,000", "pro-government", "U.S.", "al-Qaeda", "ſunday", "\u212aabul",
    "İdlib", "ΟΔΟΣ", "’", "'", "-", ".", ",", "\u00a0", "\n", " ", "  ", "“", "”", "é",
]
texts = st.lists(st.sampled_from(_PIECES), max_size=25).map(lambda ws: " ".join(ws)) | st.text(
    max_size=60
)


def _tokenize_plain(sentence: str) -> list[Token]:
    out = []
    for m in _TOKEN.finditer(sentence):
        w = m.group()
        low = w.lower().replace("’", "'")
        out.append(Token(w, low, m.start(), m.end()))
    return out


def _windows_plain(sentence: str, tokens: list[Token], v: Vocab) -> list[tuple[int, int]]:
    """``_windows`` without its pre-check on the whole sentence."""
    plain = Vocab(**{f: getattr(v, f) for f in v.__slots__})  # type: ignore[attr-defined]
    plain.date_hint_re = None
    return _windows(sentence, tokens, plain)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_tokenize_matches_the_plain_loop(s: str) -> None:
    assert tokenize(s) == _tokenize_plain(s)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_date_word_search_matches_the_word_loop(s: str) -> None:
    low = s.lower()
    words = _WORDS.findall(low)
    plain = any(w in V.date_anchors or (len(w) == 4 and w[:2] in ("19", "20")) for w in words)
    assert V.date_word_re is not None
    assert (V.date_word_re.search(low) is not None) == plain


@settings(max_examples=300, deadline=None)
@given(texts)
def test_date_windows_precheck_changes_nothing(s: str) -> None:
    toks = tokenize(s)
    assert _windows(s, toks, V) == _windows_plain(s, toks, V)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_date_pattern_prefix_changes_no_match(s: str) -> None:
    fast = date_pattern(V)
    assert fast.pattern.startswith(r"\b(?=\w)(?:")
    plain = re.compile(fast.pattern[len(r"\b(?=\w)(?:") : -1], re.VERBOSE)
    assert [m.span() for m in fast.finditer(s)] == [m.span() for m in plain.finditer(s)]


@settings(max_examples=300, deadline=None)
@given(texts)
def test_actor_pattern_lookahead_changes_no_match(s: str) -> None:
    assert V.actor_re is not None
    names = [
        w
        for e in default_lexicon().section("casualty").values()
        if e["role"] in ("actor_name", "actor_state")
        for w in e["words"]
    ]
    plain = re.compile(rf"(?<![\w-])(?:{trie_pattern(names)})(?![\w-])")
    assert [m.span() for m in V.actor_re.finditer(s)] == [m.span() for m in plain.finditer(s)]


_RELATIVE = ["yesterday", "today", "last week", "this month", "two days ago", "a week ago",
             "last weekend", "days ago", "earlier this week", "last month", "tonight"]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(_RELATIVE),
       st.dates(min_value=_dt.date(1990, 1, 1), max_value=_dt.date(2030, 12, 31)))
def test_relative_dates_cache_gives_the_uncached_answer(phrase: str, pub: _dt.date) -> None:
    # cached per (phrase, published): the cache answers what the function computes
    assert _relative(phrase, pub) == _relative.__wrapped__(phrase, pub)


def test_examples_of_each_fast_path() -> None:
    s = "On Monday’s raid in Kabul 5 were killed, the SDF said; Mayor's office said 2017."
    toks = tokenize(s)
    assert [t.low for t in toks][:3] == ["on", "monday's", "raid"]
    assert _windows(s, toks, V) != []
    assert _windows("Five soldiers were killed near the mayor's office.", tokenize(
        "Five soldiers were killed near the mayor's office."), V) == []
    assert V.date_word_re is not None and V.date_word_re.search("talks in 2017") is not None
    assert V.date_word_re.search("the mayor of chicago") is None
