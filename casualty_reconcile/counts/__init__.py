"""Stage 1: count phrases to intervals: parse_count, find_counts, parse_counts (a column)."""

from ._api import find_counts, parse_count
from ._batch import parse_counts

__all__ = ["find_counts", "parse_count", "parse_counts"]
