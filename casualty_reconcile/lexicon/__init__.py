"""The vocabulary as data: loading, layering and validating lexicon files."""

from ._lexicon import Lexicon, LexiconLike, default_lexicon, load_lexicon, resolve_lexicon

__all__ = ["Lexicon", "LexiconLike", "default_lexicon", "load_lexicon", "resolve_lexicon"]
