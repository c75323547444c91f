"""Compiled lookup tables and patterns for the count scanner, built once per lexicon.

Everything the scanner needs from the lexicon is turned here into dicts and compiled regular
expressions: one *lexeme* pattern (every number word, multiplier, hedge, vague phrase, fixed
phrase and connector, as a character trie, plus digit groups) that ``finditer`` runs over the
whole text, and small anchored context patterns (units after, currency before, months, ages)
checked only around a candidate count. Building costs a few milliseconds and happens on the
first parse with a given lexicon (``Lexicon.cached``), never at import.

Linear time by construction: the trie has no nested unbounded quantifiers, whitespace and
digit runs use possessive quantifiers (dateparser's fix for quadratic backtracking on digit
runs, PR #1335), and context patterns are applied to bounded windows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..lexicon import Lexicon
from ..lexicon._units import multiplier_values

__all__ = ["HedgeSpec", "Roles", "Tables", "VagueSpec", "tables_for", "trie_pattern"]

#: Connector words with a grammatical job inside a count phrase.
_CONNECTORS = (
    "and",
    "or",
    "to",
    "between",
    "from",
    "through",
    "thru",
    "of",
    "till",
    "until",
    "but",
)


@dataclass(frozen=True, slots=True)
class HedgeSpec:
    """A hedge family: how it turns N into ``low``/``best``/``high``."""

    key: str
    kind: str
    low: str
    best: str
    high: str
    width_scale: float


@dataclass(frozen=True, slots=True)
class VagueSpec:
    """A vague quantifier's interval (``high`` None = unbounded)."""

    key: str
    low: int
    best: int
    high: int | None
    scales: bool
    #: for plural scale words ("hundreds", "thousands"): the multiplier they pluralise.
    plural_of: int | None


@dataclass(slots=True)
class Roles:
    """Everything one normalised lexeme can be; the parser picks by position."""

    number: tuple[str, float] | None = None  # (role, value): unit/teen/tens/article/fraction
    mult: int | None = None
    plural_mult: int | None = None  # "millions", "dozens" after a number: "three millions"
    vague: str | None = None
    fixed: tuple[int, bool] | None = None  # (value, needs_noun)
    hedge_before: str | None = None
    hedge_after: str | None = None
    #: an after-hedge that follows "and"/"or" ("500 and more"): read as connector + word so
    #: that "twenty and less than thirty" still reads "less than" as a hedge before 30
    hedge_after_conj: dict[str, str] | None = None
    connector: str | None = None
    #: can this lexeme carry a count? (a run without one is skipped without parsing)
    anchor: bool = False


@dataclass(slots=True)
class Tables:
    """Compiled artefacts of one lexicon for the count scanner."""

    lexeme: re.Pattern[str]
    roles: dict[str, Roles]
    hedges: dict[str, HedgeSpec]
    vague: dict[str, VagueSpec]
    roundness: list[tuple[int, float]]
    presets: dict[str, dict[str, int]]
    people_after: re.Pattern[str]
    people_near: re.Pattern[str]
    people_fixed: re.Pattern[str]
    unit_after: re.Pattern[str]
    unit_before: re.Pattern[str]
    designator_before: re.Pattern[str]
    month_before: re.Pattern[str]
    month_after: re.Pattern[str]
    age_before: re.Pattern[str]
    year_context: re.Pattern[str]
    partitive_after: re.Pattern[str]
    ordinal_after: re.Pattern[str]
    pronoun_before: re.Pattern[str]
    #: one search over the 40 characters before a number: money, age, designator, month
    before_veto: re.Pattern[str]
    #: one match right after a number: unit/measure/time, ordinal word, glued letters
    after_veto: re.Pattern[str]
    #: word sets for the context checks next to a number (1-3 words joined by one space)
    words: dict[str, frozenset[str]] = field(default_factory=dict)
    #: every multiplier word and symbol, for suffixes glued to digits ("10M", "5k", "2bn")
    glued_mults: dict[str, int] = field(default_factory=dict)
    #: the lexeme pattern for case-free text (see :func:`fast_lexeme_pattern`), or None
    lexeme_fast: re.Pattern[str] | None = None
    #: the last characters of lexemes that are not word characters ("approx.", "<", "> =")
    nonword_ends: frozenset[str] = frozenset()


def _piece(ch: str) -> str:
    if ch == " ":
        return r"\s++"
    if ch == "-":
        return r"[-\u2010\u2011]"
    if ch in "'\u2019":
        return r"['\u2019]"
    return re.escape(ch)


def trie_pattern(words: Iterable[str]) -> str:
    """Return a regex source matching any of ``words``, longest first, as a character trie.

    A trie keeps the match cost per position bounded by the longest word, where an alternation
    of hundreds of words would try each in turn.

    Examples
    --------
    >>> import re
    >>> p = re.compile(trie_pattern(["more than", "more", "most"]))
    >>> p.match("more than 5").group(), p.match("most").group()
    ('more than', 'most')
    """
    trie: dict[str, object] = {}
    for w in sorted(set(words)):
        node: dict[str, object] = trie
        for ch in w:
            node = node.setdefault(ch, {})  # type: ignore[assignment]
        node[""] = {}

    def build(node: dict[str, object]) -> str:
        ends = "" in node
        alts = [_piece(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]  # type: ignore[arg-type]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


def _words_of(lexicon: Lexicon, section: str, role: str | None = None) -> list[str]:
    out: list[str] = []
    for entry in lexicon.section(section).values():
        if role is None or entry.get("role") == role:
            out.extend(entry["words"])
    return out


def _norm_phrase(p: str) -> str:
    # "-odd" and "-plus" are written with their hyphen in the data; the scanner treats a dash
    # between tokens as a separator, so the word itself is "odd"/"plus".
    return " ".join(p.strip().lstrip("-").split())


def _word_alt(words: Iterable[str]) -> str:
    ws = sorted({_norm_phrase(w) for w in words if _norm_phrase(w)}, key=len, reverse=True)
    return trie_pattern(ws)


def _boundary_alt(words: Iterable[str]) -> str:
    """Alternation with word boundaries only on alphanumeric ends (so "%" and "$" work)."""
    alpha: list[str] = []
    other: list[str] = []
    for w in {_norm_phrase(w) for w in words}:
        if not w:
            continue
        (alpha if w[-1].isalnum() else other).append(w)
    parts = []
    if alpha:
        parts.append(f"(?:{trie_pattern(alpha)})(?![\\w])")
    if other:
        parts.append(f"(?:{trie_pattern(other)})")
    return "(?:" + "|".join(parts) + ")"


#: The digit groups of the fast lexeme pattern: the lexeme pattern's, written to start with
#: ``\d`` so that the engine passes over a position without a digit at once
#: (``\d{1,3}X`` = ``\d\d{0,2}X`` and ``\d++`` = ``\d\d*+``, tried in the same order).
_FAST_DIGITS = (
    r"\d(?:\d{0,2}(?:,\d{3})++(?![\d])|\d{0,2}(?:[ \u00a0\u202f]\d{3})++(?![\d])|\d*+)"
    r"(?:\.\d++)?(?:[eE][+]?\d{1,2}(?![\w]))?"
)


def fast_lexeme_pattern(symbols: list[str], words: list[str]) -> re.Pattern[str] | None:
    r"""Return the lexeme pattern for case-free lower-cased text, or None if it cannot be had.

    The lexeme pattern tries every position of the text; this one reads ``" " + text`` and
    starts with the non-word character before a lexeme (or a symbol's own first character),
    so the engine's search skips every word character without trying the pattern, and it is
    case-sensitive over lower-cased text, so the tries' literals are tested at C speed. It
    finds the same lexemes as the lexeme pattern when the text is case-free
    (``_lex.case_free_lower``) and no lexeme ending in a non-word character ("approx.",
    "<") is followed by a word character (the scanner checks and falls back).

    Group 1 is a symbol (its first character is the match's first), group 2 digits and
    group 3 a word (both start after the match's first character). None when a word or
    symbol has upper-case or cased non-ASCII letters, or a symbol starts with a word character.

    Examples
    --------
    >>> p = fast_lexeme_pattern(["<"], ["five", "more than"])
    >>> [(m.lastindex, m.group()) for m in p.finditer(" more than 5, < 5 or five")]
    [(3, ' more than'), (2, ' 5'), (1, '<'), (2, ' 5'), (3, ' five')]
    """

    def plain(w: str) -> bool:
        return w == w.lower() and all(c.isascii() or c.lower() == c == c.upper() for c in w)

    if not all(plain(w) for w in (*symbols, *words)):
        return None
    if any(re.match(r"\w", w) for w in symbols) or not all(re.match(r"\w", w) for w in words):
        return None
    by_first: dict[str, list[str]] = {}
    for w in symbols:
        by_first.setdefault(w[0], []).append(w[1:])
    # the first character is the one consumed: the look-behind says which it was
    sym = "|".join(f"(?<={_piece(c)}){trie_pattern(r)}" for c, r in sorted(by_first.items()))
    # one test of the consumed character first: most are a space, the start of no symbol
    any_first = "|".join(_piece(c) for c in sorted(by_first))
    alts = [f"(?P<sym>(?<={any_first})(?:{sym}))"] if sym else ["(?P<sym>(?!))"]
    alts.append(rf"(?<!\.)(?P<num>{_FAST_DIGITS})")
    alts.append(rf"(?P<w>{_word_alt(words)})(?![\w])" if words else "(?P<w>(?!))")
    return re.compile(r"[^\w](?:" + "|".join(alts) + ")")


def _build(lexicon: Lexicon) -> Tables:
    roles: dict[str, Roles] = {}

    def r(key: str) -> Roles:
        k = _norm_phrase(key)
        if k not in roles:
            roles[k] = Roles()
        return roles[k]

    for word, entry in lexicon.section("numbers").items():
        if isinstance(entry, int):
            value: float = entry
            role = "unit" if entry < 10 else "teen" if entry < 20 else "tens"
        else:
            value = entry["value"]
            role = entry["role"]
        r(word).number = (role, value)

    # "twentyone", "thirtyseven": tens and units written as one word (numerizer's tests)
    tens = [(w, v) for w, v in lexicon.section("numbers").items() if isinstance(v, int) and v >= 20]
    units = [
        (w, v) for w, v in lexicon.section("numbers").items() if isinstance(v, int) and 0 < v < 10
    ]
    for tw, tv in tens:
        for uw, uv in units:
            if tw + uw not in roles:
                r(tw + uw).number = ("tens", tv + uv)

    mults = multiplier_values(lexicon)
    for word, m in mults.items():
        if len(word) > 1:  # one-letter symbols only count glued to digits ("10M")
            r(word).mult = m
    for word, m in mults.items():
        if len(word) > 2 and word + "s" not in mults:
            r(word + "s").plural_mult = m

    vague: dict[str, VagueSpec] = {}
    for key, entry in lexicon.section("vague").items():
        plural_of = None
        for p in entry["phrases"]:
            head = p.removesuffix(" of").split()[-1]
            if head.endswith("s") and head[:-1] in mults:
                plural_of = mults[head[:-1]]
        high = None if entry["high"] == "none" else int(entry["high"])
        vague[key] = VagueSpec(
            key, int(entry["low"]), int(entry["best"]), high, bool(entry.get("scales")), plural_of
        )
        for p in entry["phrases"]:
            r(p).vague = key

    for entry in lexicon.section("fixed").values():
        for p in entry["phrases"]:
            r(p).fixed = (int(entry["value"]), bool(entry["needs_noun"]))

    hedges: dict[str, HedgeSpec] = {}
    for key, entry in lexicon.section("hedges").items():
        hedges[key] = HedgeSpec(
            key,
            entry["kind"],
            entry["low"],
            entry["best"],
            entry["high"],
            float(entry.get("width_scale", 1.0)),
        )
        for p in entry["phrases"]:
            conj, _, rest = p.partition(" ")
            if entry["position"] == "before":
                r(p).hedge_before = key
            elif conj in ("and", "or") and rest:
                conj_role = r(rest)
                conj_role.hedge_after_conj = {**(conj_role.hedge_after_conj or {}), conj: key}
            else:
                r(p).hedge_after = key

    for c in _CONNECTORS:
        r(c).connector = c
    for entry_roles in roles.values():
        entry_roles.anchor = bool(
            entry_roles.mult
            or entry_roles.vague
            or entry_roles.fixed
            or (
                entry_roles.number and entry_roles.number[0] not in ("article", "fraction", "point")
            )
        )

    symbols = [k for k in roles if k and not k[0].isalnum()]
    words = [k for k in roles if k and k[0].isalnum()]
    digits = (
        r"(?<![\w.])"
        r"(?:\d{1,3}(?:,\d{3})++(?![\d])|\d{1,3}(?:[ \u00a0\u202f]\d{3})++(?![\d])|\d++)"
        r"(?:\.\d++)?(?:[eE][+]?\d{1,2}(?![\w]))?"
    )
    lexeme = re.compile(
        rf"(?P<num>{digits})"
        rf"|(?P<sym>{trie_pattern(symbols)})"
        rf"|(?<![\w])(?P<w>{_word_alt(words)})(?![\w])",
        re.IGNORECASE,
    )
    lexeme_fast = fast_lexeme_pattern(symbols, words)

    roundness = sorted(
        ((int(e["divisor"]), float(e["width"])) for e in lexicon.section("roundness").values()),
        reverse=True,
    )
    presets: dict[str, dict[str, int]] = {}
    for entry in lexicon.section("presets").values():
        presets.setdefault(entry["preset"], {})[entry["entry"]] = int(entry["best"])

    people = _word_alt(_words_of(lexicon, "people"))
    units_after = _words_of(lexicon, "not_counts", "unit_after")
    unit_before = _words_of(lexicon, "not_counts", "unit_before")
    sym_before = [w for w in unit_before if not w[0].isalnum()]
    code_before = [w for w in unit_before if w[0].isalnum() and len(w) > 1]
    glued_before = [w for w in unit_before if w[0].isalnum() and len(w) == 1]
    months = _words_of(lexicon, "not_counts", "month")
    month_alt = _word_alt(months)

    def wset(role: str) -> frozenset[str]:
        return frozenset(
            " ".join(w.lower().lstrip("-").split()) for w in _words_of(lexicon, "not_counts", role)
        )

    word_sets = {
        "unit_after": wset("unit_after"),
        "unit_before": wset("unit_before"),
        "designator_before": wset("designator_before"),
        "month": wset("month"),
        "age_before": wset("age_before"),
        "ordinal_after": wset("ordinal_after"),
        "pronoun_before": wset("pronoun_before"),
        "partitive_after": wset("partitive_after"),
    }
    # Quick refusals for the context checks (``_scan._not_a_count``): the last word of every
    # entry that can stand before a number, and the first word of every entry after one.
    word_sets["before_last"] = frozenset(
        e.split(" ")[-1]
        for role in ("unit_before", "designator_before", "age_before")
        for e in word_sets[role]
    )
    word_sets["unit_first"] = frozenset(e.split(" ")[0] for e in word_sets["unit_after"])
    return _assemble(
        words=word_sets,
        lexeme=lexeme,
        roles=roles,
        hedges=hedges,
        vague=vague,
        roundness=roundness,
        presets=presets,
        # a people/casualty noun directly after the count (extends the span: "five deaths")
        people_after=re.compile(rf"[ \t\u00a0]++(?:{people})(?![\w])", re.IGNORECASE),
        # ... or within two words ("no Russian servicemen", "2000 local people")
        people_near=re.compile(
            rf"(?:[ \t\u00a0]++[\w'\u2019-]++){{0,2}}?[ \t\u00a0]++(?:{people})(?![\w])",
            re.IGNORECASE,
        ),
        # ... for a fixed phrase: right after it, or after one adjective ("no Russian
        # servicemen"), never further ("both sides reported casualties" is no count)
        people_fixed=re.compile(
            rf"(?:[ \t\u00a0]++[\w'\u2019-]++)??[ \t\u00a0]++(?:{people})(?![\w])",
            re.IGNORECASE,
        ),
        unit_after=re.compile(
            rf"(?:[ \t\u00a0]*+[-\u2010\u2011]?[ \t\u00a0]*+){_boundary_alt(units_after)}",
            re.IGNORECASE,
        ),
        unit_before=re.compile(
            "(?:"
            + "|".join(
                p
                for p in (
                    f"(?:{trie_pattern(sym_before)})[ \\t\\u00a0]*+" if sym_before else "",
                    f"(?<![\\w])(?:{trie_pattern(code_before)})\\.?[ \\t\\u00a0]*+"
                    if code_before
                    else "",
                    f"(?<![\\w])(?:{trie_pattern(glued_before)})" if glued_before else "",
                )
                if p
            )
            + r")\Z",
            re.IGNORECASE,
        ),
        designator_before=re.compile(
            rf"(?:(?<![\w])(?:{_word_alt(_words_of(lexicon, 'not_counts', 'designator_before'))})"
            r"\.?[ \t\u00a0]*+|#[ \t\u00a0]*+|(?<![\w])[A-Za-z]{1,6}[-\u2010\u2011])\Z",
            re.IGNORECASE,
        ),
        month_before=re.compile(
            rf"(?<![\w])(?P<m>{month_alt})\.?,?[ \t\u00a0]*+(?:the[ \t\u00a0]++)?\Z", re.IGNORECASE
        ),
        month_after=re.compile(
            rf"(?:st|nd|rd|th)?,?[ \t\u00a0]*+(?:of[ \t\u00a0]++)?(?P<m>{month_alt})(?![\w])",
            re.IGNORECASE,
        ),
        age_before=re.compile(
            rf"(?<![\w])(?:{_word_alt(_words_of(lexicon, 'not_counts', 'age_before'))})"
            r"[ \t\u00a0]*+\Z",
            re.IGNORECASE,
        ),
        year_context=re.compile(
            rf"(?<![\w])(?:{_word_alt(_words_of(lexicon, 'not_counts', 'year_context'))})"
            r"[ \t\u00a0,]*+\Z",
            re.IGNORECASE,
        ),
        ordinal_after=re.compile(
            r"[ \t\u00a0]*+[-\u2010\u2011\u2013\u2014]?[ \t\u00a0]*+"
            rf"(?:{_word_alt(_words_of(lexicon, 'not_counts', 'ordinal_after'))})(?![\w])",
            re.IGNORECASE,
        ),
        pronoun_before=re.compile(
            rf"(?<![\w])(?:{_word_alt(_words_of(lexicon, 'not_counts', 'pronoun_before'))})"
            r"[ \t\u00a0]*+\Z",
            re.IGNORECASE,
        ),
        glued_mults=mults,
        lexeme_fast=lexeme_fast,
        nonword_ends=frozenset(k[-1] for k in roles if k and re.match(r"\w", k[-1]) is None),
        partitive_after=re.compile(
            r"[ \t\u00a0]*+"
            rf"(?:{_boundary_alt(_words_of(lexicon, 'not_counts', 'partitive_after'))})",
            re.IGNORECASE,
        ),
    )


def _assemble(**kw: object) -> Tables:
    """Build the combined veto patterns from the individual ones, then the Tables."""
    ub: re.Pattern[str] = kw["unit_before"]  # type: ignore[assignment]
    ab: re.Pattern[str] = kw["age_before"]  # type: ignore[assignment]
    db: re.Pattern[str] = kw["designator_before"]  # type: ignore[assignment]
    mb: re.Pattern[str] = kw["month_before"]  # type: ignore[assignment]
    ua: re.Pattern[str] = kw["unit_after"]  # type: ignore[assignment]
    oa: re.Pattern[str] = kw["ordinal_after"]  # type: ignore[assignment]
    # Each alternative keeps its own anchoring (\Z before, match position after); the named
    # group that matched tells the scanner which rule fired.
    kw["before_veto"] = re.compile(
        f"(?P<money>{ub.pattern})|(?P<age>{ab.pattern})|(?P<desig>{db.pattern})"
        f"|(?P<month>{mb.pattern.replace('(?P<m>', '(?P<mb>')})",
        re.IGNORECASE,
    )
    kw["after_veto"] = re.compile(
        f"(?P<unit>{ua.pattern})|(?P<ord>{oa.pattern})"
        r"|(?P<glued>[A-Za-z]|[/:]\d|\.\d)",
        re.IGNORECASE,
    )
    return Tables(**kw)  # type: ignore[arg-type]


def tables_for(lexicon: Lexicon) -> Tables:
    """Return the scanner tables of ``lexicon``, building them on first use."""
    return lexicon.cached("counts.tables", _build)
