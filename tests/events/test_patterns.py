"""The ontology and pattern files: loading, user extensions, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.errors import ModelError
from newsgraph.events import PatternSet


def test_ontology_has_the_sixteen_types_with_quads_and_scores(patterns):
    onto = patterns.ontology
    assert len(onto.types) == 16
    assert {onto.quad_class(t) for t in onto.types} == {
        "verbal-cooperation",
        "material-cooperation",
        "verbal-conflict",
        "material-conflict",
    }
    assert onto.score("AID", None) > onto.score("CONSULT", None) > 0 > onto.score("ASSAULT", None)
    assert onto.score("ASSAULT", "massacre") < onto.score("ASSAULT", None)
    assert onto.canonical("FIGHT") == "ASSAULT" and onto.canonical("DEMAND") == "REQUEST"


def test_every_shipped_pattern_names_a_real_type_and_mode(patterns):
    for index in (patterns.verbs, patterns.nouns):
        for plist in index.values():
            for p in plist:
                assert p.type in patterns.ontology.types or p.type == "INTENT"
                if p.mode and p.type != "INTENT":
                    assert patterns.ontology.has_mode(p.type, p.mode), p.origin


def test_user_patterns_come_first_and_extend_cues(tmp_path, nlp):
    from newsgraph.events import extract_events
    from newsgraph.model import Document

    user = tmp_path / "mine.yaml"
    user.write_text(
        "cues:\n  hearsay_adverbs: [purportedly-ish]\n"
        "verbs:\n  - {verb: snub, type: ACCUSE, mode: disapprove, requires: [target]}\n",
        encoding="utf-8",
    )
    ps = PatternSet.load([user])
    assert ps.for_verb("snub")[0].type == "ACCUSE" and ps.for_verb("snub")[0].origin.startswith(
        "mine.yaml"
    )
    assert "purportedly-ish" in ps.cues.hearsay_adverbs
    text = "France snubbed Italy."
    doc = Document(id="u", source="t", raw_hash="r", content_hash="c", body=text)
    events, _ = extract_events(nlp(text), doc, [], None, ps)
    assert [e.type for e in events] == ["ACCUSE"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("verbs: [{verb: x}]", "needs 'verb' and 'type'"),
        ("verbs: [{verb: x, type: PUNCH}]", "unknown PLOVER type PUNCH"),
        ("verbs: [{verb: x, type: ASSAULT, mode: tickle}]", "has no mode 'tickle'"),
        ("verbs: [{verb: x, type: ASSAULT, target: [elsewhere]}]", "unknown role"),
        ("verbs: [{verb: x, type: ASSAULT, object: ['@nothing']}]", "unknown word class"),
        ("verbs: [unclosed", "not valid YAML"),
        ("- just a list", "not a mapping"),
    ],
)
def test_bad_user_file_names_the_file_and_the_reason(tmp_path, content, message):
    bad = tmp_path / "bad.yaml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(ModelError) as info:
        PatternSet.load([bad])
    assert message in str(info.value)
    assert "bad.yaml" in str(info.value)


def test_missing_user_file(tmp_path):
    with pytest.raises(ModelError, match="could not be read"):
        PatternSet.load([tmp_path / "nope.yaml"])


def test_fast_yaml_loader_reads_the_shipped_files_as_the_python_one_does():
    import yaml

    from newsgraph.events import patterns as pmod

    data = Path(pmod.__file__).parent / "data"
    files = sorted(data.glob("*.yaml"))
    assert len(files) >= 3
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert pmod._load_yaml(text) == yaml.safe_load(text), path.name


def test_a_bad_file_still_gets_the_python_loaders_message(tmp_path):
    import yaml

    text = "verbs:\n  - {verb: x, type: ASSAULT\n"
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(yaml.YAMLError) as python_error:
        yaml.safe_load(text)
    with pytest.raises(ModelError) as info:
        PatternSet.load([bad])
    assert str(python_error.value).splitlines()[0] in str(info.value)
    assert "bad.yaml" in str(info.value)
