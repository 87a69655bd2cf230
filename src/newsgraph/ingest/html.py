"""HTML pages -> article body, furniture and metadata.

The cascade:
1. trafilatura's `bare_extraction` (balanced mode, comments off; its own readability and
   jusText fallbacks included) gives the main text as a tree of paragraphs, headings,
   lists, quotes and tables;
2. when it returns nothing or too little (less than a third of what a plain
   paragraph-density pass finds, or under MIN_CHARS), our `density_extract` is used:
   the element whose paragraph children carry the most non-link text wins;
3. before extraction, hidden copies of the article are dropped (`drop_hidden_copies`);
   after it, blocks of other `<article>`s on the page go and the chunks of a split
   body are joined (ingest/regions.py), then prune.py takes furniture off the edges;
4. metadata comes from our own reader (metadata.html_metadata: JSON-LD, meta tags,
   bylines, <time>), with trafilatura's findings as the fallback field by field.

Block-level texts of the page that did not make it into the body are kept as
RemovedBlocks (reason "html-boilerplate") at the body position where they stood.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
from lxml import etree

from newsgraph.ingest.body import BodyBuilder
from newsgraph.ingest.metadata import (
    PageMetadata,
    html_metadata,
    is_organisation_name,
    parse_date,
    split_authors,
)
from newsgraph.ingest.prune import prune_blocks, restore_headings
from newsgraph.ingest.regions import PageIndex, expand_split_body, foreign_article_blocks

MIN_CHARS = 250  # below this, trafilatura's result counts as "too little"
MAX_REMOVED = 400
PRECISION_SHARE = 0.6  # precision mode's body must keep this share of the balanced one  # furniture blocks kept per page (a 50 MB page must stay cheap)

_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "form",
    "button",
    "select",
    "input",
    "nav",
    "footer",
    "aside",
    "header",
    "figure",
    "object",
)
_BLOCK_TAGS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "td",
    "th",
    "dd",
    "dt",
    "figcaption",
    "caption",
    "summary",
    "address",
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_NEGATIVE = re.compile(
    r"comment|meta|footer|footnote|foot|nav|menu|sidebar|related|share|social|promo|"
    r"advert|sponsor|subscribe|newsletter|popup|cookie|breadcrumb|tags|widget|banner|masthead",
    re.IGNORECASE,
)


@dataclass
class HtmlCleaning:
    builder: BodyBuilder
    metadata: PageMetadata
    extractor: str


def parse_html(text: str):
    """A tolerant lxml tree of `text` (malformed markup is repaired, never refused)."""
    # lxml refuses str input that carries an XML encoding declaration.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1)
    parser = lxml.html.HTMLParser(recover=True, remove_comments=True, huge_tree=True)
    try:
        tree = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        tree = lxml.html.document_fromstring(f"<html><body>{text}</body></html>", parser=parser)
    return tree


def _space(text: str | None) -> str:
    return " ".join((text or "").split())


# --------------------------------------------------------------------------- trafilatura
def warm_up() -> None:
    """Import the extractor now rather than on the first page (a third of a second)."""
    import trafilatura  # noqa: F401


def _trafilatura(text: str, url: str | None, precision: bool = False):
    from trafilatura import bare_extraction

    try:
        return bare_extraction(
            text,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_formatting=False,
            favor_precision=precision,
        )
    except Exception:  # trafilatura raises assorted errors on hostile markup; fall back
        return None


_XML_BREAKS = {"lb", "p", "head", "cell", "item", "row", "list", "quote"}


def _xml_text(el) -> str:
    """Text of a trafilatura XML element, a line break or nested block read as a space.

    `itertext()` glues the lines of a broken paragraph ("...FL<lb/>June 9 ..." would
    become one word "FLJune").
    """
    parts: list[str] = []

    def walk(node) -> None:
        parts.append(node.text or "")
        for child in node:
            brk = child.tag in _XML_BREAKS
            parts.append(" " if brk else "")
            walk(child)
            parts.append(" " if brk else "")
            parts.append(child.tail or "")

    walk(el)
    return _space("".join(parts))


# Elements that hold blocks rather than being one: trafilatura's own body, and the HTML
# containers it leaves unconverted when it returns a fallback's raw subtree.
_XML_CONTAINERS = {"body", "div", "section", "article", "main", "ul", "ol", "dl", "center"}
_XML_KINDS = {
    "head": "heading",
    "h1": "heading",
    "h2": "heading",
    "h3": "heading",
    "h4": "heading",
    "h5": "heading",
    "h6": "heading",
    "quote": "quote",
    "blockquote": "quote",
    "item": "list",
    "li": "list",
}


LOOSE = "loose"  # text outside any element of trafilatura's output: checked for links
LOOSE_LINK_SHARE = 0.5


def _settle_loose(blocks: list[tuple[str, str]], tree) -> tuple[list[tuple[str, str]], list[str]]:
    """Loose texts become paragraphs, unless they are mostly the page's link texts.

    A bare "Also on <site>: <headline>" between two paragraphs is a teaser: its
    headline is a link of the page.
    """
    if not any(kind == LOOSE for kind, _ in blocks):
        return blocks, []
    links = set()
    for a in tree.iter("a"):
        text = _space(a.text_content()).lower()
        if len(text.split()) >= 3:
            links.add(text)
    kept: list[tuple[str, str]] = []
    teasers: list[str] = []
    for kind, text in blocks:
        if kind != LOOSE:
            kept.append((kind, text))
            continue
        low = text.lower()
        linked = sum(len(link) for link in links if link in low)
        if linked >= LOOSE_LINK_SHARE * len(low):
            teasers.append(text)
        else:
            kept.append(("paragraph", text))
    return kept, teasers


def _xml_blocks(container, blocks: list[tuple[str, str]]) -> None:
    """Append the (kind, text) blocks of one container of trafilatura's output.

    Text that sits directly in a container (before the first element, or as the tail
    of a heading) is a paragraph of its own: trafilatura leaves it there when the page
    wrote it without a `<p>`.
    """
    if _space(container.text):
        blocks.append((LOOSE, _space(container.text)))
    for el in container:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "list":
            for item in el.iter("item"):
                t = _xml_text(item)
                if t:
                    blocks.append(("list", t))
        elif tag == "table":
            for row in el.iter("row", "tr"):
                t = _space(" ".join(_xml_text(c) for c in row))
                if t:
                    blocks.append(("paragraph", t))
        elif tag in _XML_CONTAINERS:
            _xml_blocks(el, blocks)
        elif tag and tag != "lb":
            t = _xml_text(el)
            if t:
                blocks.append((_XML_KINDS.get(tag, "paragraph"), t))
        if _space(el.tail):
            blocks.append((LOOSE, _space(el.tail)))


def _trafilatura_blocks(result) -> list[tuple[str, str]]:
    """(kind, text) blocks from trafilatura's XML body."""
    body = getattr(result, "body", None)
    if body is None:
        text = getattr(result, "text", None) or ""
        return [("paragraph", _space(t)) for t in text.split("\n") if _space(t)]
    blocks: list[tuple[str, str]] = []
    _xml_blocks(body, blocks)
    return blocks


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


_PIECES = re.compile(r"\n|(?<=[.!?])\s+")
HIDDEN_COPY_SHARE = 0.6  # a hidden element is a copy when this share of its text is visible


def _words(text: str) -> str:
    """Lower-case words only: markup splits "layoffs</a>." into "layoffs ."."""
    return " ".join(re.findall(r"\w+", text.lower()))


def _hidden(el) -> bool:
    return el.get("hidden") is not None or bool(_HIDDEN_STYLE.search(el.get("style") or ""))


def drop_hidden_copies(tree) -> bool:
    """Remove hidden elements that repeat the page's visible text; True when any went.

    Pages carry hidden copies of the article (schema.org microdata blocks, print or
    mobile variants); read as text they repeat the body. Hidden text that is not a copy
    stays: some pages hide the article's pages or slides until a script shows them.
    """
    hidden = []
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in ("html", "head", "body") or not _hidden(el):
            continue
        if any(a in hidden for a in el.iterancestors()) or el.getparent() is None:
            continue
        hidden.append(el)
    if not hidden:
        return False
    # Take them out to read the visible text, then put back those that are not copies.
    places = [(el.getparent(), el.getparent().index(el), el) for el in hidden]
    for parent, _, el in places:
        parent.remove(el)
    visible = _words(" ".join(tree.itertext()))
    dropped = False
    for parent, position, el in reversed(places):
        # Compared sentence by sentence: a copy may join the paragraphs into one.
        lines = [_words(t) for t in _PIECES.split("\n".join(el.itertext()))]
        lines = [t for t in lines if len(t) >= 30]
        total = sum(len(t) for t in lines)
        copied = sum(len(t) for t in lines if t in visible)
        if total and copied >= HIDDEN_COPY_SHARE * total:
            dropped = True
            tail = el.tail
            if tail and tail.strip():  # the tail is visible text of the parent: keep it
                prev = parent[position - 1] if position > 0 else None
                if prev is not None:
                    prev.tail = (prev.tail or "") + tail
                else:
                    parent.text = (parent.text or "") + tail
            continue
        parent.insert(position, el)
    return dropped


# --------------------------------------------------------------------------- our fallback
def _link_density(el) -> float:
    text = len(_space(el.text_content()))
    if not text:
        return 1.0
    links = sum(len(_space(a.text_content())) for a in el.iter("a"))
    return links / text


def density_extract(tree) -> list[tuple[str, str]]:
    """Blocks of the element whose paragraphs carry the most non-link text."""
    tree = _pruned_copy(tree)
    scores: dict = {}
    for p in tree.iter("p", "pre", "blockquote"):
        text = _space(p.text_content())
        if len(text) < 25:
            continue
        parent = p.getparent()
        if parent is None:
            continue
        weight = len(text) * (1.0 - _link_density(p))
        scores[parent] = scores.get(parent, 0.0) + weight
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0.0) + weight / 2
    if not scores:
        return _all_blocks(tree)
    best = max(scores, key=lambda el: scores[el])
    return _all_blocks(best)


def _pruned_copy(tree):
    copy = lxml.html.fromstring(lxml.html.tostring(tree))
    for el in list(copy.iter(*_DROP_TAGS)):
        if el.getparent() is not None:
            el.drop_tree()
    for el in list(copy.iter()):
        if not isinstance(el.tag, str):
            continue
        marker = f"{el.get('class', '')} {el.get('id', '')}"
        if (
            el.tag not in ("html", "body", "article", "main")
            and _NEGATIVE.search(marker)
            and el.getparent() is not None
        ):
            el.drop_tree()
    return copy


def _all_blocks(root) -> list[tuple[str, str]]:
    blocks: list[tuple[str, str]] = []
    for el in root.iter(*_BLOCK_TAGS):
        if any(a.tag in _BLOCK_TAGS for a in el.iterancestors()):
            continue  # counted with its block ancestor
        text = _space(el.text_content())
        if len(text) < 2 or _link_density(el) > 0.6:
            continue
        kind = (
            "heading"
            if el.tag in _HEADINGS
            else "list"
            if el.tag == "li"
            else "quote"
            if el.tag == "blockquote"
            else "paragraph"
        )
        blocks.append((kind, text))
    return blocks


# --------------------------------------------------------------------------- furniture
def _page_blocks(tree, limit: int) -> list[str]:
    """Block-level texts of the whole page in reading order (scripts excluded)."""
    out: list[str] = []
    body = tree.find("body")
    root = body if body is not None else tree
    for el in root.iter(*_BLOCK_TAGS, "div", "span", "a"):
        if el.tag in ("div", "span", "a"):
            text = _space(el.text)  # only the text directly inside a container
        else:
            if any(a.tag in _BLOCK_TAGS for a in el.iterancestors()):
                continue
            text = _space(el.text_content())
        if len(text) >= 3:
            out.append(text)
            if len(out) >= limit:
                break
    return out


def _record_furniture(builder: BodyBuilder, tree, kept: list[str]) -> None:
    """Keep the page text that is not in the body as RemovedBlocks, placed by order."""
    normal = [_space(k).lower() for k in kept]
    body_low = " ".join(normal)
    starts = [b.start for b in builder.blocks]
    ends = [b.end for b in builder.blocks]
    current = -1
    seen: set[str] = set()
    removed = []
    for text in _page_blocks(tree, MAX_REMOVED * 4):
        low = text.lower()
        if low in body_low:
            for k in range(current + 1, len(normal)):
                if low in normal[k]:
                    current = k
                    break
            continue
        if low in seen:
            continue
        seen.add(low)
        position = ends[current] if current >= 0 else (starts[0] if starts else 0)
        removed.append((position, text))
        if len(removed) >= MAX_REMOVED:
            break
    for position, text in removed:
        builder.add_removed(text, "html-boilerplate", position=position)


# --------------------------------------------------------------------------- layout tables
_LAYOUT_CELL_CHARS = 400


def unwrap_layout_tables(tree) -> bool:
    """Turn tables used for page layout into plain containers; True when any was found.

    Old pages put the whole page in a table: one cell holds the article with its own
    paragraphs and headings, others the menu and a sidebar. Read as a data table,
    each row becomes one run-on paragraph. A table is layout when one of its own cells
    holds block elements (paragraphs, headings) and a lot of text.
    """
    found = False
    for table in list(tree.iter("table")):
        cells = table.xpath("./tr/td | ./*/tr/td | ./tr/th | ./*/tr/th")
        if not any(
            cell.find(".//p") is not None or cell.xpath(".//h1|.//h2|.//h3|.//h4")
            for cell in cells
            if len(cell.text_content()) > _LAYOUT_CELL_CHARS
        ):
            continue
        found = True
        for el in [table, *table.xpath("./tr | ./*/tr | ./thead | ./tbody | ./tfoot"), *cells]:
            el.tag = "div"
            for attr in ("colspan", "rowspan", "valign", "width", "bgcolor"):
                el.attrib.pop(attr, None)
    return found


# --------------------------------------------------------------------------- entry
def clean_html(raw_text: str, url: str | None = None) -> HtmlCleaning:
    """Article body and metadata of one HTML page (raw_text: the decoded page)."""
    tree = parse_html(raw_text)
    page = raw_text
    changed = unwrap_layout_tables(tree)
    # Metadata before hidden elements go: hidden microdata carries dates and authors.
    meta = html_metadata(tree, url)
    if drop_hidden_copies(tree) or changed:
        page = lxml.html.tostring(tree, encoding="unicode")
    # trafilatura's balanced mode. Its precision mode was measured too (see
    # docs/benchmarks/ingest.md): better on one benchmark, worse on the other, half the speed.
    result = _trafilatura(page, url)
    blocks = _trafilatura_blocks(result) if result is not None else []
    blocks, teasers = _settle_loose(blocks, tree)
    blocks = restore_headings(blocks, tree)
    extractor = "trafilatura"
    chars = sum(len(t) for _, t in blocks)
    if chars < MIN_CHARS:
        fallback = density_extract(tree)
        fallback_chars = sum(len(t) for _, t in fallback)
        if fallback_chars > max(chars * 3, chars + MIN_CHARS) or not blocks:
            blocks, extractor = fallback, "density-fallback"
    _merge_trafilatura_metadata(meta, result)

    index = PageIndex(tree)
    foreign = foreign_article_blocks(blocks, index, meta.title)
    others = [blocks[i][1] for i in sorted(foreign)]
    blocks = expand_split_body([b for i, b in enumerate(blocks) if i not in foreign], index)

    builder = BodyBuilder(raw_text=raw_text)
    title_norm = _space(meta.title).lower() if meta.title else None
    section = tree.xpath("//meta[@property='article:section']/@content")
    _, pruned = prune_blocks(blocks, tree, str(section[0]) if section else None)
    furniture = {i: reason for i, _, reason in pruned}
    for i, (kind, text) in enumerate(blocks):
        if i in furniture:
            builder.add_removed(text, furniture[i])
            continue
        if i < 3 and kind == "heading" and title_norm and _space(text).lower() == title_norm:
            builder.add_removed(text, "title")  # the headline is metadata, not body
            continue
        builder.add_block(kind, [(text, None)])
    for text in others:
        builder.add_removed(text, "other-article")
    for text in teasers:
        builder.add_removed(text, "teaser")
    _record_furniture(builder, tree, [builder.body[b.start : b.end] for b in builder.blocks])
    return HtmlCleaning(builder=builder, metadata=meta, extractor=extractor)


def _merge_trafilatura_metadata(meta: PageMetadata, result) -> None:
    if result is None:
        return
    if not meta.title and getattr(result, "title", None):
        meta.title = _space(result.title)
    if not meta.authors and getattr(result, "author", None):
        names = [
            n
            for n in split_authors(result.author.replace(";", ","))
            if not is_organisation_name(n, meta.site, set())
        ]
        meta.authors = tuple(names)
    if meta.published is None and getattr(result, "date", None):
        meta.published = parse_date(result.date)
    if not meta.site and getattr(result, "sitename", None):
        meta.site = _space(result.sitename)
