"""Who did it and to whom: the actors in a trigger's arguments.

`ActorIndex` maps tokens to the actor mentions the actors stage found. The helpers here
read the logical subject and object of a verb (active, passive, relative clauses,
participles, control and coordination) and the actors inside a noun phrase (its head,
compounds and adjectives such as "Russian", possessives, appositions, "leader of X",
affiliations such as "fighters linked to X", and every conjunct of a coordination).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsgraph.annotate.tokens import token_table
from newsgraph.events.patterns import Cues
from newsgraph.model import Mention

_MODIFIER_DEPS = ("compound", "amod", "nmod", "poss", "npadvmod")
_REL_PRONOUNS = {"who", "which", "that", "whom", "whose"}
_ANTI = ("anti-", "anti")
_LEADING = {"led", "commanded", "dominated", "controlled", "run"}
# a sector noun ("authorities", "people") whose country the actors stage took from the
# sentence's only country, not from its own phrase, scores below this: "Kurdish
# authorities called on the UK" are no British government, "the Turks killed 12 women"
# killed no Turkish civilians; in a long text such a guess is no event argument
STATED_SECTOR_SCORE = 0.9


@dataclass
class ActorIndex:
    """Actor and place mentions of one document, by token."""

    by_token: dict[int, Mention] = field(default_factory=dict)
    places: dict[int, Mention] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)  # actor id -> kind
    ordered: list[tuple[int, Mention, int]] = field(
        default_factory=list
    )  # (token i, mention, root i)

    @classmethod
    def build(cls, sdoc, mentions: list[Mention], kb, keep_guessed: bool = False) -> ActorIndex:
        """The index of `mentions`; sector nouns with a guessed country only when
        `keep_guessed` (a short one-story text, where the one country named is the
        story's)."""
        index = cls()
        for m in mentions:
            if guessed_sector(m) and not keep_guessed:
                continue
            span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            is_place = m.rule == "place" or m.actor_id is None
            target = index.places if is_place else index.by_token
            for i in range(span.start, span.end):
                target.setdefault(i, m)
            if not is_place:
                index.ordered.append((span.start, m, span.root.i))
                actor = kb.actor(m.actor_id) if kb is not None and hasattr(kb, "actor") else None
                kind = getattr(actor, "kind", None) or (
                    "person" if m.label == "PERSON" else "group"
                )
                index.kinds[m.actor_id] = kind
        index.ordered.sort(key=lambda x: x[0])
        return index

    def mention_at(self, tok, places: bool = False) -> Mention | None:
        m = self.by_token.get(tok.i)
        if m is None and places:
            m = self.places.get(tok.i)
        return m


def guessed_sector(m: Mention) -> bool:
    """A sector noun whose country the actors stage took from its sentence's only
    country, not from its own phrase."""
    return m.rule == "sector-noun" and m.score < STATED_SECTOR_SCORE


@dataclass
class Found:
    """Actors found for one role, with how they were found (for confidence)."""

    mentions: list[Mention] = field(default_factory=list)
    weak: bool = False  # via a pronoun or an affiliation


def conjuncts(tok) -> list:
    """`tok` and the tokens coordinated with it, in text order.

    A conjunct with neither a comma nor a conjunction before it is a misparse, not a
    coordination: in "a meeting with X, adviser to Y's leader Z" the parser may make Z
    a conjunct of X, though Z only names whom X advises. Nor is a noun conjunct
    followed at once by a finite verb that has no subject ("backs the government and
    Turkey supports the rebels": Turkey is the subject of "supports")."""
    out = [tok]
    for c in sorted(tok.conjuncts, key=lambda t: t.i):
        edge = c.left_edge
        before = edge.nbor(-1) if edge.i > 0 else None
        if c.pos_ in ("NOUN", "PROPN") and _subject_of_next_verb(c):
            continue
        if (
            c.i < tok.i
            or before is None
            or before.dep_ in ("cc", "punct")
            or before.pos_
            in (
                "CCONJ",
                "PUNCT",
            )
        ):
            out.append(c)
    return sorted(out, key=lambda t: t.i)


# prepositions that never introduce a clause ("that", "if", "because" do)
_PREPOSITIONS = frozenset({"for", "of", "with", "from", "on", "about", "to", "against", "by"})


def _subject_of_next_verb(c) -> bool:
    """Is noun `c` directly followed by a finite verb with no subject of its own?"""
    end = c.right_edge.i + 1
    if end >= len(c.doc):
        return False
    nxt = c.doc[end]
    return (
        nxt.pos_ == "VERB"
        and nxt.tag_ in ("VBZ", "VBD", "VBP")
        and not any(k.dep_ in ("nsubj", "nsubjpass") for k in nxt.children)
    )


def np_actors(tok, index: ActorIndex, cues: Cues, places: bool = False, depth: int = 0) -> Found:
    """Actors named by the noun phrase headed by `tok` and its conjuncts."""
    found = Found()
    for head in conjuncts(tok):
        part = _np_one(head, index, cues, places, depth)
        found.weak = found.weak or part.weak
        for m in part.mentions:
            if all(
                m.actor_id != x.actor_id or (m.actor_id is None and m.start != x.start)
                for x in found.mentions
            ):
                found.mentions.append(m)
    return found


def _np_one(tok, index: ActorIndex, cues: Cues, places: bool, depth: int) -> Found:
    m = index.mention_at(tok, places)
    if m is not None:
        # "the Taliban commander Fayez Jan": the person and the group he acts for
        groups = [
            g
            for g in _modifier_mentions(tok, index)
            if g.actor_id and g.actor_id != m.actor_id and index.kinds.get(g.actor_id) == "group"
        ]
        # "Hungarian and Romanian officials": one mention took the head, the other
        # coordinated modifier names a second actor
        paired = [
            x
            for child in tok.children
            if child.dep_ in ("amod", "compound", "nmod")
            if child.conjuncts
            for c in (child, *child.conjuncts)
            if (x := index.mention_at(c)) is not None and x.actor_id and x.actor_id != m.actor_id
        ]
        return Found([m, *groups[:1], *paired])
    if tok.pos_ == "PRON" or tok.lower_ in _REL_PRONOUNS:
        return _pronoun(tok, index, cues)
    out: list[Mention] = []
    # "Assad supporters": the person they follow is not one of them
    followers = tok.lemma_.lower() in cues.follower_nouns
    for child in tok.children:
        if (
            child.dep_ in _MODIFIER_DEPS
            and not child.lower_.startswith(_ANTI)
            and not _hyphen_link(child, index)
        ):
            for c in conjuncts(child):
                out.extend(
                    m
                    for m in _np_one(c, index, cues, places, depth).mentions
                    if not (followers and index.kinds.get(m.actor_id) == "person")
                )
    if out:
        return Found(out)
    for child in tok.children:
        if child.dep_ == "appos":
            out.extend(_np_one(child, index, cues, places, depth).mentions)
    if out or depth >= 2:
        return Found(out)
    # "a defence of Kobane", "the protection of civilians": the object of these nouns
    # is who is protected, not who the phrase names
    shielded = tok.lemma_.lower() in cues.protection_nouns
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "from", "by"):
            if shielded and child.lower_ == "of":
                continue
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    out.extend(np_actors(pobj, index, cues, places, depth + 1).mentions)
    if out:
        return Found(out)
    # "insurgents linked to the Taliban", "a man with ties to the Haqqani network"
    for child in tok.children:
        # the clause itself states the tie ("linked to"), or the preposition's object
        # does ("with ties to"); not any clause with a member noun in it ("an
        # operation targeting a Taliban leader" is no Taliban operation)
        if (
            child.dep_ in ("acl", "relcl", "amod")
            and child.lemma_.lower() in cues.affiliation_words
        ) or (
            child.dep_ == "prep"
            and any(
                g.dep_ == "pobj" and g.lemma_.lower() in cues.affiliation_words
                for g in child.children
            )
        ):
            for sub in child.subtree:
                m = index.mention_at(sub)
                if m is not None:
                    return Found([m], weak=True)
    return Found()


def _hyphen_link(child, index: ActorIndex) -> bool:
    """A hyphenated modifier that names no party of the noun: "US-supplied weapons" (the
    supplier), "the Turkey-Greece route", "the US-Russia agreement" (a pair of places
    or parties the noun is between)."""
    if not any(c.tag_ == "HYPH" for c in child.children):
        return False
    m = index.mention_at(child)
    if m is None:
        # "Vietnamese-led forces" are led by Vietnam, a party; "US-supplied" is not
        return child.lower_ not in _LEADING
    return any(
        (o := index.mention_at(c)) is not None and o.actor_id != m.actor_id
        for c in child.children
        if c.dep_ in ("compound", "npadvmod", "amod", "nmod")
    )


def _modifier_mentions(tok, index: ActorIndex) -> list[Mention]:
    """Mentions among the compound and adjective modifiers left of `tok`."""
    out = []
    for child in tok.lefts:
        if child.dep_ in ("compound", "amod", "nmod"):
            for sub in child.subtree:
                m = index.mention_at(sub)
                if m is not None and m not in out:
                    out.append(m)
    return out


def _pronoun(tok, index: ActorIndex, cues: Cues) -> Found:
    """The nearest earlier subject actor of the right kind, within the last two sentences.

    A weak rule (no coreference model): used for he/she/it/they as subject or object."""
    low = tok.lower_
    if low in _REL_PRONOUNS:
        return Found()
    want_person = low in cues.person_pronouns
    if not want_person and low not in cues.group_pronouns:
        return Found()
    table = token_table(tok.doc)
    n_sent = table.sent[tok.i]
    floor = table.sents[max(n_sent - 1, 0)][0]  # the previous sentence's first token
    best = None
    for start, m, root in index.ordered:
        if start >= tok.i:
            break
        if start < floor:
            continue
        is_person = index.kinds.get(m.actor_id) == "person"
        if is_person != want_person:
            continue
        rt = tok.doc[root]
        while (
            rt.dep_ in ("compound", "amod", "poss", "appos", "conj", "nmod") and rt.head.i != rt.i
        ):
            rt = rt.head
        if rt.dep_.startswith("nsubj"):
            best = m
    if best is None or _rivals(tok, best, index, want_person, floor):
        return Found()
    return Found([best], weak=True)


def _rivals(tok, best: Mention, index: ActorIndex, want_person: bool, floor: int) -> bool:
    """Another candidate of the pronoun's kind stands between the resolved subject and
    the pronoun (an actor, or for he/she a person the knowledge base does not know):
    then the nearest subject is a guess, and no actor is better than a wrong one."""
    doc = tok.doc
    start = doc.char_span(best.start, best.end, alignment_mode="expand")
    after = start.end if start is not None else floor
    for _, m, _root in index.ordered:
        if m.actor_id == best.actor_id:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or not (after <= span.start < tok.i):
            continue
        if (index.kinds.get(m.actor_id) == "person") == want_person:
            return True
    if want_person:
        return any(
            e.label_ == "PERSON"
            and after <= e.start < tok.i
            and (
                index.mention_at(e.root) is None
                or index.mention_at(e.root).actor_id != best.actor_id
            )
            for e in doc.ents
        )
    return False


# --------------------------------------------------------------------------- verbs
@dataclass
class VerbArgs:
    subj: list = field(default_factory=list)  # tokens heading the logical subject
    obj: list = field(default_factory=list)  # tokens heading the logical object
    passive: bool = False
    inherited: bool = False  # subject taken from another clause


def _surface_subject(v) -> list:
    return [
        c
        for c in v.children
        if c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") and c.dep_ != "expl"
    ]


def _antecedent(tok):
    """For a relative pronoun, the noun the clause hangs on."""
    if tok.lower_ in _REL_PRONOUNS:
        clause = tok.head
        while clause.dep_ == "conj" and clause.head.i != clause.i:
            clause = clause.head
        if clause.dep_ in ("relcl", "acl"):
            return clause.head
    return tok


def is_passive(v) -> bool:
    """A passive clause; a bare participle coordinated with a passive verb shares its
    voice ("was betrayed by a friend and arrested by soldiers")."""
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children):
        return True
    if any(c.dep_ in ("aux", "nsubj") for c in v.children):
        return False
    if v.tag_ == "VBD" and v.dep_ == "acl" and v.head.pos_ in ("NOUN", "PROPN"):
        return True  # "the treaty, agreed in 1997": a participle tagged as a past tense
    if v.tag_ != "VBN":
        return False
    if v.dep_ in ("acl", "advcl"):
        return True
    return (
        v.dep_ == "conj"
        and v.head.tag_ == "VBN"
        and any(c.dep_ == "auxpass" for c in v.head.children)
    )


def verb_args(v, cues: Cues, depth: int = 0) -> VerbArgs:
    """Logical subject and object of verb `v`."""
    args = VerbArgs(passive=is_passive(v))
    if args.passive:
        # a subject right after a preposition read as the clause's "mark" is a misparse
        # of the first subject's tail ("X's calls for US support were rebuffed")
        marks = {c.i for c in v.children if c.dep_ == "mark" and c.lower_ in _PREPOSITIONS}
        args.obj = [
            _antecedent(c)
            for c in v.children
            if c.dep_ == "nsubjpass" and c.left_edge.i - 1 not in marks
        ]
        args.subj = [
            p for c in v.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"
        ]
    else:
        args.subj = [_antecedent(c) for c in v.children if c.dep_ in ("nsubj", "csubj")]
        args.obj = [c for c in v.children if c.dep_ in ("dobj",)]
        if not args.obj and v.lemma_.lower() in cues.object_control_verbs:
            # "allowed X to take part" parsed with X as the subject of the infinitive
            args.obj = [
                s
                for c in v.children
                if c.dep_ == "ccomp" and c.tag_ == "VB"
                for s in c.children
                if s.dep_ == "nsubj"
            ]
    if not args.subj and v.dep_ == "acomp" and v.head.lemma_ == "be":
        # "Israel is opposed to X": the subject of "is" holds the attitude
        args.subj = [c for c in v.head.children if c.dep_ == "nsubj"]
    if depth > 4:
        return args
    head = v.head
    if not args.subj and not args.obj and v.dep_ in ("relcl", "acl") and args.passive:
        args.obj = [head]
    elif not args.subj and v.dep_ in ("relcl", "acl") and not args.passive:
        if v.dep_ == "acl" and v.tag_ == "VB":
            # "Russia's decision to withdraw": the possessor acts
            poss = [c for c in head.children if c.dep_ == "poss"]
            args.subj = poss or _subject_of_governor(head, cues, depth)
        elif v.dep_ == "acl" or v.tag_ == "VBG":
            args.subj = [head]
        elif not args.obj:
            args.obj = [head]
        args.inherited = True
    if not args.subj and not args.passive and head.i != v.i:
        if v.dep_ == "xcomp" or (v.dep_ == "ccomp" and v.tag_ == "VB"):
            hl = head.lemma_.lower()
            hobj = [c for c in head.children if c.dep_ == "dobj"]
            if hl in cues.object_control_verbs and hobj:
                args.subj = hobj
            else:
                args.subj = (
                    verb_args(head, cues, depth + 1).subj
                    if head.pos_ in ("VERB", "AUX")
                    else _subject_of_governor(head, cues, depth)
                )
            args.inherited = True
        elif v.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
            hargs = verb_args(head, cues, depth + 1)
            args.subj = hargs.subj if not hargs.passive else hargs.obj
            args.inherited = True
        elif v.dep_ == "advcl" and v.tag_ in ("VBG", "VBN", "VB"):
            args.subj = (
                verb_args(head, cues, depth + 1).subj if head.pos_ in ("VERB", "AUX") else []
            )
            args.inherited = True
        elif v.dep_ in ("pcomp", "pobj") and head.dep_ == "prep":
            gov = head.head
            if gov.pos_ in ("VERB", "AUX"):
                gobj = [c for c in gov.children if c.dep_ == "dobj"]
                gl = gov.lemma_.lower()
                if gobj and gl in {
                    "accuse",
                    "blame",
                    "charge",
                    "suspect",
                    "praise",
                    "thank",
                    "condemn",
                    "criticise",
                    "criticize",
                    "punish",
                    "prevent",
                    "stop",
                    "bar",
                    "ban",
                    "forbid",
                    "warn",
                    "arrest",
                    "detain",
                }:
                    args.subj = gobj
                else:
                    args.subj = verb_args(gov, cues, depth + 1).subj
                args.inherited = True
    if args.passive and not args.obj and v.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
        hargs = verb_args(head, cues, depth + 1)
        args.obj = hargs.obj if hargs.passive else hargs.subj
    return args


def _subject_of_governor(tok, cues: Cues, depth: int) -> list:
    """The subject of the clause a noun sits in ("X's plan to ...", "X announced a plan to")."""
    t = tok
    for _ in range(4):
        if t.pos_ in ("VERB", "AUX"):
            return verb_args(t, cues, depth + 1).subj
        if t.head.i == t.i:
            break
        t = t.head
    return []
