"""Precision rules of the fourth round: acts under a demand, figurative senses, "fighting
with", venues after "at", the source's own demonyms. Sentences written for these tests."""

from __future__ import annotations


def by_trigger(extract, text, word):
    return [e for e in extract(text)[0] if text[e.trigger_start : e.trigger_end] == word]


def test_act_demanded_in_a_that_clause_is_hypothetical(extract):
    (e,) = by_trigger(extract, "Germany demanded that Poland expel the Russian diplomats.", "expel")
    assert e.hypothetical


def test_subjunctive_under_insist_is_hypothetical_but_a_report_is_not(extract):
    (e,) = by_trigger(extract, "France insisted that Italy expel the diplomats.", "expel")
    assert e.hypothetical
    (e,) = by_trigger(extract, "France insisted that Italy expelled the diplomats.", "expelled")
    assert not e.hypothetical


def test_striking_down_a_policy_is_no_attack(extract):
    text = "A judge in Washington struck down Trump's policy on asylum."
    assert not [e for e in extract(text)[0] if e.type == "ASSAULT"]
    (e,) = by_trigger(extract, "Al-Qaeda struck the United States in 2001.", "struck")
    assert e.type == "ASSAULT" and e.targets == ("USA",)


def test_invading_the_scenes_is_no_attack(extract):
    text = "Russian state media invaded the scenes of the crisis in Kabul."
    assert not [e for e in extract(text)[0] if e.type == "ASSAULT"]
    (e,) = by_trigger(extract, "Russia invaded Ukraine in 2022.", "invaded")
    assert e.type == "ASSAULT"


def test_pulled_from_the_rubble_is_no_withdrawal(extract):
    assert not by_trigger(extract, "A Syrian boy was pulled from the rubble of Aleppo.", "pulled")
    (e,) = by_trigger(extract, "Israel pulled its troops from Lebanon.", "pulled")
    assert e.type == "RETREAT" and e.targets == ("LBN",)


def test_fighting_with_a_group_is_alongside_it(extract):
    text = "Hundreds of British nationals were fighting with Islamic State in Syria."
    for e in by_trigger(extract, text, "fighting"):
        assert "group:islamic-state" not in e.targets
    text = "Kurdish fighters were fighting with the US against Islamic State."
    (e,) = by_trigger(extract, text, "fighting")
    assert e.targets == ("group:islamic-state",)
    (e,) = by_trigger(extract, "Turkish troops clashed with Kurdish fighters.", "clashed")
    assert e.targets == ("ethnic:kurds",)


def test_at_after_a_noun_event_is_its_venue(extract):
    (e,) = by_trigger(extract, "Russia's veto at the UN blocked the resolution.", "veto")
    assert e.type == "REJECT" and "igo:un" not in e.targets


def test_demonym_of_the_sources_own_thing_is_no_target(extract):
    text = "Tillerson pledged an open-ended US military commitment."
    (e,) = by_trigger(extract, text, "pledged")
    assert not any(t.startswith("USA") for t in e.targets)
    (e,) = by_trigger(extract, "The Russian government banned Russian opposition groups.", "banned")
    assert e.targets == ("RUS.OPP",)


def test_participle_modifiers_flag_a_noun_event(extract):
    text = "Russia asked for inspectors before an expected missile strike by US forces."
    (e,) = by_trigger(extract, text, "strike")
    assert e.hypothetical
    text = "Police said the cancelled attack on the embassy was planned by Hamas."
    events = by_trigger(extract, text, "attack")
    assert events and all(e.negated for e in events)


def test_a_planned_act_carried_out_is_factual(extract):
    text = "Israel mounted its long-threatened invasion of Lebanon."
    (e,) = by_trigger(extract, text, "invasion")
    assert e.type == "ASSAULT" and not e.hypothetical
