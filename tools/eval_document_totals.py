"""Score document totals on UCDP GED Syria events that rest on a single report.

For each GED event with ``number_of_sources == 1`` the document is its headline(s) (the
record's ``text``); claims are extracted from it and the document's ``killed`` total
(:func:`casualty_reconcile.document_totals`) is compared with UCDP's coded ``best`` for the
event. The naive figure it replaces is the largest single ``killed`` claim of the document
(what a caller had before: no sum of parts, no implicit "a commander was killed").

Reported, over all single-source events and over those whose headline mentions a number
(``headline_mentions_number``):

* ``with_figure``: events where the method gives a killed figure at all;
* ``best_equal``: the figure's best equals GED ``best`` (share of all events);
* ``contains``: the figure's [low, high] contains GED ``best`` (share of all events);
* ``log_err``: mean ``|log10((best+1)/(ged+1))|`` over events with a figure.

Read the data's caveats first (shared/datasets/real-text/README.md): the label belongs to the
event, not to the headline, and a headline can aggregate several events, so no method can
reach 100%.

Usage::

    .venv/bin/python tools/eval_document_totals.py [path.jsonl] [--show N] [--markdown]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

_NAME = "shared/datasets/real-text/ucdp_ged_syria_2016_2019.jsonl"


def _default_path() -> Path:
    here = Path(__file__).resolve()
    for up in here.parents:
        cand = up / _NAME
        if cand.exists():
            return cand
    return here.parents[2] / _NAME


def load(path: Path) -> list[dict[str, Any]]:
    """Return the single-source GED events."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec.get("number_of_sources") == 1 and rec.get("text"):
                out.append(rec)
    return out


def figures(events: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return, per event id, the naive figure and the document total: (low, best, high)."""
    import pandas as pd

    from casualty_reconcile import extract_claims

    naive: dict[str, Any] = {}
    total: dict[str, Any] = {}
    claims = []
    for rec in events:
        doc = str(rec["id"])
        cs = extract_claims(rec["text"], doc_id=doc)
        killed = [c for c in cs if c.category == "killed"]
        if killed:
            c = max(killed, key=lambda c: (c.count.best, c.count.low))
            naive[doc] = (c.count.low, c.count.best, c.count.high)
        claims.extend(cs)
    try:
        from casualty_reconcile import document_totals
    except ImportError:  # a version before document totals: the naive figure only
        return naive, total
    t = document_totals(claims)
    t = t[t["category"] == "killed"]
    for row in t.itertuples(index=False):
        hi = None if pd.isna(row.high) else int(row.high)
        total[str(row.doc_id)] = (int(row.low), int(row.best), hi)
    return naive, total


def score(events: list[dict[str, Any]], figs: dict[str, Any]) -> dict[str, float]:
    """Return the shares described in the module docstring."""
    n = len(events)
    eq = contains = have = 0
    err = 0.0
    for rec in events:
        f = figs.get(str(rec["id"]))
        if f is None:
            continue
        gold = int(rec["label"]["best"])
        lo, be, hi = f
        have += 1
        eq += be == gold
        contains += lo <= gold and (hi is None or gold <= hi)
        err += abs(math.log10((be + 1) / (gold + 1)))
    return {
        "events": n,
        "with_figure": round(have / n, 3) if n else 0.0,
        "best_equal": round(eq / n, 3) if n else 0.0,
        "contains": round(contains / n, 3) if n else 0.0,
        "log_err": round(err / have, 3) if have else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", type=Path, default=_default_path())
    ap.add_argument("--show", type=int, default=0, help="print N events where the two differ")
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args(argv)
    events = load(args.path)
    naive, total = figures(events)
    subsets = {
        "all single-source": events,
        "headline mentions a number": [e for e in events if e.get("headline_mentions_number")],
    }
    results = {}
    for name, evs in subsets.items():
        results[name] = {"naive (largest claim)": score(evs, naive),
                         "document total": score(evs, total)}
    if args.markdown:
        print("| events | method | n | with figure | best = GED best | [low, high] holds it "
              "| mean log10 error |")
        print("|---|---|---|---|---|---|---|")
        for name, res in results.items():
            for method, s in res.items():
                print(f"| {name} | {method} | {s['events']} | {s['with_figure']:.3f} "
                      f"| {s['best_equal']:.3f} | {s['contains']:.3f} | {s['log_err']:.3f} |")
    else:
        print(json.dumps(results, indent=1))
    shown = 0
    for rec in events:
        if shown >= args.show:
            break
        d = str(rec["id"])
        if naive.get(d) != total.get(d):
            print(f"{d} GED best={rec['label']['best']} naive={naive.get(d)} "
                  f"total={total.get(d)}: {rec['text'][:160]}", file=sys.stderr)
            shown += 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
