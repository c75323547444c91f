"""Accuracy of extraction + reconciliation on a synthetic report set with known truth.

Usage: python tools/eval_synthetic.py [N_EVENTS] [SEED] [--diagnose]

Generates N events (casualty_reconcile.synthetic), reconciles the documents with no event ids
(extract_claims_frame + reconcile, by_victims=False), and reports against the truth:
- alignment pairwise precision/recall over claims (two claims are a true pair when their
  sentences are about the same event -- ``SyntheticSet.event_of``, so a round-up sentence
  belongs to the event it names --, a predicted pair when reconcile put them in one event);
- contradiction precision/recall over (true event, kind), a predicted event mapped to the true
  event most of its claims come from; the same for the structured claims with their true
  event ids (reconcile alone, no extraction or alignment);
- the share of true (event, category) tolls that some document reports whose reconciled
  interval [low, high] holds the true toll (a missed event counts as a miss), the share
  whose likely range [likely_low, likely_high] holds it (and that range's median width,
  likely_high / likely_low), and, labelled as what it is, the share whose reported band
  [reported_low, reported_high] (the lowest and highest best figure of the row's claims)
  holds it.
``--diagnose`` adds the failure classes of docs/performance.md ("Synthetic accuracy").
``evaluate`` is what benchmarks/bench_synthetic.py records.
"""

from __future__ import annotations

import math
import sys
import time
from collections import Counter
from typing import Any

import pandas as pd

from casualty_reconcile import extract_claims_frame, reconcile
from casualty_reconcile.synthetic import SyntheticSet, generate


def _pairs(counts: Counter[Any]) -> int:
    return sum(n * (n - 1) // 2 for n in counts.values())


def _coverage(events: pd.DataFrame, to_true: dict[str, str], truth: dict[tuple[str, str], int],
              reported: set[tuple[str, str]], lo: str = "low", hi: str = "high") -> float:
    best: dict[tuple[str, str], tuple[int, bool]] = {}
    for row in events.itertuples():
        key = (to_true.get(row.event_id, ""), row.category)
        if key not in truth:
            continue
        a, b = getattr(row, lo), getattr(row, hi)
        high = math.inf if pd.isna(b) else b
        held = bool(not pd.isna(a) and a <= truth[key] <= high)
        if key not in best or row.n_claims > best[key][0]:
            best[key] = (row.n_claims, held)
    return sum(best.get(k, (0, False))[1] for k in reported) / max(len(reported), 1)


def _width(events: pd.DataFrame) -> float:
    """Median of likely_high / max(likely_low, 1) over the rows that have a likely range."""
    lo = events["likely_low"].astype("float64")
    hi = events["likely_high"].astype("float64")
    ratio = (hi / lo.clip(lower=1)).dropna()
    return float(ratio.median()) if len(ratio) else math.nan


def _pr(pred: set[Any], true: set[Any]) -> tuple[float, float]:
    both = len(pred & true)
    return both / max(len(pred), 1), both / max(len(true), 1)


def evaluate(s: SyntheticSet) -> dict[str, Any]:
    """Reconcile the documents of ``s`` and score them against its truth.

    Returns a flat dict of figures (precision, recall, coverage, counts, seconds); the keys
    are the row names of the table in docs/performance.md.
    """
    truth = {(e["event_id"], c): t for e in s.truth for c, t in e["tolls"].items()}
    reported = {(c["event_id"], c["category"]) for c in s.claims if c["best"] > 0}
    reported &= truth.keys()
    t0 = time.perf_counter()
    r = reconcile(extract_claims_frame(pd.DataFrame(s.documents)), by_victims=False)
    took = time.perf_counter() - t0
    cl = r.claims[r.claims["reason"].isna()]
    true_ev = [s.event_of(d, int(st)) for d, st in zip(cl["doc_id"], cl["start"], strict=True)]
    cells = Counter(zip(cl["event_id"], true_ev, strict=True))
    # a predicted event is about the true event most of its claims come from
    majority: dict[str, tuple[int, str]] = {}
    for (pe, te), k in sorted(cells.items()):
        if k > majority.get(pe, (0, ""))[0]:
            majority[pe] = (k, te)
    to_true = {pe: te for pe, (_, te) in majority.items()}
    pred_c = {(to_true.get(e, ""), k) for e, k in zip(r.contradictions["event_id"],
                                                        r.contradictions["kind"], strict=True)}
    true_c = {(e["event_id"], k) for e in s.truth for k in e["conflicts"]}
    out: dict[str, Any] = {
        "events": len(s.truth), "documents": len(s.documents), "claims": len(cl),
        "structured_claims": len(s.claims), "seconds": took,
        "alignment_precision": _pairs(cells) / max(_pairs(Counter(cl["event_id"])), 1),
        "alignment_recall": _pairs(cells) / max(_pairs(Counter(true_ev)), 1),
    }
    out["contradiction_precision"], out["contradiction_recall"] = _pr(pred_c, true_c)
    for kind in ("disjoint", "denial", "category_conflict", "intra_document", "revision_down"):
        p = {x for x in pred_c if x[1] == kind}
        t = {x for x in true_c if x[1] == kind}
        out[f"{kind}_truth"], out[f"{kind}_predicted"] = len(t), len(p)
        out[f"{kind}_precision"], out[f"{kind}_recall"] = _pr(p, t)
    out["interval_holds_toll"] = _coverage(r.events, to_true, truth, reported)
    out["reported_band_holds_toll"] = _coverage(r.events, to_true, truth, reported,
                                                "reported_low", "reported_high")
    out["likely_range_holds_toll"] = _coverage(r.events, to_true, truth, reported,
                                               "likely_low", "likely_high")
    out["likely_range_median_width"] = _width(r.events)
    structured = pd.DataFrame(s.claims)
    rs = reconcile(structured, by_victims=False)
    ident = {e: e for e in structured["event_id"]}
    out["structured_interval_holds_toll"] = _coverage(rs.events, ident, truth, reported)
    out["structured_reported_band_holds_toll"] = _coverage(
        rs.events, ident, truth, reported, "reported_low", "reported_high")
    out["structured_likely_range_holds_toll"] = _coverage(
        rs.events, ident, truth, reported, "likely_low", "likely_high")
    pred_s = set(zip(rs.contradictions["event_id"], rs.contradictions["kind"], strict=True))
    out["structured_contradiction_precision"], out["structured_contradiction_recall"] = _pr(
        pred_s, true_c)
    out["_result"], out["_true_event"], out["_pred_contradictions"] = r, true_ev, pred_c
    return out


def diagnose(s: SyntheticSet, res: dict[str, Any]) -> None:
    """Print the failure classes of alignment recall (claims outside their event's main group)."""
    r, true_ev = res["_result"], res["_true_event"]
    cl = r.claims[r.claims["reason"].isna()].assign(true=true_ev)
    main = cl.groupby("true")["event_id"].agg(lambda x: x.value_counts().index[0])
    cl = cl.assign(main=cl["true"].map(main))
    dates = {e["event_id"]: pd.Timestamp(e["date"]) for e in s.truth}
    roundup = {m["doc_id"] for e in s.truth for m in e["mentions"]}

    def cls(x: Any) -> str:
        if x.doc_id in roundup:
            return "document with a round-up sentence"
        if len(x.places) == 0:
            return "no place read"
        if pd.isna(x.event_date):
            lag = (pd.Timestamp(x.published) - dates[x.true]).days
            return f"no date, published {'>' if lag > 3 else '<='} 3 days after"
        if x.event_date_precision in ("week", "month"):
            return "week or month date"
        return "day-dated and placed"

    split = cl[cl["event_id"] != cl["main"]]
    print(f"claims outside their event's main group: {len(split)} of {len(cl)}")
    every = Counter(cls(x) for x in cl.itertuples())
    for k, v in Counter(cls(x) for x in split.itertuples()).most_common():
        print(f"  {k:40s} {v:5d} of {every[k]:5d}")
    mixed = cl.groupby("event_id")["true"].nunique()
    print(f"predicted events mixing true events: {int((mixed > 1).sum())}")


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 200
    seed = int(args[1]) if len(args) > 1 else 0
    s = generate(n, seed)
    m = evaluate(s)
    print(f"events={n} seed={seed} documents={m['documents']} claims extracted={m['claims']} "
          f"(structured {m['structured_claims']}) reconcile on documents {m['seconds']:.1f}s")
    print(f"alignment pairwise precision {m['alignment_precision']:.3f} "
          f"recall {m['alignment_recall']:.3f}")
    print(f"contradictions (event, kind) precision {m['contradiction_precision']:.3f} "
          f"recall {m['contradiction_recall']:.3f}")
    for kind in ("category_conflict", "denial", "disjoint", "intra_document", "revision_down"):
        print(f"  {kind:15s} truth {m[kind + '_truth']:5d} predicted {m[kind + '_predicted']:5d} "
              f"precision {m[kind + '_precision']:.3f} recall {m[kind + '_recall']:.3f}")
    print(f"contradictions, structured claims with true event ids: precision "
          f"{m['structured_contradiction_precision']:.3f} "
          f"recall {m['structured_contradiction_recall']:.3f}")
    print(f"interval [low, high] holds true toll (documents, no event ids): "
          f"{m['interval_holds_toll']:.3f}; structured claims, true event ids: "
          f"{m['structured_interval_holds_toll']:.3f}")
    print(f"likely range [likely_low, likely_high] holds true toll (documents): "
          f"{m['likely_range_holds_toll']:.3f} (median high/low {m['likely_range_median_width']:.2f}); "
          f"structured claims: {m['structured_likely_range_holds_toll']:.3f}")
    print(f"reported band [reported_low, reported_high] holds true toll (documents): "
          f"{m['reported_band_holds_toll']:.3f}; structured claims: "
          f"{m['structured_reported_band_holds_toll']:.3f}")
    if "--diagnose" in sys.argv:
        diagnose(s, m)


if __name__ == "__main__":
    main()
