"""The build on a real Dask LocalCluster gives the store a one-process build gives."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from newsgraph.errors import NewsgraphError
from newsgraph.scale import build_on_dask
from newsgraph.scale.compare import differences, store_snapshot
from newsgraph.settings import Settings

from .conftest import CORPUS_DOCS


def test_local_cluster_build_is_identical_to_one_process_build(tmp_path, corpus, reference):
    _, expected = reference
    db = tmp_path / "dask.db"
    settings = Settings(db=db, batch_size=4)
    report = build_on_dask([str(corpus)], settings, "local:2", partition_size=5, keep_shards=True)
    assert differences(store_snapshot(db), expected) == []
    assert report.analysed == report.new > 0
    assert [source for source, _ in report.failed] == [str(corpus / "zz-empty.txt")]
    # The workers' output went through Parquet shards next to the database.
    [run] = (tmp_path / "dask.db.shards").iterdir()
    cleaned = sorted(run.glob("cleaned-*.parquet"))
    analysed = sorted(run.glob("analysed-*.parquet"))
    inputs = CORPUS_DOCS + 1
    assert len(cleaned) == -(-inputs // 5) and len(analysed) == -(-report.analysed // 5)
    assert sum(pq.read_metadata(p).num_rows for p in cleaned) == inputs
    assert pq.read_table(analysed[0]).column_names == ["doc_id", "source", "error", "analysis"]


def test_running_scheduler_address_and_incremental_rerun(tmp_path, corpus, reference):
    from distributed import LocalCluster

    _, expected = reference
    db = tmp_path / "tcp.db"
    settings = Settings(db=db, batch_size=4)
    with LocalCluster(
        n_workers=2, processes=False, protocol="tcp://", dashboard_address=None
    ) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://")
        build_on_dask([str(corpus)], settings, address, partition_size=7)
        assert differences(store_snapshot(db), expected) == []
        assert not any((tmp_path / "tcp.db.shards").iterdir())  # removed after success
        again = build_on_dask([str(corpus)], settings, address)
    assert again.new == 0 and again.analysed == 0 and again.unchanged == again.read - 1
    assert differences(store_snapshot(db), expected) == []


@pytest.mark.parametrize("address", ["local:0", "local:x", "scheduler.example:8786"])
def test_bad_address_is_refused_with_a_clear_error(tmp_path, address):
    with pytest.raises(NewsgraphError, match="not a Dask scheduler address") as info:
        build_on_dask([], Settings(db=tmp_path / "x.db"), address)
    assert address in str(info.value)
