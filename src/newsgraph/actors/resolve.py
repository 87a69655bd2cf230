"""Resolve the entity mentions of one parsed document to actors.

The cascade, tried in this order for each entity the NER (or the knowledge-base ruler)
found; `Mention.rule` names the step that decided:

1. ``exact-alias``   the name, cleaned of titles, is an alias in the knowledge base
                     (people in office at the article's date first).
2. ``metonym``       a seat of power ("the Kremlin") always, or a capital that acts
                     ("Moscow said", "backed by Moscow") -> that country's government.
3. ``place``         a country, capital or known place used as a location ("a concert
                     hall near Moscow"): the actor is the country, the rule marks the
                     mention as a location, not an agent.
4. ``demonym-title`` a demonym or country followed by an office or a body ("the Tajik
                     foreign minister", "Afghan security forces", "Russia's defence
                     ministry") -> the office holder at that date if known, else the
                     country and sector (``TJK.GOV``, ``AFG.MIL``). A name that follows
                     ("Tajik Foreign Minister X") gets that country and sector.
5. ``demonym``       a nationality adjective ("Russian media") -> the country;
   ``demonym-people``  a nationality noun ("Afghans", "the British") -> the country too,
                     marked as naming its people rather than the state.
6. ``short-form``    a short form introduced earlier in the same document: a surname
                     after the full name, an acronym after "Full Name (ACR)".
7. ``surname``       a lone surname: the knowledge-base person of that surname in
                     office at the article's date.
8. ``fuzzy``         a near spelling of a known alias (rapidfuzz ratio >= 90).
9. ``new-actor``     a person or organisation nobody knows becomes ``new:<slug>``,
                     with what the text says of it (title, country, sector); a later
                     one-word form of it ("Crocus" after "Crocus City Hall") is a
                     ``short-form`` of the same actor.

After the entities, two passes over the words no entity covers:

- ``sector-noun``    a collective noun of a sector ("rebels", "police", "protesters")
                     whose country the phrase names ("Darfur rebels", "rebels in the
                     Ivory Coast") or, failing that, the only country its sentence names;
- ``short-form``     a surname of a person named in full earlier in the document that
                     the NER did not mark ("... Donald Trump ... think Trump hates").

A phrase such as "Iran's armed forces" or "the Tajik foreign minister" is one mention
(``IRN.MIL``, the office holder), and the country word inside it is a mention of its
own (``IRN``, rule ``exact-alias`` or ``demonym``), so both are linked.

Country and sector on each mention are read at the document's publication date,
since offices are time-bounded. User merges and splits apply last.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, process

from newsgraph.actors.kb import KnowledgeBase, canonical_title, normalise, slug
from newsgraph.annotate.tokens import token_table
from newsgraph.model import Actor, Document, Mention

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}
# Prepositions after which a city or country is where something happens, not who acts.
LOCATIVE = {
    "in",
    "near",
    "at",
    "outside",
    "around",
    "into",
    "across",
    "through",
    "inside",
    "within",
    "toward",
    "towards",
    "from",
    "to",
    "throughout",
    "along",
    "beyond",
    "off",
    "onto",
    "over",
    "via",
    "under",
    "between",
    "among",
    "on",
}
# Verbs whose object is a destination or a target area rather than a counterpart.
PLACE_VERBS = {
    "visit",
    "leave",
    "reach",
    "enter",
    "fly",
    "travel",
    "arrive",
    "return",
    "bomb",
    "shell",
    "capture",
    "seize",
    "besiege",
    "storm",
    "hit",
    "flee",
    "tour",
    "invade",
    "occupy",
    "liberate",
}
# Words before a name that are not part of it.
HONORIFICS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "mullah",
    "maulana",
    "ayatollah",
    "sheikh",
    "gen",
    "lt",
    "col",
    "maj",
    "sgt",
    "sir",
    "lord",
    "lady",
    "mawlawi",
    "maulvi",
    "hajji",
    "haji",
    "marshal",
    "comrade",
    "former",
    "late",
    "then",
    "acting",
    "senator",
    "sen",
    "rep",
    "prof",
    "king",
    "queen",
    "prince",
}
FUZZY_MIN = 90
ACRONYM = re.compile(r"\(\s*([A-Z][A-Za-z]*(?:[-–][A-Z]+)?[A-Z])\s*\)")


@dataclass
class _Context:
    """What the text says around a name: "Tajik Foreign Minister" -> TJK, GOV."""

    country: str | None = None
    sector: str | None = None
    title: str = ""
    start: int | None = None  # character where the description begins


@dataclass
class _DocState:
    kb: KnowledgeBase
    document: Document
    short: dict[str, str] = field(default_factory=dict)  # normalised short form -> actor id
    new: dict[str, Actor] = field(default_factory=dict)
    person_context: dict[int, _Context] = field(default_factory=dict)  # PERSON start token
    mentions: list[Mention] = field(default_factory=list)
    covered: set[int] = field(default_factory=set)  # character offsets already mentioned
    place_words: set[str] = field(default_factory=set)  # first words of unknown places
    backers: set[int] = field(
        default_factory=set
    )  # starts of "Iranian(-backed)", "(backed by) Iran"

    @property
    def date(self) -> str | None:
        return self.document.published

    def add(
        self,
        start: int,
        end: int,
        label: str,
        actor_id: str | None,
        rule: str,
        score: float = 1.0,
        codes: tuple[str | None, str | None] | None = None,
    ) -> None:
        text = self.document.body[start:end]
        actor_id = self.kb.after_overrides(actor_id, _name_part(text)) if actor_id else None
        if codes is None:
            codes = self.codes(actor_id)
        self.mentions.append(
            Mention(
                doc_id=self.document.id,
                start=start,
                end=end,
                text=text,
                label=label,
                actor_id=actor_id,
                rule=rule,
                score=score,
                country=codes[0],
                sector=codes[1],
            )
        )
        self.covered.update(range(start, end))

    def codes(self, actor_id: str | None) -> tuple[str | None, str | None]:
        if actor_id is None:
            return (None, None)
        if actor_id in self.new:
            a = self.new[actor_id]
            return (a.country, a.sector)
        return self.kb.codes_at(actor_id, self.date)


def resolve_mentions(
    sdoc, document: Document, kb: KnowledgeBase
) -> tuple[list[Mention], list[Actor]]:
    """Every entity mention of `sdoc` (the spaCy parse of `document.body`) resolved to an
    actor id, with the rule that did it; and the actors the text introduced (plus user
    actors it names), so the store can list them."""
    state = _DocState(kb=kb, document=document)
    token_table(sdoc, document.body)  # read once (shared with events), with the document's text
    ents = [e for e in _ents(sdoc, fresh=True) if e.label_ in ENTITY_LABELS]
    acronyms = _acronym_definitions(sdoc)
    for ent in ents:
        if ent.start_char in state.covered:
            continue
        if ent.label_ == "PERSON":
            _resolve_person(state, ent)
        elif ent.label_ == "NORP":
            _resolve_norp(state, ent)
        elif ent.label_ == "ORG" or ent.ent_id_:
            _resolve_org(state, ent)
        else:
            _resolve_place(state, ent)
        _register_acronym(state, ent, acronyms)
    _acronyms_outside_entities(state, acronyms)
    _surnames_outside_entities(state, sdoc)
    _states_outside_entities(state, sdoc)
    _coalition_forces(state, sdoc)
    _mark_backers(state, sdoc)
    _sector_nouns(state, sdoc)
    _titled_people_of_the_sentence(state, sdoc)
    mentions = sorted(state.mentions, key=lambda m: (m.start, m.end))
    named = {m.actor_id for m in mentions}
    actors = [a for a in state.new.values() if a.id in named] + [
        kb.actors_by_id[i] for i in kb.user_ids if i in named and i in kb.actors_by_id
    ]
    # Country-sector actors ("AFG.MIL") are made on demand, so the store learns their names here.
    for actor_id in sorted(
        i for i in named if i and i not in kb.actors_by_id and i not in state.new
    ):
        made = kb.actor(actor_id)
        if made is not None and made.id == actor_id:
            actors.append(made)
    return mentions, actors


# --------------------------------------------------------------------------- people
def _resolve_person(state: _DocState, ent) -> None:
    kb = state.kb
    context = state.person_context.get(ent.start) or _title_before(state, ent)
    name, inner_title = _strip_titles(ent.text, kb)
    if inner_title and not context.title:
        context = replace(context, title=inner_title)
        sector = kb.sector_phrases.get(normalise(inner_title))
        context.sector = context.sector or sector
    start = context.start if context.start is not None else ent.start_char
    if not name:
        return
    if _geographic(state, ent) or _named_after_the_person(state, ent):
        return
    key = normalise(name)
    actor_id, rule, score = None, "", 1.0
    hits = [i for i in kb.lookup(name, state.date) if _is_person(kb, i)]
    if hits:
        actor_id, rule = hits[0], "exact-alias"
    elif key in state.short:
        actor_id, rule = state.short[key], "short-form"
    elif len(key.split()) == 1 and not context.title and _group_named(kb, name, state.date):
        # "Haqqani" alone, after no full personal name: the group named after the family
        actor_id = _group_named(kb, name, state.date)
        rule = "exact-alias"
    elif len(key.split()) == 1 and kb.by_surname(key, state.date):
        actor_id, rule, score = kb.by_surname(key, state.date), "surname", 0.8
    elif context.country and context.title and not _looks_like_name(name):
        actor_id = kb.holder_at(context.country, context.title, state.date)
        rule = "demonym-title"
    if actor_id is None:
        actor_id, score = _fuzzy(kb, name, person=True)
        rule = "fuzzy"
    if actor_id is None:
        if not context.country:
            context = replace(context, country=_country_after(state, ent))
        actor_id, rule = _new_actor(state, name, "person", context), "new-actor"
    codes = state.codes(actor_id)
    if codes == (None, None) or (
        codes[1] == "ELI" and context.country == codes[0] and context.sector
    ):
        codes = (context.country or codes[0], context.sector or codes[1])
    if codes[1] == "ELI" and context.title and not _former(ent, context):
        codes = _titled_role_codes(kb, actor_id, context.title) or codes
    body = _government_body_after(state, ent, actor_id)
    if body is not None:  # "the Bush administration": the government he led
        end, gov = body
        state.add(start, end, "ORG", gov, "metonym")
    state.add(start, ent.end_char, "PERSON", actor_id, rule, score, codes)
    _register_short_forms(state, name, actor_id)


# Institutions named after a person ("George Washington University", "Ataturk Hospital"):
# organisations, while buildings and sites (FACILITY_WORDS) are places.
INSTITUTION_WORDS = {
    "university",
    "college",
    "school",
    "institute",
    "academy",
    "hospital",
    "clinic",
    "foundation",
    "library",
    "museum",
    "center",
    "centre",
}


def _named_after_the_person(state: _DocState, ent) -> bool:
    """ "Hamid Karzai International Airport", "Lenin Stadium", "Ataturk Hospital": a
    capitalised facility or institution word within three words after the name makes the
    whole a place (no actor) or a new organisation, never the person."""
    sdoc = ent.doc
    last = None
    for tok in sdoc[ent.end : ent.end + 3]:
        if not tok.is_title:
            break
        if tok.lower_ in FACILITY_WORDS or tok.lower_ in INSTITUTION_WORDS:
            last = tok
    if last is None:
        return False
    end = last.idx + len(last.text)
    name = state.document.body[ent.start_char : end]
    if last.lower_ in INSTITUTION_WORDS:
        actor_id = _new_actor(state, name, "organisation", _name_context(state.kb, name))
        state.add(ent.start_char, end, "ORG", actor_id, "new-actor", 0.0)
    else:
        state.add(ent.start_char, end, "FAC", None, "place", 0.5)
    return True


def _group_named(kb: KnowledgeBase, name: str, date: str | None) -> str | None:
    """An armed or political group one of whose names is this single word."""
    return next((i for i in kb.lookup(name, date) if kb.actor(i).kind == "group"), None)


def _former(ent, context: _Context) -> bool:
    """Is the office called former ("former President X", "ex-president")?"""
    sdoc = ent.doc
    before = sdoc[max(0, ent.start - 4) : ent.start].text.lower() + " " + context.title.lower()
    return any(w in before for w in FORMER_WORDS)


FORMER_WORDS = ("former", "ex-", "late ", "then-", "ousted", "deposed", "exiled", "onetime")


def _titled_role_codes(
    kb: KnowledgeBase, actor_id: str, title: str
) -> tuple[str | None, str | None] | None:
    """A person the text calls by an office ("President Obama") acts in that office, even
    when the article's date is unknown or outside the term we hold: the codes of the
    most recent role of that title."""
    actor = kb.actor(actor_id)
    want = canonical_title(_strip_honorifics(title))
    if actor is None or not want:
        return None
    roles = [r for r in actor.roles if canonical_title(r.title) == want]
    if not roles:
        return None
    return kb._role_codes(max(roles, key=lambda r: r.start or ""))


def _strip_honorifics(title: str) -> str:
    words = [w for w in title.split() if normalise(w) not in HONORIFICS]
    return " ".join(words)


GOVERNMENT_WORDS = {"administration", "government", "cabinet", "regime"}


def _government_body_after(state: _DocState, ent, actor_id: str) -> tuple[int, str] | None:
    """ "the Bush administration", "Putin's government" -> (end offset, ``CODE.GOV``)."""
    sdoc = ent.doc
    i = ent.end
    if i < len(sdoc) and sdoc[i].tag_ == "POS":
        i += 1
    if i >= len(sdoc) or sdoc[i].lower_ not in GOVERNMENT_WORDS:
        return None
    kb = state.kb
    actor = kb.actor(actor_id)
    if actor is None or not actor.roles:
        return None
    gov = kb.government_of(actor_id, state.date)
    if gov is None:  # out of office at the date: the government of the last office held
        past = [r for r in actor.roles if r.sector == "GOV" and r.country in kb.countries]
        if not past:
            return None
        gov = f"{max(past, key=lambda r: r.start or '').country}.GOV"
    return sdoc[i].idx + len(sdoc[i].text), gov


def _country_after(state: _DocState, ent) -> str | None:
    """ "King Hassan of Morocco": the country named right after a titled name."""
    sdoc = ent.doc
    i = ent.end
    if i + 1 >= len(sdoc) or sdoc[i].lower_ != "of":
        return None
    for other in _ents(sdoc):
        if other.start in (i + 1, i + 2) and other.label_ in ("GPE", "LOC", "NORP"):
            ids = state.kb.lookup(_name_part(other.text))
            return next((x for x in ids if x in state.kb.countries), None)
    return None


def _is_person(kb: KnowledgeBase, actor_id: str) -> bool:
    actor = kb.actor(actor_id)
    return actor is not None and actor.kind == "person"


def _looks_like_name(text: str) -> bool:
    return any(w[:1].isupper() for w in text.split())


def _strip_titles(text: str, kb: KnowledgeBase) -> tuple[str, str]:
    """``"Foreign Minister Sergei Lavrov"`` -> ("Sergei Lavrov", "Foreign Minister")."""
    text = re.sub(r"['’]s?$", "", text.strip())
    words = text.split()
    title: list[str] = []
    while len(words) > 1:
        for n in (4, 3, 2, 1):
            phrase = normalise(" ".join(words[:n]))
            if n < len(words) and (phrase in kb.person_titles or phrase in kb.sector_phrases):
                title += words[:n]
                words = words[n:]
                break
        else:
            if normalise(words[0]) in HONORIFICS:
                words = words[1:]
                continue
            break
    return " ".join(words), " ".join(title)


def _title_before(state: _DocState, ent) -> _Context:
    """A title written just before a name without a country ("President X")."""
    sdoc = ent.doc
    kb = state.kb
    for n in (6, 5, 4, 3, 2, 1):
        if ent.start - n < 0:
            continue
        span = sdoc[ent.start - n : ent.start]
        if any(
            (t.is_punct and t.text not in "-–") or t.is_sent_start and t.i != span.start
            for t in span
        ):
            continue
        phrase = normalise(span.text)
        # "Minister for Interior", "Minister of State for Defence": an office and its portfolio
        office = re.sub(r" (?:for|of) [a-z ]+$", "", phrase) if n > 2 else phrase
        if office != phrase and not all(w.text[:1].isupper() for w in span[-1:]):
            continue
        if office in kb.person_titles:
            return _Context(
                country=_organisation_before(state, span.start_char),
                sector=kb.sector_phrases.get(office, "GOV"),
                title=span.text,
                start=span.start_char,
            )
    return _Context()


def _organisation_before(state: _DocState, char: int) -> str | None:
    """ "Arab League Secretary General X": the country code (IGO, ...) of the
    intergovernmental body or group named right before an office starting at `char`."""
    body = state.document.body
    for m in state.mentions:
        actor = state.kb.actor(m.actor_id) if m.actor_id else None
        if actor is not None and actor.kind in ("igo", "group") and not body[m.end : char].strip():
            return state.kb.codes_at(actor.id, state.date)[0]
    return None


def _register_short_forms(state: _DocState, name: str, actor_id: str) -> None:
    words = normalise(name).split()
    state.short.setdefault(normalise(name), actor_id)
    if len(words) >= 2:
        actor = state.kb.actor(actor_id) or state.new.get(actor_id)
        first = actor is not None and actor.country in ("CHN", "PRK", "KOR", "VNM", "TWN")
        state.short.setdefault(words[0] if first else words[-1], actor_id)


# --------------------------------------------------------------------------- demonyms
def _resolve_norp(state: _DocState, ent) -> None:
    kb = state.kb
    key = normalise(ent.text)
    hits = [
        i for i in kb.lookup(ent.text, state.date) if kb.actor(i) and kb.actor(i).kind != "country"
    ]
    if hits and hits[0] in kb.homelands:  # "Pashtuns", "Hausa politicians"
        _resolve_community(state, ent, hits[0])
        return
    if hits:  # "Taliban", "mujahideen" are often labelled NORP
        state.add(ent.start_char, ent.end_char, ent.label_, hits[0], "exact-alias")
        return
    code = kb.adjectives.get(key) or kb.adjectives.get(key.rstrip("s"))
    if code is None and (
        key in kb.capitals
        or key in kb.places
        or any(i in kb.countries for i in kb.lookup(_name_part(ent.text)))
    ):
        _resolve_place(state, ent)  # "Khartoum", "Tajikistan" taken for a nationality
        return
    if code is None and _community_of_other_state(state, ent):  # "Bosnian Serbs"
        return
    if code is None:  # "Papua New" + "Guinean": a demonym the NER cut in two
        from spacy.tokens import Span

        for k in (2, 1):
            if ent.end + k <= len(ent.doc):
                wider = Span(ent.doc, ent.start, ent.end + k, label="NORP")
                if normalise(wider.text) in kb.adjectives:
                    _resolve_norp(state, wider)
                    return
    if code is not None and _ethnic_minority(state, ent, code):  # "ethnic Albanians in Serbia"
        return
    start = ent.start_char
    if code is None and len(ent) > 1:
        # "Married Pakistani": a capitalised word the NER took into the demonym
        last = normalise(ent[-1].text)
        code = kb.adjectives.get(last) or kb.adjectives.get(last.rstrip("s"))
        start = ent[-1].idx if code else start
    if code is None:
        state.add(ent.start_char, ent.end_char, ent.label_, None, "unresolved", 0.0)
        return
    if not _described(state, ent, code):
        state.add(start, ent.end_char, ent.label_, code, _demonym_rule(ent), codes=(code, None))


# Words that make a nationality a community living somewhere ("the Albanian minority").
COMMUNITY_WORDS = {"minority", "minorities", "population", "community", "communities", "diaspora"}
STATE_SECTORS = {"GOV", "MIL", "SPY", "COP", "JUD", "LEG"}


def _ent_country(kb: KnowledgeBase, ent) -> str | None:
    """The state an entity names or lies in, read from the knowledge base alone (so
    entities later in the sentence count before they are resolved)."""
    key = normalise(_name_part(ent.text))
    if ent.label_ == "NORP":
        return kb.adjectives.get(key) or kb.adjectives.get(key.rstrip("s"))
    code = next((i for i in kb.aliases.get(key, ()) if i in kb.countries), None)
    code = code or kb.capitals.get(key) or kb.places.get(key)
    if code is None and ent.label_ == "ORG" and len(key.split()) > 1:
        code = _name_context(kb, key).country  # "the Nigerian Interior Ministry"
    return code


def _residence(state: _DocState, ent, head, among=(), exclude: str | None = None) -> str | None:
    """The state a community named by `ent` lives in: the one its phrase names ("in
    Serbia", "of southern Serbia"), else the first state its sentence names (among
    `among` when given; places only when `exclude`, the community's kin state, is set)."""
    kb = state.kb
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "of", "from", "inside", "across"):
            for other in _ents(ent.doc):
                if child.i < other.start <= child.i + 4 and other.label_ in ("GPE", "LOC"):
                    code = _ent_country(kb, other)
                    if code and code != exclude:
                        return code
    for other in head.sent.ents:
        if other.start_char == ent.start_char or (exclude and other.label_ not in ("GPE", "LOC")):
            continue
        code = _ent_country(kb, other)
        if code and code != exclude and (not among or code in among):
            return code
    return None


def _ethnic_minority(state: _DocState, ent, kin: str) -> bool:
    """ "ethnic Albanians in Serbia", "the Albanian population of Montenegro": PLOVER
    codes a community by the state it lives in (sector CVL), not by its kin state. Only
    when the text says it is a community ("ethnic", "minority") and names another state."""
    sdoc = ent.doc
    ethnic = ent.start > 0 and sdoc[ent.start - 1].lower_ == "ethnic"
    nxt = sdoc[ent.end] if ent.end < len(sdoc) else None
    community = nxt is not None and nxt.lower_ in COMMUNITY_WORDS
    # "the Albanians of southern Serbia": a nation's people said to be of another state
    belongs = nxt is not None and nxt.lower_ == "of" and _demonym_rule(ent) == "demonym-people"
    if not (ethnic or community or belongs):
        return False
    head = nxt if community else ent.root
    country = _residence(state, ent, head, exclude=kin)
    if country is None:
        return False
    start = sdoc[ent.start - 1].idx if ethnic else ent.start_char
    end = nxt.idx + len(nxt.text) if community else ent.end_char
    state.add(start, end, ent.label_, f"{country}.CVL", "ethnic-group", 0.8, (country, "CVL"))
    return True


def _community_of_other_state(state: _DocState, ent) -> bool:
    """ "Bosnian Serbs", "Kosovo Albanians", "Iraqi Kurds": a community of the state the
    first word names, though the last word is another nation's name."""
    if len(ent) < 2:
        return False
    kb = state.kb
    first, last = normalise(ent[0].text), normalise(ent[-1].text)
    home = kb.adjectives.get(first) or next(
        (i for i in kb.aliases.get(first, ()) if i in kb.countries), None
    )
    kin = kb.adjectives.get(last) or kb.adjectives.get(last.rstrip("s"))
    kin = kin or next((i for i in kb.lookup(ent[-1].text) if i in kb.homelands), None)
    if home is None or kin is None or kin == home:
        return False
    state.add(
        ent.start_char, ent.end_char, ent.label_, f"{home}.CVL", "ethnic-group", 0.8, (home, "CVL")
    )
    return True


def _resolve_community(state: _DocState, ent, actor_id: str) -> None:
    """An ethnic or religious community ("Pashtuns", "Hausa politicians"): the state is
    its only homeland, else the one of its homelands the text names. A sector word after
    it keeps its sector unless it is a state's (a community's leaders are not a
    government: ELI)."""
    kb = state.kb
    homes = kb.homelands.get(actor_id, ())
    found = _sector_phrase(kb, ent)
    head = ent.doc[found[2]] if found and found[3] else ent.root
    country = homes[0] if len(homes) == 1 else _residence(state, ent, head, among=homes)
    if found and found[3]:
        sector = "ELI" if found[0] in STATE_SECTORS else found[0]
        end = head.idx + len(head.text)
        state.add(
            ent.start_char, end, ent.label_, actor_id, "demonym-title", codes=(country, sector)
        )
        return
    state.add(
        ent.start_char, ent.end_char, ent.label_, actor_id, "exact-alias", codes=(country, "CVL")
    )


def _demonym_rule(ent) -> str:
    """ "demonym" for a nationality adjective ("Italian media": the country), and
    "demonym-people" for a nationality noun ("Americans", "the British": its people)."""
    root = ent.root
    if root.tag_ == "JJ" or (root.dep_ in ("amod", "compound") and root.tag_ != "NNPS"):
        return "demonym"
    return "demonym-people"


def _nested_country(state: _DocState, ent, code: str) -> None:
    """The country word inside a longer phrase ("Iran" in "Iran's armed forces") is a
    mention of the country itself."""
    rule = "exact-alias" if ent.label_ != "NORP" else _demonym_rule(ent)
    state.mentions.append(
        Mention(
            doc_id=state.document.id,
            start=ent.start_char,
            end=_name_end(ent),
            text=state.document.body[ent.start_char : _name_end(ent)],
            label=ent.label_,
            actor_id=code,
            rule=rule,
            country=code,
            sector=None,
        )
    )


def _name_end(ent) -> int:
    """End offset of an entity without a trailing possessive."""
    last = ent[-1]
    if last.tag_ == "POS" and len(ent) > 1:
        return ent[-2].idx + len(ent[-2].text)
    return ent.end_char


def _described(state: _DocState, ent, code: str) -> bool:
    """Handle "<demonym or country> <office or body> [Name]"; False when no office follows."""
    kb = state.kb
    found = _sector_phrase(kb, ent)
    if found is None:
        return False
    sector, title, last, adjacent = found
    sdoc = ent.doc
    if not adjacent:  # "Hungarian and Romanian officials": each demonym keeps its own span
        state.add(
            ent.start_char,
            ent.end_char,
            ent.label_,
            f"{code}.{sector}",
            "demonym-title",
            codes=(code, sector),
        )
        return True
    # The name after the office; the NER sometimes takes the title into the name
    # ("Niger's ambassador Brah Mohamane" with the person "ambassador Brah Mohamane").
    following = [
        e
        for e in _ents(sdoc)
        if e.label_ == "PERSON" and ent.end <= e.start <= last + 1 and e.end > last + 1
    ]
    context = _Context(country=code, sector=sector, title=title, start=ent.start_char)
    if following and normalise(title) in kb.person_titles:
        state.person_context[following[0].start] = context
        if ent.label_ != "NORP":  # "Russia's President Putin": the possessor is a mention
            _nested_country(state, ent, code)
        return True
    end_char = sdoc[last].idx + len(sdoc[last].text)
    holder = kb.holder_at(code, title, state.date) if normalise(title) in kb.person_titles else None
    # The country inside a phrase naming a body ("Iran's armed forces", "Iranian
    # officials") is a mention of its own; inside a single office ("the Russian prime
    # minister") it is part of the office's name.
    if ent.label_ != "NORP" or not (normalise(title) in kb.person_titles and _singular(sdoc[last])):
        _nested_country(state, ent, code)
    if holder and _singular(sdoc[last]):
        state.add(ent.start_char, end_char, ent.label_, holder, "demonym-title")
    else:
        state.add(
            ent.start_char,
            end_char,
            ent.label_,
            f"{code}.{sector}",
            "demonym-title",
            codes=(code, sector),
        )
    return True


def _singular(token) -> bool:
    return token.tag_ in ("NN", "NNP")


def _sector_phrase(kb: KnowledgeBase, ent) -> tuple[str, str, int, bool] | None:
    """(sector, title as written, index of its last token, whether it follows at once) for the office or body that
    follows `ent` ("Tajik foreign minister", "Russia's security services") or that a
    demonym modifies through a coordination ("Hungarian and Romanian officials")."""
    sdoc = ent.doc
    i = ent.end
    if i < len(sdoc) and sdoc[i].tag_ == "POS":
        i += 1
    # Up to two adjectives may stand between: "Lebanon's new President", "its top diplomat".
    for skip in range(3):
        if skip and (i + skip > len(sdoc) or sdoc[i + skip - 1].tag_ not in ("JJ", "JJS", "VBN")):
            break
        best = _longest_phrase(kb, sdoc, i + skip)
        if best is not None:
            return (*best, True)
    tok = ent.root
    while tok.dep_ == "conj" and tok.head.i < tok.i:
        tok = tok.head
    head = tok.head
    if (
        tok.dep_ in ("amod", "compound", "nmod", "poss")
        and head.i >= ent.end
        and head.i - ent.end <= 4
    ):
        for start in range(ent.end, head.i + 1):
            found = _longest_phrase(kb, sdoc, start, stop=head.i + 1)
            if found is not None and found[2] == head.i:
                return (*found, start == ent.end)
    return None


# The entities of the document being resolved (one at a time per thread of a worker):
# Doc.ents builds its spans anew on every access.
_ENTS = threading.local()


def _ents(sdoc, fresh: bool = False) -> tuple:
    """The entities of `sdoc`, read once per document (again when `fresh`: they may
    have been set since an earlier call)."""
    last = getattr(_ENTS, "last", None)
    if fresh or last is None or last[0] is not sdoc:
        last = _ENTS.last = (sdoc, tuple(sdoc.ents))
    return last[1]


def _may_start_phrase(kb: KnowledgeBase, table, i: int) -> bool:
    """False when no sector phrase can start at token `i`. A word of letters is kept
    whole at the start of a phrase's key, so the key's first word must begin with it
    ("the" aside, which keys drop). Other tokens are not judged (True)."""
    if not table.alpha[i]:
        return True
    word = table.text[table.idx[i] : table.end[i]]
    known = kb.derived("phrase-start-words", dict)  # word -> answer, asked of every word
    answer = known.get(word)
    if answer is None:
        first = normalise(word)
        answer = first == "the" or first in kb.phrase_starts()
        if len(known) >= _MAX_START_WORDS:
            known.clear()
        known[word] = answer
    return answer


_MAX_START_WORDS = 100_000  # distinct words remembered by _may_start_phrase (memory stays flat)


def _longest_phrase(
    kb: KnowledgeBase, sdoc, i: int, stop: int | None = None, checked: bool = False
):
    """(sector, phrase as written, index of its last token) of the longest office or body
    phrase of up to five words starting at token `i` and ending before `stop`
    (`checked`: the caller has seen `_may_start_phrase` say yes for `i`)."""
    table = token_table(sdoc)
    if not checked and i < len(table) and not _may_start_phrase(kb, table, i):
        return None
    n = len(table)
    stop = min(stop or n, i + 5, n)
    # No phrase crosses punctuation or the start of another sentence.
    for k in range(i, stop):
        if table.punct[k] or (k != i and table.sent_start[k]):
            stop = k
            break
    last_words = kb.phrase_ends()
    for j in range(stop, i, -1):
        if table.tag[j - 1] == "POS":
            continue  # the body is the word before "'s" ("the parliament's committee")
        if j - 1 == i and table.lower[i] == "general" and _general_not_a_rank(sdoc[i:j]):
            continue
        if (
            table.alpha[j - 1]
            and (j - 1 == i or table.idx[j - 1] > table.end[j - 2])
            and table.lower[j - 1].isascii()
            and table.lower[j - 1] not in last_words
        ):
            continue  # a word of letters on its own is the key's last word: not one of them
        written = table.text[table.idx[i] : table.end[j - 1]]
        sector = kb.sector_phrases.get(normalise(written))
        if sector is not None:
            return sector, written, j - 1
    return None


# Words before "general" that make it a military rank ("army general", "major general");
# after any other noun it ends an office ("attorney general", "inspector general").
MILITARY_BEFORE_GENERAL = {"army", "brigadier", "major", "lieutenant", "force", "forces", "marine"}
MILITARY_BEFORE_GENERAL |= {
    "corps",
    "military",
    "police",
    "retired",
    "four-star",
    "star",
    "two-star",
}


def _general_not_a_rank(span) -> bool:
    """ "general" alone is the military rank only as a noun ("Russia's top general"), not
    the adjective of "the general public", nor the end of an office the sector list does
    not name ("Russia's auditor general")."""
    if len(span) != 1 or span[0].lower_ != "general":
        return False
    tok = span[0]
    if tok.tag_ not in ("NN", "NNP", "NNS", "NNPS") or tok.dep_ == "amod":
        return True
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    return bool(
        prev is not None
        and prev.tag_ in ("NN", "NNP")
        and prev.lower_ not in MILITARY_BEFORE_GENERAL
        and not prev.ent_type_
    )


# --------------------------------------------------------------------------- organisations
def _resolve_org(state: _DocState, ent) -> None:
    kb = state.kb
    text = _name_part(ent.text)
    key = normalise(text)
    actor_id, rule, score = None, "exact-alias", 1.0
    if ent.ent_id_ and kb.actor(ent.ent_id_):
        actor_id = ent.ent_id_
    elif key in kb.seats:
        actor_id, rule = kb.seats[key], "metonym"
    else:
        hits = [i for i in kb.lookup(text, state.date) if not _is_person(kb, i)]
        # A full personal name the NER took for an organisation ("Donald Trump's").
        hits = hits or [i for i in kb.lookup(text, state.date) if len(key.split()) > 1]
        if hits and hits[0] in kb.homelands:  # "Hausa politicians" taken for an ORG
            _resolve_community(state, ent, hits[0])
            return
        if hits:
            actor_id = hits[0]
            if kb.actor(actor_id).kind == "country":
                if ent.label_ != "ORG" or _described(state, ent, actor_id):
                    if ent.label_ != "ORG":
                        _resolve_place(state, ent)
                    return
        elif key in state.short:
            actor_id, rule = state.short[key], "short-form"
    if actor_id is None and (_org_with_demonym(state, ent) or _geographic(state, ent)):
        return
    if actor_id is None and _facility(state, ent, key):
        return
    if actor_id is None and len(key.split()) == 1 and _fuzzy_country(kb, text)[0]:
        _resolve_place(state, ent)  # "Ethopia", "Quatar's emir": a misspelt state
        return
    if actor_id is None:
        actor_id, score = _fuzzy(kb, text, person=False)
        rule = "fuzzy"
    if actor_id is None:
        actor_id, rule = _longer_new_actor(state, text, "organisation"), "short-form"
    if actor_id is None:
        context = _name_context(kb, text)
        actor_id, rule = _new_actor(state, text, "organisation", context), "new-actor"
    state.add(ent.start_char, ent.end_char, ent.label_, actor_id, rule, score)
    state.short.setdefault(key, actor_id)


# Last words of names of buildings and sites: a place, not an actor, whatever label the
# NER gave it ("Crocus City Hall" as ORG).
FACILITY_WORDS = {
    "hall",
    "airport",
    "stadium",
    "arena",
    "square",
    "bridge",
    "street",
    "avenue",
    "mall",
    "hotel",
    "theatre",
    "theater",
    "mosque",
    "cathedral",
    "palace",
    "station",
    "port",
    "dam",
    "base",
    "airbase",
    "prison",
    "camp",
    "highway",
    "pass",
    "crossing",
}


def _facility(state: _DocState, ent, key: str) -> bool:
    """An unknown building or site ("Crocus City Hall"), or the short form of one named
    before ("Crocus"): a place mention with no actor."""
    words = key.split()
    if (len(words) >= 2 and words[-1] in FACILITY_WORDS) or (
        len(words) == 1 and key in state.place_words
    ):
        state.add(ent.start_char, ent.end_char, ent.label_, None, "place", 0.5)
        if len(words) >= 2:
            state.place_words.add(words[0])
        return True
    return False


def _name_context(kb: KnowledgeBase, name: str) -> _Context:
    """What an unknown organisation's own name says: "Nigerian Union of Teachers" is
    Nigerian, "Kenya Anti-Corruption Commission" Kenyan, "Montenegro Assembly" a
    legislature. The first country word gives the country, the last sector word the
    sector."""
    words = normalise(name).split()
    country = sector = None
    for n in (2, 1):
        for k in range(len(words) - n + 1):
            part = " ".join(words[k : k + n])
            code = kb.adjectives.get(part) or kb.capitals.get(part)
            code = code or next((i for i in kb.aliases.get(part, ()) if i in kb.countries), None)
            if code and country is None:
                country = code
    for word in reversed(words):
        sector = kb.sector_phrases.get(word)
        if sector:
            break
    return _Context(country=country, sector=sector if country else None)


def _geographic(state: _DocState, ent) -> bool:
    """A capital, place, country or demonym the NER labelled as a person or an
    organisation ("Dushanbe said", "Tajik"): resolve it as what it is."""
    kb = state.kb
    key = normalise(_name_part(ent.text))
    if key in kb.adjectives:
        _resolve_norp(state, ent)
        return True
    community = next((i for i in kb.aliases.get(key, ()) if i in kb.homelands), None)
    if community is not None:  # "Hausa" taken for a person
        _resolve_community(state, ent, community)
        return True
    if (
        key in kb.capitals
        or key in kb.places
        or key in kb.seats
        or any(i in kb.countries for i in kb.aliases.get(key, ()))
    ):
        _resolve_place(state, ent)
        return True
    return False


def _org_with_demonym(state: _DocState, ent) -> bool:
    """ "Russian Foreign Ministry", "the Afghan Army" as one ORG entity."""
    kb = state.kb
    words = _name_part(ent.text).split()
    for n in (2, 1):
        if len(words) > n:
            code = kb.adjectives.get(normalise(" ".join(words[:n])))
            code = code or next(
                (i for i in kb.lookup(" ".join(words[:n])) if i in kb.countries), None
            )
            sector = kb.sector_phrases.get(normalise(" ".join(words[n:])))
            if code and sector:
                state.add(
                    ent.start_char,
                    ent.end_char,
                    ent.label_,
                    f"{code}.{sector}",
                    "demonym-title",
                    codes=(code, sector),
                )
                return True
    return False


# --------------------------------------------------------------------------- places
def _resolve_place(state: _DocState, ent) -> None:
    kb = state.kb
    text = _name_part(ent.text)
    key = normalise(text)
    if len(key) <= 3 and not text.replace(".", "").isupper():
        # "Us" (a title, a pronoun) is not "US"
        state.add(ent.start_char, ent.end_char, ent.label_, None, "place", 0.5)
        return
    if key in kb.seats:
        state.add(ent.start_char, ent.end_char, ent.label_, kb.seats[key], "metonym")
        return
    is_state_name = any(i in kb.countries for i in kb.aliases.get(key, ()))
    if key in kb.adjectives and not is_state_name:  # "the Nigerien government" as a place
        _resolve_norp(state, ent)
        return
    hits = kb.lookup(text, state.date)
    country = next((i for i in hits if i in kb.countries), None)
    if country is None and hits and hits[0] in kb.homelands:  # "Yoruba" as a place
        _resolve_community(state, ent, hits[0])
        return
    if country is None and hits:  # a group or IGO the NER took for a place
        state.add(ent.start_char, ent.end_char, ent.label_, hits[0], "exact-alias")
        return
    if country is not None:
        if _described(state, ent, country):
            return
        if _used_as_place(ent):
            state.add(
                ent.start_char, ent.end_char, ent.label_, country, "place", codes=(country, None)
            )
        else:
            state.add(
                ent.start_char,
                ent.end_char,
                ent.label_,
                country,
                "exact-alias",
                codes=(country, None),
            )
        return
    if key in kb.capitals:
        code = kb.capitals[key]
        if _described(state, ent, code):  # "Cairo's security chief", "the Khartoum government"
            return
        if _used_as_place(ent):
            state.add(ent.start_char, ent.end_char, ent.label_, code, "place", codes=(code, None))
        else:
            state.add(ent.start_char, ent.end_char, ent.label_, f"{code}.GOV", "metonym")
        return
    if key in kb.places:
        code = kb.places[key]
        state.add(ent.start_char, ent.end_char, ent.label_, code, "place", codes=(code, None))
        return
    code, score = _fuzzy_country(kb, text)
    if code is not None:  # "Afganistan", "Phillippines"
        if not _described(state, ent, code):
            rule = "place" if _used_as_place(ent) else "fuzzy"
            state.add(ent.start_char, ent.end_char, ent.label_, code, rule, score, (code, None))
        return
    if len(key.split()) >= 2:
        state.place_words.add(key.split()[0])
    state.add(ent.start_char, ent.end_char, ent.label_, None, "place", 0.5)


def _fuzzy_country(kb: KnowledgeBase, text: str) -> tuple[str | None, float]:
    """A misspelt country name or capital (rapidfuzz ratio >= 88 on names of 6+ letters)."""
    key = normalise(text)
    if len(key) < 6:
        return None, 0.0

    def build() -> tuple[list[str], dict[str, str]]:
        names = {a: i for a, ids in kb.aliases.items() for i in ids if i in kb.countries}
        names.update(kb.capitals)
        return sorted(n for n in names if len(n) >= 5), names

    choices, country_of = kb.derived("fuzzy-countries", build)
    found = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=88)
    if found is None or found[0][0] != key[0]:  # "West Germany" is not "East Germany"
        return None, 0.0
    return country_of[found[0]], found[1] / 100.0


def _used_as_place(ent) -> bool:
    """True when a city or country is a location in this sentence rather than an actor:
    "a concert hall near Moscow" (place) against "Moscow said" or "backed by Moscow"."""
    tok = ent.root
    while tok.dep_ == "conj" and tok.head.i < tok.i:
        tok = tok.head
    dep = tok.dep_
    if dep in ("nsubj", "nsubjpass", "poss", "csubj"):
        return False
    if dep == "pobj":
        prep = tok.head
        if prep.dep_ == "agent" or prep.lower_ == "by":
            return False
        return prep.lower_ in LOCATIVE
    if dep == "dobj":
        return tok.head.lemma_ in PLACE_VERBS
    if dep == "appos":
        return True
    return True


# --------------------------------------------------------------------------- shared steps
def _name_part(text: str) -> str:
    text = re.sub(r"['’]s?$", "", text.strip())
    return re.sub(r"^(?:the|The)\s+", "", text)


def _fuzzy(kb: KnowledgeBase, text: str, person: bool) -> tuple[str | None, float]:
    key = normalise(text)
    if len(key) < 6:
        return None, 0.0
    # The same unknown names come back article after article; the answers are kept
    # (a bounded number of them) until the knowledge base changes.
    memo: dict[tuple[str, bool], tuple[str | None, float]] = kb.derived("fuzzy-found", dict)
    if (key, person) in memo:
        return memo[(key, person)]
    choices = kb.derived(f"fuzzy-choices-{person}", lambda: _fuzzy_choices(kb, person))
    found = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN)
    if found is None:
        answer: tuple[str | None, float] = (None, 0.0)
    else:
        ids = kb.aliases.get(found[0], [])
        answer = ((ids[0] if ids else None), found[1] / 100.0)
    if len(memo) >= FUZZY_MEMO_SIZE:
        memo.clear()
    memo[(key, person)] = answer
    return answer


FUZZY_MEMO_SIZE = 50_000


def _fuzzy_choices(kb: KnowledgeBase, person: bool) -> list[str]:
    keys = []
    for alias, ids in kb.aliases.items():
        if len(alias) < 6 or not ids:
            continue
        actor = kb.actors_by_id.get(ids[0])
        if actor is not None and (actor.kind == "person") == person and actor.kind != "country":
            keys.append(alias)
    return sorted(keys)


def _new_actor(state: _DocState, name: str, kind: str, context: _Context) -> str:
    actor_id = f"new:{slug(name)}"
    old = state.new.get(actor_id)
    description = " ".join(
        x
        for x in (
            state.kb.countries[context.country].adjectives[0]
            if context.country in state.kb.countries
            and state.kb.countries[context.country].adjectives
            else "",
            context.title,
        )
        if x
    )
    if old is None:
        state.new[actor_id] = Actor(
            id=actor_id,
            name=name,
            kind=kind,
            country=context.country,
            sector=context.sector,
            aliases=(name,),
            description=description,
        )
    elif context.country and not old.country:
        state.new[actor_id] = replace(
            old, country=context.country, sector=context.sector, description=description
        )
    return actor_id


def _longer_new_actor(state: _DocState, name: str, kind: str) -> str | None:
    """A new organisation named earlier in full whose first word (or leading words) is
    this one-word or shorter name: "Crocus" after "Crocus City Hall"."""
    key = normalise(name)
    if kind == "person" or not key:
        return None
    found = [
        a.id
        for a in state.new.values()
        if a.kind == kind and normalise(a.name).startswith(key + " ")
    ]
    return found[0] if len(found) == 1 else None


def _acronym_definitions(sdoc) -> dict[str, tuple[int, int]]:
    """``"Islamic State Khorasan Province (ISKP)"`` -> {"ISKP": (start, end) of the long name}."""
    found: dict[str, tuple[int, int]] = {}
    table = token_table(sdoc)
    for m in ACRONYM.finditer(table.text):
        before = [e for e in _ents(sdoc) if e.end_char <= m.start() and m.start() - e.end_char <= 2]
        if before:
            long_name = before[-1]
            found.setdefault(m.group(1), (long_name.start_char, long_name.end_char))
    return found


def _register_acronym(state: _DocState, ent, acronyms: dict[str, tuple[int, int]]) -> None:
    for acr, (start, end) in acronyms.items():
        if (ent.start_char, ent.end_char) == (start, end):
            resolved = [m for m in state.mentions if m.start <= start and m.end >= end]
            if resolved and resolved[-1].actor_id:
                state.short.setdefault(normalise(acr), resolved[-1].actor_id)
                new = state.new.get(resolved[-1].actor_id)
                if new is not None and acr not in new.aliases:
                    state.new[new.id] = replace(new, aliases=new.aliases + (acr,))


def _acronyms_outside_entities(state: _DocState, acronyms: dict[str, tuple[int, int]]) -> None:
    """An acronym the NER did not mark still names the actor its definition named."""
    body = state.document.body
    for acr in acronyms:
        actor_id = state.short.get(normalise(acr))
        if actor_id is None:
            continue
        for m in re.finditer(rf"(?<![\w-]){re.escape(acr)}(?![\w-])", body):
            if m.start() not in state.covered:
                state.add(m.start(), m.end(), "ORG", actor_id, "short-form")


# --------------------------------------------------------------------------- passes over words
def _surnames_outside_entities(state: _DocState, sdoc) -> None:
    """A surname of a person this document named in full, where the NER marked nothing
    ("... Donald Trump ... made the world think Trump hates ..."). Only capitalised
    proper nouns outside every entity (so "May" the month, inside a DATE, is left)."""
    people = {
        key: actor_id
        for key, actor_id in state.short.items()
        if " " not in key and _is_person_id(state, actor_id)
    }
    if not people:
        return
    table = token_table(sdoc)
    inside = {i for e in _ents(sdoc) for i in range(e.start, e.end)}
    first_seen = {}
    for m in state.mentions:
        if m.actor_id in people.values():
            first_seen.setdefault(m.actor_id, m.start)
    for i, start in enumerate(table.idx):
        if i in inside or start in state.covered or table.pos[i] != "PROPN":
            continue
        tok = sdoc[i]
        actor_id = people.get(normalise(tok.text))
        if actor_id is None or not tok.text[:1].isupper():
            continue
        if tok.idx < first_seen.get(actor_id, len(table.text)):
            continue  # only after the full name
        state.add(tok.idx, tok.idx + len(tok.text), "PERSON", actor_id, "short-form", 0.8)


def _states_outside_entities(state: _DocState, sdoc) -> None:
    """A capitalised nationality word or country name the NER did not mark ("Gambian
    troops", "attack Tajikistan"): resolved as if it had been marked. Country names
    and demonyms only; cities and regions are too often ordinary names."""
    from spacy.tokens import Span

    kb = state.kb
    table = token_table(sdoc)
    inside = {i for e in _ents(sdoc) for i in range(e.start, e.end)}
    n_tokens = len(table)
    i = 0
    while i < n_tokens:
        start = table.idx[i]
        if i in inside or start in state.covered or not table.text[start : start + 1].isupper():
            i += 1
            continue
        for n in (3, 2, 1):
            if i + n > n_tokens or any(
                j in inside
                or not (
                    table.text[table.idx[j] : table.idx[j] + 1].isupper()
                    or (table.text[table.idx[j] : table.end[j]] == "-" and 0 < j - i < n - 1)
                )
                for j in range(i, i + n)
            ):  # "Sri Lankan", "Bissau-Guinean"
                continue
            key = normalise(table.text[table.idx[i] : table.end[i + n - 1]])
            is_state_name = any(x in kb.countries for x in kb.aliases.get(key, ()))
            if (
                key in kb.adjectives
                and not is_state_name
                and table.pos[i] in ("ADJ", "PROPN", "NOUN")
            ):
                _resolve_norp(state, Span(sdoc, i, i + n, label="NORP"))
                i += n
                break
            if is_state_name and len(key) > 3:
                _resolve_place(state, Span(sdoc, i, i + n, label="GPE"))
                i += n
                break
            community = next((x for x in kb.aliases.get(key, ()) if x in kb.homelands), None)
            if community and (
                table.tag[i + n - 1] in ("NNS", "NNPS")
                or (i + n < n_tokens and table.tag[i + n] == "NNS")
            ):  # "Hausa politicians", "Pashtuns"; not a lone "Karen"
                _resolve_community(state, Span(sdoc, i, i + n, label="NORP"), community)
                i += n
                break
        else:
            i += 1


# Phrases for a multinational force that needs its name from elsewhere in the article.
COALITION_HEADS = {"force", "forces", "troops", "soldiers", "coalition", "partners"}
COALITION_HEADS |= {"aircraft", "warplanes", "jets", "planes", "helicopters", "drones", "gunships"}


def _coalition_forces(state: _DocState, sdoc) -> None:
    """ "coalition forces", "a coalition security force", "the coalition" stand for the
    multinational force the article names (ISAF, NATO, the anti-ISIS coalition): the
    closest one named before, else the first named after. When the article names none,
    nothing is made: a coalition is not the country it fights in."""
    kb = state.kb
    named = sorted((m.start, m.actor_id) for m in state.mentions if m.actor_id in kb.coalitions)
    if not named:
        return
    for tok in sdoc:
        if tok.lower_ != "coalition" or tok.idx in state.covered:
            continue
        end = tok
        if tok.dep_ in ("compound", "amod", "nmod"):
            # "coalition (security) force(s)": the head must be a force, not a government
            if tok.head.i <= tok.i or tok.head.lower_ not in COALITION_HEADS:
                continue
            end = tok.head
        elif tok.tag_ not in ("NN", "NNP") or any(c.dep_ != "det" for c in tok.lefts):
            continue  # only a bare "the coalition"; "the anti-Hitler coalition" is another
        before = [a for s, a in named if s < tok.idx]
        actor_id = before[-1] if before else named[0][1]
        state.add(tok.idx, end.idx + len(end.text), "ORG", actor_id, "coalition", 0.8)


def _titled_people_of_the_sentence(state: _DocState, sdoc) -> None:
    """A new person with an office but no country in the text around the name ("Judge
    Alejandro Rivera opened investigations against 28 Chilean officials") takes the only
    state the sentence names (score 0.5); an apposition naming a state ("X, Algeria's
    leading activist") gives that state."""
    kb = state.kb
    for k, m in enumerate(state.mentions):
        new = state.new.get(m.actor_id or "")
        if new is None or new.kind != "person" or m.country is not None:
            continue
        span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        country = None
        for tok in span.root.children:
            if tok.dep_ == "appos":
                inner = [
                    x
                    for x in state.mentions
                    if tok.left_edge.idx <= x.start
                    and x.end <= tok.idx + len(tok.text)
                    and _stands_for_country(state, x)
                ]
                country = inner[0].country if inner else None
        if country is None and new.sector:
            sent = span.sent
            found = {
                x.country
                for x in state.mentions
                if sent.start_char <= x.start < sent.end_char
                and (_stands_for_country(state, x) or _new_organisation_of_a_state(state, x))
            }
            country = found.pop() if len(found) == 1 else None
        if country is None or country not in kb.countries:
            continue
        state.mentions[k] = replace(m, country=country, score=min(m.score, 0.5))
        state.new[new.id] = replace(new, country=country)


def _new_organisation_of_a_state(state: _DocState, m: Mention) -> bool:
    """A new organisation whose own name gave it a state ("Kenya Anti-Corruption
    Commission")."""
    new = state.new.get(m.actor_id or "")
    return new is not None and new.kind == "organisation" and new.country in state.kb.countries


def _is_person_id(state: _DocState, actor_id: str) -> bool:
    actor = state.new.get(actor_id) or state.kb.actor(actor_id)
    return actor is not None and actor.kind == "person"


# Sector words that name a collective actor on their own; single offices ("president",
# "minister") are left to coreference, which we do not attempt.
_COLLECTIVE_TAGS = ("NNS", "NNPS")
_COLLECTIVE_WORDS = {
    "police",
    "army",
    "military",
    "navy",
    "government",
    "opposition",
    "parliament",
    "junta",
    "regime",
    "militia",
    "judiciary",
    "legislature",
    "administration",
    "cabinet",
    "leadership",
    "authorities",
    "media",
    "press",
    "clergy",
    "public",
    "population",
}


def _sector_nouns(state: _DocState, sdoc) -> None:
    """Collective sector nouns no entity covers ("rebels", "the army", "police"), with
    the country the phrase names ("Darfur rebels", "rebels in the Ivory Coast") or,
    failing that, the one country their sentence names. Without a country they are
    left out: a sector alone is not an actor."""
    kb = state.kb
    table = token_table(sdoc)
    i = 0
    while i < len(sdoc):
        if (
            table.idx[i] in state.covered
            or not table.alpha[i]
            or not _may_start_phrase(kb, table, i)
        ):
            i += 1
            continue
        found = _longest_phrase(kb, sdoc, i, checked=True)
        if found is None:
            i += 1
            continue
        tok = sdoc[i]
        sector, _title, last = found
        head = sdoc[last]
        span_end = last
        if any(sdoc[k].lower_ == "coalition" for k in range(max(0, i - 1), last + 1)):
            i = last + 1  # a coalition is not the country it fights in (see _coalition_forces)
            continue
        if head.tag_ not in _COLLECTIVE_TAGS and not (
            head.lower_ in _COLLECTIVE_WORDS and head.tag_.startswith("NN")
        ):  # "to press their demands", "public opinion": not the press, not the public
            i = last + 1
            continue
        if any(sdoc[k].idx in state.covered for k in range(i, last + 1)):
            i = last + 1
            continue
        country, start_char, end_char, score = _phrase_country(state, sdoc, i, head)
        if score == GUESSED and _sponsored(sdoc, i, head):
            country = (
                None  # "Iranian-backed militias" in Iraq: whose militias, the text does not say
            )
        if score == GUESSED and sector in UNGUESSED_IN_LONG_TEXTS and _long_text(sdoc):
            country = None  # "terrorists" in a long text are often not the sentence's country
        if country is None and sector == "LEG" and _singular(head):
            country, score = _legislature_named_before(state, head.idx)
            start_char, end_char = head.idx, head.idx + len(head.text)
        if country is not None:
            start_char = min(start_char, tok.idx)
            end_char = max(end_char, head.idx + len(head.text))
            state.mentions.append(
                Mention(
                    doc_id=state.document.id,
                    start=start_char,
                    end=end_char,
                    text=state.document.body[start_char:end_char],
                    label="NORP",
                    actor_id=f"{country}.{sector}",
                    rule="sector-noun",
                    score=score,
                    country=country,
                    sector=sector,
                )
            )
            state.covered.update(range(tok.idx, head.idx + len(head.text)))
        i = span_end + 1


# The score of a sector noun's country taken from its sentence, not its own phrase.
GUESSED = 0.5
# Sectors whose bare nouns ("terrorists", "gunmen", "smugglers") are often foreigners to the
# country their sentence names; in a long text (several stories, several countries) their
# country is not guessed. Same length as the events stage's short text.
UNGUESSED_IN_LONG_TEXTS = {"REB", "CRM"}
LONG_TEXT_CHARS = 2000


def _long_text(sdoc) -> bool:
    return len(token_table(sdoc).text) > LONG_TEXT_CHARS


def _legislature_named_before(state: _DocState, char: int) -> tuple[str | None, float]:
    """ "the parliament" after "Ukraine's parliament": the country of the last legislature
    the text named before, as a weaker reading (0.7) than its own phrase."""
    before = [m for m in state.mentions if m.end <= char and m.sector == "LEG" and m.country]
    last = max(before, key=lambda m: m.end, default=None)
    if last is None or last.country not in state.kb.countries:
        return None, 0.0
    return last.country, 0.7


# "Iranian-backed militias", "rebels supported by Turkey": the state is the sponsor, not
# the country of the armed men.
BACKING = "backed|supported|sponsored|funded|financed|armed|trained|equipped|allied|aligned|proxy"
_BACKER_AFTER = re.compile(rf"\s*-\s*(?:{BACKING})\b|\s+(?:{BACKING})\s", re.IGNORECASE)
_BACKING_LEMMAS = set(BACKING.split("|")) | {"back", "support", "sponsor", "fund", "arm", "train"}


def _sponsored(sdoc, first: int, head) -> bool:
    """The phrase says who backs the armed men ("Turkish-backed rebels", "rebels backed by
    Iran")."""
    words = [t for t in head.subtree if t.i != head.i and t.i >= first - 3]
    if first > 0:
        words.append(sdoc[first - 1])
    return any(t.lemma_.lower() in _BACKING_LEMMAS or t.lower_ in _BACKING_LEMMAS for t in words)


def _mark_backers(state: _DocState, sdoc) -> None:
    """Remember the states named as someone's sponsor, so that no sector noun takes them
    as its own country."""
    body = state.document.body
    table = token_table(sdoc)
    for m in state.mentions:
        if _BACKER_AFTER.match(body, m.end):
            state.backers.add(m.start)
            continue
        span = table.token_span(m.start, m.end)
        if span is None:
            continue
        by = table.head[table.span_root(*span)]
        if table.lower[by] == "by" and table.lemma[table.head[by]] in _BACKING_LEMMAS:
            state.backers.add(m.start)


def _country_mention_at(state: _DocState, start: int, end: int):
    """A mention in [start, end) that stands for a country (the state, a place in it,
    its capital), not a person or a group."""
    for m in state.mentions:
        if m.start >= start and m.end <= end and _stands_for_country(state, m):
            return m
    return None


def _stands_for_country(state: _DocState, m: Mention) -> bool:
    """The state itself, a place in it, or its government by metonymy; a person or a
    group ("Taliban leaders") is not a country the phrase belongs to."""
    return bool(
        m.actor_id
        and m.start not in state.backers
        and ":" not in m.actor_id
        and m.country in state.kb.countries
        and m.actor_id.split(".")[0] == m.country
        and m.rule in ("place", "metonym", "demonym", "demonym-people", "exact-alias", "fuzzy")
    )


def _phrase_country(state: _DocState, sdoc, first: int, head) -> tuple[str | None, int, int, float]:
    """(country, start, end, score) for a sector noun phrase starting at token `first`
    with head `head`: a place or country right before it, one after "in/of/from", else
    the single country of the sentence."""
    if first > 0:
        prev = sdoc[first - 1]
        if prev.tag_ == "POS" and first > 1:
            prev = sdoc[first - 2]
        m = _country_mention_at(state, prev.idx, prev.idx + len(prev.text))
        if m is None:
            m = next(
                (
                    x
                    for x in state.mentions
                    if x.end == prev.idx + len(prev.text) and _stands_for_country(state, x)
                ),
                None,
            )
        if m is not None:
            return m.country, m.start, m.end, 0.9
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "of", "from", "throughout", "across"):
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                # the object's own words, not clauses the parser hung on it
                words = [t for t in pobj.subtree if t.i <= pobj.i]
                start, end = words[0].idx, pobj.idx + len(pobj.text)
                m = _country_mention_at(state, start, end)
                if m is not None:
                    return m.country, head.idx, m.end, 0.9
    sent = head.sent
    countries = {
        m.country
        for m in state.mentions
        if sent.start_char <= m.start < sent.end_char and _stands_for_country(state, m)
    }
    if len(countries) == 1:
        return countries.pop(), head.idx, head.idx + len(head.text), GUESSED
    return None, 0, 0, 0.0
