"""Stage 2: news text to claims (:func:`extract_claims`, :func:`extract_claims_frame`)."""

from ._extract import extract_claims
from ._frame import extract_claims_frame
from ._places import normalise_place, place_core

__all__ = ["extract_claims", "extract_claims_frame", "normalise_place", "place_core"]
