"""Actor mentions straight from spaCy's entities, for when the actors stage gave none.

Used only when `extract_events` receives no mentions at all (the actors stage not
installed, or a bare spaCy pipeline): GPE, NORP, ORG and PERSON entities become actors
with ids ``text:<slug>``; LOC and FAC entities become places. No knowledge base, so no
countries: events still get their sources and targets, as the text names them.
"""

from __future__ import annotations

import re

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
