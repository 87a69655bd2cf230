"""Direct quotes and reported statements, with speakers and the events in them."""

from __future__ import annotations


def test_direct_quote_with_speaker_after(extract):
    text = '"We will never recognise the Taliban government," Lavrov said on Monday.'
    events, quotes = extract(text)
    direct = [q for q in quotes if q.kind == "direct"]
    assert len(direct) == 1
    q = direct[0]
    assert q.text.startswith("We will never recognise")
    assert q.speaker == "person:sergei-lavrov" and q.cue == "say"
    assert text[q.start : q.end] == q.text
    recognise = next(e for e in events if e.type == "SUPPORT")
    assert q.event_ids == (recognise.id,)
    assert recognise.negated and recognise.hypothetical


def test_direct_quote_after_colon(extract):
    text = 'Lavrov told reporters: "Russia will deliver wheat to Afghanistan next month."'
    _, quotes = extract(text)
    q = next(q for q in quotes if q.kind == "direct")
    assert q.speaker == "person:sergei-lavrov" and q.event_ids


def test_scare_quotes_are_not_speech(extract):
    _, quotes = extract('France condemned the "unacceptable" remarks.')
    assert [q for q in quotes if q.kind == "direct"] == []


def test_reported_statement_that_clause(extract):
    text = "Iran warned that Israel would attack Iranian nuclear sites."
    events, quotes = extract(text)
    q = next(q for q in quotes if q.kind == "reported")
    assert q.speaker == "IRN" and q.cue == "warn"
    assert q.text.startswith("Israel would attack")
    attack = next(e for e in events if e.type == "ASSAULT")
    assert attack.id in q.event_ids and attack.reported and attack.hypothetical


def test_according_to(extract):
    text = "According to the United Nations, Russia attacked Ukraine."
    events, quotes = extract(text)
    q = next(q for q in quotes if q.cue == "according to")
    assert q.speaker == "IGO.UNO" or q.speaker_text.endswith("United Nations")
    assert q.event_ids == tuple(e.id for e in events if e.type == "ASSAULT")
