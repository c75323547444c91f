"""HTML pieces for notebook display (``_repr_html_``): escaping, tables, a marked sentence.

Standard library only, so that showing a :class:`CountEstimate` or a :class:`Claim` in
Jupyter never imports pandas. Every value is passed through :func:`html.escape`; the style
is an inline ``<style>`` block scoped to ``.cr-view``, so a page needs no external resource
(no script, font, image or stylesheet is fetched).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._types import Claim, CountEstimate

__all__ = [
    "STYLE",
    "claim_html",
    "count_html",
    "esc",
    "figure",
    "marked_sentence",
    "table",
    "view",
]

#: The one style block every view carries; scoped so it cannot restyle the host page.
STYLE = (
    "<style>"
    ".cr-view{font-family:inherit;font-size:0.92em;line-height:1.35}"
    ".cr-view table{border-collapse:collapse;margin:0.3em 0}"
    ".cr-view th,.cr-view td{border:1px solid #ccc;padding:2px 6px;text-align:left;"
    "vertical-align:top}"
    ".cr-view th{background:#f3f3f3}"
    ".cr-view td.cr-num{text-align:right;font-variant-numeric:tabular-nums}"
    ".cr-view tr.cr-conflict td{background:#fde8e8}"
    ".cr-view .cr-status-contradicted{color:#a40000;font-weight:bold}"
    ".cr-view .cr-status-contested{color:#8a5a00;font-weight:bold}"
    ".cr-view .cr-status-consistent{color:#1d6b1d}"
    ".cr-view .cr-contradiction{border-left:3px solid #c00;padding:0.2em 0.6em;"
    "margin:0.4em 0}"
    ".cr-view mark{background:#ffe08a;padding:0 1px}"
    ".cr-view q{font-style:italic}"
    ".cr-view .cr-more{color:#555}"
    "</style>"
)


def esc(value: Any) -> str:
    """Return ``value`` as escaped HTML text; ``None`` becomes the empty string.

    Examples
    --------
    >>> esc('<b>"5" & more</b>')
    '&lt;b&gt;&quot;5&quot; &amp; more&lt;/b&gt;'
    >>> esc(None)
    ''
    """
    if value is None:
        return ""
    return html.escape(str(value), quote=True)


def figure(value: int | None) -> str:
    """Return a count as a page shows it: ``1,250``; ``None`` (no upper bound) is ``open``.

    Examples
    --------
    >>> figure(1250), figure(None)
    ('1,250', 'open')
    """
    return "open" if value is None else f"{int(value):,}"


def marked_sentence(sentence: str, phrase: str | None, at: int | None = None) -> str:
    """Return the escaped ``sentence`` with the count ``phrase`` inside ``<mark>``.

    ``at`` is the phrase's offset in the sentence when known; otherwise (or when the text
    there is not the phrase) the first occurrence is marked, and nothing when there is none.

    Examples
    --------
    >>> marked_sentence("Police said 12 <sic> died.", "12")
    'Police said <mark>12</mark> &lt;sic&gt; died.'
    >>> marked_sentence("twenty-five dead, five hurt", "five")
    'twenty-five dead, <mark>five</mark> hurt'
    >>> marked_sentence("No figure here.", "five")
    'No figure here.'
    """
    if not phrase:
        return esc(sentence)
    if at is None or at < 0 or sentence[at : at + len(phrase)] != phrase:
        # A whole-word occurrence first: "five" is not the end of "twenty-five".
        m = re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", sentence)
        at = m.start() if m else sentence.find(phrase)
    if at < 0:
        return esc(sentence)
    end = at + len(phrase)
    return f"{esc(sentence[:at])}<mark>{esc(phrase)}</mark>{esc(sentence[end:])}"


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    cls: str,
    row_classes: Iterable[str] | None = None,
    num: frozenset[int] = frozenset(),
) -> str:
    """Return an HTML table; ``rows`` hold cells that are already HTML (escaped).

    ``num`` gives the indexes of right-aligned number columns; ``row_classes`` one class
    (or ``""``) per row.
    """
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    classes = iter(row_classes) if row_classes is not None else None
    body: list[str] = []
    for row in rows:
        rc = next(classes, "") if classes is not None else ""
        cells = "".join(
            f'<td class="cr-num">{c}</td>' if i in num else f"<td>{c}</td>"
            for i, c in enumerate(row)
        )
        attr = f' class="{esc(rc)}"' if rc else ""
        body.append(f"<tr{attr}>{cells}</tr>")
    return (
        f'<table class="{esc(cls)}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def view(kind: str, inner: str, **data: str) -> str:
    """Wrap ``inner`` in the scoped ``<div class="cr-view cr-KIND">`` with the style block."""
    attrs = "".join(f' data-{esc(k.replace("_", "-"))}="{esc(v)}"' for k, v in data.items())
    return f'<div class="cr-view cr-{esc(kind)}"{attrs}>{STYLE}{inner}</div>'


_COUNT_HEADERS = ("phrase", "low", "best", "high", "kind")


def _count_cells(c: CountEstimate) -> list[str]:
    return [esc(c.text), figure(c.low), figure(c.best), figure(c.high), esc(c.kind)]


def count_html(c: CountEstimate) -> str:
    """Return the notebook view of a count: its phrase, low, best, high and kind."""
    return view(
        "count",
        table(_COUNT_HEADERS, [_count_cells(c)], cls="cr-count", num=frozenset({1, 2, 3})),
    )


def claim_html(c: Claim) -> str:
    """Return the notebook view of a claim: who says what figure of whom, and the sentence."""
    when = ""
    if c.event_date is not None:
        when = c.event_date.isoformat()
        if c.event_date_precision:
            when += f" ({c.event_date_precision})"
    fields = [
        ("category", esc(c.category)),
        ("victims", esc(c.victims)),
        (
            "count (low / best / high)",
            f"{esc(c.count.text)} = {figure(c.count.low)} / {figure(c.count.best)} / "
            f"{figure(c.count.high)} ({esc(c.count.kind)})",
        ),
        ("stance", esc(c.stance)),
        ("claimant", esc(c.claimant)),
        ("source", esc(c.source)),
        ("event date", esc(when)),
        ("published", esc(c.published.isoformat() if c.published else None)),
        ("document", esc(c.doc_id) + (" (headline)" if c.section == "title" else "")),
        ("claim id", f"<code>{esc(c.claim_id)}</code>"),
    ]
    rows = "".join(f"<tr><th>{esc(k)}</th><td>{v}</td></tr>" for k, v in fields)
    sentence = ""
    if c.sentence:
        at = c.count.start - c.start
        sentence = (
            f'<p class="cr-sentence"><q>{marked_sentence(c.sentence, c.count.text, at)}</q></p>'
        )
    return view(
        "claim",
        f'<table class="cr-claim"><tbody>{rows}</tbody></table>{sentence}',
        claim_id=c.claim_id,
    )
