"""The lexicon as data: integrity of the shipped files, layering, and clear errors."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from casualty_reconcile import LexiconError, find_counts, load_lexicon, parse_count
from casualty_reconcile.lexicon import default_lexicon
from casualty_reconcile.lexicon._units import multiplier_values

CORPUS = Path(__file__).parent / "corpus" / "counts_en.toml"


def test_every_vague_entry_is_cited_and_ordered() -> None:
    for key, e in default_lexicon().section("vague").items():
        assert len(e["source"]) > 20, key
        high = None if e["high"] == "none" else e["high"]
        assert e["low"] <= e["best"] and (high is None or e["best"] <= high), key


def test_every_hedge_roundness_and_not_count_entry_is_cited() -> None:
    lex = default_lexicon()
    for section in ("hedges", "roundness", "not_counts", "people", "fixed", "presets"):
        for key, e in lex.section(section).items():
            assert isinstance(e.get("source"), str) and len(e["source"]) > 10, (section, key)


def test_presets_name_only_known_vague_entries() -> None:
    lex = default_lexicon()
    vague = set(lex.section("vague"))
    for key, e in lex.section("presets").items():
        assert e["entry"] == "*scaled" or e["entry"] in vague, key
    assert {e["preset"] for e in lex.section("presets").values()} == {"acled", "ucdp"}


def test_every_vague_word_and_hedge_appears_in_the_test_corpus() -> None:
    corpus = CORPUS.read_text("utf-8").lower()
    lex = default_lexicon()
    missing = []
    for section in ("vague", "hedges"):
        for key, e in lex.section(section).items():
            if not any(
                re.search(rf"(?<!\w){re.escape(p.lstrip('-'))}(?!\w)", corpus) for p in e["phrases"]
            ):
                missing.append(f"{section}.{key}")
    assert not missing, f"lexicon entries with no corpus phrase: {missing}"


def test_hedge_phrases_are_unambiguous_per_position() -> None:
    seen: dict[tuple[str, str], str] = {}
    for key, e in default_lexicon().section("hedges").items():
        for p in e["phrases"]:
            other = seen.setdefault((e["position"], p), key)
            assert other == key, f"{p!r} is in both hedges.{other} and hedges.{key}"


def test_multipliers_come_from_pint_as_plain_ints() -> None:
    values = multiplier_values(default_lexicon())
    assert values["dozen"] == 12 and values["lakh"] == 100_000 and values["crore"] == 10**7
    assert all(type(v) is int for v in values.values())


def test_shipped_files_are_valid_toml_with_a_grammar_comment() -> None:
    import casualty_reconcile.lexicon as lexpkg

    data = Path(lexpkg.__file__).parent / "data"
    for path in sorted(data.rglob("*.toml")):
        text = path.read_text("utf-8")
        tomllib.loads(text)
        assert text.lstrip().startswith("#"), f"{path.name} should open with its grammar"


def test_user_file_adds_a_vague_word(tmp_path: Path) -> None:
    user = tmp_path / "mine.toml"
    user.write_text(
        '[vague.a_slew]\nphrases = ["a slew of"]\nlow = 5\nbest = 10\nhigh = 40\n'
        'source = "Newsroom style guide, our own calibration"\n',
        "utf-8",
    )
    lex = load_lexicon(user)
    c = parse_count("a slew of soldiers", lexicon=lex)
    assert c is not None and (c.low, c.best, c.high, c.kind) == (5, 10, 40, "vague")
    assert parse_count("a slew of soldiers") is None  # the shipped lexicon is untouched
    # a path works as well as a Lexicon
    assert find_counts("a slew of soldiers", lexicon=str(user))[0].best == 10


def test_redefining_a_shipped_entry_needs_override(tmp_path: Path) -> None:
    body = '[vague.dozens]\nphrases = ["dozens"]\nlow = 13\nbest = 20\nhigh = 50\nsource = "house rule: our calibration"\n'
    f = tmp_path / "house.toml"
    f.write_text(body, "utf-8")
    with pytest.raises(LexiconError, match=r"house\.toml.*vague\.dozens.*override"):
        load_lexicon(f)
    f.write_text("override = true\n" + body, "utf-8")
    c = parse_count("dozens", lexicon=load_lexicon(f))
    assert c is not None and (c.low, c.best, c.high) == (13, 20, 50)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            '[vague.x]\nphrases = ["x"]\nlow = 5\nbest = 3\nhigh = 9\nsource = "a real citation"\n',
            "low <= best <= high",
        ),
        ('[vague.x]\nphrases = ["x"]\nlow = 1\nbest = 3\nhigh = 9\n', "source"),
        (
            '[hedges.x]\nphrases = ["x"]\nposition = "before"\nkind = "exact"\nlow = "N*2"\nbest = "N"\nhigh = "N"\nsource = "a real citation"\n',
            "formula",
        ),
        ("[nonsense.x]\na = 1\n", "unknown section"),
        ("[vague.x\n", "not valid TOML"),
        (
            '[multipliers.myriad]\ndefinition = "myriad = 1.5"\nsource = "a real citation"\n',
            "whole number",
        ),
    ],
)
def test_broken_entries_name_file_and_key(tmp_path: Path, body: str, message: str) -> None:
    f = tmp_path / "broken.toml"
    f.write_text(body, "utf-8")
    with pytest.raises(LexiconError, match=message) as info:
        lex = load_lexicon(f)
        parse_count("5", lexicon=lex)  # multipliers are checked when first built
    assert "broken.toml" in str(info.value)


def test_user_multiplier_through_pint(tmp_path: Path) -> None:
    f = tmp_path / "units.toml"
    f.write_text(
        '[multipliers.myriad]\ndefinition = "myriad = 10000"\nsource = "Greek counting unit"\n',
        "utf-8",
    )
    c = parse_count("two myriad people", lexicon=load_lexicon(f))
    assert c is not None and c.best == 20_000


def test_missing_user_file_is_a_lexicon_error(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="cannot be read"):
        load_lexicon(tmp_path / "nope.toml")
