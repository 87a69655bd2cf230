"""The scraped-text boilerplate classifier, on pages we write ourselves."""

from __future__ import annotations

from newsgraph.ingest import clean, clean_batch
from newsgraph.model import RawInput

PARA = (
    "The foreign ministers of the two countries met in the capital on Monday and agreed "
    "to reopen the border crossing that has been closed since the spring floods."
)
PARA2 = (
    "Officials said the crossing would first carry freight, with passenger traffic to follow "
    "once the damaged bridge has been inspected by engineers from both sides."
)
PARA3 = (
    "Traders on both sides of the frontier welcomed the decision, saying the closure had "
    "doubled the price of flour and cooking oil in the border towns over the summer."
)


def _doc(text: str, source: str = "page.txt", media: str = "text"):
    return clean(RawInput(source, text.encode("utf-8"), media))  # type: ignore[arg-type]


def _reasons(doc) -> dict[str, str]:
    return {r.text: r.reason for r in doc.removed}


def test_header_title_author_date_and_heading() -> None:
    text = (
        "NewsWorldPoliticsSubscribe now\nOPINION\n\nBorder talks bring a thaw\n"
        "Border talks bring a thaw\nAuthor: Jane Q. Public\ndate 2022-03-04\n\n"
        f"{PARA}\n\nWhat comes next\n\n{PARA2}\n"
    )
    doc = _doc(text)
    assert doc.title == "Border talks bring a thaw"
    assert doc.authors == ("Jane Q. Public",)
    assert (doc.published, doc.published_precision) == ("2022-03-04", "day")
    assert doc.body.startswith(PARA)
    reasons = _reasons(doc)
    assert reasons["NewsWorldPoliticsSubscribe now"] == "navigation"
    assert reasons["OPINION"] == "label"
    assert reasons["Author: Jane Q. Public"] == "header"
    assert [r.reason for r in doc.removed].count("repeated-title") == 1
    kinds = [(b.kind, doc.body[b.start : b.end]) for b in doc.blocks]
    assert ("heading", "What comes next") in kinds
    assert kinds[0] == ("paragraph", PARA)


def test_teasers_related_and_most_read_tails_are_removed() -> None:
    text = (
        f"{PARA}\n{PARA2}\n"
        "Another story headline here\nA short blurb about another story entirely.\nRead more\n"
        "A second teaser headline\nSecond blurb that runs for a sentence or so.\nRead more\n"
        f"{PARA3}\n"
        "See also\nRelated headline one\nIt starts like this and then...\n"
        "Most read\nPopular headline two\nAnother blurb that trails off...\n"
    )
    doc = _doc(text)
    assert PARA in doc.body and PARA2 in doc.body and PARA3 in doc.body
    reasons = _reasons(doc)
    assert reasons["Another story headline here"] == "teaser"
    assert reasons["A short blurb about another story entirely."] == "teaser"
    assert reasons["Read more"] == "teaser"
    assert reasons["See also"] == "related"
    assert reasons["It starts like this and then..."] == "related"
    assert reasons["Most read"] == "most-read"
    assert reasons["Popular headline two"] == "most-read"
    assert "headline" not in doc.body


def test_closing_bio_gives_author_and_is_removed() -> None:
    bio = (
        "Maria Example is a senior fellow at the Institute for Border Studies and the author "
        "of two books on trade. Follow her at @mexample"
    )
    doc = _doc(f"{PARA}\n\n{PARA2}\n\n{bio}\n")
    assert doc.authors == ("Maria Example",)
    assert _reasons(doc)[bio] == "bio"
    assert bio not in doc.body


def test_language_switch_and_subscribe_lines() -> None:
    doc = _doc(
        f"A headline for the day\n\n{PARA}\n\nRU\n\n{PARA2}\n\nSubscribe to our newsletter\n"
    )
    reasons = _reasons(doc)
    assert reasons["RU"] == "language-switch"
    assert reasons["Subscribe to our newsletter"] == "subscribe"
    assert PARA2 in doc.body


def test_no_date_or_author_is_invented() -> None:
    doc = _doc(f"{PARA}\n\n{PARA2}\n")
    assert doc.published is None and doc.published_precision is None
    assert doc.authors == ()
    assert doc.title is None


def test_offsets_point_at_the_raw_text() -> None:
    raw = f"Headline of the piece\n\n  {PARA}\n\n{PARA2}\n"
    doc = _doc(raw)
    assert doc.offsets
    for span in doc.offsets:
        assert (
            doc.body[span.body_start : span.body_start + span.length]
            == raw[span.raw_start : span.raw_start + span.length]
        )
    for r in doc.removed:
        assert r.raw_start is not None and raw[r.raw_start : r.raw_end] == r.text


def test_markdown_headings_and_wrapped_paragraphs() -> None:
    wrapped = "\n".join(
        [
            "The mayor said the new tram line would open in stages over",
            "the next three years, starting with the section that links",
            "the station to the hospital and the university campus.",
        ]
    )
    doc = _doc(f"# Tram plans\n\n{wrapped}\n\n## Costs\n\n{PARA}\n", "a.md", "markdown")
    assert doc.title == "Tram plans"
    first = doc.body[doc.blocks[0].start : doc.blocks[0].end]
    assert first.startswith("The mayor said") and first.endswith("university campus.")
    assert "\n" not in first
    assert ("heading", "Costs") in [(b.kind, doc.body[b.start : b.end]) for b in doc.blocks]


def test_lines_shared_across_a_site_are_removed_in_a_batch() -> None:
    furniture = "Example Weekly is read by policy makers everywhere"
    bodies = [PARA, PARA2, PARA3]
    raws = [
        RawInput(f"site/{i}.txt", f"{furniture}\n\n{body}\n".encode(), "text")
        for i, body in enumerate(bodies)
    ]
    docs = clean_batch(raws)
    for doc, body in zip(docs, bodies, strict=True):
        assert not isinstance(doc, Exception)
        assert doc.body == body
        assert {r.reason for r in doc.removed} == {"site-repeat"}
    # Alone, the same line is not furniture (nothing to compare with).
    alone = clean(raws[0])
    assert furniture in (alone.title or "") + alone.body


def test_same_content_same_id() -> None:
    a = _doc(f"{PARA}\n\n{PARA2}\n", "a.txt")
    b = _doc(f"{PARA}\r\n\r\n{PARA2}\r\n", "b.txt")
    assert a.id == b.id and a.content_hash == b.content_hash and len(a.id) == 16
    assert a.raw_hash != b.raw_hash


def test_site_name_line_above_the_headline_is_not_the_title() -> None:
    text = (
        "Valley Courier\nNews | Region | Sport\n\nBridge reopens after two years of repairs\n\n"
        f"By Ana Lopez | March 3, 2024\n\n{PARA}\n\n{PARA2}\n"
    )
    doc = _doc(text)
    assert doc.title == "Bridge reopens after two years of repairs"
    assert doc.authors == ("Ana Lopez",)
    assert (doc.published, doc.published_precision) == ("2024-03-03", "day")  # from the byline
    assert _reasons(doc)["Valley Courier"] == "site-name"
    assert doc.body.startswith(PARA)


def test_a_short_title_with_no_longer_headline_stays_the_title() -> None:
    doc = _doc(f"Border talks\n\n{PARA}\n\n{PARA2}\n")
    assert doc.title == "Border talks"


def test_russian_header_credit_line_paywall_and_closing_bio() -> None:
    ru = _doc(
        "Переговоры на границе возобновятся весной\nАвтор: Анна Смирнова\n\n"
        "Министры иностранных дел двух стран встретились в понедельник в столице и договорились "
        "снова открыть пограничный переход, закрытый с весеннего паводка.\n\n"
        "Читайте также\nНовый мост через реку\nПодробнее\n"
    )
    assert ru.authors == ("Анна Смирнова",)
    assert "Подробнее" not in ru.body and "Новый мост" not in ru.body
    en = _doc(
        f"Crossing reopens\nAna Lopez / Valley Courier\n\n{PARA}\n\n{PARA2}\n\n"
        "You have reached the end of your free preview.\n"
        "This story first appeared in the Valley Courier and is republished with permission.\n"
        "Ana Lopez covers the border region from Tucson.\n"
    )
    assert en.authors == ("Ana Lopez",)
    assert en.body.rstrip().endswith(PARA2)
    reasons = _reasons(en)
    assert reasons["You have reached the end of your free preview."] == "paywall"
    assert reasons["Ana Lopez covers the border region from Tucson."] == "bio"


def test_markdown_emphasis_byline_label_rule_and_bio() -> None:
    text = (
        "*Valley Courier · Long read*\n\n# Bridge reopens after two years\n\n**By Ana Lopez**\n\n"
        f"{PARA}\n\n## What comes next\n\n{PARA2}\n\n---\n\n"
        "*Ana Lopez writes about transport. Follow the Courier for more.*\n"
    )
    doc = _doc(text, "page.md", "markdown")
    assert doc.title == "Bridge reopens after two years"
    assert doc.authors == ("Ana Lopez",)
    assert doc.body.startswith(PARA) and doc.body.rstrip().endswith(PARA2)
    assert "*" not in doc.body and "---" not in doc.body
    reasons = _reasons(doc)
    assert reasons["---"] == "ornament"
    assert reasons["Valley Courier · Long read"] == "label"
