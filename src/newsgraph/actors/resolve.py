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
5. ``demonym``       a bare demonym ("Russian", "Afghans") -> the country.
6. ``short-form``    a short form introduced earlier in the same document: a surname
                     after the full name, an acronym after "Full Name (ACR)".
7. ``surname``       a lone surname: the knowledge-base person of that surname in
                     office at the article's date.
8. ``fuzzy``         a near spelling of a known alias (rapidfuzz ratio >= 90).
9. ``new-actor``     a person or organisation nobody knows becomes ``new:<slug>``,
                     with what the text says of it (title, country, sector).

Country and sector on each mention are read at the document's publication date,
since offices are time-bounded. User merges and splits apply last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, process

from newsgraph.actors.kb import KnowledgeBase, normalise, slug
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
    acronyms = _acronym_definitions(sdoc)
    ents = [e for e in sdoc.ents if e.label_ in ENTITY_LABELS]
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
    if _geographic(state, ent):
        return
    key = normalise(name)
    actor_id, rule, score = None, "", 1.0
    hits = [i for i in kb.lookup(name, state.date) if _is_person(kb, i)]
    if hits:
        actor_id, rule = hits[0], "exact-alias"
    elif key in state.short:
        actor_id, rule = state.short[key], "short-form"
    elif len(key.split()) == 1 and kb.by_surname(key, state.date):
        actor_id, rule, score = kb.by_surname(key, state.date), "surname", 0.8
    elif context.country and context.title and not _looks_like_name(name):
        actor_id = kb.holder_at(context.country, context.title, state.date)
        rule = "demonym-title"
    if actor_id is None:
        actor_id, score = _fuzzy(kb, name, person=True)
        rule = "fuzzy"
    if actor_id is None:
        actor_id, rule = _new_actor(state, name, "person", context), "new-actor"
    codes = state.codes(actor_id)
    if codes == (None, None) or (
        codes[1] == "ELI" and context.country == codes[0] and context.sector
    ):
        codes = (context.country or codes[0], context.sector or codes[1])
    state.add(start, ent.end_char, "PERSON", actor_id, rule, score, codes)
    _register_short_forms(state, name, actor_id)


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
    for n in (4, 3, 2, 1):
        if ent.start - n < 0:
            continue
        span = sdoc[ent.start - n : ent.start]
        if any(t.is_punct or t.is_sent_start and t.i != span.start for t in span):
            continue
        phrase = normalise(span.text)
        if phrase in kb.person_titles:
            return _Context(
                sector=kb.sector_phrases.get(phrase, "GOV"), title=span.text, start=span.start_char
            )
    return _Context()


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
    if hits:  # "Taliban", "mujahideen" are often labelled NORP
        state.add(ent.start_char, ent.end_char, ent.label_, hits[0], "exact-alias")
        return
    code = kb.adjectives.get(key) or kb.adjectives.get(key.rstrip("s"))
    if code is None:
        state.add(ent.start_char, ent.end_char, ent.label_, None, "unresolved", 0.0)
        return
    if not _described(state, ent, code):
        state.add(ent.start_char, ent.end_char, ent.label_, code, "demonym", codes=(code, None))


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
    following = [e for e in sdoc.ents if e.start == last + 1 and e.label_ == "PERSON"]
    context = _Context(country=code, sector=sector, title=title, start=ent.start_char)
    if following and normalise(title) in kb.person_titles:
        state.person_context[following[0].start] = context
        return True
    end_char = sdoc[last].idx + len(sdoc[last].text)
    holder = kb.holder_at(code, title, state.date) if normalise(title) in kb.person_titles else None
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


def _longest_phrase(kb: KnowledgeBase, sdoc, i: int, stop: int | None = None):
    stop = min(stop or len(sdoc), i + 5, len(sdoc))
    for j in range(stop, i, -1):
        span = sdoc[i:j]
        if any(t.is_punct or (t.is_sent_start and t.i != i) for t in span):
            continue
        phrase = normalise(span.text)
        if phrase in kb.sector_phrases:
            return kb.sector_phrases[phrase], span.text, j - 1
    return None


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
        if hits:
            actor_id = hits[0]
            if kb.actor(actor_id).kind == "country" and ent.label_ != "ORG":
                _resolve_place(state, ent)
                return
        elif key in state.short:
            actor_id, rule = state.short[key], "short-form"
    if actor_id is None and (_org_with_demonym(state, ent) or _geographic(state, ent)):
        return
    if actor_id is None:
        actor_id, score = _fuzzy(kb, text, person=False)
        rule = "fuzzy"
    if actor_id is None:
        actor_id, rule = _new_actor(state, text, "organisation", _Context()), "new-actor"
    state.add(ent.start_char, ent.end_char, ent.label_, actor_id, rule, score)
    state.short.setdefault(key, actor_id)


def _geographic(state: _DocState, ent) -> bool:
    """A capital, place, country or demonym the NER labelled as a person or an
    organisation ("Dushanbe said", "Tajik"): resolve it as what it is."""
    kb = state.kb
    key = normalise(_name_part(ent.text))
    if key in kb.adjectives:
        _resolve_norp(state, ent)
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
    if key in kb.seats:
        state.add(ent.start_char, ent.end_char, ent.label_, kb.seats[key], "metonym")
        return
    hits = kb.lookup(text, state.date)
    country = next((i for i in hits if i in kb.countries), None)
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
        if _used_as_place(ent):
            state.add(ent.start_char, ent.end_char, ent.label_, code, "place", codes=(code, None))
        else:
            state.add(ent.start_char, ent.end_char, ent.label_, f"{code}.GOV", "metonym")
        return
    if key in kb.places:
        code = kb.places[key]
        state.add(ent.start_char, ent.end_char, ent.label_, code, "place", codes=(code, None))
        return
    state.add(ent.start_char, ent.end_char, ent.label_, None, "place", 0.5)


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
    choices = _fuzzy_choices(kb, person)
    found = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN)
    if found is None:
        return None, 0.0
    ids = kb.aliases.get(found[0], [])
    return (ids[0] if ids else None), found[1] / 100.0


_FUZZY_CACHE: dict[tuple[int, bool], list[str]] = {}


def _fuzzy_choices(kb: KnowledgeBase, person: bool) -> list[str]:
    cache_key = (id(kb), person)
    if cache_key not in _FUZZY_CACHE:
        keys = []
        for alias, ids in kb.aliases.items():
            if len(alias) < 6 or not ids:
                continue
            actor = kb.actors_by_id.get(ids[0])
            if actor is not None and (actor.kind == "person") == person and actor.kind != "country":
                keys.append(alias)
        _FUZZY_CACHE[cache_key] = sorted(keys)
    return _FUZZY_CACHE[cache_key]


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


def _acronym_definitions(sdoc) -> dict[str, tuple[int, int]]:
    """``"Islamic State Khorasan Province (ISKP)"`` -> {"ISKP": (start, end) of the long name}."""
    found: dict[str, tuple[int, int]] = {}
    for m in ACRONYM.finditer(sdoc.text):
        before = [e for e in sdoc.ents if e.end_char <= m.start() and m.start() - e.end_char <= 2]
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
