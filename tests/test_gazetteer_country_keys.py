"""A town whose place key is a country's is the town when written as the town (issue 10).

Place keys drop vowels, so "Kano" shares Kenya's key and "Smila" Somalia's; the gazetteer
read every such name as the country, which made the town's reports coarse (an area) and
kept them from anchoring their event. "Nigeria" shares Niger's key. Found by the synthetic
accuracy diagnosis (docs/performance.md).
"""

from __future__ import annotations

import pytest

from casualty_reconcile.claims import normalise_place
from casualty_reconcile.reconcile._gazetteer import gazetteer


@pytest.mark.parametrize(("name", "country", "is_area"), [
    ("Smila", "UA", False),       # a Ukrainian town, not Somalia
    ("Kano", "NG", True),         # Kano State (a province before its namesake town)
    ("Somalia", "SO", True),
    ("Kenya", "KE", True),
    ("Nigeria", "NG", True),      # not Niger, whose key it shares
    ("Niger", "NE", True),
    ("Syria", "SY", True),
    ("Mali", "ML", True),
    ("Mosul", "IQ", False),
])
def test_a_name_is_read_as_written_before_a_country_of_its_key(
        name: str, country: str, is_area: bool) -> None:
    info = gazetteer().resolve([name])[normalise_place(name)]
    assert info.country == country
    assert (info.area is not None) is is_area
