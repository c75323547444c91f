"""The generator: events with true tolls, biased sources, documents, claims and truth.

The algorithm is here; every word it writes comes from ``data/templates_en.toml``, the shipped
lexicon (hedges, vague words, number words) or the gazetteer ``data/places.toml``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ..counts import parse_count
from ..errors import InputError
from ..lexicon import default_lexicon
from ..lexicon._units import multiplier_values
from ._places import load_places
from ._templates import load_templates

__all__ = ["SyntheticSet", "generate", "write_set"]

_START = dt.date(2023, 1, 1)
_WORDY = re.compile(r"^[a-z][a-z ]*[a-z]$")
#: Claims-frame columns written for the structured claims (a subset of _columns.CLAIM_COLUMNS).
CLAIM_FIELDS = ("claim_id", "doc_id", "event_id", "section", "source", "claimant", "publisher",
                "published", "category", "low", "best", "high", "kind", "count_text",
                "victims", "stance", "event_date", "event_date_precision", "location")


@dataclass
class SyntheticSet:
    """A generated report set: documents, structured claims and the truth.

    Attributes
    ----------
    documents : list of dict
        Documents-frame rows (``doc_id``, ``title``, ``text``, ``published``, ``publisher``),
        without event ids: what a user would feed to ``reconcile``.
    claims : list of dict
        Claims-frame rows (``CLAIM_FIELDS``): what an ideal reader records from each document,
        with the true ``event_id``; figures are stage 1's reading of the phrase written.
    truth : list of dict
        One row per event: ``event_id``, ``date``, ``place``, ``country``, ``tolls`` (category
        -> true toll), ``doc_ids`` (the documents about it), ``conflicts`` (the contradiction
        kinds the reports hold) and ``mentions`` (round-up sentences of its documents about an
        earlier event: ``doc_id``, ``event_id``, ``start`` offset into the text).
    """

    documents: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    truth: list[dict[str, Any]] = field(default_factory=list)
    _index: dict[str, list[tuple[int, str]]] | None = field(default=None, repr=False,
                                                              compare=False)

    def doc_events(self) -> dict[str, str]:
        """Return doc_id -> the true event id of every document (its headline's event)."""
        return {d: e["event_id"] for e in self.truth for d in e["doc_ids"]}

    def event_of(self, doc_id: str, start: int) -> str:
        """Return the true event of the sentence starting at ``start`` of a document's text.

        A document is about its event, except for a round-up sentence about another event
        (the truth's ``mentions``: from that offset on). Headline claims are at offset 0.

        Examples
        --------
        >>> s = generate(2, seed=0)
        >>> s.event_of(s.truth[1]["doc_ids"][0], 0)
        'E000001'
        """
        if self._index is None:
            docs = self.doc_events()
            self._index = {d: [(0, e)] for d, e in docs.items()}
            for e in self.truth:
                for m in e["mentions"]:
                    self._index[m["doc_id"]].append((m["start"], m["event_id"]))
        return next(e for s, e in reversed(self._index[doc_id]) if start >= s)


@dataclass
class _Source:
    name: str
    verb: str
    stances: tuple[str, ...]
    bias: float
    noise: float
    habit: tuple[int, int]
    delay: int


@cache
def _parse(phrase: str) -> tuple[int, int, int | None, str, str] | None:
    c = parse_count(phrase)
    return None if c is None else (c.low, c.best, c.high, c.kind, c.text)


@cache
def _lexicon_words() -> tuple[dict[int, str], list[tuple[str, str]], list[tuple[int, int, str]]]:
    lex = default_lexicon()
    numbers: dict[int, str] = {}
    for word, v in lex.section("numbers").items():
        if isinstance(v, int) and 0 < v < 100 and v not in numbers:
            numbers[v] = word
    # The multiplier words (dozen, hundred, thousand ...): the first spelled-out name of each
    # value, so "two dozen" and "three hundred and twelve" come from the lexicon too.
    for word, v in multiplier_values(lex).items():
        if v in (12, 100, 1000) and -v not in numbers and _WORDY.match(word) and len(word) > 3:
            numbers[-v] = word
    # Every hedge phrase of the lexicon, symbols and abbreviations too ("~", "approx.",
    # "-odd", "+"): a phrase stage 1 does not read whole is written as digits (see _phrase).
    hedges = [(h["position"], p) for h in lex.section("hedges").values()
              if h.get("kind") in {"approximate", "lower_bound", "upper_bound", "exact"}
              for p in h["phrases"]]
    vague: list[tuple[int, int, str]] = []
    for v in lex.section("vague").values():
        if isinstance(v.get("high"), int):
            ofs = [p for p in v["phrases"] if p.endswith(" of") and _WORDY.match(p)]
            vague += [(v["low"], v["high"], p) for p in (ofs or v["phrases"]) if _WORDY.match(p)]
            if v.get("scales") and v["high"] <= 10:
                for mult, m in (("dozen", 12), ("hundred", 100)):
                    base = (ofs or v["phrases"])[0].removesuffix(" of")
                    vague.append((v["low"] * m, v["high"] * m, f"{base} {mult}"))
    return numbers, sorted(hedges), sorted(vague)


def _words(n: int, rng: random.Random) -> str | None:
    """Spell ``n`` out from the lexicon's number and multiplier words, or ``None``.

    Negative keys of the number table are multipliers (-12 dozen, -100 hundred).
    """
    numbers = _lexicon_words()[0]
    dozens, rest = divmod(n, 12)
    if -12 in numbers and rest == 0 and 1 <= dozens <= 9 and rng.random() < 0.3:
        return f"{'a' if dozens == 1 else numbers[dozens]} {numbers[-12]}"
    if 0 < n < 100 and n in numbers:
        return numbers[n]
    tens, unit = divmod(n, 10)
    if 2 <= tens <= 9 and tens * 10 in numbers and unit in numbers:
        return f"{numbers[tens * 10]}-{numbers[unit]}"
    hundreds, rest = divmod(n, 100)
    if -100 in numbers and 1 <= hundreds <= 9:
        lead = "a" if hundreds == 1 and rng.random() < 0.5 else numbers[hundreds]
        head = f"{lead} {numbers[-100]}"
        tail = _words(rest, rng) if rest else ""
        return head if not rest else f"{head} and {tail}" if tail else None
    return None


@cache
def _hedge_weights() -> tuple[float, ...]:
    # Symbols and abbreviations ("~", ">=", "approx.") are rarer in prose than words: one in
    # three as likely as a word hedge, so that they occur without crowding the words out.
    return tuple(1.0 if _WORDY.match(h) else 0.33 for _, h in _lexicon_words()[1])


def _hedged(pos: str, hedge: str, n: int, victims: str) -> str:
    """Put a hedge before or after the figure; a symbol or suffix ("~", "+", "-odd") is glued."""
    if pos == "before":
        glue = "" if not any(ch.isalpha() for ch in hedge) else " "
        return f"{hedge}{glue}{n} {victims}"
    glue = "" if hedge[:1] in "+-" else " "
    return f"{n}{glue}{hedge} {victims}"


_Reading = tuple[int, int, int | None, str]


def _phrase(rng: random.Random, n: int, victims: str) -> tuple[str, _Reading]:
    """Write a count phrase for the figure ``n`` a source has in mind; return it and its reading."""
    _, hedges, vague = _lexicon_words()
    style = rng.choices(["exact", "words", "hedge", "range", "vague"], [40, 10, 30, 8, 12])[0]
    # digits, grouped by thousands half the time ("1,250") as wire copy writes them
    text = f"{n:,} {victims}" if n >= 1000 and rng.random() < 0.5 else f"{n} {victims}"
    if style == "words" and (w := _words(n, rng)):
        text = f"{w} {victims}"
    elif style == "hedge" and n > 1:
        pos, h = rng.choices(hedges, _hedge_weights())[0]
        text = _hedged(pos, h, n, victims)
    elif style == "range" and n > 2:
        k = max(1, round(n * rng.uniform(0.1, 0.3)))
        text = rng.choice([f"between {n - k} and {n + k} {victims}",
                           f"{n - k} to {n + k} {victims}"])
    elif style == "vague" and (fits := [p for lo, hi, p in vague if lo <= n <= hi and hi <= 4 * n]):
        text = f"{rng.choice(fits)} {victims}"
    got = _parse(text)
    if got is None or got[4] != text:  # the lexicon phrase does not read whole: write digits
        text = f"{n} {victims}"
        got = _parse(text)
    if got is None:  # a year-like figure with no noun ("1819 "), grouped as wire copy does
        text = f"{n:,} {victims}"
        got = _parse(text)
    assert got is not None
    return text, got[:4]


def _source(rng: random.Random, name: str, verb: str, stances: tuple[str, ...],
            bias: list[float], noise: float) -> _Source:
    habits = load_templates()["rounding"]["habits"]
    h = rng.choices(habits, [x["weight"] for x in habits])[0]
    return _Source(name, verb, stances, math.exp(rng.gauss(bias[0], bias[1])), noise,
                   (h["to"], h["above"]), rng.choices([0, 1, 2, 3], [4, 3, 2, 1])[0])


def _report(rng: random.Random, src: _Source, toll: float) -> int:
    n = max(1, round(toll * src.bias * math.exp(rng.gauss(0, src.noise))))
    to, above = src.habit
    return max(1, round(n / to) * to) if to > 1 and n > above else n


def _middle(first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=(last - first).days // 2)


def _when(rng: random.Random, date: dt.date,
          published: dt.date) -> tuple[str, str | None, str | None]:
    """Return the date phrase of a report, the date a coder records and its precision.

    A week or a month is recorded as its middle day (ACLED's rule, as docs/claims.md reads
    "last week", "earlier this month"), clipped to the publication date.
    """
    gap = (published - date).days
    r = rng.random()
    if r < 0.12 and gap <= load_templates()["dates"]["undated_within_days"]:
        return "", None, None
    if gap == 1 and r < 0.27:
        return " yesterday", date.isoformat(), "day"
    if r < 0.37 and gap > 0:
        monday = published - dt.timedelta(days=published.weekday())
        first = published.replace(day=1)
        prev = (first - dt.timedelta(days=1)).replace(day=1)
        coarse = []
        if date >= monday:
            coarse.append((" earlier this week", _middle(monday, published), "week"))
        elif date >= monday - dt.timedelta(days=7):
            coarse.append((" last week", monday - dt.timedelta(days=4), "week"))
        if date >= first:
            coarse.append((" earlier this month", _middle(first, published), "month"))
        elif date >= prev:
            coarse.append((" last month", _middle(prev, first - dt.timedelta(days=1)), "month"))
        if coarse:
            text, mid, precision = rng.choice(coarse)
            return text, mid.isoformat(), precision
    if gap < 7 and r < 0.7:
        return f" on {date.strftime('%A')}", date.isoformat(), "day"
    return f" on {date.day} {date.strftime('%B')}", date.isoformat(), "day"


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def generate(n_events: int, seed: int, *, docs_per_event: float = 4.0) -> SyntheticSet:
    """Generate ``n_events`` events and their reports; the same seed gives the same set.

    Parameters
    ----------
    n_events : int
        Number of events (>= 0).
    seed : int
        Random seed: the whole set is a function of ``(n_events, seed, docs_per_event)``.
    docs_per_event : float, default 4.0
        Mean number of documents per event (at least one each).

    Returns
    -------
    SyntheticSet

    Raises
    ------
    InputError
        If ``n_events`` is negative or ``docs_per_event`` below 1.

    Examples
    --------
    >>> s = generate(3, seed=1)
    >>> len(s.truth), generate(3, seed=1) == s
    (3, True)
    >>> all(c["event_id"] in {e["event_id"] for e in s.truth} for c in s.claims)
    True
    """
    if not isinstance(n_events, int) or n_events < 0:
        raise InputError(f"n_events must be a non-negative int, got {n_events!r}")
    if docs_per_event < 1:
        raise InputError(f"docs_per_event must be at least 1, got {docs_per_event!r}")
    rng = random.Random(seed)
    tpl = load_templates()
    places = load_places()
    outlets = [_source(rng, n, "", (), [0.0, 0.05], 0.05) for n in tpl["publisher"][0]["names"]]
    state = _State(tpl, outlets)
    for e in range(n_events):
        _event(rng, state, f"E{e:06d}", rng.choice(places), docs_per_event)
    return state.out


@dataclass
class _Event:
    """What later documents need of an event to mention it (a round-up of several events)."""

    eid: str
    date: dt.date
    place: str
    attack: str
    claims: list[dict[str, Any]]
    #: (count phrase, its reading, victims, claimant, verb) of the event's attributed,
    #: day-dated ledes
    statements: list[tuple[str, _Reading, str, str, str]]
    flags: tuple[bool, bool]  # (disjoint, revision_down) as computed from its claims


class _State:
    def __init__(self, tpl: dict[str, Any], outlets: list[_Source]) -> None:
        self.tpl = tpl
        self.words: dict[str, list[str]] = tpl["words"]
        self.by_kind: dict[str, list[str]] = {}
        for t in tpl["template"]:
            self.by_kind.setdefault(t["kind"], []).append(t["text"])
        self.outlets = outlets
        self.claimants: dict[str, _Source] = {}  # one source per name: its bias holds
        self.recent: list[_Event] = []  # the last events, which a round-up may mention
        self.out = SyntheticSet()
        self.n_doc = 0
        self.n_claim = 0
        self.clock = 0.0  # days since _START: events arrive at a constant rate

    def template(self, rng: random.Random, kind: str, attributed: bool | None = None) -> str:
        """Pick a template of ``kind``; with ``attributed``, one naming the claimant or not."""
        texts = self.by_kind[kind]
        if attributed is not None:
            texts = [t for t in texts if ("{claimant}" in t.lower()) == attributed] or texts
        return rng.choice(texts)


def _stance(template: str, claimant: str | None, verb: str, count_text: str) -> str:
    """Return the stance a careful coder records (spec section 2, in order of precedence)."""
    if re.search(r"\bestimated\b", count_text):  # "an estimated 40": the figure's own stance
        return "estimated"
    if claimant is None:
        return "reported"
    if "{said}" not in template:  # "according to X", "X revised the toll ... to"
        return "asserted"
    stances = load_templates()["stance"]
    for stance in ("estimated", "admitted"):
        if verb in stances[stance]:
            return stance
    return "alleged" if verb == "claimed" else "asserted"


def _event(rng: random.Random, st: _State, eid: str, where: tuple[str, str],
           docs_per_event: float) -> None:
    tpl, words, out = st.tpl, st.words, st.out
    place, country = where
    # Events arrive as a Poisson process of a constant rate ([dates] events_per_day), so a
    # larger set covers a longer period at the same density, and a set is still a prefix of
    # a larger one. (A fixed two years made a 1M-claim set ten times denser than a 100k
    # one: 150,000 events in 1,101 towns, a town hit every five days.)
    st.clock += rng.expovariate(tpl["dates"]["events_per_day"])
    date = _START + dt.timedelta(days=int(st.clock))
    killed = 1 if rng.random() < 0.12 else max(1, round(rng.lognormvariate(2.0, 1.1)))
    tolls = {"killed": killed}
    if rng.random() < 0.6:
        tolls["injured"] = max(1, round(killed * rng.uniform(0.5, 3.0)))
    # Abductions and the missing (spec section 2 categories), each in a share of the events.
    if rng.random() < 0.12:
        tolls["captured"] = max(1, round(rng.lognormvariate(1.8, 0.9)))
    if rng.random() < 0.10:
        tolls["missing"] = max(1, round(rng.lognormvariate(1.2, 0.8)))
    victims = rng.choice(words["victims"])
    attack, short = rng.choice(list(zip(words["attacks"], words["shorts"], strict=True)))
    rising = rng.random() < 0.3
    start = rng.uniform(0.4, 0.8) if rising else 1.0
    local = []
    for c in rng.sample(tpl["claimant"], 2):
        name = rng.choice(c["names"]).format(country=country, place=place)
        if name not in st.claimants:
            st.claimants[name] = _source(rng, name, c["verb"], tuple(c["stances"]), c["bias"],
                                         c["noise"])
        local.append(st.claimants[name])
    inflated = rng.random() < 0.08  # a source first inflates, then revises itself down
    inflated_given = False
    denial = rng.random() < 0.07
    conflicts: set[str] = set()
    docs: list[dict[str, Any]] = []
    mentions: list[dict[str, Any]] = []
    statements: list[tuple[str, _Reading, str, str, str]] = []
    for i in range(1 + int(rng.expovariate(1 / (docs_per_event - 1 + 1e-9)))):
        outlet = rng.choice(st.outlets)
        published = date + dt.timedelta(days=outlet.delay + (rng.randint(0, 3) if i else 0))
        if docs and rng.random() < 0.15:  # a wire copy of an earlier report
            orig = rng.choice(docs)
            later = rng.randint(0, 1)
            # A copy of a round-up is of the same day: the mentioned event's claims then gain
            # a figure its source already gave that day, which leaves its truth as it was. So
            # is a copy of a report with a relative date ("yesterday", "last week"): a day
            # later the same words name another day (a weekday a week old reads as today).
            copied = [dict(m, doc_id=f"D{st.n_doc:07d}") for m in mentions
                      if m["doc_id"] == orig["doc_id"]]
            copy = dict(orig, doc_id=f"D{st.n_doc:07d}", publisher=outlet.name,
                        published=(dt.date.fromisoformat(orig["published"])
                                   + dt.timedelta(days=0 if copied or orig["_relative"]
                                                  else later)).isoformat())
            copy["_claims"] = [dict(c, doc_id=copy["doc_id"], publisher=outlet.name,
                                    published=copy["published"],
                                    source=c["claimant"] or outlet.name)
                               for c in orig["_claims"]]
            for c in copy["_claims"]:
                if c["event_id"] != eid:
                    next(x for x in st.recent if x.eid == c["event_id"]).claims.append(c)
            mentions += copied
            st.n_doc += 1
            docs.append(copy)
            continue
        age = (published - date).days
        known = {k: v * min(1.0, start + (1 - start) * age / 4) for k, v in tolls.items()}
        said = rng.random() < 0.75
        src = rng.choice(local) if said else outlet
        verb = src.verb
        if said and src.stances and rng.random() < tpl["stance"]["share"]:
            stance = rng.choice(src.stances)
            # a claimant concedes only its own side's losses
            if stance == "estimated" or victims in words["own_side"]:
                verb = rng.choice(tpl["stance"][stance])
        # (section, category, reading, count text, victims, template, stance-bearing verb)
        rows: list[tuple[str, str, _Reading, str, str, str]] = []
        when, edate, precision = _when(rng, date, published)
        slots = {"place": place, "when": when, "attack": attack, "short": short,
                 "claimant": src.name, "said": verb,
                 "year": str(date.year - rng.randint(2, 9)),
                 "denier": rng.choice(tpl["denier"]["names"]),
                 "name": rng.choice(words["names"]), "single": rng.choice(words["singles"])}
        figure = _report(rng, src, known["killed"])
        kind = "lede_said" if said else "lede_plain"
        if inflated and said and src is local[0]:
            # The source's first report inflates; a later one revises it down. Whether that
            # is a revision_down is left to the figures (_revised_down below): a revision
            # with no higher figure of the source before it is none.
            if not inflated_given:
                figure = max(figure + 2, round(figure * rng.uniform(1.6, 2.5)))
                inflated_given = True
            else:
                kind = "revision"
        elif rising and said and i > 0 and rng.random() < 0.5:
            kind = "rising"
        lede_victims = victims
        if figure == 1 and kind in {"lede_said", "lede_plain"}:
            head: tuple[str, _Reading] = (slots["single"], (1, 1, 1, "exact"))
            kind = "implicit"
            lede_victims = slots["single"].split(" ", 1)[1]
        else:
            head = _phrase(rng, figure, victims if kind != "rising" else "people")
        slots["count"], slots["verb"] = head[0], rng.choice(words["verbs_killed"])
        template = st.template(rng, kind, said if kind == "implicit" else None)
        if "{when}" not in template:
            # The lede gives no time ("X lowered the death toll in Y to N"): nor does the
            # report, whatever day was drawn for it.
            when, edate, precision = "", None, None
        sentences = [_fill(template, slots)]
        rows.append(("body", "killed", head[1], head[0], lede_victims, template))
        if said and kind in {"lede_said", "implicit"} and edate and precision == "day":
            statements.append((head[0], head[1], lede_victims, src.name, verb))
        body_injured = None
        for cat in ("injured", "missing", "captured"):
            if cat not in known or rng.random() >= 0.5:
                continue
            n = _report(rng, src, known[cat])
            single = rng.choice(words["singles"])
            if n == 1:  # "A teacher was also wounded."
                reading: tuple[str, _Reading] = (single, (1, 1, 1, "exact"))
                t = st.template(rng, "implicit_other")
                s = _fill(t, dict(slots, single=single, verb=rng.choice(words[f"single_{cat}"])))
                cat_victims = single.split(" ", 1)[1]
            else:
                reading = _phrase(rng, n, "")
                reading = (reading[0].strip(), reading[1])
                t = st.template(rng, "injured" if cat == "injured" else "other")
                s = _fill(t, dict(slots, count=reading[0], verb=rng.choice(words[f"verbs_{cat}"])))
                cat_victims = victims
            sentences.append(s)
            rows.append(("body", cat, reading[1], reading[0], cat_victims, t))
            if cat == "injured" and n > 1:
                body_injured = reading
        if denial and i == 1:
            t = st.template(rng, "denial")
            s = _fill(t, slots)
            sentences.append(s)
            rows.append(("body", "killed", (0, 0, 0, "exact"), "any civilians", "civilians", t))
            conflicts.add("denial")
        doc_id = f"D{st.n_doc:07d}"
        extra = _roundup(rng, st, published, doc_id, outlet.name, len(" ".join(sentences)) + 1)
        if extra is not None:
            sentences.append(extra[0])
            mentions.append(extra[1])
        if rng.random() < 0.15:
            slots["participants"] = rng.choice(words["participants"])
            slots["p"] = str(rng.choice([50, 100, 200, 300, 500, 1000]))
            sentences.append(_fill(st.template(rng, "participants"), slots))
        if rng.random() < 0.3:
            sentences.append(_fill(st.template(rng, "background"), slots))
        # The headline: the lede's figure, or (a mismatch) the body's injured figure as dead.
        r = rng.random()
        if body_injured is not None and r < 0.1:
            title = _fill(st.template(rng, "headline"), dict(slots, count=body_injured[0]))
            rows.insert(0, ("title", "killed", body_injured[1], body_injured[0], victims, ""))
            conflicts.add("intra_document")
        elif r < 0.6 and kind != "implicit":
            num = str(figure) if head[1][3] == "exact" else head[0].removesuffix(f" {victims}")
            if num.endswith(" of"):  # "tens of killed" is no headline: keep the noun
                num = head[0]
            title = _fill(st.template(rng, "headline"), dict(slots, count=num))
            got = _parse(num + " killed")
            if got is not None:
                rows.insert(0, ("title", "killed", got[:4], num, victims, ""))
        else:
            title = _fill(st.template(rng, "headline_plain"), slots)
        doc: dict[str, Any] = {"doc_id": doc_id, "title": title, "text": " ".join(sentences),
                               "published": published.isoformat(), "publisher": outlet.name,
                               "_claims": [], "_relative": bool(re.match(r" (?!on \d)", when))}
        st.n_doc += 1
        for section, cat, (lo, best, hi, k), count_text, who, t in rows:
            # Only a sentence that names the claimant is attributed: "A further 6 were
            # wounded." after "police said 12 were killed" is the outlet's narration (spec
            # section 2: claimant None when the text does not attribute it).
            claimant = src.name if said and "{claimant}" in t.lower() else None
            stance = _stance(t, claimant, verb, count_text)
            if count_text == "any civilians":
                claimant, stance = slots["denier"], "denied"
            dated = section == "body" and edate is not None
            doc["_claims"].append({
                "doc_id": doc_id, "event_id": eid, "section": section,
                "source": claimant or outlet.name, "claimant": claimant,
                "publisher": outlet.name, "published": doc["published"], "category": cat,
                "low": lo, "best": best, "high": hi, "kind": k, "count_text": count_text,
                "victims": who, "stance": stance,
                "event_date": edate if dated else None,
                "event_date_precision": precision if dated else None, "location": place})
        if extra is not None:
            doc["_claims"].append(extra[2])
        docs.append(doc)
    mine: list[dict[str, Any]] = []
    for doc in docs:
        del doc["_relative"]
        for c in doc.pop("_claims"):
            row = {"claim_id": f"C{st.n_claim:08d}", **c}
            out.claims.append(row)
            st.n_claim += 1
            if c["event_id"] == eid:
                mine.append(row)
        out.documents.append(doc)
    flags = (_disjoint(mine), _revised_down(mine))
    conflicts |= {k for k, f in zip(("disjoint", "revision_down"), flags, strict=True) if f}
    out.truth.append({"event_id": eid, "date": date.isoformat(), "place": place,
                      "country": country, "victims": victims, "tolls": tolls,
                      "doc_ids": [d["doc_id"] for d in docs], "conflicts": sorted(conflicts),
                      "mentions": mentions})
    st.recent = [*st.recent[-39:], _Event(eid, date, place, attack, mine, statements, flags)]


def _roundup(rng: random.Random, st: _State, published: dt.date, doc_id: str, publisher: str,
             offset: int) -> tuple[str, dict[str, Any], dict[str, Any]] | None:
    """Now and then, a sentence about an earlier event: several events in one document.

    The sentence repeats one of that event's attributed figures with its own calendar date and
    place ("Elsewhere, 12 villagers were killed in an ambush in Jos on 3 March, police said"),
    so a careful coder puts it in that event. It is written only when it leaves the event's
    truth as it was (the repeated figure neither makes nor ends a disjoint or a revision), so
    no earlier truth row changes. Returns (sentence, mention, claim row) or ``None``.
    """
    if rng.random() >= 0.05:
        return None
    fits = [ev for ev in st.recent if ev.statements and 0 < (published - ev.date).days <= 200]
    if not fits:
        return None
    ev = rng.choice(fits)
    text, reading, victims, claimant, verb = rng.choice(ev.statements)
    template = st.template(rng, "roundup")
    slots = {"count": text, "verb": rng.choice(st.words["verbs_killed"]), "place": ev.place,
             "attack": ev.attack, "claimant": claimant, "said": verb,
             "when": f" on {ev.date.day} {ev.date.strftime('%B')}"}
    lo, best, hi, k = reading
    row = {"doc_id": doc_id, "event_id": ev.eid, "section": "body", "source": claimant,
           "claimant": claimant, "publisher": publisher, "published": published.isoformat(),
           "category": "killed", "low": lo, "best": best, "high": hi, "kind": k,
           "count_text": text, "victims": victims,
           "stance": _stance(template, claimant, verb, text),
           "event_date": ev.date.isoformat(), "event_date_precision": "day",
           "location": ev.place}
    if (_disjoint([*ev.claims, row]), _revised_down([*ev.claims, row])) != ev.flags:
        return None
    ev.claims.append(row)
    mention = {"doc_id": doc_id, "event_id": ev.eid, "start": offset}
    return _fill(template, slots), mention, row


def _fill(text: str, slots: dict[str, str]) -> str:
    full = dict(slots)
    full.update({_cap(k): _cap(v) for k, v in slots.items()})
    out = text.format(**full)
    return re.sub(r"\s+", " ", out).replace(" ,", ",").replace(" .", ".")


def _mislabelled_headlines(claims: list[dict[str, Any]]) -> set[int]:
    """Return the indices of headline claims whose own body gives the figure as another category.

    Spec section 2: that is an intra-document contradiction; the body is the better witness,
    so such a headline does not vote among the sources.
    """
    body = {(c["doc_id"], c["low"], c["best"], c["high"], c["category"])
            for c in claims if c["section"] == "body"}
    return {i for i, c in enumerate(claims) if c["section"] == "title" and any(
        (c["doc_id"], c["low"], c["best"], c["high"], k) in body
        for k in ("killed", "injured", "missing", "captured") if k != c["category"])}


def _disjoint(claims: list[dict[str, Any]]) -> bool:
    """Whether two sources' current figures of one category do not overlap (spec section 3).

    Per category and source, the current figure is the intersection of what the source said
    on its latest date (their hull when they do not intersect: a source is not in conflict
    with itself). Set aside: zeros (denials), mislabelled headlines, and a figure another
    source's current figure of a later date lies entirely above (a rising toll) -- unless
    another source's current figure of an earlier or the same date lies entirely above it:
    then it is a fall, not an update (docs/reconcile.md, Figures). Current figures only: a
    figure its own source has since raised is superseded by that source and is no witness.
    """
    skip = _mislabelled_headlines(claims)
    for cat in {c["category"] for c in claims}:
        mine = [c for i, c in enumerate(claims)
                if c["category"] == cat and c["best"] > 0 and i not in skip]
        figs_of: dict[str, list[tuple[str, int, float]]] = {}
        for c in mine:
            hi = math.inf if c["high"] is None else c["high"]
            figs_of.setdefault(c["source"], []).append((c["published"], c["low"], hi))
        current: dict[str, tuple[str, float, float]] = {}
        for src, figs in figs_of.items():
            last = max(f[0] for f in figs)
            now = [f for f in figs if f[0] == last]
            lo, hi = max(f[1] for f in now), min(f[2] for f in now)
            if lo > hi:
                lo, hi = min(f[1] for f in now), max(f[2] for f in now)
            current[src] = (last, lo, hi)
        keep = []
        for src, f in current.items():
            others = [g for s2, g in current.items() if s2 != src]
            risen = any(g[0] > f[0] and g[1] > f[2] for g in others)
            fallen = any(g[0] <= f[0] and g[1] > f[2] for g in others)
            if not risen or fallen:
                keep.append(f)
        if keep and max(f[1] for f in keep) > min(f[2] for f in keep):
            return True
    return False


def _revised_down(claims: list[dict[str, Any]]) -> bool:
    """Whether a source's latest figure lies entirely below one it gave on an earlier date.

    Noise makes this happen without an announced revision too: the spec defines the
    contradiction by the figures, so the truth does.
    """
    by: dict[tuple[str, str], list[tuple[str, int, float]]] = {}
    skip = _mislabelled_headlines(claims)
    for i, c in enumerate(claims):
        if c["best"] > 0 and i not in skip:
            hi = math.inf if c["high"] is None else c["high"]
            by.setdefault((c["source"], c["category"]), []).append((c["published"], c["low"], hi))
    for figs in by.values():
        last = max(f[0] for f in figs)
        top = max((f[1] for f in figs if f[0] < last), default=None)
        if top is not None and max(f[2] for f in figs if f[0] == last) < top:
            return True
    return False


def write_set(s: SyntheticSet, directory: str | Path) -> list[Path]:
    """Write ``documents.jsonl``, ``claims.csv`` and ``truth.jsonl``; return their paths.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     [p.name for p in write_set(generate(2, seed=0), d)]
    ['documents.jsonl', 'claims.csv', 'truth.jsonl']
    """
    import csv
    import io

    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)

    def jsonl(rows: list[dict[str, Any]]) -> str:
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)

    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CLAIM_FIELDS, lineterminator="\n")
    w.writeheader()
    w.writerows(s.claims)
    paths = [d / "documents.jsonl", d / "claims.csv", d / "truth.jsonl"]
    for p, text in zip(paths, (jsonl(s.documents), buf.getvalue(), jsonl(s.truth)), strict=True):
        p.write_text(text, encoding="utf-8")
    return paths
