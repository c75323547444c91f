"""Reconcile casualty claims into events, figures and contradictions (stage 3).

See docs/reconcile.md for every rule: alignment, independence of sources, Marzullo's
intersection, UCDP-style low/best/high, the kinds of contradiction and the event status.
"""

from ._display import EventView
from ._reconcile import reconcile
from ._result import Reconciliation
from ._totals import document_totals

__all__ = ["EventView", "Reconciliation", "document_totals", "reconcile"]
