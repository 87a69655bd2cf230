"""The user's cache folder: copies of things that are slow to build and quick to read.

Two kinds live there. The compiled knowledge base (`newsgraph.actors.cache`), a pickle
named by a hash of everything it was built from. And uncompressed copies of model files
that packages ship compressed (`derived_file`): the sentence encoder's weights
(`newsgraph.dedup.encoder`) and the language identifier's model
(`newsgraph.ingest.language`), which every build would otherwise decompress again in
each process that loads them (about half a CPU-second per build in all).

Where: ``$NEWSGRAPH_CACHE_DIR`` if set (``off`` or an empty value: no cache), else
``$XDG_CACHE_HOME/newsgraph``, else ``~/.cache/newsgraph``. The folder is made private
(0700). A folder that cannot be made or written only costs the speed-up; a copy that
cannot be read is made again. Only files owned by the current user are read.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

OFF = {"", "off", "none", "0", "false", "no"}
# Copies kept per kind; older ones (from earlier versions of their sources) are removed.
KEEP = 8
# Bump when what `derived_file` writes changes in a way its sources' names do not show.
DERIVED_FORMAT = 1


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is switched off."""
    given = os.environ.get("NEWSGRAPH_CACHE_DIR")
    if given is not None:
        return None if given.strip().lower() in OFF else Path(given).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsgraph"


def _ours(fh: BinaryIO) -> bool:
    return not hasattr(os, "getuid") or os.fstat(fh.fileno()).st_uid == os.getuid()


def read_pickle(name: str) -> object | None:
    """The object pickled as `name`, or None (no copy, unreadable, not ours)."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        with (folder / name).open("rb") as fh:
            return pickle.load(fh) if _ours(fh) else None
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - any broken copy (cut short, old classes) is rebuilt
        return None


def write_pickle(name: str, value: object, prefix: str) -> bool:
    """Pickle `value` as `name`; False when the folder cannot be made or written."""
    return _write(name, prefix, lambda fh: pickle.dump(value, fh, pickle.HIGHEST_PROTOCOL))


def derived_file(
    kind: str, source: str | os.PathLike, suffix: str, make: Callable[[Path, BinaryIO], None]
) -> Path | None:
    """A copy of `source` transformed by `make(source, out)`, kept in the cache folder, or
    None when there is no usable cache folder (the caller then reads `source` itself).

    The copy's name is a hash of `kind`, the source's path, size and modification time: a
    reinstalled or upgraded package gives a new name, so a stale copy is never read.
    `make` runs once, into a temporary file that is renamed into place when complete.
    """
    folder = cache_dir()
    if folder is None:
        return None
    src = Path(source)
    try:
        stat = src.stat()
    except OSError:
        return None
    key = f"{DERIVED_FORMAT}|{kind}|{src.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    name = f"{kind}-{hashlib.sha256(key.encode()).hexdigest()[:32]}{suffix}"
    path = folder / name
    try:
        with path.open("rb") as fh:
            if _ours(fh):
                return path
    except OSError:
        pass
    try:
        written = _write(name, f"{kind}-", lambda fh: make(src, fh))
    except Exception:  # noqa: BLE001 - a source `make` cannot read: the caller reads it itself
        return None
    return path if written else None


def _write(name: str, prefix: str, fill: Callable[[BinaryIO], None]) -> bool:
    """Write `name` through `fill(fh)` atomically (concurrent processes never read half a
    file), then prune the copies that share `prefix`."""
    folder = cache_dir()
    if folder is None:
        return False
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fill(fh)
            os.replace(tmp, folder / name)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        prune(folder, prefix)
    except OSError:
        return False
    return True


def prune(folder: Path, prefix: str, keep: int = KEEP) -> None:
    """Keep the `keep` most recently written files whose names start with `prefix`
    (another process may be pruning too: a file gone meanwhile is no error)."""

    def written(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:
            return 0.0

    copies = sorted(folder.glob(f"{prefix}*"), key=written, reverse=True)
    for old in copies[keep:]:
        try:
            old.unlink(missing_ok=True)
        except OSError:
            pass
