"""Seeded synthetic report sets with known truth, for measuring accuracy.

Nothing in the library imports this package; it sits above ``reconcile`` in the layering and
uses the public API (stage 1's ``parse_count`` and the shipped lexicon) and the lexicon's
multiplier words. See docs/synthetic.md.
"""

from ._generate import CLAIM_FIELDS, SyntheticSet, generate, write_set

__all__ = ["CLAIM_FIELDS", "SyntheticSet", "generate", "write_set"]
