"""Cluster: stories are the connected groups of copies, each with one canonical member.

Later stages count an event once per story, on the canonical member, and keep the
other members as provenance. The canonical member is chosen by `CANONICAL_RULE`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from newsgraph.model import DocRelation, Story

ANALYSIS_LANGUAGES = ("en",)

CANONICAL_RULE = (
    "in the analysis language (English) or of unknown language first; then most complete "
    "(not contained in another member, then most words, within 10%); then cleanest (fewest "
    "page-furniture blocks removed); then earliest (published date, then the order added)"
)


@dataclass(frozen=True)
class Member:
    """What the canonical rule looks at for one document."""

    doc_id: str
    seq: int  # order added to the store
    words: int
    language: str | None = None
    published: str | None = None
    removed: int = 0  # blocks of page furniture ingest removed


def story_id(first_member: str) -> str:
    """A story is named after the member added first, so adding copies keeps its id."""
    return f"story:{first_member}"


def connected_groups(doc_ids: Iterable[str], relations: Iterable[DocRelation]) -> list[list[str]]:
    """Connected components of the copy graph (union-find), each sorted, in first-seen order."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    order = list(doc_ids)
    for d in order:
        find(d)
    for r in relations:
        ra, rb = find(r.a), find(r.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for d in order:
        groups.setdefault(find(d), []).append(d)
    return list(groups.values())


def canonical_member(members: Sequence[Member], relations: Iterable[DocRelation]) -> Member:
    """The member later stages count, by `CANONICAL_RULE`."""
    contained = {r.b for r in relations if r.kind == "contains"}

    def rank(m: Member) -> tuple:
        in_language = m.language is None or m.language in ANALYSIS_LANGUAGES
        size_band = int(math.log(m.words + 1, 1.1))  # words within 10% count as equal
        return (
            not in_language,
            m.doc_id in contained,
            -size_band,
            m.removed,
            m.published is None,
            m.published or "",
            m.seq,
        )

    return min(members, key=rank)


def build_stories(members: Sequence[Member], relations: Sequence[DocRelation]) -> list[Story]:
    """One Story per connected group of `members` (singletons included), ordered by first member."""
    by_id = {m.doc_id: m for m in members}
    relations = [r for r in relations if r.a in by_id and r.b in by_id]
    ordered = sorted(members, key=lambda m: m.seq)
    groups = connected_groups((m.doc_id for m in ordered), relations)
    group_of = {d: k for k, group in enumerate(groups) for d in group}
    relations_of: dict[int, list[DocRelation]] = {}
    for r in relations:
        if r.a in group_of:
            relations_of.setdefault(group_of[r.a], []).append(r)
    stories = []
    for k, group in enumerate(groups):
        group_members = sorted((by_id[d] for d in group), key=lambda m: m.seq)
        canonical = canonical_member(group_members, relations_of.get(k, []))
        stories.append(
            Story(
                id=story_id(group_members[0].doc_id),
                canonical=canonical.doc_id,
                members=tuple(m.doc_id for m in group_members),
                rule=CANONICAL_RULE,
            )
        )
    return stories
