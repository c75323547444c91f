"""Dump every claim and count the extractor finds on a fixed corpus, and compare two dumps.

A check for performance work, not a test: a change meant to make extraction faster must leave
every claim (all fields of ``Claim.to_dict`` plus the count's offsets) and every count of
``find_counts`` and ``parse_counts`` the same, row for row. Usage::

    .venv/bin/python tools/compare_claims.py dump before.jsonl     # on the old code
    .venv/bin/python tools/compare_claims.py dump after.jsonl      # on the new code
    .venv/bin/python tools/compare_claims.py diff before.jsonl after.jsonl

The corpus (each part is skipped when absent):

- ``real-joined``: the headlines of ``../shared/datasets/real-text`` (both UCDP GED files)
  joined into ~3 KB documents, dated by their last headline -- the extraction benchmark's
  input, all of it (1.4 MB);
- ``real-each``: every GED record as its own document (text and date as published);
- ``war-notes``: the war-level notes of the same folder, with no publication date;
- ``dev``, ``heldout``, ``heldout2``, ``heldout3``: the test data under ``tests/data``;
- ``news``: the benchmark's seeded generated news documents (with titles), 1 MB;
- ``counts``: ``find_counts`` over every text above, and ``parse_counts`` over the phrases of
  ``tests/data/heldout*/phrases_en.jsonl`` and the count benchmark's 20,000 generated ones.

``--data DIR`` names the real-text folder (default: the first ``shared/datasets/real-text``
found above this checkout).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))


def find_real_text() -> Path | None:
    """Return the first ``shared/datasets/real-text`` above this checkout, if any."""
    for parent in ROOT.parents:
        cand = parent / "shared" / "datasets" / "real-text"
        if cand.is_dir():
            return cand
    return None


def _jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def documents(real: Path | None) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Yield (part name, documents) for every part of the corpus that is present."""
    ged = ("ucdp_ged_syria_2016_2019.jsonl", "ucdp_ged_v23_1_global_sample_and_car.jsonl")
    if real is not None:
        joined: list[dict[str, Any]] = []
        each: list[dict[str, Any]] = []
        cur: list[str] = []
        for name in ged:
            for r in _jsonl(real / name):
                each.append({"text": r["text"], "published": r["date"], "doc_id": r["id"]})
                cur.append(r["text"].replace("\n", ". ").rstrip(".") + ".")
                if sum(map(len, cur)) > 3000:
                    joined.append({"text": " ".join(cur), "published": r["date"]})
                    cur = []
        yield "real-joined", joined
        yield "real-each", each
        notes = real / "war_level_estimates_silverdavi.jsonl"
        if notes.exists():
            yield "war-notes", [{"text": r["text"], "doc_id": r["id"]} for r in _jsonl(notes)]
    data = ROOT / "tests" / "data"
    for part, rel in (
        ("dev", "claims_dev_en.jsonl"),
        ("heldout", "heldout/claims_en.jsonl"),
        ("heldout2", "heldout2/claims_en.jsonl"),
    ):
        if (data / rel).exists():
            yield part, [
                {k: r.get(k) for k in ("text", "title", "published")} | {"doc_id": r["id"]}
                for r in _jsonl(data / rel)
            ]
    if (data / "heldout3/documents_en.jsonl").exists():
        yield "heldout3", [d for r in _jsonl(data / "heldout3/documents_en.jsonl")
                           for d in r["documents"]]
    from bench_claims import news_documents

    yield "news", news_documents(1_000_000)


def dump(out: Path, real: Path | None) -> None:
    """Write every claim and count of the corpus to ``out`` (JSON lines)."""
    from casualty_reconcile.claims import extract_claims
    from casualty_reconcile.counts import find_counts, parse_counts

    n = 0
    with out.open("w", encoding="utf-8") as fh:

        def put(row: dict[str, Any]) -> None:
            nonlocal n
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
            n += 1

        for part, docs in documents(real):
            for i, d in enumerate(docs):
                claims = extract_claims(
                    d["text"],
                    title=d.get("title"),
                    published=d.get("published"),
                    publisher=d.get("publisher"),
                    doc_id=d.get("doc_id"),
                )
                for k, c in enumerate(claims):
                    row = c.to_dict()
                    row.update(part=part, doc=i, k=k, cs=c.count.start, ce=c.count.end)
                    put(row)
                for field in ("title", "text"):
                    if d.get(field):
                        for k, ce in enumerate(find_counts(d[field])):
                            put({"part": "counts-" + part, "doc": i, "field": field, "k": k,
                                 "count": ce.to_dict()})
            print(f"{part}: {len(docs)} documents", file=sys.stderr)
        phrases: list[str] = []
        for rel in ("heldout/phrases_en.jsonl", "heldout2/phrases_en.jsonl"):
            p = ROOT / "tests" / "data" / rel
            if p.exists():
                phrases.extend(str(r["text"]) for r in _jsonl(p))
        from _phrases import phrases as generated

        phrases.extend(generated(20_000, seed=3))
        frame = parse_counts(phrases)
        for i, row in enumerate(frame.to_dict("records")):
            put({"part": "parse_counts", "doc": i, "row": {k: str(v) for k, v in row.items()}})
    print(f"{n} rows -> {out}", file=sys.stderr)


def diff(a: Path, b: Path, show: int) -> int:
    """Compare two dumps row for row; return the number of differing rows."""
    with a.open(encoding="utf-8") as fa, b.open(encoding="utf-8") as fb:
        ra, rb = fa.read().splitlines(), fb.read().splitlines()
    bad = 0
    for i in range(max(len(ra), len(rb))):
        x = ra[i] if i < len(ra) else "<missing>"
        y = rb[i] if i < len(rb) else "<missing>"
        if x != y:
            bad += 1
            if bad <= show:
                print(f"row {i}:\n  - {x}\n  + {y}")
    print(f"{len(ra)} vs {len(rb)} rows, {bad} differ")
    return bad


def main() -> None:
    """Command line: ``dump OUT`` or ``diff A B``."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--data", type=Path, help="the real-text folder")
    f = sub.add_parser("diff")
    f.add_argument("a", type=Path)
    f.add_argument("b", type=Path)
    f.add_argument("--show", type=int, default=10)
    args = ap.parse_args()
    if args.cmd == "dump":
        dump(args.out, args.data or find_real_text())
    else:
        sys.exit(1 if diff(args.a, args.b, args.show) else 0)


if __name__ == "__main__":
    main()
