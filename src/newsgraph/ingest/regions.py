"""Page regions: which part of the page the extractor's blocks came from.

trafilatura picks its blocks paragraph by paragraph. Two page shapes defeat it:

1. **Split bodies.** Some pages cut the article into several sibling containers of one
   kind (an advert or a newsletter box between them). The extractor keeps the first
   container and loses the rest. `expand_split_body` finds the container that holds most
   of the kept paragraphs and adds the prose of its siblings of the same tag and class.
2. **Several articles.** Pages that show their article next to teaser cards, comments
   or other posts, each in its own `<article>` element, let the extractor keep text of
   several of them. `foreign_article_blocks` names the kept blocks that stand in an
   `<article>` other than the page's own (the one with the page's headline, or else the
   one with most kept text).

Both work on the (kind, text) blocks with the parsed page; blocks are matched to page
elements by their normalised text.
"""

from __future__ import annotations

import re

Block = tuple[str, str]

_BLOCKS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd")
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_KEY_CHARS = 100
MIN_PROSE_WORDS = 8  # a paragraph of a sibling container must be this long to be added
MAX_LINK_DENSITY = 0.3


def _space(text: str | None) -> str:
    return " ".join((text or "").split())


def _key(text: str) -> str:
    return _space(text).lower()[:_KEY_CHARS]


def _link_share(el, text: str) -> float:
    links = sum(len(_space(a.text_content())) for a in el.iter("a"))
    return links / max(1, len(text))


def _outer_blocks(root) -> list:
    """Block elements under `root` that are not inside another block element."""
    return [
        el
        for el in root.iter(*_BLOCKS)
        if not any(a.tag in _BLOCKS for a in el.iterancestors() if a is not root)
    ]


class PageIndex:
    """The page's block elements, in document order, found by their text."""

    def __init__(self, tree) -> None:
        body = tree.find("body")
        self.root = body if body is not None else tree
        self.elements = _outer_blocks(self.root)
        self.order = {el: n for n, el in enumerate(self.elements)}
        self.by_key: dict[str, list] = {}
        for el in self.elements:
            text = _space(el.text_content())
            if text:
                self.by_key.setdefault(_key(text), []).append(el)

    def find(self, text: str):
        """The first page element whose text is `text` (None when there is none)."""
        found = self.by_key.get(_key(text))
        return found[0] if found else None


def _signature(el) -> tuple[str, str] | None:
    cls = " ".join(sorted((el.get("class") or "").split()))
    return (el.tag, cls) if cls else None


def expand_split_body(blocks: list[Block], index: PageIndex) -> list[Block]:
    """`blocks` with the prose of sibling containers of the article's own container.

    The container is the parent holding most kept paragraph text; a sibling counts when
    it has the same tag and the same (non-empty) class list. Only prose with few links
    is added (so that a "more stories" list in the last chunk stays out), at its place
    in page order.
    """
    kept_keys = {_key(t) for _, t in blocks}
    positions: list[int | None] = []
    weight: dict = {}
    for kind, text in blocks:
        el = index.find(text)
        positions.append(index.order.get(el) if el is not None else None)
        if el is not None and kind == "paragraph" and el.getparent() is not None:
            parent = el.getparent()
            weight[parent] = weight.get(parent, 0) + len(text)
    if not weight:
        return blocks
    container = max(weight, key=lambda el: weight[el])
    added: list[tuple[int, Block]] = []
    # The chunks are siblings of the container or, when each chunk wraps the container
    # with an aside of its own, siblings of its parent.
    for level in (container, container.getparent()):
        signature = _signature(level) if level is not None else None
        parent = level.getparent() if level is not None else None
        if signature is None or parent is None:
            continue
        for sibling in parent:
            if sibling is not level and _signature(sibling) == signature:
                added += _chunk_prose(sibling, index, kept_keys)
        if added:
            break
    if not any(kind != "heading" for _, (kind, _) in added):
        return blocks
    return _merge(blocks, positions, added)


MIN_CHUNK_CHARS = 400  # a sibling chunk must add this much prose (not a disclaimer box)


def _chunk_prose(chunk, index: PageIndex, kept_keys: set[str]) -> list[tuple[int, Block]]:
    """(page position, block) of the headings and prose of one sibling chunk."""
    out: list[tuple[int, Block]] = []
    for el in _outer_blocks(chunk):
        text = _space(el.text_content())
        if not text or _key(text) in kept_keys or el not in index.order:
            continue
        if el.tag in _HEADINGS:
            if len(text.split()) <= 20:
                out.append((index.order[el], ("heading", text)))
            continue
        if len(text.split()) < MIN_PROSE_WORDS or _link_share(el, text) > MAX_LINK_DENSITY:
            continue
        kind = "list" if el.tag == "li" else "quote" if el.tag == "blockquote" else "paragraph"
        out.append((index.order[el], (kind, text)))
    prose = sum(len(b[1]) for _, b in out if b[0] != "heading")
    return out if prose >= MIN_CHUNK_CHARS else []


def _merge(
    blocks: list[Block], positions: list[int | None], added: list[tuple[int, Block]]
) -> list[Block]:
    """Insert `added` (page position, block) after the last kept block that precedes it."""
    out: list[Block] = []
    pending = sorted(added)
    for block, pos in zip(blocks, positions, strict=True):
        if pos is not None:
            while pending and pending[0][0] < pos:
                out.append(pending.pop(0)[1])
        out.append(block)
    out.extend(b for _, b in pending)
    return out


def _title_words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _carries_title(unit, title: str | None) -> bool:
    if not title:
        return False
    want = _title_words(title)
    for h in unit.iter("h1", "h2"):
        words = _title_words(h.text_content())
        if words and len(words) <= len(want) and want[: len(words)] == words:
            return True
    return False


def foreign_article_blocks(blocks: list[Block], index: PageIndex, title: str | None) -> set[int]:
    """Indices of kept blocks that stand in an `<article>` other than the page's own."""
    units: list = []
    chars: dict = {}
    for _, text in blocks:
        el = index.find(text)
        unit = next(el.iterancestors("article"), None) if el is not None else None
        units.append(unit)
        if unit is not None:
            chars[unit] = chars.get(unit, 0) + len(text)
    if len(chars) < 2:
        return set()
    with_title = [u for u in chars if _carries_title(u, title)]
    main = with_title[0] if len(with_title) == 1 else max(chars, key=lambda u: chars[u])
    around = set(main.iterancestors("article"))
    return {
        i
        for i, unit in enumerate(units)
        if unit is not None and unit is not main and unit not in around
    }
