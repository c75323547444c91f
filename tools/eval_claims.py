"""Measure claim extraction: real-text containment and the dev-set scores.

Usage (from the repository root)::

    .venv/bin/python tools/eval_claims.py real-text [--data ../shared/datasets/real-text] [--show N]
    .venv/bin/python tools/eval_claims.py dev [--data tests/data/claims_dev_en.jsonl] [--show N]

``real-text``: for each file of the real-text sets, how often the extracted killed claims of a
record contain the coded figure (GED ``best``; the war-level ``point``). GED rows are filtered
as the set's README asks for sentence-level tests: ``headline_mentions_number`` and
``number_of_sources == 1``. A record counts as contained when any killed claim's [low, high]
holds the figure; ``exact`` when a killed claim's ``best`` equals it; ``any_category`` when a
claim of any category holds it (SOHR headlines say "casualties" for deaths); ``ceiling`` when
any count phrase of the text holds it at all (the most a claim extractor could reach: the
label is the event's, not the headline's); ``no killed claim`` when the extractor found none.

``dev``: claim precision and recall against the gold claims of the dev set (a claim matches a
gold claim when the category is equal, the intervals overlap and the extracted interval
contains the gold ``best``, one-to-one), claimant accuracy on matched claims whose gold claim is
attributed, event-date accuracy on matched claims whose gold claim states a date (equal within
the gold precision: same day, same ISO week, same month, same year).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from casualty_reconcile.claims import extract_claims  # noqa: E402
from casualty_reconcile.counts import find_counts  # noqa: E402

GED_FILES = ("ucdp_ged_syria_2016_2019.jsonl", "ucdp_ged_v23_1_global_sample_and_car.jsonl")
WAR_FILE = "war_level_estimates_silverdavi.jsonl"


def _first_date(s: str | None) -> str | None:
    if not s:
        return None
    m = re.search(r"\d{4}-\d{2}-\d{2}", s)
    return m.group() if m else None


def _contains(low: int, high: int | None, x: int) -> bool:
    return low <= x and (high is None or x <= high)


def real_text(data: Path, show: int) -> dict[str, Any]:
    results: dict[str, Any] = {}
    total = Counter()
    for name in (*GED_FILES, WAR_FILE):
        path = data / name
        c = Counter()
        misses: list[tuple[str, Any, list[Any]]] = []
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                lab = r.get("label") or {}
                if name == WAR_FILE:
                    figure = lab.get("point")
                    published = None
                else:
                    if not r.get("headline_mentions_number") or r.get("number_of_sources") != 1:
                        continue
                    figure = lab.get("best")
                    published = _first_date(r.get("source_date")) or r.get("date")
                if figure is None:
                    continue
                every = extract_claims(r["text"], published=published)
                claims = [cl for cl in every if cl.category == "killed"]
                c["rows"] += 1
                if any(_contains(x.low, x.high, figure) for x in find_counts(r["text"])):
                    c["ceiling"] += 1  # some count phrase of the text holds the figure
                if any(_contains(cl.count.low, cl.count.high, figure) for cl in every):
                    c["contained_any_category"] += 1
                if not claims:
                    c["no_killed_claim"] += 1
                if any(_contains(cl.count.low, cl.count.high, figure) for cl in claims):
                    c["contained"] += 1
                elif len(misses) < show:
                    misses.append(
                        (
                            r["text"],
                            figure,
                            [(cl.count.text, cl.count.low, cl.count.high) for cl in claims],
                        )
                    )
                if any(cl.count.best == figure for cl in claims):
                    c["exact_best"] += 1
        results[name] = dict(c)
        total.update(c)
        rows = max(1, c["rows"])
        print(
            f"{name}: rows={c['rows']} contained={c['contained'] / rows:.3f} "
            f"exact_best={c['exact_best'] / rows:.3f} "
            f"any_category={c['contained_any_category'] / rows:.3f} "
            f"ceiling={c['ceiling'] / rows:.3f} no_killed_claim={c['no_killed_claim'] / rows:.3f}"
        )
        for text, fig, got in misses:
            print(f"   MISS figure={fig} got={got}\n        {text[:200]!r}")
    rows = max(1, total["rows"])
    print(
        f"overall: rows={total['rows']} contained={total['contained'] / rows:.3f} "
        f"exact_best={total['exact_best'] / rows:.3f} "
        f"any_category={total['contained_any_category'] / rows:.3f} "
        f"ceiling={total['ceiling'] / rows:.3f} "
        f"no_killed_claim={total['no_killed_claim'] / rows:.3f}"
    )
    results["overall"] = dict(total)
    return results


# ------------------------------------------------------------------------------------- dev set
def _norm_claimant(s: str | None) -> str | None:
    if not s:
        return None
    s = s.strip().lower().replace("’", "'")
    s = re.sub(r"^(the|a|an)\s+", "", s)
    s = re.sub(r"[\"'.,]+$", "", s)
    return s


def _claimant_ok(got: str | None, gold: str | None) -> bool:
    g, x = _norm_claimant(got), _norm_claimant(gold)
    if g is None or x is None:
        return g == x
    return g == x or g in x or x in g


def _date_ok(got: dt.date | None, gold: str | None, precision: str | None) -> bool:
    if gold is None:
        return True
    if got is None:
        return False
    g = dt.date.fromisoformat(gold[:10])
    p = precision or "day"
    if p == "day":
        return got == g
    if p == "week":
        return got.isocalendar()[:2] == g.isocalendar()[:2] or abs((got - g).days) <= 3
    if p == "month":
        return (got.year, got.month) == (g.year, g.month)
    return got.year == g.year


_RANGE = re.compile(r"\d\s*(?:-|–|to|and|or)\s*\d|between|\bor\b", re.I)
_NEARLY = re.compile(r"\b(?:nearly|almost|close to|just under|approaching)\b", re.I)


def _written_number(gc: dict[str, Any]) -> int | None:
    """The number written in the gold count phrase, which an extracted interval must contain.

    ``best`` when the gold gives one; for approximate phrases ("about 100") the written N; none
    for vague words and ranges (overlap only) and for "nearly N" (the README scores those on
    overlap, since spec s.1 lets high be N-1).
    """
    if gc.get("best") is not None:
        return int(gc["best"])
    text = gc.get("count_text") or ""
    if _RANGE.search(text) or _NEARLY.search(text):
        return None
    from casualty_reconcile.counts import parse_count

    c = parse_count(text)
    if c is None or c.kind == "vague":
        return None
    m = re.search(r"\d[\d,]*", text)
    return int(m.group().replace(",", "")) if m else c.best


def _matches(cl: Any, gc: dict[str, Any]) -> bool:
    if cl.category != gc.get("category"):
        return False
    low = int(gc["low"])
    high = None if gc.get("high") is None else int(gc["high"])
    c = cl.count
    overlap = (high is None or c.low <= high) and (c.high is None or low <= c.high)
    n = _written_number(gc)
    return overlap and (n is None or _contains(c.low, c.high, n))


def dev(path: Path, show: int, exclude_tags: frozenset[str] = frozenset()) -> dict[str, Any]:
    tp = fp = fn = 0
    claimant_n = claimant_ok = claimant_exact = date_n = date_ok = 0
    stance_n = stance_ok = 0
    misses: list[str] = []
    with path.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    records = [r for r in records if not exclude_tags.intersection(r.get("tags") or ())]
    for r in records:
        claims = extract_claims(
            r["text"],
            published=r.get("published"),
            title=r.get("title"),
            publisher=r.get("publisher"),
        )
        gold = list(r.get("gold") or [])
        used: set[int] = set()
        for cl in claims:
            k = next((i for i, gc in enumerate(gold) if i not in used and _matches(cl, gc)), None)
            if k is None:
                fp += 1
                if len(misses) < show:
                    misses.append(
                        f"FP {cl.category} {cl.count.text!r} [{r.get('id')}] {r['text'][:160]!r}"
                    )
                continue
            used.add(k)
            tp += 1
            gc = gold[k]
            if gc.get("claimant"):
                claimant_n += 1
                if _norm_claimant(cl.claimant) == _norm_claimant(gc.get("claimant")):
                    claimant_exact += 1
                if _claimant_ok(cl.claimant, gc.get("claimant")):
                    claimant_ok += 1
                elif len(misses) < show:
                    misses.append(
                        f"CLAIMANT got={cl.claimant!r} gold={gc.get('claimant')!r} "
                        f"{r['text'][:160]!r}"
                    )
            if gc.get("stance"):
                stance_n += 1
                if cl.stance == gc["stance"]:
                    stance_ok += 1
                elif len(misses) < show:
                    misses.append(
                        f"STANCE got={cl.stance!r} gold={gc['stance']!r} [{r.get('id')}] "
                        f"{r['text'][:160]!r}"
                    )
            if gc.get("event_date"):
                date_n += 1
                if _date_ok(cl.event_date, gc.get("event_date"), gc.get("event_date_precision")):
                    date_ok += 1
                elif len(misses) < show:
                    misses.append(
                        f"DATE got={cl.event_date} gold={gc.get('event_date')}/"
                        f"{gc.get('event_date_precision')} pub={r.get('published')} "
                        f"{r['text'][:160]!r}"
                    )
        for i, gc in enumerate(gold):
            if i not in used:
                fn += 1
                if len(misses) < show:
                    misses.append(
                        f"FN {gc.get('category')} {gc.get('count_text')!r} "
                        f"[{r.get('id')}] {r['text'][:160]!r}"
                    )
    p = tp / max(1, tp + fp)
    rc = tp / max(1, tp + fn)
    res = {
        "documents": len(records),
        "gold_claims": tp + fn,
        "extracted": tp + fp,
        "precision": round(p, 3),
        "recall": round(rc, 3),
        "claimant_accuracy": round(claimant_ok / max(1, claimant_n), 3),
        "claimant_exact": round(claimant_exact / max(1, claimant_n), 3),
        "claimant_n": claimant_n,
        "stance_accuracy": round(stance_ok / max(1, stance_n), 3),
        "stance_n": stance_n,
        "date_accuracy": round(date_ok / max(1, date_n), 3),
        "date_n": date_n,
    }
    print(json.dumps(res, indent=1))
    for m in misses:
        print("  ", m)
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("what", choices=["real-text", "dev"])
    ap.add_argument("--data", help="dataset folder (real-text) or file (dev)")
    ap.add_argument("--show", type=int, default=0, help="print this many misses")
    ap.add_argument(
        "--exclude-tags", default="", help="dev: comma-separated tags whose items are left out"
    )
    args = ap.parse_args(argv)
    if args.what == "real-text":
        real_text(Path(args.data or ROOT.parent / "shared/datasets/real-text"), args.show)
    else:
        tags = frozenset(t for t in args.exclude_tags.split(",") if t)
        dev(Path(args.data or ROOT / "tests/data/claims_dev_en.jsonl"), args.show, tags)
    return 0


if __name__ == "__main__":
    sys.exit(main())
