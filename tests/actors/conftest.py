"""Fixtures of the actor tests: the shipped knowledge base and the spaCy model with its
entity ruler."""

from __future__ import annotations

import pytest

from newsgraph.actors import KnowledgeBase, add_entity_ruler


@pytest.fixture(scope="session", autouse=True)
def private_kb_cache(tmp_path_factory):
    """The compiled knowledge base of these tests goes to a folder of their own, not
    the user's cache."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NEWSGRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("kb-cache")))
        yield


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


@pytest.fixture(scope="module")
def ruled(nlp, kb):
    add_entity_ruler(nlp, kb)
    return nlp
