"""Actors: the knowledge base, the entity ruler it feeds, and mention resolution.

Entry points the pipeline calls:

- `KnowledgeBase.load(paths, extra)` reads the shipped YAML files, user files and the
  user's merge/split decisions;
- `add_entity_ruler(nlp, kb)` adds the knowledge-base EntityRuler to a spaCy pipeline;
- `resolve_mentions(sdoc, document, kb)` turns the entities of one parsed document into
  `Mention` records (actor id + the rule that chose it) and the new actors it introduced.

`kb.actor(id)` returns an `Actor`; `kb.codes_at(id, date)` gives its PLOVER country and
sector at a date, since offices are time-bounded.
"""

from __future__ import annotations

from newsgraph.actors import cache
from newsgraph.actors.kb import KnowledgeBase, Override, normalise, slug
from newsgraph.actors.resolve import resolve_mentions
from newsgraph.actors.ruler import add_entity_ruler

__all__ = [
    "KnowledgeBase",
    "Override",
    "add_entity_ruler",
    "normalise",
    "resolve_mentions",
    "slug",
    "cache",
]
