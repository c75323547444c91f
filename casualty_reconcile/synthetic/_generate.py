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
_DAYS = 730
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
        -> true toll), ``doc_ids`` and ``conflicts`` (the contradiction kinds the reports hold).
    """

    documents: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    truth: list[dict[str, Any]] = field(default_factory=list)

    def doc_events(self) -> dict[str, str]:
        """Return doc_id -> the true event id of every document."""
        return {d: e["event_id"] for e in self.truth for d in e["doc_ids"]}


@dataclass
class _Source:
    name: str
    verb: str
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
    assert got is not None
    return text, got[:4]


def _source(rng: random.Random, name: str, verb: str, bias: list[float], noise: float) -> _Source:
    habits = load_templates()["rounding"]["habits"]
    h = rng.choices(habits, [x["weight"] for x in habits])[0]
    return _Source(name, verb, math.exp(rng.gauss(bias[0], bias[1])), noise,
                   (h["to"], h["above"]), rng.choices([0, 1, 2, 3], [4, 3, 2, 1])[0])


def _report(rng: random.Random, src: _Source, toll: float) -> int:
    n = max(1, round(toll * src.bias * math.exp(rng.gauss(0, src.noise))))
    to, above = src.habit
    return max(1, round(n / to) * to) if to > 1 and n > above else n


def _when(rng: random.Random, date: dt.date, published: dt.date) -> tuple[str, str | None]:
    gap = (published - date).days
    r = rng.random()
    if r < 0.15:
        return "", None
    if gap == 1 and r < 0.3:
        return " yesterday", date.isoformat()
    if gap < 7 and r < 0.7:
        return f" on {date.strftime('%A')}", date.isoformat()
    return f" on {date.day} {date.strftime('%B')}", date.isoformat()


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
    words = tpl["words"]
    by_kind: dict[str, list[str]] = {}
    for t in tpl["template"]:
        by_kind.setdefault(t["kind"], []).append(t["text"])
    places = load_places()
    outlets = [_source(rng, n, "", [0.0, 0.05], 0.05) for n in tpl["publisher"][0]["names"]]
    claimants: dict[str, _Source] = {}  # one source per name: its bias holds across events
    out = SyntheticSet()
    n_doc = n_claim = 0
    for e in range(n_events):
        eid = f"E{e:06d}"
        place, country = rng.choice(places)
        date = _START + dt.timedelta(days=rng.randrange(_DAYS))
        killed = 1 if rng.random() < 0.12 else max(1, round(rng.lognormvariate(2.0, 1.1)))
        tolls = {"killed": killed}
        if rng.random() < 0.6:
            tolls["injured"] = max(1, round(killed * rng.uniform(0.5, 3.0)))
        victims = rng.choice(words["victims"])
        attack, short = rng.choice(list(zip(words["attacks"], words["shorts"], strict=True)))
        rising = rng.random() < 0.3
        start = rng.uniform(0.4, 0.8) if rising else 1.0
        local = []
        for c in rng.sample(tpl["claimant"], 2):
            name = rng.choice(c["names"]).format(country=country, place=place)
            if name not in claimants:
                claimants[name] = _source(rng, name, c["verb"], c["bias"], c["noise"])
            local.append(claimants[name])
        inflated = rng.random() < 0.08  # a source first inflates, then revises itself down
        denial = rng.random() < 0.07
        conflicts: set[str] = set()
        docs: list[dict[str, Any]] = []
        for i in range(1 + int(rng.expovariate(1 / (docs_per_event - 1 + 1e-9)))):
            outlet = rng.choice(outlets)
            published = date + dt.timedelta(days=outlet.delay + (rng.randint(0, 3) if i else 0))
            if docs and rng.random() < 0.15:  # a wire copy of an earlier report
                orig = rng.choice(docs)
                copy = dict(orig, doc_id=f"D{n_doc:07d}", publisher=outlet.name,
                            published=(dt.date.fromisoformat(orig["published"])
                                       + dt.timedelta(days=rng.randint(0, 1))).isoformat())
                copy["_claims"] = [dict(c, doc_id=copy["doc_id"], publisher=outlet.name,
                                        published=copy["published"],
                                        source=c["claimant"] or outlet.name)
                                   for c in orig["_claims"]]
                n_doc += 1
                docs.append(copy)
                continue
            age = (published - date).days
            known = {k: v * min(1.0, start + (1 - start) * age / 4) for k, v in tolls.items()}
            said = rng.random() < 0.75
            src = rng.choice(local) if said else outlet
            rows: list[tuple[str, str, tuple[int, int, int | None, str], str, str]] = []
            when, edate = _when(rng, date, published)
            slots = {"place": place, "when": when, "attack": attack, "short": short,
                     "claimant": src.name, "said": src.verb,
                     "year": str(date.year - rng.randint(2, 9)),
                     "denier": rng.choice(tpl["denier"]["names"])}
            figure = _report(rng, src, known["killed"])
            kind = "lede_said" if said else "lede_plain"
            if inflated and said and src is local[0]:
                if i == 0:
                    figure = max(figure + 2, round(figure * rng.uniform(1.6, 2.5)))
                else:
                    kind = "revision"
                    conflicts.add("revision_down")
            elif rising and said and i > 0 and rng.random() < 0.5:
                kind = "rising"
            if figure == 1 and kind in {"lede_said", "lede_plain"}:
                single = rng.choice(words["singles"])
                head: tuple[str, _Reading] = (single, (1, 1, 1, "exact"))
                kind = "implicit"
                slots["single"] = single
            else:
                head = _phrase(rng, figure, victims if kind != "rising" else "people")
            slots["count"], slots["verb"] = head[0], rng.choice(words["verbs_killed"])
            sentences = [_fill(rng.choice(by_kind[kind]), slots)]
            rows.append(("body", "killed", head[1], head[0], sentences[0]))
            body_injured = None
            if "injured" in known and rng.random() < 0.5:
                inj = _phrase(rng, _report(rng, src, known["injured"]), "")
                inj = (inj[0].strip(), inj[1])
                s = _fill(rng.choice(by_kind["injured"]), dict(slots, count=inj[0],
                                                               verb=rng.choice(words["verbs_injured"])))
                sentences.append(s)
                rows.append(("body", "injured", inj[1], inj[0], s))
                body_injured = inj
            if denial and i == 1:
                s = _fill(rng.choice(by_kind["denial"]), slots)
                sentences.append(s)
                rows.append(("body", "killed", (0, 0, 0, "exact"), "any civilians", s))
                conflicts.add("denial")
            if rng.random() < 0.15:
                slots["participants"] = rng.choice(words["participants"])
                slots["p"] = str(rng.choice([50, 100, 200, 300, 500, 1000]))
                sentences.append(_fill(rng.choice(by_kind["participants"]), slots))
            if rng.random() < 0.3:
                sentences.append(_fill(rng.choice(by_kind["background"]), slots))
            # The headline: the lede's figure, or (a mismatch) the body's injured figure as dead.
            r = rng.random()
            if body_injured is not None and r < 0.1:
                title = _fill(rng.choice(by_kind["headline"]), dict(slots, count=body_injured[0]))
                rows.insert(0, ("title", "killed", body_injured[1], body_injured[0], title))
                conflicts.add("intra_document")
            elif r < 0.6 and kind != "implicit":
                num = str(figure) if head[1][3] == "exact" else head[0].removesuffix(f" {victims}")
                title = _fill(rng.choice(by_kind["headline"]), dict(slots, count=num))
                got = _parse(num + " killed")
                if got is not None:
                    rows.insert(0, ("title", "killed", got[:4], num, title))
            else:
                title = _fill(rng.choice(by_kind["headline_plain"]), slots)
            doc: dict[str, Any] = {"doc_id": f"D{n_doc:07d}", "title": title,
                                   "text": " ".join(sentences),
                   "published": published.isoformat(), "publisher": outlet.name, "_claims": []}
            n_doc += 1
            for section, cat, (lo, best, hi, k), count_text, _sentence in rows:
                claimant = src.name if said and section == "body" else None
                if count_text == "any civilians":
                    claimant = slots["denier"]
                doc["_claims"].append({
                    "doc_id": doc["doc_id"], "event_id": eid, "section": section,
                    "source": claimant or outlet.name, "claimant": claimant,
                    "publisher": outlet.name, "published": doc["published"], "category": cat,
                    "low": lo, "best": best, "high": hi, "kind": k, "count_text": count_text,
                    "victims": victims if count_text != "any civilians" else "civilians",
                    "stance": ("denied" if count_text == "any civilians" else
                               "alleged" if claimant and src.verb == "claimed" else
                               "asserted" if claimant else "reported"),
                    "event_date": edate if section == "body" else None,
                    "event_date_precision": "day" if edate and section == "body" else None,
                    "location": place})
            docs.append(doc)
        for doc in docs:
            for c in doc.pop("_claims"):
                out.claims.append({"claim_id": f"C{n_claim:08d}", **c})
                n_claim += 1
            out.documents.append(doc)
        mine = [c for c in out.claims if c["event_id"] == eid]
        if _disjoint(mine):
            conflicts.add("disjoint")
        if _revised_down(mine):
            conflicts.add("revision_down")
        out.truth.append({"event_id": eid, "date": date.isoformat(), "place": place,
                          "country": country, "victims": victims, "tolls": tolls,
                          "doc_ids": [d["doc_id"] for d in docs], "conflicts": sorted(conflicts)})
    return out


def _fill(text: str, slots: dict[str, str]) -> str:
    full = dict(slots)
    full.update({_cap(k): _cap(v) for k, v in slots.items()})
    out = text.format(**full)
    return re.sub(r"\s+", " ", out).replace(" ,", ",").replace(" .", ".")


def _disjoint(claims: list[dict[str, Any]]) -> bool:
    """Whether two sources' current figures of one category do not overlap (spec section 3).

    Per category and source, the current figure is the intersection of what the source said on
    its latest date; zeros (denials) and figures a later report of another source lies entirely
    above (a rising toll) are set aside, as the spec rules.
    """
    for cat in {c["category"] for c in claims}:
        latest: dict[str, tuple[str, float, float]] = {}
        for c in claims:
            if c["category"] != cat or c["best"] == 0:
                continue
            hi = math.inf if c["high"] is None else c["high"]
            old = latest.get(c["source"])
            if old is None or c["published"] > old[0]:
                latest[c["source"]] = (c["published"], c["low"], hi)
            elif c["published"] == old[0]:
                latest[c["source"]] = (old[0], max(old[1], c["low"]), min(old[2], hi))
        figs = list(latest.values())
        keep = [f for f in figs if not any(g[0] > f[0] and g[1] > f[2] for g in figs)]
        if keep and max(f[1] for f in keep) > min(f[2] for f in keep):
            return True
    return False


def _revised_down(claims: list[dict[str, Any]]) -> bool:
    """Whether a source's latest figure lies entirely below one it gave on an earlier date.

    Noise makes this happen without an announced revision too: the spec defines the
    contradiction by the figures, so the truth does.
    """
    by: dict[tuple[str, str], list[tuple[str, int, float]]] = {}
    for c in claims:
        if c["best"] > 0:
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
