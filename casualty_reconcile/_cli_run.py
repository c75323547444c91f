"""``casualty-reconcile run``: documents (or claims) in, reconciled events out.

Reads a documents file (JSON lines, JSON, CSV or Parquet), extracts claims, reconciles them,
writes ``events``, ``contradictions`` and ``claims`` (CSV or Parquet) and ``report.html``
(the readable report, :meth:`Reconciliation.to_html`) into an output directory and prints a
short summary.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._io import read_table
from ._progress import add_progress_flags, cli_progress
from .errors import InputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["register", "write_frames"]


def _flat(frame: pd.DataFrame, fmt: str) -> pd.DataFrame:
    """Tuple and list columns as JSON arrays (CSV) or lists (Parquet)."""
    import pandas as pd

    from ._columns import STRING_LIST

    out = frame.copy()
    for c in out.columns:
        if str(out[c].dtype) == STRING_LIST:
            lists = out[c].tolist()
            if fmt == "csv":
                out[c] = [None if v is None else json.dumps(v, ensure_ascii=False)
                          for v in lists]
            else:
                # Plain lists, as the tuple columns: pandas cannot read back the Arrow list
                # dtype it writes into a Parquet file's metadata (pandas issue 57411).
                out[c] = pd.Series(lists, index=out.index, dtype=object)
        elif out[c].dtype == object:
            if fmt == "csv":
                out[c] = [
                    json.dumps(list(v), ensure_ascii=False) if isinstance(v, tuple | list) else v
                    for v in out[c]
                ]
            else:
                out[c] = [list(v) if isinstance(v, tuple | list) else v for v in out[c]]
    return out


def write_frames(result: Any, outdir: Path, fmt: str) -> list[Path]:
    """Write the result's frames into ``outdir``; return the paths written.

    ``events``, ``contradictions``, ``claims``, and ``sources`` when the likely range was
    fitted (docs/reconcile.md, "The likely range").
    """
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    names = ["events", "contradictions", "claims"]
    if len(getattr(result, "sources", ())):
        names.append("sources")
    for name in names:
        frame = _flat(getattr(result, name), fmt)
        path = outdir / f"{name}.{fmt}"
        try:
            if fmt == "csv":
                frame.to_csv(path, index=False, lineterminator="\n", date_format="%Y-%m-%d")
            else:
                frame.to_parquet(path, index=False)
        except (OSError, ImportError) as exc:
            raise InputError(f"cannot write {path}: {exc}", str(path)) from None
        written.append(path)
    return written


def _write_report(result: Any, outdir: Path) -> Path:
    """Write ``report.html``; say on stderr when it has no plots (no matplotlib)."""
    import importlib.util

    path = outdir / "report.html"
    result.to_html(path)
    has_conflicts = len(result.contradictions) > 0
    if has_conflicts and importlib.util.find_spec("matplotlib") is None:
        print(f"{path} has no plots: matplotlib is not installed "
              "(pip install 'casualty_reconcile[plot]')", file=sys.stderr)
    return path


def _run(args: argparse.Namespace) -> int:
    from .reconcile import reconcile

    data = read_table(args.input)
    result = reconcile(
        data,
        conservative=args.conservative,
        by_victims=not args.ignore_victims,
        lag_days=args.lag_days,
        lexicon=args.lexicon,
        progress=cli_progress(args.progress),
        likely_level=None if args.no_likely else args.likely_level,
    )
    outdir = Path(args.output) if args.output else Path(f"{Path(args.input).stem}-reconciled")
    written = write_frames(result, outdir, args.format)
    if args.json:
        result.to_json(outdir / "reconciliation.json")
        written.append(outdir / "reconciliation.json")
    if not args.no_report:
        written.append(_write_report(result, outdir))
    print(result.summary())
    print()
    print("Wrote " + ", ".join(str(p) for p in written))
    sys.stdout.flush()
    return 0


def register(subparsers: Any) -> None:
    """Add the ``run`` subcommand to the command line."""
    p = subparsers.add_parser(
        "run",
        help="extract claims from documents and reconcile them into events",
        description=(
            "Read documents (text and optionally doc_id, title, published, publisher, "
            "event_id) or a claims table (source plus count or low/best/high), reconcile "
            "them, and write events, contradictions, claims and report.html."
        ),
    )
    p.add_argument("input", help="a .jsonl, .json, .csv or .parquet file")
    p.add_argument("-o", "--output", help="output directory (default: <input>-reconciled)")
    p.add_argument(
        "--format",
        choices=("csv", "parquet"),
        default="csv",
        help="format of the written frames (default: csv)",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="also write reconciliation.json (readable by Reconciliation.from_json)",
    )
    p.add_argument(
        "--no-report",
        action="store_true",
        help="do not write report.html (the summary page with each contradicted event)",
    )
    p.add_argument(
        "--conservative",
        action="store_true",
        help="best = the lowest figure the agreeing sources give (ACLED style)",
    )
    p.add_argument(
        "--ignore-victims",
        action="store_true",
        help="one row per event and category whatever the victims (UCDP-style total)",
    )
    p.add_argument(
        "--lag-days",
        type=int,
        default=3,
        help="how many days a report may lag behind an undated event (default 3)",
    )
    p.add_argument("--lexicon", default=None, help="a lexicon file layered over the shipped one")
    p.add_argument(
        "--likely-level",
        type=float,
        default=0.9,
        help="the probability that events' likely_low..likely_high holds the true toll "
        "(default 0.9; docs/reconcile.md, 'The likely range')",
    )
    p.add_argument("--no-likely", action="store_true",
                   help="leave likely_low and likely_high empty")
    add_progress_flags(p)
    p.set_defaults(func=_run)
