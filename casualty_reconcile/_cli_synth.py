"""``casualty-reconcile synth``: write a seeded synthetic report set with its truth."""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["register"]


def _run(args: argparse.Namespace) -> int:
    from .synthetic import generate, write_set

    for p in write_set(generate(args.events, args.seed, docs_per_event=args.docs_per_event),
                       args.output):
        print(p)
    return 0


def register(sub: Any) -> None:
    """Add the ``synth`` subcommand."""
    p = sub.add_parser("synth", help="write a seeded synthetic report set with known truth",
                       description="Write documents.jsonl, claims.csv and truth.jsonl to DIR.")
    p.add_argument("--events", type=int, default=100, help="number of events (default 100)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--docs-per-event", type=float, default=4.0,
                   help="mean documents per event (default 4)")
    p.add_argument("-o", "--output", required=True, metavar="DIR")
    p.set_defaults(func=_run)
