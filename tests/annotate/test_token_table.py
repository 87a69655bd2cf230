"""The token table: plain lists that must say what spaCy's Token objects say."""

from __future__ import annotations

import threading

from newsgraph.annotate.tokens import token_table

TEXT = (
    "Russian Foreign Minister Sergei Lavrov met Taliban envoys in Moscow on Tuesday.  "
    '"We will not recognise them yet," he said: talks stalled.\n\nThe U.S. declined to comment.'
)


def test_columns_match_the_tokens(nlp):
    sdoc = nlp(TEXT)
    table = token_table(sdoc, TEXT)
    assert len(table) == len(sdoc)
    for tok in sdoc:
        i = tok.i
        assert table.idx[i] == tok.idx
        assert table.end[i] == tok.idx + len(tok.text)
        assert (table.pos[i], table.tag[i], table.dep[i]) == (tok.pos_, tok.tag_, tok.dep_)
        assert table.lemma[i] == tok.lemma_.lower()
        assert table.lower[i] == tok.lower_
        assert (table.punct[i], table.alpha[i]) == (tok.is_punct, tok.is_alpha)
        assert table.space[i] == tok.is_space
        assert table.sent_start[i] == bool(tok.is_sent_start)
    sents = list(sdoc.sents)
    assert table.sents == [(s.start, s.end) for s in sents]
    assert table.sentence_chars() == [(s.start_char, s.end_char) for s in sents]
    assert all(sents[table.sent[t.i]].start <= t.i < sents[table.sent[t.i]].end for t in sdoc)
    assert any(t.is_space for t in sdoc)  # the double space and the blank line
    assert table.words() == sum(1 for t in sdoc if not t.is_space and not t.is_punct)


def test_text_is_the_documents_and_a_wrong_one_is_not_taken(nlp):
    sdoc = nlp(TEXT)
    assert token_table(sdoc, TEXT).text == TEXT
    other = nlp(TEXT)
    # a text that cannot be this document's (another length, another last word) is not taken
    assert token_table(other, TEXT + " More.").text == TEXT
    assert token_table(nlp(TEXT), TEXT[:-1] + "!").text == TEXT


def test_one_table_per_document_and_thread(nlp):
    a, b = nlp("Iran protested."), nlp("Turkey shelled positions.")
    first = token_table(a)
    assert token_table(a) is first
    assert token_table(b) is not first
    assert token_table(b).lower[0] == "turkey"
    seen = []
    worker = threading.Thread(target=lambda: seen.append(token_table(a)))
    worker.start()
    worker.join()
    assert seen[0] is not first and seen[0].lower == first.lower


def test_empty_document(nlp):
    table = token_table(nlp(""), "")
    assert len(table) == 0 and table.sentence_chars() == [] and table.text == ""


TREE_TEXT = (
    "Turkish-backed rebels and Kurdish fighters, whom Ankara calls terrorists, clashed near "
    "Afrin on Monday, the monitor said.  Iran, Russia and Turkey met in Astana, but failed to "
    "agree on a ceasefire that Damascus had rejected.\n\nWho armed them?"
)


def test_the_tree_is_spacys(nlp):
    sdoc = nlp(TREE_TEXT)
    table = token_table(sdoc, TREE_TEXT)
    for tok in sdoc:
        i = tok.i
        assert table.head[i] == tok.head.i
        assert table.children[i] == [c.i for c in tok.children]
        assert table.subtree(i) == [t.i for t in tok.subtree]
        assert table.conjuncts(i) == [t.i for t in tok.conjuncts]
        assert (table.left_edge(i), table.right_edge(i)) == (tok.left_edge.i, tok.right_edge.i)
    assert any(table.conjuncts(i) for i in range(len(table)))  # a coordination was read
    assert sum(1 for i in range(len(table)) if table.head[i] == i) == len(table.sents)


def test_token_spans_and_roots_are_spacys(nlp):
    sdoc = nlp(TREE_TEXT)
    table = token_table(sdoc, TREE_TEXT)
    checked = 0
    for start in range(len(TREE_TEXT)):
        for width in (1, 3, 9, 30):
            end = min(start + width, len(TREE_TEXT))
            span = sdoc.char_span(start, end, alignment_mode="expand")
            found = table.token_span(start, end)
            if span is None:
                assert found is None
                continue
            assert found == (span.start, span.end)
            if len(span):
                assert table.span_root(*found) == span.root.i
                checked += 1
    for ent in sdoc.ents:
        assert table.span_root(ent.start, ent.end) == ent.root.i
    assert checked > 500
    assert table.token_span(len(TREE_TEXT), len(TREE_TEXT) + 4) is None
