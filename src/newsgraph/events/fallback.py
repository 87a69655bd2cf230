"""Actor mentions straight from spaCy's entities, for when the actors stage gave none.

Used only when `extract_events` receives no mentions at all (the actors stage not
installed, or a bare spaCy pipeline): GPE, NORP, ORG and PERSON entities become actors
with ids ``text:<slug>``; LOC and FAC entities become places. No knowledge base, so no
countries: events still get their sources and targets, as the text names them.
"""

from __future__ import annotations

import re

from newsgraph.annotate.tokens import token_table
from newsgraph.model import Mention

ACTOR_LABELS = {"GPE", "NORP", "ORG", "PERSON"}
PLACE_LABELS = {"LOC", "FAC"}


def slug(text: str) -> str:
    s = re.sub(r"[^\w]+", "-", text.lower().removeprefix("the ")).strip("-")
    return s or "x"


def mentions_from_entities(sdoc, doc_id: str) -> list[Mention]:
    """Mentions for the named entities of `sdoc`, in text order."""
    out = []
    for ent in sdoc.ents:
        if ent.label_ in ACTOR_LABELS:
            out.append(
                Mention(
                    doc_id,
                    ent.start_char,
                    ent.end_char,
                    ent.text,
                    ent.label_,
                    f"text:{slug(ent.text)}",
                    "entity",
                )
            )
        elif ent.label_ in PLACE_LABELS:
            out.append(
                Mention(doc_id, ent.start_char, ent.end_char, ent.text, ent.label_, None, "place")
            )
    return out


def member_group_mentions(
    sdoc, doc_id: str, mentions: list[Mention], kb, member_nouns
) -> list[Mention]:
    """Groups named only as the modifier of a member noun, which the actors stage left
    unresolved: "a Haqqani facilitator", "an IMU cell leader". The modifier words are
    looked up in the knowledge base as written and with "network" added (news shortens
    "the X network" to "X"); only group actors count.

    Returns the new mentions (the modifier span, rule ``member-noun``), in text order."""
    if kb is None or not hasattr(kb, "lookup"):
        return []
    covered = set()
    for m in mentions:
        if m.actor_id:
            covered.update(range(m.start, m.end))
    out = []
    table = token_table(sdoc)
    text = table.text
    for i, (pos, lemma) in enumerate(zip(table.pos, table.lemma, strict=True)):
        if pos not in ("NOUN", "PROPN") or lemma not in member_nouns:
            continue
        tok = sdoc[i]
        mods = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod")]
        mods = [c for c in mods if c.pos_ in ("PROPN", "ADJ", "NOUN") and c.text[:1].isupper()]
        if not mods:
            continue
        first, last = mods[0], mods[-1]
        start, end = first.idx, last.idx + len(last.text)
        if any(c in covered for c in range(start, end)):
            continue
        phrase = text[start:end]
        group = _group_for(phrase, kb)
        if group is not None:
            out.append(Mention(doc_id, start, end, phrase, "ORG", group, "member-noun"))
            covered.update(range(start, end))
    return out


def _group_for(phrase: str, kb) -> str | None:
    for key in (phrase, f"{phrase} network"):
        for actor_id in kb.lookup(key, marked=False):
            actor = kb.actor(actor_id)
            if actor is not None and getattr(actor, "kind", None) == "group":
                return actor_id
    return None
