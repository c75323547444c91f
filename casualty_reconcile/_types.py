"""Result types shared by every stage: :class:`CountEstimate` and :class:`Claim`.

Both are frozen, slotted dataclasses holding plain Python values (ints, strs, dates), never
pint or pandas objects, so they hash, pickle and serialise cheaply. The field meanings are
fixed by the semantic contract (``spec/semantics.md`` sections 1 and 2).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

from .errors import InputError

__all__ = [
    "CATEGORIES",
    "KINDS",
    "MAX_COUNT",
    "PRECISIONS",
    "STANCES",
    "Category",
    "Claim",
    "CountEstimate",
    "Kind",
    "Precision",
    "Section",
    "Stance",
]

Kind = Literal["exact", "approximate", "lower_bound", "upper_bound", "range", "vague"]
Category = Literal["killed", "injured", "missing", "captured", "casualties"]
Stance = Literal["asserted", "estimated", "admitted", "alleged", "denied", "reported"]
Precision = Literal["day", "week", "month", "year"]
Section = Literal["title", "body"]

KINDS: tuple[Kind, ...] = (
    "exact",
    "approximate",
    "lower_bound",
    "upper_bound",
    "range",
    "vague",
)
CATEGORIES: tuple[Category, ...] = ("killed", "injured", "missing", "captured", "casualties")
STANCES: tuple[Stance, ...] = (
    "asserted",
    "estimated",
    "admitted",
    "alleged",
    "denied",
    "reported",
)
PRECISIONS: tuple[Precision, ...] = ("day", "week", "month", "year")

#: The largest count of people the library handles (10**18): the count parser reads no
#: figure above it, :class:`CountEstimate` refuses one, and ``reconcile`` refuses a figure
#: column holding one. Every figure up to it is an exact int64, with room to spare for the
#: open-bound sentinel (2**62) and sums of two figures, so no figure is ever changed: one
#: above the ceiling gets an error, never a rounded or wrapped number.
MAX_COUNT: int = 10**18


@dataclass(frozen=True, slots=True)
class CountEstimate:
    """A count of people as an interval: what a phrase such as "several dozen" allows.

    Parameters
    ----------
    low : int
        The smallest count the phrase allows (>= 0).
    best : int
        The one figure a careful coder would record; ``low <= best <= high``.
    high : int or None
        The largest count the phrase allows; ``None`` when the phrase sets no upper bound
        ("more than 500").
    kind : str
        One of ``exact``, ``approximate``, ``lower_bound``, ``upper_bound``, ``range``,
        ``vague``.
    text : str
        The matched span.
    start, end : int
        Offsets of the span in the input (``input[start:end] == text``).

    Examples
    --------
    >>> c = CountEstimate(low=501, best=501, high=None, kind="lower_bound", text="more than 500")
    >>> c.contains(10_000), c.contains(500)
    (True, False)
    >>> c.to_dict()["high"] is None
    True
    """

    low: int
    best: int
    high: int | None
    kind: Kind
    text: str = ""
    start: int = 0
    end: int = 0

    def __post_init__(self) -> None:
        # Checked here, once, so no later stage has to repair out-of-order figures (a
        # known pain with UCDP ingests: methodology-anchors.md section 8).
        if self.low < 0:
            raise InputError(f"CountEstimate.low must be >= 0, got {self.low}", self.low)
        if self.best < self.low:
            raise InputError(
                f"CountEstimate needs low <= best, got {self.low} > {self.best}", self.best
            )
        if self.high is not None and self.high < self.best:
            raise InputError(
                f"CountEstimate needs best <= high, got {self.best} > {self.high}", self.high
            )
        top = self.best if self.high is None else self.high
        if top > MAX_COUNT:
            raise InputError(
                f"CountEstimate figure {top} is above the ceiling of {MAX_COUNT:,} people", top
            )
        if self.kind not in KINDS:
            raise InputError(
                f"CountEstimate.kind must be one of {KINDS}, got {self.kind!r}", self.kind
            )

    def contains(self, n: int) -> bool:
        """Return whether the count ``n`` lies inside ``[low, high]``."""
        return self.low <= n and (self.high is None or n <= self.high)

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a plain dict (JSON-ready)."""
        return {
            "low": self.low,
            "best": self.best,
            "high": self.high,
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }

    def to_json(self) -> str:
        """Return the count as JSON text (``schema/count_estimate.schema.json``).

        Examples
        --------
        >>> c = CountEstimate(24, 36, 99, "vague", "dozens", 0, 6)
        >>> CountEstimate.from_json(c.to_json()) == c
        True
        """
        import json

        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CountEstimate:
        """Build a count from :meth:`to_dict`'s output; ``InputError`` for a bad dict."""
        from ._json import count_from_dict

        return count_from_dict(data)

    @classmethod
    def from_json(cls, text: str | bytes) -> CountEstimate:
        """Build a count from :meth:`to_json`'s output; ``InputError`` for bad JSON."""
        from ._json import count_from_dict, load_json

        return count_from_dict(load_json(text, "CountEstimate"))

    def _repr_html_(self) -> str:
        """Return the notebook view: phrase, low, best, high (``open``: no bound), kind."""
        from ._html import count_html

        return count_html(self)

    def shifted(self, offset: int) -> CountEstimate:
        """Return a copy whose span offsets are moved by ``offset`` characters."""
        return CountEstimate(
            self.low,
            self.best,
            self.high,
            self.kind,
            self.text,
            self.start + offset,
            self.end + offset,
        )


def _claim_id(*parts: object) -> str:
    # blake2b over each part's repr followed by a unit separator. One update of the joined
    # text hashes the same bytes as an update per part (a hash reads a stream), so the ids
    # stay those of the per-part loop, at a fraction of the calls.
    data = "\x1f".join(map(repr, parts)) + "\x1f" if parts else ""
    return "c" + hashlib.blake2b(data.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


@dataclass(frozen=True, slots=True)
class Claim:
    """One source's statement of one count of one category of people.

    Parameters
    ----------
    category : str
        ``killed``, ``injured``, ``missing``, ``captured`` or ``casualties``.
    count : CountEstimate
        The figure claimed.
    victims : str or None
        The people counted, as written ("Russian citizens").
    claimant : str or None
        Who makes the claim, as written; ``None`` when the text does not attribute it (the
        publisher is then the source).
    stance : str
        ``asserted``, ``estimated``, ``admitted``, ``alleged``, ``denied`` or ``reported``.
    event_date : datetime.date or None
        When the event happened, resolved against ``published``.
    event_date_precision : str or None
        ``day``, ``week``, ``month`` or ``year``.
    sentence : str
        The sentence the claim was read from.
    start, end : int
        Offsets of the sentence in the document text (title and body are separate texts).
    doc_id, publisher, published
        Where the claim came from.
    places, actors : tuple of str
        Place names and actors mentioned with the event, for alignment.
    section : str
        ``title`` for a headline, ``body`` otherwise.
    claim_id : str
        A stable identifier; derived from the document and position when not given.
    """

    category: Category
    count: CountEstimate
    victims: str | None = None
    claimant: str | None = None
    stance: Stance = "reported"
    event_date: _dt.date | None = None
    event_date_precision: Precision | None = None
    sentence: str = ""
    start: int = 0
    end: int = 0
    doc_id: str | None = None
    publisher: str | None = None
    published: _dt.date | None = None
    places: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    section: Section = "body"
    claim_id: str = field(default="")

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise InputError(
                f"Claim.category must be one of {CATEGORIES}, got {self.category!r}",
                self.category,
            )
        if not isinstance(self.count, CountEstimate):
            raise InputError(
                f"Claim.count must be a CountEstimate, got {type(self.count).__name__}",
                self.count,
            )
        if self.stance not in STANCES:
            raise InputError(
                f"Claim.stance must be one of {STANCES}, got {self.stance!r}", self.stance
            )
        if self.event_date_precision is not None and self.event_date_precision not in PRECISIONS:
            raise InputError(
                f"Claim.event_date_precision must be one of {PRECISIONS} or None, "
                f"got {self.event_date_precision!r}",
                self.event_date_precision,
            )
        if not self.claim_id:
            cid = _claim_id(
                self.doc_id,
                self.section,
                self.start,
                self.count.start,
                self.category,
                self.sentence if self.doc_id is None else "",
                self.publisher if self.doc_id is None else "",
            )
            object.__setattr__(self, "claim_id", cid)

    @property
    def source(self) -> str | None:
        """Who the figure comes from: the claimant, else the publisher."""
        return self.claimant if self.claimant else self.publisher

    def to_dict(self) -> dict[str, Any]:
        """Return the claim as a flat, JSON-ready dict (count fields inlined)."""
        return {
            "claim_id": self.claim_id,
            "doc_id": self.doc_id,
            "source": self.source,
            "category": self.category,
            "low": self.count.low,
            "best": self.count.best,
            "high": self.count.high,
            "kind": self.count.kind,
            "count_text": self.count.text,
            "victims": self.victims,
            "claimant": self.claimant,
            "stance": self.stance,
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "event_date_precision": self.event_date_precision,
            "publisher": self.publisher,
            "published": self.published.isoformat() if self.published else None,
            "places": list(self.places),
            "actors": list(self.actors),
            "section": self.section,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
        }

    def _repr_html_(self) -> str:
        """Return the notebook view: category, figures, who says it, and the sentence."""
        from ._html import claim_html

        return claim_html(self)

    def to_json(self) -> str:
        """Return the claim as JSON text (``schema/claim.schema.json``).

        The object is :meth:`to_dict` plus ``count_start`` and ``count_end``, the offsets of
        the count phrase, so that :meth:`from_json` gives back an equal claim.

        Examples
        --------
        >>> c = Claim("killed", CountEstimate(3, 3, 3, "exact", "three", 7, 12), doc_id="d1")
        >>> Claim.from_json(c.to_json()) == c
        True
        """
        import json

        from ._json import claim_to_dict

        return json.dumps(claim_to_dict(self), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        """Build a claim from :meth:`to_dict`'s output (``source`` is derived, so ignored).

        A bare :meth:`to_dict` leaves out the count phrase's offsets, which are then 0;
        ``json.loads(c.to_json())`` keeps them. ``InputError`` for a bad dict.
        """
        from ._json import claim_from_dict

        return claim_from_dict(data)

    @classmethod
    def from_json(cls, text: str | bytes) -> Claim:
        """Build a claim from :meth:`to_json`'s output; ``InputError`` for bad JSON."""
        from ._json import claim_from_dict, load_json

        return claim_from_dict(load_json(text, "Claim"))
