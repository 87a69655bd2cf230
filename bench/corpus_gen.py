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
# {P} a place, {N} a number. [x|y|z] picks one alternative, so that two articles built
# from one template rarely share long runs of words (as two real stories rarely do).
SENTENCES = [
    "{A} [met|held talks with|sat down with|received] {B} {W} to [discuss|review|try to settle] {T}.",
    "{A} [accused|blamed|criticised] {B} [of undermining|for stalling|for derailing] [talks|negotiations|the dialogue] on {T}.",
    "{A} [imposed|announced|widened] [new|fresh|further] sanctions on {B} {W}, [citing|pointing to|in a row over] {T}.",
    "{A} and {B} [signed|initialled|concluded] [an agreement|a memorandum|a deal] on {T} {W}.",
    "{A} threatened to [expel diplomats from|cut ties with|halt flights to] {B} [if|unless] the dispute over {T} [was not|is] settled.",
    "At least {N} [people|civilians|soldiers|police officers] were [killed|wounded|injured] when [gunmen|militants|attackers] [attacked|ambushed|fired on] a [convoy|bus|patrol] {P} {W}.",
    "{A} said [it had arrested|police detained|security forces held] {N} [suspects|people|men] [linked to|accused of working for|said to support] {B} {P}.",
    "{A} [pledged|promised|announced] {N} million dollars in [humanitarian|emergency|reconstruction] aid [to|for] {B}.",
    "{A} [rejected|turned down|dismissed] a [proposal|plan|request] from {B} on {T}.",
    "{A} [called on|urged|asked] {B} to [release|free|hand over] the detained [aid workers|journalists|fishermen|students].",
    "{A} [deployed|sent|moved] [additional|more|several thousand] [troops|soldiers|border guards] {P} {W}.",
    "{A} [condemned|denounced|deplored] the [attack|bombing|raid], which [officials|investigators|local authorities] [blamed on|attributed to|linked to] {B}.",
    "{A} did not rule out [further|new|direct] [talks|contacts|meetings] with {B} on {T}.",
    "[Protesters|Demonstrators|Hundreds of people|Students] [gathered|marched|rallied] {P} {W} to [denounce|protest against|condemn] {B}.",
    "{A} could [withdraw from|suspend|walk away from] the [agreement|accord|arrangement] on {T} if {B} [fails to act|does not comply|keeps delaying], [analysts|diplomats|observers] said.",
    "{A} would have preferred a [slower|more gradual|different] [timetable|approach|sequence], according to [two|three|several] [officials|people familiar with the matter|diplomats].",
    "{A} has not [responded to|answered] [requests|questions] [for comment|about its plans] on {T}.",
    "{A} [hosted|welcomed] a delegation from {B} {W} for [talks|consultations|a round of meetings] on {T}.",
    "{A} [shelled|struck|bombarded] positions held by {B} {P}, a [monitoring group|local official|rights organisation] said.",
    "{A} [welcomed|praised|applauded] the decision by {B} to [reopen|resume|restart] [talks|work|contacts] on {T}.",
    "The [dispute|quarrel|standoff] over {T} has [strained|soured|complicated] relations between {A} and {B} [for months|since last year|for much of the decade].",
    "[Trade|Cross-border traffic|Cargo shipping] between {A} and {B} [fell|dropped|slumped] by {N} percent [last year|over the summer|after the closure].",
    "{A} [phoned|spoke by telephone with|called] {B} {W}, [officials said|a readout said|according to the foreign ministry].",
    "[Few|Some|Many] [experts|analysts|former officials] expect {A} to [change course|soften its stance|back down] on {T} [soon|this year|before the summit].",
    "{A} [mobilised|called up|put on alert] [reservists|its air force|special units] {W} [amid|after|following] [reports|warnings|rumours] about {B}.",
    "{A} [seized|confiscated|impounded] a [shipment|cargo|vessel] [bound for|belonging to|registered in] {B} {P}.",
    "The [meeting|summit|conference] in {C} [ended|closed|broke up] {W} without [agreement|a joint statement|a date for new talks] on {T}.",
    "{A} [evacuated|pulled out|withdrew] its [staff|embassy personnel|peacekeepers] from {C} {W}.",
    "[Officials|Residents|Witnesses] {P} [described|reported|spoke of] [heavy|sporadic|renewed] [fighting|gunfire|shelling] {W}.",
    "{A} [agreed|offered|proposed] to [mediate|host talks|act as guarantor] between {B} and its neighbours.",
    "[Inflation|Unemployment|Fuel prices] in {C} [rose|climbed|jumped] to {N} percent, [adding to|fuelling|deepening] [public anger|pressure on the government|discontent].",
    "[Lawmakers|Parliament|The upper house] in {C} [voted|moved] to [approve|extend|suspend] the [mission|deployment|agreement] {W}.",
]
QUOTES = [
    "we will not accept pressure on {T}",
    "the door to dialogue remains open",
    "those responsible will be held to account",
    "our patience is not unlimited",
    "this agreement is a step towards lasting stability",
    "the situation {P} remains extremely fragile",
    "we expect concrete steps, not statements",
    "nobody wants a wider war, but we are ready to defend ourselves",
    "the sanctions hurt ordinary people more than the leadership",
    "we have asked our partners for clear guarantees",
    "the talks on {T} were frank and useful",
]
QUOTE_FRAMES = [
    '"{Q}," {S} [told reporters|said|told a news conference] {W}.',
    '{S} said in a [statement|televised address|post on social media] that "{Q}."',
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


def _choose(template: str, rng: random.Random) -> str:
    """Replace each [x|y|z] in `template` by one of its alternatives."""
    out, rest = [], template
    while "[" in rest:
        head, _, tail = rest.partition("[")
        options, _, rest = tail.partition("]")
        out += [head, rng.choice(options.split("|"))]
    return "".join(out) + rest


def _fill(template: str, rng: random.Random, a: str, b: str, published: date) -> str:
    text = _choose(template, rng).format(
        A=a,
        B=b if b != a else rng.choice(ORGANISATIONS),
        T=rng.choice(TOPICS),
        W=_when(rng, published),
        P=rng.choice(PLACES),
        N=rng.randint(2, 120),
        C=rng.choice(COUNTRIES)[2],
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
                    _choose(frame, rng).format(
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
