"""The casualty vocabulary compiled for claim extraction (built once per lexicon).

``casualty_en.toml`` lists phrases by role; this module turns each role into a
:class:`PhraseSet` that matches phrases over word tokens (longest first, forwards from a
token or backwards from one), and builds the one compiled pattern that picks candidate
sentences out of a document. Nothing is built at import: :func:`vocab_for` caches the
result on the :class:`~casualty_reconcile.lexicon.Lexicon`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Generic, TypeVar

from ..lexicon import Lexicon
from ._sentences import tokenize

__all__ = ["PhraseSet", "Vocab", "trie_pattern", "vocab_for"]

P = TypeVar("P")
#: a phrase set's look-up entry for one word (see :class:`PhraseSet`)
_Index = tuple["tuple[int, P] | None", dict[str, list[tuple[tuple[str, ...], P]]]]

# Words too common to mark a sentence as a candidate on their own.
_FUNCTION_WORDS = frozenset(
    [
        "the",
        "of",
        "to",
        "a",
        "an",
        "and",
        "or",
        "were",
        "was",
        "their",
        "his",
        "her",
        "its",
        "in",
        "for",
        "still",
        "as",
        "have",
        "has",
        "had",
        "been",
        "are",
        "is",
        "at",
        "by",
        "on",
        "into",
        "from",
        "with",
        "taken",
        "held",
        "put",
        "left",
        "went",
        "gone",
        "remain",
        "remained",
        "listed",
        "people",
        "number",
        "those",
        "dead's",
        "them",
        "whom",
        "among",
        "include",
        "included",
        "including",
        "were",
        "also",
        "confirmed",
        "reported",
        "received",
        "needed",
        "lives",
        "life",
    ]
)


@dataclass(slots=True)
class PhraseSet(Generic[P]):
    """Phrases (tuples of lower-case word tokens) with a payload, matched over token lists."""

    by_first: dict[str, list[tuple[tuple[str, ...], P]]] = field(default_factory=dict)
    by_last: dict[str, list[tuple[tuple[str, ...], P]]] = field(default_factory=dict)
    #: per first (last) word: the one-word phrase's match, and the longer phrases by their
    #: second (last but one) word, longest first: a look-up reads only the phrases that can
    #: match ("the" starts 22 trigger phrases). Built from the buckets when first needed.
    _fwd: dict[str, _Index[P]] = field(default_factory=dict, compare=False, repr=False)
    _back: dict[str, _Index[P]] = field(default_factory=dict, compare=False, repr=False)

    def add(self, words: tuple[str, ...], payload: P) -> None:
        """Add one phrase."""
        if not words:
            return
        self.by_first.setdefault(words[0], []).append((words, payload))
        self.by_last.setdefault(words[-1], []).append((words, payload))
        self._fwd.pop(words[0], None)
        self._back.pop(words[-1], None)

    def finish(self) -> None:
        """Sort each bucket longest first, so the first match found is the longest."""
        for bucket in (*self.by_first.values(), *self.by_last.values()):
            bucket.sort(key=lambda wp: -len(wp[0]))
        self._fwd.clear()
        self._back.clear()

    @staticmethod
    def _index(bucket: list[tuple[tuple[str, ...], P]], nxt: int) -> _Index[P]:
        # the bucket's order is kept: its first one-word phrase, and per next word the longer
        # phrases in the order the bucket tries them
        single: tuple[int, P] | None = None
        longer: dict[str, list[tuple[tuple[str, ...], P]]] = {}
        for words, payload in bucket:
            if len(words) == 1:
                if single is None:
                    single = (1, payload)
            else:
                longer.setdefault(words[nxt], []).append((words, payload))
        return single, longer

    def match_at(self, lows: Sequence[str], i: int) -> tuple[int, P] | None:
        """Return ``(length, payload)`` of the longest phrase starting at token ``i``."""
        if i < 0:
            return None
        try:
            w = lows[i]
        except IndexError:
            return None
        entry = self._fwd.get(w)
        if entry is None:
            bucket = self.by_first.get(w)
            if not bucket:
                return None
            entry = self._fwd[w] = self._index(bucket, 1)
        single, longer = entry
        if longer and i + 1 < len(lows):
            cands = longer.get(lows[i + 1])
            if cands:
                for words, payload in cands:
                    k = len(words)
                    if i + k <= len(lows) and tuple(lows[i : i + k]) == words:
                        return k, payload
        return single

    def match_ending_at(self, lows: Sequence[str], j: int) -> tuple[int, P] | None:
        """Return ``(length, payload)`` of the longest phrase ending at token ``j``."""
        if j < 0 or j >= len(lows):
            return None
        w = lows[j]
        entry = self._back.get(w)
        if entry is None:
            bucket = self.by_last.get(w)
            if not bucket:
                return None
            entry = self._back[w] = self._index(bucket, -2)
        single, longer = entry
        if longer and j >= 1:
            cands = longer.get(lows[j - 1])
            if cands:
                for words, payload in cands:
                    k = len(words)
                    if j - k + 1 >= 0 and tuple(lows[j - k + 1 : j + 1]) == words:
                        return k, payload
        return single

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and any(len(w) == 1 for w, _ in self.by_first.get(word, ()))

    def words(self) -> Iterable[tuple[str, ...]]:
        """Every phrase."""
        for bucket in self.by_first.values():
            for w, _ in bucket:
                yield w


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(t.low for t in tokenize(text))


def trie_pattern(words: Iterable[str]) -> str:
    """Return a regex alternation of ``words`` factored as a trie (fast to match).

    Examples
    --------
    >>> trie_pattern(["kill", "killed", "kills"])
    'kill(?:(?:ed|s))?'
    """
    trie: dict[str, Any] = {}
    for w in set(words):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        ends = "" in node
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        if len(alts) == 1 and not ends:
            return alts[0]
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if ends:
            return (body + "?") if len(alts) == 1 and len(body) == 1 else f"(?:{body})?"
        return body

    return build(trie)


@dataclass(slots=True)
class Vocab:
    """Every role of the casualty vocabulary, ready to match."""

    triggers: PhraseSet[tuple[tuple[str, str], ...]]
    tolls: PhraseSet[str]
    toll_links: PhraseSet[None]
    among: PhraseSet[str]
    include: PhraseSet[None]
    fillers: PhraseSet[None]
    hold_verbs: PhraseSet[None]
    hold_nouns: PhraseSet[None]
    toll_verbs: PhraseSet[None]
    attribution: PhraseSet[str]
    according: PhraseSet[None]
    not_attribution: PhraseSet[None]
    hedges: PhraseSet[str]
    denial_objects: PhraseSet[None]
    zero_phrases: PhraseSet[str]
    veto_nouns: PhraseSet[None]
    veto_verbs: PhraseSet[None]
    release_verbs: PhraseSet[None]
    #: "tried to kill": a word before "to" + trigger that makes the killing an aim
    attempts_before: PhraseSet[None]
    participant_before: PhraseSet[None]
    participant_verbs: PhraseSet[None]
    stops: PhraseSet[None]
    skips: PhraseSet[None]
    pronouns: frozenset[str]
    statement_nouns: PhraseSet[None]
    event_nouns: PhraseSet[None]
    date_exclude: PhraseSet[None]
    cumulative: PhraseSet[None]
    weekdays: frozenset[str]
    months: dict[str, int]
    actor_keywords: PhraseSet[None]
    place_prepositions: PhraseSet[None]
    place_heads: PhraseSet[None]
    #: words that open a headline without being a place ("Breaking: ...", "Update: ...")
    headline_labels: PhraseSet[None]
    people: PhraseSet[str]
    abbreviations: frozenset[str]
    #: trigger words that are acronyms, triggers only when written in capitals ("7 KIA")
    acronyms: frozenset[str]
    actor_re: re.Pattern[str] | None
    #: named armed groups and organisations (not states): never place names
    group_names: frozenset[str]
    candidate_re: re.Pattern[str]
    #: "29 of them": a sentence that may continue the claim of the sentence before it
    share_re: re.Pattern[str]
    denial_words: frozenset[str]
    #: Words that belong to a count phrase, not to the people counted ("several", "dozen").
    quantity_words: frozenset[str]
    #: first words of attribution, according and hedge phrases (a fast pre-check)
    attribution_firsts: frozenset[str] = frozenset()
    #: words that may start a date phrase (months, weekdays, relative-date words)
    date_anchors: frozenset[str] = frozenset()
    #: a word of ``[\w']`` characters that is a date anchor or a 4-character word starting
    #: "19"/"20", over " " + lower-cased text (the pattern starts with the character before
    #: the word, so the engine's search skips word characters): one search instead of a
    #: loop over the words
    date_word_re: re.Pattern[str] | None = None
    #: a date anchor or a year at the start of a word, over " " + lower-cased text: where it
    #: finds nothing, no token can anchor a date (a cheap test before the token loop)
    date_hint_re: re.Pattern[str] | None = None
    #: ``candidate_re`` for case-free lower-cased text with a space before it (see
    #: :func:`_extract._candidates`), or None when a candidate word is not case-free
    candidate_fast: re.Pattern[str] | None = None


def _build(lex: Lexicon) -> Vocab:
    sets: dict[str, PhraseSet[Any]] = {}

    def ps(role: str) -> PhraseSet[Any]:
        return sets.setdefault(role, PhraseSet())

    trig: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    actor_names: list[str] = []
    group_names: set[str] = set()
    abbreviations: set[str] = set()
    acronyms: set[str] = set()
    pronouns: set[str] = set()
    candidate_words: set[str] = set()
    denial_words: set[str] = set()
    weekdays: set[str] = set()
    victim_nouns: list[str] = []
    toll_verb_words: set[str] = set()
    for entry in lex.section("casualty").values():
        role = entry["role"]
        words: list[str] = entry["words"]
        if role in ("actor_name", "actor_state"):
            actor_names.extend(words)
            if role == "actor_name":
                group_names.update(words)
            continue
        if role == "abbreviation":
            abbreviations.update(words)
            continue
        if role == "acronym":
            acronyms.update(words)
            continue
        if role == "pronoun":
            pronouns.update(words)
            continue
        if role == "victim_noun":
            victim_nouns.extend(words)
            continue
        if role == "weekday":
            weekdays.update(words)
            continue
        for w in words:
            ph = _phrase(w)
            if role == "trigger":
                trig.setdefault(ph, []).append((entry["category"], entry["form"]))
            elif role in {"toll", "among", "zero_phrase"}:
                ps(role).add(ph, entry["category"])
            elif role in {"attribution", "hedge"}:
                ps(role).add(ph, entry["stance"])
            else:
                ps(role).add(ph, None)
            if role in {"trigger", "toll", "among", "zero_phrase"}:
                candidate_words.update(x for x in ph if x not in _FUNCTION_WORDS and len(x) > 2)
            if role == "toll_verb":
                toll_verb_words.add(ph[0])
            if role == "attribution" and entry["stance"] == "denied":
                denial_words.add(ph[0])
                candidate_words.add(ph[0])
    triggers: PhraseSet[tuple[tuple[str, str], ...]] = PhraseSet()
    for ph, forms in trig.items():
        triggers.add(ph, tuple(dict.fromkeys(forms)))
    people: PhraseSet[str] = PhraseSet()
    for group, entry in lex.section("people").items():
        if group == "casualty":
            continue
        for w in entry["words"]:
            people.add(_phrase(w), group)
    for w in victim_nouns:
        people.add(_phrase(w), "victim_noun")
    for s in (*sets.values(), triggers, people):
        s.finish()
    actor_re = None
    if actor_names:
        # Names are matched as written, between word boundaries; a trie keeps it fast.
        # The look-ahead on the first letters lets the engine pass over most positions
        # before it tries the alternation (names are matched case-sensitively).
        firsts = "".join(sorted({re.escape(n[0]) for n in actor_names if n}))
        actor_re = re.compile(
            rf"(?<![\w-])(?=[{firsts}])(?:{trie_pattern(actor_names)})(?![\w-])"
        )
    quantity: set[str] = set(lex.section("numbers"))
    for sec in ("vague", "hedges", "zeros"):
        for entry in lex.section(sec).values():
            if isinstance(entry, dict):
                for ph in entry.get("phrases", ()):
                    quantity.update(_phrase(ph))
    quantity.update(_multiplier_words())
    candidate_re = re.compile(
        r"(?<![\w-])(?:" + trie_pattern(candidate_words) + r")(?![\w])", re.IGNORECASE
    )
    # The same words after the character before them, case-sensitively: over " " + the
    # lower-cased text (when it is case-free) the engine's search passes over every word
    # character and hyphen without trying the pattern. Only for lower-case words that are
    # ASCII or uncased, whose ignore-case match is a plain one over lower-cased text.
    candidate_fast = (
        re.compile(r"[^\w-](?:" + trie_pattern(candidate_words) + r")(?![\w])")
        if all(
            w == w.lower() and all(c.isascii() or c.lower() == c == c.upper() for c in w)
            for w in candidate_words
        )
        else None
    )

    def get(role: str) -> PhraseSet[Any]:
        return sets.get(role) or PhraseSet()

    anchors = frozenset(
        {*_months(lex), *(w[:3] for w in weekdays), *weekdays, *_RELATIVE_DATE_WORDS}
    )
    # Tries keep both searches fast (a plain alternation of 70 words was slower than the loop).
    # Both start with the character before the word instead of a look-behind: over " " + the
    # text, the same words, and the engine's search passes over word characters at once.
    date_word_re = re.compile(
        r"[^\w'](?:(?:"
        + trie_pattern([w for w in anchors if re.fullmatch(r"[\w']+", w)])
        + r")|(?:19|20)[\w']{2})(?![\w'])"
    )
    # A token that lower-cases to an anchor, or whose part before an apostrophe does
    # ("Monday's"), starts after a non-word character and ends before one, so the anchor
    # stands between word boundaries in the lower-cased sentence; anchors with a period
    # ("feb.") are never a token. Only for ASCII anchors, whose lower-casing is plain.
    date_hint_re = (
        re.compile(
            r"[^\w](?:(?:"
            + trie_pattern([w for w in anchors if re.fullmatch(r"\w+", w)])
            + r")(?!\w)|(?:19|20)\w\w)"
        )
        if all(w.isascii() and "'" not in w for w in anchors)
        else None
    )

    return Vocab(
        triggers=triggers,
        tolls=get("toll"),
        toll_links=get("toll_link"),
        among=get("among"),
        include=get("include"),
        fillers=get("object_filler"),
        hold_verbs=get("hold_verb"),
        hold_nouns=get("hold_noun"),
        toll_verbs=get("toll_verb"),
        attribution=get("attribution"),
        according=get("according"),
        not_attribution=get("not_attribution"),
        hedges=get("hedge"),
        denial_objects=get("denial_object"),
        zero_phrases=get("zero_phrase"),
        veto_nouns=get("veto_noun"),
        veto_verbs=get("veto_verb"),
        release_verbs=get("release_verb"),
        attempts_before=get("attempt_before"),
        participant_before=get("participant_before"),
        participant_verbs=get("participant_verb"),
        stops=get("stop"),
        skips=get("skip"),
        pronouns=frozenset(pronouns),
        statement_nouns=get("statement_noun"),
        event_nouns=get("event_noun"),
        date_exclude=get("date_exclude"),
        cumulative=get("cumulative"),
        weekdays=frozenset(weekdays),
        months=_months(lex),
        actor_keywords=get("actor_keyword"),
        place_prepositions=get("place_preposition"),
        place_heads=get("place_head"),
        headline_labels=get("headline_label"),
        people=people,
        abbreviations=frozenset(abbreviations) | _hedge_abbreviations(lex),
        acronyms=frozenset(acronyms),
        actor_re=actor_re,
        group_names=frozenset(group_names),
        candidate_re=candidate_re,
        candidate_fast=candidate_fast,
        share_re=re.compile(
            r"(?<![\w-])(?:\d[\d,]*|"
            + trie_pattern(w for w in lex.section("numbers") if len(w) > 2)
            + r")\s+of\s+(?:them|whom)\b",
            re.IGNORECASE,
        ),
        denial_words=frozenset(denial_words),
        quantity_words=frozenset(quantity),
        attribution_firsts=frozenset(
            {
                *get("attribution").by_first,
                *get("according").by_first,
                *get("hedge").by_first,
                *toll_verb_words,
            }
        ),
        date_anchors=anchors,
        date_word_re=date_word_re,
        date_hint_re=date_hint_re,
    )


# Words that can anchor a relative date phrase ("yesterday", "last week", "two days ago").
_RELATIVE_DATE_WORDS = frozenset(
    [
        "yesterday",
        "today",
        "tonight",
        "morning",
        "afternoon",
        "evening",
        "night",
        "overnight",
        "week",
        "month",
        "year",
        "weekend",
        "ago",
        "days",
        "weeks",
    ]
)

_MONTH_PREFIX = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}


def _hedge_abbreviations(lex: Lexicon) -> frozenset[str]:
    """Hedges written with a period ("c. 20", "max. 23", "min. 5"): no sentence ends there.

    Read from the hedge lexicon itself, so a hedge a user adds ("appx.") is known too;
    "max. 23 soldiers" had been split into "... left max." and "23 soldiers dead" (the hedge
    and the sentence's date lost).
    """
    out = set()
    for entry in lex.section("hedges").values():
        for phrase in entry.get("phrases", ()):
            if phrase.endswith(".") and len(phrase) > 1:
                out.add(phrase.split()[-1].lower().rstrip("."))
    return frozenset(w for w in out if w)


def _months(lex: Lexicon) -> dict[str, int]:
    """Month names of the not_counts section (role "month") mapped to 1..12."""
    out: dict[str, int] = {}
    for entry in lex.section("not_counts").values():
        if isinstance(entry, dict) and entry.get("role") == "month":
            for w in entry["words"]:
                num = _MONTH_PREFIX.get(w.rstrip(".")[:3])
                if num is not None:
                    out[w] = num
    return out


def _multiplier_words() -> set[str]:
    # Names and aliases of multipliers.txt (pint syntax "dozen = 12 = dz"), read as text: the
    # claims stage only needs to know these words belong to a count phrase.
    root = resources.files("casualty_reconcile.lexicon") / "data" / "multipliers.txt"
    words: set[str] = set()
    for line in root.read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "=" not in line:
            continue
        parts = [p.strip() for p in line.split("=")]
        for p in (parts[0], *parts[2:]):
            if p and p != "_" and p.isalpha() and len(p) > 1:
                words.add(p.lower())
                words.add(p.lower() + "s")
    return words


def vocab_for(lex: Lexicon) -> Vocab:
    """Return the compiled vocabulary of ``lex`` (built on first use, then cached on it)."""
    return lex.cached("claims.vocab", _build)
