"""Provinces named after no town are tied by their capital (reconcile/data/provinces.toml).

"Borno", "Nord-Kivu", "Salah ad Din" and "Helmand" are ISO provinces that no town is named
after: they contained nothing, so a report "in Borno" never met one "in Maiduguri". The
table names each one's capital; the province holds the GeoNames division of its capital.
"""

from __future__ import annotations

import pandas as pd
import pytest

from casualty_reconcile import reconcile

# (a report naming only the province, a report of the same day naming a town in it)
SAME_EVENT = [
    ("Borno state", "Maiduguri"),
    ("North Kivu", "Beni"),
    ("Nord-Kivu", "Goma"),
    ("Salahuddin province", "Tikrit"),
    ("Nineveh", "Mosul"),
    ("Helmand province", "Sangin"),
    ("Amhara region", "Bahir Dar"),
    ("Tigray", "Mekele"),
    ("North Darfur", "El Fasher"),
    ("Ituri province", "Bunia"),
    ("Cabo Delgado", "Pemba"),
    ("Khyber Pakhtunkhwa", "Peshawar"),
    ("Rakhine state", "Sittwe"),
    ("Far North region", "Maroua"),
    ("Upper Nile", "Malakal"),
]


def two_reports(area: str, town: str) -> pd.DataFrame:
    return pd.DataFrame({"source": ["the army", "a monitor"], "low": [12, 14],
                         "high": [12, 14], "location": [area, town],
                         "date": "2023-05-01", "published": "2023-05-02",
                         "doc_id": ["d1", "d2"]})


@pytest.mark.parametrize(("area", "town"), SAME_EVENT)
def test_a_report_of_the_province_joins_the_event_in_its_town(area: str, town: str) -> None:
    r = reconcile(two_reports(area, town))
    assert r.claims["event_id"].nunique() == 1, r.claims[["location", "alignment"]]


@pytest.mark.parametrize(("area", "town"), [
    ("Borno state", "Goma"),          # another country's town
    ("North Kivu", "Bukavu"),         # South Kivu's capital, same country
    ("Helmand province", "Kandahar"), # the next province's capital
])
def test_a_town_outside_the_province_stays_apart(area: str, town: str) -> None:
    r = reconcile(two_reports(area, town))
    assert r.claims["event_id"].nunique() == 2


def test_every_entry_is_an_iso_province_whose_capital_the_gazetteer_knows() -> None:
    import importlib
    import tomllib
    from pathlib import Path

    import pycountry

    gz = importlib.import_module("casualty_reconcile.reconcile._gazetteer")
    data = tomllib.loads((Path(gz.__file__).parent / "data" / "provinces.toml").read_text())
    idx = gz._index()
    tied = {a for entries in idx.subdivisions.values() for _, a, _, _ in entries}
    for cc, table in data.items():
        for code, e in table.items():
            sub = pycountry.subdivisions.get(code=code)
            assert sub is not None and sub.country_code == cc and sub.parent_code is None, code
            assert gz.gazetteer().named_in(e["capital"]) >= {cc}, (code, e["capital"])
    assert not any(f"iso:{code}" in a for a in tied for code in ("NG-BO", "CD-NK", "IQ-SD"))
