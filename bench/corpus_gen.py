"""A deterministic generator of political-news-like English articles, for benchmarks.

    python -m bench.corpus_gen OUT_DIR --docs 500 [--seed 7] [--format txt|html|mixed]

Article `i` depends only on (seed, i), so a corpus of 5,050 is a corpus of 5,000
plus 50 more. Articles read like wire copy: a headline, a dateline, a byline, and
paragraphs of meetings, accusations, sanctions, attacks, aid and quotes between
governments, ministers, armed groups and international bodies, with dates relative to
the publication date. About one in ten articles is a copy of an earlier one
(syndicated with another byline, cut short, or lightly reworded) so that the copy
finder has work to do. All the text is made here from templates and word lists.
"""

from __future__ import annotations

import argparse
import html
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

COUNTRIES = [
    # (name, demonym, capital)
    ("Russia", "Russian", "Moscow"),
    ("Ukraine", "Ukrainian", "Kyiv"),
    ("China", "Chinese", "Beijing"),
    ("the United States", "American", "Washington"),
    ("France", "French", "Paris"),
    ("Germany", "German", "Berlin"),
    ("Turkey", "Turkish", "Ankara"),
    ("Iran", "Iranian", "Tehran"),
    ("Pakistan", "Pakistani", "Islamabad"),
    ("India", "Indian", "New Delhi"),
    ("Afghanistan", "Afghan", "Kabul"),
    ("Tajikistan", "Tajik", "Dushanbe"),
    ("Uzbekistan", "Uzbek", "Tashkent"),
    ("Kazakhstan", "Kazakh", "Astana"),
    ("Egypt", "Egyptian", "Cairo"),
    ("Israel", "Israeli", "Jerusalem"),
    ("Saudi Arabia", "Saudi", "Riyadh"),
    ("Qatar", "Qatari", "Doha"),
    ("Nigeria", "Nigerian", "Abuja"),
    ("Ethiopia", "Ethiopian", "Addis Ababa"),
    ("Kenya", "Kenyan", "Nairobi"),
    ("Brazil", "Brazilian", "Brasilia"),
    ("Mexico", "Mexican", "Mexico City"),
    ("Japan", "Japanese", "Tokyo"),
    ("South Korea", "South Korean", "Seoul"),
    ("Poland", "Polish", "Warsaw"),
    ("Syria", "Syrian", "Damascus"),
    ("Iraq", "Iraqi", "Baghdad"),
]
ORGANISATIONS = [
    "the United Nations",
    "NATO",
    "the European Union",
    "the African Union",
    "the World Bank",
    "the International Monetary Fund",
    "the Red Cross",
    "the Shanghai Cooperation Organisation",
    "the Arab League",
    "ASEAN",
]
GROUPS = [
    "the Islamic State",
    "the Taliban",
    "al-Shabaab",
    "Boko Haram",
    "Hezbollah",
    "the Houthi movement",
    "a separatist militia",
    "an armed opposition group",
]
TITLES = [
    "President",
    "Prime Minister",
    "Foreign Minister",
    "Defence Minister",
    "Interior Minister",
    "Finance Minister",
    "the army chief",
    "the ambassador",
]
GIVEN = [
    "Amina",
    "Pavel",
    "Li",
    "Karim",
    "Elena",
    "Jonas",
    "Farid",
    "Sofia",
    "Omar",
    "Mei",
    "Tomasz",
    "Ayesha",
    "Daniel",
    "Nadia",
    "Hassan",
    "Irina",
    "Kofi",
    "Lucia",
    "Rustam",
    "Yuki",
]
FAMILY = [
    "Rahimova",
    "Sokolov",
    "Wei",
    "Haddad",
    "Novak",
    "Berger",
    "Nazari",
    "Costa",
    "Mansour",
    "Tanaka",
    "Kowalski",
    "Qureshi",
    "Ortega",
    "Petrova",
    "Okafor",
    "Ivanov",
    "Mensah",
    "Fernandes",
    "Karimov",
    "Sato",
]
AGENCIES = [
    "Global Wire",
    "Press Desk International",
    "World Report Service",
    "Continental News Agency",
    "The Daily Ledger",
    "Evening Courier",
]
TOPICS = [
    "border security",
    "grain exports",
    "a gas pipeline",
    "refugee flows",
    "the ceasefire",
    "nuclear talks",
    "water rights on a shared river",
    "drone strikes",
    "trade tariffs",
    "the detention of journalists",
    "a disputed election",
    "counter-terrorism cooperation",
    "debt relief",
    "arms deliveries",
    "the reopening of a consulate",
    "fishing rights",
]
PLACES = [
    "near the border",
    "in the capital",
    "in the northern province",
    "outside a military base",
    "at a checkpoint",
    "in a market district",
    "along the coast",
    "in the mountainous east",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

# Sentence templates: {A} and {B} are actors, {T} a topic, {W} a time expression,
# {P} a place, {N} a number, {Q} a quoted clause, {S} a speaker.
SENTENCES = [
    "{A} met {B} {W} to discuss {T}.",
    "{A} accused {B} of undermining talks on {T}.",
    "{A} imposed new sanctions on {B} {W}, citing {T}.",
    "{A} and {B} signed an agreement on {T} {W}.",
    "{A} threatened to expel diplomats from {B} if the dispute over {T} was not settled.",
    "At least {N} people were killed when gunmen attacked a convoy {P} {W}.",
    "{A} said it had arrested {N} suspects linked to {B} {P}.",
    "{A} pledged {N} million dollars in humanitarian aid to {B}.",
    "{A} rejected a proposal from {B} on {T}.",
    "{A} called on {B} to release the detained aid workers.",
    "{A} deployed additional troops {P} {W}.",
    "{A} condemned the attack, which officials blamed on {B}.",
    "{A} did not rule out further talks with {B} on {T}.",
    "Protesters gathered {P} {W} to denounce {B}.",
    "{A} could withdraw from the agreement on {T} if {B} fails to act, analysts said.",
    "{A} would have preferred a slower timetable, according to two officials.",
    "{A} has not responded to requests for comment on {T}.",
    "{A} hosted a delegation from {B} {W} for talks on {T}.",
    "{A} shelled positions held by {B} {P}, a monitoring group said.",
    "{A} welcomed the decision by {B} to reopen talks on {T}.",
]
QUOTES = [
    "we will not accept pressure on {T}",
    "the door to dialogue remains open",
    "those responsible will be held to account",
    "our patience is not unlimited",
    "this agreement is a step towards lasting stability",
    "the situation {P} remains extremely fragile",
    "we expect concrete steps, not statements",
]
QUOTE_FRAMES = [
    '"{Q}," {S} told reporters {W}.',
    '{S} said in a statement that "{Q}."',
    '"{Q}," said {S}, speaking {P}.',
]
SYNONYMS = {
    "said": "stated",
    "met": "held talks with",
    "killed": "left dead",
    "accused": "blamed",
    "talks": "negotiations",
    "officials": "sources",
}


@dataclass(frozen=True)
class Article:
    """One generated article; `copy_of` names the article it copies, if any."""

    index: int
    title: str
    body: str
    published: date
    agency: str
    author: str
    copy_of: int | None = None

    def as_text(self) -> str:
        return (
            f"{self.title}\n\nBy {self.author}, {self.agency}\n"
            f"{self.published.isoformat()}\n\n{self.body}\n"
        )

    def as_html(self) -> str:
        paras = "".join(f"<p>{html.escape(p)}</p>\n" for p in self.body.split("\n\n"))
        nav = "".join(f'<li><a href="/s/{i}">Section {i}</a></li>' for i in range(1, 6))
        return (
            "<!doctype html><html><head><meta charset='utf-8'>"
            f"<title>{html.escape(self.title)} | {html.escape(self.agency)}</title>"
            f"<meta name='author' content='{html.escape(self.author)}'>"
            f"<meta property='article:published_time' content='{self.published.isoformat()}'>"
            f"</head><body><nav><ul>{nav}</ul></nav><article><h1>{html.escape(self.title)}</h1>"
            f"<p class='byline'>By {html.escape(self.author)}</p>\n{paras}</article>"
            "<aside><h2>Most read</h2><ul><li>Markets close higher</li><li>Weather warning "
            "issued</li></ul></aside><footer>All rights reserved.</footer></body></html>"
        )

    def as_json(self) -> dict[str, object]:
        return {
            "title": self.title,
            "text": self.body,
            "authors": [self.author],
            "published": self.published.isoformat(),
            "site": self.agency,
        }


def _person(rng: random.Random) -> str:
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


def _actor(rng: random.Random, country: tuple[str, str, str]) -> str:
    name, demonym, capital = country
    roll = rng.random()
    if roll < 0.3:
        return name[0].upper() + name[1:]
    if roll < 0.45:
        return capital
    if roll < 0.75:
        return f"{demonym} {rng.choice(TITLES[:6])} {_person(rng)}"
    if roll < 0.85:
        return f"the {demonym} government"
    return rng.choice(ORGANISATIONS + GROUPS)


def _when(rng: random.Random, published: date) -> str:
    roll = rng.random()
    if roll < 0.4:
        return "on " + WEEKDAYS[(published.weekday() - rng.randint(1, 6)) % 7]
    if roll < 0.6:
        return "in " + MONTHS[(published.month - 1 - rng.randint(0, 5)) % 12]
    if roll < 0.75:
        return "last week"
    if roll < 0.9:
        return f"on {MONTHS[published.month - 1]} {max(1, published.day - rng.randint(0, 3))}"
    return f"since {published.year - rng.randint(1, 8)}"


def _fill(template: str, rng: random.Random, a: str, b: str, published: date) -> str:
    text = template.format(
        A=a,
        B=b if b != a else rng.choice(ORGANISATIONS),
        T=rng.choice(TOPICS),
        W=_when(rng, published),
        P=rng.choice(PLACES),
        N=rng.randint(2, 120),
        Q="{Q}",
        S="{S}",
    )
    return text[0].upper() + text[1:]


def _original(index: int, seed: int) -> Article:
    rng = random.Random(f"{seed}:{index}")
    published = date(2021, 1, 1) + timedelta(days=rng.randint(0, 1000))
    first, second = rng.sample(COUNTRIES, 2)
    lead_a, lead_b = _actor(rng, first), _actor(rng, second)
    topic = rng.choice(TOPICS)
    verb = rng.choice(["warns", "accuses", "meets", "sanctions", "signs deal with", "rebuffs"])
    title = f"{first[0][0].upper() + first[0][1:]} {verb} {second[0]} over {topic}"
    paragraphs = [
        f"{first[2].upper()}, {MONTHS[published.month - 1]} {published.day} - "
        + _fill(rng.choice(SENTENCES), rng, lead_a, lead_b, published)
    ]
    for _ in range(rng.randint(6, 11)):
        sentences = []
        for _ in range(rng.randint(2, 4)):
            a = _actor(rng, rng.choice([first, second, rng.choice(COUNTRIES)]))
            b = _actor(rng, rng.choice([first, second]))
            if rng.random() < 0.2:
                quote = rng.choice(QUOTES).format(T=rng.choice(TOPICS), P=rng.choice(PLACES))
                frame = rng.choice(QUOTE_FRAMES)
                speaker = f"{first[1]} {rng.choice(TITLES[:6])} {_person(rng)}"
                sentences.append(
                    frame.format(
                        Q=quote[0].upper() + quote[1:],
                        S=speaker,
                        W=_when(rng, published),
                        P=rng.choice(PLACES),
                    )
                )
            else:
                sentences.append(_fill(rng.choice(SENTENCES), rng, a, b, published))
        paragraphs.append(" ".join(sentences))
    return Article(
        index=index,
        title=title,
        body="\n\n".join(paragraphs),
        published=published,
        agency=rng.choice(AGENCIES),
        author=_person(rng),
    )


def article(index: int, seed: int = 7) -> Article:
    """Article number `index` of the corpus with this seed (deterministic)."""
    rng = random.Random(f"{seed}:copy:{index}")
    if index < 10 or rng.random() >= 0.1:
        return _original(index, seed)
    source = _original(rng.randrange(max(1, index - 200), index), seed)
    kind = rng.choice(["syndicated", "truncated", "reworded"])
    body = source.body
    if kind == "truncated":
        paras = body.split("\n\n")
        body = "\n\n".join(paras[: max(2, len(paras) * 3 // 5)])
    elif kind == "reworded":
        for old, new in SYNONYMS.items():
            body = body.replace(f" {old} ", f" {new} ")
    return Article(
        index=index,
        title=source.title,
        body=body,
        published=source.published + timedelta(days=rng.randint(0, 1)),
        agency=rng.choice(AGENCIES),
        author=_person(rng),
        copy_of=source.index,
    )


def articles(count: int, seed: int = 7, start: int = 0) -> Iterator[Article]:
    """Articles `start` .. `start + count - 1`."""
    for index in range(start, start + count):
        yield article(index, seed)


def write_corpus(out: Path, count: int, seed: int = 7, fmt: str = "txt", start: int = 0) -> Path:
    """Write articles as files under `out` (a JSONL file for fmt="jsonl"); returns the path."""
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        path = out / f"articles-{start:07d}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for art in articles(count, seed, start):
                fh.write(json.dumps(art.as_json(), ensure_ascii=False) + "\n")
        return out
    for art in articles(count, seed, start):
        as_html = fmt == "html" or (fmt == "mixed" and art.index % 5 == 4)
        # Shards of 1,000 files keep folders listable at 100k articles.
        folder = out / f"{art.index // 1000:04d}"
        folder.mkdir(exist_ok=True)
        name = f"{art.index:07d}.{'html' if as_html else 'txt'}"
        (folder / name).write_text(art.as_html() if as_html else art.as_text(), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--format", choices=["txt", "html", "mixed", "jsonl"], default="txt")
    args = parser.parse_args(argv)
    write_corpus(args.out, args.docs, args.seed, args.format, args.start)
    print(f"wrote {args.docs} articles to {args.out}")


if __name__ == "__main__":
    main()
