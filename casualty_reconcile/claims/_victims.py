"""Which counts of a sentence count victims, of what category, and who the victims are.

A count is a claim only when a casualty word governs it. The rules, tried in this order for
each count the count parser found (and for singular noun phrases such as "a soldier"):

1. **inside**: the count phrase holds the casualty word ("five deaths", "23 wounded",
   "no one was killed", "No casualties").
2. **left verb**: an active or participle casualty verb stands just before the count
   ("killed 5", "killing at least 7 people", "claimed the lives of 20"), possibly across a
   filler ("killed a total of 30").
3. **toll**: a running-toll noun and a link stand before it ("the death toll rose to 63",
   "bringing the toll to nine").
4. **among**: "among the dead were 3 children", "the wounded included 4 women".
5. **right**: after the count and its people ("Eleven soldiers were killed", "5 dead",
   "12 people lost their lives"), within one clause, in the passive: when the verb takes an
   object the count is its agent ("500 fighters killed 20 soldiers": 500 is not a claim).
   Coordinated counts share the verb ("5 soldiers and 2 civilians were killed").
6. **include** / **coordination**: a count after "including" or after "and" that continues a
   left-verb claim ("killed 5 soldiers and 3 civilians") takes that claim's category.

Counts after "by" and similar words count participants ("an attack by more than 500
fighters"), and counts of vehicles, weapons or places, or of displaced, evacuated, rescued or
arrested people, are not claims. The vocabulary for all of this is ``casualty_en.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .._types import CountEstimate
from ._sentences import Token
from ._vocab import Vocab

__all__ = ["Analysis", "Found", "analyse", "find_victim_counts"]

_QUOTES = frozenset({'"', "'", "“", "”", "‘", "’", "«", "»"})
_HARD_PUNCT = frozenset({";", ":", "(", ")", "[", "]", "?", "!", ".", "—", "–", "-", "|"})
_COORD = frozenset({"and", ",", "or", "plus", "&"})
# Words after a coordinated noun phrase that close it as an object ("killed two farmers and a
# child in Kunar"), where a verb would make it the subject of a clause of its own ("... and a
# commander said").
_NP_ENDS = frozenset({",", ";", "in", "on", "at", "near", "when", "while", "after", "before",
                      "during", "as", "and", "from", "inside", "outside", "across", "overnight",
                      "yesterday", "today", "tonight", "last", "this", "early", "late",
                      "earlier", "since", "with", "amid", "following", "according", "by"})
# Words that start a verb's object: after an active verb they mark the count before it as the
# agent ("500 fighters killed the guards"). Numbers are found as count spans instead.
_OBJECT_START = frozenset(
    {
        "a",
        "an",
        "the",
        "his",
        "her",
        "their",
        "its",
        "our",
        "my",
        "your",
        "several",
        "dozens",
        "scores",
        "hundreds",
        "thousands",
        "many",
        "some",
        "both",
        "each",
        "every",
        "all",
    }
)
_DETERMINERS = frozenset({"the", "those", "their", "its", "his", "her", "our"})
_PASSIVE = frozenset({"were", "was", "been", "being", "are", "is", "be", "get", "got", "gets"})
_ARTICLES = frozenset({"a", "an"})
_PARTITIVE = frozenset({"of", "the", "its", "their", "his", "her", "them", "our", "those", "these"})
# Tokens a right-hand scan may pass over without spending its budget: auxiliaries, adverbs.
_AUX = frozenset(
    {
        "were",
        "was",
        "have",
        "has",
        "had",
        "been",
        "are",
        "is",
        "be",
        "being",
        "got",
        "get",
        "all",
        "also",
        "later",
        "reportedly",
        "allegedly",
        "subsequently",
        "apparently",
        "then",
        "since",
        "so",
        "far",
        "now",
        "already",
        "both",
        "either",
        "seriously",
        "badly",
        "critically",
        "lightly",
        "slightly",
        "mortally",
        "fatally",
        "to",
        "left",
        "confirmed",
        "believed",
        "thought",
        "feared",
        "presumed",
        "likely",
        "probably",
        "still",
        "purportedly",
        "each",
        "further",
        "again",
    }
)
_RIGHT_BUDGET = 9
# A relative clause after a partitive ("Twenty-five of the pupils abducted from a school in
# Kaduna state on Thursday escaped") carries its own place and date before the main verb.
_RELATIVE_BUDGET = 12


@dataclass(slots=True)
class Analysis:
    """A tokenised sentence with its counts located on the tokens."""

    text: str
    tokens: list[Token]
    lows: list[str]
    counts: list[CountEstimate]
    #: token index -> index of the count covering it, or -1
    tok_count: list[int]
    #: per count, its token range [a, b)
    spans: list[tuple[int, int]]
    #: per token, the longest trigger phrase starting there: (length, forms) or None
    trig: list[tuple[int, tuple[tuple[str, str], ...]] | None]


@dataclass(slots=True)
class Found:
    """A victim count found in a sentence (offsets relative to the sentence)."""

    count: CountEstimate
    category: str
    victims: str | None
    a: int  # token range of the count phrase
    b: int
    trigger: int | None  # token index of the governing word, when there is one
    via: str


def analyse(text: str, tokens: list[Token], counts: list[CountEstimate], v: Vocab) -> Analysis:
    """Locate counts and trigger phrases on the tokens of a sentence."""
    lows = [t[1] for t in tokens]  # Token.low, by index: the cheapest read of a named tuple
    n = len(tokens)
    tok_count = [-1] * n
    spans: list[tuple[int, int]] = []
    ti = 0
    for k, c in enumerate(counts):
        while ti < n and tokens[ti].end <= c.start:
            ti += 1
        a = ti
        b = a
        while b < n and tokens[b].start < c.end:
            tok_count[b] = k
            b += 1
        spans.append((a, max(b, a)))
    trig: list[tuple[int, tuple[tuple[str, str], ...]] | None] = [None] * n
    firsts = v.triggers.by_first
    # only the tokens that can start a trigger (a comprehension finds them at C speed)
    for i in [i for i, w in enumerate(lows) if w in firsts]:
        m = v.triggers.match_at(lows, i)
        # an acronym ("KIA", "WIA", "MIA") is a trigger only in capitals: "two Kia cars"
        if m is not None and lows[i] in v.acronyms and not tokens[i].text.isupper():
            m = None
        trig[i] = m
    return Analysis(text, tokens, lows, counts, tok_count, spans, trig)


def _category(forms: tuple[tuple[str, str], ...], allowed: frozenset[str]) -> str | None:
    for cat, form in forms:
        if form in allowed:
            return cat
    return None


_LEFT_FORMS = frozenset({"participle", "active"})
_RIGHT_FORMS = frozenset({"participle", "intransitive", "noun"})
_INSIDE_FORMS = frozenset({"participle", "intransitive", "noun"})


_ANAPHORIC_TOLLS = frozenset({"figure", "figures", "tally", "count", "estimate", "estimates"})


def _left(
    an: Analysis, v: Vocab, a: int, prev: Found | None = None
) -> tuple[str, int, str] | bool | None:
    """Return the category from words before the count.

    A tuple (category, trigger index, via); False when the count is of participants; None
    when nothing before it decides.
    """
    lows = an.lows
    j = a - 1
    while j >= 0 and lows[j] in _QUOTES:
        j -= 1
    if j < 0:
        return None
    # 2. A casualty verb, maybe across a filler ("killed a total of 30").
    for jj in _filler_positions(lows, v, j):
        t = _trigger_ending_at(an, jj)
        if t is not None:
            start, forms = t
            cat = _category(forms, _LEFT_FORMS)
            if cat is not None:
                if _unrealised(lows, start):
                    return False  # "could kill 10,000 people", "the attempted murder of 3"
                return cat, start, "left"
    # Participants: "an attack by more than 500 fighters".
    if v.participant_before.match_ending_at(lows, j) is not None:
        return False
    # 3. A running toll: "<toll noun> ... <link> N", "quake toll passes 11,000".
    link = v.toll_links.match_ending_at(lows, j)
    starts = [j - link[0]] if link is not None else []
    if an.tok_count[a] >= 0 and a < len(lows) and v.toll_links.match_at(lows, a) is not None:
        starts.append(j)  # the link is inside the count phrase: "had passed 70,000"
    for k in starts:
        lo = max(-1, k - 12)
        while k > lo:
            if lows[k] in _HARD_PUNCT or lows[k] == ";":
                break
            if an.tok_count[k] >= 0:
                # "lowers toll from 95 to 35", "to 38 from 41": pass over the other figure.
                s0 = an.spans[an.tok_count[k]][0]
                if s0 - 1 >= 0 and lows[s0 - 1] in ("from", "to"):
                    k = s0 - 1
                    continue
                break
            tl = v.tolls.match_ending_at(lows, k)
            if tl is not None:
                cat = tl[1]
                if lows[k] in _ANAPHORIC_TOLLS and prev is not None:
                    cat = prev.category  # "put the figure at ...": the figure just given
                return cat, k, "toll"
            t = an.trig[k]
            if t is not None and k > 0 and lows[k - 1] in ("the", "of", "confirmed"):
                cat = _category(t[1], frozenset({"noun"}))
                if cat is not None:
                    return cat, k, "toll"  # "the number of confirmed deaths ... to 42"
            if t is not None and _number_of_people_before(an, v, k):
                cat = _category(t[1], frozenset({"noun", "participle"}))
                if cat is not None:
                    return cat, k, "toll"  # "the number of troops killed in the ambush to 6"
            k -= 1
    # "took 12 policemen prisoner", "held the two Canadians hostage"
    hv = v.hold_verbs.match_ending_at(lows, j)
    if hv is None and j - 1 >= 0 and lows[j] in ("the", "all", "some"):
        hv = v.hold_verbs.match_ending_at(lows, j - 1)
    if hv is not None:
        _, b = an.spans[an.tok_count[a]] if an.tok_count[a] >= 0 else (a, a + 1)
        for h in range(b, min(len(lows), b + 5)):
            if v.hold_nouns.match_at(lows, h) is not None:
                return "captured", h, "left"
    # 4. "among the dead were ..."
    am = v.among.match_ending_at(lows, j)
    if am is not None:
        return am[1], j, "among"
    return None


def _number_of_people_before(an: Analysis, v: Vocab, k: int) -> bool:
    """Whether "number of <people>" ends right before token ``k`` ("number of troops")."""
    lows = an.lows
    p = v.people.match_ending_at(lows, k - 1)
    if p is None:
        return False
    s = k - 1 - p[0] + 1
    # up to two modifiers between "of" and the people noun: "number of Afghan civilians"
    for e in range(s - 1, max(-1, s - 4), -1):
        if e >= 1 and lows[e] == "of" and lows[e - 1] in ("number", "numbers"):
            return True
        if not lows[e].isalpha():
            return False
    return False


def _filler_positions(lows: list[str], v: Vocab, j: int) -> list[int]:
    out = [j]
    m = v.fillers.match_ending_at(lows, j)
    if m is not None and j - m[0] >= 0:
        out.append(j - m[0])
    return out


def _trigger_ending_at(an: Analysis, j: int) -> tuple[int, tuple[tuple[str, str], ...]] | None:
    # Triggers are indexed by their first token; look back a few tokens for one ending at j,
    # longest first ("shot dead" before "dead").
    for start in range(max(0, j - 4), j + 1):
        t = an.trig[start]
        if t is not None and start + t[0] - 1 == j:
            return start, t[1]
    return None


def _right(
    an: Analysis, v: Vocab, a: int, b: int, *, adjective_ok: bool = True
) -> tuple[str, int, tuple[int, int] | None] | None:
    """Category from words after the count: (category, trigger index, people-head span).

    ``adjective_ok``: a participle right after the count with an object after it is an
    adjective ("12 wounded soldiers"); off for singular noun phrases, whose adjectives come
    before the noun.
    """
    lows = an.lows
    n = len(lows)
    head: tuple[int, int] | None = None
    # 1. Inside the count phrase.
    for i in range(a, b):
        t = an.trig[i]
        if t is not None:
            cat = _category(t[1], _INSIDE_FORMS)
            if cat is not None:
                return cat, i, _people_in(an, v, a, b)
        p = v.people.match_at(lows, i)
        if p is not None and i + p[0] <= b:
            head = (i, i + p[0])
    i = b
    spent = 0
    prev_np = head is not None or b > a  # the token before a conjunction heads a noun phrase
    first_np: str | None = None  # first word after the count: "3 from one family" has no noun
    passive = False  # an auxiliary before the participle: "were killed the same day"
    partitive: str | None = None  # category of "of the dead" inside the noun phrase
    if b + 1 < n and lows[b] == "of" and lows[b + 1] in ("whom", "them"):
        i = b + 2  # "nine of whom were dead on arrival"
    # "Twenty-five of the pupils ...": the count is a part of a whole named after it.
    subset = b + 1 < n and lows[b] == "of" and lows[b + 1] in _DETERMINERS
    relative_at = -1  # the participle of "who were abducted" after a partitive's noun
    last_np: Token | None = None  # last word of the noun phrase before the verb
    last_np_i = -1
    while i < n and spent <= _RIGHT_BUDGET:
        low = lows[i]
        if low in _QUOTES:
            i += 1
            continue
        k = an.tok_count[i]
        if k >= 0:
            # Another count: pass over it when coordinated with ours ("5 soldiers and
            # 2 civilians were killed") or inside our noun phrase ("7 citizens of one family").
            coordinated = i - 1 >= b and lows[i - 1] in _COORD and prev_np
            inner = (
                i - 1 >= b
                and head is not None
                and (lows[i - 1] == "of" or v.include.match_ending_at(lows, i - 1) is not None)
            )
            if coordinated or inner:
                i = an.spans[k][1]
                prev_np = True
                if coordinated:
                    last_np = an.tokens[i - 1]
                    last_np_i = i - 1
                continue
            return None
        t = an.trig[i]
        if t is not None and i - 2 >= b and lows[i - 1] in _DETERMINERS and lows[i - 2] == "of":
            # "Two of the wounded later died", "between 10 and 20 of the dead were Russians":
            # a nominal use inside the noun phrase; it decides only if no verb follows.
            head = (i, i + t[0])
            partitive = partitive or _category(t[1], _RIGHT_FORMS)
            i += t[0]
            prev_np = True
            continue
        if subset and head is not None and i == head[1] and low in ("who", "that"):
            # "Twenty-five of the pupils who were abducted ... escaped": the same relative
            # clause, with its pronoun and auxiliary written out.
            j = i + 1
            while j < n and (lows[j] in _AUX or lows[j] in _PASSIVE):
                j += 1
            if j < n and an.trig[j] is not None:
                relative_at = j
                i = j
                continue
        if (
            t is not None
            and subset
            and head is not None
            and (i == relative_at or (head[1] == i and not passive))
            and any(f == "participle" for _, f in t[1])
        ):
            # "Twenty-five of the pupils abducted on Thursday escaped", "two of the soldiers
            # wounded in the ambush later died": a participle right after the noun of a
            # partitive, with no auxiliary, is a reduced relative clause naming the whole
            # the subset is taken from. Like "of the dead" it decides only if no main verb
            # follows; a veto verb ("escaped", "were freed") makes the subset no toll, a
            # casualty verb ("died") gives its own category. (Biber et al. 1999, Longman
            # Grammar s.8.3: post-modifying -ed clauses.)
            partitive = partitive or _category(t[1], _RIGHT_FORMS)
            i += t[0]
            spent = _RIGHT_BUDGET - _RELATIVE_BUDGET
            prev_np = True
            continue
        if t is not None:
            length, forms = t
            cat = _category(forms, _RIGHT_FORMS)
            if cat is None:
                return None  # an active verb ("kill", "killing"): the count is its agent
            if _unrealised(lows, i):
                return None  # "up to 10,000 people could die if ...": a warning, not a toll
            j = i + length
            takes_object = j < n and (
                an.tok_count[j] >= 0
                or lows[j] in _OBJECT_START
                or v.people.match_at(lows, j) is not None
            )
            transitive = not passive and any(f == "participle" for _, f in forms)
            adjective = i == b and adjective_ok and head is None  # "12 wounded soldiers"
            if takes_object and transitive and not adjective:
                return None  # "500 fighters killed 20 soldiers": agent, not victim
            if (
                cat == "captured"
                and adjective
                and takes_object
                and (_released_after(an, v, j) or _released_before(an, v, a))
            ):
                return None  # "dozens of abducted pupils escape": the freed part, no toll
            if adjective and takes_object and cat != "killed":
                later = _died_after(an, v, j)
                if later is not None:
                    # "Twenty abducted farmers were found dead", "three wounded soldiers
                    # later died": the main verb gives the toll; death outranks the
                    # adjective's injury or capture.
                    return "killed", later, _head_after(an, v, j)
            nominal = all(f == "noun" for c_, f in forms if c_ == cat)
            if (
                head is None
                and last_np is not None
                and not nominal
                and not _bare_count_ok(last_np, first_np, v)
            ):
                # "one family killed": the count is not of people. A plural noun that the
                # vocabulary does not know, with a passive casualty verb, is people: only
                # people are "hurt", "wounded" or "killed" ("Twelve spectators were hurt");
                # things and groups are veto nouns and never get here.
                intransitive = any(f == "intransitive" for _, f in forms)
                if not ((passive or intransitive) and spent <= 2 and _plural_noun(last_np)):
                    return None
                head = (last_np_i, last_np_i + 1)
            return cat, i, head
        # (each phrase set is asked only when the word starts one of its phrases: the
        # answer is the same, without a call per token)
        if low in v.stops.by_first and v.stops.match_at(lows, i) is not None and low != "as":
            return (partitive, i, head) if partitive else None
        if low in ("as",) and i + 1 < n and lows[i + 1] not in ("well",):
            if an.trig[i + 1] is not None:
                i += 1  # "listed 27 soldiers as missing in action", "registered 9 as dead"
                continue
            return None
        if (low in v.veto_verbs.by_first and v.veto_verbs.match_at(lows, i) is not None) or (
            low in v.participant_verbs.by_first
            and v.participant_verbs.match_at(lows, i) is not None
        ):
            return None
        if head is None and low in v.veto_nouns.by_first and v.veto_nouns.match_at(
            lows, i
        ) is not None:
            return None
        if (
            low in v.attribution.by_first
            and v.attribution.match_at(lows, i) is not None
            and low not in _AUX
        ):
            return None
        if low in _HARD_PUNCT:
            return (partitive, i, head) if partitive else None
        if (
            low == ","
            and i + 1 < n
            and (
                an.tok_count[i + 1] >= 0
                or (lows[i + 1] in ("or", "and") and i + 2 < n and an.tok_count[i + 2] >= 0)
            )
        ):
            i += 1  # a list of figures: "4,165, over 4,200, or about 4,300 deaths"
            prev_np = True
            continue
        if low == ",":
            skip = _parenthetical(an, v, i)
            if skip is None:
                return None
            i = skip
            continue
        p = v.people.match_at(lows, i) if low in v.people.by_first else None
        if p is not None:
            if head is None:
                # the count's own noun wins over one in a complement: "forty fighters from
                # the rival militia" counts fighters
                head = (i, i + p[0])
            i += p[0]
            spent += p[0]
            prev_np = True
            continue
        if head is None and _proper_plural(an.tokens[i]):
            head = (i, i + 1)  # "60 Palestinians were killed", "20 Houthis"
        prev_np = low in _COORD and prev_np
        if low in _PASSIVE:
            passive = True
        elif low not in _AUX:
            passive = False  # only an auxiliary right before the verb makes it passive
        if low not in _AUX:
            spent += 1
            if first_np is None:
                first_np = low
            last_np = an.tokens[i]
            last_np_i = i
        i += 1
    return (partitive, i, head) if partitive else None


_PREPOSITIONS = frozenset({"from", "of", "in", "at", "on", "near", "inside", "among", "across"})
_MORE = frozenset({"more", "additional", "further", "other", "others", "another"})


# A casualty word after these did not happen (yet): a warning, a threat, a failed attempt.
# "may have died" is a real (estimated) claim: "have" stands between.
_UNREALISED = frozenset(
    {"could", "would", "might", "may", "will", "can", "shall", "attempted", "attempt", "failed"}
)


def _unrealised(lows: list[str], i: int) -> bool:
    """Whether the casualty word at ``i`` is only possible or attempted ("could die")."""
    j = i - 1
    if j >= 0 and lows[j] in ("be", "get", "not"):
        j -= 1  # "could be killed", "will not die"
    return j >= 0 and lows[j] in _UNREALISED


def _plural_noun(tok: Token) -> bool:
    """Whether a token looks like a plural common noun ("spectators", "fans", "herders")."""
    w = tok.low
    return (
        len(w) > 3
        and w.isalpha()
        and w.endswith("s")
        and not w.endswith(("ss", "us", "is", "ous"))
        and not w.endswith(("ed", "ing", "ly"))
    )


def _bare_count_ok(last: Token, first: str | None, v: Vocab) -> bool:
    """Return whether a count with no people noun still counts people.

    It does when its noun phrase is a name ("8 Peshmerga", "20 Syrians"), a quantity word
    ("30 more"), or a prepositional phrase after a bare count ("3 from one family").
    """
    if first in _PREPOSITIONS:
        return True
    w = last.text
    if w[:1].isupper():
        return True
    return last.low in v.quantity_words or last.low in _MORE or any(ch.isdigit() for ch in w)


def _parenthetical(an: Analysis, v: Vocab, i: int) -> int | None:
    """At a comma: the index after a short insertion (", mostly civilians,"), else None."""
    lows = an.lows
    n = len(lows)
    inc = v.include.match_at(lows, i + 1)
    limit = min(n, i + (12 if inc else 10))
    for j in range(i + 1, limit):
        if lows[j] == ",":
            return j + 1 if j > i + 1 else None
        if lows[j] in _HARD_PUNCT:
            return None
        if not inc and (an.tok_count[j] >= 0 or an.trig[j] is not None):
            return None
        if v.stops.match_at(lows, j) is not None:
            return None
    return None


def _people_in(an: Analysis, v: Vocab, a: int, b: int) -> tuple[int, int] | None:
    head = None
    for i in range(a, b):
        p = v.people.match_at(an.lows, i)
        if p is not None and i + p[0] <= b:
            head = (i, i + p[0])
    return head


def _victims_text(
    an: Analysis, v: Vocab, a: int, b: int, head: tuple[int, int] | None
) -> str | None:
    """Return the people counted, as written: the noun phrase after the number, to its head."""
    if head is None:
        return None
    lows = an.lows
    toks = an.tokens
    h0, h1 = head
    # Walk left from the head over its modifiers, stopping at the number words.
    s = h0
    while s - 1 >= a and h0 - s < 6:
        w = lows[s - 1]
        if (
            w in v.quantity_words
            or any(ch.isdigit() for ch in w)
            or ("-" in w and all(p in v.quantity_words for p in w.split("-")))
            or w in _QUOTES
            or w in _HARD_PUNCT
            or w == ","
            or w in _AUX
            or an.trig[s - 1] is not None
            or v.stops.match_at(lows, s - 1) is not None
        ):
            break
        s -= 1
    while s < h0 and lows[s] == "of":
        s += 1
    # "members of the same family": carry a short "of ..." complement.
    e = h1
    if e < len(lows) and lows[e] == "of":
        j = e + 1
        while j < len(lows) and j <= e + 4:
            w = lows[j]
            if (
                w in _HARD_PUNCT
                or w == ","
                or w in _AUX
                or an.trig[j] is not None
                or an.tok_count[j] >= 0
                or v.stops.match_at(lows, j) is not None
                or v.place_prepositions.match_at(lows, j) is not None
            ):
                break
            j += 1
        if j > e + 2:
            e = j
    return an.text[toks[s].start : toks[e - 1].end] or None


def find_victim_counts(an: Analysis, v: Vocab, carry: Found | None = None) -> list[Found]:
    """Return the counts of ``an`` that count victims, in order, with category and victims.

    ``carry`` is the last claim of the previous sentences: "29 of them were children" at the
    start of a sentence continues it.
    """
    # Singular noun phrases first ("a soldier"), so that counts after them can continue them
    # ("abducted a priest and two seminarians"); then the counts; then singulars that only
    # continue a count ("..., including a seven-year-old girl").
    found = _singulars(an, v, [])
    found.extend(_named(an, v, found))
    for k in range(len(an.counts)):
        a, b = an.spans[k]
        if a >= b:
            continue
        prev = _previous(found, an.counts[k].start)
        if prev is None and carry is not None and _share(an, b):
            prev = carry
        res = _decide(an, v, k, a, b, prev)
        if res is not None:
            found.append(res)
    if found and (not v.include.by_first.keys().isdisjoint(an.lows)
                  or not _COORD.isdisjoint(an.lows)):
        found.extend(_singulars(an, v, found, continuing=True))
    found.sort(key=lambda f: f.count.start)
    return found


def _share_victims(an: Analysis, v: Vocab, i: int) -> str | None:
    """Return who the share is, after "N of them": "(were) children", "women and children".

    A share names a subgroup of the claim it continues ("29 of them were children", "none of
    them were serving soldiers"); a coder records it under that subgroup, so that it is not
    read as a second figure for the whole group.
    """
    lows = an.lows
    if i < len(lows) and lows[i] in _PASSIVE:
        i += 1
    head = _head_after(an, v, i)
    return _victims_text(an, v, i, head[0] if head else i, head) if head else None


def _share(an: Analysis, b: int) -> bool:
    lows = an.lows
    return b + 1 < len(lows) and lows[b] == "of" and lows[b + 1] in ("them", "whom", "those")


def _released_after(an: Analysis, v: Vocab, j: int) -> bool:
    """Whether the clause after "N abducted pupils" says they left captivity.

    The noun phrase, a relative clause and auxiliaries may come between ("12 kidnapped
    schoolgirls who had been held for months were released"); a clause boundary, another
    figure or a casualty verb ends the search.
    """
    lows = an.lows
    for k in range(j, min(len(lows), j + _RELATIVE_BUDGET)):
        if lows[k] in _HARD_PUNCT or an.tok_count[k] >= 0 or an.trig[k] is not None:
            return False
        if v.release_verbs.match_at(lows, k) is not None:
            return True
        if v.stops.match_at(lows, k) is not None:
            return False
    return False


def _died_after(an: Analysis, v: Vocab, j: int) -> int | None:
    """Index of a passive or intransitive killed verb that is the clause's main verb, or None."""
    lows = an.lows
    for k in range(j, min(len(lows), j + _RELATIVE_BUDGET)):
        if lows[k] in _HARD_PUNCT or an.tok_count[k] >= 0 or v.stops.match_at(lows, k):
            return None
        t = an.trig[k]
        if t is not None:
            forms = t[1]
            verb = any(f == "intransitive" for _, f in forms) or (
                k >= 1 and lows[k - 1] in _PASSIVE
            )
            if verb and _category(forms, _RIGHT_FORMS) == "killed":
                return k
            return None
    return None


def _released_before(an: Analysis, v: Vocab, a: int) -> bool:
    """Whether the count is the object of a release verb ("troops rescued 12 kidnapped pupils")."""
    lows = an.lows
    k = a - 1
    while k >= 0 and lows[k] in ("the", "all", "another", "a", "further", "some"):
        k -= 1
    return k >= 0 and v.release_verbs.match_ending_at(lows, k) is not None


def _share_vetoed(an: Analysis, v: Vocab, i: int) -> bool:
    """Whether the clause of a share names people who are no casualties of the claim.

    "Gunmen abducted 40 passengers; eight of them were later freed": the eight are the
    freed part of the 40, not a share of the toll (veto verbs: escaped, freed, released,
    rescued; the ACLED abduction count is the 40).
    """
    lows = an.lows
    for j in range(i, min(len(lows), i + _RIGHT_BUDGET)):
        if lows[j] in _HARD_PUNCT or lows[j] == "," or an.trig[j] is not None:
            return False
        if v.veto_verbs.match_at(lows, j) is not None:
            return True
    return False


def _previous(found: list[Found], start: int) -> Found | None:
    best: Found | None = None
    for f in found:
        if f.count.start < start and (best is None or f.count.start > best.count.start):
            best = f
    return best


def _decide(an: Analysis, v: Vocab, k: int, a: int, b: int, prev: Found | None) -> Found | None:
    c = an.counts[k]
    lows = an.lows
    # Words before the count decide first: "killed 5 hostages", "the toll rose to 63".
    left = _left(an, v, a, prev)
    if left is False:
        return None
    if isinstance(left, tuple):
        cat, ti, via = left
        head = _people_in(an, v, a, b) or _head_after(an, v, b)
        if head is None and b < len(lows) and v.veto_nouns.match_at(lows, b) is not None:
            return None  # "destroyed 3 tanks", "lost 5 vehicles"
        return Found(c, cat, _victims_text(an, v, a, b, head), a, b, ti, via)
    # Inside: "no one was killed", "five deaths" carry their own category.
    inside = _inside(an, a, b)
    if inside is not None:
        cat, ti = inside
        head = _people_in(an, v, a, b) or _head_after(an, v, b)
        if head is not None and head[0] == b and cat != "killed":
            # "Three wounded soldiers later died", "dozens of abducted pupils escape": the
            # participle is an adjective of the noun after it; the main verb decides.
            if cat == "captured" and (
                _released_after(an, v, head[1]) or _released_before(an, v, a)
            ):
                return None
            later = _died_after(an, v, head[1])
            if later is not None:
                cat, ti = "killed", later
        victims = _victims_text(an, v, a, b, head) or _elided_victims(an, a, prev)
        return Found(c, cat, victims, a, b, ti, "inside")
    right = _right(an, v, a, b)
    if right is not None:
        cat, ti, head = right
        victims = _victims_text(an, v, a, b, head) or _elided_victims(an, a, prev)
        return Found(c, cat, victims, a, b, ti, "right")
    if prev is None:
        return None
    # "352 injured, 99 of them critically": a share of the claim just made.
    if _share(an, b) and not _share_vetoed(an, v, b + 2):
        same = prev.count.end <= c.start and prev.b <= a and prev.a < a
        victims = _share_victims(an, v, b + 2) or prev.victims
        return Found(c, prev.category, victims, a, b, prev.trigger if same else None, "include")
    # Subsets and coordination continue a claim made just before.
    j = a - 1
    while j >= 0 and lows[j] in _QUOTES:
        j -= 1
    if j < 0:
        return None
    inc = v.include.match_ending_at(lows, j)
    if lows[j] in ("and", ",") and prev.via == "right" and _elided_part(an, v, b):
        # "Two soldiers were killed in Kunar and one in Logar": the verb is shared.
        return Found(c, prev.category, prev.victims, a, b, prev.trigger, "coord")
    if inc is not None or (
        lows[j] in _COORD
        and prev.via in ("left", "include", "coord", "toll")
        and _only_noun_phrase(an, v, prev.b, j)
        and not _speaks(an, v, b)
    ):
        head = _people_in(an, v, a, b) or _head_after(an, v, b) or _plain_noun(an, v, b)
        if head is None and inc is None:
            if _elided_part(an, v, b):
                # "killed two Taliban fighters in Kunar and one in Logar": the same people,
                # another place; a part of the toll, not a new kind of victim.
                return Found(c, prev.category, prev.victims, a, b, prev.trigger, "coord")
            return None
        via = "include" if inc is not None else "coord"
        return Found(c, prev.category, _victims_text(an, v, a, b, head), a, b, prev.trigger, via)
    return None


def _speaks(an: Analysis, v: Vocab, b: int) -> bool:
    """Whether the noun phrase after token ``b`` is the subject of a verb of saying.

    "killing seven soldiers, two military sources told the agency": the two are informants,
    not a further part of the toll.
    """
    lows = an.lows
    for j in range(b, min(b + 4, len(lows))):
        if lows[j] in _HARD_PUNCT or lows[j] == "," or an.trig[j] is not None:
            return False
        if v.attribution.match_at(lows, j) is not None:
            return True
    return False


def _elided_part(an: Analysis, v: Vocab, b: int) -> bool:
    """Return whether a bare coordinated count ends at a place ("and one in Logar").

    Its people are elided: they are those of the claim it continues ("and three more in
    Helmand").
    """
    lows = an.lows
    if b < len(lows) and lows[b] in ("more", "others"):
        b += 1
    if b >= len(lows):
        return False
    if v.place_prepositions.match_at(lows, b) is None:
        return False
    k = b + 1
    while k < len(lows) and lows[k] in ("the", "a"):
        k += 1
    return k < len(lows) and an.tokens[k].text[:1].isupper()


def _plain_noun(an: Analysis, v: Vocab, b: int) -> tuple[int, int] | None:
    """Return a plain lower-case noun right after a coordinated count ("and two seminarians")."""
    lows = an.lows
    if b >= len(lows):
        return None
    w = lows[b]
    if not w.isalpha() or v.veto_nouns.match_at(lows, b) is not None:
        return None
    if an.trig[b] is not None or v.stops.match_at(lows, b) is not None or w in _AUX:
        return None
    if w.endswith(("ed", "ing", "ly")) or w in _PREPOSITIONS or w in _COORD:
        return None
    return (b, b + 1)


def _inside(an: Analysis, a: int, b: int) -> tuple[str, int] | None:
    for i in range(a, b):
        t = an.trig[i]
        if t is not None:
            cat = _category(t[1], _INSIDE_FORMS)
            if cat is not None:
                return cat, i
    return None


def _proper_plural(tok: Token) -> bool:
    t = tok.text
    return len(t) > 3 and t[0].isupper() and t.endswith("s") and t[1:].isalpha() and t[1:].islower()


def _head_after(an: Analysis, v: Vocab, b: int) -> tuple[int, int] | None:
    """Return the people noun right after a count ("killed 5 Syrian soldiers"), if any."""
    lows = an.lows
    i = b
    limit = min(len(lows), b + 5)
    if i < len(lows) and lows[i] == "of":
        i += 1
    proper: tuple[int, int] | None = None
    while i < limit:
        if proper is None and _proper_plural(an.tokens[i]):
            proper = (i, i + 1)  # "shot dead two Palestinians"
        elif proper is not None and not an.tokens[i].text[:1].isupper():
            break
        if an.tok_count[i] >= 0 or an.trig[i] is not None or lows[i] in _HARD_PUNCT:
            return None
        if lows[i] == "," or v.stops.match_at(lows, i) is not None:
            return None
        if v.veto_nouns.match_at(lows, i) is not None:
            return None
        p = v.people.match_at(lows, i)
        if p is not None:
            return (i, i + p[0])
        i += 1
    return proper


def _only_noun_phrase(an: Analysis, v: Vocab, start: int, end: int) -> bool:
    """Whether tokens [start, end) are at most a short noun phrase (no verb, no clause)."""
    if end - start > 5:
        return False
    for i in range(start, end):
        w = an.lows[i]
        if an.trig[i] is not None or an.tok_count[i] >= 0 or w in _HARD_PUNCT:
            return False
        if v.stops.match_at(an.lows, i) is not None or v.veto_verbs.match_at(an.lows, i):
            return False
        if v.participant_verbs.match_at(an.lows, i) is not None:
            return False
    return True


def _elided_victims(an: Analysis, a: int, prev: Found | None) -> str | None:
    # "Eleven soldiers were killed and 23 wounded": the 23 are soldiers too.
    if prev is None:
        return None
    if a - 1 >= 0 and an.lows[a - 1] in _COORD and prev.b >= a - 6:
        return prev.victims
    return None


def _singulars(
    an: Analysis, v: Vocab, found: list[Found], *, continuing: bool = False
) -> list[Found]:
    """Return singular victims without a numeral: "a soldier was killed", "his mother wounded".

    With ``continuing``, only the noun phrases that continue a claim of ``found`` ("...,
    including a seven-year-old girl"); otherwise those governed by their own verb.
    """
    out: list[Found] = []
    lows = an.lows
    n = len(lows)
    if _SINGULAR_DETERMINERS.isdisjoint(lows):
        return out  # no determiner: the common case, decided at C speed
    taken = {(f.a, f.b) for f in found}
    people_firsts = v.people.by_first
    for i in [i for i, w in enumerate(lows) if w in _SINGULAR_DETERMINERS]:
        if an.tok_count[i] >= 0:
            continue
        if not any(w in people_firsts for w in lows[i + 1 : i + 5]):
            continue  # no people noun close enough: the common case, decided cheaply
        # A determiner + up to 3 modifiers + a people noun.
        j = i + 1
        head = None
        while j < n and j <= i + 4:
            if an.tok_count[j] >= 0 or an.trig[j] is not None or lows[j] in _HARD_PUNCT:
                break
            if lows[j] == "," or v.stops.match_at(lows, j) is not None:
                break
            p = v.people.match_at(lows, j)
            if p is not None:
                head = (j, j + p[0])
                break
            if v.veto_nouns.match_at(lows, j) is not None:
                break
            j += 1
        if head is None:
            continue
        h1 = head[1]
        word = lows[h1 - 1]
        if (
            (word.endswith("s") and word not in _SINGULAR_S)
            or word.endswith("men")
            or (word in _PLURAL_FORMS)
        ):
            continue  # "a ... soldiers", "his men", "its servicemen": not a singular
        if (i, h1) in taken:
            continue
        start, end = an.tokens[i].start, an.tokens[h1 - 1].end
        pseudo = CountEstimate(1, 1, 1, "exact", an.text[start:end], start, end)
        res: tuple[str, int, str] | None = None
        prev = _previous(found, start)
        if continuing:
            k = i - 1
            if prev is not None and k >= 0 and v.include.match_ending_at(lows, k) is not None:
                res = (prev.category, prev.trigger or i, "include")
            elif (
                prev is not None
                and k >= 0
                and lows[k] in _COORD
                and prev.via in ("left", "include", "coord", "toll")
                and _only_noun_phrase(an, v, prev.b, k)
                and (h1 >= n or lows[h1] in _HARD_PUNCT or lows[h1] in _NP_ENDS)
            ):
                # "killed seven students and a teacher", "killed an officer and a soldier":
                # a singular coordinated with the victims of the verb before them is one
                # more victim of that verb (a part of the toll, as a count would be)
                res = (prev.category, prev.trigger or i, "coord")
        else:
            left = _left(an, v, i)
            if isinstance(left, tuple) and left[2] == "left":
                res = left
            if res is None:
                r = _right(an, v, h1, h1, adjective_ok=False)
                if r is None and i > 0 and lows[i - 1] == "," and h1 < n and lows[h1] == ",":
                    # An appositive after a name: "Mullah Nazir, a Taliban commander, was
                    # killed"; the verb comes after the closing comma.
                    r = _right(an, v, h1 + 1, h1 + 1, adjective_ok=False)
                if r is not None:
                    res = (r[0], r[1], "right")
        if res is None:
            continue
        victims = an.text[an.tokens[i + 1].start : an.tokens[h1 - 1].end]
        if lows[i] not in _ARTICLES:
            victims = an.text[start:end]  # "his mother"
        out.append(Found(pseudo, res[0], victims, i, h1, res[1], res[2]))
    return out


def _name_end(an: Analysis, i: int) -> int:
    """Return the index after a personal name starting at ``i``, else ``i``.

    A name is up to five capitalised words, with particles between them ("Mullah Akhtar
    Mansour", "Abu Bakr al-Baghdadi").
    """
    toks = an.tokens
    n = len(toks)
    j = i
    while j < n:
        t = toks[j].text
        word = t[:1].isupper() and len(t) > 1 and not t.isupper() and t.replace("-", "").isalpha()
        particle = (j > i and an.lows[j] in _NAME_PARTICLES and j + 1 < n
                    and toks[j + 1].text[:1].isupper())
        if not (word or particle):
            break
        j += 1
    return j if j - i <= 5 else i


def _singular_head(an: Analysis, v: Vocab, j: int) -> tuple[int, int] | None:
    """Return the singular people noun starting at ``j`` ("commander", "police officer")."""
    p = v.people.match_at(an.lows, j)
    if p is None:
        return None
    word = an.lows[j + p[0] - 1]
    if (word.endswith("s") and word not in _SINGULAR_S) or word.endswith("men"):
        return None
    if word in _PLURAL_FORMS:
        return None
    return (j, j + p[0])


def _named(an: Analysis, v: Vocab, found: list[Found]) -> list[Found]:
    """Return named singular victims: one person, though no number is written.

    "killed the Taliban leader, Alaudin" (a definite title with the name in apposition),
    "killed Taliban commander Mullah Nazir" (a title before the name), "The group's
    spokesman, Ali Bakr, was killed". A definite title without a name ("the soldier was
    killed") refers back to someone already counted and stays no claim (docs/claims.md).
    """
    out: list[Found] = []
    lows = an.lows
    n = len(lows)
    firsts = v.people.by_first
    if firsts.keys().isdisjoint(lows):
        return out
    taken = {(f.a, f.b) for f in found}
    for j in [j for j, w in enumerate(lows) if w in firsts]:
        if an.tok_count[j] >= 0:
            continue
        head = _singular_head(an, v, j)
        if head is None:
            continue
        h1 = head[1]
        # The noun phrase's start: "the" and up to three modifiers before the head.
        s = j
        while s - 1 >= 0 and j - s < 3:
            w = lows[s - 1]
            if (w in _HARD_PUNCT or w == "," or w in _QUOTES or an.tok_count[s - 1] >= 0
                    or an.trig[s - 1] is not None or w in _SINGULAR_DETERMINERS
                    or w == "the" or v.stops.match_at(lows, s - 1) is not None
                    or v.people.match_at(lows, s - 1) is not None or w in _AUX):
                break
            s -= 1
        definite = s - 1 >= 0 and lows[s - 1] == "the"
        if s - 1 >= 0 and lows[s - 1] in _SINGULAR_DETERMINERS:
            continue  # "a soldier": the indefinite rule (_singulars) decides
        if definite:
            # "the Taliban leader, Alaudin(,)": the name in apposition.
            if not (h1 + 1 < n and lows[h1] == ","):
                continue
            e = _name_end(an, h1 + 1)
            if e == h1 + 1 or (e < n and lows[e] not in (",", ".", ";") and e != n):
                continue
            a = s - 1
        else:
            # "Taliban commander Mullah Nazir": a title right before the name.
            e = _name_end(an, h1)
            if e == h1:
                continue
            a = s
        if any(a < tb and ta < e for ta, tb in taken):
            continue
        left = _left(an, v, a)
        res: tuple[str, int, str] | None = None
        if isinstance(left, tuple) and left[2] == "left":
            res = left
        elif left is None and (a == 0 or lows[a - 1] in (",", *_QUOTES)):
            after = e + 1 if e < n and lows[e] == "," else e
            r = _right(an, v, after, after, adjective_ok=False)
            if r is not None:
                res = (r[0], r[1], "right")
        if res is None:
            continue
        start, end = an.tokens[a].start, an.tokens[e - 1].end
        pseudo = CountEstimate(1, 1, 1, "exact", an.text[start:end], start, end)
        victims = an.text[an.tokens[s].start : an.tokens[h1 - 1].end]
        out.append(Found(pseudo, res[0], victims, a, e, res[1], "named"))
        taken.add((a, e))
    return out


_NAME_PARTICLES = frozenset({"al", "bin", "ibn", "abu", "el", "ul", "ud", "din", "de"})


_PLURAL_FORMS = frozenset(
    {
        "people",
        "children",
        "police",
        "personnel",
        "staff",
        "crew",
        "militia",
        "youth",
        "elderly",
        "military",
        "dead",
        "wounded",
        "injured",
        "missing",
        "troops",
    }
)
_SINGULAR_DETERMINERS = frozenset({"a", "an", "one", "his", "her", "their", "its", "our", "my"})
_SINGULAR_S = frozenset({"bus", "boss", "corps", "series", "hostess", "actress", "witness"})
