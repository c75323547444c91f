"""Score reconciliation from raw documents: which reports are one event, its day, document totals.

Usage (from the repository root)::

    .venv/bin/python tools/eval_documents.py [--data tests/data/heldout3] [--show N] [--json]

Each scenario of ``documents_en.jsonl`` (format in that folder's README) is a small set of news
documents with no ``event_id``. They go through ``reconcile`` (extraction, then inferred
alignment) one scenario at a time, and are scored on:

- **alignment**: each gold event lists its members, a document or ``{doc_id, quote}`` (the
  claims of that document whose sentence holds the quote). A member's predicted event is the
  commonest ``event_id`` of its claims. Over every pair of members of a scenario: "same event"
  in the gold against "same event" predicted gives pairwise precision, recall and F1. A member
  with no claim cannot be placed: it counts as predicted apart from every other member, and in
  ``members_found``.
- **event day**: for each gold event with a day, the share of its found members whose claims'
  commonest ``event_date`` is that day, and the share whose reconciled event
  (``date_start``..``date_end``) holds it.
- **document totals** (when the package has ``document_totals``): each gold total against the
  row of that document and category, under the count conventions of the held-out README
  (numbers, ``null`` = open, ``"any"`` with ``contains``/``best_in``).

Set ``--show N`` to print the first N scenarios with a miss. The sets' READMEs ask that the
library not be tuned item by item against them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

DATA = ROOT / "tests" / "data" / "heldout3"


def _load(folder: Path) -> list[dict[str, Any]]:
    with open(folder / "documents_en.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _member_claims(claims: Any, member: Any) -> Any:
    if isinstance(member, str):
        return claims[claims["doc_id"] == member]
    sub = claims[claims["doc_id"] == member["doc_id"]]
    q = member["quote"]
    hold = [isinstance(s, str) and (q in s or s in q) for s in sub["sentence"]]
    return sub[hold]


def _total_ok(row: dict[str, Any] | None, want: dict[str, Any]) -> bool:
    if row is None:
        return False
    lo, be, hi = row["low"], row["best"], row["high"]
    for name, got in (("low", lo), ("best", be), ("high", hi)):
        w = want.get(name, "any")
        if w == "any":
            continue
        if w is None:
            if got is not None:
                return False
        elif got != w:
            return False
    for n in want.get("contains", []):
        if not (lo <= n and (hi is None or n <= hi)):
            return False
    return "best_in" not in want or want["best_in"][0] <= be <= want["best_in"][1]


def score_scenario(sc: dict[str, Any]) -> dict[str, Any]:
    """Return the counts of one scenario (and its misses, for ``--show``)."""
    import pandas as pd

    import casualty_reconcile as cr

    docs = pd.DataFrame(sc["documents"])
    res = cr.reconcile(docs)
    cl = res.claims[res.claims["reason"].isna()]
    ev = res.events
    out: dict[str, Any] = {"misses": []}
    members: list[tuple[str, Any, Any]] = []  # (gold event, predicted event, commonest day)
    found = 0
    for e in sc.get("events", []):
        for m in e["members"]:
            sub = _member_claims(cl, m)
            if len(sub):
                found += 1
                pred = Counter(str(x) for x in sub["event_id"]).most_common(1)[0][0]
                days = Counter(str(d.date()) for d in sub["event_date"] if not pd.isna(d))
                day = days.most_common(1)[0][0] if days else None
            else:
                pred, day = None, None
                out["misses"].append(f"member {m} has no claim")
            members.append((e["name"], pred, day))
            if e.get("date") and pred is not None:
                out.setdefault("day_n", 0)
                out["day_n"] = out["day_n"] + 1
                out["day_ok"] = out.get("day_ok", 0) + (day == e["date"])
                rows = ev[ev["event_id"] == pred]
                held = any(
                    str(r.date_start.date()) <= e["date"] <= str(r.date_end.date())
                    for r in rows.itertuples()
                    if not pd.isna(r.date_start)
                )
                out["span_ok"] = out.get("span_ok", 0) + held
                if day != e["date"]:
                    out["misses"].append(f"{e['name']} {m}: day {day}, want {e['date']}")
    tp = fp = fn = 0
    for i in range(len(members)):
        for j in range(i + 1, len(members)):
            g = members[i][0] == members[j][0]
            p = members[i][1] is not None and members[i][1] == members[j][1]
            tp += g and p
            fp += p and not g
            fn += g and not p
            if g != p:
                out["misses"].append(
                    f"pair {members[i][0]}/{members[j][0]}: predicted "
                    f"{members[i][1]} / {members[j][1]}"
                )
    out.update(tp=tp, fp=fp, fn=fn, members=len(members), found=found)
    totals = getattr(cr, "document_totals", None)
    if totals is not None and sc.get("totals"):
        t = totals(res.claims)
        by = {
            (str(r["doc_id"]), str(r["category"])): {
                "low": int(r["low"]),
                "best": int(r["best"]),
                "high": None if pd.isna(r["high"]) else int(r["high"]),
            }
            for _, r in t.iterrows()
            if not pd.isna(r["low"])
        }
        n = ok = 0
        for want in sc["totals"]:
            if want.get("best") == "any" and not want.get("contains") and "best_in" not in want:
                continue  # "two claimants": no single total to check
            n += 1
            row = by.get((want["doc_id"], want["category"]))
            good = _total_ok(row, want)
            ok += good
            if not good:
                out["misses"].append(f"total {want} got {row}")
        out.update(tot_n=n, tot_ok=ok)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    items = _load(a.data)
    agg: Counter[str] = Counter()
    shown = 0
    crashed = 0
    for sc in items:
        try:
            r = score_scenario(sc)
        except Exception as exc:  # a crash is a failed scenario, reported
            crashed += 1
            print("CRASH", sc["id"], repr(exc)[:300])
            continue
        for k, v in r.items():
            if k != "misses":
                agg[k] += v
        if r["misses"] and shown < a.show:
            shown += 1
            print("SCENARIO", sc["id"], sc.get("theme", ""))
            for m in r["misses"][:12]:
                print("   ", m[:300])
    p = agg["tp"] / (agg["tp"] + agg["fp"]) if agg["tp"] + agg["fp"] else 1.0
    rc = agg["tp"] / (agg["tp"] + agg["fn"]) if agg["tp"] + agg["fn"] else 1.0
    res = {
        "scenarios": len(items),
        "crashed": crashed,
        "members_found": f"{agg['found']}/{agg['members']}",
        "pairwise_precision": round(p, 3),
        "pairwise_recall": round(rc, 3),
        "pairwise_f1": round(2 * p * rc / (p + rc), 3) if p + rc else 0.0,
        "event_day": f"{agg['day_ok']}/{agg['day_n']}",
        "event_span_holds_day": f"{agg['span_ok']}/{agg['day_n']}",
        "document_totals": f"{agg['tot_ok']}/{agg['tot_n']}" if agg["tot_n"] else "n/a",
    }
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
