"""Events: PLOVER patterns and extraction (placeholder)."""

from __future__ import annotations


class PatternSet:
    @classmethod
    def load(cls, paths=()):
        return cls()


def extract_events(sdoc, document, mentions, kb, patterns):
    return [], []
