"""Extract PLOVER events from a parsed document.

The cascade, per sentence:

1. **match**: every verb and noun whose lemma has patterns is tried against them, most
   specific pattern first (particle, object, preposition, subject, modifier, light verb);
   the first whose constraints hold and whose required actors are present wins.
2. **arguments**: source and target come from the roles the pattern names (subject,
   object, a preposition, possessor, modifier ...) read through passives, relative
   clauses, participles, control verbs and coordination (see `arguments`).
3. **intent**: "pledged/vowed to X" becomes AGREE or THREATEN after what X is.
4. **merge**: a noun event inside the argument of a verb event of the same type is one
   event ("claimed responsibility for the attack on X", "imposed sanctions on X").
5. **modes, date, location, confidence**: auxiliary modes from the parse (`modes`), the
   date expression attached to the trigger (`dates`), a place attached through "in/at/
   near", and a confidence from how the event was found.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import timedelta

from newsgraph.actors.resolve import STATE_SECTORS
from newsgraph.annotate.tokens import token_table
from newsgraph.events.arguments import (
    ActorIndex,
    Found,
    conjuncts,
    np_actors,
    verb_args,
)
from newsgraph.events.dates import DateRef, DateResolver, dateline_span, parse_iso, period_end
from newsgraph.events.fallback import member_group_mentions
from newsgraph.events.modes import attempted, auxiliary_modes
from newsgraph.events.patterns import INTENT, Pattern, PatternSet
from newsgraph.events.segments import Segments, build_segments
from newsgraph.model import Document, Event, Mention

_LOC_PREPS = {
    "in",
    "at",
    "near",
    "inside",
    "outside",
    "across",
    "throughout",
    "around",
    "into",
    "over",
    "within",
    "off",
    "along",
    "outside of",
}
_COOPERATION = {"verbal-cooperation", "material-cooperation"}
# an event dated more than this before publication is historical
HISTORICAL_DAYS = 365
# a text this short (a press release) tells one story: its last stated day carries
# across paragraphs; in a longer text only within a paragraph
SHORT_TEXT_CHARS = 2000
CARRIED_PREFIX = "carried: "
CARRIED_PENALTY = 0.1
# the id prefix of an actor the actors stage made up from the text (not in the KB)
NEW_ACTOR_PREFIX = "new:"


@dataclass
class Candidate:
    trigger: object  # spaCy Token
    pattern: Pattern
    sources: list[Mention]
    targets: list[Mention]
    light: object | None = None
    weak: bool = False
    inherited: bool = False
    etype: str = ""
    merged: bool = False
    extra_tokens: list = field(default_factory=list)
    fallback_target: bool = False


def event_id(doc_id: str, start: int, end: int, event_type: str) -> str:
    """Deterministic id: the same document, trigger and type give the same id."""
    return hashlib.sha1(f"{doc_id}|{start}|{end}|{event_type}".encode()).hexdigest()[:16]


def extract_sentence_events(sent, index: ActorIndex, ps: PatternSet) -> list[Candidate]:
    """Matched, merged candidates of one sentence (no dates or modes yet)."""
    found: list[Candidate] = []
    sdoc = sent.doc
    table = token_table(sdoc)
    dep = table.dep
    for i in range(sent.start, sent.end):
        # Only a word some pattern is keyed on is looked at as a Token (see _trigger_kind).
        kind = _trigger_kind(i, table, index, ps)
        if kind is None:
            continue
        tok = sdoc[i]
        cand = _match_verb(tok, index, ps) if kind == "verb" else _match_noun(tok, index, ps)
        if cand is not None and not (dep[i] == "amod" and cand.pattern.type in _SAYING):
            found.append(cand)  # "his promised ban" is no promise
    _resolve_intent(found, ps)
    _fill_from_complement(found, index, ps)
    found.extend(_obligations(sent, index, ps, {c.trigger.i for c in found}))
    merged = _merge(found)
    for c in merged:
        if not c.targets and c.sources:
            c.targets = _nearby_targets(c, index, ps)
            if not c.targets and c.etype == "PROTEST":
                c.targets = _protest_addressee(c, index)
            c.fallback_target = bool(c.targets)
    return merged


def _trigger_kind(i: int, table, index: ActorIndex, ps: PatternSet) -> str | None:
    """ "verb" or "noun" when token `i` may trigger a pattern of that class, else None: a
    verb (or a main-clause auxiliary other than "be") whose lemma has verb patterns, a
    noun that names no actor and has noun patterns."""
    pos = table.pos[i]
    if pos == "VERB" or (pos == "AUX" and table.dep[i] == "ROOT" and table.lemma[i] != "be"):
        lemma = ps.lemma_of(table.lemma[i], table.tag[i], table.lower[i])
        return "verb" if ps.for_verb(lemma) else None
    if pos in ("NOUN", "PROPN") and i not in index.by_token and ps.for_noun(table.lemma[i]):
        return "noun"
    return None


# A protest is aimed at the authority its demand is put to. When no argument names a
# target, the government, ruler or state office named inside the protest's own phrase
# (its purpose clause, "in protest of ...", "calling for ...") is the target: "staged
# demonstrations to demand reforms by President X's government", "a hunger strike in
# protest of the Russian government's refusal", "a rally calling for the removal of
# President Y". A place or a people named there is no addressee.
def _protest_addressee(cand: Candidate, index: ActorIndex) -> list[Mention]:
    head = cand.light if cand.light is not None else cand.trigger
    own = {m.actor_id for m in cand.sources}
    subject = {t.i for c in head.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
    for tok in head.subtree:
        if tok.i in subject:
            continue
        m = index.mention_at(tok)
        if m is None or not m.actor_id or m.actor_id in own or _is_place(m):
            continue
        if m.sector in STATE_SECTORS and (m.country or _state_code(m)):
            return [m]
    return []


# When a pattern's own roles name no target, the party an event is aimed at is read
# only from a proper argument position of the trigger (or its light verb, or the verb
# of its purpose clause: "threatened to cut off electricity to X"): its direct object
# or dative, or the object of a preposition that marks a party. The argument's head
# must itself name the actor: a demonym describing what is moved, supplied or hit
# ("US-supplied weapons", "Turkish positions") is no party, nor is an operation's
# code name; without such an argument the event has no target.
_MOVING = frozenset({"AID", "MOBILIZE"})
_TARGET_PREPS = {"on", "against", "at", "to", "toward", "towards", "upon", "with", "from", "for"}
# a place is where an act happens: PLOVER then gives the place's country as target
_PLACE_PREPS = {"in", "inside", "into"}
_CODE_NAMES = ("operation ", "op. ", "exercise ")
_NAMING_WORDS = {"codename", "code-name", "name", "dub", "call", "label", "title"}


def _nearby_targets(cand: Candidate, index: ActorIndex, ps: PatternSet) -> list[Mention]:
    """Targets from the trigger's argument positions (see above), nearest level first:
    the trigger's (or light verb's) own arguments, then the arguments of those
    arguments and of a purpose clause ("threatened further action against X",
    "promised to continue aid to X", "fired shells at targets in X")."""
    own = {m.actor_id for m in cand.sources}
    heads = [cand.trigger] + ([cand.light] if cand.light is not None else [])
    level0: list[tuple[object, bool]] = []
    purpose: list[tuple[object, bool]] = []
    # "fighting with X", "attacked with drones": for an attack, "with" names an ally or
    # an instrument, not the one attacked (a pattern's own roles still read "clash with")
    # "fought for X" is on X's side too; "sent weapons from Jordan to the rebels" names
    # where the thing moved comes from, not whom it is for
    skip = frozenset()
    if cand.pattern.type == "ASSAULT":
        skip = frozenset({"with", "for"})
    elif cand.pattern.type in _MOVING and _from_to(cand.trigger):
        skip = frozenset({"from"})
    for h in heads:
        level0 += _argument_slots(h, cand.pattern.object is not None and h is cand.trigger, skip)
        for child in h.children:
            if (
                # ("a hunger strike to protest X" is often parsed as a relative clause)
                child.dep_ in ("xcomp", "advcl", "acl", "relcl")
                and child.tag_ == "VB"
                and any(a.dep_ == "aux" and a.lower_ == "to" for a in child.children)
            ):
                purpose += _argument_slots(child, False)
    if cand.trigger.pos_ in ("NOUN", "PROPN"):
        # "the invasion of X": a nominalisation's object
        level0 += [
            (p, False)
            for c in cand.trigger.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for p in c.children
            if p.dep_ == "pobj"
        ]
    # below the trigger's own arguments, the owner of an affected thing is the party
    # ("restrictions against German goods", "protest at X's failure"), except where
    # the event moves or gives a thing (its pattern names the object: "sent Russian
    # jets", "delivered US weapons" name the supplier)
    loose = cand.pattern.object is None
    # a stance taken on an act names the act's author: "agreed to US mediation",
    # "protested against Sweden's decision" (not for deeds: "hit Turkish positions")
    stance = cand.etype in _VERBAL or cand.etype == "PROTEST"
    levels = [(level0, False), (_nested(level0) + purpose, loose), (_nested(purpose), loose)]
    for slots, owners in levels:
        for tok, place_only in slots:
            authored = stance and tok.lemma_.lower() in ps.cues.act_nouns
            found = [
                t
                for t in _slot_targets(tok, index, place_only, ps.cues, owners or authored)
                if t.actor_id not in own
            ]
            if found:
                return found[:6]
    return []


def _from_to(verb) -> bool:
    """Does `verb` (or its object) have both a "from" and a "to" phrase (origin and
    destination of a thing moved)?"""
    heads = [verb] + [c for c in verb.children if c.dep_ == "dobj"]
    found = {c.lower_ for h in heads for c in h.children if c.dep_ == "prep"}
    return {"from", "to"} <= found


def _prep_slots(tok, skip: frozenset[str] = frozenset()) -> list[tuple[object, bool]]:
    """(object, only a place counts) of the party-marking prepositions on `tok`
    (except those in `skip`)."""
    out = []
    for child in tok.children:
        if (child.dep_ == "prep" or (child.dep_ == "dative" and child.pos_ == "ADP")) and (
            child.lower_ in _TARGET_PREPS or child.lower_ in _PLACE_PREPS
        ):
            if child.lower_ in skip:
                continue
            # after a noun, "at" gives the venue ("a veto at the UN", "a protest at the
            # embassy"): a place's country at most, never the body that hosts it
            venue = child.lower_ == "at" and tok.pos_ in ("NOUN", "PROPN")
            place_only = child.lower_ in _PLACE_PREPS or venue
            out += [(p, place_only) for p in child.children if p.dep_ == "pobj"]
    return out


def _argument_slots(
    verb, object_is_thing: bool, skip: frozenset[str] = frozenset()
) -> list[tuple[object, bool]]:
    """(argument head, only a place counts) for the argument positions of `verb`; the
    thing moved or given ("sent jets", "delivered aid") is no party itself."""
    out = []
    for child in verb.children:
        dep = child.dep_
        if dep == "dobj" or (dep in ("dative", "iobj") and child.pos_ != "ADP"):
            if not (dep == "dobj" and object_is_thing):
                out.append((child, False))
            else:
                out += _prep_slots(child)  # "delivered aid to X", "lifted a curfew in X"
    return out + _prep_slots(verb, skip)


def _nested(slots: list[tuple[object, bool]]) -> list[tuple[object, bool]]:
    """The party-marking prepositional phrases inside argument phrases ("action against
    X", "a program for X", "targets in X")."""
    return [s for tok, _ in slots for s in _prep_slots(tok)]


def _slot_targets(
    tok, index: ActorIndex, place_only: bool, cues, owners: bool = False
) -> list[Mention]:
    """The actors an argument head itself names (every conjunct); a modifier only of a
    noun for people ("a Taliban leader", "Russian advisers") or, when `owners`, of an
    affected thing ("German goods")."""
    out = []
    if owners and not place_only and index.mention_at(tok) is None:
        for m in np_actors(tok, index, cues, places=True).mentions:
            t = _as_target(m)
            if t is not None and not m.text.lower().startswith(_CODE_NAMES):
                out.append(t)
        if out:
            return out
    for head in conjuncts(tok):
        m = (
            index.mention_at(head)
            or index.mention_at(head, places=True)
            or _named_place(head, index)
            or _member_of(head, index, cues)
        )
        if m is None or _code_name(m, head):
            continue
        if place_only and not (m.label in ("GPE", "LOC", "FAC") or m.actor_id is None):
            continue
        t = _as_target(m)
        if t is not None and all(t.actor_id != x.actor_id for x in out):
            out.append(t)
    return out


_PLACE_NOUNS = {
    "city",
    "town",
    "village",
    "province",
    "region",
    "district",
    "republic",
    "capital",
    "area",
    "state",
    "enclave",
    "port",
    "territory",
}


def _named_place(head, index: ActorIndex) -> Mention | None:
    """The place a place noun names: "the town of Cizre", "Montenegro province"."""
    if head.lemma_.lower() not in _PLACE_NOUNS:
        return None
    for c in head.children:
        cands = [c] if c.dep_ == "compound" else []
        if c.dep_ == "prep" and c.lower_ == "of":
            cands = [p for p in c.children if p.dep_ == "pobj"]
        for t in cands:
            m = index.mention_at(t, places=True)
            if m is not None and (m.label in _PLACE_LABELS or m.actor_id is None):
                return m
    return None


def _member_of(head, index: ActorIndex, cues) -> Mention | None:
    """The group or country a noun for people belongs to, by its modifier."""
    word = head.lemma_.lower()
    if word not in cues.member_nouns and word not in cues.person_nouns:
        return None
    for c in head.children:
        if c.dep_ in ("compound", "amod", "nmod", "poss"):
            for sub in c.subtree:
                m = index.mention_at(sub)
                if m is not None and m.actor_id:
                    return m
    return None


def _code_name(m: Mention, head) -> bool:
    """An operation's code name ("Operation Olive Branch", "the offensive, codenamed X")."""
    if m.text.lower().startswith(_CODE_NAMES) or (m.actor_id or "").startswith("new:operation-"):
        return True
    gov = head.head
    if (
        head.dep_ in ("dobj", "oprd", "attr", "npadvmod", "appos")
        and gov.lemma_.lower() in _NAMING_WORDS
        and gov.dep_ in ("acl", "amod", "relcl", "appos")
    ):
        return True  # "an offensive codenamed X", "a mission named X"
    return any(
        c.lemma_.lower() in _NAMING_WORDS for c in head.children if c.dep_ in ("amod", "compound")
    )


def _as_target(m: Mention) -> Mention | None:
    """An actor mention as it is; a place as its country (an actor id is a country code)."""
    if m.actor_id:
        return m
    if m.country:
        return replace(m, actor_id=m.country)
    return None


_SAYING = {INTENT, "AGREE", "REQUEST", "THREATEN", "ACCUSE", "SUPPORT", "REJECT", "CONSULT"}
_OBLIGATION_MODALS = {"must", "should"}
_COGNITION = {"know", "understand", "realise", "realize", "remember", "note", "think", "believe"}
_COMMITTING = {"should", "would", "will", "must", "shall", "to", "'ll"}
DERIVED_REQUEST = Pattern(
    pos="verb",
    lemmas=frozenset(),
    type="REQUEST",
    confidence=0.6,
    name="derived:said-must->REQUEST",
)


def _obligations(sent, index: ActorIndex, ps: PatternSet, taken: set[int]) -> list[Candidate]:
    """ "X said that Y must (should) do Z" is X's request to Y (PLOVER REQUEST)."""
    out = []
    sdoc = sent.doc
    dep = token_table(sdoc).dep
    for i in range(sent.start, sent.end):
        if dep[i] != "ccomp":
            continue
        tok = sdoc[i]
        if tok.head.i in taken:
            continue
        if not any(c.dep_ == "aux" and c.lower_ in _OBLIGATION_MODALS for c in tok.children):
            continue
        head = tok.head
        if head.lemma_.lower() not in ps.cues.reporting_verbs | {"reiterate", "insist", "conclude"}:
            continue
        if tok.lemma_.lower() in _COGNITION:
            continue  # "X should know that ..." asks for no act
        speaker = [
            m for s in verb_args(head, ps.cues).subj for m in np_actors(s, index, ps.cues).mentions
        ]
        if tok.lemma_.lower() == "be" and not any(
            c.dep_ == "acomp" and any(x.dep_ == "xcomp" for x in c.children) for c in tok.children
        ):
            continue  # "the process must be Afghan-led" is a state ("must be ready to" acts)
        # the addressee is the clause's subject itself, not a modifier of it ("the
        # Afghan reconciliation process must ..." asks nothing of Afghanistan)
        addressee = [
            m
            for s in verb_args(tok, ps.cues).subj
            if index.mention_at(s) is not None or s.pos_ == "PRON"
            for m in np_actors(s, index, ps.cues).mentions
        ]
        sources, targets = _clean(speaker, addressee)
        if sources and targets:
            taken.add(head.i)
            out.append(Candidate(head, DERIVED_REQUEST, sources, targets, etype="REQUEST"))
    return out


# --------------------------------------------------------------------------- matching
def _lemmas_np(tok, conj: bool = True) -> set[str]:
    return _lemmas_np_at(token_table(tok.doc), tok.i, conj)


def _lemmas_np_at(t, i: int, conj: bool = True) -> set[str]:
    lemma, dep, children = t.lemma, t.dep, t.children
    out = {lemma[i], t.lower[i]}
    if conj:
        for c in t.conjuncts(i):
            out |= _lemmas_np_at(t, c, conj=False)
    for c in children[i]:
        if dep[c] in ("compound", "amod", "nmod"):
            out.add(lemma[c])
            # "opposition leader Ayman Nour": the compound of a compound names him too
            out.update(lemma[g] for g in children[c] if dep[g] == "compound")
        if dep[c] == "prep" and t.lower[c] == "of":
            out.update(lemma[p] for p in children[c] if dep[p] == "pobj")
    return out


def _preps(*heads) -> dict[str, list]:
    """The prepositions on `heads` by word, each with its objects (tokens)."""
    out: dict[str, list] = {}
    for h in heads:
        if h is None:
            continue
        doc = h.doc
        t = token_table(doc)
        dep = t.dep
        for c in t.children[h.i]:
            if dep[c] in ("prep", "dative") and t.pos[c] == "ADP" or dep[c] == "prep":
                objs = [doc[p] for p in t.children[c] if dep[p] in ("pobj", "pcomp")]
                out.setdefault(t.lower[c], []).extend(objs)
    return out


def _has_prep(preps: dict[str, list], entry: str) -> bool:
    """Is the preposition `entry` present ("from"), or with this object ("from:rubble")?"""
    name, _, word = entry.partition(":")
    objs = preps.get(name)
    if not word or objs is None:
        return objs is not None and not word
    return any(o.lemma_.lower() == word for o in objs)


# Prepositions a pattern requires on the trigger itself: an object's "for" phrase
# describes the object ("attacked a camp for refugees" is no "attacked X for Y")
_OWN_PREPS = frozenset({"for"})


def _prep_ok(pattern: Pattern, preps: dict[str, list], own: dict[str, list] | None = None) -> bool:
    """One of the pattern's prepositions is present (with one of its words, if any);
    `own` are the trigger's own prepositions (without its objects')."""
    if pattern.not_prep and any(_has_prep(preps, p) for p in pattern.not_prep):
        return False
    if not pattern.prep:
        return True
    for name, words in pattern.prep:
        objs = (own if own is not None and name in _OWN_PREPS else preps).get(name)
        if objs and (
            not words
            or any(t.lemma_.lower() in words or t.lower_ in words for o in objs for t in o.subtree)
        ):
            return True
    return False


def _role(role: str, tok, args, preps, index, ps, for_target: bool) -> Found:
    cues = ps.cues
    heads: list = []
    if role == "subj":
        heads = args.subj if args else []
    elif role in ("obj", "objmod"):
        heads = args.obj if args else []
    elif role == "dative":
        heads = [c for c in tok.children if c.dep_ in ("dative", "iobj") and c.pos_ != "ADP"]
        heads += [
            p
            for c in tok.children
            if c.dep_ == "dative" and c.pos_ == "ADP"
            for p in c.children
            if p.dep_ == "pobj"
        ]
    elif role.startswith("prep:"):
        heads = preps.get(role[5:], [])
    elif role == "clause_subj":
        clauses = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp", "advcl", "acl")]
        if not clauses and tok.pos_ == "NOUN" and tok.dep_ == "dobj":
            # "reiterated its demand that Israel ease ...": the clause hangs on the verb
            clauses = [c for c in tok.head.children if c.dep_ == "ccomp"]
        for c in clauses:
            heads += [s for s in c.children if s.dep_ in ("nsubj", "nsubjpass")]
    elif role == "poss":
        heads = [c for c in tok.children if c.dep_ == "poss"]
    elif role == "mod":
        heads = [
            c
            for c in tok.children
            if c.dep_ in ("compound", "amod", "nmod") and not c.lower_.startswith("anti")
        ]
        found = Found()
        for h in heads:
            m = index.mention_at(h)
            # "a Russian attack", "US strikes"; not "the Crocus City Hall attack" (a place)
            if m is not None and m.actor_id and not m.actor_id.startswith(("new:", "text:")):
                found.mentions.append(m)
        return found
    found = Found()
    for h in heads:
        part = np_actors(h, index, cues, places=for_target)
        found.mentions.extend(part.mentions)
        found.weak = found.weak or part.weak
    return found


def _collect(roles, tok, args, preps, index, ps, for_target) -> Found:
    """Actors of the first role that names any."""
    for role in roles:
        f = _role(role, tok, args, preps, index, ps, for_target)
        if f.mentions:
            return f
    return Found()


_PLACE_LABELS = ("GPE", "LOC", "FAC")


def _requires_ok(p: Pattern, sources, targets, tok, cues=None) -> bool:
    if cues is not None and not _kinds_ok(p, sources, targets, tok, cues):
        return False
    if "source" in p.requires and not sources:
        return False
    if "target" in p.requires and not targets:
        return False
    if "pair" in p.requires and not targets and len(sources) < 2:
        return False
    if "political" in p.requires and not any(m.country or m.sector for m in sources + targets):
        return False  # a chat between private people is not a political consultation
    if "commitment" in p.requires and any(
        c.dep_ == "ccomp"
        and (c.left_edge.i == tok.i + 1 or any(m.lower_ == "that" for m in c.children))
        and not any(a.dep_ == "aux" and a.lower_ in _COMMITTING for a in c.children)
        for c in tok.children
    ):
        return False  # "agreed that it was no different" shares an opinion
    if "collective" in p.requires and any(m.label == "PERSON" for m in sources):
        return False  # "the minister's departure" is a resignation, not a pullout
    if "political_pair" in p.requires and not (
        any(_political(m) for m in sources) and any(_political(m) for m in targets)
    ):
        return False  # a reporter's trip to a village is no state visit
    return not (
        "clause" in p.requires and not any(c.dep_ in ("xcomp", "ccomp") for c in tok.children)
    )


def _kinds_ok(p: Pattern, sources, targets, tok, cues) -> bool:
    """The kinds of party a sense needs: persons or groups are arrested (not a city or
    a state), a city is captured, talks are held by other than troops on a battlefield,
    a refusal is of an act (not "to comment"), a defeat has someone who inflicts it."""
    req = p.requires
    if "arrestable" in req and targets and all(_is_place(m) for m in targets):
        return False
    if "place_target" in req and not all(_is_place(m) for m in targets):
        return False
    if "act" in req and any(
        c.dep_ in ("xcomp", "ccomp") and c.lemma_.lower() in cues.comment_verbs
        for c in tok.children
    ):
        return False
    if req & {"parley", "agent", "no_abstract"} and tok.pos_ in ("VERB", "AUX"):
        args = verb_args(tok, cues)
        if "parley" in req:
            heads = (
                args.subj
                + args.obj
                + [o for c in tok.children if c.lower_ == "with" for o in c.children]
            )
            if any(h.lemma_.lower() in cues.combatant_nouns for h in heads):
                return False  # "troops met government forces": a battlefield encounter
        if (
            "agent" in req
            and not sources
            and args.subj
            and not any(h.pos_ == "PRON" or h.lemma_.lower() in cues.agent_nouns for h in args.subj)
        ):
            return False
        if "no_abstract" in req and any(
            h.lemma_.lower() in cues.abstract_subjects for h in args.subj
        ):
            return False  # "a conflict that killed 5 million": no one acts
    return True


def _is_place(m: Mention) -> bool:
    """A city, region or country named as a place (not as a party)."""
    return m.label in _PLACE_LABELS or m.rule == "place"


def _political(m: Mention) -> bool:
    """A state, an organisation or a known public figure (not an unknown name)."""
    return bool(m.country or m.sector) or bool(
        m.actor_id and not m.actor_id.startswith(("new:", "text:"))
    )


def _clean(sources: list[Mention], targets: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    src_ids = []
    srcs = []
    for m in sources:
        if m.actor_id and m.actor_id not in src_ids:
            src_ids.append(m.actor_id)
            srcs.append(m)
    tgts = []
    seen = set()
    for m in targets:
        if not m.actor_id or m.actor_id in seen:
            continue
        if any(m.start == s.start for s in srcs):
            continue
        seen.add(m.actor_id)
        tgts.append(m)
    return srcs, tgts


def _root_country(m: Mention) -> str | None:
    return _state_code(m) or m.country


_ARG_DEPS = {"dobj", "pobj", "dative", "nsubjpass", "conj", "appos", "attr", "oprd"}


def _without_own_modifiers(tok, sources: list[Mention], targets: list[Mention]) -> list[Mention]:
    """Targets less those that only describe a thing of the source's own country ("Tillerson
    pledged a US military commitment", "Germany delivered German arms"): a mention that is
    the head of no argument and names the country of a source."""
    own = {_root_country(m) for m in sources} - {None}
    if not own:
        return targets
    table = token_table(tok.doc)
    heads = [table.idx[i] for i in table.subtree(tok.i) if table.dep[i] in _ARG_DEPS]
    # Only the state's own name and its organs (a "US military commitment") describe a
    # thing of its own; a group, person or non-state part of that country named on the
    # object is a party ("Afghan forces detained a Taliban commander", "banned Ugandan
    # opposition candidates").
    return [
        m
        for m in targets
        if _state_code(m) not in own
        or not _state_or_organ(m)
        or any(m.start <= i < m.end for i in heads)
    ]


def _state_or_organ(m: Mention) -> bool:
    """The mention names a state ("UGA") or one of its organs ("UGA.GOV"), not another
    part of it ("UGA.OPP")."""
    sector = (m.actor_id or "").partition(".")[2]
    return not sector or sector in STATE_SECTORS


def _state_code(m: Mention) -> str | None:
    """The ISO code when the mention's actor is a state or one of its sectors, else None."""
    head = (m.actor_id or "").split(".")[0]
    return head if len(head) == 3 and head.isupper() else None


def _match_verb(tok, index: ActorIndex, ps: PatternSet) -> Candidate | None:
    plist = ps.for_verb(ps.lemma(tok))
    if not plist:
        return None
    args = verb_args(tok, ps.cues)
    t = token_table(tok.doc)
    lemma, dep, kids = t.lemma, t.dep, t.children[tok.i]
    particles = {t.lower[c] for c in kids if dep[c] == "prt"}
    obj_lemmas: set[str] = set()
    for o in args.obj:
        obj_lemmas |= _lemmas_np_at(t, o.i)
    # the object itself names an actor ("banned the party", "a Taliban leader"), not a
    # thing of theirs ("suspended the Isis campaign" bans no one)
    obj_actor = any(_names_actor(o, index, ps.cues) for o in args.obj)
    if obj_actor:
        obj_lemmas.add("@actor")
    subj_lemmas: set[str] = set()
    for s in args.subj:
        subj_lemmas |= _lemmas_np_at(t, s.i)
    mods = {lemma[c] for c in kids if dep[c] in ("amod", "compound", "advmod", "npadvmod")}
    for o in args.obj:
        mods |= {lemma[c] for c in t.children[o.i] if dep[c] in ("amod", "compound", "nmod")}
    preps = _preps(tok, *args.obj)
    own_preps = _preps(tok)
    child_deps = {dep[c] for c in kids}
    for p in plist:
        if p.particle is not None:
            if particles and not (particles & p.particle):
                continue
            if not particles and "" not in p.particle:
                continue
        if p.not_particle and particles & p.not_particle:
            continue
        if p.object is not None and not (obj_lemmas & p.object):
            continue
        if p.not_object and obj_lemmas & p.not_object:
            continue
        if p.subject is not None and not (subj_lemmas & p.subject):
            continue
        if p.not_subject and subj_lemmas & p.not_subject:
            continue
        if p.modifier is not None and not (mods & p.modifier):
            continue
        if p.not_modifier and mods & p.not_modifier:
            continue
        if p.not_dep and child_deps & p.not_dep:
            continue
        if not _prep_ok(p, preps, own_preps):
            continue
        src = _collect(p.source or ("subj",), tok, args, preps, index, ps, False)
        tgt = _collect(p.target or ("obj", "dative"), tok, args, preps, index, ps, True)
        sources, targets = _clean(src.mentions, tgt.mentions)
        targets = _without_own_modifiers(tok, sources, targets)
        if not _requires_ok(p, sources, targets, tok, ps.cues):
            continue
        if not sources and not targets and p.type != INTENT and not _nominal_args(args, ps.cues):
            continue
        return Candidate(
            tok,
            p,
            sources,
            targets,
            weak=src.weak or tgt.weak,
            inherited=args.inherited,
            etype=p.type,
        )
    return None


def _names_actor(tok, index: ActorIndex, cues) -> bool:
    """Does the noun phrase headed by `tok` name an actor as its head (or a person
    noun's modifier, "a Taliban commander"), rather than as the owner of a thing?"""
    if index.mention_at(tok) is not None or tok.pos_ == "PRON":
        return bool(np_actors(tok, index, cues).mentions)
    if tok.lemma_.lower() in cues.person_nouns | cues.member_nouns | cues.combatant_nouns:
        return bool(np_actors(tok, index, cues).mentions)
    return any(index.mention_at(c) is not None for c in conjuncts(tok)[1:])


def _nominal_args(args, cues) -> bool:
    """Both a subject and an object that are noun phrases, the subject an agent that
    acts politically ("a coalition force detained two insurgents", not "fires killed
    two children"): an event whose actors the knowledge base does not know, kept with
    empty actor lists and a low confidence."""
    return (
        bool(args.subj and args.obj)
        and all(t.pos_ in ("NOUN", "PROPN") for t in args.subj + args.obj)
        and any(t.pos_ == "PROPN" or t.lemma_.lower() in cues.agent_nouns for t in args.subj)
    )


_TRAVEL_VERBS = {"arrive", "travel", "fly", "go", "come", "head", "return", "leave", "embark"}


def _governing_verb(tok):
    """The verb a noun event is the object of ("launched an attack"), if any."""
    t = tok
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    h = t.head
    if t.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and h.pos_ in ("VERB", "AUX"):
        return h
    if t.dep_ == "pobj" and h.dep_ == "prep" and h.head.pos_ == "VERB":
        # "engaged in talks", "called for talks", "pushed for a ceasefire"
        verb = h.head.lemma_.lower()
        if (
            h.lower_ == "for"
            or (h.lower_ in ("in", "into") and verb in ("engage", "participate", "take", "join"))
            or (h.lower_ == "on" and verb in _TRAVEL_VERBS)  # "arrived on a visit"
        ):
            return h.head
    return None


def _match_noun(tok, index: ActorIndex, ps: PatternSet) -> Candidate | None:
    plist = ps.for_noun(tok.lemma_.lower())
    if not plist:
        return None
    gov = _governing_verb(tok)
    # the governing verb's subject takes part when the verb is light ("held talks") or
    # states an intent or a refusal about the event ("called for talks", "cancelled talks")
    participant = (
        ps.cues.light_verbs | ps.cues.intent_verbs | ps.cues.negating_verbs | _TRAVEL_VERBS
    )
    gov_lemma = ps.lemma(gov) if gov is not None else ""
    light = gov if gov is not None and gov_lemma in participant else None
    mods = {
        c.lemma_.lower() for c in tok.children if c.dep_ in ("amod", "compound", "nmod", "npadvmod")
    }
    mods |= {c.lower_ for c in tok.children if c.dep_ in ("amod", "compound", "nmod")}
    preps = _preps(tok)
    light_preps = _preps(light) if light is not None else {}
    all_preps = {**light_preps, **preps}
    largs = verb_args(light, ps.cues) if light is not None else None
    for p in plist:
        if p.light is not None and (gov is None or gov_lemma not in p.light):
            continue
        lv = gov if p.light is not None else light
        if p.modifier is not None and not (mods & p.modifier):
            continue
        if p.not_modifier and mods & p.not_modifier:
            continue
        if not _prep_ok(p, preps):
            continue
        if p.subject is not None:
            subj = largs.subj if largs else []
            if not any(_lemmas_np(s) & p.subject for s in subj):
                continue
        if lv is not None and (light is None or lv.i != light.i):
            largs = verb_args(lv, ps.cues)
        src = _collect(p.source or ("prep:by", "poss", "mod"), tok, None, preps, index, ps, False)
        # "France has suffered attacks": the subject of an undergoing verb is the target
        undergone = lv is not None and ps.lemma(lv) in ps.cues.undergoing_verbs
        if not src.mentions and lv is not None and largs is not None and not undergone:
            src = _collect(("subj",), lv, largs, {}, index, ps, False)
        tgt = _collect(
            p.target or ("prep:on", "prep:against"), tok, None, all_preps, index, ps, True
        )
        if undergone and largs is not None:
            if not tgt.mentions:
                tgt = _collect(("subj",), lv, largs, {}, index, ps, True)
            if not src.mentions:  # "faced attacks from Hamas", "received aid from X"
                src = _collect(("prep:from",), tok, None, all_preps, index, ps, False)
        if not tgt.mentions:
            # "anti-Taliban offensive": the prefix names the target
            anti = [c for c in tok.children if c.lower_.startswith("anti")]
            for a in anti:
                for sub in a.subtree:
                    m = index.mention_at(sub)
                    if m is not None:
                        tgt.mentions.append(m)
        sources, targets = _clean(src.mentions, tgt.mentions)
        if not sources and any(r in ("prep:between", "prep:among") for r in p.target):
            sources, targets = targets, []
        if not _requires_ok(p, sources, targets, tok, ps.cues):
            continue
        if not sources and not targets:
            continue
        return Candidate(
            tok,
            p,
            sources,
            targets,
            light=lv,
            weak=src.weak or tgt.weak,
            inherited=lv is not None,
            etype=p.type,
        )
    return None


# --------------------------------------------------------------------------- intent, merge
def _in_complement(inner, outer) -> bool:
    t = inner
    for _ in range(6):
        if t.head.i == t.i:
            return False
        if t.head.i == outer.i:
            return t.dep_ in ("xcomp", "ccomp", "dobj", "advcl", "prep")
        t = t.head
    return False


def _sense_fits(p: Pattern, verb) -> bool:
    """Could pattern `p` be the sense of `verb`, by its particle and object alone ("set
    up a committee" is not "set fire")? Actors are not asked for."""
    particles = {c.lower_ for c in verb.children if c.dep_ == "prt"}
    if p.particle is not None and not (
        particles & p.particle or (not particles and "" in p.particle)
    ):
        return False
    if p.not_particle and particles & p.not_particle:
        return False
    objs = [c for c in verb.children if c.dep_ == "dobj"]
    lemmas = set().union(*(_lemmas_np(o) for o in objs)) if objs else set()
    if p.object is not None and not (lemmas & p.object or (objs and "@actor" in p.object)):
        return False
    return not (p.not_object and lemmas & p.not_object)


def _negated_verb(verb) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in ("not", "never", "n't", "n’t") for c in verb.children)


def _promise_type(cooperative: bool, negated: bool) -> str:
    """PLOVER's type of a promise: to cooperate AGREE, to harm THREATEN; a promise not
    to cooperate ("vowed not to allow X") is a refusal, not to harm an assurance."""
    if negated:
        return "REJECT" if cooperative else "AGREE"
    return "AGREE" if cooperative else "THREATEN"


def _has_promisee(trigger) -> bool:
    """Is the promise made to someone ("promised Turkey it would not ...", "assured
    Israel that ...")? A promise to someone not to do a thing reassures them."""
    has_clause = any(c.dep_ in ("xcomp", "ccomp") for c in trigger.children)
    return any(
        c.dep_ == "dative" or (c.dep_ == "dobj" and has_clause and c.pos_ in ("PROPN", "NOUN"))
        for c in trigger.children
    )


def _promise_to(trigger, etype: str) -> str:
    """REJECT becomes AGREE when the promise is made to someone (see `_has_promisee`)."""
    return "AGREE" if etype == "REJECT" and _has_promisee(trigger) else etype


def _intent_from_verb(trigger, ps: PatternSet) -> str | None:
    """AGREE, THREATEN or REJECT after the promised verb alone, when it coded no event
    of its own ("vowed to fight on": every sense of "fight" that fits is a conflict)."""
    for comp in trigger.children:
        if comp.dep_ not in ("xcomp", "ccomp") or comp.pos_ != "VERB":
            continue
        quads = {
            ps.ontology.quad_class(p.type)
            for p in ps.for_verb(ps.lemma(comp))
            if _sense_fits(p, comp)
        }
        quads.discard(None)
        if quads and quads <= _COOPERATION:
            return _promise_type(True, _negated_verb(comp))
        if quads and not quads & _COOPERATION:
            return _promise_type(False, _negated_verb(comp))
        if _negated_verb(comp):
            return "REJECT"  # "vowed not to return the land": a refusal
    return None


def _resolve_intent(cands: list[Candidate], ps: PatternSet) -> None:
    for c in cands:
        if c.etype != INTENT:
            continue
        inner = next(
            (
                o
                for o in cands
                if o is not c and o.etype != INTENT and _in_complement(o.trigger, c.trigger)
            ),
            None,
        )
        if inner is None:
            c.etype = _promise_to(
                c.trigger, _intent_from_verb(c.trigger, ps) or c.pattern.default or "AGREE"
            )
            continue
        quad = ps.ontology.quad_class(inner.etype)
        c.etype = _promise_to(
            c.trigger, _promise_type(quad in _COOPERATION, _negated_verb(inner.trigger))
        )
        if not c.targets:
            c.targets = [
                m for m in inner.targets if all(m.actor_id != s.actor_id for s in c.sources)
            ]
        if not c.sources:
            c.sources = inner.sources


_VERBAL = {"AGREE", "REJECT", "REQUEST", "THREATEN", "SUPPORT", "ACCUSE"}


def _fill_from_complement(cands: list[Candidate], index: ActorIndex, ps: PatternSet) -> None:
    """A verbal event about another act takes its target from that act: "agreed to supply
    Syria" (AGREE -> Syria), "demanded that Iran withdraw" (REQUEST -> Iran)."""
    for c in cands:
        if c.etype not in _VERBAL or c.targets:
            continue
        if any(
            o.dep_ == "dobj" and o.lemma_.lower() in ps.cues.content_nouns
            for o in c.trigger.children
        ):
            continue  # "rejected the idea that ...": the content is not a party
        own = {m.actor_id for m in c.sources}
        inner = next(
            (o for o in cands if o is not c and _direct_complement(o.trigger, c.trigger)), None
        )
        if inner is not None:
            pool = inner.sources + inner.targets if c.etype == "REQUEST" else inner.targets
        else:
            pool = []
            for comp in c.trigger.children:
                if comp.dep_ not in ("xcomp", "ccomp"):
                    continue
                for t in comp.children:
                    if t.dep_ in (
                        ("nsubj", "nsubjpass") if c.etype == "REQUEST" else ("dobj", "dative")
                    ):
                        pool += np_actors(t, index, ps.cues, places=True).mentions
        c.targets = [m for m in pool if m.actor_id and m.actor_id not in own][:3]


def _direct_complement(inner, outer) -> bool:
    """`inner` is the act `outer` is about: its complement clause or object ("agreed to
    supply X", "demanded that X withdraw"), not an act in a clause beside it ("hit back
    at X, saying that Y did not ask Z")."""
    t = inner
    for _ in range(4):
        if t.head.i == t.i:
            return False
        if t.head.i == outer.i:
            return t.dep_ in ("xcomp", "ccomp", "dobj")
        if t.dep_ not in ("xcomp", "ccomp", "conj"):
            return False
        t = t.head
    return False


def _governs(outer, inner) -> bool:
    """`inner` sits in an argument noun phrase of `outer` with no clause between."""
    t = inner
    for _ in range(5):
        if t.head.i == t.i:
            return False
        if t.head.i == outer.i:
            return t.dep_ in (
                "dobj",
                "nsubjpass",
                "nsubj",
                "prep",
                "compound",
                "attr",
                "pobj",
                "conj",
                "appos",
                "amod",
                "dative",
                "npadvmod",
            )
        if t.head.pos_ in ("VERB", "AUX"):
            return False
        t = t.head
    return False


def _same_act(host: Candidate, inner: Candidate) -> bool:
    """An inner event restates its host unless it is a clause of its own ("detained two
    men during an operation targeting X") or names other targets ("detained two men
    during a search for X"): then it is an event of its own."""
    if inner.trigger.pos_ in ("VERB", "AUX"):
        return False
    own = {m.actor_id for m in host.targets}
    return not (own and any(m.actor_id not in own for m in inner.targets))


def _merge(cands: list[Candidate]) -> list[Candidate]:
    out: list[Candidate] = []
    for c in cands:
        host = next(
            (
                o
                for o in cands
                if o is not c
                and not o.merged
                and o.etype == c.etype
                and _governs(o.trigger, c.trigger)
                and _same_act(o, c)
            ),
            None,
        )
        if host is None:
            continue
        host.sources = host.sources or c.sources
        extra = [m for m in c.targets if all(m.actor_id != s.actor_id for s in host.sources)]
        host.targets = host.targets or extra
        if c.pattern.mode and not host.pattern.mode:
            host.pattern = replace(host.pattern, mode=c.pattern.mode)
        c.merged = True
    for c in cands:
        if not c.merged:
            out.append(c)
    return out


# --------------------------------------------------------------------------- dates, places
def _date_anchor(tok, stop: set[int]):
    """The verb or event noun a date expression modifies."""
    a = tok
    if tok.dep_ in ("compound", "nummod", "amod", "poss", "nmod") and tok.head.pos_ in (
        "NOUN",
        "PROPN",
    ):
        return tok.head  # "the 1997 treaty": dates the treaty, not the event around it
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.pos_ in ("NOUN", "PROPN"):
        return tok.head.head  # "an announcement in December": dates the announcement
    for _ in range(8):
        if a.i in stop:
            return a
        if a.head.i == a.i:
            return a
        a = a.head
        if a.pos_ in ("VERB", "AUX") or a.i in stop:
            return a
    return a


def _same_clause_complex(anchor, trig) -> bool:
    """`anchor` hangs under `trig` through adverbial or participle clauses only."""
    t = anchor
    while t.i != trig.i:
        # a complement ("promised to visit next week"), a relative clause or a
        # coordinated verb ("threatened ..., and in 2018 invaded") has its own date
        if t.dep_ in ("ccomp", "relcl", "csubj", "xcomp", "conj"):
            return False
        t = t.head
    return True


def _governed_closely(anchor, trig) -> bool:
    """`trig` hangs under `anchor` without a subordinate clause between ("had
    threatened ..., until last week" dates the main clause, not the threat)."""
    t = trig
    while t.i != anchor.i:
        if t.dep_ in ("advcl", "ccomp", "relcl", "acl", "csubj"):
            return False
        if t.dep_ == "conj" and not _shares_time(t, t.head):
            return False
        t = t.head
    return True


_PAST_TAGS = frozenset({"VBD", "VBN"})
_PRESENT_TAGS = frozenset({"VBZ", "VBP"})


def _shares_time(conj, head) -> bool:
    """Does a coordinated verb share the time of the verb it is coordinated with? Not
    when it has a subject or auxiliary of its own, or another tense ("hosted a
    delegation in March, but still designates the group": the state is not dated)."""
    if any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in conj.children):
        return False
    tags = {conj.tag_, head.tag_}
    return not (tags & _PAST_TAGS and tags & _PRESENT_TAGS)


def choose_date(
    cand: Candidate,
    refs: list[DateRef],
    sdoc,
    reporting: frozenset[str],
    others: frozenset[int] = frozenset(),
) -> DateRef | None:
    """The date expression the sentence attaches to this event, if any."""
    trig = cand.trigger
    stop = {trig.i} | ({cand.light.i} if cand.light is not None else set())
    best: tuple[int, int, DateRef] | None = None
    for ref in refs:
        span = sdoc.char_span(ref.start, ref.end, alignment_mode="expand")
        if span is None:
            continue
        if trig.i in range(span.start, span.end):
            continue
        anchor = _date_anchor(span.root, stop)
        if anchor.i in stop:
            rank = 0
        elif (
            anchor.i not in others
            and anchor.pos_ in ("VERB", "AUX")
            and trig.is_ancestor(anchor)
            and _same_clause_complex(anchor, trig)
        ):
            rank = 2  # "killed two insurgents while searching ... yesterday"
        # a date of the governing clause dates a verb event under it, or a noun event
        # that is its subject ("the offensive began in March"); a noun event that is
        # the object of another act ("praised X's recognition of Y last year") is not
        # dated by that act
        elif (
            anchor.lemma_.lower() not in reporting
            and (trig.pos_ in ("VERB", "AUX") or trig.dep_ in ("nsubj", "nsubjpass"))
            and anchor.pos_ in ("VERB", "AUX")
            and trig.is_ancestor(anchor) is False
            and anchor.is_ancestor(trig)
            and _governed_closely(anchor, trig)
        ):
            rank = 1
        else:
            continue
        dist = abs(span.start - trig.i)
        if best is None or (rank, dist) < best[:2]:
            best = (rank, dist, ref)
    return best[2] if best else None


def choose_location(cand: Candidate, sent, index: ActorIndex, kb) -> tuple[str | None, str | None]:
    """(place as written, its country) for a place attached to the trigger."""
    trig = cand.trigger
    stop = {trig.i} | ({cand.light.i} if cand.light is not None else set())
    used = {m.start for m in cand.sources + cand.targets}
    best = None
    seen = set()
    for i in range(sent.start, sent.end):  # by index: no Token per word
        m = index.places.get(i) or (
            index.by_token.get(i)
            if index.by_token.get(i) and index.by_token[i].label in ("GPE", "LOC", "FAC")
            else None
        )
        if m is None or id(m) in seen or m.start in used:
            continue
        seen.add(id(m))
        span = sent.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        t, depth, via_prep = span.root, 0, False
        while t.i not in stop and t.head.i != t.i and depth < 8:
            if t.dep_ == "pobj" and t.head.lower_ in _LOC_PREPS:
                via_prep = True
            if t.dep_ in ("compound",) and t.head.i in stop:
                via_prep = True
            t = t.head
            depth += 1
            if t.pos_ in ("VERB", "AUX") and t.i not in stop:
                break
        if t.i in stop and via_prep and (best is None or depth < best[0]):
            best = (depth, m)
    if best is None:
        return None, None
    m = best[1]
    return m.text, _country(m, kb)


def _country(m: Mention, kb) -> str | None:
    if m.country:
        return m.country
    if m.actor_id and kb is not None and hasattr(kb, "actor"):
        actor = kb.actor(m.actor_id)
        if actor is not None:
            return actor.country
    return None


def is_historical(event_date: str | None, date_end: str | None, published: str | None) -> bool:
    """True when the event ended more than HISTORICAL_DAYS before publication."""
    pub = parse_iso(published)
    if not event_date or pub is None:
        return False
    last = period_end(date_end or event_date)
    return last is not None and last < pub[0] - timedelta(days=HISTORICAL_DAYS)


# --------------------------------------------------------------------------- events
# Confidence: the pattern's base (how safe its sense is), less for each way the event
# was found that reading samples showed going wrong (docs/events-precision-sample.md):
# actors through pronouns or affiliations (-0.15), a
# target from the fallback (-0.1), a subject inherited from another clause (-0.05), a
# party the knowledge base does not know ("new:" actors, -0.1); a carried date takes
# another 0.1 (`_carry_date`). A missing source costs 0.15 and a missing target 0.1;
# an event with no actor at all is capped at 0.3, below the default floor of the
# queries (`query.DEFAULT_MIN_CONFIDENCE`). Sixth round, from the 120 judged events of
# two samples (seeds 33, 34): noun triggers were all right (their -0.05 is gone),
# events with no target or an unknown party were wrong more often (0.62 and 0.59
# against 0.76 over all); see docs/benchmarks/events.md for the calibration.
ACTORLESS_CAP = 0.3
# PLOVER codes an attempted act of these types as the act ("tried to assassinate X")
_ATTEMPTED_COUNT = frozenset({"ASSAULT", "COERCE"})


def event_confidence(
    cand: Candidate, has_source: bool, has_target: bool, unlinked: bool = False
) -> float:
    """The confidence of an event found as `cand` (see above), in [0.05, 0.95];
    `unlinked`: a party is an actor the knowledge base does not know."""
    conf = cand.pattern.confidence
    if not has_source:
        conf -= 0.15
    if not has_target:
        conf -= 0.1
    if unlinked:
        conf -= 0.1
    if cand.weak:
        conf -= 0.15
    if cand.inherited:
        conf -= 0.05
    if cand.fallback_target:
        conf -= 0.1
    if not has_source and not has_target:
        conf = min(conf, ACTORLESS_CAP)
    return conf


def build_event(
    cand: Candidate,
    document: Document,
    sent,
    refs,
    index,
    ps: PatternSet,
    kb,
    others: frozenset[int] = frozenset(),
) -> Event:
    trig = cand.trigger
    modes = auxiliary_modes(trig, ps.cues)
    if cand.etype in _ATTEMPTED_COUNT and attempted(modes):
        modes.hypothetical = False  # an attempted attack or arrest is coded as one
    ref = choose_date(cand, refs, trig.doc, ps.cues.reporting_verbs, others)
    sources = tuple(m.actor_id for m in cand.sources)
    targets = tuple(m.actor_id for m in cand.targets)
    location, country = choose_location(cand, sent, index, kb)
    etype = cand.etype
    mode = cand.pattern.mode if cand.pattern.type == etype else None
    unlinked = any(a.startswith(NEW_ACTOR_PREFIX) for a in sources + targets)
    conf = event_confidence(cand, bool(sources), bool(targets), unlinked)
    conf = round(min(0.95, max(0.05, conf)), 3)
    date = ref.date if ref else None
    return Event(
        id=event_id(document.id, trig.idx, trig.idx + len(trig.text), etype),
        doc_id=document.id,
        type=etype,
        mode=mode,
        quad_class=ps.ontology.quad_class(etype),
        sources=sources,
        targets=targets,
        sentence_start=sent.start_char,
        sentence_end=sent.end_char,
        trigger_start=trig.idx,
        trigger_end=trig.idx + len(trig.text),
        date=date,
        date_end=ref.date_end if ref and date else None,
        date_precision=ref.precision if ref and date else None,
        date_text=ref.text if ref else None,
        location=location,
        location_country=country,
        negated=modes.negated,
        hypothetical=modes.hypothetical,
        reported=modes.reported,
        historical=is_historical(date, ref.date_end if ref else None, document.published),
        confidence=conf,
        pattern=cand.pattern.name + (f" [{', '.join(modes.cues)}]" if modes.cues else ""),
        score=ps.ontology.score(etype, mode),
    )


def _colon_part(tok, char: int) -> int:
    """How many colons of the sentence stand before `char`: the parts of "X called Y
    with news: Z had been killed" are separate statements."""
    table = token_table(tok.doc)
    start, end = table.sentence(tok.i)
    return sum(1 for i in range(start, end) if table.lower[i] == ":" and table.idx[i] < char)


def _within_segment(cand: Candidate, segs: Segments) -> bool:
    """Keep only the actors on the trigger's own line and on its side of a colon; False
    when the pattern's required actors are then gone (a parse glued across a break)."""
    at = cand.trigger.idx
    part = _colon_part(cand.trigger, at)

    def near(m: Mention) -> bool:
        return segs.same(m.start, at) and _colon_part(cand.trigger, m.start) == part

    sources = [m for m in cand.sources if near(m)]
    targets = [m for m in cand.targets if near(m)]
    if len(sources) == len(cand.sources) and len(targets) == len(cand.targets):
        return True
    if not _requires_ok(cand.pattern, sources, targets, cand.trigger):
        return False
    if not sources and not targets and (cand.sources or cand.targets):
        return False
    cand.sources, cand.targets = sources, targets
    return True


@dataclass
class _Narrative:
    """The last day the text said something happened on, and where."""

    date: str
    text: str
    paragraph: int
    sentence: int = 0  # index of the sentence that stated it


# a stated day carries at most this many sentences on in a long text (texts without
# paragraph breaks would otherwise carry it across the whole article)
CARRY_SENTENCES = 2
_TIME_WORDS = re.compile(
    r"\b(?:earlier|previously|recently|formerly|once|ago|week|month|year|decade|past|"
    r"since|years|months|weeks|until|later|then|before|after)\b",
    re.I,
)
_RANGE_WORDS = ("since", "until", "till", "before", "after", "by", "from", "through")


def _set_off(clause) -> bool:
    """Is the clause set off by a comma before it?"""
    edge = clause.left_edge.i
    return edge > 0 and clause.doc[edge - 1].text == ","


def _narrated(tok) -> bool:
    """The event is told in the simple past of a narration ("detained", "was killed",
    "during an operation that killed"), not as background ("had seized", "has been
    supporting") or a present state ("continues to hail")."""
    t = tok
    for _ in range(5):
        if t.pos_ in ("VERB", "AUX"):
            aux = [c for c in t.children if c.dep_ in ("aux", "auxpass")]
            if any(c.lemma_ == "have" for c in aux):
                return False
            if t.tag_ == "VBD" or any(c.tag_ == "VBD" for c in aux):
                return True
            if t.tag_ not in ("VBG", "VBN") or t.dep_ not in ("advcl", "acl", "conj", "xcomp"):
                return False
            if t.dep_ == "acl" and t.head.dep_ in ("nsubj", "nsubjpass") and _set_off(t):
                # "Russia, pulling out its troops, blamed X on Monday": a participle set
                # off to describe the subject is background, not the day's act ("forces
                # conducting an operation killed X yesterday" is the day's act)
                return False
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def _stated_day(refs: list[DateRef], sdoc, segs: Segments, reporting: frozenset[str]):
    """The day-precise dates of a sentence that date a clause (not a noun such as "the
    June 28 attack", not a reporting verb as in "officials said Tuesday"), in order."""
    out = []
    for ref in refs:
        if ref.precision != "day" or not ref.date or segs.is_heading(ref.start):
            continue
        if ref.date_end or ref.text.lower().startswith(_RANGE_WORDS):
            continue  # "since 9/11" is a span, not the day of the story
        span = sdoc.char_span(ref.start, ref.end, alignment_mode="expand")
        if span is None:
            continue
        anchor = _date_anchor(span.root, set())
        if anchor.pos_ in ("VERB", "AUX") and anchor.lemma_.lower() not in reporting:
            out.append(ref)
    return out


def _carry_date(
    event: Event,
    narrative: _Narrative | None,
    where: tuple[int, int],
    short: bool,
    trigger,
) -> Event:
    """An event whose sentence states no date happened, by news convention, on the day
    of the operation the text is telling: the day its own sentence states for another
    clause, else the last stated day of the same paragraph (of the whole text when it
    is short, a press release). Marked in `date_text` and by a lower confidence."""
    if event.date or event.negated or event.hypothetical or narrative is None:
        return event
    paragraph, sentence = where
    if not short and (
        narrative.paragraph != paragraph or sentence - narrative.sentence > CARRY_SENTENCES
    ):
        return event
    if not _narrated(trigger):
        return event

    return replace(
        event,
        date=narrative.date,
        date_end=None,
        date_precision="day",
        date_text=f"{CARRIED_PREFIX}{narrative.text}",
        confidence=round(max(0.05, event.confidence - CARRIED_PENALTY), 3),
    )


def extract_document_events(
    sdoc, document: Document, mentions: list[Mention], kb, ps: PatternSet
) -> list[Event]:
    """Events of every sentence of `sdoc`, in text order."""
    text = token_table(sdoc, document.body).text  # shared by the steps below
    mentions = mentions + member_group_mentions(
        sdoc, document.id, mentions, kb, ps.cues.member_nouns
    )
    short = len(text) <= SHORT_TEXT_CHARS
    # a short text (a wire brief, a press release) tells one story: the one country
    # its sentence names is the country of a bare "insurgents" or "police" there
    index = ActorIndex.build(sdoc, mentions, kb, keep_guessed=short)
    resolver = DateResolver(document.published, document.published_precision)
    segs = build_segments(text, document.blocks)
    events: list[Event] = []
    seen: set[str] = set()
    head = dateline_span(text)
    narrative: _Narrative | None = None
    for n_sent, sent in enumerate(sdoc.sents):
        sent_text = text[sent.start_char : sent.end_char]
        refs = resolver.scan(sent_text, sent.start_char)
        if head is not None:
            refs = [r for r in refs if r.start >= head[1]]
        cands = [
            c
            for c in extract_sentence_events(sent, index, ps)
            if not segs.is_heading(c.trigger.idx) and _within_segment(c, segs)
        ]
        triggers = frozenset(c.trigger.i for c in cands)
        stated = _stated_day(refs, sdoc, segs, ps.cues.reporting_verbs)
        for cand in cands:
            at = cand.trigger.idx
            own = [r for r in refs if segs.same(r.start, at)]
            event = build_event(
                cand, document, sent, own, index, ps, kb, triggers - {cand.trigger.i}
            )
            paragraph = segs.paragraph(at)
            # "earlier in the week", "for years": the sentence keeps its own time
            narrative_here = None if _TIME_WORDS.search(sent_text) else narrative
            here = [r for r in stated if segs.same(r.start, at)]
            local = _Narrative(here[0].date, here[0].text, paragraph, n_sent) if here else None
            event = _carry_date(
                event,
                local or narrative_here,
                (paragraph, n_sent),
                short,
                cand.trigger,
            )
            if event.id not in seen:
                seen.add(event.id)
                events.append(event)
        if stated:
            last = stated[-1]
            narrative = _Narrative(last.date, last.text, segs.paragraph(last.start), n_sent)
    return events
