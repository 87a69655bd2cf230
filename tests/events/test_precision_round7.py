"""Seventh round: whom a protest is aimed at, a non-state part of the source's own country
as a party, and sector words used as verbs. Sentences written for these tests."""

from __future__ import annotations

import pytest


def by_type(extract, text, etype):
    return [e for e in extract(text)[0] if e.type == etype]


# (sentence, the actor id the protest is aimed at): the authority its own phrase names
ADDRESSED = [
    (
        "Thousands of Kenyan nurses marched on Monday to demand higher pay from the Kenyan "
        "government.",
        "KEN.GOV",
    ),
    (
        "Farmers went on a hunger strike in protest of the Polish government's grain policy.",
        "POL.GOV",
    ),
    ("Hundreds of students protested outside the French embassy in Dakar.", "FRA.GOV"),
]


@pytest.mark.parametrize(("text", "target"), ADDRESSED)
def test_a_protest_is_aimed_at_the_authority_it_names(extract, text, target):
    (e,) = by_type(extract, text, "PROTEST")
    assert target in e.targets


def test_a_protest_naming_no_authority_has_no_target(extract):
    # the protesters' own people is no addressee
    text = "Thousands of Kenyan nurses marched on Monday to demand higher pay."
    (e,) = by_type(extract, text, "PROTEST")
    assert not e.targets


def test_a_non_state_part_of_the_own_country_is_a_party(extract):
    (e,) = by_type(
        extract,
        "The Kenyan government banned Kenyan opposition candidates from the vote.",
        "COERCE",
    )
    assert "KEN.OPP" in e.targets
    # the state's own organ describing a thing of its own is still no party
    events = extract("Germany delivered German military equipment to Ukraine.")[0]
    (aid,) = [e for e in events if e.type == "AID"]
    assert "DEU.MIL" not in aid.targets and "DEU" not in aid.targets


def test_press_as_a_verb_is_not_the_media(actor_stage):
    from newsgraph import actors

    from .conftest import make_doc

    nlp, kb = actor_stage
    text = "Young Algerians blocked roads on Sunday to press their demands for jobs."
    mentions, _ = actors.resolve_mentions(nlp(text), make_doc(text), kb)
    assert not any(m.actor_id == "DZA.MED" for m in mentions)
    text = "The Algerian press criticised the decision."
    mentions, _ = actors.resolve_mentions(nlp(text), make_doc(text), kb)
    assert any(m.actor_id == "DZA.MED" for m in mentions)
