"""Auxiliary modes of an event: negated, hypothetical (or future), reported.

PLOVER names these modes and leaves them to coders; we read them off the dependency
parse. Starting at the trigger, local cues are read (``not``, modal auxiliaries,
``allegedly``, ``if``, "no talks", "a possible attack"), then the tree is climbed
clause by clause: an infinitive under "refused to" is negated, under "plans to" or
"is expected to" hypothetical, a clause under "said that" reported, a noun under
"called for" hypothetical, and so on. What an outer clause says passes down only as
far as it should: a negation does not cross "that" (``did not say that X attacked``
does not deny the attack), speculation and hearsay do.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsgraph.annotate.tokens import token_table
from newsgraph.events.patterns import Cues

# How far up the tree to look; deeper nesting is rare and mostly noise.
MAX_CLIMB = 8

# Marks a hypothetical cue that only says the act was attempted.
ATTEMPT = "attempt:"

# Heads whose gerund object ("accused X of attacking") is an allegation.
_ALLEGING_HEADS = {
    "accuse",
    "blame",
    "charge",
    "suspect",
    "allege",
    "convict",
    "indict",
    "sentence",
    "arrest",
    "detain",
    "jail",
    "condemn",
    "criticise",
    "criticize",
}


@dataclass
class Modes:
    negated: bool = False
    hypothetical: bool = False
    reported: bool = False
    cues: list[str] = field(default_factory=list)

    def add(self, kind: str, word: str) -> None:
        setattr(self, kind, True)
        self.cues.append(f"{kind}:{word}")


def _is_not_only(t, i: int) -> bool:
    return i + 1 < len(t) and t.lower[i + 1] in {"only", "just", "merely", "simply"}


def _local(tok, cues: Cues, modes: Modes, allow: set[str]) -> None:
    """Cues that sit directly on `tok` (its children)."""
    t = token_table(tok.doc)
    for c in t.children[tok.i]:
        dep, low, lem = t.dep[c], t.lower[c], t.lemma[c]
        if "negated" in allow and (
            dep == "neg" or (dep in ("advmod", "det", "preconj") and low in cues.negators)
        ):
            if not _is_not_only(t, c):
                # "no longer" is a negation; "not only ... but" is not
                modes.add("negated", low)
        elif (
            "hypothetical" in allow
            and dep in ("aux", "auxpass")
            and (low in cues.modals or lem in cues.modals)
        ):
            modes.add("hypothetical", low)
        elif (
            "hypothetical" in allow
            and dep in ("advmod", "mark")
            and low in cues.speculative_adverbs
        ):
            modes.add("hypothetical", low)
        elif "reported" in allow and dep in ("advmod", "amod") and low in cues.hearsay_adverbs:
            modes.add("reported", low)
        elif "hypothetical" in allow and dep == "mark" and low in cues.conditional_marks:
            modes.add("hypothetical", low)
        elif "reported" in allow and dep == "prep" and low == "according":
            modes.add("reported", "according to")
        elif dep in ("amod", "compound", "nmod") and t.pos[tok.i] in ("NOUN", "PROPN"):
            # the lists are written as modifiers ("expected"); the lemma of a participle
            # is its verb ("expect"), so the word as written counts too
            words = {lem, low}
            performed = tok.dep_ == "dobj" and tok.head.lemma_.lower() in cues.performing_verbs
            if "hypothetical" in allow and words & cues.hypothetical_modifiers and not performed:
                modes.add("hypothetical", low)
            elif "negated" in allow and words & cues.negated_modifiers:
                modes.add("negated", low)
            elif "reported" in allow and words & cues.reported_modifiers:
                modes.add("reported", low)
    if "hypothetical" in allow and tok.dep_ == "advcl":
        # purpose infinitive: "sent troops to attack"
        # ... except a speech act the main act performs: "rallied to protest X" protests;
        # a body that "met to condemn X" only planned to (a vote may fail)
        performed = (
            tok.lemma_.lower() in cues.performed_purposes
            and tok.head.lemma_.lower() not in cues.deliberative_verbs
        )
        if (
            any(t.dep[c] == "aux" and t.lower[c] == "to" for c in t.children[tok.i])
            and tok.tag_ == "VB"
            and not performed
        ):
            modes.add("hypothetical", "to (purpose)")


_GENERIC_PRONOUNS = {
    "anyone",
    "anybody",
    "whoever",
    "whomever",
    "anything",
    "everyone",
    "everybody",
}
_GENERIC_DETS = {"any", "every", "whichever"}


def _generic_head(tok) -> bool:
    return tok.lower_ in _GENERIC_PRONOUNS or any(
        c.dep_ == "det" and c.lower_ in _GENERIC_DETS for c in tok.children
    )


def _has_yet(tok) -> bool:
    return any(c.lower_ == "yet" for c in tok.children)


_NEGATIVE_SUBJECTS = {"none", "nobody", "noone", "neither", "nothing"}


def _clause_frame(trigger, modes: Modes) -> None:
    """Cues in the shape of the clause: a negative subject ("none of them support"),
    a bare imperative ("Kill them."), "held off on" / "refrained from"."""
    verb = trigger
    if verb.pos_ not in ("VERB", "AUX"):
        return
    t = token_table(verb.doc)
    subj = [verb.doc[c] for c in t.children[verb.i] if t.dep[c] in ("nsubj", "nsubjpass")]
    if any(
        s.lower_ in _NEGATIVE_SUBJECTS
        or any(d.dep_ == "det" and d.lower_ == "no" for d in s.children)
        for s in subj
    ):
        modes.add("negated", subj[0].lower_)
    if any(s.lower_ in _GENERIC_PRONOUNS for s in subj):
        modes.add("hypothetical", "generic " + subj[0].lower_)  # "whoever kills him"
    if (
        verb.dep_ == "ROOT"
        and verb.tag_ == "VB"
        and not subj
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    ):
        modes.add("hypothetical", "imperative")
    head = verb.head
    if verb.dep_ == "pcomp" and head.lower_ in ("on", "from") and head.head.pos_ == "VERB":
        gov = head.head
        held_off = gov.lemma_ == "hold" and any(c.lower_ == "off" for c in gov.children)
        if held_off or gov.lemma_.lower() in {"refrain", "abstain", "desist"}:
            modes.add("negated", gov.lower_)


def _mandated(verb, head, cues: Cues) -> bool:
    """Is `verb`, the clause under `head`, an act someone demands ("demanded that X
    dissolve Y", "insisted that Italy expel them") rather than one reported?"""
    hl = head.lemma_.lower()
    if hl in cues.mandative_verbs:
        return True
    # a bare verb, or a present form under a past head, is the subjunctive of a mandate
    subjunctive = verb.tag_ == "VB" and not any(c.dep_ == "aux" for c in verb.children)
    subjunctive = subjunctive or (verb.tag_ == "VBP" and head.tag_ == "VBD")
    return hl in cues.weak_mandative_verbs and subjunctive


def _mandate_object(verb, cues: Cues) -> bool:
    """Does `verb` carry a demand as its object ("reiterated its demand that ...",
    "repeated the call that ...")? Then its clause is what is demanded."""
    return any(c.dep_ == "dobj" and c.lemma_.lower() in cues.mandative_nouns for c in verb.children)


def attempted(modes: Modes) -> bool:
    """Is the event hypothetical only because it was attempted ("tried to hack X",
    "an attempt to kill X")? PLOVER codes an attempted attack as the attack."""
    hyp = [c for c in modes.cues if c.startswith("hypothetical:")]
    return bool(hyp) and all(c.startswith("hypothetical:" + ATTEMPT) for c in hyp)


def auxiliary_modes(trigger, cues: Cues) -> Modes:
    """The negated / hypothetical / reported flags of the event stated at `trigger`."""
    modes = Modes()
    allow = {"negated", "hypothetical", "reported"}
    _local(trigger, cues, modes, allow)
    _clause_frame(trigger, modes)
    tok = trigger
    for _ in range(MAX_CLIMB):
        head = tok.head
        if head.i == tok.i:
            break
        dep = tok.dep_
        hl = head.lemma_.lower()
        if dep == "conj":
            # coordinated verbs share auxiliaries and negation unless they have their own
            if not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "neg") for c in tok.children):
                _local(head, cues, modes, allow)
        elif dep == "xcomp" or (
            dep == "ccomp"
            and tok.tag_ == "VB"
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
        ):
            if head.pos_ == "ADJ" or hl in cues.future_adjectives:
                if (
                    hl in {"unable", "unwilling", "reluctant", "loath", "loth"}
                    and "negated" in allow
                ):
                    modes.add("negated", head.lower_)
                elif "hypothetical" in allow:
                    modes.add("hypothetical", head.lower_)
            elif hl in cues.negating_verbs or (hl == "have" and _has_yet(head)):
                if "negated" in allow:
                    modes.add("negated", head.lower_)
            elif hl == "go" and head.tag_ == "VBG":
                modes.add("hypothetical", "going to")
            elif hl in {
                "say",
                "believe",
                "think",
                "report",
                "know",
                "rumour",
                "rumor",
                "allege",
                "suspect",
                "understand",
                "consider",
                "claim",
            } and any(c.dep_ == "auxpass" for c in head.children):
                modes.add("reported", head.lower_)  # "is said to have attacked"
            elif hl in cues.implicative_verbs:
                pass
            elif hl in cues.attempt_verbs and "hypothetical" in allow:
                # "tried to hack": the attempt happened (see ATTEMPT and `attempted`)
                modes.add("hypothetical", ATTEMPT + head.lower_)
            elif "hypothetical" in allow:
                modes.add("hypothetical", head.lower_)
            # "did not manage to X" denies X; "did not plan to X" leaves X hypothetical
            inherit = allow if hl in cues.implicative_verbs else allow - {"negated"}
            _local(head, cues, modes, inherit)
        elif dep == "ccomp" and head.pos_ in ("NOUN", "PROPN") and hl in cues.mandative_nouns:
            # "the demand that Israel ease restrictions": asked for, not done
            if "hypothetical" in allow:
                modes.add("hypothetical", head.lower_)
            allow = allow & {"reported", "hypothetical"}
        elif dep == "ccomp":
            if hl in cues.reporting_verbs:
                modes.add("reported", head.lower_)
            if hl in cues.desire_verbs or _mandated(tok, head, cues) or _mandate_object(head, cues):
                modes.add("hypothetical", head.lower_)
            if hl in {"deny", "dismiss", "reject", "refute"}:
                modes.add("negated", head.lower_)
            allow = allow - {"negated"}
            _local(head, cues, modes, allow)
        elif (
            dep in ("acl", "ccomp", "relcl")
            and head.pos_ == "NOUN"
            and head.lemma_.lower() in cues.content_nouns | cues.prospect_nouns
        ):
            # "the idea that X attacked Y", "claims that ...": content, not assertion
            modes.add("reported", head.lower_)
            if head.lemma_.lower() in cues.prospect_nouns or head.lemma_.lower() in {
                "idea",
                "notion",
                "suggestion",
                "theory",
                "speculation",
                "rumour",
                "rumor",
            }:
                modes.add("hypothetical", head.lower_)  # "fears that X will attack"
            allow = allow & {"reported", "hypothetical"}
        elif dep == "acl" and head.pos_ in ("NOUN", "PROPN") and hl in cues.mandative_nouns:
            if "hypothetical" in allow:
                modes.add("hypothetical", head.lower_)
            allow = allow & {"reported", "hypothetical"}
        elif dep == "acl" and tok.tag_ == "VBN" and tok.lemma_.lower() in cues.sequence_verbs:
            # "an air bombardment followed by a ground attack": the acts of a sequence
            # share their mode (a planned bombardment, a planned attack)
            pass
        elif dep == "csubj" and tok.tag_ == "VBG":
            # "removing the sanctions is out of the question": the act is the topic of a
            # judgement, not a report of it
            if "hypothetical" in allow:
                modes.add("hypothetical", "topic")
            allow = allow & {"reported", "hypothetical"}
            _local(head, cues, modes, allow)
        elif dep in ("relcl", "acl") and _generic_head(head):
            # "any party that violates the truce", "anyone giving him support": a rule
            # about whoever might act, not an act
            if "hypothetical" in allow:
                modes.add("hypothetical", "generic " + head.lower_)
            allow = allow & {"reported", "hypothetical"}
        elif dep in ("advcl", "relcl", "acl"):
            if (
                # "a plan to attack", and the infinitival relative "a way to press X"
                dep in ("acl", "relcl")
                and tok.tag_ == "VB"
                and "hypothetical" in allow
                and head.pos_ in ("NOUN", "PROPN")
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
            ):
                attempt = ATTEMPT if hl in cues.attempt_verbs else ""
                modes.add("hypothetical", attempt + head.lower_)  # "an attempt to kill X"
            allow = allow & {"reported", "hypothetical"} if dep == "advcl" else allow & {"reported"}
            _local(head, cues, modes, allow)
        elif dep in ("pcomp", "pobj"):
            prep = head
            pl = prep.lower_
            if "negated" in allow and (
                pl in cues.negating_preps
                or (pl in {"of", "than"} and prep.head.lower_ in {"instead", "rather"})
            ):
                modes.add("negated", pl)
            gov = prep.head
            if (
                pl in ("of", "for", "over", "about", "on")
                and gov.pos_ == "NOUN"
                and gov.lemma_.lower() in cues.intent_nouns | cues.prospect_nouns
            ):
                # "the goal of defeating X", "the likelihood of attacks", "the risk of war"
                modes.add("hypothetical", gov.lower_)
            if pl == "on" and gov.lemma_.lower() in ("insist", "demand", "count", "bet"):
                modes.add("hypothetical", gov.lower_ + " on")  # "insist on X's departure"
            if (
                pl in ("to", "in")
                and gov.lemma_.lower() in ("lead", "result", "contribute")
                and any(c.dep_ == "aux" and c.lower_ in cues.modals for c in gov.children)
            ):
                modes.add("hypothetical", gov.lower_)  # "could lead to fresh fighting"
            if pl == "about" and (
                gov.lemma_.lower() in cues.reporting_verbs
                or (tok.tag_ == "VBG" and gov.lemma_.lower() in cues.topic_verbs)
            ):
                # "tweeted about firing", "talking about removing X": a topic
                modes.add("hypothetical", gov.lower_ + " about")
            if gov.pos_ == "VERB" and gov.lemma_.lower() in cues.purpose_participles:
                # "weapons intended for use in an attack": what the thing is for
                modes.add("hypothetical", gov.lower_)
            if pl in ("of", "for") and gov.lemma_.lower() in _ALLEGING_HEADS:
                modes.add("reported", gov.lower_)
            if pl in ("from",) and gov.lemma_.lower() in cues.negating_verbs and "negated" in allow:
                modes.add("negated", gov.lower_)  # "prevented X from attacking"
            if pl in (
                "for",
                "to",
                "toward",
                "towards",
            ) and gov.lemma_.lower() in cues.intent_verbs | {
                "call",
                "push",
                "press",
                "appeal",
                "pressure",
                "lobby",
                "campaign",
                "prepare",
            }:
                modes.add("hypothetical", gov.lower_)  # "called for talks"
            elif (
                pl == "for"
                and gov.pos_ == "VERB"
                and gov.lemma_.lower()
                not in cues.retrospective_verbs | cues.gathering_verbs | _ALLEGING_HEADS
                and "hypothetical" in allow
            ):
                # "deployed units for an offensive": what the act is for is yet to come
                # (but "thanked X for the aid", "jailed for the bombing" look back, and
                # "came to Geneva for talks" holds them)
                modes.add("hypothetical", "for (purpose)")
        elif dep in ("dobj", "nsubjpass", "attr", "oprd") and head.pos_ in ("VERB", "AUX"):
            # a noun event governed by a verb: "called off the talks", "foiled an attack"
            if hl in cues.negating_verbs and "negated" in allow:
                modes.add("negated", head.lower_)
            elif hl in cues.intent_verbs and hl not in cues.light_verbs and "hypothetical" in allow:
                modes.add("hypothetical", head.lower_)
            elif (
                dep == "dobj"
                and hl in cues.stance_verbs
                and head.tag_ in ("VBP", "VBZ")
                and tok.tag_ == "NNS"
                and not any(c.dep_ in ("det", "poss") for c in tok.children)
                and "hypothetical" in allow
            ):
                # "most voters support strikes against X": a kind of act weighed
                modes.add("hypothetical", head.lower_ + " (kind)")
            _local(head, cues, modes, allow)
        elif dep in ("nsubj",) and head.pos_ in ("VERB", "AUX"):
            # "clashes are now a possibility", "a clash was unlikely"
            prospect = {"attr": cues.prospect_nouns, "acomp": cues.prospect_adjectives}
            if (
                head.lemma_ == "be"
                and "hypothetical" in allow
                and any(c.lemma_.lower() in prospect.get(c.dep_, ()) for c in head.children)
            ):
                modes.add("hypothetical", "prospect")
            _local(head, cues, modes, allow)
        tok = head
    if _sentence_text(trigger).rstrip().endswith("?") and "hypothetical" not in "".join(modes.cues):
        modes.add("hypothetical", "?")
    return modes


def _sentence_text(tok) -> str:
    """The text of `tok`'s sentence, cut from the document's text."""
    table = token_table(tok.doc)
    start, end = table.sentence(tok.i)
    return table.text[table.idx[start] : table.end[end - 1]]
