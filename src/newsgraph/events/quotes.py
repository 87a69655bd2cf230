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
    t = token_table(tok.doc)
    i = tok.i
    left, right = t.left_edge(i), i
    for c in t.children[i]:
        if c > i and (
            t.dep[c] in ("appos", "compound", "amod") or (t.dep[c] == "prep" and t.lower[c] == "of")
        ):
            right = max(right, t.right_edge(c))
    right = min(right, i + 8)
    return t.text[t.idx[left] : t.end[right]]


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
        if any(s <= table.idx[i] < e for s, e in direct_spans):
            continue
        tok = sdoc[i]
        for c in table.children[i]:
            if table.dep[c] != "ccomp":
                continue
            left, right = table.left_edge(c), table.right_edge(c)
            if table.lower[left] == "that" and left + 1 <= right:
                left += 1
            start, end = table.idx[left], table.end[right]
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
    table = token_table(sdoc)  # scanned by index: a Token is made only for a candidate
    first = table.token_span(qstart, qstart + 1)
    last = table.token_span(max(qend - 1, qstart), qend)
    if first is None or last is None or first[0] >= first[1] or last[0] >= last[1]:
        return None
    sents = [table.sentence(first[0])]
    last_sent = table.sentence(last[0])
    if last_sent != sents[0]:
        sents.append(last_sent)
    nxt = last_sent[1]
    if nxt < len(table):
        sents.append(table.sentence(nxt))  # 'Quote.' He said. / "...," she added.
    prev_end = sents[0][0]
    if prev_end > 0:
        prev = table.sentence(prev_end - 1)
        if table.text[table.idx[prev[0]] : table.end[prev[1] - 1]].rstrip().endswith(":"):
            sents.insert(0, prev)
    idx, pos, lemma = table.idx, table.pos, table.lemma
    for sent_start, sent_end in sents:
        for i in range(sent_start, sent_end):
            if qstart <= idx[i] < qend:
                continue
            if pos[i] == "VERB" and lemma[i] in cues.reporting_verbs:
                tok = sdoc[i]
                subj = verb_args(tok, cues).subj
                if subj and not (qstart <= subj[0].idx < qend):
                    return tok
    return None
