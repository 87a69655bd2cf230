"""Lines, headings, carried dates, member nouns and separate acts (sentences written for
these tests)."""

from __future__ import annotations

from newsgraph.events.segments import build_segments
from newsgraph.model import Block


def _trig(e, text):
    return text[e.trigger_start : e.trigger_end]


# ----------------------------------------------------------------- segments
def test_segments_cut_lines_and_mark_headings():
    text = "Rebels Seize Town In North\nThe army shelled the town on Monday.\n\nA second part."
    segs = build_segments(text)
    assert segs.is_heading(0) and not segs.is_heading(text.index("The army"))
    assert not segs.same(0, text.index("The army"))
    assert segs.paragraph(text.index("The army")) != segs.paragraph(text.index("A second"))


def test_last_line_and_single_line_are_not_headings():
    assert not build_segments("Police arrested two men").headings
    text = "The army shelled the town.\nNo full stop here"
    assert not build_segments(text).is_heading(text.index("No full"))


def test_hard_wrapped_prose_breaks_only_at_blank_lines():
    line = "the government said on Monday that it would keep talking with rebels"
    text = "\n".join([line] * 6) + "\n\nNext paragraph starts here."
    segs = build_segments(text)
    assert segs.same(0, len(line) + 5) and not segs.headings


def test_heading_blocks_from_the_document():
    text = "Army shells town Police arrest two men."
    blocks = (Block("heading", 0, 16), Block("paragraph", 17, len(text)))
    segs = build_segments(text, blocks)
    assert segs.is_heading(0) and not segs.is_heading(20) and not segs.same(0, 20)


# ----------------------------------------------------------------- extraction
def test_no_event_from_a_heading_and_no_date_from_it(extract):
    text = "Troops Kill Rebels In Raid\nKABUL (Jan. 5, 2012)\nSoldiers detained three Taliban fighters."
    events = extract(text, published="2012-01-05")[0]
    assert [_trig(e, text) for e in events] == ["detained"]


def test_date_carried_within_a_short_text(extract):
    text = (
        "Afghan soldiers detained a Taliban commander in Kandahar yesterday. "
        "The soldiers also arrested two Taliban guards."
    )
    events = extract(text, published="2012-03-08")[0]
    first, second = (e for e in events if e.type == "COERCE")
    assert first.date == "2012-03-07" and first.date_text == "yesterday"
    assert second.date == "2012-03-07" and second.date_text == "carried: yesterday"
    assert second.confidence < first.confidence


def test_date_not_carried_to_hypothetical_events_or_across_long_text(extract):
    filler = "The valley has long been contested by many armed groups. " * 40
    text = (
        "Afghan soldiers detained a Taliban commander yesterday.\n\n"
        + filler
        + "\n\nThe soldiers arrested two of his guards. They could arrest more men."
    )
    events = [e for e in extract(text, published="2012-03-08")[0] if e.type == "COERCE"]
    assert events[0].date == "2012-03-07"
    assert all(e.date is None for e in events[1:])


def test_date_of_another_clause_of_the_sentence(extract):
    text = "Police detained five men while searching for a Taliban leader on Tuesday."
    e = next(x for x in extract(text, published="2012-03-08")[0] if _trig(x, text) == "detained")
    assert e.date == "2012-03-06" and e.date_text.startswith("carried: ")


def test_overnight_is_the_night_before_publication(extract):
    text = "Coalition forces killed four insurgents in Helmand overnight."
    e = next(x for x in extract(text, published="2012-03-08")[0] if x.type == "ASSAULT")
    assert e.date == "2012-03-07"


def test_member_noun_names_its_group(extract):
    text = "Afghan police detained a Haqqani facilitator in Khost."
    e = next(x for x in extract(text)[0] if x.type == "COERCE")
    assert e.targets == ("group:haqqani-network",)


def test_operation_targeting_a_leader_is_its_own_act(extract):
    text = (
        "Afghan police detained two men during an operation targeting a Taliban leader in Kandahar."
    )
    events = [e for e in extract(text)[0] if e.type == "COERCE"]
    targeted = [e for e in events if _trig(e, text) == "targeting"]
    assert targeted and targeted[0].targets == ("group:taliban",)
    assert "group:taliban" not in targeted[0].sources
