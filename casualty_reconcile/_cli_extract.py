"""``casualty-reconcile extract``: documents (JSON lines or CSV) to claims (JSON lines or CSV)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any, TextIO

from ._io import read_table
from ._progress import add_progress_flags, cli_progress
from .errors import InputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["register"]


def _jsonable(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    name = type(value).__name__
    if name in ("NAType", "NaTType"):
        return None
    if name == "Timestamp":
        return value.date().isoformat()
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def _write(frame: pd.DataFrame, fmt: str, out: TextIO) -> None:
    if fmt == "csv":
        flat = frame.copy()
        for col in ("places", "actors"):
            flat[col] = [("; ".join(v) if v else "") for v in flat[col]]
        for col in ("published", "event_date"):
            flat[col] = flat[col].dt.strftime("%Y-%m-%d")
        flat.to_csv(out, index=False, lineterminator="\n")
        return
    cols = list(frame.columns)
    for row in frame.itertuples(index=False, name=None):
        rec = {c: _jsonable(v) for c, v in zip(cols, row, strict=True)}
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")


def _run(args: argparse.Namespace) -> int:
    from .claims import extract_claims_frame

    docs = read_table(args.documents)
    frame = extract_claims_frame(docs, lexicon=args.lexicon, progress=cli_progress(args.progress))
    if args.claims_only:
        frame = frame[frame["reason"].isna()].reset_index(drop=True)
    if args.output and args.output != "-":
        try:
            with open(args.output, "w", encoding="utf-8", newline="") as out:
                _write(frame, args.format, out)
        except OSError as exc:
            raise InputError(f"cannot write {args.output}: {exc}", args.output) from None
    else:
        _write(frame, args.format, sys.stdout)
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``extract`` subcommand."""
    p = sub.add_parser(
        "extract",
        help="extract casualty claims from documents; print JSON lines or CSV",
        description="Read documents (JSON lines, a JSON array or CSV with a 'text' column and "
        "optionally doc_id, title, published, publisher, event_id) and write one row per "
        "claim, plus one row with a 'reason' for each document without a claim.",
    )
    p.add_argument(
        "documents", help="a .jsonl/.ndjson/.json/.csv file, or - for JSON lines on stdin"
    )
    p.add_argument("--format", choices=["jsonl", "csv"], default="jsonl", help="output format")
    p.add_argument("-o", "--output", help="write to this file (default: stdout)")
    p.add_argument("--lexicon", help="a TOML file layered over the shipped lexicon")
    p.add_argument(
        "--claims-only", action="store_true", help="leave out the rows of documents without a claim"
    )
    add_progress_flags(p)
    p.set_defaults(func=_run)
