"""From a document to claims: the sentence loop that ties the parts together.

Only sentences that hold a casualty word (one compiled pattern over the whole document) are
analysed; for those, the count parser finds the counts, :mod:`._victims` decides which count
victims, :mod:`._attribution` who says so and how, :mod:`._dates` when, :mod:`._places` where
and who is involved. Work on other sentences happens only when a claim needs them: the
previous sentence's claimant for "It denied ...", a quotation's attribution in a later
sentence, the previous sentence's date.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as _dt
import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, cast

from .._coerce import coerce_date
from .._gc import no_cycle_collection
from .._types import Category, Claim, CountEstimate, Stance
from ..counts import find_counts
from ..counts._lex import case_free_lower
from ..errors import InputError, InputTypeError
from ..lexicon import Lexicon, LexiconLike, resolve_lexicon
from ._attribution import Attribution, find_attributions, governing
from ._dates import DateMention, find_dates
from ._places import find_actors, find_places, normalise_place
from ._sentences import CleanText, Sentence, clean_text, split_sentences, tokenize
from ._victims import Analysis, Found, analyse, find_victim_counts
from ._vocab import Vocab, vocab_for

__all__ = ["MAX_TEXT_CHARS", "extract_claims"]

#: The longest text accepted, in characters (the count parser's limit too).
MAX_TEXT_CHARS = 20_000_000

_DENIAL_SKIP = frozenset(
    {
        "that",
        "reports",
        "claims",
        "allegations",
        "suggestions",
        "it",
        "there",
        "had",
        "has",
        "have",
        "were",
        "was",
        "any",
        "of",
    }
)
_DENIAL_BARRIER = frozenset(
    {
        "which",
        "who",
        "while",
        "but",
        "although",
        "after",
        "when",
        "as",
        "whereas",
        "because",
        "though",
    }
)
_ANY = frozenset({"any", "anyone", "anybody"})
_WORDS = re.compile(r"[\w']+")
# Words between a verb of saying and the date of the saying ("told reporters by phone on ...").
_ADDRESSEE = frozenset(
    {
        "to",
        "reporters",
        "journalists",
        "the",
        "a",
        "an",
        "news",
        "agency",
        "by",
        "phone",
        "telephone",
        "in",
        "at",
        "during",
        "interview",
        "conference",
        "briefing",
        "statement",
        "late",
        "early",
        "on",
        "press",
        "television",
        "radio",
        "state",
        "media",
    }
)
_QUOTE_OPEN = "“"
_QUOTE_CLOSE = "”"
_MAX_QUOTE = 2000


def extract_claims(
    text: str,
    *,
    published: Any = None,
    publisher: str | None = None,
    doc_id: str | None = None,
    title: str | None = None,
    lexicon: LexiconLike = None,
) -> list[Claim]:
    """Return the casualty claims of a news text: who says how many of whom were hurt, and when.

    Parameters
    ----------
    text : str
        The body of the document (plain text; HTML remnants are stripped).
    published : date, datetime, pandas Timestamp or ISO 8601 str, optional
        When the document was published; relative dates ("on Sunday", "last week") are
        resolved against it, and no event date is later than it.
    publisher : str, optional
        The outlet; it is the source of claims the text does not attribute.
    doc_id : str, optional
        The document's identifier, copied onto each claim (and part of its ``claim_id``).
    title : str, optional
        The headline; its claims have ``section="title"`` and offsets into the title.
    lexicon : Lexicon or path, optional
        The vocabulary (shipped one by default).

    Returns
    -------
    list of Claim
        Title claims first, then body claims, each in text order.

    Raises
    ------
    InputTypeError
        ``text``, ``title`` or ``publisher`` is not a str, or ``published`` has a type that
        is not a date.
    InputError
        ``published`` is a string that is not ISO 8601, or the text is over
        ``MAX_TEXT_CHARS`` (20,000,000) characters.

    Examples
    --------
    >>> cs = extract_claims(
    ...     "Eleven soldiers were killed and 23 wounded on Sunday, the ministry said.",
    ...     published="2018-02-13", publisher="Example News")
    >>> [(c.category, c.count.best, c.victims, c.claimant, c.stance) for c in cs]
    [('killed', 11, 'soldiers', 'the ministry', 'asserted'),
     ('injured', 23, 'soldiers', 'the ministry', 'asserted')]
    >>> cs[0].event_date, cs[0].event_date_precision
    (datetime.date(2018, 2, 11), 'day')
    >>> [(c.category, c.count.best, c.stance)
    ...  for c in extract_claims("No casualties were reported.")]
    [('casualties', 0, 'reported')]
    """
    if not isinstance(text, str):
        raise InputTypeError(f"text must be a str, not {type(text).__name__}", text)
    if title is not None and not isinstance(title, str):
        raise InputTypeError(f"title must be a str or None, not {type(title).__name__}", title)
    if publisher is not None and not isinstance(publisher, str):
        raise InputTypeError(
            f"publisher must be a str or None, not {type(publisher).__name__}", publisher
        )
    if doc_id is not None and not isinstance(doc_id, str):
        if isinstance(doc_id, int) and not isinstance(doc_id, bool):
            doc_id = str(doc_id)
        else:
            raise InputTypeError(
                f"doc_id must be a str or None, not {type(doc_id).__name__}", doc_id
            )
    pub = coerce_date(published, name="published")
    lex = resolve_lexicon(lexicon)
    meta = _Meta(pub, publisher, doc_id, lex, vocab_for(lex))
    with no_cycle_collection():  # no garbage cycles are made: the collector would only walk
        return _extract(text, title, meta)


def _extract(text: str, title: str | None, meta: _Meta) -> list[Claim]:
    """Return the claims of a document's title and body (the checked arguments in ``meta``)."""
    out: list[Claim] = []
    docs: list[_Doc] = []
    if title:
        out.extend(_extract_section(title, "title", meta, docs))
    out.extend(_extract_section(text, "body", meta, docs))
    if meta.open_dates:
        out = _document_dates(out, docs, meta)
    if out and any(not c.places or id(c) in meta.event_places for c in out):
        # A claim whose own sentence names no place happened where the article says it did:
        # the headline and the opening sentences name the event's place (the news convention
        # ACLED and UCDP coders geocode from); failing those, the places of its other claims.
        # A claim that took its day from an event sentence also takes that sentence's places.
        lede = _lede_places(docs, meta.v) or _claim_places(out)
        out = [_with_places(c, meta.event_places.get(id(c), ()), lede) for c in out]
    return out


def _with_places(c: Claim, event: tuple[str, ...], lede: tuple[str, ...]) -> Claim:
    if c.places and not event:
        return c
    places = tuple(dict.fromkeys((*c.places, *event, *(() if c.places else lede))))
    return c if places == c.places else _evolve(c, places=places)


_CLAIM_FIELDS = tuple(f.name for f in dataclasses.fields(Claim))
_SET = object.__setattr__


def _evolve(c: Claim, **changes: Any) -> Claim:
    """Return ``c`` with some fields changed: ``dataclasses.replace`` without its cost.

    ``replace`` builds the claim anew through ``__init__`` and its checks (13 µs a claim,
    7% of extraction on dense text); the claim is already checked and keeps its
    ``claim_id``, and the changed fields are ones the extractor itself computed (places, a
    day at day precision), so the fields are copied instead.
    """
    new = object.__new__(Claim)
    for name in _CLAIM_FIELDS:
        _SET(new, name, changes[name] if name in changes else getattr(c, name))
    return new


def _claim_places(claims: list[Claim]) -> tuple[str, ...]:
    """Return the places the claims of a document name, commonest first."""
    counts = Counter(p for c in claims for p in c.places)
    return tuple(sorted(counts, key=lambda p: -counts[p]))


def _document_dates(out: list[Claim], docs: list[_Doc], meta: _Meta) -> list[Claim]:
    """Give claims whose clause dates no event the day the document gives the event.

    The day comes from the document's event sentences: a date that is not the date of a
    statement and sits in a sentence about the event (a casualty word, or an event noun such
    as "attack", "came under fire", "the February 7 fighting", "Saturday's bombing"), and the
    claims' own clause dates. When the document gives one day, every such claim takes it;
    when it gives several, a claim takes the nearest one before it (the headline comes
    first), and none when no day comes before it. A claim whose own date is a week or a month
    ("last week", "earlier this month") takes the document's day when the day lies in it. A
    cumulative toll ("since 2011") was never open and keeps no date.
    """
    v = meta.v
    # (section, sentence, offset, day) of every event date of the document, in text order;
    # the claims' own clause dates are among them (their sentences are event sentences).
    # A sentence with claims counts with the days its claims took (not "the toll rose to 63
    # on Monday": the day of the update).
    marks: list[tuple[int, int, int, _dt.date]] = [
        (sec, si, 0, day) for (sec, si), days in meta.claim_days.items() for day in days
    ]
    for d in docs:
        for si in range(len(d.sents)):
            if (d.index, si) in meta.claim_days or not d.may_hold_date(si):
                continue
            got = d.dates(si, light=True)
            if not got:
                continue
            an = d.light(si)
            about_event = v.candidate_re.search(an.text) is not None or (
                not v.event_nouns.by_first.keys().isdisjoint(an.lows)
                and any(
                    w in v.event_nouns.by_first and v.event_nouns.match_at(an.lows, i) is not None
                    for i, w in enumerate(an.lows)
                )
            )
            if not about_event:
                continue
            marks.extend((d.index, si, m.start, m.date) for m, ok in got
                         if ok and m.precision == "day")
    if not marks:
        return out
    marks.sort()
    # A day written in a sentence about another place dates that place's event, not this
    # claim's ("Elsewhere, five were killed in Mosul on 3 March" in a report on Kirkuk): a
    # mark whose sentence names places, none of them the claim's own (or, for a claim that
    # names none, the headline's and lede's), is not the document's day for it.
    mark_places: dict[tuple[int, int], frozenset[str]] = {}
    for m in marks:
        if (m[0], m[1]) not in mark_places:
            mark_places[(m[0], m[1])] = frozenset(
                _place_key(p) for p in docs[m[0]].places(m[1]))
    lede: frozenset[str] | None = None
    res: list[Claim] = []
    for c in out:
        where = meta.open_dates.get(id(c))
        if where is None:
            res.append(c)
            continue
        if c.places:
            own = frozenset(_place_key(p) for p in c.places)
        else:
            if lede is None:
                lede = frozenset(_place_key(p) for p in _lede_places(docs, v))
            own = lede
        fit = [m for m in marks if not own or not mark_places[(m[0], m[1])]
               or own & mark_places[(m[0], m[1])]]
        if not fit:
            res.append(c)
            continue
        # the marks at or before the claim's sentence: (section, sentence) <= where, and the
        # marks are sorted, so they are the first ``k`` (bisection, not a scan per claim)
        k = bisect.bisect_left(fit, (where[0], where[1] + 1))
        if len({m[3] for m in fit}) == 1:
            mark: tuple[int, int, int, _dt.date] | None = fit[k - 1] if k else fit[0]
        else:
            mark = fit[k - 1] if k else None
        if mark is None or not _within(mark[3], c.event_date, c.event_date_precision):
            res.append(c)
            continue
        c2 = _evolve(c, event_date=mark[3], event_date_precision="day")
        if not c.places and (mark[0], mark[1]) != where:
            places = docs[mark[0]].places(mark[1])
            if places:
                meta.event_places[id(c2)] = places
        res.append(c2)
    return res


#: place keys repeat across a document's claims and marks: each name is reduced once
_place_key = functools.lru_cache(maxsize=8192)(normalise_place)


def _within(day: _dt.date, own: _dt.date | None, precision: str | None) -> bool:
    """Return whether ``day`` fits a claim's own coarse date (any day fits no date)."""
    if own is None:
        return True
    if precision == "week":
        return -3 <= (day - own).days <= 6
    if precision == "month":
        return (day.year, day.month) == (own.year, own.month)
    if precision == "year":
        return day.year == own.year
    return False


_LEDE_SENTENCES = 1  # the lede: news style names the place in the first sentence


def _lede_places(docs: list[_Doc], v: Vocab) -> tuple[str, ...]:
    """Return the places named in the headline and the first sentences of the body.

    Reuses each section's sentence analyses (made already for the sentences that hold a
    claim), so the look-up costs little.
    """
    found: list[str] = []
    for doc in docs:
        for si in range(min(_LEDE_SENTENCES, len(doc.sents))):
            for place in doc.places(si):
                if place not in found:
                    found.append(place)
    return tuple(found)


@dataclass(slots=True)
class _Meta:
    published: _dt.date | None
    publisher: str | None
    doc_id: str | None
    lex: Lexicon
    v: Vocab
    #: claims whose own clause gives no day: id(claim) -> (section, sentence), for the
    #: document-context pass of :func:`_document_dates`
    open_dates: dict[int, tuple[int, int]] = field(default_factory=dict)
    #: (section, sentence) -> the days its claims' own clauses gave (empty: none)
    claim_days: dict[tuple[int, int], set[_dt.date]] = field(default_factory=dict)
    #: places of the event sentence a claim with no place of its own took its day from
    event_places: dict[int, tuple[str, ...]] = field(default_factory=dict)


@dataclass(slots=True)
class _Doc:
    """One section of a document, with lazily computed per-sentence artefacts."""

    clean: CleanText
    sents: list[Sentence]
    meta: _Meta
    #: the section's place in the document (0 = first: the title when there is one)
    index: int = 0
    _an: dict[int, Analysis] = field(default_factory=dict)
    _light: dict[int, Analysis] = field(default_factory=dict)
    _anchor: dict[int, bool] = field(default_factory=dict)
    _atts: dict[int, list[Attribution]] = field(default_factory=dict)
    _dates: dict[int, list[tuple[DateMention, bool]]] = field(default_factory=dict)
    _places: dict[int, tuple[str, ...]] = field(default_factory=dict)
    _quotes: list[tuple[int, int]] | None = None
    _quote_starts: list[int] | None = None
    _sent_starts: list[int] | None = None
    #: the last claim found in the section, for "He added that 29 of them were children"
    last_found: Found | None = None

    @property
    def text(self) -> str:
        return self.clean.text

    def sentence_text(self, si: int) -> str:
        s = self.sents[si]
        return self.clean.text[s.start : s.end]

    def analysis(self, si: int) -> Analysis:
        an = self._an.get(si)
        if an is None:
            st = self.sentence_text(si)
            an = analyse(st, tokenize(st), find_counts(st, lexicon=self.meta.lex), self.meta.v)
            self._an[si] = an
        return an

    def light(self, si: int) -> Analysis:
        """Return the sentence's analysis if made, else one without counts.

        Enough to find its attributions and dates, at a fraction of the cost. Kept: the
        document-date pass asks for the same sentence more than once.
        """
        an = self._an.get(si)
        if an is None:
            an = self._light.get(si)
            if an is None:
                st = self.sentence_text(si)
                an = analyse(st, tokenize(st), [], self.meta.v)
                self._light[si] = an
        return an

    def places(self, si: int) -> tuple[str, ...]:
        """Return the place names of a sentence (kept: the claims and the document pass ask)."""
        got = self._places.get(si)
        if got is None:
            # the light and the full analysis share tokens, and places read only tokens
            an = self.light(si)
            got = tuple(find_places(an.tokens, an.lows, an.text, self.meta.v))
            self._places[si] = got
        return got

    def may_hold_date(self, si: int) -> bool:
        """Return whether a sentence holds a date anchor word (a cheap test before date work)."""
        if si in self._dates:
            return bool(self._dates[si])
        got = self._anchor.get(si)
        if got is None:
            # kept: each claim looks back at up to three sentences, the document pass at all
            v = self.meta.v
            low = self.sentence_text(si).lower()
            if v.date_word_re is not None:
                # one search: a [\w'] word that is an anchor or a four-character "19xx"/"20xx"
                got = v.date_word_re.search(" " + low) is not None
            else:
                got = any(
                    w in v.date_anchors or (len(w) == 4 and w[:2] in ("19", "20"))
                    for w in _WORDS.findall(low)
                )
            self._anchor[si] = got
        return got

    def attributions(self, si: int) -> list[Attribution]:
        atts = self._atts.get(si)
        if atts is None:
            atts = find_attributions(self.analysis(si), self.meta.v)
            self._atts[si] = atts
        return atts

    def dates(self, si: int, *, light: bool = False) -> list[tuple[DateMention, bool]]:
        """Return the date mentions of a sentence, each flagged True if it can date the event."""
        got = self._dates.get(si)
        if got is None:
            an = self.light(si) if light else self.analysis(si)
            mentions = find_dates(an.text, self.meta.v, self.meta.published, an.tokens)
            if not mentions:
                got = []
            else:
                atts = (
                    self.attributions(si) if si in self._an else find_attributions(an, self.meta.v)
                )
                got = [(m, _event_date_ok(m, an, atts, self.meta.v)) for m in mentions]
                got = _week_of_the_day(got, self.meta.v)
            self._dates[si] = got
        return got

    def quotes(self) -> list[tuple[int, int]]:
        if self._quotes is None:
            self._quotes = _quote_spans(self.clean.text)
        return self._quotes

    def quotes_near(self, pos: int) -> list[tuple[int, int]]:
        """Return the quotations that may contain ``pos``, in order of their start.

        A quotation is at most ``_MAX_QUOTE`` characters long, so only those starting that
        far before ``pos`` are looked at: each sentence looks at a bounded window, never at
        every earlier quotation (linear time on text made of quotations).
        """
        spans = self.quotes()
        if self._quote_starts is None:
            self._quote_starts = [qs for qs, _ in spans]
        k = bisect.bisect_left(self._quote_starts, pos - _MAX_QUOTE - 1)
        return spans[k : bisect.bisect_right(self._quote_starts, pos + 1)]

    def sentence_at(self, pos: int) -> int:
        if self._sent_starts is None:
            self._sent_starts = [s.start for s in self.sents]
        return max(0, bisect.bisect_right(self._sent_starts, pos) - 1)


def _extract_section(
    raw: str, section: str, meta: _Meta, docs: list[_Doc] | None = None
) -> list[Claim]:
    if len(raw) > MAX_TEXT_CHARS:
        raise InputError(
            f"text has {len(raw):,} characters, over the limit of {MAX_TEXT_CHARS:,}; "
            "split it into documents",
            None,
        )
    clean = clean_text(raw)
    v = meta.v
    sents = split_sentences(clean.text, v.abbreviations)
    if not sents:
        return []
    candidates = _candidates(clean.text, sents, v)
    candidate_set = set(candidates)
    doc = _Doc(clean, sents, meta, len(docs) if docs is not None else 0)
    if docs is not None:
        docs.append(doc)
    out: list[Claim] = []
    done: set[int] = set()
    for si in candidates:
        if si < 0 or si in done:
            continue
        done.add(si)
        got = _sentence_claims(doc, si, section)
        out.extend(got)
        # "He added that 29 of them were children.": the next sentence may continue the claim
        # without a casualty word of its own.
        nxt = si + 1
        if (
            got
            and nxt < len(sents)
            and nxt not in candidate_set
            and v.share_re.search(clean.text, sents[nxt].start, sents[nxt].end)
        ):
            done.add(nxt)
            out.extend(_sentence_claims(doc, nxt, section))
    return out


def _candidates(text: str, sents: list[Sentence], v: Vocab) -> list[int]:
    """Return the indices of the sentences holding a casualty word (one pass of the pattern)."""
    out: list[int] = []
    si = 0
    n = len(sents)
    pos = 0
    low = case_free_lower(text) if v.candidate_fast is not None else None
    if v.candidate_fast is not None and low is not None:
        # the pattern reads the character before the word: a match at ``k`` of " " + low is
        # a word at ``k`` of the text, and its end is one less
        search = v.candidate_fast.search
        text = " " + low
        shift = 1
    else:
        search = v.candidate_re.search
        shift = 0
    while si < n:
        m = search(text, max(pos, sents[si].start))
        if m is None:
            break
        p = m.start()
        while si < n and sents[si].end <= p:
            si += 1
        if si < n and sents[si].start <= p:
            out.append(si)
            pos = sents[si].end  # the rest of this sentence needs no search
            si += 1
        else:
            pos = m.end() - shift
    return out


def _sentence_claims(doc: _Doc, si: int, section: str) -> list[Claim]:
    v = doc.meta.v
    an = doc.analysis(si)
    found = [f for f in find_victim_counts(an, v, carry=doc.last_found) if not _aimed(an, v, f)]
    atts = doc.attributions(si)
    found.extend(_zero_claims(an, v, atts, found))
    if not found:
        return []
    found.sort(key=lambda f: (f.count.start, f.count.end))
    doc.last_found = found[-1]
    places = doc.places(si)
    actors = tuple(find_actors(an.tokens, an.lows, an.text, v, list(places)))
    sent = doc.sents[si]
    clean = doc.clean
    s_start = clean.to_original(sent.start)
    s_end = clean.to_original(sent.end - 1) + 1
    out: list[Claim] = []
    seen: set[tuple[str, int, int]] = set()
    for f in found:
        key = (f.category, f.count.start, f.count.end)
        if key in seen:
            continue
        seen.add(key)
        claimant, stance, extra = _attribute(doc, si, an, atts, f)
        date, precision, open_date = _event_date(doc, si, an, f)
        c = f.count
        count = CountEstimate(
            c.low,
            c.best,
            c.high,
            c.kind,
            c.text,
            clean.to_original(sent.start + c.start),
            clean.to_original(sent.start + max(c.start, c.end - 1)) + (1 if c.end > c.start else 0),
        )
        claim_actors = _with_actor(actors, claimant, v)
        common: dict[str, Any] = dict(
            victims=f.victims,
            event_date=date,
            event_date_precision=precision,
            sentence=an.text,
            start=s_start,
            end=s_end,
            doc_id=doc.meta.doc_id,
            publisher=doc.meta.publisher,
            published=doc.meta.published,
            places=places,
            section=section,
        )
        out.append(
            Claim(
                category=cast(Category, f.category),
                count=count,
                claimant=claimant,
                stance=cast(Stance, stance),
                actors=claim_actors,
                **common,
            )
        )
        if open_date:
            doc.meta.open_dates[id(out[-1])] = (doc.index, si)
        days = doc.meta.claim_days.setdefault((doc.index, si), set())
        if date is not None and precision == "day":
            days.add(date)
        for ex_claimant, ex_stance in extra:  # kept for future stances on a shared figure
            ex_actors = _with_actor(actors, ex_claimant, v)
            ex = Claim(
                category=cast(Category, f.category),
                count=count,
                claimant=ex_claimant,
                stance=cast(Stance, ex_stance),
                actors=ex_actors,
                **common,
            )
            # Same position as the claim it answers: make the id differ by claimant.
            object.__setattr__(ex, "claim_id", ex.claim_id + "d")
            out.append(ex)
            if open_date:
                doc.meta.open_dates[id(ex)] = (doc.index, si)
    return out


def _aimed(an: Analysis, v: Vocab, f: Found) -> bool:
    """Whether the count's verb is an aim, not an event: "tried to kill a commander"."""
    t = f.trigger
    return (
        t is not None
        and t >= 2
        and an.lows[t - 1] == "to"
        and v.attempts_before.match_ending_at(an.lows, t - 2) is not None
    )


def _actor_key(name: str) -> str:
    low = name.lower()
    return low[4:] if low.startswith("the ") else low


def _with_actor(actors: tuple[str, ...], claimant: str | None, v: Vocab) -> tuple[str, ...]:
    """Return the sentence's actors plus the claimant when it names an organisation."""
    if not claimant or not _looks_like_actor(claimant, v):
        return actors
    key = _actor_key(claimant)
    if any(_actor_key(a) == key for a in actors):
        return actors
    return (*actors, claimant)


@functools.lru_cache(maxsize=4096)
def _name_words(name: str) -> tuple[str, ...]:
    """Return the lower-cased words of a name (claimants repeat, so each is cut once)."""
    return tuple(t.low for t in tokenize(name))


def _looks_like_actor(name: str, v: Vocab) -> bool:
    words = _name_words(name)
    if v.actor_re is not None and v.actor_re.search(name):
        return True
    return any(v.actor_keywords.match_at(words, i) is not None for i in range(len(words)))


# ----------------------------------------------------------------------------- attribution
def _attribute(
    doc: _Doc, si: int, an: Analysis, atts: list[Attribution], f: Found
) -> tuple[str | None, str, list[tuple[str, str]]]:
    """Return the claimant and stance of a claim, and extra (claimant, stance) pairs.

    The extra pairs are other parties' stances on the same figure ("a figure X dismissed").
    """
    v = doc.meta.v
    usable = [a for a in atts if not _denial_blocked(an, a, f)]
    att = governing(usable, f.a, f.b)
    if f.via == "denial":
        # A zero read from a denial belongs to the denier.
        deniers = [a for a in atts if a.stance == "denied" and a.kind != "hedge" and a.verb < f.a]
        if deniers:
            att = deniers[-1]
    extra: list[tuple[str, str]] = []
    claimant: str | None = None
    stance = "reported"
    if f.via == "denial":
        stance = "denied"
    owner = _figure_owner(an, v, f)
    if owner is not None:
        # "rejected the Gaza health ministry's figure of 58 dead": the ministry's claim.
        return owner, "asserted", extra
    if att is not None and att.stance == "denied" and f.via != "denial" and f.count.best > 0:
        # A figure inside a denial ("denied reports that 50 soldiers were killed") is the
        # figure someone else reported, not the denier's: keep it unattributed, never as a
        # "denied 50", which a reconciler could count as support for 50.
        return None, "reported", extra
    if att is not None:
        claimant = att.claimant
        if att.pronoun and att.span is not None:
            word = an.text[att.span[0] : att.span[1]].lower()
            # "The air force accepted responsibility for the strike, which it said killed
            # three": a pronoun inside the sentence refers first to the sentence's subject
            own = _sentence_subject(an, v, word) if att.span[0] > 0 else None
            claimant = own if own is not None else _previous_claimant(doc, si, word)
        if f.via != "denial":
            stance = att.stance
    else:
        q = _quote_claimant(doc, si)
        if q is not None:
            claimant, stance = q
        else:
            hedges = [a for a in atts if a.kind == "hedge"]
            if hedges and f.via != "denial":
                stance = hedges[0].stance
    if stance != "denied" and _local_estimate(an, atts, f):
        stance = "estimated"
    if claimant is not None and (
        claimant.lower() in v.pronouns or not any(ch.isalpha() for ch in claimant)
    ):
        claimant = None  # a pronoun with nothing to refer to, or no name at all ("1/")
    if claimant is not None:
        claimant = _full_name(doc, si, claimant)
    return claimant, stance, extra


# Words that end a name's head: "the Syrian Observatory for Human Rights" -> "observatory".
_NAME_COMPLEMENT = frozenset({"of", "for", "in", "at", "from", "on"})


def _head_word(name: str) -> str:
    words = list(_name_words(name))
    for i in range(1, len(words)):
        if words[i] in _NAME_COMPLEMENT:
            words = words[:i]
            break
    while words and words[-1] in ("'s", "’s", "'", "’"):
        words.pop()
    return words[-1].removesuffix("'s").removesuffix("’s") if words else ""


def _full_name(doc: _Doc, si: int, claimant: str) -> str:
    """Return the full name of a short definite mention ("the ministry"), if the text gave one.

    Within one text, "the ministry" after "Russia's Foreign Ministry said ..." is the same
    claimant; a reconciler must count it as one source, not two (spec s.3: one source counts
    once). Only a bare "the" + one noun is expanded, to the latest earlier claimant named with
    more words whose head is that noun, within the last few sentences.
    """
    words = claimant.split()
    if len(words) != 2 or words[0].lower() != "the":
        return claimant
    head = words[1].lower()
    v = doc.meta.v
    for sj in range(si, max(-1, si - 6), -1):
        atts = doc._atts.get(sj)
        if atts is None:
            if head not in doc.sentence_text(sj).lower():
                continue  # no mention of the head noun: nothing to find, and no analysis paid
            atts = find_attributions(doc.light(sj), v)
        for att in reversed(atts):
            name = att.claimant
            if not name or att.pronoun or att.kind == "hedge":
                continue
            named = name.split()
            if named[0].lower() == "the":
                named = named[1:]
            # a fuller name ("Russia's Foreign Ministry"), never an indefinite one ("a
            # ministry official") or the same short mention
            if (
                len(named) >= 2
                and named[0].lower() not in ("a", "an", "one")
                and _head_word(name) == head
            ):
                return name
    return claimant


_FIGURE_NOUNS = frozenset({"figure", "toll", "tally", "count", "estimate", "figures"})


def _figure_owner(an: Analysis, v: Vocab, f: Found) -> str | None:
    """Return X in "X's figure of N" / "X's toll of N", the owner of the figure, if any."""
    lows = an.lows
    j = f.a - 1
    if j < 2 or lows[j] != "of" or lows[j - 1] not in _FIGURE_NOUNS:
        return None
    k = j - 2
    while k >= 0 and lows[k] in ("death", "casualty", "own", "earlier", "latest", "initial"):
        k -= 1
    if k >= 1 and lows[k] in ("'", "’") and lows[k - 1].endswith("s"):
        k -= 1  # plural possessive: "the activists' figure"
    elif k < 0 or not lows[k].endswith("'s") or len(lows[k]) <= 2:
        return None
    e = k + 1
    s = k
    while s - 1 >= 0 and f.a - s < 10:
        w = lows[s - 1]
        if (
            w in ("the", "a", "an")
            or an.tokens[s - 1].text[:1].isupper()
            or (
                v.actor_keywords.match_ending_at(lows, s - 1) is not None
                or v.people.match_ending_at(lows, s - 1) is not None
            )
        ):
            s -= 1
            continue
        break
    text = an.text[an.tokens[s].start : an.tokens[e - 1].end]
    return text[:-2] if text.endswith(("'s", "’s")) else text


def _denial_blocked(an: Analysis, att: Attribution, f: Found) -> bool:
    """Return whether a clause boundary keeps a denial from a claim.

    A denial governs only its own complement: "denied involvement in the attack, which
    killed 20" does not deny the 20.
    """
    if att.stance != "denied" or att.kind not in ("verb", "participle", "inverted"):
        return False
    if att.verb >= f.a:
        return False
    return any(w in _DENIAL_BARRIER or w == ";" for w in an.lows[att.end : f.a])


def _local_estimate(an: Analysis, atts: list[Attribution], f: Found) -> bool:
    if "estimat" in f.count.text.lower():
        return True
    lo = f.a - 3
    hi = max(f.b, (f.trigger or f.b) + 1) + 2
    return any(a.kind == "hedge" and a.stance == "estimated" and lo <= a.verb <= hi for a in atts)


def _previous_claimant(doc: _Doc, si: int, pronoun: str) -> str | None:
    """Return the latest named claimant of the two sentences before ``si``.

    Only one that ``pronoun`` can refer to: "it" is not a person or a group of people.
    """
    v = doc.meta.v
    for sj in range(si - 1, max(-1, si - 3), -1):
        for att in reversed(doc.attributions(sj)):
            if not att.claimant or att.pronoun or att.kind == "hedge":
                continue
            if pronoun == "it":
                words = list(_name_words(att.claimant))
                if any(v.people.match_at(words, i) for i in range(len(words))):
                    continue
            return att.claimant
        # No verb of saying there: "The ministry published its figures. It said ...".
        subject = _sentence_subject(doc.light(sj), v, pronoun)
        if subject is not None:
            return subject
    return None


def _sentence_subject(an: Analysis, v: Vocab, pronoun: str) -> str | None:
    """Return the noun phrase that opens a sentence if it can be what ``pronoun`` refers to."""
    lows = an.lows
    toks = an.tokens
    head = -1
    i = 0
    while i < len(lows) and i < 8:
        w = lows[i]
        kw = v.actor_keywords.match_at(lows, i) or v.people.match_at(lows, i)
        if kw is not None:
            head = i + kw[0]
            i += kw[0]
            continue
        if w in ("the", "a", "an", "of", "for") or toks[i].text[:1].isupper() or w.endswith("'s"):
            i += 1
            continue
        if head < 0 and i > 0 and w.isalpha() and w not in v.pronouns and an.trig[i] is None:
            i += 1  # a modifier before the head: "the air force", "the local council"
            continue
        break
    if head <= 0:
        return None
    words = lows[:head]
    person = any(v.people.match_at(words, k) for k in range(len(words)))
    if pronoun == "it" and person:
        return None
    text = an.text[toks[0].start : toks[head - 1].end]
    if toks[0].text in ("The", "A", "An") and head > 1:
        text = text[0].lower() + text[1:]  # capitalised only because it starts the sentence
    return text


_QUOTE_CHARS = re.compile('[“”"]')


def _quote_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    open_curly = -1
    open_straight = -1
    for m in _QUOTE_CHARS.finditer(text):
        i = m.start()
        ch = m.group()
        if ch == _QUOTE_OPEN:
            open_curly = i
        elif ch == _QUOTE_CLOSE:
            if open_curly >= 0 and i - open_curly <= _MAX_QUOTE:
                spans.append((open_curly, i + 1))
            open_curly = -1
        elif open_straight < 0 or i - open_straight > _MAX_QUOTE:
            open_straight = i
        else:
            spans.append((open_straight, i + 1))
            open_straight = -1
    spans.sort()
    return spans


def _quote_claimant(doc: _Doc, si: int) -> tuple[str | None, str] | None:
    """Return the claimant of a sentence inside a quotation attributed in another sentence."""
    if '"' not in doc.text and _QUOTE_OPEN not in doc.text:
        return None
    sent = doc.sents[si]
    for qs, qe in doc.quotes_near(sent.start):
        if not (qs <= sent.start + 1 and qe > sent.start) or (qs >= sent.start and qe <= sent.end):
            continue
        # After the closing quote: '..." the ministry said.'
        sj = doc.sentence_at(qe - 1)
        base = doc.sents[sj].start
        an = doc.analysis(sj)
        for att in doc.attributions(sj):
            if (
                att.kind in ("verb", "inverted")
                and att.governs_left
                and att.claimant
                and an.tokens[att.verb].start + base >= qe - 1
            ):
                return att.claimant, att.stance
        # Before the opening quote: 'The ministry said: "...'
        sk = doc.sentence_at(qs)
        base = doc.sents[sk].start
        an = doc.analysis(sk)
        for att in reversed(doc.attributions(sk)):
            if (
                att.kind in ("verb", "according")
                and att.claimant
                and (an.tokens[min(att.end, len(an.tokens)) - 1].end + base <= qs + 1)
            ):
                return att.claimant, att.stance
    return None


# ----------------------------------------------------------------------------- zeros
def _zero_claims(
    an: Analysis, v: Vocab, atts: list[Attribution], found: list[Found]
) -> list[Found]:
    """Return the claims of zero of a sentence.

    "no reports of casualties", and denials ("It denied that any of its soldiers were killed").
    """
    out: list[Found] = []
    lows = an.lows
    n = len(lows)
    taken = {(f.a, f.b) for f in found}
    i = 0
    firsts = v.zero_phrases.by_first
    while i < n:
        m = v.zero_phrases.match_at(lows, i) if lows[i] in firsts else None
        if m is None:
            i += 1
            continue
        length, category = m
        if any(an.tok_count[j] >= 0 for j in range(i, i + length)):
            i += length
            continue
        s, e = an.tokens[i].start, an.tokens[i + length - 1].end
        count = CountEstimate(0, 0, 0, "exact", an.text[s:e], s, e)
        out.append(Found(count, category, None, i, i + length, i, "zero"))
        i += length
    for att in atts:
        if att.stance != "denied" or att.kind not in ("verb", "participle", "inverted"):
            continue
        z = _denial_zero(an, v, att)
        if z is not None and (z.a, z.b) not in taken:
            out.append(z)
    return out


def _denial_zero(an: Analysis, v: Vocab, att: Attribution) -> Found | None:
    lows = an.lows
    n = len(lows)
    j = att.end
    end = n
    for k in range(j, n):
        if lows[k] in _DENIAL_BARRIER or lows[k] in (";", ".", ","):
            end = k
            break
        if lows[k] == "and" and v.attribution.match_at(lows, k + 1) is not None:
            end = k  # "denied hitting ... and said the dead were fighters"
            break
    if any(an.tok_count[k] >= 0 and an.counts[an.tok_count[k]].best > 0 for k in range(j, end)):
        return None  # a figure is denied: the count itself carries the stance
    # "any <people>" / "anyone"
    for k in range(j, end):
        if lows[k] in ("anyone", "anybody"):
            cat = _first_trigger(an, k + 1, end) or "casualties"
            return _zero_found(an, k, k + 1, cat, None, "denial")
        if lows[k] == "any":
            h = k + 1
            while h < end and h <= k + 5:
                obj = v.denial_objects.match_at(lows, h) or v.people.match_at(lows, h)
                if obj is not None and lows[h] not in ("of",):
                    stop = h + obj[0]
                    if stop < end and not _ends_noun_phrase(an, v, stop):
                        h += 1
                        continue  # "any civilian area": the people word is a modifier
                    victims_start = k + 1
                    while victims_start < h and lows[victims_start] == "of":
                        victims_start += 1
                    victims = an.text[an.tokens[victims_start].start : an.tokens[stop - 1].end]
                    cat = _first_trigger(an, stop, end) or _object_category(an, v, k + 1, stop)
                    return _zero_found(an, k, stop, cat, victims, "denial")
                h += 1
    # A casualty word with no figure: "denied killing civilians".
    for k in range(j, end):
        t = an.trig[k]
        if t is not None and an.tok_count[k] < 0:
            cat = t[1][0][0]
            found_victims: str | None = None
            h = k + t[0]
            o = h + 1 if h < end and lows[h] in ("any", "the", "its", "their") else h
            if o < end and v.veto_nouns.match_at(lows, o) is not None:
                continue  # "denied losing any tanks": not people
            while h < end and h <= k + t[0] + 3:
                p = v.people.match_at(lows, h)
                if p is not None:
                    found_victims = an.text[an.tokens[k + t[0]].start : an.tokens[h + p[0] - 1].end]
                    break
                h += 1
            return _zero_found(an, k, k + t[0], cat, found_victims, "denial")
    return None


_AFTER_OBJECT = frozenset(
    {
        "were",
        "was",
        "had",
        "have",
        "has",
        "been",
        "are",
        "is",
        "in",
        "at",
        "on",
        "near",
        "from",
        "during",
        "and",
        "or",
        "but",
        "who",
        "that",
        "among",
        "of",
        "killed",
        "died",
    }
)


def _ends_noun_phrase(an: Analysis, v: Vocab, i: int) -> bool:
    w = an.lows[i]
    return (
        not w.isalpha()
        or w in _AFTER_OBJECT
        or an.trig[i] is not None
        or (v.attribution.match_at(an.lows, i) is not None)
    )


def _first_trigger(an: Analysis, s: int, e: int) -> str | None:
    for k in range(s, e):
        t = an.trig[k]
        if t is not None:
            return t[1][0][0]
    return None


def _object_category(an: Analysis, v: Vocab, s: int, e: int) -> str:
    for k in range(s, e):
        t = an.trig[k]
        if t is not None:
            return t[1][0][0]
    return "casualties"


def _zero_found(
    an: Analysis, a: int, b: int, category: str, victims: str | None, via: str
) -> Found:
    s, e = an.tokens[a].start, an.tokens[b - 1].end
    return Found(
        CountEstimate(0, 0, 0, "exact", an.text[s:e], s, e), category, victims, a, b, a, via
    )


# ----------------------------------------------------------------------------- dates
def _week_of_the_day(got: list[tuple[DateMention, bool]],
                     v: Vocab) -> list[tuple[DateMention, bool]]:
    """Let "last week" no longer date the event when a weekday of the sentence does.

    "on Tuesday last week", "Last week, gunmen killed 12 in Zurmi on Friday": the weekday
    (read in last week, see find_dates) is the finer reading of the same time. Only a weekday
    that can date the event counts: "said on Wednesday" dates the statement.
    """
    if len(got) < 2 or not any(m.text.lower() == "last week" for m, _ in got):
        return got
    if not any(ok and m.precision == "day"
               and m.text.lower().split()[-1].removesuffix("'s") in v.weekdays
               for m, ok in got):
        return got
    return [(m, ok and m.text.lower() != "last week") for m, ok in got]


def _event_date_ok(m: DateMention, an: Analysis, atts: list[Attribution], v: Vocab) -> bool:
    """Return whether a date mention can date the event (not "since ...", not a statement)."""
    if m.bound:
        return False
    toks = an.tokens
    lows = an.lows
    # Token range of the mention.
    a = next((i for i, t in enumerate(toks) if t.end > m.start), len(toks))
    b = next((i for i in range(a, len(toks)) if toks[i].start >= m.end), len(toks))
    if m.possessive:
        # "Tuesday's statement" dates the saying; "Friday's missile strike" the event.
        return not (b < len(toks) and v.statement_nouns.match_at(lows, b) is not None)
    # "days after acknowledging five deaths": the span dates the saying it leads to.
    if m.text.lower().endswith(("after", "before")) and any(
        j < len(toks) and v.attribution.match_at(lows, j) is not None for j in (b, b + 1)
    ):
        return False
    # "in a statement on Tuesday", "a briefing on Monday"
    k = a - 1
    if k >= 0 and lows[k] in ("on", "in", "at") and not m.text.lower().startswith(("on", "in")):
        k -= 1
    for back in range(k, max(-1, k - 3), -1):
        if v.statement_nouns.match_ending_at(lows, back) is not None:
            return False
    for att in atts:
        if att.kind in ("hedge", "dash"):
            continue
        # Between the claimant and its verb: "The ministry on Monday said".
        if att.span is not None and att.span[1] <= m.start and m.end <= toks[att.verb].start:
            return False
        # Right after the verb: "said on Tuesday that", "told Reuters on Monday".
        if att.kind in ("verb", "inverted", "participle") and _only_circumstance(an, v, att.end, a):
            return False
    return True


def _only_circumstance(an: Analysis, v: Vocab, s: int, e: int) -> bool:
    """Return whether tokens [s, e) are only circumstances of a verb of saying.

    "in a statement", "to reporters", "Reuters" (an addressee), "by telephone": what stands
    between "said" and a date that is the date of the saying.
    """
    if e < s or e - s > 6:
        return False
    lows = an.lows
    i = s
    while i < e:
        m = v.skips.match_at(lows, i)
        if m is not None and i + m[0] <= e:
            i += m[0]
            continue
        w = lows[i]
        if w in _ADDRESSEE or an.tokens[i].text[:1].isupper():
            i += 1
            continue
        return False
    return True


def _event_date(
    doc: _Doc, si: int, an: Analysis, f: Found
) -> tuple[_dt.date | None, Any, bool]:
    """Return the claim's event date from its clause, its precision, and whether it is open.

    Open: the clause gives no day (no date, or only a week, month or year), so the date the
    document gives the event may fill it in (:func:`_document_dates`); a cumulative toll is
    not open.
    """
    mentions = [m for m, ok in doc.dates(si) if ok]
    if f.via == "toll":
        # "the toll rose to 63 on Monday": the date of the update, not of the event.
        mentions = [m for m in mentions if not (0 <= m.start - f.count.end <= 4)]
    if mentions:
        lo, hi = f.count.start, f.count.end
        if f.trigger is not None and f.trigger < len(an.tokens):
            lo = min(lo, an.tokens[f.trigger].start)
            hi = max(hi, an.tokens[f.trigger].end)

        def dist(m: DateMention) -> int:
            if m.end <= lo:
                return lo - m.end
            if m.start >= hi:
                return m.start - hi
            return 0

        best = min(mentions, key=dist)
        return best.date, best.precision, best.precision != "day"
    # No date in the sentence: the previous sentence of the paragraph often holds the event
    # ("A bomb hit the market on Sunday. Five people were killed."), unless this one is a
    # cumulative toll.
    lows = an.lows
    cum = doc.meta.v.cumulative
    if not cum.by_first.keys().isdisjoint(lows) and any(
        w in cum.by_first and cum.match_at(lows, i) is not None for i, w in enumerate(lows)
    ):
        return None, None, False
    for sj in range(si - 1, max(-1, si - 4), -1):
        if doc.sents[sj].paragraph != doc.sents[si].paragraph:
            break
        if not doc.may_hold_date(sj):
            continue
        prev = [m for m, ok in doc.dates(sj, light=True) if ok]
        if prev:
            m = prev[-1]
            if m.precision in ("day", "week"):
                return m.date, m.precision, m.precision != "day"
            return None, None, True
    return None, None, True
