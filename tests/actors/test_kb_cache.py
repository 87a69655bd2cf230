"""The compiled copy of the knowledge base (newsgraph.actors.cache): read when nothing
it was built from changed, never when something did, and harmless when the cache
folder cannot be written or holds a broken file."""

from __future__ import annotations

import os
import shutil
from importlib import resources
from pathlib import Path

import pytest
import yaml

from newsgraph.actors import KnowledgeBase, Override, cache

USER_FILE = (
    "groups:\n"
    "  - {id: group:red-reed, name: Red Reed Front, aka: [RRF], country: TJK, sector: REB}\n"
)


@pytest.fixture()
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("NEWSGRAPH_CACHE_DIR", str(folder))
    return folder


def _copies(folder: Path) -> list[Path]:
    return sorted(folder.glob("kb-*.pickle"))


def _uncached(*args, **kwargs) -> KnowledgeBase:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NEWSGRAPH_CACHE_DIR", "off")
        kb = KnowledgeBase.load(*args, **kwargs)
    assert kb.loaded_from == "files"
    return kb


def test_second_load_reads_the_copy_and_equals_a_fresh_build(cache_dir: Path):
    first = KnowledgeBase.load()
    assert first.loaded_from == "files"
    assert len(_copies(cache_dir)) == 1
    second = KnowledgeBase.load()
    assert second.loaded_from == "cache"
    assert second == first == _uncached()
    assert second is not first
    assert second.actor("person:vladimir-putin").roles == first.actor("person:vladimir-putin").roles


def test_user_decisions_are_applied_to_the_copy_each_time(cache_dir: Path):
    KnowledgeBase.load()
    merged = KnowledgeBase.load(extra=[Override("merge", "group:islamic-state", "group:iskp")])
    assert merged.loaded_from == "cache"
    assert merged.lookup("ISKP") == ["group:islamic-state"]
    # the decision did not leak into the stored copy
    plain = KnowledgeBase.load()
    assert plain.loaded_from == "cache"
    assert plain.lookup("ISKP") == ["group:iskp"]


def test_changed_user_file_is_read_again(cache_dir: Path, tmp_path: Path):
    path = tmp_path / "mine.yaml"
    path.write_text(USER_FILE, encoding="utf-8")
    assert KnowledgeBase.load([path]).lookup("RRF") == ["group:red-reed"]
    assert KnowledgeBase.load([path]).loaded_from == "cache"
    # same size, same modification time would not fool it: the key is the content
    stat = path.stat()
    path.write_text(USER_FILE.replace("RRF", "RRX"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    changed = KnowledgeBase.load([path])
    assert changed.loaded_from == "files"
    assert changed.lookup("RRX") == ["group:red-reed"]
    assert changed.lookup("RRF") == []
    # and without the user file, the shipped knowledge base alone
    assert KnowledgeBase.load().lookup("RRX") == []


def test_changed_shipped_file_is_read_again(cache_dir: Path, tmp_path: Path):
    folder = tmp_path / "kb"
    shutil.copytree(Path(str(resources.files("newsgraph.actors") / "kb")), folder)
    assert KnowledgeBase.load(folder=folder).loaded_from == "files"
    assert KnowledgeBase.load(folder=folder).loaded_from == "cache"
    people = folder / "people.yaml"
    people.write_text(
        people.read_text(encoding="utf-8")
        + '\n  - {name: Zarina Testova, roles: ["TJK GOV Prime Minister 2031-01-01/"]}\n',
        encoding="utf-8",
    )
    changed = KnowledgeBase.load(folder=folder)
    assert changed.loaded_from == "files"
    assert changed.codes_at("person:zarina-testova", "2031-06-01") == ("TJK", "GOV")
    assert KnowledgeBase.load().actor("person:zarina-testova") is None


def test_unwritable_cache_folder_only_costs_the_speed(tmp_path: Path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("NEWSGRAPH_CACHE_DIR", str(blocker / "cache"))  # cannot be made
    kb = KnowledgeBase.load()
    assert kb.loaded_from == "files"
    assert kb == _uncached()


def test_read_only_cache_folder(cache_dir: Path):
    KnowledgeBase.load()  # a copy exists
    cache_dir.chmod(0o555)
    try:
        assert KnowledgeBase.load().loaded_from == "cache"
        # a new combination cannot be stored (unless we run as root), and still loads
        kb = KnowledgeBase.load(extra=[Override("split", "RUS.GOV", "Kremlin")])
        assert kb.after_overrides("RUS.GOV", "Kremlin") == "user:kremlin"
        user = cache_dir.parent / "mine.yaml"
        user.write_text(USER_FILE, encoding="utf-8")
        fresh = KnowledgeBase.load([user])
        assert fresh.loaded_from == "files"
        assert fresh == _uncached([user])
        if os.geteuid() != 0:  # root writes through the mode bits
            assert len(_copies(cache_dir)) == 1
    finally:
        cache_dir.chmod(0o755)


def test_broken_copy_is_built_again(cache_dir: Path):
    KnowledgeBase.load()
    (copy,) = _copies(cache_dir)
    copy.write_bytes(copy.read_bytes()[:1000])  # cut short
    kb = KnowledgeBase.load()
    assert kb.loaded_from == "files"
    assert kb == _uncached()
    assert KnowledgeBase.load().loaded_from == "cache"  # and rewritten whole


def test_cache_switched_off(monkeypatch):
    monkeypatch.setenv("NEWSGRAPH_CACHE_DIR", "off")
    assert cache.cache_dir() is None
    assert KnowledgeBase.load().loaded_from == "files"


def test_old_copies_are_pruned(cache_dir: Path, tmp_path: Path):
    for n in range(cache.KEEP + 3):
        path = tmp_path / f"user{n}.yaml"
        path.write_text(USER_FILE.replace("RRF", f"RR{n}"), encoding="utf-8")
        KnowledgeBase.load([path])
    assert len(_copies(cache_dir)) == cache.KEEP


def test_fast_yaml_loader_reads_the_shipped_files_as_the_safe_loader_does():
    folder = resources.files("newsgraph.actors") / "kb"
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for entry in folder.iterdir():
        if entry.name.endswith(".yaml"):
            text = entry.read_text(encoding="utf-8")
            assert yaml.load(text, Loader=loader) == yaml.safe_load(text), entry.name
