"""placeholder"""

from __future__ import annotations

from typing import Any


def extract_claims_frame(documents: Any, *, lexicon: Any = None, progress: bool = False) -> Any:
    raise NotImplementedError
