"""Actors: knowledge base, entity ruler and mention resolution (placeholder)."""

from __future__ import annotations


class KnowledgeBase:
    @classmethod
    def load(cls, paths=(), extra=()):
        return cls()


def add_entity_ruler(nlp, kb) -> None:
    return None


def resolve_mentions(sdoc, document, kb):
    return [], []
