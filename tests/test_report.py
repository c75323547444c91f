"""The HTML report (``r.to_html()``, ``report.html`` from ``casualty-reconcile run``).

The page is parsed with the standard library's ``html.parser`` and its structure asserted
(sections, one inline SVG per contradicted event, the conflicting sentences present, nothing
fetched); when a Chromium binary is on PATH it is also opened in a headless browser, and the
rendered DOM and a screenshot are checked.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import casualty_reconcile as cr
from casualty_reconcile import InputError, Reconciliation
from casualty_reconcile._cli import main

EXAMPLE = Path(str(resources.files("casualty_reconcile") / "examples" / "documents.jsonl"))

# Elements the report may contain; anything else (script, img, link, iframe, object ...)
# would be injected markup or something a browser fetches.
ALLOWED = {
    "html", "head", "meta", "title", "style", "body", "main", "header", "footer", "section",
    "article", "nav", "div", "ol", "ul", "li", "a", "h1", "h2", "h3", "h4", "p", "dl", "dt", "dd",
    "table", "thead", "tbody", "tr", "th", "td", "code", "span", "strong", "q", "mark", "br",
    "figure", "figcaption",
    # matplotlib's SVG
    "svg", "defs", "g", "path", "use", "text", "clippath", "rect", "polygon", "polyline",
    "line", "circle", "ellipse", "tspan",
}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None
    items: list[str | Node] = field(default_factory=list)  # text and elements, in order

    @property
    def children(self) -> list[Node]:
        return [c for c in self.items if isinstance(c, Node)]

    def all_text(self) -> str:
        return "".join(c if isinstance(c, str) else c.all_text() for c in self.items)

    def find(self, tag: str, **attrs: str) -> list[Node]:
        out = []
        for c in self.children:
            if c.tag == tag and all(c.attrs.get(k) == v for k, v in attrs.items()):
                out.append(c)
            out.extend(c.find(tag, **attrs))
        return out

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


# HTML void elements; SVG elements close themselves (matplotlib) or get an end tag (browser).
VOID = {"meta", "br"}


class Tree(HTMLParser):
    """A small DOM: enough nesting to ask which SVG and which sentence is in which event."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.cur = self.root
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        node = Node(tag, {k: v or "" for k, v in attrs}, self.cur)
        self.cur.items.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.cur.items.append(Node(tag, {k: v or "" for k, v in attrs}, self.cur))

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.cur
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None and node.parent is not None, f"stray </{tag}>"
        self.cur = node.parent

    def handle_data(self, data: str) -> None:
        self.cur.items.append(data)


def parse(page: str) -> Tree:
    t = Tree()
    t.feed(page)
    t.close()
    assert t.cur is t.root, f"unclosed <{t.cur.tag}>"
    return t


@pytest.fixture(scope="module")
def example() -> Reconciliation:
    return cr.reconcile(pd.read_json(EXAMPLE, lines=True))


@pytest.fixture(scope="module")
def page(example: Reconciliation) -> str:
    pytest.importorskip("matplotlib")
    return example.to_html()


def contradicted_ids(r: Reconciliation) -> set[str]:
    return set(r.contradictions["event_id"].astype(str)) | set(
        r.events.loc[r.events["status"] == "contradicted", "event_id"].astype(str))


def assert_self_contained(page: str, tree: Tree) -> None:
    """Nothing to fetch or run: known elements only, no URL, no handler, links inside."""
    assert set(tree.tags) <= ALLOWED, set(tree.tags) - ALLOWED
    low = page.lower()
    assert "http://" not in low and "https://" not in low

    def walk(node: Node) -> None:
        for k, v in node.attrs.items():
            assert not k.startswith("on") and k not in ("src", "srcset", "action"), (k, v)
            if k in ("href", "xlink:href"):
                assert v.startswith("#"), (k, v)
            if k == "style":
                assert "url(" not in v or "url(#" in v, v
        if node.tag == "style":
            css = node.all_text().lower()
            assert "@import" not in css and "url(" not in css
        for c in node.children:
            walk(c)

    walk(tree.root)


# -- structure, on the example corpus -------------------------------------------------------


def test_report_structure(example: Reconciliation, page: str) -> None:
    tree = parse(page)
    assert_self_contained(page, tree)
    sections = [s.attrs.get("id") for s in tree.root.find("section")]
    assert sections == ["summary", "contradicted", "other-events"]
    (title,) = tree.root.find("title")
    assert title.all_text() == "Casualty figures: reconciliation report"

    # Summary: the counts of the frames.
    (dl,) = tree.root.find("dl")
    terms = [d.all_text() for d in dl.find("dt")]
    values = dict(zip(terms, [d.all_text() for d in dl.find("dd")], strict=True))
    docs = pd.read_json(EXAMPLE, lines=True)
    assert values["Documents"] == str(docs["doc_id"].nunique())
    assert values["Claims"].startswith(f"{len(example.claims)} (")
    assert values["Events"].startswith(f"{example.events['event_id'].nunique()} (")
    assert values["Contradicted events"] == str(len(contradicted_ids(example)))
    assert values["Conflicts"].startswith(f"{len(example.contradictions)} (")
    assert not tree.root.find("p", id="plots-note")


def test_each_contradicted_event_has_its_plot_and_sentences(
    example: Reconciliation, page: str
) -> None:
    tree = parse(page)
    (sec,) = tree.root.find("section", id="contradicted")
    articles = sec.find("article")
    shown = [a.attrs["data-event-id"] for a in articles]
    assert sorted(shown) == sorted(contradicted_ids(example))
    assert len(shown) >= 2  # the example corpus has several (Deir al-Zour, Manbij ...)
    # Most conflicts first.
    n_con = example.contradictions["event_id"].value_counts()
    counts = [int(n_con.get(e, 0)) for e in shown]
    assert counts == sorted(counts, reverse=True)
    by_id = example.claims.set_index("claim_id")
    for art in articles:
        eid = art.attrs["data-event-id"]
        assert len(art.find("svg")) == 1, eid
        (svg,) = art.find("svg")
        assert svg.attrs.get("role") == "img" and eid in svg.attrs["aria-label"]
        # The plot's text is text: the event's title is in it.
        assert f"{eid}: each source's figure" in svg.all_text()
        text = " ".join(art.all_text().split())
        con = example.contradictions[example.contradictions["event_id"] == eid]
        assert len(art.find("div", **{"class": "cr-contradiction"})) == len(con)
        for _, row in con.iterrows():
            assert " ".join(str(row["explanation"]).split()) in text
            for cid in row["claim_ids"]:
                sentence = by_id.loc[cid, "sentence"]
                if isinstance(sentence, str) and sentence:
                    assert " ".join(sentence.split()) in text, (eid, cid)


def test_other_events_table(example: Reconciliation, page: str) -> None:
    tree = parse(page)
    (sec,) = tree.root.find("section", id="other-events")
    assert not sec.find("svg")
    (tbl,) = sec.find("table")
    rows = tbl.find("tbody")[0].find("tr")
    others = example.events[~example.events["event_id"].isin(contradicted_ids(example))]
    assert len(rows) == len(others)  # one row per (event, category, victims)
    named = {c.find("code")[0].all_text() for r in rows for c in r.find("td")[:1] if c.find("code")}
    assert named == set(others["event_id"].astype(str))
    # Each event's first row opens a block (a rule above it).
    firsts = [r for r in rows if r.attrs.get("class") == "cr-first"]
    assert len(firsts) == others["event_id"].nunique()


def test_event_views_equal_event_view(example: Reconciliation) -> None:
    # The report builds its views in one pass; each must be the view r.event() gives.
    from casualty_reconcile.reconcile._display import event_views

    ids = sorted(set(example.claims["event_id"].dropna().astype(str)))
    for eid, v in zip(ids, event_views(example.events, example.contradictions,
                                       example.claims, ids), strict=True):
        w = example.event(eid)
        assert v.event_id == w.event_id
        for name in ("events", "contradictions", "claims", "conflict_claims"):
            pd.testing.assert_frame_equal(getattr(v, name), getattr(w, name), obj=name)
    with pytest.raises(InputError):
        list(event_views(example.events, example.contradictions, example.claims, ["nope"]))


def test_report_is_reproducible(example: Reconciliation, page: str) -> None:
    # No date, no random ids: the same result gives the same bytes.
    assert example.to_html() == page


def test_report_survives_json_round_trip(example: Reconciliation, page: str) -> None:
    assert Reconciliation.from_json(example.to_json()).to_html() == page


def test_reports_from_several_threads(example: Reconciliation, page: str) -> None:
    # matplotlib's rcParams are global: concurrent reports must neither differ nor leave
    # the SVG settings changed.
    from concurrent.futures import ThreadPoolExecutor

    import matplotlib as mpl

    before = (mpl.rcParams["svg.fonttype"], mpl.rcParams["svg.hashsalt"])
    with ThreadPoolExecutor(max_workers=3) as pool:
        pages = list(pool.map(lambda _: example.to_html(), range(3)))
    assert all(p == page for p in pages)
    assert (mpl.rcParams["svg.fonttype"], mpl.rcParams["svg.hashsalt"]) == before


def test_to_html_writes_file(example: Reconciliation, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    text = example.to_html(out, plots=False, title="Deir al-Zour & co")
    assert out.read_text(encoding="utf-8") == text
    assert "<title>Deir al-Zour &amp; co</title>" in text
    with pytest.raises(InputError):
        example.to_html(tmp_path / "missing-dir" / "r.html")


def test_without_plots_says_so(example: Reconciliation) -> None:
    page = example.to_html(plots=False)
    tree = parse(page)
    assert_self_contained(page, tree)
    assert not tree.root.find("svg")
    (note,) = tree.root.find("p", id="plots-note")
    assert "plots=False" in note.all_text()
    # Everything else is still there.
    (sec,) = tree.root.find("section", id="contradicted")
    assert len(sec.find("article")) == len(contradicted_ids(example))


# -- examples: empty, calm, hostile ---------------------------------------------------------


def test_empty_result() -> None:
    r = cr.reconcile(pd.DataFrame({"source": pd.Series([], dtype=str),
                                   "count": pd.Series([], dtype=str)}))
    page = r.to_html()
    tree = parse(page)
    assert_self_contained(page, tree)
    assert "Contradicted events (0)" in tree.root.all_text()
    assert not tree.root.find("article") and not tree.root.find("svg")
    assert not tree.root.find("p", id="plots-note")  # nothing to draw, nothing to excuse


def test_no_conflict_no_contradicted_section_entries() -> None:
    r = cr.reconcile(pd.DataFrame({"source": ["police", "hospital"],
                                   "count": ["about 12", "12"], "event_id": "calm"}))
    tree = parse(r.to_html())
    assert not tree.root.find("article")
    (sec,) = tree.root.find("section", id="other-events")
    assert "calm" in sec.all_text()


HOSTILE = [
    '<script>alert("x")</script>',
    '"><img src=x onerror=alert(1)>',
    "</style><a href='https://example.org'>click</a>",
    "Tom & Jerry's <b>bureau</b>",
]


def test_hostile_text_is_escaped() -> None:
    pytest.importorskip("matplotlib")
    n = len(HOSTILE)
    r = cr.reconcile(pd.DataFrame({
        "source": HOSTILE,
        "count": ["5", "300", "5", "300"][:n],
        "event_id": ['ev<script>"1"</script>'] * n,
        "sentence": [f"{s} said 5 or 300 people died." for s in HOSTILE],
    }))
    assert len(r.contradictions) >= 1
    page = r.to_html()
    tree = parse(page)
    assert_self_contained(page.replace("https://example.org", ""), tree)
    text = tree.root.all_text()
    for s in HOSTILE:
        assert s in text  # shown as text, not markup
    (art,) = tree.root.find("article")
    assert art.attrs["data-event-id"] == 'ev<script>"1"</script>'
    assert len(art.find("svg")) == 1
    # The only <a> elements are the report's own links.
    assert all(a.attrs["href"].startswith("#event-") for a in tree.root.find("a"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    names=st.lists(st.text(min_size=1, max_size=12).filter(lambda s: s.strip()), min_size=1,
                   max_size=5),
    figures=st.lists(st.integers(0, 5000), min_size=1, max_size=5),
)
def test_property_any_source_names(names: list[str], figures: list[int]) -> None:
    n = min(len(names), len(figures))
    try:
        r = cr.reconcile(pd.DataFrame({"source": names[:n], "low": figures[:n],
                                       "event_id": "e"}))
    except cr.CasualtyReconcileError:
        return  # e.g. control characters in a name: refused before any report
    page = r.to_html(plots=False)
    tree = parse(page)
    assert set(tree.tags) <= ALLOWED
    assert "<script" not in page.lower().replace("&lt;script", "")
    text = tree.root.all_text()
    assert f"Contradicted events ({len(contradicted_ids(r))})" in text
    assert len(tree.root.find("article")) == len(contradicted_ids(r))


# -- the command line ----------------------------------------------------------------------


def _run_cli(args: list[str], *, block_matplotlib: bool) -> subprocess.CompletedProcess[str]:
    pre = "import sys\n"
    if block_matplotlib:
        # As if the plot extra were not installed: importing matplotlib fails.
        pre += "sys.modules['matplotlib'] = None\n"
    code = pre + "from casualty_reconcile._cli import main\nsys.exit(main(sys.argv[1:]))\n"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          timeout=300, check=False)


def test_cli_run_writes_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "out"
    assert main(["run", str(EXAMPLE), "-o", str(out)]) == 0
    assert "report.html" in capsys.readouterr().out
    page = (out / "report.html").read_text(encoding="utf-8")
    tree = parse(page)
    assert_self_contained(page, tree)
    n = len(tree.root.find("section", id="contradicted")[0].find("article"))
    assert n >= 2 and len(tree.root.find("svg")) == n


def test_cli_run_without_matplotlib(tmp_path: Path) -> None:
    out = tmp_path / "out"
    p = _run_cli(["run", str(EXAMPLE), "-o", str(out)], block_matplotlib=True)
    assert p.returncode == 0, p.stderr
    assert "no plots: matplotlib is not installed" in p.stderr
    page = (out / "report.html").read_text(encoding="utf-8")
    tree = parse(page)
    assert_self_contained(page, tree)
    assert not tree.root.find("svg")
    (note,) = tree.root.find("p", id="plots-note")
    assert "matplotlib is not installed" in note.all_text()
    assert len(tree.root.find("article")) >= 2


def test_cli_run_no_report(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["run", str(EXAMPLE), "-o", str(out), "--no-report"]) == 0
    assert sorted(x.name for x in out.iterdir()) == ["claims.csv", "contradictions.csv",
                                                     "events.csv", "sources.csv"]


# -- in a real browser ---------------------------------------------------------------------


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


CHROMIUM = _chromium()
needs_browser = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no chromium binary on PATH (Debian: apt-get install chromium; .ci/run installs it)",
)


def _browser(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--disable-dev-shm-usage", "--hide-scrollbars",
           f"--user-data-dir={tmp_path / 'profile'}", *args]
    env = {**os.environ, "HOME": str(tmp_path)}
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False,
                          env=env)


@needs_browser
def test_browser_renders_report(example: Reconciliation, page: str, tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    p = _browser(tmp_path, "--dump-dom", path.as_uri())
    assert p.returncode == 0, p.stderr[-2000:]
    dom = parse(p.stdout)
    (sec,) = dom.root.find("section", id="contradicted")
    arts = sec.find("article")
    assert sorted(a.attrs["data-event-id"] for a in arts) == sorted(contradicted_ids(example))
    assert all(len(a.find("svg")) == 1 for a in arts)
    text = " ".join(dom.root.all_text().split())
    assert "Contradicted events" in text and "Other events" in text
    for expl in example.contradictions["explanation"]:
        assert " ".join(str(expl).split()) in text


def _blue_pixels(png: Path) -> int:
    """Count pixels of the plots' interval colour (#3b6ea8) in a screenshot."""
    import numpy as np
    from matplotlib.image import imread

    img = imread(str(png))[..., :3]
    target = np.array([0x3B, 0x6E, 0xA8]) / 255
    return int((np.abs(img - target).max(axis=-1) < 0.06).sum())


@needs_browser
def test_browser_draws_the_plots(example: Reconciliation, page: str, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    counts = {}
    for name, text in (("with", page), ("without", example.to_html(plots=False))):
        path = tmp_path / f"{name}.html"
        path.write_text(text, encoding="utf-8")
        shot = tmp_path / f"{name}.png"
        p = _browser(tmp_path, "--window-size=1000,5000", f"--screenshot={shot}", path.as_uri())
        assert p.returncode == 0 and shot.exists(), p.stderr[-2000:]
        counts[name] = _blue_pixels(shot)
    # The first events' plots are in the first 5,000 pixels: their segments are drawn.
    assert counts["with"] > 2000, counts
    assert counts["without"] < 50, counts
