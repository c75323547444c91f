"""Places of one consonant key in different countries are told apart (reconcile/_align.py).

The place key is a skeleton ("Dessie" and "Dosso" are both "ds"): a blocking key, and
reports of namesakes on one day were one event. A spelling that is the exact name of a
place in one country now keys apart from another country's, unless a spelling nearly
alike may be the same name transliterated.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from casualty_reconcile import reconcile


def reports(*where: str, day: str = "2023-05-01") -> pd.DataFrame:
    """One report per place, each from its own source, all of one day, figures far apart."""
    return pd.DataFrame({
        "source": [f"source {i}" for i in range(len(where))],
        "low": [3 + 10 * i for i in range(len(where))],
        "high": [3 + 10 * i for i in range(len(where))],
        "location": list(where), "date": day, "published": day})


def groups(r: Any) -> list[set[str]]:
    by = r.claims.groupby("event_id")["location"].agg(lambda s: frozenset(s))
    return sorted((set(g) for g in by), key=lambda g: sorted(g))


# (places reported the same day, the events they must make)
CASES = [
    # namesakes of one key in two countries: apart
    (["Dessie", "Dosso"], [{"Dessie"}, {"Dosso"}]),
    (["Smila", "Simele"], [{"Simele"}, {"Smila"}]),
    # one place spelt twice: together, whatever each spelling names elsewhere
    (["Al-Sukhnah", "al-Sokhna"], [{"Al-Sukhnah", "al-Sokhna"}]),
    (["Tal Abiad", "Tal Abyad"], [{"Tal Abiad", "Tal Abyad"}]),
    (["Ras al-Ayn", "Ras Al-Ain"], [{"Ras al-Ayn", "Ras Al-Ain"}]),
    (["Deir ez-Zor", "Dayr az Zawr", "Deir al-Zour"],
     [{"Deir ez-Zor", "Dayr az Zawr", "Deir al-Zour"}]),
    # a spelling of no known place nearly alike one namesake stays with it
    (["Dessie", "Desie", "Dosso"], [{"Dessie", "Desie"}, {"Dosso"}]),
]


@pytest.mark.parametrize(("places", "expected"), CASES)
def test_namesakes_of_one_key_in_two_countries_are_two_events(
        places: list[str], expected: list[set[str]]) -> None:
    r = reconcile(reports(*places))
    assert groups(r) == sorted(expected, key=lambda g: sorted(g))


def test_the_split_does_not_depend_on_order() -> None:
    a = reconcile(reports("Dessie", "Desie", "Dosso", "Smila", "Simele"))
    b = reconcile(reports("Simele", "Dosso", "Smila", "Desie", "Dessie"))
    assert groups(a) == groups(b)
