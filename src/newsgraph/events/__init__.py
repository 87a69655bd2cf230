"""Events: who did what to whom, when and where, coded in PLOVER, with quotes.

Entry point of the stage: `extract_events(sdoc, document, mentions, kb, patterns)`
returns the events and quotes of one parsed document. `PatternSet.load(paths)` loads the
ontology, cue lists and patterns (shipped plus the user's). Modules, in the order the
stage uses them: `patterns` (data), `arguments` (source/target from the parse),
`extract` (matching and assembly), `modes` (negated, hypothetical, reported), `dates`
(date expressions and datelines), `quotes`; `query` reads stored events back.

    >>> from newsgraph.annotate import load_pipeline          # doctest: +SKIP
    >>> nlp = load_pipeline("en_core_web_md")                 # doctest: +SKIP
    >>> events, quotes = extract_events(nlp(doc.body), doc, [], None, PatternSet.load())  # doctest: +SKIP
"""

from __future__ import annotations

from newsgraph.events.arguments import ActorIndex
from newsgraph.events.dates import DateResolver, dateline
from newsgraph.events.extract import extract_document_events
from newsgraph.events.fallback import mentions_from_entities
from newsgraph.events.patterns import PatternSet
from newsgraph.events.quotes import find_quotes
from newsgraph.model import Document, Event, Mention, Quote

__all__ = ["PatternSet", "extract_events", "dateline", "DateResolver", "plover_type"]


def extract_events(
    sdoc, document: Document, mentions: list[Mention], kb, patterns: PatternSet
) -> tuple[list[Event], list[Quote]]:
    """The PLOVER events and the quotes stated by `document`.

    `sdoc` is the spaCy Doc of `document.body`; `mentions` the actor mentions of the
    actors stage (when it gave none, spaCy's named entities stand in); `kb` answers
    ``kb.actor(id)`` (may be None)."""
    if not mentions:
        mentions = mentions_from_entities(sdoc, document.id)
    events = extract_document_events(sdoc, document, mentions, kb, patterns)
    index = ActorIndex.build(sdoc, mentions, kb)
    quotes = find_quotes(sdoc, document.id, index, events, patterns.cues)
    return events, quotes


def plover_type(event: Event, ontology) -> str | None:
    """The type PLOVER's own coding convention gives this event (None: not coded).

    PLOVER codes a stated intention as a verbal event ("X will give Y aid" is AGREE,
    "X would boycott Y" THREATEN) and a refusal to cooperate as REJECT ("X will not
    accept refugees"). newsgraph keeps the richer record (AID, hypothetical; CONCEDE,
    negated); this projects it back, for comparison with PLOVER-coded data."""
    # a planned meeting or visit is, for PLOVER, an agreement to meet ("will visit")
    verbal = ("AGREE", "THREATEN", "REQUEST", "REJECT", "ACCUSE")
    cooperative = ontology.quad_class(event.type).endswith("cooperation")
    if event.negated:
        return "REJECT" if cooperative else None
    if event.hypothetical and event.type not in verbal:
        return "AGREE" if cooperative else "THREATEN"
    return event.type
