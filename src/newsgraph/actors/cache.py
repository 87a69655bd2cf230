"""A compiled copy of the knowledge base, so that each process of a build (every worker
loads it) reads one file instead of parsing the YAML files again.

The copy is a pickle of the `KnowledgeBase` built from the shipped files and the user's
actor files, before the store's merge and split decisions (those change between builds
and are applied to every load afresh). Its name is a hash of everything it was built
from: the bytes of every shipped and user YAML file (and the user files' paths), the
source of the code that builds it (``kb.py``, ``model.py``) and the Python version. Any
change gives another name, so a stale copy is never read.

Where: ``$NEWSGRAPH_CACHE_DIR`` if set (``off`` or an empty value: no cache), else
``$XDG_CACHE_HOME/newsgraph``, else ``~/.cache/newsgraph``. A folder that cannot be made
or written only costs the speed-up; a copy that cannot be read (cut short, another
format) is built again. Only files owned by the current user are read, since unpickling
runs code: the folder must be as private as the user's home.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

# Bump when the pickled layout changes in a way the hashed sources do not show.
CACHE_FORMAT = 1
# Copies kept; older ones (from earlier versions of the files) are removed.
KEEP = 8
PREFIX = "kb-"
SUFFIX = ".pickle"
OFF = {"", "off", "none", "0", "false", "no"}


def cache_dir() -> Path | None:
    """The folder of the compiled copies, or None when caching is switched off."""
    given = os.environ.get("NEWSGRAPH_CACHE_DIR")
    if given is not None:
        return None if given.strip().lower() in OFF else Path(given).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsgraph"


def cache_key(sources: Sequence[tuple[str, bytes]]) -> str:
    """The hash that names the copy built from `sources` (name, bytes) with this code."""
    from newsgraph import model
    from newsgraph.actors import kb as kb_module

    digest = hashlib.sha256()
    digest.update(f"{CACHE_FORMAT}|{sys.version_info[:2]}|{pickle.HIGHEST_PROTOCOL}".encode())
    for module in (kb_module, model):
        digest.update(Path(module.__file__).read_bytes())
    for name, data in sources:
        # Lengths first, so that no two lists of files hash alike by running together.
        digest.update(f"|{len(name)}:{name}|{len(data)}:".encode())
        digest.update(data)
    return digest.hexdigest()[:40]


def read(key: str) -> object | None:
    """The object stored under `key`, or None (no copy, unreadable, not ours)."""
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / f"{PREFIX}{key}{SUFFIX}"
    try:
        with path.open("rb") as fh:
            if hasattr(os, "getuid") and os.fstat(fh.fileno()).st_uid != os.getuid():
                return None
            return pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - any broken copy (cut short, old classes) is rebuilt
        return None


def write(key: str, value: object) -> bool:
    """Store `value` under `key` (atomically, so concurrent workers never read half a
    file); False when the folder cannot be made or written."""
    folder = cache_dir()
    if folder is None:
        return False
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=SUFFIX, dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, folder / f"{PREFIX}{key}{SUFFIX}")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _prune(folder)
    except OSError:
        return False
    return True


def _prune(folder: Path) -> None:
    """Keep the `KEEP` most recently written copies (another process may be pruning
    too: a copy gone meanwhile is no error)."""

    def written(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:
            return 0.0

    copies = sorted(folder.glob(f"{PREFIX}*{SUFFIX}"), key=written, reverse=True)
    for old in copies[KEEP:]:
        try:
            old.unlink(missing_ok=True)
        except OSError:
            pass
