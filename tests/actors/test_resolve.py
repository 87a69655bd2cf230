"""Actor resolution on the examples of issue 4, with the real spaCy model."""

from __future__ import annotations

import pytest

from newsgraph.actors import KnowledgeBase, add_entity_ruler, resolve_mentions
from newsgraph.model import Document


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


@pytest.fixture(scope="module")
def ruled(nlp, kb):
    add_entity_ruler(nlp, kb)
    return nlp


def resolve(nlp, kb, text: str, published: str | None = "2021-09-09"):
    doc = Document(id="t", source="t", raw_hash="", content_hash="", body=text, published=published)
    return resolve_mentions(nlp(text), doc, kb)


def by_text(mentions):
    return {m.text: m for m in mentions}


def test_putin_kremlin_moscow_are_the_russian_government(ruled, kb):
    text = (
        "Russian President Vladimir Putin spoke on Monday. Later, Putin said talks would go on. "
        "The Kremlin confirmed the call. Moscow said it was ready to help."
    )
    mentions, _ = resolve(ruled, kb, text)
    m = by_text(mentions)
    assert m["Russian President Vladimir Putin"].actor_id == "person:vladimir-putin"
    assert m["Putin"].actor_id == "person:vladimir-putin"
    assert m["Putin"].rule == "short-form"
    assert m["Kremlin"].actor_id == "RUS.GOV" and m["Kremlin"].rule == "metonym"
    assert m["Moscow"].actor_id == "RUS.GOV" and m["Moscow"].rule == "metonym"
    for key in ("Russian President Vladimir Putin", "Putin", "Kremlin", "Moscow"):
        assert (m[key].country, m[key].sector) == ("RUS", "GOV")
    assert {kb.government_of(m[k].actor_id, "2021-09-09") for k in m} == {"RUS.GOV"}


def test_isis_k_spellings_are_one_group(ruled, kb):
    text = (
        "Islamic State Khorasan Province (ISKP) claimed the attack. ISIS-K has grown since, "
        "and ISIS Khorasan recruits widely. Officials blamed ISKP again."
    )
    mentions, _ = resolve(ruled, kb, text)
    ids = {m.text: m.actor_id for m in mentions if "IS" in m.text or "Islamic" in m.text}
    assert set(ids) >= {"Islamic State Khorasan Province", "ISIS-K", "ISIS Khorasan", "ISKP"}
    assert set(ids.values()) == {"group:iskp"}


def test_unknown_tajik_foreign_minister_is_a_new_tajik_government_actor(ruled, kb):
    text = (
        "Tajik Foreign Minister Dilshod Qodirzoda met envoys in Dushanbe. "
        "Qodirzoda said the border was calm."
    )
    mentions, new = resolve(ruled, kb, text)
    person = [m for m in mentions if m.actor_id == "new:dilshod-qodirzoda"]
    assert len(person) == 2
    assert person[0].rule == "new-actor" and person[1].rule == "short-form"
    assert all((m.country, m.sector) == ("TJK", "GOV") for m in person)
    actor = next(a for a in new if a.id == "new:dilshod-qodirzoda")
    assert (actor.kind, actor.country, actor.sector) == ("person", "TJK", "GOV")
    assert "Foreign Minister" in actor.description


def test_unnamed_office_and_bodies_give_country_and_sector(ruled, kb):
    text = (
        "Afghan security forces withdrew on Sunday. Russian security services said they "
        "had warned Kabul."
    )
    mentions, _ = resolve(ruled, kb, text)
    m = by_text(mentions)
    assert (m["Afghan security forces"].country, m["Afghan security forces"].sector) == (
        "AFG",
        "MIL",
    )
    assert m["Afghan security forces"].rule == "demonym-title"
    assert m["Russian security services"].actor_id == "RUS.SPY"


def test_a_concert_hall_near_moscow_is_a_place(ruled, kb):
    text = "Gunmen opened fire in a concert hall near Moscow on Friday evening."
    mentions, _ = resolve(ruled, kb, text)
    moscow = by_text(mentions)["Moscow"]
    assert moscow.rule == "place"
    assert moscow.actor_id == "RUS" and moscow.sector is None


def test_roles_are_read_at_the_documents_date(ruled, kb):
    text = "Dmitry Medvedev met Hamid Karzai."
    early, _ = resolve(ruled, kb, text, published="2006-05-01")
    late, _ = resolve(ruled, kb, text, published="2021-05-01")
    assert kb.role_at("person:dmitry-medvedev", "2006-05-01").title == "First Deputy Prime Minister"
    assert kb.role_at("person:dmitry-medvedev", "2010-05-01").title == "President"
    karzai_then = by_text(early)["Hamid Karzai"]
    karzai_now = by_text(late)["Hamid Karzai"]
    assert (karzai_then.country, karzai_then.sector) == ("AFG", "GOV")
    assert (karzai_now.country, karzai_now.sector) == ("AFG", "ELI")  # out of office
    assert kb.codes_at("group:taliban", "2010-01-01") == ("AFG", "REB")
    assert kb.codes_at("group:taliban", "2022-01-01") == ("AFG", "GOV")


def test_lone_surname_picks_the_holder_at_the_date(kb):
    assert kb.by_surname("Bush", "1991-06-01") == "person:george-h-w-bush"
    assert kb.by_surname("Bush", "2005-06-01") == "person:george-w-bush"


def test_every_mention_is_kept_even_unknown_ones(ruled, kb):
    text = "The Zorbanian Liberation Council and its leader Tarvo Menkes rejected the offer."
    mentions, new = resolve(ruled, kb, text)
    assert any(m.rule == "new-actor" for m in mentions)
    assert {a.kind for a in new} <= {"person", "organisation"} and new


def test_entity_ruler_is_added_once(nlp, kb):
    add_entity_ruler(nlp, kb)
    add_entity_ruler(nlp, kb)
    assert nlp.pipe_names.count("newsgraph_actors") == 1
    assert nlp.pipe_names.index("newsgraph_actors") < nlp.pipe_names.index("ner")
