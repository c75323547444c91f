"""Scenario tests for reconciliation, built from realistic (invented) reports.

Each scenario is a small set of claims as a reporter, a ministry or a monitoring group would
make them, written for this project. The builders are also imported by the other
``test_reconcile_*`` files. Where a case is about extraction as well, a documents-frame
version lives in test_reconcile_inputs.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest

from casualty_reconcile._types import Claim, CountEstimate
from casualty_reconcile.reconcile import Reconciliation, reconcile

D = dt.date


def est(low: int, best: int | None = None, high: int | str | None = "same",
        kind: str | None = None, text: str = "") -> CountEstimate:
    """A CountEstimate; ``high=None`` is an open bound, the default equals ``low``."""
    b = low if best is None else best
    h: int | None = low if high == "same" else high  # type: ignore[assignment]
    if kind is None:
        kind = "exact" if h == low else ("lower_bound" if h is None else "range")
    return CountEstimate(low, b, h, kind, text)  # type: ignore[arg-type]


def claim(category: str, count: CountEstimate, *, doc: str, who: str | None = None,
          publisher: str = "Wire", published: dt.date | None = None, victims: str | None = None,
          when: dt.date | None = None, precision: str | None = "day",
          places: tuple[str, ...] = (), actors: tuple[str, ...] = (), section: str = "body",
          stance: str = "reported", start: int = 0) -> Claim:
    return Claim(
        category=category,  # type: ignore[arg-type]
        count=count,
        victims=victims,
        claimant=who,
        stance=stance,  # type: ignore[arg-type]
        event_date=when,
        event_date_precision=precision if when else None,  # type: ignore[arg-type]
        sentence=f"{who or publisher}: {count.text or count.best} {category}",
        start=start,
        end=start + 10,
        doc_id=doc,
        publisher=publisher,
        published=published,
        places=places,
        actors=actors,
        section=section,  # type: ignore[arg-type]
    )


# ---------------------------------------------------------------------------------------------
# Scenario builders

DZ = ("Deir al-Zour",)
FEB7 = D(2018, 2, 7)
SEVERAL_DOZEN = est(36, 60, 108, "vague", "several dozen")


def deir_al_zour(*, victims_named: bool = True) -> list[Claim]:
    """The February 2018 clash near Deir al-Zour as five documents report it.

    The coalition estimates about 100 attackers killed; Russia's foreign ministry first
    acknowledges five citizens dead, later several dozen injured; a tabloid's headline turns
    the several dozen injured into several dozen killed while its body keeps "injured".
    """
    fighters = "pro-government fighters" if victims_named else None
    russians = "Russian citizens" if victims_named else None
    return [
        claim("killed", est(80, 100, 120, "approximate", "an estimated 100"), doc="dz-a",
              who="the U.S.-led coalition", publisher="Wire One", published=D(2018, 2, 8),
              victims=fighters, when=FEB7, places=DZ),
        claim("killed", est(5, text="five"), doc="dz-b", who="Russia's Foreign Ministry",
              publisher="Wire Two", published=D(2018, 2, 15), victims=russians, when=FEB7,
              places=DZ),
        claim("injured", SEVERAL_DOZEN, doc="dz-c", who="Russia's Foreign Ministry",
              publisher="Wire Two", published=D(2018, 2, 20), victims=russians, when=FEB7,
              places=DZ),
        claim("killed", SEVERAL_DOZEN, doc="dz-d", who="Russia", publisher="Daily Courier",
              published=D(2018, 2, 20), victims="its citizens" if victims_named else None,
              section="title"),
        claim("injured", SEVERAL_DOZEN, doc="dz-d", who="Russia's Foreign Ministry",
              publisher="Daily Courier", published=D(2018, 2, 20), victims=russians,
              when=FEB7, places=DZ, start=40),
    ]


def rising_toll_frame() -> pd.DataFrame:
    """A market bombing whose toll rises over two days, then one monitor revises down."""
    rows = [
        ("local council", "2019-05-02", "12 killed"[:2], "killed"),
        ("Observatory", "2019-05-02", "at least 12", "killed"),
        ("Observatory", "2019-05-03", "31", "killed"),
        ("Civil Defence", "2019-05-03", "about 30", "killed"),
        ("Observatory", "2019-05-05", "28", "killed"),
        ("Civil Defence", "2019-05-03", "dozens", "injured"),
    ]
    return pd.DataFrame(
        [
            {"source": s, "published": p, "count": c, "category": cat,
             "event_id": "maarat-market-2019-05-02", "location": "Maarat al-Numan"}
            for s, p, c, cat in rows
        ]
    )


def two_places_one_day() -> list[Claim]:
    """Two unrelated strikes on the same day, plus a strike in the first town weeks later."""
    day = D(2019, 3, 1)
    return [
        claim("killed", est(7), doc="a1", who="civil defence", published=D(2019, 3, 1),
              when=day, places=("Idlib",)),
        claim("killed", est(6, 7, 8, "approximate", "about 7"), doc="a2", who="Observatory",
              published=D(2019, 3, 2), when=day, places=("Idlib",)),
        claim("killed", est(3), doc="b1", who="state news agency", published=D(2019, 3, 1),
              when=day, places=("Douma",)),
        claim("killed", est(30, 30, 30), doc="b2", who="rebel media office",
              published=D(2019, 3, 1), when=day, places=("Douma",)),
        claim("killed", est(4), doc="c1", who="civil defence", published=D(2019, 3, 22),
              when=D(2019, 3, 22), places=("Idlib",)),
    ]


def denial_frame() -> pd.DataFrame:
    """A ministry denies civilian deaths that two monitors report."""
    return pd.DataFrame(
        [
            {"source": "Ministry of Defence", "low": 0, "best": 0, "high": 0, "stance": "denied",
             "published": "2017-03-17", "victims": "civilians"},
            {"source": "Airwars", "count": "at least 9", "published": "2017-03-18",
             "victims": "civilians"},
            {"source": "local council", "count": "11", "published": "2017-03-17",
             "victims": "civilians"},
        ]
    ).assign(event_id="mosque-strike", category="killed")


def agreeing_frame() -> pd.DataFrame:
    """Three outlets that agree on a ferry disaster's toll."""
    return pd.DataFrame(
        {
            "source": ["Reuters", "AP", "AFP", "AFP"],
            "count": ["about 40", "38", "between 35 and 45", "between 35 and 45"],
            "published": ["2020-07-01", "2020-07-01", "2020-07-02", "2020-07-02"],
            "event_id": "ferry-2020",
            "category": "killed",
        }
    )


def row(r: Reconciliation, event_id: str, category: str, victims: Any = None) -> pd.Series:
    ev = r.events
    sel = (ev["event_id"] == event_id) & (ev["category"] == category)
    if victims is not None:
        sel &= ev["victims"] == victims
    out = ev[sel]
    assert len(out) == 1, out
    return out.iloc[0]


# ---------------------------------------------------------------------------------------------
# Deir al-Zour


def test_deir_al_zour_is_one_event_with_three_rows() -> None:
    r = reconcile(deir_al_zour())
    assert r.events["event_id"].nunique() == 1
    assert sorted(zip(r.events["category"], r.events["victims"], strict=True)) == [
        ("injured", "Russian citizens"),
        ("killed", "Russian citizens"),
        ("killed", "pro-government fighters"),
    ]
    eid = r.events["event_id"].iloc[0]
    assert eid.startswith("auto:2018-02-07:deir-al-zour:")
    assert (r.claims["event_id"] == eid).all()


def test_deir_al_zour_headline_is_set_aside_and_flagged() -> None:
    r = reconcile(deir_al_zour())
    eid = r.events["event_id"].iloc[0]
    ru = row(r, eid, "killed", "Russian citizens")
    # The headline's "several dozen killed" is its body's "several dozen injured": the figure
    # of the dead stays the ministry's five.
    assert (int(ru["low"]), int(ru["best"]), int(ru["high"])) == (5, 5, 5)
    assert ru["n_claims"] == 2 and ru["status"] == "contradicted"
    head = r.claims[r.claims["section"] == "title"].iloc[0]
    assert head["role"] == "headline"
    kinds = sorted(r.contradictions["kind"])
    assert kinds == ["category_conflict", "intra_document"]
    intra = r.contradictions[r.contradictions["kind"] == "intra_document"].iloc[0]
    assert "dz-d" in intra["explanation"] and "injured" in intra["explanation"]
    cc = r.contradictions[r.contradictions["kind"] == "category_conflict"].iloc[0]
    assert "Russia's Foreign Ministry" in cc["sources"] and "Russia" in cc["sources"]
    assert "several dozen" in cc["explanation"]
    assert cc["severity"] > 1.5  # log10(61): the disputed figure is ~60 people


def test_deir_al_zour_repeated_ministry_statement_is_one_vote() -> None:
    r = reconcile(deir_al_zour())
    eid = r.events["event_id"].iloc[0]
    inj = row(r, eid, "injured")
    assert inj["n_claims"] == 2 and inj["n_sources"] == 1 and inj["n_agreeing"] == 1
    assert (int(inj["low"]), int(inj["best"]), int(inj["high"])) == (36, 60, 108)


def test_deir_al_zour_coalition_and_ministry_disagree_when_victims_unnamed() -> None:
    r = reconcile(deir_al_zour(victims_named=False))
    eid = r.events["event_id"].iloc[0]
    k = row(r, eid, "killed")
    assert k["status"] == "contradicted"
    dis = r.contradictions[r.contradictions["kind"] == "disjoint"]
    assert len(dis) == 1
    d = dis.iloc[0]
    assert set(d["sources"]) == {"the U.S.-led coalition", "Russia's Foreign Ministry"}
    assert "2018-02-08" in d["explanation"] and "2018-02-15" in d["explanation"]
    # No majority: the lower figure, as ACLED and UCDP do when sources cannot be ranked.
    assert (int(k["low"]), int(k["best"]), int(k["high"])) == (5, 5, 5)
    assert d["severity"] == pytest.approx(abs(__import__("math").log10(6 / 81)), abs=1e-6)


def test_deir_al_zour_explain_names_sources_figures_and_conflicts() -> None:
    r = reconcile(deir_al_zour())
    text = r.explain(r.events["event_id"].iloc[0])
    for needle in ("the U.S.-led coalition", "an estimated 100", "five", "several dozen",
                   "intra_document", "category_conflict", "headline"):
        assert needle in text, needle


# ---------------------------------------------------------------------------------------------
# A rising toll, then a downward revision


def test_rising_toll_is_an_update_and_revision_is_flagged() -> None:
    r = reconcile(rising_toll_frame())
    k = row(r, "maarat-market-2019-05-02", "killed")
    # The first day's 12 is superseded by the next day's ~30; the Observatory's own latest
    # figure (28) is what it says now, and the Civil Defence's "about 30" contains it.
    assert (int(k["low"]), int(k["best"]), int(k["high"])) == (28, 28, 28)
    assert k["status"] == "contested"
    kinds = r.contradictions["kind"].tolist()
    assert kinds == ["revision_down"]
    rev = r.contradictions.iloc[0]
    assert rev["sources"] == ["Observatory", "Observatory"]
    assert "31" in rev["explanation"] and "28" in rev["explanation"]
    assert "2019-05-03" in rev["explanation"] and "2019-05-05" in rev["explanation"]
    roles = dict(zip(r.claims["count_text"], r.claims["role"], strict=False))
    assert roles["12"] == "superseded"
    assert roles["31"] == "earlier"


def test_rising_toll_alone_is_not_a_contradiction() -> None:
    df = rising_toll_frame()
    df = df[df["count"] != "28"]
    r = reconcile(df)
    assert r.contradictions.empty
    k = row(r, "maarat-market-2019-05-02", "killed")
    assert k["status"] == "contested"  # the figures moved, nobody contradicts anybody
    assert int(k["best"]) == 31


def test_lower_figure_reported_later_by_another_source_is_disjoint() -> None:
    df = pd.DataFrame(
        {
            "source": ["Observatory", "state media"],
            "count": ["31", "4"],
            "published": ["2019-05-03", "2019-05-04"],
            "event_id": "e1",
        }
    )
    r = reconcile(df)
    assert r.contradictions["kind"].tolist() == ["disjoint"]


# ---------------------------------------------------------------------------------------------
# Alignment: same day in two places, same place weeks apart


def test_two_places_one_day_stay_apart_and_weeks_apart_too() -> None:
    r = reconcile(two_places_one_day())
    ev = r.events.set_index("event_id")
    assert len(ev) == 3
    by_place = {e.split(":")[2] + "@" + e.split(":")[1]: e for e in ev.index}
    assert set(by_place) == {"idlib@2019-03-01", "douma@2019-03-01", "idlib@2019-03-22"}
    idlib = ev.loc[by_place["idlib@2019-03-01"]]
    assert (int(idlib["low"]), int(idlib["best"]), int(idlib["high"])) == (7, 7, 7)
    assert idlib["status"] == "consistent" and idlib["n_sources"] == 2
    douma = ev.loc[by_place["douma@2019-03-01"]]
    assert douma["status"] == "contradicted"
    assert r.contradictions["event_id"].tolist() == [by_place["douma@2019-03-01"]]
    assert set(r.claims["alignment"]) == {"place+day"}


def test_undated_report_attaches_to_event_in_its_place_within_the_lag() -> None:
    claims = [*two_places_one_day(),
              claim("killed", est(8), doc="late", who="hospital", published=D(2019, 3, 3),
                    places=("Idlib",))]
    r = reconcile(claims)
    late = r.claims[r.claims["doc_id"] == "late"].iloc[0]
    assert late["alignment"] == "place+window"
    assert late["event_id"].startswith("auto:2019-03-01:idlib:")


def test_claims_without_date_or_place_stay_with_their_document() -> None:
    claims = [
        claim("killed", est(3), doc="x", who="a", when=None),
        claim("injured", est(9), doc="x", who="a", when=None, start=30),
        claim("killed", est(4), doc="y", who="b", when=None),
    ]
    r = reconcile(claims)
    assert r.claims.groupby("doc_id")["event_id"].nunique().tolist() == [1, 1]
    assert r.claims["event_id"].nunique() == 2
    assert r.claims["alignment"].str.startswith("document only").all()
    assert r.contradictions.empty


def test_headline_without_place_joins_its_document_event() -> None:
    r = reconcile(deir_al_zour())
    head = r.claims[r.claims["section"] == "title"].iloc[0]
    # It takes its document's place and day, then anchors with them.
    assert head["alignment"] == "place+day (from its document)"
    assert head["event_id"] == r.claims.loc[r.claims["doc_id"] == "dz-a", "event_id"].iloc[0]


def test_report_without_id_joins_a_named_event() -> None:
    claims = two_places_one_day()
    named = pd.DataFrame(
        {"source": ["civil defence"], "best": [7], "event_id": ["idlib-2019-03-01"],
         "date": ["2019-03-01"], "location": ["Idlib"], "published": ["2019-03-01"]}
    )
    unnamed = pd.DataFrame(
        {"source": ["Observatory", "state news agency"], "best": [7, 3],
         "date": ["2019-03-01", "2019-03-01"], "location": ["Idlib", "Douma"],
         "published": ["2019-03-02", "2019-03-01"]}
    )
    r = reconcile(pd.concat([named, unnamed], ignore_index=True))
    cl = r.claims.set_index("source")
    assert cl.loc["Observatory", "event_id"] == "idlib-2019-03-01"
    assert cl.loc["Observatory", "alignment"] == "place+day; joined a named event"
    assert cl.loc["state news agency", "event_id"].startswith("auto:2019-03-01:douma:")
    del claims


def test_transliterations_of_a_place_align() -> None:
    day = D(2018, 2, 7)
    claims = [
        claim("killed", est(45), doc="x1", who="Observatory", when=day, places=("Deir ez-Zor",)),
        claim("killed", est(45), doc="x2", who="monitor", when=day, places=("Deir al-Zour",)),
    ]
    r = reconcile(claims)
    assert r.claims["event_id"].nunique() == 1


# ---------------------------------------------------------------------------------------------
# Denial, agreement


def test_denial_against_positive_reports() -> None:
    r = reconcile(denial_frame())
    k = row(r, "mosque-strike", "killed")
    assert k["status"] == "contradicted"
    # The zero is set aside from the figures; "at least 9" and "11" agree on 11.
    assert (int(k["low"]), int(k["best"]), int(k["high"])) == (11, 11, 11)
    con = r.contradictions
    assert con["kind"].tolist() == ["denial"]
    d = con.iloc[0]
    assert d["sources"][0] == "Ministry of Defence"
    assert "no one was killed" in d["explanation"] and "Airwars" in d["explanation"]
    assert d["severity"] == pytest.approx(__import__("math").log10(10))  # 0 vs at least 9


def test_only_denials_give_zero_and_are_consistent() -> None:
    df = denial_frame()
    r = reconcile(df[df["source"] == "Ministry of Defence"])
    k = row(r, "mosque-strike", "killed")
    assert (int(k["low"]), int(k["best"]), int(k["high"]), k["status"]) == (0, 0, 0, "consistent")


def test_agreeing_sources_are_consistent() -> None:
    r = reconcile(agreeing_frame())
    k = row(r, "ferry-2020", "killed")
    assert k["status"] == "consistent"
    assert k["n_sources"] == 3 and k["n_claims"] == 4 and k["n_agreeing"] == 3
    assert int(k["low"]) == 38 and int(k["high"]) == 38 and int(k["best"]) == 38
    assert r.contradictions.empty


def test_conservative_takes_lowest_agreeing_best() -> None:
    df = pd.DataFrame(
        {"source": ["a", "b", "c"], "low": [10, 12, 20], "best": [14, 20, 30],
         "high": [40, 40, 40], "event_id": "e"}
    )
    usual = row(reconcile(df), "e", "killed")
    cons = row(reconcile(df, conservative=True), "e", "killed")
    assert (int(usual["low"]), int(usual["high"])) == (20, 40)
    assert int(usual["best"]) == 20  # lower median of 14, 20, 30 is 20
    assert int(cons["best"]) == 20  # lowest best is 14, clipped up into [20, 40]
    df2 = df.assign(best=[25, 30, 35])
    assert int(row(reconcile(df2, conservative=True), "e", "killed")["best"]) == 25
    assert int(row(reconcile(df2), "e", "killed")["best"]) == 30


def test_open_upper_bound_stays_open() -> None:
    df = pd.DataFrame({"source": ["a", "b"], "count": ["more than 500", "at least 600"],
                       "event_id": "e"})
    k = row(reconcile(df), "e", "killed")
    assert int(k["low"]) == 600 and pd.isna(k["high"]) and int(k["best"]) == 600
    assert k["status"] == "consistent"


def test_majority_with_outlier_names_the_outlier() -> None:
    df = pd.DataFrame(
        {"source": ["a", "b", "c", "d"], "low": [10, 12, 11, 200], "best": [12, 12, 12, 200],
         "high": [14, 15, 13, 200], "event_id": "e", "published": "2020-01-01"}
    )
    r = reconcile(df)
    k = row(r, "e", "killed")
    assert (int(k["low"]), int(k["high"]), int(k["n_agreeing"])) == (12, 13, 3)
    dis = r.contradictions
    assert len(dis) == 1 and dis.iloc[0]["sources"][0] == "d"
    assert "above" in dis.iloc[0]["explanation"]


def test_headline_disjoint_from_body_same_category() -> None:
    claims = [
        claim("killed", est(50), doc="n1", who=None, publisher="Gazette", section="title",
              published=D(2020, 1, 2)),
        claim("killed", est(5, text="five"), doc="n1", who=None, publisher="Gazette",
              published=D(2020, 1, 2), start=50),
    ]
    r = reconcile(claims)
    con = r.contradictions
    assert con["kind"].tolist() == ["intra_document"]
    assert "does not overlap" in con.iloc[0]["explanation"]


# ---------------------------------------------------------------------------------------------
# The same scenarios from documents (claim extraction, then reconciliation)


def test_deir_al_zour_from_documents() -> None:
    docs = pd.DataFrame([
        {"doc_id": "a", "title": "Coalition says its strikes killed about 100 attackers",
         "text": "The coalition said its aircraft killed an estimated 100 pro-government "
                 "fighters on February 7 near Deir al-Zour after they attacked an SDF base.",
         "published": "2018-02-08", "publisher": "Wire One", "event_id": "dz"},
        {"doc_id": "b", "title": None,
         "text": "Russia's Foreign Ministry said five Russian citizens may have been killed in "
                 "the clash near Deir al-Zour on February 7.",
         "published": "2018-02-15", "publisher": "Wire Two", "event_id": "dz"},
        {"doc_id": "c", "title": "Russia admits several dozen of its citizens killed in Syria",
         "text": "Russia's Foreign Ministry said on Tuesday that several dozen Russian citizens "
                 "were wounded in the clash near Deir al-Zour.",
         "published": "2018-02-20", "publisher": "Daily Courier", "event_id": "dz"},
    ])
    r = reconcile(docs)
    ru = row(r, "dz", "killed", "Russian citizens")
    assert (int(ru["low"]), int(ru["best"]), int(ru["high"])) == (5, 5, 5)
    assert ru["status"] == "contradicted"
    intra = r.contradictions[r.contradictions["kind"] == "intra_document"]
    assert len(intra) == 1 and "document c" in intra.iloc[0]["explanation"]
    head = r.claims[(r.claims["doc_id"] == "c") & (r.claims["section"] == "title")]
    assert head["role"].tolist() == ["headline"]
    assert int(row(r, "dz", "injured")["best"]) == 60


def test_rising_toll_from_documents() -> None:
    docs = pd.DataFrame([
        {"doc_id": "m1", "text": "At least 12 people were killed on Thursday when a car bomb "
         "exploded in a market in Azaz, the health directorate said.",
         "published": "2021-06-17", "publisher": "Wire One"},
        {"doc_id": "m2", "text": "The death toll from Thursday's car bomb in Azaz rose to 31, "
         "the health directorate said on Friday.",
         "published": "2021-06-18", "publisher": "Wire Two"},
        {"doc_id": "m3", "text": "The health directorate said on Sunday that 28 people were "
         "killed in Thursday's car bombing in Azaz.",
         "published": "2021-06-20", "publisher": "Wire One"},
    ])
    r = reconcile(docs)
    assert r.claims["event_id"].nunique() == 1
    assert r.contradictions["kind"].tolist() == ["revision_down"]
    k = r.events.iloc[0]
    assert (int(k["best"]), k["status"]) == (28, "contested")


def test_two_places_one_day_from_documents() -> None:
    docs = pd.DataFrame([
        {"doc_id": "k1", "text": "Russian shelling killed three civilians in Kherson on "
         "Tuesday, the regional governor said.", "published": "2023-05-16", "publisher": "Desk"},
        {"doc_id": "k2", "text": "Shelling in Kherson on Tuesday killed 3 civilians, "
         "officials said.", "published": "2023-05-17", "publisher": "Other Wire"},
        {"doc_id": "u1", "text": "Two people were killed in a missile strike in Kupiansk on "
         "Tuesday, the governor said.", "published": "2023-05-16", "publisher": "Desk"},
    ])
    r = reconcile(docs)
    by_doc = r.claims.set_index("doc_id")["event_id"]
    assert by_doc["k1"] == by_doc["k2"] != by_doc["u1"]
    assert r.contradictions.empty


def test_spellings_of_one_claimant_vote_once() -> None:
    df = pd.DataFrame(
        {
            "source": ["the health authority in Manbij", "Manbij health authority",
                       "the local health authority", "Russia's Foreign Ministry",
                       "Russia's Defence Ministry"],
            "best": [40, 40, 40, 40, 40],
            "event_id": "e",
        }
    )
    k = row(reconcile(df), "e", "killed")
    # Three spellings of the health authority are one source; the two ministries are two.
    assert k["n_sources"] == 3 and k["n_agreeing"] == 3 and k["n_claims"] == 5
