"""The vectorised attribute ruler must give what spaCy's AttributeRuler gives."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from newsgraph.annotate import resolve_model_path
from newsgraph.annotate.rules import (
    VectorAttributeRuler,
    compile_rules,
    find_matches,
    speed_up_rules,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ATTRS = ["ORTH", "TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE"]

# Texts that reach the model's rarer rules: contractions, dialect spellings, expletive
# "there", pronoun objects, auxiliaries, whitespace tokens, determiners as pronouns.
TRICKY = [
    "Y'all ain't seen nothin' yet, and I can't say it isn't so.",
    "There's no deal; there are talks.  \n\n  They'd have done it had they known.",
    "She gave it to me and I gave you that. Do you? I do. That is what he did.",
    "Which of these was it?\tAll that remains is this.",
    "",
    " ",
]


@pytest.fixture(scope="module")
def fresh():
    """A pipeline of its own (the shared one may have been changed by other tests)."""
    return spacy.load(resolve_model_path("en_core_web_md"))


def _texts() -> list[str]:
    files = sorted(p for p in EXAMPLES.rglob("*") if p.suffix in {".txt", ".md", ".html"})
    return TRICKY + [p.read_text(encoding="utf-8", errors="replace") for p in files]


def test_the_model_rules_are_vectorised_and_match_as_spacy_does(fresh):
    ruler = fresh.get_pipe("attribute_ruler")
    assert type(ruler) is AttributeRuler
    compiled = compile_rules(ruler)
    assert compiled is not None
    before = fresh.pipe_names.index("attribute_ruler")
    with fresh.select_pipes(disable=[n for n in fresh.pipe_names[before:]]):
        docs = list(fresh.pipe(_texts()))
    matches = 0
    for doc in docs:
        expected = ruler.match(doc)
        assert find_matches(compiled, doc) == expected, doc.text[:80]
        matches += len(expected)
    assert matches > 1000


def test_the_pipeline_output_is_unchanged(fresh):
    texts = _texts()
    plain = [doc.to_array(ATTRS).tolist() for doc in fresh.pipe(texts)]
    morphs = [[str(t.morph) for t in doc] for doc in fresh.pipe(texts[:6])]
    assert speed_up_rules(fresh) is True
    ruler = fresh.get_pipe("attribute_ruler")
    assert isinstance(ruler, VectorAttributeRuler) and ruler.vectorised()
    assert fresh.pipe_names.index("attribute_ruler") == 3  # same place in the pipeline
    assert [doc.to_array(ATTRS).tolist() for doc in fresh.pipe(texts)] == plain
    assert [[str(t.morph) for t in doc] for doc in fresh.pipe(texts[:6])] == morphs
    assert speed_up_rules(fresh) is True  # a second call keeps the one component


# ------------------------------------------------------------ rules of our own
WORDS = ["there", "is", "a", "Big", "big", "dog", " ", "and", "a", "cat", "is", "big", "."]
TAGS = ["EX", "VBZ", "DT", "JJ", "JJ", "NN", "_SP", "CC", "DT", "NN", "VBZ", "JJ", "."]
DEPS = [
    "expl",
    "ROOT",
    "det",
    "amod",
    "amod",
    "attr",
    "dep",
    "cc",
    "det",
    "conj",
    "cc",
    "acomp",
    "punct",
]
HEADS = [1, 1, 5, 5, 5, 1, 5, 1, 9, 1, 1, 1, 1]

RULES = [
    ([[{"TAG": "JJ"}]], {"POS": "ADJ"}, 0),
    ([[{"LOWER": "big", "TAG": {"IN": ["JJ", "JJR"]}}]], {"LEMMA": "large"}, 0),
    ([[{"TAG": "DT"}, {}]], {"MORPH": "Definite=Ind"}, 0),  # any next token
    ([[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "are"]}}]], {"POS": "AUX"}, 1),
    ([[{"LOWER": {"REGEX": "^c.t$"}}]], {"POS": "NOUN", "LEMMA": "feline"}, 0),
    ([[{"IS_SPACE": True, "DEP": {"NOT_IN": [""]}}]], {"POS": "SPACE"}, 0),
    ([[{"TEXT": "Big"}], [{"TAG": "JJ", "LOWER": "big"}]], {"POS": "PROPN"}, 0),  # two patterns
    ([[{"TAG": "JJ"}, {"TAG": {"NOT_IN": ["NN"]}}]], {"MORPH": "Degree=Pos"}, 0),
    ([[{"LOWER": "is"}, {"TAG": "JJ"}, {"IS_PUNCT": True}]], {"LEMMA": "be"}, -3),
    ([[{"TAG": "JJ"}]], {"POS": "X"}, 0),  # a later rule with the same pattern wins
]


def _ruler(rules) -> tuple[spacy.language.Language, AttributeRuler]:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    for patterns, attrs, index in rules:
        ruler.add(patterns, attrs, index=index)
    return nlp, ruler


def _doc(nlp) -> Doc:
    return Doc(nlp.vocab, words=WORDS, tags=TAGS, deps=DEPS, heads=HEADS)


def test_own_rules_match_as_spacy_does():
    nlp, ruler = _ruler(RULES)
    compiled = compile_rules(ruler)
    assert compiled is not None
    doc = _doc(nlp)
    expected = ruler.match(doc)
    assert find_matches(compiled, doc) == expected
    assert {m[0] for m in expected} == set(range(len(RULES)))  # every rule fires
    assert find_matches(compiled, Doc(nlp.vocab, words=[])) == []
    assert find_matches(compiled, Doc(nlp.vocab, words=["is"])) == ruler.match(
        Doc(nlp.vocab, words=["is"])
    )


@pytest.mark.parametrize(
    "rules",
    [
        [([[{"TAG": "JJ"}]], {"POS": "ADJ"}, 0)],  # one attribute read: one column
        [([[{}]], {"POS": "X"}, 0), ([[{}, {}]], {"LEMMA": "w"}, 1)],  # no attribute read
    ],
)
def test_rule_sets_that_read_one_or_no_attribute(rules):
    nlp, ruler = _ruler(rules)
    compiled = compile_rules(ruler)
    assert compiled is not None
    doc = _doc(nlp)
    expected = ruler.match(doc)
    assert expected and find_matches(compiled, doc) == expected


def test_own_rules_set_the_same_attributes():
    nlp_a, _ = _ruler(RULES)
    nlp_b, _ = _ruler(RULES)
    assert speed_up_rules(nlp_b) is True
    a, b = nlp_a(_doc(nlp_a)), nlp_b(_doc(nlp_b))
    got = [(t.pos_, t.lemma_, str(t.morph)) for t in b]
    assert got == [(t.pos_, t.lemma_, str(t.morph)) for t in a]
    assert got[3] == ("X", "large", "Degree=Pos")  # the later rules won
    assert got[9][:2] == ("NOUN", "feline")


@pytest.mark.parametrize(
    "patterns",
    [
        [[{"TAG": "JJ", "OP": "+"}]],  # operators
        [[{"LOWER": {"FUZZY": "big"}}]],  # other predicates
        [[{"LENGTH": 3}]],  # an attribute we do not read
        [[{"LOWER": {"IN": ["a"], "NOT_IN": ["b"]}}]],  # two predicates on one attribute
    ],
)
def test_rules_it_cannot_read_stay_with_spacy(patterns):
    nlp, ruler = _ruler(RULES + [(patterns, {"POS": "SYM"}, 0)])
    assert compile_rules(ruler) is None
    assert speed_up_rules(nlp) is False
    assert type(nlp.get_pipe("attribute_ruler")) is AttributeRuler  # left as it was


def test_a_rule_added_later_is_honoured():
    nlp, _ = _ruler(RULES)
    assert speed_up_rules(nlp) is True
    ruler = nlp.get_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "dog"}]], {"POS": "PROPN"})
    assert ruler.vectorised()
    assert nlp(_doc(nlp))[5].pos_ == "PROPN"
    ruler.add([[{"TAG": "NN", "OP": "+"}]], {"POS": "SYM"})  # now spaCy's matcher
    assert not ruler.vectorised()
    assert nlp(_doc(nlp))[5].pos_ == "SYM"


def test_no_attribute_ruler_no_change():
    nlp = spacy.blank("en")
    assert speed_up_rules(nlp) is False
    assert nlp.pipe_names == []
