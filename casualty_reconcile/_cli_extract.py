"""``casualty-reconcile extract``: documents (JSON lines or CSV) to claims (JSON lines or CSV)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .errors import InputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["read_documents", "register"]


def read_documents(path: str) -> pd.DataFrame:
    """Read a documents file into a DataFrame, every column as text.

    JSON lines (``.jsonl``, ``.ndjson``; ``-`` is stdin), a JSON array (``.json``) or CSV
    (``.csv``, ``.tsv``).

    Raises
    ------
    InputError
        The file is missing, unreadable, of an unknown kind, or holds a line that is not a
        JSON object (the message names the line).
    """
    import pandas as pd

    suffix = Path(path).suffix.lower() if path != "-" else ".jsonl"
    if suffix in (".csv", ".tsv"):
        try:
            return pd.read_csv(
                path,
                dtype=str,
                keep_default_na=False,
                na_values=[""],
                sep="\t" if suffix == ".tsv" else ",",
            )
        except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
            raise InputError(f"cannot read {path}: {exc}", path) from None
    if suffix not in (".jsonl", ".ndjson", ".json"):
        raise InputError(
            f"{path}: unknown file kind {suffix!r}; give .jsonl, .ndjson, .json or .csv", path
        )
    try:
        stream: TextIO = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc}", path) from None
    with stream:
        try:
            if suffix == ".json":
                data = json.load(stream)
                if not isinstance(data, list):
                    raise InputError(f"{path}: a .json file must hold an array of objects", path)
                rows = data
            else:
                rows = []
                for lineno, line in enumerate(stream, 1):
                    if not line.strip():
                        continue
                    try:
                        rows.append(json.loads(line))
                    except json.JSONDecodeError as exc:
                        raise InputError(f"{path}:{lineno}: not JSON: {exc.msg}", path) from None
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not UTF-8 text: {exc}", path) from None
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}: not JSON: {exc.msg}", path) from None
    for i, r in enumerate(rows, 1):
        if not isinstance(r, dict):
            raise InputError(f"{path}: record {i} is {type(r).__name__}, not an object", path)
    return pd.DataFrame(rows)


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

    docs = read_documents(args.documents)
    frame = extract_claims_frame(docs, lexicon=args.lexicon, progress=args.progress)
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
    p.add_argument("--progress", action="store_true", help="show progress on stderr")
    p.set_defaults(func=_run)
