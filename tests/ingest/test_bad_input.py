"""Bad input: each gets a clear error naming it and the reason; the batch goes on."""

from __future__ import annotations

import gzip
import json
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import newsgraph
from newsgraph.errors import InputError, StoreError
from newsgraph.ingest import clean, decode, iter_inputs
from newsgraph.model import RawInput
from newsgraph.settings import Settings

NEWSGRAPH = [sys.executable, "-c", "from newsgraph.cli import main; main()"]
GOOD = (
    "Election officials in the northern province began counting ballots on Sunday evening, "
    "and said the first results would be published before noon on Monday."
)
RUSSIAN = (
    "Министр иностранных дел заявил в понедельник, что переговоры о границе продолжатся "
    "на следующей неделе в столице. Стороны договорились обменяться списками пленных."
)


def _clean_bytes(data: bytes, name: str = "x.txt", media: str = "text"):
    return clean(RawInput(name, data, media))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG image"),
        (b"%PDF-1.7\n" + bytes(100), "PDF"),
        (b"hello\x00world" * 40, "NUL bytes"),
        (b"SQLite format 3\x00" + bytes(100), "SQLite database"),
    ],
)
def test_binary_is_refused_by_kind(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as err:
        _clean_bytes(data, "mystery.txt")
    assert "mystery.txt" in str(err.value) and reason in str(err.value)


@pytest.mark.parametrize("data", [b"", b"   \n\n\t  \n"])
def test_empty(data: bytes) -> None:
    with pytest.raises(InputError, match="empty"):
        _clean_bytes(data, "empty.txt")


def test_undecodable_bytes() -> None:
    rng = random.Random(7)
    garbage = bytes(rng.randrange(128, 256) for _ in range(3000))
    with pytest.raises(InputError, match="could not decode") as err:
        decode(RawInput("garbage.txt", garbage, "text"))
    assert "garbage.txt" in str(err.value)


def test_cp1251_russian_page_decodes_with_and_without_declaration() -> None:
    declared = (
        f'<html><head><meta charset="windows-1251"></head><body><p>{RUSSIAN}</p></body></html>'
    )
    bare = f"<html><body><article><p>{RUSSIAN}</p><p>{RUSSIAN}</p></article></body></html>"
    for html in (declared, bare):
        doc = _clean_bytes(html.encode("cp1251"), "ru.html", "html")
        assert "переговоры о границе" in doc.body
        assert doc.language == "ru"
    text_doc = _clean_bytes(RUSSIAN.encode("cp1251"), "ru.txt")
    assert text_doc.body == RUSSIAN


def test_utf16_with_bom() -> None:
    doc = _clean_bytes(GOOD.encode("utf-16"), "wide.txt")
    assert doc.body == GOOD


def test_truncated_gzip_keeps_what_was_read(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl.gz"
    payload = "".join(json.dumps({"text": f"{GOOD} Number {i}."}) + "\n" for i in range(200))
    whole = gzip.compress(payload.encode())
    path.write_bytes(whole[: len(whole) // 2])
    items = list(iter_inputs([str(path)], Settings()))
    assert isinstance(items[-1], InputError)
    assert "truncated or corrupt" in str(items[-1]) and str(path) in str(items[-1])
    assert len(items) > 1 and all(isinstance(x, RawInput) for x in items[:-1])


def test_missing_path_names_it() -> None:
    [item] = list(iter_inputs(["/no/such/place.txt"], Settings()))
    assert isinstance(item, InputError) and "/no/such/place.txt" in str(item)
    assert "no such file" in str(item)


def test_fifty_megabyte_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    line = ("The committee reviewed the annual report and approved the accounts. " * 6).strip()
    with path.open("w") as fh:
        i = 0
        while fh.tell() < 50 * 2**20:
            fh.write(f"Section {i}. {line}\n\n")
            i += 1
    [refused] = list(iter_inputs([str(path)], Settings(max_mb=10)))
    assert isinstance(refused, InputError) and "over the limit of 10" in str(refused)
    [raw] = list(iter_inputs([str(path)], Settings()))
    assert isinstance(raw, RawInput)
    started = time.perf_counter()
    doc = clean(raw)
    assert time.perf_counter() - started < 90
    assert doc.body.startswith("Section 0.") and doc.body.rstrip().endswith("accounts.")


def test_folder_of_ten_thousand_files(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    for i in range(10_000):
        sub = folder / f"{i // 1000:02d}"
        if i % 1000 == 0:
            sub.mkdir(parents=True)
        (sub / f"{i:05d}.txt").write_text(f"{GOOD} Item {i}.")
    started = time.perf_counter()
    items = list(iter_inputs([str(folder)], Settings()))
    assert len(items) == 10_000 and all(isinstance(x, RawInput) for x in items)
    assert items[0].source.endswith("00000.txt") and items[-1].source.endswith("09999.txt")
    assert time.perf_counter() - started < 30
    assert clean(items[1234]).body.endswith("Item 1234.")


def test_database_that_is_not_ours(tmp_path: Path) -> None:
    foreign = tmp_path / "theirs.db"
    conn = sqlite3.connect(foreign)
    conn.execute("create table customers (id integer primary key, name text)")
    conn.commit()
    conn.close()
    before = foreign.read_bytes()
    (tmp_path / "a.txt").write_text(GOOD)
    with pytest.raises(StoreError, match="not a newsgraph database"):
        newsgraph.build([str(tmp_path / "a.txt")], db=foreign, analyse=False)
    assert foreign.read_bytes() == before  # untouched
    # Given as an input, a database file is refused as binary, naming it.
    with pytest.raises(InputError, match="SQLite database"):
        clean(RawInput(str(foreign), foreign.read_bytes(), "text"))


def test_batch_goes_on_and_exit_status_reports_partial_failure(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text(GOOD)
    (inputs / "empty.txt").write_text("")
    (inputs / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (inputs / "ru.html").write_bytes(f"<html><body><p>{RUSSIAN}</p></body></html>".encode("cp1251"))
    db = tmp_path / "out.db"
    report = newsgraph.build([str(inputs), str(tmp_path / "missing.txt")], db=db, analyse=False)
    assert report.new == 2
    failed = dict(report.failed)
    assert set(failed) == {
        str(inputs / "empty.txt"),
        str(inputs / "binary.txt"),
        str(tmp_path / "missing.txt"),
    }
    done = subprocess.run(
        [*NEWSGRAPH, "build", str(inputs), "--db", str(db), "--no-analyse"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1  # partial failure
    assert "binary.txt" in done.stderr + done.stdout
    assert (
        newsgraph.open(db).documents(limit=10) and len(newsgraph.open(db).documents(limit=10)) == 2
    )
