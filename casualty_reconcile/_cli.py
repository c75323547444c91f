"""The ``casualty-reconcile`` command line.

Each stage registers its subcommand from its own module (``_cli_parse``, ``_cli_extract``,
``_cli_run``), so this file only builds the parser and dispatches.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from .errors import CasualtyReconcileError

__all__ = ["main"]

#: Modules that each define ``register(subparsers)``; missing ones are skipped.
_SUBCOMMAND_MODULES = ("_cli_parse", "_cli_extract", "_cli_run", "_cli_synth")


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every available subcommand."""
    parser = argparse.ArgumentParser(
        prog="casualty-reconcile",
        description="Turn conflicting casualty reports into intervals, claims and events.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name in _SUBCOMMAND_MODULES:
        try:
            mod = importlib.import_module(f"casualty_reconcile.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"casualty_reconcile.{name}":
                continue
            raise
        mod.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.func(args)
    except CasualtyReconcileError as exc:
        print(f"casualty-reconcile: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `| head` closed the pipe: not an error for a CLI
        return 0
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
