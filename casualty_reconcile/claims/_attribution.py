"""Who makes a claim: attributions of a sentence and the claim each one governs.

Forms recognised (vocabulary in ``casualty_en.toml``, roles ``attribution``, ``according``,
``hedge``, ``skip``, ``pronoun``):

- ``X said (that) ...`` / ``X has admitted ...`` / ``X on Tuesday said ...``: the subject to
  the left of the verb, across auxiliaries and circumstance phrases;
- ``"...," X said (in a statement).`` / ``..., said X.``: the attribution after the claim;
- ``according to X``, ``citing X``, ``a tally by X``;
- ``X told Reuters``: the teller, not the outlet;
- ``X put the toll at N``;
- ``..., a figure X dismissed``: a second, *denied* claim of the same figure by X;
- a headline's trailing ``- X`` ("20 killed in Idlib - monitor");
- ``It denied ...``: a pronoun, resolved by the caller to an earlier claimant.

Each verb carries a stance (said: asserted, claimed: alleged, admitted: admitted, estimated:
estimated, denied: denied). Unattributed claims are ``reported``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from ._victims import Analysis
from ._vocab import Vocab

__all__ = ["Attribution", "find_attributions", "governing"]

_BOUNDARY = frozenset(
    {
        ",",
        ";",
        ":",
        '"',
        "“",
        "”",
        "‘",
        "’",
        "«",
        "»",
        "(",
        ")",
        "[",
        "]",
        "—",
        "–",
        "-",
        "|",
        ".",
        "?",
        "!",
    }
)
_QUOTES = frozenset({'"', "'", "“", "”", "‘", "’", "«", "»"})
_LEAD_CONJ = frozenset(
    {
        "and",
        "but",
        "meanwhile",
        "however",
        "also",
        "separately",
        "earlier",
        "later",
        "then",
        "yet",
        "so",
        "while",
        "in",
        "on",
    }
)
_ARTICLE = frozenset({"The", "A", "An"})
_GENERIC_REPORTS = frozenset(
    {
        "reports",
        "media reports",
        "local reports",
        "unconfirmed reports",
        "news reports",
        "initial reports",
        "early reports",
        "some reports",
        "other reports",
        "press reports",
        "reports from the area",
        "it",
    }
)
_DISMISSAL_HEADS = (
    ("a", "figure"),
    ("a", "claim"),
    ("a", "number"),
    ("a", "toll"),
    ("figures",),
    ("claims",),
    ("a", "tally"),
    ("an", "account"),
    ("a", "count"),
    ("numbers",),
    ("an", "estimate"),
    ("a", "report"),
    ("reports",),
    ("the", "figure"),
    ("a", "death", "toll"),
    ("which",),
)
_MAX_SUBJECT = 12
_AUXILIARIES = frozenset({"were", "was", "is", "are", "been", "be", "being"})
# Verb forms that are also nouns, and the words that make them nouns when they precede.
_NOUN_FORMS = frozenset(
    {
        "reported",
        "reports",
        "report",
        "claims",
        "claim",
        "estimates",
        "estimate",
        "records",
        "documents",
        "counts",
        "charges",
        "states",
    }
)
_NOUN_BEFORE = frozenset(
    {
        "were",
        "was",
        "is",
        "are",
        "been",
        "be",
        "being",
        "media",
        "the",
        "a",
        "an",
        "news",
        "these",
        "those",
        "such",
        "his",
        "her",
        "its",
        "their",
        "our",
        "of",
        "unconfirmed",
        "initial",
        "earlier",
        "local",
        "press",
        "official",
        "first",
        "some",
        "other",
        "by",
        "conflicting",
        "previous",
        "and",
        "or",
        "latest",
        "united",
        "about",
        "on",
        "to",
        "with",
        "for",
        "from",
        "in",
        "at",
        "amid",
        "despite",
        "over",
        "after",
        "before",
    }
)
_STATEMENT_TAIL = (
    "'s statement",
    "’s statement",
    "'s spokesman",
    "'s spokeswoman",
    "'s spokesperson",
    "'s report",
    "'s statement on",
    "'s website",
    "'s account",
    "'s tally",
    "'s figures",
    "'s data",
)


@dataclass(slots=True)
class Attribution:
    """One attribution in a sentence (token indices relative to the sentence)."""

    claimant: str | None
    stance: str
    verb: int  # first token of the verb (or of "according to")
    end: int  # token after the verb phrase
    kind: str  # verb | inverted | according | dash | dismissal | participle | hedge
    governs_left: bool
    governs_right: bool
    pronoun: bool = False
    span: tuple[int, int] | None = None  # character span of the claimant in the sentence
    # The token where the verb's complement ends: the first semicolon after it ("officials
    # said five were killed; three bombers also died": the second clause is the narrator's).
    scope_end: int = 1 << 30
    # The verb is the first word of the count phrase it governs ("X estimated 12 ...").
    on_figure: bool = False


def _text(an: Analysis, s: int, e: int) -> str:
    t = an.text[an.tokens[s].start : an.tokens[e - 1].end]
    if s == 0 and an.tokens[0].text in _ARTICLE and e - s > 1:
        # A capital only because it starts the sentence: "The coalition" -> "the coalition".
        t = t[0].lower() + t[1:]
    return t


def _subject_attribution(
    an: Analysis,
    s: int,
    e: int,
    stance: str,
    verb: int,
    after: int,
    governs_left: bool,
    governs_right: bool,
) -> Attribution:
    """Return an attribution to the noun phrase ``tokens[s:e]``, the subject of a verb of saying."""
    return Attribution(
        _text(an, s, e),
        stance,
        verb,
        after,
        "verb",
        governs_left,
        governs_right,
        span=(an.tokens[s].start, an.tokens[e - 1].end),
    )


def _skip_left(an: Analysis, v: Vocab, j: int) -> int:
    """Move left over auxiliaries and circumstance phrases ("has", "on Tuesday")."""
    lows = an.lows
    while j >= 0:
        m = v.skips.match_ending_at(lows, j)
        if m is not None:
            j -= m[0]
            continue
        if lows[j] == ",":
            # ", in a statement," between subject and verb.
            k = j - 1
            while k >= 0 and k >= j - 7 and lows[k] != ",":
                k -= 1
            if k >= 0 and lows[k] == "," and _all_skips(an, v, k + 1, j):
                j = k - 1
                continue
        break
    return j


def _all_skips(an: Analysis, v: Vocab, s: int, e: int) -> bool:
    i = s
    while i < e:
        m = v.skips.match_at(an.lows, i)
        if m is None:
            return False
        i += m[0]
    return i == e and e > s


def _subject(an: Analysis, v: Vocab, i: int) -> tuple[int, int] | None:
    """Token range of the subject ending before verb ``i`` (None when there is none)."""
    lows = an.lows
    toks = an.tokens
    j = _skip_left(an, v, i - 1)
    end = j + 1
    while j >= 0 and end - j <= _MAX_SUBJECT:
        w = lows[j]
        if w in _BOUNDARY or an.trig[j] is not None:
            break
        if an.tok_count[j] >= 0 and not _counts_claimants(an, v, j):
            break
        if v.stops.match_ending_at(lows, j) is not None and w not in ("as",):
            break
        if w == "as" and j + 1 < end:
            break
        if (
            v.attribution.match_ending_at(lows, j) is not None
            or v.according.match_ending_at(lows, j) is not None
        ):
            break
        if w == "and" and not (
            j - 1 >= 0
            and j + 1 < end
            and (
                toks[j - 1].text[:1].isupper()
                or v.people.match_ending_at(lows, j - 1) is not None
                or v.actor_keywords.match_ending_at(lows, j - 1) is not None
            )
        ):
            break  # "police and medical sources said", but not "... died and the army said"
        j -= 1
    start = j + 1
    while start < end:
        m = v.skips.match_at(lows, start)
        if m is not None and m[0] > 1 and start + m[0] < end:
            start += m[0]  # "In a statement he said"
            continue
        if lows[start] in _LEAD_CONJ:
            start += 1
            continue
        if (lows[start] in _DATE_LEAD or lows[start] in v.weekdays) and start + 1 < end:
            start += 1  # "Last week it acknowledged": a date, not the subject
            continue
        break
    if start >= end:
        return None
    return start, end


def _counts_claimants(an: Analysis, v: Vocab, j: int) -> bool:
    """Return whether the count at token ``j`` counts the speakers ("Two officials said")."""
    a, b = an.spans[an.tok_count[j]]
    lows = an.lows
    for k in range(a, min(len(lows), b + 2)):
        if k >= b and lows[k] in _BOUNDARY:
            return False
        if v.people.match_at(lows, k) is not None or v.actor_keywords.match_at(lows, k):
            return True
    return False


_DATE_LEAD = frozenset(
    {
        "last",
        "this",
        "next",
        "earlier",
        "later",
        "on",
        "late",
        "early",
        "week",
        "month",
        "year",
        "yesterday",
        "today",
    }
)


def _np_right(an: Analysis, v: Vocab, i: int, limit: int = 12) -> tuple[int, int] | None:
    """Token range of a noun phrase starting at ``i`` (claimant after "according to")."""
    lows = an.lows
    n = len(lows)
    s = i
    while s < n and lows[s] in _QUOTES:
        s += 1
    # "according to a statement from the ministry": drop the inner attribution phrase.
    m = v.according.match_at(lows, s)
    if m is not None:
        s += m[0]
    j = s
    while j < n and j - s < limit:
        w = lows[j]
        if w in _BOUNDARY or an.trig[j] is not None:
            break
        if v.stops.match_at(lows, j) is not None or w in ("who", "on", "in", "at"):
            break
        if w != "the" and (
            v.attribution.match_at(lows, j) is not None or v.skips.match_at(lows, j) is not None
        ):
            break
        if v.hedges.match_at(lows, j) is not None:
            break
        j += 1
    if j <= s:
        return None
    return s, j


def _has_claim_after(an: Analysis, i: int) -> bool:
    """Return whether a claim follows token ``i`` in the same clause.

    The complement of a verb of saying ends at a semicolon: in "..., officials said; three
    bombers also died" the second clause is the narrator's, not the officials'.
    """
    lows = an.lows
    for j in range(i, len(lows)):
        if lows[j] == ";":
            return False
        if an.tok_count[j] >= 0 or an.trig[j] is not None:
            return True
    return False


def _has_claim_before(an: Analysis, i: int) -> bool:
    for j in range(0, min(i, len(an.lows))):
        if an.tok_count[j] >= 0 or an.trig[j] is not None:
            return True
    return False


def _after_verb(an: Analysis, v: Vocab, i: int) -> int:
    """Skip what follows a verb of saying before its complement ("in a statement", "that")."""
    lows = an.lows
    n = len(lows)
    while i < n:
        m = v.skips.match_at(lows, i)
        if m is not None and lows[i] not in ("is", "was", "were", "are", "not"):
            i += m[0]
            continue
        if lows[i] == "that":
            i += 1
            continue
        break
    return i


def find_attributions(an: Analysis, v: Vocab, *, title: bool = False) -> list[Attribution]:
    """Return the attributions of a sentence, in order."""
    lows = an.lows
    toks = an.tokens
    n = len(lows)
    out: list[Attribution] = []
    i = 0
    anchors = v.attribution_firsts
    # Only a token that starts an attribution, hedge or "according to" phrase can start one:
    # step from one to the next (found at C speed) instead of over every token.
    starts = [k for k, w in enumerate(lows) if w in anchors]
    si = 0
    while i < n:
        while si < len(starts) and starts[si] < i:
            si += 1
        if si == len(starts):
            break
        i = starts[si]
        w = lows[i]  # a start word opens one or two of the three kinds: test before calling
        hedge = v.hedges.match_at(lows, i) if w in v.hedges.by_first else None
        acc = v.according.match_at(lows, i) if w in v.according.by_first else None
        verb = v.attribution.match_at(lows, i) if w in v.attribution.by_first else None
        trig = an.trig[i]
        if (
            hedge is not None
            and (acc is None or hedge[0] >= acc[0])
            and (verb is None or hedge[0] > verb[0])
        ):
            out.append(Attribution(None, hedge[1], i, i + hedge[0], "hedge", True, True))
            i += hedge[0]
            continue
        if acc is not None:
            np = _np_right(an, v, i + acc[0])
            if np is not None:
                claimant = _text(an, *np)
                if claimant.lower() in _GENERIC_REPORTS:
                    out.append(Attribution(None, "reported", i, np[1], "hedge", True, True))
                else:
                    span = (toks[np[0]].start, toks[np[1] - 1].end)
                    out.append(
                        Attribution(
                            claimant, "asserted", i, np[1], "according", True, True, span=span
                        )
                    )
                i = np[1]
                continue
            i += acc[0]
            continue
        if verb is None and lows[i] in v.toll_verbs.by_first:
            tv = _toll_verb(an, v, i)
            if tv is not None:
                out.append(tv)
            i += 1
            continue
        if verb is None or (trig is not None and trig[0] >= verb[0]):
            i += 1
            continue
        length, stance = verb
        after = i + length
        if v.not_attribution.match_at(lows, after) is not None or (
            after < n
            and an.tok_count[after] >= 0
            and after + 1 < n
            and lows[an.spans[an.tok_count[after]][1] - 1] == "lives"
        ):
            i = after
            continue
        if (
            lows[i] in _NOUN_FORMS
            and i > 0
            and (
                # "reported" is a participle only after an auxiliary ("were reported"); after
                # "media" or "state television" it is the verb ("state media reported")
                lows[i - 1] in (_AUXILIARIES if lows[i] == "reported" else _NOUN_BEFORE)
                or v.attribution.match_ending_at(lows, i - 1) is not None
            )
        ):
            i = after  # a noun here: "denied reports that", "media reports", "his claims"
            continue
        if (
            lows[i].endswith("ed")
            and i > 0
            and lows[i - 1] in ("of", "the", "a", "an", "its", "their", "his", "her")
        ):
            i = after  # an adjective: "the number of confirmed deaths"
            continue
        if lows[i] in _NOUN_FORMS and after < n and lows[after] == "of":
            i = after  # a noun: "Estimates of the dead", "reports of casualties"
            continue
        att = _verb_attribution(an, v, i, after, stance)
        if att is not None:
            att.on_figure = _verb_before_figure(an, v, i, verb)
            out.append(att)
        i = after
    # "..., days after acknowledging five deaths", "... and accused": the clause's subject.
    last: Attribution | None = None
    for att in out:
        inherits = lows[att.verb].endswith("ing") or (att.verb > 0 and lows[att.verb - 1] == "and")
        if att.kind == "participle" and att.claimant is None and last is not None and inherits:
            att.claimant, att.pronoun, att.span = last.claimant, last.pronoun, last.span
        if att.kind in ("verb", "inverted") and (att.claimant or att.pronoun):
            last = att
    if title or n:
        dash = _dash_attribution(an, v)
        if dash is not None and not any(a.verb >= dash.verb for a in out):
            out.append(dash)
    if ";" in lows:
        semis = [k for k, w in enumerate(lows) if w == ";"]
        for att in out:
            k = bisect.bisect_left(semis, att.end)
            if k < len(semis):
                att.scope_end = semis[k]
    return out


def _verb_before_figure(an: Analysis, v: Vocab, i: int, verb: tuple[int, str]) -> bool:
    """Return whether a verb of saying that a count phrase reads as its hedge is the verb.

    "The Observatory estimated 12 people died": stage 1 reads "estimated 12" as a hedged
    count, but after a subject ("The Observatory", not "an", "was" or "is") the word is the
    finite verb whose subject makes the claim, as in "The Observatory estimated that 12 ...".
    """
    lows = an.lows
    if i == 0 or lows[i - 1] in _NOT_SUBJECT_END or verb[1] != "estimated":
        return False
    return _subject(an, v, i) is not None


# An article, an auxiliary ("was estimated 40": passive) or a preposition before the word
# makes it the hedge or a participle, not a finite verb after its subject.
_NOT_SUBJECT_END = _AUXILIARIES | {w.lower() for w in _ARTICLE} | {"had", "has", "have",
                                                                 ",", "(", "at", "of"}


def _verb_attribution(an: Analysis, v: Vocab, i: int, after: int, stance: str) -> Attribution:
    lows = an.lows
    toks = an.tokens
    n = len(lows)
    subj = _subject(an, v, i)
    comp = _after_verb(an, v, after)
    right = _has_claim_after(an, comp)
    if subj is not None:
        s, e = subj
        # "a figure the army dismissed": a denial of the figure just given, by the army.
        for head in _DISMISSAL_HEADS:
            k = len(head)
            if tuple(lows[s : s + k]) == head and s + k < e:
                claimant = _text(an, s + k, e)
                span = (toks[s + k].start, toks[e - 1].end)
                return Attribution(
                    claimant,
                    "denied" if stance == "denied" else stance,
                    i,
                    after,
                    "dismissal",
                    True,
                    False,
                    span=span,
                )
        claimant = _text(an, s, e)
        low = claimant.lower()
        for tail in _STATEMENT_TAIL:
            if low.endswith(tail) and len(low) > len(tail):
                claimant = claimant[: len(claimant) - len(tail)]  # "the ministry's statement"
                break
        pronoun = claimant.lower() in v.pronouns
        if claimant.lower() in _GENERIC_REPORTS and not pronoun:
            return Attribution(None, "reported", i, after, "hedge", True, True)
        before = lows[s - 1] if s > 0 else None
        left_ok = before in _BOUNDARY or (before is None and not right)
        span = (toks[s].start, toks[e - 1].end)
        return Attribution(
            None if pronoun else claimant,
            stance,
            i,
            after,
            "verb",
            left_ok or not right,
            right or not _has_claim_before(an, s),
            pronoun=pronoun,
            span=span,
        )
    # "The Observatory, a Britain-based monitor, said": the subject before the appositive.
    appositive = _appositive_subject(an, v, i)
    if appositive is not None:
        s, e = appositive
        return _subject_attribution(
            an, s, e, stance, i, after, not right, right or not _has_claim_before(an, s)
        )
    # "a monitoring group that said 62 died": the noun phrase before the relative pronoun.
    if i > 0 and lows[i - 1] in ("that", "which", "who"):
        rel = _subject_before(an, v, i - 1)
        if rel is not None:
            s, e = rel
            return _subject_attribution(an, s, e, stance, i, after, not right, right)
    # No subject to the left: "..., said the ministry" (inverted) or "acknowledging ...".
    prev = lows[i - 1] if i > 0 else None
    if prev in _BOUNDARY or prev is None:
        np = _np_right(an, v, after, limit=10)
        if np is not None and not right:
            claimant = _text(an, *np)
            span = (toks[np[0]].start, toks[np[1] - 1].end)
            pronoun = claimant.lower() in v.pronouns
            return Attribution(
                None if pronoun else claimant,
                stance,
                i,
                np[1],
                "inverted",
                True,
                False,
                pronoun=pronoun,
                span=span,
            )
    del n
    return Attribution(None, stance, i, after, "participle", False, right)


def _toll_verb(an: Analysis, v: Vocab, i: int) -> Attribution | None:
    """Return "X put/raised the toll ... at/to N" as an attribution to X, else None."""
    lows = an.lows
    n = len(lows)
    k = i + 1
    saw_toll = False
    while k < n and k <= i + 14:
        if an.tok_count[k] >= 0:
            if saw_toll and lows[k - 1] in ("at", "to", "as", "of", "from"):
                break
            return None
        if lows[k] in _BOUNDARY:
            return None
        if v.tolls.match_ending_at(lows, k) is not None or (
            an.trig[k] is not None and any(f == "noun" for _, f in an.trig[k][1])  # type: ignore[index]
        ):
            saw_toll = True
        k += 1
    else:
        return None
    subj = _subject(an, v, i)
    if subj is None:
        return None
    s, e = subj
    claimant = _text(an, s, e)
    pronoun = claimant.lower() in v.pronouns
    return Attribution(
        None if pronoun else claimant,
        "asserted",
        i,
        i + 1,
        "verb",
        False,
        True,
        pronoun=pronoun,
        span=(an.tokens[s].start, an.tokens[e - 1].end),
    )


def _appositive_subject(an: Analysis, v: Vocab, i: int) -> tuple[int, int] | None:
    """Return the subject before an appositive: "X, a Britain-based monitor, said"."""
    lows = an.lows
    j = _skip_left(an, v, i - 1)
    if j < 1 or lows[j] != ",":
        return None
    k = j - 1
    while k >= 0 and j - k <= 8 and lows[k] != ",":
        if an.tok_count[k] >= 0 or an.trig[k] is not None or lows[k] in _BOUNDARY:
            return None
        if v.stops.match_ending_at(lows, k) is not None:
            return None
        k -= 1
    if k < 1 or lows[k] != "," or k == j - 1:
        return None
    return _subject_before(an, v, k)


def _subject_before(an: Analysis, v: Vocab, comma: int) -> tuple[int, int] | None:
    # The noun phrase that ends just before ``comma``, bounded like a subject.
    lows = an.lows
    j = comma - 1
    end = comma
    while j >= 0 and end - j <= _MAX_SUBJECT:
        w = lows[j]
        if w in _BOUNDARY or an.tok_count[j] >= 0 or an.trig[j] is not None:
            break
        if v.stops.match_ending_at(lows, j) is not None or w == "and":
            break
        if v.attribution.match_ending_at(lows, j) is not None:
            break
        j -= 1
    start = j + 1
    while start < end and lows[start] in _LEAD_CONJ:
        start += 1
    return (start, end) if start < end else None


def _dash_attribution(an: Analysis, v: Vocab) -> Attribution | None:
    """Return a headline's trailing source: "20 killed in Idlib - monitor"."""
    lows = an.lows
    n = len(lows)
    end = n
    while end > 0 and lows[end - 1] in (".", *_QUOTES):
        end -= 1
    for k in range(end - 1, max(-1, end - 7), -1):
        if lows[k] in ("-", "–", "—", "--"):
            s = k + 1
            if s >= end or k == 0:
                return None
            if any(an.tok_count[j] >= 0 or an.trig[j] is not None for j in range(s, end)):
                return None
            if not _has_claim_before(an, k):
                return None
            # A space on both sides: "killed - UN", not "pro-government".
            tok = an.tokens[k]
            if tok.start == 0 or an.text[tok.start - 1] != " ":
                return None
            claimant = an.text[an.tokens[s].start : an.tokens[end - 1].end]
            span = (an.tokens[s].start, an.tokens[end - 1].end)
            return Attribution(claimant, "asserted", k, end, "dash", True, False, span=span)
        if lows[k] in _BOUNDARY:
            return None
    return None


def governing(atts: list[Attribution], a: int, b: int) -> Attribution | None:
    """Return the attribution that governs the claim whose count spans tokens [a, b).

    The nearest preceding attribution whose complement holds the claim wins; else the nearest
    following one that can look back ("..., the ministry said"); else "according to" anywhere.
    Hedges ("reportedly") are not returned here.
    """
    pre = None
    post = None
    for att in atts:
        if att.kind == "hedge":
            continue
        if att.kind == "dismissal":
            continue  # "..., a figure the army dismissed": the army makes no claim
        # (att.verb == a: a verb that the count reads as its hedge, _verb_before_figure)
        before = att.verb < a or (att.on_figure and att.verb == a)
        if before and att.governs_right and att.kind != "dash" and a < att.scope_end:
            pre = att
        elif att.verb >= b and att.governs_left and post is None:
            post = att
    if pre is not None and post is not None and post.kind != "dismissal":
        # "Five were killed, the ministry said, and 12 wounded": prefer the closer one when the
        # preceding attribution is itself only a look-back.
        if not pre.governs_right:
            return post
        return pre
    if pre is not None:
        return pre
    if post is not None and post.kind != "dismissal":
        return post
    for att in atts:
        if att.kind == "according":
            return att
    return None
