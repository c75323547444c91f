"""The casualty vocabulary (casualty_en.toml): strict validation and user extension."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from casualty_reconcile import LexiconError, default_lexicon, load_lexicon
from casualty_reconcile.claims import extract_claims
from casualty_reconcile.lexicon._schema_claims import CASUALTY_ROLES, validate_casualty


def test_every_shipped_entry_is_valid_and_cited() -> None:
    section = default_lexicon().section("casualty")
    assert section
    for key, entry in section.items():
        validate_casualty("casualty_en.toml", key, entry)
        assert len(entry["source"]) >= 8


def test_every_role_the_code_reads_is_shipped() -> None:
    roles = {e["role"] for e in default_lexicon().section("casualty").values()}
    assert roles == set(CASUALTY_ROLES)


def test_every_category_has_a_trigger() -> None:
    cats = {
        e["category"]
        for e in default_lexicon().section("casualty").values()
        if e["role"] == "trigger"
    }
    assert cats == {"killed", "injured", "missing", "captured", "casualties"}


OK = {
    "role": "trigger",
    "category": "killed",
    "form": "participle",
    "words": ["obliterated"],
    "source": "test entry for a user lexicon",
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"role": "verb"}, "`role` must be one of"),
        ({"category": None}, "needs a `category`"),
        ({"category": "dead"}, "needs a `category`"),
        ({"form": None}, "needs a `form`"),
        ({"form": "passive"}, "needs a `form`"),
        ({"stance": "asserted"}, "takes no `stance`"),
        ({"words": []}, "non-empty list"),
        ({"words": ["Killed"]}, "lower case"),
        ({"words": [" killed"]}, "outer"),
        ({"words": [3]}, "not a non-empty string"),
        ({"source": "x"}, "needs a `source`"),
        ({"colour": "red"}, "unknown field"),
        ({"case_sensitive": True}, "may be case_sensitive"),
    ],
)
def test_validator_rejects(change: dict[str, Any], message: str) -> None:
    entry = {**OK, **change}
    entry = {k: v for k, v in entry.items() if v is not None}
    with pytest.raises(LexiconError, match=message):
        validate_casualty("user.toml", "x", entry)


def test_attribution_needs_a_stance() -> None:
    with pytest.raises(LexiconError, match="stance"):
        validate_casualty(
            "u.toml", "x", {"role": "attribution", "words": ["said"], "source": "verbs of saying"}
        )


def test_user_lexicon_adds_vocabulary(tmp_path: Path) -> None:
    text = "Twelve soldiers were obliterated, the army said."
    assert extract_claims(text) == []
    p = tmp_path / "mine.toml"
    p.write_text(
        '[casualty.my_killed]\nrole = "trigger"\ncategory = "killed"\nform = "participle"\n'
        'words = ["obliterated"]\nsource = "house style of our newsroom"\n',
        encoding="utf-8",
    )
    cs = extract_claims(text, lexicon=load_lexicon(p))
    assert [(c.category, c.count.best, c.claimant) for c in cs] == [("killed", 12, "the army")]
    assert [c.count.best for c in extract_claims(text, lexicon=str(p))] == [12]


def test_user_lexicon_cannot_silently_redefine(tmp_path: Path) -> None:
    p = tmp_path / "mine.toml"
    p.write_text(
        '[casualty.killed_participle]\nrole = "trigger"\ncategory = "injured"\n'
        'form = "participle"\nwords = ["killed"]\nsource = "a typo that would break things"\n',
        encoding="utf-8",
    )
    with pytest.raises(LexiconError, match="override"):
        load_lexicon(p)


def test_importing_claims_stays_light() -> None:
    import subprocess
    import sys

    code = (
        "import sys, casualty_reconcile.claims, casualty_reconcile._cli_extract\n"
        "heavy = [m for m in ('pandas', 'dateparser', 'pint') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
