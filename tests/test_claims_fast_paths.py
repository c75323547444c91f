"""The extractor's fast paths give what the plain code they replace gives (issue 10).

Each speed-up of claims/ keeps a slower, plainer form of the same step; these properties
check the two agree on hypothesis text built from the words that matter (date words, years,
actor names, apostrophes, hyphens, Unicode). The whole-corpus check, claim for claim, is
``tools/compare_claims.py``.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casualty_reconcile.claims._dates import _relative, _windows, date_pattern
from casualty_reconcile.claims._extract import _WORDS
from casualty_reconcile.claims._sentences import (
    _BOUNDARY,
    _TOKEN,
    Token,
    split_sentences,
    tokenize,
)
from casualty_reconcile.claims._vocab import PhraseSet, Vocab, trie_pattern, vocab_for
from casualty_reconcile.counts._lex import (
    DASHES,
    NO_ROLES,
    Tok,
    _lexemes,
    _num_tok,
    case_free_lower,
    runs,
)
from casualty_reconcile.counts._tables import tables_for
from casualty_reconcile.errors import ColumnError, InputError
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
    assert (V.date_word_re.search(" " + low) is not None) == plain


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
    assert V.date_word_re is not None and V.date_word_re.search(" talks in 2017") is not None
    assert V.date_word_re.search(" the mayor of chicago") is None
    assert V.date_word_re.search(" monday's strike") is None  # a [\w'] word, not an anchor
    assert V.date_word_re.search("monday, five") is None  # no character before the word
    assert V.date_word_re.search(" on monday, five") is not None
    assert V.date_word_re.search(" x2017 and 20177") is None


# ----------------------------------------------------------------- count lexer, phrase sets
_T = tables_for(default_lexicon())

_LEX_PIECES = [
    "more than", "MORE THAN", "a lot of", "A\nlot  of", "dozens of", "five", "Five", "twenty-five",
    "1,000", "12.000", "1 000", "5k", "2bn", "3E5", "1.5e3", ".5", "approx.", "approx.5",
    "Approx.five", "ca.", "c.", "<", "<=", "< =", "> =", ">", "~", "+", "≤", "≥", "<5", "~50",
    "+10", ">five", "and", "of", "to", "a", "an", "the", "killed", "_", "x", "\u212a", "ſ",
    "İ", "ı", "Ömer", "é", "µ", "ß", "Σ", "’", "“", "–", "-", ".", ",", "\u00a0", "\u202f", "\n",
    " ", "٣",
]
lex_texts = st.lists(st.sampled_from(_LEX_PIECES), max_size=20).map(
    lambda ws: "".join(ws)
) | st.lists(st.sampled_from(_LEX_PIECES), max_size=20).map(lambda ws: " ".join(ws)) | st.text(
    max_size=40
)


def _lexemes_plain(text: str) -> list[tuple[int, int, str | None, str]]:
    return [
        (m.start(), m.end(), m.group("num"), m.group().lower()) for m in _T.lexeme.finditer(text)
    ]


@settings(max_examples=500, deadline=None)
@given(lex_texts)
def test_fast_lexeme_search_matches_the_plain_pattern(s: str) -> None:
    assert _lexemes(s, _T) == _lexemes_plain(s)


@settings(max_examples=300, deadline=None)
@given(lex_texts)
def test_case_free_lower_only_when_lower_casing_keeps_matches(s: str) -> None:
    low = case_free_lower(s)
    if low is not None:
        assert low == s.lower() and len(low) == len(s)
        # ignore-case over the text is plain matching over the lower-cased text
        for word in ("k", "s", "i", "more than", "five", "[a-z]+", "[eE]\\d"):
            got = [m.span() for m in re.finditer(word, s, re.IGNORECASE)]
            assert got == [m.span() for m in re.finditer(word, low)]


def _match_at_plain(ps: PhraseSet[Any], lows: list[str], i: int) -> tuple[int, Any] | None:
    if i < 0 or i >= len(lows):
        return None
    for words, payload in ps.by_first.get(lows[i], ()):
        k = len(words)
        if tuple(lows[i : i + k]) == words:
            return k, payload
    return None


def _match_ending_at_plain(ps: PhraseSet[Any], lows: list[str], j: int) -> tuple[int, Any] | None:
    if j < 0 or j >= len(lows):
        return None
    for words, payload in ps.by_last.get(lows[j], ()):
        k = len(words)
        if j - k + 1 >= 0 and tuple(lows[j - k + 1 : j + 1]) == words:
            return k, payload
    return None


_PS_WORDS = ["the", "in", "killed", "were", "a", "of", "people", "dead", "said", "x"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(_PS_WORDS), min_size=1, max_size=4), max_size=12),
    st.lists(st.sampled_from(_PS_WORDS), max_size=10),
)
def test_phrase_set_index_gives_the_bucket_scan(phrases: list[list[str]], lows: list[str]) -> None:
    ps: PhraseSet[int] = PhraseSet()
    for k, words in enumerate(phrases):
        ps.add(tuple(words), k)
    ps.finish()
    for i in range(-1, len(lows) + 1):
        assert ps.match_at(lows, i) == _match_at_plain(ps, lows, i)
        assert ps.match_ending_at(lows, i) == _match_ending_at_plain(ps, lows, i)
    ps.add(("the", "in"), 99)  # an added phrase is seen by the next look-up
    ps.finish()
    assert ps.match_at(["the", "in"], 0) == _match_at_plain(ps, ["the", "in"], 0)


def test_real_vocabulary_phrase_sets_match_the_bucket_scan() -> None:
    lows = [t.low for t in tokenize(
        "The death toll in the attack on the market in Idlib rose to 12, and the bodies of "
        "five people were killed by the army in the city of Aleppo, according to the SOHR."
    )]
    for name in ("triggers", "place_prepositions", "people", "attribution", "hedges", "tolls"):
        ps = getattr(V, name)
        for i in range(len(lows)):
            assert ps.match_at(lows, i) == _match_at_plain(ps, lows, i), (name, i)
            assert ps.match_ending_at(lows, i) == _match_ending_at_plain(ps, lows, i), (name, i)


def test_lexeme_examples() -> None:
    # (text, lexemes as (start, end, digits or None, lower-cased text))
    table = [
        ("More than 500 killed", [(0, 9, None, "more than"), (10, 13, "500", "500")]),
        ("approx.five", [(0, 6, None, "approx"), (7, 11, None, "five")]),
        ("<five", [(0, 1, None, "<"), (1, 5, None, "five")]),  # the fallback
        ("<5 or ~50", [(0, 1, None, "<"), (1, 2, "5", "5"), (3, 5, None, "or"),
                       (6, 7, None, "~"), (7, 9, "50", "50")]),
        ("est.5", []),  # digits right after a period are no count, nor is "est." before them
        ("\u212a five", [(2, 6, None, "five")]),  # not case-free: the plain pattern
        ("", []),
    ]
    for text, want in table:
        assert _lexemes(text, _T) == want, text
        assert _lexemes_plain(text) == want, text
    assert case_free_lower("İdlib") is None and case_free_lower("ſ") is None
    assert case_free_lower("ı") is None and case_free_lower("\u212a") is None
    assert case_free_lower("Σ") is None and case_free_lower("é É") is None
    assert case_free_lower("é") == "é"
    assert case_free_lower("“Five” – ٣") == "“five” – ٣"


# ------------------------------------------------------------------------ sentence boundaries
_BOUNDARY_PLAIN = re.compile(
    r"""
    (?P<stop>[.!?]+)["'”’)\]]*        # end punctuation, then closing quotes or brackets
        (?=\s+["'“‘(\[]?[A-Z0-9])      # before a capital, digit or opening quote
    | (?P<nl>(?:\r?\n|\r)\s*)          # a line break (headline, scraped paragraph)
    """,
    re.VERBOSE,
)

_SENT_PIECES = [
    ".", "...", "!?", "?", "!", "”", "’", ")", "]", "\"", "'", " ", "  ", "\n", "\r\n", "\r",
    "\n\n", "\t", "The", "he", "5", "U.S.", "Gen.", "“", "(", "[", "x",
]
sent_texts = st.lists(st.sampled_from(_SENT_PIECES), max_size=25).map(lambda ws: "".join(ws))


def _boundaries(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, str | None]]:
    # (start, end, the end punctuation or None for a line break)
    out = []
    for m in pattern.finditer(text):
        stop = m.group("stop")
        if pattern is not _BOUNDARY_PLAIN and stop is not None:
            stop = text[m.start()] + stop
        out.append((m.start(), m.end(), stop))
    return out


@settings(max_examples=500, deadline=None)
@given(sent_texts | st.text(max_size=40))
def test_sentence_boundary_pattern_matches_the_plain_one(s: str) -> None:
    assert _boundaries(_BOUNDARY, s) == _boundaries(_BOUNDARY_PLAIN, s)


def test_sentence_boundary_examples() -> None:
    for text in ["He left. She came!", "Wait...\u201d He said.", "a\r\nb\n\nC", "x.y. Z", ""]:
        assert _boundaries(_BOUNDARY, text) == _boundaries(_BOUNDARY_PLAIN, text), text


def _runs_plain(text: str) -> list[list[tuple[int, int, str, bool]]]:
    """The count lexer's runs as first written: every run built, the dead ones dropped after."""
    out: list[list[Tok]] = []
    run: list[Tok] = []
    prev_end = -1
    for s, e, num, key in _lexemes_plain(text):
        if num is not None:
            tok = _num_tok(text, num, s, e, _T)
            e = tok.end
        else:
            found = _T.roles.get(key)
            if found is None:
                key = " ".join(key.split())
                found = _T.roles.get(key, NO_ROLES)
            tok = Tok(s, e, key, found, None, False, False)
        if run:
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
                run.append(tok)
            else:
                out.append(run)
                run = [tok]
        else:
            run = [tok]
        prev_end = e
    if run:
        out.append(run)
    live = [r for r in out if any(tk.value is not None or tk.roles.anchor for tk in r)]
    return [[(tk.start, tk.end, tk.key, tk.dash) for tk in r] for r in live]


_RUN_PIECES = [*_LEX_PIECES, "three hundred", "thousand", ", six", "-", " \u2013 ", "between",
               "dozen", "several", "x" * 39, "y" * 40, "  \n  "]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_RUN_PIECES), max_size=20).map(lambda ws: " ".join(ws)) | lex_texts)
def test_runs_match_the_plain_lexer(s: str) -> None:
    got = [[(tk.start, tk.end, tk.key, tk.dash) for tk in r] for r in runs(s, _T)]
    assert got == _runs_plain(s)


def test_long_runs_of_end_marks_are_read_in_one_pass() -> None:
    # Each mark of a run used to be tried as the start of the end punctuation: 40,000
    # periods took 20 s (quadratic); these 300,000 take milliseconds. No timing asserted:
    # the quadratic form would run for most of an hour.
    for text in ("a" + "." * 300_000 + "b", "Wait" + "!?" * 150_000 + " Then", "x." + '"' * 300_000):
        spans = split_sentences(text)
        assert spans and spans[0].start == 0 and spans[-1].end == len(text)
        assert all(0 < s.end - s.start <= 800 for s in spans)
    assert [(s.start, s.end) for s in split_sentences("Wait" + "!?" * 3 + " Then")] == [
        (0, 10), (11, 15)
    ]


# ------------------------------------------------------------------------------ frame rows
def test_frame_rows_are_the_claim_fields_in_column_order() -> None:
    from casualty_reconcile._columns import CLAIM_COLUMNS
    from casualty_reconcile.claims import extract_claims
    from casualty_reconcile.claims._frame import _CLAIM_ROW_FIELDS, _claim_row, _placeholder

    assert tuple(CLAIM_COLUMNS) == _CLAIM_ROW_FIELDS
    text = "Five soldiers were killed and 3 wounded on Monday near Idlib, the army said."
    for c in extract_claims(text, published="2020-01-08", publisher="Wire", doc_id="d"):
        as_dict = {
            "claim_id": c.claim_id, "doc_id": c.doc_id, "event_id": "e", "section": c.section,
            "source": c.source, "claimant": c.claimant, "publisher": c.publisher,
            "published": c.published, "category": c.category, "low": c.count.low,
            "best": c.count.best, "high": c.count.high, "kind": c.count.kind,
            "count_text": c.count.text, "victims": c.victims, "stance": c.stance,
            "event_date": c.event_date, "event_date_precision": c.event_date_precision,
            "places": tuple(c.places), "actors": tuple(c.actors), "sentence": c.sentence,
            "start": c.start, "end": c.end,
        }
        assert _claim_row(c, "e") == tuple(as_dict.get(name) for name in CLAIM_COLUMNS)
    base = {"doc_id": "d", "event_id": None, "publisher": "P", "source": "P"}
    row = _placeholder(base, "no_claim")
    assert row == tuple({**base, "reason": "no_claim"}.get(n) for n in CLAIM_COLUMNS)


@pytest.mark.parametrize("enabled", [True, False])
def test_extraction_leaves_the_cycle_collector_as_it_found_it(enabled: bool) -> None:
    import gc

    from casualty_reconcile.claims import extract_claims, extract_claims_frame
    from casualty_reconcile.claims._extract import MAX_TEXT_CHARS

    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        out = extract_claims_frame([{"text": "Five soldiers were killed."}, {"text": None}])
        assert out["best"].tolist()[:1] == [5] and gc.isenabled() is enabled
        with pytest.raises(ColumnError):
            extract_claims_frame([{"title": "no text column"}])
        assert gc.isenabled() is enabled
        assert [c.count.best for c in extract_claims("Two died.", title="Five killed")] == [5, 2]
        assert gc.isenabled() is enabled
        with pytest.raises(InputError):  # raised inside the pause
            extract_claims("x" * (MAX_TEXT_CHARS + 1))
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_frame_extraction_in_threads_restores_the_cycle_collector() -> None:
    import gc
    from concurrent.futures import ThreadPoolExecutor

    from casualty_reconcile.claims import extract_claims_frame

    docs = [{"text": f"{k} soldiers were killed near Idlib on Monday."} for k in range(2, 40)]
    was = gc.isenabled()
    try:
        gc.enable()
        with ThreadPoolExecutor(4) as pool:
            frames = list(pool.map(extract_claims_frame, [docs] * 8))
        assert all(f["best"].tolist() == list(range(2, 40)) for f in frames)
        assert gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
