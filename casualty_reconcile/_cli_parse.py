"""``casualty-reconcile parse``: count phrases to JSON lines."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable

from .counts import find_counts

__all__ = ["register"]


def _phrases(args: argparse.Namespace) -> Iterable[str]:
    if args.phrases:
        yield from args.phrases
        return
    stream = open(args.file, encoding="utf-8") if args.file else sys.stdin  # noqa: SIM115
    with stream:
        for line in stream:
            line = line.rstrip("\n")
            if line.strip() and not line.lstrip().startswith("#"):
                yield line


def _run(args: argparse.Namespace) -> int:
    out = sys.stdout
    for phrase in _phrases(args):
        counts = find_counts(phrase, lexicon=args.lexicon, preset=args.preset)
        if not counts and args.all:
            out.write(json.dumps({"input": phrase, "count": None}) + "\n")
        for c in counts:
            out.write(json.dumps({"input": phrase, **c.to_dict()}, ensure_ascii=False) + "\n")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``parse`` subcommand."""
    p = sub.add_parser(
        "parse",
        help="parse count phrases; print one JSON object per count",
        description="Parse count phrases (arguments, --file, or one per line on stdin) and "
        "print one JSON object per count found.",
    )
    p.add_argument("phrases", nargs="*", help="phrases to parse (default: read stdin)")
    p.add_argument("-f", "--file", help="read phrases from this file, one per line ('#' comments)")
    p.add_argument("--preset", choices=["acled", "ucdp"], help="coding convention for vague words")
    p.add_argument("--lexicon", help="a TOML file layered over the shipped lexicon")
    p.add_argument("--all", action="store_true", help="also print phrases with no count")
    p.set_defaults(func=_run)
