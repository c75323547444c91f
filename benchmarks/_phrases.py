"""Seeded generators of benchmark inputs (built at run time; nothing large is committed)."""

from __future__ import annotations

import random

_WORDS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fifteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
]
_HEDGES = [
    "",
    "",
    "",
    "about ",
    "around ",
    "more than ",
    "at least ",
    "up to ",
    "nearly ",
    "some ",
    "an estimated ",
    "fewer than ",
    "as many as ",
    "over ",
    "roughly ",
    "close to ",
]
_VAGUE = [
    "several",
    "dozens of",
    "a few",
    "hundreds of",
    "several dozen",
    "scores of",
    "tens of",
    "thousands of",
    "a handful of",
    "several hundred",
    "a few dozen",
    "tens of thousands of",
]
_NOUNS = [
    "people",
    "civilians",
    "soldiers",
    "fighters",
    "killed",
    "dead",
    "wounded",
    "police officers",
    "children",
    "militants",
    "Russian citizens",
    "villagers",
    "pro-government fighters",
]
_NOT_COUNTS = [
    "on February {d}",
    "in {y}",
    "at {h} pm",
    "the {d}th brigade",
    "{p}% of",
    "{d} km away",
    "${d} million",
    "an F-{d}",
    "Resolution {y}",
    "a {d}-year-old",
]


def _number(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.35:
        return str(rng.randint(1, 999))
    if r < 0.5:
        return f"{rng.randint(1, 99)},{rng.randint(0, 999):03d}"
    if r < 0.6:
        return f"{rng.randint(1, 9)}.{rng.randint(1, 9)} million"
    if r < 0.8:
        return rng.choice(_WORDS)
    if r < 0.9:
        return f"{rng.choice(_WORDS)} hundred and {rng.choice(_WORDS)}"
    return f"{rng.choice(['two', 'three', 'five'])} dozen"


def phrases(n: int, seed: int = 7) -> list[str]:
    """Return ``n`` distinct count phrases of the kinds news reports use."""
    rng = random.Random(seed)
    out: set[str] = set()
    while len(out) < n:
        r = rng.random()
        if r < 0.6:
            p = f"{rng.choice(_HEDGES)}{_number(rng)} {rng.choice(_NOUNS)}"
        elif r < 0.75:
            a = rng.randint(2, 400)
            p = (
                rng.choice(
                    ["between {a} and {b}", "{a}-{b}", "{a} to {b}", "from {a} to {b}"]
                ).format(a=a, b=a + rng.randint(1, 50))
                + f" {rng.choice(_NOUNS)}"
            )
        elif r < 0.9:
            p = f"{rng.choice(_VAGUE)} {rng.choice(_NOUNS)}"
        else:
            p = rng.choice(_NOT_COUNTS).format(
                d=rng.randint(1, 28),
                y=rng.randint(1990, 2024),
                h=rng.randint(1, 12),
                p=rng.randint(1, 99),
            )
        out.add(p)
    # Sorted before the shuffle: a set's order follows the per-process string hash, so
    # shuffling the set itself gave another order in every process.
    ordered = sorted(out)
    rng.shuffle(ordered)
    return ordered


_FILLER = [
    "The statement did not say where the fighting took place.",
    "Officials in the provincial capital declined to comment on the operation.",
    "Residents described hearing explosions for much of the night.",
    "The ministry said an investigation had been opened into the incident.",
    "Aid agencies warned that access to the area remained restricted.",
    "The claims could not be independently verified.",
    "Talks between the two sides are due to resume next week in the capital.",
]
_CLAIMS = [
    "{n} {noun} were killed in the attack, the health ministry said.",
    "At least {n} people died and {m} were wounded when a car bomb exploded on {day}.",
    "The monitor put the death toll at {n}, including {m} children.",
    "Local officials said {vague} {noun} had been killed since the start of the week.",
    "The army said it had killed more than {n} militants near the border.",
    "An estimated {n} civilians were missing after the strikes, according to the Red Crescent.",
]


def news_text(n_chars: int, seed: int = 11) -> str:
    """Return about ``n_chars`` of news-like English with casualty figures and distractors."""
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < n_chars:
        if rng.random() < 0.35:
            s = rng.choice(_CLAIMS).format(
                n=_number(rng),
                m=rng.randint(2, 90),
                noun=rng.choice(_NOUNS),
                vague=rng.choice(_VAGUE),
                day=rng.choice(["Sunday", "Tuesday", "February 7"]),
            )
        else:
            s = rng.choice(_FILLER)
        if rng.random() < 0.1:
            s += f" The {rng.randint(1, 30)}th brigade moved {rng.randint(2, 90)} km in {rng.randint(2000, 2024)}."
        parts.append(s)
        size += len(s) + 1
        if rng.random() < 0.2:
            parts.append("\n\n")
    return " ".join(parts)
