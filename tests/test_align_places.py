"""Alignment without event ids: places by containment and alias, claims with no place or day.

Issue 9, part 2. Each case is a small set of claims as separate outlets would report one or two
incidents (invented for this project, with real place names so that the gazetteer is used).
Positive tables: the reports must meet. Negative tables: they must stay apart.
"""

from __future__ import annotations

import datetime as dt

import pytest
from test_reconcile_scenarios import claim, est

from casualty_reconcile import InputTypeError, extract_claims
from casualty_reconcile._types import Claim
from casualty_reconcile.reconcile import reconcile
from casualty_reconcile.reconcile._gazetteer import gazetteer

D = dt.date
DAY = D(2019, 5, 4)
NEXT = D(2019, 5, 5)


def _two(first: tuple[str, ...], second: tuple[str, ...], *, when2: dt.date | None = DAY,
         second_published: dt.date = NEXT, victims2: str | None = None,
         category2: str = "killed") -> list[Claim]:
    return [
        claim("killed", est(9), doc="a", who="a monitoring group", publisher="Outlet A",
              published=D(2019, 5, 4), when=DAY, places=first),
        claim(category2, est(11), doc="b", who="the health directorate", publisher="Outlet B",
              published=second_published, when=when2, places=second, victims=victims2),
    ]


def _events(claims: list[Claim], **kw: object) -> dict[str, str]:
    r = reconcile(claims, **kw)  # type: ignore[arg-type]
    return dict(zip(r.claims["doc_id"], r.claims["event_id"], strict=True))


def _alignment(claims: list[Claim], doc: str, **kw: object) -> str:
    r = reconcile(claims, **kw)  # type: ignore[arg-type]
    return str(r.claims.loc[r.claims["doc_id"] == doc, "alignment"].iloc[0])


# One incident, reported with places of different grain or spelling: one event.
SAME_EVENT = [
    pytest.param(("Khasham",), ("Deir ez-Zor",), id="town-and-its-province"),
    pytest.param(("Khasham",), ("Syria",), id="town-and-its-country"),
    pytest.param(("Deir ez-Zor",), ("Syria",), id="province-and-its-country"),
    pytest.param(("Sadr City",), ("Baghdad",), id="district-and-its-city-province"),
    pytest.param(("Deir al-Zour",), ("Deir ez-Zor",), id="two-transliterations"),
    pytest.param(("Mosul",), ("Iraq",), id="city-and-its-country"),
    pytest.param(("Khasham", "Deir ez-Zor"), ("Khasham",), id="town-in-province-written-out"),
    # ISO 3166-2 names these provinces as adjectives ("Kharkivska oblast"); reports write the
    # capital's name with "oblast" or "region"
    pytest.param(("Kupiansk",), ("Kharkiv Oblast",), id="town-and-its-oblast"),
    pytest.param(("Bakhmut",), ("the Donetsk region",), id="town-and-its-region"),
    pytest.param(("Sudzha",), ("Kursk region",), id="russian-town-and-its-region"),
    pytest.param(("Uman",), ("Cherkasy oblast",), id="town-and-its-oblast-2"),
]


@pytest.mark.parametrize(("first", "second"), SAME_EVENT)
def test_places_that_contain_each_other_on_one_day_are_one_event(
        first: tuple[str, ...], second: tuple[str, ...]) -> None:
    ev = _events(_two(first, second))
    assert ev["a"] == ev["b"]


# Two incidents on one day: different places of one province, or of two countries.
APART = [
    pytest.param(("Khasham",), ("Mayadin",), id="two-towns-of-one-province"),
    pytest.param(("Aleppo",), ("Idlib",), id="two-provinces"),
    pytest.param(("Mosul",), ("Kirkuk",), id="two-cities-of-one-country"),
    pytest.param(("Deir ez-Zor",), ("Iraq",), id="province-and-another-country"),
    pytest.param(("Khasham",), ("Afghanistan",), id="town-and-another-country"),
    # provinces whose names share consonants with a town elsewhere are not tied to that
    # town's division: Cherkasy oblast is not Kharkiv's, Kursk's is not Krasnoyarsk's
    pytest.param(("Kupiansk",), ("Cherkasy oblast",), id="town-and-a-lookalike-oblast"),
    pytest.param(("Krasnoyarsk",), ("Kursk region",), id="city-and-a-lookalike-region"),
]


# A province is tied to the division of the place it is named after only when one of that
# place's own names is the province's name (or, for ISO's adjectival names, its stem):
# consonant keys alone tie Abia to Abuja, Benue to Benin City, Borno to Birniwa.
@pytest.mark.parametrize(("province", "town", "inside"), [
    ("Kharkiv oblast", "Kupiansk", True),
    ("Zaporizhzhia region", "Melitopol", True),
    ("Kursk region", "Sudzha", True),
    ("Deir ez-Zor", "Khasham", True),
    ("Abia", "Abuja", False),
    ("Benue", "Benin City", False),
    ("Borno", "Birniwa", False),
    ("Cherkasy oblast", "Kharkiv", False),
])
def test_a_province_contains_only_the_towns_of_its_own_division(
        province: str, town: str, inside: bool) -> None:
    from casualty_reconcile.claims import normalise_place

    g = gazetteer()
    area = g.resolve([province])[normalise_place(province)].area
    within = g.resolve([town])[normalise_place(town)].within
    assert (area in within) is inside


@pytest.mark.parametrize(("first", "second"), APART)
def test_places_apart_on_one_day_stay_two_events(
        first: tuple[str, ...], second: tuple[str, ...]) -> None:
    ev = _events(_two(first, second))
    assert ev["a"] != ev["b"]


def test_a_province_with_two_town_events_that_day_stays_apart_and_says_why() -> None:
    claims = [
        *_two(("Khasham",), ("Mayadin",)),
        claim("killed", est(20), doc="c", who="state media", publisher="Outlet C",
              published=D(2019, 5, 5), when=DAY, places=("Deir ez-Zor",)),
    ]
    ev = _events(claims)
    assert len({ev["a"], ev["b"], ev["c"]}) == 3
    note = _alignment(claims, "c")
    assert "apart: 2 events it could join" in note
    assert "khasham" in note and "mayadin" in note


def test_the_same_town_on_two_days_is_two_events() -> None:
    ev = _events(_two(("Khasham",), ("Khasham",), when2=D(2019, 5, 6)))
    assert ev["a"] != ev["b"]


def test_the_event_is_named_by_its_most_specific_place() -> None:
    ev = _events(_two(("Syria",), ("Khasham",)))
    assert ev["a"].split(":")[2] == "khasham"


# A report with no place: it joins the single compatible event of its window.
def test_a_report_with_no_place_joins_the_only_event_of_its_day() -> None:
    claims = _two(("Khasham",), ())
    assert _alignment(claims, "b") == "only event of its window"
    ev = _events(claims)
    assert ev["a"] == ev["b"]


def test_an_undated_report_with_no_place_joins_the_only_event_within_the_lag() -> None:
    claims = _two(("Khasham",), (), when2=None, second_published=D(2019, 5, 6))
    ev = _events(claims)
    assert ev["a"] == ev["b"]


@pytest.mark.parametrize("other", [
    pytest.param(("Mayadin",), id="another-anchor-event"),
    pytest.param(("Kirkuk",), id="another-country"),
])
def test_a_report_with_no_place_between_two_events_stays_apart_with_a_reason(
        other: tuple[str, ...]) -> None:
    claims = [*_two(("Khasham",), ()),
              claim("killed", est(4), doc="c", who="a local council", publisher="Outlet C",
                    published=D(2019, 5, 4), when=DAY, places=other)]
    ev = _events(claims)
    assert ev["b"] not in {ev["a"], ev["c"]}
    assert "apart:" in _alignment(claims, "b")


def test_an_undated_report_elsewhere_in_the_window_keeps_a_placeless_one_apart() -> None:
    # "12 killed in Kirkuk" with no date is an event the anchors do not show: the placeless
    # report has two candidates, not one.
    claims = [*_two(("Khasham",), ()),
              claim("killed", est(12), doc="c", who="police", publisher="Outlet C",
                    published=D(2019, 5, 5), places=("Kirkuk",))]
    ev = _events(claims)
    assert ev["b"] != ev["a"]
    assert "apart" in _alignment(claims, "b")


def test_the_missing_do_not_join_a_toll_of_the_dead_on_their_date_alone() -> None:
    claims = _two(("Khasham",), (), category2="missing")
    ev = _events(claims)
    assert ev["a"] != ev["b"]


def test_undated_reports_of_one_town_day_after_day_do_not_chain_into_one_event() -> None:
    claims = [
        claim("killed", est(3 + k), doc=f"d{k}", who=f"outlet {k}", publisher=f"Outlet {k}",
              published=D(2019, 6, 1) + dt.timedelta(days=2 * k), places=("Kirkuk",))
        for k in range(8)
    ]
    ev = _events(claims)
    # Reports within one lag window meet; a run of reports a fortnight long is not one event.
    assert ev["d0"] == ev["d1"]
    assert len(set(ev.values())) >= 3


# The user's alias table: names the gazetteer does not know, and containment it does not hold.
def test_an_alias_table_places_a_name_the_gazetteer_lacks() -> None:
    claims = _two(("the Hajin pocket",), ("Deir ez-Zor",))
    ev = _events(claims)
    assert ev["a"] != ev["b"]
    ev = _events(claims, place_aliases={"the Hajin pocket": "Deir ez-Zor"})
    assert ev["a"] == ev["b"]


def test_an_alias_table_can_name_several_containers_and_chains() -> None:
    aliases = {"Camp Seven": ["Outer District"], "Outer District": "Kirkuk"}
    ev = _events(_two(("Camp Seven",), ("Kirkuk",)), place_aliases=aliases)
    assert ev["a"] == ev["b"]


@pytest.mark.parametrize("bad", [
    pytest.param(["Khasham"], id="a-list"),
    pytest.param({"Khasham": 3}, id="a-number"),
    pytest.param({"": "Syria"}, id="an-empty-name"),
])
def test_a_malformed_alias_table_is_the_librarys_error(bad: object) -> None:
    with pytest.raises(InputTypeError):
        reconcile(_two(("Khasham",), ("Syria",)), place_aliases=bad)  # type: ignore[arg-type]


# The gazetteer: a well-kept package's names, read in the document's country.
@pytest.mark.parametrize(("name", "country", "is_area"), [
    ("Syria", "SY", True),
    ("Deir ez-Zor", "SY", True),
    ("Aleppo", "SY", True),
    ("Khasham", "SY", False),
    ("Mosul", "IQ", False),
    ("Baghdad", "IQ", True),
    ("Afghanistan", "AF", True),
    ("Kunar", "AF", True),
    ("Lashkar Gah", "AF", False),
])
def test_the_gazetteer_knows_towns_provinces_and_countries(
        name: str, country: str, is_area: bool) -> None:
    from casualty_reconcile.claims import normalise_place

    info = gazetteer().resolve([name])[normalise_place(name)]
    assert info.country == country
    assert (info.area is not None) is is_area


def test_a_town_is_read_in_the_country_its_document_names() -> None:
    from casualty_reconcile.claims import normalise_place

    gz = gazetteer()
    alone = gz.resolve(["Asadabad"])[normalise_place("Asadabad")]
    in_af = gz.resolve(["Asadabad"], frozenset({"AF"}))[normalise_place("Asadabad")]
    assert alone.country == "IR"  # the larger namesake, when nothing says otherwise
    assert in_af.country == "AF"


# Places as written in text: a possessive names the city that holds the district.
@pytest.mark.parametrize(("sentence", "expected"), [
    ("A car bomb killed 12 people in Baghdad's Sadr City on Sunday.", ("Sadr City", "Baghdad")),
    ("Shelling killed four in Aleppo's Salaheddine district.", ("Salaheddine", "Aleppo")),
])
def test_a_possessive_place_names_the_district_and_its_city(
        sentence: str, expected: tuple[str, ...]) -> None:
    places = [p for c in extract_claims(sentence, published="2019-05-06") for p in c.places]
    for p in expected:
        assert any(p in q for q in places), (p, places)


def test_pro_regime_and_pro_government_fighters_are_one_victim_group() -> None:
    claims = _two(("Deir ez-Zor",), ("Deir ez-Zor",), victims2="pro-regime fighters")
    claims[0] = claim("killed", est(100), doc="a", who="the coalition", publisher="Outlet A",
                      published=DAY, when=DAY, places=("Deir ez-Zor",),
                      victims="pro-government fighters")
    r = reconcile(claims)
    assert len(r.events) == 1
    assert r.events.iloc[0]["status"] == "contradicted"


def test_explain_says_why_each_report_joined_its_event() -> None:
    r = reconcile(_two(("Khasham",), ("Deir ez-Zor",)))
    text = r.explain(r.events["event_id"].iloc[0])
    assert "Why each report is in this event:" in text
    assert "document b: the only event that day inside the area it names" in text
    assert "document a: its place and day" in text


# Countries are read by their names as written (ISO's and GeoNames' short English ones), and
# by their key only when the name begins like the country's: keys alone made Nigeria Niger,
# Malawi Mali and "Kani" Kenya.
@pytest.mark.parametrize(("name", "country"), [
    ("Nigeria", "NG"), ("Niger", "NE"), ("Malawi", "MW"), ("Mali", "ML"), ("Russia", "RU"),
    ("Iran", "IR"), ("Ivory Coast", "CI"), ("Democratic Republic of the Congo", "CD"),
    ("the Central African Republic", "CF"), ("Syria", "SY"), ("Kenya", "KE"),
])
def test_a_country_is_read_by_its_name(name: str, country: str) -> None:
    from casualty_reconcile.claims import normalise_place

    info = gazetteer().resolve([name])[normalise_place(name)]
    assert (info.area, info.country) == (country, country)


# A town that only shares the consonant key is taken for the name only when it is spelt
# nearly alike; otherwise the name stays unknown rather than placed abroad.
@pytest.mark.parametrize(("name", "country"), [
    ("Khasham", "SY"),  # GeoNames writes "Khsham"
    ("Kupyansk", "UA"),
    ("Menbej", "SY"),
    ("Kursk region", "RU"),
])
def test_a_transliteration_finds_its_town(name: str, country: str) -> None:
    from casualty_reconcile.claims import normalise_place

    assert gazetteer().resolve([name])[normalise_place(name)].country == country


def test_a_name_sharing_only_consonants_is_not_a_distant_town() -> None:
    from casualty_reconcile.claims import normalise_place

    # "Kani" (Myanmar) is not Kano (Nigeria) nor Kenya
    info = gazetteer().resolve(["Kani"]).get(normalise_place("Kani"))
    assert info is None or info.country not in ("NG", "KE")


_CONS = "bdfgklmnprstvz"
_TOWNS = [f"Qu{x}{y}" for x in _CONS for y in _CONS if x != y][:60]  # distinct place keys


def _dense_day(extra: list[Claim]) -> dict[str, str]:
    """Sixty towns hit on one day, one report each (one names an actor), plus ``extra``."""
    base = [claim("killed", est(3 + k), doc=f"t{k}", who="a monitor", published=NEXT,
                  when=DAY, places=(t,), actors=("Brigade Nine",) if k == 7 else ())
            for k, t in enumerate(_TOWNS)]
    return _events(base + extra)


def test_a_placeless_report_in_a_dense_window_stays_apart_and_says_so() -> None:
    c = claim("killed", est(5), doc="x", who="a hospital", published=NEXT, when=None)
    base = [claim("killed", est(3 + k), doc=f"t{k}", who="a monitor", published=NEXT,
                  when=DAY, places=(t,)) for k, t in enumerate(_TOWNS)]
    how = _alignment([*base, c], "x")
    assert "apart: more than 32 events it could join" in how


def test_a_placeless_report_in_a_dense_window_joins_the_one_event_of_its_actor() -> None:
    c = claim("killed", est(10), doc="x", who="a hospital", published=NEXT, when=None,
              actors=("Brigade Nine",))
    ev = _dense_day([c])
    assert len(set(ev.values())) == len(_TOWNS)  # every town its own event, x in one
    assert ev["x"] == ev["t7"]


def test_two_provinces_of_one_name_prefer_the_one_named_after_the_larger_place() -> None:
    from casualty_reconcile.claims import normalise_place

    # Gaza governorate (Palestine, named after Gaza city) before Gaza province (Mozambique)
    assert gazetteer().resolve(["Gaza"])[normalise_place("Gaza")].country == "PS"


@pytest.mark.parametrize("enabled", [True, False])
def test_alignment_leaves_the_cycle_collector_as_it_found_it(enabled: bool) -> None:
    import gc

    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        _events(_two(("Khasham",), ("Mayadin",)))
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
