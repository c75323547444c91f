"""Stage 1: count phrases to intervals (:func:`parse_count`, :func:`find_counts`)."""

from ._api import find_counts, parse_count

__all__ = ["find_counts", "parse_count"]
