"""An EntityRuler fed from the knowledge base, for names the statistical NER misses or
mislabels: armed groups, IGOs, acronyms, negotiation formats, state agencies.

It runs before "ner": the names it marks are kept and the model labels the rest of
the text around them (measured against the alternative, after "ner" with overwrite,
on CoNLL-2003: see docs/benchmarks/actors.md).
"""

from __future__ import annotations

from newsgraph.actors.kb import KnowledgeBase

RULER_NAME = "newsgraph_actors"


def ruler_patterns(kb: KnowledgeBase) -> list[dict]:
    """Phrase patterns ``{"label", "pattern", "id"}`` for the names of the knowledge base:
    organisations, groups, formats, and people's full names (which the NER sometimes
    takes for organisations). Names of one or two letters and single-word personal names
    are left to the NER, because as patterns they fire on ordinary words."""
    patterns = []
    seen = set()
    for label, text, actor_id in kb.ruler_names:
        if len(text) < 3 or text.lower().startswith("the "):
            continue
        if label == "PERSON" and len(text.split()) < 2:
            continue  # lone surnames ("Brown", "May") are ordinary words too
        for form in {text, text.upper()} if text[0].isupper() and len(text) > 4 else {text}:
            if (form, actor_id) not in seen:
                seen.add((form, actor_id))
                patterns.append({"label": label, "pattern": form, "id": actor_id})
    return patterns


def add_entity_ruler(nlp, kb: KnowledgeBase) -> None:
    """Add (once per pipeline) the knowledge-base EntityRuler to `nlp`; a second call
    replaces its patterns with those of `kb` instead of adding a second ruler."""
    if RULER_NAME in nlp.pipe_names:
        ruler = nlp.get_pipe(RULER_NAME)
        ruler.clear()
    else:
        where = {"before": "ner"} if "ner" in nlp.pipe_names else {}
        ruler = nlp.add_pipe(
            "entity_ruler",
            name=RULER_NAME,
            config={"phrase_matcher_attr": "ORTH", "overwrite_ents": False},
            **where,
        )
    # add_patterns runs every pattern text through the components before the ruler
    # (tagger, parser, ...: about a second for the knowledge base's names). Phrases
    # matched on ORTH need only the tokenizer, so the others are switched off meanwhile.
    with nlp.select_pipes(enable=[RULER_NAME]):
        ruler.add_patterns(ruler_patterns(kb))
