"""Places and actors named with an event, and a spelling-insensitive key for place names.

Places are capitalised names after a place preposition ("in Deir al-Zour", "near the town of
Khan Sheikhoun") or before a place noun ("Idlib province"). Actors are the organisations,
armed groups and states of the lexicon (``actor_name``) and capitalised names headed by an
organisation word ("Russia's Foreign Ministry", "Syrian Democratic Forces", "US-led
coalition"). Both are kept as written; :func:`normalise_place` makes the transliteration
variants of one place compare equal for alignment.
"""

from __future__ import annotations

import re
import unicodedata

from ._sentences import Token
from ._vocab import Vocab

__all__ = ["find_actors", "find_places", "normalise_place"]

# Arabic article and name particles that transliterations write apart, joined or hyphenated.
_PARTICLES = frozenset(
    [
        "al",
        "el",
        "ul",
        "il",
        "ad",
        "ar",
        "as",
        "ash",
        "at",
        "az",
        "ad",
        "adh",
        "an",
        "ed",
        "er",
        "es",
        "ez",
        "en",
        "bin",
        "ibn",
        "bani",
        "beni",
        "abu",
        "umm",
        "um",
        "de",
        "del",
        "da",
        "di",
        "la",
        "le",
        "du",
        "des",
        "van",
        "von",
    ]
)
_PARTICLE_PREFIX = re.compile(r"^(?:al|el|ul|il|ad|ar|as|ash|at|az|an|ed|er|es|ez|en)-", re.I)
_CONNECTORS = frozenset({"of", "for", "the", "on", "al", "el"})
_ADJ_SUFFIXES = ("-held", "-controlled", "-led", "-backed", "-run", "-based", "-allied", "-aligned")
_VOWELS = frozenset("aeiouy")


#: Words around a name that say what kind of place it is, not which: "Idlib city", "the town
#: of Idlib", "Idlib province" and "Idlib" are one key. A province and its namesake town thus
#: block together; alignment keeps them apart only by date and actors. "Kharkiv oblast" and
#: "the Kharkiv region" are Kharkiv's province, as "Idlib province" is Idlib's, and "Borno state"
#: is Borno.
_SETTLEMENT_WORDS = frozenset({"the", "city", "town", "village", "of", "province", "governorate",
                               "district", "prefecture", "countryside", "municipality", "oblast",
                               "region", "raion", "rayon", "state"})


def place_core(name: str) -> str:
    """Return a place name folded, without articles and words for the kind of place.

    The spelling that :func:`normalise_place` reduces to a key, kept readable so that two
    names can be compared letter by letter.

    Examples
    --------
    >>> place_core("Kharkiv Oblast"), place_core("the town of al-Bab"), place_core("Sadr City")
    ('kharkiv', 'bab', 'sadr')
    """
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    words = [w for w in re.split(r"[\s'’`\-‐–—_.,]+", s) if w]
    kept = [w for w in words if w not in _PARTICLES and w not in _SETTLEMENT_WORDS] or words
    return " ".join("".join(ch for ch in w if ch.isalnum()) for w in kept).strip()


def normalise_place(name: str) -> str:
    """Return a key under which spelling variants of a place name compare equal.

    Lower-cases, strips accents and punctuation, drops Arabic article particles ("al-",
    "ez-"), removes vowels after the first letter and collapses doubled letters, so
    transliterations of one name meet. It is a blocking key, not an identity: rare distinct
    places can share a key, so align on it together with dates and actors.

    Examples
    --------
    >>> {normalise_place(n) for n in ["Deir al-Zour", "Deir ez-Zor", "Deir Ezzor", "Dayr az Zawr"]}
    {'drzr'}
    >>> normalise_place("Raqqa") == normalise_place("ar-Raqqah") == normalise_place("Al Raqqa")
    True
    >>> normalise_place("Homs") == normalise_place("Hama")
    False
    >>> {normalise_place(n) for n in ["Idlib city", "the town of Idlib", "Idlib"]}
    {'idlb'}
    """
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    s = s.replace("’", "'").replace("`", "'")
    words = re.split(r"[\s'\-‐–—_.,]+", s)
    kept = [w for w in words if w and w not in _PARTICLES and w not in _SETTLEMENT_WORDS]
    if not kept:
        kept = [w for w in words if w]
    out = []
    for w in kept:
        w = "".join(ch for ch in w if ch.isalnum())
        if not w:
            continue
        if len(w) > 2 and w.endswith("h") and w[-2] in _VOWELS:
            w = w[:-1]  # "Raqqah" / "Raqqa"
        out.append(w)
    joined = "".join(out)
    if not joined:
        return ""
    skeleton = joined[0] + "".join(ch for ch in joined[1:] if ch not in _VOWELS and ch != "w")
    collapsed: list[str] = []
    for ch in skeleton:
        if not collapsed or collapsed[-1] != ch:
            collapsed.append(ch)
    return "".join(collapsed)


def _is_name_token(tok: Token) -> bool:
    c = tok.text[:1]
    if not c.isalpha():
        return False
    return c.isupper() or (c in "aeu" and bool(_PARTICLE_PREFIX.match(tok.text)))


def _calendar_word(low: str, v: Vocab) -> bool:
    return low in v.months or low.rstrip(".") in v.months or low.split("'")[0] in v.weekdays


def find_places(tokens: list[Token], lows: list[str], text: str, v: Vocab) -> list[str]:
    """Return the place names of a sentence, as written, in order.

    Examples
    --------
    >>> from casualty_reconcile.lexicon import default_lexicon
    >>> from casualty_reconcile.claims._vocab import vocab_for
    >>> from casualty_reconcile.claims._sentences import tokenize
    >>> v = vocab_for(default_lexicon())
    >>> s = ("Strikes near the town of Khan Sheikhoun in Idlib province killed 5 in "
    ...      "Syrian army-held areas.")
    >>> t = tokenize(s)
    >>> find_places(t, [x.low for x in t], s, v)
    ['Khan Sheikhoun', 'Idlib']
    """
    out: list[str] = []
    n = len(tokens)
    i = 0
    d = _DATELINE.match(text)
    if d is not None and tokens and tokens[0].start == d.start("place"):
        # "KHERSON, Ukraine (AP) -", "Kherson: three killed": a news dateline or a headline's
        # lead word names where the story happens, unless it names who speaks or is counted
        first = lows[0]
        if (
            v.people.match_at(lows, 0) is None
            and v.actor_keywords.match_at(lows, 0) is None
            and v.headline_labels.match_at(lows, 0) is None
            and d.group("place") not in v.group_names
            and not _calendar_word(first, v)
        ):
            _add(out, d.group("place"))
            if d.group("country"):
                _add(out, d.group("country"))
    firsts = v.place_prepositions.by_first
    heads = v.place_heads.by_first
    any_head = not heads.keys().isdisjoint(lows)
    # with a place noun every token is looked at: its name test once, in one pass
    # (``_is_name_token`` written out: one call per token was a tenth of this function)
    named = (
        [
            (c := t[0][:1]).isalpha()
            and (c.isupper() or (c in "aeu" and _PARTICLE_PREFIX.match(t[0]) is not None))
            for t in tokens
        ]
        if any_head
        else []
    )
    # A place starts at a preposition, or (with a place noun in the sentence) at the first
    # word of a run of names ("Idlib province"): step from one such token to the next (the
    # loop below would step over every other token one by one, finding nothing).
    starts = (
        [
            k
            for k, w in enumerate(lows)
            if w in firsts or (named[k] and (k == 0 or not named[k - 1]))
        ]
        if any_head
        else [k for k, w in enumerate(lows) if w in firsts]
    )
    si = 0
    while i < n:
        while si < len(starts) and starts[si] < i:
            si += 1
        if si == len(starts):
            break
        i = starts[si]
        m = v.place_prepositions.match_at(lows, i) if lows[i] in firsts else None
        if m is None:
            # "Idlib province": a capitalised run before a place noun.
            if any_head and named[i] and (i == 0 or not named[i - 1]):
                j = _name_run(tokens, lows, i, v)
                if j > i and j < n and lows[j] in heads and v.place_heads.match_at(lows, j):
                    _add(out, text[tokens[i].start : tokens[j - 1].end])
                    i = j
                    continue
            i += 1
            continue
        j = i + m[0]
        # An article after the preposition ("in the town of", "in a residential area of");
        # a capitalised "A"/"An" is not skipped: a title-case headline's ("In An Ambush") or
        # the Arabic article of a name ("in An Najaf").
        if j < n and lows[j] in _ARTICLES and (lows[j] == "the" or tokens[j].text.islower()):
            j += 1
        # "the town of X", "a residential area of X", "the city centre of X": a place noun,
        # after at most two plain words that describe it, then "of" and the name
        for k in range(j, min(j + 3, n)):
            h = v.place_heads.match_at(lows, k) if lows[k] in heads else None
            if h is not None and k + h[0] < n and lows[k + h[0]] == "of":
                j = k + h[0] + 1
                break
            if not lows[k].isalpha() or _is_name_token(tokens[k]):
                break
        if j >= n or not _is_name_token(tokens[j]) or tokens[j].text[0].islower():
            i = j if j > i else i + 1
            continue
        e = _name_run(tokens, lows, j, v)
        if e > j:
            nxt = lows[e] if e < n else ""
            name = text[tokens[j].start : tokens[e - 1].end]
            adjective = (
                v.people.match_at(lows, e) is not None
                or v.actor_keywords.match_at(lows, e) is not None
                or nxt.endswith(_ADJ_SUFFIXES)
                # "at Shi'ite mosque", "in Syrian army-held areas": an adjective
                or (
                    e == j + 1
                    and name.lower().endswith(_ADJ_ENDINGS)
                    and e < n
                    and nxt.isalpha()
                    and nxt not in _AFTER_PLACE
                    # "in Bauchi yesterday", "in Berberati earlier this week": a date
                    # follows a place, never an adjective's noun
                    and nxt not in v.date_anchors
                )
                # "in Taliban attack": an armed group, not a place
                or name in v.group_names
            )
            if not adjective:
                _add(out, text[tokens[j].start : tokens[e - 1].end])
        i = max(e, i + 1)
    return _split_possessives(out)


_POSSESSIVE_PLACE = re.compile(r"^(?P<outer>.+?)['’]s\s+(?P<inner>\S.*)$")


def _split_possessives(names: list[str]) -> list[str]:
    """Split "Baghdad's Sadr City" into the two places it names, the inner one first."""
    if not any("s " in n for n in names):
        return names
    out: list[str] = []
    for n in names:
        m = _POSSESSIVE_PLACE.match(n)
        if m is None:
            _add(out, n)
            continue
        _add(out, m.group("inner"))
        _add(out, m.group("outer"))
    return out


_ARTICLES = frozenset({"the", "a", "an"})

#: A dateline ("KHERSON, Ukraine (AP) -", "Kherson (Reuters) -") or a headline's lead place
#: ("Kherson: three killed"): one to three capitalised words at the very start, an optional
#: country after a comma, an optional agency in brackets, then a colon or a dash. Bounded
#: repetitions only, so the match is linear.
_DATELINE = re.compile(
    r"\s{0,3}(?P<place>[A-Z][\w'’.-]{1,30}(?: [A-Z][\w'’.-]{1,30}){0,2})"
    r"(?:, (?P<country>[A-Z][\w'’-]{1,30}(?: [A-Z][\w'’-]{1,30})?))?"
    r"(?: ?\([A-Za-z .&/-]{1,40}\))?"
    r"(?::\s| ?[-\u2013\u2014]\s)"
)

# Words that may follow a place name (so the name is not a modifier of the next word).
_AFTER_PLACE = frozenset(
    {
        "and",
        "or",
        "on",
        "in",
        "at",
        "near",
        "after",
        "before",
        "when",
        "where",
        "which",
        "that",
        "who",
        "as",
        "to",
        "from",
        "with",
        "for",
        "by",
        "of",
        "but",
        "while",
        "since",
        "until",
        "during",
        "amid",
        "between",
        "into",
        "over",
        "under",
        "than",
        "late",
        "early",
        "earlier",
        "later",
        "last",
        "this",
        "the",
    }
)


_ADJ_ENDINGS = ("ian", "ite", "ese", "ish", "i", "ic", "ean", "an's")


def _name_run(tokens: list[Token], lows: list[str], j: int, v: Vocab) -> int:
    n = len(tokens)
    e = j
    while e < n and e - j < 5:
        tok = tokens[e]
        if _is_name_token(tok) and not _calendar_word(lows[e], v):
            e += 1
            continue
        if lows[e] in _PARTICLES and e + 1 < n and _is_name_token(tokens[e + 1]):
            e += 1
            continue
        break
    # A capitalised article starts no name (title case: "In A Raid"), except the Arabic
    # article assimilated to a following n ("An Nasiriyah", "An Nuhud": the sun letter n
    # doubles the article's consonant). English writes "an" before n only in an acronym
    # read with a vowel ("an NGO"), which is all capitals.
    if e > j and lows[j] in ("the", "a", "an"):
        nxt = tokens[j + 1].text if e > j + 1 else ""
        if not (lows[j] == "an" and nxt[:1] == "N" and not nxt.isupper()):
            return j
    return e


def _add(out: list[str], name: str) -> None:
    name = name.strip(" ,.'\"")
    if name.endswith(("'s", "’s")):
        name = name[:-2]
    if name and name.lower() not in {x.lower() for x in out}:
        out.append(name)


def find_actors(
    tokens: list[Token], lows: list[str], text: str, v: Vocab, places: list[str]
) -> list[str]:
    """Return organisations, armed groups and states named in a sentence, as written.

    Examples
    --------
    >>> from casualty_reconcile.lexicon import default_lexicon
    >>> from casualty_reconcile.claims._vocab import vocab_for
    >>> from casualty_reconcile.claims._sentences import tokenize
    >>> v = vocab_for(default_lexicon())
    >>> s = "Russia's Foreign Ministry said the US-led coalition and SDF fighters clashed in Syria."
    >>> t = tokenize(s)
    >>> find_actors(t, [x.low for x in t], s, v, ["Syria"])
    ["Russia's Foreign Ministry", 'US-led coalition', 'SDF']
    """
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    place_keys = {p.lower() for p in places}
    n = len(tokens)
    i = 0
    # A name starts at a capital (or an "al-"/"el-" particle, not "ul-"): step from one such
    # token to the next instead of over every token. ``_is_name_token`` of every token is
    # written out in one comprehension: the loop below reads it instead of a call per token.
    named = [
        (c := t[0][:1]).isalpha()
        and (c.isupper() or (c in "aeu" and _PARTICLE_PREFIX.match(t[0]) is not None))
        for t in tokens
    ]
    starts = [k for k, t in enumerate(tokens) if named[k] and t[0][:1] != "u"]
    kw_firsts = v.actor_keywords.by_first
    si = 0
    while i < n:
        while si < len(starts) and starts[si] < i:
            si += 1
        if si == len(starts):
            break
        i = starts[si]
        if _calendar_word(lows[i], v):
            i += 1
            continue
        e = i
        last_kw = -1
        while e < n and e - i < 8:
            tok = tokens[e]
            # most words start no keyword: a dict test, not a call
            kw = v.actor_keywords.match_at(lows, e) if lows[e] in kw_firsts else None
            if kw is not None and (tok.text[0].isupper() or e > i):
                e += kw[0]
                last_kw = e
                continue
            if named[e] and not _calendar_word(lows[e], v):
                if last_kw == e and not (e > 0 and lows[e - 1] in _CONNECTORS):
                    break  # "the coalition SDF": a new name after a complete one
                e += 1
                continue
            if lows[e] in _CONNECTORS and e + 1 < n and named[e + 1] and e > i:
                e += 1
                continue
            break
        if last_kw > i:
            s = i + 1 if lows[i] in ("the", "a", "an") else i
            # "Ministry of Defence", "Observatory for Human Rights": keep the complement.
            stop = e if e > last_kw and lows[last_kw] in ("of", "for", "on") else last_kw
            if s < stop:
                start, end = tokens[s].start, tokens[stop - 1].end
                found.append((start, text[start:end]))
                taken.append((start, end))
            i = max(stop, i + 1)
            continue
        i = max(e, i + 1)
    if v.actor_re is not None:
        for m in v.actor_re.finditer(text):
            if any(a <= m.start() < b for a, b in taken):
                continue
            if m.group().lower() in place_keys:
                continue
            found.append((m.start(), m.group()))
    found.sort()
    out: list[str] = []
    for _, name in found:
        _add(out, name)
    return out
