"""Claim-extraction throughput, each figure beside baselines measured in the same run.

- ``extract_claims`` (dates resolved: every document has ``published``) over ~1 MB of
  generated news documents (about a third of the sentences report casualties, the rest is the
  usual surrounding reporting), in MB/s and documents/s;
- baselines over the same documents: a plain ``re.findall(r"\\d+")`` digit scan (the floor
  any extractor pays to find its numbers) and ``str.split`` (tokenising the text);
- the count parser alone (``find_counts`` over the same documents), for scale;
- the dense worst case: headlines of ``../shared/datasets/real-text`` joined into documents,
  where nearly every sentence is a casualty sentence (skipped when the folder is absent).

Run: ``pytest benchmarks/bench_claims.py --benchmark-enable --benchmark-json=bench.json``
then ``python benchmarks/report.py bench.json``; or ``python benchmarks/bench_claims.py`` for a
one-shot table. The documents are generated from templates written for this project (seeded;
nothing large is committed).
"""

from __future__ import annotations

import json
import random
import re
import sys
import time
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from conftest import scaled

from casualty_reconcile.claims import extract_claims
from casualty_reconcile.counts import find_counts


def _real_text() -> Path:
    """Return ``shared/datasets/real-text`` from the nearest folder above this checkout.

    The project sits at ``/work/main`` beside ``/work/shared``, a worktree one level deeper;
    the benchmark reads the data only when it is there (nothing of it is committed).
    """
    here = Path(__file__).resolve()
    for parent in here.parents:
        cand = parent / "shared" / "datasets" / "real-text"
        if cand.is_dir():
            return cand
    return here.parents[2] / "shared" / "datasets" / "real-text"


REAL_TEXT = _real_text()

_PLACES = [
    "Deir al-Zour",
    "Idlib",
    "Kirkuk",
    "Mosul",
    "Bambari",
    "Kidal",
    "Hodeidah",
    "Marib",
    "Khan Sheikhoun",
    "Tal Afar",
    "Bria",
    "Mogadishu",
    "Kandahar",
    "Goma",
    "Maiduguri",
]
_CLAIMANTS = [
    "the health ministry",
    "the army",
    "a local official",
    "the Syrian Observatory for Human Rights",
    "police",
    "the interior ministry",
    "rebel commanders",
    "the UN",
    "hospital sources",
    "the governor",
    "the coalition",
    "residents",
    "the Red Cross",
]
_ORGS = ["The army", "The coalition", "The ministry", "Rebel leaders", "The government"]
_VICTIMS = [
    "soldiers",
    "civilians",
    "people",
    "fighters",
    "police officers",
    "children",
    "villagers",
    "pro-government militiamen",
    "aid workers",
    "members of the security forces",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = ["January", "February", "March", "April", "June", "July", "September", "October"]
_WORDS = [
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
]
_HEDGES = ["", "", "at least ", "about ", "more than ", "up to ", "nearly ", "an estimated "]

_CASUALTY = [
    "{N} {v} were killed and {m} wounded in {p} on {d}, {c} said.",
    "According to {c}, {h}{n} {v} died when shells hit a market in {p}.",
    "The death toll from {d}'s bombing in {p} rose to {n}, {c} said in a statement.",
    "{C} said {n} {v} had been captured near {p} {w}.",
    "No casualties were reported.",
    "{O} denied that any of its soldiers were killed.",
    "{h}{n} {v} were killed in the fighting, {c} told reporters.",
    "Local officials put the toll at {n} dead and {m} injured.",
    "{O} admitted that {n} of its troops had been wounded last week.",
    "A child was killed and two others were hurt when a mine exploded outside {p}.",
    "Gunmen killed {n} {v} and abducted {m} others in an attack on a village near {p}.",
    "\u201cWe lost {n} of our men,\u201d a commander told the news agency.",
    "{N} people are still missing after the raid on {mo} {dd}, {c} said.",
    "The strike wounded {n} {v}, bringing the number of injured to {big}.",
]
_OTHER = [
    "Talks between the two sides are expected to resume in {p} next month.",
    "{C} called for an independent inquiry into the incident.",
    "Humanitarian agencies warned that food prices had doubled since the start of the year.",
    "The government imposed a curfew in parts of {p} and closed the main roads.",
    "Convoys carrying {big} tonnes of aid reached the city on {d}.",
    "Roads between {p} and the border remained closed for a third day.",
    "The ministry did not respond to a request for comment.",
    "Fuel prices rose by {n2} percent over the past year, traders said.",
    "About {big} families have fled the area since the offensive began in {mo}.",
    "Diplomats met in Geneva to discuss a ceasefire proposal drafted in {y}.",
    "Witnesses described scenes of panic as sirens sounded across {p}.",
    "The region has seen repeated clashes between rival factions since {y}.",
    "Reporters were not allowed to enter the area, and phone lines were cut.",
    "The agency said it had delivered supplies to {n2} villages in the province.",
    "Resolution {res} called on all parties to protect civilians and allow access.",
    "The offensive, launched by more than {big} fighters backed by {n2} tanks, stalled.",
    "Officials said the bridge on Route {n2} would reopen after repairs.",
    "Schools in {p} will stay closed until the security situation improves.",
    "The United Nations said it was deeply concerned by the reports.",
    "Analysts said the fighting could spread to neighbouring provinces before the winter.",
]


def _fill(t: str, rng: random.Random) -> str:
    n = rng.randint(2, 90)
    return t.format(
        n=n,
        N=rng.choice(_WORDS).capitalize(),
        m=rng.randint(1, 60),
        big=rng.randint(200, 9000),
        n2=rng.randint(3, 40),
        p=rng.choice(_PLACES),
        c=rng.choice(_CLAIMANTS),
        C=rng.choice(_CLAIMANTS).capitalize(),
        O=rng.choice(_ORGS),
        v=rng.choice(_VICTIMS),
        d=rng.choice(_DAYS),
        h=rng.choice(_HEDGES),
        w=rng.choice(["on " + rng.choice(_DAYS), "last week", ""]),
        mo=rng.choice(_MONTHS),
        dd=rng.randint(1, 28),
        y=rng.randint(2011, 2017),
        res=rng.randint(1000, 2500),
    )


def news_documents(total_chars: int, seed: int = 7) -> list[dict[str, Any]]:
    """Seeded news-like documents (title + paragraphs), about ``total_chars`` in all."""
    rng = random.Random(seed)
    docs: list[dict[str, Any]] = []
    size = 0
    while size < total_chars:
        paras = []
        for _ in range(rng.randint(4, 9)):
            sents = [
                _fill(rng.choice(_CASUALTY if rng.random() < 0.33 else _OTHER), rng)
                for _ in range(rng.randint(2, 4))
            ]
            paras.append(" ".join(sents))
        title = _fill(
            rng.choice(
                [
                    "{N} {v} killed in {p} clashes",
                    "Fighting flares near {p}",
                    "Aid reaches {p} as talks resume",
                ]
            ),
            rng,
        )
        text = "\n\n".join(paras)
        pub = f"2018-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        docs.append({"text": text, "title": title, "published": pub, "doc_id": f"d{len(docs)}"})
        size += len(text) + len(title)
    return docs


def real_text_documents(limit_chars: int) -> list[dict[str, Any]]:
    """Real headlines (UCDP GED sources, CC BY 4.0) joined into ~3 KB documents."""
    docs: list[dict[str, Any]] = []
    cur: list[str] = []
    size = 0
    for name in ("ucdp_ged_syria_2016_2019.jsonl", "ucdp_ged_v23_1_global_sample_and_car.jsonl"):
        with (REAL_TEXT / name).open(encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                cur.append(r["text"].replace("\n", ". ").rstrip(".") + ".")
                if sum(map(len, cur)) > 3000:
                    docs.append({"text": " ".join(cur), "published": r["date"]})
                    size += len(docs[-1]["text"])
                    cur = []
                    if size >= limit_chars:
                        return docs
    return docs


DOCS = news_documents(scaled(1_000_000, minimum=5_000))
TEXTS = [d["text"] for d in DOCS]
NBYTES = sum(len(d["text"].encode()) + len(d["title"].encode()) for d in DOCS)


def _extract_all(docs: list[dict[str, Any]]) -> int:
    n = 0
    for d in docs:
        n += len(
            extract_claims(
                d["text"], title=d.get("title"), published=d["published"], doc_id=d.get("doc_id")
            )
        )
    return n


def _digits_all() -> int:
    return sum(len(re.findall(r"\d+", t)) for t in TEXTS)


def _split_all() -> int:
    return sum(len(t.split()) for t in TEXTS)


def _counts_all() -> int:
    return sum(len(find_counts(t)) for t in TEXTS)


@pytest.mark.benchmark(group="extract_claims-news-1MB")
def test_extract_claims_news(benchmark: Any) -> None:
    _extract_all(DOCS[:3])  # warm: lexicon, patterns, dateparser import
    benchmark.extra_info.update(role="subject", bytes=NBYTES, items=len(DOCS))
    n = benchmark.pedantic(_extract_all, args=(DOCS,), rounds=3, iterations=1)
    assert n > len(DOCS)


@pytest.mark.benchmark(group="extract_claims-news-1MB")
def test_digit_scan_baseline(benchmark: Any) -> None:
    benchmark.extra_info.update(role="baseline", bytes=NBYTES)
    benchmark.pedantic(_digits_all, rounds=3, iterations=1)


@pytest.mark.benchmark(group="extract_claims-news-1MB")
def test_str_split_floor(benchmark: Any) -> None:
    benchmark.extra_info.update(role="floor", bytes=NBYTES)
    benchmark.pedantic(_split_all, rounds=3, iterations=1)


@pytest.mark.benchmark(group="extract_claims-news-1MB")
def test_find_counts_reference(benchmark: Any) -> None:
    benchmark.extra_info.update(role="counts", bytes=NBYTES)
    benchmark.pedantic(_counts_all, rounds=3, iterations=1)


@pytest.mark.skipif(not REAL_TEXT.exists(), reason="../shared/datasets/real-text not present")
@pytest.mark.benchmark(group="extract_claims-dense-headlines")
def test_extract_claims_dense_headlines(benchmark: Any) -> None:
    docs = real_text_documents(scaled(1_000_000, minimum=5_000))
    nbytes = sum(len(d["text"].encode()) for d in docs)
    _extract_all(docs[:3])
    benchmark.extra_info.update(role="subject", bytes=nbytes, items=len(docs))
    benchmark.pedantic(_extract_all, args=(docs,), rounds=3, iterations=1)


def main() -> None:
    """One-shot table (best of three runs): MB/s, docs/s, ratios to the baselines."""

    def best(fn: Any, *args: Any) -> float:
        times = []
        for _ in range(3):
            t = time.perf_counter()
            fn(*args)
            times.append(time.perf_counter() - t)
        return min(times)

    _extract_all(DOCS[:3])
    t_x = best(_extract_all, DOCS)
    t_d = best(_digits_all)
    t_s = best(_split_all)
    t_c = best(_counts_all)
    mb = NBYTES / 1e6
    print(f"generated news: {mb:.2f} MB in {len(DOCS)} documents")
    print(f"  extract_claims   {mb / t_x:7.2f} MB/s  {len(DOCS) / t_x:8.0f} docs/s")
    print(f"  find_counts      {mb / t_c:7.2f} MB/s  (count parser alone)")
    print(f"  re \\d+ scan      {mb / t_d:7.2f} MB/s  -> extract_claims is {t_d / t_x:.4f}x")
    print(f"  str.split        {mb / t_s:7.2f} MB/s  -> extract_claims is {t_s / t_x:.4f}x")
    if REAL_TEXT.exists():
        docs = real_text_documents(1_000_000)
        nb = sum(len(d["text"].encode()) for d in docs) / 1e6
        _extract_all(docs[:3])
        t_r = best(_extract_all, docs)
        print(
            f"real-text headlines (dense): {nb:.2f} MB, extract_claims {nb / t_r:.2f} MB/s, "
            f"{len(docs) / t_r:.0f} docs/s"
        )


if __name__ == "__main__":
    main()
