"""Score inferred alignment on real reporting: UCDP GED Syria's grouping of reports into events.

UCDP coders read the articles behind each GED event and list the reports (headline, outlet,
date) that the event rests on. Here every distinct report of the file becomes one document
(``text`` = the headline, ``publisher`` = ``source_office``, ``published`` = ``source_date``),
all of them go through :func:`casualty_reconcile.reconcile` together with **no** event id, and
the inferred grouping is compared with GED's:

- a pair of documents is *same event* in the gold when some GED event lists both (a headline
  that feeds several events belongs to each of them: the data's caveat 4);
- a pair is *same event* predicted when some claim of one and some claim of the other got the
  same inferred ``event_id``.

Pairwise precision, recall and F1 are reported over all pairs, and recall also over the pairs
whose two documents both yield a claim (a headline without a casualty figure cannot be placed
by any rule of the library: "14 shells hit ..."). ``--multi-only`` keeps only the events with
two or more reports (the 3,117 aligned ones of the 5,000-row file) as the pool; by default the
single-source events are in the pool too, as distractors that must stay apart.

Read the caveats of ``shared/datasets/real-text/README.md`` first: GED splits a headline that
sums several places into one event per place, so a headline can be gold-same with reports that
name other places.

Usage::

    .venv/bin/python tools/eval_ged_alignment.py [path.jsonl] [--multi-only] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

_NAME = "shared/datasets/real-text/ucdp_ged_syria_2016_2019.jsonl"


def _default_path() -> Path:
    here = Path(__file__).resolve()
    for up in here.parents:
        if (up / _NAME).exists():
            return up / _NAME
    return here.parents[2] / _NAME


def load(path: Path, multi_only: bool) -> tuple[list[dict[str, Any]], dict[str, set[int]]]:
    """Return the documents and, per doc_id, the GED events that list it."""
    gold: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            reps = rec.get("reports") or []
            if not rec.get("reports_aligned") or not reps:
                continue
            if multi_only and len(reps) < 2:
                continue
            for r in reps:
                key = (r["headline"].strip(), r["source_office"].strip(), r["source_date"])
                gold[key].add(int(rec["event_id"]))
    docs: list[dict[str, Any]] = []
    by_doc: dict[str, set[int]] = {}
    for k, (key, events) in enumerate(sorted(gold.items())):
        doc_id = f"r{k:05d}"
        headline, office, date = key
        docs.append({"doc_id": doc_id, "text": headline, "publisher": office or None,
                     "published": date})
        by_doc[doc_id] = events
    return docs, by_doc


def _pairs(groups: dict[Any, set[str]]) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for members in groups.values():
        out.update(combinations(sorted(members), 2))
    return out


def score(docs: list[dict[str, Any]], gold: dict[str, set[int]]) -> dict[str, Any]:
    """Reconcile the documents without event ids and score the inferred grouping."""
    import pandas as pd

    import casualty_reconcile as cr

    frame = pd.DataFrame(docs)
    t0 = time.perf_counter()
    res = cr.reconcile(frame)
    elapsed = time.perf_counter() - t0
    claims = res.claims
    real = claims[claims["reason"].isna() & claims["doc_id"].notna()]
    pred_groups: dict[Any, set[str]] = defaultdict(set)
    placed: set[str] = set()
    for d, e in zip(real["doc_id"].tolist(), real["event_id"].tolist(), strict=True):
        pred_groups[e].add(str(d))
        placed.add(str(d))
    gold_groups: dict[Any, set[str]] = defaultdict(set)
    for d, evs in gold.items():
        for e in evs:
            gold_groups[e].add(d)
    gp = _pairs(gold_groups)
    pp = _pairs(pred_groups)
    tp = len(gp & pp)
    gp_placed = {p for p in gp if p[0] in placed and p[1] in placed}
    prec = tp / len(pp) if pp else 0.0
    rec = tp / len(gp) if gp else 0.0
    rec_placed = len(gp_placed & pp) / len(gp_placed) if gp_placed else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    how = real.drop_duplicates("doc_id")["alignment"].fillna("none").str.split(";").str[0]
    return {
        "documents": len(docs),
        "documents_with_claims": len(placed),
        "gold_pairs": len(gp),
        "gold_pairs_placeable": len(gp_placed),
        "predicted_pairs": len(pp),
        "true_pairs": tp,
        "precision": round(prec, 3),
        "recall": round(rec, 3),
        "recall_placeable": round(rec_placed, 3),
        "f1": round(f1, 3),
        "predicted_events": len(pred_groups),
        "reconcile_seconds": round(elapsed, 1),
        "alignment_rules": how.value_counts().to_dict(),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("path", nargs="?", type=Path, default=_default_path())
    ap.add_argument("--multi-only", action="store_true",
                    help="pool only the events with two or more reports")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    docs, gold = load(args.path, args.multi_only)
    out = score(docs, gold)
    if args.json:
        print(json.dumps(out, indent=1))
    else:
        for k, v in out.items():
            print(f"{k:>24}: {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
