"""Event extraction over the real parse: constructions, patterns, modes, dates, places."""

from __future__ import annotations

import pytest


def events_of(extract, text, **kw):
    return extract(text, **kw)[0]


def only(extract, text, etype, **kw):
    found = [e for e in events_of(extract, text, **kw) if e.type == etype]
    assert len(found) == 1, [(e.type, e.sources, e.targets) for e in events_of(extract, text, **kw)]
    return found[0]


def trig(e, text):
    return text[e.trigger_start : e.trigger_end]


# ----------------------------------------------------------------- constructions
def test_active_voice_source_and_target(extract):
    e = only(extract, "Turkey expelled the Dutch ambassador on Monday.", "SANCTION")
    assert e.sources == ("TUR",) and e.targets == ("NLD.GOV",)
    assert e.mode == "expel" and e.quad_class == "material-conflict" and e.score < 0
    assert not (e.negated or e.hypothetical or e.reported)


def test_passive_voice_takes_source_from_by_phrase(extract):
    text = "The Afghan commander was assassinated by al-Qaeda in Takhar province."
    e = only(extract, text, "ASSAULT")
    assert e.sources == ("group:al-qaeda",)
    assert e.targets and e.mode == "assassinate"


def test_nominalisation_attack_on_x_by_y(extract):
    text = "The attack on Kabul by the Islamic State shocked the region."
    e = only(extract, text, "ASSAULT")
    assert e.sources == ("group:islamic-state",) and e.targets == ("AFG",)


def test_nominalisation_possessive_withdrawal_from(extract):
    e = only(extract, "Russia's withdrawal from Syria began last year.", "RETREAT")
    assert e.sources == ("RUS",) and e.targets == ("SYR",) and e.mode == "withdraw"


def test_nominalisation_talks_with_and_location(extract):
    text = "China held talks with the Taliban in Beijing."
    e = only(extract, text, "CONSULT")
    assert e.sources == ("CHN",) and e.targets == ("group:taliban",)
    assert e.location == "Beijing" and e.location_country == "CHN"


def test_apposition_names_the_actor(extract):
    e = only(
        extract, "The insurgent movement, the Taliban, captured the city of Kunduz.", "ASSAULT"
    )
    assert e.sources == ("group:taliban",)


def test_relative_clause_subject_is_the_antecedent(extract):
    text = "Pakistan, which hosted a Taliban delegation in March, said little."
    e = only(extract, text, "CONSULT")
    assert e.sources == ("PAK",) and e.targets == ("group:taliban",) and e.mode == "visit"
    assert e.date == "2021-03"


def test_control_verb_passes_its_subject_down(extract):
    text = "Russia agreed to deliver wheat to Afghanistan."
    evs = events_of(extract, text)
    aid = next(e for e in evs if e.type == "AID")
    assert aid.sources == ("RUS",) and aid.targets == ("AFG",)
    assert aid.hypothetical and aid.mode == "humanitarian"
    agree = next(e for e in evs if e.type == "AGREE")
    assert agree.sources == ("RUS",) and not agree.hypothetical


def test_object_control_verb_tried_to_dissuade(extract):
    text = "Germany tried to dissuade Turkey from attacking the Kurds."
    req = only(extract, text, "REQUEST")
    assert req.sources == ("DEU",) and req.targets == ("TUR",)


def test_coordinated_subjects_are_a_list(extract):
    e = only(extract, "Russia, China and Pakistan attended the summit in Moscow.", "CONSULT")
    assert e.sources == ("RUS", "CHN", "PAK")


# ----------------------------------------------------------------- patterns from the ontology
@pytest.mark.parametrize(
    ("text", "etype", "mode", "source", "target"),
    [
        ("Uzbekistan hosted a Taliban delegation.", "CONSULT", "visit", "UZB", "group:taliban"),
        (
            "Russia designated the Taliban as a terrorist organisation.",
            "SANCTION",
            "designate",
            "RUS",
            "group:taliban",
        ),
        (
            "Kazakhstan removed the Taliban from its list of banned groups.",
            "CONCEDE",
            "ease",
            "KAZ",
            "group:taliban",
        ),
        ("Kazakhstan delivered wheat to Afghanistan.", "AID", "humanitarian", "KAZ", "AFG"),
        (
            "The Islamic State claimed responsibility for the bombing in Kabul.",
            "ASSAULT",
            None,
            "group:islamic-state",
            None,
        ),
        ("Iran expelled two Afghan refugees.", "COERCE", "deport", "IRN", "AFG.REF"),
        ("Russia invaded Ukraine.", "ASSAULT", None, "RUS", "UKR"),
        (
            "The United States withdrew its troops from Afghanistan.",
            "RETREAT",
            "withdraw",
            "USA",
            "AFG",
        ),
        ("The European Union sanctioned Belarus.", "SANCTION", "restrict", None, "BLR"),
        ("Ukraine accused Russia of war crimes.", "ACCUSE", "allege", "UKR", "RUS"),
        ("Iran threatened Israel.", "THREATEN", None, "IRN", "ISR"),
        ("Turkish police arrested a Syrian journalist.", "COERCE", "arrest", "TUR.COP", None),
        ("Iran supplied arms to the Houthis.", "AID", "military", "IRN", None),
        (
            "Qatar mediated between the Taliban and the United States.",
            "CONSULT",
            "multilateral",
            "QAT",
            None,
        ),
        ("Armenia rejected the proposal of Azerbaijan.", "REJECT", None, "ARM", None),
        (
            "Georgian demonstrators protested against the government in Tbilisi.",
            "PROTEST",
            "demo",
            None,
            None,
        ),
        ("India deployed troops to the border with China.", "MOBILIZE", "troops", "IND", None),
        ("Egypt urged Ethiopia to halt the dam.", "REQUEST", None, "EGY", "ETH"),
        ("France praised Morocco.", "SUPPORT", None, "FRA", "MAR"),
        ("Turkey lifted the blockade of Armenia.", "RETREAT", "ease", "TUR", "ARM"),
        ("Japan and India signed a defence agreement.", "SUPPORT", "sign", "JPN", None),
    ],
)
def test_patterns(extract, text, etype, mode, source, target):
    e = only(extract, text, etype)
    assert e.mode == mode
    if source:
        assert source in e.sources, (e.sources, e.targets)
    if target:
        assert target in e.targets, (e.sources, e.targets)
    assert e.confidence > 0.3


# ----------------------------------------------------------------- auxiliary modes
@pytest.mark.parametrize(
    "text",
    [
        "Russia refused to attend the talks with the Taliban.",
        "The United States did not meet the Taliban.",
        "Moscow has yet to recognise the Taliban.",
        "China declined to recognise the Taliban.",
        "Russia never recognised the Taliban government.",
        "Pakistan failed to arrest the Taliban leader.",
    ],
)
def test_negated(extract, text):
    evs = [
        e for e in events_of(extract, text) if e.type in ("CONSULT", "SUPPORT", "COERCE", "ASSAULT")
    ]
    assert evs and all(e.negated for e in evs), [(e.type, e.negated, e.pattern) for e in evs]


@pytest.mark.parametrize(
    "text",
    [
        "The Islamic State could attack Iran.",
        "Russia would recognise the Taliban.",
        "Iran may attack Israel.",
        "If Turkey attacks Syria, Russia will respond.",
        "What if Russia invades Ukraine?",
        "Russia is expected to recognise the Taliban.",
        "China plans to invest in Afghanistan.",
        "Iran threatened to attack Israel.",
        "Washington called for talks with Tehran.",
    ],
)
def test_hypothetical(extract, text):
    evs = [e for e in events_of(extract, text) if e.type not in ("THREATEN", "REQUEST")]
    assert evs and all(e.hypothetical for e in evs), [
        (e.type, e.hypothetical, e.pattern) for e in evs
    ]
    assert all(not e.negated for e in evs)


@pytest.mark.parametrize(
    "text",
    [
        "Israel allegedly attacked Iran.",
        "According to Reuters, Russia attacked Ukraine.",
        "Kyiv claims that Russia attacked Ukraine.",
        "Officials said that Iran attacked Iraq.",
    ],
)
def test_reported(extract, text):
    e = only(extract, text, "ASSAULT")
    assert e.reported and not e.negated and not e.hypothetical


def test_historical_from_the_event_date(extract):
    text = "On September 9, 2001, Russian President Vladimir Putin called George W. Bush. Russia met the Taliban on Tuesday."
    evs = events_of(extract, text)
    call = next(e for e in evs if trig(e, text) == "called")
    meet = next(e for e in evs if trig(e, text) == "met")
    assert call.historical and call.date == "2001-09-09" and call.date_precision == "day"
    assert call.type == "CONSULT" and call.mode == "phone"
    assert call.sources == ("person:vladimir-putin",) and call.targets == ("person:george-w-bush",)
    assert not meet.historical and meet.date == "2021-09-07"


def test_speculation_is_not_an_attack(extract):
    """The failure this stage exists to avoid: speculation coded as fact."""
    text = (
        "Should the Taliban fail, the Islamic State could push into Tajikistan. "
        "Russia refused to attend the meeting with the Taliban."
    )
    factual = [e for e in events_of(extract, text) if not e.hypothetical and not e.negated]
    assert all(e.type not in ("ASSAULT", "CONSULT", "MOBILIZE") for e in factual), factual


# ----------------------------------------------------------------- dates and places
def test_two_days_later_follows_the_previous_dated_event(extract):
    text = (
        "On September 9, 2001, al-Qaeda killed Ahmad Shah Massoud in Afghanistan. "
        "Two days later, al-Qaeda attacked the United States."
    )
    evs = events_of(extract, text)
    attack = next(e for e in evs if trig(e, text) == "attacked")
    assert attack.date == "2001-09-11" and attack.date_text == "Two days later"
    kill = next(e for e in evs if trig(e, text) == "killed")
    assert kill.location == "Afghanistan" and kill.location_country == "AFG"


def test_date_of_the_report_is_not_the_date_of_the_event(extract):
    text = "Iran attacked Iraq, officials said on Tuesday."
    e = only(extract, text, "ASSAULT")
    assert e.date is None


def test_article_without_date_keeps_absolute_dates_only(extract):
    text = "Russia invaded Ukraine in February 2022. Russia attacked Kharkiv yesterday."
    evs = events_of(extract, text, published=None)
    by = {trig(e, text): e for e in evs}
    assert by["invaded"].date == "2022-02" and by["invaded"].date_precision == "month"
    assert by["attacked"].date is None and by["attacked"].date_text == "yesterday"


def test_range_since(extract):
    e = only(extract, "Russia has supplied arms to Syria since 2015.", "AID")
    assert (e.date, e.date_end, e.date_precision) == ("2015", "2021", "year")


# ----------------------------------------------------------------- ids, confidence, fallback
def test_ids_are_deterministic_and_distinct(extract):
    text = "Iran attacked Iraq. Iraq attacked Iran."
    a = events_of(extract, text)
    b = events_of(extract, text)
    assert [e.id for e in a] == [e.id for e in b]
    assert len({e.id for e in a}) == 2
    c = events_of(extract, text, doc_id="other")
    assert not {e.id for e in a} & {e.id for e in c}


def test_confidence_is_higher_with_both_actors(extract):
    full = only(extract, "Iran attacked Iraq.", "ASSAULT")
    half = (
        only(extract, "Iraq was attacked.", "ASSAULT")
        if events_of(extract, "Iraq was attacked.")
        else None
    )
    assert 0 < full.confidence <= 1
    if half is not None:
        assert half.confidence < full.confidence


def test_fallback_mentions_from_spacy_entities(nlp, patterns):
    """Without the actors stage, spaCy's entities stand in (ids text:<slug>)."""
    from newsgraph.events import extract_events
    from newsgraph.model import Document

    text = "Turkey expelled the Dutch ambassador. Russia, China and Pakistan attended the talks."
    doc = Document(
        id="fb",
        source="t",
        raw_hash="r",
        content_hash="c",
        body=text,
        published="2021-09-09",
        published_precision="day",
    )
    events, _ = extract_events(nlp(text), doc, [], None, patterns)
    sanction = next(e for e in events if e.type == "SANCTION")
    assert sanction.sources == ("text:turkey",)
    consult = next(e for e in events if e.type == "CONSULT")
    assert consult.sources == ("text:russia", "text:china", "text:pakistan")
