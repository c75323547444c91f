"""Evaluate reconciliation on real reports: UCDP GED Syria 2016-2019 events with >= 2 reports.

Each report of an event becomes a document (text = its headline, publisher = source_office,
published = source_date, event_id = the GED id); the documents go through claim extraction
and reconciliation; the reconciled ``killed`` figures are scored against UCDP's coded
``best`` for the event, beside two naive baselines over the same extracted claims (the largest
and the median killed figure found in the event's reports).

Read the data's caveats first (../shared/datasets/real-text/README.md): the label belongs to
the event, not to the headline, so a headline that sums several events cannot match.

Usage::

    .venv/bin/python tools/eval_reconcile_ged.py [path.jsonl] [--limit N] [--markdown]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

DEFAULT = Path(__file__).resolve().parents[2] / "shared/datasets/real-text/ucdp_ged_syria_2016_2019.jsonl"


def load_events(path: Path, limit: int | None) -> list[dict[str, Any]]:
    """Return the GED events with two or more aligned reports."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            reps = rec.get("reports") or []
            if rec.get("reports_aligned") and len(reps) >= 2:
                out.append(rec)
            if limit and len(out) >= limit:
                break
    return out


def documents(events: list[dict[str, Any]]) -> Any:
    """Return the documents frame: one row per report."""
    import pandas as pd

    rows = []
    for rec in events:
        for i, rep in enumerate(rec["reports"]):
            pub = (rep.get("source_date") or "").strip()[:10] or None
            rows.append(
                {
                    "doc_id": f"{rec['event_id']}-{i}",
                    "text": rep.get("headline") or "",
                    "publisher": (rep.get("source_office") or "").strip() or None,
                    "published": pub,
                    "event_id": str(rec["event_id"]),
                }
            )
    df = pd.DataFrame(rows)
    # A few GED source dates are malformed; an unreadable date is dropped, not the report.
    df["published"] = pd.to_datetime(df["published"], errors="coerce", format="ISO8601")
    return df


def _contains(low: Any, high: Any, x: int) -> bool:
    import pandas as pd

    return bool(low <= x and (pd.isna(high) or x <= high))


def score(events: list[dict[str, Any]], result: Any, result_flat: Any,
          result_cons: Any) -> dict[str, Any]:
    """Score containment and equality for the reconciled figures and the baselines."""
    truth = {str(r["event_id"]): int(r["label"]["best"]) for r in events}
    mentions = {str(r["event_id"]): bool(r.get("headline_mentions_number")) for r in events}
    cl = result.claims
    killed = cl[(cl["category"] == "killed") & cl["reason"].isna()]
    per_event = killed.groupby("event_id")["best"].agg(list).to_dict()

    def pick(ev_frame: Any) -> dict[str, Any]:
        k = ev_frame[ev_frame["category"] == "killed"]
        # Several victim groups: the largest reconciled figure stands for the event's total.
        k = k.sort_values(["event_id", "best", "n_sources"], ascending=[True, False, False])
        return {r.event_id: r for r in k.drop_duplicates("event_id").itertuples()}

    rec = pick(result.events)
    flat = pick(result_flat.events)
    cons = pick(result_cons.events)
    methods = {
        "reconciled (victim groups; largest group)": rec,
        "reconciled (by_victims=False)": flat,
        "reconciled (by_victims=False, conservative=True)": cons,
    }
    rows: list[dict[str, Any]] = []
    subsets = {
        "all events": list(truth),
        "events with a killed figure found": [e for e in truth if e in per_event],
        "headline mentions a number": [e for e in truth if mentions[e] and e in per_event],
    }
    for sname, ids in subsets.items():
        n = len(ids)
        if n == 0:
            continue
        for mname, chosen in methods.items():
            cont = eq = band = 0
            for e in ids:
                r = chosen.get(e)
                if r is None:
                    continue
                t = truth[e]
                cont += _contains(r.low, r.high, t)
                eq += int(r.best) == t
                band += int(r.reported_low) <= t <= int(r.reported_high)
            rows.append({"subset": sname, "n": n, "method": mname,
                         "contains": cont / n, "equal": eq / n, "reported band contains": band / n})
        for bname, fn in (("baseline: largest figure", max),
                          ("baseline: median figure", statistics.median_low),
                          ("(extra) smallest figure", min)):
            eq = sum(1 for e in ids if e in per_event and fn(per_event[e]) == truth[e])
            rows.append({"subset": sname, "n": n, "method": bname,
                         "contains": eq / n, "equal": eq / n, "reported band contains": None})
    coverage = sum(1 for e in truth if e in per_event) / max(len(truth), 1)
    found = [e for e in truth if e in flat]
    above = sum(1 for e in found if int(flat[e].best) > truth[e]) / max(len(found), 1)
    below = sum(1 for e in found if int(flat[e].best) < truth[e]) / max(len(found), 1)
    return {"rows": rows, "coverage": coverage, "n_events": len(truth),
            "n_docs": int(result.claims["doc_id"].nunique()), "above": above, "below": below}


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and print a table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=None, help="first N qualifying events only")
    args = ap.parse_args(argv)
    from casualty_reconcile.reconcile import reconcile

    events = load_events(Path(args.path), args.limit)
    docs = documents(events)
    t0 = time.perf_counter()
    result = reconcile(docs)
    t1 = time.perf_counter()
    claims = result.claims.drop(columns=["alignment", "role"])
    result_flat = reconcile(claims, by_victims=False)
    result_cons = reconcile(claims, by_victims=False, conservative=True)
    s = score(events, result, result_flat, result_cons)
    print(f"GED Syria events with >= 2 aligned reports: {s['n_events']} "
          f"({len(docs)} reports); extraction + reconciliation {t1 - t0:.1f} s")
    print(f"coverage (events where a killed figure was found): {s['coverage']:.1%}")
    print()
    print("| subset | n | method | [low, high] contains UCDP best | best == UCDP best "
          "| reported band contains |")
    print("|---|---|---|---|---|---|")
    for r in s["rows"]:
        band = "" if r["reported band contains"] is None else f"{r['reported band contains']:.1%}"
        print(f"| {r['subset']} | {r['n']} | {r['method']} | {r['contains']:.1%} "
              f"| {r['equal']:.1%} | {band} |")
    print()
    print(f"where a figure was found, reconciled best (by_victims=False) is above UCDP's best "
          f"for {s['above']:.1%} of events and below it for {s['below']:.1%}")
    st = result.events[result.events["category"] == "killed"]["status"].value_counts()
    print()
    print("status of killed rows:", dict(st))
    print("contradictions by kind:", dict(result.contradictions["kind"].value_counts()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
