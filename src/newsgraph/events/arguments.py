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
        table = token_table(sdoc)
        for m in mentions:
            if guessed_sector(m) and not keep_guessed:
                continue
            span = table.token_span(m.start, m.end)
            if span is None or span[0] >= span[1]:
                continue
            start, end = span
            is_place = m.rule == "place" or m.actor_id is None
            target = index.places if is_place else index.by_token
            for i in range(start, end):
                target.setdefault(i, m)
            if not is_place:
                index.ordered.append((start, m, table.span_root(start, end)))
                actor = kb.actor(m.actor_id) if kb is not None and hasattr(kb, "actor") else None
                kind = getattr(actor, "kind", None) or (
                    "person" if m.label == "PERSON" else "group"
                )
                index.kinds[m.actor_id] = kind
        index.ordered.sort(key=lambda x: x[0])
        return index

    def mention_at(self, tok, places: bool = False) -> Mention | None:
        return self.mention_at_index(tok.i, places)

    def mention_at_index(self, i: int, places: bool = False) -> Mention | None:
        m = self.by_token.get(i)
        if m is None and places:
            m = self.places.get(i)
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
    doc = tok.doc
    return [doc[i] for i in _conjunct_indexes(token_table(doc), tok.i)]


def _conjunct_indexes(t, i: int) -> list[int]:
    """`conjuncts` by token index."""
    out = [i]
    for c in sorted(t.conjuncts(i)):
        edge = t.left_edge(c)
        if t.pos[c] in ("NOUN", "PROPN") and _subject_of_next_verb(t, c):
            continue
        if (
            c < i
            or edge == 0
            or t.dep[edge - 1] in ("cc", "punct")
            or t.pos[edge - 1] in ("CCONJ", "PUNCT")
        ):
            out.append(c)
    return sorted(out)


# prepositions that never introduce a clause ("that", "if", "because" do)
_PREPOSITIONS = frozenset({"for", "of", "with", "from", "on", "about", "to", "against", "by"})


def _subject_of_next_verb(t, c: int) -> bool:
    """Is noun `c` directly followed by a finite verb with no subject of its own?"""
    nxt = t.right_edge(c) + 1
    if nxt >= len(t):
        return False
    return (
        t.pos[nxt] == "VERB"
        and t.tag[nxt] in ("VBZ", "VBD", "VBP")
        and not any(t.dep[k] in ("nsubj", "nsubjpass") for k in t.children[nxt])
    )


def np_actors(tok, index: ActorIndex, cues: Cues, places: bool = False, depth: int = 0) -> Found:
    """Actors named by the noun phrase headed by `tok` and its conjuncts."""
    return _np_actors_at(token_table(tok.doc), tok.i, index, cues, places, depth)


# The noun-phrase walk reads the parse through the token table (by token index): a spaCy
# Token is made only where a pronoun needs resolving.
def _np_actors_at(t, i: int, index: ActorIndex, cues: Cues, places: bool, depth: int) -> Found:
    found = Found()
    for head in _conjunct_indexes(t, i):
        part = _np_one(t, head, index, cues, places, depth)
        found.weak = found.weak or part.weak
        for m in part.mentions:
            if all(
                m.actor_id != x.actor_id or (m.actor_id is None and m.start != x.start)
                for x in found.mentions
            ):
                found.mentions.append(m)
    return found


def _np_one(t, i: int, index: ActorIndex, cues: Cues, places: bool, depth: int) -> Found:
    m = index.mention_at_index(i, places)
    kids = t.children[i]
    if m is not None:
        # "the Taliban commander Fayez Jan": the person and the group he acts for
        groups = [
            g
            for g in _modifier_mentions(t, i, index)
            if g.actor_id and g.actor_id != m.actor_id and index.kinds.get(g.actor_id) == "group"
        ]
        # "Hungarian and Romanian officials": one mention took the head, the other
        # coordinated modifier names a second actor
        paired = []
        for child in kids:
            others = t.conjuncts(child) if t.dep[child] in ("amod", "compound", "nmod") else []
            for c in (child, *others) if others else ():
                x = index.mention_at_index(c)
                if x is not None and x.actor_id and x.actor_id != m.actor_id:
                    paired.append(x)
        return Found([m, *groups[:1], *paired])
    if t.pos[i] == "PRON" or t.lower[i] in _REL_PRONOUNS:
        return _pronoun(t.doc[i], index, cues)
    out: list[Mention] = []
    # "Assad supporters": the person they follow is not one of them
    followers = t.lemma[i] in cues.follower_nouns
    for child in kids:
        if (
            t.dep[child] in _MODIFIER_DEPS
            and not t.lower[child].startswith(_ANTI)
            and not _hyphen_link(t, child, index)
        ):
            for c in _conjunct_indexes(t, child):
                out.extend(
                    m
                    for m in _np_one(t, c, index, cues, places, depth).mentions
                    if not (followers and index.kinds.get(m.actor_id) == "person")
                )
    if out:
        return Found(out)
    for child in kids:
        if t.dep[child] == "appos":
            out.extend(_np_one(t, child, index, cues, places, depth).mentions)
    if out or depth >= 2:
        return Found(out)
    # "a defence of Kobane", "the protection of civilians": the object of these nouns
    # is who is protected, not who the phrase names
    shielded = t.lemma[i] in cues.protection_nouns
    for child in kids:
        if t.dep[child] == "prep" and t.lower[child] in ("of", "from", "by"):
            if shielded and t.lower[child] == "of":
                continue
            for pobj in t.children[child]:
                if t.dep[pobj] == "pobj":
                    out.extend(_np_actors_at(t, pobj, index, cues, places, depth + 1).mentions)
    if out:
        return Found(out)
    # "insurgents linked to the Taliban", "a man with ties to the Haqqani network"
    for child in kids:
        # the clause itself states the tie ("linked to"), or the preposition's object
        # does ("with ties to"); not any clause with a member noun in it ("an
        # operation targeting a Taliban leader" is no Taliban operation)
        if (
            t.dep[child] in ("acl", "relcl", "amod") and t.lemma[child] in cues.affiliation_words
        ) or (
            t.dep[child] == "prep"
            and any(
                t.dep[g] == "pobj" and t.lemma[g] in cues.affiliation_words
                for g in t.children[child]
            )
        ):
            for sub in t.subtree(child):
                m = index.mention_at_index(sub)
                if m is not None:
                    return Found([m], weak=True)
    return Found()


def _hyphen_link(t, child: int, index: ActorIndex) -> bool:
    """A hyphenated modifier that names no party of the noun: "US-supplied weapons" (the
    supplier), "the Turkey-Greece route", "the US-Russia agreement" (a pair of places
    or parties the noun is between)."""
    kids = t.children[child]
    if not any(t.tag[c] == "HYPH" for c in kids):
        return False
    m = index.mention_at_index(child)
    if m is None:
        # "Vietnamese-led forces" are led by Vietnam, a party; "US-supplied" is not
        return t.lower[child] not in _LEADING
    return any(
        (o := index.mention_at_index(c)) is not None and o.actor_id != m.actor_id
        for c in kids
        if t.dep[c] in ("compound", "npadvmod", "amod", "nmod")
    )


def _modifier_mentions(t, i: int, index: ActorIndex) -> list[Mention]:
    """Mentions among the compound and adjective modifiers left of token `i`."""
    out = []
    for child in t.children[i]:
        if child > i:
            break
        if t.dep[child] in ("compound", "amod", "nmod"):
            for sub in t.subtree(child):
                m = index.mention_at_index(sub)
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
        rt = root
        while (
            table.dep[rt] in ("compound", "amod", "poss", "appos", "conj", "nmod")
            and table.head[rt] != rt
        ):
            rt = table.head[rt]
        if table.dep[rt].startswith("nsubj"):
            best = m
    if best is None or _rivals(tok, best, index, want_person, floor):
        return Found()
    return Found([best], weak=True)


def _rivals(tok, best: Mention, index: ActorIndex, want_person: bool, floor: int) -> bool:
    """Another candidate of the pronoun's kind stands between the resolved subject and
    the pronoun (an actor, or for he/she a person the knowledge base does not know):
    then the nearest subject is a guess, and no actor is better than a wrong one."""
    doc = tok.doc
    table = token_table(doc)
    start = table.token_span(best.start, best.end)
    after = start[1] if start is not None else floor
    for _, m, _root in index.ordered:
        if m.actor_id == best.actor_id:
            continue
        span = table.token_span(m.start, m.end)
        if span is None or not (after <= span[0] < tok.i):
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


def _antecedent(t, i: int) -> int:
    """For a relative pronoun, the noun the clause hangs on."""
    if t.lower[i] in _REL_PRONOUNS:
        clause = t.head[i]
        while t.dep[clause] == "conj" and t.head[clause] != clause:
            clause = t.head[clause]
        if t.dep[clause] in ("relcl", "acl"):
            return t.head[clause]
    return i


def _passive_at(t, v: int) -> bool:
    """Token `v` heads a passive clause; a bare participle coordinated with a passive verb
    shares its voice ("was betrayed by a friend and arrested by soldiers")."""
    deps = [t.dep[c] for c in t.children[v]]
    if "nsubjpass" in deps or "auxpass" in deps:
        return True
    if "aux" in deps or "nsubj" in deps:
        return False
    head = t.head[v]
    if t.tag[v] == "VBD" and t.dep[v] == "acl" and t.pos[head] in ("NOUN", "PROPN"):
        return True  # "the treaty, agreed in 1997": a participle tagged as a past tense
    if t.tag[v] != "VBN":
        return False
    if t.dep[v] in ("acl", "advcl"):
        return True
    return (
        t.dep[v] == "conj"
        and t.tag[head] == "VBN"
        and any(t.dep[c] == "auxpass" for c in t.children[head])
    )


# governors whose object, not their subject, does what the preposition's clause says
# ("accused X of attacking", "prevented X from leaving")
_OBJECT_GOVERNORS = frozenset(
    {
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
    }
)


def verb_args(v, cues: Cues, depth: int = 0) -> VerbArgs:
    """Logical subject and object of verb `v` (lists of tokens)."""
    doc = v.doc
    args = _verb_args_at(token_table(doc), v.i, cues, depth)
    args.subj = [doc[i] for i in args.subj]
    args.obj = [doc[i] for i in args.obj]
    return args


# The clause walk reads the parse through the token table: arguments are token indexes
# until `verb_args` hands them out as tokens.
def _verb_args_at(t, v: int, cues: Cues, depth: int) -> VerbArgs:
    kids = t.children[v]
    args = VerbArgs(passive=_passive_at(t, v))
    if args.passive:
        # a subject right after a preposition read as the clause's "mark" is a misparse
        # of the first subject's tail ("X's calls for US support were rebuffed")
        marks = {c for c in kids if t.dep[c] == "mark" and t.lower[c] in _PREPOSITIONS}
        args.obj = [
            _antecedent(t, c)
            for c in kids
            if t.dep[c] == "nsubjpass" and t.left_edge(c) - 1 not in marks
        ]
        args.subj = [
            p for c in kids if t.dep[c] == "agent" for p in t.children[c] if t.dep[p] == "pobj"
        ]
    else:
        args.subj = [_antecedent(t, c) for c in kids if t.dep[c] in ("nsubj", "csubj")]
        args.obj = [c for c in kids if t.dep[c] == "dobj"]
        if not args.obj and t.lemma[v] in cues.object_control_verbs:
            # "allowed X to take part" parsed with X as the subject of the infinitive
            args.obj = [
                s
                for c in kids
                if t.dep[c] == "ccomp" and t.tag[c] == "VB"
                for s in t.children[c]
                if t.dep[s] == "nsubj"
            ]
    head = t.head[v]
    if not args.subj and t.dep[v] == "acomp" and t.lemma[head] == "be":
        # "Israel is opposed to X": the subject of "is" holds the attitude
        args.subj = [c for c in t.children[head] if t.dep[c] == "nsubj"]
    if depth > 4:
        return args
    dep, tag = t.dep[v], t.tag[v]
    if not args.subj and not args.obj and dep in ("relcl", "acl") and args.passive:
        args.obj = [head]
    elif not args.subj and dep in ("relcl", "acl") and not args.passive:
        if dep == "acl" and tag == "VB":
            # "Russia's decision to withdraw": the possessor acts
            poss = [c for c in t.children[head] if t.dep[c] == "poss"]
            args.subj = poss or _subject_of_governor(t, head, cues, depth)
        elif dep == "acl" or tag == "VBG":
            args.subj = [head]
        elif not args.obj:
            args.obj = [head]
        args.inherited = True
    if not args.subj and not args.passive and head != v:
        if dep == "xcomp" or (dep == "ccomp" and tag == "VB"):
            hobj = [c for c in t.children[head] if t.dep[c] == "dobj"]
            if t.lemma[head] in cues.object_control_verbs and hobj:
                args.subj = hobj
            else:
                args.subj = (
                    _verb_args_at(t, head, cues, depth + 1).subj
                    if t.pos[head] in ("VERB", "AUX")
                    else _subject_of_governor(t, head, cues, depth)
                )
            args.inherited = True
        elif dep == "conj" and t.pos[head] in ("VERB", "AUX"):
            hargs = _verb_args_at(t, head, cues, depth + 1)
            args.subj = hargs.subj if not hargs.passive else hargs.obj
            args.inherited = True
        elif dep == "advcl" and tag in ("VBG", "VBN", "VB"):
            args.subj = (
                _verb_args_at(t, head, cues, depth + 1).subj
                if t.pos[head] in ("VERB", "AUX")
                else []
            )
            args.inherited = True
        elif dep in ("pcomp", "pobj") and t.dep[head] == "prep":
            gov = t.head[head]
            if t.pos[gov] in ("VERB", "AUX"):
                gobj = [c for c in t.children[gov] if t.dep[c] == "dobj"]
                if gobj and t.lemma[gov] in _OBJECT_GOVERNORS:
                    args.subj = gobj
                else:
                    args.subj = _verb_args_at(t, gov, cues, depth + 1).subj
                args.inherited = True
    if args.passive and not args.obj and dep == "conj" and t.pos[head] in ("VERB", "AUX"):
        hargs = _verb_args_at(t, head, cues, depth + 1)
        args.obj = hargs.obj if hargs.passive else hargs.subj
    return args


def _subject_of_governor(t, i: int, cues: Cues, depth: int) -> list[int]:
    """The subject of the clause a noun sits in ("X's plan to ...", "X announced a plan to")."""
    for _ in range(4):
        if t.pos[i] in ("VERB", "AUX"):
            return _verb_args_at(t, i, cues, depth + 1).subj
        if t.head[i] == i:
            break
        i = t.head[i]
    return []
