"""Fixtures of the actor tests: the shipped knowledge base and the spaCy model with its
entity ruler."""

from __future__ import annotations

import pytest

from newsgraph.actors import KnowledgeBase, add_entity_ruler


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


@pytest.fixture(scope="module")
def ruled(nlp, kb):
    add_entity_ruler(nlp, kb)
    return nlp
