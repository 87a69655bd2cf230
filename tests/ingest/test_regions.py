"""Page regions: split article bodies, several <article>s on one page, hidden copies,
and trafilatura's output read whole (loose text, line breaks)."""

from __future__ import annotations

from lxml import etree

from newsgraph.ingest import clean
from newsgraph.ingest.html import _settle_loose, _trafilatura_blocks, drop_hidden_copies, parse_html
from newsgraph.ingest.prune import prune_blocks
from newsgraph.ingest.regions import PageIndex, expand_split_body, foreign_article_blocks
from newsgraph.model import RawInput

# Our own sentences, long enough to count as prose.
SENTENCES = [
    f"Paragraph {n} of the report says the harbour authority approved a new budget for "
    f"dredging, lighting and the repair of quay number {n} before the winter storms arrive."
    for n in range(1, 9)
]


def _clean(html: str):
    return clean(RawInput("page.html", html.encode("utf-8"), "html"))


def _paras(items: list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in items)


def test_split_body_chunks_are_joined_in_page_order() -> None:
    chunk = "<div class='story chunk'>{}</div>"
    html = (
        "<html><body><div class='chunks'>"
        + chunk.format(_paras(SENTENCES[:4]))
        + "<div class='ad'>Advertisement</div>"
        + chunk.format("<h2>What comes next</h2>" + _paras(SENTENCES[4:]))
        + "</div></body></html>"
    )
    tree = parse_html(html)
    kept = [("paragraph", t) for t in SENTENCES[:4]]
    out = expand_split_body(kept, PageIndex(tree))
    assert [t for _, t in out] == SENTENCES[:4] + ["What comes next"] + SENTENCES[4:]
    assert out[4][0] == "heading"


def test_split_body_leaves_a_small_box_of_the_same_class_out() -> None:
    html = (
        "<html><body><div class='text'>"
        + _paras(SENTENCES[:4])
        + "</div><div class='text'><p>Note: the advertising notice below does not apply "
        "to this story or any other from the newsroom.</p></div></body></html>"
    )
    kept = [("paragraph", t) for t in SENTENCES[:4]]
    assert expand_split_body(kept, PageIndex(parse_html(html))) == kept


def test_blocks_of_other_articles_are_found() -> None:
    teaser = (
        "A teaser for another story about the harbour repeats a few lines of that other "
        "story and ends in the middle of a sentence …"
    )
    html = (
        "<html><body><article><h1>Harbour budget approved</h1>"
        + _paras(SENTENCES[:2])
        + "</article><section><h2>You may also like</h2>"
        + f"<article><p>{teaser}</p></article><article><p>{teaser} again</p></article>"
        + "</section></body></html>"
    )
    blocks = [("paragraph", t) for t in SENTENCES[:2]] + [
        ("paragraph", teaser),
        ("paragraph", teaser + " again"),
    ]
    index = PageIndex(parse_html(html))
    assert foreign_article_blocks(blocks, index, "Harbour budget approved") == {2, 3}
    # one article on the page: nothing is foreign
    assert foreign_article_blocks(blocks[:2], index, "Harbour budget approved") == set()


def test_hidden_copy_is_dropped_hidden_original_text_stays() -> None:
    visible = _paras(SENTENCES[:3])
    copy = f"<div style='display: none'><p>{' '.join(SENTENCES[:3])}</p></div>"
    slides = f"<div style='display:none'><p>{SENTENCES[5]}</p></div>"
    tree = parse_html(f"<html><body><article>{visible}</article>{copy}{slides}</body></html>")
    assert drop_hidden_copies(tree)
    text = tree.text_content()
    assert text.count(SENTENCES[0]) == 1  # the copy went
    assert SENTENCES[5] in text  # hidden text that is no copy stays

    doc = _clean(
        f"<html><head><title>Harbour</title></head><body><article>{visible}</article>"
        f"{copy}</body></html>"
    )
    assert doc.body.count(SENTENCES[0][:60]) == 1


def test_trafilatura_output_read_whole() -> None:
    body = etree.fromstring(
        "<body><head rend='h2'>Budget</head>Loose text after a heading is a paragraph of "
        "its own.<p>Dates:<lb/>June 9 -- North quay<lb/>June 10 -- South quay</p></body>"
    )

    class Result:  # the shape of trafilatura's result: a `body` element
        pass

    result = Result()
    result.body = body  # type: ignore[attr-defined]
    blocks = _trafilatura_blocks(result)
    assert blocks[0] == ("heading", "Budget")
    assert blocks[1][1] == "Loose text after a heading is a paragraph of its own."
    assert blocks[2] == ("paragraph", "Dates: June 9 -- North quay June 10 -- South quay")

    tree = parse_html(
        "<html><body><p>x</p><a href='/other'>Ministers approve the new ferry timetable</a>"
        "</body></html>"
    )
    kept, teasers = _settle_loose(
        [("loose", "Also on our site Ministers approve the new ferry timetable")]
        + [("loose", blocks[1][1])],
        tree,
    )
    assert teasers == ["Also on our site Ministers approve the new ferry timetable"]
    assert kept == [("paragraph", blocks[1][1])]


def test_time_stamp_and_field_lines_above_the_article_are_headers() -> None:
    tree = parse_html("<html><body></body></html>")
    blocks = [
        ("paragraph", "segunda-feira, 22 de janeiro de 2018 às 0:13"),
        ("paragraph", "January 13, 2020 at 08:45 AM | categories: Python | Comments"),
        ("paragraph", SENTENCES[0]),
        ("paragraph", "The meeting ran from 9:30 until late in 2019 and ended without a vote."),
    ]
    kept, removed = prune_blocks(blocks, tree)
    assert [r for _, _, r in removed] == ["header", "header"]
    assert kept == blocks[2:]
