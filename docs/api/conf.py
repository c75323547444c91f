"""Sphinx configuration of the API reference, generated from the numpydoc docstrings.

Build (CI does, warnings are errors, broken cross-references too):
``pip install -e '.[docs]' && sphinx-build -W --keep-going -n -q -b html docs/api DIR``.
Nothing is fetched while building (no intersphinx), so names from other libraries (pandas,
matplotlib, the standard library) are shown but not linked: ``nitpick_ignore_regex`` below
lists them, and any other unresolved name fails the build.
"""

from __future__ import annotations

import casualty_reconcile

project = "casualty_reconcile"
author = "casualty_reconcile contributors"
copyright = "casualty_reconcile contributors, MIT licence"
release = version = casualty_reconcile.__version__

extensions = ["sphinx.ext.autodoc", "numpydoc"]
root_doc = "index"
exclude_patterns = ["_build"]
html_theme = "alabaster"
html_static_path: list[str] = []
html_show_sourcelink = False

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_preserve_defaults = True
# numpydoc lists a class's members itself from its docstring's Attributes and the
# autodoc :members:; no autosummary stubs.
numpydoc_show_class_members = False
numpydoc_xref_param_type = False

nitpicky = True
nitpick_ignore_regex = [
    # Other libraries' names (not linked: no intersphinx, the build fetches nothing).
    (r"py:.*", r"(pd|pandas|np|numpy|pa|pyarrow|matplotlib|pint|dask|dd)(\..*)?"),
    (r"py:.*", r"(Axes|DataFrame|Series|Path|Figure|Timestamp|datetime|date)"),
    (r"py:.*", r"(datetime|pathlib|collections\.abc|typing|os)\..*"),
    (r"py:.*", r"(Any|Iterable|Iterator|Sequence|Mapping|Callable|Literal|TypeAlias)"),
]

# Signatures keep the alias's name and link it to its entry (lexicon.rst).
autodoc_type_aliases = {"LexiconLike": "casualty_reconcile.lexicon.LexiconLike"}
# A TypeVar of Lexicon's generic helpers: nothing to document.
nitpick_ignore_regex.append((r"py:class", r"casualty_reconcile\.lexicon\._lexicon\.T"))
