"""Analyse: annotate (spaCy) -> resolve actors -> extract events and quotes.

`Analyser` holds the loaded model, knowledge base and patterns so that a worker
process (or a Dask worker) loads them once and maps `analyse` over batches of
Documents. It returns plain `Analysis` records; the pipeline stores them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsgraph.annotate import load_pipeline
from newsgraph.annotate.rules import speed_up_rules
from newsgraph.annotate.tokens import token_table
from newsgraph.model import Analysis, Document
from newsgraph.settings import Settings


@dataclass
class Analyser:
    nlp: object
    kb: object
    patterns: object

    @classmethod
    def from_settings(cls, settings: Settings, user_actors: Sequence[object] = ()) -> Analyser:
        from newsgraph import actors, events

        nlp = load_pipeline(settings.model)
        speed_up_rules(nlp)  # the same rules, matched vectorised (same output)
        kb = actors.KnowledgeBase.load(settings.kb_paths, extra=user_actors)
        actors.add_entity_ruler(nlp, kb)
        patterns = events.PatternSet.load(settings.pattern_paths)
        return cls(nlp=nlp, kb=kb, patterns=patterns)

    def analyse(self, docs: Sequence[Document], processes: int = 1) -> list[Analysis]:
        from newsgraph import actors, events

        texts = [d.body for d in docs]
        kwargs = {"batch_size": 16}
        if processes > 1:
            kwargs["n_process"] = processes
        results = []
        for doc, sdoc in zip(docs, self.nlp.pipe(texts, **kwargs), strict=True):
            table = token_table(sdoc, doc.body)  # read once, shared by the stages below
            mentions, new_actors = actors.resolve_mentions(sdoc, doc, self.kb)
            found_events, quotes = events.extract_events(
                sdoc, doc, mentions, self.kb, self.patterns
            )
            results.append(
                Analysis(
                    doc_id=doc.id,
                    sentences=tuple(table.sentence_chars()),
                    mentions=tuple(mentions),
                    actors=tuple(new_actors),
                    events=tuple(found_events),
                    quotes=tuple(quotes),
                    words=table.words(),
                )
            )
        return results
