"""Plain data passed between the stages of newsgraph.

Every stage takes and returns these frozen dataclasses; none of them touches the
database. Offsets are character offsets into `Document.body` unless a field says
otherwise. Dates are ISO strings cut to their precision: "2021", "2021-03",
"2021-03-09".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Precision = Literal["year", "month", "day"]
MediaType = Literal["html", "text", "markdown"]


# --------------------------------------------------------------------------- ingest
@dataclass(frozen=True)
class RawInput:
    """One article as it arrives, before cleaning.

    `source` names where it came from so that errors and provenance can point at it:
    a path, a URL, ``stdin``, or a member such as ``feed.jsonl#12`` or ``crawl.warc.gz#3``.
    `hints` carries metadata the container already gives (JSONL fields, WARC headers,
    the URL of a fetched page): keys ``url``, ``title``, ``authors``, ``published``,
    ``language``, ``site``.
    """

    source: str
    data: bytes
    media_type: MediaType
    hints: dict[str, object] = field(default_factory=dict)
    encoding: str | None = None  # declared encoding, when the container states one


@dataclass(frozen=True)
class Block:
    """A kept paragraph or heading of the clean body."""

    kind: Literal["paragraph", "heading", "quote", "list"]
    start: int
    end: int


@dataclass(frozen=True)
class RemovedBlock:
    """Page furniture taken out of the body, kept so it can be shown, never lost.

    `reason` is a short machine word: navigation, teaser, related, bio, header,
    repeated-title, subscribe, comments, footer, site-repeat, html-boilerplate ...
    `position` is the body offset where the block stood.
    """

    text: str
    reason: str
    position: int
    raw_start: int | None = None
    raw_end: int | None = None


@dataclass(frozen=True)
class OffsetSpan:
    """Maps body[body_start : body_start+length] to raw_text[raw_start : raw_start+length]
    where raw_text is the decoded raw input."""

    body_start: int
    raw_start: int
    length: int


@dataclass(frozen=True)
class Document:
    """A cleaned article with its metadata. `id` is derived from `content_hash`."""

    id: str
    source: str
    raw_hash: str
    content_hash: str
    body: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    published_precision: Precision | None = None
    language: str | None = None
    site: str | None = None
    url: str | None = None
    media_type: MediaType = "text"
    blocks: tuple[Block, ...] = ()
    removed: tuple[RemovedBlock, ...] = ()
    offsets: tuple[OffsetSpan, ...] = ()
    # which cascade step produced the body, e.g. "trafilatura", "text-classifier"
    extractor: str = ""


# --------------------------------------------------------------------------- dedup
RelationKind = Literal["exact", "near", "contains", "rewrite", "translation"]


@dataclass(frozen=True)
class AlignedPair:
    """Sentence `a_index` of document a corresponds to sentence `b_index` of b."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    similarity: float


@dataclass(frozen=True)
class DocRelation:
    """`a` and `b` are copies of one article. For `contains`, `a` contains `b`.

    `a_only` / `b_only` list the (start, end) spans of sentences that have no
    counterpart on the other side (what a truncation dropped, what a rewrite added).
    """

    a: str
    b: str
    kind: RelationKind
    score: float
    aligned: tuple[AlignedPair, ...] = ()
    a_only: tuple[tuple[int, int], ...] = ()
    b_only: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Story:
    """Copies of one article. `canonical` is the member later stages count."""

    id: str
    canonical: str
    members: tuple[str, ...]
    rule: str = ""  # why the canonical member was chosen


# --------------------------------------------------------------------------- actors
@dataclass(frozen=True)
class Role:
    """An office a person holds for a country and sector between two dates."""

    title: str
    country: str
    sector: str
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True)
class Actor:
    """A canonical actor. Ids are stable strings, e.g. ``RUS.GOV``, ``Q7747``-style
    knowledge-base ids, or ``new:tajik-foreign-minister`` for actors the text introduced."""

    id: str
    name: str
    kind: Literal["country", "government", "igo", "group", "person", "organisation", "other"]
    country: str | None = None
    sector: str | None = None
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Mention:
    """A span of the body that names an actor, with the rule that resolved it."""

    doc_id: str
    start: int
    end: int
    text: str
    label: str  # entity label from NER or the knowledge-base ruler
    actor_id: str | None
    rule: str  # exact-alias, fuzzy, short-form, demonym-title, metonym, new-actor, place ...
    score: float = 1.0
    country: str | None = None  # country and sector as read at this mention (roles are time-bound)
    sector: str | None = None


# --------------------------------------------------------------------------- events
@dataclass(frozen=True)
class Event:
    """One PLOVER-coded event stated by one sentence."""

    id: str
    doc_id: str
    type: str
    mode: str | None
    quad_class: str
    sources: tuple[str, ...]  # actor ids, PLOVER's list form
    targets: tuple[str, ...]
    sentence_start: int
    sentence_end: int
    trigger_start: int
    trigger_end: int
    date: str | None = None
    date_end: str | None = None
    date_precision: Precision | None = None
    date_text: str | None = None
    location: str | None = None  # place name as written
    location_country: str | None = None
    negated: bool = False
    hypothetical: bool = False
    reported: bool = False
    historical: bool = False
    confidence: float = 0.5
    pattern: str = ""  # which pattern fired, for explanation
    score: float = 0.0  # cooperation (+) / conflict (-) intensity


@dataclass(frozen=True)
class Quote:
    """A direct quote or a reported statement tied to its speaker."""

    id: str
    doc_id: str
    speaker: str | None  # actor id
    speaker_text: str
    text: str
    start: int
    end: int
    kind: Literal["direct", "reported"]
    cue: str = ""
    event_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Analysis:
    """What annotate+resolve+extract produce for one document."""

    doc_id: str
    sentences: tuple[tuple[int, int], ...]
    mentions: tuple[Mention, ...]
    actors: tuple[Actor, ...]  # actors new to the knowledge base that the text introduced
    events: tuple[Event, ...]
    quotes: tuple[Quote, ...]
    words: int = 0
