"""newsgraph: evidence-backed political event graphs from news articles.

>>> import newsgraph
>>> report = newsgraph.build(["examples/"], db="demo.db")    # doctest: +SKIP
>>> corpus = newsgraph.open("demo.db")                        # doctest: +SKIP
>>> corpus.events(actor="Russia")                             # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

__version__ = "0.1.0"


def build(
    paths: Sequence[str | Path] | str | Path,
    db: str | Path = "newsgraph.db",
    progress=None,
    **settings,
):
    """Ingest `paths` (files, folders, globs, URL lists, '-') into the store `db` and run
    every stage. Returns a `BuildReport`. Keyword arguments override `Settings` fields."""
    from newsgraph.pipeline import build as run_build
    from newsgraph.settings import Settings

    if isinstance(paths, (str, Path)):
        paths = [paths]
    cfg = Settings.from_env(db=Path(db), **settings)
    return run_build([str(p) for p in paths], cfg, progress=progress)


def open(db: str | Path = "newsgraph.db"):  # noqa: A001 - mirrors the builtin on purpose
    """Open a built store for queries; returns a `newsgraph.query.Corpus`."""
    from newsgraph.query import Corpus

    return Corpus(Path(db))


__all__ = ["build", "open", "__version__"]
