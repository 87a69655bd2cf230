"""Fixtures for the events tests: the real spaCy model, with and without the actors stage."""

from __future__ import annotations

import pytest

from newsgraph.model import Document


@pytest.fixture(scope="session")
def patterns():
    from newsgraph.events import PatternSet

    return PatternSet.load()


@pytest.fixture(scope="session")
def actor_stage():
    """Our own copy of the pipeline with the knowledge-base ruler, so that the shared
    `nlp` fixture stays a plain spaCy pipeline."""
    import spacy

    from newsgraph import actors
    from newsgraph.annotate import resolve_model_path

    nlp = spacy.load(resolve_model_path("en_core_web_md"))
    kb = actors.KnowledgeBase.load(())
    actors.add_entity_ruler(nlp, kb)
    return nlp, kb


def make_doc(text: str, published: str | None = "2021-09-09", doc_id: str = "doc1") -> Document:
    return Document(
        id=doc_id,
        source="test",
        raw_hash="r",
        content_hash="c" + doc_id,
        body=text,
        published=published,
        published_precision="day" if published else None,
    )


@pytest.fixture(scope="session")
def extract(actor_stage, patterns):
    """text -> (events, quotes) through spaCy, the actors stage and the events stage."""
    from newsgraph import actors
    from newsgraph.events import extract_events

    nlp, kb = actor_stage

    def run(text: str, published: str | None = "2021-09-09", doc_id: str = "doc1"):
        doc = make_doc(text, published, doc_id)
        sdoc = nlp(text)
        mentions, _ = actors.resolve_mentions(sdoc, doc, kb)
        return extract_events(sdoc, doc, mentions, kb, patterns)

    return run
