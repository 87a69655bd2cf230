"""Date expressions resolved against the publication date (no spaCy needed)."""

from __future__ import annotations

import pytest

from newsgraph.events.dates import DateResolver, dateline, parse_iso, period_end

PUB = "2021-09-09"  # a Thursday


def one(text: str, published: str | None = PUB, precision=None):
    refs = DateResolver(published, precision).scan(text)
    assert len(refs) == 1, refs
    r = refs[0]
    return r.date, r.date_end, r.precision


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They met on September 9, 2001, in Dushanbe.", ("2001-09-09", None, "day")),
        ("They met on 9 September 2001.", ("2001-09-09", None, "day")),
        ("The deal of Sept. 3, 1999 held.", ("1999-09-03", None, "day")),
        ("The report is dated 2019-11-05.", ("2019-11-05", None, "day")),
        ("In March 2020 the envoys met.", ("2020-03", None, "month")),
        ("The talks collapsed in March.", ("2021-03", None, "month")),
        ("Troops arrived in October.", ("2020-10", None, "month")),  # after Sept: last year
        ("The envoy flew in on April 12.", ("2021-04-12", None, "day")),
        ("The envoy flew in on 12 April.", ("2021-04-12", None, "day")),
        ("Sanctions were eased last year.", ("2020", None, "year")),
        ("A summit is planned for next year.", ("2022", None, "year")),
        ("Aid flows have grown this year.", ("2021", None, "year")),
        ("Prices rose last month.", ("2021-08", None, "month")),
        ("Raids resumed last week.", ("2021-08-30", "2021-09-05", "day")),
        ("The group has been banned since 2016.", ("2016", "2021", "year")),
        ("He governed from 2001 to 2014.", ("2001", "2014", "year")),
        ("He governed between 2001 and 2014.", ("2001", "2014", "year")),
        ("In the fall of 2001 the campaign began.", ("2001-09", "2001-11", "month")),
        ("The base was built 20 years ago.", ("2001", None, "year")),
        ("The convoy was hit three days ago.", ("2021-09-06", None, "day")),
        ("Police detained him yesterday.", ("2021-09-08", None, "day")),
        ("The minister resigned today.", ("2021-09-09", None, "day")),
        ("The minister resigned on Tuesday.", ("2021-09-07", None, "day")),
        ("The minister resigned last Thursday.", ("2021-09-02", None, "day")),
        ("The minister visits next Monday.", ("2021-09-13", None, "day")),
        ("In 1994 the movement was founded.", ("1994", None, "year")),
        ("Fighting in the 1990s was fierce.", ("1990", "1999", "year")),
        ("The attacks of 9/11 changed everything.", ("2001-09-11", None, "day")),
    ],
)
def test_expressions_resolve_against_publication(text, expected):
    assert one(text) == expected


def test_two_days_later_counts_from_the_previous_dated_sentence():
    r = DateResolver(PUB, "day")
    first = r.scan("On September 9, 2001, the commander was killed.")
    later = r.scan("Two days later, the hijackers struck.")
    assert first[0].date == "2001-09-09"
    assert later[0].date == "2001-09-11"
    nxt = r.scan("The next day the airports were shut.")
    assert nxt[0].date == "2001-09-12"


def test_later_after_a_month_only_date_stays_unresolved():
    refs = DateResolver(PUB).scan("In March the talks stalled; two days later they resumed.")
    assert [(x.text, x.date) for x in refs] == [("In March", "2021-03"), ("two days later", None)]


def test_no_publication_date_keeps_absolute_dates_and_leaves_relative_ones():
    refs = DateResolver(None).scan("On March 3, 2020 they met; in March; yesterday; last year.")
    assert [(x.text, x.date) for x in refs] == [
        ("On March 3, 2020", "2020-03-03"),
        ("in March", None),
        ("yesterday", None),
        ("last year", None),
    ]


def test_year_precision_publication_does_not_invent_days():
    refs = DateResolver("2021", "year").scan("Police detained him yesterday, and in 2019 too.")
    assert [(x.text, x.date) for x in refs] == [("yesterday", None), ("in 2019", "2019")]


@pytest.mark.parametrize(
    "text",
    [
        "It may be that they come.",  # modal 'may', not the month
        "Protesters march on the capital.",  # verb 'march'
        "Some 2000 soldiers were deployed.",  # a count, not a year
        "They fired 1500 rockets.",
    ],
)
def test_words_that_look_like_dates_are_not_dates(text):
    assert [r.date for r in DateResolver(PUB).scan(text)] == []


def test_offsets_point_into_the_text():
    text = "Kabul fell. On August 15, 2021, the Taliban entered the city."
    refs = DateResolver(PUB).scan(text[12:], offset=12)
    assert text[refs[0].start : refs[0].end] == "On August 15, 2021"


@pytest.mark.parametrize(
    ("text", "kwargs", "expected"),
    [
        (
            "2013-01-S-025\n\nKABUL, Afghanistan (Jan. 25, 2013)\nDuring an operation",
            {},
            ("2013-01-25", "day"),
        ),
        (
            "KABUL, Afghanistan (Apr. 17)\nIn Khakrez district",
            {"default_year": 2012},
            ("2012-04-17", "day"),
        ),
        ("KABUL, Afghanistan (Apr. 17)\nIn Khakrez district", {}, None),
        ("MOSCOW, March 3, 2022 (Reuters) - The ministry said", {}, ("2022-03-03", "day")),
        ("GENEVA (AP) — Diplomats met on Friday.", {}, None),
        ("A plain article without any dateline at all.", {}, None),
    ],
)
def test_dateline(text, kwargs, expected):
    assert dateline(text, **kwargs) == expected


def test_iso_helpers():
    assert parse_iso("2021-03")[1] == "month"
    assert parse_iso("not a date") is None
    assert str(period_end("2020-02")) == "2020-02-29"
    assert str(period_end("2021")) == "2021-12-31"


def test_rules_run_only_where_their_words_are():
    from newsgraph.events.dates import _rules_for

    assert _rules_for("The minister met the delegation and signed the deal.") == []
    names = {n for n, _ in _rules_for("They met on Tuesday.")}
    assert names == {"weekday"}
    # "May" the month and "may" the verb look alike: the month rules run, the resolver decides
    assert {"md", "mdy", "month"} <= {n for n, _ in _rules_for("Talks may resume on May 5, 2021.")}


def test_year_rules_run_only_where_a_year_like_number_is_and_never_miss_one():
    """The nine rules that name a year run only on a sentence with a year-like number;
    every rule that matches a sentence is among those the gate lets run (including a year
    glued to a word, "mid1990s", and digits that are not a year, "9/11", "5 May")."""
    from newsgraph.events.dates import _RULES, _rules_for

    assert {n for n, _ in _rules_for("Some 40 people were hurt on 5 May.")} & {
        "year",
        "mdy",
        "decade",
        "iso",
    } == set()
    for text in [
        "Fighting flared in the mid1990s and again in the late 1990s.",
        "The attacks of 9/11 changed the region; 12 of them were Saudi.",
        "He served from 2001 to 2005 and again in 2009-2013.",
        "Talks resumed on 5 May and again on May 6, 2021, then on 2021-05-07.",
        "In the summer of 2014 some 300 fighters crossed; 19999 rounds were found.",
        "Sept. 11, 2001 and 11 September 2001 are one date.",
    ]:
        allowed = {n for n, _ in _rules_for(text)}
        matching = {n for n, rx in _RULES if rx.search(text)}
        assert matching <= allowed, (text, matching - allowed)
        assert matching, text


def test_prefilter_keeps_every_expression():
    """Each kind of expression is still found with the rules filtered by their words."""
    r = DateResolver("2021-08-30", "day")
    for text in [
        "It happened last night.",
        "The talks were held on Jan. 5, 2020.",
        "Fighting resumed in mid-March.",
        "Two days later the envoy left.",
        "the day before yesterday",
        "since the 1990s",
        "in the fall of 2001",
        "20 years ago",
        "after 9/11",
        "earlier this afternoon",
        "the following evening",
        "from 2001 to 2021",
        "in 2014–2016",
        "on the 5th of May 2019",
        "late last year",
        "this weekend",
    ]:
        assert r.scan(text), text


def test_features_read_word_run_by_word_run_equal_one_scan_of_the_text():
    """`_features` reads a text's date words run by run of word characters (and remembers
    each run): the same features as one scan of the whole text, whatever stands around a
    run (digits glued to letters, underscores, other scripts, case)."""
    import random

    from newsgraph.events.dates import _FEATURES, _features

    def scanned(text):
        return {m.lastgroup for m in _FEATURES.finditer(text)}

    pieces = (
        "May|may|MAY|May2021|2021|12021|192|9/11|x_may|_|Tuesday's|mid-March|ſeptember|١٢|"
        "weeks|ago|yesterday|Sept.|autumn| | |-|,|é|jan|Jan.|1990s|3days|Monday"
    ).split("|")
    rng = random.Random(7)
    texts = ["", "The minister met the delegation.", "Talks may resume on May 5, 2021."]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    for text in texts:
        assert _features(text) == scanned(text), text
        assert _features(text) == scanned(text), text  # the second read comes from memory
