"""The shortcuts that make resolution cheap (issue 7): they must change no answer.
Sentences written for these tests."""

from __future__ import annotations

import threading

from newsgraph.actors import KnowledgeBase, resolve, resolve_mentions
from newsgraph.actors.kb import normalise
from newsgraph.model import Actor, Document


def _doc(text: str) -> Document:
    return Document(
        id="f", source="f", raw_hash="", content_hash="", body=text, published="2020-05-01"
    )


def test_phrases_after_the_and_across_a_hyphen(ruled, kb):
    text = (
        "Gunmen attacked a checkpoint in Tajikistan, and the army answered within hours. "
        "Pro-government militias in Tajikistan joined the security forces."
    )
    mentions, _ = resolve_mentions(ruled(text), _doc(text), kb)
    found = {(m.text, m.actor_id, m.rule) for m in mentions}
    assert ("the army", "TJK.MIL", "sector-noun") in found
    assert ("the security forces", "TJK.MIL", "sector-noun") in found
    assert ("militias in Tajikistan", "TJK.REB", "sector-noun") in found


def test_a_name_ending_the_text(ruled, kb):
    # the office search after the last entity then starts past the last token
    text = "The delegation that arrived on Monday was Tajik"
    mentions, _ = resolve_mentions(ruled(text), _doc(text), kb)
    assert [m.actor_id for m in mentions if m.text == "Tajik"] == ["TJK"]
    sdoc = ruled("Officials met the Russian")
    assert resolve._longest_phrase(kb, sdoc, len(sdoc)) is None
    assert resolve._sector_phrase(kb, sdoc[len(sdoc) - 1 :]) is None
    assert resolve._longest_phrase(kb, sdoc, 0)[:2] == ("GOV", "Officials")


def test_same_answers_in_any_order_and_from_threads(ruled, kb):
    texts = [
        "Russian troops crossed the border, and Ukrainian officials asked NATO for help.",
        "The Tajik foreign minister met Afghan security forces near Kunduz.",
        "Rebels in Darfur said Sudanese police had fired on protesters in Khartoum.",
    ]
    parsed = [ruled(t) for t in texts]

    def answers(order):
        return {i: resolve_mentions(parsed[i], _doc(texts[i]), kb) for i in order}

    first = answers([0, 1, 2])
    assert answers([2, 0, 1]) == first
    assert answers([1, 1, 2, 0]) == first
    results = {}

    def work(i):
        results[i] = [resolve_mentions(parsed[i], _doc(texts[i]), kb) for _ in range(20)]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i in range(3):
        assert all(r == first[i] for r in results[i])


def test_knowledge_base_changes_reach_the_fuzzy_matcher(ruled):
    kb = KnowledgeBase.load()
    text = "The Zarkawilland Liberation Front said it would talk."
    sdoc = ruled(text)
    before, _ = resolve_mentions(sdoc, _doc(text), kb)
    assert not any(m.actor_id == "group:zlf" for m in before)
    kb.add_actor(
        Actor(
            id="group:zlf",
            name="Zarkawiland Liberation Front",
            kind="group",
            country="TJK",
            sector="REB",
            aliases=("Zarkawiland Liberation Front",),
        )
    )
    after, _ = resolve_mentions(sdoc, _doc(text), kb)
    found = [m for m in after if m.actor_id == "group:zlf"]
    assert found and found[0].rule == "fuzzy"


def _longest_by_search(kb, sdoc, i):
    """What `_longest_phrase` answers, by looking every span of up to five words up."""
    for j in range(min(len(sdoc), i + 5), i, -1):
        span = sdoc[i:j]
        if any(t.is_punct for t in span) or any(t.is_sent_start for t in span[1:]):
            continue
        if span[-1].tag_ == "POS":
            continue
        sector = kb.sector_phrases.get(normalise(span.text))
        if sector is not None:
            return sector, span.text, j - 1
    return None


def test_the_last_word_check_changes_no_phrase_found(ruled, kb):
    """`_longest_phrase` skips a span whose last word ends no phrase of the knowledge base:
    written in a sentence, every office and body phrase it knows gets the answer a look-up
    of every span gives (the longest phrase, up to five words)."""
    keys = sorted(k for k in kb.sector_phrases if k != "general")  # a rank, judged apart
    assert len(keys) > 100
    sentences = [f"Yesterday {key} met reporters." for key in keys]
    found = 0
    for key, sdoc in zip(keys, ruled.pipe(sentences), strict=True):
        expected = _longest_by_search(kb, sdoc, 1)
        assert resolve._longest_phrase(kb, sdoc, 1) == expected, key
        found += expected is not None
    assert found > 0.9 * len(keys)


def test_a_phrase_from_a_user_file_ending_in_a_new_word(ruled, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("titles:\n  MIL: [frontier lancers]\n", encoding="utf-8")
    kb = KnowledgeBase.load([path])
    assert "lancers" in kb.phrase_ends()
    sdoc = ruled("The frontier lancers crossed the river at dawn.")
    assert resolve._longest_phrase(kb, sdoc, 0)[:2] == ("MIL", "The frontier lancers")
    assert resolve._longest_phrase(KnowledgeBase.load(), sdoc, 0) is None
