"""Text preparation: HTML remnants out, sentences and word tokens with offsets.

Everything here is linear in the length of the text: one pass of a compiled pattern per job,
no backtracking over unbounded runs, and sentences capped at :data:`MAX_SENTENCE_CHARS` so
that no later per-sentence step can become quadratic on a megabyte of unpunctuated text.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass
from typing import NamedTuple

__all__ = [
    "MAX_SENTENCE_CHARS",
    "CleanText",
    "Sentence",
    "Token",
    "clean_text",
    "split_sentences",
    "tokenize",
]

#: A sentence longer than this is cut (at a clause mark or a space) into pieces no longer
#: than it. News sentences are rarely over 400 characters; the cap bounds per-sentence work.
MAX_SENTENCE_CHARS = 800

# A tag: "<p>", "</div>", "<br/>", "<!-- c -->", "<a href='...'>". Bounded inner length keeps
# a stray "<" in prose from swallowing the text.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,15}|!--|!\[CDATA\[|!)[^<>]{0,2000}>")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,30});")
# Tags after which text starts a new line (block elements).
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "td",
        "th",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "hr",
        "title",
        "dt",
        "dd",
        "figure",
        "figcaption",
        "nav",
        "aside",
        "main",
    ]
)
# Content of these is never prose.
_DROP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head"})
# C0 controls that are not whitespace (scraped text sometimes holds them) and DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_QUICK_MARKUP = re.compile(r"<[A-Za-z/!]|&(?:#|[A-Za-z]{2,8};)")


@dataclass(frozen=True, slots=True)
class CleanText:
    """Text with markup removed, and a map back to offsets in the original."""

    text: str
    #: Start offsets of the pieces in ``text`` and the original offset of each piece
    #: (both ascending); empty when the text was not changed in length.
    clean_starts: tuple[int, ...] = ()
    orig_starts: tuple[int, ...] = ()

    def to_original(self, pos: int) -> int:
        """Map an offset in the cleaned text to the original text."""
        if not self.clean_starts:
            return pos
        i = bisect.bisect_right(self.clean_starts, pos) - 1
        if i < 0:
            return pos
        return self.orig_starts[i] + (pos - self.clean_starts[i])


def clean_text(text: str) -> CleanText:
    r"""Remove HTML tags and entities and control characters; keep a map to the original.

    Tags become a space (a newline for block elements such as ``<p>``), entities the
    character they name, control characters a space. Text without markup is returned as is
    (after control characters, which keep the length, are blanked).

    Examples
    --------
    >>> c = clean_text("<p>Five soldiers were killed &amp; 3 hurt.</p>")
    >>> c.text
    '\nFive soldiers were killed & 3 hurt.\n'
    >>> c.to_original(c.text.index("3"))  # "3" is at offset 35 of the original
    35
    """
    if _CONTROL.search(text):
        text = _CONTROL.sub(" ", text)
    if not _QUICK_MARKUP.search(text):
        return CleanText(text)
    out: list[str] = []
    clean_starts: list[int] = []
    orig_starts: list[int] = []
    clen = 0
    pos = 0
    drop_until: str | None = None  # inside <script> ... until its closing tag

    def emit(piece: str, orig: int) -> None:
        nonlocal clen
        if piece:
            clean_starts.append(clen)
            orig_starts.append(orig)
            out.append(piece)
            clen += len(piece)

    for m in _TAG.finditer(text):
        name = m.group(2).lower()
        closing = m.group(1) == "/"
        if drop_until is not None:
            if closing and name == drop_until:
                drop_until = None
                pos = m.end()
                emit(" ", m.start())
            continue
        if m.start() > pos:
            _emit_with_entities(text, pos, m.start(), emit)
        if not closing and name in _DROP_TAGS:
            drop_until = name
        emit("\n" if name in _BLOCK_TAGS else " ", m.start())
        pos = m.end()
    if drop_until is None and pos < len(text):
        _emit_with_entities(text, pos, len(text), emit)
    return CleanText("".join(out), tuple(clean_starts), tuple(orig_starts))


def _emit_with_entities(text: str, start: int, end: int, emit: object) -> None:
    assert callable(emit)
    pos = start
    for m in _ENTITY.finditer(text, start, end):
        if m.start() > pos:
            emit(text[pos : m.start()], pos)
        ch = html.unescape(m.group())
        if ch == m.group():  # not an entity html knows: keep it as written
            emit(ch, m.start())
        else:
            emit(ch.replace("\xa0", " "), m.start())
        pos = m.end()
    if pos < end:
        emit(text[pos:end], pos)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the cleaned text: its span and paragraph number."""

    start: int
    end: int
    paragraph: int


# A sentence ends at ., ! or ? (with closing quotes or brackets after it) followed by space,
# or at a line break. The pattern starts with the one character every boundary starts with,
# so the engine's search passes over the other characters without trying the pattern; the
# look-behind after it says which kind of boundary it starts (``stop`` holds the end
# punctuation after the first mark). End punctuation is tried only at the first mark of a
# run ("a....b"): a later mark of the run reaches the same end and the same text after it,
# so it cannot match where the first did not, and trying each mark made a long run
# quadratic (40,000 periods took 20 s). The runs are possessive: giving back a mark or a
# quote leaves a mark or a quote before the space the look-ahead needs.
_BOUNDARY = re.compile(
    r"""
    [.!?\r\n]
    (?:
      (?<=[.!?])(?<![.!?][.!?])              # the first end mark of a run
        (?P<stop>[.!?]*+)["'”’)\]]*+         # end punctuation, then closing quotes or brackets
        (?=\s+["'“‘(\[]?[A-Z0-9])             # before a capital, digit or opening quote
    | (?<=[\r\n])\s*                        # a line break (headline, scraped paragraph)
    )
    """,
    re.VERBOSE,
)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.'-]{0,12})$")


def split_sentences(text: str, abbreviations: frozenset[str] = frozenset()) -> list[Sentence]:
    r"""Split ``text`` into sentences (spans), never longer than :data:`MAX_SENTENCE_CHARS`.

    A period after a known abbreviation ("Gen.", "Feb.") or a single capital (an initial) does
    not end a sentence. A line break ends one unless the next line starts in lower case (a
    wrapped line). Empty sentences are dropped.

    Examples
    --------
    >>> t = "Gen. Smith said 5 died. Twelve were hurt.\nHeadline two"
    >>> [t[s.start:s.end] for s in split_sentences(t, frozenset({"gen"}))]
    ['Gen. Smith said 5 died.', 'Twelve were hurt.', 'Headline two']
    """
    spans: list[Sentence] = []
    start = 0
    para = 0
    n = len(text)
    for m in _BOUNDARY.finditer(text):
        if m.group("stop") is not None:
            if m.group("stop") == "" and text[m.start()] == ".":  # one period
                wm = _WORD_BEFORE.search(text, max(start, m.start() - 13), m.start())
                if wm is not None:
                    w = wm.group(1)
                    if len(w) == 1 and w.isupper():
                        continue  # an initial: "George W. Bush"
                    if w.lower().rstrip(".") in abbreviations:
                        continue
            end = m.end()
            _add(text, spans, start, end, para)
            start = end
        else:
            nxt = m.end()
            if nxt < n and text[nxt].islower() and "\n\n" not in m.group().replace("\r", ""):
                continue  # a wrapped line, not a paragraph
            _add(text, spans, start, m.start(), para)
            para += 1
            start = m.end()
    _add(text, spans, start, n, para)
    return spans


def _add(text: str, spans: list[Sentence], start: int, end: int, para: int) -> None:
    # Trim whitespace.
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return
    while end - start > MAX_SENTENCE_CHARS:
        cut = _cut_point(text, start, start + MAX_SENTENCE_CHARS)
        spans.append(Sentence(start, cut, para))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        spans.append(Sentence(start, end, para))


def _cut_point(text: str, start: int, limit: int) -> int:
    # Prefer a clause mark in the last half of the window, then a space; else cut hard.
    half = start + (limit - start) // 2
    for mark in ("; ", ", ", " "):
        k = text.rfind(mark, half, limit)
        if k > start:
            return k + (1 if mark != " " else 0)
    return limit


class Token(NamedTuple):
    """A word or punctuation mark of a sentence (a named tuple: cheap to build)."""

    text: str
    low: str
    start: int
    end: int


# Words keep inner hyphens, apostrophes, periods and ampersands ("pro-government",
# "Russia's", "U.S", "AT&T"); any other non-space character is a token of its own.
# an initialism keeps a hyphenated word it is glued to: "U.S.-led", "U.N.-backed" are one
# word, as "US-led" is
_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}(?:-\w+(?:[-'’]\w+)*)?(?![A-Za-z])|\w+(?:[-'’.&]\w+)*|[^\w\s]"
)
_TOKEN_AFTER_SPACE = re.compile(r"(\s*)(" + _TOKEN.pattern + ")")


def tokenize(sentence: str) -> list[Token]:
    """Split a sentence into word and punctuation tokens with offsets.

    Examples
    --------
    >>> [t.text for t in tokenize("Russia's pro-government fighters, 5 killed.")]
    ["Russia's", 'pro-government', 'fighters', ',', '5', 'killed', '.']
    """
    new = tuple.__new__  # skips the named tuple's Python-level __new__: tokens are many
    # Only whitespace lies between tokens (every other character is part of one), so one
    # findall of (whitespace, token) pairs gives the offsets by adding lengths: cheaper than
    # a match object and three method calls per token.
    out: list[Token] = []
    append = out.append
    pos = 0
    for ws, w in _TOKEN_AFTER_SPACE.findall(sentence):
        start = pos + len(ws)
        pos = start + len(w)
        append(new(Token, (w, w.lower(), start, pos)))
    if "’" in sentence:  # rare: the curly apostrophe is read as a straight one
        out = [
            new(Token, (t[0], t[1].replace("’", "'"), t[2], t[3])) if "’" in t[1] else t
            for t in out
        ]
    return out
