"""Notebook display: ``_repr_html_`` of CountEstimate, Claim, Reconciliation and one event.

The HTML is parsed with the standard library's html.parser into a small tree, and the tests
assert on its structure (tables, rows, marked phrases, classes), not on strings.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib import resources

import pandas as pd
import pytest

import casualty_reconcile as cr
from casualty_reconcile import Claim, CountEstimate, InputError, Reconciliation
from casualty_reconcile.reconcile._display import MAX_CLAIMS, MAX_CONFLICTS, MAX_EVENTS

_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "base", "source"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self) -> list[Node]:
        out: list[Node] = []
        for c in self.children:
            if isinstance(c, Node):
                out.append(c)
                out.extend(c.iter())
        return out

    def find_all(self, tag: str, cls: str | None = None) -> list[Node]:
        return [
            n for n in self.iter()
            if n.tag == tag and (cls is None or cls in (n.attrs.get("class") or "").split())
        ]

    def find(self, tag: str, cls: str | None = None) -> Node:
        found = self.find_all(tag, cls)
        assert found, f"no <{tag} class={cls!r}>"
        return found[0]

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        assert tag not in _VOID
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    p = _Tree()
    p.feed(html)
    p.close()
    assert p.stack == [p.root], "unclosed tags: " + ", ".join(n.tag for n in p.stack[1:])
    roots = [c for c in p.root.children if isinstance(c, Node)]
    assert len(roots) == 1, "a view is one element"
    return roots[0]


def body_rows(table: Node) -> list[Node]:
    return table.find("tbody").find_all("tr")


def headers(table: Node) -> list[str]:
    return [th.text() for th in table.find("thead").find_all("th")]


def assert_self_contained(root: Node) -> None:
    tags = {n.tag for n in root.iter()}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed"}, tags
    for n in root.iter():
        for k, v in n.attrs.items():
            assert k not in {"src", "href"} and not k.startswith("on"), (n.tag, k, v)
    for style in root.find_all("style"):
        assert "url(" not in style.text() and "@import" not in style.text()


@pytest.fixture(scope="module")
def example() -> Reconciliation:
    path = resources.files("casualty_reconcile") / "examples" / "documents.jsonl"
    return cr.reconcile(pd.read_json(str(path), lines=True))


# -- CountEstimate and Claim -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "cells"),
    [
        ("more than 500", ["more than 500", "501", "501", "open", "lower_bound"]),
        ("1.2 million", ["1.2 million", "1,200,000", "1,200,000", "1,200,000", "exact"]),
        ("between 10 and 15", ["between 10 and 15", "10", None, "15", "range"]),
        ("no one", ["no one", "0", "0", "0", "exact"]),
    ],
)
def test_count_view_is_one_row_of_figures(phrase: str, cells: list[str | None]) -> None:
    c = cr.parse_count(phrase)
    assert c is not None
    root = parse(c._repr_html_())
    assert {"cr-view", "cr-count"} <= root.classes()
    tbl = root.find("table", "cr-count")
    assert headers(tbl) == ["phrase", "low", "best", "high", "kind"]
    (row,) = body_rows(tbl)
    got = [td.text() for td in row.find_all("td")]
    assert [g for g, w in zip(got, cells, strict=True) if w is not None] == [
        w for w in cells if w is not None
    ]
    assert_self_contained(root)
    assert repr(c).startswith("CountEstimate(") and "<" not in repr(c)


@pytest.mark.parametrize(
    ("text", "phrase", "category"),
    [
        ("Police said 12 people were killed and about 30 were hurt on Monday.", "12 people", "killed"),
        ("Police said 12 people were killed and about 30 were hurt on Monday.", "about 30", "injured"),
        ("The ministry said twenty-five soldiers died and five were wounded.", "five", "injured"),
        ("At least 40 civilians were reported killed in the shelling.", "At least 40 civilians", "killed"),
    ],
)
def test_claim_view_marks_the_count_in_its_sentence(text: str, phrase: str, category: str) -> None:
    claims = [c for c in cr.extract_claims(text, published="2024-03-05", publisher="AP", doc_id="d1")
              if c.category == category and c.count.text == phrase]
    assert len(claims) == 1, cr.extract_claims(text)
    root = parse(claims[0]._repr_html_())
    assert root.attrs["data-claim-id"] == claims[0].claim_id
    (mark,) = root.find("p", "cr-sentence").find_all("mark")
    assert mark.text() == phrase
    assert root.find("p", "cr-sentence").text() == text
    fields = {tr.find("th").text(): tr.find("td").text() for tr in root.find("table", "cr-claim").find_all("tr")}
    assert fields["category"] == category
    assert fields["source"] == claims[0].source
    assert fields["published"] == "2024-03-05"
    assert_self_contained(root)


def test_claim_view_escapes_everything() -> None:
    hostile = 'Rebels <script>alert("x")</script> said 7 & more <img src=x onerror=alert(1)> died.'
    c = Claim(
        "killed",
        CountEstimate(7, 7, 7, "exact", "7", hostile.index("7"), hostile.index("7") + 1),
        victims="<b>fighters</b>",
        claimant='"><i>rebels',
        sentence=hostile,
        doc_id="<doc>",
    )
    root = parse(c._repr_html_())
    assert_self_contained(root)
    assert not root.find_all("b") and not root.find_all("i")
    sentence = root.find("p", "cr-sentence")
    assert sentence.text() == hostile
    assert [m.text() for m in sentence.find_all("mark")] == ["7"]
    fields = {tr.find("th").text(): tr.find("td").text() for tr in root.find_all("tr")}
    assert fields["victims"] == "<b>fighters</b>" and fields["claimant"] == '"><i>rebels'


def test_showing_a_claim_does_not_import_pandas() -> None:
    code = (
        "import casualty_reconcile as cr, sys\n"
        "c = cr.parse_count('about 40')\n"
        "cr.Claim('killed', c, sentence='about 40 died')._repr_html_(); c._repr_html_()\n"
        "print('pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "False"


# -- the whole result --------------------------------------------------------------------------


def test_result_view_summarises_the_example(example: Reconciliation) -> None:
    r = example
    root = parse(r._repr_html_())
    assert {"cr-view", "cr-reconciliation"} <= root.classes()
    assert_self_contained(root)
    summary = root.find("ul", "cr-summary").text()
    assert f"{len(r.claims)} claims" in summary
    assert f"{r.events['event_id'].nunique()} events" in summary
    assert f"{len(r.contradictions)} conflicts" in summary
    tbl = root.find("table", "cr-events")
    assert headers(tbl)[:4] == ["event", "dates", "status", "conflicts"]
    rows = body_rows(tbl)
    assert len(rows) == min(MAX_EVENTS, r.events["event_id"].nunique())
    conflicts = [int(tr.find_all("td")[3].text()) for tr in rows]
    assert conflicts == sorted(conflicts, reverse=True), "most contradicted events first"
    per_event = r.contradictions["event_id"].value_counts()
    for tr in rows:
        eid = tr.find("code").text()
        n = int(per_event.get(eid, 0))
        assert int(tr.find_all("td")[3].text()) == n
        assert ("cr-conflict" in tr.classes()) == (n > 0)
    blocks = root.find_all("div", "cr-contradiction")
    assert len(blocks) == min(MAX_CONFLICTS, len(r.contradictions))
    sev = [float(b.find("p").text().rsplit("severity ", 1)[1]) for b in blocks]
    assert sev == sorted(sev, reverse=True)
    texts = set(r.claims["count_text"].dropna())
    for b in blocks:
        assert b.attrs["data-kind"] in {"disjoint", "category_conflict", "denial",
                                        "revision_down", "intra_document"}
        marks = [m.text() for m in b.find_all("mark")]
        assert marks and set(marks) <= texts
        assert b.find("p", "cr-explanation").text() in set(r.contradictions["explanation"])


def test_result_view_reads_the_same_after_json(example: Reconciliation) -> None:
    back = Reconciliation.from_json(example.to_json())
    assert back._repr_html_() == example._repr_html_()
    eid = example.contradictions["event_id"].iloc[0]
    assert back.event(eid)._repr_html_() == example.event(eid)._repr_html_()


def _many_events(n: int, n_contradicted: int) -> pd.DataFrame:
    rows = []
    for i in range(n):
        eid = f"ev-{i:05d}"
        rows.append({"source": "ministry", "count": "12 people", "event_id": eid})
        if i % (n // n_contradicted) == 0:
            # a second source that does not overlap: a contradicted event
            rows.append({"source": "monitors", "count": f"{200 + i} people", "event_id": eid})
        else:
            rows.append({"source": "monitors", "count": "about 12", "event_id": eid})
    return pd.DataFrame(rows)


def test_a_long_result_is_summarised_not_dumped() -> None:
    small = cr.reconcile(_many_events(100, 10))
    large = cr.reconcile(_many_events(1000, 10))
    for r in (small, large):
        root = parse(r._repr_html_())
        rows = body_rows(root.find("table", "cr-events"))
        assert len(rows) == MAX_EVENTS
        # the contradicted events come first, the worst (furthest apart) first of all
        ids = [tr.find("code").text() for tr in rows]
        contradicted = set(r.contradictions["event_id"])
        assert ids[: len(contradicted)] and set(ids[:10]) == contradicted
        assert len(root.find_all("div", "cr-contradiction")) == MAX_CONFLICTS
        assert "more events not shown" in root.find("p", "cr-more").text()
        assert root.find("h4").text().startswith(f"The {MAX_EVENTS} most contradicted of")
    # the page does not grow with the result
    assert len(large._repr_html_()) < 1.5 * len(small._repr_html_())
    assert len(repr(large)) < 100


def test_an_empty_result_has_a_page() -> None:
    r = cr.reconcile(pd.DataFrame({"text": ["The weather was fine on Sunday."], "doc_id": ["w1"]}))
    root = parse(r._repr_html_())
    assert "1 claims (1 kept without a figure)" in root.find("ul", "cr-summary").text()
    assert not root.find_all("table")


def test_result_view_escapes_sources_and_ids() -> None:
    df = pd.DataFrame({
        "source": ["<script>x()</script>", 'a "b" <i>c</i>'],
        "count": ["five", "about 45"],
        "event_id": ["<b>e&1</b>", "<b>e&1</b>"],
    })
    r = cr.reconcile(df)
    for html in (r._repr_html_(), r.event("<b>e&1</b>")._repr_html_()):
        root = parse(html)
        assert_self_contained(root)
        assert not root.find_all("b") and not root.find_all("i")
        assert "<script>x()</script>" in root.text()
        assert "<b>e&1</b>" in root.text()


# -- one event ---------------------------------------------------------------------------------


def test_event_view_shows_figures_sources_and_conflicts(example: Reconciliation) -> None:
    r = example
    eid = "manbij-market-2021-09-16"
    e = r.event(eid)
    assert e.event_id == eid and e.status == "contradicted"
    assert len(repr(e)) < 200 and repr(e).startswith("EventView(")
    assert e.explain() == r.explain(eid)
    root = parse(e._repr_html_())
    assert root.attrs["data-event-id"] == eid
    assert_self_contained(root)
    ev = r.events[r.events["event_id"] == eid]
    figs = root.find("table", "cr-figures")
    assert headers(figs)[:5] == ["group", "status", "low", "best", "high"]
    rows = body_rows(figs)
    assert len(rows) == len(ev)
    for tr, (_, row) in zip(rows, ev.iterrows(), strict=True):
        cells = [td.text() for td in tr.find_all("td")]
        assert cells[1] == row["status"]
        assert cells[2:5] == [f"{int(row['low']):,}", f"{int(row['best']):,}",
                              "open" if pd.isna(row["high"]) else f"{int(row['high']):,}"]
    cl = r.claims[(r.claims["event_id"] == eid) & r.claims["reason"].isna()]
    src = body_rows(root.find("table", "cr-sources"))
    assert len(src) == min(MAX_CLAIMS, len(cl))
    named = {i for ids in r.contradictions.loc[r.contradictions["event_id"] == eid, "claim_ids"]
             for i in ids}
    n_conf = int(cl["claim_id"].isin(named).sum())
    assert sum("cr-conflict" in tr.classes() for tr in src) == n_conf > 0
    blocks = root.find_all("div", "cr-contradiction")
    assert len(blocks) == int((r.contradictions["event_id"] == eid).sum())
    for b in blocks:
        items = b.find("ul", "cr-sentences").find_all("li")
        assert {li.attrs["data-claim-id"] for li in items} <= set(r.claims["claim_id"])
        assert all(li.find_all("q") and li.find_all("mark") for li in items)


def test_event_view_of_an_event_with_no_conflict(example: Reconciliation) -> None:
    eid = "kherson-2023-05-16"
    assert eid not in set(example.contradictions["event_id"])
    root = parse(example.event(eid)._repr_html_())
    assert not root.find_all("div", "cr-contradiction")
    assert not any("cr-conflict" in tr.classes() for tr in root.find_all("tr"))


def test_event_view_shows_an_open_upper_bound() -> None:
    df = pd.DataFrame({"source": ["residents", "a teacher"],
                       "count": ["more than 280 pupils", "over 280 pupils"],
                       "category": ["captured", "captured"], "event_id": ["k", "k"]})
    root = parse(cr.reconcile(df).event("k")._repr_html_())
    assert not root.find_all("div", "cr-contradiction")
    high = [tr.find_all("td")[4].text() for tr in body_rows(root.find("table", "cr-figures"))]
    assert "open" in high  # "more than 280 pupils": no upper bound


def test_event_view_lists_claims_kept_without_a_figure() -> None:
    df = pd.DataFrame({"source": ["police", "medics"], "count": ["seven", "a great toll"],
                       "event_id": ["e1", "e1"]})
    r = cr.reconcile(df)
    kept = r.claims[r.claims["reason"].notna()]
    assert len(kept) == 1
    root = parse(r.event("e1")._repr_html_())
    (li,) = root.find("ul", "cr-unplaced").find_all("li")
    assert li.attrs["data-claim-id"] == kept["claim_id"].iloc[0]
    assert len(body_rows(root.find("table", "cr-sources"))) == 1


def test_event_view_of_an_event_with_no_figure() -> None:
    r = cr.reconcile(pd.DataFrame({"text": ["A calm day in the city."], "doc_id": ["a"],
                                   "event_id": ["x"], "published": ["2024-01-02"]}))
    e = r.event("x")
    assert e.status is None and len(e.events) == 0
    root = parse(e._repr_html_())
    assert not root.find_all("table")
    assert root.find("p", "cr-summary").text() == "undated · 1 claim from 1 source · 0 conflicts"
    (li,) = root.find("ul", "cr-unplaced").find_all("li")
    assert li.text() == "unattributed (a): no_claim"


@pytest.mark.parametrize("bad", ["no-such-event", "", "EV-00001"])
def test_event_of_an_unknown_id_is_the_librarys_error(bad: str) -> None:
    r = cr.reconcile(_many_events(20, 2))
    with pytest.raises(InputError, match="no event"):
        r.event(bad)
