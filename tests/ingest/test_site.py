"""Site furniture counted over a whole folder, whatever windows the inputs come in."""

from __future__ import annotations

from newsgraph.ingest import clean, with_site_furniture
from newsgraph.ingest.site import LineCounter, folder_furniture, shared_line_hashes
from newsgraph.model import RawInput

FOOTER = "Valley Courier is published by the Valley Press Cooperative in Tucson"
PARAS = [
    f"Story {n}: the county council met on {day} and voted to repair the old bridge over "
    "the river before the rains, after residents complained about the detour it forces."
    for n, day in enumerate(["Monday", "Tuesday", "Wednesday", "Thursday"])
]


def _folder(tmp_path):
    for n, para in enumerate(PARAS):
        (tmp_path / f"story{n}.txt").write_text(f"Headline number {n}\n\n{para}\n\n{FOOTER}\n")
    (tmp_path / "README.md").write_text(f"{FOOTER}\n")  # not an article: not counted
    return [
        RawInput(str(tmp_path / f"story{n}.txt"), (tmp_path / f"story{n}.txt").read_bytes(), "text")
        for n in range(len(PARAS))
    ]


def test_footer_shared_by_the_folder_is_removed_even_one_input_at_a_time(tmp_path) -> None:
    raws = _folder(tmp_path)
    assert len(folder_furniture(str(tmp_path))) >= 1
    for raw in raws:
        [told] = with_site_furniture([raw])  # a window of one input
        doc = clean(told)
        assert FOOTER not in doc.body
        assert any(r.reason == "site-repeat" and r.text == FOOTER for r in doc.removed)
        assert doc.body.startswith("Story")


def test_a_line_on_two_documents_is_not_furniture(tmp_path) -> None:
    raws = _folder(tmp_path)[:2]
    for n in range(2, len(PARAS)):
        (tmp_path / f"story{n}.txt").unlink()
    [told] = with_site_furniture(raws[:1])
    assert FOOTER in clean(told).body


def test_counter_keeps_frequent_lines_within_its_bound() -> None:
    counter = LineCounter(limit=50)
    for n in range(200):
        counter.add({"menu", "footer", f"unique-{n}", f"unique-{n}-b"})
        assert len(counter.counts) <= 50
    assert counter.shared() == frozenset({"menu", "footer"})
    texts = [f"Menu line\nText {n} that is its own.\n" for n in range(3)]
    assert len(shared_line_hashes(texts)) == 1
