"""Fourth round of real-text gaps (issue 4): facilities named after people, sponsored
armed groups, guessed countries of bare "terrorists" in long texts, offices ending in
"general", British ministries and the OPCW, a parliament named before, coalition
aircraft. Real spaCy model throughout; sentences written for these tests."""

from __future__ import annotations

from newsgraph.actors import resolve_mentions
from newsgraph.model import Document


def resolve(nlp, kb, text: str, published: str | None = "2021-09-01"):
    doc = Document(id="t", source="t", raw_hash="", content_hash="", body=text, published=published)
    return resolve_mentions(nlp(text), doc, kb)[0]


def by_text(mentions) -> dict[str, tuple]:
    return {m.text: (m.actor_id, m.country, m.sector) for m in mentions}


def test_facilities_named_after_people_are_not_the_person(ruled, kb):
    airport = resolve(
        ruled, kb, "Two blasts hit a gate of Hamid Karzai International Airport at dusk."
    )
    assert not any(m.actor_id == "person:hamid-karzai" for m in airport)
    assert any(
        m.text == "Hamid Karzai International Airport" and m.actor_id is None for m in airport
    )
    hospital = resolve(ruled, kb, "The injured were flown to Ataturk Hospital overnight.")
    assert all(m.actor_id is None or m.actor_id.startswith("new:") for m in hospital)
    assert any(m.text == "Ataturk Hospital" for m in hospital)
    # the person alone is still the person
    alone = resolve(ruled, kb, "Hamid Karzai urged the elders to talk.")
    assert any(m.actor_id == "person:hamid-karzai" for m in alone)


def test_sponsored_armed_men_do_not_take_the_sponsor_or_a_guess(ruled, kb):
    for text in (
        "Turkish-backed rebels took the hill from the defenders.",
        "Iranian-backed militias fired rockets at a base in Iraq.",
        "Russia-supported separatists shelled the market again.",
        "Rebels backed by Iran shelled the port of Hodeidah in Yemen.",
    ):
        rebels = [m for m in resolve(ruled, kb, text) if m.sector == "REB"]
        assert not rebels, (text, rebels)
    # their own country, when the text gives it, still counts
    own = by_text(resolve(ruled, kb, "US-backed Syrian rebels stormed the checkpoint."))
    assert own["Syrian rebels"][:2] == ("SYR.REB", "SYR")


def test_bare_terrorists_take_no_guessed_country_in_a_long_text(ruled, kb):
    sentence = "The terrorists opened fire in a shopping centre in Russia."
    short = [m for m in resolve(ruled, kb, sentence) if m.text.endswith("terrorists")]
    assert short and short[0].country == "RUS"
    filler = "Officials met again to discuss the weather, the harvest and the roads. " * 30
    long_text = filler + sentence
    found = [m for m in resolve(ruled, kb, long_text) if m.text.endswith("terrorists")]
    assert not any(m.country for m in found)
    # stated in the phrase, the country stays
    stated = resolve(ruled, kb, filler + "Chechen terrorists opened fire in Russia.")
    assert any(m.sector == "REB" and m.country == "RUS" for m in stated)


def test_offices_ending_in_general_are_not_military(ruled, kb):
    cases = {
        "Pakistan's attorney general said the case would be reopened.": "JUD",
        "Russia's auditor general criticised the budget.": "GOV",
        "Russia's general public was not consulted.": "CVL",
        "Russia's top general visited the front line.": "MIL",
        "The Pakistani army general denied the claim.": "MIL",
    }
    for text, sector in cases.items():
        sectors = {m.sector for m in resolve(ruled, kb, text) if m.sector}
        assert sector in sectors, (text, sectors)
        if sector != "MIL":
            assert "MIL" not in sectors, text


def test_ministries_opcw_and_parliaments(ruled, kb):
    got = by_text(
        resolve(ruled, kb, "The Home Office said the plan would go ahead, and the OPCW disagreed.")
    )
    assert got["The Home Office"][0] == "GBR.GOV"
    assert got["OPCW"][0] == "igo:opcw"
    iaea = by_text(resolve(ruled, kb, "The IAEA inspectors left on Friday."))
    assert iaea["IAEA"][1] == "IGO"
    for text, code in (
        ("The British Foreign Office summoned the envoy.", "GBR"),
        ("The German Foreign Office summoned the envoy.", "DEU"),
        ("Germany's Interior Ministry banned the group on Tuesday.", "DEU"),
    ):
        assert any(m.actor_id == f"{code}.GOV" for m in resolve(ruled, kb, text)), text
    text = "Ukraine's parliament voted on the law. Later the parliament's defence committee met."
    legs = [m for m in resolve(ruled, kb, text) if m.sector == "LEG"]
    assert [m.country for m in legs] == ["UKR", "UKR"]


def test_coalition_aircraft_at_the_start_of_a_sentence(ruled, kb):
    text = (
        "ISAF said its troops held the valley. Coalition aircraft struck positions near Kandahar."
    )
    got = by_text(resolve(ruled, kb, text))
    assert got["Coalition aircraft"][0] == "igo:isaf"
