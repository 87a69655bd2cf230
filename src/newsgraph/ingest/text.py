"""Our own boilerplate classifier for scraped plain text (and Markdown).

Scraped text is a column of lines: the article's paragraphs and headings mixed with
page furniture. The classifier looks at each line with its neighbours and its place in
the page, in named passes that each give a removal reason:

1. site-repeat   lines that several other documents of the same site or folder share;
2. navigation    menus glued into one line, breadcrumbs, lone section labels;
3. language      a language-switch link ("RU", "English");
4. header        metadata lines above the body ("date 2021-09-09", "Author: X", "By X");
5. title         the first heading-like line above the body becomes the title,
   repeated-title  and a second printing of it is dropped;
6. teaser        headline + blurb + "Read more" blocks, headline + "blurb..." pairs;
7. related, most-read, comments   a list opened by "See also", "Most read", ...;
8. subscribe, share, advertisement, footer   calls to action and page footer;
9. bio           an author biography closing the article (it also gives the author).

Lines that survive are paragraphs or, when short and unpunctuated, headings. Nothing is
dropped silently: every removed line becomes a RemovedBlock with its reason.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

from newsgraph.ingest.body import BodyBuilder
from newsgraph.ingest.metadata import PublishedDate, parse_date, split_authors

TERMINAL = tuple('.!?…"”’»)')
PROSE_WORDS = 12  # a line with this many words and a full stop is prose


@dataclass
class Line:
    """One non-blank line of the input, stripped, with its raw offsets."""

    text: str
    start: int
    end: int
    group: int  # index of the blank-line separated group it belongs to
    heading_mark: bool = False  # a Markdown "#" heading
    reason: str | None = None  # why it is removed; None = kept
    words: int = 0

    @property
    def prose(self) -> bool:
        return self.words >= PROSE_WORDS and (self.text.endswith(TERMINAL) or self.words >= 25)

    @property
    def short(self) -> bool:
        return not self.prose and self.words <= 20


@dataclass
class TextCleaning:
    """What the classifier made of one text."""

    builder: BodyBuilder
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: PublishedDate | None = None
    labels: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- data
@lru_cache(maxsize=1)
def furniture() -> dict:
    """The phrase lists in furniture.yaml, compiled."""
    data = yaml.safe_load(
        (resources.files("newsgraph.ingest") / "furniture.yaml").read_text(encoding="utf-8")
    )

    def whole(patterns: list[str]) -> re.Pattern[str]:
        return re.compile(r"^(?:" + "|".join(f"(?:{p})" for p in patterns) + r")$", re.IGNORECASE)

    return {
        "teaser": whole(data["teaser_markers"]),
        "tails": {reason: whole(p) for reason, p in data["tail_markers"].items()},
        "lines": {reason: whole(p) for reason, p in data["line_patterns"].items()},
        "menu": {w.lower() for w in data["menu_words"]},
        "languages": {w.lower() for w in data["language_names"]},
        "bio": {w.lower() for w in data["bio_words"]},
        "header": _header_pattern(data["header_fields"]),
        "header_keys": {
            key.lower(): name for name, keys in data["header_fields"].items() for key in keys
        },
    }


def _header_pattern(fields: dict[str, list[str]]) -> re.Pattern[str]:
    """'Key: value' header lines; longer keys first so 'posted by' wins over 'posted'."""
    keys = sorted({k.lower() for ks in fields.values() for k in ks}, key=len, reverse=True)
    alternatives = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys)
    return re.compile(rf"^(?P<key>{alternatives})\b\s*[:\-–—]?\s*(?P<value>.*)$", re.IGNORECASE)


def line_hash(normalised: str) -> str:
    """Short stable hash of a normalised line: site furniture travels as these."""
    return hashlib.blake2b(normalised.encode("utf-8"), digest_size=8).hexdigest()


def normalise_line(text: str) -> str:
    """Lower case, punctuation and arrows trimmed: the form lines are compared in."""
    return " ".join(re.sub(r"[^\w@&|/'’-]+", " ", text.lower()).split())


# --------------------------------------------------------------------------- lines
_MD_HEADING = re.compile(r"^(#{1,6})\s+")
_MD_LIST = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s+")
# A whole line in emphasis: "*Site · Section*", "**By Jane Doe**", "_a closing bio._"
_MD_EMPHASIS = re.compile(r"^(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1$")


def split_lines(raw_text: str, markdown: bool = False) -> list[Line]:
    """Non-blank lines with their raw offsets and blank-line groups."""
    lines: list[Line] = []
    group = 0
    pos = 0
    blank = True
    for piece in raw_text.split("\n"):
        stripped = piece.strip()
        if not stripped:
            if not blank:
                group += 1
            blank = True
        else:
            blank = False
            start = pos + (len(piece) - len(piece.lstrip()))
            heading = False
            if markdown:
                m = _MD_HEADING.match(stripped)
                if m:
                    heading = True
                    start += m.end()
                    stripped = stripped[m.end() :].rstrip("# ").strip()
                e = _MD_EMPHASIS.match(stripped)
                if e and "\n" not in e.group(2):
                    start += len(e.group(1))
                    stripped = e.group(2).strip()
            if stripped:
                lines.append(
                    Line(
                        stripped,
                        start,
                        start + len(stripped),
                        group,
                        heading,
                        words=len(stripped.split()),
                    )
                )
        pos += len(piece) + 1
    return lines


# --------------------------------------------------------------------------- passes
_GLUED = re.compile(r"[a-z\u0430-\u044f][A-Z\u0410-\u042f]")
_SEPARATORS = re.compile(r"\s(?:\||·|•|»|›|>|/|::)\s")
_BIO_START = re.compile(
    r"^(?P<name>(?:[A-Z][\w'’.-]+\s+){1,3}[A-Z][\w'’-]+)\s+(?:is|was|has been|serves as|works as)\s+"
    r"(?:a|an|the|currently|also|now)\b"
)
_HANDLE = re.compile(r"(?:^|\s)follow\b.{0,30}@\w+|@\w{2,}\s*$", re.IGNORECASE)
_ENDS_ELLIPSIS = re.compile(r"(?:\.\.\.|…)\s*$")


def _is_navigation(line: Line, fur: dict) -> bool:
    text = line.text
    if line.prose:
        return False
    tokens = text.split()
    glued = sum(len(_GLUED.findall(t)) for t in tokens if len(t) > 12)
    if glued >= 2:
        return True  # menu items whose separators were lost: "NewsWorldSubscribe"
    if len(_SEPARATORS.findall(f" {text} ")) >= 2 and line.words <= 25:
        return True  # breadcrumbs "Home > World > Europe", "A | B | C"
    words = [w for w in normalise_line(text).split() if w not in {"&", "|", "/", "-"}]
    if len(words) >= 3 and not text.endswith(TERMINAL):
        menu = sum(w in fur["menu"] for w in words)
        return menu / len(words) >= 0.75
    return False


def _is_language_switch(line: Line, fur: dict) -> bool:
    words = re.split(r"[\s|/·•,]+", line.text.lower().strip(" |/·•"))
    return 0 < len(words) <= 4 and all(w in fur["languages"] for w in words)


def _looks_like_heading(line: Line) -> bool:
    if line.heading_mark:
        return True
    text = line.text
    return (
        line.words <= 20
        and not text.endswith((".", ",", ";", "…"))
        and (text[:1].isupper() or text[:1].isdigit() or text[:1] in "\"“‘'«")
        and not _ENDS_ELLIPSIS.search(text)
    )


def _header_field(line: Line, fur: dict) -> tuple[str, str] | None:
    """(field, value) of a 'Key: value' metadata line; field is published, updated, author
    or source (see header_fields in furniture.yaml)."""
    m = fur["header"].match(line.text)
    if not m or line.words > 16:
        return None
    key = " ".join(m.group("key").lower().split())
    return fur["header_keys"][key], m.group("value").strip()


# Parts of a byline: "By Jane Doe | March 3, 2024", "Jane Doe · 3 May 2020".
_BYLINE_PARTS = re.compile(
    r"\s+[|•·—–]\s+|\s{2,}|,\s+(?=(?:mon|tue|wed|thu|fri|sat|sun)\w*\b)", re.I
)
# "Jane Doe / Example Times": a person credited with the outlet they wrote for.
_PERSON = re.compile(
    r"^[A-Z\u00c0-\u024f\u0400-\u042f][\w'’.-]+(?:\s+[A-Z\u00c0-\u024f\u0400-\u042f][\w'’.-]+){1,3}$"
)
_CREDIT = re.compile(r"^(?P<name>[^|/•·]+?)\s+[/|•·]\s+(?P<outlet>[^|/•·]+)$")


def _bare_date(line: Line) -> PublishedDate | None:
    return date_line(line.text)


def date_line(text: str) -> PublishedDate | None:
    """The date of a line that is nothing but a date (with weekday and time, perhaps)."""
    if len(text.split()) > 8 or len(text) > 60:
        return None
    stripped = re.sub(
        r"(?i)\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?|\b\d{1,2}:\d\d(?::\d\d)?\s*(?:am|pm)?|"
        r"\b(?:utc|gmt|[ecmp][sd]t|bst|cet|msk)\b|[|,•·]",
        " ",
        text,
    )
    date = parse_date(stripped)
    if date is None:
        return None
    leftover = re.sub(r"(?i)[\d\s./:-]|\b[a-z]{3,9}\b|\b(st|nd|rd|th)\b", "", stripped)
    return date if not leftover.strip() else None


class _Classifier:
    def __init__(self, lines: list[Line], site_lines: frozenset[str], fur: dict) -> None:
        self.lines = lines
        self.site_lines = site_lines
        self.fur = fur
        self.title: str | None = None
        self.title_index: int | None = None
        self.authors: list[str] = []
        self.published: PublishedDate | None = None
        self.updated: PublishedDate | None = None

    def kept(self) -> list[int]:
        return [i for i, ln in enumerate(self.lines) if ln.reason is None]

    def first_prose(self) -> int:
        for i, ln in enumerate(self.lines):
            if ln.reason is None and ln.prose and not self._is_bio_like(i):
                return i
        return len(self.lines)

    def run(self) -> None:
        self.mark_site_repeats()
        self.mark_line_patterns()
        self.mark_header()
        self.mark_teasers()
        self.mark_tails()
        self.mark_bio()

    # 1-3, 8
    def mark_site_repeats(self) -> None:
        for ln in self.lines:
            if ln.words <= 30 and line_hash(normalise_line(ln.text)) in self.site_lines:
                ln.reason = "site-repeat"

    def mark_line_patterns(self) -> None:
        for ln in self.lines:
            if ln.reason or ln.words > 25:
                continue
            if not re.search(r"\w", ln.text):
                ln.reason = "ornament"  # "* * *", "---", a Markdown rule
            elif _is_language_switch(ln, self.fur):
                ln.reason = "language-switch"
            elif _is_navigation(ln, self.fur):
                ln.reason = "navigation"
            else:
                norm = normalise_line(ln.text)
                for reason, pattern in self.fur["lines"].items():
                    if pattern.match(norm) or pattern.match(ln.text.strip(" .:!»›→>")):
                        ln.reason = reason
                        break

    # 4-5
    def mark_header(self) -> None:
        body_start = self.first_prose()
        seen: dict[str, int] = {}
        for i, ln in enumerate(self.lines):
            if ln.reason is not None:
                continue
            in_header = i < body_start or i <= body_start + 2 and ln.short
            field_ = _header_field(ln, self.fur) if in_header or ln.words <= 6 else None
            if field_ and self._take_field(*field_):
                ln.reason = "header"
                continue
            if (
                self.title_index is not None
                and self.title_index < i < body_start
                and self._take_credit(ln)
            ):
                ln.reason = "header"
                continue
            if in_header:
                date = _bare_date(ln)
                if date is not None:
                    ln.reason = "header"
                    self.published = self.published or date
                    continue
            norm = normalise_line(ln.text)
            if norm and norm in seen and ln.short:
                ln.reason = "repeated-title" if seen[norm] == self.title_index else "duplicate"
                continue
            if ln.short:
                seen.setdefault(norm, i)
            if i < body_start and self.title is None and _looks_like_heading(ln):
                if ln.words <= 2 and ln.text.isupper() and self._heading_follows(i, body_start):
                    ln.reason = "label"  # "OPINION" above the real headline
                    continue
                if self._is_masthead(i, body_start):
                    ln.reason = "site-name"
                    continue
                if not ln.heading_mark and any(
                    x.heading_mark and x.reason is None for x in self.lines[i + 1 : body_start]
                ):
                    ln.reason = "label"  # a marked-up headline is still to come
                    continue
                self.title = ln.text
                self.title_index = i
                seen[norm] = i
                ln.reason = "title"
            elif i < body_start and ln.words <= 2 and not ln.heading_mark:
                ln.reason = "label"

    def _heading_follows(self, i: int, body_start: int) -> bool:
        return any(
            self.lines[j].reason is None
            and _looks_like_heading(self.lines[j])
            and self.lines[j].words > 2
            for j in range(i + 1, min(body_start, i + 4))
        )

    def _is_masthead(self, i: int, body_start: int) -> bool:
        """The site's name printed above the headline: the page's first kept line, short,
        with a longer heading-like line (the headline) still to come above the body."""
        ln = self.lines[i]
        if ln.words > 4 or ln.heading_mark or any(x.reason is None for x in self.lines[:i]):
            return False
        for j in range(i + 1, min(body_start, i + 8)):
            nxt = self.lines[j]
            if nxt.reason is not None or _header_field(nxt, self.fur) or _bare_date(nxt):
                continue
            if _CREDIT.match(nxt.text) and _PERSON.match(_CREDIT.match(nxt.text).group("name")):
                continue  # "Jane Doe / Example Times" is a credit line, not the headline
            if nxt.heading_mark or (_looks_like_heading(nxt) and nxt.words >= max(4, ln.words + 2)):
                return True
        return False

    def _take_field(self, field_: str, value: str) -> bool:
        if field_ in ("published", "updated"):
            date = parse_date(value)
            if date is None:
                return False
            if field_ == "published":
                self.published = self.published or date
            else:
                self.updated = self.updated or date
            return True
        if field_ == "source":
            return 0 < len(value.split()) <= 6
        # A byline may carry the date too: "By Jane Doe | March 3, 2024".
        parts = _BYLINE_PARTS.split(value)
        names = split_authors(parts[0])
        if not names or not all(n[:1].isupper() for n in names):
            return False
        self.authors.extend(n for n in names if n not in self.authors)
        for part in parts[1:]:
            date = date_line(part)
            if date is not None:
                self.published = self.published or date
        return True

    def _take_credit(self, ln: Line) -> bool:
        """A 'Name / Outlet' credit line under the headline gives the author."""
        m = _CREDIT.match(ln.text)
        if not m or ln.words > 9 or ln.text.endswith(TERMINAL):
            return False
        name, outlet = m.group("name").strip(), m.group("outlet").strip()
        if not _PERSON.match(name) or not outlet[:1].isupper():
            return False
        words = normalise_line(name).split()
        if all(w in self.fur["menu"] for w in words):
            return False  # "News / Politics" is navigation, not a person
        if name not in self.authors:
            self.authors.append(name)
        return True

    # 6
    def mark_teasers(self) -> None:
        lines = self.lines
        for i, ln in enumerate(lines):
            marker = self.fur["teaser"].match(normalise_line(ln.text)) and ln.words <= 6
            if marker:
                ln.reason = "teaser"
                blurb = self._prev_kept(i)
                if blurb is None:
                    continue
                head = self._prev_kept(blurb)
                headed = head is not None and lines[head].short and _looks_like_heading(lines[head])
                if lines[blurb].short and _looks_like_heading(lines[blurb]):
                    lines[blurb].reason = "teaser"  # a headline-only teaser
                elif headed or _ENDS_ELLIPSIS.search(lines[blurb].text):
                    lines[blurb].reason = "teaser"
                    if headed and head is not None:
                        lines[head].reason = "teaser"
            elif ln.reason is None and _ENDS_ELLIPSIS.search(ln.text) and ln.words <= 60:
                head = self._prev_kept(i)
                if head is not None and lines[head].short and _looks_like_heading(lines[head]):
                    ln.reason = lines[head].reason = "teaser"

    def _prev_kept(self, i: int) -> int | None:
        j = i - 1
        while j >= 0 and self.lines[j].reason is not None and self.lines[j].reason != "teaser":
            j -= 1
        if j >= 0 and self.lines[j].reason is None:
            return j
        return None

    # 7
    def mark_tails(self) -> None:
        lines = self.lines
        i = 0
        while i < len(lines):
            ln = lines[i]
            reason = self._tail_reason(ln)
            if reason is None:
                i += 1
                continue
            ln.reason = reason
            j = i + 1
            while j < len(lines):
                nxt = lines[j]
                if self._tail_reason(nxt):
                    break
                if nxt.reason is None and nxt.words >= 50 and not _ENDS_ELLIPSIS.search(nxt.text):
                    break  # article prose resumes
                if nxt.reason in (None, "teaser"):
                    nxt.reason = reason
                j += 1
            i = j

    def _tail_reason(self, ln: Line) -> str | None:
        if ln.words > 8 or ln.text.endswith((".", ",")):
            return None
        norm = normalise_line(ln.text).strip(" :")
        for reason, pattern in self.fur["tails"].items():
            if pattern.match(norm):
                return reason
        return None

    # 9
    def _is_bio_like(self, i: int) -> bool:
        ln = self.lines[i]
        if ln.words > 140:
            return False
        text = ln.text
        words = re.findall(r"[\w@-]+", text.lower())
        if not words:
            return False
        bio_hits = sum(w in self.fur["bio"] for w in words) + len(re.findall(r"@\w", text))
        if _BIO_START.match(text) and bio_hits >= 2:
            return True
        # "Analyst, former head of ..., author of ...": roles listed with no subject.
        first = ", ".join(text.split(",")[:2]).lower()
        return (
            bio_hits >= 4
            and bio_hits / len(words) >= 0.08
            and any(w in self.fur["bio"] for w in re.findall(r"[\w-]+", first))
            and not re.search(r"\b(?:i|we|he|she|they|it)\b", first)
        )

    def _about_the_author(self, ln: Line) -> bool:
        """A short closing line that opens with the byline's name is about the author:
        articles do not name their own writer in the third person."""
        return ln.words <= 60 and any(
            ln.text.startswith(name) and len(name.split()) >= 2 for name in self.authors
        )

    def mark_bio(self) -> None:
        kept = self.kept()
        # Only the last two kept paragraphs can be a closing bio.
        for i in kept[-2:]:
            ln = self.lines[i]
            if i == kept[0]:
                continue
            if _HANDLE.search(ln.text) and ln.words <= 12:
                ln.reason = "bio"
                continue
            if self._is_bio_like(i) or self._about_the_author(ln):
                ln.reason = "bio"
                m = _BIO_START.match(ln.text)
                if m and not self.authors:
                    self.authors.append(m.group("name"))


# --------------------------------------------------------------------------- assembly
def _wrapped(group: list[Line]) -> bool:
    """A group of lines that is one paragraph hard-wrapped at a fixed width."""
    if len(group) < 2:
        return False
    widest = max(len(ln.text) for ln in group)
    if widest > 120 or any(ln.heading_mark or _MD_LIST.match(ln.text) for ln in group):
        return False
    return all(len(ln.text) >= 0.6 * widest for ln in group[:-1])


def clean_text(
    raw_text: str, *, markdown: bool = False, site_lines: frozenset[str] = frozenset()
) -> TextCleaning:
    """Split scraped text into article body and furniture.

    >>> r = clean_text("Home | World | Sport\\nA headline\\nAuthor: Jane Doe\\n"
    ...                "The minister said on Monday that the talks would resume next week in Geneva.\\n"
    ...                "See also\\nAnother story")
    >>> r.title, r.authors, r.builder.body[:12], [x.reason for x in r.builder.removed]
    ('A headline', ('Jane Doe',), 'The minister', ['navigation', 'title', 'header', 'related', 'related'])
    """
    lines = split_lines(raw_text, markdown=markdown)
    classifier = _Classifier(lines, site_lines, furniture())
    classifier.run()
    builder = BodyBuilder(raw_text=raw_text)
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln.reason is not None:
            builder.add_removed(ln.text, ln.reason, ln.start, ln.end)
            i += 1
            continue
        # Gather the kept lines of this group that form one wrapped paragraph.
        j = i + 1
        while j < len(lines) and lines[j].group == ln.group and lines[j].reason is None:
            j += 1
        run = lines[i:j]
        if _wrapped(run):
            builder.add_block("paragraph", [(x.text, x.start) for x in run])
        else:
            for x in run:
                kind = _block_kind(x)
                builder.add_block(kind, [(x.text, x.start)])
        i = j
    published = classifier.published or classifier.updated
    return TextCleaning(
        builder=builder,
        title=classifier.title,
        authors=tuple(classifier.authors),
        published=published,
    )


def _block_kind(line: Line) -> str:
    if line.heading_mark:
        return "heading"
    if _MD_LIST.match(line.text):
        return "list"
    if line.text.startswith((">",)):
        return "quote"
    if (
        not line.prose
        and _looks_like_heading(line)
        and line.words <= 15
        and not line.text.endswith(":")
    ):
        return "heading"
    return "paragraph"
