"""A furniture pass over the blocks an HTML extractor kept.

trafilatura keeps the article well but lets some page furniture through at the edges
of the body: a kicker ("Analysis") and a byline or dateline above the first paragraph,
ornaments ("* * *"), a "Related"/"Most read" list or a contact line at the end. It also
drops some sub-headings of pages it reads through a fallback. This pass works on the
(kind, text) blocks, with the parsed page for context, and returns what it took out
with a reason, so that nothing is lost:

1. ornament   blocks with no word in them;
2. header     leading bylines, field lines with a date ("May 3 | categories: X"),
              bylines ("By Jane Doe", "by X Friday, January 20, 2023") and
              lone date lines above the first paragraph of prose;
3. label      a leading kicker: a short block that is also a link text of the page
              (a section of the site's menu) or the page's declared section;
4. tail       a closing list opened by a related / most-read / comments heading, when
              only short blocks follow it;
5. contact    closing short blocks that give an e-mail address.

`restore_headings` puts back the page's sub-headings that stood between two kept
paragraphs.
"""

from __future__ import annotations

import re

from newsgraph.ingest.text import date_line, furniture, normalise_line

Block = tuple[str, str]

PROSE_WORDS = 12
_TERMINAL = tuple('.!?…"”’»)')
# "By Jane Doe", "Posted by Jane Doe | 3 May 2020": a capitalised name after "by"
# ("By contrast, ..." is prose and never reaches this test: it is long or punctuated).
_BYLINE = re.compile(
    r"^(?:(?:[Pp]osted|[Pp]ublished|[Ww]ritten|[Ww]ords|[Rr]eported|[Tt]ext|[Ss]tory)\s+)?"
    r"(?:[Bb]y|BY):?\s+[A-Z\u00c0-\u024f\u0400-\u042f][\w'’.-]+(?:[\s,|•·]+[\w'’.:-]+){0,14}$"
)
# A year and a clock time in one short line.
_TIMESTAMP = re.compile(
    r"\b(?:19|20)\d\d\b.*\b\d{1,2}[:h]\d\d\b|\b\d{1,2}:\d\d\b.*\b(?:19|20)\d\d\b"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_HEADING_TAGS = ("h2", "h3", "h4", "h5", "h6")
_PAGE_BLOCKS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre")


def _space(text: str | None) -> str:
    return " ".join((text or "").split())


def _is_prose(text: str) -> bool:
    words = len(text.split())
    return words >= PROSE_WORDS and (text.endswith(_TERMINAL) or words >= 25)


def _section_words(tree, section: str | None) -> set[str]:
    """Texts a kicker may repeat: the page's short link texts and its declared section."""
    out = {normalise_line(section)} if section else set()
    for a in tree.iter("a"):
        text = _space(a.text_content())
        if 0 < len(text.split()) <= 3:
            out.add(normalise_line(text))
    return out


def _meta_line(text: str) -> bool:
    """A header line of fields ("May 3, 2020 at 8:45 AM | categories: X | Comments"), or
    a short time stamp.

    Fields are separated by bars or bullets; the line is metadata when one field is
    a date or a byline and none is a sentence.
    """
    if _TIMESTAMP.search(text) and len(text.split()) <= 10 and not text.endswith("."):
        return True  # a time stamp in any language: "segunda-feira, 22 de ... de 2018 às 0:13"
    fields = [f.strip() for f in re.split(r"\s[|•·]\s", text) if f.strip()]
    if len(fields) < 2 or any(f.endswith(".") and len(f.split()) > 6 for f in fields):
        return False
    return any(date_line(re.sub(r"\s+at\s+", " ", f)) or _BYLINE.match(f) for f in fields)


def prune_blocks(
    blocks: list[Block], tree, section: str | None = None
) -> tuple[list[Block], list[tuple[int, str, str]]]:
    """(kept blocks, removed as (index in `blocks`, text, reason)) for one page."""
    reasons: dict[int, str] = {}
    for i, (_, text) in enumerate(blocks):
        if not re.search(r"\w", text):
            reasons[i] = "ornament"

    # Above the first paragraph of prose: bylines, datelines, a kicker.
    first_prose = next(
        (i for i, (k, t) in enumerate(blocks) if k != "heading" and _is_prose(t)), len(blocks)
    )
    sections: set[str] | None = None
    for i in range(first_prose):
        kind, text = blocks[i]
        if i in reasons:
            continue
        if len(text.split()) <= 20 and (_BYLINE.match(text) or date_line(text) or _meta_line(text)):
            reasons[i] = "header"
        elif kind != "heading" and len(text.split()) <= 3 and not text.endswith(_TERMINAL):
            sections = _section_words(tree, section) if sections is None else sections
            if normalise_line(text) in sections:
                reasons[i] = "label"

    # At the end: a related / most-read / comments list, a contact line.
    tails = furniture()["tails"]
    for i in range(first_prose + 1, len(blocks)):
        text = blocks[i][1]
        if len(text.split()) > 8 or text.endswith((".", ",")):
            continue
        norm = normalise_line(text).strip(" :")
        reason = next((r for r, p in tails.items() if p.match(norm)), None)
        if reason and all(not _is_prose(t) for _, t in blocks[i + 1 :]):
            for j in range(i, len(blocks)):
                reasons.setdefault(j, reason)
            break
    for i in range(len(blocks) - 1, first_prose, -1):
        text = blocks[i][1]
        if i in reasons:
            continue
        if len(text.split()) <= 15 and _EMAIL.search(text):
            reasons[i] = "contact"
        else:
            break

    kept = [b for i, b in enumerate(blocks) if i not in reasons]
    removed = [(i, blocks[i][1], r) for i, r in sorted(reasons.items())]
    return kept, removed


def restore_headings(blocks: list[Block], tree) -> list[Block]:
    """Put back the page's sub-headings (h2-h6) that stood between two kept blocks.

    The extractor's fallbacks sometimes keep a section's paragraphs but not its
    heading; the heading is the article's, so it goes back where it stood.
    """
    kept_index = {_space(t).lower(): i for i, (_, t) in enumerate(blocks)}
    if not kept_index:
        return blocks
    page: list[tuple[bool, str]] = []
    body = tree.find("body")
    for el in (body if body is not None else tree).iter(*_PAGE_BLOCKS):
        if any(a.tag in _PAGE_BLOCKS for a in el.iterancestors()):
            continue
        text = _space(el.text_content())
        if text:
            page.append((el.tag in _HEADING_TAGS, text))
    inserts: dict[int, list[str]] = {}
    for n, (is_heading, text) in enumerate(page):
        if not is_heading or text.lower() in kept_index or len(text.split()) > 20:
            continue
        if n == 0 or n + 1 >= len(page):
            continue
        before = kept_index.get(page[n - 1][1].lower())
        after = kept_index.get(page[n + 1][1].lower())
        if before is not None and after is not None and after == before + 1:
            inserts.setdefault(after, []).append(text)
    if not inserts:
        return blocks
    out: list[Block] = []
    for i, block in enumerate(blocks):
        out.extend(("heading", h) for h in inserts.get(i, []))
        out.append(block)
    return out
