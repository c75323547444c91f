"""Accuracy of extraction + reconciliation on a synthetic report set with known truth.

Usage: PYTHONPATH=. python tools/eval_synthetic.py [N_EVENTS] [SEED]

Generates N events (casualty_reconcile.synthetic), reconciles the documents with no event ids
(extract_claims_frame + reconcile, by_victims=False), and reports against the truth:
- alignment pairwise precision/recall over claims (two claims are a true pair when their
  documents are about the same event, a predicted pair when reconcile put them in one event);
- contradiction precision/recall over (true event, kind), a predicted event mapped to the true
  event most of its claims come from;
- the share of true (event, category) tolls that some document reports whose reconciled
  interval [low, high] holds the true toll (a missed event counts as a miss).
The same coverage is also given for the structured claims with their true event ids, which
measures reconcile alone.
"""

from __future__ import annotations

import math
import sys
import time
from collections import Counter

import pandas as pd

from casualty_reconcile import extract_claims_frame, reconcile
from casualty_reconcile.synthetic import generate


def _pairs(counts: Counter[object]) -> int:
    return sum(n * (n - 1) // 2 for n in counts.values())


def _coverage(events: pd.DataFrame, to_true: dict[str, str], truth: dict[tuple[str, str], int],
              reported: set[tuple[str, str]]) -> float:
    best: dict[tuple[str, str], tuple[int, bool]] = {}
    for row in events.itertuples():
        key = (to_true.get(row.event_id, ""), row.category)
        if key not in truth:
            continue
        high = math.inf if pd.isna(row.high) else row.high
        held = bool(row.low <= truth[key] <= high)
        if key not in best or row.n_claims > best[key][0]:
            best[key] = (row.n_claims, held)
    return sum(best.get(k, (0, False))[1] for k in reported) / max(len(reported), 1)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    s = generate(n, seed)
    truth = {(e["event_id"], c): t for e in s.truth for c, t in e["tolls"].items()}
    reported = {(c["event_id"], c["category"]) for c in s.claims if c["best"] > 0}
    reported &= truth.keys()
    t0 = time.perf_counter()
    r = reconcile(extract_claims_frame(pd.DataFrame(s.documents)), by_victims=False)
    took = time.perf_counter() - t0
    cl = r.claims[r.claims["reason"].isna()]
    true_ev = pd.Series([s.event_of(d, int(st)) for d, st in zip(cl["doc_id"], cl["start"],
                                                                 strict=True)], index=cl.index)
    cells = Counter(zip(cl["event_id"], true_ev, strict=True))
    tp = _pairs(cells)
    pred_pairs = _pairs(Counter(cl["event_id"]))
    true_pairs = _pairs(Counter(true_ev))
    # a predicted event is about the true event most of its claims come from
    majority: dict[str, tuple[int, str]] = {}
    for (pe, te), k in sorted(cells.items()):
        if k > majority.get(pe, (0, ""))[0]:
            majority[pe] = (k, te)
    to_true = {pe: te for pe, (_, te) in majority.items()}
    pred_c = {(to_true.get(e, ""), k) for e, k in zip(r.contradictions["event_id"],
                                                        r.contradictions["kind"], strict=True)}
    true_c = {(e["event_id"], k) for e in s.truth for k in e["conflicts"]}
    print(f"events={n} seed={seed} documents={len(s.documents)} claims extracted={len(cl)} "
          f"(structured {len(s.claims)}) reconcile on documents {took:.1f}s")
    print(f"alignment pairwise precision {tp / max(pred_pairs, 1):.3f} "
          f"recall {tp / max(true_pairs, 1):.3f}")
    both = pred_c & true_c
    print(f"contradictions (event, kind) precision {len(both) / max(len(pred_c), 1):.3f} "
          f"recall {len(both) / max(len(true_c), 1):.3f}")
    for kind in sorted({k for _, k in true_c | pred_c}):
        p = {x for x in pred_c if x[1] == kind}
        t = {x for x in true_c if x[1] == kind}
        print(f"  {kind:15s} truth {len(t):5d} predicted {len(p):5d} "
              f"precision {len(p & t) / max(len(p), 1):.3f} recall {len(p & t) / max(len(t), 1):.3f}")
    print(f"interval holds true toll (documents, no event ids): "
          f"{_coverage(r.events, to_true, truth, reported):.3f}")
    structured = pd.DataFrame(s.claims)
    rs = reconcile(structured, by_victims=False)
    ident = {e: e for e in structured["event_id"]}
    print(f"interval holds true toll (structured claims, true event ids): "
          f"{_coverage(rs.events, ident, truth, reported):.3f}")


if __name__ == "__main__":
    main()
