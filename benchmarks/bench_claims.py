"""Claim-extraction throughput and growth, each figure beside a baseline measured in the same run.

Baseline everywhere: a plain regex tokenisation of the same text (``re.findall`` of words and
punctuation marks, :data:`TOKEN`), the pass any token-based extractor pays before it reads a
word; ratios are subject rate / baseline rate. Every subject records its CPU time too
(``cpu_s``, ``mb_per_s_cpu``): extraction runs on one core, so MB/s of CPU time is MB/s per
core, and it moves less than wall time when other processes share the machine.

- ``extract_claims`` (dates resolved: every document has ``published``) over the real
  headlines of ``../shared/datasets/real-text`` (UCDP GED sources, CC BY 4.0) joined into
  ~3 KB documents, 1 MB: dense text, nearly every sentence a casualty sentence (the issue's
  goal: at least 1 MB/s per core). Skipped when the folder is absent; nothing of it is
  committed.
- the same over ~1 MB of generated news documents (about a third of the sentences report
  casualties), with a digit scan and ``str.split`` as floors and the count parser alone
  (``find_counts``) for scale;
- ``extract_claims_frame`` over generated news documents sized for 10k and 100k claims (1M
  with ``CR_BENCH_1M=1``: about 164 MB of text, several minutes), each with the baseline over
  the same text, the claims found and the peak memory traced by ``tracemalloc``
  (``peak_mb``); growth with size is the 100k time over the 10k time.

Run: ``pytest benchmarks/bench_claims.py --benchmark-enable --benchmark-json=bench.json``
then ``python benchmarks/report.py bench.json``; or ``python benchmarks/bench_claims.py`` for a
one-shot table (``python benchmarks/bench_claims.py real``: the real headlines only, through
``extract_claims`` and ``extract_claims_frame``). The news
documents are generated from templates written for this project
(seeded; nothing large is committed).
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from conftest import peak_mb, scaled

from casualty_reconcile.claims import extract_claims, extract_claims_frame
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


#: The baseline: words (with inner hyphens, apostrophes, periods) and punctuation marks.
TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")
#: Claims per MB of the generated news documents (6,102 measured on 1 MB, seed 7): sizes the
#: documents of the 10k/100k/1M-claim benchmarks.
CLAIMS_PER_MB = 6100
#: The extraction sizes, in claims; 1M only with CR_BENCH_1M=1 (minutes, ~164 MB of text).
SIZES = {"10k": 10_000, "100k": 100_000}
if os.environ.get("CR_BENCH_1M") == "1":
    SIZES["1M"] = 1_000_000

DOCS = news_documents(scaled(1_000_000, minimum=5_000))
TEXTS = [d["text"] + "\n" + d["title"] for d in DOCS]
NBYTES = sum(len(t.encode()) for t in TEXTS)


def _extract_all(docs: list[dict[str, Any]]) -> int:
    n = 0
    for d in docs:
        n += len(
            extract_claims(
                d["text"], title=d.get("title"), published=d["published"], doc_id=d.get("doc_id")
            )
        )
    return n


def _tokens_all(texts: list[str]) -> int:
    return sum(len(TOKEN.findall(t)) for t in texts)


def _digits_all() -> int:
    return sum(len(re.findall(r"\d+", t)) for t in TEXTS)


def _split_all() -> int:
    return sum(len(t.split()) for t in TEXTS)


def _counts_all() -> int:
    return sum(len(find_counts(t)) for t in TEXTS)


def _cpu(benchmark: Any, fn: Callable[..., Any], nbytes: int) -> Callable[..., Any]:
    """Wrap ``fn`` so that the best CPU time of its rounds lands in ``extra_info``."""
    times: list[float] = []

    def run(*args: Any) -> Any:
        c = time.process_time()
        try:
            return fn(*args)
        finally:
            times.append(time.process_time() - c)
            best = min(times)
            benchmark.extra_info["cpu_s"] = best
            benchmark.extra_info["mb_per_s_cpu"] = nbytes / best / 1e6 if best else None

    return run


# ------------------------------------------------------------------ real headlines (dense)
REAL_GROUP = "extract_claims: real headlines joined into documents, 1 MB"


def _real_docs() -> list[dict[str, Any]]:
    return real_text_documents(scaled(1_000_000, minimum=5_000))


@pytest.mark.skipif(not REAL_TEXT.exists(), reason="../shared/datasets/real-text not present")
@pytest.mark.benchmark(group=REAL_GROUP)
def test_extract_claims_real_headlines(benchmark: Any) -> None:
    docs = _real_docs()
    nbytes = sum(len(d["text"].encode()) for d in docs)
    _extract_all(docs[:3])  # warm: lexicon, patterns, dateparser import
    benchmark.extra_info.update(role="subject", bytes=nbytes, items=len(docs))
    n = benchmark.pedantic(_cpu(benchmark, _extract_all, nbytes), args=(docs,), rounds=3,
                           iterations=1)
    benchmark.extra_info["claims"] = n
    assert n > len(docs)


@pytest.mark.skipif(not REAL_TEXT.exists(), reason="../shared/datasets/real-text not present")
@pytest.mark.benchmark(group=REAL_GROUP)
def test_tokenise_real_headlines_baseline(benchmark: Any) -> None:
    texts = [d["text"] for d in _real_docs()]
    nbytes = sum(len(t.encode()) for t in texts)
    benchmark.extra_info.update(role="baseline", bytes=nbytes)
    benchmark.pedantic(_cpu(benchmark, _tokens_all, nbytes), args=(texts,), rounds=5,
                       iterations=1)


# ------------------------------------------------------------------ generated news, 1 MB
NEWS_GROUP = "extract_claims: generated news, 1 MB"


@pytest.mark.benchmark(group=NEWS_GROUP)
def test_extract_claims_news(benchmark: Any) -> None:
    _extract_all(DOCS[:3])  # warm: lexicon, patterns, dateparser import
    benchmark.extra_info.update(role="subject", bytes=NBYTES, items=len(DOCS))
    n = benchmark.pedantic(_cpu(benchmark, _extract_all, NBYTES), args=(DOCS,), rounds=3,
                           iterations=1)
    benchmark.extra_info["claims"] = n
    assert n > len(DOCS)


@pytest.mark.benchmark(group=NEWS_GROUP)
def test_tokenise_news_baseline(benchmark: Any) -> None:
    benchmark.extra_info.update(role="baseline", bytes=NBYTES)
    benchmark.pedantic(_cpu(benchmark, _tokens_all, NBYTES), args=(TEXTS,), rounds=5,
                       iterations=1)


@pytest.mark.benchmark(group=NEWS_GROUP)
def test_digit_scan_floor(benchmark: Any) -> None:
    benchmark.extra_info.update(role="floor", bytes=NBYTES)
    benchmark.pedantic(_digits_all, rounds=3, iterations=1)


@pytest.mark.benchmark(group=NEWS_GROUP)
def test_str_split_floor(benchmark: Any) -> None:
    benchmark.extra_info.update(role="floor", bytes=NBYTES)
    benchmark.pedantic(_split_all, rounds=3, iterations=1)


@pytest.mark.benchmark(group=NEWS_GROUP)
def test_find_counts_reference(benchmark: Any) -> None:
    benchmark.extra_info.update(role="counts", bytes=NBYTES)
    benchmark.pedantic(_counts_all, rounds=3, iterations=1)


# ------------------------------------------------------------------ 10k / 100k / 1M claims
_SIZED: dict[str, Any] = {}


def sized_documents(label: str) -> Any:
    """Return the documents frame sized for ``SIZES[label]`` claims (built once per run)."""
    import pandas as pd

    if label not in _SIZED:
        claims = scaled(SIZES[label], minimum=100)
        docs = news_documents(int(claims / CLAIMS_PER_MB * 1e6), seed=17)
        for d in docs:
            d["doc_id"] = f"n{d['doc_id']}"
        _SIZED[label] = pd.DataFrame(docs)
    return _SIZED[label]


def _frame_texts(df: Any) -> list[str]:
    return [t + "\n" + h for t, h in zip(df["text"].tolist(), df["title"].tolist(), strict=True)]


@pytest.mark.parametrize("label", list(SIZES))
def test_extract_claims_frame_sized(benchmark: Any, label: str) -> None:
    benchmark.group = f"extract_claims_frame: {label} claims"
    df = sized_documents(label)
    nbytes = sum(len(t.encode()) for t in _frame_texts(df))
    extract_claims_frame(df.head(3))  # warm
    benchmark.extra_info.update(role="subject", bytes=nbytes, items=len(df))
    rounds = 3 if label == "10k" else 1  # 100k: ~20 s a round; 1M: minutes
    out = benchmark.pedantic(_cpu(benchmark, extract_claims_frame, nbytes), args=(df,),
                             rounds=rounds, iterations=1)
    benchmark.extra_info["claims"] = int(out["claim_id"].notna().sum())
    benchmark.extra_info["peak_mb"] = peak_mb(lambda: extract_claims_frame(df))
    assert out["doc_id"].nunique() == len(df)  # every document accounted for


@pytest.mark.parametrize("label", list(SIZES))
def test_tokenise_sized_baseline(benchmark: Any, label: str) -> None:
    benchmark.group = f"extract_claims_frame: {label} claims"
    texts = _frame_texts(sized_documents(label))
    nbytes = sum(len(t.encode()) for t in texts)
    benchmark.extra_info.update(role="baseline", bytes=nbytes)
    benchmark.pedantic(_cpu(benchmark, _tokens_all, nbytes), args=(texts,), rounds=3,
                       iterations=1)


def main() -> None:
    """One-shot table: best of three, MB/s of wall and of CPU time, ratios to the baseline."""

    def best(fn: Any, *args: Any, rounds: int = 3) -> tuple[float, float]:
        wall, cpu = [], []
        for _ in range(rounds):
            t, c = time.perf_counter(), time.process_time()
            fn(*args)
            wall.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        return min(wall), min(cpu)

    def line(name: str, mb: float, subj: tuple[float, float], base: tuple[float, float]) -> None:
        print(
            f"  {name:32s} {mb / subj[0]:6.3f} MB/s wall, {mb / subj[1]:6.3f} MB/s per core (CPU);"
            f" baseline {mb / base[1]:6.1f} MB/s CPU; ratio {base[1] / subj[1]:.4f} (CPU),"
            f" {base[0] / subj[0]:.4f} (wall)"
        )

    print(f"load average before: {os.getloadavg()}")
    if REAL_TEXT.exists():
        docs = real_text_documents(1_000_000)
        texts = [d["text"] for d in docs]
        mb = sum(len(t.encode()) for t in texts) / 1e6
        _extract_all(docs[:3])
        base = best(_tokens_all, texts)
        line(f"real headlines {mb:.2f} MB", mb, best(_extract_all, docs), base)
        # the measure: the same documents through extract_claims_frame
        extract_claims_frame(docs[:3])
        line("  as extract_claims_frame", mb, best(extract_claims_frame, docs), base)
    if sys.argv[1:] == ["real"]:
        return  # the real headlines only: the before/after runs of docs/performance.md
    _extract_all(DOCS[:3])
    mb = NBYTES / 1e6
    line(f"generated news {mb:.2f} MB", mb, best(_extract_all, DOCS), best(_tokens_all, TEXTS))
    t_c = best(_counts_all)
    print(f"  find_counts alone {mb / t_c[1]:.2f} MB/s per core")
    times = {}
    for label in SIZES:
        df = sized_documents(label)
        texts = _frame_texts(df)
        mb = sum(len(t.encode()) for t in texts) / 1e6
        rounds = 3 if label == "10k" else 1
        subj = best(extract_claims_frame, df, rounds=rounds)
        base = best(_tokens_all, texts)
        n = int(extract_claims_frame(df)["claim_id"].notna().sum())
        peak = peak_mb(lambda: extract_claims_frame(df))  # noqa: B023
        times[label] = subj[1]
        line(f"frame, {label}: {n:,} claims, {mb:.1f} MB", mb, subj, base)
        print(f"    peak traced memory {peak:.0f} MiB")
    if "10k" in times and "100k" in times:
        print(f"growth 10k -> 100k claims: {times['100k'] / times['10k']:.2f}x the CPU time")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
