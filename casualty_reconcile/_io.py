"""Reading documents and claims files for the command line (one reader for every subcommand)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["KINDS", "read_table"]

#: The file kinds read, by suffix; ``-`` is JSON lines on standard input.
KINDS = (".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".parquet", ".pq")


def _json_rows(path: str, text: str, suffix: str) -> list[Any]:
    if suffix == ".json":
        try:
            rows = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}: not JSON: {exc.msg}", path) from None
        if not isinstance(rows, list):
            raise InputError(f"{path}: a .json file must hold an array of objects", path)
        return rows
    out = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{lineno}: not JSON: {exc.msg}", path) from None
    return out


def read_table(path: str) -> pd.DataFrame:
    """Read a documents or claims file into a DataFrame.

    ``.jsonl``/``.ndjson`` (``-`` is standard input), ``.json`` (an array of objects),
    ``.csv``/``.tsv`` (every column as text, so ids keep their leading zeros) or ``.parquet``.

    Raises
    ------
    InputError
        The file is missing, unreadable, of an unknown kind, or not well formed (the message
        names the file, and the line for JSON lines).
    """
    import pandas as pd

    suffix = ".jsonl" if path == "-" else Path(path).suffix.lower()
    if suffix not in KINDS:
        raise InputError(f"{path}: unknown file kind {suffix!r}; give one of {KINDS}", path)
    if path != "-" and not Path(path).is_file():
        raise InputError(f"cannot read {path}: no such file", path)
    try:
        if suffix in (".csv", ".tsv"):
            return pd.read_csv(
                path,
                dtype=str,
                keep_default_na=False,
                na_values=[""],
                sep="\t" if suffix == ".tsv" else ",",
            )
        if suffix in (".parquet", ".pq"):
            return pd.read_parquet(path)
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, ValueError, ImportError) as exc:
        raise InputError(f"cannot read {path}: {exc}", path) from None
    rows = _json_rows(path, text, suffix)
    for i, r in enumerate(rows, 1):
        if not isinstance(r, dict):
            raise InputError(f"{path}: record {i} is a {type(r).__name__}, not an object", path)
    return pd.DataFrame(rows)
