"""The analysis step's batches: the last ones are cut smaller so that the workers finish
together; nothing is lost, repeated or reordered. And the build's garbage-collector
setting: raised for the build, restored after it, also when it fails."""

from __future__ import annotations

import gc

import pytest

from newsgraph.pipeline import BUILD_GEN0_THRESHOLD, batched, fewer_collections, tapered


def test_the_last_batches_are_cut_into_quarters_in_order():
    items = list(range(1000))
    batches = list(tapered(batched(items, 32), len(items), 32, 2))
    assert [x for b in batches for x in b] == items
    sizes = [len(b) for b in batches]
    # 2 workers x 32: the batches that start within the last 128 items come in eights
    assert sizes[:28] == [32] * 28
    assert sizes[28:] == [8] * 13


def test_one_process_or_a_short_run():
    items = list(range(100))
    assert list(tapered(batched(items, 32), 100, 32, 1)) == list(batched(items, 32))
    short = list(tapered(batched(items, 32), 100, 32, 4))
    assert [x for b in short for x in b] == items and max(map(len, short)) == 8
    assert list(tapered(iter([]), 0, 32, 2)) == []


def test_the_build_collects_young_objects_less_often_and_restores_the_thresholds():
    before = gc.get_threshold()
    with fewer_collections():
        inside = gc.get_threshold()
    assert inside[0] >= BUILD_GEN0_THRESHOLD and inside[1:] == before[1:]
    assert gc.get_threshold() == before
    with pytest.raises(KeyError), fewer_collections():
        raise KeyError("a failing build")
    assert gc.get_threshold() == before
