"""HTML cleaning: trafilatura, our fallback, our metadata readers, offsets."""

from __future__ import annotations

import json

from newsgraph.ingest import clean, decode
from newsgraph.model import RawInput

PARAS = [
    "The regional parliament voted on Thursday to extend the mandate of the monitoring "
    "mission by another twelve months, after a debate that lasted well into the night.",
    "Supporters of the extension argued that the mission had reduced the number of "
    "incidents along the ceasefire line, while critics said it had no power to act.",
    "The vote passed with a narrow majority, and the mission's new mandate begins at the "
    "start of next month, according to a statement from the speaker's office.",
]


def page(head: str = "", byline: str = "", extra: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAS)
    return (
        f"<!DOCTYPE html><html><head><title>Mission extended | Example Courier</title>{head}</head>"
        "<body><nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav>"
        f"<article><h1>Mission extended</h1>{byline}{paragraphs}</article>"
        f"{extra}<footer><p>Copyright Example Courier. All rights reserved.</p></footer></body></html>"
    )


def _clean(html: str, url: str | None = None):
    hints = {"url": url} if url else {}
    return clean(RawInput("page.html", html.encode("utf-8"), "html", hints=hints))


def test_body_without_navigation_and_metadata_from_json_ld() -> None:
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Mission extended",
        "datePublished": "2023-05-11T08:00:00Z",
        "author": [
            {"@type": "Person", "name": "Ana Lopez"},
            {"@type": "Person", "name": "Ben Ode"},
        ],
        "publisher": {"@type": "Organization", "name": "Example Courier"},
    }
    doc = _clean(page(f'<script type="application/ld+json">{json.dumps(ld)}</script>'))
    for p in PARAS:
        assert p in doc.body
    assert "Home" not in doc.body and "All rights reserved" not in doc.body
    assert doc.title == "Mission extended"
    assert doc.authors == ("Ana Lopez", "Ben Ode")
    assert (doc.published, doc.published_precision) == ("2023-05-11", "day")
    assert doc.media_type == "html" and doc.extractor
    assert doc.language == "en"
    assert any("All rights reserved" in r.text for r in doc.removed)


def test_meta_tags_visible_byline_and_time() -> None:
    head = '<meta property="og:site_name" content="Example Courier">'
    byline = '<div class="meta"><span>By</span> <a href="/staff/cara">Cara Mendes</a></div>'
    byline += '<time datetime="2021-02-03">3 February 2021</time>'
    doc = _clean(page(head, byline), url="https://www.example.org/2021/02/03/mission")
    assert doc.authors == ("Cara Mendes",)
    assert doc.published == "2021-02-03"
    assert doc.site == "Example Courier"
    assert doc.url == "https://www.example.org/2021/02/03/mission"


def test_comment_author_is_not_the_author_and_no_date_is_invented() -> None:
    comments = (
        '<section id="comments"><div class="comment"><p>By Troll McTroll</p>'
        "<p>I disagree with all of this and more.</p></div></section>"
    )
    doc = _clean(page(extra=comments))
    assert "Troll McTroll" not in doc.authors
    assert doc.published is None
    assert doc.title == "Mission extended"


def test_fallback_when_trafilatura_finds_too_little() -> None:
    # Text in table cells only: trafilatura's main-text heuristics keep very little.
    cells = "".join(f"<tr><td><p>{p}</p></td></tr>" for p in PARAS)
    html = f"<html><body><table class='x'>{cells}</table></body></html>"
    doc = _clean(html)
    for p in PARAS:
        assert p in doc.body


def test_malformed_html_is_repaired_not_refused() -> None:
    html = "<html><body><div><p>" + "<p>".join(PARAS) + "<div><b>unclosed <i>tags"
    doc = _clean(html)
    assert PARAS[0] in doc.body and PARAS[2] in doc.body


def test_offsets_are_exact_where_the_text_is_verbatim() -> None:
    html = page()
    doc = _clean(html)
    raw = decode(RawInput("page.html", html.encode(), "html"))
    assert len(doc.offsets) >= len(PARAS)
    for span in doc.offsets:
        assert (
            doc.body[span.body_start : span.body_start + span.length]
            == raw[span.raw_start : span.raw_start + span.length]
        )


def test_blocks_cover_the_body_in_order() -> None:
    doc = _clean(page())
    assert doc.blocks[0].start == 0 and doc.blocks[-1].end == len(doc.body)
    for a, b in zip(doc.blocks, doc.blocks[1:], strict=False):
        assert a.end <= b.start


def test_layout_table_page_kicker_byline_and_contact_line() -> None:
    cells = "".join(f"<P>{p}</P>" for p in PARAS[:2])
    html = (
        "<HTML><HEAD><TITLE>Courier :: Mission extended again</TITLE></HEAD><BODY><TABLE><TR>"
        "<TD COLSPAN=2><B>Courier</B><BR><A HREF='/'>Front page</A> | <A HREF='/r'>Region</A></TD>"
        "</TR><TR><TD WIDTH='75%'><H1>Mission extended again for another year</H1>"
        "<P>Region</P><P><I>by Ana Lopez</I><BR>Friday, January 20, 2023</P>"
        f"{cells}<H3>What the mandate says</H3><P>{PARAS[2]}</P><P>* * *</P>"
        "<P>Letters: <A HREF='mailto:l@courier.example'>l@courier.example</A></P></TD>"
        "<TD><B>This week</B><BR><A HREF='a.htm'>Power cuts return to the capital</A></TD>"
        "</TR></TABLE></BODY></HTML>"
    )
    doc = _clean(html)
    assert doc.title == "Mission extended again for another year"  # the <title> is shortened
    assert doc.body.startswith(PARAS[0]) and doc.body.rstrip().endswith(PARAS[2])
    headings = [doc.body[b.start : b.end] for b in doc.blocks if b.kind == "heading"]
    assert headings == ["What the mandate says"]
    reasons = {r.text: r.reason for r in doc.removed}
    assert reasons["Region"] == "label"
    assert "* * *" not in doc.body
    assert "l@courier.example" not in doc.body
    assert "by Ana Lopez" not in doc.body and "Power cuts" not in doc.body


def test_prune_blocks_edges_of_the_body() -> None:
    from newsgraph.ingest.html import parse_html
    from newsgraph.ingest.prune import prune_blocks

    tree = parse_html("<html><body><nav><a href='/w'>World</a></nav></body></html>")
    blocks = [
        ("paragraph", "World"),
        ("paragraph", "By Ana Lopez | 3 May 2020"),
        *(("paragraph", p) for p in PARAS),
        ("paragraph", "~ ~ ~"),
        ("heading", "Related stories"),
        ("paragraph", "Power cuts return to the capital"),
        ("paragraph", "Write to us: desk@courier.example"),
    ]
    kept, removed = prune_blocks(blocks, tree)
    assert [t for _, t in kept] == PARAS
    assert [r for _, _, r in removed] == [
        "label",
        "header",
        "ornament",
        "related",
        "related",
        "related",
    ]
    # Prose is never taken for a list's tail, and a lone short line that is no link stays.
    kept, removed = prune_blocks(
        [("paragraph", "Verdict"), *(("paragraph", p) for p in PARAS)], tree
    )
    assert not removed and kept[0] == ("paragraph", "Verdict")
    kept, removed = prune_blocks(
        [*(("paragraph", p) for p in PARAS), ("paragraph", "Letters: desk@courier.example")], tree
    )
    assert [r for _, _, r in removed] == ["contact"] and len(kept) == 3
