"""Type coding and argument attachment improvements (sentences written for these tests)."""

from __future__ import annotations

from newsgraph.events import plover_type


def _of(extract, text, etype):
    return [e for e in extract(text)[0] if e.type == etype]


def test_lemma_repair_reads_staged_as_stage(extract):
    found = _of(
        extract, "Angry students staged rallies against the Egyptian government.", "PROTEST"
    )
    assert found and not found[0].hypothetical


def test_any_listed_preposition_is_enough(extract):
    found = _of(extract, "Israeli tanks fired shells at Gaza on Monday.", "ASSAULT")
    assert found and found[0].sources == ("ISR.MIL",)


def test_visit_needs_political_actors_on_both_sides(extract):
    assert _of(extract, "Vladimir Putin visited Syria on Monday.", "CONSULT")
    assert not _of(extract, "Our reporter Jane Holloway visited three villages.", "CONSULT")


def test_hypothetical_visit_is_an_agreement_for_plover(extract, patterns):
    e = _of(extract, "The German foreign minister will visit Albania in June.", "CONSULT")[0]
    assert e.hypothetical and plover_type(e, patterns.ontology) == "AGREE"


def test_target_from_the_place_of_the_act(extract):
    e = _of(extract, "Serbia lifted a night curfew in Montenegro on Friday.", "CONCEDE")[0]
    assert e.sources == ("SRB",) and e.targets == ("MNE",)


def test_coordinated_demonyms_give_two_sources(extract):
    e = _of(extract, "Senior Hungarian and Romanian officials agreed to meet again.", "AGREE")[0]
    assert {"HUN", "ROU"} <= {s[:3] for s in e.sources}


def test_performed_purpose_is_not_hypothetical(extract):
    text = "Thousands of students marched in Cairo to protest against the Egyptian government."
    assert any(not e.hypothetical for e in _of(extract, text, "PROTEST"))


def test_vow_to_fight_is_a_threat(extract):
    assert _of(
        extract, "The Taliban vowed to fight on until every foreign soldier leaves.", "THREATEN"
    )


def test_undertaking_a_mission_is_no_pledge(extract):
    text = "The Egyptian navy undertook drills near Cyprus last week."
    assert not _of(extract, text, "AGREE")
