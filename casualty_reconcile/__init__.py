"""casualty_reconcile: count phrases to intervals, news text to claims, claims to events.

Importing the package is cheap: pandas, pint and dateparser are imported only when a function
first needs them.
"""

from ._types import MAX_COUNT, Claim, CountEstimate
from .claims import extract_claims, extract_claims_frame
from .counts import find_counts, parse_count
from .errors import (
    CasualtyReconcileError,
    ColumnError,
    InputError,
    InputTypeError,
    LexiconError,
)
from .lexicon import Lexicon, default_lexicon, load_lexicon
from .reconcile import Reconciliation, document_totals, reconcile

__all__ = [
    "MAX_COUNT",
    "CasualtyReconcileError",
    "Claim",
    "ColumnError",
    "CountEstimate",
    "InputError",
    "InputTypeError",
    "Lexicon",
    "LexiconError",
    "Reconciliation",
    "default_lexicon",
    "document_totals",
    "extract_claims",
    "extract_claims_frame",
    "find_counts",
    "load_lexicon",
    "parse_count",
    "reconcile",
]

__version__ = "0.1.0"
