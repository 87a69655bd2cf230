"""A compiled copy of the knowledge base, so that each process of a build (every worker
loads it) reads one file instead of parsing the YAML files again.

The copy is a pickle of the `KnowledgeBase` built from the shipped files and the user's
actor files, before the store's merge and split decisions (those change between builds
and are applied to every load afresh). Its name is a hash of everything it was built
from: the bytes of every shipped and user YAML file (and the user files' paths), the
source of the code that builds it (``kb.py``, ``model.py``) and the Python version. Any
change gives another name, so a stale copy is never read.

Where: the user's cache folder (`newsgraph.cache`: ``$NEWSGRAPH_CACHE_DIR``, ``off`` for
none). Only files owned by the current user are read, since unpickling runs code: the
folder must be as private as the user's home.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from collections.abc import Sequence
from pathlib import Path

from newsgraph import cache as _cache
from newsgraph.cache import KEEP, cache_dir

# Bump when the pickled layout changes in a way the hashed sources do not show.
CACHE_FORMAT = 1
PREFIX = "kb-"
SUFFIX = ".pickle"


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
    return _cache.read_pickle(f"{PREFIX}{key}{SUFFIX}")


def write(key: str, value: object) -> bool:
    """Store `value` under `key` (atomically, so concurrent workers never read half a
    file); False when the folder cannot be made or written."""
    return _cache.write_pickle(f"{PREFIX}{key}{SUFFIX}", value, prefix=PREFIX)


__all__ = ["KEEP", "cache_dir", "cache_key", "read", "write"]
