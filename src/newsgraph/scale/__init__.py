"""Scale: the streaming build's worker processes and the build on a Dask cluster.

- `stages`: the pure batch functions every executor maps (clean, analyse).
- `local`: worker processes on one machine, forked from a fork server that loaded the
  models once (`preload` is what that server imports), an ordered and bounded map.
- `memory`: handing freed heap pages back to the system between batches.
- `dask_build`: `build_on_dask`, the same stages over partitions on Dask workers,
  results written as Parquet shards that the store loads.
"""

from __future__ import annotations


def build_on_dask(paths, settings, address, progress=None, **options):
    """See `newsgraph.scale.dask_build.build_on_dask` (imported lazily: it needs Dask,
    and `newsgraph.pipeline` imports this package)."""
    from newsgraph.scale.dask_build import build_on_dask as run

    return run(paths, settings, address, progress=progress, **options)


__all__ = ["build_on_dask"]
