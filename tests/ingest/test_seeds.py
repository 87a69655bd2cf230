"""The five scraped seed articles: whole bodies, no furniture, only the metadata the text gives.

The expectations are read from the raw seed files at run time (their marker lines), so no
seed sentence is written into the repository.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import newsgraph
from newsgraph.ingest import clean_batch, iter_inputs
from newsgraph.model import Document
from newsgraph.settings import Settings


@pytest.fixture(scope="module")
def seed_docs(seeds: Path) -> list[tuple[list[str], Document]]:
    raws = [x for x in iter_inputs([str(seeds)], Settings())]
    docs = clean_batch(raws)
    out = []
    for raw, doc in zip(raws, docs, strict=True):
        assert isinstance(doc, Document), doc
        lines = [ln.strip() for ln in raw.data.decode("utf-8").splitlines() if ln.strip()]
        out.append((lines, doc))
    assert len(out) == 5
    return out


def _removed(doc: Document) -> dict[str, str]:
    return {r.text: r.reason for r in doc.removed}


def test_whole_body_kept(seed_docs) -> None:
    for lines, doc in seed_docs:
        # Article paragraphs: long lines that are not a teaser's blurb (the line before
        # "Read more") and do not stand in a list after "See also" / "Most read".
        end = min([lines.index(m) for m in ("See also", "Most read") if m in lines] or [len(lines)])
        long_lines = [
            ln
            for i, ln in enumerate(lines[:end])
            if len(ln.split()) >= 40 and (i + 1 == len(lines) or lines[i + 1] != "Read more")
        ]
        assert doc.body.startswith(long_lines[0])  # the first paragraph is kept, first
        for ln in long_lines:
            assert ln in doc.body or _removed(doc).get(ln) == "bio", ln[:60]


def test_teasers_are_removed(seed_docs) -> None:
    seen = 0
    for lines, doc in seed_docs:
        removed = _removed(doc)
        for i, ln in enumerate(lines):
            if ln == "Read more":
                seen += 1
                assert removed[ln] == "teaser"
                assert removed[lines[i - 1]] == "teaser"  # the blurb
                assert removed[lines[i - 2]] == "teaser"  # the headline
                assert lines[i - 1] not in doc.body
        assert "Read more" not in doc.body
    assert seen >= 1


def test_see_also_and_most_read_lists_and_bio_are_removed(seed_docs) -> None:
    seen = 0
    for lines, doc in seed_docs:
        removed = _removed(doc)
        markers = [m for m in ("See also", "Most read") if m in lines]
        for marker, reason in (("See also", "related"), ("Most read", "most-read")):
            if marker in lines:
                seen += 1
                start = lines.index(marker)
                assert removed[marker] == reason
                for ln in lines[start + 1 :]:
                    assert ln in removed and ln not in doc.body
        if markers:
            # The paragraph just above the first list is the author's bio.
            assert removed[lines[lines.index(markers[0]) - 1]] == "bio"
    assert seen >= 2


def test_closing_bio_with_a_handle_gives_the_author(seed_docs) -> None:
    seen = 0
    for lines, doc in seed_docs:
        last = lines[-1]
        if re.search(r"@\w+$", last):
            seen += 1
            assert _removed(doc)[last] == "bio"
            assert doc.authors and last.startswith(doc.authors[0])
    assert seen >= 1


def test_header_lines_title_date_author(seed_docs) -> None:
    for lines, doc in seed_docs:
        removed = _removed(doc)
        date_line = next(
            (ln for ln in lines[:3] if re.fullmatch(r"date \d{4}-\d\d-\d\d", ln)), None
        )
        if date_line:
            assert removed[date_line] == "header"
            assert (doc.published, doc.published_precision) == (date_line[5:], "day")
        else:
            assert doc.published is None  # never invented
        author_line = next((ln for ln in lines[:5] if ln.startswith("Author: ")), None)
        if author_line:
            assert doc.authors == (author_line[len("Author: ") :],)
            assert removed[author_line] == "header"
        if lines[0] == lines[1]:
            assert doc.title == lines[0]
            assert list(removed.values()).count("repeated-title") == 1
            assert lines[0] not in doc.body
        if len(lines[0].split()) >= 40:
            assert doc.title is None  # the text starts with prose: no title to give
        assert doc.language == "en"


def test_navigation_label_and_language_switch(seed_docs) -> None:
    seen = set()
    for lines, doc in seed_docs:
        removed = _removed(doc)
        for ln in lines:
            if ln in {"RU", "EN"}:
                seen.add("language")
                assert removed[ln] == "language-switch"
            if len(re.findall(r"[a-z][A-Z]", ln)) >= 2 and len(ln.split()) <= 8:
                seen.add("navigation")
                assert removed[ln] == "navigation"
    assert seen == {"language", "navigation"}


def test_headings_inside_the_article_are_kept(seed_docs) -> None:
    headings = sum(1 for _, doc in seed_docs for b in doc.blocks if b.kind == "heading")
    assert headings >= 6
    for _, doc in seed_docs:
        for b in doc.blocks:
            if b.kind == "heading":
                assert len(doc.body[b.start : b.end].split()) <= 15


def test_build_is_a_no_op_the_second_time(seeds: Path, tmp_path: Path) -> None:
    db = tmp_path / "seeds.db"
    first = newsgraph.build([str(seeds)], db=db, analyse=False)
    assert (first.new, len(first.failed)) == (5, 0)
    second = newsgraph.build([str(seeds)], db=db, analyse=False)
    assert (second.new, second.unchanged, len(second.failed)) == (0, 5, 0)
