"""Quotes and claims: who said what, tied to actors and to the events in what they said.

Two kinds:

* **direct**: text between quotation marks (at least four words, so that scare quotes
  around a single word are not taken for speech), its speaker the subject of the
  reporting verb around it ('..., Lavrov said.', 'X told reporters: "..."');
* **reported**: the clause under a reporting verb ("X said that ...", "X warned ...")
  and sentences carrying "according to X".
"""

from __future__ import annotations

import hashlib
import re

from newsgraph.annotate.tokens import token_table
from newsgraph.events.arguments import ActorIndex, np_actors, verb_args
from newsgraph.events.patterns import Cues
from newsgraph.model import Event, Quote

_QUOTE_RX = re.compile(r"“([^”]{3,2000})”|\"([^\"\n]{3,2000})\"")
MIN_QUOTE_WORDS = 4


def quote_id(doc_id: str, start: int, end: int, kind: str) -> str:
    return hashlib.sha1(f"{doc_id}|{start}|{end}|{kind}|quote".encode()).hexdigest()[:16]


def _speaker_phrase(tok) -> str:
    """The speaker's noun phrase, without relative clauses or long tails."""
    left = tok.left_edge.i
    right = tok.i
    for c in tok.rights:
        if c.dep_ in ("appos", "compound", "amod") or (c.dep_ == "prep" and c.lower_ == "of"):
            right = max(right, c.right_edge.i)
    right = min(right, tok.i + 8)
    return tok.doc[left : right + 1].text


def _speaker(verb, index: ActorIndex, cues: Cues) -> tuple[str | None, str]:
    subj = verb_args(verb, cues).subj
    if not subj:
        return None, ""
    head = subj[0]
    found = np_actors(head, index, cues)
    actor = found.mentions[0].actor_id if found.mentions else None
    return actor, _speaker_phrase(head)


def _events_in(events: list[Event], start: int, end: int) -> tuple[str, ...]:
    return tuple(e.id for e in events if start <= e.trigger_start < end)


def find_quotes(
    sdoc, doc_id: str, index: ActorIndex, events: list[Event], cues: Cues
) -> list[Quote]:
    """Direct and reported quotes of the document, in text order."""
    table = token_table(sdoc)
    text = table.text
    quotes: list[Quote] = []
    direct_spans: list[tuple[int, int]] = []
    for m in _QUOTE_RX.finditer(text):
        group = 1 if m.group(1) is not None else 2
        start, end = m.span(group)
        if len(m.group(group).split()) < MIN_QUOTE_WORDS:
            continue
        direct_spans.append((start, end))
        verb = _reporting_verb_near(sdoc, m.start(), m.end(), cues)
        speaker, speaker_text, cue = None, "", ""
        if verb is not None:
            speaker, speaker_text = _speaker(verb, index, cues)
            cue = verb.lemma_.lower()
        quotes.append(
            Quote(
                quote_id(doc_id, start, end, "direct"),
                doc_id,
                speaker,
                speaker_text,
                text[start:end],
                start,
                end,
                "direct",
                cue,
                _events_in(events, start, end),
            )
        )
    for i, (pos, lemma) in enumerate(zip(table.pos, table.lemma, strict=True)):
        if pos != "VERB" or lemma not in cues.reporting_verbs:
            continue
        tok = sdoc[i]
        if any(s <= tok.idx < e for s, e in direct_spans):
            continue
        for c in tok.children:
            if c.dep_ != "ccomp":
                continue
            left = c.left_edge
            if left.lower_ == "that" and left.i + 1 <= c.right_edge.i:
                left = sdoc[left.i + 1]
            start, end = left.idx, c.right_edge.idx + len(c.right_edge.text)
            if any(start < e and s < end for s, e in direct_spans) or end - start < 12:
                continue
            speaker, speaker_text = _speaker(tok, index, cues)
            if not speaker_text:
                continue
            quotes.append(
                Quote(
                    quote_id(doc_id, start, end, "reported"),
                    doc_id,
                    speaker,
                    speaker_text,
                    text[start:end],
                    start,
                    end,
                    "reported",
                    tok.lemma_.lower(),
                    _events_in(events, start, end),
                )
            )
    for i, (lower, dep) in enumerate(zip(table.lower, table.dep, strict=True)):
        if lower == "according" and dep == "prep":
            tok = sdoc[i]
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            pobj = (
                next((p for p in to.children if p.dep_ == "pobj"), None) if to is not None else None
            )
            if pobj is None:
                continue
            sent = tok.sent
            found = np_actors(pobj, index, cues)
            speaker = found.mentions[0].actor_id if found.mentions else None
            start, end = sent.start_char, sent.end_char
            quotes.append(
                Quote(
                    quote_id(doc_id, start, end, "reported"),
                    doc_id,
                    speaker,
                    _speaker_phrase(pobj),
                    text[start:end],
                    start,
                    end,
                    "reported",
                    "according to",
                    _events_in(events, start, end),
                )
            )
    quotes.sort(key=lambda q: (q.start, q.end, q.kind))
    return quotes


def _reporting_verb_near(sdoc, qstart: int, qend: int, cues: Cues):
    """The reporting verb outside the quotation marks of the sentence(s) around them."""
    first = sdoc.char_span(qstart, qstart + 1, alignment_mode="expand")
    last = sdoc.char_span(max(qend - 1, qstart), qend, alignment_mode="expand")
    if first is None or last is None:
        return None
    sents = [first[0].sent]
    if last[0].sent != sents[0]:
        sents.append(last[0].sent)
    nxt = last[0].sent.end
    if nxt < len(sdoc):
        sents.append(sdoc[nxt].sent)  # 'Quote.' He said. / "...," she added.
    prev_end = first[0].sent.start
    if prev_end > 0:
        prev = sdoc[prev_end - 1].sent
        if prev.text.rstrip().endswith(":"):
            sents.insert(0, prev)
    table = token_table(sdoc)  # scanned by index: a Token is made only for a candidate
    idx, pos, lemma = table.idx, table.pos, table.lemma
    for sent in sents:
        for i in range(sent.start, sent.end):
            if qstart <= idx[i] < qend:
                continue
            if pos[i] == "VERB" and lemma[i] in cues.reporting_verbs:
                tok = sdoc[i]
                subj = verb_args(tok, cues).subj
                if subj and not (qstart <= subj[0].idx < qend):
                    return tok
    return None
