"""Article metadata: title, authors, publication date with its precision, site name.

Dates are ISO strings cut to what the source states ("2021", "2021-03", "2021-03-09")
with a precision word; anything we cannot read stays None. Nothing is invented: a
date must come from a date-like string the page or the text gives, an author from a
byline, a meta field or a structured-data record.

HTML metadata cascade (first non-empty wins, per field):
1. JSON-LD records of an article type (headline, author, datePublished, publisher);
2. meta tags (Open Graph, article:*, Dublin Core, citation_*, parsely-*, sailthru.*);
3. microdata and page elements (itemprop, <time datetime>, rel=author, byline classes);
4. the page <title> with the site name cut off, the first <h1>.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from urllib.parse import urlsplit

from newsgraph.model import Precision

ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "blogposting",
    "reportage",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "scholarlyarticle",
    "techarticle",
    "socialmediaposting",
    "liveblogposting",
    "webpage",
    "posting",
    "report",
    "medicalwebpage",
    "creativework",
    "discussionforumposting",
    "review",
}

_ISO = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)(?:[-/.](?P<m>[01]?\d)(?:[-/.](?P<d>[0-3]?\d))?)?(?![\d/.-]\d)"
)
_ISO_FULL = re.compile(r"^\s*((?:19|20)\d\d)-(\d\d)(?:-(\d\d))?(?:[T ].*)?$")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-]([01]\d)[/-]([0-3]\d)(?:/|[^\d]|$)")
_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_WORD_DATE = re.compile(
    rf"\b(?:(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MONTHS})\.?,?\s+(?P<y1>(?:19|20)\d\d)"
    rf"|(?P<m2>{_MONTHS})\.?\s+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y2>(?:19|20)\d\d)"
    rf"|(?P<m3>{_MONTHS})\.?,?\s+(?P<y3>(?:19|20)\d\d))\b",
    re.IGNORECASE,
)
_MONTH_NUMBER = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}


@dataclass(frozen=True)
class PublishedDate:
    """A publication date as far as the source states it."""

    value: str
    precision: Precision


@dataclass
class PageMetadata:
    """What a page says about itself; every field may stay empty."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    published: PublishedDate | None = None
    site: str | None = None
    url: str | None = None
    description: str | None = None
    sources: dict[str, str] = field(default_factory=dict)  # field -> where it came from


# --------------------------------------------------------------------------- dates
def _make(y: int, m: int | None, d: int | None) -> PublishedDate | None:
    today = date.today()
    if not 1900 <= y <= today.year + 1:
        return None
    if m is None:
        return PublishedDate(f"{y:04d}", "year")
    if not 1 <= m <= 12:
        return None
    if d is None:
        return PublishedDate(f"{y:04d}-{m:02d}", "month")
    try:
        date(y, m, d)
    except ValueError:
        return None
    return PublishedDate(f"{y:04d}-{m:02d}-{d:02d}", "day")


def parse_date(text: str | None) -> PublishedDate | None:
    """Read a date from a short string, keeping its precision.

    >>> parse_date("2021-09-09T10:00:00Z")
    PublishedDate(value='2021-09-09', precision='day')
    >>> parse_date("Published March 2020").precision
    'month'
    >>> parse_date("no date here") is None
    True
    """
    if not text:
        return None
    text = text.strip()[:200]
    m = _ISO_FULL.match(text)
    if m:
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None)
    m = _WORD_DATE.search(text)
    if m:
        y = m.group("y1") or m.group("y2") or m.group("y3")
        month = (m.group("m1") or m.group("m2") or m.group("m3"))[:3].lower()
        d = m.group("d1") or m.group("d2")
        return _make(int(y), _MONTH_NUMBER[month], int(d) if d else None)
    m = _ISO.search(text)
    if m and (m.group("m") or len(text) <= 12):
        # A bare 4-digit number is a year only when the string is little more than it.
        return _make(
            int(m.group("y")),
            int(m.group("m")) if m.group("m") else None,
            int(m.group("d")) if m.group("d") else None,
        )
    return _dateparser(text)


@lru_cache(maxsize=1)
def _date_parser():
    from dateparser.date import DateDataParser

    return DateDataParser(
        settings={
            "PREFER_DAY_OF_MONTH": "first",
            "REQUIRE_PARTS": ["year"],
            "RETURN_TIME_AS_PERIOD": False,
        }
    )


def _dateparser(text: str) -> PublishedDate | None:
    if not re.search(r"\d{4}", text) or len(text) > 60:
        return None  # dateparser guesses wildly on long or year-less strings
    try:
        data = _date_parser().get_date_data(text)
    except Exception:  # dateparser raises assorted errors on odd strings
        return None
    if data is None or data.date_obj is None:
        return None
    dt: datetime = data.date_obj
    period = data.period or "day"
    if period == "year":
        return _make(dt.year, None, None)
    if period == "month":
        return _make(dt.year, dt.month, None)
    return _make(dt.year, dt.month, dt.day)


def date_from_url(url: str | None) -> PublishedDate | None:
    """A /2020/01/15/ style date in a URL path."""
    if not url:
        return None
    m = _URL_DATE.search(urlsplit(url).path)
    return _make(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


# --------------------------------------------------------------------------- authors
_BY = re.compile(
    r"^\s*(?:(?:view|see) (?:all|more) (?:posts|articles|stories) |posted\s+|written\s+|"
    r"words\s+|reported\s+)?by[:\s]+",
    re.IGNORECASE,
)
_AUTHOR_NOISE = re.compile(
    r"\b(?:updated|published|posted|on|at)\b.*$|\s*[|•·].*$|\s*\(.*?\)|https?://\S+|@\w+",
    re.IGNORECASE,
)
_NOT_A_NAME = re.compile(
    r"^(?:admin|administrator|staff|editor|editors|unknown|anonymous|guest|none|null|by|and|no author|"
    r"facebook|twitter|instagram|linkedin|email|share|follow)$",
    re.IGNORECASE,
)


def clean_author(text: str | None) -> str | None:
    """A person or desk name from a byline fragment, or None when it is not one.

    >>> clean_author("By Jane Doe | Updated 3 May 2020")
    'Jane Doe'
    """
    if not text:
        return None
    text = " ".join(text.split())
    if text.startswith(("http://", "https://", "www.")):
        return None
    text = _BY.sub("", text)
    text = _AUTHOR_NOISE.sub("", text).strip(" ,;:-–—")
    if not text or len(text) > 80 or _NOT_A_NAME.match(text) or not re.search(r"[^\W\d_]", text):
        return None
    if len(text.split()) > 6 or re.search(r"[.!?]\s+\w+\s+\w+", text):
        return None  # a sentence, not a name
    return text


def split_authors(text: str) -> list[str]:
    """'A, B and C' -> ['A', 'B', 'C'], each cleaned."""
    text = _BY.sub("", " ".join(text.split()))
    # Suffixes such as ", PhD" or ", Jr." belong to the name before them.
    parts = re.split(
        r"\s*(?:,|;|\band\b|&|\bwith\b)\s*(?!\s*(?:jr|sr|phd|md|ii|iii)\b)",
        text,
        flags=re.IGNORECASE,
    )
    out: list[str] = []
    for part in parts:
        name = clean_author(part)
        if name and name not in out:
            out.append(name)
    return out


# --------------------------------------------------------------------------- HTML
def _meta_map(tree) -> dict[str, str]:
    found: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        value = el.get("content")
        if key and value and value.strip() and key not in found:
            found[key] = value.strip()
    return found


def _jsonld_records(tree) -> list[dict]:
    records: list[dict] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text.strip().rstrip(";"))
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if "@graph" in item:
                    stack.extend(
                        item["@graph"] if isinstance(item["@graph"], list) else [item["@graph"]]
                    )
                records.append(item)
                main = item.get("mainEntity") or item.get("mainEntityOfPage")
                if isinstance(main, dict) and main.get("@type"):
                    stack.append(main)
    return records


def _types(record: dict) -> set[str]:
    t = record.get("@type") or ""
    return {str(x).lower() for x in (t if isinstance(t, list) else [t])}


def _names(value) -> list[str]:
    if isinstance(value, str):
        return split_authors(value)
    if isinstance(value, dict):
        return _names(value.get("name") or "")
    if isinstance(value, list):
        out: list[str] = []
        for v in value:
            for n in _names(v):
                if n not in out:
                    out.append(n)
        return out
    return []


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split())


def strip_site_suffix(title: str, site: str | None) -> str:
    """'Headline | Site' -> 'Headline' (also ' - ', ' — ', ' :: ')."""
    parts = re.split(r"\s+(?:[|–—·•»›]|::)\s+|\s+-\s+", title)
    if len(parts) < 2:
        return title
    if site:
        low = site.lower()
        kept = [p for p in parts if p.lower() != low and low not in p.lower()]
        if kept and len(kept) < len(parts):
            return " - ".join(kept) if len(kept) > 1 else kept[0]
    # Otherwise the longest part is the headline; site names are short.
    return max(parts, key=len)


def html_metadata(tree, url: str | None = None) -> PageMetadata:
    """Read title, authors, date, site and URL from a parsed page (lxml.html tree)."""
    meta = _meta_map(tree)
    records = _jsonld_records(tree)
    articles = [r for r in records if _types(r) & ARTICLE_TYPES]
    out = PageMetadata()

    # URL and site
    out.url = url or meta.get("og:url") or _first_attr(tree, "//link[@rel='canonical']/@href")
    site = meta.get("og:site_name") or meta.get("application-name")
    for r in articles:
        pub = r.get("publisher")
        if not site and isinstance(pub, dict) and isinstance(pub.get("name"), str):
            site = pub["name"]
    if not site and out.url:
        host = urlsplit(out.url).hostname or ""
        site = host[4:] if host.startswith("www.") else host or None
    out.site = site.strip() if site else None

    # Title
    h1s = [t for t in (_text(h) for h in tree.iter("h1")) if t]
    candidates: list[tuple[str, str]] = []
    for r in articles:
        for key in ("headline", "name"):
            if isinstance(r.get(key), str) and r[key].strip():
                candidates.append(("json-ld", r[key]))
                break
    for key in (
        "og:title",
        "twitter:title",
        "citation_title",
        "dc.title",
        "parsely-title",
        "sailthru.title",
        "headline",
    ):
        if meta.get(key):
            candidates.append((key, meta[key]))
    title_tag = next((_text(t) for t in tree.iter("title")), "")
    out.title = _choose_title(candidates, h1s, title_tag, out.site)

    # Authors
    out.authors = tuple(_choose_authors(tree, meta, articles, out.site))

    # Published date
    for r in articles:
        d = parse_date(str(r.get("datePublished") or r.get("dateCreated") or ""))
        if d:
            out.published = d
            out.sources["published"] = "json-ld"
            break
    if out.published is None:
        for key in (
            "article:published_time",
            "og:published_time",
            "article:published",
            "datepublished",
            "publishdate",
            "pubdate",
            "publish-date",
            "publish_date",
            "citation_publication_date",
            "citation_date",
            "dc.date.issued",
            "dc.date",
            "dcterms.created",
            "parsely-pub-date",
            "sailthru.date",
            "date",
            "article.published",
            "published_time",
            "release_date",
        ):
            d = parse_date(meta.get(key))
            if d:
                out.published = d
                out.sources["published"] = key
                break
    if out.published is None:
        for t in tree.xpath("//time[@datetime] | //*[@itemprop='datePublished']"):
            d = parse_date(t.get("datetime") or t.get("content") or _text(t))
            if d:
                out.published = d
                out.sources["published"] = "time"
                break
    if out.published is None:
        out.published = date_from_url(out.url)
    out.description = meta.get("og:description") or meta.get("description")
    return out


def _first_attr(tree, xpath: str) -> str | None:
    found = tree.xpath(xpath)
    return str(found[0]).strip() if found else None


def _norm(s: str) -> str:
    return re.sub(r"\W+", " ", s).strip().lower()


def _choose_title(
    candidates: list[tuple[str, str]], h1s: list[str], title_tag: str, site: str | None
) -> str | None:
    cleaned = [
        " ".join(strip_site_suffix(" ".join(v.split()), site).split()) for _, v in candidates
    ]
    # An <h1> that agrees with a declared title is the headline as printed.
    declared = [c for c in cleaned if c] + (
        [strip_site_suffix(title_tag, site)] if title_tag else []
    )
    for h1 in h1s[:3]:
        n = _norm(h1)
        if len(n) > 3 and any(
            n == _norm(c) or (n in _norm(c) and len(n) > 0.6 * len(_norm(c))) for c in declared
        ):
            return h1
    # A <title> shortened by the site: the <h1> that begins with it is the whole headline.
    if not cleaned and title_tag:
        short = _norm(strip_site_suffix(title_tag, site))
        for h1 in h1s[:1]:
            n = _norm(h1)
            if len(short.split()) >= 3 and n.startswith(short) and len(n) <= 3 * len(short):
                return h1
    if cleaned and cleaned[0]:
        return cleaned[0]
    if title_tag:
        return strip_site_suffix(title_tag, site) or None
    return h1s[0] if h1s else None


# Class or id words of page regions whose bylines are not the article's.
_NOT_ARTICLE = re.compile(
    r"(?:^|[\s_-])(?:comments?|commentlist|recentcomments|replies|reply|respond|related|"
    r"recommended|most-read|trending|teaser|promo)(?:$|[\s_-])",
    re.IGNORECASE,
)
_VISIBLE_BY = re.compile(
    r"^(?:(?:view|see) (?:all|more) (?:posts|articles|stories) |"
    r"(?:posted|published|written|words|reported|text|story)\s+)?(?:on\s+.{4,40}?\s+)?by\b[:\s]*"
    r"(?P<names>.{2,100})$",
    re.IGNORECASE,
)
_ROLE_TAIL = re.compile(
    r"\s*(?:[,|-]\s*)?\b(?:staff(?: writer| reporter)?|contributor|contributing writer|"
    r"correspondent|senior (?:writer|editor|reporter)|reporter|editor|columnist)\s*$",
    re.IGNORECASE,
)


_PLACEHOLDERS = {
    "no author",
    "unknown",
    "unknown author",
    "staff",
    "admin",
    "administrator",
    "anonymous",
    "editor",
    "editors",
    "guest",
}


def is_organisation_name(name: str, site: str | None, publishers: set[str]) -> bool:
    """True when `name` is the site, its publisher or a placeholder rather than a person."""
    low = name.lower()
    if low in publishers or low in _PLACEHOLDERS:
        return True
    if site:
        compact_site = re.sub(r"\W", "", site.lower())
        compact = re.sub(r"\W", "", low)
        if compact and (compact == compact_site or compact in compact_site and len(compact) > 4):
            return True
    return False


def _tidy_names(names: list[str], site: str | None, publishers: set[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        name = _ROLE_TAIL.sub("", name).strip(" ,|-")
        if site:  # "Jane Doe Example News" -> "Jane Doe"
            name = re.sub(r"\s+" + re.escape(site) + "$", "", name, flags=re.IGNORECASE)
        if name and not is_organisation_name(name, site, publishers) and name not in out:
            out.append(name)
    return out


def _choose_authors(
    tree, meta: dict[str, str], articles: list[dict], site: str | None
) -> list[str]:
    """Authors by the cascade: JSON-LD persons, a visible "By ..." line, meta tags, bylines."""
    publishers = set()
    for r in articles:
        pub = r.get("publisher")
        if isinstance(pub, dict) and isinstance(pub.get("name"), str):
            publishers.add(pub["name"].strip().lower())
    for r in articles:
        people = r.get("author") or r.get("creator")
        people = people if isinstance(people, list) else [people]
        people = [p for p in people if not (isinstance(p, dict) and "organization" in _types(p))]
        names = _tidy_names(_names(people), site, publishers)
        if names:
            if len(names) == 1 and len(names[0].split()) == 1:
                visible = _tidy_names(_visible_byline(tree), site, publishers)
                if visible and visible[0].startswith(names[0]):
                    return visible
            return names
    names = _tidy_names(_visible_byline(tree), site, publishers)
    if names:
        return names
    # Scholarly pages give one citation_author tag per author.
    citation = [el.get("content") for el in tree.xpath("//meta[@name='citation_author']")]
    names = _tidy_names(
        [n for c in citation if c for n in [clean_author(c)] if n], site, publishers
    )
    if names:
        return names
    for key in (
        "author",
        "article:author",
        "og:article:author",
        "parsely-author",
        "sailthru.author",
        "dc.creator",
        "byl",
        "twitter:creator:name",
        "twitter:creator",
    ):
        value = meta.get(key)
        if value and not value.startswith(("http", "@")):
            names = _tidy_names(split_authors(value), site, publishers)
            if names:
                return names
    names = _tidy_names(_byline_authors(tree), site, publishers)
    if names:
        return names
    # No person anywhere: an organisation the page names as its author is still its author.
    organisations = [n for r in articles for n in _names(r.get("author"))]
    organisations += split_authors(meta.get("author") or "") + _byline_authors(tree)
    for name in organisations:
        if name.lower() not in _PLACEHOLDERS:
            return [name]
    return []


def _in_furniture(el) -> bool:
    for anc in el.iterancestors():
        marker = f"{anc.get('class', '')} {anc.get('id', '')}"
        if anc.tag in ("footer", "aside", "nav") or _NOT_ARTICLE.search(marker):
            return True
    return False


_NAME_PARTICLES = {
    "de",
    "la",
    "del",
    "da",
    "di",
    "van",
    "von",
    "der",
    "den",
    "bin",
    "al",
    "el",
    "le",
    "du",
    "dos",
    "ter",
    "y",
}
_NAME_STOP = re.compile(
    rf"^(?:{_MONTHS}|(?:mon|tues|wednes|thurs|fri|satur|sun)day|updated|published|posted|date|"
    r"and|the|staff|share|on|in|at|for|from|with|this|that|photo|photos|image|video|read|more)$",
    re.IGNORECASE,
)
_NAME_TOKEN = re.compile(r"^(?:[A-Z\u00c0-\u024f\u0400-\u042f][\w'’.-]*|[A-Z]\.)$")


def _leading_names(text: str) -> list[str]:
    """The names at the start of `text`: runs of capitalised words joined by , and & or 'and'."""
    names: list[str] = []
    current: list[str] = []
    for token in re.findall(r"[\w'’.-]+|[,&;|•·]", text):
        if _NAME_TOKEN.match(token) and not _NAME_STOP.match(token):
            current.append(token)
        elif current and token.lower() in _NAME_PARTICLES:
            current.append(token)
        elif token in (",", "&", ";") or token.lower() == "and":
            if current:
                names.append(" ".join(current))
                current = []
        else:
            break
        if len(current) > 5:
            return []
    if current:
        names.append(" ".join(current))
    names = [
        n.strip(" .") if n.count(".") == 1 and n.endswith(".") and len(n.split()[-1]) > 2 else n
        for n in names
    ]
    return [n for n in names if len(n) > 1 and n.split()[-1].lower() not in _NAME_PARTICLES]


def _text_pieces(root) -> list[tuple[str, object]]:
    """The page's text in reading order, one piece per text node, with its element."""
    pieces: list[tuple[str, object]] = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in (
            "script",
            "style",
            "noscript",
            "head",
            "title",
        ):
            continue
        if el.text and el.text.strip():
            pieces.append((" ".join(el.text.split()), el))
        for child in el:
            if child.tail and child.tail.strip():
                pieces.append((" ".join(child.tail.split()), el))
    return pieces


_BY_ALONE = re.compile(
    r"^(?:(?:posted|written|words|reported|story|text)\s+)?(?:by|author):?$", re.IGNORECASE
)


def _visible_byline(tree) -> list[str]:
    """Names from the first "By Name" on the page outside comments, footers and sidebars."""
    body = tree.find("body")
    pieces = _text_pieces(body if body is not None else tree)
    for i, (text, el) in enumerate(pieces[:4000]):
        if len(text) > 160:
            continue
        if _BY_ALONE.match(text):
            following = pieces[i + 1][0] if i + 1 < len(pieces) else ""
        else:
            m = _VISIBLE_BY.match(text)
            if not m:
                continue
            following = m.group("names")
            if len(following.split()) < 2 and i + 1 < len(pieces) and not following[:1].isupper():
                following = pieces[i + 1][0]
        names = _leading_names(following)
        if names and not _in_furniture(el):
            return names
    return []


_BYLINE_XPATH = (
    "//*[@rel='author' or @itemprop='author' or contains(concat(' ', normalize-space(@class), ' '), ' byline')"
    " or contains(@class, 'author-name') or contains(@class, 'byline__name')"
    " or contains(@class, 'author') or contains(@id, 'byline') or contains(@class, 'contributor')]"
)


def _byline_authors(tree) -> list[str]:
    for el in tree.xpath(_BYLINE_XPATH)[:12]:
        if _in_furniture(el):
            continue
        name_el = el.xpath(".//*[@itemprop='name']")
        text = _text(name_el[0]) if name_el else _text(el)
        if not text or len(text) > 120:
            continue
        names = split_authors(text)
        if names and all(_looks_like_name(n) for n in names):
            return names
    return []


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 5 and sum(w[:1].isupper() for w in words) >= max(1, len(words) - 1)
