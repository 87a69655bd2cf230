"""The knowledge base files and user extensions."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.actors import KnowledgeBase, Override
from newsgraph.errors import ModelError


def test_shipped_knowledge_base_is_consistent():
    kb = KnowledgeBase.load()
    assert len(kb.countries) > 190
    for code in "USA RUS CHN GBR FRA AFG PAK IRN IND TUR KAZ KGZ TJK TKM UZB UKR DEU".split():
        heads = [
            a for a in kb.actors() if a.kind == "person" and any(r.country == code for r in a.roles)
        ]
        assert len(heads) >= 3, code
    for actor in kb.actors():
        for role in actor.roles:
            assert role.start is None or role.end is None or role.start <= role.end, (
                actor.id,
                role,
            )
    qids = [a.wikidata for a in kb.actors() if a.wikidata]
    assert len(qids) == len(set(qids)), "one Wikidata id names two actors"
    assert kb.actor("igo:csto").country == "IGO"
    assert kb.actor("SUN").kind == "country"


def test_user_yaml_adds_actors_and_aliases(tmp_path: Path):
    path = tmp_path / "mine.yaml"
    path.write_text(
        "groups:\n"
        "  - {id: group:black-flag, name: Black Flag Brigade, aka: [BFB], country: SYR, sector: REB}\n"
        "people:\n"
        '  - {name: Aziza Normatova, roles: ["UZB GOV Deputy Foreign Minister 2023-01-01/"]}\n'
        "aliases:\n"
        "  person:vladimir-putin: [VVP]\n",
        encoding="utf-8",
    )
    kb = KnowledgeBase.load([path])
    assert kb.lookup("BFB") == ["group:black-flag"]
    assert kb.codes_at("person:aziza-normatova", "2024-01-01") == ("UZB", "GOV")
    assert kb.lookup("VVP") == ["person:vladimir-putin"]
    assert kb.origin["group:black-flag"] == "user"


def test_bad_user_file_names_the_file(tmp_path: Path):
    path = tmp_path / "broken.yaml"
    path.write_text('people:\n  - {roles: ["nonsense"]}\n', encoding="utf-8")
    with pytest.raises(ModelError) as err:
        KnowledgeBase.load([path])
    assert "broken.yaml" in str(err.value)
    with pytest.raises(ModelError):
        KnowledgeBase.load([tmp_path / "missing.yaml"])


def test_merge_and_split_overrides():
    kb = KnowledgeBase.load(
        extra=[
            Override("merge", "group:islamic-state", "group:iskp"),
            Override("split", "RUS.GOV", "Smolenskaya Square"),
        ]
    )
    assert kb.lookup("ISKP") == ["group:islamic-state"]
    assert kb.actor("group:iskp").id == "group:islamic-state"
    assert kb.after_overrides("RUS.GOV", "Smolenskaya Square") == "user:smolenskaya-square"
    assert "Smolenskaya Square" not in kb.actor("RUS.GOV").aliases


def test_acting_offices_and_coarse_dates_count_as_the_office():
    kb = KnowledgeBase.load()
    assert kb.holder_at("KGZ", "Prime Minister", "1992-01-15") == "person:andrei-iordan"
    assert kb.codes_at("person:karim-massimov", "2004-06-01") == ("KAZ", "GOV")
    assert kb.codes_at("person:yoweri-museveni", "1999-01-01") == ("UGA", "GOV")
    # heads of an IGO carry a PLOVER sector, not "IGO"
    assert kb.codes_at("person:kofi-annan", "2000-01-01") == ("IGO", "GOV")
